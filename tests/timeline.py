#!/usr/bin/env python3
"""--timeline FILE.svg, rendered by a real SVG renderer and checked by pixel.

  timeline.py BGPCAP CAPTURES_DIR TMPDIR

Each picture is rendered to PNG with rsvg-convert (librsvg) and decoded here
(zlib and the PNG row filters; no imaging library). The places are computed
from the capture, read by tshark, and the geometry src/timeline.h fixes:
  - happy.pcap: four lanes, each in the Established colour from the moment
    the session came up (the first KEEPALIVE or UPDATE after OPENs both
    ways, as tshark decodes them) to the end, and not before; no red.
  - wrong-nexthop.pcap: red (the violation) in the lanes of the two IPv4
    sessions at the time of the UPDATE with the wrong next hop, and only
    there.
  - as-mismatch.pcap: the session to 10.0.2.5 is never Established (no
    Established colour in its lane) and its NOTIFICATIONs are marked (purple).
  - a crafted session with 4200 OPENs: the event log's bound (4096) is said
    in the picture, and the bar after the first event not kept is hatched,
    not the last state's colour.
  - crafted captures one second and one day long: the axis has 3 to 13 ticks
    1, 2 or 5 x 10^n seconds, minutes or hours apart, the date once; each
    picture renders.
Prints one line per failure; exit 0 when all hold.
"""
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import Conn, Writer, KEEPALIVE, bgp_open, cap_as4, cap_mp  # noqa: E402

BGPCAP, CAPS, TMP = sys.argv[1], sys.argv[2], sys.argv[3]
# src/timeline.h
X0, W, Y0, LANE, BAR_Y, BAR_H = 300, 860, 70, 48, 14, 20
ESTABLISHED = (0x2E, 0x7D, 0x32)
NTF = (0x8E, 0x24, 0xAA)
fails = 0


def fail(msg):
    global fails
    fails += 1
    print("FAIL: " + msg)


