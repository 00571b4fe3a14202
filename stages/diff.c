/*
 * diff.c - pggit-audit-diff: the second stage. Verifies every object of an
 * exported pggit_v0 store against the hashing rules, cross-checks the
 * commit_graph and tree_entries caches against the commit and tree objects
 * (tree_entries only when the export holds it: export --check-caches off
 * leaves it out, and the tree entries are then parsed from the trees' content;
 * with the export's per-tree digests, through them, its rows parsed only from
 * the first tree that disagrees: docs/design.md, "The tree_entries digests"),
 * checks that every tree, blob and parent exists and that the history has no
 * cycle, and then writes, for every commit in (generation, sha) order, the
 * paths added (A), removed (D) or re-pointed (M) relative to its FIRST parent,
 * and every blob object (blobs.csv.zst, for classify). Nothing is written
 * unless the whole store verifies.
 *
 * Memory: per-object indexes (a few dozen bytes per object) and two trees at
 * a time; tree entries, each commit_graph row's text columns (author, committer,
 * times, message: the commit's message is as long as pgGit's caller made it)
 * and the blob rows until the store has verified are spilled to unlinked
 * scratch files in the output directory and read back with pread(). The objects and tree_entries artifacts are decompressed and parsed
 * on reader threads, at most READ_AHEAD_BYTES of rows ahead each; everything
 * else (all the state above, every message, every exit) stays on the main
 * thread.
 */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <stdio_ext.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "display.h"
#include "artifact.h"
#include "commit_time.h"
#include "formats.h"
#include "atomicfile.h"
#include "checkpoint.h"
#include "progress.h"
#include "rowqueue.h"
#include "store.h"
#include "strmap.h"
#include "util.h"
#include "workpool.h"

enum obj_type { T_NONE = 0, T_BLOB, T_TREE, T_COMMIT, T_TAG };
static const char *const type_names[] = { "missing", "blob", "tree", "commit", "tag" };

#define F_ENTRY_TARGET 1u
#define F_COMMIT_TREE 2u
#define F_SEEN 4u          /* its objects row has been read */
#define F_ENTRIES_SEEN 8u  /* tree_entries rows of this tree have begun */
#define F_GRAPH_REFUSED 16u /* its commit_graph row was reported and left out */
#define F_BAD_TYPE 32u     /* its objects row has a NULL or unknown type: reported, and not
                              "missing" again for each row that names it */

struct obj {
	uint8_t type;
	uint8_t flags;
	uint32_t commit;       /* index into commits[] of its commit_graph row, else UINT32_MAX */
	uint32_t tag;          /* tags that parsed: index into tags[], else UINT32_MAX */
	uint64_t pack_off;     /* trees: offset of entries in the scratch file */
	uint32_t nentries;
};

struct commit {
	uint32_t sha;
	uint32_t tree;
	uint32_t *parents;
	uint32_t nparents;
	/* with --commit-time-zone other than UTC: the zone's offset (seconds east of UTC) at
	   each commit_graph time, which the diff's output takes off (in the struct's padding) */
	int32_t authored_shift;
	long long graph_generation;
	long long generation;  /* computed; -1 until known */
	int has_object;
	int32_t committed_shift;
	/* author, committer, authored_at, committed_at and message of its commit_graph
	 * row, each NUL-terminated, in the commits scratch file (commit_meta_read()) */
	uint64_t meta_off;
	uint32_t meta_len;
	unsigned long long graph_line;
};

/* the text columns of one commit_graph row, read back from the commits scratch file */
struct commit_meta {
	const char *author, *committer, *authored_at, *committed_at, *message;
};

struct pack_entry {
	uint32_t path;
	uint32_t obj;
};

static struct strmap *shas, *paths;
static struct obj *objs;
static size_t objs_cap;
static struct commit *commits;
static size_t ncommits, commits_cap;
static int pack_fd = -1;
static uint64_t pack_size;
/* the commits scratch file: every commit_graph row's text columns (struct commit's meta_off),
 * so that memory does not grow with the length of the messages times the number of commits */
static int meta_fd = -1;
static uint64_t meta_size;
static char *meta_what;
static unsigned long n_problems, n_problems_printed;
/* the zone commit_graph's times were written in (--commit-time-zone; UTC by default) */
static struct commit_zone commit_zone;
static const char *export_dir;
/* 0 when the export left out the tree_entries cache (export --check-caches off, recorded in
 * export/source.json): tree entries are then parsed from the trees' content */
static int check_caches = 1;
static unsigned long long n_entries_from_content;
static unsigned long long chunk_rows = 50000;

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void problem(const char *fmt, ...)
{
	va_list ap;
	n_problems++;
	if (n_problems_printed >= 200)
		return;
	n_problems_printed++;
	va_start(ap, fmt);
	pga_verror(fmt, ap);
	va_end(ap);
}

/*
 * The first field of f[from..n) that is SQL NULL (the export writes it as an unquoted
 * empty field), or -1. The contract's columns are NOT NULL, and a store whose constraint
 * was dropped can hold a NULL that would otherwise pass for '': a blob's or the empty
 * tree's content, a commit message. A NULL is damage, reported by column.
 */
static int first_null(const struct csv_field *f, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++)
		if (f[i].is_null)
			return (int)i;
	return -1;
}

static uint32_t sha_id(const char *sha, size_t len)
{
	uint32_t id = strmap_intern(shas, sha, len, NULL);
	size_t old = objs_cap;
	ALLOC_GROW_ZERO(objs, (size_t)id + 1, objs_cap, 1024);
	for (size_t i = old; i < objs_cap; i++) {
		objs[i].commit = UINT32_MAX;
		objs[i].tag = UINT32_MAX;
	}
	return id;
}

static const char *sha_of(uint32_t id) { return strmap_key(shas, id); }

static char *artifact_path(const char *name) { return path_join(export_dir, name); }

/* ---- pass 1: commit_graph ---- */


/* Spills the five text columns of a commit_graph row (author, committer, authored_at,
 * committed_at, message: f[0..4]) to the commits scratch file, each with its NUL. */
static void commit_meta_write(struct commit *c, const struct csv_field *f)
{
	/* up to the first NUL, as a C string of the field is read everywhere else */
	size_t flen[5];
	uint64_t len = 0;
	for (int i = 0; i < 5; i++)
		len += (flen[i] = strlen(f[i].data)) + 1;
	if (len > UINT32_MAX)
		pga_die("commit %s: its commit_graph row's text columns are over 4 GiB", sha_of(c->sha));
	c->meta_off = meta_size;
	c->meta_len = (uint32_t)len;
	/* one write a row */
	static struct strbuf row = STRBUF_INIT;
	strbuf_reset(&row);
	for (int i = 0; i < 5; i++)
		strbuf_add(&row, f[i].data, flen[i] + 1);
	scratch_write(meta_fd, row.buf, row.len, meta_what);
	meta_size += len;
}

/* Reads commit c's text columns back into one buffer reused from call to call: the
 * pointers in m hold until the next call. */
static void commit_meta_read(const struct commit *c, struct commit_meta *m)
{
	static char *buf;
	static size_t cap;
	if (c->meta_len > cap) {
		free(buf);
		cap = c->meta_len;
		buf = xmalloc(cap);
	}
	scratch_read(meta_fd, buf, c->meta_len, c->meta_off, meta_what);
	const char **out[5] = { &m->author, &m->committer, &m->authored_at, &m->committed_at, &m->message };
	size_t at = 0;
	for (int i = 0; i < 5; i++) {
		const char *field = buf + at;
		const char *nul = memchr(field, '\0', c->meta_len - at);
		if (!nul)
			pga_die("%s: commit %s: its row is damaged (the disk?)", meta_what, sha_of(c->sha));
		*out[i] = field;
		at = (size_t)(nul - buf) + 1;
	}
}

static void read_commit_graph(void)
{
	char *path = artifact_path("commit_graph.csv.zst");
	struct artifact_reader *r = ar_open(path, export_graph_cols, NCOLS(export_graph_cols));
	struct csv_field *f;
	while (ar_next(r, &f)) {
		unsigned long long line = ar_line(r);
		if (!is_sha256_hex(f[0].data, f[0].len)) {
			problem("%s:%llu: commit_graph.commit_sha %s is not a SHA-256", path, line, dqn(f[0].data, f[0].len));
			continue;
		}
		/* a row reported here is left out: its commit object must then not be
		 * reported as having no row at all */
		uint32_t refused = sha_id(f[0].data, f[0].len);
		int nul = first_null(f, 1, NCOLS(export_graph_cols));
		if (nul >= 0) {
			problem("%s:%llu: commit %s: commit_graph.%s is NULL", path, line, f[0].data,
				export_graph_cols[nul]);
			objs[refused].flags |= F_GRAPH_REFUSED;
			continue;
		}
		if (!is_sha256_hex(f[2].data, f[2].len)) {
			problem("%s:%llu: commit %s: commit_graph.tree_sha %s is not a SHA-256", path, line,
				f[0].data, dqn(f[2].data, f[2].len));
			objs[refused].flags |= F_GRAPH_REFUSED;
			continue;
		}
		ALLOC_GROW(commits, ncommits + 1, commits_cap, 256);
		struct commit *c = &commits[ncommits];
		memset(c, 0, sizeof(*c));
		c->sha = sha_id(f[0].data, f[0].len);
		c->tree = sha_id(f[2].data, f[2].len);
		c->generation = -1;
		c->graph_line = line;
		if (objs[c->sha].commit != UINT32_MAX) {
			problem("%s:%llu: commit %s appears twice in commit_graph", path, line, f[0].data);
			continue;
		}
		json_error_t jerr;
		json_t *arr = json_loadb(f[1].data, f[1].len, 0, &jerr);
		if (!arr || !json_is_array(arr)) {
			problem("%s:%llu: commit %s: parent_shas is not an array", path, line, f[0].data);
			json_decref(arr);
			objs[c->sha].flags |= F_GRAPH_REFUSED;
			continue;
		}
		c->nparents = (uint32_t)json_array_size(arr);
		c->parents = xcalloc(c->nparents ? c->nparents : 1, sizeof(*c->parents));
		int ok = 1;
		for (uint32_t i = 0; i < c->nparents; i++) {
			const char *p = json_string_value(json_array_get(arr, i));
			if (!p || !is_sha256_hex(p, strlen(p))) {
				problem("%s:%llu: commit %s: parent %u of parent_shas, %s, is not a SHA-256", path, line,
					f[0].data, i + 1, p ? dq(p) : "NULL");
				ok = 0;
				break;
			}
			c->parents[i] = sha_id(p, strlen(p));
		}
		json_decref(arr);
		unsigned long long gen;
		if (ok && parse_u64(f[3].data, &gen) < 0) {
			problem("%s:%llu: commit %s: generation %s is not a number of 0 or more", path, line, f[0].data,
				dqn(f[3].data, f[3].len));
			ok = 0;
		}
		if (!ok) {
			free(c->parents);
			objs[c->sha].flags |= F_GRAPH_REFUSED;
			continue;
		}
		c->graph_generation = (long long)gen;
		commit_meta_write(c, f + 4);
		objs[c->sha].commit = (uint32_t)ncommits;
		objs[c->tree].flags |= F_COMMIT_TREE;
		ncommits++;
	}
	ar_close(r);
	free(path);
}

/* ---- pass 2: objects, merged with tree_entries ---- */


/*
 * One tree's tree_entries rows: their strings live in arena (one buffer reused for
 * every tree, not three allocations per row), at the offsets in offs (3 per row)
 * until the tree is complete and the pointers can be set.
 */
