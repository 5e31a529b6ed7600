#!/bin/bash
# A store kept in git (SPEC §11): init --git, one commit per write with
# the agent as author, a clean git status, clone --site, sync, the merge
# driver on concurrent edits, and every refusal.
. "$(dirname "$0")/lib.sh"
command -v git >/dev/null || { echo "test-git: git is not installed; skipped"; finish; exit; }
G=$T/g
export GIT_CONFIG_NOSYSTEM=1 HOME=$T	# no one's git config but the test's

ok "init --git --site BJ" init --git --site BJ "$G"
has "says it is kept in git" "$T/out" "is kept in git"
eq "cstk.site in the clone's config" "$(git -C "$G" config cstk.site)" BJ
has ".gitignore keeps the caches out" "$G/.gitignore" ".index/"
has ".gitattributes names the driver" "$G/.gitattributes" "tickets/*.yaml merge=cstk"
has "the driver is this cstk" "$G/.git/config" "merge-file %O %A %B %P"
eq "one commit: cstk init" "$(git -C "$G" log --format=%s)" "cstk init"
export CSTK_DATA=$G
id=$("$CSTK" open --customer 王丽 --channel phone --subject 漏发 --category complaint \
    --priority urgent --by chen)
eq "a site's ID" "$id" CS-20261122-BJ0001
ok "assign" assign "$id" --to zhang --by chen
ok "update" update "$id" --note 已催 --by zhang
ok "close" close "$id" --resolution 已补发 --by zhang
ok "confirm" close "$id" --satisfaction satisfied --by zhang
eq "one commit per command" "$(git -C "$G" rev-list --count HEAD)" 6
eq "the message names command, ticket, status and agent" \
    "$(git -C "$G" log -1 --format=%s)" "cstk close $id: follow-up (zhang)"
eq "the author is the agent" "$(git -C "$G" log -1 --format='%an <%ae>')" "zhang <zhang@cstk>"
eq "the open's author" "$(git -C "$G" log --format=%an | tail -2 | head -1)" chen
eq "a commit holds the paths it changed, no more" \
    "$(git -C "$G" show --format= --name-only HEAD)" "tickets/$id.yaml"
eq "git status is clean" "$(git -C "$G" status --porcelain)" ""
ok "revisit: archived" revisit "$id" --satisfaction satisfied --by zhang
eq "the move to archive/ is one commit" \
    "$(git -C "$G" show --no-renames --format= --name-status HEAD | sort | tr '\t' ' ')" \
    "$(printf 'A archive/2026-11/%s.yaml\nD tickets/%s.yaml' "$id" "$id")"
eq "git status is clean after the move" "$(git -C "$G" status --porcelain)" ""
ok "a read commits nothing" list --all
eq "no commit for a read" "$(git -C "$G" rev-list --count HEAD)" 7
CSTK_SITE=SH run open --customer 李 --channel web --subject x
eq "CSTK_SITE overrides the clone's site" "$(cat "$T/out")" CS-20261122-SH0001
# what a killed writer leaves uncommitted, sync commits (below)
printf 'crm_ref: X-1\n' >>"$G/tickets/CS-20261122-SH0001.yaml"

# --- refusals: nothing is made or committed ---
commits=$(git -C "$G" rev-list --count HEAD)
refuse 2 "--site 'bj' should be 1-4 capital letters" "a lower-case site" \
    init --git --site bj "$T/x"
refuse 2 "--site is for a store kept in git" "--site without --git" init --site BJ "$T/x"
[ -e "$T/x" ] && fail "a refused init made '$T/x'" || pass
CSTK_SITE=TOOLONG refuse 2 "CSTK_SITE 'TOOLONG' should be 1-4 capital letters" \
    "a bad CSTK_SITE" list
