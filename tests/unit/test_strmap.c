/* test_strmap.c - CUnit tests of string interning: dense ids in insertion order,
 * stable key pointers across growth, keys of every length (the hash reads 8
 * bytes at a time), embedded NUL bytes, keys larger than an arena block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "unit.h"

static void test_ids_and_growth(void)
{
	struct strmap *m = strmap_new();
	enum { N = 50000 };
	const char **first = malloc(N * sizeof(*first));
	char key[80];
	for (int i = 0; i < N; i++) {
		/* lengths 1..70 cover every tail of the 8-byte hash loop */
		int len = snprintf(key, sizeof(key), "%0*d", 1 + i % 70, i);
		int added = -1;
		CU_ASSERT_EQUAL(strmap_intern(m, key, (size_t)len, &added), (uint32_t)i);
		CU_ASSERT_EQUAL(added, 1);
		first[i] = strmap_key(m, (uint32_t)i);
	}
	CU_ASSERT_EQUAL(strmap_count(m), N);
	for (int i = 0; i < N; i++) {
		int len = snprintf(key, sizeof(key), "%0*d", 1 + i % 70, i);
		int added = -1;
		CU_ASSERT_EQUAL(strmap_intern(m, key, (size_t)len, &added), (uint32_t)i);
		CU_ASSERT_EQUAL(added, 0);
		CU_ASSERT_EQUAL(strmap_find(m, key, (size_t)len), (uint32_t)i);
		/* the key stays where it was first stored, NUL-terminated */
		CU_ASSERT_PTR_EQUAL(strmap_key(m, (uint32_t)i), first[i]);
		CU_ASSERT_EQUAL(strmap_keylen(m, (uint32_t)i), (size_t)len);
		CU_ASSERT_EQUAL(memcmp(first[i], key, (size_t)len + 1), 0);
	}
	CU_ASSERT_EQUAL(strmap_find(m, "absent", 6), UINT32_MAX);
	free(first);
	strmap_free(m);
}

static void test_odd_keys(void)
{
	struct strmap *m = strmap_new();
	CU_ASSERT_EQUAL(strmap_intern(m, "", 0, NULL), 0);
	CU_ASSERT_EQUAL(strmap_intern(m, "a\0b", 3, NULL), 1);
	CU_ASSERT_EQUAL(strmap_intern(m, "a\0c", 3, NULL), 2);
	CU_ASSERT_EQUAL(strmap_intern(m, "a", 1, NULL), 3);
	CU_ASSERT_EQUAL(strmap_find(m, "a\0b", 3), 1);
	CU_ASSERT_EQUAL(strmap_find(m, "", 0), 0);
	size_t big = 200000;
	char *k = malloc(big);
	memset(k, 'x', big);
	CU_ASSERT_EQUAL(strmap_intern(m, k, big, NULL), 4);
	CU_ASSERT_EQUAL(strmap_intern(m, "after the big one", 17, NULL), 5);
	CU_ASSERT_EQUAL(strmap_find(m, k, big), 4);
	CU_ASSERT_EQUAL(strmap_keylen(m, 4), big);
	CU_ASSERT_STRING_EQUAL(strmap_key(m, 5), "after the big one");
	free(k);
	strmap_free(m);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "ids in insertion order, stable keys across growth", test_ids_and_growth },
		{ "empty, NUL-containing and very long keys", test_odd_keys },
		{ NULL, NULL },
	};
	return unit_run("strmap", tests);
}
