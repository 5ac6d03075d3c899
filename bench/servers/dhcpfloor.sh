# shellcheck shell=bash
# Server profile: tools/dhcp_floor.c -- not a DHCP server but the least work one
# can do for perfdhcp (an OFFER per DISCOVER, an ACK per REQUEST, no lookups, no
# leases), with smeed's socket and I/O: recvmmsg/sendmmsg with IP_PKTINFO on one
# interface. Its CPU per DORA is what the kernel and scheduler of the machine
# cost before any server logic: the floor under the other servers' figures.
#   FLOOR_BATCH   datagrams per recvmmsg (default 16, as smeed)
SRV_NAME=dhcpfloor
SRV_CAPS="dhcp"
: "${FLOOR_BATCH:=16}"

dhcpfloor_bin() {  # compiled once per source change into the work directory
  local src=$BENCH_DIR/tools/dhcp_floor.c bin=$PB_WORK/dhcp_floor
  if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
    cc -O2 -Wall -Wextra -o "$bin" "$src" >&2 || return 1
  fi
  echo "$bin"
}
srv_version() { echo "tools/dhcp_floor.c ($(cc --version | head -1))"; }
srv_start() {
  local role=$1 dir=$2 bin
  [ "$role" = dhcp ] || return 3
  bin=$(dhcpfloor_bin) || return 1
  start_server dhcpfloor "$dir/dhcpfloor.out" "$bin" "$PB_VETH_SRV" "$PB_SRV_IP" "$FLOOR_BATCH"
}
