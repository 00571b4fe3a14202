/*
 * verify.c - pggit-audit-verify: the last stage. Reads the target back and
 * checks it against the artifacts and the source: every change of the run is
 * present exactly once with the right identity, type and commit data; every
 * definition hashes (pggit_v0 blob rule, computed here, not by the server) to
 * the blob sha it claims; no unexpected row sits on a commit of the run; the
 * object versions match; and, when the source is reachable, every commit and
 * blob of the run still exists there with a valid hash. It appends one
 * compliance_log row per change checked (PASSED or FAILED, with notes; a change
 * rolled back after an earlier verification always FAILS), marks passed changes
 * verified (one transaction), writes OUTDIR/report.json and exits 1 on any
 * mismatch. Its checks are checkpointed before the recording starts, so that a
 * verification killed while it records resumes with the recording alone.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "display.h"
#include "artifact.h"
#include "formats.h"
#include "hash.h"
#include "atomicfile.h"
#include "json_arena.h"
#include "conninfo.h"
#include "pgconn.h"
#include "progress.h"
#include "strbuf.h"
#include "readback.h"
#include "strmap.h"
#include "util.h"
#include "v1_history.h"


static unsigned long long n_checked, n_passed, n_failed, n_unexpected, n_outside, n_missing, n_rolled_back;
static unsigned long long n_blobs_checked, n_blobs_failed;

static void dump_row(const char *buf, int len, void *arg)
{
	csvo_raw_row(aw_csv(arg), buf, (size_t)len);
}

static int field_eq(const struct csv_field *a, const struct csv_field *b)
{
	if (a->is_null || b->is_null)
		return a->is_null == b->is_null;
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* 1 if a and b hold the same JSON value (both NULL also matches): the artifact's
   change_detail is classify's compact text in its own key order, the read-back's is
   jsonb's output (its spacing, keys sorted), so the text cannot be compared. */
static int json_text_equal(const struct csv_field *a, const struct csv_field *b)
{
	if (a->is_null || b->is_null)
		return a->is_null == b->is_null;
	json_t *ja = json_loadb(a->data, a->len, JSON_DECODE_ANY, NULL);
	json_t *jb = json_loadb(b->data, b->len, JSON_DECODE_ANY, NULL);
	int eq = ja && jb && json_equal(ja, jb);
	json_decref(ja);
	json_decref(jb);
	return eq;
}

/* 1 if def hashes to sha under the blob rule (both NULL also matches). */
static int definition_matches(const struct csv_field *def, const struct csv_field *sha)
{
	if (def->is_null || sha->is_null)
		return def->is_null && sha->is_null;
	long long chars = utf8_char_count(def->data, def->len, NULL);
	if (chars < 0)
		return 0;
	sha256_hex_t h;
	pggit_object_sha("blob", chars, def->data, def->len, h);
	return sha->len == SHA256_HEX_LEN && memcmp(h, sha->data, SHA256_HEX_LEN) == 0;
}

/* (generation, commit, path) order, as the diff stage writes and the dump sorts */
static int key_cmp(const struct csv_field *gen_a, const struct csv_field *sha_a, const struct csv_field *path_a,
		   const struct csv_field *gen_b, const struct csv_field *sha_b, const struct csv_field *path_b)
{
	long long ga = atoll(gen_a->data), gb = atoll(gen_b->data);
	if (ga != gb)
		return ga < gb ? -1 : 1;
	int c = strcmp(sha_a->data, sha_b->data);
	if (c)
		return c;
	size_t n = path_a->len < path_b->len ? path_a->len : path_b->len;
	c = memcmp(path_a->data, path_b->data, n);
	if (c)
		return c;
	return path_a->len < path_b->len ? -1 : path_a->len > path_b->len;
}

/* verify/results.csv.zst: one row per compliance_log row to append, in their order */
static const char *const results_cols[] = { "change_id", "status", "notes" };

/* Each result goes to the checkpoint's results file and, as it is judged, to the
 * recording transaction's verify_results (the server takes them in while the client
 * judges the next). */
struct results_out {
	struct artifact_writer *file;
	struct pg_copy_in copy;
};

static void put_result(struct results_out *results, const char *change_id, const char *status, const char *notes)
{
	struct csv_field f[3] = {
		{ change_id ? change_id : "", change_id ? strlen(change_id) : 0, change_id == NULL },
		{ status, strlen(status), 0 },
		{ notes, strlen(notes), 0 },
	};
	struct strbuf row = STRBUF_INIT;
	csv_encode_row(&row, f, 3);
	csvo_raw_row(aw_csv(results->file), row.buf, row.len);
	pg_copy_in_put(&results->copy, row.buf, row.len);
	strbuf_release(&row);
}

/* A target row the artifact lacks: FAILED if it sits on one of this run's commits. */
static void judge_extra_row(struct results_out *results, const struct csv_field *t, struct strmap *run_commits,
			    json_t *failures)
{
	if (strmap_find(run_commits, t[1].data, t[1].len) == UINT32_MAX) {
		n_outside++;
		return;
	}
	char *msg = xasprintf("unexpected row in target: commit %s path %s is not a change of this run", t[1].data,
			      t[2].data);
	put_result(results, t[3].data, "FAILED", msg);
	if (json_array_size(failures) < 50)
		json_array_append_new(failures, json_string(msg));
	free(msg);
	n_unexpected++;
}

static void check_changes(struct results_out *results, const char *classify_dir, const char *target_dump,
			  struct strmap *run_commits, json_t *failures)
{
	char *apath = path_join(classify_dir, "changes.csv.zst");
	struct artifact_reader *ar = ar_open(apath, classify_changes_cols, NCOLS(classify_changes_cols));
	progress_phase("changes", ar_rows_expected(ar));
	struct artifact_reader *tr = ar_open(target_dump, readback_cols, NCOLS(readback_cols));
	struct csv_field *a, *t;
	int have_t = ar_next(tr, &t);
	struct strbuf notes = STRBUF_INIT;
	while (ar_next(ar, &a)) {
		n_checked++;
		progress_rows(1);
		/* target rows sorting before this change */
		while (have_t && key_cmp(&t[0], &t[1], &t[2], &a[2], &a[1], &a[3]) < 0) {
			judge_extra_row(results, t, run_commits, failures);
			have_t = ar_next(tr, &t);
		}
		strbuf_reset(&notes);
		if (!have_t || key_cmp(&t[0], &t[1], &t[2], &a[2], &a[1], &a[3]) != 0) {
			strbuf_addf(&notes, "missing from target: change %s (commit %s, path %s)", a[0].data, a[1].data,
				    a[3].data);
			n_missing++;
			put_result(results, NULL, "FAILED", notes.buf);
			if (json_array_size(failures) < 50)
				json_array_append_new(failures, json_string(notes.buf));
			n_failed++;
			continue;
		}
		struct {
			const char *name;
			const struct csv_field *want, *got;
		} cmp[] = {
			{ "change_id", &a[0], &t[3] },      { "change_type", &a[4], &t[4] },
			{ "object_type", &a[5], &t[5] },    { "object_schema", &a[6], &t[6] },
			{ "object_name", &a[7], &t[7] },    { "old_blob_sha", &a[8], &t[8] },
			{ "new_blob_sha", &a[9], &t[9] },   { "author", &a[10], &t[12] },
			{ "committed_at", &a[12], &t[13] }, { "commit_message", &a[13], &t[14] },
			{ "committer", &a[11], &t[15] },    { "severity", &a[14], &t[16] },
			{ "formatting_only", &a[15], &t[17] },
		};
		for (size_t i = 0; i < sizeof(cmp) / sizeof(cmp[0]); i++)
			if (!field_eq(cmp[i].want, cmp[i].got))
				strbuf_addf(&notes, "%s%s differs from the artifact", notes.len ? "; " : "", cmp[i].name);
		if (!json_text_equal(&a[16], &t[18]))
			strbuf_addf(&notes, "%schange_detail differs from the artifact", notes.len ? "; " : "");
		if (!definition_matches(&t[10], &t[8]))
			strbuf_addf(&notes, "%sold_definition does not hash to old_blob_sha", notes.len ? "; " : "");
		if (!definition_matches(&t[11], &t[9]))
			strbuf_addf(&notes, "%snew_definition does not hash to new_blob_sha", notes.len ? "; " : "");
		if (notes.len) {
			n_failed++;
			char *msg = xasprintf("change %s (commit %s, path %s): %s", a[0].data, a[1].data, a[3].data,
					      notes.buf);
			put_result(results, t[3].data, "FAILED", msg);
			if (json_array_size(failures) < 50)
				json_array_append_new(failures, json_string(msg));
			free(msg);
		} else {
			n_passed++;
			put_result(results, t[3].data, "PASSED",
				   "definitions hash to their blob shas; identity, type, commit data and classification "
				   "match the artifacts");
		}
		have_t = ar_next(tr, &t);
	}
	while (have_t) {
		judge_extra_row(results, t, run_commits, failures);
		have_t = ar_next(tr, &t);
	}
	strbuf_release(&notes);
	ar_close(ar);
	ar_close(tr);
	free(apath);
}

