#!/usr/bin/env bash
# Installs smeed's SDK into a scratch prefix, builds the example plugin in
# project/ against it alone, and has smeed load and configure it.
set -euo pipefail
build_dir=$1 source_dir=$2 smeed=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/tests/sdk_plugin/project" -B "$work/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null

mkdir "$work/plugins"
cp "$work/build/libsmee_backend_single_host.so" "$work/plugins/"
cat > "$work/smee.conf" <<CONF
plugins: [backend-single-host]
backend-single-host:
  mac: 02:00:00:00:00:42
  ip: 192.0.2.42
CONF
out=$("$smeed" --check-config --plugin-dir "$work/plugins" -c "$work/smee.conf")
echo "$out"
grep -q "configuration OK" <<<"$out"
grep -q "single host configured mac=02:00:00:00:00:42" <<<"$out"

# The same plugin with a bad value must be refused with the value's position.
sed -i 's/02:00:00:00:00:42/not-a-mac/' "$work/smee.conf"
if err=$("$smeed" --check-config --plugin-dir "$work/plugins" -c "$work/smee.conf" 2>&1); then
  echo "expected a config error, got success: $err"; exit 1
fi
echo "$err"
grep -q "smee.conf:3:8: backend-single-host.mac: is not a MAC address" <<<"$err"
echo "SDK plugin built against the installed headers loads and is configured"
