/* cmd-export.c — cstk export: every field, stable columns, for scripts. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "csv-io.h"
#include "filter.h"
#include "index.h"
#include "json.h"
#include "search.h"
#include "mask.h"
#include "store.h"

struct exporting {
	struct filter f;
	int json, reveal, labels;
	struct strbuf line;	/* the header */
	atomic_size_t rows;	/* tickets written (for the audit log) */
};

/* Export column `c` with value `v` (NULL: empty), masked unless --reveal. */
static void
cell(const struct exporting *x, struct strbuf *line, int c, const char *v)
{
	enum field_id f = export_columns[c];
	struct strbuf m = STRBUF_INIT;

	if (v && *v && !x->reveal && (fields[f].flags & FF_PERSONAL)) {
		mask_field(f, v, &m);
		v = m.buf;
	}
	if (v && x->labels && fields[f].type == FT_ENUM)
		v = enum_label(vocab(fields[f].voc), v);
	csvio_field(line, v, c == 0);
	sb_release(&m);
}

static void
row_from_record(const struct exporting *x, const struct index *ix, const struct ix_rec *r,
    struct strbuf *line)
{
	for (int c = 0; c < NEXPORT; c++) {
		char buf[CLOCK_BUFSZ];
		cell(x, line, c, ix_field_text(ix, r, export_columns[c], buf));
	}
	sb_addc(line, '\n');
}

/* One row per ticket; runs in worker threads (store_map), so it only
 * reads `ctx` and appends to `line`. */
static void
row(void *ctx, const struct ticket *t, struct strbuf *line)
{
	struct exporting *x = ctx;

	if (!filter_match(&x->f, t))
		return;
	atomic_fetch_add(&x->rows, 1);
	if (x->json) {
		struct ynode *view = ynode_dup(t->root);
		if (!x->reveal)
			mask_tree(view);
		if (x->labels) {
			struct ticket tv = { view, 0, 0, 0 };
			for (int f = 0; f < F_COUNT; f++) {
				const char *v = fields[f].type == FT_ENUM ?
				    ticket_str(&tv, (enum field_id)f) : NULL;
				if (v)
					ticket_set(&tv, (enum field_id)f,
					    enum_label(vocab(fields[f].voc), v));
			}
		}
		json_ticket(line, view);
		ynode_free(view);
		sb_addc(line, '\n');
	} else {
		/* The read model's record, as from the index; its raw text only
		 * where the record would not print the same (e.g. "007"). */
		struct index one;
		index_one(&one, t);
		if (one.rec[0].flags & IXR_EXACT) {
			row_from_record(x, &one, &one.rec[0], line);
		} else {
			for (int c = 0; c < NEXPORT; c++)
				cell(x, line, c, ticket_str(t, export_columns[c]));
			sb_addc(line, '\n');
		}
		index_release_one(&one);
	}
}

/* CSV from the index; a record it cannot write exactly is read from its file. */
static const struct error *
export_index(struct cmd_ctx *c, struct exporting *x, int archive)
{
	struct index_set set;
	struct strbuf line = STRBUF_INIT;
	struct ix_want w = { .archive = archive, .text = x->f.grep != NULL, .cat = -1,
	    .phone4 = -1 };
	const struct error *err = index_load_want(&c->store, &w, &set);

	if (err)
		return err;
	for (size_t g = 0; g < set.n && err == NULL; g++) {
		struct index *ix = &set.seg[g];

		if (!archive && strcmp(ix->dir[0].name, "tickets") != 0)
			continue;
		for (size_t i = 0; i < ix->nrec; i++) {
			const struct ix_rec *r = &ix->rec[i];

			if (!filter_match_rec(&x->f, ix, r))
				continue;
			if (r->flags & IXR_EXACT) {
				atomic_fetch_add(&x->rows, 1);
				row_from_record(x, ix, r, &line);
			} else {
				struct ticket t = { NULL };
				if ((err = store_load(&c->store, ix_str(ix, r->s[IXS_ID]), &t)) != NULL) {
					ticket_release(&t);
					break;
				}
				row(x, &t, &line);
				ticket_release(&t);
			}
			if (line.len > 65536) {
				fwrite(line.buf, 1, line.len, stdout);
				sb_reset(&line);
			}
		}
	}
	fwrite(sb_str(&line), 1, line.len, stdout);
	sb_release(&line);
	index_release(&set);
	return err;
}

