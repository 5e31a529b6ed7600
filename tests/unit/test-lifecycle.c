/* test-lifecycle.c — every transition of SPEC §2, allowed and refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lifecycle.h"

static struct policy pol;
static struct event ev = { "zhang", { 1795310100, 8 * 3600 }, NULL };

static int
setup(void **state)
{
	(void)state;
	policy_default(&pol);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	policy_release(&pol);
	return 0;
}

static void
fresh(struct ticket *t, const char *tier)
{
	ticket_init(t, "CS-20261122-0001", &ev.at);
	ticket_set_int(t, F_ROUNDS, 1);
	if (tier)
		ticket_set(t, F_CUST_TIER, tier);
}

static void
to_assigned(struct ticket *t, const char *category)
{
	assert_null(lc_classify(t, &pol, &ev, category, "normal", NULL));
	assert_null(lc_assign(t, &ev, "li"));
}

static const char *
status(const struct ticket *t)
{
	return ticket_str(t, F_STATUS);
}

static void
refused_code(const struct error *err, enum err_code code, const char *text)
{
	assert_non_null(err);
	assert_int_equal(err->code, code);
	if (strstr(err->msg, text) == NULL)
		fail_msg("'%s' lacks '%s'", err->msg, text);
}

static void
refused(const struct error *err, const char *text)
{
	refused_code(err, ERR_REFUSED, text);
}

static void
classify_sets_deadlines_and_team(void **state)
{
	struct ticket t;

	(void)state;
	fresh(&t, NULL);
	assert_null(lc_classify(&t, &pol, &ev, "complaint", "urgent", "logistics"));
	assert_string_equal(status(&t), "classified");
	assert_string_equal(ticket_str(&t, F_DUE_RESPONSE), "2026-11-22T10:15:00+08:00");
	assert_string_equal(ticket_str(&t, F_DUE_RESOLUTION), "2026-11-23T09:15:00+08:00");
	assert_string_equal(ticket_str(&t, F_TEAM), "supervisors");
	assert_null(lc_classify(&t, &pol, &ev, "inquiry", "low", NULL));
	assert_string_equal(ticket_str(&t, F_DUE_RESOLUTION), "2026-11-25T09:15:00+08:00");
	assert_string_equal(ticket_str(&t, F_TEAM), "frontline");
	ticket_release(&t);
}

static void
refusals_name_status_and_next_step(void **state)
{
	struct ticket t;

	(void)state;
	fresh(&t, NULL);
	refused(lc_assign(&t, &ev, "li"), "it is in 'intake'; classify it first");
	refused(lc_resolve(&t, &ev, "x", NULL, NULL), "cannot resolve");
	refused(lc_confirm(&t, &pol, &ev, "satisfied", NULL), "cannot confirm");
	refused(lc_revisit(&t, &pol, &ev, "satisfied", NULL), "cannot revisit");
	refused(lc_no_answer(&t, &pol, &ev, NULL), "cannot revisit");
	refused(lc_confirm_no_answer(&t, &ev), "cannot count a confirmation call");
	refused(lc_unconfirmed(&t, &pol, &ev, NULL), "cannot close as unconfirmed");
	refused(lc_reopen(&t, &pol, &ev, "again"), "cannot reopen");
	to_assigned(&t, "inquiry");
	refused(lc_classify(&t, &pol, &ev, "inquiry", "low", NULL), "'assigned'");
	refused(lc_confirm(&t, &pol, &ev, "satisfied", NULL), "resolve it with");
	assert_null(lc_reject(&t, &ev, "duplicate"));
	refused(lc_reject(&t, &ev, "again"), "'archived'");
	refused(lc_note(&t, &ev, "x"), "'archived'");
	refused(lc_can_update(&t), "cstk reopen");
	ticket_release(&t);
}

static void
confirm_archives_or_follows_up_or_reopens(void **state)
{
	struct ticket a, b, c;

	(void)state;
	fresh(&a, "regular");
	to_assigned(&a, "inquiry");
	assert_null(lc_resolve(&a, &ev, "ok", "customer", NULL));
	assert_null(lc_confirm(&a, &pol, &ev, "neutral", NULL));
	assert_string_equal(status(&a), "archived");
	assert_string_equal(ticket_str(&a, F_OUTCOME), "resolved");

	fresh(&b, "vip");
	to_assigned(&b, "inquiry");
	assert_null(lc_resolve(&b, &ev, "ok", NULL, NULL));
	assert_null(lc_confirm(&b, &pol, &ev, "satisfied", NULL));
	assert_string_equal(status(&b), "follow-up");
	assert_string_equal(ticket_str(&b, F_REVISIT_DUE), "2026-11-25T09:15:00+08:00");

	fresh(&c, "new");
	to_assigned(&c, "after-sales");
	assert_null(lc_resolve(&c, &ev, "ok", NULL, NULL));
	assert_null(lc_confirm(&c, &pol, &ev, "unsatisfied", "坏了"));
	assert_string_equal(status(&c), "assigned");
	assert_int_equal(ticket_int(&c, F_ROUNDS), 2);
	ticket_release(&a);
	ticket_release(&b);
	ticket_release(&c);
}

static void
revisit_closes_or_reopens(void **state)
{
	struct ticket t;

	(void)state;
	fresh(&t, "new");
	to_assigned(&t, "complaint");
	assert_null(lc_resolve(&t, &ev, "ok", NULL, NULL));
	assert_null(lc_confirm(&t, &pol, &ev, "satisfied", NULL));
	assert_string_equal(ticket_str(&t, F_REVISIT_DUE), "2026-11-29T09:15:00+08:00");
	assert_null(lc_no_answer(&t, &pol, &ev, NULL));
	assert_null(lc_no_answer(&t, &pol, &ev, NULL));
	assert_int_equal(ticket_int(&t, F_REVISIT_ATTEMPTS), 2);
	assert_null(lc_revisit(&t, &pol, &ev, "unsatisfied", "又坏了"));
	assert_string_equal(status(&t), "assigned");
	assert_int_equal(ticket_int(&t, F_ROUNDS), 2);
	assert_null(lc_resolve(&t, &ev, "换新", NULL, NULL));
	assert_null(lc_confirm(&t, &pol, &ev, "satisfied", NULL));
	assert_null(ticket_str(&t, F_REVISIT_RESULT));
	assert_int_equal(ticket_int(&t, F_REVISIT_ATTEMPTS), 0);
	assert_null(lc_revisit(&t, &pol, &ev, "satisfied", NULL));
	assert_string_equal(status(&t), "archived");
	ticket_release(&t);
}

/* A third unanswered revisit call (revisit.tries 3) misses the revisit. */
static void
revisit_tries_run_out(void **state)
{
	struct ticket t;
	struct event later = ev;
	struct ctime next = ev.at;

	(void)state;
	fresh(&t, "vip");
	to_assigned(&t, "inquiry");
	assert_null(lc_resolve(&t, &ev, "ok", NULL, NULL));
	assert_null(lc_confirm(&t, &pol, &ev, "satisfied", NULL));
	assert_string_equal(status(&t), "follow-up");
	later.at.t += 3600;
	refused_code(lc_no_answer(&t, &pol, &later, &ev.at), ERR_USAGE, "--next must be later");
	next.t += 86400;
	assert_null(lc_no_answer(&t, &pol, &later, &next));
	assert_non_null(ticket_str(&t, F_REVISIT_NEXT));
	assert_null(lc_no_answer(&t, &pol, &later, NULL));
	assert_string_equal(status(&t), "follow-up");
	assert_null(lc_no_answer(&t, &pol, &later, NULL));
	assert_string_equal(status(&t), "archived");
	assert_int_equal(ticket_int(&t, F_REVISIT_ATTEMPTS), 3);
	assert_null(ticket_str(&t, F_REVISIT_NEXT));
	assert_null(ticket_str(&t, F_REVISIT_DONE));
	ticket_release(&t);
}

