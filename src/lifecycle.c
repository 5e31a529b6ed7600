/* lifecycle.c — allowed transitions and their effects; see lifecycle.h. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lifecycle.h"

/* What the user can do next from each status. */
static const char *next_step[ST_COUNT] = {
	[ST_INTAKE] = N_("classify it first: cstk classify %s --category C --priority P"),
	[ST_CLASSIFIED] = N_("assign it first: cstk assign %s [--to AGENT]"),
	[ST_ASSIGNED] = N_("resolve it with: cstk close %s --resolution TEXT"),
	[ST_RESOLVED] = N_("record the customer's confirmation: cstk close %s --satisfaction S"),
	[ST_FOLLOWUP] = N_("record the revisit: cstk revisit %s --satisfaction S (or --no-answer)"),
	[ST_ARCHIVED] = N_("it is archived; when the customer calls back about it: cstk reopen %s --reason TEXT"),
};

static const struct error *
refuse(const struct ticket *t, const char *verb)
{
	const char *id = ticket_str(t, F_ID);
	enum status st = ticket_status(t);
	char hint[160];

	snprintf(hint, sizeof(hint), _(next_step[st]), id);
	return error_new(ERR_REFUSED, _("cannot %s ticket '%s': it is in '%s'; %s"),
	    verb, id, vocab_show_at(V_STATUS, st, "?"), hint);
}

static void
move(struct ticket *t, const struct event *ev, const char *action, enum status to,
    const char *note, const char *const *extra)
{
	const char *from = vocab_key(V_STATUS, ticket_status(t));

	ticket_log(t, ev, action, from, vocab_key(V_STATUS, to), note, extra);
	ticket_set(t, F_STATUS, vocab_key(V_STATUS, to));
}

const struct ynode *
lc_history_find(const struct ticket *t, const char *action, int64_t since, int first)
{
	const struct ynode *h = ynode_get(t->root, "history"), *found = NULL;

	for (size_t i = 0; h && h->kind == YNODE_SEQ && i < h->nr; i++) {
		const struct ynode *e = h->items[i].val;
		const char *act = ynode_get_str(e, "action"), *at = ynode_get_str(e, "at");
		struct ctime ct;
		size_t n = act ? strlen(act) : 0, m = action ? strlen(action) : 0;

		if (at == NULL || clock_parse(at, &ct) || ct.t < since)
			continue;
		if (action ? (n >= m && strcmp(act + n - m, action) == 0)
		    : ynode_get(e, "due_resolution") != NULL || ynode_get(e, "due_response") != NULL) {
			found = e;
			if (first)
				break;
		}
	}
	return found;
}

static int
entry_time(const struct ynode *e, struct ctime *out)
{
	const char *at = e ? ynode_get_str(e, "at") : NULL;

	return at ? clock_parse(at, out) : -1;
}

void
lc_applicable(const struct ticket *t, const struct policy *p, struct deadlines *dl)
{
	policy_deadlines(p, enum_lookup(vocab(V_PRIORITY), ticket_str(t, F_PRIORITY)),
	    enum_lookup(vocab(V_CATEGORY), ticket_str(t, F_CATEGORY)),
	    enum_lookup(vocab(V_TIER), ticket_str(t, F_CUST_TIER)),
	    enum_lookup(vocab(V_CHANNEL), ticket_str(t, F_CHANNEL)), ticket_str(t, F_MODULE), dl);
}

int
lc_deadline_start(const struct ticket *t, const struct deadlines *dl, struct ctime *start)
{
	const struct ynode *reopened = lc_history_find(t, NULL, INT64_MIN, 0);

	/* This round counts from created, or from its reopening. */
	if (reopened ? entry_time(reopened, start) : ticket_time(t, F_CREATED, start))
		return -1;
	/* start: assigned — from the first assignment of the round (a reopened
	 * ticket is assigned the moment it reopens). */
	if (dl->start == DL_FROM_ASSIGNED && !reopened &&
	    entry_time(lc_history_find(t, "assign", start->t, 1), start))
		return -1;
	return 0;
}

