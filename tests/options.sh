#!/bin/bash
# tests/options.sh - the options in src/main.c and in man/bgpcap.1 are the
# same set; the man page is lint-clean; the command line behaves as the
# page says (help, version, usage errors).
#
# Environment (set by `make check`): top_srcdir, BGPCAP (the built binary).
# Exit status: 0 pass, 1 fail, 77 skip (automake conventions).
#
# Man page convention (see the comment at the top of man/bgpcap.1): in the
# option list of DESCRIPTION every option is one .It line,
#   .It Fl r Ar file , Fl \-read Ns = Ns Ar file
#   .It Fl \-json
# and an option that takes a value has an Ar right after its name.

# make check runs this with $(SHELL), which may be dash: re-run under bash.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi

set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
BGPCAP=${BGPCAP:-$top_srcdir/src/bgpcap}
MAIN=$top_srcdir/src/main.c
PAGE=$top_srcdir/man/bgpcap.1

fails=0
skips=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

for f in "$MAIN" "$PAGE"; do
	if [ ! -r "$f" ]; then
		echo "FAIL: cannot read $f"
		exit 1
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/options.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
[ -n "${KEEP_TMP:-}" ] && trap - EXIT && echo "tmp: $tmp"

# ---------------------------------------------------------------- the code
# One line per option: "-x arg" / "-x noarg" / "--name arg" / "--name noarg".

# short options: static const char shortopts[] = "r:i:w:...";
shortopts=$(sed -n 's/.*shortopts\[\][^"]*"\([^"]*\)".*/\1/p' "$MAIN" | head -n 1)
if [ -z "$shortopts" ]; then
	echo "FAIL: no shortopts string found in $MAIN"
	exit 1
fi
: >"$tmp/code"
s=${shortopts#[+:-]}
while [ -n "$s" ]; do
	c=${s:0:1}
	s=${s:1}
	if [ "${s:0:1}" = ":" ]; then
		echo "-$c arg" >>"$tmp/code"
		s=${s#:}
		s=${s#:}	# "x::" (optional argument) counts as taking one
	else
		echo "-$c noarg" >>"$tmp/code"
	fi
done

# long options: the { "name", xxx_argument, ... } lines of longopts[]
sed -n '/longopts\[\][[:space:]]*=/,/^};/p' "$MAIN" |
    sed -n 's/^[[:space:]]*{[[:space:]]*"\([^"]*\)"[[:space:]]*,[[:space:]]*\([a-z_]*\).*/\1 \2/p' |
    while read -r name kind; do
	case $kind in
	no_argument) echo "--$name noarg" ;;
	*) echo "--$name arg" ;;
	esac
done >>"$tmp/code"

if ! grep -q '^--' "$tmp/code"; then
	echo "FAIL: no long options found in longopts[] of $MAIN"
	exit 1
fi
sort -u "$tmp/code" -o "$tmp/code"

# ---------------------------------------------------------------- the page
# Tokens of a macro line; after "Fl" comes an option name (a single letter
# or \-long\-name), optionally "Ns = Ns", then "Ar" when it takes a value.
fl_items() {
	awk '
	{
		gsub(/\\-/, "-")
		n = split($0, t, /[ \t]+/)
		sub(/^\./, "", t[1])
		for (i = 1; i <= n; i++) {
			if (t[i] != "Fl" || i == n)
				continue
			name = t[i + 1]
			sub(/[,;:.|]+$/, "", name)
			if (name == "")
				continue
			j = i + 2
			if (t[j] == "Ns" && t[j + 1] == "=" && t[j + 2] == "Ns")
				j += 3
			print "-" name, (t[j] == "Ar" ? "arg" : "noarg")
		}
	}'
}

# the .It lines of the DESCRIPTION section's option list
sed -n '/^\.Sh DESCRIPTION/,/^\.Sh /p' "$PAGE" | grep '^\.It Fl ' |
    fl_items | sort -u >"$tmp/page"

# SYNOPSIS: every short option (grouped flags count) and every long option
sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$PAGE" | fl_items |
    awk '{ n = $1
	if (n ~ /^--/) print n
	else for (k = 2; k <= length(n); k++) print "-" substr(n, k, 1) }' |
    sort -u >"$tmp/synopsis"

