/*
 * index.h — DIR/.index: what report, list and revisit need of every
 * ticket, so they do not parse 100,000 YAML files.
 *
 * One fixed-size record per ticket (times as seconds, enumerations as
 * bytes, strings interned in one table) and its history as events
 * (status transitions, ratings, assignments).  A large archive month's
 * records, events and strings may be kept packed ($CSTK_INDEX_PACK,
 * index-pack.h) and are unpacked as they are read: in memory a segment
 * is the same either way.  The index is a cache: the
 * files are the truth, and it is checked against them before every use:
 *
 *   - every directory's mtime, ctime and inode are kept: a file added,
 *     removed or renamed (git checkout, git pull, an editor that saves by
 *     rename, cstk itself) changes them (ctime even when mtime is put
 *     back: tar, cp -a, touch -r), and that directory's files are then
 *     stat-checked one by one;
 *   - every file under tickets/ is stat-checked (mtime, size, inode) on
 *     every use: that is where work and hand edits happen;
 *   - a directory or file changed within 2 s of the index being built is
 *     checked again next time (a second change in the same clock tick
 *     would not move its mtime);
 *   - `cstk check` rebuilds the index from scratch.
 *
 * What it does not see at once: an archived file changed in place (same
 * inode) in a month directory nothing else changed in.  `cstk check`, or
 * removing DIR/.index, settles that.  A changed file is re-read and its
 * record rebuilt; a file that does not load is warned about and left out,
 * as everywhere.  The index is rewritten (temp + rename) by whoever found
 * it out of date; it needs no lock.
 */
#ifndef CSTK_INDEX_H
#define CSTK_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"
#include "strbuf.h"
#include "ticket.h"

#define IX_NONE TIME_NONE

/*
 * What the report counts in the period it happened, from the history:
 * IXV_DUE_*: a reopening replaced this deadline (str: the old one);
 * IXV_REVISIT_DUE: a revisit cycle began, due at t; IXV_REOPEN: a second
 * (third …) round began; IXV_CONTACT, IXV_ESCALATE: one more of them;
 * IXV_VALUE: a field (val: its field_id, FF_PAST) that had a value was
 * given another (str: the value it had until then); IXV_OUTCOME: an
 * archival gave the outcome val, or a reopening took it (IX_NO_OUTCOME).
 */
enum ix_event_kind { IXV_STATUS, IXV_CONFIRM, IXV_REVISIT, IXV_ASSIGN,
	IXV_DUE_RESPONSE, IXV_DUE_RESOLUTION, IXV_REVISIT_DUE, IXV_REOPEN,
	IXV_CONTACT, IXV_ESCALATE, IXV_UNCONFIRMED, IXV_REVISIT_MISSED,
	IXV_REOPEN_ARCHIVED, IXV_VALUE, IXV_OUTCOME };
#define IX_NO_OUTCOME 255
/* IXV_ASSIGN's val for an agent the history names only as a later
 * reassignment's `previous` (an import's assignment names no one): who
 * had the ticket then, not an assignment the report credits. */
#define IX_ASSIGN_RECOVERED 1

struct ix_event {
	int64_t t;
	uint32_t str;		/* IXV_ASSIGN: the assignee; IXV_VALUE: the value */
	uint8_t kind;		/* enum ix_event_kind */
	uint8_t val;		/* IXV_STATUS: status; ratings: satisfaction;
				 * IXV_VALUE: the field */
	uint8_t pad[2];
};

struct ix_rec {
	int64_t t[IXT_COUNT];	/* IX_NONE when absent */
	int64_t mtime_ns, size;
	uint64_t ino;
	uint32_t s[IXS_COUNT];
	uint32_t ev, nev;	/* events[ev .. ev+nev) */
	uint32_t txt, ntxt;	/* its searchable text: index_text()[txt .. txt+ntxt) */
	int16_t off[IXT_COUNT];	/* each time's UTC offset, minutes */
	/* Enumerations (-1: none) and counts (-1: absent), by slot or by name. */
	union {
		int16_t e[IXE_COUNT];
		struct {
			int16_t status, category, priority, channel, tier;
			int16_t responsibility, satisfaction, revisit_satisfaction, outcome;
		};
	};
	union {
		int16_t n[IXN_COUNT];
		struct {
			int16_t rounds, escalations, contacts, attempts, confirm_attempts;
		};
	};
	uint16_t dir;		/* index into the directory table */
	uint8_t racy;		/* changed near the build: check again */
	uint8_t flags;		/* IXR_* */
};	/* 256 bytes */

