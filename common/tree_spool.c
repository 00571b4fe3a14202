/*
 * tree_spool.c - rows regrouped by tree on a scratch file (tree_spool.h).
 *
 * Scratch layout: a sequence of runs, each
 *   u64 offset of the same tree's previous run (UINT64_MAX: none)
 *   u32 number of rows, u32 number of bytes of the records that follow
 *   records: u32 path length, u32 row length, path bytes, row bytes
 *   (ROW_AFTER_TREE set in the row length: the row's "TREE," head is left out, the
 *   run's tree holds it)
 * A writer builds runs in its own buffer, in place (a run ends when the next
 * row is another tree's or the run reaches RUN_MAX bytes), and writes them out
 * a buffer at a time: only then, under the spool's lock, does it take its place
 * in the file and link each run to its tree's previous one. The lock is taken
 * once per WRITE_BUF bytes, so writers on several threads hardly meet.
 */
#include "display.h"
#include "tree_spool.h"

#include <pthread.h>
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
/* in a record's row length: the row is stored without its "TREE," head (rows are under 1 GiB) */
#define ROW_AFTER_TREE (1u << 31)

struct spool_tree {
	uint64_t last_run;  /* offset of its latest run in the file, NO_RUN if none */
	uint64_t rows;
	uint64_t bytes;     /* of its records, headers included */
};

/* a run in a writer's buffer, not yet in the file */
struct pending_run {
	size_t key_off, key_len; /* its tree, in the writer's keys */
	size_t at;               /* its offset in the writer's buffer */
	uint32_t rows, bytes;
};

struct tree_spool_writer {
	struct tree_spool *s;
	struct strbuf out;       /* runs not written yet, the last one maybe being built */
	size_t run_at;           /* the offset in out of the run being built */
	struct strbuf run_tree;  /* its tree */
	uint32_t run_rows;
	int in_run;
	struct strbuf keys;      /* the trees of the pending runs, back to back */
	struct pending_run *pending;
	size_t npending, cap;
};

struct tree_spool {
	int fd;
	pthread_mutex_t lock;  /* file_size, keys and trees, while writers add */
	uint64_t file_size;    /* bytes of the file given out to writers so far */
	struct strmap *keys;
	struct spool_tree *trees;
	size_t cap;
	struct tree_spool_writer *own; /* tree_spool_add()'s writer, NULL until it adds */
	unsigned writers;      /* writers not closed */
	int sealed;
	char *what;            /* "the scratch file DIR/.tree_entries.scratch", for messages */
};

struct spool_row {
	/* the path's first 16 bytes as two big-endian numbers, zero-padded: most comparisons
	   of the sort end here, without following the pointers (a path holds no NUL byte, and
	   equal keys fall back to the bytes, so the order is the bytes' order regardless) */
	uint64_t key[2];
	const char *path, *row;
	uint32_t path_len, row_len; /* row_len: ROW_AFTER_TREE set when row lacks its head */
};

struct spool_tree_rows {
	char *buf;               /* the tree's records */
	char *head;              /* "TREE,": the head of the rows stored without it */
	size_t head_len;
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
	if (pthread_mutex_init(&s->lock, NULL) != 0)
		pga_die("cannot create the lock of %s", s->what);
	s->keys = strmap_new();
	return s;
}

struct tree_spool_writer *tree_spool_writer_new(struct tree_spool *s)
{
	struct tree_spool_writer *w = xcalloc(1, sizeof(*w));
	w->s = s;
	strbuf_init(&w->out, WRITE_BUF + RUN_MAX);
	strbuf_init(&w->run_tree, 80);
	strbuf_init(&w->keys, 4096);
	pthread_mutex_lock(&s->lock);
	if (s->sealed)
		pga_die("tree_spool_writer_new() after tree_spool_seal() (internal error)");
	s->writers++;
	pthread_mutex_unlock(&s->lock);
	return w;
}

static void put_u32(struct strbuf *sb, uint32_t v) { strbuf_add(sb, &v, sizeof(v)); }
static void put_u64(struct strbuf *sb, uint64_t v) { strbuf_add(sb, &v, sizeof(v)); }

/* Give w's runs their place in the file, link them to their trees, and write them. */
static void flush_out(struct tree_spool_writer *w)
{
	struct tree_spool *s = w->s;
	if (!w->out.len)
		return;
	pthread_mutex_lock(&s->lock);
	uint64_t base = s->file_size;
	s->file_size += w->out.len;
	for (size_t i = 0; i < w->npending; i++) {
		const struct pending_run *r = &w->pending[i];
		int added;
		uint32_t id = strmap_intern(s->keys, w->keys.buf + r->key_off, r->key_len, &added);
		if (added) {
			ALLOC_GROW(s->trees, (size_t)id + 1, s->cap, 1024);
			s->trees[id] = (struct spool_tree){ .last_run = NO_RUN };
		}
		struct spool_tree *t = &s->trees[id];
		memcpy(w->out.buf + r->at, &t->last_run, 8);
		t->last_run = base + r->at;
		t->rows += r->rows;
		t->bytes += r->bytes;
	}
	pthread_mutex_unlock(&s->lock);
	scratch_write_at(s->fd, w->out.buf, w->out.len, base, s->what);
	strbuf_reset(&w->out);
	strbuf_reset(&w->keys);
	w->npending = 0;
}

