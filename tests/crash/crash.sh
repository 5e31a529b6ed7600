#!/bin/bash
# kill -9 at random moments during open, update, archive closes, reopens
# (back from archive/) and imports, until N writers were killed (`make crash`, CRASH_KILLS=N,
# default 1000).  Then: every
# acknowledged write is there, nothing is there twice, no ticket is in
# tickets/ and archive/ for readers, a killed import retried is imported
# once, and after the next writer check is clean.
. "$(dirname "$0")/../cli/lib.sh"
N=${1:-1000}
new_store
# A pool of resolved tickets to archive (one close each).
python3 - "$N" >"$T/pool.csv" <<'PY'
import sys
n = int(sys.argv[1]) + 10
print("customer,channel,subject,category,priority,status,assignee,resolved,resolution")
for i in range(n):
    print("客户%d,phone,待确认%d,inquiry,low,resolved,li,2026-11-22T09:00:00+08:00,已处理" % (i, i))
PY
"$CSTK" import "$T/pool.csv" >"$T/pool" 2>/dev/null || fail "pool import"
note_ids=$(for i in 1 2 3; do open_ticket --subject "笔记$i"; done)
: >"$T/acked"
: >"$T/reopened"
pool_next=1
killed=0
i=0
while [ "$killed" -lt "$N" ]; do
	i=$((i + 1))
	case $((i % 5)) in
	0) set -- open --customer "开单$i" --channel phone --subject "开单$i"; what="open 开单$i" ;;
	1) tk=$(echo "$note_ids" | sed -n "$((i % 3 + 1))p")
	   set -- update "$tk" --note "note-$i"; what="note $tk note-$i" ;;
	2) tk=$(sed -n "${pool_next}p" "$T/pool"); pool_next=$((pool_next + 1))
	   set -- close "$tk" --satisfaction satisfied; what="archive $tk" ;;
	3) printf 'customer,channel,subject\n导入%d,chat,导入%d-a\n导入%d,chat,导入%d-b\n' $i $i $i $i >"$T/imp$i.csv"
	   set -- import "$T/imp$i.csv"; what="import 导入$i" ;;
	4) # reopen a ticket whose archiving was acknowledged, once
	   tk=$(grep '^archive ' "$T/acked" | cut -d' ' -f2 | grep -vxF -f "$T/reopened" | head -1)
	   [ -n "$tk" ] || continue
	   echo "$tk" >>"$T/reopened"
	   set -- reopen "$tk" --reason "call back $i"; what="reopen $tk" ;;
	esac
	# A short pause before each rename widens the windows the kill can hit.
	CSTK_TEST_PAUSE=$((RANDOM % 4)) "$CSTK" "$@" >"$T/o" 2>/dev/null &
	pid=$!
	sleep "0.00$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	if { wait "$pid"; } 2>/dev/null; then
		echo "$what" >>"$T/acked"
	elif [ "${what%% *}" = import ]; then
		# The natural retry of a killed import: once, never twice.
		"$CSTK" "$@" >/dev/null 2>"$T/retry"
		rc=$?
		[ $rc -eq 0 ] || grep -q "was imported already" "$T/retry" ||
		    fail "retry of a killed import: exit $rc: $(cat "$T/retry")"
		echo "$what" >>"$T/acked"
	fi
done
echo "crash: $i writers started, $killed killed with SIGKILL" >&2
"$CSTK" update "$(echo "$note_ids" | head -1)" --note "the next writer" || fail "the next writer fails"
ok "check is clean after the kills" check
eq "nothing left in .tmp" "$(ls -A "$CSTK_DATA/.tmp" | grep -cvx batch-gen)" "0"
"$CSTK" list --all --format tsv >"$T/all"
eq "no ticket twice for readers" "$(cut -f1 "$T/all" | sort | uniq -d | wc -l)" "0"
eq "no ticket file twice on disk" "$(find "$CSTK_DATA/tickets" "$CSTK_DATA/archive" -name '*.yaml' -printf '%f\n' | sort | uniq -d | wc -l)" "0"
CSTK_NO_INDEX=1 "$CSTK" export --all --format json >"$T/json"
python3 - "$T/acked" "$T/json" <<'PY' && pass || fail "an acknowledged write is lost or a write landed twice"
import json, sys, collections
tickets = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
by_id = {t["id"]: t for t in tickets}
subjects = collections.Counter(t.get("subject") for t in tickets)
notes = collections.Counter()
for t in tickets:
    for h in t.get("history", []):
        if h.get("action") == "note":
            notes[(t["id"], h.get("note"))] += 1
bad = []
for line in open(sys.argv[1], encoding="utf-8"):
    kind, rest = line.rstrip("\n").split(" ", 1)
    if kind == "open" and subjects[rest] != 1:
        bad.append("open %s: %d" % (rest, subjects[rest]))
    elif kind == "note":
        tid, note = rest.split(" ")
        if notes[(tid, note)] != 1:
            bad.append("note %s %s: %d" % (tid, note, notes[(tid, note)]))
    elif kind == "archive" and by_id.get(rest, {}).get("status") not in ("archived", "assigned"):
        bad.append("archive %s: %s" % (rest, by_id.get(rest, {}).get("status")))
    elif kind == "reopen" and by_id.get(rest, {}).get("status") != "assigned":
        bad.append("reopen %s: %s" % (rest, by_id.get(rest, {}).get("status")))
    elif kind == "import":
        for s in ("a", "b"):
            if subjects["%s-%s" % (rest, s)] != 1:
                bad.append("import %s-%s: %d" % (rest, s, subjects["%s-%s" % (rest, s)]))
dups = [s for s, n in subjects.items() if n > 1 and not s.startswith("待确认")]
dup_notes = [k for k, n in notes.items() if n > 1]
if bad or dups or dup_notes:
    print("\n".join(bad[:10] + ["twice: %s" % d for d in dups[:10]] + ["note twice: %s" % (d,) for d in dup_notes[:10]]))
    sys.exit(1)
kinds = collections.Counter(l.split(" ", 1)[0] for l in open(sys.argv[1], encoding="utf-8"))
print("crash: %d acknowledged writes checked (%s)" % (sum(kinds.values()),
      ", ".join("%s %d" % k for k in sorted(kinds.items()))), file=sys.stderr)
PY
finish
