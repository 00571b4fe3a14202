/* test_json_arena.c - CUnit tests of jansson's per-thread arena (json_arena.h):
 * values built and dropped in a scope, the memory reused by the next scope, values
 * that cross a scope's boundary (made outside, freed inside and the reverse), large
 * allocations and scopes larger than the arena's share (malloc() then), text that
 * outlives a scope, misuse that must stop the program, two threads at once and,
 * built with AddressSanitizer, an ended scope's memory poisoned. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_arena.h"
#include "progress.h"
#include "unit.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

static json_t *sample(int i)
{
	return json_pack("{s:i, s:s, s:[i, i, {s:b}]}", "n", i, "name", "orders", "list", i, i + 1, "flag", i % 2);
}

static void test_scope_values(void)
{
	json_arena_begin();
	json_t *v = sample(7);
	char *text = json_dumps_malloc(v, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(v);
	json_arena_end();
	CU_ASSERT_STRING_EQUAL(text, "{\"list\":[7,8,{\"flag\":true}],\"n\":7,\"name\":\"orders\"}");
	free(text); /* malloc() memory: outlives the scope */

	/* the next scope starts where the last one did: its memory is reused */
	json_arena_begin();
	json_t *a = json_integer(1);
	json_arena_end();
	json_arena_begin();
	json_t *b = json_integer(2);
	CU_ASSERT_PTR_EQUAL(a, b);
	CU_ASSERT_EQUAL(json_integer_value(b), 2);
	json_decref(b);
	json_arena_end();
}

static void test_crossing_values(void)
{
	json_t *outside = json_pack("{s:s}", "kept", "yes");
	json_t *doomed = json_string("freed inside a scope");
	json_arena_begin();
	json_decref(doomed); /* made outside, freed inside: a real free() */
	json_t *in = json_object();
	json_object_set(in, "outer", outside); /* a reference to a value made outside */
	json_t *copy = json_deep_copy(outside);
	CU_ASSERT_TRUE(json_equal(copy, outside));
	json_decref(copy);
	json_decref(in);
	json_arena_end();
	CU_ASSERT_EQUAL(outside->refcount, 1);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(outside, "kept")), "yes");
	json_object_set_new(outside, "more", json_integer(3)); /* still usable after the scope */
	char *text = json_dumps(outside, JSON_COMPACT | JSON_SORT_KEYS); /* outside: jansson's own text */
	CU_ASSERT_STRING_EQUAL(text, "{\"kept\":\"yes\",\"more\":3}");
	free(text);
	json_decref(outside);
}

static void test_large_and_many(void)
{
	json_arena_begin();
	/* a string longer than the arena takes: malloc(), freed by its decref */
	char *big = malloc(100000);
	memset(big, 'x', 99999);
	big[99999] = '\0';
	json_t *s = json_string(big);
	CU_ASSERT_EQUAL(json_string_length(s), 99999);
	json_decref(s);
	/* more small nodes than the thread's share of the arena (8 MiB): the rest in malloc() */
	json_t *arr = json_array();
	for (int i = 0; i < 400000; i++)
		json_array_append_new(arr, json_integer(i));
	CU_ASSERT_EQUAL(json_array_size(arr), 400000);
	long long sum = 0;
	for (size_t i = 0; i < json_array_size(arr); i++)
		sum += json_integer_value(json_array_get(arr, i));
	CU_ASSERT_EQUAL(sum, 400000LL * 399999 / 2);
	char *text = json_dumps_malloc(json_array_get(arr, 399999), JSON_ENCODE_ANY);
	CU_ASSERT_STRING_EQUAL(text, "399999");
	free(text);
	json_decref(arr);
	json_arena_end();
	free(big);
}

static void twice_begin(const char *arg)
{
	(void)arg;
	json_arena_begin();
	json_arena_begin();
}

static void end_alone(const char *arg)
{
	(void)arg;
	json_arena_end();
}

static void switch_alone(const char *arg)
{
	(void)arg;
	json_arena_switch(1, 1);
}

static void switch_bad_slot(const char *arg)
{
	(void)arg;
	json_arena_begin();
	json_arena_switch(JSON_ARENA_SLOTS, 0);
}

static void test_misuse(void)
{
	char msg[512];
	CU_ASSERT_EQUAL(unit_in_child(twice_begin, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "a scope is already open on this thread"));
	CU_ASSERT_EQUAL(unit_in_child(end_alone, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "no scope is open on this thread"));
	CU_ASSERT_EQUAL(unit_in_child(switch_alone, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "json_arena_switch: no scope is open"));
	CU_ASSERT_EQUAL(unit_in_child(switch_bad_slot, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "no slot 2"));
}

