#!/bin/bash
# Every refused transition (exit 3), missing ticket (4), usage error (2) and
# broken store (1), with its message; nothing on disk changes.
. "$(dirname "$0")/lib.sh"
new_store

i=$(open_ticket)			# intake
c=$(open_ticket --category inquiry --priority low)	# classified
a=$(open_ticket --category inquiry --priority low); "$CSTK" assign "$a" >/dev/null
r=$(open_ticket --category inquiry --priority low); "$CSTK" assign "$r" >/dev/null
"$CSTK" close "$r" --resolution done
f=$(open_ticket --tier vip --category inquiry --priority low); "$CSTK" assign "$f" >/dev/null
"$CSTK" close "$f" --resolution done --satisfaction satisfied
z=$(open_ticket --category inquiry --priority low); "$CSTK" close "$z" --reject dup
before=$(tree_sum)

# --- transitions not in the table: exit 3, naming the status and the way on ---
refuse 3 "cannot assign ticket '$i': it is in 'intake'; classify it first" "assign intake" assign "$i" --to x
refuse 3 "it is in 'intake'" "assign intake (auto)" assign "$i"
refuse 3 "cannot resolve ticket '$i': it is in 'intake'" "resolve intake" close "$i" --resolution x
refuse 3 "cannot resolve ticket '$c': it is in 'classified'; assign it first" "resolve classified" close "$c" --resolution x
refuse 3 "cannot confirm ticket '$a': it is in 'assigned'; resolve it with" "confirm assigned" close "$a" --satisfaction satisfied
refuse 3 "cannot classify ticket '$a': it is in 'assigned'" "classify assigned" classify "$a" --category inquiry --priority low
refuse 3 "cannot resolve ticket '$r': it is in 'resolved'" "resolve resolved" close "$r" --resolution again
refuse 3 "cannot assign ticket '$r': it is in 'resolved'" "assign resolved" assign "$r" --to x
refuse 3 "cannot revisit ticket '$r': it is in 'resolved'" "revisit resolved" revisit "$r" --satisfaction satisfied
refuse 3 "cannot revisit ticket '$a': it is in 'assigned'" "no-answer assigned" revisit "$a" --no-answer
refuse 3 "cannot confirm ticket '$f': it is in 'follow-up'; record the revisit" "confirm follow-up" close "$f" --satisfaction satisfied
refuse 3 "cannot classify ticket '$f'" "classify follow-up" classify "$f" --category inquiry --priority low
for cmd in "update $z --note x" "close $z --reject again" "close $z --resolution x" \
    "classify $z --category inquiry --priority low" "assign $z --to x" \
    "revisit $z --no-answer" "update $z --set subject=x"; do
	# shellcheck disable=SC2086
	refuse 3 "it is in 'archived'" "archived: $cmd" $cmd
done
refuse 3 "classify it" "set priority in intake" update "$i" --set priority=urgent
eq "refusals changed nothing" "$(tree_sum)" "$before"

# --- no such ticket: exit 4 ---
refuse 4 "no ticket 'CS-20261122-0999'" "show missing" show CS-20261122-0999
refuse 4 "no ticket" "update missing" update CS-20261122-0999 --note x
refuse 4 "no ticket" "close missing" close CS-20261122-0999 --reject x

# --- bad IDs never become paths: exit 2 ---
for bad in ../../etc/passwd CS-2026112-0001 cs-20261122-0001 CS-20261322-0001 \
    CS-20261122-001 "CS-20261122-0001/../x" CS-20261122-00011 "" ./CS-20261122-0001 \
    CS-20260230-0001 "CS-20261122-0001 "; do
	refuse 2 "is not a ticket ID" "bad id '$bad'" show "$bad"
done
refuse 2 "is not a ticket ID" "bad id in update" update ../x --note x

