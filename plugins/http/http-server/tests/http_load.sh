#!/usr/bin/env bash
# The HTTP server under load and abuse, with real clients on 127.0.0.0/8:
# 500 parallel auto.ipxe (one per machine), 200 parallel 1 MiB binaries,
# 100 slowloris connections while health probes and a script are still
# answered, keep-alive and pipelining; then, on a second instance with small
# limits, every refusal and time-out (503 over the per-client and total caps,
# 431, 400, idle keep-alive, a client that never reads) and its counter.
# Usage: http_load.sh SMEED_BINARY PLUGIN_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
HERE=$(cd "$(dirname "$0")" && pwd)
for tool in curl python3 sha256sum timeout; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
curl --help all 2>/dev/null | grep -q -- '--parallel-immediate' ||
  { echo "SKIP: curl has no --parallel-immediate (7.68 or later needed)"; exit 77; }
# 500 sockets in the clients at once (and as many in smeed, which inherits this).
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 2048 ] ||
  { echo "SKIP: cannot raise the open-file limit to 2048 (it is $(ulimit -n))"; exit 77; }
# Source addresses 127.0.0.2.. need the usual 127.0.0.0/8 on lo.
python3 -c 'import socket; socket.socket().bind(("127.0.0.11", 0)); socket.socket().bind(("127.0.0.25", 0))' 2>/dev/null ||
  { echo "SKIP: cannot bind 127.0.0.11 (no 127.0.0.0/8 on lo)"; exit 77; }
. "$HERE/../../../../tests/lib/smeed_script_test.sh"
RAW="python3 $HERE/raw_client.py"

# 500 machines; lookups are by the MAC in the path, so the addresses only
# need to be distinct.
mac_of() { printf '52:54:00:00:%02x:%02x' $(($1 / 256)) $(($1 % 256)); }
nets=(192.0.2 198.51.100 203.0.113)
for i in $(seq 0 499); do
  printf '"%s":\n  ipAddress: %s.%d\n  subnetMask: 255.255.255.0\n  netboot: {allowPxe: true}\n' \
    "$(mac_of "$i")" "${nets[$((i / 250))]}" $((i % 250 + 1))
done >"$WORK/hardware.yaml"
mkdir -p "$WORK/ipxe"
head -c 1048576 /dev/urandom >"$WORK/ipxe/big.bin"
head -c 8388608 /dev/urandom >"$WORK/ipxe/huge.bin"
BIG_SUM=$(sha256sum <"$WORK/ipxe/big.bin")

write_conf() {  # write_conf FILE HTTP-FLOW-MAP
  cat >"$1" <<CONF
smee: {public_ip: 127.0.0.1}
plugins: [backend-file, ipxe-binaries, ipxe-script, http]
backend-file: {path: hardware.yaml, watch: false}
ipxe-binaries: {dir: ipxe}
ipxe-script: {tink_server: 127.0.0.1:42113}
http: $2
CONF
}
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# metric NAME: its value on the running instance ($B), "absent" when the
# line is missing (so that no check passes on a metric that is not there).
metric() { curl -s "$B/metrics" | awk -v m="$1" '$1 == m {v = $2} END {print (v == "") ? "absent" : v + 0}'; }
# at_least MIN VALUE / at_most MAX VALUE -> 1 or 0 (0 for a non-number)
at_least() { awk -v m="$1" -v v="$2" 'BEGIN {print (v ~ /^[0-9.]+$/ && v + 0 >= m) ? 1 : 0}'; }
at_most() { awk -v m="$1" -v v="$2" 'BEGIN {print (v ~ /^[0-9.]+$/ && v + 0 <= m) ? 1 : 0}'; }
# wait_open MAX: until smee_http_connections_open <= MAX (the scrape's own
# connection counts), at most 5 s; prints the last value.
wait_open() {
  local v
  for _ in $(seq 50); do
    v=$(metric smee_http_connections_open)
    [ "$(at_most "$1" "$v")" = 1 ] && break
    sleep 0.1
  done
  echo "$v"
}
# stop_smeed: SIGTERM, at most 10 s; STOP_RC is the exit status ("killed"
# if it hung and had to be killed).
stop_smeed() {
  kill -TERM "$SMEED_PID" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$SMEED_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$SMEED_PID" 2>/dev/null; then
    kill -KILL "$SMEED_PID"; wait "$SMEED_PID" 2>/dev/null; STOP_RC=killed
  else
    wait "$SMEED_PID"; STOP_RC=$?
  fi
  SMEED_PID=""
}

