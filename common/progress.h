/*
 * progress.h - what a running stage tells the outside world about its
 * progress: machine-readable events (NDJSON, one line per event, appended to
 * WORKDIR/progress.ndjson with one write() each) and, when stderr is a
 * terminal, one self-rewriting line with rows done, rate and ETA.
 *
 * Where the events go: $PGGIT_AUDIT_PROGRESS if set (a file name), else
 * $PGGIT_AUDIT_WORKDIR/progress.ndjson when the stage runs under the
 * pggit-audit driver (which sets PGGIT_AUDIT_WORKDIR and PGGIT_AUDIT_STEP, the
 * target name), else nowhere. The driver reads the events: it copies chunk
 * events into its journal and writes WORKDIR/metrics.prom from them.
 *
 * Event lines (keys in this order; times UTC):
 *   {"time":T,"target":S,"stage":S,"pid":N,"event":"begin"}
 *   {"time":T,...,"event":"chunk","artifact":"objects","chunk":3,"rows":500,"bytes":81234,"state":"done"}
 *        state "done" = computed and checkpointed now, "reused" = a checkpoint
 *        left by an earlier, interrupted attempt was kept
 *   {"time":T,...,"event":"progress","artifact":"objects","rows_done":N,"rows_total":N|null}
 *   {"time":T,...,"event":"end","status":"ok"|"failed","rows":N,"bytes":N,"seconds":F,
 *        "chunks_done":N,"chunks_reused":N}
 *
 * All functions are no-ops before progress_begin(). Progress never makes a
 * stage fail: an event that cannot be written is dropped with one warning.
 */
#ifndef PGA_PROGRESS_H
#define PGA_PROGRESS_H

/*
 * Start reporting for stage (a static string, e.g. "export"). Emits "begin",
 * registers an "end" event with status "failed" for pga_die(), and, when run
 * by the driver (PGGIT_AUDIT_STEP set), asks the kernel to SIGKILL this
 * process if its parent dies, so killing the driver never leaves an orphan
 * stage writing into the work directory.
 */
void progress_begin(const char *stage);

/* A new phase over artifact (not copied: keep it alive); total_rows 0 = unknown. */
void progress_phase(const char *artifact, unsigned long long total_rows);

/* n more rows done in the current phase (cheap: call it per row). */
void progress_rows(unsigned long long n);
/*
 * The same for a phase that only prepares rows another phase will write (they
 * move the bar but are not added to the stage's row count in its "end" event).
 */
void progress_prepared(unsigned long long n);

/* Bytes written (compressed artifact bytes), for the end event and metrics. */
void progress_bytes(unsigned long long n);

/* A chunk of artifact is checkpointed (reused = 0) or was kept from an earlier attempt (reused = 1). */
void progress_chunk(const char *artifact, unsigned long long chunk_no, unsigned long long rows,
		    unsigned long long bytes, int reused);

/* Emit the "end" event with status ok and clear the terminal line. */
void progress_end(void);

#endif
