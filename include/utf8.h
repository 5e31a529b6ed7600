/*
 * utf8.h — strict UTF-8 decoding and terminal display width.
 *
 * Width comes from wcwidth(3) in a UTF-8 LC_CTYPE (utf8_locale() selects the
 * user's locale, or C.UTF-8 when the user's is not UTF-8): CJK counts two
 * columns, combining marks none.
 */
#ifndef CSTK_UTF8_H
#define CSTK_UTF8_H

#include <stddef.h>
#include <stdint.h>

void utf8_locale(void);
/* Bytes of one code point at s (1..4), or -1 when not well-formed. */
int utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Offset of the first byte that is not well-formed UTF-8, or len. */
size_t utf8_check(const char *s, size_t len);
int utf8_cp_width(uint32_t cp);
/* Display width of a NUL-terminated string (invalid bytes count one). */
int utf8_width(const char *s);
/* Longest prefix of s (in bytes) whose width is at most maxw. */
size_t utf8_fit(const char *s, int maxw, int *width);
/*
 * Characters that must not reach a terminal raw (SPEC §8): C0 controls but
 * tab and newline, DEL, C1 controls, and the bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069).
 */
int utf8_unsafe_cp(uint32_t cp);
/* Offset of the first unsafe character in s (or of a byte that is not
 * UTF-8), or len when there is none. */
size_t utf8_find_unsafe(const char *s, size_t len);
/* s with every unsafe character (and invalid byte) written as a visible
 * escape: \x1b for C0/C1/DEL bytes, \u202e for the others.  Caller frees. */
char *utf8_escape_unsafe(const char *s, size_t len, size_t *outlen);
/* Append "cstk: PREFIX MSG\n" to `sb` with MSG escaped as above: how every
 * error and warning reaches stderr. */
struct strbuf;
void utf8_add_message(struct strbuf *sb, const char *prefix, const char *msg);
/* The same, written to stderr. */
void utf8_print_message(const char *prefix, const char *msg);
/* Number of code points in s. */
size_t utf8_chars(const char *s);

#endif
