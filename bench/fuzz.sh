#!/usr/bin/env bash
# Long libFuzzer runs of every fuzzer in tests/fuzz, one after another, each
# for a fixed number of executions (not part of `make test`, which runs each
# for 20 s). The corpus lives in the repo, tests/fuzz/corpus/<dir>/: it seeds
# each run, and the inputs a run found that reach new edges are merged back
# (only files up to FUZZ_MAX_FILE_BYTES). Prints a Markdown table: executions,
# seconds, exec/s, corpus, libFuzzer's final cov/ft, crashes.
#
#   bench/fuzz.sh [FUZZER...]      # default: every smee_fuzzer() in tests/fuzz/CMakeLists.txt
#
# Run it at low priority on a shared machine: `nice -n 19 bench/fuzz.sh`.
# Environment:
#   FUZZ_RUNS            executions per fuzzer (10000000)
#   FUZZ_MAX_TIME        seconds per fuzzer at most, 0 = no limit (0)
#   FUZZ_BUILD_DIR       build tree the fuzzers are built in (build-fuzz, its own,
#                        so a long run never waits on or disturbs build/)
#   FUZZ_OUT             logs and crash files (bench/results/fuzz-<time>)
#   FUZZ_MAX_FILE_BYTES  largest input merged into the corpus (4096)
#   FUZZ_MERGE=0         leave the corpus alone
#   FUZZ_TIMEOUT         seconds one input may take before it counts as a hang (60:
#                        at nice 19 beside a build, a fuzzer can wait 10 s for a CPU)
#   ASAN_OPTIONS         (malloc_context_size=0:quarantine_size_mb=16) for the fuzzers that
#                        allocate per input (Poco::JSON, yaml-cpp) ASan's recording of every
#                        allocation's stack was a third of the time and grew RSS past 500 MB;
#                        errors are still caught, and a crash input re-run alone with
#                        ASAN_OPTIONS= gives the full allocation stacks
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${FUZZ_RUNS:-10000000}
max_time=${FUZZ_MAX_TIME:-0}
build=${FUZZ_BUILD_DIR:-build-fuzz}
out=${FUZZ_OUT:-bench/results/fuzz-$(date +%Y%m%d-%H%M%S)}
max_file=${FUZZ_MAX_FILE_BYTES:-4096}
merge=${FUZZ_MERGE:-1}
timeout=${FUZZ_TIMEOUT:-60}
export ASAN_OPTIONS=${ASAN_OPTIONS-malloc_context_size=0:quarantine_size_mb=16}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# name -> corpus directory, as tests/fuzz/CMakeLists.txt declares them.
declare -A corpus_of
while read -r name dir; do corpus_of[$name]=$dir; done < <(
  sed -n 's/^smee_fuzzer(\([A-Za-z0-9_]*\) [^ ]* \([A-Za-z0-9_]*\).*/\1 \2/p' tests/fuzz/CMakeLists.txt)
fuzzers=("$@")
((${#fuzzers[@]})) || fuzzers=($(printf '%s\n' "${!corpus_of[@]}" | sort))
for f in "${fuzzers[@]}"; do
  [[ -n ${corpus_of[$f]:-} ]] || { echo "unknown fuzzer $f (known: ${!corpus_of[*]})" >&2; exit 2; }
done

# Built by the project's own rules (clang, -fsanitize=fuzzer,address,undefined).
[[ -f $build/build.ninja ]] || cmake -S . -B "$build" -G Ninja -DSMEE_BUILD_TESTS=ON >"$out/configure.log"

# The last "#N ... cov: C ft: F" status line of a log: "C F".
coverage() { grep -aE '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$1" | tail -1 |
  sed -E 's/.*cov: ([0-9]+) ft: ([0-9]+).*/\1 \2/'; }

echo "| fuzzer | executions | seconds | exec/s | corpus files (KiB) | cov | ft | crashes |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
status=0
for f in "${fuzzers[@]}"; do
  corpus=tests/fuzz/corpus/${corpus_of[$f]}
  mkdir -p "$corpus"
  work=$out/$f
  rm -rf "$work" && mkdir -p "$work/new" "$work/artifacts"
  log=$work/fuzz.log
  if ! cmake --build "$build" -j 1 --target "${f}_build" >"$work/build.log" 2>&1; then
    echo "| $f | build failed, see $work/build.log | | | | | | |"
    status=1
    continue
  fi
  start=$(date +%s%N)
  # New inputs go to work/new (the first directory); the repo corpus is
  # only read here. -timeout: an input that takes that long counts as a hang;
  # a hang's artifact is worth re-running alone: a starved fuzzer leaves one too.
  rc=0
  "$build/tests/fuzz/$f" -runs="$runs" -max_total_time="$max_time" -timeout="$timeout" \
    -report_slow_units="$timeout" -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/new" "$corpus" \
    >"$log" 2>&1 || rc=$?
  seconds=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [[ -n $execs ]] || execs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  read -r cov ft <<<"$(coverage "$log")"
  # crash-, leak-, oom- and timeout- inputs are findings; a slow-unit- input
  # (slower than the timeout's share, not a hang) is kept but not counted.
  crashes=$(find "$work/artifacts" -type f ! -name 'slow-unit-*' | wc -l)
  if ((rc != 0 && crashes == 0)); then crashes="exit $rc"; fi
  if [[ $crashes != 0 ]]; then status=1; fi

  if [[ $merge == 1 ]]; then
    # Only small inputs, and of those only what reaches an edge the corpus
    # does not (-use_counters=0: edges, not hit-count buckets, so at most one
    # file per new edge and the corpus stays a few hundred files).
    mkdir -p "$work/small"
    find "$work/new" -type f -size -$((max_file + 1))c -exec cp -t "$work/small" {} +
    "$build/tests/fuzz/$f" -merge=1 -use_counters=0 -timeout="$timeout" "$corpus" "$work/small" \
      >"$work/merge.log" 2>&1 ||
      { echo "merge failed for $f, see $work/merge.log" >&2; status=1; }
  fi
  files=$(find "$corpus" -type f | wc -l)
  kib=$(find "$corpus" -type f -printf '%s\n' | awk '{ n += $1 } END { printf "%.1f", n / 1024 }')
  rate=$(awk -v n="${execs:-0}" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0) ? n / s : 0 }')
  printf '| %s | %s | %.0f | %s | %s (%s) | %s | %s | %s |\n' \
    "$f" "${execs:-0}" "$seconds" "$rate" "$files" "$kib" "${cov:--}" "${ft:--}" "$crashes"
done
echo
echo "runs=$runs per fuzzer; logs in $out"
find "$out" -path '*/artifacts/*' -type f -printf 'crash input: %p\n'

exit $status
