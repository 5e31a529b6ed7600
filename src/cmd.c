/* cmd.c — option parsing, help and value checks shared by all commands; see cmd.h. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "cmd.h"
#include "git.h"
#include "strbuf.h"
#include "utf8.h"
#include "value.h"


const char *const cmd_global_help = N_(
"global options (before or after the command):\n"
"  -d, --data-dir DIR   the data directory (else $CSTK_DATA, else\n"
"                       $XDG_DATA_HOME/cstk, else ~/.local/share/cstk)\n"
"      --by NAME        who does it (else $CSTK_USER, else $USER)\n"
"      --at TIME        when it happened: RFC 3339, or 'YYYY-MM-DD HH:MM' in the\n"
"                       local offset (default now; $CSTK_NOW overrides now);\n"
"                       not before the ticket's last event, nor in the future\n"
"  -h, --help           show this help\n"
"      --version        print cstk's version\n");

enum { G_DIR = 1000, G_BY, G_AT, G_HELP, G_VERSION };

static size_t
nopts(const struct cmd_entry *e)
{
	size_t n = 0;

	while (e->opts && e->opts[n].name)
		n++;
	return n;
}

static int
opt_index(const struct cmd_ctx *c, const char *name)
{
	for (size_t i = 0; c->cmd->opts && c->cmd->opts[i].name; i++)
		if (strcmp(c->cmd->opts[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *
cmd_opt(const struct cmd_ctx *c, const char *name)
{
	int i = opt_index(c, name);
	return i < 0 ? NULL : c->val[i];
}

int
cmd_flag(const struct cmd_ctx *c, const char *name)
{
	return cmd_opt(c, name) != NULL;
}

const char *const *
cmd_multi(const struct cmd_ctx *c, const char *name, size_t *n)
{
	int i = opt_index(c, name);

	if (i < 0 || c->multi[i] == NULL) {
		*n = 0;
		return NULL;
	}
	*n = c->nmulti[i];
	return c->multi[i];
}

/* Was the token at argv[k] exactly "--name" or "--name=…" (no abbreviation)? */
static int
exact(const char *token, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(token, "--", 2) != 0)
		return 1;	/* a short option */
	return strncmp(token + 2, name, n) == 0 && (token[2 + n] == '\0' ||
	    token[2 + n] == '=');
}

const struct error *
cmd_parse(const struct cmd_entry *e, int argc, char **argv, struct cmd_ctx *ctx)
{
	size_t n = nopts(e);
	struct option *lo = xcalloc(n + 6, sizeof(*lo));
	const struct error *err = NULL;
	int c;

	ctx->cmd = e;
	ctx->val = xcalloc(n + 1, sizeof(*ctx->val));
	ctx->multi = xcalloc(n + 1, sizeof(*ctx->multi));
	ctx->nmulti = xcalloc(n + 1, sizeof(*ctx->nmulti));
	ctx->argv = xcalloc((size_t)argc + 1, sizeof(char *));
	ctx->argc = 0;
	for (size_t i = 0; i < n; i++) {
		lo[i].name = e->opts[i].name;
		lo[i].has_arg = CMD_OPT_OPTIONAL(&e->opts[i]) ? optional_argument :
		    e->opts[i].arg ? required_argument : no_argument;
		lo[i].val = (int)i;
	}
	lo[n + 0] = (struct option){ "data-dir", required_argument, NULL, G_DIR };
	lo[n + 1] = (struct option){ "by", required_argument, NULL, G_BY };
	lo[n + 2] = (struct option){ "at", required_argument, NULL, G_AT };
	lo[n + 3] = (struct option){ "help", no_argument, NULL, G_HELP };
	lo[n + 4] = (struct option){ "version", no_argument, NULL, G_VERSION };

	optind = 0;	/* glibc: start a fresh parse */
	opterr = 0;
	for (;;) {
		int prev = optind ? optind : 1;
		int li = -1;

		c = getopt_long(argc, argv, "+:d:h", lo, &li);
		if (c == -1) {
			if (optind >= argc)
				break;
			if (optind == prev + 1 && strcmp(argv[prev], "--") == 0) {
				while (optind < argc)
					ctx->argv[ctx->argc++] = argv[optind++];
				break;
			}
			ctx->argv[ctx->argc++] = argv[optind++];
			continue;
		}
		if (c == '?') {
			const char *tok = argv[optind - 1];
			if (optopt && strncmp(tok, "--", 2) != 0)
				err = error_new(ERR_USAGE, "unknown option '-%c' for 'cstk %s'; "
				    "see 'cstk %s --help'", optopt, e->name, e->name);
			else
				err = error_new(ERR_USAGE, "unknown option '%s' for 'cstk %s'; "
				    "see 'cstk %s --help'", tok, e->name, e->name);
			break;
		}
		if (c == ':') {
			err = error_new(ERR_USAGE, "option '%s' needs a value; see 'cstk %s "
			    "--help'", argv[optind - 1], e->name);
			break;
		}
		if (li >= 0 && !exact(argv[prev], lo[li].name)) {
			err = error_new(ERR_USAGE, "unknown option '%s' for 'cstk %s' (did you "
			    "mean '--%s'? options are not abbreviated)", argv[prev], e->name,
			    lo[li].name);
			break;
		}
		switch (c) {
		case 'd':
		case G_DIR:
			ctx->data_dir = optarg;
			break;
		case G_BY:
			ctx->by_arg = optarg;
			break;
		case G_AT:
			ctx->at_arg = optarg;
			break;
		case 'h':
		case G_HELP:
			ctx->help = 1;
			break;
		case G_VERSION:
			ctx->version = 1;
			break;
		default: {
			const char *v = optarg ? optarg : "";
			ctx->val[c] = v;
			if (e->opts[c].multi) {
				size_t k = ctx->nmulti[c]++;
				ctx->multi[c] = xrealloc(ctx->multi[c], (k + 2) * sizeof(char *));
				ctx->multi[c][k] = v;
				ctx->multi[c][k + 1] = NULL;
			}
			break;
		}
		}
	}
	free(lo);
	if (err || ctx->help || ctx->version)
		return err;
	if (ctx->argc < e->min_args)
		return error_new(ERR_USAGE, "'cstk %s' needs more arguments; usage: cstk %s %s",
		    e->name, e->name, e->usage);
	if (ctx->argc > e->max_args)
		return error_new(ERR_USAGE, "unexpected argument '%s'; usage: cstk %s %s",
		    ctx->argv[e->max_args], e->name, e->usage);
	return NULL;
}

