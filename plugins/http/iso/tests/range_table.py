#!/usr/bin/env python3
"""The Range table (RFC 9110 §14) against both routes that honour Range: a
/ipxe/ binary and a patched /iso/ image. Every row must get the same status
on both, and the bytes each route owes for its own content.
Usage: range_table.py BASE_URL IPXE_PATH IPXE_FILE ISO_PATH ISO_FILE
  e.g. range_table.py http://127.0.0.1:8080 /ipxe/ipxe.efi ipxe/ipxe.efi \\
         /iso/52:54:00:00:00:01/hook.iso want-m1.iso
(the files hold what each path must serve: the binary, the patched image;
each needs at least 6 bytes). Prints one line per row and route, then
"<n> cases, <m> wrong"."""
import http.client
import sys
import urllib.parse

HUGE = 10 ** 15                    # past the end, but a valid 64-bit number
OVERFLOW = "99999999999999999999"  # > 2^64: the whole header is invalid


def table(size):
    """(Range header or None, status, first, end): 206 carries [first, end),
    200 the whole body, 416 nothing but Content-Range: bytes */size."""
    whole = (200, 0, size)
    return [
        ("bytes=0-1", 206, 0, 2),
        ("Bytes=0-1", 206, 0, 2),            # the unit is case-insensitive
        ("bytes= 0-1", 206, 0, 2),           # OWS inside the list
        ("bytes=0-1 ", 206, 0, 2),           # trailing OWS of the field value
        ("bytes = 0 - 1", 206, 0, 2),        # smeed's README: whitespace around the range
        ("bytes=-0", 416, 0, 0),             # an empty suffix is unsatisfiable
        ("bytes=-5", 206, size - 5, size),
        ("bytes=5-", 206, 5, size),
        ("bytes=%d-" % size, 416, 0, 0),     # starts past the end
        ("bytes=0-%d" % HUGE, 206, 0, size),  # clipped to the end
        ("bytes=5-2", *whole),               # last < first: invalid, ignored
        ("bytes=abc", *whole),
        ("items=0-1", *whole),               # unknown unit: ignored
        ("bytes=0-1,4-5", *whole),           # several ranges: answered whole
        ("bytes=%s-" % OVERFLOW, *whole),    # overflow: invalid, ignored
        (None, *whole),                      # no Range at all
    ]


def fetch(base, path, range_value):
    conn = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        if range_value is not None:
            conn.putheader("Range", range_value)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.getheader("Content-Range"), r.getheader("Content-Length"), r.read()
    finally:
        conn.close()


def verdict(want, got, data):
    """'' when GOT (status, content_range, content_length, body) is right."""
    status, first, end = want
    size = len(data)
    got_status, crange, clen, body = got
    if got_status != status:
        return "status %s, want %d" % (got_status, status)
    if status == 416:
        return "" if crange == "bytes */%d" % size else "Content-Range %r, want 'bytes */%d'" % (crange, size)
    if status == 206 and crange != "bytes %d-%d/%d" % (first, end - 1, size):
        return "Content-Range %r, want 'bytes %d-%d/%d'" % (crange, first, end - 1, size)
    if status == 200 and crange is not None:
        return "Content-Range %r on a 200" % crange
    if body != data[first:end]:
        return "%d bytes, not bytes %d..%d of the file" % (len(body), first, end - 1)
    if clen is not None and int(clen) != len(body):
        return "Content-Length %s but %d bytes" % (clen, len(body))
    return ""


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    base = urllib.parse.urlsplit(sys.argv[1])
    routes = []
    for path, file in ((sys.argv[2], sys.argv[3]), (sys.argv[4], sys.argv[5])):
        with open(file, "rb") as f:
            data = f.read()
        if len(data) < 6:
            sys.exit("%s: at least 6 bytes needed" % file)
        routes.append((path, data))
    cases = wrong = 0
    for row in range(len(table(6))):
        statuses = []
        for path, data in routes:
            rng, *want = table(len(data))[row]
            try:
                got = fetch(base, path, rng)
                problem = verdict(want, got, data)
                statuses.append(got[0])
            except (OSError, http.client.HTTPException) as e:
                problem = "no answer: %s" % e
                statuses.append(None)
            cases += 1
            wrong += bool(problem)
            print("%-5s %-32r %-40s %s" % ("ok" if not problem else "WRONG", rng, path, problem or want[0]))
        cases += 1  # and both routes must agree
        if len(set(statuses)) != 1:
            wrong += 1
            print("WRONG %-32r the routes disagree: %s" % (rng, statuses))
    print("%d cases, %d wrong" % (cases, wrong))
    return 0 if wrong == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
