/* test-filter.c — list/export filters: parsing the options, matching
 * tickets and index records, and how long a ticket is overdue. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cmd.h"
#include "vocab-builtin.h"
#include "filter.h"
#include "search.h"
#include "yaml-emit.h"
#include "yaml-load.h"
#include "lifecycle.h"
#include "index.h"
#include "ticket.h"

/* 2026-11-22T09:15:00+08:00 */
#define NOW 1795310100
#define HOUR 3600

static const struct cmd_opt filter_opts[] = {
	FILTER_OPTS,
	{ NULL, NULL, 0, NULL },
};

static const struct cmd_entry list_entry = {
	"list", "[filters]", "list tickets", "", 0, 0, 0, filter_opts, NULL,
};

/* Parse `argv` (argv[0] is the command) as `cstk list` would, into *f. */
static const struct error *
parse(struct filter *f, int argc, char **argv)
{
	struct cmd_ctx c;
	const struct error *err;

	memset(&c, 0, sizeof(c));
	err = cmd_parse(&list_entry, argc, argv, &c);
	assert_null(err);
	c.now.t = NOW;
	c.now.off = 8 * 3600;
	err = filter_parse(f, &c);
	cmd_ctx_release(&c);
	return err;
}

#define PARSE(f, ...) parse((f), (int)(sizeof((char *[]){ __VA_ARGS__ }) / \
	sizeof(char *)), (char *[]){ __VA_ARGS__ })

/* Overdue for a whole ticket: the one definition, on its fields. */
static double
ticket_hours_over(const struct ticket *t, int64_t at, int64_t *due)
{
	return lc_hours_over((int)ticket_status(t), ticket_secs(t, F_RESPONDED),
	    ticket_secs(t, F_DUE_RESPONSE), ticket_secs(t, F_DUE_RESOLUTION), ticket_secs(t, F_REVISIT_DUE), at, due);
}

static void
check_parse_error(const char *want, int argc, char **argv)
{
	struct filter f;
	const struct error *err = parse(&f, argc, argv);

	assert_non_null(err);
	assert_int_equal(err->code, ERR_USAGE);
	assert_string_equal(err->msg, want);
}

#define PARSE_ERROR(want, ...) check_parse_error((want), (int)(sizeof((char *[]){ \
	__VA_ARGS__ }) / sizeof(char *)), (char *[]){ __VA_ARGS__ })

static struct filter
filter_at_now(void)
{
	struct filter f;

	memset(&f, 0, sizeof(f));
	f.now.t = NOW;
	f.now.off = 8 * 3600;
	return f;
}

/* --grep NEEDLE, as filter_parse sets it (NULL: none). */
static void
set_grep(struct filter *f, const char *needle)
{
	filter_release(f);
	f->grep = needle;
	f->grep_folded = needle ? search_fold(needle) : NULL;
}

/* A ticket created `ago` seconds before NOW, in `status`. */
static void
make_ticket(struct ticket *t, const char *status, int64_t ago)
{
	struct ctime at = { NOW - ago, 8 * 3600 };

	ticket_init(t, "CS-20261122-0001", &at);
	ticket_set(t, F_STATUS, status);
}

static void
set_time(struct ticket *t, enum field_id f, int64_t secs)
{
	struct ctime ct = { secs, 8 * 3600 };

	ticket_set_time(t, f, &ct);
}

