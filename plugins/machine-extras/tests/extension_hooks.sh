#!/usr/bin/env bash
# smeed's two extension points, loaded beside the reservation mode and the
# hook script: the example plugin machine-extras adds option 224 to the DHCP
# replies of the machines of facility lab-1 and kernel arguments to their
# hook scripts. A relayed DORA (the probe is a relay agent on 127.0.0.1:67,
# so root) of such a machine gets the option in its OFFER and ACK, and its
# auto.ipxe the arguments before the machine's own kernelParams; a machine
# of another facility gets the same lease and script without either.
# Usage: extension_hooks.sh SMEED_BINARY PLUGIN_DIR SOURCE_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2 SOURCE=$3
[ "$(id -u)" = 0 ] || { echo "SKIP: the relay probe binds port 67 (root)"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq is not installed"; exit 77; }
. "$(dirname "$0")/../../../tests/lib/smeed_script_test.sh"
cat >"$WORK/hardware.yaml" <<'YAML'
"52:54:00:00:00:81":
  ipAddress: 127.0.0.81
  subnetMask: 255.0.0.0
  netboot: {allowPxe: true, facility: lab-1, osie: {kernelParams: [console=ttyS2]}}
"52:54:00:00:00:82":
  ipAddress: 127.0.0.82
  subnetMask: 255.0.0.0
  netboot: {allowPxe: true, facility: lab-2}
YAML
mkdir -p "$WORK/ipxe"
D=$(free_port udp) T=$(free_port udp) H=$(free_port tcp) S=$(free_port udp)
loopback_config "$WORK/smee.conf" "$D" "$T" "$H" "$S"
sed -i 's|^plugins: \[|plugins: [machine-extras, |' "$WORK/smee.conf"
cat >>"$WORK/smee.conf" <<'CONF'
machine-extras: {field: facility, equals: lab-1, dhcp_option: 224, dhcp_text: "rack=r7",
                 kernel_args: [rd.debug, "lab=1"]}
CONF
start_smeed "$WORK/smee.conf" "HTTP server listening"

unhex() { python3 -c 'import sys; print(bytes.fromhex(sys.stdin.read().strip()).decode())'; }
dora() {  # dora MAC IP: the probe's JSON for a relayed PXE DORA
  python3 "$SOURCE/bench/tools/dhcp_probe.py" --mode relay --local-ip 127.0.0.1 --server 127.0.0.1 \
    --server-port "$D" --mac "$1" --pxe --arch 0 --request --expect-ip "$2"
}
lab1=$(dora 52:54:00:00:00:81 127.0.0.81)
check "the lab-1 machine got its lease" 0 $?
check "its OFFER carries option 224" "rack=r7" \
  "$(echo "$lab1" | jq -r '.offer.options["224"] // empty' | unhex)"
check "its ACK carries option 224" "rack=r7" "$(echo "$lab1" | jq -r '.ack.options["224"] // empty' | unhex)"
check "the mode's boot file is still there" 1 "$(echo "$lab1" | jq -r '.ack.file' | grep -c 'undionly.kpxe')"
lab2=$(dora 52:54:00:00:00:82 127.0.0.82)
check "the lab-2 machine got its lease" 0 $?
check "its ACK has no option 224" "" "$(echo "$lab2" | jq -r '.ack.options["224"] // empty')"
B=http://127.0.0.1:$PORT
check "the lab-1 script adds the arguments before the machine's own" 1 \
  "$(curl -s "$B/52:54:00:00:00:81/auto.ipxe" | grep -c 'console=ttyS1,115200 rd.debug lab=1 console=ttyS2')"
check "the lab-2 script has neither" 0 "$(curl -s "$B/52:54:00:00:00:82/auto.ipxe" | grep -c 'rd.debug\|lab=1')"
finish
