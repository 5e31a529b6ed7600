/* test-report-rows.c — the report as rows: every SPEC §6 JSON key has
 * exactly one row, lists keep their first `top`, the figures are the
 * report's, and the JSON and CSV written from the rows are the contract's,
 * byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report.h"
#include "vocab-builtin.h"

static struct ctime
at(const char *s)
{
	struct ctime ct;

	if (clock_parse(s, &ct) != 0)
		fail_msg("bad time in the test: %s", s);
	return ct;
}

/*
 * A small report, made by hand: week 47 at +08:00, top 2, --by assignee.
 * Three overdue tickets (two shown), three top problems (two shown), a
 * module with a '/' in it, an agent whose name needs quoting, one
 * response left out as negative.
 */
static double response_hours[] = { 0.5, 2.0, 30.0 };
static double resolution_hours[] = { 49.0, 28.0 };
static double li_hours[] = { 49.0 };
static struct tally by_category[] = { { "complaint", 2 }, { "inquiry", 1 } };
static struct tally by_priority[] = { { "urgent", 2 }, { "normal", 1 } };
static struct tally by_channel[] = { { "phone", 3 } };
static struct tally top_problems[] = { { "complaint/logistics", 2 },
	{ "inquiry/a/b", 1 }, { "request/-", 1 } };
static struct overdue_row overdue[] = {
	{ "CS-20261118-0001", "urgent", "li", "2026-11-18T10:00:00+08:00", 110.0 },
	{ "CS-20261120-0001", "normal", "", "2026-11-21T10:00:00+08:00", 38.5 },
	{ "CS-20261120-0002", "low", "", "2026-11-22T10:00:00+08:00", 14.0 },
};
static struct agent_row agents[] = {
	{ "li", 2, 1, { li_hours, 1, 1, 0 }, { 0, 1 }, { 1, 1 } },
	{ "wang \"w\"", 1, 0, { NULL, 0, 0, 0 }, { 0, 0 }, { 0, 0 } },
};
/* Each --by value's own report (report.c builds them; here by hand). */
static struct report li_report = { .opened = 2, .resolved = 1,
	.sla_response = { 1, 2 }, .sla_resolution = { 0, 1 }, .fcr = { 1, 1 },
	.escalation = { 0, 1 }, .reopen = { 0, 1 }, .csat_confirm = { 1, 0, 0 },
	.revisit_missed = 1 };
static struct report nobody_report = { .opened = 1, .unconfirmed = 1 };
static struct dim_row dims[] = {
	{ .value = "li", .opened = 2, .resolved = 1, .sla = { 0, 1 }, .csat = { 1, 1 },
	    .sub = &li_report },
	{ .value = "-", .opened = 1, .sub = &nobody_report },
};

static void
small_report(struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->o.since = at("2026-11-16T00:00:00+08:00");
	r->o.until = at("2026-11-23T00:00:00+08:00");
	r->o.now = at("2026-11-23T12:00:00+08:00");
	r->o.top = 2;
	r->o.by = DIM_ASSIGNEE;
	r->opened = 3;
	r->resolved = 2;
	r->archived = 1;
	r->backlog[ST_INTAKE] = 1;
	r->backlog[ST_ASSIGNED] = 2;
	r->backlog[ST_FOLLOWUP] = 1;
	r->sla_response = (struct ratio){ 2, 3 };
	r->sla_resolution = (struct ratio){ 0, 2 };
	r->sla_by_priority[PRIO_URGENT] = (struct ratio){ 0, 1 };
	r->sla_by_priority[PRIO_NORMAL] = (struct ratio){ 0, 1 };
	r->response = (struct durations){ response_hours, 3, 3, 1 };
	r->resolution = (struct durations){ resolution_hours, 2, 2, 0 };
	r->fcr = (struct ratio){ 1, 2 };
	r->escalation = (struct ratio){ 1, 2 };
	r->reopen = (struct ratio){ 0, 2 };
	r->csat_confirm[SAT_SATISFIED] = 2;
	r->csat_confirm[SAT_UNSATISFIED] = 1;
	r->repeat_customers = 2;
	r->repeat_repeat = 1;
	r->revisit_due = 2;
	r->revisit_on_time = 1;
	r->revisit_missed = 1;
	r->vip_coverage = (struct ratio){ 1, 1 };
	r->by[0] = (struct tallies){ .v = by_category, .nr = 2, .alloc = 2 };
	r->by[1] = (struct tallies){ .v = by_priority, .nr = 2, .alloc = 2 };
	r->by[2] = (struct tallies){ .v = by_channel, .nr = 1, .alloc = 1 };
	r->top_problems = (struct tallies){ .v = top_problems, .nr = 3, .alloc = 3 };
	r->overdue = overdue;
	r->noverdue = 3;
	r->agents = agents;
	r->nagents = 2;
	r->dims = dims;
	r->ndims = 2;
}

