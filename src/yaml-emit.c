/* yaml-emit.c — ynode tree to YAML text through libyaml; see yaml-emit.h. */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "yaml-emit.h"

int
yaml_plain_ambiguous(const char *s)
{
	static const char *words[] = {
		"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
		".inf", "-.inf", "+.inf", ".nan", "=", "<<",
	};
	size_t n = strlen(s);

	if (n == 0)
		return 1;
	/* The words are 5 bytes at most: most text is past them at once. */
	for (size_t i = 0; n <= 5 && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	/* Anything number-like: digits with signs, dots, exponents, radix. */
	if (isdigit((unsigned char)s[0]) || ((s[0] == '-' || s[0] == '+' || s[0] == '.') &&
	    n > 1 && (isdigit((unsigned char)s[1]) || s[1] == '.'))) {
		for (size_t i = 0; i < n; i++)
			if (!strchr("0123456789+-._:eExXoObBabcdefABCDEF", s[i]))
				return 0;
		return 1;
	}
	return 0;
}

static int
write_sb(void *data, unsigned char *buf, size_t size)
{
	sb_add(data, buf, size);
	return 1;
}

static int
emit_scalar(yaml_emitter_t *e, const struct ynode *n)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
	int plain_ok = 1;

	switch (n->style) {
	case YSTYLE_PLAIN:
		break;
	case YSTYLE_QUOTED:
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		plain_ok = 0;
		break;
	case YSTYLE_SQUOTED:
		style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
		plain_ok = 0;
		break;
	case YSTYLE_LITERAL:
	case YSTYLE_AUTO:
		if (strchr(n->str, '\n'))
			style = YAML_LITERAL_SCALAR_STYLE;
		else if (yaml_plain_ambiguous(n->str)) {
			style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
			plain_ok = 0;
		}
		break;
	}
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)n->str,
	    (int)n->len, plain_ok, 1, style))
		return 0;
	return yaml_emitter_emit(e, &ev);
}

static int
emit_node(yaml_emitter_t *e, const struct ynode *n)
{
	yaml_event_t ev;

	switch (n->kind) {
	case YNODE_SCALAR:
		return emit_scalar(e, n);
	case YNODE_MAP:
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    n->flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE) ||
		    !yaml_emitter_emit(e, &ev))
			return 0;
		for (size_t i = 0; i < n->nr; i++) {
			struct ynode key = { 0 };

			key.kind = YNODE_SCALAR;
			key.str = n->items[i].key;
			key.len = strlen(key.str);
			key.style = YSTYLE_AUTO;
			if (!emit_scalar(e, &key) || !emit_node(e, n->items[i].val))
				return 0;
		}
		if (!yaml_mapping_end_event_initialize(&ev))
			return 0;
		return yaml_emitter_emit(e, &ev);
	case YNODE_SEQ:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    n->flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE) ||
		    !yaml_emitter_emit(e, &ev))
			return 0;
		for (size_t i = 0; i < n->nr; i++)
			if (!emit_node(e, n->items[i].val))
				return 0;
		if (!yaml_sequence_end_event_initialize(&ev))
			return 0;
		return yaml_emitter_emit(e, &ev);
	}
	return 0;
}

const struct error *
yaml_emit(const struct ynode *root, struct strbuf *out)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	int ok;

	if (!yaml_emitter_initialize(&e))
		return error_new(ERR_IO, "cannot start the YAML emitter");
	yaml_emitter_set_output(&e, write_sb, out);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_break(&e, YAML_LN_BREAK);
	yaml_emitter_set_indent(&e, 2);
	ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
	    yaml_emitter_emit(&e, &ev) &&
	    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) &&
	    yaml_emitter_emit(&e, &ev) &&
	    emit_node(&e, root) &&
	    yaml_document_end_event_initialize(&ev, 1) &&
	    yaml_emitter_emit(&e, &ev) &&
	    yaml_stream_end_event_initialize(&ev) &&
	    yaml_emitter_emit(&e, &ev);
	if (!ok) {
		const struct error *err = error_new(ERR_DATA, "cannot write YAML: %s",
		    e.problem ? e.problem : "emitter failed");
		yaml_emitter_delete(&e);
		return err;
	}
	yaml_emitter_delete(&e);
	return NULL;
}
