/*
 * render.h — terminal output: tables aligned by display width (CJK counts
 * two columns), text cut at a width rather than a byte, colour only on a
 * terminal and never with NO_COLOR.
 */
#ifndef CSTK_RENDER_H
#define CSTK_RENDER_H

#include <stdint.h>
#include <stdio.h>

#include "clock.h"
#include "strbuf.h"

/* ANSI colours; render_color() says whether to use them on stdout. */
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_BLUE "\033[34m"
#define C_DIM "\033[2m"
#define C_BOLD "\033[1m"
#define C_RESET "\033[0m"

int render_color(void);
/* One line of `s` (newlines and tabs become spaces) cut to `maxw` columns,
 * with "…" when it was cut. */
void render_cut(const char *s, int maxw, struct strbuf *out);
/* `s` padded with spaces to `width` columns. */
void render_pad(FILE *fp, const char *s, int width);
/* A deadline for people: "11-20 09:00", "+5h"/"+3d" when `over` hours
 * late; a date promised to the customer "11-20 09:00 promised", and
 * "promised +5h" once `now` is past the promise. */
void render_deadline(struct strbuf *sb, int64_t t, const struct ctime *now, double over,
    int promised);

struct table {
	size_t ncols;
	const char *const *head;
	char **cells;		/* nrows * ncols, owned */
	const char **colors;	/* per cell, or NULL */
	int *cap;		/* per column: widest allowed (0: no cap) */
	size_t nrows, alloc;
};

void table_init(struct table *t, size_t ncols, const char *const *head);
/* Cap column `col` at `width` columns; longer cells are cut with "…". */
void table_cap(struct table *t, size_t col, int width);
/* Add a row; `colors` may be NULL or hold NULL entries. */
void table_row(struct table *t, const char *const *cells, const char *const *colors);
void table_print(const struct table *t, FILE *fp, int color);
void table_release(struct table *t);

#endif
