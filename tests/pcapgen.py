#!/usr/bin/env python3
"""pcapgen: build crafted captures for the tests, byte by byte.

A small library, no dependencies beyond the standard library. Everything is
written from the RFCs' field layouts so that a test can state exactly what is
on the wire and what verdict bgpcap must give for it.

    from pcapgen import *
    w = Writer("x.pcap")                      # pcap, Ethernet, microseconds
    c = Conn(w, "10.0.1.6", "10.0.2.4")       # a TCP connection a -> b:179
    c.handshake()
    c.send(0, bgp_open(65001, 90, "10.0.1.6", caps=[cap_mp(1, 1), cap_as4(65001)]))
    c.send(1, bgp_open(65515, 90, "10.0.2.4", caps=[cap_mp(1, 1), cap_as4(65515)]))
    c.send(0, KEEPALIVE); c.send(1, KEEPALIVE)
    c.send(0, bgp_update(attrs=[origin(0), as_path([(2, [65001])]), next_hop("10.0.1.4")],
                         nlri=[("0.0.0.0", 0)]))
    w.close()

Encapsulation: Conn(..., wrap=f) where f(ip_packet, version) -> link-layer
frame; helpers build Ethernet with VLAN/QinQ tags, MPLS label stacks, GRE,
VXLAN, IP-in-IP and IPv6 extension headers (see eth(), mpls(), gre(), ...).
"""
import ipaddress
import struct

MARKER = b"\xff" * 16
DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL, DLT_NULL = 1, 101, 113, 0
ETH_IPV4, ETH_IPV6, ETH_VLAN, ETH_QINQ, ETH_MPLS = 0x0800, 0x86DD, 0x8100, 0x88A8, 0x8847
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


def ip_bytes(a):
    return ipaddress.ip_address(a).packed


def csum(b):
    if len(b) & 1:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


# ------------------------------------------------------------------ pcap file
class Writer:
    """A pcap file (libpcap format, microsecond timestamps)."""

    def __init__(self, path, linktype=DLT_EN10MB, snaplen=262144, t0=1700000000.0):
        self.f = open(path, "wb")
        self.snaplen = snaplen
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype))
        self.t = t0

    def frame(self, data, ts=None, caplen=None, step=0.0001):
        """Write one record; ts absolute (seconds) or previous + step; caplen cuts."""
        self.t = ts if ts is not None else self.t + step
        cap = data[: caplen if caplen is not None else self.snaplen]
        sec = int(self.t)
        usec = int(round((self.t - sec) * 1e6))
        if usec >= 1000000:
            sec, usec = sec + 1, usec - 1000000
        self.f.write(struct.pack("<IIII", sec, usec, len(cap), len(data)))
        self.f.write(cap)

    def close(self):
        self.f.close()


class PcapngWriter:
    """A pcapng file, little-endian, with several interfaces that may differ in
    link type and snapshot length (what libpcap refuses to read). frame()
    writes an Enhanced Packet Block on self.iface (set it between frames)."""

    def __init__(self, path, ifaces=((DLT_EN10MB, 262144),), t0=1700000000.0):
        self.f = open(path, "wb")
        self.ifaces = list(ifaces)
        self.iface = 0
        self.t = t0
        self._block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
        for lt, snap in self.ifaces:
            self._block(1, struct.pack("<HHI", lt, 0, snap))

    def _block(self, btype, body):
        body += b"\0" * (-len(body) % 4)
        n = len(body) + 12
        self.f.write(struct.pack("<II", btype, n) + body + struct.pack("<I", n))

    def add_iface(self, linktype, snaplen):
        """An Interface Description Block after packets (libpcap gives up there
        when the link type differs from the first one's). Returns its id."""
        self.ifaces.append((linktype, snaplen))
        self._block(1, struct.pack("<HHI", linktype, 0, snaplen))
        return len(self.ifaces) - 1

    def frame(self, data, ts=None, caplen=None, step=0.0001):
        self.t = ts if ts is not None else self.t + step
        snap = self.ifaces[self.iface][1]
        cap = data[: min(caplen if caplen is not None else snap, snap)]
        units = int(round(self.t * 1e6))
        self._block(6, struct.pack("<IIIII", self.iface, units >> 32, units & 0xFFFFFFFF,
                                   len(cap), len(data)) + cap)

    def close(self):
        self.f.close()


