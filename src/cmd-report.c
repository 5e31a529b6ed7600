/* cmd-report.c — cstk report: the supervisor's week (SPEC §6). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "render.h"
#include "report.h"

/* Midnight of a day number in the offset of `now`. */
static struct ctime
midnight(int64_t day, const struct ctime *now)
{
	struct ctime ct = { day * 86400 - now->off, now->off };
	return ct;
}

static const struct error *
period(struct cmd_ctx *c, struct report_opts *o)
{
	const char *week = cmd_opt(c, "week"), *month = cmd_opt(c, "month");
	const char *since = cmd_opt(c, "since"), *until = cmd_opt(c, "until");
	int y, w, m, n = 0;
	char tail;

	if ((week != NULL) + (month != NULL) + (since != NULL || until != NULL) > 1)
		return error_new(ERR_USAGE, "give one period: --week, --month, or "
		    "--since/--until");
	o->now = c->now;
	if (week) {
		if (!isdigit((unsigned char)week[0]) ||
		    sscanf(week, "%4d-W%2d%n%c", &y, &w, &n, &tail) != 2 || n != 8 ||
		    w < 1 || w > 53)
			return error_new(ERR_USAGE, "--week '%s' should look like 2026-W47", week);
		if (y < 1970)
			return error_new(ERR_USAGE, "--week '%s' is before 1970, where cstk's "
			    "times begin", week);
		{
			int yy, ww;
			clock_iso_week(clock_iso_week_monday(y, w), &yy, &ww);
			if (yy != y || ww != w)
				return error_new(ERR_USAGE, "--week '%s': %d has no week %d", week,
				    y, w);
		}
		o->since = midnight(clock_iso_week_monday(y, w), &c->now);
		o->until = midnight(clock_iso_week_monday(y, w) + 7, &c->now);
	} else if (month) {
		if (!isdigit((unsigned char)month[0]) ||
		    sscanf(month, "%4d-%2d%n%c", &y, &m, &n, &tail) != 2 || n != 7 ||
		    m < 1 || m > 12)
			return error_new(ERR_USAGE, "--month '%s' should look like 2026-11", month);
		if (y < 1970)
			return error_new(ERR_USAGE, "--month '%s' is before 1970, where cstk's "
			    "times begin", month);
		o->months = 1;
		o->since = midnight(clock_days_from_civil(y, m, 1), &c->now);
		o->until = midnight(m == 12 ? clock_days_from_civil(y + 1, 1, 1)
		    : clock_days_from_civil(y, m + 1, 1), &c->now);
	} else {
		int64_t today = clock_local_day(&c->now);
		const struct error *err;
		int wy, ww;

		clock_iso_week(today, &wy, &ww);
		o->since = midnight(clock_iso_week_monday(wy, ww), &c->now);
		o->until = c->now;
		if (since && (err = clock_arg("--since", since, &c->now, &o->since)) != NULL)
			return err;
		if (until && (err = clock_arg("--until", until, &c->now, &o->until)) != NULL)
			return err;
	}
	if (o->until.t <= o->since.t) {
		char a[CLOCK_BUFSZ], b[CLOCK_BUFSZ];
		clock_format(&o->until, a);
		clock_format(&o->since, b);
		return error_new(ERR_USAGE, "the period is empty: --until '%s' must be after "
		    "--since '%s'", a, b);
	}
	return NULL;
}

