/*
 * enums.h — every enumerated value of SPEC §1–2, with its Chinese aliases.
 *
 * Input accepts the English form (any case) or any Chinese alias; files
 * always store the English form.  The order of values is fixed: the
 * indices below are used by policy and the lifecycle.
 */
#ifndef CSTK_ENUMS_H
#define CSTK_ENUMS_H

#include "strbuf.h"

struct enum_value {
	const char *en;
	const char *zh[4];	/* aliases, the first is shown; NULL-terminated */
};

struct enum_def {
	const char *name;	/* "priority" */
	const struct enum_value *v;
	int n;
};

enum status { ST_INTAKE, ST_CLASSIFIED, ST_ASSIGNED, ST_RESOLVED, ST_FOLLOWUP,
	ST_ARCHIVED, ST_COUNT };
enum category { CAT_INQUIRY, CAT_COMPLAINT, CAT_AFTERSALES, CAT_REQUEST, CAT_COUNT };
enum priority { PRIO_URGENT, PRIO_NORMAL, PRIO_LOW, PRIO_COUNT };
enum satisfaction { SAT_SATISFIED, SAT_NEUTRAL, SAT_UNSATISFIED, SAT_COUNT };
enum tier { TIER_NEW, TIER_REGULAR, TIER_VIP, TIER_COUNT };

extern const struct enum_def enum_status;
extern const struct enum_def enum_category;
extern const struct enum_def enum_priority;
extern const struct enum_def enum_satisfaction;
extern const struct enum_def enum_tier;
extern const struct enum_def enum_channel;
extern const struct enum_def enum_responsibility;
extern const struct enum_def enum_outcome;

/* Index of the value `in` names (English any case, or Chinese), or -1. */
int enum_lookup(const struct enum_def *e, const char *in);
/* Canonical English spelling of `in`, or NULL. */
const char *enum_parse(const struct enum_def *e, const char *in);
/* The first Chinese alias of an English value, or the value itself. */
const char *enum_zh(const struct enum_def *e, const char *en);
/* "urgent (紧急), normal (一般), low (低优先级)" for error messages. */
void enum_describe(const struct enum_def *e, struct strbuf *out);

#endif