/* Bytes of records in the run being built. */
static size_t run_bytes(const struct tree_spool_writer *w) { return w->out.len - w->run_at - RUN_HEADER; }

/* Close the run being built: its header gets its counts, its tree's link is filled in by flush_out(). */
static void end_run(struct tree_spool_writer *w)
{
	if (!w->in_run)
		return;
	ALLOC_GROW(w->pending, w->npending + 1, w->cap, 64);
	uint32_t bytes = (uint32_t)run_bytes(w);
	memcpy(w->out.buf + w->run_at + 8, &w->run_rows, 4);
	memcpy(w->out.buf + w->run_at + 12, &bytes, 4);
	w->pending[w->npending++] = (struct pending_run){ .key_off = w->keys.len, .key_len = w->run_tree.len,
							  .at = w->run_at, .rows = w->run_rows, .bytes = bytes };
	strbuf_add(&w->keys, w->run_tree.buf, w->run_tree.len);
	w->run_rows = 0;
	w->in_run = 0;
	if (w->out.len >= WRITE_BUF)
		flush_out(w);
}

static void writer_add(struct tree_spool_writer *w, const char *tree, size_t tree_len, const char *path,
		       size_t path_len, const char *row, size_t row_len, uint32_t flags)
{
	if (path_len > (1u << 30) || row_len > (1u << 30))
		pga_die("a tree_entries row of tree %s is larger than 1 GiB", dvn(tree, tree_len > 80 ? 80 : tree_len));
	size_t rec = RECORD_HEADER + path_len + row_len;
	if (w->in_run && (tree_len != w->run_tree.len || memcmp(tree, w->run_tree.buf, tree_len) != 0 ||
			  (run_bytes(w) && run_bytes(w) + rec > RUN_MAX)))
		end_run(w);
	if (!w->in_run) {
		strbuf_reset(&w->run_tree);
		strbuf_add(&w->run_tree, tree, tree_len);
		/* the header's link and counts are filled in when the run ends and is written */
		w->run_at = w->out.len;
		put_u64(&w->out, NO_RUN);
		put_u32(&w->out, 0);
		put_u32(&w->out, 0);
		w->in_run = 1;
	}
	/* the record in one reservation and four copies (four strbuf_add() calls, each growing
	   and terminating the buffer, were 1.5% of the export's CPU: 9.5 M rows at 10k x 1k) */
	strbuf_grow(&w->out, rec);
	char *at = w->out.buf + w->out.len;
	uint32_t lens[2] = { (uint32_t)path_len, (uint32_t)row_len | flags };
	memcpy(at, lens, RECORD_HEADER);
	memcpy(at + RECORD_HEADER, path, path_len);
	memcpy(at + RECORD_HEADER + path_len, row, row_len);
	w->out.len += rec;
	w->out.buf[w->out.len] = '\0';
	w->run_rows++;
}

void tree_spool_writer_add(struct tree_spool_writer *w, const char *tree, size_t tree_len, const char *path,
			   size_t path_len, const char *row, size_t row_len)
{
	writer_add(w, tree, tree_len, path, path_len, row, row_len, 0);
}

void tree_spool_writer_add_after_tree(struct tree_spool_writer *w, const char *tree, size_t tree_len,
				      const char *path, size_t path_len, const char *rest, size_t rest_len)
{
	writer_add(w, tree, tree_len, path, path_len, rest, rest_len, ROW_AFTER_TREE);
}

static void writer_free(struct tree_spool_writer *w)
{
	strbuf_release(&w->out);
	strbuf_release(&w->run_tree);
	strbuf_release(&w->keys);
	free(w->pending);
	free(w);
}

void tree_spool_writer_close(struct tree_spool_writer *w)
{
	if (!w)
		return;
	end_run(w);
	flush_out(w);
	struct tree_spool *s = w->s;
	pthread_mutex_lock(&s->lock);
	s->writers--;
	pthread_mutex_unlock(&s->lock);
	writer_free(w);
}

