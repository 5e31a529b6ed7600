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
CSTK_NOW=2026-11-20T17:30:00+08:00 ok "revisits due" -d "$T/demo" revisit
[ "$(wc -l <"$T/out")" -ge 2 ] && pass || fail "demo has no revisit due"
# Regenerating takes ~20 s of fsyncs; skipped under the sanitizers.
if [ -z "${CSTK_SANITIZED:-}" ]; then
	bash "$ROOT/tests/demo/make-demo.sh" "$CSTK" "$T/regen" 2>/dev/null
	diff -r -x .lock -x .seq -x .tmp -x .gitignore -x .index "$ROOT/data/demo" "$T/regen" >"$T/diff" &&
	    pass || fail "make-demo.sh does not reproduce data/demo: $(head -5 "$T/diff")"
fi
finish