/*
 * A record's flags.  IXR_EXACT: the export columns can be written from
 * it.  IXR_PAST_NOW: from its creation on, every field (FF_PAST) had the
 * value it has now: no IXV_VALUE event, and it was classified at its
 * creation, or its history has no events at all (then ix_value_before()
 * is NULL without reading an event: most tickets).  A ticket not yet
 * classified has none of what a classification gives, whatever its file
 * says.  A record without the flag is read the long way,
 * so one from an index built before it existed is read right.
 */
enum { IXR_EXACT = 1, IXR_PAST_NOW = 2 };

struct ix_dir {
	char name[16];		/* "tickets" or "2026-11" (archive month) */
	int64_t mtime_ns;
	uint64_t ino;
	int64_t ctime_ns;	/* no one can set it back, as touch -r does mtime */
	uint8_t racy;
	uint8_t pad[3];
	uint32_t nfiles;	/* its *.yaml names when built: nrec unless some did
				 * not load (or are not regular files) */
};

struct index {
	struct ix_rec *rec;
	size_t nrec, arec;
	struct ix_event *ev;
	size_t nev, aev;
	char *str;		/* NUL-separated, str[0] == '\0' */
	size_t nstr, astr;
	struct ix_dir *dir;
	size_t ndir, adir;
	int64_t built_ns;
	size_t base_nstr;	/* string table size after the last compaction */
	void *map;		/* when the arrays point into a mapped .index */
	size_t maplen;
	/*
	 * The records' searchable text (search.h), loaded by index_text(): on
	 * disk it is compressed (zstd) and read only by --grep and by a build
	 * that keeps records.
	 */
	struct strbuf txt;
	const char *ztxt;	/* the compressed text, in the mapping */
	size_t nztxt, ntxt;	/* its compressed and whole lengths */
	int txt_ready;		/* txt holds the whole text */
	int rec_owned;		/* rec: a copy of some of the mapped records */
	int ev_owned, str_owned;	/* ev, str: unpacked (index-pack.h) */
	int any_racy;		/* some record or directory is racy */
	int dirty;		/* differs from the file: write it back */
	size_t reread;		/* ticket files read this time */
	size_t settled;		/* … of them, those past the racy window */
};

/*
 * The index is kept in segments, one per directory (DIR/.index/tickets,
 * DIR/.index/2026-11, …), so a write rewrites only its own segment.
 * Within a segment, records are in ID order.
 */
struct index_set {
	struct index *seg;
	size_t n;
};

/*
 * The read model.  What list, export, filter and report read of a ticket
 * is its record (struct ix_rec, with its strings and events), made by one
 * function from a ticket whether it goes into the cache or was just read
 * from its file: index_one() makes the one-record index of a ticket.
 * Free with index_release_one().
 */
void index_one(struct index *one, const struct ticket *t);

/* The index of `s`, brought up to date with the files (changed segments
 * are saved). */
const struct error *index_load(struct store *s, struct index_set *set);

/*
 * Only what a reader needs: tickets/ (the work in progress) always; the
 * archive months only with `archive`, and then, when from < to, only the
 * months holding a time in [from, to).  A segment keeps the earliest and
 * latest time of its records, so a week's report maps the months around
 * its week and not a year of them; and of each record the hours of its
 * earliest and latest time, so of those months it reads only the records
 * that meet [from, to) (copied out: rec_owned; see all_from below).  A
 * month whose segment is not current is brought up to date and loaded
 * whole whatever its times.  Packed months (two or more) are read so on
 * every core, a month to a core, each unpacking only the records it
 * keeps; a month that keeps few (a search) copies their strings out of
 * its table, which the next month unpacks into.
 */
