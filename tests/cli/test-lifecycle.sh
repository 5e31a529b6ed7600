#!/bin/bash
# The whole lifecycle: intake → classify → assign → resolve → confirm →
# follow-up → archive, second rounds, rejection, revisit rules.
. "$(dirname "$0")/lib.sh"
new_store

# --- a VIP complaint, all the way, revisited within 3 days ---
id=$(open_ticket --tier vip --order 20240520001 --product 智能手环)
eq "open prints the ID alone" "$id" "CS-20261122-0001"
eq "open: status" "$(field "$id" status)" "intake"
eq "open: rounds start at 1" "$(field "$id" rounds)" "1"
ok "classify" classify "$id" --category complaint --priority urgent --module logistics
eq "classify: status" "$(field "$id" status)" "classified"
eq "classify: response due = created + 1h" "$(field "$id" due.response)" "2026-11-22T10:15:00+08:00"
eq "classify: resolution due = created + 24h" "$(field "$id" due.resolution)" "2026-11-23T09:15:00+08:00"
eq "classify: routed to the complaint team" "$(field "$id" team)" "supervisors"
ok "assign without --to" assign "$id"
eq "assign picks the first member by name" "$(cat "$T/out")" "zhang"
eq "assign: status" "$(field "$id" status)" "assigned"
CSTK_NOW=2026-11-22T09:40:00+08:00 ok "first contact" update "$id" --contact "已致电客户"
eq "first contact sets responded" "$(field "$id" responded)" "2026-11-22T09:40:00+08:00"
CSTK_NOW=2026-11-22T11:00:00+08:00 ok "second contact" update "$id" --contact "再次致电"
eq "responded stays the first contact" "$(field "$id" responded)" "2026-11-22T09:40:00+08:00"
eq "contacts counted" "$(field "$id" contacts)" "2"
i2=$(open_ticket)
refuse 3 "--escalate --to hands over an assigned ticket" "escalate --to on an intake ticket" update "$i2" --escalate --to zhao --reason x
eq "the refused handover changed nothing" "$(field "$i2" escalations)" "0"
ok "escalate without --to on an intake ticket" update "$i2" --escalate --reason 客户着急
ok "plan" update "$id" --plan "联系仓库补发"
ok "escalate" update "$id" --escalate --to zhao --reason "客户情绪激动"
eq "escalations counted" "$(field "$id" escalations)" "1"
eq "escalate --to hands it over" "$(field "$id" assignee)" "zhao"
CSTK_NOW=2026-11-22T15:00:00+08:00 ok "resolve" close "$id" --resolution "已补发" --responsibility 物流 --compensation "30元无门槛券"
eq "resolve: status" "$(field "$id" status)" "resolved"
eq "resolve: responsibility stored in English" "$(field "$id" responsibility)" "logistics"
eq "resolve: resolved time" "$(field "$id" resolved)" "2026-11-22T15:00:00+08:00"
CSTK_NOW=2026-11-23T10:00:00+08:00 ok "confirm satisfied" close "$id" --satisfaction 满意 --comment "谢谢"
eq "VIP goes to follow-up" "$(field "$id" status)" "follow-up"
eq "VIP revisit due in 3 days" "$(field "$id" revisit.due)" "2026-11-26T10:00:00+08:00"
CSTK_NOW=2026-11-26T09:00:00+08:00 run revisit
has "revisit lists the due ticket" "$T/out" "$id"
CSTK_NOW=2026-11-25T09:00:00+08:00 run revisit
hasnt "not due the day before" "$T/out" "$id"
ok "no answer" revisit "$id" --no-answer
eq "attempt counted" "$(field "$id" revisit.attempts)" "1"
eq "still in follow-up" "$(field "$id" status)" "follow-up"
CSTK_NOW=2026-11-26T10:00:00+08:00 ok "revisit satisfied" revisit "$id" --satisfaction satisfied --result "已收到"
eq "archived" "$(field "$id" status)" "archived"
eq "outcome resolved" "$(field "$id" outcome)" "resolved"
[ -f "$CSTK_DATA/archive/2026-11/$id.yaml" ] && pass || fail "archived file under archive/2026-11"
[ ! -e "$CSTK_DATA/tickets/$id.yaml" ] && pass || fail "archived ticket left tickets/"
ok "show finds an archived ticket" show "$id"
refuse 3 "it is in 'archived'" "update refused in archived" update "$id" --note x