# --- usage errors: exit 2 ---
refuse 2 "needs --customer" "open without customer" open --channel phone --subject x
refuse 2 "needs --channel" "open without channel" open --customer x --subject x
refuse 2 "needs --subject" "open without subject" open --customer x --channel phone
refuse 2 "--channel 'fax' is not a channel; use one of phone (电话)" "bad channel" open --customer x --channel fax --subject y
refuse 2 "--priority 'asap' is not a priority; use one of urgent (紧急)" "bad priority" classify "$i" --category inquiry --priority asap
refuse 2 "--category and --priority go together" "category alone" open --customer x --channel phone --subject y --category inquiry
refuse 2 "--module needs --category" "module alone" open --customer x --channel phone --subject y --module m
refuse 2 "--subject must be one line" "two-line subject" open --customer x --channel phone --subject "$(printf 'a\nb')"
refuse 2 "--subject is empty" "empty subject" open --customer x --channel phone --subject ""
refuse 2 "is not a phone number" "bad phone" open --customer x --channel phone --subject y --phone abc
refuse 2 "is not an e-mail address" "bad email" open --customer x --channel phone --subject y --email nope
refuse 2 "is not valid UTF-8" "invalid UTF-8 argument" open --customer "$(printf 'a\377b')" --channel phone --subject y
refuse 2 "holds a control character" "control character" open --customer "$(printf 'a\033b')" --channel phone --subject y
refuse 2 "needs --category and --priority" "classify without args" classify "$i"
refuse 2 "needs more arguments" "classify without ID" classify --category inquiry --priority low
refuse 2 "unexpected argument 'extra'" "extra argument" show "$i" extra
refuse 2 "unknown option '--bogus'" "unknown option" list --bogus
refuse 2 "options are not abbreviated" "abbreviated option" list --stat intake
refuse 2 "option '--status' needs a value" "missing value" list --status
refuse 2 "needs something to record" "empty update" update "$a"
refuse 2 "--escalate needs --reason" "escalate without reason" update "$a" --escalate
refuse 2 "--to goes with --escalate" "to without escalate" update "$a" --to x
refuse 2 "'history' cannot be set" "set unknown key" update "$a" --set history=x
refuse 2 "'id' cannot be set" "set id" update "$a" --set id=CS-20261122-0002
refuse 2 "should be KEY=VALUE" "set without =" update "$a" --set subject
refuse 2 "'subject' cannot be emptied" "empty subject via set" update "$a" --set subject=
refuse 2 "is not a tier" "bad tier via set" update "$a" --set customer.tier=gold
refuse 2 "needs --resolution TEXT, --satisfaction S, --no-answer, --unconfirmed or --reject REASON" "bare close" close "$a"
refuse 2 "--reject stands alone" "reject with more" close "$a" --reject x --resolution y
refuse 2 "--comment goes with --satisfaction" "comment alone" close "$a" --resolution x --comment y
refuse 2 "--responsibility goes with --resolution" "responsibility alone" close "$r" --satisfaction satisfied --responsibility customer
refuse 2 "is not a responsibility" "bad responsibility" close "$a" --resolution x --responsibility god
refuse 2 "--satisfaction and --no-answer exclude each other" "both revisit modes" revisit "$f" --satisfaction satisfied --no-answer
refuse 2 "needs --satisfaction S or --no-answer" "bare revisit ID" revisit "$f"
refuse 2 "needs a ticket ID" "revisit satisfaction without ID" revisit --satisfaction satisfied
refuse 2 "--due '2026-13-01' is not a time" "bad due" revisit --due 2026-13-01
refuse 2 "--format 'xml' is not known" "bad list format" list --format xml
refuse 2 "--format 'xml' is not known" "bad show format" show "$a" --format xml
refuse 2 "--at 'yesterday' is not a time" "bad --at" update "$a" --note x --at yesterday
CSTK_NOW=soon refuse 2 "CSTK_NOW 'soon' is not an RFC 3339 time" "bad CSTK_NOW" list
# A real day before 1970 is called that, wherever a time is given; the
# instant counts, not the date as written in its offset.
before=$(tree_sum)
refuse 2 "--at '1969-12-31 23:00' is before 1970-01-01T08:00:00+08:00, where cstk's times begin" "--at before 1970" update "$a" --note x --at "1969-12-31 23:00"
refuse 2 "--due resolution '1969-12-31' is before 1970-01-01T08:00:00+08:00" "a promise before 1970" update "$a" --due resolution=1969-12-31 --reason x
eq "no ticket changed by a time before 1970" "$(tree_sum)" "$before"
refuse 2 "--since '1900-01-01' is before 1970-01-01T08:00:00+08:00" "report --since before 1970" report --since 1900-01-01 --until 2026-11-01
refuse 2 "--until '1970-01-01' is before 1970-01-01T08:00:00+08:00, where" "--until 1970-01-01 at +08:00" list --until 1970-01-01
refuse 2 "--since '1969-12-31T10:00:00-05:00' is before 1969-12-31T19:00:00-05:00, where" "named in the offset it was written in" report --since 1969-12-31T10:00:00-05:00
refuse 2 "--week '1969-W52' is before 1970, where cstk's times begin" "report --week before 1970" report --week 1969-W52
refuse 2 "--week '-001-W01' should look like 2026-W47" "a week of a negative year" report --week -001-W01
refuse 2 "--month '1969-12' is before 1970, where cstk's times begin" "report --month before 1970" report --month 1969-12
ok "1970-W01 begins on 1969-12-29: its report is empty" report --week 1970-W01 --format csv
has "no ticket opened" "$T/out" "volume,,opened,0"
CSTK_NOW=1969-12-31T12:00:00Z refuse 2 "CSTK_NOW '1969-12-31T12:00:00Z' is before 1970-01-01T00:00:00+00:00" "CSTK_NOW before 1970" list
CSTK_NOW=1969-12-31T23:59:59-08:00 ok "1969 at -08:00 is 1970 in UTC" list
refuse 2 "'lsit' is not a cstk command; did you mean 'list'?" "typo" lsit
refuse 2 "'frobnicate' is not a cstk command" "unknown command" frobnicate
refuse 2 "no command given" "no command" 
CSTK_USER= USER= refuse 2 "who is doing this?" "no actor" update "$a" --note x
sed -i 's/  product: \[zhou\]/  product: []/' "$CSTK_DATA/cstk.yaml"
p=$(open_ticket --category request --priority low)
refuse 2 "team 'product' has no members in $CSTK_DATA/cstk.yaml; give --to AGENT" "empty team" assign "$p"
ok "--to works for an empty team" assign "$p" --to zhou
eq "refused usage changed nothing but the new tickets" "$(field "$a" status)" "assigned"

