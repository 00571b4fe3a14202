/* test_tree_spool.c - CUnit tests of the export's regrouping of tree_entries
 * rows (tree_spool) and of the leading-field CSV decoder that feeds it: rows
 * added in scrambled order come back tree by tree, sorted by path in byte
 * order (a prefix first, ties by the row), also when a tree's rows are spread
 * over many runs and runs are cut by size, and when writers on several threads
 * add at once; the resume filter; quoted fields. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "strbuf.h"
#include "tree_spool.h"
#include "unit.h"

static void collect(const char *head, size_t head_len, const char *row, size_t len, void *arg)
{
	strbuf_add(arg, head, head_len);
	strbuf_add(arg, row, len);
}

static char *emit_all(const struct tree_spool *s, size_t i, const char *after)
{
	struct strbuf out = STRBUF_INIT;
	struct spool_tree_rows *r = tree_spool_load(s, i);
	tree_rows_emit(r, after, after ? strlen(after) : 0, collect, &out);
	tree_rows_free(r);
	return strbuf_detach(&out, NULL);
}

/* Tree i's rows are exactly want's bytes (released). */
static void assert_emits(const struct tree_spool *s, size_t i, struct strbuf *want)
{
	char *got = emit_all(s, i, NULL);
	CU_ASSERT_EQUAL(strlen(got), want->len);
	CU_ASSERT(strcmp(got, want->buf) == 0);
	free(got);
	strbuf_release(want);
}

static void add(struct tree_spool *s, const char *tree, const char *path, const char *row)
{
	tree_spool_add(s, tree, strlen(tree), path, strlen(path), row, strlen(row));
}

static void test_sorted_by_path_per_tree(void)
{
	struct tree_spool *s = tree_spool_new(".");
	/* interleaved trees; paths where byte order differs from the naive one:
	   a prefix sorts first, '!' (0x21) before ',' and before letters, UTF-8 after ASCII */
	add(s, "t2", "b", "t2 b\n");
	add(s, "t1", "a.b!", "t1 a.b!\n");
	add(s, "t1", "a.b", "t1 a.b\n");
	add(s, "t2", "a", "t2 a\n");
	add(s, "t1", "\xc3\xa9", "t1 e-acute\n");
	add(s, "t1", "a.b2", "t1 a.b2\n");
	add(s, "t1", "A", "t1 A\n");
	tree_spool_seal(s);
	CU_ASSERT_EQUAL(tree_spool_ntrees(s), 2);
	CU_ASSERT_STRING_EQUAL(tree_spool_tree(s, 0, NULL), "t2");
	CU_ASSERT_STRING_EQUAL(tree_spool_tree(s, 1, NULL), "t1");
	CU_ASSERT_EQUAL(tree_spool_rows(s, 1), 5);
	char *t1 = emit_all(s, 1, NULL), *t2 = emit_all(s, 0, NULL);
	CU_ASSERT_STRING_EQUAL(t1, "t1 A\nt1 a.b\nt1 a.b!\nt1 a.b2\nt1 e-acute\n");
	CU_ASSERT_STRING_EQUAL(t2, "t2 a\nt2 b\n");
	free(t1);
	free(t2);
	/* resuming after a path: only what sorts after it, whether or not the path exists */
	char *after = emit_all(s, 1, "a.b");
	CU_ASSERT_STRING_EQUAL(after, "t1 a.b!\nt1 a.b2\nt1 e-acute\n");
	free(after);
	after = emit_all(s, 1, "a.b1");
	CU_ASSERT_STRING_EQUAL(after, "t1 a.b2\nt1 e-acute\n");
	free(after);
	after = emit_all(s, 1, "");
	CU_ASSERT_STRING_EQUAL(after, "t1 A\nt1 a.b\nt1 a.b!\nt1 a.b2\nt1 e-acute\n");
	free(after);
	tree_spool_free(s);
}

static void test_equal_paths_by_row(void)
{
	struct tree_spool *s = tree_spool_new(".");
	add(s, "t", "p", "row z\n");
	add(s, "t", "p", "row a\n");
	add(s, "t", "o", "row o\n");
	tree_spool_seal(s);
	char *out = emit_all(s, 0, NULL);
	CU_ASSERT_STRING_EQUAL(out, "row o\nrow a\nrow z\n");
	free(out);
	tree_spool_free(s);
}

static void collect_each(const char *path, size_t path_len, const char *row, size_t len, void *arg)
{
	strbuf_addf(arg, "%.*s|%.*s", (int)path_len, path, (int)len, row);
}

