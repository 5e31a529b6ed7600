/* test-report.c — the figures of SPEC §6 over a small store, worked out by
 * hand: volume, backlog, SLA, medians and p90, FCR, CSAT, revisits, repeat
 * complaints, breakdowns, overdue, agents; null when nothing counted. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lifecycle.h"
#include "vocab-builtin.h"
#include "report.h"
#include "store.h"
#include "strbuf.h"

static char top[64], dir[80];
static struct store st;

static struct ctime
at(const char *s)
{
	struct ctime ct;

	if (clock_parse(s, &ct) != 0)
		fail_msg("bad time in the test: %s", s);
	return ct;
}

/* An event at "2026-11-DDTHH:MM" (+08:00), or at a full RFC 3339 time. */
static const struct event *
E(const char *when)
{
	static struct event e;
	char buf[40];

	if (strlen(when) > 16)
		snprintf(buf, sizeof(buf), "%s", when);
	else
		snprintf(buf, sizeof(buf), "2026-11-%s:00+08:00", when);
	e.by = "tester";
	e.at = at(buf);
	return &e;
}

static void
open_ticket(struct ticket *t, const char *id, const char *when, const char *channel,
    const char *tier, const char *name, const char *phone, const char *cust_id)
{
	const struct event *e = E(when);

	ticket_init(t, id, &e->at);
	ticket_set(t, F_CHANNEL, channel);
	ticket_set(t, F_CUST_NAME, name);
	if (phone)
		ticket_set(t, F_CUST_PHONE, phone);
	if (cust_id)
		ticket_set(t, F_CUST_ID, cust_id);
	if (tier)
		ticket_set(t, F_CUST_TIER, tier);
	ticket_set(t, F_SUBJECT, "问题");
	ticket_set_int(t, F_ESCALATIONS, 0);
	ticket_set_int(t, F_ROUNDS, 1);
	ticket_log(t, e, "open", NULL, "intake", NULL, NULL);
}

static void
classify(struct ticket *t, const char *when, const char *cat, const char *prio,
    const char *module)
{
	assert_null(lc_classify(t, &st.policy, E(when), cat, prio, module));
}

static void
save(struct ticket *t)
{
	assert_null(store_save(&st, t));
	ticket_release(t);
}

/*
 * The store, all times +08:00 in November 2026 unless said.  Week 47 is
 * Mon 16 00:00 .. Mon 23 00:00.  Hours: created -> first contact, created
 * -> resolved.  Deadlines (default policy): urgent 1h/24h, normal 24h/48h,
 * low 24h/72h.
 *
 *  T1  16 09:00 inquiry/normal/billing, li: contact 2h, resolved 49h (due 48h:
 *      missed), confirmed satisfied 18 11:00 -> archived
 *  T2  16 10:00 complaint/urgent/logistics, VIP C-9, zhang, escalated to zhao:
 *      contact 0.5h, resolved 28h (due 24h: missed), satisfied 17 15:00 ->
 *      follow-up (revisit due 20 15:00), revisited satisfied 19 10:00
 *  T3  17 08:00 after-sales/low, new, liu: contact 30h (due 24h: missed),
 *      second contact, resolved 18 16:00, unsatisfied -> round 2, resolved
 *      again 19 07:00 (47h, met), neutral 19 10:00 -> archived
 *  T4  18 09:00 inquiry/urgent/billing, li, reassigned to wang and back to
 *      li: nothing more (overdue)
 *  T5  20 09:00 intake
 *  T6  10 09:00 (week 46) complaint/normal/logistics, C-9, zhang: contact 24h
 *      (exactly at the deadline),
 *      resolved 12 09:00 (48h, exactly at the deadline), satisfied 12 10:00
 *      -> follow-up, revisit due 19 10:00, never done
 *  T7  23 10:00 (after week 47) inquiry/normal, chen
 *  T8  19 09:00 inquiry/normal, chen: contact 1h, resolved 6h, satisfied
 *      19 16:00 -> archived
 *  T9  21 09:00 request/low/app, zhou: contact 2h, resolved 3h
 *  T10 22 09:00 complaint/urgent/logistics, phone of T1: classified only
 *  T11 20 10:00 after-sales/low/repair, walk-in, sun: contact 1h, resolved 10h
 *  T12 Dec 2 12:00, imported: responded 11:00 and resolved 10:00 (negative)
 *  T13 Dec 1 09:00 inquiry/normal, chen: contact 3h, resolved 6h
 */
