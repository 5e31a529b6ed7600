/* test-merge.c — the three-way merge of ticket files (merge.h, SPEC §11). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "merge.h"
#include "strbuf.h"
#include "ticket.h"
#include "yaml-emit.h"
#include "yaml-load.h"

#define HEAD \
	"schema: 1\nid: CS-20261122-BJ0001\n"
#define BODY \
	"created: 2026-11-22T09:00:00+08:00\nchannel: phone\n" \
	"customer: {name: 王丽, phone: \"13856781234\"}\nsubject: 漏发\n" \
	"category: complaint\npriority: urgent\n" \
	"due: {response: 2026-11-22T10:00:00+08:00, resolution: 2026-11-23T09:00:00+08:00}\n" \
	"team: supervisors\nescalations: 0\nrounds: 1\n"
#define H_OPEN \
	"history:\n" \
	"- {at: 2026-11-22T09:00:00+08:00, by: chen, action: open, to: intake}\n" \
	"- {at: 2026-11-22T09:00:00+08:00, by: chen, action: classify, from: intake, to: classified}\n"
#define H_ASSIGN \
	"- {at: 2026-11-22T09:05:00+08:00, by: chen, action: assign, from: classified, to: assigned, assignee: zhang}\n"

static struct ynode *
load(const char *y)
{
	struct ynode *n = NULL;
	const struct error *err = yaml_load_buf(y, strlen(y), "t.yaml", &n);

	if (err)
		fail_msg("%s", err->msg);
	return n;
}

/* Merge; the result must be a valid ticket.  Returns the tree. */
static struct ynode *
merge(const char *o, const char *a, const char *b, size_t *conflicts)
{
	struct ynode *no = o ? load(o) : NULL, *na = load(a), *nb = load(b), *out;
	const struct error *first = NULL;
	struct ticket t;

	merge_ticket(no, na, nb, &out, conflicts);
	t.root = out;
	ticket_normalize(&t);
	if (ticket_validate(out, "merged", NULL, NULL, &first) > 0)
		fail_msg("merged ticket invalid: %s", first->msg);
	ynode_free(no);
	ynode_free(na);
	ynode_free(nb);
	return out;
}

static const char *
get(const struct ynode *root, const char *path)
{
	const struct ynode *n = ynode_path(root, path);
	return n && n->kind == YNODE_SCALAR ? n->str : NULL;
}

static size_t
count_action(const struct ynode *root, const char *action)
{
	const struct ynode *h = ynode_get(root, "history");
	size_t n = 0;

	for (size_t i = 0; h && i < h->nr; i++)
		n += strcmp(ynode_get_str(h->items[i].val, "action"), action) == 0;
	return n;
}

static const char base[] = HEAD "status: assigned\nupdated: 2026-11-22T09:05:00+08:00\n"
    BODY "assignee: zhang\n" H_OPEN H_ASSIGN;

/* A field each side changed alone takes that side; history is the union. */
static void
different_fields_both_kept(void **state)
{
	const char *a = HEAD "status: assigned\nupdated: 2026-11-22T09:10:00+08:00\n"
	    BODY "assignee: zhang\nplan: 补发\n" H_OPEN H_ASSIGN
	    "- {at: 2026-11-22T09:10:00+08:00, by: zhang, action: plan, note: 补发}\n";
	char b[2048];
	size_t c;
	struct ynode *m;

	(void)state;
	/* theirs: the customer's phone changed, and a note */
	snprintf(b, sizeof(b), "%s", HEAD "status: assigned\nupdated: 2026-11-22T09:08:00+08:00\n"
	    "created: 2026-11-22T09:00:00+08:00\nchannel: phone\n"
	    "customer: {name: 王丽, phone: \"13900000000\"}\nsubject: 漏发\n"
	    "category: complaint\npriority: urgent\n"
	    "due: {response: 2026-11-22T10:00:00+08:00, resolution: 2026-11-23T09:00:00+08:00}\n"
	    "team: supervisors\nescalations: 0\nrounds: 1\nassignee: zhang\n" H_OPEN H_ASSIGN
	    "- {at: 2026-11-22T09:08:00+08:00, by: li, action: note, note: 已回电}\n");
	m = merge(base, a, b, &c);
	assert_int_equal(c, 0);
	assert_string_equal(get(m, "plan"), "补发");
	assert_string_equal(get(m, "customer.phone"), "13900000000");
	assert_string_equal(get(m, "customer.name"), "王丽");
	assert_string_equal(get(m, "updated"), "2026-11-22T09:10:00+08:00");
	assert_int_equal(ynode_get(m, "history")->nr, 5);
	/* in time order: theirs' note (09:08) before ours' plan (09:10) */
	assert_string_equal(ynode_get_str(ynode_get(m, "history")->items[3].val, "action"),
	    "note");
	assert_string_equal(ynode_get_str(ynode_get(m, "history")->items[4].val, "action"),
	    "plan");
	ynode_free(m);
}

