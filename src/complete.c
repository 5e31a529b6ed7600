/*
 * complete.c — `cstk __complete WORD...`: the candidates for the last word
 * of a command line, one a line, for the shell completion scripts under
 * data/completion/ (bash and zsh).  Everything comes from the tables the
 * commands are made of, so a new command, option or value completes
 * without touching the scripts:
 *
 *   - the commands, from the command table;
 *   - a command's options, from its option table (and the global ones);
 *   - an option's values: "{priority}" in its help names a list of the
 *     policy in force (keys, labels and aliases: 紧急 completes too),
 *     "--format a|b|c" in its usage spells them, a name (AGENT, NAME, WHO)
 *     is a team member, an ID a ticket;
 *   - a command's ticket ID: the IDs of the store (open ones first), from
 *     its index.
 *
 * It never fails loudly: no store, no candidates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "index.h"
#include "report.h"
#include "store.h"

static const char *const global_opts[] = { "--data-dir", "--by", "--at", "--help",
	"--version" };

static const char *cur;		/* the word being completed */

static void
say(const char *s)
{
	if (s && *s && strncmp(s, cur, strlen(cur)) == 0)
		printf("%s\n", s);
}

static const struct cmd_opt *
find_opt(const struct cmd_entry *e, const char *word)
{
	if (strncmp(word, "--", 2) != 0)
		return NULL;
	for (const struct cmd_opt *o = e->opts; o && o->name; o++)
		if (strcmp(o->name, word + 2) == 0)
			return o;
	return NULL;
}

/* The values of a list of vocab.h: keys, labels, aliases. */
static void
say_vocab(const struct enum_def *d)
{
	for (int i = 0; i < d->n; i++) {
		say(d->v[i].key);
		say(d->v[i].label);
		for (const char *const *a = d->v[i].aliases; a && *a; a++)
			say(*a);
	}
}

/* "--NAME a|b|c" in a usage line: a, b and c. */
static int
say_usage_values(const struct cmd_entry *e, const char *name)
{
	char pat[48];
	const char *p;
	int any = 0;

	snprintf(pat, sizeof(pat), "--%s ", name);
	if ((p = strstr(e->usage, pat)) == NULL)
		return 0;
	p += strlen(pat);
	if (strcspn(p, "| ]") == strcspn(p, " ]"))
		return 0;	/* a placeholder (TEXT), not a list */
	while (*p && *p != ' ' && *p != ']') {
		size_t n = strcspn(p, "| ]");
		char *w = xstrndup(p, n);
		say(w);
		free(w);
		any = 1;
		p += n + (p[n] == '|');
	}
	return any;
}

static void
say_ids(struct store *s, int archived)
{
	struct index_set set;

	if (index_load_want(s, archived ? &IX_ALL : &IX_OPEN, &set) != NULL)
		return;
	for (size_t g = 0; g < set.n; g++)
		for (size_t i = 0; i < set.seg[g].nrec; i++) {
			const struct ix_rec *x = &set.seg[g].rec[i];
			if ((x->status == ST_ARCHIVED) == archived)
				say(ix_str(&set.seg[g], x->s[IXS_ID]));
		}
	index_release(&set);
}

static void
say_members(const struct store *s)
{
	const struct policy *p = &s->policy;

	for (size_t t = 0; t < p->nteams; t++)
		for (size_t m = 0; m < p->teams[t].nr; m++)
			say(p->teams[t].members[m]);
}

static void
say_option_values(const struct cmd_entry *e, const struct cmd_opt *o, struct store *s,
    int have_store)
{
	const char *open, *close;
	const struct enum_def *d = cmd_help_vocab(o->help, &open, &close);

	if (d) {
		say_vocab(d);
		return;
	}
	if (say_usage_values(e, o->name))
		return;
	if (strcmp(e->name, "report") == 0 && strcmp(o->name, "by") == 0) {
		for (int i = 0; i < DIM_COUNT; i++)
			say(report_dim_name((enum report_dim)i));
		return;
	}
	if (!have_store || o->arg == NULL)
		return;
	if (!strcmp(o->arg, "AGENT") || !strcmp(o->arg, "NAME") || !strcmp(o->arg, "WHO")) {
		if (strcmp(o->name, "customer") != 0)
			say_members(s);
	} else if (strcmp(o->arg, "ID") == 0) {
		say_ids(s, 0);
		say_ids(s, 1);
	}
}

int
complete_main(const struct cmd_entry *const *cmds, size_t ncmds, int argc, char **argv)
{
	const struct cmd_entry *e = NULL;
	const char *dir = NULL, *prev;
	const struct cmd_opt *po;
	struct store s = STORE_INIT;
	char *path = NULL;
	int i, have_store = 0, positional = 0;

	if (argc < 1)
		return 0;
	cur = argv[argc - 1];
	prev = argc > 1 ? argv[argc - 2] : "";
	/* The global options and the command, as the dispatcher reads them. */
	for (i = 0; i < argc - 1; i++) {
		int data_dir = !strcmp(argv[i], "-d") || !strcmp(argv[i], "--data-dir");
		if (data_dir || !strcmp(argv[i], "--by") || !strcmp(argv[i], "--at")) {
			if (data_dir)
				dir = i + 1 < argc - 1 ? argv[i + 1] : NULL;
			i++;
			continue;
		}
		if (argv[i][0] == '-')
			continue;
		if (e == NULL) {
			for (size_t k = 0; k < ncmds; k++)
				if (strcmp(argv[i], cmds[k]->name) == 0)
					e = cmds[k];
			if (e == NULL)
				return 0;	/* not a command: nothing to offer */
			continue;
		}
		/* a word after an option that takes a value is that value */
		if ((po = find_opt(e, argv[i - 1])) != NULL && po->arg &&
		    !CMD_OPT_OPTIONAL(po))
			continue;
		positional++;
	}
	/* A value of -d, --by or --at: the shell's own completion. */
	if (!strcmp(prev, "-d") || !strcmp(prev, "--data-dir") || !strcmp(prev, "--at"))
		return 0;
	if (store_locate(dir, &path) == NULL && path && store_open(&s, path) == NULL)
		have_store = 1;
	free(path);
	if (e && (po = find_opt(e, prev)) != NULL && po->arg && !CMD_OPT_OPTIONAL(po)) {
		say_option_values(e, po, &s, have_store);
	} else if (!strcmp(prev, "--by")) {
		if (have_store)
			say_members(&s);
	} else if (e == NULL) {
		if (cur[0] == '-')
			for (size_t k = 0; k < sizeof(global_opts) / sizeof(global_opts[0]); k++)
				say(global_opts[k]);
		else
			for (size_t k = 0; k < ncmds; k++)
				say(cmds[k]->name);
	} else if (cur[0] == '-') {
		for (const struct cmd_opt *o = e->opts; o && o->name; o++) {
			char w[64];
			snprintf(w, sizeof(w), "--%s", o->name);
			say(w);
		}
		for (size_t k = 0; k < sizeof(global_opts) / sizeof(global_opts[0]); k++)
			say(global_opts[k]);
	} else if (positional < e->max_args && have_store && strncmp(e->usage, "ID", 2) == 0) {
		/* reopen takes archived tickets; the rest, open ones first */
		int reopen = strcmp(e->name, "reopen") == 0;
		say_ids(&s, reopen);
		if (!reopen && (strcmp(e->name, "show") == 0 || strcmp(e->name, "why") == 0))
			say_ids(&s, 1);
	}
	store_close(&s);
	return 0;
}
