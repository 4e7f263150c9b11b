#!/bin/bash
# tests/mutate.sh - can the independent oracles fail? Seeds realistic bugs,
# one at a time, into a copy of the source tree, rebuilds bgpcap there and
# runs only the oracle differential (tests/tshark_diff.py: tshark and
# ExaBGP, with tests/oracle.conf) on a small set of corpus files. Every
# mutant must be caught (the differential fails); the unmutated copy must
# pass. No golden/snapshot test is run.
# Env: top_srcdir, top_builddir, BGPCAP_SHARED; MUTATE_KEEP=1 keeps the copy.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # make check runs us with $(SHELL)
. "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || skip_all "tshark is not installed (setup.sh --test installs it)"
need_peer

# the files the oracle runs on for every mutant (substrings of corpus names)
FILES="tcpdump/bgp-addpath.pcap tcpdump/bgp-4byte-asn.pcap tcpdump/bgp-encap.pcap
tcpdump/bgp-lu-multiple-labels.pcap tcpdump/bgp_vpn_attrset.pcap
wrapped/odl-bgpcep/extensions-inet__up1.bin.pcap wrapped/exabgp-qa/decoding/vpnv4-extended-nexthop-1.pcap"

# four words per mutant: name, file, the text replaced (exactly once), the new text
MUTANTS=(
"path id one too high" dissectors/bgp_afi.c
	"p->has_pathid = true;" "p->has_pathid = true; p->pathid++;"
"RFC 6793 AS4_PATH merge skipped" dissectors/bgp_aspath.c
	"if (as4_session || as4_path == NULL)" "if (1)"
"802.1Q VLAN tag not recognised" src/decode.c
	"{ ET_VLAN, et_vlan }," "{ 0x0001, et_vlan },"
"RFC 7606 attribute-flags error ignored" dissectors/bgp_attr.c
	"	if (got != d->flags) {" "	if (got != d->flags && 0) {"
"route distinguisher dropped" dissectors/bgp_afi.c
	"p->has_rd = true;" "p->has_rd = false;"
"label stack cut to one label" dissectors/bgp_afi.c
	"if ((l & LABEL_BOS) || l == LABEL_WITHDRAW || l == 0)" "if (1)"
)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bgpcap-mutate.XXXXXX")
[ -n "${MUTATE_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
src=$tmp/src
mkdir -p "$src"
(cd "$top_srcdir" && tar --exclude=./.git --exclude=./tests/golden --exclude=./build-san --exclude=./fuzz/build \
    --exclude='*.o' --exclude=./src/bgpcap --exclude='./bgpcap-*' -cf - .) | (cd "$src" && tar -xf -)
(cd "$src" && { [ -x configure ] || autoreconf -fi; } && make distclean >/dev/null 2>&1
 ./configure >"$tmp/configure.log" 2>&1 && make -j2 src/bgpcap >"$tmp/build.log" 2>&1) ||
	{ fail "cannot build the copy of the tree"; tail -20 "$tmp/build.log"; finish; exit; }

oracle() { # the differential on FILES with the copy's bgpcap; status 0 = agrees
	ORACLE_ONLY="$FILES" ORACLE_JOBS=2 nice python3 "$top_srcdir/tests/tshark_diff.py" \
	    "$src/src/bgpcap" "$top_srcdir/tests/oracle.conf" "$SHARED" >"$tmp/oracle.out" 2>&1
}
if oracle; then pass; echo "unmutated: the oracle agrees on $(grep -c '^agrees\|^allowed' "$tmp/oracle.out") files"
else fail "the unmutated tree does not pass the oracle"; cat "$tmp/oracle.out"; finish; exit; fi

caught=0
n=$((${#MUTANTS[@]} / 4))
for ((i = 0; i < ${#MUTANTS[@]}; i += 4)); do
	name=${MUTANTS[i]} file=${MUTANTS[i + 1]} old=${MUTANTS[i + 2]} new=${MUTANTS[i + 3]}
	cp "$src/$file" "$tmp/saved"
	if ! python3 - "$src/$file" "$old" "$new" <<'PY'; then
import sys
p, old, new = sys.argv[1:4]
s = open(p).read()
if s.count(old) != 1:
    sys.exit(1)
open(p, "w").write(s.replace(old, new))
PY
		skip "mutant '$name': '$old' not found once in $file (the code moved: update tests/mutate.sh)"
		continue
	fi
	if ! (cd "$src" && make -j2 src/bgpcap >"$tmp/build.log" 2>&1); then
		fail "mutant '$name' does not build"; tail -5 "$tmp/build.log"
	elif oracle; then
		fail "mutant '$name' ($file) is NOT caught by the oracles"
	else
		caught=$((caught + 1)); pass
		echo "caught: $name: $(grep -m1 -E '^  (route|count|exabgp|exit|STALE|[0-9]+ differences)' "$tmp/oracle.out" | cut -c1-150)"
	fi
	cp "$tmp/saved" "$src/$file"
	touch "$src/$file"
done
echo "mutants caught by the oracles alone: $caught of $n"
finish
