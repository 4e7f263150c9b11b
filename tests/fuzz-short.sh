#!/bin/bash
# tests/fuzz-short.sh - a short run of each libFuzzer harness (fuzz/) plus the
# saved regressions (fuzz/regress/), for `make check`. Skipped when clang
# cannot build with -fsanitize=fuzzer.
# Env: top_srcdir, top_builddir, FUZZ_SECONDS (per harness, default 20),
#      FUZZ_CC (default clang).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # make check runs us with $(SHELL)
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
CC=${FUZZ_CC:-clang}

command -v "$CC" >/dev/null || { echo "SKIP: $CC not found"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 77; }
probe=$(mktemp -d "${TMPDIR:-/tmp}/bgpcap-fuzzprobe.XXXXXX")
trap 'rm -rf "$probe"' EXIT
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
    >"$probe/p.c"
if ! "$CC" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >"$probe/log" 2>&1 ||
    ! "$probe/p" -runs=1 >>"$probe/log" 2>&1; then
	echo "SKIP: $CC -fsanitize=fuzzer does not work here: $(head -1 "$probe/log")"; exit 77
fi
if ! echo 'int main(void){return 0;}' | "$CC" -x c - -lpcap -lbsd -o "$probe/l" 2>/dev/null; then
	echo "SKIP: libpcap or libbsd development files missing for $CC"; exit 77
fi

export top_srcdir top_builddir
export FUZZ_BUILD=${FUZZ_BUILD:-$top_builddir/fuzz/build}
exec "$top_srcdir/fuzz/run.sh" "${FUZZ_SECONDS:-20}"
