/*
 * fuzz-ticket.c — libFuzzer harness: bytes -> yaml_load_buf -> ticket
 * validation -> ynode_defang (what the store does on load) ->
 * ticket_normalize + yaml_emit (what the store writes) -> reload.
 *
 * Oracle (SPEC §8 "what cstk writes, cstk can read"): when the input loads
 * and validates as a ticket, the text cstk would write for it must load
 * again, validate again, and — written once more the same way — come out
 * byte-identical.  Anything else is abort()ed, with both texts on stderr.
 *
 * Before the byte comparison, the reloaded tree must hold the same data as
 * the one written (same kinds, keys in the same order, same values): a
 * difference there is data changed by a write, worse than a restyle.
 *
 * Along the way a validated ticket also goes through the read-only code
 * that shows it: typed getters, ynode_dup, mask_tree and json_ticket.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mask.h"
#include "strbuf.h"
#include "ticket.h"
#include "yaml-emit.h"
#include "yaml-load.h"
#include "ynode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
ignore_problem(void *ctx, const char *msg)
{
	size_t *n = ctx;

	/* Every problem message is formatted; touch it so it is not dead. */
	*n += strlen(msg) > 0;
}

static void
fail(const char *what, const char *err, const struct strbuf *a, const struct strbuf *b)
{
	fprintf(stderr, "fuzz-ticket: %s%s%s\n", what, err ? ": " : "", err ? err : "");
	if (a)
		fprintf(stderr, "--- first emit (%zu bytes) ---\n%s\n", a->len, sb_str(a));
	if (b)
		fprintf(stderr, "--- second emit (%zu bytes) ---\n%s\n", b->len, sb_str(b));
	abort();
}

/* Same data: kinds, keys and their order, scalar values (not styles). */
static int
same_tree(const struct ynode *a, const struct ynode *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == YNODE_SCALAR)
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	if (a->nr != b->nr)
		return 0;
	for (size_t i = 0; i < a->nr; i++) {
		const char *ka = a->items[i].key, *kb = b->items[i].key;
		if ((ka == NULL) != (kb == NULL) || (ka && strcmp(ka, kb) != 0) ||
		    !same_tree(a->items[i].val, b->items[i].val))
			return 0;
	}
	return 1;
}

/* Emit like store_save does: normalize, then yaml_emit (store_save refuses
 * a ticket whose load escaped characters; the emitter is fuzzed on it all
 * the same). */
static void
write_ticket(struct ticket *t, struct strbuf *out, const struct strbuf *prev)
{
	const struct error *err;

	ticket_normalize(t);
	if ((err = yaml_emit(t->root, out)) != NULL)
		fail("a valid ticket cannot be written", err->msg, prev, out);
}

/* Escape what a terminal must not get, as store-ticket.c check_loaded does. */
static void
defang(struct ticket *t)
{
	t->unsafe_line = t->unsafe_col = 0;
	t->unsafe = (unsigned)ynode_defang(t->root, &t->unsafe_line, &t->unsafe_col);
}

/* Read-only paths a loaded ticket goes through in show/list/export. */
static void
look_at(const struct ticket *t)
{
	struct strbuf sb = STRBUF_INIT;
	struct ynode *view;
	struct ctime ct;

	(void)ticket_status(t);
	for (int f = 0; f < F_COUNT; f++) {
		if (fields[f].type == FT_TIME) {
			(void)ticket_time(t, (enum field_id)f, &ct);
			(void)ticket_secs(t, (enum field_id)f);
		} else if (fields[f].type == FT_INT) {
			(void)ticket_int(t, (enum field_id)f);
		} else if (fields[f].type != FT_MAP && fields[f].type != FT_HISTORY) {
			const char *s = ticket_str(t, (enum field_id)f);
			if (s) {
				mask_field((enum field_id)f, s, &sb);
				sb_reset(&sb);
			}
		}
	}
	view = ynode_dup(t->root);
	mask_tree(view);
	json_ticket(&sb, view);
	ynode_free(view);
	sb_release(&sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ticket t = { .root = NULL }, u = { .root = NULL };
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	const struct error *err = NULL;
	size_t nmsg = 0;

	if (yaml_load_buf((const char *)data, size, "fuzz.yaml", &t.root) != NULL)
		return 0;
	if (ticket_validate(t.root, "fuzz.yaml", ignore_problem, &nmsg, NULL) != 0 ||
	    ticket_validate(t.root, "fuzz.yaml", NULL, NULL, &err) != 0) {
		ticket_release(&t);
		return 0;
	}
	defang(&t);
	look_at(&t);

	write_ticket(&t, &a, NULL);
	if ((err = yaml_load_buf(a.buf, a.len, "emitted.yaml", &u.root)) != NULL)
		fail("what cstk wrote does not load", err->msg, &a, NULL);
	err = NULL;
	if (ticket_validate(u.root, "emitted.yaml", NULL, NULL, &err) != 0)
		fail("what cstk wrote does not validate", err ? err->msg : NULL, &a, NULL);
	defang(&u);
	write_ticket(&u, &b, &a);
	if (!same_tree(t.root, u.root))
		fail("the data read back differs from the data written", NULL, &a, &b);
	if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
		fail("re-emitting the written ticket changes it", NULL, &a, &b);

	ticket_release(&t);
	ticket_release(&u);
	sb_release(&a);
	sb_release(&b);
	return 0;
}
