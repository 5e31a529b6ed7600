/*
 * cmd-why.c — cstk why ID: every date and owner on a ticket, explained
 * from the rule that set it (SPEC §9): each deadline with its priority's
 * duration, its start (created, or the reopening of a later round) and
 * the working time the calendar skipped; the team with its routing; the
 * assignee with the loads the least-loaded choice compared; the revisit
 * date with its rule.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cmd.h"
#include "lifecycle.h"
#include "store.h"

static void
line(const char *label, const char *value)
{
	printf("%-16s%s\n", label, value ? value : "-");
}

static void because(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line of explanation under a value. */
static void
because(const char *fmt, ...)
{
	va_list ap;

	fputs("    ", stdout);
	va_start(ap, fmt);
	vprintf(gettext(fmt), ap);
	va_end(ap);
	putchar('\n');
}

static void
days(int64_t day, char buf[CLOCK_BUFSZ])
{
	int y, m, d;

	clock_civil_from_days(day, &y, &m, &d);
	snprintf(buf, CLOCK_BUFSZ, "%04d-%02d-%02d", y, m, d);
}

static void
explain_due(const struct ticket *t, const struct policy *p, enum field_id f, int pr)
{
	struct deadlines dl;
	int fig = f == F_DUE_RESPONSE ? DL_RESPONSE : f == F_DUE_RESOLUTION ? DL_RESOLUTION
	    : DL_CONFIRM;
	const struct duration *dur = &dl.dur[fig];
	const char *what = fig == DL_RESPONSE ? _("first response") : fig == DL_RESOLUTION ?
	    _("resolution") : _("the customer's confirmation");
	const struct ynode *reopen = lc_history_find(t, NULL, INT64_MIN, 0);
	struct ctime start, out, stored;
	char dbuf[32], obuf[CLOCK_BUFSZ], sbuf[CLOCK_BUFSZ];
	int64_t skipped;

	lc_applicable(t, p, &dl);
	if (!dl.has[fig] && ticket_str(t, f) == NULL)
		return;
	line(fields[f].path, ticket_str(t, f));
	if (!dl.has[fig]) {
		because("set before; cstk.yaml gives no such deadline now");
		return;
	}
	duration_format(dur, dbuf);
	/* A rule sets only the figures it names; the others stay the
	 * priority's. */
	if (dl.rule && dl.rule->has[fig])
		because("deadline rule at cstk.yaml:%u: %s within %s", dl.rule->line, what, dbuf);
	else
		because("priority %s: %s within %s", pr >= 0 ? vocab_key(V_PRIORITY, pr) : "?",
		    what, dbuf);
	if (dur->unit == DUR_BHOUR)
		because("(working hours of the working calendar in cstk.yaml)");
	else if (dur->unit == DUR_BDAY)
		because("(working days of the working calendar in cstk.yaml)");
	if (fig == DL_CONFIRM) {
		if (ticket_time(t, F_RESOLVED, &start))
			return;
		because("counted from resolved %s", ticket_str(t, F_RESOLVED));
	} else {
		if (lc_deadline_start(t, &dl, &start) < 0) {
			because("counted from the assignment, which has not happened yet");
			return;
		}
		clock_format(&start, sbuf);
		if (reopen)
			because("counted from the reopening at %s (round %s); the round before "
			    "was due %s", sbuf, ticket_str(t, F_ROUNDS) ? ticket_str(t, F_ROUNDS) : "?",
			    ynode_get_str(reopen, f == F_DUE_RESPONSE ? "due_response" : "due_resolution"));
		else if (dl.start == DL_FROM_ASSIGNED)
			because("counted from the assignment at %s (start: assigned)", sbuf);
		else
			because("counted from created %s", sbuf);
	}
	if (calendar_add(&p->calendar, &start, dur, &out, &skipped))
		return;
	if (skipped > 0) {
		struct cal_skip sk;
		char a[CLOCK_BUFSZ], b[CLOCK_BUFSZ];

		calendar_skipped(&p->calendar, &start, &out, skipped, &sk);
		printf(_("    skipped %.1f h outside working time:"), (double)skipped / 3600);
		if (sk.holidays) {
			days(sk.first_holiday, a);
			days(sk.last_holiday, b);
			printf(ngettext(" %d holiday (%s%s%s),", " %d holidays (%s%s%s),",
			    sk.holidays), sk.holidays, a, sk.holidays > 1 ? ".." : "",
			    sk.holidays > 1 ? b : "");
		}
		if (sk.closed_days)
			printf(ngettext(" %d closed day (weekends),", " %d closed days (weekends),",
			    sk.closed_days), sk.closed_days);
		printf(_(" %.1f h of nights and breaks\n"), (double)sk.other / 3600);
	}
	clock_format(&out, obuf);
	if (ticket_time(t, f, &stored) == 0 && stored.t != out.t)
		because("cstk.yaml now gives %s; the ticket keeps the date set then", obuf);
}

