#!/usr/bin/env python3
"""A hardware API for smeed's backend-http tests, on 127.0.0.1 only.

  GET <any prefix>/v1/hardware?mac=<mac>   -> 200 and the Hardware object (JSON) with an
  GET <any prefix>/v1/hardware?ip=<ip>        interface of that MAC / IP, or 404

With --token T every API request must carry "Authorization: Bearer T" (401
otherwise). With --cert/--key the API port speaks TLS. A plain-HTTP control
port lets a test change the hardware and make the API misbehave:

  POST /apply  body: a Hardware object (replaces one of the same name)
  POST /mode   body: {"mode": M, "delay": seconds}
               M: normal | down (close without answering) | error500 | slow (wait `delay`
               before answering) | slowbody (headers, then a byte every `delay`) | badjson |
               slowheaders (the status line, then a header byte every `delay`) | wrongtypes |
               huge (Content-Length above 1 MiB) | hugechunked (chunked, no length) |
               redirect (302)
  POST /token  body: {"token": T}
  GET  /stats  -> {"requests": N, "by_query": {"mac=...": N}, "unauthorised": N}

Prints "ready <api-port> <control-port>" on stdout once listening. Stdlib only.
"""
import argparse
import json
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class State:
    def __init__(self, objects, token):
        self.lock = threading.Lock()
        self.objects = {o["metadata"]["name"]: o for o in objects}
        self.token = token
        self.mode = "normal"
        self.delay = 0.0
        self.requests = 0
        self.by_query = {}
        self.unauthorised = 0

    def find(self, mac, ip):
        for obj in self.objects.values():
            for interface in obj.get("spec", {}).get("interfaces", []):
                dhcp = interface.get("dhcp", {})
                if mac and dhcp.get("mac", "").lower() == mac.lower():
                    return obj
                if ip and dhcp.get("ip", {}).get("address") == ip:
                    return obj
        return None


STATE = None


class Api(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body, headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        query = url.query
        with STATE.lock:
            STATE.requests += 1
            STATE.by_query[query] = STATE.by_query.get(query, 0) + 1
            mode, delay, token = STATE.mode, STATE.delay, STATE.token
        if token and self.headers.get("Authorization") != "Bearer " + token:
            with STATE.lock:
                STATE.unauthorised += 1
            return self.send(401, '{"error": "unauthorised"}')
        if mode == "down":
            self.close_connection = True
            self.connection.close()
            return
        if mode == "error500":
            return self.send(500, '{"error": "database unavailable"}')
        if mode == "redirect":
            return self.send(302, "", [("Location", "http://127.0.0.1:9/v1/hardware?" + query)])
        if mode == "slow":
            time.sleep(delay)
        if mode == "slowheaders":
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for byte in b"X-Padding: " + b"x" * 2000:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(delay)
            except OSError:
                pass  # the client gave up, as it should
            self.close_connection = True
            return
        if not url.path.endswith("/v1/hardware"):
            return self.send(404, '{"error": "no such route"}')
        params = parse_qs(query)
        with STATE.lock:
            obj = STATE.find(params.get("mac", [""])[0], params.get("ip", [""])[0])
        if obj is None:
            return self.send(404, '{"error": "not found"}')
        if mode == "badjson":
            return self.send(200, '{"apiVersion": "tinkerbell.org/v1alpha1", "spec": {')
        if mode == "wrongtypes":
            wrong = json.loads(json.dumps(obj))
            wrong["metadata"]["name"] = 42
            return self.send(200, json.dumps(wrong))
        if mode == "huge":
            return self.send(200, json.dumps(obj) + " " * (2 * 1024 * 1024))
        if mode == "hugechunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b" " * 65536
            try:
                for _ in range(40):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client stopped reading, as it should
            return
        body = json.dumps(obj).encode()
        if mode == "slowbody":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(delay)
            except OSError:
                pass  # the client gave up, as it should
            return
        return self.send(200, body)


class Control(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, value):
        data = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with STATE.lock:
            self.reply({"requests": STATE.requests, "by_query": STATE.by_query,
                        "unauthorised": STATE.unauthorised})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        with STATE.lock:
            if self.path == "/apply":
                STATE.objects[body["metadata"]["name"]] = body
            elif self.path == "/mode":
                STATE.mode = body["mode"]
                STATE.delay = float(body.get("delay", 0))
            elif self.path == "/token":
                STATE.token = body["token"]
        self.reply({"ok": True})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hardware", help="a JSON list of Hardware objects")
    parser.add_argument("--token", default="")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    objects = []
    if args.hardware:
        with open(args.hardware) as f:
            objects = json.load(f)
    global STATE
    STATE = State(objects, args.token)
    api = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    api.daemon_threads = True
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        api.socket = context.wrap_socket(api.socket, server_side=True)
    control = ThreadingHTTPServer(("127.0.0.1", 0), Control)
    control.daemon_threads = True
    for server in (api, control):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print("ready %d %d" % (api.server_address[1], control.server_address[1]), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
