/* main.c — the command table, global options, and the one place that exits. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "audit.h"
#include "cmd.h"
#include "i18n.h"
#include "strbuf.h"
#include "utf8.h"

extern const struct cmd_entry cmd_init, cmd_open, cmd_classify, cmd_assign, cmd_export,
    cmd_import, cmd_report,
    cmd_update, cmd_close, cmd_revisit, cmd_show, cmd_list, cmd_check, cmd_why,
    cmd_agenda, cmd_reopen, cmd_sync, cmd_clone, cmd_merge_file;

/* In the order `cstk --help` shows them: the lifecycle, then the rest. */
static const struct cmd_entry *const commands[] = {
	&cmd_open, &cmd_classify, &cmd_assign, &cmd_update, &cmd_close, &cmd_revisit,
	&cmd_reopen, &cmd_agenda, &cmd_show, &cmd_why, &cmd_list, &cmd_report, &cmd_export, &cmd_import,
	&cmd_init,
	&cmd_check,
	&cmd_clone, &cmd_sync, &cmd_merge_file,
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
main_help(FILE *fp)
{
	fprintf(fp, "%s", _("usage: cstk [-d DIR] [--by NAME] [--at TIME] COMMAND [ARGS]\n\n"
	    "cstk — a terminal ticket tracker for customer-service teams.\n\n"
	    "commands:\n"));
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-10s %s\n", commands[i]->name, _(commands[i]->summary));
	fprintf(fp, "\n%s\n%s", _(cmd_global_help), _("'cstk COMMAND --help' describes a "
	    "command; man cstk has everything.\n"));
}

static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d[32][32];

	if (la >= 32 || lb >= 32)
		return 99;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
			d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
	return d[la][lb];
}

static const struct error *
unknown_command(const char *name)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < NCOMMANDS; i++) {
		size_t d = distance(name, commands[i]->name);
		if (d < bestd || (strncmp(name, commands[i]->name, strlen(name)) == 0 &&
		    strlen(name) >= 2 && best == NULL)) {
			bestd = d;
			best = commands[i]->name;
		}
	}
	if (best)
		return error_new(ERR_USAGE, "'%s' is not a cstk command; did you mean "
		    "'%s'? (see 'cstk --help')", name, best);
	return error_new(ERR_USAGE, "'%s' is not a cstk command; see 'cstk --help'", name);
}

static const struct error *
run(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option globals[] = {
		{ "data-dir", required_argument, NULL, 'd' },
		{ "by", required_argument, NULL, 'b' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd_entry *e = NULL;
	const struct error *err;
	const char *dir = NULL, *by = NULL, *at = NULL;
	char *path = NULL;
	int c, help = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:d:h", globals, NULL)) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'b':
			by = optarg;
			break;
		case 'a':
			at = optarg;
			break;
		case 'h':
			help = 1;
			break;
		case 'V':
			printf("cstk %s\n", CSTK_VERSION);
			return NULL;
		case ':':
			return error_new(ERR_USAGE, "option '%s' needs a value",
			    argv[optind - 1]);
		default:
			return error_new(ERR_USAGE, "unknown option '%s'; see 'cstk --help'",
			    argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		if (help) {
			main_help(stdout);
			return NULL;
		}
		return error_new(ERR_USAGE, "no command given; usage: cstk [-d DIR] [--by "
		    "NAME] [--at TIME] COMMAND [ARGS]; see 'cstk --help'");
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[optind], commands[i]->name) == 0)
			e = commands[i];
	if (e == NULL)
		return unknown_command(argv[optind]);

	if ((err = cmd_parse(e, argc - optind, argv + optind, ctx)) != NULL)
		return err;
	if (ctx->version) {
		printf("cstk %s\n", CSTK_VERSION);
		return NULL;
	}
	if (ctx->help || help) {
		/* The values a store's cstk.yaml lists, when there is one. */
		if (store_locate(ctx->data_dir ? ctx->data_dir : dir, &path) == NULL &&
		    path && store_open(&ctx->store, path) == NULL &&
		    ctx->store.policy.display != DISPLAY_LOCALE)
			vocab_show_labels(ctx->store.policy.display == DISPLAY_LABELS);
		free(path);
		cmd_print_help(e);
		return NULL;
	}
	if (ctx->data_dir == NULL)
		ctx->data_dir = dir;
	if (ctx->by_arg == NULL)
		ctx->by_arg = by;
	if (ctx->at_arg == NULL)
		ctx->at_arg = at;
	if ((err = clock_now(&ctx->now)) != NULL)
		return err;
	ctx->ev.at = ctx->now;
	if (ctx->at_arg && (err = clock_arg("--at", ctx->at_arg, &ctx->now, &ctx->ev.at)))
		return err;
	if (ctx->at_arg && ctx->ev.at.t > ctx->now.t + CLOCK_AHEAD) {
		char now[CLOCK_BUFSZ];
		clock_format(&ctx->now, now);
		return error_new(ERR_USAGE, "--at '%s' is in the future (now is %s); an "
		    "event is recorded when it happened", ctx->at_arg, now);
	}
	if (e->flags & CMD_STORE) {
		if ((err = store_locate(ctx->data_dir, &path)) != NULL)
			return err;
		err = store_open(&ctx->store, path);
		free(path);
		if (err)
			return err;
		if (ctx->store.policy.display != DISPLAY_LOCALE)
			vocab_show_labels(ctx->store.policy.display == DISPLAY_LABELS);
		/* Who acts depends on the store: a shared one knows its logins. */
		if ((e->flags & CMD_LOCK) && ((err = cmd_actor(ctx)) != NULL ||
		    (err = store_lock(&ctx->store)) != NULL))
			return err;
	}
	{
		struct audit a;
		if ((err = audit_hold(ctx, &a)) != NULL)
			return err;
		err = e->run(ctx);
		if (err == NULL && ctx->store.git && ctx->store.changed.len)
			err = cmd_commit(ctx);
		return audit_release(ctx, &a, ctx->revealed, err);
	}
}

int
main(int argc, char **argv)
{
	struct cmd_ctx ctx = { 0 };
	const struct error *err;

	ctx.store = (struct store)STORE_INIT;
	utf8_locale();
	i18n_init();
	vocab_show_labels(i18n_chinese());
	if (argc > 1 && strcmp(argv[1], "__complete") == 0)
		return complete_main(commands, NCOMMANDS, argc - 2, argv + 2);
	atomic_signals();
	err = atomic_fail_from_env();
	ctx.full_argc = argc - 1;
	ctx.full_argv = argv + 1;
	if (err == NULL)
		err = run(argc, argv, &ctx);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (err == NULL)
			err = error_sys("cannot write the output");
	}
	store_close(&ctx.store);
	cmd_ctx_release(&ctx);
	if (err) {
		/* A message may quote a file or an argument: never raw controls. */
		utf8_print_message("", err->msg);
		return error_exit_status(err);
	}
	return 0;
}
