/* test_commit_time.c - commit_graph times read in the zone they were written in: fixed
 * offsets, Europe/Berlin across both of its DST changes (the skipped hour has no instant,
 * the repeated hour two), zone validation, and the UTC text written back. */
#include <string.h>
#include <time.h>

#include "commit_time.h"
#include "unit.h"

static long long wall(const char *s)
{
	long long naive;
	const char *frac;
	CU_ASSERT_EQUAL_FATAL(parse_wall_timestamp(s, &naive, &frac), 0);
	return naive;
}

static void test_fixed_offsets(void)
{
	struct commit_zone z;
	char err[256];
	long long out[2];
	CU_ASSERT_EQUAL(commit_zone_parse("UTC", &z, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(commit_zone_is_utc(&z));
	CU_ASSERT_EQUAL(commit_zone_parse("+05:30", &z, err, sizeof(err)), 0);
	CU_ASSERT_FALSE(commit_zone_is_utc(&z));
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-01-01 05:30:00"), out), 1);
	CU_ASSERT_EQUAL(out[0], 1798761600LL); /* 2027-01-01 00:00 UTC */
	CU_ASSERT_EQUAL(commit_zone_parse("-0800", &z, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(z.offset, -8 * 3600);
	CU_ASSERT_EQUAL(commit_zone_parse("+01", &z, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(z.offset, 3600);
	/* PostgreSQL's POSIX spellings, west of UTC positive: SHOW TimeZone after SET TIME ZONE 1 */
	static const struct {
		const char *spec;
		long east;
	} posix[] = { { "<+01>-01", 3600 },   { "<-03>+03", -3 * 3600 },   { "<+0530>-05:30", 19800 },
		      { "UTC+1", -3600 },     { "GMT-3", 3 * 3600 },       { "EST5", -5 * 3600 },
		      { "UTC-05:30", 19800 }, { "<+1245>-1245", 45900 } };
	for (size_t i = 0; i < sizeof(posix) / sizeof(posix[0]); i++) {
		CU_ASSERT_EQUAL(commit_zone_parse(posix[i].spec, &z, err, sizeof(err)), 0);
		CU_ASSERT_FALSE(z.named);
		CU_ASSERT_EQUAL(z.offset, posix[i].east);
	}
	CU_ASSERT_EQUAL(commit_zone_parse("<+01>-01", &z, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-01-01 01:00:00"), out), 1);
	CU_ASSERT_EQUAL(out[0], 1798761600LL); /* 2027-01-01 00:00 UTC */
	static const char *const bad[] = { "+1", "+16:00", "+01:60", "+01:", "+013", "Mars/Olympus", "../etc/passwd",
					   "Europe/../../etc/passwd", "", "/usr/share/zoneinfo/UTC", "<+01>", "<>-01",
					   "<+0!>-01", "UT+1", "UTC+16", "UTC+1:3", "UTC+130", "Mars", "<+01-01",
					   "UTC+1EDT" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(commit_zone_parse(bad[i], &z, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(commit_zone_parse("Mars/Olympus", &z, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "Mars/Olympus"));
}

static void test_berlin_dst(void)
{
	struct commit_zone z;
	char err[256];
	long long out[2];
	CU_ASSERT_EQUAL_FATAL(commit_zone_parse("Europe/Berlin", &z, err, sizeof(err)), 0);
	/* winter, +01:00 */
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-03-27 13:00:00"), out), 1);
	CU_ASSERT_EQUAL(out[0], wall("2027-03-27 12:00:00"));
	/* 2027-03-28: 02:00 local becomes 03:00; the last second before and the first after */
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-03-28 01:59:59"), out), 1);
	CU_ASSERT_EQUAL(out[0], wall("2027-03-28 00:59:59"));
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-03-28 02:00:00"), out), 0);
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-03-28 02:30:00"), out), 0);
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-03-28 02:59:59"), out), 0);
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-03-28 03:00:00"), out), 1);
	CU_ASSERT_EQUAL(out[0], wall("2027-03-28 01:00:00"));
	/* summer, +02:00 */
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-07-01 14:00:00"), out), 1);
	CU_ASSERT_EQUAL(out[0], wall("2027-07-01 12:00:00"));
	/* 2027-10-31: 03:00 local becomes 02:00 again; 02:00-02:59:59 happens twice */
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-10-31 01:59:59"), out), 1);
	CU_ASSERT_EQUAL(out[0], wall("2027-10-30 23:59:59"));
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-10-31 02:00:00"), out), 2);
	CU_ASSERT_EQUAL(out[0], wall("2027-10-31 00:00:00"));
	CU_ASSERT_EQUAL(out[1], wall("2027-10-31 01:00:00"));
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-10-31 02:59:59"), out), 2);
	CU_ASSERT_EQUAL(out[0], wall("2027-10-31 00:59:59"));
	CU_ASSERT_EQUAL(out[1], wall("2027-10-31 01:59:59"));
	CU_ASSERT_EQUAL(commit_zone_to_utc(&z, wall("2027-10-31 03:00:00"), out), 1);
	CU_ASSERT_EQUAL(out[0], wall("2027-10-31 02:00:00"));
	/* every instant of a year maps back to itself, hour by hour */
	for (long long t = wall("2027-01-01 00:00:00"); t < wall("2028-01-01 00:00:00"); t += 3600 + 17) {
		time_t tt = (time_t)t;
		struct tm tm;
		localtime_r(&tt, &tm);
		int n = commit_zone_to_utc(&z, t + tm.tm_gmtoff, out);
		CU_ASSERT_TRUE(n >= 1 && (out[0] == t || (n == 2 && out[1] == t)));
	}
}

static void test_moved_text(void)
{
	char out[64];
	CU_ASSERT_EQUAL(format_moved_timestamp("2027-10-31T02:30:00.250000", wall("2027-10-31 01:30:00"), out,
					       sizeof(out)), 0);
	CU_ASSERT_STRING_EQUAL(out, "2027-10-31T01:30:00.250000");
	CU_ASSERT_EQUAL(format_moved_timestamp("2027-01-01 00:30:00", wall("2026-12-31 23:30:00"), out, sizeof(out)), 0);
	CU_ASSERT_STRING_EQUAL(out, "2026-12-31 23:30:00");
	CU_ASSERT_EQUAL(format_moved_timestamp("2027-01-01 00:30:00junk", 0, out, sizeof(out)), -1);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "UTC and fixed offsets; zones validated", test_fixed_offsets },
		{ "Europe/Berlin across both DST changes", test_berlin_dst },
		{ "UTC text keeps the form and fraction", test_moved_text },
		{ NULL, NULL },
	};
	return unit_run("commit_time", tests);
}
