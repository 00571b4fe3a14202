/* v1_baseline.c - the baseline rule of the v1 replay; see v1_baseline.h. */
#include "v1_baseline.h"
#include "ddl_classify.h"
#include "strbuf.h"
#include "strmap.h"
#include "util.h"
#include "v1_format.h"
#include "v1_scratch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A rename or move (struct v1_rename) kept: old_schema NULL when the text did not qualify it. */
struct rename {
	char *kind, *old_schema, *old_name, *new_schema, *new_name;
	char *args; /* a function's argument types, "(...)", or NULL */
	char **path; /* an unqualified move: the schemas of the text's own SET search_path before it, or NULL */
	size_t npath;
};

/* What the baseline does with an objects row that a rename of the history names by its new name. */
enum { RT_SKIP = 1, RT_BACK };

struct v1_baseline_filter {
	struct strmap *created;       /* objects ids ("%lld") the history creates: a CREATE row in their first statement */
	struct strmap *replaced;      /* ... of which pgGit knew before that statement, which only replaced them */
	struct strmap *schema_names;  /* schema -> dense id, in the order the history first names them */
	unsigned char *schema_created; /* dense id -> 1 if the history's first statement naming it creates it */
	size_t cap;
	struct strmap *first_seen;    /* objects ids with a history row -> their index while the history is read */
	struct strmap *target_ids;    /* objects ids ("%lld") -> index in targets */
	struct strmap *old_schemas;   /* the schemas the baseline creates (see path_old_schema()) */
	struct target {
		long long id;
		int decision;           /* RT_* */
		char *back_sql;         /* RT_BACK: the statements that give the object its name before the history */
	} *targets;
	size_t ntargets;
	/* the rows of other branches: no part of the replayed branch's baseline, nor of the history
	   deciding it (a branch copy of a table created beside main's made the baseline fail "already
	   exists", and an object only a branch had appeared in main's first commit) */
	struct v1_branches *branches;
};

struct rename_list {
	struct rename *r;
	size_t n, cap;
	const char *user; /* rename_event(): the created_by of the row whose text is read (NULL or blank: unknown) */
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/*
 * Keep e. user (resolve: the row's role; else e comes from a kept rename, already resolved) stands for
 * "$user" in the path of an unqualified move, as the replay runs it (v1_pin_search_path(), and the
 * path each text starts with): a move after no SET search_path of its text looked in the role's schema,
 * then public; a "$user" of the text's own path is the role, or nothing when the row does not say.
 */
static void rename_add(struct rename_list *l, const struct v1_rename *e, int resolve, const char *user)
{
	ALLOC_GROW(l->r, l->n + 1, l->cap, 4);
	struct rename *r = &l->r[l->n++];
	*r = (struct rename){ xstrdup(e->kind), dup_or_null(e->old_schema), xstrdup(e->old_name),
			      dup_or_null(e->new_schema), dup_or_null(e->new_name), dup_or_null(e->args), NULL, 0 };
	/* an unqualified move after the text's own SET search_path took its object from that path (which
	   schema of it: see path_old_schema()) */
	if (e->old_schema || !e->new_schema)
		return;
	if (resolve && v1_blank(user))
		user = NULL;
	size_t n = resolve && !e->npath && user ? 2 : e->npath;
	if (!n)
		return;
	r->path = xcalloc(n, sizeof(*r->path));
	if (resolve && !e->npath) {
		r->path[r->npath++] = xstrdup(user);
		r->path[r->npath++] = xstrdup("public");
		return;
	}
	for (size_t i = 0; i < e->npath; i++) {
		const char *s = e->path[i];
		if (resolve && !strcmp(s, "$user") && !(s = user))
			continue;
		r->path[r->npath++] = xstrdup(s);
	}
}

static void rename_event(void *arg, const struct v1_rename *e)
{
	struct rename_list *l = arg;
	rename_add(l, e, 1, l->user);
}

/* a kept rename, into another list */
static void rename_copy(struct rename_list *l, const struct rename *e)
{
	struct v1_rename v = { e->kind, e->old_schema, e->old_name, e->new_schema, e->new_name, e->args,
			       (const char *const *)e->path, e->npath };
	rename_add(l, &v, 0, NULL);
}

static void rename_list_release(struct rename_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->r[i].kind);
		free(l->r[i].old_schema);
		free(l->r[i].old_name);
		free(l->r[i].new_schema);
		free(l->r[i].new_name);
		free(l->r[i].args);
		for (size_t j = 0; j < l->r[i].npath; j++)
			free(l->r[i].path[j]);
		free(l->r[i].path);
	}
	free(l->r);
	memset(l, 0, sizeof(*l));
}