static void
hours_over_counts_the_response_deadline_first(void **state)
{
	int64_t due = 0;

	(void)state;
	/* not contacted: the response deadline, 1.5 h ago */
	assert_true(lc_hours_over(ST_ASSIGNED, IX_NONE, NOW - 5400, NOW + HOUR, IX_NONE,
	    NOW, &due) == 1.5);
	assert_int_equal(due, NOW - 5400);
	/* both missed and not contacted: still the response deadline */
	due = 0;
	assert_true(lc_hours_over(ST_INTAKE, IX_NONE, NOW - 2 * HOUR,
	    NOW - HOUR, IX_NONE, NOW, &due) == 2.0);
	assert_int_equal(due, NOW - 2 * HOUR);
	/* contacted: the resolution deadline, 30 h ago */
	due = 0;
	assert_true(lc_hours_over(ST_CLASSIFIED, NOW - 40 * HOUR, NOW - 40 * HOUR,
	    NOW - 30 * HOUR, IX_NONE, NOW, &due) == 30.0);
	assert_int_equal(due, NOW - 30 * HOUR);
	/* not contacted, response not yet due, resolution missed */
	due = 0;
	assert_true(lc_hours_over(ST_ASSIGNED, IX_NONE, NOW + HOUR, NOW - 36, IX_NONE,
	    NOW, &due) == 0.01);
	assert_int_equal(due, NOW - 36);
}

/* A ticket in follow-up works against its revisit date; other closed
 * statuses never are overdue. */
static void
hours_over_counts_a_missed_revisit(void **state)
{
	int64_t due = 0;

	(void)state;
	assert_true(lc_hours_over(ST_FOLLOWUP, NOW - 40 * HOUR, NOW - 40 * HOUR,
	    NOW - 30 * HOUR, NOW - 3 * HOUR, NOW, &due) == 3.0);
	assert_int_equal(due, NOW - 3 * HOUR);
	due = 42;
	assert_true(lc_hours_over(ST_FOLLOWUP, IX_NONE, IX_NONE, IX_NONE, NOW + HOUR,
	    NOW, &due) == 0);
	assert_true(lc_hours_over(ST_RESOLVED, IX_NONE, NOW - HOUR, NOW - HOUR,
	    NOW - HOUR, NOW, &due) == 0);
	assert_true(lc_hours_over(ST_ARCHIVED, IX_NONE, NOW - HOUR, NOW - HOUR,
	    NOW - HOUR, NOW, &due) == 0);
	assert_int_equal(due, 42);
}

static void
hours_over_is_zero_at_or_before_the_deadline(void **state)
{
	int64_t due = 42;

	(void)state;
	assert_true(lc_hours_over(ST_ASSIGNED, IX_NONE, NOW, NOW + HOUR, IX_NONE, NOW, &due) == 0);
	assert_true(lc_hours_over(ST_ASSIGNED, NOW - 1, NOW - HOUR, NOW, IX_NONE, NOW, &due) == 0);
	assert_true(lc_hours_over(ST_ASSIGNED, NOW - 1, NOW - HOUR, NOW + 1, IX_NONE, NOW,
	    &due) == 0);
	/* no deadlines at all */
	assert_true(lc_hours_over(ST_INTAKE, IX_NONE, IX_NONE, IX_NONE, IX_NONE, NOW, &due) == 0);
	/* contacted and no resolution deadline */
	assert_true(lc_hours_over(ST_ASSIGNED, NOW - HOUR, NOW - 2 * HOUR, IX_NONE, IX_NONE,
	    NOW, &due) == 0);
	/* nothing over: *due is left alone */
	assert_int_equal(due, 42);
	/* one second late counts */
	assert_true(lc_hours_over(ST_ASSIGNED, IX_NONE, NOW - 1, IX_NONE, IX_NONE, NOW,
	    &due) > 0);
	assert_int_equal(due, NOW - 1);
}

static void
hours_over_only_for_open_work(void **state)
{
	static const int closed[] = { ST_RESOLVED, ST_FOLLOWUP, ST_ARCHIVED, ST_COUNT, -1 };
	int64_t due = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(closed) / sizeof(closed[0]); i++)
		assert_true(lc_hours_over(closed[i], IX_NONE, NOW - 9 * HOUR,
		    NOW - 8 * HOUR, IX_NONE, NOW, &due) == 0);
	assert_int_equal(due, 7);
}

