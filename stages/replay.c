/*
 * replay.c - pggit-audit-replay: turns the incremental pgGit v1 history
 * (the v1export stage's artifacts) into a complete pggit_v0 store, written as
 * files in exactly the export stage's format, so that the unchanged diff,
 * classify, load and verify stages run on it (docs/v1-backfill.md).
 *
 * Every history statement runs in a scratch database that this program
 * creates in the target's cluster and drops at the end, never in the source
 * or target database. Event triggers in the scratch database record which
 * objects a statement touched; only those (and the objects depending on
 * them) are rendered again with PostgreSQL's own functions, so a statement
 * costs the same whatever the size of the schema. Each statement that
 * changed something becomes one commit of a complete snapshot.
 *
 * Progress (the snapshot, the output rows, the last history row done) lives
 * in the scratch database and commits together with each batch, so a killed
 * run resumes after its last finished batch and produces the same bytes.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "display.h"
#include "artifact.h"
#include "formats.h"
#include "atomicfile.h"
#include "conninfo.h"
#include "ddl_classify.h"
#include "ddl_tree.h"
#include "pgconn.h"
#include "progress.h"
#include "store.h"
#include "strbuf.h"
#include "strmap.h"
#include "util.h"
#include "v1_baseline.h"
#include "v1_format.h"
#include "v1_history.h"
#include "v1_scratch.h"

#define STATE_FORMAT "pggit-audit-replay/4"
#define BASELINE_AUTHOR "pggit-audit baseline <>"
#define MAX_STUB_ATTEMPTS 8
#define REFUSED_EXTENSION_REASON                                                                              \
	"an extension that needs a superuser and is not trusted on the replay server (its code could act outside " \
	"the scratch database)"

static const char *const errors_cols[] = { "history_id", "sqlstate", "message", "statement" };
static const char *const warnings_cols[] = { "history_id", "object_type", "object_identity", "reason" };
static const char *const stubs_cols[] = { "history_id", "kind", "name" };

/* ---- options ---- */
static unsigned long long opt_batch = 200, opt_max_errors = (unsigned long long)-1;
static int opt_dry_run, opt_keep_scratch;
static unsigned long long opt_timeout_ms = 60000;

static PGconn *db; /* the scratch database: the only connection history SQL is sent on */

/*
 * The history row being replayed (-1: none, 0: the baseline), so that a fatal
 * error anywhere under it (a lost connection, a helper table a statement
 * managed to drop) names the row that caused it.
 */
static long long cur_history_id = -1;

static void name_current_row(void *unused)
{
	(void)unused;
	if (cur_history_id > 0)
		pga_error("the error above happened while replaying history row %lld", cur_history_id);
	else if (cur_history_id == 0)
		pga_error("the error above happened while replaying the baseline (pggit.objects.ddl_normalized)");
}

/* the helper schema's digest taken at install (v1_helper_fingerprint_sql) */
static char helper_fp[64];

/* the connection the digest's query is prepared on (NULL: none yet) */
static PGconn *fingerprint_prepared_on;

/*
 * Prepared once per connection: it runs after every statement, and planning it cost more than
 * running it (docs/performance.md). Code of the history that deallocates it makes the next check
 * fail, which stops the replay as a changed digest does.
 */
