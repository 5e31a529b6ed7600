/* report-out.c — the report's rows as a terminal table, JSON and CSV; see
 * report.h.  The figures themselves are in report-rows.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv-io.h"
#include "i18n.h"
#include "json.h"
#include "render.h"
#include "report.h"
#include "utf8.h"

/* What a row is called for people. */
static const char *
name(const struct report_row *w)
{
	return _(w->label ? w->label : w->metric);
}

/* A column heading. */
static const char *
col(const struct report_row *w)
{
	return _(w->sub ? w->sub : w->metric);
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

/* A figure for people: "12", "12.5", "12.5%", "-" for null, or its text. */
static const char *
shown(const struct report_row *w, char buf[32])
{
	switch (w->kind) {
	case RK_COUNT:
		snprintf(buf, 32, "%ld", w->n);
		return buf;
	case RK_NUM:
		return fmt1(w->x, buf, w->pct ? "%" : "");
	case RK_TEXT:
		return w->s;
	case RK_LIST:
		break;
	}
	return "";
}

/* ---- table: each section laid out by the kind of its figures ---- */

struct tctx {
	FILE *fp;
	int color;
	size_t top;
	const struct report *r;
};

typedef void table_fn(const struct tctx *t, const struct report_row *w, size_t n);

static void
heading(const struct tctx *t, const char *title)
{
	fprintf(t->fp, "\n%s%s%s\n", t->color ? C_BOLD : "", title, t->color ? C_RESET : "");
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

/* --compare: the change against the period before, " (+3)", " (-2.5)",
 * or nothing. */
static const char *
delta(const struct report_row *w, char buf[32])
{
	char c[32];

	if (*report_row_change(w, c))
		snprintf(buf, 32, " (%.28s)", c);
	else
		buf[0] = '\0';
	return buf;
}

/* The line of a percentage: its counts beside it. */
static void
ratio_line(FILE *fp, const struct report_row *w)
{
	char label[96], b[32];

	if (*w->item)
		snprintf(label, sizeof(label), "  %s, %s", name(w), w->item);
	else
		snprintf(label, sizeof(label), "%s", name(w));
	fputs("  ", fp);
	render_pad(fp, label, 28);
	fprintf(fp, " %7s", shown(w, b));
	if (w->pct && w->q.den)
		fprintf(fp, _("  (%ld of %ld)"), w->q.num, w->q.den);
	fputs(delta(w, b), fp);
	fputc('\n', fp);
}

static void
t_title(const struct tctx *t, const struct report_row *w, size_t n)
{
	const char *since = n > 0 ? w[0].s : "", *until = n > 1 ? w[1].s : "";

	fprintf(t->fp, "%scstk report%s  %.16s → %.16s  (%s)\n", t->color ? C_BOLD : "",
	    t->color ? C_RESET : "", since, until, strlen(since) > 19 ? since + 19 : "");
}

/* "  opened 3   resolved 2" */
static void
t_inline(const struct tctx *t, const struct report_row *w, size_t n)
{
	char b[32], d[32];

	for (size_t i = 0; i < n; i++)
		fprintf(t->fp, "%s%s %s%s", i ? "   " : "  ", name(&w[i]), shown(&w[i], b),
		    delta(&w[i], d));
	fputc('\n', t->fp);
}

/* "  intake 0  classified 1 " */
static void
t_spaced(const struct tctx *t, const struct report_row *w, size_t n)
{
	char b[32], d[32];

	fputc(' ', t->fp);
	for (size_t i = 0; i < n; i++)
		fprintf(t->fp, " %s %s%s ", name(&w[i]), shown(&w[i], b), delta(&w[i], d));
	fputc('\n', t->fp);
}

static void
t_ratios(const struct tctx *t, const struct report_row *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ratio_line(t->fp, &w[i]);
}

/* Figures of one label on one line ("median 2.0   p90 7.5"); the counts
 * left out of them in a note when there are any. */
static void
t_hours(const struct tctx *t, const struct report_row *w, size_t n)
{
	struct strbuf note = STRBUF_INIT;
	const char *left_out = NULL;
	char b[32], d[32];

	for (size_t i = 0, k; i < n; i = k) {
		if (w[i].kind == RK_COUNT) {
			sb_addf(&note, "%s%ld %s", note.len ? " and " : "", w[i].n, col(&w[i]));
			if (w[i].n)
				left_out = name(&w[i]);
			k = i + 1;
			continue;
		}
		fputs("  ", t->fp);
		render_pad(t->fp, name(&w[i]), 28);
		for (k = i; k < n && w[k].kind != RK_COUNT && !strcmp(name(&w[k]), name(&w[i]));
		    k++)
			fprintf(t->fp, "%s %s %7s%s", k > i ? "  " : "", col(&w[k]), shown(&w[k], b),
			    delta(&w[k], d));
		fputc('\n', t->fp);
	}
	if (left_out)
		fprintf(t->fp, "  (%s: %s dated before their ticket was created)\n", left_out,
		    note.buf);
	sb_release(&note);
}

/* Right-aligned in `width` columns of the terminal (CJK: two a character). */
static void
pad_left(FILE *fp, const char *s, int width)
{
	for (int k = utf8_width(s); k < width; k++)
		fputc(' ', fp);
	fputs(s, fp);
}

/* A grid's cell: the figure and its change. */
static const char *
grid_text(const struct report_row *w, char buf[64])
{
	char b[32], d[32];

	snprintf(buf, 64, "%s%s", shown(w, b), delta(w, d));
	return buf;
}

/* One line an item, one column a figure, as wide as its heading and its
 * widest cell (a percentage at least 7), right-aligned. */
static void
t_grid(const struct tctx *t, const struct report_row *w, size_t n)
{
	size_t e = report_rows_element(w, n);
	int *width = xcalloc(e ? e : 1, sizeof(int));
	char b[64];

	for (size_t c = 0; c < e; c++)
		width[c] = utf8_width(col(&w[c])) > (w[c].kind == RK_NUM ? 7 : 0) ?
		    utf8_width(col(&w[c])) : w[c].kind == RK_NUM ? 7 : 0;
	for (size_t i = 0, k; i < n; i += k)
		for (k = 0; k < report_rows_element(&w[i], n - i) && k < e; k++)
			if (utf8_width(grid_text(&w[i + k], b)) > width[k])
				width[k] = utf8_width(b);
	fprintf(t->fp, "  %-18s", "");
	for (size_t c = 0; c < e; c++)
		fputs(w[c].kind == RK_NUM ? "   " : "  ", t->fp), pad_left(t->fp, col(&w[c]),
		    width[c]);
	fputc('\n', t->fp);
	for (size_t i = 0, k; i < n; i += k) {
		size_t el = report_rows_element(&w[i], n - i);
		fputs("  ", t->fp);
		render_pad(t->fp, name(&w[i]), 18);
		for (k = 0; k < el; k++)
			fputs(w[i + k].kind == RK_NUM ? "   " : "  ", t->fp),
			    pad_left(t->fp, grid_text(&w[i + k], b), k < e ? width[k] : 0);
		fputc('\n', t->fp);
	}
	free(width);
}

/* "  customers complaining again within 30 days  1 of 2  (50.0%)" */
static void
t_of(const struct tctx *t, const struct report_row *w, size_t n)
{
	char b[32];

	for (size_t i = 0; i < n; i++)
		if (w[i].pct && w[i].label) {
			fprintf(t->fp, _("  %s  %ld of %ld  (%s)"), name(&w[i]), w[i].q.num,
			    w[i].q.den, shown(&w[i], b));
			fprintf(t->fp, "%s\n", delta(&w[i], b));
		}
}

/* The counts as a sentence, then the percentages. */
static void
t_sentence(const struct tctx *t, const struct report_row *w, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	report_rows_sentence(&sb, w, n, 1);
	if (sb.len)
		fprintf(t->fp, "  %s\n", sb.buf);
	sb_release(&sb);
	for (size_t i = 0; i < n; i++)
		if (w[i].kind == RK_NUM)
			ratio_line(t->fp, &w[i]);
}

static void
t_bars(const struct tctx *t, const struct report_row *w, size_t n)
{
	size_t total, show;
	long max;
	int width = 0;

	w = report_rows_elements(w, &n, &total);
	show = n < t->top ? n : t->top;
	max = n ? w[0].n : 0;
	for (size_t i = 0; i < show; i++)
		if (utf8_width(w[i].item) > width)
			width = utf8_width(w[i].item);
	for (size_t i = 0; i < show; i++) {
		fputs("  ", t->fp);
		render_pad(t->fp, w[i].item, width);
		fputs("  ", t->fp);
		bar(t->fp, w[i].n, max, 30);
		fprintf(t->fp, " %ld\n", w[i].n);
	}
	if (total == 0)
		fputs(_("  (none)\n"), t->fp);
	else if (total > show)
		fprintf(t->fp, "  … %zu more\n", total - show);
}

/* Its own line: from the report's list (its first `top` are the rows). */
static void
t_overdue(const struct tctx *t, const struct report_row *w, size_t n)
{
	const struct report *r = t->r;

	(void)w;
	(void)n;
	if (r->noverdue == 0)
		fputs(_("  (none)\n"), t->fp);
	/* Columns as wide as their widest shown value: a priority's label
	 * and an agent's name may be CJK, two columns a character. */
	int pw = 7, aw = 10;
	for (size_t i = 0; i < r->noverdue && i < t->top; i++) {
		int w1 = utf8_width(vocab_show(V_PRIORITY, r->overdue[i].priority));
		int w2 = utf8_width(*r->overdue[i].assignee ? r->overdue[i].assignee : "-");
		if (w1 > pw)
			pw = w1;
		if (w2 > aw)
			aw = w2;
	}
	for (size_t i = 0; i < r->noverdue && i < t->top; i++) {
		fprintf(t->fp, "  %s  ", r->overdue[i].id);
		render_pad(t->fp, vocab_show(V_PRIORITY, r->overdue[i].priority), pw);
		fputc(' ', t->fp);
		render_pad(t->fp, *r->overdue[i].assignee ? r->overdue[i].assignee : "-", aw);
		fprintf(t->fp, " due %.16s  %s%6.1f h over%s\n", r->overdue[i].due,
		    t->color ? C_RED : "", r->overdue[i].hours_over, t->color ? C_RESET : "");
	}
	if (r->noverdue > t->top)
		fprintf(t->fp, "  … %zu more\n", r->noverdue - t->top);
}

/* A column as wide as its heading and `extra`, at least 7. */
static int
col_width(const struct report_row *w, int extra)
{
	int n = utf8_width(col(w)) + extra;

	return n < 7 ? 7 : n;
}

static void
table_cells(FILE *fp, const struct report_row *w, size_t n, int width, int extra)
{
	char b[32];

	for (size_t i = 0, e; i < n; i += e) {
		e = report_rows_element(&w[i], n - i);
		fputs("  ", fp);
		render_pad(fp, w[i].item, width);
		for (size_t k = i; k < i + e; k++)
			fputc(' ', fp), pad_left(fp, shown(&w[k], b), col_width(&w[k], extra));
		fputc('\n', fp);
	}
}

static void
t_agents(const struct tctx *t, const struct report_row *w, size_t n)
{
	size_t total, e;

	w = report_rows_elements(w, &n, &total);
	if (n == 0) {
		fputs(_("  (none)\n"), t->fp);
		return;
	}
	fprintf(t->fp, "  %-12s", "agent");
	e = report_rows_element(w, n);
	for (size_t i = 0; i < e; i++)
		fputc(' ', t->fp), pad_left(t->fp, col(&w[i]), col_width(&w[i], 0));
	fputc('\n', t->fp);
	table_cells(t->fp, w, n, 12, 0);
}

/* The headings are written here: they are printed when there is no row.
 * The grid is the figures that are not `detail` (JSON and CSV have all). */
static void
t_breakdown(const struct tctx *t, const struct report_row *w, size_t n)
{
	struct report_row *g;
	size_t total, ng = 0;

	w = report_rows_elements(w, &n, &total);
	if (n == 0) {
		fputs(_("  (none)\n"), t->fp);
		return;
	}
	g = xcalloc(n, sizeof(*g));
	for (size_t i = 0; i < n; i++)
		if (!w[i].detail)
			g[ng++] = w[i];
	fprintf(t->fp, "  %-14s", "");
	for (size_t i = 0, e = report_rows_element(g, ng); i < e; i++)
		fputc(' ', t->fp), pad_left(t->fp, col(&g[i]), col_width(&g[i], 0));
	fputc('\n', t->fp);
	table_cells(t->fp, g, ng, 14, 0);
	free(g);
}

/* A section with no layout of its own: a figure a line. */
static void
t_lines(const struct tctx *t, const struct report_row *w, size_t n)
{
	char b[32];

	for (size_t i = 0; i < n; i++)
		if (w[i].kind != RK_LIST)
			fprintf(t->fp, "  %-28s %s%s%s\n", name(&w[i]), w[i].item,
			    *w[i].item ? " " : "", shown(&w[i], b));
}

/* The table's order of the sections, their headings and layouts.  A section
 * ending in '.' matches every section it begins, whose rest is added to
 * the heading in capitals. */
static const struct table_part {
	const char *section, *heading;
	table_fn *fn;
} table_parts[] = {
	{ "period", NULL, t_title },
	{ "volume", N_("VOLUME"), t_inline },
	{ "backlog", N_("BACKLOG AT THE END OF THE PERIOD"), t_spaced },
	{ "sla", N_("SERVICE LEVEL"), t_ratios },
	{ "hours", NULL, t_hours },
	{ "rates", NULL, t_ratios },
	{ "csat", N_("SATISFACTION"), t_grid },
	{ "repeat_complaints", N_("REPEAT COMPLAINTS AND REVISITS"), t_of },
	{ "revisits", NULL, t_sentence },
	{ "by.", N_("OPENED BY "), t_bars },
	{ "top_problems", N_("TOP PROBLEMS (category/module)"), t_bars },
	{ "overdue", N_("OVERDUE OPEN TICKETS"), t_overdue },
	{ "agents", N_("AGENTS"), t_agents },
	{ "breakdown.", N_("BY "), t_breakdown },
	{ "trend", N_("TREND (one row a period, this one last)"), t_breakdown },
	/* --compare: shown as the changes above, not again */
	{ "previous.", NULL, NULL },
};
#define NPARTS (sizeof(table_parts) / sizeof(table_parts[0]))

static const struct table_part *
part_of(const char *section)
{
	for (size_t p = 0; p < NPARTS; p++) {
		const char *s = table_parts[p].section;
		size_t len = strlen(s);
		if (s[len - 1] == '.' ? !strncmp(section, s, len) : !strcmp(section, s))
			return &table_parts[p];
	}
	return NULL;
}

static void
table_heading(const struct tctx *t, const char *title, const char *section)
{
	struct strbuf sb = STRBUF_INIT;

	/* The dimensions' names for people, as the list's headings. */
	static const char *const dims[] = { N_("CATEGORY"), N_("PRIORITY"), N_("CHANNEL"),
		N_("MODULE"), N_("ASSIGNEE"), N_("TEAM"), N_("TIER") };
	struct strbuf up = STRBUF_INIT;
	const char *name;

	for (const char *p = section; *p; p++)
		sb_addc(&up, *p >= 'a' && *p <= 'z' ? *p - 32 : *p == '.' ? ' ' : *p);
	name = up.buf ? up.buf : "";
	for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
		if (strcmp(name, dims[i]) == 0)
			name = _(dims[i]);
	sb_adds(&sb, title);
	sb_adds(&sb, name);
	heading(t, sb.buf);
	sb_release(&up);
	sb_release(&sb);
}

void
report_table(const struct report *r, FILE *fp, int color)
{
	struct tctx t = { fp, color, (size_t)r->o.top, r };
	struct report_rows rows;

	report_rows_build(r, &rows, vocab_labels_shown());
	/* The parts in order, then any section that has none. */
	for (size_t p = 0; p <= NPARTS; p++) {
		for (size_t i = 0, n; i < rows.nr; i += n) {
			const struct report_row *w = &rows.v[i];
			const struct table_part *tp = part_of(w->section);

			n = report_rows_run(w, rows.nr - i);
			if (p < NPARTS ? tp != &table_parts[p] : tp != NULL)
				continue;
			if (tp == NULL)
				table_heading(&t, "", w->section);
			else if (tp->heading && tp->section[strlen(tp->section) - 1] == '.')
				table_heading(&t, _(tp->heading), w->section + strlen(tp->section));
			else if (tp->heading)
				heading(&t, _(tp->heading));
			if (tp == NULL || tp->fn)
				(tp ? tp->fn : t_lines)(&t, w, n);
		}
	}
	report_rows_release(&rows);
}

/* ---- JSON: the rows' paths, in order ---- */

/* Arrays whose objects are written one a line. */
static const char *const json_one_a_line[] = { "overdue", "agents" };

enum jkind { J_OBJECT, J_ARRAY, J_ELEMENT };

struct jlevel {
	enum jkind kind;
	const char *name;	/* a member's name; an element's item */
	size_t len;
	const char *keys;	/* an array's and its elements': the key members */
	size_t keys_len;
	int members;		/* written so far */
};

#define JSON_DEPTH 8

/* The levels a row's figure is in, from the document down, and its name. */
struct jpath {
	struct jlevel lv[JSON_DEPTH];
	size_t nr;
	const char *leaf;	/* NULL for a LIST row */
	size_t leaf_len;
};

struct jwriter {
	struct strbuf out;
	struct jlevel lv[JSON_DEPTH];	/* open */
	size_t nr;
	const char *section;	/* of the row before */
};

static struct jlevel
jlevel(enum jkind kind, const char *name, size_t len, const char *keys, size_t keys_len)
{
	struct jlevel l = { kind, name, len, keys, keys_len, 0 };
	return l;
}

static void
jpath_parse(const struct report_row *w, struct jpath *p)
{
	const char *s = w->path;

	p->lv[0] = jlevel(J_OBJECT, "", 0, NULL, 0);
	p->nr = 1;
	p->leaf = NULL;
	p->leaf_len = 0;
	for (;;) {
		const char *dot = strchr(s, '.'), *end = dot ? dot : s + strlen(s);
		const char *br = memchr(s, '[', (size_t)(end - s));
		const char *nm = s;
		size_t len = (size_t)((br ? br : end) - s);

		if (len == 1 && *s == '*') {
			nm = w->item;
			len = strlen(w->item);
		}
		if (!dot && !br && w->kind != RK_LIST) {
			p->leaf = nm;
			p->leaf_len = len;
			return;
		}
		if (p->nr + 2 > JSON_DEPTH)
			return;
		if (br) {
			size_t klen = (size_t)(end - br) - 2;	/* "[k]" */
			p->lv[p->nr++] = jlevel(J_ARRAY, nm, len, br + 1, klen);
			if (dot || w->kind != RK_LIST)
				p->lv[p->nr++] = jlevel(J_ELEMENT, w->item, strlen(w->item), br + 1,
				    klen);
		} else {
			p->lv[p->nr++] = jlevel(J_OBJECT, nm, len, NULL, 0);
		}
		if (!dot)
			return;
		s = dot + 1;
	}
}

static void
jname(struct strbuf *sb, const char *s, size_t len)
{
	char *nm = xstrndup(s, len);

	json_str(sb, nm);
	free(nm);
}

static int
one_a_line(const struct jlevel *l)
{
	for (size_t i = 0; i < sizeof(json_one_a_line) / sizeof(json_one_a_line[0]); i++)
		if (strlen(json_one_a_line[i]) == l->len &&
		    !memcmp(json_one_a_line[i], l->name, l->len))
			return 1;
	return 0;
}

/* Before a member or element of the innermost open level: a section
 * begins a line of the document. */
static void
jnext(struct jwriter *j, const struct report_row *w, int element)
{
	struct jlevel *in = &j->lv[j->nr - 1];
	int first = in->members++ == 0;

	if (!first)
		sb_addc(&j->out, ',');
	if (!first && j->nr == 1 && strcmp(w->section, j->section) != 0)
		sb_addc(&j->out, '\n');
	if (element && one_a_line(in))
		sb_adds(&j->out, "\n  ");
}

/* An element begins with its key members: the item, split at '/'. */
static void
jkeys(struct jwriter *j, const struct report_row *w, const struct jlevel *l)
{
	const char *k = l->keys, *kend = l->keys + l->keys_len, *v = w->item;

	while (k < kend) {
		const char *ks = memchr(k, '/', (size_t)(kend - k));
		const char *vs = ks ? strchr(v, '/') : NULL;	/* the last takes the rest */
		size_t vlen = vs ? (size_t)(vs - v) : strlen(v);

		jnext(j, w, 0);
		jname(&j->out, k, (size_t)((ks ? ks : kend) - k));
		sb_addc(&j->out, ':');
		jname(&j->out, v, vlen);
		k = ks ? ks + 1 : kend;
		v = vs ? vs + 1 : v + vlen;
	}
}

static void
jopen(struct jwriter *j, const struct report_row *w, const struct jlevel *l)
{
	jnext(j, w, l->kind == J_ELEMENT);
	if (l->kind != J_ELEMENT) {
		jname(&j->out, l->name, l->len);
		sb_addc(&j->out, ':');
	}
	sb_addc(&j->out, l->kind == J_ARRAY ? '[' : '{');
	j->lv[j->nr++] = *l;
	if (l->kind == J_ELEMENT)
		jkeys(j, w, l);
}

static void
jclose(struct jwriter *j)
{
	j->nr--;
	sb_addc(&j->out, j->lv[j->nr].kind == J_ARRAY ? ']' : '}');
}

static int
jsame(const struct jlevel *a, const struct jlevel *b)
{
	return a->kind == b->kind && a->len == b->len && !memcmp(a->name, b->name, a->len);
}

static void
jvalue(struct strbuf *sb, const struct report_row *w)
{
	switch (w->kind) {
	case RK_COUNT:
		sb_addf(sb, "%ld", w->n);
		break;
	case RK_NUM:
		if (w->x < 0)
			sb_adds(sb, "null");
		else
			sb_addf(sb, "%.1f", w->x);
		break;
	case RK_TEXT:
		json_str(sb, w->s);
		break;
	case RK_LIST:
		break;
	}
}

static void
jrow(struct jwriter *j, const struct report_row *w)
{
	struct jpath p;
	size_t same = 1;

	jpath_parse(w, &p);
	while (same < j->nr && same < p.nr && jsame(&j->lv[same], &p.lv[same]))
		same++;
	while (j->nr > same)
		jclose(j);
	for (size_t i = same; i < p.nr; i++)
		jopen(j, w, &p.lv[i]);
	if (p.leaf) {
		jnext(j, w, 0);
		jname(&j->out, p.leaf, p.leaf_len);
		sb_addc(&j->out, ':');
		jvalue(&j->out, w);
	}
	j->section = w->section;
}

void
report_json(const struct report *r, FILE *fp)
{
	struct report_rows rows;
	struct jwriter j;

	memset(&j, 0, sizeof(j));
	j.lv[0] = jlevel(J_OBJECT, "", 0, NULL, 0);
	j.nr = 1;
	j.section = "";
	report_rows_build(r, &rows, 0);
	sb_addc(&j.out, '{');
	for (size_t i = 0; i < rows.nr; i++)
		jrow(&j, &rows.v[i]);
	while (j.nr > 1)
		jclose(&j);
	sb_adds(&j.out, "}\n");
	fputs(j.out.buf, fp);
	sb_release(&j.out);
	report_rows_release(&rows);
}

/* ---- CSV: section,item,metric,value, a row a line ---- */

static void
csv_line(struct strbuf *sb, const char *section, const char *item, const char *metric,
    const char *value)
{
	csvio_field(sb, section, 1);
	csvio_field(sb, item, 0);
	csvio_field(sb, metric, 0);
	csvio_field(sb, value, 0);
	sb_addc(sb, '\n');
}

void
report_csv(const struct report *r, FILE *fp)
{
	struct report_rows rows;
	struct strbuf sb = STRBUF_INIT;

	report_rows_build(r, &rows, 0);
	csv_line(&sb, "section", "item", "metric", "value");
	for (size_t i = 0; i < rows.nr; i++) {
		const struct report_row *w = &rows.v[i];
		char b[32];

		if (w->kind == RK_LIST)
			continue;
		if (w->kind == RK_NUM && w->x < 0)
			b[0] = '\0';
		else if (w->kind == RK_NUM)
			snprintf(b, sizeof(b), "%.1f", w->x);
		csv_line(&sb, w->section, w->item, w->metric, w->kind == RK_NUM ? b : shown(w, b));
	}
	fputs(sb.buf, fp);
	sb_release(&sb);
	report_rows_release(&rows);
}
