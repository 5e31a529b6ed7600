/*
 * merge.h — the three-way merge of a ticket file (SPEC §11), what git runs
 * as cstk's merge driver (cstk merge-file) when two sites changed the
 * same ticket.
 *
 *   history   the union of both sides (as multisets against the base, so
 *             an event made on both sides alike is there twice), in time
 *             order;
 *   a field   changed on one side takes that side; changed on both to
 *             different values takes the side whose latest event is later
 *             (ours on a tie), and the other value is kept in a
 *             `conflict` history entry (key, value, note);
 *   counters  (contacts, escalations, confirm_attempts, revisit.attempts)
 *             add both sides' increments;
 *   updated   the later of the two; responded (the first contact) the
 *             earlier; related (links) every ID either side has;
 *   status    when both sides moved the ticket to different statuses, the
 *             later side's lifecycle (every field `update --set` does not
 *             own: status, deadlines, outcome, satisfaction, …) is taken
 *             whole, so the ticket stays one the lifecycle can produce;
 *             fields people edit (customer, subject, …) still merge one by
 *             one.
 *
 * The result is never conflict markers; the caller validates it.
 */
#ifndef CSTK_MERGE_H
#define CSTK_MERGE_H

#include <stddef.h>

#include "ynode.h"

/* Merge `ours` and `theirs` against `base` (NULL: both sides added the
 * file).  *out: a new tree (the caller frees it); *conflicts: how many
 * conflict entries were written. */
void merge_ticket(const struct ynode *base, const struct ynode *ours,
    const struct ynode *theirs, struct ynode **out, size_t *conflicts);

#endif
