#!/usr/bin/env python3
"""Differential test: bgpcap --json against independent decoders.

  tshark_diff.py BGPCAP CONF SHARED [CAPTURE...]

Every file of SHARED/peer-captures and SHARED/peer-mrt/test_data (named
relative to SHARED, as CONF names it) and each CAPTURE given is decoded by bgpcap and by tshark (Wireshark 4.0's BGP dissector, run with
tcp.reassemble_out_of_order:TRUE; see ../shared/lab-notes.md), and compared:
  - message counts by (source, destination, type);
  - every announced and withdrawn route with: address family, ADD-PATH path
    id, route distinguisher, label stack, prefix, the next hop (the MP_REACH
    next hop and the classic NEXT_HOP kept apart), the AS_PATH as sent, and
    the RFC 6793 merged AS path, which this script computes itself from the
    AS_PATH and AS4_PATH that tshark shows;
  - EVPN, flowspec, VPLS and MVPN routes field by field (route type, RD,
    ESI, Ethernet tag, MAC, IP; flowspec component types and prefixes; VE
    id and label block; MVPN source and group);
  - NLRI of the other families bgpcap shows as hex (BGP-LS, ...): the
    number of NLRI per family and action.
Fields are looked up where they belong: the attributes of the message (not
those nested in ATTR_SET), the NLRI container of each MP attribute.
For an ExaBGP test vector (wrapped/exabgp-qa/decoding/NAME.pcap) ExaBGP's
own JSON (exabgp-qa/decoding/NAME) is a second oracle.

Tolerances, each applied only where the strict comparison differs, and
printed when used:
  T1 BGP quoted inside ICMP errors: tshark decodes it as messages, bgpcap
     reports the ICMP error; tshark's quoted messages are not counted.
  T2 OPEN not captured and bgpcap reports several valid readings (2/4-octet
     AS, ADD-PATH): tshark guesses one; such messages are compared by count,
     their routes are not.
  T3 messages longer than 4096 bytes (RFC 8654): tshark 4.0 does not decode
     them; compared by count only.
  T5 tshark shows bytes it could not frame into messages (a capture that
     starts mid-stream) as a "continuation" PDU: not a message, not counted.
  T4 tshark's reassembly mode: when the comparison differs, tshark is run
     again without out-of-order reassembly; if that agrees, the file passes.
Anything else that differs must have an entry in CONF (allow FILE CLASS
REASON); an entry whose difference no longer shows fails, so the list
cannot rot.
Exit 0: every file agrees or differs exactly as allowed; 1 otherwise.
"""
import collections
import json
import os
import re
import subprocess
import shutil
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mrt_oracle  # noqa: E402  (beside this file: bgpdump as the MRT oracle)

