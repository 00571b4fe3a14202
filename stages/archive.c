/*
 * archive.c - pggit-audit-archive: the evidence archive of a run.
 *
 *   --workdir DIR -o FILE   pack every file of the run (artifacts, manifest copy,
 *                           journal, logs, reports) plus data/evidence.json (tool
 *                           version, source and target identities) into one BagIt bag
 *                           in a pax tar + zstd, optionally with a signed in-toto
 *                           Statement, and record its SHA-256 in the target
 *   --verify FILE           re-hash every member while streaming (nothing is unpacked)
 *                           and check both manifests, the bag's declarations, the
 *                           signature (--key) and the recorded hash (--target)
 *   --extract FILE DIR      unpack safely: refuses the whole archive if any member is
 *                           unsafe (absolute, "..", links, devices, duplicates, a
 *                           member below a file); writes into a temporary directory
 *                           renamed to DIR only when every member is written
 *
 * The layout and the decisions are in docs/evidence.md.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

#include "display.h"
#include "archive_bag.h"
#include "archive_sign.h"
#include "atomicfile.h"
#include "bagit.h"
#include "conninfo.h"
#include "formats.h"
#include "hash.h"
#include "pgconn.h"
#include "readback.h"
#include "runner.h"
#include "runner_journal.h"
#include "runner_lock.h"
#include "strbuf.h"
#include "strmap.h"
#include "util.h"

#ifndef PGGIT_AUDIT_VERSION
#define PGGIT_AUDIT_VERSION "unknown"
#endif

#define SIGNATURE_FILE "signature.intoto.dsse.json"
#define STATEMENT_TYPE "https://in-toto.io/Statement/v1"
#define PREDICATE_TYPE "urn:pggit-audit:evidence-archive:v1"

static void usage(int status)
{
	printf("usage: pggit-audit-archive --workdir DIR -o FILE [--target CONNINFO] [--source CONNINFO]\n"
	       "                           [--sign KEYFILE]\n"
	       "       pggit-audit-archive --verify FILE [--key PUBFILE] [--target CONNINFO]\n"
	       "       pggit-audit-archive --extract FILE DIR\n\n"
	       "Write the evidence archive of a finished run (a BagIt bag in a pax tar, zstd):\n"
	       "every file of the work directory, the tool version and the identities of source\n"
	       "and target; record its SHA-256 in the target's pggit_audit.evidence_archives.\n"
	       "--sign adds an in-toto Statement in a DSSE envelope signed with an Ed25519 key.\n"
	       "--verify re-hashes every member without unpacking; exit 0 only when intact. With\n"
	       "--target it also checks the run's record, the compliance_log chain and that every\n"
	       "change the run verified is still as the verification read it back.\n"
	       "--extract unpacks into DIR (new or empty), refusing archives with unsafe members;\n"
	       "DIR appears only once every member is written.\n"
	       "The target defaults to $PGGIT_AUDIT_TARGET, the source to $PGGIT_AUDIT_SOURCE\n"
	       "(used only for its redacted conninfo). See docs/evidence.md.\n");
	exit(status);
}

/* ---- small helpers ---- */

static json_t *load_json(const char *path, int required)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);
	if (!j && required)
		pga_die("%s: cannot read (%s); archive a finished run", path, e.text);
	return j;
}

static char *json_text(const json_t *j)
{
	char *t = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (!t)
		pga_die("cannot encode JSON");
	char *out = xasprintf("%s\n", t);
	free(t);
	return out;
}

/* "2026-01-02T03:04:05.678Z" -> seconds since the epoch; -1 if malformed. */
static long long parse_utc(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	const char *end = s ? strptime(s, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
	if (!end)
		return -1;
	return (long long)timegm(&tm);
}

/* ---- the journal ---- */

struct journal_info {
	json_t *summary;     /* {"records", "head_sha256", "first_time", "last_time"} or NULL */
	long long last_time; /* epoch seconds of the last record, or 0 */
	char date[11];       /* YYYY-MM-DD of last_time, or "" */
};

static void read_journal(const char *workdir, struct journal_info *ji)
{
	memset(ji, 0, sizeof(*ji));
	char *path = path_join(workdir, ".pggit-audit/journal.ndjson");
	FILE *f = fopen(path, "r");
	if (!f) {
		pga_warn("%s: no runner journal; the bag gets no date and its members mtime 0", path);
		free(path);
		return;
	}
	char *line = NULL, *first_time = NULL, *last_time = NULL;
	size_t cap = 0;
	ssize_t n;
	long long records = 0;
	sha256_hex_t head = "";
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] != '\n')
			break; /* a torn last line is not part of the journal */
		line[--n] = '\0';
		json_t *j = json_loads(line, 0, NULL);
		if (!j)
			break;
		records++;
		sha256_hex(line, (size_t)n, head);
		const char *t = json_string_value(json_object_get(j, "end_time"));
		if (!t)
			t = json_string_value(json_object_get(j, "time"));
		if (!t)
			t = json_string_value(json_object_get(j, "start_time"));
		if (t) {
			if (!first_time)
				first_time = xstrdup(t);
			free(last_time);
			last_time = xstrdup(t);
		}
		json_decref(j);
	}
	free(line);
	fclose(f);
	free(path);
	if (records == 0)
		return;
	ji->summary = json_pack("{s:I, s:s, s:s?, s:s?}", "records", (json_int_t)records, "head_sha256", head,
				"first_time", first_time, "last_time", last_time);
	long long t = parse_utc(last_time);
	if (t > 0) {
		ji->last_time = t;
		time_t tt = (time_t)t;
		struct tm tm;
		gmtime_r(&tt, &tm);
		strftime(ji->date, sizeof(ji->date), "%Y-%m-%d", &tm);
	}
	free(first_time);
	free(last_time);
}

struct bag_files {
	const struct workdir_file *files;
	const sha256_hex_t *shas;
	size_t n;
};

