#!/usr/bin/env bash
# Prints the project's C++ sources and headers, one a line, relative to the
# source root: git's list in a checkout, a find elsewhere (a release tarball).
# Generated files live in the build trees and are never listed.
set -euo pipefail
cd "$(dirname "$0")/../.."
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files --cached --others --exclude-standard -- '*.cc' '*.h' | while read -r f; do
    [ -f "$f" ] && echo "$f"  # a file deleted but not yet committed is not checked
  done
else
  find core plugins tests bench -type f \( -name '*.cc' -o -name '*.h' \) -not -path '*/build*/*' | sort
fi
