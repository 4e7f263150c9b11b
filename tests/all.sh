#!/bin/sh
# The whole test suite: unit, golden, differential, recorder, live, fuzz,
# corruption and limit tests (make check), the release tarball (make
# distcheck), then the suite again from that tarball built with
# AddressSanitizer + UndefinedBehaviorSanitizer.
# The last line says how many tests ran, passed, failed and were skipped
# (both `make check` runs, from their test-suite.log); under CI=true a skip
# fails the run.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
# the peer-capture corpus beside the clone (absent in a user's clone: those
# tests skip; under CI=true that fails)
BGPCAP_SHARED=${BGPCAP_SHARED:-$top/../shared}
export BGPCAP_SHARED
logs=""
# tally: the sum of the automake counters over the test-suite.log files run so far
tally() {
	status=$1
	# shellcheck disable=SC2086
	set -- $logs
	awk -v st="$status" -v ci="${CI:-}" '
		/^# TOTAL:/ { t += $3 } /^# PASS:/ { p += $3 } /^# SKIP:/ { s += $3 }
		/^# XFAIL:/ { p += $3 } /^# FAIL:/ { f += $3 } /^# XPASS:/ { f += $3 } /^# ERROR:/ { f += $3 }
		END {
			printf "tests: %d ran, %d passed, %d failed, %d skipped (%s)\n", t, p, f, s, st
			if (ci == "true" && s > 0) { print "FAIL: CI=true forbids skips"; exit 1 }
		}' /dev/null "$@"
}
trap 'rc=$?; [ $rc -eq 0 ] || tally "suite FAILED, exit $rc"' EXIT
step() { # make check in directory $1
	(cd "$1" && make -j2 check) || { cat "$1/test-suite.log"; logs="$logs $1/test-suite.log"; exit 1; }
	logs="$logs $1/test-suite.log"
}
step "$top"
# distcheck runs the suite a second time from the tarball: its failures count
make -j2 distcheck || {
	for f in bgpcap-*/_build/sub/test-suite.log; do [ -f "$f" ] && logs="$logs $f"; done
	exit 1
}
rm -rf build-san
mkdir build-san
tar -xzf bgpcap-*.tar.gz -C build-san
san=$(echo "$top"/build-san/bgpcap-*)
(cd "$san" && ./configure --enable-werror --enable-sanitizers >configure.log)
step "$san"
trap - EXIT
tally "make check, make distcheck, ASan+UBSan build"
