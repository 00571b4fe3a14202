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
#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

struct chunk_set {
	char *outdir;
	char *dir; /* OUTDIR/parts */
	int level, window_log; /* zstd settings of the parts and of the assembled artifacts */
	struct chunk_window *windows; /* the artifacts with a window of their own (names owned) */
	size_t nwindows;
};

static int window_of(const struct chunk_set *cs, const char *name)
{
	for (size_t i = 0; i < cs->nwindows; i++)
		if (strcmp(cs->windows[i].name, name) == 0)
			return cs->windows[i].window_log;
	return cs->window_log;
}

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

/* Remove every entry of dir (files only: parts/ has no subdirectories); returns how
   many finished parts (sidecars) it removed. */
static unsigned long long empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned long long parts = 0;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		size_t len = strlen(e->d_name);
		if (len > 10 && !strcmp(e->d_name + len - 10, ".meta.json"))
			parts++;
		char *p = path_join(dir, e->d_name);
		if (unlink(p) < 0 && errno != ENOENT)
			pga_die_errno("cannot remove %s", p);
		free(p);
	}
	closedir(d);
	return parts;
}

/* The first line of a that b does not have at the same place (NULL: none), cut at its newline. */
static char *first_other_line(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0;
	while (i < alen) {
		const char *nl = memchr(a + i, '\n', alen - i);
		size_t end = nl ? (size_t)(nl - a) + 1 : alen;
		if (end > blen || memcmp(a + i, b + i, end - i) != 0)
			return xstrndup(a + i, end - i - (nl ? 1 : 0));
		i = end;
	}
	return NULL;
}

struct chunk_set *chunks_open(const char *outdir, const char *fingerprint)
{
	return chunks_open_zstd(outdir, fingerprint, 3, 0, NULL, 0);
}