if [ ! -s "$tmp/page" ]; then
	fail "no '.It Fl' option items found in DESCRIPTION of $PAGE"
fi

# ---------------------------------------------------------------- compare
cut -d' ' -f1 "$tmp/code" | sort -u >"$tmp/code.names"
cut -d' ' -f1 "$tmp/page" | sort -u >"$tmp/page.names"

only_code=$(comm -23 "$tmp/code.names" "$tmp/page.names")
only_page=$(comm -13 "$tmp/code.names" "$tmp/page.names")
if [ -n "$only_code" ]; then
	fail "options in src/main.c but not documented in man/bgpcap.1:" $only_code
fi
if [ -n "$only_page" ]; then
	fail "options documented in man/bgpcap.1 but not in src/main.c:" $only_page
fi
if [ -z "$only_code$only_page" ]; then
	pass "src/main.c and man/bgpcap.1 have the same $(wc -l <"$tmp/code.names") options"
fi

# argument or not, for the options both have
argdiff=$(join "$tmp/code" "$tmp/page" | awk '$2 != $3 {
	printf " %s (code: %s, page: %s)", $1, $2, $3 }')
if [ -n "$argdiff" ]; then
	fail "options that take a value in one and not the other:$argdiff"
else
	pass "every option takes a value in the page exactly when it does in the code"
fi

# the SYNOPSIS shows every short option and every long-only option
longonly=$(sed -n '/longopts\[\][[:space:]]*=/,/^};/p' "$MAIN" |
    sed -n 's/^[[:space:]]*{[[:space:]]*"\([^"]*\)"[^,]*,[^,]*,[^,]*,[[:space:]]*\([^ }]*\).*/\1 \2/p' |
    awk '$2 !~ /^'"'"'.'"'"'$/ { print "--" $1 }' | sort -u)
{
	grep '^-[^-]' "$tmp/code.names"
	printf '%s\n' $longonly
} | sort -u >"$tmp/want.synopsis"
missing=$(comm -23 "$tmp/want.synopsis" "$tmp/synopsis")
if [ -n "$missing" ]; then
	fail "options missing from the SYNOPSIS of man/bgpcap.1:" $missing
else
	pass "the SYNOPSIS shows every short option and every long-only option"
fi

# ---------------------------------------------------------------- mandoc -Tlint
# Two kinds of message describe the machine, not the page: "outdated
# mandoc.db lacks X entry" (the page X exists, the database is stale) and
# "referenced manual not found" (a page in SEE ALSO, e.g. vtysh(1) from FRR,
# is not installed here). They are shown but do not fail the test.
if command -v mandoc >/dev/null 2>&1; then
	mandoc -Tlint "$PAGE" >"$tmp/lint" 2>&1
	grep -v -e 'outdated mandoc\.db lacks' -e 'referenced manual not found' \
	    "$tmp/lint" >"$tmp/lint.page"
	if grep -q 'referenced manual not found' "$tmp/lint"; then
		echo "note: SEE ALSO names pages not installed on this machine:"
		grep 'referenced manual not found' "$tmp/lint" | sed 's/^/    /'
	fi
	if [ -s "$tmp/lint.page" ]; then
		fail "mandoc -Tlint man/bgpcap.1:"
		sed 's/^/    /' "$tmp/lint.page"
	else
		pass "mandoc -Tlint man/bgpcap.1 is clean"
	fi
else
	echo "SKIP: mandoc not installed, man page lint not run (sh setup.sh --test installs it)"
	skips=$((skips + 1))
fi

# ---------------------------------------------------------------- the binary
if [ ! -x "$BGPCAP" ]; then
	echo "FAIL: $BGPCAP not built; command-line checks not run"
	exit 1
fi

# run ARGS...: sets rc, out (stdout), err (stderr), nerr (stderr lines)
run() {
	"$BGPCAP" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
	nerr=$(wc -l <"$tmp/err")
}

