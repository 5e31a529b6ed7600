/* policy.c — cstk.yaml: defaults, loading, lookups; see policy.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "policy-load.h"
#include "strbuf.h"
#include "yaml-load.h"

static void when_release(struct when *w);
static const struct error *load_revisit_rules(struct policy *p, const struct ynode *m,
    const char *file);

const char policy_default_text[] =
"# cstk policy (cstk.yaml), read by every command.  Edit it to fit your team;\n"
"# `cstk check` tells you if something is wrong.  A section left out keeps\n"
"# the default shown here.  Values are stored as keys (English); people\n"
"# may type their labels and aliases (紧急, 緊急).  See cstk(1).\n"
"\n"
"# Ticket IDs are PREFIX-YYYYMMDD-NNNN (capital letters and digits, 1-16).\n"
"id_prefix: CS\n"
"\n"
"# Deadlines per priority, from when the ticket was created: first\n"
"# response, and resolution.  Durations: 15m, 4h, 3d (clock time), or\n"
"# 8bh, 2bd (working hours and days of the calendar below); a bare number\n"
"# is hours.  A new level needs both; listed before urgent, it is above it.\n"
"priorities:\n"
"#  critical: {label: 特急, aliases: [P0], response: 15m, resolution: 4h}\n"
"  urgent: {response: 1, resolution: 24}     # 紧急\n"
"  normal: {response: 24, resolution: 48}    # 一般\n"
"  low: {response: 24, resolution: 72}       # 低优先级\n"
"\n"
"# The working calendar that bh and bd count (default Mon-Fri 09:00-18:00).\n"
"# A day may have a break; holidays are days off, workdays are make-up\n"
"# working days (调休) with Monday's hours.\n"
"#calendar:\n"
"#  week: {mon: \"09:00-18:00\", tue: \"09:00-18:00\", wed: \"09:00-18:00\",\n"
"#         thu: \"09:00-18:00\", fri: \"09:00-18:00\", sat: \"09:00-12:00\"}\n"
"#  holidays: [\"2026-10-01..2026-10-07\"]\n"
"#  workdays: [\"2026-09-20\", \"2026-10-10\"]\n"
"\n"
"# Deadline rules, tried top-down after the priorities; the first whose\n"
"# `when` matches (priority, category, tier, channel, module: a value or a\n"
"# list) sets what it names: response, resolution, confirm (from resolved\n"
"# to the customer's confirmation), start (created or assigned).\n"
"#deadlines:\n"
"#  - {when: {category: complaint, tier: vip}, response: 30m, resolution: 1bd}\n"
"#  - {when: {channel: [email, web]}, resolution: 3bd, start: assigned}\n"
"#  - {when: {priority: urgent}, confirm: 1bd}\n"
"\n"
"# The team's words: categories, channels, tiers, modules, responsibilities\n"
"# and satisfaction are lists to extend like priorities: a key (what files,\n"
"# CSV and JSON store), a label (what people see) and aliases (what people\n"
"# may type).  Without modules, a module is free text.  Tables show labels\n"
"# when the locale is Chinese; `display: labels` always, `display: keys`\n"
"# never.\n"
"#display: labels\n"
"#channels:\n"
"#  wechat: {label: 微信, aliases: [公众号]}\n"
"#modules:\n"
"#  logistics: {label: 物流, aliases: [快递, 快遞]}\n"
"#satisfaction:\n"
"#  neutral: {aliases: [基本满意]}\n"
"\n"
"# Routing: the team that owns each category; a new one needs its team:\n"
"#  suggestion: {label: 建议, team: product}\n"
"categories:\n"
"  inquiry: frontline          # 咨询 - agents answer directly\n"
"  complaint: supervisors      # 投诉 - supervisor or complaint team\n"
"  after-sales: after-sales    # 售后 - after-sales / technical support\n"
"  request: product            # 需求 - product department contact\n"
"\n"
"# Teams and their members.  `cstk assign ID` without --to picks the member\n"
"# of the category's team with the fewest tickets in `assigned`.\n"
"teams:\n"
"  frontline: [chen, li, wang]\n"
"  supervisors: [zhang, zhao]\n"
"  after-sales: [liu, sun]\n"
"  product: [zhou]\n"
"\n"
"# In a store shared by a Unix group (cstk init --shared), the Unix login\n"
"# each agent works under; a login not listed acts under its own name.\n"
"# agents:\n"
"#   zhang: {login: zhangsan}\n"
"#   li: {login: lisi}\n"
"\n"
"# Revisit (回访) after the customer confirms: tickets of these tiers or\n"
"# categories are revisited, within this many days of the confirmation;\n"
"# after `tries` calls without an answer the revisit counts as missed.\n"
"revisit:\n"
"  tiers: [vip]\n"
"  categories: [complaint]\n"
"  days: {vip: 3, regular: 7, new: 7}\n"
"  tries: 3\n"
"\n"
"# The customer's confirmation: after this many calls without an answer\n"
"# (cstk close ID --no-answer), or past a rule's confirm deadline, `cstk\n"
"# close ID --unconfirmed` archives the ticket as unconfirmed.\n"
"confirm: {tries: 3}\n"
"\n"
"# A customer calling back within this many days of the archiving\n"
"# reopens the ticket (cstk reopen ID --reason TEXT).\n"
"reopen_days: 30\n";

static void
add_team(struct policy *p, const char *name, const char *const *members)
{
	struct team *t;

	p->teams = xrealloc(p->teams, (p->nteams + 1) * sizeof(*p->teams));
	t = &p->teams[p->nteams++];
	t->name = xstrdup(name);
	t->members = NULL;
	t->nr = 0;
	for (; members && *members; members++) {
		t->members = xrealloc(t->members, (t->nr + 1) * sizeof(char *));
		t->members[t->nr++] = xstrdup(*members);
	}
}

static void
clear_teams(struct policy *p)
{
	for (size_t i = 0; i < p->nteams; i++) {
		for (size_t j = 0; j < p->teams[i].nr; j++)
			free(p->teams[i].members[j]);
		free(p->teams[i].members);
		free(p->teams[i].name);
	}
	free(p->teams);
	p->teams = NULL;
	p->nteams = 0;
}

void
policy_default(struct policy *p)
{
	static const char *const fl[] = { "chen", "li", "wang", NULL };
	static const char *const sv[] = { "zhang", "zhao", NULL };
	static const char *const as[] = { "liu", "sun", NULL };
	static const char *const pr[] = { "zhou", NULL };

	memset(p, 0, sizeof(*p));
	strcpy(p->prefix, "CS");
	p->confirm_tries = p->revisit_tries = 3;
	p->reopen_days = 30;
	policy_vocab_default(p);
	calendar_default(&p->calendar);
	add_team(p, "frontline", fl);
	add_team(p, "supervisors", sv);
	add_team(p, "after-sales", as);
	add_team(p, "product", pr);
}

void
policy_release(struct policy *p)
{
	for (size_t i = 0; i < p->nrules; i++)
		when_release(&p->rules[i].when);
	free(p->rules);
	p->rules = NULL;
	p->nrules = 0;
	for (size_t i = 0; i < p->nrevisits; i++)
		when_release(&p->revisits[i].when);
	free(p->revisits);
	p->revisits = NULL;
	p->nrevisits = 0;
	calendar_release(&p->calendar);
	if (vocab(V_STATUS) == &p->vocab[V_STATUS])
		vocab_use(NULL);
	policy_vocab_release(p);
	clear_teams(p);
	for (size_t i = 0; i < p->nagents; i++) {
		free(p->agents[i].name);
		free(p->agents[i].login);
	}
	free(p->agents);
	p->agents = NULL;
	p->nagents = 0;
}

const char *
policy_agent_of(const struct policy *p, const char *login)
{
	for (size_t i = 0; i < p->nagents; i++)
		if (strcmp(p->agents[i].login, login) == 0)
			return p->agents[i].name;
	return NULL;
}

const char *
policy_team_of(const struct policy *p, int category)
{
	return category >= 0 && category < p->vocab[V_CATEGORY].n ?
	    p->val[V_CATEGORY][category].team : NULL;
}

const struct team *
policy_team(const struct policy *p, const char *name)
{
	for (size_t i = 0; i < p->nteams; i++)
		if (strcmp(p->teams[i].name, name) == 0)
			return &p->teams[i];
	return NULL;
}

static int when_matches(const struct when *w, int priority, int category, int tier,
    int channel, const char *module);

int
policy_revisit(const struct policy *p, int priority, int category, int tier, int channel,
    const char *module, struct duration *within, const struct revisit_rule **rule)
{
	*rule = NULL;
	if (p->nrevisits) {
		for (size_t i = 0; i < p->nrevisits; i++)
			if (when_matches(&p->revisits[i].when, priority, category, tier, channel,
			    module)) {
				*within = p->revisits[i].within;
				*rule = &p->revisits[i];
				return 1;
			}
		return 0;
	}
	*within = (struct duration){ tier >= 0 && tier < p->vocab[V_TIER].n ?
	    p->val[V_TIER][tier].revisit_days : 7, DUR_DAY };
	return (tier >= 0 && tier < p->vocab[V_TIER].n && p->val[V_TIER][tier].revisit) ||
	    (category >= 0 && category < p->vocab[V_CATEGORY].n &&
	     p->val[V_CATEGORY][category].revisit);
}

/* ---- loading ---- */


