#!/bin/bash
# Differential test against tshark for every capture in captures/: message
# counts by type and direction, every announced/withdrawn prefix with its
# next hop and AS path. Known tshark errors are listed with the reason
# (tests/tshark_diff.py) and do not fail.
. "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || skip_all "tshark is not installed (setup.sh --test installs it)"
shopt -s nullglob
caps=("$top_srcdir"/captures/*.pcap)
[ ${#caps[@]} -gt 0 ] || { fail "no captures in captures/"; finish; exit; }
for f in "${caps[@]}"; do
	if python3 "$top_srcdir/tests/tshark_diff.py" "$BGPCAP" "$f"; then
		pass
	else
		fail "$(basename "$f") differs from tshark"
	fi
done
finish
