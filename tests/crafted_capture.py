#!/usr/bin/env python3
"""crafted_capture: the NVA's default route hidden behind every encapsulation.

For each case a capture is written twice with tests/pcapgen.py, once with
the right next hop (10.0.1.4) and once with a wrong one (10.0.1.6), and
bgpcap is run as a user would (-r FILE plus the NVA's expectations). The
right one must give exit 0, the wrong one exit 1 with the wrong next hop
named in the violation. Where the case names an encapsulation, -vv and
--stats must label the flow with it ("vlan 100 vlan 14", "gre key 5"), and
tshark (the oracle, when installed) must decode the same
number of BGP messages of each type as bgpcap.

Then tshark must decode the same messages as bgpcap on the peer captures
that this decoding made readable (PEER names ../shared/peer-captures).

usage: crafted_capture.py BGPCAP WORKDIR
"""
import collections
import json
import os
import shutil
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import *  # noqa: E402,F403

RIGHT, WRONG = FW, NVA
NVA6, RS6, FW6, BAD6 = "2001:db8:1::6", "2001:db8:2::4", "2001:db8:1::4", "2001:db8:1::6"


# ------------------------------------------------------------------ wrappers
def w_vlan(*vids, tpid=ETH_VLAN):
    return lambda pkt, v: eth(pkt, ETH_IPV6 if v == 6 else ETH_IPV4, vlans=vids, outer_tpid=tpid)


def w_mpls(*labels):
    return lambda pkt, v: eth(mpls(list(labels), pkt), ETH_MPLS)


def w_mpls_pw(label):
    """Ethernet pseudowire with a control word (RFC 4385)."""
    return lambda pkt, v: eth(mpls([label], b"\0\0\0\0" + plain_eth(pkt, v)), ETH_MPLS)


def outer(pkt, proto, v6=False):
    if v6:
        return eth(ipv6("2001:db8:ff::1", "2001:db8:ff::2", proto, pkt), ETH_IPV6)
    return eth(ipv4("198.51.100.1", "198.51.100.2", proto, pkt), ETH_IPV4)


def w_gre(key=None, seq=None, csum=False, v6=False):
    return lambda pkt, v: outer(gre(pkt, ETH_IPV6 if v == 6 else ETH_IPV4, key=key, seq=seq,
                                    csum_present=csum), 47, v6)


def w_gre_mpls(label):
    return lambda pkt, v: outer(gre(mpls([label], pkt), ETH_MPLS, seq=9, csum_present=True), 47)


def w_gre_teb(key):
    return lambda pkt, v: outer(gre(plain_eth(pkt, v), 0x6558, key=key), 47)


def w_ipip(v6_outer=False):
    return lambda pkt, v: outer(pkt, 41 if v == 6 else 4, v6_outer)


def w_vxlan(vni, port=4789):
    def f(pkt, v):
        inner = vxlan(vni, plain_eth(pkt, v))
        return outer(udp("198.51.100.1", "198.51.100.2", 49152, port, inner), 17)
    return f


def w_frelay_2427(pkt, v):
    return b"\x18\x41\x03" + (b"\x8e" if v == 6 else b"\xcc") + pkt


def w_frelay_cisco(pkt, v):
    return b"\x18\x41" + struct.pack("!H", ETH_IPV6 if v == 6 else ETH_IPV4) + pkt


def w_juniper(pkt, v):
    ext = b"\x01\x02\x00\x2a"  # one TLV: type 1, length 2, value
    return b"MGC\x80" + struct.pack("!H", len(ext)) + ext + plain_eth(pkt, v)


# --------------------------------------------------------------- the captures
def nva(path, nh, wrap=plain_eth, linktype=DLT_EN10MB, ipkw=None):
    w = Writer(path, linktype=linktype)
    nva_session(w, nexthop=nh, wrap=wrap, ipkw=ipkw)
    w.close()


def default_update(nh):
    return bgp_update(attrs=[origin(0), as_path([(2, [65001])]), next_hop(nh)], nlri=[("0.0.0.0", 0)])


def up_to_update(w, wrap=plain_eth):
    """The NVA's session up to (not including) its UPDATE."""
    return nva_session(w, wrap=wrap, default_route=False)


