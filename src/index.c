/* index.c — the ticket index: build, check against the files, save; see index.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zstd.h>

#include "atomic.h"
#include "index.h"
#include "index-pack.h"
#include "lifecycle.h"
#include "progress.h"
#include "search.h"
#include "strbuf.h"
#include "utf8.h"
#include "workers.h"

#define MAGIC "CSTKIX28"
#define RACY_NS (2LL * 1000 * 1000 * 1000)
#define KNOWN_WAIT 5000		/* tickets: see index_known_apply */
#define KNOWN_HELD (32u << 20)	/* bytes of known records held before a spill */

_Static_assert(sizeof(struct ix_rec) == 256, "a record is 256 bytes: keep it so");

struct ix_header {
	char magic[8];
	uint64_t nrec, nev, nstr, ndir;
	int64_t built_ns;
	uint64_t base_nstr;	/* string table size after the last compaction */
	uint32_t rec_size, ev_size, dir_size, any_racy;
	uint64_t vocab;		/* vocab_fingerprint(): enums are stored as indices */
	int64_t tmin, tmax;	/* the earliest and latest time of any record */
	uint64_t ntxt, nztxt;	/* searchable text: whole and compressed length */
	uint32_t packed, pad;	/* records, events and strings packed (index-pack.h) */
	uint64_t nchunk, npiece, nz;	/* … in these chunks, pieces and bytes */
};

/*
 * A segment file, after its header and directory:
 *   as it is:  records, events, spans, keys, strings, text
 *   packed:    spans, keys, chunks, pieces, their frames, text
 * A month of $CSTK_INDEX_PACK records or more (unset: 16384) is packed:
 * a fifth of the size, unpacked as it is read (tickets/ never is: every
 * change rewrites it).
 */

/*
 * After the directory, one span per record: the hours (since 1970) of its
 * earliest and latest time, as span() counts them.  A reader of a
 * period reads these, not the records, to find which records it needs.
 */
struct ix_span {
	int32_t lo, hi;		/* lo > hi: no time at all */
};

/*
 * After the spans, one key per record: what a search (ix_want.keyed)
 * reads to find the records that may match, without reading the records.
 */
struct ix_key {
	uint32_t name;		/* the record's s[IXS_NAME] */
	int16_t phone4;		/* ix_phone4() of its phone */
	uint8_t links;		/* it has duplicate_of or related */
	uint8_t cat;		/* its category + 1 (0: none; KEY_CAT_MANY: that or more) */
};
#define KEY_CAT_MANY 255

/* ---- strings ---- */

/* Interning with a small open-addressing hash, rebuilt per load. */
struct intern {
	uint32_t *slot;
	size_t cap, used;
};

static void
intern_add_slot(struct intern *in, const struct index *ix, uint32_t off)
{
	size_t i = str_hash(ix->str + off) & (in->cap - 1);

	while (in->slot[i])
		i = (i + 1) & (in->cap - 1);
	in->slot[i] = off;
	in->used++;
}

static void
intern_grow(struct intern *in, const struct index *ix)
{
	uint32_t *old = in->slot;
	size_t oldcap = in->cap;

	in->cap = in->cap ? in->cap * 2 : 1024;
	in->slot = xcalloc(in->cap, sizeof(uint32_t));
	in->used = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			intern_add_slot(in, ix, old[i]);
	free(old);
}

static uint32_t
intern(struct index *ix, struct intern *in, const char *s)
{
	size_t i, len;

	if (s == NULL || *s == '\0')
		return 0;
	if (in->used * 2 >= in->cap)
		intern_grow(in, ix);
	for (i = str_hash(s) & (in->cap - 1); in->slot[i]; i = (i + 1) & (in->cap - 1))
		if (strcmp(ix->str + in->slot[i], s) == 0)
			return in->slot[i];
	len = strlen(s) + 1;
	ALLOC_GROW(ix->str, ix->nstr + len, ix->astr);
	memcpy(ix->str + ix->nstr, s, len);
	in->slot[i] = (uint32_t)ix->nstr;
	in->used++;
	ix->nstr += len;
	return in->slot[i];
}

/* ---- a record from a ticket ---- */

/* A count, -1 when absent; not IXR_EXACT when it would not print the same. */
static int16_t
small_int(const struct ticket *t, enum field_id f, struct ix_rec *r)
{
	const char *s = ticket_str(t, f);
	long v;
	char buf[32];

	if (s == NULL)
		return -1;
	v = strtol(s, NULL, 10);
	if (v > 30000)
		v = 30000;
	snprintf(buf, sizeof(buf), "%ld", v);
	if (strcmp(buf, s) != 0)
		r->flags &= ~IXR_EXACT;
	return (int16_t)v;
}

static void
add_event(struct index *ix, struct ix_rec *r, int64_t t, enum ix_event_kind k, int val,
    uint32_t str)
{
	struct ix_event *e;

	ALLOC_GROW(ix->ev, ix->nev + 1, ix->aev);
	e = &ix->ev[ix->nev++];
	memset(e, 0, sizeof(*e));
	e->t = t;
	e->kind = (uint8_t)k;
	e->val = (uint8_t)val;
	e->str = str;
	r->nev++;
}

/* A field (FF_PAST) went from `was` to `now` (NULL: none) at t. */
static void
value_change(struct index *ix, struct intern *in, struct ix_rec *r, int64_t t, int id,
    const char *was, const char *now, const char *known[F_COUNT])
{
	if (strcmp(was ? was : "", now ? now : "") != 0)
		add_event(ix, r, t, IXV_VALUE, id, intern(ix, in, was));
	known[id] = now ? now : "";
}

/*
 * The values a history entry gives FF_PAST fields: a classification its
 * category, priority, module (and team, when it reroutes), a `set` its key
 * (none when it empties it; and team, when a new category reroutes), a
 * resolution its responsibility.  What a field had before is the entry's
 * previous or previous_KEY, else what the history gave it last (`known`:
 * "" for none); a `set` records it whenever there was one, so without
 * either there was none.  For a classification or a resolution it is
 * unknown when the history never said (an import): no event then.  A
 * change from one value to another, or to or from none, is an IXV_VALUE
 * event.
 */
static void
value_events(struct index *ix, struct intern *in, struct ix_rec *r, const struct ynode *e,
    int64_t t, const char *known[F_COUNT])
{
	const char *act = ynode_get_str(e, "action");
	const char *key = ynode_get_str(e, "key");
	const struct field *f;

	if (strcmp(act, "set") == 0) {
		const char *was = ynode_get_str(e, "previous");
		/* a `set` before cstk recorded previous: what the history gave */
		if (key && (f = field_by_path(key)) != NULL && (f->flags & FF_PAST)) {
			int id = (int)(f - fields);
			value_change(ix, in, r, t, id, was ? was : known[id],
			    ynode_get_str(e, "value"), known);
		}
	} else if (strcmp(act, "classify") && strcmp(act, "reclassify") && strcmp(act, "resolve"))
		return;
	for (size_t i = 0; i < e->nr; i++) {
		const char *k = e->items[i].key, *now, *was;
		char prev[64];
		int id;

		if ((f = field_by_path(k)) == NULL || !(f->flags & FF_PAST) ||
		    (now = ynode_get_str(e, k)) == NULL)
			continue;
		id = (int)(f - fields);
		snprintf(prev, sizeof(prev), "previous_%s", k);
		if ((was = ynode_get_str(e, prev)) == NULL && (was = known[id]) == NULL)
			known[id] = now;	/* what it was is not known */
		else
			value_change(ix, in, r, t, id, was, now, known);
	}
	/* A classification by cstk names every field it gives: the module it
	 * leaves out had none, unless something gave it one before. */
	if (strcmp(act, "classify") == 0 && ynode_get_str(e, "category") &&
	    known[F_MODULE] == NULL)
		known[F_MODULE] = "";
}

/* Does IXR_PAST_NOW hold of r (index.h)?  As ix_past() and
 * ix_value_scan() read the events. */
static int
past_now(const struct index *ix, const struct ix_rec *r)
{
	struct ix_past p = { 0 };

	ix_past(ix, r, &p);
	return !p.changed && r->t[IXT_CREATED] != IX_NONE &&
	    (p.classified == IX_NONE ? r->nev == 0 : p.classified <= r->t[IXT_CREATED]);
}

static void
record(struct index *ix, struct intern *in, struct ix_rec *r, const struct ticket *t)
{
	const struct ynode *h = ynode_get(t->root, "history");
	struct strbuf key = STRBUF_INIT;
	const char *v, *known[F_COUNT] = { NULL };
	int64_t archived = IX_NONE;	/* the last archival that gave no outcome */
	int64_t unnamed = IX_NONE;	/* an assignment that named no one (an import's) */
	int named = 0;			/* an assignment that named its assignee */

