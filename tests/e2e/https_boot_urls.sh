#!/usr/bin/env bash
# HTTPS URLs handed out over DHCP, followed by a real client, inside network
# namespaces this script creates and deletes (TEST-NET 192.0.2.0/24):
#
#   [srv] s0 192.0.2.1 ══veth══ c0 (MAC 52:54:00:12:34:56) [lan]
#
# smeed in [srv] answers DHCP with https:// script and binary URLs on its
# TLS port; in [lan], busybox udhcpc asks as iPXE and as UEFI HTTP boot
# firmware, and curl (trusting the test's certificate, as an iPXE built
# with it would) fetches exactly the URL each was given. Exit 77 = skipped.
# Usage: https_boot_urls.sh SMEED_BINARY PLUGIN_DIR
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
ID=$$
NS_SRV=smeed-tsrv-$ID NS_LAN=smeed-tlan-$ID
MAC=52:54:00:12:34:56
# shellcheck source=../lib/smeed_script_test.sh
. "$(dirname "$0")/../lib/smeed_script_test.sh"
cleanup_more() { for ns in "$NS_SRV" "$NS_LAN"; do ip netns del "$ns" 2>/dev/null; done; }

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root for network namespaces"
for tool in busybox curl openssl; do command -v $tool >/dev/null || skip "$tool is not installed"; done
ip netns add "smeed-probe-$ID" 2>/dev/null || skip "cannot create network namespaces here"
ip netns del "smeed-probe-$ID"

for ns in "$NS_SRV" "$NS_LAN"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
done
ip -n "$NS_SRV" link add s0 type veth peer name c0 netns "$NS_LAN"
ip -n "$NS_LAN" link set c0 address "$MAC"
ip -n "$NS_SRV" addr add 192.0.2.1/24 dev s0
ip -n "$NS_SRV" link set s0 up
ip -n "$NS_LAN" link set c0 up

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=192.0.2.1 \
  -addext subjectAltName=IP:192.0.2.1 -keyout "$WORK/tls.key" -out "$WORK/tls.crt" >/dev/null 2>&1
mkdir -p "$WORK/ipxe"
head -c 200000 /dev/urandom >"$WORK/ipxe/ipxe.efi"
cat >"$WORK/hardware.yaml" <<YAML
"$MAC":
  ipAddress: 192.0.2.100
  subnetMask: 255.255.255.0
  hostname: tls-machine
  netboot: {allowPxe: true}
YAML
cat >"$WORK/smee.conf" <<CONF
smee: {public_ip: 192.0.2.1}
plugins: [backend-file, dhcp, ipxe-binaries, ipxe-script, http]
backend-file: {path: hardware.yaml}
dhcp:
  mode: reservation
  interface: s0
  http_ipxe_script_scheme: https
  http_ipxe_script_port: 8443
  http_ipxe_binary_scheme: https
  http_ipxe_binary_port: 8443
ipxe-binaries: {dir: ipxe}
ipxe-script: {osie_url: https://192.0.2.1:8443/hook, tink_server: 192.0.2.1:42113}
http: {tls_cert: tls.crt, tls_key: tls.key}
CONF
ip netns exec "$NS_SRV" "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/smee.conf" >"$WORK/smeed.log" 2>&1 &
SMEED_PID=$!
for _ in $(seq 100); do
  grep -q "HTTPS server listening" "$WORK/smeed.log" && grep -q "DHCP server listening" "$WORK/smeed.log" && break
  sleep 0.1
done

cat >"$WORK/hook.sh" <<'HOOK'
#!/bin/sh
[ "$1" = bound ] && env | grep -E '^(ip|boot_file)=' >"$ENV_FILE"
exit 0
HOOK
chmod +x "$WORK/hook.sh"
dhcp() {  # dhcp NAME [udhcpc options...]: one DORA; the reply's fields in NAME.env
  local name=$1; shift
  ENV_FILE="$WORK/$name.env" ip netns exec "$NS_LAN" busybox udhcpc -f -q -n -i c0 -t 3 -T 1 -A 1 \
    -s "$WORK/hook.sh" "$@" >>"$WORK/udhcpc.log" 2>&1
}
field() { sed -n "s/^$2=//p" "$WORK/$1.env" 2>/dev/null; }
GUID=0x61:00$(printf '%032d' 0)
IPXE_175=0xaf:b105011af41000eb03010000170101130101150101
fetch() { ip netns exec "$NS_LAN" curl -s --cacert "$WORK/tls.crt" "$@"; }

# iPXE (user class iPXE, option 175) is given the script's https URL.
dhcp ipxe -V PXEClient:Arch:00007:UNDI:003000 -x 0x5d:0007 -x 0x5e:010300 -x "$GUID" \
  -x 0x4d:69505845 -x "$IPXE_175"
url=$(field ipxe boot_file)
check "iPXE is given the script over HTTPS" "https://192.0.2.1:8443/$MAC/auto.ipxe" "$url"
check "  with its reserved address" 192.0.2.100 "$(field ipxe ip)"
ip -n "$NS_LAN" addr add 192.0.2.100/24 dev c0
script=$(fetch "$url")
check "the machine fetches that URL over TLS: its hook script" 1 "$(grep -c "worker_id=$MAC" <<<"$script")"
check "  as the script it asked for by address" "$script" "$(fetch "https://192.0.2.1:8443/auto.ipxe")"

# UEFI HTTP boot firmware is given the binary's https URL.
dhcp http -V HTTPClient:Arch:00016:UNDI:003001 -x 0x5d:0010 -x 0x5e:010300 -x "$GUID"
url=$(field http boot_file)
check "UEFI HTTP boot is given the binary over HTTPS" "https://192.0.2.1:8443/ipxe/$MAC/ipxe.efi" "$url"
check "  and the binary it fetches there is byte for byte" "$(sha256sum <"$WORK/ipxe/ipxe.efi")" "$(fetch "$url" | sha256sum)"
check "a client without the certificate is refused" 60 "$(ip netns exec "$NS_LAN" curl -s -o /dev/null "$url"; echo $?)"
[ "$failed" = 0 ] || { echo "--- udhcpc"; tail -20 "$WORK/udhcpc.log"; }
finish
