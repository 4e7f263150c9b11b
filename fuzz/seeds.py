#!/usr/bin/env python3
"""Seed corpora for the libFuzzer harnesses.

seeds.py OUTDIR FILE...   writes OUTDIR/corpus-msg, corpus-stream, corpus-pcap,
corpus-mrt, corpus-pcapng.

BGP messages are found by scanning each file's bytes for the 16-byte 0xff
marker and cutting by the length field (messages split across packets are
simply missed: this is a seed, not a decoder). Capture files up to 256 KiB
become pcap seeds as they are; the messages of each file, concatenated,
become byte-stream seeds in fuzz_stream's operation format. pcapng files
become fuzz_pcapng seeds, with crafted ones libpcap refuses (interfaces of
different link types and snapshot lengths: tests/pcapgen.py). MRT files
(plain or gzip) become fuzz_mrt seeds: per record type and subtype a few
records (TABLE_DUMP_V2 RIBs after their PEER_INDEX_TABLE), and each file's
first records, behind fuzz_mrt's selector byte (plain, gzip, bzip2, JSON).
"""
import hashlib
import os
import struct
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))

MARKER = b"\xff" * 16
MAX_PCAP_SEED = 128 * 1024


def messages(data):
    out = []
    i = data.find(MARKER)
    while i >= 0 and i + 19 <= len(data):
        # the marker may be longer than 16 x 0xff when preceded by 0xff bytes
        ln = data[i + 16] << 8 | data[i + 17]
        typ = data[i + 18]
        if 19 <= ln <= 65535 and 1 <= typ <= 5 and i + ln <= len(data):
            out.append(data[i:i + ln])
            i = data.find(MARKER, i + ln)
        else:
            i = data.find(MARKER, i + 1)
    return out


def hex_vectors(data):
    """ExaBGP's decoding vectors are text: a line of hex holding one message."""
    out = []
    for line in data.split(b"\n"):
        line = line.strip()
        if line[:32].upper() == b"F" * 32:
            try:
                out.append(bytes.fromhex(line.decode()))
            except ValueError:
                pass
    return out


def update(*attrs, nlri=b"\x08\x0a"):
    """An UPDATE with ORIGIN, AS_PATH (AS 65001), NEXT_HOP and the attributes given."""
    base = bytes.fromhex("40010100 400204 0201fde9 400304c0000201".replace(" ", ""))
    pa = base + b"".join(attrs)
    body = b"\x00\x00" + len(pa).to_bytes(2, "big") + pa + nlri
    return MARKER + (19 + len(body)).to_bytes(2, "big") + b"\x02" + body


def attr(flags, code, hexval):
    v = bytes.fromhex(hexval.replace(" ", ""))
    if flags & 0x10:
        return bytes([flags, code]) + len(v).to_bytes(2, "big") + v
    return bytes([flags, code, len(v)]) + v


# The structured attributes (tests/test_bgp_pattr.c has the same vectors):
# tunnel encapsulation with SR Policy and VXLAN sub-TLVs, Prefix-SID with
# label index, SRGB and an SRv6 service, PMSI, AIGP, BGPsec_PATH, ATTR_SET.
ATTR_SEEDS = [
    update(attr(0xc0, 23, "000f 0024 0c06 0000 00000064 0d06 1000 05dc0100 800011 00 "
                "0906 0000 00000001 0106 0000 03e81100")),
    update(attr(0xc0, 23, "0008 0028 010c 80 000064 001122334455 0000 0408 030b0000 "
                "0000000a 0802 12b5 060a 00000000 0001 c0000201")),
    update(attr(0xc0, 40, "01 0007 00 0000 00000064 03 0008 0000 003e80 001f40")),
    update(attr(0xc0, 40, "05 0022 00 01 001e 00 fc000000000000010000000000000000 00 0013 00 "
                "01 0006 28 18 10 00 10 40")),
    update(attr(0xc0, 22, "00 06 000641 c0000201")),
    update(attr(0x80, 26, "01 000b 0000000000000064")),
    update(attr(0x90, 33, "0008 01 00 0000fbf0 001b 01 ab4d910f55cae71a215ef3cafe3acc45b5eec154 "
                "0002 3046")),
    update(attr(0xc0, 128, "0000fde9 400101 00 400204 020115b3 40050400 00002c 80090416050505")),
    # BGP-LS attribute (29): link TLVs, node name, SR capabilities, an unknown TLV
    update(attr(0x80, 29, "0440 0004 00000000 0441 0004 4cee6b28 0444 0004 00000014 "
                "0447 0003 00000a 044b 0007 30 00 0000 049310 0402 0003 72 31 30")),
    update(attr(0x80, 29, "040a 000c 80 00 0003e8 0489 0003 003e80 ffff 0002 abcd")),
    # IPv6 address specific extended communities (25): RT, redirect-ip, unknown
    update(attr(0xc0, 25, "0002 20010db8000000000000000000000001 0007 "
                "000c 2a020b80000000010000000000000001 0000 "
                "0099 20010db8000000000000000000000001 0064")),
    # extended communities named by bgp_fmt.c: OV, source AS, OSPF, L2VPN id
    update(attr(0xc0, 16, "4300000000000001 0009fde800000000 8000000000000100 "
                "8001d503e2b10000 010a0a0000040006 0306000000010501")),
]


