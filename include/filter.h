/*
 * filter.h — the ticket filters shared by `list` and `export`:
 * --status --category --priority --assignee --channel --tier --overdue
 * --since --until --grep.  Enumerated filters take a comma-separated list
 * (English or Chinese); --since/--until bound `created` ([since, until)).
 */
#ifndef CSTK_FILTER_H
#define CSTK_FILTER_H

#include <stdint.h>

#include "clock.h"
#include "cmd.h"
#include "index.h"
#include "ticket.h"

struct filter {
	uint64_t status, category, priority, channel, tier;	/* bit sets; 0: any */
	const char *assignee;
	const char *grep;
	char *grep_folded;	/* as search.h compares it (filter_release frees it) */
	/* Find a caller (SPEC §10): phone digits, name substring, order, e-mail. */
	char phone[32];		/* digits only; "" when not given */
	const char *customer, *order, *email;
	int overdue;
	int since_set, until_set;
	struct ctime since, until, now;
};

/* The option table entries, to splice into a command's options. */
#define FILTER_OPTS \
	{ "status", "S[,S]", 0, N_("only these statuses: {status}") }, \
	{ "category", "C[,C]", 0, N_("only these categories: {category}") }, \
	{ "priority", "P[,P]", 0, N_("only these priorities: {priority}") }, \
	{ "assignee", "NAME", 0, N_("only tickets assigned to NAME") }, \
	{ "mine", NULL, 0, N_("only tickets assigned to me (--by, else $CSTK_USER, else $USER)") }, \
	{ "channel", "CH[,CH]", 0, N_("only these channels: {channel}") }, \
	{ "tier", "T[,T]", 0, N_("only these customer tiers: {tier}") }, \
	{ "overdue", NULL, 0, N_("only tickets past their response, resolution or revisit deadline") }, \
	{ "since", "DATE", 0, N_("only tickets created at or after DATE") }, \
	{ "until", "DATE", 0, N_("only tickets created before DATE") }, \
	{ "grep", "TEXT", 0, N_("only tickets whose subject, description, product, order, expectation, plan, resolution, module, customer ID or notes contain TEXT (ASCII in any case)") }, \
	{ "phone", "DIGITS", 0, N_("only this customer's phone, in any format (+86 138-5678-1234), or its last 4+ digits") }, \
	{ "customer", "NAME", 0, N_("only customers whose name contains NAME") }, \
	{ "order", "ORDER", 0, N_("only tickets about this order number") }, \
	{ "email", "EMAIL", 0, N_("only this customer's e-mail (any case)") }

/* --mine resolves the acting agent (cmd_actor).  Release a parsed filter
 * with filter_release(). */
const struct error *filter_parse(struct filter *f, struct cmd_ctx *c);
int filter_match(const struct filter *f, const struct ticket *t);
/* The same on an index record: with --grep, of a set loaded with its
 * text (ix_want.text) or a one-record index (index_one). */
int filter_match_rec(const struct filter *f, const struct index *ix,
    const struct ix_rec *r);
void filter_release(struct filter *f);
#endif
