/* test-index.c — DIR/.index: records and events as the files say, changes
 * noticed by index_load, index_rebuild giving the same records. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "index.h"
#include "vocab-builtin.h"
#include "lifecycle.h"
#include "search.h"
#include "store.h"
#include "strbuf.h"
#include "yaml-emit.h"

#define ID_A "CS-20261120-0001"	/* assigned, in tickets/ */
#define ID_B "CS-20261121-0001"	/* intake, in tickets/ */
#define ID_C "CS-20261119-0001"	/* archived, in archive/2026-11/ */
#define ID_D "CS-20261122-0001"	/* added by some tests */

static char top[64], dir[80];
static struct store st;

static struct ctime
at(const char *s)
{
	struct ctime ct;

	if (clock_parse(s, &ct) != 0)
		fail_msg("bad time in the test: %s", s);
	return ct;
}

static void
base(struct ticket *t, const char *id, const char *created, const char *channel,
    const char *subject)
{
	struct ctime c = at(created);

	ticket_init(t, id, &c);
	ticket_set(t, F_CHANNEL, channel);
	ticket_set(t, F_SUBJECT, subject);
	ticket_set_int(t, F_ESCALATIONS, 0);
	ticket_set_int(t, F_ROUNDS, 1);
	ticket_log(t, &(struct event){ "zhang", c, NULL }, "open", NULL, "intake", NULL, NULL);
}

static void
save_a(void)
{
	struct ticket t;
	struct event e = { "zhang", at("2026-11-20T09:00:00+08:00"), NULL };

	base(&t, ID_A, "2026-11-20T09:00:00+08:00", "phone", "下单3天未发货");
	ticket_set(&t, F_CUST_NAME, "王丽");
	ticket_set(&t, F_CUST_PHONE, "13856781234");
	assert_null(lc_classify(&t, &st.policy, &e, "complaint", "urgent", "logistics"));
	e.at = at("2026-11-20T09:30:00+08:00");
	assert_null(lc_assign(&t, &e, "li"));
	e.at = at("2026-11-20T10:00:00+08:00");
	assert_null(lc_contact(&t, &e, "已致电"));
	assert_null(store_save(&st, &t));
	ticket_release(&t);
}

static void
save_b(void)
{
	struct ticket t;

	base(&t, ID_B, "2026-11-21T10:00:00+08:00", "chat", "发票");
	ticket_set(&t, F_CUST_NAME, "李雷");
	ticket_set(&t, F_CUST_PHONE, "13900000000");
	ticket_set(&t, F_CUST_ID, "C-9");
	ticket_set(&t, F_CUST_TIER, "vip");
	assert_null(store_save(&st, &t));
	ticket_release(&t);
}

static void
save_c(void)
{
	struct ticket t;
	struct event e = { "chen", at("2026-11-19T08:00:00+08:00"), NULL };

	base(&t, ID_C, "2026-11-19T08:00:00+08:00", "email", "怎么开票");
	ticket_set(&t, F_CUST_NAME, "张三");
	assert_null(lc_classify(&t, &st.policy, &e, "inquiry", "normal", NULL));
	e.at = at("2026-11-19T08:30:00+08:00");
	assert_null(lc_assign(&t, &e, "chen"));
	e.at = at("2026-11-19T09:00:00+08:00");
	assert_null(lc_contact(&t, &e, "回复邮件"));
	e.at = at("2026-11-19T12:00:00+08:00");
	assert_null(lc_resolve(&t, &e, "已说明", NULL, NULL));
	e.at = at("2026-11-19T13:00:00+08:00");
	assert_null(lc_confirm(&t, &st.policy, &e, "satisfied", NULL));
	assert_null(store_save(&st, &t));
	ticket_release(&t);
}

static void
save_d(void)
{
	struct ticket t;

	base(&t, ID_D, "2026-11-22T08:00:00+08:00", "web", "新的");
	ticket_set(&t, F_CUST_NAME, "赵四");
	assert_null(store_save(&st, &t));
	ticket_release(&t);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(top, sizeof(top), "/tmp/cstk-unit-XXXXXX");
	if (mkdtemp(top) == NULL)
		return -1;
	snprintf(dir, sizeof(dir), "%s/s", top);
	if (store_init(dir, NULL) != NULL)
		return -1;
	st = (struct store)STORE_INIT;
	if (store_open(&st, dir) != NULL || store_lock(&st) != NULL)
		return -1;
	save_a();
	save_b();
	save_c();
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	store_close(&st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd);
}

static char *
path_of(const char *rel)
{
	return xasprintf("%s/%s", dir, rel);
}

/* Set the mtime of DIR/rel `delta` seconds from now. */
static void
set_mtime(const char *rel, long delta)
{
	struct timespec ts[2];
	char *p = path_of(rel);

	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec += delta;
	ts[1] = ts[0];
	assert_int_equal(utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW), 0);
	free(p);
}

/* Everything an hour old: nothing is "racy" (changed near the build). */
static void
age_all(void)
{
	static const char *const rel[] = { "tickets/" ID_A ".yaml", "tickets/" ID_B ".yaml",
		"archive/2026-11/" ID_C ".yaml", "tickets", "archive/2026-11" };

	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
		set_mtime(rel[i], -3600);
}

static const struct index *
seg(const struct index_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->seg[i].ndir == 1 && strcmp(set->seg[i].dir[0].name, name) == 0)
			return &set->seg[i];
	fail_msg("no segment '%s'", name);
	return NULL;
}

static const struct ix_rec *
rec(const struct index *ix, const char *id)
{
	for (size_t i = 0; i < ix->nrec; i++)
		if (strcmp(ix_str(ix, ix->rec[i].s[IXS_ID]), id) == 0)
			return &ix->rec[i];
	return NULL;
}

static size_t
reread(const struct index_set *set)
{
	size_t n = 0;

	for (size_t i = 0; i < set->n; i++)
		n += set->seg[i].reread;
	return n;
}

static void
str_is(const struct index *ix, const struct ix_rec *r, enum ix_str k, const char *want)
{
	assert_string_equal(ix_str(ix, r->s[k]), want ? want : "");
}

