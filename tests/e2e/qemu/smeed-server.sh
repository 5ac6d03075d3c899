#!/bin/bash
# The server command pxe-qemu.sh runs in the server namespace: smeed on the
# test LAN with every service, and one machine (the VM) whose own iPXE
# script prints the marker the harness waits for and powers off.
# IPXE_CHAIN=true turns on dhcp.ipxe_chain.
cat >"$PD_OUT/hardware.yaml" <<YAML
"$PD_MAC":
  ipAddress: 192.0.2.100
  subnetMask: $PD_NETMASK
  hostname: e2e-vm
  netboot:
    allowPxe: true
    ipxeScript: |
      echo hello-from-script
      poweroff || reboot || exit
YAML
cat >"$PD_OUT/smeed.conf" <<CONF
smee:
  public_ip: $PD_SERVER_IP
  log: {level: debug}
plugins: [backend-file, dhcp, ipxe-binaries, tftp, ipxe-script, http, syslog]
backend-file: {path: $PD_OUT/hardware.yaml}
dhcp: {interface: $PD_IFACE, ipxe_chain: ${IPXE_CHAIN:-false}}
ipxe-binaries: {dir: /usr/lib/ipxe}
http: {port: $PD_HTTP_PORT}
CONF
exec "$SMEED" -c "$PD_OUT/smeed.conf"