# --- not a store: exit 1 ---
refuse 1 "does not exist; create it with 'cstk init" "missing store" -d "$T/nowhere" list
mkdir "$T/empty"
refuse 1 "is not a cstk data directory (no cstk.yaml)" "not a store" -d "$T/empty" list
refuse 2 "already holds a cstk store" "init twice" init "$CSTK_DATA"

# --- a broken policy names file:line:col ---
cp "$CSTK_DATA/cstk.yaml" "$T/policy.bak"
printf 'id_prefix: CS\npriorities:\n  critical: {label: 特急, response: 1}\n' >"$CSTK_DATA/cstk.yaml"
refuse 1 "cstk.yaml:3:3: priority 'critical' needs its deadlines, like {response: 15m, resolution: 4h}" "new priority without deadlines" list
printf 'deadlines:\n  - {when: {priority: critical}, response: 1h}\n' >"$CSTK_DATA/cstk.yaml"
refuse 1 "cstk.yaml:2:23: unknown priority 'critical'; expected one of urgent (紧急)" "rule naming an unknown priority" list
printf 'channels:\n  wechat: {label: 微信, aliases: [公众号]}\n  sms: {label: 短信, aliases: [公众号]}\n' >"$CSTK_DATA/cstk.yaml"
refuse 1 "cstk.yaml:3:3: '公众号' names both channel 'sms' and 'wechat'; a word names one value" "duplicate alias" list
printf 'priorities:\n  urgent: {response: 0, resolution: 2}\n' >"$CSTK_DATA/cstk.yaml"
refuse 1 "cstk.yaml:2:22: response is '0'; it should be a duration like 15m, 4h, 3d, 8bh" "zero hours" list
printf 'categories:\n  complaint: legal\n' >"$CSTK_DATA/cstk.yaml"
refuse 1 "cstk.yaml:2:14: category 'complaint' routes to team 'legal', which is not listed" "unknown team" list
printf 'colour: blue\n' >"$CSTK_DATA/cstk.yaml"
refuse 1 "cstk.yaml:1:1: unknown key 'colour'" "unknown policy key" list
printf 'teams: [a, b\n' >"$CSTK_DATA/cstk.yaml"
refuse 1 "cstk.yaml:2:1: did not find expected ',' or ']'" "policy syntax error" list
printf 'id_prefix: cs-1\n' >"$CSTK_DATA/cstk.yaml"
refuse 1 "id_prefix 'cs-1' should be 1-16 capital letters" "bad prefix" list
cp "$T/policy.bak" "$CSTK_DATA/cstk.yaml"

finish
