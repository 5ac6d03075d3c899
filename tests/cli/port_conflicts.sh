#!/usr/bin/env bash
# A second smeed on the addresses of a running one must fail to start, with
# the listener and the reason named, for each of DHCP, TFTP, HTTP and syslog
# (SO_REUSEADDR on UDP, or SO_REUSEPORT, would let it start and take a share
# of the traffic silently). Loopback only.
# Usage: port_conflicts.sh SMEED_BINARY PLUGIN_DIR
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
. "$(dirname "$0")/../lib/smeed_script_test.sh"
free_port() {  # free_port udp|tcp
  python3 -c "import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1]=='udp' else socket.SOCK_STREAM); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])" "$1"
}
printf '"52:54:00:00:00:01":\n  ipAddress: 192.0.2.10\n  subnetMask: 255.255.255.0\n' >"$WORK/hardware.yaml"
mkdir -p "$WORK/ipxe"
config() {  # config FILE DHCP TFTP HTTP SYSLOG
  cat >"$1" <<CONF
smee: {public_ip: 127.0.0.1}
plugins: [backend-file, dhcp, ipxe-binaries, tftp, ipxe-script, http, syslog]
backend-file: {path: hardware.yaml}
dhcp: {mode: reservation, addr: "127.0.0.1:$2"}
ipxe-binaries: {dir: ipxe}
tftp: {addr: 127.0.0.1, port: $3}
ipxe-script: {osie_url: http://127.0.0.1/hook, tink_server: 127.0.0.1:42113}
http: {addr: 127.0.0.1, port: $4}
syslog: {addr: 127.0.0.1, port: $5}
CONF
}
D=$(free_port udp) T=$(free_port udp) H=$(free_port tcp) S=$(free_port udp)
config "$WORK/first.conf" "$D" "$T" "$H" "$S"
start_smeed "$WORK/first.conf" "HTTP server listening"
for listener in dhcp tftp http syslog; do
  d=$(free_port udp) t=$(free_port udp) h=$(free_port tcp) s=$(free_port udp)
  case $listener in dhcp) d=$D ;; tftp) t=$T ;; http) h=$H ;; syslog) s=$S ;; esac
  config "$WORK/second-$listener.conf" "$d" "$t" "$h" "$s"
  out=$(timeout 10 "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/second-$listener.conf" 2>&1)
  status=$?
  check "a second smeed sharing the $listener port exits with status 1" 1 "$status"
  check "  and says which listener and why" yes \
    "$(grep -q "$listener.*cannot listen on 127.0.0.1:.*Address already in use" <<<"$out" && echo yes)"
  [ "$status" = 1 ] || echo "$out" | tail -5
done
check "the first smeed still serves" 200 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$H/healthz")"
finish
