/*
 * load.c - pggit-audit-load: the fourth stage. Loads the classify stage's
 * artifacts into the pggit_audit schema of the target database with COPY, in
 * batches. Each batch is one transaction holding its rows AND its row in
 * pggit_audit.load_journal (keyed by artifact SHA-256 and batch number), so
 * after a crash a rerun skips exactly the batches that committed and redoes
 * the ones that did not: nothing lost, nothing duplicated. Rows are inserted
 * with ON CONFLICT DO NOTHING on their content-derived ids as a second guard
 * (a later run over a store that has grown adds only the new rows). A batch is
 * bounded by rows (--batch-rows) and by bytes (--batch-bytes), so the memory of
 * the load does not follow the size of the rows (batch_closes()).
 *
 * --jobs N sends the batches of one artifact over N connections at once (as
 * pg_restore -j): the work is the server's (index entries, the definitions
 * looked up per row), and one connection keeps one server core busy. Batches
 * are independent transactions, so which ones committed before a crash does
 * not matter to the rerun; the artifacts still go one after the other (every
 * blob is in before a change or version that looks its definition up).
 */
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "artifact.h"
#include "formats.h"
#include "hash.h"
#include "atomicfile.h"
#include "conninfo.h"
#include "pgconn.h"
#include "progress.h"
#include "strbuf.h"
#include "util.h"
#include "workpool.h"

/* the advisory lock of a load into a target: 'pgit' 'load' as a bigint */
#define LOAD_LOCK_KEY "8099558403605487972"
#define SCHEMA_VERSION_REQUIRED 28 /* 10: blobs.run_id; 11-13: the guards and grants a load relies on;
					   28: load_journal.batch_rows/batch_bytes */

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
	  "parent_schema, parent_name, command_tag, parse_status, parse_error, run_id) "
	  "SELECT blob_sha, definition, object_type, object_schema, object_name, parent_schema, parent_name, "
	  "command_tag, parse_status, parse_error, $1 FROM stage_blobs ON CONFLICT (blob_sha) DO NOTHING" },
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

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))
#define MAX_JOBS 16

static unsigned long long batch_rows = 5000;
static unsigned long long batch_bytes = 8ULL << 20; /* --batch-bytes: see batch_closes() */
static int backfilled_from_v1; /* --backfilled-from-v1: the store was replayed from the v1 history */
static unsigned load_jobs = 2; /* --jobs: connections loading batches at once */
static const char *target_conninfo;

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
	/* one load per target at a time: two (two work directories, two drivers) would number
	 * versions against each other's half-loaded rows and one would stop on a bare duplicate
	 * key. Held by this session until it ends; the other sessions of this load share it. */
	r = pg_query(c, "SELECT pg_try_advisory_lock(" LOAD_LOCK_KEY "), "
			"(SELECT string_agg(l.pid::text, ', ' ORDER BY l.pid) FROM pg_locks l WHERE l.locktype = 'advisory' "
			"AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
			"AND ((l.classid::bigint << 32) | l.objid::bigint) = " LOAD_LOCK_KEY " AND l.objsubid = 1)",
		     0, NULL, "taking the target's load lock");
	int locked = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	char *holder = xstrdup(PQgetisnull(r, 0, 1) ? "?" : PQgetvalue(r, 0, 1));
	PQclear(r);
	if (!locked)
		pga_die("another pggit-audit-load is loading into this target database (server process %s holds its "
			"lock): wait for it to finish, then run this load again; it loaded nothing",
			holder);
	free(holder);
}

/*
 * One target connection per loading thread, opened on the thread's first batch
 * (the main thread's first, for the schema check) with every kind's temporary
 * staging table, and closed by the main thread once the workers are joined.
 */
static PGconn *sessions[MAX_JOBS];
static unsigned n_sessions;
static int role_taken = -1; /* the first session's pg_assume_role(); the others follow it */
static pthread_mutex_t sessions_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local PGconn *this_thread_session;

