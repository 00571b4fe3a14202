/* test_artifacts.c - CUnit round trips of the artifact formats (CSV and NDJSON
 * in zstd) and the checks that refuse damaged files. The failure cases run in a
 * child process because the readers die (exit 1) with a message, by design. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "artifact.h"
#include "ndjson.h"
#include "strbuf.h"
#include "unit.h"
#include "util.h"

static char tmpdir[] = "/tmp/pga-unit-XXXXXX";
static const char *const cols[] = { "id", "text", "maybe" };

static const char *const samples[] = {
	"plain", "with,comma", "with \"quotes\"", "multi\nline\r\ntext", "", "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xe2\x9c\x93",
	"trailing space ", "\"", ",\n,",
};
#define NS (sizeof(samples) / sizeof(samples[0]))

static char *write_sample(const char *name)
{
	char *path = path_join(tmpdir, name);
	struct artifact_writer *w = aw_open(path, cols, 3);
	for (size_t i = 0; i < NS; i++) {
		struct csv_out *o = aw_csv(w);
		csvo_llong(o, (long long)i);
		csvo_str(o, samples[i]);
		if (i % 2)
			csvo_null(o);
		else
			csvo_str(o, "");
		csvo_end_row(o);
	}
	CU_ASSERT_EQUAL(aw_commit(w, NULL), NS);
	return path;
}

static void test_csv_round_trip(void)
{
	char *path = write_sample("rt.csv.zst");
	struct artifact_reader *r = ar_open(path, cols, 3);
	struct csv_field *f;
	size_t i = 0;
	unsigned long long expect_line = 2;
	while (ar_next(r, &f)) {
		CU_ASSERT_EQUAL(atoi(f[0].data), (int)i);
		CU_ASSERT_EQUAL(f[1].len, strlen(samples[i]));
		CU_ASSERT_EQUAL(memcmp(f[1].data, samples[i], f[1].len), 0);
		CU_ASSERT_FALSE(f[1].is_null);
		CU_ASSERT_EQUAL(f[2].is_null, (int)(i % 2));
		CU_ASSERT_EQUAL(ar_line(r), expect_line);
		for (const char *p = samples[i]; *p; p++)
			expect_line += *p == '\n';
		expect_line++;
		i++;
	}
	CU_ASSERT_EQUAL(i, NS);
	ar_close(r);
	free(path);
}

static void read_all(const char *path)
{
	struct artifact_reader *r = ar_open(path, cols, 3);
	struct csv_field *f;
	while (ar_next(r, &f))
		;
	ar_close(r);
}

static void flip_byte(const char *path, long offset_from_end)
{
	FILE *fp = fopen(path, "r+b");
	fseek(fp, -offset_from_end, SEEK_END);
	int c = fgetc(fp);
	fseek(fp, -offset_from_end, SEEK_END);
	fputc(c ^ 0x10, fp);
	fclose(fp);
}

static void test_damage_is_detected(void)
{
	char msg[2048];
	char *path = write_sample("dmg.csv.zst");
	CU_ASSERT_EQUAL(unit_in_child(read_all, path, msg, sizeof(msg)), 0);
	flip_byte(path, 5);
	CU_ASSERT_EQUAL(unit_in_child(read_all, path, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "does not match its sidecar"));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, path));
	free(path);

	path = write_sample("trunc.csv.zst");
	CU_ASSERT_EQUAL(truncate(path, 20), 0);
	CU_ASSERT_EQUAL(unit_in_child(read_all, path, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "truncated"));
	free(path);

	path = path_join(tmpdir, "nometa.csv.zst");
	char *other = write_sample("nometa.csv.zst");
	char *meta = xasprintf("%s.meta.json", other);
	unlink(meta);
	CU_ASSERT_EQUAL(unit_in_child(read_all, path, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "no sidecar"));
	free(meta);
	free(other);
	free(path);
}

static void test_truncated_zstd_without_sidecar_check(void)
{
	/* the zstd layer alone must notice a frame cut short */
	char *path = path_join(tmpdir, "raw.zst");
	struct zwriter *w = zw_open(path, 3);
	char buf[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245u + 12345u; /* incompressible enough that 300 bytes is mid-frame */
		buf[i] = (char)(x >> 16);
	}
	for (int k = 0; k < 50; k++)
		zw_write(w, buf, sizeof(buf));
	zw_commit(w, NULL, NULL);
	CU_ASSERT_EQUAL(truncate(path, 300), 0);
	struct zreader *r = zr_open(path);
	long n;
	while ((n = zr_read(r, buf, sizeof(buf))) > 0)
		;
	CU_ASSERT_EQUAL(n, -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(zr_error(r), "truncated"));
	zr_close(r);
	free(path);
}

