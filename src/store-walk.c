/* store-walk.c — listing directories and walking every ticket, on one core or all; see store.h. */
#include <dirent.h>
#include <pthread.h>
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

static const struct error *store_each_walk(struct store *s, int archive,
    store_each_fn fn, void *ctx, void (*warn)(void *, const char *));

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
	char **names = store_list_dir(dirfd, &n, 0);
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
	afd = store_open_subdir(s->dfd, "archive");
	if (afd < 0)
		return errno == ENOENT ? NULL
		    : error_sys("cannot open '%s/archive'", s->dir);
	{
		size_t n;
		char **months = store_list_dir(afd, &n, 1);

		for (size_t i = 0; i < n && !stop; i++) {
			int mfd = store_open_subdir(afd, months[i]);
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
	names = store_list_dir(s->tickets_fd, &n, 0);
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
	afd = store_open_subdir(s->dfd, "archive");
	if (afd < 0)
		goto done;
	{
		size_t nm;
		char **months = store_list_dir(afd, &nm, 1);

		for (size_t m = 0; m < nm && err == NULL; m++) {
			int mfd = store_open_subdir(afd, months[m]);
			if (mfd < 0)
				continue;
			names = store_list_dir(mfd, &n, 0);
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
