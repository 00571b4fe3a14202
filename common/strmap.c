/* strmap.c - open-addressing string interning; see strmap.h. */
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct strmap {
	uint32_t *slots;     /* id+1, 0 = empty */
	size_t nslots;
	char **keys;
	size_t *lens;
	uint32_t count, cap;
};

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
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
	for (uint32_t i = 0; i < m->count; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->lens);
	free(m->slots);
	free(m);
}

static size_t probe(const struct strmap *m, const char *key, size_t len)
{
	size_t mask = m->nslots - 1;
	size_t i = (size_t)hash_bytes(key, len) & mask;
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
	for (size_t i = 0; i < old_n; i++) {
		if (!old[i])
			continue;
		uint32_t id = old[i] - 1;
		m->slots[probe(m, m->keys[id], m->lens[id])] = old[i];
	}
	free(old);
}

uint32_t strmap_intern(struct strmap *m, const char *key, size_t len, int *added)
{
	size_t i = probe(m, key, len);
	if (m->slots[i]) {
		if (added)
			*added = 0;
		return m->slots[i] - 1;
	}
	if (m->count == UINT32_MAX - 1)
		pga_die("too many distinct keys");
	if (m->count == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->keys = xrealloc(m->keys, m->cap * sizeof(*m->keys));
		m->lens = xrealloc(m->lens, m->cap * sizeof(*m->lens));
	}
	uint32_t id = m->count++;
	m->keys[id] = xstrndup(key, len);
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
	size_t i = probe(m, key, len);
	return m->slots[i] ? m->slots[i] - 1 : UINT32_MAX;
}

const char *strmap_key(const struct strmap *m, uint32_t id) { return m->keys[id]; }
size_t strmap_keylen(const struct strmap *m, uint32_t id) { return m->lens[id]; }
uint32_t strmap_count(const struct strmap *m) { return m->count; }
