/* utf8.c — UTF-8 decoding and display width; see utf8.h. */
#define _XOPEN_SOURCE 700
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#include <string.h>
#include <wchar.h>

#include "strbuf.h"
#include "utf8.h"

void
utf8_locale(void)
{
	const char *cs;

	if (setlocale(LC_CTYPE, "") != NULL) {
		cs = nl_langinfo(CODESET);
		if (cs && strcmp(cs, "UTF-8") == 0)
			return;
	}
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "C.utf8");
}

int
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	int n;

	if (len == 0)
		return -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return -1;
	}
	if (len < (size_t)n)
		return -1;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return n;
}

size_t
utf8_check(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		int n;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n < 0)
			return i;
		i += (size_t)n;
	}
	return len;
}

int
utf8_unsafe_cp(uint32_t cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F ||
	    (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

size_t
utf8_find_unsafe(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0 || utf8_unsafe_cp(cp))
			return i;
		i += (size_t)n;
	}
	return len;
}

char *
utf8_escape_unsafe(const char *s, size_t len, size_t *outlen)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			sb_addf(&sb, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		if (!utf8_unsafe_cp(cp))
			sb_add(&sb, s + i, (size_t)n);
		else if (cp < 0x100)
			sb_addf(&sb, "\\x%02x", (unsigned)cp);
		else
			sb_addf(&sb, "\\u%04x", (unsigned)cp);
		i += (size_t)n;
	}
	*outlen = sb.len;
	return sb_detach(&sb);
}

void
utf8_add_message(struct strbuf *sb, const char *prefix, const char *msg)
{
	size_t len;
	char *esc = utf8_escape_unsafe(msg, strlen(msg), &len);

	sb_addf(sb, "cstk: %s%s\n", prefix, esc);
	free(esc);
}

void
utf8_print_message(const char *prefix, const char *msg)
{
	struct strbuf sb = STRBUF_INIT;

	utf8_add_message(&sb, prefix, msg);
	fputs(sb.buf, stderr);
	sb_release(&sb);
}

/* East Asian Wide/Fullwidth ranges, for when wcwidth() does not know. */
/* The CJK Unified Ideographs block. */
#define CJK_IDEOGRAPH(c) ((c) >= 0x4E00 && (c) <= 0x9FFF)

static int
wide_fallback(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	    (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    CJK_IDEOGRAPH(c) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x20000 && c <= 0x3FFFD);
}

int
utf8_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7F)
		return 0;
	if (cp < 0x7F)
		return 1;
	if (CJK_IDEOGRAPH(cp))	/* most of a Chinese text: wide in any locale */
		return 2;
	w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	return wide_fallback(cp) ? 2 : 1;
}

size_t
utf8_fit(const char *s, int maxw, int *width)
{
	size_t len = strlen(s), i = 0;
	int w = 0;

	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		int cw;

		if (n < 0) {
			n = 1;
			cw = 1;
		} else {
			cw = utf8_cp_width(cp);
		}
		if (w + cw > maxw)
			break;
		w += cw;
		i += (size_t)n;
	}
	if (width)
		*width = w;
	return i;
}

int
utf8_width(const char *s)
{
	int w;

	utf8_fit(s, 1 << 30, &w);
	return w;
}

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}