/* The record says what the file says, field by field. */
static void
matches_file(const struct index *ix, const struct ix_rec *r, const char *rel)
{
	static const enum field_id tf[IXT_COUNT] = { F_CREATED, F_UPDATED, F_DUE_RESPONSE,
		F_DUE_RESOLUTION, F_RESPONDED, F_RESOLVED, F_CONFIRMED, F_ARCHIVED,
		F_REVISIT_DUE, F_REVISIT_DONE };
	static const struct { enum ix_str k; enum field_id f; } sf[] = {
		{ IXS_ID, F_ID }, { IXS_MODULE, F_MODULE }, { IXS_ASSIGNEE, F_ASSIGNEE },
		{ IXS_TEAM, F_TEAM }, { IXS_NAME, F_CUST_NAME }, { IXS_PHONE, F_CUST_PHONE },
		{ IXS_SUBJECT, F_SUBJECT }, { IXS_EMAIL, F_CUST_EMAIL },
		{ IXS_CUSTOMER_ID, F_CUST_ID }, { IXS_ORDER, F_ORDER },
		{ IXS_PRODUCT, F_PRODUCT }, { IXS_COMPENSATION, F_COMPENSATION },
		{ IXS_RESOLUTION, F_RESOLUTION },
	};
	struct ticket t;
	struct stat sb;
	char *p = path_of(rel);
	const char *slash = strrchr(rel, '/');
	char id[40];

	snprintf(id, sizeof(id), "%.*s", (int)(strlen(slash + 1) - 5), slash + 1);
	assert_null(store_load(&st, id, &t));
	assert_int_equal(stat(p, &sb), 0);
	free(p);
	for (int i = 0; i < IXT_COUNT; i++) {
		struct ctime ct;
		if (ticket_time(&t, tf[i], &ct) == 0) {
			assert_true(r->t[i] == ct.t);
			assert_int_equal(r->off[i], ct.off / 60);
		} else {
			assert_true(r->t[i] == IX_NONE);
		}
	}
	for (size_t i = 0; i < sizeof(sf) / sizeof(sf[0]); i++)
		str_is(ix, r, sf[i].k, ticket_str(&t, sf[i].f));
	/* Every field with a slot reads back as the file has it. */
	for (int f = 0; f < F_COUNT; f++) {
		char buf[CLOCK_BUFSZ];
		const char *got = ix_field_text(ix, r, (enum field_id)f, buf);
		const char *want = fields[f].ix == IXK_NONE ? NULL : ticket_str(&t, (enum field_id)f);
		if (want && *want == '\0')
			want = NULL;
		if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0))
			fail_msg("%s: field %s: record gives '%s', the file '%s'", rel,
			    fields[f].path, got ? got : "(none)", want ? want : "(none)");
	}
	assert_int_equal(r->status, enum_lookup(vocab(V_STATUS), ticket_str(&t, F_STATUS)));
	assert_int_equal(r->category, enum_lookup(vocab(V_CATEGORY), ticket_str(&t, F_CATEGORY)));
	assert_int_equal(r->priority, enum_lookup(vocab(V_PRIORITY), ticket_str(&t, F_PRIORITY)));
	assert_int_equal(r->channel, enum_lookup(vocab(V_CHANNEL), ticket_str(&t, F_CHANNEL)));
	assert_int_equal(r->tier, enum_lookup(vocab(V_TIER), ticket_str(&t, F_CUST_TIER)));
	assert_int_equal(r->satisfaction,
	    enum_lookup(vocab(V_SATISFACTION), ticket_str(&t, F_SATISFACTION)));
	assert_int_equal(r->rounds, ticket_str(&t, F_ROUNDS) ? ticket_int(&t, F_ROUNDS) : -1);
	assert_int_equal(r->contacts,
	    ticket_str(&t, F_CONTACTS) ? ticket_int(&t, F_CONTACTS) : -1);
	assert_true(r->mtime_ns == (int64_t)sb.st_mtim.tv_sec * 1000000000LL +
	    sb.st_mtim.tv_nsec);
	assert_true(r->size == (int64_t)sb.st_size);
	assert_true(r->ino == (uint64_t)sb.st_ino);
	/* The searchable text, whether just made, kept, or read back. */
	{
		struct strbuf want = STRBUF_INIT;
		const char *text = index_text((struct index *)ix);

		search_text(&t, &want);
		assert_non_null(text);
		assert_int_equal(r->ntxt, want.len);
		assert_memory_equal(text + r->txt, sb_str(&want), want.len);
		sb_release(&want);
	}
	ticket_release(&t);
}

static void
event_is(const struct index *ix, const struct ix_rec *r, uint32_t k, const char *when,
    enum ix_event_kind kind, int val, const char *who)
{
	const struct ix_event *e;

	assert_true(k < r->nev);
	e = &ix->ev[r->ev + k];
	assert_true(e->t == at(when).t);
	assert_int_equal(e->kind, kind);
	assert_int_equal(e->val, val);
	assert_string_equal(ix_str(ix, e->str), who ? who : "");
}

static void
records_say_what_the_files_say(void **state)
{
	struct index_set set;
	const struct index *tk, *ar;
	const struct ix_rec *a, *b, *c;

	(void)state;
	assert_null(index_load(&st, &set));
	assert_int_equal(set.n, 2);
	tk = seg(&set, "tickets");
	ar = seg(&set, "2026-11");
	assert_int_equal(tk->nrec, 2);
	assert_int_equal(ar->nrec, 1);
	/* in ID order within a segment */
	str_is(tk, &tk->rec[0], IXS_ID, ID_A);
	str_is(tk, &tk->rec[1], IXS_ID, ID_B);
	a = rec(tk, ID_A);
	b = rec(tk, ID_B);
	c = rec(ar, ID_C);
	assert_non_null(c);
	assert_null(rec(tk, ID_C));
	matches_file(tk, a, "tickets/" ID_A ".yaml");
	matches_file(tk, b, "tickets/" ID_B ".yaml");
	matches_file(ar, c, "archive/2026-11/" ID_C ".yaml");

	/* and the same worked out by hand */
	assert_true(a->t[IXT_CREATED] == 1795136400);
	assert_int_equal(a->off[IXT_CREATED], 480);
	assert_true(a->t[IXT_DUE_RESPONSE] == 1795136400 + 3600);
	assert_true(a->t[IXT_DUE_RESOLUTION] == 1795136400 + 24 * 3600);
	assert_true(a->t[IXT_RESPONDED] == 1795140000);
	assert_true(a->t[IXT_RESOLVED] == IX_NONE);
	assert_int_equal(a->status, ST_ASSIGNED);
	assert_int_equal(a->category, CAT_COMPLAINT);
	assert_int_equal(a->priority, PRIO_URGENT);
	assert_int_equal(a->channel, 0);	/* phone */
	assert_int_equal(a->tier, -1);
	assert_int_equal(a->rounds, 1);
	assert_int_equal(a->escalations, 0);
	assert_int_equal(a->contacts, 1);
	assert_int_equal(a->attempts, -1);
	assert_int_equal(a->flags, IXR_EXACT | IXR_PAST_NOW);	/* classified when opened */
	str_is(tk, a, IXS_ASSIGNEE, "li");
	str_is(tk, a, IXS_TEAM, "supervisors");
	str_is(tk, a, IXS_MODULE, "logistics");
	{
		char buf[CLOCK_BUFSZ];
		assert_string_equal(ix_field_text(tk, a, F_DUE_RESPONSE, buf),
		    "2026-11-20T10:00:00+08:00");
	}
	/* a customer is known by customer.id, else phone, else name */
	str_is(tk, a, IXS_CUSTOMER_KEY, "phone:13856781234");
	str_is(tk, b, IXS_CUSTOMER_KEY, "id:C-9");
	str_is(ar, c, IXS_CUSTOMER_KEY, "name:张三");
	assert_int_equal(b->status, ST_INTAKE);
	assert_int_equal(b->tier, TIER_VIP);
	assert_int_equal(b->category, -1);
	assert_int_equal(b->contacts, -1);
	assert_int_equal(c->status, ST_ARCHIVED);
	assert_int_equal(c->satisfaction, SAT_SATISFIED);
	assert_true(c->t[IXT_ARCHIVED] == at("2026-11-19T13:00:00+08:00").t);
	index_release(&set);
}

