"""Reads Prometheus text on stdin with prometheus_client's parser and checks
Smee's series (internal/metric/metric.go): --before, every pre-created
series exists at zero; --after, a DORA and one auto.ipxe were counted.
Also the process_* series. Prints one line per check; exit 1 on a failure."""
import sys
from prometheus_client.parser import text_string_to_metric_families

DHCP_TYPES = ["DHCPACK", "DHCPDECLINE", "DHCPDISCOVER", "DHCPINFORM", "DHCPNAK", "DHCPOFFER", "DHCPRELEASE", "DHCPREQUEST"]
HTTP_OPS = ["file", "hardware-components", "phone-home", "problem", "event"]

samples = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        samples[(s.name, tuple(sorted(s.labels.items())))] = s.value

def value(name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))))

failures = 0
def check(what, ok):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += 0 if ok else 1

after = "--after" in sys.argv
expected = [("dhcp_total", {"op": "recv", "type": t}) for t in DHCP_TYPES] + [("dhcp_total", {"op": "send", "type": "DHCPOFFER"})]
for f in ["dhcp", "ip"]:
    expected += [("discover_total", {"from": f}), ("discover_in_progress", {"from": f}),
                 ("discover_duration_seconds_count", {"from": f})]
jobs = [("dhcp", t) for t in DHCP_TYPES] + [("http", o) for o in HTTP_OPS] + [("tftp", "read")]
for f, o in jobs:
    expected += [("jobs_total", {"from": f, "op": o}), ("jobs_in_progress", {"from": f, "op": o}),
                 ("jobs_duration_seconds_count", {"from": f, "op": o})]
missing = [f"{n}{l}" for n, l in expected if value(n, **l) is None]
check(f"all {len(expected)} of Smee's pre-created series exist" + (f" (missing: {missing[:3]})" if missing else ""), not missing)
check("Smee's histogram buckets (LinearBuckets 0.01, 0.05, 10)",
      value("jobs_duration_seconds_bucket", **{"from": "http", "op": "file", "le": "0.46"}) is not None)
cpu = value("process_cpu_seconds_total")
check("process_cpu_seconds_total is there (0 just after start is fine)", cpu is not None and cpu >= 0)
for name in ["process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds",
             "process_max_fds", "process_start_time_seconds"]:
    check(f"{name} is there and positive", (value(name) or 0) > 0)
if not after:
    check("nothing counted yet", value("dhcp_total", op="recv", type="DHCPDISCOVER") == 0
          and value("jobs_total", **{"from": "http", "op": "file"}) == 0)
else:
    for op, t in [("recv", "DHCPDISCOVER"), ("recv", "DHCPREQUEST"), ("send", "DHCPOFFER"), ("send", "DHCPACK")]:
        check(f"dhcp_total{{op={op},type={t}}} == 1", value("dhcp_total", op=op, type=t) == 1)
    check("jobs_total{from=http,op=file} == 1 (one auto.ipxe)", value("jobs_total", **{"from": "http", "op": "file"}) == 1)
    check("jobs_duration_seconds_count{from=http,op=file} == 1",
          value("jobs_duration_seconds_count", **{"from": "http", "op": "file"}) == 1)
    check("jobs_in_progress{from=http,op=file} back to 0", value("jobs_in_progress", **{"from": "http", "op": "file"}) == 0)
sys.exit(1 if failures else 0)
