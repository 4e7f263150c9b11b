#!/bin/bash
# Issue 14, hardening: what a peer sends cannot reach the terminal, and
# the smaller findings (each check fails on the code before its fix).
# Captures are crafted by tests/hardening_gen.py.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$top_srcdir/tests/hardening_gen.py" "$tmp" || { fail "hardening_gen.py"; finish; exit; }

# terminal_safe FILE: valid UTF-8, no C0 but newline, no DEL, C1, bidi or
# invisible format control anywhere in it (raw).
terminal_safe() {
	python3 - "$1" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
try:
    t = b.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit(f"{sys.argv[1]}: invalid UTF-8 reaches the terminal: {e}")
bad = set(range(0, 0x20)) - {0x0a} | set(range(0x7f, 0xa0)) | {0x61c, 0xfeff} \
    | set(range(0x200b, 0x2010)) | set(range(0x2028, 0x202f)) | set(range(0x2060, 0x2070))
for n, line in enumerate(t.split("\n"), 1):
    for ch in line:
        if ord(ch) in bad:
            sys.exit(f"{sys.argv[1]}:{n}: raw U+{ord(ch):04X}: {line[:120]!r}")
PY
}

# 1. hostile free text: message lines, -v/-vv details, report, JSON
H="$tmp/hostile-text.pcap"
for v in "" -v -vv; do
	"$BGPCAP" -r "$H" $v --expect-nexthop 10.0.1.4 >"$tmp/t.txt" 2>&1
	terminal_safe "$tmp/t.txt" && pass || fail "text output $v carries raw controls"
	grep -q 'Administrative Shutdown.*"maint \\u009b2J\\u009d0;pwned\\x07 \\x9b31m\\x9d \\x1b\[2K\\x0d\\u202eevil\\u2066 \\u200f\\x7f end"' \
		"$tmp/t.txt" && pass || fail "text $v: the shutdown communication is not shown escaped"
done
grep -q 'hostname rs\\u009b1m\\x9b, domain ex\\u202eample\\x1b\]0;t\\x07' "$tmp/t.txt" &&
	pass || fail "-vv: FQDN names not shown escaped"
grep -q 'from 10.0.2.4: "maint \\u009b2J' "$tmp/t.txt" && pass || fail "report: shutdown text not escaped"
"$BGPCAP" -r "$H" -vv --json --expect-nexthop 10.0.1.4 >"$tmp/t.json" 2>&1
terminal_safe "$tmp/t.json" && pass || fail "JSON output carries raw controls"
json_lines_ok "$tmp/t.json" && pass || fail "JSON output invalid"
python3 - "$tmp/t.json" <<'PY' && pass || fail "JSON: jq -r would print raw controls"
import json, sys
bad = set(range(0, 0x20)) | set(range(0x7f, 0xa0)) | {0x202e, 0x2066, 0x200f}
def walk(v):
    if isinstance(v, str):
        assert not any(ord(c) in bad for c in v), v
    elif isinstance(v, dict):
        for x in v.values(): walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
for line in open(sys.argv[1]):
    walk(json.loads(line))
PY

# 2. no silent truncation: every ORF dump and the NOTIFICATION data at -v
# whole, though the output passes the 1 MB buffer's end (ob_printf cut a
# piece when less than it was left)
"$BGPCAP" -r "$tmp/long-text.pcap" -v >"$tmp/long.txt" 2>&1
python3 - "$tmp/long.txt" "$tmp/long-text.pcap.lens" <<'PY' && pass || fail "-v output cut"
import sys
lens = [int(x) for x in open(sys.argv[2])]
lines = [l for l in open(sys.argv[1]).read().split("\n") if l.startswith("    orf 0x") or " data 0x" in l]
assert len(lines) == len(lens), (len(lines), len(lens))
for i, (l, n) in enumerate(zip(lines, lens)):
    h = l.split(" 0x", 1)[1]
    assert len(h) == 2 * n, f"piece {i}: {len(h)} hex digits, {2 * n} sent"
PY

# 3. a read error in the middle of the file: exit 2 and the report does
# not say ok (it said `verdict: ok` with exit 2)
"$BGPCAP" -r "$tmp/read-error.pcap" -q --expect-nexthop 10.0.1.4 >"$tmp/re.txt" 2>&1
rc=$?
[ "$rc" -eq 2 ] && pass || fail "read error mid-file: exit $rc, expected 2"
grep -q '^verdict: ok' "$tmp/re.txt" && fail "read error mid-file: verdict ok" || pass
grep -q '^  inconclusive: input error: read error: invalid packet capture length' "$tmp/re.txt" &&
	pass || { fail "read error mid-file: the report does not name the input error"; cat "$tmp/re.txt"; }