static void
events_follow_the_history(void **state)
{
	struct index_set set;
	const struct index *tk, *ar;
	const struct ix_rec *a, *b, *c;

	(void)state;
	assert_null(index_load(&st, &set));
	tk = seg(&set, "tickets");
	ar = seg(&set, "2026-11");
	a = rec(tk, ID_A);
	b = rec(tk, ID_B);
	c = rec(ar, ID_C);
	assert_int_equal(a->nev, 5);
	event_is(tk, a, 0, "2026-11-20T09:00:00+08:00", IXV_STATUS, ST_INTAKE, NULL);
	event_is(tk, a, 1, "2026-11-20T09:00:00+08:00", IXV_STATUS, ST_CLASSIFIED, NULL);
	event_is(tk, a, 2, "2026-11-20T09:30:00+08:00", IXV_STATUS, ST_ASSIGNED, NULL);
	event_is(tk, a, 3, "2026-11-20T09:30:00+08:00", IXV_ASSIGN, 0, "li");
	event_is(tk, a, 4, "2026-11-20T10:00:00+08:00", IXV_CONTACT, 0, NULL);
	assert_int_equal(b->nev, 1);
	event_is(tk, b, 0, "2026-11-21T10:00:00+08:00", IXV_STATUS, ST_INTAKE, NULL);
	assert_int_equal(c->nev, 9);
	event_is(ar, c, 0, "2026-11-19T08:00:00+08:00", IXV_STATUS, ST_INTAKE, NULL);
	event_is(ar, c, 1, "2026-11-19T08:00:00+08:00", IXV_STATUS, ST_CLASSIFIED, NULL);
	event_is(ar, c, 2, "2026-11-19T08:30:00+08:00", IXV_STATUS, ST_ASSIGNED, NULL);
	event_is(ar, c, 3, "2026-11-19T08:30:00+08:00", IXV_ASSIGN, 0, "chen");
	event_is(ar, c, 4, "2026-11-19T09:00:00+08:00", IXV_CONTACT, 0, NULL);
	event_is(ar, c, 5, "2026-11-19T12:00:00+08:00", IXV_STATUS, ST_RESOLVED, NULL);
	event_is(ar, c, 6, "2026-11-19T13:00:00+08:00", IXV_STATUS, ST_ARCHIVED, NULL);
	event_is(ar, c, 7, "2026-11-19T13:00:00+08:00", IXV_CONFIRM, SAT_SATISFIED, NULL);
	/* the outcome its archival gave */
	event_is(ar, c, 8, "2026-11-19T13:00:00+08:00", IXV_OUTCOME,
	    enum_lookup(vocab(V_OUTCOME), "resolved"), NULL);
	index_release(&set);
}

struct past_value {
	enum field_id f;
	const char *at, *value;
};

/* Each field of the index's one record had `value` ("": none) at `at`:
 * read the events each time, and with ix_past() once. */
static void
past_values_are(const struct index *one, const struct past_value *want, size_t n)
{
	char buf[CLOCK_BUFSZ];

	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 2; k++) {
			struct ix_past past;
			const char *v;
			ix_past(one, &one->rec[0], &past);
			v = ix_value_at(one, &one->rec[0], k ? &past : NULL, want[i].f,
			    at(want[i].at).t, buf);
			assert_string_equal(v ? v : "", want[i].value);
		}
}

/* A value changed later is kept with the time it stopped being the value:
 * a first classification fills in, a reclassification, a rerouting and a
 * `set` are changes. */
static void
past_values_are_kept(void **state)
{
	struct ticket t;
	struct index one;
	struct event e = { "zhang", at("2026-11-01T09:00:00+08:00"), NULL };
	const char *set[] = { "key", "customer.tier", "value", "vip", "previous", "new", NULL };
	static const struct past_value want[] = {
		{ F_CATEGORY, "2026-11-01T12:00:00+08:00", "complaint" },
		{ F_CATEGORY, "2026-11-02T09:00:00+08:00", "inquiry" },	/* from then on */
		{ F_PRIORITY, "2026-11-01T12:00:00+08:00", "urgent" },
		{ F_TEAM, "2026-11-01T12:00:00+08:00", "supervisors" },
		{ F_TEAM, "2026-11-03T12:00:00+08:00", "frontline" },
		{ F_CUST_TIER, "2026-11-02T12:00:00+08:00", "new" },
		{ F_CUST_TIER, "2026-11-03T12:00:00+08:00", "vip" },
		/* before its first classification (in intake): none */
		{ F_CATEGORY, "2026-10-01T12:00:00+08:00", "" },
		{ F_TEAM, "2026-10-01T12:00:00+08:00", "" },
		{ F_CUST_TIER, "2026-10-01T12:00:00+08:00", "new" },	/* not a class */
	};
	size_t nvalue = 0;

	(void)state;
	base(&t, ID_A, "2026-11-01T09:00:00+08:00", "phone", "下单3天未发货");
	ticket_set(&t, F_CUST_TIER, "new");
	assert_null(lc_classify(&t, &st.policy, &e, "complaint", "urgent", NULL));
	e.at = at("2026-11-02T09:00:00+08:00");
	assert_null(lc_classify(&t, &st.policy, &e, "inquiry", "normal", NULL));
	e.at = at("2026-11-03T09:00:00+08:00");
	ticket_set(&t, F_CUST_TIER, "vip");
	ticket_log(&t, &e, "set", NULL, NULL, NULL, set);
	index_one(&one, &t);
	for (uint32_t i = 0; i < one.rec[0].nev; i++)
		nvalue += one.ev[i].kind == IXV_VALUE;
	assert_int_equal(nvalue, 4);	/* category, priority, team, tier */
	past_values_are(&one, want, sizeof(want) / sizeof(want[0]));
	assert_null(ix_value_before(&one, &one.rec[0], NULL, F_CHANNEL, 0));
	index_release_one(&one);
	ticket_release(&t);
}