static void helper_fingerprint(char out[64])
{
	static const char name[] = "pggit_audit_helper_fingerprint";
	if (fingerprint_prepared_on != db) {
		PGresult *r = PQprepare(db, name, v1_helper_fingerprint_sql, 1, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			pga_die("preparing the check of the replay helper schema: %s", PQresultErrorMessage(r));
		PQclear(r);
		fingerprint_prepared_on = db;
	}
	const char *p[] = { V1_HELPER_SCHEMA };
	PGresult *r = PQexecPrepared(db, name, 1, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		pga_die("checking the replay helper schema: %s", PQresultErrorMessage(r));
	snprintf(out, 64, "%s", PQgetisnull(r, 0, 0) ? "" : PQgetvalue(r, 0, 0));
	PQclear(r);
}

/*
 * Die if the capture is no longer the replay's own. A history statement cannot
 * name the helper schema (the screen), but a function it defined can run later
 * (an index expression, a default) and change it through dynamic SQL; whatever
 * the statements after it did would then go missing silently.
 */
static void check_helper(long long history_id)
{
	char now[64];
	helper_fingerprint(now);
	if (strcmp(now, helper_fp) != 0) {
		if (history_id > 0)
			pga_die("history row %lld changed the replay's helper schema or its event triggers: the capture "
				"cannot be trusted from here on (the scratch database is kept for inspection)",
				history_id);
		pga_die("the baseline changed the replay's helper schema or its event triggers: the capture cannot be "
			"trusted (the scratch database is kept for inspection)");
	}
}

/* ---- the snapshot: captured object units and their paths ---- */
struct entry {
	char *unit_key, *kind, *path;
	sha256_hex_t blob;
	int live;
};
static struct entry *entries;
static size_t nentries, entries_cap;
static struct strmap *unit_ids, *path_ids;   /* key -> dense id */
static long *unit_entry, *path_entry;         /* dense id -> entry index or -1 */
static size_t unit_cap, path_cap;

static long *grow_index(long *arr, size_t *cap, uint32_t id)
{
	size_t old = *cap;
	ALLOC_GROW(arr, (size_t)id + 1, *cap, 256);
	for (size_t i = old; i < *cap; i++)
		arr[i] = -1;
	return arr;
}

static long unit_lookup(const char *key)
{
	uint32_t id = strmap_find(unit_ids, key, strlen(key));
	return id == UINT32_MAX || id >= unit_cap ? -1 : unit_entry[id];
}

static long path_lookup(const char *path)
{
	uint32_t id = strmap_find(path_ids, path, strlen(path));
	return id == UINT32_MAX || id >= path_cap ? -1 : path_entry[id];
}

static void set_unit(const char *key, long e)
{
	uint32_t id = strmap_intern(unit_ids, key, strlen(key), NULL);
	unit_entry = grow_index(unit_entry, &unit_cap, id);
	unit_entry[id] = e;
}

static void set_path(const char *path, long e)
{
	uint32_t id = strmap_intern(path_ids, path, strlen(path), NULL);
	path_entry = grow_index(path_entry, &path_cap, id);
	path_entry[id] = e;
}

/* The live entries in tree order (path in byte order), kept sorted as entries come and go, so a commit's
 * tree is written by one walk instead of a sort of the whole snapshot. */
static long *order;
static size_t norder, order_cap;

/* first position in order whose path is not below path */
static size_t order_find(const char *path)
{
	size_t lo = 0, hi = norder;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(entries[order[mid]].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void order_insert(long e)
{
	ALLOC_GROW(order, norder + 1, order_cap, 256);
	size_t at = order_find(entries[e].path);
	memmove(order + at + 1, order + at, (norder - at) * sizeof(*order));
	order[at] = e;
	norder++;
}

static void order_remove(long e)
{
	size_t at = order_find(entries[e].path);
	if (at >= norder || order[at] != e)
		pga_die("the replay's tree order lost %s (internal error)", dq(entries[e].path));
	memmove(order + at, order + at + 1, (norder - at - 1) * sizeof(*order));
	norder--;
}

/* Paths whose entry changed since the last commit: each commit records only these (its tree's change from
 * the one before, out_tree_deltas), and the export rebuilds every tree from them. Storing each commit's
 * whole tree made every statement cost as much as the snapshot is large. */
static struct strmap *dirty_ids;
static char **dirty;
static size_t ndirty, dirty_cap;

static void mark_dirty(const char *path)
{
	if (!dirty_ids)
		dirty_ids = strmap_new();
	int added = 0;
	strmap_intern(dirty_ids, path, strlen(path), &added);
	if (!added)
		return;
	ALLOC_GROW(dirty, ndirty + 1, dirty_cap, 64);
	dirty[ndirty++] = xstrdup(path);
}

static long add_entry(const char *key, const char *kind, const char *path, const char *blob)
{
	ALLOC_GROW(entries, nentries + 1, entries_cap, 256);
	struct entry *e = &entries[nentries];
	e->unit_key = xstrdup(key);
	e->kind = xstrdup(kind);
	e->path = xstrdup(path);
	memcpy(e->blob, blob, SHA256_HEX_LEN + 1);
	e->live = 1;
	set_unit(key, (long)nentries);
	set_path(path, (long)nentries);
	order_insert((long)nentries);
	return (long)nentries++;
}

static void load_snapshot(void)
{
	unit_ids = strmap_new();
	path_ids = strmap_new();
	PGresult *r = pg_query(db, "SELECT unit_key, kind, path, blob_sha FROM pggit_audit_replay.snapshot "
				   "ORDER BY path COLLATE \"C\"", 0, NULL, "reading the replay snapshot");
	for (int i = 0; i < PQntuples(r); i++)
		add_entry(PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
	PQclear(r);
}

/* ---- state kept in the scratch database ---- */
struct state {
	long long last_history_id;
	char head[SHA256_HEX_LEN + 1]; /* "" before the first commit */
	long long generation;
	unsigned long long applied, failed, skipped, batches, statements_failed;
	int baseline_done;
	char last_time[40];            /* last known created_at, for rows without one */
	long long inflight;            /* an autocommit statement's history row, committed before it runs */
};
static struct state st;

static void save_state(void)
{
	char last[32], gen[32], ap[32], fa[32], sk[32], ba[32], infl[32];
	snprintf(last, sizeof(last), "%lld", st.last_history_id);
	snprintf(gen, sizeof(gen), "%lld", st.generation);
	snprintf(ap, sizeof(ap), "%llu", st.applied);
	snprintf(fa, sizeof(fa), "%llu", st.failed);
	snprintf(sk, sizeof(sk), "%llu", st.skipped);
	snprintf(ba, sizeof(ba), "%llu", st.batches);
	snprintf(infl, sizeof(infl), "%lld", st.inflight);
	const char *p[] = { last, st.head[0] ? st.head : NULL, gen, ap, fa, sk, ba, st.baseline_done ? "t" : "f",
			    st.last_time[0] ? st.last_time : NULL, st.inflight ? infl : NULL };
	PGresult *r = pg_query(db,
			       "UPDATE pggit_audit_replay.state SET last_history_id = $1, head = $2, generation = $3, "
			       "applied = $4, failed = $5, skipped = $6, batches = $7, baseline_done = $8, last_time = $9, "
			       "inflight_history_id = $10",
			       10, p, "saving the replay progress");
	PQclear(r);
}

static void load_state(void)
{
	PGresult *r = pg_query(db,
			       "SELECT last_history_id, coalesce(head, ''), generation, applied, failed, skipped, batches, "
			       "baseline_done, coalesce(last_time, ''), "
			       "(SELECT count(*) FROM pggit_audit_replay.out_errors), "
			       "coalesce(helper_fingerprint, ''), coalesce(inflight_history_id, 0) FROM pggit_audit_replay.state",
			       0, NULL, "reading the replay progress");
	if (PQntuples(r) != 1)
		pga_die("the scratch database has no progress row: drop it and run again");
	st.last_history_id = atoll(PQgetvalue(r, 0, 0));
	snprintf(st.head, sizeof(st.head), "%s", PQgetvalue(r, 0, 1));
	st.generation = atoll(PQgetvalue(r, 0, 2));
	st.applied = strtoull(PQgetvalue(r, 0, 3), NULL, 10);
	st.failed = strtoull(PQgetvalue(r, 0, 4), NULL, 10);
	st.skipped = strtoull(PQgetvalue(r, 0, 5), NULL, 10);
	st.batches = strtoull(PQgetvalue(r, 0, 6), NULL, 10);
	st.baseline_done = strcmp(PQgetvalue(r, 0, 7), "t") == 0;
	snprintf(st.last_time, sizeof(st.last_time), "%s", PQgetvalue(r, 0, 8));
	st.statements_failed = strtoull(PQgetvalue(r, 0, 9), NULL, 10);
	snprintf(helper_fp, sizeof(helper_fp), "%s", PQgetvalue(r, 0, 10));
	st.inflight = atoll(PQgetvalue(r, 0, 11));
	PQclear(r);
}

/* ---- output rows (in the scratch database, exported at the end) ---- */

static void put_object(const char *sha, const char *type, long long size, const char *content, int *inserted)
{
	char sz[32];
	snprintf(sz, sizeof(sz), "%lld", size);
	const char *p[] = { sha, type, sz, content };
	PGresult *r = pg_query(db,
			       "INSERT INTO pggit_audit_replay.out_objects (sha, type, size, content) VALUES ($1, $2, $3, $4) "
			       "ON CONFLICT (sha) DO NOTHING RETURNING sha",
			       4, p, "recording an object");
	if (inserted)
		*inserted = PQntuples(r) > 0;
	PQclear(r);
}

static void blob_sha_of(const char *def, sha256_hex_t out)
{
	long long chars = utf8_char_count(def, strlen(def), NULL);
	if (chars < 0)
		pga_die("a rendered definition is not valid UTF-8");
	pggit_object_sha("blob", chars, def, strlen(def), out);
}

static void account(long long history_id, const char *status, long long statement_of, const char *commit,
		    const char *reason)
{
	char id[32], of[32];
	snprintf(id, sizeof(id), "%lld", history_id);
	snprintf(of, sizeof(of), "%lld", statement_of);
	const char *p[] = { id, status, statement_of ? of : NULL, commit, reason };
	PGresult *r = pg_query(db,
			       "INSERT INTO pggit_audit_replay.out_accounting (history_id, status, statement_of, commit_sha, "
			       "reason) VALUES ($1, $2, $3, $4, $5)",
			       5, p, "recording what happened to a history row");
	PQclear(r);
	if (!strcmp(status, "applied"))
		st.applied++;
	else if (!strcmp(status, "failed"))
		st.failed++;
	else
		st.skipped++;
}

static void warn_row(long long history_id, const char *type, const char *identity, const char *reason)
{
	char id[32];
	snprintf(id, sizeof(id), "%lld", history_id);
	const char *p[] = { history_id ? id : NULL, type, identity, reason };
	PGresult *r = pg_query(db,
			       "INSERT INTO pggit_audit_replay.out_warnings (history_id, object_type, object_identity, reason) "
			       "VALUES ($1, $2, $3, $4)",
			       4, p, "recording a warning");
	PQclear(r);
}

/* ---- one commit of the current snapshot ---- */

static int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The change of the current tree since the last commit, as a JSON array of [path, blob sha or null] sorted by
 * path, for out_tree_deltas; resets the dirty paths. */
static char *take_tree_delta(void)
{
	if (ndirty > 1)
		qsort(dirty, ndirty, sizeof(*dirty), str_ptr_cmp);
	json_t *a = json_array();
	for (size_t i = 0; i < ndirty; i++) {
		long e = path_lookup(dirty[i]);
		json_t *change = json_pack("[s, o]", dirty[i],
					   e >= 0 && entries[e].live ? json_string(entries[e].blob) : json_null());
		if (!change)
			pga_die("the path %s is not valid UTF-8", dq(dirty[i]));
		json_array_append_new(a, change);
		free(dirty[i]);
	}
	ndirty = 0;
	strmap_free(dirty_ids);
	dirty_ids = NULL;
	char *text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	if (!text)
		pga_die("encoding a tree's change (internal error)");
	return text;
}

static void write_commit(const char *ident, const char *timestamp, const char *message, char commit_out[65])
{
	/* the tree: every live entry, in path order (kept sorted) */
	struct strbuf raw = STRBUF_INIT;
	for (size_t i = 0; i < norder; i++) {
		const struct entry *en = &entries[order[i]];
		struct tree_entry te = { .mode = "100644", .path = en->path, .path_len = strlen(en->path), .sha = en->blob };
		tree_raw_build(&te, 1, &raw);
	}
	long long chars = utf8_char_count(raw.buf, raw.len, NULL);
	if (chars < 0)
		pga_die("a tree path is not valid UTF-8");
	sha256_hex_t tree;
	pggit_object_sha("tree", chars, raw.buf, raw.len, tree);
	/* not the tree object itself: only its change from the last commit's tree, from which the export rebuilds
	 * it (and checks it against this sha). No tree_entries rows either: the artifact says "check_caches":
	 * false and the diff reads every tree's entries from its content, which it verifies anyway. */
	char *delta = take_tree_delta();
	long long epoch = 0;
	if (v1_epoch(timestamp, &epoch) < 0)
		pga_die("bad timestamp %s", dq(timestamp));
	struct strbuf text = STRBUF_INIT;
	v1_commit_text(&text, tree, st.head[0] ? st.head : NULL, ident, epoch, message);
	long long tchars = utf8_char_count(text.buf, text.len, NULL);
	if (tchars < 0)
		pga_die("a commit message is not valid UTF-8");
	sha256_hex_t commit;
	pggit_object_sha("commit", tchars, text.buf, text.len, commit);
	put_object(commit, "commit", tchars, text.buf, NULL);
	char gen[32];
	st.generation++;
	snprintf(gen, sizeof(gen), "%lld", st.generation);
	char *parents = st.head[0] ? xasprintf("{%s}", st.head) : xstrdup("{}");
	const char *p[] = { commit, parents, tree, gen, ident, timestamp, message };
	PGresult *r = pg_query(db,
			       "INSERT INTO pggit_audit_replay.out_commit_graph (commit_sha, parent_shas, tree_sha, generation, "
			       "author, committer, authored_at, committed_at, message) "
			       "VALUES ($1, $2, $3, $4, $5, $5, $6, $6, $7)",
			       7, p, "recording a commit");
	PQclear(r);
	const char *pd[] = { gen, delta };
	PQclear(pg_query(db, "INSERT INTO pggit_audit_replay.out_tree_deltas (generation, changes) VALUES ($1, $2)", 2, pd,
			 "recording a tree's change"));
	free(delta);
	free(parents);
	memcpy(st.head, commit, sizeof(st.head));
	memcpy(commit_out, commit, 65);
	strbuf_release(&text);
	strbuf_release(&raw);
}

/* ---- capture: apply what the last statements touched to the snapshot ---- */

struct capture_result {
	int changed;
	struct strbuf notes;     /* re-creations, unsupported objects */
	struct strmap *schemas;  /* if not NULL: the schemas of the objects the statement itself touched */
	struct strmap *reached;  /* if not NULL: the schemas of every object it changed, dependants too */
};

/* The schema of a path (quote_ident form, "s.name"), unquoted, into out; 0 if the path has none (a schema). */
static int path_schema(const char *path, struct strbuf *out)
{
	strbuf_reset(out);
	const char *p = path;
	if (*p == '"') {
		for (p++; *p; p++) {
			if (*p == '"' && p[1] == '"')
				strbuf_addch(out, *p++);
			else if (*p == '"')
				break;
			else
				strbuf_addch(out, *p);
		}
		return *p == '"' && p[1] == '.';
	}
	size_t n = strcspn(p, ".");
	strbuf_add(out, p, n);
	return p[n] == '.';
}

static void note_in(struct strmap *schemas, const char *path)
{
	if (!schemas)
		return;
	struct strbuf sb = STRBUF_INIT;
	if (path_schema(path, &sb))
		strmap_intern(schemas, sb.buf, sb.len, NULL);
	strbuf_release(&sb);
}

static void note_schema(struct capture_result *res, const char *path)
{
	note_in(res->schemas, path);
	note_in(res->reached, path);
}

static int path_free_for(const char *path, long e)
{
	long owner = path_lookup(path);
	return owner < 0 || owner == e;
}

static void snapshot_put(const struct entry *e)
{
	const char *p[] = { e->unit_key, e->kind, e->path, e->blob };
	PGresult *r = pg_query(db,
			       "INSERT INTO pggit_audit_replay.snapshot (unit_key, kind, path, blob_sha) VALUES ($1, $2, $3, $4) "
			       "ON CONFLICT (unit_key) DO UPDATE SET kind = EXCLUDED.kind, path = EXCLUDED.path, "
			       "blob_sha = EXCLUDED.blob_sha",
			       4, p, "updating the replay snapshot");
	PQclear(r);
}

static void capture(long long history_id, struct capture_result *res)
{
	PGresult *r = pg_query(db, v1_capture_sql, 0, NULL, "capturing the objects a statement touched");
	for (int i = 0; i < PQntuples(r); i++) {
		const char *key = PQgetvalue(r, i, 0), *status = PQgetvalue(r, i, 1), *kind = PQgetvalue(r, i, 2);
		const char *base = PQgetvalue(r, i, 3), *alt = PQgetvalue(r, i, 4), *def = PQgetvalue(r, i, 5);
		const char *identity = PQgetisnull(r, i, 6) ? "" : PQgetvalue(r, i, 6);
		long e = unit_lookup(key);
		if (!strcmp(status, "gone")) {
			if (e < 0 || !entries[e].live)
				continue;
			note_schema(res, entries[e].path);
			order_remove(e);
			mark_dirty(entries[e].path);
			entries[e].live = 0;
			set_path(entries[e].path, -1);
			set_unit(key, -1);
			const char *p1[] = { key };
			PQclear(pg_query(db, "DELETE FROM pggit_audit_replay.snapshot WHERE unit_key = $1", 1, p1,
					 "updating the replay snapshot"));
			char hid[32];
			snprintf(hid, sizeof(hid), "%lld", history_id);
			const char *p2[] = { entries[e].path, hid };
			PQclear(pg_query(db,
					 "INSERT INTO pggit_audit_replay.dropped_paths (path, history_id) VALUES ($1, $2) "
					 "ON CONFLICT (path) DO UPDATE SET history_id = EXCLUDED.history_id",
					 2, p2, "remembering a dropped path"));
			res->changed = 1;
			continue;
		}
		if (!strcmp(status, "unsupported") && strcmp(PQgetvalue(r, i, 7), "t") != 0)
			continue; /* a dependent of a touched object: warned about when it was touched itself */
		if (!strcmp(status, "unsupported")) {
			char *why = xasprintf("no definition function for object type \"%s\": not captured", kind);
			warn_row(history_id, kind, identity, why);
			pga_warn("history row %lld: %s (%s)", history_id, dt(why), dt(identity));
			strbuf_addf(&res->notes, "%s%s not captured (no definition function)", res->notes.len ? "; " : "",
				    identity);
			free(why);
			continue;
		}
		if (strcmp(status, "ok") != 0)
			continue;
		if (!strcmp(PQgetvalue(r, i, 7), "t"))
			note_in(res->schemas, base);
		note_in(res->reached, base);
		if (PQgetisnull(r, i, 5))
			pga_die("history row %lld: %s rendered without a definition", history_id, dt(identity));
		sha256_hex_t blob;
		blob_sha_of(def, blob);
		/* the unit keeps its path unless its name changed; a taken path gets the longer form */
		const char *keep = NULL;
		if (e >= 0 && entries[e].live) {
			const char *cur = entries[e].path;
			size_t alen = strlen(alt);
			if (!strcmp(cur, base) || !strcmp(cur, alt) || (!strncmp(cur, alt, alen) && !strncmp(cur + alen, " #", 2)))
				keep = cur;
		}
		char *path;
		if (keep)
			path = xstrdup(keep);
		else if (path_free_for(base, e))
			path = xstrdup(base);
		else if (path_free_for(alt, e))
			path = xstrdup(alt);
		else {
			path = NULL;
			for (int k = 2; !path; k++) {
				char *cand = xasprintf("%s #%d", alt, k);
				if (path_free_for(cand, e))
					path = cand;
				else
					free(cand);
			}
		}
		if (e >= 0 && entries[e].live) {
			if (!strcmp(entries[e].path, path) && !strcmp(entries[e].blob, blob)) {
				free(path);
				continue;
			}
			if (strcmp(entries[e].path, path) != 0) {
				order_remove(e);
				mark_dirty(entries[e].path);
				set_path(entries[e].path, -1);
				free(entries[e].path);
				entries[e].path = xstrdup(path);
				set_path(path, e);
				order_insert(e);
			}
			mark_dirty(path);
			memcpy(entries[e].blob, blob, sizeof(blob));
			free(entries[e].kind);
			entries[e].kind = xstrdup(kind);
		} else {
			e = add_entry(key, kind, path, blob);
			mark_dirty(path);
			const char *p[] = { path };
			PGresult *d = pg_query(db, "SELECT history_id FROM pggit_audit_replay.dropped_paths WHERE path = $1",
					       1, p, "looking for an earlier drop");
			if (PQntuples(d))
				strbuf_addf(&res->notes, "%sre-creates %s, dropped at history row %s",
					    res->notes.len ? "; " : "", path, PQgetvalue(d, 0, 0));
			PQclear(d);
		}
		put_object(blob, "blob", utf8_char_count(def, strlen(def), NULL), def, NULL);
		snapshot_put(&entries[e]);
		res->changed = 1;
		free(path);
	}
	PQclear(r);
}

/* ---- missing prerequisites ---- */

/* Parse 'KIND "NAME" does not exist' (English messages) into schema and name; 0 on success. */
static int missing_name(const char *msg, const char *kind, char **schema, char **name)
{
	size_t klen = strlen(kind);
	if (strncmp(msg, kind, klen) != 0 || msg[klen] != ' ' || msg[klen + 1] != '"')
		return -1;
	const char *s = msg + klen + 2;
	const char *q = strchr(s, '"');
	if (!q || strcmp(q, "\" does not exist") != 0)
		return -1;
	char *full = xstrndup(s, (size_t)(q - s));
	char *dot = strchr(full, '.');
	if (!dot || strchr(dot + 1, '.')) {
		*schema = NULL;
		*name = full;
		return dot ? -1 : 0;
	}
	*dot = '\0';
	*schema = xstrdup(full);
	*name = xstrdup(dot + 1);
	free(full);
	return 0;
}

/* Parse 'collation "NAME" for encoding "ENC" does not exist' as missing_name() does; 0 on success. */
static int missing_collation(const char *msg, char **schema, char **name)
{
	static const char pre[] = "collation \"", mid[] = "\" for encoding \"";
	if (strncmp(msg, pre, sizeof(pre) - 1) != 0)
		return -1;
	const char *s = msg + sizeof(pre) - 1, *q = strstr(s, mid);
	if (!q || !strstr(q + sizeof(mid) - 1, "\" does not exist"))
		return -1;
	char *again = xasprintf("collation \"%.*s\" does not exist", (int)(q - s), s);
	int rc = missing_name(again, "collation", schema, name);
	free(again);
	return rc;
}

static void record_stub(long long history_id, const char *kind, const char *name)
{
	char id[32];
	snprintf(id, sizeof(id), "%lld", history_id);
	const char *p[] = { id, kind, name };
	PQclear(pg_query(db, "INSERT INTO pggit_audit_replay.out_stubs (history_id, kind, name) VALUES ($1, $2, $3)", 3,
			 p, "recording a stub"));
}

/* Create what the error says is missing, if it is something a stub can stand in for; 1 if created. */
static int create_prerequisite(long long history_id, const char *msg, const char *sql)
{
	char *schema = NULL, *name = NULL;
	int done = 0;
	if (missing_name(msg, "schema", &schema, &name) == 0 && !schema) {
		/* a real schema: the statement proves it existed; it is captured with the statement */
		const char *p[] = { name };
		PGresult *r = pg_query(db, "SELECT format('CREATE SCHEMA %I', $1::text)", 1, p, "naming a schema");
		pg_exec(db, PQgetvalue(r, 0, 0), "creating a missing schema");
		PQclear(r);
		record_stub(history_id, "schema (created, captured)", name);
		done = 1;
	} else if (missing_name(msg, "type", &schema, &name) == 0) {
		/* an unqualified name: production found it along its path, most often an extension's type in
		   public (the extension installed before the history); the stand-in goes there, on every path */
		if (!schema)
			schema = xstrdup("public");
		/* an array of it is named "t[]": the stand-in is t, whose array type comes with it (a domain
		   named "t[]" left the name missing and the next try failed, "already exists", ending the run) */
		size_t len = strlen(name);
		while (len > 2 && name[len - 1] == ']' && strrchr(name, '[') && strrchr(name, '[') > name) {
			len = (size_t)(strrchr(name, '[') - name);
			name[len] = '\0';
		}
		const char *p[] = { schema, name };
		PGresult *r = pg_query(db, "SELECT CASE WHEN to_regtype(format('%I.%I', $1::text, $2::text)) IS NULL THEN "
				       "format('CREATE SCHEMA IF NOT EXISTS %I; CREATE DOMAIN %I.%I AS text', $1::text, $1, $2::text) END",
				       2, p, "naming a stub type");
		if (PQgetisnull(r, 0, 0)) {
			/* it is there, yet the statement does not find it: no stand-in can help */
			PQclear(r);
			free(schema);
			free(name);
			return 0;
		}
		pg_exec(db, PQgetvalue(r, 0, 0), "creating a stub type");
		PQclear(r);
		PQclear(pg_query(db, "INSERT INTO pggit_audit_replay.stubs SELECT 'pg_type'::regclass, "
				     "to_regtype(format('%I.%I', $1::text, $2::text))", 2, p, "recording a stub"));
		char *full = xasprintf("%s.%s", schema, name);
		record_stub(history_id, "type (domain over text, not captured)", full);
		free(full);
		done = 1;
	} else if (missing_collation(msg, &schema, &name) == 0) {
		/* an operating system's collation production had ("de_DE"): initdb put it in pg_catalog, where
		   the stand-in goes too, so definitions name it as production's catalog did (allowed there for
		   this statement only; the scratch database is thrown away) */
		const char *p[] = { schema ? schema : "pg_catalog", name };
		PGresult *r = pg_query(db, "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM pg_collation c JOIN pg_namespace n ON n.oid = "
				       "c.collnamespace WHERE n.nspname = $1 AND c.collname = $2) THEN format('CREATE COLLATION %I.%I FROM \"C\"', "
				       "$1::text, $2::text) END", 2, p, "naming a stub collation");
		if (PQgetisnull(r, 0, 0)) {
			PQclear(r);
			free(schema);
			free(name);
			return 0;
		}
		if (!schema)
			pg_exec(db, "SET allow_system_table_mods = on", "allowing a stub collation in pg_catalog");
		pg_exec(db, PQgetvalue(r, 0, 0), "creating a stub collation");
		if (!schema)
			pg_exec(db, "RESET allow_system_table_mods", "ending a stub collation in pg_catalog");
		PQclear(r);
		PQclear(pg_query(db, "INSERT INTO pggit_audit_replay.stubs SELECT 'pg_collation'::regclass, c.oid FROM pg_collation c "
				     "JOIN pg_namespace n ON n.oid = c.collnamespace WHERE n.nspname = $1 AND c.collname = $2",
				     2, p, "recording a stub"));
		char *full = xasprintf("%s.%s", p[0], name);
		record_stub(history_id, "collation (a copy of \"C\", not captured)", full);
		free(full);
		done = 1;
	} else if (missing_name(msg, "relation", &schema, &name) == 0 && ddl_nextval_names(sql, schema, name)) {
		/* only the sequence a nextval() names: another missing relation (a foreign key's) stubbed as a
		   sequence made the statement fail for a false reason ("referenced relation ... is not a table") */
		if (!schema) {
			/* unqualified (pgGit logs no CREATE SEQUENCE): where the statement, run with its rows' schema
			   first, would have created it */
			PGresult *c = pg_query(db, "SELECT coalesce(current_schema(), 'public')", 0, NULL, "naming a stub sequence");
			schema = xstrdup(PQgetvalue(c, 0, 0));
			PQclear(c);
		}
		const char *p[] = { schema, name };
		PGresult *r = pg_query(db, "SELECT format('CREATE SCHEMA IF NOT EXISTS %I; CREATE SEQUENCE %I.%I', $1::text, $1, $2::text)",
				       2, p, "naming a stub sequence");
		pg_exec(db, PQgetvalue(r, 0, 0), "creating a stub sequence");
		PQclear(r);
		PQclear(pg_query(db, "INSERT INTO pggit_audit_replay.stubs SELECT 'pg_class'::regclass, "
				     "to_regclass(format('%I.%I', $1::text, $2::text))", 2, p, "recording a stub"));
		char *full = xasprintf("%s.%s", schema, name);
		record_stub(history_id, "sequence (not captured)", full);
		free(full);
		done = 1;
	}
	free(schema);
	free(name);
	return done;
}

/* ---- running one statement ---- */

struct exec_result {
	int ok;
	char sqlstate[6];
	char *message;
};

static void result_error(PGresult *r, struct exec_result *out)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	snprintf(out->sqlstate, sizeof(out->sqlstate), "%s", state ? state : "");
	free(out->message);
	out->message = xstrdup(msg ? msg : PQerrorMessage(db));
}

/*
 * A tablespace or role production had and the replay server lacks (message: the statement's error): the text
 * again with pg_default or the replaying role in its place, the stub recorded; NULL if the error is not about
 * one or the name is not in the text. Cluster objects are never replayed: neither a placement nor an owner or
 * a grant is part of any definition the store holds.
 */
static char *replace_cluster_object(long long history_id, const char *message, const char *text)
{
	char *schema = NULL, *name = NULL, *other = NULL;
	if (missing_name(message, "tablespace", &schema, &name) == 0) {
		char *full = schema ? xasprintf("%s.%s", schema, name) : xstrdup(name);
		if ((other = ddl_replace_tablespace(text, full, "pg_default")))
			record_stub(history_id, "tablespace (pg_default used instead, not captured)", full);
		free(full);
	} else if (missing_name(message, "role", &schema, &name) == 0) {
		char *full = schema ? xasprintf("%s.%s", schema, name) : xstrdup(name);
		if ((other = ddl_replace_role(text, full)))
			record_stub(history_id, "role (the replaying role used instead, not captured)", full);
		free(full);
	}
	free(schema);
	free(name);
	return other;
}

static long long touched_mark(void);

static void history_param(char out[32], long long history_id)
{
	snprintf(out, 32, "%lld", history_id);
}

/*
 * After a failed attempt at text (message: its error), make what a retry needs: the text again with a
 * tablespace or role the replay server lacks replaced (*retext, owned), or a stub of what is missing. 1 to
 * try again. Shared by the statements run in the batch's transaction (under their savepoint) and those run
 * in autocommit (CREATE INDEX CONCURRENTLY), so that both retry the same failures; before, autocommit knew
 * only the tablespace and the role, and a missing collation failed the index. Outside a transaction block
 * a stub commits at once, with the statements that remove it (stub_undo): undo_stubs() runs them when the
 * statement fails in the end, or when a resume runs it again.
 */
static int prepare_retry(long long history_id, const char *message, const char *text, int autocommit, char **retext)
{
	char *other = replace_cluster_object(history_id, message, text);
	if (other) {
		free(*retext);
		*retext = other;
		return 1;
	}
	if (!autocommit)
		return create_prerequisite(history_id, message, text);
	pg_exec(db, "BEGIN", "starting a stub outside a transaction block");
	long long mark = touched_mark();
	int done = create_prerequisite(history_id, message, text);
	if (done) {
		char id[32], m[32];
		history_param(id, history_id);
		snprintf(m, sizeof(m), "%lld", mark);
		const char *p[] = { id, m };
		/* what the stub created, as the event triggers saw it: a schema, a domain, a collation, a sequence */
		PQclear(pg_query(db,
				 "INSERT INTO pggit_audit_replay.stub_undo (history_id, statement, touched_seq) "
				 "SELECT $1::bigint, pg_catalog.format('DROP %s %s', t.object_type, t.object_identity), "
				 "(SELECT pg_catalog.max(seq) FROM pggit_audit_replay.touched) "
				 "FROM pggit_audit_replay.touched t WHERE t.seq > $2::bigint AND t.event = 'ddl' ORDER BY t.seq",
				 2, p, "recording how to remove a stub"));
	}
	pg_exec(db, "COMMIT", "committing a stub outside a transaction block");
	return done;
}

/*
 * The stubs of a statement run in autocommit (committed at once, no savepoint to undo them) when it failed
 * in the end, or before a resumed run runs it again: what they created is dropped (latest first), their
 * listing forgotten, and what the event triggers saw of them and of their removal (touched after mark)
 * too, as a savepoint would have. A stub something else still depends on (an index left invalid is dropped
 * before) is kept, listed, never captured, and said so with the row (warnings.csv.zst).
 */
static void undo_stubs(long long history_id, long long mark)
{
	char id[32], m[32];
	history_param(id, history_id);
	snprintf(m, sizeof(m), "%lld", mark);
	const char *p[] = { id }, *pm[] = { m };
	pg_exec(db, "BEGIN", "removing the stubs of a statement that failed");
	PGresult *r = pg_query(db, "SELECT statement FROM pggit_audit_replay.stub_undo WHERE history_id = $1 ORDER BY seq DESC",
			       1, p, "reading how to remove the stubs of a statement that failed");
	int kept = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		pg_exec(db, "SAVEPOINT pggit_audit_stub", "setting a savepoint");
		const char *drop = PQgetvalue(r, i, 0);
		PGresult *d = PQexec(db, drop);
		if (PQresultStatus(d) != PGRES_COMMAND_OK) {
			const char *msg = PQresultErrorField(d, PG_DIAG_MESSAGE_PRIMARY);
			pg_exec(db, "ROLLBACK TO SAVEPOINT pggit_audit_stub", "keeping a stub");
			/* "DROP <object type> <identity>", as recorded from the event triggers' rows (a stub's
			   type is one word: schema, type, domain, collation, sequence) */
			const char *type = drop + 5, *sp = strchr(type, ' ');
			char *kind = sp ? xstrndup(type, (size_t)(sp - type)) : xstrdup(type);
			char *why = xasprintf("a stub could not be removed and is kept (not captured): %s failed: %s", drop,
					      msg ? msg : "");
			warn_row(history_id, kind, sp ? sp + 1 : "", why);
			pga_warn("history row %lld: %s", history_id, dt(why));
			free(why);
			free(kind);
			kept = 1;
		}
		PQclear(d);
		pg_exec(db, "RELEASE SAVEPOINT pggit_audit_stub", "releasing a savepoint");
	}
	PQclear(r);
	PQclear(pg_query(db,
			 "DELETE FROM pggit_audit_replay.stubs s USING pggit_audit_replay.touched t WHERE t.seq > $1::bigint "
			 "AND t.event = 'drop' AND s.classid = t.classid AND s.objid = t.objid",
			 1, pm, "forgetting the stubs of a statement that failed"));
	PQclear(pg_query(db, "DELETE FROM pggit_audit_replay.touched WHERE seq > $1::bigint", 1, pm,
			 "forgetting what the stubs of a statement that failed touched"));
	PQclear(pg_query(db, "DELETE FROM pggit_audit_replay.stub_undo WHERE history_id = $1", 1, p,
			 "forgetting the stubs of a statement that failed"));
	const char *pk[] = { id, kept ? "true" : "false" };
	/* listed: only what is still there, a stub kept (before, one stub kept kept the row's whole listing, the
	   stubs dropped beside it included). A listing's name is schema.name as written, unquoted: compared
	   with the catalog's names joined the same way, as no split of it could be trusted */
	PQclear(pg_query(db,
			 "DELETE FROM pggit_audit_replay.out_stubs o WHERE o.history_id = $1 AND (NOT $2::boolean OR NOT ("
			 "(o.kind LIKE 'type %' AND EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n "
			 "ON n.oid = t.typnamespace WHERE n.nspname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) t.typname = o.name)) "
			 "OR (o.kind LIKE 'collation %' AND EXISTS (SELECT 1 FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n "
			 "ON n.oid = c.collnamespace WHERE n.nspname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) c.collname = o.name)) "
			 "OR (o.kind LIKE 'sequence %' AND EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
			 "ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) c.relname = o.name)) "
			 "OR (o.kind LIKE 'schema %' AND EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = o.name))))",
			 2, pk, "forgetting the stubs of a statement that failed"));
	pg_exec(db, "COMMIT", "removing the stubs of a statement that failed");
}

/* An autocommit statement that ran keeps its stubs: how to remove them is forgotten, in the batch that
   records its outcome (a kill before that finds them still to be kept) */
static void keep_stubs(long long history_id)
{
	char id[32];
	history_param(id, history_id);
	const char *p[] = { id };
	PQclear(pg_query(db, "DELETE FROM pggit_audit_replay.stub_undo WHERE history_id = $1", 1, p,
			 "keeping the stubs of a statement that ran"));
}

/*
 * A run killed while an autocommit statement ran left its effects committed in
 * part or in full (CREATE INDEX CONCURRENTLY commits its catalog entry first).
 * 1 if it completed: the event trigger's rows, committed with its last
 * transaction, are still there to be captured, so it must not run again (it
 * would fail: "already exists"). Otherwise an index it left INVALID is dropped
 * so that it runs again from the start, as in an uninterrupted run.
 */
static int resume_inflight(long long history_id, int creates_index)
{
	char id[32];
	history_param(id, history_id);
	const char *hp[] = { id };
	/* what its committed stubs touched is theirs, not the statement's */
	PGresult *r = pg_query(db,
			       "SELECT count(*) FROM pggit_audit_replay.touched WHERE seq > coalesce((SELECT max(u.touched_seq) "
			       "FROM pggit_audit_replay.stub_undo u WHERE u.history_id = $1), 0)",
			       1, hp, "looking for the work of an interrupted statement");
	int done = atoll(PQgetvalue(r, 0, 0)) > 0;
	PQclear(r);
	if (done) {
		pga_info("history row %lld had completed when the last run was killed: not run again", history_id);
		return 1;
	}
	if (!creates_index) {
		/* it runs again and makes and records its stubs again */
		undo_stubs(history_id, 0);
		return 0;
	}
	const char *p[] = { V1_HELPER_SCHEMA };
	r = pg_query(db,
		     "SELECT format('DROP INDEX %I.%I', n.nspname, c.relname) FROM pg_index i "
		     "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
		     "WHERE NOT i.indisvalid AND n.nspname <> $1 ORDER BY c.oid",
		     1, p, "looking for an index left invalid by an interrupted statement");
	for (int i = 0; i < PQntuples(r); i++) {
		pga_info("history row %lld: dropping an index the killed run left invalid (%s)", history_id,
			 dt(PQgetvalue(r, i, 0)));
		pg_exec(db, PQgetvalue(r, i, 0), "dropping an index left invalid by an interrupted statement");
	}
	PQclear(r);
	/* then its stubs (the invalid index may have used one), which it makes and records again; the drops are
	   not the history's: what the event triggers saw of them is forgotten */
	undo_stubs(history_id, 0);
	return 0;
}

/*
 * DETACH PARTITION: pg_event_trigger_ddl_commands() names only the parent, and
 * the partition no longer depends on it when the capture looks, so the
 * partition was not rendered again: the store kept it "PARTITION OF" its old
 * parent in every later snapshot. Each partition the statement names is marked
 * touched, resolved now, under the statement's own search_path.
 */
static void touch_detached_partitions(const char *sql)
{
	struct v1_statements it;
	v1_statements_init(&it, sql); /* a text that does not parse has no statement */
	while (v1_statements_next(&it)) {
		json_t *cmds = !strcmp(it.type, "AlterTableStmt") ? ddl_list_items(json_object_get(it.stmt, "cmds")) : NULL;
		size_t j;
		json_t *c;
		json_array_foreach(cmds, j, c) {
			json_t *cmd = ddl_node(c, NULL);
			const char *sub = ddl_str(cmd, "subtype");
			if (!sub || (strcmp(sub, "AT_DetachPartition") && strcmp(sub, "AT_DetachPartitionFinalize")))
				continue;
			json_t *pc = ddl_node(json_object_get(cmd, "def"), NULL);
			/* a RangeVar field is written without its node name */
			json_t *rv = pc ? json_object_get(pc, "name") : NULL;
			const char *schema = ddl_str(rv, "schemaname"), *rel = ddl_str(rv, "relname");
			if (!rel)
				continue;
			const char *prm[] = { schema, rel };
			PQclear(pg_query(db,
					 "INSERT INTO pggit_audit_replay.touched (event, classid, objid, objsubid) "
					 "SELECT 'ddl', 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid, 0 FROM pg_catalog.pg_class c "
					 "WHERE c.oid = pg_catalog.to_regclass(CASE WHEN $1::text IS NULL THEN '' "
					 "ELSE pg_catalog.quote_ident($1) OPERATOR(pg_catalog.||) '.' END "
					 "OPERATOR(pg_catalog.||) pg_catalog.quote_ident($2))",
					 2, prm, "marking a detached partition"));
		}
	}
	v1_statements_release(&it);
}

/*
 * Insufficient resources (SQLSTATE class 53: out of shared memory for locks, disk full, a configuration
 * limit) are the replay server's, not the history's: production ran the statement (pgGit records only
 * what ran). Recorded as a failed row, a text creating thousands of tables left them all out of a store
 * whose replay "succeeded", with no word of PostgreSQL's hint (max_locks_per_transaction). The replay
 * stops instead, naming the row and the statement, with the server's fields (the hint included): the
 * batch is rolled back and the scratch database kept, so the rerun after the setting is raised resumes.
 */
static void stop_if_out_of_resources(long long history_id, const char *text, PGresult *r)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (!state || strncmp(state, "53", 2))
		return;
	char *msg = pg_result_error_text(r, NULL); /* no position: the text may be megabytes */
	size_t n = strcspn(text, "\n"), cut = utf8_clip(text, n, 80);
	char where[48];
	if (history_id > 0)
		snprintf(where, sizeof(where), "history row %lld", history_id);
	else
		snprintf(where, sizeof(where), "the baseline");
	pga_die("%s: the replay server ran out of a resource production had (SQLSTATE %s) running (%.*s%s):\n%s\n"
		"raise it on the replay server and run the replay again: it resumes after the last finished batch "
		"(the scratch database is kept)",
		where, state, (int)cut, text, cut < n || text[n] ? " ..." : "", msg);
}

/* The indexes left INVALID (a failed concurrent build), outside the helper schema: "{oid,...}" */
static char *invalid_indexes(void)
{
	const char *p[] = { V1_HELPER_SCHEMA };
	PGresult *r = pg_query(db,
			       "SELECT pg_catalog.array_agg(i.indexrelid ORDER BY i.indexrelid)::text FROM pg_catalog.pg_index i "
			       "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
			       "WHERE NOT i.indisvalid AND n.nspname OPERATOR(pg_catalog.<>) $1",
			       1, p, "looking for invalid indexes");
	char *s = xstrdup(PQgetisnull(r, 0, 0) ? "{}" : PQgetvalue(r, 0, 0));
	PQclear(r);
	return s;
}

/*
 * A CREATE INDEX CONCURRENTLY that failed after its first commit (a timeout waiting for another session)
 * left its index INVALID: production built it, the replay did not, and the row is failed. Kept, the index
 * was rendered with the next statement that touched its table (an ALTER COLUMN TYPE rebuilds it valid),
 * a change of another row, and it held on to the stubs it used, which then could not be removed. Dropped,
 * as its transaction would have undone it; 1 if there was one (what the event triggers saw of the drop is
 * the caller's to forget). before: invalid_indexes() before the statement, left alone.
 */
static int drop_new_invalid_indexes(long long history_id, const char *before)
{
	const char *p[] = { V1_HELPER_SCHEMA, before };
	PGresult *r = pg_query(db,
			       "SELECT pg_catalog.format('DROP INDEX %I.%I', n.nspname, c.relname) FROM pg_catalog.pg_index i "
			       "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
			       "WHERE NOT i.indisvalid AND n.nspname OPERATOR(pg_catalog.<>) $1 "
			       "AND NOT i.indexrelid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[]) ORDER BY c.oid",
			       2, p, "looking for an index a failed statement left invalid");
	int n = PQntuples(r);
	for (int i = 0; i < n; i++) {
		pga_info("history row %lld: dropping the index its failed build left invalid (%s)", history_id,
			 dt(PQgetvalue(r, i, 0)));
		pg_exec(db, PQgetvalue(r, i, 0), "dropping an index a failed statement left invalid");
	}
	PQclear(r);
	return n > 0;
}

/* forget what the event triggers saw after mark (not the history's doing) */
static void forget_touched(long long mark)
{
	char m[32];
	snprintf(m, sizeof(m), "%lld", mark);
	const char *p[] = { m };
	PQclear(pg_query(db, "DELETE FROM pggit_audit_replay.touched WHERE seq > $1::bigint", 1, p,
			 "forgetting what removing a failed statement's index touched"));
}

/* autocommit: 0 in the batch's transaction, 1 outside it, 2 outside it and it creates an index */
static void run_statement(long long history_id, const char *sql, int autocommit, struct exec_result *out)
{
	memset(out, 0, sizeof(*out));
	if (autocommit) {
		int creates_index = autocommit == 2;
		int resumed = st.inflight == history_id;
		/* CONCURRENTLY cannot run in a transaction block: finish the batch first, saying which row is
		   about to run, so that a resume after a kill knows it may have run */
		st.inflight = history_id;
		save_state();
		pg_exec(db, "COMMIT", "committing before a statement that needs autocommit");
		fault_point("replay-before-autocommit");
		st.inflight = 0; /* saved with the batch that records its outcome */
		if (resumed && resume_inflight(history_id, creates_index)) {
			out->ok = 1;
			pg_exec(db, "BEGIN", "starting a batch");
			keep_stubs(history_id);
			return;
		}
		/* the retries of a transaction: such a statement fails before it commits anything (CREATE INDEX
		   CONCURRENTLY looks its tablespace and collations up before its first commit) */
		char *retext = NULL;
		int retried = 0;
		long long mark = touched_mark();
		char *invalid_before = creates_index ? invalid_indexes() : NULL;
		for (int attempt = 0;; attempt++) {
			const char *text = retext ? retext : sql;
			PGresult *r = PQexec(db, text);
			ExecStatusType s = PQresultStatus(r);
			out->ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
			if (!out->ok) {
				stop_if_out_of_resources(history_id, text, r);
				result_error(r, out);
			}
			PQclear(r);
			if (out->ok || attempt >= MAX_STUB_ATTEMPTS || !prepare_retry(history_id, out->message, text, 1, &retext))
				break;
			retried = 1;
			fault_point("replay-before-autocommit-retry");
		}
		if (!out->ok && creates_index && drop_new_invalid_indexes(history_id, invalid_before) && !retried)
			forget_touched(mark);
		free(invalid_before);
		if (!out->ok && retried)
			undo_stubs(history_id, mark);
		fault_point("replay-after-autocommit");
		pg_exec(db, "BEGIN", "starting a batch");
		if (out->ok) {
			keep_stubs(history_id);
			touch_detached_partitions(retext ? retext : sql);
		}
		free(retext);
		return;
	}
	pg_exec(db, "SAVEPOINT pggit_audit_statement", "setting a savepoint");
	char *retext = NULL; /* the text with a missing tablespace replaced */
	for (int attempt = 0;; attempt++) {
		const char *text = retext ? retext : sql;
		pg_exec(db, "SAVEPOINT pggit_audit_attempt", "setting a savepoint");
		PGresult *r = PQexec(db, text);
		ExecStatusType s = PQresultStatus(r);
		if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY) {
			PQclear(r);
			/* a statement may leave results of several commands: drain them */
			while ((r = PQgetResult(db)))
				PQclear(r);
			pg_exec(db, "RELEASE SAVEPOINT pggit_audit_statement", "releasing a savepoint");
			out->ok = 1;
			touch_detached_partitions(text);
			free(retext);
			return;
		}
		stop_if_out_of_resources(history_id, text, r);
		result_error(r, out);
		PQclear(r);
		pg_exec(db, "ROLLBACK TO SAVEPOINT pggit_audit_attempt", "rolling back a failed statement");
		if (attempt >= MAX_STUB_ATTEMPTS || !prepare_retry(history_id, out->message, text, 0, &retext))
			break;
	}
	free(retext);
	pg_exec(db, "ROLLBACK TO SAVEPOINT pggit_audit_statement", "rolling back a failed statement");
	pg_exec(db, "RELEASE SAVEPOINT pggit_audit_statement", "releasing a savepoint");
}

/*
 * A text of several statements (a script sent as one query) runs statement by
 * statement, each under its own savepoint: production ran the whole text (pgGit
 * records only what ran), so a part that fails here fails for a reason of the
 * replay server's (a role or an extension it lacks), and the DDL of the other
 * parts must not be lost with it. The parts run in the batch's transaction like
 * a single statement, so a kill anywhere in the text rolls all of them back and
 * the resume runs the text again from its first statement.
 */
struct part_failure {
	int part;           /* 1-based among the statements of the text run; 0: the text was run whole */
	size_t nparts;
	char *text;         /* the statement (NULL: the text run whole) */
	struct exec_result er;
};

struct script_result {
	int ran;            /* the text ran, or at least one of its statements other than a SET did */
	struct part_failure *failed;
	size_t nfailed;
	struct strbuf why;  /* the failures, for the accounting */
	struct v1_skipped_part *skipped; /* statements of the text left out by the screen (the others ran) */
	size_t nskipped;
};

static void script_result_release(struct script_result *sr)
{
	for (size_t i = 0; i < sr->nfailed; i++) {
		free(sr->failed[i].text);
		free(sr->failed[i].er.message);
	}
	free(sr->failed);
	strbuf_release(&sr->why);
	for (size_t i = 0; i < sr->nskipped; i++)
		free(sr->skipped[i].text);
	free(sr->skipped);
	memset(sr, 0, sizeof(*sr));
}

/* One failure as the accounting and the warnings name it: a statement of a script is numbered, and its start
   quoted, since its number alone is ambiguous (BEGIN/COMMIT and session settings were cut) */
static void describe_failure(struct strbuf *out, const struct part_failure *f)
{
	if (f->part) {
		/* not inside a character: the reason is stored as UTF-8 text, and half a character made the
		   scratch database refuse it ("invalid byte sequence"), which stopped the replay */
		size_t n = strcspn(f->text, "\n"), cut = utf8_clip(f->text, n, 80);
		strbuf_addf(out, "statement %d of %zu of the script (%.*s%s) failed: ", f->part, f->nparts, (int)cut,
			    f->text, cut < n || f->text[n] ? " ..." : "");
	}
	strbuf_addf(out, "%s: %s", f->er.sqlstate, f->er.message);
}

/* A statement the screen left out of a text whose other statements ran, as the accounting and warnings name it */
static void describe_skipped(struct strbuf *out, const struct v1_skipped_part *sp)
{
	/* its start, blanks and line breaks run together: a comment before it is part of its text */
	strbuf_addstr(out, "statement (");
	size_t shown = 0, i = 0;
	for (; sp->text[i] && shown < 80; i++) {
		unsigned char c = (unsigned char)sp->text[i];
		if (c <= ' ' || c == 0x7f) {
			if (shown && out->buf[out->len - 1] == ' ')
				continue;
			c = ' ';
		}
		strbuf_addch(out, (char)c);
		shown++;
	}
	/* the rest of a character cut at the limit (the reason must stay UTF-8) */
	while (((unsigned char)sp->text[i] & 0xC0) == 0x80)
		strbuf_addch(out, sp->text[i++]);
	strbuf_addf(out, "%s) of the text not replayed: %s", sp->text[i] ? " ..." : "", sp->reason);
}

/* One warning row per statement the screen left out of a definition (a text with no history row of its own
   that ran otherwise); its objects' rows are all the replay knows of what it did. */
static void warn_skipped(long long history_id, const char *type, const char *identity, const char *what,
			 const struct script_result *sr)
{
	for (size_t i = 0; i < sr->nskipped; i++) {
		struct strbuf w = STRBUF_INIT;
		strbuf_addf(&w, "%s: ", what);
		describe_skipped(&w, &sr->skipped[i]);
		warn_row(history_id, type, identity, w.buf);
		if (history_id)
			pga_warn("history row %lld: %s", history_id, dt(w.buf));
		else
			pga_warn("%s", dt(w.buf));
		strbuf_release(&w);
	}
}

static void script_failure(struct script_result *sr, int part, size_t nparts, char *text, struct exec_result *er)
{
	sr->failed = xrealloc(sr->failed, (sr->nfailed + 1) * sizeof(*sr->failed));
	struct part_failure *f = &sr->failed[sr->nfailed++];
	f->part = part;
	f->nparts = nparts;
	f->text = text;
	f->er = *er;
	if (sr->why.len)
		strbuf_addstr(&sr->why, "; ");
	describe_failure(&sr->why, f);
}

/* Names the history row in the one fatal error of a parse (ddl_parse_label()). */
static void label_history_row(long long history_id)
{
	char what[48];
	snprintf(what, sizeof(what), "history row %lld", history_id);
	ddl_parse_label(what);
}

/* 1 if a statement other than a SET follows part i of a text */
static int ddl_follows(const struct v1_part *parts, size_t nparts, size_t i)
{
	for (size_t j = i + 1; j < nparts; j++)
		if (!parts[j].session)
			return 1;
	return 0;
}

/*
 * A script that adds an enum value and then uses it ran in production with a
 * COMMIT between the two (the replay cuts it: a statement using a value added
 * in its own transaction fails, 55P04, and the table using it was lost). So the
 * batch commits right after the ADD VALUE. Its first statements are then
 * committed while the row is not finished: the state says so (a negative
 * in-flight row), and a run killed before the batch ends is not resumed but
 * started again in a new scratch database (as a killed baseline is), since
 * running the text again would fail on the value it already added.
 */
static void commit_inside_text(long long history_id)
{
	st.inflight = -history_id;
	save_state();
	pg_exec(db, "COMMIT", "committing a new enum value before the statements that use it");
	fault_point("replay-after-enum-commit");
	st.inflight = 0; /* saved with the batch that finishes the row */
	pg_exec(db, "BEGIN", "starting a batch");
}

/* in_one_transaction: the caller holds a savepoint or runs the baseline, which a commit would end */
static void run_script(long long history_id, const char *sql, int autocommit, struct script_result *sr,
		       int in_one_transaction)
{
	label_history_row(history_id);
	memset(sr, 0, sizeof(*sr));
	strbuf_init(&sr->why, 0);
	struct v1_part *parts = NULL;
	size_t nparts = 0;
	/* CONCURRENTLY cannot run in a script sent as one query (an implicit transaction block), so production
	   ran such a text alone: it keeps the autocommit path and its resume as a whole */
	if (autocommit || v1_split_statements(sql, &parts, &nparts) < 0 || nparts < 2) {
		struct exec_result er;
		run_statement(history_id, sql, autocommit, &er);
		if (er.ok) {
			sr->ran = 1;
			free(er.message);
		} else {
			script_failure(sr, 0, 1, NULL, &er);
		}
		free(parts);
		return;
	}
	int ddl_ran = 0;
	for (size_t i = 0; i < nparts; i++) {
		/* its location includes the blanks after the ';' before it: left out of the error artifact */
		size_t lead = 0;
		while (lead < parts[i].len && strchr(" \t\r\n\f\v", sql[parts[i].offset + lead]))
			lead++;
		char *text = xstrndup(sql + parts[i].offset + lead, parts[i].len - lead);
		struct exec_result er;
		run_statement(history_id, text, 0, &er);
		if (er.ok && parts[i].adds_enum_value && !in_one_transaction && ddl_follows(parts, nparts, i))
			commit_inside_text(history_id);
		fault_point("replay-between-parts");
		if (er.ok) {
			ddl_ran |= !parts[i].session;
			free(er.message);
			free(text);
		} else {
			script_failure(sr, (int)i + 1, nparts, text, &er);
		}
	}
	sr->ran = ddl_ran;
	free(parts);
}

/* ---- statement groups ---- */

enum { ROW_CREATE = 1, ROW_DROP };

struct group {
	long long *ids, *object_ids;
	unsigned char *creates; /* ROW_CREATE, ROW_DROP: the row's change_type; 0 any other */
	size_t n, cap;
	long long *nosql_ids; /* rows without SQL that came between its rows: skipped, "no SQL" */
	char **nosql_why;     /* ... and why, each */
	size_t nnosql, nosql_cap;
	long long *branch_ids, *branch_objects; /* rows of other branches' objects that came between its rows: skipped */
	size_t nbranch, branch_cap;
	char *sql, *description, *created_at, *created_by;
	int ends_batch; /* its changes must be committed before the next statement runs */
};

static void group_reset(struct group *g)
{
	free(g->sql);
	free(g->description);
	free(g->created_at);
	free(g->created_by);
	g->sql = g->description = g->created_at = g->created_by = NULL;
	g->n = 0;
	for (size_t i = 0; i < g->nnosql; i++)
		free(g->nosql_why[i]);
	g->nnosql = 0;
	g->nbranch = 0;
	g->ends_batch = 0;
}

/*
 * Why a row without SQL is skipped. A text of whitespace only was reported "NULL or empty", which sent
 * the DBA looking for a NULL that is not there: it is said as it is, with its length, and warned on its
 * row (pgGit stores the query string it ran, so whitespace alone is damage or a client's doing).
 */
static char *no_sql_reason(long long history_id, const char *sql)
{
	if (!sql || !*sql)
		return xstrdup("no SQL (sql_executed is NULL or empty): nothing to replay");
	size_t n = strlen(sql);
	char *why = xasprintf("no SQL (sql_executed holds only whitespace, %zu character%s): nothing to replay", n,
			      n == 1 ? "" : "s");
	pga_warn("history row %lld: %s", history_id, why);
	return why;
}

static void group_add_nosql(struct group *g, long long id, const char *sql)
{
	if (g->nnosql == g->nosql_cap) {
		ALLOC_GROW(g->nosql_ids, g->nnosql + 1, g->nosql_cap, 8);
		g->nosql_why = xreallocarray(g->nosql_why, g->nosql_cap, sizeof(*g->nosql_why));
	}
	g->nosql_why[g->nnosql] = no_sql_reason(id, sql);
	g->nosql_ids[g->nnosql++] = id;
}

static void group_add_branch(struct group *g, long long id, long long object_id)
{
	if (g->nbranch == g->branch_cap) {
		ALLOC_GROW(g->branch_ids, g->nbranch + 1, g->branch_cap, 8);
		g->branch_objects = xreallocarray(g->branch_objects, g->branch_cap, sizeof(*g->branch_objects));
	}
	g->branch_objects[g->nbranch] = object_id;
	g->branch_ids[g->nbranch++] = id;
}

/* the highest history row the group covers: where a resume starts again */
static long long group_last_id(const struct group *g)
{
	long long last = g->ids[g->n - 1];
	for (size_t i = 0; i < g->nnosql; i++)
		if (g->nosql_ids[i] > last)
			last = g->nosql_ids[i];
	for (size_t i = 0; i < g->nbranch; i++)
		if (g->branch_ids[i] > last)
			last = g->branch_ids[i];
	return last;
}

/* the objects rows of branches the replay does not follow (v1_history.h) */
static struct v1_branches *branches;

/* the branch of a history row's object when the replay does not follow it, else NULL */
static const char *off_branch(long long object_id)
{
	return v1_branch_of(branches, object_id);
}

static void account_off_branch(long long history_id, long long object_id)
{
	char *why = xasprintf("on branch %s (pggit.objects row %lld), not %s: the audit trail follows %s only (the "
			      "audit schema has no branch)",
			      off_branch(object_id), object_id, v1_replayed_branch(), v1_replayed_branch());
	account(history_id, "skipped", 0, NULL, why);
	free(why);
}

/* A history row owned by the replay: the reader's strings last only until its next row. */
struct hrow {
	long long id, object_id;
	int creates; /* ROW_CREATE, ROW_DROP or 0 */
	char *sql, *description, *created_at, *created_by;
};

static void hrow_release(struct hrow *r)
{
	free(r->sql);
	free(r->description);
	free(r->created_at);
	free(r->created_by);
	memset(r, 0, sizeof(*r));
}

/*
 * The first history row of each SQL text and time: a failure of a text run
 * again at a later, non-adjacent row names where it ran first (two runs, or
 * one statement's rows with another's between them: docs/v1-backfill.md).
 * Filled as rows are read, those a resume passes over included.
 */
static struct strmap *text_ids;
static long long *text_first;
static size_t text_cap;

static uint32_t text_key(const char *sql, const char *created_at, int add)
{
	struct strbuf k = STRBUF_INIT;
	strbuf_addf(&k, "%s", created_at ? created_at : "");
	strbuf_addch(&k, '\0');
	strbuf_addstr(&k, sql);
	sha256_hex_t h;
	sha256_hex(k.buf, k.len, h);
	strbuf_release(&k);
	if (!text_ids)
		text_ids = strmap_new();
	return add ? strmap_intern(text_ids, h, SHA256_HEX_LEN, NULL) : strmap_find(text_ids, h, SHA256_HEX_LEN);
}

static void note_text(const char *sql, const char *created_at, long long id)
{
	uint32_t k = text_key(sql, created_at, 1);
	ALLOC_GROW_ZERO(text_first, (size_t)k + 1, text_cap, 256);
	if (!text_first[k] || id < text_first[k])
		text_first[k] = id;
}

/* the first row with g's text and time, if it is before g; 0 otherwise */
static long long earlier_run(const struct group *g)
{
	uint32_t k = text_key(g->sql, g->created_at, 0);
	return k != UINT32_MAX && k < text_cap && text_first[k] < g->ids[0] ? text_first[k] : 0;
}

static int hrow_next(struct artifact_reader *hr, struct hrow *out)
{
	struct v1_history_row h;
	memset(out, 0, sizeof(*out));
	if (!v1_history_next(hr, &h))
		return 0;
	out->id = h.id;
	out->object_id = h.object_id;
	out->creates = !h.change_type ? 0 : !strcmp(h.change_type, "CREATE") ? ROW_CREATE : !strcmp(h.change_type, "DROP") ? ROW_DROP : 0;
	out->sql = h.sql_executed ? xstrdup(h.sql_executed) : NULL;
	out->description = h.change_description ? xstrdup(h.change_description) : NULL;
	out->created_at = h.created_at ? xstrdup(h.created_at) : NULL;
	out->created_by = h.created_by ? xstrdup(h.created_by) : NULL;
	if (!v1_blank(out->sql))
		note_text(out->sql, out->created_at, out->id);
	return 1;
}


static void group_add(struct group *g, long long id, long long object_id, int creates)
{
	if (g->n == g->cap) {
		ALLOC_GROW(g->ids, g->n + 1, g->cap, 8);
		g->object_ids = xreallocarray(g->object_ids, g->cap, sizeof(*g->object_ids));
		g->creates = xreallocarray(g->creates, g->cap, sizeof(*g->creates));
	}
	g->creates[g->n] = (unsigned char)creates;
	g->object_ids[g->n] = object_id;
	g->ids[g->n++] = id;
}

/* start g (reset) with row r, taking its strings */
static void group_start(struct group *g, struct hrow *r)
{
	group_add(g, r->id, r->object_id, r->creates);
	g->sql = r->sql;
	g->description = r->description;
	g->created_at = r->created_at;
	g->created_by = r->created_by;
	memset(r, 0, sizeof(*r));
}

/* ---- pggit.objects: where production said each object was ---- */

struct v1_object {
	char *type, *schema, *name;
	char *ddl;   /* ddl_normalized, NULL when blank */
	char *label; /* object_label(), made when first needed */
};
static struct strmap *object_ids; /* "id" -> index in objects[] */
static struct v1_object *objects;

/* 1 for the pggit.objects types whose object_name is regclass::text or regtype::text (quoted as needed) */
static int regclass_named(const char *type)
{
	static const char *const t[] = { "TABLE", "PARTITION", "VIEW", "MATERIALIZED_VIEW", "INDEX", "SEQUENCE",
					 "FOREIGN_TABLE", "TYPE", "DOMAIN" };
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i], type))
			return 1;
	return 0;
}

