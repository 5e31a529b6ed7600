/* test-value.c — checking values for ticket fields: text, enums, times,
 * numbers, phones, e-mails, and the words of every refusal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "strbuf.h"
#include "ticket.h"
#include "value.h"

/* value_text on a NUL-terminated string must fail with exactly `want`. */
static void
check_text_error(const char *s, size_t len, int multiline, const char *want)
{
	const struct error *err = value_text("--subject", s, len, multiline);

	assert_non_null(err);
	assert_int_equal(err->code, ERR_USAGE);
	assert_string_equal(err->msg, want);
}

/* value_for_field must accept `in` and store `want`. */
static void
check_ok(enum field_id f, const char *in, const char *want)
{
	char *canon = NULL;

	assert_null(value_for_field(&fields[f], "--x", in, &canon));
	assert_non_null(canon);
	assert_string_equal(canon, want);
	free(canon);
}

/* value_for_field must refuse `in` with exactly `want`, storing nothing. */
static void
check_bad(enum field_id f, const char *what, const char *in, const char *want)
{
	char *canon = (char *)"untouched";
	const struct error *err = value_for_field(&fields[f], what, in, &canon);

	assert_non_null(err);
	assert_int_equal(err->code, ERR_USAGE);
	assert_string_equal(err->msg, want);
	assert_null(canon);
}

static void
text_accepts_utf8_tabs_and_allowed_newlines(void **state)
{
	static const char cjk[] = "下单3天未发货，客户很着急😀";
	static const char lines[] = "第一行\n\tsecond line\n";

	(void)state;
	assert_null(value_text("--subject", "", 0, 0));
	assert_null(value_text("--subject", "a\tb", 3, 0));
	assert_null(value_text("--subject", cjk, sizeof(cjk) - 1, 0));
	assert_null(value_text("--description", lines, sizeof(lines) - 1, 1));
	/* only `len` bytes are looked at */
	assert_null(value_text("--subject", "ok\n\x01", 2, 0));
}

static void
text_refuses_bad_utf8_naming_the_byte(void **state)
{
	(void)state;
	check_text_error("ab\xFF", 3, 0,
	    "--subject is not valid UTF-8 (byte 3); use UTF-8 text");
	/* overlong "/" */
	check_text_error("\xC0\xAF", 2, 0,
	    "--subject is not valid UTF-8 (byte 1); use UTF-8 text");
	/* a UTF-16 surrogate */
	check_text_error("王\xED\xA0\x80", 6, 1,
	    "--subject is not valid UTF-8 (byte 4); use UTF-8 text");
	/* cut in the middle of 王 (E7 8E 8B) */
	check_text_error("丽\xE7\x8E", 5, 0,
	    "--subject is not valid UTF-8 (byte 4); use UTF-8 text");
	/* bad UTF-8 is found before a newline that comes earlier */
	check_text_error("a\nb\xFF", 4, 0,
	    "--subject is not valid UTF-8 (byte 4); use UTF-8 text");
}

static void
text_refuses_newlines_and_control_characters(void **state)
{
	(void)state;
	check_text_error("a\nb", 3, 0, "--subject must be one line");
	check_text_error("a\x07", 2, 0, "--subject holds a control character (0x07)");
	check_text_error("\x1B[31m", 5, 1, "--subject holds a control character (0x1B)");
	check_text_error("del\x7F", 4, 0, "--subject holds a control character (0x7F)");
	/* CR is a control character even where newlines are allowed */
	check_text_error("a\r\nb", 4, 1, "--subject holds a control character (0x0D)");
	/* an embedded NUL inside `len` */
	check_text_error("a\0b", 3, 1, "--subject holds a control character (0x00)");
	/* the first problem wins */
	check_text_error("x\x01\ny", 4, 0, "--subject holds a control character (0x01)");
	check_text_error("x\n\x01y", 4, 0, "--subject must be one line");
}

static void
text_limit_is_exact(void **state)
{
	char *big = malloc(VALUE_MAX_TEXT + 2);
	const struct error *err;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', VALUE_MAX_TEXT + 1);
	big[VALUE_MAX_TEXT + 1] = '\0';
	assert_null(value_text("--description", big, VALUE_MAX_TEXT, 1));
	err = value_text("--description", big, VALUE_MAX_TEXT + 1, 1);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_USAGE);
	assert_string_equal(err->msg, "--description is 65537 bytes; the limit is 65536");
	/* a FT_TEXT field gets the same limit through value_for_field */
	check_bad(F_DESCRIPTION, "--description", big,
	    "--description is 65537 bytes; the limit is 65536");
	big[VALUE_MAX_TEXT] = '\0';
	check_ok(F_DESCRIPTION, big, big);
	free(big);
}