"$BGPCAP" -r "$tmp/read-error.pcap" -q --json --expect-nexthop 10.0.1.4 >"$tmp/re.json" 2>/dev/null
python3 - "$tmp/re.json" <<'PY' && pass || fail "read error mid-file: JSON report"
import json, sys
rep = json.loads(open(sys.argv[1]).read().splitlines()[-1])
assert rep["verdict"] == "inconclusive", rep["verdict"]
assert any(i["code"] == "input_error" for i in rep["inconclusive"]), rep["inconclusive"]
PY

# 4. tv_usec >= 1,000,000: carried into the seconds, RFC 3339 everywhere
"$BGPCAP" -r "$tmp/bad-usec.pcap" -v --expect-nexthop 10.0.1.4 >"$tmp/us.txt" 2>&1
"$BGPCAP" -r "$tmp/bad-usec.pcap" --json --expect-nexthop 10.0.1.4 >"$tmp/us.json" 2>&1
grep -Eq '[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{7}' "$tmp/us.txt" "$tmp/us.json" &&
	fail "tv_usec >= 1e6: a 7-digit fraction is printed" || pass
grep -q 'last 2023-11-14T22:16:41\.500000Z' "$tmp/us.txt" && pass ||
	fail "tv_usec 1500000 not carried into the seconds"
grep -q '"time":"2023-11-14T22:52:27\.483647Z"' "$tmp/us.json" && pass ||
	fail "tv_usec 2147483647 not carried into the seconds"

# 5. an AS-path regular expression with a back-reference (FRR has none;
# glibc's took minutes and outlived `timeout 60`): a usage error
out=$("$BGPCAP" -r "$top_srcdir/captures/happy.pcap" -q --expect-aspath-regex '^(6500[0-9])_\1$' 2>&1)
rc=$?
[ "$rc" -eq 2 ] && pass || fail "back-reference: exit $rc, expected 2"
grep -q "back-references (.1 to .9) are not supported" <<<"$out" && pass || fail "back-reference: $out"
out=$(timeout 20 "$BGPCAP" -r "$top_srcdir/captures/happy.pcap" -q \
	--expect-aspath-regex '^((.*)*_){1,30}(.*)*x(.*)*$' 2>&1)
rc=$?
[ "$rc" -eq 2 ] && pass || fail "nested repetition: exit $rc, expected 2 (124: ran on)"

# 5b. next-hop notes are not errors: a link-local-only or ::-plus-link-local
# IPv6 next hop (RFC 2545 wants a global one; RFC 7606 judges the length
# only) and the extended next hop assumed without OPENs are notes; a
# 4-byte next hop for IPv6 unicast is an error (it counted all five)
N="$tmp/nexthop-notes.pcap"
out=$("$BGPCAP" -r "$N" 2>&1)
grep -q ', 1 messages with errors (3 more with notes only), ' <<<"$out" && pass ||
	fail "nexthop-notes: summary: $(grep '^summary' <<<"$out")"
[ "$(grep -c '\[note @[0-9]*: IPv6 next hop \(fe80::cafe is link-local\|:: is unspecified\)' <<<"$out")" -eq 2 ] &&
	pass || fail "nexthop-notes: the two link-local notes are not printed as notes"
grep -q '\[note @[0-9]*: IPv6 next hop for IPv4 unicast: extended next hop (RFC 8950) assumed' <<<"$out" &&
	pass || fail "nexthop-notes: the assumption is not a note"
grep -q '\[error @[0-9]*: MP_REACH_NLRI next hop length 4 is not valid for IPv6 unicast' <<<"$out" &&
	pass || fail "nexthop-notes: the 4-byte next hop is not an error"
[ "$(grep -c 'fe80::1\]' <<<"$out")" -eq 0 ] && pass ||
	fail "nexthop-notes: global + link-local drew a note"
"$BGPCAP" -r "$N" --json | python3 -c '
import json, sys
s = [json.loads(l) for l in sys.stdin if l.startswith("{")]
summ = [o for o in s if o.get("type") == "summary"][0]
lists = [o["errors"] for o in s if isinstance(o.get("errors"), list)]
notes = [e for l in lists for e in l if e.get("note")]
errs = [e for l in lists for e in l if not e.get("note")]
assert summ["errors"] == 1 and summ["notes"] == 3, summ
assert len(notes) == 3 and len(errs) == 1, (notes, errs)
' && pass || fail "nexthop-notes: JSON counts (errors 1, notes 3)"

