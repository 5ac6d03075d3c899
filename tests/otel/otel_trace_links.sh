#!/usr/bin/env bash
# One machine's boot is one trace: smeed with the otel plugin exports to a
# small OTLP/HTTP receiver on 127.0.0.1; the machine's PXE DORA gets option
# 43.69 and a boot file with a trace suffix; curl fetches that file over TFTP
# and auto.ipxe with a `traceparent` header, as Smee's integration test does.
# The DHCP REQUEST span must be the parent of the TFTP and HTTP spans.
#
# Two ways to get the DORA (CASE):
#   relay   the probe bench/tools/dhcp_probe.py is a relay agent on
#           127.0.0.1:67 (root); everything on loopback.
#   udhcpc  a real client, busybox udhcpc, inside network namespaces this
#           script creates and deletes (TEST-NET 192.0.2.0/24; nothing
#           leaves them):
#             [srv] s0 192.0.2.1 ══veth══ c0 52:54:00:00:00:62 [lan]
#           smeed (reservation mode, default ports) and the OTLP receiver
#           (127.0.0.1) run in [srv]; udhcpc, then curl from the leased
#           address, in [lan].
# Usage: otel_trace_links.sh SMEED_BINARY PLUGIN_DIR SOURCE_DIR [relay|udhcpc]
# (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2 SOURCE=$3 CASE=${4:-relay}
HERE=$(cd "$(dirname "$0")" && pwd)
skip() { echo "SKIP: $*"; exit 77; }
case $CASE in
  relay) [ "$(id -u)" = 0 ] || skip "the relay probe binds port 67 (root)" ;;
  udhcpc)
    [ "$(id -u)" = 0 ] || skip "needs root for network namespaces"
    command -v busybox >/dev/null || skip "busybox is not installed"
    # Namespaces a killed earlier run of this case left behind (its pid is gone).
    for ns in $(ip netns list 2>/dev/null | sed -n 's/^\(smeed-otel-[a-z]*-\([0-9]*\)\).*/\1 \2/p' | tr ' ' ':'); do
      kill -0 "${ns#*:}" 2>/dev/null || ip netns del "${ns%:*}" 2>/dev/null
    done
    ip netns add "smeed-otel-probe-$$" 2>/dev/null || skip "cannot create network namespaces here"
    ip netns del "smeed-otel-probe-$$" ;;
  *) echo "unknown case '$CASE' (relay or udhcpc)"; exit 2 ;;
esac
command -v curl >/dev/null || skip "curl is not installed"
[ -f /usr/lib/ipxe/undionly.kpxe ] || skip "Debian's ipxe package is not installed"

