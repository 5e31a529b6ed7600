/* ticket.c — the field table and typed access to a ticket tree; see ticket.h. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"
#include "ticket.h"

#define R FF_REQUIRED
#define S FF_SET
#define P FF_PERSONAL
#define K FF_KEEP
#define H FF_PAST

/*
 * The order here is the order of keys in a ticket file.  After the type,
 * enumeration and flags: the field's CSV column name (export and import;
 * NULL: none), its place among the export columns of SPEC §7 (1-based; 0:
 * not exported), and its slot in the read model (index.h), if it has one.
 */
const struct field fields[F_COUNT] = {
	[F_SCHEMA]		= { "schema", FT_INT, 0, R, NULL, 0 },
	[F_ID]			= { "id", FT_ID, 0, R, "id", 1, IXK_STR, IXS_ID },
	[F_STATUS]		= { "status", FT_ENUM, V_STATUS, R, "status", 2, IXK_ENUM, IXE_STATUS },
	[F_OUTCOME]		= { "outcome", FT_ENUM, V_OUTCOME, 0, "outcome", 0, IXK_ENUM, IXE_OUTCOME },
	[F_CREATED]		= { "created", FT_TIME, 0, R, "created", 3, IXK_TIME, IXT_CREATED },
	[F_UPDATED]		= { "updated", FT_TIME, 0, 0, "updated", 4, IXK_TIME, IXT_UPDATED },
	[F_CHANNEL]		= { "channel", FT_ENUM, V_CHANNEL, S | K | H, "channel", 5, IXK_ENUM, IXE_CHANNEL },
	[F_CUSTOMER]		= { "customer", FT_MAP, 0, 0, NULL, 0 },
	[F_CUST_NAME]		= { "customer.name", FT_STR, 0, S | P | K, "customer", 6, IXK_STR, IXS_NAME },
	[F_CUST_PHONE]		= { "customer.phone", FT_STR, 0, S | P, "phone", 7, IXK_STR, IXS_PHONE },
	[F_CUST_EMAIL]		= { "customer.email", FT_STR, 0, S | P, "email", 8, IXK_STR, IXS_EMAIL },
	[F_CUST_ID]		= { "customer.id", FT_STR, 0, S, "customer_id", 9, IXK_STR, IXS_CUSTOMER_ID },
	[F_CUST_TIER]		= { "customer.tier", FT_ENUM, V_TIER, S | H, "tier", 10, IXK_ENUM, IXE_TIER },
	[F_ORDER]		= { "order", FT_STR, 0, S, "order", 11, IXK_STR, IXS_ORDER },
	/* ref: the ticket's ID in another system */
	[F_REF]			= { "ref", FT_STR, 0, S, "ref", 0 },
	[F_PRODUCT]		= { "product", FT_STR, 0, S, "product", 12, IXK_STR, IXS_PRODUCT },
	[F_SUBJECT]		= { "subject", FT_STR, 0, S | K, "subject", 13, IXK_STR, IXS_SUBJECT },
	[F_DESCRIPTION]		= { "description", FT_TEXT, 0, S, "description", 0 },
	[F_EXPECTATION]		= { "expectation", FT_TEXT, 0, S, "expectation", 0 },
	[F_CATEGORY]		= { "category", FT_ENUM, V_CATEGORY, S | K | H, "category", 14, IXK_ENUM, IXE_CATEGORY },
	[F_MODULE]		= { "module", FT_ENUM, V_MODULE, S | H, "module", 15, IXK_STR, IXS_MODULE },
	[F_PRIORITY]		= { "priority", FT_ENUM, V_PRIORITY, S | K | H, "priority", 16, IXK_ENUM, IXE_PRIORITY },
	[F_DUE]			= { "due", FT_MAP, 0, 0, NULL, 0 },
	[F_DUE_RESPONSE]	= { "due.response", FT_TIME, 0, 0, "response_due", 19, IXK_TIME, IXT_DUE_RESPONSE },
	[F_DUE_RESOLUTION]	= { "due.resolution", FT_TIME, 0, 0, "resolution_due", 20, IXK_TIME, IXT_DUE_RESOLUTION },
	[F_DUE_CONFIRM]		= { "due.confirm", FT_TIME, 0, 0, NULL, 0 },
	[F_DUE_PROMISED]		= { "due.promised", FT_TIME, 0, 0, NULL, 0, IXK_TIME, IXT_PROMISED },
	[F_TEAM]		= { "team", FT_STR, 0, S | H, "team", 17, IXK_STR, IXS_TEAM },
	[F_ASSIGNEE]		= { "assignee", FT_STR, 0, 0, "assignee", 18, IXK_STR, IXS_ASSIGNEE },
	[F_RESPONDED]		= { "responded", FT_TIME, 0, 0, "responded", 21, IXK_TIME, IXT_RESPONDED },
	[F_CONTACTS]		= { "contacts", FT_INT, 0, 0, "contacts", 0, IXK_INT, IXN_CONTACTS },
	[F_PLAN]		= { "plan", FT_TEXT, 0, S, "plan", 0 },
	[F_ESCALATIONS]		= { "escalations", FT_INT, 0, 0, "escalations", 30, IXK_INT, IXN_ESCALATIONS },
	[F_ROUNDS]		= { "rounds", FT_INT, 0, 0, "rounds", 29, IXK_INT, IXN_ROUNDS },
	[F_RESOLUTION]		= { "resolution", FT_TEXT, 0, S, "resolution", 33, IXK_STR, IXS_RESOLUTION },
	[F_RESPONSIBILITY]	= { "responsibility", FT_ENUM, V_RESPONSIBILITY, S | H, "responsibility", 31, IXK_ENUM, IXE_RESPONSIBILITY },
	[F_COMPENSATION]	= { "compensation", FT_STR, 0, S, "compensation", 32, IXK_STR, IXS_COMPENSATION },
	[F_RESOLVED]		= { "resolved", FT_TIME, 0, 0, "resolved", 22, IXK_TIME, IXT_RESOLVED },
	[F_SATISFACTION]	= { "satisfaction", FT_ENUM, V_SATISFACTION, 0, "satisfaction", 25, IXK_ENUM, IXE_SATISFACTION },
	[F_COMMENT]		= { "comment", FT_TEXT, 0, 0, "comment", 0 },
	[F_CONFIRMED]		= { "confirmed", FT_TIME, 0, 0, "confirmed", 23, IXK_TIME, IXT_CONFIRMED },
	[F_CONFIRM_ATTEMPTS]	= { "confirm_attempts", FT_INT, 0, 0, "confirm_attempts", 0, IXK_INT, IXN_CONFIRM_ATTEMPTS },
	[F_REVISIT]		= { "revisit", FT_MAP, 0, 0, NULL, 0 },
	[F_REVISIT_DUE]		= { "revisit.due", FT_TIME, 0, 0, "revisit_due", 26, IXK_TIME, IXT_REVISIT_DUE },
	[F_REVISIT_DONE]	= { "revisit.done", FT_TIME, 0, 0, "revisited", 27, IXK_TIME, IXT_REVISIT_DONE },
	[F_REVISIT_SATISFACTION] = { "revisit.satisfaction", FT_ENUM, V_SATISFACTION, 0,
				    "revisit_satisfaction", 28, IXK_ENUM, IXE_REVISIT_SATISFACTION },
	[F_REVISIT_RESULT]	= { "revisit.result", FT_TEXT, 0, 0, "revisit_result", 0 },
	[F_REVISIT_ATTEMPTS]	= { "revisit.attempts", FT_INT, 0, 0, "revisit_attempts", 0, IXK_INT, IXN_ATTEMPTS },
	[F_REVISIT_NEXT]	= { "revisit.next", FT_TIME, 0, 0, "revisit_next", 0, IXK_TIME, IXT_REVISIT_NEXT },
	[F_ARCHIVED]		= { "archived", FT_TIME, 0, 0, "archived", 24, IXK_TIME, IXT_ARCHIVED },
	[F_REJECT_REASON]	= { "reject_reason", FT_TEXT, 0, 0, "reject_reason", 0 },
	[F_DUPLICATE_OF]	= { "duplicate_of", FT_ID, 0, 0, "duplicate_of", 0, IXK_STR, IXS_DUPLICATE_OF },
	[F_RELATED]		= { "related", FT_IDS, 0, 0, "related", 0, IXK_STR, IXS_RELATED },
	[F_HISTORY]		= { "history", FT_HISTORY, 0, 0, NULL, 0 },
};


