#!/bin/bash
# Golden tests: every capture in captures/ decoded as text (-vv) and as
# NDJSON, compared with tests/golden/NAME.{txt,json}. Every JSON line must
# parse. Regenerate on purpose only: tests/golden.sh --update (and say why
# in the commit).
. "$(dirname "$0")/lib.sh"
gold="$top_srcdir/tests/golden"
update=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shopt -s nullglob
caps=("$top_srcdir"/captures/*.pcap "$top_srcdir"/captures/*.pcapng)
[ ${#caps[@]} -gt 0 ] || { fail "no captures in captures/"; finish; exit; }
for f in "${caps[@]}"; do
	n=$(basename "${f%.*}")
	"$BGPCAP" -r "$f" -vv --stats >"$tmp/$n.txt" 2>"$tmp/$n.err"
	rc=$?
	[ $rc -le 1 ] || [ $rc -eq 3 ] || fail "$n: text exit status $rc: $(head -1 "$tmp/$n.err")"
	"$BGPCAP" -r "$f" --json --stats >"$tmp/$n.json" 2>>"$tmp/$n.err"
	rc=$?
	[ $rc -le 1 ] || [ $rc -eq 3 ] || fail "$n: json exit status $rc"
	if [ "$update" = "--update" ]; then
		cp "$tmp/$n.txt" "$tmp/$n.json" "$gold/"
		continue
	fi
	for ext in txt json; do
		if [ ! -f "$gold/$n.$ext" ]; then
			fail "$n.$ext: no golden file (tests/golden.sh --update)"
		elif diff -u "$gold/$n.$ext" "$tmp/$n.$ext" >"$tmp/diff"; then
			pass
		else
			fail "$n.$ext differs from golden:"; head -40 "$tmp/diff"
		fi
	done
	python3 "$top_srcdir/tests/check_json.py" "$tmp/$n.json" || fail "$n: JSON or byte accounting"
done
finish
