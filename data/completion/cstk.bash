# bash completion for cstk — commands, options, the team's values (with
# their Chinese labels and aliases) and ticket IDs.  The candidates come
# from cstk itself (`cstk __complete`), so they follow the store's
# cstk.yaml and the command tables; this file only hands them to bash.
# Installed by `make install` as share/bash-completion/completions/cstk;
# to try it from the source tree: source data/completion/cstk.bash
_cstk() {
	local cur=${COMP_WORDS[COMP_CWORD]} IFS=$'\n'
	local -a words=("${COMP_WORDS[@]:1:COMP_CWORD}")
	# `cstk -d DIR` and $CSTK_DATA pick the store, as they do for cstk.
	COMPREPLY=($(compgen -W "$(command cstk __complete "${words[@]}" 2>/dev/null)" \
	    -- "$cur"))
}
complete -o default -o nosort -F _cstk cstk 2>/dev/null || complete -o default -F _cstk cstk
