#!/bin/bash
# The ticket layer over the YAML test suite's 402 cases (vendored in
# tests/yaml-suite; the YAML layer itself is checked case by case against
# the suite's error flags and JSON by tests/unit/test-yaml-suite.c).  Each
# case is fed as a ticket file: no crash, no hang, and for each a clean
# 'FILE:LINE:COL: message'; a case that is valid YAML and a mapping gets
# the ticket layer's message (a missing key), not a parse error.
. "$(dirname "$0")/lib.sh"
SUITE="$(cd "$(dirname "$0")/.." && pwd)/yaml-suite/cases"
new_store
# Copy every case in as its own ticket file, then load them all with one
# `check` (and a sample with `show`): one process, so it stays quick.
python3 - "$SUITE" "$CSTK_DATA/tickets" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
for i, case in enumerate(sorted(os.listdir(src)), 1):
    with open(os.path.join(src, case, "in.yaml"), "rb") as f:
        data = f.read()
    with open(os.path.join(dst, "CS-20261122-%04d.yaml" % i), "wb") as f:
        f.write(data)
    with open(os.path.join(dst, "..", "cases.txt"), "a") as f:
        f.write("CS-20261122-%04d %s\n" % (i, case))
PY
eq "all cases fed" "$(ls "$CSTK_DATA/tickets" | wc -l)" "402"
s=$(date +%s%N)
timeout 60 "$CSTK" check >"$T/check.out" 2>"$T/check.err"
rc=$?
ms=$(( ($(date +%s%N) - s) / 1000000 ))
eq "check exits 1, no crash or hang" "$rc" "1"
has "check sums up" "$T/check.err" "cstk: "
echo "test-yaml-suite: check over 402 cases took $ms ms" >&2
# Every line is FILE:LINE:COL: message, and every file has a line.
eq "every line is FILE:LINE:COL: message" \
    "$(grep -cvE "^$CSTK_DATA/tickets/CS-20261122-[0-9]{4}\.yaml:[0-9]+:[0-9]+: ." "$T/check.out")" "0"
grep -oE 'CS-20261122-[0-9]{4}\.yaml:' "$T/check.out" | cut -c1-16 | sort -u >"$T/reported"
cut -d' ' -f1 "$CSTK_DATA/cases.txt" | sort >"$T/all"
missing=$(comm -23 "$T/all" "$T/reported" | wc -l)
eq "none of the cases passes as a ticket" "$missing" "0"
# The ticket layer, separately: cases that load as YAML mappings are
# refused for what a ticket lacks, naming the key; parse errors elsewhere.
for case in G4RS 5BVJ 3UYS JQ4R; do
	id=$(grep " $case\$" "$CSTK_DATA/cases.txt" | cut -d' ' -f1)
	has "case $case (a plain mapping) fails in the ticket layer" "$T/check.out" "$id.yaml:"
	grep -F "$id.yaml:" "$T/check.out" | grep -qiE "schema|required|missing|should" && pass ||
	    fail "case $case: not a ticket-layer message: $(grep -F "$id.yaml:" "$T/check.out")"
done
# A sample through show: one clean line, exit 1.
for id in 0001 0050 0100 0200 0300 0402; do
	refuse 1 "$CSTK_DATA/tickets/CS-20261122-$id.yaml:" "show case $id" show "CS-20261122-$id"
done
finish
