# shellcheck shell=bash
# Server profile: smeed -- the future C++ network-boot server (DHCP + ProxyDHCP + TFTP + HTTP + syslog).
#
# HOOKS (all overridable from the environment):
#   SMEED_BIN       path of the binary                       (default: smeed, looked up in PATH)
#   SMEED_ARGS      argument template; @CONFIG@ -> config path (default: "-c @CONFIG@")
#   SMEED_CONFIG    use this config file verbatim (no generation); the hardware YAML it names
#                   must match the reservation set, see README.md
#   SMEED_CONFIG_TEMPLATE  template rendered per role       (default: servers/smeed-@ROLE@.yaml.in)
#   SMEED_DHCP_WORKERS  dhcp.workers for the DHCP role (default 0: answer on the receive thread)
#   SMEED_HTTP_LOOPS    http.loops for the HTTP role (default: the number of CPUs in PB_SRV_CPUS,
#                   the count of worker processes nginx gets, servers/nginx.sh)
#   SMEED_CAPS      roles smeed is tested for                 (default: "dhcp tftp http syslog")
#   SMEED_SYSLOG_FILE  file where smeed writes received syslog messages (default: WORKDIR/syslog.txt)
# Placeholders substituted in the template:
#   @ROLE@ @DHCP_MODE@ (authoritative|proxy|off) @TFTP_ENABLE@ @HTTP_ENABLE@ @SYSLOG_ENABLE@ (true|false)
#   @IFACE@ @SERVER_IP@ @NET@ @PREFIXLEN@ @NETMASK@ @GATEWAY@ @HARDWARE_FILE@ @TFTP_ROOT@
#   @HTTP_PORT@ @HTTP_LOOPS@ @SYSLOG_PORT@ @SYSLOG_FILE@ @WORKDIR@
SRV_NAME=smeed
: "${SMEED_BIN:=smeed}"
: "${SMEED_ARGS:=-c @CONFIG@}"
: "${SMEED_CONFIG:=}"
: "${SMEED_CONFIG_TEMPLATE:=$BENCH_DIR/servers/smeed-@ROLE@.yaml.in}"
: "${SMEED_CAPS:=dhcp tftp http syslog}"
SRV_CAPS=$SMEED_CAPS

srv_version() { timeout 5 "$SMEED_BIN" --version 2>&1 | head -1 || echo "smeed (version unknown)"; }

# smeed serves binaries under /ipxe/ and scripts at /<mac>/auto.ipxe.
SRV_HTTP_PREFIX=ipxe/
SRV_HTTP_SCRIPT_PATH=02:50:42:00:00:07/auto.ipxe

smeed_render_config() {  # role dir -> prints config path
  local role=$1 dir=$2 out=$2/smeed.yaml mode=off t=false h=false s=false
  # One known machine for auto.ipxe and for naming syslog senders.
  printf '"02:50:42:00:00:07":\n  ipAddress: 198.18.0.2\n  subnetMask: 255.254.0.0\n  netboot: {allowPxe: true}\n' \
    > "$dir/hardware.yaml"
  case $role in dhcp) mode=authoritative ;; proxy) mode=proxy ;; tftp) t=true ;; http) h=true ;; syslog) s=true ;; esac
  # smeed logs received syslog messages on its standard output.
  PB_SYSLOG_FILE=${SMEED_SYSLOG_FILE:-$dir/smeed.out}
  sed -e "s|@ROLE@|$role|g" -e "s|@DHCP_MODE@|$mode|g" -e "s|@TFTP_ENABLE@|$t|g" \
      -e "s|@HTTP_ENABLE@|$h|g" -e "s|@SYSLOG_ENABLE@|$s|g" -e "s|@IFACE@|$PB_VETH_SRV|g" \
      -e "s|@SERVER_IP@|$PB_SRV_IP|g" -e "s|@NET@|$PB_NET|g" -e "s|@PREFIXLEN@|$PB_PREFIXLEN|g" \
      -e "s|@NETMASK@|$PB_NETMASK|g" -e "s|@GATEWAY@|$PB_GATEWAY|g" \
      -e "s|@HARDWARE_FILE@|${PB_RES_DIR:-}/hardware.yaml|g" -e "s|@TFTP_ROOT@|$PB_TFTP_ROOT|g" \
      -e "s|@HTTP_PORT@|$PB_HTTP_PORT|g" -e "s|@SYSLOG_PORT@|$PB_SYSLOG_PORT|g" \
      -e "s|@HTTP_LOOPS@|${SMEED_HTTP_LOOPS:-$(cpu_count "$PB_SRV_CPUS")}|g" \
      -e "s|@DHCP_WORKERS@|${SMEED_DHCP_WORKERS:-0}|g" -e "s|@SYSLOG_FILE@|$PB_SYSLOG_FILE|g" -e "s|@WORKDIR@|$dir|g" "${SMEED_CONFIG_TEMPLATE//@ROLE@/$role}" > "$out"
  echo "$out"
}

srv_start() {
  local role=$1 dir=$2 conf args
  case " $SRV_CAPS " in *" $role "*) ;; *) return 3 ;; esac
  # Set here, not in smeed_render_config: that runs in a $(...) subshell.
  PB_SYSLOG_FILE=${SMEED_SYSLOG_FILE:-$dir/smeed.out}
  if [ -n "$SMEED_CONFIG" ]; then conf=$SMEED_CONFIG
  else conf=$(smeed_render_config "$role" "$dir"); fi
  args=${SMEED_ARGS//@CONFIG@/$conf}
  # word-splitting of $args is intended (simple argument template)
  # shellcheck disable=SC2086
  start_server smeed "$dir/smeed.out" "$SMEED_BIN" $args
}
