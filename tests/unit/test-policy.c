/* test-policy.c — cstk.yaml: the default, overrides, and every error. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "policy.h"

static const struct error *
load(struct policy *p, const char *text)
{
	return policy_load_buf(p, text, strlen(text), "cstk.yaml");
}

static void
expect_error(const char *text, const char *want)
{
	struct policy p;
	const struct error *err = load(&p, text);

	if (err == NULL) {
		policy_release(&p);
		fail_msg("no error for '%s'", text);
	}
	assert_int_equal(err->code, ERR_DATA);
	if (strstr(err->msg, want) == NULL)
		fail_msg("'%s' lacks '%s'", err->msg, want);
}

static void
default_text_loads_to_the_builtin_default(void **state)
{
	struct policy a, b;

	(void)state;
	policy_default(&a);
	assert_null(load(&b, policy_default_text));
	assert_string_equal(a.prefix, b.prefix);
	assert_memory_equal(a.response, b.response, sizeof(a.response));
	assert_memory_equal(a.resolution, b.resolution, sizeof(a.resolution));
	assert_memory_equal(a.revisit_days, b.revisit_days, sizeof(a.revisit_days));
	assert_memory_equal(a.revisit_tier, b.revisit_tier, sizeof(a.revisit_tier));
	assert_int_equal(a.nteams, b.nteams);
	for (int c = 0; c < CAT_COUNT; c++)
		assert_string_equal(a.team_of[c], b.team_of[c]);
	assert_int_equal(policy_team(&b, "frontline")->nr, 3);
	policy_release(&a);
	policy_release(&b);
}

static void
overrides_and_chinese_names(void **state)
{
	struct policy p;

	(void)state;
	assert_null(load(&p,
	    "id_prefix: KF\n"
	    "priorities:\n  紧急: {response: 2}\n"
	    "categories: {投诉: legal}\n"
	    "teams: {legal: [qian], frontline: [], supervisors: [], after-sales: [], product: []}\n"
	    "revisit: {tiers: [], categories: [投诉, 售后], days: {new: 5}}\n"));
	assert_string_equal(p.prefix, "KF");
	assert_int_equal(p.response[PRIO_URGENT].n, 2);
	assert_int_equal(p.response[PRIO_URGENT].unit, DUR_HOUR);
	assert_int_equal(p.resolution[PRIO_URGENT].n, 24);	/* kept */
	assert_string_equal(p.team_of[CAT_COMPLAINT], "legal");
	{
		struct duration w;
		const struct revisit_rule *rule;
		assert_false(policy_revisit(&p, -1, CAT_INQUIRY, TIER_VIP, -1, NULL, &w, &rule));
		assert_true(policy_revisit(&p, -1, CAT_AFTERSALES, TIER_NEW, -1, NULL, &w, &rule));
	}
	assert_int_equal(p.revisit_days[TIER_NEW], 5);
	policy_release(&p);
}

