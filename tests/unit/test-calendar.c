/*
 * test-calendar.c — durations and working time, against a table worked out
 * by hand with a wall calendar (all times +08:00).
 *
 * The calendar of SPEC §9: Mon–Fri 09:00–18:00, Saturday 09:00–12:00;
 * National Day 2026-10-01..07 off; make-up workdays (调休) Sunday
 * 2026-09-20 and Saturday 2026-10-10, with Monday's hours; New Year's
 * Day 2027-01-01 off.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "calendar.h"

static struct calendar cal;

static int
setup(void **state)
{
	static const char *const week[7] = { "09:00-18:00", "09:00-18:00", "09:00-18:00",
		"09:00-18:00", "09:00-18:00", "09:00-12:00", "" };
	int64_t both;

	(void)state;
	memset(&cal, 0, sizeof(cal));
	for (int i = 0; i < 7; i++)
		assert_int_equal(calendar_parse_day(week[i], &cal.week[i]), 0);
	assert_int_equal(calendar_add_days(&cal, "2026-10-01..2026-10-07", 0), 0);
	assert_int_equal(calendar_add_days(&cal, "2027-01-01", 0), 0);
	assert_int_equal(calendar_add_days(&cal, "2026-09-20", 1), 0);
	assert_int_equal(calendar_add_days(&cal, "2026-10-10", 1), 0);
	assert_int_equal(calendar_finish(&cal, &both), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	calendar_release(&cal);
	return 0;
}

/* from + dur on `c` must be `want`, with `skipped` seconds passed over. */
static void
due(const struct calendar *c, const char *from, const char *dur, const char *want,
    int64_t skipped)
{
	struct ctime f, out;
	struct duration d;
	char buf[CLOCK_BUFSZ];
	int64_t sk;

	assert_int_equal(clock_parse(from, &f), 0);
	assert_int_equal(duration_parse(dur, &d), 0);
	assert_int_equal(calendar_add(c, &f, &d, &out, &sk), 0);
	clock_format(&out, buf);
	if (strcmp(buf, want) != 0)
		fail_msg("%s + %s: got %s, want %s", from, dur, buf, want);
	if (skipped >= 0 && sk != skipped)
		fail_msg("%s + %s: skipped %lld s, want %lld", from, dur, (long long)sk,
		    (long long)skipped);
}

static void
durations_parse_and_print(void **state)
{
	static const char *const ok[] = { "15m", "4h", "3d", "8bh", "2bd", "0bd" };
	struct duration d;
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(duration_parse(ok[i], &d), 0);
		duration_format(&d, buf);
		assert_string_equal(buf, ok[i]);
	}
	assert_int_equal(duration_parse("24", &d), 0);	/* schema 1: hours */
	assert_int_equal(d.unit, DUR_HOUR);
	assert_int_equal(d.n, 24);
	assert_int_equal(duration_parse("1w", &d), -1);
	assert_int_equal(duration_parse("h", &d), -1);
	assert_int_equal(duration_parse("-1h", &d), -1);
	assert_int_equal(duration_parse("1.5h", &d), -1);
	assert_int_equal(duration_parse("", &d), -1);
}

static void
wall_clock_units_ignore_the_calendar(void **state)
{
	(void)state;
	due(&cal, "2026-11-23T11:50:00+08:00", "15m", "2026-11-23T12:05:00+08:00", 0);
	due(&cal, "2026-11-20T17:30:00+08:00", "4h", "2026-11-20T21:30:00+08:00", 0);
	due(&cal, "2026-12-31T20:00:00+08:00", "24h", "2027-01-01T20:00:00+08:00", 0);
	due(&cal, "2026-09-30T17:30:00+08:00", "3d", "2026-10-03T17:30:00+08:00", 0);
}

