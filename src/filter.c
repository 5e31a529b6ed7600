/* filter.c — ticket filters for list and export; see filter.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"
#include "lifecycle.h"
#include "search.h"

static const struct error *
enum_set(const struct cmd_ctx *c, const char *name, const struct enum_def *e,
    uint64_t *out)
{
	const char *v = cmd_opt(c, name);

	*out = 0;
	while (v && *v) {
		const char *comma = strchr(v, ',');
		size_t n = comma ? (size_t)(comma - v) : strlen(v);
		char word[128];
		int i;

		snprintf(word, sizeof(word), "%.*s", (int)n, v);
		if (n >= sizeof(word) || (i = enum_lookup(e, word)) < 0) {
			struct strbuf sb = STRBUF_INIT;
			const struct error *err;
			enum_describe(e, &sb);
			err = error_new(ERR_USAGE, "--%s '%s' is not a %s; use one of %s",
			    name, word, e->name, sb.buf);
			sb_release(&sb);
			return err;
		}
		*out |= (uint64_t)1 << i;
		v += n + (comma != NULL);
	}
	return NULL;
}

static const struct error *
date_opt(const struct cmd_ctx *c, const char *name, int *set, struct ctime *out)
{
	const char *v = cmd_opt(c, name);
	char what[32];

	*set = v != NULL;
	snprintf(what, sizeof(what), "--%s", name);
	return v ? clock_arg(what, v, &c->now, out) : NULL;
}

const struct error *
filter_parse(struct filter *f, struct cmd_ctx *c)
{
	const struct error *err;

	memset(f, 0, sizeof(*f));
	f->now = c->now;
	f->assignee = cmd_opt(c, "assignee");
	if (cmd_flag(c, "mine")) {
		/* the acting agent: --by, else $CSTK_USER, else $USER */
		if (f->assignee)
			return error_new(ERR_USAGE, "give --mine or --assignee, not both");
		if ((err = cmd_actor(c)) != NULL)
			return err;
		f->assignee = c->ev.by;
	}
	f->grep = cmd_opt(c, "grep");
	f->overdue = cmd_flag(c, "overdue");
	if ((err = enum_set(c, "status", vocab(V_STATUS), &f->status)) != NULL ||
	    (err = enum_set(c, "category", vocab(V_CATEGORY), &f->category)) != NULL ||
	    (err = enum_set(c, "priority", vocab(V_PRIORITY), &f->priority)) != NULL ||
	    (err = enum_set(c, "channel", vocab(V_CHANNEL), &f->channel)) != NULL ||
	    (err = enum_set(c, "tier", vocab(V_TIER), &f->tier)) != NULL ||
	    (err = date_opt(c, "since", &f->since_set, &f->since)) != NULL ||
	    (err = date_opt(c, "until", &f->until_set, &f->until)) != NULL)
		return err;
	if (f->since_set && f->until_set && f->until.t <= f->since.t)
		return error_new(ERR_USAGE, "the period is empty: --until '%s' must be after "
		    "--since '%s'", cmd_opt(c, "until"), cmd_opt(c, "since"));
	if (f->grep && *f->grep == '\0')
		return error_new(ERR_USAGE, "--grep is empty");
	f->customer = cmd_opt(c, "customer");
	f->order = cmd_opt(c, "order");
	f->email = cmd_opt(c, "email");
	if ((f->customer && !*f->customer) || (f->order && !*f->order) || (f->email && !*f->email))
		return error_new(ERR_USAGE, "--%s is empty", f->customer && !*f->customer ?
		    "customer" : f->order && !*f->order ? "order" : "email");
	if (cmd_opt(c, "phone")) {
		const char *p = cmd_opt(c, "phone");
		size_t n = 0;
		for (; *p && n + 1 < sizeof(f->phone); p++) {
			if (*p >= '0' && *p <= '9')
				f->phone[n++] = *p;
			else if (!strchr(" +-().", *p))
				return error_new(ERR_USAGE, "--phone '%s' should be digits (spaces, "
				    "+, -, ( ) and dots are fine)", cmd_opt(c, "phone"));
		}
		f->phone[n] = '\0';
		if (n < 4)
			return error_new(ERR_USAGE, "--phone '%s' has %zu digits; give at least "
			    "the last 4", cmd_opt(c, "phone"), n);
	}
	f->grep_folded = f->grep ? search_fold(f->grep) : NULL;	/* last: nothing to undo */
	return NULL;
}

/*
 * The same number in any format: compare the digits, the shorter at the
 * end of the longer (a country code, or only the last digits, given).
 */
static int
phone_match(const char *stored, const char *digits)
{
	char s[32];
	size_t n = ix_phone_digits(stored, s), m = strlen(digits);

	if (n < 4)
		return 0;
	return n >= m ? strcmp(s + n - m, digits) == 0 : strcmp(digits + m - n, s) == 0;
}

static int
in_bits(uint64_t set, int v)
{
	return set == 0 || (v >= 0 && v < 64 && (set & ((uint64_t)1 << v)));
}

int
filter_match_rec(const struct filter *f, const struct index *ix, const struct ix_rec *r)
{
	int64_t due;
	const char *a = ix_str(ix, r->s[IXS_ASSIGNEE]);

	if (!in_bits(f->status, r->status) || !in_bits(f->category, r->category) ||
	    !in_bits(f->priority, r->priority) || !in_bits(f->channel, r->channel) ||
	    !in_bits(f->tier, r->tier))
		return 0;
	if (f->assignee && strcmp(a, f->assignee) != 0)
		return 0;
	if (r->t[IXT_CREATED] != IX_NONE) {
		if (f->since_set && r->t[IXT_CREATED] < f->since.t)
			return 0;
		if (f->until_set && r->t[IXT_CREATED] >= f->until.t)
			return 0;
	}
	if (f->overdue && lc_hours_over(r->status, r->t[IXT_RESPONDED], r->t[IXT_DUE_RESPONSE],
	    r->t[IXT_DUE_RESOLUTION], r->t[IXT_REVISIT_DUE], f->now.t, &due) <= 0)
		return 0;
	if (f->phone[0] && !phone_match(ix_str(ix, r->s[IXS_PHONE]), f->phone))
		return 0;
	if (f->customer && !search_contains(ix_str(ix, r->s[IXS_NAME]), f->customer))
		return 0;
	if (f->order && strcmp(ix_str(ix, r->s[IXS_ORDER]), f->order) != 0)
		return 0;
	if (f->email && strcasecmp(ix_str(ix, r->s[IXS_EMAIL]), f->email) != 0)
		return 0;
	/* The searchable text the index keeps (search.h): one answer. */
	if (f->grep_folded) {
		const char *text = index_text_loaded(ix);
		if (text == NULL || !search_in(text + r->txt, r->ntxt, f->grep_folded))
			return 0;
	}
	return 1;
}

int
filter_match(const struct filter *f, const struct ticket *t)
{
	struct index one;
	int ok;

	/* The same record the index holds: one set of rules. */
	index_one(&one, t);
	ok = filter_match_rec(f, &one, &one.rec[0]);
	index_release_one(&one);
	return ok;
}

void
filter_release(struct filter *f)
{
	free(f->grep_folded);
	f->grep_folded = NULL;
}