const struct error *
policy_want(const struct ynode *n, enum ynode_kind kind, const char *file, const char *what)
{
	static const char *names[] = { "a single value", "a mapping", "a list" };

	if (n->kind == kind)
		return NULL;
	return error_new(ERR_DATA, "%s:%u:%u: %s should be %s", file, n->line, n->col,
	    what, names[kind]);
}

/* A duration: 15m, 4h, 3d, 8bh, 2bd, or a bare number of hours. */
const struct error *
policy_duration(const struct policy *p, const struct ynode *n, const char *file, const char *what,
    struct duration *out)
{
	const struct error *err;
	int64_t week_min = 0, week_days = 0;

	if ((err = policy_want(n, YNODE_SCALAR, file, what)) != NULL)
		return err;
	if (duration_parse(n->str, out) < 0 || out->n == 0)
		return error_new(ERR_DATA, "%s:%u:%u: %s is '%s'; it should be a duration "
		    "like 15m, 4h, 3d, 8bh (working hours) or 2bd (working days), or a "
		    "number of hours", file, n->line, n->col, what, n->str);
	/* Working time is counted on the calendar (loaded first): at most a
	 * year of it, so every deadline can be counted. */
	for (int w = 0; w < 7; w++) {
		for (int i = 0; i < p->calendar.week[w].n; i++)
			week_min += p->calendar.week[w].close[i] - p->calendar.week[w].open[i];
		week_days += p->calendar.week[w].n > 0;
	}
	if ((out->unit == DUR_BHOUR && out->n * 60 > 52 * week_min) ||
	    (out->unit == DUR_BDAY && out->n > 52 * week_days))
		return error_new(ERR_DATA, "%s:%u:%u: %s is '%s', more than a year of working "
		    "time on this calendar (at most %lldbh or %lldbd)", file, n->line, n->col,
		    what, n->str, (long long)(52 * week_min / 60), (long long)(52 * week_days));
	return NULL;
}