/*
 * Rows added as "TREE," and the rest (the export's sha-led rows) come back whole, sorted
 * with their tree's other rows; the scratch file holds them without the head (a tree of
 * such rows needs fewer bytes loaded); tree_rows_each() hands the rest only.
 */
static void test_rows_after_tree(void)
{
	static const char *tree = "8e6980a91e82db568bae9b5d515497580a5f5a719a15a9338474a6033ca57456";
	static const char *rests[] = { "\"b\",100644,ff\n", "\"a\"\"q\",100644,ee\n", "a,40000,dd\n" };
	static const char *paths[] = { "b", "a\"q", "a" };
	struct tree_spool *whole = tree_spool_new("."), *after = tree_spool_new(".");
	struct tree_spool_writer *ww = tree_spool_writer_new(whole), *wa = tree_spool_writer_new(after);
	for (int i = 0; i < 3; i++) {
		char *row = NULL;
		CU_ASSERT(asprintf(&row, "%s,%s", tree, rests[i]) > 0);
		tree_spool_writer_add(ww, tree, strlen(tree), paths[i], strlen(paths[i]), row, strlen(row));
		tree_spool_writer_add_after_tree(wa, tree, strlen(tree), paths[i], strlen(paths[i]), rests[i],
						 strlen(rests[i]));
		free(row);
	}
	tree_spool_writer_close(ww);
	tree_spool_writer_close(wa);
	tree_spool_seal(whole);
	tree_spool_seal(after);
	char *a = emit_all(after, 0, NULL), *w = emit_all(whole, 0, NULL);
	CU_ASSERT_STRING_EQUAL(a, w);
	char *want = NULL;
	CU_ASSERT(asprintf(&want, "%s,%s%s,%s%s,%s", tree, rests[2], tree, rests[1], tree, rests[0]) > 0);
	CU_ASSERT_STRING_EQUAL(a, want);
	free(want);
	free(w);
	free(a);
	/* resuming after a path works on them too */
	a = emit_all(after, 0, "a");
	CU_ASSERT(asprintf(&want, "%s,%s%s,%s", tree, rests[1], tree, rests[0]) > 0);
	CU_ASSERT_STRING_EQUAL(a, want);
	free(want);
	free(a);
	/* 65 bytes a row less to load */
	CU_ASSERT_EQUAL(tree_spool_load_size(whole, 0) - tree_spool_load_size(after, 0), 3 * (strlen(tree) + 1));
	struct spool_tree_rows *r = tree_spool_load(after, 0);
	struct strbuf each = STRBUF_INIT;
	tree_rows_each(r, collect_each, &each);
	CU_ASSERT_STRING_EQUAL(each.buf, "a|a,40000,dd\na\"q|\"a\"\"q\",100644,ee\nb|\"b\",100644,ff\n");
	strbuf_release(&each);
	tree_rows_free(r);
	tree_spool_free(whole);
	tree_spool_free(after);
}

/* Many trees, rows in a scrambled order (one run per row), and rows large enough that runs are cut by size. */
static void test_many_runs(void)
{
	enum { TREES = 40, PATHS = 300 };
	struct tree_spool *s = tree_spool_new(".");
	char *big = malloc(40001);
	memset(big, 'x', 40000);
	big[40000] = '\0';
	unsigned long long seed = 12345;
	int *perm = malloc(TREES * PATHS * sizeof(*perm));
	for (int i = 0; i < TREES * PATHS; i++)
		perm[i] = i;
	for (int i = TREES * PATHS - 1; i > 0; i--) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		int j = (int)((seed >> 33) % (unsigned long long)(i + 1)), t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	/* first the scrambled rows, then tree 0's big rows in a row (several 1 MiB runs) */
	for (int k = 0; k < TREES * PATHS; k++) {
		int t = perm[k] / PATHS, p = perm[k] % PATHS;
		char tree[16], path[16], row[64];
		snprintf(tree, sizeof(tree), "tree%02d", t);
		snprintf(path, sizeof(path), "p%05d", p);
		snprintf(row, sizeof(row), "%s,%s\n", tree, path);
		add(s, tree, path, row);
	}
	for (int p = 99; p >= 0; p--) {
		char path[16];
		snprintf(path, sizeof(path), "q%05d", p);
		add(s, "tree00", path, big);
	}
	tree_spool_seal(s);
	CU_ASSERT_EQUAL(tree_spool_ntrees(s), TREES);
	for (size_t i = 0; i < TREES; i++) {
		const char *tree = tree_spool_tree(s, i, NULL);
		int is0 = strcmp(tree, "tree00") == 0;
		CU_ASSERT_EQUAL(tree_spool_rows(s, i), (uint64_t)(PATHS + (is0 ? 100 : 0)));
		struct strbuf want = STRBUF_INIT;
		for (int p = 0; p < PATHS; p++)
			strbuf_addf(&want, "%s,p%05d\n", tree, p);
		for (int p = 0; is0 && p < 100; p++)
			strbuf_addstr(&want, big);
		assert_emits(s, i, &want);
	}
	tree_spool_free(s);
	free(perm);
	free(big);
}

