/*
 * policy-vocab.c — the team's vocabulary in cstk.yaml (SPEC §9): lists of
 * values with a key, a label and aliases; beside them the deadlines of
 * each priority and the team of each category.  See policy.h, vocab.h.
 *
 * A list in cstk.yaml adds values and words to the built-in ones, which
 * keep their order; a new value goes before the next built-in value the
 * list names after it (priorities: most urgent first), or at the end.
 * A value it names keeps its built-in words: a new label leaves the old
 * one an alias, and aliases are added.  A word
 * may name one value only: the team's own lists may not repeat a word,
 * and a word the team gives a value is taken from the built-in value that
 * had it as an alias.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy-load.h"
#include "strbuf.h"
#include "utf8.h"

static const struct {
	const char *key;
	int response, resolution;	/* hours */
} prio_default[] = {
	{ "urgent", 1, 24 }, { "normal", 24, 48 }, { "low", 24, 72 },
};
static const struct {
	const char *key, *team;
} cat_default[] = {
	{ "inquiry", "frontline" }, { "complaint", "supervisors" },
	{ "after-sales", "after-sales" }, { "request", "product" },
};
/* The schema-1 revisit map's defaults: VIP within 3 days, others 7. */
#define REVISIT_DAYS 7

static int
find_key(const struct enum_def *e, const char *key)
{
	for (int i = 0; i < e->n; i++)
		if (strcasecmp(e->v[i].key, key) == 0)
			return i;
	return -1;
}

static size_t
count_aliases(const struct enum_value *v)
{
	size_t n = 0;
	while (v->aliases && v->aliases[n])
		n++;
	return n;
}

static void
copy_value(struct enum_value *dst, const struct enum_value *src)
{
	size_t n = count_aliases(src);
	const char **a = xcalloc(n + 1, sizeof(*a));

	for (size_t i = 0; i < n; i++)
		a[i] = xstrdup(src->aliases[i]);
	dst->key = xstrdup(src->key);
	dst->label = src->label ? xstrdup(src->label) : NULL;
	dst->aliases = a;
}

static void
free_value(struct enum_value *v)
{
	for (size_t i = 0; v->aliases && v->aliases[i]; i++)
		free((void *)v->aliases[i]);
	free((void *)v->aliases);
	free((void *)v->key);
	free((void *)v->label);
}

static void
add_alias(struct enum_value *v, const char *word)
{
	size_t n = count_aliases(v);
	const char **a = (const char **)v->aliases;

	if (strcasecmp(word, v->key) == 0 || (v->label && strcasecmp(word, v->label) == 0))
		return;
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(word, a[i]) == 0)
			return;
	a = xrealloc(a, (n + 2) * sizeof(*a));
	a[n] = xstrdup(word);
	a[n + 1] = NULL;
	v->aliases = a;
}

static void
drop_alias(struct enum_value *v, size_t k)
{
	const char **a = (const char **)v->aliases;
	size_t n = count_aliases(v);

	free((void *)a[k]);
	memmove(&a[k], &a[k + 1], (n - k) * sizeof(*a));	/* with the NULL */
}

static void
set_label(struct enum_value *v, const char *label)
{
	char *old = (char *)v->label;

	v->label = xstrdup(label);
	if (old && strcmp(old, label) != 0)
		add_alias(v, old);	/* the built-in word stays accepted */
	free(old);
}

