/*
 * rollback.c - pggit-audit-rollback: undo what one pipeline run loaded into
 * the target, by run id, in one transaction, through
 * pggit_audit.rollback_run() (sql/migrations/007_rollback.sql):
 *
 *   before verification  the run's changes, object_versions and load_journal
 *                        rows are deleted, then the blob rows the run inserted
 *                        that no row references any more: the target is as
 *                        before the run
 *   after verification   nothing is deleted (compliance_log is append-only and
 *                        references the changes): ROLLED_BACK rows are appended
 *                        and the run's rows are marked superseded
 *
 * The run id is the one the loader wrote to WORKDIR/load/report.json, or, when
 * the load never finished, the one it derives from the classify artifacts (the
 * same computation, so a crashed load can be rolled back too). After a delete,
 * the work directory's load and verify reports are moved into
 * WORKDIR/rollback/, so that `pggit-audit run` loads and verifies again.
 * A run loaded after this one may build on its rows (its changes' old sides,
 * its version numbers), so rolling back a run that is not the last one still
 * live is refused unless --force. Writes WORKDIR/rollback/report.json.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "artifact.h"
#include "formats.h"
#include "atomicfile.h"
#include "conninfo.h"
#include "pgconn.h"
#include "runner.h"
#include "runner_lock.h"
#include "strbuf.h"
#include "util.h"

#define SCHEMA_VERSION_REQUIRED 10 /* blobs.run_id: a rollback deletes only the blob rows its run inserted */


/* The run id the loader derives from the classify artifacts (stages/load.c), or NULL if they are missing. */
static char *run_id_from_classify(const char *workdir)
{
	static const char *const files[] = { "classify/blobs.csv.zst", "classify/changes.csv.zst",
					     "classify/versions.csv.zst" };
	struct strbuf s = STRBUF_INIT;
	for (size_t i = 0; i < 3; i++) {
		char *p = path_join(workdir, files[i]);
		sha256_hex_t sha;
		int rc = artifact_meta(p, sha, NULL);
		free(p);
		if (rc < 0) {
			strbuf_release(&s);
			return NULL;
		}
		strbuf_addstr(&s, sha);
	}
	sha256_hex_t d;
	sha256_hex(s.buf, s.len, d);
	strbuf_release(&s);
	return xstrndup(d, 32);
}

/* The run_id of the JSON file path (what names it in an error), or NULL when there is no such file. */
static char *run_id_of_file(const char *path, const char *what)
{
	if (access(path, F_OK) < 0)
		return NULL;
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);
	if (!j)
		pga_die("%s: cannot read %s: %s", path, what, e.text);
	const char *id = json_string_value(json_object_get(j, "run_id"));
	if (!id)
		pga_die("%s: no run_id", path);
	char *out = xstrdup(id);
	json_decref(j);
	return out;
}

/* run_id of WORKDIR/load/report.json, or NULL when there is no such report. */
static char *run_id_from_load_report(const char *path)
{
	return run_id_of_file(path, "the load report");
}

/* Move WORKDIR/NAME/report.json to WORKDIR/rollback/NAME-report.json (if present). */
static void retire_report(const char *workdir, const char *outdir, const char *name)
{
	char *from = xasprintf("%s/%s/report.json", workdir, name);
	char *to = xasprintf("%s/%s-report.json", outdir, name);
	if (rename(from, to) == 0) {
		fsync_parent_dir(from);
		fsync_parent_dir(to);
		pga_info("moved %s to %s: the next pggit-audit run loads and verifies again", from, to);
	} else if (errno != ENOENT) {
		pga_die_errno("cannot move %s to %s", from, to);
	}
	free(from);
	free(to);
}

/*
 * WORKDIR/rollback/pending.json names a run whose deleting rollback is about to commit. A
 * crash after the COMMIT but before the reports were moved left load/report.json in
 * place: the next run skipped the load ("up to date") over an emptied target and its
 * verification failed, while a second rollback found "nothing to roll back" and moved
 * nothing. With the intent on disk first, that second rollback completes the first.
 */
static char *pending_run_id(const char *path)
{
	return run_id_of_file(path, "the interrupted rollback's record (remove it if no rollback was interrupted)");
}

/*
 * A statement of the rollback's transaction, before its COMMIT, that fails leaves the target
 * as it was; the server's message alone (a row-level security policy's "query would be
 * affected by row-level security policy for table ...", a lock or permission error) did not
 * say so, and left the operator to wonder how much of the run was gone.
 */
