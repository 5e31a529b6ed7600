/* test-render.c — masking, UTF-8 decoding, display width, tables, CSV cells. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csv-io.h"
#include "json.h"
#include "mask.h"
#include "render.h"
#include "utf8.h"

static void
masks_have_a_fixed_shape(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	mask_name("王丽", &sb);
	assert_string_equal(sb.buf, "王**");
	sb_reset(&sb);
	mask_name("欧阳娜娜", &sb);
	assert_string_equal(sb.buf, "欧**");
	sb_reset(&sb);
	mask_phone("13856781234", &sb);
	assert_string_equal(sb.buf, "138****1234");
	sb_reset(&sb);
	mask_phone("+8613856781234", &sb);
	assert_string_equal(sb.buf, "+86****1234");
	sb_reset(&sb);
	mask_phone("12345", &sb);
	assert_string_equal(sb.buf, "****45");
	sb_reset(&sb);
	mask_email("wang@example.com", &sb);
	assert_string_equal(sb.buf, "w***@example.com");
	sb_reset(&sb);
	mask_email("王@例子.cn", &sb);
	assert_string_equal(sb.buf, "王***@例子.cn");
	sb_release(&sb);
}

static void
width_counts_cjk_twice(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("王丽"), 4);
	assert_int_equal(utf8_width("智能手环X"), 9);
	assert_int_equal(utf8_width("ｱ"), 1);		/* halfwidth katakana */
	assert_int_equal(utf8_width("Ａ"), 2);		/* fullwidth A */
	assert_int_equal(utf8_width("e\xcc\x81"), 1);	/* e + combining acute */
}

static void
cut_at_a_width_never_inside_a_character(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	render_cut("下单3天未发货", 8, &sb);
	assert_string_equal(sb.buf, "下单3天…");
	assert_true(utf8_width(sb.buf) <= 8);
	sb_reset(&sb);
	render_cut("下单3天未发货", 7, &sb);
	assert_string_equal(sb.buf, "下单3…");
	sb_reset(&sb);
	render_cut("短", 8, &sb);
	assert_string_equal(sb.buf, "短");
	sb_reset(&sb);
	render_cut("两行\n文本", 20, &sb);
	assert_string_equal(sb.buf, "两行 文本");
	sb_release(&sb);
}

static void
strict_utf8(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode("王", 3, &cp), 3);
	assert_int_equal(cp, 0x738B);
	assert_int_equal(utf8_decode("\xc0\x80", 2, &cp), -1);
	assert_int_equal(utf8_decode("\xe0\x80\x80", 3, &cp), -1);
	assert_int_equal(utf8_decode("\xf4\x90\x80\x80", 4, &cp), -1);
	assert_int_equal(utf8_decode("\xe7\x8e", 2, &cp), -1);
	assert_int_equal(utf8_check("ok王\xff", 6), 5);
}

static void
table_aligns_by_display_width(void **state)
{
	static const char *const head[] = { "NAME", "X" };
	static const char *const r1[] = { "王丽", "1" };
	static const char *const r2[] = { "Bob", "2" };
	struct table t;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	table_init(&t, 2, head);
	table_row(&t, r1, NULL);
	table_row(&t, r2, NULL);
	table_print(&t, fp, 0);
	fclose(fp);
	assert_string_equal(buf, "NAME  X\n王丽  1\nBob   2\n");
	table_release(&t);
	free(buf);
}

static void
csv_cells_are_quoted_and_guarded(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	csvio_field(&sb, "plain", 1);
	csvio_field(&sb, "a,b", 0);
	csvio_field(&sb, "say \"hi\"", 0);
	csvio_field(&sb, "=SUM(A1)", 0);
	csvio_field(&sb, "+8613856781234", 0);
	csvio_field(&sb, "两行\n文本", 0);
	csvio_field(&sb, "", 0);
	assert_string_equal(sb.buf, "plain,\"a,b\",\"say \"\"hi\"\"\",'=SUM(A1),"
	    "'+8613856781234,\"两行\n文本\",");
	sb_reset(&sb);
	json_str(&sb, "a\"b\\c\n\x01王");
	assert_string_equal(sb.buf, "\"a\\\"b\\\\c\\n\\u0001王\"");
	sb_release(&sb);
}

/* A value written plain that JSON has a literal for stays that literal;
 * anything else, and anything quoted, is a JSON string. */
static void
json_keeps_plain_literals_of_unknown_keys(void **state)
{
	static const struct { const char *v; int plain; const char *want; } cases[] = {
		{ "1", 1, "1" }, { "-2.5e3", 1, "-2.5e3" }, { "0.5", 1, "0.5" },
		{ "true", 1, "true" }, { "null", 1, "null" },
		{ "1", 0, "\"1\"" }, { "true", 0, "\"true\"" },
		{ "01", 1, "\"01\"" }, { "1.", 1, "\"1.\"" }, { "1e", 1, "\"1e\"" },
		{ "-", 1, "\"-\"" }, { ".5", 1, "\".5\"" }, { "yes", 1, "\"yes\"" },
		{ "0x1F", 1, "\"0x1F\"" }, { "1 2", 1, "\"1 2\"" },
		{ "", 1, "null" }, { "~", 1, "null" }, { "NULL", 1, "null" },	/* nulls */
		{ "", 0, "\"\"" }, { "~", 0, "\"~\"" },
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ynode *root = ynode_map(), *v = ynode_scalar(cases[i].v);
		char *want;

		v->style = cases[i].plain ? YSTYLE_PLAIN : YSTYLE_QUOTED;
		ynode_set(root, "x_key", v);
		v = ynode_scalar("2");		/* a known integer: a number, however written */
		v->style = YSTYLE_QUOTED;
		ynode_set(root, "rounds", v);
		sb_reset(&sb);
		json_ticket(&sb, root);
		want = xasprintf("{\"x_key\":%s,\"rounds\":2}", cases[i].want);
		assert_string_equal(sb.buf, want);
		free(want);
		ynode_free(root);
	}
	sb_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(masks_have_a_fixed_shape),
		cmocka_unit_test(width_counts_cjk_twice),
		cmocka_unit_test(cut_at_a_width_never_inside_a_character),
		cmocka_unit_test(strict_utf8),
		cmocka_unit_test(table_aligns_by_display_width),
		cmocka_unit_test(csv_cells_are_quoted_and_guarded),
		cmocka_unit_test(json_keeps_plain_literals_of_unknown_keys),
	};
	utf8_locale();
	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
