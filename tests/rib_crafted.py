#!/usr/bin/env python3
"""Crafted captures for --rib, --at, --history and --diff (tests/rib.sh).

Each case writes a capture with tests/pcapgen.py, runs bgpcap on it and
compares what it must hold (from RFC 4271, 4760, 7606, 7911 as a receiver
applies them), not a snapshot of bgpcap's own output.
Usage: rib_crafted.py BGPCAP TMPDIR. Exit 1 on any failure.
"""
import json
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import (Writer, established, bgp_open, bgp_update, bgp_notification, origin,  # noqa: E402
                     as_path, next_hop, med, attr, mp_reach, mp_unreach, cap_mp, cap_as4,
                     cap_addpath, KEEPALIVE, nva_session, RS1, RS2, NVA, nlri_list,
                     bmp_conn, nva_bmp_feed)

T0 = 1700000000.0
FAILS = []


def up(w, a=RS1, b=NVA, aport=179, bport=40000, addpath=False, v6=False):
    """A session b (the NVA, side 0) <-> a (route server, side 1), both OPENs and KEEPALIVEs."""
    fam = [cap_mp(2, 1)] if v6 else [cap_mp(1, 1)]
    ap = [cap_addpath([(2 if v6 else 1, 1, 3)])] if addpath else []
    return established(w, b, a, (bgp_open(65001, 90, "10.0.1.6", fam + [cap_as4(65001)] + ap),
                                 bgp_open(65515, 90, "10.0.2.4", fam + [cap_as4(65515)] + ap)),
                       aport=bport, bport=aport)


V6_RS, V6_NVA = "2001:db8:2::4", "2001:db8:1::6"


def upd(nlri=(), nh="10.0.2.4", path=(65515,), withdrawn=(), extra=()):
    attrs = [origin(0), as_path([(2, list(path))]), next_hop(nh)] + list(extra)
    return bgp_update(withdrawn=withdrawn, attrs=attrs if nlri else [], nlri=nlri)


def run(bgpcap, *args):
    out = subprocess.run([bgpcap, "-q", "--json", *args], capture_output=True, text=True)
    objs = [json.loads(x) for x in out.stdout.splitlines()]
    return out.returncode, objs


def held(objs, typ="rib"):
    return {(o["from"], o["to"], o["prefix"], o["path_id"]): o for o in objs if o["type"] == typ}


def expect(name, got, want):
    if got != want:
        FAILS.append(f"{name}: got {got!r}, want {want!r}")
    else:
        print(f"ok: {name}")


def case_taw(bgpcap, d):
    """RFC 7606 / 7607: AS 0 in AS_PATH is treat-as-withdraw; a route held
    before and then sent with AS 0 is no longer held; listed apart."""
    p = f"{d}/taw.pcap"
    w = Writer(p)
    c = up(w)
    c.send(1, upd([("10.1.0.0", 16), ("198.51.100.0", 24)]))
    c.send(1, upd([("198.51.100.0", 24), ("203.0.113.0", 24)], path=(65515, 0)))
    w.close()
    _, objs = run(bgpcap, "-r", p, "--rib")
    expect("treat-as-withdraw: held", set(held(objs)), {(RS1, NVA, "10.1.0.0/16", None)})
    expect("treat-as-withdraw: listed apart", set(held(objs, "rib_treat_as_withdraw")),
           {(RS1, NVA, "198.51.100.0/24", None), (RS1, NVA, "203.0.113.0/24", None)})
    _, objs = run(bgpcap, "-r", p, "--history", "198.51.100.0/24")
    ev = [(o["event"], o.get("reason")) for o in objs if o["type"] == "history"]
    expect("treat-as-withdraw: history", ev,
           [("announced", None), ("withdrawn", "treat-as-withdraw")])


