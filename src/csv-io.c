/* csv-io.c — CSV and TSV output; see csv-io.h. */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int
csvio_blank_line(const char *p, size_t n)
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
	size_t n, need;
	int guard;

	if (!first)
		sb_addc(sb, ',');
	if (s == NULL || *s == '\0')
		return;
	/* Quote only when the field needs it, so plain values stay plain;
	 * readers (libcsv among them) trim unquoted blanks at either end.
	 * A guarded value starts with its quote, never a blank. */
	guard = csvio_needs_guard(s);
	n = strlen(s);
	if (s[strcspn(s, ",\"\r\n")] == '\0' && (guard || !is_blank(s[0])) &&
	    !is_blank(s[n - 1])) {
		if (guard)
			sb_addc(sb, '\'');
		sb_add(sb, s, n);
		return;
	}
	if (guard)
		sb_addc(&src, '\'');
	sb_add(&src, s, n);
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

/*
 * One reader for a buffer (csvio_read) and a file (csvio_stream_*): it
 * feeds libcsv one physical line at a time, so every record knows its
 * line, and hands out records as they complete.
 */
struct csv_stream {
	const char *file;
	int fd;			/* -1: a buffer, all of it in `data` */
	csvio_line_fn *on_line;
	void *arg;
	struct csv_parser p;
	const char *data;	/* [off, len) not yet fed: the buffer, or buf */
	size_t off, len;
	char *buf;		/* bytes read from fd */
	size_t alloc;
	int eof, done, bom_seen;
	struct csv_table ready;	/* completed records; [head, nr) not taken */
	size_t head, ncells, nrec;
	struct csv_row cur;
	size_t cur_alloc;
	unsigned line;		/* physical line being fed */
	unsigned row_line;	/* where the current record started */
	int started;		/* the current record has begun */
};

static void
on_field(void *data, size_t len, void *ctx)
{
	struct csv_stream *r = ctx;

	ALLOC_GROW(r->cur.cells, r->cur.n + 1, r->cur_alloc);
	r->cur.cells[r->cur.n++] = xstrndup(data ? data : "", data ? len : 0);
}

