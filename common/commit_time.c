/*
 * commit_time.c - reading commit_graph's timestamp-without-time-zone values in the zone
 * they were written in (commit_time.h). A named zone goes through the C library's tz
 * database (TZ set once, before any thread, then localtime_r()): a wall-clock time is
 * turned into every instant whose local time it is, so the hour a clock is set back
 * yields two candidates and the hour it skips none, rather than mktime()'s one guess.
 */
#include "commit_time.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int commit_zone_is_utc(const struct commit_zone *z)
{
	return !z->named && z->offset == 0;
}

/* "+HH", "+HH:MM", "+HHMM" or with '-': seconds east of UTC, or -1 when s is not one */
static int parse_offset(const char *s, long *offset)
{
	if (s[0] != '+' && s[0] != '-')
		return -1;
	const char *p = s + 1;
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
		return -1;
	int h = (p[0] - '0') * 10 + (p[1] - '0'), m = 0;
	p += 2;
	if (*p == ':')
		p++;
	if (*p) {
		if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) || p[2])
			return -1;
		m = (p[0] - '0') * 10 + (p[1] - '0');
		if (p[-1] != ':' && p - s != 3)
			return -1;
	} else if (p[-1] == ':') {
		return -1;
	}
	if (h > 15 || m > 59)
		return -1;
	*offset = (s[0] == '-' ? -1L : 1L) * (h * 3600L + m * 60L);
	return 0;
}

/*
 * PostgreSQL's POSIX spelling of a fixed offset, as SHOW TimeZone prints it after SET TIME
 * ZONE 1 or INTERVAL '+01:00' ("<+01>-01") or as an operator may have set it ("UTC+1",
 * "GMT-3", "EST5"): an abbreviation, quoted in <> or of three or more letters, then an
 * offset WEST of UTC positive (POSIX), without a daylight-saving rule. Seconds east of UTC
 * into *offset, or -1 when s is not one. A tz database file of the same name wins (the
 * caller looks there first), as in PostgreSQL.
 */
static int parse_posix_offset(const char *s, long *offset)
{
	const char *p = s;
	if (*p == '<') {
		p = strchr(p, '>');
		if (!p || p == s + 1)
			return -1;
		for (const char *q = s + 1; q < p; q++)
			if (!isalnum((unsigned char)*q) && *q != '+' && *q != '-')
				return -1;
		p++;
	} else {
		while (isalpha((unsigned char)*p))
			p++;
		if (p - s < 3)
			return -1;
	}
	char sign = '+';
	if (*p == '+' || *p == '-')
		sign = *p++;
	/* POSIX allows one digit of hours: "UTC+1" */
	char iso[16];
	if (isdigit((unsigned char)p[0]) && !isdigit((unsigned char)p[1])) {
		if (snprintf(iso, sizeof(iso), "%c0%s", sign == '+' ? '-' : '+', p) >= (int)sizeof(iso))
			return -1;
	} else if (snprintf(iso, sizeof(iso), "%c%s", sign == '+' ? '-' : '+', p) >= (int)sizeof(iso)) {
		return -1;
	}
	return parse_offset(iso, offset);
}

/* A name the tz database could hold: letters, digits, '_', '+', '-', '/' between parts,
   no empty, "." or ".." part (it is a path below the database's directory) */
static int plausible_zone_name(const char *s)
{
	if (!*s || *s == '/' || strlen(s) > 100)
		return 0;
	for (const char *part = s; *part;) {
		size_t n = strcspn(part, "/");
		if (n == 0 || (part[0] == '.' && (n == 1 || (n == 2 && part[1] == '.'))))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!isalnum((unsigned char)part[i]) && !strchr("_+-.", part[i]))
				return 0;
		part += n;
		if (*part == '/' && !*++part)
			return 0;
	}
	return 1;
}

