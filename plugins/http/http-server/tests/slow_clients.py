#!/usr/bin/env python3
"""Slow clients (slowloris) against smeed's HTTP server: COUNT connections,
spread over the SOURCES addresses, each sending its request headers one byte
per second and never finishing the header block. While they are held:
PROBES requests of PROBE_PATH from 127.0.0.1 (each must be 200; latency per
probe and the median are printed) and one normal request of SCRIPT_PATH whose
body must contain EXPECT. Then it waits for the server to close every slow
connection (it must, HEADER_TIMEOUT seconds after accepting it).

Usage: slow_clients.py HOST PORT --header-timeout S [--count 100]
         [--sources 127.0.0.2-127.0.0.11] [--probes 10] [--probe-path /healthz]
         [--script-path /<mac>/auto.ipxe --expect worker_id=<mac>]
Prints key=value lines (read by http_load.sh); exit 0 when every figure is
as expected, 1 otherwise. Every wait is bounded (HEADER_TIMEOUT + 8 s at most).
"""
import argparse
import http.client
import ipaddress
import select
import socket
import statistics
import sys
import threading
import time

# A request whose header block never ends: one byte a second for ~40 s
# before the padding runs out, far longer than any header_timeout here.
SLOW_REQUEST = b"GET /healthz HTTP/1.1\r\nHost: smeed\r\nX-Slow: " + b"a" * 40


def address_range(spec):
    """'127.0.0.2-127.0.0.11' or '127.0.0.2,127.0.0.3' -> list of strings."""
    out = []
    for part in spec.split(","):
        if "-" in part:
            first, last = (ipaddress.IPv4Address(p.strip()) for p in part.split("-"))
            out += [str(ipaddress.IPv4Address(a)) for a in range(int(first), int(last) + 1)]
        elif part.strip():
            out.append(part.strip())
    for a in out:
        if not ipaddress.IPv4Address(a).is_loopback:
            sys.exit("refusing a source address outside 127.0.0.0/8: " + a)
    return out


class Slow:
    def __init__(self, sock, opened):
        self.sock, self.opened = sock, opened
        self.sent = 0
        self.closed_at = None   # monotonic time the server closed it
        self.reply = b""        # anything the server wrote before closing (a 408, say)


def trickle(slows, lock, stop):
    """One byte per second to every open slow connection; notes the close."""
    next_send = time.monotonic()
    while not stop.is_set():
        with lock:
            live = [s for s in slows if s.closed_at is None]
        if not live:
            return
        now = time.monotonic()
        if now >= next_send:
            for s in live:
                if s.sent >= len(SLOW_REQUEST):
                    continue
                try:
                    s.sock.send(SLOW_REQUEST[s.sent:s.sent + 1])
                    s.sent += 1
                except OSError:
                    with lock:
                        s.closed_at = s.closed_at or time.monotonic()
            next_send += 1.0
        # Watch for the server's close (EOF, reset, or a reply then EOF).
        readable, _, _ = select.select([s.sock for s in live], [], [], 0.05)
        by_sock = {s.sock: s for s in live}
        for r in readable:
            s = by_sock[r]
            try:
                data = r.recv(4096)
            except OSError:
                data = b""
            if data:
                s.reply += data
            else:
                with lock:
                    s.closed_at = time.monotonic()


def timed_get(host, port, path):
    t0 = time.monotonic()
    conn = http.client.HTTPConnection(host, port, timeout=5, source_address=("127.0.0.1", 0))
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        return r.status, body, (time.monotonic() - t0) * 1000.0
    except OSError as e:
        return "error:" + type(e).__name__, b"", (time.monotonic() - t0) * 1000.0
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--header-timeout", type=float, required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--sources", default="127.0.0.2-127.0.0.11")
    ap.add_argument("--probes", type=int, default=10)
    ap.add_argument("--probe-path", default="/healthz")
    ap.add_argument("--script-path")
    ap.add_argument("--expect", default="")
    a = ap.parse_args()
    if not ipaddress.IPv4Address(a.host).is_loopback:
        sys.exit("refusing a server outside 127.0.0.0/8")
    if not 1 <= a.count <= 1000:
        sys.exit("count must be 1..1000")
    sources = address_range(a.sources)
    ok = True

    slows = []
    for i in range(a.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(5)
        s.bind((sources[i % len(sources)], 0))
        s.connect((a.host, a.port))
        s.setblocking(False)
        slows.append(Slow(s, time.monotonic()))
    print("slow_open=%d sources=%d" % (len(slows), len(sources)))
    lock, stop = threading.Lock(), threading.Event()
    t = threading.Thread(target=trickle, args=(slows, lock, stop), daemon=True)
    t.start()
    time.sleep(0.3)  # every slow connection has sent its first byte

    # Probes while the slow connections are held.
    lat, good = [], 0
    for _ in range(a.probes):
        status, body, ms = timed_get(a.host, a.port, a.probe_path)
        lat.append(ms)
        good += status == 200
    med = statistics.median(lat) if lat else float("nan")
    print("probe_ok=%d/%d" % (good, a.probes))
    print("probe_ms=" + ",".join("%.1f" % x for x in lat))
    print("probe_median_ms=%.1f" % med)
    ok &= good == a.probes and med < 100
    if a.script_path:
        status, body, ms = timed_get(a.host, a.port, a.script_path)
        has = a.expect.encode() in body
        print("script_status=%s script_has_mac=%d script_ms=%.1f" % (status, has, ms))
        ok &= status == 200 and has
    probes_done = time.monotonic()
    with lock:
        held = sum(1 for s in slows if s.closed_at is None)
    oldest = probes_done - min(s.opened for s in slows)
    print("held_during_probes=%d/%d probes_took_s=%.2f" % (held, len(slows), oldest))
    if oldest >= a.header_timeout:
        print("warning: the probes outlasted header_timeout; 'held' says little")
    ok &= held == len(slows)

    # Now every slow connection must be closed by the server, around
    # header_timeout after it was opened (not long before, not much after).
    deadline = time.monotonic() + a.header_timeout + 8
    while time.monotonic() < deadline:
        with lock:
            if all(s.closed_at is not None for s in slows):
                break
        time.sleep(0.1)
    stop.set()
    t.join(2)
    closed = [s for s in slows if s.closed_at is not None]
    ages = [s.closed_at - s.opened for s in closed]
    in_window = sum(1 for x in ages if a.header_timeout - 0.5 <= x <= a.header_timeout + 3)
    print("closed_by_server=%d/%d" % (len(closed), len(slows)))
    if ages:
        print("close_after_s_min=%.2f close_after_s_max=%.2f" % (min(ages), max(ages)))
    print("closed_near_header_timeout=%d/%d" % (in_window, len(slows)))
    replies = {}
    for s in closed:
        line = s.reply.split(b"\r\n", 1)[0].decode("latin-1") if s.reply else "(none)"
        replies[line] = replies.get(line, 0) + 1
    print("slow_replies=" + "; ".join("%s x%d" % kv for kv in sorted(replies.items())))
    ok &= len(closed) == len(slows) and in_window == len(slows)
    for s in slows:
        s.sock.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
