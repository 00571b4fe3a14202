/*
 * ddl_classify.h - classify a blob of PostgreSQL DDL with PostgreSQL's own
 * parser (libpg_query, PostgreSQL 15 grammar) and compare two definitions of
 * the same object.
 *
 * A "blob" is the DDL text that defines one schema object: possibly several
 * statements, comments, dollar-quoted bodies. It is classified by its
 * DEFINING statement: the first statement that creates an object (CREATE
 * TABLE, CREATE INDEX, CREATE FUNCTION, ...). Following COMMENT ON / ALTER /
 * GRANT statements are detail. A blob without any creating statement is
 * classified by its first statement that names an object (ALTER, DROP,
 * COMMENT, GRANT...), skipping SET and SELECT set_config(...) preambles and
 * statements that name none (LOCK, DO, INSERT...). A blob that renames or
 * moves the object it creates (CREATE TABLE t ...; ALTER TABLE t RENAME TO u)
 * is that object where it leaves it (u).
 *
 * Identity follows pg_event_trigger_ddl_commands(): object_type uses its
 * vocabulary; schema and name are as PostgreSQL stores them (quotes removed,
 * unquoted identifiers folded to lower case). An unqualified name gets the
 * schema "public" (the default search_path), or the first schema of a
 * preceding "SET search_path" / set_config('search_path', ...) in the same
 * blob; a temporary object gets "pg_temp". Schema-less objects (schema,
 * extension, event trigger, server, publication, subscription, foreign-data
 * wrapper, language...) have schema NULL. Names PostgreSQL would generate
 * (CREATE INDEX ON t (a), unnamed constraints) are computed the way
 * PostgreSQL's ChooseRelationName does it, assuming no name conflict.
 *
 * Threads: these functions may run on several threads at once (libpg_query
 * keeps its memory contexts per thread; jansson values are never shared
 * between calls), provided json_object_seed() was called once before the
 * threads started and each thread uses only its own inputs and results
 * (a struct ddl_blob, a returned json_t) until it hands them over.
 */
#ifndef PGA_DDL_CLASSIFY_H
#define PGA_DDL_CLASSIFY_H

#include <jansson.h>

enum ddl_status {
	DDL_OK = 0,        /* parsed; identity filled as far as the statement says */
	DDL_UNKNOWN = 1,   /* does not parse: error and error_position are set */
	DDL_NO_OBJECT = 2, /* parses but contains no statement naming an object
	                      (empty, only comments, only SELECT/SET...) */
};

/*
 * Result of classifying one blob of DDL. All strings are owned by the struct
 * (malloc'ed); free them with ddl_class_release(). Fields that do not apply
 * are NULL.
 */
struct ddl_class {
	int status;            /* enum ddl_status */
	char *command_tag;     /* command tag of the defining statement, e.g. "CREATE TABLE" */
	char *object_type;     /* pg_event_trigger_ddl_commands().object_type vocabulary:
	                          "table", "view", "materialized view", "function", "procedure",
	                          "aggregate", "index", "sequence", "type" (also for enum,
	                          composite, range types and domains, as PostgreSQL reports
	                          them: see subkind), "trigger", "event trigger", "schema",
	                          "policy", "rule", "extension", "collation", "foreign table",
	                          "server", "publication", "publication relation",
	                          "publication namespace" (a member added, set or dropped by
	                          ALTER PUBLICATION: parent_name is the publication),
	                          "subscription", "table constraint",
	                          "table column", "cast", "transform", "user mapping" (these
	                          three without a name)... NULL when unknown */
	char *schema;          /* as stored: quotes removed, unquoted folded to lower case */
	char *name;
	char *parent_schema, *parent_name; /* table of an index/trigger/policy/rule/constraint
	                                      (or of a commented column), else NULL */
	char *arguments;       /* functions, procedures, aggregates: the identity argument
	                          types (IN, INOUT, VARIADIC), e.g. "integer, text";
	                          built-in types use format_type() spelling, others as
	                          written. NULL for other objects */
	char *subkind;         /* finer kind where object_type is coarse: types "enum",
	                          "composite", "range", "domain", "base", "shell"; tables
	                          "partitioned table", "partition"; else NULL */
	int n_statements;      /* statements in the blob */
	int defining_statement;/* 0-based index of the statement classified, -1 if none */
	char *error;           /* DDL_UNKNOWN: "MESSAGE at character N"; else NULL */
	int error_position;    /* DDL_UNKNOWN: 1-based character position, 0 if none */
};