struct ix_want {
	int archive;
	int64_t from, to;
	int text;	/* the searchable text too (index_text() is then never NULL):
			 * a segment whose text is damaged is built again */
	/*
	 * A record met only before `all_from` (> from) is wanted only when it
	 * is of category `cat` and created in [from, to): what a report reads
	 * of the 30 days before its periods is their complaints.
	 */
	int64_t all_from;
	int cat;
	/*
	 * A search (list --phone, --customer): with `keyed`, of a month only
	 * the records that may match are copied out — the last four digits of
	 * their phone are `phone4` (-1: any) and their name contains `name`
	 * (NULL: any) — and every record with a link (duplicate_of, related).
	 * Each segment keeps these keys beside its records, so the records
	 * that cannot match are never read.
	 */
	int keyed;
	int phone4;
	const char *name;
	int linked;	/* with keyed: only the records with a link (show) */
	/*
	 * The records' history events (a report's figures).  Without it, a
	 * month read for a period or a search keeps none (its records' nev
	 * is 0), and they are neither read nor checked; a segment read whole
	 * keeps them in any case.
	 */
	int history;
};
extern const struct ix_want IX_ALL;	/* every segment */
extern const struct ix_want IX_OPEN;	/* tickets/ alone: nothing archived */
const struct error *index_load_want(struct store *s, const struct ix_want *w,
    struct index_set *set);
/* Throw away DIR/.index and build it from every file. */
const struct error *index_rebuild(struct store *s, struct index_set *set);
/* The same, the problems of files that do not load sent to `d`. */
const struct error *index_rebuild_diag(struct store *s, struct index_set *set,
    const struct diag *d);
void index_release(struct index_set *set);

/*
 * Records known without reading their files: an import makes each
 * ticket's record as it writes the file and hands them all over at the
 * end, so the index is current when it returns instead of the next
 * reader reading back every file it wrote.  A known record is used only
 * while its file is the one written (same inode, size and mtime, which a
 * rename keeps); any other file is read as usual.
 */
struct known_seg;
struct ix_known {
	struct known_seg *seg;	/* per directory: spilled parts, then the one filling */
	size_t n, alloc;
	int spill_dir;		/* where parts go past KNOWN_HELD bytes; -1: held */
	int spill_fd;		/* an unlinked file there, once needed */
	size_t held;		/* bytes of records held in memory */
	size_t held_max;	/* … at most (index_known_init: a few MiB) */
	uint64_t spilled;	/* bytes written to spill_fd */
};
struct stat;
/*
 * `spill_dir`: a directory (the store's .tmp) where the records wait on
 * disk, a part at a time, once more than a few MiB of them would be held:
 * a million-row import holds one directory's records at a time, not all.
 * -1: all held in memory.
 */
void index_known_init(struct ix_known *k, int spill_dir);
/* The ticket written to DIR/tickets ("tickets") or DIR/archive/DIR.
 * Fails only when the records cannot be put aside (spill_dir). */
const struct error *index_known_add(struct ix_known *k, const struct ticket *t,
    const char *dir, const struct stat *st);
/* Bring the index up to date, taking the known records as they are; each
 * directory's are read back when its segment is built and let go once it
 * is saved. */
const struct error *index_known_apply(struct store *s, struct ix_known *k);
/* How many known records are held in memory. */
size_t index_known_held(const struct ix_known *k);
void index_known_release(struct ix_known *k);
/*
 * The searchable text of a segment's records, decompressed on first use
 * (the segment keeps it until released).  NULL when it does not
 * decompress to what the header says (its checksum): the segment is
 * damaged.  A set loaded with `text` wanted has it for every segment.
 */
const char *index_text(struct index *ix);
/* The same once index_text() has made it, or the index was built here
 * (NULL before). */
const char *index_text_loaded(const struct index *ix);
/*
 * The digits of a phone number as a search compares them (at most 31, in
 * `out`); their count.  ix_phone4(): the last four as a number, -1 when
 * there are fewer than four.
 */
size_t ix_phone_digits(const char *phone, char out[32]);
int ix_phone4(const char *phone);
/* CSTK_NO_INDEX set (and not 0): list and export read every file. */
int index_disabled(void);
void index_release_one(struct index *ix);

