#!/usr/bin/env python3
"""pcap-check.py -- check a netboot run from its packet capture (stdlib only).

Reads a classic pcap (tcpdump -w, or QEMU's filter-dump), pulls out the DHCP,
TFTP and HTTP exchanges of one client MAC, and checks that the boot went
through the expected steps in order:

  direct:   DHCP (client is iPXE) -> boot file = HTTP script URL -> HTTP GET 200
  chain:    DHCP -> boot file = TFTP name -> TFTP transfer complete
            -> DHCP again from iPXE -> boot file = HTTP script URL -> HTTP GET 200
  httpboot: as chain, with the iPXE binary fetched over HTTP (UEFI HTTP boot)

With --lease-server the address comes from that DHCP server and the boot
file from smeed's ProxyDHCP offer, or from its ACK on port 4011 when the
offer left the boot file out. With --full-boot the script then loads a
kernel and initramfs over HTTP, the booted OS gets a lease with a plain DHCP
client (no netboot fields in the reply) and sends a syslog message.

plus, if --serial is given, that the serial console shows --expect.

Prints one line per step (PASS/FAIL, time since --t0, details) and writes
--json if asked.  Exit status 0 when every step passed, 1 otherwise.
"""
import urllib.parse
import argparse
import json
import struct
import sys
from urllib.parse import urlparse

PXE_PORT = 4011  # the PXE boot server: requests after the ProxyDHCP offer
DHCP_TYPES = {1: "DISCOVER", 2: "OFFER", 3: "REQUEST", 4: "DECLINE",
              5: "ACK", 6: "NAK", 7: "RELEASE", 8: "INFORM"}


