/* report-out.c — the report as a terminal table, JSON and CSV; see report.h. */
#include <stdio.h>
#include <string.h>

#include "csv-io.h"
#include "json.h"
#include "render.h"
#include "report.h"
#include "utf8.h"

static const char *const by_names[4] = { "category", "priority", "channel", "module" };

static void
num_or_null(FILE *fp, double v)
{
	if (v < 0)
		fputs("null", fp);
	else
		fprintf(fp, "%.1f", v);
}

static const char *
fmt1(double v, char buf[32], const char *unit)
{
	if (v < 0)
		snprintf(buf, 32, "-");
	else
		snprintf(buf, 32, "%.1f%s", v, unit);
	return buf;
}

/* ---- table ---- */

static void
heading(FILE *fp, int color, const char *title)
{
	fprintf(fp, "\n%s%s%s\n", color ? C_BOLD : "", title, color ? C_RESET : "");
}

/* A bar of `n` out of `max`, `width` cells wide, in eighths of a block. */
static void
bar(FILE *fp, long n, long max, int width)
{
	static const char *part[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	long eighths = max > 0 ? (n * width * 8 + max / 2) / max : 0;

	if (n > 0 && eighths == 0)
		eighths = 1;
	for (long i = 0; i < eighths / 8; i++)
		fputs("█", fp);
	fputs(part[eighths % 8], fp);
	for (long i = (eighths + 7) / 8; i < width; i++)
		fputc(' ', fp);
}

static void
bars(FILE *fp, const struct tallies *ts, size_t top)
{
	long max = ts->nr ? ts->v[0].n : 0;
	int w = 0;

	for (size_t i = 0; i < ts->nr && i < top; i++)
		if (utf8_width(ts->v[i].key) > w)
			w = utf8_width(ts->v[i].key);
	for (size_t i = 0; i < ts->nr && i < top; i++) {
		fputs("  ", fp);
		render_pad(fp, ts->v[i].key, w);
		fputs("  ", fp);
		bar(fp, ts->v[i].n, max, 30);
		fprintf(fp, " %ld\n", ts->v[i].n);
	}
	if (ts->nr == 0)
		fputs("  (none)\n", fp);
	else if (ts->nr > top)
		fprintf(fp, "  … %zu more\n", ts->nr - top);
}

static void
ratio_line(FILE *fp, const char *label, const struct ratio *q)
{
	char b[32];

	fprintf(fp, "  %-28s %7s", label, fmt1(report_pct(q), b, "%"));
	if (q->den)
		fprintf(fp, "  (%ld of %ld)", q->num, q->den);
	fputc('\n', fp);
}

static void
csat_line(FILE *fp, const char *label, const long *c)
{
	struct ratio q = { c[SAT_SATISFIED], c[0] + c[1] + c[2] };
	char b[32];

	fprintf(fp, "  %-18s %9ld %7ld %11ld   %7s\n", label, c[SAT_SATISFIED],
	    c[SAT_NEUTRAL], c[SAT_UNSATISFIED], fmt1(report_pct(&q), b, "%"));
}

void
report_table(const struct report *r, FILE *fp, int color)
{
	char s1[CLOCK_BUFSZ], s2[CLOCK_BUFSZ], b1[32], b2[32];
	size_t top = (size_t)r->o.top;

	clock_format(&r->o.since, s1);
	clock_format(&r->o.until, s2);
	fprintf(fp, "%scstk report%s  %.16s → %.16s  (%s)\n", color ? C_BOLD : "",
	    color ? C_RESET : "", s1, s2, s1 + 19);
	heading(fp, color, "VOLUME");
	fprintf(fp, "  opened %ld   resolved %ld   archived %ld\n", r->opened, r->resolved,
	    r->archived);
	heading(fp, color, "BACKLOG AT THE END OF THE PERIOD");
	fputs(" ", fp);
	for (int s = 0; s < ST_ARCHIVED; s++)
		fprintf(fp, " %s %ld ", enum_status.v[s].en, r->backlog[s]);
	fputc('\n', fp);

	heading(fp, color, "SERVICE LEVEL");
	ratio_line(fp, "response SLA", &r->sla_response);
	ratio_line(fp, "resolution SLA", &r->sla_resolution);
	for (int p = 0; p < PRIO_COUNT; p++) {
		char label[64];
		snprintf(label, sizeof(label), "  resolution SLA, %s", enum_priority.v[p].en);
		ratio_line(fp, label, &r->sla_by_priority[p]);
	}
	fprintf(fp, "  %-28s median %7s   p90 %7s\n", "hours to first response",
	    fmt1(report_median(&r->response), b1, ""), fmt1(report_p90(&r->response), b2, ""));
	fprintf(fp, "  %-28s median %7s   p90 %7s\n", "hours to resolution",
	    fmt1(report_median(&r->resolution), b1, ""), fmt1(report_p90(&r->resolution), b2, ""));
	if (r->response.negative || r->resolution.negative)
		fprintf(fp, "  (left out: %ld responses and %ld resolutions dated before their "
		    "ticket was created)\n", r->response.negative, r->resolution.negative);
	ratio_line(fp, "first-contact resolution", &r->fcr);
	ratio_line(fp, "escalated", &r->escalation);
	ratio_line(fp, "second round (reopened)", &r->reopen);

	heading(fp, color, "SATISFACTION");
	fprintf(fp, "  %-18s %9s %7s %11s   %7s\n", "", "satisfied", "neutral",
	    "unsatisfied", "CSAT");
	csat_line(fp, "at confirmation", r->csat_confirm);
	csat_line(fp, "at revisit", r->csat_revisit);

	heading(fp, color, "REPEAT COMPLAINTS AND REVISITS");
	{
		struct ratio q = { r->repeat_repeat, r->repeat_customers };
		fprintf(fp, "  customers complaining again within 30 days  %ld of %ld  (%s)\n",
		    r->repeat_repeat, r->repeat_customers, fmt1(report_pct(&q), b1, "%"));
	}
	fprintf(fp, "  revisits due %ld: on time %ld, late %ld, missed %ld\n", r->revisit_due,
	    r->revisit_on_time, r->revisit_late, r->revisit_missed);
	ratio_line(fp, "VIP revisit coverage (goal 100%)", &r->vip_coverage);

	for (int i = 0; i < 4; i++) {
		char title[64];
		snprintf(title, sizeof(title), "OPENED BY %s", by_names[i]);
		for (char *p = title; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 32);
		heading(fp, color, title);
		bars(fp, &r->by[i], top);
	}
	heading(fp, color, "TOP PROBLEMS (category/module)");
	bars(fp, &r->top_problems, top);

	heading(fp, color, "OVERDUE OPEN TICKETS");
	if (r->noverdue == 0)
		fputs("  (none)\n", fp);
	for (size_t i = 0; i < r->noverdue && i < top; i++)
		fprintf(fp, "  %s  %-7s %-10s due %.16s  %s%6.1f h over%s\n", r->overdue[i].id,
		    r->overdue[i].priority, *r->overdue[i].assignee ? r->overdue[i].assignee : "-",
		    r->overdue[i].due, color ? C_RED : "", r->overdue[i].hours_over,
		    color ? C_RESET : "");
	if (r->noverdue > top)
		fprintf(fp, "  … %zu more\n", r->noverdue - top);

	heading(fp, color, "AGENTS");
	if (r->nagents == 0)
		fputs("  (none)\n", fp);
	else
		fprintf(fp, "  %-12s %8s %8s %12s %7s %7s\n", "agent", "assigned", "resolved",
		    "median hours", "SLA", "CSAT");
	for (size_t i = 0; i < r->nagents; i++) {
		const struct agent_row *a = &r->agents[i];
		char b3[32];
		fputs("  ", fp);
		render_pad(fp, a->agent, 12);
		fprintf(fp, " %8ld %8ld %12s %7s %7s\n", a->assigned, a->resolved,
		    fmt1(report_median(&a->reso), b1, ""), fmt1(report_pct(&a->sla), b2, "%"),
		    fmt1(report_pct(&a->csat), b3, "%"));
	}
	if (r->o.by != DIM_NONE) {
		char title[64];
		snprintf(title, sizeof(title), "BY %s", report_dim_names[r->o.by]);
		for (char *p = title; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 32);
		heading(fp, color, title);
		fprintf(fp, "  %-14s %7s %9s %7s %7s\n", "", "opened", "resolved", "SLA", "CSAT");
		for (size_t i = 0; i < r->ndims; i++) {
			const struct dim_row *d = &r->dims[i];
			fputs("  ", fp);
			render_pad(fp, d->value, 14);
			fprintf(fp, " %7ld %9ld %7s %7s\n", d->opened, d->resolved,
			    fmt1(report_pct(&d->sla), b1, "%"), fmt1(report_pct(&d->csat), b2, "%"));
		}
	}
}

/* ---- JSON ---- */

static void
jstr(FILE *fp, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	json_str(&sb, s);
	fputs(sb.buf, fp);
	sb_release(&sb);
}

static void
jcsat(FILE *fp, const long *c)
{
	struct ratio q = { c[SAT_SATISFIED], c[0] + c[1] + c[2] };

	fprintf(fp, "{\"satisfied\":%ld,\"neutral\":%ld,\"unsatisfied\":%ld,\"pct\":",
	    c[0], c[1], c[2]);
	num_or_null(fp, report_pct(&q));
	fputc('}', fp);
}

void
report_json(const struct report *r, FILE *fp)
{
	char s1[CLOCK_BUFSZ], s2[CLOCK_BUFSZ];
	size_t top = (size_t)r->o.top;

	clock_format(&r->o.since, s1);
	clock_format(&r->o.until, s2);
	fprintf(fp, "{\"period\":{\"since\":\"%s\",\"until\":\"%s\"},\n", s1, s2);
	fprintf(fp, "\"opened\":%ld,\"resolved\":%ld,\"archived\":%ld,\n", r->opened,
	    r->resolved, r->archived);
	fputs("\"backlog\":{", fp);
	for (int s = 0; s < ST_ARCHIVED; s++)
		fprintf(fp, "%s\"%s\":%ld", s ? "," : "", enum_status.v[s].en, r->backlog[s]);
	fputs("},\n\"sla\":{\"response_pct\":", fp);
	num_or_null(fp, report_pct(&r->sla_response));
	fputs(",\"resolution_pct\":", fp);
	num_or_null(fp, report_pct(&r->sla_resolution));
	fputs(",\"resolution_pct_by_priority\":{", fp);
	for (int p = 0; p < PRIO_COUNT; p++) {
		fprintf(fp, "%s\"%s\":", p ? "," : "", enum_priority.v[p].en);
		num_or_null(fp, report_pct(&r->sla_by_priority[p]));
	}
	fputs("}},\n\"hours\":{\"response_median\":", fp);
	num_or_null(fp, report_median(&r->response));
	fputs(",\"response_p90\":", fp);
	num_or_null(fp, report_p90(&r->response));
	fputs(",\"resolution_median\":", fp);
	num_or_null(fp, report_median(&r->resolution));
	fputs(",\"resolution_p90\":", fp);
	num_or_null(fp, report_p90(&r->resolution));
	fprintf(fp, ",\"left_out_negative\":{\"response\":%ld,\"resolution\":%ld}},\n",
	    r->response.negative, r->resolution.negative);
	fputs("\"fcr_pct\":", fp);
	num_or_null(fp, report_pct(&r->fcr));
	fputs(",\"escalation_pct\":", fp);
	num_or_null(fp, report_pct(&r->escalation));
	fputs(",\"reopen_pct\":", fp);
	num_or_null(fp, report_pct(&r->reopen));
	fputs(",\n\"csat\":{\"confirm\":", fp);
	jcsat(fp, r->csat_confirm);
	fputs(",\"revisit\":", fp);
	jcsat(fp, r->csat_revisit);
	{
		struct ratio q = { r->repeat_repeat, r->repeat_customers };
		fprintf(fp, "},\n\"repeat_complaints\":{\"customers\":%ld,\"repeat\":%ld,\"pct\":",
		    r->repeat_customers, r->repeat_repeat);
		num_or_null(fp, report_pct(&q));
	}
	fprintf(fp, "},\n\"revisits\":{\"due\":%ld,\"on_time\":%ld,\"late\":%ld,\"missed\":%ld,"
	    "\"vip_coverage_pct\":", r->revisit_due, r->revisit_on_time, r->revisit_late,
	    r->revisit_missed);
	num_or_null(fp, report_pct(&r->vip_coverage));
	fputs("},\n\"overdue\":[", fp);
	for (size_t i = 0; i < r->noverdue && i < top; i++) {
		fputs(i ? ",\n  {\"id\":" : "\n  {\"id\":", fp);
		jstr(fp, r->overdue[i].id);
		fputs(",\"priority\":", fp);
		jstr(fp, r->overdue[i].priority);
		fputs(",\"assignee\":", fp);
		jstr(fp, r->overdue[i].assignee);
		fputs(",\"due\":", fp);
		jstr(fp, r->overdue[i].due);
		fprintf(fp, ",\"hours_over\":%.1f}", r->overdue[i].hours_over);
	}
	fputs("],\n\"by\":{", fp);
	for (int i = 0; i < 4; i++) {
		fprintf(fp, "%s\"%s\":{", i ? "," : "", by_names[i]);
		for (size_t k = 0; k < r->by[i].nr; k++) {
			if (k)
				fputc(',', fp);
			jstr(fp, r->by[i].v[k].key);
			fprintf(fp, ":%ld", r->by[i].v[k].n);
		}
		fputc('}', fp);
	}
	fputs("},\n\"top_problems\":[", fp);
	for (size_t i = 0; i < r->top_problems.nr && i < top; i++) {
		const char *k = r->top_problems.v[i].key, *slash = strchr(k, '/');
		struct strbuf cat = STRBUF_INIT;
		sb_add(&cat, k, (size_t)(slash - k));
		fputs(i ? ",{\"category\":" : "{\"category\":", fp);
		jstr(fp, cat.buf);
		fputs(",\"module\":", fp);
		jstr(fp, slash + 1);
		fprintf(fp, ",\"count\":%ld}", r->top_problems.v[i].n);
		sb_release(&cat);
	}
	fputs("],\n\"agents\":[", fp);
	for (size_t i = 0; i < r->nagents; i++) {
		const struct agent_row *a = &r->agents[i];
		fputs(i ? ",\n  {\"agent\":" : "\n  {\"agent\":", fp);
		jstr(fp, a->agent);
		fprintf(fp, ",\"assigned\":%ld,\"resolved\":%ld,\"resolution_median\":",
		    a->assigned, a->resolved);
		num_or_null(fp, report_median(&a->reso));
		fputs(",\"sla_pct\":", fp);
		num_or_null(fp, report_pct(&a->sla));
		fputs(",\"csat_pct\":", fp);
		num_or_null(fp, report_pct(&a->csat));
		fputc('}', fp);
	}
	fputs("]", fp);
	if (r->o.by != DIM_NONE) {
		fprintf(fp, ",\n\"breakdown\":{\"by\":\"%s\",\"rows\":[", report_dim_names[r->o.by]);
		for (size_t i = 0; i < r->ndims; i++) {
			const struct dim_row *d = &r->dims[i];
			fputs(i ? ",{\"value\":" : "{\"value\":", fp);
			jstr(fp, d->value);
			fprintf(fp, ",\"opened\":%ld,\"resolved\":%ld,\"sla_pct\":", d->opened,
			    d->resolved);
			num_or_null(fp, report_pct(&d->sla));
			fputs(",\"csat_pct\":", fp);
			num_or_null(fp, report_pct(&d->csat));
			fputc('}', fp);
		}
		fputs("]}", fp);
	}
	fputs("}\n", fp);
}

/* ---- CSV: section,item,metric,value ---- */

static void
row(FILE *fp, const char *section, const char *item, const char *metric, const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	csvio_field(&sb, section, 1);
	csvio_field(&sb, item, 0);
	csvio_field(&sb, metric, 0);
	csvio_field(&sb, value, 0);
	sb_addc(&sb, '\n');
	fputs(sb.buf, fp);
	sb_release(&sb);
}

static void
rowl(FILE *fp, const char *section, const char *item, const char *metric, long v)
{
	char b[32];

	snprintf(b, sizeof(b), "%ld", v);
	row(fp, section, item, metric, b);
}

static void
rowd(FILE *fp, const char *section, const char *item, const char *metric, double v)
{
	char b[32];

	if (v < 0)
		b[0] = '\0';
	else
		snprintf(b, sizeof(b), "%.1f", v);
	row(fp, section, item, metric, b);
}

static void
csv_csat(FILE *fp, const char *item, const long *c)
{
	struct ratio q = { c[SAT_SATISFIED], c[0] + c[1] + c[2] };

	for (int s = 0; s < SAT_COUNT; s++)
		rowl(fp, "csat", item, enum_satisfaction.v[s].en, c[s]);
	rowd(fp, "csat", item, "pct", report_pct(&q));
}

void
report_csv(const struct report *r, FILE *fp)
{
	char s1[CLOCK_BUFSZ], s2[CLOCK_BUFSZ];
	size_t top = (size_t)r->o.top;
	struct ratio q = { r->repeat_repeat, r->repeat_customers };

	clock_format(&r->o.since, s1);
	clock_format(&r->o.until, s2);
	row(fp, "section", "item", "metric", "value");
	row(fp, "period", "", "since", s1);
	row(fp, "period", "", "until", s2);
	rowl(fp, "volume", "", "opened", r->opened);
	rowl(fp, "volume", "", "resolved", r->resolved);
	rowl(fp, "volume", "", "archived", r->archived);
	for (int s = 0; s < ST_ARCHIVED; s++)
		rowl(fp, "backlog", "", enum_status.v[s].en, r->backlog[s]);
	rowd(fp, "sla", "", "response_pct", report_pct(&r->sla_response));
	rowd(fp, "sla", "", "resolution_pct", report_pct(&r->sla_resolution));
	for (int p = 0; p < PRIO_COUNT; p++)
		rowd(fp, "sla", enum_priority.v[p].en, "resolution_pct",
		    report_pct(&r->sla_by_priority[p]));
	rowd(fp, "hours", "", "response_median", report_median(&r->response));
	rowd(fp, "hours", "", "response_p90", report_p90(&r->response));
	rowd(fp, "hours", "", "resolution_median", report_median(&r->resolution));
	rowd(fp, "hours", "", "resolution_p90", report_p90(&r->resolution));
	rowd(fp, "rates", "", "fcr_pct", report_pct(&r->fcr));
	rowd(fp, "rates", "", "escalation_pct", report_pct(&r->escalation));
	rowd(fp, "rates", "", "reopen_pct", report_pct(&r->reopen));
	csv_csat(fp, "confirm", r->csat_confirm);
	csv_csat(fp, "revisit", r->csat_revisit);
	rowl(fp, "repeat_complaints", "", "customers", r->repeat_customers);
	rowl(fp, "repeat_complaints", "", "repeat", r->repeat_repeat);
	rowd(fp, "repeat_complaints", "", "pct", report_pct(&q));
	rowl(fp, "revisits", "", "due", r->revisit_due);
	rowl(fp, "revisits", "", "on_time", r->revisit_on_time);
	rowl(fp, "revisits", "", "late", r->revisit_late);
	rowl(fp, "revisits", "", "missed", r->revisit_missed);
	rowd(fp, "revisits", "", "vip_coverage_pct", report_pct(&r->vip_coverage));
	for (size_t i = 0; i < r->noverdue && i < top; i++) {
		row(fp, "overdue", r->overdue[i].id, "priority", r->overdue[i].priority);
		row(fp, "overdue", r->overdue[i].id, "assignee", r->overdue[i].assignee);
		row(fp, "overdue", r->overdue[i].id, "due", r->overdue[i].due);
		rowd(fp, "overdue", r->overdue[i].id, "hours_over", r->overdue[i].hours_over);
	}
	for (int i = 0; i < 4; i++) {
		char sec[32];
		snprintf(sec, sizeof(sec), "by.%s", by_names[i]);
		for (size_t k = 0; k < r->by[i].nr; k++)
			rowl(fp, sec, r->by[i].v[k].key, "opened", r->by[i].v[k].n);
	}
	for (size_t i = 0; i < r->top_problems.nr && i < top; i++)
		rowl(fp, "top_problems", r->top_problems.v[i].key, "count", r->top_problems.v[i].n);
	for (size_t i = 0; i < r->nagents; i++) {
		const struct agent_row *a = &r->agents[i];
		rowl(fp, "agents", a->agent, "assigned", a->assigned);
		rowl(fp, "agents", a->agent, "resolved", a->resolved);
		rowd(fp, "agents", a->agent, "resolution_median", report_median(&a->reso));
		rowd(fp, "agents", a->agent, "sla_pct", report_pct(&a->sla));
		rowd(fp, "agents", a->agent, "csat_pct", report_pct(&a->csat));
	}
	if (r->o.by != DIM_NONE) {
		char sec[32];
		snprintf(sec, sizeof(sec), "breakdown.%s", report_dim_names[r->o.by]);
		for (size_t i = 0; i < r->ndims; i++) {
			rowl(fp, sec, r->dims[i].value, "opened", r->dims[i].opened);
			rowl(fp, sec, r->dims[i].value, "resolved", r->dims[i].resolved);
			rowd(fp, sec, r->dims[i].value, "sla_pct", report_pct(&r->dims[i].sla));
			rowd(fp, sec, r->dims[i].value, "csat_pct", report_pct(&r->dims[i].csat));
		}
	}
}