/* The calling thread's connection, opened and set up on its first call. */
static PGconn *session(void)
{
	if (this_thread_session)
		return this_thread_session;
	PGconn *c = pg_connect(target_conninfo, "target");
	/* the resume reads the journal and the rows it recorded: a policy must not hide them */
	pg_refuse_row_security(c, "refusing target rows hidden by row-level security");
	pthread_mutex_lock(&sessions_lock);
	int first = n_sessions == 0;
	if (n_sessions == MAX_JOBS)
		pga_die("more than %d load sessions", MAX_JOBS); /* workpool threads <= load_jobs <= MAX_JOBS */
	sessions[n_sessions++] = c;
	pthread_mutex_unlock(&sessions_lock);
	if (first)
		check_schema(c);
	/* each statement handles one batch: compiling it with JIT (the INSERTs' estimated
	 * costs cross jit_above_cost) costs more than it could save */
	pg_exec(c, "SET jit = off", "setting up the load session");
	/* the first session decides (and warns once); every other one takes the same rights */
	if (first)
		role_taken = pg_assume_role(c, "pggit_audit_loader");
	else if (role_taken)
		pg_exec(c, "SET ROLE pggit_audit_loader", "taking the pipeline role");
	for (size_t i = 0; i < NKINDS; i++)
		pg_exec(c, kinds[i].stage_ddl, "creating a staging table");
	this_thread_session = c;
	return c;
}

static void sessions_close(void)
{
	for (unsigned i = 0; i < n_sessions; i++)
		PQfinish(sessions[i]);
	n_sessions = 0;
}

/*
 * A batch closes after batch_rows rows, or after the row that brings its CSV to
 * batch_bytes or more, whichever comes first: the bounds depend on the artifact's content
 * and the two options only, so the same artifact gives the same batches (and journal
 * rows) on every run. The byte cap bounds the memory of a batch (at most batch_bytes
 * plus one row) whatever the rows weigh: rows alone let 5000 changes with 40 kB commit
 * messages make a 200 MB batch, held up to load_jobs + 2 times (docs/performance.md).
 */
static int batch_closes(unsigned long long nrows, size_t bytes)
{
	return nrows == batch_rows || bytes >= batch_bytes;
}

struct journal_batch {
	unsigned long long batch_no, first_row, row_count;
	/* the bounds the batch was cut with (migration 028); 0 when loaded before them */
	unsigned long long batch_rows, batch_bytes;
};

/* The journal's batches of this artifact, by batch number; *n_out of them. */
static struct journal_batch *journal_read(PGconn *c, const char *sha, size_t *n_out)
{
	const char *params[] = { sha };
	PGresult *r = pg_query(c,
			       "SELECT batch_no, first_row, row_count, coalesce(batch_rows, 0), coalesce(batch_bytes, 0) "
			       "FROM pggit_audit.load_journal "
			       "WHERE artifact_sha256 = $1 ORDER BY batch_no",
			       1, params, "reading the load journal");
	size_t n = (size_t)PQntuples(r);
	struct journal_batch *j = xcalloc(n ? n : 1, sizeof(*j));
	for (size_t i = 0; i < n; i++) {
		j[i].batch_no = strtoull(PQgetvalue(r, (int)i, 0), NULL, 10);
		j[i].first_row = strtoull(PQgetvalue(r, (int)i, 1), NULL, 10);
		j[i].row_count = strtoull(PQgetvalue(r, (int)i, 2), NULL, 10);
		j[i].batch_rows = strtoull(PQgetvalue(r, (int)i, 3), NULL, 10);
		j[i].batch_bytes = strtoull(PQgetvalue(r, (int)i, 4), NULL, 10);
	}
	PQclear(r);
	*n_out = n;
	return j;
}

/* The journal's batches are 0..n-1 back to back and hold all rows: the artifact is in. */
static int journal_complete(const struct journal_batch *j, size_t n, unsigned long long rows)
{
	unsigned long long next = 1;
	for (size_t i = 0; i < n; i++) {
		if (j[i].batch_no != i || j[i].first_row != next)
			return 0;
		next += j[i].row_count;
	}
	return next == rows + 1;
}

/*
 * The interrupted load wrote its journal with other bounds (another --batch-rows or
 * --batch-bytes): counting a batch as done with other bounds would skip rows never loaded,
 * so the load stops before sending a row. Every journal row records the bounds it was cut
 * with (schema version 28), so the refusal names them and where they were read: the
 * operator reruns with them. A journal written before that records none; then, when its
 * batches are all of one row count (a load before the byte cap, or one no byte cap cut),
 * that count is named, as a guess.
 */
