/* report.c — the figures of the weekly report; see report.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "strbuf.h"

const char *const report_dim_names[DIM_COUNT] = { "category", "priority", "channel",
	"module", "assignee", "team", "tier" };

static int
in(const struct report *r, const struct ctime *t)
{
	return t->t >= r->o.since.t && t->t < r->o.until.t;
}

/* A field's time, if it has one in the period. */
static int
in_field(const struct report *r, const struct ticket *t, enum field_id f, struct ctime *out)
{
	return ticket_time(t, f, out) == 0 && in(r, out);
}

static void
tally(struct tallies *ts, const char *key, long n)
{
	for (size_t i = 0; i < ts->nr; i++)
		if (strcmp(ts->v[i].key, key) == 0) {
			ts->v[i].n += n;
			return;
		}
	ALLOC_GROW(ts->v, ts->nr + 1, ts->alloc);
	ts->v[ts->nr].key = xstrdup(key);
	ts->v[ts->nr].n = n;
	ts->nr++;
}

static void
tallies_release(struct tallies *ts)
{
	for (size_t i = 0; i < ts->nr; i++)
		free(ts->v[i].key);
	free(ts->v);
	memset(ts, 0, sizeof(*ts));
}

static void
push(struct durations *d, double hours)
{
	if (hours < 0) {
		d->negative++;
		return;
	}
	ALLOC_GROW(d->v, d->nr + 1, d->alloc);
	d->v[d->nr++] = hours;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
round1(double x)
{
	return round(x * 10.0) / 10.0;
}

double
report_median(const struct durations *d)
{
	double *v;
	double m;

	if (d->nr == 0)
		return -1;
	v = xmalloc(d->nr * sizeof(double));
	memcpy(v, d->v, d->nr * sizeof(double));
	if (d->nr > 1)
		qsort(v, d->nr, sizeof(double), cmp_double);
	m = d->nr % 2 ? v[d->nr / 2] : (v[d->nr / 2 - 1] + v[d->nr / 2]) / 2.0;
	free(v);
	return round1(m);
}

double
report_p90(const struct durations *d)
{
	double *v;
	double p;
	size_t rank;

	if (d->nr == 0)
		return -1;
	v = xmalloc(d->nr * sizeof(double));
	memcpy(v, d->v, d->nr * sizeof(double));
	if (d->nr > 1)
		qsort(v, d->nr, sizeof(double), cmp_double);
	rank = (size_t)ceil(0.9 * (double)d->nr);	/* nearest rank, 1-based */
	if (rank < 1)
		rank = 1;
	p = v[rank - 1];
	free(v);
	return round1(p);
}

double
report_pct(const struct ratio *q)
{
	if (q->den == 0)
		return -1;
	return round1(100.0 * (double)q->num / (double)q->den);
}

static double
hours(const struct ctime *from, const struct ctime *to)
{
	return (double)(to->t - from->t) / 3600.0;
}

/* The status a ticket had at `at`, from its history; -1 if not yet created. */
static int
status_at(const struct ticket *t, const struct ctime *at)
{
	const struct ynode *h = ynode_get(t->root, "history");
	struct ctime created, best = { 0, 0 };
	const char *to = NULL;

	if (ticket_time(t, F_CREATED, &created) || created.t >= at->t)
		return -1;
	for (size_t i = 0; h && h->kind == YNODE_SEQ && i < h->nr; i++) {
		const struct ynode *e = h->items[i].val;
		const char *s = ynode_get_str(e, "to"), *when = ynode_get_str(e, "at");
		struct ctime ct;

		if (s == NULL || when == NULL || clock_parse(when, &ct) || ct.t >= at->t)
			continue;
		if (to == NULL || ct.t >= best.t) {
			best = ct;
			to = s;
		}
	}
	if (to == NULL)
		return ST_INTAKE;
	{
		int i = enum_lookup(&enum_status, to);
		return i < 0 ? ST_INTAKE : i;
	}
}

static struct agent_row *
agent(struct report *r, const char *name)
{
	struct agent_row *a;

	for (size_t i = 0; i < r->nagents; i++)
		if (strcmp(r->agents[i].agent, name) == 0)
			return &r->agents[i];
	ALLOC_GROW(r->agents, r->nagents + 1, r->agents_alloc);
	a = &r->agents[r->nagents++];
	memset(a, 0, sizeof(*a));
	a->agent = xstrdup(name);
	return a;
}

static struct dim_row *
dim(struct report *r, const char *value)
{
	struct dim_row *d;

	for (size_t i = 0; i < r->ndims; i++)
		if (strcmp(r->dims[i].value, value) == 0)
			return &r->dims[i];
	ALLOC_GROW(r->dims, r->ndims + 1, r->dims_alloc);
	d = &r->dims[r->ndims++];
	memset(d, 0, sizeof(*d));
	d->value = xstrdup(value);
	return d;
}

static const char *
dim_value(const struct ticket *t, enum report_dim d)
{
	static const enum field_id f[DIM_COUNT] = { F_CATEGORY, F_PRIORITY, F_CHANNEL,
		F_MODULE, F_ASSIGNEE, F_TEAM, F_CUST_TIER };
	const char *v = ticket_str(t, f[d]);

	return v ? v : "-";
}

/* Who the customer is: customer.id, else phone, else name. */
static void
customer_key(const struct ticket *t, struct strbuf *sb)
{
	const char *v;

	if ((v = ticket_str(t, F_CUST_ID)) != NULL)
		sb_addf(sb, "id:%s", v);
	else if ((v = ticket_str(t, F_CUST_PHONE)) != NULL)
		sb_addf(sb, "phone:%s", v);
	else if ((v = ticket_str(t, F_CUST_NAME)) != NULL)
		sb_addf(sb, "name:%s", v);
}

static void
overdue(struct report *r, const struct ticket *t, int st)
{
	struct ctime due, done;
	double over = 0;
	const char *which = NULL;
	struct overdue_row *o;
	const char *s;

	if (st < ST_INTAKE || st > ST_ASSIGNED)
		return;
	if (ticket_time(t, F_DUE_RESPONSE, &due) == 0 && due.t < r->o.until.t &&
	    (ticket_time(t, F_RESPONDED, &done) || done.t >= r->o.until.t)) {
		over = hours(&due, &r->o.until);
		which = ticket_str(t, F_DUE_RESPONSE);
	}
	if (ticket_time(t, F_DUE_RESOLUTION, &due) == 0 && due.t < r->o.until.t &&
	    (ticket_time(t, F_RESOLVED, &done) || done.t >= r->o.until.t) &&
	    hours(&due, &r->o.until) > over) {
		over = hours(&due, &r->o.until);
		which = ticket_str(t, F_DUE_RESOLUTION);
	}
	if (which == NULL)
		return;
	ALLOC_GROW(r->overdue, r->noverdue + 1, r->overdue_alloc);
	o = &r->overdue[r->noverdue++];
	o->id = xstrdup(ticket_str(t, F_ID));
	s = ticket_str(t, F_PRIORITY);
	o->priority = xstrdup(s ? s : "");
	s = ticket_str(t, F_ASSIGNEE);
	o->assignee = xstrdup(s ? s : "");
	o->due = xstrdup(which);
	o->hours_over = round1(over);
}

static void
ratings(struct report *r, const struct ticket *t, const char *assignee,
    struct dim_row *d)
{
	struct agent_row *a = NULL;

	const struct ynode *h = ynode_get(t->root, "history");

	for (size_t i = 0; h && h->kind == YNODE_SEQ && i < h->nr; i++) {
		const struct ynode *e = h->items[i].val;
		const char *act = ynode_get_str(e, "action"), *at = ynode_get_str(e, "at");
		int sat = enum_lookup(&enum_satisfaction, ynode_get_str(e, "satisfaction"));
		struct ctime ct;

		if (sat < 0 || act == NULL || at == NULL || clock_parse(at, &ct) || !in(r, &ct))
			continue;
		if (strcmp(act, "confirm") == 0) {
			r->csat_confirm[sat]++;
			if (assignee && a == NULL)
				a = agent(r, assignee);
			if (a) {
				a->csat.den++;
				a->csat.num += sat == SAT_SATISFIED;
			}
			if (d) {
				d->csat.den++;
				d->csat.num += sat == SAT_SATISFIED;
			}
		} else if (strcmp(act, "revisit") == 0) {
			r->csat_revisit[sat]++;
		}
	}
}

/* Agents credited with an assignment in the period (distinct tickets). */
static void
assignments(struct report *r, const struct ticket *t)
{
	const struct ynode *h = ynode_get(t->root, "history");
	const char *seen[16];
	size_t nseen = 0;

	for (size_t i = 0; h && h->kind == YNODE_SEQ && i < h->nr; i++) {
		const struct ynode *e = h->items[i].val;
		const char *act = ynode_get_str(e, "action"), *at = ynode_get_str(e, "at");
		const char *who = ynode_get_str(e, "assignee");
		struct ctime ct;
		size_t k;

		if (who == NULL || act == NULL || at == NULL || clock_parse(at, &ct) ||
		    !in(r, &ct) || (strcmp(act, "assign") && strcmp(act, "reassign") &&
		    strcmp(act, "escalate")))
			continue;
		for (k = 0; k < nseen; k++)
			if (strcmp(seen[k], who) == 0)
				break;
		if (k < nseen)
			continue;
		if (nseen < 16)
			seen[nseen++] = who;
		agent(r, who)->assigned++;
	}
}

static int
visit(void *ctx, const struct ticket *t, const char *file)
{
	struct report *r = ctx;
	struct ctime created, c, due, w;
	int st = status_at(t, &r->o.until);
	const char *assignee = ticket_str(t, F_ASSIGNEE);
	struct agent_row *a;
	struct dim_row *d = NULL;
	int confirmed_in;
	long rounds = ticket_int(t, F_ROUNDS), esc = ticket_int(t, F_ESCALATIONS);

	(void)file;
	r->tickets_read++;
	if (ticket_time(t, F_CREATED, &created))
		return 0;
	if (st >= 0 && st != ST_ARCHIVED)
		r->backlog[st]++;
	overdue(r, t, st);
	assignments(r, t);
	if (r->o.by != DIM_NONE)
		d = dim(r, dim_value(t, r->o.by));

	if (in(r, &created)) {
		static const enum field_id byf[4] = { F_CATEGORY, F_PRIORITY, F_CHANNEL, F_MODULE };
		struct strbuf key = STRBUF_INIT;
		int64_t day = (created.t - r->o.since.t) / 86400;

		r->opened++;
		if (day >= 0 && day < r->ndays)
			r->per_day_opened[day]++;
		for (int i = 0; i < 4; i++) {
			const char *v = ticket_str(t, byf[i]);
			tally(&r->by[i], v ? v : "-", 1);
		}
		if (ticket_str(t, F_CATEGORY)) {
			sb_addf(&key, "%s/%s", ticket_str(t, F_CATEGORY),
			    ticket_str(t, F_MODULE) ? ticket_str(t, F_MODULE) : "-");
			tally(&r->top_problems, key.buf, 1);
		}
		if (d)
			d->opened++;
		sb_release(&key);
	}
	if (in_field(r, t, F_RESPONDED, &c)) {
		push(&r->response, hours(&created, &c));
		if (ticket_time(t, F_DUE_RESPONSE, &due) == 0) {
			r->sla_response.den++;
			r->sla_response.num += c.t <= due.t;
		}
	}
	if (in_field(r, t, F_RESOLVED, &c)) {
		int met = -1;
		int pr = enum_lookup(&enum_priority, ticket_str(t, F_PRIORITY));

		r->resolved++;
		push(&r->resolution, hours(&created, &c));
		{
			int64_t day = (c.t - r->o.since.t) / 86400;
			if (day >= 0 && day < r->ndays)
				r->per_day_resolved[day]++;
		}
		if (ticket_time(t, F_DUE_RESOLUTION, &due) == 0) {
			met = c.t <= due.t;
			r->sla_resolution.den++;
			r->sla_resolution.num += met;
			if (pr >= 0) {
				r->sla_by_priority[pr].den++;
				r->sla_by_priority[pr].num += met;
			}
		}
		r->escalation.den++;
		r->escalation.num += esc > 0;
		if (assignee) {
			a = agent(r, assignee);
			a->resolved++;
			push(&a->reso, hours(&created, &c));
			if (met >= 0) {
				a->sla.den++;
				a->sla.num += met;
			}
		}
		if (d) {
			d->resolved++;
			if (met >= 0) {
				d->sla.den++;
				d->sla.num += met;
			}
		}
	}
	confirmed_in = in_field(r, t, F_CONFIRMED, &c);
	if (confirmed_in) {
		r->fcr.den++;
		r->fcr.num += rounds <= 1 && esc == 0 && ticket_int(t, F_CONTACTS) <= 1;
		r->reopen.den++;
		r->reopen.num += rounds > 1;
	}
	if (in_field(r, t, F_ARCHIVED, &c)) {
		r->archived++;
		if (enum_lookup(&enum_tier, ticket_str(t, F_CUST_TIER)) == TIER_VIP) {
			r->vip_coverage.den++;
			r->vip_coverage.num += ticket_str(t, F_REVISIT_DONE) != NULL;
		}
	}
	ratings(r, t, assignee, d);
	if (in_field(r, t, F_REVISIT_DUE, &due)) {
		r->revisit_due++;
		if (ticket_time(t, F_REVISIT_DONE, &w) == 0) {
			if (w.t <= due.t)
				r->revisit_on_time++;
			else
				r->revisit_late++;
		} else if (due.t < r->o.until.t && due.t < r->o.now.t) {
			r->revisit_missed++;
		}
	}
	/* Complaints in the 30 days up to `until`, by customer. */
	if (enum_lookup(&enum_category, ticket_str(t, F_CATEGORY)) == CAT_COMPLAINT &&
	    created.t < r->o.until.t && created.t >= r->o.until.t - 30 * 86400) {
		struct strbuf key = STRBUF_INIT;
		customer_key(t, &key);
		if (key.len) {
			tally(&r->complaints_window, key.buf, 1);
			if (in(r, &created))
				tally(&r->complaints_in_period, key.buf, 1);
		}
		sb_release(&key);
	}
	return 0;
}

static int
cmp_tally(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int
cmp_overdue(const void *a, const void *b)
{
	const struct overdue_row *x = a, *y = b;

	if (x->hours_over != y->hours_over)
		return x->hours_over > y->hours_over ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int
cmp_agent(const void *a, const void *b)
{
	return strcmp(((const struct agent_row *)a)->agent, ((const struct agent_row *)b)->agent);
}

static int
cmp_dim(const void *a, const void *b)
{
	return strcmp(((const struct dim_row *)a)->value, ((const struct dim_row *)b)->value);
}

const struct error *
report_build(struct store *s, const struct report_opts *o, struct report *r)
{
	const struct error *err;

	memset(r, 0, sizeof(*r));
	r->o = *o;
	r->ndays = (int)((o->until.t - o->since.t + 86399) / 86400);
	if (r->ndays < 0)
		r->ndays = 0;
	if (r->ndays > 400)
		r->ndays = 400;
	r->per_day_opened = xcalloc((size_t)r->ndays + 1, sizeof(long));
	r->per_day_resolved = xcalloc((size_t)r->ndays + 1, sizeof(long));
	if ((err = store_each(s, 1, visit, r, NULL)) != NULL)
		return err;
	for (int i = 0; i < 4; i++)
		if (r->by[i].nr > 1)
			qsort(r->by[i].v, r->by[i].nr, sizeof(struct tally), cmp_tally);
	if (r->top_problems.nr > 1)
		qsort(r->top_problems.v, r->top_problems.nr, sizeof(struct tally), cmp_tally);
	if (r->noverdue > 1)
		qsort(r->overdue, r->noverdue, sizeof(*r->overdue), cmp_overdue);
	if (r->nagents > 1)
		qsort(r->agents, r->nagents, sizeof(*r->agents), cmp_agent);
	/* Values with nothing in the period are not rows. */
	{
		size_t k = 0;
		for (size_t i = 0; i < r->ndims; i++) {
			if (r->dims[i].opened || r->dims[i].resolved || r->dims[i].csat.den)
				r->dims[k++] = r->dims[i];
			else
				free(r->dims[i].value);
		}
		r->ndims = k;
	}
	if (r->ndims > 1)
		qsort(r->dims, r->ndims, sizeof(*r->dims), cmp_dim);
	/* Repeat complaints: customers with a complaint in the period, and of
	 * those, the ones with two or more in the 30 days up to `until`. */
	r->repeat_customers = (long)r->complaints_in_period.nr;
	for (size_t i = 0; i < r->complaints_in_period.nr; i++)
		for (size_t j = 0; j < r->complaints_window.nr; j++)
			if (strcmp(r->complaints_window.v[j].key,
			    r->complaints_in_period.v[i].key) == 0 &&
			    r->complaints_window.v[j].n >= 2)
				r->repeat_repeat++;
	return NULL;
}

void
report_release(struct report *r)
{
	for (int i = 0; i < 4; i++)
		tallies_release(&r->by[i]);
	tallies_release(&r->top_problems);
	tallies_release(&r->complaints_in_period);
	tallies_release(&r->complaints_window);
	for (size_t i = 0; i < r->noverdue; i++) {
		free(r->overdue[i].id);
		free(r->overdue[i].priority);
		free(r->overdue[i].assignee);
		free(r->overdue[i].due);
	}
	free(r->overdue);
	for (size_t i = 0; i < r->nagents; i++) {
		free(r->agents[i].agent);
		free(r->agents[i].reso.v);
	}
	free(r->agents);
	for (size_t i = 0; i < r->ndims; i++)
		free(r->dims[i].value);
	free(r->dims);
	free(r->response.v);
	free(r->resolution.v);
	free(r->per_day_opened);
	free(r->per_day_resolved);
	memset(r, 0, sizeof(*r));
}