/*
 * A field that had none, or is emptied, has "" (none) as its past value: a
 * module given by a reclassification where the classification gave none,
 * one emptied by `set`, a tier set where there was none.  A
 * reclassification records the values it replaces (previous_KEY).
 */
static void
values_to_and_from_none_are_kept(void **state)
{
	struct ticket t;
	struct index one;
	struct event e = { "zhang", at("2026-11-01T09:00:00+08:00"), NULL };
	const char *clear[] = { "key", "module", "previous", "billing", NULL };
	const char *tier[] = { "key", "customer.tier", "value", "vip", NULL };
	static const struct past_value want[] = {
		{ F_MODULE, "2026-11-01T12:00:00+08:00", "" },
		{ F_MODULE, "2026-11-02T12:00:00+08:00", "billing" },
		{ F_MODULE, "2026-11-03T12:00:00+08:00", "" },
		{ F_MODULE, "2026-11-05T12:00:00+08:00", "logistics" },
		{ F_CUST_TIER, "2026-11-03T12:00:00+08:00", "" },
		{ F_CUST_TIER, "2026-11-04T12:00:00+08:00", "vip" },
		{ F_CATEGORY, "2026-11-04T12:00:00+08:00", "inquiry" },
		{ F_CATEGORY, "2026-11-05T12:00:00+08:00", "complaint" },
	};

	(void)state;
	base(&t, ID_A, "2026-11-01T09:00:00+08:00", "phone", "下单3天未发货");
	assert_null(lc_classify(&t, &st.policy, &e, "inquiry", "normal", NULL));
	e.at = at("2026-11-02T09:00:00+08:00");
	assert_null(lc_classify(&t, &st.policy, &e, "inquiry", "normal", "billing"));
	e.at = at("2026-11-03T09:00:00+08:00");
	ticket_set(&t, F_MODULE, NULL);
	ticket_log(&t, &e, "set", NULL, NULL, NULL, clear);
	e.at = at("2026-11-04T09:00:00+08:00");
	ticket_set(&t, F_CUST_TIER, "vip");
	ticket_log(&t, &e, "set", NULL, NULL, NULL, tier);
	e.at = at("2026-11-05T09:00:00+08:00");
	assert_null(lc_classify(&t, &st.policy, &e, "complaint", "normal", "logistics"));
	{
		const struct ynode *h = ynode_get(t.root, "history");
		const struct ynode *last = h->items[h->nr - 1].val;
		assert_string_equal(ynode_get_str(last, "previous_category"), "inquiry");
		assert_null(ynode_get_str(last, "previous_priority"));	/* the same */
		assert_null(ynode_get_str(last, "previous_module"));	/* none */
	}
	index_one(&one, &t);
	assert_false(one.rec[0].flags & IXR_PAST_NOW);
	past_values_are(&one, want, sizeof(want) / sizeof(want[0]));
	index_release_one(&one);
	ticket_release(&t);
}

/*
 * A history that does not say what a field had (an import's
 * classification names no values) gives no past value for it: the value
 * it has now stands.
 */
static void
values_not_known_are_not_made_up(void **state)
{
	struct ticket t;
	struct index one;
	struct event e = { "zhang", at("2026-11-01T09:00:00+08:00"), NULL };
	const char *imported[] = { NULL };
	char buf[CLOCK_BUFSZ];

	(void)state;
	base(&t, ID_A, "2026-11-01T09:00:00+08:00", "phone", "下单3天未发货");
	ticket_set(&t, F_CATEGORY, "inquiry");
	ticket_set(&t, F_PRIORITY, "normal");
	ticket_set(&t, F_MODULE, "billing");
	ticket_set(&t, F_STATUS, "classified");
	ticket_log(&t, &e, "classify", "intake", "classified", NULL, imported);
	e.at = at("2026-11-02T09:00:00+08:00");
	/* as a reclassification before previous_KEY was recorded */
	ticket_set(&t, F_MODULE, "logistics");
	{
		const char *old[] = { "category", "inquiry", "priority", "normal",
			"module", "logistics", NULL };
		ticket_log(&t, &e, "reclassify", "classified", "classified", NULL, old);
	}
	index_one(&one, &t);
	assert_string_equal(ix_value_at(&one, &one.rec[0], NULL, F_MODULE,
	    at("2026-11-01T12:00:00+08:00").t, buf), "logistics");
	assert_string_equal(ix_value_at(&one, &one.rec[0], NULL, F_CATEGORY,
	    at("2026-11-01T12:00:00+08:00").t, buf), "inquiry");
	index_release_one(&one);
	ticket_release(&t);
}

/*
 * A `set` written before cstk recorded what it replaced (no previous):
 * the value before is what the history gave last, not none.
 */
static void
an_old_set_reads_what_the_history_gave(void **state)
{
	struct ticket t;
	struct index one;
	struct event e = { "zhang", at("2026-11-01T09:00:00+08:00"), NULL };
	const char *old[] = { "key", "category", "value", "complaint", NULL };
	static const struct past_value want[] = {
		{ F_CATEGORY, "2026-11-01T12:00:00+08:00", "inquiry" },
		{ F_MODULE, "2026-11-01T12:00:00+08:00", "billing" },
		{ F_CATEGORY, "2026-11-02T12:00:00+08:00", "complaint" },
		{ F_MODULE, "2026-11-02T12:00:00+08:00", "" },
	};
	const char *clear[] = { "key", "module", NULL };

	(void)state;
	base(&t, ID_A, "2026-11-01T09:00:00+08:00", "phone", "下单3天未发货");
	assert_null(lc_classify(&t, &st.policy, &e, "inquiry", "normal", "billing"));
	e.at = at("2026-11-02T09:00:00+08:00");
	ticket_set(&t, F_CATEGORY, "complaint");
	ticket_log(&t, &e, "set", NULL, NULL, NULL, old);
	ticket_set(&t, F_MODULE, NULL);
	ticket_log(&t, &e, "set", NULL, NULL, NULL, clear);
	index_one(&one, &t);
	past_values_are(&one, want, sizeof(want) / sizeof(want[0]));
	index_release_one(&one);
	ticket_release(&t);
}

/*
 * IXR_PAST_NOW is a shortcut, not another answer: with it or without it
 * (as in an index built before it), every past value reads the same.
 * It is set only where no event says otherwise: a ticket classified when
 * it was opened; not one never classified (in intake, or moved on without
 * a classification), one classified later, nor one changed.
 */