void
policy_vocab_default(struct policy *p)
{
	for (int id = 0; id < V_COUNT; id++) {
		const struct enum_def *b = vocab_builtin((enum vocab_id)id);
		size_t n = b->n ? (size_t)b->n : 1;

		p->values[id] = xcalloc(n, sizeof(struct enum_value));
		p->val[id] = xcalloc(n, sizeof(struct policy_value));
		for (int i = 0; i < b->n; i++) {
			copy_value(&p->values[id][i], &b->v[i]);
			p->val[id][i].revisit_days = REVISIT_DAYS;
		}
		p->vocab[id] = *b;
		p->vocab[id].v = p->values[id];
	}
	for (size_t i = 0; i < sizeof(prio_default) / sizeof(prio_default[0]); i++) {
		int k = find_key(&p->vocab[V_PRIORITY], prio_default[i].key);
		p->val[V_PRIORITY][k].response = (struct duration){ prio_default[i].response,
		    DUR_HOUR };
		p->val[V_PRIORITY][k].resolution = (struct duration){
		    prio_default[i].resolution, DUR_HOUR };
	}
	for (size_t i = 0; i < sizeof(cat_default) / sizeof(cat_default[0]); i++) {
		int k = find_key(&p->vocab[V_CATEGORY], cat_default[i].key);
		p->val[V_CATEGORY][k].team = xstrdup(cat_default[i].team);
	}
	p->val[V_TIER][find_key(&p->vocab[V_TIER], "vip")].revisit = 1;
	p->val[V_TIER][find_key(&p->vocab[V_TIER], "vip")].revisit_days = 3;
	p->val[V_CATEGORY][find_key(&p->vocab[V_CATEGORY], "complaint")].revisit = 1;
}

void
policy_vocab_release(struct policy *p)
{
	for (int id = 0; id < V_COUNT; id++) {
		for (int i = 0; i < p->vocab[id].n; i++) {
			free_value(&p->values[id][i]);
			free(p->val[id][i].team);
		}
		free(p->values[id]);
		free(p->val[id]);
		p->values[id] = NULL;
		p->val[id] = NULL;
		p->vocab[id].v = NULL;
		p->vocab[id].n = 0;
	}
}

/* A key is what files store: lower-case letters, digits, '-' and '_'. */
static int
key_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || s[0] == '-' || s[0] == '_')
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

/* A label or alias: one line of printable text, without ',' (lists of
 * values are comma-separated on the command line). */
static const struct error *
word_ok(const struct ynode *n, const char *file, const char *what)
{
	const struct error *err;

	if ((err = policy_want(n, YNODE_SCALAR, file, what)) != NULL)
		return err;
	if (n->str[0] == '\0' || strlen(n->str) > 64 || strchr(n->str, ',') ||
	    strpbrk(n->str, "\t\n") || utf8_find_unsafe(n->str, strlen(n->str)) !=
	    strlen(n->str) ||
	    n->str[0] == ' ' || n->str[strlen(n->str) - 1] == ' ')
		return error_new(ERR_DATA, "%s:%u:%u: %s '%s' should be a word of at most "
		    "64 bytes, without ',' or spaces at its ends", file, n->line, n->col,
		    what, n->str);
	return NULL;
}

/* One listed value's words and figures: `key: {label: …, aliases: […], …}`,
 * or for a category `key: TEAM`, for others `key: LABEL`. */
