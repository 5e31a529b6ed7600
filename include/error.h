/*
 * error.h — errors are values.
 *
 * Every function that can fail returns `const struct error *`: NULL on
 * success, else an error whose message is already formatted.  Messages live
 * in a small per-thread ring, so making an error never allocates and callers
 * never free one.  Only main() prints an error ("cstk: MSG") and maps its
 * code to the exit status (SPEC §5):
 *
 *   ERR_DATA, ERR_IO, ERR_BUSY -> 1   ERR_USAGE -> 2
 *   ERR_REFUSED -> 3                   ERR_NOTFOUND -> 4
 *
 * Wording (git's rules): lower-case start, no final period, the failing
 * thing in quotes, then what would be right.
 */
#ifndef CSTK_ERROR_H
#define CSTK_ERROR_H

enum err_code {
	ERR_DATA = 1,	/* a data file is bad */
	ERR_IO,		/* the system said no */
	ERR_BUSY,	/* the store is locked by another writer for too long */
	ERR_USAGE,	/* bad option, value or missing argument */
	ERR_REFUSED,	/* a lifecycle transition that is not allowed */
	ERR_NOTFOUND,	/* no such ticket */
};

struct error {
	enum err_code code;
	char msg[1024];
};

/*
 * A diagnostics sink: where the problems of many files go (check, walks,
 * the index).  report() gets each "FILE:LINE:COL: message" once; `all`
 * asks for every problem of a bad file, not only the first.
 */
struct diag {
	void (*report)(void *ctx, const char *msg);
	void *ctx;
	int all;
};

const struct error *error_new(enum err_code code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The same, with ": strerror(errno)" appended. */
const struct error *error_sys(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
int error_exit_status(const struct error *err);

#endif
