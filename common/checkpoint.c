/* checkpoint.c - chunk parts of an artifact and their assembly; see checkpoint.h. */
#include "checkpoint.h"
#include "artifact.h"
#include "atomicfile.h"
#include "hash.h"
#include "strbuf.h"
#include "util.h"
#include "zio.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct chunk_set {
	char *outdir;
	char *dir; /* OUTDIR/parts */
};

static int read_small_file(const char *path, struct strbuf *sb)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	int err = ferror(f);
	fclose(f);
	return err ? -1 : 0;
}

/* Remove every entry of dir (files only: parts/ has no subdirectories). */
static void empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = path_join(dir, e->d_name);
		if (unlink(p) < 0 && errno != ENOENT)
			pga_die_errno("cannot remove %s", p);
		free(p);
	}
	closedir(d);
}

struct chunk_set *chunks_open(const char *outdir, const char *fingerprint)
{
	struct chunk_set *cs = xcalloc(1, sizeof(*cs));
	cs->outdir = xstrdup(outdir);
	cs->dir = path_join(outdir, "parts");
	if (mkdir_p(cs->dir, 0755) < 0)
		pga_die_errno("cannot create %s", cs->dir);
	artifact_clean_tmp(cs->dir);
	char *fp = path_join(cs->dir, "FINGERPRINT");
	struct strbuf old = STRBUF_INIT;
	int same = read_small_file(fp, &old) == 0 && old.len == strlen(fingerprint) &&
		   memcmp(old.buf, fingerprint, old.len) == 0;
	if (!same) {
		/* parts of other inputs (or of an unknown run): never mix them in */
		empty_dir(cs->dir);
		fsync_parent_dir(fp);
		atomic_write_file(fp, fingerprint, strlen(fingerprint));
	}
	strbuf_release(&old);
	free(fp);
	return cs;
}

char *chunk_part_path(const struct chunk_set *cs, const char *name, unsigned long long chunk_no)
{
	char *base = xasprintf("%s.%06llu.csv.zst", name, chunk_no);
	char *p = path_join(cs->dir, base);
	free(base);
	return p;
}

int chunk_part_done(const struct chunk_set *cs, const char *name, unsigned long long chunk_no,
		    unsigned long long *rows, unsigned long long *bytes)
{
	char *path = chunk_part_path(cs, name, chunk_no);
	char *meta = xasprintf("%s.meta.json", path);
	sha256_hex_t want, got;
	unsigned long long nrows = 0, size = 0;
	int done = 0;
	if (artifact_meta(path, want, &nrows) == 0) {
		if (sha256_file(path, got, &size) == 0 && strcmp(want, got) == 0)
			done = 1;
		else {
			/* a sidecar beside other bytes (disk damage): the part is redone */
			pga_warn("%s does not match its sidecar: this chunk is redone", path);
			unlink(meta);
			unlink(path);
		}
	}
	if (done) {
		if (rows)
			*rows = nrows;
		if (bytes)
			*bytes = size;
	}
	free(meta);
	free(path);
	return done;
}

unsigned long long chunk_assemble(const struct chunk_set *cs, const char *name, const char *const *columns,
				  size_t ncols, unsigned long long nparts)
{
	char *base = xasprintf("%s.csv.zst", name);
	char *final = path_join(cs->outdir, base);
	free(base);
	struct artifact_writer *w = aw_open(final, columns, ncols);
	struct csv_out *out = aw_csv(w);
	struct strbuf row = STRBUF_INIT;
	char *buf = xmalloc(1 << 16);
	unsigned long long total = 0;
	for (unsigned long long k = 0; k < nparts; k++) {
		char *part = chunk_part_path(cs, name, k);
		/* sidecar, size, SHA-256 and header checked before a byte is used */
		struct artifact_reader *check = ar_open(part, columns, ncols);
		unsigned long long want = ar_rows_expected(check);
		ar_close(check);
		struct zreader *z = zr_open(part);
		if (!z)
			pga_die_errno("cannot open %s", part);
		/* split the CSV text into rows: a newline ends a row outside quotes; a quote
		 * (or the "" escape, twice) toggles; header line first */
		int in_quotes = 0, in_header = 1;
		unsigned long long rows = 0;
		long n;
		strbuf_reset(&row);
		while ((n = zr_read(z, buf, 1 << 16)) > 0) {
			for (long i = 0; i < n; i++) {
				char ch = buf[i];
				if (!in_header)
					strbuf_addch(&row, ch);
				if (ch == '"')
					in_quotes = !in_quotes;
				else if (ch == '\n' && !in_quotes) {
					if (in_header) {
						in_header = 0;
						continue;
					}
					csvo_raw_row(out, row.buf, row.len);
					strbuf_reset(&row);
					rows++;
				}
			}
		}
		if (n < 0)
			pga_die("%s", zr_error(z));
		zr_close(z);
		if (row.len || in_quotes)
			pga_die("%s: ends inside a row", part);
		if (rows != want)
			pga_die("%s: %llu rows, but its sidecar records %llu", part, rows, want);
		total += rows;
		free(part);
	}
	fault_point("before-assemble-commit");
	aw_commit(w, NULL);
	strbuf_release(&row);
	free(buf);
	free(final);
	return total;
}

void chunks_close(struct chunk_set *cs)
{
	if (!cs)
		return;
	free(cs->outdir);
	free(cs->dir);
	free(cs);
}

void chunks_finish(struct chunk_set *cs)
{
	empty_dir(cs->dir);
	if (rmdir(cs->dir) < 0 && errno != ENOENT)
		pga_die_errno("cannot remove %s", cs->dir);
	char *probe = path_join(cs->outdir, "parts");
	fsync_parent_dir(probe);
	free(probe);
	chunks_close(cs);
}

void chunk_input_sha(const char *path, char out[65])
{
	if (artifact_meta(path, out, NULL) < 0)
		pga_die("%s: no sidecar: the artifact is missing or incomplete (its stage did not finish)", path);
}
