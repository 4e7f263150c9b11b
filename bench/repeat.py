#!/usr/bin/env python3
"""repeat.py IN OUT [N]: write a pcap holding N copies (default 10) of IN, one after the other.

Copy k (k = 0..N-1) is the same packets with the client-side TCP port (the one that is not the
BGP port) shifted by k * STEP, so each copy is a distinct set of TCP connections rather than a
retransmission of the first, and timestamps shifted so they keep increasing (each copy starts
one second after the previous one ended). TCP checksums are updated incrementally (RFC 1624).
Only classic pcap (either byte order, us or ns timestamps) with Ethernet link type; IPv4 and
IPv6 (no extension headers before TCP) over Ethernet, optionally one 802.1Q tag. Other packets
are copied unchanged. Streams the input: memory use does not depend on the file size.
"""
import struct
import sys

BGP_PORT = 179
STEP = 97  # port shift per copy


def csum_adjust(csum, old16, new16):
    # RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')
    s = (~csum & 0xFFFF) + (~old16 & 0xFFFF) + new16
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def new_port(port, k):
    p = 1024 + (port - 1024 + k * STEP) % (65536 - 1024)
    return p if p != BGP_PORT else p + 1


def rewrite(buf, k):
    """Return the packet bytes with the client port of copy k (buf is a bytearray, changed in place)."""
    if k == 0 or len(buf) < 14:
        return buf
    off = 12
    etype = struct.unpack_from("!H", buf, off)[0]
    off += 2
    if etype == 0x8100 and len(buf) >= off + 4:
        etype = struct.unpack_from("!H", buf, off + 2)[0]
        off += 4
    if etype == 0x0800:
        if len(buf) < off + 20:
            return buf
        ihl = (buf[off] & 0x0F) * 4
        proto = buf[off + 9]
        frag = struct.unpack_from("!H", buf, off + 6)[0] & 0x1FFF
        if proto != 6 or frag != 0:
            return buf
        tcp = off + ihl
    elif etype == 0x86DD:
        if len(buf) < off + 40 or buf[off + 6] != 6:
            return buf
        tcp = off + 40
    else:
        return buf
    if len(buf) < tcp + 18:
        return buf
    sport, dport = struct.unpack_from("!HH", buf, tcp)
    csum = struct.unpack_from("!H", buf, tcp + 16)[0]
    if sport != BGP_PORT:
        np = new_port(sport, k)
        csum = csum_adjust(csum, sport, np)
        struct.pack_into("!H", buf, tcp, np)
    if dport != BGP_PORT:
        np = new_port(dport, k)
        csum = csum_adjust(csum, dport, np)
        struct.pack_into("!H", buf, tcp + 2, np)
    struct.pack_into("!H", buf, tcp + 16, csum)
    return buf


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: repeat.py IN OUT [N]")
    src, dst = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) == 4 else 10
    with open(src, "rb") as f:
        ghdr = f.read(24)
    magic = ghdr[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        sys.exit("repeat.py: not a classic pcap file (pcapng is not supported)")
    frac = 1_000_000_000 if magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d") else 1_000_000
    linktype = struct.unpack_from(end + "I", ghdr, 20)[0] & 0x0FFFFFFF
    if linktype != 1:
        sys.exit("repeat.py: link type %d is not Ethernet" % linktype)
    rec = struct.Struct(end + "IIII")

    # first pass: time span of the capture
    first = last = None
    with open(src, "rb") as f:
        f.seek(24)
        while True:
            h = f.read(16)
            if len(h) < 16:
                break
            sec, sub, incl, _ = rec.unpack(h)
            t = sec * frac + sub
            first = t if first is None else first
            last = t
            f.seek(incl, 1)
    if first is None:
        sys.exit("repeat.py: no packets")
    shift = last - first + frac  # one second gap between copies

    with open(dst, "wb") as out:
        out.write(ghdr)
        for k in range(n):
            with open(src, "rb", buffering=1 << 20) as f:
                f.seek(24)
                while True:
                    h = f.read(16)
                    if len(h) < 16:
                        break
                    sec, sub, incl, orig = rec.unpack(h)
                    data = bytearray(f.read(incl))
                    t = sec * frac + sub + k * shift
                    out.write(rec.pack(t // frac, t % frac, len(data), orig))
                    out.write(rewrite(data, k))


if __name__ == "__main__":
    main()