/*
 * pggit.objects keeps an object's name as regclass::text wrote it, minus a leading "schema." that is
 * spelled as the raw schema name: "CamelCase.Renamed" quoted, and "Sales"."Orders" whole when the
 * schema needs quotes. The last identifier, decoded (as the parser decodes the history's names); the
 * text itself when it is not a dotted list of identifiers.
 */
char *v1_object_name_of(const char *s)
{
	if (!s)
		return xstrdup("");
	struct strbuf last = STRBUF_INIT;
	const char *p = s;
	for (;;) {
		strbuf_reset(&last);
		if (*p == '"') {
			for (p++;; p++) {
				if (!*p)
					goto verbatim;
				if (*p == '"' && p[1] != '"')
					break;
				if (*p == '"')
					p++;
				strbuf_addch(&last, *p);
			}
			p++;
		} else {
			while (*p && *p != '.' && *p != '"')
				strbuf_addch(&last, *p++);
			if (!last.len)
				goto verbatim;
		}
		if (!*p)
			return strbuf_detach(&last, NULL);
		if (*p != '.')
			goto verbatim;
		p++;
	}
verbatim:
	strbuf_release(&last);
	return xstrdup(s);
}

int v1_creates_clash(const char *type_a, const char *schema_a, const char *name_a, const char *type_b,
		     const char *schema_b, const char *name_b)
{
	if (!type_a || !type_b || !schema_a || !schema_b || !*schema_a || !*schema_b || strcmp(type_a, type_b) != 0 ||
	    !strcmp(schema_a, schema_b))
		return 0;
	/* decoded: pgGit's regclass text quotes as needed, the raw names may be spelled apart */
	char *a = v1_object_name_of(name_a), *b = v1_object_name_of(name_b);
	int clash = !strcmp(a, b);
	free(a);
	free(b);
	return clash;
}

/* "schema\x1fname", the key of a (decoded) qualified name */
static char *qkey(const char *schema, const char *name)
{
	return xasprintf("%s\x1f%s", schema, name);
}

/* two created_by values the same role ("$user" of a text read the same way) */
static int same_user(const char *a, const char *b)
{
	if (v1_blank(a) || v1_blank(b))
		return v1_blank(a) && v1_blank(b);
	return !strcmp(a, b);
}

/* a name of pggit.objects rows (not columns), as the rename rule needs it */
struct oname {
	long long first_create;      /* the history row of its first CREATE (any row of the name), 0: none */
	int has_ddl;                 /* a row of the name the history does not create has a ddl_normalized */
	const struct rename *renamed_from; /* the rename that first gives a row of the name its name, or NULL */
	long long renamed_at;        /* the history row of that rename */
};

/*
 * The schema a rename or move r takes its object from, the object being in schema cur after it. An
 * unqualified SET SCHEMA names no old schema (one after a SET search_path of the same text has that
 * path's first schema as its old schema, see rename_event()): pgGit does not record the session's
 * search_path, the replay runs it with the new schema (the schema of pgGit's row) first in the search
 * path, then public, so the object it finds, not being in the new schema yet, is the one in public;
 * the baseline puts it there.
 */
static const char *old_schema_of(const struct rename *r, const char *cur)
{
	if (r->old_schema)
		return r->old_schema;
	if (!r->new_schema)
		return cur;
	/* a schema of the path other than the new one (the move of an object already there fails); which
	   one, where that matters, is path_old_schema()'s */
	for (size_t i = 0; i < r->npath; i++)
		if (strcmp(r->path[i], r->new_schema))
			return r->path[i];
	return "public";
}

/*
 * The schema an unqualified move r after the text's own SET search_path takes its object from, as
 * PostgreSQL looks it up: the first schema of the path where an object of that name is there when the
 * statement runs (found(arg, schema) says so), else the first schema of the path that exists before
 * the history (the baseline's schemas and public: the baseline gives the object back there, and
 * PostgreSQL passes over a schema of the path that does not exist), else the first (created as a
 * missing schema, as before). old_schema_of() for any other rename.
 */
static const char *path_old_schema(const struct v1_baseline_filter *f, const struct rename *r, const char *cur,
				   int (*found)(void *arg, const char *schema), void *arg)
{
	if (r->old_schema || !r->new_schema || !r->npath)
		return old_schema_of(r, cur);
	for (size_t i = 0; i < r->npath; i++)
		if (strcmp(r->path[i], r->new_schema) && found(arg, r->path[i]))
			return r->path[i];
	for (size_t i = 0; i < r->npath; i++)
		if (strcmp(r->path[i], r->new_schema) &&
		    (!strcmp(r->path[i], "public") || strmap_find(f->old_schemas, r->path[i], strlen(r->path[i])) != UINT32_MAX))
			return r->path[i];
	return old_schema_of(r, cur);
}

