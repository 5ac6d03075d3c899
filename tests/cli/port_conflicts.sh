#!/usr/bin/env bash
# A second smeed on the addresses of a running one must fail to start, with
# the listener and the reason named, for each of DHCP, TFTP, HTTP and syslog
# (SO_REUSEADDR on UDP, or SO_REUSEPORT, would let it start and take a share
# of the traffic silently). Loopback only.
# Usage: port_conflicts.sh SMEED_BINARY PLUGIN_DIR
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
. "$(dirname "$0")/../lib/smeed_script_test.sh"
printf '"52:54:00:00:00:01":\n  ipAddress: 192.0.2.10\n  subnetMask: 255.255.255.0\n' >"$WORK/hardware.yaml"
mkdir -p "$WORK/ipxe"
D=$(free_port udp) T=$(free_port udp) H=$(free_port tcp) S=$(free_port udp)
loopback_config "$WORK/first.conf" "$D" "$T" "$H" "$S"
start_smeed "$WORK/first.conf" "HTTP server listening"
for listener in dhcp tftp http syslog; do
  d=$(free_port udp) t=$(free_port udp) h=$(free_port tcp) s=$(free_port udp)
  case $listener in dhcp) d=$D ;; tftp) t=$T ;; http) h=$H ;; syslog) s=$S ;; esac
  loopback_config "$WORK/second-$listener.conf" "$d" "$t" "$h" "$s"
  out=$(timeout 10 "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/second-$listener.conf" 2>&1)
  status=$?
  check "a second smeed sharing the $listener port exits with status 1" 1 "$status"
  check "  and says which listener and why" yes \
    "$(grep -q "$listener.*cannot listen on 127.0.0.1:.*Address already in use" <<<"$out" && echo yes)"
  [ "$status" = 1 ] || echo "$out" | tail -5
done
check "the first smeed still serves" 200 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$H/healthz")"
finish
