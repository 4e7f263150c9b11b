#!/usr/bin/env python3
"""bgpcap -q --rib --json on the full table against what captures/gen-fulltable.py generated.

The table is deterministic (seed, counts, attribute sets): this imports
captures/synth_table.py, the model gen-fulltable.py writes for BIRD, draws
the same prefixes, attribute sets and assignment, and
checks that the routes BIRD (10.0.2.5, 2001:db8:2::5) sent the NVA are
all held, each exactly once, with the AS path (65515 prepended by BIRD),
communities, large communities, MED and next hop of its set, and that
the NVA holds nothing else from it but the lab's own routes (--extra).

Usage: bgpcap -q --rib --json -r fulltable.pcap | rib_verify.py [--v4 N] [--v6 N]
Exit 1 on any difference (the first ones are printed).
"""
import argparse
import ipaddress
import json
import os
import sys

sys.dont_write_bytecode = True          # no __pycache__ in captures/ (make dist)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "captures"))
import synth_table  # noqa: E402  (the model gen-fulltable.py writes for BIRD)


def expected(a):
    """prefix -> (as_path, communities, large, med, family), as synth_table.draw() made them."""
    v4, v6, sets, idx4, idx6 = synth_table.draw(a)
    want = {}
    for fam, prefixes, idx, cls in ((4, v4, idx4, ipaddress.IPv4Address),
                                    (6, v6, idx6, ipaddress.IPv6Address)):
        for (addr, plen), i in zip(prefixes, idx):
            path, comms, lcomms, med = sets[i]
            want[f"{cls(addr)}/{plen}"] = (
                " ".join(str(x) for x in [65515] + path),
                sorted(f"{x}:{y}" for x, y in comms),
                sorted(f"{x}:{y}:{z}" for x, y, z in lcomms),
                med, fam)
    return want


def main():
    ap = argparse.ArgumentParser()
    synth_table.add_args(ap)
    ap.add_argument("--extra", type=int, default=20,
                    help="routes from the route server that are the lab's own, not generated")
    a = ap.parse_args()
    want = expected(a)
    nh = {4: "10.0.2.5", 6: "2001:db8:2::5"}
    senders = {("10.0.2.5", "10.0.1.6"), ("2001:db8:2::5", "2001:db8:1::6")}
    seen, bad, extra, n = set(), [], 0, 0
    for line in sys.stdin:
        o = json.loads(line)
        if o.get("type") != "rib" or (o["from"], o["to"]) not in senders:
            continue
        n += 1
        p = o["prefix"]
        if p not in want:
            extra += 1
            continue
        path, comms, lcomms, med, fam = want[p]
        got = (o["as_path"], sorted(o["communities"]), sorted(o["large_communities"]),
               o["med"], o["next_hop"])
        if p in seen:
            bad.append(f"{p}: held twice")
        elif got != (path, comms, lcomms, med, nh[fam]):
            bad.append(f"{p}: got {got}, generated {(path, comms, lcomms, med, nh[fam])}")
        seen.add(p)
    missing = [p for p in want if p not in seen]
    for b in bad[:10]:
        print(b)
    for p in missing[:10]:
        print(f"{p}: generated, not held")
    ok = not bad and not missing and extra <= a.extra
    print(f"rib_verify: {n} routes held from the route server, {len(want)} generated, "
          f"{len(missing)} missing, {len(bad)} wrong, {extra} others: {'ok' if ok else 'WRONG'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