/* the rename (if any) of a statement's list l that names (schema, name) by its new name */
static const struct rename *renamed_to(const struct rename_list *l, const char *schema, const char *name)
{
	for (size_t i = 0; l && i < l->n; i++) {
		const struct rename *r = &l->r[i];
		if (r->new_name && !strcmp(r->new_name, name) && !strcmp(old_schema_of(r, schema), schema))
			return r;
		if (r->new_schema && !strcmp(r->new_schema, schema) && !strcmp(r->old_name, name) &&
		    strcmp(old_schema_of(r, schema), schema))
			return r;
	}
	return NULL;
}

/* the renames of each object's first history row, when that row is no CREATE */
struct first_renames {
	struct strmap *ids;          /* objects id ("%lld") -> index */
	struct rename_list *lists;
	long long *rows;             /* the history row */
	size_t n;
};

static const struct rename_list *first_renames_of(const struct first_renames *fr, long long id, long long *row)
{
	char k[32];
	int kn = snprintf(k, sizeof(k), "%lld", id);
	uint32_t i = strmap_find(fr->ids, k, (size_t)kn);
	if (i == UINT32_MAX)
		return NULL;
	*row = fr->rows ? fr->rows[i] : 0;
	return &fr->lists[i];
}

static const struct target *find_target(const struct v1_baseline_filter *f, long long id)
{
	char k[32];
	int n = snprintf(k, sizeof(k), "%lld", id);
	uint32_t i = strmap_find(f->target_ids, k, (size_t)n);
	return i == UINT32_MAX ? NULL : &f->targets[i];
}

static void add_target(struct v1_baseline_filter *f, long long id, int decision, char *back_sql)
{
	if (f->ntargets % 16 == 0)
		f->targets = xrealloc(f->targets, (f->ntargets + 16) * sizeof(*f->targets));
	f->targets[f->ntargets] = (struct target){ id, decision, back_sql };
	char k[32];
	int kn = snprintf(k, sizeof(k), "%lld", id);
	strmap_intern(f->target_ids, k, (size_t)kn, NULL);
	f->ntargets++;
}

/* ALTER statements that undo the renames of chain (the latest first), the object being at (schema, name);
   olds[i]: the schema chain[i] took it from (path_old_schema()) */
static char *undo_renames(const struct rename *const *chain, const char *const *olds, size_t n, const char *schema,
			  const char *name)
{
	struct strbuf b = STRBUF_INIT;
	char *at_schema = xstrdup(schema), *at_name = xstrdup(name);
	for (size_t i = 0; i < n; i++) {
		const struct rename *e = chain[i];
		char *old_schema = xstrdup(olds[i]);
		if (e->new_schema) { /* the old schema need not be in pggit.objects */
			strbuf_addstr(&b, "CREATE SCHEMA IF NOT EXISTS ");
			strbuf_add_sql_ident(&b, old_schema);
			strbuf_addstr(&b, ";\n");
		}
		strbuf_addf(&b, "ALTER %s ", e->kind);
		strbuf_add_sql_ident(&b, at_schema);
		strbuf_addch(&b, '.');
		strbuf_add_sql_ident(&b, at_name);
		if (e->args)
			strbuf_addstr(&b, e->args);
		strbuf_addstr(&b, e->new_schema ? " SET SCHEMA " : " RENAME TO ");
		strbuf_add_sql_ident(&b, e->new_schema ? old_schema : e->old_name);
		strbuf_addstr(&b, ";\n");
		free(at_schema);
		free(at_name);
		at_schema = old_schema;
		at_name = xstrdup(e->old_name);
	}
	free(at_schema);
	free(at_name);
	return strbuf_detach(&b, NULL);
}

/* path_old_schema()'s question for a relation: is an object named name in schema when history row at runs
   (the history created it before, a row of the name has a definition, or a rename gave it the name before) */
struct name_there {
	const struct strmap *index;
	const struct oname *names;
	const char *name;
	long long at;
};

static int name_there(void *arg, const char *schema)
{
	const struct name_there *nt = arg;
	char *key = qkey(schema, nt->name);
	uint32_t i = strmap_find(nt->index, key, strlen(key));
	free(key);
	if (i == UINT32_MAX)
		return 0;
	const struct oname *src = &nt->names[i];
	return (src->first_create && src->first_create < nt->at) || src->has_ddl ||
	       (src->renamed_from && src->renamed_at < nt->at);
}

