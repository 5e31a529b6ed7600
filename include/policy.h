/*
 * policy.h — the store's rules, read from cstk.yaml on every command:
 * the team's vocabulary (vocab.h) with deadlines per priority (durations,
 * calendar.h) and category → team routing, the working calendar, deadline
 * rules, team members, the revisit rules and the ID prefix.  Loading a
 * policy puts its vocabulary in force (vocab_use) until it is released.  An unknown key or value is an error
 * with FILE:LINE:COL, never a silent default.
 */
#ifndef CSTK_POLICY_H
#define CSTK_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "error.h"
#include "vocab.h"

struct team {
	char *name;
	char **members;
	size_t nr;
	unsigned line, col;	/* in cstk.yaml; 0: built in */
};

/* What the policy says about one value of a list (vocab.h), beside its
 * key, label and aliases. */
/* agents: an agent name and the Unix login that acts as it (SPEC §11). */
struct agent {
	char *name;
	char *login;
	unsigned line, col;	/* in cstk.yaml */
};

struct policy_value {
	struct duration response, resolution;	/* priorities: the deadlines */
	char *team;		/* categories: the team that owns it (owned) */
	unsigned team_line, team_col;	/* where cstk.yaml names the team */
	int revisit;		/* tiers, categories: revisited (the map form) */
	int revisit_days;	/* tiers: within this many days (the map form) */
	unsigned line, col;	/* where cstk.yaml lists it; 0: built in */
};

/*
 * A deadline rule: `when` the ticket matches every key it names (each a
 * value or a list of values; priority, category, tier, channel, module),
 * it sets the figures it names.  Rules are tried top-down after the
 * priority's defaults; the first that matches wins.
 */
enum dl_figure { DL_RESPONSE, DL_RESOLUTION, DL_CONFIRM, DL_COUNT };
enum dl_start { DL_FROM_CREATED, DL_FROM_ASSIGNED };
/* What a rule's `when` matches: every key it names must match. */
struct when {
	uint64_t priority, category, tier, channel;	/* bit sets; 0: any */
	char **modules;					/* NULL: any */
	size_t nmodules;
};

struct deadline_rule {
	struct when when;
	int has[DL_COUNT];
	struct duration dur[DL_COUNT];
	enum dl_start start;
	unsigned line;		/* in cstk.yaml, for `cstk why` */
};

/* A revisit window: tickets matching `when` are revisited within `within`
 * of the customer's confirmation. */
struct revisit_rule {
	struct when when;
	struct duration within;
	int tries;		/* calls without an answer before it is missed; 0: the policy's */
	unsigned line;
};

/* The deadlines that apply to a ticket, and where they come from. */
struct deadlines {
	int has[DL_COUNT];
	struct duration dur[DL_COUNT];
	enum dl_start start;
	const struct deadline_rule *rule;	/* NULL: the priority's defaults */
};

enum display { DISPLAY_LOCALE, DISPLAY_LABELS, DISPLAY_KEYS };

struct policy {
	char prefix[17];
	/* The lists in force (vocab.h): built in, extended by cstk.yaml; and
	 * beside each value what the policy says about it. */
	struct enum_def vocab[V_COUNT];
	struct enum_value *values[V_COUNT];	/* owned; vocab[i].v points here */
	struct policy_value *val[V_COUNT];
	enum display display;	/* labels or keys in tables; default: locale */
	struct calendar calendar;	/* what bh and bd count */
	struct deadline_rule *rules;	/* deadlines:, in order */
	size_t nrules;
	/* revisit: as rules ([{when: …, within: 3d}, …]); none: the map form */
	struct revisit_rule *revisits;
	size_t nrevisits;
	struct team *teams;
	size_t nteams;
	struct agent *agents;	/* agents: {zhang: {login: zhangsan}} */
	size_t nagents;
	/* The customer's confirmation: calls without an answer before `close
	 * --unconfirmed` (confirm: {tries: 3}); revisit calls before a revisit
	 * is missed (revisit: tries); how long an archived ticket may be
	 * reopened (reopen_days: 30). */
	int confirm_tries, revisit_tries, reopen_days;
};

/*
 * Mistakes that load but make a command fail later (an empty team): each
 * reported as "cstk.yaml:LINE:COL: …" for `cstk check`.  Returns how many.
 */
size_t policy_lint(const struct policy *p, const char *file,
    void (*report)(void *ctx, const char *msg), void *ctx);

/* The team of a category (vocab index), or NULL. */
const char *policy_team_of(const struct policy *p, int category);

/* The built-in default, identical to what `cstk init` writes. */
void policy_default(struct policy *p);
const struct error *policy_load_buf(struct policy *p, const char *buf, size_t len,
    const char *file);
void policy_release(struct policy *p);
const struct team *policy_team(const struct policy *p, const char *name);
/* The agent the Unix `login` acts as (agents:), NULL when none. */
const char *policy_agent_of(const struct policy *p, const char *login);
/* The deadlines for these values (enum indices, -1 unknown; module may be
 * NULL): the priority's, then the first matching rule's. */
void policy_deadlines(const struct policy *p, int priority, int category, int tier,
    int channel, const char *module, struct deadlines *out);
/*
 * Is a revisit due for these values (enum indices, -1 unknown), and within
 * what?  The first matching revisit rule, or with the map form the tiers
 * and categories listed, within the tier's days.  *rule: the rule, or NULL.
 */
int policy_revisit(const struct policy *p, int priority, int category, int tier,
    int channel, const char *module, struct duration *within,
    const struct revisit_rule **rule);
/* The revisit tries of this ticket's rule (policy_revisit), else the policy's. */
int policy_revisit_tries(const struct policy *p, const struct revisit_rule *rule);

/* The commented default cstk.yaml that `cstk init` writes. */
extern const char policy_default_text[];

#endif
