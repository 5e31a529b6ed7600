#!/bin/bash
# import and export: the round trip, every CSV edge case, and a batch that
# survives a crash whole or not at all.  The real-world files are imported
# by tests/external/test-external.sh (make check-external).
. "$(dirname "$0")/lib.sh"
new_store

# --- round trip: export --reveal | import - reproduces the export ---
a=$(open_ticket --phone +8613856781234 --email "=cmd@example.com" --tier vip --category complaint --priority urgent)
"$CSTK" update "$a" --set subject="-5% 折扣没生效, \"急\"" --set product="@home 智能手环"
"$CSTK" assign "$a" --to zhang
"$CSTK" close "$a" --resolution "$(printf '已退款\n第二行')" --satisfaction satisfied
b=$(open_ticket --category inquiry --priority low); "$CSTK" close "$b" --reject dup
c=$(open_ticket)
"$CSTK" update "$c" --set product="$(printf '手环\t')" --set order="$(printf '\t20240520001')"
"$CSTK" export --all --reveal >"$T/e1.csv"
CSTK_DATA="$T/rt" "$CSTK" init "$T/rt" >/dev/null
run_in "$T/e1.csv" -d "$T/rt" import -
eq "import prints the IDs" "$(wc -l <"$T/out")" "3"
CSTK_DATA="$T/rt" "$CSTK" export --all --reveal >"$T/e2.csv"
cmp -s "$T/e1.csv" "$T/e2.csv" && pass || fail "round trip differs: $(diff "$T/e1.csv" "$T/e2.csv" | head -5)"
has "+86 phone guarded in CSV" "$T/e1.csv" "'+8613856781234"
eq "+86 phone survives" "$(CSTK_DATA="$T/rt" rfield "$a" customer.phone)" "+8613856781234"
eq "formula-like subject survives" "$(CSTK_DATA="$T/rt" field "$a" subject)" '-5% 折扣没生效, "急"'
eq "edge tabs and spaces survive" "$(CSTK_DATA="$T/rt" field "$c" product)" "$(printf '手环\t')"
eq "a leading tab survives" "$(CSTK_DATA="$T/rt" field "$c" order)" "$(printf '\t20240520001')"
eq "multi-line resolution survives" "$(CSTK_DATA="$T/rt" field "$a" resolution)" "$(printf '已退款\n第二行')"
eq "status kept" "$(CSTK_DATA="$T/rt" field "$a" status)" "follow-up"
eq "archived kept" "$(CSTK_DATA="$T/rt" field "$b" status)" "archived"
ok "round-tripped store passes check" -d "$T/rt" check
refuse 1 "e1.csv:2: id: 'CS-20261122-0001' is already in the store; import does not overwrite" "importing the same IDs twice" -d "$T/rt" import "$T/e1.csv" --again

# --- export: masking, BOM, JSON lines, filters ---
run export --all
hasnt "export masks" "$T/out" "13856781234"
has "export masked phone" "$T/out" "138****1234"
eq "export header" "$(head -1 "$T/out")" "id,status,created,updated,channel,customer,phone,email,customer_id,tier,order,product,subject,category,module,priority,team,assignee,response_due,resolution_due,responded,resolved,confirmed,archived,satisfaction,revisit_due,revisited,revisit_satisfaction,rounds,escalations,responsibility,compensation,resolution"
records() { python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(sys.stdin)))'; }
eq "export without --all skips archived" "$("$CSTK" export | records)" "3"
eq "export filters like list" "$("$CSTK" export --status intake | records)" "2"
run export --bom
eq "--bom" "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" "efbbbf"
run export --all --format json
eq "json: one object per line" "$(wc -l <"$T/out")" "3"
python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$T/out" && pass || fail "json lines parse"
hasnt "json masks" "$T/out" "13856781234"
refuse 2 "--bom is for CSV" "bom with json" export --format json --bom
refuse 2 "--format 'xml' is not known" "bad export format" export --format xml

