#!/usr/bin/env python3
"""Issue 12's "no NLRI or known attribute as bare hex", checked on the
decoded JSON of every capture of ../shared/peer-captures (written by
tests/peer-captures.sh). Usage: nohex.py CONF NAMES DIR, where NAMES has
one "N<TAB>relative path" line per DIR/j.N.json.

A finding is an UPDATE whose NLRI entry or known attribute (one in
bgpcap's table: its JSON object has a "name") is printed as hex:
  - an NLRI entry that is a "0x..." string (a family bgpcap does not decode)
    or a {"type": "malformed", "hex": ...} object,
  - an attribute object {"code", "flags", "name", "hex"},
  - an entry of a list attribute that is "0x..." (an extended community of
    a type bgpcap does not name).
A finding is explained when the message carries an error that names it
(the attribute's name, or the family's "... NLRI"): RFC 7606 says what a
receiver does and bgpcap shows the bytes it could not decode (design rule
7). Every other finding must be listed in CONF as "FILE KIND REASON";
a listed one not found fails too (the entry is stale)."""
import json
import os
import sys

NLRI_KEYS = (("nlri",), ("withdrawn",), ("attrs", "mp_reach", "nlri"),
             ("attrs", "mp_unreach", "withdrawn"))


def dig(m, path):
    for k in path:
        if not isinstance(m, dict) or k not in m:
            return None
        m = m[k]
    return m


def is_hex(v):
    return isinstance(v, str) and v.startswith("0x")


def findings(m):
    """(kind, detail) for each hex-printed NLRI entry or known attribute."""
    out = []
    fam = "%s/%s" % (dig(m, ("attrs", "mp_reach", "afi")) or dig(m, ("attrs", "mp_unreach", "afi")),
                     dig(m, ("attrs", "mp_reach", "safi")) or dig(m, ("attrs", "mp_unreach", "safi")))
    for path in NLRI_KEYS:
        for e in dig(m, path) or []:
            if is_hex(e):
                out.append(("nlri-hex", "%s %s" % (fam, e[:40])))
            elif isinstance(e, dict) and e.get("type") == "malformed":
                out.append(("nlri-malformed", "%s %s" % (fam, str(e.get("hex"))[:40])))
            elif isinstance(e, dict):
                for k, v in e.items():
                    if is_hex(v) and len(v) > 10:
                        out.append(("nlri-field-hex", "%s %s %s" % (fam, k, v[:40])))
    for k, v in (m.get("attrs") or {}).items():
        if isinstance(v, dict) and "hex" in v and "name" in v:
            out.append(("attr-hex", v["name"]))
        elif isinstance(v, list):
            for x in v:
                if is_hex(x):
                    out.append(("entry-hex", "%s %s" % (k, x)))
    return out


def explained(m, kind, detail):
    errs = [e.get("what", "") for e in m.get("errors") or []]
    if kind == "attr-hex":
        return any(detail in w or detail.replace("_", " ") in w for w in errs)
    if kind == "nlri-malformed":
        return any("NLRI" in w for w in errs)
    return False


def main():
    conf, names, d = sys.argv[1:4]
    allow = {}
    for line in open(conf):
        line = line.strip()
        if line and not line.startswith("#"):
            f, kind, why = line.split(None, 2)
            allow[(f, kind)] = [why, 0]
    bad = stale = n = 0
    for line in open(names):
        i, rel = line.rstrip("\n").split("\t", 1)
        with open(os.path.join(d, "j.%s.json" % i)) as fp:
            for k, raw in enumerate(fp, 1):
                m = json.loads(raw)
                if m.get("type") != "UPDATE":
                    continue
                n += 1
                for kind, detail in findings(m):
                    if explained(m, kind, detail):
                        continue
                    a = allow.get((rel, kind))
                    if a:
                        a[1] += 1
                        continue
                    bad += 1
                    print("FAIL %s message %d (frame %s): %s: %s"
                          % (rel, k, m.get("frame"), kind, detail))
    for (f, kind), (why, hits) in sorted(allow.items()):
        if hits == 0:
            stale += 1
            print("FAIL stale allowlist entry (no longer found): %s %s" % (f, kind))
        else:
            print("allowed: %s %s (%d): %s" % (f, kind, hits, why))
    print("nohex: %d UPDATEs, %d unexplained hex, %d stale entries" % (n, bad, stale))
    return 1 if bad or stale else 0


if __name__ == "__main__":
    sys.exit(main())
