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