static inline const char *
ix_str(const struct index *ix, uint32_t off)
{
	return ix->str + off;
}

/*
 * The response (resolution: 1) deadline in force at `at`: the one a later
 * reopening replaced, if there was one, else the current one.  So a first
 * round is measured against its own deadlines, and a past period reads
 * the same after a reopening.  IX_NONE when there is none.
 */
int64_t ix_due_at(const struct index *ix, const struct ix_rec *r, int resolution,
    int64_t at);

/*
 * The deadline that matters now for a record (list's DUE, agenda): a date
 * promised to the customer, else the one it is late for (lc_hours_over,
 * the one definition of overdue), else the next one of its status; IX_NONE
 * when there is none.  *over: hours late (0 when not); *promised: 1 when
 * it is the promised date.
 */
int64_t ix_deadline_now(const struct ix_rec *r, int64_t now, double *over, int *promised);
/* A field's value as the file would give it, from a record (NULL when
 * absent, or when the field has no slot); `buf` holds times and counts. */
const char *ix_field_text(const struct index *ix, const struct ix_rec *r, enum field_id f,
    char buf[CLOCK_BUFSZ]);
/*
 * What the past values of a record's fields need from its events, found in
 * one pass when first asked for (start with { 0 }): when it was first
 * classified (IX_NONE: never), and whether a value changed since
 * (IXV_VALUE).  With it, a past value is a lookup for most tickets; without
 * it (NULL), the events are read each time.
 */
struct ix_past {
	int known;
	int64_t classified;
	int changed;
};
void ix_past(const struct index *ix, const struct ix_rec *r, struct ix_past *p);
/* The hour (since 1970, rounded down) of a time, held in an int32: what
 * spans and packed chunks keep. */
static inline int32_t
ix_hour(int64_t t)
{
	int64_t h = t / 3600 - (t % 3600 < 0);

	return h < INT32_MIN ? INT32_MIN : h > INT32_MAX ? INT32_MAX : (int32_t)h;
}
/* A move that classifies the ticket: to a status past intake, short of
 * the archive (a rejection from intake archives it unclassified). */
static inline int
ix_classifying(const struct ix_event *e)
{
	return e->kind == IXV_STATUS && e->val > ST_INTAKE && e->val < ST_ARCHIVED;
}
/* What a classification gives a ticket: none of it while in intake. */
static inline int
ix_classified_field(enum field_id f)
{
	return f == F_CATEGORY || f == F_PRIORITY || f == F_MODULE || f == F_TEAM;
}
/* The events read for ix_value_before. */
const char *ix_value_scan(const struct index *ix, const struct ix_rec *r, enum field_id f,
    int64_t at);
/* The value the field had at `at` when a later change (or the first
 * classification) replaced it, or NULL when its value then is its value
 * now: for most tickets, known from `p` alone (a report asks it of every
 * ticket). */
static inline const char *
ix_value_before(const struct index *ix, const struct ix_rec *r, struct ix_past *p,
    enum field_id f, int64_t at)
{
	if ((r->flags & IXR_PAST_NOW) && (!ix_classified_field(f) || at >= r->t[IXT_CREATED]))
		return NULL;
	if (p) {
		if (!p->known)
			ix_past(ix, r, p);
		if (!p->changed && (!ix_classified_field(f) ||
		    (p->classified != IX_NONE && at >= p->classified)))
			return NULL;
	}
	return ix_value_scan(ix, r, f, at);
}
/*
 * The value a field (FF_PAST) had at `at`: none for what a classification
 * gives (category, priority, module, team) while the ticket was still in
 * intake; the one a later change replaced, if there was one (IXV_VALUE);
 * else its value now, as ix_field_text.
 */
static inline const char *
ix_value_at(const struct index *ix, const struct ix_rec *r, struct ix_past *p,
    enum field_id f, int64_t at, char buf[CLOCK_BUFSZ])
{
	const char *v = ix_value_before(ix, r, p, f, at);

	return v ? v : ix_field_text(ix, r, f, buf);
}

#endif
