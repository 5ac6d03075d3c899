#!/usr/bin/env bash
# bench_scale.sh: the file backend at fleet sizes, beside dnsmasq's
# dhcp-hostsfile and Kea's host reservations holding the same machines.
#
#   bench/bench_scale.sh [BUILD_DIR]          (default: build)
#
# For each size in SCALE_SIZES (default 1000 10000 100000 1000000), SCALE_REPS
# times (default 3), interleaved:
#   * backend_file_scale_bench (built with the tree: cmake --build BUILD_DIR
#     --target backend_file_scale_bench): loads the file through FileBackend
#     as smeed does (wall and CPU ms), then times SCALE_LOOKUPS lookups by MAC,
#     by IP and of absent MACs (ns each); up to SCALE_COMPARE_MAX machines it
#     also times the same lookups on HardwareIndex (hash maps of records).
#   * smeed (backend-file, ipxe-binaries, ipxe-script, http on 127.0.0.1): ready = exec until
#     the last machine's /<mac>/auto.ipxe answers 200; steady RSS 1 s later;
#     peak RSS (VmHWM).
#   * dnsmasq (--dhcp-hostsfile) and kea-dhcp4 (reservations in its JSON
#     config), DHCP on an unprivileged port: ready = exec until the log says the
#     hosts are read / the server started; RSS and VmHWM as for smeed. Peers run
#     up to SCALE_PEER_MAX machines (default 100000, see below).
# Every server runs inside a network namespace made here and deleted on exit
# (only its loopback, so nothing can leave it); without root the peers are
# skipped and smeed runs on 127.0.0.1. Medians go to stdout and
# $SCALE_WORK/scale.md. Never part of `make test`.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BUILD_DIR=$(cd "${1:-$HERE/../build}" && pwd)
SIZES=${SCALE_SIZES:-"1000 10000 100000 1000000"}
REPS=${SCALE_REPS:-3}
LOOKUPS=${SCALE_LOOKUPS:-1000000}
COMPARE_MAX=${SCALE_COMPARE_MAX:-100000}
# dnsmasq reads a hostsfile in time quadratic in its length (116 s for 100k
# hosts on a 2-core machine) and Kea held 330 MB for 100k reservations, so
# by default the peers stop at 100k; SCALE_PEER_MAX=1000000 tries them (each
# start is still bounded by SCALE_START_TIMEOUT).
PEER_MAX=${SCALE_PEER_MAX:-100000}
START_TIMEOUT=${SCALE_START_TIMEOUT:-120}  # seconds a server may take to get ready
WORK=${SCALE_WORK:-/dev/shm/hw-scale}
HTTP_PORT=${SCALE_HTTP_PORT:-18080}
DHCP_PORT=${SCALE_DHCP_PORT:-16767}
NS=hwscale$$

SMEED=$BUILD_DIR/smeed
BENCH=$BUILD_DIR/plugins/backends/file/tests/backend_file_scale_bench
for binary in "$SMEED" "$BENCH"; do
  [ -x "$binary" ] || { echo "missing $binary: build it first" >&2; exit 1; }
done

mkdir -p "$WORK"
RAW=$WORK/raw.tsv
: > "$RAW"
SERVER_PID=

in_ns() { if [ -n "${NS_UP:-}" ]; then ip netns exec "$NS" "$@"; else "$@"; fi; }

cleanup() {
  [ -n "$SERVER_PID" ] && stop_server
  [ -n "${NS_UP:-}" ] && ip netns del "$NS" 2>/dev/null
  return 0
}
trap cleanup EXIT

PEERS=1
if [ "$(id -u)" = 0 ] && ip netns add "$NS" 2>/dev/null; then
  NS_UP=1
  ip netns exec "$NS" ip link set lo up
else
  echo "not root (or no netns): peers skipped, smeed on 127.0.0.1" >&2
  PEERS=0
fi
command -v dnsmasq >/dev/null || { echo "dnsmasq not installed: skipped" >&2; }
command -v kea-dhcp4 >/dev/null || { echo "kea-dhcp4 not installed: skipped" >&2; }

