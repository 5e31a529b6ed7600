/*
 * clock.h — instants with their UTC offset, RFC 3339, ISO weeks.
 *
 * A `struct ctime` is an instant (seconds since the epoch) plus the offset
 * it is written in.  A time keeps the offset it was given with: deadlines
 * computed from `created` are written in created's offset, and "now" is
 * $CSTK_NOW exactly as given, else the system clock in the local zone.
 */
#ifndef CSTK_CLOCK_H
#define CSTK_CLOCK_H

#include <stdint.h>

#include "error.h"

struct ctime {
	int64_t t;	/* seconds since 1970-01-01T00:00:00Z */
	int off;	/* seconds east of UTC */
};

#define CLOCK_BUFSZ 32
/* How far a time given as past (--at, an imported event) may be ahead of
 * now: the clocks of two machines differ by that much. */
#define CLOCK_AHEAD 300

/* Strict RFC 3339: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM).  0, -1,
 * or CLOCK_EARLY: a real instant before 1970-01-01T00:00:00Z, where
 * cstk's times begin, in whatever offset (a "no date" of another tool, as
 * 1900-01-01, is the usual one); then only out->off is set, the offset it
 * was written in. */
#define CLOCK_EARLY (-2)
int clock_parse(const char *s, struct ctime *out);
/*
 * What a person types: RFC 3339, or "YYYY-MM-DD[ HH:MM[:SS]]" / with 'T',
 * read in the offset of `now`.  0, -1 or CLOCK_EARLY (out->off as above).
 */
int clock_parse_user(const char *s, const struct ctime *now, struct ctime *out);
/* clock_parse_user of what a person gave as `what` (an option), or the
 * error that says why it is not a time cstk can take. */
const struct error *clock_arg(const char *what, const char *s, const struct ctime *now,
    struct ctime *out);
/* The same for strict RFC 3339 (clock_parse): $CSTK_NOW, a field's value. */
const struct error *clock_arg_rfc3339(const char *what, const char *s, struct ctime *out);
/* "now": $CSTK_NOW if set (must be RFC 3339), else the system clock. */
const struct error *clock_now(struct ctime *out);

void clock_format(const struct ctime *ct, char buf[CLOCK_BUFSZ]);
void clock_format_date(const struct ctime *ct, char buf[CLOCK_BUFSZ]); /* 2026-11-22 */
/* Short form for tables: "11-22 09:15". */
void clock_format_short(const struct ctime *ct, char buf[CLOCK_BUFSZ]);

/* Days since 1970-01-01 of a civil date, and back. */
int64_t clock_days_from_civil(int y, int m, int d);
void clock_civil_from_days(int64_t days, int *y, int *m, int *d);
/* The local calendar day of `ct` (in its own offset), as a day number. */
int64_t clock_local_day(const struct ctime *ct);
/* ISO 8601 week of a day number; Monday of an ISO week. */
void clock_iso_week(int64_t day, int *year, int *week);
int64_t clock_iso_week_monday(int year, int week);
/* A valid calendar date?  (for the date inside a ticket ID) */
int clock_valid_date(int y, int m, int d);

#endif