struct tree_rows {
	struct tree_entry *rows;
	size_t *offs;
	struct strbuf arena;
	size_t n, cap;
};

static void tree_rows_release(struct tree_rows *t)
{
	free(t->rows);
	free(t->offs);
	strbuf_release(&t->arena);
}

struct entries_stream {
	struct ar_prefetch *r;
	struct csv_field *f;
	unsigned long long line; /* of the row in f */
	int have;
	char *path;
	struct tree_rows t; /* the current tree's */
	char last_tree[65];
	struct strbuf last_path;
	int have_last_path;
};

/*
 * The next tree_entries row. The rows of a tree are contiguous and in path byte
 * order; the trees follow the order of the objects artifact (the export writes
 * both in the same order), which the merge in es_collect relies on.
 */
static void es_advance(struct entries_stream *es)
{
	es->have = arp_next(es->r, &es->f, &es->line);
	if (!es->have)
		return;
	struct csv_field *f = es->f;
	/* the tree of the row before was checked (last_tree is "" at the start) */
	int same_tree = f[0].len == SHA256_HEX_LEN && es->last_tree[0] &&
			memcmp(f[0].data, es->last_tree, SHA256_HEX_LEN) == 0;
	if ((!same_tree && !is_sha256_hex(f[0].data, f[0].len)) || !is_sha256_hex(f[3].data, f[3].len))
		pga_die("%s:%llu: tree_entries row has a malformed sha (tree %s, object %s)", es->path,
			es->line, f[0].is_null ? "NULL" : dqn(f[0].data, f[0].len),
			f[3].is_null ? "NULL" : dqn(f[3].data, f[3].len));
	const char *lp = es->last_path.buf;
	size_t ll = es->last_path.len;
	/* the export sorts each tree's rows; an equal path is no sorting fault but a row the
	 * source holds twice (its primary key dropped): damage, reported with the store's */
	if (same_tree && es->have_last_path && f[1].len == ll && memcmp(f[1].data, lp, ll) == 0)
		problem("%s:%llu: tree_entries has two rows of tree %s for path %s", es->path, es->line,
			f[0].data, dqn(f[1].data, f[1].len));
	else if (same_tree && es->have_last_path &&
		 (memcmp(f[1].data, lp, f[1].len < ll ? f[1].len : ll) < 0 ||
		  (f[1].len < ll && memcmp(f[1].data, lp, f[1].len) == 0)))
		pga_die("%s:%llu: tree_entries rows of tree %s are not in path byte order: re-run the export",
			es->path, es->line, f[0].data);
	if (!same_tree) {
		uint32_t tid = sha_id(f[0].data, SHA256_HEX_LEN);
		if (objs[tid].flags & F_ENTRIES_SEEN)
			pga_die("%s:%llu: the tree_entries rows of tree %s are not contiguous: re-run the export",
				es->path, es->line, f[0].data);
		objs[tid].flags |= F_ENTRIES_SEEN;
	}
	/* Without the cache the content's split refuses an empty path and a mode that is not
	 * digits (tree_entry_split()); such a cache row is refused too, or the two settings
	 * would accept different stores. No pgGit path ('<schema>.<name>', or a schema's
	 * name) is empty, and its modes are octal numbers ('100644'). */
	if (f[1].is_null || f[2].is_null)
		problem("%s:%llu: tree_entries row of tree %s has a NULL %s", es->path, es->line, f[0].data,
			f[1].is_null ? "path" : "mode");
	else if (f[1].len == 0)
		problem("%s:%llu: tree_entries row of tree %s has an empty path", es->path, es->line, f[0].data);
	else if (f[2].len == 0 || strspn(f[2].data, "0123456789") != f[2].len)
		problem("%s:%llu: tree_entries row (%s, %s) has mode %s, not a number like 100644", es->path,
			es->line, f[0].data, dqn(f[1].data, f[1].len), dqn(f[2].data, f[2].len));
	memcpy(es->last_tree, f[0].data, 65);
	strbuf_reset(&es->last_path);
	strbuf_add(&es->last_path, f[1].data, f[1].len);
	es->have_last_path = 1;
}

static void es_clear(struct entries_stream *es)
{
	strbuf_reset(&es->t.arena);
	es->t.n = 0;
}

/* Copy a field into the arena, NUL-terminated; returns its offset. */
static size_t es_keep(struct entries_stream *es, const struct csv_field *f)
{
	size_t off = es->t.arena.len;
	strbuf_add(&es->t.arena, f->data, f->len);
	strbuf_addch(&es->t.arena, '\0');
	return off;
}

/*
 * The export writes tree_entries and objects in one order: trees no commit uses first,
 * by sha, then the others by the first generation that uses them, then sha (OBJECTS_SQL
 * and cmp_tree_order() of export.c). first_g[id] is that generation for the trees of
 * commit_graph (-1: none), set once commit_graph is read.
 */
static long long *first_g;
static uint32_t first_g_n;

static void first_generations(void)
{
	first_g_n = strmap_count(shas);
	first_g = xmalloc(((size_t)first_g_n + 1) * sizeof(*first_g));
	for (uint32_t i = 0; i < first_g_n; i++)
		first_g[i] = -1;
	for (size_t i = 0; i < ncommits; i++) {
		long long *g = &first_g[commits[i].tree];
		if (*g < 0 || commits[i].graph_generation < *g)
			*g = commits[i].graph_generation;
	}
}

/* Whether tree a (SHA-256 hex) comes before tree b in that order. */
static int tree_sorts_before(const char *a, const char *b)
{
	uint32_t ia = strmap_find(shas, a, SHA256_HEX_LEN), ib = strmap_find(shas, b, SHA256_HEX_LEN);
	long long ga = ia < first_g_n ? first_g[ia] : -1, gb = ib < first_g_n ? first_g[ib] : -1;
	if ((ga >= 0) != (gb >= 0))
		return gb >= 0;
	if (ga != gb)
		return ga < gb;
	return strcmp(a, b) < 0;
}

/* Collect the rows of tree sha; rows of trees already read, or of trees that sort
 * before it (a tree_entries row of a tree that is not in objects: no later tree can
 * take them), are problems. sha NULL: report every row left (the end of the objects). */
static void es_collect(struct entries_stream *es, const char *sha)
{
	es_clear(es);
	while (es->have && (sha == NULL || strcmp(es->f[0].data, sha) != 0) &&
	       (sha == NULL || (objs[sha_id(es->f[0].data, SHA256_HEX_LEN)].flags & F_SEEN) ||
		tree_sorts_before(es->f[0].data, sha))) {
		const struct obj *o = &objs[sha_id(es->f[0].data, SHA256_HEX_LEN)];
		if (o->flags & F_BAD_TYPE)
			; /* its objects row was reported */
		else if ((o->flags & F_SEEN) && o->type != T_NONE && o->type != T_TREE)
			problem("%s:%llu: tree_entries row (%s, %s) belongs to %s, which is a %s, not a tree",
				es->path, es->line, es->f[0].data, dqn(es->f[1].data, es->f[1].len), es->f[0].data,
				type_names[o->type]);
		else
			problem("%s:%llu: tree_entries row (%s, %s) belongs to tree %s, which is not in objects "
				"(or not in the objects' order)",
				es->path, es->line, es->f[0].data, dqn(es->f[1].data, es->f[1].len), es->f[0].data);
		es_advance(es);
	}
	if (!sha)
		return;
	while (es->have && strcmp(es->f[0].data, sha) == 0) {
		if (es->t.n == es->t.cap) {
			ALLOC_GROW(es->t.rows, es->t.n + 1, es->t.cap, 64);
			es->t.offs = xreallocarray(es->t.offs, es->t.cap, 3 * sizeof(*es->t.offs));
		}
		size_t *o = &es->t.offs[es->t.n * 3];
		o[0] = es_keep(es, &es->f[1]);
		o[1] = es_keep(es, &es->f[2]);
		o[2] = es_keep(es, &es->f[3]);
		es->t.rows[es->t.n].path_len = es->f[1].len;
		es->t.rows[es->t.n].used = 0;
		es->t.n++;
		es_advance(es);
	}
	/* the arena no longer moves: point the rows into it */
	for (size_t i = 0; i < es->t.n; i++) {
		es->t.rows[i].path = es->t.arena.buf + es->t.offs[i * 3];
		es->t.rows[i].mode = es->t.arena.buf + es->t.offs[i * 3 + 1];
		es->t.rows[i].sha = es->t.arena.buf + es->t.offs[i * 3 + 2];
	}
}

static unsigned long long n_objects, n_blobs, n_trees, n_commit_objects, n_tags, n_entries;

/*
 * Annotated tags, as git writes them ("object SHA", "type TYPE", "tag NAME", ...):
 * what each one says it points at, checked once every object is known (the target
 * may come later in the artifact). A store has few tags; they are kept whole.
 */
struct tag_target {
	uint32_t id;      /* the tag object */
	char target[65];
	uint8_t claimed;  /* enum obj_type named by the "type" line */
	char *where;      /* artifact:line of the tag object */
};
static struct tag_target *tags;
static size_t ntags, tags_cap;

static enum obj_type obj_type_named(const char *s, size_t len)
{
	for (int t = T_BLOB; t <= T_TAG; t++)
		if (strlen(type_names[t]) == len && !memcmp(type_names[t], s, len))
			return (enum obj_type)t;
	return T_NONE;
}

/* The header of tag object id: "object SHA" first, a "type" line before the blank line. */
static void verify_tag_object(uint32_t id, const char *content, size_t len, const char *where)
{
	const char *sha = sha_of(id);
	const char *end = content + len;
	const char *nl = memchr(content, '\n', len);
	if (!nl || nl - content != 7 + 64 || memcmp(content, "object ", 7) != 0 || !is_sha256_hex(content + 7, 64)) {
		problem("%s: tag %s: not a tag object: its first line is not \"object <sha>\"", where, sha);
		return;
	}
	enum obj_type claimed = T_NONE;
	for (const char *line = nl + 1; line < end && *line != '\n';) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		if (!eol)
			eol = end;
		if (eol - line > 5 && !memcmp(line, "type ", 5)) {
			if (claimed != T_NONE) {
				problem("%s: tag %s: two \"type\" lines in its header", where, sha);
				return;
			}
			claimed = obj_type_named(line + 5, (size_t)(eol - line - 5));
			if (claimed == T_NONE)
				break;
		}
		line = eol + 1;
	}
	if (claimed == T_NONE) {
		problem("%s: tag %s: no \"type <commit|tree|blob|tag>\" line in its header", where, sha);
		return;
	}
	ALLOC_GROW(tags, ntags + 1, tags_cap, 16);
	struct tag_target *t = &tags[ntags];
	memcpy(t->target, content + 7, 64);
	t->target[64] = '\0';
	t->claimed = (uint8_t)claimed;
	t->id = id;
	t->where = xstrdup(where);
	objs[id].tag = (uint32_t)ntags++;
}

/*
 * diff/blobs.csv.zst: every blob that verified, with the export's objects
 * columns, in the objects artifact's order, so that classify reads 1% of the
 * objects artifact's bytes. Like every output of this stage it is published
 * only once the whole store has verified: until then the rows go, CSV-encoded
 * as the artifact writer encodes them (every field quoted, '"' doubled, SQL
 * NULL as an empty unquoted field: libcsv's csv_fwrite()), to an unlinked scratch
 * file through a small stdio buffer (a blob of any size is never copied whole), and blobs_publish()
 * copies them into the artifact. Same objects artifact, same bytes: a rerun
 * after a crash writes it again, identically.
 */
