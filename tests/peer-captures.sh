#!/bin/bash
# Every capture in ../shared/peer-captures/ (third-party test suites,
# tcpdump CVE reproducers among them) decodes without a crash, as text
# and JSON, with valid JSON and exact byte accounting; output is compared
# with tests/golden/peer/. Skipped when ../shared is absent (a user's clone).
. "$(dirname "$0")/lib.sh"
need_peer
gold="$top_srcdir/tests/golden/peer"
update=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
while IFS= read -r f; do
	rel=${f#"$PEER"/}
	key=${rel//\//__}
	timeout 60 "$BGPCAP" -r "$f" -vv --stats >"$tmp/out.txt" 2>"$tmp/err.txt"
	rc=$?
	if [ $rc -gt 3 ]; then
		fail "$rel: exit status $rc (crash or timeout): $(tail -3 "$tmp/err.txt")"
		continue
	fi
	timeout 60 "$BGPCAP" -r "$f" --json --stats >"$tmp/out.json" 2>>"$tmp/err.txt"
	rc2=$?
	if [ $rc2 -gt 3 ]; then
		fail "$rel: json exit status $rc2"
		continue
	fi
	n=$((n + 1))
	cp "$tmp/out.json" "$tmp/j.$n.json"
	# exit 2 is allowed only with one line on stderr (unsupported input)
	if [ $rc -eq 2 ]; then
		[ "$(wc -l <"$tmp/err.txt")" -le 2 ] || fail "$rel: exit 2 with noisy stderr"
	fi
	cat "$tmp/err.txt" >>"$tmp/out.txt"
	if [ "$update" = "--update" ]; then
		mkdir -p "$gold"
		cp "$tmp/out.txt" "$gold/$key.txt"
		gzip -9n <"$tmp/out.json" >"$gold/$key.json.gz"
		continue
	fi
	if [ -f "$gold/$key.txt" ] && diff -q "$gold/$key.txt" "$tmp/out.txt" >/dev/null &&
	    [ -f "$gold/$key.json.gz" ] && gzip -dc "$gold/$key.json.gz" | diff -q - "$tmp/out.json" >/dev/null; then
		pass
	else
		fail "$rel: output differs from tests/golden/peer/$key.*"
		[ -f "$gold/$key.txt" ] && diff -u "$gold/$key.txt" "$tmp/out.txt" | head -20
	fi
done < <(find "$PEER" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) | LC_ALL=C sort)
# every JSON line parses; bytes seen = decoded + skipped for every direction
if python3 "$top_srcdir/tests/check_json.py" "$tmp"/j.*.json; then pass; else fail "JSON or byte accounting"; fi
finish
