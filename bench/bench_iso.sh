#!/usr/bin/env bash
# bench_iso.sh [BUILD_DIR]  -- patched ISO streaming against nginx, on 127.0.0.1.
#
# One 100 MB image with the HookOS magic string in the middle. nginx serves it
# unpatched (the reference) and is also smeed's upstream. Measured in the same
# run, REPS times each, medians reported:
#   full:   one GET of the whole image (curl, --speed from the transfer)
#   ranges: 1,000 random 64 KiB Range requests over one keep-alive connection
#           (curl -K with --next per request), the BMC virtual-media pattern
#   beside load: CONCURRENT (20) whole-image downloads at once from each smeed
#           while wrk holds 1,000 connections on auto.ipxe; every image checked,
#           smeed's peak RSS sampled (ISO streams must stay bounded in memory)
# for nginx direct, smeed proxying (every request goes upstream) and smeed with
# its local cache (cache_dir). Never part of `make test`.
# Output: a table on stdout and bench/results/<run id>/iso.md.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$HERE/../build}
: "${REPS:=5}" "${SIZE_MB:=100}" "${RANGES:=1000}" "${CONCURRENT:=20}" "${LOAD_CONN:=1000}"
RUN_ID=${PB_RUN_ID:-$(date -u +%Y%m%d-%H%M%S)}
command -v nginx >/dev/null || { echo "nginx is not installed (bench/deps.sh)"; exit 1; }
WORK=$(mktemp -d /dev/shm/smeed-iso-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MAGIC=$(sed -n '/kDefaultMagicString =/,/;/p' "$HERE/../plugins/http/iso/src/magic_string.h" | grep -o '"[0-9a-z]*"' | tr -d '"\n')
MAC=02:50:42:00:00:07

mkdir -p "$WORK/www" "$WORK/cache" "$WORK/ipxe"
python3 - "$WORK/www/hook.iso" "$SIZE_MB" "$MAGIC" <<'PY'
import os, sys
path, mb, magic = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
size = mb * 1000 * 1000
with open(path, "wb") as f:
    f.write(os.urandom(size // 2 + 12345))
    f.write(magic)
    f.write(os.urandom(size - f.tell()))
PY
SIZE=$(stat -c %s "$WORK/www/hook.iso")
head -c 1000 /dev/urandom >"$WORK/ipxe/ipxe.efi"

NGINX_PORT=$(free_port)
cat >"$WORK/nginx.conf" <<NG
daemon off;
master_process off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  # tcp_nopush (servers/nginx.sh has it on) makes nginx stall 40 ms, a
  # delayed ACK, on every keep-alive range answer: 25 req/s. Off here so
  # that the reference is nginx at its best for this pattern.
  tcp_nopush off;
  keepalive_requests 100000;
  client_body_temp_path $WORK;
  proxy_temp_path $WORK;
  fastcgi_temp_path $WORK;
  uwsgi_temp_path $WORK;
  scgi_temp_path $WORK;
  default_type application/octet-stream;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
NG
nginx -p "$WORK" -c "$WORK/nginx.conf" &
PIDS+=($!)

printf '"%s":\n  ipAddress: 192.0.2.7\n  subnetMask: 255.255.255.0\n  vlanID: "42"\n  netboot: {allowPxe: true, facility: bench}\n' \
  "$MAC" >"$WORK/hardware.yaml"
start_smeed() {  # start_smeed NAME EXTRA-ISO-YAML -> sets PORT_<NAME>
  local port; port=$(free_port)
  cat >"$WORK/$1.conf" <<CONF
smee: {public_ip: 127.0.0.1, log: {level: warn}}
plugins: [backend-file, ipxe-binaries, ipxe-script, http, iso]
backend-file: {path: hardware.yaml}
ipxe-binaries: {dir: ipxe}
http: {addr: 127.0.0.1, port: $port, iso_max_streams: $((CONCURRENT + 4)), max_connections_per_client: 5000}
ipxe-script: {osie_url: http://127.0.0.1:$NGINX_PORT/hook, tink_server: 127.0.0.1:42113}
iso:
  url: http://127.0.0.1:$NGINX_PORT/hook.iso
  tink_server: 127.0.0.1:42113
$2
CONF
  "$BUILD/smeed" --plugin-dir "$BUILD/plugins" -c "$WORK/$1.conf" >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  printf -v "PORT_$1" %s "$port"
}
start_smeed proxy ""
start_smeed cached "  cache_dir: $WORK/cache"
sleep 1

NGINX_URL=http://127.0.0.1:$NGINX_PORT/hook.iso
PROXY_URL=http://127.0.0.1:$PORT_proxy/iso/$MAC/hook.iso
CACHED_URL=http://127.0.0.1:$PORT_cached/iso/$MAC/hook.iso

# Correctness first: smeed's bytes are the image with the patch in place.
curl -sf -o "$WORK/got.iso" "$PROXY_URL"
PATCHED_SHA=$(sha256sum <"$WORK/got.iso" | cut -d' ' -f1)
python3 - "$WORK/www/hook.iso" "$WORK/got.iso" "$MAGIC" <<'PY'
import sys
a, b, magic = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read(), sys.argv[3].encode()
at = a.find(magic)
assert len(a) == len(b) and a[:at] == b[:at] and a[at + 1024:] == b[at + 1024:], "bytes outside the marker differ"
assert b[at:at + 1024].startswith(b" facility=bench ") and magic not in b, "not patched"
PY
rm -f "$WORK/got.iso"
# Warm the cache (the first request fills it in the background).
for _ in $(seq 100); do
  curl -s -o /dev/null "$CACHED_URL" -r 0-0
  grep -q "ISO cache filled" "$WORK/cached.log" 2>/dev/null && break
  sleep 0.5
done

python3 - "$SIZE" "$RANGES" >"$WORK/offsets" <<'PY'
import random, sys
size, n = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(8)
for _ in range(n):
    first = rng.randrange(0, size - 65536)
    print(first, first + 65535)
PY
range_config() {  # range_config URL -> curl -K file
  awk -v url="$1" '{if (NR > 1) print "next"; printf "url = \"%s\"\nrange = \"%d-%d\"\noutput = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\n", url, $1, $2}' \
    "$WORK/offsets" >"$WORK/ranges-$2.cfg"
}
median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
full_mbps() {  # full_mbps URL -> MB/s of one whole-image GET
  curl -s -o /dev/null -w '%{speed_download}\n' "$1" | awk '{printf "%.1f\n", $1/1e6}'
}
ranges_rps() {  # ranges_rps URL NAME -> requests/s for the whole list
  range_config "$1" "$2"
  local t0 t1 ok
  t0=$(date +%s.%N)
  ok=$(curl -s -K "$WORK/ranges-$2.cfg" | grep -c '^206$' || true)
  t1=$(date +%s.%N)
  [ "$ok" = "$RANGES" ] || { echo "only $ok of $RANGES answers were 206 for $2" >&2; exit 1; }
  awk -v n="$RANGES" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f\n", n/(b-a)}'
}

# Interleaved (nginx, proxy, cached in every repetition) so that load from
# elsewhere on the machine falls on all three alike.
declare -A FULL RANGE FULLS RANGES_ALL
url_of() { case $1 in nginx) echo "$NGINX_URL" ;; proxy) echo "$PROXY_URL" ;; cached) echo "$CACHED_URL" ;; esac; }
for _ in $(seq "$REPS"); do
  for name in nginx proxy cached; do
    FULLS[$name]+="$(full_mbps "$(url_of $name)") "
    RANGES_ALL[$name]+="$(ranges_rps "$(url_of $name)" "$name") "
  done
done
for name in nginx proxy cached; do
  FULL[$name]=$(printf '%s\n' ${FULLS[$name]} | median)
  RANGE[$name]=$(printf '%s\n' ${RANGES_ALL[$name]} | median)
  echo "$name: full ${FULLS[$name]}MB/s; ranges ${RANGES_ALL[$name]}req/s" >&2
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2fx", a/b}'; }
mkdir -p "$HERE/results/$RUN_ID"
{
  echo "## ISO patching: $SIZE_MB MB image, run $RUN_ID (medians of $REPS, $(nginx -v 2>&1 | sed 's/.*: //'))"
  echo
  echo "| measurement | nginx (unpatched) | smeed proxy | smeed cached | proxy vs nginx | cached vs nginx |"
  echo "|---|---|---|---|---|---|"
  echo "| whole image, MB/s | ${FULL[nginx]} | ${FULL[proxy]} | ${FULL[cached]} | $(ratio "${FULL[proxy]}" "${FULL[nginx]}") | $(ratio "${FULL[cached]}" "${FULL[nginx]}") |"
  echo "| $RANGES random 64 KiB ranges, req/s | ${RANGE[nginx]} | ${RANGE[proxy]} | ${RANGE[cached]} | $(ratio "${RANGE[proxy]}" "${RANGE[nginx]}") | $(ratio "${RANGE[cached]}" "${RANGE[nginx]}") |"
} | tee "$HERE/results/$RUN_ID/iso.md"

# Beside load: CONCURRENT whole images at once while wrk holds LOAD_CONN
# connections on auto.ipxe of the same smeed. Peak RSS is sampled every 0.2 s.
command -v wrk >/dev/null || { echo "wrk is not installed: no run beside load" >&2; exit 0; }
ulimit -n 20000 2>/dev/null || true
pid_of() { pgrep -f -- "-c $WORK/$1.conf" | head -1; }
beside_load() {  # beside_load NAME URL PORT -> "ok_images MB/s script_req/s peak_rss_MiB idle_rss_MiB non2xx"
  local name=$1 url=$2 port=$3 pid idle peak t0 t1 ok
  pid=$(pid_of "$name")
  idle=$(ps -o rss= -p "$pid")
  wrk -t1 -c"$LOAD_CONN" -d30s "http://127.0.0.1:$port/$MAC/auto.ipxe" >"$WORK/wrk-$name.txt" 2>&1 &
  local wrk_pid=$!
  sleep 2
  ( peak=0; while kill -0 "$wrk_pid" 2>/dev/null; do r=$(ps -o rss= -p "$pid" || echo 0); [ "$r" -gt "$peak" ] && peak=$r; echo "$peak" >"$WORK/peak-$name"; sleep 0.2; done ) &
  local sampler=$!
  t0=$(date +%s.%N)
  local downloads=()
  for i in $(seq "$CONCURRENT"); do
    (curl -s --max-time 600 "$url" | sha256sum | cut -d' ' -f1 >"$WORK/sum-$name-$i") &
    downloads+=($!)
  done
  wait "${downloads[@]}" 2>/dev/null || true
  t1=$(date +%s.%N)
  wait "$wrk_pid" "$sampler" 2>/dev/null || true
  ok=$(cat "$WORK"/sum-"$name"-* | grep -c "^$PATCHED_SHA$" || true)
  awk -v ok="$ok" -v n="$CONCURRENT" -v size="$SIZE" -v a="$t0" -v b="$t1" -v idle="$idle" -v peak="$(cat "$WORK/peak-$name")" \
      -v rps="$(awk '/^Requests\/sec:/{print $2}' "$WORK/wrk-$name.txt")" \
      -v non2xx="$(awk '/Non-2xx/{print $NF}' "$WORK/wrk-$name.txt")" \
    'BEGIN{printf "%d/%d %.0f %.0f %.1f %.1f %s\n", ok, n, n*size/(b-a)/1e6, rps, peak/1024, idle/1024, non2xx==""?0:non2xx}'
}
{
  echo
  echo "### $CONCURRENT whole-image downloads at once beside wrk -c$LOAD_CONN on auto.ipxe (same smeed)"
  echo
  echo "| smeed | images correct | ISO MB/s (all together) | auto.ipxe req/s meanwhile | peak RSS, MiB | idle RSS, MiB | non-2xx scripts |"
  echo "|---|---|---|---|---|---|---|"
  for name in proxy cached; do
    port_var=PORT_$name
    read -r ok mbps rps peak idle non2xx <<<"$(beside_load "$name" "$(url_of "$name")" "${!port_var}")"
    echo "| $name | $ok | $mbps | $rps | $peak | $idle | $non2xx |"
  done
} | tee -a "$HERE/results/$RUN_ID/iso.md"
