/*
 * runner_progress.h - the driver's side of progress reporting: it follows
 * WORKDIR/progress.ndjson (the events the stages append, common/progress.h)
 * while a target runs, to draw a progress line on a terminal, to copy the
 * stage's chunk checkpoints into the journal, and to write WORKDIR/metrics.prom
 * (Prometheus text format, for node_exporter's textfile collector).
 */
#ifndef PGA_RUNNER_PROGRESS_H
#define PGA_RUNNER_PROGRESS_H

#include <jansson.h>
#include <sys/types.h>

#include "manifest.h"

struct strbuf;

struct progress_tail {
	off_t off;               /* bytes of the events file already read */
	unsigned long line;      /* lines of the events file before off */
	json_t *chunks;          /* owned: the target's "chunk" events, in order */
	json_t *end;             /* owned: its "end" event, or NULL */
	char *artifact;          /* owned: artifact of the last progress/chunk event, or NULL */
	unsigned long long done, total;
	double artifact_t0;      /* when this driver first saw the artifact (monotonic seconds) */
	unsigned long long artifact_rows0; /* rows_done then */
};

/* Start following path from its current end (a missing file counts as empty). */
void ptail_init(struct progress_tail *pt, const char *path);

/* Read the complete lines added since the last call; keep the events of target. */
void ptail_read(struct progress_tail *pt, const char *path, const char *target, double now);

/* The terminal line for target ("[T] ARTIFACT: N/M rows, R rows/s, ETA S"), empty when nothing is known. */
void ptail_line(const struct progress_tail *pt, const char *target, double now, struct strbuf *out);

void ptail_release(struct progress_tail *pt);

/* What metrics.prom says about one target. */
struct target_metrics {
	int known;               /* 0: never ran (no lines) */
	int up;                  /* 1 done or up to date, 0 failed */
	double seconds;
	long long rows, bytes, chunks_done, chunks_reused; /* -1: not reported by the stage */
	long long failures;      /* failed attempts in the journal */
};

/* Write path atomically: one series per metric and known target of m. Dies on I/O errors. */
void metrics_write(const char *path, const struct manifest *m, const struct target_metrics *tm);

#endif
