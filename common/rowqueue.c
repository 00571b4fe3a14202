/* rowqueue.c - CSV rows from a reader thread to the main thread; see rowqueue.h. */
#include "rowqueue.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * A batch: rows packed one after another in buf, each a row header, its
 * csv_field array (pointing into the same batch: a batch never moves) and the
 * fields' bytes, each NUL-terminated; every row starts 16-byte aligned.
 */
struct rq_batch {
	struct rq_batch *next;
	size_t cap, used, rpos;
	int borrowed; /* one row whose fields point into the producer's buffers (see rq_put) */
	char *buf;
};

struct rq_rowhdr {
	unsigned long long line;
	size_t n;
};

#define RQ_ALIGN 16
#define RQ_ROUND(x) (((x) + (RQ_ALIGN - 1)) & ~(size_t)(RQ_ALIGN - 1))

struct rowqueue {
	pthread_mutex_t mu;
	pthread_cond_t not_full, not_empty;
	size_t budget, batch_bytes;
	/* under mu */
	struct rq_batch *head, *tail; /* full batches, oldest first */
	size_t queued_bytes, peak_bytes;
	struct rq_batch *free_list;   /* standard-size batches the consumer is done with */
	int closed, cancelled;
	int borrow_done;              /* the consumer is done with the borrowed row */
	char *error;
	/* the producer's own: the batch being filled, a standard one, NULL or holding a row
	 * (it is made for the row that goes into it at once) */
	struct rq_batch *fill;
	/* the consumer's own */
	struct rq_batch *read;
};

static struct rq_batch *batch_new(size_t cap)
{
	/* one allocation; the header is rounded so that buf is aligned */
	struct rq_batch *b = xmalloc(RQ_ROUND(sizeof(*b)) + cap);
	b->next = NULL;
	b->cap = cap;
	b->used = b->rpos = 0;
	b->borrowed = 0;
	b->buf = (char *)b + RQ_ROUND(sizeof(*b));
	return b;
}

struct rowqueue *rq_new(size_t byte_budget, size_t batch_bytes)
{
	struct rowqueue *q = xcalloc(1, sizeof(*q));
	if (batch_bytes < 4096)
		batch_bytes = 4096;
	if (byte_budget < batch_bytes)
		byte_budget = batch_bytes;
	q->budget = byte_budget;
	q->batch_bytes = RQ_ROUND(batch_bytes);
	if (pthread_mutex_init(&q->mu, NULL) != 0 || pthread_cond_init(&q->not_full, NULL) != 0 ||
	    pthread_cond_init(&q->not_empty, NULL) != 0)
		pga_die("cannot initialise a row queue's lock");
	return q;
}

/* Producer: queue b (waiting for room); then take a recycled batch if one is free. 0 if cancelled. */
static int push(struct rowqueue *q, struct rq_batch *b, struct rq_batch **recycled)
{
	pthread_mutex_lock(&q->mu);
	/* an empty queue takes any batch, however big: one row never waits for itself */
	while (!q->cancelled && q->head && q->queued_bytes + b->cap > q->budget)
		pthread_cond_wait(&q->not_full, &q->mu);
	if (q->cancelled) {
		pthread_mutex_unlock(&q->mu);
		free(b);
		return 0;
	}
	b->next = NULL;
	if (q->tail)
		q->tail->next = b;
	else
		q->head = b;
	q->tail = b;
	q->queued_bytes += b->cap;
	if (q->queued_bytes > q->peak_bytes)
		q->peak_bytes = q->queued_bytes;
	if (recycled && q->free_list) {
		*recycled = q->free_list;
		q->free_list = q->free_list->next;
		(*recycled)->next = NULL;
	}
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
	return 1;
}

/*
 * A row bigger than the whole budget is lent, not copied (a third copy of a
 * 100 MB blob would be 100 MB more memory): the queue gets the row's field
 * array pointing at the caller's bytes, and the producer waits until the
 * consumer has moved past it. Such rows are rare; the others flow on.
 */