/* a (path, row) pair of test_sort_against_reference, compared as tree_spool documents */
struct ref_row {
	char path[48], row[96];
};

static int cmp_ref(const void *pa, const void *pb)
{
	const struct ref_row *a = pa, *b = pb;
	int c = strcmp(a->path, b->path); /* no NUL in a path: strcmp is byte order, a prefix first */
	return c ? c : strcmp(a->row, b->row);
}

/*
 * Trees of 0 to 3,000 rows with paths that share long prefixes (past the 16 bytes the
 * sort compares as numbers), are prefixes of each other, repeat with other rows and
 * repeat whole, in scrambled, sorted and reversed order: emitted exactly as a reference
 * qsort() of the same rows orders them.
 */
static void test_sort_against_reference(void)
{
	static const int sizes[] = { 0, 1, 2, 15, 16, 17, 33, 100, 1000, 3000 };
	unsigned long long seed = 777;
	for (size_t si = 0; si < sizeof(sizes) / sizeof(*sizes); si++)
		for (int shape = 0; shape < 3; shape++) {
			int n = sizes[si];
			struct ref_row *rows = calloc((size_t)n + 1, sizeof(*rows));
			for (int k = 0; k < n; k++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				unsigned r = (unsigned)(seed >> 33);
				static const char *prefixes[] = { "", "a", "schema_with_a_long_name.", "schema_with_a_long_name.t",
								  "\xc3\xa9", "Z" };
				snprintf(rows[k].path, sizeof(rows[k].path), "%s%.*s", prefixes[r % 6], (int)(r >> 3) % 4,
					 &"!,x\x7f"[(r >> 5) % 3]);
				if ((r >> 9) % 4 == 0 && k > 0) /* a path again, with the same row or another */
					memcpy(rows[k].path, rows[(r >> 11) % (unsigned)k].path, sizeof(rows[k].path));
				snprintf(rows[k].row, sizeof(rows[k].row), "t,%s,%u\n", rows[k].path, (r >> 13) % 3);
			}
			if (shape > 0)
				qsort(rows, (size_t)n, sizeof(*rows), cmp_ref);
			if (shape == 2)
				for (int k = 0; k < n / 2; k++) {
					struct ref_row t = rows[k];
					rows[k] = rows[n - 1 - k];
					rows[n - 1 - k] = t;
				}
			struct tree_spool *s = tree_spool_new(".");
			for (int k = 0; k < n; k++)
				add(s, "t", rows[k].path, rows[k].row);
			add(s, "u", "other", "u,other\n"); /* so that every case has a tree */
			tree_spool_seal(s);
			qsort(rows, (size_t)n, sizeof(*rows), cmp_ref);
			struct strbuf want = STRBUF_INIT;
			strbuf_addstr(&want, "");
			for (int k = 0; k < n; k++)
				strbuf_addstr(&want, rows[k].row);
			size_t t = strcmp(tree_spool_tree(s, 0, NULL), "t") == 0 ? 0 : 1;
			if (n)
				assert_emits(s, t, &want);
			else
				strbuf_release(&want);
			tree_spool_free(s);
			free(rows);
		}
}

/* rows k of a scrambled set where k % nthreads == thread, through a writer of its own */
struct writer_share {
	struct tree_spool *s;
	int thread, nthreads, trees, paths;
	const int *perm;
};

