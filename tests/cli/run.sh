#!/bin/sh
# Run every CLI test; print one closing line "N passed, N failed".
dir=$(cd "$(dirname "$0")" && pwd)
RESULTS=$(mktemp)
export RESULTS
status=0
for t in "$dir"/test-*.sh; do
	bash "$t" || status=1
done
# The readers of the index again, with every archive month packed
# (a large store's months are: CSTK_INDEX_PACK, 16384 tickets unset).
for t in index report calls; do
	CSTK_INDEX_PACK=1 bash "$dir/test-$t.sh" || status=1
done
awk '{p += $1; f += $2} END {printf "cli: %d passed, %d failed\n", p, f}' "$RESULTS"
rm -f "$RESULTS"
exit $status
