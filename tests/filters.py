#!/usr/bin/env python3
"""Display filters (--prefix, --longer-prefixes, --peer, --type, --nexthop,
--aspath-regex, --community).

  filters.py BGPCAP TMPDIR [CAPTURE...]

1. A crafted capture (tests/pcapgen.py) with known contents: for each filter
   the exact set of message lines bgpcap must print (written here by hand
   from what the capture holds, not from bgpcap's output), in text and the
   same selection in JSON with its "filtered" counts.
2. Each CAPTURE against tshark: tshark's decode of every message (the model
   of tests/tshark_diff.py) filtered here in Python (prefix match with the
   ipaddress module, addresses, type, next hop) must select the same
   messages with the same prefixes as bgpcap's --json with the filter.
3. The filters choose what is printed, never what is checked: the report
   and -w are the same with and without them.
Prints one line per failure; exit 0 when all hold.
"""
import ipaddress
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import (Conn, Writer, KEEPALIVE, attr, as_path, bgp_msg, bgp_notification,  # noqa: E402
                     bgp_open, bgp_update, cap_addpath, cap_as4, cap_mp, cap_rr, med,
                     mp_reach, mp_unreach, next_hop, origin)
import struct  # noqa: E402

BGPCAP = sys.argv[1]
TMP = sys.argv[2]
fails = 0


def fail(msg):
    global fails
    fails += 1
    print("FAIL: " + msg)


def communities(*vals):
    return attr(8, b"".join(struct.pack("!I", v) for v in vals), flags=0xC0)


def large(*triples):
    return attr(32, b"".join(struct.pack("!III", *t) for t in triples), flags=0xC0)


def ext_rt(asn, val):
    return attr(16, struct.pack("!BBHI", 0x00, 0x02, asn, val), flags=0xC0)


LEN = {}


def sent(conn, side, name, msg):
    """Send a message and keep its length (the lines below name it)."""
    LEN[name] = len(msg)
    conn.send(side, msg)


def crafted(path):
    w = Writer(path)
    # session 1: 10.0.1.6 (AS 65001) - 10.0.2.4 (AS 65515), IPv4 and IPv6
    c = Conn(w, "10.0.1.6", "10.0.2.4", aport=40001)
    c.handshake()
    sent(c, 0, "o", bgp_open(65001, 180, "10.0.1.6", [cap_mp(1, 1), cap_mp(2, 1), cap_as4(65001)]))
    c.send(1, bgp_open(65515, 180, "10.0.2.4", [cap_mp(1, 1), cap_mp(2, 1), cap_as4(65515)]))
    c.send(0, KEEPALIVE)
    c.send(1, KEEPALIVE)
    sent(c, 0, 1, bgp_update(attrs=[origin(0), as_path([(2, [65001, 65002])]), next_hop("10.0.1.4"),
                                communities(65001 << 16 | 100, 0xFFFFFF01), large((65001, 1, 2))],
                         nlri=[("10.0.0.0", 16), ("10.0.1.0", 24), ("192.0.2.0", 24)]))
    sent(c, 0, 2, bgp_update(withdrawn=[("10.0.1.0", 24), ("198.51.100.0", 24)]))
    sent(c, 1, 3, bgp_update(attrs=[origin(0), as_path([(2, [65515, 64999])]), ext_rt(65000, 1),
                                mp_reach(2, 1, ["2001:db8:2::4", "fe80::4"],
                                         [("2001:db8:10::", 48), ("2001:db8::", 32)])]))
    sent(c, 1, 4, bgp_update(attrs=[mp_unreach(2, 1, [("2001:db8:10::", 48)])]))
    c.send(1, bgp_notification(6, 2))
    # session 2: 10.0.1.6 - 10.0.2.5 with ADD-PATH for IPv4 unicast both ways
    d = Conn(w, "10.0.1.6", "10.0.2.5", aport=40002)
    d.handshake()
    ap = cap_addpath([(1, 1, 3)])
    d.send(0, bgp_open(65001, 90, "10.0.1.6", [cap_mp(1, 1), cap_rr(), cap_as4(65001), ap]))
    d.send(1, bgp_open(65515, 90, "10.0.2.5", [cap_mp(1, 1), cap_rr(), cap_as4(65515), ap]))
    d.send(0, KEEPALIVE)
    d.send(1, KEEPALIVE)
    sent(d, 0, 5, bgp_update(attrs=[origin(0), as_path([(2, [65001])]), next_hop("10.0.1.4"), med(5)],
                         nlri=[("0.0.0.0", 0, 1), ("10.0.0.0", 16, 2)]))
    d.send(1, bgp_msg(5, struct.pack("!HBB", 1, 0, 1)))
    w.close()


