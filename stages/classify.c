/*
 * classify.c - pggit-audit-classify: the third stage. Classifies every
 * distinct blob once with PostgreSQL's own parser (object type, schema, name,
 * owning table; UNKNOWN with the parser's message when it does not parse),
 * turns each diffed path into a change (CREATE / ALTER / DROP, or RENAME when
 * a commit drops one path and adds an equivalent definition under another),
 * with severity, hazards and structured detail, and numbers object versions.
 *
 * Inputs: diff/blobs.csv.zst (the verified blobs, with the export's objects
 * columns: a few MB where export/objects.csv.zst holds every tree snapshot),
 * diff/commits.csv.zst, diff/changes.csv.zst. A diff output without blobs.csv.zst
 * (an older version) is read with --export: the blobs are then taken from
 * export/objects.csv.zst.
 * Outputs: blobs.csv.zst (classification + definition, by blob sha),
 * changes.csv.zst (diff order), versions.csv.zst, summary.json.
 * Blob text is kept in an unlinked scratch file, not in memory.
 * Threads (--threads): the parses and comparisons run on a pool of threads
 * (common/workpool.h), a window ahead of the main thread, which keeps
 * everything order-dependent: rows written in order, warnings, version
 * numbering, counts, checkpoints. Outputs do not depend on the thread count.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "display.h"
#include "artifact.h"
#include "formats.h"
#include "atomicfile.h"
#include "checkpoint.h"
#include "ddl_classify.h"
#include "json_arena.h"
#include "progress.h"
#include "strbuf.h"
#include "strmap.h"
#include "util.h"
#include "workpool.h"

struct blob_info {
	uint64_t off;
	uint64_t len;
	/* its classification, once known (state): from a chain task's parse, a part kept from
	   an earlier attempt or the blobs phase */
	char *object_type, *schema, *name, *parent_schema, *parent_name, *command_tag, *error;
	int status;
	/*
	 * BLOB_UNKNOWN, BLOB_CLASSIFYING (a thread claimed it and writes the fields above),
	 * BLOB_KNOWN (written; read them only after seeing this, with acquire order). In the
	 * changes phase the first chain task that parses a blob classifies it, once, for the
	 * rows and the blobs artifact; the main thread waits for BLOB_KNOWN before it reads.
	 */
	_Atomic int state;
};
enum { BLOB_UNKNOWN, BLOB_CLASSIFYING, BLOB_KNOWN };

static struct strmap *blob_ids;
static struct blob_info *blobs;
static size_t blobs_cap;
static int scratch_fd = -1;
static uint64_t scratch_size;
static const char *export_dir, *diff_dir;
/* where the blobs are read: diff/blobs.csv.zst, or export/objects.csv.zst (older diffs) */
static const char *blobs_dir, *blobs_file;
static unsigned long long chunk_rows = 50000;
/* threads parsing DDL, counting the main thread (--threads; workpool.h); 0 = default */
static unsigned n_threads;
enum { MAX_THREADS = 16 };

/* version numbering: object identity -> last version */
struct version_state {
	long long number;
	uint32_t last_blob; /* UINT32_MAX after a drop */
};
static struct strmap *version_keys;
static struct version_state *vstates;
static size_t vstates_cap;

static unsigned long long n_blobs, n_unknown, n_changes, n_versions, n_renames, n_formatting_only;
static unsigned long long by_type[4]; /* CREATE ALTER DROP RENAME */
static const char *const change_types[] = { "CREATE", "ALTER", "DROP", "RENAME" };
enum { C_CREATE, C_ALTER, C_DROP, C_RENAME };
static json_t *severity_counts;

/* named with its directory for errors (a full disk); the file itself is unlinked once open */
static const char *blob_scratch = "the blob scratch file";

/* The blob rows of the input in order (a sha may come twice), for the blobs artifact. */
struct blob_row {
	uint32_t id;
	unsigned long long line;
};
static struct blob_row *blob_rows;
static size_t n_blob_rows, blob_rows_cap;

static void blob_scratch_write(const char *buf, size_t len)
{
	scratch_write(scratch_fd, buf, len, blob_scratch);
	scratch_size += len;
}

/* The definition of blob id, NUL-terminated; caller frees. */
static char *blob_text(uint32_t id)
{
	struct blob_info *b = &blobs[id];
	char *t = xmalloc(b->len + 1);
	scratch_read(scratch_fd, t, b->len, b->off, blob_scratch);
	t[b->len] = '\0';
	return t;
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }


/* The part being written (w) or reused (r) for the current chunk. */
struct chunk_cursor {
	struct artifact_writer *w;
	struct artifact_reader *r;
	const char *name;
	unsigned long long chunk, rows;
};

static void blob_chunk_close(struct chunk_set *cs, struct chunk_cursor *cc)
{
	if (cc->w) {
		fault_point("classify-before-commit");
		unsigned long long rows = aw_commit(cc->w, NULL), bytes = 0;
		chunk_part_done(cs, cc->name, cc->chunk, NULL, &bytes);
		progress_bytes(bytes);
		progress_chunk(cc->name, cc->chunk, rows, bytes, 0);
		cc->w = NULL;
		fault_point("classify-after-chunk");
	}
	if (cc->r) {
		struct csv_field *g;
		if (ar_next(cc->r, &g))
			pga_die("%s:%llu: more rows than the export has blobs in this chunk: remove %s/.. and rerun",
				ar_path(cc->r), ar_line(cc->r), ar_path(cc->r));
		ar_close(cc->r);
		cc->r = NULL;
	}
}

static void blob_chunk_open(struct chunk_set *cs, struct chunk_cursor *cc, unsigned long long k)
{
	unsigned long long rows, bytes;
	char *part = chunk_part_path(cs, "blobs", k);
	cc->chunk = k;
	if (chunk_part_done(cs, "blobs", k, &rows, &bytes)) {
		cc->r = ar_open(part, classify_blobs_cols, NCOLS(classify_blobs_cols));
		progress_chunk("blobs", k, rows, bytes, 1);
	} else {
		cc->w = aw_open(part, classify_blobs_cols, NCOLS(classify_blobs_cols));
	}
	free(part);
}

static void blob_info_release(struct blob_info *b)
{
	free(b->object_type);
	free(b->schema);
	free(b->name);
	free(b->parent_schema);
	free(b->parent_name);
	free(b->command_tag);
	free(b->error);
}

