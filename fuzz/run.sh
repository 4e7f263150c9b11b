#!/bin/bash
# Run the libFuzzer harnesses: fuzz/run.sh [SECONDS [HARNESS...]]
#   fuzz/run.sh --build-only   (build, print the build tree, stop)
#   builds them (see fuzz_build below: the project's own build, configured
#   with --enable-fuzzing CC=clang), seeds the corpora (fuzz/seeds.py) from captures/*.pcap,
#   ../shared/peer-captures/, ../shared/peer-mrt/ and the kept corpus fuzz/corpus/, replays fuzz/regress/<harness>/*, then fuzzes
#   each harness for SECONDS (default 60) with -timeout=5.
# Fails (exit 1) if a regression input or the fuzzer produces a crash, leak or
# timeout; artifacts land in fuzz/build/artifacts-<harness>/.
# Env: FUZZ_JOBS (parallel workers per harness, default 1), FUZZ_NOBUILD=1,
#      FUZZ_BUILD (work dir), FUZZ_FLAGS (extra libFuzzer flags), FUZZ_CC
#      (default clang), top_builddir (a configured build of this tree).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$(cd "$here/.." && pwd)}
bld=${top_builddir:-$top}
out=${FUZZ_BUILD:-$bld/fuzz/build}
build_only=0
[ "${1:-}" = --build-only ] && build_only=1
secs=${1:-60}
[ $build_only = 1 ] && secs=0
shift 2>/dev/null || true
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(fuzz_msg fuzz_stream fuzz_pcap fuzz_mrt fuzz_pcapng)
passed=0 failed=0

# The build with the harnesses: $bld itself when it was configured with
# --enable-fuzzing; else $out/tree configured with --enable-fuzzing CC=clang,
# either over a copy of the distributed sources (make distdir of $bld: a
# source tree configured in place cannot host a second, VPATH build) or,
# when $top is not configured, as a VPATH build of $top. Prints the tree.
fuzz_build() {
	local tree=$out/tree conf=./configure
	if [ -f "$bld/Makefile" ] && grep -q '^FUZZING_TRUE = *$' "$bld/Makefile"; then
		tree=$bld
	elif [ -f "$bld/Makefile" ]; then
		make -s -C "$bld" distdir distdir="$tree" >"$out/distdir.log" 2>&1 || return 1
	else
		mkdir -p "$tree"
		conf=$top/configure
	fi
	if [ ! -f "$tree/Makefile" ]; then
		(cd "$tree" && "$conf" --enable-fuzzing CC="${FUZZ_CC:-clang}") \
		    >"$out/configure.log" 2>&1 || return 1
	fi
	make -C "$tree" -j"${FUZZ_MAKE_JOBS:-2}" >"$out/make.log" 2>&1 || return 1
	echo "$tree"
}

mkdir -p "$out"
tree=$out/tree
if [ "${FUZZ_NOBUILD:-0}" != 1 ]; then
	if ! tree=$(fuzz_build); then
		echo "build failed (logs in $out)" >&2; tail -20 "$out/make.log" "$out/configure.log" 2>/dev/null >&2
		echo "0 passed, 1 failed"; exit 1
	fi
fi
if [ $build_only = 1 ]; then
	echo "$tree"
	exit 0
fi

# seeds: the project's captures and the peer captures
seedfiles=()
for f in "$top"/captures/*.pcap "$top"/captures/*.pcapng; do [ -f "$f" ] && seedfiles+=("$f"); done
peer=${PEER_CAPTURES:-${BGPCAP_SHARED:-$top/../shared}/peer-captures}
if [ -d "$peer" ]; then
	while IFS= read -r -d '' f; do seedfiles+=("$f"); done < <(find "$peer" -type f \
	    ! -name '*.md' ! -name '*.tsv' ! -name '*.txt' -size -4M -print0)
fi
mrt=${PEER_MRT:-${BGPCAP_SHARED:-$top/../shared}/peer-mrt}
if [ -d "$mrt" ]; then
	while IFS= read -r -d '' f; do seedfiles+=("$f"); done < <(find "$mrt" -type f -name '*.gz' -print0)
fi
python3 "$here/seeds.py" "$out" "${seedfiles[@]}" >/dev/null
# the kept corpus (fuzz/corpus/<harness>/, minimised) and the regressions join
for h in fuzz_msg fuzz_stream fuzz_pcap fuzz_mrt fuzz_pcapng; do
	c=$out/corpus-${h#fuzz_}
	mkdir -p "$c"
	[ -d "$here/corpus/$h" ] && cp "$here/corpus/$h"/* "$c"/ 2>/dev/null
	[ -d "$here/regress/$h" ] && cp "$here/regress/$h"/* "$c"/ 2>/dev/null
done

for h in "${harnesses[@]}"; do
	bin=$tree/fuzz/$h
	corpus=$out/corpus-${h#fuzz_}
	art=$out/artifacts-$h
	mkdir -p "$art"
	# 1. regressions: every saved crash input must now run clean
	if [ -d "$here/regress/$h" ] && [ -n "$(ls -A "$here/regress/$h")" ]; then
		if "$bin" -runs=1 -timeout=10 "$here/regress/$h"/* >"$out/$h.regress.$$.log" 2>&1; then
			echo "PASS: $h regressions ($(ls "$here/regress/$h" | wc -l) inputs)"
			passed=$((passed + 1))
		else
			echo "FAIL: $h regressions (see $out/$h.regress.$$.log)"
			tail -30 "$out/$h.regress.$$.log"
			failed=$((failed + 1))
		fi
	fi
	# 2. fuzz for $secs seconds
	[ "$secs" -gt 0 ] || continue
	before=$(ls "$art" | wc -l)
	log=$out/$h.$$.log
	maxlen=4100
	[ "$h" = fuzz_pcap ] && maxlen=131072
	[ "$h" = fuzz_pcapng ] && maxlen=131072
	[ "$h" = fuzz_mrt ] && maxlen=65536
	[ "$h" = fuzz_stream ] && maxlen=20000
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -max_len=$maxlen \
	    -print_final_stats=1 -artifact_prefix="$art/" \
	    ${FUZZ_JOBS:+-jobs=$FUZZ_JOBS -workers=$FUZZ_JOBS} ${FUZZ_FLAGS:-} \
	    "$corpus" >"$log" 2>&1
	rc=$?
	after=$(ls "$art" | wc -l)
	execs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{s+=$2} END {print s+0}')
	speed=$(grep -ao 'stat::average_exec_per_sec: *[0-9]*' "$log" | awk '{s+=$2} END {print s+0}')
	cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -1)
	if [ $rc -ne 0 ] || [ "$after" -gt "$before" ]; then
		echo "FAIL: $h: exit $rc, new artifacts in $art (log $log)"
		grep -aE 'ERROR|SUMMARY|runtime error|==[0-9]+==' "$log" | head -10
		ls -t "$art" | head -5
		failed=$((failed + 1))
	else
		echo "PASS: $h ${secs}s: $execs execs, $speed exec/s, $cov"
		passed=$((passed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
