/*
 * import-json.c — a line of `export --all --reveal --format json` back to
 * the ticket it was: the JSON object mirrors the file (json.c), and JSON
 * is YAML's flow style, so the YAML loader reads it and the ticket keeps
 * every key — history, outcome, links, notes, plans, keys cstk does not
 * know — as it was.  See import.h.
 */
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "strbuf.h"
#include "ticket.h"
#include "yaml-load.h"

struct sink {
	struct strbuf *problems;
	size_t n;
};

static void
collect(void *ctx, const char *msg)
{
	struct sink *s = ctx;

	sb_addf(s->problems, "%s\n", msg);
	s->n++;
}

/*
 * JSON writes every string quoted and every object in braces; the file had
 * neither.  Forget how the line was written: the store writes the ticket
 * as it writes every ticket (ticket_normalize), which is how it was.  A
 * JSON number or literal (json.c) was a plain value: it stays plain.
 */
static void
forget_style(struct ynode *n)
{
	if (n->style != YSTYLE_PLAIN)
		n->style = YSTYLE_AUTO;
	n->flow = 0;
	for (size_t i = 0; n->kind != YNODE_SCALAR && i < n->nr; i++)
		forget_style(n->items[i].val);
}

/* Facts after the import: the fields that say when something happened,
 * and each history entry's time, the first of each found. */
static void
future_facts(const struct ticket *t, const struct ctime *now, const char *disp,
    struct sink *s)
{
	const struct ynode *h = ynode_get(t->root, "history");
	char buf[CLOCK_BUFSZ];
	struct ctime ct;

	clock_format(now, buf);
	for (int f = 0; f < F_COUNT; f++)
		if (import_happened(f) && ticket_time(t, (enum field_id)f, &ct) == 0 &&
		    ct.t > now->t + CLOCK_AHEAD) {
			problem_add(s->problems, "%s: %s '%s' is in the future (the import "
			    "runs at %s); a ticket records what has happened\n", disp,
			    fields[f].path, ticket_str(t, (enum field_id)f), buf);
			s->n++;
		}
	for (size_t i = 0; h && h->kind == YNODE_SEQ && i < h->nr; i++) {
		const char *at = ynode_get_str(h->items[i].val, "at");
		if (at && clock_parse(at, &ct) == 0 && ct.t > now->t + CLOCK_AHEAD) {
			problem_add(s->problems, "%s: history entry %zu is at '%s', in the "
			    "future (the import runs at %s); a ticket records what has "
			    "happened\n", disp, i + 1, at, buf);
			s->n++;
			break;
		}
	}
}

size_t
import_json_line(const char *line, size_t len, const char *file, unsigned lineno,
    const struct ctime *now, struct ticket *t, struct strbuf *problems)
{
	struct sink s = { problems, 0 };
	const struct error *err;
	char *disp = xasprintf("%s:%u", file, lineno);

	t->root = NULL;
	/* (the loader refuses a line that is not one mapping) */
	if ((err = yaml_load_buf(line, len, disp, &t->root)) != NULL) {
		collect(&s, err->msg);
		goto done;
	}
	forget_style(t->root);
	ticket_validate(t->root, disp, collect, &s, NULL);
	if (s.n == 0)
		future_facts(t, now, disp, &s);
	/* Masked values would replace the customer's data for good. */
	for (int f = 0; f < F_COUNT; f++) {
		const char *v = (fields[f].flags & FF_PERSONAL) ? ticket_str(t, (enum field_id)f) :
		    NULL;
		if (v && strstr(v, "**")) {
			problem_add(problems, "%s: %s '%s' is masked; move a store with 'cstk "
			    "export --all --reveal --format json'\n", disp, fields[f].path, v);
			s.n++;
			break;
		}
	}
done:
	if (s.n) {
		ynode_free(t->root);
		t->root = NULL;
	}
	free(disp);
	return s.n;
}
