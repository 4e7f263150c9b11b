#!/usr/bin/env python3
"""hardening_gen.py DIR: crafted captures for tests/hardening.sh (issue 14).

hostile-text.pcap  a peer's free text made to steer a terminal: a Cease
                   shutdown communication and FQDN capability names with
                   C1 controls (U+009B CSI, U+009D OSC), raw 0x9b/0x9d
                   bytes (invalid UTF-8), ESC, BEL and bidi overrides.
nexthop-notes.pcap an IPv6 session (OPENs seen): one UPDATE with a
                   link-local-only next hop, one with :: + link-local, one
                   with global + link-local (clean), one with a 4-byte next
                   hop (an error); then, with no OPENs, an IPv4 route with an
                   IPv6 next hop (extended next hop assumed).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import *  # noqa: E402,F401,F403

HOSTILE = (b"maint \xc2\x9b2J\xc2\x9d0;pwned\x07 \x9b31m\x9d \x1b[2K\r"
           b"\xe2\x80\xaeevil\xe2\x81\xa6 \xe2\x80\x8f\x7f end")


def cap_fqdn(host, domain):
    return cap(73, bytes([len(host)]) + host + bytes([len(domain)]) + domain)


def hostile_text(path):
    w = Writer(path)
    c = Conn(w, NVA, RS1)
    c.handshake()
    c.send(0, bgp_open(65001, 180, NVA, [cap_mp(1, 1), cap_as4(65001)]))
    c.send(1, bgp_open(65515, 180, RS1, [cap_mp(1, 1), cap_as4(65515),
                                         cap_fqdn(b"rs\xc2\x9b1m\x9b", b"ex\xe2\x80\xaeample\x1b]0;t\x07")]))
    c.send(0, KEEPALIVE)
    c.send(1, KEEPALIVE)
    c.send(0, bgp_update(attrs=[origin(0), as_path([(2, [65001])]), next_hop(FW)], nlri=[("0.0.0.0", 0)]))
    c.send(1, bgp_notification(6, 2, bytes([len(HOSTILE)]) + HOSTILE))
    w.close()


def long_text(path):
    """300 ROUTE-REFRESH with ORF entries of 2000..3996 bytes, then a
    NOTIFICATION with 4000 bytes of data: -v writes more than the 1 MB
    output buffer, so some long piece meets its end. Lengths in PATH.lens."""
    w = Writer(path)
    c = Conn(w, NVA, RS1)
    c.handshake()
    caps = [cap_mp(1, 1), cap_as4(65001), cap_rr()]
    c.send(0, bgp_open(65001, 180, NVA, caps))
    c.send(1, bgp_open(65515, 180, RS1, [cap_mp(1, 1), cap_as4(65515), cap_rr()]))
    lens = []
    for i in range(300):
        n = 2000 + (i * 28) % 2000
        orf = bytes([1]) + struct.pack("!H", n - 3) + bytes([(i + k) & 0xFF for k in range(n - 3)])
        c.send(0, bgp_msg(5, struct.pack("!HBB", 1, 0, 1) + orf))
        lens.append(n)
    c.send(1, bgp_notification(3, 1, bytes(range(256)) * 15 + bytes(160)))
    lens.append(4000)
    w.close()
    with open(path + ".lens", "w") as f:
        f.write("\n".join(map(str, lens)) + "\n")


def healthy(w):
    c = nva_session(w)
    c.send(1, KEEPALIVE)
    return c


def read_error(path):
    """A healthy session, then a record whose caplen (1 MiB) is over any
    snaplen: libpcap stops there with an error, the rest is unread."""
    w = Writer(path)
    c = healthy(w)
    w.f.write(struct.pack("<IIII", 1700000100, 0, 1 << 20, 1 << 20) + b"\0" * 64)
    c.send(0, KEEPALIVE)
    w.close()


def bad_usec(path):
    """A healthy session whose last records have tv_usec of 1,500,000 and
    2,147,483,647 (a pcap field is 32 bits; only < 1,000,000 is valid)."""
    w = Writer(path)
    c = healthy(w)
    frames = []
    orig = w.frame
    w.frame = lambda data, ts=None, caplen=None, step=0.0001: frames.append(data)
    c.send(0, bgp_update(attrs=[origin(0), as_path([(2, [65001])]), next_hop(FW)], nlri=[("0.0.0.0", 0)]))
    c.send(1, KEEPALIVE)
    w.frame = orig
    for data, usec in zip(frames, (1500000, 0x7FFFFFFF)):
        w.f.write(struct.pack("<IIII", 1700000200, usec, len(data), len(data)) + data)
    w.close()


def nexthop_notes(path):
    w = Writer(path)
    c = Conn(w, NVA, RS1)
    c.handshake()
    c.send(0, bgp_open(65001, 180, NVA, [cap_mp(2, 1), cap_as4(65001)]))
    c.send(1, bgp_open(65515, 180, RS1, [cap_mp(2, 1), cap_as4(65515)]))
    c.send(0, KEEPALIVE)
    c.send(1, KEEPALIVE)
    base = [origin(0), as_path([(2, [65001])])]
    for nhs in (["fe80::cafe"], ["::", "fe80::1"], ["2001:db8::1", "fe80::1"]):
        c.send(0, bgp_update(attrs=base + [mp_reach(2, 1, nhs, [("2001:db8:1::", 48)])]))
    c.send(0, bgp_update(attrs=base + [mp_reach(2, 1, ["10.0.1.4"], [("2001:db8:2::", 48)])]))
    # a session whose OPENs were not captured
    c2 = Conn(w, NVA, RS2, aport=40001)
    c2.handshake()
    c2.send(0, bgp_update(attrs=base + [mp_reach(1, 1, ["2001:db8::4"], [("0.0.0.0", 0)])]))
    w.close()


def main():
    d = sys.argv[1]
    nexthop_notes(os.path.join(d, "nexthop-notes.pcap"))
    read_error(os.path.join(d, "read-error.pcap"))
    bad_usec(os.path.join(d, "bad-usec.pcap"))
    hostile_text(os.path.join(d, "hostile-text.pcap"))
    long_text(os.path.join(d, "long-text.pcap"))


if __name__ == "__main__":
    main()