static int blobs_fd = -1;
static uint64_t blobs_size;
static unsigned long long n_blob_rows;
#define BLOBS_BUF (64 * 1024)

/* the scratch files' names for errors (a full disk): they are unlinked once open, so an
   error names the directory they were in and how they were called */
static char *pack_what, *blobs_what;

static void pack_write(const void *buf, size_t len)
{
	scratch_write(pack_fd, buf, len, pack_what);
	pack_size += len;
}

/* Rows go through a stdio stream on the scratch file, each field quoted by libcsv's
 * csv_fwrite() as it is written: no row is built in memory. */
static FILE *blobs_fp;

/* Dies naming the blobs scratch file when a write to it (or its flush) failed. */
static void blobs_check(int failed)
{
	if (failed)
		pga_die_errno("cannot write %s", blobs_what);
}

static void blobs_add_row(const struct csv_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			blobs_check(fputc(',', blobs_fp) == EOF);
		if (!f[i].is_null)
			blobs_check(csv_fwrite(blobs_fp, f[i].data, f[i].len) != 0);
	}
	blobs_check(fputc('\n', blobs_fp) == EOF);
	n_blob_rows++;
}

static void blobs_publish(const char *outdir)
{
	blobs_check(fflush(blobs_fp) != 0);
	off_t end = ftello(blobs_fp);
	blobs_check(end < 0);
	blobs_size = (uint64_t)end;
	char *path = path_join(outdir, "blobs.csv.zst");
	struct artifact_writer *w = aw_open(path, export_objects_cols, NCOLS(export_objects_cols));
	char *buf = xmalloc(BLOBS_BUF);
	for (uint64_t off = 0; off < blobs_size;) {
		size_t want = blobs_size - off < BLOBS_BUF ? (size_t)(blobs_size - off) : BLOBS_BUF;
		scratch_read(blobs_fd, buf, want, off, "the blobs scratch file");
		csvo_raw_bytes(aw_csv(w), buf, want);
		off += want;
	}
	csvo_add_rows(aw_csv(w), n_blob_rows);
	aw_commit(w, NULL);
	free(buf);
	free(path);
}

/* 0001-01-01 and 10000-01-01 UTC as unix epochs (proleptic Gregorian, as PostgreSQL counts) */
#define EPOCH_YEAR_1 (-62135596800LL)
#define EPOCH_YEAR_10000 253402300800LL

/*
 * Commit times off by a whole UTC offset (a nonzero multiple of 15 minutes, at most 14 h,
 * give or take the cache's fraction of a second), read as UTC: the mark of a store written
 * by a server whose TimeZone is not UTC. The first OFFSET_NAMED are reported at once; the
 * others are held back (up to 200) and reported at the end only when they are not nearly
 * every time of the store, which otherwise gets one hint instead (offset_hint()).
 */
#define OFFSET_NAMED 5
#define OFFSET_KINDS 8
static unsigned long long n_times_checked, n_times_offset;
static struct {
	long long offset;
	unsigned long long n;
} offset_kinds[OFFSET_KINDS];
static size_t n_offset_kinds;
static char *offset_held[200];
static size_t n_offset_held;

static void count_offset(long long offset)
{
	for (size_t i = 0; i < n_offset_kinds; i++)
		if (offset_kinds[i].offset == offset) {
			offset_kinds[i].n++;
			return;
		}
	if (n_offset_kinds < OFFSET_KINDS) {
		offset_kinds[n_offset_kinds].offset = offset;
		offset_kinds[n_offset_kinds++].n = 1;
	}
}

/* The message for a commit_graph time that is not the commit's epoch (caller frees). */
static char *time_disagreement(const char *where, const char *sha, const char *col, const char *s, long long epoch)
{
	return xasprintf("%s: commit %s: commit_graph.%s %s disagrees with the commit's epoch %lld", where, sha, col,
			 dv(s), epoch);
}

static void report_time_disagreement(const char *where, const char *sha, const char *col, const char *s,
				     long long epoch)
{
	char *m = time_disagreement(where, sha, col, s, epoch);
	problem("%s", m);
	free(m);
}

/*
 * A commit_graph time s (column col) against the commit text's epoch: they agree when s,
 * read in commit_zone, is within a second of the epoch (the text holds whole seconds, the
 * cache the transaction's timestamp). In the hour a clock is set back a wall-clock time
 * stands for two instants: either may be the commit's. *shift gets the zone's offset at
 * the instant that agreed (the diff's output is in UTC).
 */
static void check_commit_time(const char *where, const char *sha, const char *col, const char *s, long long epoch,
			      int32_t *shift)
{
	n_times_checked++;
	*shift = 0;
	if (commit_zone_is_utc(&commit_zone)) {
		double t;
		int parsed = parse_utc_timestamp(s, &t) == 0;
		if (parsed && t - (double)epoch < 1.0 && (double)epoch - t < 1.0)
			return;
		double d = parsed ? t - (double)epoch : 0.0, whole = 900.0 * round(d / 900.0);
		if (!parsed || whole == 0 || fabs(whole) > 14 * 3600.0 || fabs(d - whole) >= 1.0) {
			report_time_disagreement(where, sha, col, s, epoch);
			return;
		}
		n_times_offset++;
		count_offset((long long)whole);
		if (n_times_offset <= OFFSET_NAMED) {
			report_time_disagreement(where, sha, col, s, epoch);
		} else {
			n_problems++;
			if (n_offset_held < sizeof(offset_held) / sizeof(offset_held[0]))
				offset_held[n_offset_held++] = time_disagreement(where, sha, col, s, epoch);
		}
		return;
	}
	long long naive, utc[2];
	const char *frac_at;
	if (parse_wall_timestamp(s, &naive, &frac_at) < 0) {
		report_time_disagreement(where, sha, col, s, epoch);
		return;
	}
	double frac = *frac_at ? strtod(frac_at, NULL) : 0.0;
	int n = commit_zone_to_utc(&commit_zone, naive, utc);
	if (n == 0) {
		problem("%s: commit %s: commit_graph.%s %s is a time the clocks of %s skipped (set forward), so no "
			"instant; the commit's epoch is %lld",
			where, sha, col, dv(s), commit_zone.spec, epoch);
		return;
	}
	for (int i = 0; i < n; i++) {
		double t = (double)utc[i] + frac;
		if (t - (double)epoch < 1.0 && (double)epoch - t < 1.0) {
			*shift = (int32_t)(naive - utc[i]);
			return;
		}
	}
	problem("%s: commit %s: commit_graph.%s %s (in %s: epoch %lld%s) disagrees with the commit's epoch %lld", where,
		sha, col, dv(s), commit_zone.spec, utc[0], n == 2 ? " or the hour after" : "", epoch);
}

/*
 * A commit_graph time written in commit_zone as UTC text, shift (the zone's offset at its
 * instant, found by check_commit_time()) taken off: the same form and fraction. The
 * buffer is reused by the next call but one.
 */
static const char *utc_text(const char *s, int32_t shift, const struct commit *c)
{
	static char bufs[2][64];
	static int next;
	char *out = bufs[next];
	next ^= 1;
	long long naive;
	const char *frac_at;
	if (parse_wall_timestamp(s, &naive, &frac_at) < 0 ||
	    format_moved_timestamp(s, naive - shift, out, sizeof(bufs[0])) < 0)
		pga_die("commit %s: commit_graph time %s cannot be written as UTC", sha_of(c->sha), dv(s));
	return out;
}

/* "+01:00", "-05:30", "+00:00:30": an offset in seconds as the hint names it */
static void offset_text(long long off, char *buf, size_t len)
{
	long long a = off < 0 ? -off : off;
	if (a % 60)
		snprintf(buf, len, "%c%02lld:%02lld:%02lld", off < 0 ? '-' : '+', a / 3600, a / 60 % 60, a % 60);
	else
		snprintf(buf, len, "%c%02lld:%02lld", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

/*
 * At the end of the verification, with the zone UTC: when nearly every commit time (nine
 * in ten or more) is off by a whole offset, one message says what that means and what to
 * do; the store is still refused. Otherwise the held-back disagreements are reported one
 * by one, like any other.
 */
static void offset_hint(void)
{
	if (n_times_offset && n_times_offset * 10 >= n_times_checked * 9) {
		struct strbuf kinds = STRBUF_INIT;
		for (size_t i = 0; i < n_offset_kinds; i++) {
			char off[32];
			offset_text(offset_kinds[i].offset, off, sizeof(off));
			strbuf_addf(&kinds, "%s%s on %llu", i ? ", " : "", off, offset_kinds[i].n);
		}
		char first[32];
		offset_text(offset_kinds[0].offset, first, sizeof(first));
		pga_error("%s commit_graph time (authored_at, committed_at) is a whole UTC offset away from its commit's "
			  "epoch (%s of %llu times; the first %d are named above): the store was probably written by a "
			  "pgGit server whose TimeZone is not UTC. Rerun with COMMIT_TIME_ZONE set to that server's "
			  "TimeZone (SHOW TimeZone on the source, as it prints it; an IANA name such as Europe/Berlin follows its daylight "
			  "saving time%s; diff option --commit-time-zone; docs/hostile-input.md, \"Commit times in "
			  "another zone\")",
			  n_times_offset == n_times_checked ? "every" : "nearly every", kinds.buf, n_times_checked,
			  OFFSET_NAMED, n_offset_kinds == 1 ? "" : ", which these several offsets suggest");
		if (n_offset_kinds == 1)
			pga_error("a server at the fixed offset: COMMIT_TIME_ZONE=%s", first);
		strbuf_release(&kinds);
	} else {
		for (size_t i = 0; i < n_offset_held; i++)
			if (n_problems_printed < 200) {
				n_problems_printed++;
				pga_error("%s", offset_held[i]);
			}
	}
	for (size_t i = 0; i < n_offset_held; i++)
		free(offset_held[i]);
	n_offset_held = 0;
}

/* A scratch file in the output directory, unlinked at once: nothing to clean up after a crash. */
static void verify_commit_object(uint32_t id, const char *content, size_t len, const char *where)
{
	struct commit_text ct;
	char err[512];
	const char *sha = sha_of(id);
	if (commit_text_parse(content, len, &ct, err, sizeof(err)) < 0) {
		problem("%s: malformed commit object %s: %s", where, sha, err);
		return;
	}
	uint32_t ci = objs[id].commit;
	if (ci == UINT32_MAX) {
		if (!(objs[id].flags & F_GRAPH_REFUSED))
			problem("%s: commit %s has no commit_graph row", where, sha);
		commit_text_release(&ct);
		return;
	}
	struct commit *c = &commits[ci];
	struct commit_meta m;
	commit_meta_read(c, &m);
	if (strcmp(ct.tree, sha_of(c->tree)) != 0)
		problem("%s: commit %s: commit_graph.tree_sha %s disagrees with the commit's tree %s", where, sha,
			sha_of(c->tree), dv(ct.tree));
	int parents_ok = ct.nparents == c->nparents;
	for (size_t i = 0; parents_ok && i < ct.nparents; i++)
		parents_ok = strcmp(ct.parents[i], sha_of(c->parents[i])) == 0;
	if (!parents_ok)
		problem("%s: commit %s: commit_graph.parent_shas disagrees with the commit's parent lines", where, sha);
	if (strcmp(ct.author, m.author) != 0)
		problem("%s: commit %s: commit_graph.author %s disagrees with the commit's %s", where, sha,
			dq(m.author), dq(ct.author));
	if (strcmp(ct.committer, m.committer) != 0)
		problem("%s: commit %s: commit_graph.committer %s disagrees with the commit's %s", where, sha,
			dq(m.committer), dq(ct.committer));
	if (strcmp(ct.message, m.message) != 0)
		problem("%s: commit %s: commit_graph.message disagrees with the commit's message", where, sha);
	/* The export writes timestamps as YYYY-MM-DD..., which has no era and four digits of year:
	 * a time outside the years 1-9999 would be read back as another one (docs/design.md). */
	if (ct.author_epoch < EPOCH_YEAR_1 || ct.author_epoch >= EPOCH_YEAR_10000 ||
	    ct.committer_epoch < EPOCH_YEAR_1 || ct.committer_epoch >= EPOCH_YEAR_10000) {
		problem("%s: commit %s: its author or committer time (epoch %lld, %lld) lies outside the years "
			"1-9999, which the audit trail's timestamps cannot hold", where, sha, ct.author_epoch,
			ct.committer_epoch);
		commit_text_release(&ct);
		return;
	}
	check_commit_time(where, sha, "authored_at", m.authored_at, ct.author_epoch, &c->authored_shift);
	check_commit_time(where, sha, "committed_at", m.committed_at, ct.committer_epoch, &c->committed_shift);
	commit_text_release(&ct);
}

static int cmp_u32_path(const void *a, const void *b)
{
	const struct pack_entry *x = a, *y = b;
	const char *p = strmap_key(paths, x->path), *q = strmap_key(paths, y->path);
	size_t pl = strmap_keylen(paths, x->path), ql = strmap_keylen(paths, y->path);
	size_t n = pl < ql ? pl : ql;
	int c = memcmp(p, q, n);
	return c ? c : (pl < ql ? -1 : pl > ql);
}

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen < blen ? -1 : alen > blen);
}

