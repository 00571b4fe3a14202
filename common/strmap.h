/*
 * strmap.h - interning of strings (object shas, paths) to dense ids.
 * Keys are copied into the map; ids are 0..count-1 in insertion order and
 * stay valid for the map's life. Memory grows with the number of distinct
 * keys only.
 */
#ifndef PGA_STRMAP_H
#define PGA_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap;
struct strmap *strmap_new(void);
void strmap_free(struct strmap *m);
/* Id of key (len bytes), adding it if absent; *added (if given) says which. */
uint32_t strmap_intern(struct strmap *m, const char *key, size_t len, int *added);
/* Id of key, or UINT32_MAX if absent. */
uint32_t strmap_find(const struct strmap *m, const char *key, size_t len);
/* The key of id (NUL-terminated, owned by the map) and its length. */
const char *strmap_key(const struct strmap *m, uint32_t id);
size_t strmap_keylen(const struct strmap *m, uint32_t id);
uint32_t strmap_count(const struct strmap *m);

#endif
