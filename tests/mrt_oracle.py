#!/usr/bin/env python3
"""mrt_oracle.py - bgpcap's reading of an MRT file against bgpdump's, route by
route and field by field.

    mrt_oracle.py BGPCAP MRTFILE [EXPECTED]

EXPECTED is the `bgpdump -m` output for MRTFILE (gzip-compressed if its
name ends in .gz), as bgpdump's own test suite keeps it in
../shared/peer-mrt/test_expect/; without it `bgpdump -m MRTFILE` is run.
Every bgpdump line (one per route, withdrawal or state change) becomes a
tuple of its fields: record type, time (microseconds for BGP4MP_ET), action,
peer address, peer AS, prefix, path id, AS path, origin, next hop, local
pref, MED, communities, atomic aggregate, aggregator. bgpcap's --json
output is turned into the same tuples; the two multisets must be equal.
Prints one line per difference (class "mrt:") and a summary; exit 1 when
they differ. tshark_diff.py calls compare() for the MRT files of the corpus.
"""
import collections
import gzip
import ipaddress
import json
import re
import subprocess
import sys

STATES = {"Idle": 1, "Connect": 2, "Active": 3, "OpenSent": 4, "OpenConfirm": 5,
          "Established": 6}
# bgpdump -m's names for the well-known communities (RFC 1997)
WELL_KNOWN = {"65535:65281": "no-export", "65535:65282": "no-advertise",
              "65535:65283": "no-export-subconfed"}
FIELDS = ("type", "time", "action", "peer", "peer_as", "prefix", "path_id", "as_path",
          "origin", "next_hop", "local_pref", "med", "communities", "atomic", "aggregator")


