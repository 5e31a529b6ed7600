/* yaml-load.c — a limited, strict YAML loader on libyaml events; see yaml-load.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "strbuf.h"
#include "utf8.h"
#include "yaml-load.h"

struct frame {
	struct ynode *node;
	char *key;		/* map: the key waiting for its value */
	unsigned kline, kcol;
};

/* Line and column (1-based, in characters) of byte offset `off`. */
static void
position(const char *buf, size_t len, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* NUL bytes and malformed UTF-8, which libyaml reports only by offset. */
static const struct error *
check_bytes(const char *buf, size_t len, const char *file)
{
	const char *nul = memchr(buf, '\0', len);
	size_t bad = utf8_check(buf, len);
	unsigned line, col;

	if (nul && (size_t)(nul - buf) < bad) {
		position(buf, len, (size_t)(nul - buf), &line, &col);
		return error_new(ERR_DATA, "%s:%u:%u: NUL byte; a ticket file is UTF-8 text",
		    file, line, col);
	}
	if (bad < len) {
		position(buf, len, bad, &line, &col);
		return error_new(ERR_DATA, "%s:%u:%u: invalid UTF-8 byte 0x%02X; "
		    "save the file as UTF-8", file, line, col, (unsigned char)buf[bad]);
	}
	return NULL;
}

static const struct error *
parser_error(const yaml_parser_t *p, const char *buf, size_t len, const char *file)
{
	unsigned line, col;
	const char *problem = p->problem ? p->problem : "YAML syntax error";

	if (p->error == YAML_READER_ERROR) {
		position(buf, len, p->problem_offset, &line, &col);
	} else {
		line = (unsigned)p->problem_mark.line + 1;
		col = (unsigned)p->problem_mark.column + 1;
	}
	if (p->context)
		return error_new(ERR_DATA, "%s:%u:%u: %s %s", file, line, col,
		    problem, p->context);
	return error_new(ERR_DATA, "%s:%u:%u: %s", file, line, col, problem);
}

/* Order pairs by key, then by position, so the first of equals comes first. */
static int
cmp_pair(const void *a, const void *b)
{
	const struct ypair *x = *(const struct ypair *const *)a;
	const struct ypair *y = *(const struct ypair *const *)b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x < y ? -1 : x > y;
}

/* For large maps: sort pointers to the pairs, report the earliest repeat. */
static const struct ypair *
duplicate_in(const struct ynode *map)
{
	const struct ypair **v = xmalloc(map->nr * sizeof(*v));
	const struct ypair *dup = NULL;

	for (size_t i = 0; i < map->nr; i++)
		v[i] = &map->items[i];
	if (map->nr > 1)
		qsort(v, map->nr, sizeof(*v), cmp_pair);
	for (size_t i = 1; i < map->nr; i++) {
		if (strcmp(v[i - 1]->key, v[i]->key) == 0 && (dup == NULL || v[i] < dup))
			dup = v[i];
	}
	free(v);
	return dup;
}

/* Attach a finished node to the frame on top of the stack (or the root). */
static const struct error *
attach(struct frame *top, struct ynode *n, struct ynode **root, const char *file)
{
	if (top == NULL) {
		*root = n;
		return NULL;
	}
	if (top->node->kind == YNODE_SEQ) {
		ynode_push(top->node, n);
		top->node->items[top->node->nr - 1].line = n->line;
		top->node->items[top->node->nr - 1].col = n->col;
		return NULL;
	}
	if (top->key == NULL) {
		/* n is a key */
		if (n->kind != YNODE_SCALAR) {
			const struct error *err = error_new(ERR_DATA,
			    "%s:%u:%u: a mapping key must be a plain word, not a %s",
			    file, n->line, n->col,
			    n->kind == YNODE_MAP ? "mapping" : "sequence");
			ynode_free(n);
			return err;
		}
		if (top->node->nr <= 16) {
			for (size_t i = 0; i < top->node->nr; i++) {
				if (strcmp(top->node->items[i].key, n->str) == 0) {
					const struct error *err = error_new(ERR_DATA,
					    "%s:%u:%u: duplicate key '%s' (first at line %u)",
					    file, n->line, n->col, n->str,
					    top->node->items[i].line);
					ynode_free(n);
					return err;
				}
			}
		}
		top->key = n->str;
		n->str = NULL;
		top->kline = n->line;
		top->kcol = n->col;
		ynode_free(n);
		return NULL;
	}
	{
		struct ynode *m = top->node;
		struct ypair *p;

		ALLOC_GROW(m->items, m->nr + 1, m->alloc);
		p = &m->items[m->nr++];
		p->key = top->key;
		p->line = top->kline;
		p->col = top->kcol;
		p->val = n;
		top->key = NULL;
	}
	return NULL;
}

const struct error *
yaml_load_buf(const char *buf, size_t len, const char *file, struct ynode **out)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct frame stack[YAML_MAX_DEPTH + 1];
	size_t depth = 0;
	struct ynode *root = NULL;
	const struct error *err = NULL;
	int docs = 0, done = 0;

	*out = NULL;
	if (len > YAML_MAX_FILE)
		return error_new(ERR_DATA, "%s: file is %zu bytes; the limit is %d",
		    file, len, YAML_MAX_FILE);
	if ((err = check_bytes(buf, len, file)) != NULL)
		return err;
	/* A UTF-8 byte order mark, as some Windows editors save, is no part of
	 * the text (libyaml skips it only when it guesses the encoding). */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		buf += 3, len -= 3;
	if (!yaml_parser_initialize(&parser))
		return error_new(ERR_IO, "%s: cannot start the YAML parser", file);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done && err == NULL) {
		unsigned line, col;
		struct ynode *n = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			err = parser_error(&parser, buf, len, file);
			break;
		}
		line = (unsigned)ev.start_mark.line + 1;
		col = (unsigned)ev.start_mark.column + 1;
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
		case YAML_NO_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				err = error_new(ERR_DATA, "%s:%u:%u: a second YAML document; "
				    "a ticket file holds exactly one", file, line, col);
			break;
		case YAML_ALIAS_EVENT:
			err = error_new(ERR_DATA, "%s:%u:%u: YAML alias '*%s' is not allowed; "
			    "write the value out", file, line, col,
			    (const char *)ev.data.alias.anchor);
			break;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.anchor) {
				err = error_new(ERR_DATA, "%s:%u:%u: YAML anchor '&%s' is not "
				    "allowed", file, line, col, (const char *)ev.data.scalar.anchor);
				break;
			}
			if (ev.data.scalar.tag) {
				err = error_new(ERR_DATA, "%s:%u:%u: YAML tag '%s' is not allowed",
				    file, line, col, (const char *)ev.data.scalar.tag);
				break;
			}
			if (ev.data.scalar.length > YAML_MAX_SCALAR) {
				err = error_new(ERR_DATA, "%s:%u:%u: value is %zu bytes; the "
				    "limit is %d", file, line, col, ev.data.scalar.length,
				    YAML_MAX_SCALAR);
				break;
			}
			n = ynode_scalar_n((const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			if (memchr(n->str, '\0', n->len)) {
				err = error_new(ERR_DATA, "%s:%u:%u: value holds a NUL character",
				    file, line, col);
				ynode_free(n);
				break;
			}
			n->line = line;
			n->col = col;
			switch (ev.data.scalar.style) {
			case YAML_PLAIN_SCALAR_STYLE:
				n->style = YSTYLE_PLAIN;
				break;
			case YAML_LITERAL_SCALAR_STYLE:
			case YAML_FOLDED_SCALAR_STYLE:
				n->style = YSTYLE_LITERAL;
				break;
			case YAML_SINGLE_QUOTED_SCALAR_STYLE:
				n->style = YSTYLE_SQUOTED;
				break;
			default:
				n->style = YSTYLE_QUOTED;
				break;
			}
			err = attach(depth ? &stack[depth - 1] : NULL, n, &root, file);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			int is_map = ev.type == YAML_MAPPING_START_EVENT;
			yaml_char_t *anchor = is_map ? ev.data.mapping_start.anchor
			    : ev.data.sequence_start.anchor;
			yaml_char_t *tag = is_map ? ev.data.mapping_start.tag
			    : ev.data.sequence_start.tag;

			if (anchor) {
				err = error_new(ERR_DATA, "%s:%u:%u: YAML anchor '&%s' is not "
				    "allowed", file, line, col, (const char *)anchor);
				break;
			}
			if (tag) {
				err = error_new(ERR_DATA, "%s:%u:%u: YAML tag '%s' is not allowed",
				    file, line, col, (const char *)tag);
				break;
			}
			if (depth >= YAML_MAX_DEPTH) {
				err = error_new(ERR_DATA, "%s:%u:%u: nested deeper than %d levels",
				    file, line, col, YAML_MAX_DEPTH);
				break;
			}
			if (depth == 0 && !is_map) {
				err = error_new(ERR_DATA, "%s:%u:%u: the file should be a mapping "
				    "of keys to values, not a sequence", file, line, col);
				break;
			}
			n = is_map ? ynode_map() : ynode_seq();
			n->line = line;
			n->col = col;
			n->flow = is_map ? ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
			    : ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
			stack[depth].node = n;
			stack[depth].key = NULL;
			depth++;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			struct ynode *m = stack[--depth].node;

			if (m->kind == YNODE_MAP && m->nr > 16) {
				const struct ypair *dup = duplicate_in(m);
				if (dup) {
					err = error_new(ERR_DATA, "%s:%u:%u: duplicate key '%s'",
					    file, dup->line, dup->col, dup->key);
					ynode_free(m);
					break;
				}
			}
			err = attach(depth ? &stack[depth - 1] : NULL, m, &root, file);
			break;
		}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);

	/* Unwind whatever was open when an error stopped us. */
	while (depth > 0) {
		depth--;
		free(stack[depth].key);
		ynode_free(stack[depth].node);
	}
	if (err == NULL && root == NULL)
		err = error_new(ERR_DATA, "%s:1:1: the file is empty; it should be a "
		    "mapping of keys to values", file);
	if (err == NULL && root->kind != YNODE_MAP)
		err = error_new(ERR_DATA, "%s:%u:%u: the file should be a mapping of keys "
		    "to values, not a single value", file, root->line, root->col);
	if (err) {
		ynode_free(root);
		return err;
	}
	*out = root;
	return NULL;
}

const struct error *
yaml_read_file(int dirfd, const char *name, const char *file, char **bufp, size_t *lenp)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return error_new(ERR_NOTFOUND, "'%s' does not exist", file);
		if (errno == ELOOP)
			return error_new(ERR_DATA, "%s: is a symbolic link; cstk does not "
			    "follow links inside the store", file);
		return error_sys("cannot open '%s'", file);
	}
	if (fstat(fd, &st) < 0) {
		close(fd);
		return error_sys("cannot stat '%s'", file);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return error_new(ERR_DATA, "%s: not a regular file", file);
	}
	if (st.st_size > YAML_MAX_FILE) {
		close(fd);
		return error_new(ERR_DATA, "%s: file is %lld bytes; the limit is %d",
		    file, (long long)st.st_size, YAML_MAX_FILE);
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			close(fd);
			return error_sys("cannot read '%s'", file);
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return NULL;
}

const struct error *
yaml_load_file(int dirfd, const char *name, const char *file, struct ynode **out)
{
	const struct error *err;
	char *buf;
	size_t len;

	*out = NULL;
	if ((err = yaml_read_file(dirfd, name, file, &buf, &len)) != NULL)
		return err;
	err = yaml_load_buf(buf, len, file, out);
	free(buf);
	return err;
}