refuse 2 "has no remote 'origin'" "sync without an origin" sync
"$CSTK" init "$T/plain" >/dev/null
CSTK_DATA=$T/plain refuse 2 "is not kept in git" "sync of a store not in git" sync
refuse 2 "is not a ticket ID" "a site ID with five letters" show CS-20261122-ABCDE0001
eq "the refusals committed nothing" "$(git -C "$G" rev-list --count HEAD)" "$commits"
eq "...and changed no file" "$(git -C "$G" status --porcelain)" " M tickets/CS-20261122-SH0001.yaml"
eq "$T/plain has no git after a refused sync" "$(ls -A "$T/plain" | grep -c '^\.git')" 0
git -C "$G" checkout -q --detach
refuse 1 "is not on a branch" "a write on a detached HEAD" update CS-20261122-SH0001 --note x
has "the write is kept all the same" "$T/err" "the change is saved but not committed"
git -C "$G" checkout -q main

# --- two sites ---
git init -q --bare "$T/remote.git"
git -C "$G" remote add origin "$T/remote.git"
ok "the first sync pushes" sync
has "sync says what it did" "$T/out" "pushed"
eq "what was not committed is committed by sync" "$(git -C "$G" status --porcelain)" ""
has "...with its own message" <(git -C "$G" log --format=%s) "cstk sync: changes not committed before"
S=$T/s
ok "clone --site SH" clone "$T/remote.git" "$S" --site SH
has "clone says the IDs" "$T/out" "SH0001"
eq "the clone is a store" "$(CSTK_DATA=$S "$CSTK" list --all --format csv | tail -n +2 | wc -l)" 2
[ -d "$S/.index" ] && pass || fail "the clone's index is built"
eq "the clone's site" "$(git -C "$S" config cstk.site)" SH
id2=$(CSTK_DATA=$S "$CSTK" open --customer 赵 --channel phone --subject 退款 \
    --category complaint --priority urgent --by li)
eq "the second site's IDs" "$id2" CS-20261122-SH0002
# both sites work on the same ticket: a conflict on the assignee, notes on both
CSTK_DATA=$S "$CSTK" assign CS-20261122-SH0001 --to li --by li --at 2026-11-22T09:10:00+08:00 >/dev/null 2>&1 ||
    CSTK_DATA=$S "$CSTK" classify CS-20261122-SH0001 --category complaint --priority urgent --by li >/dev/null
CSTK_DATA=$S "$CSTK" classify CS-20261122-SH0001 --category complaint --priority urgent --by li >/dev/null 2>&1
CSTK_DATA=$G "$CSTK" classify CS-20261122-SH0001 --category complaint --priority urgent --by chen >/dev/null 2>&1
CSTK_NOW=2026-11-22T09:20:00+08:00 CSTK_DATA=$S ok "site 2 assigns" assign CS-20261122-SH0001 --to li --by li
CSTK_NOW=2026-11-22T09:30:00+08:00 CSTK_DATA=$G ok "site 1 assigns later" assign CS-20261122-SH0001 --to zhao --by chen
CSTK_NOW=2026-11-22T09:31:00+08:00 CSTK_DATA=$S ok "site 2 notes" update CS-20261122-SH0001 --note 二号站
CSTK_NOW=2026-11-22T09:32:00+08:00 CSTK_DATA=$G ok "site 1 notes" update CS-20261122-SH0001 --note 一号站
CSTK_DATA=$S ok "site 2 syncs" sync
CSTK_DATA=$G ok "site 1 syncs (and merges)" sync
has "sync says what it merged" "$T/out" "merged"
CSTK_DATA=$S ok "site 2 syncs again" sync
f=tickets/CS-20261122-SH0001.yaml
cmp -s "$G/$f" "$S/$f" && pass || fail "both sites hold the same ticket: $(diff "$G/$f" "$S/$f" | head -4)"
eq "the later assignment won" "$(grep '^assignee:' "$S/$f")" "assignee: zhao"
has "the other is kept in a conflict entry" "$S/$f" "action: conflict"
has "...with its value" "$S/$f" "value: li"
has "both notes are there" "$S/$f" "note: 一号站"
has "both notes are there" "$S/$f" "note: 二号站"
grep -q '<<<<<<<\|>>>>>>>' "$S/$f" && fail "conflict markers in a ticket" || pass
has "the unknown key one site added survives" "$S/$f" "crm_ref: X-1"
CSTK_DATA=$S ok "check is clean after the merge" check
CSTK_DATA=$G ok "check is clean on the other site" check
eq "git status is clean (site 1)" "$(git -C "$G" status --porcelain)" ""
eq "git status is clean (site 2)" "$(git -C "$S" status --porcelain)" ""
CSTK_DATA=$G run list --all --format csv
n1=$(wc -l <"$T/out")
CSTK_DATA=$S run list --all --format csv
eq "the index saw what the merge brought" "$(wc -l <"$T/out")" "$n1"
eq "three tickets on both sites" "$n1" 4
# one site archives a ticket after several contacts while the other notes
# it: git must follow the move (no modify/delete stop), the note must stay
id3=$(CSTK_DATA=$G "$CSTK" open --customer 钱 --channel phone --subject 咨询 \
    --category inquiry --priority low --by chen)
