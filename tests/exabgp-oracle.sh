#!/bin/bash
# The ExaBGP oracle (tests/exabgp_oracle.py): every vector of
# ../shared/peer-captures/exabgp-qa/decoding wrapped into a capture with its
# OPEN context and decoded by bgpcap, compared field by field with ExaBGP's
# own JSON. Differences only as listed, with reasons, in
# tests/exabgp_oracle.conf; a listed vector that agrees fails.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
need_peer
dec="$PEER/exabgp-qa/decoding"
[ -d "$dec" ] || skip_all "$dec is absent"
if nice python3 "$top_srcdir/tests/exabgp_oracle.py" "$BGPCAP" \
    "$top_srcdir/tests/exabgp_oracle.conf" "$dec"; then
	pass
else
	fail "bgpcap differs from ExaBGP (above)"
fi
finish
