#!/bin/bash
# Every figure of SPEC §6 on a small store whose answers are worked out by
# hand below; the same figures in json, csv and table; a past week reads
# the same later; the HTML renders in headless Chromium.
. "$(dirname "$0")/lib.sh"
new_store
at() { local when=$1; shift; CSTK_NOW="2026-11-$when:00+08:00" "$CSTK" "$@"; }
o() { at "$1" open --customer "$2" --customer-id "$3" --tier "$4" --channel phone --subject "$5" "${@:6}"; }

# Week 2026-W47 is [Mon 11-16 00:00, Mon 11-23 00:00) at +08:00.
# T1 VIP complaint, all on time, revisited on time.
t1=$(o 16T09:00 王丽 C1 vip 未发货 --category complaint --priority urgent --module logistics)
at 16T09:10 assign "$t1" --to zhang >/dev/null
at 16T09:30 update "$t1" --contact 已联系           # response 0.5 h, due 10:00: met
at 16T20:00 close "$t1" --resolution 已补发          # 11 h, due 11-17 09:00: met
at 17T10:00 close "$t1" --satisfaction satisfied      # -> follow-up, revisit due 11-20 10:00
at 19T10:00 revisit "$t1" --satisfaction satisfied    # on time; archived 11-19
# T2 inquiry, late response, unsatisfied once (second round).
t2=$(o 16T10:00 李强 C2 regular 改地址 --category inquiry --priority normal --module order)
at 16T10:05 assign "$t2" --to li >/dev/null
at 17T12:00 update "$t2" --contact 回电             # 26 h, due 11-17 10:00: missed
at 17T14:00 close "$t2" --resolution 已改
at 17T16:00 close "$t2" --satisfaction unsatisfied    # rating 1; rounds 2
at 18T09:00 close "$t2" --resolution 再次确认         # latest resolved: 47 h, due 11-18 10:00: met
at 18T12:00 close "$t2" --satisfaction neutral        # rating 2; archived 11-18
# T3 the same customer's second complaint, escalated, resolved late.
t3=$(o 17T09:00 王丽 C1 new 又没发货 --category complaint --priority normal --module logistics)
at 17T09:05 assign "$t3" --to zhang >/dev/null
at 17T09:15 update "$t3" --contact 致电             # 0.25 h: met
at 17T11:00 update "$t3" --escalate --reason 客户激动
at 19T12:00 close "$t3" --resolution 赔付            # 51 h, due 11-19 09:00: missed
at 19T13:00 close "$t3" --satisfaction satisfied      # -> follow-up, due 11-26 (next week)
# T4 urgent, never contacted: overdue at the end of the week.
t4=$(o 18T09:00 张伟 C3 regular 手环坏了 --category after-sales --priority urgent --module hardware)
at 18T09:05 assign "$t4" --to liu >/dev/null
# T5 rejected.
t5=$(o 19T09:00 赵敏 C7 regular 要功能 --category request --priority low)
at 19T10:00 close "$t5" --reject 重复
# T6 from the week before, revisited late this week (VIP).
t6=$(o 10T09:00 周杰 C4 vip 咨询 --category inquiry --priority low --module order)
at 10T09:30 assign "$t6" --to wang >/dev/null
at 10T10:00 update "$t6" --contact 回复
at 11T10:00 close "$t6" --resolution 已答
at 12T10:00 close "$t6" --satisfaction satisfied      # revisit due 11-15 10:00
at 17T10:00 revisit "$t6" --satisfaction satisfied    # late, but due last week; archived 11-17
# T7 VIP complaint whose revisit falls due this week and is missed.
t7=$(o 12T09:00 吴芳 C5 vip 扣款两次 --category complaint --priority normal --module payment)
at 12T09:10 assign "$t7" --to zhao >/dev/null
at 12T10:00 update "$t7" --contact 核实
at 13T10:00 close "$t7" --resolution 已退
at 13T12:00 close "$t7" --satisfaction satisfied      # revisit due 11-16 12:00: missed
# T8 still in intake; T9 after the week.
t8=$(o 20T09:00 孙丽 C6 regular 咨询)
t9=$(o 23T09:00 钱七 C8 regular 下周的)

export CSTK_NOW=2026-11-23T12:00:00+08:00
ok "report json" report --week 2026-W47 --format json
cp "$T/out" "$T/r.json"
python3 - "$T/r.json" "$t4" "$t7" <<'PY' && pass || fail "a §6 figure differs from the hand-worked answer"
import json, sys
r = json.load(open(sys.argv[1]))
t4, t7 = sys.argv[2], sys.argv[3]
want = {
 "period": {"since": "2026-11-16T00:00:00+08:00", "until": "2026-11-23T00:00:00+08:00"},
 "opened": 6, "resolved": 3, "archived": 4,
 "backlog": {"intake": 1, "classified": 0, "assigned": 1, "resolved": 0, "follow-up": 2},
 "fcr_pct": 33.3, "escalation_pct": 33.3, "reopen_pct": 33.3,
 "repeat_complaints": {"customers": 1, "repeat": 1, "pct": 100.0},
 "revisits": {"due": 2, "on_time": 1, "late": 0, "missed": 1, "vip_coverage_pct": 100.0},
 # T7's missed revisit is overdue too (SPEC §10), the worst first
 "overdue": [{"id": t7, "priority": "normal", "assignee": "zhao",
              "due": "2026-11-16T12:00:00+08:00", "hours_over": 156.0},
             {"id": t4, "priority": "urgent", "assignee": "liu",
              "due": "2026-11-18T10:00:00+08:00", "hours_over": 110.0}],
 "top_problems": [{"category": "complaint", "module": "logistics", "count": 2},
                  {"category": "after-sales", "module": "hardware", "count": 1},
                  {"category": "inquiry", "module": "order", "count": 1},
                  {"category": "request", "module": "-", "count": 1}],
 "agents": [
   {"agent": "li", "assigned": 1, "resolved": 1, "resolution_median": 47.0, "sla_pct": 100.0, "csat_pct": 0.0},
   {"agent": "liu", "assigned": 1, "resolved": 0, "resolution_median": None, "sla_pct": None, "csat_pct": None},
   {"agent": "zhang", "assigned": 2, "resolved": 2, "resolution_median": 31.0, "sla_pct": 50.0, "csat_pct": 100.0}],
}
bad = []
for k, v in want.items():
    if r.get(k) != v:
        bad.append((k, r.get(k), v))
