#!/usr/bin/env bash
# smeed(8) is generated at build time by `smeed --man` and lists every
# option and flag that `smeed --help` does; it renders without a warning.
# Usage: man_page.sh SMEED_BINARY MAN_PAGE
set -uo pipefail
SMEED=$1 PAGE=$2 PLUGIN_DIR=unused
. "$(dirname "$0")/../lib/smeed_script_test.sh"
check "the build wrote smeed.8" yes "$([ -s "$PAGE" ] && echo yes)"
check "  and it is what this smeed --man prints" yes "$(cmp -s "$PAGE" <("$SMEED" --man) && echo yes)"
check "  with a .TH line for section 8" yes "$(grep -q '^\.TH SMEED 8 ' "$PAGE" && echo yes)"
if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww -z "$PAGE" 2>&1)
  check "groff -man renders it without a warning" "0 " "$? $warnings"
  groff -man -Tascii -P-cbou "$PAGE" >"$WORK/page.txt" 2>/dev/null
else
  echo "groff is not installed: checking the roff source itself"
  sed 's/\\-/-/g; s/\\f[BIRP]//g' "$PAGE" >"$WORK/page.txt"
fi
if command -v man >/dev/null; then
  MANWIDTH=100 man -l "$PAGE" >"$WORK/man.txt" 2>"$WORK/man.err"
  check "man -l renders it" "0 yes" "$? $(grep -q 'SMEED(8)' "$WORK/man.txt" && echo yes)"
fi
# Every option and flag of --help: the dash words that start its lines.
flags=$("$SMEED" --help | grep -oE '^  (-[a-z]|--?[a-z][a-z0-9-]*)(, --[a-z-]+)?' | tr ',' '\n' | tr -d ' ' | sort -u)
check "--help lists the options and Smee's flags" yes "$([ "$(wc -l <<<"$flags")" -gt 50 ] && echo yes)"
missing=""
for flag in $flags; do
  grep -qE -- "(^|[^a-z-])$flag([^a-z-]|\$)" "$WORK/page.txt" || missing+=" $flag"
done
check "the manual names every one of them" "" "$missing"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS "SMEE FLAGS" CONFIGURATION SIGNALS ENVIRONMENT "EXIT STATUS" FILES; do
  check "  section $section" yes "$(grep -q "^$section\$" "$WORK/page.txt" && echo yes)"
done
check "  the core keys, smee.user among them" yes "$(grep -q 'smee.user' "$WORK/page.txt" && echo yes)"
finish
