/* cmd-revisit.c — cstk revisit: record a revisit call, or list those due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "cmd.h"
#include "index.h"
#include "lifecycle.h"
#include "mask.h"
#include "render.h"
#include "store.h"

struct due_row {
	struct ctime due;
	char *cells[9];
};

struct due_list {
	struct ctime until;
	struct due_row *rows;
	size_t nr, alloc;
};

static void
collect(struct due_list *l, const struct index *ix, const struct ix_rec *x,
    const struct ctime *now)
{
	struct due_row *r;
	struct ctime due = { x->t[IXT_REVISIT_DUE], now->off };
	struct strbuf name = STRBUF_INIT, phone = STRBUF_INIT;
	char when[CLOCK_BUFSZ], tries[16];
	const char *s;

	if (x->status != ST_FOLLOWUP || due.t == IX_NONE || due.t > l->until.t)
		return;
	ALLOC_GROW(l->rows, l->nr + 1, l->alloc);
	r = &l->rows[l->nr++];
	r->due = due;
	clock_format_short(&due, when);
	snprintf(tries, sizeof(tries), "%d", x->attempts);
	if (*(s = ix_str(ix, x->s[IXS_NAME])))
		mask_name(s, &name);
	if (*(s = ix_str(ix, x->s[IXS_PHONE])))
		mask_phone(s, &phone);
	r->cells[0] = xstrdup(ix_str(ix, x->s[IXS_ID]));
	r->cells[1] = xstrdup(when);
	r->cells[2] = xstrdup(vocab_show_at(V_TIER, x->tier, "-"));
	r->cells[3] = xstrdup(vocab_show_at(V_CATEGORY, x->category, "-"));
	s = ix_str(ix, x->s[IXS_ASSIGNEE]);
	r->cells[4] = xstrdup(*s ? s : "-");
	r->cells[5] = sb_detach(&name);
	r->cells[6] = sb_detach(&phone);
	r->cells[7] = xstrdup(tries);
	r->cells[8] = xstrdup(ix_str(ix, x->s[IXS_SUBJECT]));
}

static int
by_due(const void *a, const void *b)
{
	const struct due_row *x = a, *y = b;

	if (x->due.t != y->due.t)
		return x->due.t < y->due.t ? -1 : 1;
	return strcmp(x->cells[0], y->cells[0]);
}

static const struct error *
list_due(struct cmd_ctx *c)
{
	static const char *head[] = { N_("ID"), N_("DUE"), N_("TIER"), N_("CATEGORY"),
		N_("ASSIGNEE"), N_("CUSTOMER"), N_("PHONE"), N_("TRIES"), N_("SUBJECT") };
	const char *date = cmd_opt(c, "due");
	struct due_list l = { { 0, 0 }, NULL, 0, 0 };
	const struct error *err;
	struct table tab;
	struct index_set set;
	int color = render_color();

	if (date) {
		if (clock_parse_user(date, &c->now, &l.until))
			return error_new(ERR_USAGE, "--due '%s' is not a date; use YYYY-MM-DD "
			    "or RFC 3339", date);
		if (strlen(date) == 10)
			l.until.t += 86400 - 1;	/* the whole day */
	} else {
		l.until = c->now;
		l.until.t = (clock_local_day(&c->now) + 1) * 86400 - c->now.off - 1;
	}
	if ((err = index_load(&c->store, &set)) != NULL)
		goto done;
	for (size_t g = 0; g < set.n; g++)
		for (size_t i = 0; i < set.seg[g].nrec; i++)
			collect(&l, &set.seg[g], &set.seg[g].rec[i], &c->now);
	index_release(&set);
	if (l.nr > 1)
		qsort(l.rows, l.nr, sizeof(*l.rows), by_due);
	if (l.nr == 0) {
		char day[CLOCK_BUFSZ];
		clock_format_date(&l.until, day);
		if (isatty(STDOUT_FILENO))
			printf("no revisits due by %s\n", day);
		goto done;
	}
	table_init(&tab, 9, head);
	table_cap(&tab, 8, 40);
	for (size_t i = 0; i < l.nr; i++) {
		const char *colors[9] = { NULL };
		colors[1] = l.rows[i].due.t < c->now.t ? C_RED : NULL;
		table_row(&tab, (const char *const *)l.rows[i].cells, colors);
	}
	table_print(&tab, stdout, color);
	table_release(&tab);
done:
	for (size_t i = 0; i < l.nr; i++)
		for (int k = 0; k < 9; k++)
			free(l.rows[i].cells[k]);
	free(l.rows);
	return err;
}

static const struct error *
run_revisit(struct cmd_ctx *c)
{
	const struct error *err;
	const char *sat, *result;
	char *owned = NULL;
	struct ticket t = { NULL };
	int no_answer = cmd_flag(c, "no-answer");

	if ((err = cmd_enum(c, "satisfaction", vocab(V_SATISFACTION), &sat)) != NULL ||
	    (err = cmd_text(c, "result", 0, &result, &owned)) != NULL)
		return err;
	if (c->argc == 0) {
		free(owned);
		if (sat || result || no_answer)
			return error_new(ERR_USAGE, "--%s needs a ticket ID: cstk revisit ID "
			    "...", sat ? "satisfaction" : result ? "result" : "no-answer");
		return list_due(c);
	}
	if (cmd_opt(c, "due"))
		err = error_new(ERR_USAGE, "--due lists revisits; it takes no ticket ID");
	else if (sat && no_answer)
		err = error_new(ERR_USAGE, "--satisfaction and --no-answer exclude each other");
	else if (!sat && !no_answer)
		err = error_new(ERR_USAGE, "'cstk revisit ID' needs --satisfaction S or "
		    "--no-answer");
	else if (result && !sat)
		err = error_new(ERR_USAGE, "--result goes with --satisfaction");
	if (err == NULL && (err = cmd_actor(c)) == NULL &&
	    (err = store_lock(&c->store)) == NULL &&
	    (err = cmd_load_ticket(c, &t)) == NULL) {
		err = sat ? lc_revisit(&t, &c->store.policy, &c->ev, sat, result) : lc_no_answer(&t, &c->ev);
		if (err == NULL)
			err = store_save(&c->store, &t);
	}
	free(owned);
	ticket_release(&t);
	return err;
}

static const struct cmd_opt opts[] = {
	{ "satisfaction", "S", 0, "{satisfaction}" },
	{ "result", "TEXT", 0, "what the customer said" },
	{ "no-answer", NULL, 0, "the customer did not answer: count an attempt" },
	{ "due", "DATE", 0, "list revisits due by DATE (default: today)" },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_revisit = {
	.name = "revisit",
	.usage = "ID --satisfaction S [--result T] | ID --no-answer | [--due DATE]",
	.summary = N_("record a revisit call, or list the revisits due"),
	.help =
	    "With an ID, records the revisit (回访) of a ticket in 'follow-up':\n"
	    "satisfied or neutral archives it, unsatisfied sends it back to\n"
	    "'assigned' for a second round; --no-answer counts an attempt.\n"
	    "Without an ID, lists the tickets whose revisit is due by DATE (the end\n"
	    "of today by default), oldest first; overdue ones in red on a terminal.\n",
	.flags = CMD_STORE,
	.min_args = 0,
	.max_args = 1,
	.opts = opts,
	.run = run_revisit,
};
