#!/usr/bin/env python3
"""The ExaBGP oracle: bgpcap against ExaBGP's own JSON decode, field by field.

  exabgp_oracle.py BGPCAP CONF DECODING_DIR [VECTOR...]

Each file of DECODING_DIR (../shared/peer-captures/exabgp-qa/decoding) holds
a kind line ("update l2vpn evpn", "open", "nlri bgp-ls bgp-ls"), the message
in hex (a whole message, a body without the 19-byte header, or bare NLRI)
and the JSON ExaBGP printed for it. This script wraps the message into a
pcap (tests/pcapgen.py) after two OPENs that give it the context ExaBGP
decoded it with (4-octet AS, no ADD-PATH, the message's families, extended
next hop), runs `bgpcap --json -v -r`, and compares what ExaBGP states with
what bgpcap says:
  OPEN     version, AS, hold time, router id, capabilities (families, AS4,
           software version)
  UPDATE   every route of every family with its fields: IP prefixes with
           RD, labels, path id and next hop; EVPN routes (type, RD, ESI,
           Ethernet tag, MAC, IP, labels, prefix, gateway); flowspec
           components with their operators; and the attributes ExaBGP shows
           (origin, AS path, MED, local preference, atomic aggregate,
           aggregator, communities, extended communities)
A family or an attribute for which no comparison is written here is a
difference too ("no comparison for ..."), so nothing passes unread.

CONF also names the files of ../exabgp-qa/encoding whose N:raw: / N:json:
pairs are vectors too (a line "encoding FILE"): each json line with the raw
message before it, named FILE:K (the K-th json line of the file). A vector
whose ExaBGP JSON shows ADD-PATH path ids gets ADD-PATH in its OPENs.

CONF lists accepted differences, one per line: VECTOR REASON. A vector that
differs and is not listed fails; a listed vector that no longer differs
fails (remove its line). Exit 0 when every vector agrees or differs as
listed, 1 otherwise.
"""
import collections
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapgen as pg  # noqa: E402

ASN = 65533
FAMILIES = {  # ExaBGP family name -> (AFI, SAFI)
    "ipv4 unicast": (1, 1), "ipv6 unicast": (2, 1), "ipv4 multicast": (1, 2),
    "ipv6 multicast": (2, 2), "ipv4 nlri-mpls": (1, 4), "ipv6 nlri-mpls": (2, 4),
    "ipv4 mpls-vpn": (1, 128), "ipv6 mpls-vpn": (2, 128), "ipv4 flow": (1, 133),
    "ipv6 flow": (2, 133), "ipv4 flow-vpn": (1, 134), "ipv6 flow-vpn": (2, 134),
    "l2vpn evpn": (25, 70), "l2vpn vpls": (25, 65), "bgp-ls bgp-ls": (16388, 71),
    "ipv4 sr-policy": (1, 73), "ipv6 sr-policy": (2, 73), "ipv4 rtc": (1, 132),
    "ipv4 mcast-vpn": (1, 5), "ipv6 mcast-vpn": (2, 5), "ipv4 mup": (1, 85), "ipv6 mup": (2, 85),
}
AFI_NAME = {1: "IPv4", 2: "IPv6", 25: "L2VPN", 16388: "BGP-LS"}
SAFI_NAME = {1: "unicast", 2: "multicast", 4: "labeled-unicast", 5: "MCAST-VPN", 65: "VPLS",
             70: "EVPN", 71: "BGP-LS", 73: "SR-TE", 85: "MUP", 128: "VPN",
             132: "route-target", 133: "flowspec", 134: "VPN-flowspec"}
IP_SAFI = {1, 2, 4, 128}


# ------------------------------------------------------------------ vectors
def read_vector(path):
    """(kind, raw, ExaBGP's JSON) of a decoding vector file."""
    lines = open(path, encoding="utf-8").read().splitlines()
    kind = lines[0].split()
    raw = bytes.fromhex(lines[1].replace(":", "").strip())
    return kind, raw, json.loads(" ".join(lines[2:]))