void
cmd_ctx_release(struct cmd_ctx *ctx)
{
	size_t n = ctx->cmd ? nopts(ctx->cmd) : 0;

	for (size_t i = 0; i < n; i++)
		free(ctx->multi[i]);
	free(ctx->multi);
	free(ctx->nmulti);
	free(ctx->val);
	free(ctx->argv);
}

/*
 * A help text, with each "{set-fields}", "{export-columns}" or
 * "{import-columns}" line replaced by that list from the field table,
 * wrapped and indented: the lists are written once, in ticket.c.
 */
static void
print_help_text(const char *help)
{
	static const struct { const char *mark; enum field_list list; } lists[] = {
		{ "{set-fields}\n", FL_SET },
		{ "{export-columns}\n", FL_EXPORT },
		{ "{import-columns}\n", FL_IMPORT },
	};

	putchar('\n');
	while (*help) {
		const char *nl = strchr(help, '\n');
		size_t len = nl ? (size_t)(nl - help) + 1 : strlen(help), k;

		for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++)
			if (strncmp(help, lists[k].mark, len) == 0 && strlen(lists[k].mark) == len)
				break;
		if (k == sizeof(lists) / sizeof(lists[0])) {
			fwrite(help, 1, len, stdout);
		} else {
			struct strbuf sb = STRBUF_INIT;
			int col = 0;
			field_names(&sb, lists[k].list);
			for (char *w = strtok(sb.buf, " "); w; w = strtok(NULL, " ")) {
				int wl = (int)strlen(w);
				if (col && col + 1 + wl > 72) {
					putchar('\n');
					col = 0;
				}
				col += printf("%s%s", col ? " " : "  ", w);
			}
			putchar('\n');
			sb_release(&sb);
		}
		help += len;
	}
}

/*
 * An option's help with "{priority}" (any list of vocab.h) replaced by the
 * values in force: "urgent normal low (紧急 一般 低优先级)" — the store's
 * own when help was asked inside one.
 */
static void
print_values_in(const char *help)
{
	const char *open, *close;
	const struct enum_def *e = cmd_help_vocab(help, &open, &close);

	if (e == NULL) {
		fputs(help, stdout);
		return;
	}
	printf("%.*s", (int)(open - help), help);
	for (int i = 0; i < e->n; i++)
		printf("%s%s", i ? " " : "", e->v[i].key);
	for (int i = 0; i < e->n; i++)
		printf("%s%s", i ? " " : " (", e->v[i].label ? e->v[i].label : e->v[i].key);
	fputs(e->n ? ")" : "any text, until cstk.yaml lists modules", stdout);
	fputs(close + 1, stdout);
}

