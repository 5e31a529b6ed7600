/* csv-io.c — CSV and TSV output; see csv-io.h. */
#include <csv.h>
#include <string.h>

#include "csv-io.h"

int
csvio_needs_guard(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

void
csvio_field(struct strbuf *sb, const char *s, int first)
{
	struct strbuf src = STRBUF_INIT;
	size_t need;

	if (!first)
		sb_addc(sb, ',');
	if (s == NULL || *s == '\0')
		return;
	if (csvio_needs_guard(s))
		sb_addc(&src, '\'');
	sb_adds(&src, s);
	/* Quote only when the field needs it, so plain values stay plain. */
	if (strpbrk(src.buf, ",\"\r\n") == NULL && src.buf[0] != ' ' &&
	    src.buf[src.len - 1] != ' ') {
		sb_add(sb, src.buf, src.len);
		sb_release(&src);
		return;
	}
	need = csv_write(NULL, 0, src.buf, src.len);
	sb_grow(sb, need);
	csv_write(sb->buf + sb->len, need, src.buf, src.len);
	sb->len += need;
	sb->buf[sb->len] = '\0';
	sb_release(&src);
}

void
tsvio_field(struct strbuf *sb, const char *s, int first)
{
	if (!first)
		sb_addc(sb, '\t');
	for (; s && *s; s++)
		sb_addc(sb, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}