/* the readers of the baseline: the replayed branch's rows only */
static int objects_next(const struct v1_baseline_filter *f, struct artifact_reader *r, struct v1_object_row *o)
{
	(void)f;
	while (v1_objects_next(r, o))
		if (v1_on_replayed_branch(o->branch_name))
			return 1;
	return 0;
}

static int history_next(const struct v1_baseline_filter *f, struct artifact_reader *r, struct v1_history_row *h)
{
	while (v1_history_next(r, h))
		if (!v1_branch_of(f->branches, h->object_id))
			return 1;
	return 0;
}

/*
 * pgGit makes a new pggit.objects row for a relation's (or type's) new name when the history renames
 * or moves it, with that name's latest definition and no CREATE row: its first history row is the
 * rename. Created in the baseline under that name, the object made the rename fail ("already
 * exists") and the snapshots never showed the rename. Such a row is left out when the old name exists
 * otherwise when the rename runs (the history created it before, or a row of that name has a
 * definition: the baseline creates it, or it is itself a rename's new name), else it is created
 * under its new name and given back the name it had before the history (its renames undone, following
 * renames whose rows have no definition).
 */
static void decide_renames(struct v1_baseline_filter *f, const char *v1dir, const struct first_renames *fr,
			   const struct strmap *created, const long long *created_row)
{
	struct oname *names = NULL;
	size_t cap = 0;
	struct strmap *index = strmap_new();
	struct artifact_reader *orr = v1_objects_open(v1dir);
	struct v1_object_row o;
	while (objects_next(f, orr, &o)) {
		if (!o.object_type || !strcmp(o.object_type, "COLUMN") || !o.object_name)
			continue;
		char *sn = xstrdup(o.schema_name ? o.schema_name : ""), *nm = v1_object_name_of(o.object_name), *key = qkey(sn, nm);
		int added;
		uint32_t i = strmap_intern(index, key, strlen(key), &added);
		ALLOC_GROW_ZERO(names, (size_t)i + 1, cap, 64);
		struct oname *on = &names[i];
		char k[32];
		int kn = snprintf(k, sizeof(k), "%lld", o.id);
		uint32_t ci = strmap_find(created, k, (size_t)kn);
		if (ci != UINT32_MAX && (!on->first_create || created_row[ci] < on->first_create))
			on->first_create = created_row[ci];
		/* a row the history creates is in no baseline, whatever its definition */
		int history_creates = v1_baseline_has_create(f, o.id);
		on->has_ddl |= !history_creates && !v1_blank(o.ddl_normalized);
		long long row = 0;
		const struct rename *r = !history_creates ? renamed_to(first_renames_of(fr, o.id, &row), sn, nm) : NULL;
		if (r && (!on->renamed_from || row < on->renamed_at)) {
			on->renamed_from = r;
			on->renamed_at = row;
		}
		free(sn);
		free(nm);
		free(key);
	}
	ar_close(orr);
	orr = v1_objects_open(v1dir);
	while (objects_next(f, orr, &o)) {
		if (!o.object_type || !strcmp(o.object_type, "COLUMN") || !o.object_name || v1_blank(o.ddl_normalized) ||
		    v1_baseline_has_create(f, o.id))
			continue;
		char *sn = xstrdup(o.schema_name ? o.schema_name : ""), *nm = v1_object_name_of(o.object_name);
		long long at = 0;
		const struct rename *r = renamed_to(first_renames_of(fr, o.id, &at), sn, nm);
		if (!r) {
			free(sn);
			free(nm);
			continue;
		}
		/* walk back to the name the object had before the history */
		const struct rename *chain[64];
		char *olds[64];
		size_t nchain = 0;
		char *cur_schema = xstrdup(sn);
		int decision = RT_BACK;
		while (r && nchain < sizeof(chain) / sizeof(chain[0])) {
			struct name_there nt = { index, names, r->old_name, at };
			olds[nchain] = xstrdup(path_old_schema(f, r, cur_schema, name_there, &nt));
			chain[nchain++] = r;
			char *old_schema = xstrdup(olds[nchain - 1]);
			free(cur_schema);
			cur_schema = old_schema;
			char *key = qkey(old_schema, r->old_name);
			uint32_t i = strmap_find(index, key, strlen(key));
			free(key);
			if (i == UINT32_MAX)
				break;
			const struct oname *src = &names[i];
			if ((src->first_create && src->first_create < at) || src->has_ddl) {
				decision = RT_SKIP;
				break;
			}
			/* a name without a definition that a rename gave before: keep walking back */
			r = src->renamed_from && src->renamed_at < at ? src->renamed_from : NULL;
			at = src->renamed_at;
		}
		free(cur_schema);
		add_target(f, o.id, decision,
			   decision == RT_BACK ? undo_renames(chain, (const char *const *)olds, nchain, sn, nm) : NULL);
		for (size_t i = 0; i < nchain; i++)
			free(olds[i]);
		free(sn);
		free(nm);
	}
	ar_close(orr);
	free(names);
	strmap_free(index);
}