static void journal_mismatch(const char *path, const char *kind, const char *artifact_sha,
			     const struct journal_batch *jb, const struct journal_batch *j, size_t n, const char *ours)
{
	char hint[400] = "";
	if (jb->batch_rows && jb->batch_bytes) {
		snprintf(hint, sizeof(hint),
			 ": the interrupted load cut it with --batch-rows %llu --batch-bytes %llu (recorded with the "
			 "batch in the target's pggit_audit.load_journal, batch_key '%s:%s:%llu'); rerun with "
			 "--batch-rows %llu --batch-bytes %llu (under pggit-audit run, BATCH_ROWS=%llu BATCH_BYTES=%llu)",
			 jb->batch_rows, jb->batch_bytes, kind, artifact_sha, jb->batch_no, jb->batch_rows,
			 jb->batch_bytes, jb->batch_rows, jb->batch_bytes);
	} else {
		unsigned long long size = 0;
		int uniform = 1;
		for (size_t i = 0; i < n && uniform; i++) {
			unsigned long long s =
				j[i].batch_no ? (j[i].first_row - 1) / j[i].batch_no : j[i].row_count;
			if (j[i].batch_no && (j[i].first_row - 1) % j[i].batch_no)
				uniform = 0;
			else if (!size)
				size = s;
			else if (s != size)
				uniform = 0;
		}
		int len = snprintf(hint, sizeof(hint),
				   ": the interrupted load used other bounds, which the target's pggit_audit.load_journal "
				   "does not record (loaded before schema version 28); rerun with its --batch-rows and "
				   "--batch-bytes (under pggit-audit run, BATCH_ROWS and BATCH_BYTES)");
		if (uniform && size && len > 0 && (size_t)len < sizeof(hint))
			snprintf(hint + len, sizeof(hint) - (size_t)len,
				 " (its batches look like --batch-rows %llu, BATCH_ROWS=%llu, with a byte cap "
				 "that cut none of them)", size, size);
	}
	pga_die("%s: the load journal holds batch %llu of this artifact as rows %llu-%llu, which is not a batch of "
		"this run's bounds (at most %llu rows and %llu bytes: %s)%s. Nothing was loaded",
		path, jb->batch_no, jb->first_row, jb->first_row + jb->row_count - 1, batch_rows, batch_bytes, ours,
		hint);
}

/*
 * Batches of this artifact already in the journal: done[b] = 1 for batch b. Only called
 * when the journal holds some but not all of them: the artifact is read once here without
 * sending anything, its bounds computed as the load will and compared with every journal
 * row, so a journal written with other bounds stops the load before a row is sent (read in
 * the load itself, a mismatch would show after other batches were committed). r is at
 * its first row on return (reopened).
 */
static void journal_batches(struct artifact_reader **rp, const struct kind *k,
					  const struct journal_batch *j, size_t nj, unsigned char **done_out)
{
	struct artifact_reader *r = *rp;
	char *path = xstrdup(ar_path(r));
	unsigned long long max_b = nj ? j[nj - 1].batch_no : 0;
	unsigned char *done = xcalloc(max_b + 1, 1);
	struct strbuf row_csv = STRBUF_INIT;
	struct csv_field *f;
	unsigned long long row = 0, batch_no = 0, first = 1, nrows = 0;
	size_t bytes = 0, ji = 0;
	int more;
	do {
		more = ar_next(r, &f);
		if (more) {
			row++;
			nrows++;
			strbuf_reset(&row_csv);
			csv_encode_row(&row_csv, f, k->ncols);
			bytes += row_csv.len;
		}
		if (nrows && (!more || batch_closes(nrows, bytes))) {
			while (ji < nj && j[ji].batch_no == batch_no) {
				if (j[ji].first_row != first || j[ji].row_count != nrows) {
					char ours[96];
					snprintf(ours, sizeof(ours), "its batch %llu is rows %llu-%llu", batch_no, first,
						 first + nrows - 1);
					journal_mismatch(path, k->name, ar_sha256(r), &j[ji], j, nj, ours);
				}
				done[batch_no] = 1;
				ji++;
			}
			batch_no++;
			first = row + 1;
			nrows = 0;
			bytes = 0;
		}
	} while (more && ji < nj);
	if (ji < nj)
		journal_mismatch(path, k->name, ar_sha256(r), &j[ji], j, nj, "the artifact has fewer batches");
	strbuf_release(&row_csv);
	ar_close(r);
	*rp = ar_open(path, k->cols, k->ncols);
	free(path);
	*done_out = done;
}

