#!/usr/bin/env bash
# The HTTP plugin through curl on 127.0.0.1: binaries, scripts, metrics and
# health, as an operator and as iPXE would use them.
# Usage: curl_routes.sh SMEED_BINARY PLUGIN_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
. "$(dirname "$0")/../../../../tests/lib/smeed_script_test.sh"
mkdir -p "$WORK/ipxe"
head -c 300000 /dev/urandom >"$WORK/ipxe/ipxe.efi"
cat >"$WORK/hardware.yaml" <<YAML
"52:54:00:12:34:56":
  ipAddress: 127.0.0.1
  subnetMask: 255.0.0.0
  arch: x86_64
  vlanID: "42"
  netboot: {allowPxe: true, facility: lab1}
"52:54:00:00:00:02":
  ipAddress: 192.0.2.2
  subnetMask: 255.255.255.0
  netboot: {allowPxe: false}
"52:54:00:00:00:03":
  ipAddress: 192.0.2.3
  subnetMask: 255.255.255.0
  netboot: {allowPxe: true, ipxeScriptUrl: "https://boot.netboot.xyz"}
YAML
cat >"$WORK/smee.conf" <<CONF
smee: {public_ip: 127.0.0.1}
plugins: [backend-file, ipxe-binaries, ipxe-script, http]
backend-file: {path: hardware.yaml}
ipxe-binaries: {dir: ipxe}
ipxe-script:
  osie_url: http://127.0.0.1:8080/hook
  tink_server: 127.0.0.1:42113
  extra_kernel_args: "console=ttyS0"
http:
  addr: 127.0.0.1
  port: 0
  trusted_proxies: [127.0.0.0/8]
CONF
start_smeed "$WORK/smee.conf" "HTTP server listening"
B=http://127.0.0.1:$PORT
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

curl -s -o "$WORK/got.efi" "$B/ipxe/ipxe.efi"
check "GET /ipxe/ipxe.efi is byte for byte" "$(sha256sum <"$WORK/ipxe/ipxe.efi")" "$(sha256sum <"$WORK/got.efi")"
check "GET /ipxe/<mac>/ipxe.efi" 200 "$(code "$B/ipxe/52:54:00:12:34:56/ipxe.efi")"
check "double slash is served, not redirected" 200 "$(code "$B/ipxe//ipxe.efi")"
check "HEAD has the length" "300000" "$(curl -sI "$B/ipxe/ipxe.efi" | tr -d '\r' | sed -n 's/^Content-Length: //p')"
check "Range gives 206 and those bytes" "$(head -c 100 "$WORK/ipxe/ipxe.efi" | tail -c 51 | sha256sum)" \
  "$(curl -s -H 'Range: bytes=49-99' "$B/ipxe/ipxe.efi" | sha256sum)"
check "Range status" 206 "$(code -H 'Range: bytes=49-99' "$B/ipxe/ipxe.efi")"
check "unsatisfiable Range" 416 "$(code -H 'Range: bytes=400000-' "$B/ipxe/ipxe.efi")"
lm=$(curl -sI "$B/ipxe/ipxe.efi" | tr -d '\r' | sed -n 's/^Last-Modified: //p')
check "If-Modified-Since gives 304" 304 "$(code -H "If-Modified-Since: $lm" "$B/ipxe/ipxe.efi")"
check "POST is 405" 405 "$(code -X POST "$B/ipxe/ipxe.efi")"
check "unknown binary is 404" 404 "$(code "$B/ipxe/nope.efi")"
check "/ipxe/ without a name is 404, not 500" 404 "$(code "$B/ipxe/")"
check "  and its body says why in one line" "404 page not found: file [nope.efi] unknown: file does not exist" \
  "$(curl -s "$B/ipxe/nope.efi")"
check "a script 404 names the machine it could not find" "hardware not found for 52:54:00:99:99:99" \
  "$(curl -s "$B/52:54:00:99:99:99/auto.ipxe")"
check "traversal is refused" 400 "$(code --path-as-is "$B/ipxe/../../etc/passwd")"

script=$(curl -s "$B/52:54:00:12:34:56/auto.ipxe")
check "hook script by MAC" 1 "$(grep -c '^kernel ${download-url}/${kernel} vlan_id=42 console=ttyS0 \\$' <<<"$script")"
check "hook script names the machine" 1 \
  "$(grep -c 'facility=lab1 syslog_host=127.0.0.1 grpc_authority=127.0.0.1:42113 tinkerbell_tls=false tinkerbell_insecure_tls=false worker_id=52:54:00:12:34:56 hw_addr=52:54:00:12:34:56' <<<"$script")"
# DHCP hands out the MAC's colons as they are (Smee's form); iPXE
# percent-encodes them on the wire: both name the same machine.
check "MAC with percent-encoded colons, as iPXE sends it" 200 \
  "$(code "$B/52%3A54%3A00%3A12%3A34%3A56/auto.ipxe")"
check "MAC in dash form" 200 "$(code "$B/52-54-00-12-34-56/auto.ipxe")"
check "script by client IP (127.0.0.1)" 1 "$(curl -s "$B/auto.ipxe" | grep -c 'worker_id=52:54:00:12:34:56')"
check "X-Forwarded-For from a trusted proxy" 404 "$(code -H 'X-Forwarded-For: 192.0.2.2' "$B/auto.ipxe")"
check "custom chain script" "chain --autofree https://boot.netboot.xyz" "$(curl -s "$B/52:54:00:00:00:03/auto.ipxe" | tail -1)"
check "netboot not allowed is 404" 404 "$(code "$B/52:54:00:00:00:02/auto.ipxe")"
check "unknown machine is 404" 404 "$(code "$B/02:00:00:00:00:99/auto.ipxe")"
check "other paths are 404" 404 "$(code "$B/something/else")"

check "/healthz" ok "$(curl -s "$B/healthz")"
check "/readyz" ok "$(curl -s "$B/readyz")"
health=$(curl -s "$B/healthcheck")
check "/healthcheck JSON" 1 "$(grep -c '^{"git_rev":"[^"]*","uptime":[0-9.]*,"threads":[0-9]*,"version":"[^"]*"}$' <<<"$health")"
rev=$(git -C "$(dirname "$0")" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
check "/healthcheck names the commit it was built from" yes \
  "$(grep -q "\"git_rev\":\"$rev" <<<"$health" && echo yes)"
metrics=$(curl -s "$B/metrics")
check "/metrics counts requests" 1 "$(grep -c '^smee_http_requests_total{route="ipxe",status="200"} [0-9]' <<<"$metrics")"
check "/metrics has the backend" 1 "$(grep -c '^smee_backend_file_records 3$' <<<"$metrics")"
check "access log line" 1 "$(grep -c 'response method=GET uri=/52:54:00:12:34:56/auto.ipxe client=127.0.0.1 status=200' "$WORK/smeed.log")"

finish
