# lib.sh — helpers for cstk's CLI tests.  Each test-*.sh sources this, runs
# the real binary ($CSTK) on a temporary store, and asserts exact exit
# codes, stdout and the 'cstk: …' line on stderr.
set -u

: "${CSTK:?set CSTK to the cstk binary}"
SHARED=${SHARED:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
T=$(mktemp -d "${TMPDIR:-/tmp}/cstk-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export CSTK_DATA="$T/store"
export CSTK_NOW=2026-11-22T09:15:00+08:00
export CSTK_USER=tester
export CSTK_LOCK_TIMEOUT=30
export LC_ALL=C.UTF-8
unset NO_COLOR CSTK_TEST_FAIL
PASS=0
FAIL=0
NAME=$(basename "$0" .sh)

pass() { PASS=$((PASS + 1)); }
fail() {
	FAIL=$((FAIL + 1))
	printf 'FAIL %s: %s\n' "$NAME" "$1"
	[ -s "$T/err" ] && sed 's/^/    stderr: /' "$T/err" | head -5
	return 0
}

# run ARGS...: run cstk; $rc, $T/out, $T/err hold the result.
run() {
	"$CSTK" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}
# run_in FILE ARGS...: the same with FILE on standard input.
run_in() {
	in=$1
	shift
	"$CSTK" "$@" >"$T/out" 2>"$T/err" <"$in"
	rc=$?
}

# ok DESC ARGS...: cstk must succeed.
ok() {
	desc=$1
	shift
	run "$@"
	if [ "$rc" -eq 0 ]; then pass; else fail "$desc: exit $rc, want 0"; fi
}

# refuse CODE TEXT DESC ARGS...: cstk must exit CODE with one 'cstk: ' line
# on stderr that contains TEXT, and print nothing on stdout.
refuse() {
	code=$1 text=$2 desc=$3
	shift 3
	run "$@"
	if [ "$rc" -ne "$code" ]; then
		fail "$desc: exit $rc, want $code"
	elif ! grep -qF -- "$text" "$T/err"; then
		fail "$desc: stderr lacks '$text'"
	elif ! head -1 "$T/err" | grep -q '^cstk: '; then
		fail "$desc: stderr does not start with 'cstk: '"
	elif [ -s "$T/out" ]; then
		fail "$desc: printed on stdout: $(head -c 200 "$T/out")"
	else
		pass
	fi
}

# eq DESC ACTUAL EXPECTED
eq() {
	if [ "$2" = "$3" ]; then pass; else
		FAIL=$((FAIL + 1))
		printf 'FAIL %s: %s\n    got:  %s\n    want: %s\n' "$NAME" "$1" "$2" "$3"
	fi
}
# has DESC FILE TEXT: FILE contains TEXT (fixed string).
has() {
	if grep -qF -- "$3" "$2"; then pass; else
		FAIL=$((FAIL + 1))
		printf 'FAIL %s: %s: %s lacks "%s"\n' "$NAME" "$1" "$(basename "$2")" "$3"
		head -20 "$2" | sed 's/^/    | /'
	fi
}
# hasnt DESC FILE TEXT
hasnt() {
	if grep -qF -- "$3" "$2"; then
		FAIL=$((FAIL + 1))
		printf 'FAIL %s: %s: %s has "%s"\n' "$NAME" "$1" "$(basename "$2")" "$3"
	else pass; fi
}
# field ID KEY: a top-level or dotted field from `show --format json`.
field() {
	"$CSTK" show "$1" --format json 2>/dev/null | python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v.get(k) if isinstance(v, dict) else None
print("" if v is None else v)' "$2"
}
# rfield ID KEY: the same, unmasked (from export --reveal, which records nothing).
rfield() {
	"$CSTK" export --all --reveal --format json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    v = json.loads(line)
    if v["id"] != sys.argv[1]:
        continue
    for k in sys.argv[2].split("."):
        v = v.get(k) if isinstance(v, dict) else None
    print("" if v is None else v)' "$1" "$2"
}
# new_store: a fresh store at $CSTK_DATA.
new_store() {
	rm -rf "$CSTK_DATA"
	"$CSTK" init "$CSTK_DATA" >/dev/null || fail "init failed"
}
# open_ticket [ARGS...]: open a ticket, print its ID.
open_ticket() {
	"$CSTK" open --customer 王丽 --channel phone --subject 下单3天未发货 \
	    --phone 13856781234 "$@"
}
# tree_sum: a checksum of every ticket file, to prove nothing changed.
tree_sum() {
	(cd "$CSTK_DATA" && find tickets archive -type f -name '*.yaml' -print0 |
	    sort -z | xargs -0 -r cat | md5sum)
}

finish() {
	printf '%s: %d passed, %d failed\n' "$NAME" "$PASS" "$FAIL" >&2
	echo "$PASS $FAIL" >>"${RESULTS:-/dev/null}"
	[ "$FAIL" -eq 0 ]
}