struct load_stats {
	unsigned long long rows, batches, batches_loaded, batches_skipped, inserted;
	unsigned long long cut_by_bytes; /* batches closed by the byte cap before batch_rows rows */
};

/* One batch of one artifact: its rows as CSV, or skip = 1 when the journal has it. */
struct batch {
	const struct kind *k;
	const char *path, *artifact_sha, *run_id; /* path: the artifact's, for messages */
	unsigned long long batch_no, first_row, nrows, inserted;
	int skip;
	struct strbuf csv;
};

/*
 * The row (from 1) of a batch's CSV that holds byte `offset` (row ends are the newlines
 * outside quotes; a doubled quote toggles twice).
 */
static unsigned long long csv_row_at(const char *csv, size_t offset)
{
	unsigned long long row = 1;
	int in_quote = 0;
	for (size_t i = 0; i < offset; i++) {
		if (csv[i] == '"')
			in_quote = !in_quote;
		else if (csv[i] == '\n' && !in_quote)
			row++;
	}
	return row;
}

/*
 * The row (from 1) of a batch's CSV that COPY's CONTEXT "line N" is in; 0 when there is
 * none. PostgreSQL's count is not quite the physical lines: it counts every row end, and a
 * newline inside quotes only once it has seen its first row end (the line-end style is
 * unknown before), so a quoted newline in the first row does not count.
 */
static unsigned long long csv_row_of_line(const char *csv, size_t len, unsigned long long line)
{
	unsigned long long at_line = 1, row = 1;
	int in_quote = 0, seen_end = 0;
	if (line == 1)
		return len ? 1 : 0;
	for (size_t i = 0; i + 1 < len; i++) {
		if (csv[i] == '"') {
			in_quote = !in_quote;
		} else if (csv[i] == '\n' && (!in_quote || seen_end)) {
			if (!in_quote) {
				row++;
				seen_end = 1;
			}
			if (++at_line == line)
				return row;
		}
	}
	return 0;
}

