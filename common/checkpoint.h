/*
 * checkpoint.h - durable checkpoints inside a long stage: the stage writes its
 * output artifact NAME.csv.zst as numbered chunk parts in OUTDIR/parts/
 * (NAME.000000.csv.zst, NAME.000001.csv.zst, ..., each an ordinary artifact
 * published atomically with its checked .meta.json sidecar), so a stage that
 * is killed and rerun keeps every finished part and starts at the first
 * unfinished one. When all parts exist, the final artifact is assembled and
 * the parts are removed.
 *
 * A part is written at the final artifact's zstd level and window, as two
 * zstd frames: the header row, then its data rows (aw_open_zstd()). The
 * assembly checks every part (sidecar, size, SHA-256, header) and writes the
 * header frame once, then the rows frames of the parts in order, copied byte
 * for byte: nothing is decompressed or compressed again, and a set of one
 * part assembles into the same bytes as the part. The final file is
 * byte-identical whether or not a resume happened (a part holds the same rows
 * either way); it depends on the chunk size, since each part's rows start a
 * new frame (the decompressed content does not).
 *
 * Parts belong to one set of inputs: OUTDIR/parts/FINGERPRINT holds the text
 * given to chunks_open() (tool version, chunk size, input SHA-256s...) and the
 * parts' layout (zstd level and window); parts made for another fingerprint
 * are deleted, never reused.
 */
#ifndef PGA_CHECKPOINT_H
#define PGA_CHECKPOINT_H

#include <stddef.h>

struct chunk_set;

/*
 * Open (create) OUTDIR/parts for a run whose inputs are described by
 * fingerprint (any text; it is compared byte for byte). Removes stale
 * temporaries, and every part when the recorded fingerprint differs or is
 * absent. Dies on I/O errors. Free with chunks_finish() or chunks_close().
 */
struct chunk_set *chunks_open(const char *outdir, const char *fingerprint);
/* An artifact whose parts and assembled file take a zstd window of their own. */
struct chunk_window {
	const char *name; /* artifact base name ("tree_entries") */
	int window_log;   /* 0: zstd's default for the level */
};
/*
 * The same with the zstd level and window (window_log 0: zstd's default for
 * the level) of the parts and of the assembled artifacts, and the nwindows
 * artifacts of windows with their own window (copied: the array need not
 * outlive the call); chunks_open() uses level 3 and the default window for
 * every artifact. All of it is recorded in the fingerprint.
 */
struct chunk_set *chunks_open_zstd(const char *outdir, const char *fingerprint, int level, int window_log,
				   const struct chunk_window *windows, size_t nwindows);

/* The path of part chunk_no of artifact name ("objects"); caller frees. */
char *chunk_part_path(const struct chunk_set *cs, const char *name, unsigned long long chunk_no);

/*
 * 1 if that part is complete: its sidecar exists and the file has the size and
 * SHA-256 it records (then *rows and *bytes, if non-NULL, are set from it);
 * 0 otherwise (a part with a damaged sidecar or data is removed: redone).
 */
int chunk_part_done(const struct chunk_set *cs, const char *name, unsigned long long chunk_no,
		    unsigned long long *rows, unsigned long long *bytes);

/*
 * A part being written: an artifact (same CSV format, same sidecar) at the
 * chunk set's zstd level and window, its header row and its data rows in two
 * zstd frames. chunk_part_open() writes the header row and dies on I/O
 * errors; write rows through chunk_part_csv(); chunk_part_commit() publishes
 * the part atomically with its sidecar (no re-read: the writer computed size
 * and SHA-256 on the way), sets *bytes (if non-NULL) to its compressed size,
 * returns its data row count and frees w; chunk_part_abort() discards it.
 */
struct chunk_part_writer;
struct chunk_part_writer *chunk_part_open(const struct chunk_set *cs, const char *name, unsigned long long chunk_no,
					  const char *const *columns, size_t ncols);
struct csv_out *chunk_part_csv(struct chunk_part_writer *w);
unsigned long long chunk_part_commit(struct chunk_part_writer *w, unsigned long long *bytes);
void chunk_part_abort(struct chunk_part_writer *w);

/*
 * Write OUTDIR/NAME.csv.zst (atomically, with its sidecar) from parts
 * 0..nparts-1 of name, which must all be complete and have the header
 * columns. Returns the number of data rows. Dies naming the part on any
 * mismatch (sidecar, size, SHA-256, header, a first frame that is not exactly
 * the header row). The rows frames are copied as bytes, without decompressing
 * them: a part's rows are counted when it is written and its SHA-256 (checked
 * again on the bytes copied) proves it is that part. The parts are kept
 * (chunks_finish() removes them).
 */
unsigned long long chunk_assemble(const struct chunk_set *cs, const char *name, const char *const *columns,
				  size_t ncols, unsigned long long nparts);

/* Remove OUTDIR/parts and everything in it (the final artifacts are published); frees cs. */
void chunks_finish(struct chunk_set *cs);

/* Free cs, keeping the parts. */
void chunks_close(struct chunk_set *cs);

/*
 * The SHA-256 recorded in the sidecar of artifact path, for fingerprints;
 * dies when the sidecar is missing ("its stage did not finish").
 */
void chunk_input_sha(const char *path, char out[65]);

#endif