static void
on_record(int term, void *ctx)
{
	struct csv_stream *r = ctx;

	(void)term;
	r->cur.line = r->row_line;
	ALLOC_GROW(r->ready.rows, r->ready.nr + 1, r->ready.alloc);
	r->ready.rows[r->ready.nr++] = r->cur;
	memset(&r->cur, 0, sizeof(r->cur));
	r->cur_alloc = 0;
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

static struct csv_stream *
stream_new(const char *file, csvio_line_fn *on_line, void *arg)
{
	struct csv_stream *st = xcalloc(1, sizeof(*st));

	st->file = file;
	st->fd = -1;
	st->on_line = on_line;
	st->arg = arg;
	st->line = 1;
	st->row_line = 1;
	if (csv_init(&st->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		free(st);
		return NULL;
	}
	return st;
}

const struct error *
csvio_stream_open(int fd, const char *file, csvio_line_fn *on_line, void *arg,
    struct csv_stream **out)
{
	if ((*out = stream_new(file, on_line, arg)) == NULL)
		return error_new(ERR_IO, "%s: cannot start the CSV parser", file);
	(*out)->fd = fd;
	return NULL;
}

void
csvio_stream_close(struct csv_stream *st)
{
	if (st == NULL)
		return;
	csv_free(&st->p);
	free_row(&st->cur);
	for (size_t i = st->head; i < st->ready.nr; i++)
		free_row(&st->ready.rows[i]);
	free(st->ready.rows);
	free(st->buf);
	free(st);
}

/* The next physical line: from what was read, reading on from fd until
 * a line end or the end of the file.  0 at the end. */
static const struct error *
next_line(struct csv_stream *st, const char **line, size_t *n)
{
	for (;;) {
		const char *nl = st->off < st->len ?
		    memchr(st->data + st->off, '\n', st->len - st->off) : NULL;

		if (nl || (st->eof && st->off < st->len)) {
			*line = st->data + st->off;
			*n = nl ? (size_t)(nl - *line) + 1 : st->len - st->off;
			st->off += *n;
			return NULL;
		}
		if (st->eof)
			return *n = 0, NULL;
		if (st->off > 0) {	/* keep the unfinished line, drop the rest */
			memmove(st->buf, st->buf + st->off, st->len - st->off);
			st->len -= st->off;
			st->off = 0;
		}
		ALLOC_GROW(st->buf, st->len + 65536, st->alloc);
		st->data = st->buf;
		for (;;) {
			ssize_t got = read(st->fd, st->buf + st->len, st->alloc - st->len);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0)
				return error_sys("cannot read '%s'", st->file);
			st->len += (size_t)got;
			st->eof = got == 0;
			break;
		}
	}
}

const struct error *
csvio_stream_line(struct csv_stream *st, const char **line, size_t *n, unsigned *lineno)
{
	const struct error *err;

	if ((err = next_line(st, line, n)) != NULL || *n == 0)
		return err;
	*lineno = st->line;
	if (st->on_line && (err = st->on_line(*line, *n, st->line, st->arg)) != NULL)
		return err;
	st->line += (*line)[*n - 1] == '\n';
	return NULL;
}

/* Feed lines until a record is ready or the input ends. */
static const struct error *
fill(struct csv_stream *st)
{
	const struct error *err;
	const char *line = NULL;
	size_t n = 0;
	int newline;

	while (st->head == st->ready.nr && !st->done) {
		if ((err = next_line(st, &line, &n)) != NULL)
			return err;
		if (n == 0) {
			st->done = 1;
			if (csv_fini(&st->p, on_field, on_record, st) != 0)
				return error_new(ERR_DATA, "%s:%u: a quoted cell is not closed "
				    "before the end of the file", st->file, st->row_line);
			break;
		}
		if (st->on_line && (err = st->on_line(line, n, st->line, st->arg)) != NULL)
			return err;
		newline = line[n - 1] == '\n';
		if (!st->bom_seen) {
			st->bom_seen = 1;
			if (n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
				line += 3, n -= 3;
		}
		/* libcsv passes over blank lines between records: so do we. */
		if (!st->started && csvio_blank_line(line, n))
			st->row_line = st->line + 1;
		else
			st->started = 1;
		if (csv_parse(&st->p, line, n, on_field, on_record, st) != n)
			return error_new(ERR_DATA, "%s:%u: %s (a quote inside an unquoted "
			    "cell, or text after a closing quote)", st->file, st->line,
			    csv_strerror(csv_error(&st->p)));
		if (newline)
			st->line++;
	}
	return NULL;
}

const struct error *
csvio_stream_next(struct csv_stream *st, struct csv_row *row, int *got)
{
	const struct error *err;

	*got = 0;
	if (st->head == st->ready.nr) {
		st->head = st->ready.nr = 0;	/* all taken: the array is reused */
		if ((err = fill(st)) != NULL)
			return err;
	}
	if (st->head == st->ready.nr) {
		if (st->nrec == 0)
			return error_new(ERR_DATA, "%s: the file is empty; it needs a header row",
			    st->file);
		return NULL;
	}
	*row = st->ready.rows[st->head++];
	if (st->nrec++ == 0)
		st->ncells = row->n;
	else if (row->n != st->ncells) {
		err = error_new(ERR_DATA, "%s:%u: the row has %zu cells; the header has %zu",
		    st->file, row->line, row->n, st->ncells);
		csvio_row_release(row);
		return err;
	}
	*got = 1;
	return NULL;
}

const struct error *
csvio_read(const char *buf, size_t len, const char *file, struct csv_table *out)
{
	struct csv_stream *st = stream_new(file, NULL, NULL);
	const struct error *err = NULL;
	struct csv_row row;
	int got = 1;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return error_new(ERR_IO, "%s: cannot start the CSV parser", file);
	st->data = buf;
	st->len = len;
	st->eof = 1;	/* nothing to read: the lines are cut from buf */
	while (got && (err = csvio_stream_next(st, &row, &got)) == NULL && got) {
		ALLOC_GROW(out->rows, out->nr + 1, out->alloc);
		out->rows[out->nr++] = row;
	}
	csvio_stream_close(st);
	if (err)
		csvio_table_release(out);
	return err;
}
