#!/bin/bash
# cstk why: every date and owner explained from the rule that set it.
. "$(dirname "$0")/lib.sh"
new_store
python3 - "$CSTK_DATA/cstk.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("urgent: {response: 1, resolution: 24}", "urgent: {response: 15m, resolution: 1bd}")
s += """calendar:
  week: {mon: "09:00-12:00,13:30-18:00", tue: "09:00-18:00", wed: "09:00-18:00",
         thu: "09:00-18:00", fri: "09:00-18:00", sat: "09:00-12:00"}
  holidays: ["2026-10-01..2026-10-07"]
  workdays: ["2026-10-10"]
"""
open(p, "w", encoding="utf-8").write(s)
PY
export CSTK_NOW=2026-09-30T17:30:00+08:00
w=$(open_ticket --tier vip --category complaint --priority urgent)
"$CSTK" assign "$w" >/dev/null
ok "why" why "$w"
has "a clock-time deadline" "$T/out" "priority urgent: first response within 15m"
has "a working-days deadline" "$T/out" "priority urgent: resolution within 1bd"
has "the start" "$T/out" "counted from created 2026-09-30T17:30:00+08:00"
has "the working time skipped, with the holidays" "$T/out" "skipped 183.0 h outside working time: 7 holidays (2026-10-01..2026-10-07), 15.0 h of nights and breaks"
has "the routing" "$T/out" "category complaint routes to team supervisors (cstk.yaml: categories)"
has "the loads assign compared" "$T/out" "the fewest tickets in 'assigned' (team supervisors: zhang 0, zhao 0)"
"$CSTK" show "$w" --format yaml >"$T/y"
has "the loads are in the history" "$T/y" "loads: 'team supervisors: zhang 0, zhao 0'"
# A second round counts from its reopening.
CSTK_NOW=2026-10-08T10:00:00+08:00 "$CSTK" close "$w" --resolution 已补发 >/dev/null
CSTK_NOW=2026-10-09T10:00:00+08:00 "$CSTK" close "$w" --satisfaction unsatisfied >/dev/null
CSTK_NOW=2026-10-09T11:00:00+08:00 ok "why, second round" why "$w"
has "counted from the reopening" "$T/out" "counted from the reopening at 2026-10-09T10:00:00+08:00 (round 2); the round before was due 2026-10-08T17:30:00+08:00"
has "the new deadline" "$T/out" "due.resolution  2026-10-10T10:00:00+08:00"
# --to, and a revisit.
CSTK_NOW=2026-10-09T12:00:00+08:00 "$CSTK" assign "$w" --to wang >/dev/null
CSTK_NOW=2026-10-09T12:30:00+08:00 "$CSTK" close "$w" --resolution 已补发 --satisfaction satisfied >/dev/null
CSTK_NOW=2026-10-09T13:00:00+08:00 ok "why, followed up" why "$w"
has "an owner given by hand" "$T/out" "given with --to by tester at 2026-10-09T12:00:00+08:00"
has "the revisit rule" "$T/out" "tier vip is revisited, within 3d of the customer's confirmation (2026-10-09T12:30:00+08:00)"
# A policy changed since: said, not hidden.
sed -i 's/urgent: {response: 15m, resolution: 1bd}/urgent: {response: 30m, resolution: 1bd}/' "$CSTK_DATA/cstk.yaml"
x=$(open_ticket)
ok "why, unclassified" why "$x"
has "no deadlines before classify" "$T/out" "none yet: they are set when the ticket is classified"
refuse 2 "'nope' is not a ticket ID" "bad ID" why nope
refuse 4 "no ticket 'CS-20260930-0099'" "no such ticket" why CS-20260930-0099
refuse 2 "needs more arguments" "no ID" why
# --- deadline rules: the first matching rule sets the figures it names ---
new_store
cat >>"$CSTK_DATA/cstk.yaml" <<'YAML'
deadlines:
  - {when: {category: complaint, tier: vip}, response: 30m, resolution: 1d, confirm: 2d}
  - {when: {channel: [email, web]}, resolution: 3d, start: assigned}
YAML
export CSTK_NOW=2026-11-23T09:00:00+08:00
v=$(open_ticket --tier vip --category complaint --priority normal)
eq "a rule's response" "$(field "$v" due.response)" "2026-11-23T09:30:00+08:00"
eq "a rule's resolution" "$(field "$v" due.resolution)" "2026-11-24T09:00:00+08:00"
"$CSTK" assign "$v" --to zhang >/dev/null
CSTK_NOW=2026-11-23T15:00:00+08:00 "$CSTK" close "$v" --resolution 已处理 >/dev/null
eq "a confirm deadline from resolved" "$(field "$v" due.confirm)" "2026-11-25T15:00:00+08:00"
ok "why names the rule" why "$v"
has "the rule and its line" "$T/out" "deadline rule at cstk.yaml:$(grep -n '^  - {when: {category: complaint, tier: vip}, response: 30m, resolution: 1d,' "$CSTK_DATA/cstk.yaml" | cut -d: -f1): first response within 30m"
has "the confirm deadline explained" "$T/out" "deadline rule at cstk.yaml:"
has "counted from resolved" "$T/out" "counted from resolved 2026-11-23T15:00:00+08:00"
e=$("$CSTK" open --customer 李 --channel email --subject 发票 --category inquiry --priority normal)
eq "start: assigned: no deadline before the assignment" "$(field "$e" due.resolution)" ""
eq "nor a response deadline" "$(field "$e" due.response)" ""
CSTK_NOW=2026-11-23T11:00:00+08:00 "$CSTK" assign "$e" --to li >/dev/null
eq "counted from the assignment" "$(field "$e" due.resolution)" "2026-11-26T11:00:00+08:00"
eq "the priority's response, from the assignment too" "$(field "$e" due.response)" "2026-11-24T11:00:00+08:00"
CSTK_NOW=2026-11-23T12:00:00+08:00 "$CSTK" assign "$e" --to wang >/dev/null
eq "a reassignment does not move it" "$(field "$e" due.resolution)" "2026-11-26T11:00:00+08:00"
ok "why, start: assigned" why "$e"
has "why says so" "$T/out" "counted from the assignment at 2026-11-23T11:00:00+08:00 (start: assigned)"
has "the rule's figure is the rule's" "$T/out" "deadline rule at cstk.yaml:$(grep -n '^  - {when: {channel: \[email, web\]}' "$CSTK_DATA/cstk.yaml" | cut -d: -f1): resolution within 3d"
has "a figure the rule does not name is the priority's" "$T/out" "priority normal: first response within 24h"
p=$(open_ticket --category inquiry --priority normal)
eq "no rule matches: the priority's" "$(field "$p" due.resolution)" "2026-11-25T09:00:00+08:00"

