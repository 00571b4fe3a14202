/*
 * load.c - pggit-audit-load: the fourth stage. Loads the classify stage's
 * artifacts into the pggit_audit schema of the target database with COPY, in
 * batches. Each batch is one transaction holding its rows AND its row in
 * pggit_audit.load_journal (keyed by artifact SHA-256 and batch number), so
 * after a crash a rerun skips exactly the batches that committed and redoes
 * the ones that did not: nothing lost, nothing duplicated. Rows are inserted
 * with ON CONFLICT DO NOTHING on their content-derived ids as a second guard
 * (a later run over a store that has grown adds only the new rows).
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
#include "atomicfile.h"
#include "conninfo.h"
#include "pgconn.h"
#include "progress.h"
#include "strbuf.h"
#include "util.h"
#include "workpool.h"

/* the advisory lock of a load into a target: 'pgit' 'load' as a bigint */
#define LOAD_LOCK_KEY "8099558403605487972"
#define SCHEMA_VERSION_REQUIRED 13 /* 10: blobs.run_id; 11-13: the guards and grants a load relies on */

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
				"batch of %llu rows: rerun with the batch size of the load that wrote it, %llu "
				"(--batch-rows %llu; under pggit-audit run, BATCH_ROWS=%llu)",
				path, b, first, first + count - 1, batch_rows, b ? (first - 1) / b : count,
				b ? (first - 1) / b : count, b ? (first - 1) / b : count);
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

/* One batch of one artifact: its rows as CSV, or skip = 1 when the journal has it. */
struct batch {
	const struct kind *k;
	const char *artifact_sha, *run_id;
	unsigned long long batch_no, first_row, nrows, inserted;
	int skip;
	struct strbuf csv;
};

/* workpool function: one transaction on this thread's session holding the batch's rows and its journal row */
static void load_batch(void *item)
{
	struct batch *b = item;
	if (b->skip)
		return;
	const struct kind *k = b->k;
	PGconn *c = session();
	char what[160];
	snprintf(what, sizeof(what), "loading %s batch %llu (rows %llu-%llu)", k->name, b->batch_no, b->first_row,
		 b->first_row + b->nrows - 1);
	pg_exec(c, "BEGIN", what);
	char *copy = xasprintf("COPY stage_%s FROM STDIN (FORMAT csv)", k->name);
	struct pg_copy_in ci = pg_copy_in_begin(c, copy, what);
	free(copy);
	pg_copy_in_put(&ci, b->csv.buf, b->csv.len);
	fault_point("load-mid-copy");
	pg_copy_in_end(&ci);
	const char *p1[] = { b->run_id, backfilled_from_v1 ? "true" : "false" };
	PGresult *r = pg_query(c, k->insert_sql, strstr(k->insert_sql, "$2") ? 2 : strstr(k->insert_sql, "$1") ? 1 : 0,
			       p1, what);
	b->inserted = strtoull(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	char bno[32], frow[32], cnt[32], ins[32];
	snprintf(bno, sizeof(bno), "%llu", b->batch_no);
	snprintf(frow, sizeof(frow), "%llu", b->first_row);
	snprintf(cnt, sizeof(cnt), "%llu", b->nrows);
	snprintf(ins, sizeof(ins), "%llu", b->inserted);
	char *key = xasprintf("%s:%s:%llu", k->name, b->artifact_sha, b->batch_no);
	const char *p2[] = { key, k->name, k->file, b->artifact_sha, bno, frow, cnt, ins, b->run_id };
	r = pg_query(c,
		     "INSERT INTO pggit_audit.load_journal (batch_key, kind, artifact, artifact_sha256, batch_no, "
		     "first_row, row_count, rows_inserted, run_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		     9, p2, what);
	PQclear(r);
	free(key);
	fault_point("load-before-commit");
	pg_exec(c, "COMMIT", what);
	fault_point("load-after-commit");
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
	unsigned long long nb = (rows + batch_rows - 1) / batch_rows;
	unsigned char *done;
	unsigned long long ndone = journal_batches(session(), ar_path(r), ar_sha256(r), rows, nb, &done);
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
		struct csv_field *f;
		struct batch *b = NULL;
		unsigned long long row = 0, batch_no = 0;
		for (;;) {
			int more = ar_next(r, &f);
			if (more) {
				row++;
				if (!b) {
					b = xcalloc(1, sizeof(*b));
					*b = (struct batch){ .k = k, .artifact_sha = ar_sha256(r), .run_id = run_id,
							     .batch_no = batch_no, .first_row = row,
							     .skip = batch_no < nb && done[batch_no] };
					strbuf_init(&b->csv, 0);
				}
				if (!b->skip)
					csv_encode_row(&b->csv, f, k->ncols);
				b->nrows++;
			}
			if (b && (!more || b->nrows == batch_rows)) {
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
	}
	pga_info("%s: %llu rows in %llu batches: %llu batches loaded (%llu rows new), %llu already in the journal",
		 k->name, st->rows, st->batches, st->batches_loaded, st->inserted, st->batches_skipped);
	free(done);
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
	printf("usage: pggit-audit-load [--target CONNINFO] --classify DIR --outdir DIR [--batch-rows N] [--jobs N]\n\n"
	       "Load DIR/{blobs,changes,versions}.csv.zst into pggit_audit (target database) with COPY,\n"
	       "in batches of N rows (default 5000); each batch commits together with its load_journal\n"
	       "row, so a rerun after a crash skips finished batches. Writes OUTDIR/report.json.\n\n"
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
	json_t *report = json_pack("{s:s, s:I}", "run_id", run_id, "batch_rows", (json_int_t)batch_rows);
	json_t *per_kind = json_object();
	for (size_t i = 0; i < NKINDS; i++) {
		struct load_stats st;
		load_kind(wp, readers[i], &kinds[i], run_id, &st);
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
