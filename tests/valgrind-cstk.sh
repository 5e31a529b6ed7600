#!/bin/sh
# Run cstk under valgrind; any leak or memory error exits 99, which the CLI
# tests see as a wrong exit status.  Used by `make valgrind`.
exec valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	"${CSTK_REAL:?}" "$@"