# --- revisit windows as rules, on the calendar ---
new_store
cat >>"$CSTK_DATA/cstk.yaml" <<'YAML'
calendar:
  holidays: ["2026-12-31..2027-01-01"]
YAML
sed -i 's/^revisit:$/revisit_old:/' "$CSTK_DATA/cstk.yaml"
python3 - "$CSTK_DATA/cstk.yaml" <<'PY'
import sys, re
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = re.sub(r"revisit_old:\n(  .*\n)+", "", s)
s += """revisit:
  - {when: {tier: vip}, within: 3d}
  - {when: {category: after-sales}, within: 3bd}
"""
open(p, "w", encoding="utf-8").write(s)
PY
ok "revisit rules pass check" check
export CSTK_NOW=2026-12-29T10:00:00+08:00
a=$(open_ticket --category after-sales --priority low)
"$CSTK" assign "$a" --to liu >/dev/null
"$CSTK" close "$a" --resolution 已修 --satisfaction satisfied >/dev/null
eq "3bd over New Year's holidays" "$(field "$a" revisit.due)" "2027-01-05T10:00:00+08:00"
ok "why, a revisit rule" why "$a"
has "why names the revisit rule" "$T/out" "revisit rule at cstk.yaml:$(grep -n 'category: after-sales}, within: 3bd' "$CSTK_DATA/cstk.yaml" | cut -d: -f1): within 3bd"
b=$(open_ticket --category inquiry --priority low)
"$CSTK" assign "$b" --to li >/dev/null
"$CSTK" close "$b" --resolution 已答 --satisfaction satisfied >/dev/null
eq "no rule matches: archived without a revisit" "$(field "$b" status)" "archived"
sed -i 's/within: 3bd}/within: soon}/' "$CSTK_DATA/cstk.yaml"
refuse 1 "within is 'soon'; it should be a duration" "a bad revisit window" list

# --- a new date promised to the customer; the SLA keeps the original ---
new_store
export CSTK_NOW=2026-11-23T09:00:00+08:00
q=$(open_ticket --category inquiry --priority normal)
"$CSTK" assign "$q" --to li >/dev/null
before=$(field "$q" due.resolution)
resp=$(field "$q" due.response)
ok "a promise" update "$q" --due "resolution=2026-11-27 18:00" --reason 等待厂家配件
eq "due.promised" "$(field "$q" due.promised)" "2026-11-27T18:00:00+08:00"
eq "the SLA deadline stays" "$(field "$q" due.resolution)" "$before"
"$CSTK" show "$q" --format yaml >"$T/q"
has "the history keeps the promise" "$T/q" "due: 2026-11-27T18:00:00+08:00"
has "and why" "$T/q" "note: 等待厂家配件"
ok "list, before a contact" list
hasnt "before the customer was reached, the response deadline matters" "$T/out" "promised"
CSTK_NOW=2026-11-26T12:00:00+08:00 run list --overdue
has "overdue still by the SLA deadline" "$T/out" "$q"
CSTK_NOW=2026-11-26T12:00:00+08:00 run report --since 2026-11-23 --until 2026-11-26T12:00:00+08:00 --format json
has "the report measures the deadline the policy set (no contact yet: the response)" "$T/out" "\"due\":\"$resp\""
CSTK_NOW=2026-11-23T10:00:00+08:00 "$CSTK" update "$q" --contact 已联系 >/dev/null
CSTK_NOW=2026-11-23T10:00:00+08:00 ok "list, the customer reached" list
has "list shows the promise" "$T/out" "11-27 18:00 promised"
ok "why, a promise" why "$q"
has "why shows the promise" "$T/out" "promised to the customer by tester at 2026-11-23T09:00:00+08:00: 等待厂家配件"
refuse 2 "--due needs --reason TEXT" "a promise without a reason" update "$q" --due resolution=2026-11-28
refuse 2 "--due 'response=2026-11-28' should be resolution=TIME" "only the resolution" update "$q" --due response=2026-11-28 --reason x
refuse 2 "--due resolution 'soon' is not a time" "a bad time" update "$q" --due resolution=soon --reason x
refuse 2 "the promised date is before the ticket was created" "a promise in the past" update "$q" --due resolution=2026-11-01 --reason x
"$CSTK" close "$q" --resolution 已换 >/dev/null
refuse 3 "a date can be promised only while it is being worked on" "no promise once resolved" update "$q" --due resolution=2026-11-30 --reason x

finish