def as_message(kind, raw):
    """The vector's bytes as one whole BGP message."""
    if kind[0] == "nlri":
        afi, safi = FAMILIES[" ".join(kind[1:3])]
        mp = struct.pack("!HBB", afi, safi, 4) + pg.ip_bytes("127.0.0.1") + b"\0" + raw
        return pg.bgp_update(attrs=[pg.origin(0), pg.as_path([]), pg.attr(14, mp)])
    if raw[:16] == pg.MARKER:
        return raw
    return pg.bgp_msg({"open": 1, "update": 2}[kind[0]], raw)


def mp_families(msg):
    """The AFI/SAFIs of an UPDATE's MP_REACH/MP_UNREACH (walked leniently)."""
    fams = set()
    if msg[18] != 2 or len(msg) < 23:
        return fams
    wl = struct.unpack("!H", msg[19:21])[0]
    p = 21 + wl
    al = struct.unpack("!H", msg[p:p + 2])[0]
    p += 2
    end = min(p + al, len(msg))
    while p + 3 <= end:
        flags, code = msg[p], msg[p + 1]
        if flags & 0x10:
            ln, hl = struct.unpack("!H", msg[p + 2:p + 4])[0], 4
        else:
            ln, hl = msg[p + 2], 3
        if code in (14, 15) and p + hl + 3 <= end:
            afi, safi = struct.unpack("!HB", msg[p + hl:p + hl + 3])
            fams.add((afi, safi))
        p += hl + ln
    return fams


def wrap(msg, path, addpath=False):
    """A pcap: handshake, the two OPENs, KEEPALIVEs, then the vector."""
    w = pg.Writer(path)
    c = pg.Conn(w, "192.0.2.1", "192.0.2.2")
    c.handshake()
    fams = {(1, 1)} | mp_families(msg)
    caps = [pg.cap_mp(a, s) for a, s in sorted(fams)] + [pg.cap_as4(ASN)]
    # RFC 8950: IPv6 next hops for the IPv4 families
    caps.append(pg.cap(5, b"".join(struct.pack("!HHH", 1, s, 2) for s in (1, 128))))
    if addpath:
        caps.append(pg.cap_addpath([(a, s, 3) for a, s in sorted(fams)]))
    if msg[18] == 1:
        c.send(0, msg)
    else:
        c.send(0, pg.bgp_open(ASN, 180, "192.0.2.1", caps))
    c.send(1, pg.bgp_open(ASN, 180, "192.0.2.2", caps))
    c.send(0, pg.KEEPALIVE)
    c.send(1, pg.KEEPALIVE)
    if msg[18] != 1:
        c.send(0, msg)
    w.close()


def encoding_vectors(path):
    """(name, kind, raw, json) of each N:json: line of an ExaBGP .ci file,
    with the N:raw: message before it."""
    out, raw = [], None
    base = os.path.basename(path)
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        parts = line.rstrip("\n").split(":", 2)
        if len(parts) < 3:
            continue
        if parts[1] == "raw":
            raw = bytes.fromhex(parts[2].replace(":", ""))
        elif parts[1] == "json" and raw is not None:
            o = json.loads(parts[2])
            out.append((f"{base}:{len(out) + 1}", [o.get("type", "update")], raw, o))
    return out


# ------------------------------------------------------------------ canonical forms
def lower(v):
    return v.lower() if isinstance(v, str) else v


def exa_labels(r):
    return tuple(x[0] for x in r.get("label", []))


FLOW_KEYS = {"destination-ipv4": "dst", "destination-ipv6": "dst", "source-ipv4": "src",
             "source-ipv6": "src", "protocol": "proto", "next-header": "proto", "port": "port",
             "destination-port": "dport", "source-port": "sport", "icmp-type": "icmp-type",
             "icmp-code": "icmp-code", "tcp-flags": "tcp-flags", "packet-length": "length",
             "dscp": "dscp", "traffic-class": "dscp", "fragment": "fragment",
             "flow-label": "flow-label"}
PROTO = {"tcp": 6, "udp": 17, "icmp": 1, "gre": 47, "ospf": 89, "ipv6-icmp": 58, "sctp": 132}
ICMP = {"echo-reply": 0, "unreachable": 3, "source-quench": 4, "redirect": 5, "echo-request": 8,
        "router-advertisement": 9, "router-solicit": 10, "time-exceeded": 11,
        "parameter-problem": 12, "timestamp": 13, "timestamp-reply": 14}