# --- the same content again: recognised, not imported twice ---
new_store
printf 'customer,channel,subject\n王丽,phone,a\n李雷,chat,b\n张三,email,c\n' >"$T/three.csv"
ok "first import" import "$T/three.csv"
eq "three tickets" "$("$CSTK" list | grep -c '^CS-')" "3"
before=$(tree_sum)
refuse 1 "three.csv' was imported already (3 tickets, CS-20261122-0001 … CS-20261122-0003, at 2026-11-22T09:15:00+08:00" "the same file again" import "$T/three.csv"
has "it says how to import anyway" "$T/err" "give --again to import it once more"
eq "nothing written by the refused retry" "$(tree_sum)" "$before"
run_in "$T/three.csv" import -
eq "the same content from stdin is recognised too" "$rc" "1"
ok "a different mapping is a different import" import "$T/three.csv" --map customer=customer
ok "--again imports it once more" import "$T/three.csv" --again
eq "nine tickets" "$("$CSTK" list | grep -c '^CS-')" "9"
ls "$CSTK_DATA/imports" | grep -qE '^[0-9a-f]{32}\.yaml$' && pass || fail "no import record"

# --- every I/O call of an import failing in turn: the exit status tells
# the truth, readers see the batch whole or not at all, a retry is harmless ---
for f in $(seq 1 14); do
	new_store
	printf 'customer,channel,subject,status,archived,id\n王丽,phone,a,,,\n李雷,chat,b,archived,2026-10-02T10:00:00+08:00,CS-20261001-0001\n张三,email,c,,,\n' >"$T/f.csv"
	CSTK_TEST_FAIL=any:$f run import "$T/f.csv"
	code=$rc
	seen=$("$CSTK" list --all | grep -c '^CS-')
	if [ "$code" -eq 0 ]; then
		eq "any:$f: exit 0 and all three seen" "$seen" "3"
	elif grep -q "are imported and appear once that is done" "$T/err"; then
		eq "any:$f: committed but unfinished: none seen yet" "$seen" "0"
		run check
		eq "any:$f: check passes: the files are sound" "$rc" "0"
		has "any:$f: check warns that an import is waiting" "$T/err" "an import of 3 tickets is committed but not finished"
		ok "any:$f: the next writer completes it" update "$("$CSTK" open --customer x --channel phone --subject y)" --note n
		eq "any:$f: then all three are seen" "$("$CSTK" list --all | grep -c '^CS-')" "4"
	else
		eq "any:$f: a failed import left nothing" "$seen" "0"
	fi
	run import "$T/f.csv"
	n=$("$CSTK" list --all | grep -c '^CS-')
	if [ "$rc" -eq 0 ]; then
		eq "any:$f: the retry imported once" "$n" "3"
	else
		has "any:$f: the retry is recognised" "$T/err" "was imported already"
		eq "any:$f: the retry added nothing" "$n" "4"
	fi
	ok "any:$f: check is clean" check
	eq "any:$f: no batch left" "$(ls -A "$CSTK_DATA/.tmp" | grep -c batch-[0-9])" "0"
done

# --- a reader during an import sees none of it or all of it ---
new_store
python3 -c '
import sys
print("customer,channel,subject")
for i in range(40): print("客户%d,phone,第%d个问题" % (i, i))' >"$T/forty.csv"
CSTK_TEST_PAUSE=25 "$CSTK" import "$T/forty.csv" >/dev/null 2>&1 &
ipid=$!
counts=""
while kill -0 "$ipid" 2>/dev/null; do
	counts="$counts $("$CSTK" list | grep -c '^CS-') $(CSTK_NO_INDEX=1 "$CSTK" export | grep -c '^CS-')"
done
wait "$ipid"
eq "the import finished" "$?" "0"
eq "readers saw only 0 or 40 tickets" "$(echo $counts | tr ' ' '\n' | grep -vxE '0|40' | sort -u | tr '\n' ' ')" ""
echo $counts | tr ' ' '\n' | grep -qx 0 && pass || fail "no reader ran before the import landed"

