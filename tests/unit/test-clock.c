/* test-clock.c — RFC 3339, calendar arithmetic, ISO weeks, CSTK_NOW. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clock.h"

static void
parses_offset_and_formats_it_back(void **state)
{
	struct ctime ct;
	char buf[CLOCK_BUFSZ];

	(void)state;
	assert_int_equal(clock_parse("2026-11-22T09:15:00+08:00", &ct), 0);
	assert_int_equal(ct.t, 1795310100);	/* 2026-11-22T01:15:00Z */
	assert_int_equal(ct.off, 8 * 3600);
	clock_format(&ct, buf);
	assert_string_equal(buf, "2026-11-22T09:15:00+08:00");
	assert_int_equal(clock_parse("2026-11-22T01:15:00Z", &ct), 0);
	assert_int_equal(ct.t, 1795310100);
	clock_format(&ct, buf);
	assert_string_equal(buf, "2026-11-22T01:15:00+00:00");
	assert_int_equal(clock_parse("2026-11-21T20:15:00.250-05:00", &ct), 0);
	assert_int_equal(ct.t, 1795310100);
}

/* The hand-written digits print what printf would, over years, offsets
 * either side of UTC and the edges (year 0, 9999, and past it). */
static void
formats_like_printf(void **state)
{
	static const int64_t ts[] = { 0, -62167219200, 253402300799, 253402300800,
	    1795310100, 951782400, -1 };
	static const int offs[] = { 0, 8 * 3600, -5 * 3600 - 30 * 60, 14 * 3600, -12 * 3600,
	    5 * 3600 + 45 * 60 };
	char buf[CLOCK_BUFSZ], want[CLOCK_BUFSZ * 2];

	(void)state;
	for (size_t i = 0; i < sizeof(ts) / sizeof(ts[0]); i++)
		for (size_t j = 0; j < sizeof(offs) / sizeof(offs[0]); j++) {
			struct ctime ct = { ts[i], offs[j] };
			int64_t local = ct.t + ct.off;
			int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
			int64_t rem = local - days * 86400;
			int y, mo, d, off = offs[j] < 0 ? -offs[j] : offs[j];

			clock_civil_from_days(days, &y, &mo, &d);
			snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
			    y, mo, d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
			    offs[j] < 0 ? '-' : '+', off / 3600, off / 60 % 60);
			clock_format(&ct, buf);
			assert_string_equal(buf, want);
		}
}

static void
rejects_malformed_times(void **state)
{
	static const char *bad[] = {
		"", "2026-11-22", "2026-11-22T09:15+08:00", "2026-11-22T09:15:00",
		"2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-22T24:00:00Z",
		"2026-11-22T09:15:00+0800", "2026-11-22T09:15:00+08:00x", "26-11-22T09:15:00Z",
		"2026-11-22T09:15:00.Z", "2026-11-22X09:15:00Z",
	};
	struct ctime ct;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(clock_parse(bad[i], &ct), -1);
	assert_int_equal(clock_parse("2024-02-29T00:00:00Z", &ct), 0);
}

/* A real instant before 1970-01-01T00:00:00Z is said to be early, as
 * written in any offset; a day that never was is not a time, whatever its
 * year. */
static void
days_before_1970_are_early(void **state)
{
	struct ctime now = { 1795310100, 8 * 3600 }, ct;

	(void)state;
	assert_int_equal(clock_parse("1969-12-31T23:59:59Z", &ct), CLOCK_EARLY);
	assert_int_equal(clock_parse("1900-01-01T00:00:00+08:00", &ct), CLOCK_EARLY);
	assert_int_equal(clock_parse("0000-02-29T00:00:00Z", &ct), CLOCK_EARLY);
	assert_int_equal(clock_parse("1900-02-29T00:00:00Z", &ct), -1);
	assert_int_equal(clock_parse("1969-13-01T00:00:00Z", &ct), -1);
	assert_int_equal(clock_parse("1970-01-01T00:00:00Z", &ct), 0);
	assert_int_equal(clock_parse("1970-01-01T00:00:00+08:00", &ct), CLOCK_EARLY);
	assert_int_equal(clock_parse("1970-01-01T07:59:59+08:00", &ct), CLOCK_EARLY);
	assert_int_equal(clock_parse("1970-01-01T08:00:00+08:00", &ct), 0);
	assert_true(ct.t == 0);
	assert_int_equal(clock_parse("1969-12-31T23:59:59-08:00", &ct), 0);
	assert_true(ct.t == 7 * 3600 + 59 * 60 + 59);
	assert_int_equal(clock_parse_user("1969-07-20 20:17", &now, &ct), CLOCK_EARLY);
	assert_int_equal(clock_parse_user("1970-01-01 07:00", &now, &ct), CLOCK_EARLY);
	assert_int_equal(clock_parse_user("1970-01-01 09:00", &now, &ct), 0);
	assert_int_equal(clock_parse_user("1969-07-32", &now, &ct), -1);
}

static void
user_times_take_the_offset_of_now(void **state)
{
	struct ctime now = { 1795310100, 8 * 3600 }, ct;
	char buf[CLOCK_BUFSZ];

	(void)state;
	assert_int_equal(clock_parse_user("2026-11-20 09:30", &now, &ct), 0);
	clock_format(&ct, buf);
	assert_string_equal(buf, "2026-11-20T09:30:00+08:00");
	assert_int_equal(clock_parse_user("2026-11-20", &now, &ct), 0);
	clock_format(&ct, buf);
	assert_string_equal(buf, "2026-11-20T00:00:00+08:00");
	assert_int_equal(clock_parse_user("yesterday", &now, &ct), -1);
}

static void
iso_weeks_at_year_edges(void **state)
{
	int y, w;

	(void)state;
	clock_iso_week(clock_days_from_civil(2026, 11, 22), &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 47);
	clock_iso_week(clock_days_from_civil(2021, 1, 3), &y, &w);	/* Sunday */
	assert_int_equal(y, 2020);
	assert_int_equal(w, 53);
	clock_iso_week(clock_days_from_civil(2024, 12, 30), &y, &w);	/* Monday */
	assert_int_equal(y, 2025);
	assert_int_equal(w, 1);
	assert_int_equal(clock_iso_week_monday(2026, 47), clock_days_from_civil(2026, 11, 16));
	assert_int_equal(clock_iso_week_monday(2025, 1), clock_days_from_civil(2024, 12, 30));
}

static void
civil_round_trips(void **state)
{
	(void)state;
	for (int64_t d = -1000; d < 30000; d += 7) {
		int y, m, dd;
		clock_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(clock_days_from_civil(y, m, dd), d);
	}
}

static void
now_comes_from_cstk_now(void **state)
{
	struct ctime ct;
	const struct error *err;

	(void)state;
	setenv("CSTK_NOW", "2026-11-22T09:15:00+08:00", 1);
	assert_null(clock_now(&ct));
	assert_int_equal(ct.t, 1795310100);
	setenv("CSTK_NOW", "tomorrow", 1);
	err = clock_now(&ct);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_USAGE);
	assert_non_null(strstr(err->msg, "CSTK_NOW 'tomorrow'"));
	unsetenv("CSTK_NOW");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_offset_and_formats_it_back),
		cmocka_unit_test(formats_like_printf),
		cmocka_unit_test(rejects_malformed_times),
		cmocka_unit_test(days_before_1970_are_early),
		cmocka_unit_test(user_times_take_the_offset_of_now),
		cmocka_unit_test(iso_weeks_at_year_edges),
		cmocka_unit_test(civil_round_trips),
		cmocka_unit_test(now_comes_from_cstk_now),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
