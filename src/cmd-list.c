/* cmd-list.c — cstk list: tickets, filtered, as a table, CSV, TSV or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "cmd.h"
#include "csv-io.h"
#include "filter.h"
#include "lifecycle.h"
#include "index.h"
#include "json.h"
#include "mask.h"
#include "render.h"
#include "search.h"
#include "store.h"
#include "store-fs.h"
#include "utf8.h"
#include "yaml-load.h"

enum format { FMT_TABLE, FMT_CSV, FMT_TSV, FMT_JSON };

#define NCOLS 8
/* Headings for people: translated where the table is printed. */
static const char *const head[NCOLS] = { N_("ID"), N_("STATUS"), N_("PRI"),
	N_("CATEGORY"), N_("ASSIGNEE"), N_("DUE"), N_("CUSTOMER"), N_("SUBJECT") };
static const char *const csv_head[NCOLS] = { "id", "status", "priority", "category",
	"assignee", "due", "customer", "subject" };

struct row {
	char *id;
	char *cells[NCOLS];
	int late;
	char *json;
	/* what --sort orders by */
	int64_t due, created, updated;
	double over;
	int priority, vip;
};

enum sort { SORT_ID, SORT_DUE, SORT_PRIORITY, SORT_CREATED, SORT_UPDATED, SORT_URGENCY };
static const char *const sort_names[] = { "id", "due", "priority", "created", "updated",
	"urgency" };

struct listing {
	struct filter f;
	enum format fmt;
	enum sort sort;
	int reverse, tier_vip;
	int reveal;		/* names (and in JSON phones, e-mails) unmasked */
	struct row *rows;
	size_t nr, alloc;
};

/*
 * What --sort orders by, from the read model; the deadline is the one
 * that matters now (ix_deadline_now): promised, late, or next.
 */
static void
row_keys(const struct listing *l, struct row *r, const struct ix_rec *x, int *promised)
{
	r->due = ix_deadline_now(x, l->f.now.t, &r->over, promised);
	r->late = r->over > 0;
	r->created = x->t[IXT_CREATED];
	r->updated = x->t[IXT_UPDATED];
	r->priority = x->priority;
	r->vip = x->tier >= 0 && x->tier == l->tier_vip;
}

/* No value: "-" in the table, an empty cell in CSV and TSV (as export). */
static char *
dash(const struct listing *l, const char *s)
{
	return xstrdup(s && *s ? s : l->fmt == FMT_TABLE ? "-" : "");
}

/* A value as the table shows it (a label when labels are shown); CSV,
 * TSV and JSON keep keys. */
static const char *
shown(const struct listing *l, enum vocab_id id, int i)
{
	return l->fmt == FMT_TABLE ? vocab_show_at(id, i, NULL) : vocab_key(id, i);
}

/* A row from the read model: a record, from the index or from a file. */
static void
add_row(struct listing *l, const struct index *ix, const struct ix_rec *x)
{
	struct strbuf sb = STRBUF_INIT;
	struct row *r;
	int promised;

	ALLOC_GROW(l->rows, l->nr + 1, l->alloc);
	r = &l->rows[l->nr++];
	memset(r, 0, sizeof(*r));
	r->id = xstrdup(ix_str(ix, x->s[IXS_ID]));
	r->cells[0] = xstrdup(r->id);
	r->cells[1] = xstrdup(x->status >= 0 ? shown(l, V_STATUS, x->status) : "?");
	r->cells[2] = dash(l, shown(l, V_PRIORITY, x->priority));
	r->cells[3] = dash(l, shown(l, V_CATEGORY, x->category));
	r->cells[4] = dash(l, ix_str(ix, x->s[IXS_ASSIGNEE]));
	row_keys(l, r, x, &promised);
	/* DUE: for people in the table, RFC 3339 in CSV and TSV */
	if (r->due != IX_NONE && l->fmt == FMT_TABLE) {
		render_deadline(&sb, r->due, &l->f.now, r->over, promised);
	} else if (r->due != IX_NONE) {
		struct ctime ct = { r->due, l->f.now.off };
		char buf[CLOCK_BUFSZ];
		clock_format(&ct, buf);
		sb_adds(&sb, buf);
	}
	r->cells[5] = sb_detach(&sb);
	mask_shown(F_CUST_NAME, ix_str(ix, x->s[IXS_NAME]), l->reveal, &sb);
	r->cells[6] = sb_detach(&sb);
	r->cells[7] = xstrdup(ix_str(ix, x->s[IXS_SUBJECT]));
}

