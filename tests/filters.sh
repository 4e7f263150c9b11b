#!/bin/bash
# Display filters (--prefix, --longer-prefixes, --peer, --type, --nexthop,
# --aspath-regex, --community): exact line sets on a crafted capture, the
# same selection as tshark's decode filtered independently on the shipped
# captures, usage errors, and the report and -w unchanged (tests/filters.py).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null 2>&1 || skip_all "tshark is not installed (the oracle)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
C="$top_srcdir/captures"
if python3 "$top_srcdir/tests/filters.py" "$BGPCAP" "$tmp" "$C/happy.pcap" "$C/withdraw.pcap" \
	"$C/wrong-nexthop.pcap" "$C/addpath.pcap" "$C/refresh.pcap"; then pass; else fail "tests/filters.py"; fi
finish
