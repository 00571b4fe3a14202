/*
 * json_arena.h - jansson's small allocations in a per-thread arena for the
 * length of a scope. classify builds and drops a few hundred JSON nodes per
 * DDL statement it parses (libpg_query's parse trees come as JSON text);
 * malloc and free of those nodes were about a quarter of its CPU. Inside a
 * scope a node costs a pointer bump and its free is a no-op; the scope's end
 * takes all of them back at once.
 *
 * Rules (the price of the speed):
 *   - json_arena_install() before any other jansson call of the process; it
 *     applies to every thread (json_set_alloc_funcs() is process-wide).
 *     Outside a scope every allocation is plain malloc()/free().
 *   - No JSON value made inside a scope may be used after its end, and no
 *     memory jansson returned inside a scope (json_dumps()) may be free()d:
 *     use json_dumps_malloc() for text that must outlive the scope or be
 *     given to free().
 *   - Scopes do not nest and end on the thread that began them.
 * A value made outside a scope may be freed inside one and the reverse
 * (a free only asks whether the pointer lies in one of this thread's arena
 * chunks: an arena value is freed, if at all, on the thread that made it).
 * The arena keeps the chunks it grew to for the thread's next scope, 8 MiB at
 * most per slot: a scope that needs more goes on with malloc() for the rest.
 *
 * Slots: a scope has JSON_ARENA_SLOTS bump regions. Allocations go to the
 * current one (slot 0 at json_arena_begin()); json_arena_switch() changes it
 * and can take back one slot's allocations while the other's stay: a caller
 * keeping one parse tree while it parses the next (classify, comparing each
 * version of an object with the one before) resets the older tree's slot
 * only. Freeing a value still walks it (json_decref), so free a tree before
 * its slot is reset, never after.
 * Built with AddressSanitizer, the memory of an ended scope is poisoned, so a
 * use after the scope is reported like a use after free.
 */
#ifndef PGA_JSON_ARENA_H
#define PGA_JSON_ARENA_H

#include <jansson.h>

/* Route jansson's allocations through the arena allocator (idempotent). */
void json_arena_install(void);

/* This thread's jansson allocations of up to a few kB go to its arena until json_arena_end(). */
void json_arena_begin(void);
/* Take back every allocation of the scope (every slot); values made in it are gone. */
void json_arena_end(void);

#define JSON_ARENA_SLOTS 2
/*
 * Inside a scope: allocations go to slot (0 or 1) from now on; with reset,
 * that slot's allocations are taken back first (its values are gone, the
 * other slot's stay).
 */
void json_arena_switch(int slot, int reset);

/* json_dumps() into malloc() memory (the caller frees it); NULL if json_dumps() would return NULL. */
char *json_dumps_malloc(const json_t *json, size_t flags);

#endif
