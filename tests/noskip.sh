#!/bin/sh
# tests/noskip.sh SHELL TEST [ARGS...]: the log compiler of every shell test in
# `make check`. Runs the test; exit 77 (automake's SKIP) stays a skip for a
# user, but under CI=true (set by .ci/run) a skipped test fails the run: a
# check that did not run must never look like one that passed.
sh=$1
shift
"$sh" "$@"
rc=$?
if [ "$rc" -eq 77 ] && [ "${CI:-}" = true ]; then
	echo "FAIL: $1 skipped, and CI=true forbids skips (install what it names: sh setup.sh --test)"
	exit 1
fi
exit "$rc"
