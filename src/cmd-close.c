/* cmd-close.c — cstk close ID: resolve, record the confirmation, or reject. */
#include <stdlib.h>

#include "cmd.h"
#include "lifecycle.h"
#include "store.h"

static const struct error *
run_close(struct cmd_ctx *c)
{
	const struct error *err;
	const char *resolution, *resp, *comp, *sat, *comment, *reject;
	char *o1 = NULL, *o2 = NULL, *o3 = NULL;
	struct ticket t = { NULL };
	const char *dup;
	int no_answer, unconfirmed;

	if ((err = cmd_text(c, "resolution", 0, &resolution, &o1)) != NULL ||
	    (err = cmd_text(c, "comment", 0, &comment, &o2)) != NULL ||
	    (err = cmd_text(c, "reject", 0, &reject, &o3)) != NULL ||
	    (err = cmd_enum(c, "responsibility", vocab(V_RESPONSIBILITY), &resp)) != NULL ||
	    (err = cmd_line(c, "compensation", &comp)) != NULL ||
	    (err = cmd_enum(c, "satisfaction", vocab(V_SATISFACTION), &sat)) != NULL)
		goto done;
	no_answer = cmd_flag(c, "no-answer");
	unconfirmed = cmd_flag(c, "unconfirmed");
	dup = cmd_opt(c, "duplicate-of");
	if ((no_answer || unconfirmed) && (reject || resolution || sat || resp || comp ||
	    (comment && no_answer) || (no_answer && unconfirmed))) {
		err = error_new(ERR_USAGE, "--%s stands alone (with --comment for "
		    "--unconfirmed)", no_answer ? "no-answer" : "unconfirmed");
		goto done;
	}
	if (reject && (resolution || sat || resp || comp || comment)) {
		err = error_new(ERR_USAGE, "--reject stands alone; it archives the ticket "
		    "as rejected");
		goto done;
	}
	if (dup && !reject) {
		err = error_new(ERR_USAGE, "--duplicate-of goes with --reject REASON");
		goto done;
	}
	if (dup && !ticket_id_valid(dup)) {
		err = error_new(ERR_USAGE, "--duplicate-of '%s' is not a ticket ID like "
		    "CS-20261122-0001", dup);
		goto done;
	}
	if (!reject && !resolution && !sat && !no_answer && !unconfirmed) {
		err = error_new(ERR_USAGE, "'cstk close' needs --resolution TEXT, "
		    "--satisfaction S, --no-answer, --unconfirmed or --reject REASON");
		goto done;
	}
	if ((resp || comp) && !resolution) {
		err = error_new(ERR_USAGE, "--%s goes with --resolution",
		    resp ? "responsibility" : "compensation");
		goto done;
	}
	if (comment && !sat && !unconfirmed) {
		err = error_new(ERR_USAGE, "--comment goes with --satisfaction or --unconfirmed");
		goto done;
	}
	if ((reject && *reject == '\0') || (resolution && *resolution == '\0')) {
		err = error_new(ERR_USAGE, "--%s is empty", reject ? "reject" : "resolution");
		goto done;
	}
	if ((err = cmd_load_ticket(c, &t)) != NULL)
		goto done;
	if (dup && (err = cmd_link_target(c, &t, dup)) != NULL)
		goto done;
	if (no_answer)
		err = lc_confirm_no_answer(&t, &c->ev);
	if (unconfirmed)
		err = lc_unconfirmed(&t, &c->store.policy, &c->ev, comment);
	if (reject) {
		err = lc_reject(&t, &c->ev, reject);
		if (err == NULL && dup)
			ticket_set(&t, F_DUPLICATE_OF, dup);
	}
	if (err == NULL && resolution) {
		err = lc_resolve(&t, &c->ev, resolution, resp, comp);
		if (err == NULL)
			lc_confirm_deadline(&t, &c->store.policy);
	}
	if (err == NULL && sat)
		err = lc_confirm(&t, &c->store.policy, &c->ev, sat, comment);
	if (err == NULL)
		err = store_save(&c->store, &t);
done:
	free(o1);
	free(o2);
	free(o3);
	ticket_release(&t);
	return err;
}

static const struct cmd_opt opts[] = {
	{ "resolution", "TEXT", 0, N_("how it was solved: assigned -> resolved") },
	{ "responsibility", "R", 0, "{responsibility}" },
	{ "compensation", "TEXT", 0, N_("what the customer was given") },
	{ "satisfaction", "S", 0, "{satisfaction}" },
	{ "comment", "TEXT", 0, N_("the customer's words at confirmation") },
	{ "reject", "REASON", 0, N_("archive the ticket as rejected (invalid, duplicate)") },
	{ "duplicate-of", "ID", 0, N_("with --reject: the ticket this one repeats (a link both show)") },
	{ "no-answer", NULL, 0, N_("the customer did not answer a confirmation call: count a try") },
	{ "unconfirmed", NULL, 0, N_("no confirmation to be had after confirm.tries calls or past "
	    "its deadline: archive as unconfirmed") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_close = {
	.name = "close",
	.usage = "ID --resolution T [--responsibility R] [--compensation T] | "
	    "ID --satisfaction S [--comment T] | ID --no-answer | ID --unconfirmed "
	    "[--comment T] | ID --reject REASON [--duplicate-of ID]",
	.summary = N_("resolve a ticket, record the customer's confirmation, or reject it"),
	.help = N_(
	    "--resolution moves an assigned ticket to 'resolved'.  --satisfaction\n"
	    "records the customer's confirmation of a resolved ticket: satisfied or\n"
	    "neutral archives it, or moves it to 'follow-up' when cstk.yaml says it\n"
	    "is revisited (VIP customers, complaints); unsatisfied sends it back to\n"
	    "'assigned' for a second round, with new deadlines counted from then\n"
	    "(the first round's stay in the history).  Both may be given at once.\n"
	    "--no-answer counts a call that did not reach the customer; once\n"
	    "confirm.tries calls went unanswered (3 by default) or the confirmation\n"
	    "deadline has passed, --unconfirmed archives the ticket with outcome\n"
	    "'unconfirmed' (or sends it to follow-up when it is revisited); the\n"
	    "report counts these apart and leaves them out of CSAT.  --reject\n"
	    "archives a ticket in any open status as rejected; --duplicate-of links\n"
	    "it to the ticket it repeats.\n"),
	.flags = CMD_STORE | CMD_LOCK,
	.min_args = 1,
	.max_args = 1,
	.opts = opts,
	.run = run_close,
};
