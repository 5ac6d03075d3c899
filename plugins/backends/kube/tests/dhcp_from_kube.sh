#!/usr/bin/env bash
# DHCP end to end with the hardware coming from a (fake) Kubernetes API:
# smeed with backend-kube + dhcp, fake_kube_api.py with TLS and a bearer
# token, and a relayed DHCP client (giaddr set), all on the loopback of a
# private network namespace so nothing else on the machine is touched.
# Usage: dhcp_from_kube.sh SMEED_BINARY PLUGIN_DIR      (exit 77 = skipped)
set -uo pipefail
SMEED=$1 PLUGIN_DIR=$2
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
PROBE="$ROOT/bench/tools/dhcp_probe.py"

skip() { echo "SKIP: $*"; exit 77; }
if [ -z "${SMEE_KUBE_E2E_NETNS:-}" ]; then
  [ "$(id -u)" = 0 ] || skip "needs root for a network namespace"
  for tool in unshare ip openssl python3; do
    command -v "$tool" >/dev/null || skip "$tool is not installed"
  done
  unshare -n true 2>/dev/null || skip "cannot create a network namespace here"
  exec unshare -n env SMEE_KUBE_E2E_NETNS=1 "$0" "$@"
fi
ip link set lo up

. "$ROOT/tests/lib/smeed_script_test.sh"
API_PID=""
trap '[ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null; cleanup' EXIT

sh "$HERE/make_certs.sh" "$WORK/certs"
hardware() {  # hardware NAME MAC IP NETBOOT_JSON
  local ip_part="" netboot_part=""
  [ -n "$3" ] && ip_part="\"ip\": {\"address\": \"$3\", \"netmask\": \"255.255.255.0\", \"gateway\": \"192.0.2.1\"},"
  [ -n "$4" ] && netboot_part=", \"netboot\": $4"
  cat <<JSON
{"apiVersion": "tinkerbell.org/v1alpha1", "kind": "Hardware",
 "metadata": {"name": "$1", "namespace": "tink-system"},
 "spec": {"interfaces": [{"dhcp": {$ip_part "mac": "$2", "hostname": "$1", "arch": "x86_64",
                                   "lease_time": 3600, "name_servers": ["192.0.2.53"]}$netboot_part}]}}
JSON
}
{
  echo "["
  hardware machine-a 52:54:00:12:34:56 192.0.2.77 '{"allowPXE": true}'; echo ","
  hardware no-netboot 52:54:00:12:34:57 192.0.2.78 ""; echo ","
  hardware no-ip 52:54:00:12:34:58 "" '{"allowPXE": true}'
  echo "]"
} >"$WORK/objects.json"

python3 "$HERE/fake_kube_api.py" --cert "$WORK/certs/server.crt" --key "$WORK/certs/server.key" \
  --token e2e-token --objects "$WORK/objects.json" >"$WORK/api.out" 2>"$WORK/api.err" &
API_PID=$!
for _ in $(seq 100); do grep -q ready "$WORK/api.out" && break; sleep 0.05; done
read -r _ API_PORT CONTROL_PORT <"$WORK/api.out" || { echo "fake API did not start"; cat "$WORK/api.err"; exit 1; }
control() { curl -s -X POST --data-binary @- "http://127.0.0.1:$CONTROL_PORT/$1" >/dev/null; }

cat >"$WORK/kubeconfig" <<YAML
apiVersion: v1
kind: Config
current-context: e2e
clusters:
- name: fake
  cluster: {server: "https://127.0.0.1:$API_PORT", certificate-authority: certs/ca.crt}
contexts:
- name: e2e
  context: {cluster: fake, user: smee}
users:
- name: smee
  user: {token: e2e-token}
YAML
cat >"$WORK/smee.conf" <<CONF
smee: {public_ip: 127.0.0.1}
plugins: [backend-kube, dhcp]
backend-kube:
  config: kubeconfig
  namespace: tink-system
  watch_timeout: 5s
dhcp:
  mode: reservation
  addr: 127.0.0.1:67
CONF
start_smeed "$WORK/smee.conf" "DHCP server listening"
for _ in $(seq 100); do grep -q "hardware cache synced" "$WORK/smeed.log" && break; sleep 0.05; done
check "smeed listed the Hardware objects" 1 "$(grep -c 'hardware cache synced' "$WORK/smeed.log")"

# probe MAC [probe options...]: the reply as "yiaddr file", or "none".
probe() {
  local mac=$1; shift
  python3 "$PROBE" --mode relay --server 127.0.0.1 --local-ip 127.0.0.2 --mac "$mac" --timeout 0.5 "$@" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["offer"]; print("none" if r is None else r["yiaddr"] + " " + (r["file"] or "-"))'
}
# until_offer EXPECTED_YIADDR MAC: the offered address ("none": no reply)
# once it is the expected one; the watch applies events asynchronously.
until_offer() {
  local got=""
  for _ in $(seq 30); do
    got=$(probe "$2" --pxe --expect-none | cut -d' ' -f1)
    [ "$got" = "$1" ] && break
    sleep 0.2
  done
  echo "$got"
}

offer=$(probe 52:54:00:12:34:56 --pxe)
check "a PXE client gets its lease from the Hardware object" 192.0.2.77 "${offer%% *}"
[ "${offer#* }" != "-" ] && [ "${offer#* }" != "/netboot-not-allowed" ]
check "and a boot file" 0 $?
check "no netboot section: a lease, netboot not allowed" "192.0.2.78 /netboot-not-allowed" \
  "$(probe 52:54:00:12:34:57 --pxe)"
check "no dhcp.ip: nothing to lease in reservation mode" none "$(probe 52:54:00:12:34:58 --expect-none)"
check "an unknown MAC gets no reply" none "$(probe 52:54:00:99:99:99 --expect-none)"

hardware added 52:54:00:12:34:59 192.0.2.79 '{"allowPXE": true}' | control apply
check "an object added through the watch is served" 192.0.2.79 "$(until_offer 192.0.2.79 52:54:00:12:34:59)"
hardware machine-a 52:54:00:12:34:56 192.0.2.80 '{"allowPXE": true}' | control apply
check "a modified object gets its new address" 192.0.2.80 "$(until_offer 192.0.2.80 52:54:00:12:34:56)"
echo '{"namespace": "tink-system", "name": "added"}' | control delete
check "a deleted object is no longer answered" none "$(until_offer none 52:54:00:12:34:59)"
hardware other-ns 52:54:00:12:34:60 192.0.2.81 '{"allowPXE": true}' | sed 's/tink-system/elsewhere/' | control apply
sleep 0.5
check "objects outside the namespace are not served" none "$(probe 52:54:00:12:34:60 --expect-none)"

finish
