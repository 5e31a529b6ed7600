/*
 * cmd-agenda.c — cstk agenda: an agent's day on one screen (SPEC §10),
 * from the index: what is late, what falls due today, confirmations to
 * chase, revisits due, and tickets waiting for an owner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "index.h"
#include "json.h"
#include "mask.h"
#include "render.h"
#include "store.h"

enum part { P_OVERDUE, P_TODAY, P_CONFIRM, P_REVISIT, P_OWNER, P_COUNT };
static const struct {
	const char *key;	/* JSON */
	const char *heading;	/* text */
} parts[P_COUNT] = {
	[P_OVERDUE] = { "overdue", N_("OVERDUE") },
	[P_TODAY] = { "due_today", N_("DUE TODAY") },
	[P_CONFIRM] = { "confirm", N_("CONFIRMATIONS TO CHASE (resolved, waiting for the customer)") },
	[P_REVISIT] = { "revisits", N_("REVISITS DUE") },
	[P_OWNER] = { "unassigned", N_("WAITING FOR AN OWNER") },
};

struct item {
	enum part part;
	int64_t when;		/* what it is ordered by */
	double over;		/* hours past the SLA deadline */
	int promised;		/* `when` is a date promised to the customer */
	int status, priority;
	char *id, *assignee, *customer, *subject;
};

struct agenda {
	const char *agent;	/* NULL: every agent */
	const struct team **teams;	/* the agent's teams (for owners wanted) */
	size_t nteams;
	int64_t now, day_end;
	struct item *v;
	size_t nr, alloc;
};

static int
mine(const struct agenda *a, const struct index *ix, const struct ix_rec *x)
{
	const char *assignee = ix_str(ix, x->s[IXS_ASSIGNEE]);

	return a->agent == NULL || strcmp(assignee, a->agent) == 0;
}

/* Unassigned tickets: every one for the whole team, else those routed to
 * one of the agent's teams (or to no team yet). */
static int
for_my_teams(const struct agenda *a, const struct index *ix, const struct ix_rec *x)
{
	const char *team = ix_str(ix, x->s[IXS_TEAM]);

	if (a->agent == NULL || *team == '\0')
		return 1;
	for (size_t i = 0; i < a->nteams; i++)
		if (strcmp(a->teams[i]->name, team) == 0)
			return 1;
	return 0;
}

static void
add(struct agenda *a, const struct index *ix, const struct ix_rec *x, enum part p,
    int64_t when, double over, int promised)
{
	struct item *it;
	struct strbuf name = STRBUF_INIT;
	const char *s = ix_str(ix, x->s[IXS_NAME]);

	if (*s)
		mask_name(s, &name);
	ALLOC_GROW(a->v, a->nr + 1, a->alloc);
	it = &a->v[a->nr++];
	it->part = p;
	it->when = when;
	it->over = over;
	it->promised = promised;
	it->status = x->status;
	it->priority = x->priority;
	it->id = xstrdup(ix_str(ix, x->s[IXS_ID]));
	it->assignee = xstrdup(ix_str(ix, x->s[IXS_ASSIGNEE]));
	it->customer = sb_detach(&name);
	it->subject = xstrdup(ix_str(ix, x->s[IXS_SUBJECT]));
}

/* Where a ticket belongs in the day, if anywhere: each ticket once. */
static void
sort_in(struct agenda *a, const struct index *ix, const struct ix_rec *x)
{
	double over;
	int promised;
	int64_t due;

	if (x->status == ST_ARCHIVED)
		return;
	due = ix_deadline_now(x, a->now, &over, &promised);
	if (x->status == ST_INTAKE || x->status == ST_CLASSIFIED) {
		if (for_my_teams(a, ix, x))
			add(a, ix, x, P_OWNER, due != IX_NONE ? due : x->t[IXT_CREATED], over,
			    promised);
		return;
	}
	if (!mine(a, ix, x))
		return;
	if (over > 0)
		add(a, ix, x, P_OVERDUE, due, over, promised);
	else if (x->status == ST_RESOLVED)
		add(a, ix, x, P_CONFIRM, x->t[IXT_RESOLVED], 0, 0);
	else if (x->status == ST_FOLLOWUP && due != IX_NONE && due <= a->day_end)
		add(a, ix, x, P_REVISIT, due, 0, 0);
	else if (x->status <= ST_ASSIGNED && due != IX_NONE && due <= a->day_end)
		add(a, ix, x, P_TODAY, due, 0, promised);
}

