#!/usr/bin/env python3
"""Checks that one machine's boot is one trace: the DHCP span whose context
went out in option 43.69 is the parent of the TFTP transfer of the
suffixed boot file and of the HTTP request that carried `traceparent`.
Usage: check_trace.py SPANS_FILE TRACE_ID DHCP_SPAN_ID [YIADDR [MAC]]
YIADDR is the address the REQUEST was acked with (default 127.0.0.61); MAC,
if given, is the machine's hardware address the DHCP span must name."""
import json
import sys

spans = [json.loads(line) for line in open(sys.argv[1])]
trace, dhcp_span = sys.argv[2], sys.argv[3]
yiaddr = sys.argv[4] if len(sys.argv) > 4 else "127.0.0.61"
mac = sys.argv[5] if len(sys.argv) > 5 else None
failed = 0


def check(what, ok):
    global failed
    print(("ok   " if ok else "FAIL ") + what)
    failed += 0 if ok else 1


def attrs(span):
    return {a["key"]: list(a["value"].values())[0] for a in span.get("attributes", [])}


by_id = {s["spanId"]: s for s in spans}
dhcp = by_id.get(dhcp_span)
check("the span named in option 43.69 was exported", dhcp is not None)
if dhcp:
    check("it is the DHCP REQUEST span", dhcp["name"] == "DHCP Packet Received: REQUEST")
    check("it carries Smee's attributes", attrs(dhcp).get("DHCP.reply.Header.yiaddr") == yiaddr
          and attrs(dhcp).get("DHCP.request.Opt53.MessageType") == "REQUEST")
    if mac:
        check("it is this machine's REQUEST", attrs(dhcp).get("DHCP.request.Header.chaddr") == mac)
    check("service.name is smee", dhcp["service"] == "smee")
in_trace = [s for s in spans if s["traceId"] == trace]
children = {s["name"]: s for s in in_trace if s.get("parentSpanId") == dhcp_span}
check("hardware lookup is a child of the DHCP span", "Hardware data get" in children)
tftp = children.get("TFTP get")
check("the TFTP transfer continues the DHCP trace", tftp is not None)
if tftp:
    check("TFTP span names the file without its suffix", attrs(tftp).get("filename") == "undionly.kpxe")
    check("TFTP span counted the bytes", int(attrs(tftp).get("bytes", 0)) > 0)
http = children.get("GET /*auto.ipxe")
check("the auto.ipxe request continues the DHCP trace", http is not None)
if http:
    a = attrs(http)
    check("HTTP span has status 200", a.get("http.response.status_code") == "200")
    renders = [s for s in in_trace if s["name"] == "Script render" and s.get("parentSpanId") == http["spanId"]]
    check("script render is a child of the HTTP span", len(renders) == 1)
sys.exit(1 if failed else 0)
