/* calendar.c — durations and working time; see calendar.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "strbuf.h"

/* How far a search for working time goes: ten years, plus the holidays
 * (the policy allows at most a year of working time in a duration, and
 * requires a week with working hours). */
#define MAX_DAYS (366 * 10 + (int)c->nholidays)

int
duration_parse(const char *s, struct duration *d)
{
	static const struct { const char *suffix; enum dur_unit unit; } units[] = {
		{ "bh", DUR_BHOUR }, { "bd", DUR_BDAY }, { "m", DUR_MIN },
		{ "h", DUR_HOUR }, { "d", DUR_DAY }, { "", DUR_HOUR },
	};
	char *end;
	long long n;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	n = strtoll(s, &end, 10);
	if (n < 0 || n > 100000)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].suffix) == 0) {
			d->n = n;
			d->unit = units[i].unit;
			return 0;
		}
	return -1;
}

void
duration_format(const struct duration *d, char buf[32])
{
	static const char *const suffix[] = { "m", "h", "d", "bh", "bd" };

	snprintf(buf, 32, "%lld%s", (long long)d->n, suffix[d->unit]);
}

void
calendar_default(struct calendar *c)
{
	memset(c, 0, sizeof(*c));
	for (int w = 0; w < 5; w++) {
		c->week[w].n = 1;
		c->week[w].open[0] = 9 * 60;
		c->week[w].close[0] = 18 * 60;
	}
}

void
calendar_release(struct calendar *c)
{
	free(c->holidays);
	free(c->workdays);
	memset(c, 0, sizeof(*c));
}

static int
hhmm(const char *s, int *min)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':' || sscanf(s, "%2d:%2d", &h, &m) != 2 ||
	    h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m))
		return -1;
	*min = h * 60 + m;
	return 0;
}

int
calendar_parse_day(const char *s, struct cal_day *d)
{
	char buf[128];
	int last = -1;

	memset(d, 0, sizeof(*d));
	if (*s == '\0' || strcmp(s, "closed") == 0)
		return 0;
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (char *span = strtok(buf, ","); span; span = strtok(NULL, ",")) {
		char *dash = strchr(span, '-');
		while (*span == ' ')
			span++;
		if (dash == NULL || d->n == CAL_SPANS)
			return -1;
		*dash = '\0';
		if (hhmm(span, &d->open[d->n]) || hhmm(dash + 1, &d->close[d->n]) ||
		    d->open[d->n] >= d->close[d->n] || d->open[d->n] < last)
			return -1;
		last = d->close[d->n];
		d->n++;
	}
	return 0;
}

static int
parse_date(const char *s, int64_t *day)
{
	int y, m, d;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    s[4] != '-' || s[7] != '-' || !clock_valid_date(y, m, d))
		return -1;
	*day = clock_days_from_civil(y, m, d);
	return 0;
}

int
calendar_add_days(struct calendar *c, const char *s, int workday)
{
	int64_t a, b;
	const char *dots = strstr(s, "..");
	int64_t **v = workday ? &c->workdays : &c->holidays;
	size_t *n = workday ? &c->nworkdays : &c->nholidays;

	if (dots) {
		char first[16];
		if (dots - s >= (long)sizeof(first))
			return -1;
		memcpy(first, s, (size_t)(dots - s));
		first[dots - s] = '\0';
		if (parse_date(first, &a) || parse_date(dots + 2, &b) || b < a || b - a > 366)
			return -1;
	} else if (parse_date(s, &a) == 0) {
		b = a;
	} else {
		return -1;
	}
	*v = xrealloc(*v, (*n + (size_t)(b - a) + 1) * sizeof(**v));
	for (int64_t day = a; day <= b; day++)
		(*v)[(*n)++] = day;
	return 0;
}

static int
cmp_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int
has_day(const int64_t *v, size_t n, int64_t day)
{
	return n && bsearch(&day, v, n, sizeof(*v), cmp_day) != NULL;
}

int
calendar_finish(struct calendar *c, int64_t *both)
{
	if (c->nholidays > 1)
		qsort(c->holidays, c->nholidays, sizeof(int64_t), cmp_day);
	if (c->nworkdays > 1)
		qsort(c->workdays, c->nworkdays, sizeof(int64_t), cmp_day);
	for (size_t i = 0; i < c->nworkdays; i++)
		if (has_day(c->holidays, c->nholidays, c->workdays[i])) {
			*both = c->workdays[i];
			return -1;
		}
	return 0;
}

const struct cal_day *
calendar_day(const struct calendar *c, int64_t day)
{
	/* 1970-01-01 was a Thursday: Monday is 0. */
	int wd = (int)(((day % 7) + 7 + 3) % 7);

	if (has_day(c->workdays, c->nworkdays, day))
		return c->week[0].n ? &c->week[0] : NULL;	/* Monday's hours */
	if (has_day(c->holidays, c->nholidays, day) || c->week[wd].n == 0)
		return NULL;
	return &c->week[wd];
}

