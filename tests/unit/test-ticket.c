/* test-ticket.c — the field table: validation, key order, unknown keys. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "strbuf.h"
#include "ticket.h"
#include "yaml-emit.h"
#include "yaml-load.h"

static const char good[] =
"schema: 1\n"
"id: CS-20261122-0001\n"
"x-crm: {ref: 77, tags: [a, b]}\n"
"status: intake\n"
"created: 2026-11-22T09:15:00+08:00\n"
"customer: {tier: vip, name: 王丽}\n"
"channel: phone\n"
"subject: 下单3天未发货\n"
"zz_note: '保持原样'\n";

static void
collect(void *ctx, const char *msg)
{
	struct strbuf *sb = ctx;
	sb_adds(sb, msg);
	sb_addc(sb, '\n');
}

static void
valid_ticket_passes(void **state)
{
	struct ynode *root;
	const struct error *err = NULL;

	(void)state;
	assert_null(yaml_load_buf(good, sizeof(good) - 1, "t.yaml", &root));
	assert_int_equal(ticket_validate(root, "t.yaml", NULL, NULL, &err), 0);
	ynode_free(root);
}

static void
every_problem_is_reported_with_position(void **state)
{
	static const char bad[] =
	    "schema: 2\n"
	    "id: CS-1\n"
	    "status: 处理中\n"
	    "priority: asap\n"
	    "created: yesterday\n"
	    "rounds: two\n"
	    "customer: 王丽\n"
	    "history: [{by: x}, {at: '1970-01-01T07:00:00+08:00', action: open}]\n";
	struct ynode *root;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_null(yaml_load_buf(bad, sizeof(bad) - 1, "t.yaml", &root));
	assert_int_equal(ticket_validate(root, "t.yaml", collect, &sb, NULL), 10);
	assert_non_null(strstr(sb.buf, "t.yaml:1:9: schema 2 is not known"));
	assert_non_null(strstr(sb.buf, "t.yaml:2:5: id 'CS-1' is not a ticket ID like"));
	assert_non_null(strstr(sb.buf, "t.yaml:3:9: status '处理中' is not known; write it as 'assigned'"));
	assert_non_null(strstr(sb.buf, "t.yaml:4:11: priority 'asap' is not known; one of urgent"));
	assert_non_null(strstr(sb.buf, "t.yaml:5:10: 'created' is 'yesterday'"));
	assert_non_null(strstr(sb.buf, "t.yaml:6:9: 'rounds' is 'two'"));
	assert_non_null(strstr(sb.buf, "t.yaml:7:11: 'customer' should be a mapping"));
	assert_non_null(strstr(sb.buf, "history entry 1 needs 'at'"));
	assert_non_null(strstr(sb.buf, "history entry 1 needs an 'action'"));
	assert_non_null(strstr(sb.buf, "history entry 2: 'at' is '1970-01-01T07:00:00+08:00', "
	    "before 1970, where cstk's times begin"));
	sb_release(&sb);
	ynode_free(root);
}

static void
normalize_orders_known_keys_and_keeps_unknown(void **state)
{
	struct ticket t;
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_null(yaml_load_buf(good, sizeof(good) - 1, "t.yaml", &t.root));
	ticket_normalize(&t);
	assert_null(yaml_emit(t.root, &out));
	assert_string_equal(out.buf,
	    "schema: 1\n"
	    "id: CS-20261122-0001\n"
	    "status: intake\n"
	    "created: 2026-11-22T09:15:00+08:00\n"
	    "channel: phone\n"
	    "customer:\n"
	    "  name: 王丽\n"
	    "  tier: vip\n"
	    "subject: 下单3天未发货\n"
	    "x-crm: {ref: 77, tags: [a, b]}\n"
	    "zz_note: '保持原样'\n");
	ticket_release(&t);
	sb_release(&out);
}

static void
set_and_remove_nested_fields(void **state)
{
	struct ticket t;
	struct ctime at = { 1795310100, 8 * 3600 };

	(void)state;
	ticket_init(&t, "CS-20261122-0001", &at);
	ticket_set(&t, F_CUST_PHONE, "13856781234");
	assert_string_equal(ticket_str(&t, F_CUST_PHONE), "13856781234");
	ticket_set(&t, F_CUST_PHONE, NULL);
	assert_null(ynode_get(t.root, "customer"));	/* empty group removed */
	ticket_set_int(&t, F_ROUNDS, 3);
	assert_int_equal(ticket_int(&t, F_ROUNDS), 3);
	assert_int_equal(ticket_status(&t), ST_INTAKE);
	ticket_release(&t);
}

static void
ids_are_validated_strictly(void **state)
{
	(void)state;
	assert_true(ticket_id_valid("CS-20261122-0001"));
	assert_true(ticket_id_valid("ACME2-20240229-9999"));
	assert_false(ticket_id_valid("CS-20230229-0001"));
	assert_false(ticket_id_valid("cs-20261122-0001"));
	assert_false(ticket_id_valid("CS-20261122-0001/"));
	assert_false(ticket_id_valid("../CS-20261122-0001"));
	assert_false(ticket_id_valid("CS-20261122-00001"));
	assert_false(ticket_id_valid("ABCDEFGHIJKLMNOPQ-20261122-0001"));
	assert_false(ticket_id_valid(""));
}

static void
every_settable_field_is_in_the_table_once(void **state)
{
	(void)state;
	for (int i = 0; i < F_COUNT; i++) {
		assert_non_null(fields[i].path);
		assert_ptr_equal(field_by_path(fields[i].path), &fields[i]);
	}
	assert_null(field_by_path("nope"));
}

/* related: whole IDs only, anywhere in the list */
static void
ids_have_whole_ids(void **state)
{
	(void)state;
	assert_true(ticket_ids_have("CS-20261120-0001 CS-20261120-0002", "CS-20261120-0002"));
	assert_true(ticket_ids_have("CS-20261120-0001", "CS-20261120-0001"));
	assert_false(ticket_ids_have("CS-20261120-00011", "CS-20261120-0001"));
	assert_false(ticket_ids_have("XCS-20261120-0001", "CS-20261120-0001"));
	assert_false(ticket_ids_have(NULL, "CS-20261120-0001"));
	assert_false(ticket_ids_have("CS-20261120-0001", ""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_ticket_passes),
		cmocka_unit_test(every_problem_is_reported_with_position),
		cmocka_unit_test(normalize_orders_known_keys_and_keeps_unknown),
		cmocka_unit_test(set_and_remove_nested_fields),
		cmocka_unit_test(ids_are_validated_strictly),
		cmocka_unit_test(every_settable_field_is_in_the_table_once),
		cmocka_unit_test(ids_have_whole_ids),
	};
	return cmocka_run_group_tests_name("ticket", tests, NULL, NULL);
}
