/*
 * zio.h - streaming zstd compression to an atomic file, and streaming
 * decompression from a file, with a running SHA-256 of the compressed bytes.
 * Memory is bounded by zstd's window, whatever the file size.
 *
 * A file may hold several zstd frames one after the other (RFC 8878: their
 * contents are concatenated on decompression): the writer can end a frame and
 * start the next (zw_end_frame) or append frames compressed elsewhere
 * (zw_append_frames), which is how checkpoint parts are assembled without
 * decompressing and compressing them again (common/checkpoint.h).
 */
#ifndef PGA_ZIO_H
#define PGA_ZIO_H

#include <stddef.h>
#include <stdio.h>

#include "atomicfile.h"
#include "hash.h"

struct zwriter;
/* Start writing path (atomically, through a temporary). Dies on error. */
struct zwriter *zw_open(const char *path, int level);
/*
 * The same with a zstd window of 2^window_log bytes (0: zstd's default for
 * the level, 2 MiB at level 3). A larger window finds repeats further back
 * (similar rows far apart) at the cost of that much memory in the writer and
 * in every reader; zstd's decoders accept up to 2^27 by default.
 */
struct zwriter *zw_open_window(const char *path, int level, int window_log);
/*
 * Compress and append; dies naming the file on I/O error. Writes under 64 KiB
 * are gathered before zstd sees them (a row a call was costly); the file's
 * bytes do not depend on how the input was cut into writes.
 */
void zw_write(struct zwriter *w, const void *buf, size_t len);
/*
 * End the current frame (nothing if no byte was written since the last
 * end): what follows goes into a new frame, with the same parameters.
 */
void zw_end_frame(struct zwriter *w);
/*
 * Append len bytes that are whole zstd frames compressed elsewhere, as they
 * are (counted in the file's size and SHA-256). Only between frames: dies if
 * bytes written with zw_write() are waiting for zw_end_frame().
 */
void zw_append_frames(struct zwriter *w, const void *buf, size_t len);
/*
 * Finish the frame (a file into which nothing was written gets one empty
 * frame: an empty file is not zstd), fsync and rename into place. sha256 (if non-NULL)
 * receives the digest of the file's bytes, bytes the compressed size.
 * Frees w.
 */
void zw_commit(struct zwriter *w, sha256_hex_t sha256, unsigned long long *bytes);
/* Drop the temporary and free w. */
void zw_abort(struct zwriter *w);

struct zreader;
/* Open a zstd file for reading; NULL with errno set if it cannot be opened. */
struct zreader *zr_open(const char *path);
/*
 * Read up to cap decompressed bytes. Returns the count, 0 at a clean end of
 * the data, or -1 on corruption, truncation or I/O error; zr_error() then
 * says why (the message names the file).
 */
long zr_read(struct zreader *r, void *buf, size_t cap);
/*
 * From now on decompress on a thread of its own, up to 1 MiB ahead of
 * zr_read() (which then only copies): for a reader whose thread has other
 * work (parsing). Same bytes, same errors, in the same order; zr_read() and
 * zr_close() must still come from one thread. Call before the first
 * zr_read(). Without a thread (the system refused one) nothing changes.
 */
void zr_read_ahead(struct zreader *r);
const char *zr_error(const struct zreader *r);
const char *zr_path(const struct zreader *r);
void zr_close(struct zreader *r);

#endif