static void
make_store(void)
{
	struct ticket t;

	open_ticket(&t, "CS-20261116-0001", "16T09:00", "phone", "regular", "王丽",
	    "13800000001", NULL);
	classify(&t, "16T09:00", "inquiry", "normal", "billing");
	assert_null(lc_assign(&t, E("16T09:30"), "li"));
	assert_null(lc_contact(&t, E("16T11:00"), "回电"));
	assert_null(lc_resolve(&t, E("18T10:00"), "已说明", NULL, NULL));
	assert_null(lc_confirm(&t, &st.policy, E("18T11:00"), "satisfied", NULL));
	save(&t);

	open_ticket(&t, "CS-20261116-0002", "16T10:00", "chat", "vip", "李雷", NULL, "C-9");
	classify(&t, "16T10:00", "complaint", "urgent", "logistics");
	assert_null(lc_assign(&t, E("16T10:10"), "zhang"));
	assert_null(lc_contact(&t, E("16T10:30"), "安抚"));
	assert_null(lc_escalate(&t, E("16T12:00"), "zhao", "客户要求主管"));
	assert_null(lc_resolve(&t, E("17T14:00"), "已补发", "logistics", NULL));
	assert_null(lc_confirm(&t, &st.policy, E("17T15:00"), "satisfied", NULL));
	assert_string_equal(ticket_str(&t, F_REVISIT_DUE), "2026-11-20T15:00:00+08:00");
	assert_null(lc_revisit(&t, &st.policy, E("19T10:00"), "satisfied", "已收到"));
	save(&t);

	open_ticket(&t, "CS-20261117-0001", "17T08:00", "email", "new", "张三",
	    "13900000003", NULL);
	classify(&t, "17T08:00", "after-sales", "low", NULL);
	assert_null(lc_assign(&t, E("17T09:00"), "liu"));
	assert_null(lc_contact(&t, E("18T14:00"), "第一次"));
	assert_null(lc_contact(&t, E("18T15:00"), "第二次"));
	assert_null(lc_resolve(&t, E("18T16:00"), "换货", NULL, NULL));
	assert_null(lc_confirm(&t, &st.policy, E("18T17:00"), "unsatisfied", "还是坏"));
	assert_null(lc_resolve(&t, E("19T07:00"), "退款", NULL, NULL));
	assert_null(lc_confirm(&t, &st.policy, E("19T10:00"), "neutral", NULL));
	assert_string_equal(ticket_str(&t, F_STATUS), "archived");
	save(&t);

	open_ticket(&t, "CS-20261118-0001", "18T09:00", "phone", "regular", "赵四", NULL, NULL);
	classify(&t, "18T09:00", "inquiry", "urgent", "billing");
	assert_null(lc_assign(&t, E("18T09:05"), "li"));
	assert_null(lc_assign(&t, E("18T12:00"), "wang"));
	assert_null(lc_assign(&t, E("18T13:00"), "li"));
	save(&t);

	open_ticket(&t, "CS-20261120-0001", "20T09:00", "web", NULL, "钱五", NULL, NULL);
	save(&t);

	open_ticket(&t, "CS-20261110-0001", "10T09:00", "phone", "regular", "李雷", NULL, "C-9");
	classify(&t, "10T09:00", "complaint", "normal", "logistics");
	assert_null(lc_assign(&t, E("10T10:00"), "zhang"));
	assert_null(lc_contact(&t, E("11T09:00"), "回电"));
	assert_null(lc_resolve(&t, E("12T09:00"), "已处理", NULL, NULL));
	assert_null(lc_confirm(&t, &st.policy, E("12T10:00"), "satisfied", NULL));
	assert_string_equal(ticket_str(&t, F_REVISIT_DUE), "2026-11-19T10:00:00+08:00");
	save(&t);

	open_ticket(&t, "CS-20261123-0001", "23T10:00", "phone", NULL, "孙六", NULL, NULL);
	classify(&t, "23T10:00", "inquiry", "normal", NULL);
	assert_null(lc_assign(&t, E("23T10:30"), "chen"));
	save(&t);

	open_ticket(&t, "CS-20261119-0001", "19T09:00", "app", "regular", "周七", NULL, NULL);
	classify(&t, "19T09:00", "inquiry", "normal", NULL);
	assert_null(lc_assign(&t, E("19T09:20"), "chen"));
	assert_null(lc_contact(&t, E("19T10:00"), "回复"));
	assert_null(lc_resolve(&t, E("19T15:00"), "已说明", NULL, NULL));
	assert_null(lc_confirm(&t, &st.policy, E("19T16:00"), "satisfied", NULL));
	save(&t);

	open_ticket(&t, "CS-20261121-0001", "21T09:00", "phone", "regular", "吴八",
	    "13800000009", NULL);
	classify(&t, "21T09:00", "request", "low", "app");
	assert_null(lc_assign(&t, E("21T09:10"), "zhou"));
	assert_null(lc_contact(&t, E("21T11:00"), "记录需求"));
	assert_null(lc_resolve(&t, E("21T12:00"), "已排期", NULL, NULL));
	save(&t);

	open_ticket(&t, "CS-20261122-0001", "22T09:00", "phone", NULL, "郑九", "13800000001",
	    NULL);
	classify(&t, "22T09:00", "complaint", "urgent", "logistics");
	save(&t);

	open_ticket(&t, "CS-20261120-0002", "20T10:00", "walk-in", "regular", "冯十", NULL, NULL);
	classify(&t, "20T10:00", "after-sales", "low", "repair");
	assert_null(lc_assign(&t, E("20T10:30"), "sun"));
	assert_null(lc_contact(&t, E("20T11:00"), "到店检测"));
	assert_null(lc_resolve(&t, E("20T20:00"), "已修好", NULL, NULL));
	save(&t);

	/* Imported data that cannot be true: kept, and left out of durations. */
	open_ticket(&t, "CS-20261202-0001", "2026-12-02T12:00:00+08:00", "phone", NULL,
	    "陈十一", NULL, NULL);
	ticket_set(&t, F_RESPONDED, "2026-12-02T11:00:00+08:00");
	ticket_set(&t, F_RESOLVED, "2026-12-02T10:00:00+08:00");
	ticket_set(&t, F_STATUS, "resolved");
	ticket_log(&t, &(struct event){ "importer", E("2026-12-02T12:00:00+08:00")->at, NULL }, "import", NULL,
	    "resolved", NULL, NULL);
	save(&t);

	open_ticket(&t, "CS-20261201-0001", "2026-12-01T09:00:00+08:00", "phone", NULL,
	    "褚十二", NULL, NULL);
	classify(&t, "2026-12-01T09:00:00+08:00", "inquiry", "normal", NULL);
	assert_null(lc_assign(&t, E("2026-12-01T09:30:00+08:00"), "chen"));
	assert_null(lc_contact(&t, E("2026-12-01T12:00:00+08:00"), "回电"));
	assert_null(lc_resolve(&t, E("2026-12-01T15:00:00+08:00"), "已说明", NULL, NULL));
	save(&t);
}

