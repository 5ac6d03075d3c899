#!/usr/bin/env bash
# clang-tidy, with the checks of .clang-tidy (warnings are errors), on the
# code smeed ships: every translation unit of a build tree's
# compile_commands.json under core/ (library and smeed) and each plugin's
# src/ and entry.cc, with the project headers they include. The tests are
# left out for time: with GoogleTest they double the run (about 30 min on
# 2 cores for everything); they are held to the formatting check and the
# compiler's warnings. Prints each finding; fails on any.
#   tests/lint/tidy_check.sh [BUILD_DIR] [JOBS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
jobs=${2:-$(nproc)}
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
runner=$(command -v run-clang-tidy-14 || command -v run-clang-tidy || true)
[ -n "$tidy" ] && [ -n "$runner" ] || {
  echo "clang-tidy not found (Debian: apt-get install clang-tidy-14)" >&2; exit 2; }
[ -f "$build/compile_commands.json" ] || {
  echo "$build/compile_commands.json missing: configure the build first (make build)" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Only the project's own sources: the build tree's generated files are not ours to style.
status=0
"$runner" -clang-tidy-binary "$tidy" -p "$build" -quiet -j "$jobs" "^$root/(core/|plugins/.*/(src/|entry\.cc))" >"$log" 2>&1 ||
  status=$?
# run-clang-tidy always asks for colour; the findings are read without it.
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^/.*: (warning|error): ' | sort -u || true)
if [ -n "$findings" ]; then
  echo "$findings"
  echo "$(wc -l <<<"$findings") clang-tidy findings"
  exit 1
fi
if [ "$status" != 0 ]; then
  tail -40 "$log"
  echo "clang-tidy failed without a finding (see above)"
  exit 1
fi
echo "clang-tidy: $(grep -c -- ' -p=' "$log") translation units, no findings"
