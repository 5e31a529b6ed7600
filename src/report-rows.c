/* report-rows.c — the report as rows: every figure of SPEC §6 written once,
 * here, with its CSV columns, its JSON path and its labels; see report.h. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "strbuf.h"

/* The JSON's "by" maps, in the order of report.by[]. */
static const char *const by_sections[4] = { "by.category", "by.priority", "by.channel",
	"by.module" };

/* The list each "by" map's values come from. */
static const enum vocab_id by_vocab[4] = { V_CATEGORY, V_PRIORITY, V_CHANNEL, V_MODULE };
/* The list of a --by dimension's values; -1: names (agents, teams). */
static int
dim_vocab(enum report_dim d)
{
	const struct field *f = &fields[report_dim_field[d]];

	return f->type == FT_ENUM ? (int)f->voc : -1;
}

/* A value for people: its label when the rows are laid out for people
 * and labels are shown (vocab.h); CSV and JSON keep keys. */
static const char *
word(const struct report_rows *rows, int id, const char *key)
{
	return rows->labels && id >= 0 && key ? enum_label(vocab((enum vocab_id)id), key) : key;
}

/* A string made for the rows, freed with them. */
static const char *
keep(struct report_rows *rows, char *s)
{
	ALLOC_GROW(rows->own, rows->nown + 1, rows->own_alloc);
	rows->own[rows->nown++] = s;
	return s;
}

static struct report_row *
add(struct report_rows *rows, enum report_kind kind, const char *section, const char *item,
    const char *metric, const char *path, const char *label)
{
	struct report_row *w;

	ALLOC_GROW(rows->v, rows->nr + 1, rows->alloc);
	w = &rows->v[rows->nr++];
	memset(w, 0, sizeof(*w));
	w->kind = kind;
	w->section = section;
	w->item = item ? item : "";
	w->metric = metric;
	w->path = path;
	w->label = label;
	return w;
}

static struct report_row *
count(struct report_rows *rows, const char *section, const char *item, const char *metric,
    const char *path, const char *label, long n)
{
	struct report_row *w = add(rows, RK_COUNT, section, item, metric, path, label);

	w->n = n;
	return w;
}

static struct report_row *
num(struct report_rows *rows, const char *section, const char *item, const char *metric,
    const char *path, const char *label, double x)
{
	struct report_row *w = add(rows, RK_NUM, section, item, metric, path, label);

	w->x = x;
	return w;
}

static struct report_row *
pct(struct report_rows *rows, const char *section, const char *item, const char *metric,
    const char *path, const char *label, const struct ratio *q)
{
	struct report_row *w = num(rows, section, item, metric, path, label, report_pct(q));

	w->pct = 1;
	w->q = *q;
	return w;
}

static struct report_row *
text(struct report_rows *rows, const char *section, const char *item, const char *metric,
    const char *path, const char *label, const char *s)
{
	struct report_row *w = add(rows, RK_TEXT, section, item, metric, path, label);

	w->s = s;
	return w;
}

static void
list(struct report_rows *rows, const char *section, const char *path, size_t n)
{
	add(rows, RK_LIST, section, "", "", path, NULL)->n = (long)n;
}

static size_t
at_most(size_t n, int top)
{
	return n < (size_t)top ? n : (size_t)top;
}

static void
period(struct report_rows *rows, const struct report *r)
{
	char buf[CLOCK_BUFSZ];

	clock_format(&r->o.since, buf);
	text(rows, "period", "", "since", "period.since", "since", keep(rows, xstrdup(buf)));
	clock_format(&r->o.until, buf);
	text(rows, "period", "", "until", "period.until", "until", keep(rows, xstrdup(buf)));
}

static void
volume(struct report_rows *rows, const struct report *r)
{
	count(rows, "volume", "", N_("opened"), N_("opened"), N_("opened"), r->opened)->headline =
	    "opened 新建";
	count(rows, "volume", "", N_("resolved"), N_("resolved"), N_("resolved"), r->resolved)->headline =
	    "resolved 解决";
	count(rows, "volume", "", N_("archived"), N_("archived"), N_("archived"), r->archived)->headline =
	    "archived 归档";
	for (int s = 0; s < ST_ARCHIVED; s++) {
		const char *st = vocab_key(V_STATUS, s);
		count(rows, "backlog", "", st, keep(rows, xasprintf("backlog.%s", st)),
		    word(rows, V_STATUS, st), r->backlog[s]);
	}
}

