#define _GNU_SOURCE	/* syncfs(2) */
/* atomic.c — durable file replacement and I/O fault injection; see atomic.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"

static int fail_at[ATOMIC_NOPS];	/* 0: never */
static int calls[ATOMIC_NOPS];

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

const struct error *
atomic_fail_from_env(void)
{
	static const char *names[ATOMIC_NOPS] = { "write", "fsync", "rename" };
	const char *env = getenv("CSTK_TEST_FAIL");
	const char *colon;
	char *end;
	long k;

	if (env == NULL || *env == '\0')
		return NULL;
	colon = strchr(env, ':');
	if (colon) {
		k = strtol(colon + 1, &end, 10);
		for (int op = 0; op < ATOMIC_NOPS; op++) {
			if (strlen(names[op]) == (size_t)(colon - env) &&
			    strncmp(env, names[op], (size_t)(colon - env)) == 0 &&
			    *end == '\0' && k > 0 && k < 1000000) {
				atomic_fail((enum atomic_op)op, (int)k);
				return NULL;
			}
		}
	}
	return error_new(ERR_USAGE, "CSTK_TEST_FAIL '%s' should be write:K, fsync:K "
	    "or rename:K", env);
}

static int
injected(enum atomic_op op)
{
	if (fail_at[op] == 0)
		return 0;
	if (++calls[op] == fail_at[op]) {
		errno = EIO;
		return 1;
	}
	return 0;
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

static int
io_rename(int fromfd, const char *from, int tofd, const char *to)
{
	if (injected(ATOMIC_RENAME))
		return -1;
	return renameat(fromfd, from, tofd, to);
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
	if (io_rename(tmpfd, tmp_name, dirfd, name) < 0) {
		err = error_sys("cannot replace '%s'", display);
		goto fail;
	}
	tmp_active = 0;
	return atomic_fsync_dir(dirfd, display);
fail:
	unlinkat(tmpfd, tmp_name, 0);
	tmp_active = 0;
	return err;
}

const struct error *
atomic_unlink(int dirfd, const char *name, const char *display)
{
	if (unlinkat(dirfd, name, 0) < 0 && errno != ENOENT)
		return error_sys("cannot remove '%s'", display);
	return atomic_fsync_dir(dirfd, display);
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
