#!/bin/bash
# Never lose data (SPEC §8): hostile files, links, concurrent writers,
# killed writers, failing writes, file modes.
. "$(dirname "$0")/lib.sh"
new_store
good=$(open_ticket)
ID=CS-20261122-0100
F="$CSTK_DATA/tickets/$ID.yaml"

# hostile NAME: $F holds something bad; every command reports it by
# file:line:col, nothing rewrites it, and list/check go on with the rest.
hostile() {
	name=$1 want=$2
	sum=$(md5sum <"$F")
	s=$(date +%s%N)
	run show "$ID"
	e=$(( ($(date +%s%N) - s) / 1000000 ))
	[ "$rc" -eq 1 ] && pass || fail "$name: show exit $rc, want 1"
	grep -qE "^cstk: $F(:[0-9]+:[0-9]+)?: " "$T/err" && pass || fail "$name: no FILE:LINE:COL in '$(head -c 300 "$T/err")'"
	has "$name: says what is wrong" "$T/err" "$want"
	[ "$e" -lt 1000 ] && pass || fail "$name: took $e ms"
	run update "$ID" --note x
	[ "$rc" -eq 1 ] && pass || fail "$name: update exit $rc, want 1"
	eq "$name: never rewritten" "$(md5sum <"$F")" "$sum"
	run list
	[ "$rc" -eq 0 ] && pass || fail "$name: list exit $rc"
	has "$name: list goes on" "$T/out" "$good"
	has "$name: list warns" "$T/err" "cstk: warning: $F"
	run check
	[ "$rc" -eq 1 ] && pass || fail "$name: check exit $rc, want 1"
	grep -q "^$F" "$T/out" && pass || fail "$name: check does not name the file"
}

valid_head='schema: 1
id: CS-20261122-0100
status: intake
created: 2026-11-22T09:15:00+08:00
'
python3 - "$F" <<'PY'
import sys
lines = ["schema: 1", "id: CS-20261122-0100", "status: intake",
         "created: 2026-11-22T09:15:00+08:00", "a: &a [x,x,x,x,x,x,x,x,x]"]
for i in range(1, 10):
    lines.append("%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]" % ((chr(97+i),)*2 + (chr(96+i),)*9))
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
hostile "alias bomb" "YAML anchor '&a' is not allowed"

python3 -c "import sys; open(sys.argv[1],'w').write('schema: 1\nx: ' + '['*100000)" "$F"
hostile "100,000-deep nesting" "nested deeper than 32 levels"

python3 -c "import sys; open(sys.argv[1],'w').write('schema: 1\nx: ' + '{a: '*40 + '1' + '}'*40 + '\n')" "$F"
hostile "deep flow mappings" "nested deeper than 32 levels"