static int
group_setup(void **state)
{
	(void)state;
	snprintf(top, sizeof(top), "/tmp/cstk-unit-XXXXXX");
	if (mkdtemp(top) == NULL)
		return -1;
	snprintf(dir, sizeof(dir), "%s/s", top);
	if (store_init(dir, NULL) != NULL)
		return -1;
	st = (struct store)STORE_INIT;
	if (store_open(&st, dir) != NULL || store_lock(&st) != NULL)
		return -1;
	make_store();
	return 0;
}

static int
group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	store_close(&st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd);
}

#define NOW "2026-11-25T12:00:00+08:00"

/* The report for [since, until) as of NOW. */
static void
build(struct report *r, const char *since, const char *until, enum report_dim by)
{
	struct report_opts o;

	memset(&o, 0, sizeof(o));
	o.since = at(since);
	o.until = at(until);
	o.now = at(NOW);
	o.top = 10;
	o.by = by;
	assert_null(report_build(&st, &o, r));
}

static void
week47(struct report *r, enum report_dim by)
{
	build(r, "2026-11-16T00:00:00+08:00", "2026-11-23T00:00:00+08:00", by);
}

static void
near(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("got %.6f, want %.6f", got, want);
}

static void
ratio_is(const struct ratio *q, long num, long den, double pct)
{
	assert_int_equal(q->num, num);
	assert_int_equal(q->den, den);
	near(report_pct(q), pct);
}

static void
tally_is(const struct tallies *ts, size_t i, const char *key, long n)
{
	assert_true(i < ts->nr);
	assert_string_equal(ts->v[i].key, key);
	assert_int_equal(ts->v[i].n, n);
}

static struct durations
dur(const double *v, size_t n)
{
	struct durations d;

	memset(&d, 0, sizeof(d));
	d.v = (double *)v;
	d.nr = n;
	return d;
}

