/*
 * search.h — the text --grep looks in, and how it looks.
 *
 * A ticket's searchable text is its subject, description, product,
 * order, expectation, plan, resolution, module, customer ID and every
 * history note: each value followed by a NUL, ASCII letters in lower
 * case.  The index keeps it per record (so --grep reads no ticket file),
 * and a ticket read from its file is searched through the same text, so
 * both give the same answer.
 */
#ifndef CSTK_SEARCH_H
#define CSTK_SEARCH_H

#include <stddef.h>

#include "strbuf.h"
#include "ticket.h"

/* Append the searchable text of `t` to `sb`. */
void search_text(const struct ticket *t, struct strbuf *sb);
/* `needle` as the text holds it (ASCII in lower case), into `out`
 * (freshly allocated; free it). */
char *search_fold(const char *needle);
/* Does `text` (len bytes of searchable text) contain the folded needle? */
int search_in(const char *text, size_t len, const char *folded);
/* Does `hay` contain `needle`: ASCII letters in any case, everything else
 * byte for byte (list --customer)?  A NULL hay contains nothing. */
int search_contains(const char *hay, const char *needle);
/*
 * The same over a table of NUL-terminated strings (`len` bytes, the
 * index's string table): bit i of `bits` (len bits, zeroed by the caller)
 * is set when a string starting at offset i contains `needle`.  One pass
 * over the table, not one search per string.
 */
void search_strings(const char *tab, size_t len, const char *needle, unsigned char *bits);

#endif
