#!/usr/bin/env python3
"""Write hostile-but-valid captures for tests/limits.sh (pcap, Ethernet/IPv4/TCP).

limits_gen.py conns N FILE     N concurrent connections: each one SYN and a
                               partial BGP message (header says 100 bytes,
                               40 are sent), never closed.
limits_gen.py hole MB FILE     one connection: the first 4095 bytes of a
                               4096-byte UPDATE, a one-byte hole (never sent),
                               then MB megabytes of KEEPALIVEs after it.
limits_gen.py ooo N FILE       one connection, N segments arriving in reverse
                               order in windows of 200 (more than any
                               out-of-order queue holds), forever out of order.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import MARKER, KEEPALIVE, SYN, ACK, PSH, csum  # noqa: E402


class Writer:
    """A lean pcap writer: one Ethernet/IPv4/TCP segment a call, no TCP
    checksum, for the hundreds of thousands of segments these captures
    take (pcapgen's Conn builds every layer through its general helpers)."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        self.t = 1700000000.0

    def seg(self, src, dst, sport, dport, seq, ack, flags, payload=b""):
        tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack, 5 << 4, flags,
                          65535, 0, 0)
        tot = 20 + len(tcp) + len(payload)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, tot, 0, 0x4000, 64, 6, 0, src, dst)
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        eth = b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + b"\x08\x00"
        frame = eth + ip + tcp + payload
        self.t += 0.0001
        sec = int(self.t)
        self.f.write(struct.pack("<IIII", sec, int((self.t - sec) * 1e6), len(frame), len(frame)))
        self.f.write(frame)

    def close(self):
        self.f.close()


def conns(n, path):
    w = Writer(path)
    dst = bytes([10, 255, 0, 1])
    partial = MARKER + struct.pack(">HB", 100, 2) + bytes(21)   # 40 of 100 bytes
    for i in range(n):
        src = bytes([10, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF])
        sport = 1024 + (i % 60000)
        w.seg(src, dst, sport, 179, 1000, 0, SYN)
        w.seg(src, dst, sport, 179, 1001, 1, ACK | PSH, partial)
    w.close()


def hole(mb, path):
    w = Writer(path)
    a, b = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    w.seg(a, b, 40000, 179, 999, 0, SYN)
    w.seg(b, a, 179, 40000, 4999, 1000, SYN | ACK)
    w.seg(a, b, 40000, 179, 1000, 5000, ACK)
    msg = MARKER + struct.pack(">HBHH", 4096, 2, 0, 4096 - 23) + bytes(4096 - 23)
    seq = 1000
    for off in range(0, 4095, 1400):          # everything but the last byte
        chunk = msg[off:min(off + 1400, 4095)]
        w.seg(a, b, 40000, 179, seq + off, 5000, ACK, chunk)
    seq += 4096                               # byte 4095 is never sent
    data = KEEPALIVE * (1400 // 19)
    total = mb * 1024 * 1024
    sent = 0
    segs = 0
    while sent < total:
        w.seg(a, b, 40000, 179, seq + sent, 5000, ACK | PSH, data)
        sent += len(data)
        segs += 1
    w.close()
    # what a correct decoder must report: every KEEPALIVE after the hole
    with open(path + ".expect", "w") as f:
        f.write("messages=%d\n" % (segs * (len(data) // len(KEEPALIVE))))


def ooo(n, path):
    w = Writer(path)
    a, b = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    w.seg(a, b, 40001, 179, 999, 0, SYN)
    w.seg(b, a, 179, 40001, 4999, 1000, SYN | ACK)
    w.seg(a, b, 40001, 179, 1000, 5000, ACK)
    data = KEEPALIVE * 50                     # 950 bytes, whole messages
    win = 200
    seq = 1000
    done = 0
    while done < n:
        k = min(win, n - done)
        for j in reversed(range(k)):
            w.seg(a, b, 40001, 179, seq + j * len(data), 5000, ACK, data)
        seq += k * len(data)
        done += k
    w.close()


if __name__ == "__main__":
    kind, num, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"conns": conns, "hole": hole, "ooo": ooo}[kind](num, out)
