/* v1_history.c - export and reading of the pgGit v1 history artifacts; see v1_history.h. */
#include "display.h"
#include "v1_history.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "pgconn.h"
#include "strmap.h"
#include "util.h"

const char *const v1_history_cols[V1_HISTORY_NCOLS] = { "id", "object_id", "change_type", "change_severity",
							"commit_hash", "change_description", "sql_executed",
							"created_at", "created_by" };
const char *const v1_objects_cols[V1_OBJECTS_NCOLS] = { "id", "object_type", "schema_name", "object_name",
							"parent_id", "ddl_normalized", "branch_name", "version",
							"metadata", "is_active", "created_at" };

struct copy_state {
	struct artifact_writer *w;
	char last_id[24];	/* the id (first field) of the last row received, "" before any */
	struct strbuf repeated; /* ids that came twice (the rows are in id order), the first few */
	unsigned long long nrepeated;
};

static void copy_row(const char *buf, int len, void *arg)
{
	struct copy_state *cs = arg;
	csvo_raw_row(aw_csv(cs->w), buf, (size_t)len);
	int n = 0;
	while (n < len && n < (int)sizeof(cs->last_id) - 1 && ((buf[n] >= '0' && buf[n] <= '9') || (!n && buf[n] == '-')))
		n++;
	/* a table whose primary key was dropped can hold an id twice: the replay's order, its accounting
	   (one row per id) and the verification's count all need unique ids */
	if (n && (size_t)n == strlen(cs->last_id) && !memcmp(cs->last_id, buf, (size_t)n)) {
		if (cs->nrepeated++ < 5)
			strbuf_addf(&cs->repeated, "%s%s", cs->repeated.len ? ", " : "", cs->last_id);
		return;
	}
	memcpy(cs->last_id, buf, (size_t)n);
	cs->last_id[n] = 0;
}

/*
 * A COPY of a source table failed: die naming the table, the row and the columns when the cause is
 * a value (a SQL_ASCII source holding bytes that are not UTF-8: PostgreSQL checks them on the way to
 * our UTF-8 connection and the error names neither). The rows go out in id order and each is
 * converted before it is sent, so the bad row is the first after the last one received; each column
 * of it is read alone to tell which cannot be converted.
 */
