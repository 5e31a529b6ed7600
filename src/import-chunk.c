/* import-chunk.c — rows or lines made tickets on every core; see import.h. */
#include <stdlib.h>

#include "import.h"
#include "index.h"
#include "progress.h"
#include "store.h"
#include "workers.h"

#define EACH 16

void
import_chunk_init(struct import_chunk *c, const struct import_ctx *x, const char *file)
{
	c->x = x;
	c->file = file;
	c->item = xcalloc(IMPORT_CHUNK, sizeof(*c->item));
	c->n = 0;
}

struct make {
	struct import_chunk *c;
	int history;
};

static void
make_range(void *arg, size_t lo, size_t hi)
{
	const struct make *m = arg;
	const struct import_chunk *c = m->c;

	for (size_t i = lo; i < hi; i++) {
		struct import_item *it = &c->item[i];
		if (c->x == NULL) {
			it->nproblems = import_json_line(it->line.buf, it->line.len, c->file,
			    it->lineno, &it->t, &it->problems);
			continue;
		}
		it->nproblems = import_row(c->x, &it->row, &it->t, &it->problems, &it->notes);
		if (m->history)
			import_history(c->x, &it->t, it->row.line,
			    it->notes.len ? it->notes.buf : NULL);
	}
}

void
import_chunk_make(struct import_chunk *c, int history)
{
	struct make m = { c, history };

	workers_run(c->n, EACH, make_range, &m);
}

static void
emit_range(void *arg, size_t lo, size_t hi)
{
	struct import_item *item = arg;

	for (size_t i = lo; i < hi; i++) {
		const struct error *err = store_batch_emit(&item[i].t, &item[i].out);
		if (err) {
			item[i].err = *err;
			item[i].failed = 1;
		}
	}
}

const struct error *
import_chunk_put(struct import_chunk *c, struct store_batch *b, struct ix_known *known,
    struct strbuf *ids, struct progress *progress)
{
	const struct error *err;

	workers_run(c->n, EACH, emit_range, c->item);
	for (size_t i = 0; i < c->n; i++) {
		struct import_item *it = &c->item[i];
		if (it->failed)
			return error_new(it->err.code, "%s", it->err.msg);
		if ((err = store_batch_put(b, &it->t, &it->out)) != NULL ||
		    (err = index_known_add(known, &it->t, b->last_dir, &b->last)) != NULL)
			return err;
		sb_addf(ids, "%s\n", ticket_str(&it->t, F_ID));
		progress_tick(progress, 1);
	}
	return NULL;
}

static void
reset_range(void *arg, size_t lo, size_t hi)
{
	struct import_item *item = arg;

	for (size_t i = lo; i < hi; i++) {
		ticket_release(&item[i].t);
		csvio_row_release(&item[i].row);
		sb_reset(&item[i].line);
		sb_reset(&item[i].problems);
		sb_reset(&item[i].notes);
		sb_reset(&item[i].out);
		item[i].nproblems = 0;
		item[i].failed = 0;
	}
}

/*
 * Freed on the same ranges as they were made, so by a thread that malloc
 * gives the same arena: freeing across arenas cost a third of what the
 * second core gained.
 */
void
import_chunk_reset(struct import_chunk *c)
{
	workers_run(c->n, EACH, reset_range, c->item);
	c->n = 0;
}

void
import_chunk_release(struct import_chunk *c)
{
	if (c->item == NULL)
		return;
	import_chunk_reset(c);
	for (size_t i = 0; i < IMPORT_CHUNK; i++) {
		sb_release(&c->item[i].line);
		sb_release(&c->item[i].problems);
		sb_release(&c->item[i].notes);
		sb_release(&c->item[i].out);
	}
	free(c->item);
	c->item = NULL;
}
