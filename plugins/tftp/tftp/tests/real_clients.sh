#!/usr/bin/env bash
# smeed's TFTP server against real clients on 127.0.0.1: tftp-hpa, atftp
# and curl. Every fetched file is compared (sha256) with its source.
# Usage: real_clients.sh SMEED_BINARY PLUGIN_DIR     (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
for tool in tftp atftp curl sha256sum; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
. "$(dirname "$0")/../../../../tests/lib/smeed_script_test.sh"
sum() { sha256sum "$1" 2>/dev/null | cut -d' ' -f1; }

mkdir -p "$WORK/files" "$WORK/out"
head -c 1048576 /dev/urandom >"$WORK/files/one-mib.bin"
head -c 70000000 /dev/urandom >"$WORK/files/seventy-mb.bin"   # > 65535 blocks at blksize 1024
printf 'line one\nline two\n' >"$WORK/files/notes.txt"
# A synthetic iPXE binary carrying Tinkerbell's 131-byte script marker.
MARKER='#a8b7e61f1075c37a793f2f92cee89f7bba00c4a8d7842ce3d40b5889032d8881
#ddd16a4fc4926ecefdfb6941e33c44ed3647133638f5e84021ea44d3152e7f97'
PATCH='set syslog 192.0.2.1'
{ printf 'MZ synthetic ipxe '; printf '%s' "$MARKER"; printf ' trailer'; } >"$WORK/files/marked.efi"
{ printf 'MZ synthetic ipxe '; printf '%-131s' "$PATCH"; printf ' trailer'; } >"$WORK/expected-marked.efi"

cat >"$WORK/smee.conf" <<CONF
smee:
  public_ip: 127.0.0.1
  log: {level: info}
plugins: [ipxe-binaries, tftp]
ipxe-binaries:
  dir: $WORK/files
  script_patch: "$PATCH"
tftp:
  addr: 127.0.0.1
  port: 0
  block_size: 8192
  timeout: 1s
CONF
start_smeed "$WORK/smee.conf" "TFTP server listening"

cd "$WORK/out"
timeout 60 tftp 127.0.0.1 "$PORT" -m binary -c get one-mib.bin tftp-hpa.bin >/dev/null 2>&1
check "tftp-hpa (RFC 1350, 512-byte blocks)" "$(sum "$WORK/files/one-mib.bin")" "$(sum tftp-hpa.bin)"

timeout 60 tftp 127.0.0.1 "$PORT" -m ascii -c get notes.txt netascii.txt >/dev/null 2>&1
check "tftp-hpa netascii" "$(sum "$WORK/files/notes.txt")" "$(sum netascii.txt)"

timeout 60 atftp --get --option "blksize 1468" --option "tsize 0" -r one-mib.bin -l atftp-1468.bin \
  127.0.0.1 "$PORT" >/dev/null 2>&1
check "atftp blksize 1468 + tsize" "$(sum "$WORK/files/one-mib.bin")" "$(sum atftp-1468.bin)"

timeout 60 atftp --get --option "blksize 8192" -r one-mib.bin -l atftp-8192.bin 127.0.0.1 "$PORT" >/dev/null 2>&1
check "atftp blksize 8192" "$(sum "$WORK/files/one-mib.bin")" "$(sum atftp-8192.bin)"

if atftp --help 2>&1 | grep -qi windowsize || atftp --option "windowsize 4" --help >/dev/null 2>&1; then
  timeout 60 atftp --get --option "blksize 1468" --option "windowsize 16" -r one-mib.bin -l atftp-w16.bin \
    127.0.0.1 "$PORT" >/dev/null 2>&1
  check "atftp windowsize 16" "$(sum "$WORK/files/one-mib.bin")" "$(sum atftp-w16.bin)"
fi

timeout 60 curl -s --tftp-blksize 1468 -o curl-1468.bin "tftp://127.0.0.1:$PORT/one-mib.bin"
check "curl --tftp-blksize 1468" "$(sum "$WORK/files/one-mib.bin")" "$(sum curl-1468.bin)"

timeout 240 curl -s --tftp-blksize 1024 -o curl-70mb.bin "tftp://127.0.0.1:$PORT/seventy-mb.bin"
check "curl 70 MB, block numbers wrap past 65535" "$(sum "$WORK/files/seventy-mb.bin")" "$(sum curl-70mb.bin)"

timeout 30 curl -s -o mac-dir.bin "tftp://127.0.0.1:$PORT/52:54:00:12:34:56/one-mib.bin"
check "a MAC directory in the name is accepted" "$(sum "$WORK/files/one-mib.bin")" "$(sum mac-dir.bin)"

timeout 30 curl -s -o marked.efi "tftp://127.0.0.1:$PORT/marked.efi"
check "script patch written over the marker" "$(sum "$WORK/expected-marked.efi")" "$(sum marked.efi)"

echo "upload" >upload.txt
out=$(timeout 30 tftp 127.0.0.1 "$PORT" -m binary -c put upload.txt upload.txt 2>&1)
check "write request refused" 1 "$(grep -c 'writes are not allowed' <<<"$out")"

for bad in ../../etc/passwd /etc/passwd %2e%2e/%2e%2e/etc/passwd; do
  rm -f stolen
  timeout 30 tftp 127.0.0.1 "$PORT" -m binary -c get "$bad" stolen >/dev/null 2>&1
  check "traversal '$bad' refused" "" "$(cat stolen 2>/dev/null | head -c 20)"
done

grep -q 'file served file=one-mib.bin client=127.0.0.1:' "$WORK/smeed.log"
check "transfers are logged" 0 "$?"

finish
