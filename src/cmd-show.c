/* cmd-show.c — cstk show ID: one ticket with its history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "index.h"
#include "json.h"
#include "lifecycle.h"
#include "mask.h"
#include "render.h"
#include "store.h"
#include "utf8.h"
#include "yaml-emit.h"

/* The card shows every field of the table that holds a value, in the
 * table's (the file's) order; the ID heads it and the description and the
 * history follow it. */
static int
on_card(enum field_id f)
{
	return f != F_SCHEMA && f != F_ID && f != F_DESCRIPTION && fields[f].type != FT_MAP &&
	    fields[f].type != FT_HISTORY;
}

static void
print_value(const char *label, const char *value, int width)
{
	render_pad(stdout, label, width);
	fputs("  ", stdout);
	for (const char *p = value; *p; p++) {
		putchar(*p);
		if (*p == '\n' && p[1]) {
			for (int i = 0; i < width + 2; i++)
				putchar(' ');
		}
	}
	putchar('\n');
}

/*
 * Links the other way (SPEC §10): the tickets that name this one as
 * their duplicate_of or related, from the read model, "ID (how)" each.
 */
static const struct error *
linked_from(struct store *s, const char *id, struct strbuf *out)
{
	/* Of the archive, only the records that link anywhere (their keys
	 * say so): not every month's records. */
	struct ix_want w = { .archive = 1, .keyed = 1, .linked = 1, .phone4 = -1, .cat = -1 };
	struct index_set set;
	const struct error *err = index_load_want(s, &w, &set);

	if (err)
		return err;
	for (size_t g = 0; g < set.n; g++) {
		const struct index *ix = &set.seg[g];
		for (size_t i = 0; i < ix->nrec; i++) {
			const struct ix_rec *x = &ix->rec[i];
			int dup = strcmp(ix_str(ix, x->s[IXS_DUPLICATE_OF]), id) == 0;
			if (dup || ticket_ids_have(ix_str(ix, x->s[IXS_RELATED]), id))
				sb_addf(out, "%s%s (%s)", out->len ? ", " : "",
				    ix_str(ix, x->s[IXS_ID]), dup ? "duplicate" : "related");
		}
	}
	index_release(&set);
	return NULL;
}

static void
show_text(const struct ticket *t, int reveal, int color, const char *inbound)
{
	const struct ynode *hist = ynode_get(t->root, "history");
	const char *desc = ticket_str(t, F_DESCRIPTION);
	int width = 0, byw = 8;

	for (int i = 0; i < F_COUNT; i++)
		if (on_card((enum field_id)i) && ticket_str(t, (enum field_id)i) &&
		    utf8_width(fields[i].path) > width)
			width = utf8_width(fields[i].path);
	if (inbound && *inbound && width < utf8_width("linked from"))
		width = utf8_width("linked from");
	printf("%s%s%s\n", color ? C_BOLD : "", ticket_str(t, F_ID), color ? C_RESET : "");
	for (int i = 0; i < F_COUNT; i++) {
		const struct field *f = &fields[i];
		const char *v = on_card((enum field_id)i) ? ticket_str(t, (enum field_id)i) : NULL;
		struct strbuf sb = STRBUF_INIT;

		if (v == NULL)
			continue;
		if (!reveal && (f->flags & FF_PERSONAL))
			mask_field((enum field_id)i, v, &sb);
		else if (f->type == FT_ENUM && vocab_labels_shown())
			sb_adds(&sb, vocab_show(f->voc, v));
		else if (f->type == FT_ENUM && strcmp(enum_label(vocab(f->voc), v), v) != 0)
			sb_addf(&sb, "%s (%s)", v, enum_label(vocab(f->voc), v));
		else
			sb_adds(&sb, v);
		print_value(f->path, sb.buf, width);
		sb_release(&sb);
	}
	if (inbound && *inbound)
		print_value("linked from", inbound, width);
	/* Keys cstk does not know, as they are. */
	for (size_t i = 0; i < t->root->nr; i++) {
		const struct ypair *p = &t->root->items[i];
		if (field_by_path(p->key) == NULL && p->val->kind == YNODE_SCALAR)
			print_value(p->key, p->val->str, width);
	}
	if (desc) {
		printf("\ndescription:\n");
		for (const char *p = desc; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			printf("  %.*s\n", (int)n, p);
			p += n + (nl != NULL);
		}
	}
	if (hist == NULL || hist->kind != YNODE_SEQ || hist->nr == 0)
		return;
	/* Who acted, in a column as wide as the widest name (8 at least). */
	for (size_t i = 0; i < hist->nr; i++) {
		const char *by = ynode_get_str(hist->items[i].val, "by");
		if (by && utf8_width(by) > byw)
			byw = utf8_width(by);
	}
	printf("\nhistory:\n");
	for (size_t i = 0; i < hist->nr; i++) {
		const struct ynode *e = hist->items[i].val;
		const char *at = ynode_get_str(e, "at"), *by = ynode_get_str(e, "by");
		const char *from = ynode_get_str(e, "from"), *to = ynode_get_str(e, "to");
		struct ctime ct;
		char when[CLOCK_BUFSZ] = "?";

		if (at && clock_parse(at, &ct) == 0)
			clock_format_short(&ct, when);
		printf("  %s  ", when);
		render_pad(stdout, by ? by : "?", byw);
		printf(" %s", ynode_get_str(e, "action"));
		if (from && to && strcmp(from, to) != 0)
			printf(" %s→%s", from, to);
		else if (to)
			printf(" →%s", to);
		/* a key emptied: its value is none, and the entry has none */
		if (ynode_get_str(e, "key") && ynode_get(e, "value") == NULL)
			printf("  %s=", ynode_get_str(e, "key"));
		for (size_t j = 0; j < e->nr; j++) {
			const char *k = e->items[j].key, *v = e->items[j].val->str;
			const struct field *f;
			if (v == NULL || !strcmp(k, "at") || !strcmp(k, "by") ||
			    !strcmp(k, "action") || !strcmp(k, "from") || !strcmp(k, "to") ||
			    !strcmp(k, "key") || !strcmp(k, "note"))
				continue;
			if (ticket_history_value_key(k)) {
				const char *key = ynode_get_str(e, "key");
				struct strbuf sb = STRBUF_INIT;
				f = mask_history_field(e, k);
				if (!reveal && f)
					mask_field(field_id_of(f), v, &sb);
				else
					render_cut(v, 60, &sb);
				printf("  %s=%s", !strcmp(k, "previous") ? k : key ? key : "?",
				    sb.buf);
				sb_release(&sb);
				continue;
			}
			printf("  %s=%s", k, v);
		}
		if (ynode_get_str(e, "note")) {
			struct strbuf sb = STRBUF_INIT;
			render_cut(ynode_get_str(e, "note"), 200, &sb);
			printf("  “%s”", sb.buf);
			sb_release(&sb);
		}
		putchar('\n');
	}
}