head -c $((64 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$F"
hostile "64 MiB file" "the limit is 1048576"
rm -f "$F"

printf '%ssubject: \xe4\xb8\x8b\xff\xfe\n' "$valid_head" >"$F"
hostile "invalid UTF-8" "$F:5:11: invalid UTF-8 byte 0xFF"

printf '%ssubject: a\0b\n' "$valid_head" >"$F"
hostile "NUL byte" "$F:5:11: NUL byte"

printf '%s---\nschema: 1\n' "$valid_head" >"$F"
hostile "two documents" "$F:5:1: a second YAML document"

printf '%sstatus: archived\n' "$valid_head" >"$F"
hostile "duplicate key" "$F:5:1: duplicate key 'status' (first at line 3)"

printf '%ssubject: !!binary aGVsbG8=\n' "$valid_head" >"$F"
hostile "tag" "is not allowed"

printf '%scustomer: [王丽]\n' "$valid_head" >"$F"
hostile "wrong shape" "$F:5:11: 'customer' should be a mapping"

printf '%spriority: 紧急\n' "$valid_head" >"$F"
hostile "Chinese value in a file" "priority '紧急' is not known; write it as 'urgent'"

printf 'schema: 1\nid: CS-20261122-0101\nstatus: intake\ncreated: 2026-11-22T09:15:00+08:00\n' >"$F"
hostile "id not matching the file name" "id 'CS-20261122-0101' does not match the file name"

printf 'id: [unclosed\n' >"$F"
hostile "syntax error" "$F:2:1:"

: >"$F"
hostile "empty file" "the file is empty"
rm -f "$F"

# --- links: never followed ---
echo "secret: 1" >"$T/outside.yaml"
ln -s "$T/outside.yaml" "$F"
refuse 1 "is a symbolic link; cstk does not follow links" "symlinked ticket" show "$ID"
refuse 1 "symbolic link" "update through a link" update "$ID" --note x
eq "link target untouched" "$(cat "$T/outside.yaml")" "secret: 1"
run check
[ "$rc" -eq 1 ] && pass || fail "check flags the link"
rm -f "$F"
mv "$CSTK_DATA/archive" "$T/elsewhere"
ln -s "$T/elsewhere" "$CSTK_DATA/archive"
x=$(open_ticket --category inquiry --priority low)
"$CSTK" assign "$x" --to li >/dev/null
refuse 1 "not a directory of the store (a symbolic link or a file)" "archive dir is a link" close "$x" --reject dup
eq "nothing written through the link" "$(find "$T/elsewhere" -type f | wc -l)" "0"
rm "$CSTK_DATA/archive" && mv "$T/elsewhere" "$CSTK_DATA/archive"

# --- file modes: personal data is not world-readable ---
eq "ticket file mode" "$(stat -c %a "$CSTK_DATA/tickets/$good.yaml")" "640"
eq "store mode" "$(stat -c %a "$CSTK_DATA")" "750"
chmod 755 "$CSTK_DATA"
run check
[ "$rc" -eq 0 ] && pass || fail "open directory is a warning, not a failure (exit $rc)"
has "check warns about the mode" "$T/err" "is open to others (mode 0755)"
chmod 750 "$CSTK_DATA"

# --- a failing write leaves the old file whole, and says which step ---
before=$(md5sum <"$CSTK_DATA/tickets/$good.yaml")
for f in write:1 fsync:1 rename:1; do
	CSTK_TEST_FAIL=$f refuse 1 "$good.yaml" "failing $f" update "$good" --note "lost"
	eq "old file intact after $f" "$(md5sum <"$CSTK_DATA/tickets/$good.yaml")" "$before"
	eq "no temp file left after $f" "$(ls -A "$CSTK_DATA/.tmp" | wc -l)" "0"
done
# The directory sync after the rename: the new file is in place, whole, but
# not known to be durable: that is reported, not hidden.
CSTK_TEST_FAIL=fsync:2 refuse 1 "'$CSTK_DATA/tickets/$good.yaml' was written, but syncing its directory failed" "failing dir fsync" update "$good" --note "kept"
ok "the file is whole after a failed directory sync" show "$good"
CSTK_TEST_FAIL=rename:1 refuse 1 "cannot replace" "failing open" open --customer x --channel phone --subject y
eq "failed open left no ticket" "$(ls "$CSTK_DATA/tickets" | wc -l)" "2"
CSTK_TEST_FAIL=sync:1 refuse 2 "with OP one of write, fsync, rename, unlink, mkdir, any" "unknown fault" list
CSTK_TEST_FAIL=rename:0 refuse 2 "CSTK_TEST_FAIL 'rename:0' should be" "fault count 0" list
CSTK_TEST_PAUSE=soon refuse 2 "CSTK_TEST_PAUSE 'soon' should be a number" "bad pause" list

# --- concurrent writers: 8 processes x 25 notes on one ticket, all kept ---
c=$(open_ticket)
for p in 1 2 3 4 5 6 7 8; do
	( for i in $(seq 1 25); do "$CSTK" update "$c" --note "p$p-n$i" || echo "FAILED p$p-n$i"; done ) >"$T/w$p" 2>&1 &
done
wait
cat "$T"/w? >"$T/wall"
eq "no writer failed" "$(grep -c FAILED "$T/wall")" "0"
eq "200 notes kept" "$("$CSTK" show "$c" --format yaml | grep -c '^  action: note$')" "200"
for p in 1 8; do for i in 1 25; do
	"$CSTK" show "$c" --format yaml | grep -q "note: p$p-n$i\$" && pass || fail "note p$p-n$i lost"
done; done
# concurrent opens never share an ID
for p in 1 2 3 4; do
	( for i in $(seq 1 10); do open_ticket; done ) >"$T/ids$p" 2>&1 &
done
wait
eq "40 distinct IDs" "$(cat "$T"/ids? | sort -u | grep -c '^CS-')" "40"

# --- a writer killed at any moment: the store stays whole ---
k=$(open_ticket)
for i in $(seq 1 60); do
	"$CSTK" update "$k" --note "kill $i" 2>/dev/null &
	pid=$!
	sleep "0.00$(( i % 10 ))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
ok "check is clean after 60 kills" check
ok "the ticket still loads" show "$k"
ok "the next writer works" update "$k" --note "after the kills"
eq "the next writer cleaned the temp files" "$(ls -A "$CSTK_DATA/.tmp" | wc -l)" "0"

# --- SIGTERM/SIGINT: the writer removes its own temp file before it dies,
# so none is left even before the next writer would clean up.  The test
# pause point (CSTK_TEST_PAUSE, between the temp file's fsync and its
# rename) makes every signal land while the temp file exists; SIGKILL,
# which no handler can catch, shows that it does. ---
t=$(open_ticket)
# wait_tmp PID: wait until the writer's temp file exists (or it died).
wait_tmp() {
	for _ in $(seq 1 500); do
		ls "$CSTK_DATA/.tmp" | grep -q '^tmp-' && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.01
	done
	return 1
}
left=0 inside=0
for i in $(seq 1 10); do
	CSTK_TEST_PAUSE=5000 "$CSTK" update "$t" --note "term $i" 2>/dev/null &
	pid=$!
	wait_tmp "$pid" && inside=$((inside + 1))
	if [ $((i % 2)) -eq 0 ]; then kill -TERM "$pid" 2>/dev/null; else kill -INT "$pid" 2>/dev/null; fi
	wait "$pid" 2>/dev/null
	n=$(ls -A "$CSTK_DATA/.tmp" | grep -c '^tmp-')
	left=$((left + n))
	rm -f "$CSTK_DATA"/.tmp/tmp-*
done
eq "every signal landed while the temp file existed" "$inside" "10"
eq "no temp file left by 10 interrupted writers" "$left" "0"
CSTK_TEST_PAUSE=5000 "$CSTK" update "$t" --note "killed" 2>/dev/null &
pid=$!
wait_tmp "$pid"
kill -9 "$pid" 2>/dev/null
{ wait "$pid"; } 2>/dev/null
eq "the control: SIGKILL inside the window leaves the temp file" \
    "$(ls -A "$CSTK_DATA/.tmp" | grep -c '^tmp-')" "1"
ok "the next writer cleans it" update "$t" --note "after"
eq "cleaned" "$(ls -A "$CSTK_DATA/.tmp" | grep -c '^tmp-')" "0"
ok "the ticket is whole after the interruptions" show "$t"
eq "no interrupted note landed" "$("$CSTK" show "$t" --format yaml | grep -c 'note: term\|note: killed')" "0"

# --- .lock deleted under the writers (git clean -X): no update is lost ---
l=$(open_ticket)
( while [ ! -e "$T/stop-rm" ]; do rm -f "$CSTK_DATA/.lock"; sleep 0.005; done ) &
rmpid=$!
writers=""
for p in 1 2 3 4 5 6; do
	( for i in $(seq 1 25); do "$CSTK" update "$l" --note "L$p-$i" >/dev/null 2>>"$T/lerr" && echo "L$p-$i"; done ) >"$T/lok$p" &
	writers="$writers $!"
done
# shellcheck disable=SC2086
wait $writers
touch "$T/stop-rm"
wait "$rmpid"
acked=$(cat "$T"/lok? | sort)
kept=$("$CSTK" show "$l" --format yaml | sed -n 's/^  note: \(L[0-9]*-[0-9]*\)$/\1/p' | sort)
eq "every writer succeeded while .lock was deleted" "$(echo "$acked" | grep -c .)" "150"
eq "every acknowledged note is kept" "$(comm -23 <(echo "$acked") <(echo "$kept") | wc -l)" "0"
rm -f "$T/stop-rm"

# --- a write that would make a ticket unreadable is refused, nothing changes ---
big=$(head -c 60000 /dev/zero | tr '\0' x)
g=$(open_ticket --category inquiry --priority low)
i=0
while run update "$g" --note "$big" && [ $i -lt 40 ]; do i=$((i + 1)); done
eq "the big note is refused with exit 1" "$rc" "1"
has "the refusal names the limit" "$T/err" "over the limit of 983040 bytes a ticket file may have while leaving room to close it; nothing was changed"
before=$(tree_sum)
refuse 1 "nothing was changed" "one more big note" update "$g" --note "$big"
eq "the refused note changed nothing" "$(tree_sum)" "$before"
ok "the big ticket still loads" show "$g"
ok "and can still be assigned" assign "$g" --to li
ok "resolved" close "$g" --resolution done
ok "and archived" close "$g" --satisfaction satisfied
before=$(tree_sum)
CSTK_NOW=9999-12-31T23:30:00+08:00 refuse 1 "'due.response' is '10000-01-01T" "a deadline past year 9999" open --customer a --channel phone --subject s --category inquiry --priority low
refuse 2 "--at '9999-12-31T23:30:00+08:00' is in the future (now is 2026-11-22T09:15:00+08:00)" "--at in the future" open --customer a --channel phone --subject s --at 9999-12-31T23:30:00+08:00
eq "the refused open wrote nothing" "$(tree_sum)" "$before"

# --- archiving fails at every step: readers see one ticket, the exit
# status tells the truth, and the next writer finishes the move ---
for f in $(seq 1 9); do
	a=$(open_ticket --category inquiry --priority low)
	CSTK_TEST_FAIL=any:$f run close "$a" --reject dup
	code=$rc
	in_t=$(ls "$CSTK_DATA/tickets" | grep -c "^$a")
	in_a=$(find "$CSTK_DATA/archive" -name "$a.yaml" | wc -l)
	eq "any:$f: list shows the ticket once" "$("$CSTK" list --all | grep -c "$a")" "1"
	eq "any:$f: export shows it once" "$("$CSTK" export --all | grep -c "^$a,")" "1"
	eq "any:$f: json export shows it once" "$("$CSTK" export --all --format json | grep -c "\"$a\"")" "1"
	st=$("$CSTK" export --all | grep "^$a," | cut -d, -f2)
	if [ "$code" -eq 0 ]; then
		eq "any:$f: exit 0 means archived" "$st/$in_t/$in_a" "archived/0/1"
	elif [ "$st" = archived ]; then
		has "any:$f: a failure that archived says so" "$T/err" "the next cstk that writes removes"
	else
		eq "any:$f: a failure that did not archive left the ticket" "$in_t/$in_a" "1/0"
	fi
	ok "any:$f: check is clean" check
	ok "any:$f: the next writer works" update "$(open_ticket)" --note x
	eq "any:$f: and finished the move" "$(ls "$CSTK_DATA/tickets" | grep -c "^$a")/$(ls -A "$CSTK_DATA/.tmp" | wc -l)" \
	    "$([ "$st" = archived ] && echo 0 || echo 1)/0"
done

# --- terminal escapes in a file (hand-edited, git-pulled) never reach the
# terminal raw; check reports them; the command line refuses them ---
e=$(open_ticket)
python3 - "$CSTK_DATA/tickets/$e.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("subject: 下单3天未发货", 'subject: "a\\e]0;pwned\\a\\e[2J\u202eevil\\x9bz"')
open(p, "w", encoding="utf-8").write(s)
PY
grep -q 'pwned' "$CSTK_DATA/tickets/$e.yaml" && pass || fail "the hostile subject was not planted"
for out in "list" "list --format csv" "list --format tsv" "list --format json" "show $e" \
    "show $e --format yaml" "export" "export --format json" "report" "report --format csv"; do
	# shellcheck disable=SC2086
	"$CSTK" $out >"$T/esc" 2>&1
	eq "no raw escape from: $out" "$(python3 -c '
import sys
b = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
print(sum(1 for c in b if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) < 0xa0 or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069))' "$T/esc")" "0"
done
"$CSTK" show "$e" >"$T/esc"
has "show prints the escapes visibly" "$T/esc" 'a\x1b]0;pwned\x07\x1b[2J\u202eevil\x9bz'
run check
eq "check fails on the hostile file" "$rc" "1"
has "check names the file, line and what to do" "$T/out" "tickets/$e.yaml:10:10: 1 value holds control or bidirectional-override characters"
refuse 2 "--subject holds U+202E" "bidi override from the command line" open --customer a --channel phone --subject "$(printf 'x\xe2\x80\xaey')"
refuse 2 "--note holds U+009B" "C1 from the command line" update "$e" --note "$(printf 'x\xc2\x9by')"
refuse 2 "control character (0x1B)" "ESC from the command line" update "$e" --note "$(printf 'x\033y')"
# A write would put back the escaped text for the characters: refused,
# the file as it was.
cp "$CSTK_DATA/tickets/$e.yaml" "$T/hostile.yaml"
refuse 1 "ticket '$e' holds control or bidirectional-override characters (values: 1; the first at line 10, column 10 of its file); nothing was changed" "a write on a file with escapes" update "$e" --note ok
refuse 1 "holds control or bidirectional-override" "an archiving write on it" close "$e" --reject 重复
cmp -s "$T/hostile.yaml" "$CSTK_DATA/tickets/$e.yaml" && pass || fail "the hostile file was rewritten"
eq "nor archived" "$(find "$CSTK_DATA/archive" -name "$e.yaml" 2>/dev/null | wc -l)" 0
run show "$e"
has "still shown, escaped" "$T/out" 'a\x1b]0;pwned'
rm -f "$CSTK_DATA/tickets/$e.yaml"