void tree_spool_add(struct tree_spool *s, const char *tree, size_t tree_len, const char *path, size_t path_len,
		    const char *row, size_t row_len)
{
	if (s->sealed)
		pga_die("tree_spool_add() after tree_spool_seal() (internal error)");
	if (!s->own)
		s->own = tree_spool_writer_new(s);
	tree_spool_writer_add(s->own, tree, tree_len, path, path_len, row, row_len);
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

/* The big-endian number of path[off..off+8), zero-padded past len. */
static uint64_t path_key(const char *path, size_t len, size_t off)
{
	uint64_t k = 0;
	for (size_t i = off; i < off + 8; i++)
		k = k << 8 | (i < len ? (unsigned char)path[i] : 0u);
	return k;
}

static inline int cmp_rows(const struct spool_row *a, const struct spool_row *b)
{
	if (a->key[0] != b->key[0])
		return a->key[0] < b->key[0] ? -1 : 1;
	if (a->key[1] != b->key[1])
		return a->key[1] < b->key[1] ? -1 : 1;
	int c = cmp_bytes(a->path, a->path_len, b->path, b->path_len);
	if (c)
		return c;
	/* equal paths (a table without the key): by the rows' bytes, all of one tree with the same head or
	   none (tree_spool_writer_add_after_tree()); were they mixed, whole rows first: still one order */
	if ((a->row_len ^ b->row_len) & ROW_AFTER_TREE)
		return a->row_len & ROW_AFTER_TREE ? 1 : -1;
	return cmp_bytes(a->row, a->row_len & ~ROW_AFTER_TREE, b->row, b->row_len & ~ROW_AFTER_TREE);
}

/*
 * The rows of one tree in cmp_rows() order: a merge sort with the comparison inlined.
 * glibc's qsort() sorts 40-byte elements indirectly, through a comparison called by
 * pointer, and was about a tenth of the export's CPU on a store whose rows are not
 * stored in path order (docs/performance.md, round 16). Equal rows are equal bytes, so
 * any sort emits the same bytes. tmp holds n rows; a half already in order is kept.
 */
static void insertion_sort_rows(struct spool_row *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct spool_row x = a[i];
		size_t j = i;
		for (; j > 0 && cmp_rows(&x, &a[j - 1]) < 0; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

static void merge_sort_rows(struct spool_row *a, struct spool_row *tmp, size_t n)
{
	if (n <= 16) {
		insertion_sort_rows(a, n);
		return;
	}
	size_t h = n / 2;
	merge_sort_rows(a, tmp, h);
	merge_sort_rows(a + h, tmp, n - h);
	if (cmp_rows(&a[h - 1], &a[h]) <= 0)
		return;
	/* the left half moves to tmp; the merge writes a[k] with k <= j, never past the right half's next row */
	memcpy(tmp, a, h * sizeof(*a));
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		a[k++] = cmp_rows(&a[j], &tmp[i]) < 0 ? a[j++] : tmp[i++];
	while (i < h)
		a[k++] = tmp[i++];
}

void tree_spool_seal(struct tree_spool *s)
{
	tree_spool_writer_close(s->own);
	s->own = NULL;
	if (s->writers)
		pga_die("tree_spool_seal() with %u writer%s still open (internal error)", s->writers,
			s->writers == 1 ? "" : "s");
	s->sealed = 1;
}

static void damaged(const struct tree_spool *s, size_t i, uint64_t off)
{
	pga_die("%s is damaged (a run of tree %s at offset %llu)", s->what, dv(tree_spool_tree(s, i, NULL)),
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
	size_t key_len;
	const char *key = tree_spool_tree(s, i, &key_len);
	r->head = xmalloc(key_len + 2);
	memcpy(r->head, key, key_len);
	r->head[key_len] = ',';
	r->head[key_len + 1] = '\0';
	r->head_len = key_len + 1;
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
			if ((uint64_t)pl + (rl & ~ROW_AFTER_TREE) > stop - p - RECORD_HEADER)
				damaged(s, i, off);
			const char *path = r->buf + p + RECORD_HEADER;
			r->rows[k] = (struct spool_row){ { path_key(path, pl, 0), path_key(path, pl, 8) }, path,
							 path + pl, pl, rl };
			p += RECORD_HEADER + (size_t)pl + (rl & ~ROW_AFTER_TREE);
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
	if (!sorted) {
		struct spool_row *tmp = xmalloc((r->n / 2 + 1) * sizeof(*tmp));
		merge_sort_rows(r->rows, tmp, r->n);
		free(tmp);
	}
	return r;
}

void tree_rows_emit(const struct spool_tree_rows *r, const char *after_path, size_t after_len,
		    void (*fn)(const char *head, size_t head_len, const char *row, size_t len, void *arg), void *arg)
{
	for (size_t k = 0; k < r->n; k++) {
		const struct spool_row *w = &r->rows[k];
		if (after_path && cmp_bytes(w->path, w->path_len, after_path, after_len) <= 0)
			continue;
		int after_tree = (w->row_len & ROW_AFTER_TREE) != 0;
		fn(r->head, after_tree ? r->head_len : 0, w->row, w->row_len & ~ROW_AFTER_TREE, arg);
	}
}

void tree_rows_each(const struct spool_tree_rows *r,
		    void (*fn)(const char *path, size_t path_len, const char *row, size_t len, void *arg), void *arg)
{
	for (size_t k = 0; k < r->n; k++)
		fn(r->rows[k].path, r->rows[k].path_len, r->rows[k].row, r->rows[k].row_len & ~ROW_AFTER_TREE, arg);
}

void tree_rows_free(struct spool_tree_rows *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->head);
	free(r->rows);
	free(r);
}

void tree_spool_free(struct tree_spool *s)
{
	if (!s)
		return;
	close(s->fd);
	if (s->own) /* never sealed (an error path): its buffers go, nothing is written */
		writer_free(s->own);
	pthread_mutex_destroy(&s->lock);
	strmap_free(s->keys);
	free(s->trees);
	free(s->what);
	free(s);
}