/* A blob's classification (copies of dc's strings), replacing what it had. */
static void blob_info_set(struct blob_info *b, const struct ddl_class *dc)
{
	blob_info_release(b);
	b->status = dc->status;
	b->object_type = dup_or_null(dc->object_type);
	b->schema = dup_or_null(dc->schema);
	b->name = dup_or_null(dc->name);
	b->parent_schema = dup_or_null(dc->parent_schema);
	b->parent_name = dup_or_null(dc->parent_name);
	b->command_tag = dup_or_null(dc->command_tag);
	b->error = dup_or_null(dc->error);
	atomic_store_explicit(&b->state, BLOB_KNOWN, memory_order_release);
}

/* 1 when the calling thread claimed blob id, unknown until now: it must classify it (classify_into()). */
static int claim(uint32_t id)
{
	int expect = BLOB_UNKNOWN;
	return atomic_load_explicit(&blobs[id].state, memory_order_relaxed) == BLOB_UNKNOWN &&
	       atomic_compare_exchange_strong(&blobs[id].state, &expect, BLOB_CLASSIFYING);
}

/* Names blob id in the one fatal error of a parse (ddl_parse_label()): the parse of a very
   deep blob needs a thread of its own, which may not start. */
static void label_parse(uint32_t id)
{
	char what[160];
	snprintf(what, sizeof(what), "blob %s", strmap_key(blob_ids, id));
	ddl_parse_label(what);
}

/* A claimed blob's classification from its parse tree into the blob table (known from then on). */
static void classify_into(uint32_t id, const struct ddl_blob *tree)
{
	struct ddl_class dc;
	ddl_classify_blob(tree, &dc);
	blob_info_set(&blobs[id], &dc);
	ddl_class_release(&dc);
}

/*
 * Main thread, before a row uses blob id: its classification, waiting for a
 * chain task still writing it, or parsing it here when no comparison did (a
 * change chunk kept from an earlier attempt is not compared again).
 */
static void ensure_known(uint32_t id)
{
	if (id == UINT32_MAX)
		return;
	if (claim(id)) {
		char *text = blob_text(id);
		json_arena_begin();
		label_parse(id);
		struct ddl_blob *tree = ddl_blob_parse(text);
		classify_into(id, tree);
		ddl_blob_free(tree);
		json_arena_end();
		free(text);
		return;
	}
	while (atomic_load_explicit(&blobs[id].state, memory_order_acquire) != BLOB_KNOWN)
		sched_yield(); /* a worker is between its claim and its write: microseconds */
}

/* blob's classification as a ddl_class borrowing the blob table's strings (only the fields rows use). */
static struct ddl_class blob_class(const struct blob_info *b)
{
	struct ddl_class dc;
	memset(&dc, 0, sizeof(dc));
	dc.status = b->status;
	dc.object_type = b->object_type;
	dc.schema = b->schema;
	dc.name = b->name;
	dc.parent_schema = b->parent_schema;
	dc.parent_name = b->parent_name;
	dc.command_tag = b->command_tag;
	dc.error = b->error;
	return dc;
}

/* A kept row of the blobs artifact (fields as classify_blobs_cols) as a classification borrowing them. */
static struct ddl_class row_class(const struct csv_field *g)
{
	struct ddl_class dc;
	memset(&dc, 0, sizeof(dc));
	dc.status = !strcmp(g[7].data, "OK") ? DDL_OK : !strcmp(g[7].data, "UNKNOWN") ? DDL_UNKNOWN : DDL_NO_OBJECT;
	dc.object_type = g[1].is_null ? NULL : (char *)g[1].data;
	dc.schema = g[2].is_null ? NULL : (char *)g[2].data;
	dc.name = g[3].is_null ? NULL : (char *)g[3].data;
	dc.parent_schema = g[4].is_null ? NULL : (char *)g[4].data;
	dc.parent_name = g[5].is_null ? NULL : (char *)g[5].data;
	dc.command_tag = g[6].is_null ? NULL : (char *)g[6].data;
	dc.error = g[8].is_null ? NULL : (char *)g[8].data;
	return dc;
}


/*
 * One blob row of the input, its text read back from the scratch file,
 * classified by a worker thread unless the changes phase did (known: dc then
 * borrows the blob table's strings, which nobody writes in this phase).
 */
struct blob_task {
	char *text;
	const struct blob_row *row;
	int known;
	struct ddl_class dc; /* the worker's result */
};

static void blob_task_run(void *arg)
{
	struct blob_task *t = arg;
	if (t->known)
		return;
	json_arena_begin(); /* the parse tree lives in the arena; the results are malloc()ed copies */
	label_parse(t->row->id);
	ddl_classify(t->text, &t->dc);
	json_arena_end();
}

/*
 * The order-dependent half of a blob, in input order: its classification is
 * recorded, the warning printed and the row written.
 */
static void blob_task_finish(struct chunk_cursor *cc, const char *in, struct blob_task *t)
{
	struct ddl_class *dc = &t->dc;
	const char *sha = strmap_key(blob_ids, t->row->id);
	if (!t->known)
		blob_info_set(&blobs[t->row->id], dc);
	const char *status = dc->status == DDL_OK ? "OK" : dc->status == DDL_UNKNOWN ? "UNKNOWN" : "NO_OBJECT";
	if (dc->status != DDL_OK) {
		n_unknown++;
		pga_warn("%s:%llu: blob %s: %s%s", in, t->row->line, dv(sha),
			 dc->status == DDL_UNKNOWN ? "unparseable DDL: " : "no object defined",
			 dc->error ? dt(dc->error) : "");
	}
	struct csv_out *o = aw_csv(cc->w);
	csvo_str(o, sha);
	csvo_str(o, dc->object_type);
	csvo_str(o, dc->schema);
	csvo_str(o, dc->name);
	csvo_str(o, dc->parent_schema);
	csvo_str(o, dc->parent_name);
	csvo_str(o, dc->command_tag);
	csvo_str(o, status);
	csvo_str(o, dc->error);
	csvo_field(o, t->text, blobs[t->row->id].len);
	csvo_end_row(o);
	if (!t->known)
		ddl_class_release(dc);
	free(t->text);
	free(t);
	fault_point("classify-mid-blobs");
}

/* Finish every blob still with the workers (before a chunk closes, at the end, before an error). */
static void blob_tasks_drain(struct workpool *wp, struct chunk_cursor *cc, const char *in)
{
	struct blob_task *t;
	while ((t = workpool_take(wp)))
		blob_task_finish(cc, in, t);
}

/*
 * Every blob of the export into the scratch file and the blob table, before
 * the changes phase needs them; nothing is parsed here.
 */
