#!/usr/bin/env bash
# Smee's Prometheus series and the process_* series, scraped from /metrics
# with the Prometheus client's own text parser after a real exchange: a
# relayed DHCP DORA (the probe is a relay agent on 127.0.0.1:67, so root),
# an auto.ipxe request. Every series Smee pre-creates must exist, the DORA
# and the script must be counted, and the text must parse.
# Usage: smee_series.sh SMEED_BINARY PLUGIN_DIR SOURCE_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2 SOURCE=$3
[ "$(id -u)" = 0 ] || { echo "SKIP: the relay probe binds port 67 (root)"; exit 77; }
/usr/bin/python3 -c 'import prometheus_client.parser' 2>/dev/null ||
  { echo "SKIP: python3-prometheus-client is not installed"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
. "$(dirname "$0")/../lib/smeed_script_test.sh"
MAC=52:54:00:00:00:51
printf '"%s":\n  ipAddress: 127.0.0.51\n  subnetMask: 255.0.0.0\n  netboot: {allowPxe: true}\n' "$MAC" >"$WORK/hardware.yaml"
mkdir -p "$WORK/ipxe"
D=$(free_port udp) T=$(free_port udp) H=$(free_port tcp) S=$(free_port udp)
loopback_config "$WORK/smee.conf" "$D" "$T" "$H" "$S"
start_smeed "$WORK/smee.conf" "HTTP server listening"
B=http://127.0.0.1:$PORT

check "Smee's series exist before any traffic" 0 \
  "$(curl -s "$B/metrics" | /usr/bin/python3 "$(dirname "$0")/check_smee_series.py" --before >"$WORK/before.txt" 2>&1; echo $?)"
probe=$(python3 "$SOURCE/bench/tools/dhcp_probe.py" --mode relay --local-ip 127.0.0.1 --server 127.0.0.1 \
  --server-port "$D" --mac "$MAC" --request --expect-ip 127.0.0.51)
check "the relayed DORA got its lease" 0 $?
check "auto.ipxe is served" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$B/$MAC/auto.ipxe")"
curl -s "$B/metrics" >"$WORK/after.prom"
/usr/bin/python3 "$(dirname "$0")/check_smee_series.py" --after <"$WORK/after.prom" >"$WORK/after.txt" 2>&1
check "after a DORA and a script: every series parses and counts" 0 $?
cat "$WORK/before.txt" "$WORK/after.txt"
[ "$failed" = 0 ] || echo "$probe"
finish