/* From the files: --grep and --format json need whole tickets. */
static void
add_ticket(struct listing *l, const struct ticket *t)
{
	struct index one;

	if (l->fmt == FMT_JSON) {
		struct strbuf sb = STRBUF_INIT;
		struct ynode *view = ynode_dup(t->root);
		struct row *r;

		if (!l->reveal)
			mask_tree(view);
		json_ticket(&sb, view);
		ynode_free(view);
		ALLOC_GROW(l->rows, l->nr + 1, l->alloc);
		r = &l->rows[l->nr++];
		memset(r, 0, sizeof(*r));
		r->id = xstrdup(ticket_str(t, F_ID));
		r->json = sb_detach(&sb);
		if (l->sort != SORT_ID) {
			int promised;
			index_one(&one, t);	/* the keys --sort needs */
			row_keys(l, r, &one.rec[0], &promised);
			index_release_one(&one);
		}
		return;
	}
	index_one(&one, t);
	add_row(l, &one, &one.rec[0]);
	index_release_one(&one);
}

static int
collect(void *ctx, const struct ticket *t, const char *file)
{
	struct listing *l = ctx;

	(void)file;
	if (filter_match(&l->f, t))
		add_ticket(l, t);
	return 0;
}

/* A JSON row: the ticket's file, read and checked again (it may have
 * changed since the index was loaded). */
static void
add_json(struct store *s, struct listing *l, const char *id)
{
	struct ticket t = { NULL };
	const struct error *err = store_load(s, id, &t);

	if (err == NULL && filter_match(&l->f, &t))
		add_ticket(l, &t);
	else if (err && err->code != ERR_NOTFOUND)
		utf8_print_message("warning: ", err->msg);
	ticket_release(&t);
}

/*
 * From the index: the records the filters take become rows (in JSON,
 * their files are read: a search reads only the files it found).  --grep
 * looks in each record's searchable text (search.h), kept by the index,
 * so it reads no ticket file.  The loaded index is left in *set_out (the
 * caller's, for the links).
 */
static const struct error *
collect_index(struct store *s, struct listing *l, int archive, struct index_set *set_out)
{
	struct index_set set;
	struct ix_want w = { .archive = archive, .text = l->f.grep != NULL, .cat = -1,
	    .phone4 = -1 };
	const struct error *err;

	/* A caller searched for: of the months, only the records whose keys
	 * may match (and those with links, for add_linked). */
	if (l->f.phone[0] || l->f.customer) {
		w.keyed = 1;
		w.phone4 = l->f.phone[0] ? ix_phone4(l->f.phone) : -1;
		w.name = l->f.customer;
	}
	err = index_load_want(s, &w, &set);
	for (size_t g = 0; err == NULL && g < set.n; g++) {
		struct index *ix = &set.seg[g];

		for (size_t i = 0; i < ix->nrec; i++) {
			const struct ix_rec *x = &ix->rec[i];
			if ((!archive && x->status == ST_ARCHIVED) || !filter_match_rec(&l->f, ix, x))
				continue;
			if (l->fmt == FMT_JSON)
				add_json(s, l, ix_str(ix, x->s[IXS_ID]));
			else
				add_row(l, ix, x);
		}
	}
	if (err == NULL)
		*set_out = set;
	return err;
}

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->id, ((const struct row *)b)->id);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
in_set(char **set, size_t n, const char *id)
{
	return n && bsearch(&id, set, n, sizeof(*set), cmp_str) != NULL;
}

/* Does a record link to (duplicate_of, related) an ID of `set`? */
/* Does the record link to anything?  Most tickets do not. */
static int
has_links(const struct index *ix, const struct ix_rec *x)
{
	return *ix_str(ix, x->s[IXS_DUPLICATE_OF]) || *ix_str(ix, x->s[IXS_RELATED]);
}

static int
any_link(const struct index *ix, const struct ix_rec *x, char **set, size_t n)
{
	char *words, *save = NULL;
	int hit = 0;

	if (!has_links(ix, x))
		return 0;
	words = xasprintf("%s %s", ix_str(ix, x->s[IXS_DUPLICATE_OF]),
	    ix_str(ix, x->s[IXS_RELATED]));

	for (char *w = strtok_r(words, " ", &save); w && !hit; w = strtok_r(NULL, " ", &save))
		hit = in_set(set, n, w);
	free(words);
	return hit;
}

