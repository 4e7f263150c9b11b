#!/usr/bin/env python3
"""acache_gen.py OUT.pcap: a capture for tests/acache.sh (the attribute-block
cache must change no byte of output). The same attribute blocks recur in many
UPDATEs at different offsets (withdrawn routes of varying length before
them), on sessions with 4-octet and 2-octet AS, IPv4 NLRI and IPv6 in
MP_REACH/MP_UNREACH with ADD-PATH (NLRI of varying length under one block),
blocks whose walk reports an error or a diagnostic (never kept), a kept
block followed by an UPDATE with the same block and malformed MP NLRI, and
End-of-RIB markers."""
import struct
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pcapgen import (Writer, Conn, KEEPALIVE, attr, as_path, bgp_open, bgp_update, cap_addpath,  # noqa: E402
                     cap_as4, cap_mp, cap_rr, med, mp_reach, mp_unreach, next_hop, origin)


def communities(vals):
    return attr(8, b"".join(struct.pack("!HH", a, b) for a, b in vals), flags=0xC0)


def large(vals):
    return attr(32, b"".join(struct.pack("!III", *v) for v in vals), flags=0xC0)


def as4_path(asns):
    return attr(17, struct.pack("!BB", 2, len(asns)) + b"".join(struct.pack("!I", a) for a in asns),
                flags=0xC0)


def blocks(as4):
    return [
        [origin(0), as_path([(2, [65515, 12076, 65020])], as4), med(100),
         communities([(12076, 51010)]), large([(65515, 12076, 1)]), next_hop("10.0.2.4")],
        [origin(2), as_path([(2, [65515, 3356]), (1, [64512, 64513])], as4),
         communities([(65515, 200), (12076, 51020)]), next_hop("10.0.2.9")],
        [origin(0), as_path([(2, [65515, 23456])], as4), as4_path([65515, 4200000001]),
         next_hop("192.0.2.77")],
        [origin(5), as_path([(2, [65515])], as4), next_hop("10.0.2.4")],   # ORIGIN error: not kept
        [origin(0), as_path([(2, [65515, 0])], as4), next_hop("10.0.2.4")],  # AS 0: not kept
    ]


def v4_session(w, aport, as4):
    c = Conn(w, "10.0.1.6", "10.0.2.4", aport=aport)
    c.handshake()
    caps_a = [cap_mp(1, 1), cap_rr()] + ([cap_as4(65001)] if as4 else [])
    caps_b = [cap_mp(1, 1), cap_rr()] + ([cap_as4(65515)] if as4 else [])
    c.send(0, bgp_open(65001, 90, "10.0.1.6", caps_a))
    c.send(1, bgp_open(65515, 90, "10.0.2.4", caps_b))
    c.send(0, KEEPALIVE)
    c.send(1, KEEPALIVE)
    bl = blocks(as4)
    for i in range(200):
        b = bl[i % len(bl)]
        wd = [("198.18.%d.0" % j, 24) for j in range(i % 4)]
        nl = [("10.%d.%d.0" % (i // 250, i % 250), 24)] + [("172.16.%d.0" % (i % 200), 24 + i % 5)] * (i % 2)
        c.send(1, bgp_update(withdrawn=wd, attrs=b, nlri=nl))
    c.send(1, bgp_update())    # End-of-RIB
    return c


def v6_session(w, aport):
    c = Conn(w, "10.0.1.6", "10.0.2.5", aport=aport)
    c.handshake()
    caps = [cap_mp(1, 1), cap_mp(2, 1), cap_as4(65001), cap_addpath([(2, 1, 3)])]
    c.send(0, bgp_open(65001, 90, "10.0.1.6", caps))
    c.send(1, bgp_open(65515, 90, "10.0.2.5", [cap_mp(1, 1), cap_mp(2, 1), cap_as4(65515),
                                                 cap_addpath([(2, 1, 3)])]))
    c.send(0, KEEPALIVE)
    c.send(1, KEEPALIVE)
    nhs = [["2001:db8:2::5"], ["2001:db8:2::5", "fe80::5"]]
    for i in range(160):
        items = [("2001:db8:%x::" % (0x100 + i), 40 + i % 9, 1 + i % 3)] * (1 + i % 3)
        pre = [origin(0), as_path([(2, [65515, 64500 + i % 4])])]
        post = [med(i % 2), communities([(65515, i % 4)])]
        if i % 7 == 3:   # MP_UNREACH before MP_REACH, withdrawals of varying length
            mid = [mp_unreach(2, 1, [("2001:db8:ff::", 48, i)] * (i % 3)),
                   mp_reach(2, 1, nhs[i % 2], items)]
        else:
            mid = [mp_reach(2, 1, nhs[i % 2], items)]
        body = bgp_update(attrs=pre + mid + post)
        if i % 20 == 19:
            # the block just kept, with a prefix length beyond 128 in the NLRI
            bad = pre + [mp_reach(2, 1, nhs[i % 2], [("2001:db8::", 40, 1)])] + post
            body = bgp_update(attrs=bad)
            cut = body.index(b"\x28\x20\x01\x0d\xb8")   # plen 40 followed by 2001:db8
            body = body[:cut] + b"\xa0" + body[cut + 1:]
        c.send(1, body)
    c.send(1, bgp_update(attrs=[mp_unreach(2, 1, [])]))   # End-of-RIB IPv6
    return c


def main():
    w = Writer(sys.argv[1])
    v4_session(w, 40001, True)
    v4_session(w, 40002, False)
    v6_session(w, 40003)
    w.close()


if __name__ == "__main__":
    main()