/*
 * A change rolled back after its verification (superseded_by: the log_id of the
 * rollback's run-level ROLLED_BACK row) is retired evidence, not the target's
 * content, however exactly its row matches the artifact: its history cannot be
 * loaded into this target again under the same ids, so its result turns FAILED,
 * naming the run it was rolled back with (the schema refuses to mark it verified
 * anyway: migration 010). Done on the results before they are recorded, in the
 * recording transaction, so the rows judged are the rows the recording sees.
 */
static void fail_rolled_back(PGconn *c, json_t *failures)
{
	PGresult *r = pg_query(c,
			       "WITH retired AS (SELECT v.ord, v.status AS was, x.commit_sha, x.path, x.superseded_by, "
			       "l.run_id FROM verify_results v JOIN pggit_audit.changes x USING (change_id) "
			       "LEFT JOIN pggit_audit.compliance_log l ON l.log_id = x.superseded_by "
			       "WHERE x.superseded_by IS NOT NULL) "
			       "UPDATE verify_results v SET status = 'FAILED', notes = format('change %s (commit %s, path %s) "
			       "was rolled back with run %s (compliance_log row %s): a rolled-back change is not verified "
			       "again, and its history cannot be loaded into this target again', v.change_id, t.commit_sha, "
			       "t.path, coalesce(t.run_id, '(unknown)'), t.superseded_by) "
			       "|| CASE WHEN t.was = 'FAILED' THEN '; ' || v.notes ELSE '' END "
			       "FROM retired t WHERE v.ord = t.ord RETURNING t.was, v.notes",
			       0, NULL, "looking for rolled-back changes");
	for (int i = 0; i < PQntuples(r); i++) {
		n_rolled_back++;
		if (!strcmp(PQgetvalue(r, i, 0), "PASSED")) {
			n_passed--;
			n_failed++;
		}
		if (json_array_size(failures) < 50)
			json_array_append_new(failures, json_string(PQgetvalue(r, i, 1)));
	}
	PQclear(r);
}

/*
 * The size in an object's sha: its length in UTF-8 characters, as the diff counts it.
 * Not length(x), which counts bytes in a SQL_ASCII database (a target or source in
 * SQL_ASCII holds the UTF-8 bytes as they came, and failed every non-ASCII version).
 */
#define UTF8_LENGTH(x) "length(convert_to(" x ", 'UTF8'), 'UTF8')"

/*
 * Create a scratch table (create_sql) and copy into it (copy_sql) the first ncopy fields of
 * every row of the classify artifact DIR/NAME, whose header must be cols[0..ncols). Returns
 * the rows copied; dies naming the file (or, through what, the COPY) on damage.
 */
static unsigned long long copy_artifact_into(PGconn *c, const char *dir, const char *name, const char *const *cols,
					     size_t ncols, size_t ncopy, const char *create_sql, const char *copy_sql,
					     const char *what)
{
	char *path = path_join(dir, name);
	struct artifact_reader *r = ar_open(path, cols, ncols);
	pg_exec(c, create_sql, "creating a scratch table");
	struct pg_copy_in ci = pg_copy_in_begin(c, copy_sql, what);
	struct csv_field *f;
	struct strbuf row = STRBUF_INIT;
	unsigned long long rows = 0;
	while (ar_next(r, &f)) {
		strbuf_reset(&row);
		csv_encode_row(&row, f, ncopy);
		pg_copy_in_put(&ci, row.buf, row.len);
		rows++;
	}
	pg_copy_in_end(&ci);
	strbuf_release(&row);
	ar_close(r);
	free(path);
	return rows;
}

/* Versions: the artifact's rows must be in the target, equal, with definitions hashing to blob_sha. */
static long long check_versions(PGconn *c, const char *classify_dir, unsigned long long *checked, json_t *failures)
{
	*checked = copy_artifact_into(c, classify_dir, "versions.csv.zst", classify_versions_cols,
				      NCOLS(classify_versions_cols), 8,
				      "CREATE TEMP TABLE verify_versions (version_id uuid, object_schema text, "
				      "object_name text, object_type text, version_number int, blob_sha text, "
				      "commit_sha text, created_at timestamp)",
				      "COPY verify_versions FROM STDIN (FORMAT csv)", "reading back object_versions");
	PGresult *res = pg_query(c,
				 "SELECT v.version_id::text, v.object_schema, v.object_name, v.version_number, "
				 "CASE WHEN o.version_id IS NULL THEN 'missing from target' "
				 "WHEN encode(sha256(convert_to('blob ' || " UTF8_LENGTH("o.definition") " || ':' || o.definition, 'UTF8')), 'hex') "
				 "<> v.blob_sha THEN 'definition does not hash to blob_sha' ELSE 'differs from the artifact' END "
				 "FROM verify_versions v LEFT JOIN pggit_audit.object_versions o USING (version_id) "
				 "WHERE o.version_id IS NULL OR o.object_schema IS DISTINCT FROM v.object_schema "
				 "OR o.object_name IS DISTINCT FROM v.object_name OR o.version_number IS DISTINCT FROM v.version_number "
				 "OR o.blob_sha IS DISTINCT FROM v.blob_sha OR o.commit_sha IS DISTINCT FROM v.commit_sha "
				 "OR o.created_at IS DISTINCT FROM v.created_at "
				 "OR encode(sha256(convert_to('blob ' || " UTF8_LENGTH("o.definition") " || ':' || o.definition, 'UTF8')), 'hex') <> v.blob_sha "
				 "ORDER BY v.object_schema, v.object_name, v.version_number",
				 0, NULL, "checking object_versions");
	long long bad = PQntuples(res);
	for (int i = 0; i < PQntuples(res) && json_array_size(failures) < 50; i++)
		json_array_append_new(failures, json_sprintf("version %s (%s.%s v%s): %s", PQgetvalue(res, i, 0),
							     PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
							     PQgetvalue(res, i, 3), PQgetvalue(res, i, 4)));
	PQclear(res);
	pg_exec(c, "DROP TABLE verify_versions", "dropping a scratch table");
	return bad;
}

/*
 * The target's pggit_audit.blobs rows of the run's blobs must hold what classify found:
 * the query functions (object_changes(), current_version()...) name a change's object
 * from its blobs' object_type, schema, name and parent. Until round 16 nothing read them
 * back, and the load keeps a row already there (ON CONFLICT DO NOTHING): a row inserted
 * beforehand by any login of the loader role, with the right definition and another
 * name, passed verify and moved changes to another object's history. The definitions
 * are not copied (they are the bulk of the artifact): the target's must hash to its sha.
 */
