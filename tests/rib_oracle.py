#!/usr/bin/env python3
"""The daemons' own RIBs as the oracle for bgpcap's decode.

captures/NAME.expect (written by captures/record from vtysh, gobgp and
birdc at the end of the scenario) lists what each daemon says it received:
  announce SPEAKER PEER PREFIX nexthop=X aspath="..." source=...
Checks, for one capture:
  1. every route a daemon holds was decoded by bgpcap on the wire, from that
     speaker to that peer, with that next hop and AS path;
  2. for FRR's Adj-RIB-In (source=frr-received-routes: soft-reconfiguration
     inbound keeps every route received, before policy), the converse too:
     every route bgpcap saw announced and not withdrawn since is in the RIB,
     unless bgpcap flagged it treat-as-withdraw (RFC 7606), as FRR does.
Usage: rib_oracle.py BGPCAP CAPTURE EXPECT. Exit 1 on any difference.
"""
import json
import re
import shlex
import subprocess
import sys


def main():
    bgpcap, cap, expect = sys.argv[1:4]
    truth = []
    for line in open(expect):
        if not line.startswith("announce "):
            continue
        f = shlex.split(line)
        kv = dict(x.split("=", 1) for x in f[4:])
        truth.append((f[1], f[2], f[3], kv.get("nexthop"), kv.get("aspath"), kv.get("source")))
    out = subprocess.run([bgpcap, "-r", cap, "--json"], capture_output=True, text=True)
    if out.returncode not in (0, 1, 3):
        print(f"bgpcap exit {out.returncode}: {out.stderr}")
        return 1
    seen = set()          # (speaker, peer, prefix, nh, path) ever announced
    held = {}             # (speaker, peer, prefix) -> (nh, path, withdraw-treated)
    for line in out.stdout.splitlines():
        o = json.loads(line)
        if o.get("type") != "UPDATE":
            continue
        spk, peer = o["src"], o["dst"]
        a = o.get("attrs", {})
        path = a.get("as_path", "")
        taw = any(e["treatment"] in ("treat-as-withdraw", "session-reset", "afi-safi-disable")
                  for e in o.get("errors", []))
        routes = [(p, a.get("next_hop")) for p in o.get("nlri", [])]
        if "mp_reach" in a:
            nh = a["mp_reach"]["next_hop"][0] if a["mp_reach"]["next_hop"] else None
            routes += [(p, nh) for p in a["mp_reach"]["nlri"]]
        wd = list(o.get("withdrawn", [])) + list(a.get("mp_unreach", {}).get("withdrawn", []))
        for p in wd:
            p = p["prefix"] if isinstance(p, dict) else p
            held.pop((spk, peer, p), None)
        for p, nh in routes:
            p = p["prefix"] if isinstance(p, dict) else p
            seen.add((spk, peer, p, nh, path))
            if taw:
                held.pop((spk, peer, p), None)
            else:
                held[(spk, peer, p)] = (nh, path)
    bad = 0
    for spk, peer, p, nh, path, src in truth:
        if (spk, peer, p, nh, path) not in seen:
            print(f"{src}: {spk} > {peer} {p} next hop {nh} path '{path}' held by the daemon, "
                  "not decoded on the wire")
            bad = 1
    frr_pairs = {(t[0], t[1]) for t in truth if t[5] == "frr-received-routes"}
    frr_rib = {(t[0], t[1], t[2]) for t in truth if t[5] == "frr-received-routes"}
    for (spk, peer, p) in sorted(held):
        if (spk, peer) in frr_pairs and (spk, peer, p) not in frr_rib:
            print(f"frr-received-routes: {spk} > {peer} {p} decoded as held but not in FRR's RIB")
            bad = 1
    print(f"{cap}: {len(truth)} routes from the daemons' RIBs, {len(seen)} announcements decoded: "
          f"{'DIFFERENT' if bad else 'equal'}")
    return bad


if __name__ == "__main__":
    sys.exit(main())