static void
past_now_is_only_a_shortcut(void **state)
{
	static const struct {
		const char *classified, *reclassified, *status;
		int past_now;
	} tk[] = {
		{ "2026-11-01T09:00:00+08:00", NULL, NULL, 1 },	/* at its opening */
		/* never, yet past intake: a module given by hand is none */
		{ NULL, NULL, "assigned", 0 },
		/* never, still in intake: a module given by hand is none */
		{ NULL, NULL, NULL, 0 },
		{ "2026-11-01T10:00:00+08:00", NULL, NULL, 0 },	/* an hour in intake */
		{ "2026-11-01T09:00:00+08:00", "2026-11-02T09:00:00+08:00", NULL, 0 },
	};
	static const char *const when[] = { "2026-11-01T08:00:00+08:00",
	    "2026-11-01T09:00:00+08:00", "2026-11-01T09:30:00+08:00",
	    "2026-11-01T11:00:00+08:00", "2026-11-03T09:00:00+08:00" };
	static const enum field_id fs[] = { F_CATEGORY, F_PRIORITY, F_MODULE, F_TEAM,
	    F_CHANNEL, F_CUST_TIER };

	(void)state;
	for (size_t i = 0; i < sizeof(tk) / sizeof(tk[0]); i++) {
		struct ticket t;
		struct index one;
		struct event e = { "zhang", at("2026-11-01T09:00:00+08:00"), NULL };

		base(&t, ID_A, "2026-11-01T09:00:00+08:00", "phone", "下单3天未发货");
		ticket_set(&t, F_CUST_TIER, "new");
		if (tk[i].classified) {
			e.at = at(tk[i].classified);
			assert_null(lc_classify(&t, &st.policy, &e, "complaint", "urgent", NULL));
		}
		if (tk[i].reclassified) {
			e.at = at(tk[i].reclassified);
			assert_null(lc_classify(&t, &st.policy, &e, "inquiry", "normal", NULL));
		}
		if (tk[i].status)
			ticket_set(&t, F_STATUS, tk[i].status);
		if (!tk[i].classified)	/* given without a classification */
			ticket_set(&t, F_MODULE, "app");
		index_one(&one, &t);
		assert_int_equal(!!(one.rec[0].flags & IXR_PAST_NOW), tk[i].past_now);
		if (!tk[i].classified) {
			char buf[CLOCK_BUFSZ];
			const char *v = ix_value_at(&one, &one.rec[0], NULL, F_MODULE,
			    at("2026-11-03T09:00:00+08:00").t, buf);
			assert_string_equal(v ? v : "", "");
		}
		for (size_t w = 0; w < sizeof(when) / sizeof(when[0]); w++)
			for (size_t f = 0; f < sizeof(fs) / sizeof(fs[0]); f++) {
				struct ix_rec slow = one.rec[0];
				struct ix_past p1 = { 0 }, p2 = { 0 };
				char b1[CLOCK_BUFSZ], b2[CLOCK_BUFSZ];
				const char *fast, *slowv;

				slow.flags &= ~IXR_PAST_NOW;
				fast = ix_value_at(&one, &one.rec[0], &p1, fs[f], at(when[w]).t, b1);
				slowv = ix_value_at(&one, &slow, &p2, fs[f], at(when[w]).t, b2);
				assert_string_equal(fast ? fast : "(none)", slowv ? slowv : "(none)");
			}
		index_release_one(&one);
		ticket_release(&t);
	}
}

/*
 * An assignment that names no one (an import's) gave the ticket to the
 * agent the first reassignment names as `previous`: the index gives that
 * agent the unnamed assignment's time, so a past week keeps them.
 */
static void
an_unnamed_assignment_is_named_by_the_next(void **state)
{
	struct ticket t;
	struct index one;
	struct event e = { "zhang", at("2026-11-01T10:00:00+08:00"), NULL };
	const char *reassign[] = { "assignee", "chen", "previous", "li", NULL };

	(void)state;
	base(&t, ID_A, "2026-11-01T09:00:00+08:00", "phone", "下单3天未发货");
	ticket_log(&t, &e, "assign", "classified", "assigned", NULL, NULL);
	e.at = at("2026-11-01T12:00:00+08:00");	/* names no one: li keeps it */
	ticket_log(&t, &e, "escalate", NULL, NULL, "难", NULL);
	e.at = at("2026-11-02T10:00:00+08:00");
	ticket_log(&t, &e, "reassign", "assigned", "assigned", NULL, reassign);
	index_one(&one, &t);
	/* opened, assigned, escalated, reassigned: who had it from the
	 * assignment (not an assignment of its own), and who has it */
	event_is(&one, &one.rec[0], 1, "2026-11-01T10:00:00+08:00", IXV_STATUS, ST_ASSIGNED, NULL);
	event_is(&one, &one.rec[0], 2, "2026-11-01T12:00:00+08:00", IXV_ESCALATE, 0, NULL);
	event_is(&one, &one.rec[0], 4, "2026-11-01T10:00:00+08:00", IXV_ASSIGN,
	    IX_ASSIGN_RECOVERED, "li");
	event_is(&one, &one.rec[0], 5, "2026-11-02T10:00:00+08:00", IXV_ASSIGN, 0, "chen");
	assert_int_equal(one.rec[0].nev, 6);
	index_release_one(&one);
	ticket_release(&t);
}

static void
an_unchanged_store_is_used_as_it_is(void **state)
{
	struct index_set set;

	(void)state;
	age_all();
	assert_null(index_load(&st, &set));	/* no index yet: every file read */
	assert_int_equal(reread(&set), 3);
	index_release(&set);
	assert_null(index_load(&st, &set));	/* nothing changed: nothing read */
	assert_int_equal(reread(&set), 0);
	assert_int_equal(set.n, 2);
	assert_non_null(seg(&set, "tickets")->map);	/* the saved segment, mapped */
	assert_non_null(seg(&set, "2026-11")->map);
	assert_int_equal(seg(&set, "tickets")->nrec, 2);
	matches_file(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_B),
	    "tickets/" ID_B ".yaml");
	index_release(&set);
}

static void
a_file_changed_in_place_is_reread(void **state)
{
	struct index_set set;
	struct ticket t;
	struct strbuf out = STRBUF_INIT;
	char *p;
	int fd;

	(void)state;
	age_all();
	assert_null(index_load(&st, &set));
	index_release(&set);
	/* A hand edit that keeps the inode and the directory as they were. */
	assert_null(store_load(&st, ID_A, &t));
	ticket_set(&t, F_SUBJECT, "改过的主题");
	ticket_set(&t, F_ASSIGNEE, "wang");
	assert_null(yaml_emit(t.root, &out));
	ticket_release(&t);
	p = path_of("tickets/" ID_A ".yaml");
	fd = open(p, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out.buf, out.len), (ssize_t)out.len);
	assert_int_equal(close(fd), 0);
	free(p);
	sb_release(&out);

	assert_null(index_load(&st, &set));
	assert_int_equal(reread(&set), 1);
	assert_int_equal(seg(&set, "tickets")->reread, 1);
	str_is(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_A), IXS_SUBJECT,
	    "改过的主题");
	str_is(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_A), IXS_ASSIGNEE, "wang");
	matches_file(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_A),
	    "tickets/" ID_A ".yaml");
	matches_file(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_B),
	    "tickets/" ID_B ".yaml");
	index_release(&set);
}

