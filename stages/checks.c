/*
 * checks.c - pggit-audit-checks: the pre-flight (go/no-go) checks of a
 * rehearsal or a cutover, run before anything is exported or loaded:
 *
 *   connectivity   both databases answer; the target is writable (not a standby,
 *                  not read-only)
 *   privileges     the source role may read the four pggit_v0 tables; the target
 *                  role may install or upgrade the schema (when needed), load,
 *                  verify and create temporary tables
 *   source         cheap integrity checks of the store in SQL (the diff stage
 *                  verifies every hash later): commits have commit objects and
 *                  their trees exist, parents exist, refs point at objects, shas
 *                  are well-formed, objects and refs have a type of the contract
 *                  (and refs a name), every commit object hashes to its sha
 *   disk           the work directory's file system has room for the artifacts
 *   schema         the target's pggit_audit version is one the installer can
 *                  bring to its own version (absent, older or equal; not newer)
 *   encoding       the target's encoding can hold every definition of the store
 *                  (a LATIN1 target and a definition holding an emoji would stop
 *                  the load at that batch, hours into the window)
 *
 * Every check is printed ("ok", "warning" or "FAILED" with the reason) and
 * written to OUTDIR/report.json together with the measured size of the source
 * (estimate_source.h), which `pggit-audit estimate` reads from a rehearsal.
 * Exit status 1 when any check failed (the report is written first), so the
 * runner stops the pipeline before the export.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "display.h"
#include "artifact.h"
#include "estimate_source.h"
#include "conninfo.h"
#include "pgconn.h"
#include "progress.h"
#include "strbuf.h"
#include "util.h"

struct checks {
	json_t *list; /* array of {"check","status","detail"} in the order run */
	int failed, warned;
};

/* Record one check; status is "ok", "warning" or "FAILED". */
static void record(struct checks *ck, const char *name, const char *status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void record(struct checks *ck, const char *name, const char *status, const char *fmt, ...)
{
	va_list ap;
	struct strbuf detail = STRBUF_INIT;
	char buf[2048];
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	strbuf_addstr(&detail, buf);
	json_array_append_new(ck->list, json_pack("{s:s, s:s, s:s}", "check", name, "status", status, "detail",
						  detail.buf));
	/* report.json keeps the detail as it is (JSON escapes it); on the terminal a store
	   value inside it (a ref name, a sha that is not hex) must not break the line */
	if (!strcmp(status, "FAILED")) {
		ck->failed++;
		pga_error("FAILED  %s: %s", name, dt(detail.buf));
	} else if (!strcmp(status, "warning")) {
		ck->warned++;
		pga_warn("%s: %s", name, dt(detail.buf));
	} else {
		pga_info("ok      %s: %s", name, dt(detail.buf));
	}
	strbuf_release(&detail);
}

/* Connect without dying; NULL and the reason (made safe to print by pg_try_connect) in err. */
static PGconn *try_connect(const char *conninfo, struct strbuf *err)
{
	char *msg = NULL;
	PGconn *c = pg_try_connect(conninfo, &msg);
	if (!c) {
		strbuf_addstr(err, msg);
		free(msg);
		return NULL;
	}
	return c;
}

/* A query that may fail (missing rights): NULL and the server's message in err. */
static PGresult *try_query(PGconn *c, const char *sql, int nparams, const char *const *params, struct strbuf *err)
{
	PGresult *r = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		char *msg = pg_result_error_text(r, sql);
		strbuf_reset(err);
		strbuf_addstr(err, msg);
		free(msg);
		PQclear(r);
		return NULL;
	}
	return r;
}

static int is_true(PGresult *r, int row, int col)
{
	return !PQgetisnull(r, row, col) && !strcmp(PQgetvalue(r, row, col), "t");
}