/* the SHA-256 computed for workdir file rel, or NULL when the bag has no such file */
static const char *bag_file_sha(const char *rel, void *arg)
{
	const struct bag_files *bf = arg;
	size_t lo = 0, hi = bf->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(bf->files[mid].rel, rel);
		if (c == 0)
			return bf->shas[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * The bag must hold one run. A run stopped or resumed with only some targets
 * (`pggit-audit run ... export` after the source moved on, a stage that failed or was
 * killed after publishing an artifact) leaves the earlier run's later artifacts and
 * reports beside newer ones; the reports still agree with each other, and the archive
 * used to seal that mixture as the evidence of the reports' run.
 */
static void check_journal_matches(const char *workdir, const struct workdir_file *files, const sha256_hex_t *shas,
				  size_t nfiles)
{
	struct bag_files bf = { files, shas, nfiles };
	char *msg = runner_check_one_run(workdir, bag_file_sha, &bf);
	if (msg)
		pga_die("%s: it holds files of more than one run (see pggit-audit status --workdir %s); finish the "
			"run with pggit-audit run before archiving it",
			msg, dv(workdir));
}

/* ---- the target ---- */

static json_t *target_identity(PGconn *c, const char *conninfo)
{
	PGresult *r = pg_query(c,
			       "SELECT current_setting('server_version'), current_database(), "
			       "(SELECT system_identifier::text FROM pg_control_system()), "
			       "to_regclass('pggit_audit.evidence_archives') IS NOT NULL",
			       0, NULL, "reading the target's identity");
	if (strcmp(PQgetvalue(r, 0, 3), "t") != 0)
		pga_die("the target has no pggit_audit.evidence_archives (schema version < 5): upgrade it with "
			"sql/pggit_audit_schema.sql first");
	char *redacted = conninfo_redact(conninfo);
	json_t *id = json_pack("{s:s, s:s, s:s?, s:s?}", "server_version", PQgetvalue(r, 0, 0), "database",
			       PQgetvalue(r, 0, 1), "system_identifier",
			       PQgetisnull(r, 0, 2) ? NULL : PQgetvalue(r, 0, 2), "conninfo", redacted);
	free(redacted);
	PQclear(r);
	return id;
}

/*
 * The last compliance_log row of this run's verification: "LOG_ID ROW_HASH", newly
 * allocated, or NULL when the run has none. Kept in bag-info.txt (under the tag manifest
 * and the signature), it anchors the chain outside the database: a superuser who edits
 * a row up to it and re-hashes the whole chain changes that row's hash, which
 * --verify --target checks. The run's row, not the head, so that archiving the same run
 * again (after the first archive's own row) writes the same bytes.
 */
static char *chain_anchor(PGconn *c, const char *run_id)
{
	const char *p[] = { run_id };
	PGresult *r = pg_query(c,
			       "SELECT log_id, row_hash FROM pggit_audit.compliance_log "
			       " WHERE run_id = $1 AND evidence_id IS NULL ORDER BY log_id DESC LIMIT 1",
			       1, p, "reading this run's last compliance_log row");
	char *anchor = PQntuples(r) == 1 ? xasprintf("%s %s", PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1)) : NULL;
	PQclear(r);
	return anchor;
}

/*
 * Die unless the target holds a trace of the run: its changes or versions, or the
 * compliance_log rows its verification (or a rollback) appended. Otherwise the archive
 * would be recorded, with a chained PASSED row, in a database the run never loaded
 * into (a wrong --target), and --verify --target would then vouch for it there. A run
 * that loaded nothing (load/report.json: no change, no version) leaves no trace to look for.
 */
static void check_target_knows_run(PGconn *c, const char *run_id, const json_t *load)
{
	json_int_t loaded = json_integer_value(json_object_get(load, "changes_with_this_run_id")) +
			    json_integer_value(json_object_get(load, "versions_with_this_run_id"));
	if (loaded <= 0)
		return;
	const char *p[] = { run_id };
	PGresult *r = pg_query(c,
			       "SELECT EXISTS (SELECT 1 FROM pggit_audit.changes WHERE run_id = $1) "
			       "    OR EXISTS (SELECT 1 FROM pggit_audit.object_versions WHERE run_id = $1) "
			       "    OR EXISTS (SELECT 1 FROM pggit_audit.compliance_log "
			       "                WHERE run_id = $1 AND evidence_id IS NULL)",
			       1, p, "looking for the run in the target");
	int known = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!known)
		pga_die("the target holds no row of run %s (no change, version or compliance_log row), which "
			"loaded %lld rows according to load/report.json: --target must be the database this run "
			"loaded into",
			run_id, (long long)loaded);
}

/* ---- create ---- */