# expect_usage_error DESCRIPTION ARGS...: status 2, exactly one line on
# stderr, nothing on stdout (no partial run)
expect_usage_error() {
	local what=$1
	shift
	run "$@"
	if [ "$rc" -ne 2 ]; then
		fail "bgpcap $* ($what): exit status $rc, expected 2"
	elif [ "$nerr" -ne 1 ]; then
		fail "bgpcap $* ($what): $nerr lines on stderr, expected 1:"
		sed 's/^/    /' "$tmp/err"
	elif [ -s "$tmp/out" ]; then
		fail "bgpcap $* ($what): wrote to stdout:"
		head -n 5 "$tmp/out" | sed 's/^/    /'
	else
		pass "bgpcap $* ($what): status 2, one line: $err"
	fi
}

for h in --help -h; do
	run $h
	if [ "$rc" -ne 0 ]; then
		fail "bgpcap $h: exit status $rc, expected 0"
	elif ! grep -q 'man bgpcap' "$tmp/out"; then
		fail "bgpcap $h: the usage on stdout does not mention 'man bgpcap'"
	else
		pass "bgpcap $h: status 0, points to 'man bgpcap'"
	fi
done

run --version
if [ "$rc" -ne 0 ]; then
	fail "bgpcap --version: exit status $rc, expected 0"
elif ! printf '%s\n' "$out" | grep -Eq '^bgpcap [0-9]+(\.[0-9]+)+'; then
	fail "bgpcap --version: no 'bgpcap N.N' version line: $out"
else
	pass "bgpcap --version: $out"
fi

expect_usage_error "unknown option" --bogus
expect_usage_error "unknown short option" -K -r /dev/null
expect_usage_error "malformed count" -c abc -r x
expect_usage_error "missing value" -r
expect_usage_error "bad --color" --color=sometimes -r x
expect_usage_error "unreadable file" -r /nonexistent
expect_usage_error "neither -r nor -i"

# ---------------------------------------------------------------- tcpdump's habits
CAP=$top_srcdir/captures/happy.pcap
expect_usage_error "-s with -r" -s 100 -r "$CAP"
echo "host 10.0.2.4" >"$tmp/filter"
expect_usage_error "-F and an expression" -F "$tmp/filter" -r "$CAP" port 179
expect_usage_error "-F unreadable" -F "$tmp/nonexistent" -r "$CAP"
expect_usage_error "--routes with --json" --routes --json -r "$CAP"
expect_usage_error "--routes with -q" --routes -q -r "$CAP"
expect_usage_error "-G without -w" -G 2 -r "$CAP"
expect_usage_error "-C without -w" -C 1 -r "$CAP"
expect_usage_error "-W without -G or -C" -W 3 -w "$tmp/w.pcap" -r "$CAP"
expect_usage_error "-z without -G or -C" -z gzip -w "$tmp/w.pcap" -r "$CAP"
expect_usage_error "-G 0" -G 0 -w "$tmp/w.pcap" -r "$CAP"
expect_usage_error "-G with -w -" -G 2 -w - -r "$CAP"
expect_usage_error "--duration with -r" --duration 5 -r "$CAP"
expect_usage_error "--at not a time" --at yesterday -r "$CAP"
expect_usage_error "--at bad offset" --at 2026-11-27T14:00:00+1 -r "$CAP"
expect_usage_error "--history not a prefix" --history 10.0.0.0/33 -r "$CAP"
expect_usage_error "--history not an address" --history foo/8 -r "$CAP"
expect_usage_error "--diff with -i" --diff "$CAP" -i lo
expect_usage_error "--diff unreadable" --diff /nonexistent -r "$CAP"
# display filters (tests/filters.sh checks what they select)
expect_usage_error "--prefix without a length" --prefix 10.0.0.0 -r "$CAP"
expect_usage_error "--prefix with host bits" --prefix 10.0.0.1/8 -r "$CAP"
expect_usage_error "--longer-prefixes alone" --longer-prefixes -r "$CAP"
expect_usage_error "--peer not an address" --peer 10.0.0.256 -r "$CAP"
expect_usage_error "--type misspelt" --type updat -r "$CAP"
expect_usage_error "--nexthop not an address" --nexthop nh -r "$CAP"
expect_usage_error "--aspath-regex unbalanced" --aspath-regex '(65001' -r "$CAP"
expect_usage_error "--community out of range" --community 65536:1 -r "$CAP"
expect_usage_error "--timeline in no directory" --timeline "$tmp/none/t.svg" -r "$CAP"
# -F: the same as the expression on the command line (and narrower than none)
"$BGPCAP" -r "$CAP" -F "$tmp/filter" >"$tmp/f1" 2>&1
"$BGPCAP" -r "$CAP" host 10.0.2.4 >"$tmp/f2" 2>&1
"$BGPCAP" -r "$CAP" >"$tmp/f3" 2>&1
if cmp -s "$tmp/f1" "$tmp/f2" && ! cmp -s "$tmp/f1" "$tmp/f3"; then
	pass "-F file: the same as the expression on the command line"
