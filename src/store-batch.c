/* store-batch.c — import batches written all or nothing; see store.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "store-fs.h"
#include "store.h"
#include "strbuf.h"
#include "yaml-emit.h"

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
			if ((err = store_subdir(afd, month, month, 1, &m[i].fd)) != NULL)
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
	char **files = store_list_dir(bfd, &n, 0);
	int afd = -1;

	if (n && (err = store_subdir(s->dfd, "archive", "archive", 1, &afd)) != NULL)
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
	char **files = store_list_dir(bfd, &n, 0);

	for (size_t i = 0; i < n; i++)
		atomic_io_unlink(bfd, files[i], 0);
	store_names_free(files, n);
	atomic_io_unlink(bfd, "COMMIT", 0);
	atomic_io_unlink(tmpfd, name, AT_REMOVEDIR);
}

/* After taking the lock: finish committed batches, drop the others. */
const struct error *
store_batch_recover(struct store *s)
{
	const struct error *err = NULL;
	size_t n;
	char **dirs = store_list_dir(s->tmp_fd, &n, 1);

	for (size_t i = 0; i < n && err == NULL; i++) {
		struct stat st;
		int bfd;

		if (strncmp(dirs[i], "batch-", 6) != 0)
			continue;
		bfd = store_open_subdir(s->tmp_fd, dirs[i]);
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
	b->fd = store_open_subdir(s->tmp_fd, b->name);
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

	if ((err = store_emit_checked(t, id, &out, 0)) != NULL) {
		sb_release(&out);
		return err;
	}
	if (ticket_status(t) == ST_ARCHIVED) {
		store_id_month(id, month);
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