static void
service(struct report_rows *rows, const struct report *r)
{
	pct(rows, "sla", "", "response_pct", "sla.response_pct", N_("response SLA"),
	    &r->sla_response)->headline = "response SLA 响应达标";
	pct(rows, "sla", "", "resolution_pct", "sla.resolution_pct", N_("resolution SLA"),
	    &r->sla_resolution)->headline = "resolution SLA 解决达标";
	for (int p = 0; p < vocab(V_PRIORITY)->n; p++)
		pct(rows, "sla", word(rows, V_PRIORITY, vocab_key(V_PRIORITY, p)),
		    "resolution_pct",
		    "sla.resolution_pct_by_priority.*", N_("resolution SLA"), &r->sla_by_priority[p]);

	num(rows, "hours", "", "response_median", "hours.response_median",
	    N_("hours to first response"), report_median(&r->response))->sub = N_("median");
	num(rows, "hours", "", "response_p90", "hours.response_p90",
	    N_("hours to first response"), report_p90(&r->response))->sub = N_("p90");
	num(rows, "hours", "", "resolution_median", "hours.resolution_median",
	    N_("hours to resolution"), report_median(&r->resolution))->sub = N_("median");
	num(rows, "hours", "", "resolution_p90", "hours.resolution_p90",
	    N_("hours to resolution"), report_p90(&r->resolution))->sub = N_("p90");
	count(rows, "hours", "response", "left_out_negative", "hours.left_out_negative.response",
	    N_("left out"), r->response.negative)->sub = N_("responses");
	count(rows, "hours", "resolution", "left_out_negative",
	    "hours.left_out_negative.resolution", N_("left out"), r->resolution.negative)->sub =
	    N_("resolutions");

	pct(rows, "rates", "", "fcr_pct", "fcr_pct", N_("first-contact resolution"),
	    &r->fcr)->headline = "first-contact resolution 一次解决";
	pct(rows, "rates", "", "escalation_pct", "escalation_pct", N_("escalated"),
	    &r->escalation);
	pct(rows, "rates", "", "reopen_pct", "reopen_pct", N_("second round (reopened)"),
	    &r->reopen);
	count(rows, "rates", "", "reopened", "reopened", N_("reopened from archive"),
	    r->reopened);
	count(rows, "rates", "", "unconfirmed", "unconfirmed",
	    N_("closed unconfirmed"), r->unconfirmed);
}

/* Ratings at one moment: counts by satisfaction, then CSAT %. */
static struct report_row *
csat(struct report_rows *rows, const char *item, const char *label, const long *c)
{
	struct ratio q = { c[SAT_SATISFIED], 0 };

	for (int s = 0; s < SAT_COUNT; s++) {
		const char *sat = vocab_key(V_SATISFACTION, s);
		count(rows, "csat", item, sat, keep(rows, xasprintf("csat.%s.%s", item, sat)),
		    label, c[s])->sub = word(rows, V_SATISFACTION, sat);
		q.den += c[s];
	}
	return pct(rows, "csat", item, "pct", keep(rows, xasprintf("csat.%s.pct", item)),
	    label, &q);
}

static void
satisfaction(struct report_rows *rows, const struct report *r)
{
	struct report_row *w = csat(rows, "confirm", N_("at confirmation"), r->csat_confirm);
	struct ratio q = { r->repeat_repeat, r->repeat_customers };

	w->sub = N_("CSAT");
	w->headline = "CSAT 满意度";
	csat(rows, "revisit", N_("at revisit"), r->csat_revisit)->sub = N_("CSAT");

	count(rows, "repeat_complaints", "", "customers", "repeat_complaints.customers", NULL,
	    r->repeat_customers);
	count(rows, "repeat_complaints", "", "repeat", "repeat_complaints.repeat", NULL,
	    r->repeat_repeat);
	pct(rows, "repeat_complaints", "", "pct", "repeat_complaints.pct",
	    N_("customers complaining again within 30 days"), &q);

	count(rows, "revisits", "", "due", "revisits.due", N_("revisits due"), r->revisit_due);
	count(rows, "revisits", "", "on_time", "revisits.on_time", N_("on time"),
	    r->revisit_on_time);
	count(rows, "revisits", "", N_("late"), "revisits.late", N_("late"), r->revisit_late);
	count(rows, "revisits", "", N_("missed"), "revisits.missed", N_("missed"), r->revisit_missed);
	pct(rows, "revisits", "", "vip_coverage_pct", "revisits.vip_coverage_pct",
	    N_("VIP revisit coverage (goal 100%)"), &r->vip_coverage)->headline =
	    "VIP revisits 回访覆盖";
}

