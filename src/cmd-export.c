/* cmd-export.c — cstk export: every field, stable columns, for scripts. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "csv-io.h"
#include "filter.h"
#include "json.h"
#include "mask.h"
#include "store.h"

struct exporting {
	struct filter f;
	int json, reveal;
	struct strbuf line;	/* the header */
};

/* One row per ticket; runs in worker threads (store_map), so it only
 * reads `ctx` and appends to `line`. */
static void
row(void *ctx, const struct ticket *t, struct strbuf *line)
{
	const struct exporting *x = ctx;

	if (!filter_match(&x->f, t))
		return;
	if (x->json) {
		struct ynode *view = ynode_dup(t->root);
		if (!x->reveal)
			mask_tree(view);
		json_ticket(line, view);
		ynode_free(view);
	} else {
		for (int c = 0; c < NEXPORT; c++) {
			enum field_id f = export_columns[c];
			const char *v = ticket_str(t, f);
			struct strbuf m = STRBUF_INIT;

			if (v && !x->reveal && (fields[f].flags & FF_PERSONAL)) {
				mask_field(f, v, &m);
				v = m.buf;
			}
			csvio_field(line, v, c == 0);
			sb_release(&m);
		}
	}
	sb_addc(line, '\n');
}

static const struct error *
run_export(struct cmd_ctx *c)
{
	struct exporting x;
	const char *format = cmd_opt(c, "format");
	const struct error *err;

	memset(&x, 0, sizeof(x));
	if ((err = filter_parse(&x.f, c)) != NULL)
		return err;
	if (format && strcmp(format, "csv") && strcmp(format, "json"))
		return error_new(ERR_USAGE, "--format '%s' is not known; use csv or json",
		    format);
	x.json = format && strcmp(format, "json") == 0;
	x.reveal = cmd_flag(c, "reveal");
	if (x.json && cmd_flag(c, "bom"))
		return error_new(ERR_USAGE, "--bom is for CSV");
	if (!x.json) {
		if (cmd_flag(c, "bom"))
			fputs("\xEF\xBB\xBF", stdout);
		for (int i = 0; i < NEXPORT; i++)
			csvio_field(&x.line, fields[export_columns[i]].csv, i == 0);
		sb_addc(&x.line, '\n');
		fwrite(x.line.buf, 1, x.line.len, stdout);
	}
	fflush(stdout);
	err = store_map(&c->store, cmd_flag(c, "all") ||
	    (x.f.status & (1u << ST_ARCHIVED)), row, &x, stdout);
	sb_release(&x.line);
	return err;
}

static const struct cmd_opt opts[] = {
	FILTER_OPTS,
	{ "all", NULL, 0, "include archived tickets" },
	{ "format", "FMT", 0, "csv (default) or json (one object per line)" },
	{ "reveal", NULL, 0, "names, phones and e-mails unmasked" },
	{ "bom", NULL, 0, "start the CSV with a UTF-8 byte-order mark (for Excel)" },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_export = {
	.name = "export",
	.usage = "[filters] [--all] [--format csv|json] [--reveal] [--bom]",
	.summary = "write tickets as CSV or JSON lines, every field, for scripts",
	.help =
	    "Writes one row per ticket, streaming, in the order of the store: open\n"
	    "tickets, then (with --all) the archive by month.  The CSV columns are\n"
	    "fixed (SPEC §7): id, status, created, updated, channel, customer, phone,\n"
	    "email, customer_id, tier, order, product, subject, category, module,\n"
	    "priority, team, assignee, response_due, resolution_due, responded,\n"
	    "resolved, confirmed, archived, satisfaction, revisit_due, revisited,\n"
	    "revisit_satisfaction, rounds, escalations, responsibility, compensation,\n"
	    "resolution.  RFC 4180 quoting, LF line ends; a cell starting with\n"
	    "= + - @, tab or CR gets a leading ' (import removes it).  --format json\n"
	    "writes each whole ticket as one JSON object per line.  The filters are\n"
	    "those of 'cstk list'.  Personal data is masked unless --reveal.\n",
	.flags = CMD_STORE,
	.min_args = 0,
	.max_args = 0,
	.opts = opts,
	.run = run_export,
};
