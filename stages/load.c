/*
 * load.c - pggit-audit-load: the fourth stage. Loads the classify stage's
 * artifacts into the pggit_audit schema of the target database with COPY, in
 * batches. Each batch is one transaction holding its rows AND its row in
 * pggit_audit.load_journal (keyed by artifact SHA-256 and batch number), so
 * after a crash a rerun skips exactly the batches that committed and redoes
 * the one that did not: nothing lost, nothing duplicated. Rows are inserted
 * with ON CONFLICT DO NOTHING on their content-derived ids as a second guard
 * (a later run over a store that has grown adds only the new rows).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact.h"
#include "formats.h"
#include "atomicfile.h"
#include "pgconn.h"
#include "progress.h"
#include "strbuf.h"
#include "util.h"

#define SCHEMA_VERSION_REQUIRED 8

struct kind {
	const char *name;        /* journal kind and artifact base name */
	const char *file;
	const char *const *cols;
	size_t ncols;
	const char *stage_ddl;   /* temporary staging table */
	const char *insert_sql;  /* staging -> pggit_audit, $1 = run id */
};


/*
 * The definitions come from pggit_audit.blobs by one index probe per staged row
 * (LATERAL ... OFFSET 0 keeps the planner from flattening it into a join): left to
 * itself the planner hashed the whole blobs table for every batch, 45 ms per batch at
 * 22,639 blobs, a cost that grows with the store rather than with the batch.
 */
static const struct kind kinds[] = {
	{ "blobs", "blobs.csv.zst", classify_blobs_cols, NCOLS(classify_blobs_cols),
	  "CREATE TEMP TABLE IF NOT EXISTS stage_blobs (blob_sha text, object_type text, object_schema text, "
	  "object_name text, parent_schema text, parent_name text, command_tag text, parse_status text, "
	  "parse_error text, definition text) ON COMMIT DELETE ROWS",
	  "INSERT INTO pggit_audit.blobs (blob_sha, definition, object_type, object_schema, object_name, "
	  "parent_schema, parent_name, command_tag, parse_status, parse_error) "
	  "SELECT blob_sha, definition, object_type, object_schema, object_name, parent_schema, parent_name, "
	  "command_tag, parse_status, parse_error FROM stage_blobs ON CONFLICT (blob_sha) DO NOTHING" },
	{ "changes", "changes.csv.zst", classify_changes_cols, NCOLS(classify_changes_cols),
	  "CREATE TEMP TABLE IF NOT EXISTS stage_changes (change_id uuid, commit_sha text, generation int, "
	  "path text, change_type text, object_type text, object_schema text, object_name text, "
	  "old_blob_sha text, new_blob_sha text, author text, committer text, committed_at timestamp, "
	  "commit_message text, severity text, formatting_only boolean, change_detail jsonb) ON COMMIT DELETE ROWS",
	  "INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, "
	  "object_name, object_type, change_type, old_blob_sha, new_blob_sha, old_definition, new_definition, "
	  "author, committer, committed_at, commit_message, backfilled_from_v1, severity, formatting_only, "
	  "change_detail, run_id) "
	  "SELECT s.change_id, s.commit_sha, s.generation, s.path, s.object_schema, s.object_name, s.object_type, "
	  "s.change_type, s.old_blob_sha, s.new_blob_sha, ob.definition, nb.definition, s.author, s.committer, "
	  "s.committed_at, s.commit_message, $2::boolean, s.severity, s.formatting_only, s.change_detail, $1 "
	  "FROM stage_changes s "
	  "LEFT JOIN LATERAL (SELECT b.definition FROM pggit_audit.blobs b WHERE b.blob_sha = s.old_blob_sha "
	  "OFFSET 0) ob ON true "
	  "LEFT JOIN LATERAL (SELECT b.definition FROM pggit_audit.blobs b WHERE b.blob_sha = s.new_blob_sha "
	  "OFFSET 0) nb ON true "
	  "ON CONFLICT (change_id) DO NOTHING" },
	{ "versions", "versions.csv.zst", classify_versions_cols, NCOLS(classify_versions_cols),
	  "CREATE TEMP TABLE IF NOT EXISTS stage_versions (version_id uuid, object_schema text, object_name text, "
	  "object_type text, version_number int, blob_sha text, commit_sha text, created_at timestamp) "
	  "ON COMMIT DELETE ROWS",
	  "INSERT INTO pggit_audit.object_versions (version_id, object_schema, object_name, object_type, "
	  "version_number, definition, blob_sha, commit_sha, created_at, run_id) "
	  "SELECT s.version_id, s.object_schema, s.object_name, s.object_type, s.version_number, b.definition, "
	  "s.blob_sha, s.commit_sha, s.created_at, $1 FROM stage_versions s "
	  "JOIN LATERAL (SELECT b.definition FROM pggit_audit.blobs b WHERE b.blob_sha = s.blob_sha OFFSET 0) b "
	  "ON true ON CONFLICT (version_id) DO NOTHING" },
};

