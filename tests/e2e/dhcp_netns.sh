#!/usr/bin/env bash
# DHCP end to end with real clients, inside network namespaces this script
# creates and deletes (TEST-NET 192.0.2.0/24; nothing leaves them):
#
#   [srv] s0 192.0.2.1 ══veth══ sb ┐
#   [dns] d0 192.0.2.2 ══veth══ db ┤ br0 (MAC 52:54:00:12:34:56)  [lan]
#                                  └ the client runs busybox udhcpc on br0
#
# smeed runs in [srv]; dnsmasq (the network's own DHCP server, no boot
# options) runs in [dns] for the proxy-mode case. Exit 77 = skipped.
# Usage: dhcp_netns.sh SMEED_BINARY PLUGIN_DIR
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
ID=$$
NS_SRV=smeed-srv-$ID NS_DNS=smeed-dns-$ID NS_LAN=smeed-lan-$ID
MAC=52:54:00:12:34:56
DNSMASQ_PID=""
# shellcheck source=../lib/smeed_script_test.sh
. "$(dirname "$0")/../lib/smeed_script_test.sh"
cleanup_more() {
  [ -n "$DNSMASQ_PID" ] && kill "$DNSMASQ_PID" 2>/dev/null && wait "$DNSMASQ_PID" 2>/dev/null
  for ns in "$NS_SRV" "$NS_DNS" "$NS_LAN"; do ip netns del "$ns" 2>/dev/null; done
}

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root for network namespaces"
command -v busybox >/dev/null || skip "busybox is not installed"
ip netns add "smeed-probe-$ID" 2>/dev/null || skip "cannot create network namespaces here"
ip netns del "smeed-probe-$ID"


# --- topology ---------------------------------------------------------------
for ns in "$NS_SRV" "$NS_DNS" "$NS_LAN"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null 2>&1
done
ip -n "$NS_LAN" link add br0 address "$MAC" type bridge
ip -n "$NS_LAN" link set br0 up
ip -n "$NS_SRV" link add s0 type veth peer name sb netns "$NS_LAN"
ip -n "$NS_DNS" link add d0 type veth peer name db netns "$NS_LAN"
ip -n "$NS_SRV" addr add 192.0.2.1/24 dev s0
ip -n "$NS_DNS" addr add 192.0.2.2/24 dev d0
for pair in "$NS_SRV s0" "$NS_DNS d0"; do set -- $pair; ip -n "$1" link set "$2" up; done
for port in sb db; do
  ip -n "$NS_LAN" link set "$port" master br0
  ip -n "$NS_LAN" link set "$port" up
done
ip -n "$NS_LAN" link set br0 type bridge forward_delay 0 2>/dev/null

# --- smeed ------------------------------------------------------------------
cat >"$WORK/hardware.yaml" <<YAML
"$MAC":
  ipAddress: 192.0.2.100
  subnetMask: 255.255.255.0
  defaultGateway: 192.0.2.254
  nameServers: [192.0.2.53]
  hostname: e2e-machine
  leaseTime: 3600
  vlanID: "42"
  netboot:
    allowPxe: true
YAML

# 50 more reservations for the relayed load below: 02:50:42:00:00:00 + i
for i in $(seq 0 49); do
  printf '"02:50:42:00:00:%02x":\n  ipAddress: 192.0.2.%d\n  subnetMask: 255.255.255.0\n  netboot: {allowPxe: true}\n' \
    "$i" $((150 + i)) >>"$WORK/hardware.yaml"
done

