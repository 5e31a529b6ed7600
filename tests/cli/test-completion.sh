#!/bin/bash
# Shell completion (SPEC §10): data/completion/cstk.bash driven as bash
# drives it (COMP_WORDS, COMP_CWORD, compgen), against the real binary:
# commands, options, the values of cstk.yaml with their Chinese aliases,
# team members and ticket IDs; and `make install` puts both scripts in
# place.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
new_store
a=$(open_ticket --category complaint --priority urgent)
b=$(open_ticket)
"$CSTK" close "$b" --reject 重复 --duplicate-of "$a" >/dev/null
mkdir -p "$T/bin"
ln -s "$CSTK" "$T/bin/cstk"

# complete WORDS...: what bash offers for the last word (may be "").
complete_words() {
	PATH="$T/bin:$PATH" bash -c '
		source "$1"; shift
		COMP_WORDS=(cstk "$@"); COMP_CWORD=$#
		_cstk
		printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/data/completion/cstk.bash" "$@" >"$T/out"
}
complete_words cl
eq "commands by prefix" "$(tr '\n' ' ' <"$T/out")" "classify close clone "
complete_words re
has "reopen is a command" "$T/out" "reopen"
has "report too" "$T/out" "report"
complete_words close --un
eq "an option" "$(cat "$T/out")" "--unconfirmed"
complete_words list --
has "filter options" "$T/out" "--phone"
has "global options" "$T/out" "--data-dir"
complete_words classify "$a" --priority ""
has "priority keys" "$T/out" "urgent"
has "priority labels" "$T/out" "紧急"
has "priority aliases (Traditional)" "$T/out" "緊急"
complete_words classify "$a" --category 投
eq "a Chinese prefix" "$(tr '\n' ' ' <"$T/out")" "投诉 投訴 "
complete_words list --format ""
eq "format values from the usage" "$(tr '\n' ' ' <"$T/out")" "table csv tsv json "
complete_words report --by t
eq "report --by" "$(tr '\n' ' ' <"$T/out")" "team tier "
complete_words assign "$a" --to zh
eq "team members" "$(tr '\n' ' ' <"$T/out")" "zhang zhao zhou "
complete_words show CS
has "open tickets" "$T/out" "$a"
has "show takes archived ones too" "$T/out" "$b"
complete_words close CS
has "an open ticket to close" "$T/out" "$a"
hasnt "not an archived one" "$T/out" "$b"
complete_words reopen CS
eq "reopen: archived ones only" "$(cat "$T/out")" "$b"
complete_words close "$a" --duplicate-of CS
has "an ID option takes IDs" "$T/out" "$a"
complete_words why "$a" ""
eq "one ID only" "$(cat "$T/out")" ""
# a policy value the team added completes, with its alias
cat >>"$CSTK_DATA/cstk.yaml" <<'YAML'
channels:
  wechat: {label: 微信, aliases: [公众号]}
YAML
complete_words open --channel 公
eq "the team's own alias" "$(cat "$T/out")" "公众号"
complete_words -d "$T/nowhere" classify X --priority u
eq "no store: the built-in values" "$(cat "$T/out")" "urgent"

# make install puts both scripts where bash-completion and zsh look
if make -s -C "$ROOT" install DESTDIR="$T/root" PREFIX=/usr >/dev/null 2>"$T/err"; then
	[ -f "$T/root/usr/share/bash-completion/completions/cstk" ] && pass ||
	    fail "make install: no bash completion"
	[ -f "$T/root/usr/share/zsh/site-functions/_cstk" ] && pass ||
	    fail "make install: no zsh completion"
else
	fail "make install failed: $(head -2 "$T/err")"
fi
if command -v zsh >/dev/null; then
	zsh -n "$ROOT/data/completion/_cstk" && pass || fail "_cstk is not valid zsh"
fi
finish
