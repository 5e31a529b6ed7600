/* cmd-reopen.c — cstk reopen ID: the customer calls back about an archived ticket. */
#include <stdlib.h>

#include "cmd.h"
#include "lifecycle.h"
#include "store.h"

static const struct error *
run_reopen(struct cmd_ctx *c)
{
	const struct error *err;
	const char *reason;
	char *owned = NULL;
	struct ticket t = { NULL };

	if ((err = cmd_text(c, "reason", 0, &reason, &owned)) != NULL)
		return err;
	if (reason == NULL || *reason == '\0')
		err = error_new(ERR_USAGE, "'cstk reopen' needs --reason TEXT: why the "
		    "customer called back");
	else if ((err = cmd_load_ticket(c, &t)) == NULL &&
	    (err = lc_reopen(&t, &c->store.policy, &c->ev, reason)) == NULL)
		err = store_save(&c->store, &t);
	free(owned);
	ticket_release(&t);
	return err;
}

static const struct cmd_opt opts[] = {
	{ "reason", "TEXT", 0, N_("why the customer called back (kept in the history)") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_reopen = {
	.name = "reopen",
	.usage = "ID --reason TEXT",
	.summary = N_("reopen an archived ticket the customer calls back about"),
	.help = N_(
	    "Within reopen_days of its archiving (30 by default, cstk.yaml), an\n"
	    "archived ticket goes back to 'assigned' (to its owner; one that never\n"
	    "had one goes back to where it stood), its file back to tickets/, for\n"
	    "another round: rounds + 1 and new deadlines counted from now (the\n"
	    "round before keeps its own in the history).  The report counts the\n"
	    "reopening in the week it happened.  Older tickets stay closed: open a\n"
	    "new one and link it with 'cstk update NEW --related OLD'.\n"),
	.flags = CMD_STORE | CMD_LOCK,
	.min_args = 1,
	.max_args = 1,
	.opts = opts,
	.run = run_reopen,
};
