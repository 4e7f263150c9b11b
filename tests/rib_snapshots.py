#!/usr/bin/env python3
"""The routes bgpcap --rib --at T says a receiver holds, against the
daemon's own view taken at T during the recording.

captures/NAME.expect may hold snapshots of FRR's table (captures/record,
scenario gr):
  snapshot NAME time=EPOCH end=EPOCH utc=...
  held NAME SENDER RECEIVER PREFIX nexthop=X aspath="..." med=N stale=BOOL source=S
FRR's `show bgp ipv4|ipv6 unicast json` taken between time and end: every
path learned from a peer, with FRR's "stale" flag (graceful restart).
The NVA's inbound route-map accepts every route of the gr scenario, so the
table holds its whole post-policy Adj-RIB-In.
For every snapshot and both its times, on `bgpcap -r CAPTURE --rib --json
--at T`, the routes held by the receivers of the snapshot (10.0.1.6,
2001:db8:1::6) are exactly the daemon's: same senders and prefixes, next
hop, AS path, MED and stale flag; a route held twice (two sessions of one
pair) is a difference.
Usage: rib_snapshots.py BGPCAP CAPTURE EXPECT. Exit 1 on any difference,
2 when the expect file has no snapshot.
"""
import datetime
import json
import shlex
import subprocess
import sys


def load(path):
    snaps, held = {}, {}
    for line in open(path):
        f = shlex.split(line)
        if not f:
            continue
        if f[0] == "snapshot":
            kv = dict(x.split("=", 1) for x in f[2:])
            snaps[f[1]] = (float(kv["time"]), float(kv["end"]))
            held.setdefault(f[1], {})
        elif f[0] == "held":
            kv = dict(x.split("=", 1) for x in f[5:])
            med = kv.get("med") or None
            held.setdefault(f[1], {})[(f[2], f[3], f[4])] = (
                kv["nexthop"], kv["aspath"], med, kv["stale"] == "true")
    return snaps, held


def rfc3339(epoch):
    t = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rib_at(bgpcap, cap, at, receivers):
    out = subprocess.run([bgpcap, "-r", cap, "-q", "--rib", "--json", "--at", at],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"bgpcap --at {at}: exit {out.returncode}: {out.stderr}")
    rib, dup = {}, []
    for line in out.stdout.splitlines():
        o = json.loads(line)
        if o.get("type") != "rib" or o["to"] not in receivers:
            continue
        k = (o["from"], o["to"], o["prefix"])
        if k in rib:
            dup.append(k)
        med = None if o.get("med") is None else str(o["med"])
        rib[k] = (o["next_hop"], o["as_path"], med, bool(o.get("stale", False)))
    return rib, dup


def compare(name, at, want, got, dup):
    bad = 0
    for k in dup:
        print(f"{name} at {at}: {k} held twice by --rib")
        bad = 1
    for k in sorted(set(want) | set(got)):
        w, g = want.get(k), got.get(k)
        if w == g:
            continue
        bad = 1
        if g is None:
            print(f"{name} at {at}: {k} held by FRR {w}, not by --rib")
        elif w is None:
            print(f"{name} at {at}: {k} held by --rib {g}, not by FRR")
        else:
            print(f"{name} at {at}: {k}: FRR (nh, path, med, stale) {w}, --rib {g}")
    return bad


def main():
    bgpcap, cap, expect = sys.argv[1:4]
    snaps, held = load(expect)
    if not snaps:
        print(f"{expect}: no snapshot")
        return 2
    receivers = {"10.0.1.6", "2001:db8:1::6"}
    bad = 0
    for name, times in snaps.items():
        want = held[name]
        for t in times:
            at = rfc3339(t)
            got, dup = rib_at(bgpcap, cap, at, receivers)
            b = compare(name, at, want, got, dup)
            stale = sum(1 for v in want.values() if v[3])
            print(f"snapshot {name} at {at}: FRR {len(want)} routes ({stale} stale), "
                  f"--rib {len(got)}: {'DIFFERENT' if b else 'equal'}")
            bad |= b
    return bad


if __name__ == "__main__":
    sys.exit(main())