static const struct error *
run_why(struct cmd_ctx *c)
{
	const struct policy *p = &c->store.policy;
	struct ticket t = { NULL };
	const struct error *err;
	int pr, cat, tier;
	const struct ynode *e;

	if ((err = store_load(&c->store, c->argv[0], &t)) != NULL) {
		ticket_release(&t);
		return err;
	}
	pr = enum_lookup(vocab(V_PRIORITY), ticket_str(&t, F_PRIORITY));
	cat = enum_lookup(vocab(V_CATEGORY), ticket_str(&t, F_CATEGORY));
	tier = enum_lookup(vocab(V_TIER), ticket_str(&t, F_CUST_TIER));
	printf("%s  %s\n", ticket_str(&t, F_ID), ticket_str(&t, F_STATUS));
	if (pr < 0) {
		line("deadlines", NULL);
		because("none yet: they are set when the ticket is classified (cstk "
		    "classify %s --category C --priority P)", ticket_str(&t, F_ID));
	} else {
		explain_due(&t, p, F_DUE_RESPONSE, pr);
		explain_due(&t, p, F_DUE_RESOLUTION, pr);
		explain_due(&t, p, F_DUE_CONFIRM, pr);
	}
	if (ticket_str(&t, F_DUE_PROMISED)) {
		const struct ynode *pe = lc_history_find(&t, "promise", INT64_MIN, 0);
		line("due.promised", ticket_str(&t, F_DUE_PROMISED));
		if (pe)
			because("promised to the customer by %s at %s: %s",
			    ynode_get_str(pe, "by"), ynode_get_str(pe, "at"),
			    ynode_get_str(pe, "note") ? ynode_get_str(pe, "note") : "-");
		because("the SLA is still measured against due.resolution");
	}
	line("team", ticket_str(&t, F_TEAM));
	if (cat >= 0 && ticket_str(&t, F_TEAM) && strcmp(policy_team_of(p, cat), ticket_str(&t, F_TEAM)) == 0)
		because("category %s routes to team %s (cstk.yaml: categories)",
		    vocab_key(V_CATEGORY, cat), policy_team_of(p, cat));
	else if (ticket_str(&t, F_TEAM))
		because("set by hand (update --set team=…), not by the routing");
	line("assignee", ticket_str(&t, F_ASSIGNEE));
	if ((e = lc_history_find(&t, "assign", INT64_MIN, 0)) != NULL) {
		const char *loads = ynode_get_str(e, "loads");
		if (loads)
			because("picked by %s at %s: the fewest tickets in 'assigned' (%s)",
			    ynode_get_str(e, "by"), ynode_get_str(e, "at"), loads);
		else
			because("given with --to by %s at %s", ynode_get_str(e, "by"),
			    ynode_get_str(e, "at"));
	}
	if (ticket_str(&t, F_REVISIT_DUE)) {
		struct duration within;
		const struct revisit_rule *rule;
		char dbuf[32];

		line("revisit.due", ticket_str(&t, F_REVISIT_DUE));
		if (policy_revisit(p, pr, cat, tier, enum_lookup(vocab(V_CHANNEL),
		    ticket_str(&t, F_CHANNEL)), ticket_str(&t, F_MODULE), &within, &rule)) {
			duration_format(&within, dbuf);
			if (rule)
				because("revisit rule at cstk.yaml:%u: within %s of the customer's "
				    "confirmation (%s)", rule->line, dbuf,
				    ticket_str(&t, F_CONFIRMED) ? ticket_str(&t, F_CONFIRMED) : "-");
			else {
				int by_tier = tier >= 0 && p->val[V_TIER][tier].revisit;
				because("%s %s is revisited, within %s of the customer's "
				    "confirmation (%s)", by_tier ? "tier" : "category", by_tier ?
				    vocab_key(V_TIER, tier) : cat >= 0 ? vocab_key(V_CATEGORY, cat) : "?",
				    dbuf, ticket_str(&t, F_CONFIRMED) ? ticket_str(&t, F_CONFIRMED) : "-");
			}
		} else {
			because("set before; cstk.yaml calls for no revisit now");
		}
	}
	ticket_release(&t);
	return NULL;
}

const struct cmd_entry cmd_why = {
	.name = "why",
	.usage = "ID",
	.summary = N_("explain every date and owner of a ticket from the rule that set it"),
	.help = N_(
	    "Shows each deadline with the priority's duration that set it, the\n"
	    "moment it counts from (created, or the reopening of a later round) and\n"
	    "the working time the calendar skipped (holidays, closed days, nights\n"
	    "and breaks); the team with its routing; the assignee with the loads\n"
	    "the least-loaded choice compared (kept in the history by 'assign'); and\n"
	    "the revisit date with its rule.  When cstk.yaml has changed since, it\n"
	    "says what it would give now.\n"),
	.flags = CMD_STORE,
	.min_args = 1,
	.max_args = 1,
	.opts = (const struct cmd_opt[]){ { NULL, NULL, 0, NULL } },
	.run = run_why,
};