/* The highest migration number in the generated installer (its "-- ---- migration NNN_" lines), or -1. */
static int installer_version(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		pga_die_errno("cannot open %s", path);
	char line[4096];
	int best = -1;
	while (fgets(line, sizeof(line), fp)) {
		int v;
		if (sscanf(line, "-- ---- migration %3d_", &v) == 1 && v > best)
			best = v;
	}
	fclose(fp);
	return best;
}

static void check_source(struct checks *ck, const char *conninfo, json_t *report)
{
	struct strbuf err = STRBUF_INIT;
	PGconn *c = try_connect(conninfo, &err);
	if (!c) {
		record(ck, "connectivity.source", "FAILED", "cannot connect to the source database: %s", err.buf);
		record(ck, "privileges.source", "FAILED", "not checked: no connection");
		record(ck, "source.integrity", "FAILED", "not checked: no connection");
		strbuf_release(&err);
		return;
	}
	/* as the export reads it: a check over the rows a policy lets through would pass a subset */
	pg_refuse_row_security(c, "refusing rows hidden by row-level security");
	PGresult *r = try_query(c, "SELECT current_database(), current_setting('server_version'), current_user", 0,
				NULL, &err);
	if (!r)
		pga_die("source: %s", err.buf);
	record(ck, "connectivity.source", "ok", "PostgreSQL %s, database %s, role %s", PQgetvalue(r, 0, 1),
	       PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 2));
	PQclear(r);

	/* privileges: the export reads the four tables in one snapshot */
	/* to_regclass() itself fails without USAGE on the schema, so the tables are looked at only then */
	r = try_query(c,
		      "SELECT to_regnamespace('pggit_v0') IS NOT NULL, "
		      "to_regnamespace('pggit_v0') IS NOT NULL AND has_schema_privilege('pggit_v0', 'USAGE')",
		      0, NULL, &err);
	if (!r)
		pga_die("source: %s", err.buf);
	if (is_true(r, 0, 1)) {
		PQclear(r);
		r = try_query(c,
			      "SELECT true, true, "
			      "(SELECT string_agg(t, ', ' ORDER BY o) FROM unnest(ARRAY['pggit_v0.objects', "
			      "'pggit_v0.commit_graph', 'pggit_v0.tree_entries', 'pggit_v0.refs']) WITH ORDINALITY AS u(t, o) "
			      "WHERE to_regclass(t) IS NULL), "
			      "(SELECT string_agg(t, ', ' ORDER BY o) FROM unnest(ARRAY['pggit_v0.objects', "
			      "'pggit_v0.commit_graph', 'pggit_v0.tree_entries', 'pggit_v0.refs']) WITH ORDINALITY AS u(t, o) "
			      "WHERE to_regclass(t) IS NOT NULL AND NOT has_table_privilege(t, 'SELECT'))",
			      0, NULL, &err);
		if (!r)
			pga_die("source: %s", err.buf);
	}
	int readable = 0;
	if (!is_true(r, 0, 0))
		record(ck, "privileges.source", "FAILED", "the source database has no schema pggit_v0 (is this the pgGit store?)");
	else if (!is_true(r, 0, 1))
		record(ck, "privileges.source", "FAILED", "the source role may not use schema pggit_v0: GRANT USAGE ON SCHEMA pggit_v0");
	else if (!PQgetisnull(r, 0, 2))
		record(ck, "privileges.source", "FAILED", "tables missing from the source: %s", PQgetvalue(r, 0, 2));
	else if (!PQgetisnull(r, 0, 3))
		record(ck, "privileges.source", "FAILED", "the source role may not read %s: GRANT SELECT on them",
		       PQgetvalue(r, 0, 3));
	else {
		record(ck, "privileges.source", "ok", "SELECT on pggit_v0.objects, commit_graph, tree_entries, refs");
		readable = 1;
	}
	PQclear(r);
	if (!readable) {
		record(ck, "source.integrity", "FAILED", "not checked: the store cannot be read");
		PQfinish(c);
		strbuf_release(&err);
		return;
	}

	/* integrity: structural checks in one snapshot; each problem is counted with one example */
	PQclear(PQexec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
	static const struct {
		const char *what, *sql;
	} probes[] = {
		{ "commit_graph rows without a commit object",
		  "SELECT count(*), min(g.commit_sha) FROM pggit_v0.commit_graph g LEFT JOIN pggit_v0.objects o "
		  "ON o.sha = g.commit_sha AND o.type = 'commit' WHERE o.sha IS NULL" },
		{ "commit objects without a commit_graph row",
		  "SELECT count(*), min(o.sha) FROM pggit_v0.objects o LEFT JOIN pggit_v0.commit_graph g "
		  "ON g.commit_sha = o.sha WHERE o.type = 'commit' AND g.commit_sha IS NULL" },
		{ "commits whose tree object is missing",
		  "SELECT count(*), min(g.commit_sha) FROM pggit_v0.commit_graph g LEFT JOIN pggit_v0.objects o "
		  "ON o.sha = g.tree_sha AND o.type = 'tree' WHERE o.sha IS NULL" },
		{ "parents that are not commits of the store",
		  /* the commit is named too: a NULL parent alone gave an empty example */
		  "SELECT count(*), min('commit ' || g.commit_sha || ' parent ' || coalesce(p.sha, 'NULL')) "
		  "FROM pggit_v0.commit_graph g CROSS JOIN LATERAL unnest(g.parent_shas) "
		  "AS p(sha) LEFT JOIN pggit_v0.commit_graph q ON q.commit_sha = p.sha WHERE q.commit_sha IS NULL" },
		{ "refs pointing at a missing object",
		  "SELECT count(*), min(r.name) FROM pggit_v0.refs r LEFT JOIN pggit_v0.objects o ON o.sha = r.target_sha "
		  "WHERE o.sha IS NULL" },
		/* values outside the contract's CHECKs and NOT NULLs, which the diff refuses */
		{ "objects whose type is NULL or not blob, tree, commit or tag",
		  "SELECT count(*), min(sha) FROM pggit_v0.objects "
		  "WHERE type IS NULL OR type NOT IN ('blob', 'tree', 'commit', 'tag')" },
		{ "refs whose name or type is NULL or whose type is not branch, tag or remote",
		  "SELECT count(*), min(coalesce(name, 'NULL')) FROM pggit_v0.refs "
		  "WHERE name IS NULL OR type IS NULL OR type NOT IN ('branch', 'tag', 'remote')" },
		{ "objects whose sha is not 64 lowercase hex digits",
		  "SELECT count(*), min(sha) FROM pggit_v0.objects WHERE sha !~ '^[0-9a-f]{64}$'" },
		{ "commit objects that do not hash to their sha",
		  "SELECT count(*), min(sha) FROM pggit_v0.objects WHERE type = 'commit' AND "
		  "encode(sha256(convert_to('commit ' || length(convert_to(content, 'UTF8'), 'UTF8') || ':' || content, 'UTF8')), 'hex') <> sha" },
	};
	struct strbuf problems = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		r = try_query(c, probes[i].sql, 0, NULL, &err);
		if (!r) {
			strbuf_addf(&problems, "%s%s: query failed: %s", problems.len ? "; " : "", probes[i].what, err.buf);
			break;
		}
		if (strcmp(PQgetvalue(r, 0, 0), "0"))
			strbuf_addf(&problems, "%s%s %s (e.g. %s)", problems.len ? "; " : "", PQgetvalue(r, 0, 0),
				    probes[i].what, PQgetvalue(r, 0, 1));
		PQclear(r);
	}
	json_t *size = estimate_measure_source(c, 1, &err);
	PQclear(PQexec(c, "COMMIT"));
	if (!size)
		pga_die("source: measuring the store: %s", err.buf);
	long long commits = json_integer_value(json_object_get(size, "commits"));
	if (!problems.len && commits == 0)
		strbuf_addstr(&problems, "the store has no commit");
	if (problems.len)
		record(ck, "source.integrity", "FAILED", "%s", problems.buf);
	else
		record(ck, "source.integrity", "ok",
		       "%lld commits, %lld objects (%lld blobs), %lld tree entries: commit graph, trees, parents, refs "
		       "and commit hashes consistent (every hash is verified by the diff stage)",
		       commits, (long long)json_integer_value(json_object_get(json_object_get(json_object_get(size, "tables"),
									"pggit_v0.objects"), "rows")),
		       (long long)json_integer_value(json_object_get(size, "blobs")),
		       (long long)json_integer_value(json_object_get(json_object_get(json_object_get(size, "tables"),
										"pggit_v0.tree_entries"), "rows")));
	json_object_set_new(report, "source_size", size);
	strbuf_release(&problems);
	strbuf_release(&err);
	PQfinish(c);
}