now_ms() { date +%s%3N; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RAW"; }  # size tool metric value

# start_server LOG CMD...: `ip netns exec` execs, so $! is the server itself
# (a shell function in the background would be a subshell instead).
start_server() {
  local log=$1; shift
  if [ -n "${NS_UP:-}" ]; then
    ip netns exec "$NS" "$@" > "$log" 2>&1 &
  else
    "$@" > "$log" 2>&1 &
  fi
  SERVER_PID=$!
}

stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# wait_ready CHECK...: polls every 20 ms, at most START_TIMEOUT seconds;
# fails when the server died or the time is up.
wait_ready() {
  local deadline=$(( $(now_ms) + START_TIMEOUT * 1000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || return 1
    "$@" && return 0
    sleep 0.02
  done
  return 1
}

# measure SIZE TOOL T0: ready time, then steady RSS a second later, and peak.
measure() {
  local size=$1 tool=$2 t0=$3
  record "$size" "$tool" ready_ms $(( $(now_ms) - t0 ))
  sleep 1
  record "$size" "$tool" rss_kb "$(status_kb "$SERVER_PID" VmRSS)"
  record "$size" "$tool" hwm_kb "$(status_kb "$SERVER_PID" VmHWM)"
}

run_smeed() {
  local size=$1 dir=$2 last_mac t0
  last_mac=$(tail -n 1 "$dir/hosts.tsv" | cut -f1)
  cat > "$dir/smeed.yaml" <<CONF
smee:
  plugin_dir: $BUILD_DIR/plugins
  log: {level: info, format: text}
  public_ip: 127.0.0.1
plugins: [backend-file, ipxe-binaries, ipxe-script, http]
backend-file:
  path: $dir/hardware.yaml
  watch: false
ipxe-binaries:
  dir: /usr/lib/ipxe
ipxe-script:
  osie_url: http://127.0.0.1:$HTTP_PORT/hook
  tink_server: 127.0.0.1:42113
http:
  addr: 127.0.0.1
  port: $HTTP_PORT
CONF
  t0=$(now_ms)
  start_server "$dir/smeed.log" "$SMEED" -c "$dir/smeed.yaml"
  if wait_ready in_ns curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/$last_mac/auto.ipxe"; then
    measure "$size" smeed "$t0"
  else
    echo "smeed not ready for $size machines; see $dir/smeed.log" >&2
    record "$size" smeed failed 1
  fi
  stop_server
}

run_dnsmasq() {
  local size=$1 dir=$2 t0
  t0=$(now_ms)
  start_server "$dir/dnsmasq.log" dnsmasq --keep-in-foreground --log-facility=- \
    --conf-file=/dev/null --port=0 --no-resolv --no-hosts --user=root --pid-file= \
    --interface=lo --bind-interfaces --dhcp-range=10.0.0.0,static,255.0.0.0 \
    --dhcp-hostsfile="$dir/dnsmasq-hostsfile.txt" --dhcp-leasefile="$dir/dnsmasq.leases" \
    --dhcp-alternate-port="$DHCP_PORT,$((DHCP_PORT + 1))"
  if wait_ready grep -q "read $dir/dnsmasq-hostsfile.txt" "$dir/dnsmasq.log"; then
    measure "$size" dnsmasq "$t0"
  else
    echo "dnsmasq not ready for $size machines; see $dir/dnsmasq.log" >&2
    record "$size" dnsmasq failed 1
  fi
  stop_server
}

run_kea() {
  local size=$1 dir=$2 t0
  # Text concatenation, not jq: a million reservations are 100 MB of JSON.
  {
    printf '{"Dhcp4": {"interfaces-config": {"interfaces": ["lo"], "dhcp-socket-type": "udp"},\n'
    printf ' "lease-database": {"type": "memfile", "persist": false},\n'
    printf ' "host-reservation-identifiers": ["hw-address"],\n'
    printf ' "subnet4": [{"id": 1, "subnet": "10.0.0.0/8", "pools": [], "reservations":\n'
    cat "$dir/kea-reservations.json"
    printf '}],\n "loggers": [{"name": "kea-dhcp4", "output_options": [{"output": "stdout"}],'
    printf ' "severity": "INFO"}]}}\n'
  } > "$dir/kea.json"
  rm -f "$dir"/*.kea-dhcp4.pid
  t0=$(now_ms)
  start_server "$dir/kea.log" env KEA_PIDFILE_DIR="$dir" KEA_LOCKFILE_DIR="$dir" \
    kea-dhcp4 -p "$DHCP_PORT" -c "$dir/kea.json"
  if wait_ready grep -q DHCP4_STARTED "$dir/kea.log"; then
    measure "$size" kea "$t0"
  else
    echo "kea-dhcp4 not ready for $size machines; see $dir/kea.log" >&2
    record "$size" kea failed 1
  fi
  stop_server
}

run_index_bench() {
  local size=$1 dir=$2 compare=()
  [ "$size" -le "$COMPARE_MAX" ] && compare=(--compare)
  nice -n 10 "$BENCH" "$dir/hardware.yaml" "$dir/hosts.tsv" --lookups "$LOOKUPS" "${compare[@]}" \
    > "$dir/index.txt"
  while read -r key value; do record "$size" index "$key" "$value"; done < "$dir/index.txt"
}

for size in $SIZES; do
  dir=$WORK/n$size
  if [ ! -s "$dir/hosts.tsv" ] || [ "$(wc -l < "$dir/hosts.tsv")" != "$size" ]; then
    echo "generating $size machines" >&2
    python3 "$HERE/tools/gen_reservations.py" -n "$size" --max-count 16000000 \
      --ip-base 10.0.0.0 --netmask 255.0.0.0 --gateway 10.0.0.1 -o "$dir" \
      --formats yaml,tsv,dnsmasq-hostsfile,kea > /dev/null
  fi
  record "$size" file yaml_bytes "$(stat -c %s "$dir/hardware.yaml")"
  for rep in $(seq "$REPS"); do
    echo "size $size, repetition $rep" >&2
    run_index_bench "$size" "$dir"
    run_smeed "$size" "$dir"
    if [ "$PEERS" = 1 ] && [ "$size" -le "$PEER_MAX" ]; then
      command -v dnsmasq >/dev/null && run_dnsmasq "$size" "$dir"
      command -v kea-dhcp4 >/dev/null && run_kea "$size" "$dir"
    fi
  done
done

python3 "$HERE/tools/scale_table.py" "$RAW" | tee "$WORK/scale.md"
