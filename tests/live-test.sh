#!/bin/bash
# Live mode for real: the recorder builds the NVA topology in network
# namespaces with FRR, GoBGP and BIRD, and bgpcap -i runs on the NVA's
# interface for the whole scenario (LIVE_CMD), stopped with SIGINT. Checks
# the verdict and exit status (ok for happy, violation for wrong-nexthop),
# the diagnosis of a failing session (as-mismatch), and that -w saved a
# capture that -r decodes to the same output. A fourth run of the happy
# scenario rotates its -w file (-G 2 -W 3, issue 13): it leaves exactly three
# complete files (tcpdump and bgpcap read each) that together hold every
# message the run printed.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip_all "live capture in network namespaces needs root"
probe="bgpcap-probe-$$"
ip netns add "$probe" 2>/dev/null || skip_all "cannot create network namespaces here"
ip netns del "$probe"
for c in gobgpd bird /usr/lib/frr/bgpd tcpdump jq; do
	command -v "$c" >/dev/null || [ -x "$c" ] || skip_all "$c is not installed (setup.sh --test installs it)"
done
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
OPTS="--expect-nexthop 10.0.1.4 --expect-nexthop 2001:db8:1::4 --expect-aspath 65001 --expect-peer 10.0.2.4 --expect-peer 10.0.2.5 --speaker 10.0.1.6"

# three scenarios at once (the recorder's namespaces are per process)
for s in happy wrong-nexthop as-mismatch; do
	mkdir -p "$tmp/$s"
	chmod 777 "$tmp/$s"   # bgpcap drops root after opening the device; -w is created after
	LIVE_CMD="$BGPCAP -i eth0 -t $OPTS -w $tmp/$s/live.pcap" \
		"$top_srcdir/captures/record" "$s" "$tmp/$s" >"$tmp/$s.log" 2>&1 &
done
mkdir -p "$tmp/ring/happy" && chmod 777 "$tmp/ring" "$tmp/ring/happy"
LIVE_CMD="$BGPCAP -i eth0 -t $OPTS -w $tmp/ring/f-%H%M%S.pcap -G 2 -W 3 --duration 10" \
	"$top_srcdir/captures/record" happy "$tmp/ring/happy" >"$tmp/ring.log" 2>&1 &
wait
for s in happy wrong-nexthop as-mismatch; do
	if [ ! -f "$tmp/$s/$s.live.rc" ]; then
		fail "$s: the recorder did not run bgpcap:"; tail -20 "$tmp/$s.log"
		continue
	fi
	grep -q "UPDATE len" "$tmp/$s/$s.live.out" && pass || fail "$s: no UPDATE decoded live"
	grep -q "listening on eth0" "$tmp/$s/$s.live.err" && pass || fail "$s: no 'listening on' line"
	# -w: the saved packets decode to the same lines
	"$BGPCAP" -r "$tmp/$s/live.pcap" -t $OPTS >"$tmp/$s/replay.out" 2>/dev/null
	if diff <(grep -v '^kernel:' "$tmp/$s/$s.live.out") "$tmp/$s/replay.out" >"$tmp/$s/diff"; then
		pass
	else
		fail "$s: -r of the -w file differs from the live output"; head -20 "$tmp/$s/diff"
	fi
done
# the ring
ring=("$tmp"/ring/f-*.pcap)
[ ${#ring[@]} -eq 3 ] && pass || fail "-G 2 -W 3: ${#ring[@]} files: $(ls "$tmp/ring")"
grep -q "capture stopped" "$tmp/ring/happy/happy.live.err" 2>/dev/null && pass ||
	fail "-G 2 -W 3: no line saying why the capture stopped"
ok=1
for f in "${ring[@]}"; do
	tcpdump -r "$f" -nn >/dev/null 2>"$tmp/ring/err" && ! grep -qi "truncated" "$tmp/ring/err" || ok=0
	"$BGPCAP" -r "$f" -q >/dev/null 2>&1; [ $? -ne 2 ] || ok=0
done
[ $ok = 1 ] && pass || fail "-G 2 -W 3: a file is not complete"
if command -v mergecap >/dev/null; then
	mergecap -F pcap -w "$tmp/ring/all.pcap" "${ring[@]}"
	msgs() { grep -E ' (OPEN|UPDATE|KEEPALIVE|NOTIFICATION|ROUTE-REFRESH) len ' "$@"; }
	"$BGPCAP" -r "$tmp/ring/all.pcap" -t $OPTS 2>/dev/null | msgs >"$tmp/ring/replay"
	msgs "$tmp/ring/happy/happy.live.out" >"$tmp/ring/live"
	[ -s "$tmp/ring/live" ] && cmp -s "$tmp/ring/live" "$tmp/ring/replay" && pass ||
		fail "-G 2 -W 3: the files do not hold the $(wc -l <"$tmp/ring/live") messages of the run"
else
	skip "mergecap is not installed"
fi
rc() { cat "$tmp/$1/$1.live.rc" 2>/dev/null; }
out() { cat "$tmp/$1/$1.live.out" 2>/dev/null; }
[ "$(rc happy)" = 0 ] && pass || fail "happy: live exit status $(rc happy), expected 0"
out happy | grep -q '^verdict: ok' && pass || fail "happy: no 'verdict: ok'"
[ "$(rc wrong-nexthop)" = 1 ] && pass || fail "wrong-nexthop: live exit status $(rc wrong-nexthop), expected 1"
out wrong-nexthop | grep -Eq 'violation: .*0\.0\.0\.0/0 next_hop: next hop 10\.0\.1\.6, expected 10\.0\.1\.4' &&
	pass || fail "wrong-nexthop: no next-hop violation line"
[ "$(rc as-mismatch)" = 1 ] && pass || fail "as-mismatch: live exit status $(rc as-mismatch), expected 1"
out as-mismatch | grep -Eq 'session 10\.0\.1\.6 - 10\.0\.2\.5: .*Bad Peer AS .*check remote-as on 10\.0\.1\.6' &&
	pass || { fail "as-mismatch: no Bad Peer AS diagnosis"; out as-mismatch | tail -12; }
finish
