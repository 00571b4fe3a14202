/*
 * util.h - process-wide helpers shared by every pggit-audit program:
 * allocation that never returns NULL, error reporting that names what failed,
 * and the program name used as the prefix of every message.
 */
#ifndef PGA_UTIL_H
#define PGA_UTIL_H

#include <stddef.h>
#include <stdarg.h>
#include <string.h>

/* Set the name printed before every message ("pggit-audit-diff"). Not copied.
 * Every program calls it first; it also turns this process's core dumps off (the
 * soft RLIMIT_CORE to 0, which its children inherit and may raise again): a crash
 * dumped the process's memory and environment, the connection strings and their
 * passwords included, as "core" in the work directory (the recipes' directory),
 * where the evidence archive packs every file. */
void pga_set_progname(const char *name);
const char *pga_progname(void);

/*
 * Print "PROG: error: MSG" to stderr, run the registered cleanups (temp files
 * of uncommitted artifacts are removed) and exit with status 1. Never returns.
 */
void pga_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Like pga_die() but appends ": strerror(errno)". */
void pga_die_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Print "PROG: error: MSG" and return; the caller decides whether to stop. */
void pga_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* pga_error() with a va_list, for a program's own reporting function. */
void pga_verror(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void pga_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "PROG: MSG" to stderr unless quiet mode is on. */
void pga_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pga_set_quiet(int quiet);
/*
 * Make glibc map every block of 4 MiB or more on its own and unmap it when it
 * is freed. By default glibc raises that threshold to the largest block freed
 * so far (up to 32 MiB): after the first big row, the buffers of the next ones
 * came from the heap and stayed in the peak RSS once freed (the diff on a store
 * of 100,000 objects a tree: 129 MB, 114 MB with this; the export 78 -> 57 MB).
 * For the stages that move rows of any size one after the other (export, diff;
 * classify measured 2 MB more with it); call first in main().
 */
void pga_fix_mmap_threshold(void);

/* Register fn(arg) to run on pga_die() and at normal exit. */
void pga_at_cleanup(void (*fn)(void *), void *arg);

/* Allocation wrappers: die on out-of-memory, never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Byte length of the longest prefix of s[0..len) within max bytes that does not split a
   UTF-8 character (text cut for a message or a name must stay valid UTF-8). */
size_t utf8_clip(const char *s, size_t len, size_t max);

/* Newly allocated printf result; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Growing arrays (after git's ALLOC_GROW).
 *
 * An array grown this way is a pointer to its first element plus a count of
 * the elements allocated ("alloc"); how many of them are in use is the
 * caller's business. The caller owns the memory: start from ptr = NULL,
 * alloc = 0 and free(ptr) when done.
 *
 * ALLOC_GROW(ptr, needed, alloc, initial) makes ptr hold at least needed
 * elements. When it already does, nothing happens. Otherwise alloc becomes
 * initial (for an empty array) or twice alloc, doubled again until it reaches
 * needed, and ptr is reallocated to that many elements: ptr MAY MOVE, so
 * pointers into the old array are invalid afterwards (keep indexes instead).
 * The elements from the old alloc on are uninitialised; ALLOC_GROW_ZERO()
 * sets their bytes to zero. The capacities only depend on initial and on the
 * needed counts asked for, never on the allocator: the same input grows the
 * same way on every run.
 *
 * Never returns with ptr NULL: dies on out-of-memory, and dies naming the
 * problem when the new element count, or that count times the element size,
 * does not fit in a size_t (or the count in alloc's own type) instead of
 * wrapping to a small block. ptr and alloc are evaluated more than once: pass
 * plain lvalues. alloc may be any unsigned or int variable; initial must be
 * more than 0.
 *
 * Several arrays that share one alloc (parallel arrays): when the caller sees
 * that they are full, ALLOC_GROW() the first and xreallocarray() each other
 * one to the new alloc. alloc_grow_nr() is the growth policy alone, for a
 * buffer that manages its own block (strbuf).
 */
#define ALLOC_GROW(ptr, needed, alloc, initial)                                                       \
	do {                                                                                          \
		size_t alloc_grow_need_ = (needed);                                                   \
		if (alloc_grow_need_ > (size_t)(alloc)) {                                             \
			size_t alloc_grow_nr_ = alloc_grow_nr((size_t)(alloc), alloc_grow_need_, (initial)); \
			(alloc) = alloc_grow_nr_;                                                     \
			if ((size_t)(alloc) != alloc_grow_nr_)                                        \
				alloc_grow_count_overflow(alloc_grow_nr_);                            \
			(ptr) = xreallocarray((ptr), alloc_grow_nr_, sizeof(*(ptr)));                 \
		}                                                                                     \
	} while (0)

/* ALLOC_GROW(), then the bytes of the new elements (from the old alloc on) are zero. */
#define ALLOC_GROW_ZERO(ptr, needed, alloc, initial)                                                  \
	do {                                                                                          \
		size_t alloc_grow_old_ = (size_t)(alloc);                                             \
		ALLOC_GROW(ptr, needed, alloc, initial);                                              \
		if ((size_t)(alloc) > alloc_grow_old_)                                                \
			memset((ptr) + alloc_grow_old_, 0,                                            \
			       ((size_t)(alloc) - alloc_grow_old_) * sizeof(*(ptr)));                 \
	} while (0)

/*
 * The element count ALLOC_GROW() grows an array of alloc elements to so that it
 * holds needed: alloc when it already does, else initial (alloc 0) or 2 * alloc,
 * doubled until it is at least needed. Dies when the count would pass SIZE_MAX.
 */
size_t alloc_grow_nr(size_t alloc, size_t needed, size_t initial);
/*
 * n * size in *bytes, or -1 (*bytes untouched) when the product does not fit in
 * a size_t. The check behind xreallocarray().
 */
int alloc_array_bytes(size_t n, size_t size, size_t *bytes);
/*
 * xrealloc(p, n * size), dying with "cannot allocate an array of N elements of
 * S bytes: the size does not fit in memory" when n * size overflows. Like
 * realloc(), the block may move; the caller keeps owning it.
 */
void *xreallocarray(void *p, size_t n, size_t size);
/* Dies: an element count of n does not fit in the variable ALLOC_GROW() keeps it in. */
void alloc_grow_count_overflow(size_t n) __attribute__((noreturn));

/* Join dir and name with one '/'; caller frees. */
char *path_join(const char *dir, const char *name);
/* mkdir -p; returns 0 or -1 with errno set. */
int mkdir_p(const char *path, unsigned mode);

/*
 * The first symbolic link below root (root itself not checked: the caller chose it)
 * that does not point at a regular file: a link to a directory, a dangling link or a
 * link to anything else (owned path, "root/sub/link"), or NULL when there is none.
 * Writes below root open only their last component with O_NOFOLLOW, so a directory
 * replaced by such a link would receive them. Links are not followed; an unreadable
 * directory is skipped (the write into it fails on its own).
 */
char *find_dir_link(const char *root);

/*
 * mkdir -p an output directory, then refuse (die, naming it) a link below it that
 * find_dir_link() finds: a stage given --outdir DIR writes DIR/parts/... and DIR/F by
 * path. DIR itself may be a link: the caller chose it.
 */
void make_outdir(const char *dir);

/* Parse a non-negative decimal integer; returns 0 on success, -1 if s is not one. */
int parse_u64(const char *s, unsigned long long *out);
/*
 * The value of a numeric command-line option that must lie in [min, max];
 * dies with "--NAME must be a number from MIN to MAX, not "VALUE"" otherwise.
 */
unsigned long long parse_count_option(const char *name, const char *value, unsigned long long min,
				      unsigned long long max);

/*
 * Scratch files: working space of one process, never an artifact. scratch_open()
 * creates dir/name read-write and unlinks it at once (the space goes back when
 * the descriptor closes, also after a crash); the caller closes the descriptor.
 * scratch_write() writes all of buf at the file's position, scratch_write_at() at
 * off (several threads may write apart at once), scratch_read() reads len bytes at
 * off that were written before (a short read is an error). All die naming what
 * ("the tree scratch file") on an error.
 */
int scratch_open(const char *dir, const char *name, const char *what);
void scratch_write(int fd, const void *buf, size_t len, const char *what);
void scratch_write_at(int fd, const void *buf, size_t len, unsigned long long off, const char *what);
void scratch_read(int fd, void *buf, size_t len, unsigned long long off, const char *what);

/*
 * pthread_create() for a helper thread that takes no signal: the thread starts
 * with every signal blocked, so SIGINT/SIGTERM stay with the program's own
 * threads (its cleanup runs there). Returns pthread_create()'s result.
 */
#include <pthread.h>
int thread_start_unsignalled(pthread_t *thread, void *(*fn)(void *), void *arg);

#endif
