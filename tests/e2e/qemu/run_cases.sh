#!/usr/bin/env bash
# Boots QEMU virtual machines from smeed with their real firmware: SeaBIOS
# with QEMU's iPXE NIC ROM, and OVMF (UEFI) with its own PXE client. Each
# case runs pxe-qemu.sh, which builds the network namespaces, captures the
# traffic and checks every step down to the script's output on the serial
# console. Usage: run_cases.sh SMEED_BINARY   (exit 77 = skipped)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export SMEED=$1
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
for tool in qemu-system-x86_64 tcpdump python3 busybox; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
[ -e /usr/share/OVMF/OVMF_CODE_4M.fd ] || { echo "SKIP: ovmf is not installed"; exit 77; }
[ -e /usr/lib/ipxe/qemu/pxe-virtio.rom ] || [ -e /usr/lib/ipxe/qemu/efi-virtio.rom ] ||
  { echo "SKIP: ipxe-qemu is not installed"; exit 77; }

passed=0 failed=0
run() {  # run NAME [VAR=value ...]
  local name=$1; shift
  local out; out=$(mktemp -d /tmp/smeed-qemu-"$name".XXXXXX)
  env "$@" SERVER_CMD="$HERE/smeed-server.sh" \
    SCRIPT_URL=http://192.0.2.1:8080/52:54:00:12:34:56/auto.ipxe OUT="$out" \
    timeout 300 bash "$HERE/pxe-qemu.sh" >"$out/run.txt" 2>&1
  if grep -q '^RESULT: PASS' "$out/run.txt"; then
    passed=$((passed + 1)); echo "ok   $name ($(sed -n 's/^QEMU: //p' "$out/run.txt"))"
    rm -rf "$out"
  else
    failed=$((failed + 1)); echo "FAIL $name"; grep -E 'PASS|FAIL|RESULT|ERROR' "$out/run.txt" | head -20
    echo "--- smeed"; tail -20 "$out/server.log" 2>/dev/null | cut -c1-250
  fi
}
# The NIC ROM is iPXE already: smeed hands it the script URL at once.
run bios-nic-rom-ipxe MODE=direct FIRMWARE=bios
# Chain on BIOS: the ROM gets undionly.kpxe over TFTP with user class
# "Tinkerbell" in the reply; undionly.kpxe sends it back and gets the script.
run bios-chain-undionly MODE=chain FIRMWARE=bios IPXE_CHAIN=true
# UEFI: OVMF's own PXE client gets ipxe.efi over TFTP, whose DHCP (user
# class iPXE) gets the script URL.
run uefi-chain-ipxe-efi MODE=chain FIRMWARE=uefi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
