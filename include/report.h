/*
 * report.h — the weekly quality report (SPEC §6): the figures, computed in
 * one pass over every ticket, the same as rows, and their four renderings.
 *
 * Definitions, for the period [since, until):
 *   - a ticket counts as resolved, confirmed or archived in the period by
 *     its latest such time (the field holds the latest);
 *   - backlog is each ticket's status *at* `until`, read from its history,
 *     so a report on a past week reads the same later;
 *   - every satisfaction rating recorded in the period (history entries of
 *     confirm and revisit) counts once;
 *   - a customer is known by customer.id, else phone, else name;
 *   - medians of an even count are the mean of the two middle values;
 *     percentiles are by nearest rank; durations that come out negative
 *     (imported data) are left out of them and counted;
 *   - a percentage has one decimal and is null when nothing was counted.
 */
#ifndef CSTK_REPORT_H
#define CSTK_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "clock.h"
#include "vocab.h"
#include "error.h"
#include "store.h"
#include "strbuf.h"
#include "ticket.h"

/* What --by breaks the report down by: every enumerated field, module,
 * assignee and team, each its field (ticket.h); named by its CSV name. */
enum report_dim { DIM_NONE = -1, DIM_CATEGORY, DIM_PRIORITY, DIM_CHANNEL, DIM_MODULE,
	DIM_ASSIGNEE, DIM_TEAM, DIM_TIER, DIM_RESPONSIBILITY, DIM_STATUS, DIM_OUTCOME,
	DIM_SATISFACTION, DIM_COUNT };
extern const enum field_id report_dim_field[DIM_COUNT];
const char *report_dim_name(enum report_dim d);
/* The dimension named `name`, or DIM_NONE. */
enum report_dim report_dim_by_name(const char *name);

struct report_opts {
	struct ctime since, until, now;
	int top;			/* rows in top lists */
	enum report_dim by;		/* extra breakdown, or DIM_NONE */
	/* Only the tickets whose `only` is `only_value` (a --by group), or
	 * (only_value NULL) every ticket. */
	enum report_dim only;
	const char *only_value;
	int months;		/* the period is calendar months (--month) */
	int compare;		/* also build the period before (report.prev) */
	int trend;		/* also the N periods up to this one (report.trend) */
};

/* A count with a label, for breakdowns and top lists. */
struct tally {
	char *key;
	long n;
};

struct tallies {
	struct tally *v;
	size_t nr, alloc;
	uint32_t *slot;		/* hash of keys: index + 1, 0 empty */
	size_t cap;
	int borrowed;		/* keys are the caller's, alive as long as these
				 * tallies: not copied, not freed */
};

struct ratio {
	long num, den;	/* pct = 100 * num / den, null when den == 0 */
};

struct durations {
	double *v;	/* hours */
	size_t nr, alloc;
	long negative;	/* left out */
};

struct overdue_row {
	char *id, *priority, *assignee, *due;
	double hours_over;
};

struct agent_row {
	char *agent;
	long assigned, resolved;
	struct durations reso;
	struct ratio sla, csat;
};

struct dim_row {
	char *value;
	long opened, resolved, archived;
	long backlog;		/* open at the period's end */
	struct ratio sla, csat;
	struct report *sub;	/* the whole report of this value's tickets */
};

struct report {
	struct report_opts o;
	int tier_vip, cat_complaint;	/* their vocabulary indices */
	long opened, resolved, archived;
	long backlog[ST_COUNT];
	struct ratio sla_response, sla_resolution;
	struct ratio sla_by_priority[VOCAB_MAX];	/* resolution SLA, by priority */
	struct durations response, resolution;
	struct ratio fcr, escalation, reopen;
	long unconfirmed;		/* closed without a confirmation (not in CSAT) */
	long reopened;			/* archived tickets reopened (cstk reopen) */
	long csat_confirm[SAT_COUNT], csat_revisit[SAT_COUNT];
	long repeat_customers, repeat_repeat;
	long revisit_due, revisit_on_time, revisit_late, revisit_missed;
	struct ratio vip_coverage;
	struct tallies by[4];		/* category, priority, channel, module (opened) */
	struct tallies top_problems;	/* "category/module", sorted, all */
	struct overdue_row *overdue;	/* sorted, all */
	size_t noverdue, overdue_alloc;
	struct agent_row *agents;	/* by name */
	size_t nagents, agents_alloc;
	struct dim_row *dims;		/* --by, by value */
	size_t ndims, dims_alloc;
	long *per_day_opened, *per_day_resolved;	/* one per day of the period */
	int ndays;
	long tickets_read;
	/* scratch for repeat complaints, let go when the build ends */
	struct tallies complaints_in_period, complaints_window;
	struct report *prev;		/* --compare: the period before (with --trend,
					 * the trend's), or NULL */
	struct report **trend;		/* --trend N: N periods, the oldest first, */
	int ntrend;			/* the last one this report itself */
};

