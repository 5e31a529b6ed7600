#!/bin/bash
# The team's vocabulary (SPEC §9): values, labels and aliases in both
# scripts from cstk.yaml; files, CSV and JSON keep keys; tables show
# labels with a Chinese locale or `display: labels`; the index follows a
# changed vocabulary; check explains the mistakes.
. "$(dirname "$0")/lib.sh"
new_store
cat >>"$CSTK_DATA/cstk.yaml" <<'EOF'
channels:
  wechat: {label: 微信, aliases: [公众号]}
  sms: {label: 短信}
EOF
python3 - "$CSTK_DATA/cstk.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("priorities:\n", "priorities:\n  critical: {label: 特急, aliases: [P0], response: 15m, resolution: 4h}\n", 1)
s = s.replace("categories:\n", "categories:\n  suggestion: {label: 建议, aliases: [建議], team: product}\n", 1)
s += """tiers:
  vip: {label: VIP客户}
satisfaction:
  neutral: {aliases: [基本满意, 基本滿意]}
modules:
  logistics: {label: 物流, aliases: [快递, 快遞]}
  payment: {label: 支付}
"""
open(p, "w", encoding="utf-8").write(s)
PY
ok "check accepts the team's words" check

# Input: keys, labels and aliases in both scripts; files store keys.
a=$(open_ticket --channel 公众号 --category 投訴 --priority 特急 --module 快遞 --tier VIP客户)
eq "opened with aliases" "$?" 0
eq "channel key stored" "$(field "$a" channel)" wechat
eq "Traditional category alias" "$(field "$a" category)" complaint
eq "new priority by its label" "$(field "$a" priority)" critical
eq "module normalized" "$(field "$a" module)" logistics
eq "tier by its new label" "$(field "$a" customer.tier)" vip
b=$(open_ticket --channel 短信 --category 建議 --priority p0)
eq "new category by its Traditional alias" "$(field "$b" category)" suggestion
eq "new category routes to its team" "$(field "$b" team)" product
eq "the new priority's deadline (15m)" "$(field "$b" due.response)" "2026-11-22T09:30:00+08:00"
eq "the new priority's resolution (4h)" "$(field "$b" due.resolution)" "2026-11-22T13:15:00+08:00"
grep -q '^channel: sms$' "$CSTK_DATA/tickets/$b.yaml"
eq "the file holds the key" "$?" 0
refuse 2 "--module '售后' is not a module; use one of logistics (物流), payment (支付)" \
    "a module outside the list" classify "$b" --category inquiry --priority low --module 售后
refuse 2 "--channel 'fax' is not a channel; use one of phone (电话)" \
    "an unknown channel names the team's too" open --customer x --phone 1380000 \
    --channel fax --subject s
has "the team's values are offered" "$T/err" "wechat (微信), sms (短信)"
refuse 2 "--set priority 'P1'" "an unknown value in --set" update "$a" --set priority=P1

# Output: keys for scripts, labels for people.
ok "list" list
has "list shows keys in an English locale" "$T/out" "critical  complaint"
LC_ALL=zh_CN.UTF-8 "$CSTK" list >"$T/zh" 2>&1
has "list shows labels in a Chinese locale" "$T/zh" "已分类  特急    投诉"
LC_ALL=zh_CN.UTF-8 "$CSTK" list --format csv >"$T/zhcsv" 2>&1
has "CSV keeps keys in a Chinese locale" "$T/zhcsv" ",classified,critical,complaint,"
LC_ALL=zh_CN.UTF-8 "$CSTK" show "$a" >"$T/zhshow" 2>&1
has "show prints the label" "$T/zhshow" "特急"
grep -Eq '^priority +特急$' "$T/zhshow"
eq "show's card line is the label alone" "$?" 0
LC_ALL=zh_CN.UTF-8 "$CSTK" export --format json >"$T/zhjson" 2>&1
has "JSON keeps keys" "$T/zhjson" '"priority":"critical"'
ok "export --labels" export --labels
has "export --labels gives labels" "$T/out" ",微信,"
has "export --labels gives labels" "$T/out" ",投诉,物流,特急,"
ok "export --labels --format json" export --labels --format json
has "JSON labels" "$T/out" '"channel":"微信"'
printf 'display: labels\n' >>"$CSTK_DATA/cstk.yaml"
ok "list with display: labels" list
has "display: labels shows labels in any locale" "$T/out" "特急"
sed -i 's/^display: labels$/display: keys/' "$CSTK_DATA/cstk.yaml"
LC_ALL=zh_CN.UTF-8 "$CSTK" list >"$T/zh" 2>&1
has "display: keys wins over the locale" "$T/zh" "critical  complaint"
sed -i '/^display: keys$/d' "$CSTK_DATA/cstk.yaml"

