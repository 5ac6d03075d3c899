#!/usr/bin/env bash
# The installed tree runs as it is: `cmake --install` into a scratch prefix,
# then the installed smeed (no --plugin-dir: it finds its plugins next to
# itself) on the installed example config, moved to loopback ports that are
# free, answers a script over HTTP. The installed SDK example builds with
# find_package(Smee) alone and installs its plugin.
# Usage: install_tree.sh BUILD_DIR
set -uo pipefail
BUILD_DIR=$1
SMEED=unused PLUGIN_DIR=unused
. "$(dirname "$0")/../lib/smeed_script_test.sh"
PREFIX=$WORK/prefix
cmake --install "$BUILD_DIR" --prefix "$PREFIX" >"$WORK/install.log" 2>&1
check "cmake --install succeeds" 0 $?
check "smeed is installed" yes "$([ -x "$PREFIX/bin/smeed" ] && echo yes)"
check "the installed binary starts (finds libsmee_core through its RPATH)" 0 \
  "$("$PREFIX/bin/smeed" --version >/dev/null 2>&1; echo $?)"
check "examples are installed" yes "$([ -f "$PREFIX/share/smee/examples/smee.conf" ] && echo yes)"
check "the manual page is installed" yes "$([ -s "$PREFIX/share/man/man8/smeed.8" ] && echo yes)"
check "the systemd unit is installed" yes \
  "$(grep -q '^ExecStart=.*/bin/smeed -c /etc/smee/smee.conf$' "$PREFIX/lib/systemd/system/smeed.service" && echo yes)"
check "  and its example copy" yes "$([ -f "$PREFIX/share/smee/examples/systemd/smeed.service" ] && echo yes)"

cp -r "$PREFIX/share/smee/examples" "$WORK/run"
# Every listener of the example moved to a free port (HTTP: any, 0).
DHCP_PORT=$(free_port udp) TFTP_PORT=$(free_port udp) SYSLOG_PORT=$(free_port udp)
sed -i -e "s/127.0.0.1:6767/127.0.0.1:$DHCP_PORT/" -e "s/^\(  port: \)6969/\1$TFTP_PORT/" \
  -e "s/^\(  tftp_port: \)6969/\1$TFTP_PORT/" -e "s/^\(  port: \)8080/\10/" \
  -e "s/^\(  port: \)5514/\1$SYSLOG_PORT/" "$WORK/run/smee.conf"
"$PREFIX/bin/smeed" -c "$WORK/run/smee.conf" >"$WORK/smeed.log" 2>&1 &
SMEED_PID=$!
PORT=""
for _ in $(seq 100); do
  PORT=$(sed -n 's/.*HTTP server listening addr=127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/smeed.log")
  [ -n "$PORT" ] && break
  sleep 0.1
done
check "the installed smeed loads its plugins and listens" yes "$([ -n "$PORT" ] && echo yes)"
script=$(curl -s "http://127.0.0.1:$PORT/52:54:00:12:34:02/auto.ipxe")
check "the installed smeed serves an example machine's script" yes \
  "$(grep -q 'worker_id=52:54:00:12:34:02' <<<"$script" && echo yes)"

# A third-party plugin from the installed example, with its install rule.
cmake -S "$PREFIX/share/smee/examples/sdk-plugin" -B "$WORK/sdk-build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_INSTALL_PREFIX="$WORK/third-party" >"$WORK/sdk.log" 2>&1 &&
  cmake --build "$WORK/sdk-build" >>"$WORK/sdk.log" 2>&1 &&
  cmake --install "$WORK/sdk-build" >>"$WORK/sdk.log" 2>&1
check "the installed SDK example builds and installs" 0 $?
check "its plugin lands in its own prefix" yes \
  "$([ -f "$WORK/third-party/lib/smee/plugins/libsmee_backend_single_host.so" ] && echo yes)"

# Found where it was installed, without copying it into smeed's tree:
# through smee.plugin_dirs, and through SMEE_PLUGIN_PATH.
THIRD=$WORK/third-party/lib/smee/plugins
cat >"$WORK/third.conf" <<CONF
smee: {plugin_dirs: ["$THIRD"]}
plugins: [backend-single-host]
backend-single-host: {mac: "02:00:00:00:00:42", ip: 192.0.2.42}
CONF
check "smee.plugin_dirs: the installed smeed loads the third-party plugin" 0 \
  "$("$PREFIX/bin/smeed" --check-config -c "$WORK/third.conf" >/dev/null 2>&1; echo $?)"
sed -i '/^smee:/d' "$WORK/third.conf"
check "without the path it is an unknown plugin" 1 \
  "$("$PREFIX/bin/smeed" --check-config -c "$WORK/third.conf" >/dev/null 2>&1; echo $?)"
check "SMEE_PLUGIN_PATH finds it too" 0 \
  "$(SMEE_PLUGIN_PATH="$THIRD" "$PREFIX/bin/smeed" --check-config -c "$WORK/third.conf" >/dev/null 2>&1; echo $?)"
listing=$(SMEE_PLUGIN_PATH="$THIRD" "$PREFIX/bin/smeed" --list-plugins)
check "--list-plugins shows it with its directory and service" yes \
  "$(grep -q "^backend-single-host .*$THIRD .*smee.backend/v1" <<<"$listing" && echo yes)"
check "--list-plugins shows the installed plugins" yes \
  "$(grep -q "^http .*$PREFIX/lib/smee/plugins" <<<"$listing" && echo yes)"
finish
