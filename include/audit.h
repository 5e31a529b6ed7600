/*
 * audit.h — DIR/audit.log: every --reveal of a command over many tickets
 * (SPEC §10), one line each: when, the acting agent, the real login, the
 * command and its arguments, and how many tickets it revealed.
 *
 * A command that reveals writes its output into a held buffer; the line
 * is appended (and synced) before the output is released, so whoever
 * cannot write the record gets no revealed output.  `show --reveal`
 * records in the ticket's own history instead.
 */
#ifndef CSTK_AUDIT_H
#define CSTK_AUDIT_H

#include <stddef.h>

#include "error.h"

struct cmd_ctx;

struct audit {
	int held;		/* stdout is redirected into `fp` */
	int saved;		/* the real stdout */
	void *fp;		/* FILE * of the held output */
};

/* Hold stdout if this run reveals (the command's "reveal" flag is set). */
const struct error *audit_hold(struct cmd_ctx *c, struct audit *a);
/*
 * Restore stdout.  When the command succeeded, append the record of
 * `revealed` tickets, then release the held output; when the record
 * cannot be written, the output is dropped and the error returned.
 */
const struct error *audit_release(struct cmd_ctx *c, struct audit *a, size_t revealed,
    const struct error *run_err);

#endif
