/* index.c — the ticket index: build, check against the files, save; see index.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "index.h"
#include "strbuf.h"
#include "yaml-load.h"

#define MAGIC "CSTKIX03"
#define RACY_NS (2LL * 1000 * 1000 * 1000)

struct ix_header {
	char magic[8];
	uint64_t nrec, nev, nstr, ndir;
	int64_t built_ns;
	uint32_t rec_size, ev_size, dir_size, pad;
};

/* ---- strings ---- */

/* Interning with a small open-addressing hash, rebuilt per load. */
struct intern {
	uint32_t *slot;
	size_t cap, used;
};

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
intern_add_slot(struct intern *in, const struct index *ix, uint32_t off)
{
	size_t i = hash(ix->str + off) & (in->cap - 1);

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
	for (i = hash(s) & (in->cap - 1); in->slot[i]; i = (i + 1) & (in->cap - 1))
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

static const enum field_id time_field[IXT_COUNT] = { F_CREATED, F_UPDATED, F_DUE_RESPONSE,
	F_DUE_RESOLUTION, F_RESPONDED, F_RESOLVED, F_CONFIRMED, F_ARCHIVED, F_REVISIT_DUE,
	F_REVISIT_DONE };

static int16_t
enum_of(const struct ticket *t, enum field_id f)
{
	return (int16_t)enum_lookup(fields[f].en, ticket_str(t, f));
}

static void
add_event(struct index *ix, struct ix_rec *r, int64_t t, enum ix_kind k, int val,
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

static void
record(struct index *ix, struct intern *in, struct ix_rec *r, const struct ticket *t)
{
	const struct ynode *h = ynode_get(t->root, "history");
	struct strbuf key = STRBUF_INIT;
	const char *v;

	for (int i = 0; i < IXT_COUNT; i++) {
		struct ctime ct;
		r->t[i] = ticket_time(t, time_field[i], &ct) == 0 ? ct.t : IX_NONE;
	}
	r->s[IXS_ID] = intern(ix, in, ticket_str(t, F_ID));
	r->s[IXS_MODULE] = intern(ix, in, ticket_str(t, F_MODULE));
	r->s[IXS_ASSIGNEE] = intern(ix, in, ticket_str(t, F_ASSIGNEE));
	r->s[IXS_TEAM] = intern(ix, in, ticket_str(t, F_TEAM));
	r->s[IXS_NAME] = intern(ix, in, ticket_str(t, F_CUST_NAME));
	r->s[IXS_PHONE] = intern(ix, in, ticket_str(t, F_CUST_PHONE));
	r->s[IXS_SUBJECT] = intern(ix, in, ticket_str(t, F_SUBJECT));
	r->s[IXS_DUE_RESPONSE] = intern(ix, in, ticket_str(t, F_DUE_RESPONSE));
	r->s[IXS_DUE_RESOLUTION] = intern(ix, in, ticket_str(t, F_DUE_RESOLUTION));
	if ((v = ticket_str(t, F_CUST_ID)) != NULL)
		sb_addf(&key, "id:%s", v);
	else if ((v = ticket_str(t, F_CUST_PHONE)) != NULL)
		sb_addf(&key, "phone:%s", v);
	else if ((v = ticket_str(t, F_CUST_NAME)) != NULL)
		sb_addf(&key, "name:%s", v);
	r->s[IXS_CUSTOMER_KEY] = intern(ix, in, sb_str(&key));
	sb_release(&key);
	r->status = enum_of(t, F_STATUS);
	r->category = enum_of(t, F_CATEGORY);
	r->priority = enum_of(t, F_PRIORITY);
	r->channel = enum_of(t, F_CHANNEL);
	r->tier = enum_of(t, F_CUST_TIER);
	r->rounds = (int16_t)ticket_int(t, F_ROUNDS);
	r->escalations = (int16_t)ticket_int(t, F_ESCALATIONS);
	r->contacts = (int16_t)ticket_int(t, F_CONTACTS);
	r->attempts = (int16_t)ticket_int(t, F_REVISIT_ATTEMPTS);
	r->ev = (uint32_t)ix->nev;
	r->nev = 0;
	for (size_t i = 0; h && h->kind == YNODE_SEQ && i < h->nr; i++) {
		const struct ynode *e = h->items[i].val;
		const char *at = ynode_get_str(e, "at"), *act = ynode_get_str(e, "action");
		const char *to = ynode_get_str(e, "to"), *who = ynode_get_str(e, "assignee");
		int sat = enum_lookup(&enum_satisfaction, ynode_get_str(e, "satisfaction"));
		struct ctime ct;

		if (at == NULL || act == NULL || clock_parse(at, &ct))
			continue;
		if (to && enum_lookup(&enum_status, to) >= 0)
			add_event(ix, r, ct.t, IXE_STATUS, enum_lookup(&enum_status, to), 0);
		if (sat >= 0 && strcmp(act, "confirm") == 0)
			add_event(ix, r, ct.t, IXE_CONFIRM, sat, 0);
		if (sat >= 0 && strcmp(act, "revisit") == 0)
			add_event(ix, r, ct.t, IXE_REVISIT, sat, 0);
		if (who && (strcmp(act, "assign") == 0 || strcmp(act, "reassign") == 0 ||
		    strcmp(act, "escalate") == 0))
			add_event(ix, r, ct.t, IXE_ASSIGN, 0, intern(ix, in, who));
	}
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

struct build {
	struct store *s;
	struct index *old;	/* may be NULL */
	struct index *ix;	/* being built */
	struct intern in;
	size_t *old_at;		/* per old record: 1 if reused */
};

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of a directory: *.yaml files, or subdirectories. */
static char **
names(int dfd, size_t *n, int dirs)
{
	int fd = dup(dfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	char **v = NULL;
	size_t alloc = 0;

	*n = 0;
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.')
			continue;
		if (dirs ? de->d_type != DT_DIR && de->d_type != DT_UNKNOWN
		    : len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof(char *), cmp_name);
	return v;
}

static void
free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Copy an old record (and its events and strings) into the new index. */
static void
reuse(struct build *b, const struct ix_rec *o, uint32_t dir)
{
	struct ix_rec *r;

	ALLOC_GROW(b->ix->rec, b->ix->nrec + 1, b->ix->arec);
	r = &b->ix->rec[b->ix->nrec++];
	*r = *o;
	r->dir = dir;
	for (int i = 0; i < IXS_COUNT; i++)
		r->s[i] = intern(b->ix, &b->in, ix_str(b->old, o->s[i]));
	r->ev = (uint32_t)b->ix->nev;
	r->nev = 0;
	for (uint32_t k = 0; k < o->nev; k++) {
		const struct ix_event *e = &b->old->ev[o->ev + k];
		add_event(b->ix, r, e->t, (enum ix_kind)e->kind, e->val,
		    intern(b->ix, &b->in, ix_str(b->old, e->str)));
	}
}

/* Old records of a directory, found by name (old records are in dir order). */
static const struct ix_rec *
old_record(const struct build *b, uint32_t olddir, const char *id)
{
	size_t lo = 0, hi;

	if (b->old == NULL)
		return NULL;
	hi = b->old->nrec;
	/* records are sorted by (dir, id): binary search */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct ix_rec *r = &b->old->rec[mid];
		int c = r->dir != olddir ? (r->dir < olddir ? -1 : 1)
		    : strcmp(ix_str(b->old, r->s[IXS_ID]), id);
		if (c == 0)
			return r;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
warn_stderr(const char *msg)
{
	fprintf(stderr, "cstk: warning: %s\n", msg);
}

/* Load a file into a new record; 0 on success. */
static int
fresh(struct build *b, int dfd, const char *dispdir, const char *name, uint32_t dir,
    const struct stat *st)
{
	char *disp = xasprintf("%s/%s", dispdir, name);
	struct ticket t = { NULL };
	const struct error *err = NULL;
	char id[64];
	struct ix_rec *r;

	snprintf(id, sizeof(id), "%.*s", (int)(strlen(name) - 5), name);
	b->ix->reread++;
	if (!ticket_id_valid(id)) {
		char *msg = xasprintf("%s: file name is not a ticket ID "
		    "(PREFIX-YYYYMMDD-NNNN.yaml); skipped", disp);
		warn_stderr(msg);
		free(msg);
		free(disp);
		return -1;
	}
	err = yaml_load_file(dfd, name, disp, &t.root);
	if (err == NULL)
		ticket_validate(t.root, disp, NULL, NULL, &err);
	if (err == NULL && strcmp(ticket_str(&t, F_ID), id) != 0)
		err = error_new(ERR_DATA, "%s: id '%s' does not match the file name",
		    disp, ticket_str(&t, F_ID));
	if (err) {
		warn_stderr(err->msg);
		ticket_release(&t);
		free(disp);
		return -1;
	}
	ALLOC_GROW(b->ix->rec, b->ix->nrec + 1, b->ix->arec);
	r = &b->ix->rec[b->ix->nrec++];
	memset(r, 0, sizeof(*r));
	record(b->ix, &b->in, r, &t);
	r->dir = dir;
	r->mtime_ns = ns(&st->st_mtim);
	r->size = st->st_size;
	r->ino = st->st_ino;
	r->racy = b->ix->built_ns - r->mtime_ns < RACY_NS;
	ticket_release(&t);
	free(disp);
	return 0;
}

/* Bring one directory's records up to date. `check_files`: stat each file
 * even when the directory did not change. */
static void
scan_dir(struct build *b, int dfd, const char *dispdir, const char *dirname,
    int check_files)
{
	struct stat dst;
	struct ix_dir *d;
	uint32_t dir = (uint32_t)b->ix->ndir;
	const struct ix_dir *od = NULL;
	uint32_t olddir = 0;
	int changed;

	if (fstat(dfd, &dst) < 0)
		return;
	for (size_t i = 0; b->old && i < b->old->ndir; i++)
		if (strcmp(b->old->dir[i].name, dirname) == 0) {
			od = &b->old->dir[i];
			olddir = (uint32_t)i;
		}
	ALLOC_GROW(b->ix->dir, b->ix->ndir + 1, b->ix->adir);
	d = &b->ix->dir[b->ix->ndir++];
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", dirname);
	d->mtime_ns = ns(&dst.st_mtim);
	d->ino = dst.st_ino;
	d->racy = b->ix->built_ns - d->mtime_ns < RACY_NS;
	changed = od == NULL || od->racy || od->mtime_ns != d->mtime_ns || od->ino != d->ino;

	if (!changed && !check_files) {
		/* Nothing was added, removed or renamed here: reuse, but look
		 * again at records that were racy. */
		size_t lo = 0;
		while (lo < b->old->nrec && b->old->rec[lo].dir < olddir)
			lo++;
		for (size_t i = lo; i < b->old->nrec && b->old->rec[i].dir == olddir; i++) {
			const struct ix_rec *o = &b->old->rec[i];
			const char *id = ix_str(b->old, o->s[IXS_ID]);
			struct stat st;
			char name[64];

			if (o->racy) {
				snprintf(name, sizeof(name), "%s.yaml", id);
				if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
				    S_ISREG(st.st_mode)) {
					fresh(b, dfd, dispdir, name, dir, &st);
					b->ix->dirty = 1;
				}
				continue;
			}
			reuse(b, o, dir);
		}
		return;
	}
	{
		size_t n;
		char **v = names(dfd, &n, 0);

		for (size_t i = 0; i < n; i++) {
			struct stat st;
			char id[64];
			const struct ix_rec *o;

			if (fstatat(dfd, v[i], &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			if (!S_ISREG(st.st_mode)) {
				char *msg = xasprintf("%s/%s: not a regular file (a link?); skipped",
				    dispdir, v[i]);
				warn_stderr(msg);
				free(msg);
				continue;
			}
			snprintf(id, sizeof(id), "%.*s", (int)(strlen(v[i]) - 5), v[i]);
			o = od ? old_record(b, olddir, id) : NULL;
			if (o && !o->racy && o->mtime_ns == ns(&st.st_mtim) &&
			    o->size == st.st_size && o->ino == st.st_ino) {
				reuse(b, o, dir);
				continue;
			}
			fresh(b, dfd, dispdir, v[i], dir, &st);
			b->ix->dirty = 1;
		}
		/* A record whose file is gone makes the index dirty too. */
		if (od) {
			size_t kept = 0;
			for (size_t i = 0; i < b->old->nrec; i++)
				kept += b->old->rec[i].dir == olddir;
			if (kept != n)
				b->ix->dirty = 1;
		}
		free_names(v, n);
	}
	if (changed)
		b->ix->dirty = 1;
}

static const struct error *
scan(struct store *s, struct index *old, struct index *ix)
{
	struct build b;
	char *disp;
	int afd;

	memset(ix, 0, sizeof(*ix));
	memset(&b, 0, sizeof(b));
	b.s = s;
	b.old = old;
	b.ix = ix;
	ix->built_ns = now_ns();
	ALLOC_GROW(ix->str, 1, ix->astr);
	ix->str[0] = '\0';
	ix->nstr = 1;
	disp = xasprintf("%s/tickets", s->dir);
	scan_dir(&b, s->tickets_fd, disp, "tickets", 1);
	free(disp);
	afd = openat(s->dfd, "archive", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (afd >= 0) {
		size_t n;
		char **months = names(afd, &n, 1);
		for (size_t i = 0; i < n; i++) {
			int mfd = openat(afd, months[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);
			char *d;
			if (mfd < 0)
				continue;
			d = xasprintf("%s/archive/%s", s->dir, months[i]);
			scan_dir(&b, mfd, d, months[i], 0);
			free(d);
			close(mfd);
		}
		free_names(months, n);
		close(afd);
	}
	if (old && old->ndir != ix->ndir)
		ix->dirty = 1;
	free(b.in.slot);
	return NULL;
}

/* ---- the file ---- */

static void
empty(struct index *ix)
{
	memset(ix, 0, sizeof(*ix));
}

static int
read_index(struct store *s, struct index *ix)
{
	struct ix_header h;
	struct stat st;
	char *buf, *p;
	size_t len, need;
	int fd = openat(s->dfd, ".index", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n;

	empty(ix);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(h)) {
		close(fd);
		return -1;
	}
	len = (size_t)st.st_size;
	buf = xmalloc(len);
	for (size_t got = 0; got < len; got += (size_t)n) {
		n = read(fd, buf + got, len - got);
		if (n <= 0) {
			free(buf);
			close(fd);
			return -1;
		}
	}
	close(fd);
	memcpy(&h, buf, sizeof(h));
	need = sizeof(h) + h.nrec * sizeof(struct ix_rec) + h.nev * sizeof(struct ix_event) +
	    h.ndir * sizeof(struct ix_dir) + h.nstr;
	if (memcmp(h.magic, MAGIC, 8) != 0 || h.rec_size != sizeof(struct ix_rec) ||
	    h.ev_size != sizeof(struct ix_event) || h.dir_size != sizeof(struct ix_dir) ||
	    h.nrec > len || h.nev > len || h.ndir > len || h.nstr > len || need != len ||
	    h.nstr == 0) {
		free(buf);
		return -1;	/* not ours, old or damaged: rebuilt */
	}
	p = buf + sizeof(h);
	ix->nrec = ix->arec = h.nrec;
	ix->rec = xmalloc(h.nrec * sizeof(struct ix_rec) + 1);
	memcpy(ix->rec, p, h.nrec * sizeof(struct ix_rec));
	p += h.nrec * sizeof(struct ix_rec);
	ix->nev = ix->aev = h.nev;
	ix->ev = xmalloc(h.nev * sizeof(struct ix_event) + 1);
	memcpy(ix->ev, p, h.nev * sizeof(struct ix_event));
	p += h.nev * sizeof(struct ix_event);
	ix->ndir = ix->adir = h.ndir;
	ix->dir = xmalloc(h.ndir * sizeof(struct ix_dir) + 1);
	memcpy(ix->dir, p, h.ndir * sizeof(struct ix_dir));
	p += h.ndir * sizeof(struct ix_dir);
	ix->nstr = ix->astr = h.nstr;
	ix->str = xmalloc(h.nstr + 1);
	memcpy(ix->str, p, h.nstr);
	ix->str[h.nstr - 1] = '\0';
	ix->built_ns = h.built_ns;
	free(buf);
	/* Every reference must stay inside: a damaged index is rebuilt. */
	for (size_t i = 0; i < ix->nrec; i++) {
		const struct ix_rec *r = &ix->rec[i];
		if ((uint64_t)r->ev + r->nev > ix->nev || r->dir >= ix->ndir)
			goto bad;
		for (int k = 0; k < IXS_COUNT; k++)
			if (r->s[k] >= ix->nstr)
				goto bad;
	}
	for (size_t i = 0; i < ix->nev; i++)
		if (ix->ev[i].str >= ix->nstr)
			goto bad;
	for (size_t i = 0; i < ix->ndir; i++)
		ix->dir[i].name[sizeof(ix->dir[i].name) - 1] = '\0';
	return 0;
bad:
	index_release(ix);
	return -1;
}

static void
save(struct store *s, const struct index *ix)
{
	struct ix_header h;
	struct strbuf out = STRBUF_INIT;
	char tmp[64];
	int fd;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, 8);
	h.nrec = ix->nrec;
	h.nev = ix->nev;
	h.nstr = ix->nstr;
	h.ndir = ix->ndir;
	h.built_ns = ix->built_ns;
	h.rec_size = sizeof(struct ix_rec);
	h.ev_size = sizeof(struct ix_event);
	h.dir_size = sizeof(struct ix_dir);
	sb_add(&out, &h, sizeof(h));
	sb_add(&out, ix->rec, ix->nrec * sizeof(struct ix_rec));
	sb_add(&out, ix->ev, ix->nev * sizeof(struct ix_event));
	sb_add(&out, ix->dir, ix->ndir * sizeof(struct ix_dir));
	sb_add(&out, ix->str, ix->nstr);
	/* A cache: written whole and renamed, not synced; readers never wait. */
	snprintf(tmp, sizeof(tmp), ".index.%ld", (long)getpid());
	fd = openat(s->dfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (fd >= 0) {
		int ok = atomic_write_fd(fd, out.buf, out.len, ".index") == NULL;
		if (close(fd) == 0 && ok)
			ok = renameat(s->dfd, tmp, s->dfd, ".index") == 0;
		if (!ok)
			unlinkat(s->dfd, tmp, 0);
	}
	sb_release(&out);
}

const struct error *
index_load(struct store *s, struct index *ix)
{
	struct index old;
	const struct error *err;
	int have = read_index(s, &old) == 0;

	err = scan(s, have ? &old : NULL, ix);
	if (have)
		index_release(&old);
	if (err)
		return err;
	if (!have)
		ix->dirty = 1;
	if (ix->dirty)
		save(s, ix);
	return NULL;
}

const struct error *
index_rebuild(struct store *s, struct index *ix)
{
	const struct error *err;

	unlinkat(s->dfd, ".index", 0);
	err = scan(s, NULL, ix);
	if (err == NULL)
		save(s, ix);
	return err;
}

void
index_release(struct index *ix)
{
	free(ix->rec);
	free(ix->ev);
	free(ix->str);
	free(ix->dir);
	memset(ix, 0, sizeof(*ix));
}