static void
errors_name_line_column_and_the_fix(void **state)
{
	(void)state;
	expect_error("priorities:\n  critical: {response: 1}\n",
	    "cstk.yaml:2:3: unknown priority 'critical'; expected one of urgent");
	expect_error("priorities:\n  low: {respond: 1}\n",
	    "cstk.yaml:2:9: unknown key 'respond' under 'low'");
	expect_error("priorities:\n  low: {response: -1}\n",
	    "cstk.yaml:2:19: response is '-1'; it should be a duration like 15m, 4h");
	expect_error("priorities:\n  urgent: {response: 38760bd}\n",
	    "cstk.yaml:2:22: response is '38760bd', more than a year of working time on "
	    "this calendar (at most 2340bh or 260bd)");
	expect_error("priorities:\n  low: {response: 2w}\n",
	    "cstk.yaml:2:19: response is '2w'; it should be a duration like 15m");
	expect_error("calendar: {week: {mon: 9-18}}\n",
	    "cstk.yaml:1:24: mon hours '9-18' should be like \"09:00-18:00\"");
	expect_error("calendar: {week: {sun: \"\"}}\n",
	    "cstk.yaml:1:11: the calendar has no working day");
	expect_error("calendar: {week: {mond: \"09:00-18:00\"}}\n",
	    "cstk.yaml:1:19: unknown day 'mond'");
	expect_error("calendar: {holidays: [2026-10-01..2026-09-01]}\n",
	    "cstk.yaml:1:23: '2026-10-01..2026-09-01' should be a date like 2026-10-01");
	expect_error("calendar: {holidays: [2026-10-01..2026-10-07], workdays: [2026-10-03]}\n",
	    "cstk.yaml:1:11: 2026-10-03 is both a holiday and a make-up workday");
	expect_error("calendar: {hours: 1}\n",
	    "cstk.yaml:1:12: unknown key 'hours' under 'calendar'");
	expect_error("teams: {frontline: [a b]}\n", "member 'a b' of team 'frontline'");
	expect_error("teams: {frontline: x}\n", "cstk.yaml:1:20: a team should be a list");
	expect_error("revisit: {tiers: [gold]}\n", "cstk.yaml:1:19: unknown tier 'gold'");
	expect_error("revisit: {when: 3}\n", "unknown key 'when' under 'revisit'");
	expect_error("teams: {frontline: [a]}\n",
	    "category 'complaint' routes to team 'supervisors', which is not listed");
	expect_error("id_prefix: C-S\n", "id_prefix 'C-S' should be 1-16 capital letters");
	expect_error("bogus: 1\n", "cstk.yaml:1:1: unknown key 'bogus'; expected id_prefix, "
	    "priorities, calendar, deadlines, categories, teams or revisit");
	expect_error("deadlines:\n  - {when: {category: complaints}, response: 1h}\n",
	    "cstk.yaml:2:23: unknown category 'complaints'");
	expect_error("deadlines:\n  - {when: {colour: red}, response: 1h}\n",
	    "cstk.yaml:2:13: unknown key 'colour' under 'when'");
	expect_error("deadlines:\n  - {when: {tier: vip}}\n",
	    "cstk.yaml:2:5: this deadline rule sets nothing");
	expect_error("deadlines:\n  - {response: soon}\n",
	    "cstk.yaml:2:16: response is 'soon'; it should be a duration");
	expect_error("deadlines:\n  - {start: resolved, response: 1h}\n",
	    "cstk.yaml:2:13: start 'resolved' should be created or assigned");
	expect_error("deadlines: {response: 1h}\n", "cstk.yaml:1:12: 'deadlines' should be a list");
	expect_error("a: [\n", "cstk.yaml:2:1:");
}

/* Rules are tried top-down after the priority's defaults; the first that
 * matches every key it names sets the figures it names. */
