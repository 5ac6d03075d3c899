#!/usr/bin/env bash
# The Kubernetes backend at fleet size: a fake API server on 127.0.0.1 (TLS,
# bearer token; plugins/backends/kube/tests/fake_kube_api.py) generates N
# Hardware objects and serves them in pages of 500; the backend lists them
# into its cache, then is timed on lookups and on watch events.
#
#   bench/bench_kube.sh [OBJECTS] [LOOKUPS] [EVENTS]     default 100000 1000000 20000
#
# Prints one "RESULT metric value unit" line per figure:
#   initial_sync            first list, all pages, converted and indexed (includes the
#                           Python server producing the pages)
#   rss_after_sync          the process's VmRSS with the cache built (rss_per_object: the growth)
#   rss_peak_during_sync    the process's VmHWM then: the list's peak (pages are
#                           converted into the packed store one at a time)
#   profiles, store_bytes   shared profiles, and the heap the packed store holds
#   lookup_by_mac_p50/p99   one byMac() from the cache, timed each, random present MACs
#   lookups_2_threads       lookups per second with two threads at once
#   watch_apply_end_to_end  MODIFIED events per second through the server's watch stream
#   watch_apply_in_process  the same events decoded and applied without the network
# Needs: python3, openssl. Not part of `make test`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
cd "$ROOT"
flock /tmp/smeed-build.lock cmake --build "$BUILD" -j2 --target backend_kube_bench >/dev/null
"$BUILD/plugins/backends/kube/tests/backend_kube_bench" "${1:-100000}" "${2:-1000000}" "${3:-20000}"