# --- the file changed between the passes: refused, nothing written ---
# CSTK_TEST_PAUSE also sleeps between the passes; the change lands there.
three() { printf 'customer,channel,subject\n张三,phone,问题一\n李四,email,问题二\n王五,web,问题三\n'; }
changed_between() {	# DESC HOW: HOW changes $T/three.csv during the pause
	new_store
	three >"$T/three.csv"
	CSTK_TEST_PAUSE=1500 "$CSTK" import "$T/three.csv" >"$T/out" 2>"$T/err" </dev/null &
	ipid=$!
	sleep 0.7
	eval "$2"
	wait "$ipid"
	rc=$?
	if [ "$rc" -ne 1 ]; then fail "$1: exit $rc, want 1"
	elif ! grep -qF "three.csv' changed while it was being imported; nothing was imported" "$T/err"; then
		fail "$1: stderr lacks the change"
	elif [ -s "$T/out" ]; then fail "$1: IDs printed: $(head -c 100 "$T/out")"
	else pass; fi
	eq "$1: no ticket written" "$(find "$CSTK_DATA/tickets" "$CSTK_DATA/archive" -name '*.yaml' 2>/dev/null | wc -l)" "0"
	eq "$1: no batch left" "$(ls -A "$CSTK_DATA/.tmp" | grep -c 'batch-[0-9]')" "0"
}
# A row added: the second pass sees another size at once.
changed_between "a row appended" 'echo "赵六,phone,问题四" >>"$T/three.csv"'
# The same size, the time put back: only the bytes read differ.  (Written
# into the same inode: sed -i would make a new file, which is not a change
# to the one being read.)
edit_in_place() {
	python3 -c 'import sys
f = open(sys.argv[1], "r+b"); b = f.read()
f.seek(0); f.write(b.replace("问题二".encode(), b"ABCDEFGHI")); f.close()' "$1"
}
changed_between "a cell edited in place, same size and time" \
    'cp -p "$T/three.csv" "$T/ref"; edit_in_place "$T/three.csv"; touch -r "$T/ref" "$T/three.csv"'
# Renamed over: the file being read is still the one checked; that is imported.
new_store
three >"$T/three.csv"
CSTK_TEST_PAUSE=1500 "$CSTK" import "$T/three.csv" >"$T/out" 2>"$T/err" </dev/null &
ipid=$!
sleep 0.7
printf 'customer,channel,subject\n坏行\n' >"$T/other.csv"; mv "$T/other.csv" "$T/three.csv"
wait "$ipid"
eq "a file renamed over mid-import: the checked one is imported" "$? $(wc -l <"$T/out")" "0 3"
eq "the checked rows, not the new file's" "$("$CSTK" export | grep -c '问题')" "3"

# --- a crafted batch: a clean error, not a read past a buffer ---
new_store
mkdir -p "$CSTK_DATA/.tmp/batch-4242"
: >"$CSTK_DATA/.tmp/batch-4242/a--x.yaml"
printf 'a--x.yaml\n' >"$CSTK_DATA/.tmp/batch-4242/COMMIT"
refuse 1 "is not a file an import batch holds; remove the batch directory" "crafted batch file name" open --customer a --channel phone --subject s
rm -rf "$CSTK_DATA/.tmp/batch-4242"

# --- a committed batch that cannot finish: every writer says why, check too ---
new_store
mkdir -p "$CSTK_DATA/.tmp/batch-4343"
printf 'schema: 1\nid: CS-20261001-0009\nstatus: archived\ncreated: 2026-10-01T09:15:00+08:00\n' >"$CSTK_DATA/.tmp/batch-4343/a--2026-10--CS-20261001-0009.yaml"
printf 'CS-20261001-0009.yaml\n' >"$CSTK_DATA/.tmp/batch-4343/COMMIT"
: >"$CSTK_DATA/archive/2026-10"
refuse 1 "the import in '$CSTK_DATA/.tmp/batch-4343' is committed but not finished" "a stuck batch" open --customer a --channel phone --subject s
has "and names what stops it" "$T/err" "'$CSTK_DATA/archive/2026-10' is not a directory"
run check
has "check warns while an import is stuck" "$T/err" "cstk: warning: $CSTK_DATA/.tmp: an import of 1 ticket is committed but not finished"
rm "$CSTK_DATA/archive/2026-10"
ok "once fixed, the next writer completes it" open --customer a --channel phone --subject s
ok "and check is clean" check

