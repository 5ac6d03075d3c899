#!/usr/bin/env bash
# smee.user: smeed started as root binds every listener, then becomes that
# user (here nobody) with only CAP_NET_BIND_SERVICE and CAP_NET_RAW left in
# its main thread and no capability in any other; it still serves, and a
# SIGHUP still reloads the hardware file. An unknown user is a config error
# at --check-config; a non-root smeed refuses to switch to another user.
# Root only (exit 77 otherwise, after the checks that need no root).
# Loopback only.
# Usage: privilege_drop.sh SMEED_BINARY PLUGIN_DIR
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
. "$(dirname "$0")/../lib/smeed_script_test.sh"
# Everything readable by nobody: the work folder is 0700 by default.
chmod 0755 "$WORK"
umask 022
machine() {  # machine MAC IP: one hardware record that may netboot
  printf '"%s":\n  ipAddress: %s\n  subnetMask: 255.255.255.0\n  netboot: {allowPxe: true}\n' "$1" "$2"
}
machine 52:54:00:00:00:01 192.0.2.10 >"$WORK/hardware.yaml"
mkdir -p "$WORK/ipxe"
config() {  # config FILE USER: every listener on a free loopback port
  H=$(free_port tcp)
  loopback_config "$1" "$(free_port udp)" "$(free_port udp)" "$H" "$(free_port udp)" "user: \"$2\""
}

config "$WORK/unknown.conf" no-such-user-smeed
out=$("$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/unknown.conf" --check-config 2>&1)
check "--check-config: an unknown smee.user exits 1" 1 $?
check "  naming the file, line and key" yes \
  "$(grep -q "unknown.conf:1:[0-9]*: smee.user: unknown user 'no-such-user-smeed'" <<<"$out" && echo yes)"
out=$("$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/unknown.conf" --user nobody --check-config 2>&1)
check "--user overrides smee.user" 0 $?
out=$("$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/unknown.conf" --user no-such-user-2 --check-config 2>&1)
check "  and an unknown --user is named as such" yes \
  "$(grep -q "option --user: smee.user: unknown user 'no-such-user-2'" <<<"$out" && echo yes)"

if [ "$(id -u)" != 0 ]; then
  echo "skip the rest: not root"
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ] && exit 77 || exit 1
fi

NOBODY_UID=$(id -u nobody) NOBODY_GID=$(id -g nobody)
if command -v setpriv >/dev/null; then
  as_nobody() { setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups "$@"; }
  config "$WORK/to-root.conf" root
  out=$(as_nobody timeout 10 "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/to-root.conf" 2>&1)
  check "not root, smee.user another user: smeed refuses with status 1" 1 $?
  check "  saying why" yes "$(grep -q "smee.user: smee.user is 'root' (uid 0), but smeed runs as uid $NOBODY_UID, not root" <<<"$out" && echo yes)"
  check "  before binding anything" no "$(grep -q 'HTTP server listening' <<<"$out" && echo yes || echo no)"
  config "$WORK/self.conf" nobody
  # setpriv itself in the background (it execs smeed), not the function: $!
  # of a backgrounded function is a subshell, and killing it left smeed running.
  setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups \
    "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/self.conf" >"$WORK/self.log" 2>&1 &
  self_pid=$!
  for _ in $(seq 100); do grep -q 'smeed is running' "$WORK/self.log" && break; sleep 0.1; done
  check "already that user: smeed runs as it is" yes "$(grep -q 'switched user.*unchanged' "$WORK/self.log" && echo yes)"
  kill "$self_pid"; wait "$self_pid"
else
  echo "skip the non-root refusal: setpriv is not installed"
fi

config "$WORK/root.conf" root
"$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/root.conf" >"$WORK/root.log" 2>&1 &
root_pid=$!
for _ in $(seq 100); do grep -q 'smeed is running' "$WORK/root.log" && break; sleep 0.1; done
check "root with smee.user root: smeed runs unchanged" yes "$(grep -q 'switched user.*unchanged' "$WORK/root.log" && echo yes)"
kill "$root_pid"; wait "$root_pid"

config "$WORK/nobody.conf" nobody
start_smeed "$WORK/nobody.conf" "HTTP server listening"
for _ in $(seq 100); do grep -q 'smeed is running' "$WORK/smeed.log" && break; sleep 0.1; done
status=/proc/$SMEED_PID/status
field() { awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$2"; }
check "Uid: real, effective, saved and fs are nobody's" "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID" "$(field Uid "$status")"
check "Gid: all four are nobody's group" "$NOBODY_GID $NOBODY_GID $NOBODY_GID $NOBODY_GID" "$(field Gid "$status")"
check "Groups: nobody's own only" "$(id -G nobody)" "$(field Groups "$status")"
# CAP_NET_BIND_SERVICE is 10, CAP_NET_RAW 13: 0x2400.
check "CapEff of the main thread: cap_net_bind_service and cap_net_raw only" 0000000000002400 "$(field CapEff "$status")"
check "CapPrm the same" 0000000000002400 "$(field CapPrm "$status")"
others="" threads=0
for task in /proc/$SMEED_PID/task/*; do
  [ "${task##*/}" = "$SMEED_PID" ] && continue
  threads=$((threads + 1))
  others+="$(field CapEff "$task/status")/$(field CapPrm "$task/status") "
done
check "every other thread ($threads) has no capability at all" yes \
  "$([ "$threads" -gt 0 ] && ! grep -qv '^0000000000000000/0000000000000000$' <<<"$(tr ' ' '\n' <<<"${others% }")" && echo yes)"
check "the log says so" yes "$(grep -q 'switched user user=nobody.*capabilities=cap_net_bind_service,cap_net_raw' "$WORK/smeed.log" && echo yes)"
check "the HTTP listener still answers" 200 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$H/healthz")"
check "  a known machine's script" yes "$(curl -s "http://127.0.0.1:$H/52:54:00:00:00:01/auto.ipxe" | grep -q 'worker_id=52:54:00:00:00:01' && echo yes)"
check "  a machine not in the file yet: 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$H/52:54:00:00:00:02/auto.ipxe")"
machine 52:54:00:00:00:02 192.0.2.11 >>"$WORK/hardware.yaml"
kill -HUP "$SMEED_PID"
code=""
for _ in $(seq 50); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$H/52:54:00:00:00:02/auto.ipxe")
  [ "$code" = 200 ] && break
  sleep 0.1
done
check "SIGHUP as nobody reloads the hardware file: the new machine is served" 200 "$code"
kill -TERM "$SMEED_PID"
wait "$SMEED_PID"
check "SIGTERM: smeed exits 0" 0 $?
SMEED_PID=""
finish