/* No answer to the confirmation: after confirm.tries calls, or past
 * due.confirm, archived as unconfirmed, without a satisfaction. */
static void
unconfirmed_after_tries_or_deadline(void **state)
{
	struct ticket t;
	struct event late = ev;

	(void)state;
	fresh(&t, NULL);
	to_assigned(&t, "inquiry");
	assert_null(lc_resolve(&t, &ev, "ok", NULL, NULL));
	refused(lc_unconfirmed(&t, &pol, &ev, NULL), "called 0 of 3 times");
	for (int i = 0; i < 3; i++)
		assert_null(lc_confirm_no_answer(&t, &ev));
	assert_int_equal(ticket_int(&t, F_CONFIRM_ATTEMPTS), 3);
	assert_null(lc_unconfirmed(&t, &pol, &ev, "无人接听"));
	assert_string_equal(status(&t), "archived");
	assert_string_equal(ticket_str(&t, F_OUTCOME), "unconfirmed");
	assert_null(ticket_str(&t, F_SATISFACTION));
	ticket_release(&t);

	fresh(&t, NULL);
	to_assigned(&t, "inquiry");
	assert_null(lc_resolve(&t, &ev, "ok", NULL, NULL));
	ticket_set(&t, F_DUE_CONFIRM, "2026-11-23T09:15:00+08:00");
	refused(lc_unconfirmed(&t, &pol, &ev, NULL), "due at 2026-11-23T09:15:00+08:00");
	late.at.t += 7 * 86400;
	assert_null(lc_unconfirmed(&t, &pol, &late, NULL));
	assert_string_equal(ticket_str(&t, F_OUTCOME), "unconfirmed");
	ticket_release(&t);
}