static void
median_of_an_even_count_is_the_mean_of_the_middle_two(void **state)
{
	static const double even[] = { 4, 1, 3, 2 };
	static const double odd[] = { 5, 1, 3 };
	static const double one[] = { 7.5 };
	static const double two[] = { 0.5, 30.5 };
	struct durations d;

	(void)state;
	d = dur(even, 4);
	near(report_median(&d), 2.5);
	assert_true(even[0] == 4);	/* the input is not sorted in place */
	d = dur(odd, 3);
	near(report_median(&d), 3);
	d = dur(one, 1);
	near(report_median(&d), 7.5);
	d = dur(two, 2);
	near(report_median(&d), 15.5);
	d = dur(NULL, 0);
	near(report_median(&d), -1);
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Selection gives what sorting would, over many orders, sizes and ties. */
static void
median_and_p90_are_those_of_the_sorted_values(void **state)
{
	double v[301], s[301];
	unsigned seed = 12345;

	(void)state;
	for (size_t n = 1; n <= 301; n += (n < 20 ? 1 : 23)) {
		for (int r = 0; r < 20; r++) {
			struct durations d;
			size_t rank = (size_t)ceil(0.9 * (double)n);
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				/* few distinct values in half the rounds: ties */
				v[i] = r % 2 ? (double)(seed >> 16) / 10.0 : (double)((seed >> 16) % 5);
			}
			if (r == 2)
				for (size_t i = 0; i < n; i++)
					v[i] = (double)i;	/* sorted already */
			if (r == 4)
				for (size_t i = 0; i < n; i++)
					v[i] = (double)(n - i);	/* reversed */
			memcpy(s, v, n * sizeof(double));
			qsort(s, n, sizeof(double), cmp_dbl);
			d = dur(v, n);
			near(report_median(&d), round(10.0 * (n % 2 ? s[n / 2] :
			    (s[n / 2 - 1] + s[n / 2]) / 2.0)) / 10.0);
			near(report_p90(&d), round(10.0 * s[(rank < 1 ? 1 : rank) - 1]) / 10.0);
		}
	}
}

