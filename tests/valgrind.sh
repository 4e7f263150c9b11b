#!/bin/bash
# tests/valgrind.sh - valgrind (memcheck) on a representative subset of
# captures, text (-vv) and JSON: no invalid access, no definite or indirect
# leak. Skipped when valgrind is missing or $BGPCAP is a sanitizer build.
# Env: top_srcdir, BGPCAP, VALGRIND (default valgrind).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # make check runs us with $(SHELL)
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${BGPCAP:=$top_builddir/src/bgpcap}"
PEER=${PEER_CAPTURES:-${BGPCAP_SHARED:-$top_srcdir/../shared}/peer-captures}
VALGRIND=${VALGRIND:-valgrind}
passed=0 failed=0

[ -x "$BGPCAP" ] || { echo "SKIP: $BGPCAP not built"; exit 77; }
command -v "$VALGRIND" >/dev/null || { echo "SKIP: valgrind not installed"; exit 77; }
# A sanitizer build cannot run under valgrind; there the same files run under
# the build's own AddressSanitizer/LeakSanitizer instead (a check, not a skip).
san=0
if [ -n "${BGPCAP_ASAN:-}" ] || nm "$BGPCAP" 2>/dev/null | grep -qE '__asan_init|__tsan_init|__msan_init' ||
    ldd "$BGPCAP" 2>/dev/null | grep -qE 'lib[amt]san'; then
	echo "note: $BGPCAP is a sanitizer build: its own ASan/LSan checks the files instead of valgrind"
	san=1
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=99}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
fi

files=()
for f in "$top_srcdir"/captures/*.pcap; do [ -f "$f" ] && files+=("$f"); done
# tcpdump's CVE reproducers and a few varied peer captures
for rel in tcpdump/bgp-as-path-oobr.pcap tcpdump/bgp_mp_reach_nlri-oobr.pcap \
    tcpdump/bgp-infinite-loop.pcap tcpdump/bgp-bgp_capabilities_print-oobr-1.pcap \
    tcpdump/bgp-aigp-oobr.pcap tcpdump/bgp_pmsi_tunnel-oobr.pcap tcpdump/bgp-addpath.pcap \
    tcpdump/bgp-shutdown-msg-variations.pcap tcpdump/bgp-extended-msg.pcapng; do
	[ -f "$PEER/$rel" ] && files+=("$PEER/$rel")
done
# and the saved fuzzing findings
for f in "$top_srcdir"/fuzz/regress/fuzz_pcap/*; do [ -f "$f" ] && files+=("$f"); done
[ ${#files[@]} -gt 0 ] || { echo "FAIL: no captures/*.pcap and no peer captures"; exit 1; }
if [ "${CI:-}" = true ] && [ ! -f "$PEER/MANIFEST.tsv" ]; then
	echo "FAIL: $PEER is absent and CI=true forbids a shrunken corpus"; exit 1
fi

log=$(mktemp "${TMPDIR:-/tmp}/bgpcap-valgrind.XXXXXX")
trap 'rm -f "$log"' EXIT
for f in "${files[@]}"; do
	for mode in text json; do
		args=(-vv)
		[ $mode = json ] && args=(--json --stats)
		if [ $san = 1 ]; then
			"$BGPCAP" "${args[@]}" -r "$f" >/dev/null 2>"$log"
			st=$?
			grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log" && st=99
		else
			# --no-sandbox: the seccomp filter would apply to valgrind's
			# own calls too (its translated code is mapped executable);
			# --vgdb=no: its FIFOs in /tmp, made as root, cannot be
			# removed by the user bgpcap drops to
			"$VALGRIND" -q --vgdb=no --error-exitcode=99 --leak-check=full \
			    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
			    "$BGPCAP" --no-sandbox "${args[@]}" -r "$f" >/dev/null 2>"$log"
			st=$?
		fi
		name=${f#"$top_srcdir/"}
		name=${name#../shared/}
		if [ $st -gt 3 ] || grep -q '^==[0-9]*==' "$log"; then
			echo "FAIL: $name ($mode): exit $st"
			head -40 "$log"
			failed=$((failed + 1))
		else
			passed=$((passed + 1))
		fi
	done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
