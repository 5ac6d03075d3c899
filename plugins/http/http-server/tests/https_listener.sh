#!/usr/bin/env bash
# HTTPS beside HTTP on 127.0.0.1: iPXE binaries, scripts, metrics and an
# /iso/ stream over TLS with curl, byte for byte against plain HTTP; many
# clients at once; handshakes that fail (untrusted certificate, plain HTTP
# to the TLS port) are counted and the server goes on; SIGHUP swaps in a
# new certificate and keeps the last good one when the files are broken;
# configuration mistakes stop smeed with a message that names them.
# Usage: https_listener.sh SMEED_BINARY PLUGIN_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
HERE=$(cd "$(dirname "$0")" && pwd)
for tool in curl openssl python3; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed (make deps)"; exit 77; }
done
. "$HERE/../../../../tests/lib/smeed_script_test.sh"
UP_PID=""
cleanup_more() { [ -n "$UP_PID" ] && kill "$UP_PID" 2>/dev/null; }

# certificate NAME CN: a self-signed RSA certificate for 127.0.0.1 (iPXE
# speaks RSA only, so that is what the test uses).
certificate() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/$1.key" -out "$WORK/$1.crt" >/dev/null 2>&1
}
certificate first smeed-first
certificate second smeed-second
cp "$WORK/first.crt" "$WORK/server.crt"
cp "$WORK/first.key" "$WORK/server.key"

mkdir -p "$WORK/ipxe" "$WORK/upstream"
head -c 300000 /dev/urandom >"$WORK/ipxe/ipxe.efi"
head -c 5000 /dev/urandom >"$WORK/ipxe/undionly.kpxe"
MAGIC=$(sed -n '/kDefaultMagicString =/,/;/p' "$HERE/../../iso/src/magic_string.h" | grep -o '"[0-9a-z]*"' | tr -d '"\n')
python3 - "$WORK/upstream/hook.iso" "$MAGIC" <<'PY'
import os, sys
data = bytearray(os.urandom(3_000_000))
data[2_000_000:2_000_000 + len(sys.argv[2])] = sys.argv[2].encode()
open(sys.argv[1], "wb").write(data)
PY
python3 "$HERE/../../iso/tests/upstream.py" "$WORK/upstream" "$WORK/upstream.port" 2>"$WORK/upstream.log" &
UP_PID=$!
for _ in $(seq 50); do [ -s "$WORK/upstream.port" ] && break; sleep 0.1; done

cat >"$WORK/hardware.yaml" <<YAML
"52:54:00:12:34:56":
  ipAddress: 127.0.0.1
  subnetMask: 255.0.0.0
  arch: x86_64
  netboot: {allowPxe: true, facility: lab1}
