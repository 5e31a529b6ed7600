/*
 * ticket.h — the ticket model (SPEC §4): one field table that drives
 * validation on load, key order on write, `update --set`, masking and the
 * CSV columns.  A field is added in one place: the table in ticket.c.
 *
 * A ticket is its YAML tree; keys cstk does not know stay in the tree and
 * are written back unchanged after the known ones.
 */
#ifndef CSTK_TICKET_H
#define CSTK_TICKET_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "vocab.h"
#include "error.h"
#include "ynode.h"

enum field_type {
	FT_INT,		/* non-negative integer */
	FT_STR,		/* one line of text */
	FT_TEXT,	/* text, may span lines */
	FT_TIME,	/* RFC 3339 */
	FT_ENUM,	/* one of the vocabulary `voc` (vocab.h) */
	FT_ID,		/* a ticket ID */
	FT_IDS,		/* ticket IDs, separated by spaces */
	FT_MAP,		/* a group: customer, due, revisit */
	FT_HISTORY,	/* the audit trail */
};

enum field_flag {
	FF_REQUIRED = 1,	/* every ticket has it */
	FF_SET = 2,		/* `update --set` may change it */
	FF_PERSONAL = 4,	/* masked in output unless --reveal */
	FF_KEEP = 8,		/* `update --set` may change it but not empty it */
	FF_PAST = 16,		/* the read model keeps the values it had (IXV_VALUE):
				 * a report on a past period groups by the one then */
};

enum field_id {
	F_SCHEMA, F_ID, F_STATUS, F_OUTCOME, F_CREATED, F_UPDATED, F_CHANNEL,
	F_CUSTOMER, F_CUST_NAME, F_CUST_PHONE, F_CUST_EMAIL, F_CUST_ID, F_CUST_TIER,
	F_ORDER, F_REF, F_PRODUCT, F_SUBJECT, F_DESCRIPTION, F_EXPECTATION,
	F_CATEGORY, F_MODULE, F_PRIORITY, F_DUE, F_DUE_RESPONSE, F_DUE_RESOLUTION,
	F_DUE_CONFIRM, F_DUE_PROMISED,
	F_TEAM, F_ASSIGNEE, F_RESPONDED, F_CONTACTS, F_PLAN, F_ESCALATIONS, F_ROUNDS,
	F_RESOLUTION, F_RESPONSIBILITY, F_COMPENSATION, F_RESOLVED,
	F_SATISFACTION, F_COMMENT, F_CONFIRMED, F_CONFIRM_ATTEMPTS,
	F_REVISIT, F_REVISIT_DUE, F_REVISIT_DONE, F_REVISIT_SATISFACTION,
	F_REVISIT_RESULT, F_REVISIT_ATTEMPTS, F_REVISIT_NEXT,
	F_ARCHIVED, F_REJECT_REASON, F_DUPLICATE_OF, F_RELATED, F_HISTORY,
	F_COUNT
};

/*
 * The read model's slots (index.h): where a field's value sits in an
 * index record.  A field names its kind of slot and its slot in the table.
 */
enum ix_kind { IXK_NONE, IXK_TIME, IXK_STR, IXK_ENUM, IXK_INT };
enum ix_time { IXT_CREATED, IXT_UPDATED, IXT_DUE_RESPONSE, IXT_DUE_RESOLUTION,
	IXT_RESPONDED, IXT_RESOLVED, IXT_CONFIRMED, IXT_ARCHIVED, IXT_REVISIT_DUE,
	IXT_REVISIT_DONE, IXT_PROMISED, IXT_REVISIT_NEXT, IXT_COUNT };
/* Interned strings of a record (0: none); CUSTOMER_KEY is derived. */
enum ix_str { IXS_ID, IXS_MODULE, IXS_ASSIGNEE, IXS_TEAM, IXS_CUSTOMER_KEY,
	IXS_NAME, IXS_PHONE, IXS_SUBJECT, IXS_EMAIL, IXS_CUSTOMER_ID, IXS_ORDER,
	IXS_PRODUCT, IXS_COMPENSATION, IXS_RESOLUTION, IXS_DUPLICATE_OF, IXS_RELATED,
	IXS_COUNT };
enum ix_enum { IXE_STATUS, IXE_CATEGORY, IXE_PRIORITY, IXE_CHANNEL, IXE_TIER,
	IXE_RESPONSIBILITY, IXE_SATISFACTION, IXE_REVISIT_SATISFACTION, IXE_OUTCOME,
	IXE_COUNT };
