/*
 * compare.c - pggit-audit-compare: what differs between two runs (say staging and
 * production), each given as a work directory or an evidence archive.
 *
 *  * every artifact (the stages' output files in the work directory's subfolders; not
 *    the runner's journal, logs or top-level progress files, which hold times):
 *    identical, different, only in A, only in B, by SHA-256, or "same rows" for a
 *    .csv.zst with other bytes but the same decompressed content (another CHUNK_ROWS);
 *  * classify/changes.csv.zst, diff/commits.csv.zst, classify/blobs.csv.zst: a
 *    row-level diff keyed by the stable ids, merged in the order the stages write them,
 *    (generation, commit_sha, path), (generation, commit_sha) and blob_sha, so memory
 *    stays bounded whatever the size;
 *  * classify/versions.csv.zst: written in commit order; its rows are grouped by
 *    commit (the commit's generation comes from diff/commits.csv.zst of the same
 *    run), groups merged in (generation, commit_sha) order and compared by
 *    version_id within a commit (memory: one commit's versions).
 *
 * Output: a readable summary, or NDJSON with --format ndjson. Exit status as diff:
 * 0 identical, 1 differences, 2 error.
 */
#include <archive_entry.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "archive_bag.h"
#include "artifact.h"
#include "formats.h"
#include "bagit.h"
#include "display.h"
#include "hash.h"
#include "progress.h"
#include "runner.h"
#include "strmap.h"
#include "util.h"

#ifndef PGGIT_AUDIT_VERSION
#define PGGIT_AUDIT_VERSION "unknown"
#endif

/* Writes a value of the text summary so that it stays on its line and reads back one way
 * (store values may hold newlines, quotes or terminal escapes): the display form of
 * common/display.h, and "NULL", which stands for SQL NULL, quoted as a value. */
static void print_text_value(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add_display(&sb, s, len, len == 4 && memcmp(s, "NULL", 4) == 0 ? DISPLAY_QUOTE : 0);
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

static void usage(int status)
{
	printf("usage: pggit-audit-compare [--format text|ndjson] [--limit N] A B\n\n"
	       "Compare two runs, each a work directory or an evidence archive: every artifact\n"
	       "(identical or not) and, row by row keyed by the stable ids, the changes, versions\n"
	       "and commits. --limit N caps the rows listed per artifact in the text summary\n"
	       "(default 20; 0 = all); NDJSON lists every row. Exit 0 when every row is the same\n"
	       "(identical runs, or runs differing only in bytes and reports: \"every row is the same\"),\n"
	       "1 when a row or a compressed artifact's content differs, 2 error.\n");
	exit(status);
}

/* ---- exit status 2 on any error ---- */

/* pga_die() exits with status 1, which here means "differences": an exit hook turns
 * every exit before the end of main into status 2, after removing temporaries. */
static int finished;
static char *tmpdirs[2];

static void remove_tree(const char *dir)
{
	size_t n;
	struct workdir_file *f = workdir_files(dir, 0, 0, NULL, &n);
	for (size_t i = 0; i < n; i++) {
		char *p = path_join(dir, f[i].rel);
		unlink(p);
		/* then its now empty folders, up to dir (a folder still holding files stays
		   until its last file goes) */
		char *slash;
		while ((slash = strrchr(p, '/')) && (size_t)(slash - p) > strlen(dir)) {
			*slash = '\0';
			if (rmdir(p) < 0)
				break;
		}
		free(p);
	}
	workdir_files_free(f, n);
	rmdir(dir);
}

static void at_exit_hook(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++)
		if (tmpdirs[i]) {
			char *d = tmpdirs[i];
			tmpdirs[i] = NULL;
			remove_tree(d);
			free(d);
		}
	if (!finished) {
		fflush(NULL);
		_exit(2);
	}
}

/* ---- the two runs ---- */

struct artifact_file {
	char *rel;
	sha256_hex_t sha;
	int has_content;        /* content_sha is known */
	sha256_hex_t content_sha; /* of the decompressed bytes, for a .csv.zst */
};

struct run_input {
	const char *arg;
	const char *label; /* "A" or "B" */
	int is_archive;
	char *dir;         /* where the row artifacts are read: the work directory, or a temporary copy */
	struct artifact_file *files;
	size_t n;
};

/* Row-diffed artifacts and their sidecars, copied out of an archive. */
static const char *const row_files[] = {
	"classify/changes.csv.zst",  "classify/changes.csv.zst.meta.json",  "classify/versions.csv.zst",
	"classify/versions.csv.zst.meta.json", "diff/commits.csv.zst", "diff/commits.csv.zst.meta.json",
	"classify/blobs.csv.zst",
};

/* The stages' outputs live in subdirectories (export/, diff/, ...). The runner's own
 * files hold times and would make every two runs differ: .pggit-audit/ (journal), logs/,
 * and the files at the top of the work directory (progress.ndjson, metrics.prom). */