# --- CSV edge cases: each reported precisely, nothing written ---
new_store
before=$(tree_sum)
csv() { printf "$1" >"$T/in.csv"; }
bad() {	# bad CODE TEXT DESC
	refuse "$1" "$2" "$3" import "$T/in.csv"
	eq "$3: nothing written" "$(tree_sum)" "$before"
}
csv ''
bad 1 "in.csv: the file is empty; it needs a header row" "empty file"
csv 'customer,channel,subject\n'
ok "header only imports nothing" import "$T/in.csv"
eq "header only: no output" "$(cat "$T/out")" ""
csv 'customer,channel,subject\n王丽,phone,a\n李,phone\n'
bad 1 "in.csv:3: the row has 2 cells; the header has 3" "ragged row"
csv 'customer,channel,subject\n王丽,phone,"unterminated\n'
bad 1 "in.csv:2: a quoted cell is not closed before the end of the file" "unterminated quote"
csv 'customer,channel,subject\n王丽,phone,ab"c"\n'
bad 1 "in.csv:2:" "stray quote"
csv 'customer,channel,subject,Age\n王丽,phone,a,30\n'
bad 1 "in.csv:1: column 'Age': not a cstk column; map it with --map 'Age=name' or skip it with --ignore 'Age'" "unknown column"
csv 'customer,channel\n王丽,phone\n'
bad 1 "in.csv:1: no column for 'subject'" "missing required column"
csv 'customer,channel,subject,priority\n王丽,phone,a,urgent\n李,fax,b,asap\n'
bad 1 "in.csv:3: channel: 'fax' is not a channel" "bad channel"
has "every bad cell is reported" "$T/err" "in.csv:3: priority: 'asap' is not a priority"
has "says nothing was imported" "$T/err" "2 problems in '$T/in.csv'; nothing was imported"
csv 'customer,channel,subject,priority\n王丽,phone,a,asap\n\n李,fax,b,normal\n  \n张,phone,c,soon\n'
bad 1 "in.csv:2: priority: 'asap' is not a priority" "every row is checked, not just the first bad one"
has "the second bad row, after a blank line, with its own line" "$T/err" "in.csv:4: channel: 'fax' is not a channel"
has "the third bad row, after a line of spaces" "$T/err" "in.csv:6: priority: 'soon' is not a priority"
has "all three counted" "$T/err" "3 problems in '$T/in.csv'; nothing was imported"
csv 'customer,channel,subject,category,priority,created\n王丽,phone,a,complaint,urgent,9999-12-31T23:00:00+00:00\n'
CSTK_NOW=9999-12-31T23:30:00+00:00 bad 1 "in.csv:2: 'due.response' is '10000-01-01T00:00:00+00:00'; it should be an RFC 3339 time like 2026-11-22T09:15:00+08:00; a ticket cstk could not read back" "a deadline past 9999 is found in the check, with its line"
# What happened cannot be after the import (a clock 5 minutes ahead is
# allowed, as for --at); a deadline can.
csv 'customer,channel,subject,created\n王丽,phone,a,9999-12-31T23:00:00+00:00\n'
bad 1 "in.csv:2: created: '9999-12-31T23:00:00+00:00' is in the future (the import runs at 2026-11-22T09:15:00+08:00); a ticket records what has happened" "a created time in the future"
csv 'customer,channel,subject,created,resolved\n王丽,phone,a,2026-11-20T09:00:00+08:00,2026-11-23T09:00:00+08:00\n'
bad 1 "in.csv:2: resolved: '2026-11-23T09:00:00+08:00' is in the future" "a resolution in the future"
csv 'customer,channel,subject,created,resolution_due\n王丽,phone,a,2026-11-22T09:19:00+08:00,2026-11-30T09:00:00+08:00\n'
ok "4 minutes ahead, and a deadline next week, are fine" import "$T/in.csv"
new_store
before=$(tree_sum)
csv 'customer,channel,subject,created\n王丽,phone,a,yesterday\n'
bad 1 "in.csv:2: created: 'yesterday' is not a time" "bad time"
# Another tool's "no date" (1900-01-01) is named for what it is, in either
# date order; a day that does not exist is still not a time.
csv 'customer,channel,subject,created,resolved\n王丽,phone,a,2026-11-20T09:00:00+08:00,1900-01-01T00:00:00+08:00\n'
bad 1 "in.csv:2: resolved: '1900-01-01T00:00:00+08:00' is before 1970, where cstk's times begin; if it stands for no date, leave the cell empty" "a date before 1970"
printf 'dates: DD-MM-YYYY\n' >"$T/dmy.yaml"
csv 'customer,channel,subject,created\n王丽,phone,a,31-12-1969 23:00\n'
refuse 1 "in.csv:2: created: '31-12-1969 23:00' is before 1970" "a date before 1970, day first" \
    import "$T/in.csv" --map-file "$T/dmy.yaml"
