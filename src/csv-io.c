/* csv-io.c — CSV and TSV output; see csv-io.h. */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "csv-io.h"

/*
 * A cell a spreadsheet would run: = + - @ tab CR first.  A value that
 * already starts with ' before such a cell is guarded too, so that import
 * can remove exactly one ' and get the value back.
 */
int
csvio_needs_guard(const char *s)
{
	while (s[0] == '\'')
		s++;
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Only blanks and line ends in these n bytes (not NUL-terminated)? */
static int
blank_line(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_blank(p[i]) && p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

void
csvio_field(struct strbuf *sb, const char *s, int first)
{
	struct strbuf src = STRBUF_INIT;
	size_t need;

	if (!first)
		sb_addc(sb, ',');
	if (s == NULL || *s == '\0')
		return;
	if (csvio_needs_guard(s))
		sb_addc(&src, '\'');
	sb_adds(&src, s);
	/* Quote only when the field needs it, so plain values stay plain;
	 * readers (libcsv among them) trim unquoted blanks at either end. */
	if (strpbrk(src.buf, ",\"\r\n") == NULL && !is_blank(src.buf[0]) &&
	    !is_blank(src.buf[src.len - 1])) {
		sb_add(sb, src.buf, src.len);
		sb_release(&src);
		return;
	}
	need = csv_write(NULL, 0, src.buf, src.len);
	sb_grow(sb, need);
	csv_write(sb->buf + sb->len, need, src.buf, src.len);
	sb->len += need;
	sb->buf[sb->len] = '\0';
	sb_release(&src);
}

void
tsvio_field(struct strbuf *sb, const char *s, int first)
{
	if (!first)
		sb_addc(sb, '\t');
	for (; s && *s; s++)
		sb_addc(sb, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* ---- reading ---- */

struct reader {
	struct csv_table *t;
	struct csv_row cur;
	size_t alloc;
	unsigned line;		/* physical line being fed */
	unsigned row_line;	/* where the current record started */
	int started;		/* the current record has begun */
};

static void
on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;

	ALLOC_GROW(r->cur.cells, r->cur.n + 1, r->alloc);
	r->cur.cells[r->cur.n++] = xstrndup(data ? data : "", data ? len : 0);
}

static void
on_record(int term, void *ctx)
{
	struct reader *r = ctx;

	(void)term;
	r->cur.line = r->row_line;
	ALLOC_GROW(r->t->rows, r->t->nr + 1, r->t->alloc);
	r->t->rows[r->t->nr++] = r->cur;
	memset(&r->cur, 0, sizeof(r->cur));
	r->alloc = 0;
	r->row_line = r->line + 1;
	r->started = 0;
}

static void
free_row(struct csv_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		free(row->cells[i]);
	free(row->cells);
}

void
csvio_row_release(struct csv_row *row)
{
	free_row(row);
	row->cells = NULL;
	row->n = 0;
}

void
csvio_table_release(struct csv_table *t)
{
	for (size_t i = 0; i < t->nr; i++)
		free_row(&t->rows[i]);
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

const struct error *
csvio_read(const char *buf, size_t len, const char *file, struct csv_table *out)
{
	struct csv_parser p;
	struct reader r;
	const struct error *err = NULL;
	size_t off = 0;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.t = out;
	r.line = 1;
	r.row_line = 1;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return error_new(ERR_IO, "%s: cannot start the CSV parser", file);
	/* Feed one physical line at a time, so every record knows its line. */
	while (off < len && err == NULL) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (buf + off)) + 1 : len - off;

		/* libcsv passes over blank lines between records: so do we. */
		if (!r.started && blank_line(buf + off, n))
			r.row_line = r.line + 1;
		else
			r.started = 1;
		if (csv_parse(&p, buf + off, n, on_field, on_record, &r) != n)
			err = error_new(ERR_DATA, "%s:%u: %s (a quote inside an unquoted "
			    "cell, or text after a closing quote)", file, r.line,
			    csv_strerror(csv_error(&p)));
		off += n;
		if (nl)
			r.line++;
	}
	if (err == NULL && csv_fini(&p, on_field, on_record, &r) != 0)
		err = error_new(ERR_DATA, "%s:%u: a quoted cell is not closed before the "
		    "end of the file", file, r.row_line);
	csv_free(&p);
	free_row(&r.cur);
	if (err == NULL && out->nr == 0)
		err = error_new(ERR_DATA, "%s: the file is empty; it needs a header row",
		    file);
	for (size_t i = 1; i < out->nr && err == NULL; i++)
		if (out->rows[i].n != out->rows[0].n)
			err = error_new(ERR_DATA, "%s:%u: the row has %zu cells; the header "
			    "has %zu", file, out->rows[i].line, out->rows[i].n,
			    out->rows[0].n);
	if (err)
		csvio_table_release(out);
	return err;
}
