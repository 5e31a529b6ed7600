/* cmd-init.c — cstk init [DIR]: create a data directory with a default policy. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "git.h"
#include "store.h"
#include "utf8.h"

/*
 * --git: a git work tree (git init, unless it is one), ready as a git
 * store (git_setup), with everything in it committed.  Also for a store
 * that exists: that is how one is put under git.
 */
static const struct error *
init_git(struct cmd_ctx *c, const char *dir, const char *site)
{
	const struct error *err = NULL;
	int made;

	if (access(dir, F_OK) == 0 && !store_dir_has(dir, ".git")) {
		const char *shared = cmd_opt(c, "shared") ? "--shared=group" : "-q";
		err = git_must(dir, (const char *[]){ "init", "-q", "-b", "main", shared, NULL },
		    NULL, NULL, 0, NULL);
	}
	if (err == NULL)
		err = git_setup(dir, site);
	if (err == NULL)
		err = store_open(&c->store, dir);
	if (err == NULL)
		err = cmd_actor(c);
	if (err == NULL)
		err = store_lock(&c->store);
	if (err == NULL)
		err = git_commit_all(&c->store, c->ev.by, &c->now, "cstk init", &made);
	return err;
}

static const struct error *
run_init(struct cmd_ctx *c)
{
	const struct error *err;
	const char *site = cmd_opt(c, "site");
	int git = cmd_flag(c, "git");
	char *dir = NULL;

	if (site && !git)
		return error_new(ERR_USAGE, _("--site is for a store kept in git; give "
		    "--git too"));
	if (site && !git_site_valid(site))
		return error_new(ERR_USAGE, _("--site '%s' should be 1-4 capital letters "
		    "(BJ, SH, GZ)"), site);
	if (c->argc == 1)
		dir = xstrdup(c->argv[0]);
	else if ((err = store_locate(c->data_dir, &dir)) != NULL)
		return err;
	err = store_init(dir, cmd_opt(c, "shared"));
	if (err && git && err->code == ERR_USAGE && store_dir_has(dir, "cstk.yaml"))
		err = NULL;	/* an existing store, put under git */
	else if (err == NULL) {
		const struct error *warn = store_exposed(dir);
		if (cmd_opt(c, "shared"))
			printf(_("initialized an empty cstk store in %s, shared by its "
			    "group\n"), dir);
		else
			printf("initialized an empty cstk store in %s\n", dir);
		if (warn)
			utf8_print_message("warning: ", warn->msg);
	}
	if (err == NULL && git) {
		err = init_git(c, dir, site);
		if (err == NULL)
			printf(_("%s is kept in git: every write is a commit; 'cstk sync' "
			    "shares them once it has an origin (git remote add origin URL)\n"),
			    dir);
	}
	free(dir);
	return err;
}

const struct cmd_entry cmd_init = {
	.name = "init",
	.usage = "[--shared[=GROUP]] [--git [--site S]] [DIR]",
	.summary = N_("create a data directory with a commented default cstk.yaml"),
	.help = N_(
	    "Creates DIR (or the data directory named by -d, $CSTK_DATA, ...) with\n"
	    "tickets/, archive/ and a commented default policy, cstk.yaml, that names\n"
	    "the deadlines, the routing of categories to teams, the teams' members,\n"
	    "the revisit rule and the ID prefix.  Missing parent directories are\n"
	    "made (as git init does).  An existing store is left alone.  Warns\n"
	    "when the directory is open to other users (it holds personal data).\n"
	    "\n"
	    "--shared makes a store for a Unix group (default: your primary group):\n"
	    "the directories are setgid and group-writable, files 0660, and every\n"
	    "later write keeps that.  Others get no access at all.  Map logins to\n"
	    "agent names under agents: in cstk.yaml; 'cstk check' reports files whose\n"
	    "mode or group drifted and 'cstk check --repair' fixes them.\n"
	    "\n"
	    "--git keeps the store in git (also an existing store): every write\n"
	    "commits the files it changed, author the agent; .gitignore keeps the\n"
	    "caches, the lock and temp files out; cstk's merge driver merges ticket\n"
	    "files.  --site S (1-4 capital letters) puts S in this clone's new IDs\n"
	    "(CS-20261122-BJ0001), so sites never make the same ID.  Share it with\n"
	    "'git remote add origin URL' and 'cstk sync'; other sites 'cstk clone'.\n"),
	.min_args = 0,
	.max_args = 1,
	.opts = (const struct cmd_opt[]){
		{ "shared", "[=GROUP]", 0, N_("a store for a Unix group (default: your "
		    "primary group)") },
		{ "git", NULL, 0, N_("keep the store in git: every write is a commit") },
		{ "site", "S", 0, N_("this clone's site in new IDs (1-4 capital letters)") },
		{ NULL, NULL, 0, NULL } },
	.run = run_init,
};