# 6. least privilege: as root, -r drops to -Z's user (default tcpdump,
# else nobody) once the input is open; -w is created after, as that user,
# never through a symbolic link, never truncating another user's file
HAPPY="$top_srcdir/captures/happy.pcap"
out=$("$BGPCAP" -r "$HAPPY" -q -Z nosuchuser 2>&1)
rc=$?
[ "$rc" -eq 2 ] && grep -q "no such user 'nosuchuser'" <<<"$out" && pass ||
	fail "-r -Z nosuchuser: exit $rc ($out)"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	w="$tmp/w"
	chmod 755 "$tmp"
	mkdir "$w" && chmod 1777 "$w"
	# the process's uid while it reads a pipe (the issue: a FIFO read as
	# root kept uid 0; FIFOs are not used here: the MRT sniffing of -r
	# consumes their first bytes)
	{ head -c 4000 "$HAPPY"; sleep 2; tail -c +4001 "$HAPPY"; } |
		"$BGPCAP" -r - -q -Z nobody >/dev/null 2>&1 &
	pid=$!
	sleep 1
	uid=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status" 2>/dev/null)
	[ "$uid" = "65534 65534 65534 65534" ] && pass || fail "-r pipe -Z nobody: uids '$uid'"
	wait
	# -w created by the -Z user, and by the default one
	"$BGPCAP" -r "$HAPPY" -q -Z nobody -w "$w/z.pcap" >/dev/null 2>&1
	[ "$(stat -c %U "$w/z.pcap" 2>/dev/null)" = nobody ] && pass || fail "-w not created as -Z nobody"
	"$BGPCAP" -r "$HAPPY" -q -w "$w/d.pcap" >/dev/null 2>&1
	case $(stat -c %U "$w/d.pcap" 2>/dev/null) in
	tcpdump|nobody) pass ;;
	*) fail "-w without -Z not created as tcpdump/nobody" ;;
	esac
	cmp -s <(tail -c +25 "$w/z.pcap") <(tail -c +25 "$HAPPY") && pass || fail "-w copy differs"
	# a symbolic link planted in a world-writable directory
	echo precious >"$tmp/target"
	ln -s "$tmp/target" "$w/link"
	"$BGPCAP" -r "$HAPPY" -q -Z root -w "$w/link" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 2 ] && [ "$(cat "$tmp/target")" = precious ] && pass ||
		fail "-w through a symbolic link: exit $rc, target $(cat "$tmp/target")"
	# another user's file, writable: not truncated
	echo precious >"$w/roots"
	chmod 666 "$w/roots"
	"$BGPCAP" -r "$HAPPY" -q -Z nobody -w "$w/roots" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 2 ] && [ "$(cat "$w/roots")" = precious ] && pass ||
		fail "-w over another user's file: exit $rc"
	# --write-mrt the same way (it opened with O_TRUNC): not through a
	# link, not over another user's file, its own file rewritten
	"$BGPCAP" -r "$HAPPY" -q -Z root --write-mrt "$w/link" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 2 ] && [ "$(cat "$tmp/target")" = precious ] && pass ||
		fail "--write-mrt through a symbolic link: exit $rc, target $(cat "$tmp/target")"
	out=$("$BGPCAP" -r "$HAPPY" -q -Z nobody --write-mrt "$w/roots" 2>&1 >/dev/null)
	rc=$?
	[ "$rc" -eq 2 ] && [ "$(cat "$w/roots")" = precious ] &&
		grep -q "belongs to another user" <<<"$out" && pass ||
		fail "--write-mrt over another user's file: exit $rc ($out)"
	# root's own file, read-only for the user root became: the message says
	# whose rights were used and how to keep root's (a stranger as root saw
	# a bare "Permission denied" for a file root owns)
	echo precious >"$w/root644"
	chmod 644 "$w/root644"
	out=$("$BGPCAP" -r "$HAPPY" -q -Z nobody -w "$w/root644" 2>&1 >/dev/null)
	rc=$?
	[ "$rc" -eq 2 ] && [ "$(cat "$w/root644")" = precious ] &&
		grep -q "Permission denied (bgpcap writes as user nobody after dropping root, as tcpdump does: -Z root keeps root)" <<<"$out" &&
		pass || fail "-w over root's read-only file after the drop: exit $rc ($out)"
	"$BGPCAP" -r "$HAPPY" -q -Z nobody --write-mrt "$w/m.mrt" >/dev/null 2>&1
	"$BGPCAP" -r "$HAPPY" -q -Z nobody --write-mrt "$w/m.mrt" >/dev/null 2>&1
	n1=$(stat -c %s "$w/m.mrt")
	"$BGPCAP" -r "$HAPPY" -q -Z nobody --write-mrt "$w/m2.mrt" >/dev/null 2>&1
	[ "$n1" -gt 0 ] && [ "$n1" = "$(stat -c %s "$w/m2.mrt")" ] && pass ||
		fail "--write-mrt over its own file: $n1 bytes, not rewritten"
	# -Z root keeps root: writing into a root-only directory works
	"$BGPCAP" -r "$HAPPY" -q -Z root -w "$tmp/root.pcap" >/dev/null 2>&1 &&
		[ -s "$tmp/root.pcap" ] && pass || fail "-Z root -w into a 0700 directory"
else
	skip "privilege drop: needs root and the user nobody"
fi

finish