def exa_flow_value(key, v):
    """ExaBGP's component value in bgpcap's notation."""
    if key in ("dst", "src"):
        return v[:-2] if v.endswith("/0") and v.count("/") == 2 else v
    names = PROTO if key == "proto" else ICMP if key == "icmp-type" else {}
    for name, num in sorted(names.items(), key=lambda x: -len(x[0])):
        v = v.replace(name, str(num))
    return v


def exa_route(fam, r, nh):
    afi, safi = fam
    if safi in IP_SAFI:
        return ("ip", r["nlri"], r.get("rd"), exa_labels(r), r.get("path-information"), nh)
    if safi == 70:
        if not r.get("parsed", True):
            return ("evpn", r["code"], "unparsed")
        return ("evpn", r["code"], r.get("rd"), lower(r.get("esi")), r.get("ethernet-tag"),
                lower(r.get("mac")), r.get("ip"), exa_labels(r) or None,
                r.get("prefix"), r.get("gateway"))
    if safi == 5:
        return ("mvpn", r["code"], r.get("rd"), r.get("source-as"), r.get("source"),
                r.get("group"))
    if safi == 65:
        return ("vpls", r.get("rd"), r.get("endpoint"), r.get("offset"), r.get("size"),
                r.get("base"))
    if safi == 85:
        pfx = f"{r['prefix_ip']}/{r['prefix_ip_len']}" if "prefix_ip" in r else None
        src = r.get("source_ip") if r.get("source_ip_len") else None
        return ("mup", r["code"], r.get("rd"), pfx, r.get("ip"), r.get("endpoint_ip"),
                r.get("teid"), r.get("qfi"), src)
    if safi in (133, 134):
        comps = []
        for k, vals in r.items():
            if k in ("string", "rd"):
                continue
            key = FLOW_KEYS.get(k, "?" + k)
            comps.append((key, tuple(exa_flow_value(key, v) for v in vals)))
        return ("flow", r.get("rd"), tuple(sorted(comps)))
    if safi in (71, 72):
        return exa_ls(r)
    if safi == 73:
        return ("srte", r.get("distinguisher"), r.get("color"), r.get("endpoint"))
    return ("no comparison for family %d/%d" % fam,)


# BGP-LS (RFC 9552): ExaBGP's NLRI type names, its descriptors as one set
LS_TYPES = {"bgpls-node": 1, "bgpls-link": 2, "bgpls-prefix-v4": 3, "bgpls-prefix-v6": 4,
            "bgpls-srv6-sid": 6}
ISO = re.compile(r"^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}(\.[0-9a-f]{2})?$")


def exa_desc(lst):
    out = []
    for d in lst or []:
        for k, v in d.items():
            if k == "autonomous-system":
                out.append(("as", v))
            elif k == "bgp-ls-identifier":
                out.append(("bgp_ls_id", int(v)))
            elif k == "ospf-area-id":
                out.append(("ospf_area", v))
            elif k == "router-id":
                dr = d.get("designated-router-id")
                out.append(("igp_router_id", v + (":" + dr if dr else "")))
            elif k not in ("designated-router-id", "psn"):
                out.append(("?" + k, v))
    return tuple(sorted(out))


def our_desc(d):
    out = []
    for k, v in (d or {}).items():
        if k == "igp_router_id" and ISO.match(v):
            v = v.replace(".", "")
        out.append((k, v))
    return tuple(sorted(out))


def exa_ls(r):
    links = tuple((x.get("link-local-id"), x.get("link-remote-id"))
                  for x in r.get("link-identifiers", []))
    return ("ls", LS_TYPES.get(r.get("ls-nlri-type"), r.get("ls-nlri-type")),
            r.get("protocol-id"), r.get("l3-routing-topology"),
            exa_desc(r.get("local-node-descriptors", r.get("node-descriptors"))),
            exa_desc(r.get("remote-node-descriptors")),
            tuple(r.get("interface-addresses", [])), tuple(r.get("neighbor-addresses", [])),
            tuple(r.get("multi-topology-ids", [])), links, r.get("ip-reachability-tlv"))


