#!/bin/sh
# make_certs.sh DIR: a CA, a server certificate for localhost/127.0.0.1, and a
# client certificate signed by a second CA, with the openssl CLI; and, signed
# by the same CA, server certificates for the name checks: other-name.crt
# (DNS:other.example only), ip-only.crt (IP:127.0.0.1 only) and cn-only.crt
# (subject CN other.example, no subjectAltName at all).
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
q() { "$@" >/dev/null 2>&1; }
q openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=smeed-test-ca" \
  -keyout ca.key -out ca.crt
q openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
q openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
  -extfile server.ext -out server.crt
q openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=smeed-test-client-ca" \
  -keyout client-ca.key -out client-ca.crt
q openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=system:serviceaccount:tink:smee/O=tink" \
  -keyout client.key -out client.csr
printf 'extendedKeyUsage=clientAuth\n' > client.ext
q openssl x509 -req -in client.csr -CA client-ca.crt -CAkey client-ca.key -CAcreateserial -days 2 \
  -extfile client.ext -out client.crt
# A CA nobody signed with, for the "wrong CA" case.
q openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=other-ca" \
  -keyout other-ca.key -out other-ca.crt
# server_cert NAME SUBJECT [SAN]: NAME.crt/NAME.key signed by ca.crt.
server_cert() {
  q openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$2" -keyout "$1.key" -out "$1.csr"
  printf 'extendedKeyUsage=serverAuth\n' > "$1.ext"
  if [ -n "${3:-}" ]; then printf 'subjectAltName=%s\n' "$3" >> "$1.ext"; fi
  q openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile "$1.ext" -out "$1.crt"
}
server_cert other-name "/CN=other.example" "DNS:other.example"
server_cert ip-only "/CN=smeed-ip-only" "IP:127.0.0.1"
server_cert cn-only "/CN=other.example"
