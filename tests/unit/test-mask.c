/* test-mask.c — masking names, phones and e-mails, and whole ticket trees. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mask.h"
#include "strbuf.h"
#include "ticket.h"
#include "yaml-load.h"

typedef void (*mask_fn)(const char *s, struct strbuf *out);

static void
check_mask(mask_fn fn, const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	fn(in, &sb);
	assert_string_equal(sb_str(&sb), want);
	sb_release(&sb);
}

static void
check_field(enum field_id f, const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	mask_field(f, in, &sb);
	assert_string_equal(sb_str(&sb), want);
	sb_release(&sb);
}

static void
names_keep_the_first_character(void **state)
{
	(void)state;
	check_mask(mask_name, "王丽", "王**");
	check_mask(mask_name, "欧阳娜娜", "欧**");
	check_mask(mask_name, "Alice Wang", "A**");
	check_mask(mask_name, "😀x", "😀**");	/* a 4-byte code point stays whole */
	check_mask(mask_name, "éa", "é**");
}

static void
name_mask_does_not_tell_the_length(void **state)
{
	(void)state;
	check_mask(mask_name, "李", "李**");
	check_mask(mask_name, "李四", "李**");
	check_mask(mask_name, "李小四五六七八", "李**");
	check_mask(mask_name, "x", "x**");
}

static void
odd_names(void **state)
{
	(void)state;
	check_mask(mask_name, "", "");
	/* a byte that starts no code point is kept alone, never more */
	check_mask(mask_name, "\xFF" "abc", "\xFF**");
	/* a truncated sequence: one byte, not the rest */
	check_mask(mask_name, "\xE7\x8E", "\xE7**");
}

static void
phones_keep_three_and_four(void **state)
{
	(void)state;
	check_mask(mask_phone, "13856781234", "138****1234");
	check_mask(mask_phone, "+8613856781234", "+86****1234");
	check_mask(mask_phone, "010-62345678", "010****5678");
	check_mask(mask_phone, "12345678", "123****5678");	/* 8: the shortest long form */
}

static void
short_phones_show_two_digits_at_most(void **state)
{
	(void)state;
	check_mask(mask_phone, "1234567", "****67");
	check_mask(mask_phone, "110", "****10");
	check_mask(mask_phone, "12", "****");
	check_mask(mask_phone, "9", "****");
	check_mask(mask_phone, "", "");
}

static void
emails_keep_first_character_and_domain(void **state)
{
	(void)state;
	check_mask(mask_email, "wang@x.com", "w***@x.com");
	check_mask(mask_email, "w@x.com", "w***@x.com");
	check_mask(mask_email, "a.very.long.name@example.com", "a***@example.com");
	check_mask(mask_email, "王丽@例子.中国", "王***@例子.中国");
	/* the last @ starts the domain */
	check_mask(mask_email, "a@b@c.com", "a***@c.com");
}

static void
odd_emails_fall_back_to_the_name_mask(void **state)
{
	(void)state;
	check_mask(mask_email, "", "");
	check_mask(mask_email, "no-at-sign", "n**");
	check_mask(mask_email, "王丽", "王**");
	check_mask(mask_email, "@x.com", "@**");
}

static void
masks_append_to_what_is_there(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	sb_adds(&sb, "客户: ");
	mask_name("王丽", &sb);
	sb_adds(&sb, " / ");
	mask_phone("13856781234", &sb);
	sb_adds(&sb, " / ");
	mask_email("wang@x.com", &sb);
	assert_string_equal(sb_str(&sb), "客户: 王** / 138****1234 / w***@x.com");
	sb_release(&sb);
}

static void
mask_field_masks_only_personal_fields(void **state)
{
	(void)state;
	check_field(F_CUST_NAME, "王丽", "王**");
	check_field(F_CUST_PHONE, "13856781234", "138****1234");
	check_field(F_CUST_EMAIL, "wang@x.com", "w***@x.com");
	check_field(F_CUST_ID, "C10023", "C10023");
	check_field(F_SUBJECT, "下单3天未发货", "下单3天未发货");
	check_field(F_ORDER, "20240520001", "20240520001");
	check_field(F_ASSIGNEE, "zhang", "zhang");
	check_field(F_SUBJECT, "", "");
}

