/* test_alloc_grow.c - CUnit tests of ALLOC_GROW(): the capacities it picks, that
 * the array keeps its elements as it moves, zeroing of the new tail, and that a
 * count or byte size that would wrap is refused with a message, not allocated. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "unit.h"

static void test_nr(void)
{
	/* empty: initial, doubled until needed fits */
	CU_ASSERT_EQUAL(alloc_grow_nr(0, 1, 16), 16);
	CU_ASSERT_EQUAL(alloc_grow_nr(0, 16, 16), 16);
	CU_ASSERT_EQUAL(alloc_grow_nr(0, 17, 16), 32);
	CU_ASSERT_EQUAL(alloc_grow_nr(0, 1000, 16), 1024);
	/* one more than alloc: twice alloc, as the idiom it replaces did */
	CU_ASSERT_EQUAL(alloc_grow_nr(16, 17, 8), 32);
	CU_ASSERT_EQUAL(alloc_grow_nr(3, 4, 8), 6);
	/* an index far past the end: doubled until it fits */
	CU_ASSERT_EQUAL(alloc_grow_nr(64, 1000, 8), 1024);
	/* enough already: unchanged */
	CU_ASSERT_EQUAL(alloc_grow_nr(64, 64, 8), 64);
	CU_ASSERT_EQUAL(alloc_grow_nr(64, 0, 8), 64);
	CU_ASSERT_EQUAL(alloc_grow_nr(0, 0, 8), 0);
	/* the largest count that still doubles */
	CU_ASSERT_EQUAL(alloc_grow_nr(SIZE_MAX / 2, SIZE_MAX / 2 + 1, 8), (SIZE_MAX / 2) * 2);
}

static void test_grow_keeps_elements(void)
{
	long *a = NULL;
	size_t alloc = 0, n = 0;
	const long *first = NULL;
	for (long i = 0; i < 10000; i++) {
		ALLOC_GROW(a, n + 1, alloc, 8);
		if (!first)
			first = a;
		a[n++] = i * 3;
	}
	CU_ASSERT_EQUAL(alloc, 16384);
	for (size_t i = 0; i < n; i++)
		CU_ASSERT_EQUAL_FATAL(a[i], (long)i * 3);
	/* no growth when the room is there: the same block */
	long *before = a;
	ALLOC_GROW(a, alloc, alloc, 8);
	CU_ASSERT_PTR_EQUAL(a, before);
	CU_ASSERT_EQUAL(alloc, 16384);
	free(a);
}

static void test_grow_other_counter_types(void)
{
	/* counters of the call sites: uint32_t and int */
	char **v = NULL;
	uint32_t cap = 0;
	ALLOC_GROW(v, 65, cap, 64);
	CU_ASSERT_EQUAL(cap, 128);
	v[127] = NULL;
	free(v);
	int *w = NULL;
	int icap = 0;
	ALLOC_GROW(w, 1, icap, 16);
	CU_ASSERT_EQUAL(icap, 16);
	ALLOC_GROW(w, 17, icap, 16);
	CU_ASSERT_EQUAL(icap, 32);
	w[31] = 1;
	free(w);
}

struct rec {
	char name[7];
	uint64_t id;
};

static void test_grow_zero(void)
{
	struct rec *r = NULL;
	size_t alloc = 0;
	ALLOC_GROW_ZERO(r, 3, alloc, 4);
	CU_ASSERT_EQUAL(alloc, 4);
	const unsigned char zero[sizeof(struct rec) * 256] = { 0 };
	CU_ASSERT_EQUAL(memcmp(r, zero, 4 * sizeof(*r)), 0);
	memset(r, 0xab, 4 * sizeof(*r));
	/* an index far past the end: only the new elements are zeroed, all of them */
	ALLOC_GROW_ZERO(r, 200, alloc, 4);
	CU_ASSERT_EQUAL(alloc, 256);
	for (size_t i = 0; i < 4 * sizeof(*r); i++)
		CU_ASSERT_EQUAL_FATAL(((unsigned char *)r)[i], 0xab);
	CU_ASSERT_EQUAL(memcmp(r + 4, zero, 252 * sizeof(*r)), 0);
	/* enough room already: nothing is touched */
	r[10].id = 7;
	ALLOC_GROW_ZERO(r, 11, alloc, 4);
	CU_ASSERT_EQUAL(r[10].id, 7);
	free(r);
}

