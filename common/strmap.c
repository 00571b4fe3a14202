/* strmap.c - open-addressing string interning (keys packed in arena blocks); see strmap.h. */
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct strmap {
	uint32_t *slots;     /* id+1, 0 = empty */
	size_t nslots;
	char **keys;         /* into the arena blocks: they never move */
	size_t *lens;
	uint32_t count, cap;
	/* the keys, NUL-terminated, packed into blocks (not one malloc per key: the
	 * allocator's per-block overhead was about a fifth of a sha key's memory) */
	char **blocks;
	size_t nblocks, block_used, block_size;
};

#define STRMAP_BLOCK (64 * 1024)

static char *keep_key(struct strmap *m, const char *key, size_t len)
{
	if (m->nblocks == 0 || m->block_size - m->block_used < len + 1) {
		size_t size = len + 1 > STRMAP_BLOCK ? len + 1 : STRMAP_BLOCK;
		m->blocks = xrealloc(m->blocks, (m->nblocks + 1) * sizeof(*m->blocks));
		m->blocks[m->nblocks++] = xmalloc(size);
		m->block_size = size;
		m->block_used = 0;
	}
	char *k = m->blocks[m->nblocks - 1] + m->block_used;
	memcpy(k, key, len);
	k[len] = '\0';
	m->block_used += len + 1;
	return k;
}

/*
 * 8 bytes per step (keys are 64-character shas and paths of dozens of bytes:
 * FNV-1a, one multiply per byte, was most of the interning cost). Only the slot
 * order depends on it, never an id.
 */
static uint64_t hash_bytes(const char *s, size_t len)
{
	const uint64_t k = 0x9E3779B97F4A7C15ULL;
	uint64_t h = 0x243F6A8885A308D3ULL ^ (len * k);
	size_t i = 0;
	for (; len - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	if (i < len) {
		uint64_t w = 0;
		memcpy(&w, s + i, len - i);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	h *= 0xBF58476D1CE4E5B9ULL;
	return h ^ (h >> 31);
}

struct strmap *strmap_new(void)
{
	struct strmap *m = xcalloc(1, sizeof(*m));
	m->nslots = 64;
	m->slots = xcalloc(m->nslots, sizeof(*m->slots));
	return m;
}

void strmap_free(struct strmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nblocks; i++)
		free(m->blocks[i]);
	free(m->blocks);
	free(m->keys);
	free(m->lens);
	free(m->slots);
	free(m);
}

static size_t probe(const struct strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->nslots - 1;
	size_t i = (size_t)h & mask;
	for (;;) {
		uint32_t s = m->slots[i];
		if (!s)
			return i;
		uint32_t id = s - 1;
		if (m->lens[id] == len && memcmp(m->keys[id], key, len) == 0)
			return i;
		i = (i + 1) & mask;
	}
}

static void grow(struct strmap *m)
{
	size_t old_n = m->nslots;
	uint32_t *old = m->slots;
	m->nslots *= 2;
	m->slots = xcalloc(m->nslots, sizeof(*m->slots));
	size_t mask = m->nslots - 1;
	for (size_t i = 0; i < old_n; i++) {
		if (!old[i])
			continue;
		uint32_t id = old[i] - 1;
		size_t j = (size_t)hash_bytes(m->keys[id], m->lens[id]) & mask;
		while (m->slots[j])
			j = (j + 1) & mask;
		m->slots[j] = old[i];
	}
	free(old);
}

uint32_t strmap_intern(struct strmap *m, const char *key, size_t len, int *added)
{
	uint64_t h = hash_bytes(key, len);
	size_t i = probe(m, key, len, h);
	if (m->slots[i]) {
		if (added)
			*added = 0;
		return m->slots[i] - 1;
	}
	if (m->count == UINT32_MAX - 1)
		pga_die("too many distinct keys");
	if (m->count == m->cap) {
		ALLOC_GROW(m->keys, (size_t)m->count + 1, m->cap, 64);
		m->lens = xreallocarray(m->lens, m->cap, sizeof(*m->lens));
	}
	uint32_t id = m->count++;
	m->keys[id] = keep_key(m, key, len);
	m->lens[id] = len;
	m->slots[i] = id + 1;
	if ((size_t)m->count * 2 > m->nslots)
		grow(m);
	if (added)
		*added = 1;
	return id;
}

uint32_t strmap_find(const struct strmap *m, const char *key, size_t len)
{
	size_t i = probe(m, key, len, hash_bytes(key, len));
	return m->slots[i] ? m->slots[i] - 1 : UINT32_MAX;
}

const char *strmap_key(const struct strmap *m, uint32_t id) { return m->keys[id]; }
size_t strmap_keylen(const struct strmap *m, uint32_t id) { return m->lens[id]; }
uint32_t strmap_count(const struct strmap *m) { return m->count; }