/*
 * The previous tree's cache rows (their buffers, swapped with the entries
 * stream's once a tree is done) and their ids: a tree is nearly its parent's,
 * and a row whose path (and sha) equals the previous tree's row at the same
 * place in path order takes its ids without two hash lookups (with the
 * cross-check on they were a tenth of the main thread's CPU). Only equal bytes
 * decide, so the result never depends on which tree came before. A tree whose
 * rows take more than PREV_ROWS_MAX is not kept (a wide schema's trees, 100,000
 * entries and 17 MB each, would add that much to the peak; trees of 1,000 to 2,000
 * entries take 0.2 to 0.4 MB).
 */
#define PREV_ROWS_MAX (4u << 20)
static struct tree_rows prev_rows;
static struct pack_entry *prev_ids; /* of prev_rows' rows */

static void verify_tree_object(uint32_t id, const struct strbuf *raw, struct entries_stream *es,
			       const char *where)
{
	char err[512];
	const char *sha = sha_of(id);
	if (tree_raw_match(raw->buf, raw->len, es->t.rows, es->t.n, err, sizeof(err)) < 0)
		problem("%s: tree %s: tree_entries disagree with the tree's content: %s", where, sha, err);
	struct pack_entry *pe = xcalloc(es->t.n ? es->t.n : 1, sizeof(*pe));
	size_t j = 0; /* the previous tree's first row whose path is not before this row's */
	for (size_t i = 0; i < es->t.n; i++) {
		const struct tree_entry *r = &es->t.rows[i];
		int c = 1;
		while (j < prev_rows.n &&
		       (c = cmp_bytes(prev_rows.rows[j].path, prev_rows.rows[j].path_len, r->path, r->path_len)) < 0)
			j++;
		if (j < prev_rows.n && c == 0) {
			pe[i].path = prev_ids[j].path;
			pe[i].obj = memcmp(prev_rows.rows[j].sha, r->sha, SHA256_HEX_LEN) == 0 ?
					    prev_ids[j].obj :
					    sha_id(r->sha, SHA256_HEX_LEN);
		} else {
			pe[i].path = strmap_intern(paths, r->path, r->path_len, NULL);
			pe[i].obj = sha_id(r->sha, SHA256_HEX_LEN);
		}
		objs[pe[i].obj].flags |= F_ENTRY_TARGET;
	}
	objs[id].pack_off = pack_size;
	objs[id].nentries = (uint32_t)es->t.n;
	pack_write(pe, es->t.n * sizeof(*pe));
	n_entries += es->t.n;
	if (es->t.arena.len > PREV_ROWS_MAX) {
		/* a tree this large is not kept for the next one: memory stays what it was */
		prev_rows.n = 0;
		free(pe);
		return;
	}
	/* this tree becomes the previous one; the stream reuses the older buffers */
	struct tree_rows older = prev_rows;
	prev_rows = es->t;
	es->t = older;
	es->t.n = 0;
	free(prev_ids);
	prev_ids = pe;
}

/*
 * Trees without the cache (export --check-caches off): each tree's entries are
 * split from its content (tree_entry_split(), store.h, states the rule). Trees
 * of consecutive commits are near-identical, and with the export's history
 * order the tree read before is usually the parent's or a sibling's: an entry
 * whose bytes are identical to an entry of the previous tree split takes that
 * entry's path and object ids without interning (two hash lookups per entry
 * were a quarter of this stage's CPU). Only the bytes decide: a reused entry
 * is one that splits the same way (same bytes, and a valid entry boundary after
 * them, see same_entry_at()), so the order of the trees changes the speed, never
 * the result.
 */
struct split_entry {
	uint32_t off, len;           /* the entry's bytes in its tree's content (< 1 GB: PostgreSQL's limit) */
	uint32_t path_off, path_len; /* the path, relative to off */
	uint32_t path, obj;        /* interned ids */
	uint32_t prev;             /* index of the byte-identical entry of the previous tree, or UINT32_MAX */
};

struct split_tree {
	struct split_entry *e;     /* in content order */
	size_t n, cap;
	int sorted;                /* the content order is strictly increasing path byte order */
};

static struct split_tree prev_tree, cur_tree;
/* the previous tree's content (swapped with read_objects' decoding buffer, not copied) */
static struct strbuf prev_raw = STRBUF_INIT;
/* per path id: its index in prev_tree (valid only if prev_tree.e[i].path is that id) */
static uint32_t *path_in_prev;
static size_t path_in_prev_cap;
static unsigned long long n_entries_reused;

/*
 * 1 if the entry o of the previous tree occurs byte for byte at raw[p..) and
 * is followed by the end or the start of an entry: then the rule splits it
 * there exactly as it did in the previous tree (no earlier '|' of the path can
 * close it: that decision reads only bytes inside the entry).
 */
static int same_entry_at(const char *raw, size_t len, size_t p, const struct split_entry *o)
{
	return o->len <= len - p && memcmp(raw + p, prev_raw.buf + o->off, o->len) == 0 &&
	       (p + o->len == len || tree_starts_entry(raw, len, p + o->len));
}

static uint32_t prev_index_of_path(uint32_t path)
{
	if (path >= path_in_prev_cap)
		return UINT32_MAX;
	uint32_t k = path_in_prev[path];
	return k < prev_tree.n && prev_tree.e[k].path == path ? k : UINT32_MAX;
}

/*
 * Split raw (len bytes) into cur_tree.e, in content order, walking the previous
 * tree's entries in lockstep: the next previous entry is tried first; on a
 * mismatch the entry is split by the rule, its path interned, and the walk
 * resumes after that path's entry in the previous tree (if it has it).
 * Returns 0, or -1 with err set.
 */
static int split_tree_content(const char *raw, size_t len, char *err, size_t errlen)
{
	struct split_tree *cur = &cur_tree;
	size_t p = 0, j = 0;
	cur->n = 0;
	if (len > UINT32_MAX) { /* not a PostgreSQL value (1 GB at most) */
		snprintf(err, errlen, "content of %zu bytes is too large", len);
		return -1;
	}
	while (p < len) {
		ALLOC_GROW(cur->e, cur->n + 1, cur->cap, 1024);
		struct split_entry *e = &cur->e[cur->n];
		if (j < prev_tree.n && same_entry_at(raw, len, p, &prev_tree.e[j])) {
			*e = prev_tree.e[j];
			e->off = (uint32_t)p;
			e->prev = (uint32_t)j++;
			p += e->len;
			cur->n++;
			n_entries_reused++;
			continue;
		}
		struct tree_split sp;
		if (tree_entry_split(raw, len, p, &sp, err, errlen) < 0)
			return -1;
		e->off = (uint32_t)p;
		e->len = (uint32_t)(sp.end - p);
		e->path_off = (uint32_t)(sp.path - p);
		e->path_len = (uint32_t)sp.path_len;
		e->path = strmap_intern(paths, raw + sp.path, sp.path_len, NULL);
		e->prev = UINT32_MAX;
		uint32_t k = prev_index_of_path(e->path);
		if (k != UINT32_MAX) {
			const struct split_entry *o = &prev_tree.e[k];
			if (o->len == e->len && memcmp(raw + p, prev_raw.buf + o->off, o->len) == 0) {
				e->obj = o->obj;
				e->prev = k;
				n_entries_reused++;
			}
			j = (size_t)k + 1;
		}
		if (e->prev == UINT32_MAX)
			e->obj = sha_id(raw + sp.sha, SHA256_HEX_LEN);
		p = sp.end;
		cur->n++;
	}
	return 0;
}

/*
 * A tree_digests row to match (the fast path of the cross-check, docs/design.md "The
 * tree_entries digests"): the tree's row count and the digest of its rows ("" when the
 * export could not compute one).
 */
struct digest_want {
	unsigned long long rows;
	const char *digest;
};

/* the content being sorted by cmp_split_path() (qsort has no context argument) */
static const char *sort_raw;

static int cmp_split_path(const void *pa, const void *pb)
{
	const struct split_entry *a = &cur_tree.e[*(const uint32_t *)pa], *b = &cur_tree.e[*(const uint32_t *)pb];
	return cmp_bytes(sort_raw + a->off + a->path_off, a->path_len, sort_raw + b->off + b->path_off, b->path_len);
}

/*
 * Whether the split entries of raw, in path byte order (order[], NULL: content order),
 * have the row count and digest of want: the digest of the rows "PATH,MODE,SHA" the
 * cache would hold for them (tree_digest_add()).
 */
static int digest_matches(const char *raw, const uint32_t *order, size_t n, const struct digest_want *want)
{
	if (n != want->rows)
		return 0;
	if (n == 0) /* a tree without entries has no rows, and no digest row */
		return 1;
	if (strlen(want->digest) != SHA256_HEX_LEN)
		return 0;
	struct tree_digest enc;
	tree_digest_init(&enc);
	for (size_t i = 0; i < n; i++) {
		const struct split_entry *e = &cur_tree.e[order ? order[i] : i];
		const char *at = raw + e->off;
		/* MODE ' ' PATH '|' SHA '|': the row's tail is ",MODE,SHA" */
		tree_digest_entry(&enc, at + e->path_off, e->path_len, at, e->path_off - 1,
				  at + e->len - SHA256_HEX_LEN - 1);
	}
	sha256_hex_t d;
	tree_digest_finish(&enc, d);
	return strcmp(d, want->digest) == 0;
}

/*
 * A tree's entries from its content, in path byte order (the writer's collation
 * ordered the content; the diff merges in byte order), spilled to the scratch file.
 * The split tree then becomes the previous one; *raw receives the previous tree's
 * buffer to decode the next tree into.
 * want NULL (no cache to check): a content that does not split is a problem; returns 0.
 * want non-NULL (the digests' fast path): returns 0 when the entries have want's row
 * count and digest, and -1, reporting nothing and keeping nothing (raw untouched), when
 * they do not or the content does not split: the caller then checks the cache's rows.
 */