/* path_old_schema()'s question for a routine: does the baseline create the row of that OID in schema */
struct routine_there {
	const struct strmap *present;
	const char *oid;
};

static int routine_there(void *arg, const char *schema)
{
	const struct routine_there *rt = arg;
	char *key = qkey(schema, rt->oid);
	int there = strmap_find(rt->present, key, strlen(key)) != UINT32_MAX;
	free(key);
	return there;
}

static int is_routine(const char *object_type)
{
	return object_type && (!strcmp(object_type, "FUNCTION") || !strcmp(object_type, "PROCEDURE"));
}

/*
 * pgGit names a function's row by its OID, so a rename (ALTER FUNCTION ... RENAME TO) keeps the row,
 * whose definition is the latest, under the new name: created so in the baseline, the history's
 * rename failed ("does not exist"), and so did everything naming the old name before it. A move (SET
 * SCHEMA) makes a new row under the new schema, its first history row the move. The renames and
 * moves a routine's rows name are undone, walking back from the name its definition gives it,
 * matched by name (a script's text is on the rows of every object it touched); a move whose old
 * schema has the same OID's row with a definition leaves this row out instead, as for relations.
 */
static void decide_routines(struct v1_baseline_filter *f, const char *v1dir, const struct first_renames *rr)
{
	if (!rr->n)
		return;
	struct strmap *present = strmap_new(); /* (schema, OID) of the routine rows the baseline creates */
	struct artifact_reader *orr = v1_objects_open(v1dir);
	struct v1_object_row o;
	while (objects_next(f, orr, &o)) {
		if (!is_routine(o.object_type) || !o.object_name || v1_blank(o.ddl_normalized) || v1_baseline_has_create(f, o.id))
			continue;
		char *key = qkey(o.schema_name ? o.schema_name : "", o.object_name);
		strmap_intern(present, key, strlen(key), NULL);
		free(key);
	}
	ar_close(orr);
	orr = v1_objects_open(v1dir);
	while (objects_next(f, orr, &o)) {
		long long row = 0;
		const struct rename_list *l;
		if (!is_routine(o.object_type) || !o.object_name || v1_blank(o.ddl_normalized) ||
		    v1_baseline_has_create(f, o.id) || !(l = first_renames_of(rr, o.id, &row)) || find_target(f, o.id))
			continue;
		char *final_schema = NULL, *final_name = v1_routine_created(o.ddl_normalized, &final_schema);
		if (!final_name)
			continue;
		if (!final_schema)
			final_schema = xstrdup(o.schema_name ? o.schema_name : "public");
		const struct rename **chain = xcalloc(l->n, sizeof(*chain));
		size_t nchain = 0;
		int decision = RT_BACK;
		const char *cur_schema = final_schema, *cur_name = final_name;
		const char **olds = xcalloc(l->n, sizeof(*olds));
		for (size_t i = l->n; i-- > 0;) {
			const struct rename *e = &l->r[i];
			struct routine_there rt = { present, o.object_name };
			const char *old = path_old_schema(f, e, cur_schema, routine_there, &rt);
			if (e->new_name && !strcmp(e->new_name, cur_name) && !strcmp(old, cur_schema)) {
				cur_name = e->old_name;
			} else if (e->new_schema && !strcmp(e->new_schema, cur_schema) && !strcmp(e->old_name, cur_name) &&
				   strcmp(old, cur_schema)) {
				char *key = qkey(old, o.object_name);
				int there = strmap_find(present, key, strlen(key)) != UINT32_MAX;
				free(key);
				if (there) {
					decision = RT_SKIP;
					break;
				}
				cur_schema = old;
			} else {
				continue;
			}
			olds[nchain] = old;
			chain[nchain++] = e;
		}
		if (decision == RT_SKIP)
			add_target(f, o.id, RT_SKIP, NULL);
		else if (nchain)
			add_target(f, o.id, RT_BACK, undo_renames(chain, olds, nchain, final_schema, final_name));
		free(olds);
		free(chain);
		free(final_schema);
		free(final_name);
	}
	ar_close(orr);
	strmap_free(present);
}