# --- a file saved by a Windows editor, with a UTF-8 byte order mark: read
# as the text it is; the next write drops the mark and keeps everything else ---
e=$(open_ticket)
{ printf '\357\273\277'; cat "$CSTK_DATA/tickets/$e.yaml"; } >"$T/bom.yaml"
mv "$T/bom.yaml" "$CSTK_DATA/tickets/$e.yaml"
ok "a file with a BOM is shown" show "$e"
has "its subject" "$T/out" "下单3天未发货"
ok "check passes it" check
ok "and a write works" update "$e" --note "客户已回电"
eq "the write drops the mark" "$(head -c 3 "$CSTK_DATA/tickets/$e.yaml" | od -An -tx1 | tr -d ' ')" "$(printf 'sch' | od -An -tx1 | tr -d ' ')"
grep -q "客户已回电" "$CSTK_DATA/tickets/$e.yaml" && pass || fail "the note was not written"
rm -f "$CSTK_DATA/tickets/$e.yaml"

# --- export --reveal is recorded in audit.log before anything is shown ---
rm -f "$CSTK_DATA/audit.log"
ok "export without --reveal" export
[ ! -e "$CSTK_DATA/audit.log" ] && pass || fail "a masked export was logged"
ok "export --reveal" export --reveal --status intake --by auditor
n=$(($(wc -l <"$T/out") - 1))
eq "one record" "$(wc -l <"$CSTK_DATA/audit.log")" "1"
has "the record says who, when, what and how many" "$CSTK_DATA/audit.log" "2026-11-22T09:15:00+08:00 by=auditor login=$(id -un) tickets=$n cmd=export args: export --reveal --status intake --by auditor"
ok "export --reveal --format json --grep" export --reveal --format json --grep 下单
has "the json export is recorded with its count" "$CSTK_DATA/audit.log" "tickets=$(wc -l <"$T/out") cmd=export args: export --reveal --format json --grep 下单"
mv "$CSTK_DATA/audit.log" "$T/audit.saved"
ln -s "$T/elsewhere.log" "$CSTK_DATA/audit.log"
refuse 1 "--reveal needs its record in the audit log, so nothing was shown" "audit.log is a link" export --reveal
[ ! -e "$T/elsewhere.log" ] && pass || fail "wrote through the audit.log link"
rm "$CSTK_DATA/audit.log"
mkdir "$CSTK_DATA/audit.log"
refuse 1 "cannot open '$CSTK_DATA/audit.log' to append to it" "an unwritable audit log means no revealed output" export --reveal --format json
ok "masked output needs no record" export
rmdir "$CSTK_DATA/audit.log"
mv "$T/audit.saved" "$CSTK_DATA/audit.log"

