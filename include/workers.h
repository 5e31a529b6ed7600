/*
 * workers.h — one loop run on every core.
 *
 * workers_run(n, min_each, fn, ctx) calls fn(ctx, lo, hi) on ranges that
 * together cover [0, n) once each, one range a worker, and returns when
 * all are done.  No range is given fewer than min_each items, so small
 * loops stay on one thread.  The calling thread runs the first range; a
 * range whose thread cannot be started runs on the caller too.  A loop
 * fn runs (workers_run within a range) stays on that range's thread: the
 * cores are busy with the other ranges.  fn may
 * write only what belongs to its range and read what nothing writes.
 * An error a worker makes lives in that thread's ring (error.h): fn
 * copies its text before it returns.
 */
#ifndef CSTK_WORKERS_H
#define CSTK_WORKERS_H

#include <stddef.h>

/* How many threads work at once: the cores online, or $CSTK_THREADS (1–16). */
long workers_count(void);

typedef void (*workers_fn)(void *ctx, size_t lo, size_t hi);
void workers_run(size_t n, size_t min_each, workers_fn fn, void *ctx);

#endif
