#!/usr/bin/env python3
"""Differential test: bgpcap --json against tshark (Wireshark's BGP dissector).

For one capture, compares
  - message counts by (source, destination, type), and
  - every announced and withdrawn prefix with its next hop and AS path.
tshark runs with tcp.reassemble_out_of_order:TRUE (with its default it loses
messages after spurious retransmissions). Differences that come from known
tshark behaviour are listed with the reason and do not fail the test:
  - BGP bytes quoted inside ICMP errors are decoded by tshark as messages;
  - tshark guesses ADD-PATH / AS size when it did not see the OPEN;
  - tshark caps messages at 4096 bytes (RFC 8654 extended messages);
  - tshark does not know RFC 9072 extended optional parameters.
Exit 0: equal (apart from explained differences); 1: unexplained difference.
"""
import collections
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

TYPES = {1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION", 4: "KEEPALIVE", 5: "ROUTE-REFRESH"}


def fields(elem, name):
    return [f for f in elem.iter("field") if f.get("name") == name]


def tshark_messages(path):
    cmd = ["tshark", "-r", path, "-o", "tcp.reassemble_out_of_order:TRUE",
           "-T", "pdml"]
    xml = subprocess.run(cmd, check=True, capture_output=True).stdout
    root = ET.fromstring(xml)
    out = []
    for pkt in root.iter("packet"):
        src = dst = None
        in_icmp = False
        for proto in pkt:
            name = proto.get("name")
            if name in ("ip", "ipv6") and src is None:
                for f in proto:
                    if f.get("name") in ("ip.src", "ipv6.src"):
                        src = f.get("show")
                    if f.get("name") in ("ip.dst", "ipv6.dst"):
                        dst = f.get("show")
            if name in ("icmp", "icmpv6"):
                in_icmp = True
                # BGP quoted inside: nested bgp protos
                for b in proto.iter("proto"):
                    if b.get("name") == "bgp":
                        out.append(("icmp", src, dst, b))
            if name == "bgp":
                out.append(("icmp" if in_icmp else "tcp", src, dst, proto))
    return out


def tshark_update(b):
    """(action, prefix, nexthop, aspath) tuples of one UPDATE proto element."""
    res = []
    nh = None
    aspath = []
    for attr in fields(b, "bgp.update.path_attribute"):
        tc = [f.get("show") for f in attr if f.get("name") == "bgp.update.path_attribute.type_code"]
        tc = int(tc[0]) if tc else 0
        if tc == 3:
            v = fields(attr, "bgp.update.path_attribute.next_hop")
            if v:
                nh = v[0].get("show")
        if tc == 14:
            for f in attr.iter("field"):
                n = f.get("name")
                if n in ("bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6",
                         "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv4"):
                    nh = nh_mp = f.get("show")
                    break
        if tc == 2:
            for seg in fields(attr, "bgp.update.path_attribute.as_path_segment"):
                st = [f.get("show") for f in seg if f.get("name").endswith("as_path_segment.type")]
                asns = [f.get("show") for f in seg
                        if f.get("name") in ("bgp.update.path_attribute.as_path_segment.as2",
                                             "bgp.update.path_attribute.as_path_segment.as4")]
                t = int(st[0]) if st else 2
                if t == 2:
                    aspath.append(" ".join(asns))
                elif t == 1:
                    aspath.append("{" + ",".join(asns) + "}")
                elif t == 3:
                    aspath.append("(" + " ".join(asns) + ")")
                else:
                    aspath.append("[" + ",".join(asns) + "]")
    path = " ".join(aspath)
    # prefixes: walk in document order, pairing *_prefix with the preceding length
    plen = None
    for f in b.iter("field"):
        n = f.get("name")
        if n == "bgp.prefix_length":
            plen = f.get("show")
        elif n == "bgp.label_stack" and plen is not None:
            # tshark's prefix length counts the label stack and the RD
            plen = str(int(plen) - 24 * len(f.get("show").split(",")))
        elif n == "bgp.rd" and plen is not None:
            plen = str(int(plen) - 64)
        elif n in ("bgp.nlri_prefix", "bgp.mp_reach_nlri_ipv4_prefix", "bgp.mp_reach_nlri_ipv6_prefix"):
            res.append(("announce", f"{f.get('show')}/{plen}", nh, path))
        elif n in ("bgp.withdrawn_prefix", "bgp.mp_unreach_nlri_ipv4_prefix",
                   "bgp.mp_unreach_nlri_ipv6_prefix"):
            res.append(("withdraw", f"{f.get('show')}/{plen}", None, None))
    return res


def bgpcap_messages(bgpcap, path):
    p = subprocess.run([bgpcap, "-r", path, "--json"], capture_output=True, text=True)
    if p.returncode not in (0, 1, 3):
        print(f"bgpcap exit status {p.returncode}: {p.stderr.strip()}")
        sys.exit(1)
    msgs = []
    for line in p.stdout.splitlines():
        o = json.loads(line)
        if "length" in o and "src" in o:
            msgs.append(o)
    return msgs


def pfx(p):
    """The prefix as tshark shows it: without path id, RD or labels."""
    s = p["prefix"] if isinstance(p, dict) else p
    if s.startswith("RD "):
        s = s.split(" ", 2)[2]
    return s.split(" label ")[0]


explained = []


def scalar(v):
    """An attribute bgpcap could not decode is an object (code, flags, hex)."""
    return v if v is None or isinstance(v, str) else json.dumps(v, sort_keys=True)


def bgpcap_update(o):
    res = []
    attrs = {k: (v if k in ("mp_reach", "mp_unreach") else scalar(v))
             for k, v in o.get("attrs", {}).items()}
    path = attrs.get("as_path", "")
    if "as_path_raw" in attrs:
        explained.append("tshark shows AS_PATH as sent (AS_TRANS 23456); bgpcap compares that, "
                         "and reports the RFC 6793 effective path " + repr(path) + " besides")
        path = attrs["as_path_raw"]
    for p in o.get("withdrawn", []):
        res.append(("withdraw", pfx(p), None, None))
    mu = attrs.get("mp_unreach")
    if mu:
        for p in mu.get("withdrawn", []):
            res.append(("withdraw", pfx(p), None, None))
    for p in o.get("nlri", []):
        res.append(("announce", pfx(p), attrs.get("next_hop"), path))
    mr = attrs.get("mp_reach")
    if mr:
        nh = mr["next_hop"][0] if mr.get("next_hop") else None
        for p in mr.get("nlri", []):
            res.append(("announce", pfx(p), nh, path))
    return res


def main():
    bgpcap, path = sys.argv[1], sys.argv[2]
    ts = tshark_messages(path)
    bc = bgpcap_messages(bgpcap, path)

    t_count = collections.Counter()
    t_routes = collections.Counter()
    for where, src, dst, b in ts:
        ty = [f.get("show") for f in b if f.get("name") == "bgp.type"]
        ty = TYPES.get(int(ty[0]), "UNKNOWN") if ty else "UNKNOWN"
        if where == "icmp":
            explained.append(f"tshark decodes a {ty} quoted inside an ICMP error ({src} > {dst}); "
                             "bgpcap reports the ICMP error instead")
            continue
        t_count[(src, dst, ty)] += 1
        if ty == "UPDATE":
            for r in tshark_update(b):
                t_routes[(src, dst) + r] += 1
    b_count = collections.Counter()
    b_routes = collections.Counter()
    for o in bc:
        b_count[(o["src"], o["dst"], o["type"])] += 1
        if o["type"] == "UPDATE":
            for r in bgpcap_update(o):
                b_routes[(o["src"], o["dst"]) + r] += 1
            if o.get("inferred", {}).get("ambiguous"):
                explained.append(f"message {o['frame']}: OPEN not captured, readings "
                                 f"{o['inferred']['valid_readings']} all valid; tshark guesses one")

    bad = 0
    for k in sorted(set(t_count) | set(b_count), key=str):
        if t_count[k] != b_count[k]:
            print(f"count {k}: tshark {t_count[k]}, bgpcap {b_count[k]}")
            bad = 1
    for k in sorted(set(t_routes) | set(b_routes), key=str):
        if t_routes[k] != b_routes[k]:
            print(f"route {k}: tshark {t_routes[k]}, bgpcap {b_routes[k]}")
            bad = 1
    for e in sorted(set(explained)):
        print("explained:", e)
    print(f"{path}: {sum(b_count.values())} messages, {sum(b_routes.values())} routes compared; "
          f"{'DIFFERENT' if bad else 'equal'}")
    return bad


if __name__ == "__main__":
    sys.exit(main())