static void
added_and_removed_files_are_noticed(void **state)
{
	struct index_set set;
	char *p;

	(void)state;
	age_all();
	assert_null(index_load(&st, &set));
	index_release(&set);

	p = path_of("tickets/" ID_A ".yaml");
	assert_int_equal(unlink(p), 0);
	free(p);
	assert_null(index_load(&st, &set));
	assert_int_equal(reread(&set), 0);	/* nothing to read, one record less */
	assert_int_equal(seg(&set, "tickets")->nrec, 1);
	assert_null(rec(seg(&set, "tickets"), ID_A));
	assert_non_null(rec(seg(&set, "tickets"), ID_B));
	assert_int_equal(seg(&set, "2026-11")->nrec, 1);
	index_release(&set);

	save_d();
	assert_null(index_load(&st, &set));
	assert_int_equal(reread(&set), 1);	/* only the new file */
	assert_int_equal(seg(&set, "tickets")->nrec, 2);
	str_is(seg(&set, "tickets"), &seg(&set, "tickets")->rec[0], IXS_ID, ID_B);
	str_is(seg(&set, "tickets"), &seg(&set, "tickets")->rec[1], IXS_ID, ID_D);
	matches_file(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_D),
	    "tickets/" ID_D ".yaml");
	index_release(&set);
}

static void
an_archived_ticket_moves_segment(void **state)
{
	struct index_set set;
	struct ticket t;
	struct event e = { "li", at("2026-11-21T09:00:00+08:00"), NULL };

	(void)state;
	age_all();
	assert_null(index_load(&st, &set));
	index_release(&set);
	assert_null(store_load(&st, ID_A, &t));
	assert_null(lc_reject(&t, &e, "重复"));
	assert_null(store_save(&st, &t));
	ticket_release(&t);

	assert_null(index_load(&st, &set));
	assert_int_equal(reread(&set), 1);
	assert_int_equal(seg(&set, "tickets")->nrec, 1);
	assert_null(rec(seg(&set, "tickets"), ID_A));
	assert_int_equal(seg(&set, "2026-11")->nrec, 2);
	str_is(seg(&set, "2026-11"), &seg(&set, "2026-11")->rec[0], IXS_ID, ID_C);
	str_is(seg(&set, "2026-11"), &seg(&set, "2026-11")->rec[1], IXS_ID, ID_A);
	assert_int_equal(rec(seg(&set, "2026-11"), ID_A)->status, ST_ARCHIVED);
	matches_file(seg(&set, "2026-11"), rec(seg(&set, "2026-11"), ID_A),
	    "archive/2026-11/" ID_A ".yaml");
	index_release(&set);
}

static void
a_racy_file_is_checked_again(void **state)
{
	struct index_set set;

	(void)state;
	age_all();
	/* changed "in the same clock tick" as the build: mtime not before it */
	set_mtime("tickets/" ID_B ".yaml", 60);
	assert_null(index_load(&st, &set));
	assert_int_equal(reread(&set), 3);
	assert_int_equal(rec(seg(&set, "tickets"), ID_B)->racy, 1);
	assert_int_equal(rec(seg(&set, "tickets"), ID_A)->racy, 0);
	/* of those read, all but the racy one are past the window */
	assert_int_equal(seg(&set, "tickets")->settled, seg(&set, "tickets")->reread - 1);
	index_release(&set);
	assert_null(index_load(&st, &set));
	assert_int_equal(reread(&set), 1);	/* only the racy one */
	assert_int_equal(seg(&set, "tickets")->reread, 1);
	assert_int_equal(seg(&set, "tickets")->settled, 0);
	assert_int_equal(seg(&set, "2026-11")->reread, 0);
	index_release(&set);
}

/* The records of two sets hold the same values (strings by text). */
/*
 * A period's reader (a week's report) reads of a month only the records
 * whose times meet the period, each as it is on disk, and leaves the
 * segment as it was; a period that every record meets gets the mapping.
 */
static void
a_period_reads_only_the_records_that_meet_it(void **state)
{
	struct index_set all, part;
	struct ticket t;
	struct event e = { "li", at("2026-11-21T09:00:00+08:00"), NULL };
	struct ix_want w = { .archive = 1, .cat = -1, .phone4 = -1, .history = 1 };
	const struct index *whole, *some;
	struct ix_rec bare;
	char *seg_path = path_of(".index/2026-11");
	struct stat before, after;

	(void)state;
	assert_null(store_load(&st, ID_A, &t));
	assert_null(lc_reject(&t, &e, "重复"));	/* archived 2026-11-21 */
	assert_null(store_save(&st, &t));
	ticket_release(&t);
	set_mtime("tickets/" ID_B ".yaml", -3600);
	set_mtime("archive/2026-11/" ID_A ".yaml", -3600);
	set_mtime("archive/2026-11/" ID_C ".yaml", -3600);
	set_mtime("tickets", -3600);
	set_mtime("archive/2026-11", -3600);
	assert_null(index_load(&st, &all));
	whole = seg(&all, "2026-11");
	assert_int_equal(whole->nrec, 2);
	assert_int_equal(stat(seg_path, &before), 0);

	/* C's last time is its resolution deadline, 2026-11-21 08:00; A's
	 * its archiving, 09:00 that day: whole hours are read. */
	w.from = at("2026-11-21T09:00:00+08:00").t;
	w.to = at("2026-11-22T00:00:00+08:00").t;
	assert_null(index_load_want(&st, &w, &part));
	some = seg(&part, "2026-11");
	assert_int_equal(some->nrec, 1);
	assert_true(some->rec_owned);
	assert_non_null(rec(some, ID_A));
	assert_null(rec(some, ID_C));
	assert_memory_equal(rec(some, ID_A), rec(whole, ID_A), sizeof(struct ix_rec));
	assert_int_equal(reread(&part), 0);
	matches_file(some, rec(some, ID_A), "archive/2026-11/" ID_A ".yaml");
	index_release(&part);
	/* Without the history wanted, the same record without its events. */
	w.history = 0;
	assert_null(index_load_want(&st, &w, &part));
	some = seg(&part, "2026-11");
	bare = *rec(whole, ID_A);
	assert_true(bare.nev > 0);
	bare.ev = bare.nev = 0;
	assert_memory_equal(rec(some, ID_A), &bare, sizeof(bare));
	assert_int_equal(some->nev, 0);
	index_release(&part);
	w.history = 1;

	/* Met only before all_from: only a record of category `cat` created
	 * in [from, to) (a report's complaints before its weeks). */
	w.from = at("2026-11-19T00:00:00+08:00").t;
	w.all_from = at("2026-11-21T11:00:00+08:00").t;
	w.cat = CAT_COMPLAINT;
	assert_null(index_load_want(&st, &w, &part));
	some = seg(&part, "2026-11");
	assert_int_equal(some->nrec, 1);
	assert_non_null(rec(some, ID_A));
	index_release(&part);
	w.cat = enum_lookup(vocab(V_CATEGORY), "inquiry");
	assert_null(index_load_want(&st, &w, &part));
	assert_int_equal(seg(&part, "2026-11")->nrec, 1);
	assert_non_null(rec(seg(&part, "2026-11"), ID_C));
	index_release(&part);
	w.from = at("2026-11-19T09:00:00+08:00").t;	/* C was created before */
	assert_null(index_load_want(&st, &w, &part));
	assert_int_equal(seg(&part, "2026-11")->nrec, 0);
	index_release(&part);
	w.all_from = 0;
	w.cat = -1;

	/* A period before both: neither; one that holds both: the mapping. */
	w.from = at("2026-10-01T00:00:00+08:00").t;
	w.to = at("2026-10-02T00:00:00+08:00").t;
	assert_null(index_load_want(&st, &w, &part));
	for (size_t g = 0; g < part.n; g++)
		assert_string_not_equal(part.seg[g].dir[0].name, "2026-11");
	index_release(&part);
	w.from = at("2026-11-01T00:00:00+08:00").t;
	w.to = at("2026-12-01T00:00:00+08:00").t;
	assert_null(index_load_want(&st, &w, &part));
	assert_int_equal(seg(&part, "2026-11")->nrec, 2);
	assert_false(seg(&part, "2026-11")->rec_owned);
	index_release(&part);

	assert_int_equal(stat(seg_path, &after), 0);
	assert_true(before.st_ino == after.st_ino && before.st_mtime == after.st_mtime);
	index_release(&all);
	free(seg_path);
}