const struct enum_def *
cmd_help_vocab(const char *help, const char **open, const char **close)
{
	*open = strchr(help, '{');
	*close = *open ? strchr(*open, '}') : NULL;
	for (int id = 0; *close && id < V_COUNT; id++) {
		const struct enum_def *e = vocab((enum vocab_id)id);
		if (strlen(e->name) == (size_t)(*close - *open - 1) &&
		    strncmp(e->name, *open + 1, (size_t)(*close - *open - 1)) == 0)
			return e;
	}
	return NULL;
}

void
cmd_print_help(const struct cmd_entry *e)
{
	size_t n = nopts(e);

	printf("%s cstk %s %s\n\n%s\n", _("usage:"), e->name, e->usage, _(e->summary));
	if (e->help && *e->help)
		print_help_text(_(e->help));
	if (n)
		printf("\n%s\n", _("options:"));
	for (size_t i = 0; i < n; i++) {
		char left[64];
		snprintf(left, sizeof(left), "--%s%s%s", e->opts[i].name,
		    e->opts[i].arg && !CMD_OPT_OPTIONAL(&e->opts[i]) ? " " : "",
		    e->opts[i].arg ? e->opts[i].arg : "");
		printf("  %-22s ", left);
		print_values_in(_(e->opts[i].help));
		putchar('\n');
	}
	printf("\n%s", _(cmd_global_help));
}

/* ---- values ---- */

const struct error *
cmd_link_target(struct cmd_ctx *c, const struct ticket *t, const char *other)
{
	const struct error *err;

	if ((err = store_check_id(other)) != NULL)
		return err;
	if (strcmp(other, ticket_str(t, F_ID)) == 0)
		return error_new(ERR_USAGE, "ticket '%s' cannot be linked to itself", other);
	if (!store_id_exists(&c->store, other))
		return error_new(ERR_NOTFOUND, "no ticket '%s' in '%s' to link to", other,
		    c->store.dir);
	return NULL;
}

const struct error *
cmd_load_ticket(struct cmd_ctx *c, struct ticket *t)
{
	const struct error *err = store_load(&c->store, c->argv[0], t);
	const struct ynode *h;
	const char *at = NULL;	/* the last event's time, when it has one */
	struct ctime last, created;
	char buf[CLOCK_BUFSZ];

	if (err)
		return err;
	h = ynode_get(t->root, "history");
	if (h && h->kind == YNODE_SEQ && h->nr &&
	    (at = ynode_get_str(h->items[h->nr - 1].val, "at")) != NULL && clock_parse(at, &last))
		at = NULL;
	if (c->at_arg == NULL) {
		/* "Now", but not before a last event that an --at or a clock up
		 * to CLOCK_AHEAD ahead of this one wrote: the history stays in
		 * order.  (Further ahead is a clock to fix; now is recorded.) */
		if (at && last.t > c->ev.at.t && last.t <= c->ev.at.t + CLOCK_AHEAD)
			c->ev.at.t = last.t;
		return NULL;
	}
	if (ticket_time(t, F_CREATED, &created) == 0 && c->ev.at.t < created.t) {
		clock_format(&c->ev.at, buf);
		return error_new(ERR_USAGE, "--at %s is before ticket '%s' was created (%s)",
		    buf, ticket_str(t, F_ID), ticket_str(t, F_CREATED));
	}
	if (at && c->ev.at.t < last.t) {
		clock_format(&c->ev.at, buf);
		return error_new(ERR_USAGE, "--at %s is before the last event of ticket "
		    "'%s' (%s); events are recorded in the order they happened",
		    buf, ticket_str(t, F_ID), at);
	}
	return NULL;
}

const struct error *
cmd_enum(const struct cmd_ctx *c, const char *name, const struct enum_def *e,
    const char **out)
{
	const char *v = cmd_opt(c, name);
	struct strbuf sb = STRBUF_INIT;
	const struct error *err;

	*out = NULL;
	if (v == NULL)
		return NULL;
	if ((*out = enum_parse(e, v)) != NULL)
		return NULL;
	if (e->open && e->n == 0)	/* module: free text until listed */
		return cmd_line(c, name, out);
	enum_describe(e, &sb);
	err = error_new(ERR_USAGE, "--%s '%s' is not a %s; use one of %s", name, v,
	    e->name, sb.buf);
	sb_release(&sb);
	return err;
}