static long long check_blobs(PGconn *c, const char *classify_dir, unsigned long long *checked, json_t *failures)
{
	*checked = copy_artifact_into(c, classify_dir, "blobs.csv.zst", classify_blobs_cols, NCOLS(classify_blobs_cols), 9,
				      "CREATE TEMP TABLE verify_blobs (blob_sha text, object_type text, object_schema text, "
				      "object_name text, parent_schema text, parent_name text, command_tag text, "
				      "parse_status text, parse_error text)",
				      "COPY verify_blobs FROM STDIN (FORMAT csv)", "reading back blobs");
	static const char *const cols[] = { "object_type", "object_schema", "object_name", "parent_schema",
					    "parent_name", "command_tag", "parse_status", "parse_error" };
	struct strbuf differs = STRBUF_INIT, which = STRBUF_INIT;
	for (size_t i = 0; i < NCOLS(cols); i++) {
		strbuf_addf(&differs, " OR o.%s IS DISTINCT FROM v.%s", cols[i], cols[i]);
		strbuf_addf(&which, "%s CASE WHEN o.%s IS DISTINCT FROM v.%s THEN '%s' END", i ? "," : "", cols[i],
			    cols[i], cols[i]);
	}
	char *sql = xasprintf(
		"SELECT v.blob_sha, CASE WHEN o.blob_sha IS NULL THEN 'missing from target' "
		"WHEN encode(sha256(convert_to('blob ' || " UTF8_LENGTH("o.definition") " || ':' || o.definition, 'UTF8')), 'hex') "
		"<> v.blob_sha THEN 'definition does not hash to blob_sha' "
		"ELSE concat_ws(', ',%s) || ' differ from the artifact' END "
		"FROM verify_blobs v LEFT JOIN pggit_audit.blobs o USING (blob_sha) "
		"WHERE o.blob_sha IS NULL%s "
		"OR encode(sha256(convert_to('blob ' || " UTF8_LENGTH("o.definition") " || ':' || o.definition, 'UTF8')), 'hex') <> v.blob_sha "
		"ORDER BY v.blob_sha COLLATE \"C\"",
		which.buf, differs.buf);
	PGresult *res = pg_query(c, sql, 0, NULL, "checking blobs");
	long long bad = PQntuples(res);
	for (int i = 0; i < PQntuples(res) && json_array_size(failures) < 50; i++)
		json_array_append_new(failures,
				      json_sprintf("blob %s: %s", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1)));
	PQclear(res);
	free(sql);
	strbuf_release(&differs);
	strbuf_release(&which);
	pg_exec(c, "DROP TABLE verify_blobs", "dropping a scratch table");
	return bad;
}

/* PostgreSQL 14+: the session's statement ends within 100 ms of its client's death (see main()) */
static void end_with_client(PGconn *c, const char *what)
{
	if (PQserverVersion(c) >= 140000)
		pg_exec(c, "SET client_connection_check_interval = '100ms'", what);
}

/* Every commit and blob of the run must still exist in the source and hash right. */
static int check_source(const char *source, const char *diff_dir, const char *classify_dir, json_t *failures)
{
	struct strbuf commits = STRBUF_INIT, blobs = STRBUF_INIT;
	unsigned long long nc = 0, nb = 0;
	char *cp = path_join(diff_dir, "commits.csv.zst");
	struct artifact_reader *r = ar_open(cp, diff_commits_cols, NCOLS(diff_commits_cols));
	struct csv_field *f;
	strbuf_addch(&commits, '{');
	while (ar_next(r, &f)) {
		if (nc++)
			strbuf_addch(&commits, ',');
		strbuf_add(&commits, f[0].data, f[0].len); /* hex only: checked by the diff stage */
	}
	strbuf_addch(&commits, '}');
	ar_close(r);
	char *bp = path_join(classify_dir, "blobs.csv.zst");
	r = ar_open(bp, classify_blobs_cols, NCOLS(classify_blobs_cols));
	strbuf_addch(&blobs, '{');
	while (ar_next(r, &f)) {
		if (nb++)
			strbuf_addch(&blobs, ',');
		strbuf_add(&blobs, f[0].data, f[0].len);
	}
	strbuf_addch(&blobs, '}');
	ar_close(r);
	PGconn *c = pg_connect(source, "source");
	/* the check must see the rows the export saw, or fail: never a subset a policy chose */
	pg_refuse_row_security(c, "refusing rows hidden by row-level security");
	/* as on the target (main()): a verifier killed while this query runs must not leave the
	   source server hashing every blob and commit of the run to its end, beside the resumed
	   verification's own check of the same objects */
	end_with_client(c, "setting up the source check");
	const char *params[] = { commits.buf, blobs.buf };
	/* per kind: how many of the run's objects are missing from the source or no longer hash
	   to their sha there, and the first of them by sha (named in the report) */
	PGresult *res = pg_query(c,
				 "SELECT x.kind, count(*), array_to_string((array_agg(x.sha ORDER BY x.sha))[1:10], ' ') "
				 "FROM (SELECT unnest($1::text[]) AS sha, 'commit' AS kind "
				 "      UNION ALL SELECT unnest($2::text[]), 'blob') x "
				 "WHERE NOT EXISTS (SELECT 1 FROM pggit_v0.objects o WHERE o.sha = x.sha AND o.type = x.kind "
				 "  AND encode(sha256(convert_to(x.kind || ' ' || " UTF8_LENGTH("o.content") " || ':' || o.content, 'UTF8')), "
				 "'hex') = o.sha) "
				 "GROUP BY x.kind ORDER BY x.kind DESC",
				 2, params, "checking the run's commits and blobs in the source");
	int ok = PQntuples(res) == 0;
	for (int i = 0; i < PQntuples(res); i++) {
		int is_commit = strcmp(PQgetvalue(res, i, 0), "commit") == 0;
		unsigned long long bad = strtoull(PQgetvalue(res, i, 1), NULL, 10);
		json_array_append_new(failures,
				      json_sprintf("source: %llu of %llu %ss of this run are missing or corrupt in the "
						   "source%s: %s",
						   bad, is_commit ? nc : nb, is_commit ? "commit" : "blob",
						   bad > 10 ? " (the first 10 by sha)" : "", PQgetvalue(res, i, 2)));
	}
	PQclear(res);
	PQfinish(c);
	strbuf_release(&commits);
	strbuf_release(&blobs);
	free(cp);
	free(bp);
	return ok;
}

/*
 * The source check on a thread of its own, with its own connection and failure list:
 * it waits on the source server while the main thread reads back and records on the
 * target. failures go into the report where the check used to run (after the versions').
 */
struct source_check {
	const char *source, *diff_dir, *classify_dir;
	json_t *failures;
	int ok;
	pthread_t thread;
	int started;
};

static void *source_check_run(void *arg)
{
	struct source_check *sc = arg;
	sc->ok = check_source(sc->source, sc->diff_dir, sc->classify_dir, sc->failures);
	fault_point("verify-source-checked");
	return NULL;
}

static void source_check_start(struct source_check *sc)
{
	sc->failures = json_array();
	if (thread_start_unsignalled(&sc->thread, source_check_run, sc) == 0)
		sc->started = 1;
	else
		source_check_run(sc); /* no thread to be had: the same check, in turn */
}

/* Wait for the check; its failures are inserted into failures at index at. Returns its verdict. */
static int source_check_finish(struct source_check *sc, json_t *failures, size_t at)
{
	if (sc->started && pthread_join(sc->thread, NULL) != 0)
		pga_die("cannot wait for the source check's thread");
	for (size_t i = 0; i < json_array_size(sc->failures); i++)
		json_array_insert(failures, at + i, json_array_get(sc->failures, i));
	json_decref(sc->failures);
	return sc->ok;
}

/*
 * The v1 path: every pggit.history row must have exactly one accounting row of the
 * replay (applied, failed or skipped), failed and skipped ones with a reason.
 * Counts go to rep; problems to failures. Returns 1 when all rows are accounted for.
 */