/* The same field changed on both sides: the later event wins, the other
 * value is kept in a conflict entry; which side is "ours" does not matter. */
static void
same_field_both_sides(void **state)
{
	const char *a = HEAD "status: assigned\nupdated: 2026-11-22T09:20:00+08:00\n"
	    BODY "assignee: zhao\n" H_OPEN H_ASSIGN
	    "- {at: 2026-11-22T09:20:00+08:00, by: chen, action: assign, from: assigned, to: assigned, assignee: zhao}\n";
	const char *b = HEAD "status: assigned\nupdated: 2026-11-22T09:10:00+08:00\n"
	    BODY "assignee: li\n" H_OPEN H_ASSIGN
	    "- {at: 2026-11-22T09:10:00+08:00, by: wang, action: assign, from: assigned, to: assigned, assignee: li}\n";
	size_t c;
	struct ynode *m = merge(base, a, b, &c), *m2;
	const struct ynode *h = ynode_get(m, "history"), *e = h->items[h->nr - 1].val;

	(void)state;
	assert_int_equal(c, 1);
	assert_string_equal(get(m, "assignee"), "zhao");
	assert_string_equal(ynode_get_str(e, "action"), "conflict");
	assert_string_equal(ynode_get_str(e, "key"), "assignee");
	assert_string_equal(ynode_get_str(e, "value"), "li");
	assert_string_equal(ynode_get_str(e, "at"), "2026-11-22T09:20:00+08:00");
	assert_int_equal(count_action(m, "assign"), 3);
	/* the other way round: the same outcome */
	m2 = merge(base, b, a, &c);
	assert_int_equal(c, 1);
	assert_string_equal(get(m2, "assignee"), "zhao");
	ynode_free(m);
	ynode_free(m2);
}

/* One side archived the ticket while the other added a note and a
 * contact: archived, with both sides' history and the contact counted. */
static void
archived_on_one_side_updated_on_other(void **state)
{
	const char *a = HEAD "status: archived\noutcome: rejected\n"
	    "updated: 2026-11-22T09:30:00+08:00\n" BODY "assignee: zhang\n"
	    "archived: 2026-11-22T09:30:00+08:00\nreject_reason: 重复投诉\n" H_OPEN H_ASSIGN
	    "- {at: 2026-11-22T09:30:00+08:00, by: zhang, action: reject, from: assigned, to: archived, note: 重复投诉}\n";
	const char *b = HEAD "status: assigned\nupdated: 2026-11-22T09:40:00+08:00\n"
	    BODY "assignee: zhang\nresponded: 2026-11-22T09:40:00+08:00\ncontacts: 1\n"
	    H_OPEN H_ASSIGN
	    "- {at: 2026-11-22T09:40:00+08:00, by: zhang, action: contact, note: 已联系}\n";
	size_t c;
	struct ynode *m = merge(base, a, b, &c);

	(void)state;
	assert_int_equal(c, 0);
	assert_string_equal(get(m, "status"), "archived");
	assert_string_equal(get(m, "outcome"), "rejected");
	assert_string_equal(get(m, "contacts"), "1");
	assert_string_equal(get(m, "responded"), "2026-11-22T09:40:00+08:00");
	assert_string_equal(get(m, "updated"), "2026-11-22T09:40:00+08:00");
	assert_int_equal(count_action(m, "reject"), 1);
	assert_int_equal(count_action(m, "contact"), 1);
	ynode_free(m);
}

