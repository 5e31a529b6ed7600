#!/bin/bash
# Calling customers back (SPEC §10): confirmations nobody answers, the
# revisit worklist and its tries, reopening an archived ticket, links
# between tickets — with every refusal, the files on disk, and the report
# of the period each call happened in.
. "$(dirname "$0")/lib.sh"
new_store
export CSTK_NOW=2026-11-16T09:00:00+08:00
at() { CSTK_NOW=$1; shift; "$@"; CSTK_NOW=2026-11-16T09:00:00+08:00; }

resolved_ticket() {	# resolved_ticket [OPEN ARGS...]: a ticket in 'resolved'
	local id
	id=$(open_ticket --category inquiry --priority normal "$@")
	"$CSTK" assign "$id" --to chen >/dev/null
	"$CSTK" close "$id" --resolution 已补发 >/dev/null
	echo "$id"
}

# --- a confirmation nobody answers ---
a=$(resolved_ticket)
sum=$(tree_sum)
refuse 3 "the customer was called 0 of 3 times (cstk.yaml confirm.tries)" \
    "unconfirmed before any try" close "$a" --unconfirmed
eq "a refused close changes no file" "$(tree_sum)" "$sum"
ok "a try" close "$a" --no-answer
ok "a second try" close "$a" --no-answer
eq "tries are counted" "$(field "$a" confirm_attempts)" 2
refuse 3 "called 2 of 3 times" "unconfirmed after two tries" close "$a" --unconfirmed
ok "a third try" close "$a" --no-answer
ok "now unconfirmed" close "$a" --unconfirmed --comment 三次无人接听
eq "archived" "$(field "$a" status)" archived
eq "outcome unconfirmed" "$(field "$a" outcome)" unconfirmed
eq "no satisfaction made up" "$(field "$a" satisfaction)" ""
[ -f "$CSTK_DATA/archive/2026-11/$a.yaml" ] && pass || fail "unconfirmed: not moved to archive/"
refuse 3 "cannot count a confirmation call on ticket '$a'" "no-answer on archived" \
    close "$a" --no-answer
refuse 2 "--no-answer stands alone" "no-answer with satisfaction" \
    close "$a" --no-answer --satisfaction satisfied
refuse 2 "--unconfirmed stands alone" "unconfirmed with resolution" \
    close "$a" --unconfirmed --resolution x
refuse 2 "--no-answer stands alone" "both at once" close "$a" --no-answer --unconfirmed
b=$(open_ticket --category inquiry --priority normal)
refuse 3 "cannot count a confirmation call on ticket '$b': it is in 'classified'" \
    "no-answer before resolution" close "$b" --no-answer

# past the confirmation deadline of a rule (confirm: 1d), one try is enough
cat >>"$CSTK_DATA/cstk.yaml" <<'EOF'
deadlines:
  - {when: {priority: low}, confirm: 1d}
EOF
c=$(open_ticket --category inquiry --priority low)
"$CSTK" assign "$c" --to chen >/dev/null
"$CSTK" close "$c" --resolution 已处理 >/dev/null
eq "the rule's confirmation deadline" "$(field "$c" due.confirm)" 2026-11-17T09:00:00+08:00
refuse 3 "the confirmation is due at 2026-11-17T09:00:00+08:00" "before the deadline" \
    close "$c" --unconfirmed
at 2026-11-17T10:00:00+08:00 ok "past the deadline" close "$c" --unconfirmed
eq "unconfirmed past the deadline" "$(field "$c" outcome)" unconfirmed

# a VIP ticket is still revisited: unconfirmed goes to follow-up
v=$(resolved_ticket --tier vip)
for i in 1 2 3; do "$CSTK" close "$v" --no-answer >/dev/null; done
ok "unconfirmed VIP" close "$v" --unconfirmed
eq "a revisit is still due" "$(field "$v" status)" follow-up

