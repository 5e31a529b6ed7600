#!/bin/bash
# A full disk at every level: a small ext4 image (loop-mounted; tmpfs where
# loop devices are not allowed) holds the store, and for each command the
# free space is set, step by step, from nothing to enough.  After each run:
# exit 0 means readers see the new state; a failure leaves the old one (or
# says what it wrote); check is clean; the next writer (with room again)
# leaves nothing in .tmp.  Skipped, with a message, where nothing can be
# mounted (not root, or no mount in this sandbox).
. "$(dirname "$0")/lib.sh"
MNT="$T/mnt"
mkdir -p "$MNT"
fstype=""
if [ "$(id -u)" -eq 0 ] && command -v mkfs.ext4 >/dev/null &&
    truncate -s 8M "$T/img" && mkfs.ext4 -q -F -b 1024 -m 0 -N 2048 "$T/img" 2>/dev/null &&
    mount -o loop "$T/img" "$MNT" 2>/dev/null; then
	fstype=ext4
elif [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=8m tmpfs "$MNT" 2>/dev/null; then
	fstype=tmpfs
fi
if [ -z "$fstype" ]; then
	echo "test-diskfull: skipped: cannot mount a small file system here (needs root and loop devices or tmpfs)" >&2
	finish
	exit
fi
trap 'umount "$MNT" 2>/dev/null; rm -rf "$T"' EXIT
echo "test-diskfull: on a loop-mounted $fstype" >&2
export CSTK_DATA="$MNT/store"
new_store
spare=$(open_ticket)
r=$(open_ticket --category inquiry --priority low); "$CSTK" assign "$r" --to li >/dev/null
python3 -c '
print("customer,channel,subject,description")
for i in range(30): print("客户%d,phone,问题%d,%s" % (i, i, "很长的描述" * 60))' >"$T/thirty.csv"

snap() { CSTK_NO_INDEX=1 "$CSTK" export --all --format json 2>&1 | grep -v "$spare"; }
avail() { df --output=avail -B1 "$MNT" | tail -1; }
# fill BYTES: leave about BYTES free.
fill() {
	rm -f "$MNT/filler" "$MNT"/filler.*
	sync
	local a k=0
	a=$(avail)
	[ "$a" -gt $(($1 + 65536)) ] && fallocate -l $((a - $1 - 65536)) "$MNT/filler" 2>/dev/null
	# Then 1 KiB files (each takes a block) until only about BYTES are free.
	while [ "$(avail)" -gt "$1" ] && [ $k -lt 200 ]; do
		head -c 1024 /dev/zero >"$MNT/filler.$k" 2>/dev/null || break
		k=$((k + 1))
	done
	sync
}

full() {	# full NAME STEP MAX ARGS...
	name=$1 step=$2 max=$3
	shift 3
	fails=0 succeeded=0
	for free in $(seq 0 "$step" "$max"); do
		before=$(snap)
		fill "$free"
		run "$@"
		code=$rc
		cp "$T/err" "$T/err.cmd"
		now=$(snap)
		rm -f "$MNT/filler" "$MNT"/filler.*
		if [ "$code" -eq 0 ]; then
			succeeded=1
			[ "$now" != "$before" ] && pass || fail "$name with $free bytes free: exit 0, nothing changed"
		else
			fails=$((fails + 1))
			if [ "$now" = "$before" ] || grep -qE "was written, but|are imported and appear once" "$T/err.cmd"; then
				pass
			else
				fail "$name with $free bytes free: exit $code and a changed store: $(head -c 200 "$T/err.cmd")"
			fi
			grep -q '^cstk: ' "$T/err.cmd" && pass || fail "$name with $free bytes free: no 'cstk:' message"
		fi
		run check
		[ "$rc" -eq 0 ] && pass || fail "$name with $free bytes free: check fails: $(head -2 "$T/out")"
		"$CSTK" update "$spare" --note next >/dev/null 2>&1 || fail "$name: the next writer fails with room again"
		eq "$name with $free bytes free: .tmp empty after the next writer" \
		    "$(ls -A "$CSTK_DATA/.tmp" | grep -cvx batch-gen)" "0"
		[ $succeeded = 1 ] && break
	done
	echo "test-diskfull: $name: failed cleanly at $fails levels of free space, then succeeded" >&2
	[ $fails -gt 0 ] && pass || fail "$name never met a full disk"
}

full open 1024 65536 open --customer 张三 --channel phone --subject 新问题
full update 1024 65536 update "$r" --note "$(printf '很长的备注%.0s' $(seq 1 300))"
full close 1024 65536 close "$r" --resolution 已处理 --satisfaction satisfied
full import 8192 524288 import "$T/thirty.csv"
finish
