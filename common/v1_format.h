/*
 * v1_format.h - what the replay needs to write a pggit_v0 store and to decide
 * which history statements may run: PostgreSQL-style base64 (76-character
 * lines), commit text, author identities and epochs from v1 rows, and the
 * screening of history statements (docs/v1-backfill.md, "What runs").
 */
#ifndef PGA_V1_FORMAT_H
#define PGA_V1_FORMAT_H

#include <stddef.h>

#include <jansson.h>

#include "ddl_tree.h"
#include "strbuf.h"

/*
 * Append base64 of raw (len bytes) to out as PostgreSQL's encode(..., 'base64')
 * writes it: a '\n' after every full line of 76 characters, the last line
 * included (PostgreSQL's pg_base64_encode does so when len is a multiple of 57).
 */
void v1_base64_pg(const void *raw, size_t len, struct strbuf *out);

/*
 * Append pggit_v0 commit text to out: "tree T\n", "parent P\n" when parent is
 * not NULL, "author IDENT EPOCH +0000\n", "committer IDENT EPOCH +0000\n",
 * "\n", message.
 */
void v1_commit_text(struct strbuf *out, const char *tree, const char *parent, const char *ident, long long epoch,
		    const char *message);

/*
 * The commit identity for a created_by value: "NAME <>" with control
 * characters turned into spaces and '<' '>' removed (they delimit the e-mail
 * in the commit text); "unknown <>" for NULL or blank. Caller frees.
 */
char *v1_author_ident(const char *created_by);

/* Whole seconds since 1970 (UTC) of "YYYY-MM-DDTHH:MI:SS[.US]", rounded down; 0 or -1 if malformed. */
int v1_epoch(const char *timestamp, long long *epoch);

/* A statement of a text of several that is not replayed while the others are (a DO block among DDL). */
struct v1_skipped_part {
	char *text;         /* the statement as written, without the blanks before it (owned) */
	const char *reason; /* static string */
};

struct v1_screen {
	const char *skip_reason;  /* NULL: may run; else why the statement is not replayed (static string) */
	char *parse_error;        /* the parser's message when it does not parse (owned) */
	int autocommit;           /* 1: must run outside a transaction block (CONCURRENTLY) */
	char *command;            /* first statement's node type, e.g. "CreateStmt" (owned), NULL if none */
	char *run_sql;            /* the text to execute when it is not sql itself (owned), see no_data */
	int no_data;              /* 1: a CREATE TABLE AS / MATERIALIZED VIEW / REFRESH was rewritten WITH NO DATA */
	int explicit_no_data;     /* 1: a materialized view was created or refreshed WITH NO DATA by the history */
	int ends_batch;           /* 1: commit right after it (ALTER TYPE ... ADD VALUE) */
	int sets_search_path;     /* 1: it runs SET/RESET search_path: the caller restores its own after it */
	int stripped;             /* 1: run_sql is sql without its BEGIN/COMMIT and session-only SETs */
	char **extensions;        /* extensions created or updated (owned), checked against the server */
	size_t nextensions;
	struct v1_skipped_part *skipped; /* statements cut out of run_sql because they may not run (owned) */
	size_t nskipped;
};

/*
 * Decide whether sql may be replayed: it must parse (PostgreSQL 15 grammar)
 * and every statement in it must be DDL acting inside one database and
 * unable to run code outside it (no roles, databases, tablespaces, ALTER
 * SYSTEM, subscriptions, COPY, DO, SET, transaction control, LANGUAGE c,
 * internal or untrusted languages, function calls in partition bounds,
 * REFRESH ... CONCURRENTLY, nothing naming the replay's helper schema, in
 * its text or in any identifier or string the parser decoded). The queries
 * of CREATE TABLE AS, CREATE MATERIALIZED VIEW and REFRESH are not to be run:
 * run_sql is the text rewritten WITH NO DATA (checked by parsing it again),
 * or the statement is skipped. A text of several statements (a script sent as
 * one query) may wrap its DDL in BEGIN/START TRANSACTION ... COMMIT/END and
 * set search_path, statement or lock timeouts and client_min_messages: the
 * transaction statements and timeouts are cut out of run_sql (production
 * committed the whole, or there would be no history row), SET search_path is
 * run (sets_search_path), any other SET or transaction statement (ROLLBACK,
 * SAVEPOINT, SET ROLE...) still skips the text. Any other statement that may
 * not run (a DO block, COPY, a role, a non-DDL statement...) in a text whose
 * other statements may is cut out of run_sql and listed in skipped (with its
 * reason), so the DDL beside it still runs; a text none of whose statements may
 * run is skipped whole (skip_reason: the first one's reason). Whether the extensions named in extensions
 * may be installed depends on the server: the caller checks. Fills *out;
 * release with v1_screen_release().
 */