# the report counts them apart, in the week they happened, not in CSAT
ok "report" report --week 2026-W47 --format json
has "unconfirmed counted" "$T/out" '"unconfirmed":3'
has "no rating made up" "$T/out" '"confirm":{"satisfied":0,"neutral":0,"unsatisfied":0,"pct":null}'
ok "report of the week before" report --week 2026-W46 --format json
has "not in the week before" "$T/out" '"unconfirmed":0'
ok "report by outcome" report --week 2026-W47 --by outcome --format json
has "every figure per outcome" "$T/out" '"value":"unconfirmed","opened":2,"resolved":2,'
python3 -c "
import json,sys; g={x['value']: x for x in json.load(open(sys.argv[1]))['breakdown']['rows']}
assert g['unconfirmed']['unconfirmed'] == 2 and g['unconfirmed']['revisits']['missed'] == 0, g" "$T/out" &&
    pass || fail "the group's own unconfirmed count"
ok "report by status" report --week 2026-W47 --by status
has "status values as rows" "$T/out" "follow-up"
refuse 2 "use category, priority, channel, module, assignee, team, tier, responsibility, status, outcome or satisfaction" \
    "unknown --by" report --by colour

# --- the revisit worklist ---
new_store
export CSTK_USER=chen
w1=$(resolved_ticket --tier vip --customer-id C1)
"$CSTK" close "$w1" --satisfaction satisfied >/dev/null
w2=$(open_ticket --tier vip --category complaint --priority urgent)
"$CSTK" assign "$w2" --to zhang >/dev/null
"$CSTK" close "$w2" --resolution 已道歉 --satisfaction neutral >/dev/null
ok "worklist, due by a date" revisit --due 2026-11-30
has "masked name" "$T/out" "王**"
has "masked phone" "$T/out" "138****1234"
hasnt "no full phone" "$T/out" "13856781234"
ok "one agent's" revisit --due 2026-11-30 --assignee zhang
has "zhang's" "$T/out" "$w2"
hasnt "not chen's" "$T/out" "$w1"
ok "as CSV" revisit --due 2026-11-30 --format csv
eq "CSV header" "$(head -1 "$T/out")" \
    "id,revisit_due,revisit_next,tier,category,assignee,customer,phone,revisit_attempts,subject"
has "CSV: RFC 3339 and keys" "$T/out" "$w1,2026-11-19T09:00:00+08:00,,vip,inquiry,chen,王**,138****1234,0,"
ok "as JSON" revisit --due 2026-11-30 --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==2 and d[0]["revisit_attempts"]==0' \
    "$T/out" && pass || fail "revisit JSON does not parse to two rows"
[ -e "$CSTK_DATA/audit.log" ] && fail "audit.log written without --reveal" || pass
ok "revealed, to dial" revisit --due 2026-11-30 --reveal --format csv
has "the full phone" "$T/out" ",13856781234,"
has "the full name" "$T/out" ",王丽,"
has "recorded in audit.log" "$CSTK_DATA/audit.log" "by=chen"
has "with the count" "$CSTK_DATA/audit.log" "tickets=2"
has "and the command" "$CSTK_DATA/audit.log" "revisit --due 2026-11-30 --reveal --format csv"
chmod 0444 "$CSTK_DATA/audit.log"
if [ "$(id -u)" -ne 0 ]; then
	refuse 1 "audit.log" "no record, no revealed output" revisit --due 2026-11-30 --reveal
	hasnt "nothing revealed" "$T/out" "13856781234"
fi
chmod 0644 "$CSTK_DATA/audit.log"
sum=$(tree_sum)
refuse 2 "--format 'xml' is not known; use table, csv or json" "bad format" \
    revisit --format xml
refuse 2 "--reveal is for the list of revisits due; it takes no ticket ID" \
    "reveal with an ID" revisit "$w1" --no-answer --reveal
refuse 2 "--next goes with --no-answer" "next alone" revisit "$w1" --satisfaction satisfied \
    --next 2026-11-18
refuse 2 "--next 'soon' is not a time" "bad next" revisit "$w1" --no-answer --next soon
refuse 2 "--next must be later than this call" "next in the past" \
    revisit "$w1" --no-answer --next 2026-11-15
eq "a refused call is not counted" "$(field "$w1" revisit.attempts)" 0
eq "refused revisit calls change no file" "$(tree_sum)" "$sum"