/*
 * An import's known records: taken as they are while their file is the
 * one written (here, one that says otherwise, to see which was used), and
 * let go once their segment is saved; a file written since is read.
 */
static void
known_records(int spill)
{
	struct ix_known k;
	struct index_set set;
	struct ticket t;
	struct stat sa, sb;
	char *pa = path_of("tickets/" ID_A ".yaml"), *pb = path_of("tickets/" ID_B ".yaml");
	int tmp = open(top, O_RDONLY | O_DIRECTORY);

	assert_true(tmp >= 0);
	index_known_init(&k, spill ? tmp : -1);
	k.held_max = 1;	/* with a spill directory: every record is put aside */
	age_all();
	assert_int_equal(stat(pa, &sa), 0);
	assert_int_equal(stat(pb, &sb), 0);
	assert_null(store_load(&st, ID_A, &t));
	ticket_set(&t, F_SUBJECT, "只在已知记录里");
	assert_null(index_known_add(&k, &t, "tickets", &sa));
	ticket_release(&t);
	assert_null(store_load(&st, ID_B, &t));
	ticket_set(&t, F_SUBJECT, "文件之后又改了");
	sb.st_size++;		/* as if B were written again after */
	assert_null(index_known_add(&k, &t, "tickets", &sb));
	ticket_release(&t);
	assert_int_equal(index_known_held(&k), spill ? 0 : 2);

	assert_null(index_known_apply(&st, &k));
	assert_int_equal(index_known_held(&k), 0);	/* let go once saved */
	assert_null(index_load(&st, &set));
	assert_int_equal(reread(&set), 0);
	str_is(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_A), IXS_SUBJECT, "只在已知记录里");
	str_is(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_B), IXS_SUBJECT, "发票");
	index_release(&set);
	index_known_release(&k);
	close(tmp);
	free(pa);
	free(pb);
}

static void
known_records_are_taken_and_let_go(void **state)
{
	(void)state;
	known_records(0);
}

/* Put aside on disk as they come (an import of a million rows) and read
 * back when their segment is built: the same records are taken. */
static void
known_records_put_aside_are_taken(void **state)
{
	(void)state;
	known_records(1);
}

static void
same_records(const struct index_set *x, const struct index_set *y)
{
	assert_int_equal(x->n, y->n);
	for (size_t g = 0; g < x->n; g++) {
		const struct index *a = &x->seg[g], *b = &y->seg[g];

		assert_string_equal(a->dir[0].name, b->dir[0].name);
		assert_int_equal(a->nrec, b->nrec);
		for (size_t i = 0; i < a->nrec; i++) {
			const struct ix_rec *r = &a->rec[i], *q = &b->rec[i];

			for (int k = 0; k < IXT_COUNT; k++) {
				assert_true(r->t[k] == q->t[k]);
				assert_int_equal(r->off[k], q->off[k]);
			}
			for (int k = 0; k < IXS_COUNT; k++)
				assert_string_equal(ix_str(a, r->s[k]), ix_str(b, q->s[k]));
			assert_int_equal(r->status, q->status);
			assert_int_equal(r->category, q->category);
			assert_int_equal(r->priority, q->priority);
			assert_int_equal(r->channel, q->channel);
			assert_int_equal(r->tier, q->tier);
			assert_int_equal(r->responsibility, q->responsibility);
			assert_int_equal(r->satisfaction, q->satisfaction);
			assert_int_equal(r->revisit_satisfaction, q->revisit_satisfaction);
			assert_int_equal(r->rounds, q->rounds);
			assert_int_equal(r->escalations, q->escalations);
			assert_int_equal(r->contacts, q->contacts);
			assert_int_equal(r->attempts, q->attempts);
			assert_int_equal(r->flags, q->flags);
			assert_true(r->mtime_ns == q->mtime_ns);
			assert_true(r->size == q->size);
			assert_true(r->ino == q->ino);
			assert_int_equal(r->nev, q->nev);
			for (uint32_t k = 0; k < r->nev; k++) {
				const struct ix_event *e = &a->ev[r->ev + k], *f = &b->ev[q->ev + k];
				assert_true(e->t == f->t);
				assert_int_equal(e->kind, f->kind);
				assert_int_equal(e->val, f->val);
				assert_string_equal(ix_str(a, e->str), ix_str(b, f->str));
			}
		}
	}
}