static void check_target(struct checks *ck, const char *conninfo, const char *sql_path)
{
	struct strbuf err = STRBUF_INIT;
	PGconn *c = try_connect(conninfo, &err);
	if (!c) {
		record(ck, "connectivity.target", "FAILED", "cannot connect to the target database: %s", err.buf);
		record(ck, "privileges.target", "FAILED", "not checked: no connection");
		record(ck, "schema.version", "FAILED", "not checked: no connection");
		strbuf_release(&err);
		return;
	}
	PGresult *r = try_query(c,
				"SELECT current_database(), current_setting('server_version'), current_user, "
				"pg_is_in_recovery(), current_setting('default_transaction_read_only') = 'on', "
				"(SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
				"has_database_privilege(current_database(), 'CREATE'), "
				"has_database_privilege(current_database(), 'TEMPORARY'), "
				"to_regclass('pggit_audit.schema_version') IS NOT NULL, "
				"(SELECT pg_get_userbyid(nspowner) = current_user FROM pg_namespace WHERE nspname = 'pggit_audit')",
				0, NULL, &err);
	if (!r)
		pga_die("target: %s", err.buf);
	int superuser = is_true(r, 0, 5), may_create = is_true(r, 0, 6), may_temp = is_true(r, 0, 7);
	int installed = is_true(r, 0, 8), owner = is_true(r, 0, 9);
	if (is_true(r, 0, 3))
		record(ck, "connectivity.target", "FAILED", "database %s is a standby in recovery: the target must accept writes",
		       PQgetvalue(r, 0, 0));
	else if (is_true(r, 0, 4))
		record(ck, "connectivity.target", "FAILED",
		       "database %s has default_transaction_read_only = on for role %s: the target must accept writes",
		       PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 2));
	else
		record(ck, "connectivity.target", "ok", "PostgreSQL %s, database %s, role %s%s, writable",
		       PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 2), superuser ? " (superuser)" : "");
	PQclear(r);

	int installed_version = 0;
	if (installed) {
		r = try_query(c, "SELECT coalesce(max(version), 0) FROM pggit_audit.schema_version", 0, NULL, &err);
		if (r) {
			installed_version = atoi(PQgetvalue(r, 0, 0));
			PQclear(r);
		} else {
			installed_version = -1;
		}
	}
	int wanted = sql_path ? installer_version(sql_path) : -1;

	/* schema version */
	if (installed_version < 0)
		record(ck, "schema.version", "FAILED", "cannot read pggit_audit.schema_version: %s", err.buf);
	else if (!installed && wanted < 0)
		record(ck, "schema.version", "ok", "pggit_audit is not installed; the schema stage will install it");
	else if (!installed)
		record(ck, "schema.version", "ok", "pggit_audit is not installed; the schema stage will install version %d",
		       wanted);
	else if (wanted < 0)
		record(ck, "schema.version", "ok", "pggit_audit version %d installed (no installer given to compare)",
		       installed_version);
	else if (installed_version > wanted)
		record(ck, "schema.version", "FAILED",
		       "pggit_audit version %d is installed, newer than this tool's installer (version %d): "
		       "use the pggit-audit release that installed it",
		       installed_version, wanted);
	else if (installed_version < wanted)
		record(ck, "schema.version", "ok", "pggit_audit version %d installed; the schema stage will upgrade it to %d",
		       installed_version, wanted);
	else
		record(ck, "schema.version", "ok", "pggit_audit version %d installed, the installer's version", wanted);

	/* privileges: install/upgrade, load, verify, temporary tables */
	struct strbuf missing = STRBUF_INIT, warn = STRBUF_INIT;
	if (!installed || (installed_version >= 0 && installed_version < wanted)) {
		if (!superuser && !installed && !may_create)
			strbuf_addstr(&missing, "installing the schema needs CREATE on the database (better: a superuser)");
		else if (!superuser && installed && !owner)
			strbuf_addstr(&missing, "upgrading the schema needs a superuser (or the schema's owner)");
		else if (!superuser)
			strbuf_addstr(&warn, "the installer runs as a non-superuser: the DDL guard event triggers "
					     "cannot be created or upgraded (docs/audit-sql.md)");
	}
	if (!may_temp)
		strbuf_addf(&missing, "%sthe load and verify stages need TEMPORARY on the database", missing.len ? "; " : "");
	if (installed && !superuser) {
		r = try_query(c,
			      "SELECT (SELECT string_agg(t, ', ' ORDER BY t) FROM unnest(ARRAY['pggit_audit.blobs', "
			      "'pggit_audit.changes', 'pggit_audit.object_versions', 'pggit_audit.load_journal']) AS u(t) "
			      "WHERE NOT has_table_privilege(t, 'INSERT')), "
			      "has_function_privilege('pggit_audit.record_verification(uuid, text, text, text)', 'EXECUTE')",
			      0, NULL, &err);
		if (!r) {
			strbuf_addf(&missing, "%scannot check the rights on pggit_audit: %s", missing.len ? "; " : "", err.buf);
		} else {
			if (!PQgetisnull(r, 0, 0))
				strbuf_addf(&missing, "%sthe load stage needs INSERT on %s (GRANT pggit_audit_loader TO the role)",
					    missing.len ? "; " : "", PQgetvalue(r, 0, 0));
			if (!is_true(r, 0, 1))
				strbuf_addf(&missing,
					    "%sthe verify stage needs EXECUTE on pggit_audit.record_verification "
					    "(GRANT pggit_audit_verifier TO the role)",
					    missing.len ? "; " : "");
			PQclear(r);
		}
	}
	if (missing.len)
		record(ck, "privileges.target", "FAILED", "%s", missing.buf);
	else if (warn.len)
		record(ck, "privileges.target", "warning", "%s", warn.buf);
	else
		record(ck, "privileges.target", "ok", "%s",
		       superuser ? "superuser: may install, load and verify"
				 : "may install or use the schema, load, verify and create temporary tables");
	strbuf_release(&missing);
	strbuf_release(&warn);
	strbuf_release(&err);
	PQfinish(c);
}

