# Shared by the shell tests that drive the real smeed binary: a work folder
# removed at exit, smeed started and stopped, and the "N passed, N failed"
# bookkeeping. Source it after setting SMEED and PLUGIN_DIR.
WORK=$(mktemp -d /tmp/smeed-test.XXXXXX)
SMEED_PID=""
passed=0 failed=0

# A test with more to tear down (namespaces, peer servers) defines
# cleanup_more; it runs first.
cleanup() {
  declare -F cleanup_more >/dev/null && cleanup_more
  [ -n "$SMEED_PID" ] && kill "$SMEED_PID" 2>/dev/null && wait "$SMEED_PID" 2>/dev/null
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    passed=$((passed + 1)); echo "ok   $1"
  else
    failed=$((failed + 1)); echo "FAIL $1: expected '$2', got '$3'"
  fi
}

# start_smeed CONFIG LISTEN_MESSAGE: runs smeed on CONFIG in the background
# (log: $WORK/smeed.log) and sets PORT from the log line "<LISTEN_MESSAGE>
# addr=127.0.0.1:<port>", waiting at most 10 s.
start_smeed() {
  "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$1" >"$WORK/smeed.log" 2>&1 &
  SMEED_PID=$!
  PORT=""
  for _ in $(seq 100); do
    PORT=$(sed -n "s/.*$2 addr=127.0.0.1:\([0-9]*\).*/\1/p" "$WORK/smeed.log")
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "smeed did not start:"; cut -c1-300 "$WORK/smeed.log"; exit 1
}

# finish: the closing line and the exit status.
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ] || { echo "--- smeed log"; tail -30 "$WORK/smeed.log" | cut -c1-300; }
  [ "$failed" = 0 ]
}

# free_port udp|tcp: a loopback port that nothing listens on now.
free_port() {
  python3 -c "import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1]=='udp' else socket.SOCK_STREAM); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])" "$1"
}

# loopback_config FILE DHCP TFTP HTTP SYSLOG [SMEE_KEYS]: every listener of
# smeed on 127.0.0.1 at the given ports, the hardware from hardware.yaml and
# the binaries from ipxe/ beside FILE; SMEE_KEYS adds to the smee block
# (e.g. 'user: nobody').
loopback_config() {
  cat >"$1" <<CONF
smee: {public_ip: 127.0.0.1${6:+, $6}}
plugins: [backend-file, dhcp, ipxe-binaries, tftp, ipxe-script, http, syslog]
backend-file: {path: hardware.yaml, watch: false}
dhcp: {mode: reservation, addr: "127.0.0.1:$2"}
ipxe-binaries: {dir: ipxe}
tftp: {addr: 127.0.0.1, port: $3}
ipxe-script: {osie_url: http://127.0.0.1/hook, tink_server: 127.0.0.1:42113}
http: {addr: 127.0.0.1, port: $4}
syslog: {addr: 127.0.0.1, port: $5}
CONF
}