	r->flags = IXR_EXACT;
	for (int i = 0; i < IXT_COUNT; i++)
		r->t[i] = IX_NONE;
	/* Every field with a slot in the read model, as the table says. */
	for (int f = 0; f < F_COUNT; f++) {
		const char *s = ticket_str(t, (enum field_id)f);
		struct ctime ct;
		char buf[CLOCK_BUFSZ];

		switch (fields[f].ix) {
		case IXK_TIME:
			if (ticket_time(t, (enum field_id)f, &ct) != 0)
				break;
			r->t[fields[f].slot] = ct.t;
			r->off[fields[f].slot] = (int16_t)(ct.off / 60);
			/* Written back from (t, off), is it the same text? */
			clock_format(&ct, buf);
			if (ct.off % 60 || strcmp(buf, s) != 0)
				r->flags &= ~IXR_EXACT;
			break;
		case IXK_STR:
			r->s[fields[f].slot] = intern(ix, in, s);
			break;
		case IXK_ENUM:
			r->e[fields[f].slot] = (int16_t)enum_lookup(vocab(fields[f].voc), s);
			break;
		case IXK_INT:
			r->n[fields[f].slot] = small_int(t, (enum field_id)f, r);
			break;
		case IXK_NONE:
			break;
		}
	}
	/* Derived: how the report knows a customer. */
	if ((v = ticket_str(t, F_CUST_ID)) != NULL)
		sb_addf(&key, "id:%s", v);
	else if ((v = ticket_str(t, F_CUST_PHONE)) != NULL)
		sb_addf(&key, "phone:%s", v);
	else if ((v = ticket_str(t, F_CUST_NAME)) != NULL)
		sb_addf(&key, "name:%s", v);
	r->s[IXS_CUSTOMER_KEY] = intern(ix, in, sb_str(&key));
	sb_release(&key);
	r->txt = (uint32_t)ix->txt.len;
	search_text(t, &ix->txt);
	r->ntxt = (uint32_t)(ix->txt.len - r->txt);
	r->ev = (uint32_t)ix->nev;
	r->nev = 0;
	for (size_t i = 0; h && h->kind == YNODE_SEQ && i < h->nr; i++) {
		const struct ynode *e = h->items[i].val;
		const char *at = ynode_get_str(e, "at"), *act = ynode_get_str(e, "action");
		const char *to = ynode_get_str(e, "to"), *who = ynode_get_str(e, "assignee");
		int sat = enum_lookup(vocab(V_SATISFACTION), ynode_get_str(e, "satisfaction"));
		int out = enum_lookup(vocab(V_OUTCOME), ynode_get_str(e, "outcome"));
		int archival = to && strcmp(to, "archived") == 0;
		struct ctime ct;

		if (at == NULL || act == NULL || clock_parse(at, &ct))
			continue;
		if (to && enum_lookup(vocab(V_STATUS), to) >= 0)
			add_event(ix, r, ct.t, IXV_STATUS, enum_lookup(vocab(V_STATUS), to), 0);
		if (sat >= 0 && strcmp(act, "confirm") == 0)
			add_event(ix, r, ct.t, IXV_CONFIRM, sat, 0);
		if (sat >= 0 && strcmp(act, "revisit") == 0)
			add_event(ix, r, ct.t, IXV_REVISIT, sat, 0);
		if (archival && out >= 0) {
			add_event(ix, r, ct.t, IXV_OUTCOME, out, 0);
			archived = IX_NONE;
		} else if (archival) {
			archived = ct.t;
		} else if (strcmp(act, "reopen") == 0) {
			/* what it took, for an archival that did not say it */
			int was = enum_lookup(vocab(V_OUTCOME), ynode_get_str(e, "previous_outcome"));
			if (was >= 0 && archived != IX_NONE)
				add_event(ix, r, archived, IXV_OUTCOME, was, 0);
			add_event(ix, r, ct.t, IXV_OUTCOME, IX_NO_OUTCOME, 0);
			archived = IX_NONE;
		}
		for (int k = 0; k < 2; k++) {
			/* replaced by a reopening, or by a new priority or category */
			const char *old = ynode_get_str(e, k ? "due_resolution" : "due_response");
			if (old == NULL)
				old = ynode_get_str(e, k ? "previous_due_resolution" :
				    "previous_due_response");
			if (old)
				add_event(ix, r, ct.t, k ? IXV_DUE_RESOLUTION : IXV_DUE_RESPONSE, 0,
				    intern(ix, in, old));
		}
		if (strcmp(act, "assign") == 0 || strcmp(act, "reassign") == 0 ||
		    strcmp(act, "escalate") == 0) {
			/* the first to name an agent names who an unnamed
			 * assignment gave the ticket to, as `previous` */
			const char *was = ynode_get_str(e, "previous");
			if (!named && unnamed != IX_NONE && was && *was) {
				add_event(ix, r, unnamed, IXV_ASSIGN, IX_ASSIGN_RECOVERED,
				    intern(ix, in, was));
				named = 1;
			}
			if (who) {
				add_event(ix, r, ct.t, IXV_ASSIGN, 0, intern(ix, in, who));
				named = 1;
			} else if (!named && strcmp(act, "assign") == 0) {
				unnamed = ct.t;	/* (an escalation without --to keeps the agent) */
			}
		}
		if (strcmp(act, "unconfirmed") == 0)
			add_event(ix, r, ct.t, IXV_UNCONFIRMED, 0, 0);
		else if (strcmp(act, "revisit-missed") == 0)
			add_event(ix, r, ct.t, IXV_REVISIT_MISSED, 0, 0);
		else if (strcmp(act, "reopen") == 0)
			add_event(ix, r, ct.t, IXV_REOPEN_ARCHIVED, 0, 0);
		if (strcmp(act, "contact") == 0)
			add_event(ix, r, ct.t, IXV_CONTACT, 0, 0);
		else if (strcmp(act, "escalate") == 0)
			add_event(ix, r, ct.t, IXV_ESCALATE, 0, 0);
		if (strcmp(act, "reopen") == 0 || (to && strcmp(to, "assigned") == 0 &&
		    (strcmp(act, "confirm") == 0 || strcmp(act, "revisit") == 0)))
			add_event(ix, r, ct.t, IXV_REOPEN, 0, 0);
		value_events(ix, in, r, e, ct.t, known);
		{
			/* the revisit date a confirmation set, when it says so */
			const char *rd = ynode_get_str(e, "revisit_due");
			struct ctime due;
			if (rd && clock_parse(rd, &due) == 0)
				add_event(ix, r, due.t, IXV_REVISIT_DUE, 0, 0);
		}
	}
	if (past_now(ix, r))
		r->flags |= IXR_PAST_NOW;
}

const char *
ix_field_text(const struct index *ix, const struct ix_rec *r, enum field_id f,
    char buf[CLOCK_BUFSZ])
{
	const struct field *fd = &fields[f];
	struct ctime ct;
	int v;

	switch (fd->ix) {
	case IXK_TIME:
		if (r->t[fd->slot] == IX_NONE)
			return NULL;
		ct.t = r->t[fd->slot];
		ct.off = r->off[fd->slot] * 60;
		clock_format(&ct, buf);
		return buf;
	case IXK_STR:
		return *ix_str(ix, r->s[fd->slot]) ? ix_str(ix, r->s[fd->slot]) : NULL;
	case IXK_ENUM:
		v = r->e[fd->slot];
		return v >= 0 && v < vocab(fd->voc)->n ? vocab(fd->voc)->v[v].key : NULL;
	case IXK_INT:
		if ((v = r->n[fd->slot]) < 0)
			return NULL;
		{
			/* v >= 0: its digits, without printf (export writes
			 * a million rows of these) */
			char *e = buf + CLOCK_BUFSZ - 1;
			*e = '\0';
			do
				*--e = (char)('0' + v % 10);
			while ((v /= 10) > 0);
			return e;
		}
	case IXK_NONE:
		break;
	}
	return NULL;
}

int64_t
ix_deadline_now(const struct ix_rec *x, int64_t now, double *over, int *promised)
{
	int64_t due = IX_NONE;

	*over = lc_hours_over(x->status, x->t[IXT_RESPONDED], x->t[IXT_DUE_RESPONSE],
	    x->t[IXT_DUE_RESOLUTION], x->t[IXT_REVISIT_DUE], now, &due);
	/* A date promised for the resolution, once the customer has been
	 * reached: before that, the response deadline is the one that matters. */
	*promised = x->status <= ST_ASSIGNED && x->t[IXT_PROMISED] != IX_NONE &&
	    x->t[IXT_RESPONDED] != IX_NONE;
	if (*promised)
		return x->t[IXT_PROMISED];
	if (*over > 0)
		return due;
	if (x->status == ST_FOLLOWUP)
		return x->t[IXT_REVISIT_DUE];
	if (x->status <= ST_ASSIGNED && x->t[IXT_RESPONDED] == IX_NONE)
		return x->t[IXT_DUE_RESPONSE];
	if (x->status <= ST_ASSIGNED)
		return x->t[IXT_DUE_RESOLUTION];
	return IX_NONE;
}

int64_t
ix_due_at(const struct index *ix, const struct ix_rec *r, int resolution, int64_t at)
{
	enum ix_event_kind kind = resolution ? IXV_DUE_RESOLUTION : IXV_DUE_RESPONSE;

	for (uint32_t i = 0; i < r->nev; i++) {
		const struct ix_event *e = &ix->ev[r->ev + i];
		struct ctime ct;
		if (e->kind == kind && e->t > at)
			return clock_parse(ix_str(ix, e->str), &ct) == 0 ? ct.t : IX_NONE;
	}
	return r->t[resolution ? IXT_DUE_RESOLUTION : IXT_DUE_RESPONSE];
}

void
ix_past(const struct index *ix, const struct ix_rec *r, struct ix_past *p)
{
	p->known = 1;
	p->classified = IX_NONE;
	p->changed = 0;
	for (uint32_t i = 0; i < r->nev; i++) {
		const struct ix_event *e = &ix->ev[r->ev + i];
		if (e->kind == IXV_VALUE)
			p->changed = 1;
		else if (ix_classifying(e) && p->classified == IX_NONE)
			p->classified = e->t;
	}
}

const char *
ix_value_scan(const struct index *ix, const struct ix_rec *r, enum field_id f, int64_t at)
{
	const char *later = NULL;	/* the value a later change replaced */
	int moves = 0, classified = 0;	/* by `at` */

	for (uint32_t i = 0; i < r->nev; i++) {
		const struct ix_event *e = &ix->ev[r->ev + i];
		moves |= e->kind == IXV_STATUS;
		classified |= ix_classifying(e) && e->t <= at;
		if (later == NULL && e->kind == IXV_VALUE && e->val == (uint8_t)f && e->t > at)
			later = ix_str(ix, e->str);
	}
	/* Not classified yet (still in intake, or rejected from it): what a
	 * classification gives it has none, whatever was given by hand.  A
	 * history without its moves says nothing of it. */
	if (ix_classified_field(f) && moves && !classified)
		return "";
	return later;
}

void
index_one(struct index *one, const struct ticket *t)
{
	struct intern in = { NULL, 0, 0 };

	memset(one, 0, sizeof(*one));
	ALLOC_GROW(one->str, 1, one->astr);
	one->str[0] = '\0';
	one->nstr = 1;
	ALLOC_GROW(one->rec, 1, one->arec);
	memset(&one->rec[0], 0, sizeof(one->rec[0]));
	one->nrec = 1;
	record(one, &in, &one->rec[0], t);
	free(in.slot);
}

/* ---- reading the files ---- */

static int64_t
ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ns(&ts);
}

/* One load of the whole index: its progress across segments, where the
 * problems of files that do not load go, and whether to rebuild. */
struct loading {
	struct progress progress;
	const struct diag *diag;	/* NULL: warnings on stderr */
	int fresh_only;
	/* Records of files just written (an import's), or NULL; then each
	 * segment is saved and let go with them, none kept in the set. */
	struct ix_known *known;
	int text;		/* the readers want the searchable text */
	int64_t from, to;	/* the period wanted, when from < to */
	int64_t all_from;	/* (>= from) and before it, only records of */
	int cat;		/* category cat created in [from, to) */
	int keyed, phone4;	/* a search: see struct ix_want */
	const char *name;
	int linked;
	int history;		/* a trimmed month keeps its records' events */
};

/* What packed months unpack into, kept from one month to the next a
 * worker reads (trim_range): its pages are touched once. */
struct trim_buf {
	struct ix_rec *chunk_rec;	/* TRIM_BATCH chunks */
	struct ix_event *chunk_ev;
	size_t chunk_aev;
	char *str;		/* a month's strings (a month that keeps few records
				 * copies theirs out: strings_rebuild()) */
	size_t astr;
};

struct build {
	struct loading *lo;
	struct store *s;
	struct index *old;	/* may be NULL */
	struct index *ix;	/* being built */
	struct intern in;	/* strings added in this build */
};

static char **
names(int dfd, size_t *n, int dirs)
{
	return store_names(dfd, n, dirs ? NAMES_DIRS : NAMES_YAML);
}

static void
warn_stderr(const char *msg)
{
	utf8_print_message("warning: ", msg);
}

/* A warning of the load: to its diag (check's report), else stderr. */
static void
lo_warn(const struct loading *lo, const char *msg)
{
	if (lo->diag)
		lo->diag->report(lo->diag->ctx, msg);
	else
		warn_stderr(msg);
}