static void read_blobs(void)
{
	char *in = path_join(blobs_dir, blobs_file);
	struct artifact_reader *r = ar_open(in, export_objects_cols, NCOLS(export_objects_cols));
	struct csv_field *f;
	progress_phase("blobs (objects read)", ar_rows_expected(r));
	while (ar_next(r, &f)) {
		progress_rows(1);
		if (strcmp(f[1].data, "blob") != 0)
			continue;
		if (memchr(f[3].data, '\0', f[3].len))
			pga_die("%s:%llu: blob %s contains a NUL byte", in, ar_line(r), dvn(f[0].data, f[0].len));
		uint32_t id = strmap_intern(blob_ids, f[0].data, f[0].len, NULL);
		ALLOC_GROW_ZERO(blobs, (size_t)id + 1, blobs_cap, 1024);
		struct blob_info *b = &blobs[id];
		b->off = scratch_size;
		b->len = f[3].len;
		blob_scratch_write(f[3].data, f[3].len);
		ALLOC_GROW(blob_rows, n_blob_rows + 1, blob_rows_cap, 1024);
		blob_rows[n_blob_rows++] = (struct blob_row){ id, ar_line(r) };
		n_blobs++;
	}
	ar_close(r);
	free(in);
}

/*
 * The classifications of the blobs parts kept from an earlier attempt, into
 * the blob table before the changes phase (whose kept chunks number versions
 * by them). classify_blobs() checks the parts against the input afterwards.
 */
static void load_kept_blob_classes(struct chunk_set *cs)
{
	for (unsigned long long k = 0; chunk_part_done(cs, "blobs", k, NULL, NULL); k++) {
		char *part = chunk_part_path(cs, "blobs", k);
		struct artifact_reader *r = ar_open(part, classify_blobs_cols, NCOLS(classify_blobs_cols));
		struct csv_field *g;
		while (ar_next(r, &g)) {
			uint32_t id = strmap_find(blob_ids, g[0].data, g[0].len);
			if (id == UINT32_MAX)
				pga_die("%s:%llu: blob %s is not in the export's objects: remove %s and rerun", part,
					ar_line(r), dvn(g[0].data, g[0].len), part);
			struct ddl_class dc = row_class(g);
			blob_info_set(&blobs[id], &dc);
		}
		ar_close(r);
		free(part);
	}
}

/*
 * The blobs artifact: the blob rows of the input again (blob_rows), in chunks
 * of chunk_rows rows, each with its classification, parsed on the pool's
 * threads only when the changes phase did not (a blob in no change), up to
 * BLOB_WINDOW blobs ahead of the rows written; a chunk kept from an earlier
 * attempt is checked against the input. A chunk is closed only once all of
 * its blobs are written. The warnings of unparseable blobs come here, in blob
 * order.
 */
static void classify_blobs(struct chunk_set *cs)
{
	enum { BLOB_WINDOW = 256 };
	char *in = path_join(blobs_dir, blobs_file);
	struct chunk_cursor cc = { .name = "blobs" };
	struct workpool *wp = workpool_new(n_threads, BLOB_WINDOW, blob_task_run);
	progress_phase("blobs (classified)", n_blob_rows);
	for (size_t bi = 0; bi < n_blob_rows; bi++) {
		progress_rows(1);
		if (bi % chunk_rows == 0) {
			blob_tasks_drain(wp, &cc, in);
			blob_chunk_close(cs, &cc);
			blob_chunk_open(cs, &cc, bi / chunk_rows);
		}
		const struct blob_row *row = &blob_rows[bi];
		struct blob_info *b = &blobs[row->id];
		if (cc.r) {
			struct csv_field *g;
			const char *sha = strmap_key(blob_ids, row->id);
			if (!ar_next(cc.r, &g) || strcmp(g[0].data, sha) != 0)
				pga_die("%s:%llu: does not hold blob %s of the export in this place: remove %s and rerun",
					ar_path(cc.r), ar_line(cc.r), dv(sha), ar_path(cc.r));
			struct ddl_class dc = row_class(g);
			blob_info_set(b, &dc);
			n_unknown += b->status != DDL_OK;
			continue;
		}
		if (workpool_full(wp))
			blob_task_finish(&cc, in, workpool_take(wp));
		struct blob_task *t = xcalloc(1, sizeof(*t));
		t->row = row;
		t->text = blob_text(row->id);
		if (atomic_load_explicit(&b->state, memory_order_acquire) == BLOB_KNOWN) {
			t->dc = blob_class(b);
			t->known = 1;
		}
		workpool_submit(wp, t);
	}
	blob_tasks_drain(wp, &cc, in);
	workpool_free(wp);
	blob_chunk_close(cs, &cc);
	chunk_assemble(cs, "blobs", classify_blobs_cols, NCOLS(classify_blobs_cols),
		       n_blob_rows ? (n_blob_rows - 1) / chunk_rows + 1 : 0);
	free(in);
}

/* ---- changes ---- */

struct pending {
	char *path;
	char kind;          /* A M D from the diff */
	uint32_t old_blob, new_blob;
	int type;           /* C_* */
	char *renamed;      /* the other path of a rename */
	char *sem_hash;     /* for rename matching */
	int may_rename;     /* an A or D in a commit with both (prepare_commit()) */
	/* compare_change()'s results */
	char *severity;     /* NULL when the comparison gives none */
	int formatting_only;
	char *detail;       /* change_detail JSON text */
};

struct commit_meta {
	char *sha;
	long long generation;
	char *author, *committer, *committed_at, *message;
	unsigned long long expected;
};


static uint32_t blob_lookup(const struct csv_field *f, const char *where)
{
	if (f->is_null)
		return UINT32_MAX;
	uint32_t id = strmap_find(blob_ids, f->data, f->len);
	if (id == UINT32_MAX)
		pga_die("%s: blob %s is not in the export's objects", where, dvn(f->data, f->len));
	return id;
}

static const char *id_schema(const struct blob_info *b) { return b->schema; }

/* The identity used to number versions: table-scoped objects (triggers,
 * policies, rules, constraints) are named "NAME on TABLE" so two tables'
 * triggers of the same name are different objects. */
static char *version_name(const struct blob_info *b, const char *path)
{
	if (!b->name)
		return xstrdup(path);
	if (b->parent_name && b->object_type && strcmp(b->object_type, "index") != 0)
		return xasprintf("%s on %s", b->name, b->parent_name);
	return xstrdup(b->name);
}

/* The version identity of one side of a change: schema, NUL, version name. */
static void version_key(const struct blob_info *b, const char *path, struct strbuf *key)
{
	char *name = version_name(b, path);
	strbuf_addstr(key, b->schema ? b->schema : "");
	strbuf_addch(key, '\0');
	strbuf_addstr(key, name);
	free(name);
}

