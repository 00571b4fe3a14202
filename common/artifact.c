/* artifact.c - CSV+zstd artifacts with checked sidecars; see artifact.h. */
#include "display.h"
#include "artifact.h"
#include "atomicfile.h"
#include "json_arena.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct artifact_writer {
	char *path;
	struct zwriter *z;
	struct csv_out *csv;
	const char *const *columns;
	size_t ncols;
	unsigned long long appended_rows; /* rows that came as frames (aw_append_frames) */
};

static char *meta_path(const char *path)
{
	return xasprintf("%s.meta.json", path);
}

struct artifact_writer *aw_open_zstd(const char *path, const char *const *columns, size_t ncols, int level,
				     int window_log)
{
	struct artifact_writer *w = xcalloc(1, sizeof(*w));
	char *mp = meta_path(path);
	/* the old sidecar goes first: a crash before the new one is written leaves
	 * "no sidecar" (incomplete), never "old sidecar, new data" */
	if (unlink(mp) < 0 && errno != ENOENT)
		pga_die_errno("cannot remove %s", mp);
	free(mp);
	w->path = xstrdup(path);
	w->z = zw_open_window(path, level, window_log);
	w->csv = csvo_new(w->z);
	w->columns = columns;
	w->ncols = ncols;
	for (size_t i = 0; i < ncols; i++)
		csvo_str(w->csv, columns[i]);
	csvo_end_row(w->csv);
	/* the header alone in the first frame: parts' rows frames can follow any header frame */
	zw_end_frame(w->z);
	return w;
}

struct artifact_writer *aw_open(const char *path, const char *const *columns, size_t ncols)
{
	return aw_open_zstd(path, columns, ncols, 3, 0);
}

void aw_append_frames(struct artifact_writer *w, const void *buf, size_t len, unsigned long long rows)
{
	if (csvo_rows(w->csv) - 1 != w->appended_rows)
		pga_die("%s: frames appended to an artifact not opened for them (internal error)", w->path);
	zw_append_frames(w->z, buf, len);
	csvo_add_rows(w->csv, rows);
	w->appended_rows += rows;
}

struct csv_out *aw_csv(struct artifact_writer *w) { return w->csv; }

unsigned long long aw_commit(struct artifact_writer *w, sha256_hex_t sha256_out)
{
	return aw_commit_sized(w, sha256_out, NULL);
}

unsigned long long aw_commit_sized(struct artifact_writer *w, sha256_hex_t sha256_out, unsigned long long *bytes_out)
{
	sha256_hex_t sha;
	unsigned long long bytes = 0;
	unsigned long long rows = csvo_rows(w->csv) - 1;
	zw_commit(w->z, sha, &bytes);
	json_t *cols = json_array();
	for (size_t i = 0; i < w->ncols; i++)
		json_array_append_new(cols, json_string(w->columns[i]));
	const char *slash = strrchr(w->path, '/');
	json_t *meta = json_pack("{s:s, s:i, s:s, s:o, s:I, s:I, s:s, s:s}",
				 "format", "csv+zstd", "format_version", 1,
				 "file", slash ? slash + 1 : w->path, "columns", cols,
				 "rows", (json_int_t)rows, "bytes", (json_int_t)bytes,
				 "sha256", sha, "hash", "sha256");
	char *text = json_dumps_malloc(meta, JSON_INDENT(2) | JSON_SORT_KEYS);
	char *mp = meta_path(w->path);
	size_t len = strlen(text);
	text = xrealloc(text, len + 2);
	text[len] = '\n';
	text[len + 1] = '\0';
	atomic_write_file(mp, text, len + 1);
	free(mp);
	free(text);
	json_decref(meta);
	if (sha256_out)
		memcpy(sha256_out, sha, sizeof(sha256_hex_t));
	if (bytes_out)
		*bytes_out = bytes;
	csvo_free(w->csv);
	free(w->path);
	free(w);
	return rows;
}

void aw_abort(struct artifact_writer *w)
{
	zw_abort(w->z);
	csvo_free(w->csv);
	free(w->path);
	free(w);
}

struct artifact_reader {
	char *path;
	struct csv_in *csv;
	size_t ncols;
	unsigned long long rows_expected, rows_read;
	sha256_hex_t sha;
};

static json_t *load_meta(const char *path)
{
	char *mp = meta_path(path);
	json_error_t jerr;
	json_t *meta = json_load_file(mp, 0, &jerr);
	if (!meta) {
		if (access(mp, F_OK) < 0)
			pga_die("%s: no sidecar %s: the artifact is missing or incomplete (its stage did not finish)",
				path, mp);
		pga_die("%s:%d: cannot parse artifact sidecar: %s", mp, jerr.line, jerr.text);
	}
	free(mp);
	return meta;
}

int artifact_meta(const char *path, sha256_hex_t sha256, unsigned long long *rows)
{
	char *mp = meta_path(path);
	json_t *meta = json_load_file(mp, 0, NULL);
	free(mp);
	if (!meta)
		return -1;
	const char *sha = json_string_value(json_object_get(meta, "sha256"));
	json_t *r = json_object_get(meta, "rows");
	if (!sha || !is_sha256_hex(sha, strlen(sha)) || !json_is_integer(r)) {
		json_decref(meta);
		return -1;
	}
	memcpy(sha256, sha, sizeof(sha256_hex_t));
	if (rows)
		*rows = (unsigned long long)json_integer_value(r);
	json_decref(meta);
	return 0;
}

