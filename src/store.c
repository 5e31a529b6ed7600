#define _GNU_SOURCE	/* syncfs(2) */
/* store.c — the data directory, its lock, and ticket files; see store.h. */
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "progress.h"
#include "store.h"
#include "strbuf.h"
#include "utf8.h"
#include "yaml-emit.h"
#include "yaml-load.h"

#define FILE_MODE 0640
#define DIR_MODE 0750

static char **list_dir(int dirfd, size_t *nr, int dirs);
static void id_month(const char *id, char month[8]);
static const struct error *batch_recover(struct store *s);
static const struct error *move_recover(struct store *s);
static const struct error *emit_checked(struct ticket *t, const char *disp,
    struct strbuf *out, size_t room);
static const struct error *store_each_walk(struct store *s, int archive,
    store_each_fn fn, void *ctx, void (*warn)(void *, const char *));

const struct error *
store_locate(const char *opt_dir, char **out)
{
	const char *env;

	if (opt_dir && *opt_dir) {
		*out = xstrdup(opt_dir);
		return NULL;
	}
	if ((env = getenv("CSTK_DATA")) != NULL && *env) {
		*out = xstrdup(env);
		return NULL;
	}
	if ((env = getenv("XDG_DATA_HOME")) != NULL && *env) {
		*out = xasprintf("%s/cstk", env);
		return NULL;
	}
	if ((env = getenv("HOME")) != NULL && *env) {
		*out = xasprintf("%s/.local/share/cstk", env);
		return NULL;
	}
	return error_new(ERR_USAGE, "no data directory: give -d DIR, or set CSTK_DATA "
	    "or HOME");
}

static int
open_subdir(int dfd, const char *name)
{
	return openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Open (creating if asked) a subdirectory, refusing links. */
static const struct error *
subdir(int dfd, const char *name, const char *display, int create, int *out)
{
	int fd = open_subdir(dfd, name);

	if (fd < 0 && errno == ENOENT && create) {
		const struct error *err = atomic_mkdir(dfd, name, DIR_MODE, display);
		if (err)
			return err;
		fd = open_subdir(dfd, name);
	}
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			return error_new(ERR_DATA, "'%s' is not a directory of the store "
			    "(a symbolic link or a file); cstk does not follow links", display);
		if (errno == ENOENT)
			return error_new(ERR_NOTFOUND, "'%s' does not exist", display);
		return error_sys("cannot open '%s'", display);
	}
	*out = fd;
	return NULL;
}

/* Create the missing parents of `dir`, as `git init` and `mkdir -p` do
 * (with the user's umask: they are not part of the store). */
static const struct error *
make_parents(const char *dir)
{
	char *p = xstrdup(dir);
	const struct error *err = NULL;

	for (char *q = p + 1; *q && err == NULL; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (atomic_io_mkdir(AT_FDCWD, p, 0777) < 0 && errno != EEXIST)
			err = error_sys("cannot create '%s'", p);
		*q = '/';
	}
	free(p);
	return err;
}

const struct error *
store_init(const char *dir)
{
	const struct error *err = NULL;
	char *disp = NULL;
	int dfd, fd, tfd = -1, afd = -1, xfd = -1;
	struct stat st;

	if ((err = make_parents(dir)) != NULL)
		return err;
	if (atomic_io_mkdir(AT_FDCWD, dir, DIR_MODE) < 0 && errno != EEXIST)
		return error_sys("cannot create '%s'", dir);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return error_sys("cannot open '%s'", dir);
	if (fstatat(dfd, "cstk.yaml", &st, AT_SYMLINK_NOFOLLOW) == 0) {
		err = error_new(ERR_USAGE, "'%s' already holds a cstk store (cstk.yaml); "
		    "nothing was changed", dir);
		goto done;
	}
	disp = xasprintf("%s/tickets", dir);
	if ((err = subdir(dfd, "tickets", disp, 1, &tfd)) != NULL)
		goto done;
	free(disp);
	disp = xasprintf("%s/archive", dir);
	if ((err = subdir(dfd, "archive", disp, 1, &afd)) != NULL)
		goto done;
	free(disp);
	disp = xasprintf("%s/.tmp", dir);
	if ((err = subdir(dfd, ".tmp", disp, 1, &xfd)) != NULL)
		goto done;
	free(disp);
	disp = xasprintf("%s/cstk.yaml", dir);
	fd = openat(dfd, ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, FILE_MODE);
	if (fd >= 0)
		close(fd);
	err = atomic_write(xfd, dfd, "cstk.yaml", disp, policy_default_text,
	    strlen(policy_default_text), FILE_MODE);
done:
	free(disp);
	if (tfd >= 0)
		close(tfd);
	if (afd >= 0)
		close(afd);
	if (xfd >= 0)
		close(xfd);
	close(dfd);
	return err;
}

