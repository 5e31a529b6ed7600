/* store-walk.c — listing directories and walking every ticket, on one core or all; see store.h. */
#include <dirent.h>
#include <stdatomic.h>
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
#include "progress.h"
#include "utf8.h"
#include "workers.h"

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

char **
store_list_dir(int dirfd, size_t *nr, int dirs)
{
	return store_names(dirfd, nr, dirs ? NAMES_DIRS : NAMES_YAML);
}

/* Load every ticket file of one directory. Returns nonzero when fn stopped. */
/*
 * Everything a walk reads, listed first under a store_view (and listed
 * again if an import committed meanwhile), then read: so a walk sees an
 * import whole or not at all, and one copy of a ticket being archived.
 * Names are kept, paths are made when a file is read.
 */
struct walk_dir {
	int fd;
	char *disp;		/* "DIR/tickets", "DIR/archive/2026-11" */
};

struct walk_file {
	char *name;
	size_t dir;
};

struct listing {
	struct walk_dir *dirs;
	size_t ndirs, adirs;
	struct walk_file *files;
	size_t nfiles, afiles;
};

static void
listing_release(struct listing *l)
{
	for (size_t i = 0; i < l->ndirs; i++) {
		if (l->dirs[i].fd >= 0)
			close(l->dirs[i].fd);
		free(l->dirs[i].disp);
	}
	for (size_t i = 0; i < l->nfiles; i++)
		free(l->files[i].name);
	free(l->dirs);
	free(l->files);
	memset(l, 0, sizeof(*l));
}

/* List one directory into `l`; `fd` becomes the listing's. */
static void
list_into(struct listing *l, int fd, char *disp, const struct store_view *v, int in_tickets)
{
	size_t n, d = l->ndirs;
	char **names = store_list_dir(fd, &n, 0);

	ALLOC_GROW(l->dirs, l->ndirs + 1, l->adirs);
	l->dirs[l->ndirs].fd = fd;
	l->dirs[l->ndirs++].disp = disp;
	for (size_t i = 0; i < n; i++) {
		if (store_view_hides(v, names[i], in_tickets)) {
			free(names[i]);
			continue;
		}
		ALLOC_GROW(l->files, l->nfiles + 1, l->afiles);
		l->files[l->nfiles].name = names[i];
		l->files[l->nfiles++].dir = d;
	}
	free(names);
}

static const struct error *
list_once(struct store *s, int archive, const struct store_view *v, struct listing *l)
{
	int tfd = dup(s->tickets_fd), afd;

	if (tfd < 0)
		return error_sys("cannot read '%s/tickets'", s->dir);
	list_into(l, tfd, xasprintf("%s/tickets", s->dir), v, 1);
	if (!archive)
		return NULL;
	afd = store_open_subdir(s->dfd, "archive");
	if (afd < 0)
		return errno == ENOENT ? NULL
		    : error_sys("cannot open '%s/archive'", s->dir);
	{
		size_t n;
		char **months = store_list_dir(afd, &n, 1);

		for (size_t i = 0; i < n; i++) {
			int mfd = store_open_subdir(afd, months[i]);
			if (mfd >= 0)
				list_into(l, mfd, xasprintf("%s/archive/%s", s->dir, months[i]), v, 0);
		}
		store_names_free(months, n);
	}
	close(afd);
	return NULL;
}

static const struct error *
list_all(struct store *s, int archive, struct listing *l)
{
	const struct error *err;

	for (int tries = 0;; tries++) {
		struct store_view v;
		int stale;

		store_view_begin(s, &v);
		err = list_once(s, archive, &v, l);
		stale = err == NULL && store_view_stale(s, &v);
		store_view_release(&v);
		/* An import committed while we listed: list again. */
		if (!stale || tries == 20)
			return err;
		listing_release(l);
	}
}

static char *
file_disp(const struct listing *l, const struct walk_file *f)
{
	return xasprintf("%s/%s", l->dirs[f->dir].disp, f->name);
}

const struct error *
store_each(struct store *s, int archive, store_each_fn fn, void *ctx,
    const struct diag *d)
{
	struct progress progress;
	struct listing l = { NULL, 0, 0, NULL, 0, 0 };
	const struct error *err;
	int stop = 0;

	if ((err = list_all(s, archive, &l)) != NULL) {
		listing_release(&l);
		return err;
	}
	progress_start(&progress, "reading tickets", l.nfiles);
	for (size_t i = 0; i < l.nfiles && !stop; i++) {
		const struct walk_file *f = &l.files[i];
		char *disp = file_disp(&l, f);
		struct ticket t = { NULL };
		const struct error *e = store_load_file(l.dirs[f->dir].fd, f->name, disp, &t);

		if (e)
			store_report_bad(d, l.dirs[f->dir].fd, f->name, disp, e);
		else
			stop = fn(ctx, &t, disp);
		ticket_release(&t);
		free(disp);
		progress_tick(&progress, 1);
	}
	progress_end(&progress);
	listing_release(&l);
	return NULL;
}

/* ---- the parallel walk ---- */

#define CHUNK 256

struct map_chunk {
	const struct listing *l;
	size_t first, n;
	struct strbuf out, warn;
	store_map_fn fn;
	void *ctx;
};

static void
map_worker(struct map_chunk *c)
{
	for (size_t i = c->first; i < c->first + c->n; i++) {
		const struct walk_file *f = &c->l->files[i];
		char *disp = file_disp(c->l, f);
		struct ticket t = { NULL };
		const struct error *err = store_load_file(c->l->dirs[f->dir].fd, f->name, disp, &t);

		if (err)
			utf8_add_message(&c->warn, "warning: ", err->msg);
		else
			c->fn(c->ctx, &t, &c->out);
		ticket_release(&t);
		free(disp);
	}
}

/* Chunks [lo, hi) of a group: one worker's share. */
static void
map_chunks(void *arg, size_t lo, size_t hi)
{
	struct map_chunk *c = arg;

	for (size_t k = lo; k < hi; k++)
		map_worker(&c[k]);
}

const struct error *
store_map(struct store *s, int archive, store_map_fn fn, void *ctx, FILE *fp)
{
	struct listing l = { NULL, 0, 0, NULL, 0, 0 };
	const struct error *err;
	size_t nw = (size_t)workers_count();
	size_t nchunks;
	struct map_chunk *c;

	if ((err = list_all(s, archive, &l)) != NULL) {
		listing_release(&l);
		return err;
	}
	nchunks = (l.nfiles + CHUNK - 1) / CHUNK;
	c = xcalloc(nchunks ? nchunks : 1, sizeof(*c));
	for (size_t k = 0; k < nchunks; k++) {
		c[k].l = &l;
		c[k].first = k * CHUNK;
		c[k].n = k + 1 < nchunks ? CHUNK : l.nfiles - k * CHUNK;
		c[k].fn = fn;
		c[k].ctx = ctx;
	}
	/* nw chunks at a time; outputs written in order, so memory stays flat. */
	for (size_t k = 0; k < nchunks; k += nw) {
		size_t end = k + nw < nchunks ? k + nw : nchunks;
		workers_run(end - k, 1, map_chunks, &c[k]);
		for (size_t j = k; j < end; j++) {
			fputs(sb_str(&c[j].warn), stderr);
			if (c[j].out.len && fwrite(c[j].out.buf, 1, c[j].out.len, fp) != c[j].out.len &&
			    err == NULL)
				err = error_sys("cannot write the output");
			sb_release(&c[j].out);
			sb_release(&c[j].warn);
		}
	}
	free(c);
	listing_release(&l);
	return err;
}