def our_ls(p):
    links = ()
    if "link_local_id" in p:
        links = ((p["link_local_id"], p.get("link_remote_id")),)
    return ("ls", p.get("nlri_type"), p.get("protocol_id"), p.get("identifier"),
            our_desc(p.get("local")), our_desc(p.get("remote")),
            tuple(p[k] for k in ("ipv4_interface", "ipv6_interface") if k in p),
            tuple(p[k] for k in ("ipv4_neighbor", "ipv6_neighbor") if k in p),
            tuple(p.get("mt_id", [])), links, p.get("prefix"))


def our_route(fam, p, nh):
    """bgpcap's JSON NLRI item in the canonical form of exa_route."""
    afi, safi = fam
    if safi in IP_SAFI:
        pid = p.get("path_id") if isinstance(p, dict) else None
        s = p.get("prefix", "") if isinstance(p, dict) else p
        rd, labels = None, ()
        if s.startswith("RD "):
            _, rd, s = s.split(" ", 2)
        if " label " in s:
            s, lab = s.split(" label ", 1)
            labels = tuple(int(x) for x in lab.split(","))
        return ("ip", s, rd, labels, pid, nh)
    if not isinstance(p, dict):
        return ("bgpcap shows the NLRI undecoded: %s" % str(p)[:40],)
    if safi == 70:
        return ("evpn", p.get("route_type"), p.get("rd"), lower(p.get("esi")), p.get("tag"),
                lower(p.get("mac")), p.get("ip"), tuple(p["labels"]) if "labels" in p else None,
                p.get("prefix"), p.get("gateway"))
    if safi == 5:
        sa = p.get("source_as")
        return ("mvpn", p.get("route_type"), p.get("rd"), None if sa is None else str(sa),
                p.get("source"), p.get("group"))
    if safi == 65:
        return ("vpls", p.get("rd"), p.get("ve_id"), p.get("ve_block_offset"),
                p.get("ve_block_size"), p.get("label_base"))
    if safi == 85:
        t = {"isd": 1, "dsd": 2, "t1st": 3, "t2st": 4}.get(p.get("type"))
        teid = p.get("teid")
        return ("mup", t, p.get("rd"), p.get("prefix"), p.get("address"), p.get("endpoint"),
                None if teid is None else str(teid),
                None if p.get("qfi") is None else str(p["qfi"]), p.get("source"))
    if safi in (133, 134):
        comps = tuple(sorted((c["name"], tuple(c["value"]))
                             for c in p.get("components", [])))
        return ("flow", p.get("rd"), comps)
    if safi in (71, 72):
        return our_ls(p)
    if safi == 73:
        return ("srte", p.get("distinguisher"), p.get("color"), p.get("endpoint"))
    return ("no comparison for family %d/%d" % fam,)


def exa_update(o):
    """(routes, attrs) ExaBGP states for an UPDATE."""
    u = o["neighbor"]["message"]["update"]
    routes = []
    for fam, by_nh in u.get("announce", {}).items():
        for nh, lst in by_nh.items():
            for r in lst:
                routes.append(("announce",) + exa_route(FAMILIES[fam], r,
                                                        None if nh == "no-nexthop" else nh))
    for fam, lst in u.get("withdraw", {}).items():
        for r in lst:
            routes.append(("withdraw",) + exa_route(FAMILIES[fam], r, None))
    return routes, u.get("attribute", {})


def our_update(o):
    a = o.get("attrs", {})
    routes = []
    nh = a.get("next_hop") if isinstance(a.get("next_hop"), str) else None
    for p in o.get("withdrawn", []):
        routes.append(("withdraw",) + our_route((1, 1), p, None))
    for p in o.get("nlri", []):
        routes.append(("announce",) + our_route((1, 1), p, nh))
    for key, action, lkey in (("mp_reach", "announce", "nlri"), ("mp_unreach", "withdraw", "withdrawn")):
        m = a.get(key)
        if not isinstance(m, dict):
            continue
        fam = (m.get("afi_code") or code_of(AFI_NAME, m["afi"]),
               m.get("safi_code") or code_of(SAFI_NAME, m["safi"]))
        mnh = None
        if action == "announce" and m.get("next_hop"):
            mnh = m["next_hop"][0]
        for p in m.get(lkey, []):
            routes.append((action,) + our_route(fam, p, mnh))
    return routes


def code_of(table, name):
    for k, v in table.items():
        if v == name:
            return k
    return name