def frag4(path, nh, order=(1, 0), mtu_payload=48):
    """The UPDATE's segment in IPv4 fragments, sent in `order`."""
    w = Writer(path)
    c = up_to_update(w)
    seg = tcp(NVA, RS1, 40000, 179, c.seq[0], c.seq[1], PSH | ACK, default_update(nh))
    pieces = [(0, seg[:mtu_payload], True), (mtu_payload, seg[mtu_payload:], False)]
    for i in order:
        off, data, more = pieces[i]
        w.frame(eth(ipv4(NVA, RS1, 6, data, ident=77, df=False, frag_off=off, more=more), ETH_IPV4))
    c.seq[0] += len(default_update(nh))
    c.send(1, KEEPALIVE)
    w.close()


def frag_overlap(path, nh):
    """Two first fragments that overlap with different content (right and
    wrong next hop), the last fragment; then the sender's retransmission,
    unfragmented, with `nh`: the receiver dropped the datagram, so the
    retransmission is what it got."""
    w = Writer(path)
    c = up_to_update(w)
    seq, ack = c.seq[0], c.seq[1]
    segs = [tcp(NVA, RS1, 40000, 179, seq, ack, PSH | ACK, default_update(h)) for h in (RIGHT, WRONG)]
    cut = len(segs[0]) - 8           # the next hop sits in the last 8 bytes' vicinity
    cut -= cut % 8
    for s in segs:
        w.frame(eth(ipv4(NVA, RS1, 6, s[:cut], ident=78, df=False, more=True), ETH_IPV4))
    w.frame(eth(ipv4(NVA, RS1, 6, segs[0][cut:], ident=78, df=False, frag_off=cut), ETH_IPV4))
    c.send(0, default_update(nh))
    c.send(1, KEEPALIVE)
    w.close()


def bogus_len(path, nh):
    """A packet whose IPv4 total length claims 1000 bytes more than the
    uncut frame holds, at the UPDATE's place in the stream; then the real
    UPDATE. The bogus one must not make the real one a 'retransmission'."""
    w = Writer(path)
    c = up_to_update(w)
    junk = KEEPALIVE + b"\0" * 40
    c.packet(0, PSH | ACK, junk, total_len=20 + 20 + len(junk) + 1000)
    c.send(0, default_update(nh))
    c.send(1, KEEPALIVE)
    w.close()


def session6(path, nh, ext=(), frag=False):
    """An IPv6 session NVA -> route server announcing ::/0 with `nh`,
    with IPv6 extension headers on every packet, or the UPDATE in IPv6
    fragments (out of order) behind a hop-by-hop header."""
    w = Writer(path)
    c = Conn(w, NVA6, RS6, ipkw={"ext": list(ext)})
    c.handshake()
    c.send(0, bgp_open(65001, 180, NVA, [cap_mp(2, 1), cap_as4(65001)]))
    c.send(1, bgp_open(65515, 180, "10.0.2.4", [cap_mp(2, 1), cap_as4(65515)]))
    c.send(0, KEEPALIVE)
    c.send(1, KEEPALIVE)
    upd = bgp_update(attrs=[origin(0), as_path([(2, [65001])]), mp_reach(2, 1, [nh], [("::", 0)])])
    if not frag:
        c.send(0, upd)
    else:
        seg = tcp(NVA6, RS6, 40000, 179, c.seq[0], c.seq[1], PSH | ACK, upd)
        half = 48
        for off, data, more in ((half, seg[half:], 0), (0, seg[:half], 1)):
            body = struct.pack("!HI", off | more, 0x1234)
            w.frame(eth(ipv6(NVA6, RS6, 6, data, ext=[(0, b"\0" * 6), (44, body)]), ETH_IPV6))
        c.seq[0] += len(upd)
    c.send(1, KEEPALIVE)
    w.close()


ARGS4 = ["--expect-nexthop", FW, "--expect-aspath", "65001", "--speaker", NVA]
ARGS6 = ["--expect-nexthop", FW6, "--expect-aspath", "65001", "--speaker", NVA6]
HBH = (0, b"\0" * 6)
DST = (60, b"\x01\x04\0\0\0\0")

