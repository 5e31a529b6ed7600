/* test-import.c — CSV rows to tickets: columns, maps, values, the formula
 * guard, FILE:LINE: column: message for every row, history from timestamps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "csv-io.h"
#include "import.h"
#include "strbuf.h"

/* "now" for every import: 2026-11-22T09:15:00+08:00 */
static const struct ctime now = { 1795310100, 8 * 3600 };

static struct policy pol;
static struct import_map map;
static struct import_ctx x;
static struct csv_table tab;
static struct strbuf problems, notes;
static size_t nheader;		/* problems found in the header */
static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	policy_default(&pol);
	import_map_init(&map);
	memset(&x, 0, sizeof(x));
	memset(&tab, 0, sizeof(tab));
	problems = (struct strbuf)STRBUF_INIT;
	notes = (struct strbuf)STRBUF_INIT;
	nheader = 0;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cstk-unit-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	free(x.col_field);
	csvio_table_release(&tab);
	import_map_release(&map);
	policy_release(&pol);
	sb_release(&problems);
	sb_release(&notes);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd);
}

/* Read `csv` as the file "t.csv" and resolve its header against `map`. */
static void
load(const char *csv)
{
	assert_null(csvio_read(csv, strlen(csv), "t.csv", &tab));
	x.file = "t.csv";
	x.policy = &pol;
	x.map = &map;
	x.now = now;
	x.by = "importer";
	assert_null(import_header(&x, &tab.rows[0], &problems, &nheader));
}

/* Build data row `r` (1: the first row after the header). */
static size_t
row(size_t r, struct ticket *t)
{
	assert_true(r < tab.nr);
	sb_reset(&notes);
	return import_row(&x, &tab.rows[r], t, &problems, &notes);
}

