/* test_checkpoint.c - CUnit tests of zstd frames in artifacts and of the
 * assembly of checkpoint parts: the header is a frame of its own, parts' rows
 * frames are copied byte for byte (the content is every part's rows in order,
 * a single part assembles into its own bytes, the same parts always give the
 * same file), and a damaged or foreign part is refused naming it. The failure
 * cases run in a child process because the assembly dies (exit 1) by design. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_getFrameHeader(): the window a frame declares */
#include <zstd.h>

#include "artifact.h"
#include "checkpoint.h"
#include "strbuf.h"
#include "unit.h"
#include "util.h"

static char tmpdir[] = "/tmp/pga-unit-ckpt-XXXXXX";
static const char *const cols[] = { "id", "text" };

/* The file's bytes in sb (replacing what it held). */
static int read_file(const char *path, struct strbuf *sb)
{
	strbuf_reset(sb);
	return strbuf_read_file(sb, path);
}

/* The decompressed content of a zstd file (every frame), through zio. */
static void read_content(const char *path, struct strbuf *sb)
{
	struct zreader *r = zr_open(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	char buf[65536];
	long n;
	strbuf_reset(sb);
	while ((n = zr_read(r, buf, sizeof(buf))) > 0)
		strbuf_add(sb, buf, (size_t)n);
	CU_ASSERT_EQUAL(n, 0);
	zr_close(r);
}

static unsigned count_frames(const struct strbuf *sb)
{
	unsigned n = 0;
	size_t off = 0;
	while (off < sb->len) {
		size_t f = ZSTD_findFrameCompressedSize(sb->buf + off, sb->len - off);
		CU_ASSERT_FALSE_FATAL(ZSTD_isError(f));
		off += f;
		n++;
	}
	return n;
}

static void test_frames_concatenate(void)
{
	char *path = path_join(tmpdir, "frames.zst");
	struct zwriter *w = zw_open_window(path, 3, 24);
	zw_write(w, "one\n", 4);
	zw_end_frame(w);
	zw_end_frame(w); /* nothing written since: no empty frame */
	zw_write(w, "two\n", 4);
	zw_commit(w, NULL, NULL);
	struct strbuf sb = STRBUF_INIT, first = STRBUF_INIT;
	read_file(path, &sb);
	CU_ASSERT_EQUAL(count_frames(&sb), 2);
	/* frames compressed elsewhere, appended as they are */
	strbuf_add(&first, sb.buf, sb.len);
	w = zw_open(path, 3);
	zw_append_frames(w, first.buf, first.len);
	zw_append_frames(w, first.buf, first.len);
	unsigned long long bytes = 0;
	zw_commit(w, NULL, &bytes);
	CU_ASSERT_EQUAL(bytes, 2 * first.len);
	read_file(path, &sb);
	CU_ASSERT_EQUAL(count_frames(&sb), 4);
	read_content(path, &sb);
	CU_ASSERT_EQUAL(sb.len, 16);
	CU_ASSERT_EQUAL(memcmp(sb.buf, "one\ntwo\none\ntwo\n", 16), 0);
	/* nothing written at all: one empty frame (an empty file is not zstd) */
	w = zw_open(path, 3);
	zw_commit(w, NULL, NULL);
	read_file(path, &sb);
	CU_ASSERT_EQUAL(count_frames(&sb), 1);
	strbuf_release(&sb);
	strbuf_release(&first);
	free(path);
}

static void test_header_frame(void)
{
	char *path = path_join(tmpdir, "hdr.csv.zst");
	struct artifact_writer *w = aw_open(path, cols, 2);
	csvo_llong(aw_csv(w), 1);
	csvo_str(aw_csv(w), "x");
	csvo_end_row(aw_csv(w));
	aw_commit(w, NULL);
	struct strbuf sb = STRBUF_INIT;
	read_file(path, &sb);
	CU_ASSERT_EQUAL(count_frames(&sb), 2);
	size_t h = ZSTD_findFrameCompressedSize(sb.buf, sb.len);
	char out[256];
	size_t n = ZSTD_decompress(out, sizeof(out), sb.buf, h);
	CU_ASSERT_FALSE_FATAL(ZSTD_isError(n));
	CU_ASSERT_EQUAL(n, strlen("\"id\",\"text\"\n"));
	CU_ASSERT_EQUAL(memcmp(out, "\"id\",\"text\"\n", n), 0);
	strbuf_release(&sb);
	free(path);
}

/* Write part k of "t" with rows first..first+n-1. */
static void write_named_part(struct chunk_set *cs, const char *name, unsigned long long k, int first, int n)
{
	struct chunk_part_writer *w = chunk_part_open(cs, name, k, cols, 2);
	for (int i = first; i < first + n; i++) {
		char text[64];
		snprintf(text, sizeof(text), "row %d, \"quoted\"\nand a second line", i);
		csvo_llong(chunk_part_csv(w), i);
		csvo_str(chunk_part_csv(w), text);
		csvo_end_row(chunk_part_csv(w));
	}
	CU_ASSERT_EQUAL(chunk_part_commit(w, NULL), (unsigned long long)n);
}

static void write_part(struct chunk_set *cs, unsigned long long k, int first, int n)
{
	write_named_part(cs, "t", k, first, n);
}

static char *final_path(void) { return path_join(tmpdir, "t.csv.zst"); }

static void check_rows(int nrows)
{
	char *path = final_path();
	struct artifact_reader *r = ar_open(path, cols, 2);
	struct csv_field *f;
	int i = 0;
	while (ar_next(r, &f)) {
		CU_ASSERT_EQUAL(atoi(f[0].data), i);
		i++;
	}
	CU_ASSERT_EQUAL(i, nrows);
	ar_close(r);
	free(path);
}

static void test_assemble_copies_frames(void)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	char *path = final_path();

	/* three parts (the last one empty, as when the rows filled the parts exactly) */
	struct chunk_set *cs = chunks_open_zstd(tmpdir, "test\n", 3, 24, NULL, 0);
	write_part(cs, 0, 0, 100);
	write_part(cs, 1, 100, 100);
	write_part(cs, 2, 200, 0);
	CU_ASSERT_EQUAL(chunk_assemble(cs, "t", cols, 2, 3), 200);
	check_rows(200);
	read_file(path, &a);
	CU_ASSERT_EQUAL(count_frames(&a), 3); /* header, the rows of part 0, of part 1 */
	/* the same parts again: the same bytes */
	CU_ASSERT_EQUAL(chunk_assemble(cs, "t", cols, 2, 3), 200);
	read_file(path, &b);
	CU_ASSERT_EQUAL(a.len, b.len);
	CU_ASSERT_EQUAL(memcmp(a.buf, b.buf, a.len), 0);
	chunks_finish(cs);

	/* one part: the artifact is the part, byte for byte */
	cs = chunks_open_zstd(tmpdir, "test\n", 3, 24, NULL, 0);
	write_part(cs, 0, 0, 200);
	CU_ASSERT_EQUAL(chunk_assemble(cs, "t", cols, 2, 1), 200);
	check_rows(200);
	char *part = chunk_part_path(cs, "t", 0);
	read_file(part, &a);
	read_file(path, &b);
	CU_ASSERT_EQUAL(a.len, b.len);
	CU_ASSERT_EQUAL(memcmp(a.buf, b.buf, a.len), 0);
	free(part);
	chunks_finish(cs);

	/* no part at all: the header frame alone */
	cs = chunks_open(tmpdir, "test\n");
	CU_ASSERT_EQUAL(chunk_assemble(cs, "t", cols, 2, 0), 0);
	check_rows(0);
	read_file(path, &a);
	CU_ASSERT_EQUAL(count_frames(&a), 1);
	chunks_finish(cs);

	strbuf_release(&a);
	strbuf_release(&b);
	free(path);
}

