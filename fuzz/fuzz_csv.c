/*
 * fuzz_csv.c - libFuzzer target for the CSV artifact reader (csvio.h: libcsv
 * rows in a zstd file, as every stage reads them).
 *
 * An input that starts with the zstd magic number is written as is (it
 * exercises the zstd stream reader: corrupt, truncated, multi-frame files);
 * any other input is CSV text, compressed into the scratch file first.
 *
 * Properties: the reader returns rows, end of file or an error naming the
 * file, never crashes; every field is NUL-terminated at its length; record
 * lines never go backwards; a NULL field is empty; and every file that reads
 * cleanly reads back to the same rows after being written again with the
 * quoting the writer uses (quoted fields, unquoted empty for NULL); and the
 * reader gives the rows, lines and error that libcsv given every byte gives
 * (csvi_set_plain(): the reader's own append of the bytes inside quoted fields
 * changes nothing).
 */
#include <csv.h>
#include <zstd.h>

#include "csvio.h"
#include "fuzz_util.h"
#include "strbuf.h"

struct row {
	char **fields;
	size_t *lens;
	int *nulls;
	size_t n;
	unsigned long long line;
};

static const char *write_zstd(const void *data, size_t size)
{
	if (size >= 4 && memcmp(data, "\x28\xb5\x2f\xfd", 4) == 0)
		return fuzz_write_scratch(data, size);
	size_t cap = ZSTD_compressBound(size);
	void *z = xmalloc(cap);
	size_t zlen = ZSTD_compress(z, cap, data, size, 1);
	FUZZ_CHECK(!ZSTD_isError(zlen), "zstd: %s", ZSTD_getErrorName(zlen));
	const char *path = fuzz_write_scratch(z, zlen);
	free(z);
	return path;
}

static void free_rows(struct row *rows, long n)
{
	for (long i = 0; i < n; i++) {
		for (size_t k = 0; k < rows[i].n; k++)
			free(rows[i].fields[k]);
		free(rows[i].fields);
		free(rows[i].lens);
		free(rows[i].nulls);
	}
	free(rows);
}

/* Read every row of the scratch file (plain: every byte through libcsv); returns the row
   count, or -1 on a malformed file, with its error in err (errlen bytes) when err is not NULL. */
