#!/bin/bash
# Every writing command with its k-th I/O call failing (CSTK_TEST_FAIL=any:k:
# write, fsync, rename, unlink or mkdir), for every k until the command has
# no call left to fail.  After each: readers (the index and the files) see
# the store as it was or as the command leaves it; exit 0 means the new
# state; a failure either changed nothing readers see or says what it
# wrote; check is clean; and the next writer leaves no trace in .tmp and
# completes what was announced.
. "$(dirname "$0")/lib.sh"
new_store
p=$(open_ticket)                                      # intake: classify
q=$(open_ticket --category complaint --priority urgent)  # classified: assign
r=$(open_ticket --category inquiry --priority low); "$CSTK" assign "$r" --to li >/dev/null
s=$(open_ticket --category inquiry --priority low); "$CSTK" assign "$s" --to li >/dev/null
"$CSTK" close "$s" --resolution done >/dev/null        # resolved, no revisit due
v=$(open_ticket --category inquiry --priority low --tier vip); "$CSTK" assign "$v" --to li >/dev/null
"$CSTK" close "$v" --resolution done >/dev/null        # resolved, VIP: follow-up next
f=$(open_ticket --category inquiry --priority low --tier vip); "$CSTK" assign "$f" --to li >/dev/null
"$CSTK" close "$f" --resolution done --satisfaction satisfied >/dev/null  # follow-up
g=$(open_ticket)                                      # to reject
z=$(open_ticket)                                      # the next writer's
printf 'customer,channel,subject\n王丽,phone,a\n李雷,chat,b\n' >"$T/two.csv"
cp -a "$CSTK_DATA" "$T/base"

# What readers see: from the index and from the files, without $z.
snap() {
	{ "$CSTK" list --all --format tsv; CSTK_NO_INDEX=1 "$CSTK" export --all --format json; } 2>&1 |
	    grep -v "$z"
}
written_msg='was written, but|readers see it archived|the ticket is archived|are imported and appear once'

sweep() {	# sweep NAME ARGS...
	name=$1
	shift
	rm -rf "$CSTK_DATA"; cp -a "$T/base" "$CSTK_DATA"
	before=$(snap)
	"$CSTK" "$@" >/dev/null 2>&1 || fail "$name: fails without a fault"
	after=$(snap)
	[ "$before" != "$after" ] || fail "$name: changes nothing readers see"
	for k in $(seq 1 60); do
		rm -rf "$CSTK_DATA"; cp -a "$T/base" "$CSTK_DATA"
		CSTK_TEST_FAIL=any:$k run "$@"
		code=$rc
		cp "$T/err" "$T/err.cmd"
		now=$(snap)
		announced=0
		grep -qE "$written_msg" "$T/err.cmd" && ! grep -qE "nothing was (changed|imported)" "$T/err.cmd" &&
		    announced=1
		if [ "$code" -eq 0 ]; then
			[ "$now" = "$after" ] && pass || fail "$name any:$k: exit 0 but readers do not see the new state"
		elif [ "$now" = "$before" ]; then
			pass
		elif [ "$now" = "$after" ] && [ $announced = 1 ]; then
			pass
		else
			fail "$name any:$k: exit $code, and readers see a third state: $(head -c 300 "$T/err.cmd")"
		fi
		run check
		[ "$rc" -eq 0 ] && pass || fail "$name any:$k: check fails: $(head -3 "$T/out")"
		"$CSTK" update "$z" --note next >/dev/null 2>"$T/err.next" || fail "$name any:$k: the next writer fails: $(cat "$T/err.next")"
		eq "$name any:$k: nothing left in .tmp" "$(ls -A "$CSTK_DATA/.tmp" | grep -cvx 'batch-gen')" "0"
		if [ $announced = 1 ] || grep -q "is committed but not finished" "$T/err.cmd"; then
			[ "$(snap)" = "$after" ] && pass || fail "$name any:$k: the next writer did not complete what was announced"
		fi
		# Past the last call the command succeeds: the sweep is done.
		[ "$code" -eq 0 ] && [ "$k" -gt 1 ] && break
	done
	echo "test-faults: $name: $((k - 1)) I/O calls, each failed in turn" >&2
}

sweep open open --customer 张三 --channel phone --subject 新问题 --category inquiry --priority low
sweep classify classify "$p" --category complaint --priority urgent
sweep assign assign "$q" --to wang
sweep update update "$r" --note 已联系 --contact 电话
sweep resolve close "$r" --resolution 已处理
sweep confirm-archive close "$s" --satisfaction satisfied
sweep confirm-follow-up close "$v" --satisfaction satisfied
sweep revisit revisit "$f" --satisfaction satisfied --result 满意
sweep reject close "$g" --reject 重复
sweep show-reveal show "$p" --reveal
sweep import import "$T/two.csv"
finish