void v1_screen_statement(const char *sql, struct v1_screen *out);
void v1_screen_release(struct v1_screen *s);

/*
 * sql without its statements that create or update (CREATE/ALTER EXTENSION) one of the extensions
 * names[0..n) (the server refuses them: the caller asked it), each appended to *skipped (*nskipped) with
 * reason (a static string); NULL, nothing appended, when there is none or sql does not parse.
 */
char *v1_cut_extensions(const char *sql, char *const *names, size_t n, const char *reason,
			struct v1_skipped_part **skipped, size_t *nskipped);

/*
 * sql with the statements that set its search_path made to mean for the replay what they meant in
 * production: RESET search_path and SET [LOCAL] search_path TO DEFAULT (a RESET ALL the screen turned
 * into RESET search_path included) become SET [LOCAL] search_path = start, the path the replay ran the
 * text with (its rows' schema first; PostgreSQL's own reset value is the server's default, without that
 * schema); "$user" in a SET's list becomes user, the role that ran the text (the row's created_by), or is
 * left out when user is NULL or blank (nothing says who ran it: a name resolved to the replaying role would
 * send unqualified names to a schema of that name). start is a list as current_setting() writes it (each
 * name quoted where needed; empty: no schema). NULL when no statement changes or sql does not parse.
 */
char *v1_pin_search_path(const char *sql, const char *start, const char *user);

/* One statement of a text: sql + offset, len bytes (without its ';'); session: a SET/RESET. */
struct v1_part {
	size_t offset, len;
	int session;
	int adds_enum_value; /* ALTER TYPE ... ADD VALUE: unusable until committed (55P04) */
};

/*
 * Split sql into its statements with the parser (PostgreSQL 15 grammar: a ';'
 * in a string, a comment, a dollar-quoted body or an identifier is not a
 * boundary; empty statements are dropped). *parts is allocated (caller frees),
 * *nparts set; -1 if sql does not parse.
 */
int v1_split_statements(const char *sql, struct v1_part **parts, size_t *nparts);

/*
 * Walking the statements of a text by what they are (their parse tree nodes), for the code that
 * asks what a history statement does (which schemas it creates, which partitions it detaches...):
 *
 *   struct v1_statements it;
 *   if (v1_statements_init(&it, sql) == 0)
 *           while (v1_statements_next(&it))
 *                   ... it.type ("AlterTableStmt"), it.stmt, it.index ...
 *   v1_statements_release(&it);
 *
 * v1_statements_init() parses sql with libpg_query (PostgreSQL 15 grammar, ddl_parse()) and
 * returns 0, or -1 when sql does not parse: error then holds the parser's message, and
 * v1_statements_next() finds no statement, so a caller that treats "does not parse" like "has no
 * such statement" may skip the test. v1_statements_next() steps to the next statement, in the
 * order of the text, and returns 1, or 0 after the last one; a statement whose node cannot be
 * read (not {"Type": {...}}) is passed over.
 *
 * The iterator owns the parse tree: type, stmt and error are borrowed from it and live until
 * v1_statements_release(), which must be called whatever init returned (a second call does
 * nothing). The tree is read-only and has no locations: a statement's text is found by
 * v1_split_statements(), whose parts are numbered like index.
 */
struct v1_statements {
	const char *type;  /* the current statement's node type, "CreateSchemaStmt" */
	json_t *stmt;      /* its node: the fields inside {"CreateSchemaStmt": ...} */
	size_t index;      /* its position among the text's statements, from 0 */
	size_t count;      /* how many statements the text has (0 when it does not parse) */
	const char *error; /* init returned -1: "MESSAGE at character N" (NULL if the parser gave none) */

	struct ddl_parsed parsed; /* private: the tree */
	size_t next;              /* private: the position of the statement next() looks at */
};