static void test_fingerprint_has_zstd_settings(void)
{
	struct chunk_set *cs = chunks_open_zstd(tmpdir, "fp\n", 3, 24, NULL, 0);
	write_part(cs, 0, 0, 10);
	chunks_close(cs);
	cs = chunks_open_zstd(tmpdir, "fp\n", 3, 24, NULL, 0);
	CU_ASSERT_TRUE(chunk_part_done(cs, "t", 0, NULL, NULL));
	chunks_close(cs);
	/* other settings would assemble into other bytes: the parts are dropped */
	cs = chunks_open_zstd(tmpdir, "fp\n", 3, 0, NULL, 0);
	CU_ASSERT_FALSE(chunk_part_done(cs, "t", 0, NULL, NULL));
	chunks_finish(cs);
}

/* The window a zstd file's frame number frame (0: the first) declares. */
static unsigned long long frame_window(const char *path, unsigned frame)
{
	struct strbuf sb = STRBUF_INIT;
	CU_ASSERT_EQUAL_FATAL(read_file(path, &sb), 0);
	size_t off = 0;
	for (unsigned i = 0; i < frame && off < sb.len; i++)
		off += ZSTD_findFrameCompressedSize(sb.buf + off, sb.len - off);
	ZSTD_frameHeader h;
	CU_ASSERT_EQUAL_FATAL(ZSTD_getFrameHeader(&h, sb.buf + off, sb.len - off), 0);
	strbuf_release(&sb);
	return h.windowSize;
}

