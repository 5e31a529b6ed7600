/* test-csvio.c — CSV/TSV cells, the formula guard, strict CSV reading. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "csv-io.h"
#include "strbuf.h"

/* One CSV cell written as the first of its record. */
static void
check_cell(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	csvio_field(&sb, in, 1);
	assert_string_equal(sb_str(&sb), want);
	sb_release(&sb);
}

static const struct error *
read_str(const char *s, struct csv_table *t)
{
	return csvio_read(s, strlen(s), "t.csv", t);
}

/* A read that must fail: check the code, the exact message, and that
 * nothing is left in the table. */
static void
check_read_error(const char *in, const char *want)
{
	struct csv_table t;
	const struct error *err = read_str(in, &t);

	assert_non_null(err);
	assert_int_equal(err->code, ERR_DATA);
	assert_string_equal(err->msg, want);
	assert_int_equal(t.nr, 0);
	assert_null(t.rows);
}

static void
guard_flags_formula_starts_only(void **state)
{
	static const char *guarded[] = { "=SUM(A1)", "+8613856781234", "-5", "@cmd",
		"\tx", "\rx", "=", "'=1", "''+1", "'\t", "'@x" };
	static const char *plain[] = { "", "'", "''", "abc", "a=b", "'abc", " =x",
		"\nx", "王丽", "138-5678", "'王" };

	(void)state;
	for (size_t i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++)
		assert_int_equal(csvio_needs_guard(guarded[i]), 1);
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		assert_int_equal(csvio_needs_guard(plain[i]), 0);
}

static void
plain_cells_stay_plain(void **state)
{
	(void)state;
	check_cell("plain", "plain");
	check_cell("下单3天未发货", "下单3天未发货");
	check_cell("a b", "a b");
	check_cell("it's", "it's");
	check_cell("a\tb", "a\tb");
}

static void
cells_are_quoted_when_they_need_it(void **state)
{
	(void)state;
	check_cell("a,b", "\"a,b\"");
	check_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	check_cell("\"", "\"\"\"\"");
	check_cell("l1\nl2", "\"l1\nl2\"");
	check_cell("l1\r\nl2", "\"l1\r\nl2\"");
	check_cell(" lead", "\" lead\"");
	check_cell("trail ", "\"trail \"");
	check_cell(" ", "\" \"");
	check_cell("王丽,你好", "\"王丽,你好\"");
}

static void
formula_cells_get_one_leading_quote(void **state)
{
	(void)state;
	check_cell("=SUM(A1)", "'=SUM(A1)");
	check_cell("+8613856781234", "'+8613856781234");
	check_cell("-5", "'-5");
	check_cell("@cmd", "'@cmd");
	check_cell("\tx", "'\tx");
	check_cell("=x ", "\"'=x \"");	/* guarded, and a blank at its end */
	check_cell("\t", "\"'\t\"");
	/* CR needs quoting as well as the guard */
	check_cell("\rx", "\"'\rx\"");
	/* already quoted before a formula: one more, so import can strip one */
	check_cell("'=x", "''=x");
	check_cell("''+1", "'''+1");
	/* a leading ' before ordinary text is left alone */
	check_cell("'abc", "'abc");
	check_cell("=a,b", "\"'=a,b\"");
	check_cell("=\"x\"", "\"'=\"\"x\"\"\"");
}

static void
separators_and_empty_cells(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	csvio_field(&sb, "a", 1);
	csvio_field(&sb, "", 0);
	csvio_field(&sb, NULL, 0);
	csvio_field(&sb, "=b", 0);
	csvio_field(&sb, "c,d", 0);
	assert_string_equal(sb_str(&sb), "a,,,'=b,\"c,d\"");
	sb_reset(&sb);
	csvio_field(&sb, NULL, 1);
	assert_int_equal(sb.len, 0);
	csvio_field(&sb, "", 1);
	assert_int_equal(sb.len, 0);
	sb_release(&sb);
}

