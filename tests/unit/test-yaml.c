/* test-yaml.c — the loader's limits and errors, and emitter round trips. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "strbuf.h"
#include "yaml-emit.h"
#include "yaml-load.h"

/* Load `text`; expect an error containing `want` (or success if NULL). */
static void
expect(const char *text, size_t len, const char *want)
{
	struct ynode *root = NULL;
	const struct error *err = yaml_load_buf(text, len, "t.yaml", &root);

	if (want == NULL) {
		if (err)
			fail_msg("unexpected error: %s", err->msg);
		assert_non_null(root);
		ynode_free(root);
		return;
	}
	if (err == NULL)
		fail_msg("no error; wanted '%s'", want);
	assert_int_equal(err->code, ERR_DATA);
	if (strstr(err->msg, want) == NULL)
		fail_msg("error '%s' lacks '%s'", err->msg, want);
	assert_null(root);
}
#define EXPECT(s, want) expect((s), sizeof(s) - 1, (want))

static void
loads_a_mapping_with_positions(void **state)
{
	static const char text[] = "a: 1\nb:\n  c: 王丽\nd: [x, y]\n";
	struct ynode *root;

	(void)state;
	assert_null(yaml_load_buf(text, sizeof(text) - 1, "t.yaml", &root));
	assert_int_equal(root->kind, YNODE_MAP);
	assert_string_equal(ynode_get_str(root, "a"), "1");
	assert_string_equal(ynode_path(root, "b.c")->str, "王丽");
	assert_int_equal(ynode_path(root, "b.c")->line, 3);
	assert_int_equal(ynode_path(root, "b.c")->col, 6);
	assert_int_equal(ynode_get(root, "d")->nr, 2);
	ynode_free(root);
}

/* A byte order mark before the first key, as Windows editors save it: not
 * part of the text, and the positions after it are those an editor shows. */
static void
skips_a_utf8_byte_order_mark(void **state)
{
	static const char text[] = "\xEF\xBB\xBF" "a: 1\nb: 王丽\n";
	struct ynode *root;

	(void)state;
	assert_null(yaml_load_buf(text, sizeof(text) - 1, "t.yaml", &root));
	assert_string_equal(ynode_get_str(root, "a"), "1");
	assert_int_equal(ynode_get(root, "a")->col, 4);
	assert_int_equal(ynode_get(root, "b")->line, 2);
	ynode_free(root);
	EXPECT("\xEF\xBB\xBF" "a: 1\na: 2\n", "t.yaml:2:1: duplicate key 'a' (first at line 1)");
	/* Only at the start: inside a value it is a character like another. */
	assert_null(yaml_load_buf("a: x\xEF\xBB\xBFy\n", 9, "t.yaml", &root));
	assert_string_equal(ynode_get_str(root, "a"), "x\xEF\xBB\xBFy");
	ynode_free(root);
}

static void
refuses_what_a_ticket_never_holds(void **state)
{
	(void)state;
	EXPECT("a: &x 1\nb: *x\n", "t.yaml:1:4: YAML anchor '&x' is not allowed");
	EXPECT("a: !!str 1\n", "t.yaml:1:4: YAML tag 'tag:yaml.org,2002:str' is not allowed");
	EXPECT("a: 1\n---\nb: 2\n", "t.yaml:2:1: a second YAML document");
	EXPECT("a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key 'a' (first at line 1)");
	EXPECT("", "t.yaml:1:1: the file is empty");
	EXPECT("- a\n- b\n", "should be a mapping of keys to values, not a sequence");
	EXPECT("just text\n", "not a single value");
	EXPECT("? [a]\n: b\n", "a mapping key must be a plain word");
	EXPECT("a: [1, 2\n", "t.yaml:2:1: did not find expected ',' or ']'");
}

static void
reports_bad_bytes_by_line_and_column(void **state)
{
	(void)state;
	EXPECT("a: 1\nb: x\0y\n", "t.yaml:2:5: NUL byte");
	EXPECT("a: 1\nbb: 王\xff\n", "t.yaml:2:6: invalid UTF-8 byte 0xFF");
	EXPECT("a: \xc0\xaf\n", "t.yaml:1:4: invalid UTF-8");	/* overlong */
	EXPECT("a: \xed\xa0\x80\n", "invalid UTF-8");		/* surrogate */
	EXPECT("a: b\x01\n", "t.yaml:1:5: control characters are not allowed");
}

static void
limits_hold_at_n_and_fail_at_n_plus_1(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *big;

	(void)state;
	/* depth: the top mapping is level 1 */
	sb_adds(&sb, "a: ");
	for (int i = 1; i < YAML_MAX_DEPTH; i++)
		sb_addc(&sb, '[');
	for (int i = 1; i < YAML_MAX_DEPTH; i++)
		sb_addc(&sb, ']');
	expect(sb.buf, sb.len, NULL);
	sb_reset(&sb);
	sb_adds(&sb, "a: ");
	for (int i = 0; i < YAML_MAX_DEPTH; i++)
		sb_addc(&sb, '[');
	for (int i = 0; i < YAML_MAX_DEPTH; i++)
		sb_addc(&sb, ']');
	expect(sb.buf, sb.len, "nested deeper than 32 levels");
	/* scalar size */
	sb_reset(&sb);
	sb_adds(&sb, "a: ");
	for (int i = 0; i < YAML_MAX_SCALAR; i++)
		sb_addc(&sb, 'x');
	expect(sb.buf, sb.len, NULL);
	sb_addc(&sb, 'x');
	expect(sb.buf, sb.len, "value is 65537 bytes; the limit is 65536");
	/* file size */
	big = malloc(YAML_MAX_FILE + 1);
	memset(big, '#', YAML_MAX_FILE + 1);
	expect(big, YAML_MAX_FILE + 1, "the limit is 1048576");
	free(big);
	sb_release(&sb);
}