static void next_version(struct csv_out *vo, const struct commit_meta *cm, const struct pending *p)
{
	const struct blob_info *b = &blobs[p->new_blob];
	const char *schema = id_schema(b) ? id_schema(b) : "";
	char *name = version_name(b, p->path);
	struct strbuf key = STRBUF_INIT;
	version_key(b, p->path, &key);
	uint32_t k = strmap_intern(version_keys, key.buf, key.len, NULL);
	size_t old = vstates_cap;
	ALLOC_GROW(vstates, (size_t)k + 1, vstates_cap, 256);
	for (size_t i = old; i < vstates_cap; i++) {
		vstates[i].number = 0;
		vstates[i].last_blob = UINT32_MAX;
	}
	struct version_state *vs = &vstates[k];
	if (vs->last_blob != p->new_blob) {
		vs->number++;
		vs->last_blob = p->new_blob;
		if (!vo) /* replaying a chunk kept from an earlier attempt: state only */
			goto out;
		char idname[64];
		struct strbuf idkey = STRBUF_INIT;
		strbuf_addstr(&idkey, "version");
		strbuf_addch(&idkey, '\0');
		strbuf_add(&idkey, key.buf, key.len);
		snprintf(idname, sizeof(idname), "%lld", vs->number);
		strbuf_addch(&idkey, '\0');
		strbuf_addstr(&idkey, idname);
		char uuid[37];
		uuid_v5(idkey.buf, idkey.len, uuid);
		strbuf_release(&idkey);
		csvo_str(vo, uuid);
		csvo_str(vo, schema);
		csvo_str(vo, name);
		csvo_str(vo, b->object_type);
		csvo_llong(vo, vs->number);
		csvo_str(vo, strmap_key(blob_ids, p->new_blob));
		csvo_str(vo, cm->sha);
		csvo_str(vo, cm->committed_at);
		csvo_end_row(vo);
		n_versions++;
	}
out:
	strbuf_release(&key);
	free(name);
}

static void end_version(const struct pending *p)
{
	struct strbuf key = STRBUF_INIT;
	version_key(&blobs[p->old_blob], p->path, &key);
	uint32_t k = strmap_find(version_keys, key.buf, key.len);
	if (k != UINT32_MAX)
		vstates[k].last_blob = UINT32_MAX; /* a re-creation is a new version */
	strbuf_release(&key);
}

/* An ALTER whose new definition is another object (the DDL at the path now names
 * another table, schema or trigger's table) removes the old one as a drop does. */
static int moves_identity(const struct pending *p)
{
	struct strbuf o = STRBUF_INIT, n = STRBUF_INIT;
	version_key(&blobs[p->old_blob], p->path, &o);
	version_key(&blobs[p->new_blob], p->path, &n);
	int moved = o.len != n.len || memcmp(o.buf, n.buf, o.len) != 0;
	strbuf_release(&o);
	strbuf_release(&n);
	return moved;
}

/*
 * Versions after all of the commit's changes are known: drops first (and the
 * old identity of an ALTER that moved it to another), so a rename or a drop +
 * create in one commit starts a fresh sequence. vo NULL: only the numbering
 * state advances (a chunk kept from an earlier attempt).
 */
static void advance_versions(struct csv_out *vo, const struct commit_meta *cm, const struct pending *ps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ps[i].kind == 'D' || (ps[i].kind == 'M' && moves_identity(&ps[i])))
			end_version(&ps[i]);
	for (size_t i = 0; i < n; i++)
		if (ps[i].kind != 'D')
			next_version(vo, cm, &ps[i]);
}

static void count_severity(const char *sev)
{
	if (!sev)
		return;
	json_t *v = json_object_get(severity_counts, sev);
	json_object_set_new(severity_counts, sev, json_integer(v ? json_integer_value(v) + 1 : 1));
}

/*
 * The expensive, order-independent half of the changes, run on the pool's
 * threads: each change's comparison, down to its severity, formatting flag
 * and detail JSON text. The changes of a batch of commits are compared path
 * by path (struct chain_task), each path's in commit order: a version of an
 * object is the new side of one change and the old side of the next, and
 * parsing it once for both took the parses of the 10k x 1k bench store's
 * changes from 56,226 to 35,551 (they were half of the stage's CPU). Workers
 * read the scratch file, write their own changes' results and classify into
 * the blob table each blob they are the first to parse (claim()).
 */

/* The two parse trees a chain task keeps: the blob last parsed into each slot of its JSON arena. */
struct kept_trees {
	uint32_t blob[JSON_ARENA_SLOTS];
	struct ddl_blob *tree[JSON_ARENA_SLOTS];
	int newest; /* the slot parsed last */
};

/*
 * The parse tree of blob: a kept one, or parsed into the slot that is not keep
 * (the one a change still needs), the older one when keep is -1. The tree
 * evicted is freed before its slot is reset (json_arena.h). *slot = its slot.
 */
static struct ddl_blob *tree_of(struct kept_trees *kt, uint32_t blob, int keep, int *slot)
{
	for (int k = 0; k < JSON_ARENA_SLOTS; k++) {
		if (kt->tree[k] && kt->blob[k] == blob) {
			*slot = k;
			return kt->tree[k];
		}
	}
	int v = keep >= 0 ? 1 - keep : 1 - kt->newest;
	ddl_blob_free(kt->tree[v]);
	json_arena_switch(v, 1);
	char *text = blob_text(blob);
	label_parse(blob);
	kt->tree[v] = ddl_blob_parse(text);
	free(text);
	/* the rows' and the blobs artifact's classification, from this parse rather than one of its own */
	if (claim(blob))
		classify_into(blob, kt->tree[v]);
	kt->blob[v] = blob;
	kt->newest = v;
	*slot = v;
	return kt->tree[v];
}

