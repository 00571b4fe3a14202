/*
 * export.c - pggit-audit-export: the first stage. Reads a pgGit pggit_v0 store
 * with COPY ... TO STDOUT inside one REPEATABLE READ snapshot and streams each
 * table into a zstd CSV artifact (in a total order: keys in byte order, trees
 * in history order; the same store always gives byte-identical files). The
 * server sorts every table but tree_entries, which is read as stored and put
 * in order here, through a scratch file (tree_spool.h). Memory does not depend
 * on the size of the tables: rows go from the socket to the compressor one by
 * one (tree_entries: one tree at a time, a few trees ahead).
 * Each table is read in chunks (keyset pagination on its key), each chunk a
 * checkpointed part file, assembled into the final artifact at the end: a
 * rerun after a crash re-reads only the unfinished chunk (docs/checkpoints.md).
 * With --jobs 2 tree_entries is read on a second connection sharing the
 * snapshot (struct entries_reader), beside the other tables; with --jobs 3 on
 * two, half of its blocks each.
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
#include "checkpoint.h"
#include "conninfo.h"
#include "pgconn.h"
#include "progress.h"
#include "strbuf.h"
#include "strmap.h"
#include "store.h"
#include "tree_spool.h"
#include "workpool.h"
#include "util.h"


struct table_export {
	const char *name;      /* artifact base name (parts: parts/NAME.NNNNNN.csv.zst) */
	const char *table;
	const char *const *cols;
	size_t ncols;
	int nkeys;             /* the first nkeys columns are the (unique) sort key */
	const char *query;     /* the whole table */
	const char *query_after; /* the rows after a key (resuming): keyset pagination */
	const char *query_unordered; /* non-NULL: read in the table's own order and regrouped here */
	const char *query_blocks;    /* query_unordered for a range of the table's blocks */
	int default_window;          /* 1: zstd level 3's default window, not EXPORT_ZSTD_WINDOW_LOG */
};

/*
 * Byte order (COLLATE "C") everywhere: reproducible across servers and locales.
 * One COPY per table, its rows cut into parts of CHUNK_ROWS rows on the way
 * (one sort in the server, whatever the chunk size). A resumed export asks
 * only for the rows after the last key of the last finished part; the key
 * reaches the server as a parameter (set_config), never pasted into the text.
 *
 * Objects are in history order, not sha order: first every object that is no
 * commit's tree (blobs, commits, unused trees) by sha, then the commits' trees
 * by the smallest generation of a commit using them (FIRST_USE), ties by sha.
 * A tree is a full snapshot of the schema, nearly the same as the one before
 * it in history: side by side, zstd finds each one in the previous ones
 * (within its window): at 10k commits x 1k objects the artifact is 34 MB
 * against 520 MB in sha order, and faster to write and to read. tree_entries follows the same tree
 * order (the diff wants each tree's rows together and the trees in the
 * objects' order), then path: that order is not asked of the server, whose
 * sort of the whole table (9.5 M rows at 10k x 1k) spills about 1 GB to disk
 * and took 12 of the export's 16 s; export_regrouped() reads the table as
 * stored (a plain COPY, about 4 s) and regroups it per tree on a scratch file,
 * the same bytes in 8 s. The order key of a row is a function of its
 * (tree) sha, so the resume recomputes the key of the last row from its sha:
 * (g IS NOT NULL, coalesce(g, 0), sha) orders exactly as "g NULLS FIRST, sha"
 * whatever the generations are, and compares as a row.
 */
#define AFTER_1 "current_setting('pggit_audit.export_after_1')"
/* the first-use generation of every commit's tree (export_regrouped() reads it whole) */
#define FIRST_USE_SQL "SELECT tree_sha, min(generation) AS g FROM pggit_v0.commit_graph GROUP BY tree_sha"
#define FIRST_USE "(" FIRST_USE_SQL ")"
/* the first-use generation of the tree of the last exported row (NULL: none) */
#define AFTER_G "(SELECT min(generation) FROM pggit_v0.commit_graph WHERE tree_sha = " AFTER_1 ")"
#define AFTER_G_KEY "(" AFTER_G " IS NOT NULL, coalesce(" AFTER_G ", 0), "
#define OBJECTS_SQL(where) \
	"COPY (SELECT o.sha, o.type, o.size, o.content FROM pggit_v0.objects o LEFT JOIN " FIRST_USE \
	" u ON u.tree_sha = o.sha " where " ORDER BY u.g NULLS FIRST, o.sha COLLATE \"C\") TO STDOUT (FORMAT csv)"
/*
 * A commit_graph time as the diff reads it (ISO, T, microseconds), when it lies in the years 1 to
 * 9999 AD; any other as PostgreSQL prints it (DateStyle ISO: "0001-06-01 00:00:00 BC",
 * "infinity"), which the diff cannot read and so reports by its value. to_char() drops the era
 * (a BC time passed as the same date AD against a commit text of that date) and makes NULL of
 * infinity (reported as "is NULL").
 */
#define GRAPH_TIME(col) \
	"CASE WHEN " col " >= '0001-01-01' AND " col " < '10000-01-01' " \
	"THEN to_char(" col ", 'YYYY-MM-DD\"T\"HH24:MI:SS.US') ELSE " col "::text END"
#define GRAPH_SQL(where) \
	"COPY (SELECT commit_sha, array_to_json(parent_shas)::text, tree_sha, generation, author, committer, " \
	GRAPH_TIME("authored_at") ", " GRAPH_TIME("committed_at") ", " \
	"message FROM pggit_v0.commit_graph " where " ORDER BY commit_sha COLLATE \"C\") TO STDOUT (FORMAT csv)"
/*
 * tree_entries as stored, put in order by export_regrouped() rather than by the
 * server: trees in the objects' order (first-use generation NULLS FIRST, then
 * tree_sha), each tree's rows by path, both in byte order.
 */