static void
ticket_hours_over_reads_the_ticket(void **state)
{
	struct ticket t;
	int64_t due = 0;

	(void)state;
	make_ticket(&t, "assigned", 10 * HOUR);
	assert_true(ticket_hours_over(&t, NOW, &due) == 0);
	set_time(&t, F_DUE_RESPONSE, NOW - 3 * HOUR);
	set_time(&t, F_DUE_RESOLUTION, NOW + 20 * HOUR);
	assert_true(ticket_hours_over(&t, NOW, &due) == 3.0);
	assert_int_equal(due, NOW - 3 * HOUR);
	set_time(&t, F_RESPONDED, NOW - 2 * HOUR);
	assert_true(ticket_hours_over(&t, NOW, &due) == 0);
	assert_true(ticket_hours_over(&t, NOW + 24 * HOUR, &due) == 4.0);
	assert_int_equal(due, NOW + 20 * HOUR);
	ticket_set(&t, F_STATUS, "resolved");
	assert_true(ticket_hours_over(&t, NOW + 24 * HOUR, &due) == 0);
	ticket_release(&t);
}

static void
parse_takes_english_and_chinese_lists(void **state)
{
	struct filter f;

	(void)state;
	assert_null(PARSE(&f, "list", "--status", "intake,已分派", "--category", "投诉",
	    "--priority", "URGENT,低", "--channel", "phone,微信", "--tier", "vip",
	    "--assignee", "zhang", "--overdue", "--grep", "发货"));
	assert_int_equal(f.status, ((uint64_t)1 << ST_INTAKE) | ((uint64_t)1 << ST_ASSIGNED));
	assert_int_equal(f.category, (uint64_t)1 << CAT_COMPLAINT);
	assert_int_equal(f.priority, ((uint64_t)1 << PRIO_URGENT) | ((uint64_t)1 << PRIO_LOW));
	assert_int_equal(f.channel, ((uint64_t)1 << 0) | ((uint64_t)1 << 5));	/* phone, social */
	assert_int_equal(f.tier, (uint64_t)1 << TIER_VIP);
	assert_string_equal(f.assignee, "zhang");
	assert_string_equal(f.grep, "发货");
	assert_string_equal(f.grep_folded, "发货");
	filter_release(&f);
	assert_int_equal(f.overdue, 1);
	assert_int_equal(f.since_set, 0);
	assert_int_equal(f.until_set, 0);
	assert_int_equal(f.now.t, NOW);
	/* a trailing comma is harmless; nothing given means "any" */
	assert_null(PARSE(&f, "list", "--status", "archived,"));
	assert_int_equal(f.status, (uint64_t)1 << ST_ARCHIVED);
	assert_int_equal(f.category, 0);
	assert_null(f.assignee);
	assert_null(f.grep);
	assert_null(f.grep_folded);
	assert_int_equal(f.overdue, 0);
}

static void
parse_reads_dates_in_the_offset_of_now(void **state)
{
	struct filter f;

	(void)state;
	assert_null(PARSE(&f, "list", "--since", "2026-11-20", "--until",
	    "2026-11-22T01:15:00Z"));
	assert_int_equal(f.since_set, 1);
	assert_int_equal(f.since.t, 1795104000);	/* 2026-11-20T00:00+08:00 */
	assert_int_equal(f.since.off, 8 * 3600);
	assert_int_equal(f.until_set, 1);
	assert_int_equal(f.until.t, NOW);
	assert_null(PARSE(&f, "list", "--until", "2026-11-22 09:15"));
	assert_int_equal(f.since_set, 0);
	assert_int_equal(f.until.t, NOW);
}