struct artifact_reader *ar_open(const char *path, const char *const *columns, size_t ncols)
{
	/* the sidecar's values are copied out and the JSON freed before any check
	 * can die: nothing is left allocated (and unreachable) at exit */
	json_t *meta = load_meta(path);
	const char *msha = json_string_value(json_object_get(meta, "sha256"));
	json_t *mrows = json_object_get(meta, "rows"), *mbytes = json_object_get(meta, "bytes");
	int complete = msha && is_sha256_hex(msha, strlen(msha)) && json_is_integer(mrows) && json_is_integer(mbytes);
	int version_ok = json_integer_value(json_object_get(meta, "format_version")) == 1;
	sha256_hex_t sha = "";
	if (complete)
		memcpy(sha, msha, sizeof(sha256_hex_t));
	long long rows = complete ? (long long)json_integer_value(mrows) : 0;
	long long bytes = complete ? (long long)json_integer_value(mbytes) : 0;
	json_decref(meta);
	if (!complete)
		pga_die("%s.meta.json: sidecar lacks sha256, rows or bytes", path);
	if (!version_ok)
		pga_die("%s.meta.json: unknown artifact format_version (written by another version of the tool?)", path);

	sha256_hex_t actual;
	unsigned long long size = 0;
	if (sha256_file(path, actual, &size) < 0)
		pga_die_errno("cannot read artifact %s", path);
	if (size != (unsigned long long)bytes)
		pga_die("%s: size is %llu bytes but its sidecar records %lld: truncated or replaced", path, size, bytes);
	if (strcmp(actual, sha) != 0)
		pga_die("%s: SHA-256 %s does not match its sidecar (%s): the file is corrupt or was altered",
			path, actual, sha);

	struct artifact_reader *r = xcalloc(1, sizeof(*r));
	r->path = xstrdup(path);
	memcpy(r->sha, sha, sizeof(sha256_hex_t));
	r->rows_expected = (unsigned long long)rows;
	r->ncols = ncols;
	r->csv = csvi_open(path);
	if (!r->csv)
		pga_die_errno("cannot open artifact %s", path);

	struct csv_field *f;
	size_t n;
	int rc = csvi_next(r->csv, &f, &n);
	if (rc < 0)
		pga_die("%s", csvi_error(r->csv));
	if (rc == 0)
		pga_die("%s: no header row", path);
	if (n != ncols)
		pga_die("%s:1: header has %zu columns, expected %zu", path, n, ncols);
	for (size_t i = 0; i < ncols; i++)
		if (strcmp(f[i].data, columns[i]) != 0)
			pga_die("%s:1: column %zu is %s, expected \"%s\"", path, i + 1, dqn(f[i].data, f[i].len), columns[i]);
	return r;
}

int ar_next_err(struct artifact_reader *r, struct csv_field **fields, char *err, size_t errlen)
{
	size_t n;
	int rc = csvi_next(r->csv, fields, &n);
	if (rc < 0) {
		snprintf(err, errlen, "%s", csvi_error(r->csv));
		return -1;
	}
	if (rc == 0) {
		if (r->rows_read != r->rows_expected) {
			snprintf(err, errlen, "%s: %llu data rows, but its sidecar records %llu", r->path, r->rows_read,
				 r->rows_expected);
			return -1;
		}
		return 0;
	}
	if (csvi_check_fields(r->csv, n, r->ncols, err, errlen) < 0)
		return -1;
	r->rows_read++;
	return 1;
}

int ar_next(struct artifact_reader *r, struct csv_field **fields)
{
	char err[1024];
	int rc = ar_next_err(r, fields, err, sizeof(err));
	if (rc < 0)
		pga_die("%s", err);
	return rc;
}

unsigned long long ar_line(const struct artifact_reader *r) { return csvi_line(r->csv); }
const char *ar_path(const struct artifact_reader *r) { return r->path; }
size_t ar_ncols(const struct artifact_reader *r) { return r->ncols; }
void ar_read_ahead(struct artifact_reader *r) { csvi_read_ahead(r->csv); }
const char *ar_sha256(const struct artifact_reader *r) { return r->sha; }
unsigned long long ar_rows_expected(const struct artifact_reader *r) { return r->rows_expected; }

void ar_close(struct artifact_reader *r)
{
	if (!r)
		return;
	csvi_close(r->csv);
	free(r->path);
	free(r);
}

void artifact_clean_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp-")) {
			char *p = path_join(dir, e->d_name);
			unlink(p);
			free(p);
		}
	}
	closedir(d);
}

void artifact_write_json(const char *path, const json_t *value)
{
	char *text = json_dumps_malloc(value, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (!text)
		pga_die("cannot encode %s", path);
	char *line = xasprintf("%s\n", text);
	atomic_write_file(path, line, strlen(line));
	free(line);
	free(text);
}