/* Write `text` to DIR/name; the path goes to `path`. */
static void
write_file(const char *name, const char *text, char path[128])
{
	FILE *fp;

	snprintf(path, 128, "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static const struct ynode *
hist(const struct ticket *t, size_t i)
{
	const struct ynode *h = ynode_get(t->root, "history");

	assert_non_null(h);
	assert_true(i < h->nr);
	return h->items[i].val;
}

static void
column_names_are_the_export_columns_and_extras(void **state)
{
	(void)state;
	assert_int_equal(import_column_field("customer"), F_CUST_NAME);
	assert_int_equal(import_column_field("phone"), F_CUST_PHONE);
	assert_int_equal(import_column_field("customer_id"), F_CUST_ID);
	assert_int_equal(import_column_field("tier"), F_CUST_TIER);
	assert_int_equal(import_column_field("response_due"), F_DUE_RESPONSE);
	assert_int_equal(import_column_field("revisited"), F_REVISIT_DONE);
	assert_int_equal(import_column_field("revisit_satisfaction"), F_REVISIT_SATISFACTION);
	assert_int_equal(import_column_field("resolution"), F_RESOLUTION);
	/* the extra columns */
	assert_int_equal(import_column_field("description"), F_DESCRIPTION);
	assert_int_equal(import_column_field("contacts"), F_CONTACTS);
	assert_int_equal(import_column_field("revisit_attempts"), F_REVISIT_ATTEMPTS);
	assert_int_equal(import_column_field("reject_reason"), F_REJECT_REASON);
	assert_int_equal(import_column_field("ref"), F_REF);
	/* names are exact */
	assert_int_equal(import_column_field("Subject"), -1);
	assert_int_equal(import_column_field("subject "), -1);
	assert_int_equal(import_column_field("schema"), -1);
	assert_int_equal(import_column_field("history"), -1);
	assert_int_equal(import_column_field(""), -1);
}

static void
map_option_is_parsed_and_checked(void **state)
{
	const struct error *err;

	(void)state;
	assert_null(import_map_column(&map, "Ticket Subject=subject"));
	assert_null(import_map_column(&map, "a=b=customer"));	/* the last '=' splits */
	assert_int_equal(map.ncols, 2);
	assert_string_equal(map.src[0], "Ticket Subject");
	assert_string_equal(map.dst[0], "subject");
	assert_string_equal(map.src[1], "a=b");
	assert_string_equal(map.dst[1], "customer");

	err = import_map_column(&map, "Ticket Subject");
	assert_non_null(err);
	assert_int_equal(err->code, ERR_USAGE);
	assert_string_equal(err->msg, "--map 'Ticket Subject' should be 'Source Column=name'");
	err = import_map_column(&map, "=subject");
	assert_int_equal(err->code, ERR_USAGE);
	assert_string_equal(err->msg, "--map '=subject' should be 'Source Column=name'");
	err = import_map_column(&map, "Subject=");
	assert_int_equal(err->code, ERR_USAGE);
	assert_string_equal(err->msg, "--map 'Subject=' should be 'Source Column=name'");
	err = import_map_column(&map, "Subject=title");
	assert_int_equal(err->code, ERR_USAGE);
	assert_string_equal(err->msg, "--map 'Subject=title': 'title' is not a cstk column; "
	    "see 'cstk import --help'");
	assert_int_equal(map.ncols, 2);	/* nothing added by a refused --map */

	import_map_ignore(&map, "Age");
	import_map_ignore(&map, "Notes");
	assert_int_equal(map.nignore, 2);
	assert_string_equal(map.ignore[1], "Notes");
}

static void
header_reports_unknown_repeated_and_missing_columns(void **state)
{
	(void)state;
	load("customer,Age,subject,subject\n王丽,30,a,b\n");
	assert_int_equal(nheader, 3);
	assert_string_equal(sb_str(&problems),
	    "t.csv:1: column 'Age': not a cstk column; map it with --map 'Age=name' or "
	    "skip it with --ignore 'Age'\n"
	    "t.csv:1: column 'subject': a second column for 'subject'\n"
	    "t.csv:1: no column for 'channel'; a ticket needs customer, channel and "
	    "subject\n");
	assert_int_equal(x.ncols, 4);
	assert_int_equal(x.col_field[0][0], F_CUST_NAME);
	assert_int_equal(x.col_field[1][0], -1);
	assert_int_equal(x.col_field[2][0], F_SUBJECT);
}

static void
mapped_and_ignored_columns_resolve(void **state)
{
	struct ticket t;

	(void)state;
	assert_null(import_map_column(&map, "Ticket Subject=subject"));
	assert_null(import_map_column(&map, "Name=customer"));
	assert_null(import_map_column(&map, "Ticket ID=ref"));
	import_map_ignore(&map, "Age");
	import_map_ignore(&map, "channel_note");
	load("Ticket ID,Name,Age,channel,Ticket Subject,channel_note\n"
	    "T-77,王丽,41,电话,下单3天未发货,ignored text\n");
	assert_int_equal(nheader, 0);
	assert_string_equal(sb_str(&problems), "");
	assert_int_equal(x.col_field[0][0], F_REF);
	assert_int_equal(x.col_field[0][1], -1);
	assert_int_equal(x.col_field[1][0], F_CUST_NAME);
	assert_int_equal(x.col_field[2][0], -1);
	assert_int_equal(x.col_field[3][0], F_CHANNEL);
	assert_int_equal(x.col_field[4][0], F_SUBJECT);
	assert_int_equal(x.col_field[5][0], -1);

	assert_int_equal(row(1, &t), 0);
	assert_string_equal(ticket_str(&t, F_REF), "T-77");
	assert_string_equal(ticket_str(&t, F_CUST_NAME), "王丽");
	assert_string_equal(ticket_str(&t, F_CHANNEL), "phone");
	assert_string_equal(ticket_str(&t, F_SUBJECT), "下单3天未发货");
	assert_null(ticket_str(&t, F_ID));	/* the importer gives one later */
	assert_null(ynode_get(t.root, "Age"));
	ticket_release(&t);
}

static void
row_becomes_what_open_would_make(void **state)
{
	struct ticket t;

	(void)state;
	load("created,channel,customer,subject,category,priority,module\n"
	    "2026-11-20T10:00:00+08:00,phone,王丽,坏了,complaint,urgent,logistics\n"
	    ",chat,李雷,咨询发票,,,\n");
	assert_int_equal(nheader, 0);

	assert_int_equal(row(1, &t), 0);
	assert_string_equal(ticket_str(&t, F_STATUS), "classified");
	assert_string_equal(ticket_str(&t, F_CREATED), "2026-11-20T10:00:00+08:00");
	assert_string_equal(ticket_str(&t, F_DUE_RESPONSE), "2026-11-20T11:00:00+08:00");
	assert_string_equal(ticket_str(&t, F_DUE_RESOLUTION), "2026-11-21T10:00:00+08:00");
	assert_string_equal(ticket_str(&t, F_TEAM), "supervisors");
	assert_string_equal(ticket_str(&t, F_MODULE), "logistics");
	assert_int_equal(ticket_int(&t, F_ROUNDS), 1);
	assert_string_equal(ticket_str(&t, F_ESCALATIONS), "0");
	assert_string_equal(sb_str(&notes), "");
	ticket_release(&t);

	assert_int_equal(row(2, &t), 0);
	assert_string_equal(ticket_str(&t, F_STATUS), "intake");
	assert_string_equal(ticket_str(&t, F_CREATED), "2026-11-22T09:15:00+08:00");
	assert_null(ticket_str(&t, F_DUE_RESPONSE));
	assert_null(ticket_str(&t, F_TEAM));
	assert_null(ticket_str(&t, F_CATEGORY));
	assert_string_equal(sb_str(&notes),
	    "created was not given: set to the time of the import; ");
	ticket_release(&t);
	assert_string_equal(sb_str(&problems), "");
}

static void
values_are_normalised(void **state)
{
	struct ticket t;

	(void)state;
	load("created,channel,customer,tier,subject,category,priority,satisfaction,"
	    "responsibility,rounds,response_due\n"
	    "2026-11-22T01:15:00Z,微信,王丽,会员,退款,售后,普通,满意,物流,2,"
	    "2026-11-23T00:00:00-05:00\n"
	    "2026-11-22T09:15:00+08:00,PHONE,李雷,VIP,查询,Inquiry,LOW,Neutral,,,\n");
	assert_int_equal(row(1, &t), 0);
	assert_string_equal(ticket_str(&t, F_CREATED), "2026-11-22T01:15:00+00:00");
	assert_string_equal(ticket_str(&t, F_CHANNEL), "social");
	assert_string_equal(ticket_str(&t, F_CUST_TIER), "vip");
	assert_string_equal(ticket_str(&t, F_CATEGORY), "after-sales");
	assert_string_equal(ticket_str(&t, F_PRIORITY), "normal");
	assert_string_equal(ticket_str(&t, F_SATISFACTION), "satisfied");
	assert_string_equal(ticket_str(&t, F_RESPONSIBILITY), "logistics");
	assert_int_equal(ticket_int(&t, F_ROUNDS), 2);
	/* a given deadline is kept (in its own offset); the other is computed */
	assert_string_equal(ticket_str(&t, F_DUE_RESPONSE), "2026-11-23T00:00:00-05:00");
	assert_string_equal(ticket_str(&t, F_DUE_RESOLUTION), "2026-11-24T01:15:00+00:00");
	assert_string_equal(ticket_str(&t, F_TEAM), "after-sales");
	ticket_release(&t);

	assert_int_equal(row(2, &t), 0);
	assert_string_equal(ticket_str(&t, F_CHANNEL), "phone");
	assert_string_equal(ticket_str(&t, F_CUST_TIER), "vip");
	assert_string_equal(ticket_str(&t, F_CATEGORY), "inquiry");
	assert_string_equal(ticket_str(&t, F_PRIORITY), "low");
	assert_string_equal(ticket_str(&t, F_SATISFACTION), "neutral");
	assert_null(ticket_str(&t, F_RESPONSIBILITY));	/* empty cell: absent */
	assert_int_equal(ticket_int(&t, F_ROUNDS), 1);
	assert_string_equal(ticket_str(&t, F_DUE_RESOLUTION), "2026-11-25T09:15:00+08:00");
	ticket_release(&t);
	assert_string_equal(sb_str(&problems), "");
}

static void
formula_guard_quote_is_removed_once(void **state)
{
	struct ticket t;

	(void)state;
	load("channel,customer,phone,subject,order,product,compensation\n"
	    "phone,'@王丽,'+8613856781234,'=SUM(A1:A3),'-42,''=x,'plain\n");
	assert_int_equal(row(1, &t), 0);
	assert_string_equal(ticket_str(&t, F_CUST_NAME), "@王丽");
	assert_string_equal(ticket_str(&t, F_CUST_PHONE), "+8613856781234");
	assert_string_equal(ticket_str(&t, F_SUBJECT), "=SUM(A1:A3)");
	assert_string_equal(ticket_str(&t, F_ORDER), "-42");
	/* only the one export put there */
	assert_string_equal(ticket_str(&t, F_PRODUCT), "'=x");
	/* a ' before something harmless is the customer's own */
	assert_string_equal(ticket_str(&t, F_COMPENSATION), "'plain");
	ticket_release(&t);
	assert_string_equal(sb_str(&problems), "");
}

static void
every_row_is_checked_with_file_line_and_column(void **state)
{
	struct ticket t;
	size_t total = 0;

	(void)state;
	load("id,created,channel,customer,phone,subject,priority,rounds\n"
	    "CS-20261122-0001,2026-11-22T09:00:00+08:00,phone,王丽,138,\"第一行\n"
	    "第二行\",urgent,1\n"
	    "X-1,yesterday,fax,李雷,abc,ok,asap,two\n"
	    ",,,,,,,\n"
	    "CS-20261122-0002,2026-11-22T09:00:00+08:00,email,张三,,好,,\n");
	assert_int_equal(nheader, 0);
	assert_int_equal(tab.nr, 5);
	/* row 1 spans lines 2-3 and holds a line break in a one-line field */
	total += row(1, &t);
	ticket_release(&t);
	total += row(2, &t);
	ticket_release(&t);
	total += row(3, &t);
	ticket_release(&t);
	assert_int_equal(row(4, &t), 0);	/* the good row */
	assert_string_equal(ticket_str(&t, F_ID), "CS-20261122-0002");
	ticket_release(&t);
	assert_int_equal(total, 10);
	assert_string_equal(sb_str(&problems),
	    "t.csv:2: subject: must be one line\n"
	    "t.csv:4: id: 'X-1' is not a cstk ID like CS-20261122-0001; map that column "
	    "to 'ref' to keep it\n"
	    "t.csv:4: created: 'yesterday' is not a time; use RFC 3339, or give the date "
	    "order in a map file (dates: DD-MM-YYYY)\n"
	    "t.csv:4: channel: 'fax' is not a channel; use one of phone (电话), chat (在线), "
	    "email (邮件), web (网页), app (应用), social (社交媒体), walk-in (到店), "
	    "other (其他) (or map it in a map file: values)\n"
	    "t.csv:4: phone: 'abc' is not a phone number; use digits, spaces and + - ( )\n"
	    "t.csv:4: priority: 'asap' is not a priority; use one of urgent (紧急), "
	    "normal (一般), low (低优先级) (or map it in a map file: values)\n"
	    "t.csv:4: rounds: 'two' is not a whole number\n"
	    "t.csv:5: customer: empty; every ticket needs a customer, a channel and a "
	    "subject\n"
	    "t.csv:5: channel: empty; every ticket needs a customer, a channel and a "
	    "subject\n"
	    "t.csv:5: subject: empty; every ticket needs a customer, a channel and a "
	    "subject\n");
}

static void
map_file_gives_columns_values_constants_dates_and_offset(void **state)
{
	char path[128];
	struct ticket t;

	(void)state;
	write_file("m.yaml",
	    "columns:\n"
	    "  Ticket Subject: subject\n"
	    "  Customer Name: customer\n"
	    "  Ticket Channel: channel\n"
	    "  Date of Purchase: created\n"
	    "  Ticket Priority: priority\n"
	    "  Ticket ID: [ref, order]\n"
	    "ignore: [Customer Age]\n"
	    "values:\n"
	    "  channel: {Social media: social, Chat: chat}\n"
	    "  priority: {Critical: urgent, Low: low}\n"
	    "set: {tier: vip, category: inquiry}\n"
	    "dates: DD-MM-YYYY\n"
	    "offset: \"+05:30\"\n", path);
	assert_null(import_map_file(&map, path));
	assert_int_equal(map.ncols, 7);
	assert_int_equal(map.nignore, 1);
	assert_int_equal(map.nvalues, 4);
	assert_int_equal(map.nset, 2);
	assert_int_equal(map.dates, DATE_DMY);
	assert_int_equal(map.has_offset, 1);
	assert_int_equal(map.offset, 5 * 3600 + 30 * 60);

	load("Ticket ID,Customer Name,Customer Age,Ticket Channel,Ticket Subject,"
	    "Date of Purchase,Ticket Priority,tier\n"
	    "88,Ann,30,Social media,Refund,05-03-2026 14:30,Critical,\n"
	    "89,Bob,31,email,Login,31-10-2026,Low,new\n"
	    "90,Cy,32,Chat,Other,2026-12-31,Urgent,\n");
	assert_int_equal(nheader, 0);
	assert_int_equal(x.col_field[0][0], F_REF);
	assert_int_equal(x.col_field[0][1], F_ORDER);
	assert_int_equal(x.col_field[0][2], -1);

	assert_int_equal(row(1, &t), 0);
	assert_string_equal(ticket_str(&t, F_REF), "88");
	assert_string_equal(ticket_str(&t, F_ORDER), "88");
	assert_string_equal(ticket_str(&t, F_CHANNEL), "social");
	assert_string_equal(ticket_str(&t, F_PRIORITY), "urgent");
	assert_string_equal(ticket_str(&t, F_CREATED), "2026-03-05T14:30:00+05:30");
	assert_string_equal(ticket_str(&t, F_CUST_TIER), "vip");	/* set: */
	assert_string_equal(ticket_str(&t, F_CATEGORY), "inquiry");
	assert_string_equal(ticket_str(&t, F_STATUS), "classified");
	assert_string_equal(ticket_str(&t, F_DUE_RESPONSE), "2026-03-05T15:30:00+05:30");
	ticket_release(&t);

	assert_int_equal(row(2, &t), 0);
	assert_string_equal(ticket_str(&t, F_CREATED), "2026-10-31T00:00:00+05:30");
	assert_string_equal(ticket_str(&t, F_CHANNEL), "email");	/* unmapped, valid */
	assert_string_equal(ticket_str(&t, F_PRIORITY), "low");
	assert_string_equal(ticket_str(&t, F_CUST_TIER), "new");	/* the row's own */
	ticket_release(&t);
	assert_string_equal(sb_str(&problems), "");

	/* In DD-MM-YYYY order, a year-first date is not a date. */
	assert_int_equal(row(3, &t), 1);
	ticket_release(&t);
	assert_string_equal(sb_str(&problems),
	    "t.csv:4: Date of Purchase: '2026-12-31' is not a time; use RFC 3339, or give "
	    "the date order in a map file (dates: DD-MM-YYYY)\n");
}

static void
month_first_and_slash_dates(void **state)
{
	char path[128];
	struct ticket t;

	(void)state;
	write_file("mdy.yaml", "dates: MM/DD/YYYY\n", path);
	assert_null(import_map_file(&map, path));
	assert_int_equal(map.dates, DATE_MDY);
	assert_int_equal(map.has_offset, 0);
	load("channel,customer,subject,created,resolved\n"
	    "phone,A,s,11/22/2026 9:05,2026-11-22T01:10:00Z\n"
	    "phone,B,s,02/30/2026,\n"
	    "phone,C,s,13/01/2026,\n");
	assert_int_equal(row(1, &t), 0);
	/* no offset in the map: the offset of now */
	assert_string_equal(ticket_str(&t, F_CREATED), "2026-11-22T09:05:00+08:00");
	assert_string_equal(ticket_str(&t, F_RESOLVED), "2026-11-22T01:10:00+00:00");
	ticket_release(&t);
	assert_int_equal(row(2, &t), 1);	/* 30 February */
	ticket_release(&t);
	assert_int_equal(row(3, &t), 1);	/* month 13 */
	ticket_release(&t);
	assert_string_equal(sb_str(&problems),
	    "t.csv:3: created: '02/30/2026' is not a time; use RFC 3339, or give the date "
	    "order in a map file (dates: DD-MM-YYYY)\n"
	    "t.csv:4: created: '13/01/2026' is not a time; use RFC 3339, or give the date "
	    "order in a map file (dates: DD-MM-YYYY)\n");

	import_map_release(&map);
	import_map_init(&map);
	write_file("dmy.yaml", "dates: DD/MM/YYYY\noffset: Z\n", path);
	assert_null(import_map_file(&map, path));
	assert_int_equal(map.dates, DATE_DMY_SLASH);
	assert_int_equal(map.has_offset, 1);
	assert_int_equal(map.offset, 0);
	assert_int_equal(row(3, &t), 0);	/* 13 January, now */
	assert_string_equal(ticket_str(&t, F_CREATED), "2026-01-13T00:00:00+00:00");
	ticket_release(&t);
}

static void
map_file_errors_name_file_line_and_column(void **state)
{
	static const struct {
		const char *text;
		const char *msg;	/* after "PATH:" */
	} cases[] = {
		{ "columns: {A: subject}\nbogus: 1\n", "2:1: unknown key 'bogus'; a map file "
		    "has columns, ignore, values, set, dates and offset" },
		{ "columns: {A: title}\n", "1:14: not a cstk column name (or a list of 1-3)" },
		{ "columns:\n  A: [ref, nope]\n", "2:12: not a cstk column name" },
		{ "dates: YYYY/MM/DD\n", "1:8: dates should be YYYY-MM-DD, DD-MM-YYYY, "
		    "MM/DD/YYYY or DD/MM/YYYY" },
		{ "offset: \"+8\"\n", "1:9: offset should look like +08:00" },
		{ "values:\n  colour: {Red: red}\n", "2:3: values: 'colour' should be a cstk "
		    "column with a mapping {From: to}" },
		{ "set: {tier: [vip]}\n", "1:7: set: 'tier' should be a cstk column with one "
		    "value" },
		{ "ignore: [a, {b: c}]\n", "1:13: a column name, please" },
	};
	char path[128], want[512];
	const struct error *err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct import_map m;

		write_file("bad.yaml", cases[i].text, path);
		import_map_init(&m);
		err = import_map_file(&m, path);
		import_map_release(&m);
		if (err == NULL)
			fail_msg("case %zu: no error for %s", i, cases[i].text);
		assert_int_equal(err->code, ERR_DATA);
		snprintf(want, sizeof(want), "%s:%s", path, cases[i].msg);
		assert_string_equal(err->msg, want);
	}
	snprintf(path, sizeof(path), "%s/none.yaml", tmpdir);
	err = import_map_file(&map, path);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_USAGE);
	snprintf(want, sizeof(want), "map file '%s' does not exist", path);
	assert_string_equal(err->msg, want);
}

