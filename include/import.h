/*
 * import.h — CSV rows to tickets (SPEC §7, §8).
 *
 * A header names cstk columns (the export columns, plus description,
 * expectation, plan, contacts, comment, outcome, reject_reason,
 * revisit_result, revisit_attempts, ref), or other tools' names mapped with
 * --map 'Source=name' or a map file; --ignore skips a column.  Values can
 * be mapped too (a map file's `values:`), dates read as YYYY-MM-DD,
 * DD-MM-YYYY, MM/DD/YYYY or DD/MM/YYYY, in a given offset.
 *
 * A row becomes a ticket the way `open` would make it (status intake, or
 * classified with a category and a priority) unless it carries lifecycle
 * columns, which are taken as they are.  Its history is made from its
 * timestamps, so reports over past weeks read it like a native ticket.
 * What cannot be true (a resolution before the first response, a time
 * before creation) is kept as given and recorded in the ticket's history,
 * never silently changed.
 */
#ifndef CSTK_IMPORT_H
#define CSTK_IMPORT_H

#include <stdint.h>
#include <sys/stat.h>

#include "clock.h"
#include "csv-io.h"
#include "error.h"
#include "policy.h"
#include "store.h"
#include "ticket.h"

enum date_order { DATE_YMD, DATE_DMY, DATE_MDY, DATE_DMY_SLASH };

struct value_map {
	enum field_id field;
	char *from, *to;
};

struct import_map {
	char **src, **dst;	/* column renames */
	size_t ncols;
	char **ignore;
	size_t nignore;
	struct value_map *values;
	size_t nvalues;
	struct value_map *set;	/* constant values for rows without one (from unused) */
	size_t nset;
	enum date_order dates;
	int has_offset;
	int offset;		/* seconds east of UTC, for times without one */
};

void import_map_init(struct import_map *m);
void import_map_release(struct import_map *m);
/* "Source Column=name" */
const struct error *import_map_column(struct import_map *m, const char *arg);
void import_map_ignore(struct import_map *m, const char *col);
/* A YAML map file: columns: {Src: name or [name, name]}, ignore: [...],
 * values: {field: {From: to}}, set: {field: value}, dates: DD-MM-YYYY,
 * offset: "+08:00". */
const struct error *import_map_file(struct import_map *m, const char *path);

/* The field a column name means (export name or field path), or -1. */
int import_column_field(const char *name);

struct import_ctx {
	const char *file;
	const struct policy *policy;
	const struct import_map *map;
	struct ctime now;
	const char *by;
	const char *login;	/* struct event's login */
	int (*col_field)[3];	/* per header cell: up to 3 field ids, -1 after */
	size_t ncols;
	const char *const *header;
	int checked;		/* pass 2: every row passed pass 1 already */
};

/* Resolve the header: every column known, mapped or ignored. */
const struct error *import_header(struct import_ctx *x, const struct csv_row *head,
    struct strbuf *problems, size_t *nproblems);
/*
 * Build the ticket of one row (without an ID when the row has none).
 * Problems are appended to `problems` as "FILE:LINE: column: message\n";
 * facts worth recording go to `notes`.  Returns the number of problems.
 */
size_t import_row(const struct import_ctx *x, const struct csv_row *row,
    struct ticket *t, struct strbuf *problems, struct strbuf *notes);
/* Add the history a row's timestamps tell, then the import entry. */
/* A problem of an input file, "FILE:LINE: …\n", its format from the
 * message catalog (i18n.h). */
void problem_add(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether field `fi` says when something happened (created, resolved …):
 * an import refuses one after its own time (CLOCK_AHEAD aside). */
int import_happened(int fi);

/*
 * import --format json: line `lineno` of FILE, one object of `export --all
 * --reveal --format json`, as the ticket it was (import-json.c).  Each
 * problem goes to `problems` as "FILE:LINE: message\n"; returns how many
 * (t->root is NULL then).  A time of something that happened (a field, or
 * a history entry) after `now` is one.
 */
size_t import_json_line(const char *line, size_t len, const char *file, unsigned lineno,
    const struct ctime *now, struct ticket *t, struct strbuf *problems);
void import_history(const struct import_ctx *x, struct ticket *t, unsigned line,
    const char *notes);

/*
 * What an import reads, as UTF-8 that can be read from the start again
 * (every row is checked before any is written) without holding it in
 * memory: a UTF-8 file is read where it is, twice; standard input and a
 * file in another --encoding are first copied (converted by iconv) into
 * an unlinked file in DIR/.tmp (`tmpfd`).  Every line read goes through
 * import_input_line(), which refuses what is not UTF-8 or holds a NUL,
 * naming the line, and adds it to the import key.
 */
struct import_input {
	const char *file;	/* for messages */
	const char *enc;	/* NULL: UTF-8 */
	int fd, tmpfd;
	int own, spooled;	/* fd is ours; a copy */
	struct stat st;		/* the file as opened: it must not change */
	uint64_t h1, h2;	/* the key of what was read since the start */
};
const struct error *import_input_open(struct import_input *in, const char *path,
    const char *file, const char *enc, int tmpfd);
/* Begin a pass: the key counts from here. */
void import_input_start(struct import_input *in);
/* Back to the start for the next pass; refused if the file changed. */
const struct error *import_input_rewind(struct import_input *in);
const struct error *import_input_changed(const struct import_input *in);
const struct error *import_input_line(struct import_input *in, const char *line, size_t n,
    unsigned lineno);
/* The whole input in `sb` (at most 1 GiB), every line checked: a map file. */
const struct error *import_input_slurp(struct import_input *in, struct strbuf *sb);
/* The import key: what was read, then the mapping options (`mapping`). */
void import_input_key(const struct import_input *in, const struct strbuf *mapping,
    char key[STORE_IMPORT_KEY + 1]);
void import_input_close(struct import_input *in);

#endif
