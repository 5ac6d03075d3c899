#!/usr/bin/env bash
# Smee's JSON log schema, checked with jq on every line smeed writes while it
# starts, serves a script, a 404, a TFTP file and a syslog message, and
# stops: the keys in Smee's order (time, level, logger, source, msg), their
# types, and the typed fields of the HTTP access line. Then the text format:
# no colour codes, and a syslog message with control characters stays on
# one line, escaped.
# Usage: log_schema.sh SMEED_BINARY PLUGIN_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
command -v jq >/dev/null || { echo "SKIP: jq is not installed"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
. "$(dirname "$0")/../lib/smeed_script_test.sh"

MAC=52:54:00:00:00:61
printf '"%s":\n  ipAddress: 127.0.0.61\n  subnetMask: 255.0.0.0\n  netboot: {allowPxe: true}\n' "$MAC" >"$WORK/hardware.yaml"
mkdir -p "$WORK/ipxe"
head -c 3000 /dev/urandom >"$WORK/ipxe/ipxe.efi"

# run_once FORMAT: smeed with that log format, the same traffic each time,
# then stopped; its log is left in $WORK/smeed.log.
run_once() {
  local D T H S
  D=$(free_port udp) T=$(free_port udp) H=$(free_port tcp) S=$(free_port udp)
  loopback_config "$WORK/smee.conf" "$D" "$T" "$H" "$S" "log: {format: $1, level: debug}"
  # start_smeed reads the port from a text line; in JSON the port is ours.
  "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/smee.conf" >"$WORK/smeed.log" 2>&1 &
  SMEED_PID=$! PORT=$H
  for _ in $(seq 100); do
    grep -q 'smeed is running' "$WORK/smeed.log" && break
    kill -0 "$SMEED_PID" 2>/dev/null || { echo "smeed exited:"; cut -c1-300 "$WORK/smeed.log"; exit 1; }
    sleep 0.1
  done
  curl -s --max-time 10 -o /dev/null "http://127.0.0.1:$PORT/$MAC/auto.ipxe"
  curl -s --max-time 10 -o /dev/null "http://127.0.0.1:$PORT/52:54:00:00:00:99/auto.ipxe"
  curl -s --max-time 10 -o /dev/null "tftp://127.0.0.1:$T/ipxe.efi"
  # A booting machine's message with a terminal escape and a carriage
  # return in it: neither may reach an operator's terminal or journald raw.
  printf '<14>Dec  4 10:00:00 pxe-61 boot: \033[31mred\rover' >/dev/udp/127.0.0.1/"$S"
  sleep 0.5  # the syslog receiver logs from its own worker thread
  kill "$SMEED_PID"; wait "$SMEED_PID" 2>/dev/null; SMEED_PID=""
}

run_once json
LOG=$WORK/smeed.log
lines=$(wc -l <"$LOG")
check "smeed wrote log lines" yes "$([ "$lines" -ge 8 ] && echo yes || echo "only $lines")"
check "every line is one JSON object" "$lines" "$(jq -c 'select(type == "object")' <"$LOG" 2>/dev/null | wc -l)"

# The envelope of every line, as Smee's slog JSON handler writes it.
bad=$(jq -c 'select(
    (keys_unsorted[0:5] != ["time", "level", "logger", "source", "msg"])
    or (.time | type != "string" or (test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]+Z$") | not))
    or ([.level] | inside(["DEBUG", "INFO", "WARN", "ERROR"]) | not)
    or (.logger | type != "string" or length == 0)
    or (.source | type != "object" or (keys_unsorted != ["function", "file", "line"]))
    or (.source.function | type != "string" or length == 0)
    or (.source.file | type != "string" or (test("^([^/]+/){0,2}[^/]+\\.(cc|h)$") | not))
    or (.source.line | type != "number" or . < 1)
    or (.msg | type != "string"))' <"$LOG" | head -3)
check "every line has time, level, logger, source{function,file,line}, msg with Smee's types" "" "$bad"

# Typed fields: numbers as numbers, text as text.
access=$(jq -c 'select(.msg == "response" and (.uri | endswith("auto.ipxe")))' <"$LOG")
check "two access lines for the scripts" 2 "$(printf '%s\n' "$access" | grep -c .)"
check "status, bytes and duration_ms are numbers; method, uri, client are strings" \
  "[200,404]" "$(printf '%s\n' "$access" | jq -sc 'map(select((.status | type) == "number"
    and (.bytes | type) == "number" and (.duration_ms | type) == "number"
    and (.method | type) == "string" and (.uri | type) == "string" and (.client | type) == "string") | .status)')"
check "the access line names the router's source file" yes \
  "$(printf '%s\n' "$access" | jq -r 'select(.status == 200) | .source.file | if test("^http-server/src/[a-z_]+\\.cc$") then "yes" else . end')"
# Smee's (pre-monorepo) quirk, kept for its log pipelines: the syslog line
# has "msg" twice, the message then the machine's text; JSON readers keep
# the last, the machine's text.
syslog_line=$(grep '"logger":"syslog","source":{[^}]*},"msg":"syslog message"' "$LOG")
check "the syslog line keeps the machine's text, escaped, as its last msg" \
  '"\u001b[31mred\rover"' "$(printf '%s\n' "$syslog_line" | jq -c '.msg')"

run_once text
check "text lines carry no colour codes" 0 "$(grep -c $'\x1b' "$WORK/smeed.log")"
check "text lines are not JSON and have no source object" 0 "$(grep -c '"source"' "$WORK/smeed.log")"
check "the syslog message's escape and carriage return are written escaped" 1 \
  "$(grep -Fc 'msg="\u001b[31mred\rover"' "$WORK/smeed.log")"
check "no raw carriage return in the text log" 0 "$(grep -c $'\r' "$WORK/smeed.log")"
check "no text line is a continuation" 0 "$(grep -vc '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T' "$WORK/smeed.log")"
finish
