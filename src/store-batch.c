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
#include "ticket.h"
#include "yaml-emit.h"
#include "ynode.h"

/*
 * Staged names say where a file goes:
 *   t--ID.yaml            tickets/ID.yaml
 *   a--YYYY-MM--ID.yaml   archive/YYYY-MM/ID.yaml
 *   i--KEY.yaml           imports/KEY.yaml (what was imported, for retries)
 * COMMIT lists the tickets ("ID.yaml" a line): while it exists, readers
 * see none of them (store_view), so the batch appears whole or not at all.
 * Archive month directories are opened once each and synced once at the
 * end, not once a file.
 */
struct months {
	char name[8];
	int fd;
};

struct place {
	const char *dir;	/* "tickets", "archive/YYYY-MM" (month) or "imports" */
	char month[8];
	const char *name;	/* in the target directory */
};

static int
month_ok(const char *m)
{
	return strlen(m) == 7 && strspn(m, "0123456789") == 4 && m[4] == '-' &&
	    strspn(m + 5, "0123456789") == 2;
}

/* Where a staged file goes; -1 when its name is none of the forms. */
static int
parse_staged(const char *staged, struct place *p)
{
	size_t len = strlen(staged);

	memset(p, 0, sizeof(*p));
	if (strncmp(staged, "t--", 3) == 0 && store_name_is_ticket(staged + 3)) {
		p->dir = "tickets";
		p->name = staged + 3;
		return 0;
	}
	if (strncmp(staged, "a--", 3) == 0 && len > 12 && strncmp(staged + 10, "--", 2) == 0 &&
	    store_name_is_ticket(staged + 12)) {
		memcpy(p->month, staged + 3, 7);
		p->month[7] = '\0';
		if (!month_ok(p->month))
			return -1;
		p->dir = "archive";
		p->name = staged + 12;
		return 0;
	}
	if (strncmp(staged, "i--", 3) == 0 && len == 3 + STORE_IMPORT_KEY + 5 &&
	    strspn(staged + 3, "0123456789abcdef") == STORE_IMPORT_KEY) {
		p->dir = "imports";
		p->name = staged + 3;
		return 0;
	}
	return -1;
}

static const struct error *
batch_place(struct store *s, int bfd, const char *staged, struct months *m, size_t *nm,
    int afd, int ifd)
{
	struct place p;
	int dst = s->tickets_fd;

	if (parse_staged(staged, &p) < 0)
		return error_new(ERR_DATA, "'%s/.tmp/…/%s' is not a file an import batch "
		    "holds; remove the batch directory from '%s/.tmp'", s->dir, staged, s->dir);
	if (strcmp(p.dir, "imports") == 0) {
		dst = ifd;
	} else if (strcmp(p.dir, "archive") == 0) {
		size_t i;
		for (i = 0; i < *nm && strcmp(m[i].name, p.month) != 0; i++)
			;
		if (i == *nm) {
			const struct error *err;
			if (*nm >= 256)
				return error_new(ERR_DATA, "a batch spans more than 256 months");
			char *disp = xasprintf("%s/archive/%s", s->dir, p.month);
			err = store_subdir(afd, p.month, disp, 1, &m[i].fd);
			free(disp);
			if (err)
				return err;
			memcpy(m[i].name, p.month, sizeof(p.month));
			(*nm)++;
		}
		dst = m[i].fd;
	}
	if (atomic_io_rename(bfd, staged, dst, p.name) < 0)
		return error_sys("cannot move '%s' into '%s/%s'", p.name, s->dir, p.dir);
	if (strcmp(p.dir, "imports") == 0) {
		char path[128];
		snprintf(path, sizeof(path), "imports/%s", p.name);
		store_changed(s, NULL, path);
	} else {
		char id[64];
		snprintf(id, sizeof(id), "%.*s", (int)(strlen(p.name) - 5), p.name);
		store_changed(s, id, NULL);
	}
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
	int afd = -1, ifd = -1;

	if (n && ((err = store_subdir(s->dfd, "archive", "archive", 1, &afd)) != NULL ||
	    (err = store_subdir(s->dfd, "imports", "imports", 1, &ifd)) != NULL))
		n = 0;
	for (size_t i = 0; i < n && err == NULL; i++)
		err = batch_place(s, bfd, files[i], m, &nm, afd, ifd);
	store_names_free(files, n);
	for (size_t i = 0; i < nm; i++) {
		if (err == NULL)
			err = atomic_fsync_dir(m[i].fd, m[i].name);
		close(m[i].fd);
	}
	free(m);
	if (afd >= 0)
		close(afd);
	if (err == NULL && ifd >= 0)
		err = atomic_fsync_dir(ifd, "imports");
	if (ifd >= 0)
		close(ifd);
	if (err == NULL)
		err = atomic_fsync_dir(s->tickets_fd, "tickets");
	/* Every file is in place: readers may see them once COMMIT is gone. */
	if (err == NULL && atomic_io_unlink(bfd, "COMMIT", 0) < 0)
		err = error_sys("cannot remove '%s/.tmp/%s/COMMIT'", s->dir, name);
	if (err == NULL && atomic_io_unlink(s->tmp_fd, name, AT_REMOVEDIR) < 0)
		err = error_sys("cannot remove '%s/.tmp/%s'", s->dir, name);
	if (err)
		err = error_new(err->code, "the import in '%s/.tmp/%s' is committed but not "
		    "finished: %s; readers do not see it yet, and the next cstk that writes "
		    "completes it (once that is fixed)", s->dir, name, err->msg);
	return err;
}

