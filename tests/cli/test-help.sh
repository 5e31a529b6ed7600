#!/bin/bash
# Every command in the table answers --help (stdout, exit 0) and is
# documented in the man page with each of its options.
. "$(dirname "$0")/lib.sh"
MAN=$(cd "$(dirname "$0")/../.." && pwd)/man/cstk.1

ok "cstk --help" --help
has "--help lists commands" "$T/out" "commands:"
cmds=$(sed -n '/^commands:/,/^$/p' "$T/out" | awk 'NF && $1 != "commands:" {print $1}')
[ "$(echo "$cmds" | wc -w)" -ge 10 ] && pass || fail "fewer than 10 commands listed"
man_text=$(groff -Tutf8 -P-cbou -mandoc "$MAN" 2>/dev/null)
for c in $cmds; do
	ok "$c --help" "$c" --help
	has "$c --help shows its usage" "$T/out" "usage: cstk $c"
	grep -qE "^ {2,4}$c( |$)" <<<"$man_text" && pass || fail "man page has no entry for '$c'"
	# Every option the help lists is in the man page and in the usage
	# line (a usage with [filters] stands for list's filters).
	usage=$(head -1 "$T/out")
	for o in $(sed -n '/^options:/,/^$/p' "$T/out" | grep -o -- '^  --[a-z-]*'); do
		grep -qF -- "$o" <<<"$man_text" && pass || fail "man page lacks $o of $c"
		case "$usage" in
		*"$o"[!a-z-]* | *"$o") pass ;;
		*"[filters]"*) "$CSTK" list --help | grep -q -- "^  $o " && pass ||
			fail "usage of $c lacks $o" ;;
		*) fail "usage of $c lacks $o" ;;
		esac
	done
	ok "help after global option" -d /nonexistent "$c" -h
done
ok "--version" --version
has "--version" "$T/out" "cstk "
# Global options work before and after the command.
new_store
id=$(open_ticket)
ok "global option after the command" show "$id" -d "$CSTK_DATA"
ok "global option before the command" -d "$CSTK_DATA" show "$id"
ok "--by before the command" --by li update "$id" --note x
ok "--by after the command" update "$id" --note y --by wang
run show "$id" --format yaml
has "--by before recorded" "$T/out" "by: li"
has "--by after recorded" "$T/out" "by: wang"
ok "--version after a command" list --version
eq "it prints the version" "$(cat "$T/out")" "cstk $("$CSTK" --version | cut -d' ' -f2)"
"$CSTK" --help >"$T/h"
has "--version is in --help" "$T/h" "--version"
finish
