/* report-html.c — the report as one self-contained HTML file with inline SVG
 * charts and a print stylesheet: no script, no font, nothing from the
 * network.  See report.h. */
#include <stdio.h>
#include <string.h>

#include "report.h"

static void
esc(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static void
pct_text(FILE *fp, double v)
{
	if (v < 0)
		fputs("–", fp);
	else
		fprintf(fp, "%.1f%%", v);
}

static void
card(FILE *fp, const char *label, double v, int is_pct)
{
	fputs("<div class=card><div class=v>", fp);
	if (is_pct)
		pct_text(fp, v);
	else
		fprintf(fp, "%.0f", v);
	fprintf(fp, "</div><div class=l>%s</div></div>\n", label);
}

/* Opened and resolved per day, as grouped bars. */
static void
chart_days(FILE *fp, const struct report *r)
{
	int w = 640, h = 180, pad = 28;
	long max = 1;
	double slot;

	for (int d = 0; d < r->ndays; d++) {
		if (r->per_day_opened[d] > max)
			max = r->per_day_opened[d];
		if (r->per_day_resolved[d] > max)
			max = r->per_day_resolved[d];
	}
	slot = r->ndays ? (double)(w - pad) / r->ndays : 0;
	fprintf(fp, "<svg viewBox='0 0 %d %d' role=img aria-label='tickets per day'>\n",
	    w, h + 20);
	fprintf(fp, "<line x1=%d y1=%d x2=%d y2=%d class=axis />\n", pad, h, w, h);
	fprintf(fp, "<text x=0 y=12 class=tick>%ld</text>\n", max);
	for (int d = 0; d < r->ndays; d++) {
		double x = pad + d * slot, bw = slot * 0.38;
		double ho = (double)r->per_day_opened[d] * (h - 10) / max;
		double hr = (double)r->per_day_resolved[d] * (h - 10) / max;
		struct ctime day = r->o.since;
		char buf[CLOCK_BUFSZ];

		day.t += (int64_t)d * 86400;
		clock_format_date(&day, buf);
		fprintf(fp, "<rect class=opened x=%.1f y=%.1f width=%.1f height=%.1f><title>%s "
		    "opened %ld</title></rect>\n", x + slot * 0.1, h - ho, bw, ho, buf,
		    r->per_day_opened[d]);
		fprintf(fp, "<rect class=resolved x=%.1f y=%.1f width=%.1f height=%.1f><title>%s "
		    "resolved %ld</title></rect>\n", x + slot * 0.1 + bw, h - hr, bw, hr, buf,
		    r->per_day_resolved[d]);
		if (r->ndays <= 16 || d % (r->ndays / 8 + 1) == 0)
			fprintf(fp, "<text x=%.1f y=%d class=tick>%s</text>\n", x + slot * 0.1,
			    h + 14, buf + 5);
	}
	fputs("</svg>\n<p class=legend><span class=sw-opened></span> opened "
	    "<span class=sw-resolved></span> resolved</p>\n", fp);
}

/* Horizontal bars: label, value, of max; pct when max is 100. */
static void
hbars(FILE *fp, const char *const *labels, const double *values, int n, double max,
    int pct, const char *cls)
{
	int row = 22, w = 640, left = 170;

	fprintf(fp, "<svg viewBox='0 0 %d %d' role=img>\n", w, n * row + 4);
	for (int i = 0; i < n; i++) {
		double v = values[i] < 0 ? 0 : values[i];
		double bw = max > 0 ? v * (w - left - 70) / max : 0;
		fprintf(fp, "<text x=0 y=%d class=lbl>", i * row + 15);
		esc(fp, labels[i]);
		fprintf(fp, "</text><rect class=%s x=%d y=%d width=%.1f height=15 />"
		    "<text x=%.1f y=%d class=val>", cls, left, i * row + 3, bw,
		    left + bw + 6, i * row + 15);
		if (pct)
			pct_text(fp, values[i]);
		else
			fprintf(fp, "%.0f", values[i]);
		fputs("</text>\n", fp);
	}
	fputs("</svg>\n", fp);
}

static void
satisfaction_bar(FILE *fp, const char *label, const long *c, int y)
{
	long total = c[0] + c[1] + c[2];
	static const char *cls[SAT_COUNT] = { "sat", "neu", "uns" };
	double x = 170;

	fprintf(fp, "<text x=0 y=%d class=lbl>%s (%ld)</text>\n", y + 15, label, total);
	for (int s = 0; s < SAT_COUNT && total; s++) {
		double bw = (double)c[s] * 400 / total;
		fprintf(fp, "<rect class=%s x=%.1f y=%d width=%.1f height=18><title>%s %ld"
		    "</title></rect>\n", cls[s], x, y + 2, bw, enum_satisfaction.v[s].en, c[s]);
		x += bw;
	}
}

void
report_html(const struct report *r, FILE *fp)
{
	char s1[CLOCK_BUFSZ], s2[CLOCK_BUFSZ];
	size_t top = (size_t)r->o.top;
	long rated = r->csat_confirm[0] + r->csat_confirm[1] + r->csat_confirm[2];
	struct ratio csat = { r->csat_confirm[SAT_SATISFIED], rated };

	clock_format(&r->o.since, s1);
	clock_format(&r->o.until, s2);
	fputs("<!doctype html>\n<html lang=zh-CN><head><meta charset=utf-8>\n"
	    "<meta name=viewport content='width=device-width, initial-scale=1'>\n", fp);
	fprintf(fp, "<title>cstk report %.10s – %.10s</title>\n", s1, s2);
	fputs("<style>\n"
	    "body{font:14px/1.45 system-ui,'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',"
	    "sans-serif;color:#222;max-width:980px;margin:24px auto;padding:0 16px}\n"
	    "h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;"
	    "border-bottom:1px solid #ddd;padding-bottom:4px}\n"
	    ".period{color:#666}.cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}\n"
	    ".card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:110px}\n"
	    ".card .v{font-size:22px;font-weight:600}.card .l{color:#666;font-size:12px}\n"
	    "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;"
	    "border-bottom:1px solid #eee}td.n,th.n{text-align:right}\n"
	    "svg{width:100%;height:auto;display:block}.axis{stroke:#999}\n"
	    ".tick,.lbl,.val{font-size:11px;fill:#444}.opened{fill:#4e79a7}.resolved{fill:#59a14f}\n"
	    ".bar{fill:#4e79a7}.slabar{fill:#f28e2b}.sat{fill:#59a14f}.neu{fill:#edc948}"
	    ".uns{fill:#e15759}\n"
	    ".legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}\n"
	    ".sw-opened{background:#4e79a7}.sw-resolved{background:#59a14f}\n"
	    ".late{color:#c00}\n"
	    "@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}"
	    "section{break-inside:avoid}.card{border-color:#999}}\n"
	    "</style></head><body>\n", fp);
	fprintf(fp, "<h1>客服质量周报 · cstk report</h1>\n<p class=period>%.10s %.5s – "
	    "%.10s %.5s (%s)</p>\n", s1, s1 + 11, s2, s2 + 11, s1 + 19);
	fputs("<div class=cards>\n", fp);
	card(fp, "opened 新建", (double)r->opened, 0);
	card(fp, "resolved 解决", (double)r->resolved, 0);
	card(fp, "archived 归档", (double)r->archived, 0);
	card(fp, "response SLA 响应达标", report_pct(&r->sla_response), 1);
	card(fp, "resolution SLA 解决达标", report_pct(&r->sla_resolution), 1);
	card(fp, "first-contact resolution 一次解决", report_pct(&r->fcr), 1);
	card(fp, "CSAT 满意度", report_pct(&csat), 1);
	card(fp, "VIP revisits 回访覆盖", report_pct(&r->vip_coverage), 1);
	fputs("</div>\n", fp);

	fputs("<section><h2>Tickets per day 每日工单</h2>\n", fp);
	chart_days(fp, r);
	fputs("</section>\n<section><h2>Resolution SLA by priority 各优先级解决达标率</h2>\n", fp);
	{
		const char *labels[PRIO_COUNT];
		double v[PRIO_COUNT];
		for (int p = 0; p < PRIO_COUNT; p++) {
			labels[p] = enum_priority.v[p].en;
			v[p] = report_pct(&r->sla_by_priority[p]);
		}
		hbars(fp, labels, v, PRIO_COUNT, 100, 1, "slabar");
	}
	fputs("</section>\n<section><h2>Satisfaction 满意度</h2>\n"
	    "<svg viewBox='0 0 640 50' role=img>\n", fp);
	satisfaction_bar(fp, "at confirmation", r->csat_confirm, 0);
	satisfaction_bar(fp, "at revisit", r->csat_revisit, 24);
	fputs("</svg>\n<p class=legend><span class=sat style='background:#59a14f'></span>"
	    "satisfied <span style='background:#edc948'></span>neutral "
	    "<span style='background:#e15759'></span>unsatisfied</p></section>\n", fp);
	fputs("<section><h2>Top problems 主要问题</h2>\n", fp);
	{
		size_t n = r->top_problems.nr < top ? r->top_problems.nr : top;
		const char *labels[64];
		double v[64];
		if (n > 64)
			n = 64;
		for (size_t i = 0; i < n; i++) {
			labels[i] = r->top_problems.v[i].key;
			v[i] = (double)r->top_problems.v[i].n;
		}
		if (n)
			hbars(fp, labels, v, (int)n, v[0], 0, "bar");
		else
			fputs("<p>(none)</p>\n", fp);
	}
	fputs("</section>\n<section><h2>Agents 坐席</h2>\n<table><tr><th>agent</th>"
	    "<th class=n>assigned</th><th class=n>resolved</th><th class=n>median hours"
	    "</th><th class=n>SLA</th><th class=n>CSAT</th></tr>\n", fp);
	for (size_t i = 0; i < r->nagents; i++) {
		const struct agent_row *a = &r->agents[i];
		double med = report_median(&a->reso);
		fputs("<tr><td>", fp);
		esc(fp, a->agent);
		fprintf(fp, "</td><td class=n>%ld</td><td class=n>%ld</td><td class=n>",
		    a->assigned, a->resolved);
		if (med < 0)
			fputs("–", fp);
		else
			fprintf(fp, "%.1f", med);
		fputs("</td><td class=n>", fp);
		pct_text(fp, report_pct(&a->sla));
		fputs("</td><td class=n>", fp);
		pct_text(fp, report_pct(&a->csat));
		fputs("</td></tr>\n", fp);
	}
	fputs("</table></section>\n<section><h2>Overdue open tickets 超时未结</h2>\n"
	    "<table><tr><th>ticket</th><th>priority</th><th>assignee</th><th>due</th>"
	    "<th class=n>hours over</th></tr>\n", fp);
	for (size_t i = 0; i < r->noverdue && i < top; i++) {
		fputs("<tr><td>", fp);
		esc(fp, r->overdue[i].id);
		fputs("</td><td>", fp);
		esc(fp, r->overdue[i].priority);
		fputs("</td><td>", fp);
		esc(fp, r->overdue[i].assignee);
		fputs("</td><td>", fp);
		esc(fp, r->overdue[i].due);
		fprintf(fp, "</td><td class='n late'>%.1f</td></tr>\n", r->overdue[i].hours_over);
	}
	fputs("</table></section>\n<section><h2>Backlog at the end 期末积压</h2><table><tr>", fp);
	for (int s = 0; s < ST_ARCHIVED; s++)
		fprintf(fp, "<th class=n>%s</th>", enum_status.v[s].en);
	fputs("</tr><tr>", fp);
	for (int s = 0; s < ST_ARCHIVED; s++)
		fprintf(fp, "<td class=n>%ld</td>", r->backlog[s]);
	fprintf(fp, "</tr></table></section>\n<p class=period>Revisits due %ld: on time %ld, "
	    "late %ld, missed %ld. Repeat complaints: %ld of %ld customers.</p>\n"
	    "</body></html>\n", r->revisit_due, r->revisit_on_time, r->revisit_late,
	    r->revisit_missed, r->repeat_repeat, r->repeat_customers);
}