static void
p90_is_by_nearest_rank(void **state)
{
	static const double ten[] = { 10, 1, 9, 2, 8, 3, 7, 4, 6, 5 };
	static const double eleven[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	static const double five[] = { 50, 10, 40, 20, 30 };
	static const double two[] = { 2, 1 };
	double twenty[20];
	struct durations d;

	(void)state;
	for (int i = 0; i < 20; i++)
		twenty[i] = 20 - i;
	d = dur(ten, 10);
	near(report_p90(&d), 9);	/* rank ceil(9.0) = 9 */
	assert_true(ten[0] == 10);
	d = dur(eleven, 11);
	near(report_p90(&d), 10);	/* rank ceil(9.9) = 10 */
	d = dur(twenty, 20);
	near(report_p90(&d), 18);	/* rank 18 */
	d = dur(five, 5);
	near(report_p90(&d), 50);	/* rank ceil(4.5) = 5 */
	d = dur(two, 2);
	near(report_p90(&d), 2);
	d = dur(five, 1);
	near(report_p90(&d), 50);
	d = dur(NULL, 0);
	near(report_p90(&d), -1);
}

static void
percentages_have_one_decimal_and_are_null_when_nothing_counted(void **state)
{
	static const struct { long num, den; double pct; } cases[] = {
		{ 2, 3, 66.7 }, { 1, 3, 33.3 }, { 1, 8, 12.5 }, { 5, 6, 83.3 },
		{ 0, 5, 0 }, { 5, 5, 100 }, { 1, 6, 16.7 }, { 0, 0, -1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ratio q = { cases[i].num, cases[i].den };
		near(report_pct(&q), cases[i].pct);
	}
}

static void
volume_and_backlog(void **state)
{
	static const long opened[7] = { 2, 1, 1, 1, 2, 1, 1 };
	static const long resolved[7] = { 0, 1, 1, 2, 1, 1, 0 };
	struct report r;

	(void)state;
	week47(&r, DIM_NONE);
	assert_int_equal(r.tickets_read, 13);
	assert_int_equal(r.opened, 9);
	assert_int_equal(r.resolved, 6);
	assert_int_equal(r.archived, 4);
	assert_int_equal(r.backlog[ST_INTAKE], 1);	/* T5 */
	assert_int_equal(r.backlog[ST_CLASSIFIED], 1);	/* T10 */
	assert_int_equal(r.backlog[ST_ASSIGNED], 1);	/* T4; T7 not yet created */
	assert_int_equal(r.backlog[ST_RESOLVED], 2);	/* T9, T11 */
	assert_int_equal(r.backlog[ST_FOLLOWUP], 1);	/* T6 */
	assert_int_equal(r.backlog[ST_ARCHIVED], 0);
	assert_int_equal(r.ndays, 7);
	for (int i = 0; i < 7; i++) {
		assert_int_equal(r.per_day_opened[i], opened[i]);
		assert_int_equal(r.per_day_resolved[i], resolved[i]);
	}
	report_release(&r);
}

static void
backlog_is_each_status_at_the_end_of_the_period(void **state)
{
	struct report r;

	(void)state;
	/* Mon 16 .. Wed 18 00:00: T1 and T3 were still being worked on, T2
	 * waited for its revisit; T4, T5 ... did not exist yet. */
	build(&r, "2026-11-16T00:00:00+08:00", "2026-11-18T00:00:00+08:00", DIM_NONE);
	assert_int_equal(r.ndays, 2);
	assert_int_equal(r.opened, 3);
	assert_int_equal(r.resolved, 1);	/* T2 */
	assert_int_equal(r.archived, 0);
	assert_int_equal(r.backlog[ST_INTAKE], 0);
	assert_int_equal(r.backlog[ST_CLASSIFIED], 0);
	assert_int_equal(r.backlog[ST_ASSIGNED], 2);	/* T1, T3 */
	assert_int_equal(r.backlog[ST_RESOLVED], 0);
	assert_int_equal(r.backlog[ST_FOLLOWUP], 2);	/* T2, T6 */
	assert_int_equal(r.per_day_opened[0], 2);
	assert_int_equal(r.per_day_opened[1], 1);
	assert_int_equal(r.noverdue, 0);
	report_release(&r);
}

static void
sla_and_durations(void **state)
{
	struct report r;

	(void)state;
	week47(&r, DIM_NONE);
	/* first contacts: T1 2h, T2 0.5h, T3 30h (late), T8 1h, T9 2h, T11 1h */
	ratio_is(&r.sla_response, 5, 6, 83.3);
	assert_int_equal(r.response.nr, 6);
	assert_int_equal(r.response.negative, 0);
	near(report_median(&r.response), 1.5);	/* (1 + 2) / 2 */
	near(report_p90(&r.response), 30);	/* rank ceil(5.4) = 6 */
	/* resolved: T1 49h (late), T2 28h (late), T3 47h, T8 6h, T9 3h, T11 10h */
	ratio_is(&r.sla_resolution, 4, 6, 66.7);
	assert_int_equal(r.resolution.nr, 6);
	near(report_median(&r.resolution), 19);	/* (10 + 28) / 2 */
	near(report_p90(&r.resolution), 49);
	ratio_is(&r.sla_by_priority[PRIO_URGENT], 0, 1, 0);
	ratio_is(&r.sla_by_priority[PRIO_NORMAL], 1, 2, 50);
	ratio_is(&r.sla_by_priority[PRIO_LOW], 3, 3, 100);
	report_release(&r);
}

static void
fcr_escalation_reopen_and_satisfaction(void **state)
{
	struct report r;

	(void)state;
	week47(&r, DIM_NONE);
	/* confirmed: T1 and T8 at the first contact; T2 escalated; T3 round 2 */
	ratio_is(&r.fcr, 2, 4, 50);
	ratio_is(&r.reopen, 1, 4, 25);
	/* over the 6 resolved, T2 escalated */
	ratio_is(&r.escalation, 1, 6, 16.7);
	/* every rating in the period once: T3 was rated twice */
	assert_int_equal(r.csat_confirm[SAT_SATISFIED], 3);
	assert_int_equal(r.csat_confirm[SAT_NEUTRAL], 1);
	assert_int_equal(r.csat_confirm[SAT_UNSATISFIED], 1);
	assert_int_equal(r.csat_revisit[SAT_SATISFIED], 1);
	assert_int_equal(r.csat_revisit[SAT_NEUTRAL], 0);
	assert_int_equal(r.csat_revisit[SAT_UNSATISFIED], 0);
	report_release(&r);
}

static void
revisits_vip_coverage_and_repeat_complaints(void **state)
{
	struct report r;

	(void)state;
	week47(&r, DIM_NONE);
	assert_int_equal(r.revisit_due, 2);	/* T2 (20 15:00), T6 (19 10:00) */
	assert_int_equal(r.revisit_on_time, 1);
	assert_int_equal(r.revisit_late, 0);
	assert_int_equal(r.revisit_missed, 1);
	ratio_is(&r.vip_coverage, 1, 1, 100);
	/* complaints in the week by C-9 (T2) and by phone 13800000001 (T10);
	 * C-9 had T6 too within 30 days */
	assert_int_equal(r.repeat_customers, 2);
	assert_int_equal(r.repeat_repeat, 1);
	report_release(&r);

	/* Seen on the 19th at 09:00, T6's revisit (10:00) is not missed yet. */
	{
		struct report_opts o;

		memset(&o, 0, sizeof(o));
		o.since = at("2026-11-16T00:00:00+08:00");
		o.until = at("2026-11-23T00:00:00+08:00");
		o.now = at("2026-11-19T09:00:00+08:00");
		o.by = DIM_NONE;
		assert_null(report_build(&st, &o, &r));
		assert_int_equal(r.revisit_due, 2);
		assert_int_equal(r.revisit_on_time, 1);
		assert_int_equal(r.revisit_missed, 0);
		report_release(&r);
	}
}

static void
breakdowns_top_problems_and_overdue(void **state)
{
	struct report r;

	(void)state;
	week47(&r, DIM_NONE);
	assert_int_equal(r.by[0].nr, 5);	/* category */
	tally_is(&r.by[0], 0, "inquiry", 3);
	tally_is(&r.by[0], 1, "after-sales", 2);
	tally_is(&r.by[0], 2, "complaint", 2);
	tally_is(&r.by[0], 3, "-", 1);
	tally_is(&r.by[0], 4, "request", 1);
	assert_int_equal(r.by[1].nr, 4);	/* priority */
	tally_is(&r.by[1], 0, "low", 3);
	tally_is(&r.by[1], 1, "urgent", 3);
	tally_is(&r.by[1], 2, "normal", 2);
	tally_is(&r.by[1], 3, "-", 1);
	assert_int_equal(r.by[2].nr, 6);	/* channel */
	tally_is(&r.by[2], 0, "phone", 4);
	tally_is(&r.by[2], 1, "app", 1);
	tally_is(&r.by[2], 5, "web", 1);
	assert_int_equal(r.by[3].nr, 5);	/* module */
	tally_is(&r.by[3], 0, "-", 3);
	tally_is(&r.by[3], 1, "billing", 2);
	tally_is(&r.by[3], 2, "logistics", 2);
	tally_is(&r.by[3], 3, "app", 1);
	tally_is(&r.by[3], 4, "repair", 1);

	assert_int_equal(r.top_problems.nr, 6);
	tally_is(&r.top_problems, 0, "complaint/logistics", 2);
	tally_is(&r.top_problems, 1, "inquiry/billing", 2);
	tally_is(&r.top_problems, 2, "after-sales/-", 1);
	tally_is(&r.top_problems, 3, "after-sales/repair", 1);
	tally_is(&r.top_problems, 4, "inquiry/-", 1);
	tally_is(&r.top_problems, 5, "request/app", 1);

	/* open at the end of the week and past a deadline, the worst first;
	 * a missed revisit (T6) is overdue too */
	assert_int_equal(r.noverdue, 3);
	assert_string_equal(r.overdue[0].id, "CS-20261118-0001");
	assert_string_equal(r.overdue[0].priority, "urgent");
	assert_string_equal(r.overdue[0].assignee, "li");
	assert_string_equal(r.overdue[0].due, "2026-11-18T10:00:00+08:00");
	near(r.overdue[0].hours_over, 110);
	assert_string_equal(r.overdue[1].id, "CS-20261110-0001");	/* T6 */
	assert_string_equal(r.overdue[1].due, "2026-11-19T10:00:00+08:00");
	near(r.overdue[1].hours_over, 86);
	assert_string_equal(r.overdue[2].id, "CS-20261122-0001");
	assert_string_equal(r.overdue[2].assignee, "");
	assert_string_equal(r.overdue[2].due, "2026-11-22T10:00:00+08:00");
	near(r.overdue[2].hours_over, 14);
	report_release(&r);
}

static void
per_agent_figures(void **state)
{
	static const struct {
		const char *agent;
		long assigned, resolved;
		double median;
		long sla_num, sla_den, csat_num, csat_den;
	} want[] = {
		{ "chen", 1, 1, 6, 1, 1, 1, 1 },
		{ "li", 2, 1, 49, 0, 1, 1, 1 },
		{ "liu", 1, 1, 47, 1, 1, 0, 2 },
		{ "sun", 1, 1, 10, 1, 1, 0, 0 },
		{ "wang", 1, 0, -1, 0, 0, 0, 0 },
		{ "zhang", 1, 0, -1, 0, 0, 0, 0 },
		{ "zhao", 1, 1, 28, 0, 1, 1, 1 },
		{ "zhou", 1, 1, 3, 1, 1, 0, 0 },
	};
	struct report r;

	(void)state;
	week47(&r, DIM_NONE);
	/* li: T1 and T4 (assigned to li twice, counted once) */
	assert_int_equal(r.nagents, 8);
	for (size_t i = 0; i < r.nagents; i++) {
		const struct agent_row *a = &r.agents[i];

		assert_string_equal(a->agent, want[i].agent);
		assert_int_equal(a->assigned, want[i].assigned);
		assert_int_equal(a->resolved, want[i].resolved);
		near(report_median(&a->reso), want[i].median);
		assert_int_equal(a->sla.num, want[i].sla_num);
		assert_int_equal(a->sla.den, want[i].sla_den);
		assert_int_equal(a->csat.num, want[i].csat_num);
		assert_int_equal(a->csat.den, want[i].csat_den);
	}
	near(report_pct(&r.agents[5].csat), -1);	/* zhang: nothing rated */
	near(report_pct(&r.agents[2].csat), 0);		/* liu: rated, none satisfied */
	report_release(&r);
}

static void
by_dimension_rows(void **state)
{
	static const struct {
		const char *value;
		long opened, resolved, sla_num, sla_den, csat_num, csat_den;
	} want[] = {
		{ "-", 2, 0, 0, 0, 0, 0 },
		{ "chen", 1, 1, 1, 1, 1, 1 },
		{ "li", 2, 1, 0, 1, 1, 1 },
		{ "liu", 1, 1, 1, 1, 0, 2 },
		{ "sun", 1, 1, 1, 1, 0, 0 },
		{ "zhang", 0, 0, 0, 0, 0, 0 },	/* T6: open at the week's end */
		{ "zhao", 1, 1, 0, 1, 1, 1 },
		{ "zhou", 1, 1, 1, 1, 0, 0 },
	};
	struct report r;

	(void)state;
	long opened = 0;

	week47(&r, DIM_ASSIGNEE);
	/* zhang (T6) had nothing in the week but holds it at its end */
	assert_int_equal(r.ndims, 8);
	assert_int_equal(r.dims[5].backlog, 1);
	for (size_t i = 0; i < r.ndims; i++) {
		/* each value's whole report agrees with its row, and together
		 * they are the report */
		const struct report *v = r.dims[i].sub;
		assert_non_null(v);
		assert_int_equal(v->opened, want[i].opened);
		assert_int_equal(v->resolved, want[i].resolved);
		assert_int_equal(v->sla_resolution.num, want[i].sla_num);
		assert_int_equal(v->sla_resolution.den, want[i].sla_den);
		assert_int_equal(v->csat_confirm[SAT_SATISFIED], want[i].csat_num);
		assert_null(v->dims);
		opened += v->opened;
		assert_string_equal(r.dims[i].value, want[i].value);
		assert_int_equal(r.dims[i].opened, want[i].opened);
		assert_int_equal(r.dims[i].resolved, want[i].resolved);
		assert_int_equal(r.dims[i].sla.num, want[i].sla_num);
		assert_int_equal(r.dims[i].sla.den, want[i].sla_den);
		assert_int_equal(r.dims[i].csat.num, want[i].csat_num);
		assert_int_equal(r.dims[i].csat.den, want[i].csat_den);
	}
	assert_int_equal(opened, r.opened);
	report_release(&r);
	week47(&r, DIM_NONE);
	assert_int_equal(r.ndims, 0);
	report_release(&r);
}

static void
a_past_week_reads_from_history(void **state)
{
	struct report r;

	(void)state;
	build(&r, "2026-11-09T00:00:00+08:00", "2026-11-16T00:00:00+08:00", DIM_NONE);
	assert_int_equal(r.opened, 1);		/* T6 */
	assert_int_equal(r.resolved, 1);
	assert_int_equal(r.archived, 0);
	/* T6 was in follow-up when the week ended; no other ticket existed */
	assert_int_equal(r.backlog[ST_FOLLOWUP], 1);
	assert_int_equal(r.backlog[ST_INTAKE] + r.backlog[ST_CLASSIFIED] +
	    r.backlog[ST_ASSIGNED] + r.backlog[ST_RESOLVED], 0);
	/* first contact and resolution exactly at their deadlines: met */
	ratio_is(&r.sla_response, 1, 1, 100);
	ratio_is(&r.sla_resolution, 1, 1, 100);
	near(report_median(&r.response), 24);
	near(report_median(&r.resolution), 48);
	ratio_is(&r.fcr, 1, 1, 100);
	ratio_is(&r.reopen, 0, 1, 0);
	assert_int_equal(r.csat_confirm[SAT_SATISFIED], 1);
	assert_int_equal(r.revisit_due, 0);	/* due in week 47 */
	assert_int_equal(r.repeat_customers, 1);
	assert_int_equal(r.repeat_repeat, 0);
	assert_int_equal(r.noverdue, 0);
	assert_int_equal(r.nagents, 1);
	assert_string_equal(r.agents[0].agent, "zhang");
	assert_int_equal(r.agents[0].assigned, 1);
	ratio_is(&r.agents[0].csat, 1, 1, 100);
	report_release(&r);
}

static void
negative_durations_are_left_out_and_counted(void **state)
{
	struct report r;

	(void)state;
	build(&r, "2026-11-30T00:00:00+08:00", "2026-12-07T00:00:00+08:00", DIM_NONE);
	assert_int_equal(r.opened, 2);
	assert_int_equal(r.resolved, 2);
	assert_int_equal(r.response.nr, 1);
	assert_int_equal(r.response.negative, 1);
	assert_int_equal(r.resolution.nr, 1);
	assert_int_equal(r.resolution.negative, 1);
	near(report_median(&r.response), 3);
	near(report_p90(&r.resolution), 6);
	/* T12 has no deadlines: outside the SLA, inside escalation % */
	ratio_is(&r.sla_response, 1, 1, 100);
	ratio_is(&r.sla_resolution, 1, 1, 100);
	ratio_is(&r.escalation, 0, 2, 0);
	assert_int_equal(r.backlog[ST_ASSIGNED], 2);	/* T4, T7 */
	assert_int_equal(r.backlog[ST_RESOLVED], 4);	/* T9, T11, T12, T13 */
	/* A week that has not ended (now is Nov 25 12:00) counts lateness up
	 * to now, never ahead of time; the worst first. */
	assert_int_equal(r.noverdue, 4);
	assert_string_equal(r.overdue[0].id, "CS-20261118-0001");
	near(r.overdue[0].hours_over, 170);
	assert_string_equal(r.overdue[1].id, "CS-20261110-0001");	/* T6's revisit */
	near(r.overdue[1].hours_over, 146);
	assert_string_equal(r.overdue[2].id, "CS-20261122-0001");
	near(r.overdue[2].hours_over, 74);
	assert_string_equal(r.overdue[3].id, "CS-20261123-0001");
	assert_string_equal(r.overdue[3].due, "2026-11-24T10:00:00+08:00");
	near(r.overdue[3].hours_over, 26);
	report_release(&r);
}

static void
a_period_with_nothing_is_null(void **state)
{
	struct report r;

	(void)state;
	build(&r, "2025-11-17T00:00:00+08:00", "2025-11-24T00:00:00+08:00", DIM_CATEGORY);
	assert_int_equal(r.tickets_read, 13);
	assert_int_equal(r.opened + r.resolved + r.archived, 0);
	for (int i = 0; i < ST_COUNT; i++)
		assert_int_equal(r.backlog[i], 0);
	ratio_is(&r.sla_response, 0, 0, -1);
	ratio_is(&r.sla_resolution, 0, 0, -1);
	ratio_is(&r.fcr, 0, 0, -1);
	ratio_is(&r.escalation, 0, 0, -1);
	ratio_is(&r.reopen, 0, 0, -1);
	ratio_is(&r.vip_coverage, 0, 0, -1);
	for (int i = 0; i < 3; i++)
		ratio_is(&r.sla_by_priority[i], 0, 0, -1);
	near(report_median(&r.response), -1);
	near(report_p90(&r.response), -1);
	near(report_median(&r.resolution), -1);
	near(report_p90(&r.resolution), -1);
	assert_int_equal(r.noverdue + r.nagents + r.ndims + r.top_problems.nr, 0);
	assert_int_equal(r.repeat_customers + r.repeat_repeat + r.revisit_due, 0);
	report_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(median_of_an_even_count_is_the_mean_of_the_middle_two),
		cmocka_unit_test(median_and_p90_are_those_of_the_sorted_values),
		cmocka_unit_test(p90_is_by_nearest_rank),
		cmocka_unit_test(percentages_have_one_decimal_and_are_null_when_nothing_counted),
		cmocka_unit_test(volume_and_backlog),
		cmocka_unit_test(backlog_is_each_status_at_the_end_of_the_period),
		cmocka_unit_test(sla_and_durations),
		cmocka_unit_test(fcr_escalation_reopen_and_satisfaction),
		cmocka_unit_test(revisits_vip_coverage_and_repeat_complaints),
		cmocka_unit_test(breakdowns_top_problems_and_overdue),
		cmocka_unit_test(per_agent_figures),
		cmocka_unit_test(by_dimension_rows),
		cmocka_unit_test(a_past_week_reads_from_history),
		cmocka_unit_test(negative_durations_are_left_out_and_counted),
		cmocka_unit_test(a_period_with_nothing_is_null),
	};
	return cmocka_run_group_tests_name("report", tests, group_setup, group_teardown);
}