/*
 * The period k periods before o's (k = 1: the one before): a month back
 * for --month, else a week back for a week or less (so a week so far is
 * compared with the same days of the week before), else its own length.
 */
void report_period_before(const struct report_opts *o, int k, struct ctime *since,
    struct ctime *until);

const struct error *report_build(struct store *s, const struct report_opts *o,
    struct report *r);
void report_release(struct report *r);

/* Percentage with one decimal, or -1 for null. */
double report_pct(const struct ratio *q);
double report_median(const struct durations *d);	/* -1: none */
double report_p90(const struct durations *d);		/* -1: none */

/*
 * The report as rows: every figure once, in the order of the JSON and the
 * CSV, each with what every rendering needs.  report_rows_build() is the
 * one place that knows the figures; the four renderings lay its rows out:
 *
 *   CSV    one line a row (LIST rows aside): section,item,metric,value.
 *   JSON   the rows' paths, in order.  A path is member names joined by
 *          '.'; "*" is the row's item ("by.category.*"); "name[k]" is an
 *          array of objects, one an item, whose first member k is the item
 *          ("overdue[id].due"); "name[k1/k2]" splits the item at its first
 *          '/' into two such members ("top_problems[category/module]");
 *          consecutive rows with the same item are one element.
 *   table, HTML  the rows of a section, laid out by the section's kind of
 *          figures (labels, ratios, grids, bars).
 *
 * A section's rows are consecutive.  A LIST row holds no figure: it opens a list or map of figures (so that an
 * empty one is still written) and its n is how many the list has in all,
 * of which the rows may show the first `top`.  Rows point into the report
 * and into `own`: release the rows before the report.
 */
enum report_kind {
	RK_COUNT,	/* n */
	RK_NUM,		/* x, with one decimal; x < 0 is null */
	RK_TEXT,	/* s */
	RK_LIST,	/* n: the list's length in all */
};

struct report_row {
	const char *section;	/* "sla", "by.category", "breakdown.team" */
	const char *item;	/* "" or what the row is about: an agent, an ID */
	const char *metric;	/* "response_pct", "opened" */
	const char *path;	/* JSON, as above */
	enum report_kind kind;
	long n;
	double x;
	const char *s;
	int pct;		/* x is a percentage ... */
	struct ratio q;		/* ... of these counts */
	const char *label;	/* for people: "response SLA"; NULL when the figure is
				 * shown only within another (the counts of a ratio) */
	const char *sub;	/* a column of the label's line: "median", "CSAT" */
	const char *headline;	/* a headline figure: its card, "opened 新建" */
	int detail;		/* for scripts: JSON and CSV have it, the table's
				 * grid of a --by breakdown leaves it out */
	int has_prev;		/* --compare: the figure in the period before ... */
	double prev;		/* ... (a count or a number; has_prev 0: none) */
};

struct report_rows {
	struct report_row *v;
	size_t nr, alloc;
	int labels;		/* values as labels, for people (table, HTML) */
	char **own;		/* strings made for the rows */
	size_t nown, own_alloc;
};

/* labels: values as the team's labels (for the table and HTML; CSV and
 * JSON keep keys). */
void report_rows_build(const struct report *r, struct report_rows *rows, int labels);
void report_rows_release(struct report_rows *rows);
/* How many of the n rows at w share w's section; w's item (a list element). */
size_t report_rows_run(const struct report_row *w, size_t n);
size_t report_rows_element(const struct report_row *w, size_t n);
/* A list's elements: the rows after its LIST row (of the n at w; *n is
 * set to their number, *total, if not NULL, to the list's length). */
const struct report_row *report_rows_elements(const struct report_row *w, size_t *n,
    size_t *total);
/* The rows of `section` (*n of them), or NULL. */
const struct report_row *report_rows_section(const struct report_rows *rows,
    const char *section, size_t *n);
/* The counts among n rows as a sentence: "revisits due 3: on time 1, late 0";
 * with `changes`, each count's change beside it: "on time 1 (+1)". */
void report_rows_sentence(struct strbuf *sb, const struct report_row *w, size_t n,
    int changes);
/* Whether `section` holds the period's own figures (volume, backlog, sla,
 * hours, rates, csat, repeat_complaints, revisits; and period): those
 * --compare compares and a --by group has. */
int report_section_compared(const char *section);
/* --compare: the change of a figure against the period before (*d); 0
 * when there is none to give (no figure then, or none now). */
int report_row_delta(const struct report_row *w, double *d);
/* The same as text: "+3", "-2.5", "±0"; "" when there is none to give. */
const char *report_row_change(const struct report_row *w, char buf[32]);

void report_table(const struct report *r, FILE *fp, int color);
void report_json(const struct report *r, FILE *fp);
void report_csv(const struct report *r, FILE *fp);
void report_html(const struct report *r, FILE *fp);

#endif
