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
/* at most this many chunks per slot (8 MiB; one comparison of two tables' DDL takes a few
   hundred kB) */
#define CHUNKS_PER_SLOT 8
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

/* One slot: chunks filled one after the other, taken back all at once. */
struct slot {
	char *chunks[CHUNKS_PER_SLOT]; /* the slot's chunks, in the order it took them */
	size_t nchunks;
	size_t cur;      /* chunk being filled */
	size_t used;     /* bytes used in it */
};

struct arena {
	struct slot slots[JSON_ARENA_SLOTS];
	int active;      /* a scope is open */
	int current;     /* the slot allocations go to */
};

static _Thread_local struct arena arena;

static int in_arena(const void *p)
{
	const struct arena *a = &arena;
	uintptr_t base = (uintptr_t)p & ~(uintptr_t)(CHUNK - 1);
	for (int k = 0; k < JSON_ARENA_SLOTS; k++)
		for (size_t i = 0; i < a->slots[k].nchunks; i++)
			if ((uintptr_t)a->slots[k].chunks[i] == base)
				return 1;
	return 0;
}

/* At a thread's end (pthread key destructor): its chunks go back to the free list. */
static void arena_thread_end(void *arg)
{
	struct arena *a = arg;
	pthread_mutex_lock(&chunks_lock);
	for (int k = 0; k < JSON_ARENA_SLOTS; k++) {
		struct slot *sl = &a->slots[k];
		for (size_t i = 0; i < sl->nchunks; i++) {
			if (n_free_chunks < MAX_FREE_CHUNKS) {
				free_chunks[n_free_chunks++] = sl->chunks[i];
			} else {
				UNPOISON(sl->chunks[i], CHUNK);
				free(sl->chunks[i]);
			}
		}
		sl->nchunks = 0;
	}
	pthread_mutex_unlock(&chunks_lock);
}

static void arena_key_create(void)
{
	if (pthread_key_create(&arena_key, arena_thread_end) != 0)
		pga_die("cannot create the JSON arena's thread key");
}

static char *new_chunk(struct arena *a)
{
	int first = 1; /* this thread's first: give them back when it ends */
	for (int k = 0; k < JSON_ARENA_SLOTS; k++)
		first &= a->slots[k].nchunks == 0;
	if (first) {
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
	struct slot *sl = &a->slots[a->current];
	size_t need = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (sl->cur < sl->nchunks && sl->used + need > CHUNK) {
		sl->cur++; /* this chunk is full: the next one */
		sl->used = 0;
	}
	if (sl->cur == sl->nchunks) {
		/* a slot larger than its share goes on in malloc(): what an arena keeps
		   between scopes stays bounded */
		if (sl->nchunks == CHUNKS_PER_SLOT)
			return malloc(size);
		char *c = new_chunk(a);
		sl->chunks[sl->nchunks++] = c;
	}
	char *p = sl->chunks[sl->cur] + sl->used;
	sl->used += need;
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

/* Take back everything slot k handed out (poisoned under AddressSanitizer). */
static void slot_reset(struct slot *sl)
{
	for (size_t i = 0; i < sl->nchunks && i <= sl->cur; i++)
		POISON(sl->chunks[i], CHUNK);
	sl->cur = 0;
	sl->used = 0;
}

void json_arena_begin(void)
{
	struct arena *a = &arena;
	if (a->active)
		pga_die("json_arena_begin: a scope is already open on this thread (internal error)");
	a->active = 1;
	a->current = 0;
	for (int k = 0; k < JSON_ARENA_SLOTS; k++)
		slot_reset(&a->slots[k]);
}

void json_arena_switch(int slot, int reset)
{
	struct arena *a = &arena;
	if (!a->active)
		pga_die("json_arena_switch: no scope is open on this thread (internal error)");
	if (slot < 0 || slot >= JSON_ARENA_SLOTS)
		pga_die("json_arena_switch: no slot %d (internal error)", slot);
	if (reset)
		slot_reset(&a->slots[slot]);
	a->current = slot;
}

void json_arena_end(void)
{
	struct arena *a = &arena;
	if (!a->active)
		pga_die("json_arena_end: no scope is open on this thread (internal error)");
	for (int k = 0; k < JSON_ARENA_SLOTS; k++)
		slot_reset(&a->slots[k]);
	a->active = 0;
	a->current = 0;
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