# attributes: ExaBGP key -> function(ExaBGP value, bgpcap attrs) -> (expected, got)
def ext_comm(v):
    s = v["string"]
    if s.startswith("redirect-to-nexthop-ietf "):
        return "FS:redirect-ip:" + s.split()[1]
    if s.startswith("action "):
        return "FS:action:" + s[len("action "):].replace("-", ",")
    if s.startswith("rate-limit:") and s.endswith(":packets"):
        s = "FS:rate-packets:" + s[len("rate-limit:"):-len(":packets")]
    for exa, ours in (("target:", "RT:"), ("origin:", "SoO:"), ("rate-limit:", "FS:rate:"),
                      ("redirect:", "FS:redirect-vrf:"), ("mark ", "FS:mark:"),
                      ("mup:", "MUP:")):
        if s.startswith(exa):
            s = ours + s[len(exa):]
    return s


def exa_aspath(v):
    out = []
    for seg in v.values():
        vals = [str(x) for x in seg["value"]]
        el = seg["element"]
        out.append(" ".join(vals) if el == "as-sequence" else "{" + ",".join(vals) + "}")
    return " ".join(out)


ATTRS = {
    "origin": lambda v, a: (v.upper(), a.get("origin")),
    "med": lambda v, a: (v, a.get("med")),
    "local-preference": lambda v, a: (v, a.get("local_pref")),
    "atomic-aggregate": lambda v, a: (v, a.get("atomic_aggregate", False)),
    "aggregator": lambda v, a: (v, "%s:%s" % (a["aggregator"]["asn"], a["aggregator"]["address"])
                                if isinstance(a.get("aggregator"), dict) else None),
    "as-path": lambda v, a: (exa_aspath(v), a.get("as_path")),
    "community": lambda v, a: (["%d:%d" % tuple(x) for x in v], a.get("communities")),
    "extended-community-ipv6": lambda v, a: (sorted(ext_comm(x) for x in v),
                                             sorted(a.get("ipv6_ext_communities", []))),
    "originator-id": lambda v, a: (v, a.get("originator_id")),
    "cluster-list": lambda v, a: (v, a.get("cluster_list")),
    "extended-community": lambda v, a: (sorted(ext_comm(x) for x in v),
                                        sorted(a.get("ext_communities", []))),
    "bgp-ls": lambda v, a: cmp_bgp_ls(v, a),
    "tunnel-encap": lambda v, a: (exa_sr_policy(v), our_sr_policy(a)),
    "bgp-prefix-sid": lambda v, a: cmp_prefix_sid(v, a),
}


# ---- the attributes of issue 12 (fam2): BGP-LS, tunnel encapsulation / SR
# Policy, Prefix-SID. bgpcap's TLV lists are [{type, code, fields...}].
def tlvs(lst, code):
    return [t for t in lst or [] if t.get("code") == code]


def tlv_vals(lst, code, key):
    return [t.get(key) for t in tlvs(lst, code)]


def one(lst, code, key):
    v = tlv_vals(lst, code, key)
    return v[0] if len(v) == 1 else v or None


def flagbits(d, names):
    """ExaBGP's flag dict as the byte, first name the high bit."""
    return sum(1 << (7 - i) for i, n in enumerate(names) if d.get(n))


def sid_struct(t):
    st = tlvs(t.get("tlvs"), 1252)
    if not st:
        return None
    st = st[0]
    return (st["lb_len"], st["ln_len"], st["func_len"], st["arg_len"])


def exa_struct(e):
    st = e.get("srv6-sid-structure") or {}
    return (st.get("loc_block_len"), st.get("loc_node_len"), st.get("func_len"),
            st.get("arg_len")) if st else None


def ls_ranges(t):
    """An SR capabilities / local block TLV as bytes (to match ExaBGP's hex)."""
    b = bytes([t.get("flags", 0), 0])
    for r in t.get("ranges", []):
        b += r["range"].to_bytes(3, "big")
        b += (b"\x04\x89\x00\x03" + r["label"].to_bytes(3, "big") if "label" in r else
              b"\x04\x89\x00\x04" + r["index"].to_bytes(4, "big"))
    return b


def ls_generic(code, v, a):
    t = tlvs(a, code)
    if not t:
        return v, None
    t = t[0]
    if "hex" in t:
        return v, ["0x" + t["hex"].upper()]
    if code in (1034, 1036):
        return v, ["0x" + ls_ranges(t).hex().upper()]
    return v, "decoded by bgpcap: %s" % t.get("type")


