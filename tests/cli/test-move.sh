#!/bin/bash
# A lossless move (SPEC §11): `export --all --reveal --format json` into
# `import --format json` rebuilds every ticket byte for byte — history,
# outcome, links, notes, plans, unknown keys — and every week's report the
# same; and every way it can go wrong is refused before anything is written.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export CSTK_NOW=2026-11-20T17:30:00+08:00
src="$T/src" dst="$T/dst"
cp -r "$ROOT/data/demo" "$src"
rm -rf "$src/.index" "$src/.lock" "$src/.seq" "$src/.tmp"
# a key cstk does not know, kept through the move
f=$(cd "$src" && ls tickets/*.yaml | head -1)
printf 'crm_ref: X-77\n' >>"$src/$f"
"$CSTK" -d "$src" export --all --reveal --format json >"$T/all.json"
eq "one line a ticket" "$(wc -l <"$T/all.json")" \
    "$(cd "$src" && find tickets archive -name '*.yaml' | wc -l)"
"$CSTK" init "$dst" >/dev/null
cp "$src/cstk.yaml" "$dst/cstk.yaml"
CSTK_DATA=$dst ok "import --format json" import "$T/all.json" --format json
eq "every ID printed" "$(wc -l <"$T/out")" "$(wc -l <"$T/all.json")"
(cd "$src" && find tickets archive -name '*.yaml' | sort) >"$T/a"
(cd "$dst" && find tickets archive -name '*.yaml' | sort) >"$T/b"
cmp -s "$T/a" "$T/b" && pass || fail "the moved store has other files: $(diff "$T/a" "$T/b" | head -3)"
n=0
while read -r p; do cmp -s "$src/$p" "$dst/$p" || { n=$((n + 1)); bad=$p; }; done <"$T/a"
eq "every ticket file byte for byte" "$n" 0
[ "$n" -eq 0 ] || diff "$src/$bad" "$dst/$bad" | head -5
has "unknown keys kept" "$dst/$f" 'crm_ref: X-77'
for w in 41 42 43 44 45 46 47; do
	"$CSTK" -d "$src" report --week 2026-W$w --format json >"$T/r1"
	"$CSTK" -d "$dst" report --week 2026-W$w --format json >"$T/r2"
	cmp -s "$T/r1" "$T/r2" && pass || fail "week $w reports differently after the move"
done
CSTK_DATA=$dst ok "check the moved store" check
# the same file again is recognised
CSTK_DATA=$dst refuse 1 "was imported already" "the same move twice" import "$T/all.json" --format json

# The same move from a pipe, with Windows line ends and blank lines: read
# twice through a copy in .tmp (never held whole), and that copy is gone.
dst2="$T/dst2"
"$CSTK" init "$dst2" >/dev/null
cp "$src/cstk.yaml" "$dst2/cstk.yaml"
{ printf '\r\n'; sed 's/$/\r/' "$T/all.json"; printf '\n  \n'; } >"$T/crlf.json"
"$CSTK" -d "$dst2" import - --format json <"$T/crlf.json" >"$T/out" 2>"$T/err"
eq "import --format json from a pipe" "$?" 0
eq "every ID printed (pipe)" "$(wc -l <"$T/out")" "$(wc -l <"$T/all.json")"
n=0
while read -r p; do cmp -s "$src/$p" "$dst2/$p" || n=$((n + 1)); done <"$T/a"
eq "every ticket file byte for byte (pipe, CRLF)" "$n" 0
eq "nothing left in .tmp" "$(ls -A "$dst2/.tmp" | grep -vc "^batch-gen$")" 0

# Keys cstk does not know, as a person writes them: numbers, true, null,
# a quoted number, flow collections.  JSON keeps what YAML reads (1 is a
# number, "1" a string) and show --format yaml is the same after the move.
s3="$T/s3" d3="$T/d3"
"$CSTK" init "$s3" >/dev/null && "$CSTK" init "$d3" >/dev/null
k=$(CSTK_DATA=$s3 open_ticket)
printf 'x_count: 1\nx_ratio: -2.5e3\nx_flag: true\nx_str: "1"\nx_tags: [a, "2", 3]\nx_map: {k: v, "n": 2, z: null}\nx_plain: hello\n' >>"$s3/tickets/$k.yaml"
# ... and as YAML allows more: an empty value, ~, yes, 007, a date, .inf,
# +1, a single-quoted true, a folded block, "a: b"; a known field a person
# wrote plain.
printf "x_null:\nx_tilde: ~\nx_yes: yes\nx_oct: 007\nx_date: 2026-01-01\nx_inf: .inf\nx_plus: +1\nx_sq: 'true'\nx_colon: \"a: b\"\nx_fold: >\n  one\n  two\n" >>"$s3/tickets/$k.yaml"
sed -i 's/^subject: .*/subject: 2026-01-01/' "$s3/tickets/$k.yaml"
"$CSTK" -d "$s3" export --all --reveal --format json >"$T/s3.json"
has "a number stays a number" "$T/s3.json" '"x_count":1,"x_ratio":-2.5e3,"x_flag":true,"x_str":"1"'
has "a null is null" "$T/s3.json" '"x_null":null,"x_tilde":null,"x_yes":"yes"'
CSTK_DATA=$d3 ok "move keys of every kind" import "$T/s3.json" --format json
"$CSTK" -d "$s3" show "$k" --format yaml --reveal >"$T/y1" 2>/dev/null
"$CSTK" -d "$d3" show "$k" --format yaml --reveal >"$T/y2" 2>/dev/null
# (--reveal adds a history entry to each: the same, at the same now)
cmp -s "$T/y1" "$T/y2" && pass || fail "show --format yaml differs after the move: $(diff "$T/y1" "$T/y2" | head -6)"
has "the quoted number stays a string" "$d3/tickets/$k.yaml" 'x_str: "1"'
has "the number stays plain" "$d3/tickets/$k.yaml" 'x_count: 1'

# --- refusals: nothing is written ---
new_store
a=$(open_ticket)
"$CSTK" export --all --format json >"$T/masked.json"
"$CSTK" export --all --reveal --format json >"$T/one.json"
new_store
sum=$(tree_sum)
refuse 1 "customer.name '王**' is masked; move a store with 'cstk export --all --reveal --format json'" \
    "a masked export" import "$T/masked.json" --format json
cat "$T/one.json" "$T/one.json" >"$T/twice.json"
refuse 1 "$T/twice.json:2: id: '$a' is given twice (first on line 1)" "an ID twice" \
    import "$T/twice.json" --format json
printf '{"schema":1,"id":"CS-20261120-0001"\n' >"$T/broken.json"
refuse 1 "$T/broken.json:1:" "a broken line" import "$T/broken.json" --format json
printf '[1, 2]\n' >"$T/array.json"
refuse 1 "$T/array.json:1:1:1: the file should be a mapping of keys to values" "an array" \
    import "$T/array.json" --format json
printf '{"schema":1,"id":"nope","status":"intake","created":"2026-11-20T10:00:00+08:00"}\n' >"$T/badid.json"
refuse 1 "$T/badid.json:1:1:" "a bad ID" import "$T/badid.json" --format json
has "says what is wrong" "$T/err" "is not a ticket ID"
printf '\n\n' >"$T/empty.json"
refuse 1 "holds no ticket" "an empty file" import "$T/empty.json" --format json
# What happened cannot be after the import: a field or a history entry.
sed 's/"created":"[^"]*"/"created":"9999-12-31T00:00:00+08:00"/' "$T/one.json" >"$T/future.json"
refuse 1 "$T/future.json:1: created '9999-12-31T00:00:00+08:00' is in the future (the import runs at 2026-11-20T17:30:00+08:00)" \
    "a created time in the future" import "$T/future.json" --format json
sed 's/"created":"[^"]*"/"created":"1900-01-01T00:00:00+08:00"/' "$T/one.json" >"$T/early.json"
refuse 1 "'created' is '1900-01-01T00:00:00+08:00', before 1970, where cstk's times begin" \
    "a created time before 1970" import "$T/early.json" --format json
sed 's/"at":"[^"]*"/"at":"2026-12-01T00:00:00+08:00"/' "$T/one.json" >"$T/future.json"
refuse 1 "$T/future.json:1: history entry 1 is at '2026-12-01T00:00:00+08:00', in the future" \
    "a history entry in the future" import "$T/future.json" --format json
{ cat "$T/one.json"; printf '{"schema":1,"id":"\xff"}\n'; } >"$T/latin.json"
refuse 1 "$T/latin.json:2: byte 0xFF is not UTF-8" "a byte that is not UTF-8" \
    import "$T/latin.json" --format json
refuse 2 "--map, --ignore and --map-file are for CSV" "a CSV option" \
    import "$T/one.json" --format json --map a=b
refuse 2 "--format 'xml' is not known; use csv or json" "bad format" import "$T/one.json" --format xml
eq "nothing was written" "$(tree_sum)" "$sum"
ok "import it" import "$T/one.json" --format json
refuse 1 "is already in the store; import does not overwrite tickets" "into itself" \
    import "$T/one.json" --format json --again
finish
