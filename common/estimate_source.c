/* estimate_source.c - cheap size of a pgGit store; see estimate_source.h. */
#include "estimate_source.h"

#include <stdlib.h>
#include <string.h>

#include "pgconn.h"
#include "strbuf.h"

const char *const estimate_source_tables[4] = { "pggit_v0.objects", "pggit_v0.commit_graph",
						"pggit_v0.tree_entries", "pggit_v0.refs" };

/* Run sql (no parameters); NULL and the server's message in err on failure. */
static PGresult *try_query(PGconn *c, const char *sql, struct strbuf *err)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		char *msg = pg_result_error_text(r, sql);
		strbuf_addstr(err, msg);
		free(msg);
		PQclear(r);
		return NULL;
	}
	return r;
}

json_t *estimate_measure_source(PGconn *c, int exact, struct strbuf *err)
{
	/* The names are constants of this file, so they may be pasted into the SQL text. */
	struct strbuf sql = STRBUF_INIT;
	strbuf_addstr(&sql, "SELECT t.name, pg_total_relation_size(t.name::regclass), ");
	if (exact)
		strbuf_addstr(&sql, "CASE t.name "
				    "WHEN 'pggit_v0.objects' THEN (SELECT count(*) FROM pggit_v0.objects) "
				    "WHEN 'pggit_v0.commit_graph' THEN (SELECT count(*) FROM pggit_v0.commit_graph) "
				    "WHEN 'pggit_v0.tree_entries' THEN (SELECT count(*) FROM pggit_v0.tree_entries) "
				    "ELSE (SELECT count(*) FROM pggit_v0.refs) END ");
	else
		strbuf_addstr(&sql, "greatest(0, (SELECT reltuples FROM pg_class WHERE oid = t.name::regclass))::bigint ");
	strbuf_addstr(&sql, "FROM unnest(ARRAY['pggit_v0.objects', 'pggit_v0.commit_graph', 'pggit_v0.tree_entries', "
			    "'pggit_v0.refs']) WITH ORDINALITY AS t(name, ord) ORDER BY t.ord");
	PGresult *r = try_query(c, sql.buf, err);
	strbuf_release(&sql);
	if (!r)
		return NULL;
	json_t *tables = json_object();
	json_int_t total_bytes = 0, commits = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		json_int_t bytes = strtoll(PQgetvalue(r, i, 1), NULL, 10);
		json_int_t rows = strtoll(PQgetvalue(r, i, 2), NULL, 10);
		total_bytes += bytes;
		if (!strcmp(PQgetvalue(r, i, 0), "pggit_v0.commit_graph"))
			commits = rows;
		json_object_set_new(tables, PQgetvalue(r, i, 0), json_pack("{s:I, s:I}", "rows", rows, "bytes", bytes));
	}
	PQclear(r);
	/* Blobs: a scan of the objects heap when exact (type is stored inline, the
	 * content is not read); otherwise the planner's statistics of the type column. */
	r = try_query(c,
		      exact ? "SELECT count(*) FROM pggit_v0.objects WHERE type = 'blob'"
			    : "SELECT coalesce((SELECT (c.reltuples * coalesce(s.most_common_freqs[array_position("
			      "s.most_common_vals::text::text[], 'blob')], 0))::bigint "
			      "FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = 'pggit_v0' "
			      "AND s.tablename = 'objects' AND s.attname = 'type' "
			      "WHERE c.oid = 'pggit_v0.objects'::regclass), 0)",
		      err);
	if (!r) {
		json_decref(tables);
		return NULL;
	}
	json_int_t blobs = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return json_pack("{s:s, s:o, s:I, s:I, s:I}", "method", exact ? "count" : "reltuples", "tables", tables,
			 "commits", commits, "blobs", blobs, "bytes", total_bytes);
}
