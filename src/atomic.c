#define _GNU_SOURCE	/* syncfs(2), O_TMPFILE */
/* atomic.c — durable file replacement and I/O fault injection; see atomic.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"

static const char *const op_names[ATOMIC_NOPS] = {
	"write", "fsync", "rename", "unlink", "mkdir", "any",
};
static int fail_at[ATOMIC_NOPS];	/* 0: never */
static int calls[ATOMIC_NOPS];
static long pause_ms;			/* CSTK_TEST_PAUSE: before each rename */

/* The temp file being written, for the signal handler. */
static volatile sig_atomic_t tmp_active;
static int tmp_dirfd = -1;
static char tmp_name[64];

void
atomic_fail(enum atomic_op op, int k)
{
	fail_at[op] = k;
	calls[op] = 0;
}

/* One "op:K" of CSTK_TEST_FAIL. */
static int
parse_fault(const char *spec, size_t len)
{
	const char *colon = memchr(spec, ':', len);
	char num[16];
	char *end;
	long k;

	if (colon == NULL || (size_t)(spec + len - colon) >= sizeof(num))
		return -1;
	memcpy(num, colon + 1, (size_t)(spec + len - colon - 1));
	num[spec + len - colon - 1] = '\0';
	k = strtol(num, &end, 10);
	if (*end != '\0' || end == num || k <= 0 || k >= 1000000)
		return -1;
	for (int op = 0; op < ATOMIC_NOPS; op++) {
		if (strlen(op_names[op]) == (size_t)(colon - spec) &&
		    strncmp(spec, op_names[op], (size_t)(colon - spec)) == 0) {
			atomic_fail((enum atomic_op)op, (int)k);
			return 0;
		}
	}
	return -1;
}

const struct error *
atomic_fail_from_env(void)
{
	const char *env = getenv("CSTK_TEST_FAIL");
	const char *pause = getenv("CSTK_TEST_PAUSE");

	if (pause && *pause) {
		char *end;
		pause_ms = strtol(pause, &end, 10);
		if (*end != '\0' || pause_ms < 0 || pause_ms > 600000)
			return error_new(ERR_USAGE, "CSTK_TEST_PAUSE '%s' should be a number of "
			    "milliseconds", pause);
	}
	if (env == NULL || *env == '\0')
		return NULL;
	for (const char *p = env; *p; ) {
		size_t len = strcspn(p, ",");
		if (parse_fault(p, len) < 0)
			return error_new(ERR_USAGE, "CSTK_TEST_FAIL '%s' should be OP:K[,OP:K]… "
			    "with OP one of write, fsync, rename, unlink, mkdir, any", env);
		p += len + (p[len] == ',');
	}
	return NULL;
}

/* Does this call of `op` fail on purpose?  "any:K" counts every op. */
static int
injected(enum atomic_op op)
{
	int hit = 0;

	if (fail_at[op] && ++calls[op] == fail_at[op])
		hit = 1;
	if (fail_at[ATOMIC_ANY] && ++calls[ATOMIC_ANY] == fail_at[ATOMIC_ANY])
		hit = 1;
	if (hit)
		errno = EIO;
	return hit;
}

static int
io_fsync(int fd)
{
	if (injected(ATOMIC_FSYNC))
		return -1;
	return fsync(fd);
}

static int
io_write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n;

		if (injected(ATOMIC_WRITE))
			return -1;
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
atomic_io_rename(int fromfd, const char *from, int tofd, const char *to)
{
	atomic_test_pause();
	if (injected(ATOMIC_RENAME))
		return -1;
	return renameat(fromfd, from, tofd, to);
}

int
atomic_io_unlink(int dirfd, const char *name, int flags)
{
	if (injected(ATOMIC_UNLINK))
		return -1;
	return unlinkat(dirfd, name, flags);
}

int
atomic_io_mkdir(int dirfd, const char *name, mode_t mode)
{
	if (injected(ATOMIC_MKDIR))
		return -1;
	return mkdirat(dirfd, name, mode);
}

int
atomic_io_write(int fd, const void *data, size_t len)
{
	return io_write_all(fd, data, len);
}