static enum field_id export_order[NEXPORT];

static void
export_order_init(void)
{
	for (int f = 0; f < F_COUNT; f++)
		if (fields[f].col > 0 && fields[f].col <= NEXPORT)
			export_order[fields[f].col - 1] = (enum field_id)f;
}

const enum field_id *
field_export_columns(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, export_order_init);
	return export_order;
}

void
field_names(struct strbuf *sb, enum field_list which)
{
	const enum field_id *cols = field_export_columns();
	int n = 0;

	for (int i = 0; i < (which == FL_EXPORT ? NEXPORT : F_COUNT); i++) {
		const struct field *f = which == FL_EXPORT ? &fields[cols[i]] : &fields[i];
		const char *name = which == FL_SET ? f->path : f->csv;
		if ((which == FL_SET && !(f->flags & FF_SET)) ||
		    (which == FL_IMPORT && (f->csv == NULL || f->col)))
			continue;
		sb_addf(sb, "%s%s", n++ ? ", " : "", name);
	}
}

/* Keys of a history entry, in the order they are written. */
static const char *history_keys[] = {
	"at", "by", "login", "action", "from", "to", "category", "priority", "module",
	"previous_category", "previous_priority", "previous_module", "responsibility",
	"previous_responsibility", "assignee", "key", "value", "previous", "team",
	"previous_team", "previous_due_response", "previous_due_resolution",
	"satisfaction", "outcome", "previous_outcome", "revisit_due", "due_response",
	"due_resolution", "due", "loads", "note", NULL
};