# --- a non-VIP inquiry is archived at confirmation, no revisit ---
id2=$(open_ticket --tier regular --category inquiry --priority normal)
eq "open with class: classified at once" "$(field "$id2" status)" "classified"
eq "normal: response due in 24h" "$(field "$id2" due.response)" "2026-11-23T09:15:00+08:00"
eq "inquiry routed to frontline" "$(field "$id2" team)" "frontline"
ok "assign --to" assign "$id2" --to wang
ok "resolve and confirm at once" close "$id2" --resolution "已解答" --satisfaction neutral
eq "inquiry archived without revisit" "$(field "$id2" status)" "archived"
eq "no revisit due" "$(field "$id2" revisit.due)" ""

# --- a non-VIP complaint: revisit within 7 days ---
id3=$(open_ticket --tier new --category complaint --priority low)
ok "assign" assign "$id3"
ok "resolve" close "$id3" --resolution "道歉"
ok "confirm" close "$id3" --satisfaction satisfied
eq "complaint revisit due in 7 days" "$(field "$id3" revisit.due)" "2026-11-29T09:15:00+08:00"

# --- unsatisfied at confirmation: second round ---
id4=$(open_ticket --category after-sales --priority normal)
ok "assign" assign "$id4" --to liu
ok "resolve" close "$id4" --resolution "寄修"
ok "confirm unsatisfied" close "$id4" --satisfaction 不满意 --comment "还是坏的"
eq "back to assigned" "$(field "$id4" status)" "assigned"
eq "rounds 2" "$(field "$id4" rounds)" "2"
ok "resolve again" close "$id4" --resolution "换新"
ok "confirm satisfied" close "$id4" --satisfaction satisfied
eq "archived after round 2" "$(field "$id4" status)" "archived"

# --- unsatisfied at revisit: second round ---
id5=$(open_ticket --tier vip --category inquiry --priority low)
ok "assign" assign "$id5"
ok "resolve+confirm" close "$id5" --resolution "已答复" --satisfaction satisfied
eq "vip inquiry to follow-up" "$(field "$id5" status)" "follow-up"
ok "revisit unsatisfied" revisit "$id5" --satisfaction unsatisfied --result "问题复现"
eq "revisit reopens" "$(field "$id5" status)" "assigned"
eq "rounds 2 after revisit" "$(field "$id5" rounds)" "2"
ok "resolve" close "$id5" --resolution "升级处理"
ok "confirm" close "$id5" --satisfaction satisfied
eq "follow-up again" "$(field "$id5" status)" "follow-up"
eq "revisit result of round 1 cleared" "$(field "$id5" revisit.result)" ""
ok "revisit ok" revisit "$id5" --satisfaction neutral
eq "archived" "$(field "$id5" status)" "archived"

# --- reject from any open status ---
for st in intake classified assigned resolved follow-up; do
	r=$(open_ticket --tier vip)
	[ "$st" != intake ] && "$CSTK" classify "$r" --category complaint --priority normal
	case $st in assigned|resolved|follow-up) "$CSTK" assign "$r" >/dev/null ;; esac
	case $st in resolved|follow-up) "$CSTK" close "$r" --resolution x ;; esac
	[ "$st" = follow-up ] && "$CSTK" close "$r" --satisfaction satisfied
	eq "setup $st" "$(field "$r" status)" "$st"
	ok "reject from $st" close "$r" --reject "重复工单"
	eq "rejected from $st" "$(field "$r" outcome)" "rejected"
	eq "archived from $st" "$(field "$r" status)" "archived"
