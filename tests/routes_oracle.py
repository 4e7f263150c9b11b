#!/usr/bin/env python3
"""--routes (issue 13) against two referees, for one capture.

1. tshark: the prefixes announced and withdrawn, by sender, frame by frame
   (messages quoted inside ICMP errors are not counted), as a multiset of
   (sender, action, prefix address) equals bgpcap's lines (treat-as-withdraw
   lines are announcements on the wire).
2. captures/NAME.expect, the daemons' RIBs after the scenario: every route a
   daemon holds is a line from that speaker to that peer with that next hop
   and AS path; for FRR's Adj-RIB-In (frr-received-routes, every route
   received before policy) the routes held at the end of the lines (announce
   minus later withdraw and treat-as-withdraw) are exactly those; but for
   a route FRR kept stale over a graceful restart (a "held" line with
   stale=true, captures/gr) and no longer holds at the end: the restarted
   sender's End-of-RIB removed it, which is no route line.
And the shape: a header line, 13 tab-separated fields on every line.
Usage: routes_oracle.py BGPCAP CAPTURE EXPECT. Exit 1 on any difference.
"""
import collections
import shlex
import subprocess
import sys

HEADER = ("#time\tfrom\tto\tfamily\taction\tprefix\tpath_id\tnext_hop\tas_path\torigin\t"
          "med\tlocal_pref\tcommunities")
ANN = ["bgp.nlri_prefix", "bgp.mp_reach_nlri_ipv4_prefix", "bgp.mp_reach_nlri_ipv6_prefix"]
WD = ["bgp.withdrawn_prefix", "bgp.mp_unreach_nlri_ipv4_prefix",
      "bgp.mp_unreach_nlri_ipv6_prefix"]


def bgpcap_lines(bgpcap, cap, errors):
    out = subprocess.run([bgpcap, "-r", cap, "--routes"], capture_output=True, text=True)
    if out.returncode not in (0, 1, 3):
        errors.append(f"bgpcap exit {out.returncode}: {out.stderr}")
        return []
    lines = out.stdout.split("\n")
    if lines[0] != HEADER:
        errors.append(f"header: {lines[0]!r}")
    rows = []
    for ln in lines[1:]:
        if not ln:
            continue
        f = ln.split("\t")
        if len(f) != 13:
            errors.append(f"{len(f)} fields: {ln!r}")
            continue
        rows.append(f)
    if "verdict:" not in out.stderr:
        errors.append("the report is not on stderr")
    return rows


def tshark_routes(cap):
    fields = ["frame.number", "ip.src", "ipv6.src", "icmp.type", "icmpv6.type"] + ANN + WD
    cmd = ["tshark", "-r", cap, "-o", "tcp.reassemble_out_of_order:TRUE", "-Y", "bgp",
           "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    got = collections.Counter()
    for ln in out.splitlines():
        f = ln.split("\t")
        if f[3] or f[4]:
            continue                  # an ICMP error quoting a segment
        src = f[1] or f[2]
        for i, col in enumerate(f[5:]):
            for p in filter(None, col.split("|")):
                got[(src, "announce" if i < len(ANN) else "withdraw", p)] += 1
    return got


def main():
    bgpcap, cap, expect = sys.argv[1:4]
    errors = []
    rows = bgpcap_lines(bgpcap, cap, errors)
    ours = collections.Counter()
    for r in rows:
        act = "withdraw" if r[4] == "withdraw" else "announce"
        ours[(r[1], act, r[5].split("/")[0])] += 1
    theirs = tshark_routes(cap)
    for k in sorted(set(ours) | set(theirs)):
        if ours[k] != theirs[k]:
            errors.append(f"tshark: {k} bgpcap {ours[k]} tshark {theirs[k]}")
    ever = set()
    held = collections.defaultdict(dict)
    for r in rows:
        key = (r[1], r[2])
        if r[4] == "announce":
            held[key][(r[5], r[6])] = r
            for nh in r[7].split(","):
                ever.add((r[1], r[2], r[5], nh, r[8]))
        else:
            held[key].pop((r[5], r[6]), None)
    want = collections.defaultdict(set)
    stale = set()
    for line in open(expect):
        if line.startswith("held ") and " stale=true " in line:
            f = line.split()
            stale.add((f[2], f[3], f[4]))
        if not line.startswith("announce "):
            continue
        f = shlex.split(line)
        kv = dict(x.split("=", 1) for x in f[4:])
        t = (f[1], f[2], f[3], kv.get("nexthop"), kv.get("aspath"))
        if t not in ever:
            errors.append(f"{kv.get('source')} holds {t}, never a --routes line")
        if kv.get("source") == "frr-received-routes":
            want[(f[1], f[2])].add(f[3])
    for key, pfx in want.items():
        have = {p for p, _ in held[key]
                if p in pfx or (key[0], key[1], p) not in stale}
        if have != pfx:
            errors.append(f"{key}: held at the end {sorted(have)}, FRR {sorted(pfx)}")
    for e in errors:
        print(f"{cap}: {e}")
    print(f"{cap}: {len(rows)} route lines, {sum(theirs.values())} tshark prefixes")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