static void
mask_tree_masks_fields_and_history_values(void **state)
{
	static const char doc[] =
	    "schema: 1\n"
	    "id: CS-20261122-0001\n"
	    "status: assigned\n"
	    "created: 2026-11-22T09:15:00+08:00\n"
	    "customer: {name: 王丽, phone: '13856781234', email: wang@x.com, id: C10023, tier: vip}\n"
	    "subject: 下单3天未发货\n"
	    "assignee: zhang\n"
	    "history:\n"
	    "  - {at: 2026-11-22T09:20:00+08:00, by: li, action: set, key: customer.phone, value: '+8613900001111', previous: '13856781234'}\n"
	    "  - {at: 2026-11-22T09:21:00+08:00, by: li, action: set, key: customer.name, value: 王小丽, previous: 王丽}\n"
	    "  - {at: 2026-11-22T09:22:00+08:00, by: li, action: set, key: subject, value: 已发货, previous: 下单3天未发货}\n"
	    "  - {at: 2026-11-22T09:23:00+08:00, by: li, action: note, note: 王丽来电}\n";
	struct ticket t;
	const struct ynode *hist;

	(void)state;
	assert_null(yaml_load_buf(doc, sizeof(doc) - 1, "t.yaml", &t.root));
	mask_tree(t.root);
	assert_string_equal(ticket_str(&t, F_CUST_NAME), "王**");
	assert_string_equal(ticket_str(&t, F_CUST_PHONE), "138****1234");
	assert_string_equal(ticket_str(&t, F_CUST_EMAIL), "w***@x.com");
	assert_int_equal(ynode_path(t.root, "customer.phone")->len, strlen("138****1234"));
	assert_string_equal(ticket_str(&t, F_CUST_ID), "C10023");
	assert_string_equal(ticket_str(&t, F_CUST_TIER), "vip");
	assert_string_equal(ticket_str(&t, F_SUBJECT), "下单3天未发货");
	assert_string_equal(ticket_str(&t, F_ASSIGNEE), "zhang");
	hist = ynode_get(t.root, "history");
	assert_non_null(hist);
	assert_int_equal(hist->nr, 4);
	assert_string_equal(ynode_get_str(hist->items[0].val, "value"), "+86****1111");
	assert_string_equal(ynode_get_str(hist->items[0].val, "key"), "customer.phone");
	assert_string_equal(ynode_get_str(hist->items[0].val, "previous"), "138****1234");
	assert_string_equal(ynode_get_str(hist->items[1].val, "value"), "王**");
	assert_string_equal(ynode_get_str(hist->items[1].val, "previous"), "王**");
	assert_string_equal(ynode_get_str(hist->items[2].val, "value"), "已发货");
	assert_string_equal(ynode_get_str(hist->items[2].val, "previous"), "下单3天未发货");
	/* free text is not searched for names */
	assert_string_equal(ynode_get_str(hist->items[3].val, "note"), "王丽来电");
	ticket_release(&t);
}

static void
mask_tree_leaves_odd_shapes_alone(void **state)
{
	static const char doc[] =
	    "id: CS-20261122-0002\n"
	    "customer: 王丽\n"
	    "history:\n"
	    "  - plain\n"
	    "  - {key: customer.email}\n"
	    "  - {key: customer.email, value: [a@b.c]}\n"
	    "  - {key: nosuch.field, value: secret}\n";
	static const char doc2[] =
	    "id: CS-20261122-0003\n"
	    "customer: {name: [王丽], phone: ''}\n"
	    "history: not-a-list\n";
	struct ticket t;
	const struct ynode *hist, *v;

	(void)state;
	assert_null(yaml_load_buf(doc, sizeof(doc) - 1, "t.yaml", &t.root));
	mask_tree(t.root);
	assert_string_equal(ynode_get_str(t.root, "customer"), "王丽");
	hist = ynode_get(t.root, "history");
	assert_int_equal(hist->nr, 4);
	assert_null(ynode_get(hist->items[1].val, "value"));
	v = ynode_get(hist->items[2].val, "value");
	assert_int_equal(v->kind, YNODE_SEQ);
	assert_string_equal(v->items[0].val->str, "a@b.c");
	assert_string_equal(ynode_get_str(hist->items[3].val, "value"), "secret");
	ticket_release(&t);

	assert_null(yaml_load_buf(doc2, sizeof(doc2) - 1, "t.yaml", &t.root));
	mask_tree(t.root);
	v = ynode_path(t.root, "customer.name");
	assert_int_equal(v->kind, YNODE_SEQ);
	assert_string_equal(v->items[0].val->str, "王丽");
	assert_string_equal(ticket_str(&t, F_CUST_PHONE), "");
	assert_string_equal(ynode_get_str(t.root, "history"), "not-a-list");
	ticket_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_keep_the_first_character),
		cmocka_unit_test(name_mask_does_not_tell_the_length),
		cmocka_unit_test(odd_names),
		cmocka_unit_test(phones_keep_three_and_four),
		cmocka_unit_test(short_phones_show_two_digits_at_most),
		cmocka_unit_test(emails_keep_first_character_and_domain),
		cmocka_unit_test(odd_emails_fall_back_to_the_name_mask),
		cmocka_unit_test(masks_append_to_what_is_there),
		cmocka_unit_test(mask_field_masks_only_personal_fields),
		cmocka_unit_test(mask_tree_masks_fields_and_history_values),
		cmocka_unit_test(mask_tree_leaves_odd_shapes_alone),
	};
	return cmocka_run_group_tests_name("mask", tests, NULL, NULL);
}
