/*
 * v1_baseline.h - which rows of pggit.objects the v1 replay creates in its
 * baseline commit (objects older than the history): one rule shared by the
 * pre-flight, which lists them, and the replay, which creates them, so the two
 * never disagree.
 *
 * An object is in the baseline when the history does not create it (no CREATE
 * row in its first statement: an object dropped and created again by the
 * history existed before it), it is not a column, it has a ddl_normalized, and
 * it is not a schema the history itself creates (its first CREATE/ALTER/DROP
 * SCHEMA naming it creates it: pgGit keeps a renamed schema's row under its new
 * name), nor a relation, type or domain whose row is the new name of a rename
 * or SET SCHEMA of the history (pgGit's row for the new name) while its old
 * name exists otherwise; when the old name does not, the object is created and
 * given back its old name. Functions and procedures (rows named by OID) have the
 * renames and moves on their rows undone the same way. A schema named by an objects row is created first
 * unless it is public, pg_*, information_schema, the replay's helper schema, or
 * one the history creates.
 */
#ifndef PGA_V1_BASELINE_H
#define PGA_V1_BASELINE_H

#include "v1_history.h"

struct v1_baseline_filter;

/* Read V1DIR/history.csv.zst once (dies on damage). The caller frees the filter. */
struct v1_baseline_filter *v1_baseline_filter_new(const char *v1dir);
void v1_baseline_filter_free(struct v1_baseline_filter *f);

/*
 * 1 if the history creates objects row id: a CREATE row in the object's first
 * statement. An object the history alters or drops first and creates later
 * (pgGit keeps one row per name) existed before the history: 0.
 */
int v1_baseline_has_create(const struct v1_baseline_filter *f, long long id);

/* 1 if schema (an objects row's schema_name, "" for none) is created in the baseline. */
int v1_baseline_wants_schema(const struct v1_baseline_filter *f, const char *schema);

/*
 * 1 if objects row o is created from its ddl_normalized in the baseline; else 0
 * and *why (a static string) says why not: "the history creates it", "a column",
 * "no ddl_normalized", "a schema the history creates", "the new name of a rename
 * in the history", "on another branch" (only the replayed branch's rows count,
 * v1_replayed_branch(): the history rows of other branches' objects are ignored too).
 */
int v1_baseline_wants_object(const struct v1_baseline_filter *f, const struct v1_object_row *o, const char **why);

/*
 * For a baseline object stored under the name a rename (or SET SCHEMA) of the
 * history gives it, whose old name exists nowhere else: the ALTER statements
 * to run after its definition, giving it back the name it had before the
 * history (owned by f); NULL for any other object.
 */
const char *v1_baseline_rename_back(const struct v1_baseline_filter *f, long long id);

/*
 * The name a pggit.objects object_name stands for, decoded: pgGit keeps regclass::text less a
 * leading "schema." spelled as the raw schema name, so a name needing quotes keeps them, and so
 * does a schema needing quotes ("Sales"."Orders" is Orders). The text itself when it is not a dotted
 * list of identifiers. Caller frees.
 */
char *v1_object_name_of(const char *object_name);

/*
 * 1 when two CREATE rows of one SQL text and time (pggit.objects type, schema_name, object_name of
 * each) cannot be one statement's: the same type and name (decoded) in two schemas. One command
 * creates one object of a name; such rows are two commands that sent the same text in one
 * transaction (docs/v1-backfill.md, "Commits"), when the text is one command (v1_one_command,
 * asked by the caller once this says 1). Two ALTER or two DROP rows alike, when the one command
 * names its object unqualified (v1_one_unqualified_command). The replay and the pre-flight split
 * them alike.
 */
int v1_creates_clash(const char *type_a, const char *schema_a, const char *name_a, const char *type_b,
		     const char *schema_b, const char *name_b);

#endif
