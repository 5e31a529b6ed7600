/* report.c — the figures of the weekly report; see report.h. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "lifecycle.h"
#include "report.h"
#include "strbuf.h"

const enum field_id report_dim_field[DIM_COUNT] = { F_CATEGORY, F_PRIORITY, F_CHANNEL,
	F_MODULE, F_ASSIGNEE, F_TEAM, F_CUST_TIER, F_RESPONSIBILITY, F_STATUS, F_OUTCOME,
	F_SATISFACTION };

const char *
report_dim_name(enum report_dim d)
{
	return fields[report_dim_field[d]].csv;
}

enum report_dim
report_dim_by_name(const char *name)
{
	for (int d = 0; d < DIM_COUNT; d++)
		if (strcmp(name, report_dim_name((enum report_dim)d)) == 0)
			return (enum report_dim)d;
	return DIM_NONE;
}

static void
rehash(struct tallies *ts)
{
	free(ts->slot);
	ts->cap = ts->cap ? ts->cap * 2 : 64;
	ts->slot = xcalloc(ts->cap, sizeof(uint32_t));
	for (size_t i = 0; i < ts->nr; i++) {
		size_t j = str_hash(ts->v[i].key) & (ts->cap - 1);
		while (ts->slot[j])
			j = (j + 1) & (ts->cap - 1);
		ts->slot[j] = (uint32_t)i + 1;
	}
}

static void
tally(struct tallies *ts, const char *key, long n)
{
	size_t j;

	if ((ts->nr + 1) * 2 > ts->cap)
		rehash(ts);
	for (j = str_hash(key) & (ts->cap - 1); ts->slot[j]; j = (j + 1) & (ts->cap - 1)) {
		struct tally *t = &ts->v[ts->slot[j] - 1];
		if (strcmp(t->key, key) == 0) {
			t->n += n;
			return;
		}
	}
	ALLOC_GROW(ts->v, ts->nr + 1, ts->alloc);
	ts->v[ts->nr].key = ts->borrowed ? (char *)key : xstrdup(key);
	ts->v[ts->nr].n = n;
	ts->slot[j] = (uint32_t)++ts->nr;
}

/* The count of `key`, 0 if absent. */
static long
tally_get(const struct tallies *ts, const char *key)
{
	if (ts->cap == 0)
		return 0;
	for (size_t j = str_hash(key) & (ts->cap - 1); ts->slot[j]; j = (j + 1) & (ts->cap - 1))
		if (strcmp(ts->v[ts->slot[j] - 1].key, key) == 0)
			return ts->v[ts->slot[j] - 1].n;
	return 0;
}

static void
tallies_release(struct tallies *ts)
{
	for (size_t i = 0; i < ts->nr && !ts->borrowed; i++)
		free(ts->v[i].key);
	free(ts->v);
	free(ts->slot);
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

/*
 * The k-th smallest (from 0) of v[0..n), by selection (quickselect, the
 * pivot a median of three): v is reordered so that nothing before v[k]
 * is greater and nothing after it smaller.  A percentile needs no sort.
 */
static double
select_kth(double *v, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;

	while (lo < hi) {
		ptrdiff_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
		double p, t;

#define SWAP(a, b) (t = v[a], v[a] = v[b], v[b] = t)
		if (v[mid] < v[lo])
			SWAP(mid, lo);
		if (v[hi] < v[lo])
			SWAP(hi, lo);
		if (v[hi] < v[mid])
			SWAP(hi, mid);
		p = v[mid];
		while (i <= j) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i <= j) {
				SWAP(i, j);
				i++;
				j--;
			}
		}
#undef SWAP
		if (kk <= j)
			hi = j;
		else if (kk >= i)
			lo = i;
		else
			break;	/* between j and i: all equal the pivot */
	}
	return v[k];
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
	m = select_kth(v, d->nr, d->nr / 2);
	if (d->nr % 2 == 0) {
		/* and the greatest of those below it */
		double below = v[0];
		for (size_t i = 1; i < d->nr / 2; i++)
			below = v[i] > below ? v[i] : below;
		m = (below + m) / 2.0;
	}
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
	rank = (size_t)ceil(0.9 * (double)d->nr);	/* nearest rank, 1-based */
	if (rank < 1)
		rank = 1;
	p = select_kth(v, d->nr, rank - 1);
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
hours(int64_t from, int64_t to)
{
	return (double)(to - from) / 3600.0;
}

