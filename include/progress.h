/*
 * progress.h — "cstk: indexing 45% (45000 of 100000)" on stderr, for work
 * that takes more than a second, and only when stderr is a terminal:
 * pipes and scripts see nothing.  Redrawn at most ten times a second.
 */
#ifndef CSTK_PROGRESS_H
#define CSTK_PROGRESS_H

#include <stddef.h>

struct progress {
	const char *what;
	size_t total, done;
	double start, last;
	int tty, shown;
};

void progress_start(struct progress *p, const char *what, size_t total);
void progress_tick(struct progress *p, size_t n);
void progress_end(struct progress *p);

#endif