static const struct error *
load_value(struct policy *p, enum vocab_id id, int k, const struct ypair *it,
    const char *file)
{
	const struct enum_def *e = &p->vocab[id];
	struct enum_value *v = &p->values[id][k];
	struct policy_value *pv = &p->val[id][k];
	const struct ynode *n = it->val;
	const struct error *err;

	if (n->kind == YNODE_SCALAR && n->str[0] == '\0')
		return NULL;
	if (n->kind == YNODE_SCALAR && id == V_CATEGORY) {
		free(pv->team);
		pv->team = xstrdup(n->str);
		pv->team_line = n->line;
		pv->team_col = n->col;
		return NULL;
	}
	if (n->kind == YNODE_SCALAR && id != V_PRIORITY) {
		if ((err = word_ok(n, file, "a label")) != NULL)
			return err;
		set_label(v, n->str);
		return NULL;
	}
	if (n->kind != YNODE_MAP)
		return error_new(ERR_DATA, "%s:%u:%u: %s '%s' should be a mapping like "
		    "%s", file, n->line, n->col, e->name, it->key, id == V_PRIORITY ?
		    "{label: 特急, response: 15m, resolution: 4h}" :
		    "{label: 微信, aliases: [公众号]}");
	for (size_t j = 0; j < n->nr; j++) {
		const struct ypair *h = &n->items[j];

		if (strcmp(h->key, "label") == 0) {
			if ((err = word_ok(h->val, file, "a label")) != NULL)
				return err;
			set_label(v, h->val->str);
		} else if (strcmp(h->key, "aliases") == 0) {
			const struct ynode *a = h->val;
			size_t na = a->kind == YNODE_SEQ ? a->nr : 1;
			for (size_t q = 0; q < na; q++) {
				const struct ynode *w = a->kind == YNODE_SEQ ? a->items[q].val : a;
				if ((err = word_ok(w, file, "an alias")) != NULL)
					return err;
				add_alias(v, w->str);
			}
		} else if (id == V_PRIORITY && strcmp(h->key, "response") == 0) {
			if ((err = policy_duration(p, h->val, file, h->key, &pv->response)))
				return err;
		} else if (id == V_PRIORITY && strcmp(h->key, "resolution") == 0) {
			if ((err = policy_duration(p, h->val, file, h->key, &pv->resolution)))
				return err;
		} else if (id == V_CATEGORY && strcmp(h->key, "team") == 0) {
			if ((err = policy_want(h->val, YNODE_SCALAR, file, "a team")) != NULL)
				return err;
			free(pv->team);
			pv->team = xstrdup(h->val->str);
			pv->team_line = h->val->line;
			pv->team_col = h->val->col;
		} else {
			return error_new(ERR_DATA, "%s:%u:%u: unknown key '%s' under %s '%s'; "
			    "expected label, aliases%s", file, h->line, h->col, h->key, e->name,
			    it->key, id == V_PRIORITY ? ", response or resolution (durations)" :
			    id == V_CATEGORY ? " or team" : "");
		}
	}
	return NULL;
}

/* A list: the values it names first, in its order, then the other
 * built-in values; then each named value's words and figures. */
static const struct error *
load_list(struct policy *p, enum vocab_id id, const struct ynode *m, const char *file)
{
	struct enum_def *e = &p->vocab[id];
	const struct error *err = NULL;
	struct enum_value *nv;
	struct policy_value *npv;
	int n = e->n, nn = 0, *from, *used;

	if ((err = policy_want(m, YNODE_MAP, file, e->section)) != NULL)
		return err;
	if (m->nr > 10000)
		return error_new(ERR_DATA, "%s:%u:%u: '%s' lists %zu values; at most 10000",
		    file, m->line, m->col, e->section, m->nr);
	from = xcalloc(m->nr + (size_t)n + 1, sizeof(int));
	used = xcalloc((size_t)n + 1, sizeof(int));
	for (size_t i = 0; i < m->nr && err == NULL; i++) {
		const struct ypair *it = &m->items[i];
		/* A built-in value may be named by any of its words (schema 1). */
		int old = enum_lookup(e, it->key);

		if (old < 0 && !key_ok(it->key))
			err = error_new(ERR_DATA, "%s:%u:%u: %s key '%s' should be lower-case "
			    "letters, digits, '-' or '_' (at most 32; files store it); put "
			    "other words in its label or aliases", file, it->line, it->col,
			    e->name, it->key);
		else if (old < 0 && id == V_SATISFACTION)
			err = error_new(ERR_DATA, "%s:%u:%u: satisfaction '%s' is not one of "
			    "satisfied, neutral, unsatisfied; satisfaction keeps these three "
			    "meanings (CSAT counts them): give them labels and aliases",
			    file, it->line, it->col, it->key);
		else if (old >= 0 && used[old])
			err = error_new(ERR_DATA, "%s:%u:%u: %s '%s' is listed twice", file,
			    it->line, it->col, e->name, it->key);
		else if (old >= 0)
			used[old] = 1;
	}
	/* Built-in values keep their order; a new value goes before the next
	 * built-in value the list names after it, or at the end. */
	for (int j = 0; j < n; j++)
		from[nn++] = j;
	for (size_t i = 0; i < m->nr && err == NULL; i++) {
		int at = nn, next = -1;
		if (enum_lookup(e, m->items[i].key) >= 0)
			continue;
		for (size_t q = i + 1; q < m->nr && next < 0; q++)
			next = enum_lookup(e, m->items[q].key);
		for (int k = 0; next >= 0 && k < nn; k++)
			if (from[k] == next)
				at = k;
		memmove(&from[at + 1], &from[at], (size_t)(nn - at) * sizeof(int));
		from[at] = -1 - (int)i;		/* the list's i-th item, new */
		nn++;
	}
	if (err == NULL && !e->open && nn > VOCAB_MAX)
		err = error_new(ERR_DATA, "%s:%u:%u: '%s' has %d values with the built-in "
		    "ones; at most %d", file, m->line, m->col, e->section, nn, VOCAB_MAX);
	if (err) {
		free(from);
		free(used);
		return err;
	}
	nv = xcalloc((size_t)nn + 1, sizeof(*nv));
	npv = xcalloc((size_t)nn + 1, sizeof(*npv));
	for (int k = 0; k < nn; k++) {
		if (from[k] >= 0) {
			nv[k] = p->values[id][from[k]];
			npv[k] = p->val[id][from[k]];
		} else {
			nv[k].key = xstrdup(m->items[-1 - from[k]].key);
			nv[k].aliases = xcalloc(1, sizeof(char *));
			npv[k].revisit_days = REVISIT_DAYS;
		}
	}
	free(p->values[id]);
	free(p->val[id]);
	p->values[id] = nv;
	p->val[id] = npv;
	e->v = nv;
	e->n = nn;
	free(from);
	free(used);
	/* Each listed value's words and figures, and where it is listed. */
	for (size_t i = 0; i < m->nr && err == NULL; i++) {
		int k = find_key(e, m->items[i].key);
		if (k < 0)
			k = enum_lookup(e, m->items[i].key);
		p->val[id][k].line = m->items[i].line;
		p->val[id][k].col = m->items[i].col;
		err = load_value(p, id, k, &m->items[i], file);
	}
	return err;
}

