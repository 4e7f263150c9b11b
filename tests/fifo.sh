#!/bin/bash
# -r from a FIFO or a pipe (issue 14): the input is read once, and the
# sniffers (MRT, pcapng) and the readers (libpcap, bgpcap's pcapng reader,
# the MRT reader, gzip) all see it from its first byte (src/input.c). Each
# case must give the output and exit status the same file gives with -r
# FILE: a pcap through `cat | -r -` and through a FIFO, a gzip MRT file
# through a pipe (it failed: the sniffing consumed the first bytes), a
# pcapng file that libpcap gives up on after its first interface (bgpcap's
# own reader reads a pcapng pipe from its start). As root, the process reading
# a FIFO has dropped to -Z's user and is in the sandbox.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
HAPPY="$top_srcdir/captures/happy.pcap"
Z=()
[ "$(id -u)" -eq 0 ] && Z=(-Z root)   # so that the MRT file can be written into $tmp

# three_ways FILE ARGS...: -r FILE, `cat FILE | -r -` and -r FIFO, into
# $tmp/{file,pipe,fifo}.out with the exit statuses in rc1, rc2, rc3
three_ways() {
	local f=$1
	shift
	timeout 60 "$BGPCAP" -r "$f" "$@" >"$tmp/file.out" 2>&1
	rc1=$?
	cat "$f" | timeout 60 "$BGPCAP" -r - "$@" >"$tmp/pipe.out" 2>&1
	rc2=$?
	rm -f "$tmp/fifo"
	mkfifo "$tmp/fifo"
	cat "$f" >"$tmp/fifo" &
	cpid=$!
	timeout 60 "$BGPCAP" -r "$tmp/fifo" "$@" >"$tmp/fifo.out" 2>&1
	rc3=$?
	kill "$cpid" 2>/dev/null   # a writer still waiting for a reader
	wait "$cpid" 2>/dev/null
}

# same DESC FILE ARGS...: -r FILE, `cat FILE | -r -` and -r FIFO agree
same() {
	local desc=$1
	shift
	three_ways "$@"
	if [ "$rc1" = "$rc2" ] && [ "$rc1" = "$rc3" ] && cmp -s "$tmp/file.out" "$tmp/pipe.out" &&
	    cmp -s "$tmp/file.out" "$tmp/fifo.out"; then
		pass
	else
		fail "$desc: exit $rc1 (file), $rc2 (pipe), $rc3 (FIFO), or the outputs differ"
		diff "$tmp/file.out" "$tmp/pipe.out" | head -5
		diff "$tmp/file.out" "$tmp/fifo.out" | head -5
	fi
	[ -s "$tmp/file.out" ] && pass || fail "$desc: no output"
}

same "happy.pcap" "$HAPPY"
same "happy.pcap --json" "$HAPPY" --json
same "happy.pcap, wrong expected next hop" "$HAPPY" -q --expect-nexthop 10.9.9.9
grep -q '^verdict: violation' "$tmp/pipe.out" && pass || fail "happy.pcap piped: no violation verdict"

# MRT: written from happy.pcap, gzip and bzip2, through a pipe
"$BGPCAP" -q -r "$HAPPY" "${Z[@]}" --write-mrt "$tmp/happy.mrt" >/dev/null 2>&1
[ -s "$tmp/happy.mrt" ] && pass || fail "--write-mrt wrote nothing"
gzip -c "$tmp/happy.mrt" >"$tmp/happy.mrt.gz"
bzip2 -c "$tmp/happy.mrt" >"$tmp/happy.mrt.bz2"
same "MRT" "$tmp/happy.mrt"
same "MRT gzip" "$tmp/happy.mrt.gz"
same "MRT gzip -v" "$tmp/happy.mrt.gz" -v
same "MRT bzip2" "$tmp/happy.mrt.bz2"
grep -q 'UPDATE' "$tmp/pipe.out" && pass || fail "MRT bzip2 piped: no UPDATE line"
for f in updates.20020722.2238.gz bview.ipv6_unicast_add_path.gz; do
	if [ -f "$SHARED/peer-mrt/test_data/$f" ]; then
		same "peer-mrt $f" "$SHARED/peer-mrt/test_data/$f"
	else
		skip "$SHARED/peer-mrt/test_data/$f absent"
	fi
done

# pcapng with a second interface of another link type: from a file,
# libpcap refuses it at open (mixed: both interfaces described first) or
# reads the first interface's packets and bgpcap's reader takes over from
# there, reading the file again from its start (mixed-big: the second
# interface is described after 1.2 MB of packets); from a pipe,
# bgpcap's reader reads it all, since the pipe can be re-read only within
# its first INPUT_KEEP (1 MiB) bytes. Same decode, same exit; only the
# note saying which reader read what differs (a hand-over from libpcap
# after 1.2 MB could not go back to byte 0 of the pipe: it failed so).
python3 - "$tmp" <<'PY' || fail "pcapgen"
import os, sys
sys.path.insert(0, os.environ["top_srcdir"] + "/tests")
from pcapgen import *
for name, filler in (("mixed", 0), ("mixed-big", 20)):
    first = ((DLT_EN10MB, 65535), (DLT_LINUX_SLL, 262144)) if not filler else ((DLT_EN10MB, 65535),)
    w = PcapngWriter(f"{sys.argv[1]}/{name}.pcapng", ifaces=first)
    w.iface = 0
    nva_session(w, rs=RS1, nexthop=FW)
    for i in range(filler):
        w.frame(eth(ipv4("192.0.2.1", "192.0.2.2", 17, udp("192.0.2.1", "192.0.2.2", 5000, 5001, bytes(60000))), ETH_IPV4))
    w.iface = 1 if not filler else w.add_iface(DLT_LINUX_SLL, 262144)
    nva_session(w, rs=RS2, nexthop="10.0.1.99", wrap=lambda pkt, v: sll(pkt, ETH_IPV6 if v == 6 else ETH_IPV4))
    w.close()
