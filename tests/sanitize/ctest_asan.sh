#!/usr/bin/env bash
# Runs the test suite of an ASan+UBSan build (`make test-asan`) and fails if
# any sanitizer report was written, even one from a smeed that a shell test
# started in the background with its stderr in a log nobody reads: every
# report goes to a file in BUILD_DIR/sanitizer-reports, checked at the end.
#   ctest_asan.sh BUILD_DIR [JOBS]
set -uo pipefail
build=$(cd "$1" && pwd)
jobs=${2:-1}
reports=$build/sanitizer-reports
rm -rf "$reports" && mkdir -p "$reports"
# Writable by all: the privilege-drop test's smeed writes here as nobody.
chmod 1777 "$reports"

# halt_on_error: the first finding ends the process (and fails its test).
# Plugins stay mapped until exit (SMEE_PLUGIN_NO_UNLOAD) so that a leak
# allocated inside one is reported with its frames, not "<unknown module>".
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:print_stacktrace=1:log_path=$reports/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"
export SMEE_PLUGIN_NO_UNLOAD=1

# Left out, with the reason:
# - label fuzz: each libFuzzer target is its own ASan+UBSan binary, built
#   and run by `make test` (tests/fuzz); this build does not compile them.
# - e2e_qemu_pxe_boot: minutes of an emulated VM booting; what smeed does for
#   it (DHCP, TFTP, HTTP, syslog) is what the loopback and namespace tests
#   here already drive, with real clients, under the sanitizers.
cd "$build" || exit 1
ctest --output-on-failure -j "$jobs" -LE '^fuzz$' -E '^e2e_qemu_pxe_boot$'
rc=$?

shopt -s nullglob
found=("$reports"/*)
if ((${#found[@]})); then
  for f in "${found[@]}"; do
    echo "==== sanitizer report $f"
    cat "$f"
  done
  echo "${#found[@]} sanitizer report(s) in $reports" >&2
  exit 1
fi
exit $rc