csv 'customer,channel,subject,created\n王丽,phone,a,1900-02-29\n'
bad 1 "in.csv:2: created: '1900-02-29' is not a time" "a day that never was, before 1970"
csv 'customer,channel,subject,id\n王丽,phone,a,../etc\n'
bad 1 "in.csv:2: id: '../etc' is not a cstk ID" "bad id"
csv 'customer,channel,subject,id\n王丽,phone,a,CS-20261122-0001\n李,phone,b,CS-20261122-0001\n'
bad 1 "in.csv:3: id: 'CS-20261122-0001' is given twice (first on line 2)" "duplicate id"
csv 'customer,channel,subject\n王丽,phone,\n'
bad 1 "in.csv:2: subject: empty" "empty subject"
csv 'customer,channel,subject,phone\n王丽,phone,a,call me\n'
bad 1 "in.csv:2: phone: 'call me' is not a phone number" "bad phone"
csv 'customer,channel,subject\n王丽,phone,"two\nlines"\n'
bad 1 "in.csv:2: subject: must be one line" "newline in a one-line field"
hasnt "a bad value is not also called empty" "$T/err" "subject: empty"
printf 'customer,channel,subject\n\xe7\x8e\x8b\xff,phone,a\n' >"$T/in.csv"
bad 1 "in.csv:2: byte 0xFF is not UTF-8; a CSV saved by Chinese Excel is GB18030: give --encoding gb18030" "invalid UTF-8"
refuse 2 "'nowhere.csv' does not exist" "missing file" import nowhere.csv
refuse 2 "should be 'Source Column=name'" "bad --map" import "$T/in.csv" --map foo
refuse 2 "'bogus' is not a cstk column" "--map to nothing" import "$T/in.csv" --map 'a=bogus'
printf 'columns: {A: nope}\n' >"$T/map.yaml"
refuse 1 "map.yaml:1:14: not a cstk column name" "bad map file" import "$T/in.csv" --map-file "$T/map.yaml"
printf 'dates: D.M.Y\n' >"$T/map.yaml"
refuse 1 "dates should be YYYY-MM-DD" "bad date order" import "$T/in.csv" --map-file "$T/map.yaml"

# ... and what is fine: BOM, CRLF, quotes, embedded newlines, formula guard
printf '\xef\xbb\xbfcustomer,channel,subject,description,phone,Note\r\n王丽,电话,"说 ""你好""","第一行\n第二行, 逗号",'"'"'+8613800000000,x\r\n' >"$T/in.csv"
ok "BOM, CRLF, quotes, newlines" import "$T/in.csv" --ignore Note
id=$(cat "$T/out")
eq "BOM not in the first column name" "$(rfield "$id" customer.name)" "王丽"
eq "quotes unescaped" "$(field "$id" subject)" '说 "你好"'
eq "embedded newline kept, CRLF row end dropped" "$(field "$id" description)" "$(printf '第一行\n第二行, 逗号')"
eq "formula guard removed once" "$(rfield "$id" customer.phone)" "+8613800000000"
eq "Chinese alias in CSV" "$(field "$id" channel)" "phone"
eq "no status: intake" "$(field "$id" status)" "intake"
printf "customer,channel,subject,resolution\n王,phone,a,'hello\n" >"$T/in.csv"
run import "$T/in.csv" --map resolution=plan
eq "a ' before a plain cell stays" "$(field "$(cat "$T/out")" plan)" "'hello"
printf 'customer,channel,subject,category,priority\n王,phone,a,complaint,urgent\n' >"$T/in.csv"
run import "$T/in.csv"
i2=$(cat "$T/out")
eq "category+priority: classified" "$(field "$i2" status)" "classified"
eq "deadlines computed like classify" "$(field "$i2" due.response)" "2026-11-22T10:15:00+08:00"
eq "routed" "$(field "$i2" team)" "supervisors"

