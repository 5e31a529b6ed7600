/*
 * git.h — a store kept in git (SPEC §11).  git is the engine: cstk runs
 * the git command and never speaks its protocol.
 *
 * A store is a git store when DIR/.git exists (cstk init --git, cstk
 * clone, or git init by hand).  Then every write commits exactly the
 * paths it changed (store.changed), in one commit whose author is the
 * agent, without letting git look at the rest of the tree: the commit is
 * made by one `git fast-import` from the branch tip, and the index is told
 * about the changed paths only (`git update-index`), so `git status` stays
 * clean and no command scans 100k files.
 */
#ifndef CSTK_GIT_H
#define CSTK_GIT_H

#include <stddef.h>

#include "clock.h"
#include "error.h"
#include "store.h"
#include "strbuf.h"

/* At store_open: is it a git work tree; this clone's site ($CSTK_SITE,
 * else `cstk.site` in .git/config). */
const struct error *git_store_open(struct store *s);
/* Is `site` 1-4 capital letters? */
int git_site_valid(const char *site);

/*
 * Run `git -C DIR ARGV...` with `in` (may be NULL) on its standard input;
 * its standard output goes to `out` (NULL: discarded), its standard error
 * to `errout` (NULL: discarded).  `env` is NULL or NAME=VALUE strings,
 * NULL-terminated, set for git only.  *status: git's exit status.  Fails
 * only when git cannot be run at all.
 */
const struct error *git_run(const char *dir, const char *const *argv,
    const char *const *env, const char *in, size_t inlen, struct strbuf *out,
    struct strbuf *errout, int *status);

/* git_run, and a non-zero exit is an error: "git ARGV[0] failed in 'DIR':"
 * and git's last line. */
const struct error *git_must(const char *dir, const char *const *argv,
    const char *const *env, const char *in, size_t inlen, struct strbuf *out);

/* The branch HEAD names, and whether it has a commit yet (a detached
 * HEAD is an error: cstk commits to a branch). */
const struct error *git_branch(struct store *s, char *branch, size_t size, int *born);
/* The last line git wrote (for one-line errors); trims `sb`. */
const char *git_last_line(struct strbuf *sb);

/* Commit what this process changed (s->changed) as `author` at `at`. */
const struct error *git_commit(struct store *s, const char *author,
    const struct ctime *at, const char *msg);
/* Commit everything git sees changed under the store (git add -A): a
 * store's first commit, or what a killed writer left. 0 in *made when
 * there was nothing to commit. */
const struct error *git_commit_all(struct store *s, const char *author,
    const struct ctime *at, const char *msg, int *made);

/* Make DIR ready as a git store: .gitignore (caches, lock, temp files),
 * .gitattributes and the merge driver (cstk merge-file, this binary) in
 * .git/config, and the site if given. */
const struct error *git_setup(const char *dir, const char *site);

/* The environment that names `author` as git's author and committer. */
void git_identity(const char *author, const struct ctime *at, char buf[6][160],
    const char *env[7]);

#endif
