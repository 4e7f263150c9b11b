#!/bin/sh
# setup.sh [--test]: install what is missing on Debian 12 (as root), then
# build bgpcap. With --test, also what the test suite needs (tshark, the
# BGP daemons the recorder runs, mandoc, clang for the fuzzers, ...).
set -eu
cd "$(dirname "$0")"

# zlib1g-dev, libbz2-dev: MRT files as RIS and RouteViews serve them (.gz, .bz2)
pkgs="build-essential autoconf automake pkg-config libpcap-dev libbsd-dev libseccomp-dev libcmocka-dev zlib1g-dev libbz2-dev"
if [ "${1:-}" = "--test" ]; then
	# time: /usr/bin/time for limits.sh; wireshark-common: editcap for verdicts.sh;
	# bgpdump: the MRT oracle (tests/mrt-oracle.sh); librsvg2-bin: rsvg-convert renders
	# --timeline's SVG for tests/timeline.sh
	pkgs="$pkgs tshark wireshark-common tcpdump frr gobgpd bird2 iproute2 ethtool mandoc man-db clang \
libclang-rt-14-dev valgrind python3 psmisc procps jq time binutils coreutils bgpdump librsvg2-bin"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup.sh: missing Debian packages:$missing (run as root to install)" >&2
		exit 2
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure --enable-werror
make -j2
