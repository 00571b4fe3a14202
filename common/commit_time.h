/*
 * commit_time.h - the zone commit_graph's authored_at/committed_at were written in.
 * The columns are timestamp WITHOUT time zone: a pgGit server whose TimeZone is not
 * UTC stores its local wall-clock time there, while the commit text carries the unix
 * epoch. The diff reads the columns in the zone named by --commit-time-zone (default
 * UTC) and turns a wall-clock time into the UTC instants it can stand for
 * (docs/design.md, "Commit times written in another zone").
 */
#ifndef PGA_COMMIT_TIME_H
#define PGA_COMMIT_TIME_H

#include <stddef.h>

struct commit_zone {
	int named;        /* 0: a fixed offset (UTC is +00:00); 1: an IANA zone of the tz database */
	long offset;      /* fixed: seconds east of UTC (local = UTC + offset) */
	char spec[128];   /* as given, for messages and the diff's summary */
};

/*
 * Parse ZONE: "UTC", a UTC offset "+HH", "+HH:MM", "+HHMM" (or '-'; ISO sign: east of
 * UTC is positive, |offset| <= 15:59 as PostgreSQL allows), an IANA zone name whose
 * file exists in the tz database ($TZDIR, else /usr/share/zoneinfo), or else PostgreSQL's
 * POSIX spelling of a fixed offset as SHOW TimeZone prints it ("<+01>-01", "UTC+1":
 * POSIX sign, west of UTC positive, read as PostgreSQL reads it). Returns 0, or -1
 * with a message in err. A named zone is made the process's local zone (TZ, tzset()):
 * call it before any thread starts.
 */
int commit_zone_parse(const char *spec, struct commit_zone *z, char *err, size_t errlen);

/* Whether z is UTC (+00:00 or "UTC"): the columns are read as they are. */
int commit_zone_is_utc(const struct commit_zone *z);

/*
 * The UTC instants (unix seconds, ascending) whose wall-clock time in zone z is naive
 * (the wall-clock fields read as if UTC, timegm()): 1 for most times, 2 in the hour a
 * clock is set back (either instant may be the one), 0 for a time the clock skipped
 * (the hour it is set forward). Returns the count. Safe on several threads (its cache of
 * the zone's offsets is per thread) once the zone is set before they start.
 */
int commit_zone_to_utc(const struct commit_zone *z, long long naive, long long out[2]);

/*
 * Parse "YYYY-MM-DD[T ]HH:MM:SS[.ffffff]": the wall-clock fields as if UTC into *naive
 * (whole seconds), and *frac_at to where the fraction (or the end) begins. 0, or -1.
 */
int parse_wall_timestamp(const char *s, long long *naive, const char **frac_at);

/*
 * The text of s (as parse_wall_timestamp() takes it) moved to instant utc: the same
 * separator and fraction, the date and time of utc. Returns 0, or -1 when s does not
 * parse or the year is outside 1-9999.
 */
int format_moved_timestamp(const char *s, long long utc, char *out, size_t outlen);

#endif