/* The rows with this path (and item, unless NULL). */
static size_t
rows_at(const struct report_rows *rows, const char *path, const char *item,
    const struct report_row **first)
{
	size_t n = 0;

	*first = NULL;
	for (size_t i = 0; i < rows->nr; i++) {
		const struct report_row *w = &rows->v[i];
		if (strcmp(w->path, path) || (item && strcmp(w->item, item)))
			continue;
		if (n++ == 0)
			*first = w;
	}
	return n;
}

static const struct report_row *
the_row(const struct report_rows *rows, const char *path, const char *item)
{
	const struct report_row *w;
	size_t n = rows_at(rows, path, item, &w);

	if (n != 1)
		fail_msg("%zu rows at %s %s, want 1", n, path, item ? item : "");
	return w;
}

static void
near(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("got %.6f, want %.6f", got, want);
}

/* SPEC §6: the keys scripts rely on, and this report's elements of each list. */
static const char *const spec_keys[] = {
	"period.since", "period.until", "opened", "resolved", "archived",
	"backlog.intake", "backlog.classified", "backlog.assigned", "backlog.resolved",
	"backlog.follow-up",
	"sla.response_pct", "sla.resolution_pct",
	"hours.response_median", "hours.response_p90", "hours.resolution_median",
	"hours.resolution_p90",
	"fcr_pct", "escalation_pct", "reopen_pct", "reopened", "unconfirmed",
	"csat.confirm.satisfied", "csat.confirm.neutral", "csat.confirm.unsatisfied",
	"csat.confirm.pct", "csat.revisit.satisfied", "csat.revisit.neutral",
	"csat.revisit.unsatisfied", "csat.revisit.pct",
	"repeat_complaints.customers", "repeat_complaints.repeat", "repeat_complaints.pct",
	"revisits.due", "revisits.on_time", "revisits.late", "revisits.missed",
	"revisits.vip_coverage_pct",
	/* lists and maps: one LIST row each */
	"overdue[id]", "by.category", "by.priority", "by.channel", "by.module",
	"top_problems[category/module]", "agents[agent]",
};

static const struct {
	const char *path;
	const char *items[3];
} spec_elements[] = {
	{ "overdue[id].priority", { "CS-20261118-0001", "CS-20261120-0001" } },
	{ "overdue[id].assignee", { "CS-20261118-0001", "CS-20261120-0001" } },
	{ "overdue[id].due", { "CS-20261118-0001", "CS-20261120-0001" } },
	{ "overdue[id].hours_over", { "CS-20261118-0001", "CS-20261120-0001" } },
	{ "top_problems[category/module].count", { "complaint/logistics", "inquiry/a/b" } },
	{ "agents[agent].assigned", { "li", "wang \"w\"" } },
	{ "agents[agent].resolved", { "li", "wang \"w\"" } },
	{ "agents[agent].resolution_median", { "li", "wang \"w\"" } },
	{ "agents[agent].sla_pct", { "li", "wang \"w\"" } },
	{ "agents[agent].csat_pct", { "li", "wang \"w\"" } },
	{ "by.category.*", { "complaint", "inquiry" } },
	{ "by.priority.*", { "urgent", "normal" } },
	{ "by.channel.*", { "phone" } },
};

static void
every_spec_key_has_exactly_one_row(void **state)
{
	struct report r;
	struct report_rows rows;
	const struct report_row *w;

	(void)state;
	small_report(&r);
	report_rows_build(&r, &rows, 0);
	for (size_t i = 0; i < sizeof(spec_keys) / sizeof(spec_keys[0]); i++)
		the_row(&rows, spec_keys[i], NULL);
	for (size_t i = 0; i < sizeof(spec_elements) / sizeof(spec_elements[0]); i++) {
		size_t want = 0;
		for (; want < 3 && spec_elements[i].items[want]; want++)
			the_row(&rows, spec_elements[i].path, spec_elements[i].items[want]);
		if (rows_at(&rows, spec_elements[i].path, NULL, &w) != want)
			fail_msg("%s: not %zu rows", spec_elements[i].path, want);
	}
	assert_int_equal(rows_at(&rows, "by.module.*", NULL, &w), 0);
	report_rows_release(&rows);
}

