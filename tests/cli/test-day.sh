#!/bin/bash
# An agent's day and a supervisor's week (SPEC §10): the defects found by
# trying it — each assertion here failed before its fix.
. "$(dirname "$0")/lib.sh"
new_store
export CSTK_NOW=2026-11-16T09:00:00+08:00

# --- every change records what it replaced ---
a=$(open_ticket --tier vip --category inquiry --priority normal --order A-1)
"$CSTK" update "$a" --set order=A-2 >/dev/null
"$CSTK" show "$a" --format yaml >"$T/y"
has "--set records the old value" "$T/y" "previous: A-1"
"$CSTK" update "$a" --set category=complaint >/dev/null
"$CSTK" show "$a" --format yaml >"$T/y"
has "rerouting records the old team" "$T/y" "previous_team: frontline"
has "rerouting records the new team" "$T/y" "team: supervisors"
"$CSTK" assign "$a" --to zhang >/dev/null
"$CSTK" assign "$a" --to zhao >/dev/null
"$CSTK" show "$a" --format yaml >"$T/y"
grep -A6 'action: reassign' "$T/y" >"$T/re"
has "reassignment records the new owner" "$T/re" "assignee: zhao"
has "reassignment records where it came from" "$T/re" "previous: zhang"
"$CSTK" update "$a" --escalate --to zhang --reason 升级 >/dev/null
"$CSTK" show "$a" --format yaml >"$T/y"
grep -A6 'action: escalate' "$T/y" >"$T/es"
has "a handover records where it came from" "$T/es" "previous: zhao"
b=$(open_ticket --category inquiry --priority low)
"$CSTK" classify "$b" --category complaint --priority low >/dev/null
"$CSTK" show "$b" --format yaml >"$T/y"
has "reclassifying records the old team" "$T/y" "previous_team: frontline"

# --- CSV and JSON carry RFC 3339; the friendly form is the table's ---
ok "list csv" list --format csv
has "the due cell is RFC 3339" "$T/out" ",2026-11-17T09:00:00+08:00,"
ok "list tsv" list --format tsv
has "TSV too" "$T/out" "	2026-11-17T09:00:00+08:00	"
ok "list table" list
has "the table keeps the friendly form" "$T/out" "11-17 09:00"

# --- a missed revisit is late in list and in --overdue ---
"$CSTK" close "$a" --resolution 已处理 >/dev/null
"$CSTK" close "$a" --satisfaction satisfied >/dev/null
eq "a VIP goes to follow-up" "$(field "$a" status)" follow-up
eq "its revisit date" "$(field "$a" revisit.due)" "2026-11-19T09:00:00+08:00"
CSTK_NOW=2026-11-20T09:00:00+08:00 ok "list --overdue a day after the revisit date" list --overdue
has "a missed revisit is overdue" "$T/out" "$a"
has "with how late it is" "$T/out" "11-19 09:00 +24h"
CSTK_NOW=2026-11-20T09:00:00+08:00 ok "list --overdue --format csv" list --overdue --format csv
has "CSV gives the revisit date" "$T/out" "$a,follow-up,normal,complaint,zhang,2026-11-19T09:00:00+08:00"
CSTK_NOW=2026-11-18T09:00:00+08:00 ok "before the revisit date" list --overdue
hasnt "a revisit not yet due is not overdue" "$T/out" "$a"
CSTK_NOW=2026-11-20T09:00:00+08:00 ok "report" report --week 2026-W47 --format json
python3 - "$T/out" "$a" <<'PY' && pass || fail "the report's overdue list lacks the missed revisit"
import json, sys
r = json.load(open(sys.argv[1]))
o = [x for x in r["overdue"] if x["id"] == sys.argv[2]]
assert o and o[0]["hours_over"] == 24.0, o
PY

# --- a week that has not ended counts lateness up to now, not its end ---
c=$(open_ticket --category inquiry --priority urgent)
CSTK_NOW=2026-11-16T11:00:00+08:00 ok "report a week ahead" report --week 2026-W48 --format json
python3 - "$T/out" "$c" <<'PY' && pass || fail "a future week counts lateness ahead of time"
import json, sys
r = json.load(open(sys.argv[1]))
o = {x["id"]: x["hours_over"] for x in r["overdue"]}
assert o.get(sys.argv[2]) == 1.0, o     # urgent: response due 10:00, now 11:00
PY