if r["sla"]["response_pct"] != 66.7 or r["sla"]["resolution_pct"] != 66.7: bad.append(("sla", r["sla"]))
if r["sla"]["resolution_pct_by_priority"] != {"urgent": 100.0, "normal": 50.0, "low": None}: bad.append(("sla by priority", r["sla"]))
h = r["hours"]
if (h["response_median"], h["response_p90"], h["resolution_median"], h["resolution_p90"]) != (0.5, 26.0, 47.0, 51.0): bad.append(("hours", h))
if r["csat"]["confirm"] != {"satisfied": 2, "neutral": 1, "unsatisfied": 1, "pct": 50.0}: bad.append(("csat confirm", r["csat"]))
if r["csat"]["revisit"] != {"satisfied": 2, "neutral": 0, "unsatisfied": 0, "pct": 100.0}: bad.append(("csat revisit", r["csat"]))
if r["by"]["category"] != {"complaint": 2, "after-sales": 1, "inquiry": 1, "request": 1, "-": 1}: bad.append(("by category", r["by"]))
if r["by"]["priority"] != {"normal": 2, "urgent": 2, "low": 1, "-": 1}: bad.append(("by priority", r["by"]))
if r["by"]["channel"] != {"phone": 6}: bad.append(("by channel", r["by"]))
for b in bad: print("  ", b)
sys.exit(1 if bad else 0)
PY

# Nothing counted: percentages are null, not 0.
ok "empty week" report --week 2026-W30 --format json
python3 -c "
import json,sys; r=json.load(open(sys.argv[1]))
assert r['opened']==0 and r['sla']['response_pct'] is None and r['fcr_pct'] is None
assert r['csat']['confirm']['pct'] is None and r['hours']['response_median'] is None
assert r['repeat_complaints']['pct'] is None and r['revisits']['vip_coverage_pct'] is None" "$T/out" && pass || fail "empty period is not null"