# --next books the try; the list sorts by it
ok "no answer, next try booked" revisit "$w1" --no-answer --next "2026-11-20 14:00"
eq "booked" "$(field "$w1" revisit.next)" 2026-11-20T14:00:00+08:00
ok "worklist" revisit --due 2026-11-30 --format csv
eq "the booked try sorts it" "$(sed -n 2p "$T/out" | cut -d, -f1)" "$w2"
has "the next try shown" "$T/out" "$w1,2026-11-19T09:00:00+08:00,2026-11-20T14:00:00+08:00,"
ok "worklist of today" revisit --due 2026-11-19
hasnt "a booked try hides it until then" "$T/out" "$w1"
ok "second try" revisit "$w1" --no-answer
eq "still follow-up" "$(field "$w1" status)" follow-up
ok "third try: missed" revisit "$w1" --no-answer
eq "archived after revisit.tries" "$(field "$w1" status)" archived
eq "no revisit done" "$(field "$w1" revisit.done)" ""
eq "no booked try left" "$(field "$w1" revisit.next)" ""
"$CSTK" show "$w1" >"$T/s"
has "the history says missed" "$T/s" "revisit-missed follow-up→archived  outcome=resolved  attempt=3"
ok "report" report --week 2026-W47 --format json
has "the revisit counts as missed" "$T/out" '"revisits":{"due":2,"on_time":0,"late":0,"missed":1,'
# revisit.tries from cstk.yaml
sed -i 's/^  tries: 3$/  tries: 1/' "$CSTK_DATA/cstk.yaml"
ok "one try is enough now" revisit "$w2" --no-answer
eq "missed after revisit.tries 1" "$(field "$w2" status)" archived
sed -i 's/^  tries: 1$/  tries: 0/' "$CSTK_DATA/cstk.yaml"
refuse 1 "cstk.yaml:" "tries 0" list
has "says what is right" "$T/err" "'revisit.tries' is '0'; it should be a whole number from 1 to 20"
sed -i 's/^  tries: 0$/  tries: 3/' "$CSTK_DATA/cstk.yaml"

# --- reopen ---
new_store
r=$(resolved_ticket)
"$CSTK" close "$r" --satisfaction satisfied >/dev/null
[ -f "$CSTK_DATA/archive/2026-11/$r.yaml" ] && pass || fail "not archived"
sum=$(tree_sum)
refuse 2 "'cstk reopen' needs --reason TEXT" "no reason" reopen "$r"
refuse 2 "needs --reason" "empty reason" reopen "$r" --reason ""
refuse 4 "no ticket 'CS-20261116-0099'" "unknown ID" reopen CS-20261116-0099 --reason x
refuse 2 "'../etc' is not a ticket ID" "bad ID" reopen ../etc --reason x
at 2026-12-17T09:00:01+08:00 refuse 3 \
    "it was archived 2026-11-16T09:00:00+08:00, more than 30 days ago (cstk.yaml reopen_days)" \
    "too late" reopen "$r" --reason 又坏了
eq "a refused reopen changes no file" "$(tree_sum)" "$sum"
at 2026-11-20T10:00:00+08:00 ok "reopen" reopen "$r" --reason 客户来电：没收到退款
[ -f "$CSTK_DATA/tickets/$r.yaml" ] && pass || fail "reopen: not back in tickets/"
[ -e "$CSTK_DATA/archive/2026-11/$r.yaml" ] && fail "reopen: archived copy left" || pass
[ -n "$(ls -A "$CSTK_DATA/.tmp")" ] && fail "reopen: a mark left in .tmp" || pass
eq "assigned again" "$(field "$r" status)" assigned
eq "to its owner" "$(field "$r" assignee)" chen
eq "another round" "$(field "$r" rounds)" 2
eq "no outcome" "$(field "$r" outcome)" ""
eq "new deadline from the reopening" "$(field "$r" due.resolution)" 2026-11-22T10:00:00+08:00
"$CSTK" show "$r" >"$T/s"
has "the history keeps why" "$T/s" "reopen archived→assigned"
has "and the round before's deadline" "$T/s" "due_resolution=2026-11-18T09:00:00+08:00"
ok "list shows it" list
has "open again" "$T/out" "$r"
ok "check" check
refuse 3 "cannot reopen ticket '$r': it is in 'assigned'" "reopen an open ticket" \
    reopen "$r" --reason x
