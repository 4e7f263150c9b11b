#!/bin/sh
# The whole test suite: unit, golden, differential, recorder and live tests
# (make check), the release tarball (make distcheck), and everything again
# under AddressSanitizer + UndefinedBehaviorSanitizer.
set -eu
cd "$(dirname "$0")/.."
make -j2 check || { cat test-suite.log; exit 1; }
make -j2 distcheck
mkdir -p build-san
cd build-san
[ -f Makefile ] || ../configure --enable-werror --enable-sanitizers CC=gcc
make -j2 check || { cat test-suite.log; exit 1; }
echo "all tests passed (normal, distcheck, ASan+UBSan)"
