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

void
render_pad(FILE *fp, const char *s, int width)
{
	int w = utf8_width(s);

	fputs(s, fp);
	for (; w < width; w++)
		fputc(' ', fp);
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
	int *w = xcalloc(t->ncols, sizeof(int));

	for (size_t c = 0; c < t->ncols; c++)
		w[c] = utf8_width(_(t->head[c]));
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			int cw = utf8_width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	if (color)
		fputs(C_BOLD, fp);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c + 1 == t->ncols)
			fputs(_(t->head[c]), fp);
		else {
			render_pad(fp, _(t->head[c]), w[c]);
			fputs("  ", fp);
		}
	}
	if (color)
		fputs(C_RESET, fp);
	fputc('\n', fp);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			const char *col = t->colors[r * t->ncols + c];

			if (color && col)
				fputs(col, fp);
			if (c + 1 == t->ncols)
				fputs(cell, fp);
			else
				render_pad(fp, cell, w[c]);
			if (color && col)
				fputs(C_RESET, fp);
			if (c + 1 < t->ncols)
				fputs("  ", fp);
		}
		fputc('\n', fp);
	}
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