/*
 * Values as JSON keeps them: a plain number, true, false or null stays plain
 * (a null reads `null`), anything else is written as cstk would write it
 * (quoted only where plain would read otherwise).  ticket_normalize then
 * gives the known fields their own style.
 */
static void
canonical(struct ynode *n)
{
	if (n->kind == YNODE_SCALAR) {
		const char *lit = n->style == YSTYLE_PLAIN ? json_plain_literal(n->str) : NULL;
		if (lit && strcmp(lit, n->str) != 0) {
			free(n->str);
			n->str = xstrdup(lit);
			n->len = strlen(lit);
		}
		n->style = lit ? YSTYLE_PLAIN : YSTYLE_AUTO;
		return;
	}
	for (size_t i = 0; i < n->nr; i++)
		canonical(n->items[i].val);
}

static const struct error *
run_show(struct cmd_ctx *c)
{
	const struct error *err;
	const char *format = cmd_opt(c, "format");
	int reveal = cmd_flag(c, "reveal");
	struct ticket t = { NULL };
	struct ticket view = { NULL };
	struct strbuf out = STRBUF_INIT;

	if (format == NULL)
		format = "text";
	if (strcmp(format, "text") && strcmp(format, "yaml") && strcmp(format, "json"))
		return error_new(ERR_USAGE, "--format '%s' is not known; use text, yaml "
		    "or json", format);
	if (reveal) {
		/* Reading personal data is an event: record it, under the lock. */
		if ((err = store_check_id(c->argv[0])) != NULL ||
		    (err = cmd_actor(c)) != NULL || (err = store_lock(&c->store)) != NULL)
			return err;
	}
	/* Revealing is an event: at a time the history can take. */
	if ((err = reveal ? cmd_load_ticket(c, &t) : store_load(&c->store, c->argv[0], &t)))
		goto done;
	if (reveal) {
		ticket_log(&t, &c->ev, "reveal", NULL, NULL, NULL, NULL);
		if ((err = store_save(&c->store, &t)) != NULL)
			goto done;
	}
	view.root = ynode_dup(t.root);
	if (!reveal)
		mask_tree(view.root);
	if (strcmp(format, "text") == 0) {
		struct strbuf inbound = STRBUF_INIT;
		if ((err = linked_from(&c->store, ticket_str(&t, F_ID), &inbound)) == NULL)
			show_text(&view, reveal, render_color(), inbound.buf);
		sb_release(&inbound);
	} else if (strcmp(format, "yaml") == 0) {
		/* The ticket as cstk writes it, whatever the hand that wrote the
		 * file: a store moved through JSON shows the same (SPEC §11). */
		canonical(view.root);
		ticket_normalize(&view);
		ynode_block(view.root);
		if ((err = yaml_emit(view.root, &out)) == NULL)
			fputs(out.buf, stdout);
	} else {
		json_ticket(&out, view.root);
		printf("%s\n", out.buf);
	}
done:
	sb_release(&out);
	ticket_release(&view);
	ticket_release(&t);
	return err;
}

static const struct cmd_opt opts[] = {
	{ "format", "FMT", 0, N_("text (default), yaml, or json (the file's structure)") },
	{ "reveal", NULL, 0, N_("show names, phones and e-mails unmasked (recorded)") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_show = {
	.name = "show",
	.usage = "ID [--format text|yaml|json] [--reveal]",
	.summary = N_("show one ticket with its history"),
	.help = N_(
	    "Shows a ticket, archived or not.  Customer names, phones and e-mails\n"
	    "are masked unless --reveal is given; a reveal is recorded in the\n"
	    "ticket's history (who, when), so it takes the writer lock.\n"),
	.flags = CMD_STORE,
	.min_args = 1,
	.max_args = 1,
	.opts = opts,
	.run = run_show,
};