static const struct error *
hours(const struct ynode *n, const char *file, const char *what, int max, int *out)
{
	const struct error *err;
	char *end;
	long v;

	if ((err = policy_want(n, YNODE_SCALAR, file, what)) != NULL)
		return err;
	v = strtol(n->str, &end, 10);
	if (!isdigit((unsigned char)n->str[0]) || *end || v < 1 || v > max)
		return error_new(ERR_DATA, "%s:%u:%u: %s is '%s'; it should be a whole "
		    "number from 1 to %d", file, n->line, n->col, what, n->str, max);
	*out = (int)v;
	return NULL;
}

const struct error *
policy_value_index(const struct enum_def *e, const char *key, unsigned line, unsigned col,
    const char *file, int *out)
{
	struct strbuf sb = STRBUF_INIT;
	const struct error *err;
	int i = enum_lookup(e, key);

	if (i >= 0) {
		*out = i;
		return NULL;
	}
	enum_describe(e, &sb);
	err = error_new(ERR_DATA, "%s:%u:%u: unknown %s '%s'; expected one of %s",
	    file, line, col, e->name, key, sb.buf);
	sb_release(&sb);
	return err;
}

/*
 * calendar: {week: {mon: "09:00-18:00", …, sat: "09:00-12:00"},
 *            holidays: ["2026-10-01..2026-10-07"], workdays: ["2026-10-10"]}
 * A weekday left out of `week` is not worked; without `week`, Mon–Fri
 * 09:00–18:00.
 */
