#!/bin/bash
# tests/link.sh - -e (issue 13): the link-level header on each message line
# and as "link" in JSON, against tshark's fields for the same frame
# (eth.src, eth.dst of the outermost Ethernet header, 802.1ad/802.1Q ids,
# MPLS labels, GRE key, VXLAN VNI, frame length) on crafted captures
# (tests/link_gen.py: QinQ, MPLS, GRE, VXLAN; the two directions have
# different MACs), and on captures/happy.pcap.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || skip_all "tshark is not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$top_srcdir/tests/link_gen.py" "$tmp" || { fail "link_gen.py"; finish; exit; }
cp "$top_srcdir/captures/happy.pcap" "$tmp/"
for cap in "$tmp"/*.pcap; do
	n=$(basename "$cap")
	"$BGPCAP" -r "$cap" -e --json >"$tmp/j" 2>/dev/null
	"$BGPCAP" -r "$cap" -e >"$tmp/t" 2>/dev/null
	tshark -r "$cap" -o tcp.reassemble_out_of_order:TRUE -Y bgp -T fields -E occurrence=a \
		-E aggregator=, -e frame.number -e frame.len -e eth.src -e eth.dst -e ieee8021ad.id \
		-e vlan.id -e mpls.label -e gre.key -e vxlan.vni >"$tmp/s" 2>/dev/null
	if python3 - "$tmp/j" "$tmp/t" "$tmp/s" <<'PY'
import json, re, sys
frames = {}
for ln in open(sys.argv[3]):
    f = ln.rstrip("\n").split("\t")
    frames[int(f[0])] = f
msgs = [json.loads(l) for l in open(sys.argv[1])]
msgs = [m for m in msgs if m.get("type") in ("OPEN", "UPDATE", "KEEPALIVE", "NOTIFICATION")]
text = [l for l in open(sys.argv[2]) if re.search(r" (OPEN|UPDATE|KEEPALIVE|NOTIFICATION) len ", l)]
bad = []
if not msgs or len(msgs) != len(text):
    bad.append(f"{len(msgs)} JSON messages, {len(text)} text lines")
for m, t in zip(msgs, text):
    s = frames.get(m["frame"])
    lk = m.get("link", {})
    if s is None:
        bad.append(f"frame {m['frame']}: tshark shows no BGP")
        continue
    num, flen, src, dst, qinq, vlan, labels, key, vni = s
    enc = lk.get("encap", "")
    want = {
        "src": src.split(",")[0], "dst": dst.split(",")[0], "length": int(flen),
        "vlan": [int(x) for x in (qinq.split(",") if qinq else []) + (vlan.split(",") if vlan else [])],
        "mpls": [int(x) for x in labels.split(",")] if labels else [],
        "gre": int(key, 16) if key else None, "vni": int(vni) if vni else None,
    }
    got = {
        "src": lk.get("src"), "dst": lk.get("dst"), "length": lk.get("length"),
        "vlan": [int(x) for x in re.findall(r"vlan (\d+)", enc)],
        "mpls": [int(x) for x in sum((g.split("/") for g in re.findall(r"mpls ([\d/]+)", enc)), [])],
        "gre": int(re.search(r"gre key (\d+)", enc).group(1)) if "gre key" in enc else None,
        "vni": int(re.search(r"vxlan (\d+)", enc).group(1)) if "vxlan" in enc else None,
    }
    if got != want:
        bad.append(f"frame {num}: bgpcap {got} tshark {want}")
    # the text line: the same, between the time and the endpoints
    lead = f" {want['src']} > {want['dst']}, ethertype "
    if lead not in t or f"length {flen}: " not in t or (enc and f", {enc}, " not in t):
        bad.append(f"frame {num}: text line {t.strip()!r}")
for b in bad[:10]:
    print(b)
sys.exit(1 if bad else 0)
PY
	then pass; else fail "$n: -e differs from tshark (above)"; fi
done
# an MRT file has no link layer: -e adds nothing there
"$BGPCAP" -r "$top_srcdir/captures/happy.pcap" --write-mrt "$tmp/h.mrt" -q >/dev/null 2>&1
if cmp -s <("$BGPCAP" -r "$tmp/h.mrt" -e 2>&1) <("$BGPCAP" -r "$tmp/h.mrt" 2>&1); then
	pass
else
	fail "-e changes the output of an MRT file"
fi
finish