const struct error *
cmd_text(const struct cmd_ctx *c, const char *name, int stdin_ok, const char **out,
    char **owned)
{
	const char *v = cmd_opt(c, name);
	char what[64];

	*owned = NULL;
	*out = v;
	if (v == NULL)
		return NULL;
	snprintf(what, sizeof(what), "--%s", name);
	if (stdin_ok && strcmp(v, "-") == 0) {
		struct strbuf sb = STRBUF_INIT;
		char buf[8192];
		size_t n;

		while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
			sb_add(&sb, buf, n);
			if (sb.len > VALUE_MAX_TEXT)
				break;
		}
		if (ferror(stdin)) {
			sb_release(&sb);
			return error_sys("cannot read %s from standard input", what);
		}
		/* One trailing newline is the end of the input, not the text. */
		if (sb.len && sb.buf[sb.len - 1] == '\n')
			sb.buf[--sb.len] = '\0';
		if (memchr(sb_str(&sb), '\0', sb.len)) {
			sb_release(&sb);
			return error_new(ERR_USAGE, "%s from standard input holds a NUL byte",
			    what);
		}
		*owned = sb_detach(&sb);
		*out = *owned;
	}
	{
		const struct error *err = value_text(what, *out, strlen(*out), 1);
		if (err) {
			free(*owned);
			*owned = NULL;
			*out = NULL;
		}
		return err;
	}
}

const struct error *
cmd_line(const struct cmd_ctx *c, const char *name, const char **out)
{
	const char *v = cmd_opt(c, name);
	char what[64];

	*out = v;
	if (v == NULL)
		return NULL;
	snprintf(what, sizeof(what), "--%s", name);
	if (*v == '\0')
		return error_new(ERR_USAGE, "%s is empty", what);
	return value_text(what, v, strlen(v), 0);
}

/*
 * A git store commits each write: "cstk close CS-…-0001: resolved (zhang)",
 * author the agent.  The write itself is done; if the commit fails, say
 * so, and `cstk sync` commits it later.
 */
const struct error *
cmd_commit(struct cmd_ctx *c)
{
	struct store *s = &c->store;
	const struct error *err;
	char *msg;

	if (s->nsaved == 1)
		msg = xasprintf("cstk %s %s: %s (%s)", c->cmd->name, s->last_id,
		    s->last_status, c->ev.by);
	else if (s->nsaved > 1)
		msg = xasprintf("cstk %s: %zu tickets (%s)", c->cmd->name, s->nsaved,
		    c->ev.by);
	else
		msg = xasprintf("cstk %s: finished an interrupted write (%s)", c->cmd->name,
		    c->ev.by);
	err = git_commit(s, c->ev.by, &c->now, msg);
	free(msg);
	if (err)
		return error_new(err->code, _("%s; the change is saved but not committed: "
		    "'cstk sync' commits it"), err->msg);
	return NULL;
}

/*
 * The actor: --by, else $CSTK_USER, else the agent the Unix login acts as
 * (agents: in cstk.yaml), else $USER.  In a shared store the login is the
 * real one, not $USER, and an actor who is not the login's agent is
 * recorded with the login that acted (SPEC §11).
 */
const struct error *
cmd_actor(struct cmd_ctx *c)
{
	static char login[256];
	const struct passwd *pw = getpwuid(geteuid());
	const char *by = c->by_arg, *mine = NULL;
	const struct error *err;

	if (pw && strlen(pw->pw_name) < sizeof(login)) {
		strcpy(login, pw->pw_name);
		mine = c->store.dir ? policy_agent_of(&c->store.policy, login) : NULL;
		if (mine == NULL && c->store.shared)
			mine = login;
	}
	if (by == NULL || *by == '\0')
		by = getenv("CSTK_USER");
	if (by == NULL || *by == '\0')
		by = mine;
	if (by == NULL || *by == '\0')
		by = getenv("USER");
	if (by == NULL || *by == '\0')
		return error_new(ERR_USAGE, _("who is doing this? give --by NAME or set "
		    "CSTK_USER"));
	if ((err = value_text("--by", by, strlen(by), 0)) != NULL)
		return err;
	if (strlen(by) > 64)
		return error_new(ERR_USAGE, "--by '%s' is longer than 64 bytes", by);
	c->ev.by = by;
	c->ev.login = c->store.shared && mine && strcmp(by, mine) != 0 ? login : NULL;
	return NULL;
}

