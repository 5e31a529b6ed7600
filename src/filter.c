/* filter.c — ticket filters for list and export; see filter.h. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "filter.h"

static const struct error *
enum_set(const struct cmd_ctx *c, const char *name, const struct enum_def *e,
    unsigned *out)
{
	const char *v = cmd_opt(c, name);

	*out = 0;
	while (v && *v) {
		const char *comma = strchr(v, ',');
		size_t n = comma ? (size_t)(comma - v) : strlen(v);
		char word[64];
		int i;

		snprintf(word, sizeof(word), "%.*s", (int)n, v);
		if ((i = enum_lookup(e, word)) < 0) {
			struct strbuf sb = STRBUF_INIT;
			const struct error *err;
			enum_describe(e, &sb);
			err = error_new(ERR_USAGE, "--%s '%s' is not a %s; use one of %s",
			    name, word, e->name, sb.buf);
			sb_release(&sb);
			return err;
		}
		*out |= 1u << i;
		v += n + (comma != NULL);
	}
	return NULL;
}

static const struct error *
date_opt(const struct cmd_ctx *c, const char *name, int *set, struct ctime *out)
{
	const char *v = cmd_opt(c, name);

	*set = v != NULL;
	if (v && clock_parse_user(v, &c->now, out))
		return error_new(ERR_USAGE, "--%s '%s' is not a date; use YYYY-MM-DD or "
		    "RFC 3339", name, v);
	return NULL;
}

const struct error *
filter_parse(struct filter *f, const struct cmd_ctx *c)
{
	const struct error *err;

	memset(f, 0, sizeof(*f));
	f->now = c->now;
	f->assignee = cmd_opt(c, "assignee");
	f->grep = cmd_opt(c, "grep");
	f->overdue = cmd_flag(c, "overdue");
	if ((err = enum_set(c, "status", &enum_status, &f->status)) != NULL ||
	    (err = enum_set(c, "category", &enum_category, &f->category)) != NULL ||
	    (err = enum_set(c, "priority", &enum_priority, &f->priority)) != NULL ||
	    (err = enum_set(c, "channel", &enum_channel, &f->channel)) != NULL ||
	    (err = enum_set(c, "tier", &enum_tier, &f->tier)) != NULL ||
	    (err = date_opt(c, "since", &f->since_set, &f->since)) != NULL ||
	    (err = date_opt(c, "until", &f->until_set, &f->until)) != NULL)
		return err;
	if (f->grep && *f->grep == '\0')
		return error_new(ERR_USAGE, "--grep is empty");
	return NULL;
}

static int
in_set(unsigned set, const struct enum_def *e, const char *v)
{
	int i;

	if (set == 0)
		return 1;
	i = enum_lookup(e, v);
	return i >= 0 && (set & (1u << i));
}

/* Case-insensitive for ASCII; CJK matches byte for byte. */
static int
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (hay == NULL)
		return 0;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

static int
grep_match(const struct ticket *t, const char *g)
{
	static const enum field_id where[] = { F_SUBJECT, F_DESCRIPTION, F_PRODUCT,
		F_ORDER, F_EXPECTATION, F_PLAN, F_RESOLUTION, F_MODULE, F_CUST_ID };
	const struct ynode *hist = ynode_get(t->root, "history");

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (contains(ticket_str(t, where[i]), g))
			return 1;
	for (size_t i = 0; hist && hist->kind == YNODE_SEQ && i < hist->nr; i++)
		if (contains(ynode_get_str(hist->items[i].val, "note"), g))
			return 1;
	return 0;
}

double
filter_hours_over(const struct ticket *t, const struct ctime *now, struct ctime *due)
{
	enum status st = ticket_status(t);
	struct ctime d;

	if (st == ST_ARCHIVED)
		return 0;
	if (st <= ST_ASSIGNED && ticket_str(t, F_RESPONDED) == NULL &&
	    ticket_time(t, F_DUE_RESPONSE, &d) == 0 && d.t < now->t) {
		if (due)
			*due = d;
		return (double)(now->t - d.t) / 3600.0;
	}
	if (st <= ST_ASSIGNED && ticket_time(t, F_DUE_RESOLUTION, &d) == 0 &&
	    d.t < now->t) {
		if (due)
			*due = d;
		return (double)(now->t - d.t) / 3600.0;
	}
	return 0;
}

int
filter_match(const struct filter *f, const struct ticket *t)
{
	struct ctime created;

	if (!in_set(f->status, &enum_status, ticket_str(t, F_STATUS)) ||
	    !in_set(f->category, &enum_category, ticket_str(t, F_CATEGORY)) ||
	    !in_set(f->priority, &enum_priority, ticket_str(t, F_PRIORITY)) ||
	    !in_set(f->channel, &enum_channel, ticket_str(t, F_CHANNEL)) ||
	    !in_set(f->tier, &enum_tier, ticket_str(t, F_CUST_TIER)))
		return 0;
	if (f->assignee) {
		const char *a = ticket_str(t, F_ASSIGNEE);
		if (a == NULL || strcmp(a, f->assignee) != 0)
			return 0;
	}
	if ((f->since_set || f->until_set) && ticket_time(t, F_CREATED, &created) == 0) {
		if (f->since_set && created.t < f->since.t)
			return 0;
		if (f->until_set && created.t >= f->until.t)
			return 0;
	}
	if (f->overdue && filter_hours_over(t, &f->now, NULL) <= 0)
		return 0;
	if (f->grep && !grep_match(t, f->grep))
		return 0;
	return 1;
}