# Medians of an even count are the mean of the two middle values: zhang's
# resolutions are 11 h and 51 h -> 31.0 (checked above).  The same figures
# in CSV and the table.
ok "report csv" report --week 2026-W47 --format csv
python3 - "$T/out" <<'PY' && pass || fail "csv figures differ from json"
import csv, sys
rows = {(r["section"], r["item"], r["metric"]): r["value"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
assert rows[("volume", "", "opened")] == "6"
assert rows[("sla", "", "response_pct")] == "66.7"
assert rows[("sla", "low", "resolution_pct")] == ""           # null
assert rows[("hours", "", "resolution_p90")] == "51.0"
assert rows[("csat", "confirm", "pct")] == "50.0"
assert rows[("agents", "zhang", "resolution_median")] == "31.0"
assert rows[("backlog", "", "follow-up")] == "2"
PY
ok "report table" report --week 2026-W47 --no-compare
has "table volume" "$T/out" "opened 6   resolved 3   archived 4"
ok "report table, compared" report --week 2026-W47
has "the change against the week before" "$T/out" "opened 6 (+"
# Every figure of the period with its change (SPEC §10): the backlog, the
# satisfaction grid, repeat complaints and the revisits' counts too.
python3 - "$T/out" <<'PY' && pass || fail "the table leaves a figure's change out"
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
sec = lambda h: t.split(h + "\n", 1)[1].split("\n\n", 1)[0]
ch = lambda s: len(re.findall(r"\((?:[+-][0-9.]+|±0)\)", s))
assert ch(sec("BACKLOG AT THE END OF THE PERIOD")) == 5, sec("BACKLOG AT THE END OF THE PERIOD")
csat = sec("SATISFACTION").splitlines()[1:]
assert [ch(l) for l in csat if "revisit" in l or "confirmation" in l] in ([4, 4], [4, 3], [3, 4], [3, 3]), csat
rr = sec("REPEAT COMPLAINTS AND REVISITS").splitlines()
assert ch(rr[1]) == 4, rr[1]          # due, on time, late, missed
PY
ok "report json --compare" report --week 2026-W47 --format json --compare
python3 - "$T/out" <<'PY' && pass || fail "--compare: json lacks the week before"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["previous"]["period"]["since"].startswith("2026-11-09"), r["previous"]["period"]
assert r["previous"]["opened"] >= 0 and "sla" in r["previous"]
PY
ok "report json" report --week 2026-W47 --format json
hasnt "json: no comparison unless asked" "$T/out" '"previous"'
ok "report csv --compare" report --week 2026-W47 --format csv --compare
has "csv: the week before as previous.*" "$T/out" "previous.volume,,opened,"
ok "trend" report --week 2026-W47 --trend 3 --format json
python3 - "$T/out" <<'PY' && pass || fail "--trend: json lacks three weeks"
import json, sys
t = json.load(open(sys.argv[1]))["trend"]
assert [x["since"] for x in t] == ["2026-11-02", "2026-11-09", "2026-11-16"], t
assert t[-1]["opened"] == 6, t
PY
refuse 2 "--trend '1' should be a number of periods from 2 to 104" "trend 1" report --trend 1
refuse 2 "--compare and --no-compare exclude each other" "both" report --compare --no-compare
ok "month trend" report --month 2026-11 --trend 3 --format csv
has "months step by month" "$T/out" "trend,2026-09-01,opened,"
ok "report table" report --week 2026-W47 --no-compare
has "table SLA" "$T/out" "66.7%  (2 of 3)"
has "table bars" "$T/out" "█"
has "table overdue" "$T/out" "$t4"
hasnt "no colour in a pipe" "$T/out" $'\033['

# A past week reads the same after more work of every kind: a contact, a
# resolution, a classification, the late revisit of a missed one, and a
# revisit that reopens a ticket for a second round (contacts, an
# escalation, a new resolution and confirmation, a second revisit cycle).
cp "$T/r.json" "$T/before.json"
later() { CSTK_NOW="2026-$1:00+08:00" "$CSTK" "${@:2}" >/dev/null || fail "later: $*"; }
same_w47() {
	CSTK_NOW=2026-12-20T12:00:00+08:00 run report --week 2026-W47 --format json
	python3 -c "
import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
# every figure, 'by' and 'top_problems' too: a ticket still in intake at
# the week's end stays unclassified there
bad = [(k, a[k], b[k]) for k in a if k != 'period' and a[k] != b[k]]
assert not bad, bad" "$T/before.json" "$T/out" && pass || fail "W47 changed after $1"
}
# --by status, satisfaction and outcome, before all that: read again at the end.
for d in status satisfaction outcome; do
	CSTK_NOW=2026-12-20T12:00:00+08:00 "$CSTK" report --week 2026-W47 --by $d --format json >"$T/by0-$d.json"
done
# Opened in W47: T1, T2 archived resolved in it, T5 rejected; T3, T4, T8
# had no outcome at its end.
python3 -c "
import json,sys; rows={x['value']: x['opened'] for x in json.load(open(sys.argv[1]))['breakdown']['rows']}
assert rows == {'resolved': 2, 'rejected': 1, '-': 3}, rows" "$T/by0-outcome.json" &&
    pass || fail "W47 --by outcome: the outcome each ticket had at the week's end"
later 11-24T10:00 update "$t4" --contact 终于联系上
later 11-24T11:00 close "$t4" --resolution 换新
later 11-24T12:00 classify "$t8" --category inquiry --priority low
same_w47 "a contact, a resolution and a classification"
later 11-24T12:30 update "$t4" --set priority=low
later 11-24T12:31 update "$t4" --set customer.tier=vip
later 11-24T12:32 update "$t3" --set priority=urgent
later 11-24T12:33 update "$t7" --set customer.tier=regular
same_w47 "a new priority (new deadlines) and tier of a ticket overdue in W47, of one resolved late in it, of a VIP whose revisit it missed"
later 11-25T10:00 revisit "$t7" --satisfaction satisfied
same_w47 "the late revisit of a revisit missed in W47"
later 11-27T12:00 revisit "$t3" --satisfaction unsatisfied --result 又出问题
later 11-27T13:00 update "$t3" --contact 再联系
later 11-27T14:00 update "$t3" --contact 又联系
later 11-27T15:00 update "$t3" --escalate --reason 二次投诉
later 11-28T10:00 close "$t3" --resolution 全额赔付
later 11-28T12:00 close "$t3" --satisfaction neutral  # was satisfied in W47
later 12-01T12:00 revisit "$t3" --satisfaction satisfied
same_w47 "a second round and a second revisit cycle"
later 12-02T10:00 reopen "$t1" --reason 又坏了
later 12-02T10:05 assign "$t1" --to li
same_w47 "a reopening from the archive (T1 was archived in W47) and a reassignment"
eq "T1 is open again" "$(field "$t1" status)" assigned
# --by groups by the value a ticket had at the end of the period: later
# changes of category, priority, tier and channel (and the rerouting a new
# category brings) do not move T1 in W47, nor emptying T1's tier and T4's
# module.
for d in category priority tier team channel assignee module; do
	CSTK_NOW=2026-12-03T09:00:00+08:00 "$CSTK" report --week 2026-W47 --by $d --format json >"$T/by-$d.json"
done
later 12-03T10:00 update "$t1" --set category=inquiry
later 12-03T10:01 update "$t1" --set priority=low
later 12-03T10:02 update "$t1" --set customer.tier=vip
later 12-03T10:03 update "$t1" --set channel=email
later 12-03T10:04 update "$t1" --set customer.tier=
later 12-03T10:05 update "$t4" --set module=
eq "T1 was rerouted" "$(field "$t1" team)" frontline
eq "T4 has no module" "$(field "$t4" module)" ""
same_w47 "a new category, priority, channel, an emptied tier and module"
for d in category priority tier team channel assignee module; do
	CSTK_NOW=2026-12-20T12:00:00+08:00 run report --week 2026-W47 --by $d --format json
	python3 -c "
import json,sys; a=json.load(open(sys.argv[1]))['breakdown']; b=json.load(open(sys.argv[2]))['breakdown']
assert a == b, [(x['value'], k, x[k], y[k]) for x, y in zip(a['rows'], b['rows']) for k in x if x[k] != y[k]]" "$T/by-$d.json" "$T/out" &&
	    pass || fail "W47 --by $d changed after T1 was reclassified in December"
done
# The status, the satisfaction and the outcome at the end of W47 are those
# of then: T4 resolved, T3 revisited, reopened, confirmed and revisited
# again, T1 reopened from the archive and reassigned stay in their W47
# groups.
for d in status satisfaction outcome; do
	CSTK_NOW=2026-12-20T12:00:00+08:00 run report --week 2026-W47 --by $d --format json
	python3 -c "
import json,sys; a=json.load(open(sys.argv[1]))['breakdown']; b=json.load(open(sys.argv[2]))['breakdown']
assert a == b, [(x['value'], k, x[k], y[k]) for x, y in zip(a['rows'], b['rows']) for k in x if x[k] != y[k]] or (a, b)" "$T/by0-$d.json" "$T/out" &&
	    pass || fail "W47 --by $d changed after the work of the weeks after"
done
later 12-03T12:00 close "$t1" --resolution 已修复
CSTK_NOW=2026-12-20T12:00:00+08:00 run report --since 2026-12-03T11:00 --until 2026-12-04 --by category --format json
python3 -c "
import json,sys; b={x['value']: x for x in json.load(open(sys.argv[1]))['breakdown']['rows']}
assert b['inquiry']['resolved'] == 1 and sum(x['resolved'] for x in b.values()) == 1, b
assert b['inquiry']['sla']['resolution_pct_by_priority']['low'] is not None, b" "$T/out" &&
    pass || fail "after the change, T1 is in its new group, with its new priority"
# Reopened on 12-02, T1 had no outcome until it was archived again.
later 12-05T10:00 close "$t1" --satisfaction satisfied	# an inquiry now: archived
eq "T1 is archived again" "$(field "$t1" outcome)" resolved
CSTK_NOW=2026-12-20T12:00:00+08:00 run report --since 2026-12-03T11:00 --until 2026-12-04 --by outcome --format json
python3 -c "
import json,sys; b=[x['value'] for x in json.load(open(sys.argv[1]))['breakdown']['rows']]
assert b == ['-'], b" "$T/out" && pass || fail "a ticket reopened from the archive has no outcome until archived again"
eq "the second round happened" "$(field "$t3" rounds)" 2
CSTK_NOW=2026-12-20T12:00:00+08:00 run report --week 2026-W48 --format json
python3 - "$T/out" <<'PY' && pass || fail "W48 does not count the second round's events"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["revisits"]["due"] == 1 and r["revisits"]["on_time"] == 0, r["revisits"]   # T3's first cycle, due 11-26, done 11-27: late
assert r["revisits"]["late"] == 1, r["revisits"]
assert r["reopen_pct"] == 100.0 and r["fcr_pct"] == 0.0, (r["reopen_pct"], r["fcr_pct"])
PY

# Periods and options.
ok "--month" report --month 2026-11 --format json
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert r['period']=={'since':'2026-11-01T00:00:00+08:00','until':'2026-12-01T00:00:00+08:00'} and r['opened']==9" "$T/out" && pass || fail "--month"
ok "--since/--until" report --since 2026-11-16 --until 2026-11-17 --format json
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert r['opened']==2" "$T/out" && pass || fail "--since/--until"
CSTK_NOW=2026-11-18T12:00:00+08:00 ok "default: this ISO week to now" report --format json
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert r['period']=={'since':'2026-11-16T00:00:00+08:00','until':'2026-11-18T12:00:00+08:00'}" "$T/out" && pass || fail "default period"
ok "--by assignee" report --week 2026-W47 --by assignee --format json
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); b={x['value']:x for x in r['breakdown']['rows']}; assert b['zhang']['opened']==2 and b['zhang']['resolved']==2" "$T/out" && pass || fail "--by assignee"
# The full figure set per group (SPEC §10): every key of the period's own
# sections, nested as they are; a group of every ticket is the report itself.
python3 - "$T/out" <<'PY' && pass || fail "--by gives a group fewer figures than the report has"
import json, sys
r = json.load(open(sys.argv[1]))
own = ["opened", "resolved", "archived", "backlog", "sla", "hours", "fcr_pct",
       "escalation_pct", "reopen_pct", "reopened", "unconfirmed", "csat",
       "repeat_complaints", "revisits"]
def keys(d, p=""):
    return {p + k for k, v in d.items() for _ in [0]} | {x for k, v in d.items() if isinstance(v, dict) for x in keys(v, p + k + ".")}
want = keys({k: r[k] for k in own})
for g in r["breakdown"]["rows"]:
    assert keys({k: v for k, v in g.items() if k != "value"}) == want, (g["value"], want ^ keys(g))
PY
ok "--by channel: every ticket in one group (phone)" report --week 2026-W47 --by channel --format json
python3 - "$T/out" <<'PY' && pass || fail "a single --by group differs from the whole report"
import json, sys
r = json.load(open(sys.argv[1]))
g = r["breakdown"]["rows"]
assert len(g) == 1, [x["value"] for x in g]
for k in ("opened", "resolved", "archived", "backlog", "sla", "hours", "fcr_pct", "csat", "revisits"):
    assert g[0][k] == r[k], (k, g[0][k], r[k])
PY
ok "--top 1" report --week 2026-W47 --top 1 --format json
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert len(r['top_problems'])==1" "$T/out" && pass || fail "--top"
refuse 2 "--week '2026-47' should look like 2026-W47" "bad week" report --week 2026-47
refuse 2 "2025 has no week 53" "week 53 of 2025" report --week 2025-W53
ok "2026 has a week 53" report --week 2026-W53
refuse 2 "--month '2026-13' should look like 2026-11" "bad month" report --month 2026-13
refuse 2 "give one period" "two periods" report --week 2026-W47 --month 2026-11
refuse 2 "the period is empty: --until '2026-11-19T00:00:00+08:00' must be after --since '2026-11-20T00:00:00+08:00'" "until before since" report --since 2026-11-20 --until 2026-11-19
refuse 2 "--by 'weather' is not known" "bad --by" report --by weather
# A ticket file whose history was taken out by hand: --by status groups it
# by the status the backlog counts it in (one rule, status_at), not by its
# status field.
"$CSTK" init "$T/nohist" >/dev/null
nh=$(CSTK_DATA="$T/nohist" CSTK_NOW=2026-11-17T09:00:00+08:00 "$CSTK" open --customer 王丽 \
    --channel phone --subject 坏了 --category complaint --priority normal)
python3 - "$T/nohist/tickets/$nh.yaml" <<'PY'
import sys
p = sys.argv[1]
lines, skip = [], False
for l in open(p):
    skip = l.startswith("history:") or (skip and l[:1] in " -")
    if not skip:
        lines.append(l)
open(p, "w").write("".join(lines))
PY
CSTK_DATA="$T/nohist" CSTK_NOW=2026-11-20T12:00:00+08:00 run report --week 2026-W47 --by status --format json
python3 -c "
import json,sys; r=json.load(open(sys.argv[1])); rows=r['breakdown']['rows']
assert r['backlog']['intake'] == 1, r['backlog']
assert [(x['value'], x['backlog']['intake']) for x in rows] == [('intake', 1)], rows" "$T/out" &&
    pass || fail "--by status and the backlog disagree on a ticket without history"
# groups_are DATA NOW DIM WANT DESC [PERIOD...]: the --by DIM groups of
# the store DATA (in W47 unless PERIOD says) are the one value WANT.
groups_are() {
	local data=$1 now=$2 dim=$3 want=$4 desc=$5
	shift 5
	CSTK_DATA="$data" CSTK_NOW="$now" run report ${@:---week 2026-W47} --by "$dim" --format json
	python3 -c "
import json,sys; rows=json.load(open(sys.argv[1]))['breakdown']['rows']
assert [x['value'] for x in rows] == [sys.argv[2]], rows" "$T/out" "$want" &&
	    pass || fail "$desc"
}
# import_one STORE NOW HEADER ROW: a new store of one imported row; the
# ticket's ID on standard output.
import_one() {
	"$CSTK" init "$1" >/dev/null
	printf '%s\n%s\n' "$3" "$4" >"$1.csv"
	CSTK_DATA="$1" CSTK_NOW="$2" "$CSTK" import "$1.csv" || fail "import of $4"
}
# An imported ticket, assigned and rated: its history names no assignee
# and has no confirmation, so each counts from the move that gives it
# (the assignment, the archival), not from the ticket's opening.
import_one "$T/imp" 2026-11-24T09:00:00+08:00 \
    customer,channel,subject,category,priority,status,assignee,created,responded,resolved,archived,satisfaction,outcome \
    '王丽,phone,旧单,inquiry,normal,archived,zhang,2026-11-10T09:00:00+08:00,2026-11-10T12:00:00+08:00,2026-11-11T09:00:00+08:00,2026-11-19T09:00:00+08:00,satisfied,resolved' >/dev/null
imported_by() {	# DIM UNTIL WANT
	groups_are "$T/imp" 2026-11-24T09:00:00+08:00 "$1" "$3" \
	    "the import is in --by $1 group $3 until $2" --since 2026-11-09 --until "$2"
}
imported_by assignee 2026-11-10T10:00 -
imported_by assignee 2026-11-12 zhang
imported_by satisfaction 2026-11-12 -
imported_by satisfaction 2026-11-20 satisfied
imported_by outcome 2026-11-12 -
imported_by outcome 2026-11-20 resolved
# A team taken from a ticket and given back by a new category (update
# --set, reclassify): the rerouting records it came from none, so W47
# keeps the ticket without a team.
"$CSTK" init "$T/team" >/dev/null
tq=$(CSTK_DATA="$T/team" CSTK_NOW=2026-11-16T09:00:00+08:00 "$CSTK" open --customer 王丽 \
    --channel phone --subject 组 --category inquiry --priority low)
CSTK_DATA="$T/team" CSTK_NOW=2026-11-17T09:00:00+08:00 "$CSTK" update "$tq" --set team= >/dev/null
for step in "update $tq --set category=request" "update $tq --set team=" \
    "classify $tq --category inquiry --priority low"; do
	CSTK_DATA="$T/team" CSTK_NOW=2026-11-24T09:00:00+08:00 "$CSTK" $step >/dev/null
	groups_are "$T/team" 2026-11-24T09:00:00+08:00 team - "W47 --by team moved after: $step"
done
# An import's classification names what it gave (no module here), so a
# module a reclassification gives later does not reach back into W47.
iq=$(import_one "$T/imod" 2026-11-18T09:00:00+08:00 customer,channel,subject,created,status,category,priority \
    J,phone,j,2026-11-16T10:00:00+08:00,classified,inquiry,low)
CSTK_DATA="$T/imod" CSTK_NOW=2026-11-25T09:00:00+08:00 "$CSTK" classify "$iq" --category inquiry \
    --priority low --module billing >/dev/null || fail "reclassify the import"
groups_are "$T/imod" 2026-11-25T09:00:00+08:00 module - \
    "W47 --by module moved after an imported ticket was given a module"
# A second round's resolution names another responsibility: it records
# the one it replaces, so W47 keeps the first.
"$CSTK" init "$T/resp" >/dev/null
rq=$(CSTK_DATA="$T/resp" CSTK_NOW=2026-11-16T09:00:00+08:00 "$CSTK" open --customer 王丽 \
    --channel phone --subject 责 --category inquiry --priority low)
CSTK_DATA="$T/resp" CSTK_NOW=2026-11-16T09:10:00+08:00 "$CSTK" assign "$rq" --to chen >/dev/null
CSTK_DATA="$T/resp" CSTK_NOW=2026-11-17T09:00:00+08:00 "$CSTK" close "$rq" --resolution r \
    --responsibility merchant >/dev/null
CSTK_DATA="$T/resp" CSTK_NOW=2026-11-24T11:00:00+08:00 "$CSTK" close "$rq" --satisfaction unsatisfied >/dev/null
CSTK_DATA="$T/resp" CSTK_NOW=2026-11-24T12:00:00+08:00 "$CSTK" close "$rq" --resolution r2 \
    --responsibility logistics >/dev/null || fail "second resolution"
has "the second resolution records the first's responsibility" "$T/resp/tickets/$rq.yaml" \
    "previous_responsibility: merchant"
groups_are "$T/resp" 2026-11-24T12:00:00+08:00 responsibility merchant \
    "W47 --by responsibility moved after a second resolution"
# An archival written before its history entry recorded the outcome:
# reopening it (the reopening records the outcome it takes) leaves the
# week it was archived in that outcome's group.
"$CSTK" init "$T/old" >/dev/null
oq=$(CSTK_DATA="$T/old" CSTK_NOW=2026-11-16T09:00:00+08:00 "$CSTK" open --customer 王丽 \
    --channel phone --subject 旧 --category inquiry --priority low)
CSTK_DATA="$T/old" CSTK_NOW=2026-11-16T09:10:00+08:00 "$CSTK" assign "$oq" --to chen >/dev/null
CSTK_DATA="$T/old" CSTK_NOW=2026-11-17T09:00:00+08:00 "$CSTK" close "$oq" --resolution r >/dev/null
CSTK_DATA="$T/old" CSTK_NOW=2026-11-17T10:00:00+08:00 "$CSTK" close "$oq" --satisfaction satisfied >/dev/null
sed -i '/^  outcome: /d' "$T/old"/archive/2026-11/"$oq".yaml
rm -rf "$T/old/.index"
CSTK_DATA="$T/old" CSTK_NOW=2026-11-25T09:00:00+08:00 "$CSTK" reopen "$oq" --reason 又坏 >/dev/null ||
    fail "reopen of the old archival"
has "the reopening records the outcome it takes" "$T/old/tickets/$oq.yaml" "previous_outcome: resolved"
groups_are "$T/old" 2026-11-25T09:00:00+08:00 outcome resolved \
    "an old archival reopened later keeps its week's outcome"
# A ticket still in intake has no category, module or team, even one
# given by hand (update --set) or by an import: W47 counts it
# unclassified, before and after its classification the week after.
import_one "$T/intk" 2026-11-20T09:00:00+08:00 customer,channel,subject,category,module,status,created \
    '李伟,phone,导入,complaint,app,intake,2026-11-17T09:00:00+08:00' >/dev/null
iq=$(CSTK_DATA="$T/intk" CSTK_NOW=2026-11-16T09:00:00+08:00 "$CSTK" open --customer 王丽 \
    --channel phone --subject 未分类)
CSTK_DATA="$T/intk" CSTK_NOW=2026-11-17T09:00:00+08:00 "$CSTK" update "$iq" --set module=app \
    >/dev/null || fail "module set by hand in intake"
groups_are "$T/intk" 2026-11-24T09:00:00+08:00 module - \
    "a ticket in intake counts under the module set by hand"
CSTK_DATA="$T/intk" CSTK_NOW=2026-11-24T09:00:00+08:00 "$CSTK" classify "$iq" --category inquiry \
    --priority low >/dev/null || fail "classify after the week"
groups_are "$T/intk" 2026-11-24T09:00:00+08:00 module - \
    "W47 --by module moved when the ticket was classified later"
# Still in intake, given another module by hand later, or rejected and
# reopened (back in intake, never classified): W47 stays unclassified.
i2=$(CSTK_DATA="$T/intk" CSTK_NOW=2026-11-16T09:00:00+08:00 "$CSTK" open --customer 李伟 \
    --channel phone --subject 又一个)
i3=$(CSTK_DATA="$T/intk" CSTK_NOW=2026-11-16T09:00:00+08:00 "$CSTK" open --customer 张敏 \
    --channel phone --subject 垃圾)
for step in "update $i2 --set module=app" "update $i3 --set module=app" \
    "close $i3 --reject 广告"; do
	CSTK_DATA="$T/intk" CSTK_NOW=2026-11-16T10:00:00+08:00 "$CSTK" $step >/dev/null ||
	    fail "$step"
done
for step in "update $i2 --set module=order" "reopen $i3 --reason 不是广告" \
    "update $i2 --set module="; do
	CSTK_DATA="$T/intk" CSTK_NOW=2026-11-24T09:00:00+08:00 "$CSTK" $step >/dev/null ||
	    fail "$step"
	groups_are "$T/intk" 2026-11-24T09:00:00+08:00 module - \
	    "W47 --by module moved for a ticket never classified after: $step"
done
# An imported assignee, replaced the week after: the reassignment's
# previous names who had it, so W47 keeps the imported agent.
ra=$(import_one "$T/irea" 2026-11-20T09:00:00+08:00 \
    customer,channel,subject,category,priority,status,assignee,created,responded \
    '王丽,phone,旧单,inquiry,normal,assigned,zhang,2026-11-16T09:00:00+08:00,2026-11-16T12:00:00+08:00')
CSTK_DATA="$T/irea" CSTK_NOW=2026-11-24T09:00:00+08:00 "$CSTK" assign "$ra" --to chen >/dev/null ||
    fail "reassignment of the import"
groups_are "$T/irea" 2026-11-24T09:00:00+08:00 assignee zhang \
    "W47 --by assignee lost the imported agent after a reassignment"
groups_are "$T/irea" 2026-11-24T09:00:00+08:00 assignee - \
    "the import had an agent before its assignment" --since 2026-11-16 --until 2026-11-16T10:00
# An escalation that names no one keeps the imported agent; and the agent
# a reassignment names as previous is who had it, not an assignment to
# credit in the import's week (an import's assignment is not credited).
ea=$(import_one "$T/iesc" 2026-11-20T09:00:00+08:00 \
    customer,channel,subject,category,priority,status,assignee,created,responded \
    '王丽,phone,旧单,inquiry,normal,assigned,zhang,2026-11-16T09:00:00+08:00,2026-11-16T12:00:00+08:00')
CSTK_DATA="$T/iesc" CSTK_NOW=2026-11-24T09:00:00+08:00 "$CSTK" update "$ea" --escalate \
    --reason 难 >/dev/null || fail "escalation without --to"
CSTK_DATA="$T/iesc" CSTK_NOW=2026-11-24T10:00:00+08:00 "$CSTK" assign "$ea" --to chen >/dev/null ||
    fail "reassignment after the escalation"
groups_are "$T/iesc" 2026-11-24T10:00:00+08:00 assignee zhang \
    "an escalation without --to lost the imported agent"
for st in iesc irea; do
	CSTK_DATA="$T/$st" CSTK_NOW=2026-11-24T10:00:00+08:00 run report --week 2026-W47 --format json
	python3 -c "
import json,sys; a=json.load(open(sys.argv[1])); assert a['agents'] == [], a['agents']" "$T/out" &&
	    pass || fail "a reassignment credits the imported agent with an assignment in W47 ($st)"
done
# A value is a row when its tickets were archived in the period, or are
# open at its end, though nothing else happened to them then.
groups_are "$T/irea" 2026-11-24T09:00:00+08:00 assignee zhang \
    "--by leaves out a value with only open tickets" --since 2026-11-18 --until 2026-11-19
groups_are "$T/imp" 2026-11-24T09:00:00+08:00 outcome resolved \
    "--by leaves out a value with only archivals" --since 2026-11-19 --until 2026-11-20
# A large store (the bench's year, some thousands of tickets a month):
# its months packed, a report reads only the chunks that may hold what it
# counts (the complaints of the 30 days before only where one was created
# then), and says what it says with the months as they are.
(cd "$(dirname "$0")/../bench" && PYTHONDONTWRITEBYTECODE=1 python3 -c "
import sys; cstk, out = sys.argv[1:3]; sys.argv = ['bench.py', cstk]; import bench
bench.generate(30000, out)" "$CSTK" "$T/big.csv") || fail "bench.py does not generate"
"$CSTK" init "$T/big" >/dev/null
CSTK_DATA="$T/big" CSTK_NOW=2026-11-20T17:30:00+08:00 CSTK_INDEX_PACK=0 "$CSTK" import "$T/big.csv" \
    >/dev/null || fail "import of the bench's 30000"
big_reports() {	# OUT: the reports and searches to compare, one after the other
	for a in "--week 2026-W47" "--week 2026-W40 --by category" "--trend 6" \
	    "--since 2026-03-01 --until 2026-05-01 --by team"; do
		CSTK_DATA="$T/big" CSTK_NOW=2026-11-20T17:30:00+08:00 "$CSTK" report $a --format json
	done >"$1"
	# a name one ticket in 140 has (a few records of each chunk), a
	# surname, a phone, and a name no one has
	for a in "--customer 王丽" "--customer 李" "--phone $big_phone" "--customer 欧阳"; do
		CSTK_DATA="$T/big" CSTK_NOW=2026-11-20T17:30:00+08:00 "$CSTK" list --all $a
	done >>"$1"
}
big_phone=$(awk -F, 'NR == 20000 { print $0 }' "$T/big.csv" | grep -o '1[3-9][0-9]\{9\}' | head -1)
[ -n "$big_phone" ] && pass || fail "no phone in the bench's row 20000"
CSTK_DATA="$T/big" CSTK_NOW=2026-11-20T17:30:00+08:00 CSTK_NO_INDEX=1 "$CSTK" list --all \
    --customer 王丽 >"$T/big-files"
[ "$(wc -l <"$T/big-files")" -gt 100 ] && pass || fail "王丽 is not among the bench's customers"
CSTK_INDEX_PACK=0 big_reports "$T/big-raw"
rm -rf "$T/big/.index"
CSTK_DATA="$T/big" CSTK_NOW=2026-11-20T17:30:00+08:00 CSTK_INDEX_PACK=2000 "$CSTK" list --all >/dev/null
python3 -c "import struct,sys; assert struct.unpack_from('<I', open(sys.argv[1],'rb').read(), 112)[0] == 1" \
    "$T/big/.index/2026-10" && pass || fail "the bench's October is not packed"
CSTK_INDEX_PACK=2000 big_reports "$T/big-packed"
CSTK_DATA="$T/big" CSTK_NOW=2026-11-20T17:30:00+08:00 CSTK_INDEX_PACK=2000 "$CSTK" list --all \
    --customer 王丽 >"$T/big-found"
cmp -s "$T/big-files" "$T/big-found" && pass ||
    fail "a search of packed months differs from the files': $(diff "$T/big-files" "$T/big-found" | head -4)"
# A month at a time is open: 13 months read whole with 16 files at most.
(ulimit -n 16 && CSTK_DATA="$T/big" CSTK_NOW=2026-11-20T17:30:00+08:00 CSTK_INDEX_PACK=2000 \
    "$CSTK" list --all --customer 王丽) >"$T/big-fds" 2>&1
cmp -s "$T/big-files" "$T/big-fds" && pass ||
    fail "with 16 files open at most, a search leaves months out: $(diff "$T/big-files" "$T/big-fds" | head -4)"
[ -s "$T/big-raw" ] && cmp -s "$T/big-raw" "$T/big-packed" && pass ||
    fail "a report of packed months differs: $(diff "$T/big-raw" "$T/big-packed" | head -4)"
refuse 2 "--top '0' should be a number" "bad --top" report --top 0
refuse 2 "--format 'pdf' is not known" "bad format" report --format pdf

# HTML: one file, no script, nothing from the network; renders, not blank.
ok "report html" report --week 2026-W47 --format html
cp "$T/out" "$T/r.html"
has "inline svg" "$T/r.html" "<svg"
has "print stylesheet" "$T/r.html" "@media print"
hasnt "no script" "$T/r.html" "<script"
# Every figure of the period with its change, not only the cards' (SPEC §10).
python3 - "$T/r.html" <<'PY' && pass || fail "the HTML page lacks a figure's change"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read().split("Every figure", 1)[1].split("</table>", 1)[0]
rows = re.findall(r"<tr><td>([^<]*)</td><td class=n>[^<]*</td><td class='n[^']*'>([^<]*)</td></tr>", h)
names = [n for n, _ in rows]
assert len(rows) >= 35 and all(c for _, c in rows[:3]), rows[:5]
for want in ("opened", "response SLA", "hours to resolution (p90)", "escalated",
             "at revisit (CSAT)", "revisits due", "VIP revisit coverage (goal 100%)"):
    assert want in names, (want, names)
PY
grep -qE "(src|href)=['\"]?(https?:)?//" "$T/r.html" && fail "html loads something from the network" || pass
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROME" ]; then
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --user-data-dir="$T/chrome" --window-size=1000,1400 \
	    --screenshot="$T/shot.png" "file://$T/r.html" >/dev/null 2>&1
	[ -s "$T/shot.png" ] && pass || fail "chromium made no screenshot"
	python3 - "$T/shot.png" <<'PY' && pass || fail "the screenshot is blank"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w, h = 8, b"", 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos+8])
    body = data[pos+8:pos+8+n]
    if kind == b"IHDR": w, h = struct.unpack(">II", body[:8])
    if kind == b"IDAT": idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
