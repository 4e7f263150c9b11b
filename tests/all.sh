#!/bin/sh
# The whole test suite: unit, golden, differential, recorder, live, fuzz,
# corruption and limit tests (make check), the release tarball (make
# distcheck), then the suite again from that tarball built with
# AddressSanitizer + UndefinedBehaviorSanitizer.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
# the peer-capture corpus beside the clone (absent in a user's clone: skipped)
BGPCAP_SHARED=${BGPCAP_SHARED:-$top/../shared}
export BGPCAP_SHARED
make -j2 check || { cat test-suite.log; exit 1; }
make -j2 distcheck
rm -rf build-san
mkdir build-san
tar -xzf bgpcap-*.tar.gz -C build-san
cd build-san/bgpcap-*
./configure --enable-werror --enable-sanitizers >configure.log
make -j2 check || { cat test-suite.log; exit 1; }
echo "all tests passed (make check, make distcheck, ASan+UBSan build)"