LS_ATTRS = {
    "igp-metric": lambda v, a: (v, one(a, 1095, "metric")),
    "te-metric": lambda v, a: (v, one(a, 1092, "metric")),
    "maximum-link-bandwidth": lambda v, a: (int(v), one(a, 1089, "bandwidth")),
    "maximum-reservable-link-bandwidth": lambda v, a: (int(v), one(a, 1090, "bandwidth")),
    "unreserved-bandwidth": lambda v, a: ([int(x) for x in v], one(a, 1091, "bandwidth")),
    "admin-group-mask": lambda v, a: (v, one(a, 1088, "value")),
    "node-name": lambda v, a: (v, one(a, 1026, "name")),
    "prefix-metric": lambda v, a: (v, one(a, 1155, "value")),
    "sr-algorithms": lambda v, a: (v, one(a, 1035, "algorithms")),
    "local-router-ids": lambda v, a: (v, [t["router_id"] for t in a or []
                                          if t.get("code") in (1028, 1029)]),
    "remote-router-ids": lambda v, a: (v, [t["router_id"] for t in a or []
                                           if t.get("code") in (1030, 1031)]),
    "area-ids": lambda v, a: ([int(x) for x in v],
                              [int(x, 16) for x in tlv_vals(a, 1027, "value")]),
    "node-flags": lambda v, a: (flagbits(v, "OTEBRV"), one(a, 1024, "flags")),
    "sr-prefix-attribute-flags": lambda v, a: (
        flagbits(v, "XRN"), [int(x[:2], 16) for x in tlv_vals(a, 1170, "value")][0]
        if tlvs(a, 1170) else None),
    "link-local-remote-identifiers": lambda v, a: (
        (v.get("local-id"), v.get("remote-id")),
        (one(a, 258, "link_local_id"), one(a, 258, "link_remote_id"))),
    "sr-adjs": lambda v, a: ([(x["sids"], x["weight"], flagbits(x["flags"], "FBVLSP"))
                              for x in v],
                             [([t.get("label", t.get("index"))], t["weight"], t["flags"])
                              for t in tlvs(a, 1099)]),
    "srv6-endx": lambda v, a: (
        [(x["behavior"], x["algorithm"], x["weight"], x["sid"], exa_struct(x),
          flagbits(x["flags"], "BSP")) for x in v],
        [(t["behavior"], t["algorithm"], t["weight"], t["sid"], sid_struct(t), t["flags"])
         for t in tlvs(a, 1106)]),
    "srv6-lan-endx-isis": lambda v, a: (
        [(x["neighbor-id"], x["behavior"], x["algorithm"], x["weight"], x["sid"],
          exa_struct(x), flagbits(x["flags"], "BSP")) for x in v],
        [(t["neighbor_id"].replace(".", ""), t["behavior"], t["algorithm"], t["weight"],
          t["sid"], sid_struct(t), t["flags"]) for t in tlvs(a, 1107)]),
    "sr-capability-flags": lambda v, a: (flagbits(v, "IV"), one(a, 1034, "flags")),
    "unidirectional-link-delay": lambda v, a: (
        (v["delay-us"], v["anomalous"]),
        (one(a, 1114, "delay"), bool((one(a, 1114, "flags") or 0) & 0x80))),
    "minmax-unidirectional-link-delay": lambda v, a: (
        (v["min-delay-us"], v["max-delay-us"], v["anomalous"]),
        (one(a, 1115, "min_delay"), one(a, 1115, "max_delay"),
         bool((one(a, 1115, "flags") or 0) & 0x80))),
    "unidirectional-delay-variation": lambda v, a: (v, one(a, 1116, "variation")),
    "sids": lambda v, a: ([list(x) for x in v],
                          [[r["range"], r.get("label", r.get("index"))]
                           for t in tlvs(a, 1034) for r in t.get("ranges", [])]),
}


def cmp_bgp_ls(v, a):
    want, got = {}, {}
    for k, x in v.items():
        if k.startswith("generic-lsid-"):
            want[k], got[k] = ls_generic(int(k.rsplit("-", 1)[1]), x, a.get("bgp_ls"))
        elif k in LS_ATTRS:
            want[k], got[k] = LS_ATTRS[k](x, a.get("bgp_ls"))
        else:
            want[k], got[k] = x, "no comparison written"
    return want, got