static unsigned long long batch_rows = 5000;
static int backfilled_from_v1; /* --backfilled-from-v1: the store was replayed from the v1 history */

static void check_schema(PGconn *c)
{
	PGresult *r = pg_query(c, "SELECT to_regclass('pggit_audit.load_journal') IS NOT NULL, "
				  "to_regclass('pggit_audit.schema_version') IS NOT NULL",
			       0, NULL, "checking the target schema");
	int ok = strcmp(PQgetvalue(r, 0, 0), "t") == 0 && strcmp(PQgetvalue(r, 0, 1), "t") == 0;
	PQclear(r);
	if (!ok)
		pga_die("the target database has no pggit_audit schema: install it first "
			"(pggit-audit install-schema, or psql -f sql/pggit_audit_schema.sql)");
	r = pg_query(c, "SELECT coalesce(max(version), 0) FROM pggit_audit.schema_version", 0, NULL,
		     "reading the target schema version");
	int v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (v < SCHEMA_VERSION_REQUIRED)
		pga_die("the target's pggit_audit schema is version %d; this tool needs version %d or later: "
			"upgrade it with pggit-audit install-schema",
			v, SCHEMA_VERSION_REQUIRED);
}

/*
 * Batches of this artifact already in the journal: done[b] = 1 for batch b (of nb, the
 * batches of this run's size). A journal row whose rows are not exactly batch b's (the
 * interrupted load used another --batch-rows) is an error naming the size to use: a
 * batch counted as done with other bounds would skip rows never loaded. Returns how
 * many batches are done; *done_out is freed by the caller.
 */
static unsigned long long journal_batches(PGconn *c, const char *path, const char *sha, unsigned long long rows,
					  unsigned long long nb, unsigned char **done_out)
{
	const char *params[] = { sha };
	PGresult *r = pg_query(c,
			       "SELECT batch_no, first_row, row_count FROM pggit_audit.load_journal "
			       "WHERE artifact_sha256 = $1 ORDER BY batch_no",
			       1, params, "reading the load journal");
	unsigned char *done = xcalloc(nb ? nb : 1, 1);
	unsigned long long ndone = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		unsigned long long b = strtoull(PQgetvalue(r, i, 0), NULL, 10);
		unsigned long long first = strtoull(PQgetvalue(r, i, 1), NULL, 10);
		unsigned long long count = strtoull(PQgetvalue(r, i, 2), NULL, 10);
		unsigned long long want_first = b * batch_rows + 1;
		unsigned long long want_count = b < nb ? (rows - b * batch_rows < batch_rows ? rows - b * batch_rows : batch_rows) : 0;
		if (b >= nb || first != want_first || count != want_count)
			pga_die("%s: the load journal holds batch %llu of this artifact as rows %llu-%llu, which is not a "
				"batch of %llu rows: rerun with the --batch-rows of the load that wrote it (%llu)",
				path, b, first, first + count - 1, batch_rows,
				b ? (first - 1) / b : count);
		if (!done[b])
			ndone++;
		done[b] = 1;
	}
	PQclear(r);
	*done_out = done;
	return ndone;
}

struct load_stats {
	unsigned long long rows, batches, batches_loaded, batches_skipped, inserted;
};

