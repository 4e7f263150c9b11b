#!/bin/bash
# pcapng files libpcap refuses: interfaces with different link types and
# snapshot lengths (dumpcap on two interfaces, Windows tools). The NVA's
# sessions with the two route servers are written on two interfaces
# (Ethernet snaplen 65535, Linux cooked snaplen 262144) by tests/pcapgen.py;
# a wrong next hop on the second interface must be found (before
# src/pcapng.c it gave a read error and no check), the right one must give
# ok, tshark must count the same messages, and a frame of a link type bgpcap
# does not read is named, not dropped.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY' || { fail "pcapgen could not write the pcapng files"; finish; exit; }
import os, sys
sys.path.insert(0, os.environ["top_srcdir"] + "/tests")
from pcapgen import *
for name, nh2 in (("right", FW), ("wrong", "10.0.1.99")):
    w = PcapngWriter(f"{sys.argv[1]}/{name}.pcapng", ifaces=((DLT_EN10MB, 65535), (DLT_LINUX_SLL, 262144), (147, 1000)))
    w.iface = 0
    nva_session(w, rs=RS1, nexthop=FW)
    w.iface = 1
    nva_session(w, rs=RS2, nexthop=nh2, wrap=lambda pkt, v: sll(pkt, ETH_IPV6 if v == 6 else ETH_IPV4))
    w.iface = 2
    w.frame(b"user link type 0")
    w.close()
PY
EXPECT=(--expect-nexthop 10.0.1.4 --expect-aspath 65001 --expect-peer 10.0.2.4 --expect-peer 10.0.2.5 --speaker 10.0.1.6)

if command -v tcpdump >/dev/null; then # the files are ones libpcap refuses
	if tcpdump -nn -r "$tmp/right.pcapng" >/dev/null 2>&1; then
		fail "libpcap reads right.pcapng: the test no longer exercises bgpcap's reader"
	else pass; fi
fi
out=$("$BGPCAP" -r "$tmp/right.pcapng" "${EXPECT[@]}" 2>&1); rc=$?
[ $rc -eq 0 ] && pass || { fail "right.pcapng: exit $rc, expected 0"; echo "$out"; }
grep -q "pcapng reader" <<<"$out" && pass || fail "right.pcapng: no note that bgpcap's reader took over"
grep -q "link type 147 (interface 2)" <<<"$out" && pass || fail "right.pcapng: the link-type-147 frame is not named"
for rs in 10.0.2.4 10.0.2.5; do
	grep -Eq "session 10.0.1.6 - $rs: .*Established|session $rs - 10.0.1.6: .*Established" <<<"$out" && pass ||
		fail "right.pcapng: session with $rs not Established"
done
out=$("$BGPCAP" -q -r "$tmp/wrong.pcapng" "${EXPECT[@]}" 2>&1); rc=$?
[ $rc -eq 1 ] && pass || { fail "wrong.pcapng: exit $rc, expected 1"; echo "$out"; }
grep -q "10.0.1.99" <<<"$out" && pass || fail "wrong.pcapng: the wrong next hop is not named"
# a filter is compiled for each interface's link type
n=$("$BGPCAP" -r "$tmp/right.pcapng" host 10.0.2.5 2>&1 | grep -cE "^[0-9:.]+ .* (OPEN|UPDATE) len ")
[ "$n" -eq 3 ] && pass || fail "filter 'host 10.0.2.5': $n OPEN/UPDATE lines, expected 3"

if command -v tshark >/dev/null; then
	want=$(tshark -r "$tmp/right.pcapng" -Y bgp -T fields -e bgp.type 2>/dev/null | tr ',' '\n' | grep -c .)
	got=$("$BGPCAP" -r "$tmp/right.pcapng" 2>&1 | sed -n 's/^summary: [0-9]* packets, \([0-9]*\) messages.*/\1/p')
	[ "$want" = "$got" ] && pass || fail "tshark decodes $want messages, bgpcap $got"
else
	skip "tshark not installed"
fi
finish
