/* store.c — finding, making and opening the data directory, and its lock;
 * see store.h.  Batches, moves, ticket files and walks have files of their
 * own (store-batch.c, store-move.c, store-ticket.c, store-walk.c). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "git.h"
#include "i18n.h"
#include "store-fs.h"
#include "store.h"
#include "strbuf.h"
#include "yaml-load.h"


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

int
store_open_subdir(int dfd, const char *name)
{
	return openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Open (creating if asked) a subdirectory, refusing links. */
const struct error *
store_subdir(int dfd, const char *name, const char *display, int create, int *out)
{
	int fd = store_open_subdir(dfd, name);

	if (fd < 0 && errno == ENOENT && create) {
		const struct error *err = atomic_mkdir(dfd, name, DIR_MODE, display);
		if (err)
			return err;
		fd = store_open_subdir(dfd, name);
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

/* The group named `name` ("" the primary group): a name or a number. */
static const struct error *
find_group(const char *name, gid_t *gid)
{
	const struct group *gr;
	char *end;
	unsigned long n;

	if (*name == '\0') {
		*gid = getegid();
		return NULL;
	}
	if ((gr = getgrnam(name)) != NULL) {
		*gid = gr->gr_gid;
		return NULL;
	}
	n = strtoul(name, &end, 10);
	if (*end == '\0' && end != name && getgrgid((gid_t)n) != NULL) {
		*gid = (gid_t)n;
		return NULL;
	}
	return error_new(ERR_USAGE, "--shared: no group '%s' on this machine; give "
	    "a group from /etc/group (getent group)", name);
}

/* The group's name for messages ("1234" when it has none). */
static const char *
group_name(gid_t gid, char buf[24])
{
	const struct group *gr = getgrgid(gid);

	if (gr)
		return gr->gr_name;
	snprintf(buf, 24, "%lu", (unsigned long)gid);
	return buf;
}

/* Is the calling user in group `gid` (or root)? */
static int
in_group(gid_t gid)
{
	gid_t groups[256];
	int n;

	if (geteuid() == 0 || getegid() == gid)
		return 1;
	n = getgroups(256, groups);
	for (int i = 0; i < n; i++)
		if (groups[i] == gid)
			return 1;
	return 0;
}

/*
 * From here on, create what the store wants: the umask keeps group write
 * in a shared store and takes it (and everything for others) away in
 * one of a single user (SPEC §11, git's core.sharedRepository).
 */
static void
store_umask(int shared)
{
	mode_t old = umask(0);

	umask(shared ? 0007 : (old | 0027));
}

/* Make the new data directory `dfd` shared: group `gid`, setgid. */
static const struct error *
share_dir(int dfd, const char *dir, gid_t gid)
{
	char buf[24];

	if (!in_group(gid))
		return error_new(ERR_USAGE, "--shared: you are not in group '%s'; ask "
		    "for it (usermod -aG %s LOGIN), or name a group you are in (id -Gn)",
		    group_name(gid, buf), group_name(gid, buf));
	if (fchown(dfd, (uid_t)-1, gid) < 0 || fchmod(dfd, 02000 | STORE_DIR_MODE) < 0)
		return error_sys("cannot give '%s' to group '%s'", dir, group_name(gid, buf));
	return NULL;
}

const struct error *
store_init(const char *dir, const char *group)
{
	const struct error *err = NULL;
	char *disp = NULL;
	int dfd, fd, tfd = -1, afd = -1, xfd = -1;
	struct stat st;
	gid_t gid = 0;

	if (group && (err = find_group(group, &gid)) != NULL)
		return err;
	if ((err = make_parents(dir)) != NULL)
		return err;
	store_umask(group != NULL);
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
	if (group && (err = share_dir(dfd, dir, gid)) != NULL)
		goto done;
	disp = xasprintf("%s/tickets", dir);
	if ((err = store_subdir(dfd, "tickets", disp, 1, &tfd)) != NULL)
		goto done;
	free(disp);
	disp = xasprintf("%s/archive", dir);
	if ((err = store_subdir(dfd, "archive", disp, 1, &afd)) != NULL)
		goto done;
	free(disp);
	disp = xasprintf("%s/.tmp", dir);
	if ((err = store_subdir(dfd, ".tmp", disp, 1, &xfd)) != NULL)
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
store_reopen_tickets(struct store *s)
{
	char *disp = xasprintf("%s/tickets", s->dir);
	const struct error *err;
	int fd;

	err = store_subdir(s->dfd, "tickets", disp, 1, &fd);
	free(disp);
	if (err)
		return err;
	if (s->tickets_fd >= 0)
		close(s->tickets_fd);
	s->tickets_fd = fd;
	return NULL;
}

int
store_dir_has(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	int yes = access(p, F_OK) == 0;

	free(p);
	return yes;
}

const struct error *
store_exposed(const char *dir)
{
	struct stat sb;

	if (stat(dir, &sb) == 0 && (sb.st_mode & 0007))
		return error_new(ERR_DATA, "'%s' is open to others (mode %04o); it holds "
		    "personal data: chmod o-rwx '%s'", dir, (unsigned)(sb.st_mode & 07777),
		    dir);
	return NULL;
}

static const struct error *
denied_group(const char *dir, gid_t gid)
{
	char buf[24];

	return error_new(ERR_IO, "permission denied: '%s' (the store belongs to "
	    "group '%s'; ask its owner to add you to the group)", dir,
	    group_name(gid, buf));
}

/* Someone who may not enter the store: say whose it is. */
static const struct error *
store_denied(const char *dir)
{
	struct stat st;
	const struct passwd *pw;

	if (stat(dir, &st) < 0)
		return error_sys("cannot open data directory '%s'", dir);
	if ((st.st_mode & 02070) == 02070)
		return denied_group(dir, st.st_gid);
	if ((pw = getpwuid(st.st_uid)) != NULL)
		return error_new(ERR_IO, "permission denied: '%s' (the store belongs to "
		    "user '%s'; a store for a team is made with 'cstk init --shared')", dir,
		    pw->pw_name);
	return error_sys("cannot open data directory '%s'", dir);
}

/* Is the store shared (its directory setgid and group-writable)?  Then
 * only the group's members may use it, and every write keeps its modes. */
static const struct error *
store_sharing(struct store *s)
{
	struct stat st;

	if (fstat(s->dfd, &st) < 0)
		return error_sys("cannot stat data directory '%s'", s->dir);
	s->shared = (st.st_mode & 02070) == 02070;
	s->gid = st.st_gid;
	if (s->shared && !in_group(s->gid))
		return denied_group(s->dir, s->gid);
	store_umask(s->shared);
	return NULL;
}

const char *
store_mode_drift(const struct store *s, const struct stat *st, mode_t *mode)
{
	mode_t want = S_ISDIR(st->st_mode) ? (02000 | STORE_DIR_MODE) : STORE_FILE_MODE;
	mode_t have = st->st_mode & 07777;

	*mode = S_ISDIR(st->st_mode) ? (have | want) & 02770 : (have | want) & 0660;
	if (!s->shared)
		return NULL;
	if (st->st_gid != s->gid)
		return "group";
	if ((have & want) != want || (have & 0007))
		return "mode";
	return NULL;
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
		if (errno == EACCES)
			return store_denied(dir);
		return error_sys("cannot open data directory '%s'", dir);
	}
	if ((err = store_sharing(s)) != NULL)
		return err;
	if ((err = git_store_open(s)) != NULL)
		return err;
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
		/* git keeps no empty directory: a clone, or a pull that took
		 * the last open ticket, has none */
		err = store_subdir(s->dfd, "tickets", disp, s->git, &s->tickets_fd);
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
	sb_release(&s->changed);
	free(s->dir);
	s->dir = NULL;
	s->dfd = s->tickets_fd = s->lock_fd = s->dir_lock_fd = s->tmp_fd = -1;
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
	err = store_subdir(s->dfd, ".tmp", disp, 1, &s->tmp_fd);
	free(disp);
	if (err)
		return err;
	/* We hold the lock: whatever is in .tmp was left by a killed writer. */
	atomic_clean(s->tmp_fd);
	if ((err = store_batch_recover(s)) != NULL)
		return err;
	return store_move_recover(s);
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
void
store_id_month(const char *id, char month[8])
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
	store_id_month(id, month);
	return xasprintf("%s/archive/%s/%s.yaml", s->dir, month, id);
}
