/*
 * calendar.h — durations and the team's working time (SPEC §9).
 *
 * A duration is "15m", "4h", "3d" (wall-clock time) or "8bh", "2bd"
 * (working time from the calendar).  A bare number is hours, as the first
 * cstk.yaml wrote them.  The calendar is the team's working hours per
 * weekday (a day may have a break: "09:00-12:00,13:30-18:00"), holidays
 * (days off, single days or "A..B" ranges) and make-up workdays (调休:
 * days worked with Monday's hours).  Times are read in the offset of the
 * start: the team works in the offset its tickets are written in.
 *
 *   Nbh  N hours of working time, counted from the start, or from the next
 *        opening when the start is outside working time;
 *   Nbd  the same point of the working day, N working days later (opened
 *        Friday 17:30, 1bd: the next working day at 17:30), kept within
 *        that day's hours (where it closes earlier, at its close); a start
 *        outside working time counts from the next opening.
 */
#ifndef CSTK_CALENDAR_H
#define CSTK_CALENDAR_H

#include <stdint.h>

#include "clock.h"
#include "error.h"

enum dur_unit { DUR_MIN, DUR_HOUR, DUR_DAY, DUR_BHOUR, DUR_BDAY };

struct duration {
	int64_t n;
	enum dur_unit unit;
};

/* "15m", "4h", "3d", "8bh", "2bd", or a bare number of hours.  0 or -1. */
int duration_parse(const char *s, struct duration *d);
/* The same written back ("15m", "2bd"). */
void duration_format(const struct duration *d, char buf[32]);

#define CAL_SPANS 4	/* working spans a day may have */

struct cal_day {
	int n;				/* spans; 0: closed */
	int open[CAL_SPANS], close[CAL_SPANS];	/* minutes after midnight */
};

struct calendar {
	struct cal_day week[7];		/* 0 Monday … 6 Sunday */
	int64_t *holidays, *workdays;	/* day numbers, sorted */
	size_t nholidays, nworkdays;
};

/* Mon–Fri 09:00–18:00, no holidays: what bh and bd count without one. */
void calendar_default(struct calendar *c);
void calendar_release(struct calendar *c);
/* "09:00-12:00,13:30-18:00" (or "" / "closed") into a day.  0 or -1. */
int calendar_parse_day(const char *s, struct cal_day *d);
/* "2026-10-01" or "2026-10-01..2026-10-07": add to holidays or workdays. */
int calendar_add_days(struct calendar *c, const char *s, int workday);
/* Finish after adding days: sort, and say whether a day is both (-1). */
int calendar_finish(struct calendar *c, int64_t *both);

/* The hours of a calendar day (day number); NULL when it is not worked. */
const struct cal_day *calendar_day(const struct calendar *c, int64_t day);

/*
 * `from` plus `d`, in `from`'s offset.  *skipped gets the seconds of
 * non-working time passed over (0 for wall-clock units), for `cstk why`.
 * -1 when no working time is found within ten years.
 */
int calendar_add(const struct calendar *c, const struct ctime *from,
    const struct duration *d, struct ctime *out, int64_t *skipped);

/* What lies between two instants that is not working time: whole
 * holidays, whole closed days (weekends), and the rest (nights, breaks,
 * the edges of days), for `cstk why`. */
struct cal_skip {
	int holidays, closed_days;
	int64_t first_holiday, last_holiday;	/* day numbers */
	int64_t other;				/* seconds */
};
void calendar_skipped(const struct calendar *c, const struct ctime *from,
    const struct ctime *to, int64_t skipped, struct cal_skip *out);

#endif