/* A reopen on one side against a close on the other: both moved the
 * ticket; the later side's lifecycle is taken whole, the other's values
 * kept in conflict entries, and the result is still a valid ticket. */
static void
reopen_against_close(void **state)
{
	const char *o = HEAD "status: archived\noutcome: resolved\nupdated: 2026-11-22T12:00:00+08:00\n"
	    BODY "assignee: zhang\nresolution: 已补发\nresolved: 2026-11-22T11:00:00+08:00\n"
	    "satisfaction: satisfied\nconfirmed: 2026-11-22T12:00:00+08:00\n"
	    "archived: 2026-11-22T12:00:00+08:00\n" H_OPEN H_ASSIGN;
	/* ours: reopened at 14:00 (a second round, back to zhang) */
	const char *a = HEAD "status: assigned\noutcome: resolved\nupdated: 2026-11-22T14:00:00+08:00\n"
	    "created: 2026-11-22T09:00:00+08:00\nchannel: phone\n"
	    "customer: {name: 王丽, phone: \"13856781234\"}\nsubject: 漏发\n"
	    "category: complaint\npriority: urgent\n"
	    "due: {response: 2026-11-22T15:00:00+08:00, resolution: 2026-11-23T14:00:00+08:00}\n"
	    "team: supervisors\nescalations: 0\nrounds: 2\nassignee: zhang\n" H_OPEN H_ASSIGN
	    "- {at: 2026-11-22T14:00:00+08:00, by: li, action: reopen, from: archived, to: assigned, note: 又坏了}\n";
	/* theirs: at 13:00, the same archived ticket's satisfaction corrected */
	const char *b = HEAD "status: archived\noutcome: resolved\nupdated: 2026-11-22T13:00:00+08:00\n"
	    BODY "assignee: zhang\nresolution: 已补发\nresolved: 2026-11-22T11:00:00+08:00\n"
	    "satisfaction: neutral\nconfirmed: 2026-11-22T12:00:00+08:00\n"
	    "archived: 2026-11-22T12:00:00+08:00\n" H_OPEN H_ASSIGN
	    "- {at: 2026-11-22T13:00:00+08:00, by: wang, action: set, key: satisfaction, value: neutral}\n";
	size_t c;
	struct ynode *m = merge(o, a, b, &c);

	(void)state;
	assert_string_equal(get(m, "status"), "assigned");
	assert_string_equal(get(m, "rounds"), "2");
	assert_null(get(m, "archived"));	/* the reopen's state, whole */
	assert_string_equal(get(m, "due.response"), "2026-11-22T15:00:00+08:00");
	assert_int_equal(count_action(m, "reopen"), 1);
	assert_int_equal(count_action(m, "set"), 1);
	ynode_free(m);
	/* a close on the other side: both sides moved the ticket */
	{
		const char *x = HEAD "status: resolved\nupdated: 2026-11-22T10:00:00+08:00\n"
		    BODY "assignee: zhang\nresolution: 已补发\nresolved: 2026-11-22T10:00:00+08:00\n"
		    H_OPEN H_ASSIGN
		    "- {at: 2026-11-22T10:00:00+08:00, by: zhang, action: resolve, from: assigned, to: resolved}\n";
		const char *y = HEAD "status: archived\noutcome: rejected\nupdated: 2026-11-22T10:30:00+08:00\n"
		    BODY "assignee: zhang\narchived: 2026-11-22T10:30:00+08:00\nreject_reason: 重复\n"
		    H_OPEN H_ASSIGN
		    "- {at: 2026-11-22T10:30:00+08:00, by: zhao, action: reject, from: assigned, to: archived, note: 重复}\n";
		m = merge(base, x, y, &c);
		assert_string_equal(get(m, "status"), "archived");
		assert_string_equal(get(m, "outcome"), "rejected");
		assert_null(get(m, "resolved"));	/* the lifecycle's: the reject's */
		assert_string_equal(get(m, "resolution"), "已补发");	/* words people wrote stay */
		assert_true(c >= 1);
		{
			const struct ynode *h = ynode_get(m, "history");
			int saw = 0;
			for (size_t i = 0; i < h->nr; i++) {
				const struct ynode *e = h->items[i].val;
				if (!strcmp(ynode_get_str(e, "action"), "conflict") &&
				    !strcmp(ynode_get_str(e, "key"), "status")) {
					assert_string_equal(ynode_get_str(e, "value"), "resolved");
					saw = 1;
				}
			}
			assert_true(saw);
		}
		ynode_free(m);
	}
}