# --- a busy store is an error after the timeout, not a hang ---
exec 9>"$CSTK_DATA/.lock"
flock 9
CSTK_LOCK_TIMEOUT=0.2 refuse 1 "is busy: another cstk has been writing" "busy store" update "$k" --note x
ok "readers never wait for the lock" show "$k"
exec 9>&-

# --- an archived copy wins over a stale one (crash between the two steps) ---
a=$(open_ticket --category inquiry --priority low)
cp "$CSTK_DATA/tickets/$a.yaml" "$T/stale.yaml"
"$CSTK" close "$a" --reject dup
cp "$T/stale.yaml" "$CSTK_DATA/tickets/$a.yaml"
eq "show reads the archived copy" "$(field "$a" status)" "archived"
run check
has "check names the stale copy" "$T/out" "is also under tickets/; the archived copy is the newer one"

# --- init: parents made as git init does; a world-open directory is warned about ---
ok "init makes missing parents" init "$T/deep/a/b/c"
[ -f "$T/deep/a/b/c/cstk.yaml" ] && pass || fail "no store at a/b/c"
eq "the store itself is 0750" "$(stat -c %a "$T/deep/a/b/c")" "750"
mkdir "$T/open" && chmod 755 "$T/open"
ok "init in a world-open directory" init "$T/open"
has "init warns about the mode" "$T/err" "cstk: warning: '$T/open' is open to others (mode 0755); it holds personal data: chmod o-rwx '$T/open'"