static void flush_batch(PGconn *c, const struct kind *k, const char *artifact_sha, const char *run_id,
			unsigned long long batch_no, unsigned long long first_row, struct strbuf *buf,
			unsigned long long nrows, struct load_stats *st)
{
	char what[160];
	snprintf(what, sizeof(what), "loading %s batch %llu (rows %llu-%llu)", k->name, batch_no, first_row,
		 first_row + nrows - 1);
	pg_exec(c, "BEGIN", what);
	char *copy = xasprintf("COPY stage_%s FROM STDIN (FORMAT csv)", k->name);
	pg_copy_in_begin(c, copy, what);
	free(copy);
	pg_copy_in_put(c, buf->buf, buf->len);
	fault_point("load-mid-copy");
	pg_copy_in_end(c);
	const char *p1[] = { run_id, backfilled_from_v1 ? "true" : "false" };
	PGresult *r = pg_query(c, k->insert_sql, strstr(k->insert_sql, "$2") ? 2 : strstr(k->insert_sql, "$1") ? 1 : 0,
			       p1, what);
	unsigned long long inserted = strtoull(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	char bno[32], frow[32], cnt[32], ins[32];
	snprintf(bno, sizeof(bno), "%llu", batch_no);
	snprintf(frow, sizeof(frow), "%llu", first_row);
	snprintf(cnt, sizeof(cnt), "%llu", nrows);
	snprintf(ins, sizeof(ins), "%llu", inserted);
	char *key = xasprintf("%s:%s:%llu", k->name, artifact_sha, batch_no);
	const char *p2[] = { key, k->name, k->file, artifact_sha, bno, frow, cnt, ins, run_id };
	r = pg_query(c,
		     "INSERT INTO pggit_audit.load_journal (batch_key, kind, artifact, artifact_sha256, batch_no, "
		     "first_row, row_count, rows_inserted, run_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		     9, p2, what);
	PQclear(r);
	free(key);
	fault_point("load-before-commit");
	pg_exec(c, "COMMIT", what);
	fault_point("load-after-commit");
	st->batches_loaded++;
	st->inserted += inserted;
}

/* Load one artifact (r: opened and checked by the caller, closed here). */
static void load_kind(PGconn *c, struct artifact_reader *r, const struct kind *k, const char *run_id,
		      struct load_stats *st)
{
	unsigned long long rows = ar_rows_expected(r);
	unsigned long long nb = (rows + batch_rows - 1) / batch_rows;
	unsigned char *done;
	unsigned long long ndone = journal_batches(c, ar_path(r), ar_sha256(r), rows, nb, &done);
	progress_phase(k->name, rows);
	memset(st, 0, sizeof(*st));
	if (ndone == nb) {
		/* every batch is in the journal (a rerun after a crash late in the load, or of a
		 * finished load): nothing to send, so the rows are not even decompressed; the
		 * file itself was checked against its sidecar when it was opened */
		for (unsigned long long b = 0; b < nb; b++) {
			unsigned long long n = b + 1 < nb ? batch_rows : rows - b * batch_rows;
			progress_rows(n);
			progress_chunk(k->name, b, n, 0, 1);
		}
		st->rows = rows;
		st->batches = st->batches_skipped = nb;
	} else {
		pg_exec(c, k->stage_ddl, "creating a staging table");
		struct strbuf buf = STRBUF_INIT;
		struct csv_field *f;
		unsigned long long row = 0, batch_no = 0, in_batch = 0, first = 1;
		int skipping = -1;
		for (;;) {
			int more = ar_next(r, &f);
			if (more) {
				row++;
				if (in_batch == 0) {
					skipping = batch_no < nb && done[batch_no];
					first = row;
				}
				if (!skipping) {
					csv_encode_row(&buf, f, k->ncols);
				}
				in_batch++;
			}
			if (in_batch && (!more || in_batch == batch_rows)) {
				if (skipping)
					st->batches_skipped++;
				else
					flush_batch(c, k, ar_sha256(r), run_id, batch_no, first, &buf, in_batch, st);
				progress_rows(in_batch);
				progress_chunk(k->name, batch_no, in_batch, skipping ? 0 : buf.len, skipping);
				st->batches++;
				strbuf_reset(&buf);
				in_batch = 0;
				batch_no++;
			}
			if (!more)
				break;
		}
		st->rows = row;
		strbuf_release(&buf);
	}
	pga_info("%s: %llu rows in %llu batches: %llu batches loaded (%llu rows new), %llu already in the journal",
		 k->name, st->rows, st->batches, st->batches_loaded, st->inserted, st->batches_skipped);
	free(done);
	ar_close(r);
}

/* The run id: derived from the content loaded, so the same artifacts give the same id. */
static void compute_run_id(const char *dir, char run_id[33])
{
	struct strbuf s = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char *p = path_join(dir, kinds[i].file);
		sha256_hex_t sha;
		if (artifact_meta(p, sha, NULL) < 0)
			pga_die("%s: no sidecar: the classify stage did not finish", p);
		strbuf_addstr(&s, sha);
		free(p);
	}
	sha256_hex_t d;
	sha256_hex(s.buf, s.len, d);
	memcpy(run_id, d, 32);
	run_id[32] = '\0';
	strbuf_release(&s);
}

static void usage(int status)
{
	printf("usage: pggit-audit-load [--target CONNINFO] --classify DIR --outdir DIR [--batch-rows N]\n\n"
	       "Load DIR/{blobs,changes,versions}.csv.zst into pggit_audit (target database) with COPY,\n"
	       "in batches of N rows (default 5000); each batch commits together with its load_journal\n"
	       "row, so a rerun after a crash skips finished batches. Writes OUTDIR/report.json.\n\n"
	       "  --target CONNINFO  any libpq conninfo; default $PGGIT_AUDIT_TARGET, then $PGGIT_AUDIT_SOURCE\n"
	       "  --export DIR       accepted for symmetry with the other stages (not read)\n"
	       "  --backfilled-from-v1  mark the changes as replayed from the pgGit v1 history\n");
	exit(status);
}

int main(int argc, char **argv)
{
	const char *target = NULL, *classify_dir = NULL, *outdir = NULL;
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },     { "classify", required_argument, NULL, 'c' },
		{ "export", required_argument, NULL, 'e' },     { "outdir", required_argument, NULL, 'o' },
		{ "batch-rows", required_argument, NULL, 'b' }, { "quiet", no_argument, NULL, 'q' },
		{ "backfilled-from-v1", no_argument, NULL, '1' },
		{ "help", no_argument, NULL, 'h' },             { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-load");
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 't': target = optarg; break;
		case 'c': classify_dir = optarg; break;
		case 'e': break;
		case 'o': outdir = optarg; break;
		case '1': backfilled_from_v1 = 1; break;
		case 'b':
			batch_rows = parse_count_option("batch-rows", optarg, 1, 10000000);
			break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-load %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!classify_dir || !outdir || optind != argc)
		usage(2);
	target = conninfo_pick(target, "PGGIT_AUDIT_TARGET", getenv("PGGIT_AUDIT_SOURCE"), "target");
	if (mkdir_p(outdir, 0755) < 0)
		pga_die_errno("cannot create %s", outdir);
	char run_id[33];
	compute_run_id(classify_dir, run_id);
	/* check every artifact (sidecar, size, SHA-256, header) before sending a single row;
	 * the readers stay open for the load */
	struct artifact_reader *readers[sizeof(kinds) / sizeof(kinds[0])];
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char *p = path_join(classify_dir, kinds[i].file);
		readers[i] = ar_open(p, kinds[i].cols, kinds[i].ncols);
		free(p);
	}

	progress_begin("load");
	PGconn *c = pg_connect(target, "target");
	check_schema(c);
	/* each statement handles one batch: compiling it with JIT (the INSERTs' estimated
	 * costs cross jit_above_cost) costs more than it could save */
	pg_exec(c, "SET jit = off", "setting up the load session");
	pg_assume_role(c, "pggit_audit_loader");
	json_t *report = json_pack("{s:s, s:I}", "run_id", run_id, "batch_rows", (json_int_t)batch_rows);
	json_t *per_kind = json_object();
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct load_stats st;
		load_kind(c, readers[i], &kinds[i], run_id, &st);
		json_object_set_new(per_kind, kinds[i].name,
				    json_pack("{s:I, s:I}", "rows", (json_int_t)st.rows, "batches", (json_int_t)st.batches));
	}
	/* what the target holds for this run now: the same after a fresh run or a resume */
	const char *p[] = { run_id };
	PGresult *r = pg_query(c,
			       "SELECT (SELECT count(*) FROM pggit_audit.changes WHERE run_id = $1), "
			       "(SELECT count(*) FROM pggit_audit.object_versions WHERE run_id = $1)",
			       1, p, "counting loaded rows");
	json_object_set_new(report, "changes_with_this_run_id", json_integer(atoll(PQgetvalue(r, 0, 0))));
	json_object_set_new(report, "versions_with_this_run_id", json_integer(atoll(PQgetvalue(r, 0, 1))));
	PQclear(r);
	PQfinish(c);
	json_object_set_new(report, "artifacts", per_kind);
	char *rp = path_join(outdir, "report.json");
	artifact_write_json(rp, report);
	free(rp);
	json_decref(report);
	progress_end();
	return 0;
}