static void
business_days_follow_the_working_days(void **state)
{
	(void)state;
	/* Friday 17:30 before National Day week, 1bd: Saturday works only
	 * 09:00–12:00, so at its close. */
	due(&cal, "2026-09-25T17:30:00+08:00", "1bd", "2026-09-26T12:00:00+08:00", -1);
	/* The eve of the holiday week: the next working day is 10-08. */
	due(&cal, "2026-09-30T17:30:00+08:00", "1bd", "2026-10-08T17:30:00+08:00", -1);
	due(&cal, "2026-09-29T17:30:00+08:00", "2bd", "2026-10-08T17:30:00+08:00", -1);
	/* The make-up Saturday 10-10 counts, with Monday's hours. */
	due(&cal, "2026-10-09T15:00:00+08:00", "1bd", "2026-10-10T15:00:00+08:00", -1);
	/* Sunday 09-20 is a make-up workday; Saturday 09-19 closes at 12:00. */
	due(&cal, "2026-09-18T16:00:00+08:00", "2bd", "2026-09-20T16:00:00+08:00", -1);
	/* Across New Year: 12-31, (01-01 off), Saturday 01-02 closes at noon. */
	due(&cal, "2026-12-30T17:00:00+08:00", "2bd", "2027-01-02T12:00:00+08:00", -1);
	/* A start outside working time counts from the next opening. */
	due(&cal, "2026-11-22T20:00:00+08:00", "1bd", "2026-11-24T09:00:00+08:00", -1);
}

static void
business_hours_count_working_time(void **state)
{
	(void)state;
	/* Opened on the make-up Saturday: 8 h fit, 10:00–18:00. */
	due(&cal, "2026-10-10T10:00:00+08:00", "8bh", "2026-10-10T18:00:00+08:00", 0);
	/* 17:00 on it: 1 h there, Sunday off, 1 h on Monday. */
	due(&cal, "2026-10-10T17:00:00+08:00", "2bh", "2026-10-12T10:00:00+08:00",
	    (int64_t)(15 + 24) * 3600);
	/* Sunday evening: from Monday's opening. */
	due(&cal, "2026-11-22T20:00:00+08:00", "4bh", "2026-11-23T13:00:00+08:00",
	    13 * 3600);
	/* Over the holiday week: 30 min on 09-30, then 10-08. */
	due(&cal, "2026-09-30T17:30:00+08:00", "1bh", "2026-10-08T09:30:00+08:00", -1);
	/* Saturday noon is the end of the day: Monday. */
	due(&cal, "2026-11-21T11:00:00+08:00", "2bh", "2026-11-23T10:00:00+08:00", -1);
}

static void
a_break_is_not_working_time(void **state)
{
	struct calendar c;

	(void)state;
	calendar_default(&c);
	assert_int_equal(calendar_parse_day("09:00-12:00,13:30-18:00", &c.week[0]), 0);
	/* Monday 11:30, 1bh: 30 min before lunch, 30 after. */
	due(&c, "2026-11-23T11:30:00+08:00", "1bh", "2026-11-23T14:00:00+08:00", 90 * 60);
	/* A 15-minute clock is wall-clock time, lunch or not. */
	due(&c, "2026-11-23T11:50:00+08:00", "15m", "2026-11-23T12:05:00+08:00", 0);
	/* Opened during lunch: from 13:30. */
	due(&c, "2026-11-23T12:30:00+08:00", "15m", "2026-11-23T12:45:00+08:00", 0);
	due(&c, "2026-11-23T12:30:00+08:00", "1bh", "2026-11-23T14:30:00+08:00", 60 * 60);
	calendar_release(&c);
}

static void
bad_calendars_are_refused(void **state)
{
	struct cal_day d;
	struct calendar c;
	int64_t both;

	(void)state;
	assert_int_equal(calendar_parse_day("9-18", &d), -1);
	assert_int_equal(calendar_parse_day("18:00-09:00", &d), -1);
	assert_int_equal(calendar_parse_day("09:00-12:00,11:00-18:00", &d), -1);
	assert_int_equal(calendar_parse_day("09:00-25:00", &d), -1);
	assert_int_equal(calendar_parse_day("closed", &d), 0);
	assert_int_equal(d.n, 0);
	calendar_default(&c);
	assert_int_equal(calendar_add_days(&c, "2026-02-30", 0), -1);
	assert_int_equal(calendar_add_days(&c, "2026-10-07..2026-10-01", 0), -1);
	assert_int_equal(calendar_add_days(&c, "2026-10-01..2026-10-07", 0), 0);
	assert_int_equal(calendar_add_days(&c, "2026-10-03", 1), 0);
	assert_int_equal(calendar_finish(&c, &both), -1);	/* off and worked */
	assert_true(both == clock_days_from_civil(2026, 10, 3));
	calendar_release(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(durations_parse_and_print),
		cmocka_unit_test(wall_clock_units_ignore_the_calendar),
		cmocka_unit_test(business_days_follow_the_working_days),
		cmocka_unit_test(business_hours_count_working_time),
		cmocka_unit_test(a_break_is_not_working_time),
		cmocka_unit_test(bad_calendars_are_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
