#!/usr/bin/env bash
# One machine's boot journey, end to end: smeed with the journey plugin
# answers a relayed PXE DORA (the probe is a relay agent on 127.0.0.1:67, so
# root), serves the boot file over TFTP with curl and auto.ipxe over HTTP,
# and receives the machine's syslog from its own address. /journey/<mac>.json
# must list those steps in that order with the state "OS up"; headless
# Chromium then renders /journey and /journey/<mac> (JavaScript on): the DOM
# must show the machine and its steps in order, and the screenshot, kept as
# an artefact, must show the MAC (read back with tesseract when installed).
# Usage: boot_journey.sh SMEED_BINARY PLUGIN_DIR SOURCE_DIR ARTEFACT_DIR   (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2 SOURCE=$3 ARTEFACTS=$4
[ "$(id -u)" = 0 ] || { echo "SKIP: the relay probe binds port 67 (root)"; exit 77; }
for tool in curl jq chromium; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
[ -f /usr/lib/ipxe/undionly.kpxe ] || { echo "SKIP: Debian's ipxe package is not installed"; exit 77; }
. "$(dirname "$0")/../lib/smeed_script_test.sh"

MAC=52:54:00:00:00:71 IP=127.0.0.71
printf '"%s":\n  ipAddress: %s\n  subnetMask: 255.0.0.0\n  hostname: rack1-node7\n  netboot: {allowPxe: true}\n' \
  "$MAC" "$IP" >"$WORK/hardware.yaml"
D=$(free_port udp) T=$(free_port udp) H=$(free_port tcp) S=$(free_port udp)
loopback_config "$WORK/smee.conf" "$D" "$T" "$H" "$S"
sed -i 's|^plugins: \[|plugins: [journey, |; s|^ipxe-binaries: {dir: ipxe}|ipxe-binaries: {dir: /usr/lib/ipxe}|; s|^dhcp: {mode: reservation, |dhcp: {mode: reservation, tftp_port: '"$T"', |' "$WORK/smee.conf"
start_smeed "$WORK/smee.conf" "HTTP server listening"
B=http://127.0.0.1:$H

check "an unseen machine has no journey yet" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$B/journey/$MAC.json")"

probe=$(python3 "$SOURCE/bench/tools/dhcp_probe.py" --mode relay --local-ip 127.0.0.1 --server 127.0.0.1 \
  --server-port "$D" --mac "$MAC" --pxe --arch 0 --request --expect-ip "$IP")
check "the PXE DORA got its lease" 0 $?
FILE=$(echo "$probe" | jq -r '.ack.file')
curl -s --max-time 20 --interface "$IP" -o "$WORK/boot" "tftp://127.0.0.1:$T/${FILE#tftp://*/}"
check "the boot file came over TFTP" "$(stat -c %s /usr/lib/ipxe/undionly.kpxe)" "$(stat -c %s "$WORK/boot" 2>/dev/null)"
check "auto.ipxe is served" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$B/$MAC/auto.ipxe")"
# The machine's OS says hello from its own address; the journey finds the
# machine by the address DHCP gave it.
python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((sys.argv[1], 0))
s.sendto(b"<14>1 2026-12-04T10:00:00Z rack1-node7 hook - - - worker up", ("127.0.0.1", int(sys.argv[2])))' "$IP" "$S"
for _ in $(seq 50); do
  curl -s "$B/journey/$MAC.json" | jq -e '.state == "OS up"' >/dev/null 2>&1 && break
  sleep 0.1
done

curl -s "$B/journey/$MAC.json" >"$WORK/journey.json"
check "the timeline is DHCP, TFTP, HTTP, syslog in order" \
  "DHCP DISCOVER|DHCP OFFER|DHCP REQUEST|DHCP ACK|TFTP transfer started|TFTP file served|HTTP auto.ipxe|syslog message" \
  "$(jq -r '[.events[] | .stage + " " + .step] | join("|")' "$WORK/journey.json")"
check "the state is OS up, at the address DHCP gave" "OS up $IP" "$(jq -r '.state + " " + .address' "$WORK/journey.json")"
check "the OFFER names the address and the boot file" 1 \
  "$(jq -r '.events[] | select(.step == "OFFER") | .detail' "$WORK/journey.json" | grep -c "^$IP, boot file .*undionly.kpxe")"
check "the syslog step carries the machine's text" "hook: worker up" \
  "$(jq -r '.events[] | select(.stage == "syslog") | .detail' "$WORK/journey.json")"
check "every step is ok and time-stamped" 8 \
  "$(jq '[.events[] | select(.ok and (.time | test("^[0-9-]+T[0-9:.]+Z$")))] | length' "$WORK/journey.json")"
check "the list names the machine with its state" "$MAC OS up" \
  "$(curl -s "$B/journey.json" | jq -r '.machines[] | .mac + " " + .state')"
check "a machine the backend does not know: the refusal is its step" "HTTP auto.ipxe false" \
  "$(curl -s -o /dev/null "$B/52:54:00:00:00:72/auto.ipxe"; curl -s "$B/journey/52:54:00:00:00:72.json" | jq -r '.events[-1] | .stage + " " + .step + " " + (.ok | tostring)')"

# The pages, as an operator's browser shows them (JavaScript on: the poll
# redraws the tables from the .json).
chrome() {
  timeout 60 chromium --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$WORK/chromium" \
    --virtual-time-budget=3000 "$@" 2>>"$WORK/chromium.log"
}
chrome --dump-dom "$B/journey/$MAC" >"$WORK/machine.html"
check "the machine page shows its MAC and state" 1 \
  "$(grep -c "<h1 class=\"mono\">$MAC</h1>" "$WORK/machine.html")"
check "the browser shows the steps in order" "DISCOVER OFFER REQUEST ACK transfer started file served auto.ipxe message" \
  "$(grep -o '<td>[^<]*</td><td>\(DISCOVER\|OFFER\|REQUEST\|ACK\|transfer started\|file served\|auto.ipxe\|message\)</td>' "$WORK/machine.html" | sed 's|.*<td>\(.*\)</td>$|\1|' | paste -sd' ')"
chrome --dump-dom "$B/journey" >"$WORK/list.html"
check "the list page links the machine" 1 "$(grep -c "<a href=\"/journey/$MAC\">$MAC</a>" "$WORK/list.html")"
mkdir -p "$ARTEFACTS"
rm -f "$ARTEFACTS/journey-machine.png"
chrome --window-size=1100,700 --screenshot="$ARTEFACTS/journey-machine.png" "$B/journey/$MAC" >/dev/null
check "a screenshot of the machine page was taken" PNG "$(head -c 4 "$ARTEFACTS/journey-machine.png" 2>/dev/null | tail -c 3)"
if command -v tesseract >/dev/null; then
  # OCR reads the MAC's colons inconsistently; compare its hex digits.
  ocr=$(tesseract "$ARTEFACTS/journey-machine.png" - 2>/dev/null | tr -d ' :;.' | tr 'A-F' 'a-f')
  check "the screenshot shows the MAC" 1 "$(grep -c "${MAC//:/}" <<<"$ocr")"
fi
finish
