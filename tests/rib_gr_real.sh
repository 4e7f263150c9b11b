#!/bin/bash
# Graceful restart in --rib/--history against a real recording: captures/gr.pcap
# (captures/record gr). FRR (the NVA, `bgp graceful-restart`) and GoBGP (rs1,
# IPv4 session with graceful restart, restart time 120 s; its IPv6 session
# without) announce 10.1/16, 10.2/16, 10.3/16; gobgpd is killed with SIGKILL
# (FIN, no NOTIFICATION), FRR's table is snapshot (the three routes stale, the
# IPv6 route gone), gobgpd starts again with -r announcing 10.1/16 and 10.3/16
# (MED 50) and End-of-RIB; FRR drops 10.2/16; FRR's table is snapshot again.
# The oracle is FRR's own table at the snapshots' times (captures/gr.expect,
# tests/rib_snapshots.py), with its stale flags; tshark checks the capture is
# what it claims. The oracle is shown to fail on a changed truth.
. "$(dirname "$0")/lib.sh"
C="$top_srcdir/captures"
command -v tshark >/dev/null || skip_all "tshark is not installed (setup.sh --test installs it)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rib_gr_real.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
snap() { python3 "$top_srcdir/tests/rib_snapshots.py" "$BGPCAP" "$C/gr.pcap" "$1" >"$tmp/out"; }

# the recording is what it claims (tshark, not bgpcap): no NOTIFICATION at all;
# GoBGP's first OPEN lists IPv4 unicast without F, its second (after the kill)
# has R and F for IPv4 unicast, restart time 120 both times
tshark -r "$C/gr.pcap" -o tcp.reassemble_out_of_order:TRUE -Y 'bgp.type==1 && ip.src==10.0.2.4' -T fields \
	-e bgp.cap.gr.timers.restart_flag -e bgp.cap.gr.timers.restart_time -e bgp.cap.gr.afi \
	-e bgp.cap.gr.flag.pfs 2>/dev/null | tr '\t\n' ' ' >"$tmp/opens"
[ "$(cat "$tmp/opens")" = "0 120 1 0 1 120 1 1 " ] && pass || fail "gr.pcap: GoBGP's OPENs: $(cat "$tmp/opens")"
n=$(tshark -r "$C/gr.pcap" -o tcp.reassemble_out_of_order:TRUE -Y 'bgp.type==3' 2>/dev/null | wc -l)
[ "$n" -eq 0 ] && pass || fail "gr.pcap: $n NOTIFICATIONs"
# and FRR's snapshots say what the scenario did: all three stale while rs1
# was down, 10.2/16 gone at the end, 10.3/16 with MED 50
g() { grep -c "^held $1 10.0.2.4 10.0.1.6 $2 .*stale=$3 " "$C/gr.expect"; }
[ "$(g stale '10\.[123]\.0\.0/16' true)" -eq 3 ] && [ "$(g end '10\.[13]\.0\.0/16' false)" -eq 2 ] &&
	[ "$(g end '10\.2\.0\.0/16' '[a-z]*')" -eq 0 ] && [ "$(g end '10\.3\.0\.0/16 .*med=50' false)" -eq 1 ] &&
	! grep -q "^held stale 2001:db8:2::4 " "$C/gr.expect" && pass || fail "gr.expect: the snapshots are not the scenario's"

# --rib --at each snapshot's time (start and end of the vtysh query) holds
# exactly FRR's routes with FRR's stale flags
if snap "$C/gr.expect"; then pass; else fail "gr.pcap: --rib --at differs from FRR's table"; cat "$tmp/out"; fi
# ... and at the end (no --at) the last snapshot too: rib_held.py's rule 1/2
# on the "end" lines
sed -n 's/^held end \(.*\) med=[^ ]* stale=false source=frr-bgp-table$/announce \1 source=frr-bgp-table/p' \
	"$C/gr.expect" >"$tmp/end.expect"
[ "$(wc -l <"$tmp/end.expect")" -eq 9 ] && python3 "$top_srcdir/tests/rib_held.py" "$BGPCAP" "$C/gr.pcap" \
	"$tmp/end.expect" >"$tmp/out" && pass || { fail "gr.pcap: end of capture differs from FRR's last table"; cat "$tmp/out"; }

# --history 10.2.0.0/16: announced, kept stale at the FIN, removed by the
# restarted GoBGP's End-of-RIB (on the new connection)
"$BGPCAP" -q -r "$C/gr.pcap" --history 10.2.0.0/16 >"$tmp/h.txt"
ev=$(sed -n 's/^  [0-9:.]* \([a-z-]*\):.*/\1/p' "$tmp/h.txt" | tr '\n' ' ')
last=$(grep '^  [0-9]' "$tmp/h.txt" | tail -1)
[ "$ev" = "announced stale withdrawn " ] && [[ $last == *"withdrawn: End-of-RIB stale" ]] && pass ||
	{ fail "gr.pcap --history 10.2.0.0/16: '$ev'"; cat "$tmp/h.txt"; }
"$BGPCAP" -q --json -r "$C/gr.pcap" --history 10.2.0.0/16 >"$tmp/h.json"
python3 - "$tmp/h.json" <<'PY' && pass || fail "gr.pcap --history --json 10.2.0.0/16"
import json, sys
h = [o for o in map(json.loads, open(sys.argv[1])) if o["type"] == "history"]
assert [o["event"] for o in h] == ["announced", "stale", "withdrawn"], h
assert h[1]["reason"] == "FIN" and h[2]["reason"] == "End-of-RIB stale", h
assert h[2]["flow"] != h[0]["flow"], "End-of-RIB stale on the first connection"
PY

# the oracle can fail: a stale flag changed, a stale route FRR held removed
# from the truth, a route added
sed '0,/^held stale 10.0.2.4 10.0.1.6 10.2.0.0\/16/s/\(^held stale 10.0.2.4 10.0.1.6 10.2.0.0\/16.*\)stale=true/\1stale=false/' \
	"$C/gr.expect" >"$tmp/flag.expect"
grep -v '^held stale 10.0.2.4 10.0.1.6 10.2.0.0/16' "$C/gr.expect" >"$tmp/extra.expect"
{ cat "$C/gr.expect"; echo 'held end 10.0.2.4 10.0.1.6 10.2.0.0/16 nexthop=10.0.2.4 aspath="65515" med= stale=true source=frr-bgp-table'; } >"$tmp/missing.expect"
for t in flag extra missing; do
	cmp -s "$C/gr.expect" "$tmp/$t.expect" && { fail "changed truth $t: unchanged"; continue; }
	if snap "$tmp/$t.expect"; then fail "rib_snapshots.py did not notice a changed truth ($t)"; else pass; fi
done

finish
