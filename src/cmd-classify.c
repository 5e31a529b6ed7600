/* cmd-classify.c — cstk classify ID: category, priority, deadlines, routing. */
#include "cmd.h"
#include "lifecycle.h"
#include "store.h"

static const struct error *
run_classify(struct cmd_ctx *c)
{
	const struct error *err;
	const char *category, *priority, *module;
	struct ticket t = { NULL };

	if ((err = cmd_enum(c, "category", vocab(V_CATEGORY), &category)) != NULL ||
	    (err = cmd_enum(c, "priority", vocab(V_PRIORITY), &priority)) != NULL ||
	    (err = cmd_enum(c, "module", vocab(V_MODULE), &module)) != NULL)
		return err;
	if (category == NULL || priority == NULL)
		return error_new(ERR_USAGE, "'cstk classify' needs --category and "
		    "--priority; see 'cstk classify --help'");
	if ((err = cmd_load_ticket(c, &t)) == NULL &&
	    (err = lc_classify(&t, &c->store.policy, &c->ev, category, priority,
	    module)) == NULL)
		err = store_save(&c->store, &t);
	ticket_release(&t);
	return err;
}

static const struct cmd_opt opts[] = {
	{ "category", "C", 0, "{category}" },
	{ "priority", "P", 0, "{priority}" },
	{ "module", "M", 0, N_("the area of the problem: {module}") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_classify = {
	.name = "classify",
	.usage = "ID --category C --priority P [--module M]",
	.summary = N_("set a ticket's category and priority, and so its deadlines"),
	.help = N_(
	    "Moves a ticket from 'intake' to 'classified'.  The response and\n"
	    "resolution deadlines are counted from when the ticket was created, with\n"
	    "the hours cstk.yaml gives the priority; the team comes from the\n"
	    "category's routing.  On a classified ticket it reclassifies; the\n"
	    "history keeps the values and the team it replaced.\n"),
	.flags = CMD_STORE | CMD_LOCK,
	.min_args = 1,
	.max_args = 1,
	.opts = opts,
	.run = run_classify,
};