/* Read a whole zstd file with or without read-ahead into a malloc'd buffer (*len bytes); *last: the final zr_read() result. */
static char *zread_all(const char *path, int ahead, size_t chunk, size_t *len, long *last, char *err, size_t errlen)
{
	struct zreader *r = zr_open(path);
	if (ahead)
		zr_read_ahead(r);
	size_t cap = 1 << 20, got = 0;
	char *out = malloc(cap);
	long n;
	while ((n = zr_read(r, out + got, got + chunk <= cap ? chunk : cap - got)) > 0) {
		got += (size_t)n;
		if (got == cap)
			out = realloc(out, cap *= 2);
	}
	*last = n;
	*len = got;
	snprintf(err, errlen, "%s", zr_error(r));
	CU_ASSERT_EQUAL(zr_read(r, out, 1), n); /* the end or the error stays */
	zr_close(r);
	return out;
}

/* A whole file's bytes (malloc'd, *len). */
static char *file_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	char *b = malloc(*len ? *len : 1);
	CU_ASSERT_EQUAL(fread(b, 1, *len, f), *len);
	fclose(f);
	return b;
}

/*
 * The writer gathers small writes before zstd sees them: the file must not
 * depend on how the bytes were cut into writes (rows of a few bytes, writes
 * around and above the gathering buffer, a frame ended in the middle), and it
 * must hold exactly what was written.
 */
static void test_write_partition(void)
{
	enum { N = 700000, CUT = 300000 };
	char *data = malloc(N);
	unsigned x = 7;
	for (size_t i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (char)('a' + (x >> 16) % 7); /* compressible, not trivially */
	}
	static const size_t steps[] = { N, 1, 37, 65535, 65536, 65537, 200000 };
	char *first = NULL;
	size_t first_len = 0;
	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		char name[64];
		snprintf(name, sizeof(name), "cut%zu.zst", k);
		char *path = path_join(tmpdir, name);
		struct zwriter *w = zw_open(path, 3);
		for (size_t at = 0; at < N;) {
			size_t n = steps[k], end = at < CUT ? CUT : N; /* a frame ends at CUT whatever the step */
			if (n > end - at)
				n = end - at;
			zw_write(w, data + at, n);
			at += n;
			if (at == CUT)
				zw_end_frame(w);
		}
		zw_commit(w, NULL, NULL);
		size_t len;
		char *bytes = file_bytes(path, &len);
		if (!first) {
			first = bytes;
			first_len = len;
			size_t got;
			long last;
			char err[256];
			char *back = zread_all(path, 0, 4096, &got, &last, err, sizeof(err));
			CU_ASSERT_EQUAL(last, 0);
			CU_ASSERT_TRUE(got == N && memcmp(back, data, N) == 0);
			free(back);
		} else {
			CU_ASSERT_TRUE(len == first_len && memcmp(bytes, first, len) == 0);
			free(bytes);
		}
		free(path);
	}
	free(first);
	free(data);
}

