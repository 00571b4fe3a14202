/*
 * artifact.h - the files stages exchange: CSV (with a header row) in zstd,
 * each with a sidecar "FILE.meta.json" recording format, columns, row count,
 * size and SHA-256 of the compressed bytes.
 *
 * The header row is a zstd frame of its own, the data rows follow in one or
 * more frames (zstd concatenates frames on decompression): an artifact
 * assembled from checkpoint parts is their rows frames copied byte for byte
 * behind one header frame (common/checkpoint.h). An artifact with no data
 * row is the header frame alone.
 *
 * A writer publishes the data file atomically and then its sidecar; a reader
 * refuses a file without a sidecar, or whose size or SHA-256 differ from it
 * (truncated, bit-flipped or half-written), or whose header or row count
 * differ. All failures die with a message naming the file (and line).
 */
#ifndef PGA_ARTIFACT_H
#define PGA_ARTIFACT_H

#include <stddef.h>

#include <jansson.h>

#include "csvio.h"
#include "hash.h"

struct artifact_writer;
/*
 * Start path (zstd level 3, zstd's default window); writes the header row
 * from columns (ncols names, not copied: keep them alive) and ends its frame.
 */
struct artifact_writer *aw_open(const char *path, const char *const *columns, size_t ncols);
/*
 * The same at a zstd level and window (window_log 0: zstd's default for the
 * level; see zw_open_window()). Checkpoint parts and the artifacts assembled
 * from them share one setting, so that one header frame stands for all.
 */
struct artifact_writer *aw_open_zstd(const char *path, const char *const *columns, size_t ncols, int level,
				     int window_log);
/* The CSV stream to add data rows to (owned by the writer). */
struct csv_out *aw_csv(struct artifact_writer *w);
/* Publish data file and sidecar; returns the number of data rows; frees w. */
unsigned long long aw_commit(struct artifact_writer *w, sha256_hex_t sha256_out);
/* The same, also giving the compressed size (bytes_out may be NULL). */
unsigned long long aw_commit_sized(struct artifact_writer *w, sha256_hex_t sha256_out, unsigned long long *bytes_out);
void aw_abort(struct artifact_writer *w);
/*
 * Append whole zstd frames compressed elsewhere that hold exactly rows
 * complete data rows (the caller vouches for them: checkpoint parts whose
 * SHA-256 was checked); they are counted in the sidecar's rows. Only before
 * any row written through aw_csv().
 */
void aw_append_frames(struct artifact_writer *w, const void *buf, size_t len, unsigned long long rows);

struct artifact_reader;
/* Open and check path against its sidecar and the expected columns. Dies on any mismatch. */
struct artifact_reader *ar_open(const char *path, const char *const *columns, size_t ncols);
/*
 * Next data row: 1 with *fields set (ncols of them, owned by the reader), or 0
 * at the end (after checking the row count). Dies on malformed input.
 */
int ar_next(struct artifact_reader *r, struct csv_field **fields);
/*
 * The same, but a malformed row or a wrong row count returns -1 with the
 * message ar_next() would die with in err (errlen bytes, truncated to fit):
 * for a reader on another thread, which must hand its error to the thread
 * that owns the process's exit (common/rowqueue.h).
 */
int ar_next_err(struct artifact_reader *r, struct csv_field **fields, char *err, size_t errlen);
unsigned long long ar_line(const struct artifact_reader *r);
const char *ar_path(const struct artifact_reader *r);
/* The number of columns every row has. */
size_t ar_ncols(const struct artifact_reader *r);
/*
 * Decompress on a thread of its own from now on, ahead of the parsing
 * (zr_read_ahead()): for a large artifact read by a thread that parses it.
 */
void ar_read_ahead(struct artifact_reader *r);
/* SHA-256 recorded in the sidecar (checked against the file at open). */
const char *ar_sha256(const struct artifact_reader *r);
unsigned long long ar_rows_expected(const struct artifact_reader *r);
void ar_close(struct artifact_reader *r);

/* Read only the sidecar of path: sha256 and rows; returns 0, or -1 if absent/unreadable. */
int artifact_meta(const char *path, sha256_hex_t sha256, unsigned long long *rows);

/*
 * Write value as pretty JSON (sorted keys, trailing newline) to path,
 * atomically. Reports and summaries use it so they are byte-stable.
 * value is not consumed.
 */
void artifact_write_json(const char *path, const json_t *value);

/* Remove stale temporaries (".NAME.tmp-PID" left by a killed process) in dir. */
void artifact_clean_tmp(const char *dir);

#endif
