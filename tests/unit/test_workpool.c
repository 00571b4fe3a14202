/* test_workpool.c - CUnit tests of the ordered work pool: every item runs
 * exactly once and comes back in submission order, whatever the number of
 * threads, the window and how long each item takes; the window bounds the
 * pending items; one thread runs everything in the caller. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "unit.h"
#include "workpool.h"

struct item {
	unsigned long long n;
	unsigned long long result;
	int runs;
	pthread_t thread;
};

/* Uneven work: some items take much longer, so later ones finish first. */
static void work(void *arg)
{
	struct item *it = arg;
	unsigned long long x = it->n, spins = (it->n % 7 == 0) ? 20000 : 50;
	for (unsigned long long i = 0; i < spins; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	if (it->n % 97 == 0) {
		struct timespec ts = { 0, 200000 };
		nanosleep(&ts, NULL);
	}
	it->result = x;
	it->runs++;
	it->thread = pthread_self();
}

static unsigned long long expected(unsigned long long n)
{
	struct item it = { .n = n };
	work(&it);
	return it.result;
}

static void run_case(unsigned threads, size_t window, unsigned long long count)
{
	struct workpool *wp = workpool_new(threads, window, work);
	unsigned long long next_in = 0, next_out = 0;
	while (next_out < count) {
		if (next_in < count && !workpool_full(wp)) {
			struct item *it = calloc(1, sizeof(*it));
			it->n = next_in++;
			workpool_submit(wp, it);
			CU_ASSERT(workpool_pending(wp) <= window);
			continue;
		}
		struct item *it = workpool_take(wp);
		CU_ASSERT_PTR_NOT_NULL_FATAL(it);
		CU_ASSERT_EQUAL(it->n, next_out);
		CU_ASSERT_EQUAL(it->runs, 1);
		CU_ASSERT_EQUAL(it->result, expected(it->n));
		next_out++;
		free(it);
	}
	CU_ASSERT_EQUAL(workpool_pending(wp), 0);
	CU_ASSERT_PTR_NULL(workpool_take(wp));
	workpool_free(wp);
}

static void test_order(void)
{
	const unsigned threads[] = { 1, 2, 3, 8 };
	const size_t windows[] = { 1, 2, 5, 64 };
	for (size_t t = 0; t < sizeof(threads) / sizeof(threads[0]); t++)
		for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]); w++)
			run_case(threads[t], windows[w], 3000);
}

/* One thread: nothing runs until taken, and then in the caller. */
static void test_single_thread_runs_in_caller(void)
{
	struct workpool *wp = workpool_new(1, 4, work);
	struct item a = { .n = 1 }, b = { .n = 2 };
	workpool_submit(wp, &a);
	workpool_submit(wp, &b);
	CU_ASSERT_EQUAL(a.runs, 0);
	CU_ASSERT_EQUAL(b.runs, 0);
	CU_ASSERT_PTR_EQUAL(workpool_take(wp), &a);
	CU_ASSERT_EQUAL(a.runs, 1);
	CU_ASSERT(pthread_equal(a.thread, pthread_self()));
	CU_ASSERT_PTR_EQUAL(workpool_take(wp), &b);
	CU_ASSERT_EQUAL(b.runs, 1);
	workpool_free(wp);
}

/* Full pool, drain, reuse; freeing an idle pool with threads joins them. */
static void test_window_and_reuse(void)
{
	struct workpool *wp = workpool_new(3, 2, work);
	struct item it[6] = { { .n = 0 }, { .n = 1 }, { .n = 2 }, { .n = 3 }, { .n = 4 }, { .n = 5 } };
	for (int round = 0; round < 3; round++) {
		CU_ASSERT_FALSE(workpool_full(wp));
		workpool_submit(wp, &it[2 * round]);
		workpool_submit(wp, &it[2 * round + 1]);
		CU_ASSERT_TRUE(workpool_full(wp));
		CU_ASSERT_EQUAL(workpool_pending(wp), 2);
		CU_ASSERT_PTR_EQUAL(workpool_take(wp), &it[2 * round]);
		CU_ASSERT_PTR_EQUAL(workpool_take(wp), &it[2 * round + 1]);
	}
	for (int i = 0; i < 6; i++)
		CU_ASSERT_EQUAL(it[i].runs, 1);
	workpool_free(wp);
	workpool_free(NULL);
}

static void test_default_threads(void)
{
	unsetenv("PGGIT_AUDIT_THREADS");
	unsigned n = workpool_default_threads(4, 16);
	CU_ASSERT(n >= 1 && n <= 4);
	CU_ASSERT_EQUAL(workpool_default_threads(1, 16), 1);
	setenv("PGGIT_AUDIT_THREADS", "9", 1);
	CU_ASSERT_EQUAL(workpool_default_threads(4, 16), 9);
	unsetenv("PGGIT_AUDIT_THREADS");
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "items come back in order, each run once", test_order },
		{ "one thread runs items in the caller", test_single_thread_runs_in_caller },
		{ "window bounds pending items; pool reused", test_window_and_reuse },
		{ "default thread count and PGGIT_AUDIT_THREADS", test_default_threads },
		{ NULL, NULL },
	};
	return unit_run("workpool", tests);
}
