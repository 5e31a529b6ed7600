#!/bin/sh
# Line coverage of src/ from the gcov data in DIR (make coverage): one line
# a file, least covered first, then the total.
dir=${1:-build/cov}
cd "$(dirname "$0")/.." || exit 1
gcov -n -o "$dir" src/*.c 2>/dev/null | awk '
/^File .src\// { f = $2; gsub(/\047/, "", f); next }
/^Lines executed:/ && f != "" {
	split($2, a, "%"); pct = substr(a[1], 10); n = $4
	hit = pct * n / 100; tot += n; tothit += hit
	printf "%6.1f%%  %5d lines  %s\n", pct, n, f
	f = ""
}
END { printf "coverage: %.1f%% of %d lines of src/ run by the suite\n", 100 * tothit / tot, tot }
' >"$dir/coverage.txt"
grep -v '^coverage:' "$dir/coverage.txt" | sort -n
grep '^coverage:' "$dir/coverage.txt"