int commit_zone_parse(const char *spec, struct commit_zone *z, char *err, size_t errlen)
{
	memset(z, 0, sizeof(*z));
	if (strlen(spec) >= sizeof(z->spec)) {
		snprintf(err, errlen, "time zone name too long");
		return -1;
	}
	strcpy(z->spec, spec);
	if (strcmp(spec, "UTC") == 0)
		return 0;
	if (spec[0] == '+' || spec[0] == '-') {
		if (parse_offset(spec, &z->offset) < 0) {
			snprintf(err, errlen, "'%s' is not a UTC offset (+HH, +HH:MM or +HHMM, at most 15:59, east of UTC positive)",
				 spec);
			return -1;
		}
		return 0;
	}
	const char *dir = getenv("TZDIR");
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	char path[4096], magic[4];
	FILE *f = NULL;
	if (plausible_zone_name(spec) && (size_t)snprintf(path, sizeof(path), "%s/%s", dir, spec) < sizeof(path))
		f = fopen(path, "rb");
	int is_tzif = f && fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	if (f)
		fclose(f);
	if (!is_tzif) {
		if (parse_posix_offset(spec, &z->offset) == 0)
			return 0;
		snprintf(err, errlen,
			 "unknown time zone '%s': give an IANA zone name of the tz database (e.g. Europe/Berlin), "
			 "UTC, a UTC offset such as +01:00 (east of UTC positive) or PostgreSQL's POSIX spelling "
			 "such as <+01>-01 (west of UTC positive)",
			 spec);
		return -1;
	}
	/* ':' makes the C library read the zone's file, never parse the name as a POSIX rule */
	char tz[sizeof(z->spec) + 1];
	snprintf(tz, sizeof(tz), ":%s", spec);
	if (setenv("TZ", tz, 1) != 0) {
		snprintf(err, errlen, "cannot set TZ");
		return -1;
	}
	tzset();
	z->named = 1;
	return 0;
}

static int gmtoff_at(long long t, long *off)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		return -1;
	*off = tm.tm_gmtoff;
	return 0;
}

/*
 * The offsets a zone is at within +-30 h of a 3-hour bucket, probed every 3 hours (no
 * zone has kept an offset for less; every offset is within 26 h): the offsets a wall-clock
 * time of the bucket can be at. One bucket is kept per thread (commit times come in runs),
 * so callers on several threads need no lock.
 */
#define BUCKET 10800LL
#define MAX_OFFSETS 21
static _Thread_local long long cached_bucket = -1;
static _Thread_local int cache_valid;
static _Thread_local long cached_offsets[MAX_OFFSETS];
static _Thread_local int n_cached_offsets;

static void offsets_near(long long naive)
{
	long long bucket = naive >= 0 ? naive / BUCKET : -((-naive + BUCKET - 1) / BUCKET);
	if (cache_valid && bucket == cached_bucket)
		return;
	n_cached_offsets = 0;
	for (int k = -10; k <= 10; k++) {
		long off;
		if (gmtoff_at(bucket * BUCKET + k * BUCKET, &off) < 0)
			continue;
		int seen = 0;
		for (int i = 0; i < n_cached_offsets && !seen; i++)
			seen = cached_offsets[i] == off;
		if (!seen)
			cached_offsets[n_cached_offsets++] = off;
	}
	cached_bucket = bucket;
	cache_valid = 1;
}

int commit_zone_to_utc(const struct commit_zone *z, long long naive, long long out[2])
{
	if (!z->named) {
		out[0] = naive - z->offset;
		return 1;
	}
	offsets_near(naive);
	int n = 0;
	for (int i = 0; i < n_cached_offsets; i++) {
		long long t = naive - cached_offsets[i];
		long off;
		/* t is a candidate when the zone is at that offset at t */
		if (gmtoff_at(t, &off) < 0 || off != cached_offsets[i])
			continue;
		if (n == 1 && out[0] == t)
			continue;
		if (n < 2)
			out[n++] = t;
	}
	if (n == 2 && out[0] > out[1]) {
		long long x = out[0];
		out[0] = out[1];
		out[1] = x;
	}
	return n;
}

int parse_wall_timestamp(const char *s, long long *naive, const char **frac_at)
{
	int y, mo, d, h, mi, sec, used = 0;
	/* 19 characters: the separator is at s[10] (format_moved_timestamp() keeps it) */
	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6 || used != 19)
		return -1;
	const char *rest = s + used;
	if (*rest == '.') {
		const char *p = rest + 1;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p)
			return -1;
	} else if (*rest) {
		return -1;
	}
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*naive = (long long)timegm(&tm);
	*frac_at = rest;
	return 0;
}

int format_moved_timestamp(const char *s, long long utc, char *out, size_t outlen)
{
	long long naive;
	const char *frac;
	if (parse_wall_timestamp(s, &naive, &frac) < 0)
		return -1;
	time_t tt = (time_t)utc;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
		return -1;
	int n = snprintf(out, outlen, "%04d-%02d-%02d%c%02d:%02d:%02d%s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 s[10], tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}