static int is_artifact(const char *rel)
{
	return strchr(rel, '/') != NULL && strncmp(rel, ".pggit-audit/", 13) != 0 && strncmp(rel, "logs/", 5) != 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Copied out of an archive: the row-diffed artifacts, and every sidecar (small), which
 * tells whether two artifacts with the same rows differ in anything but their bytes. */
static int is_row_file(const char *rel)
{
	for (size_t i = 0; i < sizeof(row_files) / sizeof(row_files[0]); i++)
		if (strcmp(rel, row_files[i]) == 0)
			return 1;
	return ends_with(rel, ".meta.json");
}

/* ---- content of a compressed artifact ----
 * The artifacts' bytes depend on the chunk size (each part starts a zstd frame) while
 * their rows do not: two .csv.zst files with different bytes are compared again by the
 * SHA-256 of what they decompress to. */

struct content_hash {
	ZSTD_DCtx *d;
	struct sha256_ctx *c;
	int bad;                /* not a valid zstd stream: its content is unknown */
	size_t last;            /* ZSTD_decompressStream's last answer: 0 at the end of a frame */
};

static void content_begin(struct content_hash *h)
{
	h->d = ZSTD_createDCtx();
	if (!h->d)
		pga_die("out of memory");
	h->c = sha256_new();
	h->bad = 0;
	h->last = 0;
}

static void content_feed(struct content_hash *h, const void *buf, size_t len)
{
	static char out[1 << 17];
	ZSTD_inBuffer in = { buf, len, 0 };
	while (!h->bad) {
		ZSTD_outBuffer o = { out, sizeof(out), 0 };
		size_t rc = ZSTD_decompressStream(h->d, &o, &in);
		if (ZSTD_isError(rc)) {
			h->bad = 1;
			break;
		}
		h->last = rc;
		sha256_update(h->c, out, o.pos);
		/* a full output buffer may leave decoded bytes behind: ask again; otherwise
		   stop once the input is used up (asking again would start a new frame) */
		if (in.pos == in.size && o.pos < o.size)
			break;
	}
}

/* 0 and the content's SHA-256, or -1 when the bytes were no complete zstd stream. */
static int content_end(struct content_hash *h, sha256_hex_t out)
{
	sha256_finish(h->c, out);
	ZSTD_freeDCtx(h->d);
	return h->bad || h->last != 0 ? -1 : 0; /* a truncated last frame is no known content */
}

static void add_file(struct run_input *in, size_t *cap, const char *rel, const sha256_hex_t sha)
{
	ALLOC_GROW(in->files, in->n + 1, *cap, 64);
	in->files[in->n].rel = xstrdup(rel);
	memcpy(in->files[in->n].sha, sha, sizeof(sha256_hex_t));
	in->files[in->n].has_content = 0;
	in->n++;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct artifact_file *)a)->rel, ((const struct artifact_file *)b)->rel);
}

/* the SHA-256 of work directory file rel: from the artifacts hashed, else from the disk */
static const char *workdir_file_sha(const char *rel, void *arg)
{
	const struct run_input *in = arg;
	static sha256_hex_t disk;
	size_t lo = 0, hi = in->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(in->files[mid].rel, rel);
		if (c == 0)
			return in->files[mid].sha;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	char *p = path_join(in->arg, rel);
	int got = sha256_file(p, disk, NULL) == 0;
	free(p);
	return got ? disk : NULL;
}

static void open_workdir(struct run_input *in)
{
	size_t n, cap = 0;
	struct workdir_file *f = workdir_files(in->arg, 0, 0, is_artifact, &n);
	for (size_t i = 0; i < n; i++) {
		char *p = path_join(in->arg, f[i].rel);
		sha256_hex_t sha;
		if (sha256_file(p, sha, NULL) < 0)
			pga_die_errno("cannot read %s", p);
		add_file(in, &cap, f[i].rel, sha);
		free(p);
	}
	workdir_files_free(f, n);
	in->dir = xstrdup(in->arg);
	/* a run stopped or rerun with only some targets holds a later export beside an
	   earlier classify: its rows would be called identical (or different) for artifacts
	   no run made together. A warning, not a refusal: comparing a run with an edited copy
	   of itself (what-if) is a use too */
	char *msg = runner_check_one_run(in->arg, workdir_file_sha, in);
	if (msg)
		pga_warn("%s: %s: %s holds files of more than one run (see pggit-audit status --workdir %s): what "
			 "follows compares artifacts that no one run made together",
			 in->label, msg, dv(in->arg), dv(in->arg));
	free(msg);
}