static const struct error *
run_report(struct cmd_ctx *c)
{
	static const char *const formats[] = { "table", "csv", "json", "html" };
	const char *format = cmd_opt(c, "format"), *by = cmd_opt(c, "by");
	const char *top = cmd_opt(c, "top"), *trend = cmd_opt(c, "trend");
	struct report_opts o;
	struct report r;
	const struct error *err;
	int fmt = 0;

	memset(&o, 0, sizeof(o));
	o.top = 10;
	o.by = DIM_NONE;
	if ((err = period(c, &o)) != NULL)
		return err;
	if (format) {
		for (fmt = 0; fmt < 4 && strcmp(format, formats[fmt]); fmt++)
			;
		if (fmt == 4)
			return error_new(ERR_USAGE, "--format '%s' is not known; use table, csv, "
			    "json or html", format);
	}
	if (by && (o.by = report_dim_by_name(by)) == DIM_NONE) {
		struct strbuf sb = STRBUF_INIT;
		for (int d = 0; d < DIM_COUNT; d++)
			sb_addf(&sb, "%s%s", d ? (d + 1 == DIM_COUNT ? " or " : ", ") : "",
			    report_dim_name((enum report_dim)d));
		err = error_new(ERR_USAGE, "--by '%s' is not known; use %s", by, sb.buf);
		sb_release(&sb);
		return err;
	}
	/* The change against the period before: shown by default to people. */
	o.compare = cmd_flag(c, "compare") || ((fmt == 0 || fmt == 3) &&
	    !cmd_flag(c, "no-compare"));
	if (cmd_flag(c, "compare") && cmd_flag(c, "no-compare"))
		return error_new(ERR_USAGE, "--compare and --no-compare exclude each other");
	if (trend) {
		char *end;
		long n = strtol(trend, &end, 10);
		if (*trend == '\0' || *end || n < 2 || n > 104)
			return error_new(ERR_USAGE, "--trend '%s' should be a number of periods "
			    "from 2 to 104", trend);
		o.trend = (int)n;
	}
	if (top) {
		char *end;
		long n = strtol(top, &end, 10);
		if (*top == '\0' || *end || n < 1 || n > 1000)
			return error_new(ERR_USAGE, "--top '%s' should be a number from 1 to 1000",
			    top);
		o.top = (int)n;
	}
	if ((err = report_build(&c->store, &o, &r)) != NULL)
		return err;
	switch (fmt) {
	case 0:
		report_table(&r, stdout, render_color());
		break;
	case 1:
		report_csv(&r, stdout);
		break;
	case 2:
		report_json(&r, stdout);
		break;
	default:
		report_html(&r, stdout);
		break;
	}
	report_release(&r);
	return NULL;
}

static const struct cmd_opt opts[] = {
	{ "week", "YYYY-Www", 0, N_("an ISO week, e.g. 2026-W47") },
	{ "month", "YYYY-MM", 0, N_("a calendar month") },
	{ "since", "DATE", 0, N_("from DATE (default: Monday of this week)") },
	{ "until", "DATE", 0, N_("up to DATE, not included (default: now)") },
	{ "by", "DIM", 0, N_("every figure per value of DIM: an enumerated field (category, tier, "
	    "status...), module, assignee or team") },
	{ "format", "FMT", 0, N_("table (default), csv, json or html") },
	{ "top", "N", 0, N_("rows in the top lists (default 10)") },
	{ "compare", NULL, 0, N_("each figure's change against the period before (default in "
	    "table and html)") },
	{ "no-compare", NULL, 0, N_("leave the changes out of the table and html") },
	{ "trend", "N", 0, N_("the main figures of the last N periods (a line chart in html)") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_report = {
	.name = "report",
	.usage = "[--week 2026-W47 | --month 2026-11 | --since D --until D] [--by DIM] "
	    "[--format table|csv|json|html] [--top N] [--compare | --no-compare] [--trend N]",
	.summary = N_("the weekly quality report for supervisors"),
	.help = N_(
	    "Volume, backlog at the end of the period, response and resolution SLA,\n"
	    "hours to first response and to resolution (median, p90), first-contact\n"
	    "resolution, escalations, second rounds, satisfaction at confirmation and\n"
	    "at revisit, repeat complaints, revisits, overdue open tickets, top\n"
	    "problems and per-agent figures, for [since, until) in the local offset;\n"
	    "by default the current ISO week up to now.  The backlog is read from the\n"
	    "history, so a report on a past week reads the same later.  csv is one\n"
	    "figure a row (section,item,metric,value); json carries the keys of\n"
	    "SPEC §6; html is one self-contained file with charts, for mail or print.\n"
	    "The table and html show each figure's change against the period before\n"
	    "(html: the headline figures on cards, every figure in a table at the\n"
	    "end), the week before or for --month the month before; --compare adds\n"
	    "the period before to csv and json (\"previous\").  --trend N adds the\n"
	    "main figures of the N periods up to this one.\n"),
	.flags = CMD_STORE,
	.min_args = 0,
	.max_args = 0,
	.opts = opts,
	.run = run_report,
};
