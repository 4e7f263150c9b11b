#!/usr/bin/env python3
"""verdict_gen.py DIR: crafted captures for the verdict tests (tests/verdicts.sh).

Each capture states what is on the wire; verdicts.sh states the exit status
and the report line bgpcap must give for it. Built with tests/pcapgen.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import struct  # noqa: E402
from pcapgen import (Writer, Conn, nva_session, bgp_update, origin, as_path, next_hop,  # noqa: E402
                     bgp_open, tcp, csum, SYN, bgp_notification, cap_mp, cap_as4, cap_rr,
                     KEEPALIVE, udp, ipv4, plain_eth, NVA, RS1, RS2, FW)


def default_route(nh=FW, path=(65001,)):
    return bgp_update(attrs=[origin(0), as_path([(2, list(path))]), next_hop(nh)],
                      nlri=[("0.0.0.0", 0)])


def healthy(w):
    """Both route servers get 0.0.0.0/0 via the firewall."""
    nva_session(w, RS1)
    nva_session(w, RS2, aport=40001)


def no_bgp(w):
    """A capture with no BGP at all (a DNS query)."""
    w.frame(plain_eth(ipv4("10.0.1.6", "10.0.0.53", 17, udp("10.0.1.6", "10.0.0.53", 5353, 53, b"\0" * 20)), 4))


def gap_checked(w):
    """The NVA's first UPDATE (a wrong next hop) is missing from the capture;
    a good one follows: the missing bytes could have held anything."""
    c = nva_session(w, RS1, default_route=False)
    lost = default_route(nh=NVA)
    c.seq[0] += len(lost)            # sent, never captured
    c.send(0, default_route())
    c.send(1, KEEPALIVE)


def snaplen_cut(w):
    """The segment with the NVA's UPDATE is cut by the snapshot length."""
    c = nva_session(w, RS1, default_route=False)
    upd = default_route(nh=NVA)
    c.packet(0, 0x18, upd, caplen=14 + 20 + 20 + 10)
    c.seq[0] += len(upd)
    c.send(0, KEEPALIVE)
    c.send(1, KEEPALIVE)


def midstream(w):
    """The capture starts after the session came up: KEEPALIVEs only."""
    c = Conn(w, NVA, RS1, isn=(777000, 888000))
    for _ in range(3):
        c.send(0, KEEPALIVE)
        c.send(1, KEEPALIVE)


def wrong_nexthop(w):
    """0.0.0.0/0 with the NVA itself as next hop."""
    nva_session(w, RS1, nexthop=NVA)


def session_down(w):
    """The NVA's session to RS1 is up, the default route sent, then the route
    server ends it (Cease/Administrative Shutdown, FIN); RS2 stays up."""
    c = nva_session(w, RS1)
    c.send(1, bgp_notification(6, 2))
    c.fin(1)
    c.fin(0)
    nva_session(w, RS2, aport=40001)


def capture_end(w):
    """The capture ends 50 ms after the NVA's OPEN: the route server has
    not answered yet, and nothing says it never will."""
    c = Conn(w, NVA, RS1)
    c.handshake()
    c.send(0, bgp_open(65001, 180, NVA, [cap_mp(1, 1), cap_rr(), cap_as4(65001)]))


def open_unanswered(w):
    """The NVA's OPEN gets no answer for 300 s (past the 240 s large hold
    timer; another session's KEEPALIVEs show the capture went on)."""
    c = Conn(w, NVA, RS1)
    c.handshake()
    c.send(0, bgp_open(65001, 180, NVA, [cap_mp(1, 1), cap_rr(), cap_as4(65001)]))
    c2 = nva_session(w, RS2, aport=40001)
    t = w.t
    for k in range(1, 6):
        c2.send(0, KEEPALIVE, ts=t + 60 * k)
        c2.send(1, KEEPALIVE, ts=t + 60 * k + 0.01)


def snaplen_all(w):
    """A capture taken with a 70-byte snapshot length: the TCP handshake is
    there, every BGP message is cut."""
    nva_session(w, RS1)


def snaplen_headers(w):
    """A capture taken with a 40-byte snapshot length: every packet is cut
    inside its IP or TCP header."""
    nva_session(w, RS1)