/* The IDs a record links to, added to `set`. */
static void
add_links(const struct index *ix, const struct ix_rec *x, char ***set, size_t *n,
    size_t *alloc)
{
	char *words = xasprintf("%s %s", ix_str(ix, x->s[IXS_DUPLICATE_OF]),
	    ix_str(ix, x->s[IXS_RELATED])), *save = NULL;

	for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		ALLOC_GROW(*set, *n + 1, *alloc);
		(*set)[(*n)++] = xstrdup(w);
	}
	free(words);
}

/*
 * Finding a caller finds both ends of a link (SPEC §10): after a search
 * (--phone, --customer, --order, --email, --grep), the tickets linked to
 * a match either way (duplicate_of, related) are listed too.
 */
static const struct error *
add_linked(struct store *s, struct listing *l, int archive, struct index_set *loaded)
{
	struct index_set own;
	const struct index_set *set = loaded ? loaded : &own;
	char **found, **targets = NULL;
	unsigned char *seen;
	size_t nfound = l->nr, ntargets = 0, atargets = 0;
	const struct error *err = NULL;
	struct ix_want w = { .archive = archive, .cat = -1, .phone4 = -1 };

	if (l->nr == 0 || (!loaded && (err = index_load_want(s, &w, &own)) != NULL))
		return err;
	found = xcalloc(nfound, sizeof(*found));
	for (size_t i = 0; i < nfound; i++)
		found[i] = l->rows[i].id;
	qsort(found, nfound, sizeof(*found), cmp_str);
	for (size_t g = 0; g < set->n; g++)
		for (size_t i = 0; i < set->seg[g].nrec; i++)
			if (has_links(&set->seg[g], &set->seg[g].rec[i]) &&
			    in_set(found, nfound, ix_str(&set->seg[g], set->seg[g].rec[i].s[IXS_ID])))
				add_links(&set->seg[g], &set->seg[g].rec[i], &targets, &ntargets,
				    &atargets);
	if (ntargets > 1) {	/* sorted, each once (two matches may link to one) */
		size_t k = 1;

		qsort(targets, ntargets, sizeof(*targets), cmp_str);
		for (size_t i = 1; i < ntargets; i++)
			if (strcmp(targets[k - 1], targets[i]) == 0)
				free(targets[i]);
			else
				targets[k++] = targets[i];
		ntargets = k;
	}
	seen = xcalloc(ntargets + 1, 1);
	for (size_t g = 0; g < set->n && err == NULL; g++) {
		const struct index *ix = &set->seg[g];
		for (size_t i = 0; i < ix->nrec && err == NULL; i++) {
			const struct ix_rec *x = &ix->rec[i];
			const char *id = ix_str(ix, x->s[IXS_ID]);
			char **target = ntargets ? bsearch(&id, targets, ntargets, sizeof(*targets),
			    cmp_str) : NULL;
			struct ticket t = { NULL };

			if (target)
				seen[target - targets] = 1;
			if ((!archive && x->status == ST_ARCHIVED) ||
			    !(any_link(ix, x, found, nfound) || target) ||
			    in_set(found, nfound, id))
				continue;
			if (l->fmt != FMT_JSON) {
				add_row(l, ix, x);
				continue;
			}
			/* A link is listed whatever the filters say. */
			if ((err = store_load(s, id, &t)) == NULL)
				add_ticket(l, &t);
			ticket_release(&t);
		}
	}
	/* A search loads of the months only the records that may match (and
	 * those with links): a target linked to is read from its file. */
	for (size_t i = 0; i < ntargets && err == NULL; i++) {
		struct ticket t = { NULL };
		const struct error *e;

		if (seen[i] || in_set(found, nfound, targets[i]))
			continue;
		seen[i] = 1;
		if ((e = store_load(s, targets[i], &t)) == NULL) {
			if (archive || ticket_status(&t) != ST_ARCHIVED)
				add_ticket(l, &t);
		} else if (e->code != ERR_NOTFOUND && store_check_id(targets[i]) == NULL)
			utf8_print_message("warning: ", e->msg);
		ticket_release(&t);
	}
	for (size_t i = 0; i < ntargets; i++)
		free(targets[i]);
	free(targets);
	free(seen);
	free(found);
	if (!loaded)
		index_release(&own);
	return err;
}