def case_reset(bgpcap, d):
    """A NOTIFICATION ends the session: nothing is held from it; a new
    connection starts empty; a malformed attribute list (session reset)
    drops the routes too."""
    p = f"{d}/reset.pcap"
    w = Writer(p)
    c = up(w)
    c.send(1, upd([("10.2.0.0", 16)]))
    c.send(0, bgp_notification(6, 2))
    c2 = up(w, bport=40001)
    c2.send(1, upd([("10.3.0.0", 16)]))
    c3 = up(w, a=RS2, bport=40002)
    c3.send(1, upd([("10.4.0.0", 16)], nh=RS2))
    # the withdrawn routes length runs past the message: RFC 7606 session reset
    bad = bytearray(upd([("10.5.0.0", 16)], nh=RS2))
    bad[20] = 200
    c3.send(1, bytes(bad))
    w.close()
    _, objs = run(bgpcap, "-r", p, "--rib")
    expect("session reset", set(held(objs)), {(RS1, NVA, "10.3.0.0/16", None)})
    _, objs = run(bgpcap, "-r", p, "--history", "10.2.0.0/16")
    ev = [o["event"] for o in objs if o["type"] == "history"]
    expect("session reset: history", ev, ["announced", "withdrawn"])


def case_addpath(bgpcap, d):
    """RFC 7911: the path id is part of the route: a second id adds, the same
    id replaces, a withdrawal takes one id."""
    p = f"{d}/addpath.pcap"
    w = Writer(p)
    c = up(w, addpath=True)
    c.send(1, upd([("10.4.0.0", 16, 1)], nh="10.0.2.4"))
    c.send(1, upd([("10.4.0.0", 16, 2)], nh="10.0.2.9"))
    c.send(1, upd([("10.4.0.0", 16, 1)], nh="10.0.2.7"))
    c.send(1, upd([("10.6.0.0", 16, 3)]))
    c.send(1, upd(withdrawn=[("10.6.0.0", 16, 3)]))
    w.close()
    _, objs = run(bgpcap, "-r", p, "--rib")
    h = held(objs)
    expect("add-path: held", {k: v["next_hop"] for k, v in h.items()},
           {(RS1, NVA, "10.4.0.0/16", 1): "10.0.2.7", (RS1, NVA, "10.4.0.0/16", 2): "10.0.2.9"})
    _, objs = run(bgpcap, "-r", p, "--history", "10.4.0.0/16")
    ev = [(o["event"], o["path_id"]) for o in objs if o["type"] == "history"]
    expect("add-path: history", ev, [("announced", 1), ("announced", 2), ("replaced", 1)])


def case_mp(bgpcap, d):
    """RFC 4760: MP_REACH announces, MP_UNREACH withdraws (IPv6 unicast)."""
    p = f"{d}/mp.pcap"
    w = Writer(p)
    c = up(w, a=V6_RS, b=V6_NVA, v6=True)
    base = [origin(0), as_path([(2, [65515])])]
    c.send(1, bgp_update(attrs=base + [med(5), mp_reach(2, 1, ["2001:db8:2::4"],
                                                        [("2001:db8:a::", 48), ("2001:db8:b::", 48)])]))
    c.send(1, bgp_update(attrs=[mp_unreach(2, 1, [("2001:db8:a::", 48)])]))
    w.close()
    _, objs = run(bgpcap, "-r", p, "--rib")
    h = held(objs)
    expect("MP_UNREACH", {k: (v["next_hop"], v["med"], v["family"]) for k, v in h.items()},
           {("2001:db8:2::4", "2001:db8:1::6", "2001:db8:b::/48", None):
            ("2001:db8:2::4", 5, "IPv6 unicast")})


def case_two_lists(bgpcap, d):
    """One UPDATE with IPv4 NLRI (NEXT_HOP) and MP_REACH IPv6 NLRI (its own next hop):
    each list's routes carry their own next hop (RFC 4760 3), whichever list the store
    keys first. The same attribute bytes again with another MP next hop must not reuse
    the first message's IPv6 block; the same bytes again entirely must give the same
    attributes to new prefixes (the store's interned blocks and its early key)."""
    p = f"{d}/two-lists.pcap"
    w = Writer(p)
    fam = [cap_mp(1, 1), cap_mp(2, 1)]
    c = established(w, NVA, RS1, (bgp_open(65001, 90, "10.0.1.6", fam + [cap_as4(65001)]),
                                  bgp_open(65515, 90, "10.0.2.4", fam + [cap_as4(65515)])),
                    aport=40000, bport=179)
    base = [origin(0), as_path([(2, [65515, 64999])]), next_hop("10.0.2.4"), med(7)]

    def both(v4, v6, nh6):
        return bgp_update(attrs=base + [mp_reach(2, 1, [nh6], [(v6, 48)])], nlri=[(v4, 24)])
    c.send(1, both("198.51.100.0", "2001:db8:a::", "2001:db8:2::4"))
    c.send(1, both("198.51.101.0", "2001:db8:b::", "2001:db8:2::99"))
    c.send(1, both("198.51.102.0", "2001:db8:c::", "2001:db8:2::4"))
    # MP_REACH alone: the early key is of the MP list
    c.send(1, bgp_update(attrs=base + [mp_reach(2, 1, ["2001:db8:2::77"], [("2001:db8:d::", 48)])]))
    w.close()
    _, objs = run(bgpcap, "-r", p, "--rib")
    got = {o["prefix"]: (o["family"], o["next_hop"], o["as_path"], o["med"])
           for o in objs if o["type"] == "rib"}
    v4 = ("IPv4 unicast", "10.0.2.4", "65515 64999", 7)
    expect("two NLRI lists in one UPDATE, next hop per list", got, {
        "198.51.100.0/24": v4, "198.51.101.0/24": v4, "198.51.102.0/24": v4,
        "2001:db8:a::/48": ("IPv6 unicast", "2001:db8:2::4", "65515 64999", 7),
        "2001:db8:b::/48": ("IPv6 unicast", "2001:db8:2::99", "65515 64999", 7),
        "2001:db8:c::/48": ("IPv6 unicast", "2001:db8:2::4", "65515 64999", 7),
        "2001:db8:d::/48": ("IPv6 unicast", "2001:db8:2::77", "65515 64999", 7)})