def our_segment(t):
    n = {1: "A", 13: "B", 3: "C", 4: "D", 5: "E", 6: "F", 7: "G", 8: "H", 14: "I",
         15: "J", 16: "K"}.get(t["code"], t["code"])
    out = {"type": n}
    for k in ("label", "tc", "s", "ttl", "sid"):
        if k in t:
            out[k] = t[k]
    if "behavior" in t:
        out["endpoint-behavior"] = {"behavior": t["behavior"], "lb-length": t["lb_len"],
                                    "ln-length": t["ln_len"], "fun-length": t["func_len"],
                                    "arg-length": t["arg_len"]}
    return out


def our_sr_policy(a):
    """bgpcap's SR Policy tunnel in ExaBGP's "tunnel-encap" shape."""
    out = {}
    for tun in a.get("tunnel_encap") or []:
        if tun.get("code") != 15:
            continue
        pol = {}
        for t in tun.get("tlvs", []):
            c = t["code"]
            if c == 12:
                pol["preference"] = t["preference"]
            elif c == 13 and "label" in t:
                pol["binding-sid"] = {"type": "mpls", "label": t["label"]}
            elif c == 20:
                pol["srv6-binding-sid"] = t["sid"]
            elif c in (129, 130):
                pol["candidate-path-name" if c == 129 else "policy-name"] = t["name"]
            elif c == 128:
                sl = {"segments": []}
                for seg in t.get("segments", []):
                    if seg["code"] == 9:
                        sl["weight"] = seg["weight"]
                    else:
                        sl["segments"].append(our_segment(seg))
                pol.setdefault("segment-lists", []).append(sl)
        out["sr-policy"] = pol
    return out


def exa_sr_policy(v):
    """ExaBGP's segments without the fields it adds that the wire does not state."""
    return v


def cmp_prefix_sid(v, a):
    got = {}
    for t in a.get("prefix_sid") or []:
        if t.get("code") in (5, 6):
            key = "l3-service" if t["code"] == 5 else "l2-service"
            for s in t.get("tlvs", []):
                e = {"sid": s.get("sid"), "flags": s.get("flags"),
                     "endpoint_behavior": s.get("behavior")}
                for st in s.get("tlvs", []):
                    if st.get("code") == 1:
                        e["structure"] = {
                            "locator-block-length": st["lb_len"],
                            "locator-node-length": st["ln_len"],
                            "function-length": st["func_len"],
                            "argument-length": st["arg_len"],
                            "transposition-length": st["transposition_len"],
                            "transposition-offset": st["transposition_offset"]}
                got.setdefault(key, []).append(e)
    return v, got


def compare_update(exa, ours):
    diffs = []
    want, wattrs = exa_update(exa)
    got = our_update(ours)
    # EVPN route types ExaBGP leaves unparsed ("parsed": false): it states
    # the type only, so only the type is compared
    unparsed = {w[2] for w in want if w[1] == "evpn" and w[3:] == ("unparsed",)}
    got = [g[:3] + ("unparsed",) if g[1] == "evpn" and g[2] in unparsed else g for g in got]
    wc, gc = collections.Counter(want), collections.Counter(got)
    for k in sorted(set(wc) | set(gc), key=str):
        if wc[k] != gc[k]:
            diffs.append(f"route {k}: ExaBGP {wc[k]}, bgpcap {gc[k]}")
    a = ours.get("attrs", {})
    for k, v in wattrs.items():
        f = ATTRS.get(k)
        if f is None:
            diffs.append(f"no comparison for attribute {k}")
            continue
        e, g = f(v, a)
        if e != g:
            diffs.append(f"attribute {k}: ExaBGP {e!r}, bgpcap {g!r}")
    return diffs


CAPS = {1: "multiprotocol", 65: "asn4", 75: "software"}


