/* report-html.c — the report as one self-contained HTML file with inline SVG
 * charts and a print stylesheet: no script, no font, nothing from the
 * network.  The figures are the report's rows (report-rows.c), but for the
 * tickets per day, which only the chart shows.  See report.h. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "strbuf.h"

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

/* A figure: "12", "12.5", "12.5%", "–" for null, or its text. */
static void
figure(FILE *fp, const struct report_row *w)
{
	if (w->kind == RK_COUNT)
		fprintf(fp, "%ld", w->n);
	else if (w->kind == RK_TEXT)
		esc(fp, w->s);
	else if (w->pct)
		pct_text(fp, w->x);
	else if (w->x < 0)
		fputs("–", fp);
	else
		fprintf(fp, "%.1f", w->x);
}

/* The part of s from k on, "" when s is shorter. */
static const char *
from(const char *s, size_t k)
{
	return strlen(s) >= k ? s + k : "";
}

static void
card(FILE *fp, const struct report_row *w)
{
	double d;

	fputs("<div class=card><div class=v>", fp);
	figure(fp, w);
	fputs("</div>", fp);
	/* --compare: the change against the period before */
	if (report_row_delta(w, &d))
		fprintf(fp, "<div class='d %s'>%s%.*f%s vs. before</div>", d > 0 ? "up" :
		    d < 0 ? "down" : "same", d > 0 ? "▲" : d < 0 ? "▼" : "±",
		    w->kind == RK_COUNT ? 0 : 1, d < 0 ? -d : d, w->pct ? " pt" : "");
	fprintf(fp, "<div class=l>%s</div></div>\n", w->headline);
}

/*
 * --trend: a line a figure over the periods (percentages, 0-100 %), the
 * periods' first days under the axis.
 */
static void
chart_trend(FILE *fp, const struct report_row *w, size_t n)
{
	static const struct { const char *metric, *cls, *name; } lines[] = {
		{ "response_pct", "l1", "response SLA 响应达标" },
		{ "resolution_pct", "l2", "resolution SLA 解决达标" },
		{ "fcr_pct", "l3", "first-contact resolution 一次解决" },
		{ "csat_pct", "l4", "CSAT 满意度" },
	};
	size_t np = 0, e;
	const double x0 = 40, x1 = 620, y0 = 20, y1 = 200;

	for (size_t i = 0; i < n; i += e, np++)
		e = report_rows_element(&w[i], n - i);
	fputs("<svg viewBox='0 0 640 240' role=img aria-label='trend'>\n", fp);
	for (int p = 0; p <= 100; p += 25)
		fprintf(fp, "<line class=axis x1=%.0f x2=%.0f y1=%.1f y2=%.1f "
		    "stroke-dasharray='2,3'/><text class=tick x=4 y=%.1f>%d%%</text>\n",
		    x0, x1, y1 - (y1 - y0) * p / 100, y1 - (y1 - y0) * p / 100,
		    y1 - (y1 - y0) * p / 100 + 4, p);
	for (size_t l = 0; l < sizeof(lines) / sizeof(lines[0]); l++) {
		size_t k = 0;
		int pen = 0;
		fprintf(fp, "<path class='line %s' d='", lines[l].cls);
		for (size_t i = 0; i < n; i += e, k++) {
			e = report_rows_element(&w[i], n - i);
			for (size_t j = i; j < i + e; j++) {
				double x = np > 1 ? x0 + (x1 - x0) * (double)k / (double)(np - 1) : x0;
				if (strcmp(w[j].metric, lines[l].metric) != 0)
					continue;
				if (w[j].x < 0) {	/* nothing counted: a gap */
					pen = 0;
					continue;
				}
				fprintf(fp, "%c%.1f,%.1f ", pen ? 'L' : 'M', x,
				    y1 - (y1 - y0) * w[j].x / 100);
				pen = 1;
			}
		}
		fputs("'/>\n", fp);
	}
	{
		size_t k = 0;
		for (size_t i = 0; i < n; i += e, k++) {
			double x = np > 1 ? x0 + (x1 - x0) * (double)k / (double)(np - 1) : x0;
			e = report_rows_element(&w[i], n - i);
			if (np <= 8 || k % ((np + 7) / 8) == 0 || k + 1 == np) {
				fprintf(fp, "<text class=tick x=%.1f y=222 text-anchor=middle>", x);
				esc(fp, from(w[i].item, 5));
				fputs("</text>\n", fp);
			}
		}
	}
	fputs("</svg>\n<p class=legend>", fp);
	for (size_t l = 0; l < sizeof(lines) / sizeof(lines[0]); l++)
		fprintf(fp, "<span class='sw-%s'></span>%s ", lines[l].cls, lines[l].name);
	fputs("</p>\n", fp);
}


