/* cmd-import.c — cstk import FILE|-: CSV rows to tickets, all or nothing. */
#include <errno.h>
#include <iconv.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "csv-io.h"
#include "import.h"
#include "index.h"
#include "progress.h"
#include "store.h"
#include "utf8.h"
#include "yaml-load.h"
#include "ynode.h"

#define MAX_SHOWN 50			/* problems printed before "and N more" */

/* IDs given in the file, sorted, to check for repeats and to skip. */
struct given {
	char *id;		/* first, so a char ** finds it with cmp_id */
	unsigned line;
};

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_given(const void *a, const void *b)
{
	const struct given *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

struct day_seq {
	char ymd[9];
	unsigned long last;
};

/* A new ID for a row without one: per day, past the store's and the file's. */
static const struct error *
next_id(struct store *s, const struct ticket *t, struct day_seq **days, size_t *ndays,
    const struct given *given, size_t ngiven, char id[40])
{
	struct ctime created;
	char date[CLOCK_BUFSZ], ymd[9];
	struct day_seq *d = NULL;

	ticket_time(t, F_CREATED, &created);
	clock_format_date(&created, date);
	snprintf(ymd, sizeof(ymd), "%.4s%.2s%.2s", date, date + 5, date + 8);
	for (size_t i = 0; i < *ndays; i++)
		if (strcmp((*days)[i].ymd, ymd) == 0)
			d = &(*days)[i];
	if (d == NULL) {
		*days = xrealloc(*days, (*ndays + 1) * sizeof(**days));
		d = &(*days)[(*ndays)++];
		memcpy(d->ymd, ymd, sizeof(ymd));
		d->last = 0;
	}
	for (;;) {
		const char *p = id;
		if (++d->last > 9999)
			return error_new(ERR_DATA, "no ticket IDs left for %s: more than 9999 "
			    "tickets created that day", date);
		store_format_id(s, ymd, d->last, id);
		if (!store_id_exists(s, id) &&
		    (ngiven == 0 || !bsearch(&p, given, ngiven, sizeof(*given), cmp_id)))
			return NULL;
	}
}

/* Refuse content that DIR/imports/KEY.yaml says was imported already. */
static const struct error *
imported_before(struct store *s, const char *key, const char *file)
{
	char name[64], *disp;
	struct ynode *rec = NULL;
	const struct error *err;
	int ifd = openat(s->dfd, "imports", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (ifd < 0)
		return NULL;
	snprintf(name, sizeof(name), "%s.yaml", key);
	disp = xasprintf("%s/imports/%s", s->dir, name);
	err = yaml_load_file(ifd, name, disp, &rec);
	close(ifd);
	if (err == NULL) {
		const char *n = ynode_get_str(rec, "tickets");
		const char *first = ynode_get_str(rec, "first");
		const char *last = ynode_get_str(rec, "last");
		const char *at = ynode_get_str(rec, "at");
		err = error_new(ERR_DATA, "'%s' was imported already (%s tickets, %s … %s, "
		    "at %s; %s); nothing was imported; give --again to import it once more",
		    file, n ? n : "?", first ? first : "?", last ? last : "?", at ? at : "?",
		    disp);
	} else if (err->code == ERR_NOTFOUND) {
		err = NULL;
	}
	ynode_free(rec);
	free(disp);
	return err;
}

/* What the batch imports, kept as DIR/imports/KEY.yaml. */
static const struct error *
record(struct store_batch *b, const char *key, const char *file,
    const struct import_ctx *x, const struct strbuf *ids)
{
	struct ynode *rec = ynode_map();
	const struct error *err;
	char at[CLOCK_BUFSZ], count[32];
	const char *p = sb_str((struct strbuf *)ids), *nl;

	clock_format(&x->now, at);
	snprintf(count, sizeof(count), "%zu", b->n);
	ynode_set_str(rec, "file", file);
	ynode_set_str(rec, "at", at);
	ynode_set_str(rec, "by", x->by);
	ynode_set_str(rec, "tickets", count);
	if (*p) {	/* ids: "ID\n" a ticket */
		nl = strchr(p, '\n');
		ynode_set(rec, "first", ynode_scalar_n(p, (size_t)(nl - p)));
		nl = p + ids->len - 1;
		while (nl > p && nl[-1] != '\n')
			nl--;
		ynode_set(rec, "last", ynode_scalar_n(nl, ids->len - 1 - (size_t)(nl - p)));
	}
	err = store_batch_record(b, key, rec);
	ynode_free(rec);
	return err;
}

/* The IDs the file gives: each once, and new to the store. */
static size_t
check_given(struct store *s, struct given *given, size_t ngiven, const char *file,
    struct strbuf *problems)
{
	size_t n = 0;

	if (ngiven > 1)
		qsort(given, ngiven, sizeof(*given), cmp_given);
	for (size_t i = 0; i < ngiven; i++) {
		if (i > 0 && strcmp(given[i - 1].id, given[i].id) == 0) {
			problem_add(problems, "%s:%u: id: '%s' is given twice (first on line %u)\n",
			    file, given[i].line, given[i].id, given[i - 1].line);
			n++;
		} else if (store_id_exists(s, given[i].id)) {
			problem_add(problems, "%s:%u: id: '%s' is already in the store; import "
			    "does not overwrite tickets\n", file, given[i].line, given[i].id);
			n++;
		}
	}
	return n;
}

/* Print the problems found (the first MAX_SHOWN); the error to return. */
static const struct error *
refuse_problems(const struct strbuf *problems, size_t nproblems, const char *file)
{
	size_t shown = 0;

	for (const char *p = sb_str((struct strbuf *)problems); *p && shown < MAX_SHOWN;
	    shown++) {
		const char *nl = strchr(p, '\n');
		fprintf(stderr, "cstk: %.*s\n", (int)(nl - p), p);
		p = nl + 1;
	}
	if (nproblems > MAX_SHOWN)
		fprintf(stderr, _("cstk: … and %zu more\n"), nproblems - MAX_SHOWN);
	return error_new(ERR_DATA, ngettext("%zu problem in '%s'; nothing was imported",
	    "%zu problems in '%s'; nothing was imported", nproblems), nproblems, file);
}

/*
 * The index as the next reader needs it, from the records made while the
 * files were written: no reader reads them back.  The tickets are in by
 * now, so a failure here is a warning (the next reader builds the index).
 */
static void
leave_index(struct store *s, struct ix_known *known)
{
	const struct error *err = index_known_apply(s, known);

	if (err)
		fprintf(stderr, _("cstk: warning: %s; the index is brought up to date by "
		    "the next command\n"), err->msg);
	index_known_release(known);
}

/* Keep the problems that will be shown (the first MAX_SHOWN); count all. */
static void
cap_problems(struct strbuf *problems)
{
	const char *p = sb_str(problems);

	for (size_t shown = 0; *p && shown < MAX_SHOWN; shown++)
		p = strchr(p, '\n') + 1;
	if (*p) {
		problems->len = (size_t)(p - problems->buf);
		problems->buf[problems->len] = '\0';
	}
}

/* Every line read, by either pass, is checked and counted in the key. */
static const struct error *
checked_line(const char *line, size_t n, unsigned lineno, void *in)
{
	return import_input_line(in, line, n, lineno);
}

/* Pass 1 keeps the ID a row or line gives (if it gives one) and where. */
static void
add_given(struct given **given, size_t *ngiven, size_t *agiven, const struct ticket *t,
    unsigned line)
{
	const char *id = t->root ? ticket_str(t, F_ID) : NULL;

	if (id == NULL)
		return;
	ALLOC_GROW(*given, *ngiven + 1, *agiven);
	(*given)[*ngiven].id = xstrdup(id);
	(*given)[(*ngiven)++].line = line;
}

/* Pass 1 of a CSV import: the header and every row checked, nothing
 * written; the IDs the file gives are collected. */
static const struct error *
check_rows(struct import_ctx *x, struct import_input *in, struct given **given,
    size_t *ngiven, size_t *nrows, struct strbuf *problems, size_t *nproblems)
{
	struct strbuf notes = STRBUF_INIT;
	struct csv_stream *st = NULL;
	struct csv_row head = { NULL, 0, 0 }, row;
	const struct error *err;
	size_t agiven = 0;
	int got = 1;

	import_input_start(in);
	if ((err = csvio_stream_open(in->fd, x->file, checked_line, in,
	    &st)) != NULL || (err = csvio_stream_next(st, &head, &got)) != NULL)
		goto out;
	x->header = (const char *const *)head.cells;
	import_header(x, &head, problems, nproblems);
	while ((err = csvio_stream_next(st, &row, &got)) == NULL && got) {
		struct ticket t = { NULL };
		sb_reset(&notes);
		++*nrows;
		*nproblems += import_row(x, &row, &t, problems, &notes);
		add_given(given, ngiven, &agiven, &t, row.line);
		ticket_release(&t);
		csvio_row_release(&row);
		cap_problems(problems);
	}
out:
	x->header = NULL;
	csvio_row_release(&head);
	csvio_stream_close(st);
	sb_release(&notes);
	return err;
}

/* Pass 2: the rows again, each made a ticket and staged in the batch. */
static const struct error *
write_rows(struct cmd_ctx *c, struct import_ctx *x, struct import_input *in,
    const struct given *given, size_t ngiven, size_t nrows, struct store_batch *batch,
    struct ix_known *known, struct strbuf *ids, size_t *nnoted)
{
	struct strbuf notes = STRBUF_INIT, problems = STRBUF_INIT;
	struct progress progress = { NULL, 0, 0, 0, 0, 0, 0 };
	struct csv_stream *st = NULL;
	struct csv_row head = { NULL, 0, 0 }, row;
	struct day_seq *days = NULL;
	const struct error *err;
	uint64_t h1 = in->h1, h2 = in->h2;
	size_t ndays = 0, n = 0;
	int got = 1;

	if ((err = import_input_rewind(in)) != NULL ||
	    (err = csvio_stream_open(in->fd, x->file, checked_line, in,
	    &st)) != NULL || (err = csvio_stream_next(st, &head, &got)) != NULL)
		goto out;
	x->header = (const char *const *)head.cells;
	if (head.n != x->ncols) {
		err = import_input_changed(in);
		goto out;
	}
	progress_start(&progress, "importing", nrows);
	while ((err = csvio_stream_next(st, &row, &got)) == NULL && got) {
		struct ticket t = { NULL };
		char id[40];

		sb_reset(&notes);
		n++;
		import_row(x, &row, &t, &problems, &notes);
		sb_reset(&problems);
		if (ticket_str(&t, F_ID) == NULL) {
			if ((err = next_id(&c->store, &t, &days, &ndays, given, ngiven, id)) != NULL) {
				ticket_release(&t);
				csvio_row_release(&row);
				break;
			}
			ticket_set(&t, F_ID, id);
		}
		*nnoted += notes.len > 0;
		import_history(x, &t, row.line, notes.len ? notes.buf : NULL);
		if ((err = store_batch_add(batch, &t)) == NULL)
			err = index_known_add(known, &t, batch->last_dir, &batch->last);
		sb_addf(ids, "%s\n", ticket_str(&t, F_ID));
		progress_tick(&progress, 1);
		ticket_release(&t);
		csvio_row_release(&row);
		if (err)
			break;
	}
	progress_end(&progress);
	/* What was checked is what was written, or nothing is. */
	if (err == NULL && (n != nrows || in->h1 != h1 || in->h2 != h2))
		err = import_input_changed(in);
out:
	x->header = NULL;
	csvio_row_release(&head);
	csvio_stream_close(st);
	free(days);
	sb_release(&notes);
	sb_release(&problems);
	return err;
}

/*
 * --format json: a store moved whole, read twice like a CSV (import.h).
 * Pass 1 checks every line (a ticket as `check` wants it, its ID new to
 * the store and to the file, nothing masked) before anything is written;
 * pass 2 puts every ticket in one batch, exactly as it was: history,
 * outcome, links, unknown keys.
 */

/* The next line that is not blank, made a ticket in *t (its problems
 * added); *got = 0 at the end. */
static const struct error *
json_next(struct csv_stream *st, const char *file, const struct ctime *now,
    struct ticket *t, struct strbuf *problems, size_t *nproblems, unsigned *lineno,
    int *got)
{
	const struct error *err;
	const char *line;
	size_t len;

	*got = 0;
	do {
		if ((err = csvio_stream_line(st, &line, &len, lineno)) != NULL || len == 0)
			return err;
	} while (csvio_blank_line(line, len));
	*nproblems += import_json_line(line, len, file, *lineno, now, t, problems);
	*got = 1;
	return NULL;
}

/* Pass 1 of a JSON import: every line checked; the IDs collected. */
static const struct error *
check_json(struct import_input *in, const char *file, const struct ctime *now,
    struct given **given, size_t *ngiven, size_t *nrows, struct strbuf *problems,
    size_t *nproblems)
{
	struct csv_stream *st = NULL;
	const struct error *err;
	size_t agiven = 0;
	unsigned lineno;
	int got = 1;

	import_input_start(in);
	if ((err = csvio_stream_open(in->fd, file, checked_line, in, &st)) != NULL)
		return err;
	while (err == NULL && got) {
		struct ticket t = { NULL };
		if ((err = json_next(st, file, now, &t, problems, nproblems, &lineno,
		    &got)) == NULL && got) {
			++*nrows;
			add_given(given, ngiven, &agiven, &t, lineno);
		}
		ticket_release(&t);
		cap_problems(problems);
	}
	csvio_stream_close(st);
	return err;
}

/* Pass 2: the lines again, each ticket staged in the batch as it was. */
static const struct error *
write_json(struct import_input *in, const char *file, const struct ctime *now, size_t nrows,
    struct store_batch *batch, struct ix_known *known, struct strbuf *ids)
{
	struct strbuf problems = STRBUF_INIT;
	struct csv_stream *st = NULL;
	const struct error *err;
	uint64_t h1 = in->h1, h2 = in->h2;
	size_t n = 0, nproblems = 0;
	unsigned lineno;
	int got = 1;

	if ((err = import_input_rewind(in)) != NULL ||
	    (err = csvio_stream_open(in->fd, file, checked_line, in, &st)) != NULL)
		return err;
	while (err == NULL && got) {
		struct ticket t = { NULL };
		if ((err = json_next(st, file, now, &t, &problems, &nproblems, &lineno,
		    &got)) == NULL && got) {
			n++;
			if (t.root == NULL)	/* it read well the first time */
				err = import_input_changed(in);
			else if ((err = store_batch_add(batch, &t)) == NULL &&
			    (err = index_known_add(known, &t, batch->last_dir, &batch->last)) == NULL)
				sb_addf(ids, "%s\n", ticket_str(&t, F_ID));
		}
		ticket_release(&t);
		sb_reset(&problems);
	}
	/* What was checked is what was written, or nothing is. */
	if (err == NULL && (n != nrows || in->h1 != h1 || in->h2 != h2))
		err = import_input_changed(in);
	csvio_stream_close(st);
	sb_release(&problems);
	return err;
}

static const struct error *
run_import(struct cmd_ctx *c)
{
	const char *path = c->argv[0];
	const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct strbuf problems = STRBUF_INIT;
	struct strbuf ids = STRBUF_INIT, mapping = STRBUF_INIT;
	struct import_input in;
	struct import_map map;
	struct import_ctx x;
	struct store_batch batch;
	struct ix_known known;
	char key[STORE_IMPORT_KEY + 1];
	struct given *given = NULL;
	size_t nproblems = 0, ngiven = 0, nrows = 0, nnoted = 0, n;
	const char *const *v;
	const char *mapfile = cmd_opt(c, "map-file"), *format = cmd_opt(c, "format");
	const struct error *err = NULL;
	int json;

	import_map_init(&map);
	memset(&x, 0, sizeof(x));
	memset(&batch, 0, sizeof(batch));
	memset(&in, 0, sizeof(in));
	in.fd = -1;
	batch.fd = -1;
	index_known_init(&known, c->store.tmp_fd);
	json = format && strcmp(format, "json") == 0;
	if (format && strcmp(format, "csv") != 0 && !json)
		err = error_new(ERR_USAGE, "--format '%s' is not known; use csv or json", format);
	else if (json && (mapfile || cmd_opt(c, "map") || cmd_opt(c, "ignore")))
		err = error_new(ERR_USAGE, "--format json takes tickets as cstk wrote them; "
		    "--map, --ignore and --map-file are for CSV");
	if (err)
		goto done;
	if (mapfile && (err = import_map_file(&map, mapfile)) != NULL)
		goto done;
	if (mapfile && err == NULL) {
		struct import_input mf;	/* its text is part of the key */
		if ((err = import_input_open(&mf, mapfile, mapfile, NULL, c->store.tmp_fd)) == NULL)
			err = import_input_slurp(&mf, &mapping);
		import_input_close(&mf);
	}
	v = cmd_multi(c, "map", &n);
	for (size_t i = 0; i < n && err == NULL; i++) {
		err = import_map_column(&map, v[i]);
		sb_addf(&mapping, "\n--map %s", v[i]);
	}
	v = cmd_multi(c, "ignore", &n);
	for (size_t i = 0; i < n; i++) {
		import_map_ignore(&map, v[i]);
		sb_addf(&mapping, "\n--ignore %s", v[i]);
	}
	if (err || (err = import_input_open(&in, path, file, cmd_opt(c, "encoding"),
	    c->store.tmp_fd)) != NULL)
		goto done;

	x.file = file;
	x.policy = &c->store.policy;
	x.map = &map;
	x.now = c->ev.at;
	x.by = c->ev.by;
	x.login = c->ev.login;
	/* Pass 1: every row is checked before anything is written. */
	if ((err = json ? check_json(&in, file, &x.now, &given, &ngiven, &nrows, &problems,
	    &nproblems) :
	    check_rows(&x, &in, &given, &ngiven, &nrows, &problems, &nproblems)) != NULL)
		goto done;
	import_input_key(&in, &mapping, key);
	/* The same content imported before (a retry after a failure or a
	 * crash) is recognised, not imported twice. */
	if (!cmd_flag(c, "again") && (err = imported_before(&c->store, key, file)) != NULL)
		goto done;
	nproblems += check_given(&c->store, given, ngiven, file, &problems);
	if (nproblems) {
		err = refuse_problems(&problems, nproblems, file);
		goto done;
	}
	if (json && nrows == 0) {
		err = error_new(ERR_DATA, "'%s' holds no ticket; give what 'cstk export --all "
		    "--reveal --format json' writes", file);
		goto done;
	}

	/* Pass 2: build again, stage every file, commit once. */
	x.checked = 1;
	if ((err = store_batch_begin(&c->store, &batch)) != NULL ||
	    (err = json ? write_json(&in, file, &x.now, nrows, &batch, &known, &ids) :
	    write_rows(c, &x, &in, given, ngiven, nrows, &batch, &known, &ids,
	    &nnoted)) != NULL)
		goto done;
	if ((err = record(&batch, key, file, &x, &ids)) == NULL)
		err = store_batch_commit(&batch);
	if (err && batch.committed) {
		/* Committed: it lands (the next writer finishes it).  Say so. */
		err = error_new(err->code, "%s; the %zu tickets are imported and appear "
		    "once that is done (their IDs are on standard output)", err->msg, nrows);
		fwrite(sb_str(&ids), 1, ids.len, stdout);
		goto done;
	}
	if (err)
		goto done;
	/* The IDs first: their memory goes before the index is brought up
	 * to date. */
	fwrite(sb_str(&ids), 1, ids.len, stdout);
	fflush(stdout);
	sb_release(&ids);
	leave_index(&c->store, &known);
	if (nnoted)
		fprintf(stderr, _("cstk: warning: %zu of %zu tickets were imported with a "
		    "note in their history (a time that was not given, or facts that "
		    "cannot all be true, e.g. resolved before responded); see 'cstk show "
		    "ID'\n"), nnoted, nrows);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, ngettext("cstk: imported %zu ticket from %s\n",
		    "cstk: imported %zu tickets from %s\n", nrows), nrows, file);
done:
	store_batch_abort(&batch);
	index_known_release(&known);
	import_input_close(&in);
	for (size_t i = 0; i < ngiven; i++)
		free(given[i].id);
	free(given);
	free(x.col_field);
	import_map_release(&map);
	sb_release(&problems);
	sb_release(&ids);
	sb_release(&mapping);
	return err;
}

static const struct cmd_opt opts[] = {
	{ "map", "SRC=NAME", 1, N_("read column SRC as cstk column NAME (repeatable)") },
	{ "ignore", "COL", 1, N_("skip column COL (repeatable)") },
	{ "map-file", "FILE", 0, N_("columns, ignored columns, value maps, date order (YAML)") },
	{ "again", NULL, 0, N_("import content that was imported before once more") },
	{ "encoding", "ENC", 0, N_("the file's encoding: gb18030 (Chinese Excel), big5; default utf-8") },
	{ "format", "FMT", 0, N_("csv (default), or json: a store moved whole, as 'export --all "
	    "--reveal --format json' wrote it") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_import = {
	.name = "import",
	.usage = "FILE|- [--map SRC=NAME]... [--ignore COL]... [--map-file FILE] [--encoding ENC] "
	    "[--again] | FILE|- --format json [--again]",
	.summary = N_("add tickets from CSV; all rows are checked first, then all written"),
	.help = N_(
	    "Reads RFC 4180 CSV (a UTF-8 BOM is fine; --encoding gb18030 for what\n"
	    "Chinese Excel saves) with a header row.  Columns\n"
	    "are the export columns (see 'cstk export --help') and these (ref is\n"
	    "the ticket's ID in another system):\n"
	    "{import-columns}\n"
	    "Any other column must be mapped (--map 'Ticket Subject=subject') or\n"
	    "ignored.  customer, channel and subject are needed.  Every row is\n"
	    "checked first; any problem is reported as FILE:LINE: column: message\n"
	    "and nothing is written (the file is read twice, not held in memory;\n"
	    "a file changed in between is refused).  Then all tickets are written\n"
	    "at once: after a crash either all of them are in the store or none.\n"
	    "A row without an id gets a new one; without a status it enters as\n"
	    "'intake', or 'classified' with a category and a priority; lifecycle\n"
	    "columns are taken as they are, and the ticket's history is made from\n"
	    "its timestamps.  Facts that cannot all be true are imported as given and\n"
	    "recorded in the history; a time of something that happened later than\n"
	    "the import (by more than 5 minutes) is refused.  A leading ' before a\n"
	    "formula-like cell (as export writes it) is removed.  The new IDs are\n"
	    "printed.\n"
	    "\n"
	    "What was imported is recorded in DIR/imports/, so importing the same\n"
	    "content with the same mapping again (a retry after a failure or a\n"
	    "crash) is refused with where it went; --again imports it anyway.\n"
	    "Readers see an import whole or not at all.\n"
	    "\n"
	    "A map file (YAML) holds what a command line cannot:\n"
	    "  columns: {Ticket Subject: subject, Customer Name: customer}\n"
	    "  ignore: [Customer Age]\n"
	    "  values: {priority: {Critical: urgent}, channel: {Social media: social}}\n"
	    "  dates: DD-MM-YYYY        # or YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY\n"
	    "  offset: \"+08:00\"         # for times written without one\n"),
	.flags = CMD_STORE | CMD_LOCK,
	.min_args = 1,
	.max_args = 1,
	.opts = opts,
	.run = run_import,
};