else
	fail "-F file differs from the expression on the command line"
fi
# -t family: each form checked against the others (epoch -> date, deltas)
for t in -t -tt -ttt -tttt -ttttt; do
	"$BGPCAP" -r "$CAP" $t 2>/dev/null | head -n 3 >"$tmp/t$t"
done
if python3 - "$tmp" <<'PY'
import datetime, re, sys
d = sys.argv[1]
L = {t: open(f"{d}/t{t}").read().splitlines() for t in ("-t", "-tt", "-ttt", "-tttt", "-ttttt")}
ep = [float(l.split()[0]) for l in L["-tt"]]
assert all(re.match(r"^\d{10}\.\d{6} ", l) for l in L["-tt"]), L["-tt"]
for e, l in zip(ep, L["-tttt"]):
    want = datetime.datetime.fromtimestamp(e, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    assert l.startswith(want + " "), (l, want)
def dur(s):
    h, m, x = s.split(":")
    return int(h) * 3600 + int(m) * 60 + float(x)
for i, l in enumerate(L["-ttt"]):
    assert abs(dur(l.split()[0]) - (ep[i] - ep[i - 1] if i else 0)) < 2e-6, l
for i, l in enumerate(L["-ttttt"]):
    assert abs(dur(l.split()[0]) - (ep[i] - ep[0])) < 2e-6, l
# -t: no timestamp, the rest of the line unchanged
for a, b in zip(L["-t"], L["-tt"]):
    assert b.split(" ", 1)[1] == a, (a, b)
PY
then
	pass "-t, -tt, -ttt, -tttt, -ttttt: consistent forms of the same times"
else
	fail "-t family (above)"
fi
# -x / -X: the bytes of each message, from the marker on, after its line
"$BGPCAP" -r "$CAP" -x -c 1 2>/dev/null >"$tmp/x"
"$BGPCAP" -r "$CAP" -X -c 1 2>/dev/null >"$tmp/X"
len=$(grep -m1 ' len ' "$tmp/x" | sed -n 's/.* len \([0-9]*\):.*/\1/p')
nbytes=$(grep -P '^\t0x' "$tmp/x" | sed 's/^\t0x[0-9a-f]*: //' | tr -d ' \n' | wc -c)
if grep -qP '^\t0x0000:  ffff ffff ffff ffff ffff ffff ffff ffff$' "$tmp/x" &&
    [ -n "$len" ] && [ "$nbytes" -eq $((2 * len)) ] &&
    grep -qP '^\t0x0000:  ffff( ffff){7}  \.{16}$' "$tmp/X"; then
	pass "-x/-X: $len bytes of the first message in hex (and ASCII)"
else
	fail "-x/-X: len '$len', $nbytes hex digits:"; head -n 4 "$tmp/x" "$tmp/X"
fi

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
if [ "$skips" -ne 0 ]; then
	echo "$skips check(s) skipped"
	[ "${CI:-}" = true ] && { echo "FAIL: CI=true forbids skips"; exit 1; }
	exit 77
fi
echo "all checks passed"
exit 0