void
lc_deadlines(struct ticket *t, const struct policy *p, int on_assign)
{
	static const enum field_id due[2] = { F_DUE_RESPONSE, F_DUE_RESOLUTION };
	struct deadlines dl;
	struct ctime start, at;
	int64_t skipped;

	lc_applicable(t, p, &dl);
	if (on_assign && dl.start != DL_FROM_ASSIGNED)
		return;
	if (lc_deadline_start(t, &dl, &start) < 0) {
		/* Counted from an assignment that has not happened yet. */
		for (int f = 0; f < 2; f++)
			ticket_set(t, due[f], NULL);
		return;
	}
	/* Working time the calendar counts (the policy refuses a calendar
	 * without a working day, so there always is some). */
	for (int f = 0; f < 2; f++)
		if (dl.has[f] && calendar_add(&p->calendar, &start, &dl.dur[f], &at, &skipped) == 0)
			ticket_set_time(t, due[f], &at);
}

void
lc_deadlines_again(struct ticket *t, const struct policy *p, char *old[2])
{
	static const enum field_id due[2] = { F_DUE_RESPONSE, F_DUE_RESOLUTION };

	for (int f = 0; f < 2; f++)
		old[f] = ticket_str(t, due[f]) ? xstrdup(ticket_str(t, due[f])) : NULL;
	lc_deadlines(t, p, 0);
	for (int f = 0; f < 2; f++)
		if (old[f] && ticket_str(t, due[f]) && strcmp(old[f], ticket_str(t, due[f])) == 0) {
			free(old[f]);
			old[f] = NULL;
		}
}

void
lc_confirm_deadline(struct ticket *t, const struct policy *p)
{
	struct deadlines dl;
	struct ctime resolved, at;
	int64_t skipped;

	lc_applicable(t, p, &dl);
	if (dl.has[DL_CONFIRM] && ticket_time(t, F_RESOLVED, &resolved) == 0 &&
	    calendar_add(&p->calendar, &resolved, &dl.dur[DL_CONFIRM], &at, &skipped) == 0)
		ticket_set_time(t, F_DUE_CONFIRM, &at);
	else
		ticket_set(t, F_DUE_CONFIRM, NULL);
}

double
lc_hours_over(int status, int64_t responded, int64_t due_response,
    int64_t due_resolution, int64_t revisit_due, int64_t at, int64_t *due)
{
	int contacted = responded != TIME_NONE && responded <= at;

	if (status == ST_FOLLOWUP && revisit_due != TIME_NONE && revisit_due < at) {
		*due = revisit_due;
		return (double)(at - revisit_due) / 3600.0;
	}
	if (status < ST_INTAKE || status > ST_ASSIGNED)
		return 0;
	if (!contacted && due_response != TIME_NONE && due_response < at) {
		*due = due_response;
		return (double)(at - due_response) / 3600.0;
	}
	if (due_resolution != TIME_NONE && due_resolution < at) {
		*due = due_resolution;
		return (double)(at - due_resolution) / 3600.0;
	}
	return 0;
}

const struct error *
lc_classify(struct ticket *t, const struct policy *p, const struct event *ev,
    const char *category, const char *priority, const char *module)
{
	enum status st = ticket_status(t);
	int cat = enum_lookup(vocab(V_CATEGORY), category);
	const char *team = cat >= 0 ? policy_team_of(p, cat) : NULL;
	/* Rerouting records where the ticket came from: a team, or none when
	 * one was taken from a classified ticket (a first classification
	 * gives it its first). */
	char *was = ticket_str(t, F_TEAM) ? xstrdup(ticket_str(t, F_TEAM)) : NULL;
	int rerouted = team && (was ? strcmp(was, team) != 0 : st == ST_CLASSIFIED);
	char *old[2];
	/* A reclassification records the values it replaces. */
	static const enum field_id given[3] = { F_CATEGORY, F_PRIORITY, F_MODULE };
	const char *to[3] = { category, priority, module };
	char *before[3] = { NULL, NULL, NULL };

	if (st != ST_INTAKE && st != ST_CLASSIFIED) {
		free(was);
		return refuse(t, "classify");
	}
	for (int i = 0; i < 3 && st == ST_CLASSIFIED; i++) {
		const char *v = ticket_str(t, given[i]);
		if (v && to[i] && strcmp(v, to[i]) != 0)
			before[i] = xstrdup(v);
	}
	ticket_set(t, F_CATEGORY, category);
	ticket_set(t, F_PRIORITY, priority);
	if (module)
		ticket_set(t, F_MODULE, module);
	if (cat >= 0)
		ticket_set(t, F_TEAM, policy_team_of(p, cat));
	/* The deadlines a reclassification replaces stay in the history. */
	lc_deadlines_again(t, p, old);
	{
		const char *extra[] = { "category", category, "priority", priority,
			"module", module, "previous_category", before[0],
			"previous_priority", before[1], "previous_module", before[2],
			"team", rerouted ? team : NULL,
			"previous_team", rerouted ? was : NULL,
			"previous_due_response", old[0], "previous_due_resolution", old[1], NULL };
		move(t, ev, st == ST_INTAKE ? "classify" : "reclassify", ST_CLASSIFIED, NULL,
		    extra);
	}
	free(old[0]);
	free(old[1]);
	for (int i = 0; i < 3; i++)
		free(before[i]);
	free(was);
	return NULL;
}

