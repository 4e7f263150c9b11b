#!/usr/bin/env python3
"""Generate a deterministic synthetic "full table" for captures/record fulltable.

Writes a BIRD 2 config fragment (static protocols, one per attribute set, the
attributes set by the static protocol's import filter) and the sorted prefix
lists (one prefix per line) that a benchmark can compare with decoder output.

The table itself (prefixes, attribute sets, which prefix has which set) is
drawn by captures/synth_table.py, which bench/rib_verify.py imports too.
"""
import argparse
import ipaddress
import os
import sys

sys.dont_write_bytecode = True          # no __pycache__ in captures/ (make dist)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synth_table  # noqa: E402  (the model: prefixes, attribute sets, assignment)


def bird_filter(attrs):
    path, comms, lcomms, med = attrs
    cmds = []
    for asn in reversed(path):
        cmds.append(f"bgp_path.prepend({asn});")
    for a, b in comms:
        cmds.append(f"bgp_community.add(({a},{b}));")
    for a, b, c in lcomms:
        cmds.append(f"bgp_large_community.add(({a},{b},{c}));")
    if med is not None:
        # BIRD drops MED on eBGP export unless the export filter sets it; the
        # export filter re-sets it (bgp_med = bgp_med).
        cmds.append(f"bgp_med = {med};")
    return " ".join(cmds)


def main():
    ap = argparse.ArgumentParser()
    synth_table.add_args(ap)
    ap.add_argument("--bird", required=True)
    ap.add_argument("--out-v4", required=True)
    ap.add_argument("--out-v6", required=True)
    a = ap.parse_args()
    v4, v6, sets, idx4, idx6 = synth_table.draw(a)
    with open(a.out_v4, "w") as f:
        for addr, plen in v4:
            f.write(f"{ipaddress.IPv4Address(addr)}/{plen}\n")
    with open(a.out_v6, "w") as f:
        for addr, plen in v6:
            f.write(f"{ipaddress.IPv6Address(addr)}/{plen}\n")
    groups4 = [[] for _ in sets]
    groups6 = [[] for _ in sets]
    for (addr, plen), i in zip(v4, idx4):
        groups4[i].append(f"{ipaddress.IPv4Address(addr)}/{plen}")
    for (addr, plen), i in zip(v6, idx6):
        groups6[i].append(f"{ipaddress.IPv6Address(addr)}/{plen}")
    with open(a.bird, "w") as f:
        for i, attrs in enumerate(sets):
            flt = bird_filter(attrs)
            for fam, groups in (("ipv4", groups4), ("ipv6", groups6)):
                if not groups[i]:
                    continue
                f.write(f"protocol static ft{fam[-1]}_{i} {{\n  {fam} {{ import filter {{ {flt} accept; }}; }};\n")
                for p in groups[i]:
                    f.write(f"  route {p} blackhole;\n")
                f.write("}\n")


if __name__ == "__main__":
    main()