int v1_statements_init(struct v1_statements *it, const char *sql);
int v1_statements_next(struct v1_statements *it);
void v1_statements_release(struct v1_statements *it);

/*
 * 1 when sql holds one statement besides SET/RESET (a text that does not parse counts as one):
 * such a text, sent once, creates at most one object of a type and name. Two of its CREATE rows
 * of one name in two schemas are then two runs of it (v1_creates_clash); a script of several
 * statements may well have made both itself, after its own SET search_path.
 */
int v1_one_command(const char *sql);

/*
 * 1 when sql holds one statement besides SET/RESET and that statement names what it alters or
 * drops without a schema (ALTER TABLE t ..., DROP TABLE t, ALTER TYPE e ..., ALTER FUNCTION f(int)
 * ..., COMMENT ON TABLE t, ALTER ... RENAME / SET SCHEMA / OWNER TO; a trigger's, rule's or
 * policy's table, a column's table): production's search_path chose the one object of that name it
 * reached, so two of its ALTER or DROP rows of one name in two schemas are two runs of it
 * (v1_creates_clash). 0 when it qualifies a name (DROP TABLE a.t, b.t drops both in one run), holds
 * several statements, does not parse, or is a statement whose target this does not read (then the
 * rows stay one statement, as before).
 */
int v1_one_unqualified_command(const char *sql);

/*
 * Call cb for every schema a statement of sql creates (created = 1: CREATE
 * SCHEMA, the new name of ALTER SCHEMA ... RENAME TO) or proves to exist
 * already (created = 0: the old name of a rename, DROP SCHEMA), in the order
 * of the text. Nothing for a statement that does not parse.
 */
void v1_schema_events(const char *sql, void (*cb)(void *arg, int created, const char *schema), void *arg);

/* A rename (RENAME TO: new_name set) or a move (SET SCHEMA: new_schema set) of a relation, type or domain. */
struct v1_rename {
	const char *kind;       /* the ALTER keyword: "TABLE", "VIEW", "MATERIALIZED VIEW", "INDEX", "SEQUENCE",
				   "FOREIGN TABLE", "TYPE", "DOMAIN" */
	const char *old_schema; /* NULL: not qualified in the text */
	const char *old_name;
	const char *new_schema; /* NULL: unchanged */
	const char *new_name;   /* NULL: unchanged */
	const char *args;       /* v1_routine_rename_events: the argument types, "(\"pg_catalog\".\"int4\")", or
				   NULL when the text gave none (ALTER FUNCTION f RENAME TO g); NULL otherwise */
	const char *const *path; /* the schemas of a SET search_path earlier in the same text, in order ("$user" as
				    written: the role that ran the text; not pg_catalog, pg_temp), NULL if none: where
				    an unqualified name was looked up */
	size_t npath;
};

/*
 * Call cb for every rename or move of a relation, type or domain in sql, in the
 * order of the text (names as the parser decoded them; the strings live only
 * during the call). Nothing for a text that does not parse.
 */
void v1_rename_events(const char *sql, void (*cb)(void *arg, const struct v1_rename *r), void *arg);

/*
 * The same for functions and procedures (kind "FUNCTION", "PROCEDURE" or
 * "ROUTINE"), with their argument types as a signature (each name quoted, so
 * the text can be sent back). A signature with an argument given as
 * table.column%TYPE is not reported: it cannot be spelled back safely.
 */
void v1_routine_rename_events(const char *sql, void (*cb)(void *arg, const struct v1_rename *r), void *arg);

/*
 * The name of the first function or procedure sql creates (CREATE [OR REPLACE]
 * FUNCTION|PROCEDURE), decoded, and *schema its schema (NULL when unqualified),
 * both owned by the caller; NULL when there is none or sql does not parse.
 */
char *v1_routine_created(const char *sql, char **schema);

/*
 * 1 if sql creates only through CREATE OR REPLACE (FUNCTION, PROCEDURE, VIEW,
 * TRIGGER, RULE): every statement is one of those with OR REPLACE, or creates
 * nothing (SET, transaction control, COMMENT, GRANT, OWNER TO); 0 otherwise or
 * when it does not parse. Such a text may replace an object that existed.
 */
int v1_creates_only_by_replace(const char *sql);

#endif
