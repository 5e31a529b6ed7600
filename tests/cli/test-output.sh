#!/bin/bash
# What people and scripts read: masking, --reveal, Chinese aliases, CJK
# alignment, list filters and formats, show formats, colour, and keys cstk
# does not know surviving a rewrite.
. "$(dirname "$0")/lib.sh"
new_store
a=$(open_ticket --email wang.li@example.com --tier vip --category complaint --priority urgent --order 20240520001)
b=$("$CSTK" open --customer 欧阳娜娜 --channel 在线 --subject "智能手环无法开机，换了充电线也不行，指示灯不亮，客户很着急" \
    --phone 13900001111 --tier 老客户 --category 售后 --priority 一般 --module hardware)
c=$("$CSTK" open --customer Bob --channel email --subject "Invoice title wrong" --tier new)

# --- masking in every output ---
for fmt in text yaml json; do
	run show "$a" --format $fmt
	hasnt "show $fmt masks the name" "$T/out" "王丽"
	hasnt "show $fmt masks the phone" "$T/out" "13856781234"
	hasnt "show $fmt masks the email" "$T/out" "wang.li@"
	has "show $fmt shows the masked phone" "$T/out" "138****1234"
done
run show "$a"
has "masked name" "$T/out" "王**"
has "masked email" "$T/out" "w***@example.com"
for fmt in table csv tsv json; do
	run list --format $fmt
	hasnt "list $fmt masks names" "$T/out" "王丽"
	hasnt "list $fmt masks names" "$T/out" "欧阳娜娜"
	hasnt "list $fmt masks phones" "$T/out" "13856781234"
done
"$CSTK" assign "$a" >/dev/null; "$CSTK" close "$a" --resolution ok --satisfaction satisfied
run revisit --due 2026-12-31
has "revisit list masks" "$T/out" "138****1234"
hasnt "revisit list masks" "$T/out" "王丽"
"$CSTK" update "$b" --set customer.phone=13711112222 --set customer.name=欧阳娜
for fmt in text yaml json; do
	run show "$b" --format $fmt
	hasnt "history of --set is masked ($fmt)" "$T/out" "13711112222"
	hasnt "the phone --set replaced is masked ($fmt)" "$T/out" "13900001111"
	hasnt "the name --set replaced is masked ($fmt)" "$T/out" "欧阳娜娜"
	has "the replaced phone is shown masked ($fmt)" "$T/out" "139****1111"
done
for what in "list --format json" "export --format json"; do
	ok "$what" $what
	has "$what writes the ticket" "$T/out" "139****1111"
	hasnt "$what: the phone --set replaced is masked" "$T/out" "13900001111"
	hasnt "$what: the name --set replaced is masked" "$T/out" "欧阳娜娜"
done
run show "$b" --reveal
has "--reveal shows the phone --set replaced" "$T/out" "previous=13900001111"
has "--reveal shows the name --set replaced" "$T/out" "previous=欧阳娜娜"

# --- --reveal shows everything and is recorded ---
CSTK_USER=supervisor ok "reveal" show "$a" --reveal
has "reveal shows the name" "$T/out" "王丽"
has "reveal shows the phone" "$T/out" "13856781234"
run show "$a" --format yaml
has "reveal recorded" "$T/out" "action: reveal"
has "reveal records who" "$T/out" "by: supervisor"
ok "reveal of an archived ticket" show "$a" --reveal --format json
"$CSTK" close "$c" --reject "duplicate"
ok "reveal archived" show "$c" --reveal
run show "$c" --format yaml
has "reveal on archived recorded too" "$T/out" "action: reveal"