static void test_read_ahead(void)
{
	/* several frames, 3 MB in all: more than the read-ahead ring holds */
	char *path = path_join(tmpdir, "ahead.zst");
	struct zwriter *w = zw_open(path, 3);
	char buf[4096];
	unsigned x = 777;
	for (int k = 0; k < 750; k++) {
		for (size_t i = 0; i < sizeof(buf); i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (char)(x >> 16);
		}
		zw_write(w, buf, sizeof(buf));
		if (k % 200 == 199)
			zw_end_frame(w);
	}
	zw_commit(w, NULL, NULL);
	size_t la, lb;
	long na, nb;
	char ea[600], eb[600];
	char *a = zread_all(path, 0, 65536, &la, &na, ea, sizeof(ea));
	char *b = zread_all(path, 1, 1000, &lb, &nb, eb, sizeof(eb)); /* odd reads across the ring's buffers */
	CU_ASSERT_EQUAL(la, 750 * sizeof(buf));
	CU_ASSERT_EQUAL(lb, la);
	CU_ASSERT_EQUAL(na, 0);
	CU_ASSERT_EQUAL(nb, 0);
	CU_ASSERT(la == lb && memcmp(a, b, la) == 0);
	free(a);
	free(b);
	/* closed early, with the thread blocked on a full ring: no hang, no leak */
	struct zreader *r = zr_open(path);
	zr_read_ahead(r);
	CU_ASSERT(zr_read(r, buf, 10) == 10);
	usleep(20000);
	zr_close(r);
	/* a truncated file: the same bytes, then the same error */
	CU_ASSERT_EQUAL(truncate(path, 1500000), 0);
	a = zread_all(path, 0, 65536, &la, &na, ea, sizeof(ea));
	b = zread_all(path, 1, 4096, &lb, &nb, eb, sizeof(eb));
	CU_ASSERT_EQUAL(na, -1);
	CU_ASSERT_EQUAL(nb, -1);
	CU_ASSERT_EQUAL(lb, la);
	CU_ASSERT(la == lb && memcmp(a, b, la) == 0);
	CU_ASSERT_STRING_EQUAL(eb, ea);
	CU_ASSERT_PTR_NOT_NULL(strstr(eb, "truncated"));
	free(a);
	free(b);
	free(path);
}

/* A reader over text written as a zstd file in tmpdir (*path: the file; the caller frees it). */
static struct csv_in *csv_of_text(const char *name, const char *text, char **path)
{
	*path = path_join(tmpdir, name);
	struct zwriter *w = zw_open(*path, 3);
	zw_write(w, text, strlen(text));
	zw_commit(w, NULL, NULL);
	struct csv_in *c = csvi_open(*path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	return c;
}

/* PostgreSQL's CSV leaves a value with spaces or tabs at its ends unquoted (it quotes only the
   delimiter, quotes, CR and LF): such a field must come back whole, as the row decoder's too. */
static void test_unquoted_spaces_kept(void)
{
	char *path;
	struct csv_in *c = csv_of_text("spaces.csv.zst",
				       "\"a\",\"b\",\"c\",\"d\"\n  lead,trail  ,\tboth\t, \n,\"\",x y,\" q \"\n", &path);
	struct csv_field *f;
	size_t n;
	CU_ASSERT_EQUAL_FATAL(csvi_next(c, &f, &n), 1); /* the header */
	CU_ASSERT_EQUAL_FATAL(csvi_next(c, &f, &n), 1);
	CU_ASSERT_EQUAL_FATAL(n, 4);
	CU_ASSERT_STRING_EQUAL(f[0].data, "  lead");
	CU_ASSERT_STRING_EQUAL(f[1].data, "trail  ");
	CU_ASSERT_STRING_EQUAL(f[2].data, "\tboth\t");
	CU_ASSERT_STRING_EQUAL(f[3].data, " ");
	CU_ASSERT_FALSE(f[3].is_null);
	CU_ASSERT_EQUAL_FATAL(csvi_next(c, &f, &n), 1);
	CU_ASSERT_EQUAL_FATAL(n, 4);
	CU_ASSERT_TRUE(f[0].is_null); /* unquoted empty: NULL; quoted empty: the empty string */
	CU_ASSERT_FALSE(f[1].is_null);
	CU_ASSERT_EQUAL(f[1].len, 0);
	CU_ASSERT_STRING_EQUAL(f[2].data, "x y");
	CU_ASSERT_STRING_EQUAL(f[3].data, " q ");
	CU_ASSERT_EQUAL(csvi_next(c, &f, &n), 0);
	csvi_close(c);
	struct csv_row_decoder *d = csv_row_decoder_new(3);
	const char *row = " x , y,z ";
	CU_ASSERT_EQUAL_FATAL(csv_row_decode(d, row, strlen(row), &f), 3);
	CU_ASSERT_STRING_EQUAL(f[0].data, " x ");
	CU_ASSERT_STRING_EQUAL(f[1].data, " y");
	CU_ASSERT_STRING_EQUAL(f[2].data, "z ");
	csv_row_decoder_free(d);
	free(path);
}

static void test_unbalanced_quote(void)
{
	char *path;
	struct csv_in *c = csv_of_text("quote.csv.zst", "\"id\",\"text\",\"maybe\"\n1,\"open quote,x\n2,b,c\n", &path);
	struct csv_field *f;
	size_t n;
	int rc;
	while ((rc = csvi_next(c, &f, &n)) > 0)
		;
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(csvi_error(c), "malformed CSV"));
	CU_ASSERT_PTR_NOT_NULL(strstr(csvi_error(c), ":2:"));
	csvi_close(c);
	free(path);
}