static const struct error *
load_calendar(struct policy *p, const struct ynode *m, const char *file)
{
	static const char *const days[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	const struct error *err;
	int64_t both;

	if ((err = policy_want(m, YNODE_MAP, file, "'calendar'")) != NULL)
		return err;
	for (size_t i = 0; i < m->nr; i++) {
		const struct ypair *it = &m->items[i];
		int workday = strcmp(it->key, "workdays") == 0;

		if (strcmp(it->key, "week") == 0) {
			if ((err = policy_want(it->val, YNODE_MAP, file, "'week'")) != NULL)
				return err;
			memset(p->calendar.week, 0, sizeof(p->calendar.week));
			for (size_t j = 0; j < it->val->nr; j++) {
				const struct ypair *d = &it->val->items[j];
				int w;
				for (w = 0; w < 7 && strcmp(days[w], d->key) != 0; w++)
					;
				if (w == 7)
					return error_new(ERR_DATA, "%s:%u:%u: unknown day '%s'; "
					    "expected mon, tue, wed, thu, fri, sat or sun", file,
					    d->line, d->col, d->key);
				if ((err = policy_want(d->val, YNODE_SCALAR, file, d->key)) != NULL)
					return err;
				if (calendar_parse_day(d->val->str, &p->calendar.week[w]) < 0)
					return error_new(ERR_DATA, "%s:%u:%u: %s hours '%s' should be "
					    "like \"09:00-18:00\" or \"09:00-12:00,13:30-18:00\" "
					    "(at most %d spans, in order)", file, d->val->line,
					    d->val->col, d->key, d->val->str, CAL_SPANS);
			}
		} else if (workday || strcmp(it->key, "holidays") == 0) {
			if ((err = policy_want(it->val, YNODE_SEQ, file, it->key)) != NULL)
				return err;
			for (size_t j = 0; j < it->val->nr; j++) {
				const struct ynode *d = it->val->items[j].val;
				if ((err = policy_want(d, YNODE_SCALAR, file, it->key)) != NULL)
					return err;
				if (calendar_add_days(&p->calendar, d->str, workday) < 0)
					return error_new(ERR_DATA, "%s:%u:%u: '%s' should be a date "
					    "like 2026-10-01 or a range 2026-10-01..2026-10-07", file,
					    d->line, d->col, d->str);
			}
		} else {
			return error_new(ERR_DATA, "%s:%u:%u: unknown key '%s' under "
			    "'calendar'; expected week, holidays or workdays", file, it->line,
			    it->col, it->key);
		}
	}
	{
		int worked = 0;
		for (int w = 0; w < 7; w++)
			worked |= p->calendar.week[w].n > 0;
		if (!worked)
			return error_new(ERR_DATA, "%s:%u:%u: the calendar has no working day; "
			    "give 'week' the hours of at least one day", file, m->line, m->col);
	}
	if (calendar_finish(&p->calendar, &both) < 0) {
		int y, mo, d;
		clock_civil_from_days(both, &y, &mo, &d);
		return error_new(ERR_DATA, "%s:%u:%u: %04d-%02d-%02d is both a holiday and "
		    "a make-up workday; it can be only one", file, m->line, m->col, y, mo, d);
	}
	return NULL;
}

static int
valid_name(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == '/' || *s == ' ')
			return 0;
	return 1;
}

static const struct error *
load_teams(struct policy *p, const struct ynode *m, const char *file)
{
	const struct error *err;

	if ((err = policy_want(m, YNODE_MAP, file, "'teams'")) != NULL)
		return err;
	clear_teams(p);
	for (size_t i = 0; i < m->nr; i++) {
		const struct ypair *it = &m->items[i];
		struct team *t;

		if ((err = policy_want(it->val, YNODE_SEQ, file, "a team")) != NULL)
			return err;
		add_team(p, it->key, NULL);
		t = &p->teams[p->nteams - 1];
		t->line = it->line;
		t->col = it->col;
		for (size_t j = 0; j < it->val->nr; j++) {
			const struct ynode *mem = it->val->items[j].val;
			if ((err = policy_want(mem, YNODE_SCALAR, file, "a team member")))
				return err;
			if (!valid_name(mem->str))
				return error_new(ERR_DATA, "%s:%u:%u: member '%s' of team '%s' "
				    "should be a login name without spaces or '/'", file,
				    mem->line, mem->col, mem->str, it->key);
			t->members = xrealloc(t->members, (t->nr + 1) * sizeof(char *));
			t->members[t->nr++] = xstrdup(mem->str);
		}
	}
	return NULL;
}

/* revisit.tiers, revisit.categories: the values listed are revisited. */
static const struct error *
load_revisited(struct policy *p, enum vocab_id id, const struct ynode *seq,
    const char *file, const char *what)
{
	const struct enum_def *e = &p->vocab[id];
	const struct error *err;

	if ((err = policy_want(seq, YNODE_SEQ, file, what)) != NULL)
		return err;
	for (int i = 0; i < e->n; i++)
		p->val[id][i].revisit = 0;
	for (size_t i = 0; i < seq->nr; i++) {
		const struct ynode *v = seq->items[i].val;
		int idx;

		if ((err = policy_want(v, YNODE_SCALAR, file, what)) != NULL)
			return err;
		if ((err = policy_value_index(e, v->str, v->line, v->col, file, &idx)) != NULL)
			return err;
		p->val[id][idx].revisit = 1;
	}
	return NULL;
}