static void
parse_refuses_bad_values_by_name(void **state)
{
	(void)state;
	PARSE_ERROR("--priority 'asap' is not a priority; use one of urgent (紧急), "
	    "normal (一般), low (低优先级)", "list", "--priority", "asap");
	PARSE_ERROR("--status '处理' is not a status; use one of intake (受理), "
	    "classified (已分类), assigned (处理中), resolved (已解决), "
	    "follow-up (待回访), archived (已归档)", "list", "--status", "intake,处理");
	PARSE_ERROR("--tier '' is not a tier; use one of new (新客户), regular (老客户), "
	    "vip (VIP)", "list", "--tier", "vip,,new");
	PARSE_ERROR("--since 'last week' is not a time; use YYYY-MM-DD, 'YYYY-MM-DD HH:MM' "
	    "or RFC 3339 (2026-11-22T09:15:00+08:00)", "list", "--since", "last week");
	PARSE_ERROR("--until '2026-13-01' is not a time; use YYYY-MM-DD, 'YYYY-MM-DD HH:MM' "
	    "or RFC 3339 (2026-11-22T09:15:00+08:00)", "list", "--until", "2026-13-01");
	PARSE_ERROR("--since '1969-12-31' is before 1970-01-01T08:00:00+08:00, where cstk's "
	    "times begin",
	    "list", "--since", "1969-12-31");
	PARSE_ERROR("--grep is empty", "list", "--grep", "");
	/* the enumerations are checked before the dates */
	PARSE_ERROR("--channel 'fax' is not a channel; use one of phone (电话), "
	    "chat (在线), email (邮件), web (网页), app (应用), social (社交媒体), "
	    "walk-in (到店), other (其他)", "list", "--since", "x", "--channel", "fax");
}

static void
match_by_enumerations(void **state)
{
	struct filter f = filter_at_now();
	struct ticket t;

	(void)state;
	make_ticket(&t, "assigned", HOUR);
	assert_int_equal(filter_match(&f, &t), 1);	/* no filter: everything */
	f.status = (uint64_t)1 << ST_ASSIGNED;
	assert_int_equal(filter_match(&f, &t), 1);
	f.status = ((uint64_t)1 << ST_INTAKE) | ((uint64_t)1 << ST_RESOLVED);
	assert_int_equal(filter_match(&f, &t), 0);
	f.status = 0;
	/* a ticket without a category is not in any category */
	f.category = (uint64_t)1 << CAT_COMPLAINT;
	assert_int_equal(filter_match(&f, &t), 0);
	ticket_set(&t, F_CATEGORY, "complaint");
	assert_int_equal(filter_match(&f, &t), 1);
	ticket_set(&t, F_CATEGORY, "inquiry");
	assert_int_equal(filter_match(&f, &t), 0);
	f.category = 0;
	f.tier = (uint64_t)1 << TIER_VIP;
	assert_int_equal(filter_match(&f, &t), 0);
	ticket_set(&t, F_CUST_TIER, "vip");
	assert_int_equal(filter_match(&f, &t), 1);
	f.channel = (uint64_t)1 << 1;	/* chat */
	ticket_set(&t, F_CHANNEL, "phone");
	assert_int_equal(filter_match(&f, &t), 0);
	ticket_set(&t, F_CHANNEL, "chat");
	f.priority = (uint64_t)1 << PRIO_URGENT;
	ticket_set(&t, F_PRIORITY, "urgent");
	assert_int_equal(filter_match(&f, &t), 1);
	ticket_set(&t, F_PRIORITY, "low");
	assert_int_equal(filter_match(&f, &t), 0);
	ticket_release(&t);
}

static void
match_by_assignee_exactly(void **state)
{
	struct filter f = filter_at_now();
	struct ticket t;

	(void)state;
	make_ticket(&t, "assigned", HOUR);
	f.assignee = "zhang";
	assert_int_equal(filter_match(&f, &t), 0);	/* nobody assigned */
	ticket_set(&t, F_ASSIGNEE, "zhang");
	assert_int_equal(filter_match(&f, &t), 1);
	ticket_set(&t, F_ASSIGNEE, "Zhang");
	assert_int_equal(filter_match(&f, &t), 0);
	ticket_set(&t, F_ASSIGNEE, "zhangsan");
	assert_int_equal(filter_match(&f, &t), 0);
	ticket_set(&t, F_ASSIGNEE, "张三");
	f.assignee = "张三";
	assert_int_equal(filter_match(&f, &t), 1);
	ticket_release(&t);
}