/* Reopen: within reopen_days, back to its owner for another round. */
static void
reopen_within_days(void **state)
{
	struct ticket t;
	struct event later = ev;

	(void)state;
	fresh(&t, NULL);
	to_assigned(&t, "inquiry");
	assert_null(lc_resolve(&t, &ev, "ok", NULL, NULL));
	assert_null(lc_confirm(&t, &pol, &ev, "satisfied", NULL));
	assert_string_equal(status(&t), "archived");
	later.at.t += 31 * 86400;
	refused(lc_reopen(&t, &pol, &later, "again"), "more than 30 days ago");
	later.at.t = ev.at.t + 29 * 86400;
	assert_null(lc_reopen(&t, &pol, &later, "没收到"));
	assert_string_equal(status(&t), "assigned");
	assert_int_equal(ticket_int(&t, F_ROUNDS), 2);
	assert_null(ticket_str(&t, F_OUTCOME));
	assert_null(ticket_str(&t, F_ARCHIVED));
	assert_true(ticket_secs(&t, F_DUE_RESOLUTION) > later.at.t);
	ticket_release(&t);

	/* rejected from intake: back to intake, not to a made-up owner */
	fresh(&t, NULL);
	assert_null(lc_reject(&t, &ev, "spam"));
	assert_null(lc_reopen(&t, &pol, &ev, "not spam"));
	assert_string_equal(status(&t), "intake");
	ticket_release(&t);
}

static void
related_once(void **state)
{
	struct ticket t;

	(void)state;
	fresh(&t, NULL);
	assert_null(lc_relate(&t, &ev, "CS-20261120-0001"));
	assert_null(lc_relate(&t, &ev, "CS-20261120-0002"));
	assert_null(lc_relate(&t, &ev, "CS-20261120-0001"));
	assert_string_equal(ticket_str(&t, F_RELATED), "CS-20261120-0001 CS-20261120-0002");
	ticket_release(&t);
}

static void
contact_escalate_are_counted(void **state)
{
	struct ticket t;
	struct event later = ev;

	(void)state;
	fresh(&t, NULL);
	to_assigned(&t, "complaint");
	assert_null(lc_contact(&t, &ev, "第一次"));
	later.at.t += 3600;
	assert_null(lc_contact(&t, &later, "第二次"));
	assert_string_equal(ticket_str(&t, F_RESPONDED), "2026-11-22T09:15:00+08:00");
	assert_int_equal(ticket_int(&t, F_CONTACTS), 2);
	assert_null(lc_escalate(&t, &ev, "zhao", "升级"));
	assert_int_equal(ticket_int(&t, F_ESCALATIONS), 1);
	assert_string_equal(ticket_str(&t, F_ASSIGNEE), "zhao");
	assert_int_equal(ynode_get(t.root, "history")->nr, 5);
	ticket_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classify_sets_deadlines_and_team),
		cmocka_unit_test(refusals_name_status_and_next_step),
		cmocka_unit_test(confirm_archives_or_follows_up_or_reopens),
		cmocka_unit_test(revisit_closes_or_reopens),
		cmocka_unit_test(revisit_tries_run_out),
		cmocka_unit_test(unconfirmed_after_tries_or_deadline),
		cmocka_unit_test(reopen_within_days),
		cmocka_unit_test(related_once),
		cmocka_unit_test(contact_escalate_are_counted),
	};
	return cmocka_run_group_tests_name("lifecycle", tests, setup, teardown);
}