static int tree_from_content(uint32_t id, struct strbuf *raw, const char *where, const struct digest_want *want)
{
	char err[512];
	if (split_tree_content(raw->buf, raw->len, err, sizeof(err)) < 0) {
		if (want)
			return -1;
		problem("%s: tree %s: its content does not split into entries: %s", where, sha_of(id), err);
		return 0;
	}
	struct split_tree *cur = &cur_tree;
	size_t n = cur->n;
	/* already in byte order? (a C-collation writer): a linear check, no sort. Two entries
	 * that are consecutive entries of a sorted previous tree are in order without a look. */
	int sorted = 1;
	for (size_t i = 1; i < n && sorted; i++) {
		const struct split_entry *a = &cur->e[i - 1], *b = &cur->e[i];
		if (prev_tree.sorted && b->prev != UINT32_MAX && a->prev != UINT32_MAX && b->prev == a->prev + 1)
			continue;
		sorted = cmp_bytes(raw->buf + a->off + a->path_off, a->path_len, raw->buf + b->off + b->path_off,
				   b->path_len) < 0;
	}
	struct pack_entry *pe = xmalloc((n ? n : 1) * sizeof(*pe));
	if (want) {
		uint32_t *order = NULL;
		if (!sorted) {
			order = xmalloc((n ? n : 1) * sizeof(*order));
			for (size_t i = 0; i < n; i++)
				order[i] = (uint32_t)i;
			sort_raw = raw->buf;
			qsort(order, n, sizeof(*order), cmp_split_path);
		}
		int ok = 1;
		for (size_t i = 1; order && i < n && ok; i++) /* a path twice: the cache rows decide */
			ok = cur->e[order[i]].path != cur->e[order[i - 1]].path;
		ok = ok && digest_matches(raw->buf, order, n, want);
		for (size_t i = 0; ok && i < n; i++) {
			pe[i].path = cur->e[order ? order[i] : i].path;
			pe[i].obj = cur->e[order ? order[i] : i].obj;
		}
		free(order);
		if (!ok) {
			free(pe);
			return -1;
		}
		n_entries += n;
	} else {
		for (size_t i = 0; i < n; i++) {
			pe[i].path = cur->e[i].path;
			pe[i].obj = cur->e[i].obj;
		}
		if (!sorted) {
			qsort(pe, n, sizeof(*pe), cmp_u32_path);
			for (size_t i = 1; i < n; i++)
				if (pe[i].path == pe[i - 1].path) {
					problem("%s: tree %s: its content does not split into entries: path %s appears twice",
						where, sha_of(id),
						dqn(strmap_key(paths, pe[i].path), strmap_keylen(paths, pe[i].path)));
					free(pe);
					return 0;
				}
		}
		n_entries_from_content += n;
	}
	/* a reused entry's object was marked when its first occurrence was */
	for (size_t i = 0; i < n; i++)
		if (cur->e[i].prev == UINT32_MAX)
			objs[cur->e[i].obj].flags |= F_ENTRY_TARGET;
	objs[id].pack_off = pack_size;
	objs[id].nentries = (uint32_t)n;
	pack_write(pe, n * sizeof(*pe));
	free(pe);

	/* this tree becomes the previous one */
	cur->sorted = sorted;
	struct split_tree t = prev_tree;
	prev_tree = *cur;
	*cur = t;
	struct strbuf b = prev_raw;
	prev_raw = *raw;
	*raw = b;
	uint32_t npaths = strmap_count(paths);
	size_t old = path_in_prev_cap;
	ALLOC_GROW(path_in_prev, npaths, path_in_prev_cap, 1024);
	for (size_t i = old; i < path_in_prev_cap; i++)
		path_in_prev[i] = UINT32_MAX;
	for (size_t i = 0; i < n; i++)
		path_in_prev[prev_tree.e[i].path] = (uint32_t)i;
	return 0;
}

static void split_trees_release(void)
{
	strbuf_release(&prev_raw);
	free(prev_tree.e);
	free(cur_tree.e);
	free(path_in_prev);
}

/*
 * The objects artifact (and tree_entries) are decompressed and parsed on a
 * thread of their own (common/rowqueue.h): that is half of this pass's CPU,
 * and it overlaps with the hashing and splitting here. Each reader runs at
 * most this many bytes of rows ahead (a bigger row is lent, not copied).
 */
#define READ_AHEAD_BYTES (8u << 20)
/* 0 with one CPU or PGGIT_AUDIT_THREADS=1: everything on one thread, as before */
static size_t read_ahead = READ_AHEAD_BYTES;

/*
 * The fast path of the cross-check (docs/design.md, "The tree_entries digests"): with
 * export/tree_digests.csv.zst bound to this tree_entries artifact, a tree whose content's
 * entries have its row count and digest has exactly those rows, and tree_entries is not
 * parsed. At the first disagreement of any kind the diff reads tree_entries from its first
 * row, skips (with every check) the rows of the trees that matched, and from that tree on
 * does the exact check on every row, with the messages it always gave.
 */
struct matched_tree {
	uint32_t tree;
	unsigned long long rows, line; /* line: of its digest row */
};

struct digests_stream {
	int active;
	struct ar_prefetch *r;
	struct csv_field *f;
	unsigned long long line;
	int have;
	struct artifact_reader *entries; /* tree_entries, opened and checked, not read yet */
	unsigned long long confirmed;    /* rows of tree_entries the matched trees hold */
	unsigned long long taken;        /* rows of the digest row just taken */
	uint32_t taken_tree;
	char *path;
	struct matched_tree *matched;    /* the trees that matched, in order */
	size_t nmatched, matched_cap;
};
static struct digests_stream ds;
static unsigned long long n_trees_by_digest;

static void ds_close(void)
{
	if (ds.r)
		arp_close(ds.r);
	ds.r = NULL;
	ds.active = 0;
	free(ds.path);
	ds.path = NULL;
	free(ds.matched);
	ds.matched = NULL;
}

/* Open the digests (0: none, the export predates them, or they have no rows while tree_entries has). */
static int ds_open(struct artifact_reader *entries)
{
	char *path = artifact_path("tree_digests.csv.zst");
	if (access(path, F_OK) != 0) {
		free(path);
		return 0;
	}
	memset(&ds, 0, sizeof(ds));
	ds.path = path;
	ds.r = arp_start(ar_open(path, export_digests_cols, NCOLS(export_digests_cols)), 0);
	ds.have = arp_next(ds.r, &ds.f, &ds.line);
	/* an export with tree_entries rows has digests of them */
	if (!ds.have) {
		if (ar_rows_expected(entries))
			pga_warn("%s does not describe %s: its rows are checked in full", path, ar_path(entries));
		ds_close();
		return 0;
	}
	ds.entries = entries;
	ds.active = 1;
	return 1;
}

/*
 * The digest row of tree sha: 1 with *want set (the row is taken), 0 when the digests
 * have no row for it (a tree without rows), -1 on a row the fast path cannot take: a row
 * of a tree already read or that sorts before sha (no tree in objects in that place), or
 * a row that does not parse.
 */
static int ds_take(const char *sha, struct digest_want *want)
{
	ds.taken = 0;
	if (!ds.have)
		return 0;
	struct csv_field *f = ds.f;
	unsigned long long rows;
	if (!is_sha256_hex(f[0].data, f[0].len) || parse_u64(f[1].data, &rows) < 0 || rows == 0)
		return -1;
	if (sha && strcmp(f[0].data, sha) == 0) {
		want->rows = rows;
		want->digest = f[2].data; /* valid until the next row is read */
		ds.taken = rows;
		ds.taken_tree = sha_id(f[0].data, SHA256_HEX_LEN);
		return 1;
	}
	if (sha == NULL || (objs[sha_id(f[0].data, SHA256_HEX_LEN)].flags & F_SEEN) || tree_sorts_before(f[0].data, sha))
		return -1;
	return 0;
}

/* The digest row taken agreed: on to the next. */
static void ds_confirm(void)
{
	if (!ds.taken)
		return;
	ds.confirmed += ds.taken;
	ALLOC_GROW(ds.matched, ds.nmatched + 1, ds.matched_cap, 1024);
	ds.matched[ds.nmatched++] = (struct matched_tree){ ds.taken_tree, ds.taken, ds.line };
	ds.taken = 0;
	n_trees_by_digest++;
	ds.have = arp_next(ds.r, &ds.f, &ds.line);
}

/*
 * A disagreement: read tree_entries from here on, as without digests. Its rows up to
 * the disagreeing tree's go through es_advance() (every check of a row, the trees
 * marked as seen), then the caller collects that tree's rows.
 */
static void ds_fall_back(struct entries_stream *es, const char *epath, const char *sha)
{
	char at[64] = "";
	if (ds.have)
		snprintf(at, sizeof(at), ":%llu", ds.line);
	pga_info("tree_entries: the digests disagree at %s%s (%s%s): the rows from there on are checked in full",
		 sha ? "tree " : "the end", sha ? sha : "", ds.path, at);
	es->r = arp_start(ds.entries, read_ahead);
	ds.entries = NULL;
	es->path = (char *)epath;
	es_advance(es);
	/* the rows of the matched trees are where the digests say, or the artifact is not the
	   one the export digested (both are checked against their sidecars: altered since) */
	for (size_t t = 0; t < ds.nmatched; t++) {
		const struct matched_tree *m = &ds.matched[t];
		for (unsigned long long k = 0; k < m->rows; k++) {
			if (!es->have)
				pga_die("%s: tree_entries ends within the %llu rows of tree %s that %s:%llu describes: "
					"the artifacts are not those of one export", es->path, m->rows, sha_of(m->tree),
					ds.path, m->line);
			if (strcmp(es->f[0].data, sha_of(m->tree)) != 0)
				pga_die("%s:%llu: tree_entries does not hold the %llu rows of tree %s that %s:%llu "
					"describes: the artifacts are not those of one export",
					es->path, es->line, m->rows, sha_of(m->tree), ds.path, m->line);
			es_advance(es);
		}
	}
	ds_close();
}

/* The rows of tree sha when its content is not checked against them (the content is damaged). */
static void skip_tree_rows(struct entries_stream *es, const char *epath, const char *sha)
{
	struct digest_want want;
	if (ds.active) {
		if (ds_take(sha, &want) >= 0) {
			ds_confirm();
			return;
		}
		ds_fall_back(es, epath, sha);
	}
	es_collect(es, sha);
}

