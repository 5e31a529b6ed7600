/* cmd-sync.c — cstk sync: fetch from origin, merge, push (SPEC §11). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "git.h"
#include "store.h"

/* git ARGV in the store; its output in `out` (may be NULL).  With
 * `status`, its exit status there; without, a failure is an error. */
static const struct error *
git(struct cmd_ctx *c, const char *const *argv, const char *const *env,
    struct strbuf *out, int *status)
{
	if (status == NULL)
		return git_must(c->store.dir, argv, env, NULL, 0, out);
	return git_run(c->store.dir, argv, env, NULL, 0, out, NULL, status);
}

/* One number git prints, or (`lines`) how many lines it prints. */
static long
count(struct cmd_ctx *c, const char *const *argv, int lines)
{
	struct strbuf out = STRBUF_INIT;
	long n = -1;
	int st;

	if (git(c, argv, NULL, &out, &st) == NULL && st == 0) {
		n = lines ? 0 : strtol(sb_str(&out), NULL, 10);
		for (size_t i = 0; lines && i < out.len; i++)
			n += out.buf[i] == '\n';
	}
	sb_release(&out);
	return n;
}

/*
 * After a merge, a ticket whose merged status says archived may still be
 * under tickets/ (or a reopened one under archive/) when git could not
 * follow the move: file it where its status says, as a write does.
 */
static const struct error *
refile(struct cmd_ctx *c, size_t *moved)
{
	struct strbuf out = STRBUF_INIT;
	const struct error *err;
	char *save = NULL;

	*moved = 0;
	err = git(c, (const char *[]){ "diff", "--name-only", "ORIG_HEAD", "HEAD", "--",
	    "tickets", "archive", NULL }, NULL, &out, NULL);
	for (char *p = err || !out.len ? NULL : strtok_r(out.buf, "\n", &save); p && err == NULL;
	    p = strtok_r(NULL, "\n", &save)) {
		const char *name = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
		int in_archive = strncmp(p, "archive/", 8) == 0;
		struct ticket t = { NULL, 0, 0, 0 };
		struct stat st;
		char id[64];

		if (strlen(name) < 6 || strlen(name) > 60 || fstatat(c->store.dfd, p, &st, 0) < 0)
			continue;
		snprintf(id, sizeof(id), "%.*s", (int)(strlen(name) - 5), name);
		if (!ticket_id_valid(id))
			continue;
		if (store_load(&c->store, id, &t) != NULL)
			continue;	/* check reports it */
		if ((ticket_status(&t) == ST_ARCHIVED) != in_archive) {
			err = store_save(&c->store, &t);
			(*moved)++;
		}
		ticket_release(&t);
	}
	sb_release(&out);
	return err;
}

