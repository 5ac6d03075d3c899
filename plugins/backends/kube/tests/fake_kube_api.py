#!/usr/bin/env python3
"""A fake Kubernetes API server serving tinkerbell.org/v1alpha1 Hardware.

It speaks the wire format smeed's kube backend reads, modelled on the
Kubernetes API reference (API concepts: "Efficient detection of changes",
"Retrieving large results sets in chunks", "Watch bookmarks"):

  GET /apis/tinkerbell.org/v1alpha1[/namespaces/NS]/hardware?limit=N&continue=T
      -> HardwareList {"metadata": {"resourceVersion", "continue", "remainingItemCount"}, "items"}
  GET ...?watch=1&resourceVersion=RV&allowWatchBookmarks=true&timeoutSeconds=S
      -> chunked stream, one {"type": ADDED|MODIFIED|DELETED|BOOKMARK|ERROR, "object"} per line;
         a resourceVersion older than the compaction point gets an ERROR event with a
         410 Expired Status, as the real server does
  401 (no or unknown bearer token and no client certificate), 403 (token without RBAC),
  410 for an expired continue token: metav1.Status bodies.

TLS on 127.0.0.1 with the given certificate; a client certificate signed by
--client-ca authenticates like a valid token. A plain-HTTP control port
(127.0.0.1) lets tests change objects and misbehave on purpose:

  POST /apply   body: a Hardware object    -> ADDED or MODIFIED event
  POST /apply-unseen  body: a Hardware object -> changed, but no event (as if compacted)
  POST /delete  body: {"namespace","name"} -> DELETED event
  POST /clear-unseen                       -> every object gone, but no events (a restore)
  POST /raw-event  body: {"line": TEXT}    -> TEXT sent to every watcher as one event line,
                                              as is (malformed JSON on purpose)
  POST /bookmark                           -> BOOKMARK event to every watcher
  POST /drop                               -> cut every open watch without the final chunk
  POST /compact                            -> resourceVersions so far are gone (410 on resume)
  POST /tokens  body: {"valid": [...], "forbidden": [...]}
  POST /expire-continue                    -> continue tokens handed out so far answer 410
  POST /expire-next-continue               -> the next continue token presented answers 410
  GET  /stats                              -> request counters and the last watch parameters

Prints "ready <api-port> <control-port>" on stdout once listening.
Stdlib only.
"""
import argparse
import json
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

GROUP_PATH = "/apis/tinkerbell.org/v1alpha1"


def status(code, reason, message):
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}


class Store:
    def __init__(self):
        self.lock = threading.Condition()
        self.rv = 1000
        self.objects = {}            # "ns/name" -> object
        self.events = []             # (rv, type, object)
        self.compacted = 0           # watches from an RV below this get 410
        self.valid_tokens = set()
        self.forbidden_tokens = set()
        self.snapshots = {}          # continue token -> (rv, keys, next index)
        self.continue_expired = set()
        self.expire_next_continue = False
        self.generation = 0          # bumped by /drop
        self.stats = {"lists": 0, "list_pages": 0, "watches": 0, "unauthorised": 0,
                      "forbidden": 0, "gone": 0, "last_watch": {}, "last_list": {}}

    def next_rv(self):
        self.rv += 1
        return str(self.rv)

    def apply(self, obj):
        with self.lock:
            meta = obj.setdefault("metadata", {})
            meta.setdefault("namespace", "default")
            key = meta["namespace"] + "/" + meta["name"]
            kind = "MODIFIED" if key in self.objects else "ADDED"
            obj.setdefault("apiVersion", "tinkerbell.org/v1alpha1")
            obj.setdefault("kind", "Hardware")
            meta["resourceVersion"] = self.next_rv()
            meta.setdefault("uid", "00000000-0000-4000-8000-%012d" % (len(self.objects) + 1))
            self.objects[key] = obj
            self.events.append((int(meta["resourceVersion"]), kind, obj))
            self.lock.notify_all()
            return kind

    def delete(self, namespace, name):
        with self.lock:
            obj = self.objects.pop(namespace + "/" + name, None)
            if obj is None:
                return False
            obj = json.loads(json.dumps(obj))
            obj["metadata"]["resourceVersion"] = self.next_rv()
            self.events.append((int(obj["metadata"]["resourceVersion"]), "DELETED", obj))
            self.lock.notify_all()
            return True


STORE = Store()


class ApiHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, code, body):
        data = json.dumps(body, separators=(",", ":")).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorised(self):
        auth = self.headers.get("Authorization", "")
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
        with STORE.lock:
            if token is not None and token in STORE.forbidden_tokens:
                STORE.stats["forbidden"] += 1
                self.send_json(403, status(403, "Forbidden",
                    'hardware.tinkerbell.org is forbidden: User "system:serviceaccount:tink:smee" '
                    'cannot list resource "hardware" in API group "tinkerbell.org" at the cluster scope'))
                return False
            if token is not None and token in STORE.valid_tokens:
                return True
        try:
            if self.connection.getpeercert():
                return True
        except (AttributeError, ValueError):
            pass
        with STORE.lock:
            STORE.stats["unauthorised"] += 1
        self.send_json(401, status(401, "Unauthorized", "Unauthorized"))
        return False

    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        namespace = None
        path = url.path
        if path == GROUP_PATH + "/hardware":
            pass
        elif path.startswith(GROUP_PATH + "/namespaces/") and path.endswith("/hardware"):
            namespace = path[len(GROUP_PATH + "/namespaces/"):-len("/hardware")]
        else:
            self.send_json(404, status(404, "NotFound", "the server could not find the requested resource"))
            return
        if not self.authorised():
            return
        if query.get("watch") in ("1", "true"):
            self.watch(namespace, query)
        else:
            self.list(namespace, query)

    def list(self, namespace, query):
        limit = int(query.get("limit", "0") or 0)
        token = query.get("continue")
        with STORE.lock:
            STORE.stats["list_pages"] += 1
            STORE.stats["last_list"] = dict(query, namespace=namespace or "")
            if token:
                if STORE.expire_next_continue:
                    STORE.expire_next_continue = False
                    STORE.continue_expired.add(token)
                if token in STORE.continue_expired or token not in STORE.snapshots:
                    STORE.stats["gone"] += 1
                    self.send_json(410, status(410, "Expired",
                        "The provided continue parameter is too old to display a consistent list result. "
                        "You can start a new list without the continue parameter."))
                    return
                rv, objects, start = STORE.snapshots[token]
            else:
                STORE.stats["lists"] += 1
                rv = str(STORE.rv)
                objects = [json.loads(json.dumps(o)) for k, o in sorted(STORE.objects.items())
                           if namespace is None or o["metadata"]["namespace"] == namespace]
                start = 0
            end = len(objects) if limit <= 0 else min(len(objects), start + limit)
            meta = {"resourceVersion": rv}
            if end < len(objects):
                next_token = "c%d-%d" % (len(STORE.snapshots), end)
                STORE.snapshots[next_token] = (rv, objects, end)
                meta["continue"] = next_token
                meta["remainingItemCount"] = len(objects) - end
            items = objects[start:end]
        # Real list items of a custom resource carry apiVersion and kind; drop
        # them on every other item to keep clients honest about typed lists.
        for i, item in enumerate(items):
            if i % 2 == 1:
                item = dict(item)
                item.pop("apiVersion", None)
                item.pop("kind", None)
                items[i] = item
        self.send_json(200, {"apiVersion": "tinkerbell.org/v1alpha1", "kind": "HardwareList",
                             "metadata": meta, "items": items})

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def watch(self, namespace, query):
        rv = int(query.get("resourceVersion", "0") or 0)
        timeout = float(query.get("timeoutSeconds", "300"))
        bookmarks = query.get("allowWatchBookmarks") == "true"
        with STORE.lock:
            STORE.stats["watches"] += 1
            STORE.stats["last_watch"] = dict(query, namespace=namespace or "")
            generation = STORE.generation
            expired = rv < STORE.compacted
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if expired:
            with STORE.lock:
                STORE.stats["gone"] += 1
            event = {"type": "ERROR", "object": status(410, "Expired",
                     "too old resource version: %d (%d)" % (rv, STORE.compacted))}
            self.chunk(json.dumps(event).encode() + b"\n")
            self.chunk(b"")
            return
        cursor = rv
        deadline = time.monotonic() + timeout
        last_bookmark = STORE.stats.get("bookmark_requests", 0)
        while True:
            with STORE.lock:
                pending = [e for e in STORE.events if e[0] > cursor and
                           (namespace is None or e[2]["metadata"]["namespace"] == namespace)]
                send_bookmark = bookmarks and STORE.stats.get("bookmark_requests", 0) > last_bookmark
                if not pending and not send_bookmark and STORE.generation == generation:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    STORE.lock.wait(min(remaining, 0.5))
                    continue
                dropped = STORE.generation != generation
                last_bookmark = STORE.stats.get("bookmark_requests", 0)
                current_rv = STORE.rv
            if dropped:
                # Gone without the terminating chunk, like a load balancer reset.
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                self.close_connection = True
                return
            for event_rv, kind, obj in pending:
                if kind == "RAW":
                    line = obj["line"]
                else:
                    line = json.dumps({"type": kind, "object": obj}, separators=(",", ":"))
                self.chunk(line.encode() + b"\n")
                cursor = event_rv
            if send_bookmark:
                cursor = max(cursor, current_rv)
                mark = {"type": "BOOKMARK", "object": {"kind": "Hardware",
                        "apiVersion": "tinkerbell.org/v1alpha1",
                        "metadata": {"resourceVersion": str(cursor),
                                     "annotations": {"k8s.io/initial-events-end": "true"}}}}
                self.chunk(json.dumps(mark).encode() + b"\n")
        self.chunk(b"")


class ControlHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with STORE.lock:
            stats = dict(STORE.stats, objects=len(STORE.objects), rv=STORE.rv)
        self.reply(stats)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0") or 0)
        body = json.loads(self.rfile.read(length) or b"null")
        path = urlparse(self.path).path
        if path == "/apply":
            objects = body if isinstance(body, list) else [body]
            self.reply({"result": [STORE.apply(o) for o in objects]})
        elif path == "/apply-unseen":
            # A change whose event was compacted away before any watcher saw it.
            with STORE.lock:
                STORE.apply(body)
                STORE.events.pop()
            self.reply({})
        elif path == "/clear-unseen":
            # Everything gone with no DELETED events: what an etcd restore or
            # a wrong cluster looks like to a client that lists again.
            with STORE.lock:
                STORE.objects = {}
                STORE.next_rv()
            self.reply({})
        elif path == "/delete":
            self.reply({"deleted": STORE.delete(body.get("namespace", "default"), body["name"])})
        elif path == "/raw-event":
            with STORE.lock:
                STORE.events.append((int(STORE.next_rv()), "RAW",
                                     {"line": body["line"], "metadata": {"namespace": "default"}}))
                STORE.lock.notify_all()
            self.reply({})
        elif path == "/bookmark":
            with STORE.lock:
                STORE.stats["bookmark_requests"] = STORE.stats.get("bookmark_requests", 0) + 1
                STORE.lock.notify_all()
            self.reply({})
        elif path == "/drop":
            with STORE.lock:
                STORE.generation += 1
                STORE.lock.notify_all()
            self.reply({})
        elif path == "/compact":
            with STORE.lock:
                STORE.compacted = STORE.rv
                STORE.events = []
            self.reply({"compacted": STORE.compacted})
        elif path == "/tokens":
            with STORE.lock:
                STORE.valid_tokens = set(body.get("valid", []))
                STORE.forbidden_tokens = set(body.get("forbidden", []))
            self.reply({})
        elif path == "/expire-continue":
            with STORE.lock:
                STORE.continue_expired.update(STORE.snapshots.keys())
            self.reply({})
        elif path == "/expire-next-continue":
            with STORE.lock:
                STORE.expire_next_continue = True
            self.reply({})
        else:
            self.send_error(404)


def generated(count):
    """`count` Hardware objects shaped like a real fleet's (for the benchmark)."""
    for i in range(count):
        mac = "02:00:%02x:%02x:%02x:%02x" % ((i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255)
        yield {"apiVersion": "tinkerbell.org/v1alpha1", "kind": "Hardware",
               "metadata": {"name": "machine-%06d" % i, "namespace": "tink-system",
                            "labels": {"rack": "r%03d" % (i // 40)},
                            "creationTimestamp": "2024-01-01T00:00:00Z"},
               "spec": {"metadata": {"facility": {"facility_code": "onprem"},
                                     "instance": {"hostname": "machine-%06d" % i}},
                        "interfaces": [{"dhcp": {"mac": mac, "hostname": "machine-%06d" % i,
                                                 "arch": "x86_64", "uefi": True, "lease_time": 86400,
                                                 "name_servers": ["1.1.1.1", "8.8.8.8"],
                                                 "ip": {"address": "10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255),
                                                        "netmask": "255.0.0.0", "gateway": "10.0.0.1"}},
                                        "netboot": {"allowPXE": True, "allowWorkflow": True}}]},
               "status": {}}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--client-ca")
    parser.add_argument("--token", action="append", default=[])
    parser.add_argument("--objects", help="JSON file with a list of Hardware objects")
    parser.add_argument("--generate", type=int, default=0)
    args = parser.parse_args()

    STORE.valid_tokens = set(args.token)
    if args.objects:
        with open(args.objects) as f:
            for obj in json.load(f):
                STORE.apply(obj)
    for obj in generated(args.generate):
        STORE.apply(obj)
    STORE.events = []  # objects present at start are only seen by a list
    STORE.compacted = 0

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    if args.client_ca:
        context.load_verify_locations(args.client_ca)
        context.verify_mode = ssl.CERT_OPTIONAL

    class TlsServer(ThreadingHTTPServer):
        daemon_threads = True

        def get_request(self):
            sock, addr = self.socket.accept()
            return context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

        def finish_request(self, request, client_address):
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError):
                return
            super().finish_request(request, client_address)

    api = TlsServer(("127.0.0.1", 0), ApiHandler)
    control = ThreadingHTTPServer(("127.0.0.1", 0), ControlHandler)
    control.daemon_threads = True
    threading.Thread(target=control.serve_forever, daemon=True).start()
    print("ready %d %d" % (api.server_address[1], control.server_address[1]), flush=True)
    try:
        api.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