def sll(payload, ethertype):
    """Linux cooked capture (DLT_LINUX_SLL): outgoing, Ethernet, 6-byte address."""
    return struct.pack(">HHH8sH", 4, 1, 6, b"\x02\0\0\0\0\x01\0\0", ethertype) + payload


# ------------------------------------------------------------- link and tunnels
def eth(payload, ethertype, vlans=(), src=b"\x02\0\0\0\0\x01", dst=b"\x02\0\0\0\0\x02", outer_tpid=ETH_VLAN):
    """Ethernet II; vlans = outermost first; the outermost tag uses outer_tpid."""
    hdr = dst + src
    for i, vid in enumerate(vlans):
        tpid = outer_tpid if i == 0 else ETH_VLAN
        hdr += struct.pack("!HH", tpid, vid & 0xFFF)
    return hdr + struct.pack("!H", ethertype) + payload


def mpls(labels, payload, ttl=64):
    """An MPLS label stack (outermost first), bottom-of-stack set on the last."""
    out = b""
    for i, lab in enumerate(labels):
        bos = 1 if i == len(labels) - 1 else 0
        out += struct.pack("!I", (lab << 12) | (bos << 8) | ttl)
    return out + payload


def gre(payload, proto, key=None, seq=None, csum_present=False):
    """GRE (RFC 2784/2890) header in front of payload."""
    flags = (0x8000 if csum_present else 0) | (0x2000 if key is not None else 0) | (0x1000 if seq is not None else 0)
    h = struct.pack("!HH", flags, proto)
    if csum_present:
        h += b"\0\0\0\0"
    if key is not None:
        h += struct.pack("!I", key)
    if seq is not None:
        h += struct.pack("!I", seq)
    return h + payload


def udp(src, dst, sport, dport, payload, version=4):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def vxlan(vni, inner_frame):
    return struct.pack("!II", 0x08000000, vni << 8) + inner_frame