static int lend(struct rowqueue *q, unsigned long long line, const struct csv_field *f, size_t n)
{
	struct rq_batch *fill = q->fill;
	q->fill = NULL;
	if (fill && !push(q, fill, NULL)) /* fill is the queue's from here on */
		return 0;
	struct rq_batch *b = batch_new(RQ_ROUND(sizeof(struct rq_rowhdr) + n * sizeof(struct csv_field)));
	b->borrowed = 1;
	struct rq_rowhdr *h = (struct rq_rowhdr *)b->buf;
	h->line = line;
	h->n = n;
	memcpy(b->buf + sizeof(*h), f, n * sizeof(*f));
	b->used = b->cap;
	pthread_mutex_lock(&q->mu);
	q->borrow_done = 0;
	pthread_mutex_unlock(&q->mu);
	if (!push(q, b, NULL))
		return 0;
	pthread_mutex_lock(&q->mu);
	while (!q->borrow_done && !q->cancelled)
		pthread_cond_wait(&q->not_full, &q->mu);
	int ok = !q->cancelled;
	pthread_mutex_unlock(&q->mu);
	return ok;
}

int rq_put(struct rowqueue *q, unsigned long long line, const struct csv_field *f, size_t n)
{
	size_t size = sizeof(struct rq_rowhdr) + n * sizeof(struct csv_field);
	for (size_t i = 0; i < n; i++)
		size += f[i].len + 1;
	size = RQ_ROUND(size);
	if (size > q->budget)
		return lend(q, line, f, n);
	struct rq_batch *b = q->fill;
	if (!b || b->cap - b->used < size) {
		struct rq_batch *next = NULL; /* a recycled standard batch, if this row fits one */
		if (b) {
			q->fill = NULL;
			if (!push(q, b, size <= q->batch_bytes ? &next : NULL))
				return 0;
		}
		if (!next)
			next = batch_new(size > q->batch_bytes ? size : q->batch_bytes);
		q->fill = b = next;
	}
	char *p = b->buf + b->used;
	struct rq_rowhdr *h = (struct rq_rowhdr *)p;
	h->line = line;
	h->n = n;
	struct csv_field *out = (struct csv_field *)(p + sizeof(*h));
	char *data = (char *)(out + n);
	for (size_t i = 0; i < n; i++) {
		memcpy(data, f[i].data, f[i].len);
		data[f[i].len] = '\0';
		out[i].data = data;
		out[i].len = f[i].len;
		out[i].is_null = f[i].is_null;
		data += f[i].len + 1;
	}
	b->used += size;
	/* a batch of one oversized row goes at once: it cannot take another */
	if (b->cap > q->batch_bytes) {
		q->fill = NULL;
		if (!push(q, b, NULL))
			return 0;
	}
	return 1;
}

void rq_close(struct rowqueue *q, const char *error)
{
	struct rq_batch *b = q->fill;
	q->fill = NULL;
	if (b)
		push(q, b, NULL);
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	if (error)
		q->error = xstrdup(error);
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

int rq_get(struct rowqueue *q, struct csv_field **fields, size_t *n, unsigned long long *line)
{
	struct rq_batch *b = q->read;
	if (!b || b->rpos == b->used) {
		pthread_mutex_lock(&q->mu);
		if (b) {
			if (b->borrowed) { /* the producer may now reuse the row's buffers */
				q->borrow_done = 1;
				pthread_cond_broadcast(&q->not_full);
				free(b);
			} else if (b->cap == q->batch_bytes) {
				b->used = b->rpos = 0;
				b->next = q->free_list;
				q->free_list = b;
			} else {
				free(b);
			}
			q->read = b = NULL;
		}
		while (!q->head && !q->closed)
			pthread_cond_wait(&q->not_empty, &q->mu);
		if (!q->head) {
			int rc = q->error ? -1 : 0;
			pthread_mutex_unlock(&q->mu);
			return rc;
		}
		b = q->head;
		q->head = b->next;
		if (!q->head)
			q->tail = NULL;
		b->next = NULL;
		q->queued_bytes -= b->cap;
		pthread_cond_signal(&q->not_full);
		pthread_mutex_unlock(&q->mu);
		q->read = b;
	}
	char *p = b->buf + b->rpos;
	const struct rq_rowhdr *h = (const struct rq_rowhdr *)p;
	*fields = (struct csv_field *)(p + sizeof(*h));
	if (n)
		*n = h->n;
	if (line)
		*line = h->line;
	size_t size = sizeof(*h) + h->n * sizeof(struct csv_field);
	if (!b->borrowed)
		for (size_t i = 0; i < h->n; i++)
			size += (*fields)[i].len + 1;
	b->rpos += RQ_ROUND(size);
	return 1;
}

const char *rq_error(const struct rowqueue *q) { return q->error; }

void rq_cancel(struct rowqueue *q)
{
	pthread_mutex_lock(&q->mu);
	q->cancelled = 1;
	pthread_cond_broadcast(&q->not_full);
	pthread_mutex_unlock(&q->mu);
}

size_t rq_peak_bytes(const struct rowqueue *q) { return q->peak_bytes; }

static void free_chain(struct rq_batch *b)
{
	while (b) {
		struct rq_batch *next = b->next;
		free(b);
		b = next;
	}
}

void rq_free(struct rowqueue *q)
{
	if (!q)
		return;
	free_chain(q->head);
	free_chain(q->free_list);
	free(q->fill);
	free(q->read);
	free(q->error);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->not_full);
	pthread_cond_destroy(&q->not_empty);
	free(q);
}