static int check_v1_accounting(const char *v1dir, const char *replay_dir, json_t *rep, json_t *failures)
{
	struct artifact_reader *hr = v1_history_open(v1dir);
	char *ap = path_join(replay_dir, "accounting.csv.zst");
	struct artifact_reader *acc = ar_open(ap, replay_accounting_cols, NCOLS(replay_accounting_cols));
	struct v1_history_row h;
	struct csv_field *f;
	unsigned long long rows = 0, applied = 0, failed = 0, skipped = 0, bad = 0;
	int have_acc = ar_next(acc, &f);
	while (v1_history_next(hr, &h)) {
		rows++;
		while (have_acc && atoll(f[0].data) < h.id) {
			json_array_append_new(failures, json_sprintf("v1: accounting row %s matches no history row", f[0].data));
			bad++;
			have_acc = ar_next(acc, &f);
		}
		if (!have_acc || atoll(f[0].data) != h.id) {
			json_array_append_new(failures, json_sprintf("v1: history row %lld is not accounted for", h.id));
			bad++;
			continue;
		}
		const char *status = f[1].data;
		if (strcmp(status, "applied") == 0) {
			applied++;
		} else if (strcmp(status, "failed") == 0 || strcmp(status, "skipped") == 0) {
			*(status[0] == 'f' ? &failed : &skipped) += 1;
			if (f[4].is_null || f[4].len == 0) {
				json_array_append_new(failures, json_sprintf("v1: history row %lld is %s without a reason",
									     h.id, status));
				bad++;
			}
		} else {
			json_array_append_new(failures, json_sprintf("v1: history row %lld has status \"%s\"", h.id, status));
			bad++;
		}
		have_acc = ar_next(acc, &f);
	}
	while (have_acc) {
		json_array_append_new(failures, json_sprintf("v1: accounting row %s matches no history row", f[0].data));
		bad++;
		have_acc = ar_next(acc, &f);
	}
	json_object_set_new(rep, "v1_history", json_pack("{s:I, s:I, s:I, s:I, s:I}", "rows", (json_int_t)rows,
							  "applied", (json_int_t)applied, "failed", (json_int_t)failed,
							  "skipped", (json_int_t)skipped, "unaccounted", (json_int_t)bad));
	ar_close(acc);
	ar_close(hr);
	free(ap);
	return bad == 0;
}

static struct strmap *read_run_commits(const char *diff_dir)
{
	char *cp = path_join(diff_dir, "commits.csv.zst");
	struct artifact_reader *r = ar_open(cp, diff_commits_cols, NCOLS(diff_commits_cols));
	struct strmap *m = strmap_new();
	struct csv_field *f;
	while (ar_next(r, &f))
		strmap_intern(m, f[0].data, f[0].len, NULL);
	ar_close(r);
	free(cp);
	return m;
}

/* the advisory lock held while a verification records: 'pgit' 'vrfy' as a bigint */
#define VERIFY_LOCK_KEY "8099558403773458041"

/*
 * Whether this very verification is already in compliance_log: the last rows carrying
 * this run id are, in order, exactly the results about to be appended (change, status,
 * notes), all of one record_verifications() call (consecutive log ids, one verified_at),
 * and no later row concerns any of these changes. That happens when a verification
 * committed and then its report was not published or the driver did not journal its
 * end (a kill between the COMMIT and the report's rename, a kill of the driver right
 * after the stage, a torn journal line): the rerun found no report, verified again and
 * appended every row a second time. The verification is recognised by its content, so
 * no marker file is needed and nothing can be lost with one. Decision: the same results
 * for the same run, with nothing recorded about its changes since, are the same
 * verification; a verification that finds anything else (another status or note, a
 * rollback, another run's verification since) is appended.
 */
static int already_recorded(PGconn *c, const char *run_id)
{
	const char *params[] = { run_id };
	PGresult *r = pg_query(c,
			       "WITH n AS (SELECT count(*) AS n FROM verify_results), "
			       "last AS (SELECT log_id, verified_at, verified_by FROM pggit_audit.compliance_log "
			       "         WHERE run_id = $1 ORDER BY log_id DESC LIMIT 1), "
			       "grp AS (SELECT row_number() OVER (ORDER BY l.log_id) AS ord, l.log_id, l.change_id, "
			       "        l.verification_status, l.notes, l.run_id, l.verified_at, l.verified_by "
			       "        FROM pggit_audit.compliance_log l, last, n "
			       "        WHERE l.log_id > last.log_id - n.n AND l.log_id <= last.log_id), "
			       "res AS (SELECT row_number() OVER (ORDER BY ord) AS ord, change_id, status, notes "
			       "        FROM verify_results) "
			       "SELECT min(g.log_id), max(g.log_id), "
			       "       min(g.verified_at)::text FROM grp g "
			       "HAVING count(*) = (SELECT n FROM n) AND count(*) > 0 "
			       "AND bool_and(g.run_id = $1 AND g.verified_at = (SELECT verified_at FROM last) "
			       "             AND g.verified_by = (SELECT verified_by FROM last)) "
			       "AND NOT EXISTS (SELECT 1 FROM grp g2 FULL JOIN res USING (ord) "
			       "    WHERE g2.change_id IS DISTINCT FROM res.change_id "
			       "       OR g2.verification_status IS DISTINCT FROM res.status "
			       "       OR g2.notes IS DISTINCT FROM res.notes) "
			       "AND NOT EXISTS (SELECT 1 FROM pggit_audit.compliance_log l2 "
			       "    WHERE l2.log_id > (SELECT log_id FROM last) "
			       "      AND l2.change_id IN (SELECT change_id FROM verify_results WHERE change_id IS NOT NULL))",
			       1, params, "looking for this verification in pggit_audit.compliance_log");
	int found = PQntuples(r) == 1;
	if (found)
		pga_info("this verification of run %s is already recorded (compliance_log rows %s-%s, %s): "
			 "not appended again; writing its report",
			 dv(run_id), PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2));
	PQclear(r);
	return found;
}

/*
 * The load report (load_dir/report.json), read once: it names the run and the batches the
 * load committed. Returns it (caller json_decref()s); *run_id receives a copy of its run id.
 */
static json_t *read_load_report(const char *load_dir, char **run_id)
{
	char *p = path_join(load_dir, "report.json");
	json_error_t e;
	json_t *j = json_load_file(p, 0, &e);
	if (!j)
		pga_die("%s: cannot read the load report (did the load stage finish?): %s", p, e.text);
	const char *id = json_string_value(json_object_get(j, "run_id"));
	if (!id)
		pga_die("%s: no run_id", p);
	*run_id = xstrdup(id);
	free(p);
	return j;
}

/*
 * The load report says which batches of which artifacts the load committed; every one of
 * them must still be in the target's load_journal. When the target lost them after the
 * load (restored from an older backup, failed over to a replica that had not replayed
 * them), the driver skipped the load on the resume (its journal says done, and it does not
 * connect) and the verification used to append one FAILED row per vanished change to
 * compliance_log, and kept failing on every resume. Now it stops before recording
 * anything, names the missing batches and their rows, and moves the load report aside so
 * that the next run of the same command loads them again: the load skips the batches the
 * target's journal still has, and ON CONFLICT keeps any row present from being loaded
 * twice. Rows deleted behind a journal that still lists their batch are not this case:
 * they are reported as FAILED changes (missing from the target), as before.
 */