int
ticket_history_value_key(const char *k)
{
	return strcmp(k, "value") == 0 || strcmp(k, "previous") == 0;
}

const struct field *
field_by_path(const char *path)
{
	for (int i = 0; i < F_COUNT; i++)
		if (strcmp(fields[i].path, path) == 0)
			return &fields[i];
	return NULL;
}

enum field_id
field_id_of(const struct field *f)
{
	return (enum field_id)(f - fields);
}

void
ticket_init(struct ticket *t, const char *id, const struct ctime *at)
{
	memset(t, 0, sizeof(*t));
	t->root = ynode_map();
	ticket_set_int(t, F_SCHEMA, 1);
	ticket_set(t, F_ID, id);
	ticket_set(t, F_STATUS, "intake");
	ticket_set_time(t, F_CREATED, at);
	ticket_set_time(t, F_UPDATED, at);
}

void
ticket_release(struct ticket *t)
{
	ynode_free(t->root);
	t->root = NULL;
}

const char *
ticket_str(const struct ticket *t, enum field_id f)
{
	struct ynode *n = ynode_path(t->root, fields[f].path);
	return n && n->kind == YNODE_SCALAR ? n->str : NULL;
}

long
ticket_int(const struct ticket *t, enum field_id f)
{
	const char *s = ticket_str(t, f);
	return s ? strtol(s, NULL, 10) : 0;
}

int
ticket_time(const struct ticket *t, enum field_id f, struct ctime *out)
{
	const char *s = ticket_str(t, f);
	return s ? clock_parse(s, out) : -1;
}

int64_t
ticket_secs(const struct ticket *t, enum field_id f)
{
	struct ctime ct;

	return ticket_time(t, f, &ct) == 0 ? ct.t : TIME_NONE;
}

enum status
ticket_status(const struct ticket *t)
{
	int i = enum_lookup(vocab(V_STATUS), ticket_str(t, F_STATUS));
	return i < 0 ? ST_INTAKE : (enum status)i;
}