YAML
cat >"$WORK/smee.conf" <<CONF
smee: {public_ip: 127.0.0.1}
plugins: [backend-file, ipxe-binaries, ipxe-script, http, iso]
backend-file: {path: hardware.yaml}
ipxe-binaries: {dir: ipxe}
ipxe-script: {osie_url: http://127.0.0.1:8080/hook, tink_server: 127.0.0.1:42113}
http: {addr: 127.0.0.1, port: 0, tls_port: 0, tls_cert: server.crt, tls_key: server.key}
iso: {url: "http://127.0.0.1:$(cat "$WORK/upstream.port")/hook.iso", tink_server: 127.0.0.1:42113}
CONF
start_smeed "$WORK/smee.conf" "HTTP server listening"
TLS_PORT=$(sed -n 's/.*HTTPS server listening addr=127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/smeed.log")
check "the HTTPS listener is logged with its certificate" 1 \
  "$(grep -c 'HTTPS server listening .*CN *= *smeed-first' "$WORK/smeed.log")"
B=http://127.0.0.1:$PORT
S=https://127.0.0.1:$TLS_PORT
tls() { curl -s --cacert "$WORK/server.crt" "$@"; }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
metric() { curl -s "$B/metrics" | sed -n "s/^$1 //p"; }

# What iPXE fetches, over HTTPS, the same bytes as over HTTP.
check "GET /ipxe/ipxe.efi over HTTPS is byte for byte" "$(sha256sum <"$WORK/ipxe/ipxe.efi")" \
  "$(tls "$S/ipxe/ipxe.efi" | sha256sum)"
check "a small binary too" "$(sha256sum <"$WORK/ipxe/undionly.kpxe")" "$(tls "$S/ipxe/undionly.kpxe" | sha256sum)"
check "Range over HTTPS" "$(head -c 100000 "$WORK/ipxe/ipxe.efi" | tail -c 50001 | sha256sum)" \
  "$(tls -H 'Range: bytes=49999-99999' "$S/ipxe/ipxe.efi" | sha256sum)"
check "HEAD over HTTPS has the length" 300000 \
  "$(tls -I "$S/ipxe/ipxe.efi" | tr -d '\r' | sed -n 's/^Content-Length: //p')"
check "the hook script by MAC over HTTPS is the one over HTTP" "$(curl -s "$B/52:54:00:12:34:56/auto.ipxe")" \
  "$(tls "$S/52:54:00:12:34:56/auto.ipxe")"
check "the script by client address over HTTPS" 1 "$(tls "$S/auto.ipxe" | grep -c 'worker_id=52:54:00:12:34:56')"
check "unknown machine is 404 over HTTPS" 404 "$(code --cacert "$WORK/server.crt" "$S/02:00:00:00:00:99/auto.ipxe")"
check "/metrics over HTTPS" 1 "$(tls "$S/metrics" | grep -c '^smee_http_connections_open ')"
# Keep-alive: curl reuses one TLS connection for several URLs.
accepted_before=$(metric smee_http_connections_accepted_total)
reused=$(tls -o /dev/null -o /dev/null -o /dev/null -w '%{num_connects}\n' \
  "$S/ipxe/ipxe.efi" "$S/auto.ipxe" "$S/ipxe/undionly.kpxe" | paste -sd' ')
check "three requests on one kept-alive TLS connection" "1 0 0" "$reused"
check "  and the server accepted one connection for them (plus the /metrics ones)" 2 \
  "$(($(metric smee_http_connections_accepted_total) - accepted_before))"

# ISO: a stream thread writes through the connection's TLS session.
check "/iso/ over HTTPS is the patched image, as over HTTP" \
  "$(curl -s "$B/iso/52:54:00:12:34:56/hook.iso" | sha256sum)" "$(tls "$S/iso/52:54:00:12:34:56/hook.iso" | sha256sum)"
check "  and it is 3,000,000 bytes" 3000000 "$(tls "$S/iso/52:54:00:12:34:56/hook.iso" | wc -c)"
check "/iso/ Range over HTTPS" "$(curl -s -H 'Range: bytes=1999000-2001999' "$B/iso/52:54:00:12:34:56/hook.iso" | sha256sum)" \
  "$(tls -H 'Range: bytes=1999000-2001999' "$S/iso/52:54:00:12:34:56/hook.iso" | sha256sum)"
check "the connection is reused after an /iso/ stream" "1 0" \
  "$(tls -o /dev/null -o /dev/null -w '%{num_connects}\n' "$S/iso/52:54:00:12:34:56/hook.iso" "$S/auto.ipxe" | paste -sd' ')"

# A rack at once: 200 clients, 40 at a time, each the whole binary; a
# socket that fills mid-record must resume where OpenSSL left it.
want=$(sha256sum <"$WORK/ipxe/ipxe.efi" | cut -d' ' -f1)
seq 200 | xargs -P 40 -I{} sh -c "curl -s --cacert '$WORK/server.crt' '$S/ipxe/ipxe.efi' | sha256sum | cut -d' ' -f1" \
  >"$WORK/parallel.txt"
check "200 parallel HTTPS downloads, every one byte for byte" "200 $want" "$(sort "$WORK/parallel.txt" | uniq -c | awk '{print $1, $2}')"

# Handshakes that fail are counted, logged by reason, and harm no one else.
# A client that sends its hello and hangs up failed its handshake (some
# refuse a certificate that way, without an alert); a TCP probe that sends
# nothing did not.
python3 - "$TLS_PORT" <<'PY'
import socket, ssl, sys
port = int(sys.argv[1])
socket.create_connection(("127.0.0.1", port)).close()  # the probe
incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
hello = ssl.create_default_context().wrap_bio(incoming, outgoing, server_hostname="127.0.0.1")
try:
    hello.do_handshake()
except ssl.SSLWantReadError:
    pass
s = socket.create_connection(("127.0.0.1", port))
s.sendall(outgoing.read())
s.recv(1)  # the server's first answer: it has read the hello
s.close()  # with the rest of its flight unread: a reset, as curl's refusal under load
PY
for _ in $(seq 50); do [ "$(metric smee_http_tls_handshakes_failed_total)" = 1 ] && break; sleep 0.1; done
check "a hello then a hang-up counts as a failed handshake; a silent probe does not" 1 \
  "$(metric smee_http_tls_handshakes_failed_total)"
# Seen as an error event or by the next read, depending on timing. This
# comes before curl's refusal, which can be a reset too (under load), and
# the warning is written once per reason and 10 s.
check "  logged with its reason" 1 \
  "$(grep -cE 'TLS handshake failed reason="(connection reset during handshake|Connection reset by peer)"' "$WORK/smeed.log")"

curl -s -o /dev/null "$S/ipxe/ipxe.efi"
check "a client that does not trust the certificate is refused (curl exit 60)" 60 "$?"
check "plain HTTP to the HTTPS port gets no answer" 000 "$(code "http://127.0.0.1:$TLS_PORT/auto.ipxe")"
# The server sees the refusing client's alert or close after curl has exited.
for _ in $(seq 50); do [ "$(metric smee_http_tls_handshakes_failed_total)" = 3 ] && break; sleep 0.1; done
check "both failed handshakes are counted too" 3 "$(metric smee_http_tls_handshakes_failed_total)"
check "the log names plain HTTP as the reason" 1 "$(grep -c 'TLS handshake failed reason="http request" client=127.0.0.1' "$WORK/smeed.log")"
check "HTTPS still serves after them" 200 "$(code --cacert "$WORK/server.crt" "$S/auto.ipxe")"
check "so does HTTP" 200 "$(code "$B/auto.ipxe")"

# SIGHUP: new connections get the new certificate.
issuer() { openssl s_client -connect "127.0.0.1:$TLS_PORT" </dev/null 2>/dev/null | openssl x509 -noout -subject | sed 's/.*CN *= *//'; }
check "before SIGHUP the certificate is the first" smeed-first "$(issuer)"
cp "$WORK/second.crt" "$WORK/server.crt"
cp "$WORK/second.key" "$WORK/server.key"
kill -HUP "$SMEED_PID"
for _ in $(seq 50); do grep -q 'HTTPS certificate reloaded' "$WORK/smeed.log" && break; sleep 0.1; done
check "after SIGHUP it is the second" smeed-second "$(issuer)"
check "  and curl trusting the second fetches a script" 200 "$(code --cacert "$WORK/second.crt" "$S/auto.ipxe")"
# A half-written certificate: the last good pair stays.
head -c 300 "$WORK/first.crt" >"$WORK/server.crt"
kill -HUP "$SMEED_PID"
for _ in $(seq 50); do grep -q 'HTTPS certificate not reloaded' "$WORK/smeed.log" && break; sleep 0.1; done
check "a broken certificate on SIGHUP is refused with the file named" 1 \
  "$(grep -c "HTTPS certificate not reloaded.*TLS certificate .*server.crt" "$WORK/smeed.log")"
check "  counted" 1 "$(metric smee_http_tls_reload_failures_total)"
check "  and the second certificate still serves" smeed-second "$(issuer)"
kill "$SMEED_PID"; wait "$SMEED_PID" 2>/dev/null; SMEED_PID=""

# Mistakes in the configuration stop smeed and say which.
config_error() {  # config_error HTTP-BLOCK: smeed's first error line
  sed "s|^http: .*|http: $1|" "$WORK/smee.conf" >"$WORK/bad.conf"
  timeout 10 "$SMEED" --plugin-dir "$PLUGIN_DIR" -c "$WORK/bad.conf" >"$WORK/bad.log" 2>&1
  echo "$? $(grep -o 'tls_[a-z]*[^"]*\|TLS [^"]*' "$WORK/bad.log" | head -1)"
}
cp "$WORK/second.crt" "$WORK/server.crt"
out=$(config_error "{addr: 127.0.0.1, port: 0, tls_cert: server.crt}")
check "tls_cert without tls_key is refused" "1 tls_key: is required when tls_cert is set (HTTPS needs both)" "$out"
out=$(config_error "{addr: 127.0.0.1, port: 0, tls_port: 0, tls_cert: server.crt, tls_key: first.key}")
check "a key of another certificate is refused" 1 "$(grep -c 'TLS key .*first.key does not belong to the certificate .*server.crt' "$WORK/bad.log")"
out=$(config_error "{addr: 127.0.0.1, port: 0, tls_port: 0, tls_cert: missing.crt, tls_key: server.key}")
check "a missing certificate file is refused, named" 1 "$(grep -c 'TLS certificate .*missing.crt' "$WORK/bad.log")"
finish