/* Local day number and minute-of-day (with seconds) of an instant. */
static void
local(const struct ctime *ct, int64_t *day, int64_t *sec)
{
	int64_t l = ct->t + ct->off;

	*day = l >= 0 ? l / 86400 : (l - 86399) / 86400;
	*sec = l - *day * 86400;
}

static int64_t
instant(int64_t day, int64_t sec, int off)
{
	return day * 86400 + sec - off;
}

/* The first working moment at or after (day, sec): -1 if none soon. */
static int
next_open(const struct calendar *c, int64_t *day, int64_t *sec)
{
	for (int k = 0; k < MAX_DAYS; k++, (*day)++, *sec = 0) {
		const struct cal_day *d = calendar_day(c, *day);
		for (int i = 0; d && i < d->n; i++) {
			if (*sec < (int64_t)d->close[i] * 60) {
				if (*sec < (int64_t)d->open[i] * 60)
					*sec = (int64_t)d->open[i] * 60;
				return 0;
			}
		}
	}
	return -1;
}

/* Seconds of working time in [a, b). */
static int64_t
working_between(const struct calendar *c, int64_t a, int64_t b, int off)
{
	int64_t total = 0, day = (a + off) / 86400;

	for (int k = 0; k < MAX_DAYS && instant(day, 0, off) < b; k++, day++) {
		const struct cal_day *cd = calendar_day(c, day);
		for (int i = 0; cd && i < cd->n; i++) {
			int64_t o = instant(day, (int64_t)cd->open[i] * 60, off);
			int64_t e = instant(day, (int64_t)cd->close[i] * 60, off);
			if (o < a)
				o = a;
			if (e > b)
				e = b;
			if (e > o)
				total += e - o;
		}
	}
	return total;
}

void
calendar_skipped(const struct calendar *c, const struct ctime *from,
    const struct ctime *to, int64_t skipped, struct cal_skip *out)
{
	int64_t a = (from->t + from->off) / 86400, b = (to->t + from->off) / 86400;

	memset(out, 0, sizeof(*out));
	/* Whole days strictly between the two. */
	for (int64_t day = a + 1; day < b && day - a < MAX_DAYS; day++) {
		if (calendar_day(c, day) != NULL)
			continue;
		if (has_day(c->holidays, c->nholidays, day)) {
			if (out->holidays++ == 0)
				out->first_holiday = day;
			out->last_holiday = day;
		} else {
			out->closed_days++;
		}
	}
	out->other = skipped - (int64_t)(out->holidays + out->closed_days) * 86400;
	if (out->other < 0)
		out->other = 0;
}

int
calendar_add(const struct calendar *c, const struct ctime *from,
    const struct duration *d, struct ctime *out, int64_t *skipped)
{
	int64_t day, sec, start;

	*out = *from;
	*skipped = 0;
	switch (d->unit) {
	case DUR_MIN: out->t += d->n * 60; return 0;
	case DUR_HOUR: out->t += d->n * 3600; return 0;
	case DUR_DAY: out->t += d->n * 86400; return 0;
	case DUR_BHOUR:
	case DUR_BDAY:
		break;
	}
	local(from, &day, &sec);
	if (next_open(c, &day, &sec) < 0)
		return -1;
	start = instant(day, sec, from->off);
	if (d->unit == DUR_BHOUR) {
		int64_t left = d->n * 3600;
		for (int k = 0; k < MAX_DAYS; k++) {
			const struct cal_day *cd = calendar_day(c, day);
			for (int i = 0; cd && i < cd->n; i++) {
				int64_t o = (int64_t)cd->open[i] * 60, e = (int64_t)cd->close[i] * 60;
				if (sec >= e)
					continue;
				if (sec < o)
					sec = o;
				if (sec + left <= e) {
					out->t = instant(day, sec + left, from->off);
					*skipped = out->t - from->t -
					    working_between(c, from->t, out->t, from->off);
					return 0;
				}
				left -= e - sec;
				sec = e;
			}
			day++;
			sec = 0;
		}
		return -1;
	}
	/* DUR_BDAY: the same point of the working day, n working days on. */
	{
		int64_t point = sec, n = d->n;
		const struct cal_day *cd = NULL;
		while (n > 0) {
			day++;
			if ((cd = calendar_day(c, day)) != NULL)
				n--;
			if (day - (start / 86400) > MAX_DAYS)
				return -1;
		}
		if (cd == NULL)
			cd = calendar_day(c, day);
		if (point > (int64_t)cd->close[cd->n - 1] * 60)
			point = (int64_t)cd->close[cd->n - 1] * 60;
		if (point < (int64_t)cd->open[0] * 60)
			point = (int64_t)cd->open[0] * 60;
		out->t = instant(day, point, from->off);
		*skipped = out->t - from->t - working_between(c, from->t, out->t, from->off);
		return 0;
	}
}
