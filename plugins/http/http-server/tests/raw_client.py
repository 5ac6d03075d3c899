#!/usr/bin/env python3
"""Raw-socket HTTP clients for the connection-limit and framing checks of
http_load.sh, each doing what curl cannot: hold idle connections, send a
malformed or oversized header block, never read, pipeline.

  raw_client.py hold HOST PORT SOURCES PER_SOURCE [SETTLE_S]
      PER_SOURCE idle connections from each of SOURCES (comma list); after
      SETTLE_S (0.7) each is classed: still open and silent (held), or
      answered "HTTP/1.1 503" with "Connection: close" and then closed.
  raw_client.py oversize HOST PORT NBYTES
      one request whose header block is NBYTES long (one write).
  raw_client.py garbage HOST PORT
      a request line with no target and no version.
  raw_client.py idle HOST PORT PATH
      one keep-alive request, its answer read, then silence: how long until
      the server closes.
  raw_client.py stall HOST PORT PATH WAIT_S [RCVBUF]
      a tiny receive buffer (RCVBUF, 4096), one request, nothing read for
      WAIT_S; then everything is read: a server that gave up sent less than
      the whole body.
  raw_client.py pipeline HOST PORT OUTDIR REQUEST...
      every REQUEST ("PATH" or "PATH|Header: value") in one write on one
      connection; the answers are read in order, bodies saved as OUTDIR/1...
Prints key=value lines. Only 127.0.0.0/8 is accepted; every read has a
time-out, every loop a bound.
"""
import ipaddress
import os
import select
import socket
import sys
import time


def loopback(addr):
    if not ipaddress.IPv4Address(addr).is_loopback:
        sys.exit("refusing an address outside 127.0.0.0/8: " + addr)
    return addr