done

# --- reclassify and reassign are logged ---
r=$(open_ticket)
ok "classify" classify "$r" --category inquiry --priority low
ok "reclassify" classify "$r" --category complaint --priority urgent
eq "reclassified" "$(field "$r" category)" "complaint"
eq "team follows the new category" "$(field "$r" team)" "supervisors"
ok "assign" assign "$r" --to a1
ok "reassign" assign "$r" --to a2
eq "reassigned" "$(field "$r" assignee)" "a2"
run show "$r" --format yaml
has "reclassify logged" "$T/out" "action: reclassify"
has "reassign logged" "$T/out" "action: reassign"

# --- --at backfills an event; --by names the actor ---
r=$(CSTK_NOW=2026-11-20T08:00:00+08:00 "$CSTK" --by li open --customer 张三 --channel web --subject 发票抬头错误)
eq "ID carries the creation date" "$r" "CS-20261120-0001"
ok "classify --at" classify "$r" --category request --priority normal --at "2026-11-20 09:30" --by wang
run show "$r" --format yaml
has "--at recorded" "$T/out" "at: 2026-11-20T09:30:00+08:00"
has "--by recorded" "$T/out" "by: wang"
has "open --by recorded" "$T/out" "by: li"
# Times must be possible (SPEC §10): nothing changes when they are not.
before=$(tree_sum)
refuse 2 "--at 2026-11-20T07:00:00+08:00 is before ticket '$r' was created (2026-11-20T08:00:00+08:00)" "--at before creation" update "$r" --note x --at "2026-11-20 07:00"
refuse 2 "--at 2026-11-20T09:00:00+08:00 is before the last event of ticket '$r' (2026-11-20T09:30:00+08:00)" "--at before the last event" assign "$r" --to li --at "2026-11-20 09:00"
refuse 2 "is in the future (now is 2026-11-22T09:15:00+08:00)" "--at more than 5 minutes ahead" update "$r" --note x --at "2026-11-22 09:21"
eq "the refused times changed nothing" "$(tree_sum)" "$before"
ok "--at within 5 minutes ahead is fine (clocks differ)" update "$r" --note x --at "2026-11-22 09:19"
# The next write without --at, at 09:15: recorded at the last event's 09:19,
# so the history stays in order.
ok "a write after an --at ahead of now" update "$r" --note y
run show "$r" --format json
python3 - "$T/out" <<'PY' && pass || fail "the history is out of order after an --at ahead of now"
import json, sys
h = json.load(open(sys.argv[1]))["history"]
at = [e["at"] for e in h]
assert at == sorted(at) and at[-1] == "2026-11-22T09:19:00+08:00" and h[-1]["note"] == "y", at[-2:]
PY
CSTK_USER=supervisor ok "show --reveal after it" show "$r" --reveal
run show "$r" --format json
python3 -c "
import json,sys; h=json.load(open(sys.argv[1]))['history']
assert h[-1]['action'] == 'reveal' and h[-1]['at'] == '2026-11-22T09:19:00+08:00', h[-1]" "$T/out" &&
    pass || fail "show --reveal recorded before the last event"

# --- auto-assign balances by assigned load ---
new_store
a=$(open_ticket --category inquiry --priority normal); "$CSTK" assign "$a" >/dev/null
b=$(open_ticket --category inquiry --priority normal); "$CSTK" assign "$b" >/dev/null
c=$(open_ticket --category inquiry --priority normal); "$CSTK" assign "$c" >/dev/null
d=$(open_ticket --category inquiry --priority normal); "$CSTK" assign "$d" >/dev/null
eq "round robin by load" "$(field "$a" assignee),$(field "$b" assignee),$(field "$c" assignee),$(field "$d" assignee)" "chen,li,wang,chen"