# --- a batch is all or nothing, even across a crash ---
new_store
before=$(tree_sum)
printf 'customer,channel,subject\n王,phone,a\n李,phone,b\n' >"$T/in.csv"
CSTK_TEST_FAIL=fsync:1 refuse 1 "cannot sync the file system" "failing sync" import "$T/in.csv"
eq "failed batch wrote nothing" "$(tree_sum)" "$before"
eq "failed batch left no staging" "$(ls -A "$CSTK_DATA/.tmp" | wc -l)" "0"
# A writer that died before its commit mark: the batch is dropped.
mkdir -p "$CSTK_DATA/.tmp/batch-99998"
printf 'schema: 1\nid: CS-20261122-0007\nstatus: intake\ncreated: 2026-11-22T09:15:00+08:00\n' >"$CSTK_DATA/.tmp/batch-99998/t--CS-20261122-0007.yaml"
# One that died after it: the batch is finished.
mkdir -p "$CSTK_DATA/.tmp/batch-99999"
printf 'schema: 1\nid: CS-20261122-0008\nstatus: intake\ncreated: 2026-11-22T09:15:00+08:00\n' >"$CSTK_DATA/.tmp/batch-99999/t--CS-20261122-0008.yaml"
printf 'schema: 1\nid: CS-20261001-0009\nstatus: archived\ncreated: 2026-10-01T09:15:00+08:00\n' >"$CSTK_DATA/.tmp/batch-99999/a--2026-10--CS-20261001-0009.yaml"
: >"$CSTK_DATA/.tmp/batch-99999/COMMIT"
ok "the next writer recovers" update "$(open_ticket)" --note x
[ ! -e "$CSTK_DATA/tickets/CS-20261122-0007.yaml" ] && pass || fail "uncommitted batch landed"
[ -e "$CSTK_DATA/tickets/CS-20261122-0008.yaml" ] && pass || fail "committed batch not finished"
[ -e "$CSTK_DATA/archive/2026-10/CS-20261001-0009.yaml" ] && pass || fail "committed batch's archived ticket not placed"
eq "staging cleaned" "$(ls -A "$CSTK_DATA/.tmp" | wc -l)" "0"

# --- a CSV saved by Chinese Excel: GB18030 (SPEC §10) ---
new_store
python3 - "$T/gb.csv" "$T/bad.csv" <<'PY'
import sys
rows = "customer,phone,channel,subject,category,priority\n王丽,13856781234,电话,下单3天未发货,投訴,紧急\n李强,13900001111,在线,发票抬头开错,售后,一般\n"
open(sys.argv[1], "wb").write(rows.encode("gb18030"))
open(sys.argv[2], "wb").write("customer,phone,channel,subject\n张三,13800000000,phone,ok\n".encode() + b"\xff\xfe,1,phone,x\n")
PY
before=$(tree_sum)
refuse 1 "gb.csv:2: byte 0xCD is not UTF-8; a CSV saved by Chinese Excel is GB18030: give --encoding gb18030" \
    "GB18030 without --encoding: the line and the hint" import "$T/gb.csv"
