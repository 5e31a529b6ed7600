/* cmd-revisit.c — cstk revisit: record a revisit call, or list those due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "cmd.h"
#include "csv-io.h"
#include "json.h"
#include "index.h"
#include "lifecycle.h"
#include "mask.h"
#include "render.h"
#include "store.h"

/* The worklist's columns: headings for people, keys for CSV and JSON. */
enum { C_ID, C_DUE, C_NEXT, C_TIER, C_CATEGORY, C_ASSIGNEE, C_CUSTOMER, C_PHONE,
	C_TRIES, C_SUBJECT, NCOLS };
static const char *const head[NCOLS] = { N_("ID"), N_("DUE"), N_("NEXT TRY"),
	N_("TIER"), N_("CATEGORY"), N_("ASSIGNEE"), N_("CUSTOMER"), N_("PHONE"),
	N_("TRIES"), N_("SUBJECT") };
static const char *const keys[NCOLS] = { "id", "revisit_due", "revisit_next", "tier",
	"category", "assignee", "customer", "phone", "revisit_attempts", "subject" };

enum format { FMT_TABLE, FMT_CSV, FMT_JSON };

struct due_row {
	int64_t when;		/* the next try if booked, else the due date */
	int late;
	char *cells[NCOLS];
};

struct due_list {
	struct ctime until, now;
	const char *assignee;
	enum format fmt;
	int reveal;
	struct due_row *rows;
	size_t nr, alloc;
};

static char *
when_text(const struct due_list *l, int64_t t)
{
	struct ctime ct = { t, l->now.off };
	char buf[CLOCK_BUFSZ];

	if (t == IX_NONE)
		return xstrdup(l->fmt == FMT_TABLE ? "-" : "");
	if (l->fmt == FMT_TABLE)
		clock_format_short(&ct, buf);
	else
		clock_format(&ct, buf);
	return xstrdup(buf);
}

static void
collect(struct due_list *l, const struct index *ix, const struct ix_rec *x)
{
	struct due_row *r;
	int64_t due = x->t[IXT_REVISIT_DUE], next = x->t[IXT_REVISIT_NEXT];
	struct strbuf name = STRBUF_INIT, phone = STRBUF_INIT;
	char tries[16];
	const char *who = ix_str(ix, x->s[IXS_ASSIGNEE]);
	int table = l->fmt == FMT_TABLE;

	if (x->status != ST_FOLLOWUP || due == IX_NONE)
		return;
	if ((next != IX_NONE ? next : due) > l->until.t)
		return;
	if (l->assignee && strcmp(who, l->assignee) != 0)
		return;
	ALLOC_GROW(l->rows, l->nr + 1, l->alloc);
	r = &l->rows[l->nr++];
	r->when = next != IX_NONE ? next : due;
	r->late = due < l->now.t;
	snprintf(tries, sizeof(tries), "%d", x->attempts > 0 ? x->attempts : 0);
	mask_shown(F_CUST_NAME, ix_str(ix, x->s[IXS_NAME]), l->reveal, &name);
	mask_shown(F_CUST_PHONE, ix_str(ix, x->s[IXS_PHONE]), l->reveal, &phone);
	r->cells[C_ID] = xstrdup(ix_str(ix, x->s[IXS_ID]));
	r->cells[C_DUE] = when_text(l, due);
	r->cells[C_NEXT] = when_text(l, next);
	r->cells[C_TIER] = xstrdup(table ? vocab_show_at(V_TIER, x->tier, "-") :
	    x->tier >= 0 ? vocab_key(V_TIER, x->tier) : "");
	r->cells[C_CATEGORY] = xstrdup(table ? vocab_show_at(V_CATEGORY, x->category, "-") :
	    x->category >= 0 ? vocab_key(V_CATEGORY, x->category) : "");
	r->cells[C_ASSIGNEE] = xstrdup(*who || !table ? who : "-");
	r->cells[C_CUSTOMER] = sb_detach(&name);
	r->cells[C_PHONE] = sb_detach(&phone);
	r->cells[C_TRIES] = xstrdup(tries);
	r->cells[C_SUBJECT] = xstrdup(ix_str(ix, x->s[IXS_SUBJECT]));
}