static void
match_since_until_is_half_open(void **state)
{
	struct filter f = filter_at_now();
	struct ticket t;

	(void)state;
	f.since_set = f.until_set = 1;
	f.since.t = NOW - 10 * HOUR;
	f.until.t = NOW;
	make_ticket(&t, "intake", 10 * HOUR);	/* created exactly at since */
	assert_int_equal(filter_match(&f, &t), 1);
	ticket_release(&t);
	make_ticket(&t, "intake", 10 * HOUR + 1);
	assert_int_equal(filter_match(&f, &t), 0);
	ticket_release(&t);
	make_ticket(&t, "intake", 0);	/* created exactly at until */
	assert_int_equal(filter_match(&f, &t), 0);
	ticket_release(&t);
	make_ticket(&t, "intake", 1);
	assert_int_equal(filter_match(&f, &t), 1);
	/* only the bound that is set counts */
	f.since_set = 0;
	f.since.t = NOW;
	assert_int_equal(filter_match(&f, &t), 1);
	ticket_release(&t);
}

static void
match_overdue_only_open_and_late(void **state)
{
	struct filter f = filter_at_now();
	struct ticket t;

	(void)state;
	f.overdue = 1;
	make_ticket(&t, "assigned", 5 * HOUR);
	assert_int_equal(filter_match(&f, &t), 0);	/* no deadlines */
	set_time(&t, F_DUE_RESPONSE, NOW);
	assert_int_equal(filter_match(&f, &t), 0);	/* due now: not yet late */
	set_time(&t, F_DUE_RESPONSE, NOW - 1);
	assert_int_equal(filter_match(&f, &t), 1);
	ticket_set(&t, F_STATUS, "resolved");
	assert_int_equal(filter_match(&f, &t), 0);
	ticket_set(&t, F_STATUS, "intake");
	set_time(&t, F_RESPONDED, NOW - 2);
	assert_int_equal(filter_match(&f, &t), 0);	/* contacted: only resolution counts */
	set_time(&t, F_DUE_RESOLUTION, NOW - HOUR);
	assert_int_equal(filter_match(&f, &t), 1);
	f.now.t = NOW - 2 * HOUR;	/* the filter's now, not the clock */
	assert_int_equal(filter_match(&f, &t), 0);
	ticket_release(&t);
}

/* The text the index keeps for a ticket read back from its file answers
 * every needle as the ticket itself does: one searchable text. */
static void
grep_index_text_answers_as_the_ticket(void **state)
{
	const char *texts[] = { "plain", "two  spaces", " leading", "trailing ", "it's",
		"say \"hi\"", "tab\there", "line\nbreak", "multi\nline\n  indented", "#hash",
		"key: value", "- dash", "中文，标点：", "back\\slash", "\u00e9t\u00e9", "MiXeD Case" };
	const char *needles[] = { "plain", "two  spaces", "two spaces", " leading", "trailing ",
		"it's", "\"hi\"", "tab\there", "tab", "line\nbreak", "multi\nline\n  indented",
		"#hash", "key: value", "- dash", "标点：", "back\\slash", "\u00e9", "mixed CASE",
		"MIXED", "subject", "中文，标点：x" };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct ticket t, back = { NULL };
		struct strbuf out = STRBUF_INIT;
		struct filter f = filter_at_now();
		struct index one;

		make_ticket(&t, "assigned", HOUR);
		ticket_set(&t, F_SUBJECT, "the subject");
		ticket_set(&t, F_DESCRIPTION, texts[i]);
		assert_null(yaml_emit(t.root, &out));
		assert_null(yaml_load_buf(out.buf, out.len, "t.yaml", &back.root));
		index_one(&one, &back);
		for (size_t k = 0; k < sizeof(needles) / sizeof(needles[0]); k++) {
			char *folded = search_fold(needles[k]);
			const char *text = index_text(&one) + one.rec[0].txt;
			set_grep(&f, needles[k]);
			if (filter_match(&f, &t) != search_in(text, one.rec[0].ntxt, folded))
				fail_msg("'%s' in '%s': the ticket says %d, the index text %d",
				    needles[k], texts[i], filter_match(&f, &t), !filter_match(&f, &t));
			free(folded);
		}
		filter_release(&f);
		/* a needle never spans two values */
		{
			char *folded = search_fold("subject\xe4");
			assert_int_equal(search_in(index_text(&one), one.txt.len, folded), 0);
			free(folded);
		}
		index_release_one(&one);
		ticket_release(&back);
		sb_release(&out);
		ticket_release(&t);
	}
}

