#!/bin/bash
# The route store (--rib, --at, --history): the routes bgpcap says each side
# holds at the end of every recorded capture are the daemons' own
# (captures/NAME.expect, tests/rib_held.py), and the crafted captures of
# tests/rib_crafted.py (RFC 7606 treat-as-withdraw, session reset, ADD-PATH,
# MP_UNREACH, --at before and after a withdrawal, history) hold what the RFCs
# say a receiver holds. The oracle is shown to fail on a changed truth.
. "$(dirname "$0")/lib.sh"
C="$top_srcdir/captures"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rib.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

for e in "$C"/*.expect; do
	name=$(basename "$e" .expect)
	if python3 "$top_srcdir/tests/rib_held.py" "$BGPCAP" "$C/$name.pcap" "$e" >"$tmp/out"; then
		pass
	else
		fail "$name: --rib differs from the daemons' RIBs"; cat "$tmp/out"
	fi
done

# the oracle can fail: a next hop changed, a route the daemon held removed
# (bgpcap then holds one more than FRR's received-routes), a route added
sed 's/^\(announce 10.0.2.4 10.0.1.6 10.0.0.0\/16 nexthop=\)10.0.2.4/\110.0.2.99/' \
	"$C/withdraw.expect" >"$tmp/nh.expect"
grep -v '^announce 10.0.2.5 10.0.1.6 10.20.0.0/16' "$C/withdraw.expect" >"$tmp/extra.expect"
{ cat "$C/withdraw.expect"; echo 'announce 10.0.2.4 10.0.1.6 10.99.0.0/16 nexthop=10.0.2.4 aspath="65515" source=frr-received-routes'; } >"$tmp/missing.expect"
for t in nh extra missing; do
	if python3 "$top_srcdir/tests/rib_held.py" "$BGPCAP" "$C/withdraw.pcap" "$tmp/$t.expect" >"$tmp/out"; then
		fail "rib_held.py did not notice a changed truth ($t)"
	else
		pass
	fi
done

# withdraw.pcap: the NVA withdrew 0.0.0.0/0 and announced it again
# (to both route servers): announced, withdrawn, re-announced, per session
for p in 0.0.0.0/0 ::/0; do
	"$BGPCAP" -q -r "$C/withdraw.pcap" --history "$p" >"$tmp/h.txt"
	ev=$(sed -n 's/^  [0-9:.]* \([a-z-]*\):.*/\1/p' "$tmp/h.txt" | tr '\n' ' ')
	want="announced withdrawn re-announced announced withdrawn re-announced "
	[ "$ev" = "$want" ] && pass || { fail "withdraw.pcap --history $p: '$ev'"; cat "$tmp/h.txt"; }
done
"$BGPCAP" -q --json -r "$C/withdraw.pcap" --history 0.0.0.0/0 --rib >"$tmp/h.json"
json_lines_ok "$tmp/h.json" && pass || fail "--history --rib --json: not JSON lines"
# the report and verdict do not change with the store on
for name in happy withdraw hold-expiry; do
	a=$("$BGPCAP" -q -r "$C/$name.pcap" | sed -n '/^report:/,$p')
	b=$("$BGPCAP" -q -r "$C/$name.pcap" --rib --history 10.0.0.0/16 | sed -n '/^report:/,$p')
	[ "$a" = "$b" ] && pass || fail "$name: the report changed with --rib"
done

# --diff on the recorded captures: the same end state is exit 0 (withdraw.pcap
# re-announced what it withdrew), the wrong next hop is 4 changes, exit 1
"$BGPCAP" -r "$C/happy.pcap" --diff "$C/withdraw.pcap" >"$tmp/d.txt"
rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$tmp/d.txt" ] && pass || { fail "happy vs withdraw: exit $rc"; cat "$tmp/d.txt"; }
"$BGPCAP" -r "$C/happy.pcap" --diff "$C/wrong-nexthop.pcap" >"$tmp/d.txt"
rc=$?
n=$(grep -c '^! .*: next hop 10.0.1.4 -> 10.0.1.6$\|^! ::/0: next hop 2001:db8:1::4 -> 2001:db8:1::6$' "$tmp/d.txt")
[ "$rc" -eq 1 ] && [ "$n" -eq 4 ] && grep -q ': 0 added, 0 removed, 4 changed$' "$tmp/d.txt" && pass ||
	{ fail "happy vs wrong-nexthop: exit $rc, $n next hop changes"; cat "$tmp/d.txt"; }
# shutdown.pcap ends with the IPv4 sessions down: their routes are removed
"$BGPCAP" -r "$C/happy.pcap" --diff "$C/shutdown.pcap" --json >"$tmp/d.json"
rc=$?
json_lines_ok "$tmp/d.json" && pass || fail "--diff --json: not JSON lines"
python3 - "$tmp/d.json" <<'PY' && [ "$rc" -eq 1 ] && pass || fail "happy vs shutdown (exit $rc)"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1])]
removed = {(x["from"], x["to"], x["prefix"]) for x in o if x["type"] == "diff" and x["change"] == "removed"}
assert ("10.0.1.6", "10.0.2.4", "0.0.0.0/0") in removed, removed
assert ("10.0.2.4", "10.0.1.6", "10.0.0.0/16") in removed, removed
assert not any(x["type"] == "diff" and ":" in x["prefix"] for x in o), "IPv6 sessions stayed up"
assert o[-1]["type"] == "diff_summary" and o[-1]["removed"] == len(removed)
PY

if python3 "$top_srcdir/tests/rib_crafted.py" "$BGPCAP" "$tmp" >"$tmp/out"; then
	pass
else
	fail "crafted captures"; grep -v '^ok' "$tmp/out"
fi
# graceful restart (RFC 4724, 8538): stale routes, End-of-RIB stale, restart time
if python3 "$top_srcdir/tests/rib_gr.py" "$BGPCAP" "$tmp" >"$tmp/out"; then
	pass
else
	fail "graceful restart"; grep -v '^ok' "$tmp/out"
fi

finish