/* Stream the archive once: hash every artifact, copy the row artifacts to a temporary directory. */
static void open_archive(struct run_input *in, int slot)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/pggit-audit-compare-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpl))
		pga_die_errno("cannot create a temporary directory %s", tmpl);
	tmpdirs[slot] = xstrdup(tmpl);
	in->dir = tmpl;
	struct bag_reader *r = bag_reader_open(in->arg);
	if (!r)
		pga_die_errno("cannot open %s", in->arg);
	struct archive_entry *e;
	int rc;
	size_t cap = 0;
	struct strbuf manifest = STRBUF_INIT;
	static char buf[1 << 16];
	struct strmap *seen = strmap_new();
	char *root = NULL;
	while ((rc = bag_reader_next(r, &e)) == 1) {
		const char *name = archive_entry_pathname(e), *why;
		if (bag_name_check(name, &why) < 0 || !bag_entry_is_file(e))
			pga_die("%s: member %s is unsafe or not a regular file; check it with pggit-audit archive --verify",
				in->arg, name ? dv(name) : "(unnamed)");
		/* one bag directory, each member once (as --verify checks): a second copy of a
		   member, or a member of another directory, would be compared as a file of
		   the run (a second manifest-sha256.txt would be read as part of the first) */
		const char *slash = strchr(name, '/');
		if (!slash || (root && (strlen(root) != (size_t)(slash - name) || strncmp(root, name, (size_t)(slash - name)))))
			pga_die("%s: member %s is outside the bag's directory%s%s; check the archive with "
				"pggit-audit archive --verify",
				in->arg, dv(name), root ? " " : "", root ? dv(root) : "");
		if (!root)
			root = xstrndup(name, (size_t)(slash - name));
		const char *rel = slash + 1;
		int added;
		strmap_intern(seen, rel, strlen(rel), &added);
		if (!added)
			pga_die("%s: member %s appears twice; check the archive with pggit-audit archive --verify", in->arg,
				dv(name));
		int is_manifest = strcmp(rel, "manifest-sha256.txt") == 0;
		int is_payload = strncmp(rel, "data/workdir/", 13) == 0 && is_artifact(rel + 13);
		if (!is_manifest && !is_payload)
			continue;
		FILE *copy = NULL;
		char *copy_path = NULL;
		if (is_payload && is_row_file(rel + 13)) {
			/* the size the member declares, before a byte is copied: a few hundred bytes
			   of zstd can declare one that fills the temporary directory's disk */
			la_int64_t size = archive_entry_size(e);
			unsigned long long u = size > 0 ? (unsigned long long)size : 0;
			char why[200];
			int room = bag_room_check(tmpl, u, u, why, sizeof(why));
			if (room == -2)
				pga_die_errno("cannot read the free space of %s", tmpl);
			if (room < 0)
				pga_die("%s: member %s holds %s in %s, where it would be copied; check the archive "
					"with pggit-audit archive --verify",
					in->arg, dv(name), why, tmpl);
			copy_path = path_join(tmpl, rel + 13);
			char *slash2 = strrchr(copy_path, '/');
			*slash2 = '\0';
			if (mkdir_p(copy_path, 0700) < 0)
				pga_die_errno("cannot create %s", copy_path);
			*slash2 = '/';
			copy = fopen(copy_path, "wbx");
			if (!copy)
				pga_die_errno("cannot create %s", copy_path);
		}
		struct sha256_ctx *c = sha256_new();
		struct content_hash ch = { 0 };
		int zst = is_payload && ends_with(rel, ".csv.zst");
		if (zst)
			content_begin(&ch);
		long n;
		while ((n = bag_reader_data(r, buf, sizeof(buf))) > 0) {
			sha256_update(c, buf, (size_t)n);
			if (zst)
				content_feed(&ch, buf, (size_t)n);
			if (is_manifest) {
				if (manifest.len + (size_t)n > BAG_MAX_TAG_FILE)
					pga_die("%s: member %s is larger than %u bytes; check the archive with "
						"pggit-audit archive --verify",
						in->arg, dv(name), BAG_MAX_TAG_FILE);
				strbuf_add(&manifest, buf, (size_t)n);
			}
			if (copy && fwrite(buf, 1, (size_t)n, copy) != (size_t)n)
				pga_die_errno("cannot write %s", copy_path);
		}
		sha256_hex_t sha;
		sha256_finish(c, sha);
		if (n < 0)
			pga_die("%s: %s", in->arg, bag_reader_error(r));
		if (copy && fclose(copy) != 0)
			pga_die_errno("cannot write %s", copy_path);
		free(copy_path);
		sha256_hex_t csha;
		int have_content = zst ? content_end(&ch, csha) == 0 : 0;
		if (is_payload) {
			add_file(in, &cap, rel + 13, sha);
			if (have_content) {
				in->files[in->n - 1].has_content = 1;
				memcpy(in->files[in->n - 1].content_sha, csha, sizeof(sha256_hex_t));
			}
		}
	}
	if (rc < 0)
		pga_die("%s: %s", in->arg, bag_reader_error(r));
	sha256_hex_t fsha;
	if (bag_reader_finish(r, fsha, NULL) < 0)
		pga_die("%s: %s", in->arg, bag_reader_error(r));
	bag_reader_close(r);
	/* every member is a regular file: one below another is no run's work directory, and
	   --verify and --extract refuse it */
	for (uint32_t id = 0; id < strmap_count(seen); id++) {
		const char *rel = strmap_key(seen, id);
		for (const char *p = strchr(rel, '/'); p; p = strchr(p + 1, '/'))
			if (strmap_find(seen, rel, (size_t)(p - rel)) != UINT32_MAX)
				pga_die("%s: member %s/%s lies below %s/%s, a file; check the archive with "
					"pggit-audit archive --verify",
					in->arg, dv(root), dv(rel), dv(root), dvn(rel, (size_t)(p - rel)));
	}
	strmap_free(seen);
	free(root);
	/* a damaged archive is an error, not a difference */
	struct bagit_manifest m;
	char *err = NULL;
	if (bagit_manifest_parse(manifest.buf, manifest.len, &m, &err) < 0)
		pga_die("%s: manifest-sha256.txt: %s", in->arg, dt(err));
	for (size_t i = 0; i < in->n; i++) {
		char *path = xasprintf("data/workdir/%s", in->files[i].rel);
		const struct bagit_entry *be = bagit_manifest_find(&m, path);
		if (!be || strcmp(be->sha, in->files[i].sha) != 0)
			pga_die("%s: member %s does not match manifest-sha256.txt; check the archive with "
				"pggit-audit archive --verify",
				in->arg, dv(path));
		free(path);
	}
	if (in->n > 1)
		qsort(in->files, in->n, sizeof(*in->files), cmp_file);
	/* and the reverse: an artifact the manifest lists but the archive lacks is damage,
	   not a file "only in" the other run. By binary search: a hostile bag of 100,000
	   empty members, each listed, made a search per line minutes of work. */
	for (size_t i = 0; i < m.n; i++) {
		const char *path = m.entries[i].path;
		if (strncmp(path, "data/workdir/", 13) != 0 || !is_artifact(path + 13))
			continue;
		struct artifact_file key = { .rel = (char *)(path + 13) };
		if (!bsearch(&key, in->files, in->n, sizeof(*in->files), cmp_file))
			pga_die("%s: %s is listed in manifest-sha256.txt but missing from the archive; check it "
				"with pggit-audit archive --verify",
				in->arg, dv(path));
	}
	bagit_manifest_free(&m);
	strbuf_release(&manifest);
}

