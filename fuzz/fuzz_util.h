/*
 * fuzz_util.h - helpers shared by the libFuzzer targets fuzz/fuzz_*.c (and by
 * the regression replayer tests/regress/replay.c, which links the same
 * targets into a normal build): a property check that aborts (so libFuzzer,
 * ASan and ctest all see it as a crash), exact-size copies of the input (so a
 * read past the end is caught by ASan), and a scratch file for the readers
 * that only take a path.
 *
 * Header-only on purpose: each target is one translation unit.
 */
#ifndef PGA_FUZZ_UTIL_H
#define PGA_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A violated property: print it and abort (a crash for libFuzzer and for ctest). */
#define FUZZ_CHECK(cond, ...)                                                          \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "fuzz property violated (%s:%d): ", __FILE__,  \
				__LINE__);                                             \
			fprintf(stderr, __VA_ARGS__);                                  \
			fputc('\n', stderr);                                           \
			abort();                                                       \
		}                                                                      \
	} while (0)

/*
 * A heap copy of exactly len bytes (no terminating NUL: a parser that reads
 * one byte too far trips ASan). Caller frees.
 */
static inline char *fuzz_exact_copy(const uint8_t *data, size_t len)
{
	char *p = xmalloc(len ? len : 1);
	if (len)
		memcpy(p, data, len);
	return p;
}

/* A NUL-terminated copy that stops at the first NUL of data. Caller frees. */
static inline char *fuzz_cstring(const uint8_t *data, size_t len)
{
	const uint8_t *nul = memchr(data, '\0', len);
	return xstrndup((const char *)data, nul ? (size_t)(nul - data) : len);
}

/*
 * The path of a scratch file private to this process (created once, reused
 * by every input, removed at exit). Never returns NULL.
 */
static char *fuzz_scratch_path_value;
static inline void fuzz_scratch_remove(void)
{
	if (fuzz_scratch_path_value)
		unlink(fuzz_scratch_path_value);
}
static inline const char *fuzz_scratch_path(void)
{
	if (!fuzz_scratch_path_value) {
		const char *dir = getenv("TMPDIR");
		if (!dir || !*dir)
			dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		fuzz_scratch_path_value = xasprintf("%s/pga-fuzz-%ld.zst", dir, (long)getpid());
		atexit(fuzz_scratch_remove);
	}
	return fuzz_scratch_path_value;
}

/* Replace the scratch file's contents with len bytes of data; aborts on I/O error. */
static inline const char *fuzz_write_scratch(const void *data, size_t len)
{
	const char *path = fuzz_scratch_path();
	FILE *fp = fopen(path, "wb");
	FUZZ_CHECK(fp, "cannot create the scratch file %s", path);
	FUZZ_CHECK(len == 0 || fwrite(data, 1, len, fp) == len, "cannot write %s", path);
	FUZZ_CHECK(fclose(fp) == 0, "cannot close %s", path);
	return path;
}

#endif