static void die_undone(PGconn *c, PGresult *r, const char *what, const char *sql)
{
	char *msg = pg_result_error_text(r, sql);
	if (!*msg) {
		free(msg);
		msg = xstrdup(PQerrorMessage(c));
	}
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	int rls = state && !strcmp(state, "42501") && strstr(msg, "row-level security");
	PQclear(r);
	pga_die("%s: %s\n%sNothing was rolled back: the transaction was undone and the target is unchanged", what,
		msg,
		rls ? "The policy would hide rows of the run from the rollback, which would then remove only part of "
		      "the run; the server refused instead. "
		    : "");
}

/* pg_query() inside the rollback's transaction: see die_undone() */
static PGresult *undone_query(PGconn *c, const char *sql, int nparams, const char *const *params, const char *what)
{
	PGresult *r = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		die_undone(c, r, what, sql);
	return r;
}

/*
 * Runs whose first batch was loaded after this run's first batch and that are not
 * rolled back themselves (a deleted run has no journal rows left; a superseded one
 * has its run-level ROLLED_BACK row): they may build on this run's rows, whose
 * removal would leave them changes without their previous version. Taken under
 * the locks rollback_run() takes, so no load slips in between; --force only warns.
 */
static void refuse_if_built_on(PGconn *c, const char *run_id, int force)
{
	PQclear(undone_query(c,
			     "LOCK TABLE pggit_audit.changes, pggit_audit.object_versions, pggit_audit.load_journal, "
			     "pggit_audit.blobs IN SHARE ROW EXCLUSIVE MODE",
			     0, NULL, "locking the audit tables"));
	const char *params[] = { run_id };
	PGresult *r = undone_query(c,
				   "SELECT j.run_id, to_char(min(j.loaded_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
				   "FROM pggit_audit.load_journal j "
				   "WHERE j.run_id IS DISTINCT FROM $1 "
				   "AND NOT EXISTS (SELECT 1 FROM pggit_audit.compliance_log l WHERE l.run_id = j.run_id "
				   "AND l.change_id IS NULL AND l.verification_status = 'ROLLED_BACK') "
				   "GROUP BY j.run_id "
				   "HAVING min(j.loaded_at) > (SELECT min(m.loaded_at) FROM pggit_audit.load_journal m "
				   "WHERE m.run_id = $1) "
				   "ORDER BY 2, 1",
				   1, params, "looking for runs loaded after this one");
	int n = PQntuples(r);
	for (int i = 0; i < n; i++)
		(force ? pga_warn : pga_error)("run %s was loaded after run %s (at %s UTC) and is not rolled back: it may "
					       "build on this run's rows",
					       PQgetisnull(r, i, 0) ? "(without a run id)" : PQgetvalue(r, i, 0), run_id,
					       PQgetvalue(r, i, 1));
	PQclear(r);
	if (n && !force)
		pga_die("refusing to roll back run %s before the %d run(s) loaded after it: roll those back first "
			"(newest first), or give --force. Nothing was rolled back: the transaction was undone and the "
			"target is unchanged",
			run_id, n);
}

/*
 * Only the owner of rollback_run() (the role that installed the schema), its members and
 * superusers may run it; the pipeline's roles have no DELETE or UPDATE by design. Such a
 * role used to get "permission denied for table changes" from the lock below, which says
 * neither that this is expected nor who may roll back. A member of the owner that does not
 * inherit its rights (NOINHERIT) has them only after SET ROLE: it used to get "permission
 * denied for schema pggit_audit", and the refusal said a member may roll back. The tool does
 * not take the owner's role on its own, since NOINHERIT asks for that step to be explicit;
 * the refusal says how. Read from the catalog alone, which any role may read: a role without
 * USAGE on the schema is answered too. No row: no rollback_run(), the version check says so.
 */
static void refuse_unless_owner(PGconn *c)
{
	PGresult *r = pg_query(c,
			       "SELECT has_function_privilege(p.oid, 'EXECUTE') AND has_schema_privilege(n.oid, 'USAGE'), "
			       "p.proowner::regrole::text, current_user::text, pg_has_role(p.proowner, 'MEMBER') "
			       "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
			       "WHERE n.nspname = 'pggit_audit' AND p.proname = 'rollback_run' "
			       "AND pg_catalog.oidvectortypes(p.proargtypes) = 'text, text, text[]'",
			       0, NULL, "checking the right to roll back");
	if (PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t")) {
		const char *owner = PQgetvalue(r, 0, 1), *role = PQgetvalue(r, 0, 2);
		if (!strcmp(PQgetvalue(r, 0, 3), "t"))
			pga_die("role %s is a member of %s, the owner of pggit_audit.rollback_run(), but does not inherit "
				"its rights (NOINHERIT): roll back as %s, e.g. with options='-c role=%s' in the target "
				"conninfo. Nothing was rolled back",
				role, owner, owner, owner);
		pga_die("role %s may not run pggit_audit.rollback_run(): the rollback needs its owner (%s), a member "
			"of that role or a superuser; the pipeline's roles may not delete. Nothing was rolled back",
			role, owner);
	}
	PQclear(r);
}