static void open_input(struct run_input *in, int slot)
{
	struct stat st;
	if (stat(in->arg, &st) < 0)
		pga_die_errno("cannot open %s", in->arg);
	in->is_archive = S_ISREG(st.st_mode);
	if (in->is_archive)
		open_archive(in, slot);
	else if (S_ISDIR(st.st_mode))
		open_workdir(in);
	else
		pga_die("%s is neither a work directory nor an archive", in->arg);
}

/* ---- output ---- */

enum format { FMT_TEXT, FMT_NDJSON };
static enum format fmt = FMT_TEXT;
static unsigned long long limit = 20;

static void emit_json(json_t *j)
{
	char *t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	puts(t);
	free(t);
	json_decref(j);
}

static json_t *field_json(const struct csv_field *f)
{
	return f->is_null ? json_null() : json_stringn(f->data, f->len);
}

/* ---- artifacts ---- */

/* The decompressed content's SHA-256 of a .csv.zst (computed once); 0 if known. */
static int content_of(const struct run_input *in, struct artifact_file *f)
{
	if (f->has_content)
		return 0;
	if (in->is_archive || !ends_with(f->rel, ".csv.zst"))
		return -1;
	char *p = path_join(in->dir, f->rel);
	FILE *fp = fopen(p, "rb");
	if (!fp)
		pga_die_errno("cannot read %s", p);
	static char buf[1 << 16];
	struct content_hash ch = { 0 };
	content_begin(&ch);
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		content_feed(&ch, buf, n);
	if (ferror(fp))
		pga_die_errno("cannot read %s", p);
	fclose(fp);
	free(p);
	if (content_end(&ch, f->content_sha) < 0)
		return -1;
	f->has_content = 1;
	return 0;
}

static json_t *load_sidecar(const struct run_input *in, const char *rel)
{
	char *p = path_join(in->dir, rel);
	json_t *j = json_load_file(p, 0, NULL);
	free(p);
	return j;
}

/* A sidecar that differs only in the bytes of its artifact (sha256, bytes), the
 * artifact's rows being the same on both sides. */
static int same_sidecar(const struct run_input *a, const struct run_input *b, const char *rel)
{
	json_t *ja = load_sidecar(a, rel), *jb = load_sidecar(b, rel);
	int same = 0;
	if (json_is_object(ja) && json_is_object(jb)) {
		json_object_del(ja, "sha256");
		json_object_del(ja, "bytes");
		json_object_del(jb, "sha256");
		json_object_del(jb, "bytes");
		same = json_equal(ja, jb);
	}
	json_decref(ja);
	json_decref(jb);
	return same;
}

static struct artifact_file *find_file(const struct run_input *in, const char *rel)
{
	struct artifact_file key = { .rel = (char *)rel };
	return bsearch(&key, in->files, in->n, sizeof(*in->files), cmp_file);
}

/* Both sides hold rel, with the same rows (decompressed bytes) but other bytes. */
static int same_rows(const struct run_input *a, const struct run_input *b, const char *rel)
{
	struct artifact_file *fa = find_file(a, rel), *fb = find_file(b, rel);
	if (!fa || !fb)
		return 0;
	if (strcmp(fa->sha, fb->sha) == 0)
		return 1;
	return content_of(a, fa) == 0 && content_of(b, fb) == 0 && strcmp(fa->content_sha, fb->content_sha) == 0;
}

/* Artifacts that differ only in their bytes ("same_rows"), counted apart from those
 * that differ in content: a run with another CHUNK_ROWS writes other bytes, the same rows. */