w = PcapngWriter(f"{sys.argv[1]}/plain.pcapng")
nva_session(w, rs=RS1, nexthop=FW)
nva_session(w, rs=RS2, nexthop="10.0.1.99", aport=40001)
w.close()
PY
# one link type: libpcap reads the file, bgpcap's reader the pipe, and
# nothing tells them apart (no note: nothing libpcap would refuse)
same "pcapng, one link type" "$tmp/plain.pcapng" --expect-nexthop 10.0.1.4 --speaker 10.0.1.6
! grep -q "pcapng reader" "$tmp/fifo.out" && grep -q '10\.0\.1\.99' "$tmp/fifo.out" && pass ||
	fail "pcapng, one link type, through a FIFO: a reader note, or the wrong next hop missing"
# same_ng DESC FILE ARGS...: as same, the reader notes set apart
same_ng() {
	local desc=$1 o
	shift
	three_ways "$@"
	for o in file pipe fifo; do
		grep -v "bgpcap's pcapng reader" "$tmp/$o.out" >"$tmp/$o.rest"
	done
	[ "$rc1$rc2$rc3" = 111 ] && cmp -s "$tmp/file.rest" "$tmp/pipe.rest" &&
	    cmp -s "$tmp/file.rest" "$tmp/fifo.rest" && pass ||
		{ fail "$desc: exit $rc1 (file), $rc2 (pipe), $rc3 (FIFO), expected 1 (wrong next hop), or the decodes differ"
		  diff "$tmp/file.rest" "$tmp/pipe.rest" | head -5; }
	grep -q "from here on read by bgpcap's pcapng reader (libpcap: .*interface" "$tmp/file.out" &&
	    grep -q "interfaces differ in link type or snapshot length (libpcap refuses that): this pipe is read by bgpcap's pcapng reader" "$tmp/pipe.out" &&
	    grep -q '10\.0\.1\.99' "$tmp/pipe.out" && pass ||
		fail "$desc: the reader notes (libpcap's refusal from the file, the pipe's own reader) or the wrong next hop missing"
}
same_ng "pcapng, two link types" "$tmp/mixed.pcapng" --expect-nexthop 10.0.1.4 --speaker 10.0.1.6
same_ng "pcapng, two link types, the second after 1.2 MB" "$tmp/mixed-big.pcapng" --expect-nexthop 10.0.1.4 --speaker 10.0.1.6

# not a capture, not MRT: an error, as for the file
printf 'hello, world, this is no capture\n' >"$tmp/text"
rm -f "$tmp/fifo"
mkfifo "$tmp/fifo"
cat "$tmp/text" >"$tmp/fifo" &
cpid=$!
timeout 60 "$BGPCAP" -r "$tmp/fifo" >"$tmp/fifo.out" 2>&1
rc=$?
kill "$cpid" 2>/dev/null
wait "$cpid" 2>/dev/null
[ "$rc" -eq 2 ] && grep -q '^bgpcap: ' "$tmp/fifo.out" && pass ||
	fail "a text file through a FIFO: exit $rc, expected 2 with a message"

# as root: the process blocked reading a FIFO has dropped to -Z's user and
# is in the seccomp sandbox (mode 2), after the sniffing read the start
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	sc=2
	# sanitizer builds run without the sandbox (man page, SANDBOX)
	grep -qa __asan_init "$BGPCAP" && sc=0
	rm -f "$tmp/fifo"
	mkfifo "$tmp/fifo"
	timeout 60 "$BGPCAP" -r "$tmp/fifo" -q -Z nobody >"$tmp/priv.out" 2>&1 &
	pid=$!
	exec 3>"$tmp/fifo"
	head -c 2000 "$HAPPY" >&3
	st=""
	for _ in $(seq 50); do
		bpid=$(ps -o pid= --ppid "$pid" | head -1 | tr -d ' ')   # timeout's child
		st=$(awk '/^Uid:/ { printf "%s %s %s %s ", $2, $3, $4, $5 } /^Seccomp:/ { print $2 }' \
		    "/proc/${bpid:-0}/status" 2>/dev/null)
		[ "$st" = "65534 65534 65534 65534 $sc" ] && break
		sleep 0.1
	done
	[ "$st" = "65534 65534 65534 65534 $sc" ] && pass ||
		fail "-r FIFO -Z nobody while reading: uids and seccomp '$st'"
	tail -c +2001 "$HAPPY" >&3
	exec 3>&-
	wait "$pid"
	rc=$?
	"$BGPCAP" -r "$HAPPY" -q -Z nobody >"$tmp/priv.file" 2>&1
	[ "$rc" -eq 0 ] && cmp -s "$tmp/priv.out" "$tmp/priv.file" && pass ||
		fail "-r FIFO -Z nobody: exit $rc, or its output differs from the file's"
else
	skip "privilege drop with a FIFO: needs root and the user nobody"
fi
finish