static void read_objects(void)
{
	char *opath = artifact_path("objects.csv.zst");
	char *epath = artifact_path("tree_entries.csv.zst");
	struct artifact_reader *ar = ar_open(opath, export_objects_cols, NCOLS(export_objects_cols));
	progress_phase("objects (verify)", ar_rows_expected(ar));
	struct ar_prefetch *r = arp_start(ar, read_ahead);
	struct entries_stream es;
	memset(&es, 0, sizeof(es));
	strbuf_init(&es.t.arena, 1 << 16);
	strbuf_init(&prev_rows.arena, 1 << 16);
	strbuf_init(&es.last_path, 256);
	if (check_caches) {
		struct artifact_reader *entries = ar_open(epath, export_entries_cols, NCOLS(export_entries_cols));
		if (!ds_open(entries)) {
			es.r = arp_start(entries, read_ahead);
			es.path = epath;
			es_advance(&es);
		}
	}
	struct strbuf raw = STRBUF_INIT;
	struct csv_field *f;
	unsigned long long line;
	char where[600];
	while (arp_next(r, &f, &line)) {
		unsigned long problems_before = n_problems;
		snprintf(where, sizeof(where), "%s:%llu", opath, line);
		const char *sha = f[0].data;
		if (!is_sha256_hex(sha, f[0].len)) {
			problem("%s: object sha %s is not 64 lowercase hex digits", where, dqn(sha, f[0].len));
			continue;
		}
		n_objects++;
		progress_rows(1);
		uint32_t id = sha_id(sha, SHA256_HEX_LEN);
		if (objs[id].flags & F_SEEN) {
			problem("%s: object %s appears twice in objects", where, sha);
			continue;
		}
		objs[id].flags |= F_SEEN;
		enum obj_type t = T_NONE;
		for (int k = 1; k <= 4; k++)
			if (strcmp(f[1].data, type_names[k]) == 0)
				t = (enum obj_type)k;
		if (t == T_NONE) {
			if (f[1].is_null)
				problem("%s: object %s: type is NULL", where, sha);
			else
				problem("%s: object %s has unknown type %s (expected blob, tree, commit or tag)", where,
					sha, dqn(f[1].data, f[1].len));
			objs[id].flags |= F_BAD_TYPE;
			continue;
		}
		objs[id].type = (uint8_t)t;
		/* The commit_graph row has its object even when that object's content is then found
		 * damaged (NULL, not UTF-8, not parseable): only that damage is to be reported, not a
		 * missing object besides it. */
		if (t == T_COMMIT && objs[id].commit != UINT32_MAX)
			commits[objs[id].commit].has_object = 1;
		unsigned long long size;
		if (f[2].is_null || parse_u64(f[2].data, &size) < 0) {
			if (f[2].is_null)
				problem("%s: object %s: size is NULL", where, sha);
			else
				problem("%s: object %s: size %s is not a number", where, sha, dqn(f[2].data, f[2].len));
			continue;
		}
		if (f[3].is_null) {
			problem("%s: %s %s: content is NULL (not the empty text its sha may be of)", where, type_names[t],
				sha);
			if (t == T_TREE && check_caches)
				skip_tree_rows(&es, epath, sha);
			continue;
		}
		const char *payload = f[3].data;
		size_t plen = f[3].len;
		if (t == T_TREE) {
			strbuf_reset(&raw);
			size_t bad_b64 = 0;
			if (tree_decode_base64(f[3].data, f[3].len, &raw, &bad_b64) < 0) {
				problem("%s: tree %s: content is not valid base64 (byte %zu of the content)", where, sha,
					bad_b64);
				if (check_caches)
					skip_tree_rows(&es, epath, sha);
				continue;
			}
			payload = raw.buf;
			plen = raw.len;
		}
		size_t bad = 0;
		long long chars = utf8_char_count(payload, plen, &bad);
		if (chars < 0) {
			problem("%s: %s %s: %s at byte %zu", where, type_names[t], sha,
				bad < plen && payload[bad] == '\0' ? "NUL byte" : "invalid UTF-8", bad);
			if (t == T_TREE && check_caches)
				skip_tree_rows(&es, epath, sha);
			continue;
		}
		if ((unsigned long long)chars != size)
			problem("%s: %s %s: size column says %llu characters, content has %lld", where, type_names[t],
				sha, size, chars);
		sha256_hex_t computed;
		pggit_object_sha(type_names[t], chars, payload, plen, computed);
		if (strcmp(computed, sha) != 0)
			problem("%s: %s %s: content hashes to %s (corrupt object)", where, type_names[t], sha, computed);
		switch (t) {
		case T_BLOB:
			n_blobs++;
			if (n_problems == problems_before)
				blobs_add_row(f, NCOLS(export_objects_cols));
			break;
		case T_COMMIT: n_commit_objects++; verify_commit_object(id, f[3].data, f[3].len, where); break;
		case T_TREE:
			n_trees++;
			if (ds.active) {
				struct digest_want want = { 0, "" }; /* no row: no entries */
				if (ds_take(sha, &want) >= 0 && tree_from_content(id, &raw, where, &want) == 0) {
					ds_confirm();
					break;
				}
				ds_fall_back(&es, epath, sha);
			}
			if (check_caches) {
				es_collect(&es, sha);
				verify_tree_object(id, &raw, &es, where);
			} else {
				tree_from_content(id, &raw, where, NULL);
			}
			break;
		default:
			n_tags++;
			verify_tag_object(id, f[3].data, f[3].len, where);
			break;
		}
	}
	if (ds.active) {
		/* every digest row taken, and they hold every row of tree_entries */
		struct digest_want want;
		if (ds_take(NULL, &want) == 0 && ds.confirmed == ar_rows_expected(ds.entries)) {
			pga_info("tree_entries: %llu trees (%llu rows) match their digests in %s", n_trees_by_digest,
				 ds.confirmed, ds.path);
			ar_close(ds.entries);
			ds.entries = NULL;
			ds_close();
		} else {
			ds_fall_back(&es, epath, NULL);
		}
	}
	if (check_caches && es.r) {
		es_collect(&es, NULL); /* anything left belongs to trees that are not objects */
		arp_close(es.r);
	}
	es_clear(&es);
	tree_rows_release(&es.t);
	tree_rows_release(&prev_rows);
	free(prev_ids);
	strbuf_release(&es.last_path);
	arp_close(r);
	strbuf_release(&raw);
	split_trees_release();
	free(opath);
	free(epath);
}

/* ---- pass 3: references and topology ---- */

static struct pack_entry *load_tree(uint32_t tree, struct pack_entry **buf, size_t *cap)
{
	size_t n = objs[tree].nentries;
	if (n > *cap) {
		*cap = n;
		*buf = xrealloc(*buf, n * sizeof(**buf));
	}
	scratch_read(pack_fd, *buf, n * sizeof(**buf), objs[tree].pack_off, pack_what);
	return *buf;
}

/*
 * Which tree and path point at each object a tree entry may not point at: the sha
 * alone left the DBA to search every tree for it. Found only when there is such an
 * object (one more read of the tree scratch file); the tree named is the first in
 * the objects artifact's order (the scratch file's), the others are counted.
 */
struct bad_target {
	uint32_t id, tree, path;
	uint64_t tree_off;
	unsigned long long n_entries;
};

static void check_entry_targets(void)
{
	uint32_t n = strmap_count(shas);
	struct bad_target *bad = NULL;
	size_t nbad = 0, cap = 0;
	for (uint32_t id = 0; id < n; id++) {
		const struct obj *o = &objs[id];
		if ((o->flags & F_ENTRY_TARGET) && o->type != T_BLOB && !(o->flags & F_BAD_TYPE)) {
			ALLOC_GROW(bad, nbad + 1, cap, 16);
			bad[nbad++] = (struct bad_target){ id, UINT32_MAX, UINT32_MAX, UINT64_MAX, 0 };
		}
	}
	if (!nbad)
		return;
	/* bad[] is in id order: a binary search finds an entry's target */
	struct pack_entry *pe = NULL;
	size_t pcap = 0;
	for (uint32_t t = 0; t < n; t++) {
		if (objs[t].type != T_TREE || !objs[t].nentries)
			continue;
		load_tree(t, &pe, &pcap);
		for (uint32_t i = 0; i < objs[t].nentries; i++) {
			size_t lo = 0, hi = nbad;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (bad[mid].id < pe[i].obj)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == nbad || bad[lo].id != pe[i].obj)
				continue;
			struct bad_target *b = &bad[lo];
			b->n_entries++;
			if (objs[t].pack_off < b->tree_off) {
				b->tree_off = objs[t].pack_off;
				b->tree = t;
				b->path = pe[i].path;
			}
		}
	}
	free(pe);
	for (size_t k = 0; k < nbad; k++) {
		const struct bad_target *b = &bad[k];
		enum obj_type ty = (enum obj_type)objs[b->id].type;
		const char *what = ty == T_NONE ? "not in objects" : ty == T_COMMIT ? "a commit" : ty == T_TREE ? "a tree" : "a tag";
		if (b->tree == UINT32_MAX) /* its tree was reported already, and kept no entries */
			problem("a tree entry points at %s, which is %s (expected a blob)", sha_of(b->id), what);
		else {
			char more[64] = "";
			if (b->n_entries > 1)
				snprintf(more, sizeof(more), " (and %llu more entries)", b->n_entries - 1);
			problem("a tree entry points at %s, which is %s (expected a blob): tree %s, path %s%s",
				sha_of(b->id), what, sha_of(b->tree),
				dqn(strmap_key(paths, b->path), strmap_keylen(paths, b->path)), more);
		}
	}
	free(bad);
}

static void check_references(void)
{
	check_entry_targets();
	char *graph_path = artifact_path("commit_graph.csv.zst");
	for (size_t i = 0; i < ncommits; i++) {
		struct commit *c = &commits[i];
		/* a row naming a blob, tree or tag was said to have "no commit object", which sent the
		   reader looking for a missing row */
		if (!c->has_object && objs[c->sha].type != T_NONE && objs[c->sha].type != T_COMMIT)
			problem("%s:%llu: commit_graph row %s names a %s, not a commit", graph_path, c->graph_line,
				sha_of(c->sha), type_names[objs[c->sha].type]);
		else if (!c->has_object && !(objs[c->sha].flags & F_BAD_TYPE))
			problem("%s:%llu: commit_graph row %s has no commit object", graph_path, c->graph_line,
				sha_of(c->sha));
		if (objs[c->tree].type != T_TREE && !(objs[c->tree].flags & F_BAD_TYPE))
			problem("commit %s: its tree %s is %s", sha_of(c->sha), sha_of(c->tree),
				objs[c->tree].type == T_NONE ? "missing from objects" : "not a tree");
		for (uint32_t k = 0; k < c->nparents; k++) {
			/* a parent with a commit_graph row but no commit object, or a commit object without
			 * a row, is reported once where that is found */
			const struct obj *p = &objs[c->parents[k]];
			if (p->flags & F_BAD_TYPE)
				continue; /* reported with its objects row */
			if (p->type == T_NONE && p->commit == UINT32_MAX)
				problem("commit %s: parent %s does not exist", sha_of(c->sha), sha_of(c->parents[k]));
			else if (p->type != T_NONE && p->type != T_COMMIT)
				problem("commit %s: parent %s is a %s, not a commit", sha_of(c->sha),
					sha_of(c->parents[k]), type_names[p->type]);
		}
	}
	free(graph_path);
}

static size_t *order;  /* commit indexes in (generation, sha) order */
static unsigned long long n_roots, n_merges;
static unsigned long long n_refs_not_commits; /* refs through tags to a tree or blob */

static int cmp_order(const void *a, const void *b)
{
	const struct commit *x = &commits[*(const size_t *)a], *y = &commits[*(const size_t *)b];
	if (x->generation != y->generation)
		return x->generation < y->generation ? -1 : 1;
	return strcmp(sha_of(x->sha), sha_of(y->sha));
}