static void check_load_batches(PGconn *c, const json_t *rep, const char *load_dir, const char *classify_dir)
{
	json_int_t batch_rows = json_integer_value(json_object_get(rep, "batch_rows"));
	json_t *arts = json_object_get(rep, "artifacts");
	if (batch_rows <= 0 || !json_is_object(arts)) /* a report of an older load: nothing to check against */
		return;
	char *rp = path_join(load_dir, "report.json");
	PGresult *r = pg_query(c, "SELECT to_regclass('pggit_audit.load_journal') IS NOT NULL", 0, NULL,
			       "checking the target schema");
	int have_schema = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	struct strbuf missing = STRBUF_INIT;
	unsigned long long n_missing = 0, n_batches = 0;
	static const char *const kinds[] = { "blobs", "changes", "versions" };
	for (size_t i = 0; i < NCOLS(kinds); i++) {
		json_t *k = json_object_get(arts, kinds[i]);
		json_int_t rows = json_integer_value(json_object_get(k, "rows"));
		json_int_t nb = json_integer_value(json_object_get(k, "batches"));
		if (nb <= 0)
			continue;
		/* batches of batch_rows rows each, but where the load's byte cap (--batch-bytes)
		 * cut some: their rows then follow from the content, not from the batch number */
		int uniform = json_integer_value(json_object_get(k, "batches_cut_by_bytes")) == 0;
		n_batches += (unsigned long long)nb;
		char *ap = xasprintf("%s/%s.csv.zst", classify_dir, kinds[i]);
		sha256_hex_t sha;
		if (artifact_meta(ap, sha, NULL) < 0)
			pga_die("%s: no sidecar: the classify stage did not finish", ap);
		if (!have_schema) {
			n_missing += (unsigned long long)nb;
			free(ap);
			continue;
		}
		char nbs[32];
		snprintf(nbs, sizeof(nbs), "%lld", (long long)nb);
		const char *params[] = { sha, nbs };
		/* missing batches as ranges of batch numbers, with the rows around them: the end of
		 * the batch before (still in the journal, the range being maximal) and the start of
		 * the batch after, NULL at the artifact's ends */
		r = pg_query(c,
			     "SELECT lo, hi, (SELECT j.first_row + j.row_count FROM pggit_audit.load_journal j "
			     "WHERE j.artifact_sha256 = $1 AND j.batch_no = lo - 1), "
			     "(SELECT j.first_row - 1 FROM pggit_audit.load_journal j "
			     "WHERE j.artifact_sha256 = $1 AND j.batch_no = hi + 1) "
			     "FROM (SELECT min(b) AS lo, max(b) AS hi FROM (SELECT b, b - row_number() OVER (ORDER BY b) AS grp "
			     "FROM generate_series(0, $2::bigint - 1) b WHERE NOT EXISTS (SELECT 1 FROM "
			     "pggit_audit.load_journal j WHERE j.artifact_sha256 = $1 AND j.batch_no = b)) x "
			     "GROUP BY grp) g ORDER BY 1",
			     2, params, "checking the load journal");
		for (int t = 0; t < PQntuples(r); t++) {
			unsigned long long lo = strtoull(PQgetvalue(r, t, 0), NULL, 10);
			unsigned long long hi = strtoull(PQgetvalue(r, t, 1), NULL, 10);
			/* the rows of the missing batches: by the batch numbers when no batch was cut
			 * by bytes; otherwise from the journal rows around them (the load's byte cap
			 * made the bounds depend on the content), known but when a neighbour is gone */
			unsigned long long first_row = 0, last_row = 0;
			if (uniform) {
				first_row = lo * (unsigned long long)batch_rows + 1;
				last_row = (hi + 1) * (unsigned long long)batch_rows;
			} else {
				if (lo == 0)
					first_row = 1;
				else if (!PQgetisnull(r, t, 2))
					first_row = strtoull(PQgetvalue(r, t, 2), NULL, 10);
				if (hi + 1 == (unsigned long long)nb)
					last_row = (unsigned long long)rows;
				else if (!PQgetisnull(r, t, 3))
					last_row = strtoull(PQgetvalue(r, t, 3), NULL, 10);
			}
			if (last_row > (unsigned long long)rows)
				last_row = (unsigned long long)rows;
			n_missing += hi - lo + 1;
			if (t < 5 && first_row && last_row >= first_row)
				strbuf_addf(&missing, "%s%s batch%s %llu%s%.0llu (rows %llu-%llu of %s)",
					    missing.len ? "; " : "", kinds[i], lo == hi ? "" : "es", lo,
					    lo == hi ? "" : "-", lo == hi ? 0 : hi, first_row, last_row, ap);
			else if (t < 5)
				strbuf_addf(&missing, "%s%s batch%s %llu%s%.0llu of %s", missing.len ? "; " : "",
					    kinds[i], lo == hi ? "" : "es", lo, lo == hi ? "" : "-", lo == hi ? 0 : hi, ap);
			else if (t == 5)
				strbuf_addf(&missing, "; more %s batches", kinds[i]);
		}
		PQclear(r);
		free(ap);
	}
	if (n_missing == 0) {
		strbuf_release(&missing);
		free(rp);
		return;
	}
	/* the report moves aside (kept as evidence of the earlier load), so the driver runs the load again */
	char *aside = path_join(load_dir, "report.lost-from-target.json");
	if (rename(rp, aside) < 0)
		pga_die_errno("cannot move %s to %s", rp, aside);
	fsync_parent_dir(aside);
	if (!have_schema)
		pga_die("the target has no pggit_audit schema, although %s says the load committed %llu batches into "
			"it: the target was restored from a backup older than the run, or it is another database. "
			"Nothing was recorded. The load report was moved to %s; check the --target, then run the "
			"same command again with --force schema (the schema is installed, the load and the "
			"verification run again)",
			rp, n_batches, aside);
	pga_die("the target lacks %llu of the %llu load batches that %s says the load committed (%s): the target "
		"lost them after the load (restored from an older backup, failed over to a replica that had not "
		"replayed them, or rows and journal deleted). Nothing was recorded. The load report was moved to "
		"%s: run the same command again, and the load reloads the missing batches (the batches still in "
		"the target are skipped, no row is loaded twice) before the verification runs again",
		n_missing, n_batches, rp, missing.buf, aside);
}

/*
 * The verification's checkpoint (OUTDIR/checkpoint.json beside OUTDIR/results.csv.zst):
 * everything checked before the recording transaction, so that a verification killed
 * while it records (the longest part, and where a kill at the end of a backfill lands)
 * resumes with the recording alone instead of reading back, re-hashing and comparing
 * every change again. Nothing is recorded in the target by it: the recording stays one
 * transaction (one verification, all of its rows or none).
 *
 * The checkpoint is used only when the rows it judged are still the target's rows:
 * the (ctid, xmin) of every row of changes, object_versions and blobs, taken in the read-back's
 * snapshot, must equal the target's now. Any INSERT, UPDATE or DELETE gives a row another
 * ctid and xmin (an UPDATE writes a new row version), so a changed, added or removed row
 * sends the verification back to its start; a rewrite that keeps the rows (VACUUM FULL,
 * CLUSTER) does too, which costs time, never a wrong verdict. The artifacts it was made
 * from (their SHA-256), the run and the tool version must match as well.
 */
/* 2: the read-back holds the committer and the classification (round 16); 3: the row
   identity covers blobs too (round 17) */
#define CHECKPOINT_FORMAT "pggit-audit verify checkpoint 3"

static json_t *checkpoint_inputs(const char *diff_dir, const char *classify_dir)
{
	static const struct {
		const char *key, *file;
		int classify;
	} in[] = {
		{ "diff/commits", "commits.csv.zst", 0 },
		{ "classify/changes", "changes.csv.zst", 1 },
		{ "classify/versions", "versions.csv.zst", 1 },
		{ "classify/blobs", "blobs.csv.zst", 1 },
	};
	json_t *j = json_object();
	for (size_t i = 0; i < NCOLS(in); i++) {
		char *p = path_join(in[i].classify ? classify_dir : diff_dir, in[i].file);
		sha256_hex_t sha;
		if (artifact_meta(p, sha, NULL) < 0)
			pga_die("%s: no sidecar: the stage that writes it did not finish", p);
		json_object_set_new(j, in[i].key, json_stringn(sha, SHA256_HEX_LEN));
		free(p);
	}
	return j;
}

/* The identity of every row the verification reads, as of the current snapshot: the rows
   of changes (read back), object_versions and blobs (checked against the artifacts before
   the checkpoint: until round 17 the blobs were not in it, and a blob row renamed between
   a kill and the resume kept the checkpoint's "0 blobs failed"). */
#define ROW_IDENTITY(table)                                                                            \
	"(SELECT count(*) || ' ' || md5(coalesce(string_agg(ctid::text || xmin::text, ',' ORDER BY ctid), " \
	"'')) FROM pggit_audit." table ")"
static json_t *target_fingerprint(PGconn *c)
{
	PGresult *r = pg_query(c,
			       "SELECT current_database(), " ROW_IDENTITY("changes") ", " ROW_IDENTITY("object_versions")
			       ", " ROW_IDENTITY("blobs"),
			       0, NULL, "taking the identity of the rows verified");
	json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "database", PQgetvalue(r, 0, 0), "changes", PQgetvalue(r, 0, 1),
			      "object_versions", PQgetvalue(r, 0, 2), "blobs", PQgetvalue(r, 0, 3));
	PQclear(r);
	return j;
}