# name: (writer(path, nexthop), args, wrong next hop, encap label, tshark decode-as)
CASES = {
    "plain": (lambda p, nh: nva(p, nh), ARGS4, WRONG, "", None),
    "vlan": (lambda p, nh: nva(p, nh, w_vlan(14)), ARGS4, WRONG, "vlan 14", None),
    "qinq-88a8": (lambda p, nh: nva(p, nh, w_vlan(100, 14, tpid=ETH_QINQ)), ARGS4, WRONG,
                  "vlan 100 vlan 14", None),
    "qinq-9100": (lambda p, nh: nva(p, nh, w_vlan(100, 14, tpid=0x9100)), ARGS4, WRONG,
                  "vlan 100 vlan 14", None),
    "mpls": (lambda p, nh: nva(p, nh, w_mpls(16, 17)), ARGS4, WRONG, "mpls 16/17", None),
    "mpls-pw-cw": (lambda p, nh: nva(p, nh, w_mpls_pw(18)), ARGS4, WRONG, "mpls 18 pw",
                   "mpls.label==18,pwethcw"),
    "gre-key": (lambda p, nh: nva(p, nh, w_gre(key=5)), ARGS4, WRONG, "gre key 5", None),
    "gre-csum-seq-v6": (lambda p, nh: nva(p, nh, w_gre(seq=1, csum=True, v6=True)), ARGS4, WRONG,
                        "gre", None),
    "gre-mpls": (lambda p, nh: nva(p, nh, w_gre_mpls(30)), ARGS4, WRONG, "gre mpls 30", None),
    "gre-teb": (lambda p, nh: nva(p, nh, w_gre_teb(7)), ARGS4, WRONG, "gre key 7 eth", None),
    "ipip": (lambda p, nh: nva(p, nh, w_ipip()), ARGS4, WRONG, "ipip", None),
    "4in6": (lambda p, nh: nva(p, nh, w_ipip(True)), ARGS4, WRONG, "4in6", None),
    "vxlan": (lambda p, nh: nva(p, nh, w_vxlan(100)), ARGS4, WRONG, "vxlan 100", None),
    "vxlan-gwlb": (lambda p, nh: nva(p, nh, w_vxlan(800, 10800)), ARGS4, WRONG, "vxlan 800",
                   "udp.port==10800,vxlan"),
    "frelay-2427": (lambda p, nh: nva(p, nh, w_frelay_2427, 107), ARGS4, WRONG, "dlci 100", None),
    "frelay-cisco": (lambda p, nh: nva(p, nh, w_frelay_cisco, 107), ARGS4, WRONG, "dlci 100", None),
    "juniper-ether": (lambda p, nh: nva(p, nh, w_juniper, 178), ARGS4, WRONG, "juniper", None),
    "ipv6-ext": (lambda p, nh: session6(p, nh, ext=[HBH, DST]), ARGS6, BAD6, "", None),
    "6in4": (lambda p, nh: session6(p, nh), ARGS6, BAD6, "", None),
    "frag4": (lambda p, nh: frag4(p, nh), ARGS4, WRONG, "", None),
    "frag4-in-order": (lambda p, nh: frag4(p, nh, order=(0, 1)), ARGS4, WRONG, "", None),
    "frag6": (lambda p, nh: session6(p, nh, frag=True), ARGS6, BAD6, "", None),
    "frag-overlap": (lambda p, nh: frag_overlap(p, nh), ARGS4, WRONG, "", None),
    "bogus-ip-length": (lambda p, nh: bogus_len(p, nh), ARGS4, WRONG, "", None),
}


def fix_6in4():
    """6in4 is session6 wrapped: rebuild with the IPv4 outer header."""
    def writer(p, nh):
        w = Writer(p)
        c = Conn(w, NVA6, RS6, wrap=w_ipip())
        c.handshake()
        c.send(0, bgp_open(65001, 180, NVA, [cap_mp(2, 1), cap_as4(65001)]))
        c.send(1, bgp_open(65515, 180, "10.0.2.4", [cap_mp(2, 1), cap_as4(65515)]))
        c.send(0, KEEPALIVE)
        c.send(1, KEEPALIVE)
        c.send(0, bgp_update(attrs=[origin(0), as_path([(2, [65001])]),
                                    mp_reach(2, 1, [nh], [("::", 0)])]))
        c.send(1, KEEPALIVE)
        w.close()
    CASES["6in4"] = (writer, ARGS6, BAD6, "6in4", None)


fix_6in4()


# Where tshark is no oracle, on purpose: it keeps one copy of overlapping
# fragments (the receiver drops the datagram); it decodes the packet with
# the bogus IP length and then takes the real UPDATE for a retransmission.
NOT_ORACLE = ("frag-overlap", "bogus-ip-length")


