/*
 * lifecycle.h — the service process of SPEC §2: which transitions are
 * allowed from which status, and what each one writes.
 *
 *   intake → classified → assigned → resolved → follow-up → archived
 *                          ↑________________|_________|   (unsatisfied: rounds+1)
 *
 * Every function checks the ticket's status first and refuses (ERR_REFUSED,
 * exit 3) with the current status and what would be allowed; on success it
 * changes the ticket in memory and appends one history entry.  Nothing here
 * touches the disk.  Values are already canonical (English) when they
 * arrive here; the commands parse them.
 */
#ifndef CSTK_LIFECYCLE_H
#define CSTK_LIFECYCLE_H

#include "clock.h"
#include "error.h"
#include "policy.h"
#include "ticket.h"

/* Category, priority, optional module; deadlines from `created`; routing. */
const struct error *lc_classify(struct ticket *t, const struct policy *p,
    const struct event *ev, const char *category, const char *priority,
    const char *module);
/*
 * due.response and due.resolution from the policy (the priority's
 * durations, then the first matching deadline rule) on its calendar,
 * counted from created, or from the reopening of a later round, or (a rule
 * with start: assigned) from the round's first assignment; until then they
 * are left unset.  With `on_assign`, only when the rule counts from the
 * assignment.
 */
void lc_deadlines(struct ticket *t, const struct policy *p, int on_assign);
/* lc_deadlines after a change they depend on (priority, category): old[0]
 * and old[1] get the response and resolution deadlines it replaced, NULL
 * for one that stayed; the caller keeps them in the history entry
 * (previous_due_*) and frees them. */
void lc_deadlines_again(struct ticket *t, const struct policy *p, char *old[2]);
/* due.confirm: the rule's `confirm` duration from `resolved`, if any. */
void lc_confirm_deadline(struct ticket *t, const struct policy *p);
/*
 * The latest (with `first`, the first) history entry at or after `since`
 * of a reopening (action NULL: the entry keeps the deadlines it replaced),
 * or of an action ending in `action` ("assign" finds reassign too).
 */
const struct ynode *lc_history_find(const struct ticket *t, const char *action,
    int64_t since, int first);
/* The deadlines that apply to this ticket, and where this round's start. */
void lc_applicable(const struct ticket *t, const struct policy *p, struct deadlines *dl);
int lc_deadline_start(const struct ticket *t, const struct deadlines *dl,
    struct ctime *start);
/* May this ticket be assigned (classified or assigned)? */
const struct error *lc_can_assign(const struct ticket *t);
const struct error *lc_assign(struct ticket *t, const struct event *ev,
    const char *assignee);
/* May `update` change this ticket at all? */
const struct error *lc_can_update(const struct ticket *t);
const struct error *lc_note(struct ticket *t, const struct event *ev, const char *note);
const struct error *lc_contact(struct ticket *t, const struct event *ev, const char *note);
const struct error *lc_plan(struct ticket *t, const struct event *ev, const char *plan);
/* A new date promised to the customer (due.promised), with why; the
 * deadlines the SLA is measured against stay. */
const struct error *lc_promise(struct ticket *t, const struct event *ev,
    const struct ctime *promised, const char *reason);
const struct error *lc_escalate(struct ticket *t, const struct event *ev,
    const char *to, const char *reason);
const struct error *lc_resolve(struct ticket *t, const struct event *ev,
    const char *resolution, const char *responsibility, const char *compensation);
const struct error *lc_confirm(struct ticket *t, const struct policy *p,
    const struct event *ev, const char *satisfaction, const char *comment);
const struct error *lc_reject(struct ticket *t, const struct event *ev, const char *reason);
/* An unsatisfied confirmation or revisit reopens the ticket: rounds + 1,
 * new deadlines counted from the reopening (the old ones kept in the
 * history entry as due_response and due_resolution). */
const struct error *lc_revisit(struct ticket *t, const struct policy *p,
    const struct event *ev, const char *satisfaction, const char *result);
/*
 * A revisit call without an answer: revisit.attempts + 1, the next try
 * booked at `next` (revisit.next; NULL: none); the policy's revisit tries
 * used up, the revisit is missed and the ticket archived.
 */
const struct error *lc_no_answer(struct ticket *t, const struct policy *p,
    const struct event *ev, const struct ctime *next);
/*
 * The customer calls back about an archived ticket within the policy's
 * reopen_days: back to work (assigned, or where it stood when it had no
 * owner yet), rounds + 1, new deadlines from now; the store moves the
 * file back to tickets/.
 */
const struct error *lc_reopen(struct ticket *t, const struct policy *p,
    const struct event *ev, const char *reason);
/* Link another ticket about the same matter (`related`, once). */
const struct error *lc_relate(struct ticket *t, const struct event *ev, const char *other);
/* A confirmation call without an answer: confirm_attempts + 1. */
const struct error *lc_confirm_no_answer(struct ticket *t, const struct event *ev);
/*
 * No confirmation to be had: once the policy's confirm.tries calls went
 * unanswered or due.confirm has passed, archive the ticket with outcome
 * `unconfirmed` (to follow-up when it is revisited).  No satisfaction:
 * CSAT leaves it out.
 */
const struct error *lc_unconfirmed(struct ticket *t, const struct policy *p,
    const struct event *ev, const char *note);

/*
 * Overdue, the one definition (list, report, agenda): an open ticket
 * (intake, classified, assigned) works against one deadline at a time —
 * the response deadline until the customer was first contacted, then the
 * resolution deadline; a ticket in follow-up against its revisit date.
 * Hours past it at `at` (0 if none is missed), and *due gets it.
 * `responded` counts only when it is at or before `at`, so a past moment
 * reads as it was.  Times are seconds, TIME_NONE when absent.
 */
double lc_hours_over(int status, int64_t responded, int64_t due_response,
    int64_t due_resolution, int64_t revisit_due, int64_t at, int64_t *due);

#endif
