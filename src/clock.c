/* clock.c — RFC 3339 instants and calendar arithmetic; see clock.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t
clock_days_from_civil(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
clock_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A day of the calendar, whatever the year. */
static int
day_exists(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int
clock_valid_date(int y, int m, int d)
{
	return y >= 1970 && y <= 9999 && day_exists(y, m, d);
}

/* Read exactly n digits. */
static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* Date, optional time; `*has_off` tells whether an offset was given. */
static int
parse_parts(const char *s, int need_time, struct ctime *out, int *has_off)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh, om;
	const char *p = s;

	*has_off = 0;
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d))
		return -1;
	if (!day_exists(y, mo, d))
		return -1;
	if (*p == '\0') {
		if (need_time)
			return -1;
		goto done;
	}
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
		return -1;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &sec))
			return -1;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
		}
	} else if (need_time) {
		return -1;
	}
	if (h > 23 || mi > 59 || sec > 60)
		return -1;
	if (*p == 'Z' || *p == 'z') {
		*has_off = 1;
		out->off = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
		    oh > 23 || om > 59)
			return -1;
		*has_off = 1;
		out->off = sign * (oh * 3600 + om * 60);
	}
	if (*p != '\0')
		return -1;
done:
	out->t = clock_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	    (sec == 60 ? 59 : sec);
	if (*has_off)
		out->t -= out->off;
	return 0;
}

/* A real instant before 1970-01-01T00:00:00Z, where cstk's times begin,
 * whatever the offset it is written in. */
static int
early(const struct ctime *ct)
{
	return ct->t < 0 ? CLOCK_EARLY : 0;
}

int
clock_parse(const char *s, struct ctime *out)
{
	int has_off, rc;
	struct ctime ct;

	if ((rc = parse_parts(s, 1, &ct, &has_off)) != 0)
		return rc;
	if (!has_off)
		return -1;
	if ((rc = early(&ct)) != 0) {
		out->off = ct.off;	/* to name the first instant in it */
		return rc;
	}
	*out = ct;
	return 0;
}

int
clock_parse_user(const char *s, const struct ctime *now, struct ctime *out)
{
	int has_off, rc;
	struct ctime ct = { 0, 0 };

	if ((rc = parse_parts(s, 0, &ct, &has_off)) != 0)
		return rc;
	if (!has_off) {
		ct.off = now->off;
		ct.t -= ct.off;
	}
	if ((rc = early(&ct)) != 0) {
		out->off = ct.off;
		return rc;
	}
	*out = ct;
	return 0;
}

/* Named as the first instant there is, in the offset `s` was read in: at
 * +08:00, '1970-01-01' is before 1970-01-01T08:00:00+08:00. */
static const struct error *
early_error(const char *what, const char *s, int off)
{
	struct ctime first = { 0, off };
	char buf[CLOCK_BUFSZ];

	clock_format(&first, buf);
	return error_new(ERR_USAGE, "%s '%s' is before %s, where cstk's times begin",
	    what, s, buf);
}

const struct error *
clock_arg(const char *what, const char *s, const struct ctime *now, struct ctime *out)
{
	switch (clock_parse_user(s, now, out)) {
	case 0:
		return NULL;
	case CLOCK_EARLY:
		return early_error(what, s, out->off);
	default:
		return error_new(ERR_USAGE, "%s '%s' is not a time; use YYYY-MM-DD, "
		    "'YYYY-MM-DD HH:MM' or RFC 3339 (2026-11-22T09:15:00+08:00)", what, s);
	}
}

const struct error *
clock_arg_rfc3339(const char *what, const char *s, struct ctime *out)
{
	switch (clock_parse(s, out)) {
	case 0:
		return NULL;
	case CLOCK_EARLY:
		return early_error(what, s, out->off);
	default:
		return error_new(ERR_USAGE, "%s '%s' is not an RFC 3339 time like "
		    "2026-11-22T09:15:00+08:00", what, s);
	}
}

const struct error *
clock_now(struct ctime *out)
{
	const char *env = getenv("CSTK_NOW");
	struct tm tm;
	time_t t;

	if (env && *env)
		return clock_arg_rfc3339("CSTK_NOW", env, out);
	t = time(NULL);
	if (localtime_r(&t, &tm) == NULL)
		return error_sys("localtime");
	out->t = (int64_t)t;
	out->off = (int)tm.tm_gmtoff;
	return NULL;
}

static void
split(const struct ctime *ct, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
	int64_t local = ct->t + ct->off;
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t rem = local - days * 86400;

	clock_civil_from_days(days, y, mo, d);
	*h = (int)(rem / 3600);
	*mi = (int)(rem / 60 % 60);
	*s = (int)(rem % 60);
}

static void
two(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

void
clock_format(const struct ctime *ct, char buf[CLOCK_BUFSZ])
{
	int y, mo, d, h, mi, s;
	int off = ct->off < 0 ? -ct->off : ct->off;

	split(ct, &y, &mo, &d, &h, &mi, &s);
	if (y < 0 || y > 9999 || off / 3600 > 99) {
		snprintf(buf, CLOCK_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    y, mo, d, h, mi, s, ct->off < 0 ? '-' : '+', off / 3600, off / 60 % 60);
		return;
	}
	/* The same text without printf: export writes a million of these. */
	two(buf, y / 100);
	two(buf + 2, y % 100);
	buf[4] = '-';
	two(buf + 5, mo);
	buf[7] = '-';
	two(buf + 8, d);
	buf[10] = 'T';
	two(buf + 11, h);
	buf[13] = ':';
	two(buf + 14, mi);
	buf[16] = ':';
	two(buf + 17, s);
	buf[19] = ct->off < 0 ? '-' : '+';
	two(buf + 20, off / 3600);
	buf[22] = ':';
	two(buf + 23, off / 60 % 60);
	buf[25] = '\0';
}

void
clock_format_date(const struct ctime *ct, char buf[CLOCK_BUFSZ])
{
	int y, mo, d, h, mi, s;

	split(ct, &y, &mo, &d, &h, &mi, &s);
	snprintf(buf, CLOCK_BUFSZ, "%04d-%02d-%02d", y, mo, d);
}

void
clock_format_short(const struct ctime *ct, char buf[CLOCK_BUFSZ])
{
	int y, mo, d, h, mi, s;

	split(ct, &y, &mo, &d, &h, &mi, &s);
	snprintf(buf, CLOCK_BUFSZ, "%02d-%02d %02d:%02d", mo, d, h, mi);
}

int64_t
clock_local_day(const struct ctime *ct)
{
	int64_t local = ct->t + ct->off;
	return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

/* 1970-01-01 was a Thursday; ISO weekday 1 = Monday. */
static int
iso_weekday(int64_t day)
{
	int64_t w = (day + 3) % 7;
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

int64_t
clock_iso_week_monday(int year, int week)
{
	int64_t jan4 = clock_days_from_civil(year, 1, 4);
	int64_t week1 = jan4 - (iso_weekday(jan4) - 1);
	return week1 + (int64_t)(week - 1) * 7;
}

void
clock_iso_week(int64_t day, int *year, int *week)
{
	int64_t thursday = day - iso_weekday(day) + 4;
	int y, m, d;

	clock_civil_from_days(thursday, &y, &m, &d);
	*year = y;
	*week = (int)((thursday - clock_days_from_civil(y, 1, 1)) / 7 + 1);
}