/* ---- an artifact read on its own thread ---- */

struct ar_prefetch {
	struct artifact_reader *r;
	struct rowqueue *q;
	pthread_t thread;
	struct ar_prefetch *next_live;
};

/* Batches of 1 MiB: a few hundred rows each, so the lock is taken rarely. */
#define ARP_BATCH (1u << 20)

/*
 * The readers still running, and the thread that started them (the main
 * thread: it alone starts, closes and dies through pga_die()). On such a
 * death, a cleanup handler stops, joins and frees them before exit() goes
 * on to remove temporaries and flush stdio: no reader thread outlives the
 * process's last steps, and nothing of theirs is left allocated.
 */
static struct ar_prefetch *live;
static pthread_t owner;
static int cleanup_registered;

static void unlink_live(struct ar_prefetch *p)
{
	for (struct ar_prefetch **pp = &live; *pp; pp = &(*pp)->next_live)
		if (*pp == p) {
			*pp = p->next_live;
			break;
		}
}

static void stop(struct ar_prefetch *p)
{
	rq_cancel(p->q);
	pthread_join(p->thread, NULL);
}

static void destroy(struct ar_prefetch *p)
{
	ar_close(p->r);
	rq_free(p->q);
	free(p);
}

static void stop_live(void *arg)
{
	(void)arg;
	/* a reader thread that died itself (out of memory) cannot join itself: leave the rest to exit() */
	if (!pthread_equal(pthread_self(), owner))
		return;
	while (live) {
		struct ar_prefetch *p = live;
		live = p->next_live;
		stop(p);
		destroy(p);
	}
}

static void *arp_main(void *arg)
{
	struct ar_prefetch *p = arg;
	char err[1024];
	struct csv_field *f;
	int rc;
	while ((rc = ar_next_err(p->r, &f, err, sizeof(err))) > 0)
		if (!rq_put(p->q, ar_line(p->r), f, ar_ncols(p->r)))
			break;
	rq_close(p->q, rc < 0 ? err : NULL);
	return NULL;
}

struct ar_prefetch *arp_start(struct artifact_reader *r, size_t byte_budget)
{
	struct ar_prefetch *p = xcalloc(1, sizeof(*p));
	p->r = r;
	if (!byte_budget) /* read on the caller's thread */
		return p;
	if (!cleanup_registered) {
		owner = pthread_self();
		pga_at_cleanup(stop_live, NULL);
		cleanup_registered = 1;
	}
	p->q = rq_new(byte_budget, byte_budget < ARP_BATCH ? byte_budget : ARP_BATCH);
	/* decompression on a thread of its own too: libcsv's parse alone keeps this reader busy */
	ar_read_ahead(r);
	int rc = thread_start_unsignalled(&p->thread, arp_main, p);
	if (rc != 0) {
		errno = rc;
		pga_die_errno("cannot start a thread to read %s", ar_path(r));
	}
	p->next_live = live;
	live = p;
	return p;
}

int arp_next(struct ar_prefetch *p, struct csv_field **fields, unsigned long long *line)
{
	if (!p->q) {
		int rc = ar_next(p->r, fields);
		*line = ar_line(p->r);
		return rc;
	}
	int rc = rq_get(p->q, fields, NULL, line);
	if (rc < 0)
		pga_die("%s", rq_error(p->q));
	return rc;
}

/* the reader's path is set at ar_open() and never changes: safe to read beside its thread */
const char *arp_path(const struct ar_prefetch *p) { return ar_path(p->r); }

void arp_close(struct ar_prefetch *p)
{
	if (!p)
		return;
	if (p->q) {
		unlink_live(p);
		stop(p);
	}
	destroy(p);
}
