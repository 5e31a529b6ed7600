/* cmd-update.c — cstk update ID: notes, contacts, plan, escalation, --set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "value.h"
#include "lifecycle.h"
#include "store.h"
#include "strbuf.h"

struct change {
	const struct field *f;
	char *value;		/* canonical; NULL removes the field */
};

/* --due resolution=TIME: the date promised to the customer. */
static const struct error *
parse_due(const struct cmd_ctx *c, const char *due, struct ctime *out)
{
	if (strncmp(due, "resolution=", 11) != 0)
		return error_new(ERR_USAGE, "--due '%s' should be resolution=TIME, the new "
		    "date promised to the customer", due);
	return clock_arg("--due resolution", due + 11, &c->now, out);
}

/* Parse every --set KEY=VALUE before touching the ticket. */
static const struct error *
parse_sets(const char *const *sets, size_t n, struct change *out)
{
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(sets[i], '=');
		char key[64], what[80];
		const struct field *f;
		const struct error *err;

		if (eq == NULL || eq == sets[i] || (size_t)(eq - sets[i]) >= sizeof(key))
			return error_new(ERR_USAGE, "--set '%s' should be KEY=VALUE", sets[i]);
		snprintf(key, sizeof(key), "%.*s", (int)(eq - sets[i]), sets[i]);
		f = field_by_path(key);
		if (f == NULL || !(f->flags & FF_SET)) {
			struct strbuf sb = STRBUF_INIT;
			field_names(&sb, FL_SET);
			err = error_new(ERR_USAGE, "--set: '%s' cannot be set; keys that can: %s",
			    key, sb.buf);
			sb_release(&sb);
			return err;
		}
		out[i].f = f;
		if (eq[1] == '\0') {
			if (f->flags & FF_KEEP)
				return error_new(ERR_USAGE, "--set: '%s' cannot be emptied", key);
			continue;
		}
		snprintf(what, sizeof(what), "--set %s", key);
		if ((err = value_for_field(f, what, eq + 1, &out[i].value)) != NULL)
			return err;
	}
	return NULL;
}

static const struct error *
apply_sets(struct cmd_ctx *c, struct ticket *t, struct change *ch, size_t n)
{
	const struct error *err;

	if ((err = lc_can_update(t)) != NULL)
		return err;
	for (size_t i = 0; i < n; i++) {
		enum field_id id = field_id_of(ch[i].f);
		/* Every change records what it replaced: the old value, and the
		 * team a new category takes the ticket from. */
		char *was = ticket_str(t, id) ? xstrdup(ticket_str(t, id)) : NULL;
		char *team_was = ticket_str(t, F_TEAM) ? xstrdup(ticket_str(t, F_TEAM)) : NULL;
		const char *team = NULL;
		int rerouted = 0;
		char *old[2] = { NULL, NULL };

		if ((id == F_CATEGORY || id == F_PRIORITY) && ticket_status(t) == ST_INTAKE) {
			free(was);
			free(team_was);
			return error_new(ERR_REFUSED, "cannot set %s on ticket '%s': it is in "
			    "'intake'; classify it: cstk classify %s --category C --priority P",
			    ch[i].f->path, ticket_str(t, F_ID), ticket_str(t, F_ID));
		}
		ticket_set(t, id, ch[i].value);
		if (id == F_PRIORITY)	/* the deadlines it replaces stay in the history */
			lc_deadlines_again(t, &c->store.policy, old);
		if (id == F_CATEGORY) {
			int cat = enum_lookup(vocab(V_CATEGORY), ch[i].value);
			team = policy_team_of(&c->store.policy, cat);
			ticket_set(t, F_TEAM, team);
			/* from a team, or from none when one was taken */
			rerouted = team && (team_was == NULL || strcmp(team, team_was) != 0);
		}
		{
			const char *extra[] = { "key", ch[i].f->path, "value", ch[i].value,
				"previous", was, "team", rerouted ? team : NULL,
				"previous_team", rerouted ? team_was : NULL,
				"previous_due_response", old[0], "previous_due_resolution", old[1],
				NULL };
			ticket_log(t, &c->ev, "set", NULL, NULL, NULL, extra);
		}
		free(old[0]);
		free(old[1]);
		free(was);
		free(team_was);
	}
	return NULL;
}

