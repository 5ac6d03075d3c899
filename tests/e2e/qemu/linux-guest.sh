#!/usr/bin/env bash
# Builds the operating system the full-boot case boots: Debian's kernel and
# an initramfs whose init does what a provisioning OS does first. It reads
# syslog_host, worker_id and hw_addr from /proc/cmdline, configures the NIC
# with a plain DHCP client (busybox udhcpc: no PXE options), reports to the
# syslog host and powers off.
#
# Usage: linux-guest.sh CACHE_DIR OUT_DIR
#   CACHE_DIR keeps the downloaded .deb files between runs (nothing is
#   installed: `apt-get download` + `dpkg -x`).
#   OUT_DIR receives vmlinuz-x86_64 and initramfs-x86_64, the names the
#   hook script asks for.
# Exit status: 0 built, 77 the packages cannot be downloaded here, 2 error.
set -euo pipefail
CACHE=$1 OUT=$2
log() { printf '[linux-guest] %s\n' "$*" >&2; }
mkdir -p "$CACHE" "$OUT"
CACHE=$(cd "$CACHE" && pwd)

for tool in apt-get apt-cache dpkg cpio gzip; do
  command -v "$tool" >/dev/null || { log "SKIP: $tool is not installed"; exit 77; }
done

# The kernel package linux-image-amd64 points at today, e.g.
# linux-image-6.1.0-56-amd64; e1000 is a module there, which is why the
# case gives the VM an e1000 NIC (one module, no dependencies).
kernel_package() {
  apt-cache depends linux-image-amd64 2>/dev/null |
    awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}
download() {  # download PACKAGE: into CACHE unless a .deb of it is there
  local pkg=$1
  ls "$CACHE/${pkg}"_*.deb >/dev/null 2>&1 && return 0
  log "downloading $pkg"
  # _apt cannot write into a folder root owns; -o keeps the warning away.
  (cd "$CACHE" && apt-get download -o APT::Sandbox::User=root "$pkg" >/dev/null)
}
pkg=$(kernel_package)
if [ -z "$pkg" ]; then
  log "package lists are empty or stale: apt-get update"
  apt-get update -qq >/dev/null 2>&1 || true
  pkg=$(kernel_package)
fi
[ -n "$pkg" ] || { log "SKIP: apt cannot resolve linux-image-amd64 here"; exit 77; }
for p in "$pkg" busybox-static; do
  download "$p" || { apt-get update -qq >/dev/null 2>&1 || true; download "$p"; } ||
    { log "SKIP: cannot download $p"; exit 77; }
done

kernel_deb=$(ls "$CACHE/${pkg}"_*.deb | tail -1)
if [ "$OUT/initramfs-x86_64" -nt "$kernel_deb" ] && [ "$OUT/initramfs-x86_64" -nt "$0" ] &&
   [ -s "$OUT/vmlinuz-x86_64" ]; then
  log "up to date: $OUT (from $pkg)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg -x "$kernel_deb" "$work/kernel"
dpkg -x "$(ls "$CACHE"/busybox-static_*.deb | tail -1)" "$work/busybox"
vmlinuz=$(ls "$work"/kernel/boot/vmlinuz-* | head -1)
e1000=$(find "$work/kernel/lib/modules" -name 'e1000.ko*' | head -1)
[ -n "$e1000" ] || { log "no e1000 module in $pkg"; exit 2; }

root=$work/root
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib,etc}
cp "$work/busybox/bin/busybox" "$root/bin/busybox"
case $e1000 in
*.xz) xz -dc "$e1000" >"$root/lib/e1000.ko" ;;
*.zst) zstd -qdc "$e1000" >"$root/lib/e1000.ko" ;;
*) cp "$e1000" "$root/lib/e1000.ko" ;;
esac

cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# The hook script makes ttyS1 the console; the test reads the first port.
exec >/dev/ttyS0 2>&1
say() { echo "smeed-guest: $*"; }
arg() { for word in $(cat /proc/cmdline); do case $word in "$1"=*) echo "${word#*=}";; esac; done; }
finish() { say "powering off"; sync; poweroff -f; sleep 5; }
syslog_host=$(arg syslog_host) worker_id=$(arg worker_id) hw_addr=$(arg hw_addr)
say "linux $(uname -r) is up: syslog_host=$syslog_host worker_id=$worker_id hw_addr=$hw_addr"
[ -n "$hw_addr" ] && [ -n "$syslog_host" ] || { say "FAIL: kernel arguments missing"; finish; }
insmod /lib/e1000.ko
iface=""
for try in 1 2 3 4 5 6 7 8 9 10; do
  for dev in /sys/class/net/*; do
    [ "$(cat "$dev/address" 2>/dev/null)" = "$hw_addr" ] && iface=${dev##*/}
  done
  [ -n "$iface" ] && break
  sleep 0.5
done
[ -n "$iface" ] || { say "FAIL: no interface with address $hw_addr"; finish; }
ip link set lo up
ip link set "$iface" up
if ! udhcpc -i "$iface" -n -q -t 6 -T 2 -s /udhcpc.script; then
  say "FAIL: no DHCP lease"; finish
fi
say "lease $(cat /tmp/lease) on $iface"
syslogd -n -R "$syslog_host:514" &
sleep 1
logger -t smeed-guest "worker $worker_id booted with address $(cat /tmp/lease)"
sleep 1
say "reported to syslog at $syslog_host"
say "boot complete"
finish
INIT
cat >"$root/udhcpc.script" <<'SCRIPT'
#!/bin/sh
# busybox udhcpc calls this with the lease in the environment.
case $1 in
bound|renew)
  ip addr flush dev "$interface"
  ip addr add "$ip/${mask:-24}" dev "$interface"
  [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
  echo "$ip" >/tmp/lease ;;
esac
exit 0
SCRIPT
chmod 755 "$root/init" "$root/udhcpc.script"

cp "$vmlinuz" "$OUT/vmlinuz-x86_64"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) >"$OUT/initramfs-x86_64"
log "built $(basename "$vmlinuz") ($(stat -c %s "$OUT/vmlinuz-x86_64") bytes) and initramfs ($(stat -c %s "$OUT/initramfs-x86_64") bytes) from $pkg"
