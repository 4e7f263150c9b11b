#!/bin/bash
# tests/frr-mrt.sh - FRR's own MRT (issue 13): captures/frr-mrt/ holds, for
# happy and wrong-nexthop, the pcap and FRR's `dump bgp all` and `dump bgp
# updates` files of the same run (captures/record with FRR_MRT=1).
#   1. the MRT decodes to the same messages as the pcap, by direction and
#      content, in order: every message the NVA received (all; FRR's file
#      may end with a KEEPALIVE received after tcpdump stopped), its
#      UPDATEs (updates); FRR writes no message the NVA sent;
#   2. the verdict on either MRT file is inconclusive (exit 3) and says the
#      NVA's direction is not recorded, never "never announced"; the pcap
#      decides (0 and 1), and so does bgpcap's own --write-mrt of it, which
#      holds both directions.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
D="$top_srcdir/captures/frr-mrt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
V="--expect-nexthop 10.0.1.4 --expect-nexthop 2001:db8:1::4 --expect-aspath 65001 --speaker 10.0.1.6
   --expect-peer 10.0.2.4 --expect-peer 10.0.2.5"
# message lines without time and ports (MRT has none): "SRC > DST TYPE len N: ..."
msgs() {
	grep -E ' (OPEN|UPDATE|KEEPALIVE|NOTIFICATION|ROUTE-REFRESH) len ' |
		sed -E 's/^(\[?[0-9a-f.:]+\]?):[0-9]+ > (\[?[0-9a-f.:]+\]?):[0-9]+ /\1 > \2 /'
}
# the messages of each direction in order, directions one after the other
bydir() { sort -s -k1,3; }
for s in happy wrong-nexthop; do
	"$BGPCAP" -r "$D/$s.pcap" -t 2>/dev/null | msgs >"$tmp/$s.pcap.txt"
	# received by the NVA: sent by a route server (10.0.2.x, 2001:db8:2::x)
	grep -E '^(10\.0\.2\.|\[2001:db8:2::)' "$tmp/$s.pcap.txt" | bydir >"$tmp/$s.rx"
	"$BGPCAP" -r "$D/$s.frr-all.mrt" -t 2>/dev/null | msgs | bydir >"$tmp/$s.all"
	# the recorder copies FRR's file after tcpdump stopped: a KEEPALIVE
	# received in between is in the file only (nothing else may differ)
	diff "$tmp/$s.all" "$tmp/$s.rx" | grep '^[<>]' | grep -v '^< .* KEEPALIVE len 19:$' >"$tmp/d"
	[ -s "$tmp/$s.rx" ] && [ ! -s "$tmp/d" ] && pass ||
		{ fail "$s: dump bgp all differs from the pcap's received messages"; head "$tmp/d"; }
	grep ' UPDATE len ' "$tmp/$s.rx" >"$tmp/$s.rxu"
	"$BGPCAP" -r "$D/$s.frr-updates.mrt" -t 2>/dev/null | msgs | bydir >"$tmp/$s.upd"
	[ -s "$tmp/$s.rxu" ] && cmp -s "$tmp/$s.upd" "$tmp/$s.rxu" && pass ||
		{ fail "$s: dump bgp updates differs from the pcap's received UPDATEs"; diff "$tmp/$s.upd" "$tmp/$s.rxu" | head; }
	# nothing the NVA sent is in the files: FRR's behaviour, stated
	n=$(grep -cE '^(10\.0\.1\.6|\[2001:db8:1::6\]) ' "$tmp/$s.all")
	[ "$n" -eq 0 ] && pass || fail "$s: dump bgp all holds $n messages from the NVA"
done
# verdicts
want() { # FILE STATUS
	"$BGPCAP" -r "$1" -q $V >"$tmp/out" 2>&1
	rc=$?
	[ $rc -eq "$2" ] && pass || { fail "$(basename "$1"): exit $rc, expected $2"; tail -5 "$tmp/out"; }
}
want "$D/happy.pcap" 0
want "$D/wrong-nexthop.pcap" 1
for s in happy wrong-nexthop; do
	for k in all updates; do
		f="$D/$s.frr-$k.mrt"
		want "$f" 3
		grep -q "inconclusive: the MRT file records no message from 10.0.1.6 to 10.0.2.4" "$tmp/out" &&
			! grep -q "never announced" "$tmp/out" && pass ||
			fail "$s.frr-$k.mrt: the report does not say the NVA's direction is not recorded"
		"$BGPCAP" -r "$f" -q --json $V 2>/dev/null | tail -1 |
			jq -e '[.inconclusive[].code] | index("unrecorded")' >/dev/null && pass ||
			fail "$s.frr-$k.mrt: no inconclusive code unrecorded in JSON"
	done
	# bgpcap's own MRT of the pcap holds both directions: it decides
	"$BGPCAP" -r "$D/$s.pcap" -q -Z root --write-mrt "$tmp/$s.mrt" >/dev/null 2>&1
	want "$tmp/$s.mrt" "$([ $s = happy ] && echo 0 || echo 1)"
done
finish