#define ENTRIES_UNORDERED_SQL "COPY pggit_v0.tree_entries (tree_sha, path, mode, object_sha) TO STDOUT (FORMAT csv)"
/*
 * The same rows through a query, for a tree_entries that is not a plain table without children:
 * COPY of a table reads the parent's own rows only (an inheritance child's rows were left out,
 * and the diff then blamed the trees whose rows they were), and refuses a partitioned table, a
 * view or a foreign table; a query reads them all, as every other table's export does. Only
 * then: a plain COPY is the cheaper read.
 */
#define ENTRIES_UNORDERED_SELECT_SQL \
	"COPY (SELECT tree_sha, path, mode, object_sha FROM pggit_v0.tree_entries) TO STDOUT (FORMAT csv)"
/* set in main(): tree_entries is no plain table, or has inheritance children */
static int entries_have_children;
/* the rows in blocks [blocks_from, blocks_to): a TID range scan (PostgreSQL 14 and later) */
#define BLOCK_TID(setting) "format('(%s,0)', current_setting('pggit_audit." setting "'))::tid"
#define ENTRIES_BLOCKS_SQL \
	"COPY (SELECT tree_sha, path, mode, object_sha FROM pggit_v0.tree_entries WHERE ctid >= " BLOCK_TID( \
		"blocks_from") " AND ctid < " BLOCK_TID("blocks_to") ") TO STDOUT (FORMAT csv)"
#define REFS_SQL(where) \
	"COPY (SELECT name, target_sha, type FROM pggit_v0.refs " where " ORDER BY name COLLATE \"C\") " \
	"TO STDOUT (FORMAT csv)"
static const struct table_export tables[] = {
	{ "objects", "pggit_v0.objects", export_objects_cols, NCOLS(export_objects_cols), 1, OBJECTS_SQL(""),
	  OBJECTS_SQL("WHERE (u.g IS NOT NULL, coalesce(u.g, 0), o.sha COLLATE \"C\") > " AFTER_G_KEY AFTER_1 ")"), NULL,
	  NULL, 0 },
	{ "commit_graph", "pggit_v0.commit_graph", export_graph_cols, NCOLS(export_graph_cols), 1, GRAPH_SQL(""),
	  GRAPH_SQL("WHERE commit_sha COLLATE \"C\" > " AFTER_1), NULL, NULL, 0 },
	{ "tree_entries", "pggit_v0.tree_entries", export_entries_cols, NCOLS(export_entries_cols), 2, NULL, NULL,
	  ENTRIES_UNORDERED_SQL, ENTRIES_BLOCKS_SQL, 1 },
	{ "refs", "pggit_v0.refs", export_refs_cols, NCOLS(export_refs_cols), 1, REFS_SQL(""),
	  REFS_SQL("WHERE name COLLATE \"C\" > " AFTER_1), NULL, NULL, 0 },
};

/*
 * zstd settings of the exported artifacts. A 16 MiB window (2^24) holds the
 * trees a few commits back, so a tree finds most of itself in its parent's
 * even when branches interleave (the objects artifact at 10k commits x 1k
 * objects: 35 MB, against 71 MB with level 3's default 2 MiB window); it
 * costs 16 MiB in the writer and in each reader, within what zstd's decoders
 * accept by default (2^27). Level 3 rather than 1: at this window it takes
 * about the same CPU (1.4 s against 1.2 s there) for a file 3 times smaller
 * (35 MB against 109 MB), which the disk, the fsync and every reader pay for.
 */
#define EXPORT_ZSTD_LEVEL 3
#define EXPORT_ZSTD_WINDOW_LOG 24
/*
 * tree_entries is the exception (default_window): each part is a zstd frame of its own (50,000
 * rows, about 8 MB), so a window past the part finds nothing, and a tree's rows
 * repeat the tree's before them, a few hundred kB back (1,000 objects: 170 kB).
 * Level 3's default window (2 MiB) gives a 1% smaller file at 10k than
 * 16 MiB, and each reader (the diff) holds 2 MiB for it instead of a part's
 * size: the diff's peak RSS 66 -> 60 MB at 10k, 129 -> 123 MB on 100,000
 * objects a tree (docs/performance.md, round 8).
 */

/*
 * libpq's input buffer on each connection (pg_widen_input_buffer()): 16 KiB by default, a
 * poll() and a recv() per 16 KiB of the 2.9 GB the export reads at 10k x 1k (266,000 calls,
 * each a wake-up of this process).
 */
#define COPY_INPUT_BUFFER (1u << 20)

static unsigned long long chunk_rows = 50000;
/* 0 (--check-caches off): tree_entries is not exported (an empty artifact stands in for it)
 * and the diff takes tree entries from the trees' content */
static int check_caches = 1;
/* --jobs: connections to the source (2: tree_entries is read beside the other tables, 3: in two halves) */
static unsigned export_jobs = 2;

static void usage(int status)
{
	printf("usage: pggit-audit-export [--source CONNINFO] --outdir DIR [--chunk-rows N] [--check-caches on|off]\n"
	       "                          [--jobs 1|2|3]\n\n"
	       "Export the pggit_v0 store (objects, commit_graph, tree_entries, refs) of the source\n"
	       "database into DIR/*.csv.zst, each with a .meta.json sidecar (rows, bytes, SHA-256),\n"
	       "and DIR/source.json (server version, database, system identifier; no password).\n"
	       "Tables are read in chunks of N rows (default 50000), each checkpointed in DIR/parts/;\n"
	       "a rerun after a crash keeps the finished chunks (see docs/checkpoints.md).\n\n"
	       "  --source CONNINFO  any libpq conninfo (keywords, URI, \"\" for PG* variables);\n"
	       "                     default: $PGGIT_AUDIT_SOURCE\n"
	       "  --outdir DIR       where the artifacts are written (created if needed)\n"
	       "  --chunk-rows N     rows per checkpointed chunk (1 to 100000000)\n"
	       "  --check-caches on|off\n"
	       "                     on (the default): export tree_entries, which the diff checks\n"
	       "                     against every tree's content (read as stored and put in order\n"
	       "                     here, through a scratch file in DIR about the size of the\n"
	       "                     table's CSV); off: leave it out\n"
	       "                     (DIR/tree_entries.csv.zst has no rows, source.json says\n"
	       "                     \"check_caches\": false), the diff then takes the entries from\n"
	       "                     the trees' content (faster; the rule: docs/performance.md)\n"
	       "  --no-check-caches  the same as --check-caches off\n"
	       "  --jobs 1|2|3       2 (the default): tree_entries is read on a second connection,\n"
	       "                     in the same snapshot, beside the other tables (one connection\n"
	       "                     if the server refuses a second or is a standby); 1: one;\n"
	       "                     3: two connections read half of its blocks each (PostgreSQL\n"
	       "                     14 and later; pays when the source server has cores to spare)\n"
	       "  -q, --quiet        no progress messages\n");
	exit(status);
}

