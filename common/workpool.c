/*
 * workpool.c - the ordered work pool of workpool.h: a ring of `window` slots
 * under one mutex. Items are started in submission order, so the queued ones
 * are always a contiguous run [started, submitted); the caller takes them back
 * from the oldest. One lock per item is nothing next to the work it guards
 * (a DDL parse is tens of microseconds).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "workpool.h"

struct slot {
	void *item;
	int done;
};

struct workpool {
	pthread_mutex_t lock;
	pthread_cond_t work;      /* workers: an item was queued, or stop */
	pthread_cond_t head_done; /* caller: the oldest item is done */
	workpool_fn fn;
	struct slot *slots;
	size_t window;
	/* counters of items, never wrapping in practice; slot = counter % window */
	unsigned long long taken, started, submitted;
	int stop;
	pthread_t *threads;
	unsigned nthreads;
};

static void check(int rc, const char *what)
{
	if (rc != 0)
		pga_die("workpool: %s failed (error %d)", what, rc);
}

/* Start the oldest queued item; called and returns with the lock held. */
static void run_one(struct workpool *wp)
{
	unsigned long long i = wp->started++;
	struct slot *s = &wp->slots[i % wp->window];
	check(pthread_mutex_unlock(&wp->lock), "pthread_mutex_unlock");
	wp->fn(s->item);
	check(pthread_mutex_lock(&wp->lock), "pthread_mutex_lock");
	s->done = 1;
	if (i == wp->taken)
		check(pthread_cond_signal(&wp->head_done), "pthread_cond_signal");
}

static void *worker(void *arg)
{
	struct workpool *wp = arg;
	check(pthread_mutex_lock(&wp->lock), "pthread_mutex_lock");
	for (;;) {
		while (!wp->stop && wp->started == wp->submitted)
			check(pthread_cond_wait(&wp->work, &wp->lock), "pthread_cond_wait");
		if (wp->started == wp->submitted)
			break; /* stop, and nothing left */
		run_one(wp);
	}
	check(pthread_mutex_unlock(&wp->lock), "pthread_mutex_unlock");
	return NULL;
}

struct workpool *workpool_new(unsigned threads, size_t window, workpool_fn fn)
{
	struct workpool *wp = xcalloc(1, sizeof(*wp));
	if (window < 1)
		window = 1;
	check(pthread_mutex_init(&wp->lock, NULL), "pthread_mutex_init");
	check(pthread_cond_init(&wp->work, NULL), "pthread_cond_init");
	check(pthread_cond_init(&wp->head_done, NULL), "pthread_cond_init");
	wp->fn = fn;
	wp->window = window;
	wp->slots = xcalloc(window, sizeof(*wp->slots));
	if (threads > 1) {
		/* workers take no signal: SIGINT/SIGTERM handling stays on the caller */
		wp->threads = xcalloc(threads - 1, sizeof(*wp->threads));
		for (unsigned i = 0; i < threads - 1; i++) {
			if (thread_start_unsignalled(&wp->threads[wp->nthreads], worker, wp) != 0)
				break; /* fewer threads: slower, same results */
			wp->nthreads++;
		}
	}
	return wp;
}

int workpool_full(const struct workpool *wp)
{
	/* only the caller changes submitted and taken: no lock needed to read them */
	return wp->submitted - wp->taken >= wp->window;
}

size_t workpool_pending(const struct workpool *wp)
{
	return (size_t)(wp->submitted - wp->taken);
}

void workpool_submit(struct workpool *wp, void *item)
{
	if (workpool_full(wp))
		pga_die("workpool: submit to a full pool (internal error)");
	check(pthread_mutex_lock(&wp->lock), "pthread_mutex_lock");
	struct slot *s = &wp->slots[wp->submitted % wp->window];
	s->item = item;
	s->done = 0;
	wp->submitted++;
	if (wp->nthreads)
		check(pthread_cond_signal(&wp->work), "pthread_cond_signal");
	check(pthread_mutex_unlock(&wp->lock), "pthread_mutex_unlock");
}

void *workpool_take(struct workpool *wp)
{
	if (wp->taken == wp->submitted)
		return NULL;
	check(pthread_mutex_lock(&wp->lock), "pthread_mutex_lock");
	struct slot *s = &wp->slots[wp->taken % wp->window];
	while (!s->done) {
		if (wp->started < wp->submitted)
			run_one(wp); /* help instead of sleeping: the oldest queued item first */
		else
			check(pthread_cond_wait(&wp->head_done, &wp->lock), "pthread_cond_wait");
	}
	void *item = s->item;
	s->item = NULL;
	wp->taken++;
	check(pthread_mutex_unlock(&wp->lock), "pthread_mutex_unlock");
	return item;
}

void workpool_free(struct workpool *wp)
{
	if (!wp)
		return;
	check(pthread_mutex_lock(&wp->lock), "pthread_mutex_lock");
	wp->stop = 1;
	check(pthread_cond_broadcast(&wp->work), "pthread_cond_broadcast");
	check(pthread_mutex_unlock(&wp->lock), "pthread_mutex_unlock");
	for (unsigned i = 0; i < wp->nthreads; i++)
		check(pthread_join(wp->threads[i], NULL), "pthread_join");
	/* without workers, items nobody took were never run: nothing to do for them either */
	pthread_cond_destroy(&wp->head_done);
	pthread_cond_destroy(&wp->work);
	pthread_mutex_destroy(&wp->lock);
	free(wp->threads);
	free(wp->slots);
	free(wp);
}

unsigned workpool_default_threads(unsigned cpu_cap, unsigned max)
{
	const char *env = getenv("PGGIT_AUDIT_THREADS");
	unsigned long long v;
	if (env && *env) {
		if (parse_u64(env, &v) < 0 || v < 1 || v > max)
			pga_die("PGGIT_AUDIT_THREADS must be a number from 1 to %u, not \"%s\"", max, env);
		return (unsigned)v;
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > (long)cpu_cap ? cpu_cap : (unsigned)n;
}