static void
overdue(struct report_rows *rows, const struct report *r)
{
	list(rows, "overdue", "overdue[id]", r->noverdue);
	for (size_t i = 0; i < at_most(r->noverdue, r->o.top); i++) {
		const struct overdue_row *o = &r->overdue[i];
		text(rows, "overdue", o->id, "priority", "overdue[id].priority", NULL,
		    word(rows, V_PRIORITY, o->priority))->sub = "priority";
		text(rows, "overdue", o->id, "assignee", "overdue[id].assignee", NULL,
		    o->assignee)->sub = "assignee";
		text(rows, "overdue", o->id, "due", "overdue[id].due", NULL, o->due)->sub = "due";
		num(rows, "overdue", o->id, "hours_over", "overdue[id].hours_over", NULL,
		    o->hours_over)->sub = N_("hours over");
	}
}

static void
breakdowns(struct report_rows *rows, const struct report *r)
{
	for (int i = 0; i < 4; i++) {
		const char *sec = by_sections[i], *path = keep(rows, xasprintf("%s.*", sec));
		list(rows, sec, sec, r->by[i].nr);
		for (size_t k = 0; k < r->by[i].nr; k++)
			count(rows, sec, word(rows, by_vocab[i], r->by[i].v[k].key), N_("opened"),
			    path, N_("opened"), r->by[i].v[k].n);
	}
	list(rows, "top_problems", "top_problems[category/module]", r->top_problems.nr);
	for (size_t i = 0; i < at_most(r->top_problems.nr, r->o.top); i++) {
		const char *key = r->top_problems.v[i].key, *slash = strchr(key, '/');
		if (rows->labels && slash) {
			char *cat = xasprintf("%.*s", (int)(slash - key), key);
			key = keep(rows, xasprintf("%s/%s", word(rows, V_CATEGORY, cat),
			    word(rows, V_MODULE, slash + 1)));
			free(cat);
		}
		count(rows, "top_problems", key, N_("count"),
		    "top_problems[category/module].count", N_("count"), r->top_problems.v[i].n);
	}
}

static void
agents(struct report_rows *rows, const struct report *r)
{
	list(rows, "agents", "agents[agent]", r->nagents);
	for (size_t i = 0; i < r->nagents; i++) {
		const struct agent_row *a = &r->agents[i];
		count(rows, "agents", a->agent, N_("assigned"), "agents[agent].assigned", NULL,
		    a->assigned)->sub = N_("assigned");
		count(rows, "agents", a->agent, N_("resolved"), "agents[agent].resolved", NULL,
		    a->resolved)->sub = N_("resolved");
		num(rows, "agents", a->agent, "resolution_median",
		    "agents[agent].resolution_median", NULL, report_median(&a->reso))->sub =
		    N_("median hours");
		pct(rows, "agents", a->agent, "sla_pct", "agents[agent].sla_pct", NULL,
		    &a->sla)->sub = N_("SLA");
		pct(rows, "agents", a->agent, "csat_pct", "agents[agent].csat_pct", NULL,
		    &a->csat)->sub = N_("CSAT");
	}
}

/*
 * --trend N: the main figures of each of N periods, the oldest first (the
 * last is this one), for the HTML line chart and for scripts.
 */
static void
trend(struct report_rows *rows, const struct report *r)
{
	if (r->ntrend == 0)
		return;
	list(rows, "trend", "trend[since]", (size_t)r->ntrend);
	for (int k = 0; k < r->ntrend; k++) {
		const struct report *v = r->trend[k];
		char day[CLOCK_BUFSZ];
		const char *since;
		struct ratio csat = { v->csat_confirm[SAT_SATISFIED], 0 };

		for (int s = 0; s < SAT_COUNT; s++)
			csat.den += v->csat_confirm[s];
		clock_format_date(&v->o.since, day);
		since = keep(rows, xstrdup(day));
		count(rows, "trend", since, "opened", "trend[since].opened", NULL,
		    v->opened)->sub = N_("opened");
		count(rows, "trend", since, "resolved", "trend[since].resolved", NULL,
		    v->resolved)->sub = N_("resolved");
		pct(rows, "trend", since, "response_pct", "trend[since].response_pct", NULL,
		    &v->sla_response)->sub = N_("resp%");
		pct(rows, "trend", since, "resolution_pct", "trend[since].resolution_pct", NULL,
		    &v->sla_resolution)->sub = N_("reso%");
		pct(rows, "trend", since, "fcr_pct", "trend[since].fcr_pct", NULL,
		    &v->fcr)->sub = N_("FCR");
		pct(rows, "trend", since, "csat_pct", "trend[since].csat_pct", NULL,
		    &csat)->sub = N_("CSAT");
	}
}

