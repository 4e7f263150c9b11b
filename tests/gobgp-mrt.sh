#!/bin/bash
# tests/gobgp-mrt.sh - GoBGP's own MRT (issue 13): captures/gobgp-mrt/
# holds, for happy and wrong-nexthop, the pcap and rs1's (GoBGP)
# `dump-type = "updates"` file of the same run (captures/record with
# GOBGP_MRT=1). GoBGP writes the UPDATEs it received: the NVA's direction.
#   1. the MRT decodes to the same UPDATEs as the pcap's from the NVA to
#      rs1 (10.0.1.6 > 10.0.2.4, 2001:db8:1::6 > 2001:db8:2::4), by
#      direction and content, in order; nothing else is in the file;
#   2. the wrong next hop is found in the file alone: exit 1 and the
#      violation names 10.0.1.6 > 10.0.2.4 and the next hop it carried.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
D="$top_srcdir/captures/gobgp-mrt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# message lines without time and ports (MRT has none): "SRC > DST TYPE len N: ..."
msgs() {
	grep -E ' (OPEN|UPDATE|KEEPALIVE|NOTIFICATION|ROUTE-REFRESH) len ' |
		sed -E 's/^(\[?[0-9a-f.:]+\]?):[0-9]+ > (\[?[0-9a-f.:]+\]?):[0-9]+ /\1 > \2 /'
}
bydir() { sort -s -k1,3; }
for s in happy wrong-nexthop; do
	"$BGPCAP" -r "$D/$s.pcap" -t 2>/dev/null | msgs |
		grep -E '^(10\.0\.1\.6 > 10\.0\.2\.4|\[2001:db8:1::6\] > \[2001:db8:2::4\]) UPDATE ' |
		bydir >"$tmp/$s.tx"
	"$BGPCAP" -r "$D/$s.gobgp-updates.mrt" -t 2>/dev/null | msgs | bydir >"$tmp/$s.mrt"
	[ -s "$tmp/$s.tx" ] && cmp -s "$tmp/$s.mrt" "$tmp/$s.tx" && pass ||
		{ fail "$s: GoBGP's updates file differs from the pcap's UPDATEs to rs1"; diff "$tmp/$s.mrt" "$tmp/$s.tx" | head; }
	# both families, as the NVA announces them
	grep -q '^10\.0\.1\.6 > 10\.0\.2\.4 UPDATE .*announce 0\.0\.0\.0/0 ' "$tmp/$s.mrt" &&
		grep -q '^\[2001:db8:1::6\] > \[2001:db8:2::4\] UPDATE .*announce ::/0 ' "$tmp/$s.mrt" && pass ||
		fail "$s: the default routes to rs1 are not both in GoBGP's file"
done
"$BGPCAP" -q -r "$D/wrong-nexthop.gobgp-updates.mrt" --expect-nexthop 10.0.1.4 \
	--expect-nexthop 2001:db8:1::4 --expect-aspath 65001 --speaker 10.0.1.6 \
	--expect-peer 10.0.2.4 >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q 'violation: .* 10\.0\.1\.6 > 10\.0\.2\.4 0\.0\.0\.0/0 next_hop: next hop 10\.0\.1\.6, expected 10\.0\.1\.4' "$tmp/out" &&
	pass || { fail "wrong-nexthop.gobgp-updates.mrt: exit $rc, expected 1 and the next-hop violation"; tail -5 "$tmp/out"; }
finish
