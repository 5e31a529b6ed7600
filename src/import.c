/* import.c — CSV rows to tickets; see import.h. */
#include <ctype.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "import.h"
#include "lifecycle.h"
#include "strbuf.h"
#include "value.h"
#include "yaml-load.h"

int
import_column_field(const char *name)
{
	for (int i = 0; i < F_COUNT; i++)
		if (fields[i].csv && strcmp(fields[i].csv, name) == 0)
			return i;
	return -1;
}

void
import_map_init(struct import_map *m)
{
	memset(m, 0, sizeof(*m));
}

void
import_map_release(struct import_map *m)
{
	for (size_t i = 0; i < m->ncols; i++) {
		free(m->src[i]);
		free(m->dst[i]);
	}
	for (size_t i = 0; i < m->nignore; i++)
		free(m->ignore[i]);
	for (size_t i = 0; i < m->nvalues; i++) {
		free(m->values[i].from);
		free(m->values[i].to);
	}
	for (size_t i = 0; i < m->nset; i++)
		free(m->set[i].to);
	free(m->set);
	free(m->src);
	free(m->dst);
	free(m->ignore);
	free(m->values);
	memset(m, 0, sizeof(*m));
}

static void
add_column(struct import_map *m, const char *src, size_t srclen, const char *dst)
{
	m->src = xrealloc(m->src, (m->ncols + 1) * sizeof(char *));
	m->dst = xrealloc(m->dst, (m->ncols + 1) * sizeof(char *));
	m->src[m->ncols] = xstrndup(src, srclen);
	m->dst[m->ncols] = xstrdup(dst);
	m->ncols++;
}

const struct error *
import_map_column(struct import_map *m, const char *arg)
{
	const char *eq = strrchr(arg, '=');

	if (eq == NULL || eq == arg || eq[1] == '\0')
		return error_new(ERR_USAGE, "--map '%s' should be 'Source Column=name'", arg);
	if (import_column_field(eq + 1) < 0)
		return error_new(ERR_USAGE, "--map '%s': '%s' is not a cstk column; see "
		    "'cstk import --help'", arg, eq + 1);
	add_column(m, arg, (size_t)(eq - arg), eq + 1);
	return NULL;
}

void
import_map_ignore(struct import_map *m, const char *col)
{
	m->ignore = xrealloc(m->ignore, (m->nignore + 1) * sizeof(char *));
	m->ignore[m->nignore++] = xstrdup(col);
}

static const struct error *
bad(const char *file, const struct ynode *n, const char *msg)
{
	return error_new(ERR_DATA, "%s:%u:%u: %s", file, n->line, n->col, msg);
}

