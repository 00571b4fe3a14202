/*
 * export.c - pggit-audit-export: the first stage. Reads a pgGit pggit_v0 store
 * with COPY ... TO STDOUT inside one REPEATABLE READ snapshot and streams each
 * table into a zstd CSV artifact (sorted by key in byte order, so the same
 * store always gives byte-identical files). Memory does not depend on the
 * size of the tables: rows go from the socket to the compressor one by one.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact.h"
#include "atomicfile.h"
#include "pgconn.h"
#include "util.h"

static const char *const objects_cols[] = { "sha", "type", "size", "content" };
static const char *const graph_cols[] = { "commit_sha", "parent_shas", "tree_sha", "generation", "author",
					  "committer", "authored_at", "committed_at", "message" };
static const char *const entries_cols[] = { "tree_sha", "path", "mode", "object_sha" };
static const char *const refs_cols[] = { "name", "target_sha", "type" };

struct table_export {
	const char *file;
	const char *table;
	const char *const *cols;
	size_t ncols;
	const char *query;
};

/* Byte order (COLLATE "C") everywhere: reproducible across servers and locales. */
static const struct table_export tables[] = {
	{ "objects.csv.zst", "pggit_v0.objects", objects_cols, 4,
	  "COPY (SELECT sha, type, size, content FROM pggit_v0.objects ORDER BY sha COLLATE \"C\") "
	  "TO STDOUT (FORMAT csv)" },
	{ "commit_graph.csv.zst", "pggit_v0.commit_graph", graph_cols, 9,
	  "COPY (SELECT commit_sha, array_to_json(parent_shas)::text, tree_sha, generation, author, committer, "
	  "to_char(authored_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), to_char(committed_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), "
	  "message FROM pggit_v0.commit_graph ORDER BY commit_sha COLLATE \"C\") TO STDOUT (FORMAT csv)" },
	{ "tree_entries.csv.zst", "pggit_v0.tree_entries", entries_cols, 4,
	  "COPY (SELECT tree_sha, path, mode, object_sha FROM pggit_v0.tree_entries "
	  "ORDER BY tree_sha COLLATE \"C\", path COLLATE \"C\") TO STDOUT (FORMAT csv)" },
	{ "refs.csv.zst", "pggit_v0.refs", refs_cols, 3,
	  "COPY (SELECT name, target_sha, type FROM pggit_v0.refs ORDER BY name COLLATE \"C\") "
	  "TO STDOUT (FORMAT csv)" },
};

static void usage(int status)
{
	printf("usage: pggit-audit-export [--source CONNINFO] --outdir DIR\n\n"
	       "Export the pggit_v0 store (objects, commit_graph, tree_entries, refs) of the source\n"
	       "database into DIR/*.csv.zst, each with a .meta.json sidecar (rows, bytes, SHA-256),\n"
	       "and DIR/source.json (server version, database, system identifier; no password).\n\n"
	       "  --source CONNINFO  any libpq conninfo (keywords, URI, \"\" for PG* variables);\n"
	       "                     default: $PGGIT_AUDIT_SOURCE\n"
	       "  --outdir DIR       where the artifacts are written (created if needed)\n"
	       "  -q, --quiet        no progress messages\n");
	exit(status);
}

static void copy_row(const char *buf, int len, void *arg)
{
	csvo_raw_row(aw_csv(arg), buf, (size_t)len);
}

static void write_source_identity(PGconn *c, const char *outdir, json_t *counts)
{
	PGresult *r = pg_query(c,
			       "SELECT current_setting('server_version'), current_database(), "
			       "(SELECT system_identifier::text FROM pg_control_system())",
			       0, NULL, "reading the source's identity");
	json_t *id = json_pack("{s:s, s:s, s:s?, s:o}", "server_version", PQgetvalue(r, 0, 0), "database",
			       PQgetvalue(r, 0, 1), "system_identifier",
			       PQgetisnull(r, 0, 2) ? NULL : PQgetvalue(r, 0, 2), "rows", counts);
	PQclear(r);
	char *text = json_dumps(id, JSON_INDENT(2) | JSON_SORT_KEYS);
	char *path = path_join(outdir, "source.json");
	char *line = xasprintf("%s\n", text);
	atomic_write_file(path, line, strlen(line));
	free(line);
	free(path);
	free(text);
	json_decref(id);
}

int main(int argc, char **argv)
{
	const char *source = NULL, *outdir = NULL;
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' }, { "outdir", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },        { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },      { NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-export");
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 's': source = optarg; break;
		case 'o': outdir = optarg; break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-export %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!outdir || optind != argc)
		usage(2);
	source = conninfo_pick(source, "PGGIT_AUDIT_SOURCE", NULL, "source");
	if (mkdir_p(outdir, 0755) < 0)
		pga_die_errno("cannot create %s", outdir);
	artifact_clean_tmp(outdir);

	PGconn *c = pg_connect(source, "source");
	pg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the export snapshot");
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const char *params[] = { tables[i].table };
		PGresult *r = pg_query(c, "SELECT to_regclass($1) IS NOT NULL", 1, params, "checking the source tables");
		int present = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
		PQclear(r);
		if (!present)
			pga_die("the source database has no table %s: is it a pgGit pggit_v0 store?", tables[i].table);
	}

	json_t *counts = json_object();
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const struct table_export *t = &tables[i];
		char *path = path_join(outdir, t->file);
		char *what = xasprintf("exporting %s", t->table);
		struct artifact_writer *w = aw_open(path, t->cols, t->ncols);
		unsigned long long n = pg_copy_out(c, t->query, what, copy_row, w);
		fault_point("export-before-commit");
		aw_commit(w, NULL);
		json_object_set_new(counts, t->table, json_integer((json_int_t)n));
		pga_info("%s: %llu rows -> %s", t->table, n, path);
		free(what);
		free(path);
	}
	write_source_identity(c, outdir, counts);
	pg_exec(c, "COMMIT", "ending the export snapshot");
	PQfinish(c);
	return 0;
}
