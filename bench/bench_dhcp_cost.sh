#!/usr/bin/env bash
# bench_dhcp_cost.sh -- server CPU per DORA at fixed offered rates, servers alternated step by step.
#
#   ./bench_dhcp_cost.sh [-s "dhcpfloor smeed kea"] [-R "1000 3000 6000"] [-r 3] [-n 1000] [-p 5]
#
# bench_dhcp.sh climbs a rate ladder, so each server's CPU per DORA comes from the rate it reached,
# and on this kind of machine the cost of a DORA depends on the rate (how many datagrams one
# wake-up reads). Here every server gets the same offered rates, one perfdhcp step each
# (bench_dhcp.sh with START = MAX = RATE), in rotating order, REPS times. The dhcpfloor profile
# (tools/dhcp_floor.c) answers with no server logic at all, so its figure is the machine's floor:
# what the kernel and the scheduler cost per DORA. Prints a Markdown table of medians (min..max)
# and each server's median ratio to the first server of the same repetition and rate.
# Steps go to $PB_OUT/dhcp-steps.tsv; the table also to results/dhcp-cost-<time>.md.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
SERVERS="dhcpfloor smeed kea"; RATES="1000 3000 6000"; REPS=3; NRES=1000; PERIOD=5
while getopts "s:R:r:n:p:h" o; do
  case $o in
    s) SERVERS=$OPTARG ;; R) RATES=$OPTARG ;; r) REPS=$OPTARG ;; n) NRES=$OPTARG ;; p) PERIOD=$OPTARG ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
[ "$REPS" -ge 1 ] && [ "$REPS" -le 20 ] || die "repetitions must be 1..20"
created_ns=0
if ! netns_ready; then "$BENCH_DIR/netns.sh" up || die "netns up failed"; created_ns=1; fi
trap '[ "$created_ns" = 1 ] && "$BENCH_DIR/netns.sh" down' EXIT
export PB_OUT=${PB_OUT:-$PB_WORK/out/dhcp-cost-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$PB_OUT"
export PB_DHCP_BISECT=0 PB_DHCP_PERIOD=$PERIOD
read -ra order <<<"$SERVERS"
for rep in $(seq 1 "$REPS"); do
  for rate in $RATES; do
    for s in "${order[@]}"; do
      PB_RUN_ID="rep$rep" PB_DHCP_START_RATE=$rate PB_DHCP_MAX_RATE=$rate \
        "$BENCH_DIR/bench_dhcp.sh" "$s" "$NRES" 2>&1 | grep -E ' step ' || log "no step line from $s at $rate/s"
    done
  done
  order=("${order[@]:1}" "${order[0]}")   # rotate who goes first
done
table=$BENCH_DIR/results/dhcp-cost-$(date +%Y%m%d-%H%M%S).md
mkdir -p "$BENCH_DIR/results"
$PB_PYTHON - "$PB_OUT/dhcp-steps.tsv" "${SERVERS%% *}" $SERVERS <<'PY' | tee "$table"
import csv, statistics, sys
path, ref, servers = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = list(csv.DictReader(open(path), delimiter="\t"))
cost = {}  # (server, rate, rep) -> us per DORA, only for steps that lost <= 1 %
for r in rows:
    if r["cpu_us_per_dora"] in ("", "NA") or float(r["e2e_drop_pct"]) > 1.0:
        continue
    cost[(r["server"], int(r["offered"]), r["run"])] = float(r["cpu_us_per_dora"])
rates = sorted({k[1] for k in cost})
print("| offered DORA/s | " + " | ".join(f"{s} us/DORA" for s in servers)
      + " | " + " | ".join(f"{s} / {ref}" for s in servers if s != ref) + " |")
print("|---:|" + "---:|" * (2 * len(servers) - 1))
def cell(values):
    if not values:
        return "-"
    return f"{statistics.median(values):.1f} ({min(values):.1f}..{max(values):.1f}, n={len(values)})"
for rate in rates:
    cells, ratios = [], []
    for s in servers:
        cells.append(cell([v for (srv, r, _), v in cost.items() if srv == s and r == rate]))
        if s == ref:
            continue
        per_rep = [v / cost[(ref, rate, rep)] for (srv, r, rep), v in cost.items()
                   if srv == s and r == rate and (ref, rate, rep) in cost]
        ratios.append(f"{statistics.median(per_rep):.2f}" if per_rep else "-")
    print(f"| {rate} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
print()
print("Steps that lost more than 1 % of exchanges are left out. Ratios: median over repetitions of "
      f"server / {ref} in the same repetition and rate.")
PY
