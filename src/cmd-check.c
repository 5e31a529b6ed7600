/* cmd-check.c — cstk check: validate every file of the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "index.h"
#include "store.h"
#include "utf8.h"

struct checking {
	size_t tickets, problems;
	char **open_ids;	/* IDs seen in tickets/, sorted as walked */
	size_t nopen, alloc;
};

static void
problem(void *ctx, const char *msg)
{
	struct checking *ck = ctx;

	printf("%s\n", msg);
	ck->problems++;
}

static void
ignore(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
visit(void *ctx, const struct ticket *t, const char *file)
{
	struct checking *ck = ctx;
	const char *id = ticket_str(t, F_ID);
	int archived = ticket_status(t) == ST_ARCHIVED;
	int in_archive = strstr(file, "/archive/") != NULL;
	const struct ynode *st = ynode_get(t->root, "status");

	ck->tickets++;
	if (t->unsafe) {
		printf(ngettext("%s:%u:%u: %u value holds control or bidirectional-override "
		    "characters, which cstk shows escaped (as \\x1b, \\u202e); remove them\n",
		    "%s:%u:%u: %u values hold control or bidirectional-override "
		    "characters, which cstk shows escaped (as \\x1b, \\u202e); remove them\n",
		    t->unsafe), file, t->unsafe_line, t->unsafe_col, t->unsafe);
		ck->problems++;
	}
	if (archived && !in_archive) {
		printf(_("%s:%u:%u: status is 'archived' but the file is not under archive/\n"),
		    file, st->line, st->col);
		ck->problems++;
	} else if (!archived && in_archive) {
		printf("%s:%u:%u: status is '%s' but the file is under archive/\n", file,
		    st->line, st->col, ticket_str(t, F_STATUS));
		ck->problems++;
	}
	if (!in_archive) {
		ALLOC_GROW(ck->open_ids, ck->nopen + 1, ck->alloc);
		ck->open_ids[ck->nopen++] = xstrdup(id);
	} else if (bsearch(&id, ck->open_ids, ck->nopen, sizeof(char *), cmp_id)) {
		printf("%s:1:1: ticket '%s' is also under tickets/; the archived copy is "
		    "the newer one: remove tickets/%s.yaml\n", file, id, id);
		ck->problems++;
	}
	return 0;
}

static void
drift(void *ctx, const char *msg, int fixed)
{
	(void)ctx;
	(void)fixed;	/* a line either way: what was wrong, or what was fixed */
	printf("%s\n", msg);
}

static void
print_policy(void *ctx, const char *msg)
{
	(void)ctx;
	printf("%s\n", msg);
}

static const struct error *
run_check(struct cmd_ctx *c)
{
	struct checking ck = { 0, 0, NULL, 0, 0 };
	const struct error *err;

	if ((err = store_exposed(c->store.dir)) != NULL)
		utf8_print_message("warning: ", err->msg);
	{
		size_t n;
		if ((err = store_check_modes(&c->store, cmd_flag(c, "repair"), drift, NULL,
		    &n)) != NULL)
			return err;
		ck.problems += n;
	}
	{
		char *file = xasprintf("%s/cstk.yaml", c->store.dir);
		ck.problems += policy_lint(&c->store.policy, file, print_policy, NULL);
		free(file);
	}
	{
		/* An import committed but not finished: readers do not see it
		 * yet.  Not a problem of the files (the next writer completes
		 * it), but a writer that cannot says why, so say it here too. */
		struct store_view v;
		store_view_begin(&c->store, &v);
		if (v.nbatch)
			fprintf(stderr, ngettext("cstk: warning: %s/.tmp: an import of %zu ticket is "
			    "committed but not finished, so readers do not see it yet; the "
			    "next cstk that writes completes it (or says what stops it)\n",
			    "cstk: warning: %s/.tmp: an import of %zu tickets is "
			    "committed but not finished, so readers do not see it yet; the "
			    "next cstk that writes completes it (or says what stops it)\n",
			    v.nbatch), c->store.dir, v.nbatch);
		store_view_release(&v);
	}
	{
		struct diag d = { problem, &ck, 1 };
		err = store_each(&c->store, 1, visit, &ck, &d);
	}
	for (size_t i = 0; i < ck.nopen; i++)
		free(ck.open_ids[i]);
	free(ck.open_ids);
	if (err)
		return err;
	{
		/* check rebuilds the index from scratch: the sure way to settle it. */
		struct index_set set;
		/* Its problems were reported by the walk: once is enough. */
		struct diag quiet = { ignore, NULL, 0 };
		if ((err = index_rebuild_diag(&c->store, &set, &quiet)) != NULL)
			return err;
		index_release(&set);
	}
	if (ck.problems)
		return error_new(ERR_DATA, ngettext("%zu problem in '%s'",
		    "%zu problems in '%s'", ck.problems), ck.problems, c->store.dir);
	printf(ngettext("%zu ticket checked, no problems\n",
	    "%zu tickets checked, no problems\n", ck.tickets), ck.tickets);
	return NULL;
}

const struct cmd_entry cmd_check = {
	.name = "check",
	.usage = "[--repair]",
	.summary = N_("validate every file of the store"),
	.help = N_(
	    "Loads every ticket under tickets/ and archive/ with the same limits as\n"
	    "every command, and prints each problem as FILE:LINE:COL: message on\n"
	    "standard output: files that do not parse, unknown values, tickets\n"
	    "filed in the wrong place, an ID present twice, and control or\n"
	    "bidirectional-override characters (every output shows them escaped,\n"
	    "as \\x1b or \\u202e; no command writes such a ticket until they are\n"
	    "removed).  Exits 1 if there was any.  Warns (without\n"
	    "failing) when the data directory is open to\n"
	    "other users, and when an import is committed but not yet finished\n"
	    "(the next writer completes it).  Temporary files of interrupted\n"
	    "writers are not problems.\n"
	    "\n"
	    "In a shared store (init --shared) it also reports every file and\n"
	    "directory whose mode or group drifted from the group's (0660, setgid\n"
	    "2770); --repair fixes them and prints what it changed.\n"),
	.flags = CMD_STORE,
	.min_args = 0,
	.max_args = 0,
	.opts = (const struct cmd_opt[]){
		{ "repair", NULL, 0, N_("give drifted files of a shared store the "
		    "group's mode and group") },
		{ NULL, NULL, 0, NULL } },
	.run = run_check,
};
