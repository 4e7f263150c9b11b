#!/bin/bash
# --timeline: the SVG rendered by a real renderer (rsvg-convert, Debian's
# librsvg2-bin) and checked by pixel against tshark's view of the captures:
# lanes, the Established colour where and when the session was up, the
# violation's red on wrong-nexthop.pcap and none on happy.pcap, the axis of a
# one-second and a day-long capture (tests/timeline.py).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
command -v rsvg-convert >/dev/null 2>&1 || skip_all "rsvg-convert is not installed (apt-get install librsvg2-bin)"
command -v tshark >/dev/null 2>&1 || skip_all "tshark is not installed (the oracle)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 777 "$tmp"   # run as root, bgpcap creates the SVG as the unprivileged user
if python3 "$top_srcdir/tests/timeline.py" "$BGPCAP" "$top_srcdir/captures" "$tmp"; then pass
else fail "tests/timeline.py"; fi
# the picture in README.md is one bgpcap draws (it renders)
if rsvg-convert -f png -o "$tmp/doc.png" "$top_srcdir/doc/timeline.svg"; then pass
else fail "doc/timeline.svg does not render"; fi
finish
