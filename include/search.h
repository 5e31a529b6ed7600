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

#endif