const struct error *
lc_can_assign(const struct ticket *t)
{
	enum status st = ticket_status(t);

	return st == ST_CLASSIFIED || st == ST_ASSIGNED ? NULL : refuse(t, "assign");
}

const struct error *
lc_assign(struct ticket *t, const struct event *ev, const char *assignee)
{
	enum status st = ticket_status(t);
	/* A reassignment records where the ticket came from. */
	char *was = ticket_str(t, F_ASSIGNEE) && st == ST_ASSIGNED ?
	    xstrdup(ticket_str(t, F_ASSIGNEE)) : NULL;
	const char *extra[] = { "assignee", assignee, "previous", was, NULL };
	const struct error *err = lc_can_assign(t);

	if (err == NULL) {
		move(t, ev, st == ST_CLASSIFIED ? "assign" : "reassign", ST_ASSIGNED, NULL,
		    extra);
		ticket_set(t, F_ASSIGNEE, assignee);
	}
	free(was);
	return err;
}

const struct error *
lc_can_update(const struct ticket *t)
{
	if (ticket_status(t) == ST_ARCHIVED)
		return refuse(t, "update");
	return NULL;
}

const struct error *
lc_note(struct ticket *t, const struct event *ev, const char *note)
{
	const struct error *err = lc_can_update(t);

	if (err == NULL)
		ticket_log(t, ev, "note", NULL, NULL, note, NULL);
	return err;
}

const struct error *
lc_contact(struct ticket *t, const struct event *ev, const char *note)
{
	const struct error *err = lc_can_update(t);

	if (err)
		return err;
	if (ticket_str(t, F_RESPONDED) == NULL)
		ticket_set_time(t, F_RESPONDED, &ev->at);
	ticket_set_int(t, F_CONTACTS, ticket_int(t, F_CONTACTS) + 1);
	ticket_log(t, ev, "contact", NULL, NULL, note, NULL);
	return NULL;
}

const struct error *
lc_plan(struct ticket *t, const struct event *ev, const char *plan)
{
	const struct error *err = lc_can_update(t);

	if (err)
		return err;
	ticket_set(t, F_PLAN, plan);
	ticket_log(t, ev, "plan", NULL, NULL, plan, NULL);
	return NULL;
}

const struct error *
lc_escalate(struct ticket *t, const struct event *ev, const char *to, const char *reason)
{
	const struct error *err = lc_can_update(t);
	char *was = to && ticket_str(t, F_ASSIGNEE) ? xstrdup(ticket_str(t, F_ASSIGNEE)) : NULL;
	const char *extra[] = { "assignee", to, "previous", was, NULL };

	if (err) {
		free(was);
		return err;
	}
	/* A handover needs someone working on it: do not log one that does
	 * not happen. */
	if (to && ticket_status(t) != ST_ASSIGNED) {
		free(was);
		return error_new(ERR_REFUSED, "ticket '%s' is %s: --escalate --to hands over "
		    "an assigned ticket; escalate without --to, or assign it first (cstk "
		    "assign %s --to %s)", ticket_str(t, F_ID),
		    vocab_key(V_STATUS, ticket_status(t)), ticket_str(t, F_ID), to);
	}
	ticket_set_int(t, F_ESCALATIONS, ticket_int(t, F_ESCALATIONS) + 1);
	if (to)
		ticket_set(t, F_ASSIGNEE, to);
	ticket_log(t, ev, "escalate", NULL, NULL, reason, extra);
	free(was);
	return NULL;
}

