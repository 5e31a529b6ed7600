/*
 * store.h — the data directory (SPEC §3, §8).
 *
 *   DIR/cstk.yaml                 policy
 *   DIR/tickets/ID.yaml           tickets not yet archived
 *   DIR/archive/YYYY-MM/ID.yaml   archived, by the month in the ID
 *   DIR/.lock                     the writer lock (flock; never renamed);
 *                                 the directory itself is flocked first, so
 *                                 deleting .lock does not let two writers in
 *   DIR/.tmp/                     temp files of writers in flight
 *   DIR/.seq                      last ID sequence handed out (a hint)
 *
 * Writers call store_lock() before reading what they change; readers
 * never lock.  IDs are validated before they become paths, and nothing
 * inside the store is reached through a symbolic link.
 */
#ifndef CSTK_STORE_H
#define CSTK_STORE_H

#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "clock.h"
#include "error.h"
#include "policy.h"
#include "strbuf.h"
#include "ticket.h"

/*
 * The modes every file and directory of the store is created with.  The
 * process umask, which store_open() and store_init() set, decides what
 * stays: 0640 and 0750 in a store of one user; 0660 and 2770 (group
 * writable, the group inherited through the setgid directories) in a
 * shared one (SPEC §11).  A store is shared when its directory is setgid
 * and group-writable, which is what `init --shared` makes.
 */
#define STORE_FILE_MODE 0660
#define STORE_DIR_MODE 0770

struct store {
	char *dir;		/* as given, for messages */
	int shared;		/* for a Unix group: every write keeps 0660/2770 */
	gid_t gid;		/* that group */
	int git;		/* a git work tree: every write commits (git.h) */
	char site[5];		/* this clone's site, in new IDs; "" none */
	struct strbuf changed;	/* paths this process wrote or removed, "\n" after each */
	size_t nsaved;		/* tickets written, and the last one: for the */
	char last_id[40];	/* commit message of a git store */
	char last_status[24];
	int dfd;		/* the data directory */
	int tickets_fd;		/* DIR/tickets */
	int lock_fd;		/* .lock; -1 unless locked */
	int dir_lock_fd;	/* the directory, flocked; -1 unless locked */
	int tmp_fd;		/* DIR/.tmp, once locked */
	struct policy policy;
};

#define STORE_INIT { .dir = NULL, .shared = 0, .gid = 0, .git = 0, .site = "", \
	.changed = STRBUF_INIT, .nsaved = 0, .last_id = "", .last_status = "", .dfd = -1, .tickets_fd = -1, .lock_fd = -1, \
	.dir_lock_fd = -1, .tmp_fd = -1 }

/* The data directory named by -d, $CSTK_DATA, $XDG_DATA_HOME or $HOME. */
const struct error *store_locate(const char *opt_dir, char **out);
/* Create DIR with a default policy (refuses a directory that has one).
 * `group`: NULL for a store of one user; "" for a shared store of the
 * creator's primary group, else the group's name or number. */
const struct error *store_init(const char *dir, const char *group);
/* Open tickets/ again (making it): git removes a directory a merge
 * emptied, and the store's handle would point at the removed one. */
const struct error *store_reopen_tickets(struct store *s);
/* Does DIR hold `name`: a store "cstk.yaml", a git work tree ".git"? */
int store_dir_has(const char *dir, const char *name);
const struct error *store_open(struct store *s, const char *dir);
void store_close(struct store *s);
/* A warning (not a failure) when the data directory is open to others:
 * it holds personal data.  NULL when it is not. */
const struct error *store_exposed(const char *dir);
/* The mode and group a file of the store should have (a shared store
 * only): NULL when `st` is right, else what is wrong, and in `mode` what
 * the mode should be. */
struct stat;
const char *store_mode_drift(const struct store *s, const struct stat *st,
    mode_t *mode);
/* Call `fn` for each file or directory of a shared store (all but .git)
 * whose mode or group drifted, with a line saying so; with `repair`, fix
 * it first (`fixed` says whether that worked).  *drifted: how many are
 * still wrong.  A store of one user has nothing to check. */
typedef void (*store_drift_fn)(void *ctx, const char *msg, int fixed);
const struct error *store_check_modes(const struct store *s, int repair,
    store_drift_fn fn, void *ctx, size_t *drifted);
/* Take the writer lock, waiting up to $CSTK_LOCK_TIMEOUT seconds (10). */
const struct error *store_lock(struct store *s);

/* Validate an ID from the command line (ERR_USAGE when malformed). */
const struct error *store_check_id(const char *id);
/* Load a ticket by ID: ERR_USAGE bad ID, ERR_NOTFOUND, ERR_DATA. */
const struct error *store_load(struct store *s, const char *id, struct ticket *t);
/* Load ticket file `name` (ID.yaml) from `dirfd`: the name must be a
 * ticket ID, the file must load and validate, and its id match the name.
 * `disp` names the file in errors.  On error t->root is NULL. */
const struct error *store_load_file(int dirfd, const char *name, const char *disp,
    struct ticket *t);
/* The same from the file's bytes, read already (yaml_read_file). */
const struct error *store_load_buf(const char *buf, size_t len, const char *name,
    const char *disp, struct ticket *t);
/* Write a ticket where its status says (the caller holds the lock).  A
 * ticket that would not load back (over YAML_MAX_FILE, a date past 9999)
 * is refused with ERR_DATA before anything changes. */
const struct error *store_save(struct store *s, struct ticket *t);
/* The same, refusing unless `room` bytes stay free under the size limit
 * (update leaves room for the events that close a ticket). */