static const struct error *
run_sync(struct cmd_ctx *c)
{
	struct store *s = &c->store;
	const struct error *err;
	char branch[256], remote[300], ident[6][160];
	const char *env[7];
	int born, st, made;
	long merged = 0, pushed = 0, changed = 0;
	size_t moved = 0;

	if (!s->git)
		return error_new(ERR_USAGE, _("'%s' is not kept in git; 'cstk init --git "
		    "%s' puts it under git, 'cstk clone URL DIR' makes a clone"), s->dir,
		    s->dir);
	if ((err = git_branch(s, branch, sizeof(branch), &born)) != NULL)
		return err;
	if ((err = git(c, (const char *[]){ "remote", "get-url", "origin", NULL }, NULL,
	    NULL, &st)) != NULL)
		return err;
	if (st != 0)
		return error_new(ERR_USAGE, _("'%s' has no remote 'origin' to sync with; add "
		    "one: git -C %s remote add origin URL"), s->dir, s->dir);
	if (store_dir_has(s->dir, ".git/MERGE_HEAD"))
		return error_new(ERR_USAGE, _("a git merge is under way in '%s'; finish it "
		    "(resolve, git add, git commit) or drop it (git merge --abort), then "
		    "'cstk sync'"), s->dir);
	/* The merge driver is this cstk, wherever it is installed now. */
	if ((err = git_setup(s->dir, NULL)) != NULL)
		return err;
	/* What a killed writer left, or edits by hand: committed first. */
	if ((err = git_commit_all(s, c->ev.by, &c->now, "cstk sync: changes not "
	    "committed before", &made)) != NULL)
		return err;
	git_identity(c->ev.by, &c->now, ident, env);
	snprintf(remote, sizeof(remote), "refs/remotes/origin/%s", branch);
	for (int round = 0;; round++) {
		char range[600];
		if ((err = git(c, (const char *[]){ "fetch", "-q", "origin", NULL }, NULL,
		    NULL, NULL)) != NULL)
			return err;
		git(c, (const char *[]){ "rev-parse", "-q", "--verify", remote, NULL }, NULL,
		    NULL, &st);
		if (st == 0) {
			long n;
			snprintf(range, sizeof(range), "HEAD..%s", remote);
			n = count(c, (const char *[]){ "rev-list", "--count", range, NULL }, 0);
			if (n > 0) {
				struct strbuf out = STRBUF_INIT;
				char *msg = xasprintf("cstk sync: merged origin/%s (%s)", branch,
				    c->ev.by);
				/* An archived ticket is a rename that adds a few lines
				 * to a short file; git's 50% would lose some of them
				 * to a modify/delete conflict.  Its basename match
				 * keeps 25% from pairing different tickets. */
				err = git(c, (const char *[]){ "merge", "-q", "-X", "find-renames=25%",
				    "-m", msg, remote, NULL }, env, &out, &st);
				free(msg);
				sb_release(&out);
				if (err)
					return err;
				if (st != 0) {
					struct strbuf files = STRBUF_INIT;
					git(c, (const char *[]){ "diff", "--name-only", "--diff-filter=U",
					    NULL }, NULL, &files, NULL);
					for (size_t i = 0; i < files.len; i++)
						if (files.buf[i] == '\n')
							files.buf[i] = ' ';
					git(c, (const char *[]){ "merge", "--abort", NULL }, NULL, NULL,
					    NULL);
					err = error_new(ERR_DATA, _("cannot merge %s into '%s': %s"
					    "changed on both sides; nothing was merged; merge it by hand "
					    "(git -C %s merge origin/%s), then 'cstk check' and 'cstk "
					    "sync'"), remote + 13, s->dir, sb_str(&files), s->dir, branch);
					sb_release(&files);
					return err;
				}
				merged += n;
				/* git removes a directory it empties: tickets/ too */
				if ((err = store_reopen_tickets(s)) != NULL)
					return err;
				changed += count(c, (const char *[]){ "diff", "--name-only",
				    "ORIG_HEAD", "HEAD", "--", "tickets", "archive", NULL }, 1);
				if ((err = refile(c, &moved)) != NULL)
					return err;
				if (s->changed.len && (err = git_commit(s, c->ev.by, &c->now,
				    "cstk sync: tickets filed where their status says")) != NULL)
					return err;
			}
			snprintf(range, sizeof(range), "%s..HEAD", remote);
			pushed = count(c, (const char *[]){ "rev-list", "--count", range, NULL }, 0);
		} else {
			pushed = count(c, (const char *[]){ "rev-list", "--count", "HEAD", NULL }, 0);
		}
		if (pushed <= 0)
			break;
		if ((err = git(c, (const char *[]){ "push", "-q", "-u", "origin", branch, NULL },
		    NULL, NULL, &st)) != NULL)
			return err;
		if (st == 0)
			break;
		if (round == 4)
			return error_new(ERR_BUSY, _("cannot push to origin: it kept changing "
			    "while cstk merged; try 'cstk sync' again"));
	}
	if (merged)
		printf(_("merged %ld commits from origin/%s: %ld ticket files changed, %zu "
		    "filed anew\n"), merged, branch, changed, moved);
	else
		printf(_("nothing new from origin/%s\n"), branch);
	if (pushed > 0)
		printf(_("pushed %ld commits to origin/%s\n"), pushed, branch);
	else
		printf(_("nothing to push\n"));
	return NULL;
}

const struct cmd_entry cmd_sync = {
	.name = "sync",
	.usage = "",
	.summary = N_("share a git store's commits: fetch, merge, push"),
	.help = N_(
	    "In a store kept in git (init --git, clone): commits what is not\n"
	    "committed yet, fetches from the clone's origin, merges (ticket files\n"
	    "with cstk's merge driver: never conflict markers), files every merged\n"
	    "ticket where its status says, and pushes, setting the upstream on the\n"
	    "first push.  Says what it merged and pushed.  A file other than a\n"
	    "ticket changed on both sides (cstk.yaml) stops the merge with nothing\n"
	    "merged, naming it.\n"),
	.flags = CMD_STORE | CMD_LOCK,
	.min_args = 0,
	.max_args = 0,
	.opts = (const struct cmd_opt[]){ { NULL, NULL, 0, NULL } },
	.run = run_sync,
};
