/* cmd-assign.c — cstk assign ID [--to AGENT]: give a ticket an owner. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "index.h"
#include "lifecycle.h"
#include "store.h"

/* The member of the ticket's team with the fewest assigned tickets. */
static const struct error *
pick(struct cmd_ctx *c, const struct ticket *t, const char **out, struct strbuf *loads)
{
	const struct policy *p = &c->store.policy;
	const char *team_name = ticket_str(t, F_TEAM);
	int cat = enum_lookup(vocab(V_CATEGORY), ticket_str(t, F_CATEGORY));
	const struct team *team;
	struct index_set set;
	const struct error *err;
	size_t best = 0, *count;

	if (team_name == NULL && cat >= 0)
		team_name = policy_team_of(p, cat);
	if (team_name == NULL)
		return error_new(ERR_USAGE, "ticket '%s' has no team to pick from; give "
		    "--to AGENT", ticket_str(t, F_ID));
	team = policy_team(p, team_name);
	if (team == NULL || team->nr == 0)
		return error_new(ERR_USAGE, "team '%s' has no members in %s/cstk.yaml; "
		    "give --to AGENT, or list members under 'teams'", team_name,
		    c->store.dir);
	if ((err = index_load_want(&c->store, &IX_OPEN, &set)) != NULL)
		return err;
	/* Load: tickets in 'assigned', per member. */
	count = xcalloc(team->nr, sizeof(size_t));
	for (size_t g = 0; g < set.n; g++) {
		const struct index *ix = &set.seg[g];
		for (size_t i = 0; i < ix->nrec; i++) {
			const char *who = ix_str(ix, ix->rec[i].s[IXS_ASSIGNEE]);
			if (ix->rec[i].status != ST_ASSIGNED || *who == '\0')
				continue;
			for (size_t k = 0; k < team->nr; k++)
				if (strcmp(team->members[k], who) == 0)
					count[k]++;
		}
	}
	for (size_t i = 1; i < team->nr; i++) {
		if (count[i] < count[best] || (count[i] == count[best] &&
		    strcmp(team->members[i], team->members[best]) < 0))
			best = i;
	}
	*out = team->members[best];
	/* What was compared, for the history (and `cstk why`). */
	sb_addf(loads, "team %s:", team_name);
	for (size_t i = 0; i < team->nr; i++)
		sb_addf(loads, "%s %s %zu", i ? "," : "", team->members[i], count[i]);
	free(count);
	index_release(&set);
	return NULL;
}

static const struct error *
run_assign(struct cmd_ctx *c)
{
	const struct error *err;
	const char *to;
	struct ticket t = { NULL };
	struct strbuf loads = STRBUF_INIT;

	if ((err = cmd_line(c, "to", &to)) != NULL)
		return err;
	if (to && strlen(to) > 64)
		return error_new(ERR_USAGE, "--to '%s' is longer than 64 bytes", to);
	if ((err = cmd_load_ticket(c, &t)) != NULL)
		goto done;
	/* Refuse before picking, so the message names the status. */
	if ((err = lc_can_assign(&t)) != NULL)
		goto done;
	if (to == NULL && (err = pick(c, &t, &to, &loads)) != NULL)
		goto done;
	if ((err = lc_assign(&t, &c->ev, to)) == NULL) {
		if (loads.len)
			ticket_log_annotate(&t, "loads", loads.buf);
		lc_deadlines(&t, &c->store.policy, 1);	/* rules with start: assigned */
		err = store_save(&c->store, &t);
	}
	if (err == NULL && cmd_opt(c, "to") == NULL)
		printf("%s\n", to);
done:
	ticket_release(&t);
	sb_release(&loads);
	return err;
}

static const struct cmd_opt opts[] = {
	{ "to", "AGENT", 0, N_("the owner; any name (default: picked from the team)") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_assign = {
	.name = "assign",
	.usage = "ID [--to AGENT]",
	.summary = N_("give a classified ticket an owner"),
	.help = N_(
	    "Moves a ticket from 'classified' to 'assigned'.  Without --to, the owner\n"
	    "is the member of the ticket's team (from the category's routing in\n"
	    "cstk.yaml) with the fewest tickets in 'assigned', ties broken by name;\n"
	    "the name picked is printed, and the loads compared are kept in the\n"
	    "history ('cstk why' shows them).  On an assigned ticket it reassigns\n"
	    "(logged).\n"),
	.flags = CMD_STORE | CMD_LOCK,
	.min_args = 1,
	.max_args = 1,
	.opts = opts,
	.run = run_assign,
};
