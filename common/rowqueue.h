/*
 * rowqueue.h - CSV rows handed from one thread to another, so that reading an
 * artifact (zstd decompression and CSV parsing, half of a stage's CPU) runs on
 * a second core while the first one works on the rows.
 *
 * A rowqueue is a bounded FIFO between one producer and one consumer thread:
 * the producer copies each row (its fields and the line it starts on) into
 * batches of a fixed size; full batches wait in the queue, which holds at most
 * byte_budget bytes of them. Memory is therefore bounded by the budget plus
 * two batches (one being filled, one being read), whatever the length of the
 * input. A row bigger than a batch travels alone in a batch of its own size;
 * a row bigger than the whole budget (a 100 MB blob) is not copied at all: it
 * is lent to the consumer, and the producer waits until the consumer is done
 * with it, so such a row costs no memory beyond the producer's own.
 *
 * The producer ends the stream with rq_close(), optionally with an error
 * message: the consumer receives it after every row put before it, so a
 * consumer that dies with it reports problems in the same order as a reader
 * on one thread would. Nothing in here calls exit(): only the consumer (the
 * main thread) decides to end the process.
 *
 * ar_prefetch is the usual producer: a thread that reads an opened artifact
 * with ar_next_err() into a rowqueue.
 */
#ifndef PGA_ROWQUEUE_H
#define PGA_ROWQUEUE_H

#include <stddef.h>

#include "artifact.h"
#include "csvio.h"

struct rowqueue;

/*
 * A new queue holding at most byte_budget bytes of full batches of batch_bytes
 * each (byte_budget >= batch_bytes). Owned by the caller: rq_free().
 */
struct rowqueue *rq_new(size_t byte_budget, size_t batch_bytes);

/*
 * Producer: copy the row (n fields, starting on line) into the queue; blocks
 * while the queue is full. A row bigger than the budget is lent instead: the
 * call returns only once the consumer has moved past the row, so f and its
 * bytes need to stay valid only during the call. Returns 1, or 0 if the
 * consumer cancelled the queue (rq_cancel): the producer should stop.
 */
int rq_put(struct rowqueue *q, unsigned long long line, const struct csv_field *f, size_t n);

/*
 * Producer: the end of the rows. error NULL: a clean end; else a message
 * (copied) the consumer receives after the last row. Publishes a partly filled
 * batch. Call once.
 */
void rq_close(struct rowqueue *q, const char *error);

/*
 * Consumer: the next row. Returns 1 with *fields (n fields, *n set if n is
 * not NULL) and *line set; the fields (NUL-terminated like csv_field's) are
 * owned by the queue and valid until the next rq_get(). Returns 0 at a clean
 * end, -1 at an end with an error (rq_error()). Blocks while the queue is
 * empty and the producer has not closed it.
 */
int rq_get(struct rowqueue *q, struct csv_field **fields, size_t *n, unsigned long long *line);

/* The producer's error message once rq_get() returned -1 (owned by the queue), else NULL. */
const char *rq_error(const struct rowqueue *q);

/*
 * Consumer: stop early. A blocked or later rq_put() returns 0; rows queued
 * are dropped. The producer must still call rq_close() (or just stop).
 */
void rq_cancel(struct rowqueue *q);

/* Free the queue and every row in it; both threads must be done with it. */
void rq_free(struct rowqueue *q);

/* The largest number of bytes the queue's batches held at once (for tests and measurements). */
size_t rq_peak_bytes(const struct rowqueue *q);

struct ar_prefetch;

/*
 * Read the artifact r (opened by ar_open() on the calling thread, whose checks
 * of the sidecar and header may die there) on a new thread, through a
 * rowqueue of byte_budget bytes, its decompression on a second new thread
 * (ar_read_ahead()). byte_budget 0: no thread, arp_next() reads
 * on the caller's thread (one CPU, or PGGIT_AUDIT_THREADS=1). Takes ownership
 * of r. Dies if the thread cannot be started.
 */
struct ar_prefetch *arp_start(struct artifact_reader *r, size_t byte_budget);

/*
 * The next row, as ar_next(): 1 with *fields (valid until the next call) and
 * *line (the row's first line, for messages), or 0 at the end. Dies with
 * ar_next()'s message (malformed CSV, wrong field or row count) when the
 * reader thread met it, after every row before it was returned.
 */
int arp_next(struct ar_prefetch *p, struct csv_field **fields, unsigned long long *line);

/* The artifact's path (for messages). */
const char *arp_path(const struct ar_prefetch *p);

/* Stop the thread (if still reading), join it, close the artifact and free everything. */
void arp_close(struct ar_prefetch *p);

#endif