const struct error *
lc_promise(struct ticket *t, const struct event *ev, const struct ctime *promised,
    const char *reason)
{
	enum status st = ticket_status(t);
	struct ctime created;
	char buf[CLOCK_BUFSZ];
	const char *extra[] = { "due", buf, NULL };

	if (st > ST_ASSIGNED)
		return error_new(ERR_REFUSED, "ticket '%s' is %s: a date can be promised "
		    "only while it is being worked on (intake, classified or assigned)",
		    ticket_str(t, F_ID), vocab_key(V_STATUS, st));
	if (ticket_time(t, F_CREATED, &created) == 0 && promised->t < created.t)
		return error_new(ERR_USAGE, "--due: the promised date is before the ticket "
		    "was created (%s)", ticket_str(t, F_CREATED));
	clock_format(promised, buf);
	ticket_set_time(t, F_DUE_PROMISED, promised);
	ticket_log(t, ev, "promise", NULL, NULL, reason, extra);
	return NULL;
}

const struct error *
lc_resolve(struct ticket *t, const struct event *ev, const char *resolution,
    const char *responsibility, const char *compensation)
{
	/* A later round's responsibility records the one it replaces. */
	const char *had = ticket_str(t, F_RESPONSIBILITY);
	char *was = responsibility && had && strcmp(had, responsibility) != 0 ?
	    xstrdup(had) : NULL;
	const char *extra[] = { "responsibility", responsibility,
		"previous_responsibility", was, NULL };

	if (ticket_status(t) != ST_ASSIGNED) {
		free(was);
		return refuse(t, "resolve");
	}
	ticket_set(t, F_RESOLUTION, resolution);
	if (responsibility)
		ticket_set(t, F_RESPONSIBILITY, responsibility);
	if (compensation)
		ticket_set(t, F_COMPENSATION, compensation);
	ticket_set_time(t, F_RESOLVED, &ev->at);
	move(t, ev, "resolve", ST_RESOLVED, resolution, extra);
	free(was);
	return NULL;
}

/*
 * Back to work for another round: new deadlines counted from now (the
 * reopening), the first round's kept in this history entry, so the
 * reopened ticket is not overdue the moment it reopens.
 */
static void
reopen(struct ticket *t, const struct policy *p, const struct event *ev,
    const char *action, const char *satisfaction, const char *note, enum status to)
{
	char *resp = ticket_str(t, F_DUE_RESPONSE) ? xstrdup(ticket_str(t, F_DUE_RESPONSE)) : NULL;
	char *reso = ticket_str(t, F_DUE_RESOLUTION) ? xstrdup(ticket_str(t, F_DUE_RESOLUTION)) : NULL;
	const char *extra[] = { "satisfaction", satisfaction, "due_response", resp,
		"due_resolution", reso, NULL };

	ticket_set_int(t, F_ROUNDS, ticket_int(t, F_ROUNDS) + 1);
	move(t, ev, action, to, note, extra);
	lc_deadlines(t, p, 0);		/* counted from this entry */
	ticket_set(t, F_DUE_CONFIRM, NULL);
	free(resp);
	free(reso);
}

static void
archive(struct ticket *t, const struct event *ev, const char *action,
    const char *outcome, const char *note, const char *const *extra)
{
	ticket_set(t, F_OUTCOME, outcome);
	ticket_set_time(t, F_ARCHIVED, &ev->at);
	move(t, ev, action, ST_ARCHIVED, note, extra);
	ticket_log_annotate(t, "outcome", outcome);	/* a reopening takes it */
}

/* The revisit rule of this ticket, if it is revisited. */
static int
revisited(const struct ticket *t, const struct policy *p, struct duration *within,
    const struct revisit_rule **rule)
{
	return policy_revisit(p, enum_lookup(vocab(V_PRIORITY), ticket_str(t, F_PRIORITY)),
	    enum_lookup(vocab(V_CATEGORY), ticket_str(t, F_CATEGORY)),
	    enum_lookup(vocab(V_TIER), ticket_str(t, F_CUST_TIER)),
	    enum_lookup(vocab(V_CHANNEL), ticket_str(t, F_CHANNEL)),
	    ticket_str(t, F_MODULE), within, rule);
}

/*
 * A confirmed (or given up) resolution: to follow-up when the policy
 * revisits this ticket, else archived with `outcome`.  A revisit cycle
 * starts here: its date goes in the entry, so the report counts every
 * cycle in its own period.
 */