static unsigned long long artifacts_same_rows, artifacts_content_differs;

static unsigned long long compare_artifacts(struct run_input *a, struct run_input *b)
{
	size_t i = 0, j = 0;
	unsigned long long same = 0, same_r = 0, diff = 0, only_a = 0, only_b = 0;
	while (i < a->n || j < b->n) {
		int c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->files[i].rel, b->files[j].rel);
		const char *status, *rel;
		const char *sa = NULL, *sb = NULL;
		if (c < 0) {
			status = "only_in_a";
			rel = a->files[i].rel;
			sa = a->files[i++].sha;
			only_a++;
		} else if (c > 0) {
			status = "only_in_b";
			rel = b->files[j].rel;
			sb = b->files[j++].sha;
			only_b++;
		} else {
			rel = a->files[i].rel;
			sa = a->files[i++].sha;
			sb = b->files[j++].sha;
			if (strcmp(sa, sb) == 0) {
				status = "identical";
				same++;
			} else {
				int rows = 0;
				if (ends_with(rel, ".csv.zst")) {
					rows = same_rows(a, b, rel);
				} else if (ends_with(rel, ".csv.zst.meta.json")) {
					char *art = xstrndup(rel, strlen(rel) - strlen(".meta.json"));
					rows = same_rows(a, b, art) && same_sidecar(a, b, rel);
					free(art);
				}
				if (rows) {
					status = "same_rows";
					same_r++;
				} else {
					status = "different";
					diff++;
				}
			}
		}
		if (ends_with(rel, ".csv.zst") && strcmp(status, "identical") && strcmp(status, "same_rows"))
			artifacts_content_differs++;
		if (fmt == FMT_NDJSON)
			emit_json(json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "type", "artifact", "path", rel, "status",
					    status, "sha256_a", sa, "sha256_b", sb));
		else if (strcmp(status, "identical") != 0)
		{
			printf("  %-10s ", strcmp(status, "different") == 0 ? "different" :
					       strcmp(status, "same_rows") == 0 ? "same rows" :
					       strcmp(status, "only_in_a") == 0 ? "only in A" : "only in B");
			print_text_value(rel, strlen(rel));
			putchar('\n');
		}
	}
	artifacts_same_rows = same_r;
	if (fmt == FMT_TEXT)
		printf("artifacts: %llu identical, %llu same rows in other bytes, %llu different, %llu only in A, "
		       "%llu only in B\n",
		       same, same_r, diff, only_a, only_b);
	else
		emit_json(json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "type", "artifacts", "identical", (json_int_t)same,
				    "same_rows", (json_int_t)same_r, "different", (json_int_t)diff, "only_in_a",
				    (json_int_t)only_a, "only_in_b", (json_int_t)only_b));
	return same_r + diff + only_a + only_b;
}

/* ---- rows ---- */


/* How one row-diffed artifact is keyed and shown. */
struct table {
	const char *artifact;
	const char *const *cols;
	size_t ncols;
	const int *key;    /* column indexes of the identifying key shown, first is the id */
	size_t nkey;
	unsigned long long same, only_a, only_b, changed, listed;
};

static const int changes_key[] = { 0, 1, 2, 3 };
static const int versions_key[] = { 0, 6, 1, 2, 4 };
static const int commits_key[] = { 0, 1 };
static const int blobs_key[] = { 0, 1, 2, 3 };

static void show_row(struct table *t, const char *status, const struct csv_field *a, const struct csv_field *b)
{
	const struct csv_field *any = a ? a : b;
	if (strcmp(status, "identical") == 0) {
		t->same++;
		return;
	}
	if (strcmp(status, "only_in_a") == 0)
		t->only_a++;
	else if (strcmp(status, "only_in_b") == 0)
		t->only_b++;
	else
		t->changed++;
	if (fmt == FMT_NDJSON) {
		json_t *key = json_object();
		for (size_t k = 0; k < t->nkey; k++)
			json_object_set_new(key, t->cols[t->key[k]], field_json(&any[t->key[k]]));
		json_t *j = json_pack("{s:s, s:s, s:s, s:o}", "type", "row", "artifact", t->artifact, "status", status,
				      "key", key);
		if (a && b) {
			json_t *cols = json_object();
			for (size_t c = 0; c < t->ncols; c++)
				if (a[c].is_null != b[c].is_null || a[c].len != b[c].len ||
				    memcmp(a[c].data, b[c].data, a[c].len) != 0)
					json_object_set_new(cols, t->cols[c],
							    json_pack("{s:o, s:o}", "a", field_json(&a[c]), "b",
								      field_json(&b[c])));
			json_object_set_new(j, "columns", cols);
		} else {
			json_t *row = json_object();
			for (size_t c = 0; c < t->ncols; c++)
				json_object_set_new(row, t->cols[c], field_json(&any[c]));
			json_object_set_new(j, "row", row);
		}
		emit_json(j);
		return;
	}
	if (limit && t->listed >= limit)
		return;
	t->listed++;
	printf("  %-9s %s", strcmp(status, "only_in_a") == 0 ? "only in A" :
			  strcmp(status, "only_in_b") == 0 ? "only in B" : "changed",
	       t->artifact);
	for (size_t k = 0; k < t->nkey; k++) {
		const struct csv_field *v = &any[t->key[k]];
		printf(" %s=", t->cols[t->key[k]]);
		if (v->is_null)
			fputs("NULL", stdout);
		else
			print_text_value(v->data, v->len);
	}
	if (a && b) {
		printf(":");
		for (size_t c = 0; c < t->ncols; c++)
			if (a[c].is_null != b[c].is_null || a[c].len != b[c].len ||
			    memcmp(a[c].data, b[c].data, a[c].len) != 0)
				printf(" %s", t->cols[c]);
	}
	putchar('\n');
}