static void
batch_remove(int bfd, int tmpfd, const char *name)
{
	size_t n;
	char **files = store_names(bfd, &n, NAMES_ALL);

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
	atomic_test_pause();	/* between the passes: a test changes the input here */
	if (atomic_io_mkdir(s->tmp_fd, b->name, DIR_MODE) < 0)
		return error_sys("cannot create '%s/.tmp/%s'", s->dir, b->name);
	b->fd = store_open_subdir(s->tmp_fd, b->name);
	if (b->fd < 0)
		return error_sys("cannot open '%s/.tmp/%s'", s->dir, b->name);
	b->check = store_check_start();
	return NULL;
}

static const struct error *
stage(struct store_batch *b, const char *name, const char *what, const struct strbuf *out)
{
	const struct error *err;
	int fd = openat(b->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    FILE_MODE);

	if (fd < 0)
		return error_sys("cannot stage %s", what);
	err = atomic_write_fd(fd, out->buf, out->len, what);
	if (err == NULL && fstat(fd, &b->last) < 0)
		err = error_sys("cannot stage %s", what);
	if (close(fd) < 0 && err == NULL)
		err = error_sys("cannot stage %s", what);
	return err;
}

const struct error *
store_batch_add(struct store_batch *b, struct ticket *t)
{
	const struct error *err;
	struct strbuf out = STRBUF_INIT;
	const char *id = ticket_str(t, F_ID);
	char name[80], month[8];

	if ((err = store_emit(t, id, &out, 0)) != NULL) {
		sb_release(&out);
		return err;
	}
	if (ticket_status(t) == ST_ARCHIVED) {
		store_id_month(id, month);
		snprintf(name, sizeof(name), "a--%s--%s.yaml", month, id);
		snprintf(b->last_dir, sizeof(b->last_dir), "%s", month);
	} else {
		snprintf(name, sizeof(name), "t--%s.yaml", id);
		snprintf(b->last_dir, sizeof(b->last_dir), "tickets");
	}
	/* Staged before it is read back: a batch that fails that check is
	 * never committed, and the check runs on another core meanwhile. */
	if ((err = stage(b, name, id, &out)) == NULL)
		err = store_check_put(b->check, &out, id);
	sb_release(&out);
	if (err == NULL) {
		sb_addf(&b->ids, "%s.yaml\n", id);
		b->n++;
		b->s->nsaved++;
		snprintf(b->s->last_id, sizeof(b->s->last_id), "%s", id);
		snprintf(b->s->last_status, sizeof(b->s->last_status), "%s",
		    ticket_str(t, F_STATUS));
	}
	return err;
}

const struct error *
store_batch_record(struct store_batch *b, const char *key, const struct ynode *record)
{
	const struct error *err;
	struct strbuf out = STRBUF_INIT;
	char name[64];

	snprintf(name, sizeof(name), "i--%s.yaml", key);
	if ((err = yaml_emit(record, &out)) == NULL)
		err = stage(b, name, "the import record", &out);
	sb_release(&out);
	return err;
}

/* The generation readers compare (store_view): bumped at every commit. */
static const struct error *
bump_gen(struct store *s)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%lu\n", store_batch_gen(s) + 1);
	char *disp = xasprintf("%s/.tmp/batch-gen", s->dir);
	const struct error *err = atomic_write(s->tmp_fd, s->tmp_fd, "batch-gen", disp, buf,
	    (size_t)len, FILE_MODE);

	free(disp);
	return err;
}

unsigned long
store_batch_gen(struct store *s)
{
	char buf[32];
	ssize_t n;
	int fd = openat(s->dfd, ".tmp/batch-gen", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtoul(buf, NULL, 10);
}

const struct error *
store_batch_commit(struct store_batch *b)
{
	const struct error *err;
	char *disp;

	/* Every ticket read back, then one sync for every file, instead of
	 * one fsync each. */
	err = store_check_finish(b->check);
	b->check = NULL;
	if (err != NULL || (err = atomic_syncfs(b->fd, b->s->dir)) != NULL)
		return err;
	/* COMMIT, whole (temp and rename), lists what readers must not see
	 * until every file is in place. */
	disp = xasprintf("%s/.tmp/%s/COMMIT", b->s->dir, b->name);
	err = atomic_write(b->s->tmp_fd, b->fd, "COMMIT", disp, sb_str(&b->ids), b->ids.len,
	    FILE_MODE);
	free(disp);
	if (err)	/* the caller aborts: nothing is committed */
		return error_new(err->code, "cannot commit the import (%s); nothing was "
		    "imported", err->msg);
	/* From here the batch lands, now or at the next writer. */
	b->committed = 1;
	sb_release(&b->ids);	/* in COMMIT: an import of a million lets it go */
	if ((err = bump_gen(b->s)) == NULL)
		err = batch_finish(b->s, b->fd, b->name);
	close(b->fd);
	b->fd = -1;
	return err;
}

void
store_batch_abort(struct store_batch *b)
{
	store_check_finish(b->check);	/* what it found no longer matters */
	b->check = NULL;
	if (b->fd >= 0 && !b->committed)
		batch_remove(b->fd, b->s->tmp_fd, b->name);
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
	sb_release(&b->ids);
}
