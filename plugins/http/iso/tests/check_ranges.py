#!/usr/bin/env python3
"""Range requests at every offset around the magic string (and some far
from it): each answer must be exactly that slice of the expected image.
Usage: check_ranges.py HOST PORT PATH EXPECTED_IMAGE MARKER_OFFSET MARKER_LENGTH
Prints "<n> ranges, <m> wrong" and the first mismatches."""
import http.client
import sys


def main():
    host, port, path, expected_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    at, length = int(sys.argv[5]), int(sys.argv[6])
    with open(expected_file, "rb") as f:
        image = f.read()
    size = len(image)
    cases = []
    # Every start offset across the marker's edges, with lengths that end
    # before, inside and after it.
    for first in list(range(max(0, at - 40), at + 40)) + list(range(at + length - 40, at + length + 40)):
        for count in (1, 7, 1024, 4096):
            cases.append(("%d-%d" % (first, first + count - 1), first, min(first + count, size)))
    for first in range(max(0, at - 1100), at + length + 100, 97):
        cases.append(("%d-" % first, first, size))
    for first, last in ((0, size - 1), (0, 0), (size - 1, size - 1), (at + 1, at + length - 2)):
        cases.append(("%d-%d" % (first, last), first, last + 1))
    for n in (1, 2048, size - at - 5):
        cases.append(("-%d" % n, size - n, size))
    conn = http.client.HTTPConnection(host, port, timeout=10)
    wrong = 0
    for spec, first, end in cases:
        conn.request("GET", path, headers={"Range": "bytes=" + spec})
        r = conn.getresponse()
        body = r.read()
        want_range = "bytes %d-%d/%d" % (first, end - 1, size)
        if r.status != 206 or body != image[first:end] or r.getheader("Content-Range") != want_range:
            wrong += 1
            if wrong <= 5:
                print("wrong: Range %s -> %d %s (%d bytes)" % (spec, r.status, r.getheader("Content-Range"), len(body)))
    print("%d ranges, %d wrong" % (len(cases), wrong))
    return 0 if wrong == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
