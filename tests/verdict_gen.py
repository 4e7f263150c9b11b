#!/usr/bin/env python3
"""verdict_gen.py DIR: crafted captures for the verdict tests (tests/verdicts.sh).

Each capture states what is on the wire; verdicts.sh states the exit status
and the report line bgpcap must give for it. Built with tests/pcapgen.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import (Writer, Conn, nva_session, bgp_update, origin, as_path, next_hop,  # noqa: E402
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


CASES = {f.__name__: f for f in (healthy, no_bgp, gap_checked, snaplen_cut, midstream, wrong_nexthop)}


def main():
    out = sys.argv[1]
    for name, f in CASES.items():
        w = Writer(os.path.join(out, name.replace("_", "-") + ".pcap"))
        f(w)
        w.close()


if __name__ == "__main__":
    main()