static long read_rows_as(const void *data, size_t size, struct row **rows_out, int plain, char *err, size_t errlen)
{
	const char *path = write_zstd(data, size);
	struct csv_in *in = csvi_open(path);
	FUZZ_CHECK(in, "cannot open %s", path);
	if (plain)
		csvi_set_plain(in);
	struct row *rows = NULL;
	size_t nrows = 0, cap = 0;
	unsigned long long last_line = 0;
	struct csv_field *f;
	size_t n;
	int rc;
	while ((rc = csvi_next(in, &f, &n)) == 1) {
		FUZZ_CHECK(n > 0, "a record without fields");
		FUZZ_CHECK(csvi_line(in) > last_line, "line %llu after line %llu", csvi_line(in), last_line);
		last_line = csvi_line(in);
		if (nrows == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		struct row *r = &rows[nrows++];
		r->n = n;
		r->line = last_line;
		r->fields = xcalloc(n, sizeof(*r->fields));
		r->lens = xcalloc(n, sizeof(*r->lens));
		r->nulls = xcalloc(n, sizeof(*r->nulls));
		for (size_t i = 0; i < n; i++) {
			FUZZ_CHECK(f[i].data[f[i].len] == '\0', "field not NUL-terminated");
			FUZZ_CHECK(!f[i].is_null || f[i].len == 0, "a NULL field with data");
			r->fields[i] = xstrndup(f[i].data, f[i].len);
			r->lens[i] = f[i].len;
			r->nulls[i] = f[i].is_null;
		}
	}
	if (rc < 0) {
		const char *e = csvi_error(in);
		FUZZ_CHECK(e && strstr(e, path), "error does not name the file: %s", e ? e : "(null)");
		if (err)
			snprintf(err, errlen, "%s", e);
	}
	csvi_close(in);
	if (rc < 0) {
		free_rows(rows, (long)nrows);
		rows = NULL;
	}
	*rows_out = rows;
	return rc < 0 ? -1 : (long)nrows;
}

static long read_rows(const void *data, size_t size, struct row **rows_out)
{
	return read_rows_as(data, size, rows_out, 0, NULL, 0);
}

/* The same rows (or the same error) through libcsv alone. */
static void check_plain(const void *data, size_t size, const struct row *rows, long n, const char *err)
{
	struct row *plain = NULL;
	char perr[1024] = "";
	long m = read_rows_as(data, size, &plain, 1, perr, sizeof(perr));
	FUZZ_CHECK(m == n, "%ld rows, libcsv alone %ld", n, m);
	FUZZ_CHECK(n >= 0 || strcmp(err, perr) == 0, "error \"%s\", libcsv alone \"%s\"", err, perr);
	for (long j = 0; j < m; j++) {
		FUZZ_CHECK(plain[j].n == rows[j].n && plain[j].line == rows[j].line,
			   "row %ld: %zu fields on line %llu, libcsv alone %zu on line %llu", j, rows[j].n, rows[j].line,
			   plain[j].n, plain[j].line);
		for (size_t k = 0; k < rows[j].n; k++)
			FUZZ_CHECK(plain[j].nulls[k] == rows[j].nulls[k] && plain[j].lens[k] == rows[j].lens[k] &&
					   memcmp(plain[j].fields[k], rows[j].fields[k], rows[j].lens[k]) == 0,
				   "row %ld field %zu differs from libcsv alone", j, k);
	}
	free_rows(plain, m < 0 ? 0 : m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct row *rows = NULL;
	char err[1024] = "";
	long n = read_rows_as(data, size, &rows, 0, err, sizeof(err));
	check_plain(data, size, rows, n, err);
	if (n <= 0) {
		free_rows(rows, 0);
		return 0;
	}
	/* write the rows again as csvo_field()/csvo_null() do, and read them back */
	struct strbuf out = STRBUF_INIT;
	long *kept = xcalloc((size_t)n, sizeof(*kept));
	long nkept = 0;
	for (long i = 0; i < n; i++) {
		if (rows[i].n == 1 && rows[i].nulls[0])
			continue; /* an empty line: CSV cannot hold a row of one NULL */
		for (size_t k = 0; k < rows[i].n; k++) {
			if (k)
				strbuf_addch(&out, ',');
			if (rows[i].nulls[k])
				continue;
			size_t need = 2 * rows[i].lens[k] + 2;
			strbuf_grow(&out, need);
			out.len += csv_write(out.buf + out.len, need, rows[i].fields[k], rows[i].lens[k]);
			out.buf[out.len] = '\0';
		}
		strbuf_addch(&out, '\n');
		kept[nkept++] = i;
	}
	struct row *again = NULL;
	long m = nkept ? read_rows(out.buf, out.len, &again) : 0;
	FUZZ_CHECK(m == nkept, "re-encoded rows read back as %ld rows, expected %ld", m, nkept);
	for (long j = 0; j < m; j++) {
		const struct row *want = &rows[kept[j]];
		FUZZ_CHECK(again[j].n == want->n, "row %ld: %zu fields, expected %zu", j, again[j].n, want->n);
		for (size_t k = 0; k < want->n; k++) {
			FUZZ_CHECK(again[j].nulls[k] == want->nulls[k], "row %ld field %zu: NULL flag changed", j, k);
			FUZZ_CHECK(again[j].lens[k] == want->lens[k] &&
					   memcmp(again[j].fields[k], want->fields[k], want->lens[k]) == 0,
				   "row %ld field %zu changed", j, k);
		}
	}
	free(kept);
	free_rows(again, m < 0 ? 0 : m);
	strbuf_release(&out);
	free_rows(rows, n);
	return 0;
}