/* schema.name (the schema left out when empty), quote_ident applied to the schema and, if quote_name, the
   name. Caller frees. */
static char *quoted_path(const char *schema, const char *name, int quote_name)
{
	const char *p[] = { schema ? schema : "", name, quote_name ? "t" : "f" };
	PGresult *r = pg_query(db,
			       "SELECT CASE WHEN $1 = '' THEN '' ELSE quote_ident($1) || '.' END || "
			       "CASE WHEN $3::bool THEN quote_ident($2) ELSE $2 END",
			       3, p, "naming an object");
	char *path = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return path;
}

/*
 * How reasons and warnings name a pggit.objects row's object: schema.name with each identifier as
 * quote_ident writes it, as the store's paths do. Pasting the raw object_name after the schema named
 * an object of a schema needing quotes twice ("my.schema" + "my.schema"."tab.le" gave
 * my.schema."my.schema"."tab.le"): pgGit keeps the schema in the name then. A name that is not an
 * identifier for pgGit (a function's OID, a trigger's "name on table") is shown as it is. Caller frees.
 */
static char *label_of(const char *type, const char *schema, const char *object_name)
{
	int decode = regclass_named(type);
	char *name = decode ? v1_object_name_of(object_name) : xstrdup(object_name);
	char *label = quoted_path(schema, name, decode);
	free(name);
	return label;
}