# A blank page decompresses to a handful of distinct byte values.
assert w >= 800 and h >= 800 and len(set(raw)) > 40, (w, h, len(set(raw)))
PY
	# Real Chinese, not boxes: a font must cover every Chinese character
	# of the page, and two different strings must render differently
	# (without a font every character is the same empty box).
	cps=$(python3 -c 'import sys; s=open(sys.argv[1], encoding="utf-8").read(); print(" ".join(sorted({"%x" % ord(c) for c in s if 0x3400 <= ord(c) <= 0x9fff})))' "$T/r.html")
	if [ -z "$(fc-list ":charset=$cps" family 2>/dev/null)" ]; then
		fail "no installed font has the report's Chinese characters; the page shows boxes (CI: tests/deps.sh installs fonts-wqy-microhei)"
	else
		pass
	fi
	for s in 客服质量周报满意度 报报报报报报报报报; do
		printf '<!doctype html><meta charset=utf-8><body style="margin:0;font:40px sans-serif">%s' \
		    "$s" >"$T/glyph.html"
		timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
		    --disable-background-networking --disable-component-update --disable-sync \
		    --user-data-dir="$T/chrome" --window-size=480,60 \
		    --screenshot="$T/glyph-$s.png" "file://$T/glyph.html" >/dev/null 2>&1
	done
	if [ -s "$T/glyph-客服质量周报满意度.png" ] &&
	    ! cmp -s "$T/glyph-客服质量周报满意度.png" "$T/glyph-报报报报报报报报报.png"; then
		pass
	else
		fail "Chinese renders as boxes in chromium: two different strings look the same"
	fi
	# --trend draws its line chart
	CSTK_NOW=2026-11-20T17:30:00+08:00 "$CSTK" report --week 2026-W47 --trend 4 --format html >"$T/t.html"
	eq "four lines in the trend chart" "$(grep -c "<path class='line" "$T/t.html")" 4
else
	echo "test-report: chromium not installed; the HTML render check was skipped" >&2
	[ -n "${CI:-}" ] && fail "CI must install chromium (tests/deps.sh chromium)"
fi
finish