/* Earlier first, none last. */
static int
cmp_time(int64_t a, int64_t b)
{
	if (a == b)
		return 0;
	if (a == IX_NONE || b == IX_NONE)
		return a == IX_NONE ? 1 : -1;
	return a < b ? -1 : 1;
}

static enum sort sort_key;
static int sort_reverse;

/*
 * --sort: due (the deadline in force, soonest first), priority (the
 * policy's order, most urgent first), created, updated, or urgency: late
 * ones first (the latest first), then the nearest deadline, VIP before
 * others at the same time.  Ties by ID; --reverse turns the whole order.
 */
static int
by_sort(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = 0;

	switch (sort_key) {
	case SORT_ID:
		break;
	case SORT_DUE:
		c = cmp_time(a->due, b->due);
		break;
	case SORT_PRIORITY:
		c = (a->priority < 0) - (b->priority < 0);
		if (c == 0)
			c = (a->priority > b->priority) - (a->priority < b->priority);
		break;
	case SORT_CREATED:
		c = cmp_time(a->created, b->created);
		break;
	case SORT_UPDATED:
		c = cmp_time(a->updated, b->updated);
		break;
	case SORT_URGENCY:
		c = (b->over > 0) - (a->over > 0);
		if (c == 0 && a->over > 0)
			c = (a->over < b->over) - (a->over > b->over);
		if (c == 0)
			c = cmp_time(a->due, b->due);
		if (c == 0)
			c = b->vip - a->vip;
		break;
	}
	if (c == 0)
		c = by_id(a, b);
	return sort_reverse ? -c : c;
}

static void
print_rows(const struct listing *l)
{
	struct strbuf out = STRBUF_INIT;

	switch (l->fmt) {
	case FMT_TABLE: {
		struct table tab;
		int color = render_color();

		if (l->nr == 0) {
			if (isatty(STDOUT_FILENO))
				printf("no tickets match\n");
			return;
		}
		table_init(&tab, NCOLS, head);
		table_cap(&tab, 7, 40);
		for (size_t i = 0; i < l->nr; i++) {
			const char *colors[NCOLS] = { NULL };
			colors[5] = l->rows[i].late ? C_RED : NULL;
			table_row(&tab, (const char *const *)l->rows[i].cells, colors);
		}
		table_print(&tab, stdout, color);
		table_release(&tab);
		return;
	}
	case FMT_CSV:
	case FMT_TSV:
		for (int c = 0; c < NCOLS; c++)
			(l->fmt == FMT_CSV ? csvio_field : tsvio_field)(&out, csv_head[c], c == 0);
		sb_addc(&out, '\n');
		for (size_t i = 0; i < l->nr; i++) {
			for (int c = 0; c < NCOLS; c++)
				(l->fmt == FMT_CSV ? csvio_field : tsvio_field)(&out,
				    l->rows[i].cells[c], c == 0);
			sb_addc(&out, '\n');
			fwrite(out.buf, 1, out.len, stdout);
			sb_reset(&out);
		}
		fwrite(sb_str(&out), 1, out.len, stdout);
		break;
	case FMT_JSON:
		fputs("[", stdout);
		for (size_t i = 0; i < l->nr; i++)
			printf("%s\n%s", i ? "," : "", l->rows[i].json);
		fputs(l->nr ? "\n]\n" : "]\n", stdout);
		break;
	}
	sb_release(&out);
}

