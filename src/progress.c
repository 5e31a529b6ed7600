/* progress.c — progress on a terminal; see progress.h. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_start(struct progress *p, const char *what, size_t total)
{
	p->what = what;
	p->total = total;
	p->done = 0;
	p->start = p->last = seconds();
	p->tty = isatty(STDERR_FILENO);
	p->shown = 0;
}

void
progress_tick(struct progress *p, size_t n)
{
	double now;

	p->done += n;
	if (!p->tty || (p->done & 255) != 0)
		return;
	now = seconds();
	if (now - p->start < 1.0 || now - p->last < 0.1)
		return;
	p->last = now;
	p->shown = 1;
	if (p->total)
		fprintf(stderr, "\rcstk: %s %3zu%% (%zu of %zu)", p->what,
		    p->done * 100 / p->total, p->done, p->total);
	else
		fprintf(stderr, "\rcstk: %s %zu", p->what, p->done);
}

void
progress_end(struct progress *p)
{
	if (p->shown)
		fprintf(stderr, "\rcstk: %s done (%zu) in %.1f s\033[K\n", p->what, p->done,
		    seconds() - p->start);
}
