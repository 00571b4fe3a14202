/*
 * zio.h - streaming zstd compression to an atomic file, and streaming
 * decompression from a file, with a running SHA-256 of the compressed bytes.
 * Memory is bounded by zstd's window, whatever the file size.
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
/* Compress and append; dies naming the file on I/O error. */
void zw_write(struct zwriter *w, const void *buf, size_t len);
/*
 * Finish the frame, fsync and rename into place. sha256 (if non-NULL)
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
const char *zr_error(const struct zreader *r);
const char *zr_path(const struct zreader *r);
void zr_close(struct zreader *r);

#endif