def case_disable(bgpcap, d):
    """RFC 7606 7.11: an MP_REACH_NLRI next hop of a length not valid for
    IPv6 unicast is AFI/SAFI disable: the family holds nothing after it, and
    no other family appears (the message has no MP_UNREACH_NLRI to read)."""
    p = f"{d}/disable.pcap"
    w = Writer(p)
    c = up(w, a=V6_RS, b=V6_NVA, v6=True)
    base = [origin(0), as_path([(2, [65515])])]
    c.send(1, bgp_update(attrs=base + [mp_reach(2, 1, ["2001:db8:2::4"],
                                                [("2001:db8:a::", 48), ("2001:db8:b::", 48)])]))
    bad = attr(14, struct.pack("!HBB", 2, 1, 5) + bytes(5) + b"\0" + nlri_list([("2001:db8:c::", 48)]))
    c.send(1, bgp_update(attrs=base + [bad]))
    w.close()
    _, objs = run(bgpcap, "-r", p, "--rib")
    expect("AFI/SAFI disable: held", held(objs), {})
    expect("AFI/SAFI disable: families",
           sorted((o["from"], o["family"], o["routes"]) for o in objs if o["type"] == "rib_total"),
           [("2001:db8:2::4", "IPv6 unicast", 0)])


def case_at(bgpcap, d):
    """--at: the routes held at that time (seconds from the first packet or
    RFC 3339), before and after a withdrawal."""
    p = f"{d}/at.pcap"
    w = Writer(p, t0=T0)
    c = up(w)
    c.send(1, upd([("10.7.0.0", 16)]), ts=T0 + 1)
    c.send(1, upd(withdrawn=[("10.7.0.0", 16)]), ts=T0 + 5)
    c.send(1, KEEPALIVE, ts=T0 + 6)
    w.close()
    k = {(RS1, NVA, "10.7.0.0/16", None)}
    for at, want in (("3", k), ("5.5", set()), ("2023-11-14T22:13:23Z", k),
                     ("2023-11-14T23:13:26+01:00", set())):
        _, objs = run(bgpcap, "-r", p, "--at", at)
        expect(f"--at {at}", set(held(objs)), want)
    _, objs = run(bgpcap, "-r", p, "--rib")
    expect("--rib at the end", set(held(objs)), set())
    _, objs = run(bgpcap, "-r", p, "--history", "10.7.0.0/16", "--at", "3")
    expect("--history --at", [o["event"] for o in objs if o["type"] == "history"], ["announced"])


