/* store-check.c — a batch's tickets read back on a second core; see store-fs.h. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store-fs.h"
#include "strbuf.h"
#include "workers.h"

#define SLOTS 64		/* tickets handed over and not yet checked, at most */
#define WAKE 16			/* a sleeping checker is woken for this many */

struct slot {
	struct strbuf bytes;
	char disp[64];
};

/*
 * A ring of slots: the batch's thread fills slot `put % SLOTS`, the
 * checker reads slot `done % SLOTS`.  A slot's buffer is only ever
 * allocated and grown by the batch's thread (it swaps its own buffer in),
 * so no memory crosses threads.
 */
struct store_check {
	pthread_mutex_t mu;
	pthread_cond_t filled, emptied;
	pthread_t th;
	struct slot slot[SLOTS];
	unsigned long put, done;
	int closing;
	int checker_waits, putter_waits;	/* who sleeps: whom to wake */
	int failed;		/* the first failure, in the order put: */
	struct error first;
};

static void *
checker(void *arg)
{
	struct store_check *c = arg;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		struct slot *s;
		const struct error *err;

		while (c->done == c->put && !c->closing) {
			c->checker_waits = 1;
			pthread_cond_wait(&c->filled, &c->mu);
			c->checker_waits = 0;
		}
		if (c->done == c->put)
			break;
		s = &c->slot[c->done % SLOTS];
		pthread_mutex_unlock(&c->mu);
		/* After a failure the rest are not read: the batch is refused. */
		err = c->failed ? NULL : store_read_back(s->bytes.buf, s->bytes.len, s->disp);
		pthread_mutex_lock(&c->mu);
		if (err && !c->failed) {
			c->first = *err;
			c->failed = 1;
		}
		c->done++;
		if (c->putter_waits)
			pthread_cond_signal(&c->emptied);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

struct store_check *
store_check_start(void)
{
	struct store_check *c;
	int okm, okf, oke;

	if (workers_count() < 2)
		return NULL;
	c = xcalloc(1, sizeof(*c));	/* every slot's buffer: STRBUF_INIT */
	okm = pthread_mutex_init(&c->mu, NULL) == 0;
	okf = okm && pthread_cond_init(&c->filled, NULL) == 0;
	oke = okf && pthread_cond_init(&c->emptied, NULL) == 0;
	if (oke && pthread_create(&c->th, NULL, checker, c) == 0)
		return c;
	/* No second thread: each ticket is checked where it is put. */
	if (oke)
		pthread_cond_destroy(&c->emptied);
	if (okf)
		pthread_cond_destroy(&c->filled);
	if (okm)
		pthread_mutex_destroy(&c->mu);
	free(c);
	return NULL;
}

static const struct error *
failure(const struct store_check *c)
{
	return error_new(c->first.code, "%s", c->first.msg);
}

const struct error *
store_check_put(struct store_check *c, struct strbuf *out, const char *disp)
{
	struct slot *s;
	struct strbuf spare;
	const struct error *err = NULL;

	if (c == NULL)
		return store_read_back(out->buf, out->len, disp);
	pthread_mutex_lock(&c->mu);
	while (c->put - c->done == SLOTS && !c->failed) {
		c->putter_waits = 1;
		pthread_cond_wait(&c->emptied, &c->mu);
		c->putter_waits = 0;
	}
	if (c->failed) {
		err = failure(c);
	} else {
		s = &c->slot[c->put % SLOTS];
		spare = s->bytes;
		s->bytes = *out;
		*out = spare;
		sb_reset(out);
		snprintf(s->disp, sizeof(s->disp), "%s", disp);
		c->put++;
		/* Woken for a few at a time, not for each (a futex call each). */
		if (c->checker_waits && c->put - c->done >= WAKE)
			pthread_cond_signal(&c->filled);
	}
	pthread_mutex_unlock(&c->mu);
	return err;
}

const struct error *
store_check_finish(struct store_check *c)
{
	const struct error *err = NULL;

	if (c == NULL)
		return NULL;
	pthread_mutex_lock(&c->mu);
	c->closing = 1;
	pthread_cond_signal(&c->filled);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->th, NULL);
	if (c->failed)
		err = failure(c);
	for (size_t i = 0; i < SLOTS; i++)
		sb_release(&c->slot[i].bytes);
	pthread_cond_destroy(&c->filled);
	pthread_cond_destroy(&c->emptied);
	pthread_mutex_destroy(&c->mu);
	free(c);
	return err;
}