/* FNV-1a of a row's text and time: the rows of one statement share both */
static uint64_t statement_hash(const char *sql, const char *time)
{
	uint64_t h = 1469598103934665603ULL;
	const char *parts[] = { sql ? sql : "", "\x01", time ? time : "" };
	for (size_t i = 0; i < 3; i++)
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++)
			h = (h ^ *p) * 1099511628211ULL;
	return h;
}

static void schema_event(void *arg, int created, const char *schema)
{
	struct v1_baseline_filter *f = arg;
	int added;
	uint32_t id = strmap_intern(f->schema_names, schema, strlen(schema), &added);
	if (!added)
		return;
	ALLOC_GROW(f->schema_created, (size_t)id + 1, f->cap, 16);
	f->schema_created[id] = (unsigned char)created;
}

struct v1_baseline_filter *v1_baseline_filter_new(const char *v1dir)
{
	struct v1_baseline_filter *f = xcalloc(1, sizeof(*f));
	f->created = strmap_new();
	f->replaced = strmap_new();
	f->schema_names = strmap_new();
	f->first_seen = strmap_new();
	f->target_ids = strmap_new();
	f->branches = v1_branches_load(v1dir);
	/* objects with any CREATE row -> the history row of the first one (the renames' rule) */
	struct strmap *any_create = strmap_new();
	long long *created_row = NULL;
	size_t created_cap = 0;
	uint64_t *first_hash = NULL; /* f->first_seen's id -> its first row's statement (text and time) */
	char **first_time = NULL;    /* f->first_seen's id -> its first row's created_at, or NULL */
	unsigned char *first_replace = NULL; /* f->first_seen's id -> 1: created by a text that only replaces */
	size_t first_cap = 0;
	char *prev_replace_sql = NULL;
	int prev_replace = 0;
	struct first_renames fr = { strmap_new(), NULL, NULL, 0 };
	char *prev_sql = NULL, *prev_rename_sql = NULL, *prev_routine_sql = NULL;
	char *prev_rename_user = NULL, *prev_routine_user = NULL; /* the created_by those texts were read with */
	struct rename_list prev_renames = { 0 }, prev_routine = { 0 };
	/* every routine rename or move of each object's rows, in history order (the rows' ids unused) */
	struct first_renames rr = { strmap_new(), NULL, NULL, 0 };
	uint64_t *rr_last = NULL; /* rr's object -> the statement it last took renames from */
	struct artifact_reader *hr = v1_history_open(v1dir);
	struct v1_history_row h;
	while (history_next(f, hr, &h)) {
		char k[32];
		int kn = snprintf(k, sizeof(k), "history row %lld", h.id);
		ddl_parse_label(k); /* the statement's parses below name its row if they cannot run */
		kn = snprintf(k, sizeof(k), "%lld", h.object_id);
		int first;
		uint32_t oi = strmap_intern(f->first_seen, k, (size_t)kn, &first);
		uint64_t hh = statement_hash(h.sql_executed, h.created_at);
		if (first) {
			size_t old_cap = first_cap;
			ALLOC_GROW(first_hash, (size_t)oi + 1, first_cap, 64);
			if (first_cap != old_cap) {
				first_time = xreallocarray(first_time, first_cap, sizeof(*first_time));
				first_replace = xreallocarray(first_replace, first_cap, sizeof(*first_replace));
			}
			first_hash[oi] = hh;
			first_time[oi] = dup_or_null(h.created_at);
			first_replace[oi] = 0;
		}
		if (h.change_type && !strcmp(h.change_type, "CREATE")) {
			int added;
			uint32_t ci = strmap_intern(any_create, k, (size_t)kn, &added);
			if (added) {
				ALLOC_GROW(created_row, (size_t)ci + 1, created_cap, 64);
				created_row[ci] = h.id;
			}
			/* created by the history only when its first statement creates it (pgGit may write a
			   statement's ALTER row before its CREATE row); an object the history alters or drops
			   first, then creates again (pgGit keeps one row per name), existed before it */
			if (first || first_hash[oi] == hh) {
				strmap_intern(f->created, k, (size_t)kn, NULL);
				if (h.sql_executed && !(prev_replace_sql && !strcmp(prev_replace_sql, h.sql_executed))) {
					free(prev_replace_sql);
					prev_replace_sql = xstrdup(h.sql_executed);
					/* only a text that says "replace" can be one: the others are not parsed */
					prev_replace = strcasestr(h.sql_executed, "replace") &&
						       v1_creates_only_by_replace(h.sql_executed);
				}
				first_replace[oi] = h.sql_executed && prev_replace;
			}
		} else if (first && h.sql_executed &&
			   (strcasestr(h.sql_executed, "rename") || strcasestr(h.sql_executed, "schema"))) {
			/* the rows of one statement repeat its text: parsed once */
			if (!(prev_rename_sql && !strcmp(prev_rename_sql, h.sql_executed) && same_user(prev_rename_user, h.created_by))) {
				free(prev_rename_sql);
				prev_rename_sql = xstrdup(h.sql_executed);
				free(prev_rename_user);
				prev_rename_user = dup_or_null(h.created_by);
				rename_list_release(&prev_renames);
				prev_renames.user = h.created_by;
				v1_rename_events(h.sql_executed, rename_event, &prev_renames);
			}
			if (prev_renames.n) {
				if (fr.n % 64 == 0) {
					fr.lists = xrealloc(fr.lists, (fr.n + 64) * sizeof(*fr.lists));
					fr.rows = xrealloc(fr.rows, (fr.n + 64) * sizeof(*fr.rows));
				}
				struct rename_list *c = &fr.lists[fr.n];
				memset(c, 0, sizeof(*c));
				for (size_t i = 0; i < prev_renames.n; i++)
					rename_copy(c, &prev_renames.r[i]);
				fr.rows[fr.n] = h.id;
				strmap_intern(fr.ids, k, (size_t)kn, NULL);
				fr.n++;
			}
		}
		if (h.sql_executed && (strcasestr(h.sql_executed, "rename") || strcasestr(h.sql_executed, "schema"))) {
			if (!(prev_routine_sql && !strcmp(prev_routine_sql, h.sql_executed) &&
			      same_user(prev_routine_user, h.created_by))) {
				free(prev_routine_sql);
				prev_routine_sql = xstrdup(h.sql_executed);
				free(prev_routine_user);
				prev_routine_user = dup_or_null(h.created_by);
				rename_list_release(&prev_routine);
				prev_routine.user = h.created_by;
				v1_routine_rename_events(h.sql_executed, rename_event, &prev_routine);
			}
			if (prev_routine.n) {
				int added;
				uint32_t ri = strmap_intern(rr.ids, k, (size_t)kn, &added);
				if (added) {
					if (rr.n % 64 == 0) {
						rr.lists = xrealloc(rr.lists, (rr.n + 64) * sizeof(*rr.lists));
						rr_last = xrealloc(rr_last, (rr.n + 64) * sizeof(*rr_last));
					}
					memset(&rr.lists[ri], 0, sizeof(rr.lists[ri]));
					rr.n++;
				}
				/* two rows of one object from one statement: its renames once */
				if (added || rr_last[ri] != hh)
					for (size_t i = 0; i < prev_routine.n; i++)
						rename_copy(&rr.lists[ri], &prev_routine.r[i]);
				rr_last[ri] = hh;
			}
		}
		/* the rows of one statement repeat its text: parsed once; only a text naming a schema is parsed */
		if (h.sql_executed && !(prev_sql && !strcmp(prev_sql, h.sql_executed)) &&
		    strcasestr(h.sql_executed, "schema")) {
			free(prev_sql);
			prev_sql = xstrdup(h.sql_executed);
			v1_schema_events(h.sql_executed, schema_event, f);
		}
	}
	ar_close(hr);
	free(prev_sql);
	free(prev_rename_sql);
	free(prev_rename_user);
	rename_list_release(&prev_renames);
	/*
	 * pgGit writes CREATE for CREATE OR REPLACE whether or not the object existed, and makes an
	 * object's row in the transaction of its first history row (the same created_at). A row older than
	 * its first history row, which only replaced, is an object pgGit knew before the history touched
	 * it: it existed, and that statement modified it.
	 */
	struct artifact_reader *orr = v1_objects_open(v1dir);
	struct v1_object_row o;
	while (objects_next(f, orr, &o)) {
		char k[32];
		int kn = snprintf(k, sizeof(k), "%lld", o.id);
		uint32_t oi = strmap_find(f->first_seen, k, (size_t)kn);
		if (oi != UINT32_MAX && first_replace[oi] && first_time[oi] && o.created_at &&
		    strcmp(o.created_at, first_time[oi]) < 0)
			strmap_intern(f->replaced, k, (size_t)kn, NULL);
	}
	ar_close(orr);
	for (uint32_t i = 0; i < strmap_count(f->first_seen); i++)
		free(first_time[i]);
	free(first_time);
	free(first_replace);
	free(prev_replace_sql);
	/* the schemas the baseline creates: every schema pggit.objects names, a SCHEMA row's with a definition */
	f->old_schemas = strmap_new();
	orr = v1_objects_open(v1dir);
	while (objects_next(f, orr, &o)) {
		if (o.schema_name && v1_baseline_wants_schema(f, o.schema_name))
			strmap_intern(f->old_schemas, o.schema_name, strlen(o.schema_name), NULL);
		if (o.object_type && !strcmp(o.object_type, "SCHEMA") && o.object_name && !v1_blank(o.ddl_normalized)) {
			char *nm = v1_object_name_of(o.object_name);
			if (v1_baseline_wants_schema(f, nm))
				strmap_intern(f->old_schemas, nm, strlen(nm), NULL);
			free(nm);
		}
	}
	ar_close(orr);
	decide_renames(f, v1dir, &fr, any_create, created_row);
	decide_routines(f, v1dir, &rr);
	free(prev_routine_sql);
	free(prev_routine_user);
	rename_list_release(&prev_routine);
	for (size_t i = 0; i < rr.n; i++)
		rename_list_release(&rr.lists[i]);
	free(rr.lists);
	free(rr_last);
	strmap_free(rr.ids);
	for (size_t i = 0; i < fr.n; i++)
		rename_list_release(&fr.lists[i]);
	free(fr.lists);
	free(fr.rows);
	strmap_free(fr.ids);
	free(created_row);
	free(first_hash);
	strmap_free(any_create);
	return f;
}

