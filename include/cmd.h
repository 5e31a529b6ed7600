/*
 * cmd.h — the command table and what a command gets to run.
 *
 * Adding a command (the whole checklist):
 *   1. src/cmd-NAME.c defines `const struct cmd_entry cmd_NAME` with its
 *      usage line, summary, help text, options and flags;
 *   2. add it to the table in src/main.c (alphabetical within its group);
 *   3. document it in man/cstk.1 and README.md;
 *   4. tests: tests/cli/test-NAME.sh, every refusal and bad input with its
 *      exit code and message (tests/cli/test-help.sh checks that every
 *      command answers --help and is in the man page).
 *
 * The dispatcher (cmd.c) parses every option from the entry's table, the
 * global options anywhere on the line, checks the number of arguments,
 * answers --help from the entry, opens the store (CMD_STORE) and takes the
 * writer lock before anything is read (CMD_LOCK).  A command only reads
 * its options with cmd_opt()/cmd_flag()/cmd_multi() and does its work.
 */
#ifndef CSTK_CMD_H
#define CSTK_CMD_H

#include <stddef.h>

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "lifecycle.h"
#include "store.h"
#include "vocab.h"

struct cmd_opt {
	const char *name;	/* long name, without "--" */
	const char *arg;	/* argument name for help ("TEXT"), NULL: a flag;
				 * "[=GROUP]": a value that may follow as
				 * --opt=GROUP, else the option is ""  */
	int multi;		/* may be given more than once */
	const char *help;
};

/* CMD_AUDIT: its --reveal is recorded in DIR/audit.log (audit.h), and the
 * command sets cmd_ctx.revealed to the number of tickets it revealed. */
enum cmd_flag { CMD_STORE = 1, CMD_LOCK = 2, CMD_AUDIT = 4 };

struct cmd_ctx;

struct cmd_entry {
	const char *name;
	const char *usage;	/* what follows "cstk NAME " */
	const char *summary;	/* one line, for `cstk --help` */
	const char *help;	/* a paragraph, for `cstk NAME --help` */
	unsigned flags;
	int min_args, max_args;
	const struct cmd_opt *opts;	/* ends with { NULL } */
	const struct error *(*run)(struct cmd_ctx *ctx);
};

struct cmd_ctx {
	const struct cmd_entry *cmd;
	const char *data_dir;	/* -d */
	const char *by_arg;	/* --by */
	const char *at_arg;	/* --at */
	int help;
	int version;		/* --version after the command */
	struct ctime now;
	struct event ev;	/* who (--by, $CSTK_USER, $USER) and when (--at/now) */
	struct store store;
	int argc;		/* positional arguments */
	char **argv;
	const char **val;	/* per option: last value, "" for a flag */
	const char ***multi;	/* per option: every value, NULL-terminated */
	size_t *nmulti;
	size_t revealed;	/* CMD_AUDIT: tickets shown unmasked */
	int full_argc;		/* the whole command line, for the audit log */
	char **full_argv;
};

/* Does the option's value follow only as --opt=VALUE (if at all)? */
#define CMD_OPT_OPTIONAL(o) ((o)->arg && (o)->arg[0] == '[')

/* Commit what the command wrote, in a git store (git.h). */
const struct error *cmd_commit(struct cmd_ctx *c);

/* The list of vocab.h an option's help names as "{priority}", with where
 * the mark opens and closes in `help`; NULL when it names none. */
const struct enum_def *cmd_help_vocab(const char *help, const char **open,
    const char **close);

/* `cstk __complete WORD...` (complete.c): the shell completion's
 * candidates for the last word, one a line. */
int complete_main(const struct cmd_entry *const *cmds, size_t ncmds, int argc, char **argv);

/* The global options' help, shared by every `--help`. */
extern const char *const cmd_global_help;

const struct error *cmd_parse(const struct cmd_entry *e, int argc, char **argv,
    struct cmd_ctx *ctx);
void cmd_ctx_release(struct cmd_ctx *ctx);
void cmd_print_help(const struct cmd_entry *e);

const char *cmd_opt(const struct cmd_ctx *c, const char *name);
int cmd_flag(const struct cmd_ctx *c, const char *name);
const char *const *cmd_multi(const struct cmd_ctx *c, const char *name, size_t *n);

/* Option value helpers: each gives an ERR_USAGE naming the option. */
const struct error *cmd_enum(const struct cmd_ctx *c, const char *name,
    const struct enum_def *e, const char **out);
/* Free text: well-formed UTF-8, at most 64 KiB; "-" reads stdin when
 * `stdin_ok`.  *out is owned by the caller when *owned is set. */
const struct error *cmd_text(const struct cmd_ctx *c, const char *name, int stdin_ok,
    const char **out, char **owned);
/* A one-line value (no newline). */
const struct error *cmd_line(const struct cmd_ctx *c, const char *name, const char **out);
/* Load the ticket named by the first argument for an event at c->ev.at:
 * with --at, refused (ERR_USAGE) when that is before the ticket's creation
 * or its last event (SPEC §10: times must be possible); without it, moved
 * up to a last event at most CLOCK_AHEAD ahead, so the history stays in
 * order. */
const struct error *cmd_load_ticket(struct cmd_ctx *c, struct ticket *t);
/* A ticket `t` is to be linked to (--duplicate-of, --related): a valid ID
 * of another ticket in the store (ERR_NOTFOUND when there is none). */
const struct error *cmd_link_target(struct cmd_ctx *c, const struct ticket *t,
    const char *other);
/* The actor; ERR_USAGE when no --by, $CSTK_USER or $USER. */
const struct error *cmd_actor(struct cmd_ctx *c);

#endif
