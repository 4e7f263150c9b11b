#!/bin/bash
# tests/layering.sh - the link-level layering of the object files, read
# with nm from the built libraries (libbgpdiss.a = dissectors/,
# libbgpcap.a = src/) and src/main's object:
#   1. no dissectors/ object references a symbol defined in src/;
#   2. no link cycle between object files (A uses B and B uses A, or any
#      longer loop), found with tsort over the "uses" edges.
# The layers and what each may call: src/README.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # make check runs us with $(SHELL)
. "$(dirname "$0")/lib.sh"
command -v nm >/dev/null || skip_all "nm not found"
command -v tsort >/dev/null || skip_all "tsort not found"
cd "$top_builddir" || exit 1
main_obj=$(ls src/*main.o 2>/dev/null | head -1)
for f in libbgpdiss.a libbgpcap.a $main_obj; do
	[ -f "$f" ] || { fail "$f not built"; finish; exit; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "object type symbol" for every global symbol: objects named dissectors/X.o
# or src/X.o (the member name without automake's per-target prefix)
nm -P -A libbgpdiss.a libbgpcap.a "$main_obj" 2>/dev/null | awk '
{
	o = $1; sub(/:$/, "", o)
	dir = o ~ /^libbgpdiss\.a/ ? "dissectors/" : "src/"
	if (o ~ /\[/) { sub(/^[^[]*\[/, "", o); sub(/\]$/, "", o) }
	sub(/^.*\//, "", o); sub(/^lib[a-z]*_a-/, "", o); sub(/^bgpcap-/, "", o)
	if ($3 ~ /^[TDBRCVWGS]$/ || $3 == "U") print dir o, ($3 == "U" ? "U" : "D"), $2
}' >"$tmp/syms"
[ -s "$tmp/syms" ] || { fail "nm gave no symbols"; finish; exit; }

# edges "user definer" (one per pair), from each undefined symbol to the
# object that defines it
awk '$2 == "D" { def[$3] = $1 } $2 == "U" { use[NR] = $1 " " $3 }
END {
	for (i in use) {
		split(use[i], p, " ")
		if ((p[2] in def) && def[p[2]] != p[1]) print p[1], def[p[2]], p[2]
	}
}' "$tmp/syms" | sort -u >"$tmp/edges"

# 1. dissectors/ is the bottom layer
up=$(awk '$1 ~ /^dissectors\// && $2 ~ /^src\// { print "  " $1 " uses " $3 " from " $2 }' "$tmp/edges")
if [ -n "$up" ]; then
	fail "dissectors/ objects reference src/ symbols:"; echo "$up"
else
	pass
fi

# 2. no cycle: tsort names the objects of each loop it finds
awk '{ print $1, $2 }' "$tmp/edges" | sort -u >"$tmp/pairs"
if tsort "$tmp/pairs" >/dev/null 2>"$tmp/loops"; then
	pass
else
	fail "link cycle between object files:"
	grep -v 'input contains a loop' "$tmp/loops" | sed 's/^tsort: /  /'
	# the symbols along each two-object cycle, to say what to move
	awk 'NR == FNR { e[$1 " " $2] = e[$1 " " $2] " " $3; next }
	    ($2 " " $1) in e && $1 < $2 { print "  " $1 " <-> " $2 ":" e[$1 " " $2] " /" e[$2 " " $1] }' \
	    "$tmp/edges" "$tmp/pairs"
fi
echo "$(wc -l <"$tmp/pairs") uses between $(awk '{print $1}' "$tmp/syms" | sort -u | wc -l) objects"
finish