static int is_run_id(const char *s)
{
	if (!s || strlen(s) != 32)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

/*
 * Hold the work directory's run lock while the archive reads it: a `pggit-audit run`
 * started during the archive's passes would change files between the hashing and the
 * packing, giving a self-consistent bag of two states. A work directory the archive
 * may not write (a read-only copy handed to an auditor) cannot take the lock: there
 * it is checked once, at the start, that no live run holds it.
 */
static void lock_workdir(const char *workdir, struct runner_lock *lk)
{
	char *statedir = path_join(workdir, RUNNER_STATE_DIR);
	struct stat st;
	if (stat(statedir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		free(statedir);
		return;
	}
	if (access(statedir, W_OK) == 0) {
		struct strbuf err = STRBUF_INIT;
		if (runner_lock_acquire(lk, statedir, &err) < 0)
			pga_die("%s\nnothing was archived: archive %s after that run finishes", err.buf, workdir);
		strbuf_release(&err);
	} else {
		pid_t holder = 0, stale = 0;
		if (runner_lock_probe(statedir, &holder, &stale) == 1)
			pga_die("a pggit-audit run (pid %ld) is using %s; archive it after the run finishes", (long)holder,
				workdir);
		pga_warn("%s is read-only: the run lock cannot be held while archiving (checked free at the start)",
			 statedir);
	}
	free(statedir);
}

static void create_archive(const char *workdir, const char *out, const char *target, const char *source,
			   const char *keyfile)
{
	struct stat st;
	if (stat(workdir, &st) < 0 || !S_ISDIR(st.st_mode))
		pga_die("%s is not a work directory", workdir);
	static struct runner_lock lock; /* static: released by the exit handler too */
	lock_workdir(workdir, &lock);

	char *p = path_join(workdir, "load/report.json");
	json_t *load = load_json(p, 1);
	free(p);
	const char *run_id = json_string_value(json_object_get(load, "run_id"));
	if (!is_run_id(run_id))
		pga_die("load/report.json has no valid run_id");
	p = path_join(workdir, "verify/report.json");
	json_t *verify = load_json(p, 1);
	free(p);
	const char *status = json_string_value(json_object_get(verify, "status"));
	if (!status || (strcmp(status, "PASSED") != 0 && strcmp(status, "FAILED") != 0))
		pga_die("verify/report.json has no status PASSED or FAILED; run the verify stage first");
	const char *vrun = json_string_value(json_object_get(verify, "run_id"));
	if (vrun && strcmp(vrun, run_id) != 0)
		pga_die("verify/report.json is about run %s, load/report.json about run %s: rerun verify", vrun,
			run_id);
	p = path_join(workdir, "export/source.json");
	json_t *source_id = load_json(p, 1);
	free(p);
	json_object_del(source_id, "rows");
	if (source) {
		char *r = conninfo_redact(source);
		if (!r)
			pga_die("the source conninfo is not valid");
		json_object_set_new(source_id, "conninfo", json_string(r));
		free(r);
	} else {
		json_object_set_new(source_id, "conninfo", json_null());
	}

	struct journal_info ji;
	read_journal(workdir, &ji);

	PGconn *conn = NULL;
	json_t *target_id = json_null();
	char *head = NULL;
	if (target) {
		conn = pg_connect(target, "target");
		pg_refuse_row_security(conn, "refusing target rows hidden by row-level security");
		json_decref(target_id);
		target_id = target_identity(conn, target);
		check_target_knows_run(conn, run_id, load);
		head = chain_anchor(conn, run_id);
	} else {
		pga_warn("no target (--target or $PGGIT_AUDIT_TARGET): the archive gets no target identity and "
			 "its hash is not recorded in any database");
	}

	json_t *evidence = json_pack("{s:i, s:{s:s, s:s}, s:s, s:s, s:o, s:o, s:o}", "format", 1, "tool", "name",
				     "pggit-audit", "version", PGGIT_AUDIT_VERSION, "run_id", run_id,
				     "verification_status", status, "source", source_id, "target", target_id,
				     "journal", ji.summary ? ji.summary : json_null());
	char *evidence_text = json_text(evidence);
	json_decref(evidence);

	/* the archive itself may lie in the work directory: leave it out */
	struct stat out_st;
	dev_t skip_dev = 0;
	ino_t skip_ino = 0;
	if (stat(out, &out_st) == 0) {
		skip_dev = out_st.st_dev;
		skip_ino = out_st.st_ino;
	}
	size_t nfiles;
	struct workdir_file *files = workdir_files(workdir, skip_dev, skip_ino, NULL, &nfiles);
	/* a name --verify and --extract refuse (a control character, a backslash) would make
	   an archive, recorded in the target, that its own checks call unsafe */
	for (size_t i = 0; i < nfiles; i++) {
		const char *why;
		if (bag_name_check(files[i].rel, &why) < 0)
			pga_die("%s: %s: evidence archives refuse such names (--verify, --extract); rename or "
				"remove the file",
				dv(path_join(workdir, files[i].rel)), why);
	}
	sha256_hex_t *shas = xcalloc(nfiles ? nfiles : 1, sizeof(*shas));
	struct strbuf manifest = STRBUF_INIT;
	sha256_hex_t evidence_sha;
	sha256_hex(evidence_text, strlen(evidence_text), evidence_sha);
	bagit_manifest_line(&manifest, evidence_sha, "data/evidence.json");
	unsigned long long payload_bytes = strlen(evidence_text);
	for (size_t i = 0; i < nfiles; i++) {
		char *full = path_join(workdir, files[i].rel);
		unsigned long long size;
		if (sha256_file(full, shas[i], &size) < 0)
			pga_die_errno("cannot read %s", full);
		if (size != files[i].size)
			pga_die("%s changed while it was being archived; archive a finished run", full);
		char *name = xasprintf("data/workdir/%s", files[i].rel);
		bagit_manifest_line(&manifest, shas[i], name);
		free(name);
		free(full);
		payload_bytes += size;
	}

	check_journal_matches(workdir, files, shas, nfiles);

	char *root = xasprintf("pggit-audit-evidence-%s", run_id);
	struct strbuf info = STRBUF_INIT;
	strbuf_addf(&info, "Bag-Software-Agent: pggit-audit %s\n", PGGIT_AUDIT_VERSION);
	if (ji.date[0])
		strbuf_addf(&info, "Bagging-Date: %s\n", ji.date);
	strbuf_addf(&info, "External-Identifier: %s\n", run_id);
	strbuf_addf(&info, "External-Description: pggit-audit evidence of run %s (verification %s)\n", run_id,
		    status);
	bagit_payload_oxum(&info, payload_bytes, (unsigned long long)nfiles + 1);
	strbuf_addf(&info, "PgGit-Audit-Run-Id: %s\n", run_id);
	strbuf_addf(&info, "PgGit-Audit-Verification-Status: %s\n", status);
	if (head)
		strbuf_addf(&info, "PgGit-Audit-Compliance-Chain-Anchor: %s\n", head);
	free(head);

	struct strbuf tagmanifest = STRBUF_INIT;
	sha256_hex_t h;
	sha256_hex(info.buf, info.len, h);
	bagit_manifest_line(&tagmanifest, h, "bag-info.txt");
	sha256_hex(BAGIT_TXT, strlen(BAGIT_TXT), h);
	bagit_manifest_line(&tagmanifest, h, "bagit.txt");
	sha256_hex(manifest.buf, manifest.len, h);
	bagit_manifest_line(&tagmanifest, h, "manifest-sha256.txt");
	sha256_hex_t tagmanifest_sha;
	sha256_hex(tagmanifest.buf, tagmanifest.len, tagmanifest_sha);

	char *envelope = NULL;
	sha256_hex_t keyid = "";
	if (keyfile) {
		char *oxum = xasprintf("%llu.%llu", payload_bytes, (unsigned long long)nfiles + 1);
		json_t *stmt = json_pack("{s:s, s:[{s:s, s:{s:s}}], s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "_type",
					 STATEMENT_TYPE, "subject", "name", "tagmanifest-sha256.txt", "digest",
					 "sha256", tagmanifest_sha, "predicateType", PREDICATE_TYPE, "predicate",
					 "bag", root, "run_id", run_id, "verification_status", status,
					 "tool_version", PGGIT_AUDIT_VERSION, "payload_oxum", oxum);
		free(oxum);
		char *payload = json_dumps(stmt, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(stmt);
		envelope = dsse_sign_ed25519(keyfile, INTOTO_PAYLOAD_TYPE, payload, strlen(payload), keyid);
		free(payload);
	}

	atomic_clean_stale(out);
	struct bag_writer *w = bag_writer_open(out, ji.last_time);
	char *name;
#define ADD_MEM(rel, buf, len)                                \
	do {                                                  \
		name = xasprintf("%s/%s", root, rel);         \
		bag_writer_add_mem(w, name, buf, len);        \
		free(name);                                   \
	} while (0)
	ADD_MEM("bagit.txt", BAGIT_TXT, strlen(BAGIT_TXT));
	ADD_MEM("bag-info.txt", info.buf, info.len);
	ADD_MEM("manifest-sha256.txt", manifest.buf, manifest.len);
	ADD_MEM("tagmanifest-sha256.txt", tagmanifest.buf, tagmanifest.len);
	if (envelope)
		ADD_MEM(SIGNATURE_FILE, envelope, strlen(envelope));
	ADD_MEM("data/evidence.json", evidence_text, strlen(evidence_text));
#undef ADD_MEM
	fault_point("archive-before-pack"); /* every file hashed, none packed yet */
	for (size_t i = 0; i < nfiles; i++) {
		char *full = path_join(workdir, files[i].rel);
		name = xasprintf("%s/data/workdir/%s", root, files[i].rel);
		bag_writer_add_file(w, name, full, files[i].size, shas[i]);
		free(name);
		free(full);
	}
	sha256_hex_t archive_sha;
	unsigned long long archive_bytes;
	bag_writer_commit(w, archive_sha, &archive_bytes);
	printf("wrote %s: %zu payload files, %llu bytes, sha256 %s\n", out, nfiles + 1, archive_bytes, archive_sha);
	if (envelope)
		printf("signed: key id %s, subject tagmanifest-sha256.txt sha256 %s\n", keyid, tagmanifest_sha);

	if (conn) {
		char bytes_text[32];
		snprintf(bytes_text, sizeof(bytes_text), "%llu", archive_bytes);
		const char *params[] = { run_id,	 archive_sha,	      bytes_text,		  tagmanifest_sha,
					 root,		 PGGIT_AUDIT_VERSION, status,			  keyid[0] ? keyid : NULL };
		PGresult *r = pg_query(conn,
				       "SELECT pggit_audit.record_evidence($1, $2, $3::bigint, $4, $5, $6, $7, $8)", 8,
				       params, "recording the archive in pggit_audit.evidence_archives");
		printf("recorded in the target: evidence_id %s (run %s)\n", PQgetvalue(r, 0, 0), run_id);
		PQclear(r);
		PQfinish(conn);
	}

	free(envelope);
	free(root);
	free(shas);
	workdir_files_free(files, nfiles);
	strbuf_release(&manifest);
	strbuf_release(&info);
	strbuf_release(&tagmanifest);
	free(evidence_text);
	json_decref(load);
	json_decref(verify);
	runner_lock_release(&lock);
}

/* ---- verify ---- */

#define READBACK_MEMBER "data/workdir/verify/target_changes.csv.zst"

/*
 * The read-back the verification kept (READBACK_MEMBER), copied into a temporary table
 * of the target session while the archive's one pass reads and hashes that member (zstd
 * decoded on the way), so that check_verified_rows() can have the server compare it with
 * the target. A damaged member stops the copy, which is then reported, not died of.
 */
struct readback_copy {
	PGconn *c;
	ZSTD_DCtx *z;
	int seen;          /* the member was met */
	int copying;       /* its header was read and the COPY started */
	size_t ncols;      /* the columns its header names (fewer in an archive of an older version) */
	struct strbuf head; /* decoded bytes up to the end of the header line, before the COPY */
	struct strbuf err; /* why the copy failed, empty if it did not */
};

static void readback_copy_begin(struct readback_copy *rb, PGconn *c)
{
	struct strbuf cols = STRBUF_INIT;
	for (size_t i = 0; i < NCOLS(readback_cols); i++)
		strbuf_addf(&cols, "%s%s text", i ? ", " : "", readback_cols[i]);
	char *create = xasprintf("CREATE TEMP TABLE archived_read_back (%s)", cols.buf);
	pg_exec(c, create, "creating a scratch table for the archived read-back");
	free(create);
	strbuf_release(&cols);
	*rb = (struct readback_copy){ .c = c, .z = ZSTD_createDCtx() };
	strbuf_init(&rb->head, 0);
	strbuf_init(&rb->err, 0);
}

/*
 * Start the COPY once the header line is in rb->head: an archive made before round 16
 * holds the first READBACK_COLS_V1 columns only, copied as they are (the others stay
 * NULL and check_verified_rows() compares the columns the member has). Any other header
 * is an error.
 */
static void readback_copy_start(struct readback_copy *rb, size_t header_len)
{
	size_t n = 0, at = 0;
	while (at <= header_len) {
		size_t end = at;
		while (end < header_len && rb->head.buf[end] != ',')
			end++;
		/* the writer quotes every field (libcsv); a name holds no quote or comma */
		size_t from = at, to = end;
		if (to - from >= 2 && rb->head.buf[from] == '"' && rb->head.buf[to - 1] == '"')
			from++, to--;
		const char *want = n < NCOLS(readback_cols) ? readback_cols[n] : NULL;
		if (!want || strlen(want) != to - from || memcmp(rb->head.buf + from, want, to - from) != 0) {
			strbuf_addf(&rb->err, "%s:1: the header is not the read-back's (column %zu)", READBACK_MEMBER, n + 1);
			return;
		}
		n++;
		at = end + 1;
	}
	if (n != NCOLS(readback_cols) && n != READBACK_COLS_V1) {
		strbuf_addf(&rb->err, "%s:1: the header names %zu columns, not %zu (or %d)", READBACK_MEMBER, n,
			    NCOLS(readback_cols), READBACK_COLS_V1);
		return;
	}
	struct strbuf cols = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&cols, "%s%s", i ? ", " : "", readback_cols[i]);
	char *sql = xasprintf("COPY pg_temp.archived_read_back (%s) FROM STDIN (FORMAT csv, HEADER true)", cols.buf);
	struct pg_copy_in ci = pg_copy_in_begin(rb->c, sql, "copying the archived read-back into the target session");
	(void)ci;
	free(sql);
	strbuf_release(&cols);
	rb->ncols = n;
	rb->copying = 1;
	if (PQputCopyData(rb->c, rb->head.buf, (int)rb->head.len) != 1)
		strbuf_addf(&rb->err, "%s", PQerrorMessage(rb->c));
	strbuf_release(&rb->head);
}

/* n more bytes of the member, as stored (zstd). */
static void readback_copy_feed(struct readback_copy *rb, const char *buf, size_t n)
{
	static char out[1 << 17];
	ZSTD_inBuffer ib = { buf, n, 0 };
	while (!rb->err.len && ib.pos < ib.size) {
		ZSTD_outBuffer ob = { out, sizeof(out), 0 };
		size_t zr = ZSTD_decompressStream(rb->z, &ob, &ib);
		if (ZSTD_isError(zr)) {
			strbuf_addf(&rb->err, "%s: %s", READBACK_MEMBER, ZSTD_getErrorName(zr));
		} else if (ob.pos && !rb->copying) {
			size_t had = rb->head.len;
			strbuf_add(&rb->head, out, ob.pos);
			char *nl = memchr(rb->head.buf + had, '\n', ob.pos);
			if (nl)
				readback_copy_start(rb, (size_t)(nl - rb->head.buf));
			else if (rb->head.len > 4096)
				strbuf_addf(&rb->err, "%s:1: the header is not the read-back's (no end of line)",
					    READBACK_MEMBER);
		} else if (ob.pos && PQputCopyData(rb->c, out, (int)ob.pos) != 1) {
			strbuf_addf(&rb->err, "%s", PQerrorMessage(rb->c));
		}
	}
}

/* End the copy; 0 if the read-back is in the scratch table, else -1 (rb->err says why). */
static int readback_copy_end(struct readback_copy *rb)
{
	ZSTD_freeDCtx(rb->z);
	rb->z = NULL;
	if (!rb->copying) {
		if (rb->seen && !rb->err.len)
			strbuf_addf(&rb->err, "%s: no header row", READBACK_MEMBER);
		strbuf_release(&rb->head);
		return rb->err.len ? -1 : 0;
	}
	PQputCopyEnd(rb->c, rb->err.len ? "the archived read-back is damaged" : NULL);
	PGresult *r;
	while ((r = PQgetResult(rb->c))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !rb->err.len) {
			char *msg = pg_result_error_text(r, NULL);
			strbuf_addstr(&rb->err, msg);
			free(msg);
		}
		PQclear(r);
	}
	while (rb->err.len && (rb->err.buf[rb->err.len - 1] == '\n' || rb->err.buf[rb->err.len - 1] == ' '))
		rb->err.buf[--rb->err.len] = '\0'; /* the server's message ends in a newline */
	return rb->err.len ? -1 : 0;
}

struct member {
	char *rel;   /* name below the bag root */
	sha256_hex_t sha;
	unsigned long long size;
	int listed;  /* seen in a manifest */
};

struct verify_state {
	struct member *m;
	size_t n, cap;
	struct strmap *index; /* rel -> member number: an archive may hold a million members */
	char *root;
	struct strbuf tag[5]; /* contents of the tag files below, when present */
	int have_tag[5];
	unsigned problems;
	struct readback_copy *rb; /* with --target: where the archived read-back is copied to */
};

static const char *const tag_names[5] = { "bagit.txt", "bag-info.txt", "manifest-sha256.txt",
					  "tagmanifest-sha256.txt", SIGNATURE_FILE };
enum { TAG_BAGIT, TAG_INFO, TAG_MANIFEST, TAG_TAGMANIFEST, TAG_SIGNATURE };

static void problem(struct verify_state *vs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct verify_state *vs, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	vs->problems++;
}

static struct member *find_member(struct verify_state *vs, const char *rel)
{
	uint32_t id = vs->index ? strmap_find(vs->index, rel, strlen(rel)) : UINT32_MAX;
	return id == UINT32_MAX ? NULL : &vs->m[id];
}

/* Stream the archive; returns 0 if it could be read to its end, -1 if damaged. */
static int read_members(const char *file, struct verify_state *vs, sha256_hex_t file_sha,
			unsigned long long *file_bytes)
{
	struct bag_reader *r = bag_reader_open(file);
	if (!r)
		pga_die_errno("cannot open %s", file);
	struct archive_entry *e;
	int rc;
	static char buf[1 << 16];
	while ((rc = bag_reader_next(r, &e)) == 1) {
		const char *name = archive_entry_pathname(e);
		const char *why;
		if (bag_name_check(name, &why) < 0) {
			problem(vs, "UNSAFE %s: %s", name ? dv(name) : "(unnamed)", why);
			continue;
		}
		if (!bag_entry_is_file(e)) {
			problem(vs, "ADDED %s: not a regular file (evidence archives hold regular files only)", dv(name));
			continue;
		}
		const char *slash = strchr(name, '/');
		if (!slash) {
			problem(vs, "ADDED %s: outside the bag's directory", dv(name));
			continue;
		}
		if (!vs->root)
			vs->root = xstrndup(name, (size_t)(slash - name));
		else if (strlen(vs->root) != (size_t)(slash - name) || strncmp(vs->root, name, (size_t)(slash - name)))
		{
			problem(vs, "ADDED %s: outside the bag's directory %s/", dv(name), dv(vs->root));
			continue;
		}
		const char *rel = slash + 1;
		if (find_member(vs, rel)) {
			problem(vs, "ADDED %s: a second member with this name", dv(rel));
			continue;
		}
		int tag = -1;
		for (int i = 0; i < 5; i++)
			if (strcmp(rel, tag_names[i]) == 0)
				tag = i;
		struct sha256_ctx *c = sha256_new();
		unsigned long long size = 0;
		long n;
		struct readback_copy *rb = vs->rb && strcmp(rel, READBACK_MEMBER) == 0 ? vs->rb : NULL;
		if (rb)
			rb->seen = 1;
		while ((n = bag_reader_data(r, buf, sizeof(buf))) > 0) {
			sha256_update(c, buf, (size_t)n);
			if (rb)
				readback_copy_feed(rb, buf, (size_t)n);
			size += (unsigned long long)n;
			if (tag >= 0) {
				if (size > BAG_MAX_TAG_FILE)
					pga_die("%s: tag file %s is larger than %u bytes", file, dv(rel), BAG_MAX_TAG_FILE);
				strbuf_add(&vs->tag[tag], buf, (size_t)n);
			}
		}
		sha256_hex_t sha;
		sha256_finish(c, sha);
		if (n < 0)
			break;
		if (tag >= 0)
			vs->have_tag[tag] = 1;
		ALLOC_GROW(vs->m, vs->n + 1, vs->cap, 64);
		if (!vs->index)
			vs->index = strmap_new();
		strmap_intern(vs->index, rel, strlen(rel), NULL);
		struct member *m = &vs->m[vs->n++];
		m->rel = xstrdup(rel);
		memcpy(m->sha, sha, sizeof(sha256_hex_t));
		m->size = size;
		m->listed = 0;
	}
	int ok = rc == 0 && bag_reader_finish(r, file_sha, file_bytes) == 0;
	if (!ok)
		problem(vs, "DAMAGED %s: %s", file, dt(bag_reader_error(r)));
	bag_reader_close(r);
	return ok ? 0 : -1;
}

/* Check the members against a manifest (payload when data != 0, else tag). */
static void check_manifest(struct verify_state *vs, int which, int data)
{
	const char *mname = tag_names[which];
	if (!vs->have_tag[which]) {
		problem(vs, "MISSING %s: the bag has no %s", mname, data ? "payload manifest" : "tag manifest");
		return;
	}
	struct bagit_manifest m;
	char *err = NULL;
	if (bagit_manifest_parse(vs->tag[which].buf, vs->tag[which].len, &m, &err) < 0) {
		problem(vs, "CHANGED %s: %s", mname, dt(err));
		free(err);
		return;
	}
	for (size_t i = 0; i < m.n; i++) {
		const char *path = m.entries[i].path;
		int is_data = strncmp(path, "data/", 5) == 0;
		if (is_data != data) {
			problem(vs, "CHANGED %s: lists %s, which belongs in the %s manifest", mname, dv(path),
				data ? "tag" : "payload");
			continue;
		}
		struct member *mem = find_member(vs, path);
		if (!mem) {
			problem(vs, "MISSING %s: listed in %s, not in the archive", dv(path), mname);
			continue;
		}
		mem->listed = 1;
		if (strcmp(mem->sha, m.entries[i].sha) != 0)
			problem(vs, "CHANGED %s: sha256 %s, %s says %s", dv(path), mem->sha, mname, dv(m.entries[i].sha));
	}
	bagit_manifest_free(&m);
}

static void check_signature(struct verify_state *vs, const char *keyfile)
{
	struct member *tm = find_member(vs, "tagmanifest-sha256.txt");
	if (!vs->have_tag[TAG_SIGNATURE]) {
		if (keyfile)
			problem(vs, "MISSING %s: --key given but the archive is not signed", SIGNATURE_FILE);
		return;
	}
	find_member(vs, SIGNATURE_FILE)->listed = 1;
	if (!keyfile) {
		printf("note: the archive is signed (%s); pass --key PUBFILE to check the signature\n",
		       SIGNATURE_FILE);
		return;
	}
	char *payload = NULL, *type = NULL, *err = NULL;
	size_t plen;
	sha256_hex_t keyid;
	if (dsse_verify_ed25519(keyfile, vs->tag[TAG_SIGNATURE].buf, vs->tag[TAG_SIGNATURE].len, &payload, &plen,
				&type, keyid, &err) < 0) {
		problem(vs, "BADSIG %s: %s", SIGNATURE_FILE, dt(err));
		free(err);
		return;
	}
	json_t *st = json_loadb(payload, plen, 0, NULL);
	const char *stype = json_string_value(json_object_get(st, "_type"));
	json_t *subj = json_array_get(json_object_get(st, "subject"), 0);
	const char *sname = json_string_value(json_object_get(subj, "name"));
	const char *sdigest = json_string_value(json_object_get(json_object_get(subj, "digest"), "sha256"));
	if (strcmp(type, INTOTO_PAYLOAD_TYPE) != 0 || !stype || strcmp(stype, STATEMENT_TYPE) != 0 || !sname ||
	    strcmp(sname, "tagmanifest-sha256.txt") != 0 || !sdigest)
		problem(vs, "BADSIG %s: the signed payload is not an in-toto Statement v1 about tagmanifest-sha256.txt",
			SIGNATURE_FILE);
	else if (!tm || strcmp(sdigest, tm->sha) != 0)
		problem(vs, "BADSIG %s: signed tagmanifest-sha256.txt sha256 %s, the archive's is %s", SIGNATURE_FILE,
			dv(sdigest), tm ? tm->sha : "(missing)");
	else
		printf("ok: signature by key %s over tagmanifest-sha256.txt (sha256 %s)\n", keyid, sdigest);
	json_decref(st);
	free(payload);
	free(type);
}

/* The chain anchor bag-info.txt recorded (an archive of an older version has none) is still
 * the row_hash of that log_id: a chain re-hashed from an edited row before it changes it. */
static void check_chain_anchor(struct verify_state *vs, PGconn *c, const char *run_id, int recorded)
{
	if (!vs->have_tag[TAG_INFO])
		return;
	char *anchor = bagit_info_value(vs->tag[TAG_INFO].buf, vs->tag[TAG_INFO].len,
					"PgGit-Audit-Compliance-Chain-Anchor");
	if (!anchor)
		return;
	char *sp = strchr(anchor, ' ');
	unsigned long long log_id;
	if (!sp || (*sp = '\0', parse_u64(anchor, &log_id) < 0) || !is_sha256_hex(sp + 1, strlen(sp + 1))) {
		problem(vs, "CHANGED bag-info.txt: PgGit-Audit-Compliance-Chain-Anchor is not \"LOG_ID SHA256\"");
		free(anchor);
		return;
	}
	const char *p[] = { anchor };
	PGresult *r = pg_query(c, "SELECT row_hash, run_id FROM pggit_audit.compliance_log WHERE log_id = $1::bigint", 1,
			       p, "reading the compliance_log row the archive anchors");
	if (PQntuples(r) == 0)
		problem(vs, "RECORD compliance_log row %s, the run's last verification row the archive anchors, is gone",
			dv(anchor));
	/* a row of another run under that log_id: most likely --target reaches another
	   database than the one the run was verified in, not a re-hashed log of this one */
	else if (PQgetisnull(r, 0, 1) || strcmp(PQgetvalue(r, 0, 1), run_id) != 0)
		problem(vs, "RECORD compliance_log row %s belongs to run %s, not to the archive's run %s: --target is not "
			    "the database this run was verified in (see data/evidence.json's target), or its log was "
			    "replaced",
			dv(anchor), PQgetisnull(r, 0, 1) ? "(none)" : dv(PQgetvalue(r, 0, 1)), dv(run_id));
	else if (strcmp(PQgetvalue(r, 0, 0), sp + 1) != 0 && recorded)
		problem(vs, "RECORD compliance_log row %s has row_hash %s, the archive recorded %s: the log was "
			    "rewritten up to that row and re-hashed",
			dv(anchor), PQgetvalue(r, 0, 0), dv(sp + 1));
	/* the same store loaded into two databases gives the same run id and log ids, with
	   other hashes (times): without this archive's record, the target may be the other */
	else if (strcmp(PQgetvalue(r, 0, 0), sp + 1) != 0)
		problem(vs, "RECORD compliance_log row %s has row_hash %s, the archive recorded %s: the target does not "
			    "record this archive, so either --target is not the database it was made against (see "
			    "data/evidence.json's target) or the log was rewritten up to that row and re-hashed",
			dv(anchor), PQgetvalue(r, 0, 0), dv(sp + 1));
	else
		printf("ok: compliance_log row %s still has the row_hash the archive recorded (chain anchored)\n",
		       dv(anchor));
	PQclear(r);
	free(anchor);
}

/*
 * The changes this run's verification vouched for must still be in the target as the
 * verification read them back. The hash chain pins a change by its id only, so an owner
 * of pggit_audit.changes (or a superuser) could rewrite a verified change's definitions,
 * author or time without breaking the chain; the archive kept the read-back, now in the
 * session's scratch table, and the server compares the two row by row. Rows of other runs
 * in the read-back are not compared: a later rollback may delete their unverified changes.
 */
static void check_verified_rows(struct verify_state *vs, const char *run_id)
{
	struct readback_copy *rb = vs->rb;
	if (!rb->seen) {
		problem(vs, "RECORD rows not checked: the archive holds no %s", READBACK_MEMBER);
		return;
	}
	if (rb->err.len) {
		problem(vs, "RECORD rows not checked: %s could not be read: %s", READBACK_MEMBER, dt(rb->err.buf));
		return;
	}
	if (rb->ncols < NCOLS(readback_cols))
		printf("note: the archive's read-back was made before round 16 and holds no committer or "
		       "classification: those columns of the verified changes are not compared\n");
	struct strbuf differs = STRBUF_INIT, which = STRBUF_INIT;
	for (size_t i = 0; i < rb->ncols; i++) {
		/* the CSV cannot be trusted to keep NULL apart from '' (both mean "none" here) */
		strbuf_addf(&differs, "%scoalesce(l.%s::text, '') <> coalesce(a.%s, '')", i ? " OR " : "", readback_cols[i],
			    readback_cols[i]);
		strbuf_addf(&which, " WHEN coalesce(l.%s::text, '') <> coalesce(a.%s, '') THEN '%s'", readback_cols[i],
			    readback_cols[i], readback_cols[i]);
	}
	char *sql = xasprintf(
		"SELECT a.change_id, a.commit_sha, a.path, l.change_id IS NULL, CASE%s END, count(*) OVER () "
		"FROM pg_temp.archived_read_back a "
		"LEFT JOIN (SELECT " READBACK_COLUMNS " FROM pggit_audit.changes) l ON l.change_id::text = a.change_id "
		"WHERE a.change_id IN (SELECT g.change_id::text FROM pggit_audit.compliance_log g "
		"                      WHERE g.run_id = $1 AND g.change_id IS NOT NULL) "
		"AND (l.change_id IS NULL OR %s) "
		"ORDER BY a.generation::bigint, a.commit_sha COLLATE \"C\", a.path COLLATE \"C\" LIMIT 5",
		which.buf, differs.buf);
	const char *params[] = { run_id };
	PGresult *q = pg_query(rb->c, sql, 1, params, "comparing the verified changes with the archived read-back");
	for (int i = 0; i < PQntuples(q); i++) {
		if (strcmp(PQgetvalue(q, i, 3), "t") == 0)
			problem(vs, "RECORD change %s (%s at commit %s), verified by run %s, is gone from the target",
				dv(PQgetvalue(q, i, 0)), dv(PQgetvalue(q, i, 2)), dv(PQgetvalue(q, i, 1)), dv(run_id));
		else
			problem(vs, "RECORD change %s (%s at commit %s), verified by run %s: its %s is not what the verification "
				    "read back (%s): the row was rewritten after its verification",
				dv(PQgetvalue(q, i, 0)), dv(PQgetvalue(q, i, 2)), dv(PQgetvalue(q, i, 1)), dv(run_id),
				PQgetvalue(q, i, 4),
				READBACK_MEMBER);
	}
	if (PQntuples(q) > 0 && atoll(PQgetvalue(q, 0, 5)) > PQntuples(q))
		problem(vs, "RECORD %lld verified changes in all differ from the archived read-back (the first %d above)",
			atoll(PQgetvalue(q, 0, 5)), PQntuples(q));
	else if (PQntuples(q) == 0)
		printf("ok: every change run %s verified is in the target as the verification read it back\n",
		       dv(run_id));
	PQclear(q);
	free(sql);
	strbuf_release(&differs);
	strbuf_release(&which);
}

static void check_target(struct verify_state *vs, PGconn *c, const char *run_id, const sha256_hex_t file_sha,
			 unsigned long long file_bytes)
{
	const char *p[] = { run_id };
	PGresult *r = pg_query(c,
			       "SELECT e.evidence_id, e.archive_sha256, e.archive_bytes, l.log_id, "
			       "       l.notes = pggit_audit.evidence_note(e.evidence_id, e.bag_name, e.archive_sha256, "
			       "                                           e.archive_bytes, e.tagmanifest_sha256) "
			       "         AND l.run_id = e.run_id "
			       "  FROM pggit_audit.evidence_archives e "
			       "  LEFT JOIN pggit_audit.compliance_log l ON l.evidence_id = e.evidence_id "
			       " WHERE e.run_id = $1 ORDER BY e.evidence_id",
			       1, p, "reading pggit_audit.evidence_archives");
	int found = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		if (strcmp(PQgetvalue(r, i, 1), file_sha) != 0)
			continue;
		found = 1;
		if ((unsigned long long)atoll(PQgetvalue(r, i, 2)) != file_bytes)
			problem(vs, "RECORD evidence_id %s: records %s bytes, the archive has %llu", PQgetvalue(r, i, 0),
				PQgetvalue(r, i, 2), file_bytes);
		else if (PQgetisnull(r, i, 3) || strcmp(PQgetvalue(r, i, 4), "t") != 0)
			problem(vs, "RECORD evidence_id %s: its compliance_log row is missing or does not repeat the "
				    "recorded hash (edited evidence row?)",
				PQgetvalue(r, i, 0));
		else
			printf("ok: archive sha256 %s recorded in the target as evidence_id %s (compliance_log %s)\n",
			       file_sha, PQgetvalue(r, i, 0), PQgetvalue(r, i, 3));
	}
	if (!found) {
		if (PQntuples(r) == 0)
			problem(vs, "RECORD run %s: the target records no evidence archive of this run", dv(run_id));
		for (int i = 0; i < PQntuples(r); i++)
			problem(vs, "RECORD archive sha256 %s differs from the one recorded for run %s (evidence_id %s: %s)",
				file_sha, dv(run_id), PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
	}
	PQclear(r);
	r = pg_query(c, "SELECT log_id, problem FROM pggit_audit.verify_log_chain()", 0, NULL,
		     "checking the compliance_log hash chain");
	if (PQntuples(r) > 0)
		problem(vs, "RECORD compliance_log hash chain broken at log_id %s: %s", PQgetvalue(r, 0, 0),
			PQgetvalue(r, 0, 1));
	PQclear(r);
	check_chain_anchor(vs, c, run_id, found);
	check_verified_rows(vs, run_id);
}

static int verify_archive(const char *file, const char *keyfile, const char *target)
{
	struct verify_state vs;
	memset(&vs, 0, sizeof(vs));
	for (int i = 0; i < 5; i++)
		strbuf_init(&vs.tag[i], 0);
	sha256_hex_t file_sha = "";
	unsigned long long file_bytes = 0;
	struct readback_copy rb = { 0 };
	if (target) { /* the read-back is copied to the target while the one pass reads it */
		PGconn *tc = pg_connect(target, "target");
		pg_refuse_row_security(tc, "refusing target rows hidden by row-level security");
		readback_copy_begin(&rb, tc);
		vs.rb = &rb;
	}
	int intact_stream = read_members(file, &vs, file_sha, &file_bytes) == 0;
	if (target)
		readback_copy_end(&rb);
	/* every member is a regular file, so one below another cannot be unpacked (--extract
	   refuses it, and no work directory holds it): the archive is not intact */
	for (size_t i = 0; i < vs.n; i++) {
		const char *rel = vs.m[i].rel;
		for (const char *p = strchr(rel, '/'); p; p = strchr(p + 1, '/')) {
			uint32_t up = strmap_find(vs.index, rel, (size_t)(p - rel));
			if (up != UINT32_MAX) {
				problem(&vs, "UNSAFE %s/%s: below %s/%s, a file", dv(vs.root), dv(rel), dv(vs.root),
					dv(vs.m[up].rel));
				break;
			}
		}
	}

	if (!vs.have_tag[TAG_BAGIT])
		problem(&vs, "MISSING bagit.txt: not a BagIt bag");
	else if (strcmp(vs.tag[TAG_BAGIT].buf, BAGIT_TXT) != 0)
		problem(&vs, "CHANGED bagit.txt: not the BagIt 1.0 declaration");
	check_manifest(&vs, TAG_MANIFEST, 1);
	check_manifest(&vs, TAG_TAGMANIFEST, 0);
	struct member *self = find_member(&vs, "tagmanifest-sha256.txt");
	if (self)
		self->listed = 1;
	check_signature(&vs, keyfile);

	unsigned long long data_bytes = 0, data_count = 0;
	for (size_t i = 0; i < vs.n; i++) {
		int is_data = strncmp(vs.m[i].rel, "data/", 5) == 0;
		if (is_data) {
			data_bytes += vs.m[i].size;
			data_count++;
		}
		if (!vs.m[i].listed)
			problem(&vs, "ADDED %s: not listed in %s", dv(vs.m[i].rel),
				is_data ? "manifest-sha256.txt" : "tagmanifest-sha256.txt");
	}
	char *run_id = NULL;
	if (vs.have_tag[TAG_INFO]) {
		char *oxum = bagit_info_value(vs.tag[TAG_INFO].buf, vs.tag[TAG_INFO].len, "Payload-Oxum");
		char want[64];
		snprintf(want, sizeof(want), "%llu.%llu", data_bytes, data_count);
		if (!oxum || strcmp(oxum, want) != 0)
			problem(&vs, "CHANGED bag-info.txt: Payload-Oxum %s, the payload is %s", oxum ? dv(oxum) : "(none)",
				want);
		free(oxum);
		run_id = bagit_info_value(vs.tag[TAG_INFO].buf, vs.tag[TAG_INFO].len, "External-Identifier");
	}
	/* no manifest covers the bag directory's name: bag-info.txt, which the tag manifest
	   (and so the signature) covers, says which run it must name */
	if (run_id && vs.root) {
		char *want_root = xasprintf("pggit-audit-evidence-%s", run_id);
		if (strcmp(vs.root, want_root) != 0)
			problem(&vs, "CHANGED %s/: the bag directory of run %s (bag-info.txt) is %s/", dv(vs.root),
				dv(run_id), dv(want_root));
		free(want_root);
	}
	if (target) {
		if (!intact_stream)
			problem(&vs, "RECORD not checked: the archive could not be read to its end");
		else if (!run_id)
			problem(&vs, "RECORD not checked: bag-info.txt names no run (External-Identifier)");
		else
			check_target(&vs, rb.c, run_id, file_sha, file_bytes);
	}
	if (vs.problems == 0) {
		printf("ok: %s: %zu members, payload %llu files %llu bytes, manifests match; archive sha256 %s\n", file,
		       vs.n, data_count, data_bytes, file_sha);
	} else {
		printf("FAILED: %s: %u problem%s\n", file, vs.problems, vs.problems == 1 ? "" : "s");
	}
	free(run_id);
	if (target) {
		PQfinish(rb.c);
		strbuf_release(&rb.err);
	}
	for (size_t i = 0; i < vs.n; i++)
		free(vs.m[i].rel);
	free(vs.m);
	strmap_free(vs.index);
	free(vs.root);
	for (int i = 0; i < 5; i++)
		strbuf_release(&vs.tag[i]);
	return vs.problems ? 1 : 0;
}

/* ---- extract ---- */

/* 0 if the entry may be written into the extraction directory, else -1 and *why. */
static int entry_safe(struct archive_entry *e, const char **why)
{
	const char *name = archive_entry_pathname(e);
	if (bag_name_check(name, why) < 0)
		return -1;
	if (archive_entry_hardlink(e)) {
		*why = "hard link";
		return -1;
	}
	if (archive_entry_symlink(e) || archive_entry_filetype(e) == AE_IFLNK) {
		*why = "symbolic link";
		return -1;
	}
	mode_t t = archive_entry_filetype(e);
	if (t != AE_IFREG && t != AE_IFDIR) {
		*why = "device, FIFO or socket";
		return -1;
	}
	return 0;
}

/*
 * Members that are each safe may still not all be writable: a name twice, or a file
 * with another member below it. Written in order, the first of them would already be
 * on disk when the second failed, so pass 1 refuses them. names holds each member's
 * name (a directory's without its trailing '/') and types its file type.
 */
static int clashes(struct strmap *names, const mode_t *types)
{
	int bad = 0;
	for (uint32_t id = 0; id < strmap_count(names); id++) {
		const char *name = strmap_key(names, id);
		for (const char *p = strchr(name, '/'); p; p = strchr(p + 1, '/')) {
			uint32_t up = strmap_find(names, name, (size_t)(p - name));
			if (up != UINT32_MAX && types[up] != AE_IFDIR) {
				printf("UNSAFE %s: below %s, a file\n", dv(name), dv(strmap_key(names, up)));
				bad++;
				break;
			}
		}
	}
	return bad;
}

/* The temporary directory of an extraction under way, removed if it does not finish. */
static char *extract_tmp;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_extract_tmp(void *arg)
{
	(void)arg;
	if (!extract_tmp)
		return;
	if (chdir("/") == 0)
		nftw(extract_tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(extract_tmp);
	extract_tmp = NULL;
}

/* Die unless dir is absent or an empty directory: checked before the archive is read,
 * so a mistyped DIR costs no pass over a large archive. */
static void check_extract_dir(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			pga_die("%s exists and is not a directory", dir);
		DIR *d = opendir(dir);
		if (!d)
			pga_die_errno("cannot open %s", dir);
		struct dirent *de;
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				pga_die("%s is not empty: extract into a new directory", dir);
		closedir(d);
	}
}

/*
 * Die unless the members' bytes (their declared sizes, read in pass 1) fit where they go
 * (bag_room_check()): a zstd stream of a few kilobytes can declare gigabytes of zeros, and
 * the writes used to go on until the disk was full, or until the kernel killed the process
 * at its file size limit with the temporary directory left. An evidence archive holds a
 * work directory: its size is known before one byte is written.
 */
static void check_extract_space(const char *file, const char *dir, const char *probe, unsigned long long total,
				unsigned long long largest, const char *largest_name)
{
	char why[200];
	int rc = bag_room_check(probe, total, 0, why, sizeof(why));
	if (rc == -2)
		pga_die_errno("cannot read the free space of %s", probe);
	if (rc < 0)
		pga_die("%s: its members hold %s where %s goes; nothing extracted", file, why, dir);
	if (bag_room_check(probe, 0, largest, why, sizeof(why)) == -1)
		pga_die("%s: member %s holds %s; nothing extracted", file, dv(largest_name), why);
}

static int extract_archive(const char *file, const char *dir)
{
	check_extract_dir(dir);
	/* pass 1: refuse the whole archive if any member is unsafe, before writing anything */
	struct bag_reader *r = bag_reader_open(file);
	if (!r)
		pga_die_errno("cannot open %s", file);
	struct archive_entry *e;
	int rc, bad = 0;
	unsigned long long total = 0, largest = 0;
	char *largest_name = NULL;
	struct strmap *names = strmap_new();
	mode_t *types = NULL;
	size_t types_cap = 0;
	while ((rc = bag_reader_next(r, &e)) == 1) {
		const char *why;
		if (entry_safe(e, &why) < 0) {
			printf("UNSAFE %s: %s\n", archive_entry_pathname(e) ? dv(archive_entry_pathname(e)) : "(unnamed)",
			       why);
			bad++;
			continue;
		}
		const char *name = archive_entry_pathname(e);
		size_t len = strlen(name);
		if (len > 1 && name[len - 1] == '/')
			len--;
		int added;
		uint32_t id = strmap_intern(names, name, len, &added);
		if (!added) {
			printf("UNSAFE %s: duplicate member\n", dv(name));
			bad++;
			continue;
		}
		ALLOC_GROW(types, (size_t)id + 1, types_cap, 64);
		types[id] = archive_entry_filetype(e);
		if (types[id] == AE_IFREG) {
			la_int64_t size = archive_entry_size(e);
			unsigned long long u = size > 0 ? (unsigned long long)size : 0;
			total = u > ~0ULL - total ? ~0ULL : total + u;
			if (u > largest) {
				largest = u;
				free(largest_name);
				largest_name = xstrdup(name);
			}
		}
	}
	/* read to the very end, as --verify does: bytes after the zstd frame, a second
	   frame, non-zero bytes after the end-of-archive marker, a truncated frame or a
	   failed content checksum make the archive damaged, not extractable */
	sha256_hex_t file_sha;
	if (rc < 0 || bag_reader_finish(r, file_sha, NULL) < 0)
		pga_die("%s: %s; nothing extracted", file, bag_reader_error(r));
	bag_reader_close(r);
	bad += clashes(names, types);
	strmap_free(names);
	free(types);
	if (bad)
		pga_die("%s: %d unsafe member%s; nothing extracted", file, bad, bad == 1 ? "" : "s");

	/*
	 * Nothing half-written: the members go into a new directory next to DIR, renamed
	 * to DIR only once all of them are written (rename() takes the place of an empty
	 * DIR, not of one holding anything) and removed on any failure.
	 */
	char *copy = xstrdup(dir);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	char *slash = strrchr(copy, '/');
	char *parent = slash ? (slash == copy ? xstrdup("/") : xstrndup(copy, (size_t)(slash - copy))) : xstrdup(".");
	const char *base = slash ? slash + 1 : copy;
	/* before the space check: a killed extraction's directory holds up to a whole
	   archive's bytes, and would otherwise make this one refuse for want of room */
	atomic_clean_stale_dirs(copy, "extract");
	/* checked on the nearest directory that exists, before any of DIR's parents is made */
	char *probe = xstrdup(parent);
	struct stat pst;
	while (stat(probe, &pst) < 0 && strcmp(probe, ".") && strcmp(probe, "/")) {
		char *up = strrchr(probe, '/');
		if (up == probe)
			up[1] = '\0';
		else if (up)
			*up = '\0';
		else
			strcpy(probe, ".");
	}
	check_extract_space(file, dir, probe, total, largest, largest_name);
	free(probe);
	free(largest_name);
	if (mkdir_p(parent, 0755) < 0)
		pga_die_errno("cannot create %s", parent);
	/* absolute: the extraction runs inside the temporary directory */
	char *abs_parent = realpath(parent, NULL);
	if (!abs_parent)
		pga_die_errno("cannot resolve %s", parent);
	char *dest = path_join(abs_parent, base);
	/* the pid in the name: a later extraction removes it if this process is killed, and
	   never while it runs */
	char *tmpl = atomic_tmpdir_template(dest, "extract");
	pga_at_cleanup(remove_extract_tmp, NULL);
	if (!mkdtemp(tmpl))
		pga_die_errno("cannot create a temporary directory next to %s", dir);
	extract_tmp = realpath(tmpl, NULL);
	if (!extract_tmp) {
		rmdir(tmpl);
		pga_die_errno("cannot resolve %s", tmpl);
	}
	/* mkdtemp's 0700 widened to what mkdir gives, no more: a umask 077 keeps DIR private
	   like every member below it (libarchive applies the umask to those) */
	mode_t mask = umask(0);
	umask(mask);
	if (chmod(extract_tmp, 0755 & ~mask) < 0)
		pga_die_errno("cannot set the mode of %s", extract_tmp);
	if (chdir(extract_tmp) < 0)
		pga_die_errno("cannot enter %s", extract_tmp);
	/* pass 2: write, with libarchive's own guards as a second line of defence */
	r = bag_reader_open(file); /* an absolute path (see main) */
	if (!r)
		pga_die_errno("cannot open %s", file);
	struct archive *disk = archive_write_disk_new();
	archive_write_disk_set_options(disk, ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
						     ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS |
						     ARCHIVE_EXTRACT_NO_OVERWRITE);
	unsigned long files = 0;
	static char buf[1 << 16];
	while ((rc = bag_reader_next(r, &e)) == 1) {
		const char *why;
		if (entry_safe(e, &why) < 0)
			pga_die("%s: member %s changed between passes (%s)", file, dv(archive_entry_pathname(e)), why);
		archive_entry_set_perm(e, archive_entry_filetype(e) == AE_IFDIR ? 0755 : 0644);
		archive_entry_set_uid(e, getuid());
		archive_entry_set_gid(e, getgid());
		if (archive_write_header(disk, e) < ARCHIVE_WARN)
			pga_die("%s: cannot extract %s: %s; nothing extracted", file, dv(archive_entry_pathname(e)),
				dt(archive_error_string(disk)));
		long got;
		while ((got = bag_reader_data(r, buf, sizeof(buf))) > 0)
			if (archive_write_data(disk, buf, (size_t)got) != got)
				pga_die("%s: cannot write %s: %s; nothing extracted", file, dv(archive_entry_pathname(e)),
					dt(archive_error_string(disk)));
		if (got < 0)
			pga_die("%s: %s; nothing extracted", file, dt(bag_reader_error(r)));
		if (archive_write_finish_entry(disk) < ARCHIVE_WARN)
			pga_die("%s: cannot finish %s: %s; nothing extracted", file, dv(archive_entry_pathname(e)),
				dt(archive_error_string(disk)));
		if (archive_entry_filetype(e) == AE_IFREG)
			files++;
		fault_point("archive-extract-member");
	}
	if (rc < 0 || bag_reader_finish(r, file_sha, NULL) < 0)
		pga_die("%s: %s; nothing extracted", file, bag_reader_error(r));
	if (archive_write_close(disk) < ARCHIVE_WARN)
		pga_die("%s: cannot finish the extraction: %s; nothing extracted", file, archive_error_string(disk));
	archive_write_free(disk);
	bag_reader_close(r);
	if (rename(extract_tmp, dest) < 0)
		pga_die_errno("cannot rename %s to %s; nothing extracted", extract_tmp, dest);
	free(extract_tmp);
	extract_tmp = NULL;
	free(dest);
	free(abs_parent);
	free(tmpl);
	free(parent);
	free(copy);
	printf("extracted %lu files into %s (check them with --verify on the archive)\n", files, dir);
	return 0;
}

int main(int argc, char **argv)
{
	const char *workdir = NULL, *out = NULL, *target = NULL, *source = NULL, *sign = NULL, *verify = NULL,
		   *key = NULL, *extract = NULL;
	static const struct option opts[] = {
		{ "workdir", required_argument, NULL, 'w' }, { "output", required_argument, NULL, 'o' },
		{ "target", required_argument, NULL, 't' },  { "source", required_argument, NULL, 's' },
		{ "sign", required_argument, NULL, 'S' },    { "verify", required_argument, NULL, 'v' },
		{ "key", required_argument, NULL, 'k' },     { "extract", required_argument, NULL, 'x' },
		{ "quiet", no_argument, NULL, 'q' },         { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },       { NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-archive");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	while ((ch = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (ch) {
		case 'w': workdir = optarg; break;
		case 'o': out = optarg; break;
		case 't': target = optarg; break;
		case 's': source = optarg; break;
		case 'S': sign = optarg; break;
		case 'v': verify = optarg; break;
		case 'k': key = optarg; break;
		case 'x': extract = optarg; break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-archive %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (target && conninfo_check(target, NULL) < 0)
		pga_die("--target is not a valid conninfo");
	if (extract) {
		if (optind + 1 != argc || workdir || out || verify)
			usage(2);
		char *abs = realpath(extract, NULL);
		if (!abs)
			pga_die_errno("cannot open %s", extract);
		int rc = extract_archive(abs, argv[optind]);
		free(abs);
		return rc;
	}
	if (optind != argc)
		usage(2);
	if (verify) {
		if (workdir || out || sign)
			usage(2);
		return verify_archive(verify, key, target);
	}
	if (!workdir || !out || key)
		usage(2);
	if (!target)
		target = getenv("PGGIT_AUDIT_TARGET");
	if (!source)
		source = getenv("PGGIT_AUDIT_SOURCE");
	create_archive(workdir, out, target, source, sign);
	return 0;
}
