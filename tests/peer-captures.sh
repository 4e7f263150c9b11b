#!/bin/bash
# Every capture in ../shared/peer-captures/ (third-party test suites,
# tcpdump CVE reproducers among them) decodes without a crash, as text
# and JSON, with valid JSON and exact byte accounting; output is compared
# with tests/golden/peer/ (text layout; what is decoded is checked against
# independent oracles by tests/tshark-diff.sh). Exit status 2 only where
# tests/oracle.conf lists it. Skipped when ../shared is absent (a user's
# clone), failed under CI=true.
. "$(dirname "$0")/lib.sh"
need_peer
gold="$top_srcdir/tests/golden/peer"
conf="$top_srcdir/tests/oracle.conf"
update=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
while IFS= read -r f; do
	rel=${f#"$PEER"/}
	key=${rel//\//__}
	# per-file options and expected refusals: tests/oracle.conf
	port=$(awk -v f="peer-captures/$rel" '$1 == "port" && $2 == f { print "--port " $3 }' "$conf")
	exit2=$(awk -v f="peer-captures/$rel" '$1 == "allow" && $2 == f && $3 ~ /^exit(:|$)/' "$conf")
	# shellcheck disable=SC2086
	timeout 60 "$BGPCAP" $port -r "$f" -vv --stats >"$tmp/out.txt" 2>"$tmp/err.txt"
	rc=$?
	if [ $rc -gt 3 ]; then
		fail "$rel: exit status $rc (crash or timeout): $(tail -3 "$tmp/err.txt")"
		continue
	fi
	# shellcheck disable=SC2086
	timeout 60 "$BGPCAP" $port -r "$f" --json --stats >"$tmp/out.json" 2>>"$tmp/err.txt"
	rc2=$?
	if [ $rc2 -gt 3 ]; then
		fail "$rel: json exit status $rc2"
		continue
	fi
	n=$((n + 1))
	cp "$tmp/out.json" "$tmp/j.$n.json"
	printf '%s\t%s\n' "$n" "$rel" >>"$tmp/names"
	# exit 2 only where tests/oracle.conf expects it (with its reason), and
	# then with one line on stderr; elsewhere it fails
	if [ $rc -eq 2 ] || [ $rc2 -eq 2 ]; then
		if [ -z "$exit2" ]; then
			fail "$rel: exit status 2 ($(head -1 "$tmp/err.txt")), not expected by tests/oracle.conf"
		elif [ "$(wc -l <"$tmp/err.txt")" -gt 2 ]; then
			fail "$rel: exit 2 with noisy stderr"
		fi
	elif [ -n "$exit2" ]; then
		fail "$rel: tests/oracle.conf expects exit status 2, got $rc: remove the entry"
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
# no NLRI or known attribute printed as bare hex (issue 12): what remains is
# explained by an error in the message or listed in tests/nohex.conf
if python3 "$top_srcdir/tests/nohex.py" "$top_srcdir/tests/nohex.conf" "$tmp/names" "$tmp"; then
	pass
else
	fail "NLRI or known attribute as hex (above)"
fi
finish
