/*
 * store-view.c — what readers may see of the store right now; see store.h.
 *
 * Two things are in flight at times, and readers must not see them half
 * done: an import batch whose files are being renamed into place (COMMIT
 * lists them: readers see none of them until COMMIT is gone), and a
 * ticket moving from tickets/ to archive/ (a mark in .tmp: readers see
 * the archived copy only).  Readers take a view, list the directories,
 * and list again if a batch committed meanwhile (the batch generation
 * moved), so a whole import is seen or none of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store-fs.h"
#include "store.h"
#include "strbuf.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add(char ***v, size_t *n, size_t *alloc, const char *s, size_t len)
{
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[(*n)++] = xstrndup(s, len);
}

/* The names listed in every committed batch's COMMIT. */
static void
batch_names(int tfd, char ***v, size_t *n)
{
	size_t nd, alloc = 0;
	char **dirs = store_names(tfd, &nd, NAMES_DIRS);

	for (size_t i = 0; i < nd; i++) {
		char path[128], *buf;
		struct stat st;
		int fd;

		if (strncmp(dirs[i], "batch-", 6) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/COMMIT", dirs[i]);
		fd = openat(tfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (1 << 30)) {
			size_t len = (size_t)st.st_size, got = 0;
			ssize_t r;
			buf = xmalloc(len + 1);
			while (got < len && (r = read(fd, buf + got, len - got)) > 0)
				got += (size_t)r;
			buf[got] = '\0';
			for (char *p = buf, *nl; *p; p = nl + 1) {
				if ((nl = strchr(p, '\n')) == NULL)
					nl = p + strlen(p) - 1;
				else if (nl > p)
					add(v, n, &alloc, p, (size_t)(nl - p));
				if (nl[1] == '\0')
					break;
			}
			free(buf);
		}
		close(fd);
	}
	store_names_free(dirs, nd);
}

void
store_view_begin(struct store *s, struct store_view *v)
{
	int tfd;

	memset(v, 0, sizeof(*v));
	v->gen = store_batch_gen(s);
	tfd = openat(s->dfd, ".tmp", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (tfd < 0)
		return;
	batch_names(tfd, &v->batch, &v->nbatch);
	{
		size_t nn, alloc = 0, ralloc = 0;
		char **names = store_names(tfd, &nn, NAMES_YAML);
		for (size_t i = 0; i < nn; i++) {
			const char *name = names[i] + 5;
			if (strncmp(names[i], "move-", 5) == 0 && store_name_is_ticket(name) &&
			    store_archived_copy(s, name))
				add(&v->moving, &v->nmoving, &alloc, name, strlen(name));
			else if (strncmp(names[i], "back-", 5) == 0 &&
			    store_name_is_ticket(name) && store_returning(s, name))
				add(&v->returning, &v->nreturning, &ralloc, name, strlen(name));
		}
		store_names_free(names, nn);
	}
	close(tfd);
	if (v->nbatch > 1)
		qsort(v->batch, v->nbatch, sizeof(char *), cmp_str);
	if (v->nmoving > 1)
		qsort(v->moving, v->nmoving, sizeof(char *), cmp_str);
	if (v->nreturning > 1)
		qsort(v->returning, v->nreturning, sizeof(char *), cmp_str);
}

int
store_view_stale(struct store *s, const struct store_view *v)
{
	return store_batch_gen(s) != v->gen;
}

int
store_view_hides(const struct store_view *v, const char *name, int in_tickets)
{
	if (v->nbatch && bsearch(&name, v->batch, v->nbatch, sizeof(char *), cmp_str))
		return 1;
	if (!in_tickets)
		return v->nreturning &&
		    bsearch(&name, v->returning, v->nreturning, sizeof(char *), cmp_str) != NULL;
	return v->nmoving &&
	    bsearch(&name, v->moving, v->nmoving, sizeof(char *), cmp_str) != NULL;
}

void
store_view_release(struct store_view *v)
{
	store_names_free(v->batch, v->nbatch);
	store_names_free(v->moving, v->nmoving);
	store_names_free(v->returning, v->nreturning);
	memset(v, 0, sizeof(*v));
}