static void
deep_nesting_fails_fast(void **state)
{
	size_t n = 100000;
	char *s = malloc(n + 4);
	clock_t t0;

	(void)state;
	memcpy(s, "a: ", 3);
	memset(s + 3, '[', n);
	t0 = clock();
	expect(s, n + 3, "nested deeper than 32 levels");
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
	free(s);
}

static void
many_keys_duplicate_found_fast(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (int i = 0; i < 20000; i++)
		sb_addf(&sb, "k%d: v\n", i);
	expect(sb.buf, sb.len, NULL);
	sb_adds(&sb, "k17: again\n");
	expect(sb.buf, sb.len, "t.yaml:20001:1: duplicate key 'k17'");
	sb_release(&sb);
}

static void
emits_readable_utf8_and_round_trips(void **state)
{
	static const char *values[] = {
		"王丽", "13856781234", "yes", "", "null", "-1", "a: b", "#x", "多行\n文本\n",
		"trailing space ", " lead", "tab\there", "引号\"和'", "0x1F", "1e3", "- x",
		"末尾换行\n\n", "CS-20261122-0001", "2026-11-22T09:15:00+08:00",
	};
	struct ynode *root = ynode_map(), *back;
	struct strbuf out = STRBUF_INIT;
	char key[16];

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		ynode_set_str(root, key, values[i]);
	}
	assert_null(yaml_emit(root, &out));
	assert_non_null(strstr(out.buf, "k0: 王丽\n"));		/* not escaped */
	assert_non_null(strstr(out.buf, "k1: \"13856781234\"\n"));	/* quoted */
	assert_non_null(strstr(out.buf, "k2: \"yes\"\n"));
	assert_non_null(strstr(out.buf, "k8: |\n  多行\n  文本\n"));
	assert_null(yaml_load_buf(out.buf, out.len, "out.yaml", &back));
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		assert_string_equal(ynode_get_str(back, key), values[i]);
	}
	ynode_free(back);
	ynode_free(root);
	sb_release(&out);
}

static void
ambiguous_plain_scalars_are_detected(void **state)
{
	(void)state;
	assert_true(yaml_plain_ambiguous("123"));
	assert_true(yaml_plain_ambiguous("0o17"));
	assert_true(yaml_plain_ambiguous("-3.5e2"));
	assert_true(yaml_plain_ambiguous("No"));
	assert_true(yaml_plain_ambiguous("~"));
	assert_true(yaml_plain_ambiguous(""));
	assert_false(yaml_plain_ambiguous("CS-20261122-0001"));
	assert_false(yaml_plain_ambiguous("王丽"));
	assert_false(yaml_plain_ambiguous("2026-11-22T09:15:00+08:00"));
}

/* What libyaml will not write plain it writes single-quoted; that style is
 * kept, so a second write is the first byte for byte (found by fuzz-ticket). */
static void
rewrites_are_stable(void **state)
{
	static const char *const texts[] = {
		"a: 1\nx-sla: {at: 2026-11-22T09:15:00+08:00}\n",
		"a: 'single'\nb: \"double\"\nc: {d: ''}\n",
	};

	(void)state;
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		struct strbuf one = STRBUF_INIT, two = STRBUF_INIT;
		struct ynode *r1 = NULL, *r2 = NULL;

		assert_null(yaml_load_buf(texts[k], strlen(texts[k]), "t.yaml", &r1));
		assert_null(yaml_emit(r1, &one));
		assert_null(yaml_load_buf(one.buf, one.len, "t.yaml", &r2));
		assert_null(yaml_emit(r2, &two));
		assert_string_equal(one.buf, two.buf);
		ynode_free(r1);
		ynode_free(r2);
		sb_release(&one);
		sb_release(&two);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_a_mapping_with_positions),
		cmocka_unit_test(skips_a_utf8_byte_order_mark),
		cmocka_unit_test(refuses_what_a_ticket_never_holds),
		cmocka_unit_test(reports_bad_bytes_by_line_and_column),
		cmocka_unit_test(limits_hold_at_n_and_fail_at_n_plus_1),
		cmocka_unit_test(deep_nesting_fails_fast),
		cmocka_unit_test(many_keys_duplicate_found_fast),
		cmocka_unit_test(emits_readable_utf8_and_round_trips),
		cmocka_unit_test(ambiguous_plain_scalars_are_detected),
		cmocka_unit_test(rewrites_are_stable),
	};
	return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
