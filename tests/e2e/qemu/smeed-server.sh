#!/bin/bash
# The server command pxe-qemu.sh runs in the server namespace: smeed on the
# test LAN with every service, configured for one case by these variables:
#   DHCP_MODE=reservation|proxy|auto-proxy          [reservation]
#   BACKEND=file|noop                               [file]
#   SCRIPT=inline|hook   inline: the machine's own iPXE script prints the
#                        marker and powers off; hook: smeed's Tinkerbell
#                        script boots the kernel and initramfs in GUEST_DIR
#                        (served by smeed itself as the OSIE files)  [inline]
#   GUEST_DIR=...        vmlinuz-x86_64 and initramfs-x86_64 (linux-guest.sh)
#   IPXE_CHAIN=true      turns on dhcp.ipxe_chain
#   DEFER_BOOT_FILE=true turns on dhcp.proxy_defer_boot_file: the ProxyDHCP
#                        offer names no boot file, the firmware asks port 4011
#   PXE_PORT=0           turns the PXE boot server (dhcp.pxe_port) off
set -eu
DHCP_MODE=${DHCP_MODE:-reservation}
BACKEND=${BACKEND:-file}
SCRIPT=${SCRIPT:-inline}

if [ "$SCRIPT" = hook ]; then
  netboot="  netboot:
    allowPxe: true"
else
  netboot="  netboot:
    allowPxe: true
    ipxeScript: |
      echo hello-from-script
      poweroff || reboot || exit"
fi
cat >"$PD_OUT/hardware.yaml" <<YAML
"$PD_MAC":
  ipAddress: 192.0.2.100
  subnetMask: $PD_NETMASK
  hostname: e2e-vm
$netboot
YAML

if [ "$BACKEND" = noop ]; then
  backend="backend-noop"
  backend_block=""
else
  backend="backend-file"
  backend_block="backend-file: {path: $PD_OUT/hardware.yaml}"
fi
assets="" osie=""
if [ -n "${GUEST_DIR:-}" ]; then
  assets=", asset_dir: $GUEST_DIR"
  osie="osie_url: http://$PD_SERVER_IP:$PD_HTTP_PORT/ipxe"
fi
auto_proxy=false
[ "$DHCP_MODE" = auto-proxy ] && auto_proxy=true
cat >"$PD_OUT/smeed.conf" <<CONF
smee:
  public_ip: $PD_SERVER_IP
  log: {level: debug}
plugins: [$backend, dhcp, ipxe-binaries, tftp, ipxe-script, http, syslog]
$backend_block
dhcp: {interface: $PD_IFACE, mode: $DHCP_MODE, ipxe_chain: ${IPXE_CHAIN:-false},
       proxy_defer_boot_file: ${DEFER_BOOT_FILE:-false}, pxe_port: ${PXE_PORT:-4011}}
ipxe-binaries: {dir: /usr/lib/ipxe$assets}
ipxe-script: {$osie}
http: {port: $PD_HTTP_PORT, auto_proxy: $auto_proxy}
CONF
exec "$SMEED" -c "$PD_OUT/smeed.conf"
