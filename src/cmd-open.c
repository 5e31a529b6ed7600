/* cmd-open.c — cstk open: a new ticket in intake (or classified at once). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "value.h"
#include "lifecycle.h"
#include "store.h"

/* Options that fill a field directly, in the order they are checked. */
static const struct {
	const char *opt;
	enum field_id field;
} direct[] = {
	{ "customer", F_CUST_NAME }, { "channel", F_CHANNEL }, { "subject", F_SUBJECT },
	{ "phone", F_CUST_PHONE }, { "email", F_CUST_EMAIL }, { "customer-id", F_CUST_ID },
	{ "tier", F_CUST_TIER }, { "order", F_ORDER }, { "product", F_PRODUCT },
	{ "description", F_DESCRIPTION }, { "expect", F_EXPECTATION },
};
#define NDIRECT (sizeof(direct) / sizeof(direct[0]))

static const struct error *
run_open(struct cmd_ctx *c)
{
	const struct error *err = NULL;
	char *vals[NDIRECT] = { NULL };
	char *desc_owned = NULL;
	const char *category = NULL, *priority = NULL, *module = NULL;
	struct ticket t = { NULL };
	char id[40];

	for (size_t i = 0; i < 3; i++)
		if (cmd_opt(c, direct[i].opt) == NULL)
			return error_new(ERR_USAGE, "'cstk open' needs --%s; see 'cstk open "
			    "--help'", direct[i].opt);
	for (size_t i = 0; i < NDIRECT && err == NULL; i++) {
		const char *v = cmd_opt(c, direct[i].opt);
		char what[40];

		if (v == NULL)
			continue;
		if (direct[i].field == F_DESCRIPTION) {
			if ((err = cmd_text(c, "description", 1, &v, &desc_owned)) != NULL)
				break;
		}
		snprintf(what, sizeof(what), "--%s", direct[i].opt);
		if (*v == '\0' && i < 3)
			err = error_new(ERR_USAGE, "%s is empty", what);
		else
			err = value_for_field(&fields[direct[i].field], what, v, &vals[i]);
	}
	if (err == NULL)
		err = cmd_enum(c, "category", vocab(V_CATEGORY), &category);
	if (err == NULL)
		err = cmd_enum(c, "priority", vocab(V_PRIORITY), &priority);
	if (err == NULL)
		err = cmd_enum(c, "module", vocab(V_MODULE), &module);
	if (err == NULL && (category == NULL) != (priority == NULL))
		err = error_new(ERR_USAGE, "--category and --priority go together: give "
		    "both to classify the ticket at once, or neither");
	if (err == NULL && module && category == NULL)
		err = error_new(ERR_USAGE, "--module needs --category and --priority");
	if (err)
		goto done;

	if ((err = store_new_id(&c->store, &c->ev.at, id)) != NULL)
		goto done;
	ticket_init(&t, id, &c->ev.at);
	for (size_t i = 0; i < NDIRECT; i++)
		if (vals[i])
			ticket_set(&t, direct[i].field, vals[i]);
	ticket_set_int(&t, F_ESCALATIONS, 0);
	ticket_set_int(&t, F_ROUNDS, 1);
	ticket_log(&t, &c->ev, "open", NULL, "intake", NULL, NULL);
	if (category && (err = lc_classify(&t, &c->store.policy, &c->ev, category,
	    priority, module)) != NULL)
		goto done;
	if ((err = store_save(&c->store, &t)) != NULL)
		goto done;
	printf("%s\n", id);
done:
	for (size_t i = 0; i < NDIRECT; i++)
		free(vals[i]);
	free(desc_owned);
	ticket_release(&t);
	return err;
}

static const struct cmd_opt opts[] = {
	{ "customer", "NAME", 0, N_("the customer's name (required; masked in output)") },
	{ "channel", "CH", 0, N_("(required) {channel}") },
	{ "subject", "TEXT", 0, N_("the problem in one line (required)") },
	{ "phone", "P", 0, N_("the customer's phone (masked in output)") },
	{ "email", "E", 0, N_("the customer's e-mail (masked in output)") },
	{ "customer-id", "C", 0, N_("the customer's ID in your systems") },
	{ "tier", "T", 0, "{tier}" },
	{ "order", "O", 0, N_("order number") },
	{ "product", "P", 0, N_("product") },
	{ "description", "TEXT|-", 0, N_("what happened; - reads it from standard input") },
	{ "expect", "TEXT", 0, N_("what the customer expects") },
	{ "category", "C", 0, "{category}" },
	{ "priority", "P", 0, "{priority}" },
	{ "module", "M", 0, N_("the area of the problem: {module}") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_open = {
	.name = "open",
	.usage = "--customer NAME --channel CH --subject TEXT [--phone P] [--email E] "
	    "[--customer-id C] [--tier T] [--order O] [--product P] "
	    "[--description TEXT|-] [--expect TEXT] "
	    "[--category C --priority P [--module M]]",
	.summary = N_("record a new ticket; prints its ID"),
	.help = N_(
	    "Records a new ticket in 'intake' and prints its ID alone on standard\n"
	    "output, so scripts can capture it.  With --category and --priority the\n"
	    "ticket is classified at once: deadlines are set from now and the team\n"
	    "from the routing in cstk.yaml.  Values may be given in Chinese\n"
	    "(--channel 电话 --priority 紧急); they are stored in English.\n"),
	.flags = CMD_STORE | CMD_LOCK,
	.min_args = 0,
	.max_args = 0,
	.opts = opts,
	.run = run_open,
};