/*
 * Every non-ASCII blob of the store converted to the target's encoding, in the
 * source (whose text is UTF-8): UTF8 and SQL_ASCII targets take any text; any
 * other encoding fails on a character it lacks, which the load would meet as the
 * server's "has no equivalent in encoding" error and stop at. One statement per
 * non-ASCII blob (a failed conversion fails only its own statement), the shas
 * read in pages so that memory does not grow with the store.
 */
static void check_encoding(struct checks *ck, const char *source, const char *target)
{
	struct strbuf err = STRBUF_INIT;
	PGconn *t = try_connect(target, &err);
	if (!t) {
		record(ck, "encoding.target", "FAILED", "not checked: no connection to the target");
		strbuf_release(&err);
		return;
	}
	PGresult *r = try_query(t, "SELECT current_setting('server_encoding')", 0, NULL, &err);
	if (!r)
		pga_die("target: %s", err.buf);
	char *encoding = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(t);
	if (!strcmp(encoding, "UTF8") || !strcmp(encoding, "SQL_ASCII")) {
		record(ck, "encoding.target", "ok", "target encoding %s holds any definition%s", encoding,
		       strcmp(encoding, "UTF8") ? " (stored byte for byte)" : "");
		free(encoding);
		strbuf_release(&err);
		return;
	}
	PGconn *s = try_connect(source, &err);
	if (!s) {
		record(ck, "encoding.target", "FAILED", "not checked: no connection to the source");
		free(encoding);
		strbuf_release(&err);
		return;
	}
	pg_refuse_row_security(s, "refusing rows hidden by row-level security");
	unsigned long long non_ascii = 0, lacking = 0;
	char *first_lacking = NULL, *last = xstrdup("");
	struct strbuf first_error = STRBUF_INIT;
	for (;;) {
		const char *page_params[] = { last };
		r = try_query(s,
			      "SELECT sha FROM pggit_v0.objects WHERE type = 'blob' AND sha > $1 "
			      "AND content ~ '[^[:ascii:]]' ORDER BY sha LIMIT 1000",
			      1, page_params, &err);
		if (!r) {
			record(ck, "encoding.target", "FAILED", "not checked: listing the store's non-ASCII definitions: %s",
			       err.buf);
			goto done;
		}
		int n = PQntuples(r);
		for (int i = 0; i < n; i++) {
			const char *params[] = { PQgetvalue(r, i, 0), encoding };
			non_ascii++;
			strbuf_reset(&err);
			PGresult *c = try_query(s, "SELECT octet_length(convert_to(content, $2)) FROM pggit_v0.objects "
						   "WHERE sha = $1",
						2, params, &err);
			if (c) {
				PQclear(c);
				continue;
			}
			if (!lacking++) {
				first_lacking = xstrdup(params[0]);
				strbuf_addstr(&first_error, err.buf);
			}
		}
		if (n) {
			free(last);
			last = xstrdup(PQgetvalue(r, n - 1, 0));
		}
		PQclear(r);
		if (n < 1000)
			break;
	}
	if (lacking)
		record(ck, "encoding.target", "FAILED",
		       "%llu of the store's definitions hold characters the target's encoding %s cannot hold "
		       "(e.g. blob %s: %s): the load would stop at the first; use a UTF8 target database",
		       lacking, encoding, first_lacking, first_error.buf);
	else
		record(ck, "encoding.target", "ok", "target encoding %s holds every definition (%llu with non-ASCII text)",
		       encoding, non_ascii);
done:
	free(first_lacking);
	free(last);
	free(encoding);
	strbuf_release(&first_error);
	strbuf_release(&err);
	PQfinish(s);
}