static const char *object_label(const struct v1_object *o)
{
	struct v1_object *w = (struct v1_object *)o; /* the label is a cache, made once */
	if (!w->label)
		w->label = label_of(o->type, o->schema, o->name);
	return w->label;
}

static void load_objects(const char *v1dir)
{
	object_ids = strmap_new();
	size_t cap = 0;
	struct artifact_reader *orr = v1_objects_open(v1dir);
	struct v1_object_row o;
	while (v1_objects_next(orr, &o)) {
		char k[32];
		int kn = snprintf(k, sizeof(k), "%lld", o.id);
		int added;
		uint32_t id = strmap_intern(object_ids, k, (size_t)kn, &added);
		if (!added)
			continue;
		ALLOC_GROW(objects, (size_t)id + 1, cap, 256);
		objects[id].type = xstrdup(o.object_type ? o.object_type : "");
		objects[id].schema = xstrdup(o.schema_name ? o.schema_name : "");
		objects[id].name = xstrdup(o.object_name ? o.object_name : "");
		objects[id].ddl = v1_blank(o.ddl_normalized) ? NULL : xstrdup(o.ddl_normalized);
		objects[id].label = NULL;
	}
	ar_close(orr);
}

/*
 * The schema every row of the group names in pggit.objects, when it is one
 * (public too: it then comes before the role's schema, see set_search_path());
 * NULL otherwise.
 */
static const char *group_schema(const struct group *g)
{
	const char *schema = NULL;
	for (size_t i = 0; i < g->n; i++) {
		char k[32];
		int kn = snprintf(k, sizeof(k), "%lld", g->object_ids[i]);
		uint32_t id = strmap_find(object_ids, k, (size_t)kn);
		if (id == UINT32_MAX || !*objects[id].schema)
			return NULL;
		if (schema && strcmp(schema, objects[id].schema) != 0)
			return NULL;
		schema = objects[id].schema;
	}
	return schema;
}

static const struct v1_object *object_of(long long object_id)
{
	char k[32];
	int kn = snprintf(k, sizeof(k), "%lld", object_id);
	uint32_t id = strmap_find(object_ids, k, (size_t)kn);
	return id == UINT32_MAX ? NULL : &objects[id];
}

/*
 * 1 when a row of object_id (kind: ROW_CREATE, ROW_DROP or 0, any other change) cannot belong to the
 * statement g: g already has a row of the same kind for an object of the same type and name in
 * another schema. One command creates one object of a name, so such CREATE rows come from two
 * commands that sent the same text in one transaction (a migration run with psql
 * --single-transaction sends each statement on its own and now() is the transaction's start: SET
 * search_path = t1; CREATE TABLE items ...; SET search_path = t2; CREATE TABLE items ... gives two
 * rows "CREATE TABLE items ..." at one time, t1.items and t2.items). Grouped, the text ran once in
 * public and both rows were warned; apart, each runs with its own row's schema first
 * (group_schema), as production had it. Not a text of several statements: sent as one query with
 * its own SET search_path, it made both objects in one run. The same holds for ALTER and DROP rows
 * (ALTER TABLE t ADD COLUMN x int once per tenant schema: grouped, it failed in public and neither
 * tenant's table changed), but one command may alter or drop objects of one name in two schemas
 * when it names them (DROP TABLE a.t, b.t): those rows are two runs only when the command names
 * its object unqualified, so that production's search_path alone chose it.
 */
static int second_run(const struct group *g, long long object_id, int kind)
{
	const struct v1_object *o = object_of(object_id);
	for (size_t i = 0; o && i < g->n; i++) {
		const struct v1_object *p = g->creates[i] == kind ? object_of(g->object_ids[i]) : NULL;
		if (p && v1_creates_clash(p->type, p->schema, p->name, o->type, o->schema, o->name))
			/* a script may have made both: it runs once */
			return kind == ROW_CREATE ? v1_one_command(g->sql) : v1_one_unqualified_command(g->sql);
	}
	return 0;
}

static char *session_path;	/* the connection's own search_path, whatever the cluster configured */
static char *text_start_path; /* the search_path the text being run started with, as current_setting() writes it */

