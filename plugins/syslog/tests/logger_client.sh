#!/usr/bin/env bash
# The syslog plugin against util-linux logger (RFC 3164 and RFC 5424 with
# structured data), JSON bodies, malformed and oversize datagrams.
# Usage: logger_client.sh SMEED_BINARY PLUGIN_DIR     (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
command -v logger >/dev/null || { echo "SKIP: logger is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
. "$(dirname "$0")/../../../tests/lib/smeed_script_test.sh"
cat >"$WORK/hardware.yaml" <<YAML
"52:54:00:12:34:56":
  ipAddress: 127.0.0.1
  subnetMask: 255.0.0.0
  hostname: worker-01
YAML
cat >"$WORK/smee.conf" <<CONF
smee: {public_ip: 127.0.0.1, log: {level: debug}}
plugins: [backend-file, syslog]
backend-file: {path: hardware.yaml}
syslog: {addr: 127.0.0.1, port: 0}
CONF
start_smeed "$WORK/smee.conf" "syslog receiver listening"
send() { python3 -c 'import socket,sys; socket.socket(socket.AF_INET,socket.SOCK_DGRAM).sendto(sys.stdin.buffer.read(),("127.0.0.1",int(sys.argv[1])))' "$PORT"; }

logger -n 127.0.0.1 -P "$PORT" -d --rfc3164 -t hookos -p local0.warning "disk /dev/sda wiped"
logger -n 127.0.0.1 -P "$PORT" -d --rfc5424 -t tink-worker -p user.info --msgid ACTION \
  --sd-id 'action@32473' --sd-param 'name="stream-image"' "action started"
printf '<14>Nov 29 07:00:00 worker: {"level":"info","msg":"pulling image","image":"quay.io/x"}' | send
printf '<14>worker: {not json' | send
printf 'no pri at all' | send
printf '<999>too big' | send
{ printf '<14>big: '; head -c 60000 /dev/zero | tr '\0' 'x'; } | send
sleep 1
log=$(cat "$WORK/smeed.log")
check "RFC 3164 from logger" 1 "$(grep -c 'syslog message host=127.0.0.1 facility=local0 severity=WARNING mac=52:54:00:12:34:56 machine=worker-01 hostname=[^ ]* app-name=hookos msg="disk /dev/sda wiped"' <<<"$log")"
check "RFC 5424 with structured data" 1 "$(grep -c 'severity=INFO .*app-name=tink-worker .*msgid=ACTION .*sd.action@32473.name=stream-image msg="action started"' <<<"$log")"
check "JSON body decoded into fields" 1 "$(grep -c 'json.image=quay.io/x json.level=info json.msg="pulling image"' <<<"$log")"
check "invalid JSON kept as text" 1 "$(grep -c 'msg="{not json"' <<<"$log")"
check "malformed datagrams logged at debug" 2 "$(grep -c 'unparseable syslog datagram' <<<"$log")"
check "60 KB datagram accepted" 1 "$(grep -c 'app-name=big msg=xxxxxxxxxx' <<<"$log")"
finish