static void
history_is_made_from_timestamps(void **state)
{
	static const char *const want[][4] = {	/* action, at, from, to */
		{ "open", "2026-11-20T09:00:00+08:00", NULL, "intake" },
		{ "classify", "2026-11-20T09:00:00+08:00", "intake", "classified" },
		{ "assign", "2026-11-20T09:30:00+08:00", "classified", "assigned" },
		{ "contact", "2026-11-20T09:30:00+08:00", NULL, NULL },
		{ "resolve", "2026-11-20T15:00:00+08:00", "assigned", "resolved" },
		{ "confirm", "2026-11-21T10:00:00+08:00", "resolved", "archived" },
		{ "import", "2026-11-22T09:15:00+08:00", NULL, NULL },
	};
	struct ticket t;
	const struct ynode *e;

	(void)state;
	load("id,status,created,channel,customer,subject,category,priority,assignee,"
	    "responded,resolved,confirmed,satisfaction\n"
	    "CS-20261120-0007,archived,2026-11-20T09:00:00+08:00,phone,王丽,没收到,"
	    "complaint,urgent,li,2026-11-20T09:30:00+08:00,2026-11-20T15:00:00+08:00,"
	    "2026-11-21T10:00:00+08:00,satisfied\n"
	    "CS-20261120-0008,resolved,2026-11-20T09:00:00+08:00,phone,李雷,坏了,"
	    "inquiry,low,chen,,,,\n");
	assert_int_equal(row(1, &t), 0);
	/* Archived without saying when: at its last fact, not at the import. */
	assert_string_equal(ticket_str(&t, F_ARCHIVED), "2026-11-21T10:00:00+08:00");
	assert_string_equal(sb_str(&notes),
	    "archived was not given: set to confirmed (2026-11-21T10:00:00+08:00); ");
	import_history(&x, &t, tab.rows[1].line, NULL);
	assert_int_equal(ynode_get(t.root, "history")->nr, 7);
	for (size_t i = 0; i < 7; i++) {
		e = hist(&t, i);
		assert_string_equal(ynode_get_str(e, "action"), want[i][0]);
		assert_string_equal(ynode_get_str(e, "at"), want[i][1]);
		assert_string_equal(ynode_get_str(e, "by"), "importer");
		if (want[i][2])
			assert_string_equal(ynode_get_str(e, "from"), want[i][2]);
		else
			assert_null(ynode_get_str(e, "from"));
		if (want[i][3])
			assert_string_equal(ynode_get_str(e, "to"), want[i][3]);
		else
			assert_null(ynode_get_str(e, "to"));
	}
	assert_string_equal(ynode_get_str(hist(&t, 5), "satisfaction"), "satisfied");
	assert_string_equal(ynode_get_str(hist(&t, 6), "note"), "imported from t.csv line 2");
	assert_string_equal(ticket_str(&t, F_UPDATED), "2026-11-22T09:15:00+08:00");
	ticket_release(&t);

	/* A status its timestamps do not reach: the import entry brings it. */
	assert_int_equal(row(2, &t), 0);
	import_history(&x, &t, tab.rows[2].line, NULL);
	assert_int_equal(ynode_get(t.root, "history")->nr, 4);
	assert_string_equal(ynode_get_str(hist(&t, 2), "action"), "assign");
	assert_string_equal(ynode_get_str(hist(&t, 2), "to"), "assigned");
	assert_string_equal(ynode_get_str(hist(&t, 3), "action"), "import");
	assert_string_equal(ynode_get_str(hist(&t, 3), "to"), "resolved");
	assert_string_equal(ynode_get_str(hist(&t, 3), "note"), "imported from t.csv line 3");
	ticket_release(&t);
	assert_string_equal(sb_str(&problems), "");
}