ok "report" report --week 2026-W47 --format json
has "counted as reopened in its week" "$T/out" '"reopened":1'
ok "report of the week after" report --week 2026-W48 --format json
has "not in the next week" "$T/out" '"reopened":0'
# it closes again, and is archived again
at 2026-11-21T10:00:00+08:00 ok "resolved again" close "$r" --resolution 已退款 --satisfaction satisfied
[ -f "$CSTK_DATA/archive/2026-11/$r.yaml" ] && pass || fail "not archived again"
[ -e "$CSTK_DATA/tickets/$r.yaml" ] && fail "a copy left in tickets/" || pass
# reopen_days from cstk.yaml
sed -i 's/^reopen_days: 30$/reopen_days: 1/' "$CSTK_DATA/cstk.yaml"
at 2026-11-23T10:00:00+08:00 refuse 3 "more than 1 days ago" "reopen_days 1" reopen "$r" --reason x
sed -i 's/^reopen_days: 1$/reopen_days: 30/' "$CSTK_DATA/cstk.yaml"

# a crash half-way back: the mark and both copies; readers see the
# reopened one, and the next writer removes the archived copy
at 2026-11-22T10:00:00+08:00 ok "reopen again" reopen "$r" --reason 再次来电
cp "$CSTK_DATA/tickets/$r.yaml" "$T/reopened.yaml"
at 2026-11-22T11:00:00+08:00 "$CSTK" close "$r" --reject 重复 >/dev/null
cp "$T/reopened.yaml" "$CSTK_DATA/tickets/$r.yaml"
: >"$CSTK_DATA/.tmp/back-$r.yaml"
eq "a reader sees the reopened copy" "$(field "$r" status)" assigned
ok "list sees it once" list --all --format csv
eq "once" "$(grep -c "^$r," "$T/out")" 1
has "as reopened" "$T/out" "$r,assigned,"
ok "the next writer finishes" open --customer x --channel phone --subject y
[ -e "$CSTK_DATA/archive/2026-11/$r.yaml" ] && fail "recovery left the archived copy" || pass
[ -e "$CSTK_DATA/.tmp/back-$r.yaml" ] && fail "recovery left the mark" || pass
# a mark without the copy in tickets/ (the write never happened): undone
"$CSTK" close "$r" --reject 重复 >/dev/null
: >"$CSTK_DATA/.tmp/back-$r.yaml"
eq "no copy in tickets/: the archived one stands" "$(field "$r" status)" archived
ok "a writer drops the mark" open --customer x --channel phone --subject y
[ -f "$CSTK_DATA/archive/2026-11/$r.yaml" ] && pass || fail "the archived copy went"
[ -e "$CSTK_DATA/.tmp/back-$r.yaml" ] && fail "the mark stayed" || pass

# a ticket rejected before anyone owned it goes back to where it stood
j=$(open_ticket)
"$CSTK" close "$j" --reject 误报 >/dev/null
ok "reopen an intake ticket" reopen "$j" --reason 不是误报
eq "back to intake" "$(field "$j" status)" intake

# --- links ---
new_store
o=$(open_ticket --order A-100)
d=$(open_ticket --phone 13900001111)
sum=$(tree_sum)
refuse 2 "--duplicate-of goes with --reject REASON" "duplicate-of alone" \
    close "$d" --resolution x --duplicate-of "$o"
refuse 2 "--duplicate-of 'nope' is not a ticket ID" "bad duplicate-of" \
    close "$d" --reject 重复 --duplicate-of nope
refuse 4 "no ticket 'CS-20261116-0099' in" "duplicate of nothing" \
    close "$d" --reject 重复 --duplicate-of CS-20261116-0099