/* The elements of the list of `section`. */
static const struct report_row *
list(const struct report_rows *rows, const char *section, size_t *n)
{
	return report_rows_elements(report_rows_section(rows, section, n), n, NULL);
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

/* Horizontal bars of the rows' figures, labelled with their items. */
static void
hbars(FILE *fp, const struct report_row *w, size_t n, double max, const char *cls)
{
	int row = 22, width = 640, left = 170;

	fprintf(fp, "<svg viewBox='0 0 %d %d' role=img>\n", width, (int)n * row + 4);
	for (size_t i = 0; i < n; i++) {
		double v = w[i].kind == RK_COUNT ? (double)w[i].n : w[i].x;
		double bw = max > 0 ? (v < 0 ? 0 : v) * (width - left - 70) / max : 0;
		int y = (int)i * row;

		fprintf(fp, "<text x=0 y=%d class=lbl>", y + 15);
		esc(fp, w[i].item);
		fprintf(fp, "</text><rect class=%s x=%d y=%d width=%.1f height=15 />"
		    "<text x=%.1f y=%d class=val>", cls, left, y + 3, bw, left + bw + 6, y + 15);
		figure(fp, &w[i]);
		fputs("</text>\n", fp);
	}
	fputs("</svg>\n", fp);
}

/* The counts of one item's ratings, as one stacked bar. */
static void
satisfaction_bar(FILE *fp, const struct report_row *w, size_t n, int y)
{
	static const char *cls[SAT_COUNT] = { "sat", "neu", "uns" };
	long total = 0;
	double x = 170;
	int k = 0;

	for (size_t i = 0; i < n; i++)
		if (w[i].kind == RK_COUNT)
			total += w[i].n;
	fprintf(fp, "<text x=0 y=%d class=lbl>", y + 15);
	esc(fp, w->label ? _(w->label) : w->item);
	fprintf(fp, " (%ld)</text>\n", total);
	for (size_t i = 0; i < n && total; i++) {
		double bw;

		if (w[i].kind != RK_COUNT)
			continue;
		bw = (double)w[i].n * 400 / total;
		fprintf(fp, "<rect class=%s x=%.1f y=%d width=%.1f height=18><title>%s %ld"
		    "</title></rect>\n", cls[k < SAT_COUNT ? k : SAT_COUNT - 1], x, y + 2, bw,
		    w[i].metric, w[i].n);
		x += bw;
		k++;
	}
}

/* One table row an item: the item, then its figures. */
static void
cells(FILE *fp, const struct report_row *w, size_t n, const char *num_class)
{
	for (size_t i = 0, e; i < n; i += e) {
		e = report_rows_element(&w[i], n - i);
		fputs("<tr><td>", fp);
		esc(fp, w[i].item);
		fputs("</td>", fp);
		for (size_t k = i; k < i + e; k++) {
			if (w[k].kind == RK_TEXT)
				fputs("<td>", fp);
			else
				fprintf(fp, "<td class=%s>", w[k].kind == RK_NUM ? num_class : "n");
			figure(fp, &w[k]);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
}

/* Every figure of the period, a line each, with its change against the
 * period before (the cards above show the headline ones); the counts a
 * percentage is made of, beside it. */
static void
all_figures(FILE *fp, const struct report_rows *rows)
{
	fputs("<section><h2>Every figure 全部指标</h2>\n<table><tr><th>figure</th>"
	    "<th class=n>value</th><th class=n>change</th></tr>\n", fp);
	for (size_t i = 0; i < rows->nr; i++) {
		const struct report_row *w = &rows->v[i];
		char c[32];

		if (!report_section_compared(w->section) || !strcmp(w->section, "period") ||
		    w->kind == RK_LIST || w->kind == RK_TEXT || w->label == NULL)
			continue;
		fputs("<tr><td>", fp);
		esc(fp, _(w->label));
		if (strchr(w->path, '*'))	/* the item is what the row is of */
			fputs(", ", fp), esc(fp, w->item);
		if (w->sub)
			fputs(" (", fp), esc(fp, _(w->sub)), fputs(")", fp);
		fputs("</td><td class=n>", fp);
		figure(fp, w);
		if (w->pct && w->q.den)
			fprintf(fp, " (%ld / %ld)", w->q.num, w->q.den);
		report_row_change(w, c);
		fprintf(fp, "</td><td class='n %s'>", !strcmp(c, "+0") || !strcmp(c, "±0") ?
		    "same" : *c == '+' ? "up" : *c == '-' ? "down" : "");
		esc(fp, c);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table></section>\n", fp);
}

/* "Revisits due 3: on time 1, late 0. Repeat complaints: 1 of 2 customers." */
static void
revisits_and_repeats(FILE *fp, const struct report_rows *rows)
{
	struct strbuf sb = STRBUF_INIT;
	const struct report_row *w;
	size_t n;

	w = report_rows_section(rows, "revisits", &n);
	report_rows_sentence(&sb, w, n, 0);
	if (sb.len) {
		if (sb.buf[0] >= 'a' && sb.buf[0] <= 'z')
			sb.buf[0] = (char)(sb.buf[0] - 32);
		esc(fp, sb.buf);
		fputs(". ", fp);
	}
	sb_release(&sb);
	w = report_rows_section(rows, "repeat_complaints", &n);
	for (size_t i = 0; i < n; i++)
		if (w[i].pct)
			fprintf(fp, "Repeat complaints: %ld of %ld customers.", w[i].q.num,
			    w[i].q.den);
}

void
report_html(const struct report *r, FILE *fp)
{
	struct report_rows rows;
	const struct report_row *w;
	const char *s1, *s2;
	size_t n;

	report_rows_build(r, &rows, vocab_labels_shown());
	w = report_rows_section(&rows, "period", &n);
	s1 = n > 0 ? w[0].s : "";
	s2 = n > 1 ? w[1].s : "";
	fputs("<!doctype html>\n<html lang=zh-CN><head><meta charset=utf-8>\n"
	    "<meta name=viewport content='width=device-width, initial-scale=1'>\n", fp);
	fprintf(fp, "<title>cstk report %.10s – %.10s</title>\n", s1, s2);
	fputs("<style>\n"
	    "body{font:14px/1.45 system-ui,'Noto Sans CJK SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',"
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
	    ".card .d{font-size:11px}.up{color:#2a7}.down{color:#c33}.same{color:#888}\n"
	    ".line{fill:none;stroke-width:2}.l1{stroke:#4e79a7}.l2{stroke:#f28e2b}"
	    ".l3{stroke:#59a14f}.l4{stroke:#e15759}\n"
	    ".sw-l1{background:#4e79a7}.sw-l2{background:#f28e2b}.sw-l3{background:#59a14f}"
	    ".sw-l4{background:#e15759}\n"
	    "@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}"
	    "section{break-inside:avoid}.card{border-color:#999}}\n"
	    "</style></head><body>\n", fp);
	fprintf(fp, "<h1>客服质量周报 · cstk report</h1>\n<p class=period>%.10s %.5s – "
	    "%.10s %.5s (%s)</p>\n", s1, from(s1, 11), s2, from(s2, 11), from(s1, 19));
	fputs("<div class=cards>\n", fp);
	for (size_t i = 0; i < rows.nr; i++)
		if (rows.v[i].headline)
			card(fp, &rows.v[i]);
	fputs("</div>\n", fp);

	w = list(&rows, "trend", &n);
	if (n) {
		fputs("<section><h2>Trend 趋势</h2>\n", fp);
		chart_trend(fp, w, n);
		fputs("</section>\n", fp);
	}
	fputs("<section><h2>Tickets per day 每日工单</h2>\n", fp);
	chart_days(fp, r);
	fputs("</section>\n<section><h2>Resolution SLA by priority 各优先级解决达标率</h2>\n", fp);
	w = report_rows_section(&rows, "sla", &n);
	while (n && *w->item == '\0') {
		w++;
		n--;
	}
	hbars(fp, w, n, 100, "slabar");	/* by priority: the rows with an item */
	fputs("</section>\n<section><h2>Satisfaction 满意度</h2>\n"
	    "<svg viewBox='0 0 640 50' role=img>\n", fp);
	w = report_rows_section(&rows, "csat", &n);
	for (size_t i = 0, e, y = 0; i < n; i += e, y += 24) {
		e = report_rows_element(&w[i], n - i);
		satisfaction_bar(fp, &w[i], e, (int)y);
	}
	fputs("</svg>\n<p class=legend><span class=sat style='background:#59a14f'></span>"
	    "satisfied <span style='background:#edc948'></span>neutral "
	    "<span style='background:#e15759'></span>unsatisfied</p></section>\n", fp);
	fputs("<section><h2>Top problems 主要问题</h2>\n", fp);
	w = list(&rows, "top_problems", &n);
	if (n > 64)	/* bars a page can hold */
		n = 64;
	if (n)
		hbars(fp, w, n, (double)w[0].n, "bar");
	else
		fputs("<p>(none)</p>\n", fp);
	fputs("</section>\n<section><h2>Agents 坐席</h2>\n<table><tr><th>agent</th>"
	    "<th class=n>assigned</th><th class=n>resolved</th><th class=n>median hours"
	    "</th><th class=n>SLA</th><th class=n>CSAT</th></tr>\n", fp);
	w = list(&rows, "agents", &n);
	cells(fp, w, n, "n");
	fputs("</table></section>\n<section><h2>Overdue open tickets 超时未结</h2>\n"
	    "<table><tr><th>ticket</th><th>priority</th><th>assignee</th><th>due</th>"
	    "<th class=n>hours over</th></tr>\n", fp);
	w = list(&rows, "overdue", &n);
	cells(fp, w, n, "'n late'");
	fputs("</table></section>\n<section><h2>Backlog at the end 期末积压</h2><table><tr>", fp);
	w = report_rows_section(&rows, "backlog", &n);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "<th class=n>%s</th>", _(w[i].label ? w[i].label : w[i].metric));
	fputs("</tr><tr>", fp);
	for (size_t i = 0; i < n; i++) {
		fputs("<td class=n>", fp);
		figure(fp, &w[i]);
		fputs("</td>", fp);
	}
	fputs("</tr></table></section>\n", fp);
	all_figures(fp, &rows);
	fputs("<p class=period>", fp);
	revisits_and_repeats(fp, &rows);
	fputs("</p>\n</body></html>\n", fp);
	report_rows_release(&rows);
}