static const char *session_search_path(void)
{
	if (!session_path) {
		PGresult *r = pg_query(db, "SELECT pg_catalog.current_setting('search_path')", 0, NULL, "reading the search_path");
		session_path = xstrdup(PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	return session_path;
}

/*
 * Put schema, then role (NULL or blank: nothing), before the session's search_path (public), or
 * restore it. role stands for the "$user" of PostgreSQL's default path "$user", public: the row's
 * created_by, as production resolved it, never the replaying role (v1_scratch_connect). Session-wide
 * rather than SET LOCAL: an autocommit statement commits the batch in between. The capture runs with
 * the session's path again, so rendered definitions qualify names as they always did. The path set
 * is kept in text_start_path: a text's RESET search_path returns to it (v1_pin_search_path).
 */
static void set_search_path(const char *schema, const char *role)
{
	if (v1_blank(role) || (schema && !strcmp(schema, role)))
		role = NULL;
	/* rows in public: public first, before the role's schema too (production's path put it there) */
	const char *rest = schema && !strcmp(schema, session_search_path()) ? "" : session_search_path();
	const char *p[] = { schema ? schema : "", role ? role : "", rest };
	PGresult *r = pg_query(db,
			       /* qualified: a history statement's own SET search_path may still be in force, and it
				  can put a schema holding a function of that name before pg_catalog */
			       "SELECT pg_catalog.set_config('search_path', pg_catalog.concat_ws(', ', "
			       "CASE WHEN $1::text OPERATOR(pg_catalog.<>) '' THEN pg_catalog.quote_ident($1) END, "
			       "CASE WHEN $2::text OPERATOR(pg_catalog.<>) '' THEN pg_catalog.quote_ident($2) END, "
			       "CASE WHEN $3::text OPERATOR(pg_catalog.<>) '' THEN $3 END), false)",
			       3, p, "setting the search_path of a statement");
	free(text_start_path);
	text_start_path = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
}

/*
 * Production ran the statement with its own search_path; when the rows of a
 * statement do not agree on one schema (group_schema), the replay runs it with
 * the default one, so an unqualified name lands in public. When a row's
 * pggit.objects entry names another schema than every object the statement
 * touched, and one of them is in public, say so (warnings.csv.zst): the store
 * records the object under a path production did not have.
 */
static void check_schemas(const struct group *g, struct strmap *schemas)
{
	if (strmap_find(schemas, "public", 6) == UINT32_MAX)
		return;
	for (size_t i = 0; i < g->n; i++) {
		char k[32];
		int kn = snprintf(k, sizeof(k), "%lld", g->object_ids[i]);
		uint32_t id = strmap_find(object_ids, k, (size_t)kn);
		if (id == UINT32_MAX)
			continue;
		const struct v1_object *o = &objects[id];
		if (!*o->schema || !strcmp(o->schema, "public") || !strcmp(o->type, "SCHEMA") ||
		    strmap_find(schemas, o->schema, strlen(o->schema)) != UINT32_MAX)
			continue;
		char *ident = xstrdup(object_label(o));
		char *why = xasprintf("pggit.objects row %s says schema %s, the statement touched objects in public "
				      "and none there (an unqualified name that production's search_path, not recorded, "
				      "resolved elsewhere, or pggit.objects disagrees with the statement): recorded under "
				      "public",
				      k, o->schema);
		warn_row(g->ids[i], o->type, ident, why);
		pga_warn("history row %lld: %s", g->ids[i], dt(why));
		free(why);
		free(ident);
	}
}

static int same_text(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The commit message: the description (or the statement's first line), the statement, the rows. */
static char *commit_message(const struct group *g)
{
	struct strbuf m = STRBUF_INIT;
	const char *sql = g->sql ? g->sql : "";
	if (!v1_blank(g->description)) {
		strbuf_addstr(&m, g->description);
	} else {
		const char *s = sql + strspn(sql, " \t\r\n");
		size_t n = strcspn(s, "\n");
		strbuf_add(&m, s, n > 200 ? 200 : n);
	}
	strbuf_addstr(&m, "\n\n");
	strbuf_addstr(&m, sql);
	strbuf_addf(&m, "\n\npggit v1 history: row %lld", g->ids[0]);
	for (size_t i = 1; i < g->n; i++)
		strbuf_addf(&m, "%s%lld", i == 1 ? " (also rows " : ", ", g->ids[i]);
	if (g->n > 1)
		strbuf_addch(&m, ')');
	return strbuf_detach(&m, NULL);
}

/* part: the statement's number in a script run statement by statement, 0 for a text run whole */
static void error_row(long long id, int part, const struct exec_result *er, const char *sql)
{
	char hid[32], pn[16];
	snprintf(hid, sizeof(hid), "%lld", id);
	snprintf(pn, sizeof(pn), "%d", part);
	const char *p[] = { hid, pn, er->sqlstate, er->message, sql };
	PQclear(pg_query(db,
			 "INSERT INTO pggit_audit_replay.out_errors (history_id, part, sqlstate, message, statement) "
			 "VALUES ($1, $2, $3, $4, $5)",
			 5, p, "recording a failed statement"));
}

static const char *group_time(const struct group *g)
{
	if (g->created_at) {
		snprintf(st.last_time, sizeof(st.last_time), "%s", g->created_at);
		return g->created_at;
	}
	return st.last_time; /* documented default: the time of the nearest earlier row */
}

/*
 * Why extension name may not be installed, NULL if it may. An extension that
 * needs a superuser and is not marked trusted (in any of its versions, or one
 * it requires: CASCADE installs those) can run arbitrary code: dblink reaches
 * the rest of the cluster, file_fdw reads server files. An unknown extension
 * is left to fail on its own.
 */
static char *extension_refusal(const char *name)
{
	const char *p[] = { name };
	PGresult *r = pg_query(db,
			       "WITH RECURSIVE x(name) AS (SELECT $1::name UNION SELECT unnest(v.requires) "
			       "  FROM x JOIN pg_available_extension_versions v ON v.name = x.name) "
			       "SELECT x.name FROM x WHERE EXISTS (SELECT 1 FROM pg_available_extension_versions v "
			       "  WHERE v.name = x.name AND v.superuser AND NOT v.trusted) ORDER BY 1 LIMIT 1",
			       1, p, "looking up an extension");
	char *why = NULL;
	if (PQntuples(r))
		why = xasprintf("extension %s%s%s needs a superuser and is not trusted: its code could act outside the "
				"scratch database",
				PQgetvalue(r, 0, 0), strcmp(PQgetvalue(r, 0, 0), name) ? ", required by " : "",
				strcmp(PQgetvalue(r, 0, 0), name) ? name : "");
	PQclear(r);
	return why;
}

/* The highest seq of pggit_audit_replay.touched so far: what a text touches after it is above it. */
static long long touched_mark(void)
{
	PGresult *r = pg_query(db, "SELECT coalesce(max(seq), 0) FROM pggit_audit_replay.touched", 0, NULL,
			       "reading the event triggers' position");
	long long mark = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return mark;
}

/*
 * The text just run created or refreshed materialized views WITH NO DATA;
 * populated: the text populated them (rewritten so that their query never
 * ran), so they are rendered WITH DATA as in production. Only what the text
 * touched (after mark): the baseline runs many texts before its one capture.
 */
static void mark_populated(int populated, long long mark)
{
	char m[32];
	snprintf(m, sizeof(m), "%lld", mark);
	const char *p[] = { m };
	static const char sel[] = "SELECT DISTINCT t.objid FROM pggit_audit_replay.touched t "
				  "WHERE t.seq > $1::bigint AND t.event = 'ddl' AND t.classid = 'pg_class'::regclass "
				  "AND t.object_type = 'materialized view'";
	char *sql = populated ? xasprintf("INSERT INTO pggit_audit_replay.populated %s ON CONFLICT DO NOTHING", sel)
			      : xasprintf("DELETE FROM pggit_audit_replay.populated WHERE relid IN (%s)", sel);
	PQclear(pg_query(db, sql, 1, p, "recording populated materialized views"));
	free(sql);
}

/*
 * Screen a text (a history statement or a baseline definition) and run it: its
 * screened form (session statements cut, WITH NO DATA), statement by statement
 * when it is a script, with schema (NULL: none) looked in first for unqualified
 * names; then the capture's integrity is checked and the materialized views it
 * populated are marked. NULL when it ran (*sr filled: release it), else why it
 * was not run (owned). in_baseline: the baseline runs in one transaction (only
 * its enum values are committed early, and a killed baseline is run again from
 * its start), so a statement that must run outside one (CONCURRENTLY) is not run
 * there; the history's run between batches. role: who ran the text (created_by;
 * NULL: not known), what "$user" in its own search_path stands for.
 */
static char *run_text(long long history_id, const char *sql, const char *schema, const char *role, int in_baseline,
		      struct script_result *sr, int *ends_batch)
{
	label_history_row(history_id);
	struct v1_screen scr;
	v1_screen_statement(sql, &scr);
	char *why = NULL, *owned = NULL;
	if (scr.skip_reason)
		why = scr.parse_error ? xasprintf("%s: %s", scr.skip_reason, scr.parse_error) : xstrdup(scr.skip_reason);
	char **refused = NULL;
	size_t nrefused = 0;
	for (size_t i = 0; !why && i < scr.nextensions; i++) {
		char *r = extension_refusal(scr.extensions[i]);
		if (!r)
			continue;
		refused = xrealloc(refused, (nrefused + 1) * sizeof(*refused));
		refused[nrefused++] = scr.extensions[i];
		if (nrefused == 1)
			why = r;
		else
			free(r);
	}
	if (nrefused) {
		/* only those statements are left out, as a DO block among DDL is: the DDL beside them runs, when
		   what remains passes the screen and names no other refused extension */
		struct v1_skipped_part *sk = NULL;
		size_t nsk = 0;
		char *rest = v1_cut_extensions(sql, refused, nrefused, REFUSED_EXTENSION_REASON, &sk, &nsk);
		struct v1_screen again;
		memset(&again, 0, sizeof(again));
		int ok = 0;
		if (rest) {
			v1_screen_statement(rest, &again);
			ok = !again.skip_reason;
			for (size_t i = 0; ok && i < again.nextensions; i++) {
				char *r = extension_refusal(again.extensions[i]);
				ok = !r;
				free(r);
			}
		}
		if (ok) {
			again.skipped = xrealloc(again.skipped, (again.nskipped + nsk) * sizeof(*again.skipped));
			memcpy(again.skipped + again.nskipped, sk, nsk * sizeof(*sk));
			again.nskipped += nsk;
			free(sk);
			v1_screen_release(&scr);
			scr = again;
			owned = rest;
			sql = rest;
			free(why);
			why = NULL;
		} else {
			for (size_t i = 0; i < nsk; i++)
				free(sk[i].text);
			free(sk);
			v1_screen_release(&again);
			free(rest);
		}
		free(refused);
	}
	if (!why && scr.autocommit && in_baseline)
		why = xstrdup("it must run outside a transaction block (CONCURRENTLY), and the baseline runs in one "
			      "transaction");
	if (why) {
		v1_screen_release(&scr);
		free(owned);
		return why;
	}
	int autocommit = scr.autocommit ? (scr.command && !strcmp(scr.command, "IndexStmt") ? 2 : 1) : 0;
	long long mark = scr.no_data || scr.explicit_no_data ? touched_mark() : 0;
	int own_path = schema || !v1_blank(role);
	if (own_path)
		set_search_path(schema, role);
	const char *run = scr.run_sql ? scr.run_sql : sql;
	/* "$user" of the text's own path: the role; without one, the schema its rows put the objects in, where
	   production's "$user" resolved (left out instead, a path of "$user" alone was empty and the text failed) */
	char *pinned = scr.sets_search_path ? v1_pin_search_path(run, own_path ? text_start_path : session_search_path(),
								 v1_blank(role) ? schema : role)
					    : NULL;
	run_script(history_id, pinned ? pinned : run, autocommit, sr, in_baseline);
	free(pinned);
	sr->skipped = scr.skipped;
	sr->nskipped = scr.nskipped;
	scr.skipped = NULL;
	scr.nskipped = 0;
	/* a script's own SET search_path stays in force after it (a rolled-back one does not): the next
	   text and the capture start from the replay's path again */
	if (own_path || scr.sets_search_path)
		set_search_path(NULL, NULL);
	check_helper(history_id);
	if (sr->ran && (scr.no_data || scr.explicit_no_data))
		mark_populated(scr.no_data, mark);
	if (ends_batch)
		*ends_batch = scr.ends_batch;
	v1_screen_release(&scr);
	free(owned);
	return NULL;
}

/* The DROP statement for a pggit.objects row's object (by its decoded name), or NULL for a type
   pgGit names otherwise (a function by its OID) or that has no DROP of its own here. */
static char *drop_statement(const struct v1_object *o)
{
	static const char *const kw[][2] = { { "TABLE", "TABLE" },	      { "PARTITION", "TABLE" },
					     { "VIEW", "VIEW" },	      { "MATERIALIZED_VIEW", "MATERIALIZED VIEW" },
					     { "INDEX", "INDEX" },	      { "SEQUENCE", "SEQUENCE" },
					     { "TYPE", "TYPE" } };
	const char *k = NULL;
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (!strcmp(kw[i][0], o->type))
			k = kw[i][1];
	if (!k || !*o->schema || !*o->name)
		return NULL;
	char *name = v1_object_name_of(o->name);
	const char *p[] = { k, o->schema, name };
	PGresult *r = pg_query(db, "SELECT format('DROP %s IF EXISTS %I.%I', $1::text, $2::text, $3::text)", 3, p,
			       "spelling a drop");
	char *sql = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	free(name);
	return sql;
}

/* Run the drop sql of a DROP row of a statement that is not replayed: 1 if it ran. A failure is a
   warning row, except, before the last try, one because other objects still depend on it (*dependents
   set: the caller tries again once the statement's other drops ran). */
static int substitute_drop(long long first, const char *k, const struct v1_object *o, const char *sql, int last_try,
			   int *dependents)
{
	struct script_result sr;
	char *skip = run_text(first, sql, NULL, NULL, 0, &sr, NULL);
	*dependents = 0;
	if (skip) {
		char *w = xasprintf("the statement was not replayed; pggit.objects row %s (%s %s), dropped by it, not "
				    "dropped either: %s",
				    k, o->type, object_label(o), skip);
		warn_row(first, o->type, object_label(o), w);
		pga_warn("history row %lld: %s", first, w);
		free(w);
		free(skip);
		return 0;
	}
	warn_skipped(first, o->type, object_label(o), "the statement was not replayed, its DROP row's object dropped instead", &sr);
	int ok = sr.ran && !sr.nfailed;
	if (!ok && !last_try && sr.nfailed && !strcmp(sr.failed[0].er.sqlstate, "2BP01"))
		*dependents = 1;
	else
		for (size_t j = 0; j < sr.nfailed; j++) {
			struct strbuf w = STRBUF_INIT;
			strbuf_addf(&w, "the statement was not replayed; pggit.objects row %s (%s %s), dropped by it, "
					"dropped instead, failed: ",
				    k, o->type, object_label(o));
			describe_failure(&w, &sr.failed[j]);
			warn_row(first, o->type, object_label(o), w.buf);
			pga_warn("history row %lld: %s", first, w.buf);
			strbuf_release(&w);
		}
	script_result_release(&sr);
	return ok;
}

/*
 * 1 if the object of a pggit.objects row exists in the scratch database now, 0 if not, -1 if that cannot be
 * told from its row (a type the replay cannot look up by name). Functions are named by their OID in
 * pggit.objects: their definition names them (any overload counts).
 */
/*
 * The catalog query that finds the object of a pggit.objects row by its (decoded) name: $1 its schema,
 * $2 its name; one row per match, the catalog (classid) and OID of each. NULL for a type looked up
 * otherwise (functions: by the name their definition gives) or not at all. Triggers and constraints are
 * found by name among the schema's tables (pgGit's name for them is not certain: not found is "unknown").
 */
static const char *lookup_query(const char *type)
{
	static const char *const rel[] = { "TABLE", "PARTITION", "VIEW", "MATERIALIZED_VIEW", "INDEX", "SEQUENCE",
					   "FOREIGN_TABLE", NULL };
	for (const char *const *t = rel; *t; t++)
		if (!strcmp(*t, type))
			return "SELECT 'pg_class'::regclass::oid, c FROM to_regclass(format('%I.%I', $1::text, $2::text)) c "
			       "WHERE c IS NOT NULL";
	if (!strcmp(type, "TYPE") || !strcmp(type, "DOMAIN"))
		return "SELECT 'pg_type'::regclass::oid, t FROM to_regtype(format('%I.%I', $1::text, $2::text)) t "
		       "WHERE t IS NOT NULL";
	if (!strcmp(type, "SCHEMA"))
		return "SELECT 'pg_namespace'::regclass::oid, oid FROM pg_namespace WHERE nspname = $2 AND $1 IS NOT NULL";
	if (!strcmp(type, "FUNCTION") || !strcmp(type, "PROCEDURE"))
		return "SELECT 'pg_proc'::regclass::oid, p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
		       "WHERE n.nspname = $1 AND p.proname = $2";
	if (!strcmp(type, "TRIGGER"))
		return "SELECT 'pg_trigger'::regclass::oid, t.oid FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
		       "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND t.tgname = $2 "
		       "AND NOT t.tgisinternal";
	if (!strcmp(type, "CONSTRAINT"))
		return "SELECT 'pg_constraint'::regclass::oid, c.oid FROM pg_constraint c "
		       "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.conname = $2";
	return NULL;
}

/* 1: the lookup of a found object is certain; 0: not finding one proves nothing (see lookup_query) */
static int lookup_certain(const char *type)
{
	return strcmp(type, "TRIGGER") && strcmp(type, "CONSTRAINT");
}

/*
 * The (schema, name) o is looked up by (owned by the caller), and its query; NULL when o cannot be
 * looked up (a type without a query, no schema or name, a function whose definition names none).
 */
static const char *lookup_of(const struct v1_object *o, char **schema, char **name)
{
	*schema = *name = NULL;
	const char *q = lookup_query(o->type);
	if (!q)
		return NULL;
	if (!strcmp(o->type, "FUNCTION") || !strcmp(o->type, "PROCEDURE")) {
		*name = o->ddl ? v1_routine_created(o->ddl, schema) : NULL;
		if (!*name) {
			free(*schema);
			*schema = NULL;
			return NULL;
		}
		if (!*schema)
			*schema = xstrdup(*o->schema ? o->schema : "public");
		return q;
	}
	if (!*o->schema || !*o->name)
		return NULL;
	*schema = xstrdup(o->schema);
	*name = v1_object_name_of(o->name);
	return q;
}

/* 1 if the object of a pggit.objects row exists, 0 if not, -1 when the replay cannot tell (see lookup_of) */
static int object_exists(const struct v1_object *o)
{
	char *schema, *name;
	const char *q = lookup_of(o, &schema, &name);
	if (!q)
		return -1;
	const char *p[] = { schema, name };
	PGresult *r = pg_query(db, q, 2, p, "looking up an object of a statement not replayed");
	int exists = PQntuples(r) > 0 ? 1 : lookup_certain(o->type) ? 0 : -1;
	PQclear(r);
	free(name);
	free(schema);
	return exists;
}

/*
 * How many DDL commands the statements that ran performed on the object of a pggit.objects row, as the
 * replay's event trigger saw them up to mark (pg_event_trigger_ddl_commands(), the same list pgGit writes
 * its rows from, one row per command and object), or -1 when the object cannot be looked up (or is gone).
 */
static long long commands_on(const struct v1_object *o, long long mark)
{
	char *schema, *name;
	const char *q = lookup_of(o, &schema, &name);
	if (!q)
		return -1;
	char m[32];
	snprintf(m, sizeof(m), "%lld", mark);
	const char *p[] = { schema, name, m };
	char *sql = xasprintf("WITH o(classid, objid) AS (%s) SELECT CASE WHEN EXISTS (SELECT FROM o) THEN "
			      "(SELECT count(*) FROM pggit_audit_replay.touched t JOIN o ON o.classid = t.classid "
			      "AND o.objid = t.objid WHERE t.event = 'ddl' AND t.seq <= $3::bigint) ELSE -1 END",
			      q);
	PGresult *r = pg_query(db, sql, 3, p, "counting the commands on an object of a text");
	long long n = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	free(sql);
	free(name);
	free(schema);
	return n;
}

/*
 * A function or procedure row of a text that the replay cannot look up by name (pgGit names it by its
 * OID, and it has no ddl_normalized giving the name). The text's routine CREATE rows in its schema that
 * are unnamed so are counted against the routines the statements that ran made there (distinct, as the
 * event trigger saw them up to mark, not in the snapshot before the text: an ALTER FUNCTION of an older
 * one made none), less those a named row of the text accounts for (its definition's name, in that
 * schema). ROUTINES_MADE: at least as many made as unnamed rows, this one is among them; ROUTINES_NONE:
 * none made (or not such a row), this one is not made; ROUTINES_SOME: fewer made than unnamed rows, so
 * some of the rows are not made but which ones cannot be told (*unnamed and *made then say how many).
 */
enum { ROUTINES_NONE, ROUTINES_MADE, ROUTINES_SOME };
static int routines_accounted(const struct group *g, const struct v1_object *o, long long mark, long long *unnamed,
			      long long *made)
{
	*unnamed = *made = 0;
	if ((strcmp(o->type, "FUNCTION") && strcmp(o->type, "PROCEDURE")) || !*o->schema)
		return ROUTINES_NONE;
	struct strmap *seen = strmap_new(), *names = strmap_new();
	for (size_t j = 0; j < g->n; j++) {
		char k[32];
		int kn = snprintf(k, sizeof(k), "%lld", g->object_ids[j]);
		uint32_t oj = strmap_find(object_ids, k, (size_t)kn);
		if (g->creates[j] != ROW_CREATE || oj == UINT32_MAX || !strcmp(objects[oj].type, "COLUMN") ||
		    (strcmp(objects[oj].type, "FUNCTION") && strcmp(objects[oj].type, "PROCEDURE")))
			continue;
		char *rs = NULL, *rn = objects[oj].ddl ? v1_routine_created(objects[oj].ddl, &rs) : NULL;
		if (rn && !strcmp(rs ? rs : objects[oj].schema, o->schema))
			strmap_intern(names, rn, strlen(rn), NULL);
		else if (!rn && !strcmp(objects[oj].schema, o->schema))
			strmap_intern(seen, k, (size_t)kn, NULL);
		free(rs);
		free(rn);
	}
	*unnamed = strmap_count(seen);
	char m[32];
	snprintf(m, sizeof(m), "%lld", mark);
	const char *p[] = { o->schema, m };
	PGresult *r = pg_query(db,
			       "SELECT DISTINCT t.objid, p.proname FROM pggit_audit_replay.touched t "
			       "JOIN pg_proc p ON p.oid = t.objid JOIN pg_namespace n ON n.oid = p.pronamespace "
			       "WHERE t.event = 'ddl' AND t.classid = 'pg_proc'::regclass AND n.nspname = $1 "
			       "AND t.seq <= $2::bigint AND NOT EXISTS (SELECT FROM pggit_audit_replay.snapshot s "
			       "WHERE s.unit_key = t.classid::text || ':' || t.objid::text)",
			       2, p, "counting the routines a text made");
	for (int i = 0; i < PQntuples(r); i++) {
		const char *pn = PQgetvalue(r, i, 1);
		*made += strmap_find(names, pn, strlen(pn)) == UINT32_MAX;
	}
	PQclear(r);
	strmap_free(seen);
	strmap_free(names);
	if (!*unnamed || !*made)
		return ROUTINES_NONE;
	return *made >= *unnamed ? ROUTINES_MADE : ROUTINES_SOME;
}

/* the SQLSTATEs of "already exists" (duplicate_table, _object, _function, _schema, _alias) */
static int duplicate_state(const char *state)
{
	static const char *const dup[] = { "42P07", "42710", "42723", "42P06", "42712" };
	for (size_t i = 0; i < sizeof(dup) / sizeof(dup[0]); i++)
		if (!strcmp(state, dup[i]))
			return 1;
	return 0;
}

/* a routine row without ddl_normalized of a text whose statements that ran made some, not all, of the
   unnamed routine rows of its schema (ROUTINES_SOME) */
struct uncertain_routine {
	size_t row;		  /* index in the group */
	long long unnamed, made; /* as routines_accounted() counted them */
};

/*
 * One warning per schema for the rows of u[]: the statements that ran made some of the routines the
 * text's unnamed rows there stand for, so the others were made by a statement not replayed, but pgGit
 * names a routine by its OID and without a definition nothing says which row is which. Warning every
 * row "not created" was false for those made; warning none hid the loss. The warning is a row of the
 * first of them and lists them all; lost gets "N of: ..." for the accounting reason.
 */
static void warn_uncertain_routines(const struct group *g, const char *who, const struct uncertain_routine *u,
				    size_t n, struct strbuf *lost)
{
	unsigned char *told = xcalloc(n ? n : 1, 1);
	for (size_t a = 0; a < n; a++) {
		if (told[a])
			continue;
		const struct v1_object *oa = NULL;
		struct strbuf rows = STRBUF_INIT, names = STRBUF_INIT;
		for (size_t b = a; b < n; b++) {
			char k[32];
			int kn = snprintf(k, sizeof(k), "%lld", g->object_ids[u[b].row]);
			const struct v1_object *ob = &objects[strmap_find(object_ids, k, (size_t)kn)];
			if (oa && strcmp(ob->schema, oa->schema))
				continue;
			oa = oa ? oa : ob;
			told[b] = 1;
			strbuf_addf(&rows, "%s%s (%s %s, history row %lld)", rows.len ? ", " : "", k, ob->type,
				    object_label(ob), g->ids[u[b].row]);
			strbuf_addf(&names, "%s%s", names.len ? ", " : "", object_label(ob));
		}
		long long missing = u[a].unnamed - u[a].made;
		char *w = xasprintf("%s; the text has %lld function or procedure CREATE rows in schema %s whose "
				    "object the replay cannot name, and the statements that ran made %lld routine%s "
				    "there: %lld more, made by what was not replayed, %s not created in the replay, "
				    "and which of the rows without ddl_normalized %s cannot be told (pgGit names "
				    "routines by OID): pggit.objects rows %s",
				    who, u[a].unnamed, oa->schema, u[a].made, u[a].made == 1 ? "" : "s", missing,
				    missing == 1 ? "is" : "are", missing == 1 ? "it is" : "they are", rows.buf);
		warn_row(g->ids[u[a].row], oa->type, names.buf, w);
		pga_warn("history row %lld: %s", g->ids[u[a].row], dt(w));
		free(w);
		strbuf_addf(lost, "%s%lld of (%s)", lost->len ? ", " : "", missing, names.buf);
		strbuf_release(&rows);
		strbuf_release(&names);
	}
	free(told);
}

/*
 * A statement that is not replayed (a DO block, a text that does not parse, a row without SQL), or
 * one left out of a text whose other statements ran (partial), may have created, dropped or altered
 * objects: pgGit wrote their CREATE, DROP and ALTER rows with its text (a migration's DO block creating
 * a table when it is missing, or dropping one). Left out, a created object never existed in the replay
 * and every later statement on it failed; a dropped one stayed in every later snapshot. Each object its
 * CREATE rows name that has a ddl_normalized is created from it instead (the same screen and treatment as
 * the baseline's definitions; its latest definition, not necessarily the one the statement gave it), and
 * each relation, index, sequence or type its DROP rows name is dropped (DROP ... IF EXISTS by name, in the
 * rows' order; one that other objects still depend on is tried again after the others, as pgGit lists the
 * dependents of a CASCADE after the object); a definition refused or failing is a warning row of the
 * history row. What cannot be done is a warning row too, never silent: an object without ddl_normalized, a
 * function's DROP (pgGit names it by OID), an ALTER row (it says that the object changed, not how).
 * When partial, the rows cannot tell which statement of the text wrote them: an object is created only if
 * it does not exist after the statements that ran and its last CREATE or DROP row in the text is a CREATE
 * (an object the replay cannot look up is tried under a savepoint, and "already exists" there means the
 * statements that ran made it; a routine without a definition naming it counts as made when they made
 * as many routines in its schema as the text has such rows there, and when they made fewer but some,
 * one warning says so for all of them: see routines_accounted()), dropped only if that last row is a
 * DROP, and an ALTER row is a warning
 * that the change may be lost only when the statements that ran do not account for the object's rows:
 * pgGit writes one row per command and object of pg_event_trigger_ddl_commands(), which the replay's
 * event trigger lists too, so an object with no more CREATE and ALTER rows than commands of the
 * statements that ran on it was changed by no left-out statement (one that did wrote a row of its own).
 * reason gets what was done; returns 1 if anything ran.
 */
static int substitute_objects(struct group *g, int partial, struct strbuf *reason)
{
	long long first = g->ids[0];
	const char *who = partial ? "a statement of the text was not replayed" : "the statement was not replayed";
	struct strbuf made = STRBUF_INIT, dropped = STRBUF_INIT, lost = STRBUF_INIT;
	struct strmap *done = strmap_new();
	size_t *later = NULL, nlater = 0; /* DROP rows tried again after the others */
	struct uncertain_routine *uncertain = NULL;
	size_t nuncertain = 0, uncertain_cap = 0;
	/* what the statements that ran did, before anything here adds to it */
	long long mark = partial ? touched_mark() : 0;
	for (size_t i = 0; i < g->n; i++) {
		char k[32];
		int kn = snprintf(k, sizeof(k), "%lld", g->object_ids[i]);
		uint32_t oi = strmap_find(object_ids, k, (size_t)kn);
		if (oi == UINT32_MAX || !strcmp(objects[oi].type, "COLUMN"))
			continue;
		const struct v1_object *o = &objects[oi];
		if (partial && g->creates[i]) {
			/* the object's last CREATE or DROP row in the text decides what it is after the text */
			size_t last = i;
			for (size_t j = i + 1; j < g->n; j++)
				if (g->object_ids[j] == g->object_ids[i] && g->creates[j])
					last = j;
			if (g->creates[last] != g->creates[i])
				continue;
		}
		if (!g->creates[i] && partial) {
			long long rows = 0;
			for (size_t j = 0; j < g->n; j++)
				rows += g->object_ids[j] == g->object_ids[i] && g->creates[j] != ROW_DROP;
			long long cmds = commands_on(o, mark);
			if (cmds >= rows)
				continue; /* every row of the object is a command of a statement that ran */
		}
		if (!g->creates[i]) {
			char *w = xasprintf("%s; pggit.objects row %s (%s %s) is altered by %s: %s not known (the row says "
					    "only that the object changed) and is not replayed",
					    who, k, o->type, object_label(o),
					    partial ? "the text, maybe by a statement not replayed" : "it",
					    partial ? "such a change is" : "the change is");
			warn_row(g->ids[i], o->type, object_label(o), w);
			pga_warn("history row %lld: %s", g->ids[i], dt(w));
			free(w);
			strbuf_addf(&lost, "%s%s", lost.len ? ", " : "", object_label(o));
			continue;
		}
		if (g->creates[i] == ROW_DROP) {
			char *sql = drop_statement(o);
			if (!sql) {
				/* a function's row is named by its OID: its definition says which function it was */
				char *rs = NULL, *rn = o->ddl ? v1_routine_created(o->ddl, &rs) : NULL;
				char *path = rn ? quoted_path(rs ? rs : o->schema, rn, 1) : NULL;
				char *named = path ? xasprintf(", defined as %s", path) : xstrdup("");
				free(path);
				char *w = xasprintf("%s; pggit.objects row %s (%s %s%s) is dropped by it and not dropped in "
						    "the replay (pgGit names this type of object so that it cannot be dropped by "
						    "name): it stays in the later snapshots",
						    who, k, o->type, object_label(o), named);
				free(rs);
				free(rn);
				free(named);
				warn_row(g->ids[i], o->type, object_label(o), w);
				pga_warn("history row %lld: %s", g->ids[i], dt(w));
				free(w);
				strbuf_addf(&lost, "%s%s", lost.len ? ", " : "", object_label(o));
				continue;
			}
			int dependents = 0;
			if (substitute_drop(first, k, o, sql, 0, &dependents))
				strbuf_addf(&dropped, "%s%s", dropped.len ? ", " : "", object_label(o));
			if (dependents) {
				later = xrealloc(later, (nlater + 1) * sizeof(*later));
				later[nlater++] = i;
			}
			free(sql);
			continue;
		}
		int added;
		strmap_intern(done, k, (size_t)kn, &added);
		if (!added)
			continue;
		int exists = partial ? object_exists(o) : 0;
		long long unnamed = 0, nmade = 0;
		int routines = exists < 0 ? routines_accounted(g, o, mark, &unnamed, &nmade) : ROUTINES_NONE;
		if (routines == ROUTINES_MADE)
			exists = 1;
		if (exists == 1)
			continue; /* a statement that ran created it */
		if (!o->ddl && routines == ROUTINES_SOME) {
			/* some rows of its schema are made, not all: one warning for them all, after the loop */
			ALLOC_GROW(uncertain, nuncertain + 1, uncertain_cap, 4);
			uncertain[nuncertain++] = (struct uncertain_routine){ i, unnamed, nmade };
			continue;
		}
		if (!o->ddl) {
			char *w = xasprintf("%s; pggit.objects row %s (%s %s) is created by it and has no ddl_normalized: "
					    "not created in the replay",
					    who, k, o->type, object_label(o));
			warn_row(g->ids[i], o->type, object_label(o), w);
			pga_warn("history row %lld: %s", g->ids[i], dt(w));
			free(w);
			strbuf_addf(&lost, "%s%s", lost.len ? ", " : "", object_label(o));
			continue;
		}
		struct script_result sr;
		int ends_batch = 0;
		/* not known to exist: "already exists" would then say that a statement that ran made it, and
		   the definition's other statements (a COMMENT) must not change it: undone with the savepoint.
		   In baseline mode a statement needing autocommit, which would end the savepoint, is not run. */
		if (exists < 0)
			pg_exec(db, "SAVEPOINT pggit_audit_substitute", "setting a savepoint");
		char *skip = run_text(first, o->ddl, *o->schema ? o->schema : NULL, g->created_by, exists < 0, &sr,
				      &ends_batch);
		if (exists < 0) {
			int dup = 0;
			for (size_t j = 0; !skip && j < sr.nfailed; j++)
				dup |= duplicate_state(sr.failed[j].er.sqlstate);
			if (dup)
				pg_exec(db, "ROLLBACK TO SAVEPOINT pggit_audit_substitute", "undoing a definition");
			pg_exec(db, "RELEASE SAVEPOINT pggit_audit_substitute", "releasing a savepoint");
			if (dup) {
				script_result_release(&sr);
				continue; /* a statement that ran created it */
			}
		}
		if (skip) {
			char *w = xasprintf("%s; pggit.objects row %s (%s %s) not created from its ddl_normalized either: %s",
					    who, k, o->type, object_label(o), skip);
			warn_row(first, o->type, object_label(o), w);
			pga_warn("history row %lld: %s", first, dt(w));
			free(w);
			free(skip);
			continue;
		}
		g->ends_batch |= ends_batch;
		for (size_t j = 0; j < sr.nfailed; j++) {
			struct strbuf w = STRBUF_INIT;
			strbuf_addf(&w, "%s; pggit.objects row %s (%s %s), created from its ddl_normalized instead%s", who, k,
				    o->type, object_label(o), sr.failed[j].part ? ": " : ", failed: ");
			describe_failure(&w, &sr.failed[j]);
			warn_row(first, o->type, object_label(o), w.buf);
			pga_warn("history row %lld: %s", first, dt(w.buf));
			strbuf_release(&w);
		}
		{
			char *what = xasprintf("%s; pggit.objects row %s (%s %s), created from its ddl_normalized instead",
					       who, k, o->type, object_label(o));
			warn_skipped(first, o->type, object_label(o), what, &sr);
			free(what);
		}
		if (sr.ran)
			strbuf_addf(&made, "%s%s", made.len ? ", " : "", object_label(o));
		script_result_release(&sr);
	}
	strmap_free(done);
	warn_uncertain_routines(g, who, uncertain, nuncertain, &lost);
	free(uncertain);
	for (size_t j = 0; j < nlater; j++) {
		char k[32];
		snprintf(k, sizeof(k), "%lld", g->object_ids[later[j]]);
		const struct v1_object *o = &objects[strmap_find(object_ids, k, strlen(k))];
		char *sql = drop_statement(o);
		int dependents;
		if (substitute_drop(first, k, o, sql, 1, &dependents))
			strbuf_addf(&dropped, "%s%s", dropped.len ? ", " : "", object_label(o));
		free(sql);
	}
	free(later);
	int any = made.len || dropped.len;
	if (made.len)
		strbuf_addf(reason, "; the objects its rows create were created from pggit.objects.ddl_normalized instead: %s",
			    made.buf);
	if (dropped.len)
		strbuf_addf(reason, "; the objects its rows drop were dropped instead (DROP ... IF EXISTS): %s", dropped.buf);
	if (lost.len)
		strbuf_addf(reason, "; %s by what was not replayed are not in the replay (see warnings): %s",
			    partial ? "changes possibly made" : "changes made", lost.buf);
	strbuf_release(&made);
	strbuf_release(&dropped);
	strbuf_release(&lost);
	return any;
}

/* substitute_objects() for a statement not replayed at all, and the commit of what it did */
static void substitute_creates(struct group *g, char commit[65], struct strbuf *reason)
{
	if (!substitute_objects(g, 0, reason))
		return;
	long long first = g->ids[0];
	struct capture_result cr = { 0, STRBUF_INIT, NULL, NULL };
	capture(first, &cr);
	if (cr.changed) {
		char *ident = v1_author_ident(g->created_by);
		char *msg = commit_message(g);
		write_commit(ident, group_time(g), msg, commit);
		free(msg);
		free(ident);
	}
	if (cr.notes.len)
		strbuf_addf(reason, "; %s", cr.notes.buf);
	strbuf_release(&cr.notes);
}

/*
 * The last statement that ran whole: the rows that second_run() split from it may name objects its
 * one run already reached (ALTER TABLE t ADD COLUMN c int on a.t, inherited by b.t; DROP TABLE t of a
 * partitioned a.t whose partition is b.t), pgGit writing a row for each. Run again with the next
 * row's schema first, the text fails ("already exists", "does not exist"), where production ran it
 * once: pgGit records only DDL that succeeded.
 */
static struct {
	long long first, last;
	char *sql, *created_at;
	char commit[65];
	struct strmap *schemas; /* the schemas of the objects its run changed, dependants too */
} prev_run;

static void forget_run(void)
{
	free(prev_run.sql);
	free(prev_run.created_at);
	if (prev_run.schemas)
		strmap_free(prev_run.schemas);
	memset(&prev_run, 0, sizeof(prev_run));
}

/* takes schemas */
static void remember_run(const struct group *g, const char commit[65], struct strmap *schemas)
{
	forget_run();
	prev_run.first = g->ids[0];
	prev_run.last = g->ids[g->n - 1];
	prev_run.sql = g->sql ? xstrdup(g->sql) : NULL;
	prev_run.created_at = g->created_at ? xstrdup(g->created_at) : NULL;
	memcpy(prev_run.commit, commit, 65);
	prev_run.schemas = schemas;
}

/*
 * 1 when g's text failed as a whole right after the same text at the same time ran whole, an
 * ALTER or DROP command naming its object unqualified, and that run touched every object g's rows
 * name: production's one run reached them all, so g's rows are accounted with it, applied, as the
 * rows of one statement are. A failure that does not fit (the earlier run did not touch the object)
 * stays a failure.
 */
static int reached_by_previous_run(const struct group *g, const struct script_result *sr)
{
	int taken = 0;
	if (!prev_run.first || sr->ran || sr->nfailed != 1 || sr->nskipped || !same_text(g->sql, prev_run.sql) ||
	    !same_text(g->created_at, prev_run.created_at) || !v1_one_unqualified_command(g->sql))
		goto out;
	for (size_t i = 0; i < g->n; i++) {
		const struct v1_object *o = object_of(g->object_ids[i]);
		if (g->creates[i] == ROW_CREATE || !o || !*o->schema ||
		    strmap_find(prev_run.schemas, o->schema, strlen(o->schema)) == UINT32_MAX)
			goto out;
	}
	for (size_t i = 0; i < g->n; i++) {
		char *why = xasprintf("same statement as history row %lld: its one run reached this object too "
				      "(run again with this row's schema first: %s)",
				      prev_run.first, sr->why.buf);
		account(g->ids[i], "applied", prev_run.first, prev_run.commit[0] ? prev_run.commit : NULL, why);
		free(why);
	}
	taken = 1;
out:
	forget_run();
	return taken;
}

static void process_group(struct group *g)
{
	long long first = g->ids[0];
	const char *when = group_time(g);
	for (size_t i = 0; i < g->nnosql; i++)
		account(g->nosql_ids[i], "skipped", 0, NULL, g->nosql_why[i]);
	for (size_t i = 0; i < g->nbranch; i++)
		account_off_branch(g->branch_ids[i], g->branch_objects[i]);
	/* a row of another branch is a group of its own (the loop reading the history): before the test for
	   SQL, as a CREATE row without SQL would have its object created from its definition */
	if (off_branch(g->object_ids[0]) || v1_blank(g->sql))
		forget_run(); /* not the same text run again */
	if (off_branch(g->object_ids[0])) {
		account_off_branch(first, g->object_ids[0]);
		return;
	}
	if (v1_blank(g->sql)) {
		/* a CREATE row without SQL (old pgGit versions) proves the object was created there */
		char commit[65] = "";
		struct strbuf reason = STRBUF_INIT;
		char *why = no_sql_reason(first, g->sql);
		strbuf_addstr(&reason, why);
		free(why);
		substitute_creates(g, commit, &reason);
		for (size_t i = 0; i < g->n; i++)
			account(g->ids[i], "skipped", commit[0] ? first : 0, commit[0] ? commit : NULL, reason.buf);
		strbuf_release(&reason);
		return;
	}
	/* unqualified names: production's search_path is not recorded, but pggit.objects says where the
	   statement's objects were, so look there first (a schema that does not exist yet is passed over) */
	struct script_result sr;
	char *why = run_text(first, g->sql, group_schema(g), g->created_by, 0, &sr, &g->ends_batch);
	if (why) {
		forget_run();
		char commit[65] = "";
		struct strbuf reason = STRBUF_INIT;
		strbuf_addstr(&reason, why);
		substitute_creates(g, commit, &reason);
		for (size_t i = 0; i < g->n; i++)
			account(g->ids[i], "skipped", first, commit[0] ? commit : NULL, reason.buf);
		strbuf_release(&reason);
		free(why);
		return;
	}
	if (reached_by_previous_run(g, &sr)) {
		script_result_release(&sr);
		return;
	}
	for (size_t i = 0; i < sr.nfailed; i++) {
		struct part_failure *f = &sr.failed[i];
		error_row(first, f->part, &f->er, f->text ? f->text : g->sql);
		st.statements_failed++;
	}
	/* statements the screen left out of the text (a DO block among DDL): the others ran; what the left-out ones
	   did is handled as for a statement not replayed, from the rows */
	struct strbuf left_out = STRBUF_INIT;
	int substituted = 0;
	if (sr.nskipped) {
		for (size_t i = 0; i < sr.nskipped; i++) {
			struct strbuf w = STRBUF_INIT;
			describe_skipped(&w, &sr.skipped[i]);
			strbuf_addstr(&w, "; the other statements ran");
			warn_row(first, NULL, NULL, w.buf);
			pga_warn("history row %lld: %s", first, dt(w.buf));
			strbuf_addf(&left_out, "%s%s", left_out.len ? "; " : "", w.buf);
			strbuf_release(&w);
		}
		substituted = substitute_objects(g, 1, &left_out);
	}
	long long before = sr.nfailed ? earlier_run(g) : 0;
	if (before)
		strbuf_addf(&sr.why, " (the same text at the same time ran at history row %lld, other rows between "
				     "them: replayed as a second run)",
			    before);
	if (sr.nfailed)
		pga_warn("history row %lld %s: %s", first, sr.ran ? "ran in part" : "failed", dt(sr.why.buf));
	if (!sr.ran && !substituted) {
		if (left_out.len)
			strbuf_addf(&sr.why, "; %s", left_out.buf);
		for (size_t i = 0; i < g->n; i++)
			account(g->ids[i], "failed", first, NULL, sr.why.buf);
		script_result_release(&sr);
		strbuf_release(&left_out);
		return;
	}
	struct capture_result cr = { 0, STRBUF_INIT, strmap_new(), strmap_new() };
	capture(first, &cr);
	check_schemas(g, cr.schemas);
	strmap_free(cr.schemas);
	char commit[65] = "";
	if (cr.changed) {
		char *ident = v1_author_ident(g->created_by);
		char *msg = commit_message(g);
		write_commit(ident, when, msg, commit);
		free(msg);
		free(ident);
	}
	if (!sr.nfailed && !sr.nskipped)
		remember_run(g, commit, cr.reached);
	else
		strmap_free(cr.reached);
	/* the statements of a script that failed here (production ran them all) are named with the rest */
	if (sr.nfailed)
		strbuf_addf(&cr.notes, "%s%s", cr.notes.len ? "; " : "", sr.why.buf);
	if (left_out.len)
		strbuf_addf(&cr.notes, "%s%s", cr.notes.len ? "; " : "", left_out.buf + (left_out.buf[0] == ';' ? 2 : 0));
	strbuf_release(&left_out);
	script_result_release(&sr);
	const char *reason = cr.notes.len ? cr.notes.buf : (cr.changed ? NULL : "ran; no captured object changed");
	account(first, "applied", first, commit[0] ? commit : NULL, reason);
	for (size_t i = 1; i < g->n; i++) {
		char *why = xasprintf("same statement as history row %lld", first);
		account(g->ids[i], "applied", first, commit[0] ? commit : NULL, why);
		free(why);
	}
	strbuf_release(&cr.notes);
}

/* ---- the baseline: objects that predate the history ---- */

struct candidate {
	long long id;
	int rank;
	char *type, *name, *ddl;
	char *schema; /* looked in first for unqualified names; NULL: public or none */
	char *back;   /* gives it back its name before the history's renames (v1_baseline_rename_back), or NULL */
};

static int type_rank(const char *t)
{
	static const char *const order[] = { "SCHEMA", "TYPE", "SEQUENCE", "FUNCTION", "PROCEDURE", "TABLE",
					     "PARTITION", "INDEX", "CONSTRAINT", "VIEW", "MATERIALIZED_VIEW", "TRIGGER", NULL };
	for (int i = 0; order[i]; i++)
		if (!strcmp(order[i], t))
			return i;
	return 99;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void run_baseline(const char *v1dir, const char *first_time)
{
	struct v1_baseline_filter *bf = v1_baseline_filter_new(v1dir);
	struct candidate *c = NULL;
	size_t nc = 0, cc = 0;
	char **schemas = NULL;
	size_t ns = 0, cs = 0;
	struct strmap *seen_schema = strmap_new();
	struct artifact_reader *orr = v1_objects_open(v1dir);
	struct v1_object_row o;
	while (v1_objects_next(orr, &o)) {
		if (!v1_on_replayed_branch(o.branch_name))
			continue; /* nor its schema: a schema only another branch's rows name is not the replayed branch's */
		const char *sn = o.schema_name ? o.schema_name : "";
		if (v1_baseline_wants_schema(bf, sn)) {
			int added;
			strmap_intern(seen_schema, sn, strlen(sn), &added);
			if (added) {
				ALLOC_GROW(schemas, ns + 1, cs, 16);
				schemas[ns++] = xstrdup(sn);
			}
		}
		const char *why;
		if (!v1_baseline_wants_object(bf, &o, &why))
			continue; /* the ones without ddl_normalized: listed by preflight, not invented */
		ALLOC_GROW(c, nc + 1, cc, 16);
		c[nc].id = o.id;
		c[nc].rank = type_rank(o.object_type);
		c[nc].type = xstrdup(o.object_type);
		c[nc].name = label_of(o.object_type, sn, o.object_name ? o.object_name : "");
		c[nc].ddl = xstrdup(o.ddl_normalized);
		c[nc].schema = *sn && strcmp(sn, "public") ? xstrdup(sn) : NULL;
		const char *back = v1_baseline_rename_back(bf, o.id);
		c[nc].back = back ? xstrdup(back) : NULL;
		nc++;
	}
	ar_close(orr);
	if (nc > 1)
		qsort(c, nc, sizeof(*c), cand_cmp);
	if (ns > 1)
		qsort(schemas, ns, sizeof(*schemas), str_ptr_cmp);
	/* the schemas the objects rows name are made after the SCHEMA rows' own definitions (rank 0),
	   which would otherwise all fail ("already exists") and be warned as failures */
	int schemas_made = 0;
	unsigned long long ok = 0;
	for (size_t i = 0; i <= nc; i++) {
		if (!schemas_made && (i == nc || c[i].rank > 0)) {
			for (size_t j = 0; j < ns; j++) {
				const char *p[] = { schemas[j] };
				PGresult *r = pg_query(db, "SELECT format('CREATE SCHEMA IF NOT EXISTS %I', $1::text)", 1, p,
						       "naming a schema");
				pg_exec(db, PQgetvalue(r, 0, 0), "creating a baseline schema");
				PQclear(r);
				free(schemas[j]);
			}
			schemas_made = 1;
		}
		if (i == nc)
			break;
		/* a definition is history text too (pgGit stored what it was given): the same screen, the same
		   statement-by-statement run of a script, its unqualified names looked up in its own schema */
		struct script_result sr;
		int ends_batch = 0;
		char *skip = run_text(0, c[i].ddl, c[i].schema, NULL, 1, &sr, &ends_batch);
		/* a new enum value cannot be used in the transaction that added it (55P04), and a later
		   definition (a default, a view) may use it: commit it first, as production had */
		if (!skip && sr.ran && ends_batch) {
			pg_exec(db, "COMMIT", "committing the baseline's new enum values");
			fault_point("replay-baseline-commit");
			pg_exec(db, "BEGIN", "continuing the baseline");
		}
		if (skip) {
			char *why = xasprintf("baseline: pggit.objects row %lld (%s %s) not replayed: %s", c[i].id, c[i].type,
					      c[i].name, skip);
			warn_row(0, c[i].type, c[i].name, why);
			pga_warn("%s", dt(why));
			free(why);
			free(skip);
		} else {
			ok += sr.ran != 0;
			/* one warning per failed statement, in the order of the text, as errors.csv.zst does for the
			   history */
			for (size_t j = 0; j < sr.nfailed; j++) {
				struct strbuf why = STRBUF_INIT;
				strbuf_addf(&why, "baseline: pggit.objects row %lld (%s %s)%s", c[i].id, c[i].type, c[i].name,
					    sr.failed[j].part ? ": " : " failed: ");
				describe_failure(&why, &sr.failed[j]);
				if (sr.failed[j].part)
					strbuf_addstr(&why, sr.ran ? " (its other statements ran)"
								   : " (no statement of it ran: not created)");
				warn_row(0, c[i].type, c[i].name, why.buf);
				pga_warn("%s", dt(why.buf));
				strbuf_release(&why);
			}
			{
				char *what = xasprintf("baseline: pggit.objects row %lld (%s %s)", c[i].id, c[i].type, c[i].name);
				warn_skipped(0, c[i].type, c[i].name, what, &sr);
				free(what);
			}
			if (sr.ran && c[i].back) {
				/* stored under the name the history renames it to: the history's rename must find it
				   under its old name */
				script_result_release(&sr);
				char *bskip = run_text(0, c[i].back, NULL, NULL, 1, &sr, NULL);
				if (bskip)
					pga_die("internal error: the baseline's rename of %s was refused: %s", dv(c[i].name), dt(bskip));
				for (size_t j = 0; j < sr.nfailed; j++) {
					struct strbuf why = STRBUF_INIT;
					strbuf_addf(&why, "baseline: pggit.objects row %lld (%s %s) kept its new name, the "
							  "history renames it to: ",
						    c[i].id, c[i].type, c[i].name);
					describe_failure(&why, &sr.failed[j]);
					warn_row(0, c[i].type, c[i].name, why.buf);
					pga_warn("%s", dt(why.buf));
					strbuf_release(&why);
				}
			}
			script_result_release(&sr);
		}
		free(c[i].back);
		free(c[i].type);
		free(c[i].name);
		free(c[i].schema);
		free(c[i].ddl);
	}
	check_helper(0);
	struct capture_result cr = { 0, STRBUF_INIT, NULL, NULL };
	capture(0, &cr);
	if (cr.changed) {
		char *msg = xasprintf("Baseline: objects that predate the v1 history\n\n"
				      "%zu schemas named in pggit.objects and %llu objects without a CREATE row, "
				      "created from pggit.objects.ddl_normalized.",
				      ns, ok);
		char commit[65];
		write_commit(BASELINE_AUTHOR, first_time, msg, commit);
		free(msg);
		pga_info("baseline commit %.12s: %zu schemas, %llu objects", commit, ns, ok);
	}
	strbuf_release(&cr.notes);
	free(c);
	free(schemas);
	v1_baseline_filter_free(bf);
	strmap_free(seen_schema);
}

/* ---- export of the output tables ---- */

static void copy_row(const char *buf, int len, void *arg)
{
	csvo_raw_row(aw_csv(arg), buf, (size_t)len);
}

static unsigned long long export_table(const char *outdir, const char *file, const char *const *cols, size_t ncols,
				       const char *query)
{
	char *path = path_join(outdir, file);
	struct artifact_writer *w = aw_open(path, cols, ncols);
	char *what = xasprintf("writing %s", path);
	unsigned long long n = pg_copy_out(db, query, what, copy_row, w);
	aw_commit(w, NULL);
	free(what);
	free(path);
	return n;
}

/* ---- the store's objects, trees rebuilt from their changes ---- */

/* The tree being rebuilt: entries sorted by path. */
struct rebuilt_entry {
	char *path;
	sha256_hex_t blob;
};

static size_t rebuilt_find(const struct rebuilt_entry *t, size_t n, const char *path)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * objects.csv.zst in the export stage's order: the blobs and commits by sha, then each tree at the first
 * generation that uses it (the diff merges objects and tree_entries in that order; sorting by sha alone put
 * a tree without entries, every object dropped, out of step with the entries of the trees after it). The trees are rebuilt from out_tree_deltas, commit by commit, each checked
 * against the tree sha its commit recorded, and written as PostgreSQL's COPY wrote them from a text column
 * (the content quoted when it holds a line break or is empty).
 */
static void export_objects(const char *outdir)
{
	char *path = path_join(outdir, "objects.csv.zst");
	struct artifact_writer *w = aw_open(path, export_objects_cols, NCOLS(export_objects_cols));
	char *what = xasprintf("writing %s", path);
	pg_copy_out(db, "COPY (SELECT sha, type, size, content FROM pggit_audit_replay.out_objects ORDER BY sha COLLATE \"C\") "
			"TO STDOUT (FORMAT csv)",
		    what, copy_row, w);
	PGresult *r = pg_query(db,
			       "SELECT g.generation, g.tree_sha, d.changes FROM pggit_audit_replay.out_commit_graph g "
			       "LEFT JOIN pggit_audit_replay.out_tree_deltas d USING (generation) ORDER BY g.generation",
			       0, NULL, "reading the trees' changes");
	struct rebuilt_entry *t = NULL;
	size_t n = 0, cap = 0;
	struct strmap *written = strmap_new();
	struct strbuf raw = STRBUF_INIT, b64 = STRBUF_INIT, row = STRBUF_INIT;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *gen = PQgetvalue(r, i, 0), *want = PQgetvalue(r, i, 1);
		if (PQgetisnull(r, i, 2))
			pga_die("commit generation %s has no recorded tree change: the scratch database is damaged", gen);
		json_error_t err;
		json_t *changes = json_loads(PQgetvalue(r, i, 2), 0, &err);
		if (!json_is_array(changes))
			pga_die("commit generation %s: bad tree change: %s", gen, err.text);
		size_t k;
		json_t *c;
		json_array_foreach(changes, k, c) {
			const char *p = json_string_value(json_array_get(c, 0));
			json_t *blob = json_array_get(c, 1);
			if (!p || (!json_is_null(blob) && (!json_is_string(blob) || strlen(json_string_value(blob)) != SHA256_HEX_LEN)))
				pga_die("commit generation %s: bad tree change %zu", gen, k);
			size_t at = rebuilt_find(t, n, p);
			int found = at < n && !strcmp(t[at].path, p);
			if (json_is_null(blob)) {
				if (found) {
					free(t[at].path);
					memmove(t + at, t + at + 1, (n - at - 1) * sizeof(*t));
					n--;
				}
				continue;
			}
			if (!found) {
				ALLOC_GROW(t, n + 1, cap, 256);
				memmove(t + at + 1, t + at, (n - at) * sizeof(*t));
				t[at].path = xstrdup(p);
				n++;
			}
			memcpy(t[at].blob, json_string_value(blob), SHA256_HEX_LEN + 1);
		}
		json_decref(changes);
		int added = 0;
		strmap_intern(written, want, strlen(want), &added);
		if (!added)
			continue; /* an identical tree was written at its first use */
		strbuf_reset(&raw);
		for (size_t j = 0; j < n; j++) {
			struct tree_entry te = { .mode = "100644", .path = t[j].path, .path_len = strlen(t[j].path), .sha = t[j].blob };
			tree_raw_build(&te, 1, &raw);
		}
		long long chars = utf8_char_count(raw.buf, raw.len, NULL);
		sha256_hex_t sha;
		pggit_object_sha("tree", chars, raw.buf, raw.len, sha);
		if (strcmp(sha, want) != 0)
			pga_die("commit generation %s: the tree rebuilt from the recorded changes is %s, the commit has %s "
				"(internal error; nothing written)", gen, sha, want);
		strbuf_reset(&b64);
		v1_base64_pg(raw.buf, raw.len, &b64);
		int quote = b64.len == 0 || memchr(b64.buf, '\n', b64.len) != NULL;
		strbuf_reset(&row);
		strbuf_addf(&row, "%s,tree,%lld,%s", sha, chars, quote ? "\"" : "");
		strbuf_add(&row, b64.buf, b64.len);
		strbuf_addstr(&row, quote ? "\"\n" : "\n");
		csvo_raw_row(aw_csv(w), row.buf, row.len);
	}
	PQclear(r);
	for (size_t j = 0; j < n; j++)
		free(t[j].path);
	free(t);
	strmap_free(written);
	strbuf_release(&raw);
	strbuf_release(&b64);
	strbuf_release(&row);
	aw_commit(w, NULL);
	free(what);
	free(path);
}

/* Every history row must have exactly one accounting row: merge the two id-ordered files. */
static void check_accounting(const char *v1dir, const char *outdir, unsigned long long *rows)
{
	struct artifact_reader *hr = v1_history_open(v1dir);
	char *ap = path_join(outdir, "accounting.csv.zst");
	struct artifact_reader *acc = ar_open(ap, replay_accounting_cols, NCOLS(replay_accounting_cols));
	struct v1_history_row h;
	struct csv_field *f;
	*rows = 0;
	while (v1_history_next(hr, &h)) {
		(*rows)++;
		if (!ar_next(acc, &f))
			pga_die("history row %lld has no accounting row", h.id);
		if (atoll(f[0].data) != h.id)
			pga_die("accounting row %s does not match history row %lld", dvn(f[0].data, f[0].len), h.id);
	}
	if (ar_next(acc, &f))
		pga_die("accounting row %s matches no history row", dvn(f[0].data, f[0].len));
	ar_close(acc);
	ar_close(hr);
	free(ap);
}

static void progress(unsigned long long seen, unsigned long long total, time_t started)
{
	long elapsed = (long)(time(NULL) - started);
	double done = total ? (double)seen / (double)total : 1.0;
	long eta = done > 0 ? (long)((double)elapsed / done) - elapsed : 0;
	pga_info("batch %llu done: history rows through %lld (%llu of %llu, %.0f%%), %llu applied, %llu failed, "
		 "%llu skipped, %lds elapsed, about %lds to go",
		 st.batches, st.last_history_id, seen, total, 100.0 * done, st.applied, st.failed, st.skipped, elapsed,
		 eta);
}

static void usage(int status)
{
	printf("usage: pggit-audit-replay --v1export DIR --outdir DIR [--target CONNINFO] [--batch N]\n"
	       "                          [--max-errors N] [--statement-timeout MS] [--branch NAME] [--dry-run]\n"
	       "                          [--keep-scratch]\n\n"
	       "Replay the pgGit v1 history (artifacts of pggit-audit-v1export) in a scratch database\n"
	       "pggit_audit_replay_<id> created in the target's cluster (needs a superuser: event triggers)\n"
	       "and write a complete pggit_v0 store into DIR in the export stage's format\n"
	       "(objects, commit_graph, tree_entries, refs), plus accounting.csv.zst (one row per history\n"
	       "row: applied, failed or skipped, with the reason), errors.csv.zst, warnings.csv.zst,\n"
	       "stubs.csv.zst and report.json. The scratch database is dropped at the end; a killed run\n"
	       "resumes after its last finished batch.\n\n"
	       "  --target CONNINFO       cluster for the scratch database; default $PGGIT_AUDIT_TARGET, then\n"
	       "                          $PGGIT_AUDIT_SOURCE. Nothing is written into that database itself.\n"
	       "  --batch N               statements per transaction (default 200)\n"
	       "  --branch NAME           the branch (pggit.objects.branch_name) the audit trail follows;\n"
	       "                          default " V1_DEFAULT_BRANCH ", which a NULL or blank branch_name is\n"
	       "  --max-errors N          stop (exit 1) once more than N statements have failed\n"
	       "  --statement-timeout MS  per statement (default 60000; 0 = none)\n"
	       "  --dry-run               replay and report, but write no store files\n"
	       "  --keep-scratch          do not drop the scratch database (for inspection)\n"
	       "  -q, --quiet             no progress messages\n");
	exit(status);
}

static void write_report(const char *outdir, json_t *report)
{
	char *text = json_dumps(report, JSON_INDENT(2) | JSON_SORT_KEYS);
	char *line = xasprintf("%s\n", text);
	char *p = path_join(outdir, "report.json");
	atomic_write_file(p, line, strlen(line));
	free(p);
	free(line);
	free(text);
}

static json_t *count_query(const char *sql)
{
	PGresult *r = pg_query(db, sql, 0, NULL, "summarising the replay");
	json_t *o = json_object();
	for (int i = 0; i < PQntuples(r); i++)
		json_object_set_new(o, PQgetvalue(r, i, 0), json_integer(atoll(PQgetvalue(r, i, 1))));
	PQclear(r);
	return o;
}

/* history rows per branch, the replayed one included (its rows may hold a NULL or blank branch_name) */
static json_t *history_rows_by_branch(const char *v1dir)
{
	struct v1_branches *b = v1_branches_load(v1dir);
	struct artifact_reader *hr = v1_history_open(v1dir);
	struct v1_history_row h;
	json_t *o = json_object();
	while (v1_history_next(hr, &h)) {
		const char *branch = v1_branch_of(b, h.object_id);
		if (!branch)
			branch = v1_replayed_branch();
		json_t *v = json_object_get(o, branch);
		json_object_set_new(o, branch, json_integer(v ? json_integer_value(v) + 1 : 1));
	}
	ar_close(hr);
	v1_branches_free(b);
	return o;
}

int main(int argc, char **argv)
{
	const char *target = NULL, *v1dir = NULL, *outdir = NULL;
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },   { "v1export", required_argument, NULL, 'i' },
		{ "outdir", required_argument, NULL, 'o' },   { "batch", required_argument, NULL, 'b' },
		{ "max-errors", required_argument, NULL, 'm' }, { "statement-timeout", required_argument, NULL, 'T' },
		{ "dry-run", no_argument, NULL, 'n' },        { "keep-scratch", no_argument, NULL, 'k' },
		{ "quiet", no_argument, NULL, 'q' },          { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },        { "branch", required_argument, NULL, 'B' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-replay");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 't': target = optarg; break;
		case 'i': v1dir = optarg; break;
		case 'o': outdir = optarg; break;
		case 'b':
			if (parse_u64(optarg, &opt_batch) < 0 || opt_batch == 0)
				pga_die("--batch must be a positive number, not \"%s\"", optarg);
			break;
		case 'm':
			if (parse_u64(optarg, &opt_max_errors) < 0)
				pga_die("--max-errors must be a number, not \"%s\"", optarg);
			break;
		case 'T':
			if (parse_u64(optarg, &opt_timeout_ms) < 0 || opt_timeout_ms > 86400000ULL)
				pga_die("--statement-timeout must be a number of milliseconds, not \"%s\"", optarg);
			break;
		case 'n': opt_dry_run = 1; break;
		case 'B': v1_set_replayed_branch(optarg); break;
		case 'k': opt_keep_scratch = 1; break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-replay %s (classifier rules %s)\n", PGGIT_AUDIT_VERSION, ddl_classifier_rules()); return 0;
		default: usage(2);
		}
	}
	if (!v1dir || !outdir || optind != argc)
		usage(2);
	progress_begin("replay");
	target = conninfo_pick(target, "PGGIT_AUDIT_TARGET", getenv("PGGIT_AUDIT_SOURCE"), "target");
	make_outdir(outdir);
	artifact_clean_tmp(outdir);

	/* the run key: the input's content, so the same history always meets the same scratch database */
	sha256_hex_t hsha, osha, key;
	char *hp = path_join(v1dir, V1_HISTORY_FILE), *op = path_join(v1dir, V1_OBJECTS_FILE);
	unsigned long long total_rows = 0;
	if (artifact_meta(hp, hsha, &total_rows) < 0 || artifact_meta(op, osha, NULL) < 0)
		pga_die("%s: no v1 export artifacts (run pggit-audit-v1export first)", v1dir);
	/* and the branch followed, when not the default (a replay of another branch is another run;
	   the default's key is the one it always was) */
	char *keytext = strcmp(v1_replayed_branch(), V1_DEFAULT_BRANCH)
				? xasprintf("%s\n%s\n%s\nbranch %s\n", STATE_FORMAT, hsha, osha, v1_replayed_branch())
				: xasprintf("%s\n%s\n%s\n", STATE_FORMAT, hsha, osha);
	sha256_hex(keytext, strlen(keytext), key);
	free(keytext);
	char scratch[64];
	snprintf(scratch, sizeof(scratch), "%s%.16s", V1_SCRATCH_PREFIX, key);
	/* check both inputs fully before touching any database */
	ar_close(v1_history_open(v1dir));
	ar_close(v1_objects_open(v1dir));

	/* first known time: the default for rows before any row with a time */
	char first_time[40] = "1970-01-01T00:00:00.000000";
	{
		struct artifact_reader *hr = v1_history_open(v1dir);
		struct v1_history_row h;
		while (v1_history_next(hr, &h)) {
			if (h.created_at) {
				snprintf(first_time, sizeof(first_time), "%s", h.created_at);
				break;
			}
		}
		ar_close(hr);
	}

	PGconn *admin = pg_connect(target, "target");
	pga_at_cleanup(name_current_row, NULL);
	int resume = 0;
	if (v1_scratch_exists(admin, scratch)) {
		db = v1_scratch_connect(target, scratch);
		/* the rules through to_jsonb: a scratch database of an older build has no such column */
		PGresult *r = pg_query(db, "SELECT run_key, baseline_done, coalesce(inflight_history_id, 0), "
					   "coalesce(to_jsonb(s) ->> 'classifier_rules', '') "
					   "FROM pggit_audit_replay.state s WHERE to_regclass('pggit_audit_replay.state') IS NOT NULL",
				       0, NULL, "reading the scratch database's run key");
		resume = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), key) == 0;
		/* the classifier names the objects of every row replayed (their paths): rows replayed under
		   other rules are not mixed with this build's */
		char *rules_then = resume ? xstrdup(PQgetvalue(r, 0, 3)) : NULL;
		int rules_changed = resume && strcmp(rules_then, ddl_classifier_rules()) != 0;
		/* the baseline commits after a definition adding an enum value (55P04 otherwise): a run killed
		   inside it may have left part of it, which a second run would meet as "already exists";
		   nothing before the baseline is worth keeping, so such a run starts again from scratch */
		int in_baseline = resume && strcmp(PQgetvalue(r, 0, 1), "t") != 0;
		/* likewise a run killed after a text's new enum value was committed and before the row was
		   finished (commit_inside_text): its first statements are in, the rest not */
		long long inside_text = resume ? -atoll(PQgetvalue(r, 0, 2)) : 0;
		PQclear(r);
		if (!resume || rules_changed || in_baseline || inside_text > 0) {
			PQfinish(db);
			db = NULL;
			fingerprint_prepared_on = NULL;
			if (rules_changed)
				pga_info("classifier rules changed (%s -> %s) since the replay in scratch database %s began: "
					 "dropping it to replay again from the start under this build's rules",
					 *rules_then ? rules_then : "none recorded", ddl_classifier_rules(), scratch);
			else if (in_baseline)
				pga_info("a replay was killed inside its baseline: dropping its scratch database %s to run "
					 "the baseline again from the start", scratch);
			else if (inside_text > 0)
				pga_info("a replay was killed inside history row %lld, after the new enum value its text adds "
					 "was committed: dropping its scratch database %s to replay again from the start",
					 inside_text, scratch);
			else
				pga_info("dropping an unusable scratch database %s", scratch);
			v1_scratch_drop(admin, scratch);
			resume = 0;
		}
		free(rules_then);
	}
	if (!resume) {
		v1_scratch_create(admin, scratch);
		db = v1_scratch_connect(target, scratch);
		v1_scratch_install(db);
		const char *p[] = { key, ddl_classifier_rules() };
		PQclear(pg_query(db, "INSERT INTO pggit_audit_replay.state (run_key, classifier_rules) VALUES ($1, $2)", 2, p,
				 "starting the replay"));
		helper_fingerprint(helper_fp);
		const char *f[] = { helper_fp };
		PQclear(pg_query(db, "UPDATE pggit_audit_replay.state SET helper_fingerprint = $1", 1, f,
				 "recording the helper schema's digest"));
	}
	char tmo[64];
	snprintf(tmo, sizeof(tmo), "SET statement_timeout = %llu", opt_timeout_ms);
	pg_exec(db, tmo, "setting the statement timeout");
	load_state();
	load_snapshot();
	if (resume)
		pga_info("resuming in %s after history row %lld (%llu batches done)", scratch, st.last_history_id, st.batches);
	else
		pga_info("replaying %llu history rows in scratch database %s", total_rows, scratch);

	time_t started = time(NULL);
	pg_exec(db, "BEGIN", "starting a batch");
	if (!st.baseline_done) {
		if (!st.last_time[0])
			snprintf(st.last_time, sizeof(st.last_time), "%s", first_time);
		cur_history_id = 0;
		run_baseline(v1dir, first_time);
		cur_history_id = -1;
		st.baseline_done = 1;
		save_state();
		pg_exec(db, "COMMIT", "committing the baseline");
		pg_exec(db, "BEGIN", "starting a batch");
	}

	load_objects(v1dir);
	branches = v1_branches_load(v1dir);
	struct artifact_reader *hr = v1_history_open(v1dir);
	struct group g = { 0 };
	unsigned long long in_batch = 0, seen = 0;
	/* rows without SQL read while looking for the end of a statement: part of it if a row of the same
	   statement follows them, else each one is processed on its own, as before */
	struct hrow *held = NULL;
	size_t nheld = 0, held_cap = 0, next_held = 0;
	struct hrow cur;
	int have = hrow_next(hr, &cur), stopped = 0;
	while (have || next_held < nheld) {
		group_reset(&g);
		if (next_held < nheld) {
			group_start(&g, &held[next_held++]);
			if (next_held == nheld)
				nheld = next_held = 0;
		} else {
			seen++;
			if (cur.id <= st.last_history_id) {
				hrow_release(&cur);
				have = hrow_next(hr, &cur);
				continue;
			}
			group_start(&g, &cur);
			/* rows of one statement (pgGit writes one per object it touched) carry the same SQL and
			   time; a row without SQL between them does not end the statement (it would run twice, the
			   second time failing with "already exists"): it is accounted on its own, as skipped */
			while ((have = hrow_next(hr, &cur))) {
				if (v1_blank(g.sql) || off_branch(g.object_ids[0]))
					break;
				/* a row of another branch's object (the same text included) is not main's
				   statement: held like a row without SQL */
				if (v1_blank(cur.sql) || off_branch(cur.object_id)) {
					ALLOC_GROW(held, nheld + 1, held_cap, 8);
					held[nheld++] = cur;
					seen++;
					continue;
				}
				if (!same_text(cur.sql, g.sql) || !same_text(cur.created_at, g.created_at) ||
				    second_run(&g, cur.object_id, cur.creates))
					break;
				for (size_t i = 0; i < nheld; i++) {
					if (off_branch(held[i].object_id))
						group_add_branch(&g, held[i].id, held[i].object_id);
					else
						group_add_nosql(&g, held[i].id, held[i].sql);
					hrow_release(&held[i]);
				}
				nheld = 0;
				group_add(&g, cur.id, cur.object_id, cur.creates);
				hrow_release(&cur);
				seen++;
			}
		}
		cur_history_id = g.ids[0];
		process_group(&g);
		cur_history_id = -1;
		st.last_history_id = group_last_id(&g);
		save_state();
		if (st.statements_failed > opt_max_errors) {
			pga_error("more than %llu statements failed (--max-errors): stopping after history row %lld",
				  opt_max_errors, st.last_history_id);
			stopped = 1;
			break;
		}
		/* a new enum value cannot be used in the transaction that added it (55P04): commit at once, so
		   that the result does not depend on --batch. Otherwise not before the next row of the same
		   text and time: a run split off from this one checks what this one reached
		   (reached_by_previous_run()), which a resume from that commit would not know */
		int continues = have && !v1_blank(cur.sql) && same_text(cur.sql, g.sql) &&
				same_text(cur.created_at, g.created_at);
		if ((++in_batch >= opt_batch && !continues) || g.ends_batch) {
			st.batches++;
			save_state();
			pg_exec(db, "COMMIT", "committing a batch");
			fault_point("replay-after-batch");
			progress(seen, total_rows, started);
			pg_exec(db, "BEGIN", "starting a batch");
			in_batch = 0;
		}
	}
	for (size_t i = next_held; i < nheld; i++)
		hrow_release(&held[i]);
	free(held);
	if (have)
		hrow_release(&cur);
	group_reset(&g);
	free(g.ids);
	free(g.object_ids);
	free(g.creates);
	free(g.nosql_ids);
	free(g.nosql_why);
	free(g.branch_ids);
	free(g.branch_objects);
	v1_branches_free(branches);
	branches = NULL;
	ar_close(hr);
	if (in_batch) {
		st.batches++;
		save_state();
	}
	pg_exec(db, "COMMIT", "committing the last batch");
	if (in_batch)
		progress(seen, total_rows, started);

	/* what happened to every row, and why */
	export_table(outdir, "accounting.csv.zst", replay_accounting_cols, NCOLS(replay_accounting_cols),
		     "COPY (SELECT history_id, status, statement_of, commit_sha, reason FROM pggit_audit_replay.out_accounting "
		     "ORDER BY history_id) TO STDOUT (FORMAT csv)");
	export_table(outdir, "errors.csv.zst", errors_cols, 4,
		     "COPY (SELECT history_id, sqlstate, message, statement FROM pggit_audit_replay.out_errors "
		     "ORDER BY history_id, part) TO STDOUT (FORMAT csv)");
	export_table(outdir, "warnings.csv.zst", warnings_cols, 4,
		     "COPY (SELECT history_id, object_type, object_identity, reason FROM pggit_audit_replay.out_warnings "
		     "ORDER BY seq) TO STDOUT (FORMAT csv)");
	export_table(outdir, "stubs.csv.zst", stubs_cols, 3,
		     "COPY (SELECT history_id, kind, name FROM pggit_audit_replay.out_stubs ORDER BY seq) TO STDOUT (FORMAT csv)");

	json_t *report = json_object();
	json_object_set_new(report, "history_rows", json_integer((json_int_t)total_rows));
	json_object_set_new(report, "replayed_branch", json_string(v1_replayed_branch()));
	json_object_set_new(report, "history_rows_by_branch", history_rows_by_branch(v1dir));
	json_object_set_new(report, "rows_by_status",
			    count_query("SELECT status, count(*) FROM pggit_audit_replay.out_accounting GROUP BY 1 ORDER BY 1"));
	json_object_set_new(report, "statements_failed", json_integer((json_int_t)st.statements_failed));
	json_object_set_new(report, "unsupported_objects_by_type",
			    count_query("SELECT object_type, count(*) FROM pggit_audit_replay.out_warnings "
					"WHERE history_id IS NOT NULL AND reason LIKE 'no definition function%' GROUP BY 1 ORDER BY 1"));
	json_object_set_new(report, "stubs_by_kind",
			    count_query("SELECT kind, count(*) FROM pggit_audit_replay.out_stubs GROUP BY 1 ORDER BY 1"));
	json_object_set_new(report, "commits", json_integer(st.generation + 1));
	json_object_set_new(report, "objects_in_last_snapshot",
			    count_query("SELECT kind, count(*) FROM pggit_audit_replay.snapshot GROUP BY 1 ORDER BY 1"));
	json_object_set_new(report, "head", st.head[0] ? json_string(st.head) : json_null());
	json_object_set_new(report, "dry_run", json_boolean(opt_dry_run));
	json_object_set_new(report, "complete", json_boolean(!stopped));

	if (stopped) {
		json_object_set_new(report, "status", json_string("STOPPED"));
		write_report(outdir, report);
		json_decref(report);
		PQfinish(db);
		PQfinish(admin);
		pga_die("stopped by --max-errors; the scratch database %s is kept: rerun with a larger --max-errors to "
			"continue", scratch);
	}
	unsigned long long rows;
	check_accounting(v1dir, outdir, &rows);
	if (!opt_dry_run) {
		export_objects(outdir);
		export_table(outdir, "commit_graph.csv.zst", export_graph_cols, NCOLS(export_graph_cols),
			     "COPY (SELECT commit_sha, array_to_json(parent_shas)::text, tree_sha, generation, author, committer, "
			     "to_char(authored_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), to_char(committed_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), "
			     "message FROM pggit_audit_replay.out_commit_graph ORDER BY commit_sha COLLATE \"C\") TO STDOUT (FORMAT csv)");
		/* an empty cache artifact, as the export writes with --check-caches off */
		char *tp = path_join(outdir, "tree_entries.csv.zst");
		aw_commit(aw_open(tp, export_entries_cols, NCOLS(export_entries_cols)), NULL);
		free(tp);
		export_table(outdir, "refs.csv.zst", export_refs_cols, NCOLS(export_refs_cols),
			     "COPY (SELECT 'refs/heads/main', head, 'branch' FROM pggit_audit_replay.state WHERE head IS NOT NULL) "
			     "TO STDOUT (FORMAT csv)");
		json_t *src = json_pack("{s:s, s:s, s:s, s:I, s:b}", "format", "pggit-v1-replay", "history_sha256", hsha,
					"objects_sha256", osha, "history_rows", (json_int_t)total_rows, "check_caches", 0);
		char *text = json_dumps(src, JSON_INDENT(2) | JSON_SORT_KEYS);
		char *line = xasprintf("%s\n", text);
		char *sp = path_join(outdir, "source.json");
		atomic_write_file(sp, line, strlen(line));
		free(sp);
		free(line);
		free(text);
		json_decref(src);
	}
	json_object_set_new(report, "status", json_string("COMPLETE"));
	write_report(outdir, report);
	json_decref(report);
	PQfinish(db);
	if (!opt_keep_scratch)
		v1_scratch_drop(admin, scratch);
	PQfinish(admin);
	pga_info("%llu history rows: %llu applied, %llu failed, %llu skipped; %lld commits%s", rows, st.applied,
		 st.failed, st.skipped, st.generation + 1, opt_dry_run ? " (dry run: no store written)" : "");
	free(hp);
	free(op);
	progress_end();
	return 0;
}
