#!/bin/bash
# Crafted captures (tests/crafted_capture.py with tests/pcapgen.py): the
# NVA's default route behind every encapsulation, link type, IP fragments
# and a bogus IP length; a wrong next hop must give exit 1, the right one
# exit 0; tshark decodes the same messages (crafted and peer captures).
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PEER="$PEER" python3 "$top_srcdir/tests/crafted_capture.py" "$BGPCAP" "$tmp"
