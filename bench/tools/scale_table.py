#!/usr/bin/env python3
"""Markdown tables of bench_scale.sh's raw results (size, tool, metric, value per line):
medians over the repetitions; ratios are ratios of those medians."""
import collections, statistics, sys

def main():
    values = collections.defaultdict(list)
    for line in open(sys.argv[1]):
        size, tool, metric, value = line.rstrip("\n").split("\t")
        values[(int(size), tool, metric)].append(float(value))
    sizes = sorted({k[0] for k in values})

    def med(size, tool, metric):
        v = values.get((size, tool, metric))
        return statistics.median(v) if v else None

    def fmt(x, digits=1):
        return "-" if x is None else ("%.*f" % (digits, x))

    def mib(kb):
        return None if kb is None else kb / 1024

    def ratio(a, b):
        return None if a is None or b in (None, 0) else a / b

    reps = max((len(v) for k, v in values.items() if k[2] == "ready_ms"), default=0)
    print("### smeed's file backend (medians of %d runs)\n" % reps)
    print("| machines | file MiB | load ms (wall / CPU) | smeed ready ms | steady RSS MiB | peak RSS MiB "
          "| peak / steady | index MiB | lookup ns: MAC / IP / absent | HardwareIndex ns: MAC / IP |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        rss, hwm = mib(med(n, "smeed", "rss_kb")), mib(med(n, "smeed", "hwm_kb"))
        index_bytes = med(n, "index", "index_bytes")
        print("| %d | %s | %s / %s | %s | %s | %s | %s | %s | %s / %s / %s | %s / %s |" % (
            n, fmt(med(n, "file", "yaml_bytes") / 2**20),
            fmt(med(n, "index", "load_ms"), 0), fmt(med(n, "index", "load_cpu_ms"), 0),
            fmt(med(n, "smeed", "ready_ms"), 0), fmt(rss), fmt(hwm), fmt(ratio(hwm, rss), 2),
            fmt(None if index_bytes is None else index_bytes / 2**20, 2),
            fmt(med(n, "index", "mac_lookup_ns"), 0), fmt(med(n, "index", "ip_lookup_ns"), 0),
            fmt(med(n, "index", "miss_lookup_ns"), 0),
            fmt(med(n, "index", "hash_mac_lookup_ns"), 0),
            fmt(med(n, "index", "hash_ip_lookup_ns"), 0)))

    print("\n### The same machines in dnsmasq and Kea (medians of %d runs)\n" % reps)
    print("| machines | ready ms: smeed / dnsmasq / kea | steady RSS MiB: smeed / dnsmasq / kea "
          "| peak RSS MiB: smeed / dnsmasq / kea | RSS dnsmasq / smeed | RSS kea / smeed "
          "| ready dnsmasq / smeed | ready kea / smeed |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        ready = [med(n, t, "ready_ms") for t in ("smeed", "dnsmasq", "kea")]
        rss = [mib(med(n, t, "rss_kb")) for t in ("smeed", "dnsmasq", "kea")]
        hwm = [mib(med(n, t, "hwm_kb")) for t in ("smeed", "dnsmasq", "kea")]
        failed = [t for t in ("smeed", "dnsmasq", "kea") if (n, t, "failed") in values]
        note = (" (not ready in time: %s)" % ", ".join(failed)) if failed else ""
        print("| %d%s | %s | %s | %s | %s | %s | %s | %s |" % (
            n, note, " / ".join(fmt(x, 0) for x in ready), " / ".join(fmt(x) for x in rss),
            " / ".join(fmt(x) for x in hwm), fmt(ratio(rss[1], rss[0]), 2),
            fmt(ratio(rss[2], rss[0]), 2), fmt(ratio(ready[1], ready[0]), 2),
            fmt(ratio(ready[2], ready[0]), 2)))

if __name__ == "__main__":
    main()
