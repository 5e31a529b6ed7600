/* value.c — checking a value for a ticket field; see value.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "strbuf.h"
#include "utf8.h"
#include "value.h"

const struct error *
value_text(const char *what, const char *s, size_t len, int multiline)
{
	size_t bad = utf8_check(s, len);

	if (bad < len)
		return error_new(ERR_USAGE, "%s is not valid UTF-8 (byte %zu); use UTF-8 "
		    "text", what, bad + 1);
	if (len > VALUE_MAX_TEXT)
		return error_new(ERR_USAGE, "%s is %zu bytes; the limit is %d", what, len,
		    VALUE_MAX_TEXT);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\n' && !multiline)
			return error_new(ERR_USAGE, "%s must be one line", what);
		if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7F)
			return error_new(ERR_USAGE, "%s holds a control character (0x%02X)",
			    what, ch);
	}
	if ((bad = utf8_find_unsafe(s, len)) < len) {
		uint32_t cp = 0;
		utf8_decode(s + bad, len - bad, &cp);
		return error_new(ERR_USAGE, "%s holds U+%04X, a control or bidirectional-"
		    "override character that could disguise text on a terminal; remove it",
		    what, (unsigned)cp);
	}
	return NULL;
}

const struct error *
value_for_field(const struct field *f, const char *what, const char *value, char **canon)
{
	const struct error *err;
	struct ctime ct;

	*canon = NULL;
	switch (f->type) {
	case FT_ENUM: {
		const char *en = enum_parse(vocab(f->voc), value);
		struct strbuf sb = STRBUF_INIT;

		if (en == NULL && vocab(f->voc)->open && vocab(f->voc)->n == 0)
			goto text;	/* module: free text until the team lists them */
		if (en) {
			*canon = xstrdup(en);
			return NULL;
		}
		enum_describe(vocab(f->voc), &sb);
		err = error_new(ERR_USAGE, "%s '%s' is not a %s; use one of %s", what,
		    value, vocab(f->voc)->name, sb.buf);
		sb_release(&sb);
		return err;
	}
	case FT_TIME:
		if ((err = clock_arg_rfc3339(what, value, &ct)) != NULL)
			return err;
		break;
	case FT_INT:
		if (value[0] == '\0' || strspn(value, "0123456789") != strlen(value) ||
		    strlen(value) > 9)
			return error_new(ERR_USAGE, "%s '%s' is not a whole number", what, value);
		break;
	case FT_STR:
	text:
		if ((err = value_text(what, value, strlen(value), 0)) != NULL)
			return err;
		if (strlen(value) > 1024)
			return error_new(ERR_USAGE, "%s is longer than 1024 bytes", what);
		if (f == &fields[F_CUST_PHONE] &&
		    (strspn(value, "0123456789+-() ") != strlen(value) ||
		     strcspn(value, "0123456789") == strlen(value)))
			return error_new(ERR_USAGE, "%s '%s' is not a phone number; use "
			    "digits, spaces and + - ( )", what, value);
		if (f == &fields[F_CUST_EMAIL] && (strchr(value, '@') == NULL ||
		    value[0] == '@' || strchr(value, ' ')))
			return error_new(ERR_USAGE, "%s '%s' is not an e-mail address like "
			    "name@example.com", what, value);
		break;
	case FT_TEXT:
		if ((err = value_text(what, value, strlen(value), 1)) != NULL)
			return err;
		break;
	case FT_IDS: {
		struct strbuf sb = STRBUF_INIT;
		char *copy = xstrdup(value), *save = NULL;
		for (char *w = strtok_r(copy, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
			if (!ticket_id_valid(w)) {
				err = error_new(ERR_USAGE, "%s '%s' is not a ticket ID like "
				    "CS-20261122-0001", what, w);
				free(copy);
				sb_release(&sb);
				return err;
			}
			sb_addf(&sb, "%s%s", sb.len ? " " : "", w);
		}
		free(copy);
		*canon = sb_detach(&sb);
		return NULL;
	}
	case FT_ID:
	case FT_MAP:
	case FT_HISTORY:
		return error_new(ERR_USAGE, "%s cannot be set", what);
	}
	*canon = xstrdup(value);
	return NULL;
}