int
report_section_compared(const char *section)
{
	static const char *const secs[] = { "period", "volume", "backlog", "sla", "hours",
		"rates", "csat", "repeat_complaints", "revisits" };

	for (size_t i = 0; i < sizeof(secs) / sizeof(secs[0]); i++)
		if (strcmp(section, secs[i]) == 0)
			return 1;
	return 0;
}

static int
figure_of(const struct report_row *w, double *v)
{
	if (w->kind == RK_COUNT)
		*v = (double)w->n;
	else if (w->kind == RK_NUM && w->x >= 0)
		*v = w->x;
	else
		return 0;
	return 1;
}

/*
 * --compare: each figure of this period learns its value in the period
 * before (the table and HTML show the change), and the period before's
 * figures follow as "previous.…" rows (JSON: "previous": {…}; CSV:
 * section previous.sla, …).
 */
static void
previous(struct report_rows *rows, const struct report *prev, int labels)
{
	struct report_rows p;
	size_t nmain = rows->nr;

	report_rows_build(prev, &p, labels);
	for (size_t i = 0; i < nmain; i++) {
		struct report_row *w = &rows->v[i];
		if (!report_section_compared(w->section))
			continue;
		for (size_t k = 0; k < p.nr; k++)
			if (!strcmp(p.v[k].path, w->path) && !strcmp(p.v[k].item, w->item)) {
				double a, b;
				if (figure_of(w, &a) && figure_of(&p.v[k], &b)) {
					w->has_prev = 1;
					w->prev = b;
				}
				break;
			}
	}
	for (size_t k = 0; k < p.nr; k++) {
		struct report_row *w;
		if (!report_section_compared(p.v[k].section))
			continue;
		ALLOC_GROW(rows->v, rows->nr + 1, rows->alloc);
		w = &rows->v[rows->nr++];
		*w = p.v[k];
		w->section = keep(rows, xasprintf("previous.%s", p.v[k].section));
		w->path = keep(rows, xasprintf("previous.%s", p.v[k].path));
		w->item = keep(rows, xstrdup(p.v[k].item));
		w->metric = keep(rows, xstrdup(p.v[k].metric));
		if (w->s)
			w->s = keep(rows, xstrdup(w->s));
		w->headline = NULL;
	}
	report_rows_release(&p);
}

/*
 * --by DIM: each value's own report (report.c builds it) with every figure
 * the period's own sections have (SPEC §10), under
 * breakdown.rows[value].PATH, its CSV metric the PATH.  The table's grid
 * shows those `grid` names, under their headings; the rest are `detail`.
 */
static const struct { const char *path, *heading; } grid[] = {
	{ "opened", N_("opened") }, { "resolved", N_("resolved") }, { "archived", N_("archived") },
	{ "sla.response_pct", N_("resp%") }, { "sla.resolution_pct", N_("reso%") },
	{ "hours.resolution_median", N_("median h") }, { "fcr_pct", N_("FCR") },
	{ "escalation_pct", N_("escal%") }, { "reopen_pct", N_("round2%") },
	{ "csat.confirm.pct", N_("CSAT") }, { "repeat_complaints.pct", N_("repeat%") },
	{ "revisits.missed", N_("missed") }, { "unconfirmed", N_("unconf") },
};

/* `path` with its "*" (the row's item) written out. */
static char *
path_of(const struct report_row *w)
{
	const char *star = strchr(w->path, '*');

	return star ? xasprintf("%.*s%s%s", (int)(star - w->path), w->path, w->item, star + 1) :
	    xstrdup(w->path);
}

