#!/usr/bin/env bash
# One machine's boot is one trace: smeed with the otel plugin exports to a
# small OTLP/HTTP receiver on 127.0.0.1; a relayed PXE DORA (the probe is a
# relay agent on 127.0.0.1:67, so root) gets option 43.69 and a boot file
# with a trace suffix; curl fetches that file over TFTP and auto.ipxe with a
# `traceparent` header, as Smee's integration test does. The DHCP span must
# be the parent of the TFTP and HTTP spans.
# Usage: otel_trace_links.sh SMEED_BINARY PLUGIN_DIR SOURCE_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2 SOURCE=$3
[ "$(id -u)" = 0 ] || { echo "SKIP: the relay probe binds port 67 (root)"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
[ -f /usr/lib/ipxe/undionly.kpxe ] || { echo "SKIP: Debian's ipxe package is not installed"; exit 77; }
RECEIVER_PID=""
cleanup_more() { [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null && wait "$RECEIVER_PID" 2>/dev/null; }
. "$(dirname "$0")/../lib/smeed_script_test.sh"
MAC=52:54:00:00:00:61
printf '"%s":\n  ipAddress: 127.0.0.61\n  subnetMask: 255.0.0.0\n  netboot: {allowPxe: true}\n' "$MAC" >"$WORK/hardware.yaml"
D=$(free_port udp) T=$(free_port udp) H=$(free_port tcp) S=$(free_port udp) O=$(free_port tcp)
python3 "$(dirname "$0")/otlp_receiver.py" "$O" "$WORK/spans.jsonl" &
RECEIVER_PID=$!
loopback_config "$WORK/smee.conf" "$D" "$T" "$H" "$S"
sed -i 's|^plugins: \[|plugins: [otel, |; s|^ipxe-binaries: {dir: ipxe}|ipxe-binaries: {dir: /usr/lib/ipxe}|; s|^dhcp: {mode: reservation, |dhcp: {mode: reservation, tftp_port: '"$T"', |' "$WORK/smee.conf"
echo "otel: {endpoint: 127.0.0.1:$O, schedule_delay: 200ms}" >>"$WORK/smee.conf"
start_smeed "$WORK/smee.conf" "HTTP server listening"

probe=$(python3 "$SOURCE/bench/tools/dhcp_probe.py" --mode relay --local-ip 127.0.0.1 --server 127.0.0.1 \
  --server-port "$D" --mac "$MAC" --pxe --arch 0 --request --expect-ip 127.0.0.61)
check "the PXE DORA got its lease" 0 $?
# Option 43 as TLVs, order not assumed; sub-option 69 (0x45) is 26 bytes.
read -r TRACE SPAN FILE < <(echo "$probe" | python3 -c '
import json, sys
ack = json.load(sys.stdin)["ack"]
opt = bytes.fromhex(ack["options"].get("43", "")); i = 0; tp = b""
while i + 1 < len(opt):
    code, n = opt[i], opt[i + 1]
    if code == 69: tp = opt[i + 2:i + 2 + n]
    i += 2 + n
print(tp[1:17].hex(), tp[17:25].hex(), ack["file"])')
check "option 43.69 holds a real trace context" 1 "$([ -n "$TRACE" ] && [ "$TRACE" != 00000000000000000000000000000000 ] && echo 1)"
check "the boot file carries the same context as a suffix" "undionly.kpxe-00-$TRACE-$SPAN-01" "$FILE"
curl -s -o "$WORK/file" "tftp://127.0.0.1:$T/$FILE"
check "the suffixed file comes over TFTP" "$(stat -c %s /usr/lib/ipxe/undionly.kpxe)" "$(stat -c %s "$WORK/file" 2>/dev/null)"
curl -s -H "traceparent: 00-$TRACE-$SPAN-01" -o "$WORK/auto.ipxe" "http://127.0.0.1:$H/$MAC/auto.ipxe"
check "auto.ipxe echoes the trace id, as Smee's does" 1 "$(grep -c "^echo Debug TraceID: $TRACE$" "$WORK/auto.ipxe")"
for _ in $(seq 1 50); do
  grep -q '"TFTP get"' "$WORK/spans.jsonl" 2>/dev/null && grep -q 'auto.ipxe' "$WORK/spans.jsonl" && break
  sleep 0.1
done
python3 "$(dirname "$0")/check_trace.py" "$WORK/spans.jsonl" "$TRACE" "$SPAN"
check "DHCP -> TFTP -> HTTP is one trace" 0 $?
check "the exporter counted what it sent" 1 \
  "$(curl -s "http://127.0.0.1:$H/metrics" | grep -c '^smee_otel_export_requests_total{result="ok"} [1-9]')"
[ "$failed" = 0 ] || { echo "$probe"; cat "$WORK/spans.jsonl"; }
finish
