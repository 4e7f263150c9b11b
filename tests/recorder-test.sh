#!/bin/bash
# tests/recorder-test.sh: run captures/record for the "happy" scenario into a
# temporary directory and check the capture with tshark. Does not use bgpcap.
# Exit 0 = pass, 1 = fail, 77 = skipped (automake convention).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
RECORD=$HERE/../captures/record

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; FAILED=1; }

[ "$(id -u)" = 0 ] || skip "not root (the recorder needs network namespaces)"
probe="bgpcap-probe-$$"
ip netns add "$probe" 2>/dev/null || skip "ip netns add failed (no network namespace support here)"
ip netns del "$probe"

if ! command -v gobgpd >/dev/null || ! command -v bird >/dev/null || ! [ -x /usr/lib/frr/bgpd ] ||
   ! command -v tcpdump >/dev/null || ! command -v tshark >/dev/null || ! command -v jq >/dev/null ||
   ! command -v ethtool >/dev/null; then
    echo "installing missing packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y gobgpd frr bird2 tcpdump tshark jq ethtool iproute2 \
        >/dev/null 2>&1 || skip "could not install gobgpd frr bird2 tcpdump tshark jq ethtool"
fi

T=$(mktemp -d /tmp/bgpcap-rectest.XXXXXX)
trap 'rm -rf "$T"' EXIT
FAILED=

if ! "$RECORD" happy "$T" >"$T/record.log" 2>&1; then
    cat "$T/record.log"
    echo "FAIL: captures/record happy failed"
    exit 1
fi
PCAP=$T/happy.pcap
[ -s "$PCAP" ] || { echo "FAIL: no capture written"; exit 1; }

ts() { tshark -r "$PCAP" -o tcp.reassemble_out_of_order:TRUE "$@" 2>/dev/null; }
ts -c 1 >/dev/null || { echo "FAIL: tshark cannot read $PCAP"; exit 1; }

# OPENs in both directions for both route servers (IPv4 and IPv6 sessions)
for pair in "10.0.1.6 10.0.2.4" "10.0.1.6 10.0.2.5"; do
    set -- $pair
    n=$(ts -Y "bgp.type == 1 && ip.src == $1 && ip.dst == $2" | wc -l)
    [ "$n" -ge 1 ] || fail "no OPEN $1 -> $2"
    n=$(ts -Y "bgp.type == 1 && ip.src == $2 && ip.dst == $1" | wc -l)
    [ "$n" -ge 1 ] || fail "no OPEN $2 -> $1"
done
for pair in "2001:db8:1::6 2001:db8:2::4" "2001:db8:1::6 2001:db8:2::5"; do
    set -- $pair
    n=$(ts -Y "bgp.type == 1 && ipv6.src == $1 && ipv6.dst == $2" | wc -l)
    [ "$n" -ge 1 ] || fail "no OPEN $1 -> $2"
    n=$(ts -Y "bgp.type == 1 && ipv6.src == $2 && ipv6.dst == $1" | wc -l)
    [ "$n" -ge 1 ] || fail "no OPEN $2 -> $1"
done

# UPDATE with 0.0.0.0/0, next hop 10.0.1.4, AS path 65001, to both route servers
for rs in 10.0.2.4 10.0.2.5; do
    lines=$(ts -Y "bgp.type == 2 && ip.src == 10.0.1.6 && ip.dst == $rs" -T fields -E separator='|' \
        -e bgp.nlri_prefix -e bgp.prefix_length -e bgp.update.path_attribute.next_hop \
        -e bgp.update.path_attribute.as_path_segment.as4 -e bgp.update.path_attribute.as_path_segment.as2)
    echo "$lines" | awk -F'|' '$1 ~ /(^|,)0\.0\.0\.0(,|$)/ && $2 ~ /(^|,)0(,|$)/ && $3 == "10.0.1.4" && ($4 $5) == "65001" {ok=1} END {exit !ok}' ||
        fail "no UPDATE 0.0.0.0/0 next hop 10.0.1.4 AS path 65001 to $rs (got: $lines)"
done
# and ::/0 with next hop 2001:db8:1::4 on the IPv6 sessions
for rs in 2001:db8:2::4 2001:db8:2::5; do
    lines=$(ts -Y "bgp.type == 2 && ipv6.src == 2001:db8:1::6 && ipv6.dst == $rs" -T fields -E separator='|' \
        -e bgp.mp_reach_nlri_ipv6_prefix -e bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6 \
        -e bgp.update.path_attribute.as_path_segment.as4 -e bgp.update.path_attribute.as_path_segment.as2)
    echo "$lines" | awk -F'|' '$1 ~ /(^|,)::(,|$)/ && $2 == "2001:db8:1::4" && ($3 $4) == "65001" {ok=1} END {exit !ok}' ||
        fail "no UPDATE ::/0 next hop 2001:db8:1::4 AS path 65001 to $rs (got: $lines)"
done

# ground-truth files exist
for f in happy.truth.txt happy.expect happy.counts.txt; do
    [ -s "$T/$f" ] || fail "missing $f"
done
grep -q '^announce 10.0.1.6 10.0.2.4 0.0.0.0/0 nexthop=10.0.1.4 aspath="65001"' "$T/happy.expect" ||
    fail "happy.expect lacks the expected announcement to 10.0.2.4"

# nothing left behind
ip netns list | grep -q 'bgpcap-[0-9]*-' && ip netns list | grep 'bgpcap-' >&2 &&
    echo "note: bgpcap namespaces exist (maybe another run in parallel)"

if [ -n "$FAILED" ]; then
    echo "--- recorder log"; cat "$T/record.log"
    exit 1
fi
echo "PASS: recorder happy capture has OPENs both ways and the expected default routes"
exit 0