/*
 * A word names one value.  Between two values the team listed, a shared
 * word is a mistake; a built-in value the team did not list gives up an
 * alias the team gave another value, but not its key or label.
 */
static const struct error *
words_clash(struct policy *p, enum vocab_id id, const char *file)
{
	const struct enum_def *e = &p->vocab[id];

	for (int i = 0; i < e->n; i++) {
		for (int j = 0; j < e->n; j++) {
			struct enum_value *a = &p->values[id][i], *b = &p->values[id][j];
			const struct policy_value *pa = &p->val[id][i], *pb = &p->val[id][j];
			/* where to point: the later of the two the team listed */
			const struct policy_value *at = pb->line > pa->line ||
			    (pb->line == pa->line && pb->col > pa->col) ? pb : pa;
			size_t k = 0;

			/* the built-in lists share no word (test-vocab.c) */
			if (i == j || (!pa->line && !pb->line))
				continue;
			/* b's label and aliases against a's key (any order) */
			if (b->label && strcasecmp(b->label, a->key) == 0)
				return error_new(ERR_DATA, "%s:%u:%u: the label '%s' of %s '%s' is "
				    "the key of %s '%s'; a word names one value", file, at->line,
				    at->col, b->label, e->name, b->key, e->name, a->key);
			while (b->aliases[k]) {
				if (strcasecmp(b->aliases[k], a->key) != 0) {
					k++;
				} else if (!pb->line) {
					drop_alias(b, k);
				} else {
					return error_new(ERR_DATA, "%s:%u:%u: the alias '%s' of %s "
					    "'%s' is the key of %s '%s'; a word names one value",
					    file, pb->line, pb->col, b->aliases[k], e->name, b->key,
					    e->name, a->key);
				}
			}
			if (j < i)
				continue;
			/* labels and aliases of a and b, each pair once */
			if (a->label && b->label && strcasecmp(a->label, b->label) == 0)
				return error_new(ERR_DATA, "%s:%u:%u: %s '%s' and '%s' have the same "
				    "label '%s'; give one of them another", file, at->line,
				    at->col, e->name, a->key, b->key, a->label);
			for (int side = 0; side < 2; side++) {
				struct enum_value *x = side ? b : a, *y = side ? a : b;
				const struct policy_value *px = side ? pb : pa, *py = side ? pa : pb;
				k = 0;
				while (x->aliases[k]) {
					const char *w = x->aliases[k];
					int hit = y->label && strcasecmp(w, y->label) == 0;
					for (size_t q = 0; !hit && y->aliases[q]; q++)
						hit = strcasecmp(w, y->aliases[q]) == 0;
					if (!hit) {
						k++;
					} else if (!px->line) {
						drop_alias(x, k);
					} else if (!py->line && !(y->label &&
					    strcasecmp(w, y->label) == 0)) {
						k++;	/* y gives it up on its own turn */
					} else {
						/* at the later of the two */
						int xl = px->line > py->line || (px->line ==
						    py->line && px->col > py->col);
						return error_new(ERR_DATA, "%s:%u:%u: '%s' names both %s "
						    "'%s' and '%s'; a word names one value", file,
						    xl ? px->line : py->line, xl ? px->col : py->col, w,
						    e->name, xl ? x->key : y->key, xl ? y->key : x->key);
					}
				}
			}
		}
	}
	return NULL;
}