/* The COPY stream of one table, cut into parts of chunk_rows rows. */
struct chunk_sink {
	struct chunk_set *cs;
	const struct table_export *t;
	struct chunk_part_writer *w; /* the part being written, NULL between parts */
	unsigned long long chunk;  /* number of the part being (or next to be) written */
	unsigned long long rows_in_part, total;
};

static void sink_commit(struct chunk_sink *s)
{
	fault_point("export-before-commit");
	unsigned long long bytes = 0, rows = chunk_part_commit(s->w, &bytes);
	s->w = NULL;
	progress_bytes(bytes);
	progress_chunk(s->t->name, s->chunk, rows, bytes, 0);
	s->total += rows;
	s->chunk++;
	s->rows_in_part = 0;
	fault_point("export-after-chunk");
}

static void sink_open(struct chunk_sink *s)
{
	s->w = chunk_part_open(s->cs, s->t->name, s->chunk, s->t->cols, s->t->ncols);
}

/* One row, head (may be empty) then buf. */
static void sink_row(struct chunk_sink *s, const char *head, size_t head_len, const char *buf, size_t len)
{
	fault_point("export-mid-copy");
	if (!s->w)
		sink_open(s);
	if (head_len)
		csvo_raw_bytes(chunk_part_csv(s->w), head, head_len);
	csvo_raw_row(chunk_part_csv(s->w), buf, len);
	progress_rows(1);
	if (++s->rows_in_part == chunk_rows)
		sink_commit(s);
}

static void copy_row(const char *buf, int len, void *arg) { sink_row(arg, NULL, 0, buf, (size_t)len); }

/* The key of the last row of a finished part (the part is small: one chunk). */
static void part_last_keys(const char *path, const struct table_export *t, char **keys)
{
	struct artifact_reader *r = ar_open(path, t->cols, t->ncols);
	struct csv_field *f;
	for (int k = 0; k < t->nkeys; k++)
		keys[k] = NULL;
	while (ar_next(r, &f))
		for (int k = 0; k < t->nkeys; k++) {
			free(keys[k]);
			keys[k] = xstrndup(f[k].data, f[k].len);
		}
	ar_close(r);
}

/* The order of trees: first-use generation (NULL first), then sha in byte order. */
struct tree_order {
	const char *sha;
	size_t len, spool_id;
	int has_g;
	long long g;
};

/* The first-use generation of every commit's tree (FIRST_USE_SQL), by tree sha. */
struct first_use {
	struct strmap *trees;
	long long *g;
	unsigned char *has_g; /* 0: every commit using it has a NULL generation */
};

static void first_use_read(PGconn *c, const char *table, struct first_use *fu)
{
	char *what = xasprintf("exporting %s: reading the first use of every commit tree", table);
	PGresult *r = pg_query(c, FIRST_USE_SQL, 0, NULL, what);
	free(what);
	int n = PQntuples(r);
	fu->trees = strmap_new();
	fu->g = xcalloc((size_t)n + 1, sizeof(*fu->g));
	fu->has_g = xcalloc((size_t)n + 1, 1);
	for (int i = 0; i < n; i++) {
		uint32_t id = strmap_intern(fu->trees, PQgetvalue(r, i, 0), (size_t)PQgetlength(r, i, 0), NULL);
		if (!PQgetisnull(r, i, 1)) {
			fu->has_g[id] = 1;
			fu->g[id] = strtoll(PQgetvalue(r, i, 1), NULL, 10);
		}
	}
	PQclear(r);
}

static void first_use_free(struct first_use *fu)
{
	strmap_free(fu->trees);
	free(fu->g);
	free(fu->has_g);
}

/* The order key of tree sha (len bytes; not copied). */
static struct tree_order tree_order_of(const struct first_use *fu, const char *sha, size_t len, size_t spool_id)
{
	uint32_t u = strmap_find(fu->trees, sha, len);
	int has = u != UINT32_MAX && fu->has_g[u];
	return (struct tree_order){ .sha = sha, .len = len, .spool_id = spool_id, .has_g = has, .g = has ? fu->g[u] : 0 };
}