static int rows_equal(const struct table *t, const struct csv_field *a, const struct csv_field *b)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (a[c].is_null != b[c].is_null || a[c].len != b[c].len || memcmp(a[c].data, b[c].data, a[c].len) != 0)
			return 0;
	return 1;
}

static unsigned long long finish_table(struct table *t)
{
	if (fmt == FMT_NDJSON)
		emit_json(json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "type", "rows", "artifact", t->artifact,
				    "identical", (json_int_t)t->same, "only_in_a", (json_int_t)t->only_a, "only_in_b",
				    (json_int_t)t->only_b, "changed", (json_int_t)t->changed));
	else {
		unsigned long long total = t->only_a + t->only_b + t->changed;
		if (limit && total > t->listed)
			printf("  ... %llu more (--limit 0 lists all)\n", total - t->listed);
		printf("%s: %llu identical rows, %llu only in A, %llu only in B, %llu changed\n", t->artifact, t->same,
		       t->only_a, t->only_b, t->changed);
	}
	return t->only_a + t->only_b + t->changed;
}

static long long parse_generation(const struct csv_field *f, const char *path, unsigned long long line)
{
	unsigned long long g;
	if (f->is_null || parse_u64(f->data, &g) < 0)
		pga_die("%s:%llu: generation is not a number", path, line);
	return (long long)g;
}

/* Order of the stages' writing: generation, then the other key columns in byte order. */
static int cmp_sorted(long long ga, const struct csv_field *a, long long gb, const struct csv_field *b,
		      const int *cols, size_t ncols)
{
	if (ga != gb)
		return ga < gb ? -1 : 1;
	for (size_t i = 0; i < ncols; i++) {
		int c = strcmp(a[cols[i]].data, b[cols[i]].data);
		if (c)
			return c < 0 ? -1 : 1;
	}
	return 0;
}

/* One side of a sorted merge, with a check that the file really is in order. */
struct sorted_side {
	struct artifact_reader *r;
	struct csv_field *f;
	int have;
	long long gen;
	int gen_col;
	const int *order;
	size_t norder;
	const char *order_text;
	long long prev_gen;
	char **prev;   /* previous row's order columns (owned) */
};

static void side_next(struct sorted_side *s)
{
	s->have = ar_next(s->r, &s->f);
	if (!s->have)
		return;
	s->gen = s->gen_col < 0 ? 0 : parse_generation(&s->f[s->gen_col], ar_path(s->r), ar_line(s->r));
	if (s->prev) {
		/* strictly increasing: the keys are unique */
		int c = s->gen != s->prev_gen ? (s->gen < s->prev_gen ? -1 : 1) : 0;
		for (size_t i = 0; !c && i < s->norder; i++)
			c = strcmp(s->f[s->order[i]].data, s->prev[i]);
		if (c <= 0)
			pga_die("%s:%llu: rows are not in (%s) order", ar_path(s->r), ar_line(s->r), s->order_text);
		for (size_t i = 0; i < s->norder; i++)
			free(s->prev[i]);
	} else {
		s->prev = xcalloc(s->norder, sizeof(char *));
	}
	s->prev_gen = s->gen;
	for (size_t i = 0; i < s->norder; i++)
		s->prev[i] = xstrdup(s->f[s->order[i]].data);
}

static void side_close(struct sorted_side *s)
{
	if (s->prev)
		for (size_t i = 0; i < s->norder; i++)
			free(s->prev[i]);
	free(s->prev);
	ar_close(s->r);
}

/* gen_col < 0: the artifact has no generation, its rows are in the order columns' order alone. */
static unsigned long long compare_sorted(struct table *t, const char *dir_a, const char *dir_b, int gen_col,
					 const int *order, size_t norder, const char *order_text)
{
	struct sorted_side sa = { 0 }, sb = { 0 };
	char *pa = path_join(dir_a, t->artifact), *pb = path_join(dir_b, t->artifact);
	sa.r = ar_open(pa, t->cols, t->ncols);
	sb.r = ar_open(pb, t->cols, t->ncols);
	sa.gen_col = sb.gen_col = gen_col;
	sa.order = sb.order = order;
	sa.norder = sb.norder = norder;
	sa.order_text = sb.order_text = order_text;
	side_next(&sa);
	side_next(&sb);
	while (sa.have || sb.have) {
		int c = !sa.have ? 1 : !sb.have ? -1 : cmp_sorted(sa.gen, sa.f, sb.gen, sb.f, order, norder);
		if (c < 0) {
			show_row(t, "only_in_a", sa.f, NULL);
			side_next(&sa);
		} else if (c > 0) {
			show_row(t, "only_in_b", NULL, sb.f);
			side_next(&sb);
		} else {
			show_row(t, rows_equal(t, sa.f, sb.f) ? "identical" : "changed", sa.f, sb.f);
			side_next(&sa);
			side_next(&sb);
		}
	}
	side_close(&sa);
	side_close(&sb);
	free(pa);
	free(pb);
	return finish_table(t);
}

