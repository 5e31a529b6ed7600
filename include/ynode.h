/*
 * ynode.h — a loaded YAML document as a plain tree: scalars (always
 * strings), mappings (ordered key/value pairs) and sequences.
 *
 * Ticket files are kept as trees so that keys cstk does not know survive a
 * rewrite unchanged; the ticket module gives typed access to the known ones.
 *
 * Ownership: a node owns its children and strings.  ynode_set() and
 * ynode_push() take ownership of `val`.  ynode_free() frees a whole tree.
 */
#ifndef CSTK_YNODE_H
#define CSTK_YNODE_H

#include <stddef.h>

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

/* How a scalar is written back. */
enum ynode_style {
	YSTYLE_AUTO,	/* plain when unambiguous, quoted or literal otherwise */
	YSTYLE_PLAIN,	/* as it was read: plain (numbers, times, unknown keys) */
	YSTYLE_QUOTED,	/* as it was read: double-quoted */
	YSTYLE_SQUOTED,	/* as it was read: single-quoted (also what libyaml
			 * writes where plain cannot be: keeping it keeps a
			 * second write identical to the first) */
	YSTYLE_LITERAL,	/* as it was read: a block scalar */
};

struct ypair {
	char *key;		/* NULL in a sequence */
	unsigned line, col;	/* of the key (map) or item (seq), 1-based */
	struct ynode *val;
};

struct ynode {
	enum ynode_kind kind;
	unsigned line, col;	/* where the node starts, 1-based; 0 if made here */
	enum ynode_style style;
	int flow;		/* map/seq: written in flow style {…} / […] */
	char *str;		/* scalar: NUL-terminated value */
	size_t len;
	struct ypair *items;	/* map/seq */
	size_t nr, alloc;
};

struct ynode *ynode_scalar(const char *s);
struct ynode *ynode_scalar_n(const char *s, size_t len);
struct ynode *ynode_map(void);
struct ynode *ynode_seq(void);
void ynode_free(struct ynode *n);
struct ynode *ynode_dup(const struct ynode *n);
/* Every map and sequence in `n` written in block style. */
void ynode_block(struct ynode *n);

/*
 * Replace every key and scalar holding a character that must not reach a
 * terminal (utf8_unsafe_cp) by its visible escape (\x1b, \u202e).  Returns
 * how many were changed; *first gets the first such node's line and col.
 */
size_t ynode_defang(struct ynode *n, unsigned *line, unsigned *col);

/* Map access; NULL when absent (or `map` is not a map). */
struct ynode *ynode_get(const struct ynode *map, const char *key);
/* The value if it is a scalar, else NULL. */
const char *ynode_get_str(const struct ynode *map, const char *key);
/* Replace the value of `key`, or append the pair. */
void ynode_set(struct ynode *map, const char *key, struct ynode *val);
void ynode_set_str(struct ynode *map, const char *key, const char *s);
void ynode_del(struct ynode *map, const char *key);
void ynode_push(struct ynode *seq, struct ynode *val);

/* "customer.name": walk maps by dotted path.  NULL when absent. */
struct ynode *ynode_path(const struct ynode *root, const char *path);
/* Make the maps on the way to `path` exist; returns the parent map and
 * sets *last to the final key component. */
struct ynode *ynode_path_parent(struct ynode *root, const char *path, const char **last);

#endif
