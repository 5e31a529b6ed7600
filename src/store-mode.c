/* store-mode.c — the modes and group of a shared store's files: what
 * `check` reports and `check --repair` fixes (SPEC §11); see store.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "store.h"
#include "strbuf.h"

struct walk {
	const struct store *s;
	int repair;
	store_drift_fn fn;
	void *ctx;
	size_t n;
	const struct error *err;
};

static void visit_dir(struct walk *w, int dfd, const char *path, int depth);

static void
visit(struct walk *w, int dfd, const char *name, const char *path, int depth)
{
	struct stat st;
	mode_t want;
	const char *what;
	char msg[1024];

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || S_ISLNK(st.st_mode))
		return;		/* gone meanwhile, or a link (never followed) */
	if ((what = store_mode_drift(w->s, &st, &want)) != NULL) {
		const struct group *gr = getgrgid(w->s->gid);
		char gname[24];
		int fixed = 0;

		if (gr)
			snprintf(gname, sizeof(gname), "%s", gr->gr_name);
		else
			snprintf(gname, sizeof(gname), "%lu", (unsigned long)w->s->gid);
		if (w->repair) {
			/* chown first: it clears the setgid bit of a directory. */
			fixed = fchownat(dfd, name, (uid_t)-1, w->s->gid,
			    AT_SYMLINK_NOFOLLOW) == 0 && fchmodat(dfd, name, want, 0) == 0;
			if (!fixed && w->err == NULL)
				w->err = error_sys("cannot repair '%s'", path);
		}
		if (strcmp(what, "group") == 0) {
			const struct group *has = getgrgid(st.st_gid);
			char hname[24];
			if (has)
				snprintf(hname, sizeof(hname), "%s", has->gr_name);
			else
				snprintf(hname, sizeof(hname), "%lu", (unsigned long)st.st_gid);
			snprintf(msg, sizeof(msg), fixed ? _("%s: group '%s' is now '%s', the "
			    "store's") : _("%s: group '%s', should be '%s' (the store is shared "
			    "by that group); 'cstk check --repair' fixes it"), path, hname, gname);
		} else {
			snprintf(msg, sizeof(msg), fixed ? _("%s: mode %04o is now %04o") :
			    _("%s: mode %04o, should be %04o (the store is shared by group "
			    "'%s'); 'cstk check --repair' fixes it"), path,
			    (unsigned)(st.st_mode & 07777), (unsigned)want, gname);
		}
		w->fn(w->ctx, msg, fixed);
		if (!fixed)
			w->n++;
	}
	if (S_ISDIR(st.st_mode) && depth < 4) {
		int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
			visit_dir(w, fd, path, depth + 1);
	}
}

/* Every entry of directory `dfd` (closed here), but a git repository's. */
static void
visit_dir(struct walk *w, int dfd, const char *path, int depth)
{
	DIR *d = fdopendir(dfd);
	const struct dirent *de;

	if (d == NULL) {
		close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char *sub;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    (depth == 0 && !strcmp(de->d_name, ".git")))
			continue;
		sub = xasprintf("%s/%s", path, de->d_name);
		visit(w, dirfd(d), de->d_name, sub, depth);
		free(sub);
	}
	closedir(d);
}

const struct error *
store_check_modes(const struct store *s, int repair, store_drift_fn fn, void *ctx,
    size_t *drifted)
{
	struct walk w = { s, repair, fn, ctx, 0, NULL };
	int fd;

	*drifted = 0;
	if (!s->shared)
		return NULL;
	if ((fd = openat(s->dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return error_sys("cannot open data directory '%s'", s->dir);
	visit_dir(&w, fd, s->dir, 0);
	*drifted = w.n;
	return w.err;
}