/* ---- versions: grouped by commit ---- */

struct vrow {
	struct csv_field f[NCOLS(classify_versions_cols)];
};

struct version_side {
	struct artifact_reader *v;     /* versions */
	struct artifact_reader *c;     /* diff/commits, to learn each commit's generation */
	struct csv_field *vf;
	int vhave;
	struct vrow *rows;             /* the current commit's versions (owned copies) */
	size_t n, cap;
	char *commit;                  /* the current group's commit (owned), NULL at the end */
	long long gen;
};

static void copy_row(struct vrow *dst, const struct csv_field *src)
{
	for (size_t i = 0; i < NCOLS(classify_versions_cols); i++) {
		dst->f[i].data = xstrndup(src[i].data, src[i].len);
		dst->f[i].len = src[i].len;
		dst->f[i].is_null = src[i].is_null;
	}
}

static void free_group(struct version_side *s)
{
	for (size_t i = 0; i < s->n; i++)
		for (size_t c = 0; c < NCOLS(classify_versions_cols); c++)
			free((char *)s->rows[i].f[c].data);
	s->n = 0;
	free(s->commit);
	s->commit = NULL;
}

static int cmp_vrow(const void *a, const void *b)
{
	return strcmp(((const struct vrow *)a)->f[0].data, ((const struct vrow *)b)->f[0].data);
}

/* Load the next commit's versions; s->commit is NULL at the end. */
static void next_group(struct version_side *s)
{
	free_group(s);
	if (!s->vhave)
		return;
	s->commit = xstrdup(s->vf[6].data);
	/* the commits artifact is in (generation, commit_sha) order, like the versions' groups */
	struct csv_field *cf;
	for (;;) {
		if (!ar_next(s->c, &cf))
			pga_die("%s:%llu: commit %s is not in %s, or the versions are not in commit order", ar_path(s->v),
				ar_line(s->v), s->commit, ar_path(s->c));
		if (strcmp(cf[0].data, s->commit) == 0)
			break;
	}
	s->gen = parse_generation(&cf[1], ar_path(s->c), ar_line(s->c));
	while (s->vhave && strcmp(s->vf[6].data, s->commit) == 0) {
		ALLOC_GROW(s->rows, s->n + 1, s->cap, 16);
		copy_row(&s->rows[s->n++], s->vf);
		s->vhave = ar_next(s->v, &s->vf);
	}
	if (s->n > 1)
		qsort(s->rows, s->n, sizeof(*s->rows), cmp_vrow);
}