/* By part; late ones the latest first, the rest by time, then ID. */
static int
by_part(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;

	if (a->part != b->part)
		return a->part < b->part ? -1 : 1;
	if (a->part == P_OVERDUE && a->over != b->over)
		return a->over > b->over ? -1 : 1;
	if (a->when != b->when)
		return a->when < b->when ? -1 : 1;
	return strcmp(a->id, b->id);
}

static void
when_text(const struct item *it, const struct ctime *now, struct strbuf *sb)
{
	if (it->when == IX_NONE)
		sb_adds(sb, "-");
	else
		render_deadline(sb, it->when, now, it->over, it->promised);
}

static void
print_text(const struct agenda *a, const struct ctime *now)
{
	static const char *head[] = { N_("ID"), N_("STATUS"), N_("PRI"), N_("WHEN"),
		N_("ASSIGNEE"), N_("CUSTOMER"), N_("SUBJECT") };
	char day[CLOCK_BUFSZ];
	int color = render_color();

	clock_format_date(now, day);
	printf(_("cstk agenda for %s, %s\n"), a->agent ? a->agent : _("every agent"), day);
	for (int p = 0; p < P_COUNT; p++) {
		struct table tab;
		size_t n = 0;

		for (size_t i = 0; i < a->nr; i++)
			n += a->v[i].part == (enum part)p;
		printf("\n%s%s (%zu)%s\n", color ? C_BOLD : "", _(parts[p].heading), n,
		    color ? C_RESET : "");
		if (n == 0) {
			printf("%s", _("  (none)\n"));
			continue;
		}
		table_init(&tab, 7, head);
		table_cap(&tab, 6, 40);
		for (size_t i = 0; i < a->nr; i++) {
			const struct item *it = &a->v[i];
			struct strbuf when = STRBUF_INIT;
			const char *cells[7], *colors[7] = { NULL };

			if (it->part != (enum part)p)
				continue;
			when_text(it, now, &when);
			cells[0] = it->id;
			cells[1] = vocab_show_at(V_STATUS, it->status, "?");
			cells[2] = vocab_show_at(V_PRIORITY, it->priority, "-");
			cells[3] = when.buf;
			cells[4] = *it->assignee ? it->assignee : "-";
			cells[5] = *it->customer ? it->customer : "-";
			cells[6] = it->subject;
			colors[3] = it->over > 0 ? C_RED : NULL;
			table_row(&tab, cells, colors);
			sb_release(&when);
		}
		table_print(&tab, stdout, color);
		table_release(&tab);
	}
}

static void
print_json(const struct agenda *a, const struct ctime *now)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[CLOCK_BUFSZ];

	sb_adds(&sb, "{\"agent\":");
	if (a->agent)
		json_str(&sb, a->agent);
	else
		sb_adds(&sb, "null");
	clock_format(now, buf);
	sb_adds(&sb, ",\"now\":");
	json_str(&sb, buf);
	for (int p = 0; p < P_COUNT; p++) {
		int first = 1;

		sb_addf(&sb, ",\n\"%s\":[", parts[p].key);
		for (size_t i = 0; i < a->nr; i++) {
			const struct item *it = &a->v[i];
			struct ctime ct = { it->when, now->off };

			if (it->part != (enum part)p)
				continue;
			sb_adds(&sb, first ? "\n{\"id\":" : ",\n{\"id\":");
			first = 0;
			json_str(&sb, it->id);
			sb_adds(&sb, ",\"status\":");
			json_str(&sb, vocab_key(V_STATUS, it->status));
			sb_adds(&sb, ",\"priority\":");
			if (it->priority >= 0)
				json_str(&sb, vocab_key(V_PRIORITY, it->priority));
			else
				sb_adds(&sb, "null");
			sb_adds(&sb, ",\"when\":");
			if (it->when != IX_NONE) {
				clock_format(&ct, buf);
				json_str(&sb, buf);
			} else {
				sb_adds(&sb, "null");
			}
			if (it->promised)
				sb_adds(&sb, ",\"promised\":true");
			if (it->over > 0)
				sb_addf(&sb, ",\"hours_over\":%.1f", it->over);
			sb_adds(&sb, ",\"assignee\":");
			json_str(&sb, it->assignee);
			sb_adds(&sb, ",\"customer\":");
			json_str(&sb, it->customer);
			sb_adds(&sb, ",\"subject\":");
			json_str(&sb, it->subject);
			sb_addc(&sb, '}');
		}
		sb_adds(&sb, "]");
	}
	sb_adds(&sb, "}\n");
	fwrite(sb.buf, 1, sb.len, stdout);
	sb_release(&sb);
}

