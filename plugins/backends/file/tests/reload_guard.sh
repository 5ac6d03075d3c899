#!/usr/bin/env bash
# The reload guard in a real smeed on 127.0.0.1: the hardware file is
# truncated under a running server, the watcher and SIGHUP both refuse the
# empty file, the machine keeps getting its script over HTTP and /metrics
# counts every refusal; the .allow-shrink file beside lets the operator's
# SIGHUP through.
# Usage: reload_guard.sh SMEED_BINARY PLUGIN_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
. "$(dirname "$0")/../../../../tests/lib/smeed_script_test.sh"
MAC=52:54:00:00:00:61
cat >"$WORK/hardware.yaml" <<YAML
"$MAC": {ipAddress: 127.0.0.61, subnetMask: 255.0.0.0, netboot: {allowPxe: true}}
"52:54:00:00:00:62": {ipAddress: 127.0.0.62, subnetMask: 255.0.0.0, netboot: {allowPxe: true}}
YAML
mkdir -p "$WORK/ipxe"
cat >"$WORK/smee.conf" <<CONF
smee: {public_ip: 127.0.0.1}
plugins: [backend-file, ipxe-binaries, ipxe-script, http]
backend-file: {path: hardware.yaml, watch: true, poll_interval: 100ms}
ipxe-binaries: {dir: ipxe}
ipxe-script: {osie_url: http://127.0.0.1/hook, tink_server: 127.0.0.1:42113}
http: {addr: 127.0.0.1, port: 0}
CONF
start_smeed "$WORK/smee.conf" "HTTP server listening"
B=http://127.0.0.1:$PORT

script_status() { curl -s -o "$WORK/script.txt" -w '%{http_code}' "$B/$MAC/auto.ipxe"; }
# metric 'NAME{LABELS}': its value from /metrics, or "absent".
metric() {
  curl -s "$B/metrics" | awk -v series="$1" '$1 == series { print $2; found = 1 } END { if (!found) print "absent" }'
}
rejected='smee_backend_reload_rejected_total{backend="file",reason="min_records"}'
records='smee_backend_records{backend="file"}'
# wait_for_log TEXT N: until TEXT is in the log N times, at most 5 s.
wait_for_log() {
  for _ in $(seq 50); do
    [ "$(grep -c "$1" "$WORK/smeed.log")" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

check "the machine gets its script" 200 "$(script_status)"
check "two records served" 2 "$(metric "$records")"
check "no refusal yet, the counter is there at 0" 0 "$(metric "$rejected")"

: >"$WORK/hardware.yaml"  # truncated by mistake; the watcher sees it
wait_for_log "hardware file reload refused" 1
check "the watcher's reload of the empty file is refused" 1 \
  "$(grep -c 'hardware file reload refused.*old_records=2 new_records=0 rule=min_records limit=1 trigger=change' "$WORK/smeed.log")"
check "the machine still gets its script" 200 "$(script_status)"
check "the script is the machine's own hook script" 1 "$(grep -c "worker_id=$MAC hw_addr=$MAC" "$WORK/script.txt")"
check "the refusal is counted" 1 "$(metric "$rejected")"
check "the records served did not change" 2 "$(metric "$records")"
check "and the reload is counted as rejected" 1 \
  "$(metric 'smee_backend_file_reloads_total{result="rejected"}')"

kill -HUP "$SMEED_PID"
wait_for_log "hardware file reload refused" 2
check "SIGHUP with the empty file is refused too" 1 \
  "$(grep -c 'hardware file reload refused.*trigger=signal' "$WORK/smeed.log")"
check "both refusals are counted" 2 "$(metric "$rejected")"
check "the machine still gets its script after SIGHUP" 200 "$(script_status)"

touch "$WORK/hardware.yaml.allow-shrink"  # the operator means it
kill -HUP "$SMEED_PID"
wait_for_log "accepted as the operator allows" 1
check "with the .allow-shrink file, SIGHUP empties the backend" 0 "$(metric "$records")"
check "the machine is unknown now" 404 "$(script_status)"
check "an accepted reload is not a refusal" 2 "$(metric "$rejected")"
finish