# --- a resolution without any --contact is the response, late or not ---
new_store
d=$(open_ticket --category inquiry --priority urgent)
"$CSTK" assign "$d" --to chen >/dev/null
CSTK_NOW=2026-11-16T12:00:00+08:00 "$CSTK" close "$d" --resolution 直接解决 >/dev/null
e=$(open_ticket --category inquiry --priority normal)
"$CSTK" assign "$e" --to chen >/dev/null
CSTK_NOW=2026-11-16T09:30:00+08:00 "$CSTK" close "$e" --resolution 当场解决 >/dev/null
CSTK_NOW=2026-11-17T09:00:00+08:00 ok "report" report --week 2026-W47 --format json
python3 - "$T/out" <<'PY' && pass || fail "a response given only by the resolution is not counted"
import json, sys
r = json.load(open(sys.argv[1]))
# urgent answered at 12:00 (due 10:00): late; normal at 09:30 (due next day): met
assert r["sla"]["response_pct"] == 50.0, r["sla"]
assert r["hours"]["response_median"] == 1.8, r["hours"]
PY
# An imported ticket answers at its resolution too: at when it was
# resolved, not when it was imported.
printf 'customer,phone,channel,subject,category,priority,status,created,resolved\n赵六,13800000009,phone,旧单,inquiry,urgent,resolved,2026-11-02T09:00:00+08:00,2026-11-02T12:00:00+08:00\n' >"$T/old.csv"
ok "import a resolved ticket" import "$T/old.csv"
# As an older cstk wrote it: no resolve entry, the import's entry says
# "to: resolved" at the time of the import.
f="$CSTK_DATA/tickets/CS-20261102-0001.yaml"
python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
a = s.index("- at: 2026-11-02T12:00:00+08:00")
b = s.index("- at: 2026-11-16")
s = s[:a] + s[b:]
s = s.replace("  action: import\n", "  action: import\n  to: resolved\n")
open(p, "w", encoding="utf-8").write(s)
PY
ok "the hand-made file passes check" check
CSTK_NOW=2026-11-17T09:00:00+08:00 ok "report W45" report --week 2026-W45 --format json
python3 - "$T/out" <<'PY' && pass || fail "an imported resolution is not the response at its own time"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["sla"]["response_pct"] == 0.0 and r["hours"]["response_median"] == 3.0, (r["sla"], r["hours"])
PY
# --- work the queue: --mine, --sort, --reverse ---
new_store
export CSTK_NOW=2026-11-16T09:00:00+08:00
p1=$(open_ticket --category inquiry --priority low)            # due 11-17 09:00
p2=$(open_ticket --category inquiry --priority urgent)         # due 10:00
p3=$(open_ticket --category complaint --priority normal --tier vip)  # due 11-17 09:00
p4=$(open_ticket --category inquiry --priority normal)         # due 11-17 09:00
for t in "$p1" "$p2" "$p3"; do "$CSTK" assign "$t" --to chen >/dev/null; done
"$CSTK" assign "$p4" --to li >/dev/null
ids() { cut -d' ' -f1 "$T/out" | tail -n +2 | tr '\n' ' '; }
ok "--mine" --by chen list --mine
eq "--mine lists the acting agent's" "$(ids)" "$p1 $p2 $p3 "
CSTK_USER=li ok "--mine from CSTK_USER" list --mine
eq "li's" "$(ids)" "$p4 "
refuse 2 "give --mine or --assignee, not both" "--mine with --assignee" list --mine --assignee li
ok "--sort priority" list --sort priority
eq "most urgent first, then ID" "$(ids)" "$p2 $p3 $p4 $p1 "
ok "--sort priority --reverse" list --sort priority --reverse
eq "--reverse" "$(ids)" "$p1 $p4 $p3 $p2 "
export CSTK_NOW=2026-11-16T12:00:00+08:00
"$CSTK" update "$p1" --note 看过 >/dev/null
ok "--sort updated" list --sort updated
eq "least recently updated first" "$(ids)" "$p2 $p3 $p4 $p1 "
ok "--sort urgency" list --sort urgency
# p2 is 2 h late; the others share a deadline, and the VIP comes first
eq "late first, then the nearest deadline, VIP first at the same time" "$(ids)" "$p2 $p3 $p1 $p4 "
ok "--sort due" list --sort due
eq "soonest first" "$(ids)" "$p2 $p1 $p3 $p4 "
ok "--sort urgency --format json" list --sort urgency --format json
python3 -c "import json,sys; print(' '.join(t['id'] for t in json.load(open(sys.argv[1]))))" "$T/out" >"$T/j"
eq "JSON in the same order" "$(cat "$T/j")" "$p2 $p3 $p1 $p4"
refuse 2 "--sort 'size' is not known; use due, priority, created, updated or urgency" "a bad --sort" list --sort size