const struct error *
import_map_file(struct import_map *m, const char *path)
{
	static const char *orders[] = { "YYYY-MM-DD", "DD-MM-YYYY", "MM/DD/YYYY",
		"DD/MM/YYYY" };
	const struct error *err = NULL;
	struct ynode *root;

	if ((err = yaml_load_file(AT_FDCWD, path, path, &root)) != NULL)
		return err->code == ERR_NOTFOUND ? error_new(ERR_USAGE, "map file '%s' "
		    "does not exist", path) : err;
	for (size_t i = 0; i < root->nr && err == NULL; i++) {
		const struct ypair *it = &root->items[i];
		const struct ynode *v = it->val;

		if (strcmp(it->key, "columns") == 0 && v->kind == YNODE_MAP) {
			for (size_t j = 0; j < v->nr && err == NULL; j++) {
				const struct ynode *d = v->items[j].val;
				const char *key = v->items[j].key;
				if (d->kind == YNODE_SEQ && d->nr >= 1 && d->nr <= 3) {
					for (size_t k = 0; k < d->nr && err == NULL; k++) {
						const struct ynode *e = d->items[k].val;
						if (e->kind != YNODE_SCALAR || import_column_field(e->str) < 0)
							err = bad(path, e, "not a cstk column name");
						else
							add_column(m, key, strlen(key), e->str);
					}
				} else if (d->kind != YNODE_SCALAR || import_column_field(d->str) < 0)
					err = bad(path, d, "not a cstk column name (or a list of 1-3)");
				else
					add_column(m, key, strlen(key), d->str);
			}
		} else if (strcmp(it->key, "ignore") == 0 && v->kind == YNODE_SEQ) {
			for (size_t j = 0; j < v->nr && err == NULL; j++) {
				if (v->items[j].val->kind != YNODE_SCALAR)
					err = bad(path, v->items[j].val, "a column name, please");
				else
					import_map_ignore(m, v->items[j].val->str);
			}
		} else if (strcmp(it->key, "values") == 0 && v->kind == YNODE_MAP) {
			for (size_t j = 0; j < v->nr && err == NULL; j++) {
				const struct ypair *fp = &v->items[j];
				int f = import_column_field(fp->key);
				if (f < 0 || fp->val->kind != YNODE_MAP) {
					err = error_new(ERR_DATA, "%s:%u:%u: values: '%s' should be a "
					    "cstk column with a mapping {From: to}", path, fp->line,
					    fp->col, fp->key);
					break;
				}
				for (size_t k = 0; k < fp->val->nr && err == NULL; k++) {
					const struct ynode *to = fp->val->items[k].val;
					struct value_map *vm;
					if (to->kind != YNODE_SCALAR) {
						err = bad(path, to, "a value, please");
						break;
					}
					m->values = xrealloc(m->values,
					    (m->nvalues + 1) * sizeof(*m->values));
					vm = &m->values[m->nvalues++];
					vm->field = (enum field_id)f;
					vm->from = xstrdup(fp->val->items[k].key);
					vm->to = xstrdup(to->str);
				}
			}
		} else if (strcmp(it->key, "set") == 0 && v->kind == YNODE_MAP) {
			for (size_t j = 0; j < v->nr && err == NULL; j++) {
				int f = import_column_field(v->items[j].key);
				if (f < 0 || v->items[j].val->kind != YNODE_SCALAR) {
					err = error_new(ERR_DATA, "%s:%u:%u: set: '%s' should be a cstk "
					    "column with one value", path, v->items[j].line,
					    v->items[j].col, v->items[j].key);
					break;
				}
				m->set = xrealloc(m->set, (m->nset + 1) * sizeof(*m->set));
				m->set[m->nset].field = (enum field_id)f;
				m->set[m->nset].from = NULL;
				m->set[m->nset].to = xstrdup(v->items[j].val->str);
				m->nset++;
			}
		} else if (strcmp(it->key, "dates") == 0 && v->kind == YNODE_SCALAR) {
			size_t k;
			for (k = 0; k < 4; k++)
				if (strcmp(v->str, orders[k]) == 0)
					break;
			if (k == 4)
				err = bad(path, v, "dates should be YYYY-MM-DD, DD-MM-YYYY, "
				    "MM/DD/YYYY or DD/MM/YYYY");
			else
				m->dates = (enum date_order)k;
		} else if (strcmp(it->key, "offset") == 0 && v->kind == YNODE_SCALAR) {
			struct ctime ct;
			char probe[64];
			snprintf(probe, sizeof(probe), "2000-01-01T00:00:00%s", v->str);
			if (clock_parse(probe, &ct))
				err = bad(path, v, "offset should look like +08:00");
			m->has_offset = 1;
			m->offset = ct.off;
		} else {
			err = error_new(ERR_DATA, "%s:%u:%u: unknown key '%s'; a map file has "
			    "columns, ignore, values, set, dates and offset", path, it->line,
			    it->col, it->key);
		}
	}
	ynode_free(root);
	return err;
}

