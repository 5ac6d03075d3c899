#!/usr/bin/env bash
# smeed speaks systemd's notify protocol: a stand-in for systemd (a python3
# AF_UNIX datagram socket named by NOTIFY_SOCKET) receives READY=1 only once
# the HTTP port answers, RELOADING=1 then READY=1 around a SIGHUP reload,
# and STOPPING=1 on SIGTERM. The shipped unit passes `systemd-analyze
# verify` where systemd-analyze exists. Loopback only.
# Usage: systemd_notify.sh SMEED_BINARY PLUGIN_DIR UNIT_FILE
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2 UNIT=$3
. "$(dirname "$0")/../lib/smeed_script_test.sh"
LISTENER_PID=""
cleanup_more() { [ -n "$LISTENER_PID" ] && kill "$LISTENER_PID" 2>/dev/null; }
printf '"52:54:00:00:00:01":\n  ipAddress: 192.0.2.10\n  subnetMask: 255.255.255.0\n' >"$WORK/hardware.yaml"
mkdir -p "$WORK/ipxe"
D=$(free_port udp) T=$(free_port udp) H=$(free_port tcp) S=$(free_port udp)
loopback_config "$WORK/smee.conf" "$D" "$T" "$H" "$S"

# The stand-in for systemd: one line per datagram, its fields joined by
# '|'; on READY=1 it connects to the HTTP port at once and says whether
# that worked (http=up or http=down) before reading on.
python3 - "$WORK/notify.sock" "$H" >"$WORK/notify.log" <<'PY' &
import socket, sys
path, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
while True:
    msg = s.recv(4096).decode()
    fields = msg.strip().split("\n")
    if "READY=1" in fields:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            fields.append("http=up")
        except OSError as e:
            fields.append("http=down:" + str(e))
    print("|".join(fields), flush=True)
PY
LISTENER_PID=$!
for _ in $(seq 50); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done

wait_lines() {  # wait_lines N: until notify.log has N lines (10 s at most)
  for _ in $(seq 100); do
    [ "$(wc -l <"$WORK/notify.log")" -ge "$1" ] && return 0
    sleep 0.1
  done
  return 1
}
line() { sed -n "$1p" "$WORK/notify.log"; }
has() { tr '|' '\n' <<<"$1" | grep -qx -- "$2" && echo yes || echo no; }

NOTIFY_SOCKET=$WORK/notify.sock start_smeed "$WORK/smee.conf" "HTTP server listening"
wait_lines 1
first=$(line 1)
check "the first notification is READY=1" yes "$(has "$first" READY=1)"
check "  sent only once the HTTP port answers" yes "$(has "$first" http=up)"
check "  with MAINPID" yes "$(has "$first" "MAINPID=$SMEED_PID")"
check "  and a STATUS naming the plugins" yes "$(grep -q 'STATUS=serving (plugins: .*http' <<<"$first" && echo yes)"

kill -HUP "$SMEED_PID"
wait_lines 3
check "SIGHUP: RELOADING=1 first" yes "$(has "$(line 2)" RELOADING=1)"
check "  with MONOTONIC_USEC" yes "$(grep -q 'MONOTONIC_USEC=[0-9][0-9]*' <<<"$(line 2)" && echo yes)"
check "  then READY=1 again" yes "$(has "$(line 3)" READY=1)"
check "  the reload happened" yes "$(grep -q 'SIGHUP received' "$WORK/smeed.log" && echo yes)"

kill -TERM "$SMEED_PID"
wait "$SMEED_PID"
check "SIGTERM: smeed exits 0" 0 $?
SMEED_PID=""
wait_lines 4
check "  after sending STOPPING=1" yes "$(has "$(line 4)" STOPPING=1)"
check "  and nothing else" 4 "$(wc -l <"$WORK/notify.log")"

# A start-up failure is told too (a STATUS line; systemd sees the exit).
NOTIFY_SOCKET=$WORK/notify.sock "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/missing.conf" \
  >/dev/null 2>&1
wait_lines 5
check "a failed start sends STATUS=failed: ..., never READY=1" "yes no" \
  "$(grep -q '^STATUS=failed: ' <<<"$(line 5)" && echo yes) $(has "$(line 5)" READY=1)"

if command -v systemd-analyze >/dev/null; then
  # The shipped unit with ExecStart on this build's binary, and the manual
  # page that Documentation= names where man finds it.
  mkdir -p "$WORK/unit" "$WORK/man/man8"
  "$SMEED" --man >"$WORK/man/man8/smeed.8"
  sed "s|/usr/bin/smeed|$SMEED|g" "$UNIT" >"$WORK/unit/smeed.service"
  out=$(MANPATH=$WORK/man systemd-analyze verify "$WORK/unit/smeed.service" 2>&1)
  check "systemd-analyze verify accepts etc/systemd/smeed.service" "0 " "$? $out"
else
  echo "skip systemd-analyze verify: systemd-analyze is not installed"
fi
finish