static const struct error *
run_list(struct cmd_ctx *c)
{
	static const char *const names[] = { "table", "csv", "tsv", "json" };
	struct listing l;
	const char *format = cmd_opt(c, "format");
	const struct error *err;
	int found = 0, archive, searched;
	struct index_set set = { NULL, 0 };

	memset(&l, 0, sizeof(l));
	for (int i = 0; i < 4; i++)
		if (format && strcmp(format, names[i]) == 0) {
			l.fmt = (enum format)i;
			found = 1;
		}
	if (format && !found)
		return error_new(ERR_USAGE, "--format '%s' is not known; use table, csv, "
		    "tsv or json", format);
	{
		const char *sort = cmd_opt(c, "sort");
		size_t k;
		for (k = 0; sort && k < sizeof(sort_names) / sizeof(sort_names[0]); k++)
			if (strcmp(sort, sort_names[k]) == 0)
				break;
		if (sort && k == sizeof(sort_names) / sizeof(sort_names[0]))
			return error_new(ERR_USAGE, "--sort '%s' is not known; use due, "
			    "priority, created, updated or urgency", sort);
		l.sort = sort ? (enum sort)k : SORT_ID;
		l.reverse = cmd_flag(c, "reverse");
		l.tier_vip = enum_lookup(vocab(V_TIER), "vip");
	}
	if ((err = filter_parse(&l.f, c)) != NULL)
		return err;
	archive = cmd_flag(c, "all") || (l.f.status & (1u << ST_ARCHIVED));
	l.reveal = cmd_flag(c, "reveal");
	searched = l.f.grep || l.f.phone[0] || l.f.customer || l.f.order || l.f.email;
	if ((l.fmt == FMT_JSON && !searched) || index_disabled())
		err = store_each(&c->store, archive, collect, &l, NULL);
	else
		err = collect_index(&c->store, &l, archive, &set);
	if (err == NULL && searched)
		err = add_linked(&c->store, &l, archive, set.n ? &set : NULL);
	index_release(&set);
	if (err == NULL) {
		c->revealed = l.reveal ? l.nr : 0;
		sort_key = l.sort;
		sort_reverse = l.reverse;
		if (l.nr > 1)
			qsort(l.rows, l.nr, sizeof(*l.rows), by_sort);
		print_rows(&l);
	}
	for (size_t i = 0; i < l.nr; i++) {
		free(l.rows[i].id);
		free(l.rows[i].json);
		for (int k = 0; k < NCOLS; k++)
			free(l.rows[i].cells[k]);
	}
	free(l.rows);
	filter_release(&l.f);
	return err;
}

static const struct cmd_opt opts[] = {
	FILTER_OPTS,
	{ "all", NULL, 0, N_("include archived tickets") },
	{ "reveal", NULL, 0, N_("names (and in JSON phones and e-mails) unmasked; recorded in "
	    "audit.log") },
	{ "format", "FMT", 0, N_("table (default), csv, tsv or json") },
	{ "sort", "KEY", 0, N_("due, priority, created, updated or urgency (default: ID)") },
	{ "reverse", NULL, 0, N_("the other way round") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_list = {
	.name = "list",
	.usage = "[--status S] [--category C] [--priority P] [--assignee A] [--channel CH] "
	    "[--tier T] [--overdue] [--since D] [--until D] [--grep TEXT] [--phone DIGITS] "
	    "[--customer NAME] [--order O] [--email E] [--mine] [--all] "
	    "[--sort due|priority|created|updated|urgency] [--reverse] "
	    "[--format table|csv|tsv|json] [--reveal]",
	.summary = N_("list tickets not archived, filtered"),
	.help = N_(
	    "Lists tickets in ID order (oldest first), or by --sort: due (soonest\n"
	    "deadline first), priority (most urgent first), created, updated, or\n"
	    "urgency (late ones first, the latest first; then the nearest\n"
	    "deadline, VIP before others at the same time); --reverse turns it\n"
	    "round.  --mine lists the acting agent's tickets.  DUE is the deadline that\n"
	    "matters now: first response until the customer was contacted, then\n"
	    "resolution, then the revisit; a missed one shows how late it is\n"
	    "(+3h, +2d), in red on a terminal; CSV and TSV give it in RFC 3339.\n"
	    "Filters combine with AND; a\n"
	    "comma-separated list matches any of its values.  Customer names are\n"
	    "masked (--reveal shows them; every --reveal is recorded in\n"
	    "DIR/audit.log).  --format json gives every field of each ticket.\n"
	    "To find a caller: --phone takes the number in any format (+86\n"
	    "138-5678-1234, 13856781234) or its last 4+ digits, --customer a part\n"
	    "of the name, --order and --email the exact value; --all adds the\n"
	    "archive.  They are answered from the index, fast at any size.  A\n"
	    "search lists the tickets linked to a match too (duplicate_of,\n"
	    "related), whatever the other filters.\n"),
	.flags = CMD_STORE | CMD_AUDIT,
	.min_args = 0,
	.max_args = 0,
	.opts = opts,
	.run = run_list,
};