void
ticket_set(struct ticket *t, enum field_id f, const char *value)
{
	const char *last;
	struct ynode *parent;

	if (value == NULL || *value == '\0') {
		const char *dot = strrchr(fields[f].path, '.');
		if (dot) {
			char parent_key[32];
			size_t n = (size_t)(dot - fields[f].path);
			struct ynode *m;

			snprintf(parent_key, sizeof(parent_key), "%.*s", (int)n, fields[f].path);
			m = ynode_get(t->root, parent_key);
			ynode_del(m, dot + 1);
			if (m && m->kind == YNODE_MAP && m->nr == 0)
				ynode_del(t->root, parent_key);
		} else {
			ynode_del(t->root, fields[f].path);
		}
		return;
	}
	parent = ynode_path_parent(t->root, fields[f].path, &last);
	ynode_set_str(parent, last, value);
}

void
ticket_set_int(struct ticket *t, enum field_id f, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	ticket_set(t, f, buf);
}

void
ticket_set_time(struct ticket *t, enum field_id f, const struct ctime *ct)
{
	char buf[CLOCK_BUFSZ];

	clock_format(ct, buf);
	ticket_set(t, f, buf);
}

void
ticket_log(struct ticket *t, const struct event *ev, const char *action,
    const char *from, const char *to, const char *note, const char *const *extra)
{
	struct ynode *hist = ynode_get(t->root, "history");
	struct ynode *e = ynode_map();
	char buf[CLOCK_BUFSZ];

	if (hist == NULL || hist->kind != YNODE_SEQ) {
		hist = ynode_seq();
		ynode_set(t->root, "history", hist);
	}
	clock_format(&ev->at, buf);
	ynode_set_str(e, "at", buf);
	ynode_set_str(e, "by", ev->by);
	if (ev->login)
		ynode_set_str(e, "login", ev->login);
	ynode_set_str(e, "action", action);
	if (from)
		ynode_set_str(e, "from", from);
	if (to)
		ynode_set_str(e, "to", to);
	for (; extra && extra[0]; extra += 2)
		if (extra[1] && *extra[1])
			ynode_set_str(e, extra[0], extra[1]);
	if (note && *note)
		ynode_set_str(e, "note", note);
	ynode_push(hist, e);
	ticket_set_time(t, F_UPDATED, &ev->at);
}

void
ticket_log_annotate(struct ticket *t, const char *key, const char *value)
{
	struct ynode *hist = ynode_get(t->root, "history");

	if (hist && hist->kind == YNODE_SEQ && hist->nr)
		ynode_set_str(hist->items[hist->nr - 1].val, key, value);
}

