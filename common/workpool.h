/*
 * workpool.h - an ordered work pool: the calling thread submits items in
 * order, worker threads (and the caller, while it would otherwise wait)
 * run a function on them, and the caller takes them back in submission
 * order. It lets a stage put its expensive, independent per-item work
 * (parsing DDL) on every core while everything order-dependent (numbering,
 * writing rows, checkpoints) stays on the caller, so results do not depend
 * on thread timing.
 *
 * At most `window` items are submitted and not yet taken: memory is bounded
 * by the window, not by the input. One pool is used by one calling thread.
 * With threads = 1 no thread is started and workpool_take() runs the items
 * itself, in order: the single-threaded program.
 */
#ifndef PGA_WORKPOOL_H
#define PGA_WORKPOOL_H

#include <stddef.h>

struct workpool;

/* Processes one item in place. Runs on any thread, concurrently with other
   items: it must touch only the item and data nobody writes meanwhile. */
typedef void (*workpool_fn)(void *item);

/*
 * A pool of threads computing threads in all, counting the caller (threads - 1
 * are started; fewer if the system refuses to create them, which changes
 * nothing but speed). window >= 1. Worker threads block every signal: signals
 * stay with the calling thread. Free with workpool_free().
 */
struct workpool *workpool_new(unsigned threads, size_t window, workpool_fn fn);

/* 1 when window items are pending: take one before submitting another. */
int workpool_full(const struct workpool *wp);

/* Number of items submitted and not yet taken. */
size_t workpool_pending(const struct workpool *wp);

/* Queue item (owned by the caller; not touched by it until taken back). Dies if the pool is full. */
void workpool_submit(struct workpool *wp, void *item);

/*
 * The oldest pending item once fn has run on it, or NULL when nothing is
 * pending. While that item is not done the caller runs queued items itself
 * rather than sleep.
 */
void *workpool_take(struct workpool *wp);

/* Stop and join the threads and free the pool. Items still pending are
   dropped (not freed), processed or not (never, without worker threads):
   take them all first. NULL is fine. */
void workpool_free(struct workpool *wp);

/*
 * The --threads default: the number of online CPUs, at least 1 and at most
 * cpu_cap. The PGGIT_AUDIT_THREADS environment variable (1..max), when set,
 * overrides it (to force one thread when debugging); an invalid value dies
 * naming it.
 */
unsigned workpool_default_threads(unsigned cpu_cap, unsigned max);

#endif