const struct error *
import_header(struct import_ctx *x, const struct csv_row *head, struct strbuf *problems,
    size_t *nproblems)
{
	int seen[F_COUNT];

	memset(seen, 0, sizeof(seen));
	x->ncols = head->n;
	x->header = (const char *const *)head->cells;
	x->col_field = xcalloc(head->n + 1, sizeof(*x->col_field));
	for (size_t i = 0; i < head->n; i++) {
		const char *name = head->cells[i];
		int nf = 0, ignored = 0;

		for (int k = 0; k < 3; k++)
			x->col_field[i][k] = -1;
		for (size_t k = 0; k < x->map->nignore; k++)
			if (strcmp(x->map->ignore[k], name) == 0)
				ignored = 1;
		for (size_t k = 0; k < x->map->ncols && !ignored && nf < 3; k++)
			if (strcmp(x->map->src[k], name) == 0)
				x->col_field[i][nf++] = import_column_field(x->map->dst[k]);
		if (!ignored && nf == 0 && (x->col_field[i][0] = import_column_field(name)) >= 0)
			nf = 1;
		if (!ignored && nf == 0) {
			problem_add(problems, "%s:%u: column '%s': not a cstk column; map it with "
			    "--map '%s=name' or skip it with --ignore '%s'\n", x->file,
			    head->line, name, name, name);
			(*nproblems)++;
		}
		for (int k = 0; k < nf; k++) {
			int f = x->col_field[i][k];
			if (seen[f]++) {
				problem_add(problems, "%s:%u: column '%s': a second column for '%s'\n",
				    x->file, head->line, name, fields[f].path);
				(*nproblems)++;
			}
		}
	}
	for (size_t k = 0; k < x->map->nset; k++)
		seen[x->map->set[k].field]++;
	for (int need = 0; need < 3; need++) {
		static const enum field_id req[] = { F_CUST_NAME, F_CHANNEL, F_SUBJECT };
		if (!seen[req[need]]) {
			problem_add(problems, "%s:%u: no column for '%s'; a ticket needs customer, "
			    "channel and subject\n", x->file, head->line, fields[req[need]].csv);
			(*nproblems)++;
		}
	}
	return NULL;
}

/* A time as written by another tool, in the map's date order and offset. */
static int
parse_time(const struct import_ctx *x, const char *s, struct ctime *out)
{
	struct ctime base = x->now;
	char iso[40];
	int a, b, c, h = 0, mi = 0, sec = 0, n = 0;
	char sep;
	int rc = clock_parse(s, out);

	if (rc == 0 || rc == CLOCK_EARLY)
		return rc;
	if (x->map->has_offset)
		base.off = x->map->offset;
	if (x->map->dates == DATE_YMD)
		return clock_parse_user(s, &base, out);
	if (sscanf(s, "%d%c%d%*c%d%n", &a, &sep, &b, &c, &n) < 4 || (sep != '-' && sep != '/'))
		return -1;
	if (s[n] == ' ' || s[n] == 'T') {
		int m = 0;
		if (sscanf(s + n + 1, "%d:%d%n", &h, &mi, &m) < 2)
			return -1;
		n += 1 + m;
		if (s[n] == ':') {
			if (sscanf(s + n + 1, "%d%n", &sec, &m) < 1)
				return -1;
			n += 1 + m;
		}
	}
	if (s[n] != '\0')
		return -1;
	switch (x->map->dates) {
	case DATE_DMY:
	case DATE_DMY_SLASH:
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d %02d:%02d:%02d", c, b, a, h, mi, sec);
		break;
	case DATE_MDY:
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d %02d:%02d:%02d", c, a, b, h, mi, sec);
		break;
	case DATE_YMD:
		return -1;
	}
	return clock_parse_user(iso, &base, out);
}

static const char *
mapped(const struct import_ctx *x, enum field_id f, const char *v)
{
	for (size_t i = 0; i < x->map->nvalues; i++)
		if (x->map->values[i].field == f && strcmp(x->map->values[i].from, v) == 0)
			return x->map->values[i].to;
	return v;
}

#define PROBLEM(...) do { problem_add(problems, __VA_ARGS__); n++; } while (0)

/* The times that say when something happened, created first: none can be
 * after the import, and none of the others before created. */
static const enum field_id happened[] = { F_CREATED, F_UPDATED, F_RESPONDED,
	F_RESOLVED, F_CONFIRMED, F_ARCHIVED, F_REVISIT_DONE };

int
import_happened(int fi)
{
	for (size_t k = 0; k < sizeof(happened) / sizeof(happened[0]); k++)
		if ((int)happened[k] == fi)
			return 1;
	return 0;
}

size_t
import_row(const struct import_ctx *x, const struct csv_row *row, struct ticket *t,
    struct strbuf *problems, struct strbuf *notes)
{
	struct ctime created, a, b;
	size_t n = 0;
	int has_created = 0;
	char failed[F_COUNT];	/* fields with a bad value: not "empty" too */

	memset(failed, 0, sizeof(failed));