/* p's severity, formatting flag and detail text from its comparison c (consumed), a rename written into it first. */
static void settle_change(struct pending *p, json_t *c)
{
	if (p->type == C_RENAME) {
		json_t *d = json_object_get(c, "detail");
		if (!json_is_object(d)) {
			d = json_object();
			json_object_set_new(c, "detail", d);
		}
		json_object_set_new(d, p->kind == 'A' ? "renamed_from" : "renamed_to", json_string(p->renamed));
		json_object_set_new(c, "severity", json_string("MAJOR"));
		json_t *hz = json_object_get(c, "hazards");
		if (!json_is_array(hz)) {
			hz = json_array();
			json_object_set_new(c, "hazards", hz);
		}
		json_array_clear(hz);
		json_array_append_new(hz, json_string("breaks_compatibility"));
	}
	p->severity = dup_or_null(json_string_value(json_object_get(c, "severity")));
	p->formatting_only = json_is_true(json_object_get(c, "formatting_only"));
	p->detail = json_dumps_malloc(c, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(c);
}

/*
 * One change's comparison, settled: both definitions of a modification
 * compared; an added or dropped definition's detail, and, for a change that
 * may be half of a rename (an A or D in a commit with both), the definition's
 * semantic hash for settle_renames().
 */
static void compare_change(struct kept_trees *kt, struct pending *p)
{
	json_t *c;
	int so, sn;
	if (p->kind == 'M') {
		struct ddl_blob *o = tree_of(kt, p->old_blob, -1, &so);
		struct ddl_blob *n = tree_of(kt, p->new_blob, so, &sn);
		/* the comparison parses the LANGUAGE sql bodies of both */
		char what[160];
		snprintf(what, sizeof(what), "blob %s or %s", strmap_key(blob_ids, p->old_blob),
			 strmap_key(blob_ids, p->new_blob));
		ddl_parse_label(what);
		c = ddl_compare_blobs(o, n);
	} else {
		struct ddl_blob *b = tree_of(kt, p->kind == 'A' ? p->new_blob : p->old_blob, -1, &so);
		c = p->kind == 'A' ? ddl_create_detail_blob(b) : ddl_drop_detail_blob(b);
		if (p->may_rename)
			p->sem_hash = ddl_semantic_hash_blob(b, 1);
	}
	settle_change(p, c);
}

/* Some paths' changes of a batch, each path's in commit order. */
struct chain_task {
	struct batch *batch;
	struct pending **changes;
	size_t n;
};

static void chain_task_run(void *arg)
{
	struct chain_task *t = arg;
	struct kept_trees kt = { .newest = JSON_ARENA_SLOTS - 1 };
	json_arena_begin();
	for (size_t i = 0; i < t->n; i++)
		compare_change(&kt, t->changes[i]);
	for (int k = 0; k < JSON_ARENA_SLOTS; k++)
		ddl_blob_free(kt.tree[k]);
	json_arena_end();
}

/* Change types, and which changes may be half of a rename: the A and D of a commit with both. */
static void prepare_commit(struct pending *ps, size_t n)
{
	int have_a = 0, have_d = 0;
	for (size_t i = 0; i < n; i++) {
		ps[i].type = ps[i].kind == 'A' ? C_CREATE : ps[i].kind == 'D' ? C_DROP : C_ALTER;
		have_a |= ps[i].kind == 'A';
		have_d |= ps[i].kind == 'D';
	}
	for (size_t i = 0; i < n; i++)
		ps[i].may_rename = have_a && have_d && ps[i].kind != 'M';
}

/*
 * On the main thread, once a commit's comparisons are done: renames (a D and
 * an A in the same commit with the same definition up to the object's own
 * name), whose settled detail is read back and settled again as a rename.
 */
static void settle_renames(struct pending *ps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!ps[i].may_rename || ps[i].kind != 'D' || ps[i].renamed)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (!ps[j].may_rename || ps[j].kind != 'A' || ps[j].renamed)
				continue;
			int same = ps[i].old_blob == ps[j].new_blob ||
				   (ps[i].sem_hash && ps[j].sem_hash && strcmp(ps[i].sem_hash, ps[j].sem_hash) == 0);
			if (!same)
				continue;
			ps[i].type = ps[j].type = C_RENAME;
			ps[i].renamed = xstrdup(ps[j].path);
			ps[j].renamed = xstrdup(ps[i].path);
			break;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct pending *p = &ps[i];
		if (p->type != C_RENAME)
			continue;
		json_arena_begin();
		json_error_t err;
		json_t *c = json_loads(p->detail, 0, &err);
		if (!c)
			pga_die("re-reading the comparison of %s: %s (internal error)", dv(p->path), dt(err.text));
		free(p->detail);
		free(p->severity);
		settle_change(p, c);
		json_arena_end();
	}
}

/* The order-dependent half, in commit order: counts, the change rows, versions. */
static void emit_commit(struct csv_out *co, struct csv_out *vo, const struct commit_meta *cm, struct pending *ps,
			size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct pending *p = &ps[i];
		const struct blob_info *b = p->new_blob != UINT32_MAX ? &blobs[p->new_blob] : &blobs[p->old_blob];
		count_severity(p->severity);
		n_formatting_only += (unsigned long long)p->formatting_only;

		struct strbuf idkey = STRBUF_INIT;
		strbuf_addstr(&idkey, "change");
		strbuf_addch(&idkey, '\0');
		strbuf_addstr(&idkey, cm->sha);
		strbuf_addch(&idkey, '\0');
		strbuf_addstr(&idkey, p->path);
		char uuid[37];
		uuid_v5(idkey.buf, idkey.len, uuid);
		strbuf_release(&idkey);

		csvo_str(co, uuid);
		csvo_str(co, cm->sha);
		csvo_llong(co, cm->generation);
		csvo_str(co, p->path);
		csvo_str(co, change_types[p->type]);
		csvo_str(co, b->object_type);
		csvo_str(co, b->schema);
		csvo_str(co, b->name ? b->name : p->path);
		csvo_str(co, p->old_blob == UINT32_MAX ? NULL : strmap_key(blob_ids, p->old_blob));
		csvo_str(co, p->new_blob == UINT32_MAX ? NULL : strmap_key(blob_ids, p->new_blob));
		csvo_str(co, cm->author);
		csvo_str(co, cm->committer);
		csvo_str(co, cm->committed_at);
		csvo_str(co, cm->message);
		csvo_str(co, p->severity);
		csvo_str(co, p->formatting_only ? "true" : "false");
		csvo_str(co, p->detail);
		csvo_end_row(co);
		by_type[p->type]++;
		n_changes++;
	}
	advance_versions(vo, cm, ps, n);
}

static void release_pending(struct pending *ps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ps[i].path);
		free(ps[i].renamed);
		free(ps[i].sem_hash);
		free(ps[i].severity);
		free(ps[i].detail);
	}
}

/* Main thread: every blob of a commit's changes known before its rows are written (ensure_known()). */
static void learn_classes(struct pending *ps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ensure_known(ps[i].old_blob);
		ensure_known(ps[i].new_blob);
	}
}

static void release_meta(struct commit_meta *cm)
{
	free(cm->sha);
	free(cm->author);
	free(cm->committer);
	free(cm->committed_at);
	free(cm->message);
	memset(cm, 0, sizeof(*cm));
}

