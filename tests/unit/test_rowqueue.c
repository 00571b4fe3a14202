/* test_rowqueue.c - CUnit tests of the row queue between two threads
 * (common/rowqueue.h): order and content of rows of every size (empty, NULL,
 * bigger than a batch, bigger than the whole budget), the memory bound, an
 * error handed over after the rows before it, cancellation, and an artifact
 * read on a thread giving what ar_next() gives, errors included (those run in
 * a child process: they die, by design). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "artifact.h"
#include "rowqueue.h"
#include "unit.h"
#include "util.h"

static char tmpdir[] = "/tmp/pga-unit-XXXXXX";

#define NROWS 3000
#define BUDGET (64u * 1024)
#define BATCH (8u * 1024)

/* Row i: field 0 its number, field 1 a pattern of a size that depends on i, field 2 NULL on odd rows. */
static size_t row_len(size_t i)
{
	if (i == 1000)
		return 3u * BUDGET; /* lent, not copied */
	if (i % 500 == 7)
		return 3u * BATCH; /* a batch of its own */
	return (i * 37) % 700;
}

static char *pattern(size_t i, size_t len)
{
	char *p = xmalloc(len + 1);
	for (size_t k = 0; k < len; k++)
		p[k] = (char)('a' + (i + k) % 26);
	p[len] = '\0';
	return p;
}

struct producer {
	struct rowqueue *q;
	size_t nrows;
	const char *error;
	size_t put_ok;  /* rows rq_put() accepted */
	int stopped;    /* rq_put() returned 0 */
};

static void *produce(void *arg)
{
	struct producer *pr = arg;
	for (size_t i = 0; i < pr->nrows; i++) {
		char num[32];
		snprintf(num, sizeof(num), "%zu", i);
		size_t len = row_len(i);
		char *pat = pattern(i, len);
		struct csv_field f[3] = { { num, strlen(num), 0 }, { pat, len, 0 }, { "", 0, 1 } };
		if (i % 2 == 0)
			f[2] = (struct csv_field){ "x", 1, 0 };
		int ok = rq_put(pr->q, 2 + 2 * (unsigned long long)i, f, 3);
		memset(pat, '#', len); /* the queue must not depend on these bytes after the call */
		free(pat);
		if (!ok) {
			pr->stopped = 1;
			break;
		}
		pr->put_ok++;
	}
	if (!pr->stopped)
		rq_close(pr->q, pr->error);
	return NULL;
}

static void check_row(size_t i, struct csv_field *f, size_t n, unsigned long long line)
{
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_EQUAL(line, 2 + 2 * (unsigned long long)i);
	CU_ASSERT_EQUAL((size_t)atol(f[0].data), i);
	size_t len = row_len(i);
	char *pat = pattern(i, len);
	CU_ASSERT_EQUAL(f[1].len, len);
	CU_ASSERT(memcmp(f[1].data, pat, len) == 0 && f[1].data[len] == '\0');
	free(pat);
	CU_ASSERT_EQUAL(f[2].is_null, (int)(i % 2));
}

static void test_rows_in_order_within_budget(void)
{
	struct producer pr = { rq_new(BUDGET, BATCH), NROWS, NULL, 0, 0 };
	pthread_t t;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, produce, &pr), 0);
	struct csv_field *f;
	size_t n, i = 0;
	unsigned long long line;
	int rc;
	while ((rc = rq_get(pr.q, &f, &n, &line)) == 1) {
		if (i % 97 == 0)
			usleep(100); /* a slow consumer: the producer must wait, not grow the queue */
		check_row(i, f, n, line);
		i++;
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(i, NROWS);
	CU_ASSERT_PTR_NULL(rq_error(pr.q));
	pthread_join(t, NULL);
	/* queued batches never exceed the budget (a lent row adds only its field array) */
	CU_ASSERT(rq_peak_bytes(pr.q) <= BUDGET);
	CU_ASSERT(rq_peak_bytes(pr.q) >= BATCH);
	rq_free(pr.q);
}

static void test_error_after_the_rows_before_it(void)
{
	struct producer pr = { rq_new(BUDGET, BATCH), 5, "file.csv.zst:12: malformed CSV", 0, 0 };
	pthread_t t;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, produce, &pr), 0);
	struct csv_field *f;
	size_t n, i = 0;
	unsigned long long line;
	int rc;
	while ((rc = rq_get(pr.q, &f, &n, &line)) == 1)
		check_row(i++, f, n, line);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(i, 5);
	CU_ASSERT_STRING_EQUAL(rq_error(pr.q), "file.csv.zst:12: malformed CSV");
	CU_ASSERT_EQUAL(rq_get(pr.q, &f, &n, &line), -1); /* and stays at the end */
	pthread_join(t, NULL);
	rq_free(pr.q);
}

static void test_empty_stream(void)
{
	struct rowqueue *q = rq_new(BUDGET, BATCH);
	rq_close(q, NULL);
	struct csv_field *f;
	CU_ASSERT_EQUAL(rq_get(q, &f, NULL, NULL), 0);
	rq_free(q);
}

static void test_cancel_stops_the_producer(void)
{
	/* far more rows than fit: the producer blocks until the cancel, also inside a lent row */
	struct producer pr = { rq_new(BUDGET, BATCH), 100000, NULL, 0, 0 };
	pthread_t t;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, produce, &pr), 0);
	struct csv_field *f;
	size_t n;
	unsigned long long line;
	for (size_t i = 0; i <= 1000; i++) { /* up to the lent row 1000, which stays unreleased */
		CU_ASSERT_EQUAL_FATAL(rq_get(pr.q, &f, &n, &line), 1);
		check_row(i, f, n, line);
	}
	usleep(10000);
	rq_cancel(pr.q);
	pthread_join(t, NULL);
	CU_ASSERT_EQUAL(pr.stopped, 1);
	CU_ASSERT(pr.put_ok >= 1000 && pr.put_ok < 100000);
	rq_free(pr.q);
}