struct ctx {
	struct report *r;
	const struct index *ix;
};

static int
in_t(const struct report *r, int64_t t)
{
	return t != IX_NONE && t >= r->o.since.t && t < r->o.until.t;
}

/*
 * The status a ticket had at `at`: the last transition, in history order,
 * that had happened by then (history order is the order things were done,
 * even where imported clocks disagree); -1 if not yet created.
 */
static int
status_at(const struct index *ix, const struct ix_rec *x, int64_t at)
{
	int st = ST_INTAKE;

	if (x->t[IXT_CREATED] == IX_NONE || x->t[IXT_CREATED] >= at)
		return -1;
	for (uint32_t k = 0; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		if (e->kind == IXV_STATUS && e->t < at)
			st = e->val;
	}
	return st;
}

/*
 * When the customer first heard from us: the first contact, or — for a
 * ticket resolved without any --contact — the first resolution (the
 * answer is a response, late if after its deadline), so a missed response
 * is never left out.  IX_NONE while neither happened.
 */
static int64_t
first_response(const struct index *ix, const struct ix_rec *x)
{
	int64_t first = IX_NONE;
	int rounds = 0;

	if (x->t[IXT_RESPONDED] != IX_NONE)
		return x->t[IXT_RESPONDED];
	/* Resolutions as resolved_in reads them: an earlier round by its
	 * history entry, the latest by `resolved` (an import's entry is the
	 * time of the import). */
	for (uint32_t k = 0; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		if (e->kind == IXV_STATUS && e->val == ST_RESOLVED && rounds++ == 0)
			first = e->t;
	}
	return rounds > 1 ? first : x->t[IXT_RESOLVED];
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

/* An enumerated FF_PAST field's value at `at` (its vocabulary index, -1:
 * none): what it was then, not what a later change made it. */
static int
enum_at(const struct index *ix, const struct ix_rec *x, struct ix_past *p,
    enum field_id f, int64_t at)
{
	const char *v = ix_value_before(ix, x, p, f, at);

	return v ? enum_lookup(vocab(fields[f].voc), v) : x->e[fields[f].slot];
}

static void
archival(struct report *r, const struct index *ix, const struct ix_rec *x,
    struct ix_past *p, int64_t at, int revisited, struct dim_row *d)
{
	r->archived++;
	if (d)
		d->archived++;
	if (enum_at(ix, x, p, F_CUST_TIER, at) == r->tier_vip) {	/* a VIP then */
		r->vip_coverage.den++;
		r->vip_coverage.num += revisited;
	}
}

/*
 * The fields each of whose values the history records as an event of one
 * kind: who had the ticket (an assignment), the satisfaction given at a
 * confirmation, the outcome an archival gave (a reopening takes it); and
 * the status a ticket reaches when it is given, for a history that does
 * not record the value (an import's assignment names no assignee, its
 * archival no satisfaction).  (The status has its own rule, status_at.)
 */
struct by_event {
	enum field_id f;
	enum ix_event_kind kind;
	enum status given;
};
static const struct by_event by_event[] = {
	{ F_ASSIGNEE, IXV_ASSIGN, ST_ASSIGNED },
	{ F_SATISFACTION, IXV_CONFIRM, ST_FOLLOWUP },
	{ F_OUTCOME, IXV_OUTCOME, ST_ARCHIVED },
};

/* How the history records f's values; NULL when it does not. */
static const struct by_event *
by_event_of(enum field_id f)
{
	for (size_t i = 0; i < sizeof(by_event) / sizeof(by_event[0]); i++)
		if (by_event[i].f == f)
			return &by_event[i];
	return NULL;
}

/*
 * The value such a field had at `at`: the last of its events by then, in
 * history order, so a reassignment later does not move a past resolution
 * to another agent; "" when there was none yet.  A history that records
 * no such event gives the value as it is from when the ticket first
 * reached the status it is given at (else from its last move), none
 * before; a ticket without history has it throughout (NULL when it has
 * none).
 */
static const char *
event_value_at(const struct index *ix, const struct ix_rec *x, const struct by_event *b,
    int64_t at, char buf[CLOCK_BUFSZ])
{
	const struct ix_event *last = NULL;
	const struct enum_def *v;
	int any = 0;

	for (uint32_t k = 0; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		if (e->kind != b->kind)
			continue;
		any = 1;
		if (e->t <= at)
			last = e;
	}
	if (last == NULL && !any) {
		/* When it was given: a few events in, for most tickets. */
		int64_t given = IX_NONE;
		for (uint32_t k = 0; k < x->nev; k++) {
			const struct ix_event *e = &ix->ev[x->ev + k];
			if (e->kind == IXV_STATUS) {
				given = e->t;
				if (e->val >= b->given)
					break;
			}
		}
		return given != IX_NONE && at < given ? "" : ix_field_text(ix, x, b->f, buf);
	}
	if (last == NULL)
		return "";
	if (last->kind == IXV_ASSIGN)
		return ix_str(ix, last->str);
	v = vocab(fields[b->f].voc);
	return last->val < v->n ? v->v[last->val].key : "";
}

/* Who had the ticket at `at` ("": no one). */
static const char *
assignee_at(const struct index *ix, const struct ix_rec *x, int64_t at)
{
	char buf[CLOCK_BUFSZ];
	const char *who = event_value_at(ix, x, by_event_of(F_ASSIGNEE), at, buf);

	return who ? who : "";
}

/*
 * A ticket's value of a dimension ("-": none) as it stood at the end of
 * the period: its status as the backlog counts it (status_at), a field the
 * history records each value of (by_event[]: assignee, satisfaction,
 * outcome), and a field whose past values the index keeps (FF_PAST:
 * category, priority, team, tier …), so a later reassignment,
 * reclassification or reopening does not move it to another group.
 */
static const char *
dim_value(const struct report *r, const struct index *ix, const struct ix_rec *x,
    struct ix_past *p, enum report_dim d, char buf[CLOCK_BUFSZ])
{
	enum field_id f = report_dim_field[d];
	int64_t at = r->o.until.t - 1;
	const struct by_event *b;
	int st;
	const char *v;

	if (f == F_STATUS)
		v = (st = status_at(ix, x, r->o.until.t)) >= 0 ? vocab_key(V_STATUS, st) : NULL;
	else if (fields[f].flags & FF_PAST)
		v = ix_value_at(ix, x, p, f, at, buf);
	else if ((b = by_event_of(f)) != NULL)
		v = event_value_at(ix, x, b, at, buf);
	else
		v = ix_field_text(ix, x, f, buf);
	return v && *v ? v : "-";
}

/*
 * Whether the ticket was revisited in the round it was archived at `at`:
 * a revisit by then, and no reopening between the two.
 */
static int
revisited_by(const struct index *ix, const struct ix_rec *x, int64_t at)
{
	int done = 0;

	for (uint32_t k = 0; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		if (e->t > at)
			continue;
		if (e->kind == IXV_REVISIT)
			done = 1;
		else if (e->kind == IXV_REOPEN || e->kind == IXV_REOPEN_ARCHIVED)
			done = 0;
	}
	return done;
}

/*
 * Archived in the period, from the history (SPEC §6): once, measured at
 * the latest archival in it, so a ticket reopened from the archive later
 * still counts where it was archived, and again where it is archived once
 * more; VIP coverage asks whether it had been revisited by then.  A
 * ticket whose history records no archival (an import) counts its
 * archived time.  Counted in its --by row `d` too, when there is one.
 */
static void
archivals(struct report *r, const struct index *ix, const struct ix_rec *x,
    struct ix_past *p, struct dim_row *d)
{
	int64_t last = IX_NONE;
	int any = 0;

	for (uint32_t k = 0; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		if (e->kind != IXV_STATUS || e->val != ST_ARCHIVED)
			continue;
		any = 1;
		if (in_t(r, e->t))
			last = e->t;
	}
	if (last != IX_NONE)
		archival(r, ix, x, p, last, revisited_by(ix, x, last), d);
	else if (!any && in_t(r, x->t[IXT_ARCHIVED]))
		archival(r, ix, x, p, x->t[IXT_ARCHIVED], x->t[IXT_REVISIT_DONE] != IX_NONE,
		    d);
}

/*
 * The revisit date in force at `at`: set by the last confirmation before
 * it (its IXV_REVISIT_DUE follows the entry's other events), so a later
 * cycle does not move a past one.  Without those events: `revisit.due`.
 */
static int64_t
revisit_due_at(const struct index *ix, const struct ix_rec *x, int64_t at)
{
	int64_t due = IX_NONE;
	int any = 0;

	for (uint32_t k = 1; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		if (e->kind != IXV_REVISIT_DUE)
			continue;
		any = 1;
		if (ix->ev[x->ev + k - 1].t <= at)
			due = e->t;
	}
	return any ? due : x->t[IXT_REVISIT_DUE];
}

static void
overdue(struct report *r, const struct index *ix, const struct ix_rec *x,
    struct ix_past *p, int st)
{
	int64_t due = IX_NONE;
	/* st is the status at the period's end: the one definition of overdue,
	 * then — or now, for a period that has not ended (lateness is never
	 * counted ahead of time). */
	int64_t until = r->o.until.t < r->o.now.t ? r->o.until.t : r->o.now.t;
	int64_t resp = ix_due_at(ix, x, 0, until), revisit = revisit_due_at(ix, x, until);
	double over = lc_hours_over(st, x->t[IXT_RESPONDED], resp,
	    ix_due_at(ix, x, 1, until), revisit, until, &due);
	const char *which;
	char buf[CLOCK_BUFSZ];
	struct overdue_row *o;

	if (over <= 0 || st == ST_INTAKE)	/* in intake it had no deadline yet */
		return;
	{
		struct ctime ct = { due, x->off[due == resp ? IXT_DUE_RESPONSE :
		    due == revisit ? IXT_REVISIT_DUE : IXT_DUE_RESOLUTION] * 60 };
		clock_format(&ct, buf);
		which = buf;
	}
	ALLOC_GROW(r->overdue, r->noverdue + 1, r->overdue_alloc);
	o = &r->overdue[r->noverdue++];
	o->id = xstrdup(ix_str(ix, x->s[IXS_ID]));
	{	/* as they were at `until` */
		int pr = enum_at(ix, x, p, F_PRIORITY, until - 1);
		o->priority = xstrdup(pr >= 0 ? vocab_key(V_PRIORITY, pr) : "");
	}
	o->assignee = xstrdup(assignee_at(ix, x, until - 1));
	o->due = xstrdup(which);
	o->hours_over = round1(over);
}

static void
events(struct report *r, const struct index *ix, const struct ix_rec *x, struct dim_row *d)
{
	uint32_t seen[16];
	size_t nseen = 0;

	for (uint32_t k = 0; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		size_t j;

		if (!in_t(r, e->t))
			continue;
		switch (e->kind) {
		case IXV_CONFIRM: {
			/* the agent who had it when the customer confirmed */
			const char *who = assignee_at(ix, x, e->t);

			r->csat_confirm[e->val]++;
			if (*who) {
				struct agent_row *a = agent(r, who);
				a->csat.den++;
				a->csat.num += e->val == SAT_SATISFIED;
			}
			if (d) {
				d->csat.den++;
				d->csat.num += e->val == SAT_SATISFIED;
			}
			break;
		}
		case IXV_REVISIT:
			r->csat_revisit[e->val]++;
			break;
		case IXV_ASSIGN:
			/* credited once per ticket and agent; an agent known
			 * only from a later `previous` is not an assignment */
			if (e->val == IX_ASSIGN_RECOVERED)
				break;
			for (j = 0; j < nseen && seen[j] != e->str; j++)
				;
			if (j < nseen)
				break;
			if (nseen < 16)
				seen[nseen++] = e->str;
			agent(r, ix_str(ix, e->str))->assigned++;
			break;
		default:
			break;
		}
	}
}

/*
 * Reopenings, escalations and contacts up to `at`, in one pass; where the
 * history records none of a kind at all (an import), the ticket's total.
 */
struct upto {
	long reopens, escalations, contacts;
};

static void
upto(const struct index *ix, const struct ix_rec *x, int64_t at, struct upto *u)
{
	int any_reopen = 0, any_escalation = 0, any_contact = 0, any_confirm = 0;

	memset(u, 0, sizeof(*u));
	for (uint32_t k = 0; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		int before = e->t <= at;
		switch (e->kind) {
		case IXV_REOPEN:
			any_reopen = 1;
			u->reopens += before;
			break;
		case IXV_ESCALATE:
			any_escalation = 1;
			u->escalations += before;
			break;
		case IXV_CONTACT:
			any_contact = 1;
			u->contacts += before;
			break;
		case IXV_CONFIRM:
			any_confirm = 1;
			break;
		default:
			break;
		}
	}
	/* No confirmation in the history either: the rounds are the import's. */
	if (!any_reopen && !any_confirm)
		u->reopens = x->rounds > 1 ? x->rounds - 1 : 0;
	if (!any_escalation)
		u->escalations = x->escalations > 0 ? x->escalations : 0;
	if (!any_contact)
		u->contacts = x->contacts > 0 ? x->contacts : 0;
}

/*
 * When the ticket counts as resolved in the period: its last resolution in
 * it, so a second round resolved later never takes it out of a past
 * period.  Without resolutions in the history (an import): `resolved`.
 */
static int64_t
resolved_in(const struct report *r, const struct index *ix, const struct ix_rec *x)
{
	int64_t last = IX_NONE, prev = IX_NONE;

	/* Earlier rounds by their history entries; the latest by `resolved`,
	 * which an import sets to when it really happened. */
	for (uint32_t k = 0; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		if (e->kind != IXV_STATUS || e->val != ST_RESOLVED)
			continue;
		if (prev != IX_NONE && in_t(r, prev))
			last = prev;
		prev = e->t;
	}
	if (in_t(r, x->t[IXT_RESOLVED]))
		last = x->t[IXT_RESOLVED];
	return last;
}

/*
 * A revisit cycle due in the period: revisited at `done`, or given up at
 * `given_up` after the policy's tries (IX_NONE: not yet).  What happened
 * after the period ended counts as the period saw it: not done.
 */
static void
revisit_cycle(struct report *r, int64_t due, int64_t done, int64_t given_up)
{
	if (!in_t(r, due))
		return;
	r->revisit_due++;
	if (done != IX_NONE && done < r->o.until.t)
		*(done <= due ? &r->revisit_on_time : &r->revisit_late) += 1;
	else if ((given_up != IX_NONE && given_up < r->o.until.t) ||
	    (due < r->o.until.t && due < r->o.now.t))
		r->revisit_missed++;
}

/*
 * Every revisit cycle in the period its date falls in: a cycle begins with
 * the date a confirmation set and ends with the next revisit (or its last
 * unanswered try), so a second round later never erases this one.
 * Tickets written before the history carried the date have one cycle, the
 * latest.  The same walk of the ticket's events counts its unconfirmed
 * closings and its reopenings from the archive in the period.
 */
static void
revisit_cycles(struct report *r, const struct index *ix, const struct ix_rec *x)
{
	int64_t due = IX_NONE;
	int any = 0;

	for (uint32_t k = 0; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		if (e->kind == IXV_REVISIT_DUE) {
			if (due != IX_NONE)
				revisit_cycle(r, due, IX_NONE, IX_NONE);
			due = e->t;
			any = 1;
		} else if (e->kind == IXV_REVISIT && due != IX_NONE) {
			revisit_cycle(r, due, e->t, IX_NONE);
			due = IX_NONE;
		} else if (e->kind == IXV_REVISIT_MISSED && due != IX_NONE) {
			revisit_cycle(r, due, IX_NONE, e->t);
			due = IX_NONE;
		} else if (e->kind == IXV_UNCONFIRMED && in_t(r, e->t)) {
			r->unconfirmed++;
		} else if (e->kind == IXV_REOPEN_ARCHIVED && in_t(r, e->t)) {
			r->reopened++;
		}
	}
	if (due != IX_NONE)
		revisit_cycle(r, due, IX_NONE, IX_NONE);
	if (!any)
		revisit_cycle(r, x->t[IXT_REVISIT_DUE], x->t[IXT_REVISIT_DONE], IX_NONE);
}

/*
 * First-contact resolution and second rounds, over the tickets confirmed
 * in the period, as they stood at their last confirmation in it: rounds,
 * escalations and contacts up to then, so later work never changes a
 * past period.  Tickets whose history does not record these events (an
 * import) count their totals.
 */
static void
confirmations(struct report *r, const struct index *ix, const struct ix_rec *x)
{
	int64_t last = IX_NONE;
	struct upto u;
	int any = 0;

	for (uint32_t k = 0; k < x->nev; k++) {
		const struct ix_event *e = &ix->ev[x->ev + k];
		any |= e->kind == IXV_CONFIRM;
		if (e->kind == IXV_CONFIRM && in_t(r, e->t))
			last = e->t;
	}
	if (!any && in_t(r, x->t[IXT_CONFIRMED]))
		last = x->t[IXT_CONFIRMED];
	if (last == IX_NONE)
		return;
	upto(ix, x, last, &u);
	r->fcr.den++;
	r->fcr.num += u.reopens == 0 && u.escalations == 0 && u.contacts <= 1;
	r->reopen.den++;
	r->reopen.num += u.reopens > 0;
}

/* "a/b" in out[size], cut as snprintf would: once per ticket opened. */
static const char *
join(char *out, size_t size, const char *a, const char *b)
{
	size_t n = 0;

	while (*a && n + 1 < size)
		out[n++] = *a++;
	if (n + 1 < size)
		out[n++] = '/';
	while (*b && n + 1 < size)
		out[n++] = *b++;
	out[n] = '\0';
	return out;
}

static void
visit(struct report *r, const struct index *ix, const struct ix_rec *x)
{
	int64_t created = x->t[IXT_CREATED], c, due;
	int st = status_at(ix, x, r->o.until.t);
	int open = st >= 0 && st != ST_ARCHIVED;	/* at the period's end */
	struct dim_row *d = NULL;
	struct ix_past past = { 0 };
	char buf[CLOCK_BUFSZ];

	if (r->o.only_value &&
	    strcmp(dim_value(r, ix, x, &past, r->o.only, buf), r->o.only_value) != 0)
		return;
	r->tickets_read++;
	if (created == IX_NONE)
		return;
	if (open)
		r->backlog[st]++;
	overdue(r, ix, x, &past, st);
	if (r->o.by != DIM_NONE) {
		d = dim(r, dim_value(r, ix, x, &past, r->o.by, buf));
		d->backlog += open;
	}
	if (in_t(r, created)) {
		static const enum report_dim byd[4] = { DIM_CATEGORY, DIM_PRIORITY, DIM_CHANNEL,
			DIM_MODULE };
		int64_t day = (created - r->o.since.t) / 86400;
		char key[160];

		r->opened++;
		if (day >= 0 && day < r->ndays)
			r->per_day_opened[day]++;
		const char *v[4];
		char vbuf[4][CLOCK_BUFSZ];

		for (int i = 0; i < 4; i++)
			tally(&r->by[i], v[i] = dim_value(r, ix, x, &past, byd[i], vbuf[i]), 1);
		/* category × module, as they were at the period's end */
		if (strcmp(v[0], "-") != 0)
			tally(&r->top_problems, join(key, sizeof(key), v[0], v[3]), 1);
		if (d)
			d->opened++;
	}
	if (in_t(r, c = first_response(ix, x))) {
		push(&r->response, hours(created, c));
		if ((due = ix_due_at(ix, x, 0, c)) != IX_NONE) {
			r->sla_response.den++;
			r->sla_response.num += c <= due;
		}
	}
	if ((c = resolved_in(r, ix, x)) != IX_NONE) {
		struct upto u;
		/* the agent who had it when it was resolved */
		const char *assignee = assignee_at(ix, x, c);
		int met = -1;
		int64_t day = (c - r->o.since.t) / 86400;

		r->resolved++;
		push(&r->resolution, hours(created, c));
		if (day >= 0 && day < r->ndays)
			r->per_day_resolved[day]++;
		if ((due = ix_due_at(ix, x, 1, c)) != IX_NONE) {
			met = c <= due;
			r->sla_resolution.den++;
			r->sla_resolution.num += met;
			int p = enum_at(ix, x, &past, F_PRIORITY, c);	/* when it was resolved */
			if (p >= 0) {
				r->sla_by_priority[p].den++;
				r->sla_by_priority[p].num += met;
			}
		}
		r->escalation.den++;
		upto(ix, x, c, &u);
		r->escalation.num += u.escalations > 0;
		if (*assignee) {
			struct agent_row *a = agent(r, assignee);
			a->resolved++;
			push(&a->reso, hours(created, c));
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
	confirmations(r, ix, x);
	archivals(r, ix, x, &past, d);
	events(r, ix, x, d);
	revisit_cycles(r, ix, x);
	/* Complaints in the 30 days up to `until`, by customer (a complaint
	 * then: a later reclassification does not change a past period). */
	if (created < r->o.until.t && created >= r->o.until.t - 30 * 86400 &&
	    x->s[IXS_CUSTOMER_KEY] &&
	    enum_at(ix, x, &past, F_CATEGORY, r->o.until.t - 1) == r->cat_complaint) {
		const char *key = ix_str(ix, x->s[IXS_CUSTOMER_KEY]);
		tally(&r->complaints_window, key, 1);
		if (in_t(r, created))
			tally(&r->complaints_in_period, key, 1);
	}
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

/* One pass over the read model, for the tickets `o` takes. */
static void
build_from(const struct index_set *set, const struct report_opts *o, struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->o = *o;
	/* Built in, so every team's list has them. */
	r->tier_vip = enum_lookup(vocab(V_TIER), "vip");
	r->cat_complaint = enum_lookup(vocab(V_CATEGORY), "complaint");
	r->ndays = (int)((o->until.t - o->since.t + 86399) / 86400);
	if (r->ndays < 0)
		r->ndays = 0;
	if (r->ndays > 400)
		r->ndays = 400;
	/* Keyed by the index's strings, and let go before it is. */
	r->complaints_in_period.borrowed = r->complaints_window.borrowed = 1;
	r->per_day_opened = xcalloc((size_t)r->ndays + 1, sizeof(long));
	r->per_day_resolved = xcalloc((size_t)r->ndays + 1, sizeof(long));
	for (size_t g = 0; g < set->n; g++)
		for (size_t i = 0; i < set->seg[g].nrec; i++)
			visit(r, &set->seg[g], &set->seg[g].rec[i]);
	for (int i = 0; i < 4; i++) {
		free(r->by[i].slot);	/* sorted below: the hash would be stale */
		r->by[i].slot = NULL;
		r->by[i].cap = 0;
	}
	free(r->top_problems.slot);
	r->top_problems.slot = NULL;
	r->top_problems.cap = 0;
	for (int i = 0; i < 4; i++)
		if (r->by[i].nr > 1)
			qsort(r->by[i].v, r->by[i].nr, sizeof(struct tally), cmp_tally);
	if (r->top_problems.nr > 1)
		qsort(r->top_problems.v, r->top_problems.nr, sizeof(struct tally), cmp_tally);
	if (r->noverdue > 1)
		qsort(r->overdue, r->noverdue, sizeof(*r->overdue), cmp_overdue);
	if (r->nagents > 1)
		qsort(r->agents, r->nagents, sizeof(*r->agents), cmp_agent);
	/* Values with nothing in the period, and nothing open at its end,
	 * are not rows. */
	{
		size_t k = 0;
		for (size_t i = 0; i < r->ndims; i++) {
			const struct dim_row *d = &r->dims[i];
			if (d->opened || d->resolved || d->archived || d->csat.den || d->backlog)
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
		if (tally_get(&r->complaints_window, r->complaints_in_period.v[i].key) >= 2)
			r->repeat_repeat++;
	tallies_release(&r->complaints_in_period);
	tallies_release(&r->complaints_window);
}

void
report_period_before(const struct report_opts *o, int k, struct ctime *since,
    struct ctime *until)
{
	int64_t len = o->until.t - o->since.t, step = len <= 7 * 86400 ? 7 * 86400 : len;

	*since = o->since;
	*until = o->until;
	if (o->months) {
		/* calendar months, midnight in the period's offset */
		int y, m, d;
		int64_t day = (o->since.t + o->since.off) / 86400;
		clock_civil_from_days(day, &y, &m, &d);
		m -= k;
		while (m < 1) {
			m += 12;
			y--;
		}
		since->t = clock_days_from_civil(y, m, 1) * 86400 - o->since.off;
		until->t = (m == 12 ? clock_days_from_civil(y + 1, 1, 1) :
		    clock_days_from_civil(y, m + 1, 1)) * 86400 - o->since.off;
		return;
	}
	since->t -= step * k;
	until->t -= step * k;
}

/*
 * What of the archive the report reads: the months with a time in its
 * earliest period (the trend's first, or the one compared with) or in the
 * 30 days of complaints before it, up to the end of its own period; of
 * the 30 days before the earliest period, only the complaints.  A ticket
 * archived before that holds nothing the report counts.
 */
static const struct ix_want *
want(const struct report_opts *o, struct ix_want *w)
{
	int k = o->trend > 1 ? o->trend - 1 : o->compare ? 1 : 0;
	struct ctime since, until;

	report_period_before(o, k, &since, &until);
	memset(w, 0, sizeof(*w));	/* no search (keyed) */
	w->archive = 1;
	w->text = 0;
	w->history = 1;	/* the figures are counted from it */
	w->from = since.t < until.t - 30 * 86400 ? since.t : until.t - 30 * 86400;
	w->to = o->until.t;
	/* Before the earliest period, only its complaints (visit()). */
	w->all_from = since.t;
	w->cat = enum_lookup(vocab(V_CATEGORY), "complaint");
	return w;
}

/* The report of the period k before o's, over the same index. */
static struct report *
build_before(const struct index_set *set, const struct report_opts *o, int k)
{
	struct report_opts po = *o;
	struct report *r = xcalloc(1, sizeof(*r));

	po.compare = po.trend = 0;
	po.by = DIM_NONE;
	report_period_before(o, k, &po.since, &po.until);
	build_from(set, &po, r);
	return r;
}

const struct error *
report_build(struct store *s, const struct report_opts *o, struct report *r)
{
	const struct error *err;
	struct index_set set;
	struct ix_want w;

	memset(r, 0, sizeof(*r));
	if ((err = index_load_want(s, want(o, &w), &set)) != NULL)
		return err;
	build_from(&set, o, r);
	/* Each period once: the trend ends with this one, and its one
	 * before that is the comparison's. */
	if (o->trend > 0) {
		r->ntrend = o->trend;
		r->trend = xcalloc((size_t)o->trend, sizeof(*r->trend));
		for (int k = 0; k < o->trend - 1; k++)
			r->trend[k] = build_before(&set, o, o->trend - 1 - k);
		r->trend[o->trend - 1] = r;
	}
	if (o->compare)
		r->prev = r->ntrend >= 2 ? r->trend[r->ntrend - 2] : build_before(&set, o, 1);
	/* --by: every value's own report, with every figure. */
	for (size_t i = 0; i < r->ndims; i++) {
		struct report_opts so = *o;
		so.by = DIM_NONE;
		so.only = o->by;
		so.only_value = r->dims[i].value;
		r->dims[i].sub = xcalloc(1, sizeof(struct report));
		build_from(&set, &so, r->dims[i].sub);
	}
	index_release(&set);
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
	for (size_t i = 0; i < r->ndims; i++) {
		free(r->dims[i].value);
		if (r->dims[i].sub)
			report_release(r->dims[i].sub);
		free(r->dims[i].sub);
	}
	free(r->dims);
	free(r->response.v);
	free(r->resolution.v);
	free(r->per_day_opened);
	free(r->per_day_resolved);
	if (r->prev && !(r->ntrend >= 2 && r->prev == r->trend[r->ntrend - 2])) {
		report_release(r->prev);
		free(r->prev);
	}
	for (int k = 0; k < r->ntrend - 1; k++) {	/* the last is r */
		report_release(r->trend[k]);
		free(r->trend[k]);
	}
	free(r->trend);
	memset(r, 0, sizeof(*r));
}
