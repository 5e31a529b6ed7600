/* workers.c — one loop run on every core; see workers.h. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "workers.h"

#define MAX_WORKERS 16

long
workers_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	const char *env = getenv("CSTK_THREADS");

	if (env && *env)
		n = atol(env);
	return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : n;
}

struct range {
	workers_fn fn;
	void *ctx;
	size_t lo, hi;
	pthread_t th;
	int started;
};

/* Set on a worker's thread: a loop it runs stays on it (the cores are
 * busy with its siblings). */
static _Thread_local int in_worker;

static void *
run_range(void *arg)
{
	struct range *r = arg;

	in_worker = 1;
	r->fn(r->ctx, r->lo, r->hi);
	return NULL;
}

void
workers_run(size_t n, size_t min_each, workers_fn fn, void *ctx)
{
	struct range r[MAX_WORKERS];
	size_t nw = (size_t)workers_count();

	if (min_each < 1)
		min_each = 1;
	if (nw > n / min_each)
		nw = n / min_each;
	if (in_worker)
		nw = 1;
	if (nw <= 1) {
		if (n)
			fn(ctx, 0, n);
		return;
	}
	for (size_t k = 0; k < nw; k++) {
		r[k] = (struct range){ fn, ctx, n * k / nw, n * (k + 1) / nw, 0, 0 };
		if (k > 0)
			r[k].started = pthread_create(&r[k].th, NULL, run_range, &r[k]) == 0;
	}
	run_range(&r[0]);
	for (size_t k = 1; k < nw; k++) {
		if (r[k].started)
			pthread_join(r[k].th, NULL);
		else
			run_range(&r[k]);
	}
	in_worker = 0;
}
