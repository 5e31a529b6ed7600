/* git.c — a store kept in git: running git, committing a write, making a
 * store ready for git; see git.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "git.h"
#include "i18n.h"
#include "yaml-load.h"

/* More changed paths than this are committed with git add (see git_commit). */
#define GIT_BATCH_PATHS 4000

int
git_site_valid(const char *site)
{
	size_t n = strlen(site);

	if (n < 1 || n > 4)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (site[i] < 'A' || site[i] > 'Z')
			return 0;
	return 1;
}

/* `cstk.site` from .git/config: "[cstk]" then "site = BJ" (git config
 * writes it so; cstk reads only that much of the format). */
static void
config_site(int dfd, char site[5])
{
	char *buf = NULL, *line, *save = NULL;
	size_t len;
	int in = 0;

	site[0] = '\0';
	if (yaml_read_file(dfd, ".git/config", ".git/config", &buf, &len) != NULL)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p = line, *v;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '[') {
			in = strncmp(p, "[cstk]", 6) == 0;
			continue;
		}
		if (!in || strncmp(p, "site", 4) != 0)
			continue;
		v = p + 4;
		while (isspace((unsigned char)*v))
			v++;
		if (*v++ != '=')
			continue;
		while (isspace((unsigned char)*v))
			v++;
		if (strlen(v) <= 4)
			snprintf(site, 5, "%s", v);
		for (int i = (int)strlen(site) - 1; i >= 0 && isspace((unsigned char)site[i]); i--)
			site[i] = '\0';
	}
	free(buf);
}

const struct error *
git_store_open(struct store *s)
{
	const char *env = getenv("CSTK_SITE");
	struct stat st;

	s->git = fstatat(s->dfd, ".git", &st, AT_SYMLINK_NOFOLLOW) == 0;
	if (env && *env) {
		if (!git_site_valid(env))
			return error_new(ERR_USAGE, _("CSTK_SITE '%s' should be 1-4 capital "
			    "letters (BJ, SH, GZ)"), env);
		snprintf(s->site, sizeof(s->site), "%s", env);
	} else if (s->git) {
		config_site(s->dfd, s->site);
		if (s->site[0] && !git_site_valid(s->site))
			return error_new(ERR_DATA, _("%s/.git/config: cstk.site '%s' should be "
			    "1-4 capital letters; set it with git config cstk.site BJ"), s->dir,
			    s->site);
	}
	return NULL;
}

/* ---- running git ---- */

static int
set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