# ---------------------------------------------------------------- the checks
def bgpcap_counts(bgpcap, path):
    out = subprocess.run([bgpcap, "-r", path, "--json"], capture_output=True, text=True).stdout
    cnt = collections.Counter()
    for line in out.splitlines():
        o = json.loads(line)
        if o.get("type") in ("OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH"):
            cnt[o["type"]] += 1
    return cnt


TYPES = {"1": "OPEN", "2": "UPDATE", "3": "NOTIFICATION", "4": "KEEPALIVE", "5": "ROUTE-REFRESH"}


def tshark_counts(path, decode_as=None):
    cmd = ["tshark", "-n", "-r", path, "-o", "ip.defragment:TRUE", "-T", "fields", "-e", "bgp.type"]
    if decode_as:
        cmd[1:1] = ["-d", decode_as]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    cnt = collections.Counter()
    for line in out.splitlines():
        for t in line.split(","):
            if t in TYPES:
                cnt[TYPES[t]] += 1
    return cnt


# VLAN-tagged, Juniper Ethernet, PPP with MPLS, lone first fragments
PEER_FILES = ("bgp-evpn.pcap", "bgp-encap.pcap", "bgp-aigp.pcap", "lspping-fec-ldp.pcap",
              "bgp_pmsi_tunnel-oobr.pcap", "bgp-bgp_capabilities_print-oobr-1.pcap",
              "bgp-bgp_capabilities_print-oobr-2.pcap")


def main():
    bgpcap, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    have_tshark = shutil.which("tshark") is not None
    fails = passes = 0

    def check(ok, what):
        nonlocal fails, passes
        if ok:
            passes += 1
        else:
            fails += 1
            print("FAIL: " + what)

    for name, (writer, args, wrong, label, decode_as) in CASES.items():
        right = args[1]
        for nh, want in ((right, 0), (wrong, 1)):
            path = os.path.join(work, "%s-%s.pcap" % (name, "right" if want == 0 else "wrong"))
            writer(path, nh)
            r = subprocess.run([bgpcap, "-r", path, "-q"] + args, capture_output=True, text=True)
            check(r.returncode == want, "%s: next hop %s gave exit %d, want %d\n%s%s" % (
                name, nh, r.returncode, want, r.stdout, r.stderr))
            if want == 1:
                check("next hop %s, expected %s" % (nh, right) in r.stdout,
                      "%s: the violation does not name next hop %s:\n%s" % (name, nh, r.stdout))
            if want == 0 and have_tshark and name not in NOT_ORACLE:
                a, b = bgpcap_counts(bgpcap, path), tshark_counts(path, decode_as)
                check(a == b, "%s: bgpcap decodes %s, tshark %s" % (name, dict(a), dict(b)))
            if want == 0 and label:
                # -vv says how the flow arrived (a NEW line), --stats too
                out = subprocess.run([bgpcap, "-r", path, "--json", "-vv", "--stats"],
                                     capture_output=True, text=True).stdout
                objs = [json.loads(ln) for ln in out.splitlines()]
                new = {o.get("encap") for o in objs if o.get("event") == "NEW"}
                st = {o.get("encap") for o in objs if o.get("type") == "flow_stats"}
                check(new == {label} and st == {label},
                      "%s: encap %s / %s, want %r" % (name, new, st, label))
    # tshark on the peer captures this work made readable
    peer = os.environ.get("PEER", "")
    if have_tshark and os.path.isdir(os.path.join(peer, "tcpdump")):
        for f in PEER_FILES:
            path = os.path.join(peer, "tcpdump", f)
            a, b = bgpcap_counts(bgpcap, path), tshark_counts(path)
            check(a == b and sum(a.values()) > 0,
                  "peer %s: bgpcap decodes %s, tshark %s" % (f, dict(a), dict(b)))
    # the notes that must accompany the odd cases
    r = subprocess.run([bgpcap, "-r", os.path.join(work, "frag-overlap-right.pcap")],
                       capture_output=True, text=True)
    check("overlaps another with different extent or content" in r.stdout,
          "frag-overlap: no overlap note:\n" + r.stdout)
    r = subprocess.run([bgpcap, "-r", os.path.join(work, "bogus-ip-length-right.pcap")],
                       capture_output=True, text=True)
    check("bogus header, packet ignored" in r.stdout, "bogus-ip-length: no note:\n" + r.stdout)
    print("%d passed, %d failed" % (passes, fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
