/*
 * test-workers.c — workers_run covers [0, n) once each, in ranges no
 * smaller than asked, on as many threads as CSTK_THREADS allows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "workers.h"

#define MAXN 5000

struct seen {
	atomic_int count[MAXN];
	atomic_int calls;
	atomic_int bad;		/* a range out of bounds: asserted on the test's thread */
	atomic_size_t smallest;
};

static void
mark(void *arg, size_t lo, size_t hi)
{
	struct seen *s = arg;
	size_t was = atomic_load(&s->smallest);

	/* cmocka's asserts jump to the test's thread: none here. */
	if (lo >= hi || hi > MAXN) {
		atomic_store(&s->bad, 1);
		return;
	}
	for (size_t i = lo; i < hi; i++)
		atomic_fetch_add(&s->count[i], 1);
	atomic_fetch_add(&s->calls, 1);
	while (hi - lo < was && !atomic_compare_exchange_weak(&s->smallest, &was, hi - lo))
		;
}

static struct seen *
run(size_t n, size_t min_each)
{
	struct seen *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	atomic_init(&s->smallest, SIZE_MAX);
	workers_run(n, min_each, mark, s);
	assert_int_equal(atomic_load(&s->bad), 0);
	for (size_t i = 0; i < MAXN; i++)
		assert_int_equal(atomic_load(&s->count[i]), i < n ? 1 : 0);
	return s;
}

static void
every_item_once(void **state)
{
	static const size_t ns[] = { 1, 2, 3, 7, 64, 1023, 1024, 2047, 2048, 4999 };

	(void)state;
	setenv("CSTK_THREADS", "4", 1);
	for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
		free(run(ns[k], 1));
		free(run(ns[k], 16));
		free(run(ns[k], 1024));
	}
	unsetenv("CSTK_THREADS");
}

static void
nothing_to_do_calls_nothing(void **state)
{
	struct seen *s;

	(void)state;
	s = run(0, 1);
	assert_int_equal(atomic_load(&s->calls), 0);
	free(s);
}

static void
ranges_are_no_smaller_than_asked(void **state)
{
	struct seen *s;

	(void)state;
	setenv("CSTK_THREADS", "4", 1);
	s = run(2047, 1024);	/* one worker: 2047 / 1024 < 2 */
	assert_int_equal(atomic_load(&s->calls), 1);
	free(s);
	s = run(2048, 1024);	/* two */
	assert_int_equal(atomic_load(&s->calls), 2);
	assert_true(atomic_load(&s->smallest) >= 1024);
	free(s);
	s = run(4999, 16);	/* all four */
	assert_int_equal(atomic_load(&s->calls), 4);
	assert_true(atomic_load(&s->smallest) >= 16);
	free(s);
	unsetenv("CSTK_THREADS");
}

static void
threads_follow_the_environment(void **state)
{
	struct seen *s;

	(void)state;
	setenv("CSTK_THREADS", "1", 1);
	assert_int_equal(workers_count(), 1);
	s = run(4999, 1);
	assert_int_equal(atomic_load(&s->calls), 1);
	free(s);
	setenv("CSTK_THREADS", "99", 1);
	assert_int_equal(workers_count(), 16);
	setenv("CSTK_THREADS", "0", 1);
	assert_int_equal(workers_count(), 1);
	unsetenv("CSTK_THREADS");
	assert_true(workers_count() >= 1);
}

/* A loop run inside a range stays on that range's thread: each outer
 * range's inner loop is one call, and every inner item is still seen
 * once; the next loop outside a range uses the threads again. */
struct nest {
	struct seen *inner[4];
	atomic_int bad;
};

static void
outer(void *arg, size_t lo, size_t hi)
{
	struct nest *n = arg;

	if (hi > 4) {
		atomic_store(&n->bad, 1);
		return;
	}
	for (size_t i = lo; i < hi; i++)
		workers_run(1000, 1, mark, n->inner[i]);
}

static void
a_loop_in_a_range_stays_on_its_thread(void **state)
{
	struct nest n;
	struct seen *s;

	(void)state;
	setenv("CSTK_THREADS", "4", 1);
	memset(&n, 0, sizeof(n));
	for (int i = 0; i < 4; i++) {
		n.inner[i] = calloc(1, sizeof(*n.inner[i]));
		assert_non_null(n.inner[i]);
	}
	workers_run(4, 1, outer, &n);
	assert_int_equal(atomic_load(&n.bad), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(atomic_load(&n.inner[i]->calls), 1);
		for (size_t k = 0; k < MAXN; k++)
			assert_int_equal(atomic_load(&n.inner[i]->count[k]), k < 1000 ? 1 : 0);
		free(n.inner[i]);
	}
	s = run(4999, 16);	/* the caller's thread left its range */
	assert_int_equal(atomic_load(&s->calls), 4);
	free(s);
	unsetenv("CSTK_THREADS");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_item_once),
		cmocka_unit_test(nothing_to_do_calls_nothing),
		cmocka_unit_test(ranges_are_no_smaller_than_asked),
		cmocka_unit_test(threads_follow_the_environment),
		cmocka_unit_test(a_loop_in_a_range_stays_on_its_thread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
