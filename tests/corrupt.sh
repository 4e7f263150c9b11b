#!/bin/bash
# tests/corrupt.sh - random corruption of real captures through the whole
# pipeline (run under the ASan/UBSan build to catch memory errors): no crash,
# no sanitizer report, no hang (10 s per run), valid JSON, byte accounting.
# Env: top_srcdir, BGPCAP, CORRUPT_COUNT (variants, default 3000),
#      CORRUPT_SEED (default 1), CORRUPT_JOBS (parallel runs),
#      CORRUPT_KEEP (where failing variants are kept).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # make check runs us with $(SHELL)
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${BGPCAP:=$top_builddir/src/bgpcap}"
PEER=${PEER_CAPTURES:-${BGPCAP_SHARED:-$top_srcdir/../shared}/peer-captures}

[ -x "$BGPCAP" ] || { echo "SKIP: $BGPCAP not built"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 77; }
command -v timeout >/dev/null || { echo "SKIP: timeout(1) not found"; exit 77; }

files=()
for f in "$top_srcdir"/captures/*.pcap; do [ -f "$f" ] && files+=("$f"); done
if [ -d "$PEER" ]; then
	# small and medium captures (a large one costs time, not coverage)
	while IFS= read -r f; do files+=("$f"); done < <(find "$PEER" -type f \
	    \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) -size -600k | LC_ALL=C sort)
fi
[ ${#files[@]} -gt 0 ] || { echo "FAIL: no captures/*.pcap and no $PEER"; exit 1; }
if [ "${CI:-}" = true ] && [ ! -f "$PEER/MANIFEST.tsv" ]; then
	echo "FAIL: $PEER is absent and CI=true forbids a shrunken corpus"; exit 1
fi

# saved findings (fuzz/regress/fuzz_pcap) are replayed first, unmodified
for f in "$top_srcdir"/fuzz/regress/fuzz_pcap/*; do [ -f "$f" ] && files+=("@$f"); done

keep=${CORRUPT_KEEP:-${top_builddir}/tests/corrupt-failures}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
exec python3 "$top_srcdir/tests/corrupt.py" "$BGPCAP" "${CORRUPT_COUNT:-3000}" \
    "${CORRUPT_SEED:-1}" "$keep" "${files[@]}"
