/*
 * test-fields.c — the field table is the one place a field is written:
 * the export columns follow SPEC §7, every list the help and the man page
 * give comes from the table, and the man page says what the table says.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "import.h"
#include "strbuf.h"
#include "ticket.h"

/* The man page as one line: roff requests dropped, white space folded. */
static char *
man_text(void)
{
	FILE *f = fopen("man/cstk.1", "r");
	struct strbuf sb = STRBUF_INIT;
	char line[4096];

	if (f == NULL)
		fail_msg("man/cstk.1 not found: run the unit tests from the top of the repo");
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '.')
			continue;
		sb_addf(&sb, "%s ", line);
	}
	fclose(f);
	return sb_detach(&sb);
}

static void
man_has(const char *man, const char *before, enum field_list which)
{
	struct strbuf want = STRBUF_INIT;

	sb_adds(&want, before);
	field_names(&want, which);
	if (strstr(man, want.buf) == NULL)
		fail_msg("man/cstk.1 lacks the field table's list: \"%s\"", want.buf);
	sb_release(&want);
}

static void
man_page_lists_match_the_table(void **state)
{
	char *man = man_text();

	(void)state;
	man_has(man, "Keys: ", FL_SET);
	man_has(man, "The CSV columns are, in this order: ", FL_EXPORT);
	man_has(man, "another system): ", FL_IMPORT);
	free(man);
}

static void
export_columns_follow_the_spec(void **state)
{
	/* SPEC §7, in its order. */
	static const char spec[] = "id, status, created, updated, channel, customer, "
	    "phone, email, customer_id, tier, order, product, subject, category, module, "
	    "priority, team, assignee, response_due, resolution_due, responded, resolved, "
	    "confirmed, archived, satisfaction, revisit_due, revisited, "
	    "revisit_satisfaction, rounds, escalations, responsibility, compensation, "
	    "resolution";
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	field_names(&sb, FL_EXPORT);
	assert_string_equal(sb.buf, spec);
	sb_release(&sb);
	for (int i = 0; i < NEXPORT; i++)
		assert_int_equal(fields[export_columns[i]].col, i + 1);
}

static void
every_csv_name_imports_to_its_field(void **state)
{
	int named = 0;

	(void)state;
	for (int f = 0; f < F_COUNT; f++) {
		if (fields[f].col)
			assert_non_null(fields[f].csv);
		if (fields[f].csv == NULL)
			continue;
		named++;
		assert_int_equal(import_column_field(fields[f].csv), f);
	}
	assert_int_equal(import_column_field("customer.name"), -1);
	assert_int_equal(named, NEXPORT + 14);
}

static void
set_keys_are_the_settable_fields(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	field_names(&sb, FL_SET);
	for (int f = 0; f < F_COUNT; f++) {
		const char *p = strstr(sb.buf, fields[f].path);
		size_t len = strlen(fields[f].path);
		int listed = p && (p == sb.buf || p[-1] == ' ') && (p[len] == ',' || p[len] == '\0');
		assert_int_equal(listed, !!(fields[f].flags & FF_SET));
	}
	sb_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(man_page_lists_match_the_table),
		cmocka_unit_test(export_columns_follow_the_spec),
		cmocka_unit_test(every_csv_name_imports_to_its_field),
		cmocka_unit_test(set_keys_are_the_settable_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