static void die_copy(PGconn *c, const char *table, const char *const *cols, size_t ncols, const char *last_id,
		     const char *err, const char *state)
{
	PQclear(PQexec(c, "ROLLBACK"));
	char *q = xasprintf("SELECT min(id)::text FROM %s WHERE $1 = '' OR id > $1::bigint", table);
	const char *p[] = { last_id };
	PGresult *r = PQexecParams(c, q, 1, NULL, p, NULL, NULL, 0);
	free(q);
	char *id = PQresultStatus(r) == PGRES_TUPLES_OK && !PQgetisnull(r, 0, 0) ? xstrdup(PQgetvalue(r, 0, 0)) : NULL;
	PQclear(r);
	if (!id)
		pga_die("exporting %s: %s", table, err);
	struct strbuf bad = STRBUF_INIT;
	for (size_t i = 0; i < ncols; i++) {
		q = xasprintf("SELECT %s::text FROM %s WHERE id = $1::bigint", cols[i], table);
		const char *pi[] = { id };
		r = PQexecParams(c, q, 1, NULL, pi, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			strbuf_addf(&bad, "%s%s", bad.len ? ", " : "", cols[i]);
		PQclear(r);
		free(q);
	}
	if (!bad.len)
		pga_die("exporting %s: %s (after reading the rows up to id %s)", table, err, last_id);
	pga_die("exporting %s: row id %s, column %s: %s (SQLSTATE %s)%s", table, id, bad.buf, err, state,
		!strcmp(state, "22021") ? "; the source's text must be UTF-8 (a SQL_ASCII database holding text in "
					  "another encoding): correct the row before the backfill"
					: "");
}

/*
 * created_at is exported only when it is a time of years 1 to 9999 AD, else as NULL (a row without a
 * time: the documented default applies and the pre-flight counts it). to_char() drops the era, so a
 * BC date was read as the same date AD, and a year past 9999 (five digits) stopped the replay midway
 * on a timestamp it could not read; infinity already came out NULL. pgGit stamps the transaction's
 * start: such a value is damage or a clock gone wrong, not a time to commit at.
 */
void v1_export_source(PGconn *c, const char *outdir)
{
	static const struct {
		const char *file, *table;
		const char *const *cols;
		size_t ncols;
		const char *query;
	} tables[] = {
		{ V1_HISTORY_FILE, "pggit.history", v1_history_cols, V1_HISTORY_NCOLS,
		  "COPY (SELECT id, object_id, change_type::text, change_severity::text, commit_hash, change_description, "
		  "sql_executed, CASE WHEN created_at >= '0001-01-01' AND created_at < '10000-01-01' "
		  "THEN to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') END, created_by "
		  "FROM pggit.history ORDER BY id) TO STDOUT (FORMAT csv)" },
		{ V1_OBJECTS_FILE, "pggit.objects", v1_objects_cols, V1_OBJECTS_NCOLS,
		  "COPY (SELECT id, object_type::text, schema_name, object_name, parent_id, ddl_normalized, branch_name, "
		  "version, metadata::text, is_active, to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') "
		  "FROM pggit.objects ORDER BY id) TO STDOUT (FORMAT csv)" },
	};
	make_outdir(outdir);
	artifact_clean_tmp(outdir);
	pg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the v1 export snapshot");
	for (size_t i = 0; i < 2; i++) {
		const char *p[] = { tables[i].table };
		PGresult *r = pg_query(c, "SELECT to_regclass($1) IS NOT NULL", 1, p, "checking the source tables");
		int present = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
		PQclear(r);
		if (!present)
			pga_die("the source database has no table %s: is it a pgGit v1 installation?", tables[i].table);
	}
	json_t *counts = json_object();
	for (size_t i = 0; i < 2; i++) {
		char *path = path_join(outdir, tables[i].file);
		char *what = xasprintf("exporting %s", tables[i].table);
		struct artifact_writer *w = aw_open(path, tables[i].cols, tables[i].ncols);
		struct copy_state cs = { w, "", STRBUF_INIT, 0 };
		unsigned long long n;
		char *err, state[6];
		if (pg_copy_out_try(c, tables[i].query, copy_row, &cs, &n, &err, state)) {
			aw_abort(w);
			die_copy(c, tables[i].table, tables[i].cols, tables[i].ncols, cs.last_id, err, state);
		}
		if (cs.nrepeated) {
			aw_abort(w);
			pga_die("%s: an id is held by more than one row (%llu extra rows; id %s%s): each row needs its own id (the "
				"history is replayed and accounted for row by row, in id order); was the table's primary "
				"key dropped? Give the extra rows ids of their own, in the order they ran, before the "
				"backfill",
				tables[i].table, cs.nrepeated, cs.repeated.buf, cs.nrepeated > 5 ? ", ..." : "");
		}
		strbuf_release(&cs.repeated);
		aw_commit(w, NULL);
		json_object_set_new(counts, tables[i].table, json_integer((json_int_t)n));
		pga_info("%s: %llu rows -> %s", tables[i].table, n, path);
		free(what);
		free(path);
	}
	PGresult *r = pg_query(c, "SELECT current_setting('server_version'), current_database()", 0, NULL,
			       "reading the source's identity");
	json_t *id = json_pack("{s:s, s:s, s:s, s:o}", "format", "pggit-v1-history", "server_version",
			       PQgetvalue(r, 0, 0), "database", PQgetvalue(r, 0, 1), "rows", counts);
	PQclear(r);
	pg_exec(c, "COMMIT", "ending the v1 export snapshot");
	char *text = json_dumps(id, JSON_INDENT(2) | JSON_SORT_KEYS);
	char *line = xasprintf("%s\n", text);
	char *path = path_join(outdir, "source.json");
	atomic_write_file(path, line, strlen(line));
	free(path);
	free(line);
	free(text);
	json_decref(id);
}

struct artifact_reader *v1_history_open(const char *v1dir)
{
	char *p = path_join(v1dir, V1_HISTORY_FILE);
	struct artifact_reader *r = ar_open(p, v1_history_cols, V1_HISTORY_NCOLS);
	free(p);
	return r;
}

struct artifact_reader *v1_objects_open(const char *v1dir)
{
	char *p = path_join(v1dir, V1_OBJECTS_FILE);
	struct artifact_reader *r = ar_open(p, v1_objects_cols, V1_OBJECTS_NCOLS);
	free(p);
	return r;
}

static const char *val(const struct csv_field *f)
{
	return f->is_null ? NULL : f->data;
}

static long long need_int(struct artifact_reader *r, const struct csv_field *f, const char *col)
{
	char *end;
	long long v = f->is_null ? 0 : strtoll(f->data, &end, 10);
	if (f->is_null || end == f->data || *end)
		pga_die("%s:%llu: %s %s is not a number", ar_path(r), ar_line(r), col, f->is_null ? "\"\"" : dqn(f->data, f->len));
	return v;
}

int v1_history_next(struct artifact_reader *r, struct v1_history_row *row)
{
	struct csv_field *f;
	if (!ar_next(r, &f))
		return 0;
	row->id = need_int(r, &f[0], "id");
	row->object_id = f[1].is_null ? 0 : need_int(r, &f[1], "object_id");
	row->change_type = val(&f[2]);
	row->change_severity = val(&f[3]);
	row->commit_hash = val(&f[4]);
	row->change_description = val(&f[5]);
	row->sql_executed = val(&f[6]);
	row->created_at = val(&f[7]);
	row->created_by = val(&f[8]);
	return 1;
}

int v1_objects_next(struct artifact_reader *r, struct v1_object_row *row)
{
	struct csv_field *f;
	if (!ar_next(r, &f))
		return 0;
	row->id = need_int(r, &f[0], "id");
	row->object_type = val(&f[1]);
	row->schema_name = val(&f[2]);
	row->object_name = val(&f[3]);
	row->parent_id = val(&f[4]);
	row->ddl_normalized = val(&f[5]);
	row->branch_name = val(&f[6]);
	row->version = val(&f[7]);
	row->metadata = val(&f[8]);
	row->is_active = val(&f[9]);
	row->created_at = val(&f[10]);
	return 1;
}

int v1_blank(const char *s)
{
	if (!s)
		return 1;
	return s[strspn(s, " \t\r\n\f\v")] == '\0';
}

static const char *replayed_branch = V1_DEFAULT_BRANCH;

const char *v1_replayed_branch(void)
{
	return replayed_branch;
}

void v1_set_replayed_branch(const char *name)
{
	if (v1_blank(name))
		pga_die("--branch: a branch name is not blank (a NULL or blank branch_name is %s)", V1_DEFAULT_BRANCH);
	replayed_branch = name;
}

int v1_on_replayed_branch(const char *branch_name)
{
	return !strcmp(v1_blank(branch_name) ? V1_DEFAULT_BRANCH : branch_name, replayed_branch);
}

struct v1_branches {
	struct strmap *ids; /* objects id ("%lld") of the rows on other branches -> index in names */
	char **names;
	size_t cap;
};

struct v1_branches *v1_branches_load(const char *v1dir)
{
	struct v1_branches *b = xcalloc(1, sizeof(*b));
	b->ids = strmap_new();
	struct artifact_reader *orr = v1_objects_open(v1dir);
	struct v1_object_row o;
	while (v1_objects_next(orr, &o)) {
		if (v1_on_replayed_branch(o.branch_name))
			continue;
		char k[32];
		int kn = snprintf(k, sizeof(k), "%lld", o.id);
		int added;
		uint32_t i = strmap_intern(b->ids, k, (size_t)kn, &added);
		if (!added)
			continue;
		ALLOC_GROW(b->names, (size_t)i + 1, b->cap, 16);
		b->names[i] = xstrdup(v1_blank(o.branch_name) ? V1_DEFAULT_BRANCH : o.branch_name);
	}
	ar_close(orr);
	return b;
}

void v1_branches_free(struct v1_branches *b)
{
	if (!b)
		return;
	for (uint32_t i = 0; i < strmap_count(b->ids); i++)
		free(b->names[i]);
	free(b->names);
	strmap_free(b->ids);
	free(b);
}

const char *v1_branch_of(const struct v1_branches *b, long long object_id)
{
	char k[32];
	int kn = snprintf(k, sizeof(k), "%lld", object_id);
	uint32_t i = strmap_find(b->ids, k, (size_t)kn);
	return i == UINT32_MAX ? NULL : b->names[i];
}
