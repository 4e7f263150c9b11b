#!/bin/bash
# The attribute-block cache (src/acache.c, issue 15) changes no byte: every
# capture of captures/, ../shared/peer-captures/, every MRT file of
# ../shared/peer-mrt/ and a crafted capture (the same
# attribute blocks in many UPDATEs, across sessions with 2- and 4-octet AS,
# IPv4 and MP_REACH IPv6 with ADD-PATH, and blocks that break the walk or
# the MP NLRI) gives the same output with the cache on as with it off
# (BGPCAP_ACACHE=0) and with only the walk's results kept (=memo): text, -v,
# -vv, --json, and the report of -q. The crafted
# capture must hit the cache (BGPCAP_ACACHE_STATS), or the comparison
# would prove nothing.
. "$(dirname "$0")/lib.sh"
need_peer
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$top_srcdir/tests/acache_gen.py" "$tmp/crafted.pcap" || { fail "acache_gen.py"; finish; exit; }

same() { # same LABEL FILE ARGS...: output without the cache, with the walk's
	# results kept (memo: what is printed is formatted from the restored view)
	# and with everything kept (formatted pieces replayed)
	local label=$1 f=$2 rc0 rc
	shift 2
	BGPCAP_ACACHE=0 timeout 60 "$BGPCAP" "$@" -r "$f" >"$tmp/off" 2>&1
	rc0=$?
	for m in memo 1; do
		BGPCAP_ACACHE=$m timeout 60 "$BGPCAP" "$@" -r "$f" >"$tmp/on" 2>&1
		rc=$?
		if [ $rc0 -ne $rc ] || ! cmp -s "$tmp/off" "$tmp/on"; then
			fail "$label $* (BGPCAP_ACACHE=$m): the cache changes the output (exit $rc0 -> $rc)"
			diff "$tmp/off" "$tmp/on" | head -6
		else
			pass
		fi
	done
}

n=0
while IFS= read -r f; do
	port=""
	case $f in *bgp-rs*) port="--port 1179" ;; esac
	for mode in "" -v -vv --json "-q --expect-peer 10.0.2.4"; do
		# shellcheck disable=SC2086
		same "${f##*/}" "$f" $port $mode
	done
	n=$((n + 1))
done < <( { ls "$top_srcdir"/captures/*.pcap "$tmp/crafted.pcap";
	find "$PEER" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \);
	ls "$SHARED"/peer-mrt/test_data/* 2>/dev/null; } | LC_ALL=C sort)
[ "$n" -gt 20 ] && pass || fail "only $n captures compared"

# the crafted capture does hit: most UPDATEs found their block kept
BGPCAP_ACACHE=1 BGPCAP_ACACHE_STATS=1 "$BGPCAP" -q -r "$tmp/crafted.pcap" >/dev/null 2>"$tmp/stats"
read -r lookups hits < <(sed -n 's/^acache: \([0-9]*\) lookups, \([0-9]*\) hits.*/\1 \2/p' "$tmp/stats")
if [ -n "${hits:-}" ] && [ "$hits" -gt 0 ] && [ $((hits * 2)) -gt "$lookups" ]; then
	pass
else
	fail "crafted capture: the cache was not used ($(cat "$tmp/stats"))"
fi
finish
