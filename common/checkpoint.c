/* checkpoint.c - chunk parts of an artifact and their assembly; see checkpoint.h. */
#include "checkpoint.h"
#include "csvio.h"
#include "artifact.h"
#include "atomicfile.h"
#include "hash.h"
#include "strbuf.h"
#include "util.h"
#include "zio.h"

#include <dirent.h>
#include <jansson.h>
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

/* zstd level of parts: fast (a part is compressed again, at level 3, by the assembly) */
#define PART_ZSTD_LEVEL 1

/* A part is an artifact like any other, only written at a faster zstd level. */
struct chunk_part_writer {
	struct artifact_writer *aw;
};

struct chunk_part_writer *chunk_part_open(const struct chunk_set *cs, const char *name, unsigned long long chunk_no,
					  const char *const *columns, size_t ncols)
{
	struct chunk_part_writer *w = xcalloc(1, sizeof(*w));
	char *path = chunk_part_path(cs, name, chunk_no);
	w->aw = aw_open_level(path, columns, ncols, PART_ZSTD_LEVEL);
	free(path);
	return w;
}

struct csv_out *chunk_part_csv(struct chunk_part_writer *w) { return aw_csv(w->aw); }

unsigned long long chunk_part_commit(struct chunk_part_writer *w, unsigned long long *bytes_out)
{
	unsigned long long rows = aw_commit_sized(w->aw, NULL, bytes_out);
	free(w);
	return rows;
}

void chunk_part_abort(struct chunk_part_writer *w)
{
	aw_abort(w->aw);
	free(w);
}

unsigned long long chunk_assemble(const struct chunk_set *cs, const char *name, const char *const *columns,
				  size_t ncols, unsigned long long nparts)
{
	char *base = xasprintf("%s.csv.zst", name);
	char *final = path_join(cs->outdir, base);
	free(base);
	struct artifact_writer *w = aw_open(final, columns, ncols);
	struct csv_out *out = aw_csv(w);
	size_t cap = 1 << 17;
	char *buf = xmalloc(cap);
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
		/* the header line (column names: no quoted newline) is skipped; the rest is rows,
		 * copied as they are: the part's SHA-256 proves they are the rows counted when it
		 * was written */
		int in_header = 1;
		char last = '\n';
		long n;
		while ((n = zr_read(z, buf, cap)) > 0) {
			const char *p = buf;
			size_t len = (size_t)n;
			if (in_header) {
				const char *nl = memchr(p, '\n', len);
				if (!nl)
					continue; /* a header longer than the buffer: keep skipping */
				in_header = 0;
				len -= (size_t)(nl + 1 - p);
				p = nl + 1;
			}
			if (len) {
				csvo_raw_bytes(out, p, len);
				last = p[len - 1];
			}
		}
		if (n < 0)
			pga_die("%s", zr_error(z));
		zr_close(z);
		if (in_header || last != '\n')
			pga_die("%s: ends inside a row", part);
		csvo_add_rows(out, want);
		total += want;
		free(part);
	}
	fault_point("before-assemble-commit");
	aw_commit(w, NULL);
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
