#!/usr/bin/env python3
"""Crafted captures for the inference of a session's reading without OPENs.

usage: crafted_infer.py BGPCAP CAPTURES_DIR TMPDIR [PEER_DIR]

Each case writes a capture that starts after the OPENs (mid-session), runs
bgpcap as a user would, and asserts the exit status and the decoded facts:
  - ADD-PATH path ids must be read as path ids (no run of 0.0.0.0/0, no
    prefixes with host bits), and a default route that only the wrong
    reading shows must not be reported as held;
  - a 2-octet AS_PATH of ordinary ASNs that also parses with 4-octet ASNs
    must be shown as 2-octet numbers, not as pairs merged into one;
  - 0.0.0.0/0 followed by other prefixes without ADD-PATH must not be
    taken for ADD-PATH (design rule 6);
  - a wrong next hop behind each of these gives exit 1, a healthy one 0;
  - the recorded captures in captures/ cut after their OPENs decode every
    UPDATE as with the OPENs, with the same exit status.
Then tshark decodes the same crafted captures: where its guess differs from
what was sent, the test says so and why (informational: tshark is not ours);
and for third-party captures in PEER_DIR whose UPDATEs bgpcap decodes without
OPENs, it lists where tshark's reading and bgpcap's differ, with bgpcap's
confidence and evidence.
Prints "ok ..." / "FAIL ..." lines; exit 1 if any FAIL.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import (FW, NVA, RS1, Conn, Writer, as_path, bgp_update,  # noqa: E402
                     next_hop, origin, KEEPALIVE, bgp_open, cap_mp, cap_rr)

BAD = "10.0.1.99"
fails = 0


def check(cond, what):
    global fails
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails += 1


def run(bgpcap, pcap, args, json_out=False):
    cmd = [bgpcap, "-r", pcap, "-t"] + (["--json"] if json_out else []) + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def mid_session(path, msgs):
    """NVA -> RS1 messages of an established session, no handshake, no OPEN."""
    w = Writer(path)
    c = Conn(w, NVA, RS1)
    for m in msgs:
        c.send(0, m)
    c.send(1, KEEPALIVE)
    w.close()


def upd(nlri, nh=FW, path=None, path_attr=None):
    pa = path_attr if path_attr is not None else as_path([(2, list(path or [65001]))])
    return bgp_update(attrs=[origin(0), pa, next_hop(nh)], nlri=nlri)


# 2-octet AS_PATH 65001 65515 {65002}: also parses with 4-octet ASNs, as
# 4259971051 16907754 (0xfde9ffeb, 0x0101fdea)
PATH2 = as_path([(2, [65001, 65515]), (1, [65002])], as4=False)
NVA_ARGS = ["--expect-nexthop", FW, "--speaker", NVA]

# name, messages, extra args, exit status, strings that must appear, strings
# that must not, the reading bgpcap must choose, what was really announced
# (for tshark), why tshark may get it wrong
CASES = [
    ("addpath", [upd([("0.0.0.0", 0, 1), ("10.0.1.0", 24, 1)])],
     ["--expect-aspath", "65001"], 0,
     ["announce 0.0.0.0/0 id 1,10.0.1.0/24 id 1 nh 10.0.1.4 path 65001",
      "less plausible: 4-octet AS, no ADD-PATH"],
     ["0.0.0.0/0,0.0.0.0/0", "0.0.0.0/1", "0.1.0.0/10"], "4-octet AS, ADD-PATH",
     {"0.0.0.0/0", "10.0.1.0/24"},
     "the bytes also parse without path ids (0.0.0.0/0 three times, then /1 and /10 "
     "prefixes with host bits)"),
    ("addpath-wrong-nexthop", [upd([("0.0.0.0", 0, 1), ("10.0.1.0", 24, 1)], nh=BAD)],
     [], 1, ["announce 0.0.0.0/0 id 1", BAD], [], "4-octet AS, ADD-PATH", None, None),
    # ADD-PATH without a default route: the no-ADD-PATH reading invents one
    ("addpath-phantom-default", [upd([("10.0.1.0", 24, 1)])], [], "nodefault",
     ["announce 10.0.1.0/24 id 1", "default route: no announcement seen"],
     ["0.0.0.0/0"], "4-octet AS, ADD-PATH", {"10.0.1.0/24"},
     "without path ids the bytes read as 0.0.0.0/0 three times and two prefixes "
     "with host bits"),
    ("as2-path", [bgp_update(attrs=[origin(0), PATH2, next_hop(FW)], nlri=[("0.0.0.0", 0)])],
     ["--expect-aspath", "65001 65515 {65002}"], 0,
     ["announce 0.0.0.0/0 nh 10.0.1.4 path 65001 65515 {65002}",
      "less plausible: 4-octet AS, no ADD-PATH (score 3: 1 unallocated ASNs)"],
     ["4259971051"], "2-octet AS, no ADD-PATH", {"0.0.0.0/0"},
     "the path also parses with 4-octet ASNs (4259971051 16907754)"),
    ("as2-path-wrong-nexthop",
     [bgp_update(attrs=[origin(0), PATH2, next_hop(BAD)], nlri=[("0.0.0.0", 0)])],
     ["--expect-aspath", "65001 65515 {65002}"], 1, [BAD], ["4259971051"],
     "2-octet AS, no ADD-PATH", None, None),
    ("as2-path-plain", [upd([("0.0.0.0", 0)], path_attr=as_path([(2, [65001, 65515])], as4=False))],
     ["--expect-aspath", "65001 65515"], 0,
     ["path 65001 65515 [inferred: 2-octet AS, no ADD-PATH; the only valid reading]"], [],
     "2-octet AS, no ADD-PATH", {"0.0.0.0/0"}, None),
    ("default-then-prefixes",
     [upd([("0.0.0.0", 0), ("10.1.0.0", 16), ("192.168.1.0", 24)])], ["--expect-aspath", "65001"], 0,
     ["announce 0.0.0.0/0,10.1.0.0/16,192.168.1.0/24 nh 10.0.1.4",
      "less plausible: 4-octet AS, ADD-PATH (score 3: 1 path ids above 65535)"],
     [" id "], "4-octet AS, no ADD-PATH", {"0.0.0.0/0", "10.1.0.0/16", "192.168.1.0/24"},
     "with path ids the bytes parse too: 0.0.0.0/0 and 10.1 become path id 0x00100a01 "
     "and the default route disappears (design rule 6)"),
    ("default-then-prefixes-wrong-nexthop",
     [upd([("0.0.0.0", 0), ("10.1.0.0", 16), ("192.168.1.0", 24)], nh=BAD)], [], 1,
     ["announce 0.0.0.0/0,10.1.0.0/16,192.168.1.0/24", BAD], [" id "],
     "4-octet AS, no ADD-PATH", None, None),
    # evidence accumulates: a withdrawal every reading decodes alike, then
    # the default route that only one reading decodes
    ("accumulated", [bgp_update(withdrawn=[("10.9.0.0", 16)]), upd([("0.0.0.0", 0)])],
     ["--expect-aspath", "65001"], 0,
     ["withdraw 10.9.0.0/16 [inferred: 4-octet AS, no ADD-PATH; ambiguous: 2 readings plausible, "
      "score 0; all decode this message the same]",
      "path 65001 [inferred: 4-octet AS, no ADD-PATH; the only valid reading]"], [],
     "4-octet AS, no ADD-PATH", None, None),
]


def inferred_updates(out):
    res = []
    for line in out.splitlines():
        o = json.loads(line)
        if o.get("type") == "UPDATE" and "inferred" in o:
            res.append(o)
    return res


def crafted(bgpcap, tmp, nodefault_rc):
    made = []
    for name, msgs, args, rc_want, must, mustnot, reading, truth, why in CASES:
        pcap = os.path.join(tmp, name + ".pcap")
        mid_session(pcap, msgs)
        rc, out, err = run(bgpcap, pcap, NVA_ARGS + args)
        if rc_want == "nodefault":
            rc_want = nodefault_rc
        check(rc == rc_want, f"{name}: exit status {rc}, expected {rc_want}")
        for s in must:
            check(s in out, f"{name}: output shows {s!r}")
        for s in mustnot:
            check(s not in out, f"{name}: output does not show {s!r}")
        rc, jout, err = run(bgpcap, pcap, [], json_out=True)
        ups = inferred_updates(jout)
        check(len(ups) > 0 and ups[-1]["inferred"]["reading"] == reading,
              f"{name}: JSON says reading {reading!r}")
        if truth is not None and "0.0.0.0/0" not in truth:
            check("default route: no announcement seen" in out, f"{name}: no default route held")
        if truth is not None:
            made.append((name, pcap, truth, why))
    return made


def more_cases(bgpcap, tmp):
    """Two readings plausible and disagreeing on the default route's path;
    an OPEN captured from one side only."""
    # 2-octet 64500 (documentation) 65515 {65002}: 1 point; read as 4-octet,
    # 4227137515 (private) 16907754 (unallocated): 3 points, within the margin
    pcap = os.path.join(tmp, "ambiguous-path.pcap")
    pa = as_path([(2, [64500, 65515]), (1, [65002])], as4=False)
    mid_session(pcap, [bgp_update(attrs=[origin(0), pa, next_hop(FW)], nlri=[("0.0.0.0", 0)])])
    rc, out, _ = run(bgpcap, pcap, NVA_ARGS + ["--expect-aspath", "64500 65515 {65002}"])
    check("ambiguous: 2 readings plausible, score 1; also plausible: 4-octet AS, no ADD-PATH"
          in out, "ambiguous-path: both readings named as plausible")
    _, jout, _ = run(bgpcap, pcap, [], json_out=True)
    inf = inferred_updates(jout)[-1]["inferred"]
    check(inf["confidence"] == "ambiguous" and len(inf["plausible_readings"]) == 2,
          "ambiguous-path: JSON confidence ambiguous, 2 plausible readings")
    # the two plausible readings give different AS paths: the check rests on
    # a guess, the verdict is inconclusive and says why (infer_fact)
    check(rc == 3, f"ambiguous-path: exit status {rc}, expected 3 (inconclusive)")
    check("inconclusive: the default route from 10.0.1.6 to 10.0.2.4 was read as 2-octet AS, "
          "no ADD-PATH (OPENs not captured); 4-octet AS, no ADD-PATH is as plausible and reads "
          "it differently" in out, "ambiguous-path: the inconclusive line names both readings")
    # ... also when the chosen reading breaks the expectation: no violation on a guess
    rc, out, _ = run(bgpcap, pcap, NVA_ARGS + ["--expect-aspath", "65001"])
    check(rc == 3, f"ambiguous-path, other expected path: exit status {rc}, expected 3")
    check("as_path: as path 64500 65515 {65002}" in out,
          "ambiguous-path: the violation under the chosen reading is still listed")

    # the route server's OPEN (no 4-octet AS capability) is captured, the
    # NVA's is not: the 4-octet readings are ruled out for both directions
    pcap = os.path.join(tmp, "one-open.pcap")
    w = Writer(pcap)
    c = Conn(w, NVA, RS1)
    c.send(1, bgp_open(65515, 180, RS1, [cap_mp(1, 1), cap_rr()]))
    c.send(0, bgp_update(attrs=[origin(0), PATH2, next_hop(FW)], nlri=[("0.0.0.0", 0)]))
    w.close()
    rc, out, _ = run(bgpcap, pcap, NVA_ARGS + ["--expect-aspath", "65001 65515 {65002}"])
    check(rc == 0, f"one-open: exit status {rc}, expected 0")
    check("path 65001 65515 {65002} [inferred: 2-octet AS, no ADD-PATH; the only valid reading]"
          in out, "one-open: 2-octet AS certain")
    _, jout, _ = run(bgpcap, pcap, [], json_out=True)
    sc = {x["reading"]: x for x in inferred_updates(jout)[-1]["inferred"]["scores"]}
    check(sc["4-octet AS, no ADD-PATH"]["excluded"] and sc["4-octet AS, ADD-PATH"]["excluded"],
          "one-open: JSON says the 4-octet readings are excluded by the OPEN")


def nodefault_status(bgpcap, tmp):
    """The exit status of a capture whose only session sent no default route
    (0 until the reporter makes it inconclusive, 3 after)."""
    pcap = os.path.join(tmp, "no-default.pcap")
    mid_session(pcap, [upd([("10.0.1.0", 24)])])
    rc, out, err = run(bgpcap, pcap, NVA_ARGS)
    return rc


def recorded(bgpcap, captures, tmp):
    """captures/*.pcap cut after their OPENs decode as with the OPENs."""
    cases = [("happy.pcap", 0), ("wrong-nexthop.pcap", 1), ("addpath.pcap", 0)]
    for base, rc_full in cases:
        src = os.path.join(captures, base)
        if not os.path.exists(src):
            print(f"skip {base}: not in {captures}")
            continue
        args = ["--expect-nexthop", "10.0.1.4", "--expect-nexthop", "2001:db8:1::4",
                "--speaker", NVA, "--speaker", "2001:db8:1::6"]
        rc0, out0, _ = run(bgpcap, src, args)
        _, j0, _ = run(bgpcap, src, [], json_out=True)
        frames = [json.loads(l) for l in j0.splitlines()]
        last = max([o.get("frame", 0) for o in frames if o.get("type") == "OPEN"] or [0])
        if last == 0:
            print(f"skip {base}: no OPEN")
            continue
        dst = os.path.join(tmp, "cut-" + base)
        write_from_frame(src, dst, last + 1)
        rc1, out1, _ = run(bgpcap, dst, args)
        check(rc1 == rc0 == rc_full, f"{base} cut after the OPENs: exit status {rc1}, "
              f"with OPENs {rc0}, expected {rc_full}")
        full = {l for l in out0.splitlines() if " UPDATE " in l}
        n = same = 0
        for l in out1.splitlines():
            if " UPDATE " not in l or "[inferred: " not in l:
                continue
            n += 1
            # the line without its "[inferred: ...]" annotation
            head, tail = l.split(" [inferred: ", 1)
            plain = head + (tail[tail.index("]") + 1:] if "]" in tail else "")
            if plain in full:
                same += 1
            else:
                print("     differs: " + l[:300])
        check(n > 0 and same == n, f"{base} cut after the OPENs: {same} of {n} inferred UPDATEs "
              "decode as with the OPENs")


def write_from_frame(src, dst, first):
    """pcap (classic format only) from record `first` (1-based) on."""
    import struct
    with open(src, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    out = [data[:24]]
    off, i = 24, 0
    while off + 16 <= len(data):
        incl = struct.unpack(order + "I", data[off + 8:off + 12])[0]
        i += 1
        if i >= first:
            out.append(data[off:off + 16 + incl])
        off += 16 + incl
    with open(dst, "wb") as f:
        f.write(b"".join(out))


# ---------------------------------------------------------------- tshark

def tshark_prefixes(pcap):
    """Per UPDATE, the set of announced prefixes and whether tshark saw path ids."""
    import tshark_diff
    res = []
    for where, src, dst, b in tshark_diff.tshark_messages(pcap):
        ty = [f.get("show") for f in b if f.get("name") == "bgp.type"]
        if where != "tcp" or not ty or int(ty[0]) != 2:
            continue
        routes = tshark_diff.tshark_update(b)
        ids = [f for f in b.iter("field") if "path_id" in (f.get("name") or "")]
        res.append(({r[1] for r in routes if r[0] == "announce"},
                    {r[3] for r in routes if r[0] == "announce"}, bool(ids)))
    return res


def tshark_crafted(made):
    for name, pcap, truth, why in made:
        ts = tshark_prefixes(pcap)
        if not ts:
            print(f"tshark {name}: no UPDATE decoded")
            continue
        pfx, paths, ids = ts[-1]
        if pfx == truth:
            print(f"tshark {name}: right ({', '.join(sorted(pfx))}; paths {sorted(paths)})")
        else:
            print(f"tshark {name}: WRONG, shows {sorted(pfx)} (path ids: {ids}) where "
                  f"{sorted(truth)} was sent: {why or 'it guesses the reading without the OPEN'}")


def contested(o):
    """An inferred UPDATE that more than one reading decodes, with prefixes
    bgpcap decodes (not hex): where a guess can go wrong."""
    import tshark_diff
    inf = o["inferred"]
    return len(inf.get("valid_readings", [])) > 1 and any(
        not r[1].startswith("0x") for r in tshark_diff.bgpcap_update(o))


def tshark_peer(bgpcap, peer):
    """Third-party captures decoded without OPENs: where tshark's reading differs."""
    import tshark_diff
    files = []
    for root, _, names in os.walk(peer):
        files += [os.path.join(root, n) for n in names if n.endswith((".pcap", ".pcapng", ".cap"))]
    total = n_cont = differ = 0
    for f in sorted(files):
        rc, out, _ = run(bgpcap, f, [], json_out=True)
        if rc > 1:
            continue
        ups = []
        for line in out.splitlines():
            try:
                o = json.loads(line)
            except ValueError:
                continue
            if o.get("type") == "UPDATE" and "inferred" in o:
                ups.append(o)
        total += bool(ups)
        frames = {o["frame"] for o in ups if contested(o)}
        if not frames:
            continue
        n_cont += 1
        # every inferred UPDATE of those frames (a frame can hold several)
        ups = [o for o in ups if o["frame"] in frames]
        ours = {(o["frame"],) + r[:2] for o in ups for r in tshark_diff.bgpcap_update(o)}
        theirs = set()
        try:
            xml = subprocess.run(["tshark", "-r", f, "-T", "pdml", "-Y", "bgp.type == 2"],
                                 check=True, capture_output=True).stdout
        except subprocess.CalledProcessError:
            continue
        import xml.etree.ElementTree as ET
        for pkt in ET.fromstring(xml).iter("packet"):
            num = [x.get("show") for x in pkt.iter("field") if x.get("name") == "frame.number"]
            fr = int(num[0]) if num else 0
            if fr not in frames:
                continue
            for b in pkt.iter("proto"):
                if b.get("name") == "bgp":
                    theirs |= {(fr,) + r[:2] for r in tshark_diff.tshark_update(b)}
        rel = os.path.relpath(f, peer)
        inf = ups[-1]["inferred"]
        if ours == theirs:
            print(f"tshark agrees on {rel} ({len(frames)} frames several readings decode; "
                  f"bgpcap: {inf['reading']}, {inf['confidence']})")
            continue
        differ += 1
        print(f"tshark differs on {rel}: bgpcap reads {inf['reading']!r} ({inf['confidence']}); "
              f"only bgpcap: {sorted(ours - theirs)[:3]}; only tshark: {sorted(theirs - ours)[:3]}")
        for sc in inf.get("scores", []):
            if sc["reading"] != inf["reading"] and not sc["invalid_updates"]:
                print(f"     why not {sc['reading']}: score {sc['score']} {sc['evidence']}")
    print(f"peer captures decoded without OPENs: {total}; with UPDATEs several readings decode: "
          f"{n_cont}; where tshark differs: {differ}")


def main():
    bgpcap, captures, tmp = sys.argv[1:4]
    peer = sys.argv[4] if len(sys.argv) > 4 else None
    made = crafted(bgpcap, tmp, nodefault_status(bgpcap, tmp))
    more_cases(bgpcap, tmp)
    recorded(bgpcap, captures, tmp)
    if subprocess.run(["sh", "-c", "command -v tshark"], capture_output=True).returncode == 0:
        tshark_crafted(made)
        if peer and os.path.isdir(peer):
            tshark_peer(bgpcap, peer)
    else:
        print("tshark comparison skipped: tshark is not installed")
    print(f"{'FAILED' if fails else 'passed'}: {fails} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
