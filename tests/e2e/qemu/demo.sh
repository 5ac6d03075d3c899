#!/usr/bin/env bash
# make demo: a virtual machine PXE-boots from smeed all the way into Linux,
# on a private network inside network namespaces (nothing reaches the real
# network), and each step prints as it happens:
#   firmware DHCP -> undionly.kpxe over TFTP -> iPXE DHCP -> Tinkerbell hook
#   script -> kernel and initramfs over HTTP -> Linux: DHCP, syslog, power off.
# Usage: demo.sh SMEED_BINARY CACHE_DIR        (as root)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SMEED=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mkdir -p "$2"
CACHE=$(cd "$2" && pwd)  # smeed reads paths in its config relative to the config
MAC=52:54:00:12:34:56
[ "$(id -u)" = 0 ] || { echo "demo: run as root (network namespaces, tap device)" >&2; exit 2; }
for tool in qemu-system-x86_64 tcpdump python3; do
  command -v "$tool" >/dev/null || { echo "demo: $tool is missing; run 'make deps' first" >&2; exit 2; }
done

echo "== preparing the machine's operating system (Debian kernel + busybox initramfs)"
bash "$HERE/linux-guest.sh" "$CACHE/debs" "$CACHE/guest"
OUT=$(mktemp -d /tmp/smeed-demo.XXXXXX)
echo "== network: namespaces with a bridge on 192.0.2.0/24; smeed at 192.0.2.1, VM $MAC"
echo "== booting (QEMU without KVM is slow: about half a minute)"
t0=$(date +%s.%N)
MAC=$MAC SMEED=$SMEED MODE=chain FIRMWARE=bios NIC=e1000 IPXE_CHAIN=true SCRIPT=hook \
  GUEST_DIR="$CACHE/guest" FULL_BOOT=1 TIMEOUT=240 EXPECT="smeed-guest: boot complete" \
  SERVER_CMD="$HERE/smeed-server.sh" SCRIPT_URL="http://192.0.2.1:8080/$MAC/auto.ipxe" OUT="$OUT" \
  bash "$HERE/pxe-qemu.sh" >"$OUT/run.txt" 2>&1 &
run=$!
python3 "$HERE/boot-steps.py" "$OUT/server.log" --mac "$MAC" --follow --pid "$run" \
  --serial "$OUT/serial.log" --t0 "$t0"
rc=0
wait "$run" || rc=$?
echo "== $(sed -n 's/^QEMU: /VM /p' "$OUT/run.txt")"
if [ "$rc" = 0 ]; then
  echo "== every step checked against the packet capture: PASS"
else
  echo "== some steps failed:"
  grep -E '^FAIL|ERROR' "$OUT/run.txt" || tail -20 "$OUT/run.txt"
fi
echo "== smeed's log, the capture and the consoles are in $OUT"
exit "$rc"