static void
breakdown(struct report_rows *rows, const struct report *r)
{
	const char *dim, *sec;

	if (r->o.by == DIM_NONE)
		return;
	dim = report_dim_name(r->o.by);
	sec = keep(rows, xasprintf("breakdown.%s", dim));
	text(rows, sec, "", "by", "breakdown.by", "by", dim);
	list(rows, sec, "breakdown.rows[value]", r->ndims);
	for (size_t i = 0; i < r->ndims; i++) {
		const char *value = word(rows, dim_vocab(r->o.by), r->dims[i].value);
		struct report_rows p;

		report_rows_build(r->dims[i].sub, &p, 0);
		for (size_t k = 0; k < p.nr; k++) {
			const struct report_row *f = &p.v[k];
			struct report_row *w;
			const char *rel;

			if (!report_section_compared(f->section) || !strcmp(f->section, "period") ||
			    f->kind == RK_LIST)
				continue;
			rel = keep(rows, path_of(f));
			ALLOC_GROW(rows->v, rows->nr + 1, rows->alloc);
			w = &rows->v[rows->nr++];
			*w = *f;
			w->section = sec;
			w->item = value;
			w->metric = rel;
			w->path = keep(rows, xasprintf("breakdown.rows[value].%s", rel));
			w->s = w->s ? keep(rows, xstrdup(w->s)) : NULL;
			w->label = w->sub = w->headline = NULL;
			w->has_prev = 0;
			w->detail = 1;
			for (size_t g = 0; g < sizeof(grid) / sizeof(grid[0]); g++)
				if (strcmp(rel, grid[g].path) == 0) {
					w->sub = grid[g].heading;
					w->detail = 0;
				}
		}
		report_rows_release(&p);
	}
}

void
report_rows_build(const struct report *r, struct report_rows *rows, int labels)
{
	memset(rows, 0, sizeof(*rows));
	rows->labels = labels;
	period(rows, r);
	volume(rows, r);
	service(rows, r);
	satisfaction(rows, r);
	overdue(rows, r);
	breakdowns(rows, r);
	agents(rows, r);
	breakdown(rows, r);
	trend(rows, r);
	if (r->prev)
		previous(rows, r->prev, labels);
}

void
report_rows_release(struct report_rows *rows)
{
	for (size_t i = 0; i < rows->nown; i++)
		free(rows->own[i]);
	free(rows->own);
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

size_t
report_rows_run(const struct report_row *w, size_t n)
{
	size_t k = 1;

	if (n == 0)
		return 0;
	while (k < n && strcmp(w[k].section, w[0].section) == 0)
		k++;
	return k;
}

size_t
report_rows_element(const struct report_row *w, size_t n)
{
	size_t k = 1;

	if (n == 0)
		return 0;
	while (k < n && strcmp(w[k].item, w[0].item) == 0)
		k++;
	return k;
}

const struct report_row *
report_rows_elements(const struct report_row *w, size_t *n, size_t *total)
{
	for (size_t i = 0; i < *n; i++) {
		if (w[i].kind == RK_LIST) {
			if (total)
				*total = (size_t)w[i].n;
			*n -= i + 1;
			return w + i + 1;
		}
	}
	if (total)
		*total = *n;
	return w;
}

const struct report_row *
report_rows_section(const struct report_rows *rows, const char *section, size_t *n)
{
	for (size_t i = 0; i < rows->nr; i += *n) {
		*n = report_rows_run(&rows->v[i], rows->nr - i);
		if (strcmp(rows->v[i].section, section) == 0)
			return &rows->v[i];
	}
	*n = 0;
	return NULL;
}

int
report_row_delta(const struct report_row *w, double *d)
{
	double v;

	if (!w->has_prev || !figure_of(w, &v))
		return 0;
	*d = v - w->prev;
	return 1;
}

const char *
report_row_change(const struct report_row *w, char buf[32])
{
	double d;

	buf[0] = '\0';
	if (!report_row_delta(w, &d))
		return buf;
	if (w->kind == RK_COUNT)
		snprintf(buf, 32, "%+ld", w->n - (long)w->prev);
	else if (d > -0.05 && d < 0.05)
		snprintf(buf, 32, "±0");
	else
		snprintf(buf, 32, "%+.1f", d);
	return buf;
}

void
report_rows_sentence(struct strbuf *sb, const struct report_row *w, size_t n, int changes)
{
	int k = 0;

	for (size_t i = 0; i < n; i++) {
		char c[32];

		if (w[i].kind != RK_COUNT || w[i].label == NULL)
			continue;
		sb_addf(sb, "%s%s %ld", k > 1 ? ", " : k ? " " : "", _(w[i].label), w[i].n);
		if (changes && *report_row_change(&w[i], c))
			sb_addf(sb, " (%s)", c);
		if (k == 0)
			sb_addc(sb, ':');
		k++;
	}
}
