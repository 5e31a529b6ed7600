/* ynode.c — the YAML tree; see ynode.h. */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "utf8.h"
#include "ynode.h"

static struct ynode *
node_new(enum ynode_kind kind)
{
	struct ynode *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	return n;
}

struct ynode *
ynode_scalar_n(const char *s, size_t len)
{
	struct ynode *n = node_new(YNODE_SCALAR);
	n->str = xstrndup(s, len);
	n->len = len;
	return n;
}

struct ynode *
ynode_scalar(const char *s)
{
	return ynode_scalar_n(s, strlen(s));
}

struct ynode *
ynode_map(void)
{
	return node_new(YNODE_MAP);
}

struct ynode *
ynode_seq(void)
{
	return node_new(YNODE_SEQ);
}

void
ynode_free(struct ynode *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nr; i++) {
		free(n->items[i].key);
		ynode_free(n->items[i].val);
	}
	free(n->items);
	free(n->str);
	free(n);
}

void
ynode_block(struct ynode *n)
{
	n->flow = 0;
	for (size_t i = 0; n->kind != YNODE_SCALAR && i < n->nr; i++)
		ynode_block(n->items[i].val);
}

struct ynode *
ynode_dup(const struct ynode *n)
{
	struct ynode *c = node_new(n->kind);

	c->line = n->line;
	c->col = n->col;
	c->style = n->style;
	c->flow = n->flow;
	if (n->str) {
		c->str = xstrndup(n->str, n->len);
		c->len = n->len;
	}
	if (n->nr) {
		c->items = xcalloc(n->nr, sizeof(*c->items));
		c->nr = c->alloc = n->nr;
		for (size_t i = 0; i < n->nr; i++) {
			c->items[i] = n->items[i];
			c->items[i].key = n->items[i].key ? xstrdup(n->items[i].key) : NULL;
			c->items[i].val = ynode_dup(n->items[i].val);
		}
	}
	return c;
}

/* Escape one string in place; 1 if it changed. */
static int
defang_str(char **s, size_t *len)
{
	size_t n = len ? *len : strlen(*s), outlen;
	char *esc;

	if (utf8_find_unsafe(*s, n) == n)
		return 0;
	esc = utf8_escape_unsafe(*s, n, &outlen);
	free(*s);
	*s = esc;
	if (len)
		*len = outlen;
	return 1;
}

size_t
ynode_defang(struct ynode *n, unsigned *line, unsigned *col)
{
	size_t changed = 0;

	if (n->kind == YNODE_SCALAR) {
		if (n->str && defang_str(&n->str, &n->len)) {
			if (*line == 0) {
				*line = n->line;
				*col = n->col;
			}
			changed++;
		}
		return changed;
	}
	for (size_t i = 0; i < n->nr; i++) {
		if (n->items[i].key && defang_str(&n->items[i].key, NULL)) {
			if (*line == 0) {
				*line = n->items[i].line;
				*col = n->items[i].col;
			}
			changed++;
		}
		changed += ynode_defang(n->items[i].val, line, col);
	}
	return changed;
}

/* The pair whose key is the `len` bytes at `key` (no copy of a path's part). */
static struct ypair *
find_n(const struct ynode *map, const char *key, size_t len)
{
	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->nr; i++) {
		const char *k = map->items[i].key;
		if ((len == 0 || k[0] == key[0]) && strncmp(k, key, len) == 0 && k[len] == '\0')
			return &map->items[i];
	}
	return NULL;
}

static struct ypair *
find(const struct ynode *map, const char *key)
{
	return find_n(map, key, strlen(key));
}

struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	struct ypair *p = find(map, key);
	return p ? p->val : NULL;
}

const char *
ynode_get_str(const struct ynode *map, const char *key)
{
	struct ynode *v = ynode_get(map, key);
	return v && v->kind == YNODE_SCALAR ? v->str : NULL;
}

void
ynode_set(struct ynode *map, const char *key, struct ynode *val)
{
	struct ypair *p = find(map, key);

	if (p) {
		ynode_free(p->val);
		p->val = val;
		return;
	}
	ALLOC_GROW(map->items, map->nr + 1, map->alloc);
	p = &map->items[map->nr++];
	memset(p, 0, sizeof(*p));
	p->key = xstrdup(key);
	p->val = val;
}

void
ynode_set_str(struct ynode *map, const char *key, const char *s)
{
	ynode_set(map, key, ynode_scalar(s));
}

void
ynode_del(struct ynode *map, const char *key)
{
	struct ypair *p = find(map, key);
	size_t i;

	if (p == NULL)
		return;
	i = (size_t)(p - map->items);
	free(p->key);
	ynode_free(p->val);
	memmove(&map->items[i], &map->items[i + 1], (map->nr - i - 1) * sizeof(*p));
	map->nr--;
}

void
ynode_push(struct ynode *seq, struct ynode *val)
{
	struct ypair *p;

	ALLOC_GROW(seq->items, seq->nr + 1, seq->alloc);
	p = &seq->items[seq->nr++];
	memset(p, 0, sizeof(*p));
	p->val = val;
}

struct ynode *
ynode_path(const struct ynode *root, const char *path)
{
	const struct ynode *n = root;

	while (n) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		struct ypair *p = find_n(n, path, len);

		n = p ? p->val : NULL;
		if (dot == NULL)
			return (struct ynode *)n;
		path = dot + 1;
	}
	return NULL;
}

struct ynode *
ynode_path_parent(struct ynode *root, const char *path, const char **last)
{
	char part[64];
	struct ynode *n = root;
	const char *dot;

	while ((dot = strchr(path, '.')) != NULL) {
		size_t len = (size_t)(dot - path);
		struct ynode *next;

		if (len >= sizeof(part))
			len = sizeof(part) - 1;
		memcpy(part, path, len);
		part[len] = '\0';
		next = ynode_get(n, part);
		if (next == NULL || next->kind != YNODE_MAP) {
			next = ynode_map();
			ynode_set(n, part, next);
		}
		n = next;
		path = dot + 1;
	}
	*last = path;
	return n;
}