static const struct error *
load_revisit(struct policy *p, const struct ynode *m, const char *file)
{
	const struct error *err;

	if (m->kind == YNODE_SEQ)
		return load_revisit_rules(p, m, file);
	if ((err = policy_want(m, YNODE_MAP, file, "'revisit'")) != NULL)
		return err;
	for (size_t i = 0; i < m->nr; i++) {
		const struct ypair *it = &m->items[i];

		if (strcmp(it->key, "tiers") == 0)
			err = load_revisited(p, V_TIER, it->val, file, "'revisit.tiers'");
		else if (strcmp(it->key, "categories") == 0)
			err = load_revisited(p, V_CATEGORY, it->val, file,
			    "'revisit.categories'");
		else if (strcmp(it->key, "days") == 0) {
			if ((err = policy_want(it->val, YNODE_MAP, file, "'revisit.days'")))
				return err;
			for (size_t j = 0; j < it->val->nr; j++) {
				const struct ypair *d = &it->val->items[j];
				int tier;
				if ((err = policy_value_index(&p->vocab[V_TIER], d->key, d->line,
				    d->col, file, &tier)) != NULL)
					return err;
				if ((err = hours(d->val, file, "days", 365,
				    &p->val[V_TIER][tier].revisit_days)) != NULL)
					return err;
			}
		} else if (strcmp(it->key, "tries") == 0)
			err = hours(it->val, file, "'revisit.tries'", 20, &p->revisit_tries);
		else
			err = error_new(ERR_DATA, "%s:%u:%u: unknown key '%s' under "
			    "'revisit'; expected tiers, categories, days or tries", file,
			    it->line, it->col, it->key);
		if (err)
			return err;
	}
	return NULL;
}

/* confirm: {tries: 3} */
static const struct error *
load_confirm(struct policy *p, const struct ynode *m, const char *file)
{
	const struct error *err;

	if ((err = policy_want(m, YNODE_MAP, file, "'confirm'")) != NULL)
		return err;
	for (size_t i = 0; i < m->nr; i++) {
		const struct ypair *it = &m->items[i];
		if (strcmp(it->key, "tries") != 0)
			return error_new(ERR_DATA, "%s:%u:%u: unknown key '%s' under "
			    "'confirm'; expected tries (the deadline is a rule's confirm:)",
			    file, it->line, it->col, it->key);
		if ((err = hours(it->val, file, "'confirm.tries'", 20, &p->confirm_tries)))
			return err;
	}
	return NULL;
}

int
policy_revisit_tries(const struct policy *p, const struct revisit_rule *rule)
{
	return rule && rule->tries ? rule->tries : p->revisit_tries;
}

/* A `when` key's value: one name or a list, into a bit set. */
static const struct error *
when_set(const struct ynode *v, const struct enum_def *e, const char *file, uint64_t *bits)
{
	const struct error *err;
	int k;

	if (v->kind == YNODE_SCALAR) {
		if ((err = policy_value_index(e, v->str, v->line, v->col, file, &k)) != NULL)
			return err;
		*bits |= (uint64_t)1 << k;
		return NULL;
	}
	if ((err = policy_want(v, YNODE_SEQ, file, e->name)) != NULL)
		return err;
	for (size_t i = 0; i < v->nr; i++) {
		const struct ynode *it = v->items[i].val;
		if ((err = policy_want(it, YNODE_SCALAR, file, e->name)) != NULL)
			return err;
		if ((err = policy_value_index(e, it->str, it->line, it->col, file, &k)) != NULL)
			return err;
		*bits |= (uint64_t)1 << k;
	}
	return NULL;
}

