#!/usr/bin/env bash
# backend-http in the real smeed on 127.0.0.1: an auto.ipxe request for a
# machine smeed has not asked the hardware API about yet answers 404 "backend
# unavailable" and queues the fetch; curl's retry gets the machine's hook
# script. An unknown machine is asked once within negative_ttl; /metrics
# counts it all. The API checks smeed's bearer token.
# Usage: smeed_script.sh SMEED_BINARY PLUGIN_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../../../tests/lib/smeed_script_test.sh"
MAC=52:54:00:12:34:56
API_PID=""
cleanup_more() { [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null; }

cat >"$WORK/hardware.json" <<JSON
[{"apiVersion": "tinkerbell.org/v1alpha1", "kind": "Hardware",
  "metadata": {"name": "machine1", "namespace": "tink-system"},
  "spec": {"metadata": {"facility": {"facility_code": "onprem"}},
           "interfaces": [{"dhcp": {"mac": "$MAC", "hostname": "machine1", "arch": "x86_64",
                                    "ip": {"address": "192.0.2.20", "netmask": "255.255.255.0"}},
                           "netboot": {"allowPXE": true}}]}}]
JSON
printf 'api-token\n' >"$WORK/token"
python3 "$HERE/fake_hardware_api.py" --hardware "$WORK/hardware.json" --token api-token \
  >"$WORK/api.out" &
API_PID=$!
for _ in $(seq 50); do grep -q '^ready' "$WORK/api.out" && break; sleep 0.1; done
read -r _ API_PORT CONTROL_PORT <"$WORK/api.out"
[ -n "$API_PORT" ] || { echo "the fake hardware API did not start"; exit 1; }

mkdir -p "$WORK/ipxe"
cat >"$WORK/smee.conf" <<CONF
smee: {public_ip: 127.0.0.1}
plugins: [backend-http, ipxe-binaries, ipxe-script, http]
backend-http:
  url: http://127.0.0.1:$API_PORT
  token_file: token
  negative_ttl: 30s
ipxe-binaries: {dir: ipxe}
ipxe-script: {osie_url: http://127.0.0.1/hook, tink_server: 127.0.0.1:42113}
http: {addr: 127.0.0.1, port: 0}
CONF
start_smeed "$WORK/smee.conf" "HTTP server listening"
B=http://127.0.0.1:$PORT
metric() {
  curl -s "$B/metrics" | awk -v series="$1" '$1 == series { print $2; found = 1 } END { if (!found) print "absent" }'
}
api_requests() { curl -s "http://127.0.0.1:$CONTROL_PORT/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['by_query'].get(sys.argv[1], 0))" "$1"; }

first=$(curl -s -w ' %{http_code}' "$B/$MAC/auto.ipxe" | tr -d '\n')
check "the first request finds nothing cached" "backend unavailable for $MAC 404" "$first"
# As firmware would: try again a moment later, at most 5 s.
status=""
for _ in $(seq 50); do
  status=$(curl -s -o "$WORK/script.txt" -w '%{http_code}' "$B/$MAC/auto.ipxe")
  [ "$status" = 200 ] && break
  sleep 0.1
done
check "a retry gets the script" 200 "$status"
check "it is the machine's hook script" 1 "$(grep -c "worker_id=$MAC hw_addr=$MAC" "$WORK/script.txt")"
check "its facility came from the API" 1 "$(grep -c 'facility=onprem' "$WORK/script.txt")"
check "the API was asked once" 1 "$(api_requests "mac=$MAC")"

UNKNOWN=52:54:00:00:00:99
for _ in $(seq 5); do curl -s -o /dev/null "$B/$UNKNOWN/auto.ipxe"; sleep 0.1; done
for _ in $(seq 50); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$B/$UNKNOWN/auto.ipxe")" = 404 ] &&
    grep -q "hardware not found.*$UNKNOWN" "$WORK/smeed.log" && break
  sleep 0.1
done
check "an unknown machine is not found" 1 "$(grep -c "no script: hardware not found key=$UNKNOWN" "$WORK/smeed.log" | awk '{print ($1 >= 1)}')"
check "and the API was asked about it once" 1 "$(api_requests "mac=$UNKNOWN")"
check "requests counted by result" 1 "$(metric 'smee_backend_http_requests_total{result="found"}')"
check "the 404 counted" 1 "$(metric 'smee_backend_http_requests_total{result="not_found"}')"
check "records gauge like the other backends" 2 "$(metric 'smee_backend_records{backend="http"}')"
check "no request was refused for its token" 0 \
  "$(curl -s "http://127.0.0.1:$CONTROL_PORT/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['unauthorised'])")"
finish