	t->root = ynode_map();
	ticket_set_int(t, F_SCHEMA, 1);
	for (size_t i = 0, k = 0; i < row->n && i < x->ncols; k < 2 ? k++ : (k = 0, i++)) {
		int fi = x->col_field[i][k];
		const char *v = row->cells[i];
		const char *col = x->header[i];
		char what[160];
		char *canon = NULL;
		const struct error *err;
		const struct field *f;

		if (fi < 0 || *v == '\0')
			continue;
		f = &fields[fi];
		/* The ' export puts before a formula-like cell, and only that one. */
		if (v[0] == '\'' && csvio_needs_guard(v + 1))
			v++;
		v = mapped(x, (enum field_id)fi, v);
		if (*v == '\0')
			continue;
		snprintf(what, sizeof(what), "%s", col);
		if (f->type == FT_TIME) {
			struct ctime ct;
			char buf[CLOCK_BUFSZ];
			int rc = parse_time(x, v, &ct);

			if (rc == CLOCK_EARLY) {
				failed[fi] = 1;
				PROBLEM("%s:%u: %s: '%s' is before 1970, where cstk's times begin; "
				    "if it stands for no date, leave the cell empty\n", x->file,
				    row->line, col, v);
				continue;
			}
			if (rc != 0) {
				failed[fi] = 1;
				PROBLEM("%s:%u: %s: '%s' is not a time; use RFC 3339, or give the "
				    "date order in a map file (dates: DD-MM-YYYY)\n", x->file,
				    row->line, col, v);
				continue;
			}
			if (import_happened(fi) && ct.t > x->now.t + CLOCK_AHEAD) {
				char now[CLOCK_BUFSZ];
				clock_format(&x->now, now);
				failed[fi] = 1;
				PROBLEM("%s:%u: %s: '%s' is in the future (the import runs at %s); "
				    "a ticket records what has happened\n", x->file, row->line, col,
				    v, now);
				continue;
			}
			clock_format(&ct, buf);
			ticket_set(t, (enum field_id)fi, buf);
			continue;
		}
		if (f->type == FT_ID) {
			if (!ticket_id_valid(v) && fi == F_ID)
				PROBLEM("%s:%u: %s: '%s' is not a cstk ID like CS-20261122-0001; "
				    "map that column to 'ref' to keep it\n", x->file, row->line, col, v);
			else if (!ticket_id_valid(v))
				PROBLEM("%s:%u: %s: '%s' is not a cstk ID like CS-20261122-0001\n",
				    x->file, row->line, col, v);
			else
				ticket_set(t, (enum field_id)fi, v);
			continue;
		}
		if ((err = value_for_field(f, what, v, &canon)) != NULL) {
			const char *msg = strncmp(err->msg, what, strlen(what)) == 0 ?
			    err->msg + strlen(what) + 1 : err->msg;
			failed[fi] = 1;
			if (f->type == FT_ENUM)
				PROBLEM("%s:%u: %s: %s (or map it in a map file: values)\n",
				    x->file, row->line, col, msg);
			else
				PROBLEM("%s:%u: %s: %s\n", x->file, row->line, col, msg);
			continue;
		}
		ticket_set(t, (enum field_id)fi, canon);
		free(canon);
	}
	for (size_t k = 0; k < x->map->nset; k++) {
		const struct value_map *c = &x->map->set[k];
		char *canon = NULL;
		const struct error *err;

		if (ticket_str(t, c->field))
			continue;
		if ((err = value_for_field(&fields[c->field], fields[c->field].path, c->to,
		    &canon)) != NULL) {
			PROBLEM("%s:%u: set %s: %s\n", x->file, row->line, fields[c->field].path,
			    err->msg);
			continue;
		}
		ticket_set(t, c->field, canon);
		free(canon);
	}
	for (int k = 0; k < 3; k++) {
		static const enum field_id req[] = { F_CUST_NAME, F_CHANNEL, F_SUBJECT };
		if (ticket_str(t, req[k]) == NULL && !failed[req[k]])
			PROBLEM("%s:%u: %s: empty; every ticket needs a customer, a channel "
			    "and a subject\n", x->file, row->line, fields[req[k]].csv);
	}
	if (n)
		return n;

