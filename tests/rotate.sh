#!/bin/bash
# tests/rotate.sh - -w with -G, -C, -W and -z (issue 13), reading files
# (the live ring is in tests/live-test.sh). tcpdump is the referee: every
# file it reads, and the packets of all files together, in order, are the
# packets of the input. The sandbox is on (the default) throughout.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
command -v tcpdump >/dev/null || skip_all "tcpdump is not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
C="$top_srcdir/captures"
# packets as tcpdump prints them (time and bytes), one line each
pkts() { for f in "$@"; do tcpdump -r "$f" -nn -S -tt -x 2>/dev/null; done; }
# complete: tcpdump reads it without a warning and bgpcap reads it
complete() {
	local f
	for f in "$@"; do
		tcpdump -r "$f" -nn >/dev/null 2>"$tmp/tcpdump.err" || return 1
		grep -qi "truncated\|error" "$tmp/tcpdump.err" && return 1
		"$BGPCAP" -r "$f" -q >/dev/null 2>&1
		[ $? -ne 2 ] || return 1
	done
	return 0
}

# the files are made as root here (-Z root): ownership is part 6
# 1. -G with a strftime name, from a file: periods of the packets' time
mkdir "$tmp/g"
"$BGPCAP" -Z root -r "$C/refresh.pcap" -q -w "$tmp/g/r-%H%M%S.pcap" -G 2 >/dev/null 2>&1
rc=$?
files=("$tmp"/g/r-*.pcap)
[ $rc -ne 2 ] && [ ${#files[@]} -ge 5 ] && pass || fail "-G 2: exit $rc, ${#files[@]} files"
complete "${files[@]}" && pass || fail "-G 2: a file is not complete"
cmp -s <(pkts "${files[@]}") <(pkts "$C/refresh.pcap") && pass ||
	fail "-G 2: the files together are not the input's packets"

# 2. -G -W 3: three files, then the capture stops (tcpdump's -G -W)
mkdir "$tmp/gw"
out=$("$BGPCAP" -Z root -r "$C/refresh.pcap" -w "$tmp/gw/r-%H%M%S.pcap" -G 2 -W 3 2>&1 >/dev/null)
files=("$tmp"/gw/r-*.pcap)
[ ${#files[@]} -eq 3 ] && grep -q "capture stopped" <<<"$out" && pass ||
	fail "-G 2 -W 3: ${#files[@]} files ($out)"
n=$(pkts "${files[@]}" | grep -c '^[0-9]')
cmp -s <(pkts "${files[@]}") <(pkts "$C/refresh.pcap" | awk -v n="$n" '/^[0-9]/ { k++ } k <= n') &&
	pass || fail "-G 2 -W 3: the files are not the input's first $n packets"

# 3. -C 1: numbered files of about 1 MB (as tcpdump names them)
python3 "$top_srcdir/tests/rotate_gen.py" "$tmp/big.pcap" || fail "rotate_gen.py"
mkdir "$tmp/c"
"$BGPCAP" -Z root -r "$tmp/big.pcap" -q -w "$tmp/c/big.pcap" -C 1 >/dev/null 2>&1
size=$(stat -c %s "$tmp/big.pcap")
n=$(( (size + 999999) / 1000000 ))      # files: the last one partly full
want="big.pcap" files=("$tmp/c/big.pcap")
for ((i = 1; i < n; i++)); do want="$want big.pcap$i"; files+=("$tmp/c/big.pcap$i"); done
names=$(cd "$tmp/c" && ls | sort -V | tr '\n' ' ')
[ "$names" = "$want " ] && pass || fail "-C 1: files $names, expected $want"
ok=1
for f in "${files[@]::n-1}"; do
	s=$(stat -c %s "$f" 2>/dev/null || echo 0)
	[ "$s" -gt 1000000 ] && [ "$s" -lt 1001000 ] || ok=0
done
[ $ok = 1 ] && pass || fail "-C 1: a file is not just over 1000000 bytes: $(ls -l "$tmp/c")"
complete "${files[@]}" && pass || fail "-C 1: a file is not complete"
cmp -s <(pkts "${files[@]}") <(pkts "$tmp/big.pcap") && pass ||
	fail "-C 1: the files together are not the input's packets"

# 4. -C 1 -W 2: a ring of two files, zero-padded names, the newest packets:
# file k of the unbounded run is number k % 2 of the ring
mkdir "$tmp/cw"
"$BGPCAP" -Z root -r "$tmp/big.pcap" -q -w "$tmp/cw/big" -C 1 -W 2 >/dev/null 2>&1
names=$(cd "$tmp/cw" && ls | tr '\n' ' ')
[ "$names" = "big0 big1 " ] && pass || fail "-C 1 -W 2: files $names"
cmp -s <(pkts "$tmp/cw/big$(( (n - 1) % 2 ))") <(pkts "${files[n-1]}") &&
	cmp -s <(pkts "$tmp/cw/big$(( (n - 2) % 2 ))") <(pkts "${files[n-2]}") && pass ||
	fail "-C 1 -W 2: the ring does not hold the last two files"

# 5. -z: run on every closed file, with its name, in order, as the -Z user
mkdir "$tmp/z"
printf '#!/bin/sh\necho "$1 $(id -un)" >>%s/z.log\n' "$tmp" >"$tmp/post.sh"
chmod 755 "$tmp/post.sh"
"$BGPCAP" -r "$tmp/big.pcap" -q -w "$tmp/z/big" -C 1 -z "$tmp/post.sh" -Z root >/dev/null 2>&1
want=$(printf '%s root\n' "$tmp/z/big"; for ((i = 1; i < n; i++)); do printf '%s root\n' "$tmp/z/big$i"; done)
[ "$(cat "$tmp/z.log" 2>/dev/null)" = "$want" ] && pass ||
	fail "-z: ran on $(cat "$tmp/z.log" 2>/dev/null | tr '\n' ' ')"
# -z gzip: every file compressed, and it still holds the packets
mkdir "$tmp/zg"
"$BGPCAP" -Z root -r "$C/refresh.pcap" -q -w "$tmp/zg/r-%H%M%S.pcap" -G 4 -z gzip >/dev/null 2>&1
n=$(ls "$tmp"/zg/*.pcap.gz 2>/dev/null | wc -l)
m=$(ls "$tmp"/zg/ | wc -l)
[ "$n" -ge 3 ] && [ "$n" = "$m" ] && pass || fail "-z gzip: $n of $m files compressed"
cmp -s <(for f in "$tmp"/zg/*.gz; do zcat "$f" >"$tmp/x.pcap"; pkts "$tmp/x.pcap"; done) \
	<(pkts "$C/refresh.pcap") && pass || fail "-z gzip: the packets differ"
# a command that does not exist: the capture is complete anyway
"$BGPCAP" -Z root -r "$C/happy.pcap" -q -w "$tmp/nz" -C 1 -z /nonexistent/cmd >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && complete "$tmp/nz" && pass || fail "-z /nonexistent: exit $rc"

# 6. never over another user's file, never through a link (as -w)
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	mkdir "$tmp/o" && chmod 1777 "$tmp/o"
	echo precious >"$tmp/o/big1" && chmod 666 "$tmp/o/big1"
	out=$("$BGPCAP" -r "$tmp/big.pcap" -q -w "$tmp/o/big" -C 1 -Z nobody 2>&1 >/dev/null)
	rc=$?
	[ $rc -eq 2 ] && [ "$(cat "$tmp/o/big1")" = precious ] && grep -q "another user" <<<"$out" &&
		pass || fail "-C over another user's file: exit $rc ($out)"
	ln -s "$tmp/target" "$tmp/o/l1"
	echo precious >"$tmp/target"
	"$BGPCAP" -r "$tmp/big.pcap" -q -w "$tmp/o/l" -C 1 -Z root >/dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ] && [ "$(cat "$tmp/target")" = precious ] && pass ||
		fail "-C through a symbolic link: exit $rc"
else
	skip "ownership: needs root and the user nobody"
fi
finish
