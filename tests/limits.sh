#!/bin/bash
# tests/limits.sh - resource limits under hostile captures (tests/limits_gen.py):
#  (a) 100,000 concurrent TCP connections, each a SYN and a partial message:
#      exit 0, peak RSS bounded; with --max-flows 1000 the limit is reported
#      (LIMIT events, summary limits_hit > 0) and RSS is smaller still;
#  (b) a connection whose 4096-byte message never completes (a one-byte hole)
#      followed by 50 MB of data: bounded RSS, the gap and the limit reported;
#  (c) endless out-of-order segments (reversed windows larger than the queue):
#      bounded RSS, limits and gaps reported.
# Byte accounting (bytes_seen == bytes_decoded + bytes_skipped) is checked on
# every flow_stats line and on the summary of every run.
# Env: top_srcdir, BGPCAP, LIMITS_TMP (work dir), LIMITS_RSS_CONNS_KB,
#      LIMITS_RSS_SMALL_KB (the bounds; defaults below, scaled x4 under ASan).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # make check runs us with $(SHELL)
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${BGPCAP:=$top_builddir/src/bgpcap}"
passed=0 failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

[ -x "$BGPCAP" ] || { echo "SKIP: $BGPCAP not built"; exit 77; }
[ -x /usr/bin/time ] || { echo "SKIP: /usr/bin/time (GNU time) not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 77; }

# Bounds (KB of peak RSS), measured on the plain build: 100,000 connections
# ~92 MB (about 0.9 KB per connection: flow, session, partial-message buffer),
# --max-flows 1000 ~25 MB, the 50 MB hole and the out-of-order stream ~3.5 MB.
rss_conns=${LIMITS_RSS_CONNS_KB:-131072}    # 128 MB
rss_conns_cap=${LIMITS_RSS_CAPPED_KB:-49152} # 48 MB with --max-flows 1000
rss_small=${LIMITS_RSS_SMALL_KB:-16384}     # 16 MB
if nm "$BGPCAP" 2>/dev/null | grep -q __asan_init || ldd "$BGPCAP" 2>/dev/null | grep -q libasan; then
	rss_conns=$((rss_conns * 4)) rss_conns_cap=$((rss_conns_cap * 4)) rss_small=$((rss_small * 8))
	# freed memory sits in ASan's quarantine (256 MB by default) and counts
	# as resident: with --max-flows evicting flows that measures the
	# quarantine, not bgpcap; a smaller one keeps the bound about bgpcap
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=32"
	echo "note: ASan build, RSS bounds scaled"
fi

tmp=${LIMITS_TMP:-$(mktemp -d "${TMPDIR:-/tmp}/bgpcap-limits.XXXXXX")}
mkdir -p "$tmp"
trap '[ -z "${LIMITS_TMP:-}" ] && rm -rf "$tmp"' EXIT
gen() { # a cached capture (LIMITS_TMP) is reused only with its .expect file
	{ [ -s "$tmp/$1.pcap" ] && { [ "$1" != hole ] || [ -s "$tmp/$1.pcap.expect" ]; }; } ||
		python3 "$top_srcdir/tests/limits_gen.py" "$1" "$2" "$tmp/$1.pcap"
}
gen conns 100000 && gen hole 50 && gen ooo 20000 || { echo "FAIL: the capture generator (tests/limits_gen.py) failed in $tmp"; exit 1; }

# run NAME MAXRSS_KB [bgpcap args...]: runs with --json --stats, checks exit
# 0, RSS and accounting; leaves JSON in $tmp/NAME.json, summary fields in
# $tmp/NAME.sum (key=value lines).
run() {
	local name=$1 bound=$2 rss st
	shift 2
	/usr/bin/time -f '%M %e' -o "$tmp/$name.time" timeout 300 "$BGPCAP" --json --stats "$@" \
	    >"$tmp/$name.json" 2>"$tmp/$name.err"
	st=$?
	rss=$(awk 'END {print $1}' "$tmp/$name.time")
	echo "  $name: exit $st, peak RSS $rss KB (bound $bound KB), $(awk 'END {print $2}' "$tmp/$name.time") s"
	if [ "$st" -ne 0 ] && [ "$st" -ne 1 ] && [ "$st" -ne 3 ]; then   # a verdict, not an error
		fail "$name: exit status $st"; head -5 "$tmp/$name.err"; return 1
	fi
	if grep -qE 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' "$tmp/$name.err"; then
		fail "$name: sanitizer report"; head -20 "$tmp/$name.err"; return 1
	fi
	if [ "${rss:-0}" -lt "$bound" ]; then pass "$name: peak RSS $rss KB < $bound KB"
	else fail "$name: peak RSS $rss KB >= $bound KB"; fi
	if python3 - "$tmp/$name.json" >"$tmp/$name.sum" <<'PY'; then
import json, sys
bad = 0
flows = 0
summ = None
events = {}
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    o = json.loads(line)
    t = o.get("type")
    if t == "flow_stats":
        flows += 1
        if o["bytes_seen"] != o["bytes_decoded"] + o["bytes_skipped"]:
            bad += 1
            if bad < 5:
                print("accounting line %d: %d != %d + %d" % (n, o["bytes_seen"],
                      o["bytes_decoded"], o["bytes_skipped"]), file=sys.stderr)
    elif t == "summary":
        summ = o
    if "event" in o:
        events[o["event"]] = events.get(o["event"], 0) + 1
if summ is None:
    print("no summary line", file=sys.stderr)
    sys.exit(1)
if summ["bytes_seen"] != summ["bytes_decoded"] + summ["bytes_skipped"]:
    print("summary accounting broken", file=sys.stderr)
    bad += 1
for k in ("flows", "messages", "bytes_seen", "bytes_decoded", "bytes_skipped", "gaps", "limits_hit"):
    print("%s=%s" % (k, summ[k]))
print("flow_stats=%d" % flows)
print("limit_events=%d" % events.get("LIMIT", 0))
sys.exit(1 if bad else 0)
PY
		pass "$name: byte accounting holds on $(sed -n 's/^flow_stats=//p' "$tmp/$name.sum") directions and the summary"
	else
		fail "$name: byte accounting / JSON"
	fi
}
val() { sed -n "s/^$2=//p" "$tmp/$1.sum"; }
expect() { # NAME FIELD OP VALUE
	local v
	v=$(val "$1" "$2")
	if [ -n "$v" ] && [ "$v" "$3" "$4" ]; then pass "$1: $2 = $v ($3 $4)"
	else fail "$1: $2 = '${v}', expected $3 $4"; fi
}

echo "(a) 100,000 concurrent connections"
if run conns "$rss_conns" -r "$tmp/conns.pcap"; then
	expect conns flows -eq 100000
	expect conns limits_hit -eq 0
	expect conns bytes_skipped -eq 4000000   # 40 bytes of each partial message
fi
if run conns-capped "$rss_conns_cap" --max-flows 1000 -r "$tmp/conns.pcap"; then
	expect conns-capped limits_hit -gt 0
	expect conns-capped limit_events -gt 0
	expect conns-capped bytes_skipped -eq 4000000   # evicted flows flush their bytes
fi

echo "(b) a message that never completes, then 50 MB after the hole"
if run hole "$rss_small" -q -r "$tmp/hole.pcap"; then
	expect hole gaps -ge 1
	expect hole limits_hit -ge 1
	expect hole bytes_skipped -eq 4095       # the incomplete UPDATE
	# exactly the KEEPALIVEs the generator wrote after the hole
	expect hole messages -eq "$(sed -n 's/^messages=//p' "$tmp/hole.pcap.expect")"
fi

echo "(c) endless out-of-order segments"
if run ooo "$rss_small" -q -r "$tmp/ooo.pcap"; then
	expect ooo gaps -ge 1
	expect ooo limits_hit -ge 1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