static void
every_figure_is_one_row_and_one_json_key(void **state)
{
	struct report r;
	struct report_rows rows;

	(void)state;
	small_report(&r);
	report_rows_build(&r, &rows, 0);
	assert_true(rows.nr > 60);
	for (size_t i = 0; i < rows.nr; i++) {
		const struct report_row *a = &rows.v[i];
		assert_non_null(a->section);
		assert_non_null(a->item);
		assert_non_null(a->metric);
		assert_non_null(a->path);
		for (size_t j = i + 1; j < rows.nr; j++) {
			const struct report_row *b = &rows.v[j];
			if (!strcmp(a->path, b->path) && !strcmp(a->item, b->item))
				fail_msg("two rows at %s %s", a->path, a->item);
			if (a->kind != RK_LIST && !strcmp(a->section, b->section) &&
			    !strcmp(a->item, b->item) && !strcmp(a->metric, b->metric))
				fail_msg("two CSV rows %s,%s,%s", a->section, a->item, a->metric);
		}
	}
	report_rows_release(&rows);
}

static void
rows_hold_the_reports_figures(void **state)
{
	struct report r;
	struct report_rows rows;
	const struct report_row *w;

	(void)state;
	small_report(&r);
	report_rows_build(&r, &rows, 0);

	w = the_row(&rows, "period.since", NULL);
	assert_int_equal(w->kind, RK_TEXT);
	assert_string_equal(w->s, "2026-11-16T00:00:00+08:00");
	w = the_row(&rows, "opened", NULL);
	assert_int_equal(w->kind, RK_COUNT);
	assert_int_equal(w->n, 3);
	assert_string_equal(w->section, "volume");
	assert_string_equal(w->headline, "opened 新建");
	assert_int_equal(the_row(&rows, "backlog.follow-up", NULL)->n, 1);

	w = the_row(&rows, "sla.response_pct", NULL);
	assert_int_equal(w->kind, RK_NUM);
	assert_true(w->pct);
	near(w->x, 66.7);
	assert_int_equal(w->q.num, 2);
	assert_int_equal(w->q.den, 3);
	w = the_row(&rows, "sla.resolution_pct_by_priority.*", "low");
	assert_string_equal(w->section, "sla");
	assert_string_equal(w->metric, "resolution_pct");
	near(w->x, -1);		/* null */

	near(the_row(&rows, "hours.response_median", NULL)->x, 2.0);
	near(the_row(&rows, "hours.response_p90", NULL)->x, 30.0);
	near(the_row(&rows, "hours.resolution_median", NULL)->x, 38.5);
	w = the_row(&rows, "hours.left_out_negative.response", NULL);
	assert_int_equal(w->kind, RK_COUNT);
	assert_int_equal(w->n, 1);
	assert_string_equal(w->item, "response");

	w = the_row(&rows, "csat.confirm.pct", NULL);
	near(w->x, 66.7);
	assert_int_equal(w->q.den, 3);
	assert_string_equal(w->headline, "CSAT 满意度");
	near(the_row(&rows, "csat.revisit.pct", NULL)->x, -1);
	near(the_row(&rows, "repeat_complaints.pct", NULL)->x, 50.0);
	near(the_row(&rows, "revisits.vip_coverage_pct", NULL)->x, 100.0);

	/* Lists: all of them in the LIST row, the first `top` as rows. */
	assert_int_equal(the_row(&rows, "overdue[id]", NULL)->n, 3);
	assert_int_equal(rows_at(&rows, "overdue[id].due", "CS-20261120-0002", &w), 0);
	w = the_row(&rows, "overdue[id].hours_over", "CS-20261120-0001");
	near(w->x, 38.5);
	assert_string_equal(the_row(&rows, "overdue[id].assignee", "CS-20261120-0001")->s, "");
	assert_int_equal(the_row(&rows, "top_problems[category/module]", NULL)->n, 3);
	assert_int_equal(the_row(&rows, "by.module", NULL)->n, 0);
	assert_int_equal(the_row(&rows, "by.category.*", "complaint")->n, 2);
	near(the_row(&rows, "agents[agent].resolution_median", "li")->x, 49.0);
	near(the_row(&rows, "agents[agent].csat_pct", "wang \"w\"")->x, -1);

	w = the_row(&rows, "breakdown.by", NULL);
	assert_string_equal(w->s, "assignee");
	assert_string_equal(w->section, "breakdown.assignee");
	assert_int_equal(the_row(&rows, "breakdown.rows[value]", NULL)->n, 2);
	near(the_row(&rows, "breakdown.rows[value].csat.confirm.pct", "li")->x, 100.0);
	report_rows_release(&rows);

	r.o.by = DIM_NONE;
	report_rows_build(&r, &rows, 0);
	assert_int_equal(rows_at(&rows, "breakdown.by", NULL, &w), 0);
	report_rows_release(&rows);
}