TYPES = {1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION", 4: "KEEPALIVE", 5: "ROUTE-REFRESH"}
AFI = {"IPv4": 1, "IPv6": 2, "NSAP": 3, "L2VPN": 25, "BGP-LS": 16388, "routing-policy": 16397}
SAFI = {"unicast": 1, "multicast": 2, "labeled-unicast": 4, "MCAST-VPN": 5, "MCAST-VPLS": 8,
        "BGP-SFC": 9, "tunnel": 64, "VPLS": 65, "MDT": 66, "4over6": 67, "6over4": 68,
        "EVPN": 70, "BGP-LS": 71, "BGP-LS-VPN": 72, "SR-TE": 73, "SD-WAN": 74,
        "classful-transport": 76, "tunneled-traffic-flowspec": 80, "BGP-CAR": 83,
        "BGP-VPN-CAR": 84, "MUP": 85,
        "VPN": 128, "multicast-VPN": 129, "route-target": 132,
        "flowspec": 133, "VPN-flowspec": 134, "VPN-auto-discovery": 140}
# SAFIs whose NLRI are prefixes (with labels / RD); the others are counted
IP_SAFI = {1, 2, 4, 128}
ATTR = "bgp.update.path_attribute"
VPN6 = re.compile(r"Label Stack=([0-9, ]+?)(?: \(\w+\))* RD=(\S+), IPv6=(\S+)$")


def code(table, v):
    if isinstance(v, int):
        return v
    if v in table:
        return table[v]
    try:
        return int(str(v), 0)
    except ValueError:
        return str(v)


# ------------------------------------------------------------------ tshark
def kids(e, name):
    """Direct children of e named name (never a recursive search)."""
    return [c for c in e if c.get("name") == name]


def kid(e, name):
    k = kids(e, name)
    return k[0].get("show") if k else None


def segments(attr):
    """[(type, [asn...])] of an AS_PATH or AS4_PATH attribute element."""
    out = []
    for seg in kids(attr, ATTR + ".as_path_segment"):
        t = int(kid(seg, ATTR + ".as_path_segment.type") or 2)
        asns = [c.get("show") for c in seg
                if c.get("name") in (ATTR + ".as_path_segment.as2", ATTR + ".as_path_segment.as4")]
        out.append((t, asns))
    return out


def width(attr):
    for seg in kids(attr, ATTR + ".as_path_segment"):
        for c in seg:
            if c.get("name") == ATTR + ".as_path_segment.as4":
                return 4
            if c.get("name") == ATTR + ".as_path_segment.as2":
                return 2
    return 0


def fmt_path(segs):
    parts = []
    for t, asns in segs:
        if t == 2:
            parts.append(" ".join(asns))
        elif t == 1:
            parts.append("{" + ",".join(asns) + "}")
        elif t == 3:
            parts.append("(" + " ".join(asns) + ")")
        elif t == 4:
            parts.append("[" + ",".join(asns) + "]")
        else:
            parts.append(f"<segment type {t}>")
    return " ".join(p for p in parts if p != "")


def merge_as4(as_path, as4_path):
    """RFC 6793 4.2.3, written from the RFC: count AS_PATH and AS4_PATH (a
    set counts 1, confederation segments 0); if AS4_PATH is longer, ignore
    it; else keep the leading N(AS_PATH)-N(AS4_PATH) ASes of AS_PATH and
    append AS4_PATH."""
    def count(segs):
        return sum(len(a) if t == 2 else 1 if t == 1 else 0 for t, a in segs)
    n2, n4 = count(as_path), count(as4_path)
    if n4 > n2:
        return as_path
    need, out = n2 - n4, []
    for t, asns in as_path:
        if need <= 0:
            break
        if t == 2:
            out.append((t, asns[:need]))
            need -= min(need, len(asns))
        elif t == 1:
            out.append((t, asns))
            need -= 1
    return out + as4_path


def entries(container):
    """The NLRI entries of a withdrawn-routes / NLRI container: tshark
    groups each in an unnamed field; fields outside a group are grouped
    here, one entry ending at each prefix field."""
    out, cur = [], []
    for c in container:
        if c.get("name") == "":
            out.append(list(c))
            continue
        if c.get("name") == "bgp.label_stack" and "IPv6=" in (c.get("showname") or ""):
            out.append([c])   # tshark 4.0 shows a VPNv6 NLRI as one field
            continue
        cur.append(c)
        if c.get("name", "").endswith("_prefix"):
            out.append(cur)
            cur = []
    return out


def ip_route(fields):
    """(path_id, rd, labels, prefix) of one NLRI entry."""
    pid = rd = None
    labels = ()
    plen = pfx = None
    for f in fields:
        n, v = f.get("name"), f.get("show")
        m = VPN6.match(f.get("showname") or "") if n == "bgp.label_stack" else None
        if m:
            return (pid, m.group(2), tuple(x.strip() for x in m.group(1).split(",")),
                    m.group(3))
        if n == "bgp.nlri_path_id":
            pid = int(v)
        elif n == "bgp.prefix_length":
            plen = int(v)
        elif n == "bgp.label_stack":
            labels = tuple(x.strip() for x in v.split("(")[0].split(",") if x.strip())
        elif n == "bgp.rd":
            rd = v
        elif n.endswith("_prefix"):
            pfx = v
    if pfx is None or plen is None:
        return None
    # tshark's prefix length counts the label stack and the RD
    plen -= 24 * len(labels) + (64 if rd is not None else 0)
    return (pid, rd, labels, f"{pfx}/{plen}")


def mp_routes(attr, action, tail):
    afi = int(kid(attr, ATTR + ".mp_reach_nlri.afi") or kid(attr, ATTR + ".mp_unreach_nlri.afi") or 0)
    safi = int(kid(attr, ATTR + ".mp_reach_nlri.safi") or kid(attr, ATTR + ".mp_unreach_nlri.safi") or 0)
    res = []
    cname = ATTR + (".mp_reach_nlri" if action == "announce" else ".mp_unreach_nlri")
    for cont in kids(attr, cname):
        if safi in IP_SAFI:
            for e in entries(cont):
                r = ip_route(e)
                if r:
                    res.append((action, f"{afi}/{safi}") + r + tail)
        elif safi in FAM_T:
            for e in fam_entries(cont, FAM_T[safi][0]):
                res.append((action, f"{afi}/{safi}") + FAM_T[safi][1](e))
        else:
            for _ in cont:
                res.append((action, f"{afi}/{safi}", "nlri"))
    return res


# ------------------------------------------------------------------ EVPN, flowspec, VPLS, MVPN
# Fields of the NLRI families that are not prefixes, compared route by
# route: (start field of an entry in tshark's tree, tshark fields -> key)
# here, and bgpcap's JSON object -> the same key in FAM_B.
def flat(e):
    """{name: [show, ...]} of an entry's fields, nested ones included."""
    out = collections.defaultdict(list)
    for f in e:
        for c in f.iter("field"):
            out[c.get("name")].append(c.get("show"))
    return out


def fam_entries(cont, start):
    out = []
    for c in cont:
        if c.get("name") == start or not out:
            out.append([])
        out[-1].append(c)
    return [flat(e) for e in out]


def rd_text(h):
    """tshark's RD bytes (aa:bb:...) as bgpcap writes an RD."""
    b = bytes.fromhex((h or "").replace(":", ""))
    if len(b) != 8:
        return h
    t = b[0] << 8 | b[1]
    if t == 0:
        return f"{int.from_bytes(b[2:4], 'big')}:{int.from_bytes(b[4:], 'big')}"
    if t == 1:
        return f"{'.'.join(str(x) for x in b[2:6])}:{int.from_bytes(b[6:], 'big')}"
    return f"{int.from_bytes(b[2:6], 'big')}:{int.from_bytes(b[6:], 'big')}"


def first(f, *names):
    for n in names:
        if f.get(n):
            return f[n][0]
    return None


def t_evpn(f):
    rt = int(first(f, "bgp.evpn.nlri.rt") or 0)
    esi = first(f, "bgp.evpn.nlri.esi")
    if esi is not None and set(esi.replace(":", "")) == {"0"}:
        esi = "-"
    ip = first(f, "bgp.evpn.nlri.ip.addr", "bgp.evpn.nlri.ipv6.addr")
    if rt == 5:
        ip = f"{ip}/{first(f, 'bgp.evpn.nlri.prefix_len')}"
    tag = first(f, "bgp.evpn.nlri.etag")
    return ("evpn", rt, rd_text(first(f, "bgp.evpn.nlri.rd")), esi,
            int(tag) if tag is not None else None,
            first(f, "bgp.evpn.nlri.mac_addr"), ip)


def b_evpn(o):
    rt = o.get("route_type")
    ip = {2: o.get("ip"), 3: o.get("originator"), 4: o.get("originator"),
          5: o.get("prefix")}.get(rt)
    return ("evpn", rt, o.get("rd"), o.get("esi"), o.get("tag"), o.get("mac"), ip)


def t_flow(f):
    types = tuple(int(x) for x in f.get("bgp.flowspec_nlri.filter_type", []))
    return ("flow", types, first(f, "bgp.flowspec_nlri.dst_prefix_filter",
                                 "bgp.flowspec_nlri.dst_ipv6_pref"),
            first(f, "bgp.flowspec_nlri.src_prefix_filter",
                  "bgp.flowspec_nlri.src_ipv6_pref"))


def b_flow(o):
    comps = o.get("components", [])
    val = {c["type"]: c["value"][0].split("/")[0] for c in comps if c["type"] in (1, 2)}
    return ("flow", tuple(c["type"] for c in comps), val.get(1), val.get(2))


def t_vpls(f):
    base = first(f, "bgp.vplsbgp.labelblock.base")
    return ("vpls", first(f, "bgp.vplsad.rd"), first(f, "bgp.vplsbgp.ce_id"),
            first(f, "bgp.vplsbgp.labelblock.offset"), first(f, "bgp.vplsbgp.labelblock.size"),
            base.split()[0] if base else None)


def b_vpls(o):
    v = [o.get(k) for k in ("ve_id", "ve_block_offset", "ve_block_size", "label_base")]
    return ("vpls", o.get("rd")) + tuple(None if x is None else str(x) for x in v)


def t_mvpn(f):
    return ("mvpn", int(first(f, "bgp.mcast_vpn_nlri_route_type") or 0),
            rd_text(first(f, "bgp.mcast_vpn_nlri_rd")),
            first(f, "bgp.mcast_vpn_nlri_source_addr_ipv4", "bgp.mcast_vpn_nlri_source_addr_ipv6"),
            first(f, "bgp.mcast_vpn_nlri_group_addr_ipv4", "bgp.mcast_vpn_nlri_group_addr_ipv6"))


def b_mvpn(o):
    return ("mvpn", o.get("route_type"), o.get("rd"), o.get("source"), o.get("group"))


def t_ls(f):
    """BGP-LS (RFC 9552): NLRI type, protocol, identifier, the descriptors'
    AS numbers and IGP router ids (hex) in order, the IPv4 link addresses."""
    rid = tuple(x.replace(":", "") for x in f.get("bgp.ls.tlv.igp_router_id", []))
    return ("ls", first(f, "bgp.ls.nlri_type"), first(f, "bgp.ls.nlri_node.protocol_id"),
            first(f, "bgp.ls.nlri_node.identifier"),
            tuple(f.get("bgp.ls.tlv.autonomous_system.id", [])), rid,
            tuple(f.get("bgp.ls.nlri_ipv4_interface_address", []) +
                  f.get("bgp.ls.nlri_ipv4_neighbor_address", [])))


def rid_hex(s):
    """bgpcap's IGP router id text (10.0.0.1, 10.0.0.1:10.0.0.2, 0000.0000.0001.02) as hex."""
    parts = s.replace(":", ".").split(".")
    if all(x.isdigit() and len(x) <= 3 for x in parts):
        return "".join(bytes(int(x) for x in a.split(".")).hex() for a in s.split(":"))
    return s.replace(".", "")


def b_ls(o):
    descs = [o.get("local", {}), o.get("remote", {})]
    asns = tuple(str(d["as"]) for d in descs if "as" in d)
    rids = tuple(rid_hex(d["igp_router_id"]) for d in descs if "igp_router_id" in d)
    addrs = tuple(o[k] for k in ("ipv4_interface", "ipv4_neighbor") if k in o)
    return ("ls", str(o.get("nlri_type")), str(o.get("protocol_id")),
            str(o.get("identifier")), asns, rids, addrs)


FAM_T = {70: ("bgp.evpn.nlri", t_evpn), 133: ("bgp.flowspec_nlri", t_flow),
         134: ("bgp.flowspec_nlri", t_flow), 65: ("bgp.vplsad.length", t_vpls),
         5: ("bgp.mcast_vpn_nlri_route_type", t_mvpn)}
FAM_T[71] = ("bgp.ls.nlri", t_ls)
FAM_B = {70: b_evpn, 133: b_flow, 134: b_flow, 65: b_vpls, 5: b_mvpn, 71: b_ls}


def tshark_routes(b):
    """Routes of one UPDATE proto element."""
    attrs = {}
    for pa in kids(b, "bgp.update.path_attributes"):
        for a in kids(pa, ATTR):
            tc = int(kid(a, ATTR + ".type_code") or 0)
            attrs.setdefault(tc, a)   # the first of a repeated attribute
    path = merged = None
    if 2 in attrs:
        segs = segments(attrs[2])
        path = fmt_path(segs)
        merged = path
        if 17 in attrs and width(attrs[2]) != 4:
            merged = fmt_path(merge_as4(segs, segments(attrs[17])))
    nh = kid(attrs[3], ATTR + ".next_hop") if 3 in attrs else None
    res = []
    for w in kids(b, "bgp.update.withdrawn_routes"):
        for e in entries(w):
            r = ip_route(e)
            if r:
                res.append(("withdraw", "1/1") + r + ("-", None, None, None))
    for w in kids(b, "bgp.update.nlri"):
        for e in entries(w):
            r = ip_route(e)
            if r:
                res.append(("announce", "1/1") + r + ("classic", nh, path, merged))
    if 14 in attrs:
        mnh = []
        for h in kids(attrs[14], ATTR + ".mp_reach_nlri.next_hop"):
            for c in h:
                if c.get("name") in (ATTR + ".mp_reach_nlri.next_hop.ipv4",
                                     ATTR + ".mp_reach_nlri.next_hop.ipv6",
                                     ATTR + ".mp_reach_nlri.next_hop.ipv6.link_local"):
                    mnh.append(c.get("show"))
        res += mp_routes(attrs[14], "announce", ("mp", tuple(mnh), path, merged))
    if 15 in attrs:
        res += mp_routes(attrs[15], "withdraw", ("-", None, None, None))
    return res


def tshark_pdml(path, extra, ooo=True):
    cmd = ["tshark", "-n", "-r", path, "-o",
           f"tcp.reassemble_out_of_order:{'TRUE' if ooo else 'FALSE'}", "-T", "pdml"] + extra
    p = subprocess.run(cmd, capture_output=True)
    if p.returncode != 0:
        raise RuntimeError(f"tshark exit {p.returncode}: {p.stderr.decode()[:200]}")
    root = ET.fromstring(p.stdout)
    out, quoted, cont, bmp = [], 0, 0, []
    for pkt in root.iter("packet"):
        src = dst = None
        num = None
        for proto in pkt:
            name = proto.get("name")
            if name == "geninfo":
                num = int(kid(proto, "num") or 0)
            elif name in ("ip", "ipv6"):
                # the innermost IP header before the BGP payload (tunnels)
                src = kid(proto, name + ".src")
                dst = kid(proto, name + ".dst")
            elif name in ("icmp", "icmpv6"):
                quoted += sum(1 for b in proto.iter("proto") if b.get("name") == "bgp")
            elif name == "bgp":
                if kids(proto, "bgp.continuation"):
                    cont += 1   # T5: bytes tshark could not frame, not a message
                else:
                    out.append((src, dst, num, proto))
            elif name == "bmp":
                # a BMP message (-d tcp.port==N,bmp): its type, and the BGP
                # messages inside (Route Monitoring, Peer Up, Peer Down)
                bmp += [int(t.get("show")) for t in kids(proto, "bmp.type")]
                out += [(src, dst, num, b) for b in proto.iter("proto")
                        if b.get("name") == "bgp" and not kids(b, "bgp.continuation")]
    return out, (quoted, cont, bmp)


def tshark_model(path, extra, ooo=True):
    msgs, quoted = tshark_pdml(path, extra, ooo)
    model = []
    for src, dst, num, b in msgs:
        ty = kid(b, "bgp.type")
        ty = TYPES.get(int(ty), "UNKNOWN") if ty else "UNKNOWN"
        length = int(kid(b, "bgp.length") or 0)
        routes = tshark_routes(b) if ty == "UPDATE" else []
        model.append({"src": src, "dst": dst, "frame": num, "type": ty, "length": length,
                      "routes": routes})
    return model, quoted


# ------------------------------------------------------------------ bgpcap
def nlri_text(p):
    """(path_id, rd, labels, prefix) of one bgpcap NLRI (string or object)."""
    pid = None
    if isinstance(p, dict):
        pid = p.get("path_id")
        s = p.get("prefix", "")
    else:
        s = p
    rd = None
    labels = ()
    if s.startswith("RD "):
        _, rd, s = s.split(" ", 2)
    if " label " in s:
        s, lab = s.split(" label ", 1)
        labels = tuple(lab.split(","))
    return (pid, rd, labels, s)


def bgpcap_routes(o):
    a = o.get("attrs", {})
    path = a.get("as_path_raw", a.get("as_path"))
    merged = a.get("as_path")
    if not isinstance(path, str):
        path = merged = None
    nh = a.get("next_hop") if isinstance(a.get("next_hop"), str) else None
    res = []
    for p in o.get("withdrawn", []):
        res.append(("withdraw", "1/1") + nlri_text(p) + ("-", None, None, None))
    for p in o.get("nlri", []):
        res.append(("announce", "1/1") + nlri_text(p) + ("classic", nh, path, merged))
    for key, action in (("mp_reach", "announce"), ("mp_unreach", "withdraw")):
        m = a.get(key)
        if not isinstance(m, dict) or "afi" not in m:
            continue
        fam = f"{code(AFI, m['afi'])}/{code(SAFI, m['safi'])}"
        lst = m.get("nlri" if action == "announce" else "withdrawn", [])
        safi = code(SAFI, m["safi"])
        if safi in FAM_B:
            res += [(action, fam) + (FAM_B[safi](p) if isinstance(p, dict) else ("hex", p))
                    for p in lst]
            continue
        if safi not in IP_SAFI:
            res += [(action, fam, "nlri")] * len(lst)
            continue
        for p in lst:
            if action == "announce":
                res.append((action, fam) + nlri_text(p) +
                           ("mp", tuple(m.get("next_hop", [])), path, merged))
            else:
                res.append((action, fam) + nlri_text(p) + ("-", None, None, None))
    return res


def bgpcap_model(bgpcap, path, opts):
    p = subprocess.run([bgpcap, "-r", path, "--json"] + opts, capture_output=True, text=True)
    model = []
    for line in p.stdout.splitlines():
        o = json.loads(line)
        if "length" in o and "src" in o and "type" in o:
            bmp = o.get("bmp_type_code")
            if bmp is None and o.get("bmp", {}).get("msg_type") == "Route Monitoring":
                bmp = 0
            model.append({"src": o["src"], "dst": o["dst"], "frame": o.get("frame"),
                          "type": o["type"], "length": o["length"], "bmp": bmp,
                          "routes": bgpcap_routes(o) if o["type"] == "UPDATE" else [],
                          "ambiguous": bool(o.get("inferred", {}).get("ambiguous"))})
    return model, p.returncode, p.stderr.strip()


# ------------------------------------------------------------------ legacy API
# (tests/crafted_infer.py): (action, prefix, next hop, AS path) tuples
def tshark_messages(path):
    """[(where, src, dst, bgp proto)] of a capture, where is tcp or icmp."""
    msgs, _ = tshark_pdml(path, [])
    return [("tcp", src, dst, b) for src, dst, _, b in msgs]


def _legacy(routes):
    return [(r[0], r[5], r[7], r[8]) if len(r) > 3 and int(r[1].split("/")[1]) in IP_SAFI
            else (r[0], "0x", None, None) for r in routes]


def tshark_update(b):
    return _legacy(tshark_routes(b))


def bgpcap_update(o):
    return _legacy(bgpcap_routes(o))


# ------------------------------------------------------------------ ExaBGP
EXA_FAM = {"ipv4 unicast": "1/1", "ipv6 unicast": "2/1", "ipv4 multicast": "1/2",
           "ipv4 nlri-mpls": "1/4", "ipv6 nlri-mpls": "2/4", "ipv4 mpls-vpn": "1/128",
           "ipv6 mpls-vpn": "2/128", "ipv4 flow": "1/133", "ipv6 flow": "2/133",
           "ipv4 flow-vpn": "1/134", "l2vpn evpn": "25/70", "bgp-ls bgp-ls": "16388/71",
           "ipv4 sr-policy": "1/73", "ipv6 sr-policy": "2/73"}


def exabgp_expect(vector):
    """(type, routes) that ExaBGP's JSON for one decoding vector states."""
    lines = open(vector, encoding="utf-8").read().splitlines()
    o = json.loads(" ".join(lines[2:]))
    ty = o.get("type", "").upper()
    msg = o.get("neighbor", {}).get("message", {})
    u = msg.get("update", {})
    at = u.get("attribute", {})
    routes = []
    for fam, by_nh in u.get("announce", {}).items():
        f = EXA_FAM.get(fam, fam)
        for nh, lst in by_nh.items():
            for r in lst:
                routes.append(exa_route("announce", f, r, nh))
    for fam, lst in u.get("withdraw", {}).items():
        f = EXA_FAM.get(fam, fam)
        for r in lst:
            routes.append(exa_route("withdraw", f, r, None))
    attrs = {}
    if "origin" in at:
        attrs["origin"] = at["origin"].upper()
    for k in ("med", "local-preference"):
        if k in at:
            attrs[k] = at[k]
    return ty, sorted(routes, key=str), attrs


def exa_route(action, fam, r, nh):
    if int(fam.split("/")[1]) not in IP_SAFI:
        return (action, fam, "nlri")
    labels = tuple(str(x[0]) for x in r.get("label", []))
    return (action, fam, r.get("path-information"), r.get("rd"), labels, r["nlri"],
            nh if action == "announce" else None)


def exabgp_compare(bgpcap, vector, pcap, opts):
    ty, want, wattrs = exabgp_expect(vector)
    p = subprocess.run([bgpcap, "-r", pcap, "--json"] + opts, capture_output=True, text=True)
    msgs = [json.loads(x) for x in p.stdout.splitlines()]
    msgs = [o for o in msgs if "length" in o and "src" in o and "type" in o]
    if len(msgs) != 1 or msgs[0]["type"] != ty:
        return [f"exabgp: ExaBGP decodes one {ty}, bgpcap {[o['type'] for o in msgs]}"]
    o = msgs[0]
    got = []
    for r in bgpcap_routes(o):
        if len(r) == 3 or int(r[1].split("/")[1]) not in IP_SAFI:
            # counted here; tests/exabgp_oracle.py compares their fields
            got.append(r[:2] + ("nlri",))
            continue
        nh = r[7]
        if isinstance(nh, tuple):
            nh = nh[0] if nh else "no-nexthop"
        pid = r[2]
        got.append(r[:2] + (pid,) + r[3:6] + ((nh or "no-nexthop") if r[0] == "announce" else None,))
    want = [(w[:6] + (w[6] or "no-nexthop",) if w[0] == "announce" and len(w) > 3 else w) for w in want]
    diffs = []
    gc, wc = collections.Counter(got), collections.Counter(want)
    for k in sorted(set(gc) | set(wc), key=str):
        if gc[k] != wc[k]:
            diffs.append(f"exabgp: route {k}: ExaBGP {wc[k]}, bgpcap {gc[k]}")
    inf = o.get("inferred", {})
    if diffs and inf.get("ambiguous") and "no ADD-PATH" not in inf.get("reading", "no ADD-PATH"):
        # T2: no OPEN, several readings valid, and bgpcap chose ADD-PATH where
        # ExaBGP's vectors are decoded without it: routes not compared
        diffs = ["note: T2: ExaBGP decodes without ADD-PATH, bgpcap (no OPEN) chose "
                 + inf["reading"]]
    a = o.get("attrs", {})
    have = {"origin": a.get("origin"), "med": a.get("med"), "local-preference": a.get("local_pref")}
    for k, v in wattrs.items():
        if have.get(k) != v:
            diffs.append(f"exabgp: attribute {k}: ExaBGP {v}, bgpcap {have.get(k)}")
    return diffs


# ------------------------------------------------------------------ compare
def key(m):
    return (m["src"], m["dst"], m["frame"])


def compare(tm, bm, exclude=frozenset()):
    diffs = []
    tc = collections.Counter((m["src"], m["dst"], m["type"]) for m in tm)
    bc = collections.Counter((m["src"], m["dst"], m["type"]) for m in bm)
    for k in sorted(set(tc) | set(bc), key=str):
        if tc[k] != bc[k]:
            diffs.append(f"count: {k}: tshark {tc[k]}, bgpcap {bc[k]}")
    tr, br = collections.Counter(), collections.Counter()
    for model, ctr in ((tm, tr), (bm, br)):
        for m in model:
            if key(m) in exclude:
                continue
            for r in m["routes"]:
                ctr[(m["src"], m["dst"]) + r] += 1
    for k in sorted(set(tr) | set(br), key=str):
        if tr[k] != br[k]:
            diffs.append(f"route: {k}: tshark {tr[k]}, bgpcap {br[k]}")
    return diffs, sum(br.values())


def bmp_compare(tbmp, bm, tm):
    """BMP: message counts by type, tshark's (bmp.type) against bgpcap's (its
    BMP records and the Route Monitoring messages shown as BGP). The BGP
    messages inside are then compared by type and route without addresses:
    tshark gives the BMP connection's, bgpcap the monitored peer's."""
    bc = collections.Counter(m["bmp"] for m in bm if m["bmp"] is not None)
    tc = collections.Counter(tbmp)
    diffs = [f"bmp: type {t}: tshark {tc[t]}, bgpcap {bc[t]}"
             for t in sorted(set(tc) | set(bc)) if tc[t] != bc[t]]
    bgp = [m for m in bm if m["type"] != "bmp"]
    for m in bgp + tm:
        m["src"] = m["dst"] = "bmp"
    return bgp, diffs


CAPTURE = (".pcap", ".pcapng", ".cap")


def run_file(bgpcap, root, rel, conf):
    """(diffs, notes, summary) for one file."""
    path = rel if os.path.isabs(rel) else os.path.join(root, rel)
    if not rel.endswith(CAPTURE):
        return run_other(bgpcap, root, rel, path)
    port = conf["port"].get(rel)
    opts = ["--port", port] if port else []
    extra = ["-d", f"tcp.port=={port},bgp"] if port else []
    bmp_port = next((p for d, p in conf["bmp"].items()
                     if rel.startswith(d) or rel.endswith("/" + d)), None)
    if bmp_port:
        opts = ["--bmp-port", bmp_port]
        extra = ["-d", f"tcp.port=={bmp_port},bmp"]
    notes = []
    bm, rc, err = bgpcap_model(bgpcap, path, opts)
    if rc not in (0, 1, 3):   # 3: verdict inconclusive
        return [f"exit: bgpcap exit status {rc}: {err[:160]}"], notes, "bgpcap failed"
    try:
        # BMP: the corpus's BMP captures (a traffic reproducer's) put data on
        # the SYN and number the next segment one byte early; tshark's
        # out-of-order reassembly then stalls for the rest of the stream
        tm, quoted = tshark_model(path, extra, ooo=not bmp_port)
    except (RuntimeError, ET.ParseError) as e:
        return [f"tshark: {e}"], notes, "tshark failed"
    if quoted[0]:
        notes.append(f"T1: {quoted[0]} BGP messages quoted inside ICMP errors not counted")
    if quoted[1]:
        notes.append(f"T5: {quoted[1]} tshark 'continuation' PDUs (bytes it could not frame) "
                     "not counted as messages")
    bdiffs = []
    if bmp_port:
        bm, bdiffs = bmp_compare(quoted[2], bm, tm)
        notes.append(f"BMP on port {bmp_port}: {len(quoted[2])} BMP messages")
    diffs, nroutes = compare(tm, bm)
    diffs = bdiffs + diffs
    if diffs:
        excl = {key(m) for m in bm if m["ambiguous"] or m["length"] > 4096}
        d2, _ = compare(tm, bm, excl) if excl else (diffs, 0)
        if not d2:
            n_amb = sum(1 for m in bm if m["ambiguous"])
            n_big = sum(1 for m in bm if m["length"] > 4096)
            notes.append(f"T2/T3: routes of {n_amb} ambiguous-reading and {n_big} >4096-byte "
                         "messages compared by count only")
            diffs = []
    if diffs:
        tm2, _ = tshark_model(path, extra, ooo=False)
        d3, _ = compare(tm2, bm)
        if not d3:
            notes.append("T4: agrees with tshark without out-of-order reassembly")
            diffs = []
    exa = conf["exabgp"].get(rel)
    if exa:
        ed = exabgp_compare(bgpcap, os.path.join(root, exa), path, opts)
        diffs += [d for d in ed if not d.startswith("note: ")]
        notes += [d[6:] for d in ed if d.startswith("note: ")]
        notes.append(f"ExaBGP oracle {exa}")
    return diffs, notes, f"{len(bm)} messages, {nroutes} routes"


def run_other(bgpcap, root, rel, path):
    """A file that is not a capture: a raw message vector (its Ethernet/IP/TCP
    wrapping in peer-captures/wrapped/ is compared instead) or an MRT file."""
    top, _, inner = rel.partition("/")
    wrapped = os.path.join(root, top, "wrapped", inner + ".pcap")
    if top == "peer-captures" and os.path.exists(wrapped):
        return [], [f"compared as {top}/wrapped/{inner}.pcap"], "raw vector"
    p = subprocess.run([bgpcap, "-r", path, "--json"], capture_output=True, text=True)
    if p.returncode not in (0, 1, 3):   # 3: verdict inconclusive
        return [f"unread: bgpcap exit status {p.returncode}: {p.stderr.strip()[:120]}"], [], \
            "not read"
    if '"mrt":{' in p.stdout or top == "peer-mrt":
        # MRT: bgpdump is the oracle, route by route (tests/mrt_oracle.py):
        # the output bgpdump's own tests expect, else bgpdump -m run here
        expect = os.path.join(root, "peer-mrt", "test_expect",
                              os.path.basename(path) + ".bgp.gz")
        if not os.path.exists(expect):
            expect = None
            if shutil.which("bgpdump") is None:
                return [f"no-oracle: {rel} is MRT and bgpdump is not installed "
                        "(setup.sh --test)"], [], "read"
        diffs, n = mrt_oracle.compare(bgpcap, path, expect)
        return diffs, [f"MRT, compared with {'bgpdump expected output' if expect else 'bgpdump -m'}"], \
            f"{n} bgpdump routes"
    return [f"no-oracle: bgpcap reads {rel} but no comparison is written for it"], [], "read"


def corpus(root):
    """Every file of the shared corpora, relative to root."""
    out = []
    for top in ("peer-captures", "peer-mrt/test_data"):
        for d, _, fs in os.walk(os.path.join(root, top)):
            for f in fs:
                r = os.path.relpath(os.path.join(d, f), root)
                if f in ("MANIFEST.tsv", "README.md", "COPYING"):
                    continue
                out.append(r)
    return sorted(out)


def load_conf(path, root):
    conf = {"port": {}, "allow": {}, "exabgp": {}, "bmp": {}}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        w = line.split(None, 3)
        if w[0] == "port":
            conf["port"][w[1]] = w[2]
        elif w[0] == "bmp":
            conf["bmp"][w[1]] = w[2]
        elif w[0] == "allow" and len(w) == 4:
            conf["allow"].setdefault(w[1], {})[w[2]] = w[3]
        else:
            sys.exit(f"{path}:{n}: cannot parse: {line}")
    # ExaBGP decoding vectors and their wrapped captures
    d = os.path.join(root, "peer-captures", "exabgp-qa", "decoding")
    if os.path.isdir(d):
        for v in os.listdir(d):
            conf["exabgp"][f"peer-captures/wrapped/exabgp-qa/decoding/{v}.pcap"] = \
                f"peer-captures/exabgp-qa/decoding/{v}"
    return conf


def judge(rel, diffs, allowed):
    """Lines to print and whether the file fails. An entry CLASS:N allows
    exactly N differing lines of CLASS, so a change in what differs fails."""
    counts = collections.Counter(d.split(":", 1)[0] for d in diffs)
    want = {}
    for c in allowed:
        name, _, n = c.partition(":")
        want[name] = (c, int(n) if n else None)
    classes = set(counts)
    out, bad = [], False
    for c in sorted(classes):
        lines = ["  " + d for d in diffs if d.startswith(c + ":")]
        if c in want and want[c][1] in (None, counts[c]):
            out.append(f"  allowed {want[c][0]}: {allowed[want[c][0]]}")
        else:
            bad = True
            if c in want:
                out.append(f"  {counts[c]} differences of class {c}, tests/oracle.conf allows "
                           f"{want[c][1]}: what differs has changed")
            out += lines[:12]
    for c in sorted(set(want) - classes):
        bad = True
        out.append(f"  STALE allowlist entry '{rel} {want[c][0]}': no such difference any more; "
                   "remove it from tests/oracle.conf")
    return out, bad


def main():
    bgpcap, confpath, root = sys.argv[1:4]
    # the project's own captures (absolute paths), then the whole corpus
    files = sys.argv[4:] + corpus(root)
    only = os.environ.get("ORACLE_ONLY")   # a few files (tests/mutate.sh)
    if only:
        files = [f for f in files if any(o in f for o in only.split())]
    conf = load_conf(confpath, root)
    for rel in conf["allow"]:
        if rel not in files and not only:
            print(f"FAIL: tests/oracle.conf names {rel}, which is not in the corpus")
            return 1
    jobs = int(os.environ.get("ORACLE_JOBS", "2"))
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        results = list(ex.map(lambda r: (r,) + run_file(bgpcap, root, r, conf), files))
    fails = 0
    tally = collections.Counter()
    for rel, diffs, notes, summary in results:
        lines, bad = judge(rel, diffs, conf["allow"].get(rel, {}))
        status = "FAIL" if bad else ("allowed" if diffs else "agrees")
        tally[status] += 1
        fails += bad
        print(f"{status}: {rel}: {summary}" + "".join(f"; {n}" for n in notes))
        for ln in lines:
            print(ln)
    print(f"oracle: {len(files)} files: {tally['agrees']} agree, {tally['allowed']} differ as "
          f"allowed, {tally['FAIL']} fail")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
