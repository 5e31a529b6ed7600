/*
 * strbuf.h — a growable, always NUL-terminated byte string, and the
 * allocation helpers everything else uses.
 *
 * Ownership: a strbuf owns `buf`.  sb_release() frees it and leaves an empty
 * buffer that can be used again; sb_detach() hands `buf` to the caller (who
 * then frees it) and leaves the strbuf empty.  STRBUF_INIT needs no release
 * until something has been added.
 *
 * Out of memory is the one failure that does not travel up as an error:
 * xmalloc() and friends print "cstk: out of memory" and abort(), as git does.
 */
#ifndef CSTK_STRBUF_H
#define CSTK_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

void sb_grow(struct strbuf *sb, size_t extra);
void sb_add(struct strbuf *sb, const void *data, size_t len);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, int c);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_reset(struct strbuf *sb);	/* len = 0, keeps the allocation */
void sb_release(struct strbuf *sb);
char *sb_detach(struct strbuf *sb);
/* Never NULL: "" for an empty buffer. */
const char *sb_str(const struct strbuf *sb);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* FNV-1a of a NUL-terminated string, for the small hash tables. */
unsigned str_hash(const char *s);

/* Grow array `x` (with `alloc` slots) so that it holds at least `nr`. */
#define ALLOC_GROW(x, nr, alloc)                                             \
	do {                                                                 \
		if ((nr) > (alloc)) {                                        \
			(alloc) = (alloc) < 8 ? 8 : (alloc) * 2;             \
			if ((alloc) < (nr))                                  \
				(alloc) = (nr);                              \
			(x) = xrealloc((x), (alloc) * sizeof(*(x)));         \
		}                                                            \
	} while (0)

#endif