def put(d, blob):
    name = hashlib.sha1(blob).hexdigest()
    path = os.path.join(d, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(blob)


# fuzz_stream op codes (see fuzz_stream.c)
OP_SEND, OP_AHEAD, OP_FILL, OP_RETRANS, OP_FIN = 0, 6, 7, 8, 10


def op(kind, d=0, conn=0):
    return bytes([conn << 7 | kind << 1 | d])


def stream_plain(msgs):
    out = bytearray([1])  # handshake first
    for k, m in enumerate(msgs):
        d = k & 1 if len(msgs) > 2 else 0
        for j in range(0, len(m), 256):
            chunk = m[j:j + 256]
            out += op(OP_SEND, d) + bytes([len(chunk) - 1]) + chunk
    out += op(OP_FIN, 0) + op(OP_FIN, 1)
    return bytes(out)


def stream_shuffled(msgs):
    """The same bytes, with holes filled later and some retransmissions."""
    out = bytearray([1])
    blob = b"".join(msgs)
    j = 0
    n = 0
    while j < len(blob):
        n += 1
        if n % 3 == 0 and len(blob) - j > 40:
            a, b = 19, 20
            out += op(OP_AHEAD) + bytes([a - 1, b - 1]) + blob[j:j + a + b]
            out += op(OP_FILL) + b"\x00"
            j += a + b
        elif n % 5 == 0 and j > 10:
            out += op(OP_RETRANS) + bytes([9, 9])
        else:
            chunk = blob[j:j + 100]
            out += op(OP_SEND) + bytes([len(chunk) - 1]) + chunk
            j += len(chunk)
    return bytes(out)


MRT_TYPES = (12, 13, 16, 17)
MRT_SEED = 16384
MRT_READ = 8 << 20


def mrt_records(data):
    """The records of an MRT file from its start, until one does not parse."""
    out, i = [], 0
    while i + 12 <= len(data):
        _, typ, sub, ln = struct.unpack_from(">IHHI", data, i)
        if typ not in MRT_TYPES or i + 12 + ln > len(data):
            break
        out.append((typ, sub, data[i:i + 12 + ln]))
        i += 12 + ln
    return out


def mrt_plain(data):
    if data[:2] == b"\x1f\x8b":
        try:
            return zlib.decompressobj(31).decompress(data, MRT_READ)
        except zlib.error:
            return b""
    return data


def mrt_seeds(d, data):
    recs = mrt_records(mrt_plain(data))
    if not recs:
        return
    pit = next((r for t, s, r in recs if t == 13 and s == 1), b"")
    groups = {}
    for t, s, r in recs:
        groups.setdefault((t, s), []).append(r)
    for (t, s), rs in groups.items():
        blob = pit if t == 13 and s != 1 else b""
        for r in rs[:8]:
            if len(blob) + len(r) > MRT_SEED and blob:
                break
            blob += r
        put(d, b"\x00" + blob)
    head = b""
    for _, _, r in recs:
        if len(head) + len(r) > MRT_SEED and head:
            break
        head += r
    for sel in (0x00, 0x01, 0x02, 0x08, 0x18, 0x20, 0x05):
        put(d, bytes([sel]) + head)


def pcapng_crafted(d):
    """pcapng files libpcap refuses (as tests/pcapng-mixed.sh makes them)."""
    try:
        import pcapgen as g
    except ImportError:
        return
    fd, tmp = tempfile.mkstemp(suffix=".pcapng")
    os.close(fd)
    w = g.PcapngWriter(tmp, ifaces=((g.DLT_EN10MB, 65535), (g.DLT_LINUX_SLL, 262144), (147, 1000)))
    w.iface = 0
    g.nva_session(w, rs=g.RS1, nexthop=g.FW)
    w.iface = 1
    g.nva_session(w, rs=g.RS2, nexthop=g.FW,
                  wrap=lambda pkt, v: g.sll(pkt, g.ETH_IPV6 if v == 6 else g.ETH_IPV4))
    w.iface = 2
    w.frame(b"user link type 0")
    w.close()
    with open(tmp, "rb") as f:
        put(d, f.read())
    os.unlink(tmp)




# NLRI of the families that are not prefixes (dissectors/bgp_nlri.c), as in
# tests/test_bgp_nlri.c: (AFI, SAFI, NLRI hex), each wrapped in an UPDATE
FAMILY_NLRI = [
    (25, 70, "0221000000010000000100000000000000000000000000013002000000000100000000"),
    (25, 70, "02340000fde8000000010000000000000000000000000000300200000000018020010db8"
             "0000000000000000000000010003e8000641"),
    (25, 70, "0119000000010000000101aabbccddeeff123400000000010006510311000000010000000100"
             "00006420c0000201"),
    (25, 70, "05220000fde80000000a000000000000000000000000000a180a0a0a0014141414000000"),
    (25, 70, "06180000000100000001000000000020e000000120c000020102"),
    (25, 70, "08260001252c37768ead000002001600000000030000085d0020efffffff20252c37760000000000"),
    (1, 133, "1301180a00010208c004018901 8b131f90d51f98".replace(" ", "")),
    (1, 133, "0909001000804201c240070c0004000280090c0a0000f70000000000000040"),
    (2, 133, "1201200020010db80268401234 56789a038106".replace(" ", "")),
    (2, 133, "f0040d910001"),
    (1, 134, "0d0000fde9000000fa01181e0000"),
    (25, 134, "1800000064000000640e9208000f06beefcafe1eaf159107d0"),
    (1, 132, "600000fde80002fde80000006400300000fde80002"),
    (25, 65, "00110001c0a8c901007b000500010008029ce1000c0000000100000002c0000201"),
    (1, 5, "010c00000001000000010a000004020c00000001000000010000fde807160000fde80001869f"
           "0000fde8200a630c0220effbffe4"),
    (1, 5, "04100310000000010000000120e00a000004"),
    # IPv6 flowspec with an offset prefix written whole (the drafts' form)
    (2, 133, "16018020 20010db8000000000000000000000001 038106".replace(" ", "")),
    # BGP-LS (tests/test_bgp_ls.c): link, node, prefixes, SRv6 SID, VPN
    (16388, 71, ("0002 0051 03 0000000000000000 0100 0020 0200 0004 00000001 0201 0004 c0a87a7e "
                 "0202 0004 00000000 0203 0004 0a0a0a0a 0101 0020 0200 0004 00000001 0201 0004 "
                 "c0a87a7e 0202 0004 00000000 0203 0004 0a020202").replace(" ", "")),
    (16388, 71, ("0002 0047 02 0000000000000007 0100 000a 0203 0006 000100000001 0101 000a 0203 "
                 "0006 000100000002 0102 0008 00000001 00000002 0103 0004 0a000000 0104 0004 "
                 "0a000001 0107 0002 0002").replace(" ", "")),
    (16388, 71, ("0001 0018 02 0000000000000000 0100 000b 0203 0007 00010000000102 "
                 "0001 0019 03 0000000000000000 0100 000c 0203 0008 0a000001 0a000102")
     .replace(" ", "")),
    (16388, 71, ("0003 0022 03 0000000000000000 0100 0008 0200 0004 0000fde9 0108 0001 01 0109 "
                 "0004 18 0a0000 0004 001e 02 0000000000000000 0100 0008 0200 0004 0000fde9 "
                 "0109 0005 20 20010db8").replace(" ", "")),
    (16388, 71, ("0006 0029 02 0000000000000000 0100 0008 0200 0004 0000fde9 0206 0010 "
                 "fc000000000000010000000000000000").replace(" ", "")),
    (16388, 72, ("0001 0025 0000fde900000001 03 0000000000000000 0100 0010 0200 0004 0000fde9 "
                 "0203 0004 0a000001 0063 000a 0000fde900000001 abcd").replace(" ", "")),
    # SR Policy (SAFI 73): IPv4 and IPv6 endpoints
    (1, 73, "6000000000000000640a000001600000000100 0000c80a000002".replace(" ", "")),
    (2, 73, "c0000000020000012c20010db8000000000000000000000001"),
    (1, 85, "0100010c0000006400000064180a00010100020c00000064000000640a00000101000317000000"
            "640000006420c0a800010000303909200a0000010100041000000064000000643 70a000001003039"
            .replace(" ", "")),
]


def family_updates():
    out = []
    for afi, safi, hx in FAMILY_NLRI:
        nlri = bytes.fromhex(hx)
        nh = bytes([192, 0, 2, 1])
        mp = afi.to_bytes(2, "big") + bytes([safi, len(nh)]) + nh + b"\0" + nlri
        attrs = b"\x40\x01\x01\x00" + b"\x40\x02\x00"
        attrs += (b"\x90\x0e" + len(mp).to_bytes(2, "big") + mp)
        body = b"\0\0" + len(attrs).to_bytes(2, "big") + attrs
        out.append(MARKER + (19 + len(body)).to_bytes(2, "big") + b"\x02" + body)
    return out


def bmp_streams():
    """fuzz_stream seeds with cfg bit 5 (BMP): the crafted feeds of
    tests/bmp_gen.py, through tests/pcapgen.py's BMP builder."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
    import pcapgen as g
    peer = g.bmp_peer(g.NVA, 65001, g.NVA)
    feeds = [g.nva_bmp_feed(), g.nva_bmp_feed(extra=[g.bmp_peer_down(peer, 1, g.bgp_notification(6, 2)),
                                                    g.bmp_term(1)]),
             g.nva_bmp_feed(flags=g.BMP_O | g.BMP_L, extra=[g.bmp_peer_down(peer, 2, b"\0\3")])]
    out = []
    for f in feeds:
        s = bytearray(stream_plain(f))
        s[0] |= 32
        out.append(bytes(s))
    return out


# ---------------------------------------------------------------- BMP
BMP_PORT = 1790
BMP_PCAP_SEED = 64 * 1024


def pcap_records(data):
    """(header bytes, [(record header, packet)]) of a classic pcap file; []
    for anything else (pcapng, MRT). A cut last record ends the list."""
    if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif data[:4] in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return b"", []
    out, i = [], 24
    while i + 16 <= len(data):
        incl = struct.unpack(e + "I", data[i + 8:i + 12])[0]
        if i + 16 + incl > len(data):
            break
        out.append((data[i:i + 16], data[i + 16:i + 16 + incl]))
        i += 16 + incl
    return data[:24], out


def tcp_payload(frame):
    """(sport, dport, payload) of an Ethernet (VLAN) IPv4/IPv6 TCP frame, or None."""
    et, i = struct.unpack("!H", frame[12:14])[0] if len(frame) >= 14 else 0, 14
    while et == 0x8100 and len(frame) >= i + 4:
        et, i = struct.unpack("!H", frame[i + 2:i + 4])[0], i + 4
    if et == 0x0800 and len(frame) >= i + 20 and frame[i + 9] == 6:
        tot = struct.unpack("!H", frame[i + 2:i + 4])[0]
        end, i = min(len(frame), i + tot), i + (frame[i] & 15) * 4
    elif et == 0x86dd and len(frame) >= i + 40 and frame[i + 6] == 6:
        end, i = min(len(frame), i + 40 + struct.unpack("!H", frame[i + 4:i + 6])[0]), i + 40
    else:
        return None
    if end < i + 20:
        return None
    sp, dp = struct.unpack("!HH", frame[i:i + 4])
    return sp, dp, frame[i + (frame[i + 12] >> 4) * 4:end]


def bmp_messages(blob):
    """The BMP messages at the start of a byte stream (version 3, a length
    that fits), up to 16 KB."""
    out, i = [], 0
    while i + 6 <= len(blob) and blob[i] == 3 and i < 16384:
        n = struct.unpack("!I", blob[i + 1:i + 5])[0]
        if n < 6 or i + n > len(blob):
            break
        out.append(blob[i:i + n])
        i += n
    return out


def bmp_capture_seeds(dirs, data):
    """A capture with TCP port 1790: its first packets (up to 64 KB) as a
    fuzz_pcap seed with the BMP selector bit (0x80) in the byte appended,
    in each output mode; the router-to-collector bytes, cut into BMP
    messages, as fuzz_stream seeds with cfg bit 5, in order and shuffled."""
    hdr, recs = pcap_records(data)
    keep, size, stream = [], len(hdr), bytearray()
    for rh, pkt in recs:
        t = tcp_payload(pkt)
        if t is None or BMP_PORT not in t[:2]:
            continue
        if size + len(rh) + len(pkt) <= BMP_PCAP_SEED:
            keep.append(rh + pkt)
            size += len(rh) + len(pkt)
        if t[1] == BMP_PORT and len(stream) < 65536:
            stream += t[2]
    if not keep:
        return
    for sel in (0x80, 0x81, 0x82, 0x87, 0x93):
        put(dirs["pcap"], hdr + b"".join(keep) + bytes([sel]))
    msgs = bmp_messages(bytes(stream))
    if msgs:
        for s in (stream_plain_one(msgs), stream_shuffled(msgs)):
            s = bytearray(s)
            s[0] |= 32
            put(dirs["stream"], bytes(s))


def stream_plain_one(msgs):
    """stream_plain with every message from A (a BMP feed is one-way)."""
    out = bytearray([1])
    for m in msgs:
        for j in range(0, len(m), 256):
            chunk = m[j:j + 256]
            out += op(OP_SEND, 0) + bytes([len(chunk) - 1]) + chunk
    out += op(OP_FIN, 0) + op(OP_FIN, 1)
    return bytes(out)


def main():
    outdir = sys.argv[1]
    dirs = {k: os.path.join(outdir, "corpus-" + k) for k in ("msg", "stream", "pcap", "mrt", "pcapng")}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    seen = set()
    for m in ATTR_SEEDS:
        for c in (0x00, 0x01):
            put(dirs["msg"], bytes([c]) + m)
    for path in sys.argv[2:]:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        is_cap = data[:4] in (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1",
                              b"\xa1\xb2\x3c\x4d", b"\x0a\x0d\x0d\x0a")
        if is_cap and len(data) <= MAX_PCAP_SEED:
            put(dirs["pcap"], data)
        if data[:4] == b"\x0a\x0d\x0d\x0a" and len(data) <= MAX_PCAP_SEED:
            put(dirs["pcapng"], data)
        if not is_cap:
            mrt_seeds(dirs["mrt"], data)
        else:
            bmp_capture_seeds(dirs, data)
        msgs = messages(data) + hex_vectors(data)
        for m in msgs:
            h = hashlib.sha1(m).digest()
            if h in seen:
                continue
            seen.add(h)
            # contexts: 2-octet, 4-octet, 4-octet + ADD-PATH everywhere,
            # 4-octet + ADD-PATH list (IPv4 and IPv6 unicast)
            ctxs = (0x00, 0x01, 0x05, 0x39) if m[18] == 2 else (0x01,)
            for c in ctxs:
                put(dirs["msg"], bytes([c]) + m)
        if msgs:
            small, total = [], 0
            for m in msgs:
                if total + len(m) > 16384:
                    break
                small.append(m)
                total += len(m)
            put(dirs["stream"], stream_plain(small))
            put(dirs["stream"], stream_shuffled(small))
    pcapng_crafted(dirs["pcapng"])
    for m in family_updates():
        put(dirs["msg"], bytes([0x01]) + m)
    for s in bmp_streams():
        put(dirs["stream"], s)
    for k, d in dirs.items():
        print("corpus-%s: %d files" % (k, len(os.listdir(d))))


if __name__ == "__main__":
    main()