static void compute_generations(void)
{
	/* Kahn's algorithm over parent -> child edges */
	uint32_t *indeg = xcalloc(ncommits ? ncommits : 1, sizeof(*indeg));
	size_t *child_start = xcalloc(ncommits + 1, sizeof(*child_start));
	for (size_t i = 0; i < ncommits; i++)
		for (uint32_t k = 0; k < commits[i].nparents; k++) {
			uint32_t p = objs[commits[i].parents[k]].commit;
			if (p != UINT32_MAX) {
				child_start[p + 1]++;
				indeg[i]++;
			}
		}
	for (size_t i = 0; i < ncommits; i++)
		child_start[i + 1] += child_start[i];
	size_t *fill = xcalloc(ncommits + 1, sizeof(*fill));
	size_t *children = xcalloc(child_start[ncommits] + 1, sizeof(*children));
	for (size_t i = 0; i < ncommits; i++)
		for (uint32_t k = 0; k < commits[i].nparents; k++) {
			uint32_t p = objs[commits[i].parents[k]].commit;
			if (p != UINT32_MAX)
				children[child_start[p] + fill[p]++] = i;
		}
	size_t *queue = xcalloc(ncommits ? ncommits : 1, sizeof(*queue));
	size_t head = 0, tail = 0;
	for (size_t i = 0; i < ncommits; i++) {
		if (indeg[i] == 0) {
			queue[tail++] = i;
			commits[i].generation = 0;
		}
		if (commits[i].nparents == 0)
			n_roots++;
		if (commits[i].nparents > 1)
			n_merges++;
	}
	while (head < tail) {
		size_t i = queue[head++];
		for (size_t k = child_start[i]; k < child_start[i + 1]; k++) {
			size_t ch = children[k];
			if (commits[ch].generation < commits[i].generation + 1)
				commits[ch].generation = commits[i].generation + 1;
			if (--indeg[ch] == 0)
				queue[tail++] = ch;
		}
	}
	if (tail < ncommits) {
		problem("the commit history has a cycle through %zu commits", ncommits - tail);
		for (size_t i = 0, shown = 0; i < ncommits && shown < 10; i++)
			if (indeg[i]) {
				problem("commit %s is on or after a cycle", sha_of(commits[i].sha));
				shown++;
			}
	} else {
		for (size_t i = 0; i < ncommits; i++)
			if (commits[i].generation != commits[i].graph_generation)
				problem("commit %s: commit_graph.generation %lld, but its parents give %lld",
					sha_of(commits[i].sha), commits[i].graph_generation, commits[i].generation);
	}
	if (n_roots > 1)
		pga_warn("the history has %llu root commits", n_roots);
	/* a store pgGit never committed to backfills nothing and verifies: say so, since
	 * the likelier cause in a maintenance window is a --source naming the wrong database */
	if (ncommits == 0)
		pga_warn("the store has no commit: there is nothing to backfill (is --source the pgGit database?)");
	order = xcalloc(ncommits ? ncommits : 1, sizeof(*order));
	for (size_t i = 0; i < ncommits; i++)
		order[i] = i;
	qsort(order, ncommits, sizeof(*order), cmp_order);
	free(indeg);
	free(child_start);
	free(fill);
	free(children);
	free(queue);
}

/* ---- pass 4: the diffs ---- */



static unsigned long long n_added, n_modified, n_deleted;

static void emit_change(struct csv_out *o, const struct commit *c, uint32_t path, char kind, uint32_t old_blob,
			uint32_t new_blob)
{
	csvo_str(o, sha_of(c->sha));
	csvo_llong(o, c->generation);
	csvo_field(o, strmap_key(paths, path), strmap_keylen(paths, path));
	csvo_field(o, &kind, 1);
	csvo_str(o, old_blob == UINT32_MAX ? NULL : sha_of(old_blob));
	csvo_str(o, new_blob == UINT32_MAX ? NULL : sha_of(new_blob));
	csvo_end_row(o);
}

/* The A/M/D counts of a chunk kept from an earlier attempt (for summary.json). */
static void count_reused_changes(const char *part)
{
	struct artifact_reader *r = ar_open(part, diff_changes_cols, NCOLS(diff_changes_cols));
	struct csv_field *f;
	while (ar_next(r, &f)) {
		if (f[3].data[0] == 'A')
			n_added++;
		else if (f[3].data[0] == 'M')
			n_modified++;
		else
			n_deleted++;
	}
	ar_close(r);
}

/* The changes and commit rows of commits order[from..to). */
static void diff_commits(size_t from, size_t to, struct csv_out *co, struct csv_out *xo)
{
	static struct pack_entry *a, *b;
	static size_t acap, bcap;
	struct strbuf parents = STRBUF_INIT;
	for (size_t oi = from; oi < to; oi++) {
		struct commit *c = &commits[order[oi]];
		size_t na = 0, nb = objs[c->tree].nentries;
		struct pack_entry *newt = load_tree(c->tree, &b, &bcap);
		struct pack_entry *oldt = NULL;
		if (c->nparents) {
			struct commit *p = &commits[objs[c->parents[0]].commit];
			oldt = load_tree(p->tree, &a, &acap);
			na = objs[p->tree].nentries;
		}
		size_t i = 0, j = 0;
		unsigned long long nchanges = 0;
		while (i < na || j < nb) {
			/* most paths are in both trees: equal ids need no string comparison */
			int cmp = i == na ? 1 : j == nb ? -1 : oldt[i].path == newt[j].path ? 0 : cmp_u32_path(&oldt[i], &newt[j]);
			if (cmp < 0) {
				emit_change(xo, c, oldt[i].path, 'D', oldt[i].obj, UINT32_MAX);
				n_deleted++;
				nchanges++;
				i++;
			} else if (cmp > 0) {
				emit_change(xo, c, newt[j].path, 'A', UINT32_MAX, newt[j].obj);
				n_added++;
				nchanges++;
				j++;
			} else {
				if (oldt[i].obj != newt[j].obj) {
					emit_change(xo, c, newt[j].path, 'M', oldt[i].obj, newt[j].obj);
					n_modified++;
					nchanges++;
				}
				i++;
				j++;
			}
		}
		strbuf_reset(&parents);
		for (uint32_t k = 0; k < c->nparents; k++) {
			if (k)
				strbuf_addch(&parents, ' ');
			strbuf_addstr(&parents, sha_of(c->parents[k]));
		}
		csvo_str(co, sha_of(c->sha));
		csvo_llong(co, c->generation);
		csvo_str(co, sha_of(c->tree));
		csvo_field(co, parents.buf, parents.len);
		struct commit_meta m;
		commit_meta_read(c, &m);
		csvo_str(co, m.author);
		csvo_str(co, m.committer);
		if (commit_zone_is_utc(&commit_zone)) {
			csvo_str(co, m.authored_at);
			csvo_str(co, m.committed_at);
		} else {
			csvo_str(co, utc_text(m.authored_at, c->authored_shift, c));
			csvo_str(co, utc_text(m.committed_at, c->committed_shift, c));
		}
		csvo_str(co, m.message);
		csvo_llong(co, (long long)nchanges);
		csvo_end_row(co);
		progress_rows(1);
	}
	strbuf_release(&parents);
	if (to == ncommits) {
		free(a);
		free(b);
		a = b = NULL;
		acap = bcap = 0;
	}
}

/*
 * The diffs in chunks of chunk_rows commits (in (generation, sha) order): a
 * chunk is done when both its parts (commits, changes) are; the changes part
 * is committed first, so "commits part present" implies "changes part present".
 */
static void write_diffs(struct chunk_set *cs)
{
	unsigned long long nchunks = ncommits ? (ncommits + chunk_rows - 1) / chunk_rows : 0;
	progress_phase("commits", ncommits);
	for (unsigned long long k = 0; k < nchunks; k++) {
		size_t from = (size_t)(k * chunk_rows), to = from + (size_t)chunk_rows;
		if (to > ncommits)
			to = ncommits;
		unsigned long long rows, bytes, xbytes;
		char *cpart = chunk_part_path(cs, "commits", k), *xpart = chunk_part_path(cs, "changes", k);
		if (chunk_part_done(cs, "commits", k, &rows, &bytes) && chunk_part_done(cs, "changes", k, NULL, &xbytes)) {
			if (rows != to - from)
				pga_die("%s: %llu rows, expected %zu: remove %s and rerun", cpart, rows, to - from, cpart);
			count_reused_changes(xpart);
			progress_chunk("commits", k, rows, bytes + xbytes, 1);
		} else {
			struct artifact_writer *cw = aw_open(cpart, diff_commits_cols, NCOLS(diff_commits_cols));
			struct artifact_writer *xw = aw_open(xpart, diff_changes_cols, NCOLS(diff_changes_cols));
			diff_commits(from, to, aw_csv(cw), aw_csv(xw));
			fault_point("diff-before-commit");
			aw_commit(xw, NULL);
			aw_commit(cw, NULL);
			chunk_part_done(cs, "commits", k, NULL, &bytes);
			chunk_part_done(cs, "changes", k, NULL, &xbytes);
			progress_bytes(bytes + xbytes);
			progress_chunk("commits", k, to - from, bytes + xbytes, 0);
			fault_point("diff-after-chunk");
		}
		free(cpart);
		free(xpart);
	}
	chunk_assemble(cs, "changes", diff_changes_cols, NCOLS(diff_changes_cols), nchunks);
	chunk_assemble(cs, "commits", diff_commits_cols, NCOLS(diff_commits_cols), nchunks);
}

/* Every tag's target exists and is of the type the tag names. */
static void check_tags(void)
{
	for (size_t i = 0; i < ntags; i++) {
		uint32_t id = strmap_find(shas, tags[i].target, 64);
		if (id != UINT32_MAX && (objs[id].flags & F_BAD_TYPE))
			continue; /* reported with its objects row */
		if (id == UINT32_MAX || objs[id].type == T_NONE)
			problem("%s: tag %s points at %s, which does not exist", tags[i].where, sha_of(tags[i].id),
				dvn(tags[i].target, 64));
		else if (objs[id].type != tags[i].claimed)
			problem("%s: tag %s points at %s, a %s, but its type line says %s", tags[i].where,
				sha_of(tags[i].id), dvn(tags[i].target, 64), type_names[objs[id].type],
				type_names[tags[i].claimed]);
	}
}

/* What a ref to id finally names, following tags: a chain longer than the number of tags
 * that parsed has visited one twice, so it is a cycle and peel() returns a tag. */
static uint32_t peel(uint32_t id)
{
	for (size_t hops = 0; hops <= ntags && id != UINT32_MAX && objs[id].type == T_TAG; hops++) {
		if (objs[id].tag == UINT32_MAX)
			return UINT32_MAX; /* a tag that did not parse: already reported */
		id = strmap_find(shas, tags[objs[id].tag].target, 64);
	}
	return id;
}

