#!/usr/bin/env python3
"""verify.py: correctness at scale for the bgpcap benchmark.

Reads `bgpcap --json` output on stdin line by line (streaming) and
  * checks that every prefix of the generator's lists (--v4 FILE, --v6 FILE) was announced in an
    UPDATE from a route server (--from ADDR, repeatable) to the NVA (--to ADDR, repeatable), in
    `nlri` or `attrs.mp_reach.nlri`; reports counts and the differences both ways;
  * counts BGP messages per direction and type and compares them with tshark's counts
    (--tshark FILE: the output of `tshark -T fields -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst
    -e bgp.type`, several messages of one segment comma-joined on one line).
Prints a report; exit status 0 when every generated prefix was found, no prefix was announced that
the generator did not make (exactly --extra FAM=N of them: the small sets the recorder adds), and bgpcap saw
exactly as many messages as tshark in every direction/type; 1 otherwise.
"""
import argparse
import collections
import ipaddress
import json
import sys

TYPES = {"1": "OPEN", "2": "UPDATE", "3": "NOTIFICATION", "4": "KEEPALIVE", "5": "ROUTE-REFRESH"}
BGP_TYPES = set(TYPES.values())


def norm(p):
    try:
        return str(ipaddress.ip_network(p, strict=False))
    except ValueError:
        return p


def load(path):
    with open(path) as f:
        return {line.strip() for line in f if line.strip()}


def pfx(x):
    return x.get("prefix", "") if isinstance(x, dict) else x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--v4", required=True)
    ap.add_argument("--v6", required=True)
    ap.add_argument("--from", dest="frm", action="append", required=True)
    ap.add_argument("--to", action="append", required=True)
    ap.add_argument("--tshark")
    ap.add_argument("--max-show", type=int, default=10)
    ap.add_argument("--extra", action="append", default=[],
                    help="FAM=N: exactly N announced prefixes of FAM (ipv4, ipv6) are not in the "
                         "generator's lists (the recorder's small sets); default 0")
    a = ap.parse_args()
    frm, to = set(a.frm), set(a.to)

    seen = set()
    counts = collections.Counter()
    other = collections.Counter()
    bad_lines = 0
    for line in sys.stdin:
        try:
            m = json.loads(line)
        except ValueError:
            bad_lines += 1
            continue
        t = m.get("type")
        if t in BGP_TYPES:
            counts[(m.get("src"), m.get("dst"), t)] += 1
        else:
            other[t] += 1
        if t != "UPDATE" or m.get("src") not in frm or m.get("dst") not in to:
            continue
        for x in m.get("nlri") or ():
            seen.add(pfx(x))
        mp = (m.get("attrs") or {}).get("mp_reach")
        if mp:
            for x in mp.get("nlri") or ():
                seen.add(pfx(x))

    ok = True
    print("== prefixes: generator lists vs bgpcap --json (UPDATEs %s -> %s)" % (
        ",".join(sorted(frm)), ",".join(sorted(to))))
    seen_norm = None
    for fam, path in (("ipv4", a.v4), ("ipv6", a.v6)):
        gen = load(path)
        missing = gen - seen
        if missing:  # only pay for normalisation when plain strings differ
            if seen_norm is None:
                seen_norm = {norm(p) for p in seen}
            missing = {p for p in missing if norm(p) not in seen_norm}
        fam_seen = {p for p in seen if (":" in p) == (fam == "ipv6")}
        extra = fam_seen - gen
        print("%s: generated %d, announced (distinct) %d, generated found %d, missing %d, "
              "announced but not generated %d" % (fam, len(gen), len(fam_seen), len(gen) - len(missing),
                                                 len(missing), len(extra)))
        if missing:
            ok = False
            print("  missing: " + " ".join(sorted(missing)[:a.max_show]))
        if extra:
            print("  not generated (small sets etc.): " + " ".join(sorted(extra)[:a.max_show]))
        want_extra = dict(x.split("=") for x in a.extra).get(fam, "0")
        if len(extra) != int(want_extra):
            ok = False
            print("  %d announced but not generated, expected exactly %s: FAIL" % (len(extra), want_extra))
    if bad_lines:
        print("unparsable JSON lines: %d" % bad_lines)
        ok = False

    print("== BGP messages per direction and type: bgpcap --json vs tshark")
    tsh = collections.Counter()
    if a.tshark:
        with open(a.tshark) as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 5 or not cols[4]:
                    continue
                src = cols[0] or cols[2]
                dst = cols[1] or cols[3]
                for ty in cols[4].split(","):
                    tsh[(src, dst, TYPES.get(ty, "type" + ty))] += 1
    keys = sorted(set(counts) | set(tsh))
    tot_b = tot_t = 0
    print("%-16s %-16s %-14s %9s %9s %s" % ("src", "dst", "type", "bgpcap", "tshark", "note"))
    for k in keys:
        b, t = counts.get(k, 0), tsh.get(k, 0)
        tot_b += b
        tot_t += t
        note = ""
        if a.tshark and b != t:
            # either way is a failure: more messages than tshark means bgpcap
            # invented or double-counted some (e.g. retransmissions)
            note = "bgpcap has %d more" % (b - t) if b > t else "bgpcap misses %d" % (t - b)
            ok = False
        print("%-16s %-16s %-14s %9d %9s %s" % (k[0], k[1], k[2], b, t if a.tshark else "-", note))
    print("total BGP messages: bgpcap %d, tshark %s" % (tot_b, tot_t if a.tshark else "-"))
    if other:
        print("other JSON records: " + ", ".join("%s %d" % (k, v) for k, v in sorted(other.items(), key=str)))
    print("RESULT: %s" % ("OK" if ok else "DIFFERENCES"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