RECEIVER_PID="" NS_SRV="" NS_LAN=""
cleanup_more() {
  [ -n "$SMEED_PID" ] && kill "$SMEED_PID" 2>/dev/null && wait "$SMEED_PID" 2>/dev/null
  SMEED_PID=""
  [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null && wait "$RECEIVER_PID" 2>/dev/null
  for ns in $NS_SRV $NS_LAN; do ip netns del "$ns" 2>/dev/null; done
}
# shellcheck source=../lib/smeed_script_test.sh
. "$HERE/../lib/smeed_script_test.sh"
trap 'exit 1' INT TERM HUP

# option43_context HEX: "TRACE SPAN" from option 43's TLVs (order not
# assumed; sub-option 69 is 26 bytes: version, trace id, span id, flags).
option43_context() {
  python3 -c '
import sys
opt = bytes.fromhex(sys.argv[1]); i = 0; tp = b""
while i + 1 < len(opt):
    code, n = opt[i], opt[i + 1]
    if code == 69: tp = opt[i + 2:i + 2 + n]
    i += 2 + n
print(tp[1:17].hex(), tp[17:25].hex())' "$1"
}

# follow_trace SERVER TFTP_PORT HTTP_PORT YIADDR: with TRACE, SPAN, FILE and
# MAC from the DORA, fetch the boot file and auto.ipxe (through $IN, the
# client's side) and check the spans.
follow_trace() {
  local server=$1 tftp=$2 http=$3 yiaddr=$4
  check "option 43.69 holds a real trace context" 1 \
    "$([ -n "$TRACE" ] && [ "$TRACE" != 00000000000000000000000000000000 ] && echo 1)"
  check "the boot file carries the same context as a suffix" "undionly.kpxe-00-$TRACE-$SPAN-01" "$FILE"
  $IN curl -s --max-time 20 -o "$WORK/file" "tftp://$server:$tftp/$FILE"
  check "the suffixed file comes over TFTP" "$(stat -c %s /usr/lib/ipxe/undionly.kpxe)" \
    "$(stat -c %s "$WORK/file" 2>/dev/null)"
  $IN curl -s --max-time 10 -H "traceparent: 00-$TRACE-$SPAN-01" -o "$WORK/auto.ipxe" \
    "http://$server:$http/$MAC/auto.ipxe"
  check "auto.ipxe echoes the trace id, as Smee's does" 1 \
    "$(grep -c "^echo Debug TraceID: $TRACE$" "$WORK/auto.ipxe" 2>/dev/null)"
  for _ in $(seq 1 50); do
    grep -q '"TFTP get"' "$WORK/spans.jsonl" 2>/dev/null && grep -q 'auto.ipxe' "$WORK/spans.jsonl" && break
    sleep 0.1
  done
  python3 "$HERE/check_trace.py" "$WORK/spans.jsonl" "$TRACE" "$SPAN" "$yiaddr" "$MAC"
  check "DHCP -> TFTP -> HTTP is one trace" 0 $?
  check "the exporter counted what it sent" 1 \
    "$($IN curl -s --max-time 10 "http://$server:$http/metrics" | grep -c '^smee_otel_export_requests_total{result="ok"} [1-9]')"
}

# --- relay: the probe on loopback -------------------------------------------
if [ "$CASE" = relay ]; then
  IN=""
  MAC=52:54:00:00:00:61
  printf '"%s":\n  ipAddress: 127.0.0.61\n  subnetMask: 255.0.0.0\n  netboot: {allowPxe: true}\n' "$MAC" >"$WORK/hardware.yaml"
  D=$(free_port udp) T=$(free_port udp) H=$(free_port tcp) S=$(free_port udp) O=$(free_port tcp)
  python3 "$HERE/otlp_receiver.py" "$O" "$WORK/spans.jsonl" &
  RECEIVER_PID=$!
  loopback_config "$WORK/smee.conf" "$D" "$T" "$H" "$S"
  sed -i 's|^plugins: \[|plugins: [otel, |; s|^ipxe-binaries: {dir: ipxe}|ipxe-binaries: {dir: /usr/lib/ipxe}|; s|^dhcp: {mode: reservation, |dhcp: {mode: reservation, tftp_port: '"$T"', |' "$WORK/smee.conf"
  echo "otel: {endpoint: 127.0.0.1:$O, schedule_delay: 200ms}" >>"$WORK/smee.conf"
  start_smeed "$WORK/smee.conf" "HTTP server listening"

  probe=$(timeout 30 python3 "$SOURCE/bench/tools/dhcp_probe.py" --mode relay --local-ip 127.0.0.1 --server 127.0.0.1 \
    --server-port "$D" --mac "$MAC" --pxe --arch 0 --request --expect-ip 127.0.0.61)
  check "the PXE DORA got its lease" 0 $?
  read -r OPT43 FILE < <(echo "$probe" | python3 -c '
import json, sys
ack = json.load(sys.stdin)["ack"]
print(ack["options"].get("43", ""), ack["file"])' 2>/dev/null)
  read -r TRACE SPAN < <(option43_context "${OPT43:-}")
  follow_trace 127.0.0.1 "$T" "$H" 127.0.0.61
  [ "$failed" = 0 ] || { echo "$probe"; cat "$WORK/spans.jsonl"; }
  finish
  exit
fi

# --- udhcpc: a real client in network namespaces ----------------------------
NS_SRV=smeed-otel-srv-$$ NS_LAN=smeed-otel-lan-$$
MAC=52:54:00:00:00:62 SERVER=192.0.2.1 LEASE=192.0.2.62
for ns in "$NS_SRV" "$NS_LAN"; do
  ip netns add "$ns" || exit 1
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null 2>&1
done
ip -n "$NS_SRV" link add s0 type veth peer name c0 netns "$NS_LAN" || exit 1
ip -n "$NS_LAN" link set c0 address "$MAC"
ip -n "$NS_SRV" addr add "$SERVER/24" dev s0
ip -n "$NS_SRV" link set s0 up
ip -n "$NS_LAN" link set c0 up

printf '"%s":\n  ipAddress: %s\n  subnetMask: 255.255.255.0\n  netboot: {allowPxe: true}\n' "$MAC" "$LEASE" >"$WORK/hardware.yaml"
cat >"$WORK/smee.conf" <<CONF
smee: {public_ip: $SERVER}
plugins: [otel, backend-file, dhcp, ipxe-binaries, tftp, ipxe-script, http]
backend-file: {path: $WORK/hardware.yaml, watch: false}
dhcp: {mode: reservation, interface: s0}
ipxe-binaries: {dir: /usr/lib/ipxe}
ipxe-script: {osie_url: http://$SERVER/hook, tink_server: $SERVER:42113}
otel: {endpoint: 127.0.0.1:4318, schedule_delay: 200ms}
CONF
# The namespace is this test's own: fixed ports (OTLP 4318, TFTP 69, HTTP 8080).
ip netns exec "$NS_SRV" python3 "$HERE/otlp_receiver.py" 4318 "$WORK/spans.jsonl" &
RECEIVER_PID=$!
for _ in $(seq 50); do
  ip netns exec "$NS_SRV" bash -c 'exec 3<>/dev/tcp/127.0.0.1/4318' 2>/dev/null && break
  sleep 0.1
done
ip netns exec "$NS_SRV" "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/smee.conf" >"$WORK/smeed.log" 2>&1 &
SMEED_PID=$!
started=""
for _ in $(seq 100); do
  grep -q "DHCP server listening" "$WORK/smeed.log" && grep -q "TFTP server listening" "$WORK/smeed.log" &&
    grep -q "HTTP server listening" "$WORK/smeed.log" && { started=1; break; }
  kill -0 "$SMEED_PID" 2>/dev/null || break
  sleep 0.1
done
[ -n "$started" ] || { echo "smeed did not start:"; cut -c1-300 "$WORK/smeed.log"; exit 1; }

# The udhcpc script records what the ACK said; udhcpc exports option 43
# as opt43 (hex) because -O 43 asks for it.
cat >"$WORK/hook.sh" <<'HOOK'
#!/bin/sh
[ "$1" = bound ] && env | grep -E '^(ip|mask|siaddr|serverid|boot_file|opt43)=' >"$ENV_FILE"
exit 0
HOOK
chmod +x "$WORK/hook.sh"
ENV_FILE="$WORK/dhcp.env" timeout 30 ip netns exec "$NS_LAN" busybox udhcpc -f -q -n -i c0 -t 3 -T 1 -A 1 \
  -s "$WORK/hook.sh" -O 43 -V PXEClient:Arch:00000:UNDI:002001 -x 0x5d:0000 -x 0x5e:010201 \
  -x 0x61:00"$(printf '%032d' 0)" >"$WORK/udhcpc.log" 2>&1
check "udhcpc got its lease" 0 $?
field() { sed -n "s/^$1=//p" "$WORK/dhcp.env" 2>/dev/null; }
check "the lease is the reservation" "$LEASE" "$(field ip)"
check "next server is smeed" "$SERVER" "$(field siaddr)"
FILE=$(field boot_file)
read -r TRACE SPAN < <(option43_context "$(field opt43)")
# What the hook would do on a real machine: take the address, then boot.
ip -n "$NS_LAN" addr add "$(field ip)/$(field mask)" dev c0
IN="ip netns exec $NS_LAN"
follow_trace "$(field siaddr)" 69 8080 "$LEASE"
[ "$failed" = 0 ] || { cat "$WORK/dhcp.env" "$WORK/udhcpc.log" "$WORK/spans.jsonl" 2>/dev/null; }
finish
