/* json_arena.c - jansson's allocations in per-thread arenas; see json_arena.h. */
#include "json_arena.h"
#include "util.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* chunks are CHUNK bytes, aligned to CHUNK: a pointer's chunk is its address rounded down */
#define CHUNK_SHIFT 20
#define CHUNK ((size_t)1 << CHUNK_SHIFT)
/* larger allocations (long strings) are plain malloc() even in a scope */
#define ARENA_MAX_ALLOC 4096
#define ALIGN 16
/* at most this many chunks per thread (8 MiB; one comparison of two tables' DDL takes a few
   hundred kB) */
#define CHUNKS_PER_THREAD 8
#define MAX_FREE_CHUNKS 256

/*
 * Chunks of threads that ended, for the next thread's arena (pools of threads started
 * one after the other reuse them); beyond MAX_FREE_CHUNKS they are freed.
 */
static char *free_chunks[MAX_FREE_CHUNKS];
static size_t n_free_chunks;
static pthread_mutex_t chunks_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t arena_key;
static pthread_once_t arena_key_once = PTHREAD_ONCE_INIT;

struct arena {
	char *chunks[CHUNKS_PER_THREAD]; /* this thread's chunks, in the order it took them */
	size_t nchunks;
	size_t cur;      /* chunk being filled */
	size_t used;     /* bytes used in it */
	int active;
};

static _Thread_local struct arena arena;

/*
 * Whether p was handed out by this thread's arena. Only this thread's chunks are
 * looked at: a value of a scope never outlives it (json_arena.h), so an arena pointer
 * is always freed on the thread whose scope made it; a heap pointer is in no chunk.
 */
static int in_arena(const void *p)
{
	const struct arena *a = &arena;
	uintptr_t base = (uintptr_t)p & ~(uintptr_t)(CHUNK - 1);
	for (size_t i = 0; i < a->nchunks; i++)
		if ((uintptr_t)a->chunks[i] == base)
			return 1;
	return 0;
}

/* At a thread's end (pthread key destructor): its chunks go back to the free list. */
static void arena_thread_end(void *arg)
{
	struct arena *a = arg;
	pthread_mutex_lock(&chunks_lock);
	for (size_t i = 0; i < a->nchunks; i++) {
		if (n_free_chunks < MAX_FREE_CHUNKS) {
			free_chunks[n_free_chunks++] = a->chunks[i];
		} else {
			UNPOISON(a->chunks[i], CHUNK);
			free(a->chunks[i]);
		}
	}
	pthread_mutex_unlock(&chunks_lock);
	a->nchunks = 0;
}

static void arena_key_create(void)
{
	if (pthread_key_create(&arena_key, arena_thread_end) != 0)
		pga_die("cannot create the JSON arena's thread key");
}

static char *new_chunk(struct arena *a)
{
	if (a->nchunks == 0) { /* this thread's first: give them back when it ends */
		pthread_once(&arena_key_once, arena_key_create);
		pthread_setspecific(arena_key, a);
	}
	pthread_mutex_lock(&chunks_lock);
	char *c = n_free_chunks ? free_chunks[--n_free_chunks] : NULL;
	pthread_mutex_unlock(&chunks_lock);
	if (!c && !(c = aligned_alloc(CHUNK, CHUNK)))
		pga_die("out of memory (a %zu-byte arena chunk for JSON)", CHUNK);
	POISON(c, CHUNK);
	return c;
}

static void *arena_malloc(size_t size)
{
	struct arena *a = &arena;
	if (!a->active || size > ARENA_MAX_ALLOC)
		return malloc(size);
	size_t need = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (a->cur < a->nchunks && a->used + need > CHUNK) {
		a->cur++; /* this chunk is full: the next one */
		a->used = 0;
	}
	if (a->cur == a->nchunks) {
		/* a scope larger than the thread's share goes on in malloc(): what an arena
		   keeps between scopes stays bounded */
		if (a->nchunks == CHUNKS_PER_THREAD)
			return malloc(size);
		char *c = new_chunk(a);
		a->chunks[a->nchunks++] = c;
	}
	char *p = a->chunks[a->cur] + a->used;
	a->used += need;
	UNPOISON(p, size);
	return p;
}

static void arena_free(void *p)
{
	if (p && !in_arena(p))
		free(p);
}

void json_arena_install(void)
{
	json_set_alloc_funcs(arena_malloc, arena_free);
}

void json_arena_begin(void)
{
	struct arena *a = &arena;
	if (a->active)
		pga_die("json_arena_begin: a scope is already open on this thread (internal error)");
	a->active = 1;
	a->cur = 0;
	a->used = 0;
}

void json_arena_end(void)
{
	struct arena *a = &arena;
	if (!a->active)
		pga_die("json_arena_end: no scope is open on this thread (internal error)");
	for (size_t i = 0; i < a->nchunks && i <= a->cur; i++)
		POISON(a->chunks[i], CHUNK);
	a->active = 0;
	a->cur = 0;
	a->used = 0;
}

char *json_dumps_malloc(const json_t *json, size_t flags)
{
	size_t n = json_dumpb(json, NULL, 0, flags);
	if (n == 0)
		return NULL;
	char *s = xmalloc(n + 1);
	if (json_dumpb(json, s, n, flags) != n)
		pga_die("json_dumpb: the text changed length between two calls (internal error)");
	s[n] = '\0';
	return s;
}