refuse 2 "cannot be linked to itself" "duplicate of itself" close "$d" --reject 重复 --duplicate-of "$d"
eq "a refused link changes nothing" "$(tree_sum)" "$sum"
eq "still in intake" "$(field "$d" status)" intake
ok "duplicate" close "$d" --reject 重复 --duplicate-of "$o"
eq "linked" "$(field "$d" duplicate_of)" "$o"
e=$(open_ticket --customer 李雷 --phone 13700002222 --subject 同一订单再次咨询)
ok "related" update "$e" --related "$o"
ok "related again: kept once" update "$e" --related "$o"
eq "once" "$(field "$e" related)" "$o"
refuse 2 "cannot be linked to itself" "related to itself" update "$e" --related "$e"
refuse 4 "to link to" "related to nothing" update "$e" --related CS-20261116-0099
refuse 3 "cannot update ticket '$d'" "no links on archived tickets" update "$d" --related "$o"
ok "show" show "$o"
has "links the other way" "$T/out" "linked from"
has "the duplicate" "$T/out" "$d (duplicate)"
has "the related one" "$T/out" "$e (related)"
# Past the racy window the archive month is read by its keys (only the
# records that link), not whole: the archived duplicate is still found.
sleep 2.1
"$CSTK" show "$o" >/dev/null	# the index settles: nothing racy
ok "show, the archive settled" show "$o"
has "the archived duplicate, by its month's keys" "$T/out" "$d (duplicate)"
has "and the related one" "$T/out" "$e (related)"
ok "show the duplicate" show "$d"
has "its own link" "$T/out" "duplicate_of    $o"
ok "find by phone" list --phone 1234 --all --format csv
has "the match" "$T/out" "$o,"
has "the duplicate linked to it" "$T/out" "$d,"
has "the related one" "$T/out" "$e,"
ok "without --all" list --phone 1234 --format csv
hasnt "the archived duplicate stays hidden" "$T/out" "$d,"
ok "find the related one by its own phone" list --phone 2222 --format csv
has "itself" "$T/out" "$e,"
has "and what it links to" "$T/out" "$o,"
ok "grep" list --grep 同一订单 --format csv
has "grep finds the match" "$T/out" "$e,"
has "and its link" "$T/out" "$o,"
# --grep rejects files on their bytes first: text that YAML folded over
# lines, quoted or escaped by hand is still found.
f="$CSTK_DATA/tickets/$e.yaml"
python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("\nsubject:", "\ndescription: 客户说 the parcel\n  never came\nexpectation: 'it''s urgent'\nplan: \"\\u9000\\u6b3e\"\nsubject:", 1)
open(p, "w", encoding="utf-8").write(s)
PY
ok "grep a folded line" list --grep "PARCEL NEVER" --format csv
has "found across the fold" "$T/out" "$e,"
ok "grep a doubled quote" list --grep "it's urgent" --format csv
has "found in single quotes" "$T/out" "$e,"
ok "grep an escape" list --grep 退款 --format csv
has "found behind an escape" "$T/out" "$e,"
ok "grep what is not there" list --grep "parcel came" --format csv
hasnt "not found" "$T/out" "$e,"
ok "json" list --phone 2222 --format json
eq "json lists both" "$(grep -c '"id"' "$T/out")" 2
ok "a filter without a search lists no links" list --status intake --phone 2222 --format csv
has "the match" "$T/out" "$e,"

# --- list --reveal is recorded too ---
ok "list masked" list --format csv
hasnt "no name" "$T/out" "李雷"
ok "list revealed" list --reveal --format csv
has "the name" "$T/out" ",李雷,"
has "recorded" "$CSTK_DATA/audit.log" "cmd=list"
has "how many" "$CSTK_DATA/audit.log" "tickets=2"
ok "list JSON revealed" list --reveal --format json --phone 2222
has "the phone in JSON" "$T/out" '"phone":"13700002222"'
ok "check" check
# Two matches linked to one ticket: it is listed once, on either path.
g=$(open_ticket --customer 李雷 --phone 13700003333 --subject 第三次来电)
ok "a second related one" update "$g" --related "$o"
for path in index files; do
	[ $path = files ] && export CSTK_NO_INDEX=1
	ok "both matches ($path)" list --customer 李雷 --format csv
	eq "the one they link to, once ($path)" "$(grep -c "^$o," "$T/out")" 1
	eq "and the two matches ($path)" "$(grep -c -e "^$e," -e "^$g," "$T/out")" 2
done
unset CSTK_NO_INDEX
finish