def expected_lines(mrt, expect=None):
    if expect:
        opener = gzip.open if expect.endswith(".gz") else open
        with opener(expect, "rt", encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()
    p = subprocess.run(["bgpdump", "-m", mrt], capture_output=True, text=True,
                       errors="replace")
    return p.stdout.splitlines()


def canon(a):
    """An address in one text form (RFC 5952): bgpdump's inet_ntop shortens a
    single zero group with '::' (2001:7f8:30::2:1:0:8447), bgpcap does not."""
    try:
        return str(ipaddress.ip_address(a))
    except ValueError:
        return a


def canon_prefix(p):
    a, _, l = p.partition("/")
    return f"{canon(a)}/{l}" if l else p


NONE_NH = "255.255.255.255"     # bgpdump's next hop when the route has none


def from_bgpdump(line):
    """One bgpdump -m line as a tuple of FIELDS (None where it has none)."""
    f = line.split("|")
    f[3] = canon(f[3])
    if len(f) > 5:
        f[5] = canon_prefix(f[5])
    kind, t, act = f[0], f[1], f[2]
    if act == "STATE":
        return (kind, t, "STATE", f[3], f[4], f"{f[5]}->{f[6]}") + (None,) * 9
    if act == "W":
        return (kind, t, "W", f[3], f[4], f[5]) + (None,) * 9
    pid = None
    if kind.endswith("_AP"):          # ADD-PATH: the path id after the prefix
        pid = f[6]
        f = f[:6] + f[7:]
    comm = " ".join(f[11].split())
    nh, origin = canon(f[8]), f[7]
    if nh == NONE_NH:
        # bgpdump's defaults for an entry without attributes: no next hop,
        # and INCOMPLETE when there is no ORIGIN either (no AS path either)
        nh = ""
        if origin == "INCOMPLETE" and f[6] == "":
            origin = ""
    return (kind, t, act, f[3], f[4], f[5], pid, f[6], origin, nh, f[9], f[10], comm,
            f[12], f[13] if len(f) > 13 else "")


def bgpdump_time(o, kind):
    """RFC 3339 time (microseconds) -> bgpdump's epoch form."""
    from datetime import datetime, timezone
    t = datetime.strptime(o["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    sec = int(t.timestamp())
    return f"{sec}.{t.microsecond:06d}" if kind.startswith("BGP4MP_ET") else str(sec)


def kind_of(mrt):
    """bgpdump's name of the record type: _AP for the RFC 8050 subtypes."""
    ap = "_AP" if "ADDPATH" in mrt["subtype"] else ""
    if mrt["type"] == "TABLE_DUMP_V2":
        return "TABLE_DUMP2" + ap
    return mrt["type"] + ap


def prefixes(lst):
    for p in lst:
        yield (canon_prefix(p["prefix"]), str(p["path_id"])) if isinstance(p, dict) \
            else (canon_prefix(p), None)


def route_attrs(a, v6):
    """The attribute fields of an announced route, as bgpdump -m shows them."""
    comm = " ".join(WELL_KNOWN.get(c, c) for c in a.get("communities", []))
    aggr = a.get("aggregator")
    nh = a.get("next_hop", "")
    if v6:
        nhs = a.get("mp_reach", {}).get("next_hop", [])
        nh = nhs[0] if nhs else ""
    return (a.get("as_path", ""), a.get("origin", ""), canon(nh) if nh else "", str(a.get("local_pref", 0)),
            str(a.get("med", 0)), comm, "AG" if a.get("atomic_aggregate") else "NAG",
            f"{aggr['asn']} {aggr['address']}" if aggr else "")


def from_bgpcap(o):
    """The tuples of one bgpcap JSON record."""
    if o.get("type") == "note":
        m = re.match(r"BGP state of peer AS (\d+): (\w+) -> (\w+)$", o.get("what", ""))
        if m:
            yield ("?", o["time"], "STATE", canon(o["src"]), m.group(1),
                   f"{STATES.get(m.group(2), 0)}->{STATES.get(m.group(3), 0)}") + (None,) * 9
        return
    mrt = o.get("mrt")
    if not mrt or o.get("type") not in ("UPDATE", "RIB"):
        return
    kind = kind_of(mrt)
    t = bgpdump_time(o, kind)
    peer, pas = canon(o["src"]), str(mrt["peer_as"])
    a = o.get("attrs", {})
    if o["type"] == "UPDATE":
        wd = list(prefixes(o.get("withdrawn", [])))
        wd += prefixes(a.get("mp_unreach", {}).get("withdrawn", []))
        for p, _ in wd:
            yield (kind, t, "W", peer, pas, p) + (None,) * 9
    act = "B" if o["type"] == "RIB" else "A"
    for p, pid in prefixes(o.get("nlri", [])):
        yield (kind, t, act, peer, pas, p, pid) + route_attrs(a, False)
    for p, pid in prefixes(a.get("mp_reach", {}).get("nlri", [])):
        yield (kind, t, act, peer, pas, p, pid) + route_attrs(a, True)


def state_key(t):
    """STATE lines: bgpcap's note does not say which MRT type the record was;
    compare them on time, peer, AS and states."""
    if t[2] != "STATE":
        return t
    tm = t[1]
    if "T" in tm:
        from datetime import datetime, timezone
        d = datetime.strptime(tm, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        tm = str(int(d.timestamp())) + (f".{d.microsecond:06d}" if d.microsecond else "")
    elif tm.endswith(".000000"):
        tm = tm[:-7]
    return ("STATE", tm) + t[2:]


def describe(t):
    return "|".join("" if x is None else str(x) for x in t)


def compare(bgpcap, mrt, expect=None, limit=20):
    """(differences, number of routes compared)"""
    p = subprocess.run([bgpcap, "-r", mrt, "--json"], capture_output=True, text=True,
                       errors="replace")
    if p.returncode not in (0, 1, 3):
        return [f"unread: bgpcap exit status {p.returncode}: {p.stderr.strip()[:120]}"], 0
    ours = collections.Counter()
    for line in p.stdout.splitlines():
        for t in from_bgpcap(json.loads(line)):
            ours[state_key(t)] += 1
    theirs = collections.Counter(state_key(from_bgpdump(l)) for l in expected_lines(mrt, expect)
                                 if l.strip())
    diffs = []
    for t in sorted(set(ours) | set(theirs), key=describe):
        n_o, n_t = ours.get(t, 0), theirs.get(t, 0)
        if n_o != n_t:
            diffs.append(f"mrt: bgpcap {n_o} bgpdump {n_t}: {describe(t)}")
    if len(diffs) > limit:
        diffs = diffs[:limit] + [f"mrt: ... and {len(diffs) - limit} more differing routes"]
    return diffs, sum(theirs.values())


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    diffs, n = compare(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None,
                       limit=10**9)
    for d in diffs:
        print(d)
    print(f"{sys.argv[2]}: {n} bgpdump lines, {len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