const struct error *
git_run(const char *dir, const char *const *argv, const char *const *env,
    const char *in, size_t inlen, struct strbuf *out, struct strbuf *errout,
    int *status)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	const char **av;
	size_t n = 0, off = 0;
	pid_t pid;
	int ws;
	void (*old)(int);

	while (argv[n])
		n++;
	av = xcalloc(n + 6, sizeof(char *));
	av[0] = "git";
	av[1] = "-C";
	av[2] = dir;
	/* A shared store's repository belongs to whoever made it; git
	 * would refuse every other member of the group ("dubious
	 * ownership").  The store's own group decides who gets in. */
	av[3] = "-c";
	av[4] = "safe.directory=*";
	for (size_t i = 0; i < n; i++)
		av[i + 5] = argv[i];
	if (pipe(pin) < 0 || pipe(pout) < 0 || pipe(perr) < 0) {
		const struct error *err = error_sys("cannot run git");
		for (int i = 0; i < 2; i++) {
			if (pin[i] >= 0)
				close(pin[i]);
			if (pout[i] >= 0)
				close(pout[i]);
			if (perr[i] >= 0)
				close(perr[i]);
		}
		free(av);
		return err;
	}
	fflush(stdout);
	if ((pid = fork()) < 0) {
		free(av);
		return error_sys("cannot run git");
	}
	if (pid == 0) {
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		dup2(perr[1], 2);
		for (int i = 0; i < 2; i++) {
			close(pin[i]);
			close(pout[i]);
			close(perr[i]);
		}
		/* The store's git, whatever git the caller was in. */
		unsetenv("GIT_DIR");
		unsetenv("GIT_WORK_TREE");
		unsetenv("GIT_INDEX_FILE");
		unsetenv("GIT_OBJECT_DIRECTORY");
		setenv("LC_ALL", "C", 1);
		for (; env && *env; env++)
			putenv((char *)*env);
		execvp("git", (char *const *)av);
		dprintf(2, "cannot run git: %s\n", strerror(errno));
		_exit(127);
	}
	free(av);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	old = signal(SIGPIPE, SIG_IGN);
	set_nonblock(pin[1]);
	if (in == NULL || inlen == 0) {
		close(pin[1]);
		pin[1] = -1;
	}
	while (pout[0] >= 0 || perr[0] >= 0 || pin[1] >= 0) {
		struct pollfd p[3];
		int np = 0;
		if (pin[1] >= 0)
			p[np++] = (struct pollfd){ pin[1], POLLOUT, 0 };
		if (pout[0] >= 0)
			p[np++] = (struct pollfd){ pout[0], POLLIN, 0 };
		if (perr[0] >= 0)
			p[np++] = (struct pollfd){ perr[0], POLLIN, 0 };
		if (poll(p, (nfds_t)np, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < np; i++) {
			char buf[65536];
			ssize_t r;
			if (!p[i].revents)
				continue;
			if (p[i].fd == pin[1]) {
				r = write(pin[1], in + off, inlen - off);
				if (r > 0)
					off += (size_t)r;
				if ((r < 0 && errno != EAGAIN && errno != EINTR) || off == inlen) {
					close(pin[1]);
					pin[1] = -1;
				}
				continue;
			}
			r = read(p[i].fd, buf, sizeof(buf));
			if (r > 0) {
				struct strbuf *sb = p[i].fd == pout[0] ? out : errout;
				if (sb)
					sb_add(sb, buf, (size_t)r);
			} else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
				if (p[i].fd == pout[0])
					pout[0] = -1;
				else
					perr[0] = -1;
				close(p[i].fd);
			}
		}
	}
	signal(SIGPIPE, old);
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
	if (*status == 127)
		return error_new(ERR_IO, _("cannot run git; install it (apt-get install git) "
		    "to keep a store in git"));
	return NULL;
}