static void
impossible_facts_are_kept_and_recorded(void **state)
{
	struct ticket t;
	char *kept;

	(void)state;
	load("created,channel,customer,subject,responded,resolved,updated\n"
	    "2026-11-20T10:00:00+08:00,phone,王丽,坏了,2026-11-20T09:00:00+08:00,"
	    "2026-11-20T08:30:00+08:00,2026-11-21T00:00:00+08:00\n");
	assert_int_equal(row(1, &t), 0);
	/* kept as given */
	assert_string_equal(ticket_str(&t, F_RESPONDED), "2026-11-20T09:00:00+08:00");
	assert_string_equal(ticket_str(&t, F_RESOLVED), "2026-11-20T08:30:00+08:00");
	assert_string_equal(sb_str(&notes),
	    "resolved (2026-11-20T08:30:00+08:00) is before responded "
	    "(2026-11-20T09:00:00+08:00): kept as given; "
	    "responded (2026-11-20T09:00:00+08:00) is before created "
	    "(2026-11-20T10:00:00+08:00): kept as given; "
	    "resolved (2026-11-20T08:30:00+08:00) is before created "
	    "(2026-11-20T10:00:00+08:00): kept as given; ");
	kept = xstrdup(sb_str(&notes));
	import_history(&x, &t, 2, kept);
	free(kept);
	{
		const struct ynode *h = ynode_get(t.root, "history");
		const struct ynode *last = h->items[h->nr - 1].val;

		assert_string_equal(ynode_get_str(last, "action"), "import");
		assert_string_equal(ynode_get_str(last, "note"),
		    "imported from t.csv line 2; "
		    "resolved (2026-11-20T08:30:00+08:00) is before responded "
		    "(2026-11-20T09:00:00+08:00): kept as given; "
		    "responded (2026-11-20T09:00:00+08:00) is before created "
		    "(2026-11-20T10:00:00+08:00): kept as given; "
		    "resolved (2026-11-20T08:30:00+08:00) is before created "
		    "(2026-11-20T10:00:00+08:00): kept as given");
	}
	/* the row's own `updated` survives the history it was given */
	assert_string_equal(ticket_str(&t, F_UPDATED), "2026-11-21T00:00:00+08:00");
	ticket_release(&t);
	assert_string_equal(sb_str(&problems), "");
}