static void
grep_searches_text_fields_and_notes(void **state)
{
	struct filter f = filter_at_now();
	struct ticket t;
	struct ctime at = { NOW, 8 * 3600 };

	(void)state;
	make_ticket(&t, "assigned", HOUR);
	ticket_set(&t, F_SUBJECT, "Order not SHIPPED 下单3天未发货");
	ticket_set(&t, F_PRODUCT, "智能手环");
	ticket_set(&t, F_ORDER, "20240520001");
	ticket_set(&t, F_CUST_NAME, "王丽");
	ticket_set(&t, F_CUST_PHONE, "13856781234");
	ticket_log(&t, &(struct event){ "zhang", at, NULL }, "note", NULL, NULL, "仓库漏发，已催", NULL);
	set_grep(&f, "shipped");	/* ASCII ignores case */
	assert_int_equal(filter_match(&f, &t), 1);
	set_grep(&f, "未发货");
	assert_int_equal(filter_match(&f, &t), 1);
	set_grep(&f, "手环");
	assert_int_equal(filter_match(&f, &t), 1);
	set_grep(&f, "0520");
	assert_int_equal(filter_match(&f, &t), 1);
	set_grep(&f, "漏发");	/* a history note */
	assert_int_equal(filter_match(&f, &t), 1);
	set_grep(&f, "退款");
	assert_int_equal(filter_match(&f, &t), 0);
	/* personal data is not searched */
	set_grep(&f, "王丽");
	assert_int_equal(filter_match(&f, &t), 0);
	set_grep(&f, "5678");
	assert_int_equal(filter_match(&f, &t), 0);
	/* grep and the other filters must all hold */
	set_grep(&f, "手环");
	f.status = (uint64_t)1 << ST_INTAKE;
	assert_int_equal(filter_match(&f, &t), 0);
	filter_release(&f);
	ticket_release(&t);
}

static void
match_rec_agrees_on_index_records(void **state)
{
	/* string table: offset 0 is "", 1 is "zhang" */
	static char strs[] = "\0zhang\0";
	struct index ix;
	struct ix_rec r;
	struct filter f = filter_at_now();

	(void)state;
	memset(&ix, 0, sizeof(ix));
	ix.str = strs;
	ix.nstr = sizeof(strs);
	memset(&r, 0, sizeof(r));
	for (int i = 0; i < IXT_COUNT; i++)
		r.t[i] = IX_NONE;
	r.t[IXT_CREATED] = NOW - 5 * HOUR;
	r.status = ST_ASSIGNED;
	r.category = -1;
	r.priority = PRIO_URGENT;
	r.channel = 0;
	r.tier = TIER_VIP;
	r.s[IXS_ASSIGNEE] = 1;

	assert_int_equal(filter_match_rec(&f, &ix, &r), 1);
	f.category = (uint64_t)1 << CAT_INQUIRY;	/* -1: no category */
	assert_int_equal(filter_match_rec(&f, &ix, &r), 0);
	f.category = 0;
	f.priority = ((uint64_t)1 << PRIO_NORMAL) | ((uint64_t)1 << PRIO_URGENT);
	f.assignee = "zhang";
	assert_int_equal(filter_match_rec(&f, &ix, &r), 1);
	r.s[IXS_ASSIGNEE] = 0;	/* unassigned */
	assert_int_equal(filter_match_rec(&f, &ix, &r), 0);
	f.assignee = NULL;
	f.until_set = 1;
	f.until.t = NOW - 5 * HOUR;
	assert_int_equal(filter_match_rec(&f, &ix, &r), 0);
	f.until.t = NOW - 5 * HOUR + 1;
	assert_int_equal(filter_match_rec(&f, &ix, &r), 1);
	f.overdue = 1;
	assert_int_equal(filter_match_rec(&f, &ix, &r), 0);
	r.t[IXT_DUE_RESPONSE] = NOW - HOUR;
	assert_int_equal(filter_match_rec(&f, &ix, &r), 1);
	r.t[IXT_RESPONDED] = NOW - 2 * HOUR;
	assert_int_equal(filter_match_rec(&f, &ix, &r), 0);
	r.t[IXT_DUE_RESOLUTION] = NOW - 1;
	assert_int_equal(filter_match_rec(&f, &ix, &r), 1);
	r.status = ST_FOLLOWUP;
	assert_int_equal(filter_match_rec(&f, &ix, &r), 0);
}