/* The old records of directory `d`: [*lo, *hi). */
static void
old_range(const struct index *old, uint32_t d, size_t *lo, size_t *hi)
{
	size_t a = 0, b = old->nrec;

	while (a < b) {
		size_t m = (a + b) / 2;
		if (old->rec[m].dir < d)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	b = old->nrec;
	while (a < b) {
		size_t m = (a + b) / 2;
		if (old->rec[m].dir <= d)
			a = m + 1;
		else
			b = m;
	}
	*hi = a;
}

/* The text of `o` in `from` (loaded) becomes r's in `ix`. */
static void
copy_text(struct index *ix, struct ix_rec *r, const struct index *from,
    const struct ix_rec *o)
{
	r->txt = (uint32_t)ix->txt.len;
	sb_add(&ix->txt, from->txt.buf + o->txt, o->ntxt);
}

/* Copy an old record and its events; strings keep their offsets (the new
 * string table starts as a copy of the old one). */
static void
keep(struct build *b, const struct ix_rec *o, uint32_t dir)
{
	struct ix_rec *r;

	ALLOC_GROW(b->ix->rec, b->ix->nrec + 1, b->ix->arec);
	r = &b->ix->rec[b->ix->nrec++];
	*r = *o;
	r->dir = dir;
	r->ev = (uint32_t)b->ix->nev;
	ALLOC_GROW(b->ix->ev, b->ix->nev + o->nev, b->ix->aev);
	memcpy(b->ix->ev + b->ix->nev, b->old->ev + o->ev, o->nev * sizeof(struct ix_event));
	b->ix->nev += o->nev;
	copy_text(b->ix, r, b->old, o);
}

/* ---- records known without reading their files (index_known_*) ---- */

struct known_key {
	const char *id;
	uint32_t rec;
};

struct known_seg {
	struct index ix;	/* dir[0].name: the directory */
	struct intern in;
	struct known_key *order;	/* records by ID, for the lookup */
	/* A part put aside: its arrays are in spill_fd from `off`. */
	int spilled;
	uint64_t off, nrec, nev, nstr, ntxt;
};

static int
by_known_id(const void *a, const void *b)
{
	return strcmp(((const struct known_key *)a)->id, ((const struct known_key *)b)->id);
}

/* The lookup of a part's records by ID. */
static void
known_order(struct known_seg *g)
{
	free(g->order);
	g->order = xcalloc(g->ix.nrec + 1, sizeof(*g->order));
	for (size_t r = 0; r < g->ix.nrec; r++) {
		g->order[r].id = ix_str(&g->ix, g->ix.rec[r].s[IXS_ID]);
		g->order[r].rec = (uint32_t)r;
	}
	qsort(g->order, g->ix.nrec, sizeof(*g->order), by_known_id);
}

static size_t
known_bytes(const struct index *ix)
{
	return ix->nrec * sizeof(struct ix_rec) + ix->nev * sizeof(struct ix_event) +
	    ix->nstr + ix->txt.len;
}

void
index_known_init(struct ix_known *k, int spill_dir)
{
	memset(k, 0, sizeof(*k));
	k->spill_dir = spill_dir;
	k->spill_fd = -1;
	k->held_max = KNOWN_HELD;
}

/* Its memory, but not its directory: still found, with no records. */
static void
known_seg_release(struct known_seg *g)
{
	struct ix_dir *d = g->ix.dir;

	g->ix.dir = NULL;
	index_release_one(&g->ix);
	free(g->in.slot);
	free(g->order);
	memset(g, 0, sizeof(*g));
	g->ix.dir = d;
	g->ix.ndir = g->ix.adir = 1;
}

/* Every part being filled is written to the spill file and let go. */
static const struct error *
known_spill(struct ix_known *k)
{
	if (k->spill_fd < 0 && (k->spill_fd = atomic_tmpfile(k->spill_dir)) < 0)
		return error_sys("cannot put the import's index records aside in the "
		    "store's .tmp");
	for (size_t i = 0; i < k->n; i++) {
		struct known_seg *g = &k->seg[i];
		struct index *ix = &g->ix;
		uint64_t off = k->spilled;

		if (g->spilled || ix->nrec == 0)
			continue;
		if (atomic_io_write(k->spill_fd, ix->rec, ix->nrec * sizeof(*ix->rec)) < 0 ||
		    atomic_io_write(k->spill_fd, ix->ev, ix->nev * sizeof(*ix->ev)) < 0 ||
		    atomic_io_write(k->spill_fd, ix->str, ix->nstr) < 0 ||
		    atomic_io_write(k->spill_fd, ix->txt.buf, ix->txt.len) < 0)
			return error_sys("cannot put the import's index records aside in "
			    "the store's .tmp");
		k->spilled += known_bytes(ix);
		{
			uint64_t nrec = ix->nrec, nev = ix->nev, nstr = ix->nstr;
			uint64_t ntxt = ix->txt.len;
			known_seg_release(g);
			g->spilled = 1;
			g->off = off;
			g->nrec = nrec;
			g->nev = nev;
			g->nstr = nstr;
			g->ntxt = ntxt;
		}
	}
	k->held = 0;
	return NULL;
}

static int
pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = pread(fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* The parts of directory `name` put aside, read back.  A part that does
 * not read back is left out: its files are read instead. */
static void
known_unspill(struct ix_known *k, const char *name)
{
	for (size_t i = 0; k && i < k->n; i++) {
		struct known_seg *g = &k->seg[i];
		struct index *ix = &g->ix;
		uint64_t off = g->off;

		if (!g->spilled || strcmp(ix->dir[0].name, name) != 0)
			continue;
		g->spilled = 0;
		ix->rec = xcalloc(g->nrec + 1, sizeof(*ix->rec));
		ix->ev = xcalloc(g->nev + 1, sizeof(*ix->ev));
		ix->str = xmalloc(g->nstr + 1);
		sb_grow(&ix->txt, g->ntxt);
		if (pread_all(k->spill_fd, ix->rec, g->nrec * sizeof(*ix->rec), off) < 0 ||
		    pread_all(k->spill_fd, ix->ev, g->nev * sizeof(*ix->ev),
		    off += g->nrec * sizeof(*ix->rec)) < 0 ||
		    pread_all(k->spill_fd, ix->str, g->nstr, off += g->nev * sizeof(*ix->ev)) < 0 ||
		    pread_all(k->spill_fd, ix->txt.buf, g->ntxt, off += g->nstr) < 0) {
			known_seg_release(g);
			continue;
		}
		ix->nrec = ix->arec = g->nrec;
		ix->nev = ix->aev = g->nev;
		ix->nstr = ix->astr = g->nstr;
		ix->txt.len = g->ntxt;
		ix->txt.buf[ix->txt.len] = '\0';
		known_order(g);
	}
}

const struct error *
index_known_add(struct ix_known *k, const struct ticket *t, const char *dir,
    const struct stat *st)
{
	struct known_seg *g = NULL;
	struct ix_rec *r;
	size_t before;

	for (size_t i = k->n; i-- > 0 && g == NULL;)
		if (!k->seg[i].spilled && strcmp(k->seg[i].ix.dir[0].name, dir) == 0)
			g = &k->seg[i];
	if (g == NULL) {
		ALLOC_GROW(k->seg, k->n + 1, k->alloc);
		g = &k->seg[k->n++];
		memset(g, 0, sizeof(*g));
		ALLOC_GROW(g->ix.dir, 1, g->ix.adir);
		memset(g->ix.dir, 0, sizeof(*g->ix.dir));
		g->ix.ndir = 1;
		snprintf(g->ix.dir[0].name, sizeof(g->ix.dir[0].name), "%s", dir);
	}
	if (g->ix.nstr == 0) {
		ALLOC_GROW(g->ix.str, 1, g->ix.astr);
		g->ix.str[0] = '\0';
		g->ix.nstr = 1;
	}
	before = known_bytes(&g->ix);
	ALLOC_GROW(g->ix.rec, g->ix.nrec + 1, g->ix.arec);
	r = &g->ix.rec[g->ix.nrec++];
	memset(r, 0, sizeof(*r));
	record(&g->ix, &g->in, r, t);
	r->mtime_ns = ns(&st->st_mtim);
	r->size = st->st_size;
	r->ino = st->st_ino;
	k->held += known_bytes(&g->ix) - before;
	if (k->spill_dir >= 0 && k->held > k->held_max)
		return known_spill(k);
	return NULL;
}

size_t
index_known_held(const struct ix_known *k)
{
	size_t n = 0;

	for (size_t i = 0; i < k->n; i++)
		n += k->seg[i].ix.nrec;
	return n;
}

void
index_known_release(struct ix_known *k)
{
	size_t max;

	for (size_t i = 0; i < k->n; i++) {
		index_release_one(&k->seg[i].ix);
		free(k->seg[i].in.slot);
		free(k->seg[i].order);
	}
	free(k->seg);
	if (k->spill_fd >= 0)
		close(k->spill_fd);
	max = k->held_max;
	index_known_init(k, k->spill_dir);
	k->held_max = max;
}

/* What a record keeps of its file's stat: a file is the same while these are. */
struct file_id {
	int64_t mtime_ns, size;
	uint64_t ino;
};

static struct file_id
file_id(const struct stat *st)
{
	struct file_id f = { ns(&st->st_mtim), st->st_size, st->st_ino };

	return f;
}

/* The known record of `name` in the segment being built, if its file is
 * still the one written. */
static const struct ix_rec *
known_rec(const struct build *b, const char *name, const struct file_id *st,
    const struct index **from)
{
	const struct ix_known *k = b->lo->known;
	size_t len = strlen(name) - 5;

	for (size_t i = 0; k && i < k->n; i++) {
		const struct known_seg *g = &k->seg[i];
		size_t lo = 0, hi = g->ix.nrec;

		if (strcmp(g->ix.dir[0].name, b->ix->dir[b->ix->ndir - 1].name) != 0)
			continue;
		while (lo < hi) {
			size_t m = (lo + hi) / 2;
			const struct ix_rec *r = &g->ix.rec[g->order[m].rec];
			const char *id = g->order[m].id;
			int c = strncmp(id, name, len);

			if (c == 0 && id[len] != '\0')
				c = 1;
			if (c == 0) {
				if (r->mtime_ns != st->mtime_ns || r->size != st->size ||
				    r->ino != st->ino)
					return NULL;
				*from = &g->ix;
				return r;
			}
			if (c < 0)
				lo = m + 1;
			else
				hi = m;
		}
	}
	return NULL;
}

/* A known record copied in: its strings into this segment's table. */
static void
adopt(struct build *b, const struct index *from, const struct ix_rec *o, uint32_t dir)
{
	struct ix_rec *r;

	ALLOC_GROW(b->ix->rec, b->ix->nrec + 1, b->ix->arec);
	r = &b->ix->rec[b->ix->nrec++];
	*r = *o;
	r->dir = dir;
	r->racy = b->ix->built_ns - r->mtime_ns < RACY_NS;
	for (int k = 0; k < IXS_COUNT; k++)
		r->s[k] = intern(b->ix, &b->in, ix_str(from, o->s[k]));
	r->ev = (uint32_t)b->ix->nev;
	ALLOC_GROW(b->ix->ev, b->ix->nev + o->nev, b->ix->aev);
	for (uint32_t i = 0; i < o->nev; i++) {
		struct ix_event e = from->ev[o->ev + i];
		e.str = intern(b->ix, &b->in, ix_str(from, e.str));
		b->ix->ev[b->ix->nev++] = e;
	}
	copy_text(b->ix, r, from, o);
}

/* Load a file into a new record; 0 on success. */
static int
fresh(struct build *b, int dfd, const char *dispdir, const char *name, uint32_t dir,
    const struct file_id *st)
{
	char *disp;
	struct ticket t = { NULL };
	const struct error *err;
	struct ix_rec *r;
	const struct ix_rec *known;
	const struct index *from;

	b->ix->dirty = 1;
	progress_tick(&b->lo->progress, 1);
	if ((known = known_rec(b, name, st, &from)) != NULL) {
		adopt(b, from, known, dir);
		return 0;
	}
	b->ix->reread++;
	disp = xasprintf("%s/%s", dispdir, name);
	if ((err = store_load_file(dfd, name, disp, &t)) != NULL) {
		store_report_bad(b->lo->diag, dfd, name, disp, err);
		free(disp);
		return -1;
	}
	ALLOC_GROW(b->ix->rec, b->ix->nrec + 1, b->ix->arec);
	r = &b->ix->rec[b->ix->nrec++];
	memset(r, 0, sizeof(*r));
	record(b->ix, &b->in, r, &t);
	r->dir = dir;
	r->mtime_ns = st->mtime_ns;
	r->size = st->size;
	r->ino = st->ino;
	r->racy = b->ix->built_ns - r->mtime_ns < RACY_NS;
	b->ix->settled += !r->racy;
	ticket_release(&t);
	free(disp);
	return 0;
}

/* A record's file: ID.yaml, in name[FILE_NAME_MAX]. */
#define FILE_NAME_MAX 80
static const char *
file_of(const struct index *ix, const struct ix_rec *r, char *name)
{
	snprintf(name, FILE_NAME_MAX, "%s.yaml", ix_str(ix, r->s[IXS_ID]));
	return name;
}

static int
same_file(const struct ix_rec *o, const struct file_id *st)
{
	return !o->racy && o->mtime_ns == st->mtime_ns && o->size == st->size &&
	    o->ino == st->ino;
}

/* A directory's files looked at (fstatat) on every core, before the
 * records are matched to them: a month of a million-ticket store holds
 * 85 000, tickets/ some thousands, and a write changes the directory. */
struct name_stat {
	struct file_id id;
	int kind;		/* 1: a regular file, 0: gone, -1: something else */
};
#define STAT_SPLIT 1024		/* files a thread looks at, at least */

struct stat_names {
	int dfd;
	char **v;
	struct name_stat *st;
};

static void
stat_names(void *arg, size_t lo, size_t hi)
{
	struct stat_names *a = arg;

	for (size_t i = lo; i < hi; i++) {
		struct stat st;

		if (fstatat(a->dfd, a->v[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			a->st[i].kind = 0;
			continue;
		}
		a->st[i].kind = S_ISREG(st.st_mode) ? 1 : -1;
		a->st[i].id = file_id(&st);
	}
}

/* One directory.  `dir_same`: its mtime and inode match the old index and
 * were not racy, so no file was added, removed or renamed here; then only
 * racy records are looked at again (and, with `check_files`, every file
 * is stat-checked). */
static void
scan_dir(struct build *b, int dfd, const char *dispdir, const struct stat *dst,
    const char *dirname, int olddir, int check_files)
{
	struct ix_dir *d;
	uint32_t dir = (uint32_t)b->ix->ndir;
	size_t lo = 0, hi = 0;
	int dir_same;

	ALLOC_GROW(b->ix->dir, b->ix->ndir + 1, b->ix->adir);
	d = &b->ix->dir[b->ix->ndir++];
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", dirname);
	d->mtime_ns = ns(&dst->st_mtim);
	d->ctime_ns = ns(&dst->st_ctim);
	d->ino = dst->st_ino;
	d->racy = b->ix->built_ns - d->mtime_ns < RACY_NS;
	if (olddir >= 0)
		old_range(b->old, (uint32_t)olddir, &lo, &hi);
	dir_same = olddir >= 0 && !b->old->dir[olddir].racy &&
	    b->old->dir[olddir].mtime_ns == d->mtime_ns &&
	    b->old->dir[olddir].ctime_ns == d->ctime_ns && b->old->dir[olddir].ino == d->ino;
	if (!dir_same || d->racy)
		b->ix->dirty = 1;

	if (dir_same && !check_files) {
		d->nfiles = b->old->dir[olddir].nfiles;	/* the same names */
		for (size_t i = lo; i < hi; i++) {
			const struct ix_rec *o = &b->old->rec[i];
			struct stat st;
			char name[FILE_NAME_MAX];

			if (!o->racy) {
				keep(b, o, dir);
				continue;
			}
			if (fstatat(dfd, file_of(b->old, o, name), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISREG(st.st_mode)) {
				struct file_id id = file_id(&st);

				fresh(b, dfd, dispdir, name, dir, &id);
			}
		}
		return;
	}
	{
		size_t n, k = lo;
		char **v = names(dfd, &n, 0);
		struct stat_names sn = { dfd, v, xmalloc((n ? n : 1) * sizeof(*sn.st)) };

		d->nfiles = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
		workers_run(n, STAT_SPLIT, stat_names, &sn);
		for (size_t i = 0; i < n; i++) {
			size_t len = strlen(v[i]) - 5;
			const struct ix_rec *o = NULL;

			/* old records and names are both sorted: walk them together */
			while (k < hi && strncmp(ix_str(b->old, b->old->rec[k].s[IXS_ID]), v[i],
			    len) < 0)
				k++, b->ix->dirty = 1;	/* a record whose file is gone */
			if (k < hi && strlen(ix_str(b->old, b->old->rec[k].s[IXS_ID])) == len &&
			    strncmp(ix_str(b->old, b->old->rec[k].s[IXS_ID]), v[i], len) == 0)
				o = &b->old->rec[k++];
			if (sn.st[i].kind == 0)
				continue;
			if (sn.st[i].kind < 0) {
				char *msg = xasprintf("%s/%s: not a regular file (a link?); skipped",
				    dispdir, v[i]);
				lo_warn(b->lo, msg);
				free(msg);
				continue;
			}
			if (o && same_file(o, &sn.st[i].id))
				keep(b, o, dir);
			else
				fresh(b, dfd, dispdir, v[i], dir, &sn.st[i].id);
		}
		if (k < hi)
			b->ix->dirty = 1;
		free(sn.st);
		store_names_free(v, n);
	}
}

/* Build segment `name` (one directory) from the files, reusing `old`. */
static void
scan_segment(struct store *s, int dfd, const char *dispdir, const char *name,
    const struct index *old, int check_files, struct index *ix, struct loading *lo)
{
	struct build b;
	struct stat st;

	memset(ix, 0, sizeof(*ix));
	memset(&b, 0, sizeof(b));
	/* Records are kept with their text: a segment whose text is damaged
	 * is built again from the files. */
	if (old && index_text((struct index *)old) == NULL)
		old = NULL;
	b.s = s;
	b.old = (struct index *)old;
	b.ix = ix;
	b.lo = lo;
	ix->built_ns = now_ns();
	if (old) {
		/* Records kept from the old segment keep their string offsets. */
		ix->str = xmalloc(old->nstr + 1);
		memcpy(ix->str, old->str, old->nstr);
		ix->nstr = ix->astr = old->nstr;
		ix->base_nstr = old->base_nstr;
		ix->rec = xmalloc((old->nrec + 16) * sizeof(struct ix_rec));
		ix->arec = old->nrec + 16;
		ix->ev = xmalloc((old->nev + 64) * sizeof(struct ix_event));
		ix->aev = old->nev + 64;
	} else {
		ALLOC_GROW(ix->str, 1, ix->astr);
		ix->str[0] = '\0';
		ix->nstr = 1;
	}
	if (fstat(dfd, &st) == 0)
		scan_dir(&b, dfd, dispdir, &st, name, old && old->ndir == 1 ? 0 : -1,
		    check_files);
	if (old == NULL)
		ix->dirty = 1;
	free(b.in.slot);
}

/* Rebuild the string table from what the records use, when it has grown
 * with strings no record points at any more. */
static void
strings_rebuild(struct index *ix)
{
	struct index tmp;
	struct intern in;

	memset(&tmp, 0, sizeof(tmp));
	memset(&in, 0, sizeof(in));
	ALLOC_GROW(tmp.str, 1, tmp.astr);
	tmp.str[0] = '\0';
	tmp.nstr = 1;
	for (size_t i = 0; i < ix->nrec; i++)
		for (int k = 0; k < IXS_COUNT; k++)
			ix->rec[i].s[k] = intern(&tmp, &in, ix_str(ix, ix->rec[i].s[k]));
	for (size_t i = 0; i < ix->nev; i++)
		ix->ev[i].str = intern(&tmp, &in, ix_str(ix, ix->ev[i].str));
	free(in.slot);
	ix->str = tmp.str;
	ix->nstr = tmp.nstr;
	ix->astr = tmp.astr;
}

static void
compact(struct index *ix)
{
	char *old = ix->str;

	strings_rebuild(ix);
	free(old);
	ix->base_nstr = ix->nstr;
}

/* ---- the file ---- */

static void
empty(struct index *ix)
{
	memset(ix, 0, sizeof(*ix));
}

/* A header this build wrote: same magic, layout and vocabulary. */
static int
header_ok(const struct ix_header *h)
{
	return memcmp(h->magic, MAGIC, 8) == 0 && h->rec_size == sizeof(struct ix_rec) &&
	    h->ev_size == sizeof(struct ix_event) && h->dir_size == sizeof(struct ix_dir) &&
	    h->vocab == vocab_fingerprint();
}

/* Is the directory as segment `d` saw it: same mtime and inode, and
 * nothing in the segment racy? */
static int
dir_current(int dfd, const struct ix_dir *d, int any_racy)
{
	struct stat st;

	return !any_racy && !d->racy && fstat(dfd, &st) == 0 &&
	    ns(&st.st_mtim) == d->mtime_ns && ns(&st.st_ctim) == d->ctime_ns &&
	    st.st_ino == d->ino;
}

/* What map_segment() lays over a mapping besides the index itself. */
struct seg_map {
	const struct ix_span *spans;
	const struct ix_key *keys;
	int16_t lim[IXE_COUNT];	/* each enumeration's count of values (rec_ok) */
	int packed;
	struct ix_packed pk;	/* when packed: rec, ev and str are not mapped */
};

/*
 * Map a segment read-only and lay its arrays over the mapping, after
 * checking its header and length: nothing of the records is read yet.
 */
static int
map_segment(int xfd, const char *name, struct index *ix, struct seg_map *m)
{
	struct ix_header h;
	struct stat st;
	char *base, *p;
	size_t len, need;
	int fd = xfd < 0 ? -1 : openat(xfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	empty(ix);
	memset(m, 0, sizeof(*m));
	for (int f = 0; f < F_COUNT; f++)
		if (fields[f].ix == IXK_ENUM)
			m->lim[fields[f].slot] = (int16_t)vocab(fields[f].voc)->n;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(h)) {
		close(fd);
		return -1;
	}
	len = (size_t)st.st_size;
	base = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (base == MAP_FAILED)
		return -1;
	memcpy(&h, base, sizeof(h));
	/* (Packed, the events and strings may take more than the file:
	 * they are bound by the records' 32-bit offsets instead.) */
	if (!header_ok(&h) || h.nrec > len || h.ndir > len || h.nztxt > len ||
	    h.nchunk > len || h.npiece > len || h.nz > len || h.packed > 1 ||
	    (h.packed ? h.nev > UINT32_MAX || h.nstr > UINT32_MAX :
	    h.nev > len || h.nstr > len) ||
	    h.ntxt > UINT32_MAX || (h.ntxt == 0) != (h.nztxt == 0) || h.nstr == 0)
		goto bad;	/* not ours, old or damaged: rebuilt */
	need = sizeof(h) + h.ndir * sizeof(struct ix_dir) +
	    h.nrec * (sizeof(struct ix_span) + sizeof(struct ix_key));
	if (h.packed)
		need += h.nchunk * sizeof(struct ix_chunk) + h.npiece * sizeof(struct ix_piece) +
		    h.nz;
	else
		need += h.nrec * sizeof(struct ix_rec) + h.nev * sizeof(struct ix_event) + h.nstr;
	if (need + h.nztxt != len || (h.packed && (h.nchunk != ix_pack_nchunk(h.nrec) ||
	    h.npiece != ix_pack_npiece(h.nstr))) || (!h.packed && base[need - 1] != '\0'))
		goto bad;
	ix->map = base;
	ix->maplen = len;
	p = base + sizeof(h);
	ix->dir = (struct ix_dir *)p;
	ix->ndir = h.ndir;
	p += h.ndir * sizeof(struct ix_dir);
	ix->nrec = h.nrec;
	ix->nev = h.nev;
	ix->nstr = h.nstr;
	if (!h.packed) {
		ix->rec = (struct ix_rec *)p;
		p += h.nrec * sizeof(struct ix_rec);
		ix->ev = (struct ix_event *)p;
		p += h.nev * sizeof(struct ix_event);
	}
	m->spans = (const struct ix_span *)p;
	p += h.nrec * sizeof(struct ix_span);
	m->keys = (const struct ix_key *)p;
	p += h.nrec * sizeof(struct ix_key);
	if (h.packed) {
		m->packed = 1;
		m->pk.chunk = (const struct ix_chunk *)p;
		m->pk.nchunk = h.nchunk;
		p += h.nchunk * sizeof(struct ix_chunk);
		m->pk.piece = (const struct ix_piece *)p;
		m->pk.npiece = h.npiece;
		p += h.npiece * sizeof(struct ix_piece);
		m->pk.z = p;
		m->pk.nz = h.nz;
		m->pk.nrec = h.nrec;
		m->pk.nev = h.nev;
		m->pk.nstr = h.nstr;
		if (!ix_pack_tables_ok(&m->pk)) {
			index_release_one(ix);
			return -1;
		}
	} else {
		ix->str = p;
	}
	ix->built_ns = h.built_ns;
	ix->base_nstr = h.base_nstr;
	ix->any_racy = h.any_racy != 0;
	ix->ztxt = h.nztxt ? base + need : NULL;
	ix->nztxt = h.nztxt;
	ix->ntxt = h.ntxt;
	if (ix->ndir != 1 || memchr(ix->dir[0].name, '\0', sizeof(ix->dir[0].name)) == NULL ||
	    strcmp(ix->dir[0].name, name) != 0) {
		index_release_one(ix);
		return -1;
	}
	return 0;
bad:
	munmap(base, len);
	return -1;
}

/*
 * Every reference of a record (and, with `events`, of its events) stays
 * inside, and every enumeration is one of its values (`lim`: how many
 * each slot has): a damaged index is rebuilt, not followed.  Branch-free
 * over the arrays would be slower: it runs for every record of a whole
 * segment, and nearly all are whole.
 */
static const uint16_t ev_val_lim[16] = {	/* by kind; 0: no such kind */
	[IXV_STATUS] = ST_COUNT, [IXV_CONFIRM] = SAT_COUNT, [IXV_REVISIT] = SAT_COUNT,
	[IXV_ASSIGN] = 256, [IXV_DUE_RESPONSE] = 256, [IXV_DUE_RESOLUTION] = 256,
	[IXV_REVISIT_DUE] = 256, [IXV_REOPEN] = 256, [IXV_CONTACT] = 256,
	[IXV_ESCALATE] = 256, [IXV_UNCONFIRMED] = 256, [IXV_REVISIT_MISSED] = 256,
	[IXV_REOPEN_ARCHIVED] = 256, [IXV_VALUE] = F_COUNT, [IXV_OUTCOME] = 256,
};
_Static_assert(IXV_OUTCOME == 14, "every event kind has its limit above");

static int
rec_ok(const struct index *ix, const struct ix_rec *r, uint16_t prev_dir, int events,
    const int16_t lim[IXE_COUNT])
{
	if ((uint64_t)r->ev + r->nev > ix->nev || r->dir >= ix->ndir ||
	    (uint64_t)r->txt + r->ntxt > ix->ntxt || r->dir < prev_dir)
		return 0;
	for (int k = 0; k < IXS_COUNT; k++)
		if (r->s[k] >= ix->nstr)
			return 0;
	for (int k = 0; k < IXE_COUNT; k++)	/* -1 ≤ e < lim */
		if ((uint16_t)(r->e[k] + 1) > (uint16_t)lim[k])
			return 0;
	for (uint32_t i = r->ev; events && i < r->ev + r->nev; i++) {
		const struct ix_event *e = &ix->ev[i];
		if (e->str >= ix->nstr || e->kind >= 16 || e->val >= ev_val_lim[e->kind])
			return 0;
	}
	return 1;
}

/* Map a segment whole: everything but the compressed text is read by
 * every use, so it is faulted in at once (a packed one unpacked) and
 * checked. */
static int
read_index(int xfd, const char *name, struct index *ix)
{
	struct seg_map m;
	size_t front;

	if (map_segment(xfd, name, ix, &m) < 0)
		return -1;
	front = m.packed ? (size_t)(m.pk.z + m.pk.nz - (char *)ix->map) :
	    (size_t)(ix->str + ix->nstr - (char *)ix->map);
#ifdef MADV_POPULATE_READ
	if (madvise(ix->map, front, MADV_POPULATE_READ) != 0)
#endif
		(void)madvise(ix->map, front, MADV_WILLNEED);
	if (m.packed) {
		/* What the header says the events and strings unpack to is
		 * not believed before they do: no abort on a damaged size. */
		ix->rec = xmalloc((ix->nrec ? ix->nrec : 1) * sizeof(struct ix_rec));
		ix->ev = malloc((ix->nev ? ix->nev : 1) * sizeof(struct ix_event));
		ix->str = malloc(ix->nstr);
		ix->rec_owned = ix->ev_owned = ix->str_owned = 1;
		if (ix->ev == NULL || ix->str == NULL ||
		    ix_unpack_all(&m.pk, ix->rec, ix->ev, ix->str) < 0 ||
		    ix->str[ix->nstr - 1] != '\0') {
			index_release_one(ix);
			return -1;
		}
	}
	for (size_t i = 0; i < ix->nrec; i++)
		if (!rec_ok(ix, &ix->rec[i], i > 0 ? ix->rec[i - 1].dir : 0, 1, m.lim)) {
			index_release_one(ix);
			return -1;
		}
	return 0;
}

/* The earliest and latest time a record holds (INT64_MAX, INT64_MIN when
 * it holds none): its times and its events', but `updated`: a note or an
 * import moves it, and no report figure reads it, so a month imported
 * today still says when its tickets lived.  A segment's span is the
 * union of its records'. */
static void
rec_span(const struct index *ix, const struct ix_rec *r, int64_t *tmin, int64_t *tmax)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;

	for (int k = 0; k < IXT_COUNT; k++) {
		int64_t t = r->t[k];
		if (t == IX_NONE || k == IXT_UPDATED)
			continue;
		lo = t < lo ? t : lo;
		hi = t > hi ? t : hi;
	}
	for (uint32_t e = r->ev; e < r->ev + r->nev; e++) {
		lo = ix->ev[e].t < lo ? ix->ev[e].t : lo;
		hi = ix->ev[e].t > hi ? ix->ev[e].t : hi;
	}
	*tmin = lo;
	*tmax = hi;
}

/* Does a span of hours meet [from, to)?  Whole hours: never too few. */
static int
span_meets(const struct ix_span *sp, int64_t from, int64_t to)
{
	return sp->lo <= sp->hi && (int64_t)sp->lo * 3600 < to &&
	    ((int64_t)sp->hi + 1) * 3600 > from;
}

static void
span(const struct index *ix, int64_t *tmin, int64_t *tmax, struct ix_span *each)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;

	for (size_t i = 0; i < ix->nrec; i++) {
		int64_t a, b;
		rec_span(ix, &ix->rec[i], &a, &b);
		each[i].lo = a > b ? 1 : ix_hour(a);
		each[i].hi = a > b ? 0 : ix_hour(b);
		lo = a < lo ? a : lo;
		hi = b > hi ? b : hi;
	}
	*tmin = lo;
	*tmax = hi;
}

/*
 * Is a record wanted for [lo->from, lo->to)?  Its span meets the period
 * from all_from on, or it meets the rest and is of category `cat`,
 * created in the period (read from the record: its page is touched).
 */
static int
wanted(const struct loading *lo, const struct ix_span *sp, const struct ix_rec *r)
{
	int64_t c;

	if (span_meets(sp, lo->all_from, lo->to))
		return 1;
	if (lo->all_from == lo->from || !span_meets(sp, lo->from, lo->to) || r->category != lo->cat)
		return 0;
	c = r->t[IXT_CREATED];
	return c != IX_NONE && c >= lo->from && c < lo->to;
}

/* Can the record with key `k` match the search?  (`names`: bit i set
 * when the string at i holds the name searched for.) */
static int
key_meets(const struct loading *lo, const struct index *ix, const struct ix_key *k,
    const unsigned char *names)
{
	if (!lo->keyed || k->links)
		return 1;
	if (lo->linked)
		return 0;
	if (lo->phone4 >= 0 && k->phone4 != lo->phone4)
		return 0;
	return names == NULL || k->name >= ix->nstr || (names[k->name / 8] >> (k->name % 8) & 1);
}

/* A packed segment's strings, unpacked a piece at a time as records
 * that point into them are kept: the rest of the table stays zeros. */
struct lazy_str {
	const struct ix_packed *pk;
	char *str;
	unsigned char *done;	/* per piece */
	int all;		/* every piece is unpacked, the last ends in NUL */
};

/* Every piece at once, on every core; -1 when one is damaged. */
static int
str_all(struct lazy_str *ls)
{
	if (ix_unpack_strings(ls->pk, ls->str) < 0 || ls->pk->nstr == 0 ||
	    ls->str[ls->pk->nstr - 1] != '\0')
		return -1;
	ls->all = 1;
	return 0;
}

static int
piece_need(struct lazy_str *ls, size_t p)
{
	if (p >= ls->pk->npiece)
		return -1;
	if (!ls->done[p]) {
		if (ix_unpack_piece(ls->pk, p, ls->str) < 0)
			return -1;
		ls->done[p] = 1;
	}
	return 0;
}

/* The string at `off`, to its NUL. */
static int
str_need(struct lazy_str *ls, uint32_t off)
{
	if (off >= ls->pk->nstr)
		return -1;
	if (ls->all)
		return 0;
	for (size_t p = off / IX_PIECE;; p++) {
		size_t from = p * IX_PIECE > off ? p * IX_PIECE : off;
		size_t end = (p + 1) * IX_PIECE < ls->pk->nstr ? (p + 1) * IX_PIECE : ls->pk->nstr;

		if (piece_need(ls, p) < 0)
			return -1;
		if (memchr(ls->str + from, '\0', end - from))
			return 0;
	}
}

/* The key's form of a category (an enumeration, -1: none). */
static uint8_t
key_cat(int cat)
{
	return cat < 0 ? 0 : cat + 1 >= KEY_CAT_MANY ? KEY_CAT_MANY : (uint8_t)(cat + 1);
}

/* Could record i be wanted (from its key and span alone)?  As wanted(),
 * with the key's category for the record's. */
static int
may_want(const struct loading *lo, const struct index *ix, const struct seg_map *m,
    size_t i, const unsigned char *names)
{
	const struct ix_key *k = &m->keys[i];
	const struct ix_span *sp = &m->spans[i];

	if (!key_meets(lo, ix, k, names))
		return 0;
	if (lo->from >= lo->to || span_meets(sp, lo->all_from, lo->to))
		return 1;
	/* packed, its chunk says when its newest ticket was created */
	return lo->all_from != lo->from && span_meets(sp, lo->from, lo->to) &&
	    (k->cat == KEY_CAT_MANY || k->cat == key_cat(lo->cat)) &&
	    (!m->packed || ((int64_t)m->pk.chunk[i / IX_CHUNK].newest + 1) * 3600 > lo->from);
}

static int
want(const struct loading *lo, const struct index *ix, const struct seg_map *m,
    size_t i, const struct ix_rec *r, const unsigned char *names)
{
	return key_meets(lo, ix, &m->keys[i], names) &&
	    (lo->from >= lo->to || wanted(lo, &m->spans[i], r));
}

/* The wanted records of a mapped segment into keep[]; their count, or -1
 * when one is damaged. */
#define TRIM_CHUNK 4096		/* records copied before their pages are let go */
static ssize_t
trim_mapped(const struct loading *lo, const struct index *ix, const struct seg_map *m,
    const unsigned char *names, struct ix_rec *keep)
{
	size_t k = 0, page = (size_t)sysconf(_SC_PAGESIZE);

	for (size_t c = 0; c < ix->nrec; c += TRIM_CHUNK) {
		size_t end = c + TRIM_CHUNK < ix->nrec ? c + TRIM_CHUNK : ix->nrec;
		uintptr_t from = ((uintptr_t)&ix->rec[c] + page - 1) & ~(uintptr_t)(page - 1);
		uintptr_t to = (uintptr_t)&ix->rec[end] & ~(uintptr_t)(page - 1);

		for (size_t i = c; i < end; i++) {
			if (!want(lo, ix, m, i, &ix->rec[i], names))
				continue;
			if (!rec_ok(ix, &ix->rec[i], k ? keep[k - 1].dir : 0, lo->history, m->lim))
				return -1;
			keep[k] = ix->rec[i];
			if (!lo->history)	/* not read, not touched */
				keep[k].ev = keep[k].nev = 0;
			k++;
		}
		/* Read once: the copies are used, so the mapped pages need
		 * not stay (a period's report stays small in memory). */
		if (to > from)
			(void)madvise((void *)from, to - from, MADV_DONTNEED);
	}
	return (ssize_t)k;
}

/* The same of a packed segment: only the chunks that hold a record that
 * may be wanted (`may`: a flag per record, may_want()) are unpacked, of
 * them only those records, and of the strings what the kept records
 * point at.  Their events (lo->history) are copied into ix->ev. */
#define TRIM_BATCH 16	/* chunks unpacked at once (on every core) */
static ssize_t
trim_packed(const struct loading *lo, struct trim_buf *b, struct index *ix, const struct seg_map *m,
    struct lazy_str *ls, const unsigned char *names, const unsigned char *may,
    struct ix_rec *keep)
{
	struct ix_event *out = NULL;
	size_t which[TRIM_BATCH];
	size_t k = 0, nout = 0, aout = 0;
	ssize_t rc = -1;

	if (b->chunk_rec == NULL)
		b->chunk_rec = xmalloc(TRIM_BATCH * IX_CHUNK * sizeof(*b->chunk_rec));
	for (size_t c = 0; c < m->pk.nchunk;) {
		struct ix_rec *rec = b->chunk_rec;
		struct ix_event *ev;
		size_t n = 0, nev = 0, at = 0;

		for (; c < m->pk.nchunk && n < TRIM_BATCH; c++)
			if (memchr(may + c * IX_CHUNK, 1, ix_pack_chunk_len(&m->pk, c))) {
				which[n++] = c;
				nev += m->pk.chunk[c].nev;
			}
		if (lo->history && nev > b->chunk_aev) {
			free(b->chunk_ev);
			b->chunk_aev = 0;
			if ((b->chunk_ev = malloc(nev * sizeof(*ev))) == NULL)
				goto out;	/* as damaged (sizes from the table) */
			b->chunk_aev = nev;
		}
		ev = b->chunk_ev;
		if (ix_unpack_chunks(&m->pk, which, n, may, rec, lo->history ? ev : NULL) < 0)
			goto out;
		for (size_t w = 0; w < n; w++) {
			size_t first = which[w] * IX_CHUNK, len = ix_pack_chunk_len(&m->pk, which[w]);

			for (size_t i = 0; i < len; i++) {
				struct ix_rec *r = &rec[w * IX_CHUNK + i];

				if (!may[first + i] || !want(lo, ix, m, first + i, r, names))
					continue;
				for (int s = 0; s < IXS_COUNT; s++)
					if (str_need(ls, r->s[s]) < 0)
						goto out;
				if (lo->history && r->nev > 0) {
					const struct ix_event *e = ev + at +
					    (r->ev - m->pk.chunk[which[w]].ev);

					ALLOC_GROW(out, nout + r->nev, aout);
					for (uint32_t j = 0; j < r->nev; j++) {
						if (str_need(ls, e[j].str) < 0)
							goto out;
						out[nout + j] = e[j];
					}
					r->ev = (uint32_t)nout;
					nout += r->nev;
				} else {
					r->ev = r->nev = 0;
				}
				keep[k++] = *r;
			}
			at += m->pk.chunk[which[w]].nev;
		}
	}
	ix->ev = out;
	ix->nev = nout;
	ix->ev_owned = 1;
	out = NULL;
	rc = (ssize_t)k;
	for (size_t i = 0; i < k; i++)
		if (!rec_ok(ix, &keep[i], i ? keep[i - 1].dir : 0, lo->history, m->lim))
			rc = -1;
out:
	free(out);
	return rc;
}

/*
 * A month for a period or a search: the records it wants (key_meets(),
 * then wanted()), copied out of the mapping, and nothing else of it
 * read.  Only for a segment that is current (its directory as it was,
 * nothing racy); -1 for any other, and when every record is wanted (the
 * whole mapping is used).
 */
static int
read_trimmed(int xfd, const char *name, int dfd, const struct loading *lo, struct trim_buf *b,
    struct index *ix)
{
	struct seg_map m;
	struct lazy_str ls = { NULL, NULL, NULL, 0 };
	struct ix_rec *keep;
	unsigned char *names = NULL, *may = NULL;
	size_t k = 0, all = 0;
	int few;
	ssize_t got;

	if (map_segment(xfd, name, ix, &m) < 0)
		return -1;
	if (!dir_current(dfd, &ix->dir[0], ix->any_racy))
		goto whole;
	if (m.packed) {
		ls.pk = &m.pk;
		if (ix->nstr > b->astr) {
			free(b->str);
			b->astr = 0;
			if ((b->str = malloc(ix->nstr)) == NULL)
				goto whole;	/* as damaged (its size from the header) */
			b->astr = ix->nstr;
		}
		ls.str = ix->str = b->str;
		ls.done = xcalloc(m.pk.npiece ? m.pk.npiece : 1, 1);
		may = xcalloc(ix->nrec ? ix->nrec : 1, 1);
	}
	if (lo->keyed && lo->name) {
		if (m.packed && str_all(&ls) < 0)
			goto whole;
		names = xcalloc(ix->nstr / 8 + 1, 1);
		search_strings(ix->str, ix->nstr, lo->name, names);
	}
	/* Those wanted in any case, and at most those (k); packed, which
	 * these are. */
	for (size_t i = 0; i < ix->nrec; i++) {
		int ok;

		if (!key_meets(lo, ix, &m.keys[i], names))
			continue;
		all += lo->from >= lo->to || span_meets(&m.spans[i], lo->all_from, lo->to);
		k += ok = may_want(lo, ix, &m, i, names);
		if (may)
			may[i] = (unsigned char)ok;
	}
	if (all == ix->nrec)
		goto whole;
	/* A piece holds the strings of some hundreds of records: keeping
	 * one in 64 touches them all, so unpack them at once on every core
	 * (and look no string up). */
	if (m.packed && !ls.all && k >= ix->nrec / 64 && str_all(&ls) < 0)
		goto whole;
	keep = xmalloc((k ? k : 1) * sizeof(*keep));
	got = m.packed ? trim_packed(lo, b, ix, &m, &ls, names, may, keep) :
	    trim_mapped(lo, ix, &m, names, keep);
	if (got < 0) {
		free(keep);
		goto whole;
	}
	few = (size_t)got < ix->nrec / 16;
	ix->rec = keep;
	ix->nrec = (size_t)got;
	ix->rec_owned = 1;
	if (m.packed) {
		/* A search keeps a record in some hundreds: copying theirs
		 * (strings_rebuild(): the month's table is the worker's, which
		 * the next month reuses) costs less than a new table's pages
		 * (a period's, more).  A table not unpacked whole holds
		 * another month's bytes between its pieces, so it is never
		 * handed over. */
		if (!ls.all || few)
			strings_rebuild(ix);
		else {	/* the month's table becomes this segment's */
			b->str = NULL;
			b->astr = 0;
		}
		ix->str_owned = 1;
	}
	free(names);
	free(ls.done);
	free(may);
	if (!lo->history) {
		if (ix->ev_owned)
			free(ix->ev);
		ix->ev_owned = 0;
		ix->ev = NULL;
		ix->nev = 0;
	}
	return 0;
whole:
	free(names);
	free(ls.done);
	free(may);
	index_release_one(ix);
	return -1;
}

/*
 * Is a month wanted for `w`?  It is left out only when its segment is
 * whole and current (its directory as it was, nothing racy) and says none
 * of its times falls in [from, to); anything else is loaded and checked.
 * *packed: its segment is packed (such months are read on every core:
 * unpacking is their work).
 */
static int
month_wanted(int xfd, const char *name, int dfd, const struct ix_want *w, int fresh_only,
    int *packed)
{
	struct ix_header h;
	struct ix_dir d;
	int fd, skip = 0;

	*packed = 0;
	if (xfd < 0 || (fd = openat(xfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return 1;
	if (pread(fd, &h, sizeof(h), 0) == (ssize_t)sizeof(h) && header_ok(&h)) {
		*packed = h.packed != 0;
		if (!fresh_only && w->from < w->to && h.ndir == 1)
			skip = pread(fd, &d, sizeof(d), sizeof(h)) == (ssize_t)sizeof(d) &&
			    dir_current(dfd, &d, h.any_racy != 0) &&
			    (h.tmin >= w->to || h.tmax < w->from);
	}
	close(fd);
	return !skip;
}

/*
 * $CSTK_INDEX_PACK: the records a month needs to be packed (0: none is;
 * unset: PACK_MIN, a month of a store of some hundred thousand tickets a
 * year: a smaller store reads its months as they are, faster, and a
 * large one keeps its index to a fifth).
 */
#define PACK_MIN 16384
static size_t
pack_min(void)
{
	static int warned;
	const char *v = getenv("CSTK_INDEX_PACK");
	char *end;
	unsigned long long n;

	if (v == NULL || *v == '\0')
		return PACK_MIN;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (*end != '\0' || *v < '0' || *v > '9' || errno != 0) {
		if (!warned++) {
			char *msg = xasprintf("CSTK_INDEX_PACK='%s' is not a count of tickets "
			    "(as 16384); no month is packed", v);
			warn_stderr(msg);
			free(msg);
		}
		return SIZE_MAX;
	}
	return n == 0 ? SIZE_MAX : (size_t)n;
}

static void
save(int xfd, const char *name, const struct index *ix)
{
	struct ix_header h;
	struct ix_span *spans;
	struct ix_key *keys;
	struct ix_chunk *chunks = NULL;
	struct ix_piece *pieces = NULL;
	struct strbuf z = STRBUF_INIT, pk = STRBUF_INIT;
	char tmp[64];
	int fd;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, 8);
	h.nrec = ix->nrec;
	h.nev = ix->nev;
	h.nstr = ix->nstr;
	h.ndir = ix->ndir;
	h.built_ns = ix->built_ns;
	h.base_nstr = ix->base_nstr;
	h.any_racy = 0;
	for (size_t i = 0; i < ix->nrec && !h.any_racy; i++)
		h.any_racy = ix->rec[i].racy;
	for (size_t i = 0; i < ix->ndir && !h.any_racy; i++)
		h.any_racy = ix->dir[i].racy;
	h.rec_size = sizeof(struct ix_rec);
	h.ev_size = sizeof(struct ix_event);
	h.dir_size = sizeof(struct ix_dir);
	h.vocab = vocab_fingerprint();
	h.ntxt = ix->txt.len;
	if (ix->txt.len > 0) {
		/* The fastest level, with a checksum: damage is found, not searched. */
		size_t bound = ZSTD_compressBound(ix->txt.len), n = (size_t)-1;
		ZSTD_CCtx *cc = ZSTD_createCCtx();

		sb_grow(&z, bound);
		if (cc && !ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 1)) &&
		    !ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1)))
			n = ZSTD_compress2(cc, z.buf, bound, ix->txt.buf, ix->txt.len);
		ZSTD_freeCCtx(cc);
		if (ZSTD_isError(n)) {
			sb_release(&z);
			return;	/* a cache: not written, built again next time */
		}
		z.len = h.nztxt = n;
	}
	/* A large month is packed; one zstd will not pack stays as it is. */
	if (strcmp(name, "tickets") != 0 && ix->nrec >= pack_min()) {
		h.nchunk = ix_pack_nchunk(ix->nrec);
		h.npiece = ix_pack_npiece(ix->nstr);
		chunks = xcalloc(h.nchunk ? h.nchunk : 1, sizeof(*chunks));
		pieces = xcalloc(h.npiece, sizeof(*pieces));
		h.packed = ix_pack(ix, chunks, pieces, &pk) == 0;
		if (h.packed) {	/* events as packed, each record's in order (nrec >= 1) */
			h.nz = pk.len;
			h.nev = chunks[h.nchunk - 1].ev + chunks[h.nchunk - 1].nev;
		} else {
			h.nchunk = h.npiece = 0;
		}
	}
	spans = xcalloc(ix->nrec ? ix->nrec : 1, sizeof(*spans));
	span(ix, &h.tmin, &h.tmax, spans);
	keys = xcalloc(ix->nrec ? ix->nrec : 1, sizeof(*keys));
	for (size_t i = 0; i < ix->nrec; i++) {
		const struct ix_rec *r = &ix->rec[i];
		keys[i].name = r->s[IXS_NAME];
		keys[i].phone4 = (int16_t)ix_phone4(ix_str(ix, r->s[IXS_PHONE]));
		keys[i].links = *ix_str(ix, r->s[IXS_DUPLICATE_OF]) || *ix_str(ix, r->s[IXS_RELATED]);
		keys[i].cat = key_cat(r->category);
	}
	/* A cache: written whole and renamed, not synced; readers never wait.
	 * Written a part at a time: no second copy of the segment in memory. */
	snprintf(tmp, sizeof(tmp), ".tmp-%ld-%s", (long)getpid(), name);
	fd = xfd < 0 ? -1 : openat(xfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, STORE_FILE_MODE);
	if (fd >= 0) {
		int ok = atomic_write_fd(fd, &h, sizeof(h), ".index") == NULL &&
		    atomic_write_fd(fd, ix->dir, ix->ndir * sizeof(struct ix_dir), ".index") == NULL;
		if (ok && !h.packed)
			ok = atomic_write_fd(fd, ix->rec, ix->nrec * sizeof(struct ix_rec),
			    ".index") == NULL && atomic_write_fd(fd, ix->ev,
			    ix->nev * sizeof(struct ix_event), ".index") == NULL;
		ok = ok && atomic_write_fd(fd, spans, ix->nrec * sizeof(*spans), ".index") == NULL &&
		    atomic_write_fd(fd, keys, ix->nrec * sizeof(*keys), ".index") == NULL;
		if (ok && h.packed)
			ok = atomic_write_fd(fd, chunks, h.nchunk * sizeof(*chunks), ".index") == NULL &&
			    atomic_write_fd(fd, pieces, h.npiece * sizeof(*pieces), ".index") == NULL &&
			    atomic_write_fd(fd, pk.buf, pk.len, ".index") == NULL;
		if (ok && !h.packed)
			ok = atomic_write_fd(fd, ix->str, ix->nstr, ".index") == NULL;
		ok = ok && atomic_write_fd(fd, z.buf, z.len, ".index") == NULL;
		if (close(fd) == 0 && ok)
			ok = atomic_io_rename(xfd, tmp, xfd, name) == 0;
		if (!ok)
			atomic_io_unlink(xfd, tmp, 0);
	}
	free(spans);
	free(keys);
	free(chunks);
	free(pieces);
	sb_release(&z);
	sb_release(&pk);
}

/* The records' files (ID.yaml) as the segment saw them (same inode,
 * size, mtime); `same` is cleared at the first that is not. */
struct files_same {
	int dfd;
	const struct index *old;
	atomic_int same;
};

static void
files_same(void *arg, size_t lo, size_t hi)
{
	struct files_same *f = arg;
	struct stat st;

	for (size_t i = lo; i < hi && atomic_load_explicit(&f->same, memory_order_relaxed); i++) {
		const struct ix_rec *o = &f->old->rec[i];
		char name[FILE_NAME_MAX];

		if (fstatat(f->dfd, file_of(f->old, o, name), &st, AT_SYMLINK_NOFOLLOW) == 0) {
			struct file_id id = file_id(&st);

			if (same_file(o, &id))
				continue;
		}
		atomic_store_explicit(&f->same, 0, memory_order_relaxed);
	}
}

/*
 * The cheap check of a segment: nothing racy, the directory's mtime and
 * inode as they were, and (for tickets/) every file as it was.  Then the
 * mapped segment is used as it is: no copy, no write.
 */
static int
unchanged(int dfd, const struct index *old, int check_files)
{
	struct files_same f;

	if (old->ndir != 1 || !dir_current(dfd, &old->dir[0], old->any_racy))
		return 0;
	if (!check_files)
		return 1;
	/*
	 * The directory as it was has the names it had.  When each of them
	 * was a record, the records name its files: it need not be read.
	 * When some were not (a file that did not load), they still are
	 * not: the directory is scanned again, and they are warned about.
	 */
	if (old->dir[0].nfiles != old->nrec)
		return 0;
	/* A million-ticket store keeps thousands of files in tickets/: they
	 * are checked on every core. */
	f.dfd = dfd;
	f.old = old;
	atomic_init(&f.same, 1);
	workers_run(old->nrec, STAT_SPLIT, files_same, &f);
	return atomic_load(&f.same);
}

/* DIR/.index/, made if missing (an old single-file .index is replaced). */
static int
index_dir(struct store *s)
{
	int fd = openat(s->dfd, ".index", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	if (fd >= 0)
		return fd;
	if (fstatat(s->dfd, ".index", &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
		atomic_io_unlink(s->dfd, ".index", 0);
	if (atomic_io_mkdir(s->dfd, ".index", STORE_DIR_MODE) < 0 && errno != EEXIST)
		return -1;
	return openat(s->dfd, ".index", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static void
add_segment(struct index_set *set, size_t *alloc, struct index *ix)
{
	ALLOC_GROW(set->seg, set->n + 1, *alloc);
	set->seg[set->n++] = *ix;
}

/* Are the months read trimmed (read_trimmed()) for this load?  For a
 * period or a search, when nothing more is wanted of them. */
static int
trims(const struct loading *lo)
{
	return (lo->from < lo->to || lo->keyed) && !lo->text && !lo->fresh_only;
}

/* One directory: use its segment as it is, or bring it up to date. */
static void
load_segment(struct store *s, int xfd, int dfd, const char *dispdir, const char *name,
    int check_files, struct loading *lo, struct index_set *set, size_t *alloc)
{
	struct index old, ix;
	int have;

	have = !lo->fresh_only && read_index(xfd, name, &old) == 0;

	/* With the text wanted, a segment whose text does not read back is
	 * built again (scan_segment finds it so). */
	if (have && unchanged(dfd, &old, check_files) && (!lo->text || index_text(&old))) {
		if (lo->known)	/* an import's: nothing is kept (see below) */
			index_release_one(&old);
		else
			add_segment(set, alloc, &old);
		return;
	}
	known_unspill(lo->known, name);
	scan_segment(s, dfd, dispdir, name, have ? &old : NULL, check_files, &ix, lo);
	if (have)
		index_release_one(&old);
	/* An import's records of this directory are in the segment now. */
	for (size_t i = 0; lo->known && i < lo->known->n; i++)
		if (strcmp(lo->known->seg[i].ix.dir[0].name, name) == 0)
			known_seg_release(&lo->known->seg[i]);
	if (ix.base_nstr == 0 || ix.nstr > ix.base_nstr + ix.base_nstr / 2 + (1 << 16)) {
		compact(&ix);
		ix.dirty = 1;
	}
	/*
	 * A directory changed within the racy window is read again by the
	 * next reader whatever is saved now (a file may yet change within
	 * its mtime), and so is each file read now that is in the window.
	 * Saving helps that reader only with files read now that are past
	 * it: with none, and a segment on disk to start from, the segment
	 * is not written (at 1M, a month's is 30 ms after each archival).
	 */
	if (ix.dirty && (!have || lo->known || ix.settled > 0 || ix.ndir != 1 ||
	    !ix.dir[0].racy))
		save(xfd, name, &ix);
	if (lo->known) {
		/* Saved: an import keeps none of it in memory. */
		index_release_one(&ix);
		return;
	}
	add_segment(set, alloc, &ix);
}

/*
 * Leave out what readers must not see now (store_view): the tickets of an
 * import being placed, and the tickets/ copy of a ticket half-way to
 * archive/.  The segments on disk keep them, as the files are there.
 */
static void
drop_hidden(struct index_set *set, const struct store_view *v)
{
	if (v->nbatch == 0 && v->nmoving == 0 && v->nreturning == 0)
		return;
	for (size_t g = 0; g < set->n; g++) {
		struct index *ix = &set->seg[g];
		size_t k = 0;

		/* A mapped segment is private: make this process's copy writable. */
		if (ix->map && mprotect(ix->map, ix->maplen, PROT_READ | PROT_WRITE) < 0)
			continue;
		for (size_t i = 0; i < ix->nrec; i++) {
			char name[FILE_NAME_MAX];
			if (!store_view_hides(v, file_of(ix, &ix->rec[i], name), g == 0))
				ix->rec[k++] = ix->rec[i];
		}
		ix->nrec = k;
	}
}

/* The archive months a load reads, in order. */
struct month {
	const char *name;
	int trimmed;		/* read_trimmed() gave ix */
	struct index ix;
};

struct trim_months {
	int xfd, afd;
	const struct loading *lo;
	struct month *mo;
};

/* A month's directory (archive/NAME), not followed if a link; -1 and errno. */
static int
month_dir(int afd, const char *name)
{
	return openat(afd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* The same, warned about unless it is gone when it does not open (too
 * many files open: the month would be left out unsaid). */
static int
month_open(int afd, const char *name, const struct loading *lo, const char *dir)
{
	int fd = month_dir(afd, name);

	if (fd < 0 && errno != ENOENT) {
		char *msg = xasprintf("%s/archive/%s: %s; its tickets are left out", dir, name,
		    strerror(errno));
		lo_warn(lo, msg);
		free(msg);
	}
	return fd;
}

/* Months [from, to) read trimmed, on one worker: each worker has its own
 * buffers to unpack into (a month's reading is its own).  A month whose
 * directory does not open is left to load_all, which says so. */
static void
trim_range(void *arg, size_t from, size_t to)
{
	struct trim_months *t = arg;
	struct trim_buf b;

	memset(&b, 0, sizeof(b));
	for (size_t i = from; i < to; i++) {
		int fd = month_dir(t->afd, t->mo[i].name);

		if (fd < 0)
			continue;
		t->mo[i].trimmed = read_trimmed(t->xfd, t->mo[i].name, fd, t->lo, &b,
		    &t->mo[i].ix) == 0;
		close(fd);
	}
	free(b.chunk_rec);
	free(b.chunk_ev);
	free(b.str);
}

static const struct error *
load_all(struct store *s, const struct ix_want *w, struct index_set *set,
    struct loading *lo)
{
	size_t alloc = 0, nm = 0, nseg = 0;
	char **months = NULL, **segs;
	char *disp;
	int xfd = index_dir(s), afd;

	memset(set, 0, sizeof(*set));
	progress_start(&lo->progress, "indexing tickets", 0);
	disp = xasprintf("%s/tickets", s->dir);
	load_segment(s, xfd, s->tickets_fd, disp, "tickets", 1, lo, set, &alloc);
	free(disp);
	afd = w->archive ? openat(s->dfd, "archive", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC) : -1;
	if (afd >= 0) {
		struct month *mo;
		size_t n = 0, npacked = 0;

		months = names(afd, &nm, 1);
		mo = xcalloc(nm ? nm : 1, sizeof(*mo));
		for (size_t i = 0; i < nm; i++) {
			int mfd, packed;
			if (strlen(months[i]) >= sizeof(((struct ix_dir *)0)->name) ||
			    strcmp(months[i], "tickets") == 0)
				continue;
			if ((mfd = month_open(afd, months[i], lo, s->dir)) < 0)
				continue;
			if (!month_wanted(xfd, months[i], mfd, w, lo->fresh_only, &packed)) {
				close(mfd);
				continue;
			}
			close(mfd);
			npacked += packed;
			mo[n++].name = months[i];
		}
		/* A month as it is is read in less time than a thread starts. */
		if (trims(lo)) {
			struct trim_months t = { xfd, afd, lo, mo };

			if (npacked >= 2)
				workers_run(n, 1, trim_range, &t);
			else
				trim_range(&t, 0, n);
		}
		for (size_t i = 0; i < n; i++) {
			int mfd;

			if (mo[i].trimmed) {
				add_segment(set, &alloc, &mo[i].ix);
				continue;
			}
			if ((mfd = month_open(afd, mo[i].name, lo, s->dir)) < 0)
				continue;
			disp = xasprintf("%s/archive/%s", s->dir, mo[i].name);
			load_segment(s, xfd, mfd, disp, mo[i].name, 0, lo, set, &alloc);
			free(disp);
			close(mfd);
		}
		free(mo);
	}
	/* Segments of months that are gone. */
	if (xfd >= 0 && w->archive && (segs = store_names(xfd, &nseg, NAMES_ALL)) != NULL) {
		for (size_t i = 0; i < nseg; i++) {
			int keep_it = strcmp(segs[i], "tickets") == 0;
			for (size_t k = 0; k < nm && !keep_it; k++)
				keep_it = strcmp(segs[i], months[k]) == 0;
			if (!keep_it)
				atomic_io_unlink(xfd, segs[i], 0);
		}
		store_names_free(segs, nseg);
	}
	store_names_free(months, nm);
	if (afd >= 0)
		close(afd);
	if (xfd >= 0)
		close(xfd);
	progress_end(&lo->progress);
	return NULL;
}

/* Load under a store_view: again if an import committed meanwhile, so an
 * import is seen whole or not at all. */
static const struct error *
load_viewed(struct store *s, const struct ix_want *w, struct index_set *set, int fresh_only,
    const struct diag *d, struct ix_known *known)
{
	for (int tries = 0;; tries++) {
		struct store_view v;
		struct loading lo;
		const struct error *err;

		memset(&lo, 0, sizeof(lo));
		lo.diag = d;
		lo.fresh_only = fresh_only;
		lo.known = known;
		lo.text = w->text;
		lo.from = w->from;
		lo.to = w->to;
		lo.all_from = w->all_from > w->from ? w->all_from : w->from;
		lo.cat = w->cat;
		lo.keyed = w->keyed;
		lo.phone4 = w->phone4;
		lo.name = w->name;
		lo.linked = w->linked;
		lo.history = w->history;
		store_view_begin(s, &v);
		err = load_all(s, w, set, &lo);
		if (err == NULL && store_view_stale(s, &v) && tries < 20) {
			store_view_release(&v);
			index_release(set);
			continue;
		}
		if (err == NULL)
			drop_hidden(set, &v);
		store_view_release(&v);
		return err;
	}
}

const struct ix_want IX_ALL = { .archive = 1, .cat = -1, .phone4 = -1 },
    IX_OPEN = { .archive = 0, .cat = -1, .phone4 = -1 };

const struct error *
index_known_apply(struct store *s, struct ix_known *k)
{
	struct index_set set;
	const struct error *err;
	size_t total = 0;

	/* Once some are aside, all are: one directory's at a time in memory. */
	if (k->spill_fd >= 0 && (err = known_spill(k)) != NULL)
		return err;
	for (size_t i = 0; i < k->n; i++) {
		struct known_seg *g = &k->seg[i];
		total += g->spilled ? g->nrec : g->ix.nrec;
		if (!g->spilled)
			known_order(g);
	}
	/* A large import waits out the racy window first: then no file and no
	 * directory it wrote is racy, and the next reader checks nothing again
	 * (a small one is done faster than the next reader would re-read it). */
	if (total > KNOWN_WAIT) {
		struct timespec ts = { RACY_NS / 1000000000LL, 100 * 1000 * 1000 };
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	if ((err = load_viewed(s, &IX_ALL, &set, 0, NULL, k)) == NULL)
		index_release(&set);
	return err;
}

const struct error *
index_load(struct store *s, struct index_set *set)
{
	return load_viewed(s, &IX_ALL, set, 0, NULL, NULL);
}

const struct error *
index_load_want(struct store *s, const struct ix_want *w, struct index_set *set)
{
	return load_viewed(s, w, set, 0, NULL, NULL);
}

const struct error *
index_rebuild(struct store *s, struct index_set *set)
{
	return load_viewed(s, &IX_ALL, set, 1, NULL, NULL);
}

const struct error *
index_rebuild_diag(struct store *s, struct index_set *set, const struct diag *d)
{
	return load_viewed(s, &IX_ALL, set, 1, d, NULL);
}

const char *
index_text_loaded(const struct index *ix)
{
	return ix->ztxt == NULL || ix->txt_ready ? sb_str(&ix->txt) : NULL;
}

const char *
index_text(struct index *ix)
{
	const char *ready = index_text_loaded(ix);
	size_t n;

	if (ready)
		return ready;
	sb_reset(&ix->txt);
	sb_grow(&ix->txt, ix->ntxt);
	n = ZSTD_decompress(ix->txt.buf, ix->ntxt + 1, ix->ztxt, ix->nztxt);
	if (ZSTD_isError(n) || n != ix->ntxt) {
		sb_release(&ix->txt);
		return NULL;
	}
	ix->txt.len = n;
	ix->txt.buf[n] = '\0';
	ix->txt_ready = 1;
	return ix->txt.buf;
}

void
index_release_one(struct index *ix)
{
	sb_release(&ix->txt);
	if (ix->rec_owned)
		free(ix->rec);
	if (ix->ev_owned)
		free(ix->ev);
	if (ix->str_owned)
		free(ix->str);
	if (ix->map) {
		munmap(ix->map, ix->maplen);
	} else {
		free(ix->rec);
		free(ix->ev);
		free(ix->str);
		free(ix->dir);
	}
	memset(ix, 0, sizeof(*ix));
}

void
index_release(struct index_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		index_release_one(&set->seg[i]);
	free(set->seg);
	memset(set, 0, sizeof(*set));
}

size_t
ix_phone_digits(const char *phone, char out[32])
{
	size_t n = 0;

	for (; phone && *phone && n + 1 < 32; phone++)
		if (*phone >= '0' && *phone <= '9')
			out[n++] = *phone;
	out[n] = '\0';
	return n;
}

int
ix_phone4(const char *phone)
{
	char d[32];
	size_t n = ix_phone_digits(phone, d);

	return n < 4 ? -1 : atoi(d + n - 4);
}

int
index_disabled(void)
{
	const char *v = getenv("CSTK_NO_INDEX");

	return v && *v && strcmp(v, "0") != 0;
}
