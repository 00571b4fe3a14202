/*
 * tree_spool.c - rows regrouped by tree on a scratch file (tree_spool.h).
 *
 * Scratch layout: a sequence of runs, each
 *   u64 offset of the same tree's previous run (UINT64_MAX: none)
 *   u32 number of rows, u32 number of bytes of the records that follow
 *   records: u32 path length, u32 row length, path bytes, row bytes
 * written through one buffer; a run ends when the next row is another tree's
 * or the run reaches RUN_MAX bytes.
 */
#include "tree_spool.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"
#include "strmap.h"
#include "util.h"

#define RUN_MAX (1u << 20)
#define WRITE_BUF (1u << 20)
#define NO_RUN UINT64_MAX
#define RUN_HEADER 16
#define RECORD_HEADER 8

struct spool_tree {
	uint64_t last_run;  /* offset of its latest run in the file, NO_RUN if none */
	uint64_t rows;
	uint64_t bytes;     /* of its records, headers included */
};

struct tree_spool {
	int fd;
	uint64_t file_size;    /* bytes written to the file so far */
	struct strbuf out;     /* complete runs not written yet */
	struct strbuf run;     /* records of the run being built */
	uint32_t run_tree, run_rows;
	struct strmap *keys;
	struct spool_tree *trees;
	size_t cap;
	int sealed;
	char *what;            /* "the scratch file DIR/.tree_entries.scratch", for messages */
};

struct spool_row {
	const char *path, *row;
	uint32_t path_len, row_len;
};

struct spool_tree_rows {
	char *buf;               /* the tree's records */
	struct spool_row *rows;
	size_t n;
};

struct tree_spool *tree_spool_new(const char *dir)
{
	struct tree_spool *s = xcalloc(1, sizeof(*s));
	char *path = path_join(dir, ".tree_entries.scratch");
	s->what = xasprintf("the scratch file %s", path);
	free(path);
	s->fd = scratch_open(dir, ".tree_entries.scratch", s->what);
	strbuf_init(&s->out, WRITE_BUF + RUN_MAX);
	strbuf_init(&s->run, RUN_MAX);
	s->keys = strmap_new();
	s->run_tree = UINT32_MAX;
	return s;
}

static void put_u32(struct strbuf *sb, uint32_t v) { strbuf_add(sb, &v, sizeof(v)); }
static void put_u64(struct strbuf *sb, uint64_t v) { strbuf_add(sb, &v, sizeof(v)); }

static void flush_out(struct tree_spool *s)
{
	scratch_write(s->fd, s->out.buf, s->out.len, s->what);
	strbuf_reset(&s->out);
}

/* Close the run being built: it becomes its tree's latest run. */
static void end_run(struct tree_spool *s)
{
	if (s->run_tree == UINT32_MAX)
		return;
	struct spool_tree *t = &s->trees[s->run_tree];
	uint64_t off = s->file_size + s->out.len;
	put_u64(&s->out, t->last_run);
	put_u32(&s->out, s->run_rows);
	put_u32(&s->out, (uint32_t)s->run.len);
	strbuf_add(&s->out, s->run.buf, s->run.len);
	t->last_run = off;
	t->rows += s->run_rows;
	t->bytes += s->run.len;
	strbuf_reset(&s->run);
	s->run_rows = 0;
	s->run_tree = UINT32_MAX;
	if (s->out.len >= WRITE_BUF) {
		s->file_size += s->out.len;
		flush_out(s);
	}
}

void tree_spool_add(struct tree_spool *s, const char *tree, size_t tree_len, const char *path, size_t path_len,
		    const char *row, size_t row_len)
{
	if (s->sealed)
		pga_die("tree_spool_add() after tree_spool_seal() (internal error)");
	if (path_len > (1u << 30) || row_len > (1u << 30))
		pga_die("a tree_entries row of tree %.*s is larger than 1 GiB", (int)(tree_len > 80 ? 80 : tree_len),
			tree);
	int added;
	uint32_t id = strmap_intern(s->keys, tree, tree_len, &added);
	if (added) {
		if (id >= s->cap) {
			s->cap = s->cap ? s->cap * 2 : 1024;
			s->trees = xrealloc(s->trees, s->cap * sizeof(*s->trees));
		}
		s->trees[id] = (struct spool_tree){ .last_run = NO_RUN };
	}
	size_t rec = RECORD_HEADER + path_len + row_len;
	if (id != s->run_tree || (s->run.len && s->run.len + rec > RUN_MAX))
		end_run(s);
	s->run_tree = id;
	put_u32(&s->run, (uint32_t)path_len);
	put_u32(&s->run, (uint32_t)row_len);
	strbuf_add(&s->run, path, path_len);
	strbuf_add(&s->run, row, row_len);
	s->run_rows++;
}

