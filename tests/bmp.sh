#!/bin/bash
# BMP (RFC 7854, RFC 8671): crafted BMP feeds (tests/bmp_gen.py, through
# tests/pcapgen.py's BMP builder) about the NVA's session with a route
# server; each must give the exit status and the lines stated here: the
# default-route check from the feed, the views that are checked and those
# that are not, every framing and decoding fault named, Peer Down with each
# reason, and tshark's BMP message count.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$top_srcdir/tests/bmp_gen.py" "$tmp" || { fail "bmp_gen.py could not write the captures"; finish; exit; }
EXPECT=(--expect-nexthop 10.0.1.4 --expect-aspath 65001 --expect-peer 10.0.2.4 --speaker 10.0.1.6)

# check NAME STATUS REGEX...: exit status and lines the output must hold
check() {
	local name=$1 want=$2 out rc
	shift 2
	out=$("$BGPCAP" -r "$tmp/$name.pcap" "${EXPECT[@]}" 2>&1)
	rc=$?
	[ "$rc" -eq "$want" ] && pass || { fail "$name: exit status $rc, expected $want"; echo "$out" | sed 's/^/    /'; }
	for re in "$@"; do
		grep -Eq -- "$re" <<<"$out" && pass || { fail "$name: output lacks /$re/"; echo "$out" | sed 's/^/    /'; }
	done
}

UP='session 10.0.1.6 - 10.0.2.4: Established.*BMP Peer Up'
DEF='default route 10.0.1.6 > 10.0.2.4 0.0.0.0/0: 1 announcement.*next hop 10.0.1.4 as path 65001, held'
check happy 0 "$UP" "$DEF" '^verdict: ok' \
	'10.0.1.6:40000 > 10.0.2.4:179 UPDATE len 44: announce 0.0.0.0/0 nh 10.0.1.4 path 65001 \[bmp global adj-rib-in pre-policy peer-as 65001 id 10.0.1.6 at 2023-11-14T22:13:20.000000Z\]' \
	'10.0.2.4:45000 > 10.0.9.9:1790 BMP Initiation len 26: sysDescr "FRRouting" sysName "rs1"' \
	'BMP Peer Up len 166: peer 10.0.1.6 global adj-rib-in pre-policy peer-as 65001 id 10.0.1.6 local 10.0.2.4 port 179 remote-port 40000' \
	'10.0.2.4:179 > 10.0.1.6:40000 OPEN len 49: v4 as 65515' \
	'BMP Statistics Report len 72: .* 2 stats: rejected-by-policy 0 adj-rib-in-routes 1' \
	'bytes seen 356 = decoded 356 \+ skipped 0'
check wrong-nexthop 1 'violation: .* 10.0.1.6 > 10.0.2.4 0.0.0.0/0 next_hop: next hop 10.0.1.99, expected 10.0.1.4'
check split 0 "$UP" "$DEF" 'summary: 77 packets, 3 messages' 'bytes seen 356 = decoded 356 \+ skipped 0'
# post-policy Adj-RIB-In: the route server's view after its import policy
check post-policy 0 "$DEF" 'nh 10.0.1.99 path 65001 \[bmp global adj-rib-in post-policy'
# RFC 8671: the NVA's own feed; post-policy Adj-RIB-Out is what it sent
check adj-rib-out 0 "$UP" "$DEF" 'nh 10.0.1.99 path 65001 \[bmp global adj-rib-out pre-policy peer-as 65515'
check adj-rib-out-wrong 1 'next_hop: next hop 10.0.1.99, expected 10.0.1.4' \
	'nh 10.0.1.99 path 65001 \[bmp global adj-rib-out post-policy'
check peer-header-truncated 3 'BMP Route Monitoring len 36: \[error @6: per-peer header truncated \(42 bytes\)\]' \
	'inconclusive: .* 36 bytes from 10.0.1.6 to 10.0.2.4 .*BMP connection carrying this session'
check beyond-stream 3 '10.0.2.4:45000 > 10.0.9.9:1790 SKIPPED 100 bytes: incomplete message at end of capture' \
	'inconclusive: .* 100 bytes from 10.0.1.6 to 10.0.2.4'
check version1 3 'SKIPPED 63 bytes: not a BMP header \(BMP version 1 or 2 \(no length field; bgpcap reads version 3, RFC 7854\)\): resynchronised after 63 bytes' \
	"$DEF" 'inconclusive: .* 63 bytes from 10.0.1.6 to 10.0.2.4'
check bad-update 1 'UPDATE len 44: announce 0.0.0.0/0 nh 10.0.1.4 path 65001 \[error @23: ORIGIN value 7 is undefined; treat-as-withdraw; NOTIFICATION 3/6\] \[bmp ' \
	'withdrawal: .* 0.0.0.0/0: treat-as-withdraw \(malformed UPDATE\)'
DOWN='violation: .* 10.0.1.6 > 10.0.2.4 - session: Idle, down'
check peer-down-1 1 'BMP Peer Down len 70: .* reason 1 \(local system closed, NOTIFICATION follows\)' \
	'10.0.2.4:179 > 10.0.1.6:40000 NOTIFICATION len 21: Cease/Administrative Shutdown \(6/2\) \[bmp Peer Down' \
	"$DOWN: Cease/Administrative Shutdown sent by 10.0.2.4"
check peer-down-2 1 'reason 2 \(local system closed, FSM event follows\) fsm-event 3' "$DOWN: TCP FIN from 10.0.2.4"
check peer-down-3 1 'reason 3 \(remote system closed, NOTIFICATION follows\)' \
	'10.0.1.6:40000 > 10.0.2.4:179 NOTIFICATION len 21: Cease/Administrative Reset' \
	"$DOWN: Cease/Administrative Reset sent by 10.0.1.6"
