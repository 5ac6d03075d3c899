#!/usr/bin/env bash
# The iso plugin end to end on 127.0.0.1: a real ISO built with xorriso,
# served by a local upstream (upstream.py), patched by smeed per machine and
# read back with xorriso; Range requests around the magic string; MAC forms;
# the 400/404/416/500/502/503 answers; an upstream that dies mid-stream.
# Usage: iso_routes.sh SMEED_BINARY PLUGIN_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
HERE=$(cd "$(dirname "$0")" && pwd)
for tool in xorriso curl python3 openssl; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed (make deps)"; exit 77; }
done
. "$HERE/../../../../tests/lib/smeed_script_test.sh"
UP_PID=""
TLS_PID=""
trap 'kill $UP_PID $TLS_PID 2>/dev/null; cleanup' EXIT

MAGIC=$(sed -n '/kDefaultMagicString =/,/;/p' "$HERE/../src/magic_string.h" | grep -o '"[0-9a-z]*"' | tr -d '"\n')
[ ${#MAGIC} = 1024 ] || { echo "FAIL: cannot read the magic string from magic_string.h"; exit 1; }

# Two small ISOs whose GRUB config carries the magic string, with filler
# around it so that the marker sits deep inside the image.
make_iso() {  # make_iso NAME LABEL
  local dir="$WORK/tree-$1"
  mkdir -p "$dir/boot/grub"
  head -c 700000 /dev/urandom >"$dir/boot/filler.bin"
  printf 'set timeout=0\nmenuentry "%s" {\n        linux /kernel %s text\n        initrd /initrd.img\n}\n' \
    "$2" "$MAGIC" >"$dir/boot/grub/grub.cfg"
  head -c 300000 /dev/urandom >"$dir/zz-after.bin"
  xorriso -as mkisofs -quiet -R -V "$2" -o "$WORK/upstream/$1" "$dir" 2>/dev/null
}
mkdir -p "$WORK/upstream"
make_iso hook.iso HOOK
make_iso other.iso OTHER
# Not an ISO: 80 magic strings, more than the cache lists, so a cached copy
# is served by scanning around each range instead.
python3 - "$WORK/upstream/many.iso" "$MAGIC" <<'PY'
import os, sys
data = bytearray(os.urandom(400000))
for i in range(80):
    data[1000 + i * 4500:1000 + i * 4500 + 1024] = sys.argv[2].encode()
open(sys.argv[1], "wb").write(data)
PY
python3 "$HERE/upstream.py" "$WORK/upstream" "$WORK/upstream.port" 2>"$WORK/upstream.log" &
UP_PID=$!
for _ in $(seq 50); do [ -s "$WORK/upstream.port" ] && break; sleep 0.1; done
UP=$(cat "$WORK/upstream.port")
U=http://127.0.0.1:$UP
# The same files over https, with a certificate smeed trusts only once
# upstream_ca_file names it.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" >/dev/null 2>&1
python3 "$HERE/upstream.py" "$WORK/upstream" "$WORK/tls.port" "$WORK/tls.crt" "$WORK/tls.key" 2>"$WORK/tls.log" &
TLS_PID=$!
for _ in $(seq 50); do [ -s "$WORK/tls.port" ] && break; sleep 0.1; done
S=https://127.0.0.1:$(cat "$WORK/tls.port")

mkdir -p "$WORK/ipxe"
head -c 1000 /dev/urandom >"$WORK/ipxe/ipxe.efi"
long=$(printf 'f%.0s' $(seq 1100))
hw() {  # hw MAC FACILITY EXTRA-INTERFACE-YAML
  cat <<YAML
---
apiVersion: tinkerbell.org/v1alpha1
kind: Hardware
metadata: {name: m-${1//:/}, namespace: test}
spec:
  metadata: {facility: {facility_code: "$2"}}
  interfaces:
    - dhcp: {mac: "$1"$3}
      netboot: {allowPXE: true}
${4:-}
YAML
}
{
  hw 52:54:00:00:00:01 lab1 ', vlan_id: "42", hostname: m1, ip: {address: 10.0.0.11, netmask: 255.255.255.0, gateway: 10.0.0.1}, name_servers: [1.1.1.1, 8.8.8.8], time_servers: [10.0.0.5]'
  hw 52:54:00:00:00:02 'x console=ttyS2,115200' ''
  hw 52:54:00:00:00:03 '' ''
  hw 52:54:00:00:00:04 '' '' "      isoboot: {sourceISO: \"$U/other.iso\"}"
  hw 52:54:00:00:00:05 "$long" ''
  hw 52:54:00:00:00:06 '' '' "      isoboot: {sourceISO: \"$U/missing.iso\"}"
  hw 52:54:00:00:00:07 '' '' "      isoboot: {sourceISO: \"http://127.0.0.1:1/refused.iso\"}"
  hw 52:54:00:00:00:08 '' '' "      isoboot: {sourceISO: \"$U/die/hook.iso\"}"
  hw 52:54:00:00:00:09 '' '' "      isoboot: {sourceISO: \"$U/redirect/hook.iso\"}"
  hw 52:54:00:00:00:0a '' '' "      isoboot: {sourceISO: \"$U/loop.iso\"}"
  hw 52:54:00:00:00:0b '' '' "      isoboot: {sourceISO: \"$U/slow/hook.iso\"}"
  hw 52:54:00:00:00:0c '' '' "      isoboot: {sourceISO: \"$U/gzip/hook.iso\"}"
  hw 52:54:00:00:00:0d '' '' "      isoboot: {sourceISO: \"$S/hook.iso\"}"
  hw 52:54:00:00:00:0e '' '' "      isoboot: {sourceISO: \"$U/many.iso\"}"
} >"$WORK/hardware.yaml"

cat >"$WORK/smee.conf" <<CONF
smee: {public_ip: 127.0.0.1}
plugins: [backend-file, ipxe-binaries, ipxe-script, http, iso]
backend-file: {path: hardware.yaml}
ipxe-binaries: {dir: ipxe}
ipxe-script: {tink_server: 127.0.0.1:42113}
http: {addr: 127.0.0.1, port: 0, iso_max_streams: 2}
iso:
  url: $U/hook.iso
  static_ipam_enabled: true
  extra_kernel_args: quiet
  syslog_host: 127.0.0.1
  tink_server: 127.0.0.1:42113
  upstream_timeout: 5s
CONF
start_smeed "$WORK/smee.conf" "HTTP server listening"
B=http://127.0.0.1:$PORT
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# expected_image SOURCE PATCH OUT: SOURCE with the magic string replaced by
# PATCH padded with spaces to 1024 bytes.
expected_image() {
  python3 - "$1" "$2" "$3" "$MAGIC" <<'PY'
import sys
src, patch, out, magic = sys.argv[1], sys.argv[2].encode(), sys.argv[3], sys.argv[4].encode()
data = open(src, "rb").read()
assert data.count(magic) >= 1, "the test image must hold the magic string"
open(out, "wb").write(data.replace(magic, patch.ljust(len(magic))))
PY
}
grub_cfg() {  # grub_cfg ISO: the GRUB config inside, as xorriso extracts it
  rm -f "$WORK/grub.out"
  xorriso -osirrox on -indev "$1" -extract /boot/grub/grub.cfg "$WORK/grub.out" >/dev/null 2>&1
  cat "$WORK/grub.out" 2>/dev/null
}
kernel_line() { grub_cfg "$1" | sed -n 's/^ *linux \/kernel //p' | tr -s ' ' | sed 's/ $//'; }

CONSOLES="console=ttyAMA0 console=ttyS0 console=tty0 console=tty1 console=ttyS1"
TAIL="syslog_host=127.0.0.1 grpc_authority=127.0.0.1:42113 tinkerbell_tls=false"
P1="quiet facility=lab1 $CONSOLES vlan_id=42 hw_addr=52:54:00:00:00:01 $TAIL worker_id=52:54:00:00:00:01 ipam=52-54-00-00-00-01:42:10.0.0.11:255.255.255.0:10.0.0.1:m1:1.1.1.1,8.8.8.8::10.0.0.5"
P2="quiet facility=x console=ttyS2,115200  hw_addr=52:54:00:00:00:02 $TAIL worker_id=52:54:00:00:00:02 ipam=52-54-00-00-00-02::::::::"
P3="quiet $CONSOLES  hw_addr=52:54:00:00:00:03 $TAIL worker_id=52:54:00:00:00:03 ipam=52-54-00-00-00-03::::::::"
P4="quiet $CONSOLES  hw_addr=52:54:00:00:00:04 $TAIL worker_id=52:54:00:00:00:04 ipam=52-54-00-00-00-04::::::::"

check_machine() {  # check_machine KEY NAME URL-PATH PATCH SOURCE-ISO
  local got="$WORK/got-$1.iso" want="$WORK/want-$1.iso"
  expected_image "$WORK/upstream/$5" "$4" "$want"
  check "$2: status" 200 "$(curl -s -o "$got" -w '%{http_code}' "$B$3")"
  check "$2: the image is the upstream with the patch, byte for byte" "$(sha256sum <"$want")" "$(sha256sum <"$got")"
  check "$2: same length as upstream" "$(stat -c %s "$WORK/upstream/$5")" "$(stat -c %s "$got")"
  check "$2: xorriso reads the kernel line" "$(tr -s ' ' <<<"$4" | sed 's/ $//') text" "$(kernel_line "$got")"
}
check_machine m1 "facility+vlan+ipam (colon MAC)" /iso/52:54:00:00:00:01/hook.iso "$P1" hook.iso
check_machine m2 "console in facility (dash MAC)" /iso/52-54-00-00-00-02/hook.iso "$P2" hook.iso
check_machine m3 "no facility (dot MAC)" /iso/5254.0000.0003/any-name.iso "$P3" hook.iso
check_machine m4 "per-machine sourceISO" /iso/52:54:00:00:00:04/hook.iso "$P4" other.iso
check "upper-case MAC" 206 "$(code "$B/iso/52:54:00:00:00:0B/x.iso" -r 0-0)"
check "the whole patched grub.cfg" \
  "$(printf 'set timeout=0\nmenuentry "HOOK" {\n        linux /kernel %-1024s text\n        initrd /initrd.img\n}' "$P1")" \
  "$(grub_cfg "$WORK/got-m1.iso")"

# Range requests at every offset around the marker reassemble the image.
at=$(python3 -c "import sys; print(open(sys.argv[1],'rb').read().find(sys.argv[2].encode()))" \
  "$WORK/upstream/hook.iso" "$MAGIC")
check "ranges around the magic string" "0 wrong" \
  "$(python3 "$HERE/check_ranges.py" 127.0.0.1 "$PORT" /iso/52-54-00-00-00-01/hook.iso \
     "$WORK/want-m1.iso" "$at" 1024 | tail -1 | sed 's/.*, //')"
# One Range parser: the RFC 9110 table answered alike by /ipxe/ and /iso/
# (proxied here, from the cache below).
check "Range table alike on /ipxe/ and /iso/ (proxied)" "0 wrong" \
  "$(python3 "$HERE/range_table.py" "$B" /ipxe/ipxe.efi "$WORK/ipxe/ipxe.efi" \
     /iso/52:54:00:00:00:01/hook.iso "$WORK/want-m1.iso" | tail -1 | sed 's/.*, //')"
size=$(stat -c %s "$WORK/upstream/hook.iso")
check "HEAD has the upstream length" "$size" \
  "$(curl -sI "$B/iso/52:54:00:00:00:01/hook.iso" | tr -d '\r' | sed -n 's/^Content-Length: //p')"
check "HEAD with Range" "bytes 10-19/$size" \
  "$(curl -sI -r 10-19 "$B/iso/52:54:00:00:00:01/hook.iso" | tr -d '\r' | sed -n 's/^Content-Range: //p')"
check "unsatisfiable Range is 416" 416 "$(code -r "$size-" "$B/iso/52:54:00:00:00:01/hook.iso")"
check "416 names the size" "bytes */$size" \
  "$(curl -s -o /dev/null -D - -r "$((size + 5))-" "$B/iso/52:54:00:00:00:01/hook.iso" | tr -d '\r' | sed -n 's/^Content-Range: //p')"
check "several ranges get the whole image" 200 "$(code -r 0-1,5-6 "$B/iso/52:54:00:00:00:01/hook.iso")"
etag=$(curl -sI "$B/iso/52:54:00:00:00:01/hook.iso" | tr -d '\r' | sed -n 's/^ETag: //p')
check "If-None-Match is forwarded (304)" 304 "$(code -H "If-None-Match: $etag" "$B/iso/52:54:00:00:00:01/hook.iso")"
check "query string is forwarded" "a=1&b=2" \
  "$(curl -sI "$B/iso/52:54:00:00:00:01/hook.iso?a=1&b=2" | tr -d '\r' | sed -n 's/^X-Upstream-Query: //p')"
check_machine m9 "upstream redirect followed" /iso/52:54:00:00:00:09/hook.iso "${P3//03/09}" hook.iso

# What is refused, and how.
check "not .iso is 404" 404 "$(code "$B/iso/52:54:00:00:00:01/hook.img")"
check "no MAC is 400" 400 "$(code "$B/iso/hook.iso")"
check "bad MAC is 400" 400 "$(code "$B/iso/52:54:00:00:00/hook.iso")"
check "unknown machine is 404" 404 "$(code "$B/iso/02:00:00:00:00:99/hook.iso")"
check "POST is 405" 405 "$(code -X POST "$B/iso/52:54:00:00:00:01/hook.iso")"
check "arguments longer than the magic string: 500" 500 "$(code "$B/iso/52:54:00:00:00:05/hook.iso")"
check "... and logged" 1 "$(grep -c 'kernel arguments longer than the magic string mac=52:54:00:00:00:05 patch_bytes=' "$WORK/smeed.log")"
check "upstream 404 is 502" 502 "$(code "$B/iso/52:54:00:00:00:06/hook.iso")"
check "... logged with the upstream status" 1 "$(grep -c 'ISO upstream answered with an error mac=52:54:00:00:00:06 .*status=404' "$WORK/smeed.log")"
check "upstream refused connection is 502" 502 "$(code "$B/iso/52:54:00:00:00:07/hook.iso")"
check "... logged" 1 "$(grep -c 'ISO upstream failed mac=52:54:00:00:00:07' "$WORK/smeed.log")"
check "redirect loop is 502" 502 "$(code "$B/iso/52:54:00:00:00:0a/hook.iso")"
check "... logged" 1 "$(grep -c 'redirected more than 10 times' "$WORK/smeed.log")"
check "compressed upstream body is 502" 502 "$(code "$B/iso/52:54:00:00:00:0c/hook.iso")"
check "https upstream with an untrusted certificate is 502" 502 "$(code "$B/iso/52:54:00:00:00:0d/hook.iso")"
check "... logged" 1 "$(grep -c "ISO upstream failed mac=52:54:00:00:00:0d .*[Cc]ertificate" "$WORK/smeed.log")"

# An upstream that dies mid-stream: the client sees a short transfer (curl
# exit 18) at once, never a complete-looking body or a hang.
start=$(date +%s)
curl -s -o "$WORK/died.iso" "$B/iso/52:54:00:00:00:08/hook.iso"; rc=$?
check "upstream dying mid-stream cuts the client off (curl 18)" 18 "$rc"
check "... promptly" 1 "$(( $(date +%s) - start < 4 ))"
check "... and is logged" 1 "$(grep -c 'ISO upstream broke off mid-stream; closing the client connection mac=52:54:00:00:00:08' "$WORK/smeed.log")"
check "smeed still serves after that" 206 "$(code -r 0-99 "$B/iso/52:54:00:00:00:01/hook.iso")"

# The ISO stream limit (2 here): a third concurrent download gets 503
# with Retry-After while scripts are still answered.
curl -s -o /dev/null "$B/iso/52:54:00:00:00:0b/hook.iso" & slow1=$!
curl -s -o /dev/null "$B/iso/52:54:00:00:00:0b/hook.iso" & slow2=$!
sleep 0.7
check "over the ISO stream limit: 503" 503 "$(code "$B/iso/52:54:00:00:00:01/hook.iso")"
check "... with Retry-After" 5 "$(curl -s -o /dev/null -D - "$B/iso/52:54:00:00:00:01/hook.iso" | tr -d '\r' | sed -n 's/^Retry-After: //p')"
check "auto.ipxe is still served meanwhile" 200 "$(code "$B/52:54:00:00:00:01/auto.ipxe")"
kill $slow1 $slow2 2>/dev/null; wait $slow1 $slow2 2>/dev/null
metrics=$(curl -s "$B/metrics")
check "/metrics counts the refusals" 1 "$(grep -c '^smee_http_iso_rejected_total [1-9]' <<<"$metrics")"
check "/metrics counts patched occurrences" 1 "$(grep -c '^smee_iso_patched_total [1-9]' <<<"$metrics")"
check "/metrics counts upstream aborts" 1 "$(grep -c '^smee_iso_upstream_aborts_total 1$' <<<"$metrics")"

# The same answers from the local cache: smeed restarted with cache_dir;
# the first request schedules the copy, later ones are served from it.
kill "$SMEED_PID"; wait "$SMEED_PID" 2>/dev/null; SMEED_PID=""
sed -i 's/^  upstream_timeout: 5s$/  upstream_timeout: 5s\n  cache_dir: cache\n  upstream_ca_file: tls.crt/' "$WORK/smee.conf"
start_smeed "$WORK/smee.conf" "HTTP server listening"
B=http://127.0.0.1:$PORT
check "cache: first answer (from upstream)" 206 "$(code -r 0-0 "$B/iso/52:54:00:00:00:01/hook.iso")"
for _ in $(seq 50); do grep -q "ISO cache filled" "$WORK/smeed.log" && break; sleep 0.1; done
check "cache: copy made, marker located" 1 "$(grep -c 'ISO cache filled url=.*/hook.iso bytes=[0-9]* markers=1' "$WORK/smeed.log")"
mv "$WORK/upstream/hook.iso" "$WORK/upstream/hook.iso.away"  # from now on only the copy has it
check_machine m1c "cache: facility+vlan+ipam" /iso/52:54:00:00:00:01/hook.iso "$P1" hook.iso.away
check_machine m2c "cache: console in facility" /iso/52-54-00-00-00-02/hook.iso "$P2" hook.iso.away
check "cache: ranges around the magic string" "0 wrong" \
  "$(python3 "$HERE/check_ranges.py" 127.0.0.1 "$PORT" /iso/52-54-00-00-00-01/hook.iso \
     "$WORK/want-m1.iso" "$at" 1024 | tail -1 | sed 's/.*, //')"
check "cache: Range table alike on /ipxe/ and /iso/" "0 wrong" \
  "$(python3 "$HERE/range_table.py" "$B" /ipxe/ipxe.efi "$WORK/ipxe/ipxe.efi" \
     /iso/52:54:00:00:00:01/hook.iso "$WORK/want-m1.iso" | tail -1 | sed 's/.*, //')"
check "cache: HEAD has the length" "$size" \
  "$(curl -sI "$B/iso/52:54:00:00:00:01/hook.iso" | tr -d '\r' | sed -n 's/^Content-Length: //p')"
check "cache: unsatisfiable Range is 416" 416 "$(code -r "$size-" "$B/iso/52:54:00:00:00:01/hook.iso")"
check "cache: If-None-Match gives 304" 304 "$(code -H "If-None-Match: $etag" "$B/iso/52:54:00:00:00:01/hook.iso")"
check "cache: If-Range with another ETag gives the whole image" 200 \
  "$(code -r 0-9 -H 'If-Range: "other"' "$B/iso/52:54:00:00:00:01/hook.iso")"
check "cache: served from the copy" 1 "$(grep -c '^smee_iso_cache_lookups_total{result="hit"} [1-9]' <<<"$(curl -s "$B/metrics")")"
mv "$WORK/upstream/hook.iso.away" "$WORK/upstream/hook.iso"
P13="quiet $CONSOLES  hw_addr=52:54:00:00:00:0d $TAIL worker_id=52:54:00:00:00:0d ipam=52-54-00-00-00-0d::::::::"
check_machine m13 "https upstream with upstream_ca_file" /iso/52:54:00:00:00:0d/hook.iso "$P13" hook.iso
P14="quiet $CONSOLES  hw_addr=52:54:00:00:00:0e $TAIL worker_id=52:54:00:00:00:0e ipam=52-54-00-00-00-0e::::::::"
code -r 0-0 "$B/iso/52:54:00:00:00:0e/many.iso" >/dev/null
for _ in $(seq 50); do grep -q "ISO cache filled url=.*many.iso" "$WORK/smeed.log" && break; sleep 0.1; done
check "cache: 80 markers are more than it lists" 1 "$(grep -c 'ISO cache filled url=.*many.iso bytes=400000 markers=80' "$WORK/smeed.log")"
expected_image "$WORK/upstream/many.iso" "$P14" "$WORK/want-m14.iso"
check "cache, 80 markers: the whole image" "$(sha256sum <"$WORK/want-m14.iso")" \
  "$(curl -s "$B/iso/52:54:00:00:00:0e/many.iso" | sha256sum)"
check "cache, 80 markers: ranges around the first" "0 wrong" \
  "$(python3 "$HERE/check_ranges.py" 127.0.0.1 "$PORT" /iso/52:54:00:00:00:0e/many.iso \
     "$WORK/want-m14.iso" 1000 1024 | tail -1 | sed 's/.*, //')"

finish