/* The checkpoint goes first: results without a checkpoint are never used. */
static void checkpoint_drop(const char *ckp, const char *results)
{
	char *meta = xasprintf("%s.meta.json", results);
	if ((unlink(ckp) < 0 && errno != ENOENT) || (unlink(results) < 0 && errno != ENOENT) ||
	    (unlink(meta) < 0 && errno != ENOENT))
		pga_die_errno("cannot remove the verification checkpoint %s", ckp);
	fsync_parent_dir(ckp);
	free(meta);
}

/* 1 when the artifact at path, its sidecar and its bytes, is the one of SHA-256 want */
static int artifact_is(const char *path, const char *want)
{
	sha256_hex_t meta, bytes;
	return strlen(want) == SHA256_HEX_LEN && artifact_meta(path, meta, NULL) == 0 &&
	       memcmp(meta, want, SHA256_HEX_LEN) == 0 && sha256_file(path, bytes, NULL) == 0 &&
	       memcmp(bytes, want, SHA256_HEX_LEN) == 0;
}

static const char *checkpoint_str(const json_t *j, const char *key)
{
	const char *v = json_string_value(json_object_get(j, key));
	return v ? v : "";
}

/*
 * Resume from the checkpoint when there is one and it still holds (see above): the
 * counts, the failures found so far and the versions' result come from it, and
 * *fingerprint receives the target's rows' identity it was checked against (the
 * caller's). Returns 2
 * when it holds the judged results (only the recording is left), 1 when it was taken
 * after the read-back and the versions' check (the changes are judged from the read-back
 * file), 0 when the verification starts from the beginning (saying why when a
 * checkpoint was there).
 */
static int checkpoint_resume(PGconn *c, const char *ckp, const char *run_id, const json_t *inputs, const char *dump,
			     const char *results, json_t *failures, unsigned long long *versions_checked,
			     long long *versions_failed, size_t *source_failures_at, json_t **fingerprint)
{
	if (access(ckp, F_OK) < 0)
		return 0;
	json_error_t e;
	json_t *j = json_load_file(ckp, 0, &e);
	const char *why = NULL;
	json_t *counts = json_object_get(j, "counts");
	json_t *fails = json_object_get(j, "failures");
	json_t *fp = NULL;
	if (!j || strcmp(checkpoint_str(j, "format"), CHECKPOINT_FORMAT) != 0 || !json_is_object(counts) ||
	    !json_is_array(fails))
		why = "it is unreadable or of another format";
	else if (strcmp(checkpoint_str(j, "version"), PGGIT_AUDIT_VERSION) != 0)
		why = "another version of the tool wrote it";
	else if (strcmp(checkpoint_str(j, "run_id"), run_id) != 0)
		why = "it is of another run";
	else if (!json_equal(json_object_get(j, "inputs"), (json_t *)inputs))
		why = "the artifacts it was made from have changed";
	else if (!artifact_is(dump, checkpoint_str(j, "readback_sha256")))
		why = "the read-back it judged is gone, damaged or another";
	else if (json_object_get(j, "results_sha256") && !artifact_is(results, checkpoint_str(j, "results_sha256")))
		why = "its results are gone, damaged or others";
	else if (!json_equal(json_object_get(j, "target"), fp = target_fingerprint(c)))
		why = "rows of the target were added, changed or removed since it was taken";
	if (why) {
		pga_info("verification checkpoint %s not used (%s): verifying from the start", ckp, why);
		json_decref(fp);
		json_decref(j);
		return 0;
	}
#define COUNT(k) ((unsigned long long)json_integer_value(json_object_get(counts, k)))
	n_checked = COUNT("checked");
	n_blobs_checked = COUNT("blobs_checked");
	n_blobs_failed = COUNT("blobs_failed");
	n_passed = COUNT("passed");
	n_failed = COUNT("failed");
	n_missing = COUNT("missing");
	n_unexpected = COUNT("unexpected");
	n_outside = COUNT("rows_of_other_runs");
	*versions_checked = COUNT("versions_checked");
	*versions_failed = (long long)COUNT("versions_failed");
	*source_failures_at = (size_t)COUNT("source_failures_at");
#undef COUNT
	json_array_extend(failures, fails);
	int judged = json_object_get(j, "results_sha256") != NULL;
	if (judged)
		pga_info("resuming the verification from its checkpoint: %llu changes and %llu versions were checked "
			 "before the interruption, and the target's rows are still those read back; recording",
			 n_checked, *versions_checked);
	else
		pga_info("resuming the verification from its checkpoint after the read-back: %llu versions were "
			 "checked before the interruption, and the target's rows are still those read back; judging "
			 "the changes and recording",
			 *versions_checked);
	*fingerprint = fp; /* equal to the checkpoint's */
	json_decref(j);
	return judged ? 2 : 1;
}

static void checkpoint_write(const char *ckp, const char *run_id, json_t *inputs, json_t *fingerprint,
			     const char *dump, const char *results_sha /* NULL: not judged yet */, const json_t *failures,
			     unsigned long long versions_checked, long long versions_failed, size_t source_failures_at)
{
	sha256_hex_t dsha;
	if (artifact_meta(dump, dsha, NULL) < 0)
		pga_die("%s: no sidecar right after it was written", dump);
	json_t *counts = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "blobs_checked",
				   (json_int_t)n_blobs_checked, "blobs_failed", (json_int_t)n_blobs_failed, "checked", (json_int_t)n_checked,
				   "passed", (json_int_t)n_passed, "failed", (json_int_t)n_failed, "missing",
				   (json_int_t)n_missing, "unexpected", (json_int_t)n_unexpected, "rows_of_other_runs",
				   (json_int_t)n_outside, "versions_checked", (json_int_t)versions_checked,
				   "versions_failed", (json_int_t)versions_failed, "source_failures_at",
				   (json_int_t)source_failures_at);
	json_t *j = json_pack("{s:s, s:s, s:s, s:O, s:O, s:s#, s:o, s:O}", "format", CHECKPOINT_FORMAT, "version",
			      PGGIT_AUDIT_VERSION, "run_id", run_id, "inputs", inputs, "target", fingerprint,
			      "readback_sha256", dsha, (size_t)SHA256_HEX_LEN, "counts", counts, "failures", failures);
	if (results_sha) /* NULL: taken after the read-back, before the changes are judged */
		json_object_set_new(j, "results_sha256", json_stringn(results_sha, SHA256_HEX_LEN));
	artifact_write_json(ckp, j);
	json_decref(j);
}

/*
 * The rows' identity and the versions' and blobs' checks on a second connection of their
 * own, in the read-back's snapshot (pg_export_snapshot), on a thread beside the read-back:
 * the server's side of them (a scan of three tables' tuple headers, hashing every
 * version's and blob's definition) runs while the main connection's COPY streams the
 * changes out, instead of before and after it, and the checkpoints (the judged one above
 * all, which a resume needs to record at once) come that much earlier. Same rows, same
 * verdicts, same identity: both connections read one snapshot. A second connection the
 * server refuses, or a snapshot it no longer has, is not an error: all three then run on
 * the main connection after the read-back, in its snapshot still.
 */
struct side_check {
	const char *target, *classify_dir;
	char *snapshot; /* pg_export_snapshot() of the main connection */
	int take_role;	/* the main connection took pggit_audit_verifier: so does this one */
	json_t *fingerprint; /* the rows' identity, target_fingerprint() in the snapshot */
	json_t *failures;
	unsigned long long versions_checked, blobs_checked;
	long long versions_failed, blobs_failed;
	char *refused; /* why the checks did not run here (the main connection runs them) */
	pthread_t thread;
	int started;
};

