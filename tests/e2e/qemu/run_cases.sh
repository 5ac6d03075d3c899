#!/usr/bin/env bash
# Boots QEMU virtual machines from smeed with their real firmware: SeaBIOS
# with QEMU's iPXE NIC ROM, and OVMF (UEFI) with its own PXE and HTTP boot
# clients, through to a running Linux that reports back. Each case runs
# pxe-qemu.sh, which builds the network namespaces, captures the traffic
# and checks every step down to the console output.
#
# Usage: run_cases.sh SMEED_BINARY CACHE_DIR [CASE ...]   (exit 77 = skipped)
#   CACHE_DIR keeps the downloaded kernel package between runs.
#   CASE names pick cases (default: all); `run_cases.sh --list` names them.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CASES=(bios-nic-rom-ipxe bios-chain-undionly uefi-chain-ipxe-efi uefi-http-boot
       proxy-bios-nic-rom proxy-uefi-chain proxy-bios-pxe-port proxy-uefi-pxe-port
       auto-proxy-noop-unknown full-boot-linux)
if [ "${1:-}" = --list ]; then printf '%s\n' "${CASES[@]}"; exit 0; fi
export SMEED=$1
CACHE=$2
shift 2
[ $# -gt 0 ] && CASES=("$@")
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
for tool in qemu-system-x86_64 tcpdump python3 busybox dnsmasq; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
[ -e /usr/share/OVMF/OVMF_CODE_4M.fd ] || { echo "SKIP: ovmf is not installed"; exit 77; }
[ -e /usr/lib/ipxe/qemu/pxe-virtio.rom ] || [ -e /usr/lib/ipxe/qemu/efi-virtio.rom ] ||
  { echo "SKIP: ipxe-qemu is not installed"; exit 77; }
ip netns add smeed-e2e-probe-$$ 2>/dev/null && ip netns del smeed-e2e-probe-$$ ||
  { echo "SKIP: network namespaces are not available here"; exit 77; }

KNOWN=52:54:00:12:34:56
UNKNOWN=52:54:00:0e:2e:99  # in no backend
passed=0 failed=0 GUEST=""
guest() {  # the kernel and initramfs the full-boot cases load (built once)
  [ -n "$GUEST" ] && return 0
  GUEST=$CACHE/guest
  bash "$HERE/linux-guest.sh" "$CACHE/debs" "$GUEST" ||
    { echo "FAIL: cannot build the Linux guest (kernel package download)"; GUEST=""; return 1; }
}

# run NAME STEPS MAC [VAR=value ...]; STEPS: kinds smeed's log must show.
# With PXE_PORT_CHECK=1 set for the call, the port 4011 steps are checked too.
run() {
  local name=$1 steps=$2 mac=$3; shift 3
  local out; out=$(mktemp -d /tmp/smeed-qemu-"$name".XXXXXX)
  local started=$SECONDS
  env "$@" MAC="$mac" SERVER_CMD="$HERE/smeed-server.sh" \
    SCRIPT_URL="http://192.0.2.1:8080/$mac/auto.ipxe" OUT="$out" \
    timeout 300 bash "$HERE/pxe-qemu.sh" >"$out/run.txt" 2>&1
  local ok=0
  grep -q '^RESULT: PASS' "$out/run.txt" || ok=1
  if [ "$ok" = 0 ] && [ "${PXE_PORT_CHECK:-0}" = 1 ]; then
    python3 "$HERE/pxe-port-check.py" --pcap "$out/capture.pcap" --guest-pcap "$out/guest.pcap" \
      --mac "$mac" --server-ip 192.0.2.1 >"$out/pxe-port.txt" 2>&1 || ok=1
  fi
  if [ "$ok" = 0 ] && [ -n "$steps" ]; then
    python3 "$HERE/boot-steps.py" "$out/server.log" --mac "$mac" --expect "$steps" \
      >"$out/steps.txt" 2>&1 || ok=1
  fi
  if [ "$ok" = 0 ]; then
    passed=$((passed + 1))
    echo "ok   $name: VM $(sed -n 's/^QEMU: //p' "$out/run.txt"); case $((SECONDS - started)) s"
    [ "${KEEP:-0}" = 1 ] && echo "     artifacts: $out" || rm -rf "$out"
  else
    failed=$((failed + 1)); echo "FAIL $name (artifacts: $out)"
    grep -E '^(FAIL|RESULT)|ERROR' "$out/run.txt" | head -20
    [ -f "$out/steps.txt" ] && cat "$out/steps.txt"
    [ -f "$out/pxe-port.txt" ] && grep -E '^(FAIL|RESULT)' "$out/pxe-port.txt"
    echo "--- smeed"; tail -20 "$out/server.log" 2>/dev/null | cut -c1-250
  fi
}

for c in "${CASES[@]}"; do
  case $c in
  # The NIC ROM is iPXE already: smeed hands it the script URL at once.
  bios-nic-rom-ipxe) run "$c" "dhcp http" $KNOWN MODE=direct FIRMWARE=bios ;;
  # Chain on BIOS: the ROM gets undionly.kpxe over TFTP with user class
  # "Tinkerbell" in the reply; undionly.kpxe sends it back and gets the script.
  bios-chain-undionly) run "$c" "dhcp tftp dhcp http" $KNOWN MODE=chain FIRMWARE=bios IPXE_CHAIN=true ;;
  # UEFI: OVMF's own PXE client gets ipxe.efi over TFTP, whose DHCP (user
  # class iPXE) gets the script URL.
  uefi-chain-ipxe-efi) run "$c" "dhcp tftp dhcp http" $KNOWN MODE=chain FIRMWARE=uefi ;;
  # UEFI HTTP boot: OVMF's HTTPClient gets an http:// URL of ipxe.efi.
  uefi-http-boot) run "$c" "dhcp http dhcp http" $KNOWN MODE=httpboot ;;
  # ProxyDHCP: dnsmasq leases the address, smeed gives only the boot file.
  proxy-bios-nic-rom) run "$c" "dhcp http" $KNOWN MODE=direct FIRMWARE=bios DHCP_MODE=proxy PEER_DHCP=dnsmasq ;;
  # (Its TFTP line names no MAC: the address came from dnsmasq, not the backend.)
  proxy-uefi-chain) run "$c" "dhcp dhcp http" $KNOWN MODE=chain FIRMWARE=uefi DHCP_MODE=proxy PEER_DHCP=dnsmasq ;;
  # The PXE boot server on 4011: the ProxyDHCP offer names no boot file
  # (dhcp.proxy_defer_boot_file), so the firmware asks port 4011 for it:
  # the iPXE ROM with its ProxyDHCPREQUEST, OVMF with its "BINL" request
  # (and then ipxe.efi again). pxe-port-check.py reads both captures.
  proxy-bios-pxe-port)
    PXE_PORT_CHECK=1 run "$c" "dhcp http" $KNOWN MODE=direct FIRMWARE=bios DHCP_MODE=proxy \
      PEER_DHCP=dnsmasq DEFER_BOOT_FILE=true READY="udp:67 udp:4011 tcp:8080" ;;
  proxy-uefi-pxe-port)
    PXE_PORT_CHECK=1 run "$c" "dhcp dhcp http" $KNOWN MODE=chain FIRMWARE=uefi DHCP_MODE=proxy \
      PEER_DHCP=dnsmasq DEFER_BOOT_FILE=true READY="udp:67 udp:4011 udp:69 tcp:8080" ;;
  # Auto-proxy with the noop backend: a machine nobody registered gets the
  # static script, which boots the OS; its lease comes from dnsmasq.
  auto-proxy-noop-unknown)
    guest || { failed=$((failed + 1)); continue; }
    run "$c" "dhcp http" $UNKNOWN MODE=direct FIRMWARE=bios NIC=e1000 DHCP_MODE=auto-proxy \
      BACKEND=noop PEER_DHCP=dnsmasq GUEST_DIR="$GUEST" FULL_BOOT=1 TIMEOUT=240 \
      EXPECT="smeed-guest: boot complete" ;;
  # The whole job: firmware PXE -> undionly.kpxe (TFTP) -> iPXE -> hook
  # script -> kernel and initramfs (HTTP) -> Linux: plain DHCP, syslog.
  full-boot-linux)
    guest || { failed=$((failed + 1)); continue; }
    run "$c" "dhcp tftp dhcp http http http dhcp syslog" $KNOWN MODE=chain FIRMWARE=bios NIC=e1000 \
      IPXE_CHAIN=true SCRIPT=hook GUEST_DIR="$GUEST" FULL_BOOT=1 TIMEOUT=240 \
      EXPECT="smeed-guest: boot complete" ;;
  *) echo "unknown case $c (run_cases.sh --list)"; failed=$((failed + 1)) ;;
  esac
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