static void
tsv_cells_flatten_tabs_and_breaks(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	tsvio_field(&sb, "a\tb\nc\r\nd", 1);
	assert_string_equal(sb_str(&sb), "a b c  d");
	tsvio_field(&sb, "王丽", 0);
	tsvio_field(&sb, NULL, 0);
	tsvio_field(&sb, "", 0);
	tsvio_field(&sb, "=x,\"y\"", 0);	/* no quoting, no guard in TSV */
	assert_string_equal(sb_str(&sb), "a b c  d\t王丽\t\t\t=x,\"y\"");
	sb_release(&sb);
}

static void
reads_quoted_cjk_and_empty_cells(void **state)
{
	static const char in[] =
	    "名字,电话,备注\n"
	    "王丽,13856781234,\"你好,世界\"\n"
	    ",\"\",\"说\"\"好\"\"的\"\n";
	struct csv_table t;

	(void)state;
	assert_null(read_str(in, &t));
	assert_int_equal(t.nr, 3);
	assert_int_equal(t.rows[0].n, 3);
	assert_string_equal(t.rows[0].cells[0], "名字");
	assert_string_equal(t.rows[0].cells[2], "备注");
	assert_string_equal(t.rows[1].cells[0], "王丽");
	assert_string_equal(t.rows[1].cells[1], "13856781234");
	assert_string_equal(t.rows[1].cells[2], "你好,世界");
	assert_string_equal(t.rows[2].cells[0], "");
	assert_string_equal(t.rows[2].cells[1], "");
	assert_string_equal(t.rows[2].cells[2], "说\"好\"的");
	assert_int_equal(t.rows[0].line, 1);
	assert_int_equal(t.rows[1].line, 2);
	assert_int_equal(t.rows[2].line, 3);
	csvio_table_release(&t);
	assert_int_equal(t.nr, 0);
	assert_null(t.rows);
}

static void
bom_is_skipped_and_crlf_ends_records(void **state)
{
	static const char in[] = "\xEF\xBB\xBF" "id,subject\r\n1,下单\r\n2,\"a\r\nb\"\r\n3,c";
	struct csv_table t;

	(void)state;
	assert_null(read_str(in, &t));
	assert_int_equal(t.nr, 4);
	assert_string_equal(t.rows[0].cells[0], "id");	/* no BOM bytes */
	assert_string_equal(t.rows[0].cells[1], "subject");	/* no CR */
	assert_string_equal(t.rows[1].cells[1], "下单");
	assert_string_equal(t.rows[2].cells[1], "a\r\nb");	/* quoted CRLF kept */
	assert_string_equal(t.rows[3].cells[0], "3");	/* no final line break */
	assert_string_equal(t.rows[3].cells[1], "c");
	assert_int_equal(t.rows[1].line, 2);
	assert_int_equal(t.rows[2].line, 3);
	assert_int_equal(t.rows[3].line, 5);
	csvio_table_release(&t);
}

static void
multi_line_records_keep_their_first_line(void **state)
{
	static const char in[] =
	    "a,b\n"
	    "\"x\n"
	    "y\n"
	    "z\",1\n"
	    "2,\"p\n"
	    "q\"\n"
	    "3,4\n";
	struct csv_table t;

	(void)state;
	assert_null(read_str(in, &t));
	assert_int_equal(t.nr, 4);
	assert_string_equal(t.rows[1].cells[0], "x\ny\nz");
	assert_string_equal(t.rows[2].cells[1], "p\nq");
	assert_int_equal(t.rows[1].line, 2);
	assert_int_equal(t.rows[2].line, 5);
	assert_int_equal(t.rows[3].line, 7);
	csvio_table_release(&t);
}

static void
header_only_file_is_one_row(void **state)
{
	struct csv_table t;

	(void)state;
	assert_null(read_str("customer,channel,subject\n", &t));
	assert_int_equal(t.nr, 1);
	assert_int_equal(t.rows[0].n, 3);
	assert_string_equal(t.rows[0].cells[2], "subject");
	csvio_table_release(&t);
}