/* Room for the artifacts: the larger of min_free and ratio x the source's on-disk size. */
static void check_disk(struct checks *ck, const char *workdir, const json_t *source_size, double ratio,
		       unsigned long long min_free, json_t *report)
{
	struct statvfs fs;
	if (statvfs(workdir, &fs) < 0) {
		record(ck, "disk.free", "FAILED", "cannot stat the file system of %s", workdir);
		return;
	}
	unsigned long long avail = (unsigned long long)fs.f_bavail * fs.f_frsize;
	unsigned long long src = source_size ? (unsigned long long)json_integer_value(json_object_get(source_size, "bytes")) : 0;
	unsigned long long need = (unsigned long long)(ratio * (double)src);
	if (need < min_free)
		need = min_free;
	json_object_set_new(report, "disk", json_pack("{s:I, s:I, s:f}", "available_bytes", (json_int_t)avail,
						      "required_bytes", (json_int_t)need, "artifact_ratio", ratio));
	if (avail < need)
		record(ck, "disk.free", "FAILED",
		       "%.1f MiB free on the file system of %s, %.1f MiB needed for the artifacts "
		       "(%.2f x the source's %.1f MiB, at least %.1f MiB): free space or use another --workdir",
		       avail / 1048576.0, workdir, need / 1048576.0, ratio, src / 1048576.0, min_free / 1048576.0);
	else
		record(ck, "disk.free", "ok", "%.1f MiB free, %.1f MiB needed for the artifacts", avail / 1048576.0,
		       need / 1048576.0);
}