/* A rule's `when`: {priority: P, category: [C, C], tier, channel, module}. */
static const struct error *
load_when(const struct policy *p, struct when *w, const struct ynode *m,
    const char *file)
{
	const struct error *err;

	if ((err = policy_want(m, YNODE_MAP, file, "'when'")) != NULL)
		return err;
	for (size_t k = 0; k < m->nr; k++) {
		const struct ypair *it = &m->items[k];
		if (strcmp(it->key, "priority") == 0)
			err = when_set(it->val, &p->vocab[V_PRIORITY], file, &w->priority);
		else if (strcmp(it->key, "category") == 0)
			err = when_set(it->val, &p->vocab[V_CATEGORY], file, &w->category);
		else if (strcmp(it->key, "tier") == 0)
			err = when_set(it->val, &p->vocab[V_TIER], file, &w->tier);
		else if (strcmp(it->key, "channel") == 0)
			err = when_set(it->val, &p->vocab[V_CHANNEL], file, &w->channel);
		else if (strcmp(it->key, "module") == 0) {
			const struct ynode *v = it->val;
			size_t n = v->kind == YNODE_SEQ ? v->nr : 1;
			w->modules = xcalloc(n, sizeof(char *));
			for (size_t q = 0; q < n && err == NULL; q++) {
				const struct ynode *mv = v->kind == YNODE_SEQ ? v->items[q].val : v;
				if ((err = policy_want(mv, YNODE_SCALAR, file, "module")) == NULL)
					w->modules[w->nmodules++] = xstrdup(mv->str);
			}
		} else
			err = error_new(ERR_DATA, "%s:%u:%u: unknown key '%s' under 'when'; "
			    "expected priority, category, tier, channel or module", file,
			    it->line, it->col, it->key);
		if (err)
			return err;
	}
	return NULL;
}

static int
bit_ok(uint64_t set, int v)
{
	return set == 0 || (v >= 0 && v < 64 && (set & ((uint64_t)1 << v)));
}

static int
when_matches(const struct when *w, int priority, int category, int tier, int channel,
    const char *module)
{
	int mod = w->modules == NULL;

	for (size_t k = 0; k < w->nmodules && !mod; k++)
		mod = module && strcmp(w->modules[k], module) == 0;
	return mod && bit_ok(w->priority, priority) && bit_ok(w->category, category) &&
	    bit_ok(w->tier, tier) && bit_ok(w->channel, channel);
}

static void
when_release(struct when *w)
{
	for (size_t k = 0; k < w->nmodules; k++)
		free(w->modules[k]);
	free(w->modules);
}

/*
 * revisit:
 *   - {when: {tier: vip}, within: 3d}
 *   - {when: {category: after-sales}, within: 3bd}
 */
static const struct error *
load_revisit_rules(struct policy *p, const struct ynode *m, const char *file)
{
	const struct error *err;

	p->revisits = xcalloc(m->nr ? m->nr : 1, sizeof(*p->revisits));
	for (size_t i = 0; i < m->nr; i++) {
		const struct ynode *r = m->items[i].val;
		struct revisit_rule *v = &p->revisits[p->nrevisits++];
		int within = 0;

		v->line = r->line;
		if ((err = policy_want(r, YNODE_MAP, file, "a revisit rule")) != NULL)
			return err;
		for (size_t j = 0; j < r->nr; j++) {
			const struct ypair *it = &r->items[j];
			if (strcmp(it->key, "when") == 0)
				err = load_when(p, &v->when, it->val, file);
			else if (strcmp(it->key, "within") == 0)
				err = policy_duration(p, it->val, file, "within", &v->within), within = 1;
			else if (strcmp(it->key, "tries") == 0)
				err = hours(it->val, file, "tries", 20, &v->tries);
			else
				err = error_new(ERR_DATA, "%s:%u:%u: unknown key '%s' in a revisit "
				    "rule; expected when, within or tries", file, it->line, it->col,
				    it->key);
			if (err)
				return err;
		}
		if (!within)
			return error_new(ERR_DATA, "%s:%u:%u: this revisit rule needs 'within' "
			    "(e.g. 3d or 3bd)", file, r->line, r->col);
	}
	return NULL;
}

/*
 * deadlines:
 *   - {when: {category: complaint, tier: vip}, response: 30m, resolution: 1bd}
 *   - {when: {channel: [email, web]}, resolution: 3bd, start: assigned}
 *   - {when: {priority: urgent}, confirm: 1bd}
 */