static void
after_confirmation(struct ticket *t, const struct policy *p, const struct event *ev,
    const char *action, const char *outcome, const char *satisfaction, const char *note)
{
	const char *extra[] = { "satisfaction", satisfaction, "revisit_due", NULL, NULL };
	struct duration within;
	const struct revisit_rule *rule;

	if (revisited(t, p, &within, &rule)) {
		struct ctime due = ev->at;
		int64_t skipped;

		/* The window counts on the calendar (3bd); none found: at once. */
		calendar_add(&p->calendar, &ev->at, &within, &due, &skipped);
		ticket_set(t, F_REVISIT_DONE, NULL);
		ticket_set(t, F_REVISIT_SATISFACTION, NULL);
		ticket_set(t, F_REVISIT_RESULT, NULL);
		ticket_set(t, F_REVISIT_NEXT, NULL);
		ticket_set_time(t, F_REVISIT_DUE, &due);
		ticket_set_int(t, F_REVISIT_ATTEMPTS, 0);
		extra[3] = ticket_str(t, F_REVISIT_DUE);
		move(t, ev, action, ST_FOLLOWUP, note, extra);
		return;
	}
	archive(t, ev, action, outcome, note, extra);
}

const struct error *
lc_confirm(struct ticket *t, const struct policy *p, const struct event *ev,
    const char *satisfaction, const char *comment)
{
	if (ticket_status(t) != ST_RESOLVED)
		return refuse(t, "confirm");
	ticket_set(t, F_SATISFACTION, satisfaction);
	ticket_set_time(t, F_CONFIRMED, &ev->at);
	if (comment)
		ticket_set(t, F_COMMENT, comment);
	if (strcmp(satisfaction, "unsatisfied") == 0) {
		reopen(t, p, ev, "confirm", satisfaction, comment, ST_ASSIGNED);
		return NULL;
	}
	after_confirmation(t, p, ev, "confirm", "resolved", satisfaction, comment);
	return NULL;
}

const struct error *
lc_confirm_no_answer(struct ticket *t, const struct event *ev)
{
	if (ticket_status(t) != ST_RESOLVED)
		return refuse(t, "count a confirmation call on");
	ticket_set_int(t, F_CONFIRM_ATTEMPTS, ticket_int(t, F_CONFIRM_ATTEMPTS) + 1);
	ticket_log(t, ev, "confirm-no-answer", NULL, NULL, NULL, NULL);
	return NULL;
}

const struct error *
lc_unconfirmed(struct ticket *t, const struct policy *p, const struct event *ev,
    const char *note)
{
	long tries = ticket_int(t, F_CONFIRM_ATTEMPTS);
	int64_t due = ticket_secs(t, F_DUE_CONFIRM);

	if (ticket_status(t) != ST_RESOLVED)
		return refuse(t, "close as unconfirmed");
	if (tries < p->confirm_tries && (due == TIME_NONE || ev->at.t < due)) {
		const char *id = ticket_str(t, F_ID);
		if (due == TIME_NONE)
			return error_new(ERR_REFUSED, "cannot close ticket '%s' as "
			    "unconfirmed yet: the customer was called %ld of %d times "
			    "(cstk.yaml confirm.tries); call again and record it: cstk close "
			    "%s --no-answer", id, tries, p->confirm_tries, id);
		return error_new(ERR_REFUSED, "cannot close ticket '%s' as unconfirmed "
		    "yet: the customer was called %ld of %d times (cstk.yaml "
		    "confirm.tries) and the confirmation is due at %s; call again and "
		    "record it: cstk close %s --no-answer", id, tries, p->confirm_tries,
		    ticket_str(t, F_DUE_CONFIRM), id);
	}
	after_confirmation(t, p, ev, "unconfirmed", "unconfirmed", NULL, note);
	return NULL;
}

const struct error *
lc_reject(struct ticket *t, const struct event *ev, const char *reason)
{
	if (ticket_status(t) == ST_ARCHIVED)
		return refuse(t, "reject");
	ticket_set(t, F_REJECT_REASON, reason);
	archive(t, ev, "reject", "rejected", reason, NULL);
	return NULL;
}

