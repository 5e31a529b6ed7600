/* test-policy.c — cstk.yaml: the default, overrides, and every error. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "policy.h"
#include "vocab-builtin.h"

static const struct error *
load(struct policy *p, const char *text)
{
	return policy_load_buf(p, text, strlen(text), "cstk.yaml");
}

static void
collect(void *ctx, const char *msg)
{
	if (ctx) {
		sb_adds(ctx, msg);
		sb_adds(ctx, "\n");
	}
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
	for (int id = 0; id < V_COUNT; id++) {
		assert_int_equal(a.vocab[id].n, b.vocab[id].n);
		for (int i = 0; i < a.vocab[id].n; i++) {
			const struct policy_value *x = &a.val[id][i], *y = &b.val[id][i];
			assert_string_equal(a.vocab[id].v[i].key, b.vocab[id].v[i].key);
			assert_memory_equal(&x->response, &y->response, sizeof(x->response));
			assert_memory_equal(&x->resolution, &y->resolution,
			    sizeof(x->resolution));
			assert_int_equal(x->revisit, y->revisit);
			assert_int_equal(x->revisit_days, y->revisit_days);
			if (x->team || y->team)
				assert_string_equal(x->team, y->team);
		}
	}
	assert_int_equal(a.nteams, b.nteams);
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
	assert_int_equal(p.val[V_PRIORITY][PRIO_URGENT].response.n, 2);
	assert_int_equal(p.val[V_PRIORITY][PRIO_URGENT].response.unit, DUR_HOUR);
	assert_int_equal(p.val[V_PRIORITY][PRIO_URGENT].resolution.n, 24);	/* kept */
	assert_string_equal(policy_team_of(&p, CAT_COMPLAINT), "legal");
	{
		struct duration w;
		const struct revisit_rule *rule;
		assert_false(policy_revisit(&p, -1, CAT_INQUIRY, TIER_VIP, -1, NULL, &w, &rule));
		assert_true(policy_revisit(&p, -1, CAT_AFTERSALES, TIER_NEW, -1, NULL, &w, &rule));
	}
	assert_int_equal(p.val[V_TIER][TIER_NEW].revisit_days, 5);
	policy_release(&p);
}