# --- a long CJK path: the import's history note keeps it whole ---
c=$(python3 -c 'print("客户投诉记录" * 10)')
mkdir -p "$T/$c/$c/$c/$c"
printf 'customer,channel,subject\nA,phone,x\n' >"$T/$c/$c/$c/$c/导入.csv"
ok "import from a 750-byte CJK path" import "$T/$c/$c/$c/$c/导入.csv"
id=$(cat "$T/out")
"$CSTK" show "$id" --format yaml >"$T/long"
has "the note keeps the whole path" "$T/long" "imported from $T/$c/$c/$c/$c/导入.csv line 2"

# --- check reports every problem of a bad file, each once ---
new_store
b2=$(open_ticket)
sed -i 's/^status: intake/status: bogus/; s/^channel: phone/channel: pigeon/' "$CSTK_DATA/tickets/$b2.yaml"
run check
eq "check fails" "$rc" "1"
eq "both problems, once each" "$(grep -c "tickets/$b2.yaml:" "$T/out")" "2"
has "the status problem" "$T/out" "tickets/$b2.yaml:3:9: status 'bogus' is not known"
has "the channel problem" "$T/out" "tickets/$b2.yaml:6:10: channel 'pigeon' is not known"
eq "nothing about it again on stderr" "$(grep -c "$b2" "$T/err")" "0"
has "the count" "$T/err" "cstk: 2 problems in '$CSTK_DATA'"

finish