#define STORE_ROOM_TO_CLOSE (64 * 1024)
const struct error *store_save_leaving(struct store *s, struct ticket *t, size_t room);
/* A new ID for a ticket created at `at` (the caller holds the lock). */
const struct error *store_new_id(struct store *s, const struct ctime *at, char id[40]);
/* The ID of sequence `seq` on day `ymd` (YYYYMMDD), with the site if any. */
void store_format_id(const struct store *s, const char *ymd, unsigned long seq,
    char id[40]);
/* Note that the files of ticket `id` (in tickets/ or archive/), or the
 * store file `path` (id NULL), changed: what a git store commits. */
void store_changed(struct store *s, const char *id, const char *path);
/* The sorted names in a directory that do not start with '.': ticket files
 * (*.yaml), subdirectories, or all entries.  Free with store_names_free(). */
enum store_names_what { NAMES_YAML, NAMES_DIRS, NAMES_ALL };
char **store_names(int dirfd, size_t *n, enum store_names_what what);
void store_names_free(char **v, size_t n);

/*
 * What readers may see now (store-view.c).  Tickets of an import batch
 * being placed are hidden wherever they are, until the whole batch is in
 * place; a ticket half-way from tickets/ to archive/ (a writer marked the
 * move in DIR/.tmp and the archived copy exists) is seen in archive/ only;
 * one reopened, on its way back (marked, and the tickets/ copy exists), in
 * tickets/ only.
 * A reader takes a view, lists what it reads, and lists again when
 * store_view_stale() says a batch committed meanwhile.
 */
struct store_view {
	unsigned long gen;	/* the batch generation when the view was taken */
	char **batch;		/* "ID.yaml" of batches in flight, sorted */
	size_t nbatch;
	char **moving;		/* "ID.yaml" moving to archive/, sorted */
	size_t nmoving;
	char **returning;	/* "ID.yaml" reopened, back from archive/, sorted */
	size_t nreturning;
};
void store_view_begin(struct store *s, struct store_view *v);
int store_view_stale(struct store *s, const struct store_view *v);
/* Must a reader pass over ticket file `name` (in tickets/ or not)? */
int store_view_hides(const struct store_view *v, const char *name, int in_tickets);
void store_view_release(struct store_view *v);

/* Does a ticket file exist for ID, open or archived? */
int store_id_exists(struct store *s, const char *id);

/*
 * A batch of new tickets written all or nothing (import).  Files are
 * written without a sync each into DIR/.tmp/batch-PID/, then the whole
 * file system is synced once (syncfs), a COMMIT file listing the tickets
 * is made durable, the batch generation (DIR/.tmp/batch-gen) is bumped,
 * and the files are renamed into place.  If the writer dies before
 * COMMIT, the next writer deletes the batch; after it, the next writer
 * finishes the renames.  While COMMIT exists readers see none of the
 * batch's tickets (store_view), so they see it whole or not at all.
 * An import record (imports/KEY.yaml) can ride along, so importing the
 * same content again is recognised.
 */
#define STORE_IMPORT_KEY 32	/* hex digits of an import key */
struct store_batch {
	struct store *s;
	int fd;			/* the batch directory */
	char name[64];
	size_t n;
	struct strbuf ids;	/* "ID.yaml\n" for each ticket: COMMIT's text */
	struct store_check *check;	/* the tickets read back (store-fs.h) */
	int committed;		/* COMMIT is durable: the batch will land */
	/* The ticket store_batch_add staged last: its file, and where it goes
	 * ("tickets" or the archive month). */
	struct stat last;
	char last_dir[16];
};
const struct error *store_batch_begin(struct store *s, struct store_batch *b);
/* Add a new ticket (its ID must not exist). */
const struct error *store_batch_add(struct store_batch *b, struct ticket *t);
/* Add the record imports/KEY.yaml (KEY: STORE_IMPORT_KEY hex digits). */
struct ynode;
const struct error *store_batch_record(struct store_batch *b, const char *key,
    const struct ynode *record);
/* Commit: on error, b->committed says whether the batch will still land
 * (then the next writer finishes it). */
const struct error *store_batch_commit(struct store_batch *b);
/* Drop an uncommitted batch (on error); frees the batch either way. */
void store_batch_abort(struct store_batch *b);
/* The batch generation: readers compare it before and after listing. */
unsigned long store_batch_gen(struct store *s);

/* "DIR/tickets/ID.yaml" or the archive path: where ID lives now (or would). */
char *store_display_path(const struct store *s, const char *id, int archived);

/*
 * Call `fn` for every ticket, in ID order: tickets/ and, with `archive`,
 * archive/.  A file that does not load is reported to `d` (NULL: to stderr
 * as "cstk: warning: …", its first problem) and skipped.  A nonzero
 * return from fn stops the walk.
 */
typedef int (*store_each_fn)(void *ctx, const struct ticket *t, const char *file);
const struct error *store_each(struct store *s, int archive, store_each_fn fn,
    void *ctx, const struct diag *d);
/* Report a ticket file that did not load (`err`) to `d`: with d->all,
 * every problem it has; NULL: its first problem as a warning on stderr. */
void store_report_bad(const struct diag *d, int dirfd, const char *name,
    const char *disp, const struct error *err);

/*
 * The same walk on every core, for read-only work over the whole store
 * (export): `fn` runs in worker threads, must only read the ticket and its
 * context, and appends its output for the ticket to `out`.  Outputs are
 * written to `fp` in store order, chunk by chunk, so memory stays flat;
 * warnings about files that do not load go to stderr in order too.
 */
typedef void (*store_map_fn)(void *ctx, const struct ticket *t, struct strbuf *out);
const struct error *store_map(struct store *s, int archive, store_map_fn fn, void *ctx,
    FILE *fp);

#endif