/* git's message, one line: its last non-empty line. */
const char *
git_last_line(struct strbuf *sb)
{
	char *s = (char *)sb_str(sb), *end = s + strlen(s), *p;

	while (end > s && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	p = strrchr(s, '\n');
	return p ? p + 1 : s;
}

const struct error *
git_must(const char *dir, const char *const *argv, const char *const *env,
    const char *in, size_t inlen, struct strbuf *out)
{
	struct strbuf gerr = STRBUF_INIT;
	const struct error *err;
	int status;

	err = git_run(dir, argv, env, in, inlen, out, &gerr, &status);
	if (err == NULL && status != 0)
		err = error_new(ERR_IO, _("git %s failed in '%s': %s"), argv[0], dir,
		    git_last_line(&gerr));
	sb_release(&gerr);
	return err;
}

/* "1795310100 +0800": a time as git writes it. */
static void
git_date(const struct ctime *at, char out[64])
{
	long off = at->off / 60;

	snprintf(out, 64, "%lld %c%02ld%02ld", (long long)at->t, off < 0 ? '-' : '+',
	    labs(off) / 60, labs(off) % 60);
}

/* A name git takes in an ident: no <, >, or line breaks. */
static void
ident_name(const char *author, char out[80])
{
	snprintf(out, 80, "%s", author);
	for (char *p = out; *p; p++)
		if (*p == '<' || *p == '>' || *p == '\n' || *p == '\r')
			*p = '_';
}

void
git_identity(const char *who, const struct ctime *at, char buf[6][160],
    const char *env[7])
{
	char date[64], author[80];

	ident_name(who, author);
	git_date(at, date);
	snprintf(buf[0], 160, "GIT_AUTHOR_NAME=%s", author);
	snprintf(buf[1], 160, "GIT_AUTHOR_EMAIL=%s@cstk", author);
	snprintf(buf[2], 160, "GIT_AUTHOR_DATE=%s", date);
	snprintf(buf[3], 160, "GIT_COMMITTER_NAME=%s", author);
	snprintf(buf[4], 160, "GIT_COMMITTER_EMAIL=%s@cstk", author);
	snprintf(buf[5], 160, "GIT_COMMITTER_DATE=%s", date);
	for (int i = 0; i < 6; i++)
		env[i] = buf[i];
	env[6] = NULL;
}

/* The branch HEAD names ("main"), and whether it has a commit yet. */
const struct error *
git_branch(struct store *s, char *branch, size_t size, int *born)
{
	char *buf = NULL, *packed = NULL, ref[300];
	size_t len;
	struct stat st;
	const struct error *err;

	if ((err = yaml_read_file(s->dfd, ".git/HEAD", ".git/HEAD", &buf, &len)) != NULL)
		return error_new(ERR_DATA, _("'%s' has .git but no .git/HEAD; is it a git "
		    "work tree?"), s->dir);
	if (strncmp(buf, "ref: refs/heads/", 16) != 0) {
		free(buf);
		return error_new(ERR_DATA, _("the git work tree '%s' is not on a branch "
		    "(a detached HEAD, or a rebase under way); check out its branch "
		    "(git switch main)"), s->dir);
	}
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(branch, size, "%s", buf + 16);
	free(buf);
	snprintf(ref, sizeof(ref), ".git/refs/heads/%s", branch);
	*born = fstatat(s->dfd, ref, &st, 0) == 0;
	if (!*born && yaml_read_file(s->dfd, ".git/packed-refs", "packed-refs", &packed,
	    &len) == NULL) {
		snprintf(ref, sizeof(ref), " refs/heads/%s\n", branch);
		*born = strstr(packed, ref) != NULL;
		free(packed);
	}
	return NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const struct error *
git_commit(struct store *s, const char *author, const struct ctime *at, const char *msg)
{
	const struct error *err;
	struct strbuf fi = STRBUF_INIT, paths = STRBUF_INIT;
	char branch[256], who[80], date[64], *list, **v = NULL;
	size_t n = 0, alloc = 0;
	int born = 0;

	if (s->changed.len == 0)
		return NULL;
	if ((err = git_branch(s, branch, sizeof(branch), &born)) != NULL)
		return err;
	if (!store_dir_has(s->dir, ".gitignore")) {
		/* `git init` by hand in a store: make it a git store first, and
		 * take the per-clone files back out of git. */
		int made;
		if ((err = git_setup(s->dir, NULL)) != NULL)
			return err;
		if ((err = git_must(s->dir, (const char *[]){ "rm", "-r", "-q", "--cached",
		    "--ignore-unmatch", "--", ".lock", ".seq", ".tmp", ".index", "audit.log",
		    NULL }, NULL, NULL, 0, NULL)) != NULL)
			return err;
		return git_commit_all(s, author, at, msg, &made);
	}
	/* Each path once, in order. */
	list = xstrdup(sb_str(&s->changed));
	for (char *p = strtok(list, "\n"); p; p = strtok(NULL, "\n")) {
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = p;
	}
	/* The branch's first commit, or an import of thousands of tickets:
	 * git add, which streams from the files instead of holding them all
	 * in one fast-import stream. */
	if (!born || n > GIT_BATCH_PATHS) {
		int made;
		free(v);
		free(list);
		return git_commit_all(s, author, at, msg, &made);
	}
	qsort(v, n, sizeof(*v), cmp_str);
	ident_name(author, who);
	author = who;
	sb_addf(&fi, "commit refs/heads/%s\n", branch);
	git_date(at, date);
	sb_addf(&fi, "author %s <%s@cstk> %s\n", author, author, date);
	sb_addf(&fi, "committer %s <%s@cstk> %s\n", author, author, date);
	sb_addf(&fi, "data %zu\n%s\n", strlen(msg) + 1, msg);
	sb_addf(&fi, "from refs/heads/%s^0\n", branch);
	for (size_t i = 0; i < n; i++) {
		char *data = NULL;
		size_t len;
		if (i && strcmp(v[i], v[i - 1]) == 0)
			continue;
		sb_add(&paths, v[i], strlen(v[i]) + 1);
		if (yaml_read_file(s->dfd, v[i], v[i], &data, &len) == NULL) {
			sb_addf(&fi, "M 100644 inline %s\ndata %zu\n", v[i], len);
			sb_add(&fi, data, len);
			sb_addc(&fi, '\n');
			free(data);
		} else {
			sb_addf(&fi, "D %s\n", v[i]);
		}
	}
	free(v);
	free(list);
	/* The stream names author and committer itself. */
	err = git_must(s->dir, (const char *[]){ "fast-import", "--quiet", NULL }, NULL,
	    fi.buf, fi.len, NULL);
	/* The index learns the new state of these paths only: git status
	 * stays clean, and nothing scans the tree. */
	if (err == NULL)
		err = git_must(s->dir, (const char *[]){ "update-index", "--add", "--remove",
		    "-z", "--stdin", NULL }, NULL, paths.buf, paths.len, NULL);
	if (err == NULL)
		sb_reset(&s->changed);
	sb_release(&fi);
	sb_release(&paths);
	return err;
}

const struct error *
git_commit_all(struct store *s, const char *author, const struct ctime *at,
    const char *msg, int *made)
{
	const struct error *err;
	char ident[6][160];
	const char *env[7];
	int status;

	*made = 0;
	git_identity(author, at, ident, env);
	err = git_must(s->dir, (const char *[]){ "add", "-A", "--", ".", NULL }, NULL, NULL,
	    0, NULL);
	if (err == NULL) {
		err = git_run(s->dir, (const char *[]){ "diff", "--cached", "--quiet", NULL },
		    NULL, NULL, 0, NULL, NULL, &status);
		if (err == NULL && status == 0) {	/* nothing staged */
			sb_reset(&s->changed);
			return NULL;
		}
	}
	if (err == NULL)
		err = git_must(s->dir, (const char *[]){ "commit", "-q", "--no-verify", "-m",
		    msg, NULL }, env, NULL, 0, NULL);
	if (err == NULL) {
		*made = 1;
		sb_reset(&s->changed);
	}
	return err;
}

/* ---- setting a store up ---- */

static const char gitignore[] =
    "# cstk: caches, the writer lock, temp files and the ID hint are per clone\n"
    ".index/\n"
    ".lock\n"
    ".tmp/\n"
    ".seq\n"
    "# who revealed personal data, where: kept on each site\n"
    "audit.log\n";

static const char gitattributes[] =
    "# cstk merges ticket files itself: history is the union of both sides,\n"
    "# a field changed on both takes the later change (cstk merge-file)\n"
    "tickets/*.yaml merge=cstk\n"
    "archive/**/*.yaml merge=cstk\n";

static const struct error *
write_if_missing(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	const struct error *err = NULL;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);

	if (fd < 0 && errno != EEXIST)
		err = error_sys("cannot create '%s'", path);
	if (fd >= 0) {
		size_t len = strlen(text);
		if (write(fd, text, len) != (ssize_t)len)
			err = error_sys("cannot write '%s'", path);
		close(fd);
	}
	free(path);
	return err;
}

static const struct error *
config(const char *dir, const char *key, const char *value)
{
	return git_must(dir, (const char *[]){ "config", key, value, NULL }, NULL, NULL, 0,
	    NULL);
}

const struct error *
git_setup(const char *dir, const char *site)
{
	const struct error *err;
	char self[4096], *driver;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		snprintf(self, sizeof(self), "cstk");
	else
		self[n] = '\0';
	if ((err = write_if_missing(dir, ".gitignore", gitignore)) != NULL ||
	    (err = write_if_missing(dir, ".gitattributes", gitattributes)) != NULL)
		return err;
	/* This binary, by its full path: git runs the driver from anywhere. */
	driver = xasprintf("'%s' merge-file %%O %%A %%B %%P", self);
	err = config(dir, "merge.cstk.name", "cstk ticket merge");
	if (err == NULL)
		err = config(dir, "merge.cstk.driver", driver);
	free(driver);
	if (err == NULL && site && *site)
		err = config(dir, "cstk.site", site);
	/*
	 * A write tells the index about its paths only, but git still reads
	 * and writes the whole index for it (10 MB and a SHA-1 over it at
	 * 100k tickets, ~45 ms).  Version 4 (prefix-compressed paths) and a
	 * split index (a write rewrites only the small part that changed)
	 * bring that to ~10 ms.
	 */
	if (err == NULL)
		err = config(dir, "core.splitIndex", "true");
	if (err == NULL)
		err = config(dir, "index.version", "4");
	if (err == NULL) {
		char *index = xasprintf("%s/.git/index", dir);
		int status;
		if (access(index, F_OK) == 0) {
			git_run(dir, (const char *[]){ "update-index", "--index-version", "4", NULL },
			    NULL, NULL, 0, NULL, NULL, &status);
			git_run(dir, (const char *[]){ "update-index", "--split-index", NULL },
			    NULL, NULL, 0, NULL, NULL, &status);
		}
		free(index);
	}
	return err;
}