eq "a refused encoding writes nothing" "$(tree_sum)" "$before"
hasnt "no garbled bytes in the message" "$T/err" "$(printf '\xcd')"
ok "import --encoding gb18030" import "$T/gb.csv" --encoding gb18030
eq "two tickets" "$(wc -l <"$T/out")" 2
g=$(head -1 "$T/out")
eq "the Chinese arrives as Chinese" "$(field "$g" subject)" "下单3天未发货"
eq "a Traditional alias, converted" "$(field "$g" category)" complaint
ok "gbk names the same" import "$T/gb.csv" --encoding GBK --again
# a pipe in another encoding: converted into a copy that is read twice
cat "$T/gb.csv" | "$CSTK" import - --encoding gb18030 --again >"$T/out" 2>"$T/err"
eq "gb18030 from a pipe" "$?:$(wc -l <"$T/out")" "0:2"
eq "...the Chinese arrives as Chinese" "$(field "$(head -1 "$T/out")" subject)" "下单3天未发货"
eq "...and no copy is left in .tmp" "$(ls -A "$CSTK_DATA/.tmp" | grep -v "^batch-gen$")" ""
refuse 1 "bad.csv:3: byte 0xFF is not UTF-8" "a bad byte names its line" import "$T/bad.csv"
refuse 2 "--encoding 'klingon' is not known; use gb18030 (Chinese Excel), big5 or utf-8" \
    "an unknown encoding" import "$T/bad.csv" --encoding klingon
refuse 1 "bad.csv:3: byte 0xFF is not gb18030; check --encoding" "bytes that are not in the encoding either" import "$T/bad.csv" --encoding gb18030
before=$(tree_sum)
refuse 2 "--encoding 'klingon' is not known" "an unknown encoding writes nothing" import "$T/gb.csv" --encoding klingon
eq "an unknown encoding writes nothing" "$(tree_sum)" "$before"
# --- 300 rows, on one thread or four: the same tickets, IDs and problems ---
# 300 rows (chunks of 64), IDs made per day across chunk edges, one given
# ID that the made ones must step over, archived and open tickets.
python3 -c '
import sys
print("id,customer,channel,subject,created,status,category,priority,assignee,resolved,confirmed,satisfaction")
for i in range(300):
    day = 10 + i % 3
    given = "CS-202610%02d-0005" % day if i == 150 else ""
    done = i % 4 == 0
    print("%s,客户%d,phone,第%d个问题,2026-10-%02dT%02d:%02d:00+08:00,%s,%s,%s,%s,%s,%s,%s" % (given, i % 17, i,
        day, 8 + i % 10, i % 60, "archived" if done else "assigned", "inquiry", "normal", "li",
        "2026-10-%02dT20:00:00+08:00" % day if done else "", "2026-10-%02dT21:00:00+08:00" % day if done else "",
        "satisfied" if done else ""))' >"$T/many.csv"
sed 's/,normal,/,urgentissimo,/' "$T/many.csv" | awk 'NR == 1 || NR % 97 != 3 { print; next } { sub(/,2026-10-/, ",2026-13-"); print }' >"$T/many-bad.csv"
for n in 1 4; do
	CSTK_DATA="$T/many-$n" "$CSTK" init "$T/many-$n" >/dev/null
	CSTK_THREADS=$n CSTK_DATA="$T/many-$n" "$CSTK" import "$T/many.csv" >"$T/ids-$n" 2>"$T/err"
	eq "300 rows imported on $n thread(s)" "$?:$(wc -l <"$T/ids-$n")" "0:300"
	CSTK_THREADS=$n CSTK_DATA="$T/many-$n" "$CSTK" import "$T/many-bad.csv" --again >"$T/bad-out-$n" 2>"$T/bad-err-$n"
	eq "a file with problems in many chunks is refused on $n thread(s)" "$?:$(wc -c <"$T/bad-out-$n")" "1:0"
	CSTK_THREADS=$n CSTK_DATA="$T/many-$n" "$CSTK" export --all --reveal --format json >"$T/many-$n.json"
	CSTK_DATA="$T/moved-$n" "$CSTK" init "$T/moved-$n" >/dev/null
	CSTK_THREADS=$n CSTK_DATA="$T/moved-$n" "$CSTK" import --format json "$T/many-$n.json" >"$T/moved-ids-$n" 2>"$T/err"
	eq "...and moved whole on $n thread(s)" "$?:$(wc -l <"$T/moved-ids-$n")" "0:300"
done
eq "the same IDs in the same order" "$(cmp "$T/ids-1" "$T/ids-4" && echo same)" "same"
eq "the IDs of a day step over the one the file gives" "$(grep -c '^CS-20261010-0005$' "$T/ids-1")" "1"
eq "IDs run on across chunks" "$(sort "$T/ids-1" | uniq -d | wc -l):$(grep -c '^CS-20261011-0100$' "$T/ids-1")" "0:1"
eq "the same tickets, byte for byte" \
    "$(diff -r -x .index -x .tmp -x imports "$T/many-1" "$T/many-4" >/dev/null && echo same)" "same"