struct chunk_set *chunks_open_zstd(const char *outdir, const char *fingerprint, int level, int window_log,
				   const struct chunk_window *windows, size_t nwindows)
{
	struct chunk_set *cs = xcalloc(1, sizeof(*cs));
	cs->outdir = xstrdup(outdir);
	cs->dir = path_join(outdir, "parts");
	cs->level = level;
	cs->window_log = window_log;
	cs->windows = xcalloc(nwindows ? nwindows : 1, sizeof(*cs->windows));
	cs->nwindows = nwindows;
	make_outdir(cs->dir);
	artifact_clean_tmp(cs->dir);
	/* the parts' layout is part of what they were made with: frames of other
	 * settings (or parts of an older layout) would assemble into other bytes */
	struct strbuf layout = STRBUF_INIT;
	strbuf_addf(&layout, "%sparts: csv+zstd, header frame + rows frame, level %d, window_log %d\n", fingerprint,
		    level, window_log);
	for (size_t i = 0; i < nwindows; i++) {
		cs->windows[i] = (struct chunk_window){ xstrdup(windows[i].name), windows[i].window_log };
		strbuf_addf(&layout, "window_log of %s: %d\n", windows[i].name, windows[i].window_log);
	}
	char *text = strbuf_detach(&layout, NULL);
	char *fp = path_join(cs->dir, "FINGERPRINT");
	struct strbuf old = STRBUF_INIT;
	int same = read_small_file(fp, &old) == 0 && old.len == strlen(text) && memcmp(old.buf, text, old.len) == 0;
	if (!same) {
		/* parts of other inputs (or of an unknown run): never mix them in */
		unsigned long long dropped = empty_dir(cs->dir);
		if (dropped) {
			/* say which input changed: a resume that starts afresh must not look like one
			   that failed to find its chunks */
			char *was = first_other_line(old.buf, old.len, text, strlen(text));
			char *now = first_other_line(text, strlen(text), old.buf, old.len);
			pga_warn("%s: %llu finished chunk%s of an earlier attempt made from other inputs (was \"%s\", now "
				 "\"%s\"): removed, starting afresh",
				 cs->dir, dropped, dropped == 1 ? "" : "s", was ? was : "-", now ? now : "-");
			free(was);
			free(now);
		}
		fsync_parent_dir(fp);
		atomic_write_file(fp, text, strlen(text));
	}
	strbuf_release(&old);
	free(fp);
	free(text);
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

/* A part is an artifact like any other, in two frames (header, rows) so that its rows
 * frame can be copied into the final artifact as it is. */
struct chunk_part_writer {
	struct artifact_writer *aw;
};

struct chunk_part_writer *chunk_part_open(const struct chunk_set *cs, const char *name, unsigned long long chunk_no,
					  const char *const *columns, size_t ncols)
{
	struct chunk_part_writer *w = xcalloc(1, sizeof(*w));
	char *path = chunk_part_path(cs, name, chunk_no);
	w->aw = aw_open_zstd(path, columns, ncols, cs->level, window_of(cs, name));
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

/* Read exactly len bytes at the current offset of fd (a short file is an error). */
static void read_exact(int fd, const char *path, char *buf, size_t len)
{
	while (len) {
		ssize_t n = read(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			pga_die_errno("cannot read %s", path);
		if (n == 0)
			pga_die("%s: shorter than when it was checked (changed during the assembly)", path);
		buf += n;
		len -= (size_t)n;
	}
}

/* A header frame is one CSV line of column names: far below this. */
#define HEADER_FRAME_MAX (64 * 1024)
#define COPY_BUF (1 << 20)

/*
 * Append the rows frames of part (checked: sidecar, size, SHA-256, header) to w.
 * The bytes copied are hashed again and must give the SHA-256 that was checked,
 * so what goes into the artifact is what was checked, byte for byte.
 */
static void append_part(struct artifact_writer *w, const char *part, const char *const *columns, size_t ncols,
			char *buf, char *hdr, ZSTD_DCtx *dctx)
{
	/* sidecar, size, SHA-256 and header checked before a byte is used */
	struct artifact_reader *check = ar_open(part, columns, ncols);
	unsigned long long rows = ar_rows_expected(check);
	sha256_hex_t want;
	memcpy(want, ar_sha256(check), sizeof(want));
	ar_close(check);

	int fd = open(part, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		pga_die_errno("cannot open %s", part);
	unsigned long long size = (unsigned long long)st.st_size, done = 0;
	struct sha256_ctx *sha = sha256_new();

	/* the first frame must be exactly the header line (one line: column names
	 * have no newline); ar_open() read the same bytes as the header row */
	size_t n = size < HEADER_FRAME_MAX ? (size_t)size : HEADER_FRAME_MAX;
	read_exact(fd, part, buf, n);
	size_t h = ZSTD_findFrameCompressedSize(buf, n);
	if (ZSTD_isError(h))
		pga_die("%s: the first zstd frame is not a complete header frame (%s): not a part of this layout", part,
			ZSTD_getErrorName(h));
	size_t hl = ZSTD_decompressDCtx(dctx, hdr, HEADER_FRAME_MAX, buf, h);
	if (ZSTD_isError(hl) || hl == 0 || memchr(hdr, '\n', hl) != hdr + hl - 1)
		pga_die("%s: the first zstd frame is not the header row alone: not a part of this layout", part);
	sha256_update(sha, buf, n);
	if (n > h)
		aw_append_frames(w, buf + h, n - h, 0);
	done = n;
	while (done < size) {
		size_t want_n = size - done < COPY_BUF ? (size_t)(size - done) : COPY_BUF;
		read_exact(fd, part, buf, want_n);
		sha256_update(sha, buf, want_n);
		aw_append_frames(w, buf, want_n, 0);
		done += want_n;
	}
	char extra;
	if (read(fd, &extra, 1) != 0)
		pga_die("%s: longer than when it was checked (changed during the assembly)", part);
	close(fd);
	sha256_hex_t got;
	sha256_finish(sha, got);
	if (strcmp(got, want) != 0)
		pga_die("%s: changed during the assembly (SHA-256 %s, checked %s)", part, got, want);
	aw_append_frames(w, "", 0, rows);
}

unsigned long long chunk_assemble(const struct chunk_set *cs, const char *name, const char *const *columns,
				  size_t ncols, unsigned long long nparts)
{
	char *base = xasprintf("%s.csv.zst", name);
	char *final = path_join(cs->outdir, base);
	free(base);
	/* the header frame is made here, with the parts' settings: the same bytes as theirs */
	struct artifact_writer *w = aw_open_zstd(final, columns, ncols, cs->level, window_of(cs, name));
	char *buf = xmalloc(COPY_BUF), *hdr = xmalloc(HEADER_FRAME_MAX);
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	if (!dctx)
		pga_die("zstd: cannot create a decompression context");
	for (unsigned long long k = 0; k < nparts; k++) {
		char *part = chunk_part_path(cs, name, k);
		append_part(w, part, columns, ncols, buf, hdr, dctx);
		free(part);
	}
	ZSTD_freeDCtx(dctx);
	fault_point("before-assemble-commit");
	unsigned long long total = aw_commit(w, NULL);
	free(buf);
	free(hdr);
	free(final);
	return total;
}

void chunks_close(struct chunk_set *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->nwindows; i++)
		free((char *)cs->windows[i].name);
	free(cs->windows);
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
