#!/bin/bash
# tests/routes.sh - --routes (issue 13): for each capture in captures/, the
# route lines against tshark's prefixes and the daemons' RIBs
# (tests/routes_oracle.py); the report on stderr with the verdict's exit
# status; an MRT table dump's entries as "rib" lines.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || skip_all "tshark is not installed"
C="$top_srcdir/captures"
for cap in "$C"/*.pcap; do
	if nice python3 "$top_srcdir/tests/routes_oracle.py" "$BGPCAP" "$cap" "${cap%.pcap}.expect"; then
		pass
	else
		fail "$(basename "$cap"): --routes differs (above)"
	fi
done
# the verdict is the same with --routes
v="--expect-nexthop 10.0.1.4 --speaker 10.0.1.6 --expect-peer 10.0.2.4 --expect-peer 10.0.2.5"
"$BGPCAP" -r "$C/wrong-nexthop.pcap" --routes $v >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] && pass || fail "wrong-nexthop --routes: exit $rc, expected 1"
"$BGPCAP" -r "$C/happy.pcap" --routes $v >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && pass || fail "happy --routes: exit $rc, expected 0"
# a TABLE_DUMP_V2 file with ADD-PATH: one "rib" line per entry bgpdump's
# own test expects (peer, prefix, path id, AS path, next hop)
for f in bview.ipv4_unicast_add_path.gz bview.ipv6_unicast_add_path.gz; do
	d="$SHARED/peer-mrt/test_data/$f" e="$SHARED/peer-mrt/test_expect/$f.bgp.gz"
	if [ ! -f "$d" ] || [ ! -f "$e" ]; then
		skip "$f: not in $SHARED/peer-mrt"
		continue
	fi
	ours=$("$BGPCAP" -r "$d" --routes 2>/dev/null | awk -F '\t' '$5 == "rib" { print $2, $6, $7, $9, $8 }' | sort)
	# bgpdump writes 255.255.255.255 for a RIB entry without a next hop
	theirs=$(zcat "$e" | awk -F '|' '$3 == "B" { if ($10 == "255.255.255.255") $10 = "";
		print $4, $6, $7, $8, $10 }' | sort)
	[ -n "$ours" ] && [ "$ours" = "$theirs" ] && pass ||
		fail "$f: rib lines differ from bgpdump's: $(diff <(echo "$ours") <(echo "$theirs") | head -5)"
done
finish