static int cmp_tree_order(const void *pa, const void *pb)
{
	const struct tree_order *a = pa, *b = pb;
	if (a->has_g != b->has_g)
		return a->has_g - b->has_g;
	if (a->has_g && a->g != b->g)
		return a->g < b->g ? -1 : 1;
	int c = memcmp(a->sha, b->sha, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

struct regroup_read {
	struct tree_spool_writer *w;
	struct csv_row_decoder *dec;      /* a row's tree and path */
	struct csv_row_decoder *dec_path; /* the path alone, after a tree sha libcsv need not read */
	const char *table;
	unsigned long long rows;
	int on_a_thread; /* read by entries_reader: no progress events (progress.h is not thread-safe) */
};

static void regroup_row(const char *buf, int len, void *arg)
{
	struct regroup_read *rr = arg;
	struct csv_field *f;
	rr->rows++;
	/* A first field of 64 hex digits and a comma is a sha in CSV (no quote can be in it):
	   libcsv reads the path only - the 65 bytes were a third of the export's CPU. The row
	   is kept whole (the diff parses it in full when a tree's digest disagrees), its sha and
	   comma left out of the scratch file and put back on output (tree_spool_writer_add_after_tree());
	   anything else goes to libcsv whole. */
	if (len > SHA256_HEX_LEN && buf[SHA256_HEX_LEN] == ',' && is_sha256_hex(buf, SHA256_HEX_LEN)) {
		if (csv_row_decode(rr->dec_path, buf + SHA256_HEX_LEN + 1, (size_t)len - SHA256_HEX_LEN - 1, &f) != 1)
			pga_die("%s: row %llu of COPY ... TO STDOUT has no path after its tree in CSV: %s", rr->table,
				rr->rows, dqn(buf, (size_t)(len > 200 ? 200 : len)));
		tree_spool_writer_add_after_tree(rr->w, buf, SHA256_HEX_LEN, f[0].data, f[0].len, buf + SHA256_HEX_LEN + 1,
						 (size_t)len - SHA256_HEX_LEN - 1);
	} else {
		if (csv_row_decode(rr->dec, buf, (size_t)len, &f) != 2)
			pga_die("%s: row %llu of COPY ... TO STDOUT does not start with a tree and a path in CSV: %s",
				rr->table, rr->rows, dqn(buf, (size_t)(len > 200 ? 200 : len)));
		tree_spool_writer_add(rr->w, f[0].data, f[0].len, f[1].data, f[1].len, buf, (size_t)len);
	}
	if (!rr->on_a_thread)
		progress_prepared(1);
}

/* A range of the table's blocks, [from, to) (to UINT32_MAX: to the end). */
struct block_range {
	unsigned long long from, to;
};

/*
 * Read table t as stored into spool: the whole table (range NULL), or the rows
 * of a range of its blocks (a TID range scan: PostgreSQL 14 and later).
 * on_a_thread: called from a reader thread (no progress events).
 */
/*
 * A COPY of a source table failed. When a value could not be converted to our UTF-8
 * connection (a SQL_ASCII store holding bytes that are not UTF-8, or a character of another
 * encoding UTF-8 lacks), PostgreSQL's error names neither the row nor the column, so the
 * table is read again with no conversion (client_encoding SQL_ASCII passes the stored bytes)
 * and each value checked here: the message names each bad row by its key (the object's sha,
 * the tree's sha and the entry's path, the ref's name) and the column, so that it can be
 * corrected; nothing is guessed or skipped. Any other error is reported as it was.
 */
#define NOT_UTF8_SHOWN 10
static void die_copy_failed(PGconn *c, const struct table_export *t, const char *what, const char *err,
			    const char *state)
{
	static const struct {
		const char *name, *sql, *key_label[2];
		int nkeys;
	} diag[] = {
		{ "objects", "SELECT sha, type, size::text, content FROM pggit_v0.objects ORDER BY sha COLLATE \"C\"",
		  { "object", NULL }, 1 },
		{ "commit_graph",
		  "SELECT commit_sha, parent_shas::text, tree_sha, author, committer, message FROM pggit_v0.commit_graph "
		  "ORDER BY commit_sha COLLATE \"C\"",
		  { "commit", NULL }, 1 },
		{ "tree_entries",
		  "SELECT tree_sha, path, mode, object_sha FROM pggit_v0.tree_entries "
		  "ORDER BY tree_sha COLLATE \"C\", path COLLATE \"C\"",
		  { "tree", "path" }, 2 },
		{ "refs", "SELECT name, target_sha, type FROM pggit_v0.refs ORDER BY name COLLATE \"C\"", { "ref", NULL },
		  1 },
	};
	size_t d = 0;
	while (d < sizeof(diag) / sizeof(diag[0]) && strcmp(diag[d].name, t->name))
		d++;
	if ((strcmp(state, "22021") && strcmp(state, "22P05")) || d == sizeof(diag) / sizeof(diag[0]))
		pga_die("%s: %s", what, err);
	PQclear(PQexec(c, "ROLLBACK"));
	PGresult *r = PQexec(c, "SET client_encoding = 'SQL_ASCII'");
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok || !PQsendQuery(c, diag[d].sql) || !PQsetSingleRowMode(c))
		pga_die("%s: %s", what, err);
	struct strbuf bad = STRBUF_INIT;
	unsigned long long nbad = 0;
	while ((r = PQgetResult(c))) {
		if (PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
			for (int col = 0; col < PQnfields(r); col++) {
				size_t off = 0, len = (size_t)PQgetlength(r, 0, col);
				if (PQgetisnull(r, 0, col) || utf8_char_count(PQgetvalue(r, 0, col), len, &off) >= 0)
					continue;
				if (nbad++ >= NOT_UTF8_SHOWN)
					continue;
				strbuf_addf(&bad, "\n%s %s", diag[d].key_label[0],
					    dvn(PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0)));
				if (diag[d].nkeys > 1)
					strbuf_addf(&bad, ", %s %s", diag[d].key_label[1],
						    dqn(PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1)));
				strbuf_addf(&bad, ": column %s is not UTF-8 (byte %zu of %zu, 0x%02x)", PQfname(r, col),
					    off, len, (unsigned char)PQgetvalue(r, 0, col)[off]);
			}
		}
		PQclear(r);
	}
	if (!nbad)
		pga_die("%s: %s", what, err);
	pga_die("%s: %s (SQLSTATE %s): %llu value%s of %s cannot be read as UTF-8 (the source's text must be UTF-8: "
		"a SQL_ASCII database holding text in another encoding); correct the rows before the backfill:%s%s",
		what, err, state, nbad, nbad == 1 ? "" : "s", t->table, bad.buf, nbad > NOT_UTF8_SHOWN ? "\n..." : "");
}

static void export_copy(PGconn *c, const struct table_export *t, const char *sql, const char *what,
			void (*row)(const char *buf, int len, void *arg), void *arg)
{
	unsigned long long rows;
	char *err, state[6];
	if (pg_copy_out_try(c, sql, row, arg, &rows, &err, state))
		die_copy_failed(c, t, what, err, state);
}

