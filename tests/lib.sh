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
# A whole script that cannot run: exit 77 (SKIP); under CI=true that is a
# failure (tests/noskip.sh, and here for scripts run by hand).
skip_all() {
	echo "SKIP: $*"
	[ "${CI:-}" = true ] && { echo "FAIL: CI=true forbids skips"; exit 1; }
	exit 77
}
# One check inside a script that cannot run: counted; finish() then exits 77
# (visible as SKIP in the summary) or, under CI=true, fails.
skip() { echo "SKIP: $*"; skips=$((skips + 1)); }

# The third-party corpus ../shared/peer-captures: present and complete
# (every file its MANIFEST.tsv lists, with that size). Absent or shrunken is
# a skip for a user's clone, a failure under CI=true.
need_peer() {
	local missing
	[ -f "$PEER/MANIFEST.tsv" ] || skip_all "$PEER is absent (it exists in CI beside the clone)"
	missing=$(awk -F '\t' -v d="$PEER" 'NR > 1 { f = d "/" $1; cmd = "stat -c %s \"" f "\" 2>/dev/null";
		s = ""; cmd | getline s; close(cmd); if (s != $5) print $1 }' "$PEER/MANIFEST.tsv")
	[ -z "$missing" ] || skip_all "$PEER is incomplete: $(echo "$missing" | head -3 | tr '\n' ' ')"
}

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
	echo "$passes passed, $fails failed, $skips skipped"
	[ "$fails" -eq 0 ] || return 1
	if [ "$skips" -gt 0 ]; then
		[ "${CI:-}" = true ] && { echo "FAIL: $skips checks skipped and CI=true forbids skips"; return 1; }
		exit 77
	fi
}