/* workpool function: one transaction on this thread's session holding the batch's rows and its journal row */
static void load_batch(void *item)
{
	struct batch *b = item;
	if (b->skip)
		return;
	const struct kind *k = b->k;
	PGconn *c = session();
	/* errors name the artifact and the batch's rows (a constraint of the target refusing
	 * one: the whole batch is rolled back, the journal has none of it, a rerun resumes) */
	char *what = xasprintf("loading %s batch %llu (rows %llu-%llu of %s)", k->name, b->batch_no, b->first_row,
			       b->first_row + b->nrows - 1, b->path);
	pg_exec(c, "BEGIN", what);
	char *copy = xasprintf("COPY stage_%s FROM STDIN (FORMAT csv)", k->name);
	struct pg_copy_in ci = pg_copy_in_begin(c, copy, what);
	free(copy);
	pg_copy_in_put(&ci, b->csv.buf, b->csv.len);
	fault_point("load-mid-copy");
	PGresult *failed = pg_copy_in_try_end(&ci);
	if (failed) {
		/* a row the server cannot take as it is (text that is not UTF-8, which only an
		 * artifact whose sidecar was rewritten can hold: the export and the replay refuse
		 * it, or a value the column's type refuses): the artifact's row is named. COPY's
		 * CONTEXT ("COPY stage_blobs, line 16") counts lines of the batch, not rows, and
		 * the server checks the encoding ahead of its parse, so for bytes that are not
		 * UTF-8 the row is found here by the first bad byte, otherwise from that line */
		size_t bad;
		unsigned long long n = 0;
		if (utf8_char_count(b->csv.buf, b->csv.len, &bad) < 0) {
			n = csv_row_at(b->csv.buf, bad);
		} else {
			const char *ctx = PQresultErrorField(failed, PG_DIAG_CONTEXT);
			const char *line = ctx ? strstr(ctx, ", line ") : NULL;
			if (line)
				n = csv_row_of_line(b->csv.buf, b->csv.len, strtoull(line + 7, NULL, 10));
		}
		char *msg = pg_result_error_text(failed, NULL);
		PQclear(failed);
		if (n >= 1 && n <= b->nrows)
			pga_die("%s: row %llu (%s batch %llu, rows %llu-%llu) cannot be loaded: %s", b->path,
				b->first_row + n - 1, k->name, b->batch_no, b->first_row, b->first_row + b->nrows - 1,
				msg);
		pga_die("%s: %s", what, msg);
	}
	const char *p1[] = { b->run_id, backfilled_from_v1 ? "true" : "false" };
	PGresult *r = pg_query(c, k->insert_sql, strstr(k->insert_sql, "$2") ? 2 : strstr(k->insert_sql, "$1") ? 1 : 0,
			       p1, what);
	b->inserted = strtoull(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	char bno[32], frow[32], cnt[32], ins[32], brows[32], bbytes[32];
	snprintf(bno, sizeof(bno), "%llu", b->batch_no);
	snprintf(frow, sizeof(frow), "%llu", b->first_row);
	snprintf(cnt, sizeof(cnt), "%llu", b->nrows);
	snprintf(ins, sizeof(ins), "%llu", b->inserted);
	snprintf(brows, sizeof(brows), "%llu", batch_rows);
	snprintf(bbytes, sizeof(bbytes), "%llu", batch_bytes);
	char *key = xasprintf("%s:%s:%llu", k->name, b->artifact_sha, b->batch_no);
	const char *p2[] = { key, k->name, k->file, b->artifact_sha, bno, frow, cnt, ins, b->run_id, brows, bbytes };
	r = pg_query(c,
		     "INSERT INTO pggit_audit.load_journal (batch_key, kind, artifact, artifact_sha256, batch_no, "
		     "first_row, row_count, rows_inserted, run_id, batch_rows, batch_bytes) "
		     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
		     11, p2, what);
	PQclear(r);
	free(key);
	fault_point("load-before-commit");
	pg_exec(c, "COMMIT", what);
	fault_point("load-after-commit");
	free(what);
}

/* A batch the pool is done with, in batch order: counted, reported, freed. */
static void batch_done(struct batch *b, struct load_stats *st)
{
	if (b->skip) {
		st->batches_skipped++;
	} else {
		st->batches_loaded++;
		st->inserted += b->inserted;
	}
	progress_rows(b->nrows);
	progress_chunk(b->k->name, b->batch_no, b->nrows, b->skip ? 0 : b->csv.len, b->skip);
	st->batches++;
	strbuf_release(&b->csv);
	free(b);
}

/* Load one artifact (r: opened and checked by the caller, closed here); returns once every batch is in. */
static void load_kind(struct workpool *wp, struct artifact_reader *r, const struct kind *k, const char *run_id,
		      struct load_stats *st)
{
	unsigned long long rows = ar_rows_expected(r);
	size_t nj;
	struct journal_batch *j = journal_read(session(), ar_sha256(r), &nj);
	progress_phase(k->name, rows);
	memset(st, 0, sizeof(*st));
	if (journal_complete(j, nj, rows)) {
		/* every row is in the journal's batches (a rerun after a crash late in the load,
		 * or of a finished load): nothing to send, so the rows are not even decompressed
		 * (the file itself was checked against its sidecar when it was opened); the bounds
		 * of those batches do not matter then, no row is left to batch */
		for (size_t i = 0; i < nj; i++) {
			progress_rows(j[i].row_count);
			progress_chunk(k->name, j[i].batch_no, j[i].row_count, 0, 1);
			if (i + 1 < nj && j[i].row_count < batch_rows)
				st->cut_by_bytes++;
		}
		st->rows = rows;
		st->batches = st->batches_skipped = nj;
	} else {
		unsigned char *done = NULL;
		if (nj)
			journal_batches(&r, k, j, nj, &done);
		unsigned long long nknown = nj ? j[nj - 1].batch_no + 1 : 0; /* done[] covers batches below */
		struct csv_field *f;
		struct batch *b = NULL;
		struct strbuf skipped_row = STRBUF_INIT; /* a skipped batch's rows are only measured */
		size_t bytes = 0;
		unsigned long long row = 0, batch_no = 0;
		for (;;) {
			int more = ar_next(r, &f);
			if (more) {
				row++;
				if (!b) {
					b = xcalloc(1, sizeof(*b));
					*b = (struct batch){ .k = k, .path = ar_path(r), .artifact_sha = ar_sha256(r),
							     .run_id = run_id,
							     .batch_no = batch_no, .first_row = row,
							     .skip = batch_no < nknown && done[batch_no] };
					strbuf_init(&b->csv, 0);
					bytes = 0;
				}
				if (!b->skip) {
					size_t before = b->csv.len;
					csv_encode_row(&b->csv, f, k->ncols);
					bytes += b->csv.len - before;
				} else {
					strbuf_reset(&skipped_row);
					csv_encode_row(&skipped_row, f, k->ncols);
					bytes += skipped_row.len;
				}
				b->nrows++;
			}
			if (b && (!more || batch_closes(b->nrows, bytes))) {
				if (b->nrows < batch_rows && more)
					st->cut_by_bytes++;
				if (workpool_full(wp))
					batch_done(workpool_take(wp), st);
				workpool_submit(wp, b);
				b = NULL;
				batch_no++;
			}
			if (!more)
				break;
		}
		/* the next artifact's rows may need this one's (definitions): all in first */
		struct batch *t;
		while ((t = workpool_take(wp)))
			batch_done(t, st);
		st->rows = row;
		strbuf_release(&skipped_row);
		free(done);
	}
	pga_info("%s: %llu rows in %llu batches (%llu cut by --batch-bytes): %llu batches loaded (%llu rows new), "
		 "%llu already in the journal",
		 k->name, st->rows, st->batches, st->cut_by_bytes, st->batches_loaded, st->inserted,
		 st->batches_skipped);
	free(j);
	ar_close(r);
}

/*
 * Versions are numbered over the whole history (docs/design.md), so a store that gained
 * commits sorting before versions already loaded (a branch forked from an older commit)
 * or whose history was rewritten numbers some of them differently from the target. ON
 * CONFLICT would keep the target's rows and add the rest beside them: a second version
 * of one commit, the new one never loaded. Refused before any row is sent, naming the
 * first disagreements. A target with no versions (a fresh backfill) skips the check.
 */
static void check_version_numbering(PGconn *c, const char *classify_dir)
{
	PGresult *r = pg_query(c, "SELECT EXISTS (SELECT 1 FROM pggit_audit.object_versions)", 0, NULL,
			       "checking the target's versions");
	int any = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!any)
		return;
	const struct kind *k = &kinds[NKINDS - 1];
	char *path = path_join(classify_dir, k->file);
	struct artifact_reader *ar = ar_open(path, k->cols, k->ncols);
	pg_exec(c, "BEGIN", "checking the target's versions");
	struct pg_copy_in ci = pg_copy_in_begin(c, "COPY stage_versions FROM STDIN (FORMAT csv)",
						"checking the target's versions");
	struct strbuf csv = STRBUF_INIT;
	struct csv_field *f;
	while (ar_next(ar, &f)) {
		csv_encode_row(&csv, f, k->ncols);
		if (csv.len >= 1 << 20) {
			pg_copy_in_put(&ci, csv.buf, csv.len);
			strbuf_reset(&csv);
		}
	}
	pg_copy_in_put(&ci, csv.buf, csv.len);
	pg_copy_in_end(&ci);
	strbuf_release(&csv);
	ar_close(ar);
	r = pg_query(c,
		     "SELECT count(*) OVER (), s.object_schema, s.object_name, s.version_number, o.commit_sha, "
		     "o.blob_sha, s.commit_sha, s.blob_sha FROM stage_versions s JOIN pggit_audit.object_versions o "
		     "ON o.object_schema = s.object_schema AND o.object_name = s.object_name "
		     "AND o.version_number = s.version_number "
		     "WHERE o.commit_sha <> s.commit_sha OR o.blob_sha <> s.blob_sha "
		     "ORDER BY 2, 3, 4 LIMIT 3",
		     0, NULL, "checking the target's versions");
	int n = PQntuples(r);
	for (int i = 0; i < n; i++)
		pga_error("%s: %s.%s version %s: the target has it from commit %s (blob %s), this run from commit "
			  "%s (blob %s)",
			  path, dv(PQgetvalue(r, i, 1)), dv(PQgetvalue(r, i, 2)), PQgetvalue(r, i, 3),
			  dv(PQgetvalue(r, i, 4)), dv(PQgetvalue(r, i, 5)), dv(PQgetvalue(r, i, 6)),
			  dv(PQgetvalue(r, i, 7)));
	if (n > 0)
		pga_die("%s version%s of this run disagree with the target's: the store gained commits that sort "
			"before versions already loaded (a branch forked from an older commit) or its history was "
			"rewritten, and versions are numbered over the whole history; nothing was loaded. Backfill "
			"this store into a fresh target (docs/runbook.md)",
			PQgetvalue(r, 0, 0), atoll(PQgetvalue(r, 0, 0)) == 1 ? "" : "s");
	PQclear(r);
	pg_exec(c, "ROLLBACK", "checking the target's versions");
	free(path);
}