/* The counts of summary.json for a changes chunk kept from an earlier attempt. */
static void count_reused_changes(const char *part)
{
	struct artifact_reader *r = ar_open(part, classify_changes_cols, NCOLS(classify_changes_cols));
	struct csv_field *f;
	while (ar_next(r, &f)) {
		for (int t = 0; t < 4; t++)
			if (!strcmp(f[4].data, change_types[t]))
				by_type[t]++;
		if (!f[14].is_null)
			count_severity(f[14].data);
		n_formatting_only += !strcmp(f[15].data, "true");
		n_changes++;
	}
	ar_close(r);
}

struct changes_chunk {
	struct artifact_writer *cw, *vw; /* NULL when the chunk is reused */
	unsigned long long chunk;
	int open;
};

static void changes_chunk_close(struct chunk_set *cs, struct changes_chunk *ch)
{
	if (ch->open && ch->cw) {
		fault_point("classify-before-commit");
		/* versions first: "changes part present" implies "versions part present" */
		aw_commit(ch->vw, NULL);
		unsigned long long rows = aw_commit(ch->cw, NULL), b1 = 0, b2 = 0;
		chunk_part_done(cs, "changes", ch->chunk, NULL, &b1);
		chunk_part_done(cs, "versions", ch->chunk, NULL, &b2);
		progress_bytes(b1 + b2);
		progress_chunk("changes", ch->chunk, rows, b1 + b2, 0);
		fault_point("classify-after-chunk");
	}
	ch->cw = ch->vw = NULL;
	ch->open = 0;
}

static void changes_chunk_open(struct chunk_set *cs, struct changes_chunk *ch, unsigned long long k)
{
	unsigned long long rows, vrows, b1, b2;
	char *cpart = chunk_part_path(cs, "changes", k), *vpart = chunk_part_path(cs, "versions", k);
	ch->chunk = k;
	ch->open = 1;
	if (chunk_part_done(cs, "changes", k, &rows, &b1) && chunk_part_done(cs, "versions", k, &vrows, &b2)) {
		count_reused_changes(cpart);
		n_versions += vrows;
		progress_chunk("changes", k, rows, b1 + b2, 1);
	} else {
		ch->cw = aw_open(cpart, classify_changes_cols, NCOLS(classify_changes_cols));
		ch->vw = aw_open(vpart, classify_versions_cols, NCOLS(classify_versions_cols));
	}
	free(cpart);
	free(vpart);
}

/* One commit read from the diff, with its changes. */
struct commit_read {
	struct commit_meta cm;
	struct pending *ps;
	size_t n;
};

static void commit_read_free(struct commit_read *c)
{
	release_pending(c->ps, c->n);
	release_meta(&c->cm);
	free(c->ps);
	free(c);
}

/*
 * Whole commits read ahead, until the batch holds batch_changes changes,
 * definitions of BATCH_DDL_BYTES (a larger batch finds more of a path's
 * versions together; it holds every detail text of its changes until they are
 * written, and a detail grows with its definition: a table of a thousand
 * columns lists them) or commits of BATCH_META_BYTES (their messages and
 * authors: commits that change nothing, such as empty commits, add no change
 * to count, and a chain of them was held whole until its chunk's end). Its
 * chain tasks run while the main thread writes the batch before it.
 */
enum { TASK_CHANGES = 256, TASK_WINDOW = 64 };
#define BATCH_DDL_BYTES ((uint64_t)16 << 20)
#define BATCH_META_BYTES ((uint64_t)4 << 20)
static unsigned long long batch_changes = 8192; /* --batch-changes */

struct batch {
	struct commit_read **commits;
	size_t n, cap;
	size_t nchanges;
	uint64_t ddl_bytes;     /* the definitions its changes compare (old and new sides) */
	uint64_t meta_bytes;    /* its commits' own memory: text columns and structures */
	struct pending **order; /* the changes path by path (the chain tasks' arrays) */
	size_t tasks, taken;    /* chain tasks submitted, taken back */
};

static void batch_add(struct batch *b, struct commit_read *c)
{
	ALLOC_GROW(b->commits, b->n + 1, b->cap, 64);
	b->commits[b->n++] = c;
	b->nchanges += c->n;
	b->meta_bytes += sizeof(*c) + c->n * sizeof(*c->ps) + strlen(c->cm.sha) + strlen(c->cm.author) +
			 strlen(c->cm.committer) + strlen(c->cm.committed_at) + strlen(c->cm.message);
	for (size_t i = 0; i < c->n; i++) {
		if (c->ps[i].old_blob != UINT32_MAX)
			b->ddl_bytes += blobs[c->ps[i].old_blob].len;
		if (c->ps[i].new_blob != UINT32_MAX)
			b->ddl_bytes += blobs[c->ps[i].new_blob].len;
	}
}

static void task_taken(struct chain_task *t)
{
	t->batch->taken++;
	free(t);
}

/*
 * The batch's changes put path by path (each path's in commit order, the
 * paths in order of first appearance) and cut into chain tasks of about
 * TASK_CHANGES changes, a path never split; submitted to the pool.
 */
static void batch_submit(struct workpool *wp, struct batch *b)
{
	struct strmap *pm = strmap_new();
	uint32_t *pid = xmalloc((b->nchanges ? b->nchanges : 1) * sizeof(*pid));
	size_t k = 0;
	for (size_t i = 0; i < b->n; i++)
		for (size_t j = 0; j < b->commits[i]->n; j++) {
			const char *path = b->commits[i]->ps[j].path;
			pid[k++] = strmap_intern(pm, path, strlen(path), NULL);
		}
	uint32_t npaths = strmap_count(pm);
	size_t *start = xcalloc((size_t)npaths + 1, sizeof(*start)), *at = xmalloc(((size_t)npaths + 1) * sizeof(*at));
	for (k = 0; k < b->nchanges; k++)
		start[pid[k] + 1]++;
	for (uint32_t i = 0; i < npaths; i++)
		start[i + 1] += start[i];
	memcpy(at, start, ((size_t)npaths + 1) * sizeof(*at));
	b->order = xmalloc((b->nchanges ? b->nchanges : 1) * sizeof(*b->order));
	k = 0;
	for (size_t i = 0; i < b->n; i++)
		for (size_t j = 0; j < b->commits[i]->n; j++)
			b->order[at[pid[k++]]++] = &b->commits[i]->ps[j];
	for (uint32_t first = 0; first < npaths;) {
		uint32_t last = first + 1;
		while (last < npaths && start[last] - start[first] < TASK_CHANGES)
			last++;
		struct chain_task *t = xmalloc(sizeof(*t));
		t->batch = b;
		t->changes = b->order + start[first];
		t->n = start[last] - start[first];
		if (workpool_full(wp))
			task_taken(workpool_take(wp));
		workpool_submit(wp, t);
		b->tasks++;
		first = last;
	}
	free(start);
	free(at);
	free(pid);
	strmap_free(pm);
}

