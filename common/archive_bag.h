/*
 * archive_bag.h - the evidence archive's container: a pax tar compressed with zstd,
 * written with libarchive so that the same members give the same bytes (members in
 * the order they are added, fixed mtime, uid/gid 0, no user or group names, mode
 * 0644, no padding after the end-of-archive blocks), and read back strictly: the
 * zstd stream is decoded here (one frame, nothing after it), the tar stream is
 * parsed by libarchive, and everything after the end-of-archive marker must be zero
 * bytes, so that no byte of the decompressed stream goes unexamined. The reader also
 * hashes the raw file (for the SHA-256 recorded in the database).
 *
 * Also: checking member names from untrusted archives, and listing the files of a
 * work directory that belong in an archive.
 */
#ifndef PGA_ARCHIVE_BAG_H
#define PGA_ARCHIVE_BAG_H

#include <stddef.h>
#include <sys/types.h>

#include "hash.h"

/* Tag files (the manifests, bag-info.txt) are read into memory: a bag whose tag file is
 * larger is refused, so that a hostile archive cannot make a reader hold gigabytes. */
#define BAG_MAX_TAG_FILE (64u << 20)

struct archive_entry;

struct bag_writer;
/*
 * Start writing path (through a temporary beside it, published by
 * bag_writer_commit). Every member gets mtime (seconds since the epoch). Dies on error.
 */
struct bag_writer *bag_writer_open(const char *path, long long mtime);
/* Add a member name holding len bytes of buf. Dies on error. */
void bag_writer_add_mem(struct bag_writer *w, const char *name, const void *buf, size_t len);
/*
 * Add a member name with the content of the regular file src, which must still hash
 * to expected_sha (the digest the manifest was written with) and have size bytes:
 * a file that changed while being archived is fatal. Dies on error.
 */
void bag_writer_add_file(struct bag_writer *w, const char *name, const char *src, unsigned long long size,
			 const sha256_hex_t expected_sha);
/* Finish, fsync and rename into place; sha/bytes receive the archive's digest and size. Frees w. */
void bag_writer_commit(struct bag_writer *w, sha256_hex_t sha, unsigned long long *bytes);

struct bag_reader;
/* Open path for reading; NULL with errno set if it cannot be opened. */
struct bag_reader *bag_reader_open(const char *path);
/*
 * Next member: 1 and *entry (owned by the reader, valid until the next call), 0 at
 * the end-of-archive marker, -1 on a damaged stream (bag_reader_error() says what,
 * and after which member).
 */
int bag_reader_next(struct bag_reader *r, struct archive_entry **entry);
/* Read up to cap bytes of the current member: count, 0 at its end, -1 on damage. */
long bag_reader_data(struct bag_reader *r, void *buf, size_t cap);
/*
 * After bag_reader_next() returned 0: read the rest of the file, check that it is
 * the end of the one zstd frame and that the tar stream holds only zero bytes after
 * the end-of-archive marker. Returns 0, or -1 (bag_reader_error()). Then sha and
 * bytes receive the SHA-256 and size of the whole file.
 */
int bag_reader_finish(struct bag_reader *r, sha256_hex_t sha, unsigned long long *bytes);
const char *bag_reader_error(const struct bag_reader *r);
void bag_reader_close(struct bag_reader *r);

/*
 * Check a member name from an untrusted archive: relative, not empty, no "." or ".."
 * component, no empty component (a trailing '/' of a directory is allowed), no
 * control character (C0, DEL or C1), no byte outside valid UTF-8, no backslash.
 * Returns 0, or -1 with *why (a static string).
 */
int bag_name_check(const char *name, const char **why);

/*
 * Is the member a file with its own data: a regular file that is neither a hard link
 * (tar stores it as a reference to another member, with no data) nor a symbolic link?
 * Evidence archives hold nothing else. Returns 1 or 0.
 */
int bag_entry_is_file(struct archive_entry *e);

/*
 * Is there room for members of an untrusted archive (their declared sizes: a few hundred
 * bytes of zstd can declare any size) in dir: total bytes within the space free to this
 * user on dir's file system, the largest one within the process's file size limit (past
 * it the kernel kills the process with SIGXFSZ, no cleanup run)? Returns 0, or -1 with the
 * reason in why ("N bytes, more than the M bytes free", "... file size limit ..."), or
 * -2 with errno set when dir's free space cannot be read.
 */
int bag_room_check(const char *dir, unsigned long long total, unsigned long long largest, char *why,
		   size_t whylen);

struct workdir_file {
	char *rel;                 /* path relative to the work directory, '/'-separated (owned) */
	unsigned long long size;
};

/*
 * List the regular files under dir, recursively, sorted by rel in byte order,
 * skipping the run lock (.pggit-audit/lock), temporaries (".NAME.tmp-PID") and the
 * file with device/inode skip_dev/skip_ino (the archive being written, if it lies
 * inside; pass 0/0 for none). When keep is not NULL, only files with keep(rel) != 0
 * are listed. A symbolic link, device or other special file is fatal (evidence holds
 * regular files only). Returns the array (caller frees with workdir_files_free) and
 * its length in *n. Dies on I/O errors.
 */
struct workdir_file *workdir_files(const char *dir, dev_t skip_dev, ino_t skip_ino, int (*keep)(const char *rel),
				   size_t *n);
void workdir_files_free(struct workdir_file *files, size_t n);

#endif