static void regroup_read_table(PGconn *c, const struct table_export *t, const struct block_range *range,
			       struct tree_spool *spool, int on_a_thread)
{
	struct regroup_read rr = { .w = tree_spool_writer_new(spool), .dec = csv_row_decoder_new(2),
				   .dec_path = csv_row_decoder_new(1), .table = t->table, .on_a_thread = on_a_thread };
	char *what;
	if (range) {
		char from[24], to[24];
		snprintf(from, sizeof(from), "%llu", range->from);
		snprintf(to, sizeof(to), "%llu", range->to);
		const char *params[] = { from, to };
		PQclear(pg_query(c,
				 "SELECT set_config('pggit_audit.blocks_from', $1, true), "
				 "set_config('pggit_audit.blocks_to', $2, true)",
				 2, params, "setting the blocks of tree_entries to read"));
		what = xasprintf("reading %s (blocks %llu to %s)", t->table, range->from,
				 range->to == UINT32_MAX ? "the end" : to);
		export_copy(c, t, t->query_blocks, what, regroup_row, &rr);
	} else {
		what = xasprintf("reading %s", t->table);
		export_copy(c, t, entries_have_children ? ENTRIES_UNORDERED_SELECT_SQL : t->query_unordered, what,
			    regroup_row, &rr);
	}
	free(what);
	csv_row_decoder_free(rr.dec);
	csv_row_decoder_free(rr.dec_path);
	tree_spool_writer_close(rr.w);
}

/*
 * tree_entries read on connections of their own, in the main connection's
 * snapshot (pg_export_snapshot), while the main one exports objects and
 * commit_graph: the server's COPY of the largest table and the client's
 * regrouping of it run beside the other tables' export instead of after it
 * (10k x 1k: export 8.9 s -> 7.4 s). With two readers each reads half of the
 * table's blocks (a TID range scan), so that the server's side of the table
 * runs on two cores too. A connection the server refuses is not an error: its
 * blocks are then read on the main connection, after the others, as with
 * --jobs 1.
 */
#define MAX_READERS 2
struct entries_reader;
struct range_reader {
	struct entries_reader *er;
	struct block_range range; /* unused when it is the only reader: it reads the whole table */
	pthread_t thread;
	int started;   /* the thread runs (or ran) */
	char *refused; /* the server's message when its connection was refused */
	char *lost;    /* the server's message when the main connection's snapshot was gone */
};

struct entries_reader {
	const char *source;
	char *snapshot; /* pg_export_snapshot() of the main connection */
	const struct table_export *t;
	struct tree_spool *spool;
	struct range_reader readers[MAX_READERS];
	unsigned n;
};

static void *range_reader_run(void *arg)
{
	struct range_reader *rd = arg;
	struct entries_reader *er = rd->er;
	fault_point("export-entries-reader"); /* the snapshot is exported, not yet taken here */
	PGconn *c = pg_try_connect(er->source, &rd->refused);
	if (!c)
		return NULL;
	pg_refuse_row_security(c, "refusing rows hidden by row-level security (tree_entries reader)");
	pg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the tree_entries reader's snapshot");
	/*
	 * The snapshot lives as long as the main connection's transaction: if it is
	 * gone, that connection failed and its own error (naming the table it was
	 * exporting) is the one to report, so the reader does not die first here.
	 */
	if ((rd->lost = pg_set_transaction_snapshot(c, er->snapshot))) {
		PQfinish(c);
		return NULL;
	}
	pg_widen_input_buffer(c, COPY_INPUT_BUFFER, "widening the tree_entries reader's input buffer");
	regroup_read_table(c, er->t, er->n == 1 ? NULL : &rd->range, er->spool, 1);
	pg_exec(c, "COMMIT", "ending the tree_entries reader's snapshot");
	PQfinish(c);
	return NULL;
}

/*
 * Start reading t on nreaders connections in c's snapshot (a standby: none, and
 * er->n stays 0: pg_export_snapshot() may be refused during recovery).
 */
static void entries_reader_start(PGconn *c, const char *source, const struct table_export *t, const char *outdir,
				 unsigned nreaders, struct entries_reader *er)
{
	memset(er, 0, sizeof(*er));
	PGresult *r = pg_query(c,
			       "SELECT pg_is_in_recovery(), current_setting('server_version_num')::int >= 140000, "
			       "pg_relation_size(to_regclass($1)) / current_setting('block_size')::bigint",
			       1, (const char *[]){ t->table }, "checking the source for a second connection");
	int standby = strcmp(PQgetvalue(r, 0, 0), "t") == 0, tid_ranges = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
	unsigned long long blocks = strtoull(PQgetvalue(r, 0, 2), NULL, 10);
	PQclear(r);
	if (standby)
		return;
	/* one reader without TID range scans (a range would scan the whole table) or for a small table */
	if (!tid_ranges || blocks < 2 * nreaders)
		nreaders = 1;
	r = pg_query(c, "SELECT pg_export_snapshot()", 0, NULL, "exporting the snapshot for a second connection");
	er->snapshot = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	er->source = source;
	er->t = t;
	er->spool = tree_spool_new(outdir);
	er->n = nreaders;
	for (unsigned i = 0; i < nreaders; i++) {
		struct range_reader *rd = &er->readers[i];
		/* the blocks are counted now; rows in blocks added since are in the last range */
		*rd = (struct range_reader){ .er = er,
					     .range = { blocks * i / nreaders,
							i + 1 == nreaders ? UINT32_MAX : blocks * (i + 1) / nreaders } };
		rd->started = thread_start_unsignalled(&rd->thread, range_reader_run, rd) == 0;
		if (!rd->started)
			rd->refused = xstrdup("no thread could be started");
	}
}

/*
 * Wait for the readers and read on c what a refused one did not. Returns the
 * sealed spool (the caller frees it), or NULL when no reader ran: the caller
 * reads the table itself.
 */
static struct tree_spool *entries_reader_finish(PGconn *c, struct entries_reader *er)
{
	if (!er->n)
		return NULL;
	for (unsigned i = 0; i < er->n; i++) {
		struct range_reader *rd = &er->readers[i];
		if (rd->started && pthread_join(rd->thread, NULL) != 0)
			pga_die("cannot wait for the thread reading tree_entries");
		rd->started = 0;
	}
	for (unsigned i = 0; i < er->n; i++)
		if (er->readers[i].lost)
			pga_die("taking the export's snapshot for %s on a second connection: %s", er->t->table,
				er->readers[i].lost);
	for (unsigned i = 0; i < er->n; i++) {
		struct range_reader *rd = &er->readers[i];
		if (!rd->refused)
			continue;
		pga_warn("%s%s is read after the other tables on the export's own connection: the server refused "
			 "another one (%s)",
			 er->t->table, er->n == 1 ? "" : " (part of it)", rd->refused);
		progress_phase(er->t->name, 0);
		regroup_read_table(c, er->t, er->n == 1 ? NULL : &rd->range, er->spool, 0);
	}
	tree_spool_seal(er->spool);
	struct tree_spool *spool = er->spool;
	er->spool = NULL;
	return spool;
}