static void *add_share(void *arg)
{
	const struct writer_share *w = arg;
	struct tree_spool_writer *sw = tree_spool_writer_new(w->s);
	for (int k = w->thread; k < w->trees * w->paths; k += w->nthreads) {
		int t = w->perm[k] / w->paths, p = w->perm[k] % w->paths;
		char tree[16], path[16], row[64];
		snprintf(tree, sizeof(tree), "tree%02d", t);
		snprintf(path, sizeof(path), "p%05d", p);
		snprintf(row, sizeof(row), "%s,%s,%d\n", tree, path, k % 7);
		tree_spool_writer_add(sw, tree, strlen(tree), path, strlen(path), row, strlen(row));
	}
	tree_spool_writer_close(sw);
	return NULL;
}

/* three writers adding at once (runs of a tree from several writers, links across
   their buffers) give every row back exactly once, in order */
static void test_writers_on_threads(void)
{
	enum { TREES = 30, PATHS = 10000, THREADS = 3 }; /* about 3 MiB per writer: several flushes each */
	struct tree_spool *s = tree_spool_new(".");
	int *perm = malloc(TREES * PATHS * sizeof(*perm));
	for (int i = 0; i < TREES * PATHS; i++)
		perm[i] = i;
	/* blocks of 50 rows of one tree (runs), the blocks shuffled */
	unsigned long long seed = 777;
	for (int i = TREES * PATHS / 50 - 1; i > 0; i--) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		int j = (int)((seed >> 33) % (unsigned long long)(i + 1));
		for (int b = 0; b < 50; b++) {
			int t = perm[i * 50 + b];
			perm[i * 50 + b] = perm[j * 50 + b];
			perm[j * 50 + b] = t;
		}
	}
	pthread_t th[THREADS];
	struct writer_share share[THREADS];
	for (int k = 0; k < THREADS; k++) {
		share[k] = (struct writer_share){ s, k, THREADS, TREES, PATHS, perm };
		CU_ASSERT_FATAL(pthread_create(&th[k], NULL, add_share, &share[k]) == 0);
	}
	for (int k = 0; k < THREADS; k++)
		pthread_join(th[k], NULL);
	tree_spool_seal(s);
	CU_ASSERT_EQUAL(tree_spool_ntrees(s), TREES);
	int *where = malloc(TREES * PATHS * sizeof(*where)); /* row (t, p) was added as k */
	for (int k = 0; k < TREES * PATHS; k++)
		where[perm[k]] = k;
	for (size_t i = 0; i < tree_spool_ntrees(s); i++) {
		const char *tree = tree_spool_tree(s, i, NULL);
		int t = atoi(tree + 4);
		CU_ASSERT_EQUAL(tree_spool_rows(s, i), (uint64_t)PATHS);
		struct strbuf want = STRBUF_INIT;
		for (int p = 0; p < PATHS; p++)
			strbuf_addf(&want, "%s,p%05d,%d\n", tree, p, where[t * PATHS + p] % 7);
		assert_emits(s, i, &want);
	}
	tree_spool_free(s);
	free(where);
	free(perm);
}

/* head, then c n times, then tail: a row with one long field */
static void long_row(struct strbuf *sb, const char *head, char c, int n, const char *tail)
{
	strbuf_addstr(sb, head);
	for (int i = 0; i < n; i++)
		strbuf_addch(sb, c);
	strbuf_addstr(sb, tail);
}

