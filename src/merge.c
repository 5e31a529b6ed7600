/* merge.c — the three-way merge of a ticket file; see merge.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "merge.h"
#include "strbuf.h"
#include "ticket.h"

/* A node as text that is equal exactly when the nodes are (NULL: absent). */
static void
canon(const struct ynode *n, struct strbuf *sb)
{
	if (n == NULL) {
		sb_adds(sb, "~");
		return;
	}
	switch (n->kind) {
	case YNODE_SCALAR:
		sb_addf(sb, "s%zu:", strlen(n->str));
		sb_adds(sb, n->str);
		break;
	case YNODE_MAP:
	case YNODE_SEQ:
		sb_addc(sb, n->kind == YNODE_MAP ? '{' : '[');
		for (size_t i = 0; i < n->nr; i++) {
			if (n->items[i].key)
				sb_addf(sb, "k%zu:%s", strlen(n->items[i].key), n->items[i].key);
			canon(n->items[i].val, sb);
		}
		sb_addc(sb, n->kind == YNODE_MAP ? '}' : ']');
		break;
	}
}

static char *
canon_str(const struct ynode *n)
{
	struct strbuf sb = STRBUF_INIT;

	canon(n, &sb);
	return sb_detach(&sb);
}

static int
same(const struct ynode *a, const struct ynode *b)
{
	char *x = canon_str(a), *y = canon_str(b);
	int eq = strcmp(x, y) == 0;

	free(x);
	free(y);
	return eq;
}

static const struct ynode *
leaf(const struct ynode *root, const char *key, const char *sub)
{
	const struct ynode *n = root ? ynode_get(root, key) : NULL;

	if (sub)
		n = n && n->kind == YNODE_MAP ? ynode_get(n, sub) : NULL;
	return n;
}

static int64_t
at_of(const struct ynode *entry)
{
	const char *at = entry->kind == YNODE_MAP ? ynode_get_str(entry, "at") : NULL;
	struct ctime t;

	return at && clock_parse(at, &t) == 0 ? t.t : INT64_MIN;
}

/* The side's latest event: when, and its entry. */
static int64_t
latest(const struct ynode *root, const struct ynode **entry)
{
	const struct ynode *h = root ? ynode_get(root, "history") : NULL;
	int64_t best = INT64_MIN;

	*entry = NULL;
	for (size_t i = 0; h && h->kind == YNODE_SEQ && i < h->nr; i++) {
		int64_t t = at_of(h->items[i].val);
		if (t >= best) {
			best = t;
			*entry = h->items[i].val;
		}
	}
	return best;
}

/* ---- history ---- */

struct hentry {
	const struct ynode *n;
	int64_t at;
	size_t order;
};