	/* What `open` would have set. */
	has_created = ticket_time(t, F_CREATED, &created) == 0;
	if (!has_created) {
		created = x->now;
		ticket_set_time(t, F_CREATED, &created);
		sb_adds(notes, "created was not given: set to the time of the import; ");
	}
	if (ticket_str(t, F_STATUS) == NULL)
		ticket_set(t, F_STATUS, ticket_str(t, F_CATEGORY) && ticket_str(t, F_PRIORITY)
		    ? "classified" : "intake");
	/* Archived, but not said when: at the last thing that happened to it,
	 * not at the import (a week's report would count a whole migrated
	 * store as archived that week, and reopen_days would never pass). */
	if (ticket_status(t) == ST_ARCHIVED && ticket_str(t, F_ARCHIVED) == NULL) {
		enum field_id at = F_CREATED;
		for (size_t k = 0; k < sizeof(happened) / sizeof(happened[0]); k++)
			if (ticket_time(t, happened[k], &a) == 0 && ticket_secs(t, at) < a.t)
				at = happened[k];
		ticket_set(t, F_ARCHIVED, ticket_str(t, at));
		sb_addf(notes, "archived was not given: set to %s (%s); ", fields[at].path,
		    ticket_str(t, at));
	}
	if (ticket_str(t, F_ROUNDS) == NULL)
		ticket_set_int(t, F_ROUNDS, 1);
	if (ticket_str(t, F_ESCALATIONS) == NULL)
		ticket_set_int(t, F_ESCALATIONS, 0);
	if (ticket_str(t, F_CATEGORY) && ticket_str(t, F_PRIORITY)) {
		char *resp = ticket_str(t, F_DUE_RESPONSE) ? xstrdup(ticket_str(t, F_DUE_RESPONSE)) : NULL;
		char *reso = ticket_str(t, F_DUE_RESOLUTION) ? xstrdup(ticket_str(t, F_DUE_RESOLUTION)) : NULL;
		lc_deadlines(t, x->policy, 0);
		if (resp)
			ticket_set(t, F_DUE_RESPONSE, resp);
		if (reso)
			ticket_set(t, F_DUE_RESOLUTION, reso);
		free(resp);
		free(reso);
	}
	if (ticket_str(t, F_CATEGORY) && ticket_str(t, F_TEAM) == NULL) {
		int cat = enum_lookup(vocab(V_CATEGORY), ticket_str(t, F_CATEGORY));
		ticket_set(t, F_TEAM, policy_team_of(x->policy, cat));
	}
	/* Facts that cannot all be true are kept, and said. */
	if (ticket_time(t, F_RESPONDED, &a) == 0 && ticket_time(t, F_RESOLVED, &b) == 0 &&
	    b.t < a.t)
		sb_addf(notes, "resolved (%s) is before responded (%s): kept as given; ",
		    ticket_str(t, F_RESOLVED), ticket_str(t, F_RESPONDED));
	for (size_t k = 1; k < sizeof(happened) / sizeof(happened[0]); k++)
		if (has_created && ticket_time(t, happened[k], &a) == 0 && a.t < created.t)
			sb_addf(notes, "%s (%s) is before created (%s): kept as given; ",
			    fields[happened[k]].path, ticket_str(t, happened[k]),
			    ticket_str(t, F_CREATED));
	/* What import writes must load back (a computed deadline past the
	 * year 9999, say): checked here, with the row's line, before anything
	 * is written (pass 1: pass 2 reads each ticket back as it is staged). */
	if (n == 0 && !x->checked) {
		const struct error *err = NULL;
		struct ticket copy = { ynode_dup(t->root), 0, 0, 0 };
		if (ticket_str(&copy, F_ID) == NULL)	/* given in pass 2 */
			ticket_set(&copy, F_ID, "CS-20000101-0001");
		ticket_validate(copy.root, "", NULL, NULL, &err);
		ticket_release(&copy);
		if (err) {
			const char *msg = strstr(err->msg, ": ");
			PROBLEM("%s:%u: %s; a ticket cstk could not read back\n", x->file,
			    row->line, msg ? msg + 2 : err->msg);
		}
	}
	return n;
}

struct hist_event {
	int64_t t;
	const char *at, *action, *from, *to, *sat;
};

