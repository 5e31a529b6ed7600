/*
 * store-fs.h — what the store's own files share (store.c, store-batch.c,
 * store-move.c, store-ticket.c, store-walk.c); nothing else includes it.
 */
#ifndef CSTK_STORE_FS_H
#define CSTK_STORE_FS_H

#include <stddef.h>

#include "error.h"
#include "store.h"

#define FILE_MODE STORE_FILE_MODE
#define DIR_MODE STORE_DIR_MODE

/* Open a subdirectory without following links (-1 and errno on failure). */
int store_open_subdir(int dfd, const char *name);
/* The same with an error worded for the user; `create` makes it first. */
const struct error *store_subdir(int dfd, const char *name, const char *display,
    int create, int *out);
/* "2026-11" from the date inside an ID (or "ID.yaml"). */
void store_id_month(const char *id, char month[8]);
/* Is `name` "ID.yaml" with a well-formed ID? */
int store_name_is_ticket(const char *name);
/* The sorted ticket files (dirs: subdirectories) of a directory. */
char **store_list_dir(int dirfd, size_t *nr, int dirs);

/* The bytes a ticket is written as, refused (nothing written) if they
 * would not load back or would leave less than `room` bytes free: the
 * two halves below, one after the other. */
struct strbuf;
const struct error *store_emit_checked(struct ticket *t, const char *disp,
    struct strbuf *out, size_t room);
/* The bytes, refused if they would leave less than `room` bytes free. */
const struct error *store_emit(struct ticket *t, const char *disp, struct strbuf *out,
    size_t room);
/* Refused unless they load back as a valid ticket (SPEC §8). */
const struct error *store_read_back(const char *buf, size_t len, const char *disp);

/*
 * The read-back of a batch's tickets on a second core (store-check.c).
 * store_check_start() starts a thread (NULL when there is one core, or
 * no thread: then store_check_put() checks at once).  store_check_put()
 * takes the bytes of one ticket (`out` gets a spare buffer, empty) and
 * returns the first failure found so far; store_check_finish() waits for
 * every check, returns the first failure in the order put, and frees the
 * checker.  Up to 64 tickets wait to be checked.
 */
struct store_check;
struct store_check *store_check_start(void);
const struct error *store_check_put(struct store_check *c, struct strbuf *out,
    const char *disp);
const struct error *store_check_finish(struct store_check *c);

/* Is there an archived copy of ticket file `name` (ID.yaml)? */
int store_archived_copy(struct store *s, const char *name);

/* Recovery after taking the lock: committed batches, marked moves. */
const struct error *store_batch_recover(struct store *s);
const struct error *store_move_recover(struct store *s);
/* Make DIR/.tmp/move-NAME durable before moving NAME to archive/, or
 * DIR/.tmp/back-NAME before moving a reopened one back to tickets/. */
const struct error *store_move_mark(struct store *s, const char *kind, const char *name);
/* Is NAME on its way back to tickets/ (marked, and the copy there)? */
int store_returning(struct store *s, const char *name);
/* Finish that: remove the archived copy, then the mark. */
const struct error *store_move_back(struct store *s, const char *name);

#endif