int
ticket_id_valid(const char *s)
{
	const char *p = s;
	int n = 0, y, m, d;

	if (!isupper((unsigned char)*p))
		return 0;
	while (isupper((unsigned char)*p) || isdigit((unsigned char)*p)) {
		p++;
		if (++n > 16)
			return 0;
	}
	if (*p++ != '-')
		return 0;
	for (int i = 0; i < 8; i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	m = (p[4] - '0') * 10 + (p[5] - '0');
	d = (p[6] - '0') * 10 + (p[7] - '0');
	if (!clock_valid_date(y, m, d))
		return 0;
	p += 8;
	if (*p++ != '-')
		return 0;
	/* a site's IDs: 1-4 capital letters before the sequence (SPEC §11) */
	for (n = 0; isupper((unsigned char)p[n]); n++)
		;
	if (n > 4)
		return 0;
	p += n;
	for (n = 0; isdigit((unsigned char)p[n]); n++)
		;
	return n == 4 && p[n] == '\0';
}

/* ---- validation ---- */

struct vctx {
	const char *file;
	void (*report)(void *, const char *);
	void *ctx;
	const struct error **first;
	size_t count;
};

static void
problem(struct vctx *v, const struct ynode *at, unsigned line, unsigned col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
problem(struct vctx *v, const struct ynode *at, unsigned line, unsigned col,
    const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (at) {
		line = at->line;
		col = at->col;
	}
	sb_addf(&sb, "%s:%u:%u: ", v->file, line, col);
	va_start(ap, fmt);
	sb_vaddf(&sb, gettext(fmt), ap);
	va_end(ap);
	if (v->report)
		v->report(v->ctx, sb.buf);
	else if (v->count == 0 && v->first)
		*v->first = error_new(ERR_DATA, "%s", sb.buf);
	v->count++;
	sb_release(&sb);
}

static void
check_scalar(struct vctx *v, const struct field *f, const struct ynode *n)
{
	struct ctime ct;
	const char *s;

	if (n->kind != YNODE_SCALAR) {
		problem(v, n, 0, 0, "'%s' should be a single value, not a %s", f->path,
		    n->kind == YNODE_MAP ? "mapping" : "list");
		return;
	}
	s = n->str;
	switch (f->type) {
	case FT_INT: {
		size_t i = 0;
		for (; s[i]; i++)
			if (!isdigit((unsigned char)s[i]))
				break;
		if (i == 0 || s[i] || i > 9)
			problem(v, n, 0, 0, "'%s' is '%s'; it should be a whole number",
			    f->path, s);
		else if (f - fields == F_SCHEMA && strcmp(s, "1") != 0)
			problem(v, n, 0, 0, "schema %s is not known to this cstk; it "
			    "reads schema 1", s);
		break;
	}
	case FT_TIME:
		switch (clock_parse(s, &ct)) {
		case 0:
			break;
		case CLOCK_EARLY:
			problem(v, n, 0, 0, "'%s' is '%s', before 1970, where cstk's times "
			    "begin; leave it out if it stands for no date", f->path, s);
			break;
		default:
			problem(v, n, 0, 0, "'%s' is '%s'; it should be an RFC 3339 time "
			    "like 2026-11-22T09:15:00+08:00", f->path, s);
		}
		break;
	case FT_ENUM: {
		int i = enum_lookup(vocab(f->voc), s);
		/* An open list (module) was free text before the team listed
		 * values: files may keep any text, input is checked. */
		if (vocab(f->voc)->open)
			break;
		if (i < 0 || strcmp(s, vocab(f->voc)->v[i].key) != 0) {
			struct strbuf sb = STRBUF_INIT;
			if (i >= 0)
				sb_addf(&sb, "write it as '%s'", vocab(f->voc)->v[i].key);
			else {
				sb_adds(&sb, "one of ");
				enum_describe(vocab(f->voc), &sb);
			}
			problem(v, n, 0, 0, "%s '%s' is not known; %s", f->path, s, sb.buf);
			sb_release(&sb);
		}
		break;
	}
	case FT_ID:
		if (!ticket_id_valid(s))
			problem(v, n, 0, 0, "%s '%s' is not a ticket ID like CS-20261122-0001",
			    f->path, s);
		break;
	case FT_IDS: {
		char *copy = xstrdup(s), *save = NULL;
		for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
			if (!ticket_id_valid(w)) {
				problem(v, n, 0, 0, "%s: '%s' is not a ticket ID like "
				    "CS-20261122-0001", f->path, w);
				break;
			}
		free(copy);
		break;
	}
	case FT_STR:
	case FT_TEXT:
	case FT_MAP:
	case FT_HISTORY:
		break;
	}
}

static void
check_history(struct vctx *v, const struct ynode *n)
{
	struct ctime ct;

	if (n->kind != YNODE_SEQ) {
		problem(v, n, 0, 0, "'history' should be a list of events");
		return;
	}
	for (size_t i = 0; i < n->nr; i++) {
		const struct ynode *e = n->items[i].val;
		const char *at;
		int rc;

		if (e->kind != YNODE_MAP) {
			problem(v, e, 0, 0, "history entry %zu should be a mapping "
			    "{at: …, by: …, action: …}", i + 1);
			continue;
		}
		for (size_t j = 0; j < e->nr; j++)
			if (e->items[j].val->kind != YNODE_SCALAR)
				problem(v, e->items[j].val, 0, 0, "history entry %zu: '%s' "
				    "should be a single value", i + 1, e->items[j].key);
		at = ynode_get_str(e, "at");
		rc = at ? clock_parse(at, &ct) : -1;
		if (rc == CLOCK_EARLY)
			problem(v, e, 0, 0, "history entry %zu: 'at' is '%s', before 1970, "
			    "where cstk's times begin", i + 1, at);
		else if (rc)
			problem(v, e, 0, 0, "history entry %zu needs 'at' as an RFC 3339 "
			    "time", i + 1);
		if (ynode_get_str(e, "action") == NULL)
			problem(v, e, 0, 0, "history entry %zu needs an 'action'", i + 1);
	}
}

size_t
ticket_validate(const struct ynode *root, const char *file,
    void (*report)(void *, const char *), void *ctx, const struct error **first)
{
	struct vctx v = { file, report, ctx, first, 0 };

	for (int i = 0; i < F_COUNT; i++) {
		const struct field *f = &fields[i];
		const struct ynode *n = ynode_path(root, f->path);
		const char *dot = strchr(f->path, '.');

		if (n == NULL) {
			if (f->flags & FF_REQUIRED)
				problem(&v, NULL, root->line, root->col,
				    "required key '%s' is missing", f->path);
			continue;
		}
		if (f->type == FT_MAP) {
			if (n->kind != YNODE_MAP)
				problem(&v, n, 0, 0, "'%s' should be a mapping of keys", f->path);
			continue;
		}
		if (dot) {
			/* The parent must be a mapping for ynode_path to get here. */
		}
		if (f->type == FT_HISTORY)
			check_history(&v, n);
		else
			check_scalar(&v, f, n);
	}
	return v.count;
}

/* ---- canonical order ---- */

/* Move the pairs named by `keys` (in that order) to the front of `m`. */
static void
order_keys(struct ynode *m, const char *const *keys, size_t nkeys)
{
	struct ypair *out;
	size_t k = 0;
	char *used;

	if (m == NULL || m->kind != YNODE_MAP || m->nr == 0)
		return;
	out = xcalloc(m->nr, sizeof(*out));
	used = xcalloc(m->nr, 1);
	for (size_t i = 0; i < nkeys; i++) {
		for (size_t j = 0; j < m->nr; j++) {
			if (!used[j] && strcmp(m->items[j].key, keys[i]) == 0) {
				out[k++] = m->items[j];
				used[j] = 1;
				break;
			}
		}
	}
	for (size_t j = 0; j < m->nr; j++)
		if (!used[j])
			out[k++] = m->items[j];
	free(m->items);
	free(used);
	m->items = out;
	m->alloc = m->nr;
}

static void
order_group(struct ynode *root, const char *prefix)
{
	const char *keys[F_COUNT];
	size_t n = 0, plen = strlen(prefix);

	for (int i = 0; i < F_COUNT; i++) {
		const char *p = fields[i].path;
		if (plen == 0 ? strchr(p, '.') == NULL
		    : strncmp(p, prefix, plen) == 0 && p[plen] == '.')
			keys[n++] = p + (plen ? plen + 1 : 0);
	}
	order_keys(plen ? ynode_get(root, prefix) : root, keys, n);
}

void
ticket_normalize(struct ticket *t)
{
	struct ynode *hist;

	order_group(t->root, "");
	order_group(t->root, "customer");
	order_group(t->root, "due");
	order_group(t->root, "revisit");
	t->root->flow = 0;
	for (int i = 0; i < F_COUNT; i++) {
		struct ynode *n = ynode_path(t->root, fields[i].path);
		if (n == NULL)
			continue;
		if (n->kind == YNODE_SCALAR)
			n->style = fields[i].type == FT_INT || fields[i].type == FT_TIME ||
			    fields[i].type == FT_ID || fields[i].type == FT_ENUM
			    ? YSTYLE_PLAIN : YSTYLE_AUTO;
		else if (fields[i].type == FT_MAP)
			n->flow = 0;
	}
	hist = ynode_get(t->root, "history");
	if (hist && hist->kind == YNODE_SEQ) {
		size_t nk = sizeof(history_keys) / sizeof(history_keys[0]) - 1;
		hist->flow = 0;
		for (size_t i = 0; i < hist->nr; i++) {
			struct ynode *e = hist->items[i].val;
			order_keys(e, history_keys, nk);
			if (e->kind == YNODE_MAP) {
				e->flow = 0;
				for (size_t j = 0; j < e->nr; j++)
					if (e->items[j].val->kind == YNODE_SCALAR &&
					    e->items[j].val->style == YSTYLE_PLAIN)
						e->items[j].val->style = YSTYLE_AUTO;
			}
		}
	}
}

int
ticket_ids_have(const char *ids, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = ids ? strstr(ids, id) : NULL; p && n; p = strstr(p + 1, id))
		if ((p == ids || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}