# --- a second round gets its own deadlines; the first round's are kept ---
new_store
r2=$(CSTK_NOW=2026-11-16T10:00:00+08:00 open_ticket --category inquiry --priority normal)
CSTK_NOW=2026-11-16T10:05:00+08:00 "$CSTK" assign "$r2" --to li >/dev/null
CSTK_NOW=2026-11-16T11:00:00+08:00 "$CSTK" update "$r2" --contact 回电 >/dev/null
CSTK_NOW=2026-11-17T14:00:00+08:00 "$CSTK" close "$r2" --resolution 已改 >/dev/null
eq "first round: resolution due 48 h after creation" "$(field "$r2" due.resolution)" "2026-11-18T10:00:00+08:00"
CSTK_NOW=2026-11-19T09:00:00+08:00 ok "unsatisfied after the first deadline passed" close "$r2" --satisfaction unsatisfied
eq "second round: due 48 h after the reopening" "$(field "$r2" due.resolution)" "2026-11-21T09:00:00+08:00"
eq "and the response deadline too" "$(field "$r2" due.response)" "2026-11-20T09:00:00+08:00"
"$CSTK" show "$r2" --format yaml >"$T/r2"
has "the first round's deadline is in the history" "$T/r2" "due_resolution: 2026-11-18T10:00:00+08:00"
CSTK_NOW=2026-11-19T09:30:00+08:00 run list --overdue
hasnt "the reopened ticket is not overdue the moment it reopens" "$T/out" "$r2"
CSTK_NOW=2026-11-19T09:30:00+08:00 run report --week 2026-W47 --format json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["sla"]["resolution_pct"]==100.0 and r["sla"]["response_pct"]==100.0, r["sla"]' "$T/out" &&
    pass || fail "the first round is measured against its own deadlines"
CSTK_NOW=2026-11-22T10:00:00+08:00 run list --overdue
has "the second round's deadline counts once it passes" "$T/out" "$r2"

# --- deadlines in the team's durations and working calendar (SPEC §9) ---
new_store
python3 - "$CSTK_DATA/cstk.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("urgent: {response: 1, resolution: 24}", "urgent: {response: 15m, resolution: 1bd}")
s = s.replace("normal: {response: 24, resolution: 48}", "normal: {response: 4bh, resolution: 2bd}")
s += """calendar:
  week: {mon: "09:00-12:00,13:30-18:00", tue: "09:00-18:00", wed: "09:00-18:00",
         thu: "09:00-18:00", fri: "09:00-18:00", sat: "09:00-12:00"}
  holidays: ["2026-10-01..2026-10-07"]
  workdays: ["2026-10-10"]
"""
open(p, "w", encoding="utf-8").write(s)
PY
ok "a policy with a calendar passes check" check
c1=$(open_ticket --category complaint --priority urgent --at 2026-09-30T17:30:00+08:00)
eq "15m is clock time" "$(field "$c1" due.response)" "2026-09-30T17:45:00+08:00"
eq "1bd skips the National Day week" "$(field "$c1" due.resolution)" "2026-10-08T17:30:00+08:00"
c2=$(open_ticket --category inquiry --priority normal --at 2026-10-10T17:00:00+08:00)
eq "4bh from the make-up Saturday (Monday's hours): 1 h there, 3 on Monday morning" "$(field "$c2" due.response)" "2026-10-12T12:00:00+08:00"
c3=$(CSTK_NOW=2026-11-23T11:30:00+08:00 open_ticket --category inquiry --priority normal)
eq "4bh across the Monday lunch break" "$(field "$c3" due.response)" "2026-11-23T17:00:00+08:00"
eq "2bd on Wednesday" "$(field "$c3" due.resolution)" "2026-11-25T11:30:00+08:00"
sed -i 's/urgent: {response: 15m/urgent: {response: 15x/' "$CSTK_DATA/cstk.yaml"
line=$(grep -n 'urgent: {response: 15x' "$CSTK_DATA/cstk.yaml" | cut -d: -f1)
refuse 1 "cstk.yaml:$line:22: response is '15x'; it should be a duration like 15m" "a bad duration names its line" list

finish