S1 = "10.0.1.6:40001 > 10.0.2.4:179"
S1r = "10.0.2.4:179 > 10.0.1.6:40001"
S2 = "10.0.1.6:40002 > 10.0.2.5:179"
S2r = "10.0.2.5:179 > 10.0.1.6:40002"
U1 = S1 + " UPDATE len {}: announce {} nh 10.0.1.4 path 65001 65002{}"
U3 = S1r + " UPDATE len {}: [IPv6 unicast] announce {} nh 2001:db8:2::4,fe80::4 path 65515 64999{}"
crafted(f"{TMP}/filters.pcap")   # the lengths below are those of the bytes built
LEN1, LEN2, LEN3, LEN4, LEN5 = LEN[1], LEN[2], LEN[3], LEN[4], LEN[5]
ALL1 = U1.format(LEN1, "10.0.0.0/16,10.0.1.0/24,192.0.2.0/24", "")
WD = S1 + f" UPDATE len {LEN2}: withdraw 10.0.1.0/24,198.51.100.0/24"
ALL3 = U3.format(LEN3, "2001:db8:10::/48,2001:db8::/32", "")
UNR = S1r + f" UPDATE len {LEN4}: [IPv6 unicast] withdraw 2001:db8:10::/48"
AP = S2 + f" UPDATE len {LEN5}: announce 0.0.0.0/0 id 1,10.0.0.0/16 id 2 nh 10.0.1.4 path 65001"
NTF = S1r + " NOTIFICATION len 21: Cease/Administrative Shutdown (6/2)"
RR = S2r + " ROUTE-REFRESH len 23: IPv4 unicast normal"
OPENS1 = [S1 + f" OPEN len {LEN['o']}", S1r + f" OPEN len {LEN['o']}"]

# (arguments, the message lines that must be printed, exactly)
CASES = [
    (["--prefix", "10.0.1.0/24"],
     [U1.format(LEN1, "10.0.1.0/24", " (+2 other prefixes)"),
      S1 + f" UPDATE len {LEN2}: withdraw 10.0.1.0/24 (+1 other prefix)"]),
    (["--prefix", "10.0.0.0/16"],
     [U1.format(LEN1, "10.0.0.0/16", " (+2 other prefixes)"),
      S2 + f" UPDATE len {LEN5}: announce 10.0.0.0/16 id 2 nh 10.0.1.4 path 65001 (+1 other prefix)"]),
    (["--prefix", "10.0.0.0/16", "--longer-prefixes"],
     [U1.format(LEN1, "10.0.0.0/16,10.0.1.0/24", " (+1 other prefix)"),
      S1 + f" UPDATE len {LEN2}: withdraw 10.0.1.0/24 (+1 other prefix)",
      S2 + f" UPDATE len {LEN5}: announce 10.0.0.0/16 id 2 nh 10.0.1.4 path 65001 (+1 other prefix)"]),
    (["--prefix", "0.0.0.0/0"],
     [S2 + f" UPDATE len {LEN5}: announce 0.0.0.0/0 id 1 nh 10.0.1.4 path 65001 (+1 other prefix)"]),
    (["--prefix", "0.0.0.0/0", "--longer-prefixes", "--peer", "10.0.2.4"],
     [ALL1, WD]),
    (["--prefix", "2001:db8:10::/48"],
     [U3.format(LEN3, "2001:db8:10::/48", " (+1 other prefix)"), UNR]),
    (["--prefix", "2001:db8::/32", "--longer-prefixes"], [ALL3, UNR]),
    (["--prefix", "2001:db8::/32", "--prefix", "192.0.2.0/24"],
     [U1.format(LEN1, "192.0.2.0/24", " (+2 other prefixes)"),
      U3.format(LEN3, "2001:db8::/32", " (+1 other prefix)")]),
    (["--prefix", "203.0.113.0/24"], []),
    (["--type", "notification", "--type", "route-refresh"], [NTF, RR]),
    (["--type", "update", "--peer", "10.0.2.5"], [AP]),
    (["--peer", "10.0.2.4", "--type", "open"], OPENS1),
    (["--nexthop", "fe80::4"], [ALL3]),
    (["--nexthop", "10.0.1.4"], [ALL1, AP]),
    (["--nexthop", "10.0.1.4", "--prefix", "0.0.0.0/0"],
     [S2 + f" UPDATE len {LEN5}: announce 0.0.0.0/0 id 1 nh 10.0.1.4 path 65001 (+1 other prefix)"]),
    (["--aspath-regex", "_64999$"], [ALL3]),
    (["--aspath-regex", "^65001_"], [ALL1, AP]),
    (["--aspath-regex", "^65001$", "--aspath-regex", "65002"], [ALL1, AP]),
    (["--community", "no-export"], [ALL1]),
    (["--community", "65001:100"], [ALL1]),
    (["--community", "65001:1:2"], [ALL1]),
    (["--community", "65001:1:3"], []),
    (["--community", "RT:65000:1"], [ALL3]),
    (["--community", "no-advertise"], []),
]