static const char *const cols[] = { "id", "text", "maybe" };

static char *write_artifact(const char *name, size_t nrows)
{
	char *path = path_join(tmpdir, name);
	struct artifact_writer *w = aw_open(path, cols, 3);
	for (size_t i = 0; i < nrows; i++) {
		struct csv_out *o = aw_csv(w);
		size_t len = i == 3 ? (size_t)(3u << 20) : (i * 131) % 5000; /* one 3 MB field: lent */
		char *pat = pattern(i, len);
		if (i % 5 == 1)
			pat[len / 2] = '"'; /* quotes and newlines: lines no longer = rows + 1 */
		if (i % 7 == 2 && len)
			pat[0] = '\n';
		csvo_llong(o, (long long)i);
		csvo_field(o, pat, len);
		if (i % 2)
			csvo_null(o);
		else
			csvo_str(o, "");
		csvo_end_row(o);
		free(pat);
	}
	CU_ASSERT_EQUAL(aw_commit(w, NULL), nrows);
	return path;
}

static void test_prefetch_reads_what_ar_next_reads(void)
{
	char *path = write_artifact("pf.csv.zst", 2000);
	struct artifact_reader *direct = ar_open(path, cols, 3);
	struct ar_prefetch *p = arp_start(ar_open(path, cols, 3), 1u << 20);
	CU_ASSERT_STRING_EQUAL(arp_path(p), path);
	struct csv_field *a, *b;
	unsigned long long line;
	size_t rows = 0;
	for (;;) {
		int ra = ar_next(direct, &a), rb = arp_next(p, &b, &line);
		CU_ASSERT_EQUAL_FATAL(ra, rb);
		if (!ra)
			break;
		CU_ASSERT_EQUAL(line, ar_line(direct));
		for (int k = 0; k < 3; k++) {
			CU_ASSERT_EQUAL(a[k].len, b[k].len);
			CU_ASSERT_EQUAL(a[k].is_null, b[k].is_null);
			CU_ASSERT(memcmp(a[k].data, b[k].data, a[k].len + 1) == 0);
		}
		rows++;
	}
	CU_ASSERT_EQUAL(rows, 2000);
	ar_close(direct);
	arp_close(p);
	/* no thread (budget 0): the same rows, read on this thread */
	p = arp_start(ar_open(path, cols, 3), 0);
	rows = 0;
	while (arp_next(p, &b, &line))
		rows++;
	CU_ASSERT_EQUAL(rows, 2000);
	arp_close(p);
	/* closed early, with the reader still ahead */
	p = arp_start(ar_open(path, cols, 3), 64u * 1024);
	CU_ASSERT_EQUAL(arp_next(p, &b, &line), 1);
	arp_close(p);
	free(path);
}

static void read_direct(const char *path)
{
	struct artifact_reader *r = ar_open(path, cols, 3);
	struct csv_field *f;
	while (ar_next(r, &f))
		;
	ar_close(r);
}

static void read_prefetched(const char *path)
{
	struct ar_prefetch *p = arp_start(ar_open(path, cols, 3), 64u * 1024);
	struct csv_field *f;
	unsigned long long line;
	while (arp_next(p, &f, &line))
		;
	arp_close(p);
}

/* An artifact whose sidecar is right but whose CSV is not (or has a row too many or too few). */
static char *write_bad(const char *name, const char *csv)
{
	char *path = path_join(tmpdir, name);
	struct artifact_writer *w = aw_open(path, cols, 3);
	size_t len = strlen(csv), rows = 0;
	for (size_t k = 0; k < len; k++)
		rows += csv[k] == '\n';
	csvo_raw_bytes(aw_csv(w), csv, len);
	csvo_add_rows(aw_csv(w), rows);
	aw_commit(w, NULL);
	return path;
}

static void test_prefetch_errors_match_ar_next(void)
{
	static const char *const bad[] = {
		"\"1\",\"a\",\"\"\n\"2\",\"b\"x,\"\"\n\"3\",\"c\",\"\"\n", /* malformed CSV on line 3 */
		"\"1\",\"a\",\"\"\n\"2\",\"b\"\n",                         /* too few fields */
		"\"1\",\"a\",\"\"\n\"2\",\"unterminated\n",                /* malformed at the end */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char name[32], m1[2048], m2[2048];
		snprintf(name, sizeof(name), "bad%zu.csv.zst", i);
		char *path = write_bad(name, bad[i]);
		int s1 = unit_in_child(read_direct, path, m1, sizeof(m1));
		int s2 = unit_in_child(read_prefetched, path, m2, sizeof(m2));
		CU_ASSERT_EQUAL(s1, 1);
		CU_ASSERT_EQUAL(s2, 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(m1, path));
		CU_ASSERT_STRING_EQUAL(m1, m2);
		free(path);
	}
}

static void cleanup_dir(void)
{
	char *cmd = xasprintf("rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(cmd);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	static const struct unit_test tests[] = {
		{ "rows arrive whole and in order, within the budget", test_rows_in_order_within_budget },
		{ "an error arrives after the rows before it", test_error_after_the_rows_before_it },
		{ "an empty stream", test_empty_stream },
		{ "cancel stops a blocked producer", test_cancel_stops_the_producer },
		{ "a prefetched artifact reads as ar_next() reads it", test_prefetch_reads_what_ar_next_reads },
		{ "a prefetched artifact dies with ar_next()'s messages", test_prefetch_errors_match_ar_next },
		{ NULL, NULL },
	};
	int rc = unit_run("rowqueue", tests);
	cleanup_dir();
	return rc;
}
