#!/bin/bash
# tests/sizes.sh - no function in src/ or dissectors/ over 80 lines, no C
# file there over 1000 (issue 10; the style rule of README.md).
#
# A function's length is its body: from the line of its opening brace to
# the line of the closing one, both counted. The counter is a small awk
# brace counter that skips comments, string and character literals; a
# function is a brace at depth 0 whose text before it (since the last ';',
# '}' or preprocessor line) ends in ')' and has no '='. It measures itself
# first on a generated file (an 81-line function must fail, an 80-line one
# pass), so a counter that stops seeing functions fails here too.
#   --list N   print the N longest functions and the file sizes, then exit.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # make check runs us with $(SHELL)
. "$(dirname "$0")/lib.sh"
MAX_FN=80
MAX_FILE=1000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "length file:line name" for every function of the files given
fn_lengths() {
	awk '
	FNR == 1 { depth = 0; incom = 0; hdr = "" }
	{
		line = $0; out = ""; i = 1; n = length(line)
		if (!incom && line ~ /^[ \t]*#/) { hdr = ""; next }
		while (i <= n) {
			c = substr(line, i, 1); c2 = substr(line, i, 2)
			if (incom) {
				if (c2 == "*/") { incom = 0; i += 2 } else i++
				continue
			}
			if (c2 == "/*") { incom = 1; i += 2; continue }
			if (c2 == "//") break
			if (c == "\"" || c == "\047") {
				q = c; i++
				while (i <= n && substr(line, i, 1) != q)
					i += substr(line, i, 1) == "\\" ? 2 : 1
				i++; out = out "s"; continue
			}
			out = out c; i++
		}
		for (k = 1; k <= length(out); k++) {
			c = substr(out, k, 1)
			if (c == "{") {
				if (depth == 0) {
					h = hdr; gsub(/[ \t]+$/, "", h)
					isfn = h ~ /\)$/ && h !~ /=/
					if (isfn) {
						nm = h; sub(/[ \t]*\(.*$/, "", nm); sub(/^.*[ \t*]/, "", nm)
						start = FNR
					}
				}
				depth++
			} else if (c == "}") {
				depth--
				if (depth == 0) {
					if (isfn)
						printf "%d %s:%d %s\n", FNR - start + 1, FILENAME, start, nm
					isfn = 0; hdr = ""
				}
			} else if (depth == 0) {
				if (c == ";") hdr = ""
				else hdr = hdr c
			}
		}
		if (depth == 0) hdr = hdr " "
	}' "$@"
}

# the counter on itself: functions of 80 and 81 body lines, a struct
# initialiser and a string with braces that are not functions
{
	printf '/* { not a function } */\nstatic const char *s = "{";\n'
	printf 'static const struct x y[] = {\n\t{ 1, "}" },\n};\n'
	for len in 80 81; do
		printf 'static int\nf%d(int a, const char *b)\n{\n' "$len"
		for ((k = 0; k < len - 3; k++)); do printf '\tif (a) { a--; }\n'; done
		printf '\treturn a;\n}\n'
	done
} >"$tmp/probe.c"
got=$(fn_lengths "$tmp/probe.c" | awk '{ print $3 "=" $1 }' | tr '\n' ' ')
if [ "$got" = "f80=80 f81=81 " ]; then
	pass
else
	fail "the counter misreads its probe: got '$got', want 'f80=80 f81=81 '"
fi

cd "$top_srcdir" || exit 1
files=$(ls src/*.c src/*.h dissectors/*.c dissectors/*.h)
fn_lengths $files | sort -rn >"$tmp/fns"
[ -s "$tmp/fns" ] || { fail "no functions found"; finish; exit; }

if [ "${1:-}" = "--list" ]; then
	head -n "${2:-10}" "$tmp/fns"
	echo "$(wc -l <"$tmp/fns") functions; longest files:"
	wc -l $files | sort -rn | sed -n '2,6p'
	exit 0
fi

long=$(awk -v m="$MAX_FN" '$1 > m' "$tmp/fns")
if [ -z "$long" ]; then pass; else fail "functions over $MAX_FN lines:"; echo "$long"; fi
big=$(wc -l $files | awk -v m="$MAX_FILE" '$2 != "total" && $1 > m')
if [ -z "$big" ]; then pass; else fail "files over $MAX_FILE lines:"; echo "$big"; fi
echo "$(wc -l <"$tmp/fns") functions, longest: $(head -1 "$tmp/fns")"
finish