const struct error *
lc_revisit(struct ticket *t, const struct policy *p, const struct event *ev,
    const char *satisfaction,
    const char *result)
{
	const char *extra[] = { "satisfaction", satisfaction, NULL };

	if (ticket_status(t) != ST_FOLLOWUP)
		return refuse(t, "revisit");
	ticket_set_time(t, F_REVISIT_DONE, &ev->at);
	ticket_set(t, F_REVISIT_NEXT, NULL);
	ticket_set(t, F_REVISIT_SATISFACTION, satisfaction);
	if (result)
		ticket_set(t, F_REVISIT_RESULT, result);
	if (strcmp(satisfaction, "unsatisfied") == 0) {
		reopen(t, p, ev, "revisit", satisfaction, result, ST_ASSIGNED);
		return NULL;
	}
	archive(t, ev, "revisit", "resolved", result, extra);
	return NULL;
}

const struct error *
lc_no_answer(struct ticket *t, const struct policy *p, const struct event *ev,
    const struct ctime *next)
{
	struct duration within;
	const struct revisit_rule *rule = NULL;
	long tries = ticket_int(t, F_REVISIT_ATTEMPTS) + 1;
	int max;
	char n[24];
	const char *extra[] = { "attempt", n, NULL };

	if (ticket_status(t) != ST_FOLLOWUP)
		return refuse(t, "revisit");
	if (next && next->t <= ev->at.t) {
		struct ctime at = ev->at;
		char buf[CLOCK_BUFSZ];
		clock_format(&at, buf);
		return error_new(ERR_USAGE, "--next must be later than this call (%s)", buf);
	}
	revisited(t, p, &within, &rule);
	max = policy_revisit_tries(p, rule);
	snprintf(n, sizeof(n), "%ld", tries);
	ticket_set_int(t, F_REVISIT_ATTEMPTS, tries);
	if (tries >= max) {
		/* Out of tries: the revisit is missed, the ticket done with. */
		ticket_set(t, F_REVISIT_NEXT, NULL);
		archive(t, ev, "revisit-missed", "resolved", NULL, extra);
		return NULL;
	}
	if (next)
		ticket_set_time(t, F_REVISIT_NEXT, next);
	ticket_log(t, ev, "revisit-no-answer", NULL, NULL, NULL, extra);
	return NULL;
}

const struct error *
lc_reopen(struct ticket *t, const struct policy *p, const struct event *ev,
    const char *reason)
{
	const char *id = ticket_str(t, F_ID);
	int64_t archived = ticket_secs(t, F_ARCHIVED);
	enum status to = ticket_str(t, F_ASSIGNEE) ? ST_ASSIGNED :
	    ticket_str(t, F_CATEGORY) ? ST_CLASSIFIED : ST_INTAKE;

	if (ticket_status(t) != ST_ARCHIVED)
		return refuse(t, "reopen");
	if (archived != TIME_NONE && ev->at.t - archived > (int64_t)p->reopen_days * 86400)
		return error_new(ERR_REFUSED, "cannot reopen ticket '%s': it was archived "
		    "%s, more than %d days ago (cstk.yaml reopen_days); open a new ticket "
		    "and link it: cstk update NEW --related %s", id,
		    ticket_str(t, F_ARCHIVED), p->reopen_days, id);
	{
		/* what it takes, for an archival that did not record it */
		char *was = ticket_str(t, F_OUTCOME) ? xstrdup(ticket_str(t, F_OUTCOME)) : NULL;
		ticket_set(t, F_OUTCOME, NULL);
		ticket_set(t, F_ARCHIVED, NULL);
		ticket_set(t, F_DUE_CONFIRM, NULL);
		ticket_set(t, F_CONFIRM_ATTEMPTS, NULL);
		ticket_set(t, F_REVISIT_NEXT, NULL);
		reopen(t, p, ev, "reopen", NULL, reason, to);
		if (was)
			ticket_log_annotate(t, "previous_outcome", was);
		free(was);
	}
	return NULL;
}

const struct error *
lc_relate(struct ticket *t, const struct event *ev, const char *other)
{
	const struct error *err = lc_can_update(t);
	const char *have = ticket_str(t, F_RELATED);
	const char *extra[] = { "related", other, NULL };
	struct strbuf sb = STRBUF_INIT;

	if (err)
		return err;
	if (ticket_ids_have(have, other))
		return NULL;	/* linked already */
	if (have)
		sb_addf(&sb, "%s ", have);
	sb_adds(&sb, other);
	ticket_set(t, F_RELATED, sb.buf);
	sb_release(&sb);
	ticket_log(t, ev, "relate", NULL, NULL, NULL, extra);
	return NULL;
}