static void *scopes_on_a_thread(void *arg)
{
	long base = (long)(size_t)arg, bad = 0;
	for (int i = 0; i < 2000; i++) {
		json_arena_begin();
		json_t *v = sample((int)base + i);
		char *text = json_dumps_malloc(v, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(v);
		json_arena_end();
		char want[128];
		snprintf(want, sizeof(want), "{\"list\":[%d,%d,{\"flag\":%s}],\"n\":%d,\"name\":\"orders\"}", (int)base + i,
			 (int)base + i + 1, ((int)base + i) % 2 ? "true" : "false", (int)base + i);
		bad += strcmp(text, want) != 0;
		free(text);
	}
	return (void *)(size_t)bad;
}

static void test_threads(void)
{
	pthread_t t[2];
	for (long i = 0; i < 2; i++)
		CU_ASSERT_EQUAL(pthread_create(&t[i], NULL, scopes_on_a_thread, (void *)(size_t)(i * 100000)), 0);
	for (int i = 0; i < 2; i++) {
		void *bad;
		CU_ASSERT_EQUAL(pthread_join(t[i], &bad), 0);
		CU_ASSERT_PTR_NULL(bad);
	}
}

static void test_poisoned_after_scope(void)
{
#if defined(__SANITIZE_ADDRESS__)
	json_arena_begin();
	json_t *v = json_integer(5);
	CU_ASSERT_FALSE(__asan_address_is_poisoned(v));
	json_decref(v);
	json_arena_end();
	CU_ASSERT_TRUE(__asan_address_is_poisoned(v));
#else
	CU_PASS("poisoning is checked in the AddressSanitizer build");
#endif
}

/*
 * Two slots: a tree kept in one slot survives resets of the other, which reuse
 * the reset slot's memory; the kept tree goes only at its own slot's reset.
 */
static void test_slots(void)
{
	json_arena_begin();
	json_t *kept = sample(1); /* slot 0 */
	json_arena_switch(1, 1);
	json_t *first = json_integer(10);
	json_decref(first);
	for (int i = 0; i < 3; i++) {
		json_arena_switch(1, 1); /* slot 1 again: its memory is reused, slot 0's stays */
		json_t *next = json_integer(20 + i);
		CU_ASSERT_PTR_EQUAL(next, first);
		CU_ASSERT_EQUAL(json_integer_value(next), 20 + i);
		json_decref(next);
		char *text = json_dumps_malloc(kept, JSON_COMPACT | JSON_SORT_KEYS);
		CU_ASSERT_STRING_EQUAL(text, "{\"list\":[1,2,{\"flag\":true}],\"n\":1,\"name\":\"orders\"}");
		free(text);
	}
	/* switching without a reset keeps what is there and appends */
	json_arena_switch(0, 0);
	json_t *more = json_integer(3);
	CU_ASSERT_PTR_NOT_EQUAL(more, kept);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(kept, "n")), 1);
	json_decref(more);
	json_decref(kept);
#if defined(__SANITIZE_ADDRESS__)
	json_arena_switch(0, 1);
	CU_ASSERT_TRUE(__asan_address_is_poisoned(kept));
#endif
	json_arena_end();
}

/* common code writing JSON text while a scope is open (an exit handler after a die in
   classify: the progress "end" event) must not hand arena memory to realloc() or free() */
static void test_progress_inside_scope(void)
{
	char path[] = "/tmp/pga-arena-progress-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	setenv("PGGIT_AUDIT_PROGRESS", path, 1);
	json_arena_begin();
	progress_begin("arena-test");
	progress_phase("objects", 2);
	progress_rows(2);
	progress_chunk("objects", 0, 2, 100, 0);
	json_arena_end();
	FILE *f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	char line[512];
	int begin = 0, chunk = 0;
	while (fgets(line, sizeof(line), f)) {
		begin += strstr(line, "\"event\":\"begin\"") != NULL;
		chunk += strstr(line, "\"event\":\"chunk\"") != NULL && strstr(line, "\"artifact\":\"objects\"") != NULL;
	}
	fclose(f);
	unlink(path);
	unsetenv("PGGIT_AUDIT_PROGRESS");
	CU_ASSERT_EQUAL(begin, 1);
	CU_ASSERT_EQUAL(chunk, 1);
}

int main(void)
{
	json_arena_install();
	static const struct unit_test tests[] = {
		{ "values in a scope, its memory reused by the next", test_scope_values },
		{ "values made outside and freed inside a scope, and the reverse", test_crossing_values },
		{ "large allocations and scopes beyond the arena's share", test_large_and_many },
		{ "nested or unopened scopes, a switch outside one or to no slot stop the program", test_misuse },
		{ "scopes on two threads at once", test_threads },
		{ "an ended scope's memory is poisoned (AddressSanitizer)", test_poisoned_after_scope },
		{ "a tree kept in one slot while the other is reset and reused", test_slots },
		{ "progress events written while a scope is open", test_progress_inside_scope },
		{ NULL, NULL },
	};
	return unit_run("json_arena", tests);
}
