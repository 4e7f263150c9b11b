#!/bin/bash
# Every scenario in captures/ gets the right verdict, exit status and
# diagnosis line, and its decode agrees with the daemons' own RIBs
# (captures/NAME.expect, tests/rib_oracle.py).
. "$(dirname "$0")/lib.sh"
C="$top_srcdir/captures"
EXPECT=(--expect-nexthop 10.0.1.4 --expect-nexthop 2001:db8:1::4 --expect-aspath 65001
	--expect-peer 10.0.2.4 --expect-peer 10.0.2.5 --speaker 10.0.1.6)

# check NAME STATUS REGEX...: exit status and lines the report must hold
check() {
	local name=$1 want=$2 out rc
	shift 2
	if [ ! -f "$C/$name.pcap" ]; then
		fail "$name: captures/$name.pcap is missing"
		return
	fi
	out=$("$BGPCAP" -q -r "$C/$name.pcap" "${EXPECT[@]}" 2>&1)
	rc=$?
	[ "$rc" -eq "$want" ] && pass || fail "$name: exit status $rc, expected $want"
	for re in "$@"; do
		if grep -Eq -- "$re" <<<"$out"; then pass; else
			fail "$name: report lacks /$re/"; echo "$out" | sed 's/^/    /'
		fi
	done
	# the JSON report says the same
	"$BGPCAP" -q --json -r "$C/$name.pcap" "${EXPECT[@]}" >"$tmp/r.json" 2>&1
	python3 - "$tmp/r.json" "$want" <<'PY' && pass || fail "$name: JSON report"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
rep = json.loads(lines[-1])
assert rep["type"] == "report", rep
assert rep["verdict"] == {"0": "ok", "1": "violation", "3": "inconclusive"}[sys.argv[2]], rep["verdict"]
for s in rep["sessions"]:
    assert "state" in s and "peer" in s and "local" in s
PY
	if [ -f "$C/$name.expect" ]; then
		python3 "$top_srcdir/tests/rib_oracle.py" "$BGPCAP" "$C/$name.pcap" "$C/$name.expect" \
			>"$tmp/oracle" && pass || { fail "$name: decode differs from the daemons' RIBs"; cat "$tmp/oracle"; }
	fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check happy 0 '^verdict: ok' \
	'default route 10\.0\.1\.6 > 10\.0\.2\.4 0\.0\.0\.0/0: .*next hop 10\.0\.1\.4 as path 65001, held' \
	'default route 10\.0\.1\.6 > 10\.0\.2\.5 0\.0\.0\.0/0: .*next hop 10\.0\.1\.4 as path 65001, held' \
	'default route 2001:db8:1::6 > 2001:db8:2::4 ::/0: .*next hop 2001:db8:1::4' \
	'session 10\.0\.1\.6 - 10\.0\.2\.4: Established'
check wrong-nexthop 1 '^verdict: violation' \
	'violation: .* 10\.0\.1\.6 > 10\.0\.2\.4 0\.0\.0\.0/0 next_hop: next hop 10\.0\.1\.6, expected 10\.0\.1\.4' \
	'violation: .* 10\.0\.1\.6 > 10\.0\.2\.5 0\.0\.0\.0/0 next_hop: next hop 10\.0\.1\.6, expected 10\.0\.1\.4'
check as-mismatch 1 '^verdict: violation' \
	'session 10\.0\.1\.6 - 10\.0\.2\.5: .*down: OPEN from 10\.0\.2\.5 answered by NOTIFICATION OPEN Message Error/Bad Peer AS from 10\.0\.1\.6 \(peer AS 65515 offered, check remote-as on 10\.0\.1\.6\)' \
	'session 10\.0\.1\.6 - 10\.0\.2\.4: Established'
check no-multihop 1 '^verdict: violation' \
	'session 10\.0\.1\.6 - 10\.0\.2\.4: .*down: packets from 10\.0\.1\.6 to 10\.0\.2\.4 leave with TTL 1 and die in transit \(ICMP time exceeded from 10\.0\.1\.1\): configure ebgp-multihop'
check withdraw 0 '^verdict: ok' \
	'withdrawal: .* 10\.0\.1\.6 > 10\.0\.2\.4 0\.0\.0\.0/0: explicit; re-announced' \
	'withdrawal: .* 10\.0\.1\.6 > 10\.0\.2\.5 0\.0\.0\.0/0: explicit; re-announced'
check shutdown 1 '^verdict: violation' \
	'Cease/Administrative Shutdown: ".+"' \
	'withdrawal: .* 0\.0\.0\.0/0: session down: Cease/Administrative Shutdown'
check hold-expiry 0 '^verdict: ok' 'Hold Timer Expired' \
	'10\.0\.2\.4: 1 gap between messages longer than the hold time \(9 s\), longest 9\.0[0-9] s' \
	'withdrawal: .* session down: Hold Timer Expired sent by 10\.0\.1\.6; re-announced'
check refresh 0 '^verdict: ok'
check addpath 0 '^verdict: ok' 'add-path'
# bmp: happy plus two BMP feeds (the NVA's FRR, rs1's GoBGP); the captured
# sessions are the evidence, the BMP views of them are printed only
check bmp 0 '^verdict: ok' \
	'default route 10\.0\.1\.6 > 10\.0\.2\.5 0\.0\.0\.0/0: .*next hop 10\.0\.1\.4 as path 65001, held' \
	'session 10\.0\.1\.6 - 10\.0\.2\.4: Established.*OPENs both ways, then KEEPALIVE'
# the same check from the BMP feed alone: rs1's pre-policy Adj-RIB-In holds
# what the NVA sent it (BIRD sends no BMP, FRR 8.4 no Adj-RIB-Out)
out=$("$BGPCAP" -q -r "$C/bmp.pcap" --expect-nexthop 10.0.1.4 --expect-nexthop 2001:db8:1::4 \
	--expect-aspath 65001 --expect-peer 10.0.2.4 --speaker 10.0.1.6 port 1790 2>&1); rc=$?
[ $rc -eq 0 ] && pass || { fail "bmp.pcap, port 1790: exit status $rc, expected 0"; echo "$out"; }
for re in 'session 10\.0\.1\.6 - 10\.0\.2\.4: Established.*BMP Peer Up' \
	'default route 10\.0\.1\.6 > 10\.0\.2\.4 0\.0\.0\.0/0: 1 announcement.*next hop 10\.0\.1\.4 as path 65001, held' \
	'default route 2001:db8:1::6 > 2001:db8:2::4 ::/0: 1 announcement.*next hop 2001:db8:1::4 as path 65001, held'; do
	grep -Eq -- "$re" <<<"$out" && pass || { fail "bmp.pcap, port 1790: report lacks /$re/"; echo "$out"; }
done
# and a route server's BMP view alone with the default route wrong: 1
# (tests/bmp.sh builds such feeds with tests/pcapgen.py)

# refresh: ROUTE-REFRESH and the enhanced refresh markers are decoded
if [ -f "$C/refresh.pcap" ]; then
	out=$("$BGPCAP" -t -r "$C/refresh.pcap")
	for re in 'ROUTE-REFRESH len 23: IPv4 unicast normal' 'ROUTE-REFRESH len 23: IPv4 unicast BoRR' \
	    'ROUTE-REFRESH len 23: IPv4 unicast EoRR'; do
		grep -q "$re" <<<"$out" && pass || fail "refresh: no '$re' line"
	done
fi
# addpath: path identifiers decoded where ADD-PATH was negotiated
if [ -f "$C/addpath.pcap" ]; then
	"$BGPCAP" -r "$C/addpath.pcap" --json | grep -q '"path_id":' && pass ||
		fail "addpath: no path_id in the JSON output"
fi
# a file whose last record is cut (tcpdump killed while writing): decoded up
# to the cut, a warning on stderr, the verdict decides the exit status
if [ -f "$C/happy.pcap" ]; then
	size=$(wc -c <"$C/happy.pcap")
	head -c $((size - 10)) "$C/happy.pcap" >"$tmp/cut.pcap"
	"$BGPCAP" -q -r "$tmp/cut.pcap" >"$tmp/cut.out" 2>"$tmp/cut.err"
	rc=$?
	[ $rc -eq 0 ] && pass || fail "cut file: exit status $rc, expected 0"
	grep -q "warning: .*truncated dump file" "$tmp/cut.err" && pass || fail "cut file: no warning"
	grep -q "^verdict: ok" "$tmp/cut.out" && pass || fail "cut file: no report"
fi

# a capture that starts mid-session (the OPENs cut away with editcap): the
# UPDATEs are decoded with an inferred context, said so, and still checked
if command -v editcap >/dev/null && [ -f "$C/happy.pcap" ]; then
	last=$("$BGPCAP" -r "$C/happy.pcap" --json | python3 -c '
import json, sys
print(max([json.loads(l).get("frame", 0) for l in sys.stdin if "\"OPEN\"" in l] or [0]))')
	editcap -r "$C/happy.pcap" "$tmp/mid.pcap" "$((last + 1))-1000000" >/dev/null 2>&1
	out=$("$BGPCAP" -r "$tmp/mid.pcap" --expect-nexthop 10.0.1.4 --expect-aspath 65001 \
		--expect-peer 10.0.2.4 --expect-peer 10.0.2.5 --speaker 10.0.1.6)
	rc=$?
	[ $rc -eq 0 ] && pass || fail "mid-session: exit status $rc, expected 0"
	grep -Eq 'announce 0\.0\.0\.0/0 nh 10\.0\.1\.4 path 65001 \[inferred: 4-octet AS, no ADD-PATH; the only valid reading\]' <<<"$out" &&
		pass || fail "mid-session: the default route is not shown as inferred"
	grep -Eq 'default route 10\.0\.1\.6 > 10\.0\.2\.4 0\.0\.0\.0/0: .*held \(decoding inferred: OPENs not captured\)' <<<"$out" &&
		pass || fail "mid-session: the report does not say the decoding was inferred"
	grep -q 'OPENs not in the capture' <<<"$out" && pass || fail "mid-session: sessions not marked"
else
	skip "mid-session test: editcap (wireshark-common) or captures/happy.pcap missing"
fi
# Crafted captures (tests/verdict_gen.py): each must give its exit status
# and say why. 0 ok only on complete evidence, 1 violation, 3 inconclusive.
NVA=(--expect-nexthop 10.0.1.4 --expect-aspath 65001 --speaker 10.0.1.6)
mkdir -p "$tmp/gen"
if python3 "$top_srcdir/tests/verdict_gen.py" "$tmp/gen"; then
	# crafted NAME STATUS REGEX [bgpcap args...]
	crafted() {
		local name=$1 want=$2 re=$3 out rc
		shift 3
		out=$("$BGPCAP" -q -r "$tmp/gen/$name.pcap" "$@" 2>&1)
		rc=$?
		[ "$rc" -eq "$want" ] && pass || { fail "crafted $name $*: exit status $rc, expected $want"; echo "$out" | sed 's/^/    /'; }
		grep -Eq -- "$re" <<<"$out" && pass || { fail "crafted $name: report lacks /$re/"; echo "$out" | sed 's/^/    /'; }
		"$BGPCAP" -q --json -r "$tmp/gen/$name.pcap" "$@" >"$tmp/c.json" 2>&1
		python3 - "$tmp/c.json" "$want" <<'PY' && pass || fail "crafted $name: JSON verdict"
import json, sys
rep = json.loads(open(sys.argv[1]).read().splitlines()[-1])
want = {"0": "ok", "1": "violation", "3": "inconclusive"}[sys.argv[2]]
assert rep["verdict"] == want, rep["verdict"]
assert (len(rep["inconclusive"]) > 0) == (want == "inconclusive") or want == "violation", rep["inconclusive"]
PY
	}
	crafted healthy 0 '^verdict: ok' "${NVA[@]}" --expect-peer 10.0.2.4 --expect-peer 10.0.2.5
	crafted wrong-nexthop 1 'next_hop: next hop 10\.0\.1\.6, expected 10\.0\.1\.4' "${NVA[@]}"
	# one violation per session, prefix and fault (was next_hop + missing)
	n=$("$BGPCAP" -q -r "$tmp/gen/wrong-nexthop.pcap" "${NVA[@]}" --expect-peer 10.0.2.4 | grep -c 'violation:')
	[ "$n" -eq 1 ] && pass || fail "crafted wrong-nexthop: $n violation lines, expected 1"
	crafted no-bgp 3 'inconclusive: no BGP message in the capture'
	crafted no-bgp 3 'inconclusive: no BGP message in the capture' "${NVA[@]}"
	crafted healthy 3 'inconclusive: --speaker 10\.0\.1\.99 never appears in the capture' \
		--expect-nexthop 10.0.1.4 --speaker 10.0.1.99
	crafted healthy 3 'inconclusive: --expect-peer 10\.0\.2\.9 never appears in the capture' \
		"${NVA[@]}" --expect-peer 10.0.2.9
	crafted gap-checked 3 'inconclusive: 44 bytes from 10\.0\.1\.6 to 10\.0\.2\.4 not decoded \(gap: ' "${NVA[@]}"
	crafted snaplen-cut 3 'not decoded \(gap: .*snaplen' "${NVA[@]}" --expect-peer 10.0.2.4
	crafted midstream 3 'inconclusive: the capture starts after the session 10\.0\.1\.6 - 10\.0\.2\.4 came up and holds no IPv4 \(0\.0\.0\.0/0\) default-route announcement to 10\.0\.2\.4' \
		"${NVA[@]}" --expect-peer 10.0.2.4
	# announced, but by an end not named by --speaker: not checked, and not
	# 'none seen' (said so of a GoBGP MRT dump that held one)
	crafted healthy 3 'inconclusive: the IPv4 default route was announced only by 10\.0\.1\.6, which is not a --speaker .*: --expect-nexthop not checked' \
		--expect-nexthop 10.0.1.4 --speaker 10.0.2.4
	crafted midstream 3 'inconclusive: no IPv4 default-route announcement seen: --expect-nexthop not checked' \
		--expect-nexthop 10.0.1.4
	# a session down at the end is a violation with its diagnosis, unless --allow-down
	crafted session-down 1 'violation: .* 10\.0\.1\.6 > 10\.0\.2\.4 - session: Idle, down: Cease/Administrative Shutdown sent by 10\.0\.2\.4 \(expected Established\)' "${NVA[@]}"
	n=$("$BGPCAP" -q -r "$tmp/gen/session-down.pcap" "${NVA[@]}" --expect-peer 10.0.2.4 | grep -c 'violation:')
	[ "$n" -eq 1 ] && pass || fail "crafted session-down: $n violation lines, expected 1 (session, not also missing)"
	crafted session-down 0 '^verdict: ok' "${NVA[@]}" --allow-down
	crafted session-down 1 'missing: no valid default route: withdrawn \(session down: Cease' "${NVA[@]}" --allow-down --expect-peer 10.0.2.4
	# limits never silently disable a check: 4200 SYN-only or ICMP-only pairs
	# (more than the 4096 the reporter keeps) do not push the real session out
	crafted syn-flood-pairs 1 'next_hop: next hop 10\.0\.1\.6, expected 10\.0\.1\.4' "${NVA[@]}"
	crafted syn-flood-pairs 1 'speaker pairs that carried no BGP message evicted' "${NVA[@]}"
	crafted icmp-flood-pairs 1 'next_hop: next hop 10\.0\.1\.6, expected 10\.0\.1\.4' "${NVA[@]}"
	crafted flood-ok 0 '^verdict: ok' "${NVA[@]}" --expect-peer 10.0.2.4
	# the flow layer's cut counters reach the verdict, with the reason
	crafted ooo-cut 3 'inconclusive: a limit cut [0-9]+ bytes from 10\.0\.1\.6 to 10\.0\.2\.4 \(1 time, out-of-order queue full\)' "${NVA[@]}"
	# without --speaker every session is checked: evicted attempts leave that open
	crafted syn-flood-pairs 1 'inconclusive: [0-9]+ connection attempts without BGP evicted' --expect-nexthop 10.0.1.4
	# no verdict from a capture that simply ends, nor from one cut by the snaplen
	crafted capture-end 3 'inconclusive: session 10\.0\.1\.6 - 10\.0\.2\.4: state unknown: the capture ends .* during the handshake \(the 240 s timer had not run out\)' \
		"${NVA[@]}" --expect-peer 10.0.2.4
	crafted capture-end 3 'session 10\.0\.1\.6 - 10\.0\.2\.4: OpenSent, state unknown' "${NVA[@]}"
	crafted open-unanswered 1 'session: OpenSent, down: OPEN sent by 10\.0\.1\.6 but none received' "${NVA[@]}" --expect-peer 10.0.2.4
	crafted snaplen-all 3 'state unknown: [0-9]+ bytes from 10\.0\.1\.6 to 10\.0\.2\.4 not captured \(gap: .*snaplen' "${NVA[@]}" --expect-peer 10.0.2.4
	crafted snaplen-all 3 'inconclusive: no BGP message in the capture'
	crafted snaplen-headers 3 'inconclusive: [0-9]+ packets cut by the snapshot length inside the headers' "${NVA[@]}" --expect-peer 10.0.2.4
	# time going backwards is reported, not taken as a silence or a hold expiry
	crafted time-back 0 'time goes backwards: 1 packet earlier than the packet before \(largest step 999\.0' "${NVA[@]}" --expect-peer 10.0.2.4
	"$BGPCAP" -q -r "$tmp/gen/time-back.pcap" "${NVA[@]}" | grep -q 'longer than the hold time' &&
		fail "crafted time-back: a silence over the hold time was counted" || pass
	"$BGPCAP" -q --json -r "$tmp/gen/time-back.pcap" "${NVA[@]}" | tail -1 |
		python3 -c 'import json,sys; r=json.load(sys.stdin); t=r["time_backwards"]; assert t["count"]==1 and t["largest_us"]>998000000, t' &&
		pass || fail "crafted time-back: JSON time_backwards"
	# the AS path is checked on the structured path, whole: its first 255
	# printed characters end in 65001, the path ends in 65002
	crafted long-path 1 'as_path: as path 100 65001 .* 65001 65002, expected matching _65001\$' --speaker 10.0.1.6 --expect-aspath-regex '_65001$'
	crafted long-path 0 '^verdict: ok' --speaker 10.0.1.6 --expect-aspath-regex '^100_(65001_){42}65002$'
	long="100$(printf ' 65001%.0s' $(seq 42)) 65002"
	crafted long-path 0 '^verdict: ok' --speaker 10.0.1.6 --expect-aspath "$long"
	crafted long-path 1 'as_path: as path 100 65001' --speaker 10.0.1.6 --expect-aspath "${long% 65002} 65001"
	crafted set-path 0 '^verdict: ok' --speaker 10.0.1.6 --expect-aspath '65001 {64512,64513}'
	crafted set-path 1 'as_path: as path 65001 \{64512,64513\}, expected 65001 64512 64513' --speaker 10.0.1.6 --expect-aspath '65001 64512 64513'
	crafted set-path 1 'expected 65001 \{64513,64512\}' --speaker 10.0.1.6 --expect-aspath '65001 {64513,64512}'
	crafted set-path 1 'expected 65001 \(64512 64513\)' --speaker 10.0.1.6 --expect-aspath '65001 (64512 64513)'
	"$BGPCAP" -q -r "$tmp/gen/long-path.pcap" --expect-aspath '65001 {x' >/dev/null 2>&1
	[ $? -eq 2 ] && pass || fail "--expect-aspath that is not an AS path: exit status not 2"
else
	fail "tests/verdict_gen.py could not write the crafted captures"
fi
# per family: an IPv4 next hop applies to 0.0.0.0/0, an IPv6 one to ::/0,
# each only on sessions that negotiated the family (2001:db8:2::5 is IPv6 only)
if [ -f "$C/happy.pcap" ]; then
	out=$("$BGPCAP" -q -r "$C/happy.pcap" --expect-nexthop 10.0.1.4 --expect-nexthop 2001:db8:1::4 \
		--expect-peer 2001:db8:2::5 2>&1)
	rc=$?
	[ $rc -eq 0 ] && pass || { fail "happy, IPv6 peer, both next hops: exit status $rc, expected 0"; echo "$out"; }
	grep -q '0\.0\.0\.0/0 missing' <<<"$out" && fail "happy: 0.0.0.0/0 reported missing on an IPv6-only session" || pass
	out=$("$BGPCAP" -q -r "$C/wrong-nexthop.pcap" --expect-nexthop 10.0.1.4 --expect-nexthop 2001:db8:1::4 \
		--expect-peer 2001:db8:2::5 2>&1)
	grep -q '2001:db8:1::6 > 2001:db8:2::5 ::/0 next_hop' <<<"$out" && pass || fail "wrong-nexthop: ::/0 to the IPv6 peer not checked"
fi
# --speaker is repeatable (one box, several addresses): the IPv4 and IPv6
# default routes are both checked, each from its own address
for cap in happy:0 wrong-nexthop:1; do
	name=${cap%:*} want=${cap#*:}
	[ -f "$C/$name.pcap" ] || continue
	"$BGPCAP" -q -r "$C/$name.pcap" --expect-nexthop 10.0.1.4 --expect-nexthop 2001:db8:1::4 \
		--speaker 10.0.1.6 --speaker 2001:db8:1::6 >"$tmp/spk.out" 2>&1
	rc=$?
	[ $rc -eq "$want" ] && pass || { fail "$name, two --speaker: exit status $rc, expected $want"; cat "$tmp/spk.out"; }
	grep -q "inconclusive:" "$tmp/spk.out" && fail "$name, two --speaker: inconclusive" || pass
done
finish