const struct error *
store_open(struct store *s, const char *dir)
{
	const struct error *err;
	char *buf = NULL, *disp;
	size_t len;

	s->dir = xstrdup(dir);
	s->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dfd < 0) {
		if (errno == ENOENT)
			return error_new(ERR_DATA, "data directory '%s' does not exist; "
			    "create it with 'cstk init %s'", dir, dir);
		return error_sys("cannot open data directory '%s'", dir);
	}
	disp = xasprintf("%s/cstk.yaml", dir);
	err = yaml_read_file(s->dfd, "cstk.yaml", disp, &buf, &len);
	if (err && err->code == ERR_NOTFOUND)
		err = error_new(ERR_DATA, "'%s' is not a cstk data directory (no "
		    "cstk.yaml); create one with 'cstk init %s'", dir, dir);
	if (err == NULL)
		err = policy_load_buf(&s->policy, buf, len, disp);
	free(buf);
	if (err == NULL) {
		free(disp);
		disp = xasprintf("%s/tickets", dir);
		err = subdir(s->dfd, "tickets", disp, 0, &s->tickets_fd);
		if (err && err->code == ERR_NOTFOUND)
			err = error_new(ERR_DATA, "'%s' is missing; is '%s' a cstk store?",
			    disp, dir);
	}
	free(disp);
	return err;
}

void
store_close(struct store *s)
{
	if (s->lock_fd >= 0)
		close(s->lock_fd);	/* releases the flock */
	if (s->dir_lock_fd >= 0)
		close(s->dir_lock_fd);
	if (s->tmp_fd >= 0)
		close(s->tmp_fd);
	if (s->tickets_fd >= 0)
		close(s->tickets_fd);
	if (s->dfd >= 0)
		close(s->dfd);
	if (s->dir)
		policy_release(&s->policy);
	free(s->dir);
	s->dir = NULL;
	s->dfd = s->tickets_fd = s->lock_fd = s->dir_lock_fd = s->tmp_fd = -1;
}

/* ---- batches ---- */

/*
 * Staged names are "t--ID.yaml" (to tickets/) or "a--YYYY-MM--ID.yaml".
 * Archive month directories are opened once each and synced once at the
 * end, not once a file.
 */
struct months {
	char name[8];
	int fd;
};

static const struct error *
batch_place(struct store *s, int bfd, const char *staged, struct months *m, size_t *nm,
    int afd)
{
	char month[8], id[48];
	int dst = s->tickets_fd;

	if (strncmp(staged, "t--", 3) == 0) {
		snprintf(id, sizeof(id), "%s", staged + 3);
	} else {
		size_t i;
		snprintf(month, sizeof(month), "%.7s", staged + 3);
		snprintf(id, sizeof(id), "%s", staged + 12);
		for (i = 0; i < *nm && strcmp(m[i].name, month) != 0; i++)
			;
		if (i == *nm) {
			const struct error *err;
			if (*nm >= 256)
				return error_new(ERR_DATA, "a batch spans more than 256 months");
			if ((err = subdir(afd, month, month, 1, &m[i].fd)) != NULL)
				return err;
			memcpy(m[i].name, month, sizeof(month));
			(*nm)++;
		}
		dst = m[i].fd;
	}
	if (atomic_io_rename(bfd, staged, dst, id) < 0)
		return error_sys("cannot move '%s' into the store", id);
	return NULL;
}

/* Move every staged file into place, sync, remove the batch directory. */
static const struct error *
batch_finish(struct store *s, int bfd, const char *name)
{
	const struct error *err = NULL;
	struct months *m = xcalloc(256, sizeof(*m));
	size_t n, nm = 0;
	char **files = list_dir(bfd, &n, 0);
	int afd = -1;

	if (n && (err = subdir(s->dfd, "archive", "archive", 1, &afd)) != NULL)
		n = 0;
	for (size_t i = 0; i < n && err == NULL; i++)
		err = batch_place(s, bfd, files[i], m, &nm, afd);
	store_names_free(files, n);
	for (size_t i = 0; i < nm; i++) {
		if (err == NULL)
			err = atomic_fsync_dir(m[i].fd, m[i].name);
		close(m[i].fd);
	}
	free(m);
	if (afd >= 0)
		close(afd);
	if (err == NULL)
		err = atomic_fsync_dir(s->tickets_fd, "tickets");
	if (err == NULL && atomic_io_unlink(bfd, "COMMIT", 0) < 0)
		err = error_sys("cannot finish the import batch '%s/.tmp/%s'", s->dir, name);
	if (err == NULL && atomic_io_unlink(s->tmp_fd, name, AT_REMOVEDIR) < 0)
		err = error_sys("cannot finish the import batch '%s/.tmp/%s'", s->dir, name);
	return err;
}