/* Keys cstk does not know, added on one side, survive. */
static void
unknown_keys_on_one_side(void **state)
{
	const char *a = HEAD "status: assigned\nupdated: 2026-11-22T09:05:00+08:00\n"
	    BODY "assignee: zhang\ncrm_ref: X-77\ncustomer_extra: {vip_since: 2020}\n"
	    H_OPEN H_ASSIGN;
	size_t c;
	struct ynode *m = merge(base, a, base, &c), *m2;

	(void)state;
	assert_int_equal(c, 0);
	assert_string_equal(get(m, "crm_ref"), "X-77");
	assert_string_equal(get(m, "customer_extra.vip_since"), "2020");
	m2 = merge(base, base, a, &c);
	assert_string_equal(get(m2, "crm_ref"), "X-77");
	ynode_free(m);
	ynode_free(m2);
}

/* Counters add both sides' increments; events made alike on both sides
 * (the same time, agent and words) are both kept. */
static void
counters_add_and_twin_events_stay(void **state)
{
	const char *a = HEAD "status: assigned\nupdated: 2026-11-22T09:10:00+08:00\n"
	    BODY "assignee: zhang\ncontacts: 1\nresponded: 2026-11-22T09:10:00+08:00\n"
	    H_OPEN H_ASSIGN
	    "- {at: 2026-11-22T09:10:00+08:00, by: zhang, action: contact, note: 已联系}\n";
	size_t c;
	struct ynode *m = merge(base, a, a, &c);

	(void)state;
	assert_int_equal(c, 0);
	assert_string_equal(get(m, "contacts"), "2");
	assert_int_equal(count_action(m, "contact"), 2);
	assert_int_equal(count_action(m, "open"), 1);
	ynode_free(m);
}

/* The first contact is the earlier one; links made on both sides all stay. */
static void
earliest_contact_and_all_links(void **state)
{
	const char *a = HEAD "status: assigned\nupdated: 2026-11-22T09:20:00+08:00\n"
	    BODY "assignee: zhang\nresponded: 2026-11-22T09:20:00+08:00\ncontacts: 1\n"
	    "related: CS-20261122-BJ0002\n" H_OPEN H_ASSIGN;
	const char *b = HEAD "status: assigned\nupdated: 2026-11-22T09:10:00+08:00\n"
	    BODY "assignee: zhang\nresponded: 2026-11-22T09:10:00+08:00\ncontacts: 1\n"
	    "related: CS-20261122-SH0003\n" H_OPEN H_ASSIGN;
	size_t c;
	struct ynode *m = merge(base, a, b, &c);

	(void)state;
	assert_string_equal(get(m, "responded"), "2026-11-22T09:10:00+08:00");
	assert_string_equal(get(m, "related"), "CS-20261122-BJ0002 CS-20261122-SH0003");
	assert_int_equal(c, 0);
	ynode_free(m);
}

/* Both sides added the file (no base): one copy of what they share. */
static void
added_on_both_sides(void **state)
{
	size_t c;
	struct ynode *m = merge(NULL, base, base, &c);

	(void)state;
	assert_int_equal(c, 0);
	assert_int_equal(count_action(m, "open"), 1);	/* what both have, once */
	assert_string_equal(get(m, "assignee"), "zhang");
	ynode_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(different_fields_both_kept),
		cmocka_unit_test(same_field_both_sides),
		cmocka_unit_test(archived_on_one_side_updated_on_other),
		cmocka_unit_test(reopen_against_close),
		cmocka_unit_test(unknown_keys_on_one_side),
		cmocka_unit_test(counters_add_and_twin_events_stay),
		cmocka_unit_test(earliest_contact_and_all_links),
		cmocka_unit_test(added_on_both_sides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
