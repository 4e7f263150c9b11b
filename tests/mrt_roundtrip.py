#!/usr/bin/env python3
"""mrt_roundtrip.py - --write-mrt checked against two oracles.

    mrt_roundtrip.py BGPCAP CAPTURE WORKDIR [--mrt-verdict N] [CHECK-OPTIONS...]

1. bgpcap -r CAPTURE --write-mrt F: bgpdump -m F must list the routes
   bgpcap reads from F (tests/mrt_oracle.py: every announced and withdrawn
   prefix with peer, AS path, origin, next hop, MED, local pref,
   communities, aggregator, time to the microsecond, and the state changes).
2. bgpcap -r F must decode the same messages as bgpcap -r CAPTURE, message
   for message: time, sender, receiver, type, length, every decoded field
   and error (not the TCP ports, flow and frame numbers MRT does not keep,
   nor the inference note: MRT's subtype states what inference guessed).
3. With CHECK-OPTIONS (--expect-...), the default-route check must give
   the same verdict (exit status) on F as on CAPTURE, or N with
   --mrt-verdict N: a capture whose verdict rests on packets (TTL 1, ICMP
   errors, TCP resets) rather than BGP messages is inconclusive (3) from
   its MRT file, which holds only the messages.
Exit 0 when all hold; prints what differs.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mrt_oracle  # noqa: E402

DROP = ("sport", "dport", "flow", "frame", "mrt", "inferred")


def messages(bgpcap, path):
    p = subprocess.run([bgpcap, "-r", path, "--json"], capture_output=True, text=True)
    out = []
    for line in p.stdout.splitlines():
        o = json.loads(line)
        if o.get("type") in ("summary", "report", "note", "flow_stats", "skip", "event",
                             "icmp"):
            continue
        if "src" not in o or "length" not in o:
            continue
        if o.get("type") == "bmp" or "bmp" in o:
            continue   # BMP records and views: --write-mrt writes captured BGP only
        out.append({k: v for k, v in o.items() if k not in DROP})
    return out, p.returncode


def main():
    bgpcap, cap, work = sys.argv[1:4]
    check = sys.argv[4:]
    want = None
    if check[:1] == ["--mrt-verdict"]:
        want, check = int(check[1]), check[2:]
    mrt = os.path.join(work, os.path.basename(cap) + ".mrt")
    bad = 0
    p = subprocess.run([bgpcap, "-r", cap, "-q", "-Z", "root", "--write-mrt", mrt], capture_output=True,
                       text=True)
    if p.returncode not in (0, 1, 3) or not os.path.exists(mrt):
        print(f"{cap}: --write-mrt failed ({p.returncode}): {p.stderr.strip()}")
        return 1
    diffs, n = mrt_oracle.compare(bgpcap, mrt)
    for d in diffs:
        print(f"{cap}: bgpdump: {d}")
    bad += bool(diffs)
    a, _ = messages(bgpcap, cap)
    b, _ = messages(bgpcap, mrt)
    if len(a) != len(b):
        print(f"{cap}: {len(a)} messages in the capture, {len(b)} read back from MRT")
        bad += 1
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            keys = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
            print(f"{cap}: message {i + 1} differs in {keys}: {json.dumps(x)[:300]} | "
                  f"{json.dumps(y)[:300]}")
            bad += 1
            break
    if check:
        s1 = subprocess.run([bgpcap, "-r", cap, "-q"] + check, capture_output=True).returncode
        s2 = subprocess.run([bgpcap, "-r", mrt, "-q"] + check, capture_output=True).returncode
        if s2 != (s1 if want is None else want):
            print(f"{cap}: verdict exit {s1} on the capture, {s2} on its MRT"
                  f"{'' if want is None else f' (expected {want})'}")
            bad += 1
    print(f"{cap}: {len(a)} messages, {n} bgpdump lines: {'FAIL' if bad else 'ok'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
