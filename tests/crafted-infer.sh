#!/bin/bash
# Crafted captures for the inference without OPENs (tests/crafted_infer.py):
# ADD-PATH path ids, 2-octet AS paths that also parse as 4-octet, a default
# route followed by other prefixes without ADD-PATH (design rule 6), healthy
# and wrong next hops behind each, the recorded captures cut after their
# OPENs; then tshark's guesses on the same captures and on third-party
# captures without OPENs (informational: where tshark differs and why).
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip_all "python3 is not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if python3 "$top_srcdir/tests/crafted_infer.py" "$BGPCAP" "$top_srcdir/captures" "$tmp" "$PEER"; then
	pass
else
	fail "crafted inference cases (see above)"
fi
finish
