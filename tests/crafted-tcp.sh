#!/bin/bash
# Crafted captures for the TCP receiver rules and the flow table's limits
# (issue 9): spoofed SYN, RSTs out of and in the window, data out of the
# window, overlapping copies with different next hops (both orders), idle
# connections holding partial messages, a SYN flood. Each must give the
# verdict stated in tests/crafted_tcp.py.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip_all "python3 not found"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bgpcap-crafted-tcp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 "$top_srcdir/tests/crafted_tcp.py" "$BGPCAP" "$tmp"
