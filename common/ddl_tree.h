/*
 * ddl_tree.h - internal helpers of the DDL classifier: run libpg_query's
 * parser, walk its JSON parse tree (jansson), format type names, and find
 * the defining statement of a blob with its identity. Used by
 * ddl_classify.c and ddl_compare.c; not meant for the stage programs.
 *
 * Node convention of libpg_query's JSON: a node in a list or a Node* field is
 * a one-key object {"TypeName": {...fields...}}; a field of a fixed struct
 * type (RangeVar *relation, TypeName *typeName...) is the bare field object.
 * Fields equal to 0/false/NULL/"" are omitted.
 */
#ifndef PGA_DDL_TREE_H
#define PGA_DDL_TREE_H

#include <jansson.h>

/*
 * A parsed blob. root owns the tree; stmts is borrowed from root (may be empty).
 * The tree may be shared by several calls (struct ddl_blob), so it is not
 * modified: copy what you change (json_copy for the top level, json_deep_copy
 * below).
 */
struct ddl_parsed {
	json_t *root;
	json_t *stmts;      /* array of {"stmt": NODE} (locations removed) */
	char *error;        /* on failure: "MESSAGE at character N" (owned) */
	int error_position; /* on failure: 1-based character position, 0 if unknown */
};

/*
 * Parse sql; returns 0 on success, -1 on a parse error or a statement nested
 * deeper than the JSON reader goes (error set: the blob is then not classified). Free with
 * ddl_parsed_release(). The tree has no "location", "stmt_location" or
 * "stmt_len" fields: they only say where the text was, and every comparison
 * removed them anyway.
 */
int ddl_parse(const char *sql, struct ddl_parsed *out);
void ddl_parsed_release(struct ddl_parsed *p);

/* A parsed blob kept for several calls (struct ddl_blob of ddl_classify.h). */
struct ddl_blob {
	struct ddl_parsed parsed; /* the tree (shared by the calls: never modified) or the error */
	int rc;                   /* ddl_parse()'s return */
};

/* {"Type": inner} -> inner, *type = "Type" (type may be NULL). NULL if node is not such an object. */
json_t *ddl_node(json_t *node, const char **type);
/* The string field key of obj, or NULL. */
const char *ddl_str(json_t *obj, const char *key);
/* Integer field key of obj (omitted = 0). */
long long ddl_int(json_t *obj, const char *key);
/* Boolean field key of obj (omitted = false). */
int ddl_bool(json_t *obj, const char *key);
/* The text of a {"String": {"sval": ...}} node ("" when sval omitted), or NULL if not a String node. */
const char *ddl_sval(json_t *node);
/* The items of a {"List": {"items": [...]}} node, or node itself if it is an array; NULL otherwise. */
json_t *ddl_list_items(json_t *node);

/* sql with each name that follows the keyword TABLESPACE and is spelled name (after unquoting or
   case folding) replaced by with (a name as SQL spells it); NULL when there is none to replace. */
char *ddl_replace_tablespace(const char *sql, const char *name, const char *with);

/* sql with each mention of the role named role (a RoleSpec of its parse tree: OWNER TO, GRANT ... TO,
   AUTHORIZATION, FOR ROLE, a policy's TO) replaced by CURRENT_USER, and CREATE SCHEMA AUTHORIZATION role
   by CREATE SCHEMA "role" (the schema it names); NULL when there is none. */
char *ddl_replace_role(const char *sql, const char *role);

/* 1 if sql calls nextval() on a constant naming the relation schema.name (the text as nextval reads
   it: parts split at dots, unquoted ones folded to lower case; schema NULL: the name alone), 0 otherwise. */
int ddl_nextval_names(const char *sql, const char *schema, const char *name);

/* Remove every "location", "stmt_location" and "stmt_len" field, recursively, in place. */
void ddl_strip_locations(json_t *tree);

/* PostgreSQL's makeObjectName(): name1[_name2][_label] cut to 63 bytes (name2, label may be NULL). Caller frees. */
char *ddl_make_object_name(const char *name1, const char *name2, const char *label);

/*
 * Format a TypeName (the bare field object) the way format_type() spells
 * built-in types ("integer", "character varying(10)", "numeric(12,2)[]");
 * other types are their dotted names as written, less a leading pg_catalog
 * (pg_catalog.uuid is uuid). Caller frees.
 */
char *ddl_format_type(json_t *type_name);

/* The base name of a TypeName (the bare field object) that is one of pg_catalog's
   types (written pg_catalog.x, or x of PostgreSQL 15's pg_catalog, which comes first
   in every search_path that does not name it; _x is x[]): int4, text, varchar...;
   NULL for any other type (a domain, a user type). */
const char *ddl_catalog_type(json_t *type_name);

/* Whether name is a relation of PostgreSQL 15's pg_catalog (pg_class, pg_stats...), which
   an unqualified relation name finds ahead of the search_path as an unqualified type
   name finds ddl_catalog_type()'s: the row types of the list above, all named pg_. */
int ddl_catalog_relation(const char *name);