static void
batch_remove(int bfd, int tmpfd, const char *name)
{
	size_t n;
	char **files = list_dir(bfd, &n, 0);

	for (size_t i = 0; i < n; i++)
		atomic_io_unlink(bfd, files[i], 0);
	store_names_free(files, n);
	atomic_io_unlink(bfd, "COMMIT", 0);
	atomic_io_unlink(tmpfd, name, AT_REMOVEDIR);
}

/* After taking the lock: finish committed batches, drop the others. */
static const struct error *
batch_recover(struct store *s)
{
	const struct error *err = NULL;
	size_t n;
	char **dirs = list_dir(s->tmp_fd, &n, 1);

	for (size_t i = 0; i < n && err == NULL; i++) {
		struct stat st;
		int bfd;

		if (strncmp(dirs[i], "batch-", 6) != 0)
			continue;
		bfd = open_subdir(s->tmp_fd, dirs[i]);
		if (bfd < 0)
			continue;
		if (fstatat(bfd, "COMMIT", &st, AT_SYMLINK_NOFOLLOW) == 0)
			err = batch_finish(s, bfd, dirs[i]);
		else
			batch_remove(bfd, s->tmp_fd, dirs[i]);
		close(bfd);
	}
	store_names_free(dirs, n);
	return err;
}

const struct error *
store_batch_begin(struct store *s, struct store_batch *b)
{
	memset(b, 0, sizeof(*b));
	b->s = s;
	b->fd = -1;
	if (s->lock_fd < 0)
		return error_new(ERR_IO, "internal: a batch without the lock");
	snprintf(b->name, sizeof(b->name), "batch-%ld", (long)getpid());
	if (atomic_io_mkdir(s->tmp_fd, b->name, DIR_MODE) < 0)
		return error_sys("cannot create '%s/.tmp/%s'", s->dir, b->name);
	b->fd = open_subdir(s->tmp_fd, b->name);
	if (b->fd < 0)
		return error_sys("cannot open '%s/.tmp/%s'", s->dir, b->name);
	return NULL;
}

const struct error *
store_batch_add(struct store_batch *b, struct ticket *t)
{
	const struct error *err;
	struct strbuf out = STRBUF_INIT;
	const char *id = ticket_str(t, F_ID);
	char name[80], month[8];
	int fd;

	if ((err = emit_checked(t, id, &out, 0)) != NULL) {
		sb_release(&out);
		return err;
	}
	if (ticket_status(t) == ST_ARCHIVED) {
		id_month(id, month);
		snprintf(name, sizeof(name), "a--%s--%s.yaml", month, id);
	} else {
		snprintf(name, sizeof(name), "t--%s.yaml", id);
	}
	fd = openat(b->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    FILE_MODE);
	if (fd < 0) {
		err = error_sys("cannot stage ticket '%s'", id);
	} else {
		err = atomic_write_fd(fd, out.buf, out.len, id);
		if (close(fd) < 0 && err == NULL)
			err = error_sys("cannot stage ticket '%s'", id);
	}
	sb_release(&out);
	b->n++;
	return err;
}

const struct error *
store_batch_commit(struct store_batch *b)
{
	const struct error *err;
	int fd;

	/* One sync for every file, instead of one fsync each. */
	if ((err = atomic_syncfs(b->fd, b->s->dir)) != NULL)
		return err;
	fd = openat(b->fd, "COMMIT", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, FILE_MODE);
	if (fd < 0)
		return error_sys("cannot commit the batch in '%s'", b->s->dir);
	close(fd);
	if ((err = atomic_fsync_dir(b->fd, "the batch")) != NULL)
		return err;
	err = batch_finish(b->s, b->fd, b->name);
	close(b->fd);
	b->fd = -1;
	return err;
}

void
store_batch_abort(struct store_batch *b)
{
	if (b->fd < 0)
		return;
	batch_remove(b->fd, b->s->tmp_fd, b->name);
	close(b->fd);
	b->fd = -1;
}

/*
 * Is `fd` still the file at DIR/.lock?  Someone may have deleted .lock
 * (`git clean -X`) while we waited: then our flock guards a file nobody
 * else will open, and two writers would run at once.
 */