static unsigned long long compare_versions(struct table *t, const char *dir_a, const char *dir_b)
{
	struct version_side s[2];
	const char *dirs[2] = { dir_a, dir_b };
	memset(s, 0, sizeof(s));
	for (int i = 0; i < 2; i++) {
		char *pv = path_join(dirs[i], "classify/versions.csv.zst"), *pc = path_join(dirs[i], "diff/commits.csv.zst");
		s[i].v = ar_open(pv, classify_versions_cols, NCOLS(classify_versions_cols));
		s[i].c = ar_open(pc, diff_commits_cols, NCOLS(diff_commits_cols));
		free(pv);
		free(pc);
		s[i].vhave = ar_next(s[i].v, &s[i].vf);
		next_group(&s[i]);
	}
	while (s[0].commit || s[1].commit) {
		int c;
		if (!s[0].commit)
			c = 1;
		else if (!s[1].commit)
			c = -1;
		else if (s[0].gen != s[1].gen)
			c = s[0].gen < s[1].gen ? -1 : 1;
		else
			c = strcmp(s[0].commit, s[1].commit);
		if (c < 0) {
			for (size_t i = 0; i < s[0].n; i++)
				show_row(t, "only_in_a", s[0].rows[i].f, NULL);
			next_group(&s[0]);
		} else if (c > 0) {
			for (size_t i = 0; i < s[1].n; i++)
				show_row(t, "only_in_b", NULL, s[1].rows[i].f);
			next_group(&s[1]);
		} else {
			size_t i = 0, j = 0;
			while (i < s[0].n || j < s[1].n) {
				int k = i == s[0].n ? 1 : j == s[1].n ? -1 : cmp_vrow(&s[0].rows[i], &s[1].rows[j]);
				if (k < 0)
					show_row(t, "only_in_a", s[0].rows[i++].f, NULL);
				else if (k > 0)
					show_row(t, "only_in_b", NULL, s[1].rows[j++].f);
				else {
					const struct csv_field *fa = s[0].rows[i++].f, *fb = s[1].rows[j++].f;
					show_row(t, rows_equal(t, fa, fb) ? "identical" : "changed", fa, fb);
				}
			}
			next_group(&s[0]);
			next_group(&s[1]);
		}
	}
	for (int i = 0; i < 2; i++) {
		free_group(&s[i]);
		free(s[i].rows);
		ar_close(s[i].v);
		ar_close(s[i].c);
	}
	return finish_table(t);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' }, { "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-compare");
	pga_at_cleanup(at_exit_hook, NULL);
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				fmt = FMT_TEXT;
			else if (strcmp(optarg, "ndjson") == 0)
				fmt = FMT_NDJSON;
			else
				pga_die("--format must be text or ndjson");
			break;
		case 'l':
			if (parse_u64(optarg, &limit) < 0)
				pga_die("--limit must be a non-negative number");
			break;
		case 'h': finished = 1; usage(0); break;
		case 'V': printf("pggit-audit-compare %s\n", PGGIT_AUDIT_VERSION); finished = 1; return 0;
		default: usage(2);
		}
	}
	if (argc - optind != 2)
		usage(2);
	progress_begin("compare");
	struct run_input in[2] = { { .arg = argv[optind], .label = "A" }, { .arg = argv[optind + 1], .label = "B" } };
	for (int i = 0; i < 2; i++)
		open_input(&in[i], i);
	if (fmt == FMT_TEXT) {
		printf("A: %s (%s)\nB: %s (%s)\n", in[0].arg, in[0].is_archive ? "archive" : "work directory", in[1].arg,
		       in[1].is_archive ? "archive" : "work directory");
	} else {
		emit_json(json_pack("{s:s, s:{s:s, s:s}, s:{s:s, s:s}}", "type", "inputs", "a", "path", in[0].arg,
				    "kind", in[0].is_archive ? "archive" : "workdir", "b", "path", in[1].arg, "kind",
				    in[1].is_archive ? "archive" : "workdir"));
	}
	unsigned long long differences = compare_artifacts(&in[0], &in[1]);

	struct table changes = { "classify/changes.csv.zst", classify_changes_cols, NCOLS(classify_changes_cols), changes_key,
				 NCOLS(changes_key), 0, 0, 0, 0, 0 };
	static const int changes_order[] = { 1, 3 };
	differences += compare_sorted(&changes, in[0].dir, in[1].dir, 2, changes_order, 2,
				      "generation, commit_sha, path");
	struct table versions = { "classify/versions.csv.zst", classify_versions_cols, NCOLS(classify_versions_cols), versions_key,
				  NCOLS(versions_key), 0, 0, 0, 0, 0 };
	differences += compare_versions(&versions, in[0].dir, in[1].dir);
	struct table commits = { "diff/commits.csv.zst", diff_commits_cols, NCOLS(diff_commits_cols), commits_key,
				 NCOLS(commits_key), 0, 0, 0, 0, 0 };
	static const int commits_order[] = { 0 };
	differences += compare_sorted(&commits, in[0].dir, in[1].dir, 1, commits_order, 1, "generation, commit_sha");
	/* blobs: in blob_sha order (the objects artifact puts the objects that are no
	   commit's tree first, by sha) */
	struct table blobs = { "classify/blobs.csv.zst", classify_blobs_cols, NCOLS(classify_blobs_cols), blobs_key,
			       NCOLS(blobs_key), 0, 0, 0, 0, 0 };
	static const int blobs_order[] = { 0 };
	unsigned long long row_differences = changes.only_a + changes.only_b + changes.changed + versions.only_a +
					     versions.only_b + versions.changed + commits.only_a + commits.only_b +
					     commits.changed;
	row_differences += compare_sorted(&blobs, in[0].dir, in[1].dir, -1, blobs_order, 1, "blob_sha");
	differences += blobs.only_a + blobs.only_b + blobs.changed;
	/* every row the same and every other compressed artifact holds the same rows: what
	   differs is bytes (CHUNK_ROWS) and the reports (batch counts, the run id) */
	int rows_identical = !row_differences && !artifacts_content_differs;

	if (fmt == FMT_TEXT) {
		if (!differences)
			printf("runs are identical\n");
		else if (rows_identical)
			printf("runs differ, every row is the same: only the bytes of %llu artifacts and the other files "
			       "listed differ (exit status 0)\n",
			       artifacts_same_rows);
		else
			printf("runs differ\n");
	} else {
		emit_json(json_pack("{s:s, s:b, s:b}", "type", "summary", "identical", !differences, "rows_identical",
				    rows_identical));
	}
	for (int i = 0; i < 2; i++) {
		for (size_t k = 0; k < in[i].n; k++)
			free(in[i].files[k].rel);
		free(in[i].files);
		free(in[i].dir);
	}
	finished = 1;
	fflush(stdout);
	if (ferror(stdout))
		pga_die("cannot write the output");
	progress_end(); /* runs that differ are this stage's answer, not its failure */
	/* the rows are what a DBA compares (staging against production, two rehearsals): runs
	   whose every row is the same exit 0, however their bytes and reports differ; the
	   summary line and rows_identical say which of the two it is */
	return differences && !rows_identical ? 1 : 0;
}
