#!/usr/bin/env python3
"""A small OTLP/HTTP receiver for tests: accepts POST /v1/traces (JSON
encoding), appends every span it decodes, with its resource's service.name,
as one JSON line to OUT. Listens on 127.0.0.1 only.
Usage: otlp_receiver.py PORT OUT"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path != "/v1/traces" or self.headers.get("Content-Type") != "application/json":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            request = json.loads(body)
            with open(sys.argv[2], "a") as out:
                for rs in request["resourceSpans"]:
                    service = {a["key"]: a["value"] for a in rs["resource"]["attributes"]}["service.name"]["stringValue"]
                    for ss in rs["scopeSpans"]:
                        for span in ss["spans"]:
                            span["service"] = service
                            out.write(json.dumps(span) + "\n")
            code = 200
        except (ValueError, KeyError) as e:
            print("bad OTLP request:", e, file=sys.stderr)
            code = 400
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