start_smeed_in_ns() {  # start_smeed_in_ns MODE: smeed in [srv] with that DHCP mode
  [ -n "$SMEED_PID" ] && kill "$SMEED_PID" 2>/dev/null && wait "$SMEED_PID" 2>/dev/null
  cat >"$WORK/smee.conf" <<CONF
smee:
  public_ip: 192.0.2.1
  log: {level: debug}
plugins: [backend-file, dhcp]
backend-file:
  path: $WORK/hardware.yaml
dhcp:
  mode: $1
  interface: s0
CONF
  ip netns exec "$NS_SRV" "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/smee.conf" \
    >"$WORK/smeed-$1.log" 2>&1 &
  SMEED_PID=$!
  for _ in $(seq 100); do
    grep -q "DHCP server listening" "$WORK/smeed-$1.log" && return 0
    kill -0 "$SMEED_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "smeed did not start:"; cat "$WORK/smeed-$1.log"; exit 1
}

cat >"$WORK/hook.sh" <<'HOOK'
#!/bin/sh
[ "$1" = bound ] && env | grep -E '^(ip|mask|router|dns|siaddr|serverid|boot_file|sname|lease|hostname|vendor|opt[0-9]+)=' >"$ENV_FILE"
exit 0
HOOK
chmod +x "$WORK/hook.sh"

# dhcp NAME [udhcpc options...]: one DORA from the client; the reply's
# fields land in $WORK/NAME.env
dhcp() {
  local name=$1; shift
  rm -f "$WORK/$name.env"
  ENV_FILE="$WORK/$name.env" ip netns exec "$NS_LAN" busybox udhcpc -f -q -n -i br0 -t 2 -T 1 -A 1 \
    -s "$WORK/hook.sh" -O 43 -O 60 -O 97 "$@" >>"$WORK/udhcpc.log" 2>&1
}
field() { sed -n "s/^$2=//p" "$WORK/$1.env" 2>/dev/null; }

GUID=0x61:00$(printf '%032d' 0)
IPXE_175=0xaf:b105011af41000eb03010000170101130101150101

# --- reservation mode ---------------------------------------------------------
start_smeed_in_ns reservation

dhcp bios -V PXEClient:Arch:00000:UNDI:002001 -x 0x5d:0000 -x 0x5e:010201 -x "$GUID"
check "BIOS PXE: address" 192.0.2.100 "$(field bios ip)"
check "BIOS PXE: boot file" undionly.kpxe "$(field bios boot_file)"
check "BIOS PXE: next server" 192.0.2.1 "$(field bios siaddr)"
check "BIOS PXE: server id (54)" 192.0.2.1 "$(field bios serverid)"
check "BIOS PXE: router" 192.0.2.254 "$(field bios router)"
check "BIOS PXE: lease" 3600 "$(field bios lease)"
check "BIOS PXE: option 43 (6=8, 69, 116=VLAN 42)" \
  "060108451a$(printf '%052d' 0)74023432" "$(field bios opt43)"

dhcp uefi -V PXEClient:Arch:00007:UNDI:003000 -x 0x5d:0007 -x 0x5e:010300 -x "$GUID"
check "UEFI PXE: boot file" ipxe.efi "$(field uefi boot_file)"

dhcp ipxe -V PXEClient:Arch:00000:UNDI:002001 -x 0x5d:0000 -x 0x5e:010201 -x "$GUID" \
  -x 0x4d:69505845 -x "$IPXE_175"
check "iPXE: script URL" "http://192.0.2.1:8080/$MAC/auto.ipxe" "$(field ipxe boot_file)"

dhcp http -V HTTPClient:Arch:00016:UNDI:003001 -x 0x5d:0010 -x 0x5e:010300 -x "$GUID"
check "UEFI HTTP boot: binary URL" "http://192.0.2.1:8080/ipxe/$MAC/ipxe.efi" "$(field http boot_file)"
check "UEFI HTTP boot: option 60" HTTPClient "$(field http vendor)"

dhcp plain
check "plain DHCP client: address" 192.0.2.100 "$(field plain ip)"
check "plain DHCP client: no boot file" "" "$(field plain boot_file)"
check "plain DHCP client: hostname" e2e-machine "$(field plain hostname)"