static void
rows_of_a_section_and_of_an_element(void **state)
{
	struct report r;
	struct report_rows rows;
	struct strbuf sb = STRBUF_INIT;
	const struct report_row *w;
	size_t n;

	(void)state;
	small_report(&r);
	report_rows_build(&r, &rows, 0);
	w = report_rows_section(&rows, "agents", &n);
	assert_non_null(w);
	assert_int_equal(n, 1 + 2 * 5);
	assert_int_equal(w->kind, RK_LIST);
	assert_int_equal(report_rows_element(w + 1, n - 1), 5);
	assert_null(report_rows_section(&rows, "nothing", &n));
	assert_int_equal(n, 0);
	w = report_rows_section(&rows, "revisits", &n);
	report_rows_sentence(&sb, w, n, 1);	/* no period before: no change */
	assert_string_equal(sb.buf, "revisits due 2: on time 1, late 0, missed 1");
	sb_reset(&sb);
	for (size_t i = 0; i < n; i++) {	/* --compare: one more of each before */
		rows.v[w - rows.v + i].has_prev = 1;
		rows.v[w - rows.v + i].prev = (double)w[i].n + 1;
	}
	report_rows_sentence(&sb, w, n, 1);
	assert_string_equal(sb.buf, "revisits due 2 (-1): on time 1 (-1), late 0 (-1), "
	    "missed 1 (-1)");
	sb_reset(&sb);
	report_rows_sentence(&sb, w, n, 0);
	assert_string_equal(sb.buf, "revisits due 2: on time 1, late 0, missed 1");
	sb_release(&sb);
	report_rows_release(&rows);
}