static void
enums_take_english_any_case_or_chinese(void **state)
{
	(void)state;
	check_ok(F_PRIORITY, "紧急", "urgent");
	check_ok(F_PRIORITY, "URGENT", "urgent");
	check_ok(F_PRIORITY, "普通", "normal");
	check_ok(F_CATEGORY, "投诉", "complaint");
	check_ok(F_CHANNEL, "微信", "social");
	check_ok(F_CUST_TIER, "VIP/会员", "vip");
	check_ok(F_CUST_TIER, "Vip", "vip");
	check_ok(F_STATUS, "待回访", "follow-up");
	check_ok(F_RESPONSIBILITY, "物流", "logistics");
}

static void
enum_refusal_lists_every_value(void **state)
{
	(void)state;
	check_bad(F_PRIORITY, "--priority", "asap",
	    "--priority 'asap' is not a priority; use one of urgent (紧急), "
	    "normal (一般), low (低优先级)");
	check_bad(F_CUST_TIER, "column 'tier'", "金牌",
	    "column 'tier' '金牌' is not a tier; use one of new (新客户), "
	    "regular (老客户), vip (VIP)");
	check_bad(F_CATEGORY, "--category", "",
	    "--category '' is not a category; use one of inquiry (咨询), "
	    "complaint (投诉), after-sales (售后), request (需求)");
	/* no prefix or trailing-space matching */
	check_bad(F_PRIORITY, "--priority", "urgent ",
	    "--priority 'urgent ' is not a priority; use one of urgent (紧急), "
	    "normal (一般), low (低优先级)");
}

static void
times_must_be_rfc3339(void **state)
{
	(void)state;
	check_ok(F_RESPONDED, "2026-11-22T09:15:00+08:00", "2026-11-22T09:15:00+08:00");
	check_ok(F_DUE_RESOLUTION, "2026-11-22T01:15:00Z", "2026-11-22T01:15:00Z");
	check_bad(F_RESPONDED, "--set responded", "2026-11-22",
	    "--set responded '2026-11-22' is not an RFC 3339 time like "
	    "2026-11-22T09:15:00+08:00");
	check_bad(F_CREATED, "column 'created'", "2026-02-30T00:00:00Z",
	    "column 'created' '2026-02-30T00:00:00Z' is not an RFC 3339 time like "
	    "2026-11-22T09:15:00+08:00");
	check_bad(F_REVISIT_DUE, "--x", "",
	    "--x '' is not an RFC 3339 time like 2026-11-22T09:15:00+08:00");
	check_bad(F_CREATED, "column 'created'", "1970-01-01T00:00:00+08:00",
	    "column 'created' '1970-01-01T00:00:00+08:00' is before "
	    "1970-01-01T08:00:00+08:00, where cstk's times begin");
}

static void
whole_numbers_up_to_nine_digits(void **state)
{
	static const char *bad[] = { "", "-1", "+1", "1.5", " 1", "1 ", "12a", "1e3",
		"1234567890", "０" };

	(void)state;
	check_ok(F_ROUNDS, "0", "0");
	check_ok(F_ROUNDS, "2", "2");
	check_ok(F_ESCALATIONS, "123456789", "123456789");
	check_ok(F_ESCALATIONS, "007", "007");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct strbuf want = STRBUF_INIT;

		sb_addf(&want, "--rounds '%s' is not a whole number", bad[i]);
		check_bad(F_ROUNDS, "--rounds", bad[i], want.buf);
		sb_release(&want);
	}
}

static void
one_line_strings(void **state)
{
	char s[1026];

	(void)state;
	check_ok(F_SUBJECT, "下单3天未发货", "下单3天未发货");
	check_ok(F_SUBJECT, "", "");
	check_ok(F_CUST_NAME, "欧阳 娜娜", "欧阳 娜娜");
	check_bad(F_SUBJECT, "--subject", "a\nb", "--subject must be one line");
	check_bad(F_ORDER, "--order", "A\x01", "--order holds a control character (0x01)");
	check_bad(F_PRODUCT, "--product", "\xE6\x89",
	    "--product is not valid UTF-8 (byte 1); use UTF-8 text");
	memset(s, 'x', 1024);
	s[1024] = '\0';
	check_ok(F_SUBJECT, s, s);
	s[1024] = 'x';
	s[1025] = '\0';
	check_bad(F_SUBJECT, "--subject", s, "--subject is longer than 1024 bytes");
}

