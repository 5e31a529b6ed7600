/* cmd-clone.c — cstk clone URL DIR [--site S]: another site's clone of a
 * store kept in git, ready to use (SPEC §11). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "git.h"
#include "index.h"
#include "store.h"

static const struct error *
run_clone(struct cmd_ctx *c)
{
	const char *url = c->argv[0], *dir = c->argv[1], *site = cmd_opt(c, "site");
	struct strbuf gerr = STRBUF_INIT;
	const struct error *err;
	int status;

	if (site && !git_site_valid(site))
		return error_new(ERR_USAGE, _("--site '%s' should be 1-4 capital letters "
		    "(BJ, SH, GZ)"), site);
	{
		mode_t old = umask(0);		/* personal data: not for others */
		umask(old | 0027);
	}
	err = git_run(".", (const char *[]){ "clone", "-q", "--", url, dir, NULL }, NULL,
	    NULL, 0, NULL, &gerr, &status);
	if (err == NULL && status != 0)
		err = error_new(ERR_IO, _("git clone of '%s' failed: %s"), url,
		    sb_str(&gerr));
	sb_release(&gerr);
	if (err)
		return err;
	if (!store_dir_has(dir, "cstk.yaml")) {
		/* A bare remote made with `git init --bare` names master as
		 * its HEAD while the store's branch is main: take that. */
		struct strbuf out = STRBUF_INIT;
		git_run(dir, (const char *[]){ "for-each-ref", "--format=%(refname:strip=3)",
		    "refs/remotes/origin", NULL }, NULL, NULL, 0, &out, NULL, &status);
		if (status == 0 && out.len && strchr(out.buf, '\n') == out.buf + out.len - 1) {
			out.buf[out.len - 1] = '\0';
			git_run(dir, (const char *[]){ "checkout", "-q", out.buf, NULL }, NULL,
			    NULL, 0, NULL, NULL, &status);
		} else if (status == 0 && strstr(sb_str(&out), "main\n")) {
			git_run(dir, (const char *[]){ "checkout", "-q", "main", NULL }, NULL,
			    NULL, 0, NULL, NULL, &status);
		}
		sb_release(&out);
	}
	if (!store_dir_has(dir, "cstk.yaml"))
		return error_new(ERR_DATA, _("'%s' is a git repository but not a cstk store "
		    "(no cstk.yaml); clone a store made with 'cstk init --git'"), url);
	if ((err = git_setup(dir, site)) != NULL)
		return err;
	/* Ready to use: the read model built now, not by the first reader. */
	if ((err = store_open(&c->store, dir)) == NULL) {
		struct index_set set;
		if ((err = index_load(&c->store, &set)) == NULL)
			index_release(&set);
	}
	if (err)
		return err;
	if (site)
		printf(_("cloned %s into %s; this site's new IDs read CS-YYYYMMDD-%s0001\n"),
		    url, dir, site);
	else
		printf(_("cloned %s into %s; give it a site (git -C %s config cstk.site BJ) "
		    "before two sites open tickets\n"), url, dir, dir);
	return NULL;
}

const struct cmd_entry cmd_clone = {
	.name = "clone",
	.usage = "URL DIR [--site S]",
	.summary = N_("make another site's clone of a store kept in git"),
	.help = N_(
	    "Clones the store at URL (any URL git takes) into DIR, registers cstk's\n"
	    "merge driver, and builds the index, so the clone is ready to use.\n"
	    "--site S (1-4 capital letters) goes into this clone's new IDs\n"
	    "(CS-20261122-SH0001), so two sites never make the same ID; it is kept\n"
	    "in the clone's git config (cstk.site), and $CSTK_SITE overrides it.\n"
	    "'cstk sync' then shares the clone's commits with its origin.\n"),
	.min_args = 2,
	.max_args = 2,
	.opts = (const struct cmd_opt[]){
		{ "site", "S", 0, N_("this clone's site in new IDs (1-4 capital letters)") },
		{ NULL, NULL, 0, NULL } },
	.run = run_clone,
};
