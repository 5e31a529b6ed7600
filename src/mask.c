/* mask.c — masking of names, phones and e-mails; see mask.h. */
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "utf8.h"

void
mask_name(const char *s, struct strbuf *out)
{
	uint32_t cp;
	int n;

	if (*s == '\0')
		return;
	n = utf8_decode(s, strlen(s), &cp);
	sb_add(out, s, n > 0 ? (size_t)n : 1);
	sb_adds(out, "**");
}

void
mask_phone(const char *s, struct strbuf *out)
{
	size_t len = strlen(s);

	if (len >= 8) {
		sb_add(out, s, 3);
		sb_adds(out, "****");
		sb_add(out, s + len - 4, 4);
	} else if (len > 2) {
		sb_adds(out, "****");
		sb_add(out, s + len - 2, 2);
	} else if (len > 0) {
		sb_adds(out, "****");
	}
}

void
mask_email(const char *s, struct strbuf *out)
{
	const char *at = strrchr(s, '@');
	uint32_t cp;
	int n;

	if (at == NULL || at == s) {
		mask_name(s, out);
		return;
	}
	n = utf8_decode(s, strlen(s), &cp);
	sb_add(out, s, n > 0 ? (size_t)n : 1);
	sb_adds(out, "***");
	sb_adds(out, at);
}

void
mask_field(enum field_id f, const char *s, struct strbuf *out)
{
	switch (f) {
	case F_CUST_NAME:
		mask_name(s, out);
		break;
	case F_CUST_PHONE:
		mask_phone(s, out);
		break;
	case F_CUST_EMAIL:
		mask_email(s, out);
		break;
	default:
		sb_adds(out, s);
		break;
	}
}

const struct field *
mask_history_field(const struct ynode *entry, const char *k)
{
	const char *key;
	const struct field *f;

	if (!ticket_history_value_key(k))
		return NULL;
	key = ynode_get_str(entry, "key");
	f = key ? field_by_path(key) : NULL;
	return f && (f->flags & FF_PERSONAL) ? f : NULL;
}

/* A scalar node's text replaced by its masked form (anything else left). */
static void
mask_node(struct ynode *n, enum field_id f)
{
	struct strbuf sb = STRBUF_INIT;

	if (n == NULL || n->kind != YNODE_SCALAR)
		return;
	mask_field(f, n->str, &sb);
	free(n->str);
	n->len = sb.len;
	n->str = sb_detach(&sb);
}

void
mask_tree(struct ynode *root)
{
	struct ynode *hist;

	for (int i = 0; i < F_COUNT; i++)
		if (fields[i].flags & FF_PERSONAL)
			mask_node(ynode_path(root, fields[i].path), (enum field_id)i);
	/* `update --set customer.phone=…` leaves values in the history. */
	hist = ynode_get(root, "history");
	for (size_t i = 0; hist && hist->kind == YNODE_SEQ && i < hist->nr; i++) {
		struct ynode *e = hist->items[i].val;

		for (size_t j = 0; e->kind == YNODE_MAP && j < e->nr; j++) {
			const struct field *f = mask_history_field(e, e->items[j].key);
			if (f)
				mask_node(e->items[j].val, field_id_of(f));
		}
	}
}

void
mask_shown(enum field_id f, const char *s, int reveal, struct strbuf *out)
{
	if (*s == '\0')
		return;
	if (reveal)
		sb_adds(out, s);
	else
		mask_field(f, s, out);
}
