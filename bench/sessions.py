#!/usr/bin/env python3
"""sessions.py OUT.pcap [N]: N (default 10,000) short BGP sessions one after the other, for
bench/run's per-flow cost: each a TCP handshake, two OPENs (4-octet AS, IPv4 unicast), two
KEEPALIVEs, an UPDATE with the default route and one with two prefixes, a NOTIFICATION
(Cease/Administrative Reset) and FINs. Client addresses and ports differ per session (10.64.0.0/10,
ports 40000-59999); the server side is 10.0.2.4:179. Built with tests/pcapgen.py."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from pcapgen import (Conn, KEEPALIVE, Writer, as_path, bgp_notification, bgp_open,  # noqa: E402
                     bgp_update, cap_as4, cap_mp, cap_rr, next_hop, origin)


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    w = Writer(out)
    for i in range(n):
        a = "10.%d.%d.%d" % (64 + (i >> 16) % 64, (i >> 8) & 255, 1 + (i & 127))
        c = Conn(w, a, "10.0.2.4", aport=40000 + i % 20000)
        c.handshake()
        c.send(0, bgp_open(65001, 90, a, [cap_mp(1, 1), cap_rr(), cap_as4(65001)]))
        c.send(1, bgp_open(65515, 90, "10.0.2.4", [cap_mp(1, 1), cap_rr(), cap_as4(65515)]))
        c.send(0, KEEPALIVE)
        c.send(1, KEEPALIVE)
        c.send(0, bgp_update(attrs=[origin(0), as_path([(2, [65001])]), next_hop(a)],
                             nlri=[("0.0.0.0", 0)]))
        c.send(1, bgp_update(attrs=[origin(0), as_path([(2, [65515, 64500 + i % 50])]),
                                    next_hop("10.0.2.4")],
                             nlri=[("10.%d.0.0" % (i % 200), 16), ("192.0.2.0", 24)]))
        c.send(0, bgp_notification(6, 4))
        c.fin(0)
        c.fin(1)
        c.packet(0, 0x10)
    w.close()


if __name__ == "__main__":
    main()