# A closing word: satisfaction keeps three meanings, any number of aliases.
"$CSTK" assign "$a" --to zhang >/dev/null
"$CSTK" close "$a" --resolution 已补发 --responsibility 物流 >/dev/null
ok "confirm with a team's alias" close "$a" --satisfaction 基本滿意
eq "neutral by its Traditional alias" "$(field "$a" satisfaction)" neutral

# The report counts the new values; its table shows labels for people.
ok "report json" report --format json
has "SLA by the new priority" "$T/out" '"critical":'
LC_ALL=zh_CN.UTF-8 "$CSTK" report >"$T/zhrep" 2>&1
has "the report table shows labels" "$T/zhrep" "特急"

# A changed vocabulary: the index stores indices, so it is rebuilt.
"$CSTK" list --priority critical >"$T/before"
python3 - "$CSTK_DATA/cstk.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("priorities:\n", "priorities:\n  p00: {label: 超急, response: 5m, resolution: 1h}\n", 1)
open(p, "w", encoding="utf-8").write(s)
PY
ok "list after a value was added in front" list --priority critical
eq "the same tickets are critical" "$(cut -c1-40 "$T/out")" "$(cut -c1-40 "$T/before")"
ok "list --priority p00" list --priority 超急
eq "no ticket is p00" "$(wc -l <"$T/out")" 0

# Files written before a module list keep their text; input is checked.
new_store
c=$(open_ticket --category inquiry --priority low --module 售后服务)
printf 'modules:\n  logistics: {label: 物流}\n' >>"$CSTK_DATA/cstk.yaml"
ok "an old module stays readable" show "$c"
has "its text kept" "$T/out" "售后服务"
ok "check accepts it" check

# Mistakes, each at its place.
new_store
cp "$CSTK_DATA/cstk.yaml" "$T/policy"
sed -i 's/^categories:$/&\n  suggestion: {label: 建议, aliases: [complaint], team: product}/' \
    "$CSTK_DATA/cstk.yaml"
line=$(grep -n '^  suggestion' "$CSTK_DATA/cstk.yaml" | cut -d: -f1)
refuse 1 "cstk.yaml:$line:3: the alias 'complaint' of category 'suggestion' is the key of category 'complaint'" \
    "an alias equal to another key" check
cp "$T/policy" "$CSTK_DATA/cstk.yaml"
printf 'tiers:\n  gold: {label: 金卡}\n  platinum: {label: 金卡}\n' >>"$CSTK_DATA/cstk.yaml"
line=$(grep -n '^  platinum' "$CSTK_DATA/cstk.yaml" | cut -d: -f1)
refuse 1 "cstk.yaml:$line:3: tier 'gold' and 'platinum' have the same label '金卡'" \
    "two values with one label" list
cp "$T/policy" "$CSTK_DATA/cstk.yaml"
sed -i 's/  product: \[zhou\]/  product: []/' "$CSTK_DATA/cstk.yaml"
line=$(grep -n '^  product: \[\]' "$CSTK_DATA/cstk.yaml" | cut -d: -f1)
run check
eq "an empty team fails check" "$rc" 1
has "check names the empty team and its place" "$T/out" \
    "cstk.yaml:$line:3: team 'product' has no members, so 'cstk assign' cannot pick anyone from it; list at least one login, or remove the team (category 'request' routes to it)"
ok "an empty team still loads (schema 1)" list
finish
