#!/bin/bash
# Two sites through git (SPEC §11), at random: a bare remote and two
# clones; on each side N (default 500) random commands — open, classify,
# assign, update, close, revisit, reopen — on tickets both sides share,
# with `cstk sync` every 50 commands, both sides at once; then a final sync
# both ways.  Then: no ID twice, every event a command acknowledged is in
# the merged history exactly once, check clean and git status clean on
# both, the same weekly report on both, and one commit per command.
# SITES_N=50 makes it quick.
. "$(dirname "$0")/lib.sh"
command -v git >/dev/null || { echo "test-sites: git is not installed; skipped"; finish; exit; }
export GIT_CONFIG_NOSYSTEM=1 HOME=$T
N=${SITES_N:-500}
git init -q --bare "$T/remote.git"
"$CSTK" init --git --site BJ "$T/a" >/dev/null || { fail "init"; finish; exit; }
git -C "$T/a" remote add origin "$T/remote.git"
CSTK_DATA=$T/a "$CSTK" sync >/dev/null || fail "the first sync"
"$CSTK" clone "$T/remote.git" "$T/b" --site SH >/dev/null || fail "clone"
BASE=$(date -d 2026-11-16T09:00:00+08:00 +%s)

# side DIR AGENT OFFSET SEED: N random commands as AGENT; each
# acknowledged one is logged as "AT AGENT ID N" (N: the history entries it
# wrote, counted right after it) in $T/ack-AGENT.
side() {
	local D=$1 agent=$2 off=$3 k op id ids t now n
	RANDOM=$4
	: >"$T/ack-$agent"
	for ((k = 1; k <= N; k++)); do
		t=$((BASE + k * 60 + off))
		TZ=UTC-8 printf -v now '%(%Y-%m-%dT%H:%M:%S+08:00)T' "$t"
		ids=("$D"/tickets/*.yaml "$D"/archive/*/*.yaml)
		id=${ids[RANDOM % ${#ids[@]}]}
		id=${id##*/}
		id=${id%.yaml}
		op=$((RANDOM % 100))
		export CSTK_DATA=$D CSTK_NOW=$now CSTK_USER=$agent
		if [ "$op" -lt 16 ] || [ "$id" = "*" ]; then
			id=$("$CSTK" open --customer "客户$k" --phone 1380000$((1000 + k)) \
			    --channel phone --subject "问题$k" 2>/dev/null) || id=
		elif [ "$op" -lt 28 ]; then
			"$CSTK" classify "$id" --category complaint --priority urgent >/dev/null 2>&1 || id=
		elif [ "$op" -lt 40 ]; then
			"$CSTK" assign "$id" --to "$agent" >/dev/null 2>&1 || id=
		elif [ "$op" -lt 60 ]; then
			"$CSTK" update "$id" --note "第$k次 $agent" >/dev/null 2>&1 || id=
		elif [ "$op" -lt 70 ]; then
			"$CSTK" close "$id" --resolution "已处理$k" >/dev/null 2>&1 || id=
		elif [ "$op" -lt 80 ]; then
			s=(satisfied satisfied unsatisfied)
			"$CSTK" close "$id" --satisfaction "${s[RANDOM % 3]}" >/dev/null 2>&1 || id=
		elif [ "$op" -lt 88 ]; then
			"$CSTK" revisit "$id" --satisfaction satisfied --result 满意 >/dev/null 2>&1 || id=
		elif [ "$op" -lt 94 ]; then
			"$CSTK" reopen "$id" --reason "又坏了$k" >/dev/null 2>&1 || id=
		else
			"$CSTK" close "$id" --reject "重复$k" >/dev/null 2>&1 || id=
		fi
		if [ -n "$id" ]; then
			f=$(ls "$D"/tickets/"$id".yaml "$D"/archive/*/"$id".yaml 2>/dev/null | head -1)
			n=$(awk -v at="$now" -v by="$agent" '/^- at: / { a = $3 } /^  by: / { if (a == at && $2 == by) n++ } END { print n + 0 }' "$f")
			echo "$now $agent $id $n" >>"$T/ack-$agent"
		fi
		if ((k % 50 == 0)); then
			"$CSTK" sync >/dev/null 2>>"$T/sync-$agent" || echo "sync at $k failed" >>"$T/sync-$agent"
		fi
	done
}
side "$T/a" zhang 0 11 &
side "$T/b" li 30 22 &
wait
for d in a b a b; do CSTK_DATA=$T/$d CSTK_USER=admin "$CSTK" sync >/dev/null 2>>"$T/sync-final" ||
    echo "final sync of $d failed" >>"$T/sync-final"; done
eq "every sync worked" "$(cat "$T"/sync-* | head -3)" ""
na=$(wc -l <"$T/ack-zhang") nb=$(wc -l <"$T/ack-li")
echo "test-sites: $N commands a side; acknowledged $na (BJ) and $nb (SH)"
[ "$na" -gt $((N / 4)) ] && [ "$nb" -gt $((N / 4)) ] && pass ||
    fail "too few commands were acknowledged to test anything: $na, $nb"
merges=$(git -C "$T/a" rev-list --merges --count HEAD)
conflicts=$(cat "$T"/a/tickets/*.yaml "$T"/a/archive/*/*.yaml | grep -c '^  action: conflict')
both=$(git -C "$T/a" log --no-merges --format='%an %s' |
    awk '$2 == "cstk" && $3 != "sync" && $3 != "init" { sub(/:$/, "", $4); print $4, $1 }' |
    sort -u | awk '{ print $1 }' | uniq -d | wc -l)
echo "test-sites: $merges merges; $both tickets changed on both sites; $conflicts conflict entries"
[ "$both" -gt 0 ] && [ "$conflicts" -gt 0 ] && pass ||
    fail "the sites never changed the same ticket: nothing was tested"
for d in a b; do
	(cd "$T/$d" && find tickets archive -name '*.yaml' | sort) >"$T/files-$d"
done
cmp -s "$T/files-a" "$T/files-b" && pass || fail "the sites hold different files: $(diff "$T/files-a" "$T/files-b" | head -3)"
eq "no ID twice" "$(sed 's|.*/||' "$T/files-a" | sort | uniq -d | head -3)" ""
n=0
while read -r p; do cmp -s "$T/a/$p" "$T/b/$p" || n=$((n + 1)); done <"$T/files-a"
eq "every ticket the same on both sites" "$n" 0
# every acknowledged event, exactly as often as its command wrote it
python3 - "$T/a" "$T/ack-zhang" "$T/ack-li" >"$T/missing" <<'EOF'
import glob, os, re, sys
store = sys.argv[1]
count = {}
for f in glob.glob(store + "/tickets/*.yaml") + glob.glob(store + "/archive/*/*.yaml"):
    tid = os.path.basename(f)[:-5]
    text = open(encoding="utf-8", file=f).read()
    for at, by, action in re.findall(r"^- at: (\S+)\n  by: (\S+)\n(?:  login: \S+\n)?  action: (\S+)", text, re.M):
        if action != "conflict":	# the merge's own entries
            count[(tid, at, by)] = count.get((tid, at, by), 0) + 1
for ack in sys.argv[2:]:
    for line in open(ack, encoding="utf-8"):
        at, by, tid, n = line.split()
        if count.get((tid, at, by), 0) != int(n):
            print(f"{tid} {at} {by}: {count.get((tid, at, by), 0)} entries, want {n}")
EOF
eq "every acknowledged event is in the merged history exactly once" "$(head -3 "$T/missing")" ""
for d in a b; do
	CSTK_DATA=$T/$d run check
	eq "check is clean ($d)" "$rc $(grep -v 'tickets checked' "$T/out" | head -2)" "0 "
	eq "git status is clean ($d)" "$(git -C "$T/$d" status --porcelain | head -3)" ""
done
for w in 2026-W47 2026-W48; do
	CSTK_DATA=$T/a "$CSTK" report --week $w --format json >"$T/ra" 2>&1
	CSTK_DATA=$T/b "$CSTK" report --week $w --format json >"$T/rb" 2>&1
	cmp -s "$T/ra" "$T/rb" && pass || fail "week $w reports differently: $(diff "$T/ra" "$T/rb" | head -4)"
	# the index kept through every merge gives what a fresh one gives
	mv "$T/b/.index" "$T/b-index"
	CSTK_DATA=$T/b "$CSTK" report --week $w --format json >"$T/rc" 2>&1
	rm -rf "$T/b/.index"
	mv "$T/b-index" "$T/b/.index"
	cmp -s "$T/rb" "$T/rc" && pass || fail "week $w: the index after the merges is stale: $(diff "$T/rb" "$T/rc" | head -4)"
done
# one commit per acknowledged command, the agent its author
for who in zhang li; do
	eq "one commit per command by $who" \
	    "$(git -C "$T/a" log --no-merges --author="^$who " --format=%s | grep -vc '^cstk sync')" \
	    "$(wc -l <"$T/ack-$who")"
done
finish