/* The run id: derived from the content loaded, so the same artifacts give the same id. */
static void compute_run_id(const char *dir, char run_id[33])
{
	struct strbuf s = STRBUF_INIT;
	for (size_t i = 0; i < NKINDS; i++) {
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
	printf("usage: pggit-audit-load [--target CONNINFO] --classify DIR --outdir DIR [--batch-rows N]\n"
	       "                        [--batch-bytes N] [--jobs N]\n\n"
	       "Load DIR/{blobs,changes,versions}.csv.zst into pggit_audit (target database) with COPY,\n"
	       "in batches of at most --batch-rows rows (default 5000) and about --batch-bytes bytes of\n"
	       "CSV (a batch ends with the row that reaches it; default 8388608, 8 MiB); each batch\n"
	       "commits together with its load_journal row, so a rerun after a crash skips finished\n"
	       "batches (it must use the same two bounds). Writes OUTDIR/report.json.\n\n"
	       "  --target CONNINFO  any libpq conninfo; default $PGGIT_AUDIT_TARGET, then $PGGIT_AUDIT_SOURCE\n"
	       "  --jobs N           load batches over N connections at once (1 to 16, default 2)\n"
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
		{ "batch-bytes", required_argument, NULL, 'B' },
		{ "backfilled-from-v1", no_argument, NULL, '1' }, { "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },             { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-load");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
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
		case 'B':
			/* at most 1 GiB: the load holds up to load_jobs + 2 batches at once */
			batch_bytes = parse_count_option("batch-bytes", optarg, 1, 1ULL << 30);
			break;
		case 'j': load_jobs = (unsigned)parse_count_option("jobs", optarg, 1, MAX_JOBS); break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-load %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!classify_dir || !outdir || optind != argc)
		usage(2);
	target_conninfo = conninfo_pick(target, "PGGIT_AUDIT_TARGET", getenv("PGGIT_AUDIT_SOURCE"), "target");
	make_outdir(outdir);
	artifact_clean_tmp(outdir); /* a report's temporary left by a killed load */
	char run_id[33];
	compute_run_id(classify_dir, run_id);
	/* check every artifact (sidecar, size, SHA-256, header) before sending a single row;
	 * the readers stay open for the load */
	struct artifact_reader *readers[NKINDS];
	for (size_t i = 0; i < NKINDS; i++) {
		char *p = path_join(classify_dir, kinds[i].file);
		readers[i] = ar_open(p, kinds[i].cols, kinds[i].ncols);
		free(p);
	}

	progress_begin("load");
	PGconn *c = session();
	check_version_numbering(c, classify_dir);
	/* window: a batch per connection and one queued, so that no connection waits while
	   the main thread reads the next batch (with load_jobs it sent one itself meanwhile:
	   1.13 s against 1.00 s at 10k; 2 x load_jobs: 0.99 s); a batch is held at most
	   load_jobs + 2 times (the one being read) */
	struct workpool *wp = workpool_new(load_jobs, load_jobs + 1, load_batch);
	json_t *report = json_pack("{s:s, s:I, s:I}", "run_id", run_id, "batch_rows", (json_int_t)batch_rows,
				   "batch_bytes", (json_int_t)batch_bytes);
	json_t *per_kind = json_object();
	for (size_t i = 0; i < NKINDS; i++) {
		struct load_stats st;
		load_kind(wp, readers[i], &kinds[i], run_id, &st);
		json_object_set_new(per_kind, kinds[i].name,
				    json_pack("{s:I, s:I, s:I}", "rows", (json_int_t)st.rows, "batches", (json_int_t)st.batches,
					      "batches_cut_by_bytes", (json_int_t)st.cut_by_bytes));
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
	workpool_free(wp);
	sessions_close();
	json_object_set_new(report, "artifacts", per_kind);
	char *rp = path_join(outdir, "report.json");
	artifact_write_json(rp, report);
	free(rp);
	json_decref(report);
	progress_end();
	return 0;
}