static const struct error *
load_deadlines(struct policy *p, const struct ynode *m, const char *file)
{
	static const char *const figs[DL_COUNT] = { "response", "resolution", "confirm" };
	const struct error *err;

	if ((err = policy_want(m, YNODE_SEQ, file, "'deadlines'")) != NULL)
		return err;
	p->rules = xcalloc(m->nr ? m->nr : 1, sizeof(*p->rules));
	for (size_t i = 0; i < m->nr; i++) {
		const struct ynode *r = m->items[i].val;
		struct deadline_rule *d = &p->rules[p->nrules++];
		int any = 0;

		d->line = r->line;
		if ((err = policy_want(r, YNODE_MAP, file, "a deadline rule")) != NULL)
			return err;
		for (size_t j = 0; j < r->nr; j++) {
			const struct ypair *it = &r->items[j];
			int f;
			for (f = 0; f < DL_COUNT && strcmp(figs[f], it->key) != 0; f++)
				;
			if (f < DL_COUNT) {
				if ((err = policy_duration(p, it->val, file, it->key, &d->dur[f])) != NULL)
					return err;
				d->has[f] = any = 1;
			} else if (strcmp(it->key, "start") == 0) {
				const char *v = it->val->kind == YNODE_SCALAR ? it->val->str : "";
				if (strcmp(v, "created") == 0)
					d->start = DL_FROM_CREATED;
				else if (strcmp(v, "assigned") == 0)
					d->start = DL_FROM_ASSIGNED;
				else
					return error_new(ERR_DATA, "%s:%u:%u: start '%s' should be "
					    "created or assigned", file, it->val->line, it->val->col, v);
				any = 1;
			} else if (strcmp(it->key, "when") == 0) {
				if ((err = load_when(p, &d->when, it->val, file)) != NULL)
					return err;
			} else {
				return error_new(ERR_DATA, "%s:%u:%u: unknown key '%s' in a deadline "
				    "rule; expected when, response, resolution, confirm or start",
				    file, it->line, it->col, it->key);
			}
		}
		if (!any)
			return error_new(ERR_DATA, "%s:%u:%u: this deadline rule sets nothing; "
			    "give response, resolution, confirm or start", file, r->line, r->col);
	}
	return NULL;
}

void
policy_deadlines(const struct policy *p, int priority, int category, int tier,
    int channel, const char *module, struct deadlines *out)
{
	memset(out, 0, sizeof(*out));
	if (priority >= 0 && priority < p->vocab[V_PRIORITY].n) {
		out->has[DL_RESPONSE] = out->has[DL_RESOLUTION] = 1;
		out->dur[DL_RESPONSE] = p->val[V_PRIORITY][priority].response;
		out->dur[DL_RESOLUTION] = p->val[V_PRIORITY][priority].resolution;
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct deadline_rule *d = &p->rules[i];

		if (!when_matches(&d->when, priority, category, tier, channel, module))
			continue;
		for (int f = 0; f < DL_COUNT; f++)
			if (d->has[f]) {
				out->has[f] = 1;
				out->dur[f] = d->dur[f];
			}
		out->start = d->start;
		out->rule = d;
		return;
	}
}

/* agents: {zhang: {login: zhangsan}, …}: who acts as whom. */
static const struct error *
load_agents(struct policy *p, const struct ynode *m, const char *file)
{
	const struct error *err;

	if ((err = policy_want(m, YNODE_MAP, file, "'agents'")) != NULL)
		return err;
	for (size_t i = 0; i < m->nr; i++) {
		const struct ypair *it = &m->items[i];
		const struct ynode *login;
		struct agent *a;

		if ((err = policy_want(it->val, YNODE_MAP, file, "an agent")) != NULL)
			return err;
		if (!valid_name(it->key))
			return error_new(ERR_DATA, "%s:%u:%u: agent '%s' should be a name "
			    "without spaces or '/'", file, it->line, it->col, it->key);
		for (size_t j = 0; j < it->val->nr; j++)
			if (strcmp(it->val->items[j].key, "login") != 0)
				return error_new(ERR_DATA, "%s:%u:%u: unknown key '%s' of agent "
				    "'%s'; expected login", file, it->val->items[j].line,
				    it->val->items[j].col, it->val->items[j].key, it->key);
		login = ynode_get(it->val, "login");
		if (login == NULL)
			return error_new(ERR_DATA, "%s:%u:%u: agent '%s' has no login; write "
			    "%s: {login: UNIX-LOGIN}", file, it->line, it->col, it->key,
			    it->key);
		if ((err = policy_want(login, YNODE_SCALAR, file, "a login")) != NULL)
			return err;
		if (!valid_name(login->str))
			return error_new(ERR_DATA, "%s:%u:%u: login '%s' of agent '%s' should "
			    "be a Unix login name", file, login->line, login->col, login->str,
			    it->key);
		if (policy_agent_of(p, login->str))
			return error_new(ERR_DATA, "%s:%u:%u: login '%s' is given to both "
			    "'%s' and '%s'; one login acts as one agent", file, login->line,
			    login->col, login->str, policy_agent_of(p, login->str), it->key);
		p->agents = xrealloc(p->agents, (p->nagents + 1) * sizeof(*p->agents));
		a = &p->agents[p->nagents++];
		a->name = xstrdup(it->key);
		a->login = xstrdup(login->str);
		a->line = it->line;
		a->col = it->col;
	}
	return NULL;
}