void v1_baseline_filter_free(struct v1_baseline_filter *f)
{
	if (!f)
		return;
	strmap_free(f->created);
	strmap_free(f->replaced);
	strmap_free(f->schema_names);
	free(f->schema_created);
	strmap_free(f->first_seen);
	strmap_free(f->target_ids);
	strmap_free(f->old_schemas);
	v1_branches_free(f->branches);
	for (size_t i = 0; i < f->ntargets; i++)
		free(f->targets[i].back_sql);
	free(f->targets);
	free(f);
}

int v1_baseline_has_create(const struct v1_baseline_filter *f, long long id)
{
	char k[32];
	int n = snprintf(k, sizeof(k), "%lld", id);
	return strmap_find(f->created, k, (size_t)n) != UINT32_MAX && strmap_find(f->replaced, k, (size_t)n) == UINT32_MAX;
}

static int history_creates(const struct v1_baseline_filter *f, const char *schema)
{
	uint32_t id = strmap_find(f->schema_names, schema, strlen(schema));
	return id != UINT32_MAX && f->schema_created[id];
}

int v1_baseline_wants_schema(const struct v1_baseline_filter *f, const char *schema)
{
	/* a schema the history creates (CREATE SCHEMA, RENAME TO) before it drops or renames it did not
	   exist before the history: created by that statement (or, when a statement needs it earlier, as
	   a missing schema), not in the baseline, where the statement creating it would fail */
	return *schema && strcmp(schema, "public") && strncmp(schema, "pg_", 3) && strcmp(schema, "information_schema") &&
	       strcmp(schema, V1_HELPER_SCHEMA) && !history_creates(f, schema);
}


