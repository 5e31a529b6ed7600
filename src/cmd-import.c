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

#define MAX_INPUT (1024L * 1024 * 1024)	/* 1 GiB */
#define MAX_SHOWN 50			/* problems printed before "and N more" */

static const struct error *
read_input(const char *path, struct strbuf *sb)
{
	char buf[65536];
	ssize_t n;
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? error_new(ERR_USAGE, "'%s' does not exist", path)
		    : error_sys("cannot open '%s'", path);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			const struct error *err = error_sys("cannot read '%s'", path);
			if (fd != STDIN_FILENO)
				close(fd);
			return err;
		}
		sb_add(sb, buf, (size_t)n);
		if ((long)sb->len > MAX_INPUT) {
			if (fd != STDIN_FILENO)
				close(fd);
			return error_new(ERR_DATA, "%s: more than 1 GiB; split it", path);
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (memchr(sb_str(sb), '\0', sb->len))
		return error_new(ERR_DATA, "%s: holds a NUL byte; a CSV file is text", path);
	return NULL;
}

/* The line of the file that byte `off` is on. */
static unsigned
line_at(const char *buf, size_t off)
{
	unsigned line = 1;

	for (size_t i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

/*
 * The input as UTF-8: --encoding converts it (iconv: gb18030 is what
 * Chinese Excel saves); without it, bytes that are not UTF-8 are refused
 * with their line, and the hint, never echoed.
 */
static const struct error *
decode_input(struct strbuf *in, const char *enc, const char *file)
{
	struct strbuf out = STRBUF_INIT;
	size_t bad;
	iconv_t cd;
	char *src;
	size_t left;

	if (enc == NULL || strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0) {
		if ((bad = utf8_check(sb_str(in), in->len)) == in->len)
			return NULL;
		return error_new(ERR_DATA, "%s:%u: byte 0x%02X is not UTF-8; a CSV saved "
		    "by Chinese Excel is GB18030: give --encoding gb18030", file,
		    line_at(in->buf, bad), (unsigned char)in->buf[bad]);
	}
	if (strcasecmp(enc, "gbk") == 0 || strcasecmp(enc, "gb2312") == 0)
		enc = "GB18030";	/* its superset: every GBK file reads the same */
	if ((cd = iconv_open("UTF-8", enc)) == (iconv_t)-1)
		return error_new(ERR_USAGE, "--encoding '%s' is not known; use gb18030 "
		    "(Chinese Excel), big5 or utf-8", enc);
	src = in->buf;
	left = in->len;
	while (left > 0) {
		char chunk[65536], *dst = chunk;
		size_t room = sizeof(chunk);
		size_t r = iconv(cd, &src, &left, &dst, &room);

		sb_add(&out, chunk, sizeof(chunk) - room);
		if (r == (size_t)-1 && errno != E2BIG) {
			unsigned line = line_at(in->buf, (size_t)(src - in->buf));
			iconv_close(cd);
			sb_release(&out);
			return error_new(ERR_DATA, "%s:%u: byte 0x%02X is not %s; check "
			    "--encoding", file, line, (unsigned char)*src, enc);
		}
	}
	iconv_close(cd);
	sb_release(in);
	*in = out;
	return NULL;
}

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
		    !bsearch(&p, given, ngiven, sizeof(*given), cmp_id))
			return NULL;
	}
}

/*
 * The import key: two 64-bit FNV-1a hashes (different offsets) of the
 * input bytes and of the mapping options, as 32 hex digits.
 */