def message_lines(out):
    """Message lines of -t output (the records before the summary), without the TCP and other records."""
    res = []
    for line in out.splitlines():
        if line.startswith("summary:"):
            break
        res.append(line)
    return res


def run(args, extra=()):
    return subprocess.run([BGPCAP, "-t", "-r"] + list(args) + list(extra),
                          capture_output=True, text=True)


def short(line):
    """OPEN lines are checked up to their length (their capabilities are not the point)."""
    return line.split(": v4 ", 1)[0] if " OPEN len " in line else line


def check_crafted(path):
    for args, want in CASES:
        p = run([path] + args)
        if p.returncode != 1 or p.stderr:   # the report: session 1 went down
            fail(f"{args}: exit {p.returncode}: {p.stderr.strip()}")
            continue
        got = [short(x) for x in message_lines(p.stdout)]
        if sorted(got) != sorted(want):
            fail(f"{args}: lines differ\n  want: " + "\n        ".join(want) +
                 "\n  got:  " + "\n        ".join(got))
        check_json(path, args, want)


def check_json(path, args, want):
    p = subprocess.run([BGPCAP, "--json", "-r", path] + args, capture_output=True, text=True)
    msgs = [json.loads(x) for x in p.stdout.splitlines()]
    msgs = [m for m in msgs if "length" in m and "type" in m]
    if len(msgs) != len(want):
        fail(f"{args}: JSON has {len(msgs)} messages, text should have {len(want)}")
        return
    has_prefix = "--prefix" in args
    for m in msgs:
        if m["type"] != "UPDATE":
            continue
        shown = len(m["withdrawn"]) + len(m["nlri"])
        for k, lst in (("mp_reach", "nlri"), ("mp_unreach", "withdrawn")):
            shown += len(m["attrs"].get(k, {}).get(lst, []))
        if has_prefix and m.get("filtered", {}).get("shown") != shown:
            fail(f"{args}: JSON filtered {m.get('filtered')} but {shown} prefixes listed")
        if not has_prefix and "filtered" in m:
            fail(f"{args}: JSON has filtered without --prefix")


USAGE = [
    ["--prefix", "10.0.0.0"], ["--prefix", "10.0.0.0/33"], ["--prefix", "10.0.0.1/8"],
    ["--prefix", "2001:db8::/129"], ["--prefix", "10.0.0.0/8x"], ["--prefix", "foo/8"],
    ["--peer", "10.0.0.256"], ["--nexthop", "fe80::1%eth0"], ["--type", "updates"],
    ["--type", "UPDATE"], ["--aspath-regex", "(65001"], ["--community", "65536:1"],
    ["--community", "no_export"], ["--community", "1:2:4294967296"], ["--community", "1:2:3:4"],
    ["--longer-prefixes"],
]


def check_usage(path):
    for args in USAGE:
        p = run([path] + args)
        lines = p.stderr.strip().splitlines()
        if p.returncode != 2 or len(lines) != 1 or not lines[0].startswith("bgpcap: "):
            fail(f"{args}: exit {p.returncode}, stderr {p.stderr.strip()!r}: want 2 and one line")
    p = run([path, "--type", "updat"])
    for name in ("open", "update", "notification", "keepalive", "route-refresh"):
        if name not in p.stderr:
            fail(f"--type updat: the error does not list {name}: {p.stderr.strip()}")


def check_unchanged(path):
    """The report and -w do not depend on the filters."""
    os.chmod(TMP, 0o777)     # -w is written as the unprivileged user when run as root
    args = ["--expect-nexthop", "10.0.1.4", "--expect-peer", "10.0.2.5"]
    base = subprocess.run([BGPCAP, "-q", "-r", path, "-w", f"{TMP}/a.pcap"] + args,
                          capture_output=True, text=True)
    filt = subprocess.run([BGPCAP, "-q", "-r", path, "-w", f"{TMP}/b.pcap", "--type", "keepalive",
                           "--prefix", "203.0.113.0/24"] + args, capture_output=True, text=True)
    if (base.returncode, base.stdout) != (filt.returncode, filt.stdout):
        fail("the report changes with a display filter")
    if open(f"{TMP}/a.pcap", "rb").read() != open(f"{TMP}/b.pcap", "rb").read():
        fail("-w writes other packets with a display filter")