ip -n "$NS_LAN" link set br0 down
ip -n "$NS_LAN" link set br0 address 52:54:00:99:99:99
ip -n "$NS_LAN" link set br0 up
dhcp unknown -V PXEClient:Arch:00000:UNDI:002001 -x 0x5d:0000 -x 0x5e:010201 -x "$GUID"
check "unknown machine: no lease" "" "$(field unknown ip)"
grep -q 'no DHCP reply mac=52:54:00:99:99:99 type=DISCOVER outcome=not_found' "$WORK/smeed-reservation.log"
check "unknown machine: logged with the reason" 0 "$?"
ip -n "$NS_LAN" link set br0 down
ip -n "$NS_LAN" link set br0 address "$MAC"
ip -n "$NS_LAN" link set br0 up

# perfdhcp acts as a relay agent (giaddr = its address, replies to port 67):
# 200 DORAs over the 50 reserved MACs, all must complete.
if command -v perfdhcp >/dev/null; then
  ip -n "$NS_LAN" addr add 192.0.2.60/24 dev br0
  ip netns exec "$NS_LAN" timeout 60 perfdhcp -4 -l 192.0.2.60 -r 100 -n 200 -R 50 \
    -b mac=02:50:42:00:00:00 -p 10 -W 1000000 192.0.2.1 >"$WORK/perfdhcp.txt" 2>&1
  sent=$(awk '/^sent packets:/ {print $3; exit}' "$WORK/perfdhcp.txt")
  recv=$(awk '/^received packets:/ {n++; if (n == 2) {print $3; exit}}' "$WORK/perfdhcp.txt")
  check "perfdhcp relay: 200 REQUESTs sent" 200 "$sent"
  check "perfdhcp relay: 200 ACKs received" 200 "$recv"
  ip -n "$NS_LAN" addr flush dev br0
else
  echo "note: perfdhcp not installed; relayed load case not run"
fi

# --- proxy mode beside dnsmasq ---------------------------------------------------
if command -v dnsmasq >/dev/null; then
  start_smeed_in_ns proxy
  ip netns exec "$NS_DNS" dnsmasq --no-daemon --conf-file=/dev/null --interface=d0 \
    --bind-interfaces --dhcp-range=192.0.2.150,192.0.2.160,255.255.255.0,1h --no-ping \
    --port=0 --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid" \
    >"$WORK/dnsmasq.log" 2>&1 &
  DNSMASQ_PID=$!
  sleep 0.5
  # A PXE client's DISCOVER gets two offers: the address from dnsmasq and
  # the boot file from smeed (udhcpc takes whichever comes first; PXE
  # firmware combines them).
  dhcp proxy -V PXEClient:Arch:00007:UNDI:003000 -x 0x5d:0007 -x 0x5e:010300 -x "$GUID"
  grep -q "DHCPOFFER(d0) 192.0.2.1[56][0-9] $MAC" "$WORK/dnsmasq.log"
  check "proxy: dnsmasq offered an address" 0 "$?"
  grep -q "sent DHCP response mac=$MAC type=OFFER yiaddr=0.0.0.0 siaddr=192.0.2.1 file=ipxe.efi" \
    "$WORK/smeed-proxy.log"
  check "proxy: smeed offered the boot file and no address" 0 "$?"
  # A client that is not PXE gets its lease from dnsmasq alone.
  dhcp proxy-plain
  lease=$(field proxy-plain ip)
  check "proxy: plain client leased from dnsmasq" 192.0.2 "${lease%.*}"
  grep -q "no DHCP reply mac=$MAC type=DISCOVER outcome=not_netboot_client" "$WORK/smeed-proxy.log"
  check "proxy: smeed stayed silent for the plain client" 0 "$?"
else
  echo "note: dnsmasq not installed; proxy-mode case not run"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ] || { echo "--- smeed logs"; cat "$WORK"/smeed-*.log; echo "--- udhcpc"; tail -40 "$WORK/udhcpc.log"; }
[ "$failed" = 0 ]