/*
 * Hold the work directory's run lock for the whole rollback: a `pggit-audit run`
 * still loading into the target would go on loading batches after the rollback
 * (its committed ones deleted, the rest not), then verify and record FAILED rows in
 * the append-only compliance_log; and no run may start while the reports move.
 */
static void lock_workdir(const char *workdir, struct runner_lock *lk)
{
	char *statedir = path_join(workdir, RUNNER_STATE_DIR);
	struct stat st;
	if (stat(statedir, &st) == 0 && S_ISDIR(st.st_mode)) {
		struct strbuf err = STRBUF_INIT;
		if (runner_lock_acquire(lk, statedir, &err) < 0)
			pga_die("%s\nnothing was rolled back: stop that run first (Ctrl-C, or wait for it to end), "
				"then roll back", err.buf);
		strbuf_release(&err);
	}
	free(statedir);
}

static void usage(int status)
{
	printf("usage: pggit-audit-rollback --workdir DIR [--target CONNINFO] [--run-id ID] [--reason TEXT]\n"
	       "                            [--dry-run]\n\n"
	       "Remove from the target exactly what the run of work directory DIR loaded (its run id,\n"
	       "from DIR/load/report.json or the classify artifacts), in one transaction:\n"
	       "  not yet verified: its changes, object_versions and load_journal rows are deleted,\n"
	       "                    and the blob rows it inserted that nothing references any more;\n"
	       "  verified:         compliance_log is append-only, so ROLLED_BACK rows are appended\n"
	       "                    and the run's rows are marked superseded (they stay as evidence).\n"
	       "Writes DIR/rollback/report.json. Needs the schema owner or a superuser.\n\n"
	       "  --target CONNINFO  default $PGGIT_AUDIT_TARGET, then $PGGIT_AUDIT_SOURCE\n"
	       "  --run-id ID        roll back this run id (must match DIR's when DIR has one)\n"
	       "  --reason TEXT      recorded in the notes of the ROLLED_BACK rows\n"
	       "  --force            roll back even though a later run, not rolled back, was loaded after it\n"
	       "  --dry-run          say what would be done, change nothing (the transaction is rolled back)\n");
	exit(status);
}