/*
 * The key a search reads (the string table in one pass, the last four
 * digits of a phone) says yes wherever the filter on the record does:
 * it may only leave out what the filter would.
 */
static void
search_keys_agree_with_the_filter(void **state)
{
	static const char tab[] = "\0Wang Li\0王小丽\0李雷\0wang\0小丽的订单\0";
	static const char *const needles[] = { "li", "WANG", "小丽", "丽", "雷", "x", "g l" };
	unsigned char bits[sizeof(tab) / 8 + 1];

	(void)state;
	for (size_t k = 0; k < sizeof(needles) / sizeof(needles[0]); k++) {
		memset(bits, 0, sizeof(bits));
		search_strings(tab, sizeof(tab) - 1, needles[k], bits);
		for (size_t i = 0; i + 1 < sizeof(tab); i++) {
			int at_start = i == 0 || tab[i - 1] == '\0';
			int bit = bits[i / 8] >> (i % 8) & 1;
			if (!at_start) {
				assert_int_equal(bit, 0);
				continue;
			}
			if (bit != search_contains(tab + i, needles[k]))
				fail_msg("'%s' in '%s': key %d, filter %d", needles[k], tab + i, bit,
				    search_contains(tab + i, needles[k]));
		}
	}
	assert_int_equal(ix_phone4("+86 138-5678-1234"), 1234);
	assert_int_equal(ix_phone4("0012"), 12);
	assert_int_equal(ix_phone4("123"), -1);
	assert_int_equal(ix_phone4(""), -1);
	assert_int_equal(ix_phone4(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hours_over_counts_the_response_deadline_first),
		cmocka_unit_test(hours_over_is_zero_at_or_before_the_deadline),
		cmocka_unit_test(hours_over_counts_a_missed_revisit),
		cmocka_unit_test(hours_over_only_for_open_work),
		cmocka_unit_test(ticket_hours_over_reads_the_ticket),
		cmocka_unit_test(parse_takes_english_and_chinese_lists),
		cmocka_unit_test(parse_reads_dates_in_the_offset_of_now),
		cmocka_unit_test(parse_refuses_bad_values_by_name),
		cmocka_unit_test(match_by_enumerations),
		cmocka_unit_test(match_by_assignee_exactly),
		cmocka_unit_test(match_since_until_is_half_open),
		cmocka_unit_test(match_overdue_only_open_and_late),
		cmocka_unit_test(grep_searches_text_fields_and_notes),
		cmocka_unit_test(grep_index_text_answers_as_the_ticket),
		cmocka_unit_test(match_rec_agrees_on_index_records),
		cmocka_unit_test(search_keys_agree_with_the_filter),
	};
	return cmocka_run_group_tests_name("filter", tests, NULL, NULL);
}