def case_replace(bgpcap, d):
    """Implicit withdraw (RFC 4271 9.1.4): a new announcement replaces; the
    history says which attributes changed, old and new; re-announced after a
    withdrawal."""
    p = f"{d}/replace.pcap"
    w = Writer(p)
    c = up(w)
    c.send(1, upd([("10.8.0.0", 16)], extra=[med(10)]))
    c.send(1, upd([("10.8.0.0", 16)], nh="10.0.2.9", extra=[med(20)]))
    c.send(1, upd(withdrawn=[("10.8.0.0", 16)]))
    c.send(1, upd([("10.8.0.0", 16)], path=(65515, 65020)))
    w.close()
    _, objs = run(bgpcap, "-r", p, "--history", "10.8.0.0/16")
    hs = [o for o in objs if o["type"] == "history"]
    expect("history events", [(o["event"], o.get("reason")) for o in hs],
           [("announced", None), ("replaced", None), ("withdrawn", "explicit"),
            ("re-announced", None)])
    if len(hs) == 4:
        expect("replaced: old -> new", (hs[1]["old"]["next_hop"], hs[1]["attrs"]["next_hop"],
                                        hs[1]["old"]["med"], hs[1]["attrs"]["med"]),
               ("10.0.2.4", "10.0.2.9", 10, 20))
    out = subprocess.run([bgpcap, "-q", "-r", p, "--history", "10.8.0.0/16"],
                         capture_output=True, text=True).stdout
    want = "replaced: next hop 10.0.2.4 -> 10.0.2.9, med 10 -> 20"
    expect("history text", want in out, True)


def case_diff(bgpcap, d):
    """--diff: exit 0 for a file against itself, 1 when the next hop of 0/0
    changed, with the attribute named; 2 when the second file is missing."""
    a, b = f"{d}/diff-a.pcap", f"{d}/diff-b.pcap"
    for path, nh in ((a, "10.0.1.4"), (b, "10.0.1.6")):
        w = Writer(path)
        nva_session(w, RS1, nexthop=nh)
        w.close()
    rc = subprocess.run([bgpcap, "-r", a, "--diff", a], capture_output=True, text=True)
    expect("--diff itself: exit", (rc.returncode, rc.stdout), (0, ""))
    rc = subprocess.run([bgpcap, "-r", a, "--diff", b], capture_output=True, text=True)
    expect("--diff changed: exit", rc.returncode, 1)
    expect("--diff changed: says what", "next hop 10.0.1.4 -> 10.0.1.6" in rc.stdout, True)
    rc = subprocess.run([bgpcap, "-r", a, "--diff", b, "--json"], capture_output=True, text=True)
    objs = [json.loads(x) for x in rc.stdout.splitlines()]
    ch = [o for o in objs if o["type"] == "diff" and o["change"] == "changed"]
    expect("--diff --json", [(o["prefix"], o["changes"]["next_hop"]) for o in ch],
           [("0.0.0.0/0", {"old": "10.0.1.4", "new": "10.0.1.6"})])
    rc = subprocess.run([bgpcap, "-r", a, "--diff", f"{d}/missing.pcap"], capture_output=True)
    expect("--diff missing file: exit", rc.returncode, 2)


def case_bmp_views(bgpcap, d):
    """A BMP feed's UPDATEs are views of a monitored session, not routes a
    receiver holds: --rib, --history and --diff leave them out (the --diff
    file's run reads no BMP; it crashed on a BMP connection before)."""
    bmp, plain = f"{d}/bmp-feed.pcap", f"{d}/bmp-plain.pcap"
    w = Writer(bmp)
    c = bmp_conn(w)
    for m in nva_bmp_feed():
        c.send(0, m)
    w.close()
    w = Writer(plain)
    nva_session(w, RS1)
    w.close()
    _, objs = run(bgpcap, "-r", bmp, "--rib")
    expect("BMP views: --rib holds nothing", held(objs), {})
    _, objs = run(bgpcap, "-r", bmp, "--history", "0.0.0.0/0")
    expect("BMP views: --history", [o for o in objs if o["type"] == "history"], [])
    rc = subprocess.run([bgpcap, "-r", bmp, "--diff", bmp], capture_output=True, text=True)
    expect("BMP views: --diff itself", (rc.returncode, rc.stdout), (0, ""))
    rc = subprocess.run([bgpcap, "-r", plain, "--diff", bmp, "--json"],
                        capture_output=True, text=True)
    objs = [json.loads(x) for x in rc.stdout.splitlines()]
    expect("BMP views: --diff against a captured session",
           (rc.returncode, [(o["change"], o["prefix"]) for o in objs if o["type"] == "diff"]),
           (1, [("removed", "0.0.0.0/0")]))


def main():
    bgpcap, d = sys.argv[1:3]
    for name, f in sorted(globals().items()):
        if name.startswith("case_"):
            f(bgpcap, d)
    for f in FAILS:
        print("FAIL:", f)
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