static void
import_key(const struct strbuf *input, const struct strbuf *mapping,
    char key[STORE_IMPORT_KEY + 1])
{
	uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;

	for (int pass = 0; pass < 2; pass++) {
		const struct strbuf *b = pass ? mapping : input;
		for (size_t i = 0; i < b->len; i++) {
			h1 = (h1 ^ (unsigned char)b->buf[i]) * 0x100000001b3ULL;
			h2 = (h2 ^ (unsigned char)b->buf[i]) * 0x100000001b3ULL;
			h2 ^= h2 >> 29;
		}
		h1 = (h1 ^ 0xff) * 0x100000001b3ULL;	/* between the two parts */
	}
	snprintf(key, STORE_IMPORT_KEY + 1, "%016llx%016llx", (unsigned long long)h1,
	    (unsigned long long)h2);
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

/* The next line of `in` from *off: its start and length; 0 at the end. */
static int
next_line(const struct strbuf *in, size_t *off, const char **line, size_t *len)
{
	const char *p = sb_str((struct strbuf *)in) + *off, *nl;

	if (*off >= in->len)
		return 0;
	nl = memchr(p, '\n', in->len - *off);
	*line = p;
	*len = nl ? (size_t)(nl - p) : in->len - *off;
	*off += *len + (nl != NULL);
	return 1;
}

static int
blank(const char *s, size_t n)
{
	return strspn(s, " \t\r") >= n;
}

/*
 * --format json: a store moved whole.  Every line is checked (a ticket as
 * `check` wants it, its ID new to the store and to the file, nothing
 * masked) before anything is written; then all tickets go in one batch,
 * exactly as they were: history, outcome, links, unknown keys.
 */
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

static const struct error *
import_json(struct cmd_ctx *c, const char *file, const struct strbuf *input,
    const char *key, const struct import_ctx *x)
{
	struct strbuf problems = STRBUF_INIT, ids = STRBUF_INIT;
	struct store_batch batch;
	struct ix_known known = { NULL, 0, 0 };
	struct given *given = NULL;
	size_t ngiven = 0, agiven = 0, nproblems = 0, off = 0, len;
	const char *line;
	unsigned lineno = 0;
	const struct error *err = NULL;

	memset(&batch, 0, sizeof(batch));
	batch.fd = -1;
	while (next_line(input, &off, &line, &len)) {
		struct ticket t = { NULL };
		lineno++;
		if (blank(line, len))
			continue;
		nproblems += import_json_line(line, len, file, lineno, &t, &problems);
		if (t.root && ticket_str(&t, F_ID)) {
			ALLOC_GROW(given, ngiven + 1, agiven);
			given[ngiven].id = xstrdup(ticket_str(&t, F_ID));
			given[ngiven++].line = lineno;
		}
		ticket_release(&t);
	}
	nproblems += check_given(&c->store, given, ngiven, file, &problems);
	if (nproblems == 0 && ngiven == 0)
		err = error_new(ERR_DATA, "'%s' holds no ticket; give what 'cstk export --all "
		    "--reveal --format json' writes", file);
	else if (nproblems)
		err = refuse_problems(&problems, nproblems, file);
	if (err == NULL)
		err = store_batch_begin(&c->store, &batch);
	for (off = 0, lineno = 0; err == NULL && next_line(input, &off, &line, &len);) {
		struct ticket t = { NULL };
		lineno++;
		if (blank(line, len))
			continue;
		import_json_line(line, len, file, lineno, &t, &problems);
		if ((err = store_batch_add(&batch, &t)) == NULL) {
			index_known_add(&known, &t, batch.last_dir, &batch.last);
			sb_addf(&ids, "%s\n", ticket_str(&t, F_ID));
		}
		ticket_release(&t);
	}
	if (err == NULL && (err = record(&batch, key, file, x, &ids)) == NULL &&
	    (err = store_batch_commit(&batch)) == NULL) {
		leave_index(&c->store, &known);
		fwrite(sb_str(&ids), 1, ids.len, stdout);
		if (isatty(STDERR_FILENO))
			fprintf(stderr, ngettext("cstk: imported %zu ticket from %s\n",
			    "cstk: imported %zu tickets from %s\n", ngiven), ngiven, file);
	} else if (err && batch.committed) {
		err = error_new(err->code, "%s; the %zu tickets are imported and appear "
		    "once that is done (their IDs are on standard output)", err->msg, ngiven);
		fwrite(sb_str(&ids), 1, ids.len, stdout);
	}
	store_batch_abort(&batch);
	index_known_release(&known);
	for (size_t i = 0; i < ngiven; i++)
		free(given[i].id);
	free(given);
	sb_release(&problems);
	sb_release(&ids);
	return err;
}

static const struct error *
run_import(struct cmd_ctx *c)
{
	const char *path = c->argv[0];
	const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct strbuf input = STRBUF_INIT, problems = STRBUF_INIT, notes = STRBUF_INIT;
	struct strbuf ids = STRBUF_INIT, mapping = STRBUF_INIT;
	struct csv_table tab = { NULL, 0, 0 };
	struct import_map map;
	struct import_ctx x;
	struct store_batch batch;
	struct ix_known known = { NULL, 0, 0 };
	char key[STORE_IMPORT_KEY + 1];
	struct progress progress = { NULL, 0, 0, 0, 0, 0, 0 };
	struct day_seq *days = NULL;
	struct given *given = NULL;
	size_t nproblems = 0, ngiven = 0, ndays = 0, nnoted = 0, n;
	const char *const *v;
	const char *mapfile = cmd_opt(c, "map-file"), *format = cmd_opt(c, "format");
	const struct error *err = NULL;
	int json;

	import_map_init(&map);
	memset(&x, 0, sizeof(x));
	memset(&batch, 0, sizeof(batch));
	batch.fd = -1;
	if (mapfile && (err = import_map_file(&map, mapfile)) != NULL)
		goto done;
	if (mapfile && err == NULL)
		err = read_input(mapfile, &mapping);	/* its text is part of the key */
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
	if (format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0) {
		err = error_new(ERR_USAGE, "--format '%s' is not known; use csv or json", format);
		goto done;
	}
	json = format && strcmp(format, "json") == 0;
	if (json && (mapfile || cmd_opt(c, "map") || cmd_opt(c, "ignore"))) {
		err = error_new(ERR_USAGE, "--format json takes tickets as cstk wrote them; "
		    "--map, --ignore and --map-file are for CSV");
		goto done;
	}
	if (err || (err = read_input(path, &input)) != NULL ||
	    (err = decode_input(&input, cmd_opt(c, "encoding"), file)) != NULL ||
	    (!json && (err = csvio_read(sb_str(&input), input.len, file, &tab)) != NULL))
		goto done;
	import_key(&input, &mapping, key);

	x.file = file;
	x.policy = &c->store.policy;
	x.map = &map;
	x.now = c->ev.at;
	x.by = c->ev.by;
	x.login = c->ev.login;
	/* The same content imported before (a retry after a failure or a
	 * crash) is recognised, not imported twice. */
	if (!cmd_flag(c, "again") && (err = imported_before(&c->store, key, file)) != NULL)
		goto done;
	if (json) {
		err = import_json(c, file, &input, key, &x);
		goto done;
	}
	sb_release(&input);
	import_header(&x, &tab.rows[0], &problems, &nproblems);

	/* Pass 1: every row is checked before anything is written. */
	given = xcalloc(tab.nr, sizeof(*given));
	for (size_t r = 1; r < tab.nr; r++) {
		struct ticket t = { NULL };
		sb_reset(&notes);
		nproblems += import_row(&x, &tab.rows[r], &t, &problems, &notes);
		if (ticket_str(&t, F_ID)) {
			given[ngiven].id = xstrdup(ticket_str(&t, F_ID));
			given[ngiven++].line = tab.rows[r].line;
		}
		ticket_release(&t);
	}
	nproblems += check_given(&c->store, given, ngiven, file, &problems);
	if (nproblems) {
		err = refuse_problems(&problems, nproblems, file);
		goto done;
	}

	/* Pass 2: build again, stage every file, commit once. */
	if ((err = store_batch_begin(&c->store, &batch)) != NULL)
		goto done;
	progress_start(&progress, "importing", tab.nr - 1);
	for (size_t r = 1; r < tab.nr && err == NULL; r++) {
		struct ticket t = { NULL };
		char id[40];

		sb_reset(&notes);
		import_row(&x, &tab.rows[r], &t, &problems, &notes);
		if (ticket_str(&t, F_ID) == NULL) {
			if ((err = next_id(&c->store, &t, &days, &ndays, given, ngiven, id)) != NULL) {
				ticket_release(&t);
				break;
			}
			ticket_set(&t, F_ID, id);
		}
		nnoted += notes.len > 0;
		import_history(&x, &t, tab.rows[r].line, notes.len ? notes.buf : NULL);
		if ((err = store_batch_add(&batch, &t)) == NULL)
			index_known_add(&known, &t, batch.last_dir, &batch.last);
		sb_addf(&ids, "%s\n", ticket_str(&t, F_ID));
		progress_tick(&progress, 1);
		ticket_release(&t);
		/* done with the row: its memory goes to the index records */
		csvio_row_release(&tab.rows[r]);
	}
	if (err == NULL)
		err = record(&batch, key, file, &x, &ids);
	if (err == NULL)
		err = store_batch_commit(&batch);
	progress_end(&progress);
	if (err && batch.committed) {
		/* Committed: it lands (the next writer finishes it).  Say so. */
		err = error_new(err->code, "%s; the %zu tickets are imported and appear "
		    "once that is done (their IDs are on standard output)", err->msg,
		    tab.nr - 1);
		fwrite(sb_str(&ids), 1, ids.len, stdout);
		goto done;
	}
	if (err)
		goto done;
	leave_index(&c->store, &known);
	fwrite(sb_str(&ids), 1, ids.len, stdout);
	if (nnoted)
		fprintf(stderr, _("cstk: warning: %zu of %zu tickets were imported with a "
		    "note in their history (a time that was not given, or facts that "
		    "cannot all be true, e.g. resolved before responded); see 'cstk show "
		    "ID'\n"), nnoted, tab.nr - 1);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, ngettext("cstk: imported %zu ticket from %s\n",
		    "cstk: imported %zu tickets from %s\n", tab.nr - 1), tab.nr - 1, file);
done:
	store_batch_abort(&batch);
	index_known_release(&known);
	for (size_t i = 0; i < ngiven; i++)
		free(given[i].id);
	free(given);
	free(days);
	free(x.col_field);
	csvio_table_release(&tab);
	import_map_release(&map);
	sb_release(&input);
	sb_release(&problems);
	sb_release(&notes);
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
	    "| FILE|- --format json",
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
	    "and nothing is written.  Then all tickets are written at once: after a\n"
	    "crash either all of them are in the store or none.  A row without an\n"
	    "id gets a new one; without a status it enters as 'intake', or\n"
	    "'classified' with a category and a priority; lifecycle columns are\n"
	    "taken as they are, and the ticket's history is made from its\n"
	    "timestamps.  Facts that cannot all be true are imported as given and\n"
	    "recorded in the history.  A leading ' before a formula-like cell (as\n"
	    "export writes it) is removed.  The new IDs are printed.\n"
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