int
atomic_tmpfile(int dirfd)
{
	char name[48];
	int fd;

#ifdef O_TMPFILE
	if ((fd = openat(dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0)
		return fd;
#endif
	snprintf(name, sizeof(name), "unnamed-%ld", (long)getpid());
	(void)unlinkat(dirfd, name, 0);	/* a killed run's, with our pid */
	if ((fd = openat(dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600)) >= 0)
		(void)unlinkat(dirfd, name, 0);
	return fd;
}

/* The test-only pause point before every rename (for a temp file: between
 * its fsync and its rename) and between an import's passes, so a test can
 * land a signal, a reader or a change inside that window. */
void
atomic_test_pause(void)
{
	struct timespec ts;

	if (pause_ms <= 0)
		return;
	ts.tv_sec = pause_ms / 1000;
	ts.tv_nsec = (pause_ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void
on_signal(int sig)
{
	if (tmp_active)
		unlinkat(tmp_dirfd, tmp_name, 0);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
atomic_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

const struct error *
atomic_fsync_dir(int dirfd, const char *display)
{
	if (io_fsync(dirfd) < 0)
		return error_sys("cannot sync directory of '%s'", display);
	return NULL;
}

const struct error *
atomic_write(int tmpfd, int dirfd, const char *name, const char *display,
    const void *data, size_t len, mode_t mode)
{
	static unsigned seq;
	const struct error *err = NULL;
	sigset_t block, old;
	int fd;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	/* Name the temp file with signals held, so the handler sees it whole. */
	sigprocmask(SIG_BLOCK, &block, &old);
	snprintf(tmp_name, sizeof(tmp_name), "tmp-%ld-%u", (long)getpid(), seq++);
	tmp_dirfd = tmpfd;
	fd = openat(tmpfd, tmp_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (fd >= 0)
		tmp_active = 1;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0)
		return error_sys("cannot create a temporary file for '%s'", display);

	if (io_write_all(fd, data, len) < 0) {
		err = error_sys("cannot write '%s'", display);
		close(fd);
		goto fail;
	}
	if (io_fsync(fd) < 0) {
		err = error_sys("cannot sync '%s'", display);
		close(fd);
		goto fail;
	}
	if (close(fd) < 0) {
		err = error_sys("cannot write '%s'", display);
		goto fail;
	}
	if (atomic_io_rename(tmpfd, tmp_name, dirfd, name) < 0) {
		err = error_sys("cannot replace '%s'", display);
		goto fail;
	}
	tmp_active = 0;
	if (io_fsync(dirfd) < 0)
		return error_sys("'%s' was written, but syncing its directory failed, so it "
		    "may not survive a power loss", display);
	return NULL;
fail:
	unlinkat(tmpfd, tmp_name, 0);	/* cleanup: not a fault point */
	tmp_active = 0;
	return err;
}

const struct error *
atomic_unlink(int dirfd, const char *name, const char *display)
{
	if (atomic_io_unlink(dirfd, name, 0) < 0 && errno != ENOENT)
		return error_sys("cannot remove '%s'", display);
	return atomic_fsync_dir(dirfd, display);
}

const struct error *
atomic_rename(int fromfd, const char *from, int tofd, const char *to,
    const char *display)
{
	if (atomic_io_rename(fromfd, from, tofd, to) < 0)
		return error_sys("cannot move '%s' into place", display);
	return NULL;
}

const struct error *
atomic_mkdir(int dirfd, const char *name, mode_t mode, const char *display)
{
	if (atomic_io_mkdir(dirfd, name, mode) < 0 && errno != EEXIST)
		return error_sys("cannot create '%s'", display);
	return NULL;
}

const struct error *
atomic_append(int dirfd, const char *name, const void *data, size_t len,
    const char *display)
{
	const struct error *err = NULL;
	int fd = openat(dirfd, name, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0660);	/* the umask the store set decides (store.h) */

	if (fd < 0)
		return error_sys("cannot open '%s' to append to it", display);
	if (io_write_all(fd, data, len) < 0)
		err = error_sys("cannot append to '%s'", display);
	else if (io_fsync(fd) < 0)
		err = error_sys("cannot sync '%s'", display);
	if (close(fd) < 0 && err == NULL)
		err = error_sys("cannot append to '%s'", display);
	return err;
}

const struct error *
atomic_write_fd(int fd, const void *data, size_t len, const char *display)
{
	if (io_write_all(fd, data, len) < 0)
		return error_sys("cannot write '%s'", display);
	return NULL;
}

const struct error *
atomic_syncfs(int fd, const char *display)
{
	if (injected(ATOMIC_FSYNC) || syncfs(fd) < 0)
		return error_sys("cannot sync the file system of '%s'", display);
	return NULL;
}

void
atomic_clean(int tmpfd)
{
	int fd = dup(tmpfd);
	DIR *d;
	struct dirent *de;

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "tmp-", 4) == 0)
			unlinkat(tmpfd, de->d_name, 0);
	}
	closedir(d);
}