static void check_refs(void)
{
	char *path = artifact_path("refs.csv.zst");
	struct artifact_reader *r = ar_open(path, export_refs_cols, NCOLS(export_refs_cols));
	struct csv_field *f;
	/* the export writes refs by name in byte order: a name held twice (refs' primary key
	 * dropped) is on two adjacent lines, and which target is the ref cannot be told */
	struct strbuf prev = STRBUF_INIT;
	int have_prev = 0;
	while (ar_next(r, &f)) {
		/* the contract's refs.name is the primary key and refs.type NOT NULL, one of three: a
		   ref without a name, or of no known kind, cannot be told from damage */
		if (f[0].is_null) {
			problem("%s:%llu: a ref's name is NULL (its target %s)", path, ar_line(r),
				f[1].is_null ? "NULL" : dvn(f[1].data, f[1].len));
			have_prev = 0;
			continue;
		}
		if (f[2].is_null)
			problem("%s:%llu: ref %s: type is NULL", path, ar_line(r), dvn(f[0].data, f[0].len));
		else if (strcmp(f[2].data, "branch") != 0 && strcmp(f[2].data, "tag") != 0 && strcmp(f[2].data, "remote") != 0)
			problem("%s:%llu: ref %s has unknown type %s (expected branch, tag or remote)", path, ar_line(r),
				dvn(f[0].data, f[0].len), dqn(f[2].data, f[2].len));
		if (have_prev && prev.len == f[0].len && memcmp(prev.buf, f[0].data, f[0].len) == 0)
			problem("%s:%llu: ref %s appears twice in refs", path, ar_line(r), dvn(f[0].data, f[0].len));
		strbuf_reset(&prev);
		strbuf_add(&prev, f[0].data, f[0].len);
		have_prev = 1;
		uint32_t id = strmap_find(shas, f[1].data, f[1].len);
		if (f[1].is_null)
			problem("%s:%llu: ref %s: target_sha is NULL", path, ar_line(r), dvn(f[0].data, f[0].len));
		else if (id != UINT32_MAX && (objs[id].flags & F_BAD_TYPE))
			; /* reported with its objects row */
		else if (id == UINT32_MAX || objs[id].type == T_NONE)
			problem("%s:%llu: ref %s points at %s, which does not exist", path, ar_line(r),
				dvn(f[0].data, f[0].len), dvn(f[1].data, f[1].len));
		else if (objs[id].type != T_COMMIT && objs[id].type != T_TAG)
			problem("%s:%llu: ref %s points at %s, a %s (expected a commit)", path, ar_line(r),
				dvn(f[0].data, f[0].len), f[1].data, type_names[objs[id].type]);
		else if (objs[id].type == T_TAG && objs[id].tag != UINT32_MAX) {
			/* a tag whose target is missing or of another type is reported by check_tags() */
			uint32_t end = peel(id);
			if (end != UINT32_MAX && (objs[end].type == T_TREE || objs[end].type == T_BLOB)) {
				/* git allows annotated tags of trees and blobs (git.git tags a blob holding a key), and
				   the ref adds nothing the audit records (every commit is backfilled, reached by a ref
				   or not; the tag and its target are verified like any object): not refused, said */
				pga_warn("%s:%llu: ref %s points at tag %s, which leads to %s, a %s, not a commit: accepted "
					 "(git allows tags of trees and blobs; the objects are verified), but there is no "
					 "history under this ref to audit",
					 path, ar_line(r), dvn(f[0].data, f[0].len), f[1].data, sha_of(end),
					 type_names[objs[end].type]);
				n_refs_not_commits++;
			} else if (end != UINT32_MAX && objs[end].type == T_TAG)
				problem("%s:%llu: ref %s points at tag %s, whose chain of tags loops",
					path, ar_line(r), dvn(f[0].data, f[0].len), f[1].data);
		}
	}
	strbuf_release(&prev);
	ar_close(r);
	free(path);
}

/*
 * Whether the export holds the tree_entries cache: export/source.json says
 * "check_caches": false when it was run with --check-caches off (an export of
 * an older version has no such key: the cache is there).
 */
static void read_export_mode(void)
{
	char *path = artifact_path("source.json");
	json_error_t jerr;
	json_t *src = json_load_file(path, 0, &jerr);
	if (src) {
		json_t *cc = json_object_get(src, "check_caches");
		if (cc && !json_is_boolean(cc))
			pga_die("%s: \"check_caches\" must be true or false", path);
		if (cc)
			check_caches = json_is_true(cc);
		json_decref(src);
	}
	free(path);
	if (!check_caches)
		pga_info("the export left out tree_entries (--check-caches off): tree entries come from the trees' content");
}

static void write_summary(const char *outdir)
{
	json_t *s = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:{s:I, s:I, s:I}, s:s}",
			      "objects_verified", (json_int_t)n_objects, "blobs", (json_int_t)n_blobs, "trees",
			      (json_int_t)n_trees, "commits", (json_int_t)ncommits, "tags", (json_int_t)n_tags,
			      "tree_entries_checked", (json_int_t)n_entries, "roots", (json_int_t)n_roots,
			      "merges", (json_int_t)n_merges, "changes", "A", (json_int_t)n_added, "M",
			      (json_int_t)n_modified, "D", (json_int_t)n_deleted, "diffed_against", "first parent");
	if (!check_caches) /* only then: the default summary stays as it was */
		json_object_set_new(s, "tree_entries_from_content", json_integer((json_int_t)n_entries_from_content));
	if (!commit_zone_is_utc(&commit_zone)) /* likewise: the evidence of how times were compared */
		json_object_set_new(s, "commit_time_zone", json_string(commit_zone.spec));
	if (n_refs_not_commits) /* likewise */
		json_object_set_new(s, "refs_to_tagged_trees_or_blobs", json_integer((json_int_t)n_refs_not_commits));
	char *text = json_dumps(s, JSON_INDENT(2) | JSON_SORT_KEYS);
	char *line = xasprintf("%s\n", text);
	char *path = path_join(outdir, "summary.json");
	atomic_write_file(path, line, strlen(line));
	free(path);
	free(line);
	free(text);
	json_decref(s);
}

static void usage(int status)
{
	printf("usage: pggit-audit-diff --export DIR --outdir DIR [--chunk-rows N] [--commit-time-zone ZONE]\n\n"
	       "Verify an exported pggit_v0 store (every object's hash, the commit_graph and\n"
	       "tree_entries caches, existence of trees, blobs and parents, no cycles) and write\n"
	       "the per-commit changes against each commit's first parent:\n"
	       "  DIR/commits.csv.zst  one row per commit, in (generation, sha) order\n"
	       "  DIR/changes.csv.zst  one row per (commit, path) added (A), removed (D) or re-pointed (M)\n"
	       "  DIR/blobs.csv.zst    every blob object (the export's objects columns and order), for classify\n"
	       "  DIR/summary.json     counts\n"
	       "A merge commit is diffed against its first parent only: it yields everything the\n"
	       "merged branch brought in. Any problem is reported (naming file, line and sha) and\n"
	       "nothing is written; exit status 1.\n"
	       "The output is written in chunks of N commits (default 50000), each checkpointed in\n"
	       "DIR/parts/; a rerun after a crash verifies the whole store again, then keeps the\n"
	       "finished chunks (see docs/checkpoints.md).\n"
	       "When the export was made with --check-caches off (its source.json says so), the\n"
	       "tree_entries cache is not checked: tree entries are read from the trees' content\n"
	       "(a '|' inside a path is fine, unless the path contains \"|<64 hex>|<digits> \";\n"
	       "see docs/performance.md).\n"
	       "commit_graph's authored_at and committed_at (timestamps without time zone) are\n"
	       "read as wall-clock times of ZONE (default UTC): an IANA zone name (Europe/Berlin;\n"
	       "daylight saving time followed), UTC, a UTC offset (+01:00, east positive) or\n"
	       "PostgreSQL's POSIX spelling as SHOW TimeZone prints it (<+01>-01, west positive); each\n"
	       "must be the instant of its commit's epoch (to the second), and the output holds\n"
	       "them in UTC. Give the TimeZone of the pgGit server that wrote the store\n"
	       "(docs/hostile-input.md, \"Commit times in another zone\").\n"
	       "The export's objects and tree_entries are read on threads of their own, unless\n"
	       "there is one CPU or the environment says PGGIT_AUDIT_THREADS=1.\n");
	exit(status);
}

int main(int argc, char **argv)
{
	const char *outdir = NULL, *zone_spec = "UTC";
	static const struct option opts[] = {
		{ "export", required_argument, NULL, 'e' }, { "outdir", required_argument, NULL, 'o' },
		{ "chunk-rows", required_argument, NULL, 'c' }, { "quiet", no_argument, NULL, 'q' },
		{ "commit-time-zone", required_argument, NULL, 'z' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-diff");
	pga_fix_mmap_threshold();
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': export_dir = optarg; break;
		case 'o': outdir = optarg; break;
		case 'c':
			chunk_rows = parse_count_option("chunk-rows", optarg, 1, 100000000);
			break;
		case 'q': pga_set_quiet(1); break;
		case 'z': zone_spec = optarg; break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-diff %s\n", PGGIT_AUDIT_VERSION); return 0;
		default: usage(2);
		}
	}
	if (!export_dir || !outdir || optind != argc)
		usage(2);
	/* before any thread: a named zone sets TZ */
	char zone_err[512];
	if (commit_zone_parse(zone_spec, &commit_zone, zone_err, sizeof(zone_err)) < 0) {
		pga_error("--commit-time-zone: %s", zone_err);
		exit(2);
	}
	if (!commit_zone_is_utc(&commit_zone))
		pga_info("commit_graph times are read as wall-clock times of %s", commit_zone.spec);
	if (workpool_default_threads(2, 1024) < 2)
		read_ahead = 0;
	make_outdir(outdir);
	artifact_clean_tmp(outdir);
	progress_begin("diff");
	pack_what = xasprintf("the tree scratch file %s/.trees.scratch (unlinked)", outdir);
	blobs_what = xasprintf("the blobs scratch file %s/.blobs.scratch (unlinked)", outdir);
	pack_fd = scratch_open(outdir, ".trees.scratch", "the tree scratch file");
	blobs_fd = scratch_open(outdir, ".blobs.scratch", "the blobs scratch file");
	meta_what = xasprintf("the commits scratch file %s/.commits.scratch (unlinked)", outdir);
	meta_fd = scratch_open(outdir, ".commits.scratch", "the commits scratch file");
	int blobs_dup = dup(blobs_fd);
	if (blobs_dup < 0 || !(blobs_fp = fdopen(blobs_dup, "w")))
		pga_die_errno("cannot open %s", blobs_what);
	setvbuf(blobs_fp, NULL, _IOFBF, BLOBS_BUF);
#ifdef __GLIBC__
	/* one thread writes it: csv_fwrite()'s fputc() per byte need not take the stream's
	   lock (a locked instruction per byte of every blob) */
	__fsetlocking(blobs_fp, FSETLOCKING_BYCALLER);
#endif

	read_export_mode();
	shas = strmap_new();
	paths = strmap_new();
	read_commit_graph();
	first_generations();
	read_objects();
	check_references();
	check_tags();
	check_refs();
	if (n_problems == 0)
		compute_generations();
	offset_hint();
	if (n_problems) {
		if (n_problems > n_problems_printed)
			pga_error("... and %lu more problems", n_problems - n_problems_printed);
		pga_die("the store failed verification with %lu problem%s; nothing was written", n_problems,
			n_problems == 1 ? "" : "s");
	}
	fault_point("diff-after-verify");
	/* chunks of other export artifacts, chunk size or tool version are never reused */
	struct strbuf fp = STRBUF_INIT;
	strbuf_addf(&fp, "pggit-audit-diff %s\nchunk_rows %llu\n", PGGIT_AUDIT_VERSION, chunk_rows);
	if (!commit_zone_is_utc(&commit_zone)) /* the output's times depend on it; UTC's chunks stay as they were */
		strbuf_addf(&fp, "commit_time_zone %s\n", commit_zone.spec);
	static const char *const inputs[] = { "objects.csv.zst", "commit_graph.csv.zst", "tree_entries.csv.zst",
					      "refs.csv.zst" };
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char sha[65], *p = artifact_path(inputs[i]);
		chunk_input_sha(p, sha);
		strbuf_addf(&fp, "%s %s\n", inputs[i], sha);
		free(p);
	}
	struct chunk_set *cs = chunks_open(outdir, fp.buf);
	strbuf_release(&fp);
	write_diffs(cs);
	blobs_publish(outdir);
	write_summary(outdir);
	fault_point("diff-before-cleanup");
	chunks_finish(cs);
	progress_end();
	pga_info("verified %llu objects (%llu commits, %llu trees, %llu blobs); %llu changes: %llu A, %llu M, %llu D",
		 n_objects, (unsigned long long)ncommits, n_trees, n_blobs, n_added + n_modified + n_deleted, n_added,
		 n_modified, n_deleted);

	close(pack_fd);
	close(meta_fd);
	fclose(blobs_fp);
	close(blobs_fd);
	for (size_t i = 0; i < ncommits; i++) {
		free(commits[i].parents);
	}
	free(commits);
	free(order);
	free(objs);
	strmap_free(shas);
	strmap_free(paths);
	return 0;
}
