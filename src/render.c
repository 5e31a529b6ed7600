/* render.c — width-aware tables and colour; see render.h. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "clock.h"
#include "render.h"
#include "utf8.h"

int
render_color(void)
{
	const char *nc = getenv("NO_COLOR");

	if (nc && *nc)
		return 0;
	return isatty(STDOUT_FILENO);
}

void
render_cut(const char *s, int maxw, struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;
	size_t fit;
	int w;

	for (const char *p = s; *p; p++)
		sb_addc(&line, *p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p);
	if (maxw <= 0 || utf8_width(sb_str(&line)) <= maxw) {
		sb_adds(out, sb_str(&line));
	} else {
		fit = utf8_fit(line.buf, maxw - 1, &w);
		sb_add(out, line.buf, fit);
		sb_adds(out, "…");
	}
	sb_release(&line);
}

/* s, then spaces from its width w to `width`. */
static void
pad_to(struct strbuf *sb, const char *s, int w, int width)
{
	static const char spaces[] = "                                ";

	sb_adds(sb, s);
	for (; w < width; w += (int)sizeof(spaces) - 1)
		sb_add(sb, spaces, width - w < (int)sizeof(spaces) - 1 ?
		    (size_t)(width - w) : sizeof(spaces) - 1);
}

void
render_pad(FILE *fp, const char *s, int width)
{
	struct strbuf sb = STRBUF_INIT;

	pad_to(&sb, s, utf8_width(s), width);
	fputs(sb_str(&sb), fp);
	sb_release(&sb);
}

void
render_deadline(struct strbuf *sb, int64_t t, const struct ctime *now, double over,
    int promised)
{
	struct ctime ct = { t, now->off };
	char buf[CLOCK_BUFSZ];

	clock_format_short(&ct, buf);
	sb_adds(sb, buf);
	if (promised) {		/* the row stays red past the SLA */
		sb_adds(sb, " promised");
		over = now->t > t ? (double)(now->t - t) / 3600 : 0;	/* past the promise */
	}
	if (over >= 48)
		sb_addf(sb, " +%.0fd", over / 24);
	else if (over > 0)
		sb_addf(sb, " +%.0fh", over < 1 ? 1 : over);
}

void
table_init(struct table *t, size_t ncols, const char *const *head)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->head = head;
	t->cap = xcalloc(ncols, sizeof(int));
}

void
table_cap(struct table *t, size_t col, int width)
{
	t->cap[col] = width;
}

void
table_row(struct table *t, const char *const *cells, const char *const *colors)
{
	size_t base;

	ALLOC_GROW(t->cells, (t->nrows + 1) * t->ncols, t->alloc);
	t->colors = xrealloc(t->colors, t->alloc * sizeof(*t->colors));
	base = t->nrows * t->ncols;
	for (size_t i = 0; i < t->ncols; i++) {
		struct strbuf sb = STRBUF_INIT;
		render_cut(cells[i] ? cells[i] : "", t->cap[i], &sb);
		t->cells[base + i] = sb_detach(&sb);
		t->colors[base + i] = colors ? colors[i] : NULL;
	}
	t->nrows++;
}

void
table_print(const struct table *t, FILE *fp, int color)
{
	size_t n = t->nrows * t->ncols;
	int *w = xcalloc(t->ncols, sizeof(int));
	int *cw = xmalloc((n ? n : 1) * sizeof(int));	/* each cell's width */
	struct strbuf line = STRBUF_INIT;

	for (size_t c = 0; c < t->ncols; c++)
		w[c] = utf8_width(_(t->head[c]));
	for (size_t i = 0; i < n; i++) {
		cw[i] = utf8_width(t->cells[i]);
		if (cw[i] > w[i % t->ncols])
			w[i % t->ncols] = cw[i];
	}
	if (color)
		sb_adds(&line, C_BOLD);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c + 1 == t->ncols)
			sb_adds(&line, _(t->head[c]));
		else {
			pad_to(&line, _(t->head[c]), utf8_width(_(t->head[c])), w[c]);
			sb_adds(&line, "  ");
		}
	}
	if (color)
		sb_adds(&line, C_RESET);
	sb_addc(&line, '\n');
	/* a row at a time into `line`, then written: one call a row */
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			size_t i = r * t->ncols + c;
			const char *col = t->colors[i];

			if (color && col)
				sb_adds(&line, col);
			if (c + 1 == t->ncols)
				sb_adds(&line, t->cells[i]);
			else
				pad_to(&line, t->cells[i], cw[i], w[c]);
			if (color && col)
				sb_adds(&line, C_RESET);
			if (c + 1 < t->ncols)
				sb_adds(&line, "  ");
		}
		sb_addc(&line, '\n');
		fwrite(line.buf, 1, line.len, fp);
		sb_reset(&line);
	}
	if (line.len)		/* the heading, when no row */
		fwrite(line.buf, 1, line.len, fp);
	sb_release(&line);
	free(cw);
	free(w);
}

void
table_release(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->colors);
	free(t->cap);
	memset(t, 0, sizeof(*t));
}