/*
 * Classify sql (a NUL-terminated blob). Always fills *out (the previous
 * contents are overwritten, not freed) and returns out->status. Never fails
 * for bad SQL; dies only on out-of-memory (a thread for a very deep blob included:
 * see ddl_parse_label()).
 */
int ddl_classify(const char *sql, struct ddl_class *out);

/*
 * What the calling thread parses from now on ("blob <sha>"; NULL: nothing said), for
 * the error that stops the program instead of making a blob DDL_UNKNOWN: the thread
 * with the stack a very deep statement needs cannot be started (no memory for it).
 * Without it the message could not say which blob. Thread-local; copied.
 */
void ddl_parse_label(const char *what);

/* Free the strings of c and zero it. Safe on a zeroed struct. */
void ddl_class_release(struct ddl_class *c);

/*
 * Compare two definitions of the same object (old_sql -> new_sql). Returns
 * a new JSON object; the caller owns the reference (json_decref):
 *   {"formatting_only": bool,   same parse tree once locations are removed
 *    "severity": "MAJOR"|"MINOR"|"PATCH",
 *    "hazards": ["table_rewrite", ...],   sorted, unique
 *    "detail": {...}}                     per object kind, see docs/classification.md
 * If either side does not parse: formatting_only false, severity "MAJOR",
 * detail {"unparseable": "old"|"new"|"both", "error": "..."}.
 * Output is deterministic: same input, same JSON (insertion-ordered keys).
 */
json_t *ddl_compare(const char *old_sql, const char *new_sql);

/*
 * The change "object created" / "object dropped" for a blob that appears /
 * disappears. Same JSON shape as ddl_compare() (formatting_only is false).
 * create: MINOR (additive), PATCH for indexes and comments; hazards such as
 * index_without_concurrently. drop: MAJOR with deletes_data for objects
 * holding data, PATCH for indexes. The argument is the object's definition
 * (the blob), not a DROP statement. Caller owns the returned reference.
 */
json_t *ddl_create_detail(const char *sql);
json_t *ddl_drop_detail(const char *sql);

/*
 * Hex SHA-256 (64 chars + NUL, caller frees) of the blob's parse tree in the
 * forms ddl_compare() reads as one definition (ddl_hash_form(): literals as
 * stored, references qualified, a table's constraints by generated name, the
 * other statements as matched...): two blobs ddl_compare() rates identical
 * have one hash, up to the rules docs/classification.md lists as not shared,
 * and two it rates changed have two. With ignore_identity, the defining object's own
 * schema and name are blanked wherever they appear as a whole name, so that
 * a drop + identical create under another name (a rename) gives equal
 * hashes. Returns NULL when the blob does not parse.
 */
char *ddl_semantic_hash(const char *sql, int ignore_identity);

/*
 * A blob parsed once for several of the calls below (one parse instead of one
 * per call). The results are the same as those of the text functions, which
 * are wrappers that parse, call and free.
 */
struct ddl_blob;

/*
 * The rules this build classifies by: the first 16 hex digits of the SHA-256 of the
 * classifier's sources (generated at build time) and of the libpg_query library file the
 * process runs with (its parse trees are what the rules read), so two builds of one version,
 * or one build after a parser upgrade, that may rate changes differently tell apart;
 * classify's resume fingerprint and the runner's records carry it. Computed once (reads
 * the library file, a few MB). Thread-safe. A test standing in for another build sets PGGIT_AUDIT_TEST_CLASSIFIER_RULES
 * (a non-empty value replaces the digest). Static storage; never NULL.
 */
const char *ddl_classifier_rules(void);

/* Parse sql (NULL reads as ""); never NULL, a parse error is kept. Free with ddl_blob_free(). */
struct ddl_blob *ddl_blob_parse(const char *sql);
void ddl_blob_free(struct ddl_blob *b); /* NULL is fine */

/* ddl_classify() of a parsed blob: the same result (out's strings are the caller's). */
int ddl_classify_blob(const struct ddl_blob *b, struct ddl_class *out);

/* ddl_compare(), ddl_create_detail(), ddl_drop_detail(), ddl_semantic_hash() of parsed blobs.
   The blobs are not modified; the results are owned by the caller as above. */
json_t *ddl_compare_blobs(const struct ddl_blob *old_blob, const struct ddl_blob *new_blob);
json_t *ddl_create_detail_blob(const struct ddl_blob *b);
json_t *ddl_drop_detail_blob(const struct ddl_blob *b);
char *ddl_semantic_hash_blob(const struct ddl_blob *b, int ignore_identity);

#endif