static void
rebuild_gives_the_same_records(void **state)
{
	struct index_set loaded, rebuilt;
	struct ticket t;
	struct event e = { "li", at("2026-11-21T09:00:00+08:00"), NULL };

	(void)state;
	age_all();
	assert_null(index_load(&st, &loaded));
	index_release(&loaded);
	/* a few changes brought in incrementally */
	save_d();
	assert_null(store_load(&st, ID_A, &t));
	e.at = at("2026-11-20T11:00:00+08:00");
	assert_null(lc_escalate(&t, &e, "zhao", "客户要求"));
	e.at = at("2026-11-20T15:00:00+08:00");
	assert_null(lc_resolve(&t, &e, "已补发", "logistics", "30元券"));
	assert_null(store_save(&st, &t));
	ticket_release(&t);
	assert_null(index_load(&st, &loaded));
	assert_int_equal(reread(&loaded), 2);
	assert_int_equal(rec(seg(&loaded, "tickets"), ID_A)->escalations, 1);
	assert_int_equal(rec(seg(&loaded, "tickets"), ID_A)->responsibility, 2);	/* logistics */
	str_is(seg(&loaded, "tickets"), rec(seg(&loaded, "tickets"), ID_A), IXS_ASSIGNEE,
	    "zhao");
	str_is(seg(&loaded, "tickets"), rec(seg(&loaded, "tickets"), ID_A),
	    IXS_COMPENSATION, "30元券");

	assert_null(index_rebuild(&st, &rebuilt));
	assert_int_equal(reread(&rebuilt), 4);	/* from scratch: every file */
	same_records(&loaded, &rebuilt);
	index_release(&loaded);
	index_release(&rebuilt);
}

/* An index built and saved, then `bytes` written over its tickets/
 * segment at `at` (from the end when negative). */
static void
damage_tickets_segment(long at, const char *bytes)
{
	struct index_set set;
	char *p = path_of(".index/tickets");
	FILE *fp;

	age_all();
	assert_null(index_load(&st, &set));
	index_release(&set);
	fp = fopen(p, "r+");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, at, at < 0 ? SEEK_END : SEEK_SET), 0);
	assert_int_equal(fputs(bytes, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	free(p);
}

static void
a_damaged_index_is_rebuilt(void **state)
{
	struct index_set set;

	(void)state;
	damage_tickets_segment(0, "NOTANINDEX");	/* over the magic */

	assert_null(index_load(&st, &set));
	assert_int_equal(seg(&set, "tickets")->reread, 2);
	assert_int_equal(seg(&set, "2026-11")->reread, 0);
	assert_int_equal(seg(&set, "tickets")->nrec, 2);
	matches_file(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_A),
	    "tickets/" ID_A ".yaml");
	matches_file(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_B),
	    "tickets/" ID_B ".yaml");
	index_release(&set);
	/* and saved whole again */
	assert_null(index_load(&st, &set));
	assert_int_equal(reread(&set), 0);
	assert_non_null(seg(&set, "tickets")->map);
	index_release(&set);
}

/* The searchable text is checksummed: damaged, a reader that wants it
 * has the segment built again; one that does not leaves it be. */
static void
damaged_search_text_is_rebuilt_when_wanted(void **state)
{
	struct index_set set;
	const struct ix_want text = { .archive = 1, .text = 1, .cat = -1, .phone4 = -1 };

	(void)state;
	damage_tickets_segment(-6, "XX");	/* in the compressed text, at its end */

	assert_null(index_load(&st, &set));	/* the records are whole */
	assert_int_equal(reread(&set), 0);
	assert_null(index_text((struct index *)seg(&set, "tickets")));
	index_release(&set);
	assert_null(index_load_want(&st, &text, &set));
	assert_int_equal(seg(&set, "tickets")->reread, 2);
	assert_int_equal(seg(&set, "2026-11")->reread, 0);
	matches_file(seg(&set, "tickets"), rec(seg(&set, "tickets"), ID_A),
	    "tickets/" ID_A ".yaml");
	index_release(&set);
	assert_null(index_load_want(&st, &text, &set));	/* saved whole again */
	assert_int_equal(reread(&set), 0);
	assert_non_null(index_text((struct index *)seg(&set, "tickets")));
	index_release(&set);
}

static void
a_file_that_does_not_load_is_left_out(void **state)
{
	static const char bad[] = "schema: 1\nid: CS-20261122-0009\nstatus: [\n";
	struct index_set set;
	char *p = path_of("tickets/CS-20261122-0009.yaml");
	FILE *fp = fopen(p, "w");

	(void)state;
	assert_non_null(fp);
	assert_int_equal(fputs(bad, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	free(p);
	/* warned about on stderr, with the file and the place */
	{
		char *err_path = xasprintf("%s/stderr", top);
		char buf[1024] = "";
		int saved, fd;
		FILE *in;
		size_t n;

		fflush(stderr);
		saved = dup(STDERR_FILENO);
		fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		assert_true(saved >= 0 && fd >= 0);
		dup2(fd, STDERR_FILENO);
		close(fd);
		assert_null(index_load(&st, &set));
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
		close(saved);
		in = fopen(err_path, "r");
		assert_non_null(in);
		n = fread(buf, 1, sizeof(buf) - 1, in);
		buf[n] = '\0';
		fclose(in);
		free(err_path);
		p = xasprintf("cstk: warning: %s/tickets/CS-20261122-0009.yaml:4:1: ", dir);
		if (strncmp(buf, p, strlen(p)) != 0)
			fail_msg("stderr was '%s'", buf);
		free(p);
	}
	assert_int_equal(seg(&set, "tickets")->nrec, 2);
	assert_null(rec(seg(&set, "tickets"), "CS-20261122-0009"));
	assert_non_null(rec(seg(&set, "tickets"), ID_A));
	assert_non_null(rec(seg(&set, "tickets"), ID_B));
	index_release(&set);
}

static void
no_index_is_asked_for_by_the_environment(void **state)
{
	(void)state;
	unsetenv("CSTK_NO_INDEX");
	assert_int_equal(index_disabled(), 0);
	setenv("CSTK_NO_INDEX", "", 1);
	assert_int_equal(index_disabled(), 0);
	setenv("CSTK_NO_INDEX", "0", 1);
	assert_int_equal(index_disabled(), 0);
	setenv("CSTK_NO_INDEX", "1", 1);
	assert_int_equal(index_disabled(), 1);
	setenv("CSTK_NO_INDEX", "yes", 1);
	assert_int_equal(index_disabled(), 1);
	unsetenv("CSTK_NO_INDEX");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(records_say_what_the_files_say),
		T(events_follow_the_history),
		T(past_values_are_kept),
		T(values_to_and_from_none_are_kept),
		T(values_not_known_are_not_made_up),
		T(an_old_set_reads_what_the_history_gave),
		T(past_now_is_only_a_shortcut),
		T(an_unnamed_assignment_is_named_by_the_next),
		T(an_unchanged_store_is_used_as_it_is),
		T(a_file_changed_in_place_is_reread),
		T(added_and_removed_files_are_noticed),
		T(an_archived_ticket_moves_segment),
		T(a_racy_file_is_checked_again),
		T(a_period_reads_only_the_records_that_meet_it),
		T(known_records_are_taken_and_let_go),
		T(known_records_put_aside_are_taken),
		T(rebuild_gives_the_same_records),
		T(a_damaged_index_is_rebuilt),
		T(damaged_search_text_is_rebuilt_when_wanted),
		T(a_file_that_does_not_load_is_left_out),
		cmocka_unit_test(no_index_is_asked_for_by_the_environment),
	};
#undef T
	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
