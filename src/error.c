/* error.c — formatted errors in a static ring; see error.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "i18n.h"

#define RING 8
/* Per thread: workers of store_map() make errors too. */
static _Thread_local struct error ring[RING];
static _Thread_local unsigned next;

static struct error *
slot(enum err_code code)
{
	struct error *e = &ring[next++ % RING];
	e->code = code;
	e->msg[0] = '\0';
	return e;
}

const struct error *
error_new(enum err_code code, const char *fmt, ...)
{
	struct error *e = slot(code);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), gettext(fmt), ap);
	va_end(ap);
	return e;
}

const struct error *
error_sys(const char *fmt, ...)
{
	int saved = errno;
	struct error *e = slot(ERR_IO);
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), gettext(fmt), ap);
	va_end(ap);
	n = strlen(e->msg);
	snprintf(e->msg + n, sizeof(e->msg) - n, ": %s", strerror(saved));
	return e;
}

int
error_exit_status(const struct error *err)
{
	if (err == NULL)
		return 0;
	switch (err->code) {
	case ERR_USAGE:
		return 2;
	case ERR_REFUSED:
		return 3;
	case ERR_NOTFOUND:
		return 4;
	case ERR_DATA:
	case ERR_IO:
	case ERR_BUSY:
		break;
	}
	return 1;
}