static void
errors_name_line_column_and_the_fix(void **state)
{
	(void)state;
	expect_error("priorities:\n  critical: {response: 1}\n",
	    "cstk.yaml:2:3: priority 'critical' needs its deadlines, like {response: "
	    "15m, resolution: 4h}");
	expect_error("priorities:\n  low: {respond: 1}\n",
	    "cstk.yaml:2:9: unknown key 'respond' under priority 'low'; expected "
	    "label, aliases, response or resolution");
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
	expect_error("bogus: 1\n", "cstk.yaml:1:1: unknown key 'bogus'; expected one of "
	    "id_prefix, display, calendar, deadlines, teams, agents, revisit, confirm, "
	    "reopen_days, priorities, categories, channels, tiers, modules, "
	    "responsibilities, satisfaction");
	/* agents: (SPEC §11) */
	expect_error("agents: [zhang]\n", "cstk.yaml:1:9: 'agents' should be a map");
	expect_error("agents: {zhang: zhangsan}\n", "cstk.yaml:1:17: an agent should be a map");
	expect_error("agents: {zhang: {}}\n", "cstk.yaml:1:10: agent 'zhang' has no login; "
	    "write zhang: {login: UNIX-LOGIN}");
	expect_error("agents: {zhang: {login: a b}}\n", "cstk.yaml:1:25: login 'a b' of "
	    "agent 'zhang' should be a Unix login name");
	expect_error("agents: {zhang: {login: zs, team: x}}\n", "cstk.yaml:1:29: unknown key "
	    "'team' of agent 'zhang'; expected login");
	expect_error("agents: {zhang: {login: zs}, li: {login: zs}}\n", "cstk.yaml:1:42: login "
	    "'zs' is given to both 'zhang' and 'li'; one login acts as one agent");
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

/* agents: maps logins to agents, one login to one agent. */
static void
agents_map_logins(void **state)
{
	struct policy p;
	const char *y = "agents:\n  张三: {login: zhangsan}\n  li: {login: lisi}\n";

	(void)state;
	assert_null(policy_load_buf(&p, y, strlen(y), "cstk.yaml"));
	assert_int_equal(p.nagents, 2);
	assert_string_equal(policy_agent_of(&p, "zhangsan"), "张三");
	assert_string_equal(policy_agent_of(&p, "lisi"), "li");
	assert_null(policy_agent_of(&p, "li"));
	policy_release(&p);
	assert_int_equal(p.nagents, 0);
}

/* SPEC §9: the vocabulary's mistakes, each with its place and the fix. */
static void
vocabulary_mistakes(void **state)
{
	(void)state;
	/* a word names one value */
	expect_error("channels:\n  wechat: {label: 微信, aliases: [公众号]}\n"
	    "  sms: {label: 短信, aliases: [公众号]}\n",
	    "cstk.yaml:3:3: '公众号' names both channel 'sms' and 'wechat'");
	expect_error("categories:\n  suggestion: {label: 建议, aliases: [complaint], "
	    "team: product}\n",
	    "cstk.yaml:2:3: the alias 'complaint' of category 'suggestion' is the key of "
	    "category 'complaint'");
	expect_error("categories:\n  suggestion: {label: 投诉, team: product}\n",
	    "cstk.yaml:2:3: category 'complaint' and 'suggestion' have the same label '投诉'");
	expect_error("channels:\n  hotline: {label: PHONE}\n",
	    "the label 'PHONE' of channel 'hotline' is the key of channel 'phone'");
	/* keys, lists, figures */
	expect_error("channels:\n  WeChat: {label: 微信}\n",
	    "cstk.yaml:2:3: channel key 'WeChat' should be lower-case letters");
	expect_error("channels:\n  wechat: {label: \"a,b\"}\n",
	    "cstk.yaml:2:19: a label 'a,b' should be a word of at most 64 bytes, "
	    "without ','");
	expect_error("channels:\n  wechat: {colour: green}\n",
	    "cstk.yaml:2:12: unknown key 'colour' under channel 'wechat'; expected label, "
	    "aliases");
	expect_error("channels: [wechat]\n", "cstk.yaml:1:11: channels should be a mapping");
	expect_error("satisfaction:\n  delighted: {label: 非常满意}\n",
	    "cstk.yaml:2:3: satisfaction 'delighted' is not one of satisfied, neutral, "
	    "unsatisfied");
	expect_error("categories:\n  suggestion: {label: 建议}\n",
	    "cstk.yaml:2:3: category 'suggestion' needs the team that owns it");
	expect_error("categories:\n  suggestion: {label: 建议, team: nobody}\n",
	    "cstk.yaml:2:33: category 'suggestion' routes to team 'nobody', which is "
	    "not listed");
	expect_error("priorities:\n  critical: {label: 特急, response: 15m}\n",
	    "cstk.yaml:2:3: priority 'critical' needs its deadlines");
	expect_error("priorities:\n  critical: 特急\n",
	    "cstk.yaml:2:13: priority 'critical' should be a mapping like {label: 特急");
	expect_error("priorities:\n  urgent: {}\n  紧急: {response: 1h}\n",
	    "cstk.yaml:3:3: priority '紧急' is listed twice");
	expect_error("deadlines:\n  - {when: {priority: critical}, response: 1h}\n",
	    "cstk.yaml:2:23: unknown priority 'critical'");
	expect_error("display: chinese\n",
	    "cstk.yaml:1:10: display 'chinese' should be labels");
}

/* The SPEC §9 example: new values with labels and aliases in both
 * scripts, in the order the team gives; built-in values keep theirs. */
static void
vocabulary_of_the_team(void **state)
{
	struct policy p;
	const struct enum_def *pr, *cat, *ch;
	struct deadlines d;

	(void)state;
	assert_null(load(&p,
	    "display: labels\n"
	    "priorities:\n"
	    "  critical: {label: 特急, aliases: [P0], response: 15m, resolution: 4h}\n"
	    "  urgent:   {label: 紧急, response: 1h,  resolution: 24h}\n"
	    "  normal:   {label: 一般, response: 1bd, resolution: 2bd}\n"
	    "categories:\n"
	    "  complaint:  {label: 投诉, aliases: [投訴, 客诉], team: supervisors}\n"
	    "  suggestion: {label: 建议, team: product}\n"
	    "channels:\n"
	    "  wechat: {label: 微信, aliases: [公众号]}\n"
	    "  sms: 短信\n"
	    "tiers:\n"
	    "  vip: {label: VIP客户}\n"
	    "satisfaction:\n"
	    "  neutral: {aliases: [基本满意, 基本滿意]}\n"
	    "modules:\n"
	    "  logistics: {label: 物流, aliases: [快递, 快遞]}\n"
	    "  payment: 支付\n"));
	assert_int_equal(p.display, DISPLAY_LABELS);
	/* in force once loaded */
	pr = vocab(V_PRIORITY);
	cat = vocab(V_CATEGORY);
	ch = vocab(V_CHANNEL);
	assert_ptr_equal(pr, &p.vocab[V_PRIORITY]);
	assert_int_equal(pr->n, 4);
	assert_string_equal(pr->v[0].key, "critical");	/* before urgent */
	assert_string_equal(pr->v[3].key, "low");
	assert_int_equal(enum_lookup(pr, "特急"), 0);
	assert_int_equal(enum_lookup(pr, "p0"), 0);
	assert_int_equal(enum_lookup(pr, "緊急"), 1);	/* a built-in alias kept */
	assert_int_equal(p.val[V_PRIORITY][0].response.n, 15);
	assert_int_equal(p.val[V_PRIORITY][0].response.unit, DUR_MIN);
	assert_int_equal(p.val[V_PRIORITY][2].resolution.unit, DUR_BDAY);
	assert_int_equal(p.val[V_PRIORITY][3].resolution.n, 72);	/* low: built in */
	assert_string_equal(cat->v[4].key, "suggestion");	/* at the end */
	assert_string_equal(enum_parse(cat, "客诉"), "complaint");
	assert_string_equal(enum_parse(cat, "投訴"), "complaint");
	assert_string_equal(enum_parse(cat, "建议"), "suggestion");
	assert_string_equal(policy_team_of(&p, 4), "product");
	/* 微信 was an alias of social: the team gave it to wechat */
	assert_string_equal(enum_parse(ch, "微信"), "wechat");
	assert_string_equal(enum_parse(ch, "公众号"), "wechat");
	assert_string_equal(enum_parse(ch, "短信"), "sms");
	assert_string_equal(enum_parse(ch, "微博"), "social");
	assert_string_equal(enum_label(ch, "sms"), "短信");
	/* a new label leaves the built-in one an alias */
	assert_string_equal(enum_label(vocab(V_TIER), "vip"), "VIP客户");
	assert_string_equal(enum_parse(vocab(V_TIER), "VIP"), "vip");
	assert_string_equal(enum_parse(vocab(V_SATISFACTION), "基本滿意"), "neutral");
	assert_string_equal(enum_parse(vocab(V_MODULE), "快遞"), "logistics");
	assert_null(enum_parse(vocab(V_MODULE), "售后"));
	/* rules name the new values */
	policy_deadlines(&p, 0, 4, -1, enum_lookup(ch, "wechat"), NULL, &d);
	assert_int_equal(d.dur[DL_RESPONSE].n, 15);
	policy_release(&p);
	/* released: the built-in lists are in force again */
	assert_ptr_equal(vocab(V_PRIORITY), vocab_builtin(V_PRIORITY));
	assert_int_equal(enum_lookup(vocab(V_PRIORITY), "特急"), -1);
}

/* Schema 1 accepted an empty team; it loads, and check names it. */
static void
lint_names_empty_teams(void **state)
{
	struct policy p;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_null(load(&p, "teams: {frontline: [a], supervisors: [], after-sales: [b], "
	    "product: [c], spare: []}\n"));
	assert_int_equal(policy_lint(&p, "cstk.yaml", collect, &sb), 2);
	assert_non_null(strstr(sb.buf, "cstk.yaml:1:25: team 'supervisors' has no members, "
	    "so 'cstk assign' cannot pick anyone from it; list at least one login, or "
	    "remove the team (category 'complaint' routes to it)\n"));
	assert_non_null(strstr(sb.buf, "team 'spare' has no members"));
	sb_release(&sb);
	policy_release(&p);
	policy_default(&p);
	assert_int_equal(policy_lint(&p, "cstk.yaml", collect, NULL), 0);
	policy_release(&p);
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
	policy_deadlines(&p, PRIO_NORMAL, CAT_COMPLAINT, TIER_VIP, enum_lookup(vocab(V_CHANNEL), "phone"), NULL, &d);
	assert_ptr_equal(d.rule, &p.rules[0]);
	assert_int_equal(d.dur[DL_RESPONSE].n, 30);
	assert_int_equal(d.dur[DL_RESPONSE].unit, DUR_MIN);
	assert_int_equal(d.dur[DL_RESOLUTION].unit, DUR_BDAY);
	assert_int_equal(d.start, DL_FROM_CREATED);
	/* complaint, regular, by email: the second rule; response stays the
	 * priority's, and it counts from the assignment. */
	policy_deadlines(&p, PRIO_NORMAL, CAT_COMPLAINT, TIER_REGULAR, enum_lookup(vocab(V_CHANNEL), "email"), NULL, &d);
	assert_ptr_equal(d.rule, &p.rules[1]);
	assert_int_equal(d.dur[DL_RESPONSE].n, 24);
	assert_int_equal(d.dur[DL_RESPONSE].unit, DUR_HOUR);
	assert_int_equal(d.dur[DL_RESOLUTION].n, 3);
	assert_int_equal(d.start, DL_FROM_ASSIGNED);
	assert_int_equal(d.has[DL_CONFIRM], 0);
	/* a module rule sets a confirm deadline only */
	policy_deadlines(&p, PRIO_LOW, CAT_INQUIRY, TIER_NEW, enum_lookup(vocab(V_CHANNEL), "phone"), "物流", &d);
	assert_ptr_equal(d.rule, &p.rules[2]);
	assert_int_equal(d.has[DL_CONFIRM], 1);
	assert_int_equal(d.dur[DL_RESOLUTION].n, 72);
	/* complaint by phone, regular: the last rule */
	policy_deadlines(&p, PRIO_URGENT, CAT_COMPLAINT, TIER_REGULAR, enum_lookup(vocab(V_CHANNEL), "phone"), "app", &d);
	assert_ptr_equal(d.rule, &p.rules[3]);
	assert_int_equal(d.dur[DL_RESPONSE].n, 2);
	assert_int_equal(d.dur[DL_RESOLUTION].n, 24);
	/* nothing matches: the priority's */
	policy_deadlines(&p, PRIO_URGENT, CAT_REQUEST, TIER_NEW, enum_lookup(vocab(V_CHANNEL), "app"), NULL, &d);
	assert_null(d.rule);
	assert_int_equal(d.dur[DL_RESPONSE].n, 1);
	/* no priority, no match: no deadlines */
	policy_deadlines(&p, -1, CAT_REQUEST, TIER_NEW, enum_lookup(vocab(V_CHANNEL), "app"), NULL, &d);
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
		cmocka_unit_test(agents_map_logins),
		cmocka_unit_test(vocabulary_mistakes),
		cmocka_unit_test(vocabulary_of_the_team),
		cmocka_unit_test(lint_names_empty_teams),
		cmocka_unit_test(deadline_rules_first_match_wins),
		cmocka_unit_test(revisit_windows_as_rules),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