# ------------------------------------------------------------------ PNG
def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def png_read(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB/RGBA PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack("!I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack("!IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (0, a, b, (a + b) // 2, paeth(a, b, c))[f]) & 0xFF
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(w)])
        prev = line
    return w, h, rows


def render(cap, svg, extra=()):
    """The picture of cap with only the IPv4 next hop checked (an IPv6 one is never a violation)."""
    p = subprocess.run([BGPCAP, "-q", "-r", cap, "--timeline", svg, "--speaker", "10.0.1.6",
                        "--speaker", "2001:db8:1::6", "--expect-nexthop", "10.0.1.4"] + list(extra),
                       capture_output=True, text=True)
    if p.returncode not in (0, 1, 3) or p.stderr:
        fail(f"{cap}: exit {p.returncode}: {p.stderr.strip()}")
    png = svg[:-4] + ".png"
    r = subprocess.run(["rsvg-convert", "-f", "png", "-o", png, svg], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"rsvg-convert {svg}: {r.stderr.strip()}")
        return None, []
    return png_read(png), lanes(svg)


def lanes(svg):
    """The lane labels in order ("10.0.1.6 - 10.0.2.4")."""
    root = ET.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    out = []
    for g in root.iter(ns + "g"):
        if g.get("class") == "lane":
            out.append(g.findall(ns + "text")[0].text)
    return out


# ------------------------------------------------------------------ the capture, by tshark
def tshark_msgs(cap):
    """[(time, src, dst, [bgp types], [nlri prefixes], [next hops])] per frame with BGP."""
    p = subprocess.run(["tshark", "-n", "-r", cap, "-T", "fields", "-E", "separator=|",
                        "-e", "frame.time_epoch", "-e", "ip.src", "-e", "ipv6.src",
                        "-e", "ip.dst", "-e", "ipv6.dst", "-e", "bgp.type"],
                       capture_output=True, text=True, check=True)
    out = []
    for line in p.stdout.splitlines():
        t, s4, s6, d4, d6, types = line.split("|")
        out.append((float(t), s4 or s6, d4 or d6, [int(x) for x in types.split(",") if x]))
    return out


def established_at(msgs, a, b):
    """When the session a-b came up: the first KEEPALIVE/UPDATE after OPENs both ways and after each side's own OPEN."""
    opened, after = set(), set()
    for t, s, d, types in msgs:
        if {s, d} != {a, b}:
            continue
        for ty in types:
            if ty == 1:
                opened.add(s)
                after.discard(s)
            elif ty in (2, 4) and s in opened:
                after.add(s)
            if len(opened) == 2 and len(after) == 2:
                return t
    return None


def x_of(t, t0, span):
    return X0 + W * (t - t0) / span


def bar_row(i):
    return Y0 + i * LANE + BAR_Y + 1     # above the violation dot, below the marks


def is_red(px):
    return px[0] > 200 and px[1] < 60 and px[2] < 60


def near(px, col, tol=12):
    return all(abs(a - b) <= tol for a, b in zip(px, col))


def check_happy(png, names, msgs, t0, span):
    w, h, rows = png
    if len(names) != 4:
        fail(f"happy: {len(names)} lanes, want 4")
    for i, name in enumerate(names):
        a, b = name.split(" - ")
        if a not in ("10.0.1.6", "2001:db8:1::6"):
            fail(f"happy: lane {i} '{name}': the local end is not first")
        te = established_at(msgs, a, b)
        if te is None:
            fail(f"happy: tshark sees no Established for {name}")
            continue
        xe = x_of(te, t0, span)
        row = rows[bar_row(i)]
        inside = [x for x in range(int(xe) + 3, X0 + W - 2) if not near(row[x], ESTABLISHED)]
        before = [x for x in range(X0 + 1, int(xe) - 2) if near(row[x], ESTABLISHED)]
        if inside or int(xe) + 3 >= X0 + W - 2:
            fail(f"happy: lane {name}: not Established-coloured after x={xe:.1f} at {inside[:5]}")
        if before:
            fail(f"happy: lane {name}: Established-coloured before it came up (x={xe:.1f}): {before[:5]}")
    reds = [(x, y) for y in range(h) for x in range(w) if is_red(rows[y][x])]
    if reds:
        fail(f"happy: red (a violation) at {reds[:3]}")


def check_wrong(png, names, msgs, t0, span):
    w, h, rows = png
    upd = [t for t, s, d, types in msgs if s == "10.0.1.6" and 2 in types]
    for i, name in enumerate(names):
        y0, y1 = Y0 + i * LANE, Y0 + (i + 1) * LANE
        reds = [x for y in range(y0, y1) for x in range(X0, X0 + W + 1) if is_red(rows[y][x])]
        if name.startswith("10.0.1.6 - "):
            want = [x_of(t, t0, span) for t, s, d, types in msgs if s == "10.0.1.6" and 2 in types
                    and d == name.split(" - ")[1]]
            if not reds:
                fail(f"wrong-nexthop: no red in lane {name}")
            elif not want or min(reds) < min(want) - 9 or max(reds) > max(want) + 9:
                fail(f"wrong-nexthop: red in lane {name} at x {min(reds)}..{max(reds)}, "
                     f"the UPDATE is at x {[round(x, 1) for x in want]}")
        elif reds:
            fail(f"wrong-nexthop: red in lane {name} (its next hop is not checked): {reds[:3]}")
    if not upd:
        fail("wrong-nexthop: tshark sees no UPDATE from 10.0.1.6")


def check_mismatch(png, names):
    w, h, rows = png
    for i, name in enumerate(names):
        y0, y1 = Y0 + i * LANE, Y0 + (i + 1) * LANE
        est = any(near(rows[bar_row(i)][x], ESTABLISHED) for x in range(X0, X0 + W))
        purple = any(near(rows[y][x], NTF, 20) for y in range(y0, y1) for x in range(X0 - 8, X0 + W + 8))
        if name == "10.0.1.6 - 10.0.2.5":
            if est:
                fail("as-mismatch: the session to 10.0.2.5 shows Established")
            if not purple:
                fail("as-mismatch: no NOTIFICATION mark in the lane of 10.0.2.5")
        elif not est:
            fail(f"as-mismatch: lane {name} never Established")
    if "10.0.1.6 - 10.0.2.5" not in names:
        fail(f"as-mismatch: no lane 10.0.1.6 - 10.0.2.5 in {names}")


def capture_times(cap):
    p = subprocess.run(["tshark", "-n", "-r", cap, "-T", "fields", "-e", "frame.time_epoch"],
                       capture_output=True, text=True, check=True)
    ts = [float(x) for x in p.stdout.split()]
    return min(ts), max(ts) - min(ts)


# ------------------------------------------------------------------ the axis
def crafted(path, span):
    """A session up at t0, KEEPALIVEs until t0 + span."""
    t0 = 1764547200.0 + 3723.25   # 2025-12-01 01:02:03.25 UTC
    w = Writer(path, t0=t0)
    c = Conn(w, "10.0.1.6", "10.0.2.4")
    c.handshake()
    hold = 65535 if span > 100 else 90
    c.send(0, bgp_open(65001, hold, "10.0.1.6", [cap_mp(1, 1), cap_as4(65001)]))
    c.send(1, bgp_open(65515, hold, "10.0.2.4", [cap_mp(1, 1), cap_as4(65515)]))
    n = 8
    for k in range(1, n + 1):
        c.send(0, KEEPALIVE, ts=t0 + span * k / n)
        c.send(1, KEEPALIVE, ts=t0 + span * k / n + span / 1000)
    w.close()


def check_bound():
    w = Writer(f"{TMP}/many.pcap")
    c = Conn(w, "10.0.1.6", "10.0.2.4")
    c.handshake()
    o = bgp_open(65001, 90, "10.0.1.6", [cap_mp(1, 1), cap_as4(65001)])
    for _ in range(4200):
        c.send(0, o)
    w.close()
    png, names = render(f"{TMP}/many.pcap", f"{TMP}/many.svg")
    if png is None:
        return
    text = open(f"{TMP}/many.svg").read()
    # 4200 OPEN marks and 3 state records (after the SYN, the SYN-ACK and the
    # first OPEN): 4203 events, 4096 kept
    if "107 later events not drawn (limit 4096)" not in text:
        fail("4200 OPENs: the picture does not say that 107 events were not drawn")
    row = png[2][bar_row(0)]
    if near(row[X0 + W - 3], (0x90, 0xCA, 0xF9)) or not near(row[X0 + W // 2], (0x90, 0xCA, 0xF9)):
        fail("4200 OPENs: the bar is not OpenSent up to the bound and hatched after it")


def tick_seconds(label, unit):
    parts = label.split(":")
    if unit == 1:
        return int(parts[0]) * 3600 + int(parts[1]) * 60 + float(parts[2])
    return int(parts[0]) * 3600 + int(parts[1]) * 60


def check_axis(svg, span, unit):
    root = ET.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for g in root.iter(ns + "g") if g.get("class") == "axis"
             for t in g.findall(ns + "text")]
    dates = [t for t in texts if re.fullmatch(r"\d{4}-\d\d-\d\d UTC", t or "")]
    ticks = [t for t in texts if t not in dates]
    if len(dates) != 1:
        fail(f"axis of a {span} s capture: the date {len(dates)} times")
    if not 3 <= len(ticks) <= 13:
        fail(f"axis of a {span} s capture: {len(ticks)} ticks: {ticks}")
        return
    secs = [tick_seconds(t, unit) for t in ticks]
    steps = {round(b - a, 6) for a, b in zip(secs, secs[1:]) if b > a}
    ok = {m * 10 ** e * unit for m in (1, 2, 5) for e in range(-6, 4)}
    if len(steps) != 1 or not any(abs(next(iter(steps)) - s) < 1e-6 for s in ok):
        fail(f"axis of a {span} s capture: tick steps {steps} are not one 1-2-5 step: {ticks}")
    if unit == 1 and span < 2 and not all("." in t for t in ticks):
        fail(f"axis of a {span} s capture: sub-second ticks without decimals: {ticks}")


def main():
    (happy, hn) = render(f"{CAPS}/happy.pcap", f"{TMP}/happy.svg")
    msgs = tshark_msgs(f"{CAPS}/happy.pcap")
    if happy:
        check_happy(happy, hn, msgs, *capture_times(f"{CAPS}/happy.pcap"))
    (wrong, wn) = render(f"{CAPS}/wrong-nexthop.pcap", f"{TMP}/wrong.svg")
    if wrong:
        check_wrong(wrong, wn, tshark_msgs(f"{CAPS}/wrong-nexthop.pcap"),
                    *capture_times(f"{CAPS}/wrong-nexthop.pcap"))
    (mm, mn) = render(f"{CAPS}/as-mismatch.pcap", f"{TMP}/mm.svg", ["--allow-down"])
    if mm:
        check_mismatch(mm, mn)
    check_bound()
    for span, unit in ((0.8, 1), (86400, 3600), (1500, 60)):
        crafted(f"{TMP}/span.pcap", span)
        png, names = render(f"{TMP}/span.pcap", f"{TMP}/span{span}.svg")
        if png:
            check_axis(f"{TMP}/span{span}.svg", span, unit)
    print(f"timeline: {fails} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