static void entries_reader_free(struct entries_reader *er)
{
	free(er->snapshot);
	for (unsigned i = 0; i < er->n; i++)
		free(er->readers[i].refused);
	tree_spool_free(er->spool);
}

static void emit_row(const char *head, size_t head_len, const char *row, size_t len, void *arg)
{
	sink_row(arg, head, head_len, row, len);
}

/*
 * A tree to write: read back, sorted and digested on the pool's threads, written in order by
 * the caller. The digest (store.h, tree_digest_add()) lets the diff check the tree's rows
 * against its content without parsing them (docs/design.md, "The tree_entries digests").
 */
struct tree_task {
	const struct tree_spool *spool;
	size_t id;
	struct spool_tree_rows *rows;
	struct tree_digest enc; /* the digest being built */
	int canonical;          /* every row's tail is ",DIGITS,SHA" */
	sha256_hex_t digest;
};

static void digest_row(const char *path, size_t path_len, const char *row, size_t len, void *arg)
{
	struct tree_task *t = arg;
	const char *tail;
	size_t tail_len;
	if (!t->canonical)
		return;
	if (tree_row_tail(row, len, &tail, &tail_len) < 0) {
		t->canonical = 0;
		return;
	}
	tree_digest_row(&t->enc, path, path_len, tail, tail_len);
}

static void tree_task_run(void *arg)
{
	struct tree_task *t = arg;
	t->rows = tree_spool_load(t->spool, t->id);
	tree_digest_init(&t->enc);
	t->canonical = 1;
	tree_rows_each(t->rows, digest_row, t);
	if (t->canonical) {
		tree_digest_finish(&t->enc, t->digest);
	} else {
		tree_digest_release(&t->enc);
		t->digest[0] = '\0';
	}
}

/* the digests of the trees of tree_entries, checkpointed beside its parts until the export assembles it */
#define DIGESTS "tree_digests"

static char *digests_part_path(const struct chunk_set *cs) { return chunk_part_path(cs, DIGESTS, 0); }

/* trees read back ahead of the one being written: enough to keep a second core busy,
   within a memory budget (a schema of 100,000 objects makes trees of about 20 MB) */
#define TREES_AHEAD 8
#define TREES_AHEAD_BYTES (32u << 20)

/*
 * A table keyed by (tree_sha, path) in the objects' tree order, without a sort
 * in the server: the rows are read as stored into a tree_spool (a scratch file
 * in outdir), then written tree by tree. keys: the (tree, path) of the last row
 * already written by an earlier attempt, or NULLs; the rows up to it are skipped,
 * as the server's keyset query would.
 */
static void export_regrouped(PGconn *c, struct chunk_sink *s, const char *outdir, char *const keys[2],
			     struct entries_reader *er)
{
	const struct table_export *t = s->t;
	struct first_use fu;
	first_use_read(c, t->table, &fu);

	struct tree_spool *spool = er ? entries_reader_finish(c, er) : NULL;
	char *phase = xasprintf("%s (reading)", t->name);
	if (!spool) {
		progress_phase(phase, 0);
		spool = tree_spool_new(outdir);
		regroup_read_table(c, t, NULL, spool, 0);
		tree_spool_seal(spool);
	}

	size_t ntrees = tree_spool_ntrees(spool);
	unsigned long long total = 0;
	struct tree_order *order = xcalloc(ntrees + 1, sizeof(*order));
	for (size_t i = 0; i < ntrees; i++) {
		size_t len;
		const char *sha = tree_spool_tree(spool, i, &len);
		order[i] = tree_order_of(&fu, sha, len, i);
		total += tree_spool_rows(spool, i);
	}
	qsort(order, ntrees, sizeof(*order), cmp_tree_order);
	progress_phase(t->name, total);

	struct tree_order after = keys[0] ? tree_order_of(&fu, keys[0], strlen(keys[0]), 0) : (struct tree_order){ 0 };
	/* the trees already written by an earlier attempt are skipped, the last one from its last path */
	size_t first = 0;
	const char *after_path = NULL;
	while (keys[0] && first < ntrees) {
		int c = cmp_tree_order(&order[first], &after);
		if (c > 0)
			break;
		if (c == 0) {
			after_path = keys[1] ? keys[1] : "";
			break;
		}
		first++;
	}
	/* every tree is read back, those written by an earlier attempt too: the digests cover
	   the whole table (a resume pays one more read of the trees already written) */
	struct workpool *wp = workpool_new(workpool_default_threads(2, 64), TREES_AHEAD, tree_task_run);
	struct tree_task *tasks = xcalloc(TREES_AHEAD, sizeof(*tasks));
	char *dpath = digests_part_path(s->cs);
	struct artifact_writer *dw = aw_open(dpath, export_digests_cols, NCOLS(export_digests_cols));
	uint64_t ahead_bytes = 0; /* of the trees submitted and not yet written */
	for (size_t next = 0, done = 0; done < ntrees;) {
		while (next < ntrees && !workpool_full(wp) &&
		       (next == done || ahead_bytes + tree_spool_load_size(spool, order[next].spool_id) <=
						TREES_AHEAD_BYTES)) {
			struct tree_task *t = &tasks[next % TREES_AHEAD];
			*t = (struct tree_task){ .spool = spool, .id = order[next].spool_id };
			ahead_bytes += tree_spool_load_size(spool, t->id);
			workpool_submit(wp, t);
			next++;
		}
		struct tree_task *t = workpool_take(wp);
		ahead_bytes -= tree_spool_load_size(spool, t->id);
		if (done >= first)
			tree_rows_emit(t->rows, done == first ? after_path : NULL,
				       done == first && after_path ? strlen(after_path) : 0, emit_row, s);
		struct csv_out *o = aw_csv(dw);
		csvo_field(o, order[done].sha, order[done].len);
		csvo_llong(o, (long long)tree_spool_rows(spool, t->id));
		csvo_str(o, t->digest);
		csvo_end_row(o);
		tree_rows_free(t->rows);
		done++;
	}
	/* before the table's last part: a finished table always has its digests */
	aw_commit(dw, NULL);
	free(dpath);
	workpool_free(wp);
	free(tasks);
	free(order);
	free(phase);
	tree_spool_free(spool);
	first_use_free(&fu);
}

