/*
 * vocab.h — the values of enumerated fields: a key (what files, CSV and
 * JSON store), a label (how people see it) and aliases (what people may
 * type: Simplified and Traditional forms, short forms).
 *
 * Status and outcome are the lifecycle's own and compiled in.  The others
 * are the team's vocabulary (SPEC §9): built-in defaults here, replaced by
 * the store's cstk.yaml when it is loaded (policy.c calls vocab_use).
 * Input accepts a key (any case), a label or an alias; files store keys.
 */
#ifndef CSTK_VOCAB_H
#define CSTK_VOCAB_H

#include <stdint.h>

#include "strbuf.h"

enum vocab_id { V_STATUS, V_OUTCOME, V_PRIORITY, V_CATEGORY, V_CHANNEL, V_TIER,
	V_MODULE, V_RESPONSIBILITY, V_SATISFACTION, V_COUNT };

/* At most this many values per list (a rule's `when` is a bit set). */
#define VOCAB_MAX 64

struct enum_value {
	const char *key;
	const char *label;
	const char *const *aliases;	/* NULL-terminated; may be NULL */
};

struct enum_def {
	const char *name;	/* "priority" */
	const char *section;	/* its list in cstk.yaml: "priorities"; NULL: fixed */
	const struct enum_value *v;
	int n;
	int open;		/* files may hold any text (module); input is
				 * checked once the team lists values */
};

/* Lifecycle states: fixed, the lifecycle's rules depend on them. */
enum status { ST_INTAKE, ST_CLASSIFIED, ST_ASSIGNED, ST_RESOLVED, ST_FOLLOWUP,
	ST_ARCHIVED, ST_COUNT };
/* Satisfaction keeps exactly these three meanings (CSAT counts them). */
enum satisfaction { SAT_SATISFIED, SAT_NEUTRAL, SAT_UNSATISFIED, SAT_COUNT };

/* The list in force: the store's vocabulary, or the built-in default. */
const struct enum_def *vocab(enum vocab_id id);
/* The built-in default list. */
const struct enum_def *vocab_builtin(enum vocab_id id);
/* Use these lists (V_COUNT of them; NULL: the built-in ones).  The caller
 * keeps them alive until vocab_use(NULL). */
void vocab_use(const struct enum_def *defs);
/* A fingerprint of the keys in force, for caches that store indices. */
uint64_t vocab_fingerprint(void);

/* Index of the value `in` names (key any case, label or alias), or -1. */
int enum_lookup(const struct enum_def *e, const char *in);
/* The key of the value `in` names, or NULL. */
const char *enum_parse(const struct enum_def *e, const char *in);
/* The key of value i, or NULL when i is out of range. */
const char *vocab_key(enum vocab_id id, int i);
/* The label of a key (the key itself when it has none or is unknown). */
const char *enum_label(const struct enum_def *e, const char *key);
/* "urgent (紧急), normal (一般), low (低优先级)" for error messages. */
void enum_describe(const struct enum_def *e, struct strbuf *out);

/*
 * How values are shown in tables, cards and the HTML report: keys, or
 * labels (a Chinese locale or `display: labels`).  CSV and JSON always
 * carry keys unless `export --labels`.
 */
void vocab_show_labels(int on);
int vocab_labels_shown(void);
/* The key, or its label when labels are shown; NULL stays NULL. */
const char *vocab_show(enum vocab_id id, const char *key);
/* The same for value i of the list; `none` when i is out of range (-1). */
const char *vocab_show_at(enum vocab_id id, int i, const char *none);

#endif