# --- Chinese aliases in, English stored ---
eq "channel alias" "$(field "$b" channel)" "chat"
eq "tier alias" "$(field "$b" customer.tier)" "regular"
eq "category alias" "$(field "$b" category)" "after-sales"
eq "priority alias" "$(field "$b" priority)" "normal"
grep -q '^channel: chat$' "$CSTK_DATA/tickets/$b.yaml" && pass || fail "file stores English"
ok "status filter in Chinese" list --status 已分类
has "filter by Chinese status" "$T/out" "$b"
ok "case-insensitive English" list --priority NORMAL,Urgent
has "case-insensitive" "$T/out" "$b"
run show "$b"
has "show gives the Chinese name too" "$T/out" "after-sales (售后)"
grep -q "智能手环无法开机" "$CSTK_DATA/tickets/$b.yaml" && pass || fail "Chinese stays Chinese in the file"
grep -q '\\u' "$CSTK_DATA/tickets/$b.yaml" && fail "escaped unicode in the file" || pass

# --- CJK alignment: every row's columns start at the same display column ---
run list
python3 - "$T/out" <<'PY' && pass || fail "list columns not aligned by display width"
import sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head = lines[0]
starts = [i for i in range(len(head)) if head[i] != " " and (i == 0 or head[i-1] == " ")]
for line in lines[1:]:
    # each header column start, in display columns, must be a cell start
    col, pos = 0, {}
    for i, ch in enumerate(line):
        pos[col] = i
        col += w(ch)
    for s in starts[1:]:
        i = pos.get(s)
        assert i is not None and line[i] != " " and line[i-1] == " ", (line, s)
PY
has "long subject cut with an ellipsis" "$T/out" "…"
hasnt "cut at a width, not the whole subject" "$T/out" "客户很着急"
python3 -c "
import sys, unicodedata
w=lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
for l in open(sys.argv[1], encoding='utf-8'):
    if '…' in l:
        cell = l.rstrip('\n').split('  ')[-1]
        sys.exit(0 if w(cell) <= 40 else 1)
sys.exit(1)" "$T/out" && pass || fail "subject wider than 40 columns"

# --- formats for scripts ---
run list --format csv
eq "csv header" "$(head -1 "$T/out")" "id,status,priority,category,assignee,due,customer,subject"
python3 -c "import csv,sys; rows=list(csv.reader(open(sys.argv[1], encoding='utf-8'))); sys.exit(0 if len(rows)==3 and rows[2][0]=='$b' else 1)" "$T/out" && pass || fail "csv parses"
eq "csv: no assignee is an empty cell, as in export" "$(sed -n 3p "$T/out" | cut -d, -f5)" ""
hasnt "csv has no table placeholder" "$T/out" ",'-"
run list --format tsv
eq "tsv header" "$(head -1 "$T/out")" "$(printf 'id\tstatus\tpriority\tcategory\tassignee\tdue\tcustomer\tsubject')"
eq "tsv: no assignee is an empty cell" "$(sed -n 3p "$T/out" | cut -f5)" ""
run list
has "the table shows a dash for no assignee" "$T/out" " -  "
run list --format json --all
python3 -c "import json,sys; v=json.load(open(sys.argv[1])); sys.exit(0 if len(v)==3 and v[0]['rounds']==1 else 1)" "$T/out" && pass || fail "json array of tickets with numbers"
run show "$b" --format json
python3 -c "import json,sys; v=json.load(open(sys.argv[1])); sys.exit(0 if v['customer']['tier']=='regular' and isinstance(v['history'], list) else 1)" "$T/out" && pass || fail "show json mirrors the file"