eq "the same problems, in line order" "$(cmp "$T/bad-err-1" "$T/bad-err-4" && echo same)" "same"
# 300 priorities, 4 creation times, and the ID the file gives, made by the first import
eq "...every one of them counted" "$(tail -1 "$T/bad-err-4")" \
    "cstk: 305 problems in '$T/many-bad.csv'; nothing was imported"
eq "...the first shown is the first row's" "$(sed -n 1p "$T/bad-err-4" | cut -d: -f1-4)" "cstk: $T/many-bad.csv:2: priority"
eq "moved on 4 threads as on 1" "$(cmp "$T/moved-ids-1" "$T/moved-ids-4" && diff -r -x .index -x .tmp -x imports "$T/moved-1" "$T/moved-4" >/dev/null && echo same)" "same"

# --- the bench's generated year imports (make bench runs on it): nothing
# in it is after the bench's now ---
new_store
(cd "$(dirname "$0")/../bench" && PYTHONDONTWRITEBYTECODE=1 python3 -c "
import sys; cstk, out = sys.argv[1:3]; sys.argv = ['bench.py', cstk]; import bench
bench.generate(3000, out)" "$CSTK" "$T/bench.csv") || fail "bench.py does not generate"
CSTK_NOW=2026-11-20T17:30:00+08:00 ok "the bench's tickets import" import "$T/bench.csv"
eq "all of them" "$(wc -l <"$T/out")" 3000

# --- the archival an imported row's times tell records its outcome, so a
# past week's report --by outcome reads it from the history ---
new_store
printf 'customer,channel,subject,created,status,archived,outcome\n王丽,phone,a,2026-09-01T09:00:00+08:00,archived,2026-09-02T09:00:00+08:00,rejected\n' >"$T/out.csv"
ok "an archived row with its outcome" import "$T/out.csv"
python3 - "$CSTK_DATA"/archive/2026-09/*.yaml <<'PY' && pass || fail "the import's archival entry lacks the outcome"
import sys
h = open(sys.argv[1], encoding="utf-8").read().split("history:", 1)[1]
entry = [e for e in h.split("\n- ") if "action: archive" in e]
assert len(entry) == 1 and "outcome: rejected" in entry[0], h
PY

# --- a row closed in the other system, with no time for it: archived at its
# last fact, not at the import (the import's week does not count it, and
# reopen_days counts from then) ---
new_store
printf 'customer,channel,subject,created,status,category,priority,assignee,resolved,updated\n王丽,phone,a,2026-09-01T09:00:00+08:00,archived,complaint,normal,zhang,2026-09-02T09:00:00+08:00,\n李,phone,b,2026-11-20T09:00:00+08:00,archived,,,,,\n张,phone,c,2026-09-01T09:00:00+08:00,archived,,,,2026-09-02T09:00:00+08:00,2026-09-05T09:00:00+08:00\n' >"$T/closed.csv"
ok "closed rows without an archived time" import "$T/closed.csv"
old=$(sed -n 1p "$T/out") new=$(sed -n 2p "$T/out") upd=$(sed -n 3p "$T/out")
eq "at its resolution" "$(field "$old" archived)" "2026-09-02T09:00:00+08:00"
eq "at its last update, when that is later" "$(field "$upd" archived)" "2026-09-05T09:00:00+08:00"
eq "else at its creation" "$(field "$new" archived)" "2026-11-20T09:00:00+08:00"
run show "$old"
has "the history says so" "$T/out" "archived was not given: set to resolved (2026-09-02T09:00:00+08:00)"
ok "the import's week" report --week 2026-W47 --format json
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert r['archived'] == 1, r['archived']" "$T/out" &&
    pass || fail "the import's week counts a ticket archived in September"
refuse 3 "it was archived 2026-09-02T09:00:00+08:00, more than 30 days ago" "reopen_days counts from the estimate" reopen "$old" --reason again
ok "a recent one reopens" reopen "$new" --reason again
finish
