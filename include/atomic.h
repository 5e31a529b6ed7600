/*
 * atomic.h — the one layer through which cstk changes files on disk.
 *
 * atomic_write() is redis's durable save: a new temporary file (O_EXCL,
 * never following links, mode as given) in the store's temp directory,
 * write, fsync, close, rename over the target, fsync the target directory.
 * A crash leaves the old file or the new one, never half of one.  The temp
 * file is removed on every error path, and by the SIGINT/SIGTERM handler
 * that atomic_signals() installs.
 *
 * Every write(2), fsync(2), rename(2), unlink(2) and mkdir(2) of the store
 * goes through here, so tests can make the k-th one fail:
 * atomic_fail(ATOMIC_RENAME, 1), or in the real binary
 * CSTK_TEST_FAIL=rename:1 (also write:K, fsync:K, unlink:K, mkdir:K, and
 * any:K for the k-th of all of them; several as OP:K,OP:K).
 * CSTK_TEST_PAUSE=MS sleeps before every rename (for a temp file: between
 * its fsync and its rename), and between an import's two passes
 * (atomic_test_pause), so a test can land a signal, a reader or a change
 * there.
 */
#ifndef CSTK_ATOMIC_H
#define CSTK_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

enum atomic_op { ATOMIC_WRITE, ATOMIC_FSYNC, ATOMIC_RENAME, ATOMIC_UNLINK,
	ATOMIC_MKDIR, ATOMIC_ANY, ATOMIC_NOPS };

/* Make the k-th call (1-based, counted from now) of `op` fail with EIO. */
void atomic_fail(enum atomic_op op, int k);
/* Read CSTK_TEST_FAIL and CSTK_TEST_PAUSE.  */
const struct error *atomic_fail_from_env(void);
/* Sleep CSTK_TEST_PAUSE milliseconds (none unless it is set). */
void atomic_test_pause(void);
void atomic_signals(void);

/*
 * Write `data` to `name` in directory `dirfd`, through a temp file in
 * `tmpfd` (same file system).  `display` names the target in errors.
 */
const struct error *atomic_write(int tmpfd, int dirfd, const char *name,
    const char *display, const void *data, size_t len, mode_t mode);
/* Remove `name` from `dirfd` and make that durable. */
const struct error *atomic_unlink(int dirfd, const char *name, const char *display);
const struct error *atomic_fsync_dir(int dirfd, const char *display);
/* Append `data` to `name` in `dirfd` (created if missing, never through a
 * link) in one write, and sync it: for append-only logs. */
const struct error *atomic_append(int dirfd, const char *name, const void *data,
    size_t len, const char *display);
/* Write all of `data` to an open file (no sync); `display` names it. */
const struct error *atomic_write_fd(int fd, const void *data, size_t len,
    const char *display);
/* Sync the whole file system holding `fd` (syncfs); counts as an fsync. */
const struct error *atomic_syncfs(int fd, const char *display);
/* Rename, through the fault layer; `display` names it in the error. */
const struct error *atomic_rename(int fromfd, const char *from, int tofd,
    const char *to, const char *display);
/* mkdirat(2) through the fault layer; an existing directory is fine. */
const struct error *atomic_mkdir(int dirfd, const char *name, mode_t mode,
    const char *display);
/* The raw calls through the fault layer (-1 and errno on failure), for
 * callers that word their own errors or only clean up. */
int atomic_io_rename(int fromfd, const char *from, int tofd, const char *to);
int atomic_io_unlink(int dirfd, const char *name, int flags);
int atomic_io_mkdir(int dirfd, const char *name, mode_t mode);
int atomic_io_write(int fd, const void *data, size_t len);
/* A new file in `dirfd` with no name (O_TMPFILE, or made and unlinked at
 * once): gone with the process however it ends.  -1 and errno. */
int atomic_tmpfile(int dirfd);
/* Remove every entry of the temp directory (the caller holds the lock). */
void atomic_clean(int tmpfd);

#endif