# --- filters ---
new_store
x1=$(CSTK_NOW=2026-11-20T10:00:00+08:00 open_ticket --category complaint --priority urgent)
x2=$(CSTK_NOW=2026-11-21T10:00:00+08:00 open_ticket --category inquiry --priority low --tier vip)
x3=$(CSTK_NOW=2026-11-22T09:00:00+08:00 "$CSTK" open --customer 李 --channel web --subject "退款没到账" --description "银行卡 refund pending")
x4=$(CSTK_NOW=2026-11-22T08:00:00+08:00 open_ticket --category inquiry --priority urgent --channel chat)
"$CSTK" assign "$x1" --to zhang; "$CSTK" assign "$x2" --to li
"$CSTK" update "$x2" --note "客户要求发票"
count() { run list "$@"; tail -n +2 "$T/out" | wc -l; }
eq "all open" "$(count)" "4"
eq "--status" "$(count --status assigned)" "2"
eq "--status list" "$(count --status intake,assigned)" "3"
eq "--category" "$(count --category complaint)" "1"
eq "--priority" "$(count --priority low)" "1"
eq "--assignee" "$(count --assignee li)" "1"
eq "--channel" "$(count --channel web)" "1"
eq "--tier" "$(count --tier vip)" "1"
eq "--since" "$(count --since 2026-11-21)" "3"
eq "--until" "$(count --until 2026-11-21)" "1"
eq "--since/--until" "$(count --since 2026-11-21 --until 2026-11-22)" "1"
eq "--since with a time" "$(count --since "2026-11-22 08:30")" "1"
# An empty period is a mistake, as in report, not an empty list.
refuse 2 "the period is empty: --until '2026-11-21' must be after --since '2026-11-22'" "list: until before since" list --since 2026-11-22 --until 2026-11-21
refuse 2 "the period is empty" "list: since equal to until" list --since 2026-11-22 --until 2026-11-22
refuse 2 "the period is empty" "export: until before since" export --since 2026-11-22 --until 2026-11-21
eq "--grep subject" "$(count --grep 退款)" "1"
eq "--grep description, any case" "$(count --grep REFUND)" "1"
eq "--grep notes" "$(count --grep 发票)" "1"
# x1: urgent, both deadlines missed; x4: urgent, response (09:00) missed
eq "--overdue" "$(count --overdue)" "2"
run list --overdue
has "overdue shows the first missed deadline and how late" "$T/out" "11-20 11:00 +46h"
has "response breach shows its deadline" "$T/out" "11-22 09:00 +1h"
"$CSTK" update "$x4" --contact "called"
eq "a contact clears a response breach" "$(count --overdue)" "1"
"$CSTK" update "$x1" --contact "called"
eq "a contact does not clear a missed resolution" "$(count --overdue --category complaint)" "1"
eq "AND of filters" "$(count --status assigned --priority low --tier vip)" "1"
"$CSTK" close "$x3" --reject dup
eq "archived hidden" "$(count)" "3"
eq "--all adds archived" "$(count --all)" "4"
eq "--status archived implies the archive" "$(count --status archived)" "1"
run list --status nonsense
eq "bad filter value exit" "$rc" "2"

# --- colour only on a terminal, never with NO_COLOR ---
run list --overdue
grep -q $'\033\[' "$T/out" && fail "colour in a pipe" || pass
if command -v script >/dev/null; then
	script -qec "$CSTK list --overdue" /dev/null >"$T/tty" 2>&1
	grep -q $'\033\[31m' "$T/tty" && pass || fail "no colour on a terminal"
	NO_COLOR=1 script -qec "$CSTK list --overdue" /dev/null >"$T/tty" 2>&1
	grep -q $'\033\[' "$T/tty" && fail "colour despite NO_COLOR" || pass
fi

# --- keys cstk does not know survive a rewrite; order is stable ---
f="$CSTK_DATA/tickets/$x2.yaml"
sed -i '2a x-crm-ref: "A-77"\nx-tags: [vip, 回访]' "$f"
echo "zz_custom: {source: 微信, score: 5}" >>"$f"
ok "update a file with unknown keys" update "$x2" --note again
has "unknown scalar kept" "$f" 'x-crm-ref: "A-77"'
has "unknown list kept" "$f" "x-tags: [vip, 回访]"
has "unknown map kept" "$f" "zz_custom: {source: 微信, score: 5}"
cp "$f" "$T/before"
ok "no-op rewrite" update "$x2" --set module=billing
ok "set back" update "$x2" --set module=
diff <(grep -v -e '^updated:' -e '^- at:' -e '^  ' "$T/before") <(grep -v -e '^updated:' -e '^- at:' -e '^  ' "$f") >/dev/null && pass || fail "rewrite changed the layout"

