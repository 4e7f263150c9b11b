#!/bin/bash
# The differential test (tests/tshark_diff.py): every file of ../shared's
# peer-captures/ and peer-mrt/, and the captures in captures/, decoded by
# bgpcap and by independent decoders (tshark; ExaBGP's JSON for its vectors):
# message counts, routes with path id, RD, labels, next hops, AS path as sent
# and RFC 6793 merged. Differences only as listed, with reasons, in
# tests/oracle.conf; a listed difference that is gone fails.
. "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || skip_all "tshark is not installed (setup.sh --test installs it)"
need_peer
shopt -s nullglob
caps=("$top_srcdir"/captures/*.pcap)
[ ${#caps[@]} -gt 0 ] || { fail "no captures in captures/"; finish; exit; }
if nice python3 "$top_srcdir/tests/tshark_diff.py" "$BGPCAP" "$top_srcdir/tests/oracle.conf" \
    "$SHARED" "${caps[@]}"; then
	pass
else
	fail "bgpcap differs from the oracles (above)"
fi
finish
