/*
 * runner_journal.h - the state of a pipeline work directory:
 * WORKDIR/.pggit-audit/journal.ndjson, an append-only file of JSON lines, one
 * per event ("started", "finished", "failed" of a target, and "chunk" for each
 * checkpoint a stage reported), each fsync'd.
 *
 * Every line carries "format":1, "hash":"sha256" (the algorithm of every
 * checksum in the line, so a later version never re-interprets old ones) and
 * "prev": the SHA-256 of the previous line's bytes (null on the first line),
 * so an edited, reordered or truncated-in-the-middle journal is detected.
 *
 * A crash while appending can leave a last line without its newline (or not
 * valid JSON): that torn line is reported with a warning and ignored, never
 * trusted. Any other damage is an error: the journal cannot be trusted.
 */
#ifndef PGA_RUNNER_JOURNAL_H
#define PGA_RUNNER_JOURNAL_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

#include "hash.h"

struct strbuf;

/*
 * Format 1. Event "chunk" (a checkpoint a stage reported, copied from
 * WORKDIR/progress.ndjson, written after the target's end record) and the
 * "rows"/"bytes"/"chunks_done"/"chunks_reused" members of end records were
 * added later in format 1: older readers refuse a journal holding "chunk"
 * records ("unknown event") rather than misread it.
 */
#define JOURNAL_FORMAT 1
#define JOURNAL_FORMAT_OLDEST 1

struct journal {
	char *path;              /* owned */
	json_t **records;        /* owned; valid records in file order */
	size_t n_records;
	sha256_hex_t last_hash;  /* hash of the last valid line; "" when there is none */
	off_t valid_bytes;       /* length of the valid prefix of the file */
	off_t torn_bytes;        /* bytes after it (a torn last line), 0 normally */
	int fd;                  /* append descriptor, -1 until journal_open_append() */
};

/*
 * Read path into j (a missing file is an empty journal). Returns 0, or -1
 * with "PATH:LINE: why" appended to err when the hash chain is broken, a line
 * in the middle is not a valid record, or a record has a format this version
 * does not read. A torn last line is warned about (pga_warn) and skipped.
 * Release j with journal_release() in both cases.
 */
int journal_load(struct journal *j, const char *path, struct strbuf *err);

/*
 * Prepare j (loaded) for appending. A torn tail is moved aside into
 * "PATH.torn-OFFSET" (for inspection) and cut off, with a warning, so the
 * next record starts on a line of its own. Dies on I/O errors. The caller
 * must hold the work directory's lock.
 */
void journal_open_append(struct journal *j);

/*
 * Append rec (an object; reference stolen) as one line: "format", "hash" and
 * "prev" are put first, then rec's members in their order. The line is
 * written with one write() and fsync'd before this returns. Dies on I/O errors.
 * Also adds the record to j->records. Crash tests: PGGIT_AUDIT_FAULT=
 * "journal-torn-write[@N]" kills the process (SIGKILL) after half of the
 * (Nth) line is on disk.
 */
void journal_append(struct journal *j, json_t *rec);

/*
 * As journal_append(), for a record the journal can do without (a stage's chunk
 * records): when it cannot be written (a full disk), returns -1 with errno, and
 * what was written of its line is cut off again, so the journal still ends with a
 * whole record. journal_append() cuts it off too before it dies.
 */
int journal_try_append(struct journal *j, json_t *rec);

/*
 * Reserve bytes of disk space after the end of the journal without changing its
 * size (fallocate FALLOC_FL_KEEP_SIZE), so the next records cannot fail on a
 * full disk. Returns 0 (also where the file system cannot preallocate), or -1
 * with errno (ENOSPC) when the space is not there.
 */
int journal_reserve(struct journal *j, size_t bytes);

/*
 * The last record of target (with the given event, or, when event is NULL, of
 * any event but "chunk": the last start or end), or NULL. Borrowed reference, valid until journal_release().
 */
json_t *journal_last(const struct journal *j, const char *target, const char *event);

void journal_release(struct journal *j);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ" into buf (at least 32 bytes). */
void journal_now(char *buf, size_t size);

/*
 * Whether a work directory holds the files of one run: every file inside it (a relative
 * name) that the journal's last record of each target names, the inputs it read and, for
 * a finished target, the outputs it wrote, must have the recorded SHA-256, which
 * sha_of(rel, arg) gives for the directory's file (NULL: no such file). Files outside it
 * (absolute names) are not checked. Reads the journal at path leniently (a torn or
 * unreadable line ends it; no journal: nothing to check). Returns NULL, or a message
 * naming the journal line, the target and the first file that differs (free it).
 * A target that failed or was interrupted on the present files passes: a verification
 * that FAILED is a run's outcome. keep (NULL: every target) says which targets count.
 */
char *journal_check_files(const char *path, const char *(*sha_of)(const char *rel, void *arg), void *arg,
			  int (*keep)(const char *target, void *karg), void *karg);

#endif