static void test_array_bytes(void)
{
	size_t b = 12345;
	CU_ASSERT_EQUAL(alloc_array_bytes(10, 8, &b), 0);
	CU_ASSERT_EQUAL(b, 80);
	CU_ASSERT_EQUAL(alloc_array_bytes(0, 8, &b), 0);
	CU_ASSERT_EQUAL(b, 0);
	CU_ASSERT_EQUAL(alloc_array_bytes(SIZE_MAX, 0, &b), 0);
	CU_ASSERT_EQUAL(alloc_array_bytes(SIZE_MAX / 8, 8, &b), 0);
	CU_ASSERT_EQUAL(b, (SIZE_MAX / 8) * 8);
	b = 12345;
	CU_ASSERT_EQUAL(alloc_array_bytes(SIZE_MAX / 8 + 1, 8, &b), -1);
	CU_ASSERT_EQUAL(alloc_array_bytes(SIZE_MAX, 2, &b), -1);
	CU_ASSERT_EQUAL(alloc_array_bytes((size_t)1 << (sizeof(size_t) * 4), (size_t)1 << (sizeof(size_t) * 4), &b), -1);
	CU_ASSERT_EQUAL(b, 12345);
}

/* Each child asks for an array whose size wraps: without the checks it would get a small block. */
static void grow_bytes_overflow(const char *arg)
{
	(void)arg;
	uint64_t *a = NULL;
	size_t alloc = 0;
	ALLOC_GROW(a, SIZE_MAX / 4, alloc, 8);
	a[0] = 1;
}

static void grow_count_overflow(const char *arg)
{
	(void)arg;
	char *a = NULL;
	size_t alloc = SIZE_MAX / 2 + 1;
	ALLOC_GROW(a, alloc + 1, alloc, 8);
}

static void grow_counter_overflow(const char *arg)
{
	(void)arg;
	char *a = NULL;
	uint32_t alloc = UINT32_MAX / 2 + 1;
	ALLOC_GROW(a, (size_t)alloc + 1, alloc, 8);
}

static void reallocarray_overflow(const char *arg)
{
	(void)arg;
	(void)xreallocarray(NULL, SIZE_MAX / 3, 6);
}

static void test_overflow_dies(void)
{
	char msg[512];
	pga_set_progname("test");
	CU_ASSERT_EQUAL(unit_in_child(grow_bytes_overflow, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "test: error: cannot allocate an array of"));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "elements of 8 bytes: the size does not fit in memory"));
	CU_ASSERT_EQUAL(unit_in_child(grow_count_overflow, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "test: error: cannot grow an array to"));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "the count does not fit in a size_t"));
	CU_ASSERT_EQUAL(unit_in_child(grow_counter_overflow, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "test: error: cannot grow an array to 4294967296 elements: the count does not fit in its counter"));
	CU_ASSERT_EQUAL(unit_in_child(reallocarray_overflow, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "elements of 6 bytes: the size does not fit in memory"));
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "alloc_grow_nr picks the capacities of the doubling idiom", test_nr },
		{ "ALLOC_GROW keeps the elements as the array moves", test_grow_keeps_elements },
		{ "ALLOC_GROW with uint32_t and int counters", test_grow_other_counter_types },
		{ "ALLOC_GROW_ZERO zeroes exactly the new elements", test_grow_zero },
		{ "alloc_array_bytes refuses a product that wraps", test_array_bytes },
		{ "a count or size that wraps dies naming the problem", test_overflow_dies },
		{ NULL, NULL },
	};
	return unit_run("alloc_grow", tests);
}