# --- the agenda: the day on one screen, each ticket once ---
new_store
export CSTK_NOW=2026-11-16T09:00:00+08:00
g1=$(open_ticket --category inquiry --priority urgent)        # response due 10:00
g2=$(open_ticket --category inquiry --priority normal)        # response due 11-17 09:00
g3=$(open_ticket --category inquiry --priority low)           # resolved: to chase
g4=$(open_ticket --category complaint --priority low --tier vip)  # follow-up
g5=$(open_ticket --category inquiry --priority normal)        # classified, unowned
g6=$(open_ticket --category request --priority normal)        # another team's
g7=$(open_ticket)                                             # intake
g8=$(open_ticket --category inquiry --priority normal)        # li's
for t in "$g1" "$g2" "$g3"; do "$CSTK" assign "$t" --to chen >/dev/null; done
"$CSTK" assign "$g4" --to chen >/dev/null
"$CSTK" assign "$g8" --to li >/dev/null
"$CSTK" close "$g3" --resolution 已答复 >/dev/null
"$CSTK" close "$g4" --resolution 已处理 >/dev/null
"$CSTK" close "$g4" --satisfaction satisfied >/dev/null   # revisit due 11-19 09:00
export CSTK_NOW=2026-11-19T08:00:00+08:00
"$CSTK" update "$g2" --contact 已联系 >/dev/null          # resolution due 11-18 09:00: late
ok "agenda json" --by chen agenda --format json
python3 - "$T/out" "$g1" "$g2" "$g3" "$g4" "$g5" "$g6" "$g7" "$g8" <<'PY' && pass || fail "chen's agenda is not the day"
import json, sys
a = json.load(open(sys.argv[1]))
g = dict(zip("12345678", sys.argv[2:]))
ids = lambda k: [t["id"] for t in a[k]]
assert a["agent"] == "chen", a["agent"]
assert ids("overdue") == [g["1"], g["2"]], a["overdue"]     # the latest first
assert a["overdue"][0]["hours_over"] == 70.0, a["overdue"][0]
assert ids("due_today") == [], a["due_today"]
assert ids("confirm") == [g["3"]], a["confirm"]
assert ids("revisits") == [g["4"]], a["revisits"]
assert ids("unassigned") == [g["7"], g["5"]], a["unassigned"]   # chen's team (frontline) and intake
assert all(t["customer"] == "王**" for t in a["overdue"]), a["overdue"]  # masked
PY
ok "agenda --all-agents" agenda --all-agents --format json
python3 - "$T/out" "$g6" "$g8" <<'PY' && pass || fail "the team's agenda lacks a ticket"
import json, sys
a = json.load(open(sys.argv[1]))
every = [t["id"] for k in ("overdue", "due_today", "confirm", "revisits", "unassigned") for t in a[k]]
assert a["agent"] is None and sys.argv[2] in every and sys.argv[3] in every, every
assert len(every) == len(set(every)), "a ticket twice"
PY
ok "agenda --agent li" agenda --agent li
has "li's late ticket" "$T/out" "$g8"
hasnt "not chen's" "$T/out" "$g1"
# A date promised to the customer, not yet reached: the agenda shows the
# promise as list does, not "+Nh" counted from the SLA deadline beside it.
"$CSTK" update "$g8" --due resolution=2026-11-20T12:00 --reason 客户同意 >/dev/null
ok "agenda --agent li, promised but not yet reached" agenda --agent li
hasnt "before a contact the response deadline matters, not the promise" "$T/out" "promised"
"$CSTK" update "$g8" --contact 已联系 >/dev/null
ok "agenda --agent li, promised" agenda --agent li
has "the promised date, marked" "$T/out" "11-20 12:00 promised"
hasnt "not late against the promise" "$T/out" "11-20 12:00 +"
ok "list, promised" list
grep "$g8" "$T/out" | grep -q "11-20 12:00 promised" && pass || fail "list does not show the promise as the agenda does"
# A promise that has passed says by how much, in the agenda and in list.
CSTK_NOW=2026-11-20T15:00:00+08:00 ok "agenda --agent li, the promise past" agenda --agent li
has "a broken promise, marked" "$T/out" "11-20 12:00 promised +3h"
CSTK_NOW=2026-11-20T15:00:00+08:00 ok "list, the promise past" list
grep "$g8" "$T/out" | grep -q "11-20 12:00 promised +3h" && pass || fail "list does not mark the broken promise"
ok "agenda --agent li json" agenda --agent li --format json
python3 - "$T/out" "$g8" <<'PY' && pass || fail "the agenda's JSON lacks the promise"
import json, sys
t = [t for t in json.load(open(sys.argv[1]))["overdue"] if t["id"] == sys.argv[2]]
assert t and t[0]["promised"] is True and t[0]["when"].startswith("2026-11-20T12:00"), t
assert t[0]["hours_over"] > 0, t   # the SLA is still measured against the original
PY
ok "agenda text" --by chen agenda
has "a heading with its count" "$T/out" "OVERDUE (2)"
has "how late" "$T/out" "11-16 10:00 +3d"
LC_ALL=zh_CN.UTF-8 "$CSTK" --by chen agenda >"$T/zh"
has "in Chinese" "$T/zh" "超期"
refuse 2 "give --agent or --all-agents, not both" "both" agenda --agent li --all-agents
refuse 2 "--format 'xml' is not known; use text or json" "a bad agenda format" agenda --format xml
CSTK_USER= USER= run agenda
eq "no agent known: exit" "$rc" 2
has "no agent known: the fix" "$T/err" "cstk: who is doing this? give --by NAME or set CSTK_USER"
finish
