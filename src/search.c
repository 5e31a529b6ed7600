#define _GNU_SOURCE	/* memmem(3) */
/*
 * search.c — the searchable text of a ticket (see search.h).
 */
#include <string.h>
#include <strings.h>

#include "search.h"
#include "ynode.h"

/* The fields --grep reads, in the order the text holds them. */
static const enum field_id searched[] = { F_SUBJECT, F_DESCRIPTION, F_PRODUCT,
	F_ORDER, F_EXPECTATION, F_PLAN, F_RESOLUTION, F_MODULE, F_CUST_ID };

static void
add_folded(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	sb_grow(sb, n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		sb->buf[sb->len++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	sb->buf[sb->len++] = '\0';
	sb->buf[sb->len] = '\0';
}

void
search_text(const struct ticket *t, struct strbuf *sb)
{
	const struct ynode *hist = ynode_get(t->root, "history");

	for (size_t i = 0; i < sizeof(searched) / sizeof(searched[0]); i++) {
		const char *v = ticket_str(t, searched[i]);
		if (v && *v)
			add_folded(sb, v);
	}
	for (size_t i = 0; hist && hist->kind == YNODE_SEQ && i < hist->nr; i++) {
		const char *note = ynode_get_str(hist->items[i].val, "note");
		if (note && *note)
			add_folded(sb, note);
	}
}

char *
search_fold(const char *needle)
{
	struct strbuf sb = STRBUF_INIT;

	add_folded(&sb, needle);
	return sb_detach(&sb);
}

int
search_in(const char *text, size_t len, const char *folded)
{
	/* The needle holds no NUL, so a match never spans two values. */
	return memmem(text, len, folded, strlen(folded)) != NULL;
}

int
search_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (hay == NULL)
		return 0;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

static int
has_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

static void
mark(unsigned char *bits, size_t i)
{
	bits[i / 8] |= (unsigned char)(1u << (i % 8));
}

void
search_strings(const char *tab, size_t len, const char *needle, unsigned char *bits)
{
	size_t n = strlen(needle);
	const char *end = tab + len, *p = tab, *hit;

	if (has_letter(needle)) {	/* in any case: string by string */
		for (; p < end; p += strlen(p) + 1)
			if (search_contains(p, needle))
				mark(bits, (size_t)(p - tab));
		return;
	}
	/* Byte for byte: memmem over the whole table, then the string hit. */
	while (n > 0 && p < end && (hit = memmem(p, (size_t)(end - p), needle, n)) != NULL) {
		const char *start = hit;
		while (start > tab && start[-1] != '\0')
			start--;
		mark(bits, (size_t)(start - tab));
		p = hit + strlen(hit) + 1;
	}
	if (n == 0)	/* every string contains "" */
		for (; p < end; p += strlen(p) + 1)
			mark(bits, (size_t)(p - tab));
}
