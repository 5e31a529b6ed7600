#!/bin/bash
# The shipped policy and demo store: data/cstk.yaml is what `init` writes,
# the demo passes `check`, and the generator reproduces it byte for byte.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

"$CSTK" init "$T/fresh" >/dev/null
cmp -s "$T/fresh/cstk.yaml" "$ROOT/data/cstk.yaml" && pass || fail "data/cstk.yaml differs from what 'cstk init' writes"
cp -r "$ROOT/data/demo" "$T/demo"
chmod 750 "$T/demo"
CSTK_NOW=2026-11-20T17:30:00+08:00 ok "demo passes check" -d "$T/demo" check
has "demo has about 300 tickets" "$T/out" "tickets checked, no problems"
n=$(grep -o '^[0-9]*' "$T/out")
[ "$n" -ge 280 ] && [ "$n" -le 400 ] && pass || fail "demo has $n tickets"
for st in intake assigned resolved follow-up; do
	grep -qx "status: $st" "$T/demo"/tickets/*.yaml && pass || fail "demo has no ticket in $st"
done
CSTK_NOW=2026-11-20T17:30:00+08:00 ok "overdue queue" -d "$T/demo" list --overdue
[ "$(wc -l <"$T/out")" -ge 2 ] && pass || fail "demo has no overdue ticket"
# One definition of overdue: list and the report's overdue list agree,
# ticket by ticket and hour by hour, at the same moment.
CSTK_NOW=2026-11-20T17:30:00+08:00 "$CSTK" -d "$T/demo" list --overdue --format json >"$T/l.json"
CSTK_NOW=2026-11-20T17:30:00+08:00 "$CSTK" -d "$T/demo" report --since 2026-11-16 \
    --until 2026-11-20T17:30:00+08:00 --top 1000 --format json >"$T/r.json"
python3 - "$T/l.json" "$T/r.json" <<'PY' && pass || fail "list --overdue and the report disagree on what is overdue"
import json, sys
listed = {t["id"] for t in json.load(open(sys.argv[1]))}
reported = {o["id"] for o in json.load(open(sys.argv[2]))["overdue"]}
assert listed == reported and listed, (sorted(listed ^ reported), len(listed))
PY
# The report's overdue table: "due" starts at the same display column on
# every row, whatever the width of the priority label (低优先级 is 8).
CSTK_NOW=2026-11-20T17:30:00+08:00 ok "the week's report" -d "$T/demo" report --week 2026-W46 --top 20
python3 - "$T/out" <<'PY' && pass || fail "the overdue table's columns are not aligned by display width"
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
rows = [l for l in open(sys.argv[1], encoding="utf-8") if " h over" in l]
cols = {w(l[:l.index(" due ")]) for l in rows}
assert len(rows) >= 5 and any("低优先级" in l for l in rows) and len(cols) == 1, (len(rows), cols)
PY
CSTK_NOW=2026-11-20T17:30:00+08:00 ok "revisits due" -d "$T/demo" revisit
[ "$(wc -l <"$T/out")" -ge 2 ] && pass || fail "demo has no revisit due"
# Regenerating takes ~20 s of fsyncs; skipped under the sanitizers.
if [ -z "${CSTK_SANITIZED:-}" ]; then
	bash "$ROOT/tests/demo/make-demo.sh" "$CSTK" "$T/regen" 2>/dev/null
	diff -r -x .lock -x .seq -x .tmp -x .gitignore -x .index "$ROOT/data/demo" "$T/regen" >"$T/diff" &&
	    pass || fail "make-demo.sh does not reproduce data/demo: $(head -5 "$T/diff")"
fi
finish
