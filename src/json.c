/* json.c — JSON writing; see json.h. */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "ticket.h"

void
json_str(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			sb_adds(sb, "\\\"");
			break;
		case '\\':
			sb_adds(sb, "\\\\");
			break;
		case '\n':
			sb_adds(sb, "\\n");
			break;
		case '\r':
			sb_adds(sb, "\\r");
			break;
		case '\t':
			sb_adds(sb, "\\t");
			break;
		default:
			if (c < 0x20)
				sb_addf(sb, "\\u%04x", c);
			else
				sb_addc(sb, (char)c);
		}
	}
	sb_addc(sb, '"');
}

/* `path` is the dotted path of n ("" for the root), NULL below history. */
static void
node(struct strbuf *sb, const struct ynode *n, const char *path)
{
	switch (n->kind) {
	case YNODE_SCALAR: {
		const struct field *f = path ? field_by_path(path) : NULL;
		if (f && f->type == FT_INT && n->len > 0 && n->len < 10 &&
		    strspn(n->str, "0123456789") == n->len)
			sb_adds(sb, n->str);
		else
			json_str(sb, n->str);
		break;
	}
	case YNODE_MAP:
		sb_addc(sb, '{');
		for (size_t i = 0; i < n->nr; i++) {
			char sub[128];

			if (i)
				sb_addc(sb, ',');
			json_str(sb, n->items[i].key);
			sb_addc(sb, ':');
			if (path)
				snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "",
				    n->items[i].key);
			node(sb, n->items[i].val, path && strcmp(path, "history") != 0 &&
			    strlen(path) < 64 ? sub : NULL);
		}
		sb_addc(sb, '}');
		break;
	case YNODE_SEQ:
		sb_addc(sb, '[');
		for (size_t i = 0; i < n->nr; i++) {
			if (i)
				sb_addc(sb, ',');
			node(sb, n->items[i].val, NULL);
		}
		sb_addc(sb, ']');
		break;
	}
}

void
json_ticket(struct strbuf *sb, const struct ynode *root)
{
	node(sb, root, "");
}
