#!/usr/bin/env python3
"""boot-steps.py -- one machine's boot as smeed logged it, step by step.

Reads smeed's text log and picks out what it did for one MAC: DHCP replies,
TFTP transfers, HTTP scripts and files, syslog messages from the machine.

  boot-steps.py LOG --mac MAC --expect "dhcp tftp dhcp http syslog"
      prints the steps and checks that the kinds named appear in that order
      (other steps may come between); exit 1 if not.
  boot-steps.py LOG --mac MAC --follow --pid PID [--serial FILE]
      prints each step as it is logged, with its time, until PID exits; lines
      of the serial console that start with "smeed-guest:" are shown too.
"""
import argparse
import datetime
import os
import re
import sys
import time

LINE = re.compile(r"^(\S+) +([A-Z]+) +([\w.-]+): (.*)$")
FIELD = re.compile(r'([\w.-]+)=("(?:[^"\\]|\\.)*"|\S*)')


def parse_line(line):
    """(epoch, plugin, message, fields) of a log line, or None."""
    m = LINE.match(line.rstrip("\n"))
    if not m:
        return None
    stamp, _level, plugin, rest = m.groups()
    try:
        ts = datetime.datetime.strptime(stamp.rstrip("Z"), "%Y-%m-%dT%H:%M:%S.%f").replace(
            tzinfo=datetime.timezone.utc).timestamp()
    except ValueError:
        return None
    first = FIELD.search(rest)
    message = rest[:first.start()].strip() if first else rest.strip()
    fields = {}
    for key, value in FIELD.findall(rest[first.start():] if first else ""):
        if value.startswith('"'):
            value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        fields[key] = value
    return ts, plugin, message, fields


def describe(plugin, message, f):
    """(kind, text) when this line is a step of a machine's boot, else None."""
    if plugin == "dhcp" and message == "sent DHCP response":
        what = f.get("type", "?")
        if f.get("yiaddr", "0.0.0.0") != "0.0.0.0":
            what += " " + f["yiaddr"]
        what += ", boot file " + f["file"] if f.get("file") else ", no boot file"
        return "dhcp", what
    if plugin == "dhcp" and message == "no DHCP reply":
        return "dhcp", "no reply (%s)" % (f.get("reason") or f.get("outcome") or "?")
    if plugin == "tftp" and message == "file served":
        return "tftp", "%s, %s bytes in %.2f s" % (f.get("file"), f.get("bytes"),
                                                  float(f.get("seconds", "0") or 0))
    if plugin == "tftp" and message == "TFTP transfer ended early":
        return "tftp", "%s ended early: %s" % (f.get("file"), f.get("reason", "?"))
    if plugin == "http" and message == "script served":
        return "http", "auto.ipxe (%s script)" % f.get("script", "?")
    if plugin == "http" and message == "file served":
        return "http", "%s, %s bytes" % (f.get("file"), f.get("bytes"))
    if plugin == "http" and message.startswith("no script"):
        return "http", "auto.ipxe refused: " + message
    if plugin == "syslog" and message == "syslog message":
        app = f.get("app-name") or f.get("tag") or ""
        return "syslog", "%s%s" % (app + ": " if app else "", f.get("msg", ""))
    return None


def steps_of(lines, mac):
    for line in lines:
        parsed = parse_line(line)
        if not parsed:
            continue
        ts, plugin, message, fields = parsed
        if fields.get("mac", "").lower() != mac:
            continue
        step = describe(plugin, message, fields)
        if step:
            yield ts, step[0], step[1]


def show(t, kind, text, t0):
    print("[+%6.1fs] %-6s %s" % (t - t0, kind.upper(), text), flush=True)


def check(a):
    with open(a.log, errors="replace") as f:
        steps = list(steps_of(f, a.mac))
    t0 = a.t0 if a.t0 else (steps[0][0] if steps else 0.0)
    for ts, kind, text in steps:
        show(ts, kind, text, t0)
    want = a.expect.split()
    i = 0
    for _ts, kind, _text in steps:
        if i < len(want) and kind == want[i]:
            i += 1
    ok = i == len(want)
    print("%s: smeed's log shows %s for %s in that order%s" % (
        "PASS" if ok else "FAIL", " -> ".join(want), a.mac,
        "" if ok else " (matched up to step %d: %s)" % (i + 1, want[i] if i < len(want) else "")))
    return 0 if ok else 1


def follow(a):
    """Print steps as they are logged; serial lines get the time they are read."""
    t0 = a.t0 or time.time()
    offsets = {}

    def new_lines(path):
        try:
            with open(path, errors="replace") as f:
                f.seek(offsets.get(path, 0))
                data = f.read()
        except OSError:
            return []
        complete = data[:data.rfind("\n") + 1]
        offsets[path] = offsets.get(path, 0) + len(complete.encode("utf-8", "replace"))
        return complete.splitlines(keepends=True)

    def alive():
        try:
            os.kill(a.pid, 0)
            return True
        except OSError:
            return False

    running = True
    while running:
        running = alive()  # one last pass after the run ends
        for ts, kind, text in steps_of(new_lines(a.log), a.mac):
            show(ts, kind, text, t0)
        if a.serial:
            for line in new_lines(a.serial):
                line = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1bc|\r", "", line).strip()
                # The kernel's first output can share a line with the boot loader's.
                if "smeed-guest:" in line:
                    show(time.time(), "vm", line.split("smeed-guest:", 1)[1].strip(), t0)
        if running:
            time.sleep(0.2)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log")
    ap.add_argument("--mac", required=True)
    ap.add_argument("--expect", default="", help="step kinds in order: dhcp tftp http syslog")
    ap.add_argument("--t0", type=float, default=0.0, help="epoch the printed times count from")
    ap.add_argument("--follow", action="store_true")
    ap.add_argument("--pid", type=int, default=0, help="follow until this process exits")
    ap.add_argument("--serial", default="", help="serial console log to show guest lines from")
    a = ap.parse_args()
    a.mac = a.mac.lower()
    if a.follow:
        if not a.pid:
            ap.error("--follow needs --pid")
        return follow(a)
    if not a.expect:
        ap.error("give --expect or --follow")
    return check(a)


if __name__ == "__main__":
    sys.exit(main())