# ---- instance 1: roomy limits; the per-client cap (100) is why the load
# comes from ten source addresses.
write_conf "$WORK/smee.conf" "{addr: 127.0.0.1, port: 0, loops: 2, max_connections_per_client: 100,
  header_timeout: 3}"
start_smeed "$WORK/smee.conf" "HTTP server listening"
B=http://127.0.0.1:$PORT
check "instance 1 answers /healthz" 200 "$(code "$B/healthz")"

# a. 500 parallel GET /<mac>/auto.ipxe, one per machine. curl 7.x caps
# --parallel-max at 300 (a larger value silently means 50), so one curl per
# source address, 50 transfers each, all ten started at once.
mkdir -p "$WORK/a"
t0=$(date +%s%N) pids=()
for s in $(seq 2 11); do
  args=(--parallel --parallel-immediate --parallel-max 50 -s --no-progress-meter --interface "127.0.0.$s"
        -w '%{http_code} %{local_ip} %{num_connects} %{url_effective}\n')
  for i in $(seq $((s - 2)) 10 499); do args+=(-o "$WORK/a/$i" "$B/$(mac_of "$i")/auto.ipxe"); done
  timeout 60 curl "${args[@]}" >"$WORK/a.$s.out" 2>"$WORK/a.$s.err" &
  pids+=($!)
done
wait "${pids[@]}"  # not a bare wait: smeed is a child too
ms_a=$((($(date +%s%N) - t0) / 1000000))
cat "$WORK"/a.*.out >"$WORK/a.out"
echo "     (500 scripts in $ms_a ms)"
check "a. 500 parallel auto.ipxe: 500 answers" 500 "$(grep -c '^[0-9]' "$WORK/a.out")"
check "a. ... every one 200" 500 "$(grep -c '^200 ' "$WORK/a.out")"
check "a. ... from ten source addresses" 10 "$(awk '{print $2}' "$WORK/a.out" | sort -u | wc -l)"
check "a. ... each on a connection of its own (500 connects)" 500 "$(awk '{n += $3} END {print n + 0}' "$WORK/a.out")"
own=0
for i in $(seq 0 499); do grep -q "worker_id=$(mac_of "$i") " "$WORK/a/$i" 2>/dev/null && own=$((own + 1)); done
check "a. ... each names its own machine (worker_id=<mac>)" 500 "$own"
rm -rf "$WORK/a"

# b. 200 parallel GET /ipxe/big.bin (1 MiB), 20 from each source address.
mkdir -p "$WORK/b"
t0=$(date +%s%N) pids=()
for s in $(seq 2 11); do
  args=(--parallel --parallel-immediate --parallel-max 20 -s --no-progress-meter --interface "127.0.0.$s"
        -w '%{http_code} %{size_download}\n')
  for i in $(seq $((s - 2)) 10 199); do args+=(-o "$WORK/b/$i" "$B/ipxe/big.bin"); done
  timeout 60 curl "${args[@]}" >"$WORK/b.$s.out" 2>"$WORK/b.$s.err" &
  pids+=($!)
done
wait "${pids[@]}"
ms_b=$((($(date +%s%N) - t0) / 1000000))
cat "$WORK"/b.*.out >"$WORK/b.out"
echo "     (200 MiB in $ms_b ms)"
check "b. 200 parallel 1 MiB binaries: every one 200 with 1048576 bytes" 200 "$(grep -c '^200 1048576$' "$WORK/b.out")"
same=0
for i in $(seq 0 199); do [ "$(sha256sum <"$WORK/b/$i" 2>/dev/null)" = "$BIG_SUM" ] && same=$((same + 1)); done
check "b. ... every body byte for byte (sha256)" 200 "$same"
rm -rf "$WORK/b"
check "a+b. every connection closed again (open gauge <= 1, the scrape's own)" 1 "$(at_most 1 "$(wait_open 1)")"
check "a+b. connections accepted >= 700" 1 "$(at_least 700 "$(metric smee_http_connections_accepted_total)")"

# c. 100 slowloris connections (ten source addresses, one header byte a
# second) held while /healthz and a script are answered; closed by the
# server after header_timeout (3 s).
python3 "$HERE/slow_clients.py" 127.0.0.1 "$PORT" --header-timeout 3 --count 100 \
  --sources 127.0.0.2-127.0.0.11 --probes 10 --probe-path /healthz \
  --script-path "/$(mac_of 7)/auto.ipxe" --expect "worker_id=$(mac_of 7) " >"$WORK/slow.out" 2>&1