static void
event(struct hist_event *ev, size_t *n, const struct ticket *t, enum field_id when,
    const char *action, const char *from, const char *to, const char *sat)
{
	struct ctime ct;

	if (ticket_time(t, when, &ct))
		return;
	ev[*n] = (struct hist_event){ ct.t, ticket_str(t, when), action, from, to, sat };
	(*n)++;
}

void
import_history(const struct import_ctx *x, struct ticket *t, unsigned line,
    const char *notes)
{
	enum status st = ticket_status(t);
	char *updated = ticket_str(t, F_UPDATED) ? xstrdup(ticket_str(t, F_UPDATED)) : NULL;
	struct hist_event ev[12];
	size_t n = 0;

	struct strbuf note = STRBUF_INIT;
	int revisited = ticket_str(t, F_REVISIT_DONE) != NULL;
	int followup = ticket_str(t, F_REVISIT_DUE) != NULL;

	/* The lifecycle its timestamps tell, so the past reads true. */
	event(ev, &n, t, F_CREATED, "open", NULL, "intake", NULL);
	if (st != ST_INTAKE && ticket_str(t, F_CATEGORY))
		event(ev, &n, t, F_CREATED, "classify", "intake", "classified", NULL);
	if (st >= ST_ASSIGNED && st != ST_ARCHIVED ? 1 : ticket_str(t, F_ASSIGNEE) != NULL)
		event(ev, &n, t, ticket_str(t, F_RESPONDED) ? F_RESPONDED : F_CREATED,
		    "assign", "classified", "assigned", NULL);
	if (ticket_str(t, F_RESPONDED))
		event(ev, &n, t, F_RESPONDED, "contact", NULL, NULL, NULL);
	if (st >= ST_RESOLVED || ticket_str(t, F_CONFIRMED))
		event(ev, &n, t, F_RESOLVED, "resolve", "assigned", "resolved", NULL);
	event(ev, &n, t, F_CONFIRMED, "confirm", "resolved",
	    followup ? "follow-up" : "archived", ticket_str(t, F_SATISFACTION));
	if (revisited)
		event(ev, &n, t, F_REVISIT_DONE, "revisit", "follow-up", "archived",
		    ticket_str(t, F_REVISIT_SATISFACTION));
	if (st == ST_ARCHIVED && !ticket_str(t, F_CONFIRMED))
		event(ev, &n, t, F_ARCHIVED, "archive", NULL, "archived", NULL);
	const char *last = NULL;

	for (size_t i = 0; i < n; i++) {
		struct event e = { x->by, { 0, 0 }, x->login };
		/* a classification names what it gave, as cstk's does */
		int classify = strcmp(ev[i].action, "classify") == 0;
		const char *extra[] = {
			"category", classify ? ticket_str(t, F_CATEGORY) : NULL,
			"priority", classify ? ticket_str(t, F_PRIORITY) : NULL,
			"module", classify ? ticket_str(t, F_MODULE) : NULL,
			"satisfaction", ev[i].sat, "outcome",
			ev[i].to && strcmp(ev[i].to, "archived") == 0 ? ticket_str(t, F_OUTCOME) : NULL,
			NULL };
		clock_parse(ev[i].at, &e.at);
		ticket_log(t, &e, ev[i].action, ev[i].from, ev[i].to, NULL, extra);
		if (ev[i].to)
			last = ev[i].to;
	}
	/* Whole, however long the path: a cut could split a UTF-8 character. */
	sb_addf(&note, "imported from %s line %u%s%s", x->file, line,
	    notes && *notes ? "; " : "", notes ? notes : "");
	if (note.len >= 2 && note.buf[note.len - 1] == ' ')
		note.buf[note.len -= 2] = '\0';
	/* If the timestamps do not reach the status the row has, the import is
	 * when it is known to have it. */
	ticket_log(t, &(struct event){ x->by, x->now, x->login }, "import", NULL,
	    last && strcmp(last, vocab_key(V_STATUS, st)) == 0 ? NULL : vocab_key(V_STATUS, st),
	    note.buf, NULL);
	sb_release(&note);
	if (updated)
		ticket_set(t, F_UPDATED, updated);
	free(updated);
}

void
problem_add(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(sb, gettext(fmt), ap);
	va_end(ap);
}