int main(int argc, char **argv)
{
	const char *target = NULL, *workdir = NULL, *given_id = NULL, *reason = NULL;
	int dry_run = 0, force = 0;
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },  { "workdir", required_argument, NULL, 'w' },
		{ "run-id", required_argument, NULL, 'r' },  { "reason", required_argument, NULL, 'R' },
		{ "dry-run", no_argument, NULL, 'n' },       { "quiet", no_argument, NULL, 'q' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },          { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-rollback");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	while ((ch = getopt_long(argc, argv, "qhn", opts, NULL)) != -1) {
		switch (ch) {
		case 't': target = optarg; break;
		case 'w': workdir = optarg; break;
		case 'r': given_id = optarg; break;
		case 'R': reason = optarg; break;
		case 'n': dry_run = 1; break;
		case 'f': force = 1; break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-rollback %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!workdir || optind != argc)
		usage(2);
	target = conninfo_pick(target, "PGGIT_AUDIT_TARGET", getenv("PGGIT_AUDIT_SOURCE"), "target");
	static struct runner_lock lock; /* static: released by the exit handler too */
	lock_workdir(workdir, &lock);

	char *outdir = path_join(workdir, "rollback");
	char *load_report = path_join(workdir, "load/report.json");
	char *retired_report = path_join(outdir, "load-report.json");
	char *id_load = run_id_from_load_report(load_report);
	if (!id_load)
		id_load = run_id_from_load_report(retired_report); /* a second rollback after a delete */
	char *id_classify = run_id_from_classify(workdir);
	if (id_load && id_classify && strcmp(id_load, id_classify))
		pga_die("%s says run %s but the classify artifacts give run %s: the work directory changed after the load",
			load_report, id_load, id_classify);
	const char *run_id = id_load ? id_load : id_classify;
	if (given_id && run_id && strcmp(given_id, run_id))
		pga_die("--run-id %s is not the run of %s (%s)", given_id, workdir, run_id);
	if (given_id)
		run_id = given_id;
	if (!run_id)
		pga_die("%s has no load report and no classify artifacts: no run to roll back (give --run-id)", workdir);

	PGconn *c = pg_connect(target, "target");
	/* a row a policy hides would be neither counted nor deleted: the server refuses instead */
	pg_refuse_row_security(c, "refusing target rows hidden by row-level security");
	refuse_unless_owner(c);
	PGresult *r = pg_query(c,
			       "SELECT CASE WHEN to_regclass('pggit_audit.schema_version') IS NULL THEN -1 "
			       "ELSE (SELECT coalesce(max(version), 0) FROM pggit_audit.schema_version) END",
			       0, NULL, "reading the target schema version");
	int version = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (version < 0)
		pga_die("the target database has no pggit_audit schema: nothing was loaded there");
	if (version < SCHEMA_VERSION_REQUIRED)
		pga_die("the target's pggit_audit schema is version %d; rollback needs version %d: upgrade it with "
			"pggit-audit install-schema (as a superuser)",
			version, SCHEMA_VERSION_REQUIRED);

	char *pending_path = path_join(outdir, "pending.json");
	char *pending = pending_run_id(pending_path);
	pg_exec(c, "BEGIN", "starting the rollback");
	refuse_if_built_on(c, run_id, force);
	const char *params[] = { run_id, reason };
	r = undone_query(c, "SELECT mode, changes, versions, journal_rows, blobs, log_id FROM pggit_audit.rollback_run($1, $2)",
			 2, params, "rolling back the run");
	json_t *rep = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:b}", "run_id", run_id, "mode", PQgetvalue(r, 0, 0),
				"changes", (json_int_t)strtoll(PQgetvalue(r, 0, 1), NULL, 10), "versions",
				(json_int_t)strtoll(PQgetvalue(r, 0, 2), NULL, 10), "load_journal_rows",
				(json_int_t)strtoll(PQgetvalue(r, 0, 3), NULL, 10), "blobs",
				(json_int_t)strtoll(PQgetvalue(r, 0, 4), NULL, 10), "dry_run", dry_run);
	json_object_set_new(rep, "rolled_back_log_id",
			    PQgetisnull(r, 0, 5) ? json_null() : json_integer(strtoll(PQgetvalue(r, 0, 5), NULL, 10)));
	int deleted = !strcmp(PQgetvalue(r, 0, 0), "deleted");
	int completing = !deleted && pending && !strcmp(pending, run_id) &&
			 !strcmp(PQgetvalue(r, 0, 0), "nothing to roll back");
	pga_info("%srun %s: %s: %s changes, %s object versions, %s load_journal rows, %s blobs%s%s", dry_run ? "[dry run] " : "",
		 run_id, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3),
		 PQgetvalue(r, 0, 4), PQgetisnull(r, 0, 5) ? "" : "; ROLLED_BACK recorded as log_id ",
		 PQgetisnull(r, 0, 5) ? "" : PQgetvalue(r, 0, 5));
	PQclear(r);
	if (dry_run) {
		pg_exec(c, "ROLLBACK", "ending the dry run");
		pga_info("dry run: nothing was changed");
	} else {
		if (deleted) {
			make_outdir(outdir);
			json_t *intent = json_pack("{s:s}", "run_id", run_id);
			artifact_write_json(pending_path, intent);
			json_decref(intent);
		}
		fault_point("rollback-before-commit");
		pg_exec(c, "COMMIT", "committing the rollback");
		fault_point("rollback-after-commit");
	}
	PQfinish(c);

	if (!dry_run) {
		make_outdir(outdir);
		if (completing)
			pga_info("run %s was rolled back by an earlier rollback that stopped before moving the "
				 "work directory's reports: moving them now", run_id);
		if (deleted || completing) {
			retire_report(workdir, outdir, "load");
			retire_report(workdir, outdir, "verify");
		}
		char *rp = path_join(outdir, "report.json");
		artifact_write_json(rp, rep);
		free(rp);
		if (unlink(pending_path) < 0 && errno != ENOENT)
			pga_die_errno("cannot remove %s", pending_path);
		fsync_parent_dir(pending_path);
	}
	free(pending_path);
	free(pending);
	json_decref(rep);
	free(id_load);
	free(id_classify);
	free(outdir);
	free(load_report);
	free(retired_report);
	runner_lock_release(&lock);
	return 0;
}
