/* v1_history.c - export and reading of the pgGit v1 history artifacts; see v1_history.h. */
#include "display.h"
#include "v1_history.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "pgconn.h"
#include "util.h"

const char *const v1_history_cols[V1_HISTORY_NCOLS] = { "id", "object_id", "change_type", "change_severity",
							"commit_hash", "change_description", "sql_executed",
							"created_at", "created_by" };
const char *const v1_objects_cols[V1_OBJECTS_NCOLS] = { "id", "object_type", "schema_name", "object_name",
							"parent_id", "ddl_normalized", "branch_name", "version",
							"metadata", "is_active", "created_at" };

static void copy_row(const char *buf, int len, void *arg)
{
	csvo_raw_row(aw_csv(arg), buf, (size_t)len);
}

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
		  "sql_executed, to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), created_by "
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
		unsigned long long n = pg_copy_out(c, tables[i].query, what, copy_row, w);
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