static void test_window_per_artifact(void)
{
	const struct chunk_window own = { "w", 20 };
	struct chunk_set *cs = chunks_open_zstd(tmpdir, "win\n", 3, 24, &own, 1);
	write_named_part(cs, "t", 0, 0, 100);
	write_named_part(cs, "w", 0, 0, 100);
	write_named_part(cs, "w", 1, 100, 100);
	CU_ASSERT_EQUAL(chunk_assemble(cs, "t", cols, 2, 1), 100);
	CU_ASSERT_EQUAL(chunk_assemble(cs, "w", cols, 2, 2), 200);
	char *t = path_join(tmpdir, "t.csv.zst"), *w = path_join(tmpdir, "w.csv.zst"), *wpart = chunk_part_path(cs, "w", 1);
	/* frame 0 is the header, then a rows frame per part */
	CU_ASSERT_EQUAL(frame_window(t, 1), 1ull << 24);
	CU_ASSERT_EQUAL(frame_window(w, 1), 1ull << 20);
	CU_ASSERT_EQUAL(frame_window(w, 2), 1ull << 20);
	CU_ASSERT_EQUAL(frame_window(wpart, 1), 1ull << 20);
	chunks_close(cs);
	/* the same settings: the parts are kept; another window for w: none is */
	cs = chunks_open_zstd(tmpdir, "win\n", 3, 24, &own, 1);
	CU_ASSERT_TRUE(chunk_part_done(cs, "w", 1, NULL, NULL));
	chunks_close(cs);
	const struct chunk_window other = { "w", 21 };
	cs = chunks_open_zstd(tmpdir, "win\n", 3, 24, &other, 1);
	CU_ASSERT_FALSE(chunk_part_done(cs, "w", 1, NULL, NULL));
	CU_ASSERT_FALSE(chunk_part_done(cs, "t", 0, NULL, NULL));
	chunks_finish(cs);
	unlink(t);
	unlink(w);
	free(t);
	free(w);
	free(wpart);
}

static void assemble_two(const char *unused)
{
	(void)unused;
	struct chunk_set *cs = chunks_open(tmpdir, "bad\n");
	chunk_assemble(cs, "t", cols, 2, 2);
	chunks_close(cs);
}

static void test_bad_parts_are_refused(void)
{
	char msg[2048];
	struct chunk_set *cs = chunks_open(tmpdir, "bad\n");
	write_part(cs, 0, 0, 50);
	write_part(cs, 1, 50, 50);
	char *part = chunk_part_path(cs, "t", 1);
	chunks_close(cs);
	CU_ASSERT_EQUAL(unit_in_child(assemble_two, NULL, msg, sizeof(msg)), 0);

	/* a flipped byte in the rows frame: the SHA-256 names the part */
	FILE *fp = fopen(part, "r+b");
	fseek(fp, -5, SEEK_END);
	int c = fgetc(fp);
	fseek(fp, -5, SEEK_END);
	fputc(c ^ 0x10, fp);
	fclose(fp);
	CU_ASSERT_EQUAL(unit_in_child(assemble_two, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "does not match its sidecar"));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, part));

	/* a part of another layout (header and rows in one frame) with a sidecar that
	 * vouches for it: its first frame is not the header alone */
	struct zwriter *z = zw_open(part, 3);
	const char *text = "\"id\",\"text\"\n50,\"x\"\n";
	zw_write(z, text, strlen(text));
	sha256_hex_t sha;
	unsigned long long bytes;
	zw_commit(z, sha, &bytes);
	json_t *meta = json_pack("{s:s, s:i, s:s, s:[s,s], s:I, s:I, s:s, s:s}", "format", "csv+zstd",
				 "format_version", 1, "file", "t.000001.csv.zst", "columns", "id", "text", "rows",
				 (json_int_t)1, "bytes", (json_int_t)bytes, "sha256", sha, "hash", "sha256");
	char *mp = xasprintf("%s.meta.json", part);
	artifact_write_json(mp, meta);
	json_decref(meta);
	CU_ASSERT_EQUAL(unit_in_child(assemble_two, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "is not the header row alone"));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, part));

	/* a missing sidecar: the part is not finished */
	unlink(mp);
	CU_ASSERT_EQUAL(unit_in_child(assemble_two, NULL, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "no sidecar"));
	free(mp);
	free(part);
	cs = chunks_open(tmpdir, "bad\n");
	chunks_finish(cs);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	static const struct unit_test tests[] = {
		{ "zstd frames: end, append, concatenate on reading", test_frames_concatenate },
		{ "an artifact's header row is a frame of its own", test_header_frame },
		{ "assembly copies the parts' rows frames; one part = the same bytes", test_assemble_copies_frames },
		{ "parts of other zstd settings are not reused", test_fingerprint_has_zstd_settings },
		{ "an artifact with a zstd window of its own", test_window_per_artifact },
		{ "damaged, foreign-layout and unfinished parts are refused", test_bad_parts_are_refused },
		{ NULL, NULL },
	};
	int rc = unit_run("checkpoint", tests);
	char *cmd = xasprintf("rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