static void *side_check_run(void *arg)
{
	struct side_check *sc = arg;
	fault_point("verify-side-check"); /* the snapshot is exported, not yet taken here */
	PGconn *c = pg_try_connect(sc->target, &sc->refused);
	if (!c)
		return NULL;
	pg_refuse_row_security(c, "refusing target rows hidden by row-level security");
	end_with_client(c, "setting up the versions' check");
	pg_exec(c, "SET jit = off", "setting up the versions' check");
	if (sc->take_role)
		pg_exec(c, "SET ROLE pggit_audit_verifier", "taking the pipeline role");
	pg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ", "starting the versions' check's snapshot");
	if ((sc->refused = pg_set_transaction_snapshot(c, sc->snapshot))) {
		/* the main connection's transaction is gone: its own error is the one to report */
		PQfinish(c);
		return NULL;
	}
	/* as on the main connection: the checks' joins keep to memory */
	pg_exec(c, "SET LOCAL work_mem = '64MB'", "starting the versions' check's snapshot");
	sc->fingerprint = target_fingerprint(c);
	sc->versions_failed = check_versions(c, sc->classify_dir, &sc->versions_checked, sc->failures);
	sc->blobs_failed = check_blobs(c, sc->classify_dir, &sc->blobs_checked, sc->failures);
	pg_exec(c, "COMMIT", "ending the versions' check's snapshot");
	PQfinish(c);
	return NULL;
}

/* In c's open REPEATABLE READ transaction: export its snapshot and start the checks. */
static void side_check_start(PGconn *c, struct side_check *sc)
{
	PGresult *r = pg_query(c, "SELECT pg_export_snapshot()", 0, NULL, "exporting the verification snapshot");
	sc->snapshot = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	sc->failures = json_array();
	sc->started = thread_start_unsignalled(&sc->thread, side_check_run, sc) == 0;
	if (!sc->started)
		sc->refused = xstrdup("no thread could be started");
}

/*
 * Wait for the checks (c's transaction still open: the snapshot lives as long as it) and
 * take their results; run them on c when the second connection could not. Their failures
 * go to failures as the checks on c would have put them (the first 50 in all).
 */
static json_t *side_check_finish(PGconn *c, struct side_check *sc, json_t *failures,
				 unsigned long long *versions_checked, long long *versions_failed)
{
	json_t *fingerprint;
	if (sc->started && pthread_join(sc->thread, NULL) != 0)
		pga_die("cannot wait for the versions' check's thread");
	if (sc->refused) {
		pga_warn("the versions' and blobs' checks run after the read-back on the verification's own "
			 "connection: the server refused a second one (%s)", sc->refused);
		fingerprint = target_fingerprint(c);
		*versions_failed = check_versions(c, sc->classify_dir, versions_checked, failures);
		n_blobs_failed = (unsigned long long)check_blobs(c, sc->classify_dir, &n_blobs_checked, failures);
	} else {
		fingerprint = sc->fingerprint;
		*versions_checked = sc->versions_checked;
		*versions_failed = sc->versions_failed;
		n_blobs_checked = sc->blobs_checked;
		n_blobs_failed = (unsigned long long)sc->blobs_failed;
		for (size_t i = 0; i < json_array_size(sc->failures) && json_array_size(failures) < 50; i++)
			json_array_append(failures, json_array_get(sc->failures, i));
	}
	json_decref(sc->failures);
	free(sc->snapshot);
	free(sc->refused);
	return fingerprint;
}

/* In the recording transaction: verify_results, and a COPY into it begun. */
static struct pg_copy_in begin_results(PGconn *c)
{
	pg_exec(c, "CREATE TEMP TABLE verify_results (ord bigserial, change_id uuid, status text, notes text) "
		   "ON COMMIT DROP", "creating a scratch table");
	return pg_copy_in_begin(c, "COPY verify_results (change_id, status, notes) FROM STDIN (FORMAT csv)",
				"recording the verification");
}

/* Fill the recording transaction's verify_results from OUTDIR/results.csv.zst (a resume). */
static void load_results(PGconn *c, const char *results)
{
	struct pg_copy_in ci = begin_results(c);
	struct artifact_reader *r = ar_open(results, results_cols, NCOLS(results_cols));
	struct csv_field *f;
	struct strbuf row = STRBUF_INIT;
	while (ar_next(r, &f)) {
		strbuf_reset(&row);
		csv_encode_row(&row, f, 3);
		pg_copy_in_put(&ci, row.buf, row.len);
	}
	pg_copy_in_end(&ci);
	strbuf_release(&row);
	ar_close(r);
}

static void usage(int status)
{
	printf("usage: pggit-audit-verify [--target CONNINFO] [--source CONNINFO] --diff DIR --classify DIR\n"
	       "                          --load DIR --outdir DIR [--v1 V1EXPORT_DIR --replay REPLAY_DIR]\n\n"
	       "Check the target's pggit_audit rows against the artifacts (and the source, when a\n"
	       "source conninfo is given or $PGGIT_AUDIT_SOURCE is set), append one compliance_log row\n"
	       "per change (PASSED/FAILED), mark passed changes verified, write OUTDIR/report.json\n"
	       "(plus OUTDIR/target_changes.csv.zst, the rows as read back). Exit 1 on any mismatch.\n"
	       "A verification killed after its checks resumes from OUTDIR/checkpoint.json while the\n"
	       "target's rows are still those it read back (removed once the report is written).\n"
	       "With --v1 and --replay (the v1 pipeline), also check that every pggit.history row is\n"
	       "accounted for by the replay (applied, failed or skipped, the last two with a reason).\n");
	exit(status);
}