# --- description from standard input, byte for byte ---
printf '第一行\n  缩进的第二行\n\n第四行 "引号" \\ 反斜杠\n' >"$T/desc"
run_in "$T/desc" open --customer 王 --channel phone --subject s --description -
d=$(cat "$T/out")
run show "$d" --format json
python3 -c "import json,sys; v=json.load(open(sys.argv[1])); sys.exit(0 if v['description']==open(sys.argv[2],encoding='utf-8').read().rstrip('\n') else 1)" "$T/out" "$T/desc" && pass || fail "description from stdin changed"

# --- find a caller: phone in any format, name, order, e-mail (SPEC §10) ---
new_store
c1=$(open_ticket --phone 13856781234 --order 20240520001 --email Wang@Example.com)
c2=$("$CSTK" open --customer 李雷 --phone "+86 139-0000-1234" --channel chat --subject 退款)
c3=$("$CSTK" open --customer 王小丽 --channel web --subject 无电话)
for q in "+86 138-5678-1234" "13856781234" "8613856781234" "5678 1234" "(138) 5678.1234"; do
	run list --phone "$q"
	eq "--phone '$q' finds the caller" "$(grep -c '^CS-' "$T/out")" "1"
	has "--phone '$q': the right ticket" "$T/out" "$c1"
done
run list --phone 1234
eq "the last 4 digits match both numbers" "$(grep -c '^CS-' "$T/out")" "2"
run list --phone 13900001234
has "a stored +86 number is found by the national number" "$T/out" "$c2"
hasnt "the output stays masked" "$T/out" "13900001234"
run list --customer 丽
eq "--customer is a substring" "$(grep -c '^CS-' "$T/out")" "2"
run list --order 20240520001
eq "--order" "$(grep -c '^CS-' "$T/out")" "1"
run list --email wang@example.com
eq "--email ignores case" "$(grep -c '^CS-' "$T/out")" "1"
eq "files and index agree" "$(CSTK_NO_INDEX=1 "$CSTK" list --phone 1234 | grep -c '^CS-')" "2"
"$CSTK" close "$c1" --reject 重复 >/dev/null
run list --phone 13856781234
eq "archived tickets need --all" "$(grep -c '^CS-' "$T/out")" "0"
run list --phone 13856781234 --all
eq "--all finds the archived one" "$(grep -c '^CS-' "$T/out")" "1"
refuse 2 "--phone '12' has 2 digits; give at least the last 4" "too few digits" list --phone 12
refuse 2 "--phone 'abc1234' should be digits" "letters in a phone" list --phone abc1234
refuse 2 "--customer is empty" "an empty name" list --customer ""

# --- show's history: the action starts at one display column whoever acted ---
d=$(CSTK_USER=王丽 "$CSTK" open --customer Bob --channel email --subject "Refund")
"$CSTK" update "$d" --note "已电话联系" >/dev/null
CSTK_USER=张三丰丰丰 "$CSTK" update "$d" --note "名字比八列宽" >/dev/null
run show "$d"
python3 - "$T/out" <<'PY' && pass || fail "show's history is not aligned by display width"
import re, sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().split("history:\n", 1)[1].splitlines()
rows = [l for l in lines if l.startswith("  ") and not l.startswith("    ")]
ends = {w(m.group(0)) for m in (re.match(r"  \S+ \S+  \S+ +", l) for l in rows)}
assert len(rows) >= 2 and any("王丽" in l for l in rows) and len(ends) == 1, (rows, ends)
PY

# A key emptied: the history line names it, with no value.
e=$("$CSTK" open --customer 李伟 --channel phone --subject 空 --tier vip)
"$CSTK" update "$e" --set customer.tier= >/dev/null || fail "emptying the tier"
run show "$e"
has "show names the key an emptying --set emptied" "$T/out" "set  customer.tier=  previous=vip"
finish
