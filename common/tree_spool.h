/*
 * tree_spool.h - rows of one table regrouped by tree on a scratch file: the
 * export's way to put tree_entries in history order without asking the server
 * to sort it. Rows go in in any order (the table's physical order, from a
 * plain COPY) and come out tree by tree, in the order the caller chooses, each
 * tree's rows sorted by path in byte order (ties by the row's bytes) - the
 * order of "ORDER BY ..., tree_sha COLLATE "C", path COLLATE "C"".
 *
 * Why: at 10k commits x 1k objects, 9.5 M rows, the server's sort spills about
 * 1 GB to temporary files on the source server and takes about 12 s; a plain
 * COPY of the table takes about 4 s, and regrouping here is a linear pass.
 *
 * Memory: one record per distinct tree, 2 MiB of write buffer per writer, and the rows
 * of each tree loaded (the caller decides how many at once). The rows themselves are in the scratch
 * file (about the size of the table's CSV; it is unlinked as soon as it is
 * created, so nothing is left behind by a crash). Consecutive rows of the same
 * tree are stored as one run; each run points back to the tree's previous one,
 * so a table stored tree by tree (the usual case) costs one read per tree and
 * one in random order still works, one read per run.
 */
#ifndef PGA_TREE_SPOOL_H
#define PGA_TREE_SPOOL_H

#include <stddef.h>
#include <stdint.h>

struct tree_spool;

/* A spool with its scratch file in dir (created and unlinked at once). Dies on I/O errors. */
struct tree_spool *tree_spool_new(const char *dir);

/*
 * Add one row: the tree it belongs to, its path (the sort key within the
 * tree) and the bytes to hand back when it is emitted (all copied). Dies on
 * I/O errors or on a row larger than 1 GiB. One thread at a time (the spool's
 * own writer); for several threads at once, a writer each (below).
 */
void tree_spool_add(struct tree_spool *s, const char *tree, size_t tree_len, const char *path, size_t path_len,
		    const char *row, size_t row_len);

/*
 * A writer of rows into s for one thread: writers on different threads add at
 * once (each buffers up to about 2 MiB and takes the spool's lock once per
 * MiB written). tree_spool_writer_add() is tree_spool_add() through w.
 * tree_spool_writer_close() writes out what w still holds and frees it; every
 * writer is closed before tree_spool_seal(). Which rows went through which
 * writer does not change what tree_spool_load() returns.
 */
struct tree_spool_writer;
struct tree_spool_writer *tree_spool_writer_new(struct tree_spool *s);
void tree_spool_writer_add(struct tree_spool_writer *w, const char *tree, size_t tree_len, const char *path,
			   size_t path_len, const char *row, size_t row_len);
void tree_spool_writer_close(struct tree_spool_writer *w);
/*
 * tree_spool_writer_add() of the row "TREE,REST" (the tree's bytes, a comma, rest): the row
 * is stored without its first tree_len + 1 bytes, which its tree's key already holds, and
 * handed back as that head and rest (tree_rows_emit()). At 10k x 1k the tree's sha and
 * comma are 65 of a tree_entries row's 169 bytes: a third of the scratch file's 1.9 GB,
 * written, read back and copied for nothing. The rows of one tree must all come in the
 * same way (the export's do: the server writes a value's CSV the same way every time).
 */
void tree_spool_writer_add_after_tree(struct tree_spool_writer *w, const char *tree, size_t tree_len,
				      const char *path, size_t path_len, const char *rest, size_t rest_len);

/* Once sealed: the number of distinct trees, numbered 0.. in the order their first rows were written out. */
size_t tree_spool_ntrees(const struct tree_spool *s);
/* The key of tree i (owned by the spool, NUL-terminated); *len its length if len is non-NULL. */
const char *tree_spool_tree(const struct tree_spool *s, size_t i, size_t *len);
/* Once sealed: the number of rows of tree i, and the bytes tree_spool_load() will hold for them. */
uint64_t tree_spool_rows(const struct tree_spool *s, size_t i);
uint64_t tree_spool_load_size(const struct tree_spool *s, size_t i);

/*
 * Once every row is added: write out what is still buffered. Afterwards rows
 * may be loaded, from any number of threads at once, and no row may be added.
 */
void tree_spool_seal(struct tree_spool *s);

/* One tree's rows, read back from the scratch file and sorted. */
struct spool_tree_rows;
/*
 * Read tree i's rows and sort them by path (byte order, a prefix first; equal
 * paths by the row's bytes). Safe to call from several threads at once on a
 * sealed spool. Dies on I/O errors or a damaged scratch file. The caller frees
 * the result with tree_rows_free().
 */
struct spool_tree_rows *tree_spool_load(const struct tree_spool *s, size_t i);
/*
 * Hand the rows to fn in order; with after_path non-NULL, only those whose path
 * sorts after it (resuming after a row already written). A row is head then row:
 * head is "TREE," for a row added by tree_spool_writer_add_after_tree() (row its
 * rest), empty otherwise (row the whole row). The bytes passed to fn are valid
 * during the call only.
 */
void tree_rows_emit(const struct spool_tree_rows *r, const char *after_path, size_t after_len,
		    void (*fn)(const char *head, size_t head_len, const char *row, size_t len, void *arg), void *arg);
/* Hand every row to fn in order, with its path (the digest of tree_digests, store.h, needs both); row is
 * the row without its head (see tree_rows_emit()). */
void tree_rows_each(const struct spool_tree_rows *r,
		    void (*fn)(const char *path, size_t path_len, const char *row, size_t len, void *arg), void *arg);
void tree_rows_free(struct spool_tree_rows *r);

void tree_spool_free(struct tree_spool *s);

#endif
