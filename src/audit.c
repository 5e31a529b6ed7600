/* audit.c — the record of every --reveal over many tickets; see audit.h. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "audit.h"
#include "clock.h"
#include "cmd.h"
#include "strbuf.h"

const struct error *
audit_hold(struct cmd_ctx *c, struct audit *a)
{
	FILE *fp;

	memset(a, 0, sizeof(*a));
	a->saved = -1;
	if (!(c->cmd->flags & CMD_AUDIT) || !cmd_flag(c, "reveal"))
		return NULL;
	fflush(stdout);
	if ((fp = tmpfile()) == NULL)
		return error_sys("cannot hold the revealed output");
	if ((a->saved = dup(STDOUT_FILENO)) < 0 || dup2(fileno(fp), STDOUT_FILENO) < 0) {
		const struct error *err = error_sys("cannot hold the revealed output");
		if (a->saved >= 0)
			close(a->saved);
		fclose(fp);
		a->saved = -1;
		return err;
	}
	a->fp = fp;
	a->held = 1;
	return NULL;
}

/* One quoted word for the log: printable, no spaces or quotes raw. */
static void
add_word(struct strbuf *sb, const char *s)
{
	sb_addc(sb, ' ');
	if (*s && strpbrk(s, " \t\n\"\\") == NULL) {
		sb_adds(sb, s);
		return;
	}
	sb_addc(sb, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_addc(sb, '\\');
		if (*s == '\n' || *s == '\t')
			sb_adds(sb, *s == '\n' ? "\\n" : "\\t");
		else
			sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}

static const struct error *
append_record(struct cmd_ctx *c, size_t revealed)
{
	struct strbuf line = STRBUF_INIT;
	char at[CLOCK_BUFSZ], *disp;
	const struct passwd *pw = getpwuid(getuid());
	const struct error *err;

	if ((err = cmd_actor(c)) != NULL)
		return err;
	clock_format(&c->now, at);
	sb_addf(&line, "%s by=%s login=%s tickets=%zu cmd=%s args:", at, c->ev.by,
	    pw ? pw->pw_name : "?", revealed, c->cmd->name);
	for (int i = 0; i < c->full_argc; i++)
		add_word(&line, c->full_argv[i]);
	sb_addc(&line, '\n');
	disp = xasprintf("%s/audit.log", c->store.dir);
	err = atomic_append(c->store.dfd, "audit.log", line.buf, line.len, disp);
	if (err)
		err = error_new(err->code, "%s; --reveal needs its record in the audit "
		    "log, so nothing was shown", err->msg);
	free(disp);
	sb_release(&line);
	return err;
}

const struct error *
audit_release(struct cmd_ctx *c, struct audit *a, size_t revealed,
    const struct error *run_err)
{
	const struct error *err = run_err;
	FILE *fp = a->fp;

	if (!a->held)
		return run_err;
	fflush(stdout);
	dup2(a->saved, STDOUT_FILENO);
	close(a->saved);
	a->held = 0;
	if (err == NULL)
		err = append_record(c, revealed);
	if (err == NULL) {
		char buf[65536];
		size_t n;
		rewind(fp);
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			if (fwrite(buf, 1, n, stdout) != n) {
				err = error_sys("cannot write the output");
				break;
			}
	}
	fclose(fp);
	a->fp = NULL;
	return err;
}