static void
phones_are_digits_and_punctuation(void **state)
{
	(void)state;
	check_ok(F_CUST_PHONE, "13856781234", "13856781234");
	check_ok(F_CUST_PHONE, "+86 (138) 5678-1234", "+86 (138) 5678-1234");
	check_ok(F_CUST_PHONE, "110", "110");
	check_bad(F_CUST_PHONE, "--phone", "138abc",
	    "--phone '138abc' is not a phone number; use digits, spaces and + - ( )");
	check_bad(F_CUST_PHONE, "--phone", "+-() ",
	    "--phone '+-() ' is not a phone number; use digits, spaces and + - ( )");
	check_bad(F_CUST_PHONE, "--phone", "",
	    "--phone '' is not a phone number; use digits, spaces and + - ( )");
	check_bad(F_CUST_PHONE, "--phone", "１３８",
	    "--phone '１３８' is not a phone number; use digits, spaces and + - ( )");
	/* the text checks come first */
	check_bad(F_CUST_PHONE, "--phone", "138\n1", "--phone must be one line");
	/* the phone rule is for the phone only */
	check_ok(F_CUST_ID, "C10023", "C10023");
}

static void
emails_need_a_local_part_and_an_at(void **state)
{
	(void)state;
	check_ok(F_CUST_EMAIL, "wang@example.com", "wang@example.com");
	check_ok(F_CUST_EMAIL, "王丽@例子.中国", "王丽@例子.中国");
	check_bad(F_CUST_EMAIL, "--email", "wang.example.com",
	    "--email 'wang.example.com' is not an e-mail address like name@example.com");
	check_bad(F_CUST_EMAIL, "--email", "@example.com",
	    "--email '@example.com' is not an e-mail address like name@example.com");
	check_bad(F_CUST_EMAIL, "--email", "wang @example.com",
	    "--email 'wang @example.com' is not an e-mail address like name@example.com");
	check_bad(F_CUST_EMAIL, "--email", "",
	    "--email '' is not an e-mail address like name@example.com");
}

static void
multi_line_text_fields(void **state)
{
	(void)state;
	check_ok(F_DESCRIPTION, "第一行\n第二行\n", "第一行\n第二行\n");
	check_ok(F_RESOLUTION, "已补发\n\t快递单号 SF123", "已补发\n\t快递单号 SF123");
	check_bad(F_PLAN, "--plan", "先退款\r\n再补发",
	    "--plan holds a control character (0x0D)");
	check_bad(F_DESCRIPTION, "--description", "bad \xC3",
	    "--description is not valid UTF-8 (byte 5); use UTF-8 text");
}

static void
structural_fields_cannot_be_set(void **state)
{
	(void)state;
	check_bad(F_ID, "--set id", "CS-20261122-0001", "--set id cannot be set");
	check_bad(F_CUSTOMER, "--set customer", "王丽", "--set customer cannot be set");
	check_bad(F_DUE, "column 'due'", "x", "column 'due' cannot be set");
	check_bad(F_REVISIT, "--set revisit", "", "--set revisit cannot be set");
	check_bad(F_HISTORY, "--set history", "[]", "--set history cannot be set");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_accepts_utf8_tabs_and_allowed_newlines),
		cmocka_unit_test(text_refuses_bad_utf8_naming_the_byte),
		cmocka_unit_test(text_refuses_newlines_and_control_characters),
		cmocka_unit_test(text_limit_is_exact),
		cmocka_unit_test(enums_take_english_any_case_or_chinese),
		cmocka_unit_test(enum_refusal_lists_every_value),
		cmocka_unit_test(times_must_be_rfc3339),
		cmocka_unit_test(whole_numbers_up_to_nine_digits),
		cmocka_unit_test(one_line_strings),
		cmocka_unit_test(phones_are_digits_and_punctuation),
		cmocka_unit_test(emails_need_a_local_part_and_an_at),
		cmocka_unit_test(multi_line_text_fields),
		cmocka_unit_test(structural_fields_cannot_be_set),
	};
	return cmocka_run_group_tests_name("value", tests, NULL, NULL);
}
