/*
 * fuzz-csv.c — libFuzzer harness: bytes -> csvio_read -> import_header ->
 * import_row for every row -> import_history, as `cstk import` does it,
 * but without a store: import needs only a policy (the built-in default),
 * a map and "now".
 *
 * A fixed map (columns Ticket Subject, Name, Opened; Customer Age
 * ignored; priority Critical and channel "Social media" mapped) is always
 * given; the date order, an offset and a constant channel (set:) are
 * chosen by the input's length, so the CSV itself stays a plain CSV file.
 *
 * Oracle (SPEC §8 "what cstk writes, cstk can read"): a row that import
 * accepts becomes a ticket which, written the way the store writes it
 * (ticket_normalize + yaml_emit), loads and validates.  A csv_table must
 * also be rectangular when csvio_read says it is fine.  (SPEC §8 wants
 * every bad value reported by row, FILE:LINE: column, in import's first
 * pass, so import_row itself must refuse such a row, not only the store.)
 *
 * The bytes go to csvio_read exactly as given, not NUL-terminated: its
 * contract is (buf, len), so a read past len is a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "csv-io.h"
#include "import.h"
#include "policy.h"
#include "strbuf.h"
#include "ticket.h"
#include "yaml-emit.h"
#include "yaml-load.h"

#define MAX_ROWS 64	/* rows built per input; the rest are only read */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct policy policy;
static struct ctime now;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	policy_default(&policy);
	if (clock_parse("2026-11-20T17:30:00+08:00", &now) != 0)
		abort();
	return 0;
}

static void
fail(const char *what, const char *err, const struct strbuf *text)
{
	fprintf(stderr, "fuzz-csv: %s%s%s\n", what, err ? ": " : "", err ? err : "");
	if (text)
		fprintf(stderr, "--- ticket as written (%zu bytes) ---\n%s\n", text->len,
		    sb_str(text));
	abort();
}

/* The ticket import made must be one the store can write and read back. */
static void
check_ticket(struct ticket *t)
{
	struct strbuf out = STRBUF_INIT;
	const struct error *err;
	struct ynode *back = NULL;

	ticket_normalize(t);
	if ((err = yaml_emit(t->root, &out)) != NULL)
		fail("an imported ticket cannot be written", err->msg, &out);
	if (out.len > YAML_MAX_FILE)	/* refused before writing: SPEC §8 */
		goto done;
	if ((err = yaml_load_buf(out.buf, out.len, "imported.yaml", &back)) != NULL)
		fail("an imported ticket does not load", err->msg, &out);
	err = NULL;
	if (ticket_validate(back, "imported.yaml", NULL, NULL, &err) != 0)
		fail("an imported ticket does not validate", err ? err->msg : NULL, &out);
done:
	ynode_free(back);
	sb_release(&out);
}

static void
add_value(struct value_map **v, size_t *n, enum field_id f, const char *from,
    const char *to)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].field = f;
	(*v)[*n].from = from ? xstrdup(from) : NULL;
	(*v)[*n].to = xstrdup(to);
	(*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_table tab;
	struct import_map map;
	struct import_ctx x;
	struct strbuf problems = STRBUF_INIT, notes = STRBUF_INIT;
	size_t nproblems = 0;

	if (csvio_read((const char *)data, size, "fuzz.csv", &tab) != NULL)
		return 0;
	if (tab.nr == 0)
		fail("csvio_read succeeded with no header row", NULL, NULL);
	for (size_t r = 0; r < tab.nr; r++) {
		if (tab.rows[r].n != tab.rows[0].n)
			fail("csvio_read succeeded with a ragged table", NULL, NULL);
		for (size_t c = 0; c < tab.rows[r].n; c++)
			if (tab.rows[r].cells[c] == NULL)
				fail("csvio_read gave a NULL cell", NULL, NULL);
	}

	/* What --map, --ignore and a map file (values, set) would give. */
	import_map_init(&map);
	if (import_map_column(&map, "Ticket Subject=subject") != NULL ||
	    import_map_column(&map, "Name=customer") != NULL ||
	    import_map_column(&map, "Opened=created") != NULL ||
	    import_map_column(&map, "Opened=responded") != NULL)
		abort();
	import_map_ignore(&map, "Customer Age");
	add_value(&map.values, &map.nvalues, F_PRIORITY, "Critical", "urgent");
	add_value(&map.values, &map.nvalues, F_CHANNEL, "Social media", "social");
	if ((size / 8) % 2)
		add_value(&map.set, &map.nset, F_CHANNEL, NULL, "phone");
	map.dates = (enum date_order)(size % 4);
	if ((size / 4) % 2) {
		map.has_offset = 1;
		map.offset = -5 * 3600;
	}
	memset(&x, 0, sizeof(x));
	x.file = "fuzz.csv";
	x.policy = &policy;
	x.map = &map;
	x.now = now;
	x.by = "fuzz";
	import_header(&x, &tab.rows[0], &problems, &nproblems);

	/* Unlike `cstk import`, go on after a bad header or row: more to see. */
	for (size_t r = 1; r < tab.nr && r <= MAX_ROWS; r++) {
		struct ticket t = { .root = NULL };
		size_t n;

		sb_reset(&problems);
		sb_reset(&notes);
		n = import_row(&x, &tab.rows[r], &t, &problems, &notes);
		if (n == 0 && nproblems == 0) {
			if (ticket_str(&t, F_ID) == NULL)
				ticket_set(&t, F_ID, "CS-20261120-0001");
			import_history(&x, &t, tab.rows[r].line, notes.len ? notes.buf : NULL);
			check_ticket(&t);
		}
		ticket_release(&t);
	}

	free(x.col_field);
	import_map_release(&map);
	csvio_table_release(&tab);
	sb_release(&problems);
	sb_release(&notes);
	return 0;
}
