/* test_hash.c - CUnit tests of the pggit_v0 hashing rules and content-derived ids. */
#include <CUnit/Basic.h>
#include <string.h>

#include "hash.h"

static void test_empty_tree_sha(void)
{
	sha256_hex_t out;
	pggit_object_sha("tree", 0, "", 0, out);
	CU_ASSERT_STRING_EQUAL(out, "6956b6b8e1959bf4a507f9d347a21409bf66770954bb1f0c0195e9845e33ee8a");
}

static void test_blob_sha_from_fixture(void)
{
	/* a blob of the pgGit-written fixture store */
	const char *content = "CREATE SCHEMA app AUTHORIZATION app_owner;";
	sha256_hex_t out;
	long long n = utf8_char_count(content, strlen(content), NULL);
	CU_ASSERT_EQUAL(n, 42);
	pggit_object_sha("blob", n, content, strlen(content), out);
	CU_ASSERT_STRING_EQUAL(out, "6cf4d617c1e887d11e185104daf5af054e530e6a88fcb0e3b75ae78e20308d23");
}

static void test_utf8_count(void)
{
	size_t bad = 0;
	CU_ASSERT_EQUAL(utf8_char_count("caf\xc3\xa9", 5, NULL), 4);
	CU_ASSERT_EQUAL(utf8_char_count("\xe6\x97\xa5\xe6\x9c\xac", 6, NULL), 2);
	CU_ASSERT_EQUAL(utf8_char_count("\xf0\x9f\x98\x80", 4, NULL), 1);
	CU_ASSERT_EQUAL(utf8_char_count("ab\xc3", 3, &bad), -1);
	CU_ASSERT_EQUAL(bad, 2);
	CU_ASSERT_EQUAL(utf8_char_count("a\0b", 3, &bad), -1);
	CU_ASSERT_EQUAL(bad, 1);
	CU_ASSERT_EQUAL(utf8_char_count("\xc0\x80", 2, NULL), -1); /* overlong */
	CU_ASSERT_EQUAL(utf8_char_count("\xed\xa0\x80", 3, NULL), -1); /* surrogate */
}

/*
 * The 8-byte ASCII fast path: a NUL, a multi-byte character or a bad byte at
 * every position of a long ASCII run (inside a word, at its edges, in the tail)
 * gives the count and the offset the byte loop gives.
 */
static void test_utf8_count_fast_path(void)
{
	char buf[40];
	size_t bad = 0;
	for (size_t at = 0; at < 33; at++) {
		memset(buf, 'x', sizeof(buf));
		CU_ASSERT_EQUAL(utf8_char_count(buf, at, NULL), (long long)at);
		buf[at] = '\0';
		bad = 999;
		CU_ASSERT_EQUAL(utf8_char_count(buf, 35, &bad), -1);
		CU_ASSERT_EQUAL(bad, at);
		buf[at] = '\xc3'; /* a truncated sequence ("\xc3x") */
		bad = 999;
		CU_ASSERT_EQUAL(utf8_char_count(buf, 35, &bad), -1);
		CU_ASSERT_EQUAL(bad, at);
		buf[at + 1] = '\xa9'; /* now "\xc3\xa9": one character of two bytes */
		CU_ASSERT_EQUAL(utf8_char_count(buf, 35, NULL), 34);
		buf[at] = '\x7f'; /* DEL is ASCII; \xa9 alone is a stray continuation byte */
		bad = 999;
		CU_ASSERT_EQUAL(utf8_char_count(buf, 35, &bad), -1);
		CU_ASSERT_EQUAL(bad, at + 1);
		buf[at] = '\x01';
		buf[at + 1] = '\x01';
		CU_ASSERT_EQUAL(utf8_char_count(buf, 35, NULL), 35);
	}
}

static void test_sha_hex_check(void)
{
	CU_ASSERT_TRUE(is_sha256_hex("6956b6b8e1959bf4a507f9d347a21409bf66770954bb1f0c0195e9845e33ee8a", 64));
	CU_ASSERT_FALSE(is_sha256_hex("6956B6b8e1959bf4a507f9d347a21409bf66770954bb1f0c0195e9845e33ee8a", 64));
	CU_ASSERT_FALSE(is_sha256_hex("6956", 4));
	/* every byte value at every position (the check runs 16 bytes at a time where it can):
	   only '0'..'9' and 'a'..'f' pass; the neighbours of each range, upper case and bytes
	   of 0x80 and above (negative as signed chars) do not */
	char s[SHA256_HEX_LEN];
	int wrong = 0;
	for (int pos = 0; pos < SHA256_HEX_LEN; pos++)
		for (int b = 0; b < 256; b++) {
			memset(s, 'a', sizeof(s));
			s[pos] = (char)b;
			int want = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
			wrong += is_sha256_hex(s, sizeof(s)) != want;
		}
	CU_ASSERT_EQUAL(wrong, 0);
}

static void test_uuid_v5_is_stable(void)
{
	char a[37], b[37], c[37];
	uuid_v5("commit\0path", 11, a);
	uuid_v5("commit\0path", 11, b);
	uuid_v5("commit\0pati", 11, c);
	CU_ASSERT_STRING_EQUAL(a, b);
	CU_ASSERT_STRING_NOT_EQUAL(a, c);
	CU_ASSERT_EQUAL(strlen(a), 36);
	CU_ASSERT_EQUAL(a[14], '5');
	CU_ASSERT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("hash", NULL, NULL);
	CU_add_test(s, "empty tree sha", test_empty_tree_sha);
	CU_add_test(s, "blob sha from fixture", test_blob_sha_from_fixture);
	CU_add_test(s, "utf8 char count", test_utf8_count);
	CU_add_test(s, "utf8 char count, ASCII fast path", test_utf8_count_fast_path);
	CU_add_test(s, "sha256 hex check", test_sha_hex_check);
	CU_add_test(s, "uuid v5 stable", test_uuid_v5_is_stable);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