static int
lock_is_current(struct store *s, int fd)
{
	struct stat held, now;

	if (fstat(fd, &held) < 0 || fstatat(s->dfd, ".lock", &now, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	return held.st_dev == now.st_dev && held.st_ino == now.st_ino;
}

/* flock(fd) exclusively, waiting up to `timeout` seconds in all. */
static const struct error *
wait_flock(struct store *s, int fd, const char *what, double *waited,
    struct timespec *pause, double timeout)
{
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return error_sys("cannot lock '%s' (%s)", s->dir, what);
		if (*waited >= timeout)
			return error_new(ERR_BUSY, "store '%s' is busy: another cstk has "
			    "been writing for %.0f s; try again (CSTK_LOCK_TIMEOUT sets the "
			    "wait)", s->dir, timeout);
		nanosleep(pause, NULL);
		*waited += pause->tv_nsec / 1e9;
		if (pause->tv_nsec < 50 * 1000 * 1000)
			pause->tv_nsec *= 2;
	}
	return NULL;
}

const struct error *
store_lock(struct store *s)
{
	const char *env = getenv("CSTK_LOCK_TIMEOUT");
	double timeout = env && *env ? atof(env) : 10.0, waited = 0;
	struct timespec pause = { 0, 2 * 1000 * 1000 };
	const struct error *err;
	char *disp;
	int fd;

	if (s->lock_fd >= 0)
		return NULL;
	/*
	 * The data directory itself is locked first: it cannot be deleted
	 * from under us, so writers of this version serialize even while
	 * someone removes .lock.  .lock is then taken too (and checked to be
	 * the file at the path), for other cstk versions that lock only it.
	 */
	s->dir_lock_fd = openat(s->dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dir_lock_fd < 0)
		return error_sys("cannot open data directory '%s'", s->dir);
	if ((err = wait_flock(s, s->dir_lock_fd, s->dir, &waited, &pause, timeout)) != NULL) {
		close(s->dir_lock_fd);
		s->dir_lock_fd = -1;
		return err;
	}
again:
	fd = openat(s->dfd, ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, FILE_MODE);
	if (fd < 0)
		return error_sys("cannot open the lock file '%s/.lock'", s->dir);
	if ((err = wait_flock(s, fd, ".lock", &waited, &pause, timeout)) != NULL) {
		close(fd);
		return err;
	}
	if (!lock_is_current(s, fd)) {
		/* Locked a deleted (or replaced) .lock: take the one there now. */
		close(fd);
		goto again;
	}
	s->lock_fd = fd;
	disp = xasprintf("%s/.tmp", s->dir);
	err = subdir(s->dfd, ".tmp", disp, 1, &s->tmp_fd);
	free(disp);
	if (err)
		return err;
	/* We hold the lock: whatever is in .tmp was left by a killed writer. */
	atomic_clean(s->tmp_fd);
	if ((err = batch_recover(s)) != NULL)
		return err;
	return move_recover(s);
}

const struct error *
store_check_id(const char *id)
{
	if (!ticket_id_valid(id))
		return error_new(ERR_USAGE, "'%s' is not a ticket ID; IDs look like "
		    "CS-20261122-0001", id);
	return NULL;
}

/* "2026-11" from the date inside an ID. */
static void
id_month(const char *id, char month[8])
{
	const char *d = strchr(id, '-') + 1;
	snprintf(month, 8, "%.4s-%.2s", d, d + 4);
}

char *
store_display_path(const struct store *s, const char *id, int archived)
{
	char month[8];

	if (!archived)
		return xasprintf("%s/tickets/%s.yaml", s->dir, id);
	id_month(id, month);
	return xasprintf("%s/archive/%s/%s.yaml", s->dir, month, id);
}

/*
 * A loaded file is a ticket with the ID of its name.  Characters a
 * terminal must not get are escaped here, once, so no output (tables,
 * show, CSV, the index) can carry them; `check` reports them.
 */
static const struct error *
check_loaded(struct ticket *t, const char *id, const char *file)
{
	const struct error *err = NULL;
	struct ynode *root = t->root;
	const char *got;

	ticket_validate(root, file, NULL, NULL, &err);
	if (err)
		return err;
	got = ynode_get_str(root, "id");
	if (id && got && strcmp(got, id) != 0) {
		const struct ynode *n = ynode_get(root, "id");
		return error_new(ERR_DATA, "%s:%u:%u: id '%s' does not match the file "
		    "name; it should be '%s'", file, n->line, n->col, got, id);
	}
	t->unsafe_line = t->unsafe_col = 0;
	t->unsafe = (unsigned)ynode_defang(root, &t->unsafe_line, &t->unsafe_col);
	return NULL;
}

const struct error *
store_load_file(int dirfd, const char *name, const char *disp, struct ticket *t)
{
	const struct error *err;
	size_t len = strlen(name);
	char id[64];

	t->root = NULL;
	snprintf(id, sizeof(id), "%.*s", (int)(len > 5 ? len - 5 : 0), name);
	if (!ticket_id_valid(id))
		return error_new(ERR_DATA, "%s: file name is not a ticket ID "
		    "(PREFIX-YYYYMMDD-NNNN.yaml); skipped", disp);
	err = yaml_load_file(dirfd, name, disp, &t->root);
	if (err == NULL)
		err = check_loaded(t, id, disp);
	if (err) {
		ynode_free(t->root);
		t->root = NULL;
	}
	return err;
}

const struct error *
store_load(struct store *s, const char *id, struct ticket *t)
{
	const struct error *err;
	char month[8], name[64];
	char *disp;
	int afd;

	t->root = NULL;
	if ((err = store_check_id(id)) != NULL)
		return err;
	snprintf(name, sizeof(name), "%s.yaml", id);
	/* An archived copy is final: look there first. */
	id_month(id, month);
	afd = openat(s->dfd, "archive", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (afd >= 0) {
		int mfd = openat(afd, month, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(afd);
		if (mfd >= 0) {
			disp = store_display_path(s, id, 1);
			err = yaml_load_file(mfd, name, disp, &t->root);
			close(mfd);
			if (err == NULL)
				err = check_loaded(t, id, disp);
			free(disp);
			if (err == NULL || err->code != ERR_NOTFOUND)
				goto done;
		}
	}
	disp = store_display_path(s, id, 0);
	err = yaml_load_file(s->tickets_fd, name, disp, &t->root);
	if (err == NULL)
		err = check_loaded(t, id, disp);
	free(disp);
	if (err && err->code == ERR_NOTFOUND)
		err = error_new(ERR_NOTFOUND, "no ticket '%s' in '%s'", id, s->dir);
done:
	if (err) {
		ynode_free(t->root);
		t->root = NULL;
	}
	return err;
}

/*
 * The bytes of ticket `t` as they will be written, refused if they would
 * not load back (SPEC §8: what cstk writes, cstk can read): over the file
 * size limit, a scalar over its limit, a date past year 9999.  Nothing
 * has been written when this fails.
 */
static const struct error *
emit_checked(struct ticket *t, const char *disp, struct strbuf *out, size_t room)
{
	const struct error *err;
	struct ynode *back = NULL;

	ticket_normalize(t);
	if ((err = yaml_emit(t->root, out)) != NULL)
		return err;
	if (out->len + room > YAML_MAX_FILE)
		return error_new(ERR_DATA, "'%s' would grow to %zu bytes, over the limit "
		    "of %d bytes a ticket file may have%s; nothing was changed (put long "
		    "text elsewhere and refer to it)", disp, out->len,
		    (int)(YAML_MAX_FILE - room), room ? " while leaving room to close it" : "");
	err = yaml_load_buf(out->buf, out->len, disp, &back);
	if (err == NULL)
		ticket_validate(back, disp, NULL, NULL, &err);
	ynode_free(back);
	if (err)
		return error_new(ERR_DATA, "refusing to write a ticket cstk could not read "
		    "back; nothing was changed: %s", err->msg);
	return NULL;
}

/* ---- moves from tickets/ to archive/ ---- */

/* Is `name` "ID.yaml" with a well-formed ID? */
static int
ticket_id_valid_name(const char *name)
{
	size_t len = strlen(name);
	char id[64];

	if (len < 6 || len - 5 >= sizeof(id) || strcmp(name + len - 5, ".yaml") != 0)
		return 0;
	memcpy(id, name, len - 5);
	id[len - 5] = '\0';
	return ticket_id_valid(id);
}

/* Make .tmp/move-NAME durable. */
static const struct error *
move_mark(struct store *s, const char *name)
{
	char mark[80];
	int fd;

	snprintf(mark, sizeof(mark), "move-%s", name);
	fd = openat(s->tmp_fd, mark, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, FILE_MODE);
	if (fd < 0)
		return error_sys("cannot mark the move of '%s' in '%s/.tmp'", name, s->dir);
	close(fd);
	if (atomic_fsync_dir(s->tmp_fd, ".tmp") != NULL)
		return error_sys("cannot sync '%s/.tmp' to mark the move of '%s'; nothing "
		    "was changed", s->dir, name);
	return NULL;
}

/* Is there an archived copy of ticket file `name` (ID.yaml)? */
static int
archived_copy(struct store *s, const char *name)
{
	char path[160], month[8];
	struct stat st;

	id_month(name, month);
	snprintf(path, sizeof(path), "archive/%s/%s", month, name);
	return fstatat(s->dfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

char **
store_moving(struct store *s, size_t *n)
{
	int tfd = openat(s->dfd, ".tmp", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	char **names, **v = NULL;
	size_t nn, alloc = 0;

	*n = 0;
	if (tfd < 0)
		return NULL;
	names = store_names(tfd, &nn, NAMES_YAML);
	close(tfd);
	for (size_t i = 0; i < nn; i++) {
		const char *name = names[i] + 5;
		if (strncmp(names[i], "move-", 5) != 0 || !ticket_id_valid_name(name) ||
		    !archived_copy(s, name))
			continue;
		ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = xstrdup(name);
	}
	store_names_free(names, nn);
	return v;
}

int
store_is_moving(char *const *moving, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(moving[i], name) == 0)
			return 1;
	return 0;
}

/* After taking the lock: finish the moves a crash or a failure left. */
static const struct error *
move_recover(struct store *s)
{
	const struct error *err = NULL;
	size_t n;
	char **names = store_names(s->tmp_fd, &n, NAMES_YAML);

	for (size_t i = 0; i < n && err == NULL; i++) {
		const char *name = names[i] + 5;
		if (strncmp(names[i], "move-", 5) != 0)
			continue;
		if (ticket_id_valid_name(name) && archived_copy(s, name)) {
			/* Make sure the archived copy is on disk before the old goes. */
			char month[8], *disp = xasprintf("%s/tickets/%s", s->dir, name);
			int afd = open_subdir(s->dfd, "archive"), mfd;
			id_month(name, month);
			mfd = afd < 0 ? -1 : open_subdir(afd, month);
			if (mfd < 0)
				err = error_sys("cannot open '%s/archive/%s'", s->dir, month);
			else
				err = atomic_fsync_dir(mfd, month);
			if (err == NULL)
				err = atomic_unlink(s->tickets_fd, name, disp);
			if (mfd >= 0)
				close(mfd);
			if (afd >= 0)
				close(afd);
			free(disp);
		}
		if (err == NULL && atomic_io_unlink(s->tmp_fd, names[i], 0) < 0)
			err = error_sys("cannot remove '%s/.tmp/%s'", s->dir, names[i]);
	}
	store_names_free(names, n);
	return err;
}

const struct error *
store_save(struct store *s, struct ticket *t)
{
	return store_save_leaving(s, t, 0);
}

const struct error *
store_save_leaving(struct store *s, struct ticket *t, size_t room)
{
	const struct error *err;
	struct strbuf out = STRBUF_INIT;
	const char *id = ticket_str(t, F_ID);
	int archived = ticket_status(t) == ST_ARCHIVED;
	char name[64], month[8], mark[80];
	char *disp = store_display_path(s, id, archived);
	int afd = -1, mfd = -1, moving;
	struct stat st;

	snprintf(mark, sizeof(mark), "move-%s.yaml", id);
	if (s->lock_fd < 0) {
		free(disp);
		return error_new(ERR_IO, "internal: writing '%s' without the lock", id);
	}
	if ((err = emit_checked(t, disp, &out, room)) != NULL)
		goto done;
	snprintf(name, sizeof(name), "%s.yaml", id);
	if (!archived) {
		err = atomic_write(s->tmp_fd, s->tickets_fd, name, disp, out.buf, out.len,
		    FILE_MODE);
		goto done;
	}
	id_month(id, month);
	if ((err = subdir(s->dfd, "archive", "archive", 1, &afd)) != NULL)
		goto done;
	if ((err = subdir(afd, month, disp, 1, &mfd)) != NULL)
		goto done;
	moving = fstatat(s->tickets_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
	/*
	 * Moving from tickets/ to archive/ is two steps.  A durable mark
	 * .tmp/move-ID.yaml comes first: while it exists, readers take the
	 * archived copy and pass over the one in tickets/, and the next
	 * writer finishes or undoes the move (move_recover).
	 */
	if (moving && (err = move_mark(s, name)) != NULL)
		goto done;
	if ((err = atomic_write(s->tmp_fd, mfd, name, disp, out.buf, out.len,
	    FILE_MODE)) != NULL) {
		if (moving && fstatat(mfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			err = error_new(err->code, "%s; readers see it archived, and the next "
			    "cstk that writes removes its old copy in tickets/", err->msg);
		goto done;
	}
	if (!moving)
		goto done;
	free(disp);
	disp = store_display_path(s, id, 0);
	if ((err = atomic_unlink(s->tickets_fd, name, disp)) != NULL) {
		err = error_new(err->code, "%s; the ticket is archived, and the next cstk "
		    "that writes removes the old copy", err->msg);
		goto done;
	}
	/* Done: the mark goes; were it to come back, recovery finds nothing to do. */
	atomic_io_unlink(s->tmp_fd, mark, 0);
done:
	if (afd >= 0)
		close(afd);
	if (mfd >= 0)
		close(mfd);
	free(disp);
	sb_release(&out);
	return err;
}

int
store_id_exists(struct store *s, const char *id)
{
	char path[128], month[8];
	struct stat st;

	snprintf(path, sizeof(path), "tickets/%s.yaml", id);
	if (fstatat(s->dfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return 1;
	id_month(id, month);
	snprintf(path, sizeof(path), "archive/%s/%s.yaml", month, id);
	return fstatat(s->dfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

const struct error *
store_new_id(struct store *s, const struct ctime *at, char id[40])
{
	char date[CLOCK_BUFSZ], ymd[9], hint[64] = "";
	unsigned long seq = 1;
	ssize_t n;
	int fd;

	clock_format_date(at, date);
	snprintf(ymd, sizeof(ymd), "%.4s%.2s%.2s", date, date + 5, date + 8);
	/* .seq holds "YYYYMMDD N": where to start looking; existence decides. */
	fd = openat(s->dfd, ".seq", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, FILE_MODE);
	if (fd >= 0 && (n = pread(fd, hint, sizeof(hint) - 1, 0)) > 0) {
		hint[n] = '\0';
		if (strncmp(hint, ymd, 8) == 0 && hint[8] == ' ')
			seq = strtoul(hint + 9, NULL, 10) + 1;
	}
	for (;; seq++) {
		if (seq > 9999) {
			if (fd >= 0)
				close(fd);
			return error_new(ERR_DATA, "no ticket IDs left for %s: 9999 tickets "
			    "were opened that day", date);
		}
		snprintf(id, 40, "%s-%s-%04lu", s->policy.prefix, ymd, seq);
		if (!store_id_exists(s, id))
			break;
	}
	if (fd >= 0) {
		int len = snprintf(hint, sizeof(hint), "%s %lu\n", ymd, seq);
		/* Only a hint: the existence check keeps IDs unique, so a
		 * failed write here is harmless. */
		if (ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0)
			(void)atomic_io_write(fd, hint, (size_t)len);
		close(fd);
	}
	return NULL;
}

/* ---- walking the store ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
store_names(int dirfd, size_t *nr, enum store_names_what what)
{
	char **v = NULL;
	size_t n = 0, alloc = 0;
	int fd = dup(dirfd);
	DIR *d;
	struct dirent *de;

	*nr = 0;
	if (fd < 0)
		return NULL;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return NULL;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if (what == NAMES_DIRS && de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		if (what == NAMES_YAML && (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	*nr = n;
	return v;
}

void
store_names_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char **
list_dir(int dirfd, size_t *nr, int dirs)
{
	return store_names(dirfd, nr, dirs ? NAMES_DIRS : NAMES_YAML);
}

static void
warn_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	utf8_print_message("warning: ", msg);
}


/* Load every ticket file of one directory. Returns nonzero when fn stopped. */
static struct progress *each_progress;

static int
each_in(int dirfd, const char *dispdir, store_each_fn fn, void *ctx,
    void (*warn)(void *, const char *), char *const *skip, size_t nskip)
{
	size_t n;
	char **names = list_dir(dirfd, &n, 0);
	int stop = 0;

	for (size_t i = 0; i < n && !stop; i++) {
		char *disp;
		struct ticket t = { NULL };
		const struct error *err;

		if (nskip && store_is_moving(skip, nskip, names[i]))
			continue;
		disp = xasprintf("%s/%s", dispdir, names[i]);
		err = store_load_file(dirfd, names[i], disp, &t);

		if (err)
			warn(ctx, err->msg);
		else
			stop = fn(ctx, &t, disp);
		ticket_release(&t);
		free(disp);
		if (each_progress)
			progress_tick(each_progress, 1);
	}
	store_names_free(names, n);
	return stop;
}

const struct error *
store_each(struct store *s, int archive, store_each_fn fn, void *ctx,
    void (*warn)(void *, const char *))
{
	struct progress progress;
	const struct error *err;

	progress_start(&progress, "reading tickets", 0);
	each_progress = &progress;
	err = store_each_walk(s, archive, fn, ctx, warn);
	each_progress = NULL;
	progress_end(&progress);
	return err;
}

static const struct error *
store_each_walk(struct store *s, int archive, store_each_fn fn, void *ctx,
    void (*warn)(void *, const char *))
{
	char *disp;
	int stop, afd;

	if (warn == NULL)
		warn = warn_stderr;
	disp = xasprintf("%s/tickets", s->dir);
	{
		/* A ticket half-way to archive/ is read there, not here. */
		size_t nmov;
		char **moving = store_moving(s, &nmov);
		stop = each_in(s->tickets_fd, disp, fn, ctx, warn, moving, nmov);
		store_names_free(moving, nmov);
	}
	free(disp);
	if (stop || !archive)
		return NULL;
	afd = open_subdir(s->dfd, "archive");
	if (afd < 0)
		return errno == ENOENT ? NULL
		    : error_sys("cannot open '%s/archive'", s->dir);
	{
		size_t n;
		char **months = list_dir(afd, &n, 1);

		for (size_t i = 0; i < n && !stop; i++) {
			int mfd = open_subdir(afd, months[i]);
			if (mfd < 0)
				continue;
			disp = xasprintf("%s/archive/%s", s->dir, months[i]);
			stop = each_in(mfd, disp, fn, ctx, warn, NULL, 0);
			free(disp);
			close(mfd);
		}
		store_names_free(months, n);
	}
	close(afd);
	return NULL;
}

/* ---- the parallel walk ---- */

#define CHUNK 256

struct map_file {
	int dirfd;		/* borrowed */
	char *name, *disp;
};

struct map_chunk {
	struct map_file *f;
	size_t n;
	struct strbuf out, warn;
	store_map_fn fn;
	void *ctx;
	pthread_t th;
};

static void *
map_worker(void *arg)
{
	struct map_chunk *c = arg;

	for (size_t i = 0; i < c->n; i++) {
		const struct map_file *f = &c->f[i];
		struct ticket t = { NULL };
		const struct error *err = store_load_file(f->dirfd, f->name, f->disp, &t);

		if (err)
			utf8_add_message(&c->warn, "warning: ", err->msg);
		else
			c->fn(c->ctx, &t, &c->out);
		ticket_release(&t);
	}
	return NULL;
}

static long
workers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	const char *env = getenv("CSTK_THREADS");

	if (env && *env)
		n = atol(env);
	return n < 1 ? 1 : n > 16 ? 16 : n;
}

/* Run the files gathered so far on all workers, write in order. */
static const struct error *
map_flush(struct map_file *files, size_t n, store_map_fn fn, void *ctx, FILE *fp)
{
	long nw = workers();
	size_t nchunks = (n + CHUNK - 1) / CHUNK;
	struct map_chunk *c = xcalloc(nchunks ? nchunks : 1, sizeof(*c));
	const struct error *err = NULL;

	for (size_t k = 0; k < nchunks; k++) {
		c[k].f = files + k * CHUNK;
		c[k].n = k + 1 < nchunks ? CHUNK : n - k * CHUNK;
		c[k].fn = fn;
		c[k].ctx = ctx;
	}
	for (size_t k = 0; k < nchunks; k += (size_t)nw) {
		size_t end = k + (size_t)nw < nchunks ? k + (size_t)nw : nchunks;
		for (size_t j = k + 1; j < end; j++)
			if (pthread_create(&c[j].th, NULL, map_worker, &c[j]) != 0)
				map_worker(&c[j]), c[j].th = 0;
		map_worker(&c[k]);
		for (size_t j = k; j < end; j++) {
			if (j > k && c[j].th)
				pthread_join(c[j].th, NULL);
			fputs(sb_str(&c[j].warn), stderr);
			if (c[j].out.len && fwrite(c[j].out.buf, 1, c[j].out.len, fp) != c[j].out.len &&
			    err == NULL)
				err = error_sys("cannot write the output");
			sb_release(&c[j].out);
			sb_release(&c[j].warn);
		}
	}
	free(c);
	for (size_t i = 0; i < n; i++) {
		free(files[i].name);
		free(files[i].disp);
	}
	return err;
}

const struct error *
store_map(struct store *s, int archive, store_map_fn fn, void *ctx, FILE *fp)
{
	const struct error *err = NULL;
	struct map_file *files = NULL;
	size_t nf = 0, alloc = 0, n, nmov;
	char **names, **moving;
	int afd;

	/* Directory by directory, so at most one directory's names are held. */
	names = list_dir(s->tickets_fd, &n, 0);
	moving = store_moving(s, &nmov);
	for (size_t i = 0; i < n; i++) {
		if (nmov && store_is_moving(moving, nmov, names[i])) {
			free(names[i]);
			continue;
		}
		ALLOC_GROW(files, nf + 1, alloc);
		files[nf].dirfd = s->tickets_fd;
		files[nf].name = names[i];
		files[nf].disp = xasprintf("%s/tickets/%s", s->dir, names[i]);
		nf++;
	}
	free(names);
	store_names_free(moving, nmov);
	err = map_flush(files, nf, fn, ctx, fp);
	nf = 0;
	if (err || !archive)
		goto done;
	afd = open_subdir(s->dfd, "archive");
	if (afd < 0)
		goto done;
	{
		size_t nm;
		char **months = list_dir(afd, &nm, 1);

		for (size_t m = 0; m < nm && err == NULL; m++) {
			int mfd = open_subdir(afd, months[m]);
			if (mfd < 0)
				continue;
			names = list_dir(mfd, &n, 0);
			for (size_t i = 0; i < n; i++) {
				ALLOC_GROW(files, nf + 1, alloc);
				files[nf].dirfd = mfd;
				files[nf].name = names[i];
				files[nf].disp = xasprintf("%s/archive/%s/%s", s->dir, months[m],
				    names[i]);
				nf++;
			}
			free(names);
			err = map_flush(files, nf, fn, ctx, fp);
			nf = 0;
			close(mfd);
		}
		store_names_free(months, nm);
	}
	close(afd);
done:
	free(files);
	return err;
}