def ipv4(src, dst, proto, payload, ttl=64, ident=0, df=True, frag_off=0, more=False, total_len=None, options=b""):
    ihl = 5 + len(options) // 4
    flags = (0x4000 if df else 0) | (0x2000 if more else 0) | ((frag_off // 8) & 0x1FFF)
    tot = total_len if total_len is not None else ihl * 4 + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tot, ident, flags, ttl, proto, 0,
                    ip_bytes(src), ip_bytes(dst)) + options
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def ipv6(src, dst, nh, payload, hlim=64, ext=()):
    """IPv6; ext = [(type, body_bytes)] chained in order before nh (body padded to 8n-2)."""
    chain = b""
    types = [t for t, _ in ext] + [nh]
    for i, (t, body) in enumerate(ext):
        nxt = types[i + 1]
        if t == 44:  # fragment header: body is the 6 bytes after next header + reserved
            chain += struct.pack("!BB", nxt, 0) + body
            continue
        pad = (-(len(body) + 2)) % 8
        body = body + b"\x01\x00" * 0 + bytes(pad)
        chain += struct.pack("!BB", nxt, (len(body) + 2) // 8 - 1) + body
    first = types[0]
    return struct.pack("!IHBB16s16s", 0x60000000, len(chain) + len(payload), first, hlim,
                       ip_bytes(src), ip_bytes(dst)) + chain + payload


def tcp(src, dst, sport, dport, seq, ack, flags, payload=b"", window=65535, options=b""):
    off = (20 + len(options)) // 4
    h = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags,
                    window, 0, 0) + options
    v6 = ":" in src
    if v6:
        pseudo = ip_bytes(src) + ip_bytes(dst) + struct.pack("!IxxxB", len(h) + len(payload), 6)
    else:
        pseudo = ip_bytes(src) + ip_bytes(dst) + struct.pack("!xBH", 6, len(h) + len(payload))
    c = csum(pseudo + h + payload)
    return h[:16] + struct.pack("!H", c) + h[18:] + payload


def ip_packet(src, dst, proto, payload, **kw):
    if ":" in src:
        return ipv6(src, dst, proto, payload, **{k: v for k, v in kw.items() if k in ("hlim", "ext")})
    return ipv4(src, dst, proto, payload, **{k: v for k, v in kw.items() if k not in ("hlim", "ext")})


def plain_eth(pkt, version):
    return eth(pkt, ETH_IPV6 if version == 6 else ETH_IPV4)


# --------------------------------------------------------------- TCP sessions
class Conn:
    """A TCP connection between a (side 0, ephemeral port) and b (side 1, port 179).

    wrap(ip_packet, version) -> frame turns the IP packet into the link-layer frame
    (default: plain Ethernet). ipkw are passed to ipv4()/ipv6() for every packet."""

    def __init__(self, w, a, b, aport=40000, bport=179, isn=(1000, 5000), wrap=plain_eth, ipkw=None):
        self.w, self.addr, self.port = w, (a, b), (aport, bport)
        self.seq = list(isn)
        self.wrap = wrap
        self.ipkw = ipkw or {}
        self.version = 6 if ":" in a else 4

    def packet(self, side, flags, payload=b"", seq=None, ack=None, ts=None, caplen=None, **ipkw):
        s, d = self.addr[side], self.addr[1 - side]
        sp, dp = self.port[side], self.port[1 - side]
        sq = self.seq[side] if seq is None else seq
        ak = self.seq[1 - side] if ack is None else ack
        seg = tcp(s, d, sp, dp, sq, ak, flags | (ACK if ack is not False and flags != SYN else 0), payload)
        kw = dict(self.ipkw)
        kw.update(ipkw)
        pkt = ip_packet(s, d, 6, seg, **kw)
        self.w.frame(self.wrap(pkt, self.version), ts=ts, caplen=caplen)
        return pkt

    def handshake(self):
        self.packet(0, SYN, seq=self.seq[0], ack=0)
        self.seq[0] += 1
        self.packet(1, SYN | ACK, seq=self.seq[1])
        self.seq[1] += 1
        self.packet(0, ACK)

    def send(self, side, data, mss=1448, ts=None):
        """Send data in order in segments of at most mss bytes; returns (seq, len) list."""
        out = []
        for i in range(0, len(data), mss) or [0]:
            chunk = data[i:i + mss]
            self.packet(side, PSH | ACK, chunk, ts=ts if i == 0 else None)
            out.append((self.seq[side], len(chunk)))
            self.seq[side] += len(chunk)
        return out

    def fin(self, side):
        self.packet(side, FIN | ACK)
        self.seq[side] += 1

    def rst(self, side, seq=None):
        self.packet(side, RST | ACK, seq=seq)


# ------------------------------------------------------------------ BGP messages
def bgp_msg(mtype, body):
    return MARKER + struct.pack("!HB", 19 + len(body), mtype) + body


KEEPALIVE = bgp_msg(4, b"")


def cap(code, value=b""):
    return struct.pack("!BB", code, len(value)) + value


def cap_mp(afi, safi):
    return cap(1, struct.pack("!HBB", afi, 0, safi))


def cap_as4(asn):
    return cap(65, struct.pack("!I", asn))


def cap_addpath(entries):
    """entries: [(afi, safi, send_receive)] with 1 receive, 2 send, 3 both."""
    return cap(69, b"".join(struct.pack("!HBB", a, s, sr) for a, s, sr in entries))


def cap_rr():
    return cap(2)


def bgp_open(asn, hold, bgp_id, caps=(), version=4):
    my_as = asn if asn < 65536 else 23456
    params = b"".join(struct.pack("!BB", 2, len(c)) + c for c in caps)
    return bgp_msg(1, struct.pack("!BHH4sB", version, my_as, hold, ip_bytes(bgp_id), len(params)) + params)


def attr(code, value, flags=None):
    if flags is None:
        flags = 0x40 if code in (1, 2, 3, 5, 6) else 0x80
    if len(value) > 255:
        flags |= 0x10
        return struct.pack("!BBH", flags, code, len(value)) + value
    return struct.pack("!BBB", flags, code, len(value)) + value


def origin(o=0):
    return attr(1, bytes([o]))


def as_path(segments, as4=True):
    """segments: [(type, [asn, ...])], type 1 AS_SET, 2 AS_SEQUENCE."""
    fmt = "!I" if as4 else "!H"
    v = b"".join(struct.pack("!BB", t, len(a)) + b"".join(struct.pack(fmt, x) for x in a) for t, a in segments)
    return attr(2, v)


def next_hop(a):
    return attr(3, ip_bytes(a))


def med(v):
    return attr(4, struct.pack("!I", v))


def prefix(p, plen, path_id=None):
    b = ip_bytes(p)[: (plen + 7) // 8]
    return (struct.pack("!I", path_id) if path_id is not None else b"") + bytes([plen]) + b


def nlri_list(items):
    """items: [(addr, len)] or [(addr, len, path_id)]."""
    return b"".join(prefix(*it) for it in items)


def mp_reach(afi, safi, nexthops, items):
    nh = b"".join(ip_bytes(a) for a in nexthops)
    return attr(14, struct.pack("!HBB", afi, safi, len(nh)) + nh + b"\0" + nlri_list(items))


def mp_unreach(afi, safi, items):
    return attr(15, struct.pack("!HB", afi, safi) + nlri_list(items))


def bgp_update(withdrawn=(), attrs=(), nlri=()):
    w = nlri_list(withdrawn)
    a = b"".join(attrs)
    return bgp_msg(2, struct.pack("!H", len(w)) + w + struct.pack("!H", len(a)) + a + nlri_list(nlri))


def bgp_notification(code, sub, data=b""):
    return bgp_msg(3, struct.pack("!BB", code, sub) + data)


# --------------------------------------------------------- the NVA's sessions
NVA, RS1, RS2, FW = "10.0.1.6", "10.0.2.4", "10.0.2.5", "10.0.1.4"


def established(w, a, b, opens, keepalives=1, **connkw):
    """A BGP session a (side 0) <-> b (side 1) brought up: the TCP handshake,
    opens[0] from a, opens[1] from b, then `keepalives` KEEPALIVEs each way.
    connkw go to Conn (aport, bport, wrap, ipkw, ...)."""
    c = Conn(w, a, b, **connkw)
    c.handshake()
    c.send(0, opens[0])
    c.send(1, opens[1])
    for _ in range(keepalives):
        c.send(0, KEEPALIVE)
        c.send(1, KEEPALIVE)
    return c


def nva_session(w, rs=RS1, nexthop=FW, path=(65001,), wrap=plain_eth, ipkw=None, aport=40000,
                default_route=True, keepalives=1):
    """One eBGP session NVA (AS 65001) -> route server (AS 65515), up, with 0.0.0.0/0 sent."""
    c = established(w, NVA, rs, (bgp_open(65001, 180, NVA, [cap_mp(1, 1), cap_rr(), cap_as4(65001)]),
                                 bgp_open(65515, 180, rs, [cap_mp(1, 1), cap_rr(), cap_as4(65515)])),
                    keepalives=keepalives, aport=aport, wrap=wrap, ipkw=ipkw)
    if default_route:
        c.send(0, bgp_update(attrs=[origin(0), as_path([(2, list(path))]), next_hop(nexthop)],
                             nlri=[("0.0.0.0", 0)]))
    return c


NVA_ARGS = ["--expect-nexthop", FW, "--expect-aspath", "65001", "--speaker", NVA]


# ------------------------------------------------------------------ BMP (RFC 7854)
BMP_RM, BMP_STATS, BMP_PEER_DOWN, BMP_PEER_UP, BMP_INIT, BMP_TERM, BMP_MIRROR = range(7)
BMP_V, BMP_L, BMP_A, BMP_O = 0x80, 0x40, 0x20, 0x10
COLLECTOR = "10.0.9.9"


def bmp_msg(mtype, body, version=3, length=None):
    """A BMP message: version, 32-bit length (default: the real one), type."""
    n = 6 + len(body) if length is None else length
    return struct.pack("!BIB", version, n, mtype) + body


def bmp_peer(addr, asn, bgp_id, ptype=0, flags=0, rd=b"\0" * 8, ts=(1700000000, 0)):
    """The 42-byte per-peer header; the V flag follows the address family."""
    if ":" in addr:
        flags |= BMP_V
        a = ip_bytes(addr)
    else:
        a = b"\0" * 12 + ip_bytes(addr)
    return struct.pack("!BB", ptype, flags) + rd + a + struct.pack("!I", asn) + \
        ip_bytes(bgp_id) + struct.pack("!II", *ts)


def bmp_tlv(t, value):
    return struct.pack("!HH", t, len(value)) + value


def bmp_init(sysname="nva", sysdescr="FRRouting"):
    return bmp_msg(BMP_INIT, bmp_tlv(1, sysdescr.encode()) + bmp_tlv(2, sysname.encode()))


def bmp_term(reason=0):
    return bmp_msg(BMP_TERM, bmp_tlv(1, struct.pack("!H", reason)))


def bmp_route_monitoring(peer, update):
    return bmp_msg(BMP_RM, peer + update)


def bmp_peer_up(peer, local, lport, rport, sent_open, rcvd_open, tlvs=b""):
    la = ip_bytes(local) if ":" in local else b"\0" * 12 + ip_bytes(local)
    return bmp_msg(BMP_PEER_UP, peer + la + struct.pack("!HH", lport, rport) + sent_open +
                   rcvd_open + tlvs)


def bmp_peer_down(peer, reason, data=b""):
    return bmp_msg(BMP_PEER_DOWN, peer + struct.pack("!B", reason) + data)


def bmp_stats(peer, stats):
    """stats: [(type, value)]: 4-byte counters for 0-6 and 11-13, 8-byte gauges else."""
    body = b"".join(bmp_tlv(t, struct.pack("!I" if t <= 6 or 11 <= t <= 13 else "!Q", v))
                    for t, v in stats)
    return bmp_msg(BMP_STATS, peer + struct.pack("!I", len(stats)) + body)


def nva_bmp_feed(nexthop=FW, rs=RS1, flags=0, path=(65001,), extra=()):
    """The BMP messages a route server (rs, AS 65515) sends about its peer the NVA:
    Initiation, Peer Up with both OPENs, the NVA's default route as received
    (pre-policy Adj-RIB-In unless flags say otherwise), statistics, then extra."""
    peer = bmp_peer(NVA, 65001, NVA, flags=flags)
    caps_nva = [cap_mp(1, 1), cap_rr(), cap_as4(65001)]
    caps_rs = [cap_mp(1, 1), cap_rr(), cap_as4(65515)]
    msgs = [bmp_init("rs1"),
            bmp_peer_up(bmp_peer(NVA, 65001, NVA), rs, 179, 40000,
                        bgp_open(65515, 180, rs, caps_rs), bgp_open(65001, 180, NVA, caps_nva)),
            bmp_route_monitoring(peer, bgp_update(
                attrs=[origin(0), as_path([(2, list(path))]), next_hop(nexthop)],
                nlri=[("0.0.0.0", 0)])),
            bmp_stats(peer, [(0, 0), (7, 1)])]
    return msgs + list(extra)


def bmp_conn(w, router=RS1, collector=COLLECTOR, port=1790):
    """The monitored router's BMP connection to the collector, handshake done."""
    c = Conn(w, router, collector, aport=45000, bport=port)
    c.handshake()
    return c