CSTK_DATA=$G "$CSTK" assign "$id3" --to chen --by chen >/dev/null
CSTK_DATA=$G "$CSTK" sync >/dev/null && CSTK_DATA=$S "$CSTK" sync >/dev/null
for k in 1 2 3; do CSTK_DATA=$G "$CSTK" update "$id3" --contact "第$k次联系" --by chen >/dev/null; done
CSTK_DATA=$G "$CSTK" close "$id3" --resolution 已解答 --by chen >/dev/null
CSTK_DATA=$G "$CSTK" close "$id3" --satisfaction satisfied --by chen >/dev/null
CSTK_DATA=$S ok "the other site notes it" update "$id3" --note 客户又来电 --by li
CSTK_DATA=$G ok "site 1 syncs the archived ticket" sync
CSTK_DATA=$S ok "site 2 merges the move with its note" sync
CSTK_DATA=$G ok "site 1 takes the merge" sync
a3=$(ls "$S"/archive/*/"$id3".yaml 2>/dev/null)
[ -n "$a3" ] && [ ! -e "$S/tickets/$id3.yaml" ] && pass || fail "the ticket is not in archive/ alone"
has "the note made on the other site is kept" "$a3" "客户又来电"
CSTK_DATA=$S ok "check after the move merge" check
# an agent name git cannot take as an author
CSTK_DATA=$S ok "a name with < > commits" update "$id2" --note x --by 'a<b>'
eq "...as a<b>'s author, made safe" "$(git -C "$S" log -1 --format=%an)" "a_b_"
eq "git status clean after it" "$(git -C "$S" status --porcelain)" ""
# git init by hand in a store: the next write makes it a git store
"$CSTK" init "$T/h" >/dev/null
CSTK_DATA=$T/h "$CSTK" open --customer a --channel phone --subject s >/dev/null
git -C "$T/h" init -q
CSTK_DATA=$T/h ok "a write after git init by hand" open --customer b --channel phone --subject t
eq "caches and the lock are not in git" "$(git -C "$T/h" ls-files | grep -c '^\.lock\|^\.seq')" 0
has ".gitignore written" "$T/h/.gitignore" ".seq"
eq "git status clean" "$(git -C "$T/h" status --porcelain)" ""
# two tickets that got the same ID are not merged into one
sed 's/^id: .*/id: CS-20261122-SH0009/' "$S/$f" >"$T/other.yaml"
cp "$S/$f" "$T/o2.yaml"
refuse 1 "are different tickets" "merge-file of two tickets with different IDs" \
    merge-file "$T/o2.yaml" "$T/o2.yaml" "$T/other.yaml"
# a merge driver input that is not a ticket: it says so, and git stops
printf 'a: [\n' >"$T/bad.yaml"
cp "$S/$f" "$T/ours.yaml"
refuse 1 "bad.yaml" "merge-file on a side that is not YAML" merge-file "$T/bad.yaml" "$T/ours.yaml" "$T/bad.yaml"
finish
