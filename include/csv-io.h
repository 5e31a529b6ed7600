/*
 * csv-io.h — CSV output (SPEC §7): RFC 4180 quoting through libcsv, one
 * record a line ending in LF, and the formula guard: a cell whose first
 * character is = + - @, a tab or CR is written with a leading ' so a
 * spreadsheet shows it instead of running it.
 */
#ifndef CSTK_CSV_IO_H
#define CSTK_CSV_IO_H

#include "error.h"
#include "strbuf.h"

/* Append one field; `first` omits the separating comma. */
void csvio_field(struct strbuf *sb, const char *s, int first);
/* Append one TSV field: tabs and line breaks become spaces. */
void tsvio_field(struct strbuf *sb, const char *s, int first);
int csvio_needs_guard(const char *s);

/*
 * CSV input: RFC 4180 through libcsv in strict mode.  A UTF-8 BOM is
 * skipped; CRLF and LF both end records; each record keeps the physical
 * line it starts on.  An unterminated quote, a stray quote or a record
 * whose cell count differs from the header's is an error worded
 * "FILE:LINE: message".
 */
struct csv_row {
	char **cells;
	size_t n;
	unsigned line;
};

struct csv_table {
	struct csv_row *rows;	/* rows[0] is the header */
	size_t nr, alloc;
};

const struct error *csvio_read(const char *buf, size_t len, const char *file,
    struct csv_table *out);

/*
 * The same, a record at a time from a file, so a file of any size is read
 * in little memory.  `on_line`, when given, sees every physical line (as
 * read, with its line end and a BOM) before it is parsed, and can refuse
 * it.  The checks are csvio_read's, in file order.
 */
struct csv_stream;
typedef const struct error *csvio_line_fn(const char *line, size_t n, unsigned lineno,
    void *arg);
const struct error *csvio_stream_open(int fd, const char *file, csvio_line_fn *on_line,
    void *arg, struct csv_stream **st);
/* The next record in *row (*got = 1; free with csvio_row_release), or
 * *got = 0 at the end. */
const struct error *csvio_stream_next(struct csv_stream *st, struct csv_row *row, int *got);
/* Only blanks and line ends in these n bytes (not NUL-terminated)? */
int csvio_blank_line(const char *p, size_t n);
/*
 * Or the next physical line (with its line end), seen by `on_line` and not
 * parsed as CSV: a JSON-lines import reads its lines through the same
 * reader.  *n = 0 at the end.  Use one or the other on a stream.
 */
const struct error *csvio_stream_line(struct csv_stream *st, const char **line, size_t *n,
    unsigned *lineno);
void csvio_stream_close(struct csv_stream *st);
void csvio_table_release(struct csv_table *t);
/* Free one row's cells early (the table stays valid: the row is empty). */
void csvio_row_release(struct csv_row *row);

#endif