static const struct error *
run_update(struct cmd_ctx *c)
{
	const struct error *err;
	const char *note, *contact, *plan, *to, *reason;
	char *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL;
	size_t nsets;
	const char *const *sets = cmd_multi(c, "set", &nsets);
	struct change *ch = xcalloc(nsets + 1, sizeof(*ch));
	struct ticket t = { NULL };
	int escalate = cmd_flag(c, "escalate");
	const char *due = cmd_opt(c, "due");
	size_t nrel;
	const char *const *related = cmd_multi(c, "related", &nrel);
	struct ctime promised;

	if ((err = cmd_text(c, "note", 1, &note, &o1)) != NULL ||
	    (err = cmd_text(c, "contact", 0, &contact, &o2)) != NULL ||
	    (err = cmd_text(c, "plan", 0, &plan, &o3)) != NULL ||
	    (err = cmd_text(c, "reason", 0, &reason, &o4)) != NULL ||
	    (err = cmd_line(c, "to", &to)) != NULL)
		goto done;
	if (to && !escalate) {
		err = error_new(ERR_USAGE, "--to goes with --escalate");
		goto done;
	}
	if (reason && !escalate && !due) {
		err = error_new(ERR_USAGE, "--reason goes with --escalate or --due");
		goto done;
	}
	if (!note && !contact && !plan && !escalate && !due && nsets == 0 && nrel == 0) {
		err = error_new(ERR_USAGE, "'cstk update' needs something to record: "
		    "--note, --contact, --plan, --escalate, --due, --related or --set");
		goto done;
	}
	if ((escalate || due) && (reason == NULL || *reason == '\0')) {
		err = error_new(ERR_USAGE, "--%s needs --reason TEXT", escalate ? "escalate" : "due");
		goto done;
	}
	if (due && (err = parse_due(c, due, &promised)) != NULL)
		goto done;
	if ((err = parse_sets(sets, nsets, ch)) != NULL)
		goto done;
	if ((err = cmd_load_ticket(c, &t)) != NULL)
		goto done;
	if ((err = apply_sets(c, &t, ch, nsets)) != NULL)
		goto done;
	for (size_t i = 0; i < nrel; i++)
		if ((err = cmd_link_target(c, &t, related[i])) != NULL ||
		    (err = lc_relate(&t, &c->ev, related[i])) != NULL)
			goto done;
	if (plan && (err = lc_plan(&t, &c->ev, plan)) != NULL)
		goto done;
	if (contact && (err = lc_contact(&t, &c->ev, contact)) != NULL)
		goto done;
	if (note && (err = lc_note(&t, &c->ev, note)) != NULL)
		goto done;
	if (escalate && (err = lc_escalate(&t, &c->ev, to, reason)) != NULL)
		goto done;
	if (due && (err = lc_promise(&t, &c->ev, &promised, reason)) != NULL)
		goto done;
	err = store_save_leaving(&c->store, &t, STORE_ROOM_TO_CLOSE);
done:
	for (size_t i = 0; i < nsets; i++)
		free(ch[i].value);
	free(ch);
	free(o1);
	free(o2);
	free(o3);
	free(o4);
	ticket_release(&t);
	return err;
}

static const struct cmd_opt opts[] = {
	{ "note", "TEXT|-", 0, N_("an internal note; - reads it from standard input") },
	{ "contact", "TEXT", 0, N_("a contact with the customer (the first sets 'responded')") },
	{ "plan", "TEXT", 0, N_("the plan to solve it (replaces the previous plan)") },
	{ "escalate", NULL, 0, N_("escalate the ticket (needs --reason)") },
	{ "to", "WHO", 0, N_("with --escalate: hand the ticket to WHO") },
	{ "due", "resolution=TIME", 0, N_("a new date promised to the customer (needs --reason)") },
	{ "reason", "TEXT", 0, N_("with --escalate or --due: why") },
	{ "set", "KEY=VALUE", 1, N_("change a field (repeatable); KEY= removes it") },
	{ "related", "ID", 1, N_("link a ticket about the same matter (repeatable; show lists "
	    "links both ways)") },
	{ NULL, NULL, 0, NULL },
};

const struct cmd_entry cmd_update = {
	.name = "update",
	.usage = "ID [--note T] [--contact T] [--plan T] [--escalate [--to WHO] --reason T] "
	    "[--due resolution=TIME --reason T] [--set KEY=VALUE]... [--related ID]...",
	.summary = N_("record progress on a ticket"),
	.help = N_(
	    "Records progress in the ticket's history, in any status but 'archived'.\n"
	    "The first --contact sets 'responded', which the response deadline is\n"
	    "measured by.  --escalate counts an escalation; with --to, an assigned\n"
	    "ticket changes hands.  --due resolution=TIME --reason TEXT gives the\n"
	    "customer a new date (due.promised): list shows it and the history keeps\n"
	    "the promise, but the SLA is still measured against the deadline the\n"
	    "policy set.  --set KEY=VALUE changes a field (a new priority\n"
	    "recomputes the deadlines); the keys:\n"
	    "{set-fields}\n"),
	.flags = CMD_STORE | CMD_LOCK,
	.min_args = 1,
	.max_args = 1,
	.opts = opts,
	.run = run_update,
};