size_t tree_spool_ntrees(const struct tree_spool *s) { return strmap_count(s->keys); }

const char *tree_spool_tree(const struct tree_spool *s, size_t i, size_t *len)
{
	if (len)
		*len = strmap_keylen(s->keys, (uint32_t)i);
	return strmap_key(s->keys, (uint32_t)i);
}

uint64_t tree_spool_rows(const struct tree_spool *s, size_t i) { return s->trees[i].rows; }

uint64_t tree_spool_load_size(const struct tree_spool *s, size_t i)
{
	return s->trees[i].bytes + s->trees[i].rows * sizeof(struct spool_row);
}

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static int cmp_rows(const void *pa, const void *pb)
{
	const struct spool_row *a = pa, *b = pb;
	int c = cmp_bytes(a->path, a->path_len, b->path, b->path_len);
	return c ? c : cmp_bytes(a->row, a->row_len, b->row, b->row_len);
}

void tree_spool_seal(struct tree_spool *s)
{
	end_run(s);
	if (s->out.len) {
		s->file_size += s->out.len;
		flush_out(s);
	}
	s->sealed = 1;
}

static void damaged(const struct tree_spool *s, size_t i, uint64_t off)
{
	pga_die("%s is damaged (a run of tree %s at offset %llu)", s->what, tree_spool_tree(s, i, NULL),
		(unsigned long long)off);
}

struct spool_tree_rows *tree_spool_load(const struct tree_spool *s, size_t i)
{
	if (!s->sealed)
		pga_die("tree_spool_load() before tree_spool_seal() (internal error)");
	const struct spool_tree *t = &s->trees[i];
	struct spool_tree_rows *r = xcalloc(1, sizeof(*r));
	r->buf = xmalloc(t->bytes ? t->bytes : 1);
	r->rows = xmalloc((t->rows ? t->rows : 1) * sizeof(*r->rows));
	r->n = t->rows;
	/* the runs, latest first, into the buffer from its end: the rows keep the order they came in */
	size_t end = t->bytes, n = t->rows;
	for (uint64_t off = t->last_run; off != NO_RUN;) {
		unsigned char h[RUN_HEADER];
		scratch_read(s->fd, h, sizeof(h), off, s->what);
		uint64_t prev;
		uint32_t nrows, nbytes;
		memcpy(&prev, h, 8);
		memcpy(&nrows, h + 8, 4);
		memcpy(&nbytes, h + 12, 4);
		if (nbytes > end || nrows > n)
			damaged(s, i, off);
		end -= nbytes;
		n -= nrows;
		scratch_read(s->fd, r->buf + end, nbytes, off + RUN_HEADER, s->what);
		size_t k = n, stop = end + nbytes;
		for (size_t p = end; p < stop; k++) {
			uint32_t pl, rl;
			if (k == n + nrows || stop - p < RECORD_HEADER)
				damaged(s, i, off);
			memcpy(&pl, r->buf + p, 4);
			memcpy(&rl, r->buf + p + 4, 4);
			if ((uint64_t)pl + rl > stop - p - RECORD_HEADER)
				damaged(s, i, off);
			r->rows[k] = (struct spool_row){ r->buf + p + RECORD_HEADER, r->buf + p + RECORD_HEADER + pl, pl, rl };
			p += RECORD_HEADER + (size_t)pl + rl;
		}
		if (k != n + nrows)
			damaged(s, i, off);
		off = prev;
	}
	if (end != 0 || n != 0)
		damaged(s, i, t->last_run);
	int sorted = 1;
	for (size_t k = 1; k < r->n && sorted; k++)
		sorted = cmp_rows(&r->rows[k - 1], &r->rows[k]) <= 0;
	if (!sorted)
		qsort(r->rows, r->n, sizeof(*r->rows), cmp_rows);
	return r;
}

void tree_rows_emit(const struct spool_tree_rows *r, const char *after_path, size_t after_len,
		    void (*fn)(const char *row, size_t len, void *arg), void *arg)
{
	for (size_t k = 0; k < r->n; k++) {
		const struct spool_row *w = &r->rows[k];
		if (after_path && cmp_bytes(w->path, w->path_len, after_path, after_len) <= 0)
			continue;
		fn(w->row, w->row_len, arg);
	}
}

void tree_rows_free(struct spool_tree_rows *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->rows);
	free(r);
}

void tree_spool_free(struct tree_spool *s)
{
	if (!s)
		return;
	close(s->fd);
	strbuf_release(&s->out);
	strbuf_release(&s->run);
	strmap_free(s->keys);
	free(s->trees);
	free(s->what);
	free(s);
}