int v1_baseline_wants_object(const struct v1_baseline_filter *f, const struct v1_object_row *o, const char **why)
{
	if (!v1_on_replayed_branch(o->branch_name)) {
		*why = "on another branch";
		return 0;
	}
	if (v1_baseline_has_create(f, o->id)) {
		*why = "the history creates it";
		return 0;
	}
	if (!o->object_type || !strcmp(o->object_type, "COLUMN")) {
		*why = "a column";
		return 0;
	}
	if (v1_blank(o->ddl_normalized)) {
		*why = "no ddl_normalized";
		return 0;
	}
	/* its definition is its latest, under the name the history gave it: created in the baseline, it
	   would make the statement creating it fail ("already exists") */
	if (!strcmp(o->object_type, "SCHEMA") && o->object_name && history_creates(f, o->object_name)) {
		*why = "a schema the history creates";
		return 0;
	}
	const struct target *t = find_target(f, o->id);
	if (t && t->decision == RT_SKIP) {
		*why = "the new name of a rename in the history";
		return 0;
	}
	*why = NULL;
	return 1;
}

const char *v1_baseline_rename_back(const struct v1_baseline_filter *f, long long id)
{
	const struct target *t = find_target(f, id);
	return t && t->decision == RT_BACK ? t->back_sql : NULL;
}