/*
 * FigureColname() of PostgreSQL (parser/parse_target.c) on a raw expression
 * node: the name a SELECT gives an unaliased output column and
 * FigureIndexColname() an index expression ("lower" for lower(b), "coalesce",
 * "int4" for 1::int, "case"...). Borrowed from the tree or static; NULL when
 * PostgreSQL finds none (it then says "?column?" for a query, "expr" for an index).
 */
const char *ddl_figure_colname(json_t *expr);

/*
 * The name of output column i of a SELECT node ({"SelectStmt": ...}, the left
 * arm of a set operation): its alias, else ddl_figure_colname(), else
 * "?column?"; "*" for a star, whose columns are not known here. NULL if there
 * is no column i.
 */
const char *ddl_select_colname(json_t *select, size_t i);

/*
 * The names PostgreSQL gives the unnamed constraints of one table or domain,
 * in the order it creates them: a generated name already taken (explicit or
 * generated before) gets label1, label2... as ChooseConstraintName() /
 * ChooseRelationName() do; names are truncated as makeObjectName() does.
 */
struct ddl_constraint_names {
	char *relname;
	int of_domain; /* a domain's CHECK is DOMAIN_check whatever it references */
	char **taken;
	size_t ntaken;
	char **columns;    /* the table's columns, when all are known (ddl_constraint_names_columns) */
	size_t ncolumns;
	int columns_known; /* else a lone name in a CHECK is taken for a column */
};
void ddl_constraint_names_init(struct ddl_constraint_names *c, const char *relname, int of_domain);
/* The table's columns are exactly these: a lone reference to the table's own name that is
   no column is the whole row, which gives a CHECK no column in its name (t_check). */
void ddl_constraint_names_columns(struct ddl_constraint_names *c, const char *const *columns, size_t n);
/* Mark name as taken (an explicitly named constraint). */
void ddl_constraint_names_take(struct ddl_constraint_names *c, const char *name);
/* The name of the unnamed constraint con (Constraint inner) written inline on column colname
   (NULL for a table constraint), now taken. Caller frees; NULL for a kind that has no name. */
char *ddl_constraint_names_choose(struct ddl_constraint_names *c, const char *colname, json_t *con);
void ddl_constraint_names_release(struct ddl_constraint_names *c);

/* Identity of the defining statement of a blob. All strings owned (malloc'ed). */
struct ddl_identity {
	const char *stmt_type;     /* node type of the statement ("CreateStmt"), borrowed static/tree */
	json_t *stmt;              /* the inner statement node, borrowed from the tree */
	char *command_tag, *object_type, *schema, *name, *parent_schema, *parent_name, *arguments;
	char *subkind;            /* see struct ddl_class */
	char *ref_schema;         /* where the statement's unqualified references to existing
	                             relations are taken to be: the first schema of the blob's
	                             search_path at it, pg_catalog and $user skipped ("public"
	                             by default), as for the table of CREATE INDEX */
	int index;                 /* 0-based statement index, -1 if none */
	int creates;               /* 1 if the statement creates the object */
	/* Later statements of the blob that rename the object it creates or move it to another
	   schema (RENAME TO, SET SCHEMA): schema and name are where they leave it, created_schema
	   and created_name where the defining statement put it (NULL when none moved it), moves
	   their 0-based indexes. */
	char *created_schema, *created_name;
	int *moves;
	size_t nr_moves;
};

/* Find and identify the defining statement of parsed stmts. Returns 0, or -1 if none names an object. */
int ddl_identify(json_t *stmts, struct ddl_identity *id);
/* Whether statement s (inner node of node type type) assigns the search_path (SET, RESET,
   set_config() in a SELECT), as the identity rules follow it. */
int ddl_sets_search_path(const char *type, json_t *s);
void ddl_identity_release(struct ddl_identity *id);

/*
 * A copy of stmts (new reference, the caller's to modify) with its literals in the forms
 * ddl_compare() reads as one value (ddl_compare.c: float literals as the Const they make,
 * arrays of numbers as array_out() writes them, a table's, domain's or parameter's default
 * and CHECKs and an aggregate's INITCOND as the catalog stores them), for
 * ddl_semantic_hash(): equal hashes only where the comparison sees the same literals.
 */
json_t *ddl_literals_as_stored(json_t *stmts);

/*
 * The statements of a blob (borrowed; a new tree returned) in the forms ddl_compare_blobs()
 * reads as one definition, for ddl_semantic_hash(): ddl_literals_as_stored()'s literals, the
 * defining statement as the comparison takes it (own name as its identity says, later
 * ALTERs folded in, no statement form, references qualified...), without the statements the
 * comparison reads into the identity or the definition; ignore_identity: without the
 * object's own name (ddl_blank_identity()), the other statements' texts included.
 */
json_t *ddl_hash_form(json_t *stmts, int ignore_identity);

/* tree (modified) without the name of the object id identifies wherever it stands as a whole
   name (and the name the blob created it under), for a hash that ignores the identity. */
void ddl_blank_identity(json_t *tree, const struct ddl_identity *id);

#endif