int main(int argc, char **argv)
{
	const char *target = NULL, *source = NULL, *diff_dir = NULL, *classify_dir = NULL, *load_dir = NULL,
		   *outdir = NULL, *v1_dir = NULL, *replay_dir = NULL;
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' }, { "source", required_argument, NULL, 's' },
		{ "diff", required_argument, NULL, 'd' },   { "classify", required_argument, NULL, 'c' },
		{ "load", required_argument, NULL, 'l' },   { "export", required_argument, NULL, 'e' },
		{ "v1", required_argument, NULL, '1' },     { "replay", required_argument, NULL, 'r' },
		{ "outdir", required_argument, NULL, 'o' }, { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-verify");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 't': target = optarg; break;
		case 's': source = optarg; break;
		case 'd': diff_dir = optarg; break;
		case 'c': classify_dir = optarg; break;
		case 'l': load_dir = optarg; break;
		case 'e': break;
		case '1': v1_dir = optarg; break;
		case 'r': replay_dir = optarg; break;
		case 'o': outdir = optarg; break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-verify %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!diff_dir || !classify_dir || !load_dir || !outdir || optind != argc || (!v1_dir != !replay_dir))
		usage(2);
	if (!source)
		source = getenv("PGGIT_AUDIT_SOURCE");
	target = conninfo_pick(target, "PGGIT_AUDIT_TARGET", source, "target");
	make_outdir(outdir);
	artifact_clean_tmp(outdir);
	progress_begin("verify"); /* its phase and rows were reported to nobody before: progress_* were no-ops */
	char *run_id;
	json_t *load_report = read_load_report(load_dir, &run_id);
	struct strmap *run_commits = read_run_commits(diff_dir);
	json_t *failures = json_array();

	struct source_check sc = { .source = source, .diff_dir = diff_dir, .classify_dir = classify_dir };
	if (source)
		source_check_start(&sc);

	PGconn *c = pg_connect(target, "target");
	/* a policy on the audit tables would hide rows from the read-back: the server refuses instead */
	pg_refuse_row_security(c, "refusing target rows hidden by row-level security");
	/* If this process is killed mid-statement, the server would otherwise run the
	 * statement to its end while holding the compliance chain head's row lock and
	 * every change row it updated, and the resumed run would wait for it. PostgreSQL
	 * 14+ checks for a vanished client at this interval (a poll() of the socket): at
	 * 1 s a verification resumed right after a kill at 10k waited up to 1 s for the
	 * dead one's recording (2.49 s instead of 1.43 s); at 100 ms it does not. */
	end_with_client(c, "setting up the verification session");
	/* JIT compiling the read-back and the recording statements costs more than it saves */
	pg_exec(c, "SET jit = off", "setting up the verification session");
	int took_role = pg_assume_role(c, "pggit_audit_verifier");
	check_load_batches(c, load_report, load_dir, classify_dir);
	json_decref(load_report);
	char *dump = path_join(outdir, "target_changes.csv.zst");
	char *results_path = path_join(outdir, "results.csv.zst");
	char *ckp = path_join(outdir, "checkpoint.json");
	json_t *inputs = checkpoint_inputs(diff_dir, classify_dir);
	unsigned long long versions_checked = 0;
	long long versions_failed = 0;
	size_t source_failures_at = 0;
	json_t *fingerprint = NULL;
	int resumed = checkpoint_resume(c, ckp, run_id, inputs, dump, results_path, failures, &versions_checked,
					&versions_failed, &source_failures_at, &fingerprint);
	if (!resumed) {
		checkpoint_drop(ckp, results_path);
		/* 1. the target's rows, as read back (kept as evidence) */
		struct artifact_writer *w = aw_open(dump, readback_cols, NCOLS(readback_cols));
		pg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ", "starting the verification snapshot");
		/* the read-back sorts every change with its definitions (about 1 kB a row); with
		 * the default 4 MB the sort went to disk (30 MB at 10k commits). Bounded: a larger
		 * store still sorts, on disk */
		pg_exec(c, "SET LOCAL work_mem = '64MB'", "starting the verification snapshot");
		/* 2. versions and blobs, beside the read-back, in its snapshot; and there, the
		 * identity of the rows the read-back and the checks see */
		struct side_check side = { .target = target, .classify_dir = classify_dir, .take_role = took_role };
		side_check_start(c, &side);
		pg_copy_out(c,
			    "COPY (SELECT " READBACK_COLUMNS " FROM pggit_audit.changes "
			    "ORDER BY commit_generation, commit_sha COLLATE \"C\", path COLLATE \"C\") TO STDOUT (FORMAT csv)",
			    "reading back pggit_audit.changes", dump_row, w);
		aw_commit(w, NULL);
		fingerprint = side_check_finish(c, &side, failures, &versions_checked, &versions_failed);
		pg_exec(c, "COMMIT", "ending the verification snapshot");
		/* 3. the source (running since the start): its failures come after the versions' */
		source_failures_at = json_array_size(failures);
		checkpoint_write(ckp, run_id, inputs, fingerprint, dump, NULL, failures, versions_checked,
				 versions_failed, source_failures_at);
		fault_point("verify-after-readback");
	}
	if (resumed < 2) {
		/* 4. changes, judged into the results the recording appends; the recording
		 * transaction takes them in (nothing is recorded before the checkpoint below) */
		pg_exec(c, "BEGIN", "recording the verification");
		struct results_out ro = { aw_open(results_path, results_cols, NCOLS(results_cols)), begin_results(c) };
		check_changes(&ro, classify_dir, dump, run_commits, failures);
		pg_copy_in_end(&ro.copy);
		sha256_hex_t rsha;
		aw_commit(ro.file, rsha);
		checkpoint_write(ckp, run_id, inputs, fingerprint, dump, rsha, failures, versions_checked,
				 versions_failed, source_failures_at);
		fault_point("verify-after-checkpoint");
	} else {
		pg_exec(c, "BEGIN", "recording the verification");
		load_results(c, results_path);
	}
	json_decref(inputs);
	/* 5. the results' compliance_log rows, in the same transaction */
	fail_rolled_back(c, failures);
	/* two verifications of one target record one after the other, so the second one's
	 * look for an equal verification (a statement of its own, READ COMMITTED) sees the
	 * first one's committed rows instead of appending them again beside it */
	pg_exec(c, "SELECT pg_advisory_xact_lock(" VERIFY_LOCK_KEY ")", "waiting for another verification of this target");
	const char *params[] = { run_id };
	if (!already_recorded(c, run_id)) {
		/* the rows were judged in the read-back's snapshot (or a checkpoint's), seconds or
		 * minutes ago: a row changed since then (while this waited for the lock above, say)
		 * would be recorded with a verdict about its old content. Checked again here, in
		 * the transaction that records, as late as it can be */
		json_t *now = target_fingerprint(c);
		if (!json_equal(now, fingerprint))
			pga_die("the target's rows changed while they were verified (pggit_audit.changes, "
				"object_versions or blobs were written to after the read-back): nothing was recorded; "
				"run the verification again, it starts from the read-back");
		json_decref(now);
		/* the verifier role appends only through this SECURITY DEFINER function, which
		 * also sets changes.verified (true for PASSED, false otherwise); one call, one
		 * INSERT statement, so the hash chain's head moves once */
		PGresult *r = pg_query(c,
				       "SELECT pggit_audit.record_verifications(array_agg(change_id ORDER BY ord), "
				       "array_agg(status ORDER BY ord), array_agg(notes ORDER BY ord), $1) FROM verify_results",
				       1, params, "appending to pggit_audit.compliance_log");
		PQclear(r);
	}
	json_decref(fingerprint);
	/* every check that can still die is over before the recording commits: if one dies
	   (the source gone, an unreadable v1 artifact), this transaction goes with the process
	   and a rerun records the verification once */
	int source_checked = source != NULL;
	int source_ok = source ? source_check_finish(&sc, failures, source_failures_at) : 1;
	json_t *v1rep = json_object();
	int v1_ok = v1_dir ? check_v1_accounting(v1_dir, replay_dir, v1rep, failures) : 1;
	int ok = n_failed == 0 && n_unexpected == 0 && versions_failed == 0 && n_blobs_failed == 0 && source_ok && v1_ok;
	json_t *rep = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:b, s:O}", "run_id", run_id,
				"status", ok ? "PASSED" : "FAILED", "changes_checked", (json_int_t)n_checked,
				"changes_passed", (json_int_t)n_passed, "changes_failed", (json_int_t)n_failed,
				"changes_missing", (json_int_t)n_missing, "unexpected_rows", (json_int_t)n_unexpected,
				"rows_of_other_runs", (json_int_t)n_outside, "versions_checked",
				(json_int_t)versions_checked, "versions_failed", (json_int_t)versions_failed,
				"source_checked", source_checked, "source_ok", source_ok, "failures", failures);
	json_object_set_new(rep, "changes_rolled_back", json_integer((json_int_t)n_rolled_back));
	json_object_set_new(rep, "blobs_checked", json_integer((json_int_t)n_blobs_checked));
	json_object_set_new(rep, "blobs_failed", json_integer((json_int_t)n_blobs_failed));
	json_object_update(rep, v1rep);
	json_decref(v1rep);
	/* the report is written and fsync'd before the COMMIT, renamed after it: a full disk
	   used to fail its write after the COMMIT, and the resume (no report: verify reruns)
	   appended a second verification to compliance_log. Now it fails before, and the
	   transaction goes with the process */
	char *rp = path_join(outdir, "report.json");
	char *rep_text = json_dumps_malloc(rep, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (!rep_text)
		pga_die("cannot encode %s", rp);
	struct atomic_file rf;
	atomic_open(&rf, rp);
	atomic_write(&rf, rep_text, strlen(rep_text));
	atomic_write(&rf, "\n", 1);
	atomic_sync(&rf);
	free(rep_text);
	fault_point("verify-before-commit");
	pg_exec(c, "COMMIT", "recording the verification");
	fault_point("verify-after-commit"); /* recorded, its report not yet published */
	PQfinish(c);
	atomic_commit(&rf);
	/* the verification is recorded and its report published: nothing to resume */
	checkpoint_drop(ckp, results_path);
	char *rolled = n_rolled_back ? xasprintf(" (%llu of them rolled back)", n_rolled_back) : xstrdup("");
	pga_info("verification %s: %llu changes checked, %llu passed, %llu failed%s, %llu unexpected; "
		 "%llu versions checked, %lld failed; %llu blobs checked, %llu failed; source %s",
		 ok ? "PASSED" : "FAILED", n_checked, n_passed, n_failed, rolled, n_unexpected, versions_checked,
		 versions_failed, n_blobs_checked, n_blobs_failed, source_checked ? (source_ok ? "ok" : "MISMATCH") : "not checked");
	for (size_t i = 0; i < json_array_size(failures); i++)
		/* the report keeps the failure's text as it is (JSON escapes it); on the terminal the
		   store values inside it must not break the line or send escapes */
		pga_error("%s", dt(json_string_value(json_array_get(failures, i))));
	free(rolled);
	free(rp);
	json_decref(rep);
	json_decref(failures);
	strmap_free(run_commits);
	free(run_id);
	free(dump);
	free(results_path);
	free(ckp);
	if (ok)
		progress_end();
	return ok ? 0 : 1;
}
