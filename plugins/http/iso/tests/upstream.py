#!/usr/bin/env python3
"""A local upstream for the ISO tests: serves files from a folder with
single Range requests, ETag/Last-Modified and If-None-Match, plus paths
that misbehave on purpose:
  /redirect/<name>   302 to /<name>
  /loop.iso          redirects to itself forever
  /die/<name>        announces the full length, sends half, closes
  /slow/<name>       sends 64 KiB per second
  /gzip/<name>       claims Content-Encoding: gzip
Usage: upstream.py DIR PORT_FILE [CERT KEY]   (127.0.0.1, port 0; https with CERT)"""
import email.utils
import hashlib
import os
import socket
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


FILES = {}  # path -> (mtime, data, etag): the tests read the same files thousands of times


def load(name):
    mtime = os.stat(name).st_mtime
    cached = FILES.get(name)
    if not cached or cached[0] != mtime:
        with open(name, "rb") as f:
            data = f.read()
        cached = (mtime, data, '"' + hashlib.sha1(data).hexdigest()[:16] + '"')
        FILES[name] = cached
    return cached


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body are separate writes: without this, Nagle and a
        # delayed ACK stall every keep-alive answer by 40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):
        sys.stderr.write("upstream: " + (fmt % args) + "\n")

    def do_HEAD(self):
        self.serve(head=True)

    def do_GET(self):
        self.serve(head=False)

    def serve(self, head):
        path = self.path.split("?", 1)[0]
        mode = ""
        for prefix in ("/redirect/", "/die/", "/slow/", "/gzip/"):
            if path.startswith(prefix):
                mode, path = prefix.strip("/"), "/" + path[len(prefix):]
        if path == "/loop.iso":
            return self.answer(302, {"Location": "/loop.iso"}, b"", head)
        if mode == "redirect":
            return self.answer(302, {"Location": path}, b"", head)
        name = os.path.join(self.server.root, os.path.basename(path))
        if not os.path.isfile(name):
            return self.answer(404, {}, b"not found\n", head)
        mtime, data, etag = load(name)
        headers = {"ETag": etag, "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream",
                   "Last-Modified": email.utils.formatdate(mtime, usegmt=True),
                   "X-Upstream-Query": self.path.split("?", 1)[1] if "?" in self.path else ""}
        if mode == "gzip":
            headers["Content-Encoding"] = "gzip"
        if self.headers.get("If-None-Match") == etag:
            return self.answer(304, headers, b"", True)
        status, body = 200, data
        rng = self.headers.get("Range", "")
        if rng.startswith("bytes=") and "," not in rng:
            first, _, last = rng[6:].partition("-")
            size = len(data)
            if first == "":
                first, last = max(0, size - int(last)), size - 1
            else:
                first, last = int(first), (int(last) if last else size - 1)
            last = min(last, size - 1)
            if first >= size:
                return self.answer(416, {"Content-Range": "bytes */%d" % size}, b"", head)
            status, body = 206, data[first:last + 1]
            headers["Content-Range"] = "bytes %d-%d/%d" % (first, last, size)
        if mode == "die":
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if mode == "slow":
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(0, len(body), 65536):
                    self.wfile.write(body[i:i + 65536])
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            self.close_connection = True
            return
        self.answer(status, headers, body, head)

    def answer(self, status, headers, body, head):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.root = sys.argv[1]
    if len(sys.argv) > 4:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(sys.argv[3], sys.argv[4])
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    with open(sys.argv[2] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(sys.argv[2] + ".tmp", sys.argv[2])
    server.serve_forever()


if __name__ == "__main__":
    main()
