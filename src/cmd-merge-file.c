/* cmd-merge-file.c — cstk merge-file BASE OURS THEIRS [PATH]: git's merge
 * driver for ticket files (SPEC §11; the rules are in merge.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "merge.h"
#include "strbuf.h"
#include "ticket.h"
#include "yaml-emit.h"
#include "yaml-load.h"

/* A side's file; an empty base (both sides added the file) is NULL. */
static const struct error *
load_side(const char *path, struct ynode **out)
{
	char *buf = NULL;
	size_t len;
	const struct error *err;

	*out = NULL;
	if ((err = yaml_read_file(AT_FDCWD, path, path, &buf, &len)) != NULL)
		return err;
	if (len > 0)
		err = yaml_load_buf(buf, len, path, out);
	free(buf);
	if (err == NULL && *out && (*out)->kind != YNODE_MAP) {
		ynode_free(*out);
		*out = NULL;
		return error_new(ERR_DATA, _("'%s' is not a ticket (a YAML mapping)"), path);
	}
	return err;
}

static const struct error *
write_result(const char *path, struct ynode *root, const char *disp)
{
	struct ticket t = { root, 0, 0, 0 };
	struct strbuf out = STRBUF_INIT;
	const struct error *err = NULL;
	int fd;

	ticket_normalize(&t);
	if (ticket_validate(root, disp, NULL, NULL, &err) > 0)
		return err;
	if ((err = yaml_emit(root, &out)) != NULL)
		return err;
	fd = open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		err = error_sys("cannot write the merge result to '%s'", path);
	else if (write(fd, out.buf, out.len) != (ssize_t)out.len || close(fd) < 0)
		err = error_sys("cannot write the merge result to '%s'", path);
	sb_release(&out);
	return err;
}

static const struct error *
run_merge_file(struct cmd_ctx *c)
{
	const char *disp = c->argc > 3 ? c->argv[3] : c->argv[1];
	struct ynode *side[3] = { NULL, NULL, NULL }, *merged = NULL;
	const struct error *err = NULL;
	size_t conflicts = 0;

	for (int i = 0; i < 3 && err == NULL; i++)
		err = load_side(c->argv[i], &side[i]);
	if (err == NULL && (side[1] == NULL || side[2] == NULL))
		err = error_new(ERR_DATA, _("%s: one side of the merge is empty; merge it "
		    "by hand"), disp);
	if (err == NULL) {
		const char *ia = ynode_get_str(side[1], "id"), *ib = ynode_get_str(side[2], "id");
		if (ia && ib && strcmp(ia, ib) != 0)
			err = error_new(ERR_DATA, _("%s: the two sides are different tickets (%s "
			    "and %s) that got the same ID; give each clone its own site "
			    "(git config cstk.site) and merge them by hand"), disp, ia, ib);
	}
	if (err == NULL) {
		merge_ticket(side[0], side[1], side[2], &merged, &conflicts);
		err = write_result(c->argv[1], merged, disp);
		if (err)
			err = error_new(ERR_DATA, _("%s: the merged ticket would not be valid "
			    "(%s); merge it by hand, then 'cstk check'"), disp, err->msg);
	}
	if (err == NULL && conflicts)
		fprintf(stderr, ngettext("cstk: %s: %zu field was changed on both sides; "
		    "kept the later change, the other in a conflict history entry\n",
		    "cstk: %s: %zu fields were changed on both sides; kept the later "
		    "changes, the others in conflict history entries\n", conflicts),
		    disp, conflicts);
	ynode_free(merged);
	for (int i = 0; i < 3; i++)
		ynode_free(side[i]);
	return err;
}

const struct cmd_entry cmd_merge_file = {
	.name = "merge-file",
	.usage = "BASE OURS THEIRS [PATH]",
	.summary = N_("merge two sites' versions of a ticket file (git's merge driver)"),
	.help = N_(
	    "What git runs when two sites changed the same ticket; 'init --git' and\n"
	    "'clone' register it.  Writes the merge into OURS: history is the union\n"
	    "of both sides in time order; a field changed on one side takes that\n"
	    "side; a field changed on both takes the side with the later event, and\n"
	    "the other value is kept in a 'conflict' history entry; counters add up.\n"
	    "When both sides moved the ticket to different statuses, the later\n"
	    "side's lifecycle is taken whole.  Never writes conflict markers; exits\n"
	    "1 (git then stops the merge) only when a side is not a ticket.\n"),
	.min_args = 3,
	.max_args = 4,
	.opts = (const struct cmd_opt[]){ { NULL, NULL, 0, NULL } },
	.run = run_merge_file,
};
