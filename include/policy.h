/*
 * policy.h — the store's rules, read from cstk.yaml on every command:
 * deadlines per priority (durations, calendar.h), the working calendar,
 * category → team routing, team members, the revisit rule and the ID
 * prefix.  An unknown key or value is an error
 * with FILE:LINE:COL, never a silent default.
 */
#ifndef CSTK_POLICY_H
#define CSTK_POLICY_H

#include <stddef.h>

#include "calendar.h"
#include "enums.h"
#include "error.h"

struct team {
	char *name;
	char **members;
	size_t nr;
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
	unsigned priority, category, tier, channel;	/* bit sets; 0: any */
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
	unsigned line;
};

/* The deadlines that apply to a ticket, and where they come from. */
struct deadlines {
	int has[DL_COUNT];
	struct duration dur[DL_COUNT];
	enum dl_start start;
	const struct deadline_rule *rule;	/* NULL: the priority's defaults */
};

struct policy {
	char prefix[17];
	struct duration response[PRIO_COUNT];	/* 1h, 15m, 1bd … */
	struct duration resolution[PRIO_COUNT];
	struct calendar calendar;	/* what bh and bd count */
	struct deadline_rule *rules;	/* deadlines:, in order */
	size_t nrules;
	/* revisit: as rules ([{when: …, within: 3d}, …]); none: the map form */
	struct revisit_rule *revisits;
	size_t nrevisits;
	char *team_of[CAT_COUNT];	/* owned */
	struct team *teams;
	size_t nteams;
	int revisit_tier[TIER_COUNT];	/* 1: this tier is revisited */
	int revisit_category[CAT_COUNT];
	int revisit_days[TIER_COUNT];
};

/* The built-in default, identical to what `cstk init` writes. */
void policy_default(struct policy *p);
const struct error *policy_load_buf(struct policy *p, const char *buf, size_t len,
    const char *file);
void policy_release(struct policy *p);
const struct team *policy_team(const struct policy *p, const char *name);
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

/* The commented default cstk.yaml that `cstk init` writes. */
extern const char policy_default_text[];

#endif