def connect(host, port, source="127.0.0.1", rcvbuf=None, timeout=5.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(timeout)
    s.bind((loopback(source), 0))
    s.connect((loopback(host), port))
    return s


def read_until_close(s, limit_s=5.0, cap=64 << 20):
    """Everything until EOF, reset or LIMIT_S; returns (data, how)."""
    data, end = bytearray(), time.monotonic() + limit_s
    while len(data) < cap:
        left = end - time.monotonic()
        if left <= 0:
            return bytes(data), "open"
        s.settimeout(left)
        try:
            chunk = s.recv(1 << 16)
        except socket.timeout:
            return bytes(data), "open"
        except ConnectionResetError:
            return bytes(data), "reset"
        if not chunk:
            return bytes(data), "eof"
        data += chunk
    return bytes(data), "open"


def status_of(data):
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split(" ")
    return parts[1] if len(parts) > 1 and line.startswith("HTTP/") else "none"


def header(data, name):
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    for h in head:
        k, _, v = h.partition(":")
        if k.strip().lower() == name.lower():
            return v.strip()
    return ""


class Reader:
    """Responses one after another from one connection (Content-Length or chunked)."""

    def __init__(self, sock, limit_s=10.0):
        self.s, self.buf, self.end = sock, bytearray(), time.monotonic() + limit_s

    def _more(self):
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("no answer in time")
        self.s.settimeout(left)
        chunk = self.s.recv(1 << 16)
        if not chunk:
            raise EOFError("connection closed")
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._more()
        line, _, rest = bytes(self.buf).partition(b"\r\n")
        self.buf = bytearray(rest)
        return line

    def _take(self, n):
        while len(self.buf) < n:
            self._more()
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def response(self, head_only=False):
        status_line = self._line().decode("latin-1")
        headers = {}
        while True:
            line = self._line().decode("latin-1")
            if not line:
                break
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        status = int(status_line.split(" ")[1])
        if head_only or status in (204, 304) or 100 <= status < 200:
            return status, headers, b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = bytearray()
            for _ in range(100000):
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():
                        pass
                    break
                body += self._take(size)
                self._take(2)
            return status, headers, bytes(body)
        return status, headers, self._take(int(headers.get("content-length", "0")))


def cmd_hold(host, port, sources, per_source, settle="0.7"):
    srcs = [loopback(x) for x in sources.split(",") if x]
    n = int(per_source)
    if not 1 <= n * len(srcs) <= 2000:
        sys.exit("1..2000 connections")
    socks = []
    for _ in range(n):
        for src in srcs:
            try:
                socks.append(connect(host, int(port), src))
            except OSError as e:  # a server that refuses at the TCP level
                print("connect_error=%s" % type(e).__name__)
    time.sleep(float(settle))
    held = refused = refused_close = other = 0
    readable, _, _ = select.select(socks, [], [], 0)
    readable = set(readable)
    for s in socks:
        if s not in readable:
            held += 1
            continue
        data, how = read_until_close(s, 2.0)
        if status_of(data) == "503" and how in ("eof", "reset"):
            refused += 1
            refused_close += header(data, "Connection").lower() == "close"
        else:
            other += 1
            if other <= 3:
                print("other_answer=%r how=%s" % (data[:80], how))
    print("opened=%d held=%d refused_503=%d refused_with_close=%d other=%d"
          % (len(socks), held, refused, refused_close, other))
    for s in socks:
        s.close()


def cmd_oversize(host, port, nbytes):
    n = int(nbytes)
    req = b"GET /healthz HTTP/1.1\r\nHost: smeed\r\n"
    pad = n - len(req) - len(b"X-Big: \r\n\r\n")
    req += b"X-Big: " + b"b" * max(pad, 0) + b"\r\n\r\n"
    s = connect(host, int(port))
    s.sendall(req)
    data, how = read_until_close(s, 5.0)
    print("sent=%d status=%s closed=%d how=%s" % (len(req), status_of(data), how != "open", how))
    s.close()


def cmd_garbage(host, port):
    s = connect(host, int(port))
    s.sendall(b"GARBAGE\r\n\r\n")
    data, how = read_until_close(s, 5.0)
    print("status=%s closed=%d how=%s" % (status_of(data), how != "open", how))
    s.close()


def cmd_idle(host, port, path):
    s = connect(host, int(port))
    s.sendall(("GET %s HTTP/1.1\r\nHost: smeed\r\n\r\n" % path).encode())
    r = Reader(s, 5.0)
    status, headers, _ = r.response()
    t0 = time.monotonic()
    data, how = read_until_close(s, 10.0)
    print("status=%d closed=%d how=%s closed_after_s=%.2f extra_bytes=%d"
          % (status, how != "open", how, time.monotonic() - t0, len(data) + len(r.buf)))
    s.close()


def cmd_stall(host, port, path, wait_s, rcvbuf="4096"):
    s = connect(host, int(port), rcvbuf=int(rcvbuf))
    s.sendall(("GET %s HTTP/1.1\r\nHost: smeed\r\n\r\n" % path).encode())
    time.sleep(float(wait_s))
    data, how = read_until_close(s, 15.0, cap=256 << 20)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(header(data, "Content-Length") or -1)
    print("status=%s content_length=%d body_received=%d truncated=%d how=%s rcvbuf=%d"
          % (status_of(data), length, len(body), len(body) < length, how,
             s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)))
    s.close()


def cmd_pipeline(host, port, outdir, *requests):
    wire = b""
    for r in requests:
        path, _, extra = r.partition("|")
        wire += ("GET %s HTTP/1.1\r\nHost: smeed\r\n%s\r\n" % (path, extra + "\r\n" if extra else "")).encode()
    s = connect(host, int(port))
    s.sendall(wire)  # one write: every request is in flight before any answer
    rd = Reader(s, 10.0)
    for i in range(1, len(requests) + 1):
        try:
            status, headers, body = rd.response()
        except (OSError, EOFError, TimeoutError, ValueError) as e:
            print("response%d error=%s" % (i, type(e).__name__))
            continue
        with open(os.path.join(outdir, str(i)), "wb") as f:
            f.write(body)
        print("response%d status=%d length=%d" % (i, status, len(body)))
    s.close()


COMMANDS = {"hold": cmd_hold, "oversize": cmd_oversize, "garbage": cmd_garbage, "idle": cmd_idle,
            "stall": cmd_stall, "pipeline": cmd_pipeline}

if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