/* What happened cannot be after the import; a deadline can, and a clock
 * CLOCK_AHEAD seconds ahead is allowed. */
static void
events_after_the_import_are_refused(void **state)
{
	struct ticket t;

	(void)state;
	load("created,channel,customer,subject,updated,resolution_due\n"
	    "2026-11-22T09:19:00+08:00,phone,王丽,坏了,2026-11-22T09:20:00+08:00,"
	    "2026-11-29T09:00:00+08:00\n"
	    "2026-11-20T09:00:00+08:00,phone,王丽,坏了,2026-11-22T09:20:01+08:00,\n");
	assert_int_equal(row(1, &t), 0);	/* 4 and 5 minutes ahead of now */
	assert_string_equal(ticket_str(&t, F_DUE_RESOLUTION), "2026-11-29T09:00:00+08:00");
	ticket_release(&t);
	assert_string_equal(sb_str(&problems), "");
	assert_int_equal(row(2, &t), 1);
	ticket_release(&t);
	assert_non_null(strstr(sb_str(&problems), "t.csv:3: updated: "
	    "'2026-11-22T09:20:01+08:00' is in the future (the import runs at "
	    "2026-11-22T09:15:00+08:00)"));
}

static void
write_bytes(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Every line of a pass, through import_input_line; the error, if any. */
static const struct error *
read_pass(struct import_input *in, size_t *nlines)
{
	const struct error *err;
	char buf[4096];
	ssize_t n = read(in->fd, buf, sizeof(buf));
	size_t off = 0;
	unsigned line = 1;

	*nlines = 0;
	assert_true(n >= 0);
	while (off < (size_t)n) {
		const char *nl = memchr(buf + off, '\n', (size_t)n - off);
		size_t len = nl ? (size_t)(nl - (buf + off)) + 1 : (size_t)n - off;
		if ((err = import_input_line(in, buf + off, len, line++)) != NULL)
			return err;
		off += len;
		++*nlines;
	}
	return NULL;
}

/*
 * The input is read twice: the key of both passes is the same, and is
 * the one of the bytes (so a retry of an older import is recognised); a
 * file changed between the passes is refused.
 */
static void
input_is_read_twice_and_a_change_is_refused(void **state)
{
	struct import_input in;
	struct strbuf none = STRBUF_INIT;
	char path[96], k1[STORE_IMPORT_KEY + 1], k2[STORE_IMPORT_KEY + 1];
	const char *csv = "customer,channel,subject\n王丽,phone,退款\n";
	size_t n;
	int tmp = open(tmpdir, O_RDONLY | O_DIRECTORY);

	(void)state;
	snprintf(path, sizeof(path), "%s/in.csv", tmpdir);
	write_bytes(path, csv, strlen(csv));
	assert_null(import_input_open(&in, path, "in.csv", NULL, tmp));
	assert_false(in.spooled);
	import_input_start(&in);
	assert_null(read_pass(&in, &n));
	assert_int_equal(n, 2);
	import_input_key(&in, &none, k1);
	assert_null(import_input_rewind(&in));
	assert_null(read_pass(&in, &n));
	import_input_key(&in, &none, k2);
	assert_string_equal(k1, k2);
	/* the same bytes, the same key: FNV-1a of the bytes, then of the mapping */
	assert_string_equal(k1, "39102228fd16caae7cd158565a113470");

	write_bytes(path, "customer,channel,subject\n", 25);	/* truncated meanwhile */
	{
		const struct error *err = import_input_rewind(&in);
		assert_non_null(err);
		assert_string_equal(err->msg, "'in.csv' changed while it was being imported; "
		    "nothing was imported: import it again");
	}
	import_input_close(&in);
	close(tmp);
}

/* --encoding: converted into an unlinked copy in the store's .tmp; a byte
 * not in the encoding names its line; every line is UTF-8 checked. */
static void
input_in_another_encoding_is_converted_once(void **state)
{
	struct import_input in;
	char path[96];
	/* "客户\n王丽\n" in GB18030, then a line with a byte GB18030 lacks */
	const char gb[] = "\xbf\xcd\xbb\xa7\n\xcd\xf5\xc0\xf6\n";
	const char bad[] = "a\nb\n\xff\n";
	const struct error *err;
	size_t n;
	int tmp = open(tmpdir, O_RDONLY | O_DIRECTORY);

	(void)state;
	snprintf(path, sizeof(path), "%s/gb.csv", tmpdir);
	write_bytes(path, gb, sizeof(gb) - 1);
	assert_null(import_input_open(&in, path, "gb.csv", "gbk", tmp));
	assert_true(in.spooled);
	{
		char buf[64];
		ssize_t got = read(in.fd, buf, sizeof(buf) - 1);
		assert_true(got > 0);
		buf[got] = '\0';
		assert_string_equal(buf, "客户\n王丽\n");
	}
	assert_null(import_input_rewind(&in));
	assert_null(read_pass(&in, &n));
	assert_int_equal(n, 2);
	import_input_close(&in);

	write_bytes(path, bad, sizeof(bad) - 1);
	err = import_input_open(&in, path, "gb.csv", "gb18030", tmp);
	assert_non_null(err);
	assert_string_equal(err->msg, "gb.csv:3: byte 0xFF is not gb18030; check --encoding");
	import_input_close(&in);

	err = import_input_open(&in, path, "bad.csv", NULL, tmp);
	assert_null(err);
	import_input_start(&in);
	err = read_pass(&in, &n);
	assert_non_null(err);
	assert_string_equal(err->msg, "bad.csv:3: byte 0xFF is not UTF-8; a CSV saved by "
	    "Chinese Excel is GB18030: give --encoding gb18030");
	import_input_close(&in);
	close(tmp);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(column_names_are_the_export_columns_and_extras),
		T(map_option_is_parsed_and_checked),
		T(header_reports_unknown_repeated_and_missing_columns),
		T(mapped_and_ignored_columns_resolve),
		T(row_becomes_what_open_would_make),
		T(values_are_normalised),
		T(formula_guard_quote_is_removed_once),
		T(every_row_is_checked_with_file_line_and_column),
		T(map_file_gives_columns_values_constants_dates_and_offset),
		T(month_first_and_slash_dates),
		T(map_file_errors_name_file_line_and_column),
		T(history_is_made_from_timestamps),
		T(impossible_facts_are_kept_and_recorded),
		T(events_after_the_import_are_refused),
		T(input_is_read_twice_and_a_change_is_refused),
		T(input_in_another_encoding_is_converted_once),
	};
#undef T
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