static int
cmp_hentry(const void *a, const void *b)
{
	const struct hentry *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static size_t
seq_len(const struct ynode *root, const struct ynode **h)
{
	*h = root ? ynode_get(root, "history") : NULL;
	return *h && (*h)->kind == YNODE_SEQ ? (*h)->nr : 0;
}

/* Ours, then what theirs added to the base (a multiset difference), in
 * time order; an entry without a time keeps its place after the one
 * before it. */
static struct ynode *
merge_history(const struct ynode *base, const struct ynode *ours, const struct ynode *theirs)
{
	const struct ynode *ho, *ha, *hb;
	/* Both sides added the file: what they share is one history. */
	size_t no = seq_len(base ? base : ours, &ho), na = seq_len(ours, &ha);
	size_t nb = seq_len(theirs, &hb);
	char **otext = xcalloc(no + 1, sizeof(char *));
	struct hentry *v = xcalloc(na + nb + 1, sizeof(*v));
	size_t n = 0;
	int64_t last = INT64_MIN;
	struct ynode *out = ynode_seq();

	for (size_t i = 0; i < no; i++)
		otext[i] = canon_str(ho->items[i].val);
	for (size_t i = 0; i < na; i++, n++)
		v[n] = (struct hentry){ ha->items[i].val, 0, n };
	for (size_t i = 0; i < nb; i++) {
		char *t = canon_str(hb->items[i].val);
		size_t j;
		for (j = 0; j < no; j++)
			if (otext[j] && strcmp(otext[j], t) == 0)
				break;
		if (j < no) {		/* the base's: ours has it already */
			free(otext[j]);
			otext[j] = NULL;
		} else {
			v[n] = (struct hentry){ hb->items[i].val, 0, n };
			n++;
		}
		free(t);
	}
	for (size_t i = 0; i < n; i++) {
		int64_t t = at_of(v[i].n);
		v[i].at = t == INT64_MIN ? last : t;
		if (v[i].at > last || last == INT64_MIN)
			last = v[i].at;
	}
	/* ours' entries are in order; theirs' new ones slot in by time */
	qsort(v, n, sizeof(*v), cmp_hentry);
	for (size_t i = 0; i < n; i++)
		ynode_push(out, ynode_dup(v[i].n));
	for (size_t i = 0; i < no; i++)
		free(otext[i]);
	free(otext);
	free(v);
	return out;
}

/* ---- fields ---- */

enum how { BY_FIELD, LIFECYCLE, COUNTER, LATER_TIME, EARLIER_TIME, ID_SET, HISTORY,
	FIXED };

static enum how
how_of(const char *key, const char *sub)
{
	char path[128];
	const struct field *f;

	snprintf(path, sizeof(path), "%s%s%s", key, sub ? "." : "", sub ? sub : "");
	if (!strcmp(path, "history"))
		return HISTORY;
	if (!strcmp(path, "updated"))
		return LATER_TIME;
	if (!strcmp(path, "responded"))	/* the first contact: the earlier */
		return EARLIER_TIME;
	if (!strcmp(path, "schema") || !strcmp(path, "id") || !strcmp(path, "created"))
		return FIXED;
	if (!strcmp(path, "contacts") || !strcmp(path, "escalations") ||
	    !strcmp(path, "confirm_attempts") || !strcmp(path, "revisit.attempts"))
		return COUNTER;
	f = field_by_path(path);
	if (f && f->type == FT_IDS)
		return ID_SET;	/* links made on both sides: all of them */
	if (f == NULL || (f->flags & FF_SET))
		return BY_FIELD;	/* what people edit, and keys cstk does not know */
	return LIFECYCLE;
}

struct merging {
	const struct ynode *o, *a, *b;
	int status_conflict;	/* both moved the ticket, to different places */
	int theirs_later;	/* the side whose latest event is later */
	const struct ynode *win_entry;	/* that event */
	const char *when;	/* the later `updated` (or `created`) of the two */
	struct ynode *conflicts;	/* history entries to add */
	size_t nconflicts;
};

static const char *
text_of(const struct ynode *n, struct strbuf *sb)
{
	sb_reset(sb);
	if (n == NULL)
		return "";
	if (n->kind == YNODE_SCALAR)
		return n->str;
	canon(n, sb);
	return sb_str(sb);
}

static void
conflict(struct merging *m, const char *key, const char *sub, const struct ynode *kept,
    const struct ynode *lost)
{
	struct ynode *e = ynode_map();
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, note = STRBUF_INIT;
	const char *at = m->win_entry ? ynode_get_str(m->win_entry, "at") : NULL;
	const char *by = m->win_entry ? ynode_get_str(m->win_entry, "by") : NULL;
	char path[128];
	struct ctime ct;

	if (at == NULL || clock_parse(at, &ct) != 0)
		at = m->when;	/* no history to date it: the later update */
	if (at == NULL) {
		ynode_free(e);	/* nothing to date it by: the value stays lost */
		return;
	}

	snprintf(path, sizeof(path), "%s%s%s", key, sub ? "." : "", sub ? sub : "");
	ynode_set_str(e, "at", at);
	ynode_set_str(e, "by", by ? by : "merge");
	ynode_set_str(e, "action", "conflict");
	ynode_set_str(e, "key", path);
	ynode_set_str(e, "value", text_of(lost, &a));
	sb_addf(&note, "both sides changed %s; kept '%s', the later change", path,
	    text_of(kept, &b));
	ynode_set_str(e, "note", sb_str(&note));
	ynode_push(m->conflicts, e);
	m->nconflicts++;
	sb_release(&a);
	sb_release(&b);
	sb_release(&note);
}

/* The merged value of one leaf: a new node, or NULL (absent). */
static struct ynode *
merge_leaf(struct merging *m, const char *key, const char *sub)
{
	const struct ynode *o = leaf(m->o, key, sub), *a = leaf(m->a, key, sub);
	const struct ynode *b = leaf(m->b, key, sub);
	const struct ynode *win = m->theirs_later ? b : a, *lose = m->theirs_later ? a : b;
	enum how how = how_of(key, sub);
	int a_changed = !same(o, a), b_changed = !same(o, b);

	switch (how) {
	case FIXED:
	case HISTORY:
		return a ? ynode_dup(a) : b ? ynode_dup(b) : NULL;
	case LATER_TIME:
	case EARLIER_TIME: {
		struct ctime ta, tb;
		int pa = a && a->kind == YNODE_SCALAR && clock_parse(a->str, &ta) == 0;
		int pb = b && b->kind == YNODE_SCALAR && clock_parse(b->str, &tb) == 0;
		if (pa && pb)
			return ynode_dup((how == LATER_TIME ? tb.t > ta.t : tb.t < ta.t) ? b : a);
		return a ? ynode_dup(a) : b ? ynode_dup(b) : NULL;
	}
	case ID_SET:
		if (a_changed && b_changed && a && b && a->kind == YNODE_SCALAR &&
		    b->kind == YNODE_SCALAR) {
			struct strbuf u = STRBUF_INIT;
			char *copy = xstrdup(b->str), *save = NULL;
			struct ynode *n;
			sb_adds(&u, a->str);
			for (char *id = strtok_r(copy, " ", &save); id; id = strtok_r(NULL, " ", &save))
				if (!ticket_ids_have(a->str, id))
					sb_addf(&u, "%s%s", u.len ? " " : "", id);
			n = ynode_scalar(sb_str(&u));
			sb_release(&u);
			free(copy);
			return n;
		}
		break;
	case COUNTER:
		if (a_changed && b_changed && a && b && a->kind == YNODE_SCALAR &&
		    b->kind == YNODE_SCALAR) {
			long va = strtol(a->str, NULL, 10), vb = strtol(b->str, NULL, 10);
			long vo = o && o->kind == YNODE_SCALAR ? strtol(o->str, NULL, 10) : 0;
			char buf[32];
			long v = va + vb - vo;	/* both sides' increments */
			if (v < va || v < vb)	/* one side went down (by hand): */
				v = va > vb ? va : vb;	/* the larger */
			snprintf(buf, sizeof(buf), "%ld", v);
			return ynode_scalar(buf);
		}
		break;
	case LIFECYCLE:
		if (m->status_conflict) {
			/* the later side's lifecycle, whole */
			if ((m->theirs_later ? a_changed : b_changed) && !same(win, lose))
				conflict(m, key, sub, win, lose);
			return win ? ynode_dup(win) : NULL;
		}
		break;
	case BY_FIELD:
		break;
	}
	if (!b_changed || same(a, b))
		return a ? ynode_dup(a) : NULL;
	if (!a_changed)
		return b ? ynode_dup(b) : NULL;
	conflict(m, key, sub, win, lose);
	return win ? ynode_dup(win) : NULL;
}

/* Keys of the three maps, each once: ours' order, then theirs', then the
 * base's (a key both sides removed is then absent anyway). */
static size_t
keys_of(const struct ynode *o, const struct ynode *a, const struct ynode *b,
    const char ***out)
{
	const struct ynode *v[3] = { a, b, o };
	const char **keys = NULL;
	size_t n = 0, alloc = 0;

	for (int s = 0; s < 3; s++) {
		for (size_t i = 0; v[s] && v[s]->kind == YNODE_MAP && i < v[s]->nr; i++) {
			const char *k = v[s]->items[i].key;
			size_t j;
			for (j = 0; j < n && strcmp(keys[j], k) != 0; j++)
				;
			if (j == n) {
				ALLOC_GROW(keys, n + 1, alloc);
				keys[n++] = k;
			}
		}
	}
	*out = keys;
	return n;
}

static int
is_group(const char *key)
{
	const struct field *f = field_by_path(key);

	return f && f->type == FT_MAP;
}

void
merge_ticket(const struct ynode *base, const struct ynode *ours,
    const struct ynode *theirs, struct ynode **out, size_t *nconflicts)
{
	struct merging m = { base, ours, theirs, 0, 0, NULL, NULL, ynode_seq(), 0 };
	const struct ynode *ea, *eb;
	int64_t la = latest(ours, &ea), lb = latest(theirs, &eb);
	const char **keys;
	size_t nkeys = keys_of(base, ours, theirs, &keys);
	struct ynode *root = ynode_map();

	m.theirs_later = lb > la;
	m.win_entry = m.theirs_later ? eb : ea;
	{
		const char *ua = leaf(ours, "updated", NULL) ? leaf(ours, "updated", NULL)->str : NULL;
		const char *ub = leaf(theirs, "updated", NULL) ? leaf(theirs, "updated", NULL)->str : NULL;
		struct ctime ta, tb;
		int pa = ua && clock_parse(ua, &ta) == 0, pb = ub && clock_parse(ub, &tb) == 0;
		m.when = pa && pb ? (tb.t > ta.t ? ub : ua) : pa ? ua : pb ? ub : NULL;
		if (m.when == NULL && leaf(ours, "created", NULL))
			m.when = leaf(ours, "created", NULL)->str;
	}
	{
		const struct ynode *so = leaf(base, "status", NULL), *sa = leaf(ours, "status", NULL);
		const struct ynode *sb = leaf(theirs, "status", NULL);
		m.status_conflict = !same(so, sa) && !same(so, sb) && !same(sa, sb);
	}
	for (size_t i = 0; i < nkeys; i++) {
		struct ynode *v;
		if (strcmp(keys[i], "history") == 0) {
			ynode_set(root, "history", merge_history(base, ours, theirs));
			continue;
		}
		if (is_group(keys[i])) {
			const struct ynode *g[3] = { leaf(base, keys[i], NULL),
				leaf(ours, keys[i], NULL), leaf(theirs, keys[i], NULL) };
			const char **subs;
			size_t nsubs = keys_of(g[0], g[1], g[2], &subs);
			v = ynode_map();
			for (size_t j = 0; j < nsubs; j++) {
				struct ynode *sv = merge_leaf(&m, keys[i], subs[j]);
				if (sv)
					ynode_set(v, subs[j], sv);
			}
			free(subs);
			if (v->nr == 0) {
				ynode_free(v);
				v = NULL;
			}
		} else {
			v = merge_leaf(&m, keys[i], NULL);
		}
		if (v)
			ynode_set(root, keys[i], v);
	}
	free(keys);
	if (m.nconflicts) {
		struct ynode *h = ynode_get(root, "history");
		if (h == NULL) {
			h = ynode_seq();
			ynode_set(root, "history", h);
		}
		for (size_t i = 0; i < m.conflicts->nr; i++)
			ynode_push(h, ynode_dup(m.conflicts->items[i].val));
	}
	ynode_free(m.conflicts);
	*out = root;
	*nconflicts = m.nconflicts;
}