/* Wait for the batch's chain tasks (the pool gives them back in order: older batches' first), then write its commits. */
static void batch_finish(struct workpool *wp, struct batch *b, struct changes_chunk *ch)
{
	while (b->taken < b->tasks)
		task_taken(workpool_take(wp));
	for (size_t i = 0; i < b->n; i++) {
		struct commit_read *c = b->commits[i];
		settle_renames(c->ps, c->n);
		learn_classes(c->ps, c->n);
		emit_commit(aw_csv(ch->cw), aw_csv(ch->vw), &c->cm, c->ps, c->n);
		commit_read_free(c);
		progress_rows(1);
	}
	free(b->commits);
	free(b->order);
	free(b);
}

/*
 * The batch being read goes to the pool and the one submitted before it is
 * written; with drain (a chunk's end, the input's end) the new one is written
 * too. *reading is a new empty batch afterwards.
 */
static void batches_advance(struct workpool *wp, struct batch **reading, struct batch **submitted,
			    struct changes_chunk *ch, int drain)
{
	batch_submit(wp, *reading);
	if (*submitted)
		batch_finish(wp, *submitted, ch);
	*submitted = *reading;
	*reading = xcalloc(1, sizeof(**reading));
	if (drain) {
		batch_finish(wp, *submitted, ch);
		*submitted = NULL;
	}
}

/*
 * The changes in chunks of chunk_rows commits (the diff's commit order). The
 * commits of a chunk being written are read in batches whose comparisons run
 * on the pool's threads while the batch before is written; the rows, the
 * version numbering and the counts follow the commit order here. A chunk kept
 * from an earlier attempt only advances the numbering (no parsing).
 */
static void classify_changes(struct chunk_set *cs)
{
	char *cin = path_join(diff_dir, "commits.csv.zst");
	char *xin = path_join(diff_dir, "changes.csv.zst");
	struct artifact_reader *cr = ar_open(cin, diff_commits_cols, NCOLS(diff_commits_cols));
	struct artifact_reader *xr = ar_open(xin, diff_changes_cols, NCOLS(diff_changes_cols));
	struct changes_chunk ch = { 0 };
	struct csv_field *f, *x;
	unsigned long long ci = 0;
	int have_x = ar_next(xr, &x);
	struct workpool *wp = workpool_new(n_threads, TASK_WINDOW, chain_task_run);
	struct batch *reading = xcalloc(1, sizeof(*reading)), *submitted = NULL;
	progress_phase("changes (commits)", ar_rows_expected(cr));
	for (;;) {
		int more = ar_next(cr, &f);
		/* a chunk's rows are all written before it closes */
		if ((!more || ci % chunk_rows == 0) && (reading->n || submitted))
			batches_advance(wp, &reading, &submitted, &ch, 1);
		if (!more)
			break;
		if (ci % chunk_rows == 0) {
			changes_chunk_close(cs, &ch);
			changes_chunk_open(cs, &ch, ci / chunk_rows);
		}
		ci++;
		struct commit_read *c = xcalloc(1, sizeof(*c));
		struct commit_meta *cm = &c->cm;
		size_t cap = 0;
		unsigned long long gen;
		cm->sha = xstrdup(f[0].data);
		if (parse_u64(f[1].data, &gen) < 0 || parse_u64(f[9].data, &cm->expected) < 0)
			pga_die("%s:%llu: malformed generation or change count", cin, ar_line(cr));
		cm->generation = (long long)gen;
		cm->author = xstrdup(f[4].data);
		cm->committer = xstrdup(f[5].data);
		cm->committed_at = xstrdup(f[7].data);
		cm->message = xstrdup(f[8].data);
		while (have_x && strcmp(x[0].data, cm->sha) == 0) {
			char where[600];
			snprintf(where, sizeof(where), "%s:%llu", xin, ar_line(xr));
			ALLOC_GROW(c->ps, c->n + 1, cap, 8);
			struct pending *p = &c->ps[c->n++];
			memset(p, 0, sizeof(*p));
			p->path = xstrndup(x[2].data, x[2].len);
			p->kind = x[3].data[0];
			if (x[3].len != 1 || !strchr("AMD", p->kind))
				pga_die("%s: unknown change kind %s", where, dqn(x[3].data, x[3].len));
			p->old_blob = blob_lookup(&x[4], where);
			p->new_blob = blob_lookup(&x[5], where);
			if ((p->kind != 'A' && p->old_blob == UINT32_MAX) || (p->kind != 'D' && p->new_blob == UINT32_MAX))
				pga_die("%s: change %c lacks a blob sha", where, p->kind);
			have_x = ar_next(xr, &x);
		}
		if (c->n != cm->expected)
			pga_die("%s: commit %s has %zu change rows, commits.csv.zst says %llu (artifacts out of step: re-run diff)",
				xin, dv(cm->sha), c->n, cm->expected);
		prepare_commit(c->ps, c->n);
		if (!ch.cw) {
			/* a reused chunk: nothing is in the pool (flushed at the chunk's start) */
			learn_classes(c->ps, c->n);
			advance_versions(NULL, cm, c->ps, c->n);
			commit_read_free(c);
			progress_rows(1);
			continue;
		}
		batch_add(reading, c);
		if (reading->nchanges >= batch_changes || reading->ddl_bytes >= BATCH_DDL_BYTES ||
		    reading->meta_bytes >= BATCH_META_BYTES)
			batches_advance(wp, &reading, &submitted, &ch, 0);
	}
	free(reading);
	if (have_x)
		pga_die("%s:%llu: change for commit %s, which is not in %s (artifacts out of step)", xin, ar_line(xr),
			dvn(x[0].data, x[0].len), cin);
	workpool_free(wp);
	changes_chunk_close(cs, &ch);
	unsigned long long nchunks = ci ? (ci - 1) / chunk_rows + 1 : 0;
	chunk_assemble(cs, "changes", classify_changes_cols, NCOLS(classify_changes_cols), nchunks);
	chunk_assemble(cs, "versions", classify_versions_cols, NCOLS(classify_versions_cols), nchunks);
	n_renames = by_type[C_RENAME] / 2; /* both rows of a rename are RENAME */
	ar_close(cr);
	ar_close(xr);
	free(cin);
	free(xin);
}

