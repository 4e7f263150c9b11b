#!/usr/bin/env python3
"""Generate a deterministic synthetic "full table" for captures/record fulltable.

Writes a BIRD 2 config fragment (static protocols, one per attribute set, the
attributes set by the static protocol's import filter) and the sorted prefix
lists (one prefix per line) that a benchmark can compare with decoder output.

Prefix lengths follow a rough Internet-like distribution:
  IPv4: ~58% /24, ~12% /23, ~10% /22, ~14% /19-/21, ~5% /16-/18, ~1% /8-/15
  IPv6: ~55% /48, ~10% /44, ~12% /40 .. /36, ~15% /32, ~8% /29../47 others
AS paths (as sent by the route server, which prepends 65515 itself) have
1..5 further ASNs, so 2..6 ASNs on the wire; ~15% of them are 4-octet ASNs.
"""
import argparse
import ipaddress
import random

V4_LENS = [(24, 58), (23, 12), (22, 10), (21, 6), (20, 5), (19, 3), (18, 2),
           (17, 1.5), (16, 1.5), (15, 0.3), (14, 0.3), (13, 0.2), (12, 0.1), (8, 0.1)]
V6_LENS = [(48, 55), (44, 10), (40, 7), (36, 5), (32, 15), (29, 2), (46, 2), (47, 2), (42, 2)]

# first octets that are not used (private, loopback, multicast, the lab's own 10/8)
V4_BAD_FIRST = {0, 10, 100, 127, 169, 172, 192, 198, 203} | set(range(224, 256))


def pick(rng, table):
    total = sum(w for _, w in table)
    x = rng.random() * total
    for v, w in table:
        x -= w
        if x < 0:
            return v
    return table[-1][0]


def gen_v4(rng, n):
    seen = set()
    while len(seen) < n:
        plen = pick(rng, V4_LENS)
        first = rng.randrange(1, 224)
        if first in V4_BAD_FIRST:
            continue
        addr = (first << 24) | rng.getrandbits(24)
        addr &= (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF
        seen.add((addr, plen))
    return sorted(seen)


def gen_v6(rng, n):
    seen = set()
    while len(seen) < n:
        plen = pick(rng, V6_LENS)
        # 2001::/16 .. 2c0f::/16 style global unicast, avoiding 2001:db8::/32
        top = rng.choice([0x2001, 0x2400, 0x2600, 0x2800, 0x2a00, 0x2a01, 0x2a02, 0x2c0f,
                          0x2403, 0x2604, 0x2605, 0x2406, 0x2a03, 0x2a05])
        addr = (top << 112) | (rng.getrandbits(48) << 64)
        if (addr >> 96) == 0x20010db8:
            continue
        addr &= ((1 << 128) - 1) ^ ((1 << (128 - plen)) - 1)
        seen.add((addr, plen))
    return sorted(seen)


def gen_attrsets(rng, count):
    sets = []
    for i in range(count):
        plen = rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5])
        path = [12076] if rng.random() < 0.5 else []
        while len(path) < plen:
            r = rng.random()
            if r < 0.15:
                path.append(rng.randrange(4200000000, 4294967294) if rng.random() < 0.3
                            else rng.randrange(131072, 400000))
            else:
                asn = rng.randrange(1, 64496)
                if asn == 23456:  # AS_TRANS: the NVA's bogon filter would drop the route
                    asn = 23457
                path.append(asn)
        comms = [(rng.choice([12076, 65515, path[-1] if path[-1] < 65536 else 12076]),
                  rng.randrange(0, 65536)) for _ in range(rng.choice([0, 1, 1, 2, 3]))]
        lcomms = [(path[-1], rng.randrange(0, 100), rng.randrange(0, 1000))
                  for _ in range(rng.choice([0, 0, 0, 1, 2]))]
        med = rng.choice([None, None, 0, 10, 100, rng.randrange(0, 5000)])
        sets.append((path, comms, lcomms, med))
    return sets


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
    ap.add_argument("--v4", type=int, default=1000000)
    ap.add_argument("--v6", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--attrsets", type=int, default=4000)
    ap.add_argument("--bird", required=True)
    ap.add_argument("--out-v4", required=True)
    ap.add_argument("--out-v6", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    v4 = gen_v4(rng, a.v4)
    v6 = gen_v6(rng, a.v6)
    sets = gen_attrsets(rng, a.attrsets)
    with open(a.out_v4, "w") as f:
        for addr, plen in v4:
            f.write(f"{ipaddress.IPv4Address(addr)}/{plen}\n")
    with open(a.out_v6, "w") as f:
        for addr, plen in v6:
            f.write(f"{ipaddress.IPv6Address(addr)}/{plen}\n")
    # assign prefixes to attribute sets (skewed: some sets carry many prefixes)
    groups4 = [[] for _ in sets]
    groups6 = [[] for _ in sets]
    weights = [1.0 / (i + 1) ** 0.7 for i in range(len(sets))]
    idx4 = rng.choices(range(len(sets)), weights=weights, k=len(v4))
    idx6 = rng.choices(range(len(sets)), weights=weights, k=len(v6))
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