def compare_open(exa, ours):
    o = exa["neighbor"]["open"]
    diffs = []
    for ek, ok in (("version", "version"), ("asn", "asn"), ("hold_time", "hold_time"),
                   ("router_id", "bgp_id")):
        if o.get(ek) != ours.get(ok):
            diffs.append(f"{ek}: ExaBGP {o.get(ek)!r}, bgpcap {ours.get(ok)!r}")
    caps = {}
    for c in ours.get("capabilities", []):
        caps.setdefault(c.get("code"), []).append(c)
    for code, v in o.get("capabilities", {}).items():
        code = int(code)
        have = caps.get(code, [])
        if code == 1:
            e = sorted(v["families"])
            g = sorted("%s/%s" % (c["afi"].lower(), c["safi"]) for c in have)
        elif code == 65:
            e, g = [v["asn4"]], [c.get("asn") for c in have]
        elif code == 75:
            e, g = [v["software"]], [c.get("version") for c in have]
        else:
            diffs.append(f"no comparison for capability {code}")
            continue
        if e != g:
            diffs.append(f"capability {code}: ExaBGP {e!r}, bgpcap {g!r}")
    return diffs


def run_vector(bgpcap, name, kind, raw, exa, tmp):
    msg = as_message(kind, raw)
    pcap = os.path.join(tmp, name.replace("/", "_") + ".pcap")
    wrap(msg, pcap, addpath='"path-information"' in json.dumps(exa))
    p = subprocess.run([bgpcap, "--json", "-v", "-r", pcap], capture_output=True, text=True)
    if p.returncode not in (0, 1, 3):
        return [f"bgpcap exit status {p.returncode}: {p.stderr.strip()[:160]}"]
    objs = [json.loads(x) for x in p.stdout.splitlines()]
    msgs = [o for o in objs if "length" in o and o.get("src") == "192.0.2.1"]
    want = {1: "OPEN", 2: "UPDATE"}[msg[18]]
    msgs = [o for o in msgs if o["type"] == want]
    if len(msgs) != 1:
        return [f"bgpcap decodes {len(msgs)} {want} messages, ExaBGP one"]
    diffs = [f"bgpcap error: {e.get('what')}" for e in msgs[0].get("errors", [])]
    if want == "OPEN":
        return diffs + compare_open(exa, msgs[0])
    if kind[0] == "nlri":
        exa = {"neighbor": {"message": {"update": {"announce": {" ".join(kind[1:3]): {
            "127.0.0.1": [exa]}}, "attribute": {"origin": "igp"}}}}}
    return diffs + compare_update(exa, msgs[0])


def load_conf(path):
    allow, enc = {}, []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        w = line.split(None, 1)
        if len(w) != 2:
            sys.exit(f"{path}:{n}: want VECTOR REASON or encoding FILE: {line}")
        if w[0] == "encoding":
            enc.append(w[1])
        else:
            allow[w[0]] = w[1]
    return allow, enc


def main():
    bgpcap, conf, ddir = sys.argv[1:4]
    allow, enc = load_conf(conf)
    vectors = []
    for name in sorted(os.listdir(ddir)):
        kind, raw, exa = read_vector(os.path.join(ddir, name))
        vectors.append((name, kind, raw, exa))
    for f in enc:
        vectors += encoding_vectors(os.path.join(ddir, "..", "encoding", f))
    if sys.argv[4:]:
        vectors = [v for v in vectors if v[0] in sys.argv[4:]]
    fails = tally_ok = tally_allowed = 0
    names = {v[0] for v in vectors}
    for name in allow:
        if name not in names and not sys.argv[4:]:
            print(f"FAIL: {conf} names {name}, which is not a vector")
            fails += 1
    with tempfile.TemporaryDirectory() as tmp:
        for name, kind, raw, exa in vectors:
            diffs = run_vector(bgpcap, name, kind, raw, exa, tmp)
            if not diffs and name in allow:
                print(f"FAIL: {name}: agrees with ExaBGP but {conf} lists it "
                      f"({allow[name]}): remove the line")
                fails += 1
            elif not diffs:
                print(f"agrees: {name}")
                tally_ok += 1
            elif name in allow:
                print(f"allowed: {name}: {allow[name]}")
                for d in diffs[:4]:
                    print("  " + d)
                tally_allowed += 1
            else:
                print(f"FAIL: {name}")
                for d in diffs[:12]:
                    print("  " + d)
                fails += 1
    print(f"exabgp oracle: {len(vectors)} vectors: {tally_ok} agree, {tally_allowed} differ as "
          f"allowed, {fails} fail")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