check peer-down-4 1 'reason 4 \(remote system closed, no data\)' "$DOWN: TCP FIN from 10.0.1.6"
check peer-down-5 1 'reason 5 \(peer de-configured\)' "$DOWN: TCP FIN from 10.0.2.4"
# JSON: every line parses; the BGP message carries a "bmp" object, the
# others are "type":"bmp" objects
"$BGPCAP" --json -r "$tmp/happy.pcap" >"$tmp/happy.json" 2>&1
python3 - "$tmp/happy.json" <<'PY' && pass || fail "happy.pcap: JSON"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
upd = [o for o in objs if o.get("type") == "UPDATE"]
assert len(upd) == 1 and upd[0]["bmp"]["msg_type"] == "Route Monitoring", upd
b = upd[0]["bmp"]
assert (b["peer_type"], b["rib"], b["post_policy"], b["peer"], b["peer_as"]) == \
    ("global", "adj-rib-in", False, "10.0.1.6", 65001), b
kinds = sorted(o["bmp_type"] for o in objs if o.get("type") == "bmp")
assert kinds == ["Initiation", "Peer Up", "Statistics Report"], kinds
PY
# --bmp-port 0: no BMP, the connection is not decoded at all
n=$("$BGPCAP" -r "$tmp/happy.pcap" --bmp-port 0 2>&1 | grep -c ' BMP \| UPDATE ')
[ "$n" -eq 0 ] && pass || fail "--bmp-port 0: $n BMP/UPDATE lines"
# another port, and a port given both ways
n=$("$BGPCAP" -r "$tmp/happy.pcap" --bmp-port 11019 2>&1 | grep -c ' BMP ')
[ "$n" -eq 0 ] && pass || fail "--bmp-port 11019: $n BMP lines from port 1790"
"$BGPCAP" -r "$tmp/happy.pcap" --port 1790 --bmp-port 1790 >/dev/null 2>&1
[ $? -eq 2 ] && pass || fail "--port 1790 --bmp-port 1790: not a usage error"
# --port 1790 alone: BGP on 1790, the default BMP port is dropped
n=$("$BGPCAP" -r "$tmp/happy.pcap" --port 1790 2>&1 | grep -c ' BMP ')
[ "$n" -eq 0 ] && pass || fail "--port 1790: still read as BMP"

# --routes and --rib: captured BGP only; a BMP view is not a message on a
# wire (the verdict still comes from it)
out=$("$BGPCAP" -r "$tmp/happy.pcap" --routes "${EXPECT[@]}" 2>/dev/null)
rc=$?
[ $rc -eq 0 ] && [ "$(grep -vc '^#' <<<"$out")" -eq 0 ] && pass ||
	fail "happy --routes: exit $rc, route or BMP lines: $(grep -v '^#' <<<"$out" | head -3)"
out=$("$BGPCAP" -r "$tmp/happy.pcap" --rib -q "${EXPECT[@]}" 2>&1)
rc=$?
[ $rc -eq 0 ] && ! grep -q '0\.0\.0\.0/0 .*10\.0\.1\.4' <<<"$(grep -v 'default route' <<<"$out")" && pass ||
	fail "happy --rib: exit $rc, a BMP view held: $out"
# display filters: a BMP record is shown for a --peer that is its monitored
# peer or an end of the BMP connection, and only with no other filter
out=$("$BGPCAP" -r "$tmp/happy.pcap" --peer 10.0.1.6 2>&1)
grep -q 'BMP Peer Up len 166: peer 10.0.1.6' <<<"$out" && ! grep -q 'BMP Initiation' <<<"$out" && pass ||
	fail "--peer 10.0.1.6 (monitored peer): $out"
n=$("$BGPCAP" -r "$tmp/happy.pcap" --peer 10.0.2.4 2>&1 | grep -c ':1790 BMP ')
[ "$n" -eq 3 ] && pass || fail "--peer 10.0.2.4 (the BMP connection's end): $n BMP lines, expected 3"
n=$("$BGPCAP" -r "$tmp/happy.pcap" --peer 10.0.2.99 2>&1 | grep -c ':1790 BMP \|:179 UPDATE ')
[ "$n" -eq 0 ] && pass || fail "--peer 10.0.2.99: $n BMP or UPDATE lines"
out=$("$BGPCAP" -r "$tmp/happy.pcap" --type update 2>&1)
grep -q ' UPDATE len 44: announce 0.0.0.0/0' <<<"$out" && ! grep -q ':1790 BMP ' <<<"$out" && pass ||
	fail "--type update: $out"

# tshark counts the same BMP messages
if command -v tshark >/dev/null; then
	for name in happy split peer-down-1 adj-rib-out; do
		t=$(tshark -r "$tmp/$name.pcap" -d tcp.port==1790,bmp -T fields -e bmp.type 2>/dev/null | tr ',' '\n' | grep -c .)
		b=$("$BGPCAP" --json -r "$tmp/$name.pcap" 2>/dev/null | python3 -c '
import json, sys
n = 0
for l in sys.stdin:
    o = json.loads(l)
    n += o.get("type") == "bmp" or o.get("bmp", {}).get("msg_type") == "Route Monitoring"
print(n)')
		[ "$t" -eq "$b" ] && pass || fail "$name: tshark counts $t BMP messages, bgpcap $b"
	done
else
	skip "tshark is not installed"
fi
finish