static int
by_when(const void *a, const void *b)
{
	const struct due_row *x = a, *y = b;

	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return strcmp(x->cells[C_ID], y->cells[C_ID]);
}

static void
print_rows(const struct due_list *l)
{
	struct strbuf sb = STRBUF_INIT;

	if (l->fmt == FMT_TABLE) {
		struct table tab;
		table_init(&tab, NCOLS, head);
		table_cap(&tab, C_SUBJECT, 40);
		for (size_t i = 0; i < l->nr; i++) {
			const char *colors[NCOLS] = { NULL };
			colors[C_DUE] = l->rows[i].late ? C_RED : NULL;
			table_row(&tab, (const char *const *)l->rows[i].cells, colors);
		}
		table_print(&tab, stdout, render_color());
		table_release(&tab);
		return;
	}
	if (l->fmt == FMT_CSV) {
		for (int k = 0; k < NCOLS; k++)
			csvio_field(&sb, keys[k], k == 0);
		sb_addc(&sb, '\n');
		for (size_t i = 0; i < l->nr; i++) {
			for (int k = 0; k < NCOLS; k++)
				csvio_field(&sb, l->rows[i].cells[k], k == 0);
			sb_addc(&sb, '\n');
		}
	} else {
		sb_addc(&sb, '[');
		for (size_t i = 0; i < l->nr; i++) {
			sb_adds(&sb, i ? ",\n{" : "\n{");
			for (int k = 0; k < NCOLS; k++) {
				const char *v = l->rows[i].cells[k];
				sb_addf(&sb, "%s\"%s\":", k ? "," : "", keys[k]);
				if (k == C_TRIES)
					sb_adds(&sb, v);
				else if (*v)
					json_str(&sb, v);
				else
					sb_adds(&sb, "null");
			}
			sb_addc(&sb, '}');
		}
		sb_adds(&sb, l->nr ? "\n]\n" : "]\n");
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	sb_release(&sb);
}

static const struct error *
list_due(struct cmd_ctx *c)
{
	static const char *const formats[] = { "table", "csv", "json" };
	const char *date = cmd_opt(c, "due"), *format = cmd_opt(c, "format");
	struct due_list l = { { 0, 0 }, c->now, cmd_opt(c, "assignee"), FMT_TABLE,
		cmd_flag(c, "reveal"), NULL, 0, 0 };
	const struct error *err;
	struct index_set set;
	size_t k;

	for (k = 0; format && k < 3 && strcmp(format, formats[k]) != 0; k++)
		;
	if (format && k == 3)
		return error_new(ERR_USAGE, "--format '%s' is not known; use table, csv or "
		    "json", format);
	l.fmt = format ? (enum format)k : FMT_TABLE;
	if (date) {
		if ((err = clock_arg("--due", date, &c->now, &l.until)) != NULL)
			return err;
		if (strlen(date) == 10)
			l.until.t += 86400 - 1;	/* the whole day */
	} else {
		l.until = c->now;
		l.until.t = (clock_local_day(&c->now) + 1) * 86400 - c->now.off - 1;
	}
	if ((err = index_load_want(&c->store, &IX_OPEN, &set)) != NULL)
		goto done;
	for (size_t g = 0; g < set.n; g++)
		for (size_t i = 0; i < set.seg[g].nrec; i++)
			collect(&l, &set.seg[g], &set.seg[g].rec[i]);
	index_release(&set);
	if (l.nr > 1)
		qsort(l.rows, l.nr, sizeof(*l.rows), by_when);
	c->revealed = l.reveal ? l.nr : 0;
	if (l.nr == 0 && l.fmt == FMT_TABLE) {
		char day[CLOCK_BUFSZ];
		clock_format_date(&l.until, day);
		if (isatty(STDOUT_FILENO))
			printf(_("no revisits due by %s\n"), day);
		goto done;
	}
	print_rows(&l);
done:
	for (size_t i = 0; i < l.nr; i++)
		for (int j = 0; j < NCOLS; j++)
			free(l.rows[i].cells[j]);
	free(l.rows);
	return err;
}

static const struct error *
run_revisit(struct cmd_ctx *c)
{
	static const char *const list_only[] = { "due", "assignee", "format", "reveal" };
	const struct error *err = NULL;
	const char *sat, *result, *next_arg = cmd_opt(c, "next");
	char *owned = NULL;
	struct ticket t = { NULL };
	struct ctime next;
	int no_answer = cmd_flag(c, "no-answer");

	if ((err = cmd_enum(c, "satisfaction", vocab(V_SATISFACTION), &sat)) != NULL ||
	    (err = cmd_text(c, "result", 0, &result, &owned)) != NULL)
		return err;
	if (c->argc == 0) {
		free(owned);
		if (sat || result || no_answer || next_arg)
			return error_new(ERR_USAGE, "--%s needs a ticket ID: cstk revisit ID "
			    "...", sat ? "satisfaction" : result ? "result" : no_answer ?
			    "no-answer" : "next");
		return list_due(c);
	}
	for (size_t i = 0; i < sizeof(list_only) / sizeof(list_only[0]) && !err; i++)
		if (cmd_opt(c, list_only[i]))
			err = error_new(ERR_USAGE, "--%s is for the list of revisits due; it "
			    "takes no ticket ID", list_only[i]);
	if (err)
		;
	else if (sat && no_answer)
		err = error_new(ERR_USAGE, "--satisfaction and --no-answer exclude each other");
	else if (!sat && !no_answer)
		err = error_new(ERR_USAGE, "'cstk revisit ID' needs --satisfaction S or "
		    "--no-answer");
	else if (result && !sat)
		err = error_new(ERR_USAGE, "--result goes with --satisfaction");
	else if (next_arg && !no_answer)
		err = error_new(ERR_USAGE, "--next goes with --no-answer");
	else if (next_arg)
		err = clock_arg("--next", next_arg, &c->now, &next);
	if (err == NULL && (err = cmd_actor(c)) == NULL &&
	    (err = store_lock(&c->store)) == NULL &&
	    (err = cmd_load_ticket(c, &t)) == NULL) {
		err = sat ? lc_revisit(&t, &c->store.policy, &c->ev, sat, result) :
		    lc_no_answer(&t, &c->store.policy, &c->ev, next_arg ? &next : NULL);
		if (err == NULL)
			err = store_save(&c->store, &t);
	}
	free(owned);
	ticket_release(&t);
	return err;
}

static const struct cmd_opt opts[] = {
	{ "satisfaction", "S", 0, "{satisfaction}" },
	{ "result", "TEXT", 0, N_("what the customer said") },
	{ "no-answer", NULL, 0, N_("the customer did not answer: count an attempt") },
	{ "next", "TIME", 0, N_("with --no-answer: book the next try (the list shows it)") },
	{ "due", "DATE", 0, N_("list revisits due by DATE (default: today)") },
	{ "assignee", "NAME", 0, N_("list only this agent's revisits") },
	{ "format", "FMT", 0, N_("the list as table (default), csv or json") },
	{ "reveal", NULL, 0, N_("the list with names and phones unmasked, to dial (recorded in "
	    "audit.log)") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_revisit = {
	.name = "revisit",
	.usage = "ID --satisfaction S [--result T] | ID --no-answer [--next TIME] | "
	    "[--due DATE] [--assignee A] [--reveal] [--format table|csv|json]",
	.summary = N_("record a revisit call, or list the revisits due"),
	.help = N_(
	    "With an ID, records the revisit (回访) of a ticket in 'follow-up':\n"
	    "satisfied or neutral archives it, unsatisfied sends it back to\n"
	    "'assigned' for a second round; --no-answer counts an attempt and\n"
	    "--next books the next one.  After revisit.tries attempts (3 by default)\n"
	    "the revisit counts as missed and the ticket is archived.\n"
	    "Without an ID, lists the tickets whose revisit (or booked next try) is\n"
	    "due by DATE (the end of today by default), soonest first; overdue ones\n"
	    "in red on a terminal.  Names and phones are masked; --reveal shows\n"
	    "them to dial, and every --reveal is recorded in DIR/audit.log.\n"),
	.flags = CMD_STORE | CMD_AUDIT,
	.min_args = 0,
	.max_args = 1,
	.opts = opts,
	.run = run_revisit,
};
