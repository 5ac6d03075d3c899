#!/usr/bin/env bash
# Every C++ file of the project is formatted as .clang-format says (Google,
# 100 columns). Prints each file that differs and the first lines of its
# diff, then fails; fix with: tests/lint/cxx_files.sh | xargs clang-format-14 -i
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
format=$(command -v clang-format-14 || command -v clang-format || true)
[ -n "$format" ] || { echo "clang-format not found (Debian: apt-get install clang-format-14)" >&2; exit 77; }
files=$("$here/cxx_files.sh")
[ -n "$files" ] || { echo "no C++ files found" >&2; exit 1; }
bad=0 total=0
while read -r f; do
  total=$((total + 1))
  if ! "$format" --dry-run -Werror "$f" >/dev/null 2>&1; then
    bad=$((bad + 1))
    echo "not formatted: $f"
    "$format" "$f" | diff -u "$f" - | sed -n '3,12p'
  fi
done <<<"$files"
echo "$total files checked, $bad not formatted"
[ "$bad" = 0 ]