static const struct error *
run_export(struct cmd_ctx *c)
{
	struct exporting x;
	const char *format = cmd_opt(c, "format");
	const struct error *err;
	int archive;

	memset(&x, 0, sizeof(x));
	atomic_init(&x.rows, 0);
	if (format && strcmp(format, "csv") && strcmp(format, "json"))
		return error_new(ERR_USAGE, "--format '%s' is not known; use csv or json",
		    format);
	x.json = format && strcmp(format, "json") == 0;
	x.reveal = cmd_flag(c, "reveal");
	x.labels = cmd_flag(c, "labels");
	if (x.json && cmd_flag(c, "bom"))
		return error_new(ERR_USAGE, "--bom is for CSV");
	if ((err = filter_parse(&x.f, c)) != NULL)
		return err;
	if (!x.json) {
		if (cmd_flag(c, "bom"))
			fputs("\xEF\xBB\xBF", stdout);
		for (int i = 0; i < NEXPORT; i++)
			csvio_field(&x.line, fields[export_columns[i]].csv, i == 0);
		sb_addc(&x.line, '\n');
		fwrite(x.line.buf, 1, x.line.len, stdout);
	}
	archive = cmd_flag(c, "all") || (x.f.status & (1u << ST_ARCHIVED));
	if (!x.json && !index_disabled()) {
		err = export_index(c, &x, archive);
	} else {
		/* Whole tickets: every file, parsed on every core. */
		fflush(stdout);
		err = store_map(&c->store, archive, row, &x, stdout);
	}
	sb_release(&x.line);
	filter_release(&x.f);
	c->revealed = atomic_load(&x.rows);
	return err;
}

static const struct cmd_opt opts[] = {
	FILTER_OPTS,
	{ "all", NULL, 0, N_("include archived tickets") },
	{ "format", "FMT", 0, N_("csv (default) or json (one object per line)") },
	{ "reveal", NULL, 0, N_("names, phones and e-mails unmasked") },
	{ "bom", NULL, 0, N_("start the CSV with a UTF-8 byte-order mark (for Excel)") },
	{ "labels", NULL, 0, N_("values as the team's labels (紧急, 投诉), for people; not for import") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_export = {
	.name = "export",
	.usage = "[filters] [--all] [--format csv|json] [--reveal] [--bom] [--labels]",
	.summary = N_("write tickets as CSV or JSON lines, every field, for scripts"),
	.help = N_(
	    "Writes one row per ticket, streaming, in the order of the store: open\n"
	    "tickets, then (with --all) the archive by month.  The CSV columns are\n"
	    "fixed (SPEC §7), in this order:\n"
	    "{export-columns}\n"
	    "RFC 4180 quoting, LF line ends; a cell starting with\n"
	    "= + - @, tab or CR gets a leading ' (import removes it).  --format json\n"
	    "writes each whole ticket as one JSON object per line.  The filters are\n"
	    "those of 'cstk list'.  Values are keys (urgent, complaint), whatever\n"
	    "the locale; --labels writes the team's labels instead (紧急, 投诉),\n"
	    "for people.  Personal data is masked unless --reveal;\n"
	    "every --reveal is first recorded in DIR/audit.log (when, who, the\n"
	    "login, the command line and how many tickets), and whoever cannot\n"
	    "write that record gets no revealed output.\n"),
	.flags = CMD_STORE | CMD_AUDIT,
	.min_args = 0,
	.max_args = 0,
	.opts = opts,
	.run = run_export,
};