static void
deadline_rules_first_match_wins(void **state)
{
	static const char text[] =
	    "deadlines:\n"
	    "  - {when: {category: complaint, tier: vip}, response: 30m, resolution: 1bd}\n"
	    "  - {when: {channel: [email, web]}, resolution: 3bd, start: assigned}\n"
	    "  - {when: {module: [logistics, 物流]}, confirm: 2d}\n"
	    "  - {when: {category: complaint}, response: 2h}\n";
	struct policy p;
	struct deadlines d;

	(void)state;
	assert_null(load(&p, text));
	assert_int_equal(p.nrules, 4);
	/* complaint + vip: the first rule, both figures. */
	policy_deadlines(&p, PRIO_NORMAL, CAT_COMPLAINT, TIER_VIP, enum_lookup(&enum_channel, "phone"), NULL, &d);
	assert_ptr_equal(d.rule, &p.rules[0]);
	assert_int_equal(d.dur[DL_RESPONSE].n, 30);
	assert_int_equal(d.dur[DL_RESPONSE].unit, DUR_MIN);
	assert_int_equal(d.dur[DL_RESOLUTION].unit, DUR_BDAY);
	assert_int_equal(d.start, DL_FROM_CREATED);
	/* complaint, regular, by email: the second rule; response stays the
	 * priority's, and it counts from the assignment. */
	policy_deadlines(&p, PRIO_NORMAL, CAT_COMPLAINT, TIER_REGULAR, enum_lookup(&enum_channel, "email"), NULL, &d);
	assert_ptr_equal(d.rule, &p.rules[1]);
	assert_int_equal(d.dur[DL_RESPONSE].n, 24);
	assert_int_equal(d.dur[DL_RESPONSE].unit, DUR_HOUR);
	assert_int_equal(d.dur[DL_RESOLUTION].n, 3);
	assert_int_equal(d.start, DL_FROM_ASSIGNED);
	assert_int_equal(d.has[DL_CONFIRM], 0);
	/* a module rule sets a confirm deadline only */
	policy_deadlines(&p, PRIO_LOW, CAT_INQUIRY, TIER_NEW, enum_lookup(&enum_channel, "phone"), "物流", &d);
	assert_ptr_equal(d.rule, &p.rules[2]);
	assert_int_equal(d.has[DL_CONFIRM], 1);
	assert_int_equal(d.dur[DL_RESOLUTION].n, 72);
	/* complaint by phone, regular: the last rule */
	policy_deadlines(&p, PRIO_URGENT, CAT_COMPLAINT, TIER_REGULAR, enum_lookup(&enum_channel, "phone"), "app", &d);
	assert_ptr_equal(d.rule, &p.rules[3]);
	assert_int_equal(d.dur[DL_RESPONSE].n, 2);
	assert_int_equal(d.dur[DL_RESOLUTION].n, 24);
	/* nothing matches: the priority's */
	policy_deadlines(&p, PRIO_URGENT, CAT_REQUEST, TIER_NEW, enum_lookup(&enum_channel, "app"), NULL, &d);
	assert_null(d.rule);
	assert_int_equal(d.dur[DL_RESPONSE].n, 1);
	/* no priority, no match: no deadlines */
	policy_deadlines(&p, -1, CAT_REQUEST, TIER_NEW, enum_lookup(&enum_channel, "app"), NULL, &d);
	assert_int_equal(d.has[DL_RESPONSE], 0);
	policy_release(&p);
}

static void
revisit_windows_as_rules(void **state)
{
	static const char text[] =
	    "revisit:\n"
	    "  - {when: {tier: vip}, within: 3d}\n"
	    "  - {when: {category: after-sales}, within: 3bd}\n";
	struct policy p;
	struct duration w;
	const struct revisit_rule *rule;

	(void)state;
	assert_null(load(&p, text));
	assert_int_equal(p.nrevisits, 2);
	assert_int_equal(policy_revisit(&p, PRIO_LOW, CAT_AFTERSALES, TIER_VIP, 0, NULL, &w,
	    &rule), 1);
	assert_ptr_equal(rule, &p.revisits[0]);
	assert_int_equal(w.unit, DUR_DAY);
	assert_int_equal(policy_revisit(&p, PRIO_LOW, CAT_AFTERSALES, TIER_NEW, 0, NULL, &w,
	    &rule), 1);
	assert_int_equal(w.unit, DUR_BDAY);
	assert_int_equal(w.n, 3);
	/* the map form's complaint rule is gone with the list form */
	assert_int_equal(policy_revisit(&p, PRIO_LOW, CAT_COMPLAINT, TIER_NEW, 0, NULL, &w,
	    &rule), 0);
	policy_release(&p);
	/* the map form: tiers or categories listed, within the tier's days */
	assert_null(load(&p, "id_prefix: CS\n"));
	assert_int_equal(policy_revisit(&p, PRIO_LOW, CAT_COMPLAINT, TIER_NEW, 0, NULL, &w,
	    &rule), 1);
	assert_null(rule);
	assert_int_equal(w.n, 7);
	assert_int_equal(w.unit, DUR_DAY);
	policy_release(&p);
	expect_error("revisit:\n  - {when: {tier: vip}}\n",
	    "cstk.yaml:2:5: this revisit rule needs 'within'");
	expect_error("revisit:\n  - {within: 3d, every: 1d}\n",
	    "cstk.yaml:2:18: unknown key 'every' in a revisit rule");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_text_loads_to_the_builtin_default),
		cmocka_unit_test(overrides_and_chinese_names),
		cmocka_unit_test(errors_name_line_column_and_the_fix),
		cmocka_unit_test(deadline_rules_first_match_wins),
		cmocka_unit_test(revisit_windows_as_rules),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
