#!/bin/bash
# Live mode for real: the recorder builds the NVA topology in network
# namespaces with FRR, GoBGP and BIRD, and bgpcap -i runs on the NVA's
# interface for the whole scenario (LIVE_CMD), stopped with SIGINT. Checks
# the verdict and exit status (ok for happy, violation for wrong-nexthop),
# the diagnosis of a failing session (as-mismatch), and that -w saved a
# capture that -r decodes to the same output.
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
