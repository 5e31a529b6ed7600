/* cmd-init.c — cstk init [DIR]: create a data directory with a default policy. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "store.h"
#include "utf8.h"

static const struct error *
run_init(struct cmd_ctx *c)
{
	const struct error *err;
	char *dir = NULL;

	if (c->argc == 1)
		dir = xstrdup(c->argv[0]);
	else if ((err = store_locate(c->data_dir, &dir)) != NULL)
		return err;
	err = store_init(dir, cmd_opt(c, "shared"));
	if (err == NULL) {
		const struct error *warn = store_exposed(dir);
		if (cmd_opt(c, "shared"))
			printf(_("initialized an empty cstk store in %s, shared by its "
			    "group\n"), dir);
		else
			printf("initialized an empty cstk store in %s\n", dir);
		if (warn)
			utf8_print_message("warning: ", warn->msg);
	}
	free(dir);
	return err;
}

const struct cmd_entry cmd_init = {
	.name = "init",
	.usage = "[DIR]",
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
	    "mode or group drifted and 'cstk check --repair' fixes them.\n"),
	.min_args = 0,
	.max_args = 1,
	.opts = (const struct cmd_opt[]){
		{ "shared", "[=GROUP]", 0, N_("a store for a Unix group (default: your "
		    "primary group)") },
		{ NULL, NULL, 0, NULL } },
	.run = run_init,
};