/* Big records one after the other: the reader holds one big buffer at a time, not one per
   record slot it swaps with (two 20 MB tree rows stayed held for the rest of a file), and
   a big field is libcsv's buffer taken over, not a copy of it (a 100 MB blob was held twice). */
static void test_big_records_not_kept(void)
{
	enum { BIG = 3 << 20, NBIG = 4 };
	char *path = path_join(tmpdir, "big.csv.zst");
	struct zwriter *w = zw_open(path, 3);
	char *field = xmalloc(BIG);
	for (int i = 0; i < NBIG; i++) {
		memset(field, 'a' + i, BIG);
		char head[32];
		int n = snprintf(head, sizeof(head), "%d,", i);
		zw_write(w, head, (size_t)n);
		zw_write(w, field, BIG);
		zw_write(w, "\n", 1);
	}
	for (int i = 0; i < 100; i++)
		zw_write(w, "9,small\n", 8);
	zw_commit(w, NULL, NULL);
	struct csv_in *c = csvi_open(path);
	struct csv_field *f;
	size_t n, rows = 0, most = 0;
	int rc, big_ok = 1;
	while ((rc = csvi_next(c, &f, &n)) > 0) {
		if (rows < NBIG) {
			/* every byte: a parser still writing into a field it handed over would show here */
			memset(field, 'a' + (int)rows, BIG);
			big_ok &= n == 2 && f[1].len == BIG && memcmp(f[1].data, field, BIG) == 0 &&
				  f[1].data[BIG] == '\0' && atoi(f[0].data) == (int)rows && !f[1].is_null;
		}
		rows++;
		size_t held = csvi_held_bytes(c);
		most = held > most ? held : most;
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(rows, NBIG + 100);
	CU_ASSERT(big_ok);
	/* one big buffer (grown geometrically: under 2x the field), never two: not two records',
	   not a record's copy beside libcsv's own */
	CU_ASSERT(most >= BIG);
	CU_ASSERT(most < 2 * (size_t)BIG);
	csvi_close(c);
	free(field);
	free(path);
}

/* Records over 1 MiB made of fields under the takeover size are copied: the slot that held
   one does not keep its 2 MiB buffer for the next record (two such buffers were held). */
static void test_big_copied_records_not_kept(void)
{
	enum { HALF = 600000, NREC = 4 };
	char *path = path_join(tmpdir, "mid.csv.zst");
	struct zwriter *w = zw_open(path, 3);
	char *field = xmalloc(HALF);
	memset(field, 'm', HALF);
	for (int i = 0; i < NREC; i++) {
		zw_write(w, field, HALF);
		zw_write(w, ",", 1);
		zw_write(w, field, HALF);
		zw_write(w, "\n", 1);
	}
	zw_commit(w, NULL, NULL);
	struct csv_in *c = csvi_open(path);
	struct csv_field *f;
	size_t n, rows = 0, most = 0;
	int ok = 1;
	while (csvi_next(c, &f, &n) > 0) {
		ok &= n == 2 && f[0].len == HALF && f[1].len == HALF && memcmp(f[1].data, field, HALF) == 0;
		rows++;
		size_t held = csvi_held_bytes(c);
		most = held > most ? held : most;
	}
	CU_ASSERT_EQUAL(rows, NREC);
	CU_ASSERT(ok);
	/* the record's buffer (2 MiB, doubled up from 1.2 MB) and libcsv's (under 1 MB), not two records' */
	CU_ASSERT(most < (4u << 20));
	csvi_close(c);
	free(field);
	free(path);
}

/* deterministic pseudo-random numbers for the generated CSV (a 64-bit LCG) */
static unsigned long long rng_state;
static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

/* CSV with every shape the reader's quoted-run fast path meets: quoted fields with quotes,
   commas, CR and LF inside, spaces around fields, unquoted and empty fields, fields longer
   than a 64 KiB read; with a damaged byte now and then (a stray quote, an unclosed field). */
static void random_csv(struct strbuf *sb, int big)
{
	static const char inner[] = "ab,\n\r \"\"x\t";
	static const char bare[] = "ab \tx\xc3\xa9";
	unsigned rows = 1 + rnd(big ? 6 : 12);
	for (unsigned r = 0; r < rows; r++) {
		unsigned nf = 1 + rnd(5);
		for (unsigned i = 0; i < nf; i++) {
			if (i)
				strbuf_addch(sb, ',');
			unsigned len = big && rnd(3) == 0 ? 60000 + rnd(100000) : rnd(12);
			switch (rnd(4)) {
			case 0: /* unquoted */
				for (unsigned k = 0; k < len; k++)
					strbuf_addch(sb, bare[rnd(sizeof(bare) - 1)]);
				break;
			case 1: /* empty: NULL */
				break;
			default: /* quoted; a lone quote inside is an escaped one ("") half the time */
				strbuf_addch(sb, '"');
				for (unsigned k = 0; k < len; k++) {
					char ch = inner[rnd(sizeof(inner) - 1)];
					strbuf_addch(sb, ch);
					if (ch == '"' && rnd(2))
						strbuf_addch(sb, '"');
				}
				strbuf_addch(sb, '"');
				if (rnd(20) == 0)
					strbuf_addch(sb, ' ');
			}
		}
		strbuf_add(sb, rnd(4) ? "\n" : "\r\n", rnd(4) ? 1 : 2);
	}
	if (rnd(6) == 0 && sb->len) /* damage: a quote in an arbitrary place */
		sb->buf[rnd((unsigned)sb->len)] = '"';
	if (rnd(8) == 0 && sb->len) /* or a cut anywhere (an unclosed quoted field, ...) */
		sb->len = rnd((unsigned)sb->len);
}

/* Read a file to its end into out: every record's line and fields, then the end or the error. */
static void read_records(const char *path, int plain, struct strbuf *out)
{
	struct csv_in *c = csvi_open(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	if (plain)
		csvi_set_plain(c);
	struct csv_field *f;
	size_t n;
	int rc;
	char head[64];
	while ((rc = csvi_next(c, &f, &n)) > 0) {
		snprintf(head, sizeof(head), "line %llu, %zu fields:", csvi_line(c), n);
		strbuf_addstr(out, head);
		for (size_t i = 0; i < n; i++) {
			snprintf(head, sizeof(head), " [%zu%s%s]", f[i].len, f[i].is_null ? " NULL" : "",
				 f[i].data[f[i].len] == '\0' ? "" : " unterminated");
			strbuf_addstr(out, head);
			strbuf_add(out, f[i].data, f[i].len);
		}
		strbuf_addch(out, '\n');
	}
	snprintf(head, sizeof(head), "rc %d: ", rc);
	strbuf_addstr(out, head);
	strbuf_addstr(out, csvi_error(c));
	csvi_close(c);
}

/* The reader appends the bytes inside a quoted field itself and gives libcsv the rest
   (csvio.c, parse_chunk()): every record, field, NULL, line and error as libcsv alone gives. */
static void test_quoted_runs_as_libcsv(void)
{
	char *path = path_join(tmpdir, "random.csv.zst");
	struct strbuf text, fast, plain;
	strbuf_init(&text, 1 << 16);
	strbuf_init(&fast, 1 << 16);
	strbuf_init(&plain, 1 << 16);
	rng_state = 20261128;
	int same = 1, errors = 0, big_fields = 0;
	for (int t = 0; t < 300; t++) {
		strbuf_reset(&text);
		random_csv(&text, t % 5 == 0);
		big_fields += text.len > (1u << 16);
		struct zwriter *w = zw_open(path, 1);
		zw_write(w, text.buf, text.len);
		zw_commit(w, NULL, NULL);
		strbuf_reset(&fast);
		strbuf_reset(&plain);
		read_records(path, 0, &fast);
		read_records(path, 1, &plain);
		errors += strstr(plain.buf, "malformed") != NULL;
		if (fast.len != plain.len || memcmp(fast.buf, plain.buf, fast.len) != 0) {
			if (same)
				fprintf(stderr, "case %d differs:\n--- libcsv alone\n%.2000s\n--- reader\n%.2000s\n", t,
					plain.buf, fast.buf);
			same = 0;
		}
	}
	CU_ASSERT(same);
	CU_ASSERT(errors > 20);     /* the damaged cases were damaged */
	CU_ASSERT(big_fields > 20); /* and fields crossed the reader's 64 KiB reads */
	strbuf_release(&text);
	strbuf_release(&fast);
	strbuf_release(&plain);
	free(path);
}

static void test_ndjson_round_trip(void)
{
	char *path = path_join(tmpdir, "events.ndjson.zst");
	struct zwriter *w = zw_open(path, 3);
	json_t *a = json_pack("{s:s, s:i, s:[s, n]}", "text", "line\nbreak \"q\" caf\xc3\xa9", "n", 42, "list", "x");
	json_t *b = json_string("\xe6\x97\xa5\xe6\x9c\xac");
	ndjson_write(w, a);
	ndjson_write(w, b);
	zw_commit(w, NULL, NULL);
	struct ndjson_in *in = ndjson_open(path);
	json_t *v;
	CU_ASSERT_EQUAL(ndjson_next(in, &v), 1);
	CU_ASSERT_TRUE(json_equal(v, a));
	json_decref(v);
	CU_ASSERT_EQUAL(ndjson_next(in, &v), 1);
	CU_ASSERT_TRUE(json_equal(v, b));
	CU_ASSERT_EQUAL(ndjson_line(in), 2);
	json_decref(v);
	CU_ASSERT_EQUAL(ndjson_next(in, &v), 0);
	ndjson_close(in);
	json_decref(a);
	json_decref(b);
	/* a malformed line is named */
	w = zw_open(path, 3);
	zw_write(w, "{\"ok\":1}\n{bad\n", 14);
	zw_commit(w, NULL, NULL);
	in = ndjson_open(path);
	CU_ASSERT_EQUAL(ndjson_next(in, &v), 1);
	json_decref(v);
	CU_ASSERT_EQUAL(ndjson_next(in, &v), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(ndjson_error(in), ":2:"));
	ndjson_close(in);
	free(path);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	static const struct unit_test tests[] = {
		{ "CSV round trip: quotes, commas, newlines, NULL vs empty, non-ASCII", test_csv_round_trip },
		{ "bit flip, truncation, missing sidecar are refused", test_damage_is_detected },
		{ "truncated zstd frame", test_truncated_zstd_without_sidecar_check },
		{ "read-ahead on a thread: same bytes, same end, same error", test_read_ahead },
		{ "the compressed file does not depend on how the bytes were cut into writes", test_write_partition },
		{ "unquoted fields keep their spaces and tabs", test_unquoted_spaces_kept },
		{ "unbalanced quote names the line", test_unbalanced_quote },
		{ "big records one after the other: one big buffer held", test_big_records_not_kept },
		{ "copied records over 1 MiB: one such buffer held", test_big_copied_records_not_kept },
		{ "quoted runs read past libcsv: the records and errors of libcsv alone", test_quoted_runs_as_libcsv },
		{ "NDJSON round trip and malformed line", test_ndjson_round_trip },
		{ NULL, NULL },
	};
	int rc = unit_run("artifacts", tests);
	char *cmd = xasprintf("rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
