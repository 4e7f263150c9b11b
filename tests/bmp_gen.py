#!/usr/bin/env python3
"""bmp_gen.py DIR: the crafted BMP captures of tests/bmp.sh (tests/pcapgen.py).

A route server (10.0.2.4, AS 65515) or the NVA itself (10.0.1.6, AS 65001)
sends BMP to a collector (10.0.9.9:1790) about the NVA's session with the
route server; each capture is named after what it holds, and tests/bmp.sh
states the verdict and the diagnostic each must give."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import *  # noqa: E402,F401

OUT = sys.argv[1]
WRONG = "10.0.1.99"


def write(name, msgs, mss=1448, router=RS1):
    w = Writer(os.path.join(OUT, name + ".pcap"))
    c = bmp_conn(w, router=router)
    for m in msgs:
        c.send(0, m, mss=mss)
    w.close()


def default_update(nh, path=(65001,), origin_value=0):
    return bgp_update(attrs=[origin(origin_value), as_path([(2, list(path))]), next_hop(nh)],
                      nlri=[("0.0.0.0", 0)])


nva_peer = bmp_peer(NVA, 65001, NVA)
write("happy", nva_bmp_feed())
write("wrong-nexthop", nva_bmp_feed(nexthop=WRONG))
# every BMP message split over 5-byte segments
write("split", nva_bmp_feed(), mss=5)
# post-policy Adj-RIB-In is the route server's view after its import policy,
# not what the NVA sent: a different next hop there is not checked
write("post-policy", nva_bmp_feed(extra=[bmp_route_monitoring(
    bmp_peer(NVA, 65001, NVA, flags=BMP_L), default_update(WRONG))]))
# the NVA's own feed, RFC 8671: post-policy Adj-RIB-Out is what it sent
# (checked), pre-policy Adj-RIB-Out is before its export policy (not)
caps_nva = [cap_mp(1, 1), cap_rr(), cap_as4(65001)]
caps_rs = [cap_mp(1, 1), cap_rr(), cap_as4(65515)]
rs_peer = bmp_peer(RS1, 65515, RS1)
for name, post_nh in (("adj-rib-out", FW), ("adj-rib-out-wrong", WRONG)):
    write(name, [bmp_init("nva"),
                 bmp_peer_up(rs_peer, NVA, 40000, 179, bgp_open(65001, 180, NVA, caps_nva),
                             bgp_open(65515, 180, RS1, caps_rs)),
                 bmp_route_monitoring(bmp_peer(RS1, 65515, RS1, flags=BMP_O),
                                      default_update(WRONG)),
                 bmp_route_monitoring(bmp_peer(RS1, 65515, RS1, flags=BMP_O | BMP_L),
                                      default_update(post_nh))], router=NVA)
# a Route Monitoring whose per-peer header is cut: 30 of its 42 bytes
write("peer-header-truncated", nva_bmp_feed(extra=[bmp_msg(BMP_RM, nva_peer[:30])]))
# the last message claims 1000 bytes; the stream ends after 100
write("beyond-stream", nva_bmp_feed(extra=[bmp_msg(BMP_RM, nva_peer + b"\xff" * 52,
                                                   length=1000)]))
# a version 1 message (no length field) between Peer Up and the route
feed = nva_bmp_feed()
write("version1", feed[:2] + [struct.pack("!BB", 1, 0) + nva_peer + KEEPALIVE] + feed[2:])
# the default route's UPDATE with an ORIGIN of 7 (RFC 7606: treat-as-withdraw)
feed = nva_bmp_feed()
write("bad-update", feed[:2] + [bmp_route_monitoring(nva_peer, default_update(FW, origin_value=7))])
# Peer Down with each reason of RFC 7854 4.9
DOWN = {1: bgp_notification(6, 2), 2: struct.pack("!H", 3), 3: bgp_notification(6, 4),
        4: b"", 5: b""}
for reason, data in DOWN.items():
    write(f"peer-down-{reason}", nva_bmp_feed(extra=[bmp_peer_down(nva_peer, reason, data)]))
