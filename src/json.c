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

/* A JSON number, true, false or null: what YAML reads the same, plain. */
static int
json_literal(const char *s)
{
	const char *p = s;

	if (!strcmp(s, "true") || !strcmp(s, "false") || !strcmp(s, "null"))
		return 1;
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		p += strspn(p, "0123456789");
	else
		return 0;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return 0;
		p += 1 + strspn(p + 1, "0123456789");
	}
	if (*p == 'e' || *p == 'E') {
		p += p[1] == '+' || p[1] == '-' ? 2 : 1;
		if (*p < '0' || *p > '9')
			return 0;
		p += strspn(p, "0123456789");
	}
	return *p == '\0';
}

const char *
json_plain_literal(const char *s)
{
	if (!*s || !strcmp(s, "~") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
		return "null";
	return json_literal(s) ? s : NULL;
}

/*
 * `path` is the dotted path of n ("" for the root), NULL below history.  A
 * known integer is a number; a value written plain that JSON has a literal
 * for (a number, true, false, a null: keys cstk does not know, history) is
 * that literal, so `import --format json` writes it plain again.
 */
static void
node(struct strbuf *sb, const struct ynode *n, const char *path)
{
	switch (n->kind) {
	case YNODE_SCALAR: {
		const struct field *f = path ? field_by_path(path) : NULL;
		const char *lit;
		if (f && f->type == FT_INT && n->len > 0 && n->len < 10 &&
		    strspn(n->str, "0123456789") == n->len)
			sb_adds(sb, n->str);
		else if (f == NULL && n->style == YSTYLE_PLAIN &&
		    (lit = json_plain_literal(n->str)) != NULL)
			sb_adds(sb, lit);
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
