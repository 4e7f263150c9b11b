# tests/lib.sh - shared by the shell tests. Sourced, not run.
# Environment from `make check`: top_srcdir, top_builddir, BGPCAP.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${BGPCAP:=$top_builddir/src/bgpcap}"
SHARED="${BGPCAP_SHARED:-$top_srcdir/../shared}"
PEER="$SHARED/peer-captures"
fails=0
passes=0
skips=0

pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
skip_all() { echo "SKIP: $*"; exit 77; }

# Every line of a file is a JSON value.
json_lines_ok() {
	python3 - "$1" <<'PY'
import json, sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8", errors="strict"), 1):
    try:
        json.loads(line)
    except Exception as e:
        print(f"{sys.argv[1]}:{n}: invalid JSON: {e}: {line[:160]}")
        sys.exit(1)
PY
}

finish() {
	echo "$passes passed, $fails failed${skips:+, $skips skipped}"
	[ "$fails" -eq 0 ]
}