def read_pcap(path):
    """Yield (ts, frame bytes) from a classic pcap file (Ethernet link)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise SystemExit("%s: not a classic pcap file (pcapng?)" % path)
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype != 1:
        raise SystemExit("%s: link type %d, want Ethernet (1)" % (path, linktype))
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        frame = data[off:off + incl]
        off += incl
        yield sec + frac / (1e9 if nano else 1e6), frame


def csum16(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def parse_frame(frame):
    """Return dict with l3/l4 fields for IPv4 UDP/TCP frames, else None."""
    if len(frame) < 14:
        return None
    etype = struct.unpack("!H", frame[12:14])[0]
    p = 14
    if etype == 0x8100 and len(frame) >= 18:
        etype = struct.unpack("!H", frame[16:18])[0]
        p = 18
    if etype != 0x0800:
        return None
    ip = frame[p:]
    if len(ip) < 20:
        return None
    ihl = (ip[0] & 0x0F) * 4
    tot = struct.unpack("!H", ip[2:4])[0]
    proto = ip[9]
    src, dst = ip[12:16], ip[16:20]
    l4 = ip[ihl:tot]
    r = {"src": ".".join(map(str, src)), "dst": ".".join(map(str, dst)),
         "eth_src": frame[6:12].hex(":"), "eth_dst": frame[0:6].hex(":"),
         "proto": proto}
    if proto == 17 and len(l4) >= 8:
        sport, dport, ulen, ucs = struct.unpack("!HHHH", l4[:8])
        r.update(sport=sport, dport=dport, payload=l4[8:ulen])
        if ucs == 0:
            r["csum_ok"] = None  # no checksum
        else:
            pseudo = src + dst + struct.pack("!BBH", 0, 17, ulen)
            r["csum_ok"] = csum16(pseudo + l4[:ulen]) == 0xFFFF
    elif proto == 6 and len(l4) >= 20:
        sport, dport, seq = struct.unpack("!HHI", l4[:8])
        doff = (l4[12] >> 4) * 4
        r.update(sport=sport, dport=dport, seq=seq, flags=l4[13],
                 payload=l4[doff:])
    else:
        return None
    return r


def parse_dhcp(payload):
    if len(payload) < 240 or payload[236:240] != b"\x63\x82\x53\x63":
        return None
    op, _htype, hlen = payload[0], payload[1], payload[2]
    xid = struct.unpack("!I", payload[4:8])[0]
    flags = struct.unpack("!H", payload[10:12])[0]
    yiaddr = ".".join(map(str, payload[16:20]))
    siaddr = ".".join(map(str, payload[20:24]))
    chaddr = payload[28:28 + min(hlen, 16)].hex(":")
    sname = payload[44:108].split(b"\0", 1)[0].decode("latin-1")
    bfile = payload[108:236].split(b"\0", 1)[0].decode("latin-1")
    opts = {}
    i = 240
    while i < len(payload):
        code = payload[i]
        if code == 0:
            i += 1
            continue
        if code == 255 or i + 1 >= len(payload):
            break
        ln = payload[i + 1]
        opts.setdefault(code, b"")
        opts[code] += payload[i + 2:i + 2 + ln]  # RFC 3396 concatenation
        i += 2 + ln
    d = {"op": op, "xid": "%08x" % xid, "broadcast": bool(flags & 0x8000),
         "yiaddr": yiaddr, "siaddr": siaddr, "chaddr": chaddr,
         "sname": sname, "file": bfile}
    if 53 in opts and opts[53]:
        d["type"] = DHCP_TYPES.get(opts[53][0], str(opts[53][0]))
    if 93 in opts:
        o = opts[93]
        d["arch"] = [struct.unpack("!H", o[j:j + 2])[0] for j in range(0, len(o) - 1, 2)]
    if 60 in opts:
        d["vendor_class"] = opts[60].decode("latin-1")
    if 77 in opts:
        d["user_class"] = opts[77].decode("latin-1")
    if 175 in opts:
        d["ipxe_175"] = opts[175].hex()
    if 67 in opts:
        d["opt67"] = opts[67].split(b"\0", 1)[0].decode("latin-1")
    if 66 in opts:
        d["opt66"] = opts[66].split(b"\0", 1)[0].decode("latin-1")
    if 54 in opts and len(opts[54]) == 4:
        d["server_id"] = ".".join(map(str, opts[54]))
    if 52 in opts:
        d["overload"] = opts[52][0]
    for code, name in ((43, "opt43"), (97, "opt97")):
        if code in opts:
            d[name] = opts[code].hex()
    d["bootfile"] = d.get("opt67") or d["file"]
    return d


def analyse(pcap, mac):
    """Return (events, checksum stats) for traffic of client `mac`."""
    mac = mac.lower()
    events = []
    tftp = {}      # (client ip, client port) -> transfer dict
    http = {}      # (client ip, client port, server ip, server port) -> dict
    client_ips = set()
    bad_csum = {"udp_total": 0, "udp_bad": 0, "bad_examples": []}
    for ts, frame in read_pcap(pcap):
        r = parse_frame(frame)
        if r is None:
            continue
        if r["proto"] == 17:
            if r["csum_ok"] is not None:
                bad_csum["udp_total"] += 1
                if not r["csum_ok"]:
                    bad_csum["udp_bad"] += 1
                    if len(bad_csum["bad_examples"]) < 5:
                        bad_csum["bad_examples"].append(
                            "%s:%d->%s:%d" % (r["src"], r["sport"], r["dst"], r["dport"]))
            pl = r["payload"]
            if r["dport"] == 514:
                events.append(("syslog", {"ts": ts, "src": r["src"], "dst": r["dst"],
                                          "text": pl[:200].decode("latin-1")}))
                continue
            if {r["sport"], r["dport"]} & {67, 68, PXE_PORT}:
                d = parse_dhcp(pl)
                if d and d["chaddr"].startswith(mac):
                    d.update(ts=ts, ip_src=r["src"], ip_dst=r["dst"], csum_ok=r["csum_ok"],
                             sport=r["sport"], dport=r["dport"],
                             pxe_port=PXE_PORT in (r["sport"], r["dport"]))
                    events.append(("dhcp", d))
                    if d["op"] == 2 and d["yiaddr"] != "0.0.0.0":
                        client_ips.add(d["yiaddr"])
                continue
            if len(pl) < 2:
                continue
            opc = struct.unpack("!H", pl[:2])[0]
            if r["dport"] == 69 and opc in (1, 2):
                parts = pl[2:].split(b"\0")
                fname = parts[0].decode("latin-1")
                topts = {}
                for k in range(2, len(parts) - 1, 2):
                    topts[parts[k].decode("latin-1").lower()] = parts[k + 1].decode("latin-1")
                t = {"ts": ts, "file": fname, "client": "%s:%d" % (r["src"], r["sport"]),
                     "server": r["dst"], "req_opts": topts, "blksize": 512,
                     "blocks": {}, "last_block": None, "acked": set(), "error": None,
                     "oack": None, "done_ts": None, "kind": "RRQ" if opc == 1 else "WRQ"}
                tftp[(r["src"], r["sport"])] = t
                events.append(("tftp", t))
                continue
            key_to = (r["dst"], r["dport"])
            key_from = (r["src"], r["sport"])
            if key_to in tftp and r["src"] == tftp[key_to]["server"]:
                t = tftp[key_to]  # server -> client
                if opc == 3 and len(pl) >= 4:
                    blk = struct.unpack("!H", pl[2:4])[0]
                    t["blocks"][blk] = len(pl) - 4
                    if len(pl) - 4 < t["blksize"]:
                        t["last_block"] = blk
                elif opc == 6:
                    parts = pl[2:].split(b"\0")
                    o = {parts[k].decode("latin-1").lower(): parts[k + 1].decode("latin-1")
                         for k in range(0, len(parts) - 1, 2)}
                    t["oack"] = o
                    if "blksize" in o:
                        t["blksize"] = int(o["blksize"])
                elif opc == 5:
                    t["error"] = "server error %d %s" % (
                        struct.unpack("!H", pl[2:4])[0], pl[4:].split(b"\0")[0].decode("latin-1"))
            elif key_from in tftp:
                t = tftp[key_from]  # client -> server
                if opc == 4 and len(pl) >= 4:
                    blk = struct.unpack("!H", pl[2:4])[0]
                    t["acked"].add(blk)
                    if t["last_block"] is not None and blk == t["last_block"] and t["done_ts"] is None:
                        t["done_ts"] = ts
                elif opc == 5:
                    t["error"] = "client error %d %s" % (
                        struct.unpack("!H", pl[2:4])[0], pl[4:].split(b"\0")[0].decode("latin-1"))
        elif r["proto"] == 6:
            pl = r["payload"]
            if not pl:
                continue
            if pl.startswith((b"GET ", b"HEAD ", b"POST ")):
                line = pl.split(b"\r\n", 1)[0].decode("latin-1")
                h = {"ts": ts, "request": line, "path": line.split(" ")[1] if " " in line else "",
                     "client": "%s:%d" % (r["src"], r["sport"]),
                     "server": "%s:%d" % (r["dst"], r["dport"]), "status": None,
                     "status_ts": None}
                http[(r["src"], r["sport"], r["dst"], r["dport"])] = h
                events.append(("http", h))
            elif pl.startswith(b"HTTP/1."):
                k = (r["dst"], r["dport"], r["src"], r["sport"])
                if k in http and http[k]["status"] is None:
                    try:
                        http[k]["status"] = int(pl.split(b" ", 2)[1])
                    except (IndexError, ValueError):
                        http[k]["status"] = -1
                    http[k]["status_ts"] = ts
    for t in tftp.values():
        t["bytes"] = sum(t["blocks"].values())
        t["complete"] = t["last_block"] is not None and t["error"] is None and (
            t["last_block"] in t["acked"])
        t["acked"] = len(t["acked"])
        t["nblocks"] = len(t["blocks"])
        del t["blocks"]
    return events, bad_csum


def dhcp_rounds(events):
    """Group DHCP messages by xid, in order of first appearance. A PXE boot
    server exchange (port 4011) with a new xid (EDK2 picks one) belongs to
    the round whose ProxyDHCP offer sent the firmware there."""
    rounds, byxid = [], {}
    for kind, e in events:
        if kind != "dhcp":
            continue
        r = byxid.get(e["xid"])
        if r is None and e.get("pxe_port") and rounds:
            r = byxid[e["xid"]] = rounds[-1]
        if r is None:
            r = {"xid": e["xid"], "msgs": []}
            byxid[e["xid"]] = r
            rounds.append(r)
        r["msgs"].append(e)
    for r in rounds:
        def first(typ, op):
            for m in r["msgs"]:
                if m.get("type") == typ and m["op"] == op:
                    return m
            return None
        r["discover"] = first("DISCOVER", 1)
        r["offer"] = first("OFFER", 2)
        r["request"] = first("REQUEST", 1)
        r["ack"] = first("ACK", 2)
        r["client"] = r["discover"] or r["request"]
    return rounds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pcap", required=True)
    ap.add_argument("--mac", required=True)
    ap.add_argument("--mode", choices=["direct", "chain", "httpboot"], required=True)
    ap.add_argument("--server-ip", default="", help="smeed's address (replies from it are the boot replies)")
    ap.add_argument("--lease-server", default="",
                    help="proxy cases: the DHCP server that leases the address")
    ap.add_argument("--full-boot", action="store_true",
                    help="check the kernel, initramfs, the OS's DHCP lease and its syslog message")
    ap.add_argument("--script-url", required=True)
    ap.add_argument("--t0", type=float, default=None, help="epoch of VM start")
    ap.add_argument("--serial", help="serial console log")
    ap.add_argument("--expect", default="hello-from-script")
    ap.add_argument("--console-name", default="serial console")
    ap.add_argument("--serial-seen", type=float, default=None,
                    help="epoch at which the harness saw --expect on the serial log")
    ap.add_argument("--stage1-file", default="", help="exact stage-1 boot file wanted (chain)")
    ap.add_argument("--tftp-root", default="", help="to compare transferred size")
    ap.add_argument("--guest-pcap", default="", help="guest-side capture: check UDP checksums")
    ap.add_argument("--json", default="")
    a = ap.parse_args()

    # The network's DHCP server answers the client by unicast, which only
    # the guest-side capture sees; with a lease server, read that one.
    primary = a.guest_pcap if a.lease_server and a.guest_pcap else a.pcap
    events, csum = analyse(primary, a.mac)
    t0 = a.t0
    if t0 is None:
        t0 = events[0][1]["ts"] if events else 0.0

    def rel(ts):
        return "%7.2fs" % (ts - t0) if ts else "      - "

    steps = []

    def step(name, ok, ts, detail):
        steps.append({"step": name, "ok": bool(ok), "t": (ts - t0) if ts else None,
                      "detail": detail})

    def desc_client(m):
        return "arch=%s vendor-class=%r user-class=%r%s%s" % (
            m.get("arch"), m.get("vendor_class"), m.get("user_class"),
            " opt175" if "ipxe_175" in m else "",
            " broadcast-flag" if m.get("broadcast") else "")

    rounds = dhcp_rounds(events)
    u = urlparse(a.script_url)
    script_path = (u.path or "/") + ("?" + u.query if u.query else "")
    tftps = [e for k, e in events if k == "tftp"]
    https = [e for k, e in events if k == "http"]
    syslogs = [e for k, e in events if k == "syslog"]

    def from_server(m, ip):
        return ip and (m.get("server_id") == ip or m["ip_src"] == ip)

    def boot_reply(r):
        """The reply that carries the boot file: the lease ACK, or with a
        lease server, smeed's ProxyDHCP OFFER/ACK (no address in it)."""
        if not a.lease_server:
            return r["ack"]
        for m in r["msgs"]:
            if m["op"] == 2 and m["bootfile"] and not from_server(m, a.lease_server):
                return m
        return None

    def find_round(after_ts, is_script):
        for r in rounds:
            b = boot_reply(r)
            if not b or not r["ack"] or b["ts"] < after_ts:
                continue
            if (b["bootfile"] == a.script_url) == is_script:
                return r
        return None

    def check_dhcp(r, label, want):
        c = r["client"] if r else None
        step("%s: DHCPDISCOVER from client" % label, r and r["discover"],
             r["discover"]["ts"] if r and r["discover"] else None,
             desc_client(c) if c else "none seen")
        if a.lease_server:
            o = None
            for m in (r["msgs"] if r else []):
                if m["op"] == 2 and m.get("type") == "OFFER" and from_server(m, a.lease_server):
                    o = m
                    break
            step("%s: address offered by the DHCP server %s" % (label, a.lease_server), o,
                 o["ts"] if o else None,
                 "yiaddr=%s file=%r" % (o["yiaddr"], o["bootfile"]) if o else "none seen")
            b = boot_reply(r) if r else None
            step("%s: ProxyDHCP %s from smeed, boot file %s" % (
                label, b.get("type", "reply") if b else "reply", want),
                 b and b["yiaddr"] == "0.0.0.0", b["ts"] if b else None,
                 ("yiaddr=%s next-server=%s file=%r" % (b["yiaddr"], b["siaddr"], b["bootfile"]))
                 if b else "none seen")
            ack = None
            for m in (r["msgs"] if r else []):
                if m["op"] == 2 and m.get("type") == "ACK" and from_server(m, a.lease_server):
                    ack = m
                    break
            step("%s: DHCPREQUEST/ACK from %s" % (label, a.lease_server),
                 ack and from_server(ack, a.lease_server), ack["ts"] if ack else None,
                 ("yiaddr=%s" % ack["yiaddr"]) if ack else "none seen")
            return b
        o = r["offer"] if r else None
        step("%s: DHCPOFFER" % label, o, o["ts"] if o else None,
             ("yiaddr=%s next-server=%s file=%r%s" % (
                 o["yiaddr"], o["siaddr"], o["bootfile"],
                 " (broadcast)" if o["ip_dst"] == "255.255.255.255" else ""))
             if o else "none seen")
        ack = r["ack"] if r else None
        step("%s: DHCPREQUEST/ACK, boot file %s" % (label, want),
             ack and r["request"], ack["ts"] if ack else None,
             ("yiaddr=%s file=%r" % (ack["yiaddr"], ack["bootfile"])) if ack else "none seen")
        return ack

    def http_get(after_ts, path, match=lambda got, want: got == want):
        for x in https:
            if x["ts"] >= after_ts and x["request"].startswith("GET ") and match(urllib.parse.unquote(x["path"]),
                                             urllib.parse.unquote(path)):
                return x
        return None

    def http_step(name, h, want_path):
        step(name, h and h["status"] == 200, h["status_ts"] if h else None,
             ("%s from %s, status %s" % (h["request"], h["client"], h["status"])) if h
             else "no GET for %s (GETs seen: %s)" % (want_path, [x["path"] for x in https]))

    last_ts = 0.0
    if a.mode in ("chain", "httpboot"):
        r1 = find_round(0.0, is_script=False)
        ack1 = check_dhcp(r1, "stage 1", "= iPXE binary")
        f1 = ack1["bootfile"] if ack1 else ""
        if a.stage1_file:
            step("stage 1: boot file is %r" % a.stage1_file, f1 == a.stage1_file,
                 ack1["ts"] if ack1 else None, "got %r" % f1)
        if f1.lower().startswith(("http://", "https://")):
            h1 = http_get(ack1["ts"], urlparse(f1).path)
            http_step("stage 1: HTTP GET %s -> 200" % urlparse(f1).path, h1, f1)
            if a.mode != "httpboot":
                step("stage 1: boot file is fetched over TFTP", False, None, "got %r" % f1)
            last_ts = h1["status_ts"] if h1 and h1["status_ts"] else (ack1["ts"] if ack1 else 0.0)
        else:
            if a.mode == "httpboot":
                step("stage 1: boot file is an HTTP URL (HTTP boot)", False,
                     ack1["ts"] if ack1 else None, "got %r" % f1)
            t = None
            # A tftp://host:port/path boot file is read as "path".
            want1 = urllib.parse.urlsplit(f1).path if f1.startswith("tftp://") else f1
            if ack1:
                for x in tftps:
                    if x["ts"] >= ack1["ts"] and x["file"].lstrip("/") == want1.lstrip("/") and x["complete"]:
                        t = x
                        break
                if t is None:
                    cands = [x for x in tftps if x["file"].lstrip("/") == want1.lstrip("/")]
                    t = cands[-1] if cands else None
            size_note = ""
            if t and a.tftp_root:
                import os
                p = os.path.join(a.tftp_root, t["file"].lstrip("/"))
                if os.path.exists(p):
                    size_note = " (file on server: %d bytes)" % os.path.getsize(p)
            step("stage 1: TFTP %s complete" % (f1 or "?"), t and t["complete"],
                 t["done_ts"] if t else None,
                 ("%d bytes in %d blocks, blksize=%d, %d RRQ(s) for it%s%s" % (
                     t["bytes"], t["nblocks"], t["blksize"],
                     sum(1 for x in tftps if x["file"] == t["file"]), size_note,
                     (", error: " + t["error"]) if t["error"] else ""))
                 if t else "no TFTP read request for it")
            if t and t["complete"] and size_note:
                import os
                step("stage 1: TFTP size matches the file", t["bytes"] == os.path.getsize(
                    os.path.join(a.tftp_root, t["file"].lstrip("/"))), t["done_ts"], "")
            last_ts = (t["done_ts"] if t and t["done_ts"] else (ack1["ts"] if ack1 else 0.0))
        r2 = find_round(last_ts, is_script=True) if ack1 else None
        ack2 = check_dhcp(r2, "stage 2", "= script URL")
        if r2 and r2["client"]:
            c = r2["client"]
            step("stage 2: client is iPXE (user class / option 175)",
                 "ipxe_175" in c or "iPXE" in (c.get("user_class") or ""),
                 c["ts"], desc_client(c))
        final_ack = ack2
    else:
        r1 = find_round(0.0, is_script=True)
        final_ack = check_dhcp(r1, "DHCP", "= script URL")
    if final_ack:
        step("boot file is the script URL", final_ack["bootfile"] == a.script_url,
             final_ack["ts"], "got %r, want %r" % (final_ack["bootfile"], a.script_url))
        last_ts = final_ack["ts"]
    # iPXE percent-encodes ':' in a MAC path element; compare decoded paths.
    h = http_get(last_ts, script_path)
    http_step("HTTP GET %s -> 200" % script_path, h, script_path)
    if a.full_boot:
        after = h["status_ts"] if h and h["status_ts"] else last_ts
        ends = lambda got, want: got.endswith(want)
        hk = http_get(after, "/vmlinuz-x86_64", ends)
        http_step("OS: HTTP GET kernel -> 200", hk, "vmlinuz-x86_64")
        hi = http_get(after, "/initramfs-x86_64", ends)
        http_step("OS: HTTP GET initramfs -> 200", hi, "initramfs-x86_64")
        after = max([x["status_ts"] or 0 for x in (hk, hi) if x] or [after])
        plain = None
        for r in rounds:
            c = r["client"]
            if c and c["ts"] >= after and "arch" not in c and not (
                    c.get("vendor_class") or "").startswith(("PXEClient", "HTTPClient")):
                plain = r
                break
        c = plain["client"] if plain else None
        step("OS: plain DHCP client (no PXE options) asks for a lease", c, c["ts"] if c else None,
             desc_client(c) if c else "none seen after the initramfs")
        ack = plain["ack"] if plain else None
        step("OS: DHCPACK with an address", ack and ack["yiaddr"] != "0.0.0.0",
             ack["ts"] if ack else None,
             "yiaddr=%s server=%s" % (ack["yiaddr"], ack.get("server_id")) if ack else "none seen")
        if plain and not a.lease_server:
            # As Smee: next-server stays the server's address; no boot file,
            # no option 60 and no PXE vendor options for a plain client.
            step("OS: the lease carries no netboot fields",
                 ack and not ack["bootfile"] and "vendor_class" not in ack,
                 ack["ts"] if ack else None,
                 "file=%r option60=%r" % (ack["bootfile"], ack.get("vendor_class")) if ack else "")
        if plain and a.lease_server and a.server_ip:
            answered = [m for m in plain["msgs"] if m["op"] == 2 and from_server(m, a.server_ip)]
            step("OS: smeed does not answer a client that is not PXE", not answered,
                 ack["ts"] if ack else None, "%d replies from smeed" % len(answered))
        lease = ack["yiaddr"] if ack else None
        msg = None
        for x in syslogs:
            if x["ts"] >= (ack["ts"] if ack else after) and x["src"] == lease and (
                    not a.server_ip or x["dst"] == a.server_ip):
                msg = x
                break
        step("OS: syslog message from %s to %s:514" % (lease, a.server_ip or "?"), msg,
             msg["ts"] if msg else None,
             repr(msg["text"]) if msg else "none seen (syslog packets: %d)" % len(syslogs))
    if a.serial:
        try:
            with open(a.serial, "rb") as f:
                text = f.read().decode("latin-1")
        except OSError:
            text = ""
        step("%s shows %r" % (a.console_name, a.expect), a.expect in text, a.serial_seen,
             "%d bytes of console log" % len(text))

    guest_csum = None
    if a.guest_pcap:
        try:
            _ev, guest_csum = analyse(a.guest_pcap, a.mac)
        except (OSError, SystemExit) as exc:
            guest_csum = {"error": str(exc)}

    print("%-6s %8s  %-48s %s" % ("result", "t", "step", "detail"))
    for s in steps:
        print("%-6s %8s  %-48s %s" % ("PASS" if s["ok"] else "FAIL",
                                       ("%.2fs" % s["t"]) if s["t"] is not None else "-",
                                       s["step"], s["detail"]))
    print("DHCP rounds seen: %d; TFTP requests: %s; HTTP requests: %s" % (
        len(rounds), ["%s%s" % (x["file"], "" if x["complete"] else "(incomplete)") for x in tftps],
        ["%s %s" % (x["path"], x["status"]) for x in https]))
    print("server-side capture: %d/%d UDP packets with a bad checksum%s" % (
        csum["udp_bad"], csum["udp_total"],
        " (capture artifact of tx checksum offload on veth: packets are seen before the checksum is filled in)" if csum["udp_bad"] else ""))
    if guest_csum and "udp_total" in guest_csum:
        print("guest-side capture: %d/%d UDP packets with a bad checksum" % (
            guest_csum["udp_bad"], guest_csum["udp_total"]))
    ok = all(s["ok"] for s in steps) and bool(steps)
    print("RESULT: %s" % ("PASS" if ok else "FAIL"))
    if a.json:
        def clean(o):
            if isinstance(o, dict):
                return {str(k): clean(v) for k, v in o.items()}
            if isinstance(o, (list, tuple, set)):
                return [clean(v) for v in o]
            if isinstance(o, bytes):
                return o.hex()
            return o
        with open(a.json, "w") as f:
            json.dump(clean({"ok": ok, "steps": steps, "t0": t0,
                             "dhcp": [e for k, e in events if k == "dhcp"],
                             "tftp": tftps, "http": https,
                             "server_udp_checksums": csum,
                             "guest_udp_checksums": guest_csum}), f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