def time_back(w):
    """One KEEPALIVE is stamped 1000 s ahead, the next ones go on from
    before it: no silence of 998 s (the hold time is 180 s), no expiry."""
    c = nva_session(w, RS1)
    t = w.t
    c.send(0, KEEPALIVE, ts=t + 1000)
    c.send(1, KEEPALIVE, ts=t + 1)
    c.send(0, KEEPALIVE, ts=t + 2)
    c.send(1, KEEPALIVE, ts=t + 2.1)


LONG = [100] + [65001] * 42 + [65002]


def long_path(w):
    """0.0.0.0/0 with an AS path of 44 ASNs (261 characters printed), the
    last one 65002: the first 255 characters end in 65001."""
    c = nva_session(w, RS1, default_route=False)
    c.send(0, default_route(path=LONG))
    c.send(1, KEEPALIVE)


def flood_addr(i):
    return "10.8.%d.%d" % (i >> 8 & 255, i & 255)


def syn_flood_pairs(w, nh=NVA):
    """4200 SYNs, each from another address to the NVA's port 179 (more
    than the reporter's 4096 speaker pairs), then the real session with a
    wrong next hop: the SYN-only pairs are evicted, not the session."""
    for i in range(4200):
        Conn(w, flood_addr(i), NVA, aport=30000, isn=(i, 0)).packet(0, SYN, seq=i, ack=0)
    nva_session(w, RS1, nexthop=nh)


def icmp_error(reporter, qsrc, qdst, sport, dport):
    """ICMP time exceeded from reporter quoting a made-up TCP header."""
    quoted = ipv4(qsrc, qdst, 6, tcp(qsrc, qdst, sport, dport, 1, 0, SYN)[:8], ttl=1, total_len=40)
    body = struct.pack("!BBHI", 11, 0, 0, 0) + quoted
    body = body[:2] + struct.pack("!H", csum(body)) + body[4:]
    return ipv4(reporter, qsrc, 1, body)


def icmp_flood_pairs(w, nh=NVA):
    """4200 ICMP errors quoting made-up TCP/179 headers between made-up
    addresses, then the real session with a wrong next hop."""
    for i in range(4200):
        w.frame(plain_eth(icmp_error("10.0.1.1", flood_addr(i), "10.7.0.1", 30000, 179), 4))
    nva_session(w, RS1, nexthop=nh)


def flood_ok(w):
    """The ICMP flood, then a healthy session."""
    icmp_flood_pairs(w, FW)


def ooo_cut(w):
    """20 KEEPALIVEs and the default route from the NVA in 5-byte segments,
    the first one last: more segments ahead of the hole than the
    out-of-order queue holds (64), so the flow layer cuts some."""
    c = nva_session(w, RS1, default_route=False)
    data = KEEPALIVE * 20 + default_route()
    base = c.seq[0]
    segs = [(i, data[i:i + 5]) for i in range(0, len(data), 5)]
    for off, chunk in segs[1:] + segs[:1]:
        c.packet(0, 0x18, chunk, seq=base + off)
    c.seq[0] += len(data)
    c.send(1, KEEPALIVE)


def set_path(w):
    """0.0.0.0/0 with the path 65001 {64512,64513} (a sequence, then a set)."""
    c = nva_session(w, RS1, default_route=False)
    c.send(0, bgp_update(attrs=[origin(0), as_path([(2, [65001]), (1, [64512, 64513])]), next_hop(FW)],
                         nlri=[("0.0.0.0", 0)]))
    c.send(1, KEEPALIVE)


CASES = {f.__name__: f for f in (set_path, ooo_cut, syn_flood_pairs, icmp_flood_pairs, flood_ok, healthy, no_bgp, gap_checked, snaplen_cut, midstream, wrong_nexthop,
                                 session_down, capture_end, open_unanswered, snaplen_all, snaplen_headers, time_back,
                                 long_path)}
SNAPLEN = {"snaplen_all": 70, "snaplen_headers": 40}


def main():
    out = sys.argv[1]
    for name, f in CASES.items():
        w = Writer(os.path.join(out, name.replace("_", "-") + ".pcap"), snaplen=SNAPLEN.get(name, 262144))
        f(w)
        w.close()


if __name__ == "__main__":
    main()