enum ix_int { IXN_ROUNDS, IXN_ESCALATIONS, IXN_CONTACTS, IXN_ATTEMPTS,
	IXN_CONFIRM_ATTEMPTS, IXN_COUNT };

struct field {
	const char *path;	/* "customer.name" */
	enum field_type type;
	enum vocab_id voc;	/* FT_ENUM: its list of values */
	unsigned flags;
	const char *csv;	/* CSV column name (export, import), or NULL */
	int col;		/* place among the export columns, 1-based; 0: none */
	enum ix_kind ix;	/* its slot in the read model, if any */
	int slot;		/* enum ix_time, ix_str, ix_enum or ix_int */
};

extern const struct field fields[F_COUNT];

/* The export columns of SPEC §7, in their contract order (from `col`). */
#define NEXPORT 33
const enum field_id *field_export_columns(void);
#define export_columns (field_export_columns())

/* The field table's lists, ", "-separated, for help texts and the man page
 * (a unit test checks the man page against them): the keys `update --set`
 * takes, the export columns in order, the import columns besides them. */
enum field_list { FL_SET, FL_EXPORT, FL_IMPORT };
struct strbuf;
void field_names(struct strbuf *sb, enum field_list which);

struct ticket {
	struct ynode *root;
	/* Keys and values that held characters a terminal must not get (C0,
	 * C1, bidi overrides), escaped when the file was loaded; where the
	 * first was.  `check` reports them. */
	unsigned unsafe, unsafe_line, unsafe_col;
};

/* Whether a history entry's key `k` holds a value of the field its "key"
 * names: "value" (what `update --set` set) and "previous" (what it
 * replaced). */
int ticket_history_value_key(const char *k);
/* A field by its dotted path, or NULL. */
const struct field *field_by_path(const char *path);
enum field_id field_id_of(const struct field *f);

/* A new ticket: schema 1, `id`, `status`, `created`=`updated`=`at`. */
void ticket_init(struct ticket *t, const char *id, const struct ctime *at);
void ticket_release(struct ticket *t);

const char *ticket_str(const struct ticket *t, enum field_id f);	/* NULL if absent */
long ticket_int(const struct ticket *t, enum field_id f);	/* 0 if absent */
int ticket_time(const struct ticket *t, enum field_id f, struct ctime *out); /* 0 | -1 */
/* The time as seconds since the epoch, TIME_NONE if absent or malformed. */
#define TIME_NONE INT64_MIN
int64_t ticket_secs(const struct ticket *t, enum field_id f);
enum status ticket_status(const struct ticket *t);
/* Set a scalar field; NULL or "" removes it. */
void ticket_set(struct ticket *t, enum field_id f, const char *value);
void ticket_set_int(struct ticket *t, enum field_id f, long v);
void ticket_set_time(struct ticket *t, enum field_id f, const struct ctime *ct);

/* Who did something, and when: what every history entry starts with. */
struct event {
	const char *by;		/* the actor */
	struct ctime at;	/* when it happened */
	const char *login;	/* a shared store's Unix login when it is not
				 * the actor's (SPEC §11); else NULL */
};

/*
 * Append a history entry.  `extra` is NULL or a NULL-terminated list of
 * key, value pairs (values may be NULL: skipped).  Also sets `updated`.
 */
void ticket_log(struct ticket *t, const struct event *ev, const char *action,
    const char *from, const char *to, const char *note, const char *const *extra);

/*
 * Check a loaded tree against the field table.  Each problem goes to
 * `report` as "FILE:LINE:COL: message"; returns how many there were.
 * `report` may be NULL: then the first problem is returned in *first.
 */
size_t ticket_validate(const struct ynode *root, const char *file,
    void (*report)(void *ctx, const char *msg), void *ctx,
    const struct error **first);

/* Put known keys in table order (unknown ones after, as they were) and
 * give known scalars their canonical style. */
void ticket_normalize(struct ticket *t);

/* Add key: value to the latest history entry (what an event compared). */
void ticket_log_annotate(struct ticket *t, const char *key, const char *value);

/* Is `s` a well-formed ticket ID "PREFIX-YYYYMMDD-NNNN", or with a site
 * "PREFIX-YYYYMMDD-SITENNNN" (SITE: 1-4 capital letters, SPEC §11)? */
int ticket_id_valid(const char *s);
/* Is `id` one of the space-separated IDs of an FT_IDS value (related)? */
int ticket_ids_have(const char *ids, const char *id);

#endif
