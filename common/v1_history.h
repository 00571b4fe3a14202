/*
 * v1_history.h - the pgGit v1 history (SOURCE_FORMAT.md section 2) as
 * artifacts: the v1export stage streams pggit.history and pggit.objects in
 * id order into V1DIR/history.csv.zst and V1DIR/objects.csv.zst (checked
 * sidecars, docs/design.md), which the preflight and replay stages read.
 */
#ifndef PGA_V1_HISTORY_H
#define PGA_V1_HISTORY_H

#include <libpq-fe.h>

#include "artifact.h"

#define V1_HISTORY_FILE "history.csv.zst"
#define V1_OBJECTS_FILE "objects.csv.zst"
#define V1_HISTORY_NCOLS 9
#define V1_OBJECTS_NCOLS 11

extern const char *const v1_history_cols[V1_HISTORY_NCOLS];
extern const char *const v1_objects_cols[V1_OBJECTS_NCOLS];

/*
 * Export the v1 tables of the source connection c into outdir (created),
 * plus outdir/source.json (server version, database, row counts; never the
 * conninfo). One REPEATABLE READ READ ONLY snapshot; dies if pggit.history
 * or pggit.objects is missing.
 */
void v1_export_source(PGconn *c, const char *outdir);

/* One history row; strings borrowed from the reader (valid until the next row), NULL for SQL NULL. */
struct v1_history_row {
	long long id;
	long long object_id;
	const char *change_type, *change_severity, *commit_hash, *change_description, *sql_executed;
	const char *created_at;   /* "YYYY-MM-DDTHH:MI:SS.US" (UTC, as stored) */
	const char *created_by;
};

/* One objects row; same ownership rules. */
struct v1_object_row {
	long long id;
	const char *object_type, *schema_name, *object_name, *parent_id, *ddl_normalized, *branch_name;
	const char *version, *metadata, *is_active, *created_at;
};

/* Open V1DIR/history.csv.zst (checked against its sidecar; dies on damage). */
struct artifact_reader *v1_history_open(const char *v1dir);
struct artifact_reader *v1_objects_open(const char *v1dir);
/* Next row: 1 and *row filled, 0 at the end. Dies on a malformed id. */
int v1_history_next(struct artifact_reader *r, struct v1_history_row *row);
int v1_objects_next(struct artifact_reader *r, struct v1_object_row *row);

/*
 * Branches (docs/v1-backfill.md, "Branches"): pgGit keeps one pggit.objects row per name and branch
 * (branch_name), and a history row belongs to its object's branch. The audit schema has no branch,
 * so the replay follows one: pgGit's default, V1_DEFAULT_BRANCH, unless the pre-flight and the
 * replay are given another (--branch). A NULL or blank branch_name is the column's default,
 * V1_DEFAULT_BRANCH. The rows of other branches are counted and accounted for, never replayed.
 */
#define V1_DEFAULT_BRANCH "main"

/* The branch followed: V1_DEFAULT_BRANCH until v1_set_replayed_branch(). The string is static or
   the caller's (it must outlive every use; an argv element does). */
const char *v1_replayed_branch(void);
/* Follow branch name instead; dies naming it when it is blank. */
void v1_set_replayed_branch(const char *name);

/* 1 if an objects row's branch_name is the replayed branch */
int v1_on_replayed_branch(const char *branch_name);

/* The objects rows of other branches, read from V1DIR/objects.csv.zst (dies on damage). */
struct v1_branches;
struct v1_branches *v1_branches_load(const char *v1dir);
void v1_branches_free(struct v1_branches *b);
/* objects row object_id's branch_name (owned by b) when it is not the replayed branch; NULL when it is,
   or when pggit.objects has no such row (a dangling object_id is the replayed branch's, as before) */
const char *v1_branch_of(const struct v1_branches *b, long long object_id);

/* 1 if s is NULL or only blanks (spaces, tabs, newlines): "no SQL" */
int v1_blank(const char *s);

#endif