sed 's/^/     /' "$WORK/slow.out"
kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" "$WORK/slow.out" | head -1; }
check "c. 100 slow connections open" 100 "$(kv slow_open)"
check "c. 10 /healthz probes meanwhile, each 200" 10/10 "$(kv probe_ok)"
check "c. ... median latency < 100 ms (was $(kv probe_median_ms) ms)" 1 \
  "$(awk -v v="$(kv probe_median_ms)" 'BEGIN {print (v != "" && v < 100) ? 1 : 0}')"
check "c. a normal client gets its auto.ipxe meanwhile" "200 1" "$(kv script_status) $(kv script_has_mac)"
check "c. the slow connections were still held then" 100/100 "$(kv held_during_probes)"
check "c. the server closed every slow connection" 100/100 "$(kv closed_by_server)"
check "c. ... about header_timeout after it opened (2.5..6 s)" 100/100 "$(kv closed_near_header_timeout)"
check "c. counted: closed{reason=header_timeout} >= 100" 1 \
  "$(at_least 100 "$(metric 'smee_http_connections_closed_total{reason="header_timeout"}')")"

# e. Keep-alive and pipelining: three requests in one write, three answers
# in order; curl with two URLs uses one connection.
mkdir -p "$WORK/e"
$RAW pipeline 127.0.0.1 "$PORT" "$WORK/e" /healthz "/$(mac_of 9)/auto.ipxe" \
  "/ipxe/big.bin|Range: bytes=0-9" >"$WORK/e.out" 2>&1
sed 's/^/     /' "$WORK/e.out"
check "e. pipelined: 3 answers, in order (200, 200, 206)" "200 200 206" \
  "$(sed -n 's/^response[0-9] status=\([0-9]*\).*/\1/p' "$WORK/e.out" | tr '\n' ' ' | sed 's/ $//')"
check "e. ... 1st is /healthz" ok "$(cat "$WORK/e/1" 2>/dev/null)"
check "e. ... 2nd is the machine's script" 1 "$(grep -c "worker_id=$(mac_of 9) " "$WORK/e/2" 2>/dev/null)"
check "e. ... 3rd is bytes 0-9 of big.bin" "$(head -c 10 "$WORK/ipxe/big.bin" | sha256sum)" "$(sha256sum <"$WORK/e/3" 2>/dev/null)"
check "e. curl, two URLs: the second on the same connection (num_connects 1 0)" "1 0" \
  "$(curl -s -o /dev/null -o /dev/null -w '%{num_connects}\n' "$B/healthz" "$B/$(mac_of 3)/auto.ipxe" | tr '\n' ' ' | sed 's/ $//')"
check "e. ... curl -v says so" 1 \
  "$(curl -sv -o /dev/null -o /dev/null "$B/healthz" "$B/healthz" 2>&1 | grep -c 'Re-using existing connection')"
check "instance 1 still answers /healthz" 200 "$(code "$B/healthz")"
stop_smeed
check "instance 1 stops on SIGTERM with exit 0 (within 10 s)" 0 "$STOP_RC"
[ "$failed" = 0 ] || { echo "--- instance 1 log"; tail -20 "$WORK/smeed.log" | cut -c1-300; }
mv "$WORK/smeed.log" "$WORK/smeed-1.log"

# ---- instance 2: small limits, each refusal and time-out on its own.
write_conf "$WORK/smee.conf" "{addr: 127.0.0.1, port: 0, loops: 1, max_connections: 60,
  max_connections_per_client: 20, header_timeout: 3, keep_alive_timeout: 2, send_timeout: 3,
  max_header_bytes: 2048}"
start_smeed "$WORK/smee.conf" "HTTP server listening"
B=http://127.0.0.1:$PORT
check "instance 2 answers /healthz" 200 "$(code "$B/healthz")"
refused() { metric "smee_http_connections_refused_total{reason=\"$1\"}"; }
closed() { metric "smee_http_connections_closed_total{reason=\"$1\"}"; }
wait_open 1 >/dev/null