/* 1 when every part of t was written by an earlier attempt (the last one is short). */
static int parts_finished(struct chunk_set *cs, const struct table_export *t)
{
	unsigned long long rows;
	for (unsigned long long k = 0; chunk_part_done(cs, t->name, k, &rows, NULL); k++)
		if (rows < chunk_rows)
			return 1;
	return 0;
}

/* Export one table in chunks; returns its row count, *nparts the number of parts.
   er: the table's rows being read on a second connection, or NULL. */
static unsigned long long export_table(PGconn *c, struct chunk_set *cs, const char *outdir,
				       const struct table_export *t, unsigned long long *nparts,
				       struct entries_reader *er)
{
	const char *p1[] = { t->table };
	/* every error of a table's export names the table: the connection may fail at any of
	   its queries (a terminated backend is seen at the next one, whichever it is) */
	char *estimating = xasprintf("exporting %s: estimating its size", t->table);
	PGresult *r = pg_query(c, "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass($1)", 1,
			       p1, estimating);
	free(estimating);
	progress_phase(t->name, PQntuples(r) ? strtoull(PQgetvalue(r, 0, 0), NULL, 10) : 0);
	PQclear(r);

	/* the finished parts of an earlier attempt: a short part is the table's last */
	struct chunk_sink s = { .cs = cs, .t = t };
	unsigned long long rows, bytes;
	int finished = 0;
	while (!finished && chunk_part_done(cs, t->name, s.chunk, &rows, &bytes)) {
		progress_chunk(t->name, s.chunk, rows, bytes, 1);
		s.total += rows;
		s.chunk++;
		finished = rows < chunk_rows;
	}
	if (!finished) {
		char *what = xasprintf("exporting %s (from chunk %llu)", t->table, s.chunk);
		if (t->query_unordered) {
			char *keys[2] = { NULL, NULL };
			if (s.chunk > 0) {
				char *last = chunk_part_path(cs, t->name, s.chunk - 1);
				part_last_keys(last, t, keys);
				free(last);
			}
			export_regrouped(c, &s, outdir, keys, er);
			free(keys[0]);
			free(keys[1]);
		} else if (s.chunk == 0) {
			export_copy(c, t, t->query, what, copy_row, &s);
		} else {
			char *keys[2] = { NULL, NULL };
			char *last = chunk_part_path(cs, t->name, s.chunk - 1);
			part_last_keys(last, t, keys);
			free(last);
			const char *params[] = { keys[0] };
			char *setting = xasprintf("%s: setting where the export resumes", what);
			PQclear(pg_query(c, "SELECT set_config('pggit_audit.export_after_1', $1, true)", 1, params,
					 setting));
			free(setting);
			free(keys[0]);
			free(keys[1]);
			export_copy(c, t, t->query_after, what, copy_row, &s);
		}
		free(what);
		/* the last part is short; an empty one when the rows filled the parts exactly */
		if (!s.w)
			sink_open(&s);
		sink_commit(&s);
	}
	*nparts = s.chunk;
	return s.total;
}

/* 1 for the tables that only cache what the objects hold (left out by --no-check-caches) */
static int is_cache(const struct table_export *t)
{
	return strcmp(t->name, "tree_entries") == 0;
}

/*
 * DIR/tree_digests.csv.zst: the digests checkpointed beside tree_entries' parts (their
 * content does not depend on the chunk size: no part's bytes are in it).
 * --check-caches off: no rows, as tree_entries.
 */
static void write_digests(struct chunk_set *cs, const char *outdir)
{
	char *path = path_join(outdir, DIGESTS ".csv.zst");
	struct artifact_writer *w = aw_open(path, export_digests_cols, NCOLS(export_digests_cols));
	if (check_caches) {
		char *part = digests_part_path(cs);
		struct artifact_reader *r = ar_open(part, export_digests_cols, NCOLS(export_digests_cols));
		struct csv_field *f;
		while (ar_next(r, &f)) {
			struct csv_out *o = aw_csv(w);
			for (size_t i = 0; i < NCOLS(export_digests_cols); i++)
				csvo_field(o, f[i].data, f[i].len);
			csvo_end_row(o);
		}
		ar_close(r);
		free(part);
	}
	unsigned long long n = aw_commit(w, NULL);
	pga_info("tree digests: %llu rows -> %s", n, path);
	free(path);
}