static const struct error *
load_prefix(struct policy *p, const struct ynode *v, const char *file)
{
	const char *s = v->kind == YNODE_SCALAR ? v->str : "";
	size_t n = strlen(s), k;

	for (k = 0; k < n; k++)
		if (!isupper((unsigned char)s[k]) && !(k > 0 && isdigit((unsigned char)s[k])))
			break;
	if (n == 0 || n > 16 || k < n)
		return error_new(ERR_DATA, "%s:%u:%u: id_prefix '%s' should be "
		    "1-16 capital letters or digits, starting with a letter",
		    file, v->line, v->col, s);
	memcpy(p->prefix, s, n + 1);
	return NULL;
}

static const struct error *
load_display(struct policy *p, const struct ynode *v, const char *file)
{
	const char *s = v->kind == YNODE_SCALAR ? v->str : "";

	if (strcmp(s, "labels") == 0)
		p->display = DISPLAY_LABELS;
	else if (strcmp(s, "keys") == 0)
		p->display = DISPLAY_KEYS;
	else
		return error_new(ERR_DATA, "%s:%u:%u: display '%s' should be labels "
		    "(show values as the team's words) or keys", file, v->line, v->col, s);
	return NULL;
}

static const struct error *
load_reopen_days(struct policy *p, const struct ynode *v, const char *file)
{
	return hours(v, file, "reopen_days", 3650, &p->reopen_days);
}

/* The calendar first: durations are checked against it; then the lists
 * (priorities: …), which the rules name; then the rest, in file order. */
static const struct error *
loaded_first(struct policy *p, const struct ynode *v, const char *file)
{
	(void)p;
	(void)v;
	(void)file;
	return NULL;
}

/* Every key of cstk.yaml besides the lists (policy-vocab.c). */
static const struct policy_key {
	const char *key;
	const struct error *(*load)(struct policy *, const struct ynode *, const char *);
} policy_keys[] = {
	{ "id_prefix", load_prefix },
	{ "display", load_display },
	{ "calendar", loaded_first },
	{ "deadlines", load_deadlines },
	{ "teams", load_teams },
	{ "agents", load_agents },
	{ "revisit", load_revisit },
	{ "confirm", load_confirm },
	{ "reopen_days", load_reopen_days },
};
#define NKEYS (sizeof(policy_keys) / sizeof(policy_keys[0]))

static const struct error *
unknown_key(const struct policy *p, const struct ypair *it, const char *file)
{
	struct strbuf keys = STRBUF_INIT;
	const struct error *err;

	for (size_t k = 0; k < NKEYS; k++)
		sb_addf(&keys, "%s, ", policy_keys[k].key);
	for (int id = 0; id < V_COUNT; id++)
		if (p->vocab[id].section)
			sb_addf(&keys, "%s, ", p->vocab[id].section);
	keys.buf[keys.len - 2] = '\0';
	err = error_new(ERR_DATA, "%s:%u:%u: unknown key '%s'; expected one of %s",
	    file, it->line, it->col, it->key, keys.buf);
	sb_release(&keys);
	return err;
}

const struct error *
policy_load_buf(struct policy *p, const char *buf, size_t len, const char *file)
{
	const struct error *err;
	struct ynode *root;

	policy_default(p);
	if ((err = yaml_load_buf(buf, len, file, &root)) != NULL) {
		policy_release(p);
		return err;
	}
	/* The calendar first: durations are checked against it; then the
	 * lists, which the rules name. */
	if (ynode_get(root, "calendar"))
		err = load_calendar(p, ynode_get(root, "calendar"), file);
	if (err == NULL)
		err = policy_vocab_load(p, root, file);
	for (size_t i = 0; i < root->nr && err == NULL; i++) {
		const struct ypair *it = &root->items[i];
		int known = 0;

		for (int id = 0; id < V_COUNT; id++)
			known |= p->vocab[id].section &&
			    strcmp(it->key, p->vocab[id].section) == 0;
		for (size_t k = 0; k < NKEYS && !known; k++)
			if (strcmp(it->key, policy_keys[k].key) == 0) {
				known = 1;
				err = policy_keys[k].load(p, it->val, file);
			}
		if (!known)
			err = unknown_key(p, it, file);
	}
	if (err == NULL)
		err = policy_vocab_check(p, file);
	if (err == NULL)
		vocab_use(p->vocab);
	ynode_free(root);
	if (err)
		policy_release(p);
	return err;
}
