/*
 * fuzz-cell.c — libFuzzer harness: the export cell -> import round trip
 * (SPEC §7, §8).
 *
 * The input is one value: UTF-8 text without NUL (anything else is
 * skipped, since no ticket value can hold it).  It is written the way
 * `cstk export` writes a cell, csvio_field() with its formula guard, read
 * back with csvio_read(), and:
 *
 *  1. every cell read, after removing "the ' that export puts before a
 *     formula-like cell — and only that one" (the rule in import_row),
 *     must be the value, byte for byte;
 *  2. through import_row() itself: as a multi-line text column
 *     (resolution) when the value is one import accepts there, and as a
 *     one-line column (subject) when it is one import accepts there, the
 *     ticket must hold the value byte for byte.
 *
 * "Equal" is exact: SPEC §8 promises that export --reveal | import in an
 * empty store reproduces the same export, so nothing but the guard may be
 * added or lost (no trimmed spaces or tabs, no changed line ends).
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
#include "utf8.h"
#include "value.h"

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
show(const char *label, const char *s)
{
	fprintf(stderr, "%s (%zu bytes): \"", label, s ? strlen(s) : 0);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
			fprintf(stderr, "\\x%02X", c);
		else
			fputc(c, stderr);
	}
	fprintf(stderr, "\"\n");
}

static void
fail(const char *what, const char *value, const char *got, const struct strbuf *csv)
{
	fprintf(stderr, "fuzz-cell: %s\n", what);
	show("value", value);
	if (got)
		show("read back", got);
	if (csv)
		show("csv", csv->buf);
	abort();
}

/* The import's guard removal (import.c, import_row). */
static const char *
unguard(const char *v)
{
	if (v[0] == '\'' && csvio_needs_guard(v + 1))
		return v + 1;
	return v;
}

/* 1: the cell alone, as the first and as a later cell of a record. */
static void
plain_round_trip(const char *s)
{
	struct strbuf csv = STRBUF_INIT;
	struct csv_table tab;
	const struct error *err;

	sb_adds(&csv, "a,b\n");
	csvio_field(&csv, s, 1);
	csvio_field(&csv, s, 0);
	sb_addc(&csv, '\n');
	if ((err = csvio_read(csv.buf, csv.len, "cell.csv", &tab)) != NULL)
		fail(err->msg, s, NULL, &csv);
	if (tab.nr != 2 || tab.rows[1].n != 2)
		fail("the cell does not read back as one record of two cells", s, NULL, &csv);
	for (size_t c = 0; c < 2; c++) {
		const char *got = unguard(tab.rows[1].cells[c]);
		if (strcmp(got, s) != 0)
			fail(c == 0 ? "the first cell of a record does not round-trip"
			    : "a later cell of a record does not round-trip", s, got, &csv);
	}
	csvio_table_release(&tab);
	sb_release(&csv);
}

/*
 * 2: through import_row.  F_RESOLUTION: the value in column resolution
 * (FT_TEXT).  F_SUBJECT: the value in columns subject and ref (FT_STR).
 */
static void
import_round_trip(const char *s, enum field_id f)
{
	struct strbuf csv = STRBUF_INIT, problems = STRBUF_INIT, notes = STRBUF_INIT;
	struct csv_table tab;
	struct import_map map;
	struct import_ctx x;
	struct ticket t = { .root = NULL };
	const struct error *err;
	size_t nproblems = 0;
	const char *got;
	int one_line = f == F_SUBJECT;

	sb_adds(&csv, one_line ? "customer,channel,subject,ref\n"
	    : "customer,channel,subject,resolution\n");
	csvio_field(&csv, "王丽", 1);
	csvio_field(&csv, "phone", 0);
	csvio_field(&csv, one_line ? s : "下单3天未发货", 0);
	csvio_field(&csv, s, 0);
	sb_addc(&csv, '\n');
	if ((err = csvio_read(csv.buf, csv.len, "cell.csv", &tab)) != NULL)
		fail(err->msg, s, NULL, &csv);

	import_map_init(&map);
	memset(&x, 0, sizeof(x));
	x.file = "cell.csv";
	x.policy = &policy;
	x.map = &map;
	x.now = now;
	x.by = "fuzz";
	import_header(&x, &tab.rows[0], &problems, &nproblems);
	if (nproblems)
		fail("the header does not import", s, problems.buf, &csv);
	if (tab.nr != 2)
		fail("the record does not read back as one row", s, NULL, &csv);
	if (import_row(&x, &tab.rows[1], &t, &problems, &notes) != 0)
		fail("a value import accepts in this column was refused", s, problems.buf,
		    &csv);
	got = ticket_str(&t, one_line ? F_REF : F_RESOLUTION);
	if (strcmp(got ? got : "", s) != 0)
		fail(one_line ? "ref does not round-trip through import"
		    : "resolution does not round-trip through import", s, got, &csv);
	if (one_line) {
		got = ticket_str(&t, F_SUBJECT);
		if (strcmp(got ? got : "", s) != 0)
			fail("subject does not round-trip through import", s, got, &csv);
	}
	ticket_release(&t);
	free(x.col_field);
	import_map_release(&map);
	csvio_table_release(&tab);
	sb_release(&csv);
	sb_release(&problems);
	sb_release(&notes);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	char *canon = NULL;

	if (memchr(data, '\0', size) || utf8_check((const char *)data, size) != size)
		return 0;
	s = xstrndup((const char *)data, size);

	plain_round_trip(s);
	/* Only values a ticket can hold: what value_for_field accepts. */
	if (value_for_field(&fields[F_RESOLUTION], "resolution", s, &canon) == NULL)
		import_round_trip(s, F_RESOLUTION);
	free(canon);
	canon = NULL;
	if (*s && value_for_field(&fields[F_SUBJECT], "subject", s, &canon) == NULL)
		import_round_trip(s, F_SUBJECT);
	free(canon);
	free(s);
	return 0;
}
