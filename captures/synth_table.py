"""The synthetic full table's model, shared by captures/gen-fulltable.py
(which writes it as a BIRD config and prefix lists for captures/record
fulltable) and bench/rib_verify.py (which checks bgpcap --rib against it).

Deterministic: the same arguments draw the same prefixes, attribute sets
and assignment of prefixes to sets, in the same order of random draws.

Prefix lengths follow a rough Internet-like distribution:
  IPv4: ~58% /24, ~12% /23, ~10% /22, ~14% /19-/21, ~5% /16-/18, ~1% /8-/15
  IPv6: ~55% /48, ~10% /44, ~12% /40 .. /36, ~15% /32, ~8% /29../47 others
AS paths (as sent by the route server, which prepends 65515 itself) have
1..5 further ASNs, so 2..6 ASNs on the wire; ~15% of them are 4-octet ASNs.
"""
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


def add_args(ap):
    """The arguments that fix the table (both scripts take the same)."""
    ap.add_argument("--v4", type=int, default=1000000)
    ap.add_argument("--v6", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--attrsets", type=int, default=4000)


def draw(a):
    """(v4, v6, sets, idx4, idx6): the prefixes ((addr, plen), sorted), the
    attribute sets (path, communities, large communities, med) and for each
    prefix the index of its set (skewed: some sets carry many prefixes)."""
    rng = random.Random(a.seed)
    v4 = gen_v4(rng, a.v4)
    v6 = gen_v6(rng, a.v6)
    sets = gen_attrsets(rng, a.attrsets)
    weights = [1.0 / (i + 1) ** 0.7 for i in range(len(sets))]
    idx4 = rng.choices(range(len(sets)), weights=weights, k=len(v4))
    idx6 = rng.choices(range(len(sets)), weights=weights, k=len(v6))
    return v4, v6, sets, idx4, idx6