static const struct error *
run_agenda(struct cmd_ctx *c)
{
	const char *format = cmd_opt(c, "format"), *agent = cmd_opt(c, "agent");
	struct agenda a;
	struct index_set set;
	const struct error *err;

	memset(&a, 0, sizeof(a));
	if (format && strcmp(format, "text") && strcmp(format, "json"))
		return error_new(ERR_USAGE, "--format '%s' is not known; use text or json",
		    format);
	if (agent && cmd_flag(c, "all-agents"))
		return error_new(ERR_USAGE, "give --agent or --all-agents, not both");
	if (!cmd_flag(c, "all-agents")) {
		if (agent == NULL) {
			if ((err = cmd_actor(c)) != NULL)
				return err;
			agent = c->ev.by;
		}
		a.agent = agent;
		for (size_t i = 0; i < c->store.policy.nteams; i++) {
			const struct team *t = &c->store.policy.teams[i];
			for (size_t k = 0; k < t->nr; k++)
				if (strcmp(t->members[k], agent) == 0) {
					a.teams = xrealloc(a.teams, (a.nteams + 1) * sizeof(*a.teams));
					a.teams[a.nteams++] = t;
					break;
				}
		}
	}
	a.now = c->now.t;
	a.day_end = (clock_local_day(&c->now) + 1) * 86400 - c->now.off - 1;
	if ((err = index_load_want(&c->store, &IX_OPEN, &set)) != NULL) {
		free(a.teams);
		return err;
	}
	for (size_t g = 0; g < set.n; g++) {
		if (strcmp(set.seg[g].dir[0].name, "tickets") != 0)
			continue;	/* the archive has nothing left to do */
		for (size_t i = 0; i < set.seg[g].nrec; i++)
			sort_in(&a, &set.seg[g], &set.seg[g].rec[i]);
	}
	index_release(&set);
	if (a.nr > 1)
		qsort(a.v, a.nr, sizeof(*a.v), by_part);
	if (format && strcmp(format, "json") == 0)
		print_json(&a, &c->now);
	else
		print_text(&a, &c->now);
	for (size_t i = 0; i < a.nr; i++) {
		free(a.v[i].id);
		free(a.v[i].assignee);
		free(a.v[i].customer);
		free(a.v[i].subject);
	}
	free(a.v);
	free(a.teams);
	return NULL;
}

static const struct cmd_opt opts[] = {
	{ "agent", "NAME", 0, N_("this agent's day (default: the acting agent)") },
	{ "all-agents", NULL, 0, N_("the whole team's day") },
	{ "format", "FMT", 0, N_("text (default) or json") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_agenda = {
	.name = "agenda",
	.usage = "[--agent NAME | --all-agents] [--format text|json]",
	.summary = N_("an agent's day on one screen: late, due today, to chase, to revisit"),
	.help = N_(
	    "The day of the acting agent (--by, else $CSTK_USER, else $USER), of\n"
	    "--agent NAME, or of every agent: tickets past their deadline (the\n"
	    "latest first), those falling due by the end of today, resolved\n"
	    "tickets whose customer has not confirmed yet, revisits due by\n"
	    "today, and tickets waiting for an owner (classified or in intake,\n"
	    "late ones marked; for one agent, those of the agent's teams and\n"
	    "those not routed yet).  Each ticket appears once.  A date promised\n"
	    "to a customer already contacted (update --due) shows as 'promised'.\n"
	    "Answered from the index; names masked.  --format json is for a cron\n"
	    "job that mails it.\n"),
	.flags = CMD_STORE,
	.min_args = 0,
	.max_args = 0,
	.opts = opts,
	.run = run_agenda,
};