static void write_source_identity(const char *outdir, const char *version, const char *database,
				  const char *sysid, json_t *counts)
{
	json_t *id = json_pack("{s:s, s:s, s:s?, s:o}", "server_version", version, "database", database,
			       "system_identifier", sysid, "rows", counts);
	if (!check_caches) /* only then: the default source.json stays as it was */
		json_object_set_new(id, "check_caches", json_false());
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
		{ "chunk-rows", required_argument, NULL, 'c' }, { "quiet", no_argument, NULL, 'q' },
		{ "check-caches", required_argument, NULL, 'C' }, { "no-check-caches", no_argument, NULL, 'N' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-export");
	conninfo_hide_args(argc, argv); /* before anything reads them: ps shows argv */
	pga_fix_mmap_threshold();
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 's': source = optarg; break;
		case 'o': outdir = optarg; break;
		case 'c':
			chunk_rows = parse_count_option("chunk-rows", optarg, 1, 100000000);
			break;
		case 'C':
			if (strcmp(optarg, "on") && strcmp(optarg, "off"))
				pga_die("--check-caches must be on or off, not \"%s\"", optarg);
			check_caches = strcmp(optarg, "on") == 0;
			break;
		case 'N': check_caches = 0; break;
		case 'j': export_jobs = (unsigned)parse_count_option("jobs", optarg, 1, 1 + MAX_READERS); break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-export %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!outdir || optind != argc)
		usage(2);
	source = conninfo_pick(source, "PGGIT_AUDIT_SOURCE", NULL, "source");
	make_outdir(outdir);
	artifact_clean_tmp(outdir);
	progress_begin("export");

	PGconn *c = pg_connect(source, "source");
	/* a policy hiding rows from this role would drop commits from the audit without a word */
	pg_refuse_row_security(c, "refusing rows hidden by row-level security");
	pg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the export snapshot");
	pg_widen_input_buffer(c, COPY_INPUT_BUFFER, "widening the export's input buffer");
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const char *params[] = { tables[i].table };
		PGresult *r = pg_query(c, "SELECT to_regclass($1) IS NOT NULL", 1, params, "checking the source tables");
		int present = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
		PQclear(r);
		if (!present)
			pga_die("the source database has no table %s: is it a pgGit pggit_v0 store?", tables[i].table);
	}
	PGresult *kr = pg_query(c,
				"SELECT relkind <> 'r' OR relhassubclass FROM pg_class "
				"WHERE oid = to_regclass('pggit_v0.tree_entries')",
				0, NULL, "checking whether tree_entries is a plain table");
	entries_have_children = PQntuples(kr) == 1 && strcmp(PQgetvalue(kr, 0, 0), "t") == 0;
	PQclear(kr);
	PGresult *idr = pg_query(c,
				 "SELECT current_setting('server_version'), current_database(), "
				 "(SELECT system_identifier::text FROM pg_control_system())",
				 0, NULL, "reading the source's identity");
	char *version = xstrdup(PQgetvalue(idr, 0, 0)), *database = xstrdup(PQgetvalue(idr, 0, 1));
	char *sysid = PQgetisnull(idr, 0, 2) ? NULL : xstrdup(PQgetvalue(idr, 0, 2));
	PQclear(idr);
	/*
	 * What the store holds, in this snapshot. A resumed export reads the rows after the
	 * last finished part's key in a new snapshot; when the store changed in between (new
	 * commits, a ref moved) a new row can sort before that key (a commit sha, an object
	 * whose first-use generation dropped) or an old row after it (an unused tree that a
	 * new commit took), and the parts would be missing it or hold it twice: the diff then
	 * failed with thousands of "not in objects" problems and nothing said why. The store
	 * is append-only and content-addressed (docs/source-format.md), so the same numbers
	 * of objects and commits, and the same refs, mean the same rows.
	 */
	PGresult *str = pg_query(c,
				 "SELECT (SELECT count(*) FROM pggit_v0.objects), (SELECT count(*) FROM pggit_v0.commit_graph), "
				 "(SELECT count(*) || ' ' || coalesce(md5(string_agg(r::text, E'\\n' ORDER BY r.name COLLATE \"C\")), '-') "
				 "FROM pggit_v0.refs r)",
				 0, NULL, "reading the size of the source store");
	char *store_state = xasprintf("store objects %s commits %s refs %s\n", PQgetvalue(str, 0, 0),
				      PQgetvalue(str, 0, 1), PQgetvalue(str, 0, 2));
	PQclear(str);

	/* chunks of another source, chunk size, tool version or store content are never reused */
	char *fingerprint = xasprintf("pggit-audit-export %s\nchunk_rows %llu\nsource %s %s %s\n%s%s",
				      PGGIT_AUDIT_VERSION, chunk_rows, sysid ? sysid : "-", database, version,
				      check_caches ? "" : "check_caches off\n", store_state);
	free(store_state);
	struct chunk_window windows[sizeof(tables) / sizeof(tables[0])];
	size_t nwindows = 0;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (tables[i].default_window)
			windows[nwindows++] = (struct chunk_window){ tables[i].name, 0 };
	struct chunk_set *cs =
		chunks_open_zstd(outdir, fingerprint, EXPORT_ZSTD_LEVEL, EXPORT_ZSTD_WINDOW_LOG, windows, nwindows);
	free(fingerprint);

	struct entries_reader er = { 0 };
	const struct table_export *regrouped = NULL;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (tables[i].query_unordered && (check_caches || !is_cache(&tables[i])))
			regrouped = &tables[i];
	if (regrouped && export_jobs > 1 && !parts_finished(cs, regrouped))
		entries_reader_start(c, source, regrouped, outdir, export_jobs - 1, &er);

	json_t *counts = json_object();
	unsigned long long nparts[sizeof(tables) / sizeof(tables[0])];
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (!check_caches && is_cache(&tables[i])) {
			nparts[i] = 0;
			continue;
		}
		unsigned long long n = export_table(c, cs, outdir, &tables[i], &nparts[i],
						    &tables[i] == regrouped ? &er : NULL);
		json_object_set_new(counts, tables[i].table, json_integer((json_int_t)n));
	}
	pg_exec(c, "COMMIT", "ending the export snapshot");
	PQfinish(c);
	entries_reader_free(&er);
	fault_point("export-before-assemble");
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const struct table_export *t = &tables[i];
		if (!check_caches && is_cache(t)) {
			/* an empty artifact: the outputs stay the same files whatever the mode */
			char *base = xasprintf("%s.csv.zst", t->name), *path = path_join(outdir, base);
			aw_commit(aw_open(path, t->cols, t->ncols), NULL);
			pga_info("%s: not exported (--check-caches off) -> %s (no rows)", t->table, path);
			free(path);
			free(base);
			continue;
		}
		unsigned long long n = chunk_assemble(cs, t->name, t->cols, t->ncols, nparts[i]);
		pga_info("%s: %llu rows in %llu chunk%s -> %s/%s.csv.zst", t->table, n, nparts[i],
			 nparts[i] == 1 ? "" : "s", outdir, t->name);
	}
	write_digests(cs, outdir);
	write_source_identity(outdir, version, database, sysid, counts);
	fault_point("export-before-cleanup");
	chunks_finish(cs);
	free(version);
	free(database);
	free(sysid);
	progress_end();
	return 0;
}