static void write_summary(const char *outdir)
{
	json_t *s = json_pack("{s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I}, s:I, s:I, s:O}", "blobs_classified",
			      (json_int_t)n_blobs, "blobs_unparseable", (json_int_t)n_unknown, "changes",
			      (json_int_t)n_changes, "changes_by_type", "CREATE", (json_int_t)by_type[C_CREATE],
			      "ALTER", (json_int_t)by_type[C_ALTER], "DROP", (json_int_t)by_type[C_DROP], "RENAME",
			      (json_int_t)by_type[C_RENAME], "formatting_only", (json_int_t)n_formatting_only,
			      "versions", (json_int_t)n_versions, "severity", severity_counts);
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
	printf("usage: pggit-audit-classify --diff DIR --outdir DIR [--chunk-rows N] [--threads N]\n"
	       "                             [--batch-changes N] [--export DIR]\n\n"
	       "Classify every distinct blob once with PostgreSQL's parser and label each change:\n"
	       "  DIR/blobs.csv.zst     per blob sha: object type, schema, name, owning table,\n"
	       "                        command tag, parse status (OK, UNKNOWN, NO_OBJECT) and error\n"
	       "  DIR/changes.csv.zst   per (commit, path): change_id, CREATE/ALTER/DROP/RENAME,\n"
	       "                        identity, severity, formatting_only, change_detail (JSON)\n"
	       "  DIR/versions.csv.zst  object versions, numbered per object in commit order\n"
	       "  DIR/summary.json      counts\n"
	       "Blobs are classified in chunks of N blobs, changes in chunks of N commits (default\n"
	       "50000), each checkpointed in DIR/parts/; a rerun after a crash keeps the finished\n"
	       "chunks (see docs/checkpoints.md).\n"
	       "--threads N parses on N threads, counting the main one (1 to 16; default: the\n"
	       "number of CPUs, at most 4; or the environment's PGGIT_AUDIT_THREADS). The outputs\n"
	       "do not depend on it.\n"
	       "--batch-changes N compares the changes of whole commits, at least N changes (1 to\n"
	       "1000000; default 8192) or 16 MiB of definitions, path by path: an object's version\n"
	       "is parsed once as the new side of one change and the old side of the next. More\n"
	       "memory for fewer parses; the outputs do not depend on it.\n"
	       "The blobs are read from the diff's DIR/blobs.csv.zst; --export DIR is only needed for\n"
	       "a diff output without it (an older version): the blobs then come from\n"
	       "DIR/objects.csv.zst of the export.\n");
	exit(status);
}

int main(int argc, char **argv)
{
	const char *outdir = NULL;
	static const struct option opts[] = {
		{ "export", required_argument, NULL, 'e' }, { "diff", required_argument, NULL, 'd' },
		{ "outdir", required_argument, NULL, 'o' }, { "quiet", no_argument, NULL, 'q' },
		{ "chunk-rows", required_argument, NULL, 'c' }, { "threads", required_argument, NULL, 't' },
		{ "batch-changes", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	pga_set_progname("pggit-audit-classify");
	/* before any JSON value exists: the parse trees are built in per-thread arenas */
	json_arena_install();
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': export_dir = optarg; break;
		case 'd': diff_dir = optarg; break;
		case 'o': outdir = optarg; break;
		case 'c':
			chunk_rows = parse_count_option("chunk-rows", optarg, 1, 100000000);
			break;
		case 't':
			n_threads = (unsigned)parse_count_option("threads", optarg, 1, MAX_THREADS);
			break;
		case 'b':
			batch_changes = parse_count_option("batch-changes", optarg, 1, 1000000);
			break;
		case 'q': pga_set_quiet(1); break;
		case 'h': usage(0); break;
		case 'V': printf("pggit-audit-classify %s (classifier rules %s)\n", PGGIT_AUDIT_VERSION, ddl_classifier_rules()); return 0;
		default: usage(2);
		}
	}
	if (!diff_dir || !outdir || optind != argc)
		usage(2);
	if (!n_threads)
		n_threads = workpool_default_threads(4, MAX_THREADS);
	char *diff_blobs = path_join(diff_dir, "blobs.csv.zst");
	if (access(diff_blobs, F_OK) == 0) {
		blobs_dir = diff_dir;
		blobs_file = "blobs.csv.zst";
	} else if (export_dir) {
		blobs_dir = export_dir;
		blobs_file = "objects.csv.zst";
	} else {
		pga_die("%s does not exist (a diff of an older version?): rerun the diff, or give --export DIR "
			"to read the blobs from the export's objects.csv.zst", diff_blobs);
	}
	free(diff_blobs);
	make_outdir(outdir);
	artifact_clean_tmp(outdir);
	scratch_fd = scratch_open(outdir, ".blobs.scratch", blob_scratch);
	blob_scratch = xasprintf("the blob scratch file %s/.blobs.scratch (unlinked)", outdir);
	/* jansson seeds its hash function on first use; seed it here, before any
	   thread, so no two threads race to do it (jansson's thread-safety rules) */
	json_object_seed(0);
	blob_ids = strmap_new();
	version_keys = strmap_new();
	severity_counts = json_object();
	progress_begin("classify");

	/* chunks of other inputs, chunk size, tool version or classifier rules (a build of the same
	   version with other rules) are never reused */
	struct strbuf fp = STRBUF_INIT;
	strbuf_addf(&fp, "pggit-audit-classify %s\nclassifier_rules %s\nchunk_rows %llu\n", PGGIT_AUDIT_VERSION,
		    ddl_classifier_rules(), chunk_rows);
	const char *const inputs[][2] = { { blobs_dir, blobs_file }, { diff_dir, "commits.csv.zst" },
					  { diff_dir, "changes.csv.zst" } };
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char sha[65], *p = path_join(inputs[i][0], inputs[i][1]);
		chunk_input_sha(p, sha);
		strbuf_addf(&fp, "%s %s\n", inputs[i][1], sha);
		free(p);
	}
	struct chunk_set *cs = chunks_open(outdir, fp.buf);
	strbuf_release(&fp);

	read_blobs();
	load_kept_blob_classes(cs);
	classify_changes(cs);
	classify_blobs(cs);
	write_summary(outdir);
	fault_point("classify-before-cleanup");
	chunks_finish(cs);
	progress_end();
	pga_info("classified %llu blobs (%llu unparseable); %llu changes: %llu CREATE, %llu ALTER, %llu DROP, "
		 "%llu RENAME (%llu formatting-only); %llu versions",
		 n_blobs, n_unknown, n_changes, by_type[C_CREATE], by_type[C_ALTER], by_type[C_DROP],
		 by_type[C_RENAME], n_formatting_only, n_versions);

	close(scratch_fd);
	for (uint32_t i = 0; i < strmap_count(blob_ids); i++)
		blob_info_release(&blobs[i]);
	free(blobs);
	free(blob_rows);
	free(vstates);
	strmap_free(blob_ids);
	strmap_free(version_keys);
	json_decref(severity_counts);
	return 0;
}