static void usage(int status)
{
	printf("usage: pggit-audit-checks [--source CONNINFO] [--target CONNINFO] --outdir DIR [--workdir DIR]\n"
	       "                          [--sql INSTALLER] [--artifact-ratio R] [--min-free-mb N]\n\n"
	       "Pre-flight checks before a rehearsal or a cutover: connectivity, privileges, source\n"
	       "integrity, free disk for the artifacts, target schema version and encoding. Prints each check,\n"
	       "writes DIR/report.json (with the measured size of the source) and exits 1 if any failed.\n\n"
	       "  --source, --target  libpq conninfo; default $PGGIT_AUDIT_SOURCE / $PGGIT_AUDIT_TARGET\n"
	       "                      (the target defaults to the source)\n"
	       "  --workdir DIR       where the artifacts will be written (default: the current directory)\n"
	       "  --sql INSTALLER     sql/pggit_audit_schema.sql: its version is compared with the target's\n"
	       "  --artifact-ratio R  artifacts need R x the source tables' on-disk size (default 0.5)\n"
	       "  --min-free-mb N     and at least N MiB (default 0)\n");
	exit(status);
}

int main(int argc, char **argv)
{
	const char *source = NULL, *target = NULL, *outdir = NULL, *workdir = ".", *sql = NULL;
	double ratio = 0.5;
	unsigned long long min_free_mb = 0;
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },     { "target", required_argument, NULL, 't' },
		{ "outdir", required_argument, NULL, 'o' },     { "workdir", required_argument, NULL, 'w' },
		{ "sql", required_argument, NULL, 'S' },        { "artifact-ratio", required_argument, NULL, 'r' },
		{ "min-free-mb", required_argument, NULL, 'm' }, { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },             { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-checks");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 's': source = optarg; break;
		case 't': target = optarg; break;
		case 'o': outdir = optarg; break;
		case 'w': workdir = optarg; break;
		case 'S': sql = optarg; break;
		case 'r': {
			char *end;
			ratio = strtod(optarg, &end);
			if (*end || end == optarg || !(ratio >= 0 && ratio <= 100))
				pga_die("--artifact-ratio must be a number from 0 to 100, not \"%s\"", optarg);
			break;
		}
		case 'm':
			if (parse_u64(optarg, &min_free_mb) < 0 || min_free_mb > (1ULL << 40))
				pga_die("--min-free-mb must be a number of MiB, not \"%s\"", optarg);
			break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-checks %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!outdir || optind != argc)
		usage(2);
	progress_begin("checks");
	source = conninfo_pick(source, "PGGIT_AUDIT_SOURCE", NULL, "source");
	target = conninfo_pick(target, "PGGIT_AUDIT_TARGET", source, "target");
	make_outdir(outdir);
	artifact_clean_tmp(outdir); /* a report's temporary left by a killed attempt */

	struct checks ck = { json_array(), 0, 0 };
	json_t *report = json_object();
	check_source(&ck, source, report);
	check_target(&ck, target, sql);
	check_encoding(&ck, source, target);
	check_disk(&ck, workdir, json_object_get(report, "source_size"), ratio, min_free_mb * 1048576ULL, report);
	json_object_set_new(report, "checks", ck.list);
	json_object_set_new(report, "status", json_string(ck.failed ? "FAILED" : "PASSED"));
	json_object_set_new(report, "failed", json_integer(ck.failed));
	json_object_set_new(report, "warnings", json_integer(ck.warned));
	char *path = path_join(outdir, "report.json");
	artifact_write_json(path, report);
	free(path);
	json_decref(report);
	if (ck.failed) {
		pga_error("NO-GO: %d pre-flight check(s) failed; fix them and run again", ck.failed);
		return 1;
	}
	pga_info("GO: every pre-flight check passed%s", ck.warned ? " (with warnings)" : "");
	progress_end();
	return 0;
}