static void
written_cells_read_back_the_same(void **state)
{
	static const char *vals[] = { "a,b", "say \"hi\"", "l1\nl2", " lead", "trail ",
		"王丽,你好", "", "a\tb", "plain" };
	const size_t n = sizeof(vals) / sizeof(vals[0]);
	struct strbuf sb = STRBUF_INIT;
	struct csv_table t;

	(void)state;
	for (size_t i = 0; i < n; i++)
		csvio_field(&sb, "h", i == 0);
	sb_addc(&sb, '\n');
	for (size_t i = 0; i < n; i++)
		csvio_field(&sb, vals[i], i == 0);
	sb_addc(&sb, '\n');
	assert_null(csvio_read(sb.buf, sb.len, "t.csv", &t));
	assert_int_equal(t.nr, 2);
	assert_int_equal(t.rows[1].n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(t.rows[1].cells[i], vals[i]);
	csvio_table_release(&t);
	sb_release(&sb);
}

static void
ragged_rows_name_their_line(void **state)
{
	(void)state;
	check_read_error("a,b\n1,2\n1,2,3\n",
	    "t.csv:3: the row has 3 cells; the header has 2");
	check_read_error("a,b\n1\n", "t.csv:2: the row has 1 cells; the header has 2");
	/* a multi-line record is named by the line it starts on */
	check_read_error("a,b\n1,2\n\"x\ny\nz\"\n",
	    "t.csv:3: the row has 1 cells; the header has 2");
	check_read_error("a,b\r\n1,2\r\n3,4,\r\n",
	    "t.csv:3: the row has 3 cells; the header has 2");
}

static void
unterminated_quote_names_where_the_record_starts(void **state)
{
	(void)state;
	check_read_error("a,b\n1,2\n3,\"open\nmore\nstill\n",
	    "t.csv:3: a quoted cell is not closed before the end of the file");
	check_read_error("\xEF\xBB\xBF" "a,\"b",
	    "t.csv:1: a quoted cell is not closed before the end of the file");
}

static void
stray_quotes_name_their_physical_line(void **state)
{
	struct csv_table t;
	const struct error *err;

	(void)state;
	/* a quote inside an unquoted cell */
	err = read_str("a,b\n1,2\n1,x\"y\n", &t);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_DATA);
	assert_int_equal(strncmp(err->msg, "t.csv:3: ", 9), 0);
	assert_non_null(strstr(err->msg, "(a quote inside an unquoted cell, or text "
	    "after a closing quote)"));
	assert_int_equal(t.nr, 0);
	/* text after a closing quote, on the third line of a record */
	err = read_str("a,b\n\"x\ny\nz\"w,1\n", &t);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_DATA);
	assert_int_equal(strncmp(err->msg, "t.csv:4: ", 9), 0);
	assert_non_null(strstr(err->msg, "text after a closing quote"));
	assert_int_equal(t.nr, 0);
}

static void
empty_input_needs_a_header(void **state)
{
	(void)state;
	check_read_error("", "t.csv: the file is empty; it needs a header row");
	check_read_error("\xEF\xBB\xBF", "t.csv: the file is empty; it needs a header row");
	check_read_error("\n\r\n\n", "t.csv: the file is empty; it needs a header row");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(guard_flags_formula_starts_only),
		cmocka_unit_test(plain_cells_stay_plain),
		cmocka_unit_test(cells_are_quoted_when_they_need_it),
		cmocka_unit_test(formula_cells_get_one_leading_quote),
		cmocka_unit_test(separators_and_empty_cells),
		cmocka_unit_test(tsv_cells_flatten_tabs_and_breaks),
		cmocka_unit_test(reads_quoted_cjk_and_empty_cells),
		cmocka_unit_test(bom_is_skipped_and_crlf_ends_records),
		cmocka_unit_test(multi_line_records_keep_their_first_line),
		cmocka_unit_test(header_only_file_is_one_row),
		cmocka_unit_test(written_cells_read_back_the_same),
		cmocka_unit_test(ragged_rows_name_their_line),
		cmocka_unit_test(unterminated_quote_names_where_the_record_starts),
		cmocka_unit_test(stray_quotes_name_their_physical_line),
		cmocka_unit_test(empty_input_needs_a_header),
	};
	return cmocka_run_group_tests_name("csvio", tests, NULL, NULL);
}