static void test_row_decoder(void)
{
	struct csv_row_decoder *d = csv_row_decoder_new(2);
	struct csv_field *f;
	static const char plain[] = "aaaa,public.t,100644,bbbb\n";
	CU_ASSERT_EQUAL(csv_row_decode(d, plain, strlen(plain), &f), 2);
	CU_ASSERT_STRING_EQUAL(f[0].data, "aaaa");
	CU_ASSERT_STRING_EQUAL(f[1].data, "public.t");
	/* quoted: comma, doubled quote and newline inside the path */
	static const char quoted[] = "aaaa,\"a,\"\"b\"\"\nc\",100644,bbbb\n";
	CU_ASSERT_EQUAL(csv_row_decode(d, quoted, strlen(quoted), &f), 2);
	CU_ASSERT_STRING_EQUAL(f[1].data, "a,\"b\"\nc");
	CU_ASSERT_EQUAL(f[1].len, 7);
	/* a path longer than the first slice handed to libcsv */
	struct strbuf longrow = STRBUF_INIT;
	long_row(&longrow, "cccc,", 'p', 500, ",100644,dddd\n");
	CU_ASSERT_EQUAL(csv_row_decode(d, longrow.buf, longrow.len, &f), 2);
	CU_ASSERT_STRING_EQUAL(f[0].data, "cccc");
	CU_ASSERT_EQUAL(f[1].len, 500);
	strbuf_release(&longrow);
	/* fewer fields than wanted; an empty quoted field; NULL */
	CU_ASSERT_EQUAL(csv_row_decode(d, "only\n", 5, &f), 1);
	CU_ASSERT_STRING_EQUAL(f[0].data, "only");
	CU_ASSERT_EQUAL(csv_row_decode(d, "x,\"\",y\n", 7, &f), 2);
	CU_ASSERT_EQUAL(f[1].len, 0);
	CU_ASSERT_FALSE(f[1].is_null);
	CU_ASSERT_EQUAL(csv_row_decode(d, "x,,y\n", 5, &f), 2);
	CU_ASSERT_TRUE(f[1].is_null);
	/* malformed within the wanted fields, then the decoder still works */
	CU_ASSERT_EQUAL(csv_row_decode(d, "x,\"ab\"c,y\n", 10, &f), -1);
	CU_ASSERT_EQUAL(csv_row_decode(d, plain, strlen(plain), &f), 2);
	CU_ASSERT_STRING_EQUAL(f[1].data, "public.t");
	/* an open quote in the wanted fields leaves nothing behind for the next row */
	CU_ASSERT_EQUAL(csv_row_decode(d, "x,\"open\n", 8, &f), -1);
	CU_ASSERT_EQUAL(csv_row_decode(d, plain, strlen(plain), &f), 2);
	CU_ASSERT_STRING_EQUAL(f[0].data, "aaaa");
	/* the wanted fields end before a quoted field that the first slice cuts: not an error */
	struct strbuf cut = STRBUF_INIT;
	long_row(&cut, "t,p,\"", 'q', 300, "\",z\n");
	CU_ASSERT_EQUAL(csv_row_decode(d, cut.buf, cut.len, &f), 2);
	CU_ASSERT_STRING_EQUAL(f[1].data, "p");
	strbuf_release(&cut);
	CU_ASSERT_EQUAL(csv_row_decode(d, plain, strlen(plain), &f), 2);
	CU_ASSERT_STRING_EQUAL(f[0].data, "aaaa");
	/* libcsv is first given the row up to the second comma: here it is inside quotes */
	static const char commas[] = "\"t,u\",\"p,q,r\",100644,bbbb\n";
	CU_ASSERT_EQUAL(csv_row_decode(d, commas, strlen(commas), &f), 2);
	CU_ASSERT_STRING_EQUAL(f[0].data, "t,u");
	CU_ASSERT_STRING_EQUAL(f[1].data, "p,q,r");
	csv_row_decoder_free(d);

	/* one field (the export's path after the tree): quoted commas; a NULL; what
	   follows the wanted field is not looked at, malformed or not */
	d = csv_row_decoder_new(1);
	static const char path_commas[] = "\"a,b,,c\",100644,bbbb\n";
	CU_ASSERT_EQUAL(csv_row_decode(d, path_commas, strlen(path_commas), &f), 1);
	CU_ASSERT_STRING_EQUAL(f[0].data, "a,b,,c");
	CU_ASSERT_EQUAL(csv_row_decode(d, ",100644,bbbb\n", 13, &f), 1);
	CU_ASSERT_TRUE(f[0].is_null);
	CU_ASSERT_EQUAL(csv_row_decode(d, "p,\"ab\"c,y\n", 10, &f), 1);
	CU_ASSERT_STRING_EQUAL(f[0].data, "p");
	CU_ASSERT_EQUAL(csv_row_decode(d, "\"ab\"c,y\n", 8, &f), -1);
	CU_ASSERT_EQUAL(csv_row_decode(d, path_commas, strlen(path_commas), &f), 1);
	CU_ASSERT_STRING_EQUAL(f[0].data, "a,b,,c");
	csv_row_decoder_free(d);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "rows regrouped per tree and sorted by path in byte order; resume filter", test_sorted_by_path_per_tree },
		{ "equal paths ordered by the row's bytes", test_equal_paths_by_row },
		{ "rows stored without their tree's head come back whole", test_rows_after_tree },
		{ "scrambled rows, runs cut by size", test_many_runs },
		{ "trees of 0-3000 rows sorted as a reference qsort() sorts them", test_sort_against_reference },
		{ "three writers on threads at once", test_writers_on_threads },
		{ "leading fields of a CSV row by libcsv", test_row_decoder },
		{ NULL, NULL },
	};
	return unit_run("tree_spool", tests);
}
