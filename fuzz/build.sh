#!/bin/bash
# Build the libFuzzer harnesses into fuzz/build/ (or $FUZZ_BUILD) with clang,
# ASan and UBSan, from the project's sources. Usage: fuzz/build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$(cd "$here/.." && pwd)}
out=${FUZZ_BUILD:-$top/fuzz/build}
CC=${FUZZ_CC:-clang}
mkdir -p "$out/obj"

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer $SAN -Wall -Wextra -Wno-unused-parameter"
CPPFLAGS="-D_GNU_SOURCE -I$top/dissectors -I$top/src -I$top -isystem /usr/include/bsd -DLIBBSD_OVERLAY"
LIBS="-lpcap -lbsd"

objs=()
for src in "$top"/dissectors/*.c "$top"/src/*.c; do
	case $src in */src/main.c) continue ;; esac
	o="$out/obj/$(basename "$(dirname "$src")")_$(basename "${src%.c}").o"
	if [ ! -e "$o" ] || [ "$src" -nt "$o" ] || [ "$0" -nt "$o" ] || \
	    [ -n "$(find "$top/dissectors" "$top/src" -name '*.h' -newer "$o" 2>/dev/null | head -1)" ]; then
		$CC $CPPFLAGS $CFLAGS -fsanitize=fuzzer-no-link -c "$src" -o "$o"
	fi
	objs+=("$o")
done
# config.h from configure when there is one (main.c includes it), else a stub
inc=$top
if [ ! -f "$top/config.h" ]; then
	mkdir -p "$out/inc"
	printf '#define PACKAGE_VERSION "fuzz"\n#define PACKAGE_STRING "bgpcap fuzz"\n' >"$out/inc/config.h"
	inc=$out/inc
fi
# bgpcap itself with the same instrumentation: ASan/UBSan binary for
# tests/corrupt.sh (BGPCAP=fuzz/build/bgpcap-asan)
$CC ${CPPFLAGS/-I$top /-I$inc } $CFLAGS -fsanitize=fuzzer-no-link "$top/src/main.c" "${objs[@]}" \
    $LIBS -o "$out/bgpcap-asan"
for h in fuzz_msg fuzz_stream fuzz_pcap; do
	$CC $CPPFLAGS $CFLAGS -fsanitize=fuzzer "$here/$h.c" "${objs[@]}" $LIBS -o "$out/$h"
done
echo "built: $out/fuzz_msg $out/fuzz_stream $out/fuzz_pcap $out/bgpcap-asan"