/* What a renderer writes, as a string. */
static char *
written(void (*render)(const struct report *, FILE *), const struct report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	render(r, fp);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void
no_color_table(const struct report *r, FILE *fp)
{
	report_table(r, fp, 0);
}

/* Written by the renderers from before the rows, for this report. */
static const char golden_json[] =
    "{\"period\":{\"since\":\"2026-11-16T00:00:00+08:00\",\"until\":\"2026-11-23T00:"
    "00:00+08:00\"},\n"
    "\"opened\":3,\"resolved\":2,\"archived\":1,\n"
    "\"backlog\":{\"intake\":1,\"classified\":0,\"assigned\":2,\"resolved\":0,\"follow"
    "-up\":1},\n"
    "\"sla\":{\"response_pct\":66.7,\"resolution_pct\":0.0,\"resolution_pct_by_pri"
    "ority\":{\"urgent\":0.0,\"normal\":0.0,\"low\":null}},\n"
    "\"hours\":{\"response_median\":2.0,\"response_p90\":30.0,\"resolution_median\""
    ":38.5,\"resolution_p90\":49.0,\"left_out_negative\":{\"response\":1,\"resolut"
    "ion\":0}},\n"
    "\"fcr_pct\":50.0,\"escalation_pct\":50.0,\"reopen_pct\":0.0,\"reopened\":0,\"un"
    "confirmed\":0,\n"
    "\"csat\":{\"confirm\":{\"satisfied\":2,\"neutral\":0,\"unsatisfied\":1,\"pct\":66."
    "7},\"revisit\":{\"satisfied\":0,\"neutral\":0,\"unsatisfied\":0,\"pct\":null}},\n"
    "\"repeat_complaints\":{\"customers\":2,\"repeat\":1,\"pct\":50.0},\n"
    "\"revisits\":{\"due\":2,\"on_time\":1,\"late\":0,\"missed\":1,\"vip_coverage_pct\""
    ":100.0},\n"
    "\"overdue\":[\n"
    "  {\"id\":\"CS-20261118-0001\",\"priority\":\"urgent\",\"assignee\":\"li\",\"due\":\""
    "2026-11-18T10:00:00+08:00\",\"hours_over\":110.0},\n"
    "  {\"id\":\"CS-20261120-0001\",\"priority\":\"normal\",\"assignee\":\"\",\"due\":\"20"
    "26-11-21T10:00:00+08:00\",\"hours_over\":38.5}],\n"
    "\"by\":{\"category\":{\"complaint\":2,\"inquiry\":1},\"priority\":{\"urgent\":2,\"n"
    "ormal\":1},\"channel\":{\"phone\":3},\"module\":{}},\n"
    "\"top_problems\":[{\"category\":\"complaint\",\"module\":\"logistics\",\"count\":2"
    "},{\"category\":\"inquiry\",\"module\":\"a/b\",\"count\":1}],\n"
    "\"agents\":[\n"
    "  {\"agent\":\"li\",\"assigned\":2,\"resolved\":1,\"resolution_median\":49.0,\"sl"
    "a_pct\":0.0,\"csat_pct\":100.0},\n"
    "  {\"agent\":\"wang \\\"w\\\"\",\"assigned\":1,\"resolved\":0,\"resolution_median\":"
    "null,\"sla_pct\":null,\"csat_pct\":null}],\n"
    "\"breakdown\":{\"by\":\"assignee\",\"rows\":[{\"value\":\"li\",\"opened\":2,\"resolve"
    "d\":1,\"archived\":0,\"backlog\":{\"intake\":0,\"classified\":0,\"assigned\":0,\"r"
    "esolved\":0,\"follow-up\":0},\"sla\":{\"response_pct\":50.0,\"resolution_pct\":"
    "0.0,\"resolution_pct_by_priority\":{\"urgent\":null,\"normal\":null,\"low\":nu"
    "ll}},\"hours\":{\"response_median\":null,\"response_p90\":null,\"resolution_m"
    "edian\":null,\"resolution_p90\":null,\"left_out_negative\":{\"response\":0,\"r"
    "esolution\":0}},\"fcr_pct\":100.0,\"escalation_pct\":0.0,\"reopen_pct\":0.0,\""
    "reopened\":0,\"unconfirmed\":0,\"csat\":{\"confirm\":{\"satisfied\":1,\"neutral\""
    ":0,\"unsatisfied\":0,\"pct\":100.0},\"revisit\":{\"satisfied\":0,\"neutral\":0,\""
    "unsatisfied\":0,\"pct\":null}},\"repeat_complaints\":{\"customers\":0,\"repeat"
    "\":0,\"pct\":null},\"revisits\":{\"due\":0,\"on_time\":0,\"late\":0,\"missed\":1,\"v"
    "ip_coverage_pct\":null}},{\"value\":\"-\",\"opened\":1,\"resolved\":0,\"archived"
    "\":0,\"backlog\":{\"intake\":0,\"classified\":0,\"assigned\":0,\"resolved\":0,\"fo"
    "llow-up\":0},\"sla\":{\"response_pct\":null,\"resolution_pct\":null,\"resoluti"
    "on_pct_by_priority\":{\"urgent\":null,\"normal\":null,\"low\":null}},\"hours\":"
    "{\"response_median\":null,\"response_p90\":null,\"resolution_median\":null,\""
    "resolution_p90\":null,\"left_out_negative\":{\"response\":0,\"resolution\":0}"
    "},\"fcr_pct\":null,\"escalation_pct\":null,\"reopen_pct\":null,\"reopened\":0,"
    "\"unconfirmed\":1,\"csat\":{\"confirm\":{\"satisfied\":0,\"neutral\":0,\"unsatisf"
    "ied\":0,\"pct\":null},\"revisit\":{\"satisfied\":0,\"neutral\":0,\"unsatisfied\":"
    "0,\"pct\":null}},\"repeat_complaints\":{\"customers\":0,\"repeat\":0,\"pct\":nul"
    "l},\"revisits\":{\"due\":0,\"on_time\":0,\"late\":0,\"missed\":0,\"vip_coverage_p"
    "ct\":null}}]}}\n";

static const char golden_csv[] =
    "section,item,metric,value\n"
    "period,,since,2026-11-16T00:00:00+08:00\n"
    "period,,until,2026-11-23T00:00:00+08:00\n"
    "volume,,opened,3\n"
    "volume,,resolved,2\n"
    "volume,,archived,1\n"
    "backlog,,intake,1\n"
    "backlog,,classified,0\n"
    "backlog,,assigned,2\n"
    "backlog,,resolved,0\n"
    "backlog,,follow-up,1\n"
    "sla,,response_pct,66.7\n"
    "sla,,resolution_pct,0.0\n"
    "sla,urgent,resolution_pct,0.0\n"
    "sla,normal,resolution_pct,0.0\n"
    "sla,low,resolution_pct,\n"
    "hours,,response_median,2.0\n"
    "hours,,response_p90,30.0\n"
    "hours,,resolution_median,38.5\n"
    "hours,,resolution_p90,49.0\n"
    "hours,response,left_out_negative,1\n"
    "hours,resolution,left_out_negative,0\n"
    "rates,,fcr_pct,50.0\n"
    "rates,,escalation_pct,50.0\n"
    "rates,,reopen_pct,0.0\n"
    "rates,,reopened,0\n"
    "rates,,unconfirmed,0\n"
    "csat,confirm,satisfied,2\n"
    "csat,confirm,neutral,0\n"
    "csat,confirm,unsatisfied,1\n"
    "csat,confirm,pct,66.7\n"
    "csat,revisit,satisfied,0\n"
    "csat,revisit,neutral,0\n"
    "csat,revisit,unsatisfied,0\n"
    "csat,revisit,pct,\n"
    "repeat_complaints,,customers,2\n"
    "repeat_complaints,,repeat,1\n"
    "repeat_complaints,,pct,50.0\n"
    "revisits,,due,2\n"
    "revisits,,on_time,1\n"
    "revisits,,late,0\n"
    "revisits,,missed,1\n"
    "revisits,,vip_coverage_pct,100.0\n"
    "overdue,CS-20261118-0001,priority,urgent\n"
    "overdue,CS-20261118-0001,assignee,li\n"
    "overdue,CS-20261118-0001,due,2026-11-18T10:00:00+08:00\n"
    "overdue,CS-20261118-0001,hours_over,110.0\n"
    "overdue,CS-20261120-0001,priority,normal\n"
    "overdue,CS-20261120-0001,assignee,\n"
    "overdue,CS-20261120-0001,due,2026-11-21T10:00:00+08:00\n"
    "overdue,CS-20261120-0001,hours_over,38.5\n"
    "by.category,complaint,opened,2\n"
    "by.category,inquiry,opened,1\n"
    "by.priority,urgent,opened,2\n"
    "by.priority,normal,opened,1\n"
    "by.channel,phone,opened,3\n"
    "top_problems,complaint/logistics,count,2\n"
    "top_problems,inquiry/a/b,count,1\n"
    "agents,li,assigned,2\n"
    "agents,li,resolved,1\n"
    "agents,li,resolution_median,49.0\n"
    "agents,li,sla_pct,0.0\n"
    "agents,li,csat_pct,100.0\n"
    "agents,\"wang \"\"w\"\"\",assigned,1\n"
    "agents,\"wang \"\"w\"\"\",resolved,0\n"
    "agents,\"wang \"\"w\"\"\",resolution_median,\n"
    "agents,\"wang \"\"w\"\"\",sla_pct,\n"
    "agents,\"wang \"\"w\"\"\",csat_pct,\n"
    "breakdown.assignee,,by,assignee\n"
    "breakdown.assignee,li,opened,2\n"
    "breakdown.assignee,li,resolved,1\n"
    "breakdown.assignee,li,archived,0\n"
    "breakdown.assignee,li,backlog.intake,0\n"
    "breakdown.assignee,li,backlog.classified,0\n"
    "breakdown.assignee,li,backlog.assigned,0\n"
    "breakdown.assignee,li,backlog.resolved,0\n"
    "breakdown.assignee,li,backlog.follow-up,0\n"
    "breakdown.assignee,li,sla.response_pct,50.0\n"
    "breakdown.assignee,li,sla.resolution_pct,0.0\n"
    "breakdown.assignee,li,sla.resolution_pct_by_priority.urgent,\n"
    "breakdown.assignee,li,sla.resolution_pct_by_priority.normal,\n"
    "breakdown.assignee,li,sla.resolution_pct_by_priority.low,\n"
    "breakdown.assignee,li,hours.response_median,\n"
    "breakdown.assignee,li,hours.response_p90,\n"
    "breakdown.assignee,li,hours.resolution_median,\n"
    "breakdown.assignee,li,hours.resolution_p90,\n"
    "breakdown.assignee,li,hours.left_out_negative.response,0\n"
    "breakdown.assignee,li,hours.left_out_negative.resolution,0\n"
    "breakdown.assignee,li,fcr_pct,100.0\n"
    "breakdown.assignee,li,escalation_pct,0.0\n"
    "breakdown.assignee,li,reopen_pct,0.0\n"
    "breakdown.assignee,li,reopened,0\n"
    "breakdown.assignee,li,unconfirmed,0\n"
    "breakdown.assignee,li,csat.confirm.satisfied,1\n"
    "breakdown.assignee,li,csat.confirm.neutral,0\n"
    "breakdown.assignee,li,csat.confirm.unsatisfied,0\n"
    "breakdown.assignee,li,csat.confirm.pct,100.0\n"
    "breakdown.assignee,li,csat.revisit.satisfied,0\n"
    "breakdown.assignee,li,csat.revisit.neutral,0\n"
    "breakdown.assignee,li,csat.revisit.unsatisfied,0\n"
    "breakdown.assignee,li,csat.revisit.pct,\n"
    "breakdown.assignee,li,repeat_complaints.customers,0\n"
    "breakdown.assignee,li,repeat_complaints.repeat,0\n"
    "breakdown.assignee,li,repeat_complaints.pct,\n"
    "breakdown.assignee,li,revisits.due,0\n"
    "breakdown.assignee,li,revisits.on_time,0\n"
    "breakdown.assignee,li,revisits.late,0\n"
    "breakdown.assignee,li,revisits.missed,1\n"
    "breakdown.assignee,li,revisits.vip_coverage_pct,\n"
    "breakdown.assignee,'-,opened,1\n"
    "breakdown.assignee,'-,resolved,0\n"
    "breakdown.assignee,'-,archived,0\n"
    "breakdown.assignee,'-,backlog.intake,0\n"
    "breakdown.assignee,'-,backlog.classified,0\n"
    "breakdown.assignee,'-,backlog.assigned,0\n"
    "breakdown.assignee,'-,backlog.resolved,0\n"
    "breakdown.assignee,'-,backlog.follow-up,0\n"
    "breakdown.assignee,'-,sla.response_pct,\n"
    "breakdown.assignee,'-,sla.resolution_pct,\n"
    "breakdown.assignee,'-,sla.resolution_pct_by_priority.urgent,\n"
    "breakdown.assignee,'-,sla.resolution_pct_by_priority.normal,\n"
    "breakdown.assignee,'-,sla.resolution_pct_by_priority.low,\n"
    "breakdown.assignee,'-,hours.response_median,\n"
    "breakdown.assignee,'-,hours.response_p90,\n"
    "breakdown.assignee,'-,hours.resolution_median,\n"
    "breakdown.assignee,'-,hours.resolution_p90,\n"
    "breakdown.assignee,'-,hours.left_out_negative.response,0\n"
    "breakdown.assignee,'-,hours.left_out_negative.resolution,0\n"
    "breakdown.assignee,'-,fcr_pct,\n"
    "breakdown.assignee,'-,escalation_pct,\n"
    "breakdown.assignee,'-,reopen_pct,\n"
    "breakdown.assignee,'-,reopened,0\n"
    "breakdown.assignee,'-,unconfirmed,1\n"
    "breakdown.assignee,'-,csat.confirm.satisfied,0\n"
    "breakdown.assignee,'-,csat.confirm.neutral,0\n"
    "breakdown.assignee,'-,csat.confirm.unsatisfied,0\n"
    "breakdown.assignee,'-,csat.confirm.pct,\n"
    "breakdown.assignee,'-,csat.revisit.satisfied,0\n"
    "breakdown.assignee,'-,csat.revisit.neutral,0\n"
    "breakdown.assignee,'-,csat.revisit.unsatisfied,0\n"
    "breakdown.assignee,'-,csat.revisit.pct,\n"
    "breakdown.assignee,'-,repeat_complaints.customers,0\n"
    "breakdown.assignee,'-,repeat_complaints.repeat,0\n"
    "breakdown.assignee,'-,repeat_complaints.pct,\n"
    "breakdown.assignee,'-,revisits.due,0\n"
    "breakdown.assignee,'-,revisits.on_time,0\n"
    "breakdown.assignee,'-,revisits.late,0\n"
    "breakdown.assignee,'-,revisits.missed,0\n"
    "breakdown.assignee,'-,revisits.vip_coverage_pct,\n";

/* Also from before the rows: the terminal's layout is unchanged. */
static const char golden_table[] =
    "cstk report  2026-11-16T00:00 → 2026-11-23T00:00  (+08:00)\n"
    "\n"
    "VOLUME\n"
    "  opened 3   resolved 2   archived 1\n"
    "\n"
    "BACKLOG AT THE END OF THE PERIOD\n"
    "  intake 1  classified 0  assigned 2  resolved 0  follow-up 1 \n"
    "\n"
    "SERVICE LEVEL\n"
    "  response SLA                   66.7%  (2 of 3)\n"
    "  resolution SLA                  0.0%  (0 of 2)\n"
    "    resolution SLA, urgent        0.0%  (0 of 1)\n"
    "    resolution SLA, normal        0.0%  (0 of 1)\n"
    "    resolution SLA, low              -\n"
    "  hours to first response      median     2.0   p90    30.0\n"
    "  hours to resolution          median    38.5   p90    49.0\n"
    "  (left out: 1 responses and 0 resolutions dated before their ticket w"
    "as created)\n"
    "  first-contact resolution       50.0%  (1 of 2)\n"
    "  escalated                      50.0%  (1 of 2)\n"
    "  second round (reopened)         0.0%  (0 of 2)\n"
    "  reopened from archive              0\n"
    "  closed unconfirmed                 0\n"
    "\n"
    "SATISFACTION\n"
    "                      satisfied  neutral  unsatisfied      CSAT\n"
    "  at confirmation             2        0            1     66.7%\n"
    "  at revisit                  0        0            0         -\n"
    "\n"
    "REPEAT COMPLAINTS AND REVISITS\n"
    "  customers complaining again within 30 days  1 of 2  (50.0%)\n"
    "  revisits due 2: on time 1, late 0, missed 1\n"
    "  VIP revisit coverage (goal 100%)  100.0%  (1 of 1)\n"
    "\n"
    "OPENED BY CATEGORY\n"
    "  complaint  ██████████████████████████████ 2\n"
    "  inquiry    ███████████████                1\n"
    "\n"
    "OPENED BY PRIORITY\n"
    "  urgent  ██████████████████████████████ 2\n"
    "  normal  ███████████████                1\n"
    "\n"
    "OPENED BY CHANNEL\n"
    "  phone  ██████████████████████████████ 3\n"
    "\n"
    "OPENED BY MODULE\n"
    "  (none)\n"
    "\n"
    "TOP PROBLEMS (category/module)\n"
    "  complaint/logistics  ██████████████████████████████ 2\n"
    "  inquiry/a/b          ███████████████                1\n"
    "  … 1 more\n"
    "\n"
    "OVERDUE OPEN TICKETS\n"
    "  CS-20261118-0001  urgent  li         due 2026-11-18T10:00   110.0 h "
    "over\n"
    "  CS-20261120-0001  normal  -          due 2026-11-21T10:00    38.5 h "
    "over\n"
    "  … 1 more\n"
    "\n"
    "AGENTS\n"
    "  agent        assigned resolved median hours     SLA    CSAT\n"
    "  li                  2        1         49.0    0.0%  100.0%\n"
    "  wang \"w\"            1        0            -       -       -\n"
    "\n"
    "BY ASSIGNEE\n"
    "                  opened resolved archived   resp%   reso% median h   "
    "  FCR  es"
    "cal% round2%  unconf    CSAT repeat%  missed\n"
    "  li                   2        1        0   50.0%    0.0%        -  "
    "100.0%    "
    "0.0%    0.0%       0  100.0%       -       1\n"
    "  -                    1        0        0       -       -        -  "
    "     -    "
    "   -       -       1       -       -       0\n";

static void
json_is_the_contracts_byte_for_byte(void **state)
{
	struct report r;
	char *s;

	(void)state;
	small_report(&r);
	s = written(report_json, &r);
	assert_string_equal(s, golden_json);
	free(s);
}

static void
csv_is_a_row_a_line(void **state)
{
	struct report r;
	char *s;

	(void)state;
	small_report(&r);
	s = written(report_csv, &r);
	assert_string_equal(s, golden_csv);
	free(s);
}

static void
table_and_html_read_their_figures_from_the_rows(void **state)
{
	static const char *const html[] = {
		"<div class=card><div class=v>3</div><div class=l>opened 新建</div></div>\n",
		"<div class=card><div class=v>66.7%</div><div class=l>CSAT 满意度</div></div>\n",
		"<div class=card><div class=v>100.0%</div><div class=l>VIP revisits 回访覆盖"
		    "</div></div>\n</div>\n",
		"<tr><td>wang &quot;w&quot;</td><td class=n>1</td><td class=n>0</td>"
		    "<td class=n>–</td><td class=n>–</td><td class=n>–</td></tr>\n",
		"<td class='n late'>38.5</td></tr>\n</table>",
		"<th class=n>follow-up</th></tr><tr><td class=n>1</td>",
		/* every figure of the period, the counts of a percentage beside it */
		"<section><h2>Every figure 全部指标</h2>\n",
		"<tr><td>archived</td><td class=n>1</td><td class='n '></td></tr>\n",
		"<tr><td>customers complaining again within 30 days</td><td class=n>50.0% "
		    "(1 / 2)</td>",
		"<p class=period>Revisits due 2: on time 1, late 0, missed 1. Repeat complaints: "
		    "1 of 2 customers.</p>\n</body></html>\n",
	};
	struct report r;
	char *s;

	(void)state;
	small_report(&r);
	s = written(no_color_table, &r);
	assert_string_equal(s, golden_table);
	free(s);
	s = written(report_html, &r);
	for (size_t i = 0; i < sizeof(html) / sizeof(html[0]); i++)
		if (strstr(s, html[i]) == NULL)
			fail_msg("the HTML lacks %s", html[i]);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_spec_key_has_exactly_one_row),
		cmocka_unit_test(every_figure_is_one_row_and_one_json_key),
		cmocka_unit_test(rows_hold_the_reports_figures),
		cmocka_unit_test(rows_of_a_section_and_of_an_element),
		cmocka_unit_test(json_is_the_contracts_byte_for_byte),
		cmocka_unit_test(csv_is_a_row_a_line),
		cmocka_unit_test(table_and_html_read_their_figures_from_the_rows),
	};
	return cmocka_run_group_tests_name("report-rows", tests, NULL, NULL);
}