# ------------------------------------------------------------------ tshark as the oracle
def net(s):
    try:
        return ipaddress.ip_network(s.split()[-1] if " " in s else s, strict=False)
    except ValueError:
        return None


def py_prefix(route_prefix, wants, longer):
    n = net(route_prefix)
    if n is None:
        return False
    for w in wants:
        if n.version == w.version and n.prefixlen >= w.prefixlen and \
                (longer or n.prefixlen == w.prefixlen) and n.subnet_of(w):
            return True
    return False


def py_select(model, spec):
    """What the filter spec shows of tshark's messages: [(src, dst, type, sorted prefixes)]."""
    res = []
    for m in model:
        if spec.get("peer") and m["src"] not in spec["peer"] and m["dst"] not in spec["peer"]:
            continue
        if spec.get("type") and m["type"] not in spec["type"]:
            continue
        routes = [r for r in m["routes"] if len(r) > 5]
        if spec.get("nexthop"):
            hops = set()
            for r in routes:
                if r[0] == "announce" and r[6] == "classic" and r[7]:
                    hops.add(r[7])
                elif r[0] == "announce" and r[6] == "mp":
                    hops.update(r[7] or ())
            if m["type"] != "UPDATE" or not hops & set(spec["nexthop"]):
                continue
        pfx = [r[5] for r in routes]
        if spec.get("prefix"):
            if m["type"] != "UPDATE":
                continue
            pfx = [p for p in pfx if py_prefix(p, spec["prefix"], spec.get("longer"))]
            if not pfx:
                continue
        res.append((m["src"], m["dst"], m["type"], tuple(sorted(pfx))))
    return sorted(res)


def spec_args(spec):
    a = []
    for p in spec.get("prefix", []):
        a += ["--prefix", str(p)]
    if spec.get("longer"):
        a.append("--longer-prefixes")
    for k in ("peer", "nexthop"):
        for v in spec.get(k, []):
            a += ["--" + k, v]
    for t in spec.get("type", []):
        a += ["--type", t.lower()]
    return a


def check_tshark(path, specs):
    import tshark_diff
    tm, _ = tshark_diff.tshark_model(path, [])
    for spec in specs:
        bm, rc, err = tshark_diff.bgpcap_model(BGPCAP, path, spec_args(spec))
        got = sorted((m["src"], m["dst"], m["type"],
                      tuple(sorted(r[5] for r in m["routes"] if len(r) > 5))) for m in bm)
        want = py_select(tm, spec)
        if got != want:
            fail(f"{os.path.basename(path)} {spec_args(spec)}: bgpcap shows {len(got)} messages, "
                 f"tshark's decode filtered {len(want)}; first differences: "
                 f"{[x for x in got if x not in want][:2]} / {[x for x in want if x not in got][:2]}")
        if not want:
            fail(f"{os.path.basename(path)} {spec_args(spec)}: the oracle selects nothing "
                 "(a test that cannot fail)")


SPECS = {
    "happy.pcap": [{"prefix": [ipaddress.ip_network("0.0.0.0/0")]},
                   {"prefix": [ipaddress.ip_network("::/0")]},
                   {"peer": ["10.0.2.5"]}, {"peer": ["2001:db8:2::4"], "type": ["KEEPALIVE"]},
                   {"nexthop": ["2001:db8:1::4"]}, {"type": ["OPEN", "NOTIFICATION"]}],
    "withdraw.pcap": [{"prefix": [ipaddress.ip_network("0.0.0.0/0")], "peer": ["10.0.2.4"]},
                      {"prefix": [ipaddress.ip_network("::/0")], "longer": True}],
    "wrong-nexthop.pcap": [{"nexthop": ["10.0.1.6"]}, {"type": ["UPDATE"], "peer": ["10.0.2.4"]}],
    "addpath.pcap": [{"prefix": [ipaddress.ip_network("0.0.0.0/0")]},
                     {"prefix": [ipaddress.ip_network("0.0.0.0/0")], "longer": True}],
    "refresh.pcap": [{"type": ["ROUTE-REFRESH"]}],
}


def main():
    path = f"{TMP}/filters.pcap"
    check_crafted(path)
    check_usage(path)
    check_unchanged(path)
    for cap in sys.argv[3:]:
        specs = SPECS.get(os.path.basename(cap))
        if specs is None:
            fail(f"no filter specs for {cap}")
            continue
        check_tshark(cap, specs)
    print(f"filters: {len(CASES)} crafted cases, {len(USAGE)} usage errors, "
          f"{sum(len(SPECS.get(os.path.basename(c), [])) for c in sys.argv[3:])} tshark comparisons, "
          f"{fails} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