const struct error *
policy_vocab_load(struct policy *p, const struct ynode *root, const char *file)
{
	const struct error *err = NULL;

	for (int id = 0; id < V_COUNT && err == NULL; id++) {
		const struct ynode *m = p->vocab[id].section ?
		    ynode_get(root, p->vocab[id].section) : NULL;
		if (m)
			err = load_list(p, (enum vocab_id)id, m, file);
	}
	for (int id = 0; id < V_COUNT && err == NULL; id++)
		err = words_clash(p, (enum vocab_id)id, file);
	return err;
}

const struct error *
policy_vocab_check(const struct policy *p, const char *file)
{
	for (int i = 0; i < p->vocab[V_PRIORITY].n; i++) {
		const struct policy_value *pv = &p->val[V_PRIORITY][i];
		if (pv->response.n == 0 || pv->resolution.n == 0)
			return error_new(ERR_DATA, "%s:%u:%u: priority '%s' needs its deadlines, "
			    "like {response: 15m, resolution: 4h}", file, pv->line, pv->col,
			    p->vocab[V_PRIORITY].v[i].key);
	}
	for (int i = 0; i < p->vocab[V_CATEGORY].n; i++) {
		const struct policy_value *pv = &p->val[V_CATEGORY][i];
		const char *key = p->vocab[V_CATEGORY].v[i].key;
		unsigned line = pv->line ? pv->line : 1, col = pv->line ? pv->col : 1;

		if (pv->team == NULL)
			return error_new(ERR_DATA, "%s:%u:%u: category '%s' needs the team that "
			    "owns it, like {label: 建议, team: product}", file, line, col, key);
		if (policy_team(p, pv->team) == NULL)
			return error_new(ERR_DATA, "%s:%u:%u: category '%s' routes to team "
			    "'%s', which is not listed under 'teams'", file,
			    pv->team_line ? pv->team_line : line,
			    pv->team_line ? pv->team_col : col, key, pv->team);
	}
	return NULL;
}

size_t
policy_lint(const struct policy *p, const char *file,
    void (*report)(void *ctx, const char *msg), void *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;

	/* Schema 1 accepted an empty team: it loads, but it is a mistake. */
	for (size_t i = 0; i < p->nteams; i++) {
		const struct team *t = &p->teams[i];
		if (t->nr)
			continue;
		sb_reset(&sb);
		sb_addf(&sb, "%s:%u:%u: team '%s' has no members, so 'cstk assign' cannot "
		    "pick anyone from it; list at least one login, or remove the team",
		    file, t->line ? t->line : 1, t->line ? t->col : 1, t->name);
		for (int c = 0; c < p->vocab[V_CATEGORY].n; c++)
			if (strcmp(p->val[V_CATEGORY][c].team, t->name) == 0)
				sb_addf(&sb, " (category '%s' routes to it)",
				    p->vocab[V_CATEGORY].v[c].key);
		report(ctx, sb.buf);
		n++;
	}
	sb_release(&sb);
	return n;
}
