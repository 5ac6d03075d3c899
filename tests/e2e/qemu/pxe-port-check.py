#!/usr/bin/env python3
"""pxe-port-check.py -- check the PXE boot server (UDP 4011) steps of a run.

For a ProxyDHCP run with dhcp.proxy_defer_boot_file, reads the server-side
and the guest-side capture and checks in each, for every exchange on port
4011 (iPXE's ProxyDHCPREQUEST, EDK2's BINL request):

  smeed's ProxyDHCP OFFER on port 67 names no boot file
  -> the firmware sends a DHCPREQUEST (PXEClient) to smeed's port 4011
  -> smeed answers from 4011 to the request's source address and port with
     a DHCPACK: no address, next server = smeed, a boot file, option 60
     PXEClient, option 43, option 97 echoed
  -> the boot goes on: the client asks for that boot file (TFTP or HTTP)

and that smeed sent no ICMP port unreachable. Prints the steps and the
times between them; exit status 0 when every step passed.
"""
import argparse
import importlib.util
import os
import struct
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("pcap_check", os.path.join(HERE, "pcap-check.py"))
pc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pc)


def port_unreachables(path, server):
    """ICMP destination/port unreachable messages smeed's address sent."""
    count = 0
    for _ts, frame in pc.read_pcap(path):
        if len(frame) < 34 or frame[12:14] != b"\x08\x00":
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0F) * 4
        if ip[9] == 1 and ".".join(map(str, ip[12:16])) == server and ip[ihl:ihl + 2] == b"\x03\x03":
            count += 1
    return count


def boot_request(events, after, client_ip, bootfile):
    """The client's first request for `bootfile` after `after`."""
    url = urllib.parse.urlsplit(bootfile)
    want = url.path if url.scheme else bootfile
    for kind, e in events:
        if e["ts"] < after or not e.get("client", "").startswith(client_ip + ":"):
            continue
        if kind == "tftp" and e["file"].lstrip("/") == want.lstrip("/"):
            return "TFTP RRQ %s" % e["file"], e["ts"]
        if kind == "http" and urllib.parse.unquote(e["path"]) == want:
            return e["request"], e["ts"]
    return None, None


def exchanges(dhcp, server):
    """(offer, request, ack) for each request to port 4011, in order."""
    found = []
    for i, m in enumerate(dhcp):
        if m["op"] != 1 or m["dport"] != pc.PXE_PORT or m["ip_dst"] != server:
            continue
        offers = [o for o in dhcp[:i] if o["op"] == 2 and o.get("type") == "OFFER" and
                  o["ip_src"] == server and o["sport"] == 67]
        ack = next((a for a in dhcp[i:] if a["op"] == 2 and a["sport"] == pc.PXE_PORT and
                    a["xid"] == m["xid"]), None)
        found.append((offers[-1] if offers else None, m, ack))
    return found


def check_exchange(n, offer, req, ack, events, server, step):
    step("%d: ProxyDHCP OFFER on port 67 names no boot file" % n, offer and not offer["bootfile"],
         "next-server=%s file=%r" % (offer["siaddr"], offer["bootfile"]) if offer else "no OFFER before it")
    step("%d: DHCPREQUEST %s:%d -> %s:%d" % (n, req["ip_src"], req["sport"], server, pc.PXE_PORT),
         req.get("type") == "REQUEST" and (req.get("vendor_class") or "").startswith("PXEClient"),
         "type=%s vendor-class=%r xid=%s" % (req.get("type"), req.get("vendor_class"), req["xid"]))
    if not ack:
        step("%d: DHCPACK from port %d" % (n, pc.PXE_PORT), False, "no reply")
        return None
    to_source = ack["ip_dst"] == req["ip_src"] and ack["dport"] == req["sport"]
    fields = (ack.get("type") == "ACK" and ack["yiaddr"] == "0.0.0.0" and ack["siaddr"] == server
              and ack["bootfile"] and ack.get("vendor_class") == "PXEClient" and "opt43" in ack
              and ack.get("opt97") == req.get("opt97"))
    step("%d: DHCPACK %s:%d -> %s:%d" % (n, server, pc.PXE_PORT, ack["ip_dst"], ack["dport"]),
         to_source and fields,
         "after %.1f ms: yiaddr=%s next-server=%s file=%r option60=%r option43=%s option97 echoed=%s" % (
             (ack["ts"] - req["ts"]) * 1000, ack["yiaddr"], ack["siaddr"], ack["bootfile"],
             ack.get("vendor_class"), ack.get("opt43"), ack.get("opt97") == req.get("opt97")))
    what, ts = boot_request(events, ack["ts"], req["ip_src"], ack["bootfile"])
    step("%d: boot continues with the ACK's boot file" % n, what,
         "%s %.3f s after the ACK" % (what, ts - ack["ts"]) if what else "no request for it")
    if offer and what:
        return "exchange %d: OFFER -> 4011 REQUEST %.3f s, REQUEST -> ACK %.1f ms, ACK -> %s %.3f s; " \
               "OFFER -> boot file request %.3f s" % (
                   n, req["ts"] - offer["ts"], (ack["ts"] - req["ts"]) * 1000, what.split(" ")[0],
                   ts - ack["ts"], ts - offer["ts"])
    return None


def check_capture(label, path, mac, server):
    steps, timings = [], []

    def step(name, ok, detail):
        steps.append(("PASS" if ok else "FAIL", "%s: %s" % (label, name), detail))

    events, _csum = pc.analyse(path, mac)
    dhcp = [e for k, e in events if k == "dhcp"]
    found = exchanges(dhcp, server)
    step("the firmware asked port %d" % pc.PXE_PORT, found, "%d request(s)" % len(found))
    for n, (offer, req, ack) in enumerate(found, 1):
        t = check_exchange(n, offer, req, ack, events, server, step)
        if t:
            timings.append(t)
    unreachable = port_unreachables(path, server)
    step("no ICMP port unreachable from %s" % server, unreachable == 0, "%d seen" % unreachable)
    return steps, timings


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pcap", required=True, help="server-side capture")
    ap.add_argument("--guest-pcap", required=True, help="guest-side capture")
    ap.add_argument("--mac", required=True)
    ap.add_argument("--server-ip", required=True)
    a = ap.parse_args()
    ok = True
    for label, path in (("server side", a.pcap), ("guest side", a.guest_pcap)):
        steps, timings = check_capture(label, path, a.mac.lower(), a.server_ip)
        for result, name, detail in steps:
            print("%-4s  %-62s %s" % (result, name, detail))
        for t in timings:
            print("      %s: %s" % (label, t))
        ok = ok and all(r == "PASS" for r, _n, _d in steps)
    print("RESULT: %s" % ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