# d. 30 idle connections from one address: 20 held, 10 answered 503 and closed.
out=$($RAW hold 127.0.0.1 "$PORT" 127.0.0.20 30)
echo "     $out"
check "d. 30 from one address (cap 20): 20 held, 10 refused with 503" "held=20 refused_503=10" \
  "$(grep -o 'held=[0-9]* refused_503=[0-9]*' <<<"$out")"
check "d. ... each 503 says Connection: close" "refused_with_close=10" "$(grep -o 'refused_with_close=[0-9]*' <<<"$out")"
check "d. ... counted: refused{reason=max_per_client} = 10" 10 "$(refused max_per_client)"
wait_open 1 >/dev/null

# 70 idle connections from five addresses (14 each, under the per-client
# cap): 60 held, 10 refused over max_connections.
out=$($RAW hold 127.0.0.1 "$PORT" 127.0.0.21,127.0.0.22,127.0.0.23,127.0.0.24,127.0.0.25 14)
echo "     $out"
check "d. 70 from five addresses (cap 60): 60 held, 10 refused with 503" "held=60 refused_503=10" \
  "$(grep -o 'held=[0-9]* refused_503=[0-9]*' <<<"$out")"
check "d. ... counted: refused{reason=max_connections} = 10" 10 "$(refused max_connections)"
check "d. ... and none more under max_per_client" 10 "$(refused max_per_client)"
wait_open 1 >/dev/null

# A header block over max_header_bytes (2048), and a garbage request line.
out=$($RAW oversize 127.0.0.1 "$PORT" 3000)
echo "     $out"
check "d. 3000-byte header block (max 2048): 431, then closed" "status=431 closed=1" "$(grep -o 'status=[0-9a-z]* closed=[01]' <<<"$out")"
check "d. ... counted: closed{reason=header_too_large} = 1" 1 "$(closed header_too_large)"
out=$($RAW garbage 127.0.0.1 "$PORT")
echo "     $out"
check "d. garbage request line: 400, then closed" "status=400 closed=1" "$(grep -o 'status=[0-9a-z]* closed=[01]' <<<"$out")"
check "d. ... counted: closed{reason=bad_request} = 1" 1 "$(closed bad_request)"

# An idle keep-alive connection (keep_alive_timeout 2 s) and a client that
# never reads an 8 MiB body (send_timeout 3 s), side by side.
$RAW idle 127.0.0.1 "$PORT" /healthz >"$WORK/idle.out" 2>&1 &
idle_pid=$!
$RAW stall 127.0.0.1 "$PORT" /ipxe/huge.bin 6 4096 >"$WORK/stall.out" 2>&1 &
stall_pid=$!
wait $idle_pid $stall_pid
sed 's/^/     /' "$WORK/idle.out" "$WORK/stall.out"
check "d. idle keep-alive connection: answered, then closed by the server" "status=200 closed=1 how=eof" \
  "$(grep -o 'status=[0-9]* closed=[01] how=[a-z]*' "$WORK/idle.out")"
check "d. ... after ~2 s (1.5..4 s)" 1 \
  "$(awk -v v="$(sed -n 's/.*closed_after_s=\([0-9.]*\).*/\1/p' "$WORK/idle.out")" 'BEGIN {print (v != "" && v >= 1.5 && v <= 4) ? 1 : 0}')"
check "d. ... counted: closed{reason=idle_timeout} >= 1" 1 "$(at_least 1 "$(closed idle_timeout)")"
check "d. client that never reads 8 MiB: 200, cut short" "status=200 content_length=8388608 truncated=1" \
  "$(sed -n 's/.*\(status=[0-9a-z]*\) \(content_length=[-0-9]*\) body_received=[0-9]* \(truncated=[01]\).*/\1 \2 \3/p' "$WORK/stall.out")"
check "d. ... counted: closed{reason=send_timeout} = 1" 1 "$(closed send_timeout)"

check "d. smeed is alive" 0 "$(kill -0 "$SMEED_PID" 2>/dev/null; echo $?)"
check "d. ... and answers /healthz" ok "$(curl -s "$B/healthz")"
check "d. ... and /metrics" 1 "$(curl -s "$B/metrics" | grep -c '^smee_http_connections_accepted_total [0-9]')"
stop_smeed
check "instance 2 stops on SIGTERM with exit 0 (within 10 s)" 0 "$STOP_RC"
check "no crash or sanitizer report in either log" 0 \
  "$(cat "$WORK/smeed-1.log" "$WORK/smeed.log" | grep -ciE 'segmentation|terminate called|AddressSanitizer|core dumped|fatal')"

finish
