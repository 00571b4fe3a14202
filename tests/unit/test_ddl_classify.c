/*
 * test_ddl_classify.c - CUnit tests of the DDL classifier (common/ddl_classify.h):
 * identity of the defining statement under lexical traps, parse errors,
 * formatting-only vs semantic comparisons, severity and hazards; parse trees
 * without locations, and the parsed-blob calls against the text ones.
 */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>

#include "ddl_classify.h"
#include "ddl_tree.h"
#include "strbuf.h"
#include "util.h"

static int same_str(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

/*
 * ddl_classify_blob() of sql parsed once gives what ddl_classify(sql) gave (want),
 * twice in a row: the blob is shared, so nothing is taken from it (the error is a copy).
 */
static void same_from_blob(const char *sql, const struct ddl_class *want)
{
	struct ddl_blob *b = ddl_blob_parse(sql);
	for (int round = 0; round < 2; round++) {
		struct ddl_class c;
		CU_ASSERT_EQUAL(ddl_classify_blob(b, &c), want->status);
		CU_ASSERT_TRUE(c.status == want->status && same_str(c.command_tag, want->command_tag) &&
			       same_str(c.object_type, want->object_type) && same_str(c.schema, want->schema) &&
			       same_str(c.name, want->name) && same_str(c.parent_schema, want->parent_schema) &&
			       same_str(c.parent_name, want->parent_name) && same_str(c.arguments, want->arguments) &&
			       same_str(c.subkind, want->subkind) && same_str(c.error, want->error) &&
			       c.error_position == want->error_position && c.n_statements == want->n_statements &&
			       c.defining_statement == want->defining_statement);
		ddl_class_release(&c);
	}
	ddl_blob_free(b);
}

/* Classify sql and check every identity field (NULL means "must be NULL"). */
static void check_identity(const char *sql, const char *tag, const char *type, const char *schema,
			   const char *name, const char *parent_schema, const char *parent_name)
{
	struct ddl_class c;
	int rc = ddl_classify(sql, &c);

	CU_ASSERT_EQUAL(rc, DDL_OK);
	CU_ASSERT_EQUAL(c.status, DDL_OK);
#define CHECK_FIELD(field, want)                                                                    \
	do {                                                                                        \
		if ((want) == NULL) {                                                               \
			CU_ASSERT_PTR_NULL(c.field);                                                \
		} else {                                                                            \
			CU_ASSERT_PTR_NOT_NULL_FATAL(c.field);                                      \
			CU_ASSERT_STRING_EQUAL(c.field, (want));                                    \
		}                                                                                   \
		if (((want) == NULL) != (c.field == NULL) ||                                        \
		    ((want) && c.field && strcmp((want), c.field)))                                 \
			fprintf(stderr, "\n  %s: got %s, want %s for: %s\n", #field,                \
				c.field ? c.field : "NULL", (want) ? (want) : "NULL", sql);         \
	} while (0)
	CHECK_FIELD(command_tag, tag);
	CHECK_FIELD(object_type, type);
	CHECK_FIELD(schema, schema);
	CHECK_FIELD(name, name);
	CHECK_FIELD(parent_schema, parent_schema);
	CHECK_FIELD(parent_name, parent_name);
	CU_ASSERT_PTR_NULL(c.error);
	same_from_blob(sql, &c);
	ddl_class_release(&c);
}

static void test_quoted_and_folded_names(void)
{
	check_identity("CREATE TABLE \"Sales.EU\".\"Order.Lines\" (id int);", "CREATE TABLE", "table",
		       "Sales.EU", "Order.Lines", NULL, NULL);
	check_identity("create table App.Orders (id int)", "CREATE TABLE", "table", "app", "orders", NULL, NULL);
	check_identity("CREATE VIEW \"Analytics\".\"Top Customers\" AS SELECT 1 AS n", "CREATE VIEW", "view",
		       "Analytics", "Top Customers", NULL, NULL);
	check_identity("CREATE TABLE \"we\"\"ird\".\"a \"\"b\"\" c\" (x int)", "CREATE TABLE", "table", "we\"ird",
		       "a \"b\" c", NULL, NULL);
	/* non-ASCII: unquoted letters outside ASCII are not folded by PostgreSQL */
	check_identity("CREATE TABLE café.Größe (x int)", "CREATE TABLE", "table", "café", "größe", NULL, NULL);
	check_identity("CREATE TABLE \"日本\".\"表\" (x int)", "CREATE TABLE", "table", "日本", "表", NULL, NULL);
	check_identity("CREATE TABLE U&\"d\\0061t\\+000061\" (x int)", "CREATE TABLE", "table", "public", "data",
		       NULL, NULL);
}

static void test_comments_strings_and_dollar_quotes(void)
{
	check_identity("-- leading comment: CREATE VIEW nope AS SELECT 1;\n"
		       "/* block /* nested CREATE TABLE no (a int); */ still comment */\n"
		       "CREATE TABLE s.real_one (a text DEFAULT E'it\\'s; CREATE TABLE x')",
		       "CREATE TABLE", "table", "s", "real_one", NULL, NULL);
	check_identity("CREATE FUNCTION s.f() RETURNS void LANGUAGE plpgsql AS $body$\n"
		       "BEGIN EXECUTE 'CREATE TABLE x (a int)'; END\n$body$;\n"
		       "COMMENT ON FUNCTION s.f() IS $c$CREATE VIEW v$c$;",
		       "CREATE FUNCTION", "function", "s", "f", NULL, NULL);
	check_identity("CREATE FUNCTION \"My Fn\"(a integer) RETURNS int AS $$ select $1 $$ LANGUAGE sql",
		       "CREATE FUNCTION", "function", "public", "My Fn", NULL, NULL);
}

static void test_statement_variants(void)
{
	check_identity("CREATE TABLE IF NOT EXISTS t1 (a int)", "CREATE TABLE", "table", "public", "t1", NULL, NULL);
	check_identity("CREATE OR REPLACE VIEW v1 AS SELECT 1", "CREATE VIEW", "view", "public", "v1", NULL, NULL);
	check_identity("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON \"S\".\"T\" (a)", "CREATE INDEX", "index",
		       "S", "ix", "S", "T");
	check_identity("CREATE TEMP TABLE tt (a int)", "CREATE TABLE", "table", "pg_temp", "tt", NULL, NULL);
	check_identity("CREATE UNLOGGED TABLE u.t (a int)", "CREATE TABLE", "table", "u", "t", NULL, NULL);
	check_identity("CREATE\n  TABLE\n\tmulti\n.\nline\n(\na int\n)", "CREATE TABLE", "table", "multi", "line",
		       NULL, NULL);
	check_identity("CREATE TABLE m.p (a int, b date) PARTITION BY RANGE (b)", "CREATE TABLE", "table", "m", "p",
		       NULL, NULL);
	check_identity("CREATE TABLE m.p_2024 PARTITION OF m.p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
		       "CREATE TABLE", "table", "m", "p_2024", NULL, NULL);
	check_identity("CREATE MATERIALIZED VIEW r.mv AS SELECT 1 WITH NO DATA", "CREATE MATERIALIZED VIEW",
		       "materialized view", "r", "mv", NULL, NULL);
	check_identity("CREATE TABLE r.ctas AS SELECT 1 AS a", "CREATE TABLE AS", "table", "r", "ctas", NULL, NULL);
	check_identity("CREATE PROCEDURE p.pr(a int) LANGUAGE sql AS $$ SELECT 1 $$", "CREATE PROCEDURE",
		       "procedure", "p", "pr", NULL, NULL);
	check_identity("CREATE AGGREGATE a.ag(int) (sfunc = int4pl, stype = int)", "CREATE AGGREGATE", "aggregate",
		       "a", "ag", NULL, NULL);
	check_identity("CREATE SEQUENCE s.seq START 5", "CREATE SEQUENCE", "sequence", "s", "seq", NULL, NULL);
	check_identity("CREATE TYPE s.mood AS ENUM ('a', 'b')", "CREATE TYPE", "type", "s", "mood", NULL, NULL);
	check_identity("CREATE TYPE s.pair AS (a int, b text)", "CREATE TYPE", "type", "s", "pair", NULL, NULL);
	check_identity("CREATE TYPE s.rng AS RANGE (subtype = int4)", "CREATE TYPE", "type", "s", "rng", NULL, NULL);
	check_identity("CREATE DOMAIN s.pos AS int CHECK (VALUE > 0)", "CREATE DOMAIN", "type", "s", "pos", NULL, NULL);
	check_identity("CREATE TRIGGER trg BEFORE UPDATE ON app.orders FOR EACH ROW EXECUTE FUNCTION app.f()",
		       "CREATE TRIGGER", "trigger", "app", "trg", "app", "orders");
	check_identity("CREATE EVENT TRIGGER et ON ddl_command_end EXECUTE FUNCTION f()", "CREATE EVENT TRIGGER",
		       "event trigger", NULL, "et", NULL, NULL);
	check_identity("CREATE SCHEMA IF NOT EXISTS \"Sales.EU\" AUTHORIZATION app_owner", "CREATE SCHEMA", "schema",
		       NULL, "Sales.EU", NULL, NULL);
	check_identity("CREATE SCHEMA AUTHORIZATION bob", "CREATE SCHEMA", "schema", NULL, "bob", NULL, NULL);
	check_identity("CREATE POLICY pol ON s.t USING (true)", "CREATE POLICY", "policy", "s", "pol", "s", "t");
	check_identity("CREATE RULE r AS ON INSERT TO s.t DO INSTEAD NOTHING", "CREATE RULE", "rule", "s", "r", "s", "t");
	check_identity("CREATE EXTENSION IF NOT EXISTS hstore SCHEMA x", "CREATE EXTENSION", "extension", NULL,
		       "hstore", NULL, NULL);
	check_identity("CREATE COLLATION s.c (provider = icu, locale = 'de')", "CREATE COLLATION", "collation", "s", "c",
		       NULL, NULL);
	check_identity("CREATE FOREIGN TABLE s.ft (a int) SERVER srv", "CREATE FOREIGN TABLE", "foreign table", "s",
		       "ft", NULL, NULL);
	check_identity("CREATE SERVER srv FOREIGN DATA WRAPPER fdw", "CREATE SERVER", "server", NULL, "srv", NULL, NULL);
	check_identity("CREATE PUBLICATION pub FOR ALL TABLES", "CREATE PUBLICATION", "publication", NULL, "pub", NULL,
		       NULL);
	check_identity("CREATE SUBSCRIPTION sub CONNECTION 'dbname=x' PUBLICATION pub WITH (connect = false)",
		       "CREATE SUBSCRIPTION", "subscription", NULL, "sub", NULL, NULL);
}

static void test_generated_names_and_separate_statements(void)
{
	check_identity("CREATE INDEX ON Foo.Bar (a, lower(b))", "CREATE INDEX", "index", "foo", "bar_a_lower_idx", "foo",
		       "bar");
	check_identity("CREATE INDEX ON t (a, a)", "CREATE INDEX", "index", "public", "t_a_a1_idx", "public", "t");
	check_identity("ALTER TABLE ONLY s.t ADD CONSTRAINT t_pk PRIMARY KEY (id)", "ALTER TABLE", "table constraint",
		       "s", "t_pk", "s", "t");
	check_identity("ALTER TABLE t ADD CHECK (a > 0)", "ALTER TABLE", "table constraint", "public", "t_a_check",
		       "public", "t");
	check_identity("ALTER TABLE t ADD CHECK (a > b)", "ALTER TABLE", "table constraint", "public", "t_check",
		       "public", "t");
	check_identity("ALTER TABLE t ADD FOREIGN KEY (a, b) REFERENCES u", "ALTER TABLE", "table constraint", "public",
		       "t_a_b_fkey", "public", "t");
	check_identity("ALTER TABLE t ADD UNIQUE (a)", "ALTER TABLE", "table constraint", "public", "t_a_key", "public",
		       "t");
	/* USING INDEX: the constraint is named after the index (or the index renamed after it) */
	check_identity("ALTER TABLE s.t ADD PRIMARY KEY USING INDEX \"Ix 1\"", "ALTER TABLE", "table constraint", "s",
		       "Ix 1", "s", "t");
	check_identity("ALTER TABLE s.t ADD UNIQUE USING INDEX ix2 DEFERRABLE", "ALTER TABLE", "table constraint", "s",
		       "ix2", "s", "t");
	check_identity("ALTER TABLE s.t ADD CONSTRAINT c UNIQUE USING INDEX ix2", "ALTER TABLE", "table constraint",
		       "s", "c", "s", "t");
	check_identity("COMMENT ON TABLE s.t IS 'x'", "COMMENT", "table", "s", "t", NULL, NULL);
	check_identity("COMMENT ON COLUMN s.t.c IS 'x'", "COMMENT", "table column", "s", "c", "s", "t");
	check_identity("COMMENT ON CONSTRAINT c ON s.t IS 'x'", "COMMENT", "table constraint", "s", "c", "s", "t");
	/* several objects: the last one named, which pg_event_trigger_dropped_objects() lists
	   first (it was the first one named) */
	check_identity("DROP TABLE IF EXISTS a.b, c CASCADE", "DROP TABLE", "table", "public", "c", NULL, NULL);
	check_identity("DROP TRIGGER tr ON s.t", "DROP TRIGGER", "trigger", "s", "tr", "s", "t");
	/* the defining statement is the first CREATE, even after ALTER/COMMENT preambles */
	check_identity("SET search_path = app, public;\nCOMMENT ON SCHEMA app IS 'x';\nCREATE TABLE t (a int);\n"
		       "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);",
		       "CREATE TABLE", "table", "app", "t", NULL, NULL);
	check_identity("SELECT pg_catalog.set_config('search_path', 'rep', false);\nCREATE VIEW v AS SELECT 1",
		       "CREATE VIEW", "view", "rep", "v", NULL, NULL);
}

/* Names PostgreSQL 15 gave these unnamed indexes and constraints (checked on a server). */
static void test_generated_names_of_expressions(void)
{
	static const char *const cases[][2] = {
		{ "CREATE INDEX ON t (lower(b))", "t_lower_idx" },
		{ "CREATE INDEX ON t ((b::text))", "t_b_idx" },
		{ "CREATE INDEX ON t ((1::int))", "t_int4_idx" },
		{ "CREATE INDEX ON t (coalesce(a, 0))", "t_coalesce_idx" },
		{ "CREATE INDEX ON t ((a))", "t_a_idx" },
		{ "CREATE INDEX ON t ((CASE WHEN a > 0 THEN 1 END))", "t_case_idx" },
		{ "CREATE INDEX ON t ((CASE WHEN a > 0 THEN 1 ELSE b END))", "t_b_idx" },
		{ "CREATE INDEX ON t ((a + b))", "t_expr_idx" },
		{ "CREATE INDEX ON t (upper(b), lower(b), lower(b))", "t_upper_lower_lower1_idx" },
		{ "CREATE INDEX ON t ((nullif(a, 1)), (greatest(a, 2)), (ARRAY[a]), (b COLLATE \"C\"))",
		  "t_nullif_greatest_array_b_idx" },
		{ "ALTER TABLE t ADD UNIQUE (a) INCLUDE (b)", "t_a_b_key" },
		{ "ALTER TABLE t ADD UNIQUE (a) INCLUDE (a, b)", "t_a_a1_b_key" },
		{ "ALTER TABLE t ADD EXCLUDE USING btree (lower(b) WITH =)", "t_lower_excl" },
		{ "ALTER TABLE t ADD EXCLUDE USING btree ((a::text) WITH =) INCLUDE (b)", "t_a_b_excl" },
	};
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int idx = !strncmp(cases[i][0], "CREATE", 6);
		check_identity(cases[i][0], idx ? "CREATE INDEX" : "ALTER TABLE", idx ? "index" : "table constraint",
			       "public", cases[i][1], "public", "t");
	}
}

/* Unqualified names go where PostgreSQL 15 put them (pg_class.relnamespace) after these preambles. */
static void test_search_path_tracking(void)
{
	static const char *const cases[][2] = {
		{ "SELECT pg_catalog.set_config('search_path', 'MySchema, public', false); CREATE TABLE t (a int)", "myschema" },
		{ "SELECT set_config('search_path', '\"a\"\"b\"', false); CREATE TABLE t (a int)", "a\"b" },
		{ "SELECT set_config('search_path', ' \"$user\" ,\"My, S\" ', false); CREATE TABLE t (a int)", "My, S" },
		{ "SELECT set_config('search_path', '', false); CREATE TABLE t (a int)", "public" },
		{ "SET search_path = s; RESET ALL; CREATE TABLE t (a int)", "public" },
		{ "SET search_path = s; SET search_path TO DEFAULT; CREATE TABLE t (a int)", "public" },
		{ "SET search_path = s; RESET search_path; CREATE TABLE t (a int)", "public" },
		{ "SET search_path = s; RESET work_mem; CREATE TABLE t (a int)", "s" },
		{ "SET search_path = 'MySchema', public; CREATE TABLE t (a int)", "MySchema" },
		{ "SET search_path = MySchema, public; CREATE TABLE t (a int)", "myschema" },
		/* a string is cut to 63 bytes when the path is split, as an identifier is by the scanner */
		{ "SET search_path = 'abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij'; CREATE TABLE t (a int)", "abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh" },
		{ "SET SCHEMA 'Sch'; CREATE TABLE t (a int)", "Sch" },
		/* named first, pg_catalog is where PostgreSQL creates (it was skipped) */
		{ "SET search_path = pg_catalog, s; CREATE TABLE t (a int)", "pg_catalog" },
		{ "SELECT set_config('search_path', 'pg_catalog', false); CREATE TABLE t (a int)", "pg_catalog" },
		{ "SET search_path = s, pg_catalog; CREATE TABLE t (a int)", "s" },
		/* settings are scoped by transactions: SET LOCAL ends at COMMIT, ROLLBACK undoes a
		   SET, ROLLBACK TO undoes what came after its savepoint */
		{ "BEGIN; SET LOCAL search_path = s; COMMIT; CREATE TABLE t (a int)", "public" },
		{ "BEGIN; SET LOCAL search_path = s; CREATE TABLE t (a int); COMMIT", "s" },
		{ "BEGIN; SET search_path = s; COMMIT; CREATE TABLE t (a int)", "s" },
		{ "BEGIN; SET search_path = s; ROLLBACK; CREATE TABLE t (a int)", "public" },
		{ "SET search_path = a; BEGIN; SET search_path = s; ABORT; CREATE TABLE t (a int)", "a" },
		{ "BEGIN; SET search_path = s; SET LOCAL search_path = l; COMMIT; CREATE TABLE t (a int)", "s" },
		{ "BEGIN; SET LOCAL search_path = l; SET search_path = s; END; CREATE TABLE t (a int)", "s" },
		{ "SET LOCAL search_path = l; COMMIT; CREATE TABLE t (a int)", "public" },
		{ "BEGIN; SELECT set_config('search_path', 's', true); COMMIT; CREATE TABLE t (a int)", "public" },
		{ "BEGIN; SELECT set_config('search_path', 's', 'on'); COMMIT; CREATE TABLE t (a int)", "public" },
		{ "BEGIN; SELECT set_config('search_path', 's', false); COMMIT; CREATE TABLE t (a int)", "s" },
		{ "BEGIN; SET search_path = a; SAVEPOINT p; SET search_path = b; ROLLBACK TO SAVEPOINT p; COMMIT; CREATE TABLE t (a int)", "a" },
		{ "BEGIN; SET search_path = a; SAVEPOINT p; SET search_path = b; RELEASE p; COMMIT; CREATE TABLE t (a int)", "b" },
		{ "BEGIN; SET search_path = a; SAVEPOINT p; SET search_path = b; RELEASE p; ROLLBACK; CREATE TABLE t (a int)", "public" },
		{ "BEGIN; SET LOCAL search_path = s; COMMIT AND CHAIN; CREATE TABLE t (a int)", "public" },
		/* setting names are matched without regard to case, as the server matches them */
		{ "SET \"Search_Path\" = s; CREATE TABLE t (a int)", "s" },
		{ "SET search_path = s; RESET \"SEARCH_PATH\"; CREATE TABLE t (a int)", "public" },
		{ "SELECT set_config('SEARCH_PATH', 's', false); CREATE TABLE t (a int)", "s" },
		/* a set_config call anywhere in the SELECT runs: not only as its first item */
		{ "SELECT set_config('search_path', 's', false)::text; CREATE TABLE t (a int)", "s" },
		{ "SELECT 1, set_config('search_path', 's', false); CREATE TABLE t (a int)", "s" },
		{ "SELECT * FROM set_config('search_path', 's', false); CREATE TABLE t (a int)", "s" },
		{ "SELECT length(pg_catalog.set_config('search_path', 's', false)); CREATE TABLE t (a int)", "s" },
		{ "SELECT set_config('search_path'::text, 's'::text, false); CREATE TABLE t (a int)", "s" },
		{ "SELECT 1 WHERE set_config('search_path', 's', false) <> ''; CREATE TABLE t (a int)", "s" },
		{ "BEGIN; SELECT 1, set_config('search_path', 's', true); COMMIT; CREATE TABLE t (a int)", "public" },
		{ "SELECT set_config('work_mem', '1MB', false), 1; CREATE TABLE t (a int)", "public" },
		{ "SELECT set_config('search_path', current_setting('x.y'), false); CREATE TABLE t (a int)", "public" },
	};
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_identity(cases[i][0], "CREATE TABLE", "table", cases[i][1], "t", NULL, NULL);
	/* but an existing table is looked for after it, and a function created in it */
	check_identity("SET search_path = pg_catalog, s; CREATE INDEX i ON t (a)", "CREATE INDEX", "index", "s", "i",
		       "s", "t");
	check_identity("SET search_path = pg_catalog, s; ALTER TABLE t ADD COLUMN b int", "ALTER TABLE", "table", "s",
		       "t", NULL, NULL);
	check_identity("SET search_path = pg_catalog, s; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
		       "CREATE FUNCTION", "function", "pg_catalog", "f", NULL, NULL);
}

/* Casts, transforms and user mappings have no name of their own: they are named by
   pg_identify_object()'s identity (types as format_type() spells them, without modifiers),
   so every version of one cast is one object; they had no name, as DROP CAST always had */
static void test_objects_without_names(void)
{
	check_identity("CREATE CAST (int AS text) WITH INOUT", "CREATE CAST", "cast", NULL, "(integer AS text)", NULL,
		       NULL);
	check_identity("DROP CAST (pg_catalog.int4 AS pg_catalog.text)", "DROP CAST", "cast", NULL, "(integer AS text)",
		       NULL, NULL);
	check_identity("DROP CAST IF EXISTS (s.\"My T\" AS varchar(3)[])", "DROP CAST", "cast", NULL,
		       "(s.\"My T\" AS character varying[])", NULL, NULL);
	check_identity("CREATE CAST (timestamp(3) with time zone AS double precision) WITHOUT FUNCTION", "CREATE CAST",
		       "cast", NULL, "(timestamp with time zone AS double precision)", NULL, NULL);
	check_identity("CREATE TRANSFORM FOR int LANGUAGE plpgsql (FROM SQL WITH FUNCTION f(internal), "
		       "TO SQL WITH FUNCTION g(internal))",
		       "CREATE TRANSFORM", "transform", NULL, "for integer on language plpgsql", NULL, NULL);
	check_identity("DROP TRANSFORM FOR int LANGUAGE plpgsql", "DROP TRANSFORM", "transform", NULL,
		       "for integer on language plpgsql", NULL, NULL);
	check_identity("COMMENT ON TRANSFORM FOR s.t LANGUAGE sql IS 'x'", "COMMENT", "transform", NULL,
		       "for s.t on language sql", NULL, NULL);
	check_identity("CREATE USER MAPPING FOR bob SERVER srv", "CREATE USER MAPPING", "user mapping", NULL,
		       "bob on server srv", NULL, NULL);
	check_identity("ALTER USER MAPPING FOR \"Bob\" SERVER \"S v\" OPTIONS (user 'x')", "ALTER USER MAPPING",
		       "user mapping", NULL, "\"Bob\" on server S v", NULL, NULL);
	check_identity("DROP USER MAPPING FOR PUBLIC SERVER srv", "DROP USER MAPPING", "user mapping", NULL,
		       "public on server srv", NULL, NULL);
	check_identity("CREATE USER MAPPING FOR CURRENT_USER SERVER srv", "CREATE USER MAPPING", "user mapping", NULL,
		       "current_user on server srv", NULL, NULL);
	/* the CREATE is the defining statement, not a COMMENT before it */
	check_identity("COMMENT ON CAST (int AS text) IS 'x'; CREATE CAST (int AS text) WITH INOUT", "CREATE CAST", "cast",
		       NULL, "(integer AS text)", NULL, NULL);
	check_identity("SECURITY LABEL FOR selinux ON TABLE s.t IS 'x'", "SECURITY LABEL", "table", "s", "t", NULL, NULL);
}

/* The identity of a cast, transform or user mapping was spelled with names unquoted and an
   unqualified user type unqualified ("(int AS My T)", "Bob on server srv" for "Bob");
   pg_identify_object() qualifies every type not built in and quotes types and roles as
   quote_identifier() does, but not the server or language (checked on the server) */
static void test_identity_of_unnamed_objects_is_the_servers(void)
{
	check_identity("CREATE CAST (int AS \"My T\") WITH INOUT", "CREATE CAST", "cast", NULL,
		       "(integer AS public.\"My T\")", NULL, NULL);
	check_identity("SET search_path = app, public; CREATE CAST (text AS mytype) WITH INOUT", "CREATE CAST", "cast",
		       NULL, "(text AS app.mytype)", NULL, NULL);
	/* pg_catalog types: the built-ins' SQL names, others quoted when a keyword, _t is t[] */
	check_identity("CREATE CAST (\"char\" AS \"user\"[]) WITH INOUT", "CREATE CAST", "cast", NULL,
		       "(\"char\" AS public.\"user\"[])", NULL, NULL);
	check_identity("DROP CAST (_int4 AS pg_catalog.jsonb)", "DROP CAST", "cast", NULL, "(integer[] AS jsonb)",
		       NULL, NULL);
	check_identity("COMMENT ON CAST (s.\"Tab\" AS s.t) IS 'x'", "COMMENT", "cast", NULL, "(s.\"Tab\" AS s.t)", NULL,
		       NULL);
	check_identity("CREATE TRANSFORM FOR hstore LANGUAGE \"My Lang\" (FROM SQL WITH FUNCTION f(internal))",
		       "CREATE TRANSFORM", "transform", NULL, "for public.hstore on language My Lang", NULL, NULL);
	check_identity("CREATE USER MAPPING FOR \"Mixed Role\" SERVER \"My Srv\"", "CREATE USER MAPPING",
		       "user mapping", NULL, "\"Mixed Role\" on server My Srv", NULL, NULL);
	/* "user" is a reserved keyword, "name" an unreserved one */
	check_identity("DROP USER MAPPING FOR \"user\" SERVER s", "DROP USER MAPPING", "user mapping", NULL,
		       "\"user\" on server s", NULL, NULL);
	check_identity("DROP USER MAPPING FOR name SERVER s", "DROP USER MAPPING", "user mapping", NULL,
		       "name on server s", NULL, NULL);
}

/* ALTER LARGE OBJECT, COMMENT ON / GRANT ON LARGE OBJECT had no name: the oid is the name
   pg_identify_object() gives; 0 has no ival in the parser's output, past 2^31 - 1 it is a Float */
static void test_large_object_named_by_oid(void)
{
	check_identity("ALTER LARGE OBJECT 4242 OWNER TO bob", "ALTER LARGE OBJECT", "large object", NULL, "4242",
		       NULL, NULL);
	check_identity("COMMENT ON LARGE OBJECT 0 IS 'x'", "COMMENT", "large object", NULL, "0", NULL, NULL);
	check_identity("GRANT SELECT ON LARGE OBJECT 3000000000, 7 TO PUBLIC", "GRANT", "large object", NULL,
		       "3000000000", NULL, NULL);
}

/* IMPORT FOREIGN SCHEMA was DDL_NO_OBJECT: the server creates foreign tables in the local
   schema and reports a CREATE FOREIGN TABLE of each; one table named is that table, else
   the schema without a name (which tables is the remote server's to say) */
static void test_import_foreign_schema(void)
{
	check_identity("IMPORT FOREIGN SCHEMA rem LIMIT TO (\"B b\") FROM SERVER s INTO \"Loc\"", "CREATE FOREIGN TABLE",
		       "foreign table", "Loc", "B b", NULL, NULL);
	check_identity("IMPORT FOREIGN SCHEMA rem LIMIT TO (a, b) FROM SERVER s INTO loc", "CREATE FOREIGN TABLE",
		       "foreign table", "loc", NULL, NULL, NULL);
	check_identity("IMPORT FOREIGN SCHEMA rem EXCEPT (a) FROM SERVER s INTO loc", "CREATE FOREIGN TABLE",
		       "foreign table", "loc", NULL, NULL, NULL);
	/* a schema created if missing first is a prerequisite */
	check_identity("CREATE SCHEMA IF NOT EXISTS loc; IMPORT FOREIGN SCHEMA rem FROM SERVER s INTO loc",
		       "CREATE FOREIGN TABLE", "foreign table", "loc", NULL, NULL, NULL);
}

/* Statements that name a type or domain by a list of names, not a TypeName; GRANT forms. */
static void test_type_references_and_grants(void)
{
	check_identity("ALTER TYPE s.\"My Type\" OWNER TO bob", "ALTER TYPE", "type", "s", "My Type", NULL, NULL);
	check_identity("ALTER DOMAIN d OWNER TO bob", "ALTER DOMAIN", "type", "public", "d", NULL, NULL);
	check_identity("GRANT USAGE ON TYPE s.ty TO PUBLIC", "GRANT", "type", "s", "ty", NULL, NULL);
	check_identity("REVOKE USAGE ON DOMAIN s.dom FROM PUBLIC", "REVOKE", "type", "s", "dom", NULL, NULL);
	check_identity("DROP TYPE s.a, s.b", "DROP TYPE", "type", "s", "b", NULL, NULL);
	check_identity("COMMENT ON DOMAIN s.dom IS 'x'", "COMMENT", "type", "s", "dom", NULL, NULL);
	check_identity("GRANT EXECUTE ON FUNCTION s.f(int) TO PUBLIC", "GRANT", "function", "s", "f", NULL, NULL);
	check_identity("GRANT USAGE ON SCHEMA s TO PUBLIC", "GRANT", "schema", NULL, "s", NULL, NULL);
	check_identity("GRANT SELECT ON ALL TABLES IN SCHEMA s, t TO PUBLIC", "GRANT", "table", "s", NULL, NULL, NULL);
	check_identity("GRANT USAGE ON SEQUENCE s.q TO PUBLIC", "GRANT", "sequence", "s", "q", NULL, NULL);
}

/* RENAME and SET SCHEMA: the object as pg_event_trigger_ddl_commands() reports it, after the statement. */
static void test_renames_and_set_schema(void)
{
	check_identity("ALTER TABLE s.a RENAME TO b", "ALTER TABLE", "table", "s", "b", NULL, NULL);
	check_identity("ALTER INDEX s.i RENAME TO j", "ALTER INDEX", "index", "s", "j", NULL, NULL);
	check_identity("ALTER TABLE s.t RENAME COLUMN a TO \"B\"", "ALTER TABLE", "table column", "s", "B", "s", "t");
	check_identity("ALTER VIEW s.v RENAME COLUMN a TO b", "ALTER VIEW", "view column", "s", "b", "s", "v");
	check_identity("ALTER MATERIALIZED VIEW s.m RENAME a TO b", "ALTER MATERIALIZED VIEW",
		       "materialized view column", "s", "b", "s", "m");
	check_identity("ALTER FOREIGN TABLE s.f RENAME a TO b", "ALTER FOREIGN TABLE", "foreign table column", "s", "b",
		       "s", "f");
	check_identity("ALTER TYPE s.c RENAME ATTRIBUTE a TO b", "ALTER TYPE", "composite type column", "s", "b", "s",
		       "c");
	/* RENAME CONSTRAINT carries no relation type: it was tagged ALTER ACCESS METHOD */
	check_identity("ALTER TABLE s.t RENAME CONSTRAINT c1 TO c2", "ALTER TABLE", "table constraint", "s", "c2", "s",
		       "t");
	check_identity("ALTER DOMAIN s.d RENAME CONSTRAINT c1 TO c2", "ALTER DOMAIN", "domain constraint", "s", "c2", "s",
		       "d");
	check_identity("ALTER TRIGGER tr ON s.t RENAME TO tr2", "ALTER TRIGGER", "trigger", "s", "tr2", "s", "t");
	check_identity("ALTER TYPE s.ty RENAME TO ty2", "ALTER TYPE", "type", "s", "ty2", NULL, NULL);
	check_identity("ALTER FUNCTION s.f(int) RENAME TO g", "ALTER FUNCTION", "function", "s", "g", NULL, NULL);
	check_identity("ALTER SCHEMA a RENAME TO b", "ALTER SCHEMA", "schema", NULL, "b", NULL, NULL);
	check_identity("ALTER SERVER a RENAME TO b", "ALTER SERVER", "server", NULL, "b", NULL, NULL);
	check_identity("ALTER TABLE s.t SET SCHEMA u", "ALTER TABLE", "table", "u", "t", NULL, NULL);
	check_identity("ALTER FUNCTION s.f(int) SET SCHEMA u", "ALTER FUNCTION", "function", "u", "f", NULL, NULL);
	check_identity("ALTER TYPE s.ty SET SCHEMA u", "ALTER TYPE", "type", "u", "ty", NULL, NULL);
	check_identity("ALTER EXTENSION hstore SET SCHEMA u", "ALTER EXTENSION", "extension", NULL, "hstore", NULL, NULL);
	/* an operator class or family is named after its access method: [am, schema, name] */
	check_identity("ALTER OPERATOR FAMILY of USING btree RENAME TO of2", "ALTER OPERATOR FAMILY", "operator family",
		       "public", "of2", NULL, NULL);
	check_identity("DROP OPERATOR CLASS s.oc USING hash", "DROP OPERATOR CLASS", "operator class", "s", "oc", NULL,
		       NULL);
	check_identity("COMMENT ON OPERATOR FAMILY s.of USING btree IS 'x'", "COMMENT", "operator family", "s", "of",
		       NULL, NULL);
}

/* ALTER statements of other kinds name their object (they were DDL_NO_OBJECT). */
static void test_other_alter_statements(void)
{
	check_identity("ALTER POLICY p ON s.t USING (true)", "ALTER POLICY", "policy", "s", "p", "s", "t");
	check_identity("ALTER PUBLICATION pub SET (publish = 'insert')", "ALTER PUBLICATION", "publication", NULL, "pub",
		       NULL, NULL);
	/* a table or schema added to, set in or dropped from a publication is the membership
	   PostgreSQL reports ("s.t in publication pub"), the first one written */
	check_identity("ALTER PUBLICATION pub ADD TABLE s.t, u", "ALTER PUBLICATION", "publication relation", "s", "t",
		       NULL, "pub");
	check_identity("SET search_path = app; ALTER PUBLICATION pub DROP TABLE ONLY t (a) WHERE (a > 0)",
		       "ALTER PUBLICATION", "publication relation", "app", "t", NULL, "pub");
	check_identity("ALTER PUBLICATION pub SET TABLES IN SCHEMA \"S 1\", s2", "ALTER PUBLICATION",
		       "publication namespace", NULL, "S 1", NULL, "pub");
	check_identity("ALTER PUBLICATION pub ADD TABLES IN SCHEMA CURRENT_SCHEMA", "ALTER PUBLICATION",
		       "publication namespace", NULL, "public", NULL, "pub");
	check_identity("ALTER SUBSCRIPTION sub DISABLE", "ALTER SUBSCRIPTION", "subscription", NULL, "sub", NULL, NULL);
	check_identity("ALTER EVENT TRIGGER et DISABLE", "ALTER EVENT TRIGGER", "event trigger", NULL, "et", NULL, NULL);
	check_identity("ALTER EXTENSION hstore UPDATE", "ALTER EXTENSION", "extension", NULL, "hstore", NULL, NULL);
	check_identity("ALTER EXTENSION hstore ADD FUNCTION s.f()", "ALTER EXTENSION", "extension", NULL, "hstore", NULL,
		       NULL);
	check_identity("ALTER FOREIGN DATA WRAPPER w OPTIONS (x '1')", "ALTER FOREIGN DATA WRAPPER",
		       "foreign-data wrapper", NULL, "w", NULL, NULL);
	check_identity("ALTER SERVER srv VERSION '2'", "ALTER SERVER", "server", NULL, "srv", NULL, NULL);
	check_identity("ALTER COLLATION s.c REFRESH VERSION", "ALTER COLLATION", "collation", "s", "c", NULL, NULL);
	check_identity("ALTER TEXT SEARCH DICTIONARY s.d (StopWords = english)", "ALTER TEXT SEARCH DICTIONARY",
		       "text search dictionary", "s", "d", NULL, NULL);
	check_identity("ALTER TEXT SEARCH CONFIGURATION c ADD MAPPING FOR word WITH simple",
		       "ALTER TEXT SEARCH CONFIGURATION", "text search configuration", "public", "c", NULL, NULL);
	check_identity("ALTER STATISTICS s.st SET STATISTICS 10", "ALTER STATISTICS", "statistics object", "s", "st",
		       NULL, NULL);
	check_identity("ALTER OPERATOR s.<<< (int, int) SET (RESTRICT = scalarltsel)", "ALTER OPERATOR", "operator", "s",
		       "<<<", NULL, NULL);
	check_identity("ALTER TYPE s.b SET (STORAGE = plain)", "ALTER TYPE", "type", "s", "b", NULL, NULL);
	check_identity("ALTER OPERATOR FAMILY s.f USING btree ADD OPERATOR 1 < (int, int)", "ALTER OPERATOR FAMILY",
		       "operator family", "s", "f", NULL, NULL);
	check_identity("REFRESH MATERIALIZED VIEW CONCURRENTLY s.mv", "REFRESH MATERIALIZED VIEW", "materialized view",
		       "s", "mv", NULL, NULL);
	check_identity("ALTER FUNCTION s.f() DEPENDS ON EXTENSION e", "ALTER FUNCTION", "function", "s", "f", NULL, NULL);
	check_identity("ALTER INDEX s.i DEPENDS ON EXTENSION e", "ALTER INDEX", "index", "s", "i", NULL, NULL);
	/* a pg_default_acl entry: no name; the schema of IN SCHEMA (they were DDL_NO_OBJECT) */
	check_identity("ALTER DEFAULT PRIVILEGES IN SCHEMA \"S 1\", s2 GRANT SELECT ON TABLES TO PUBLIC",
		       "ALTER DEFAULT PRIVILEGES", "default acl", "S 1", NULL, NULL, NULL);
	check_identity("ALTER DEFAULT PRIVILEGES FOR ROLE r REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC",
		       "ALTER DEFAULT PRIVILEGES", "default acl", NULL, NULL, NULL, NULL);
}

/* A statement that names no object (LOCK, DO, INSERT...) ahead of the first one that does
   is passed over, as PostgreSQL's event triggers pass it over (the blob was DDL_NO_OBJECT). */
static void test_statements_naming_no_object(void)
{
	check_identity("BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE; ALTER TABLE t ADD COLUMN x int; COMMIT;",
		       "ALTER TABLE", "table", "public", "t", NULL, NULL);
	check_identity("DO $$ BEGIN END $$; SET search_path = s; COMMENT ON TABLE t IS 'x'", "COMMENT", "table", "s",
		       "t", NULL, NULL);
	check_identity("INSERT INTO t VALUES (1); ANALYZE t; GRANT SELECT ON u TO PUBLIC", "GRANT", "table", "public",
		       "u", NULL, NULL);
	struct ddl_class c;
	CU_ASSERT_EQUAL(ddl_classify("LOCK TABLE t; ANALYZE t; NOTIFY x", &c), DDL_NO_OBJECT);
	CU_ASSERT_EQUAL(c.defining_statement, -1);
	ddl_class_release(&c);
}

static void test_defining_statement_and_counts(void)
{
	struct ddl_class c;
	ddl_classify("CREATE TABLE app.products (id int);\nCOMMENT ON TABLE app.products IS "
		     "'Produktkatalog – Größe, café, naïve, 日本語の説明 ✓';\nGRANT SELECT ON app.products TO PUBLIC;",
		     &c);
	CU_ASSERT_EQUAL(c.status, DDL_OK);
	CU_ASSERT_EQUAL(c.n_statements, 3);
	CU_ASSERT_EQUAL(c.defining_statement, 0);
	CU_ASSERT_STRING_EQUAL(c.name, "products");
	ddl_class_release(&c);

	ddl_classify("CREATE FUNCTION s.f(a int, OUT b text, VARIADIC c numeric(10,2)[]) RETURNS record "
		     "LANGUAGE sql AS 'select 1'", &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c.arguments);
	CU_ASSERT_STRING_EQUAL(c.arguments, "integer, numeric[]"); /* pg_proc keeps no typmod */
	ddl_class_release(&c);

	CU_ASSERT_EQUAL(ddl_classify("-- nothing here\n/* at all */", &c), DDL_NO_OBJECT);
	same_from_blob("-- nothing here\n/* at all */", &c);
	CU_ASSERT_EQUAL(c.n_statements, 0);
	CU_ASSERT_PTR_NULL(c.object_type);
	ddl_class_release(&c);
	CU_ASSERT_EQUAL(ddl_classify("", &c), DDL_NO_OBJECT);
	ddl_class_release(&c);

	/* CREATE SCHEMA / EXTENSION IF NOT EXISTS ahead of the object makes sure of a
	   prerequisite: the blob defines the table (it was classified as schema app) */
	ddl_classify("SET search_path = app; CREATE SCHEMA IF NOT EXISTS app;\n"
		     "CREATE EXTENSION IF NOT EXISTS pgcrypto; CREATE TABLE newt (a int);", &c);
	CU_ASSERT_EQUAL(c.defining_statement, 3);
	CU_ASSERT_STRING_EQUAL(c.object_type, "table");
	CU_ASSERT_STRING_EQUAL(c.schema, "app");
	CU_ASSERT_STRING_EQUAL(c.name, "newt");
	ddl_class_release(&c);
	/* alone, it is what the blob defines; without IF NOT EXISTS the schema is created here */
	ddl_classify("CREATE SCHEMA IF NOT EXISTS app; GRANT USAGE ON SCHEMA app TO PUBLIC;", &c);
	CU_ASSERT_EQUAL(c.defining_statement, 0);
	CU_ASSERT_STRING_EQUAL(c.object_type, "schema");
	ddl_class_release(&c);
	ddl_classify("CREATE SCHEMA app; CREATE TABLE app.t (a int);", &c);
	CU_ASSERT_STRING_EQUAL(c.object_type, "schema");
	ddl_class_release(&c);
}

static void test_unparseable(void)
{
	struct ddl_class c;
	CU_ASSERT_EQUAL(ddl_classify("CREATE TABLE é (a int,, b int)", &c), DDL_UNKNOWN);
	same_from_blob("CREATE TABLE é (a int,, b int)", &c);
	CU_ASSERT_EQUAL(c.error_position, 23); /* characters, not bytes: é is two bytes */
	CU_ASSERT_PTR_NOT_NULL_FATAL(c.error);
	CU_ASSERT_STRING_EQUAL(c.error, "syntax error at or near \",\" at character 23");
	CU_ASSERT_PTR_NULL(c.object_type);
	ddl_class_release(&c);

	CU_ASSERT_EQUAL(ddl_classify("CREATE TABLE t (a text DEFAULT 'unterminated)", &c), DDL_UNKNOWN);
	CU_ASSERT_PTR_NOT_NULL(c.error);
	CU_ASSERT_TRUE(c.error_position > 0);
	ddl_class_release(&c);

	CU_ASSERT_EQUAL(ddl_classify("CREATE FUNCTION f() RETURNS int AS $a$ select 1 $b$ LANGUAGE sql", &c),
			DDL_UNKNOWN);
	ddl_class_release(&c);
}

/* A deep expression of n levels: chained || or +, nested CASE, nested calls; the
   innermost operand is leaf, and sep the layout between tokens. */
static void deep_expr(struct strbuf *sql, int kind, int n, const char *leaf, const char *sep)
{
	if (kind == 0 || kind == 1) {
		strbuf_addstr(sql, leaf);
		for (int i = 0; i < n; i++)
			strbuf_addf(sql, "%s%s%s1", sep, kind ? "+" : "||", sep);
	} else {
		for (int i = 0; i < n; i++)
			strbuf_addstr(sql, kind == 2 ? "CASE WHEN true THEN " : "abs(");
		strbuf_addstr(sql, leaf);
		for (int i = 0; i < n; i++)
			strbuf_addf(sql, "%s%s", sep, kind == 2 ? "END" : ")");
	}
}

/* PostgreSQL accepts expressions whose parse tree is deeper than jansson reads (2,048
   levels: 1,500 chained ||, 1,100 +, 500 nested CASE, 700 nested calls). They were
   DDL_UNKNOWN: now the statement is named, and the part below the reader's depth is
   compared by its digest (layout aside) */
static void test_nested_too_deeply(void)
{
	static const int depth[] = { 1500, 1100, 500, 700 };
	for (int kind = 0; kind < 4; kind++) {
		struct strbuf v1 = STRBUF_INIT, v2 = STRBUF_INIT, v3 = STRBUF_INIT, t = STRBUF_INIT;
		strbuf_addstr(&v1, "CREATE VIEW s.v AS SELECT ");
		deep_expr(&v1, kind, depth[kind], "1", " ");
		strbuf_addstr(&v1, " AS c;");
		strbuf_addstr(&v2, "CREATE  VIEW s.v AS SELECT\n");
		deep_expr(&v2, kind, depth[kind], "1", "\n  ");
		strbuf_addstr(&v2, " AS c;");
		strbuf_addstr(&v3, "CREATE VIEW s.v AS SELECT ");
		deep_expr(&v3, kind, depth[kind], "2", " ");
		strbuf_addstr(&v3, " AS c;");
		strbuf_addstr(&t, "CREATE TABLE s.t (a int, b int DEFAULT ");
		deep_expr(&t, kind, depth[kind], "1", " ");
		strbuf_addstr(&t, ", CHECK (a > 0));");

		struct ddl_class c;
		check_identity(v1.buf, "CREATE VIEW", "view", "s", "v", NULL, NULL);
		check_identity(t.buf, "CREATE TABLE", "table", "s", "t", NULL, NULL);
		CU_ASSERT_EQUAL(ddl_classify(v1.buf, &c), DDL_OK);
		same_from_blob(v1.buf, &c);
		ddl_class_release(&c);

		json_t *r = ddl_compare(v1.buf, v2.buf);
		CU_ASSERT_TRUE(json_is_true(json_object_get(r, "formatting_only")));
		json_decref(r);
		r = ddl_compare(v1.buf, v3.buf);
		CU_ASSERT_FALSE(json_is_true(json_object_get(r, "formatting_only")));
		json_decref(r);
		char *h1 = ddl_semantic_hash(v1.buf, 0), *h2 = ddl_semantic_hash(v2.buf, 0),
		     *h3 = ddl_semantic_hash(v3.buf, 0);
		CU_ASSERT_TRUE(h1 && h2 && h3 && !strcmp(h1, h2) && strcmp(h1, h3));
		free(h1);
		free(h2);
		free(h3);
		/* a negative constant down there (libpg_query writes {} for it) is still its value */
		static const char *const leaves[] = { "-1", "- /* m */ 1", "-2", "0", "-(1)" };
		char *lh[5];
		for (int l = 0; l < 5; l++) {
			struct strbuf v = STRBUF_INIT;
			strbuf_addstr(&v, "CREATE VIEW s.v AS SELECT ");
			deep_expr(&v, kind, depth[kind], leaves[l], " ");
			strbuf_addstr(&v, " AS c;");
			lh[l] = ddl_semantic_hash(v.buf, 0);
			strbuf_release(&v);
		}
		CU_ASSERT_TRUE(lh[0] && lh[1] && lh[2] && lh[3] && lh[4]);
		if (lh[0] && lh[1] && lh[2] && lh[3] && lh[4]) {
			CU_ASSERT_STRING_EQUAL(lh[0], lh[1]);
			CU_ASSERT_STRING_EQUAL(lh[0], lh[4]);
			CU_ASSERT_STRING_NOT_EQUAL(lh[0], lh[2]);
			CU_ASSERT_STRING_NOT_EQUAL(lh[0], lh[3]);
		}
		for (int l = 0; l < 5; l++)
			free(lh[l]);
		strbuf_release(&v1);
		strbuf_release(&v2);
		strbuf_release(&v3);
		strbuf_release(&t);
	}
}

/* libpg_query writes its tree by recursion: 100,000 chained + (a left-recursive chain the
   grammar's stack does not limit) overflowed the C stack in pg_query_parse() itself and
   killed the stage (SIGSEGV); the parse now runs on a stack sized by the token count */
static void test_chain_deeper_than_the_stack(void)
{
	static const char *const links[] = { " + 1", "::int", " UNION SELECT 1" };
	for (size_t k = 0; k < sizeof(links) / sizeof(links[0]); k++) {
		struct strbuf sql = STRBUF_INIT;
		strbuf_addstr(&sql, "CREATE VIEW s.v AS SELECT 1");
		for (int i = 0; i < (k ? 40000 : 100000); i++)
			strbuf_addstr(&sql, links[k]);
		check_identity(sql.buf, "CREATE VIEW", "view", "s", "v", NULL, NULL);
		strbuf_release(&sql);
	}
}

/* Long flat chains are lists in the parse tree, not nesting: a CHECK of 5,000 ORs or ANDs,
   an IN list of 5,000 values and 3,000 redundant parentheses (which leave no node) are
   classified; only chained binary operators (about 1,000), nested CASE (about 500) or
   function calls (about 600) reach the JSON reader's depth */
static void test_long_flat_chains(void)
{
	static const char *const shapes[][3] = {
		{ "a = ", " OR ", "" }, { "a <> ", " AND ", "" }, { "a IN (", ", ", ")" },
	};
	for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		struct strbuf sql = STRBUF_INIT;
		strbuf_addstr(&sql, "CREATE TABLE s.t (a int CHECK (");
		strbuf_addstr(&sql, shapes[k][0]);
		for (int i = 0; i < 5000; i++) {
			if (i)
				strbuf_addstr(&sql, shapes[k][1]);
			if (k < 2 && i)
				strbuf_addstr(&sql, shapes[k][0]);
			strbuf_addf(&sql, "%d", i);
		}
		strbuf_addstr(&sql, shapes[k][2]);
		strbuf_addstr(&sql, "))");
		check_identity(sql.buf, "CREATE TABLE", "table", "s", "t", NULL, NULL);
		strbuf_release(&sql);
	}
	struct strbuf sql = STRBUF_INIT;
	strbuf_addstr(&sql, "ALTER TABLE s.t ADD CHECK (");
	for (int i = 0; i < 3000; i++)
		strbuf_addstr(&sql, "(");
	strbuf_addstr(&sql, "a > 0");
	for (int i = 0; i < 3000; i++)
		strbuf_addstr(&sql, ")");
	strbuf_addstr(&sql, ")");
	check_identity(sql.buf, "ALTER TABLE", "table constraint", "s", "t_a_check", "s", "t");
	strbuf_release(&sql);
}

/* ---- comparisons ------------------------------------------------------- */

/*
 * Every pair any test here compares that the comparison rates identical (PATCH, no hazard,
 * nothing in its detail but the object type, the statement form and definition_changed:
 * the trees differ and no rule found what the server would store otherwise) is counted, and so are those of them whose rename hashes differ: such a pair
 * renamed in one commit would be a DROP and a CREATE. test_rename_hash_agrees() reports
 * the tally after every other test ran.
 */
static struct {
	size_t identical, apart;
} hash_tally;

static int rated_identical(json_t *r)
{
	const char *key;
	json_t *v;

	if (strcmp(json_string_value(json_object_get(r, "severity")), "PATCH") ||
	    json_array_size(json_object_get(r, "hazards")))
		return 0;
	json_object_foreach(json_object_get(r, "detail"), key, v) {
		if (strcmp(key, "object_type") && strcmp(key, "change") && strcmp(key, "statement_form_changed") &&
		    strcmp(key, "definition_changed"))
			return 0;
	}
	return 1;
}

static void tally_hashes(const char *a, const char *b, json_t *r)
{
	char *h1, *h2;

	if (!rated_identical(r)) {
		if (getenv("PGA_HASH_TALLY")) {
			h1 = ddl_semantic_hash(a, 1), h2 = ddl_semantic_hash(b, 1);
			if (h1 && h2 && !strcmp(h1, h2)) {
				char *d = json_dumps(json_object_get(r, "detail"), JSON_COMPACT);
				fprintf(stderr, "hash together: %s | %s | %s\n", a, b, d);
				free(d);
			}
			free(h1);
			free(h2);
		}
		return;
	}
	h1 = ddl_semantic_hash(a, 1), h2 = ddl_semantic_hash(b, 1);
	hash_tally.identical++;
	if (!h1 || !h2 || strcmp(h1, h2)) {
		hash_tally.apart++;
		if (getenv("PGA_HASH_TALLY"))
			fprintf(stderr, "hash apart: %s | %s\n", a, b);
	}
	free(h1);
	free(h2);
}

static json_t *cmp(const char *a, const char *b)
{
	json_t *r = ddl_compare(a, b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	tally_hashes(a, b, r);
	return r;
}

static int has_hazard(json_t *r, const char *h)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r, "hazards"), i, x)
		if (!strcmp(json_string_value(x), h))
			return 1;
	return 0;
}

static const char *severity(json_t *r)
{
	return json_string_value(json_object_get(r, "severity"));
}

/*
 * Each pair of texts rated PATCH without detail key (the server stores the same object);
 * a failing pair is printed, so that a table of many says which one.
 */
static void assert_pairs_same(const char *const (*pairs)[2], size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		json_t *r = cmp(pairs[i][0], pairs[i][1]);
		if (strcmp(severity(r), "PATCH") || json_object_get(json_object_get(r, "detail"), key))
			fprintf(stderr, "same: %s | %s\n", pairs[i][0], pairs[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), key));
		json_decref(r);
	}
}

/* Two definitions the server stores apart never have one semantic hash (the hash's literal
   forms are the comparison's: equal hashes would make a rename of a changed definition) */
static void assert_hashes_apart(const char *a, const char *b)
{
	char *h1 = ddl_semantic_hash(a, 0), *h2 = ddl_semantic_hash(b, 0);
	if (h1 && h2 && !strcmp(h1, h2))
		fprintf(stderr, "one hash: %s | %s\n", a, b);
	CU_ASSERT_FALSE(h1 && h2 && !strcmp(h1, h2));
	free(h1);
	free(h2);
}

/* Each pair a change of some kind: never PATCH (the server stores something else) */
static void assert_pairs_not_patch(const char *const (*pairs)[2], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *r = cmp(pairs[i][0], pairs[i][1]);
		if (!strcmp(severity(r), "PATCH"))
			fprintf(stderr, "other: %s | %s\n", pairs[i][0], pairs[i][1]);
		CU_ASSERT_STRING_NOT_EQUAL(severity(r), "PATCH");
		assert_hashes_apart(pairs[i][0], pairs[i][1]);
		json_decref(r);
	}
}

/* Each pair rated MAJOR with detail key (another object) */
static void assert_pairs_major(const char *const (*pairs)[2], size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		json_t *r = cmp(pairs[i][0], pairs[i][1]);
		if (strcmp(severity(r), "MAJOR"))
			fprintf(stderr, "other: %s | %s\n", pairs[i][0], pairs[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), key));
		assert_hashes_apart(pairs[i][0], pairs[i][1]);
		json_decref(r);
	}
}

static int formatting_only(json_t *r)
{
	return json_is_true(json_object_get(r, "formatting_only"));
}

static void test_formatting_only_pairs(void)
{
	static const char *const pairs[][2] = {
		{ "CREATE TABLE app.t (id int NOT NULL, name text)",
		  "-- comment\ncreate   table APP.T (\n  ID INT not null, /* c */ Name TEXT\n);" },
		{ "CREATE VIEW v AS SELECT a, b FROM t WHERE a > 1",
		  "create view V as\n  select A,\n         B\n    from T\n   where A > 1" },
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$select 1$$",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'" },
		{ "CREATE INDEX i ON t (a)", "create index I on T using btree (A)" },
	};
	size_t i;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		json_t *r = cmp(pairs[i][0], pairs[i][1]);
		CU_ASSERT_TRUE(formatting_only(r));
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "hazards")), 0);
		json_decref(r);
	}
}

static void test_semantic_pairs(void)
{
	static const char *const pairs[][2] = {
		{ "CREATE TABLE t (a int DEFAULT 1)", "CREATE TABLE t (a int DEFAULT 2)" },
		{ "CREATE TABLE t (a text DEFAULT 'x')", "CREATE TABLE t (a text DEFAULT 'X')" },
		{ "CREATE TABLE \"T\" (a int)", "CREATE TABLE t (a int)" },
		/* a plpgsql body that differs only in whitespace is still semantic (bodies are compared as text) */
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$BEGIN RETURN 1; END$$",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$BEGIN  RETURN 1; END$$" },
	};
	size_t i;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		json_t *r = cmp(pairs[i][0], pairs[i][1]);
		CU_ASSERT_FALSE(formatting_only(r));
		json_decref(r);
	}
}

/* COMMENT ON COLUMN of a view was a "table column" even when a later statement of the blob
   runs only on a view (COMMENT ON VIEW, ALTER VIEW); PostgreSQL says "view column" */
static void test_comment_on_column_relation_kind(void)
{
	check_identity("COMMENT ON COLUMN s.v.a IS 'x'; COMMENT ON VIEW s.v IS 'y'", "COMMENT", "view column", "s", "a",
		       "s", "v");
	check_identity("COMMENT ON COLUMN s.m.a IS 'x'; REFRESH MATERIALIZED VIEW s.m", "COMMENT",
		       "materialized view column", "s", "a", "s", "m");
	check_identity("SET search_path = s; COMMENT ON COLUMN f.a IS 'x'; ALTER FOREIGN TABLE s.f OWNER TO bob",
		       "COMMENT", "foreign table column", "s", "a", "s", "f");
	check_identity("COMMENT ON COLUMN ct.a IS 'x'; ALTER TYPE ct ADD ATTRIBUTE b int", "COMMENT",
		       "composite type column", "public", "a", "public", "ct");
	check_identity("SECURITY LABEL ON COLUMN v.a IS 'x'; ALTER VIEW v ALTER COLUMN a SET DEFAULT 1",
		       "SECURITY LABEL", "view column", "public", "a", "public", "v");
	/* another relation, or a statement a table also accepts, says nothing */
	check_identity("COMMENT ON COLUMN v.a IS 'x'; COMMENT ON VIEW w IS 'y'", "COMMENT", "table column", "public", "a",
		       "public", "v");
	check_identity("COMMENT ON COLUMN v.a IS 'x'; ALTER TABLE v OWNER TO bob; GRANT SELECT ON v TO bob", "COMMENT",
		       "table column", "public", "a", "public", "v");
	check_identity("COMMENT ON COLUMN v.a IS 'x'; SET search_path = s; COMMENT ON VIEW v IS 'y'", "COMMENT",
		       "table column", "public", "a", "public", "v");
}

/* libpg_query 15-4.0 writes no value for an Integer at or below 0: DEFAULT -1 -> DEFAULT 0
   compared as formatting and had the same semantic hash (a rename). The values come back
   from the text: A_Const by its location, DefElem options by theirs, the others in order. */
static void test_negative_integers(void)
{
	static const char *const semantic[][2] = {
		{ "CREATE TABLE t (a int DEFAULT -1)", "CREATE TABLE t (a int DEFAULT 0)" },
		{ "CREATE TABLE t (a int DEFAULT -1)", "CREATE TABLE t (a int DEFAULT -2)" },
		{ "CREATE TABLE t (a int CHECK (a > -5))", "CREATE TABLE t (a int CHECK (a > -6))" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (-10) TO (0)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (-20) TO (0)" },
		{ "CREATE SEQUENCE s INCREMENT BY -1", "CREATE SEQUENCE s INCREMENT BY -2" },
		{ "CREATE SEQUENCE s MINVALUE -100 START WITH -5", "CREATE SEQUENCE s MINVALUE -100 START WITH -6" },
		{ "ALTER TABLE t ALTER COLUMN a SET (n_distinct = -1)", "ALTER TABLE t ALTER COLUMN a SET (n_distinct = 0)" },
		{ "ALTER TABLE t ALTER a SET STATISTICS -1", "ALTER TABLE t ALTER a SET STATISTICS 0" },
		{ "ALTER TABLE t ALTER a SET STATISTICS 5, ALTER b SET STATISTICS -1",
		  "ALTER TABLE t ALTER a SET STATISTICS 5, ALTER b SET STATISTICS 0" },
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT -1'",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT -2'" },
		{ "CREATE VIEW v AS SELECT -1 AS a", "CREATE VIEW v AS SELECT 0 AS a" },
		/* the grammar folds a minus into a constant through parentheses too */
		{ "CREATE TABLE t (a int DEFAULT -(5))", "CREATE TABLE t (a int DEFAULT -(6))" },
		{ "CREATE TABLE t (a int CHECK (a > -(-(-5))))", "CREATE TABLE t (a int CHECK (a > -(-(-6))))" },
	};
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a int DEFAULT -1)", "create table t (a int default - /* one */ 1)" },
		{ "CREATE SEQUENCE s INCREMENT BY -1", "CREATE SEQUENCE s INCREMENT -- by\n -1" },
		{ "CREATE TABLE t (a int[], b int DEFAULT 0)", "CREATE TABLE t (a integer[], b int DEFAULT 0)" },
		{ "CREATE TABLE t (a int DEFAULT -(5))", "CREATE TABLE t (a int DEFAULT - ( (5) ))" },
		{ "CREATE TABLE t (a int CHECK (a > -(-(-5))))", "CREATE TABLE t (a int CHECK (a > -5))" },
		{ "CREATE TABLE t (a int CHECK (a > -(-5)))", "CREATE TABLE t (a int CHECK (a > 5))" },
	};
	size_t i;
	for (i = 0; i < sizeof(semantic) / sizeof(semantic[0]); i++) {
		json_t *r = cmp(semantic[i][0], semantic[i][1]);
		if (formatting_only(r))
			fprintf(stderr, "\nformatting only: [%s] [%s]\n", semantic[i][0], semantic[i][1]);
		CU_ASSERT_FALSE(formatting_only(r));
		json_decref(r);
		char *h1 = ddl_semantic_hash(semantic[i][0], 1), *h2 = ddl_semantic_hash(semantic[i][1], 1);
		CU_ASSERT_STRING_NOT_EQUAL(h1, h2);
		free(h1);
		free(h2);
	}
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_TRUE(formatting_only(r));
		json_decref(r);
	}
	check_identity("COMMENT ON LARGE OBJECT -1294967296 IS 'x'", "COMMENT", "large object", NULL, "3000000000", NULL,
		       NULL);
}

/* DEFAULT NULL stores no default and COLLATE "default" is the own collation of text,
   varchar and char: writing them changed nothing in the catalog, but was a default
   added (MINOR) and a column option changed (MINOR, table_rewrite) */
static void test_column_catalog_form(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a bigint, b text)", "CREATE TABLE t (a bigint DEFAULT NULL, b text DEFAULT NULL::text)" },
		{ "CREATE TABLE t (a text, b varchar(3), c char(2), d text[])",
		  "CREATE TABLE t (a text COLLATE pg_catalog.\"default\", b varchar(3) COLLATE \"default\", "
		  "c char(2) COLLATE pg_catalog.\"default\", d text[] COLLATE \"default\")" },
		{ "CREATE TABLE t (a text COLLATE \"C\")", "CREATE TABLE t (a text COLLATE pg_catalog.\"C\")" },
		{ "CREATE TYPE c AS (a text)", "CREATE TYPE c AS (a text COLLATE \"default\")" },
	};
	static const char *const other[][3] = {
		/* a domain's NULL default is stored (CoerceToDomain); name's own collation is "C" */
		{ "CREATE TABLE t (a dom)", "CREATE TABLE t (a dom DEFAULT NULL)", "defaults_changed" },
		{ "CREATE TABLE t (a int DEFAULT 1)", "CREATE TABLE t (a int DEFAULT NULL)", "defaults_changed" },
		{ "CREATE TABLE t (a name)", "CREATE TABLE t (a name COLLATE \"default\")", "column_options_changed" },
		{ "CREATE TABLE t (a mytext)", "CREATE TABLE t (a mytext COLLATE \"default\")", "column_options_changed" },
		{ "CREATE TABLE t (a text)", "CREATE TABLE t (a text COLLATE \"C\")", "column_options_changed" },
		{ "CREATE TABLE t (a text COLLATE s.\"C\")", "CREATE TABLE t (a text COLLATE \"C\")",
		  "column_options_changed" },
	};
	size_t i;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "defaults_changed"));
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "column_options_changed"));
		json_decref(r);
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		json_t *r = cmp(other[i][0], other[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), other[i][2]));
		json_decref(r);
	}
}

/* arguments of sql's routine as pg_identify_object() lists them (pg_catalog. left out) */
static void check_arguments(const char *sql, const char *want)
{
	struct ddl_class c;
	CU_ASSERT_EQUAL(ddl_classify(sql, &c), DDL_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c.arguments);
	if (strcmp(c.arguments, want))
		fprintf(stderr, "\n  arguments: got [%s], want [%s] for: %s\n", c.arguments, want, sql);
	CU_ASSERT_STRING_EQUAL(c.arguments, want);
	ddl_class_release(&c);
}

/*
 * Identity arguments as the server gives them (checked with pg_identify_object() on
 * PostgreSQL 15): no type modifiers, "char" and "any" quoted, other schemas' types
 * qualified, OUT parameters left out where their mode is written; agg(*) is agg().
 */
static void test_routine_identity_arguments(void)
{
	check_arguments("CREATE FUNCTION d.g(a varchar(10), b timestamp(3), c \"char\", VARIADIC d \"any\") "
			"RETURNS int LANGUAGE internal AS 'int4pl'",
			"character varying, timestamp without time zone, \"char\", \"any\"");
	check_arguments("CREATE FUNCTION d.g(a mytype, b \"My T\"[], c x.y) RETURNS int LANGUAGE sql AS 'select 1'",
			"public.mytype, public.\"My T\"[], x.y");
	check_arguments("SET search_path = app; CREATE FUNCTION g(a t) RETURNS int LANGUAGE sql AS 'select 1'", "app.t");
	/* pg_catalog named first: the routine is created there, its argument types (existing
	   types) are found in app (pg_identify_object(): pg_catalog.f(app.mytype); round 20,
	   they read mytype, pg_catalog's) */
	check_arguments("SET search_path = pg_catalog, app; CREATE FUNCTION f(a mytype) RETURNS int LANGUAGE sql AS 'select 1'",
			"app.mytype");
	check_arguments("SET search_path = pg_catalog, app; CREATE AGGREGATE ag(mytype) (SFUNC = sf, STYPE = int)",
			"app.mytype");
	check_arguments("CREATE PROCEDURE pz.pr(a int, INOUT b int, OUT c int, d text) LANGUAGE sql AS ''",
			"integer, integer, text");
	check_arguments("DROP PROCEDURE pz.pr3(IN int, OUT int)", "integer");
	check_arguments("COMMENT ON PROCEDURE pz.pr(int, OUT int, text) IS 'x'", "integer, text");
	check_arguments("DROP FUNCTION d.g(varchar(10), \"char\", x.\"Y\")", "character varying, \"char\", x.\"Y\"");
	check_arguments("CREATE AGGREGATE pz.cnt(*) (SFUNC = int8inc, STYPE = int8)", "");
	check_arguments("DROP AGGREGATE pz.cnt(*)", "");
	check_arguments("CREATE AGGREGATE pz.o (BASETYPE = 'ANY', SFUNC = int8inc, STYPE = int8)", "");
	check_arguments("CREATE AGGREGATE pz.o (BASETYPE = 'int4', SFUNC = int4pl, STYPE = int4)", "integer");
	check_arguments("CREATE AGGREGATE pz.o (BASETYPE = 'My T', SFUNC = f, STYPE = int4)", "public.\"My T\"");
	check_arguments("CREATE AGGREGATE pz.ag(VARIADIC \"any\" ORDER BY VARIADIC \"any\") (SFUNC = f, STYPE = internal)",
			"\"any\"");
}

/*
 * pg_get_constraintdef()'s CHECK against the one written by hand: a string compared with a
 * column of its type has that type's cast, negative numbers are quoted and cast; conbin is
 * the same (checked on the server). varchar compares as text: its cast is another tree.
 */
static void test_check_casts_of_literals(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (t text CHECK (t <> ''), c char(2) CHECK (c = 'ab'), s smallint CHECK (s > '5'), "
		  "d date CHECK (d >= '2020-01-01'), j jsonb CHECK ('{}' <> j), i int CHECK (i > -1))",
		  "CREATE TABLE t (t text CHECK ((t <> ''::text)), c char(2) CHECK ((c = 'ab'::bpchar)), s smallint CHECK "
		  "((s > '5'::smallint)), d date CHECK ((d >= '2020-01-01'::date)), j jsonb CHECK (('{}'::jsonb <> j)), "
		  "i int CHECK ((i > '-1'::integer)))" },
		{ "CREATE TABLE t (t text, CONSTRAINT c CHECK (t <> '' AND length(t) < 5))",
		  "CREATE TABLE t (t text, CONSTRAINT c CHECK (((t <> ''::text) AND (length(t) < 5))))" },
		{ "CREATE DOMAIN d AS text CHECK (VALUE <> '')", "CREATE DOMAIN d AS text CONSTRAINT d_check CHECK ((VALUE <> ''::text))" },
	};
	static const char *const other[][2] = {
		{ "CREATE TABLE t (v varchar(3) CHECK (v <> 'x'))", "CREATE TABLE t (v varchar(3) CHECK (v <> 'x'::character varying))" },
		{ "CREATE TABLE t (t text CHECK (t <> ''))", "CREATE TABLE t (t text CHECK (t <> 'a'::text))" },
		{ "CREATE TABLE t (t text CHECK (t <> ''))", "CREATE TABLE t (t text CHECK (t <> ''::name))" },
		{ "CREATE TABLE t (t dom CHECK (t <> ''))", "CREATE TABLE t (t dom CHECK (t <> ''::dom))" },
		{ "CREATE DOMAIN d AS text CHECK (VALUE <> '')", "CREATE DOMAIN d AS text CHECK (VALUE <> 'x'::text)" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "constraints_changed");
	assert_pairs_major(other, sizeof(other) / sizeof(other[0]), "constraints_changed");
}

/*
 * pg_get_constraintdef()'s forms of IN and of literals compared with a column against the
 * hand-written ones: equal pg_constraint.conbin (equal(): locations and coercion forms
 * aside) on a PostgreSQL 15 server for each "same" pair, different for each "other" pair.
 */
static void test_check_in_lists_and_literals(void)
{
#define T "CREATE TABLE c (x int, y bigint, n numeric, t text, c char(2), v varchar(5), d date, b boolean, CONSTRAINT k CHECK "
	static const char *const same[][2] = {
		{ T "(x IN (1, 2)))", T "((x = ANY (ARRAY[1, 2]))))" },
		{ T "(x NOT IN (1, 2)))", T "((x <> ALL (ARRAY[1, 2]))))" },
		{ T "(x IN (1)))", T "((x = 1)))" },
		{ T "(x NOT IN (1)))", T "((x <> 1)))" },
		{ T "(x IN ('1', '2')))", T "((x = ANY (ARRAY[1, 2]))))" },
		{ T "(x IN (1, '2')))", T "((x = ANY (ARRAY[1, 2]))))" },
		{ T "(y IN (1, 2)))", T "((y = ANY (ARRAY[(1)::bigint, (2)::bigint]))))" },
		{ T "(y IN ('1', '2')))", T "((y = ANY (ARRAY['1'::bigint, '2'::bigint]))))" },
		{ T "(t IN ('a', 'b')))", T "((t = ANY (ARRAY['a'::text, 'b'::text]))))" },
		{ T "(t IN ('a', 'b')))", T "((t = ANY (ARRAY['a', 'b']))))" },
		{ T "(c IN ('ab', 'cd')))", T "((c = ANY (ARRAY['ab'::bpchar, 'cd'::bpchar]))))" },
		{ T "(n IN (1.5, 2.5)))", T "((n = ANY (ARRAY[1.5, 2.5]))))" },
		{ T "(n IN ('1.5', '2')))", T "((n = ANY (ARRAY[1.5, '2'::numeric]))))" },
		{ T "(n IN (1, 2)))", T "((n = ANY (ARRAY[(1)::numeric, (2)::numeric]))))" },
		{ T "(d IN ('2024-01-01', '2024-02-01')))", T "((d = ANY (ARRAY['2024-01-01'::date, '2024-02-01'::date]))))" },
		{ T "(b IN (true, false)))", T "((b = ANY (ARRAY[true, false]))))" },
		{ T "('1.5' < n))", T "((1.5 < n)))" },
		{ T "(x > '5'))", T "((x > 5)))" },
		{ T "('5' < x))", T "((5 < x)))" },
		/* int4in() and numeric_in() read leading zeros, a sign and spaces (round 20: they
		   were kept apart; conbin checked) */
		{ T "(x > '05'))", T "((x > 5)))" },
		{ T "(x > ' +5 '))", T "((x > 5)))" },
		{ T "('01.50' < n))", T "((1.50 < n)))" },
		/* no varchar operator: text's, the string a text Const (the cast written or not) */
		{ T "(v <> 'x'))", T "(((v)::text <> 'x'::text)))" },
		{ T "('x' < v))", T "(('x'::text < (v)::text)))" },
		{ T "(v::text <> 'x'))", T "(((v)::text <> 'x'::text)))" },
		{ T "(v LIKE 'a%'))", T "(((v)::text ~~ 'a%'::text)))" },
		{ T "(v NOT ILIKE 'a%'))", T "(((v)::text !~~* 'a%'::text)))" },
		{ T "(v ~ '^a'))", T "(((v)::text ~ '^a'::text)))" },
		{ T "(t LIKE 'a%'))", T "((t ~~ 'a%'::text)))" },
		/* no numeric-integer or float8-numeric operator: the literal is cast to the column's type */
		{ "CREATE TABLE z (n numeric, f float8, CHECK (n > 5 AND 5 < n AND n > 1.5 AND n > -5 AND f > 1.5 AND f > -1.5 AND f > 1))",
		  "CREATE TABLE z (n numeric, f float8, CONSTRAINT z_check CHECK (((n > (5)::numeric) AND ((5)::numeric < n) AND "
		  "(n > (1.5)::numeric) AND (n > ('-5'::integer)::numeric) AND (f > (1.5)::double precision) AND "
		  "(f > ('-1.5'::numeric)::double precision) AND (f > (1)::double precision))))" },
		{ "CREATE DOMAIN d AS text CHECK (VALUE IN ('a', 'b'))",
		  "CREATE DOMAIN d AS text CONSTRAINT d_check CHECK ((VALUE = ANY (ARRAY['a'::text, 'b'::text])))" },
	};
	static const char *const other[][2] = {
		{ T "(x IN (1, 2)))", T "((x = ANY (ARRAY[1, 3]))))" },
		{ T "(x IN (1, 2)))", T "((x = ANY (ARRAY[2, 1]))))" },
		{ T "(x IN (1, 2)))", T "((x <> ALL (ARRAY[1, 2]))))" },
		{ T "(x IN (1, 2)))", T "((x = ANY ('{1,2}'::integer[]))))" },
		{ T "(x IN (1)))", T "((x = 2)))" },
		{ T "(x IN (1)))", T "((x <> 1)))" },
		{ T "(x IN (1)))", T "((x = ANY (ARRAY[1]))))" },
		/* int8 = ANY (int4[]) is another operator than int8 = ANY (int8[]) */
		{ T "(y IN (1, 2)))", T "((y = ANY (ARRAY[1, 2]))))" },
		/* bpchar against text[]: the column is cast to text, trailing blanks count */
		{ T "(c IN ('ab', 'cd')))", T "((c = ANY (ARRAY['ab', 'cd']))))" },
		{ T "(t IN ('a', 'b')))", T "((t = ANY (ARRAY['a'::text, 'c'::text]))))" },
		{ T "(t IN ('a', 'b')))", T "((t = ANY (ARRAY['a'::name, 'b'::name]))))" },
		/* varchar compares as text; pg_get_constraintdef()'s form makes another tree again */
		{ T "(v IN ('a', 'b')))",
		  T "(((v)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))))" },
		{ T "(n IN (1.5, 2)))", T "((n = ANY (ARRAY[1.5, 2.0]))))" },
		{ T "(x > '5'))", T "((x > 6)))" },
		{ T "('1.5' < n))", T "((1.50 < n)))" },
		/* a numeric compared with an integer is a cast of an int4 Const, not a numeric Const */
		{ T "(n > 5))", T "((n > '5'::numeric)))" },
		{ T "(x IN (1, 2, y)))", T "(x IN (1, 2)))" },
		{ T "(v <> 'x'))", T "((v <> 'x'::character varying)))" },
		{ "CREATE TABLE z (n numeric CHECK (n > 5))", "CREATE TABLE z (n numeric CHECK (n > (6)::numeric))" },
		/* a float8 Const read from the string, not a cast of a numeric one */
		{ "CREATE TABLE z (f float8 CHECK (f > 1.5))", "CREATE TABLE z (f float8 CHECK (f > '1.5'::double precision))" },
		/* a real against 1.5 is a float4-float8 operator */
		{ "CREATE TABLE z (r real CHECK (r > 1.5))", "CREATE TABLE z (r real CHECK (r > (1.5)::real))" },
		{ T "(v <> 'x'))", T "(((v)::text <> 'y'::text)))" },
		{ T "(v <> 'x'))", T "(((v)::bpchar <> 'x'::bpchar)))" },
		{ T "(v <> 'x'))", T "(((v)::text < 'x'::text)))" },
		{ T "(v LIKE 'a%'))", T "(((v)::text ~~* 'a%'::text)))" },
		{ T "(v LIKE 'a%'))", T "(((v)::text ~~ 'a%'::name)))" },
		{ T "(c LIKE 'a%'))", T "((c ~~ 'a%'::bpchar)))" },
		/* a timestamptz without offset is read in the session's TimeZone, which the blob does not say */
		{ "CREATE TABLE z (ts timestamptz CHECK (ts >= '2024-01-01'))",
		  "CREATE TABLE z (ts timestamptz CHECK ((ts >= '2024-01-01 00:00:00+00'::timestamp with time zone)))" },
		{ "CREATE TABLE z (ts timestamptz CHECK (ts >= '2024-01-01 00:00:00+00'))",
		  "CREATE TABLE z (ts timestamptz CHECK ((ts >= '2024-01-01 00:00:00+01'::timestamp with time zone)))" },
	};
#undef T
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "constraints_changed");
	assert_pairs_major(other, sizeof(other) / sizeof(other[0]), "constraints_changed");
}

/* numeric(p) and decimal(p) are numeric(p,0): one atttypmod (checked on the server), no retype */
static void test_numeric_scale_zero(void)
{
	json_t *r = cmp("CREATE TABLE t (a numeric(10), b decimal(7))", "CREATE TABLE t (a numeric(10,0), b numeric(7, 0))");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "columns_retyped"));
	json_decref(r);
	r = cmp("CREATE TABLE t (a numeric(10))", "CREATE TABLE t (a numeric(10,2))");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "columns_retyped"));
	json_decref(r);
	r = cmp("CREATE TABLE t (a numeric(10))", "CREATE TABLE t (a numeric(12,0))");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
}

/*
 * pg_dump's spelling of a default (pg_get_expr(): 'a'::text, '-1'::integer) against the
 * literal written by hand: pg_attrdef.adbin is the same (checked on the server), so no
 * default changed; other casts are a different expression.
 */
static void test_default_casts_of_literals(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a text DEFAULT 'a', b varchar(5) DEFAULT 'b', c char(2) DEFAULT 'ab', d jsonb DEFAULT '{}')",
		  "CREATE TABLE t (a text DEFAULT 'a'::text, b varchar(5) DEFAULT 'b'::character varying, "
		  "c char(2) DEFAULT 'ab'::bpchar, d jsonb DEFAULT '{}'::jsonb)" },
		{ "CREATE TABLE t (a int[] DEFAULT '{}', b date DEFAULT '2020-01-01', c name DEFAULT 'x')",
		  "CREATE TABLE t (a int[] DEFAULT '{}'::integer[], b date DEFAULT '2020-01-01'::date, c name DEFAULT 'x'::name)" },
		{ "CREATE TABLE t (a int DEFAULT -1, b bigint DEFAULT -1, c smallint DEFAULT -1, d int DEFAULT 0)",
		  "CREATE TABLE t (a int DEFAULT '-1'::integer, b bigint DEFAULT '-1'::integer, c smallint DEFAULT '-1'::integer, "
		  "d int DEFAULT '0'::integer)" },
		{ "CREATE TABLE t (a numeric DEFAULT -1.5, b numeric(5,2) DEFAULT 1.50)",
		  "CREATE TABLE t (a numeric DEFAULT '-1.5'::numeric, b numeric(5,2) DEFAULT '1.50'::numeric)" },
		{ "CREATE TABLE t (a text DEFAULT 'a')", "CREATE TABLE t (a text DEFAULT ('a'::pg_catalog.text))" },
		/* a domain's default and a parameter's (pg_type.typdefaultbin, pg_proc.proargdefaults) */
		{ "CREATE DOMAIN d AS varchar(5) DEFAULT 'a'", "CREATE DOMAIN d AS character varying(5) DEFAULT 'a'::character varying" },
		{ "CREATE DOMAIN d AS int DEFAULT -1", "CREATE DOMAIN d AS integer DEFAULT '-1'::integer" },
		{ "CREATE FUNCTION f(a text DEFAULT 'x', b int DEFAULT -1, c varchar(3) DEFAULT 'v') RETURNS int LANGUAGE sql AS 'select 1'",
		  "CREATE FUNCTION f(a text DEFAULT 'x'::text, b int DEFAULT '-1'::integer, c varchar(3) DEFAULT 'v'::character varying) "
		  "RETURNS int LANGUAGE sql AS 'select 1'" },
	};
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a text DEFAULT 'a')", "CREATE TABLE t (a text DEFAULT 'b'::text)" },
		/* character is char(1) in a cast */
		{ "CREATE TABLE t (a char(2) DEFAULT 'ab')", "CREATE TABLE t (a char(2) DEFAULT 'ab'::character)" },
		{ "CREATE TABLE t (a varchar(5) DEFAULT 'a')", "CREATE TABLE t (a varchar(5) DEFAULT 'a'::varchar(5))" },
		/* a domain's cast is an explicit CoerceToDomain */
		{ "CREATE TABLE t (a dom DEFAULT 'a')", "CREATE TABLE t (a dom DEFAULT 'a'::dom)" },
		{ "CREATE TABLE t (a int DEFAULT 1)", "CREATE TABLE t (a int DEFAULT '1'::bigint)" },
		{ "CREATE TABLE t (a float8 DEFAULT 1.5)", "CREATE TABLE t (a float8 DEFAULT '1.5'::double precision)" },
		{ "CREATE TABLE t (a int DEFAULT -1)", "CREATE TABLE t (a int DEFAULT '-2'::integer)" },
		{ "CREATE TABLE t (a text DEFAULT 'a')", "CREATE TABLE t (a text DEFAULT 'a'::varchar)" },
		{ "CREATE TABLE t (a text[] DEFAULT '{}')", "CREATE TABLE t (a text[] DEFAULT '{}'::text)" },
	};
	static const char *const other_domain_function[][3] = {
		{ "CREATE DOMAIN d AS text DEFAULT 'a'", "CREATE DOMAIN d AS text DEFAULT 'b'::text", "default_changed" },
		{ "CREATE FUNCTION f(a text DEFAULT 'x') RETURNS int LANGUAGE sql AS 'select 1'",
		  "CREATE FUNCTION f(a text DEFAULT 'x'::varchar) RETURNS int LANGUAGE sql AS 'select 1'",
		  "parameter_defaults_changed" },
	};
	size_t i;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "defaults_changed"));
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "default_changed"));
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "parameter_defaults_changed"));
		json_decref(r);
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		json_t *r = cmp(other[i][0], other[i][1]);
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "defaults_changed"));
		json_decref(r);
	}
	for (i = 0; i < sizeof(other_domain_function) / sizeof(other_domain_function[0]); i++) {
		json_t *r = cmp(other_domain_function[i][0], other_domain_function[i][1]);
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), other_domain_function[i][2]));
		json_decref(r);
	}
}

/*
 * USING heap, TABLESPACE pg_default, USING INDEX TABLESPACE pg_default and WITH (oids =
 * false) leave the catalog as if not written (relam heap, reltablespace 0, reloptions
 * NULL: checked on the server); another access method, tablespace or option is a change.
 */
static void test_default_storage_options(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE t (id int PRIMARY KEY) USING heap" },
		{ "CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE t (id int PRIMARY KEY) TABLESPACE pg_default" },
		{ "CREATE TABLE t (id int PRIMARY KEY)",
		  "CREATE TABLE t (id int PRIMARY KEY USING INDEX TABLESPACE pg_default)" },
		{ "CREATE TABLE t (id int, CONSTRAINT t_pkey PRIMARY KEY (id))",
		  "CREATE TABLE t (id int);\nALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id) "
		  "USING INDEX TABLESPACE pg_default;" },
		{ "CREATE TABLE t (id int)", "CREATE TABLE t (id int) WITH (oids = false)" },
		{ "CREATE TABLE t (id int)", "CREATE TABLE t (id int) WITH (OIDS = off)" },
		{ "CREATE TABLE t (id int)", "CREATE TABLE t (id int) WITH (oids = 0)" },
		{ "CREATE TABLE t (id int) WITH (fillfactor = 70)", "CREATE TABLE t (id int) WITH (oids = false, fillfactor = 70)" },
		{ "CREATE INDEX i ON t (a)", "CREATE INDEX i ON t (a) TABLESPACE pg_default" },
	};
	static const char *const reloptions[][2] = {
		/* pg_class.reloptions holds the value's text: 90 and '90' are one entry, no value is true */
		{ "CREATE TABLE t (a int UNIQUE WITH (fillfactor=90)) WITH (fillfactor=90)",
		  "CREATE TABLE t (a int, CONSTRAINT t_a_key UNIQUE (a) WITH (fillfactor='90')) WITH (fillfactor='90')" },
		{ "CREATE INDEX i ON t (a) WITH (fillfactor=90)", "CREATE INDEX i ON t USING btree (a) WITH (fillfactor='90')" },
		{ "CREATE VIEW v WITH (security_barrier) AS SELECT 1 AS a",
		  "CREATE VIEW v WITH (security_barrier='true') AS SELECT 1 AS a" },
		{ "CREATE MATERIALIZED VIEW m WITH (fillfactor=50) AS SELECT 1 AS a",
		  "CREATE MATERIALIZED VIEW m USING heap WITH (fillfactor='50') TABLESPACE pg_default AS SELECT 1 AS a" },
	};
	static const char *const other[][3] = {
		{ "CREATE TABLE t (id int)", "CREATE TABLE t (id int) USING columnar", "table_options_changed" },
		{ "CREATE INDEX i ON t (a) WITH (fillfactor=90)", "CREATE INDEX i ON t (a) WITH (fillfactor='090')",
		  "index_fields_changed" },
		{ "CREATE VIEW v WITH (security_barrier) AS SELECT 1 AS a",
		  "CREATE VIEW v WITH (security_barrier=false) AS SELECT 1 AS a", "options_changed" },
		{ "CREATE MATERIALIZED VIEW m AS SELECT 1 AS a", "CREATE MATERIALIZED VIEW m TABLESPACE fast AS SELECT 1 AS a",
		  "options_changed" },
		{ "CREATE TABLE t (id int)", "CREATE TABLE t (id int) TABLESPACE fast", "table_options_changed" },
		{ "CREATE TABLE t (id int) WITH (oids = false)", "CREATE TABLE t (id int) WITH (fillfactor = 70)",
		  "table_options_changed" },
		{ "CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE t (id int PRIMARY KEY USING INDEX TABLESPACE fast)",
		  "constraints_changed" },
		{ "CREATE INDEX i ON t (a)", "CREATE INDEX i ON t (a) TABLESPACE fast", "index_fields_changed" },
	};
	size_t i;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]), *d = json_object_get(r, "detail");
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "hazards")), 0);
		CU_ASSERT_PTR_NULL(json_object_get(d, "table_options_changed"));
		CU_ASSERT_PTR_NULL(json_object_get(d, "constraints_changed"));
		CU_ASSERT_PTR_NULL(json_object_get(d, "index_fields_changed"));
		json_decref(r);
	}
	for (i = 0; i < sizeof(reloptions) / sizeof(reloptions[0]); i++) {
		json_t *r = cmp(reloptions[i][0], reloptions[i][1]), *d = json_object_get(r, "detail");
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "hazards")), 0);
		CU_ASSERT_PTR_NULL(json_object_get(d, "table_options_changed"));
		CU_ASSERT_PTR_NULL(json_object_get(d, "options_changed"));
		CU_ASSERT_PTR_NULL(json_object_get(d, "index_fields_changed"));
		CU_ASSERT_PTR_NULL(json_object_get(d, "constraints_changed"));
		json_decref(r);
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		json_t *r = cmp(other[i][0], other[i][1]);
		CU_ASSERT_NOT_EQUAL(json_array_size(json_object_get(r, "hazards")) + !strcmp(severity(r), "MINOR"), 0);
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), other[i][2]));
		json_decref(r);
	}
}

static void test_table_changes(void)
{
	json_t *r, *d;

	r = cmp("CREATE TABLE t (a int, b text)", "CREATE TABLE t (a int)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "deletes_data"));
	d = json_object_get(json_object_get(r, "detail"), "columns_dropped");
	CU_ASSERT_EQUAL(json_array_size(d), 1);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(d, 0), "name")), "b");
	json_decref(r);

	r = cmp("CREATE TABLE t (a int)", "CREATE TABLE t (a int, b text)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "hazards")), 0);
	CU_ASSERT_EQUAL(json_array_size(json_object_get(json_object_get(r, "detail"), "columns_added")), 1);
	json_decref(r);

	r = cmp("CREATE TABLE t (a int)", "CREATE TABLE t (a int, b text NOT NULL)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "depends_on_existing_data"));
	json_decref(r);

	r = cmp("CREATE TABLE t (a int)", "CREATE TABLE t (a int, b timestamptz DEFAULT clock_timestamp())");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_TRUE(has_hazard(r, "table_rewrite"));
	json_decref(r);

	r = cmp("CREATE TABLE t (a bigint)", "CREATE TABLE t (a int)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "table_rewrite"));
	CU_ASSERT_TRUE(has_hazard(r, "access_exclusive_lock"));
	json_decref(r);

	r = cmp("CREATE TABLE t (a varchar(10))", "CREATE TABLE t (a varchar(20))");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_FALSE(has_hazard(r, "table_rewrite"));
	json_decref(r);

	r = cmp("CREATE TABLE t (a int)", "CREATE TABLE t (a int NOT NULL)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "depends_on_existing_data"));
	CU_ASSERT_EQUAL(json_array_size(json_object_get(json_object_get(r, "detail"), "nullability_changed")), 1);
	json_decref(r);

	r = cmp("CREATE TABLE t (a int NOT NULL)", "CREATE TABLE t (a int)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);

	r = cmp("CREATE TABLE t (a int)", "CREATE TABLE t (a int, CONSTRAINT t_a_check CHECK (a > 0))");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "depends_on_existing_data"));
	d = json_object_get(json_object_get(r, "detail"), "constraints_added");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(d, 0), "name")), "t_a_check");
	json_decref(r);

	/* an inline CHECK and the same named table constraint are the same constraint */
	r = cmp("CREATE TABLE t (a int CHECK (a > 0))", "CREATE TABLE t (a int, CONSTRAINT t_a_check CHECK (a > 0))");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_added"));
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_dropped"));
	json_decref(r);

	r = cmp("CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0))", "CREATE TABLE t (a int)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_EQUAL(json_array_size(json_object_get(json_object_get(r, "detail"), "constraints_dropped")), 1);
	json_decref(r);

	r = cmp("CREATE TABLE t (a int DEFAULT 1)", "CREATE TABLE t (a int DEFAULT 2)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_EQUAL(json_array_size(json_object_get(json_object_get(r, "detail"), "defaults_changed")), 1);
	json_decref(r);

	/* a column renamed in place */
	r = cmp("CREATE TABLE t (a int, b text)", "CREATE TABLE t (a int, c text)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
	CU_ASSERT_EQUAL(json_array_size(json_object_get(json_object_get(r, "detail"), "columns_renamed")), 1);
	json_decref(r);

	/* the blob's own SET search_path moves the table: the CREATE is written alike, the
	   object is another one (as with the schema written in the name) */
	r = cmp("SET search_path = app; CREATE TABLE t (a int)", "SET search_path = other; CREATE TABLE t (a int)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(json_object_get(r, "detail"), "renamed"),
								 "new_schema")) ?: "", "other");
	json_decref(r);
	/* the same table, and nothing else in it is looked up along the path: a respelling
	   (it was MINOR, the SET a statement removed) */
	r = cmp("CREATE TABLE t (a int)", "SET search_path = public; CREATE TABLE t (a int)");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "renamed"));
	json_decref(r);

	/* only the trailing COMMENT changed */
	r = cmp("CREATE TABLE t (a int);\nCOMMENT ON TABLE t IS 'x';", "CREATE TABLE t (a int);\nCOMMENT ON TABLE t IS 'y';");
	CU_ASSERT_FALSE(formatting_only(r));
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	json_decref(r);
}

/* The names in constraints_added / _dropped of a comparison, space-separated, as a string (caller frees). */
static char *constraint_names(json_t *r, const char *key)
{
	json_t *arr = json_object_get(json_object_get(r, "detail"), key);
	size_t i, len = 1;
	json_t *x;
	char *out;

	json_array_foreach(arr, i, x)
		len += strlen(json_string_value(json_object_get(x, "name"))) + 1;
	out = calloc(1, len);
	json_array_foreach(arr, i, x) {
		if (i)
			strcat(out, " ");
		strcat(out, json_string_value(json_object_get(x, "name")));
	}
	return out;
}

/* Unnamed constraints are matched by the names PostgreSQL 15 gives them (checked on a server). */
/* Detail key of r whose array is non-empty. */
static int has_detail(json_t *r, const char *key)
{
	return json_array_size(json_object_get(json_object_get(r, "detail"), key)) > 0;
}

/*
 * NOT NULL that PostgreSQL implies (identity, primary key columns, serial) is the same as
 * NOT NULL written; serial is an integer type with a default of its own.
 */
/*
 * A temporal precision kept, raised or dropped is a relabel (no rewrite), a lower one
 * rounds every value: checked on pg_class.relfilenode around ALTER COLUMN TYPE.
 */
static void test_temporal_precision_change(void)
{
	static const char *const no_rewrite[][2] = {
		{ "timestamp", "timestamp(6)" },
		{ "timestamp(3)", "timestamp(6)" },
		{ "timestamp(3)", "timestamp" },
		{ "timestamptz(0)", "timestamptz(1)" },
		{ "time(3)", "time" },
		{ "timetz(2)", "timetz(5)" },
		{ "timestamp(6)", "timestamp" },
	};
	static const char *const rewrite[][2] = {
		{ "timestamp", "timestamp(3)" },
		{ "timestamptz(6)", "timestamptz(3)" },
		{ "time", "time(0)" },
		{ "timetz(4)", "timetz(2)" },
		{ "timestamp(3)[]", "timestamp(6)[]" }, /* an array's element coercion is not simplified */
		{ "timestamp(3)", "timestamptz(6)" },
		{ "time(3)", "timestamp(6)" },
		{ "varchar(3)[]", "text" }, /* an array's text form: through array_out() */
		{ "varchar[]", "varchar" },
	};
	char a[128], b[128];
	size_t i;
	json_t *r;

	for (i = 0; i < sizeof(no_rewrite) / sizeof(no_rewrite[0]); i++) {
		snprintf(a, sizeof(a), "CREATE TABLE t (c %s)", no_rewrite[i][0]);
		snprintf(b, sizeof(b), "CREATE TABLE t (c %s)", no_rewrite[i][1]);
		r = cmp(a, b);
		CU_ASSERT_TRUE(has_detail(r, "columns_retyped"));
		CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
		CU_ASSERT_FALSE(has_hazard(r, "table_rewrite"));
		CU_ASSERT_TRUE(has_hazard(r, "access_exclusive_lock"));
		json_decref(r);
	}
	for (i = 0; i < sizeof(rewrite) / sizeof(rewrite[0]); i++) {
		snprintf(a, sizeof(a), "CREATE TABLE t (c %s)", rewrite[i][0]);
		snprintf(b, sizeof(b), "CREATE TABLE t (c %s)", rewrite[i][1]);
		r = cmp(a, b);
		CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
		CU_ASSERT_TRUE(has_hazard(r, "table_rewrite"));
		json_decref(r);
	}
}

/* interval's typmods written as format_type() writes them (checked on the server) */
static void test_interval_typmods(void)
{
	static const char *const shown[][2] = {
		{ "interval(6)", "interval(6)" },
		{ "interval(7)", "interval(6)" },
		{ "interval(0)[]", "interval(0)[]" },
		{ "interval day to second(3)", "interval day to second(3)" },
		{ "interval second", "interval second" },
		{ "interval year to month", "interval year to month" },
		{ "pg_catalog.interval(6)", "interval year to month" },
		{ "pg_catalog.interval(32767)", "interval" },
		{ "pg_catalog.interval(8, 2)", "interval day(2)" },
		{ "interval minute to second(9)", "interval minute to second(6)" },
	};
	static const char *const no_rewrite[][2] = {
		{ "interval", "interval(6)" }, { "interval(3)", "interval(6)" }, { "interval(3)", "interval" },
		{ "interval day", "interval hour" }, { "interval year", "interval month" },
		{ "interval(3)", "interval second(3)" }, { "interval day to second(3)", "interval day to second(5)" },
		{ "interval minute", "interval second(2)" },
	};
	static const char *const rewrite[][2] = {
		{ "interval", "interval(3)" }, { "interval(6)", "interval(3)" }, { "interval", "interval day" },
		{ "interval hour", "interval day" }, { "interval(3)[]", "interval(5)[]" },
	};
	char a[128], b[128];
	size_t i;
	json_t *r;

	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		json_t *item;
		snprintf(a, sizeof(a), "CREATE TABLE t (c %s)", shown[i][0]);
		r = cmp(a, "CREATE TABLE t (c text)");
		item = json_array_get(json_object_get(json_object_get(r, "detail"), "columns_retyped"), 0);
		CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(item, "old")), shown[i][1]);
		json_decref(r);
	}
	for (i = 0; i < sizeof(no_rewrite) / sizeof(no_rewrite[0]); i++) {
		snprintf(a, sizeof(a), "CREATE TABLE t (c %s)", no_rewrite[i][0]);
		snprintf(b, sizeof(b), "CREATE TABLE t (c %s)", no_rewrite[i][1]);
		r = cmp(a, b);
		CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
		CU_ASSERT_FALSE(has_hazard(r, "table_rewrite"));
		json_decref(r);
	}
	for (i = 0; i < sizeof(rewrite) / sizeof(rewrite[0]); i++) {
		snprintf(a, sizeof(a), "CREATE TABLE t (c %s)", rewrite[i][0]);
		snprintf(b, sizeof(b), "CREATE TABLE t (c %s)", rewrite[i][1]);
		r = cmp(a, b);
		CU_ASSERT_TRUE(has_hazard(r, "table_rewrite"));
		json_decref(r);
	}
	/* timestamp(7) is timestamp(6) in the catalog (checked): no change */
	r = cmp("CREATE TABLE t (c timestamp(7), d timetz(9))", "CREATE TABLE t (c timestamp(6), d timetz(6))");
	CU_ASSERT_FALSE(has_detail(r, "columns_retyped"));
	json_decref(r);
	/* interval(7) is interval(6) in the catalog: no change */
	r = cmp("CREATE TABLE t (c interval(7))", "CREATE TABLE t (c interval(6))");
	CU_ASSERT_FALSE(has_detail(r, "columns_retyped"));
	json_decref(r);
}

/* a bound's string constant is the constant of the same text where no key type differs */
static void test_partition_bound_constants(void)
{
	static const char *const same[][2] = {
		{ "IN (1, 2)", "IN ('1', '2')" },
		{ "IN (-7, 0)", "IN ('-7', '0')" },
		{ "IN (2.50, 0.5)", "IN ('2.50', '0.5')" },
		{ "FROM (MINVALUE, -3) TO (5, 2.5)", "FROM (MINVALUE, '-3') TO ('5', '2.5')" },
	};
	static const char *const differ[][2] = {
		{ "IN (1)", "IN ('01')" }, { "IN (1)", "IN ('+1')" }, { "IN (1)", "IN (' 1')" },
		{ "IN (1)", "IN ('1e0')" }, { "IN (00.5)", "IN ('00.5')" }, { "IN (1)", "IN (2)" },
	};
	char a[160], b[160];
	size_t i;
	json_t *r;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		snprintf(a, sizeof(a), "CREATE TABLE p1 PARTITION OF p FOR VALUES %s", same[i][0]);
		snprintf(b, sizeof(b), "CREATE TABLE p1 PARTITION OF p FOR VALUES %s", same[i][1]);
		r = cmp(a, b);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_FALSE(has_detail(r, "table_options_changed"));
		json_decref(r);
	}
	for (i = 0; i < sizeof(differ) / sizeof(differ[0]); i++) {
		snprintf(a, sizeof(a), "CREATE TABLE p1 PARTITION OF p FOR VALUES %s", differ[i][0]);
		snprintf(b, sizeof(b), "CREATE TABLE p1 PARTITION OF p FOR VALUES %s", differ[i][1]);
		r = cmp(a, b);
		CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
		json_decref(r);
	}
}

static void test_implied_not_null_and_serial(void)
{
	static const char *const same_nullability[][2] = {
		{ "CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY)",
		  "CREATE TABLE t (a int NOT NULL GENERATED ALWAYS AS IDENTITY)" },
		{ "CREATE TABLE t (a int PRIMARY KEY)", "CREATE TABLE t (a int NOT NULL PRIMARY KEY)" },
		{ "CREATE TABLE t (a int, b int, PRIMARY KEY (b, a))", "CREATE TABLE t (a int NOT NULL, b int NOT NULL, PRIMARY KEY (b, a))" },
		{ "CREATE TABLE t (a serial)", "CREATE TABLE t (a integer NOT NULL DEFAULT nextval('t_a_seq'::regclass))" },
	};
	size_t i;
	json_t *r;

	for (i = 0; i < sizeof(same_nullability) / sizeof(same_nullability[0]); i++) {
		r = cmp(same_nullability[i][0], same_nullability[i][1]);
		CU_ASSERT_FALSE(has_detail(r, "nullability_changed"));
		CU_ASSERT_FALSE(has_detail(r, "columns_retyped"));
		CU_ASSERT_FALSE(has_hazard(r, "depends_on_existing_data"));
		CU_ASSERT_STRING_NOT_EQUAL(severity(r), "MAJOR");
		json_decref(r);
	}
	/* an INCLUDE column of the primary key is not made NOT NULL */
	r = cmp("CREATE TABLE t (a int, b int, PRIMARY KEY (a) INCLUDE (b))",
		"CREATE TABLE t (a int, b int NOT NULL, PRIMARY KEY (a) INCLUDE (b))");
	CU_ASSERT_TRUE(has_detail(r, "nullability_changed"));
	json_decref(r);
	/* serial -> bigserial is integer -> bigint, a widening with rewrite */
	r = cmp("CREATE TABLE t (a serial)", "CREATE TABLE t (a bigserial)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_TRUE(has_hazard(r, "table_rewrite"));
	CU_ASSERT_FALSE(has_hazard(r, "breaks_compatibility"));
	json_decref(r);
	/* serial -> identity: the default goes, the identity fills the column */
	r = cmp("CREATE TABLE t (a serial)", "CREATE TABLE t (a int GENERATED BY DEFAULT AS IDENTITY)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_FALSE(has_detail(r, "columns_retyped"));
	CU_ASSERT_TRUE(has_detail(r, "identity_changed"));
	json_decref(r);
	/* a serial column added fills every row from a sequence: a rewrite, not a MAJOR NOT NULL */
	r = cmp("CREATE TABLE t (a int)", "CREATE TABLE t (a int, b smallserial)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_TRUE(has_hazard(r, "table_rewrite"));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(json_object_get(json_object_get(r, "detail"), "columns_added"), 0), "type")), "smallint");
	json_decref(r);
	/* a NOT NULL column whose default is dropped for an identity does not break writers
	   (BY DEFAULT: an identity added ALWAYS refuses the writers that supply the value,
	   test_column_made_always_generated) */
	r = cmp("CREATE TABLE t (a int NOT NULL DEFAULT 0)", "CREATE TABLE t (a int NOT NULL GENERATED BY DEFAULT AS IDENTITY)");
	CU_ASSERT_FALSE(has_hazard(r, "breaks_compatibility"));
	json_decref(r);
}

/* A table's constraints written as ALTER TABLE ... ADD CONSTRAINT statements after it (pg_dump's way) are its constraints. */
static void test_constraints_added_by_later_statements(void)
{
	json_t *r;

	/* inline -> separate statement: the same primary key, NOT NULL as before */
	r = cmp("CREATE TABLE public.t (id integer PRIMARY KEY, a text);",
		"CREATE TABLE public.t (id integer NOT NULL, a text);\n"
		"ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	CU_ASSERT_FALSE(has_detail(r, "constraints_dropped"));
	CU_ASSERT_FALSE(has_detail(r, "statements_added"));
	json_decref(r);
	r = cmp("CREATE TABLE t (a int CHECK (a > 0));", "CREATE TABLE t (a int); ALTER TABLE t ADD CHECK (a > 0);");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	json_decref(r);
	/* a changed key in the separate statement is a changed constraint */
	r = cmp("CREATE TABLE t (id int NOT NULL, a int); ALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY (id);",
		"CREATE TABLE t (id int NOT NULL, a int); ALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY (id, a);");
	CU_ASSERT_TRUE(has_detail(r, "constraints_changed"));
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "definition_changed")));
	json_decref(r);
	/* unnamed ones are named after those of the CREATE TABLE; ALTER TABLE keeps a duplicate UNIQUE */
	r = cmp("CREATE TABLE t (a int CHECK (a > 0), UNIQUE (a));",
		"CREATE TABLE t (a int CHECK (a > 0), UNIQUE (a)); ALTER TABLE t ADD CHECK (a > 0), ADD UNIQUE (a);");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(json_object_get(json_object_get(r, "detail"), "constraints_added"), 0), "name")), "t_a_check1");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(json_object_get(json_object_get(r, "detail"), "constraints_added"), 1), "name")), "t_a_key1");
	json_decref(r);
	/* another table's ALTER is a statement of its own */
	r = cmp("CREATE TABLE t (a int);", "CREATE TABLE t (a int); ALTER TABLE s.t ADD CHECK (a > 0);");
	CU_ASSERT_TRUE(has_detail(r, "statements_added"));
	CU_ASSERT_FALSE(has_detail(r, "constraints_added"));
	json_decref(r);
}

/* Name of the first constraint ddl_compare() finds added from an empty table t to sql. */
static char *first_added_constraint(const char *sql)
{
	json_t *r = cmp("CREATE TABLE t ()", sql);
	json_t *first = json_array_get(json_object_get(json_object_get(r, "detail"), "constraints_added"), 0);
	char *name = strdup(json_string_value(json_object_get(first, "name")) ?: "");
	json_decref(r);
	return name;
}

/* A CHECK on the whole row (a lone table name that is no column, or t.*) names no column. */
static void test_whole_row_check_names(void)
{
	static const char *const cases[][2] = {
		{ "CREATE TABLE t (a int, CHECK (t IS NOT NULL))", "t_check" },
		{ "CREATE TABLE t (a int, CHECK (t.* IS NOT NULL))", "t_check" },
		{ "CREATE TABLE t (a int, CHECK (t IS NOT NULL AND a > 0))", "t_check" },
		/* a column named as its table is the column */
		{ "CREATE TABLE t (t int, CHECK (t IS NOT NULL))", "t_t_check" },
		/* with LIKE or INHERITS the columns are not all known: a lone t is taken for a column */
		{ "CREATE TABLE t (LIKE u, CHECK (t IS NOT NULL))", "t_t_check" },
		{ "CREATE TABLE t (a int, CHECK (t.a > 0))", "t_a_check" },
		/* a field of the whole row is that column (they were t_check) */
		{ "CREATE TABLE t (a int, b int, CHECK ((t).a > 0))", "t_a_check" },
		{ "CREATE TABLE t (a int, b int, CHECK ((t.*).b > 0))", "t_b_check" },
		{ "CREATE TABLE t (a int, b int, CHECK ((t).a > 0 AND a < 9))", "t_a_check" },
		{ "CREATE TABLE t (a int, b int, CHECK ((t).a > (t).b))", "t_check" },
	};
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *name = first_added_constraint(cases[i][0]);
		if (strcmp(name, cases[i][1]))
			fprintf(stderr, "\n  got %s, want %s for: %s\n", name, cases[i][1], cases[i][0]);
		CU_ASSERT_STRING_EQUAL(name, cases[i][1]);
		free(name);
	}
}

/* RETURNS left out is the result the OUT parameters imply: writing it changes no signature. */
static void test_result_implied_by_out_parameters(void)
{
	static const char *const same[][2] = {
		{ "CREATE FUNCTION f(OUT a int, OUT b int) LANGUAGE sql AS 'SELECT 1, 2'",
		  "CREATE FUNCTION f(OUT a int, OUT b int) RETURNS record LANGUAGE sql AS 'SELECT 1, 2'" },
		{ "CREATE FUNCTION f(x int, INOUT a int) LANGUAGE sql AS 'SELECT 1'",
		  "CREATE FUNCTION f(x int, INOUT a integer) RETURNS int4 LANGUAGE sql AS 'SELECT 1'" },
	};
	static const char *const changed[][2] = {
		{ "CREATE FUNCTION f(OUT a int, OUT b int) LANGUAGE sql AS 'SELECT 1, 2'",
		  "CREATE FUNCTION f(OUT a int, OUT b int) RETURNS SETOF record LANGUAGE sql AS 'SELECT 1, 2'" },
		{ "CREATE FUNCTION f(OUT a int) LANGUAGE sql AS 'SELECT 1'",
		  "CREATE FUNCTION f(OUT a bigint) LANGUAGE sql AS 'SELECT 1'" },
	};
	size_t i;
	for (i = 0; i < 2; i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_FALSE(json_is_true(json_object_get(json_object_get(r, "detail"), "signature_changed")));
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		json_decref(r);
		r = cmp(changed[i][0], changed[i][1]);
		CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "signature_changed")));
		json_decref(r);
	}
}

/*
 * pg_proc keeps argument and result types as oids, without their modifiers: a typmod
 * written or not is the same function (each pair checked on PostgreSQL 15 with pg_dump -s).
 * It was MAJOR, signature_changed. "char" (the one-byte type) is not char (bpchar).
 */
static void test_function_types_without_typmod(void)
{
#define FN(sig) "CREATE FUNCTION " sig " LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'"
	static const char *const same[][2] = {
		{ FN("f(a varchar(5)) RETURNS varchar(3)"), FN("f(a varchar) RETURNS varchar") },
		{ FN("f(a char) RETURNS int"), FN("f(a bpchar) RETURNS int") },
		{ FN("f(a numeric(10,2), b timestamp(3)) RETURNS int"), FN("f(a numeric, b timestamp) RETURNS int") },
		{ FN("f(a bit(3)) RETURNS SETOF varchar(4)"), FN("f(a bit) RETURNS SETOF varchar") },
		{ FN("f(a interval day) RETURNS int"), FN("f(a interval) RETURNS int") },
		{ FN("f(a varchar(5)[]) RETURNS int"), FN("f(a varchar[]) RETURNS int") },
		{ FN("f(a timestamp(3) with time zone) RETURNS int"), FN("f(a timestamptz) RETURNS int") },
		{ FN("f(a int, OUT b varchar(2))"), FN("f(a int, OUT b varchar)") },
	};
	static const char *const changed[][2] = {
		{ FN("f(a \"char\") RETURNS int"), FN("f(a char) RETURNS int") },
		{ FN("f(a varchar(5)) RETURNS int"), FN("f(a text) RETURNS int") },
		{ FN("f(a int) RETURNS varchar(3)"), FN("f(a int) RETURNS text") },
		{ FN("f(a bit(3)) RETURNS int"), FN("f(a varbit(3)) RETURNS int") },
	};
#undef FN
	size_t i;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_FALSE(json_is_true(json_object_get(json_object_get(r, "detail"), "signature_changed")));
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		json_decref(r);
	}
	for (i = 0; i < sizeof(changed) / sizeof(changed[0]); i++) {
		json_t *r = cmp(changed[i][0], changed[i][1]);
		CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "signature_changed")));
		CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
		json_decref(r);
	}
}

static void test_constraint_names_in_comparisons(void)
{
	static const struct {
		const char *old, *new, *added, *dropped, *severity;
	} cases[] = {
		/* a second CHECK on a column is t_a_check1 */
		{ "CREATE TABLE t (a int CHECK (a > 0))", "CREATE TABLE t (a int CHECK (a > 0) CHECK (a < 100))",
		  "t_a_check1", "", "MAJOR" },
		{ "CREATE TABLE t (a int, CHECK (a > 0))", "CREATE TABLE t (a int, CHECK (a > 0), CHECK (a < 100))",
		  "t_a_check1", "", "MAJOR" },
		{ "CREATE DOMAIN d AS int CHECK (VALUE > 0)", "CREATE DOMAIN d AS int CHECK (VALUE > 0) CHECK (VALUE < 100)",
		  "d_check1", "", "MAJOR" },
		/* a table-level CHECK on one column is named after it */
		{ "CREATE TABLE t (a int, CHECK (a > 0))", "CREATE TABLE t (a int, CONSTRAINT t_a_check CHECK (a > 0))",
		  "", "", "PATCH" },
		{ "CREATE TABLE t (a int, b int, CHECK (a > 0), CHECK (b > 0))", "CREATE TABLE t (a int, b int, CHECK (b > 0))",
		  "", "t_a_check", "MINOR" },
		{ "CREATE DOMAIN d AS int CHECK (VALUE > 0)", "CREATE DOMAIN d AS int CONSTRAINT d_check CHECK (VALUE > 0)",
		  "", "", "PATCH" },
		/* truncated to 63 bytes as makeObjectName() does */
		{ "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (c int PRIMARY KEY)",
		  "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (c int, "
		  "CONSTRAINT aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_pkey PRIMARY KEY (c))",
		  "", "", "PATCH" },
		/* the longer part is cut first, never inside a UTF-8 character: PostgreSQL's own name */
		{ "CREATE TABLE \"ééééééééééééééééééééééééééééééé\" (\"çççççççççççççççççççç\" int CHECK (\"çççççççççççççççççççç\" > 0))",
		  "CREATE TABLE \"ééééééééééééééééééééééééééééééé\" (\"çççççççççççççççççççç\" int, "
		  "CONSTRAINT \"éééééééééééééé_çççççççççççççç_check\" CHECK (\"çççççççççççççççççççç\" > 0))",
		  "", "", "PATCH" },
		/* every kind on one table, explicit names taken first (names from PostgreSQL 15; listed in table order) */
		{ "CREATE TABLE t (a int, b int, c int)",
		  "CREATE TABLE t (a int CHECK (b > 0) CHECK (true) REFERENCES u, b int UNIQUE, c int, CHECK (a > 0), "
		  "CHECK (a > 1), CONSTRAINT t_a_check2 CHECK (a > 2), UNIQUE (a) INCLUDE (a, b), FOREIGN KEY (a) REFERENCES u, "
		  "EXCLUDE USING btree ((a::text) WITH =) INCLUDE (b))",
		  "t_b_check t_check t_a_fkey t_b_key t_a_check t_a_check1 t_a_check2 t_a_a1_b_key t_a_fkey1 t_a_b_excl", "",
		  "MAJOR" },
	};
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r = cmp(cases[i].old, cases[i].new);
		char *added = constraint_names(r, "constraints_added"), *dropped = constraint_names(r, "constraints_dropped");
		if (strcmp(added, cases[i].added) || strcmp(dropped, cases[i].dropped) || strcmp(severity(r), cases[i].severity)) {
			char *d = json_dumps(r, JSON_COMPACT);
			fprintf(stderr, "\n  %s -> %s: %s\n", cases[i].old, cases[i].new, d);
			free(d);
		}
		CU_ASSERT_STRING_EQUAL(added, cases[i].added);
		CU_ASSERT_STRING_EQUAL(dropped, cases[i].dropped);
		CU_ASSERT_STRING_EQUAL(severity(r), cases[i].severity);
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_changed"));
		free(added);
		free(dropped);
		json_decref(r);
	}
}

/* A built-in type written schema-qualified is the same type: no change. */
static void test_schema_qualified_builtin_types(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a uuid)", "CREATE TABLE t (a pg_catalog.uuid)" },
		{ "CREATE TABLE t (a jsonb[])", "CREATE TABLE t (a pg_catalog.jsonb[])" },
		{ "CREATE TABLE t (a int)", "CREATE TABLE t (a pg_catalog.int4)" },
		{ "CREATE TABLE t (a varchar(10))", "CREATE TABLE t (a pg_catalog.\"varchar\"(10))" },
		{ "CREATE TYPE c AS (a uuid)", "CREATE TYPE c AS (a pg_catalog.uuid)" },
		{ "CREATE DOMAIN d AS uuid", "CREATE DOMAIN d AS pg_catalog.uuid" },
		{ "CREATE SEQUENCE s AS int8", "CREATE SEQUENCE s AS pg_catalog.int8" },
		{ "CREATE FUNCTION f(a uuid) RETURNS jsonb LANGUAGE sql AS 'select null'",
		  "CREATE FUNCTION f(a pg_catalog.uuid) RETURNS pg_catalog.jsonb LANGUAGE sql AS 'select null'" },
	};
	size_t i;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		if (strcmp(severity(r), "PATCH")) {
			char *d = json_dumps(r, JSON_COMPACT);
			fprintf(stderr, "\n  %s -> %s: %s\n", same[i][0], same[i][1], d);
			free(d);
		}
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "hazards")), 0);
		json_decref(r);
	}
	/* another schema's uuid is another type */
	json_t *r = cmp("CREATE TABLE t (a uuid)", "CREATE TABLE t (a ext.uuid)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	json_decref(r);
	r = cmp("CREATE FUNCTION f(a uuid) RETURNS int LANGUAGE sql AS 'select 1'",
		"CREATE FUNCTION f(a ext.uuid) RETURNS int LANGUAGE sql AS 'select 1'");
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "signature_changed")));
	json_decref(r);
}

static void test_function_and_view_changes(void)
{
	json_t *r, *d;

	r = cmp("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a'",
		"CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a + 1'");
	d = json_object_get(r, "detail");
	CU_ASSERT_TRUE(json_is_true(json_object_get(d, "body_changed")));
	CU_ASSERT_TRUE(json_is_false(json_object_get(d, "signature_changed")));
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);

	r = cmp("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a'",
		"CREATE FUNCTION f(a bigint) RETURNS int LANGUAGE sql AS 'select a'");
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "signature_changed")));
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
	json_decref(r);

	r = cmp("CREATE FUNCTION f() RETURNS int IMMUTABLE LANGUAGE sql AS 'select 1'",
		"CREATE FUNCTION f() RETURNS int VOLATILE SECURITY DEFINER LANGUAGE sql AS 'select 1'");
	d = json_object_get(r, "detail");
	CU_ASSERT_EQUAL(json_array_size(json_object_get(d, "attributes_changed")), 2);
	CU_ASSERT_TRUE(json_is_false(json_object_get(d, "body_changed")));
	CU_ASSERT_TRUE(has_hazard(r, "security_definer"));
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	json_decref(r);

	/* an option written at the value CreateFunction() takes when it is not written is no
	   attribute change (it was MINOR, "attributes_changed": ["volatility"]) */
	static const char *const same_function[][2] = {
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN 1; END'",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT SECURITY INVOKER "
		  "NOT LEAKPROOF PARALLEL UNSAFE COST 100.0 AS 'BEGIN RETURN 1; END'" },
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE c AS 'lib', 'f'",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE c COST 1 AS 'lib', 'f'" },
		{ "CREATE FUNCTION f() RETURNS SETOF int LANGUAGE sql AS 'select 1'",
		  "CREATE FUNCTION f() RETURNS SETOF int LANGUAGE sql ROWS 1000 AS 'select 1'" },
		{ "CREATE FUNCTION f() RETURNS int RETURN 1", "CREATE FUNCTION f() RETURNS int LANGUAGE sql RETURN 1" },
	};
	static const char *const other_function[][3] = {
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE c AS 'lib', 'f'",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE c COST 100 AS 'lib', 'f'", "cost" },
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE sql COST 1 AS 'select 1'", "cost" },
		{ "CREATE FUNCTION f() RETURNS SETOF int LANGUAGE sql AS 'select 1'",
		  "CREATE FUNCTION f() RETURNS SETOF int LANGUAGE sql ROWS 10 AS 'select 1'", "rows" },
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql STRICT AS 'select 1'",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE sql CALLED ON NULL INPUT AS 'select 1'", "strict" },
	};
	for (size_t i = 0; i < sizeof(same_function) / sizeof(same_function[0]); i++) {
		r = cmp(same_function[i][0], same_function[i][1]);
		d = json_object_get(r, "detail");
		CU_ASSERT_EQUAL(json_array_size(json_object_get(d, "attributes_changed")), 0);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		json_decref(r);
	}
	for (size_t i = 0; i < sizeof(other_function) / sizeof(other_function[0]); i++) {
		r = cmp(other_function[i][0], other_function[i][1]);
		json_t *attrs = json_object_get(json_object_get(r, "detail"), "attributes_changed");
		CU_ASSERT_EQUAL(json_array_size(attrs), 1);
		CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(attrs, 0)) ?: "", other_function[i][2]);
		CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
		json_decref(r);
	}

	/* no mode is IN: pg_get_functiondef() writes IN for a procedure (it was MAJOR,
	   signature_changed) */
	r = cmp("CREATE PROCEDURE p(m date, n int) LANGUAGE sql AS 'select 1'",
		"CREATE PROCEDURE p(IN m date, IN n int) LANGUAGE sql AS 'select 1'");
	CU_ASSERT_TRUE(json_is_false(json_object_get(json_object_get(r, "detail"), "signature_changed")));
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	json_decref(r);
	r = cmp("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select 1'",
		"CREATE FUNCTION f(INOUT a int) RETURNS int LANGUAGE sql AS 'select 1'");
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "signature_changed")));
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	json_decref(r);

	/* a SQL body differing only in layout: the bodies are parsed too */
	r = cmp("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n  SELECT 1 -- one\n$$");
	CU_ASSERT_FALSE(formatting_only(r));
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "body_formatting_only")));
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	json_decref(r);

	r = cmp("CREATE VIEW v AS SELECT a, b FROM t", "CREATE OR REPLACE VIEW v AS SELECT a, b, c FROM t");
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "query_changed")));
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);

	r = cmp("CREATE VIEW v AS SELECT a, b FROM t", "CREATE VIEW v AS SELECT a FROM t");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	json_decref(r);

	r = cmp("CREATE VIEW v AS SELECT a FROM t WHERE a > 1", "CREATE VIEW v AS SELECT a FROM t WHERE a > 2");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
}

/*
 * A PRIMARY KEY / UNIQUE / EXCLUDE that repeats the primary key or an earlier
 * one of the same CREATE TABLE makes no index and has no name; the kept one
 * takes its name if it had none (names and constraint types from PostgreSQL 15's
 * pg_constraint, listed in table order).
 */
static void test_redundant_index_constraints(void)
{
	static const char *const cases[][2] = {
		{ "CREATE TABLE t (id int PRIMARY KEY UNIQUE)", "t_pkey" },
		{ "CREATE TABLE t (a int UNIQUE, UNIQUE (a))", "t_a_key" },
		{ "CREATE TABLE t (a int UNIQUE, PRIMARY KEY (a))", "t_pkey" },
		{ "CREATE TABLE t (a int UNIQUE, CONSTRAINT named UNIQUE (a))", "named" },
		{ "CREATE TABLE t (a int CONSTRAINT named UNIQUE, UNIQUE (a))", "named" },
		{ "CREATE TABLE t (a int UNIQUE, CONSTRAINT n1 UNIQUE (a), CONSTRAINT n2 UNIQUE (a))", "n1" },
		{ "CREATE TABLE t (a int CONSTRAINT u1 UNIQUE, CONSTRAINT u2 UNIQUE (a), PRIMARY KEY (a))", "u1" },
		{ "CREATE TABLE t (a int CONSTRAINT u1 UNIQUE, CONSTRAINT pk PRIMARY KEY (a))", "pk" },
		{ "CREATE TABLE t (a int, b int, PRIMARY KEY (a) INCLUDE (b), UNIQUE (a) INCLUDE (b))", "t_pkey" },
		{ "CREATE TABLE t (a int, b int, PRIMARY KEY (a, b), UNIQUE (b, a), UNIQUE (a, b))", "t_pkey t_b_a_key" },
		{ "CREATE TABLE t (a int UNIQUE, b int, UNIQUE (b), UNIQUE (a), UNIQUE (b))", "t_a_key t_b_key" },
		/* storage parameters and tablespace are not compared */
		{ "CREATE TABLE t (a int UNIQUE, UNIQUE (a) WITH (fillfactor = 50) USING INDEX TABLESPACE pg_default)",
		  "t_a_key" },
		/* NULLS DISTINCT and NOT DEFERRABLE INITIALLY IMMEDIATE are the defaults */
		{ "CREATE TABLE t (a int UNIQUE, UNIQUE NULLS DISTINCT (a), UNIQUE (a) NOT DEFERRABLE INITIALLY IMMEDIATE)",
		  "t_a_key" },
		{ "CREATE TABLE t (a int UNIQUE DEFERRABLE INITIALLY IMMEDIATE, UNIQUE (a) DEFERRABLE)", "t_a_key" },
		{ "CREATE TABLE t (a int UNIQUE INITIALLY DEFERRED, UNIQUE (a) DEFERRABLE INITIALLY DEFERRED)", "t_a_key" },
		/* the name of the one left out is free for a later generated name */
		{ "CREATE TABLE t (a int CONSTRAINT n1 UNIQUE, CONSTRAINT t_a_key UNIQUE (a), UNIQUE (a) DEFERRABLE)",
		  "n1 t_a_key" },
		{ "CREATE TABLE t (a int CONSTRAINT n1 UNIQUE, CONSTRAINT t_a_check UNIQUE (a), CHECK (a > 0))",
		  "n1 t_a_check" },
		{ "CREATE TABLE t (a int, CONSTRAINT t_a_key CHECK (a > 0), UNIQUE (a), UNIQUE (a))", "t_a_key t_a_key1" },
		/* equal EXCLUDE constraints too, WHERE included */
		{ "CREATE TABLE t (a int, EXCLUDE USING btree (a WITH =), EXCLUDE USING btree (a WITH =))", "t_a_excl" },
		{ "CREATE TABLE t (a int, EXCLUDE (a WITH =), CONSTRAINT x EXCLUDE USING btree (a WITH =))", "x" },
		{ "CREATE TABLE t (a int, EXCLUDE USING btree (abs(a) WITH =) WHERE (a > 0), "
		  "EXCLUDE USING btree (abs(a) WITH =) WHERE (a > 0))",
		  "t_abs_excl" },
		/* not the same index: all of these are kept */
		{ "CREATE TABLE t (a int, b int, UNIQUE (a, b), UNIQUE (b, a))", "t_a_b_key t_b_a_key" },
		{ "CREATE TABLE t (a int UNIQUE DEFERRABLE, UNIQUE (a))", "t_a_key t_a_key1" },
		{ "CREATE TABLE t (a int UNIQUE, UNIQUE (a) DEFERRABLE INITIALLY DEFERRED, UNIQUE (a) DEFERRABLE)",
		  "t_a_key t_a_key1 t_a_key2" },
		{ "CREATE TABLE t (a int UNIQUE REFERENCES u DEFERRABLE, UNIQUE (a) DEFERRABLE)", "t_a_key t_a_fkey t_a_key1" },
		{ "CREATE TABLE t (a int UNIQUE, UNIQUE NULLS NOT DISTINCT (a))", "t_a_key t_a_key1" },
		{ "CREATE TABLE t (a int, b int, UNIQUE (a) INCLUDE (b), UNIQUE (a))", "t_a_b_key t_a_key" },
		{ "CREATE TABLE t (a int UNIQUE, EXCLUDE USING btree (a WITH =))", "t_a_key t_a_excl" },
		{ "CREATE TABLE t (a int, EXCLUDE USING hash (a WITH =), EXCLUDE USING btree (a WITH =))",
		  "t_a_excl t_a_excl1" },
		{ "CREATE TABLE t (a int, EXCLUDE USING btree (a WITH =), EXCLUDE USING btree (a WITH =) WHERE (a > 0))",
		  "t_a_excl t_a_excl1" },
		{ "CREATE TABLE t (a int, EXCLUDE USING btree (a WITH =), EXCLUDE USING btree ((a) WITH =))",
		  "t_a_excl t_a_excl1" },
		{ "CREATE TABLE t (a int, EXCLUDE USING btree (a int4_ops WITH =), EXCLUDE USING btree (a WITH =))",
		  "t_a_excl t_a_excl1" },
		{ "CREATE TABLE t (a int, b text, EXCLUDE USING btree (a WITH =, b WITH =), "
		  "EXCLUDE USING btree (a WITH =, b COLLATE \"C\" WITH =))",
		  "t_a_b_excl t_a_b_excl1" },
		/* FOREIGN KEYs make no index: an equal one is a second constraint */
		{ "CREATE TABLE t (a int UNIQUE REFERENCES u, UNIQUE (a), FOREIGN KEY (a) REFERENCES u)",
		  "t_a_key t_a_fkey t_a_fkey1" },
	};
	size_t i;
	json_t *r, *d;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *added;
		r = cmp("CREATE TABLE t ()", cases[i][0]);
		added = constraint_names(r, "constraints_added");
		if (strcmp(added, cases[i][1]))
			fprintf(stderr, "\n  %s: %s\n", cases[i][0], added);
		CU_ASSERT_STRING_EQUAL(added, cases[i][1]);
		free(added);
		json_decref(r);
	}

	/* the primary key named after the UNIQUE it absorbed is a primary key */
	r = cmp("CREATE TABLE t ()", "CREATE TABLE t (a int CONSTRAINT u1 UNIQUE, PRIMARY KEY (a))");
	d = json_array_get(json_object_get(json_object_get(r, "detail"), "constraints_added"), 0);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(d, "name")), "u1");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(d, "type")), "PRIMARY");
	json_decref(r);

	/* writing the redundant one adds nothing */
	r = cmp("CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE t (id int PRIMARY KEY UNIQUE)");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_added"));
	json_decref(r);
	r = cmp("CREATE TABLE t (a int UNIQUE)", "CREATE TABLE t (a int UNIQUE, UNIQUE (a))");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_added"));
	json_decref(r);
	/* naming the redundant one renames the kept one (round 23: a rename, not a constraint
	   dropped and one added) */
	r = cmp("CREATE TABLE t (a int UNIQUE)", "CREATE TABLE t (a int UNIQUE, CONSTRAINT named UNIQUE (a))");
	d = json_object_get(r, "detail");
	CU_ASSERT_EQUAL(json_array_size(json_object_get(d, "constraints_renamed")), 1);
	d = json_array_get(json_object_get(d, "constraints_renamed"), 0);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(d, "old")) ?: "", "t_a_key");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(d, "new")) ?: "", "named");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_added"));
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_dropped"));
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
}

/*
 * DEFERRABLE / INITIALLY written after an inline constraint belong to the
 * constraint before them, as in PostgreSQL; an inline constraint with them is
 * the table constraint with them.
 */
static void test_inline_constraint_attributes(void)
{
	static const struct {
		const char *old, *new, *changed, *severity;
	} cases[] = {
		{ "CREATE TABLE t (a int UNIQUE)", "CREATE TABLE t (a int UNIQUE DEFERRABLE)", "t_a_key", "MAJOR" },
		{ "CREATE TABLE t (a int UNIQUE DEFERRABLE)", "CREATE TABLE t (a int UNIQUE DEFERRABLE INITIALLY DEFERRED)",
		  "t_a_key", "MAJOR" },
		{ "CREATE TABLE t (a int REFERENCES u)", "CREATE TABLE t (a int REFERENCES u INITIALLY DEFERRED)", "t_a_fkey",
		  "MAJOR" },
		/* only the constraint just before the attribute is deferrable */
		{ "CREATE TABLE t (a int UNIQUE REFERENCES u)", "CREATE TABLE t (a int UNIQUE REFERENCES u DEFERRABLE)",
		  "t_a_fkey", "MAJOR" },
		{ "CREATE TABLE t (a int UNIQUE DEFERRABLE)", "CREATE TABLE t (a int, UNIQUE (a) DEFERRABLE)", "", "PATCH" },
		/* INITIALLY DEFERRED alone makes the constraint deferrable */
		{ "CREATE TABLE t (a int UNIQUE INITIALLY DEFERRED)",
		  "CREATE TABLE t (a int, UNIQUE (a) DEFERRABLE INITIALLY DEFERRED)", "", "PATCH" },
		{ "CREATE TABLE t (a int PRIMARY KEY DEFERRABLE INITIALLY IMMEDIATE)",
		  "CREATE TABLE t (a int PRIMARY KEY DEFERRABLE)", "", "PATCH" },
		{ "CREATE TABLE t (a int UNIQUE NOT DEFERRABLE INITIALLY IMMEDIATE)", "CREATE TABLE t (a int UNIQUE)", "",
		  "PATCH" },
	};
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r = cmp(cases[i].old, cases[i].new);
		char *changed = constraint_names(r, "constraints_changed");
		if (strcmp(changed, cases[i].changed) || strcmp(severity(r), cases[i].severity)) {
			char *d = json_dumps(r, JSON_COMPACT);
			fprintf(stderr, "\n  %s -> %s: %s\n", cases[i].old, cases[i].new, d);
			free(d);
		}
		CU_ASSERT_STRING_EQUAL(changed, cases[i].changed);
		CU_ASSERT_STRING_EQUAL(severity(r), cases[i].severity);
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_added"));
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_dropped"));
		free(changed);
		json_decref(r);
	}
}

/* An unaliased view column is named as PostgreSQL names it: writing that name as the alias renames nothing. */
/*
 * pg_get_viewdef()'s form of a view (columns qualified, the alias of an expression
 * written) against the hand-written query: equal pg_rewrite.ev_action on a PostgreSQL
 * 15 server for each "same" pair; the "other" pairs differ there, or need the catalog.
 */
static void test_view_as_pg_get_viewdef_writes_it(void)
{
	static const char *const same[][2] = {
		{ "CREATE VIEW v AS SELECT a FROM t", "CREATE VIEW v AS SELECT t.a FROM t;" },
		{ "CREATE VIEW v AS SELECT a AS a, b FROM t", "CREATE VIEW v AS SELECT t.a, t.b FROM t;" },
		{ "CREATE VIEW v AS SELECT b FROM t", "CREATE VIEW v AS SELECT t.b AS b FROM t;" },
		{ "CREATE VIEW v AS SELECT lower(b) FROM t", "CREATE VIEW v AS SELECT lower(t.b) AS lower FROM t;" },
		{ "CREATE VIEW v AS SELECT a + 1 FROM t", "CREATE VIEW v AS SELECT (t.a + 1) AS \"?column?\" FROM t;" },
		{ "CREATE VIEW v AS SELECT a FROM t x", "CREATE VIEW v AS SELECT x.a FROM t x;" },
		{ "CREATE VIEW v AS SELECT a FROM public.t WHERE a > 1", "CREATE VIEW v AS SELECT t.a FROM public.t WHERE (t.a > 1);" },
		{ "CREATE VIEW v AS SELECT a, count(*) FROM t GROUP BY a HAVING count(b) > 1",
		  "CREATE VIEW v AS SELECT t.a, count(*) AS count FROM t GROUP BY t.a HAVING (count(t.b) > 1);" },
		{ "CREATE VIEW v AS SELECT a FROM t ORDER BY a", "CREATE VIEW v AS SELECT t.a FROM t ORDER BY t.a;" },
		{ "CREATE VIEW v AS SELECT a AS x FROM t ORDER BY x", "CREATE VIEW v AS SELECT t.a AS x FROM t ORDER BY t.a;" },
		{ "CREATE VIEW v AS SELECT lower(b) AS l FROM t ORDER BY l",
		  "CREATE VIEW v AS SELECT lower(t.b) AS l FROM t ORDER BY (lower(t.b));" },
		{ "CREATE MATERIALIZED VIEW v AS SELECT a FROM t", "CREATE MATERIALIZED VIEW v AS SELECT t.a FROM t;" },
	};
	static const char *const other[][2] = {
		{ "CREATE VIEW v AS SELECT a FROM t", "CREATE VIEW v AS SELECT t.b AS a FROM t;" },
		{ "CREATE VIEW v AS SELECT a FROM t x", "CREATE VIEW v AS SELECT t.a FROM t x;" },
		/* an alias of the table is part of the stored query */
		{ "CREATE VIEW v AS SELECT a FROM t", "CREATE VIEW v AS SELECT t.a FROM t t;" },
		/* which table of a join has the column is the catalog's to say */
		{ "CREATE VIEW v AS SELECT c FROM t JOIN u ON t.a = u.a", "CREATE VIEW v AS SELECT t.c FROM t JOIN u ON t.a = u.a;" },
		{ "CREATE VIEW v AS SELECT a FROM t, u", "CREATE VIEW v AS SELECT t.a FROM t, u;" },
		/* a bare name in a sub-select may be the sub-select's table's or the outer one's */
		{ "CREATE VIEW v AS SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE b = 1)",
		  "CREATE VIEW v AS SELECT t.a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE t.b = 1);" },
		/* GROUP BY x is the table's column x when it has one */
		{ "CREATE VIEW v AS SELECT a AS x FROM t GROUP BY x", "CREATE VIEW v AS SELECT t.a AS x FROM t GROUP BY t.a;" },
		{ "CREATE VIEW v AS SELECT a AS x FROM t ORDER BY x", "CREATE VIEW v AS SELECT t.a AS x FROM t ORDER BY t.x;" },
		/* 'x'::text is the comparison of a text column, not of every type */
		{ "CREATE VIEW v AS SELECT a FROM t WHERE b = 'x'", "CREATE VIEW v AS SELECT t.a FROM t WHERE (t.b = 'x'::text);" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE a IN (1, 2)", "CREATE VIEW v AS SELECT t.a FROM t WHERE (t.a = ANY (ARRAY[1, 3]));" },
	};
	size_t i;
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "query_changed");
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		json_t *r = cmp(other[i][0], other[i][1]);
		if (!json_object_get(json_object_get(r, "detail"), "query_changed"))
			fprintf(stderr, "other: %s | %s\n", other[i][0], other[i][1]);
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "query_changed"));
		json_decref(r);
	}
}

/*
 * A relation of a view's query written with the schema the blob's search_path gives it
 * (public by default) or without is one relation: pg_get_viewdef() under an empty
 * search_path names the same one for each "same" pair on a PostgreSQL 15 server. They
 * were MINOR, query_changed. Another schema is another relation, whatever the view's own
 * schema: CREATE VIEW app.v AS ... FROM t reads public.t (checked); a CTE of that name is
 * not the relation; a pg_ name may be pg_catalog's.
 */
static void test_view_relation_qualified(void)
{
	static const char *const same[][2] = {
		{ "CREATE VIEW v AS SELECT a FROM public.t", "CREATE VIEW v AS SELECT a FROM t" },
		{ "CREATE VIEW v AS SELECT t.a FROM public.t", "CREATE VIEW public.v AS SELECT a FROM t" },
		{ "CREATE VIEW app.v AS SELECT a FROM public.t", "CREATE VIEW app.v AS SELECT a FROM t" },
		{ "SET search_path = app; CREATE VIEW v AS SELECT a FROM t", "SET search_path = app; CREATE VIEW v AS SELECT a FROM app.t" },
		{ "SELECT pg_catalog.set_config('search_path', 'app', false); CREATE VIEW v AS SELECT a FROM app.t",
		  "SELECT pg_catalog.set_config('search_path', 'app', false); CREATE VIEW v AS SELECT a FROM t" },
		/* pg_catalog named first is searched, but holds no t: app.t, as for CREATE INDEX ON t */
		{ "SET search_path = pg_catalog, app; CREATE VIEW public.v AS SELECT a FROM t",
		  "SET search_path = pg_catalog, app; CREATE VIEW public.v AS SELECT a FROM app.t" },
		{ "CREATE VIEW v AS SELECT t.a FROM public.t JOIN public.u ON t.a = u.a WHERE EXISTS (SELECT 1 FROM public.w)",
		  "CREATE VIEW v AS SELECT t.a FROM t JOIN u ON t.a = u.a WHERE EXISTS (SELECT 1 FROM w)" },
		{ "CREATE VIEW v AS SELECT a FROM (SELECT a FROM public.t) s", "CREATE VIEW v AS SELECT a FROM (SELECT a FROM t) s" },
		{ "CREATE VIEW v AS SELECT relname FROM pg_catalog.pg_class", "CREATE VIEW v AS SELECT relname FROM pg_class" },
		{ "CREATE MATERIALIZED VIEW m AS SELECT a FROM public.t", "CREATE MATERIALIZED VIEW m AS SELECT a FROM t" },
	};
	static const char *const other[][2] = {
		{ "CREATE VIEW v AS SELECT a FROM other.t", "CREATE VIEW v AS SELECT a FROM t" },
		{ "CREATE VIEW app.v AS SELECT a FROM app.t", "CREATE VIEW app.v AS SELECT a FROM t" },
		{ "SET search_path = app; CREATE VIEW v AS SELECT a FROM public.t", "SET search_path = app; CREATE VIEW v AS SELECT a FROM t" },
		{ "CREATE VIEW v AS SELECT a FROM public.t", "SET search_path = app; CREATE VIEW public.v AS SELECT a FROM t" },
		{ "CREATE VIEW v AS WITH t AS (SELECT 1 AS a) SELECT a FROM public.t",
		  "CREATE VIEW v AS WITH t AS (SELECT 1 AS a) SELECT a FROM t" },
		{ "CREATE VIEW v AS SELECT a FROM public.pg_class", "CREATE VIEW v AS SELECT a FROM pg_class" },
		{ "CREATE VIEW v AS SELECT t.a FROM public.t JOIN public.u ON t.a = u.a",
		  "CREATE VIEW v AS SELECT t.a FROM t JOIN other.u ON t.a = u.a" },
		{ "CREATE MATERIALIZED VIEW m AS SELECT a FROM other.t", "CREATE MATERIALIZED VIEW m AS SELECT a FROM t" },
	};
	size_t i;

	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "query_changed");
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		json_t *r = cmp(other[i][0], other[i][1]);
		if (!json_object_get(json_object_get(r, "detail"), "query_changed") || strcmp(severity(r), "MINOR"))
			fprintf(stderr, "other: %s | %s\n", other[i][0], other[i][1]);
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "query_changed"));
		CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
		json_decref(r);
	}
}

static void test_view_column_names(void)
{
	static const char *const same[][2] = {
		{ "CREATE VIEW v AS SELECT coalesce(a, 0) FROM t",
		  "CREATE VIEW v AS SELECT COALESCE(t.a, 0) AS \"coalesce\" FROM t" },
		{ "CREATE VIEW v AS SELECT current_date FROM t", "CREATE VIEW v AS SELECT CURRENT_DATE AS \"current_date\" FROM t" },
		{ "CREATE VIEW v AS SELECT 1::int FROM t", "CREATE VIEW v AS SELECT 1::integer AS int4 FROM t" },
		/* names checked on PostgreSQL 15 (\gdesc) */
		{ "CREATE VIEW v AS SELECT CASE WHEN a > 0 THEN 1 ELSE b END, CASE WHEN a > 0 THEN 1 ELSE 2::int END, "
		  "(SELECT x FROM u), (SELECT 1), (SELECT x FROM u UNION SELECT 1), a::text, 'x'::varchar(3), nullif(a, b), "
		  "(a), array(SELECT 1), exists(SELECT 1), greatest(a, b), row(a, b), extract(year FROM now()), "
		  "a::text COLLATE \"C\", current_schema, (t).a, 1 FROM t",
		  "CREATE VIEW v AS SELECT CASE WHEN a > 0 THEN 1 ELSE b END AS b, CASE WHEN a > 0 THEN 1 ELSE 2 END AS \"case\", "
		  "(SELECT x FROM u) AS x, (SELECT 1) AS \"?column?\", (SELECT x FROM u UNION SELECT 1) AS x, a::text AS a, "
		  "'x'::varchar(3) AS \"varchar\", nullif(a, b) AS \"nullif\", a, array(SELECT 1) AS \"array\", "
		  "exists(SELECT 1) AS \"exists\", greatest(a, b) AS \"greatest\", row(a, b) AS \"row\", "
		  "extract(year FROM now()) AS \"extract\", a::text COLLATE \"C\" AS a, current_schema AS \"current_schema\", "
		  "(t).a AS a, 1 AS \"?column?\" FROM t" },
	};
	size_t i;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		/* PATCH where the query is the same too (pg_get_viewdef()'s qualified columns) */
		if (!strcmp(severity(r), "MAJOR")) {
			char *d = json_dumps(r, JSON_COMPACT);
			fprintf(stderr, "\n  %s -> %s: %s\n", same[i][0], same[i][1], d);
			free(d);
		}
		CU_ASSERT_STRING_NOT_EQUAL(severity(r), "MAJOR");
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "columns_new"));
		json_decref(r);
	}
	/* a different alias is still a rename */
	json_t *r = cmp("CREATE VIEW v AS SELECT coalesce(a, 0) FROM t", "CREATE VIEW v AS SELECT coalesce(a, 0) AS c FROM t");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	json_decref(r);
}

static void test_other_changes(void)
{
	json_t *r;

	r = cmp("CREATE TYPE e AS ENUM ('a', 'b')", "CREATE TYPE e AS ENUM ('a', 'b', 'c')");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
	r = cmp("CREATE TYPE e AS ENUM ('a', 'b')", "CREATE TYPE e AS ENUM ('a')");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	json_decref(r);

	r = cmp("CREATE INDEX i ON t (a)", "CREATE INDEX i ON t (a, b)");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	CU_ASSERT_TRUE(has_hazard(r, "index_without_concurrently"));
	json_decref(r);
	r = cmp("CREATE INDEX i ON t (a)", "CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_FALSE(has_hazard(r, "index_without_concurrently"));
	json_decref(r);

	/* ASC, NULLS LAST (DESC, NULLS FIRST) are the defaults: no index change, no hazard */
	r = cmp("CREATE INDEX i ON t (a, b DESC, (lower(c)))",
		"CREATE INDEX i ON t (a ASC NULLS LAST, b DESC NULLS FIRST, lower(c) ASC)");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	CU_ASSERT_FALSE(has_hazard(r, "index_without_concurrently"));
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "index_fields_changed"));
	json_decref(r);
	r = cmp("CREATE INDEX i ON t (a DESC)", "CREATE INDEX i ON t (a DESC NULLS LAST)");
	CU_ASSERT_TRUE(has_hazard(r, "index_without_concurrently"));
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "index_fields_changed"));
	json_decref(r);

	r = cmp("CREATE SEQUENCE s CACHE 1", "CREATE SEQUENCE s CACHE 20");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);

	/* sequence options are compared by what they set: pg_dump's spelled-out defaults
	   were MINOR options_changed */
	static const char *const same_sequence[][2] = {
		{ "CREATE SEQUENCE s", "CREATE SEQUENCE s START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1" },
		{ "CREATE SEQUENCE s", "CREATE SEQUENCE s AS bigint MINVALUE 1 MAXVALUE 9223372036854775807 NO CYCLE "
				       "OWNED BY NONE" },
		{ "CREATE SEQUENCE s AS integer", "CREATE SEQUENCE s AS int4 START 1 MAXVALUE 2147483647" },
		{ "CREATE SEQUENCE s INCREMENT -1",
		  "CREATE SEQUENCE s INCREMENT -1 START -1 MAXVALUE -1 MINVALUE -9223372036854775808" },
	};
	static const char *const other_sequence[][3] = {
		{ "CREATE SEQUENCE s", "CREATE SEQUENCE s START 5", "start" },
		{ "CREATE SEQUENCE s", "CREATE SEQUENCE s CYCLE", "cycle" },
		{ "CREATE SEQUENCE s", "CREATE SEQUENCE s OWNED BY t.a", "owned_by" },
		{ "CREATE SEQUENCE s MAXVALUE 10", "CREATE SEQUENCE s", "maxvalue" },
	};
	for (size_t i = 0; i < sizeof(same_sequence) / sizeof(same_sequence[0]); i++) {
		r = cmp(same_sequence[i][0], same_sequence[i][1]);
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "options_changed"));
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		json_decref(r);
	}
	for (size_t i = 0; i < sizeof(other_sequence) / sizeof(other_sequence[0]); i++) {
		r = cmp(other_sequence[i][0], other_sequence[i][1]);
		json_t *oc = json_object_get(json_object_get(r, "detail"), "options_changed");
		CU_ASSERT_EQUAL(json_array_size(oc), 1);
		CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(oc, 0)) ?: "", other_sequence[i][2]);
		CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
		json_decref(r);
	}
	r = cmp("CREATE SEQUENCE s", "CREATE SEQUENCE s AS integer");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
	json_decref(r);

	r = cmp("CREATE TABLE x (a int)", "CREATE VIEW x AS SELECT 1 AS a");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "object_type_changed"));
	json_decref(r);

	r = cmp("CREATE TABLE t (a int)", "CREATE TABLE t (a int,,)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(r, "detail"), "unparseable")), "new");
	json_decref(r);
}

/* Each pair rated sev (MINOR or MAJOR) with detail key: still a change. */
static void assert_pairs_changed(const char *const (*pairs)[2], size_t n, const char *sev, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		json_t *r = cmp(pairs[i][0], pairs[i][1]);
		json_t *d = json_object_get(json_object_get(r, "detail"), key);
		if (strcmp(severity(r), sev) || !d)
			fprintf(stderr, "changed: %s | %s\n", pairs[i][0], pairs[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), sev);
		CU_ASSERT_PTR_NOT_NULL(d);
		assert_hashes_apart(pairs[i][0], pairs[i][1]);
		json_decref(r);
	}
}

/* A rule's actions and a policy's USING / WITH CHECK name relations as a view's query does:
   an unqualified one is the one in the blob's search_path schema (they were MINOR,
   fields_changed actions / qual / with_check). */
static void test_rule_policy_relation_qualified(void)
{
	static const char *const same[][2] = {
		{ "CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO public.log VALUES (new.a)",
		  "CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (new.a)" },
		{ "CREATE RULE r AS ON INSERT TO t DO ALSO (UPDATE public.u SET a = new.a FROM public.w; DELETE FROM public.x USING public.y)",
		  "CREATE RULE r AS ON INSERT TO t DO ALSO (UPDATE u SET a = new.a FROM w; DELETE FROM x USING y)" },
		{ "CREATE RULE r AS ON UPDATE TO t DO INSTEAD SELECT a FROM public.u", "CREATE RULE r AS ON UPDATE TO t DO INSTEAD SELECT a FROM u" },
		{ "SET search_path = app; CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO app.log VALUES (new.a)",
		  "SET search_path = app; CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (new.a)" },
		{ "CREATE POLICY p ON t USING (a IN (SELECT a FROM public.u))", "CREATE POLICY p ON t USING (a IN (SELECT a FROM u))" },
		{ "CREATE POLICY p ON t WITH CHECK (EXISTS (SELECT 1 FROM public.u WHERE u.a = t.a))",
		  "CREATE POLICY p ON t WITH CHECK (EXISTS (SELECT 1 FROM u WHERE u.a = t.a))" },
	};
	static const char *const other[][2] = {
		{ "CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO other.log VALUES (new.a)",
		  "CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (new.a)" },
		{ "SET search_path = app; CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO public.log VALUES (new.a)",
		  "SET search_path = app; CREATE RULE r AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (new.a)" },
		{ "CREATE POLICY p ON t USING (a IN (SELECT a FROM other.u))", "CREATE POLICY p ON t USING (a IN (SELECT a FROM u))" },
		{ "CREATE POLICY p ON t USING (a IN (WITH u AS (SELECT 1 AS a) SELECT a FROM public.u))",
		  "CREATE POLICY p ON t USING (a IN (WITH u AS (SELECT 1 AS a) SELECT a FROM u))" },
	};

	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "fields_changed");
	assert_pairs_changed(other, sizeof(other) / sizeof(other[0]), "MINOR", "fields_changed");
}

/* A blob that is an ALTER of a relation names it as any reference does: unqualified, the one
   in the blob's search_path schema (relation_schema()). They were MINOR, fields_changed
   relation, while the CREATE of the same relation was compared by its identity. */
static void test_standalone_alter_relation_resolved(void)
{
	static const char *const same[][2] = {
		{ "ALTER TABLE public.t OWNER TO r", "ALTER TABLE t OWNER TO r" },
		{ "ALTER TABLE t ADD COLUMN b int", "ALTER TABLE public.t ADD COLUMN b int" },
		{ "SET search_path = app; ALTER TABLE t OWNER TO r", "ALTER TABLE app.t OWNER TO r" },
		{ "SET search_path = app; ALTER TABLE t OWNER TO r", "SET search_path = app; ALTER TABLE app.t OWNER TO r" },
		{ "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", "ALTER TABLE public.t ADD CONSTRAINT c CHECK (a > 0)" },
		{ "ALTER TABLE t RENAME COLUMN a TO b", "ALTER TABLE public.t RENAME COLUMN a TO b" },
		{ "ALTER TABLE t RENAME TO u", "ALTER TABLE public.t RENAME TO u" },
		{ "ALTER TABLE t SET SCHEMA app", "ALTER TABLE public.t SET SCHEMA app" },
		{ "ALTER SEQUENCE s OWNED BY t.a", "ALTER SEQUENCE public.s OWNED BY t.a" },
		{ "ALTER VIEW v OWNER TO r", "ALTER VIEW public.v OWNER TO r" },
		{ "ALTER INDEX i SET TABLESPACE x", "ALTER INDEX public.i SET TABLESPACE x" },
	};
	/* another relation: the qualifier is not what the unqualified name means */
	static const char *const other[][2] = {
		{ "ALTER TABLE other.t OWNER TO r", "ALTER TABLE t OWNER TO r" },
		{ "SET search_path = app; ALTER TABLE public.t OWNER TO r", "SET search_path = app; ALTER TABLE t OWNER TO r" },
		{ "ALTER TABLE other.t RENAME COLUMN a TO b", "ALTER TABLE t RENAME COLUMN a TO b" },
		{ "ALTER SEQUENCE other.s OWNED BY t.a", "ALTER SEQUENCE s OWNED BY t.a" },
		/* pg_class is pg_catalog's: left as written */
		{ "ALTER TABLE public.pg_class OWNER TO r", "ALTER TABLE pg_class OWNER TO r" },
	};

	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "fields_changed");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/* An ALTER of the blob's own relation after its CREATE (pg_dump's ALTER TABLE public.t OWNER
   TO r, a hand-written ALTER TABLE t OWNER TO r) names it as relation_schema() resolves it,
   while the path is the one at the CREATE (they were an ALTER removed and one added, MINOR). */
static void test_own_alter_after_create_resolved(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE public.t (a int);\nALTER TABLE public.t OWNER TO r;", "CREATE TABLE t (a int); ALTER TABLE t OWNER TO r" },
		{ "CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int", "CREATE TABLE t (a int); ALTER TABLE public.t ADD COLUMN b int" },
		{ "SET search_path = app; CREATE TABLE t (a int); ALTER TABLE t OWNER TO r",
		  "SET search_path = app; CREATE TABLE t (a int); ALTER TABLE app.t OWNER TO r" },
		{ "CREATE SEQUENCE s; ALTER SEQUENCE s OWNED BY t.a", "CREATE SEQUENCE s; ALTER SEQUENCE public.s OWNED BY t.a" },
		{ "CREATE VIEW v AS SELECT 1 AS a; ALTER VIEW v OWNER TO r", "CREATE VIEW v AS SELECT 1 AS a; ALTER VIEW public.v OWNER TO r" },
		{ "CREATE SEQUENCE s; ALTER TABLE public.s OWNER TO r", "CREATE SEQUENCE s; ALTER SEQUENCE s OWNER TO r" },
	};
	/* another relation, or a path changed after the CREATE: the names are not resolved alike */
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a int); ALTER TABLE other.t OWNER TO r", "CREATE TABLE t (a int); ALTER TABLE t OWNER TO r" },
		{ "CREATE TABLE t (a int); SET search_path = app; ALTER TABLE t OWNER TO r",
		  "CREATE TABLE t (a int); SET search_path = app; ALTER TABLE public.t OWNER TO r" },
		{ "BEGIN; SET LOCAL search_path = app; CREATE TABLE t (a int); COMMIT; ALTER TABLE t OWNER TO r",
		  "BEGIN; SET LOCAL search_path = app; CREATE TABLE t (a int); COMMIT; ALTER TABLE app.t OWNER TO r" },
		/* ALTER TABLE pg_class is pg_catalog's, found ahead of the path (round 20: any pg_
		   name was; a user's pg_x is public.pg_x, test_types_and_relations_one_lookup_rule) */
		{ "CREATE TABLE pg_class (a int); ALTER TABLE pg_class OWNER TO r",
		  "CREATE TABLE pg_class (a int); ALTER TABLE public.pg_class OWNER TO r" },
	};

	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_added");
	assert_pairs_changed(other, sizeof(other) / sizeof(other[0]), "MINOR", "statements_added");
}

/* ALTER TABLE also acts on sequences, views, materialized views, foreign tables and indexes;
   ALTER SEQUENCE s ... says what s is, and the server runs the two alike (checked on the
   server): the same object (they were MAJOR object_type_changed, or an ALTER removed and
   one added, MINOR). */
static void test_alter_table_form_of_other_relation(void)
{
	static const char *const same[][2] = {
		{ "ALTER TABLE s OWNER TO r", "ALTER SEQUENCE s OWNER TO r" },
		{ "ALTER VIEW v OWNER TO r", "ALTER TABLE v OWNER TO r" },
		{ "ALTER TABLE m OWNER TO r", "ALTER MATERIALIZED VIEW m OWNER TO r" },
		{ "ALTER TABLE v RENAME COLUMN a TO b", "ALTER VIEW v RENAME COLUMN a TO b" },
		{ "ALTER TABLE v ALTER COLUMN a SET DEFAULT 1", "ALTER VIEW v ALTER COLUMN a SET DEFAULT 1" },
		{ "ALTER TABLE s SET SCHEMA x", "ALTER SEQUENCE s SET SCHEMA x" },
		{ "ALTER TABLE s RENAME TO s2", "ALTER SEQUENCE s RENAME TO s2" },
		{ "ALTER INDEX s RENAME TO s2", "ALTER TABLE s RENAME TO s2" },
		{ "ALTER TABLE i SET TABLESPACE x", "ALTER INDEX i SET TABLESPACE x" },
		{ "CREATE SEQUENCE s; ALTER TABLE s OWNER TO r", "CREATE SEQUENCE s; ALTER SEQUENCE s OWNER TO r" },
		{ "CREATE SEQUENCE public.s; ALTER TABLE public.s OWNER TO r", "CREATE SEQUENCE s; ALTER SEQUENCE public.s OWNER TO r" },
		{ "CREATE VIEW v AS SELECT 1 AS a; ALTER TABLE v OWNER TO r", "CREATE VIEW v AS SELECT 1 AS a; ALTER VIEW v OWNER TO r" },
		{ "CREATE VIEW v AS SELECT 1 AS a; ALTER TABLE v ALTER COLUMN a SET DEFAULT 1",
		  "CREATE VIEW v AS SELECT 1 AS a; ALTER VIEW v ALTER COLUMN a SET DEFAULT 1" },
	};
	/* another owner, another relation, or two forms that each name a kind: still changes */
	static const char *const other[][2] = {
		{ "ALTER TABLE s OWNER TO r", "ALTER SEQUENCE s OWNER TO r2" },
		{ "CREATE SEQUENCE s; ALTER TABLE s OWNER TO r", "CREATE SEQUENCE s; ALTER SEQUENCE s OWNER TO r2" },
		{ "CREATE SEQUENCE s; ALTER TABLE other.s OWNER TO r", "CREATE SEQUENCE s; ALTER SEQUENCE other.s OWNER TO r" },
		{ "CREATE TABLE t (a int); ALTER TABLE t OWNER TO r", "CREATE TABLE t (a int); ALTER SEQUENCE t OWNER TO r" },
	};
	static const char *const kinds[][2] = {
		{ "ALTER SEQUENCE s OWNER TO r", "ALTER VIEW s OWNER TO r" },
		{ "ALTER TABLE s OWNER TO r", "ALTER SEQUENCE t OWNER TO r" },
	};

	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_added");
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "object_type_changed");
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_TRUE(json_is_false(json_object_get(json_object_get(r, "detail"), "definition_changed")));
		json_decref(r);
	}
	assert_pairs_changed(other, 1, "MINOR", "fields_changed");
	assert_pairs_changed(other + 1, sizeof(other) / sizeof(other[0]) - 1, "MINOR", "statements_added");
	assert_pairs_major(kinds, sizeof(kinds) / sizeof(kinds[0]), "object_type_changed");
}

/* A blob that renames (or moves) the object it creates is that object where it leaves it
   (it was the name of the CREATE). */
static void test_rename_in_blob_moves_identity(void)
{
	struct ddl_class c;

	check_identity("CREATE TABLE t (a int); ALTER TABLE t RENAME TO u;", "CREATE TABLE", "table", "public", "u",
		       NULL, NULL);
	ddl_classify("CREATE TABLE t (a int); ALTER TABLE t RENAME TO u;", &c);
	CU_ASSERT_EQUAL(c.defining_statement, 0); /* the CREATE defines it */
	ddl_class_release(&c);
	check_identity("CREATE TABLE s.t (a int); ALTER TABLE s.t SET SCHEMA u", "CREATE TABLE", "table", "u", "t", NULL,
		       NULL);
	check_identity("CREATE TABLE t (a int); ALTER TABLE t SET SCHEMA s; ALTER TABLE s.t RENAME TO u", "CREATE TABLE",
		       "table", "s", "u", NULL, NULL);
	/* after the blob's own SET search_path, found where it was created */
	check_identity("SET search_path = app; CREATE TABLE t (a int); ALTER TABLE t RENAME TO u", "CREATE TABLE", "table",
		       "app", "u", NULL, NULL);
	/* ALTER TABLE renames any relation, as the server does */
	check_identity("CREATE VIEW v AS SELECT 1 AS a; ALTER TABLE v RENAME TO w", "CREATE VIEW", "view", "public", "w",
		       NULL, NULL);
	check_identity("CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1'; ALTER FUNCTION f(int) RENAME TO g",
		       "CREATE FUNCTION", "function", "public", "g", NULL, NULL);
	check_identity("CREATE INDEX ON t (a); ALTER INDEX t_a_idx RENAME TO j", "CREATE INDEX", "index", "public", "j",
		       "public", "t");
	check_identity("CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f(); "
		       "ALTER TRIGGER tr ON t RENAME TO tr2",
		       "CREATE TRIGGER", "trigger", "public", "tr2", "public", "t");
	check_identity("CREATE SCHEMA a; ALTER SCHEMA a RENAME TO b", "CREATE SCHEMA", "schema", NULL, "b", NULL, NULL);
	check_identity("CREATE TYPE e AS ENUM ('x'); ALTER TYPE e RENAME TO e2", "CREATE TYPE", "type", "public", "e2",
		       NULL, NULL);
	/* statements that rename something else leave it */
	check_identity("CREATE TABLE t (a int); ALTER TABLE t RENAME COLUMN a TO b", "CREATE TABLE", "table", "public",
		       "t", NULL, NULL);
	check_identity("CREATE TABLE t (a int CONSTRAINT c CHECK (a > 0)); ALTER TABLE t RENAME CONSTRAINT c TO d",
		       "CREATE TABLE", "table", "public", "t", NULL, NULL);
	check_identity("CREATE TABLE t (a int); ALTER TABLE x RENAME TO u", "CREATE TABLE", "table", "public", "t", NULL,
		       NULL);
	check_identity("CREATE TABLE t (a int); ALTER TABLE other.t RENAME TO u", "CREATE TABLE", "table", "public", "t",
		       NULL, NULL);
	check_identity("CREATE TABLE t (a int); SET search_path = x; ALTER TABLE t RENAME TO u", "CREATE TABLE", "table",
		       "public", "t", NULL, NULL);
	check_identity("CREATE VIEW v AS SELECT 1 AS a; ALTER SEQUENCE v RENAME TO w", "CREATE VIEW", "view", "public",
		       "v", NULL, NULL);
	check_identity("CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1'; ALTER FUNCTION f(text) RENAME TO g",
		       "CREATE FUNCTION", "function", "public", "f", NULL, NULL);
	check_identity("CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f(); "
		       "ALTER TRIGGER tr ON x RENAME TO tr2",
		       "CREATE TRIGGER", "trigger", "public", "tr", "public", "t");

	/* the object the blob leaves, with the same definition: a respelling; the RENAME is
	   read into the identity, not a statement added */
	static const char *const same[][2] = {
		{ "CREATE TABLE u (a int)", "CREATE TABLE t (a int); ALTER TABLE t RENAME TO u;" },
		{ "CREATE TABLE app.t (a int)", "CREATE TABLE t (a int); ALTER TABLE t SET SCHEMA app" },
		{ "CREATE FUNCTION g(int) RETURNS int LANGUAGE sql AS 'SELECT 1'",
		  "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1'; ALTER FUNCTION f(int) RENAME TO g" },
		{ "CREATE INDEX j ON t (a)", "CREATE INDEX i ON t (a); ALTER INDEX i RENAME TO j" },
		/* pg_dump's ALTER TABLE ... ADD CONSTRAINT names the table as the rename left it */
		{ "CREATE TABLE u (a int); ALTER TABLE u ADD CONSTRAINT c CHECK (a > 0)",
		  "CREATE TABLE t (a int); ALTER TABLE t RENAME TO u; ALTER TABLE u ADD CONSTRAINT c CHECK (a > 0)" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_added");
	json_t *r = cmp(same[0][0], same[0][1]);
	json_t *d = json_object_get(r, "detail");
	CU_ASSERT_FALSE(json_is_true(json_object_get(d, "definition_changed")));
	CU_ASSERT_PTR_NULL(json_object_get(d, "renamed"));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(d, "created_as"), "new")) ?: "", "t");
	json_decref(r);

	/* another object left, or another definition: still a change */
	static const char *const renamed[][2] = {
		{ "CREATE TABLE t (a int); ALTER TABLE t RENAME TO u;", "CREATE TABLE t (a int)" },
		{ "CREATE TABLE t (a int); ALTER TABLE t RENAME TO u;", "CREATE TABLE t (a int); ALTER TABLE t RENAME TO w;" },
		{ "CREATE TABLE app.t (a int)", "CREATE TABLE t (a int); ALTER TABLE t SET SCHEMA other" },
	};
	assert_pairs_major(renamed, sizeof(renamed) / sizeof(renamed[0]), "renamed");
	static const char *const other_columns[][2] = {
		{ "CREATE TABLE u (a int)", "CREATE TABLE t (a int, b int); ALTER TABLE t RENAME TO u" },
	};
	assert_pairs_changed(other_columns, 1, "MINOR", "columns_added");
	/* the primary key was named at the CREATE: t_pkey stays t_pkey after the rename, the
	   primary key u_pkey renamed (round 23: it was u_pkey dropped and t_pkey added) */
	r = cmp("CREATE TABLE u (a int PRIMARY KEY)", "CREATE TABLE t (a int PRIMARY KEY); ALTER TABLE t RENAME TO u");
	json_t *ren = json_array_get(json_object_get(json_object_get(r, "detail"), "constraints_renamed"), 0);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(ren, "old")) ?: "", "u_pkey");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(ren, "new")) ?: "", "t_pkey");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_added"));
	CU_ASSERT_STRING_NOT_EQUAL(severity(r), "PATCH");
	json_decref(r);

	/* a rename pair (drop + create of one definition) is still found by the semantic hash */
	char *h1 = ddl_semantic_hash("CREATE TABLE t (a int); ALTER TABLE t RENAME TO u", 1);
	char *h2 = ddl_semantic_hash("CREATE TABLE x (a int); ALTER TABLE x RENAME TO u", 1);
	CU_ASSERT_STRING_EQUAL(h1, h2);
	free(h1);
	free(h2);
}

/* UPDATE OF a, b fires on an update of either, but pg_trigger.tgattr keeps the columns in
   the order written and pg_dump -s writes them so (checked on PostgreSQL 15): another order
   is another stored trigger, MINOR. Until round 26 the columns were a set, PATCH. */
static void test_trigger_update_of_order_is_stored(void)
{
	static const char *const other[][2] = {
		{ "CREATE TRIGGER tr BEFORE UPDATE OF a, b ON t FOR EACH ROW EXECUTE FUNCTION f()",
		  "CREATE TRIGGER tr BEFORE UPDATE OF b, a ON t FOR EACH ROW EXECUTE FUNCTION f()" },
		{ "CREATE TRIGGER tr AFTER INSERT OR UPDATE OF c, a, b ON t FOR EACH ROW EXECUTE FUNCTION f()",
		  "CREATE TRIGGER tr AFTER INSERT OR UPDATE OF a, b, c ON t FOR EACH ROW EXECUTE FUNCTION f()" },
		{ "CREATE TRIGGER tr BEFORE UPDATE OF a, b ON t FOR EACH ROW EXECUTE FUNCTION f()",
		  "CREATE TRIGGER tr BEFORE UPDATE OF b, a, c ON t FOR EACH ROW EXECUTE FUNCTION f()" },
		{ "CREATE TRIGGER tr BEFORE UPDATE OF a, b ON t FOR EACH ROW EXECUTE FUNCTION f()",
		  "CREATE TRIGGER tr BEFORE UPDATE OF b ON t FOR EACH ROW EXECUTE FUNCTION f()" },
		{ "CREATE TRIGGER tr BEFORE UPDATE OF a, b ON t FOR EACH ROW EXECUTE FUNCTION f()",
		  "CREATE TRIGGER tr BEFORE UPDATE OF b, c ON t FOR EACH ROW EXECUTE FUNCTION f()" },
	};
	static const char *const same[][2] = {
		{ "CREATE TRIGGER tr BEFORE UPDATE OF a, b ON t FOR EACH ROW EXECUTE FUNCTION f()",
		  "CREATE TRIGGER tr BEFORE UPDATE OF A, \"b\" ON public.t FOR EACH ROW EXECUTE FUNCTION f()" },
	};
	assert_pairs_changed(other, sizeof(other) / sizeof(other[0]), "MINOR", "fields_changed");
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "fields_changed");
}

/* A search_path set in one version only: a respelling where every name resolves alike. */
static void test_search_path_preamble_respelled(void)
{
	static const char *const same[][2] = {
		{ "SET search_path TO app; CREATE TABLE t (a int);", "CREATE TABLE app.t (a int);" },
		{ "SET search_path TO app; CREATE TABLE t (id serial PRIMARY KEY, b text NOT NULL, c public.mood);",
		  "CREATE TABLE app.t (id serial PRIMARY KEY, b text NOT NULL, c public.mood);" },
		{ "SET search_path TO app; CREATE TABLE t (a int REFERENCES public.r);",
		  "CREATE TABLE app.t (a int REFERENCES public.r);" },
		{ "SELECT pg_catalog.set_config('search_path', 'app', false); CREATE TABLE t (a int)",
		  "SET search_path = app; CREATE TABLE t (a int)" },
		{ "SET search_path TO app; CREATE INDEX i ON t (a)", "CREATE INDEX i ON app.t (a)" },
		{ "SET search_path TO app; CREATE SEQUENCE s OWNED BY public.t.a", "CREATE SEQUENCE app.s OWNED BY public.t.a" },
		{ "SET search_path TO app; CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT k UNIQUE (a)",
		  "CREATE TABLE app.t (a int); ALTER TABLE app.t ADD CONSTRAINT k UNIQUE (a)" },
		{ "SELECT pg_catalog.set_config('search_path', '', false); CREATE VIEW public.v AS SELECT a FROM public.x",
		  "CREATE VIEW public.v AS SELECT a FROM public.x" },
	};
	/* what an unqualified name stands for changes with the path: still a change */
	static const char *const other[][2] = {
		{ "SET search_path TO app; CREATE TABLE t (a int REFERENCES r);", "CREATE TABLE app.t (a int REFERENCES r);" },
		{ "SET search_path TO app; CREATE TABLE t (a mood);", "CREATE TABLE app.t (a mood);" },
		{ "SET search_path TO app; CREATE TABLE t (a bigint DEFAULT nextval('s'));",
		  "CREATE TABLE app.t (a bigint DEFAULT nextval('s'));" },
		{ "SET search_path TO app; CREATE VIEW v AS SELECT a FROM x", "CREATE VIEW app.v AS SELECT a FROM x" },
		{ "SET search_path TO app; CREATE SEQUENCE s OWNED BY t.a", "CREATE SEQUENCE app.s OWNED BY t.a" },
		{ "SET search_path TO app; CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()",
		  "CREATE TRIGGER tr AFTER INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION f()" },
		{ "SET search_path TO app; CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT k FOREIGN KEY (a) REFERENCES r",
		  "CREATE TABLE app.t (a int); ALTER TABLE app.t ADD CONSTRAINT k FOREIGN KEY (a) REFERENCES r" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_removed");
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "search_path_changed");
	assert_pairs_changed(other, sizeof(other) / sizeof(other[0]), "MINOR", "search_path_changed");
	/* a path that moves the object itself is another object */
	static const char *const moved[][2] = {
		{ "SET search_path TO app; CREATE TABLE t (a int);", "CREATE TABLE t (a int);" },
	};
	assert_pairs_major(moved, 1, "renamed");
}

/* A blob of n GRANTs to role_first .. role_(first+n-1) after its CREATE TABLE (caller frees). */
static char *grant_blob(int first, int n)
{
	size_t cap = 64 + (size_t)n * 48, len;
	char *sql = malloc(cap);
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(sql);
	len = (size_t)snprintf(sql, cap, "CREATE TABLE app.t (a int);\n");
	for (i = first; i < first + n; i++)
		len += (size_t)snprintf(sql + len, cap - len, "GRANT SELECT ON app.t TO role_%d;\n", i);
	return sql;
}

/* The other statements of big blobs (matched by their text through a hash map above 64 pairs):
   the same verdict as for small ones. Their time is a benchmark's business, not a test's. */
static void test_many_other_statements(void)
{
	static const int sizes[] = { 3, 40, 1000, 4000 };
	size_t k;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		char *o = grant_blob(0, sizes[k]), *n = grant_blob(1, sizes[k]);
		json_t *r = cmp(o, n);
		json_t *d = json_object_get(r, "detail");
		/* role_0 revoked, role_N granted */
		CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
		CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
		CU_ASSERT_EQUAL(json_array_size(json_object_get(d, "statements_removed")), 1);
		CU_ASSERT_EQUAL(json_array_size(json_object_get(d, "statements_added")), 1);
		json_decref(r);
		/* a statement repeated on one side and present on the other is no change */
		free(n);
		n = grant_blob(0, sizes[k]);
		n = realloc(n, strlen(n) + 64);
		strcat(n, "GRANT SELECT ON app.t TO role_0;\n");
		r = cmp(o, n);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_added"));
		json_decref(r);
		free(o);
		free(n);
	}
}

/* GRANTs and REVOKEs are compared by the privileges they name, not statement by statement:
   the privileges of GRANT ... TO bob, alice are a superset of TO bob (MINOR), GRANT SELECT,
   INSERT and GRANT INSERT, SELECT are one grant; both were a GRANT removed (MAJOR). */
static void test_grants_compared_by_privileges(void)
{
	static const char *const cases[][3] = {
		{ "GRANT SELECT ON t TO bob", "GRANT SELECT ON t TO bob, alice", "MINOR" },
		{ "GRANT SELECT ON t TO bob", "GRANT SELECT, UPDATE ON t TO bob", "MINOR" },
		{ "GRANT SELECT ON t TO bob", "GRANT SELECT ON t TO bob WITH GRANT OPTION", "MINOR" },
		{ "GRANT SELECT (a) ON t TO bob", "GRANT SELECT ON t TO bob", "MINOR" },
		{ "REVOKE ALL ON t FROM PUBLIC", "", "MINOR" },
		{ "GRANT SELECT, INSERT ON t TO bob", "GRANT INSERT, SELECT ON t TO bob", "PATCH" },
		{ "GRANT SELECT ON t TO bob; GRANT INSERT ON t TO bob", "GRANT INSERT, SELECT ON TABLE t TO bob", "PATCH" },
		{ "GRANT ALL ON t TO bob", "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON t TO bob", "PATCH" },
		{ "GRANT ALL PRIVILEGES (a) ON t TO bob", "GRANT SELECT (a), INSERT (a), UPDATE (a), REFERENCES (a) ON t TO bob", "PATCH" },
		{ "GRANT SELECT (a), UPDATE (a, b) ON t TO bob", "GRANT UPDATE (b, a), SELECT (a) ON t TO bob", "PATCH" },
		{ "GRANT TEMP ON DATABASE d TO bob", "GRANT TEMPORARY ON DATABASE d TO bob", "PATCH" },
		{ "GRANT SELECT ON t TO bob GRANTED BY alice", "GRANT SELECT ON t TO bob", "PATCH" },
		{ "GRANT EXECUTE ON FUNCTION f(int) TO bob", "GRANT EXECUTE ON FUNCTION f(a int4) TO bob", "PATCH" },
		{ "GRANT EXECUTE ON FUNCTION f(int) TO bob", "GRANT EXECUTE ON FUNCTION f(bigint) TO bob", "MAJOR" },
		{ "GRANT SELECT, INSERT ON t TO bob", "GRANT SELECT ON t TO bob", "MAJOR" },
		{ "GRANT SELECT ON t TO bob WITH GRANT OPTION", "GRANT SELECT ON t TO bob", "MAJOR" },
		{ "GRANT ALL ON t TO bob", "GRANT SELECT, INSERT ON t TO bob", "MAJOR" },
		{ "GRANT SELECT ON t TO bob", "GRANT SELECT (a) ON t TO bob", "MAJOR" },
		{ "GRANT SELECT ON t TO bob", "GRANT SELECT ON t TO \"Bob\"", "MAJOR" },
		{ "", "REVOKE ALL ON t FROM PUBLIC", "MAJOR" },
		{ "REVOKE GRANT OPTION FOR SELECT ON t FROM bob", "REVOKE SELECT ON t FROM bob", "MAJOR" },
	};
	char a[512], b[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* after the table's CREATE, and as the blob's only statement (the defining GRANT) */
		for (int alone = 0; alone < 2; alone++) {
			json_t *r;
			if (alone && (!*cases[i][0] || !*cases[i][1]))
				continue;
			snprintf(a, sizeof(a), "%s%s", alone ? "" : "CREATE TABLE t (a int, b int); ", cases[i][0]);
			snprintf(b, sizeof(b), "%s%s", alone ? "" : "CREATE TABLE t (a int, b int); ", cases[i][1]);
			r = cmp(a, b);
			if (strcmp(severity(r), cases[i][2]))
				fprintf(stderr, "grants: %s | %s: %s, want %s\n", a, b, severity(r), cases[i][2]);
			CU_ASSERT_STRING_EQUAL(severity(r), cases[i][2]);
			CU_ASSERT_EQUAL(has_hazard(r, "breaks_compatibility"), !strcmp(cases[i][2], "MAJOR"));
			json_decref(r);
		}
	}
	/* the blob's own object, qualified (pg_dump) or not, is one object; another one is not */
	{
		json_t *r = cmp("CREATE TABLE t (a int); GRANT SELECT ON t TO bob",
				"CREATE TABLE public.t (a int); GRANT SELECT ON TABLE public.t TO bob");
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		json_decref(r);
		r = cmp("SET search_path = app; CREATE TABLE t (a int); GRANT SELECT ON t TO bob",
			"SET search_path = app; CREATE TABLE app.t (a int); GRANT SELECT ON app.t TO bob");
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		json_decref(r);
		r = cmp("CREATE TABLE t (a int); GRANT SELECT ON t TO bob", "CREATE TABLE t (a int); GRANT SELECT ON app.t TO bob");
		CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
		json_decref(r);
	}
}

/*
 * GRANT ... ON [TABLE] s, which PostgreSQL runs on a sequence too, grants on a sequence what
 * GRANT ... ON SEQUENCE s grants (the same pg_class.relacl on a PostgreSQL 15 server: ALL is
 * the sequence's USAGE, SELECT, UPDATE, and INSERT is dropped with a warning) when the blobs
 * say s is a sequence: the blob's own sequence, or an ON SEQUENCE s of either blob. Both were
 * MAJOR (a privilege removed and one added: the object kind was part of the privilege). A
 * privilege given or taken in either spelling is still one, and the blob's own table is no
 * sequence whatever a GRANT ... ON SEQUENCE says.
 */
static void test_grant_on_sequence_table_form(void)
{
	static const char *const cases[][3] = {
		{ "CREATE SEQUENCE s; GRANT SELECT ON SEQUENCE s TO r", "CREATE SEQUENCE s; GRANT SELECT ON s TO r", "PATCH" },
		{ "CREATE SEQUENCE s; GRANT SELECT ON s TO r", "CREATE SEQUENCE public.s; GRANT SELECT ON SEQUENCE public.s TO r", "PATCH" },
		{ "GRANT SELECT ON SEQUENCE s TO r", "GRANT SELECT ON s TO r", "PATCH" },
		{ "GRANT SELECT ON TABLE s TO r", "GRANT SELECT ON SEQUENCE public.s TO r", "PATCH" },
		{ "CREATE SEQUENCE s; GRANT ALL ON SEQUENCE s TO r", "CREATE SEQUENCE s; GRANT ALL ON s TO r", "PATCH" },
		{ "CREATE SEQUENCE s; GRANT USAGE, SELECT, UPDATE ON SEQUENCE s TO r", "CREATE SEQUENCE s; GRANT ALL PRIVILEGES ON TABLE s TO r",
		  "PATCH" },
		{ "CREATE SEQUENCE s; GRANT SELECT ON SEQUENCE s TO r", "CREATE SEQUENCE s; GRANT SELECT, INSERT ON s TO r", "PATCH" },
		{ "CREATE SEQUENCE s; REVOKE ALL ON SEQUENCE s FROM PUBLIC", "CREATE SEQUENCE s; REVOKE ALL ON s FROM PUBLIC", "PATCH" },
		/* another blob's sequence, named alike on both sides */
		{ "CREATE TABLE t (id int); GRANT USAGE ON SEQUENCE t_id_seq TO r", "CREATE TABLE t (id int); GRANT USAGE ON t_id_seq TO r",
		  "PATCH" },
		/* genuine changes, in either spelling */
		{ "CREATE SEQUENCE s; GRANT SELECT ON SEQUENCE s TO r", "CREATE SEQUENCE s; GRANT UPDATE ON s TO r", "MAJOR" },
		{ "CREATE SEQUENCE s; GRANT USAGE, SELECT ON SEQUENCE s TO r", "CREATE SEQUENCE s; GRANT SELECT ON TABLE s TO r", "MAJOR" },
		{ "CREATE SEQUENCE s; GRANT ALL ON s TO r", "CREATE SEQUENCE s; GRANT USAGE, SELECT ON SEQUENCE s TO r", "MAJOR" },
		{ "CREATE SEQUENCE s; GRANT SELECT ON s TO r", "CREATE SEQUENCE s; GRANT SELECT, USAGE ON SEQUENCE s TO r", "MINOR" },
		{ "GRANT SELECT ON SEQUENCE s TO r", "GRANT SELECT ON s TO r, q", "MINOR" },
		{ "GRANT SELECT ON SEQUENCE s TO r", "GRANT SELECT ON s TO q", "MAJOR" },
		{ "GRANT SELECT ON SEQUENCE s TO r", "GRANT SELECT ON t TO r", "MAJOR" },
		{ "CREATE TABLE t (a int); GRANT SELECT ON SEQUENCE s TO r", "CREATE TABLE t (a int); GRANT SELECT ON other.s TO r", "MAJOR" },
		{ "CREATE TABLE t (a int); GRANT SELECT ON t TO r", "CREATE TABLE t (a int); GRANT SELECT ON SEQUENCE t TO r", "MAJOR" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r = cmp(cases[i][0], cases[i][1]);
		if (strcmp(severity(r), cases[i][2]))
			fprintf(stderr, "sequence grants: %s | %s: %s, want %s\n", cases[i][0], cases[i][1], severity(r), cases[i][2]);
		CU_ASSERT_STRING_EQUAL(severity(r), cases[i][2]);
		CU_ASSERT_EQUAL(has_hazard(r, "breaks_compatibility"), !strcmp(cases[i][2], "MAJOR"));
		CU_ASSERT_EQUAL(json_object_get(json_object_get(r, "detail"), "privileges_added") != NULL ||
					json_object_get(json_object_get(r, "detail"), "privileges_removed") != NULL ||
					json_object_get(json_object_get(r, "detail"), "object_type_changed") != NULL,
				strcmp(cases[i][2], "PATCH") != 0);
		json_decref(r);
	}
}

/* The detail names a privilege's object with its kind, as GRANT writes it: a table's
   privilege and a sequence's of one name read apart (they printed the same text on both
   sides); a sequence granted on with the TABLE form reads as the sequence's. */
static void test_privilege_detail_names_kind(void)
{
	static const char *const cases[][4] = {
		{ "CREATE TABLE t (a int); GRANT SELECT ON t TO r", "CREATE TABLE t (a int); GRANT SELECT ON SEQUENCE t TO r",
		  "GRANT select ON TABLE public.t TO r", "GRANT select ON SEQUENCE public.t TO r" },
		{ "CREATE SEQUENCE s; GRANT ALL ON s TO r", "CREATE SEQUENCE s; GRANT SELECT ON s TO r",
		  "GRANT usage ON SEQUENCE public.s TO r", NULL },
		{ "GRANT USAGE ON SCHEMA app TO r", "GRANT USAGE ON SCHEMA app TO q", "GRANT usage ON SCHEMA app TO r",
		  "GRANT usage ON SCHEMA app TO q" },
		{ "GRANT SELECT ON ALL TABLES IN SCHEMA app TO r", "GRANT SELECT ON ALL TABLES IN SCHEMA app TO q",
		  "GRANT select ON ALL TABLES IN SCHEMA app TO r", "GRANT select ON ALL TABLES IN SCHEMA app TO q" },
		{ "GRANT EXECUTE ON FUNCTION f(int) TO r", "GRANT EXECUTE ON FUNCTION f(int) TO q",
		  "GRANT execute ON FUNCTION f(...) TO r", "GRANT execute ON FUNCTION f(...) TO q" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r = cmp(cases[i][0], cases[i][1]), *d = json_object_get(r, "detail");
		json_t *removed = json_object_get(d, "privileges_removed"), *added = json_object_get(d, "privileges_added");
		char *text = json_dumps(d, JSON_COMPACT);
		if (!strstr(text, cases[i][2]) || (cases[i][3] && !strstr(text, cases[i][3])))
			fprintf(stderr, "privilege detail: %s | %s: %s\n", cases[i][0], cases[i][1], text);
		free(text);
		CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(removed, 0)), cases[i][2]);
		if (cases[i][3])
			CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(added, 0)), cases[i][3]);
		json_decref(r);
	}
}

/* Columns in another order (or one added ahead of existing ones) are positional changes:
   SELECT *, INSERT without a column list and row constructors see them; they were PATCH
   with no detail. Not so for the column options of a partition or a typed table. */
static void test_columns_reordered(void)
{
	static const char *const major[][2] = {
		{ "CREATE TABLE t (a int, b text)", "CREATE TABLE t (b text, a int)" },
		{ "CREATE TABLE t (a int, b text, c int)", "CREATE TABLE t (a int, x int, b text, c int)" },
		{ "CREATE TABLE t (a int, b text) INHERITS (p)", "CREATE TABLE t (b text, a int) INHERITS (p)" },
		{ "CREATE TYPE ct AS (a int, b text)", "CREATE TYPE ct AS (b text, a int)" },
	};
	static const char *const same[][2] = {
		{ "CREATE TABLE c PARTITION OF p (a DEFAULT 1, b NOT NULL) FOR VALUES IN (1)",
		  "CREATE TABLE c PARTITION OF p (b NOT NULL, a DEFAULT 1) FOR VALUES IN (1)" },
		{ "CREATE TABLE c OF ty (a DEFAULT 1, b NOT NULL)", "CREATE TABLE c OF ty (b NOT NULL, a DEFAULT 1)" },
		{ "CREATE TABLE t (a int, b int, PRIMARY KEY (a))", "CREATE TABLE t (PRIMARY KEY (a), a int, b int)" },
	};
	json_t *r;

	assert_pairs_major(major, sizeof(major) / sizeof(major[0]), "columns_reordered");
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "columns_reordered");
	r = cmp(major[0][0], major[0][1]);
	CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
	CU_ASSERT_TRUE(has_hazard(r, "table_rewrite"));
	json_decref(r);
	/* appended, or renamed in place: as before */
	r = cmp("CREATE TABLE t (a int, b text)", "CREATE TABLE t (a int, b text, c int)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
	r = cmp("CREATE TABLE t (a int, b text, c int)", "CREATE TABLE t (a int, y text, c int, x int)");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "columns_reordered"));
	json_decref(r);
}

/* A parameter default dropped breaks the calls that leave the argument out (and CREATE OR
   REPLACE refuses it); it was MINOR as any other default change. */
static void test_function_parameter_default_removed(void)
{
	static const char *const major[][2] = {
		{ "CREATE FUNCTION f(a int, b int DEFAULT 2) RETURNS int LANGUAGE sql AS $$select a+b$$",
		  "CREATE FUNCTION f(a int, b int) RETURNS int LANGUAGE sql AS $$select a+b$$" },
		{ "CREATE FUNCTION f(int, int = 2) RETURNS int LANGUAGE sql AS $$select 1$$",
		  "CREATE FUNCTION f(int, int) RETURNS int LANGUAGE sql AS $$select 1$$" },
		{ "CREATE PROCEDURE p(a int DEFAULT 1) LANGUAGE sql AS $$select 1$$",
		  "CREATE PROCEDURE p(a int) LANGUAGE sql AS $$select 1$$" },
	};
	json_t *r;

	assert_pairs_major(major, sizeof(major) / sizeof(major[0]), "parameter_defaults_removed");
	r = cmp(major[1][0], major[1][1]);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(
		json_object_get(json_object_get(r, "detail"), "parameter_defaults_removed"), 0)), "$2");
	CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
	json_decref(r);
	/* added or changed: MINOR, as before */
	r = cmp(major[0][1], major[0][0]);
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
	r = cmp(major[0][0], "CREATE FUNCTION f(a int, b int DEFAULT 3) RETURNS int LANGUAGE sql AS $$select a+b$$");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
}

/* A domain's CHECK added or changed: MAJOR, depends_on_existing_data, without the table's
   access_exclusive_lock (ALTER DOMAIN ADD CONSTRAINT takes a ShareLock on the tables). */
static void test_domain_check_lock(void)
{
	static const char *const pairs[][2] = {
		{ "CREATE DOMAIN d AS int", "CREATE DOMAIN d AS int CHECK (VALUE > 0)" },
		{ "CREATE DOMAIN d AS int CHECK (VALUE > 0)", "CREATE DOMAIN d AS int CHECK (VALUE > 1)" },
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		json_t *r = cmp(pairs[i][0], pairs[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
		CU_ASSERT_TRUE(has_hazard(r, "depends_on_existing_data"));
		CU_ASSERT_FALSE(has_hazard(r, "access_exclusive_lock"));
		json_decref(r);
	}
	/* a table's CHECK keeps it */
	json_t *r = cmp("CREATE TABLE t (a int)", "CREATE TABLE t (a int CHECK (a > 0))");
	CU_ASSERT_TRUE(has_hazard(r, "access_exclusive_lock"));
	json_decref(r);
}

/* An identity column's kind and sequence options: they were PATCH with no detail. */
static void test_identity_kind_and_options(void)
{
	static const char *const cases[][4] = {
		{ "GENERATED BY DEFAULT AS IDENTITY", "GENERATED ALWAYS AS IDENTITY", "MAJOR", "identity_kind_changed" },
		{ "GENERATED ALWAYS AS IDENTITY", "GENERATED BY DEFAULT AS IDENTITY", "MINOR", "identity_kind_changed" },
		{ "GENERATED ALWAYS AS IDENTITY", "GENERATED ALWAYS AS IDENTITY (START WITH 10)", "MINOR", "identity_options_changed" },
		{ "GENERATED ALWAYS AS IDENTITY (INCREMENT 2)", "GENERATED ALWAYS AS IDENTITY (INCREMENT BY 3)", "MINOR",
		  "identity_options_changed" },
		/* the defaults written out: no change */
		{ "GENERATED ALWAYS AS IDENTITY", "GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1 CACHE 1)", "PATCH", NULL },
		/* the sequence name PostgreSQL chooses (t_a_seq, in the table's schema) written out: the same
		   sequence (it was MINOR, identity_options_changed); another name or schema is not */
		{ "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_a_seq)", "GENERATED ALWAYS AS IDENTITY", "PATCH", NULL },
		{ "GENERATED ALWAYS AS IDENTITY", "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.t_a_seq START 1)", "PATCH", NULL },
		{ "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME T_A_SEQ)", "GENERATED ALWAYS AS IDENTITY", "PATCH", NULL },
		{ "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME app.t_a_seq)", "GENERATED ALWAYS AS IDENTITY", "MINOR",
		  "identity_options_changed" },
		{ "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME \"T_a_seq\")", "GENERATED ALWAYS AS IDENTITY", "MINOR",
		  "identity_options_changed" },
		{ "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_a_seq)", "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_a_seq2)",
		  "MINOR", "identity_options_changed" },
		/* any SEQUENCE NAME written unqualified is in the table's schema: qualified with it, the same */
		{ "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.s)", "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME s)", "PATCH", NULL },
		{ "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME app.s)", "GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME s)", "MINOR",
		  "identity_options_changed" },
	};
	static const char long_table[] = "table_with_a_rather_long_name_of_forty_bytes",
			  long_column[] = "column_with_a_rather_long_name_of_forty_b";
	char a[512], b[512];
	size_t i;
	json_t *r2;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r;
		snprintf(a, sizeof(a), "CREATE TABLE t (a int %s)", cases[i][0]);
		snprintf(b, sizeof(b), "CREATE TABLE t (a int %s)", cases[i][1]);
		r = cmp(a, b);
		if (strcmp(severity(r), cases[i][2]))
			fprintf(stderr, "identity: %s | %s: %s, want %s\n", a, b, severity(r), cases[i][2]);
		CU_ASSERT_STRING_EQUAL(severity(r), cases[i][2]);
		if (cases[i][3])
			CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), cases[i][3]));
		CU_ASSERT_EQUAL(has_hazard(r, "breaks_compatibility"), !strcmp(cases[i][2], "MAJOR"));
		json_decref(r);
	}
	/* the table's schema, not the search_path's (checked on the server) */
	r2 = cmp("SET search_path = other; CREATE TABLE app.t (a int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME app.s))",
		 "SET search_path = other; CREATE TABLE app.t (a int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME s))");
	CU_ASSERT_STRING_EQUAL(severity(r2), "PATCH");
	json_decref(r2);
	r2 = cmp("SET search_path = other; CREATE TABLE app.t (a int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME other.s))",
		 "SET search_path = other; CREATE TABLE app.t (a int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME s))");
	CU_ASSERT_STRING_EQUAL(severity(r2), "MINOR");
	json_decref(r2);
	/* in the schema of the blob's search_path; a name cut to 63 bytes as makeObjectName() cuts it */
	r2 = cmp("SET search_path = app; CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME app.t_a_seq))",
		 "SET search_path = app; CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY)");
	CU_ASSERT_STRING_EQUAL(severity(r2), "PATCH");
	json_decref(r2);
	snprintf(a, sizeof(a), "CREATE TABLE %s (%s int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME %.29s_%.29s_seq))",
		 long_table, long_column, long_table, long_column);
	snprintf(b, sizeof(b), "CREATE TABLE %s (%s int GENERATED ALWAYS AS IDENTITY)", long_table, long_column);
	r2 = cmp(a, b);
	CU_ASSERT_STRING_EQUAL(severity(r2), "PATCH");
	json_decref(r2);
}

/* A table renamed (t -> u): each side's identity sequence is named from its own table, so
   SEQUENCE NAME t_id_seq on t and none on u are both the name PostgreSQL chooses, and two
   versions naming one sequence (t_id_seq, kept by ALTER TABLE RENAME) are one sequence; the
   old side's name was computed from u (an extra MINOR identity_options_changed). */
static void test_identity_sequence_of_renamed_table(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_id_seq))",
		  "CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY)" },
		{ "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY)",
		  "CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.t_id_seq))" },
		{ "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY)",
		  "CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME u_id_seq))" },
		{ "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.t_id_seq))",
		  "CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_id_seq))" },
		{ "CREATE TABLE app.t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME app.t_id_seq))",
		  "CREATE TABLE app.u (id int GENERATED ALWAYS AS IDENTITY)" },
	};
	static const char *const other[][2] = {
		{ "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME x))",
		  "CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY)" },
		{ "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY)",
		  "CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME x))" },
		{ "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_id_seq))",
		  "CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME other.t_id_seq))" },
		{ "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_id_seq))",
		  "CREATE TABLE u (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_id_seq2))" },
	};
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]), *d = json_object_get(r, "detail");
		if (json_object_get(d, "identity_options_changed"))
			fprintf(stderr, "same sequence: %s | %s\n", same[i][0], same[i][1]);
		CU_ASSERT_PTR_NULL(json_object_get(d, "identity_options_changed"));
		CU_ASSERT_PTR_NOT_NULL(json_object_get(d, "renamed"));
		json_decref(r);
	}
	assert_pairs_major(other, sizeof(other) / sizeof(other[0]), "identity_options_changed");
}

/* Other objects (aggregates, ranges, casts...): a pg_catalog type spelled otherwise is no
   field changed; it was MINOR (fields_changed). */
static void test_other_objects_catalog_type_spellings(void)
{
	static const char *const same[][2] = {
		{ "CREATE AGGREGATE a (int) (SFUNC = int4pl, STYPE = int4)",
		  "CREATE AGGREGATE a (integer) (SFUNC = int4pl, STYPE = integer)" },
		{ "CREATE TYPE r AS RANGE (subtype = float8)", "CREATE TYPE r AS RANGE (subtype = double precision)" },
		{ "CREATE TYPE r AS RANGE (subtype = float8)", "CREATE TYPE r AS RANGE (subtype = pg_catalog.float8)" },
		{ "CREATE CAST (int AS text) WITH FUNCTION f(int)", "CREATE CAST (integer AS text) WITH FUNCTION f(int4)" },
	};
	json_t *r;

	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "fields_changed");
	r = cmp("CREATE TYPE r AS RANGE (subtype = float8)", "CREATE TYPE r AS RANGE (subtype = int8)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
	/* a user type named like a catalog one but qualified elsewhere stays another type */
	r = cmp("CREATE TYPE r AS RANGE (subtype = float8)", "CREATE TYPE r AS RANGE (subtype = app.float8)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
}

static void test_create_and_drop_detail(void)
{
	json_t *r = ddl_create_detail("CREATE INDEX i ON t (a)");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	CU_ASSERT_TRUE(has_hazard(r, "index_without_concurrently"));
	json_decref(r);
	r = ddl_create_detail("CREATE INDEX CONCURRENTLY i ON t (a)");
	CU_ASSERT_FALSE(has_hazard(r, "index_without_concurrently"));
	json_decref(r);
	r = ddl_create_detail("CREATE TABLE t (a int, b text NOT NULL)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_EQUAL(json_array_size(json_object_get(json_object_get(r, "detail"), "columns")), 2);
	json_decref(r);

	r = ddl_drop_detail("CREATE TABLE t (a int)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "deletes_data"));
	json_decref(r);
	r = ddl_drop_detail("CREATE VIEW v AS SELECT 1");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_FALSE(has_hazard(r, "deletes_data"));
	CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
	json_decref(r);
	r = ddl_drop_detail("CREATE INDEX i ON t (a)");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	json_decref(r);
}

static void test_semantic_hash(void)
{
	char *a = ddl_semantic_hash("CREATE TABLE s.t (a int)", 0);
	char *b = ddl_semantic_hash("create table S.T (\n  A integer -- x\n)", 0);
	char *c = ddl_semantic_hash("CREATE TABLE s.u (a int)", 0);
	char *d = ddl_semantic_hash("CREATE TABLE s.t (a int); COMMENT ON TABLE s.t IS 'x'", 1);
	char *e = ddl_semantic_hash("CREATE TABLE s.u (a int); COMMENT ON TABLE s.u IS 'x'", 1);
	char *f = ddl_semantic_hash("CREATE TABLE s.u (b int); COMMENT ON TABLE s.u IS 'x'", 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(strlen(a), 64);
	CU_ASSERT_STRING_EQUAL(a, b);
	CU_ASSERT_STRING_NOT_EQUAL(a, c);
	CU_ASSERT_STRING_EQUAL(d, e);
	CU_ASSERT_STRING_NOT_EQUAL(e, f);
	CU_ASSERT_PTR_NULL(ddl_semantic_hash("CREATE TABLE (", 0));
	free(a); free(b); free(c); free(d); free(e); free(f);
}

static void test_compare_is_deterministic(void)
{
	const char *o = "CREATE TABLE t (a int, b text, CONSTRAINT k UNIQUE (a))";
	const char *n = "CREATE TABLE t (a bigint NOT NULL, c text DEFAULT 'x', CONSTRAINT k2 CHECK (a > 0))";
	json_t *r1 = ddl_compare(o, n), *r2 = ddl_compare(o, n);
	char *s1 = json_dumps(r1, 0), *s2 = json_dumps(r2, 0);
	CU_ASSERT_STRING_EQUAL(s1, s2);
	free(s1);
	free(s2);
	json_decref(r1);
	json_decref(r2);
}

/* Blobs whose parser JSON has escapes, non-ASCII, big and negative numbers, nesting, no statement. */
static const char *const reader_cases[] = {
	"CREATE TABLE t (a text DEFAULT E'\\x01\\t\\u00e9\\U0001F600 <>&\\\\/\"', "
	"b numeric DEFAULT 1.5e10, c bigint DEFAULT 99999999999999999999, d int DEFAULT -2147483648, "
	"e bigint DEFAULT -9223372036854775807)",
	"CREATE VIEW \"v\xf0\x9f\x98\x80 \"\"q\"\"\" AS SELECT 'a\"b\\\\c/' AS x, 1 < 2 AND 3 > 2 AS y",
	"CREATE FUNCTION f() RETURNS int AS $$ select 1 where 2 > 1 $$ LANGUAGE sql; COMMENT ON FUNCTION f() IS 'x'",
	"SELECT ((((((((((1))))))))))",
	/* a statement's stmt_location and stmt_len, the last two members of its node, both cut */
	"CREATE TABLE a (x int); CREATE INDEX i ON a (x); COMMENT ON TABLE a IS '\"location\":1,';",
	"CREATE VIEW \"location\" AS SELECT 1 AS \"stmt_len\", '{\"location\":2}' AS location",
	"-- only a comment",
	"",
};

/* ddl_parse() gives json_loads() of the parser's JSON minus the location fields, keys in order. */
static void test_parse_tree_without_locations(void)
{
	for (size_t i = 0; i < sizeof(reader_cases) / sizeof(reader_cases[0]); i++) {
		struct ddl_parsed p;
		PgQueryParseResult r = pg_query_parse(reader_cases[i]);
		json_t *ref;
		char *a, *b;

		CU_ASSERT_PTR_NULL_FATAL(r.error);
		ref = json_loads(r.parse_tree, JSON_DECODE_ANY, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
		ddl_strip_locations(ref);
		if (!json_object_get(ref, "stmts"))
			json_object_set_new(ref, "stmts", json_array());
		CU_ASSERT_EQUAL_FATAL(ddl_parse(reader_cases[i], &p), 0);
		a = json_dumps(p.root, JSON_COMPACT | JSON_PRESERVE_ORDER);
		b = json_dumps(ref, JSON_COMPACT | JSON_PRESERVE_ORDER);
		CU_ASSERT_STRING_EQUAL(a, b);
		CU_ASSERT_PTR_NULL(strstr(a, "\"location\":")); /* a key; a name or string may say location */
		free(a);
		free(b);
		json_decref(ref);
		ddl_parsed_release(&p);
		pg_query_free_parse_result(r);
	}
}

static int same_dump(json_t *x, json_t *y)
{
	char *a = json_dumps(x, JSON_COMPACT | JSON_PRESERVE_ORDER), *b = json_dumps(y, JSON_COMPACT | JSON_PRESERVE_ORDER);
	int same = a && b && !strcmp(a, b);
	free(a);
	free(b);
	return same;
}

/* The parsed-blob calls give what the text calls give, and leave the blob as it was. */
static void test_blob_calls_match_text_calls(void)
{
	static const char *const pairs[][2] = {
		{ "CREATE TABLE t (a int, b text, CONSTRAINT k UNIQUE (a))",
		  "CREATE TABLE t (a bigint NOT NULL, c text DEFAULT 'x', CONSTRAINT k2 CHECK (a > 0))" },
		{ "CREATE FUNCTION f(a int) RETURNS int AS $$ select a $$ LANGUAGE sql",
		  "CREATE FUNCTION f(b int) RETURNS int AS $$ SELECT  a $$ LANGUAGE sql" },
		{ "CREATE MATERIALIZED VIEW m AS SELECT 1 AS x", "CREATE MATERIALIZED VIEW m (y) AS SELECT 1 AS x WITH NO DATA" },
		{ "CREATE TABLE t (", "CREATE TABLE t (a int)" },
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct ddl_blob *o = ddl_blob_parse(pairs[i][0]), *n = ddl_blob_parse(pairs[i][1]);
		struct ddl_blob *o2 = ddl_blob_parse(pairs[i][0]);
		json_t *r1 = ddl_compare_blobs(o, n), *r2 = ddl_compare(pairs[i][0], pairs[i][1]);
		json_t *c1 = ddl_create_detail_blob(n), *c2 = ddl_create_detail(pairs[i][1]);
		json_t *d1 = ddl_drop_detail_blob(o), *d2 = ddl_drop_detail(pairs[i][0]);
		char *h1 = ddl_semantic_hash_blob(o, 1), *h2 = ddl_semantic_hash(pairs[i][0], 1);
		CU_ASSERT(same_dump(r1, r2));
		CU_ASSERT(same_dump(c1, c2));
		CU_ASSERT(same_dump(d1, d2));
		CU_ASSERT((!h1 && !h2) || (h1 && h2 && !strcmp(h1, h2)));
		/* the calls did not touch the shared tree */
		CU_ASSERT(o->rc != 0 || same_dump(o->parsed.root, o2->parsed.root));
		free(h1);
		free(h2);
		json_decref(r1);
		json_decref(r2);
		json_decref(c1);
		json_decref(c2);
		json_decref(d1);
		json_decref(d2);
		ddl_blob_free(o);
		ddl_blob_free(o2);
		ddl_blob_free(n);
	}
}

/* A unique index keyed otherwise under its name is MAJOR, as a UNIQUE constraint changed (it was
   PATCH: index_fields_changed only); the sort order, INCLUDE and storage are not the key. */
static void test_unique_index_key_changed(void)
{
	static const char *const other_key[][2] = {
		{ "CREATE UNIQUE INDEX i ON t (a, b)", "CREATE UNIQUE INDEX i ON t (a)" },
		{ "CREATE UNIQUE INDEX i ON t (a)", "CREATE UNIQUE INDEX i ON t (a, b)" },
		{ "CREATE UNIQUE INDEX i ON t (a) WHERE NOT deleted", "CREATE UNIQUE INDEX i ON t (a)" },
		{ "CREATE UNIQUE INDEX i ON t (a)", "CREATE UNIQUE INDEX i ON t (a) NULLS NOT DISTINCT" },
		{ "CREATE UNIQUE INDEX i ON t (lower(a))", "CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)" },
	};
	static const char *const same_key[][2] = {
		{ "CREATE UNIQUE INDEX i ON t (a)", "CREATE UNIQUE INDEX i ON t (a DESC NULLS LAST)" },
		/* ((a)) is the column a (pg_index.indkey, checked) */
		{ "CREATE UNIQUE INDEX i ON t (a, b)", "CREATE UNIQUE INDEX i ON t ((a), ((b)))" },
		{ "CREATE UNIQUE INDEX i ON t (a)", "CREATE UNIQUE INDEX i ON t (a) INCLUDE (b) WITH (fillfactor = 70)" },
		{ "CREATE INDEX i ON t (a, b)", "CREATE INDEX i ON t (a)" },
	};
	size_t i;

	for (i = 0; i < sizeof(other_key) / sizeof(other_key[0]); i++) {
		json_t *r = cmp(other_key[i][0], other_key[i][1]);
		if (strcmp(severity(r), "MAJOR"))
			fprintf(stderr, "other key: %s | %s\n", other_key[i][0], other_key[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
		CU_ASSERT_TRUE(has_hazard(r, "depends_on_existing_data"));
		CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "unique_key_changed")));
		json_decref(r);
	}
	for (i = 0; i < sizeof(same_key) / sizeof(same_key[0]); i++) {
		json_t *r = cmp(same_key[i][0], same_key[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_EQUAL(has_hazard(r, "index_without_concurrently"),
				json_object_get(json_object_get(r, "detail"), "index_fields_changed") != NULL);
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "unique_key_changed"));
		json_decref(r);
	}
}

/* A table constraint's own blob (ALTER TABLE t ADD CONSTRAINT c ...) changed is rated as the
   constraint changed inside a CREATE TABLE (it was MINOR fields_changed "cmds" whatever changed) */
static void test_table_constraint_blob_changed(void)
{
	static const struct { const char *old, *new, *severity, *key, *hazard; } cases[] = {
		{ "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a, b)", "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)", "MAJOR",
		  "constraints_changed", "index_without_concurrently" },
		{ "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 10)", "MAJOR",
		  "constraints_changed", "access_exclusive_lock" },
		{ "ALTER TABLE t ADD CHECK (a > 0)", "ALTER TABLE t ADD CHECK (a > 10)", "MAJOR", "constraints_changed",
		  "depends_on_existing_data" },
		{ "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u", "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES w",
		  "MAJOR", "constraints_changed", "depends_on_existing_data" },
		{ "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID", "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", "MAJOR",
		  "constraints_validated", "depends_on_existing_data" },
		{ "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID", "MINOR",
		  "constraints_validated", NULL },
		/* the generated name is the constraint's: no change */
		{ "ALTER TABLE t ADD CHECK (a > 0)", "ALTER TABLE t ADD CONSTRAINT t_a_check CHECK ((a > 0))", "PATCH", NULL, NULL },
		/* renamed only: the identity says it, no constraint dropped and added */
		{ "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", "ALTER TABLE t ADD CONSTRAINT d CHECK (a > 0)", "MAJOR",
		  "renamed", "breaks_compatibility" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r = cmp(cases[i].old, cases[i].new), *detail = json_object_get(r, "detail");
		if (strcmp(severity(r), cases[i].severity))
			fprintf(stderr, "constraint blob: %s | %s: %s\n", cases[i].old, cases[i].new, severity(r));
		CU_ASSERT_STRING_EQUAL(severity(r), cases[i].severity);
		if (cases[i].key)
			CU_ASSERT_PTR_NOT_NULL(json_object_get(detail, cases[i].key));
		if (cases[i].hazard)
			CU_ASSERT_TRUE(has_hazard(r, cases[i].hazard));
		CU_ASSERT_PTR_NULL(json_object_get(detail, "fields_changed"));
		CU_ASSERT_PTR_NULL(json_object_get(detail, "constraints_dropped"));
		json_decref(r);
	}
}

/* An unqualified type or referenced table is the one in the blob's search_path schema, as
   pg_dump writes it qualified: a column retyped, a signature changed, an inheritance or a
   foreign key changed (MAJOR) until round 19 */
static void test_unqualified_references_resolved(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a mytype, b mytype[])", "CREATE TABLE t (a public.mytype, b public.mytype[])" },
		{ "CREATE TABLE t (s order_status DEFAULT 'new'::order_status)",
		  "CREATE TABLE t (s public.order_status DEFAULT 'new'::public.order_status)" },
		{ "SET search_path = app; CREATE TABLE t (a mytype)", "SET search_path = app; CREATE TABLE t (a app.mytype)" },
		{ "CREATE FUNCTION f(a mytype) RETURNS SETOF mytype LANGUAGE sql AS 'select 1'",
		  "CREATE FUNCTION f(a public.mytype) RETURNS SETOF public.mytype LANGUAGE sql AS 'select 1'" },
		{ "CREATE TABLE t (a int REFERENCES u (id))", "CREATE TABLE t (a int REFERENCES public.u (id))" },
		{ "CREATE TABLE t (a int, FOREIGN KEY (a) REFERENCES u (id))",
		  "CREATE TABLE t (a int);\nALTER TABLE ONLY t ADD CONSTRAINT t_a_fkey FOREIGN KEY (a) REFERENCES public.u (id);" },
		{ "CREATE TABLE t (a int) INHERITS (p)", "CREATE TABLE t (a int) INHERITS (public.p)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10)",
		  "CREATE TABLE p1 PARTITION OF public.p FOR VALUES FROM (1) TO (10)" },
		{ "CREATE TABLE t OF ty", "CREATE TABLE t OF public.ty" },
		{ "CREATE TABLE t (LIKE u)", "CREATE TABLE t (LIKE public.u)" },
		{ "CREATE DOMAIN d AS mytype", "CREATE DOMAIN d AS public.mytype" },
		{ "CREATE TYPE c AS (a mytype)", "CREATE TYPE c AS (a public.mytype)" },
		/* nextval's string is the sequence's oid: pg_dump's spelling and the hand-written one
		   (pairs checked on pg_attrdef.adbin) */
		{ "CREATE TABLE t (id int DEFAULT nextval('t_id_seq'))",
		  "CREATE TABLE t (id int DEFAULT nextval('public.t_id_seq'::regclass))" },
		{ "CREATE TABLE app.o (id bigint DEFAULT nextval('app.o_seq'))",
		  "CREATE TABLE app.o (id bigint DEFAULT nextval('app.o_seq'::regclass))" },
		{ "CREATE TABLE t (id int DEFAULT nextval('T_ID_SEQ'))",
		  "CREATE TABLE t (id int DEFAULT pg_catalog.nextval(' t_id_seq '::regclass))" },
		{ "CREATE TABLE t (id int DEFAULT nextval('\"T\"'))", "CREATE TABLE t (id int DEFAULT nextval('public.\"T\"'::regclass))" },
		{ "SET search_path = app; CREATE TABLE t (id int DEFAULT nextval('s'))",
		  "SET search_path = app; CREATE TABLE t (id int DEFAULT nextval('app.s'::regclass))" },
		/* _x of pg_catalog is x[] (it read as another type) */
		{ "CREATE TABLE t (a text[], b integer[], c varchar(5)[])",
		  "CREATE TABLE t (a _text, b pg_catalog._int4, c _varchar(5))" },
		{ "CREATE FUNCTION f(a text[]) RETURNS SETOF text[] LANGUAGE sql AS 'select 1'",
		  "CREATE FUNCTION f(a _text) RETURNS SETOF _text LANGUAGE sql AS 'select 1'" },
		/* an option's bare word stays one: oids = off is no option */
		{ "CREATE TABLE t (a int) WITH (oids = off)", "CREATE TABLE t (a int)" },
	};
	static const char *const other[][4] = {
		{ "CREATE TABLE t (a mytype)", "CREATE TABLE t (a app.mytype)", "columns_retyped", "MAJOR" },
		{ "CREATE TABLE t (a text[])", "CREATE TABLE t (a _int4)", "columns_retyped", "MAJOR" },
		{ "SET search_path = app; CREATE TABLE t (a mytype)", "SET search_path = app; CREATE TABLE t (a public.mytype)",
		  "columns_retyped", "MAJOR" },
		{ "CREATE TABLE t (a int REFERENCES u (id))", "CREATE TABLE t (a int REFERENCES app.u (id))",
		  "constraints_changed", "MAJOR" },
		{ "CREATE TABLE t (id int NOT NULL DEFAULT nextval('s'))", "CREATE TABLE t (id int NOT NULL DEFAULT nextval('app.s'))",
		  "defaults_changed", "MINOR" },
		{ "CREATE TABLE t (id int NOT NULL DEFAULT nextval('\"S\"'))", "CREATE TABLE t (id int NOT NULL DEFAULT nextval('s'))",
		  "defaults_changed", "MINOR" },
		{ "CREATE TABLE t (a int) INHERITS (p)", "CREATE TABLE t (a int) INHERITS (app.p)", "table_options_changed", "MAJOR" },
		{ "CREATE FUNCTION f(a mytype) RETURNS int LANGUAGE sql AS 'select 1'",
		  "CREATE FUNCTION f(a app.mytype) RETURNS int LANGUAGE sql AS 'select 1'", "signature_changed", "MAJOR" },
	};
	size_t i;

	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "columns_retyped");
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]), *d = json_object_get(r, "detail");
		CU_ASSERT_PTR_NULL(json_object_get(d, "constraints_changed"));
		CU_ASSERT_PTR_NULL(json_object_get(d, "table_options_changed"));
		CU_ASSERT_FALSE(json_is_true(json_object_get(d, "signature_changed")));
		CU_ASSERT_PTR_NULL(json_object_get(d, "base_type_changed"));
		json_decref(r);
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		json_t *r = cmp(other[i][0], other[i][1]), *d = json_object_get(r, "detail");
		if (strcmp(severity(r), other[i][3]))
			fprintf(stderr, "other: %s | %s\n", other[i][0], other[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), other[i][3]);
		CU_ASSERT_PTR_NOT_NULL(json_object_get(d, other[i][2]));
		json_decref(r);
	}
}

/* An existing column made GENERATED ALWAYS (identity or expression) refuses the values its
   writers supplied: breaks_compatibility (the identity was MINOR, the expression MAJOR without it) */
static void test_column_made_always_generated(void)
{
	static const struct { const char *old, *new, *severity; int breaks; } cases[] = {
		{ "CREATE TABLE t (id int NOT NULL)", "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY)", "MAJOR", 1 },
		{ "CREATE TABLE t (id int NOT NULL DEFAULT nextval('s'))", "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY)",
		  "MAJOR", 1 },
		{ "CREATE TABLE t (a int, b int)", "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED)", "MAJOR", 1 },
		{ "CREATE TABLE t (a int NOT NULL DEFAULT 0)", "CREATE TABLE t (a int NOT NULL GENERATED ALWAYS AS IDENTITY)",
		  "MAJOR", 1 },
		/* writers could not write them before either */
		{ "CREATE TABLE t (id int NOT NULL)", "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY)", "MINOR", 0 },
		{ "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY)", "CREATE TABLE t (id int NOT NULL)", "MINOR", 0 },
		{ "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 3) STORED)",
		  "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED)", "MAJOR", 0 },
		{ "CREATE TABLE t (a int)", "CREATE TABLE t (a int, id int GENERATED ALWAYS AS IDENTITY)", "MINOR", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r = cmp(cases[i].old, cases[i].new);
		if (strcmp(severity(r), cases[i].severity) || has_hazard(r, "breaks_compatibility") != cases[i].breaks)
			fprintf(stderr, "generated: %s | %s: %s\n", cases[i].old, cases[i].new, severity(r));
		CU_ASSERT_STRING_EQUAL(severity(r), cases[i].severity);
		CU_ASSERT_EQUAL(has_hazard(r, "breaks_compatibility"), cases[i].breaks);
		json_decref(r);
	}
}

/* A bare string default is the Const the column type's literal makes (round 19; they were a
   default changed): the server reads it with the type's input function (pairs checked on
   pg_attrdef.adbin, pg_type.typdefaultbin, pg_proc.proargdefaults) */
static void test_string_defaults_read_by_the_type(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a boolean DEFAULT false)", "CREATE TABLE t (a boolean DEFAULT 'f')" },
		{ "CREATE TABLE t (a boolean DEFAULT false)", "CREATE TABLE t (a bool DEFAULT 'false'::boolean)" },
		{ "CREATE TABLE t (a boolean DEFAULT 'no')", "CREATE TABLE t (a boolean DEFAULT 'OFF'::bool)" },
		{ "CREATE TABLE t (a boolean DEFAULT true)", "CREATE TABLE t (a boolean DEFAULT ' Yes ')" },
		{ "CREATE TABLE t (a boolean DEFAULT true)", "CREATE TABLE t (a boolean DEFAULT '1')" },
		{ "CREATE TABLE t (a int DEFAULT 0)", "CREATE TABLE t (a int DEFAULT '0')" },
		{ "CREATE TABLE t (a int DEFAULT -5)", "CREATE TABLE t (a integer DEFAULT '-5')" },
		{ "CREATE TABLE t (a numeric DEFAULT 1.5)", "CREATE TABLE t (a numeric DEFAULT '1.5')" },
		{ "CREATE TABLE t (a numeric(10,2) DEFAULT 1.5)", "CREATE TABLE t (a numeric(10,2) DEFAULT '1.5')" },
		{ "CREATE DOMAIN d AS boolean DEFAULT false", "CREATE DOMAIN d AS boolean DEFAULT 'f'" },
		{ "CREATE FUNCTION f(a boolean DEFAULT true) RETURNS int LANGUAGE sql AS 'select 1'",
		  "CREATE FUNCTION f(a boolean DEFAULT 't') RETURNS int LANGUAGE sql AS 'select 1'" },
	};
	/* another Const, or another tree, on the server */
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a boolean DEFAULT true)", "CREATE TABLE t (a boolean DEFAULT 'f')" },
		{ "CREATE TABLE t (a boolean DEFAULT true)", "CREATE TABLE t (a boolean DEFAULT 'o')" },
		{ "CREATE TABLE t (a bigint DEFAULT 5)", "CREATE TABLE t (a bigint DEFAULT '5')" },
		{ "CREATE TABLE t (a numeric DEFAULT 1.5)", "CREATE TABLE t (a numeric DEFAULT '1.50')" },
	};
	/* the same in a CHECK: a boolean compared with a string is compared with the Const */
	static const char *const same_check[][2] = {
		{ "CREATE TABLE t (a boolean CHECK (a = 't'))", "CREATE TABLE t (a boolean CHECK (a = true))" },
		{ "CREATE TABLE t (a boolean CHECK (a <> 'no'::boolean))", "CREATE TABLE t (a boolean CHECK (a <> false))" },
		{ "CREATE TABLE t (a boolean CHECK ('yes' = a))", "CREATE TABLE t (a boolean CHECK (true = a))" },
		{ "CREATE DOMAIN d AS boolean CHECK (VALUE <> 'f')", "CREATE DOMAIN d AS boolean CHECK (VALUE <> false)" },
	};
	size_t i;
	json_t *r;

	assert_pairs_same(same_check, sizeof(same_check) / sizeof(same_check[0]), "constraints_changed");
	r = cmp("CREATE TABLE t (a boolean CHECK (a = 't'))", "CREATE TABLE t (a boolean CHECK (a = false))");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	json_decref(r);
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "defaults_changed");
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "parameter_defaults_changed"));
		json_decref(r);
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		r = cmp(other[i][0], other[i][1]);
		if (strcmp(severity(r), "MINOR"))
			fprintf(stderr, "other default: %s | %s\n", other[i][0], other[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "defaults_changed"));
		json_decref(r);
	}
}

/* A sequence's range narrowed (MAXVALUE lowered, MINVALUE raised, written or implied) is
   MAJOR, depends_on_existing_data: the server refuses it past the current value (it was MINOR) */
static void test_sequence_range_narrowed(void)
{
	static const struct { const char *old, *new, *severity; } cases[] = {
		{ "CREATE SEQUENCE s MAXVALUE 1000", "CREATE SEQUENCE s MAXVALUE 100", "MAJOR" },
		{ "CREATE SEQUENCE s", "CREATE SEQUENCE s MINVALUE 10", "MAJOR" },
		{ "CREATE SEQUENCE s", "CREATE SEQUENCE s INCREMENT BY -1", "MAJOR" },
		{ "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (MAXVALUE 1000))",
		  "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (MAXVALUE 100))", "MAJOR" },
		{ "CREATE SEQUENCE s MAXVALUE 100", "CREATE SEQUENCE s MAXVALUE 1000", "MINOR" },
		{ "CREATE SEQUENCE s MINVALUE 10", "CREATE SEQUENCE s", "MINOR" },
		{ "CREATE SEQUENCE s", "CREATE SEQUENCE s START 100 CACHE 20", "MINOR" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r = cmp(cases[i].old, cases[i].new);
		int major = !strcmp(cases[i].severity, "MAJOR");
		if (strcmp(severity(r), cases[i].severity))
			fprintf(stderr, "sequence: %s | %s: %s\n", cases[i].old, cases[i].new, severity(r));
		CU_ASSERT_STRING_EQUAL(severity(r), cases[i].severity);
		CU_ASSERT_EQUAL(has_hazard(r, "depends_on_existing_data"), major);
		json_decref(r);
	}
}

/* An index or partition key element written ((a)) is the column a: the server stores a Var
   expression as the column (pg_index.indkey, pg_partitioned_table.partattrs; checked) */
static void test_parenthesized_column_keys(void)
{
	static const char *const same[][2] = {
		{ "CREATE INDEX i ON t (a)", "CREATE INDEX i ON t ((a))" },
		{ "CREATE UNIQUE INDEX i ON t (a, b DESC)", "CREATE UNIQUE INDEX i ON t (((a)), (b) DESC)" },
		{ "CREATE TABLE t (a int) PARTITION BY LIST (a)", "CREATE TABLE t (a int) PARTITION BY LIST ((a))" },
	};
	json_t *r;

	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "index_fields_changed");
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "hazards")), 0);
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "table_options_changed"));
		json_decref(r);
	}
	r = cmp("CREATE TABLE t (a int) PARTITION BY LIST (a)", "CREATE TABLE t (a int) PARTITION BY LIST ((a + 1))");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	json_decref(r);
}

/* Row security turned on (or forced) for the blob's table is MAJOR, breaks_compatibility, read
   as a state of the blob, not statement by statement (it was MINOR, an ALTER TABLE added) */
static void test_row_security_enabled(void)
{
	static const struct { const char *old, *new, *severity; int changed; } cases[] = {
		{ "CREATE TABLE t (a int)", "CREATE TABLE t (a int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;", "MAJOR", 1 },
		{ "CREATE TABLE t (a int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;",
		  "CREATE TABLE t (a int);\nALTER TABLE ONLY t ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;", "MAJOR", 1 },
		{ "CREATE TABLE t (a int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;", "CREATE TABLE t (a int)", "MINOR", 1 },
		/* enabled then disabled again: no change of state; another table's: not this one's */
		{ "CREATE TABLE t (a int)",
		  "CREATE TABLE t (a int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nALTER TABLE t DISABLE ROW LEVEL SECURITY;",
		  "MINOR", 0 },
		{ "CREATE TABLE t (a int)", "CREATE TABLE t (a int);\nALTER TABLE u ENABLE ROW LEVEL SECURITY;", "MINOR", 0 },
		/* one statement: t is public.t (it was MINOR, an ALTER removed and one added) */
		{ "CREATE TABLE t (a int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;",
		  "CREATE TABLE t (a int);\nALTER TABLE public.t ENABLE ROW LEVEL SECURITY;", "PATCH", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r = cmp(cases[i].old, cases[i].new);
		int major = !strcmp(cases[i].severity, "MAJOR");
		if (strcmp(severity(r), cases[i].severity))
			fprintf(stderr, "row security: %s | %s: %s\n", cases[i].old, cases[i].new, severity(r));
		CU_ASSERT_STRING_EQUAL(severity(r), cases[i].severity);
		CU_ASSERT_EQUAL(has_hazard(r, "breaks_compatibility"), major);
		CU_ASSERT_EQUAL(json_object_get(json_object_get(r, "detail"), "row_security_changed") != NULL, cases[i].changed);
		json_decref(r);
	}
}

/* A permissive policy made AS RESTRICTIVE narrows access: MAJOR, breaks_compatibility (it was MINOR) */
/* ALTER TYPE ... ADD VALUE / RENAME VALUE after the enum's CREATE in its blob: the values they leave */
static void test_enum_values_added_by_alter(void)
{
	static const char *const same[][2] = {
		{ "CREATE TYPE e AS ENUM ('a', 'b', 'c')", "CREATE TYPE e AS ENUM ('a', 'b'); ALTER TYPE e ADD VALUE 'c'" },
		{ "CREATE TYPE public.e AS ENUM ('a', 'b', 'c')",
		  "CREATE TYPE e AS ENUM ('a', 'b'); ALTER TYPE public.e ADD VALUE IF NOT EXISTS 'c' AFTER 'b'" },
		{ "CREATE TYPE e AS ENUM ('a', 'b')", "CREATE TYPE e AS ENUM ('a', 'x'); ALTER TYPE e RENAME VALUE 'x' TO 'b'" },
		{ "CREATE TYPE e AS ENUM ('a', 'b'); ALTER TYPE e ADD VALUE 'c'", "CREATE TYPE e AS ENUM ('a', 'b', 'c')" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "values_removed");
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_FALSE(json_is_true(json_object_get(json_object_get(r, "detail"), "definition_changed")));
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_added"));
		json_decref(r);
	}
	/* a value added between others (or before the first) gets a sort order CREATE never
	   gives (pg_enum.enumsortorder 0 or 1.5, checked on PostgreSQL 15; pg_dump -s alike):
	   another stored type, not PATCH (until round 26 it was) */
	static const char *const between[][2] = {
		{ "CREATE TYPE e AS ENUM ('c', 'a', 'b')",
		  "CREATE TYPE e AS ENUM ('a', 'b'); ALTER TYPE e ADD VALUE 'c' BEFORE 'a'" },
		{ "CREATE TYPE public.e AS ENUM ('a', 'c', 'b')",
		  "CREATE TYPE e AS ENUM ('a', 'b'); ALTER TYPE public.e ADD VALUE IF NOT EXISTS 'c' AFTER 'a'" },
		{ "CREATE TYPE e AS ENUM ('a', 'b', 'c')",
		  "CREATE TYPE e AS ENUM ('a', 'c'); ALTER TYPE e ADD VALUE 'b' BEFORE 'c'" },
	};
	assert_pairs_not_patch(between, sizeof(between) / sizeof(between[0]));
	/* another order: appended, c sorts after b, not between a and b */
	json_t *r = cmp("CREATE TYPE e AS ENUM ('a', 'c', 'b')", "CREATE TYPE e AS ENUM ('a', 'b'); ALTER TYPE e ADD VALUE 'c'");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "values_reordered")));
	json_decref(r);
	/* a value appended by the ALTER: MINOR, values_added, not a statement added; added before
	   another value, the ALTER stays a statement (MINOR, statements_added) */
	r = cmp("CREATE TYPE e AS ENUM ('a', 'b')", "CREATE TYPE e AS ENUM ('a', 'b'); ALTER TYPE e ADD VALUE 'c' AFTER 'b'");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "values_added"));
	json_decref(r);
	r = cmp("CREATE TYPE e AS ENUM ('a', 'b')", "CREATE TYPE e AS ENUM ('a', 'b'); ALTER TYPE e ADD VALUE 'c' BEFORE 'a'");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "statements_added"));
	json_decref(r);
	/* another type's ALTER, or one that would fail (no such neighbour): a statement, c still missing */
	r = cmp("CREATE TYPE e AS ENUM ('a', 'b', 'c')", "CREATE TYPE e AS ENUM ('a', 'b'); ALTER TYPE other.e ADD VALUE 'c'");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "values_removed"));
	json_decref(r);
	r = cmp("CREATE TYPE e AS ENUM ('a', 'b', 'c')",
		"CREATE TYPE e AS ENUM ('a', 'b'); ALTER TYPE e ADD VALUE 'c' BEFORE 'zz'");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "values_removed"));
	json_decref(r);
}

/* OUT parameters of a set-returning function against RETURNS TABLE: one result for callers */
static void test_returns_table_against_out_parameters(void)
{
	static const char *const respelled[][2] = {
		{ "CREATE FUNCTION f(a int, OUT b int, OUT c text) RETURNS SETOF record LANGUAGE sql AS $$select 1, 'x'$$",
		  "CREATE FUNCTION f(a int) RETURNS TABLE (b int, c text) LANGUAGE sql AS $$select 1, 'x'$$" },
		{ "CREATE FUNCTION f(a int, OUT b int) RETURNS SETOF int LANGUAGE sql AS $$select 1$$",
		  "CREATE FUNCTION f(a int) RETURNS TABLE (b integer) LANGUAGE sql AS $$select 1$$" },
	};
	for (size_t i = 0; i < sizeof(respelled) / sizeof(respelled[0]); i++) {
		json_t *r = cmp(respelled[i][0], respelled[i][1]);
		if (strcmp(severity(r), "MINOR"))
			fprintf(stderr, "respelled: %s | %s\n", respelled[i][0], respelled[i][1]);
		/* the catalog differs (proargmodes 'o' / 't'), the callers do not: MINOR */
		CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
		CU_ASSERT_FALSE(has_hazard(r, "breaks_compatibility"));
		CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "returns_table_respelled")));
		CU_ASSERT_TRUE(json_is_false(json_object_get(json_object_get(r, "detail"), "signature_changed")));
		json_decref(r);
	}
	/* without SETOF the OUT parameters make one row, RETURNS TABLE a set; a column
	   retyped or renamed is another result */
	static const char *const other[][2] = {
		{ "CREATE FUNCTION f(a int, OUT b int, OUT c text) LANGUAGE sql AS $$select 1, 'x'$$",
		  "CREATE FUNCTION f(a int) RETURNS TABLE (b int, c text) LANGUAGE sql AS $$select 1, 'x'$$" },
		{ "CREATE FUNCTION f(a int, OUT b int) RETURNS SETOF int LANGUAGE sql AS $$select 1$$",
		  "CREATE FUNCTION f(a int) RETURNS TABLE (b bigint) LANGUAGE sql AS $$select 1$$" },
	};
	assert_pairs_major(other, sizeof(other) / sizeof(other[0]), "signature_changed");
	json_t *r = cmp(respelled[0][0], "CREATE FUNCTION f(a int) RETURNS TABLE (x int, c text) LANGUAGE sql AS $$select 1, 'x'$$");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "parameter_names_changed")));
	json_decref(r);
}

/*
 * Unqualified types and relations follow one lookup rule (unqualified_schema()): the
 * server finds both along the same path, pg_catalog first, so a name is pg_catalog's
 * exactly when PostgreSQL 15's pg_catalog has a type or relation of that name, and any
 * other one is in the blob's search_path schema. Round 20: relations had their own rule
 * (a name beginning with pg_ left as written), so a user's table pg_t was kept apart from
 * public.pg_t while its row type pg_t was not. Each pair checked on PostgreSQL 15
 * (pg_dump of the two objects, search_path public).
 */
static void test_types_and_relations_one_lookup_rule(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a int REFERENCES pg_t, b pg_e, c pg_t)",
		  "CREATE TABLE t (a int REFERENCES public.pg_t, b public.pg_e, c public.pg_t)" },
		{ "CREATE VIEW v AS SELECT id, NULL::pg_t AS r FROM pg_t",
		  "CREATE VIEW v AS SELECT id, NULL::public.pg_t AS r FROM public.pg_t" },
		/* pg_lsn is a type of pg_catalog, no relation: a table pg_lsn is the user's */
		{ "CREATE VIEW v AS SELECT id FROM pg_lsn", "CREATE VIEW v AS SELECT id FROM public.pg_lsn" },
		{ "SET search_path = app; CREATE TABLE t (a mytype REFERENCES r, b int REFERENCES pg_r)",
		  "SET search_path = app; CREATE TABLE app.t (a app.mytype REFERENCES app.r, b int REFERENCES app.pg_r)" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "constraints_changed");
	/* pg_class is pg_catalog's relation and row type, found ahead of public's */
	json_t *r = cmp("CREATE TABLE t (a pg_class)", "CREATE TABLE t (a public.pg_class)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "columns_retyped"));
	json_decref(r);
	r = cmp("CREATE VIEW v AS SELECT oid FROM pg_class", "CREATE VIEW v AS SELECT oid FROM public.pg_class");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "query_changed")));
	json_decref(r);
	r = cmp("CREATE VIEW v AS SELECT NULL::pg_stats AS s FROM pg_stats",
		"CREATE VIEW v AS SELECT NULL::public.pg_stats AS s FROM pg_stats");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
}

/*
 * Numbers as the server reads them: a string through the input function of its type
 * (int4in(), int8in(), numeric_in(): leading zeros, a sign, spaces, an exponent), a float
 * literal as make_const() makes its Const (.5 is 0.5, 1.5e0 is 1.5, 1e3 is 1000.,
 * -2147483648 an int4). Round 20: each pair was a default, a constraint or a query
 * changed. Every pair checked on PostgreSQL 15 (pg_dump of both objects, and
 * pg_attrdef.adbin / pg_constraint.conbin equal).
 */
static void test_number_literals_as_the_server_reads_them(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a int DEFAULT '05')", "CREATE TABLE t (a int DEFAULT 5)" },
		{ "CREATE TABLE t (a int DEFAULT '+5')", "CREATE TABLE t (a int DEFAULT 5)" },
		{ "CREATE TABLE t (a int DEFAULT ' 5 '::integer)", "CREATE TABLE t (a int DEFAULT 5)" },
		{ "CREATE TABLE t (a int DEFAULT '-2147483648')", "CREATE TABLE t (a int DEFAULT -2147483648)" },
		{ "CREATE TABLE t (a bigint DEFAULT '05')", "CREATE TABLE t (a bigint DEFAULT '5'::bigint)" },
		{ "CREATE TABLE t (a bigint DEFAULT 2147483648)", "CREATE TABLE t (a bigint DEFAULT '2147483648'::bigint)" },
		{ "CREATE TABLE t (a smallint DEFAULT '05')", "CREATE TABLE t (a smallint DEFAULT '5'::smallint)" },
		{ "CREATE TABLE t (a numeric DEFAULT .5)", "CREATE TABLE t (a numeric DEFAULT 0.5)" },
		{ "CREATE TABLE t (a numeric DEFAULT 1.5e0)", "CREATE TABLE t (a numeric DEFAULT 1.5)" },
		{ "CREATE TABLE t (a numeric DEFAULT '05.5')", "CREATE TABLE t (a numeric DEFAULT 5.5)" },
		{ "CREATE TABLE t (a numeric DEFAULT 1e3)", "CREATE TABLE t (a numeric DEFAULT 1000.)" },
		{ "CREATE TABLE t (a numeric DEFAULT '-0.0')", "CREATE TABLE t (a numeric DEFAULT 0.0)" },
		{ "CREATE TABLE t (a numeric CHECK (a > .5))", "CREATE TABLE t (a numeric CHECK (a > 0.5))" },
		{ "CREATE TABLE t (x bigint CHECK (x > '05'))", "CREATE TABLE t (x bigint CHECK (x > '5'::bigint))" },
		{ "CREATE VIEW v AS SELECT .5 AS x", "CREATE VIEW v AS SELECT 0.5 AS x" },
		{ "CREATE VIEW v AS SELECT 0.010 AS x", "CREATE VIEW v AS SELECT 1.0e-2 AS x" },
		{ "CREATE VIEW v AS SELECT 9223372036854775808 AS x", "CREATE VIEW v AS SELECT 9223372036854775808. AS x" },
		{ "CREATE VIEW v AS SELECT -9223372036854775808 AS x", "CREATE VIEW v AS SELECT -09223372036854775808 AS x" },
		{ "CREATE TABLE c PARTITION OF p FOR VALUES FROM (.5) TO (1e1)",
		  "CREATE TABLE c PARTITION OF p FOR VALUES FROM (0.5) TO (10.)" },
		{ "CREATE DOMAIN d AS int DEFAULT '007'", "CREATE DOMAIN d AS int DEFAULT 7" },
		{ "CREATE FUNCTION f(a numeric DEFAULT .5) RETURNS numeric LANGUAGE sql AS 'select a'",
		  "CREATE FUNCTION f(a numeric DEFAULT 0.5) RETURNS numeric LANGUAGE sql AS 'select a'" },
	};
	/* another Const: another scale, an int4 or int8 cast to numeric against a numeric, an
	   int8 Const against an int4 one cast, a string of another column's type */
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a numeric DEFAULT '1.50')", "CREATE TABLE t (a numeric DEFAULT 1.5)" },
		{ "CREATE TABLE t (a numeric DEFAULT '5')", "CREATE TABLE t (a numeric DEFAULT 5)" },
		{ "CREATE TABLE t (a numeric DEFAULT 1e3)", "CREATE TABLE t (a numeric DEFAULT 1000)" },
		{ "CREATE TABLE t (a numeric DEFAULT 2147483648)", "CREATE TABLE t (a numeric DEFAULT 2147483648.)" },
		{ "CREATE TABLE t (a numeric DEFAULT '-0')", "CREATE TABLE t (a numeric DEFAULT 0)" },
		{ "CREATE TABLE t (a text DEFAULT '5'::bigint)", "CREATE TABLE t (a text DEFAULT '5')" },
		{ "CREATE TABLE t (a int DEFAULT '5'::bigint)", "CREATE TABLE t (a int DEFAULT '5'::smallint)" },
		{ "CREATE TABLE t (a bigint DEFAULT '5')", "CREATE TABLE t (a bigint DEFAULT 5)" },
		{ "CREATE TABLE t (a smallint DEFAULT '5')", "CREATE TABLE t (a smallint DEFAULT 5)" },
		{ "CREATE TABLE t (x bigint CHECK (x > '05'))", "CREATE TABLE t (x bigint CHECK (x > 5))" },
		{ "CREATE VIEW v AS SELECT 2147483648 AS x", "CREATE VIEW v AS SELECT 2147483648. AS x" },
		{ "CREATE VIEW v AS SELECT 1e3 AS x", "CREATE VIEW v AS SELECT 1000 AS x" },
		{ "CREATE VIEW v AS SELECT 0.010 AS x", "CREATE VIEW v AS SELECT 1e-2 AS x" },
		/* a SET keeps the text (proconfig random_page_cost=.5) */
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET random_page_cost = .5 AS 'select 1'",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET random_page_cost = 0.5 AS 'select 1'" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "defaults_changed");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/*
 * Array literals of number elements as array_in() reads them: each element through its
 * type's input function ('{05}' is '{5}'), spaces, quotes and NULL's case aside. Round 21:
 * each pair was a default or a query changed. Checked on PostgreSQL 15 (pg_attrdef.adbin
 * and pg_get_viewdef() equal); the other pairs store another value or keep their text.
 */
static void test_array_literals_of_numbers(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a int[] DEFAULT '{05}'::int[])", "CREATE TABLE t (a int[] DEFAULT '{5}'::int[])" },
		{ "CREATE TABLE t (a int[] DEFAULT '{05}')", "CREATE TABLE t (a int[] DEFAULT '{5}'::integer[])" },
		{ "CREATE TABLE t (a int[] DEFAULT '{ 05 , \"-0\", NULL,+7}')",
		  "CREATE TABLE t (a int[] DEFAULT '{5,0,null,7}'::int[])" },
		{ "CREATE TABLE t (a int[] DEFAULT '{{1,2},{3,04}}')", "CREATE TABLE t (a int[] DEFAULT '{{1,2},{3,4}}'::int[])" },
		{ "CREATE TABLE t (a int[] DEFAULT '{ }')", "CREATE TABLE t (a int[] DEFAULT '{}'::int[])" },
		{ "CREATE TABLE t (a bigint[] DEFAULT '{05}'::bigint[])", "CREATE TABLE t (a bigint[] DEFAULT '{5}')" },
		{ "CREATE TABLE t (a smallint[] DEFAULT '{05}'::int2[])", "CREATE TABLE t (a smallint[] DEFAULT '{5}'::smallint[])" },
		{ "CREATE TABLE t (a numeric[] DEFAULT '{1.50, .5, 1e3}')",
		  "CREATE TABLE t (a numeric[] DEFAULT '{1.50,0.5,1000}'::numeric[])" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE a = '{05}'::int[]", "CREATE VIEW v AS SELECT a FROM t WHERE a = '{5}'::int[]" },
	};
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a numeric[] DEFAULT '{1.50}')", "CREATE TABLE t (a numeric[] DEFAULT '{1.5}')" },
		{ "CREATE TABLE t (a int[] DEFAULT '{5}')", "CREATE TABLE t (a int[] DEFAULT '{5,5}')" },
		{ "CREATE TABLE t (a int[] DEFAULT '{{5}}')", "CREATE TABLE t (a int[] DEFAULT '{5}')" },
		{ "CREATE TABLE t (a int[] DEFAULT '{NULL}')", "CREATE TABLE t (a int[] DEFAULT '{0}')" },
		{ "CREATE TABLE t (a text[] DEFAULT '{05}')", "CREATE TABLE t (a text[] DEFAULT '{5}')" },
		{ "CREATE TABLE t (a text[] DEFAULT '{a}'::text[])", "CREATE TABLE t (a text[] DEFAULT '{A}')" },
		{ "CREATE TABLE t (a int[] DEFAULT '{05}'::bigint[])", "CREATE TABLE t (a int[] DEFAULT '{5}'::int[])" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "defaults_changed");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/*
 * Rename detection: a blob dropped and one added whose definitions differ only in how a
 * number or an array of numbers is spelt are the same object renamed (the hash applies
 * the literal forms the comparison applies; round 21 it did not, and such a rename was a
 * DROP and a CREATE). Each same pair stores equal pg_attrdef.adbin / pg_constraint.conbin /
 * pg_rewrite / pg_type.typdefaultbin / pg_proc.proargdefaults / pg_aggregate.agginitval on
 * PostgreSQL 15 (checked);
 * each other pair does not.
 */
static void test_rename_hash_literals(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a numeric DEFAULT .5)", "CREATE TABLE u (a numeric DEFAULT 0.5)" },
		{ "CREATE TABLE t (a int DEFAULT 05)", "CREATE TABLE u (a int DEFAULT 5)" },
		{ "CREATE TABLE t (a int DEFAULT '05')", "CREATE TABLE u (a int DEFAULT 5)" },
		{ "CREATE TABLE t (a int DEFAULT '05'::integer)", "CREATE TABLE u (a int DEFAULT 5)" },
		{ "CREATE TABLE t (a numeric DEFAULT 1e3)", "CREATE TABLE u (a numeric DEFAULT 1000.)" },
		{ "CREATE TABLE t (a int[] DEFAULT '{05}'::int[])", "CREATE TABLE u (a int[] DEFAULT '{5}'::int[])" },
		{ "CREATE TABLE t (a int[] DEFAULT '{05}')", "CREATE TABLE u (a int[] DEFAULT '{5}')" },
		{ "CREATE TABLE t (a numeric CHECK (a > .5))", "CREATE TABLE u (a numeric CHECK (a > 0.5))" },
		{ "CREATE TABLE t (a int CHECK (a > '05'))", "CREATE TABLE u (a int CHECK (a > 5))" },
		/* pg_dump's form: the CHECK in an ALTER TABLE after the CREATE, read with the columns */
		{ "CREATE TABLE t (a int); ALTER TABLE ONLY t ADD CONSTRAINT c CHECK (a > '05')",
		  "CREATE TABLE u (a int); ALTER TABLE ONLY u ADD CONSTRAINT c CHECK (a > 5)" },
		{ "CREATE VIEW v AS SELECT .5 AS c, '{05}'::int[] AS d", "CREATE VIEW w AS SELECT 0.5 AS c, '{5}'::int[] AS d" },
		{ "CREATE DOMAIN d AS numeric DEFAULT .5 CHECK (VALUE > .5)",
		  "CREATE DOMAIN e AS numeric DEFAULT 0.5 CHECK (VALUE > 0.5)" },
		{ "CREATE DOMAIN d AS int DEFAULT '05'", "CREATE DOMAIN e AS int DEFAULT 5" },
		{ "CREATE FUNCTION f(a int DEFAULT '05', b numeric DEFAULT .5) RETURNS int LANGUAGE sql AS 'select a'",
		  "CREATE FUNCTION g(a int DEFAULT 5, b numeric DEFAULT 0.5) RETURNS int LANGUAGE sql AS 'select a'" },
		/* pg_aggregate.agginitval is the text "0" / "-1.5" both ways */
		{ "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int, initcond = '0')",
		  "CREATE AGGREGATE b (int) (sfunc = int4pl, stype = int, initcond = 0)" },
		{ "CREATE AGGREGATE a (float8) (sfunc = float8pl, stype = float8, initcond = '-1.5')",
		  "CREATE AGGREGATE b (float8) (sfunc = float8pl, stype = float8, initcond = -1.5)" },
		/* no pg_attrdef row either way */
		{ "CREATE TABLE t (a int DEFAULT NULL, b text DEFAULT NULL::text)", "CREATE TABLE u (a int, b text)" },
	};
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a int DEFAULT 5)", "CREATE TABLE u (a int DEFAULT 6)" },
		{ "CREATE TABLE t (a int[] DEFAULT '{5}')", "CREATE TABLE u (a int[] DEFAULT '{5,5}')" },
		{ "CREATE TABLE t (a numeric DEFAULT 1.50)", "CREATE TABLE u (a numeric DEFAULT 1.5)" },
		{ "CREATE TABLE t (a numeric DEFAULT 1e3)", "CREATE TABLE u (a numeric DEFAULT 1000)" },
		{ "CREATE TABLE t (a bigint DEFAULT '05')", "CREATE TABLE u (a bigint DEFAULT 5)" },
		{ "CREATE TABLE t (a text DEFAULT '05')", "CREATE TABLE u (a text DEFAULT '5')" },
		{ "CREATE TABLE t (a text CHECK (a > '05'))", "CREATE TABLE u (a text CHECK (a > '5'))" },
		{ "CREATE TABLE t (a text); ALTER TABLE ONLY t ADD CONSTRAINT c CHECK (a > '05')",
		  "CREATE TABLE u (a text); ALTER TABLE ONLY u ADD CONSTRAINT c CHECK (a > '5')" },
		{ "CREATE TABLE t (a text[] DEFAULT '{05}')", "CREATE TABLE u (a text[] DEFAULT '{5}')" },
		{ "CREATE TABLE t (a int DEFAULT '05')", "CREATE TABLE u (a bigint DEFAULT 5)" },
		{ "CREATE TABLE t (a int DEFAULT NULL)", "CREATE TABLE u (a int DEFAULT 0)" },
		{ "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int, initcond = '00')",
		  "CREATE AGGREGATE b (int) (sfunc = int4pl, stype = int, initcond = 0)" },
		{ "CREATE FUNCTION f(a text DEFAULT '05') RETURNS text LANGUAGE sql AS 'select a'",
		  "CREATE FUNCTION g(a text DEFAULT '5') RETURNS text LANGUAGE sql AS 'select a'" },
		/* proconfig keeps a SET's text: random_page_cost=.5 */
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET random_page_cost = .5 AS 'select 1'",
		  "CREATE FUNCTION g() RETURNS int LANGUAGE sql SET random_page_cost = 0.5 AS 'select 1'" },
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char *h1 = ddl_semantic_hash(same[i][0], 1), *h2 = ddl_semantic_hash(same[i][1], 1);
		if (!h1 || !h2 || strcmp(h1, h2))
			fprintf(stderr, "hash same: %s | %s\n", same[i][0], same[i][1]);
		CU_ASSERT_TRUE(h1 && h2 && !strcmp(h1, h2));
		free(h1);
		free(h2);
	}
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		char *h1 = ddl_semantic_hash(other[i][0], 1), *h2 = ddl_semantic_hash(other[i][1], 1);
		if (!h1 || !h2 || !strcmp(h1, h2))
			fprintf(stderr, "hash other: %s | %s\n", other[i][0], other[i][1]);
		CU_ASSERT_TRUE(h1 && h2 && strcmp(h1, h2));
		free(h1);
		free(h2);
	}
}

/*
 * INOUT a int against IN a int, OUT a int: one signature to a function's callers (the
 * same input arguments and result; CREATE OR REPLACE turns one into the other), stored
 * otherwise (proargmodes {b} against {i,o}): MINOR, inout_respelled (round 20: MAJOR,
 * signature_changed). A procedure's OUT parameters are arguments of its CALL (CALL p(1)
 * finds no p(IN a int, OUT a int)): still signature_changed. Checked on PostgreSQL 15.
 */
static void test_inout_against_in_and_out(void)
{
	static const char *const respelled[][2] = {
		{ "CREATE FUNCTION f(INOUT a int) LANGUAGE sql AS 'select a'",
		  "CREATE FUNCTION f(IN a int, OUT a int) LANGUAGE sql AS 'select a'" },
		{ "CREATE FUNCTION f(INOUT a int DEFAULT 1) LANGUAGE sql AS 'select a'",
		  "CREATE FUNCTION f(a int DEFAULT 1, OUT a int) LANGUAGE sql AS 'select a'" },
		{ "CREATE FUNCTION f(INOUT a int, INOUT b text) LANGUAGE sql AS 'select a, b'",
		  "CREATE FUNCTION f(a int, OUT a int, b text, OUT b text) LANGUAGE sql AS 'select a, b'" },
		{ "CREATE FUNCTION f(INOUT a int, INOUT b text) LANGUAGE sql AS 'select a, b'",
		  "CREATE FUNCTION f(a int, b text, OUT a int, OUT b text) LANGUAGE sql AS 'select a, b'" },
	};
	for (size_t i = 0; i < sizeof(respelled) / sizeof(respelled[0]); i++) {
		json_t *r = cmp(respelled[i][0], respelled[i][1]);
		json_t *d = json_object_get(r, "detail");
		if (strcmp(severity(r), "MINOR"))
			fprintf(stderr, "respelled: %s | %s\n", respelled[i][0], respelled[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
		CU_ASSERT_TRUE(json_is_true(json_object_get(d, "inout_respelled")));
		CU_ASSERT_TRUE(json_is_false(json_object_get(d, "signature_changed")));
		json_decref(r);
	}
	static const char *const other[][2] = {
		{ "CREATE PROCEDURE p(INOUT a int) LANGUAGE sql AS 'select a'",
		  "CREATE PROCEDURE p(IN a int, OUT a int) LANGUAGE sql AS 'select a'" },
		/* the result's columns in another order */
		{ "CREATE FUNCTION f(INOUT a int, INOUT b text) LANGUAGE sql AS 'select a, b'",
		  "CREATE FUNCTION f(a int, b text, OUT b text, OUT a int) LANGUAGE sql AS 'select a, b'" },
		{ "CREATE FUNCTION f(INOUT a int) LANGUAGE sql AS 'select a'",
		  "CREATE FUNCTION f(IN a int) RETURNS int LANGUAGE sql AS 'select a'" },
	};
	assert_pairs_major(other, sizeof(other) / sizeof(other[0]), "signature_changed");
	json_t *r = cmp(respelled[0][0], "CREATE FUNCTION f(IN a int, OUT b int) LANGUAGE sql AS 'select a'");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "parameter_names_changed")));
	json_decref(r);
}

/*
 * A table's LIKE clauses: the columns (and defaults, constraints... as its options say)
 * of the table named, which the blob does not show. Round 20: they were not compared,
 * LIKE x against LIKE y was PATCH (pg_dump of the two tables differs). Checked on
 * PostgreSQL 15: the pairs kept apart make other tables, the others the same.
 */
static void test_like_clauses_compared(void)
{
	static const char *const other[][2] = {
		{ "CREATE TABLE t (LIKE x)", "CREATE TABLE t (LIKE y)" },
		{ "CREATE TABLE t (LIKE pg_class)", "CREATE TABLE t (LIKE public.pg_class)" },
		{ "CREATE TABLE t (LIKE x)", "CREATE TABLE t (LIKE other.x)" },
		{ "CREATE TABLE t (LIKE x)", "CREATE TABLE t (LIKE x INCLUDING DEFAULTS)" },
		{ "CREATE TABLE t (LIKE x, b int)", "CREATE TABLE t (b int, LIKE x)" },
		{ "CREATE TABLE t (LIKE x)", "CREATE TABLE t (LIKE x, LIKE y)" },
	};
	static const char *const same[][2] = {
		{ "CREATE TABLE t (LIKE x)", "CREATE TABLE t (LIKE public.x)" },
		{ "CREATE TABLE t (LIKE pg_catalog.pg_class)", "CREATE TABLE t (LIKE pg_class)" },
		{ "CREATE TABLE t (LIKE x INCLUDING ALL)",
		  "CREATE TABLE t (LIKE x INCLUDING COMMENTS INCLUDING COMPRESSION INCLUDING CONSTRAINTS INCLUDING DEFAULTS "
		  "INCLUDING GENERATED INCLUDING IDENTITY INCLUDING INDEXES INCLUDING STATISTICS INCLUDING STORAGE)" },
	};
	assert_pairs_major(other, sizeof(other) / sizeof(other[0]), "like_changed");
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "like_changed");
}

/* A domain's COLLATE and a sequence's or CREATE TABLE AS's UNLOGGED are compared (round 22: all were PATCH, the
   collation or persistence changed unseen); checked on the server: pg_dump differs */
static void test_domain_collation_sequence_persistence(void)
{
	static const char *const other[][2] = {
		{ "CREATE DOMAIN d AS text COLLATE \"C\"", "CREATE DOMAIN d AS text" },
		{ "CREATE DOMAIN d AS text COLLATE \"C\"", "CREATE DOMAIN d AS text COLLATE \"POSIX\"" },
		{ "CREATE DOMAIN d AS text", "CREATE DOMAIN d AS text COLLATE other.c" },
		{ "CREATE UNLOGGED SEQUENCE s", "CREATE SEQUENCE s" },
		{ "CREATE SEQUENCE s INCREMENT 2", "CREATE UNLOGGED SEQUENCE s INCREMENT 2" },
		{ "CREATE UNLOGGED TABLE t2 AS SELECT a FROM t", "CREATE TABLE t2 AS SELECT a FROM t" },
		{ "CREATE TABLE t2 AS SELECT 1 AS a", "CREATE UNLOGGED TABLE t2 AS SELECT 1 AS a" },
	};
	static const char *const same[][2] = {
		{ "CREATE DOMAIN d AS text COLLATE \"C\"", "CREATE DOMAIN d AS text COLLATE pg_catalog.\"C\"" },
		{ "CREATE DOMAIN d AS varchar(5) COLLATE \"default\"", "CREATE DOMAIN d AS varchar(5)" },
		{ "CREATE UNLOGGED SEQUENCE s", "CREATE UNLOGGED SEQUENCE s INCREMENT 1" },
	};
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "collation_changed");
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "persistence_changed");
}

/* A table's ALTER COLUMN / RENAME COLUMN / ADD / DROP COLUMN / DROP CONSTRAINT after its CREATE
   TABLE leave the table the inline form makes (round 23; each was a column changed beside an
   ALTER removed; checked on the server: pg_dump -s and pg_constraint alike). A CHECK follows a
   rename, its generated name does not (round 24: read in so). */
static void test_table_alters_read_into_create(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a int); ALTER TABLE t RENAME COLUMN a TO b;", "CREATE TABLE t (b int);" },
		{ "CREATE TABLE t (a int); ALTER TABLE t ALTER COLUMN a TYPE bigint;", "CREATE TABLE t (a bigint);" },
		{ "CREATE TABLE t (a int); ALTER TABLE t ALTER COLUMN a SET DEFAULT 1;", "CREATE TABLE t (a int DEFAULT 1);" },
		{ "CREATE TABLE t (a int); ALTER TABLE t ALTER COLUMN a SET NOT NULL;", "CREATE TABLE t (a int NOT NULL);" },
		{ "CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int;", "CREATE TABLE t (a int, b int);" },
		{ "CREATE TABLE t (a int, b int); ALTER TABLE t DROP COLUMN b;", "CREATE TABLE t (a int);" },
		/* without COLLATE the new type's collation */
		{ "CREATE TABLE t (a text COLLATE \"C\"); ALTER TABLE t ALTER a TYPE varchar(5)", "CREATE TABLE t (a varchar(5))" },
		{ "CREATE TABLE t (a int NOT NULL DEFAULT 2); ALTER TABLE t ALTER a DROP NOT NULL, ALTER a DROP DEFAULT",
		  "CREATE TABLE t (a int)" },
		{ "CREATE TABLE t (a int); ALTER TABLE t RENAME a TO b; ALTER TABLE t ALTER b SET DEFAULT 1",
		  "CREATE TABLE t (b int DEFAULT 1)" },
		{ "CREATE TABLE t (a int); ALTER TABLE t RENAME a TO b; ALTER TABLE t ADD CONSTRAINT c CHECK (b > 0)",
		  "CREATE TABLE t (b int, CONSTRAINT c CHECK (b > 0))" },
		{ "CREATE TABLE t (a int, b text); ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0, DROP COLUMN b",
		  "CREATE TABLE t (a int, c int NOT NULL DEFAULT 0)" },
		/* a constraint added and dropped again, or created and dropped: none */
		{ "CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0); ALTER TABLE t DROP CONSTRAINT c",
		  "CREATE TABLE t (a int)" },
		{ "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0)); ALTER TABLE t DROP CONSTRAINT c", "CREATE TABLE t (a int)" },
		/* under the name the blob gave the table; other statements between */
		{ "CREATE TABLE t (a int); ALTER TABLE t RENAME TO u; ALTER TABLE u ALTER a SET NOT NULL",
		  "CREATE TABLE u (a int NOT NULL)" },
		{ "CREATE TABLE t (a int, b int); ALTER TABLE t DROP COLUMN b; COMMENT ON COLUMN t.a IS 'x'",
		  "CREATE TABLE t (a int); COMMENT ON COLUMN t.a IS 'x'" },
		{ "CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY); ALTER TABLE t ALTER a SET NOT NULL",
		  "CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY)" },
		/* the ALTER names the schema the unqualified CREATE put the table in */
		{ "CREATE TABLE t (a int); ALTER TABLE public.t ALTER a SET NOT NULL", "CREATE TABLE t (a int NOT NULL)" },
		{ "CREATE TABLE public.t (a int); ALTER TABLE t ALTER a SET NOT NULL", "CREATE TABLE t (a int NOT NULL)" },
	};
	static const char *const other[][2] = {
		/* the CHECK keeps its name t_a_check (pg_dump: CONSTRAINT t_a_check CHECK ((b > 0))) */
		{ "CREATE TABLE t (a int, CHECK (a > 0)); ALTER TABLE t RENAME COLUMN a TO b", "CREATE TABLE t (b int, CHECK (b > 0))" },
		{ "CREATE TABLE t (a int); ALTER TABLE t ALTER a TYPE bigint", "CREATE TABLE t (a int)" },
		{ "CREATE TABLE t (a int); ALTER TABLE t ALTER a SET NOT NULL; ALTER TABLE t ALTER a DROP NOT NULL",
		  "CREATE TABLE t (a int NOT NULL)" },
		/* past a SET search_path, t may be another table: not read in */
		{ "CREATE TABLE t (a int); SET search_path = other; ALTER TABLE t ALTER a SET NOT NULL",
		  "CREATE TABLE t (a int NOT NULL); SET search_path = other" },
		/* after the rename, t is another table: its ALTER is not u's */
		{ "CREATE TABLE t (a int); ALTER TABLE t RENAME TO u; CREATE TABLE t (a int); ALTER TABLE t ALTER a SET NOT NULL",
		  "CREATE TABLE u (a int NOT NULL); CREATE TABLE t (a int)" },
		/* retyped, against the table before it */
		{ "CREATE TABLE t (a int DEFAULT 1); ALTER TABLE t ALTER a TYPE bigint", "CREATE TABLE t (a int DEFAULT 1)" },
		/* a table of another schema */
		{ "CREATE TABLE t (a int); ALTER TABLE other.t ALTER a SET NOT NULL", "CREATE TABLE t (a int NOT NULL)" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_removed");
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_added");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));

	/* the net effect of ADD CONSTRAINT c; DROP CONSTRAINT c is no constraint (it was an ALTER
	   removed or added, MINOR, either way) */
	static const char *const added[][2] = {
		{ "CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0); ALTER TABLE t DROP CONSTRAINT c",
		  "CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)" },
	};
	assert_pairs_major(added, 1, "constraints_added");
	json_t *r = cmp("CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
			"CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0); ALTER TABLE t DROP CONSTRAINT c");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "constraints_dropped"));
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_added"));
	json_decref(r);
	/* ALTER TYPE and NOT NULL read in are rated as written inline */
	r = cmp("CREATE TABLE t (a int); ALTER TABLE t ALTER a TYPE bigint", "CREATE TABLE t (a int)");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "columns_retyped"));
	json_decref(r);
	r = cmp("CREATE TABLE t (a int); ALTER TABLE t ALTER a SET NOT NULL; ALTER TABLE t ALTER a DROP NOT NULL",
		"CREATE TABLE t (a int NOT NULL)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "depends_on_existing_data"));
	json_decref(r);
}

/*
 * Round 24: more of a table's ALTERs read into its CREATE, each pair checked on PostgreSQL 15
 * (pg_dump -s, pg_attrdef.adbin, pg_constraint). A retype keeps a default whose type does not
 * follow the column's (a number: the server coerces the stored expression anew, as the inline
 * form coerces it); a renamed column's CHECK follows it under the name generated at the CREATE;
 * DROP CONSTRAINT of a generated name finds the constraint of that name. Kept as changes: a
 * string default (int4 '5' cast to bigint against the bigint Const '5'), a collatable new type
 * (the re-coerced default has no collation), the name the CREATE gave against the name the
 * inline form gives.
 */
static void test_table_alters_read_into_create_round24(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (c int DEFAULT 0); ALTER TABLE t ALTER COLUMN c TYPE bigint", "CREATE TABLE t (c bigint DEFAULT 0)" },
		{ "CREATE TABLE t (c numeric(5,2) DEFAULT 1.5); ALTER TABLE t ALTER c TYPE numeric(7,3)",
		  "CREATE TABLE t (c numeric(7,3) DEFAULT 1.5)" },
		{ "CREATE TABLE t (e int DEFAULT 1.5); ALTER TABLE t ALTER e TYPE numeric", "CREATE TABLE t (e numeric DEFAULT 1.5)" },
		{ "CREATE TABLE t (a int, CHECK (a > 0)); ALTER TABLE t RENAME COLUMN a TO b",
		  "CREATE TABLE t (b int, CONSTRAINT t_a_check CHECK (b > 0))" },
		{ "CREATE TABLE t (a int CHECK (a > 0), c int, CHECK (a < c), CHECK (a < 100)); ALTER TABLE t RENAME COLUMN a TO b",
		  "CREATE TABLE t (b int, c int, CONSTRAINT t_a_check CHECK (b > 0), CONSTRAINT t_check CHECK (b < c), "
		  "CONSTRAINT t_a_check1 CHECK (b < 100))" },
		{ "CREATE TABLE t (a int, b int, CHECK (a > 0), CHECK (b > 0), UNIQUE (a)); ALTER TABLE t DROP CONSTRAINT t_a_check",
		  "CREATE TABLE t (a int, b int, CHECK (b > 0), UNIQUE (a))" },
		/* a CHECK added after the DROP takes the name it freed */
		{ "CREATE TABLE t (a int, CHECK (a > 0)); ALTER TABLE t DROP CONSTRAINT t_a_check; ALTER TABLE t ADD CHECK (a < 5)",
		  "CREATE TABLE t (a int, CHECK (a < 5))" },
		{ "CREATE TABLE t (a int REFERENCES r, b int, FOREIGN KEY (b) REFERENCES r); ALTER TABLE t DROP CONSTRAINT t_a_fkey",
		  "CREATE TABLE t (a int, b int, FOREIGN KEY (b) REFERENCES r)" },
		{ "CREATE TABLE t (a int, CHECK (a > 0)); ALTER TABLE t RENAME COLUMN a TO b; ALTER TABLE t ADD CHECK (b < 5)",
		  "CREATE TABLE t (b int, CONSTRAINT t_a_check CHECK (b > 0), CHECK (b < 5))" },
	};
	static const char *const other[][2] = {
		/* added before the DROP, the CHECK is t_a_check1 */
		{ "CREATE TABLE t (a int, CHECK (a > 0)); ALTER TABLE t ADD CHECK (a < 5); ALTER TABLE t DROP CONSTRAINT t_a_check",
		  "CREATE TABLE t (a int, CHECK (a < 5))" },
		{ "CREATE TABLE t (c int DEFAULT '5'); ALTER TABLE t ALTER c TYPE bigint", "CREATE TABLE t (c bigint DEFAULT '5')" },
		{ "CREATE TABLE t (c text DEFAULT 'x'::text); ALTER TABLE t ALTER c TYPE varchar(5)",
		  "CREATE TABLE t (c varchar(5) DEFAULT 'x'::text)" },
		/* the CHECK kept its name t_a_check; written inline on b it is t_b_check */
		{ "CREATE TABLE t (a int, CHECK (a > 0)); ALTER TABLE t RENAME COLUMN a TO b", "CREATE TABLE t (b int, CHECK (b > 0))" },
		/* the CHECK left is t_a_check1, the inline one t_a_check */
		{ "CREATE TABLE t (a int, CHECK (a > 0), CHECK (a < 9)); ALTER TABLE t DROP CONSTRAINT t_a_check",
		  "CREATE TABLE t (a int, CHECK (a < 9))" },
		/* the table LIKE copies may hold a t_a_check (checked: s's CONSTRAINT t_a_check is
		   dropped, the blob's CHECK is t_a_check1) */
		{ "CREATE TABLE t (LIKE s INCLUDING CONSTRAINTS, CHECK (a > 0)); ALTER TABLE t DROP CONSTRAINT t_a_check",
		  "CREATE TABLE t (LIKE s INCLUDING CONSTRAINTS)" },
		/* a CHECK the blob does not have */
		{ "CREATE TABLE t (a int, CHECK (a > 0)); ALTER TABLE t DROP CONSTRAINT t_b_check", "CREATE TABLE t (a int)" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_removed");
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_added");
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][1], same[i][0]);
		if (strcmp(severity(r), "PATCH"))
			fprintf(stderr, "same: %s | %s\n", same[i][1], same[i][0]);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		json_decref(r);
	}
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
	json_t *r = cmp("CREATE TABLE t (a int, CHECK (a > 0), CHECK (a < 9)); ALTER TABLE t DROP CONSTRAINT t_a_check",
			"CREATE TABLE t (a int, CHECK (a < 9))");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "constraints_renamed"));
	json_decref(r);
}

/*
 * ALTER TABLE t RENAME CONSTRAINT read into the CREATE (round 25; each same pair was MINOR,
 * constraints_renamed beside an ALTER TABLE removed; checked on PostgreSQL 15: pg_dump -s and
 * pg_constraint alike). Not where an unnamed constraint's generated name was chosen around
 * the old name (the server's t_a_key1 / t_a_check1 against the inline form's t_a_key /
 * t_a_check), nor a rename the other blob does not make.
 */
static void assert_pairs_stored_alike(const char *const (*pairs)[2], size_t n, const char *key);

static void test_rename_constraint_read_into_create(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0)); ALTER TABLE t RENAME CONSTRAINT c TO d",
		  "CREATE TABLE t (a int, CONSTRAINT d CHECK (a > 0))" },
		{ "CREATE TABLE t (a int CONSTRAINT k PRIMARY KEY); ALTER TABLE t RENAME CONSTRAINT k TO t_pkey",
		  "CREATE TABLE t (a int PRIMARY KEY)" },
		{ "CREATE TABLE t (a int CONSTRAINT f REFERENCES r); ALTER TABLE t RENAME CONSTRAINT f TO g",
		  "CREATE TABLE t (a int CONSTRAINT g REFERENCES r)" },
		{ "CREATE TABLE t (a int CHECK (a > 0)); ALTER TABLE t RENAME CONSTRAINT t_a_check TO pos",
		  "CREATE TABLE t (a int CONSTRAINT pos CHECK (a > 0))" },
		{ "CREATE TABLE t (a int, CONSTRAINT u UNIQUE (a)); ALTER TABLE ONLY t RENAME CONSTRAINT u TO v",
		  "CREATE TABLE t (a int, CONSTRAINT v UNIQUE (a))" },
		{ "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0)); ALTER TABLE t RENAME CONSTRAINT c TO d; "
		  "ALTER TABLE t ADD CHECK (a < 5)",
		  "CREATE TABLE t (a int, CONSTRAINT d CHECK (a > 0), CHECK (a < 5))" },
		{ "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0)); ALTER TABLE t RENAME CONSTRAINT c TO d; "
		  "COMMENT ON CONSTRAINT d ON t IS 'x'",
		  "CREATE TABLE t (a int, CONSTRAINT d CHECK (a > 0)); COMMENT ON CONSTRAINT d ON t IS 'x'" },
		/* the name freed is taken by the CHECK added after the rename */
		{ "CREATE TABLE t (a int CHECK (a > 0)); ALTER TABLE t RENAME CONSTRAINT t_a_check TO t_a_check1; "
		  "ALTER TABLE t ADD CHECK (a < 5)",
		  "CREATE TABLE t (a int, CONSTRAINT t_a_check1 CHECK (a > 0), CONSTRAINT t_a_check CHECK (a < 5))" },
		{ "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0)); ALTER TABLE t RENAME COLUMN a TO b; "
		  "ALTER TABLE t RENAME CONSTRAINT c TO d",
		  "CREATE TABLE t (b int, CONSTRAINT d CHECK (b > 0))" },
	};
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0)); ALTER TABLE t RENAME CONSTRAINT c TO d",
		  "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0))" },
		/* the unnamed UNIQUE (a) is t_a_key1 on the server, t_a_key inline */
		{ "CREATE TABLE t (a int, b int, CONSTRAINT t_a_key UNIQUE (b), UNIQUE (a)); "
		  "ALTER TABLE t RENAME CONSTRAINT t_a_key TO x",
		  "CREATE TABLE t (a int, b int, CONSTRAINT x UNIQUE (b), UNIQUE (a))" },
		{ "CREATE TABLE t (a int, CONSTRAINT t_a_check CHECK (a > 0), CHECK (a < 5)); "
		  "ALTER TABLE t RENAME CONSTRAINT t_a_check TO x",
		  "CREATE TABLE t (a int, CONSTRAINT x CHECK (a > 0), CHECK (a < 5))" },
		/* renamed, then dropped under its new name: no constraint left */
		{ "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0)); ALTER TABLE t RENAME CONSTRAINT c TO d; "
		  "ALTER TABLE t DROP CONSTRAINT d",
		  "CREATE TABLE t (a int, CONSTRAINT d CHECK (a > 0))" },
	};
	assert_pairs_stored_alike(same, sizeof(same) / sizeof(same[0]), "statements_removed");
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "constraints_renamed");
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][1], same[i][0]);
		if (strcmp(severity(r), "PATCH"))
			fprintf(stderr, "same: %s | %s\n", same[i][1], same[i][0]);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		json_decref(r);
	}
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/*
 * pg_dump's ADD CONSTRAINT read into the table only where the ALTER names the table the CREATE
 * made: not before it, not under its old name once the blob renamed it (a new table t then),
 * not unqualified past a SET search_path (round 24: each was PATCH, checked on PostgreSQL 15:
 * pg_dump -s of the two differs).
 */
static void test_later_constraints_name_the_table(void)
{
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a int); ALTER TABLE t RENAME TO u; CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
		  "CREATE TABLE u (a int, CONSTRAINT c CHECK (a > 0)); CREATE TABLE t (a int)" },
		{ "CREATE TABLE t (a int); SET search_path = other; ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
		  "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0)); SET search_path = other" },
		{ "CREATE TABLE t (a int); SET search_path = other; ALTER TABLE ONLY t ADD CONSTRAINT c CHECK (a > 0)",
		  "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0)); SET search_path = other" },
	};
	static const char *const same[][2] = {
		/* under the name the blob gave it */
		{ "CREATE TABLE t (a int); ALTER TABLE t RENAME TO u; ALTER TABLE u ADD CONSTRAINT c CHECK (a > 0)",
		  "CREATE TABLE u (a int, CONSTRAINT c CHECK (a > 0))" },
	};
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "constraints_added");
	/* qualified, past a SET search_path: still the table's constraint (changed, not added) */
	json_t *r = cmp("CREATE TABLE public.t (a int); SET search_path = other; ALTER TABLE public.t ADD CONSTRAINT c CHECK (a > 0)",
			"CREATE TABLE public.t (a int, CONSTRAINT c CHECK (a > 1)); SET search_path = other");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "constraints_changed"));
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_added"));
	json_decref(r);
}

/* ALTER DOMAIN ... DROP NOT NULL and DROP CONSTRAINT after the CREATE DOMAIN (round 23): the
   domain they leave, rated as the same difference written inline (SET NOT NULL; DROP NOT NULL
   against an inline NOT NULL was MINOR, an ALTER DOMAIN removed) */
static void test_domain_drops_read_into_create(void)
{
	const char *folded = "CREATE DOMAIN d AS int; ALTER DOMAIN d SET NOT NULL; ALTER DOMAIN d DROP NOT NULL;";
	json_t *r1 = cmp(folded, "CREATE DOMAIN d AS int NOT NULL;");
	json_t *r2 = cmp("CREATE DOMAIN d AS int", "CREATE DOMAIN d AS int NOT NULL;");
	CU_ASSERT_STRING_EQUAL(severity(r1), "MAJOR");
	CU_ASSERT_STRING_EQUAL(severity(r1), severity(r2));
	CU_ASSERT_TRUE(json_equal(json_object_get(r1, "hazards"), json_object_get(r2, "hazards")));
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r1, "detail"), "not_null")));
	json_decref(r1);
	json_decref(r2);
	r1 = cmp("CREATE DOMAIN d AS int NOT NULL;", folded);
	r2 = cmp("CREATE DOMAIN d AS int NOT NULL;", "CREATE DOMAIN d AS int");
	CU_ASSERT_STRING_EQUAL(severity(r1), "MINOR");
	CU_ASSERT_STRING_EQUAL(severity(r1), severity(r2));
	CU_ASSERT_TRUE(json_equal(json_object_get(r1, "hazards"), json_object_get(r2, "hazards")));
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r1, "detail"), "not_null"));
	json_decref(r1);
	json_decref(r2);
	static const char *const same[][2] = {
		{ "CREATE DOMAIN d AS int; ALTER DOMAIN d SET NOT NULL; ALTER DOMAIN d DROP NOT NULL", "CREATE DOMAIN d AS int" },
		{ "CREATE DOMAIN d AS int CONSTRAINT p CHECK (VALUE > 0); ALTER DOMAIN d DROP CONSTRAINT p",
		  "CREATE DOMAIN d AS int" },
		{ "CREATE DOMAIN d AS int NOT NULL; ALTER DOMAIN d DROP NOT NULL", "CREATE DOMAIN d AS int" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_removed");
}

/* A constraint under another name with the same definition is renamed (round 23), MINOR: two
   unnamed CHECKs in the other order swap their generated names (checked: pg_constraint
   t_a_check (a > 0), t_a_check1 (a < 10) against the reverse), no row can fail them (they
   were MAJOR, constraints_changed twice). */
static void test_constraints_renamed(void)
{
	json_t *r = cmp("CREATE TABLE t (a int, CHECK (a > 0), CHECK (a < 10))",
			"CREATE TABLE t (a int, CHECK (a < 10), CHECK (a > 0))");
	json_t *d = json_object_get(r, "detail");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "hazards")), 0);
	CU_ASSERT_EQUAL(json_array_size(json_object_get(d, "constraints_renamed")), 2);
	CU_ASSERT_PTR_NULL(json_object_get(d, "constraints_changed"));
	json_decref(r);
	r = cmp("CREATE TABLE t (a int, CONSTRAINT x CHECK (a > 0))", "CREATE TABLE t (a int, CONSTRAINT y CHECK (a > 0))");
	d = json_array_get(json_object_get(json_object_get(r, "detail"), "constraints_renamed"), 0);
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(d, "old")) ?: "", "x");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(d, "new")) ?: "", "y");
	json_decref(r);
	/* another definition under another name stays a constraint dropped and one added */
	r = cmp("CREATE TABLE t (a int, CONSTRAINT x CHECK (a > 0))", "CREATE TABLE t (a int, CONSTRAINT y CHECK (a > 1))");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "constraints_added"));
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_renamed"));
	json_decref(r);
	/* one CHECK changed, one kept: no rename */
	r = cmp("CREATE TABLE t (a int, CHECK (a > 0), CHECK (a < 10))", "CREATE TABLE t (a int, CHECK (a > 0), CHECK (a < 20))");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "constraints_renamed"));
	json_decref(r);
}

/* A table replaced by an object of another kind at its path (round 23): its rows are dropped
   with it, deletes_data as its drop has (it was breaks_compatibility alone) */
static void test_table_replaced_by_view(void)
{
	json_t *r = cmp("CREATE TABLE t (a int)", "CREATE VIEW t AS SELECT 1 AS a");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "deletes_data"));
	CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "object_type_changed"));
	json_decref(r);
	r = cmp("CREATE VIEW t AS SELECT 1 AS a", "CREATE TABLE t (a int)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_FALSE(has_hazard(r, "deletes_data"));
	json_decref(r);
}

/* The blob's other statements in another order: the same statements, but where two of them act
   on the same thing the last one wins (round 22: matched as a set, PATCH with definition_changed
   false; checked on the server: pg_dump differs). Statements on other things commute. */
static void test_other_statements_reordered(void)
{
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a int); COMMENT ON COLUMN t.a IS 'x'; COMMENT ON COLUMN t.a IS 'y'",
		  "CREATE TABLE t (a int); COMMENT ON COLUMN t.a IS 'y'; COMMENT ON COLUMN t.a IS 'x'" },
		{ "CREATE TABLE t (a int); ALTER TABLE t ALTER a SET DEFAULT 1; ALTER TABLE t ALTER a SET DEFAULT 2",
		  "CREATE TABLE t (a int); ALTER TABLE t ALTER a SET DEFAULT 2; ALTER TABLE t ALTER a SET DEFAULT 1" },
		{ "CREATE TABLE t (a int); ALTER TABLE t OWNER TO r; ALTER TABLE t OWNER TO r2",
		  "CREATE TABLE t (a int); ALTER TABLE t OWNER TO r2; ALTER TABLE t OWNER TO r" },
		{ "CREATE TABLE t (a int); ALTER TABLE t ALTER a SET NOT NULL; ALTER TABLE t ALTER a DROP NOT NULL",
		  "CREATE TABLE t (a int); ALTER TABLE t ALTER a DROP NOT NULL; ALTER TABLE t ALTER a SET NOT NULL" },
		{ "CREATE TABLE t (a int); ALTER TABLE t SET (fillfactor=50); ALTER TABLE t SET (fillfactor=60)",
		  "CREATE TABLE t (a int); ALTER TABLE t SET (fillfactor=60); ALTER TABLE t SET (fillfactor=50)" },
		{ "CREATE DOMAIN d AS int; ALTER DOMAIN d SET DEFAULT 1; ALTER DOMAIN d SET DEFAULT 2",
		  "CREATE DOMAIN d AS int; ALTER DOMAIN d SET DEFAULT 2; ALTER DOMAIN d SET DEFAULT 1" },
		{ "CREATE SEQUENCE s; ALTER SEQUENCE s INCREMENT 5; ALTER SEQUENCE s INCREMENT 7",
		  "CREATE SEQUENCE s; ALTER SEQUENCE s INCREMENT 7; ALTER SEQUENCE s INCREMENT 5" },
		/* one of them read into the table (a later ADD CONSTRAINT): none is left, or the constraint */
		{ "CREATE TABLE t (a int); ALTER TABLE t DROP CONSTRAINT IF EXISTS c; ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
		  "CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0); ALTER TABLE t DROP CONSTRAINT IF EXISTS c" },
	};
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a int, b int); COMMENT ON COLUMN t.a IS 'x'; COMMENT ON COLUMN t.b IS 'y'",
		  "CREATE TABLE t (a int, b int); COMMENT ON COLUMN t.b IS 'y'; COMMENT ON COLUMN t.a IS 'x'" },
		{ "CREATE TABLE t (a int); ALTER TABLE t OWNER TO r; COMMENT ON TABLE t IS 'x'",
		  "CREATE TABLE t (a int); COMMENT ON TABLE t IS 'x'; ALTER TABLE t OWNER TO r" },
		{ "CREATE TABLE t (a int, b int); ALTER TABLE t ALTER a SET DEFAULT 1; ALTER TABLE t ALTER b SET DEFAULT 2",
		  "CREATE TABLE t (a int, b int); ALTER TABLE t ALTER b SET DEFAULT 2; ALTER TABLE t ALTER a SET DEFAULT 1" },
		{ "CREATE TABLE t (a int); ALTER TABLE t OWNER TO r; ALTER TABLE t ALTER a SET STATISTICS 10",
		  "CREATE TABLE t (a int); ALTER TABLE t ALTER a SET STATISTICS 10; ALTER TABLE t OWNER TO r" },
		{ "CREATE TABLE t (a int); GRANT SELECT ON t TO r; GRANT INSERT ON t TO r2",
		  "CREATE TABLE t (a int); GRANT INSERT ON t TO r2; GRANT SELECT ON t TO r" },
		{ "CREATE SEQUENCE s; ALTER SEQUENCE s INCREMENT 5; ALTER SEQUENCE s OWNER TO r",
		  "CREATE SEQUENCE s; ALTER SEQUENCE s OWNER TO r; ALTER SEQUENCE s INCREMENT 5" },
		{ "CREATE TABLE t (a int); ALTER TABLE t DROP CONSTRAINT IF EXISTS d; ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
		  "CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0); ALTER TABLE t DROP CONSTRAINT IF EXISTS d" },
		{ "CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0); ALTER TABLE t OWNER TO r",
		  "CREATE TABLE t (a int); ALTER TABLE t OWNER TO r; ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)" },
	};
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_reordered");
	/* ADD COLUMNs in another order: the columns are (MAJOR, as columns_reordered) */
	json_t *r = cmp("CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int; ALTER TABLE t ADD COLUMN c int",
			"CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN c int; ALTER TABLE t ADD COLUMN b int");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "statements_reordered"));
	json_decref(r);
}

/* NOT VALID on a constraint of CREATE TABLE itself: PostgreSQL marks it valid all the same
   (transformCheckConstraints(), transformFKConstraints(): the new table is empty; checked,
   pg_constraint.convalidated is true), so it is no change (round 22: MAJOR,
   constraints_validated); on a foreign table, or added by a later ALTER TABLE, it stays. */
static void test_not_valid_in_create_table(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a int, CHECK (a > 0) NOT VALID)", "CREATE TABLE t (a int, CHECK (a > 0))" },
		{ "CREATE TABLE t (a int, CONSTRAINT f FOREIGN KEY (a) REFERENCES p NOT VALID)",
		  "CREATE TABLE t (a int, CONSTRAINT f FOREIGN KEY (a) REFERENCES p)" },
	};
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a int); ALTER TABLE t ADD CHECK (a > 0) NOT VALID",
		  "CREATE TABLE t (a int); ALTER TABLE t ADD CHECK (a > 0)" },
		{ "CREATE FOREIGN TABLE t (a int, CHECK (a > 0) NOT VALID) SERVER s",
		  "CREATE FOREIGN TABLE t (a int, CHECK (a > 0)) SERVER s" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "constraints_validated");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/* LIKE, ILIKE, SIMILAR TO are the operators ~~, ~~*, ~ (with pg_catalog.similar_to_escape())
   wherever they stand: transformAExprOp() takes them as written so (round 22: only a CHECK's
   were; a view's, policy's, trigger's were MINOR; checked on the server: pg_dump equal) */
static void test_like_is_its_operator(void)
{
	static const char *const same[][2] = {
		{ "CREATE VIEW v AS SELECT a FROM t WHERE b LIKE 'x%'", "CREATE VIEW v AS SELECT a FROM t WHERE b ~~ 'x%'" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE b NOT ILIKE 'x%'", "CREATE VIEW v AS SELECT a FROM t WHERE b !~~* 'x%'" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE b LIKE 'x%' ESCAPE '!'",
		  "CREATE VIEW v AS SELECT a FROM t WHERE b ~~ pg_catalog.like_escape('x%', '!')" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE b SIMILAR TO 'x%'",
		  "CREATE VIEW v AS SELECT a FROM t WHERE b ~ pg_catalog.similar_to_escape('x%')" },
		{ "CREATE POLICY p ON t USING (b LIKE 'x%')", "CREATE POLICY p ON t USING (b ~~ 'x%')" },
		{ "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.b ILIKE 'x') EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.b ~~* 'x') EXECUTE FUNCTION tf()" },
	};
	static const char *const other[][2] = {
		{ "CREATE VIEW v AS SELECT a FROM t WHERE b LIKE 'x%'", "CREATE VIEW v AS SELECT a FROM t WHERE b ILIKE 'x%'" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE b LIKE 'x%'", "CREATE VIEW v AS SELECT a FROM t WHERE b !~~ 'x%'" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE b SIMILAR TO 'x%'", "CREATE VIEW v AS SELECT a FROM t WHERE b ~ 'x%'" },
		{ "CREATE POLICY p ON t USING (b LIKE 'x%')", "CREATE POLICY p ON t USING (b ~~* 'x%')" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "query_changed");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/* Pairs rated PATCH without detail key whose semantic hashes (the rename hash) are equal too:
   the server stores one object (round 23) */
static void assert_pairs_stored_alike(const char *const (*pairs)[2], size_t n, const char *key)
{
	assert_pairs_same(pairs, n, key);
	for (size_t i = 0; i < n; i++) {
		char *h1 = ddl_semantic_hash(pairs[i][0], 1), *h2 = ddl_semantic_hash(pairs[i][1], 1);
		if (!h1 || !h2 || strcmp(h1, h2))
			fprintf(stderr, "hash same: %s | %s\n", pairs[i][0], pairs[i][1]);
		CU_ASSERT_TRUE(h1 && h2 && !strcmp(h1, h2));
		free(h1);
		free(h2);
	}
}

/*
 * The lexical sweep of round 25: spellings the scanner reads as one token value (quoted and
 * unquoted names, U& and E strings and their escapes, dollar quotes of any tag, nested and
 * trailing comments, strings continued over a newline, number forms, names cut at 63 bytes
 * on a character boundary, only ASCII folded, type aliases) and near misses the server
 * stores apart. Every pair was run on PostgreSQL 15 (pg_dump -s, and pg_attribute /
 * pg_attrdef / pg_constraint / pg_rewrite rows with locations left out): alike for the
 * first list, apart for the second.
 */
static void test_lexical_spellings(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE foo (a int)", "CREATE TABLE \"foo\" (a int)" },
		{ "CREATE TABLE U&\"\\0066oo\" (a int)", "CREATE TABLE foo (a int)" },
		{ "CREATE TABLE U&\"\\0046oo\" (a int)", "CREATE TABLE \"Foo\" (a int)" },
		{ "CREATE TABLE U&\"d!0061t\" UESCAPE '!' (a int)", "CREATE TABLE dat (a int)" },
		{ "CREATE TABLE \"a\"\"b\" (a int)", "CREATE TABLE U&\"a\\0022b\" (a int)" },
		{ "CREATE TABLE t (a text DEFAULT 'it''s')", "CREATE TABLE t (a text DEFAULT E'it\\'s')" },
		{ "CREATE TABLE t (a text DEFAULT U&'\\0041')", "CREATE TABLE t (a text DEFAULT 'A')" },
		{ "CREATE TABLE t (a text DEFAULT E'\\x41')", "CREATE TABLE t (a text DEFAULT 'A')" },
		{ "CREATE TABLE t (a text DEFAULT E'\\101')", "CREATE TABLE t (a text DEFAULT 'A')" },
		{ "CREATE TABLE t (a text DEFAULT E'\\u0061')", "CREATE TABLE t (a text DEFAULT 'a')" },
		{ "CREATE TABLE t (a text DEFAULT U&'!0061' UESCAPE '!')", "CREATE TABLE t (a text DEFAULT 'a')" },
		{ "CREATE TABLE t (a text DEFAULT E'a\\\\nb')", "CREATE TABLE t (a text DEFAULT 'a\\nb')" },
		{ "CREATE TABLE t (a text DEFAULT $$a'b$$)", "CREATE TABLE t (a text DEFAULT 'a''b')" },
		{ "CREATE TABLE t (a text DEFAULT $x$a$$b$x$)", "CREATE TABLE t (a text DEFAULT 'a$$b')" },
		{ "CREATE TABLE t (a text DEFAULT $A$x$A$)", "CREATE TABLE t (a text DEFAULT $a$x$a$)" },
		{ "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $b$BEGIN RETURN 'x'; END$b$",
		  "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS E'BEGIN RETURN \\'x\\'; END'" },
		{ "CREATE TABLE t (a int /* x /* y */ z */, b int)", "CREATE TABLE t (a int, b int)" },
		{ "CREATE TABLE t (a int /* /* */ , b int */)", "CREATE TABLE t (a int)" },
		{ "CREATE TABLE t (a int); COMMENT ON TABLE t IS 'x' -- trailing", "CREATE TABLE t (a int); COMMENT ON TABLE t IS 'x';" },
		{ "CREATE TABLE t (a text DEFAULT 'a'\n'b')", "CREATE TABLE t (a text DEFAULT 'ab')" },
		{ "CREATE TABLE t (a text); COMMENT ON TABLE t IS 'a'\n  'b'", "CREATE TABLE t (a text); COMMENT ON TABLE t IS 'ab'" },
		{ "CREATE TABLE t (a numeric DEFAULT 1e3)", "CREATE TABLE t (a numeric DEFAULT 1000.)" },
		{ "CREATE TABLE t (a numeric DEFAULT 1E+3)", "CREATE TABLE t (a numeric DEFAULT 10e2)" },
		{ "CREATE TABLE t (a numeric DEFAULT 1e-2)", "CREATE TABLE t (a numeric DEFAULT 0.01)" },
		{ "CREATE TABLE t (a int DEFAULT 00012)", "CREATE TABLE t (a int DEFAULT 12)" },
		{ "CREATE TABLE t (a int DEFAULT - 1)", "CREATE TABLE t (a int DEFAULT -(1))" },
		{ "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (a int)", "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (a int)" },
		{ "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab (a int)", "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac (a int)" },
		{ "CREATE TABLE t (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaax int)", "CREATE TABLE t (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay int)" },
		/* é does not fit in the 63 bytes: cut before it */
		{ "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé (a int)", "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (a int)" },
		{ "CREATE TABLE ÉTÉ (a int)", "CREATE TABLE \"ÉtÉ\" (a int)" },
		{ "CREATE TABLE t (int int)", "CREATE TABLE t (\"int\" int)" },
		{ "CREATE TABLE t (a int CHECK (a != 0))", "CREATE TABLE t (a int CHECK (a <> 0))" },
		{ "CREATE TABLE t (a int CHECK (a<>-1))", "CREATE TABLE t (a int CHECK (a <> -1))" },
		{ "CREATE TABLE t (a int CHECK (a > --1\n 0))", "CREATE TABLE t (a int CHECK (a > 0))" },
		{ "CREATE TABLE t (a int, b \"int4\", c float(24), d float(25), e decimal(10), f char, g bit, "
		  "h \"varchar\"(5), i nchar(5), j bit varying(5), k timestamp, l time with time zone, m int[3])",
		  "CREATE TABLE t (a pg_catalog.int4, b integer, c real, d double precision, e numeric(10,0), f character(1), "
		  "g bit(1), h character varying(5), i char(5), j varbit(5), k timestamp without time zone, l timetz, "
		  "m integer ARRAY)" },
		{ "CREATE VIEW v AS SELECT a FROM rt WHERE a ISNULL LIMIT 5",
		  "CREATE VIEW v AS SELECT a FROM rt WHERE a IS NULL FETCH FIRST 5 ROWS ONLY" },
		{ "CREATE VIEW v AS SELECT a FROM rt WHERE a = SOME (ARRAY[1,2])", "CREATE VIEW v AS SELECT a FROM rt WHERE a = ANY (ARRAY[1,2])" },
		{ "CREATE VIEW v AS SELECT U&'\\0041' AS c, B'101' AS d", "CREATE VIEW v AS SELECT $$A$$ AS c, b'101' AS d" },
	};
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a int)", "CREATE TABLE t (\"A\" int)" },
		{ "CREATE TABLE t (a text DEFAULT U&'\\0041')", "CREATE TABLE t (a text DEFAULT 'a')" },
		{ "CREATE TABLE t (a text DEFAULT E'a\\nb')", "CREATE TABLE t (a text DEFAULT 'a\\nb')" },
		{ "CREATE TABLE t (a text DEFAULT $$a''b$$)", "CREATE TABLE t (a text DEFAULT 'a''b')" },
		{ "CREATE TABLE t (a int /* /* */ , b int */)", "CREATE TABLE t (a int, b int)" },
		{ "CREATE TABLE t (a numeric DEFAULT 1e3)", "CREATE TABLE t (a numeric DEFAULT 1000)" },
		{ "CREATE TABLE t (a numeric DEFAULT 1.0)", "CREATE TABLE t (a numeric DEFAULT 1.00)" },
		{ "CREATE TABLE t (a int DEFAULT +1)", "CREATE TABLE t (a int DEFAULT 1)" },
		{ "CREATE TABLE t (a int DEFAULT 0-1)", "CREATE TABLE t (a int DEFAULT -1)" },
		{ "CREATE TABLE t (a char)", "CREATE TABLE t (a bpchar)" },
		{ "CREATE TABLE t (a char)", "CREATE TABLE t (a \"char\")" },
		{ "CREATE TABLE t (a bit)", "CREATE TABLE t (a \"bit\")" },
		{ "CREATE TABLE t (a bit)", "CREATE TABLE t (a pg_catalog.bit)" },
		{ "CREATE TABLE t (a timestamp)", "CREATE TABLE t (a timestamp(6))" },
		{ "CREATE VIEW v AS SELECT a AS x FROM rt", "CREATE VIEW v AS SELECT a AS \"X\" FROM rt" },
		{ "CREATE VIEW v AS SELECT 'a' || 'b' AS c", "CREATE VIEW v AS SELECT 'ab' AS c" },
		{ "CREATE VIEW v AS SELECT extract(year from g) AS c FROM rt", "CREATE VIEW v AS SELECT date_part('year', g) AS c FROM rt" },
		{ "CREATE VIEW v AS SELECT current_timestamp AS c", "CREATE VIEW v AS SELECT now() AS c" },
		{ "CREATE VIEW v AS SELECT N'abc' AS c", "CREATE VIEW v AS SELECT 'abc' AS c" },
		{ "CREATE VIEW v AS SELECT a FROM rt LIMIT ALL", "CREATE VIEW v AS SELECT a FROM rt" },
		{ "CREATE VIEW v AS SELECT $$a''b$$ AS c", "CREATE VIEW v AS SELECT 'a''b' AS c" },
	};
	/* another object's name: a rename (the rename hash blanks the name), never PATCH */
	static const char *const renamed[][2] = {
		{ "CREATE TABLE foo (a int)", "CREATE TABLE \"Foo\" (a int)" },
		{ "CREATE TABLE FOO (a int)", "CREATE TABLE \"FOO\" (a int)" },
		{ "CREATE TABLE U&\"\\0046oo\" (a int)", "CREATE TABLE Foo (a int)" },
		{ "CREATE TABLE Été (a int)", "CREATE TABLE \"été\" (a int)" },
		{ "CREATE TABLE ÉTÉ (a int)", "CREATE TABLE \"ÉTÉ\" (a int)" },
		{ "CREATE TABLE \"select\" (a int)", "CREATE TABLE \"SELECT\" (a int)" },
		{ "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé (a int)", "CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaae (a int)" },
	};
	assert_pairs_stored_alike(same, sizeof(same) / sizeof(same[0]), "statements_added");
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][1], same[i][0]);
		if (!rated_identical(r))
			fprintf(stderr, "same: %s | %s\n", same[i][1], same[i][0]);
		CU_ASSERT_TRUE(rated_identical(r));
		json_decref(r);
	}
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
	for (size_t i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++) {
		json_t *r = cmp(renamed[i][0], renamed[i][1]);
		if (strcmp(severity(r), "MAJOR"))
			fprintf(stderr, "other: %s | %s\n", renamed[i][0], renamed[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "renamed"));
		json_decref(r);
	}
}

/* A policy's roles are a set (pg_policy.polroles keeps the order written, pg_dump lists them
   in pg_authid's order), PUBLIC alone when named; a string where a boolean is wanted (USING,
   WITH CHECK, AND / OR / NOT) and one cast to boolean are the Const boolin() reads (round 23:
   MINOR, fields_changed roles / qual; checked on pg_policy) */
static void test_policy_roles_and_boolean_strings(void)
{
	static const char *const same[][2] = {
		{ "CREATE POLICY p ON t TO r1, r2 USING (true)", "CREATE POLICY p ON t TO r2, r1 USING (true)" },
		{ "CREATE POLICY p ON t TO r1, r1, r2 USING (true)", "CREATE POLICY p ON t TO r2, r1 USING (true)" },
		{ "CREATE POLICY p ON t TO public, r1 USING (true)", "CREATE POLICY p ON t USING (true)" },
		{ "ALTER POLICY p ON t TO r1, current_user", "ALTER POLICY p ON t TO current_user, r1" },
		{ "CREATE POLICY p ON t USING (true)", "CREATE POLICY p ON t USING ('t')" },
		{ "CREATE POLICY p ON t USING (true)", "CREATE POLICY p ON t USING ('t'::boolean)" },
		{ "CREATE POLICY p ON t FOR INSERT WITH CHECK (false)", "CREATE POLICY p ON t FOR INSERT WITH CHECK ('no')" },
		{ "CREATE POLICY p ON t USING (a > 0 AND true)", "CREATE POLICY p ON t USING (a > 0 AND 'yes')" },
		{ "CREATE POLICY p ON t USING (NOT false)", "CREATE POLICY p ON t USING (NOT 'off'::bool)" },
	};
	static const char *const other[][2] = {
		{ "CREATE POLICY p ON t TO r1 USING (true)", "CREATE POLICY p ON t TO r2 USING (true)" },
		{ "CREATE POLICY p ON t TO r1, r2 USING (true)", "CREATE POLICY p ON t TO r1 USING (true)" },
		{ "CREATE POLICY p ON t TO r1 USING (true)", "CREATE POLICY p ON t USING (true)" },
		{ "CREATE POLICY p ON t USING (true)", "CREATE POLICY p ON t USING ('f')" },
		/* a string in a select list is text, not a boolean (pg_rewrite differs) */
		{ "CREATE VIEW v AS SELECT 't' AS c", "CREATE VIEW v AS SELECT true AS c" },
	};
	assert_pairs_stored_alike(same, sizeof(same) / sizeof(same[0]), "fields_changed");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/* A view's sorts, CASE without ELSE, pg_catalog's operators and boolean strings as the parser
   stores them: DESC NULLS FIRST is DESC, USING < is ASC, ELSE NULL is no ELSE,
   OPERATOR(pg_catalog.&&) is &&, WHERE 't' is WHERE true (round 23: MINOR, query_changed;
   checked on pg_rewrite.ev_action, locations aside) */
static void test_view_sorts_case_operators(void)
{
#define V "CREATE VIEW v AS SELECT "
	static const char *const same[][2] = {
		{ V "x FROM t ORDER BY x DESC NULLS FIRST", V "x FROM t ORDER BY x DESC" },
		{ V "x FROM t ORDER BY x ASC NULLS LAST", V "x FROM t ORDER BY x" },
		{ V "x FROM t ORDER BY x ASC NULLS FIRST", V "x FROM t ORDER BY x NULLS FIRST" },
		{ V "x FROM t ORDER BY x USING <", V "x FROM t ORDER BY x" },
		{ V "x FROM t ORDER BY x USING > NULLS LAST", V "x FROM t ORDER BY x DESC NULLS LAST" },
		{ V "x FROM t ORDER BY x USING OPERATOR(pg_catalog.>)", V "x FROM t ORDER BY x DESC" },
		{ V "row_number() OVER (ORDER BY x DESC NULLS FIRST) FROM t", V "row_number() OVER (ORDER BY x DESC) FROM t" },
		{ V "array_agg(x ORDER BY x USING >) FROM t", V "array_agg(x ORDER BY x DESC) FROM t" },
		{ V "CASE WHEN x > 0 THEN 1 ELSE NULL END AS c FROM t", V "CASE WHEN x > 0 THEN 1 END AS c FROM t" },
		{ V "CASE x WHEN 1 THEN 2 ELSE NULL END AS c FROM t", V "CASE x WHEN 1 THEN 2 END AS c FROM t" },
		{ V "x FROM t WHERE a OPERATOR(pg_catalog.&&) b", V "x FROM t WHERE a && b" },
		{ V "x FROM t WHERE x OPERATOR(pg_catalog.=) ANY (a)", V "x FROM t WHERE x = ANY (a)" },
		{ V "OPERATOR(pg_catalog.-) x AS c FROM t", V "- x AS c FROM t" },
		{ V "x FROM t WHERE 't'", V "x FROM t WHERE true" },
		{ V "x FROM t GROUP BY x HAVING 'on'", V "x FROM t GROUP BY x HAVING true" },
		{ V "t.x FROM t JOIN u ON 'true'", V "t.x FROM t JOIN u ON true" },
		{ V "CASE WHEN '1' THEN 1 END AS c FROM t", V "CASE WHEN true THEN 1 END AS c FROM t" },
		{ V "count(*) FILTER (WHERE 'no') AS c FROM t", V "count(*) FILTER (WHERE false) AS c FROM t" },
	};
	static const char *const other[][2] = {
		{ V "x FROM t ORDER BY x DESC NULLS LAST", V "x FROM t ORDER BY x DESC" },
		{ V "x FROM t ORDER BY x NULLS FIRST", V "x FROM t ORDER BY x" },
		{ V "x FROM t ORDER BY x USING >", V "x FROM t ORDER BY x" },
		{ V "s FROM t ORDER BY s USING ~<~", V "s FROM t ORDER BY s" },
		{ V "CASE WHEN x > 0 THEN 1 ELSE 0 END AS c FROM t", V "CASE WHEN x > 0 THEN 1 END AS c FROM t" },
		{ V "x FROM t WHERE a OPERATOR(public.&&) b", V "x FROM t WHERE a && b" },
		{ V "x FROM t WHERE 'f'", V "x FROM t WHERE true" },
	};
#undef V
	assert_pairs_stored_alike(same, sizeof(same) / sizeof(same[0]), "query_changed");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/* COMMENT ... IS '' deletes the comment as IS NULL does (CreateComments(); checked: no
   pg_description row), as a blob of its own and among a table's statements (round 23: MINOR,
   fields_changed comment; a COMMENT removed and one added) */
static void test_empty_comment_is_null(void)
{
	static const char *const same[][2] = {
		{ "COMMENT ON TABLE t IS ''", "COMMENT ON TABLE t IS NULL" },
		{ "COMMENT ON COLUMN t.a IS ''", "COMMENT ON COLUMN t.a IS NULL" },
	};
	static const char *const other[][2] = {
		{ "COMMENT ON TABLE t IS ' '", "COMMENT ON TABLE t IS NULL" },
		{ "COMMENT ON TABLE t IS 'x'", "COMMENT ON TABLE t IS ''" },
	};
	assert_pairs_stored_alike(same, sizeof(same) / sizeof(same[0]), "fields_changed");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
	json_t *r = cmp("CREATE TABLE t (a int); COMMENT ON TABLE t IS ''", "CREATE TABLE t (a int); COMMENT ON TABLE t IS NULL");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_added"));
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_removed"));
	json_decref(r);
	r = cmp("CREATE TABLE t (a int); COMMENT ON TABLE t IS 'x'", "CREATE TABLE t (a int); COMMENT ON TABLE t IS ''");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "statements_added"));
	json_decref(r);
	/* proconfig search_path=public either way (GUC_LIST_QUOTE quotes only what needs it); one
	   string of two names is one schema "public, pg_temp" */
	static const char *const set_same[][2] = {
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = 'public' AS 'select 1'",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = public AS 'select 1'" },
	};
	static const char *const set_other[][2] = {
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = 'public, pg_temp' AS 'select 1'",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = public, pg_temp AS 'select 1'" },
	};
	assert_pairs_stored_alike(set_same, 1, "attributes_changed");
	assert_pairs_not_patch(set_other, 1);
}

/* A NULL in a CHECK's IN list or ARRAY is the null Const of the column's type either way:
   x IN (1, NULL) is pg_get_constraintdef()'s x = ANY (ARRAY[1, NULL::integer]) (round 23:
   MAJOR, constraints_changed; checked on conbin) */
static void test_in_list_with_null(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (x int CHECK (x IN (1, NULL)))", "CREATE TABLE t (x int CHECK (x = ANY (ARRAY[1, NULL])))" },
		{ "CREATE TABLE t (x int CHECK (x IN (1, NULL)))", "CREATE TABLE t (x int CHECK (x = ANY (ARRAY[1, NULL::integer])))" },
		{ "CREATE TABLE t (x int CHECK (x NOT IN (1, NULL)))", "CREATE TABLE t (x int CHECK (x <> ALL (ARRAY[1, NULL])))" },
		{ "CREATE TABLE t (x text CHECK (x IN ('a', NULL)))",
		  "CREATE TABLE t (x text CHECK (x = ANY (ARRAY['a'::text, NULL::text])))" },
		{ "CREATE TABLE t (x bigint CHECK (x IN (1, NULL)))",
		  "CREATE TABLE t (x bigint CHECK (x = ANY (ARRAY[(1)::bigint, NULL::bigint])))" },
	};
	static const char *const other[][2] = {
		/* int8 = int4 against int8 = int8 (conbin checked) */
		{ "CREATE TABLE t (x bigint CHECK (x IN (1, NULL)))", "CREATE TABLE t (x bigint CHECK (x = ANY (ARRAY[1, NULL])))" },
		{ "CREATE TABLE t (x int CHECK (x IN (1, NULL)))", "CREATE TABLE t (x int CHECK (x IN (1)))" },
		{ "CREATE TABLE t (x int CHECK (x IN (1, NULL)))", "CREATE TABLE t (x int CHECK (x IN (NULL, 1)))" },
	};
	assert_pairs_stored_alike(same, sizeof(same) / sizeof(same[0]), "constraints_changed");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/* Literals of types whose input function reads several spellings as one value, cast to the
   type or where it is the column's: float and numeric NaN / Infinity, bytea's escape and hex
   forms, int4range / int8range bounds, jsonb documents, dates whose form no DateStyle reads
   otherwise (round 23: MINOR, query_changed / defaults_changed; checked on pg_rewrite and
   pg_attrdef, dates under MDY, DMY and YMD) */
static void test_typed_literal_spellings(void)
{
#define V "CREATE VIEW v AS SELECT "
	static const char *const same[][2] = {
		{ V "'NaN'::float8 AS c", V "'nan'::float8 AS c" },
		{ V "'Infinity'::float8 AS c", V "' inf '::float8 AS c" },
		{ V "'-Infinity'::real AS c", V "'-inf'::real AS c" },
		{ V "'NaN'::numeric AS c", V "'nan'::numeric AS c" },
		{ V "'Infinity'::numeric AS c", V "'+INFINITY'::numeric AS c" },
		{ "CREATE TABLE t (f float8 DEFAULT 'NaN')", "CREATE TABLE t (f float8 DEFAULT 'nan')" },
		{ "CREATE TABLE t (f float8 DEFAULT 'NaN'::double precision)", "CREATE TABLE t (f float8 DEFAULT 'nan')" },
		{ "CREATE TABLE t (n numeric CHECK (n <> 'NaN'))", "CREATE TABLE t (n numeric CHECK (n <> 'nan'::numeric))" },
		{ V "'\\x41'::bytea AS c", V "'A'::bytea AS c" },
		{ V "'\\x4142'::bytea AS c", V "'\\101B'::bytea AS c" },
		{ V "'\\x5c'::bytea AS c", V "'\\\\'::bytea AS c" },
		{ V "'\\xab cd'::bytea AS c", V "'\\xABCD'::bytea AS c" },
		{ V "''::bytea AS c", V "'\\x'::bytea AS c" },
		{ "CREATE TABLE t (b bytea DEFAULT '\\x41')", "CREATE TABLE t (b bytea DEFAULT 'A'::bytea)" },
		{ V "'[1,5)'::int4range AS c", V "'[1,4]'::int4range AS c" },
		{ V "'[1,5)'::int4range AS c", V "'(0,5)'::int4range AS c" },
		{ V "'[1,5)'::int4range AS c", V "' ( \"0\" , 4 ] '::int4range AS c" },
		{ V "'empty'::int4range AS c", V "'[5,5)'::int4range AS c" },
		{ V "'empty'::int4range AS c", V "'(1,2)'::int4range AS c" },
		{ V "'(,5)'::int4range AS c", V "'[,5)'::int4range AS c" },
		{ V "'[1,5)'::int8range AS c", V "'[1,4]'::int8range AS c" },
		{ "CREATE TABLE t (r int4range DEFAULT '[1,4]')", "CREATE TABLE t (r int4range DEFAULT '[1,5)'::int4range)" },
		{ V "'{\"a\":1, \"b\":2}'::jsonb AS c", V "'{\"b\": 2, \"a\": 1}'::jsonb AS c" },
		{ V "'{\"a\":1, \"a\":2}'::jsonb AS c", V "'{\"a\": 2}'::jsonb AS c" },
		{ V "'{\"a\":\"\\u0041\", \"bb\":[-0, {}]}'::jsonb AS c", V "' { \"bb\" : [ 0 , { } ] , \"a\" : \"A\" } '::jsonb AS c" },
		{ "CREATE TABLE t (j jsonb DEFAULT '{\"a\":1, \"b\":2}')", "CREATE TABLE t (j jsonb DEFAULT '{\"b\": 2, \"a\": 1}')" },
		{ V "'2020-01-02'::date AS c", V "'2020-1-2'::date AS c" },
		{ V "'2020-01-02'::date AS c", V "'Jan 2 2020'::date AS c" },
		{ V "'2020-09-02'::date AS c", V "date 'September 02 2020' AS c" },
		{ V "'2020-01-02'::date AS c", V "'2020/1/02'::date AS c" },
		{ "CREATE TABLE t (d date DEFAULT '2020-1-2')", "CREATE TABLE t (d date DEFAULT '2020-01-02'::date)" },
		{ "CREATE TABLE t (d date CHECK (d > '2020-1-2'))", "CREATE TABLE t (d date CHECK (d > '2020-01-02'::date))" },
	};
	static const char *const other[][2] = {
		/* float8in() keeps the sign of -nan: another Const */
		{ V "'NaN'::float8 AS c", V "'-nan'::float8 AS c" },
		{ V "'Infinity'::float8 AS c", V "'-inf'::float8 AS c" },
		{ V "'NaN'::float8 AS c", V "'NaN'::numeric AS c" },
		{ "CREATE TABLE t (s text DEFAULT 'NaN')", "CREATE TABLE t (s text DEFAULT 'nan')" },
		{ V "'\\x41'::bytea AS c", V "'a'::bytea AS c" },
		{ V "'\\x41'::bytea AS c", V "'\\x41'::text AS c" },
		{ V "'[1,5)'::int4range AS c", V "'[1,5]'::int4range AS c" },
		{ V "'[1,5)'::numrange AS c", V "'[1,4]'::numrange AS c" },
		{ V "'[1,5)'::numrange AS c", V "'(0,5)'::numrange AS c" },
		{ V "'{\"a\":1, \"b\":2}'::json AS c", V "'{\"b\": 2, \"a\": 1}'::json AS c" },
		{ V "'{\"a\":1.0}'::jsonb AS c", V "'{\"a\": 1}'::jsonb AS c" },
		{ V "'[1, 2]'::jsonb AS c", V "'[2, 1]'::jsonb AS c" },
		{ V "'{\"a\":1}'::jsonb AS c", V "'{\"a\":\"1\"}'::jsonb AS c" },
		{ "CREATE TABLE t (j json DEFAULT '{\"a\":1, \"b\":2}')", "CREATE TABLE t (j json DEFAULT '{\"b\": 2, \"a\": 1}')" },
		/* January under MDY, February under DMY; 2002-01-20 under YMD */
		{ V "'2020-01-02'::date AS c", V "'1/2/2020'::date AS c" },
		{ V "'2020-01-02'::date AS c", V "'Jan 2 20'::date AS c" },
		{ V "'2020-01-02'::date AS c", V "'2020-01-03'::date AS c" },
	};
#undef V
	assert_pairs_stored_alike(same, sizeof(same) / sizeof(same[0]), "query_changed");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/* Round 24, checked on pg_rewrite (PostgreSQL 15, locations aside): a string cast to one
   pg_catalog type however its name is spelt is one Const ('1.5'::float8, ::double precision);
   a finite float4 / float8 is its binary value ('1.5', '1.50', ' 15e-1 '); a daterange in
   daterange_canonical()'s [lower, upper); a timestamp in the ISO forms every DateStyle reads
   alike. Each was MINOR, query_changed. Kept: a number cast to float8 (a function call, not a
   Const), -0, a date or timestamp in a form DateStyle reads otherwise. */
static void test_typed_literal_spellings_round24(void)
{
#define V "CREATE VIEW v AS SELECT "
	static const char *const same[][2] = {
		{ V "'1.5'::float8 AS x", V "'1.5'::double precision AS x" },
		{ V "'1.5'::float8 AS x", V "'1.50'::pg_catalog.float8 AS x" },
		{ V "'0.1'::float8 AS x", V "'0.10000000000000001'::float8 AS x" },
		{ V "'1.5'::float4 AS x", V "' 15e-1 '::real AS x" },
		{ V "'5'::int4 AS x", V "'5'::integer AS x" },
		{ V "'abc'::text AS x", V "'abc'::pg_catalog.text AS x" },
		{ V "'[2020-01-01,2020-01-31]'::daterange AS x", V "'[2020-01-01,2020-02-01)'::daterange AS x" },
		{ V "'[2020-01-01,2020-01-31]'::daterange AS x", V "'(2019-12-31,2020-02-01)'::daterange AS x" },
		{ V "'[2020-01-01,2020-02-01)'::daterange AS x", V "'[ 2020-1-1 , 2020-02-01 )'::daterange AS x" },
		{ V "'(,2020-01-31]'::daterange AS x", V "'[,2020-02-01)'::daterange AS x" },
		{ V "'[2020-01-05,2020-01-05)'::daterange AS x", V "'empty'::daterange AS x" },
		{ V "'2020-01-02 03:04:05'::timestamp AS x", V "'2020-01-02T03:04:05'::timestamp AS x" },
		{ V "'2020-01-02 03:04:05'::timestamp AS x", V "'2020-01-02 03:04:05.000'::timestamp without time zone AS x" },
		{ V "'2020-01-02 03:04:05'::timestamp AS x", V "'2020-1-2 3:4:5'::timestamp AS x" },
		{ V "'2020-01-02 03:04:05.5'::timestamp AS x", V "'2020-01-02T03:04:05.500000'::timestamp AS x" },
		{ V "'2020-01-02'::timestamp AS x", V "'2020-01-02 00:00'::timestamp AS x" },
		{ "CREATE TABLE t (f float8 DEFAULT '1.50'::float8)", "CREATE TABLE t (f float8 DEFAULT '1.5'::double precision)" },
	};
	static const char *const other[][2] = {
		/* a numeric Const cast by a function call, against the Const float8in() makes */
		{ V "'1.50'::float8 AS x", V "1.50::double precision AS x" },
		{ V "'-0'::float8 AS x", V "'0'::float8 AS x" },
		{ V "'1.5'::float4 AS x", V "'1.5'::float8 AS x" },
		{ V "'0.1'::float4 AS x", V "'0.1'::float8 AS x" },
		{ V "'[2020-01-01,2020-01-31]'::daterange AS x", V "'[2020-01-01,2020-01-31)'::daterange AS x" },
		/* another DateStyle reads it as 2 January or 1 February */
		{ V "'[2020-01-01,2020-02-01)'::daterange AS x", V "'[1/1/2020,2/1/2020)'::daterange AS x" },
		{ V "'2020-01-02 03:04:05'::timestamp AS x", V "'2020-01-02 03:04:06'::timestamp AS x" },
		{ V "'2020-01-02 03:04:05'::timestamp AS x", V "'1/2/2020 03:04:05'::timestamp AS x" },
		{ V "'2020-01-02 03:04:05'::timestamp AS x", V "'2020-01-02 03:04:05'::timestamp(0) AS x" },
	};
#undef V
	assert_pairs_stored_alike(same, sizeof(same) / sizeof(same[0]), "query_changed");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/* definition_changed says whether the definitions differ as the comparison reads them
   (docs/classification.md: the same object respelt is "PATCH, definition_changed false"),
   not whether their trees do: a pair the comparison finds no difference in says false
   (round 24: it said true for every respelling a rule read as the same, as for the float8 /
   double precision view), a real change, also a PATCH one, true. */
static void test_definition_changed_means_the_definition(void)
{
	static const char *const same[][2] = {
		{ "CREATE VIEW v AS SELECT '1.5'::float8 AS x", "CREATE VIEW v AS SELECT '1.5'::double precision AS x" },
		{ "CREATE TABLE t (c int DEFAULT 0); ALTER TABLE t ALTER COLUMN c TYPE bigint", "CREATE TABLE t (c bigint DEFAULT 0)" },
		{ "CREATE TABLE t (a int CHECK (a > 0))", "CREATE TABLE t (a int); ALTER TABLE t ADD CHECK (a > 0)" },
		{ "CREATE TABLE t (a int4)", "CREATE TABLE t (a pg_catalog.int4)" },
		{ "CREATE INDEX i ON t (a)", "CREATE INDEX i ON public.t (a)" },
	};
	static const char *const changed[][2] = {
		{ "CREATE VIEW v AS SELECT '1.5'::float8 AS x", "CREATE VIEW v AS SELECT '1.6'::float8 AS x" },
		{ "CREATE INDEX i ON t (a)", "CREATE INDEX i ON t (a DESC)" },
		{ "CREATE TABLE t (a int)", "CREATE TABLE u (a int)" },
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'",
		  "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select  1'" },
		{ "GRANT SELECT ON t TO a", "GRANT SELECT ON t TO b" },
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		json_t *d = json_object_get(json_object_get(r, "detail"), "definition_changed");
		if (!json_is_false(d))
			fprintf(stderr, "definition same: %s | %s\n", same[i][0], same[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_TRUE(json_is_false(d));
		json_decref(r);
	}
	for (size_t i = 0; i < sizeof(changed) / sizeof(changed[0]); i++) {
		json_t *r = cmp(changed[i][0], changed[i][1]);
		json_t *d = json_object_get(json_object_get(r, "detail"), "definition_changed");
		if (!json_is_true(d))
			fprintf(stderr, "definition changed: %s | %s\n", changed[i][0], changed[i][1]);
		CU_ASSERT_TRUE(json_is_true(d));
		json_decref(r);
	}
}

/* An index moved to another table under its name: the old table loses it, the new one gets
   it built (round 22: PATCH, index_fields_changed relation; a UNIQUE one's key left its table) */
static void test_index_on_another_table(void)
{
	json_t *r = cmp("CREATE INDEX i ON t (a)", "CREATE INDEX i ON u (a)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "index_relation_changed"));
	json_decref(r);
	r = cmp("CREATE UNIQUE INDEX i ON t (a)", "CREATE UNIQUE INDEX i ON u (a)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "depends_on_existing_data"));
	json_decref(r);
	/* the same table however named */
	static const char *const same[][2] = {
		{ "CREATE INDEX i ON t (a)", "CREATE INDEX i ON public.t (a)" },
		{ "SET search_path = app; CREATE UNIQUE INDEX i ON t (a)", "SET search_path = app; CREATE UNIQUE INDEX i ON app.t (a)" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "index_relation_changed");
}

/* A UNIQUE index among the other statements of a table's blob, added or removed, as an index made
   or no longer UNIQUE (round 22: PATCH, as any index statement) */
static void test_unique_index_statement_of_table_blob(void)
{
	json_t *r = cmp("CREATE TABLE t (a int); CREATE INDEX i ON t (a)", "CREATE TABLE t (a int); CREATE UNIQUE INDEX i ON t (a)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "depends_on_existing_data"));
	json_decref(r);
	r = cmp("CREATE TABLE t (a int)", "CREATE TABLE t (a int); CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_FALSE(has_hazard(r, "index_without_concurrently"));
	json_decref(r);
	r = cmp("CREATE TABLE t (a int); CREATE UNIQUE INDEX i ON t (a)", "CREATE TABLE t (a int)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
	r = cmp("CREATE TABLE t (a int)", "CREATE TABLE t (a int); CREATE INDEX i ON t (a)");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	json_decref(r);
	/* the same UNIQUE index written otherwise (pg_dump's form) */
	r = cmp("CREATE TABLE t (a int); CREATE UNIQUE INDEX i ON t (a)",
		"CREATE TABLE public.t (a int); CREATE UNIQUE INDEX i ON public.t USING btree (a)");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	json_decref(r);
}

/* A GRANT and a REVOKE to one grantee on one object in the other order leave the privilege or
   none (round 22: PATCH, GRANTs and REVOKEs were not played against each other); GRANTs among
   themselves, and REVOKEs, still commute */
static void test_grant_revoke_order(void)
{
	static const char *const other[][2] = {
		{ "CREATE TABLE t (a int); GRANT SELECT ON t TO r; REVOKE SELECT ON t FROM r",
		  "CREATE TABLE t (a int); REVOKE SELECT ON t FROM r; GRANT SELECT ON t TO r" },
		{ "GRANT SELECT ON t TO r; REVOKE ALL ON t FROM r", "REVOKE ALL ON t FROM r; GRANT SELECT ON t TO r" },
	};
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a int); GRANT SELECT ON t TO r; GRANT INSERT ON t TO r",
		  "CREATE TABLE t (a int); GRANT INSERT ON t TO r; GRANT SELECT ON t TO r" },
		{ "CREATE TABLE t (a int); REVOKE ALL ON t FROM PUBLIC; GRANT SELECT ON t TO r",
		  "CREATE TABLE t (a int); GRANT SELECT ON t TO r; REVOKE ALL ON t FROM PUBLIC" },
		{ "CREATE TABLE t (a int); REVOKE SELECT ON t FROM r; REVOKE INSERT ON t FROM r",
		  "CREATE TABLE t (a int); REVOKE INSERT ON t FROM r; REVOKE SELECT ON t FROM r" },
	};
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "statements_reordered");
}

/* A string body against a SQL-standard body of the same language: the body changed, not the language */
static void test_sql_standard_body_keeps_the_language(void)
{
	json_t *r = cmp("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a'",
			"CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql RETURN a");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "body_changed")));
	CU_ASSERT_EQUAL(json_array_size(json_object_get(json_object_get(r, "detail"), "attributes_changed")), 0);
	json_decref(r);
	/* plpgsql to a SQL-standard body: the language did change */
	r = cmp("CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS 'begin return a; end'",
		"CREATE FUNCTION f(a int) RETURNS int RETURN a");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_t *attrs = json_object_get(json_object_get(r, "detail"), "attributes_changed");
	CU_ASSERT_EQUAL(json_array_size(attrs), 1);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(attrs, 0)) ?: "", "language");
	json_decref(r);
}

/* ALTER FUNCTION ... STABLE (...) after the function's CREATE in its blob: the options it leaves */
static void test_function_options_set_by_alter(void)
{
	static const char *const same[][2] = {
		{ "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql STABLE AS 'select a'",
		  "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a'; ALTER FUNCTION f(int) STABLE" },
		{ "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a' STABLE",
		  "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql IMMUTABLE AS 'select a'; ALTER FUNCTION public.f(integer) "
		  "STABLE" },
		{ "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql STRICT SECURITY DEFINER AS 'select a'",
		  "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a'; ALTER FUNCTION f STRICT SECURITY DEFINER" },
		{ "CREATE PROCEDURE p(a int) LANGUAGE sql SECURITY DEFINER AS 'select a'",
		  "CREATE PROCEDURE p(a int) LANGUAGE sql AS 'select a'; ALTER PROCEDURE p(int) SECURITY DEFINER" },
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		if (strcmp(severity(r), "PATCH"))
			fprintf(stderr, "same: %s | %s\n", same[i][0], same[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_EQUAL(json_array_size(json_object_get(json_object_get(r, "detail"), "attributes_changed")), 0);
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_added"));
		json_decref(r);
	}
	/* another function's ALTER (f(text)), or one that also SETs a parameter: a statement, and
	   the CREATE's own volatility is compared */
	static const char *const other[][2] = {
		{ "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql STABLE AS 'select a'",
		  "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a'; ALTER FUNCTION f(text) STABLE" },
		{ "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql STABLE AS 'select a'",
		  "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a'; ALTER FUNCTION f(int) STABLE SET work_mem = "
		  "'1MB'" },
	};
	assert_pairs_major(other, sizeof(other) / sizeof(other[0]), "volatility");
	/* an option the ALTER sets that the other version has not: an attribute changed */
	json_t *r = cmp("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a'",
			"CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a'; ALTER FUNCTION f(int) SECURITY DEFINER");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_TRUE(has_hazard(r, "security_definer"));
	json_decref(r);
}

/* ALTER DOMAIN ... ADD CONSTRAINT / SET NOT NULL after the domain's CREATE in its blob */
static void test_domain_constraints_added_by_alter(void)
{
	static const char *const same[][2] = {
		{ "CREATE DOMAIN d AS int CONSTRAINT pos CHECK (VALUE > 0)",
		  "CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT pos CHECK (VALUE > 0)" },
		{ "CREATE DOMAIN d AS int CHECK (VALUE > 0)", "CREATE DOMAIN d AS int; ALTER DOMAIN public.d ADD CHECK (VALUE > 0)" },
		{ "CREATE DOMAIN d AS int NOT NULL", "CREATE DOMAIN d AS int; ALTER DOMAIN d SET NOT NULL" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "constraints_dropped");
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][1], same[i][0]);
		CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_added"));
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_removed"));
		json_decref(r);
	}
	/* a constraint the other version has not: added, MAJOR for the data in place */
	json_t *r = cmp("CREATE DOMAIN d AS int", "CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT pos CHECK (VALUE > 0)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "depends_on_existing_data"));
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "constraints_added"));
	json_decref(r);
	/* another domain's ALTER: a statement, pos still dropped */
	r = cmp("CREATE DOMAIN d AS int CONSTRAINT pos CHECK (VALUE > 0)",
		"CREATE DOMAIN d AS int; ALTER DOMAIN e ADD CONSTRAINT pos CHECK (VALUE > 0)");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "constraints_dropped"));
	json_decref(r);
}

/* ALTER TYPE ... ADD ATTRIBUTE after the composite type's CREATE in its blob: appended attributes */
static void test_composite_attributes_added_by_alter(void)
{
	static const char *const same[][2] = {
		{ "CREATE TYPE c AS (a int, b text)", "CREATE TYPE c AS (a int); ALTER TYPE c ADD ATTRIBUTE b text" },
		{ "CREATE TYPE c AS (a int, b text, d int)",
		  "CREATE TYPE c AS (a int); ALTER TYPE public.c ADD ATTRIBUTE b text, ADD ATTRIBUTE d integer CASCADE" },
		{ "CREATE TYPE c AS (a int); ALTER TYPE c ADD ATTRIBUTE b text", "CREATE TYPE c AS (a int, b text)" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "columns_dropped");
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_added"));
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_removed"));
		json_decref(r);
	}
	/* appended, so (b text, a int) is another order */
	json_t *r = cmp("CREATE TYPE c AS (b text, a int)", "CREATE TYPE c AS (a int); ALTER TYPE c ADD ATTRIBUTE b text");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "columns_reordered"));
	json_decref(r);
	/* added against a version without it: MINOR, columns_added */
	r = cmp("CREATE TYPE c AS (a int)", "CREATE TYPE c AS (a int); ALTER TYPE c ADD ATTRIBUTE b text");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "columns_added"));
	json_decref(r);
	/* another type's ALTER: b still missing */
	r = cmp("CREATE TYPE c AS (a int, b text)", "CREATE TYPE c AS (a int); ALTER TYPE other.c ADD ATTRIBUTE b text");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "columns_dropped"));
	json_decref(r);
}

/*
 * ALTER TYPE ... DROP / ALTER ATTRIBUTE and RENAME ATTRIBUTE after the composite type's
 * CREATE in its blob run on its attributes (round 21: statements_removed / columns_dropped
 * against the type written whole). Checked on PostgreSQL 15 (pg_attribute): ALTER
 * ATTRIBUTE ... TYPE without COLLATE leaves the new type's own collation.
 */
static void test_composite_attributes_dropped_altered_renamed(void)
{
	static const char *const same[][2] = {
		{ "CREATE TYPE c AS (a text, b int); ALTER TYPE c DROP ATTRIBUTE b", "CREATE TYPE c AS (a text)" },
		{ "CREATE TYPE c AS (a int); ALTER TYPE c ALTER ATTRIBUTE a TYPE bigint", "CREATE TYPE c AS (a bigint)" },
		{ "CREATE TYPE c AS (a text COLLATE \"C\"); ALTER TYPE c ALTER ATTRIBUTE a SET DATA TYPE text",
		  "CREATE TYPE c AS (a text)" },
		{ "CREATE TYPE c AS (a int); ALTER TYPE public.c RENAME ATTRIBUTE a TO b", "CREATE TYPE c AS (b int)" },
		{ "CREATE TYPE c AS (a int); ALTER TYPE c ADD ATTRIBUTE b text, DROP ATTRIBUTE a CASCADE",
		  "CREATE TYPE c AS (b text)" },
		{ "CREATE TYPE c AS (a int); ALTER TYPE c DROP ATTRIBUTE IF EXISTS z", "CREATE TYPE c AS (a int)" },
		{ "CREATE TYPE c AS (a int, b int); ALTER TYPE c DROP ATTRIBUTE a; ALTER TYPE c ADD ATTRIBUTE a int",
		  "CREATE TYPE c AS (b int, a int)" },
	};
	/* run, they leave another type; refused (z missing), the statement stays */
	static const char *const other[][2] = {
		{ "CREATE TYPE c AS (a int); ALTER TYPE c ALTER ATTRIBUTE a TYPE bigint", "CREATE TYPE c AS (a int)" },
		{ "CREATE TYPE c AS (a int); ALTER TYPE c RENAME ATTRIBUTE a TO b", "CREATE TYPE c AS (a int)" },
		{ "CREATE TYPE c AS (a int, b int); ALTER TYPE c DROP ATTRIBUTE a; ALTER TYPE c ADD ATTRIBUTE a int",
		  "CREATE TYPE c AS (a int, b int)" },
		{ "CREATE TYPE c AS (a int); ALTER TYPE c DROP ATTRIBUTE z", "CREATE TYPE c AS (a int)" },
		{ "CREATE TYPE c AS (a int, b int); ALTER TYPE other.c DROP ATTRIBUTE b", "CREATE TYPE c AS (a int)" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "columns_dropped");
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "statements_removed"));
		json_decref(r);
	}
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/*
 * A composite type's attribute retyped is MAJOR, breaks_compatibility, a widening too
 * (text -> varchar, varchar(5) -> varchar(10), integer -> bigint; round 21: MINOR): its
 * users see the new type (pg_typeof(), the overload (x).a picks), and PostgreSQL 15
 * refuses the ALTER while a table column uses the type (checked). A table's column stays
 * MINOR (its values are kept).
 */
static void test_composite_attribute_retyped_is_major(void)
{
	static const char *const pairs[][2] = {
		{ "a text", "a varchar" }, { "a varchar", "a text" }, { "a varchar(5)", "a varchar(10)" },
		{ "a int", "a bigint" }, { "a numeric(5,2)", "a numeric" },
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		char *a = xasprintf("CREATE TYPE c AS (%s)", pairs[i][0]), *b = xasprintf("CREATE TYPE c AS (%s)", pairs[i][1]);
		json_t *r = cmp(a, b);
		if (strcmp(severity(r), "MAJOR"))
			fprintf(stderr, "retyped: %s | %s\n", a, b);
		CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
		CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "columns_retyped"));
		json_decref(r);
		free(a);
		free(b);
	}
	json_t *r = cmp("CREATE TABLE c (a text)", "CREATE TABLE c (a varchar)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
}

/*
 * A LANGUAGE sql string body is parsed at run time: its literals are the Consts a view's
 * are (.5 is 0.5, '{05}'::int[] is '{5}'), layout and comments aside (round 21: MINOR,
 * body_changed). A change of value, or text inside a string, is never PATCH.
 */
static void test_sql_body_literals_as_run(void)
{
#define F "CREATE FUNCTION f(a int) RETURNS text LANGUAGE sql AS "
	static const char *const same[][2] = {
		{ F "$$select .5::text$$", F "$$select 0.5::text$$" },
		{ F "$$select '{05}'::int[]::text$$", F "$$select '{5}'::int[]::text$$" },
		{ F "$f$select /* x /* y */ z */ $$a$$ from t limit 01;$f$", F "'select ''a'' from t fetch first 1 rows only'" },
	};
	static const char *const other[][2] = {
		{ F "$$select 1.0::text$$", F "$$select 1.00::text$$" },
		{ F "$$select 1e3::text$$", F "$$select 1000::text$$" },
		{ F "$$select 'a--b'$$", F "$$select 'a'$$" },
		{ F "$$select E'\\\\'$$", F "$$select '\\\\'$$" },
		{ F "$$select \"A\"::text from t$$", F "$$select a::text from t$$" },
	};
#undef F
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "unparseable");
	assert_pairs_not_patch(other, sizeof(other) / sizeof(other[0]));
}

/*
 * A string constant continued past "--" comments ('a' -- note, newline, 'b' is 'ab' to
 * PostgreSQL 15; libpg_query 15-4 refused it: round 21, unparseable, MAJOR). Not past a
 * "/ *" comment, not onto E'b', not after $$a$$: the server refuses those (checked).
 * After U&'a' as after 'a' (PostgreSQL 15.18: U&'a' -- x, newline, 'b' is 'ab').
 */
static void test_string_continued_past_comments(void)
{
	static const char *const same[][2] = {
		{ "CREATE VIEW v AS SELECT 'a' -- x\n'b' AS c", "CREATE VIEW v AS SELECT 'ab' AS c" },
		{ "CREATE VIEW v AS SELECT E'a' -- x\n  -- y\r\n 'b' AS c", "CREATE VIEW v AS SELECT 'ab' AS c" },
		{ "CREATE VIEW v AS SELECT B'1' -- x\n'0' AS c", "CREATE VIEW v AS SELECT B'10' AS c" },
		{ "CREATE TABLE t (a int DEFAULT -1, b text DEFAULT 'x' -- c\n'y')",
		  "CREATE TABLE t (a int DEFAULT -1, b text DEFAULT 'xy')" },
		/* a Unicode-escaped first part too (round 22; libpg_query's token has no end there) */
		{ "CREATE VIEW v AS SELECT U&'a' -- x\n'b' AS c", "CREATE VIEW v AS SELECT 'ab' AS c" },
		{ "CREATE VIEW v AS SELECT u&'a''' -- x\n-- y\n'b' -- z\n'c' AS c", "CREATE VIEW v AS SELECT 'a''bc' AS c" },
		{ "CREATE VIEW v AS SELECT U&'\\0061' -- x\n'\\0062' AS c", "CREATE VIEW v AS SELECT 'ab' AS c" },
		{ "CREATE VIEW v AS SELECT U&'!0061' -- x\n'!0062' UESCAPE '!' AS c", "CREATE VIEW v AS SELECT 'ab' AS c" },
		{ "CREATE VIEW v AS SELECT U&'a'\n'c' -- x\n'b' AS c", "CREATE VIEW v AS SELECT 'acb' AS c" },
	};
	static const char *const refused[] = {
		"CREATE VIEW v AS SELECT U&'a' /* x */\n'b' AS c",
		"CREATE VIEW v AS SELECT U&'a' -- x\nE'b' AS c",
		"CREATE VIEW v AS SELECT 'a' /* x */\n'b' AS c",
		"CREATE VIEW v AS SELECT 'a' -- x\nE'b' AS c",
		"CREATE VIEW v AS SELECT $$a$$ -- x\n'b' AS c",
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "unparseable");
	json_t *r = cmp("CREATE TABLE t (a int DEFAULT -1, b text DEFAULT 'x' -- c\n'y')",
			"CREATE TABLE t (a int DEFAULT 0, b text DEFAULT 'xy')");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		r = cmp(refused[i], "CREATE VIEW v AS SELECT 'ab' AS c");
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "unparseable"));
		json_decref(r);
	}
}

/* CREATE OPERATOR's PROCEDURE = is FUNCTION =; an aggregate's numeric INITCOND is its text */
static void test_operator_and_aggregate_options_as_stored(void)
{
	static const char *const same[][2] = {
		{ "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq)",
		  "CREATE OPERATOR === (leftarg = int, rightarg = int, procedure = int4eq)" },
		{ "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int, initcond = '0')",
		  "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int, initcond = 0)" },
		{ "CREATE AGGREGATE a (float8) (sfunc = float8pl, stype = float8, initcond = '-1.5')",
		  "CREATE AGGREGATE a (float8) (sfunc = float8pl, stype = float8, initcond = -1.5)" },
	};
	assert_pairs_same(same, sizeof(same) / sizeof(same[0]), "fields_changed");
	static const char *const other[][2] = {
		{ "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq)",
		  "CREATE OPERATOR === (leftarg = int, rightarg = int, procedure = int4ne)" },
		{ "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int, initcond = '1')",
		  "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int, initcond = 0)" },
		{ "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int, initcond = '00')",
		  "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int, initcond = 0)" },
	};
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		json_t *r = cmp(other[i][0], other[i][1]);
		CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
		CU_ASSERT_PTR_NOT_NULL(json_object_get(json_object_get(r, "detail"), "fields_changed"));
		json_decref(r);
	}
}

static void test_policy_made_restrictive(void)
{
	json_t *r = cmp("CREATE POLICY p ON t USING (owner = current_user)",
			"CREATE POLICY p ON t AS RESTRICTIVE USING (owner = current_user)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
	CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(r, "detail"), "policy_made_restrictive")));
	json_decref(r);
	r = cmp("CREATE POLICY p ON t AS RESTRICTIVE USING (owner = current_user)",
		"CREATE POLICY p ON t USING (owner = current_user)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(r, "detail"), "policy_made_restrictive"));
	json_decref(r);
	r = cmp("CREATE POLICY p ON t USING (true)", "CREATE POLICY p ON t AS PERMISSIVE FOR ALL TO public USING (true)");
	CU_ASSERT_STRING_EQUAL(severity(r), "PATCH");
	json_decref(r);
	/* created: a restrictive policy only narrows access to an existing table, a permissive one widens it */
	r = ddl_create_detail("CREATE POLICY p ON t AS RESTRICTIVE USING (owner = current_user)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MAJOR");
	CU_ASSERT_TRUE(has_hazard(r, "breaks_compatibility"));
	json_decref(r);
	r = ddl_create_detail("CREATE POLICY p ON t USING (owner = current_user)");
	CU_ASSERT_STRING_EQUAL(severity(r), "MINOR");
	json_decref(r);
}

/*
 * A rename that respelt its definition in a form the comparison reads as the same object
 * (a reference qualified or not, a type's other name, a search_path preamble that resolves
 * nothing else, a later ALTER folded into the CREATE, a statement form, a trigger's UPDATE
 * OF columns in another order, an ALTER TABLE of the blob's sequence) has one rename hash
 * (each pair hashed apart before round 23: a DROP and a CREATE); the pairs after them are
 * changes and keep two.
 */
static void test_rename_hash_respellings(void)
{
	static const char *const same[][2] = {
		{ "CREATE TABLE t (a int REFERENCES r (id))", "CREATE TABLE u (a int REFERENCES public.r (id))" },
		/* ALTER TABLE ... RENAME keeps the constraints' names: pg_dump writes the old table's on the new */
		{ "CREATE TABLE shop.order_items (id bigint NOT NULL, order_id bigint, qty int, CONSTRAINT order_items_pkey "
		  "PRIMARY KEY (id), CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES shop.orders(id), "
		  "CONSTRAINT order_items_qty_check CHECK ((qty > 0)))",
		  "CREATE TABLE shop.order_lines (id bigint NOT NULL, order_id bigint, qty int, CONSTRAINT order_items_pkey "
		  "PRIMARY KEY (id), CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES shop.orders(id), "
		  "CONSTRAINT order_items_qty_check CHECK ((qty > 0)))" },
		{ "CREATE TABLE t (a int CHECK (a > 0))", "CREATE TABLE u (a int, CONSTRAINT t_a_check CHECK (a > 0))" },
		{ "CREATE TABLE t (a int4, b mytype)", "CREATE TABLE u (a integer, b public.mytype)" },
		{ "CREATE TABLE t (id int DEFAULT nextval('t_id_seq'))",
		  "CREATE TABLE u (id int DEFAULT nextval('public.t_id_seq'::regclass))" },
		{ "CREATE TABLE t (a int) INHERITS (p)", "CREATE TABLE u (a int) INHERITS (public.p)" },
		{ "CREATE TABLE t (a int)", "SET search_path = public; CREATE TABLE u (a int)" },
		{ "CREATE TABLE app.t (a int)", "CREATE TABLE u (a int); ALTER TABLE u SET SCHEMA app" },
		{ "CREATE VIEW v AS SELECT a FROM x", "CREATE VIEW w AS SELECT x.a FROM public.x" },
		{ "CREATE DOMAIN d AS int NOT NULL", "CREATE DOMAIN e AS int; ALTER DOMAIN e SET NOT NULL" },
		{ "CREATE TYPE e AS ENUM ('a', 'b', 'c')", "CREATE TYPE f AS ENUM ('a', 'b'); ALTER TYPE f ADD VALUE 'c'" },
		{ "CREATE TYPE c AS (a int, b text)", "CREATE TYPE d AS (a int); ALTER TYPE d ADD ATTRIBUTE b text" },
		{ "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a' STABLE",
		  "CREATE OR REPLACE FUNCTION g(a integer) RETURNS integer LANGUAGE sql AS 'select a'; "
		  "ALTER FUNCTION g(integer) STABLE" },
		{ "CREATE TRIGGER tr BEFORE UPDATE OF a, b ON t FOR EACH ROW EXECUTE FUNCTION f()",
		  "CREATE TRIGGER tr2 BEFORE UPDATE OF A, \"b\" ON public.t FOR EACH ROW EXECUTE FUNCTION f()" },
		{ "CREATE SEQUENCE s; ALTER TABLE s OWNER TO r", "CREATE SEQUENCE s2; ALTER SEQUENCE s2 OWNER TO r" },
		{ "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int4)",
		  "CREATE AGGREGATE b (integer) (sfunc = int4pl, stype = integer)" },
		{ "CREATE POLICY p ON t USING (a IN (SELECT a FROM public.x))",
		  "CREATE POLICY p2 ON t USING (a IN (SELECT a FROM x))" },
		/* a table as compare_table() reads it: constraints by their (generated) names,
		   NOT NULL however implied, default options, pg_dump's later ADD CONSTRAINT */
		{ "CREATE TABLE t (a int CHECK (a > 0), b int UNIQUE)",
		  "CREATE TABLE u (a int, b int, CONSTRAINT u_a_check CHECK (a > 0), UNIQUE (b))" },
		{ "CREATE TABLE t (a int PRIMARY KEY)",
		  "CREATE TABLE u (a int NOT NULL PRIMARY KEY) WITH (oids = false) TABLESPACE pg_default" },
		{ "CREATE TABLE t (a int CHECK (a > 0))",
		  "CREATE TABLE u (a int); ALTER TABLE ONLY u ADD CONSTRAINT u_a_check CHECK (a > 0)" },
		/* the other statements as the comparison matches them: what commutes, in any order */
		{ "CREATE TABLE t (a int); COMMENT ON TABLE t IS 'x'; GRANT SELECT ON t TO r",
		  "CREATE TABLE u (a int); GRANT SELECT ON u TO r; COMMENT ON TABLE u IS 'x'" },
		{ "CREATE TABLE t (a int); GRANT SELECT ON t TO r; GRANT INSERT ON t TO r",
		  "CREATE TABLE u (a int); GRANT INSERT ON u TO r; GRANT SELECT ON u TO r" },
		/* a sequence's numbers written or implied, its type however spelt (compare_sequence()) */
		{ "CREATE SEQUENCE s", "CREATE SEQUENCE s2 START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1" },
		{ "CREATE SEQUENCE s AS integer", "CREATE SEQUENCE s2 AS pg_catalog.int4 START 1 MAXVALUE 2147483647 OWNED BY NONE" },
		{ "CREATE SEQUENCE s INCREMENT -1", "CREATE SEQUENCE s2 INCREMENT -1 START -1 MAXVALUE -1 MINVALUE -9223372036854775808" },
		/* a domain's base type and collation as a column's (compare_domain()) */
		{ "CREATE DOMAIN d AS uuid", "CREATE DOMAIN e AS pg_catalog.uuid" },
		{ "CREATE DOMAIN d AS text COLLATE \"C\"", "CREATE DOMAIN e AS text COLLATE pg_catalog.\"C\"" },
		{ "CREATE DOMAIN d AS varchar(5) COLLATE \"default\"", "CREATE DOMAIN e AS character varying(5)" },
		/* an index as index_canonical() reads it */
		{ "CREATE INDEX i ON t (a) WITH (fillfactor=90)", "CREATE INDEX j ON t USING btree ((a) ASC) WITH (fillfactor='90')" },
	};
	static const char *const other[][2] = {
		{ "CREATE SEQUENCE s", "CREATE SEQUENCE s2 START 2" },
		{ "CREATE SEQUENCE s AS integer", "CREATE SEQUENCE s2" },
		{ "CREATE SEQUENCE s INCREMENT -1", "CREATE SEQUENCE s2 INCREMENT -1 MAXVALUE -2" },
		{ "CREATE SEQUENCE s OWNED BY t.a", "CREATE SEQUENCE s2 OWNED BY t.b" },
		{ "CREATE DOMAIN d AS varchar(5)", "CREATE DOMAIN e AS varchar(6)" },
		{ "CREATE DOMAIN d AS text COLLATE \"C\"", "CREATE DOMAIN e AS text COLLATE \"POSIX\"" },
		{ "CREATE DOMAIN d AS text COLLATE \"C\"", "CREATE DOMAIN e AS text COLLATE app.\"C\"" },
		{ "CREATE DOMAIN d AS text", "CREATE DOMAIN e AS text COLLATE \"C\"" },
		{ "CREATE INDEX i ON t (a)", "CREATE INDEX j ON t (a DESC)" },
		{ "CREATE INDEX i ON t (a) WITH (fillfactor=90)", "CREATE INDEX j ON t (a) WITH (fillfactor=80)" },
		{ "CREATE INDEX i ON t (a)", "CREATE INDEX j ON t USING hash (a)" },
		{ "CREATE INDEX i ON t (a)", "CREATE INDEX j ON u (a)" },
		{ "CREATE INDEX i ON t (a)", "CREATE UNIQUE INDEX j ON t (a)" },
		{ "CREATE TABLE t (a int REFERENCES r (id))", "CREATE TABLE u (a int REFERENCES app.r (id))" },
		{ "CREATE TABLE t (a int4)", "CREATE TABLE u (a int8)" },
		/* the path resolves mytype: another type */
		{ "CREATE TABLE t (a mytype)", "SET search_path = app; CREATE TABLE public.u (a mytype)" },
		{ "CREATE DOMAIN d AS int NOT NULL", "CREATE DOMAIN e AS int; ALTER DOMAIN e DROP NOT NULL" },
		{ "CREATE TYPE e AS ENUM ('a', 'b', 'c')", "CREATE TYPE f AS ENUM ('a', 'b'); ALTER TYPE f ADD VALUE 'c' BEFORE 'a'" },
		{ "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql STABLE AS 'select a'",
		  "CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql STABLE AS 'select a'; ALTER FUNCTION g(int) VOLATILE" },
		{ "CREATE VIEW v AS SELECT a FROM x", "CREATE VIEW w AS SELECT a FROM app.x" },
		{ "CREATE TABLE t (a int CHECK (a > 0))", "CREATE TABLE u (a int CHECK (a > 1))" },
		{ "CREATE TABLE t (a int, b int)", "CREATE TABLE u (b int, a int)" },
		{ "CREATE TABLE t (a int UNIQUE)", "CREATE TABLE u (a int PRIMARY KEY)" },
		{ "CREATE TABLE t (a int CONSTRAINT c CHECK (a > 0))", "CREATE TABLE u (a int CONSTRAINT d CHECK (a > 0))" },
		{ "CREATE TABLE t (a int); COMMENT ON TABLE t IS 'x'; COMMENT ON TABLE t IS 'y'",
		  "CREATE TABLE u (a int); COMMENT ON TABLE u IS 'y'; COMMENT ON TABLE u IS 'x'" },
		{ "CREATE TABLE t (a int); REVOKE ALL ON t FROM PUBLIC; GRANT SELECT ON t TO PUBLIC",
		  "CREATE TABLE u (a int); GRANT SELECT ON u TO PUBLIC; REVOKE ALL ON u FROM PUBLIC" },
		{ "CREATE TABLE t (a int); ALTER TABLE t DROP CONSTRAINT IF EXISTS c; ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
		  "CREATE TABLE u (a int); ALTER TABLE u ADD CONSTRAINT c CHECK (a > 0); ALTER TABLE u DROP CONSTRAINT IF EXISTS c" },
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char *h1 = ddl_semantic_hash(same[i][0], 1), *h2 = ddl_semantic_hash(same[i][1], 1);
		if (!h1 || !h2 || strcmp(h1, h2))
			fprintf(stderr, "hash same: %s | %s\n", same[i][0], same[i][1]);
		CU_ASSERT_TRUE(h1 && h2 && !strcmp(h1, h2));
		free(h1);
		free(h2);
	}
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		char *h1 = ddl_semantic_hash(other[i][0], 1), *h2 = ddl_semantic_hash(other[i][1], 1);
		if (!h1 || !h2 || !strcmp(h1, h2))
			fprintf(stderr, "hash other: %s | %s\n", other[i][0], other[i][1]);
		CU_ASSERT_TRUE(h1 && h2 && strcmp(h1, h2));
		free(h1);
		free(h2);
	}
}

/*
 * The identical-rated pairs of this file whose hashes still differ (288 of 422 compared
 * before round 23, 79 after, 59 since sequences, domains and indexes are hashed as compared
 * in round 24; 68 with round 26's sweep, whose pairs add 9: a materialized view's USING heap
 * and TABLESPACE pg_default, a view's column list naming its columns, identity options at
 * their defaults, a foreign table's IF NOT EXISTS and a default's literal): a ceiling, lowered
 * when another rule is shared with the hash; docs/classification.md says which rules are not
 * and why.
 */
#define RENAME_HASH_GAP_CEILING 68

/* The tally of tally_hashes(): identical-rated pairs whose rename hashes differ. */
static void test_rename_hash_agrees(void)
{
	fprintf(stderr, "\n  rename hash: %zu of %zu identical-rated pairs hash apart\n", hash_tally.apart,
		hash_tally.identical);
	CU_ASSERT_TRUE(hash_tally.identical > 0);
	CU_ASSERT_TRUE(hash_tally.apart <= RENAME_HASH_GAP_CEILING);
}

/* Round 26's sweep of statement kinds (triggers, policies, rules, partitions, materialized
   views, views with CTEs / windows / LATERAL / VALUES / set operations, COMMENT ON, identity
   and generated columns, exclusion constraints, collations, CREATE TYPE, aggregates, operators,
   casts, event triggers, text search, foreign tables, extensions, storage parameters,
   DEFERRABLE, defaults with casts, NULLS NOT DISTINCT): each pair was run on PostgreSQL 15
   (after the objects it names were made) and compared by pg_dump -s and the catalog rows
   (pg_class, pg_attribute, pg_attrdef, pg_constraint, pg_index, pg_trigger, pg_policy,
   pg_rewrite, pg_proc, pg_type, pg_enum, pg_aggregate, pg_operator, pg_cast, pg_collation,
   pg_event_trigger, pg_description, pg_range, text search, pg_foreign_table, pg_extension;
   node trees without locations and oids). same: stored alike, rated as no change (PATCH, no
   hazard, no definition or statement change). other: stored otherwise, rated as a change.
   The pairs the server stores alike but the comparison rates as a change are listed in
   docs/classification.md, not here. */
static int rated_no_change(json_t *r)
{
	json_t *d = json_object_get(r, "detail"), *v;
	const char *k;
	if (strcmp(severity(r), "PATCH") || json_array_size(json_object_get(r, "hazards")))
		return 0;
	json_object_foreach(d, k, v) {
		size_t n = strlen(k);
		if (!strcmp(k, "definition_changed") ? json_is_true(v)
		    : !strncmp(k, "statements_", 11) ||
			      (n > 8 && !strcmp(k + n - 8, "_changed") && strcmp(k, "statement_form_changed")))
			return 0;
	}
	return 1;
}

static void test_sweep_round26(void)
{
	static const char *const same[][2] = {
		/* trigger */
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE PROCEDURE tf()" },
		{ "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr AFTER INSERT ON t EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR ROW EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE UPDATE OR INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (new.A > 0) EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a <> 0) EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a != 0) EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a > 0 AND NEW.b > 0) EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN ((NEW.a > 0) AND (NEW.b > 0)) EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf('x')",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf(x)" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf(1)",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf('1')" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf(1.50)",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf('1.50')" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf(abc)",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf(\"abc\")" },
		{ "CREATE TRIGGER tr AFTER INSERT ON t REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr AFTER INSERT ON t REFERENCING NEW TABLE nt FOR EACH STATEMENT EXECUTE FUNCTION tf()" },
		{ "CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON t NOT DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()" },
		{ "CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON t INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tf()" },
		/* policy */
		{ "CREATE POLICY p ON t USING (a > 0)",
		  "CREATE POLICY p ON t FOR ALL TO PUBLIC USING ((a > 0))" },
		{ "CREATE POLICY p ON t USING (a > 0)",
		  "CREATE POLICY p ON t AS PERMISSIVE USING (a > 0)" },
		{ "CREATE POLICY p ON t TO r1, r2 USING (a > 0)",
		  "CREATE POLICY p ON t TO r2, r1 USING (a > 0)" },
		{ "CREATE POLICY p ON t USING (c = current_user)",
		  "CREATE POLICY p ON t USING (c = CURRENT_USER)" },
		/* rule */
		{ "CREATE RULE rr AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (NEW.a)",
		  "CREATE RULE rr AS ON INSERT TO t DO INSERT INTO log VALUES (new.a)" },
		{ "CREATE RULE rr AS ON INSERT TO t DO INSTEAD NOTHING",
		  "CREATE RULE rr AS ON INSERT TO t DO INSTEAD ()" },
		{ "CREATE RULE rr AS ON INSERT TO t DO (INSERT INTO log VALUES (NEW.a))",
		  "CREATE RULE rr AS ON INSERT TO t DO INSERT INTO log VALUES (NEW.a)" },
		{ "CREATE RULE rr AS ON INSERT TO t DO (INSERT INTO log VALUES (NEW.a);)",
		  "CREATE RULE rr AS ON INSERT TO t DO INSERT INTO log VALUES (NEW.a)" },
		{ "CREATE RULE rr AS ON INSERT TO t WHERE NEW.a > 0 DO INSERT INTO log VALUES (NEW.a)",
		  "CREATE RULE rr AS ON INSERT TO t WHERE (new.a > 0) DO INSERT INTO log VALUES (NEW.a)" },
		{ "CREATE RULE rr AS ON INSERT TO t DO INSERT INTO log VALUES (NEW.a)",
		  "CREATE OR REPLACE RULE rr AS ON INSERT TO public.t DO INSERT INTO public.log VALUES (NEW.a)" },
		/* partition */
		{ "CREATE TABLE p (a int, b text) PARTITION BY RANGE (a)",
		  "create table P (A int, B text) partition by range (A)" },
		{ "CREATE TABLE p (a int, b text) PARTITION BY RANGE ((a + 1))",
		  "CREATE TABLE p (a int, b text) PARTITION BY RANGE ((a+1))" },
		{ "CREATE TABLE p (a int, b text) PARTITION BY RANGE (abs(a))",
		  "CREATE TABLE p (a int, b text) PARTITION BY RANGE ((abs(a)))" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('1') TO ('10')" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (MINVALUE) TO (10)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (minvalue) TO (10)" },
		{ "CREATE TABLE p1 PARTITION OF p DEFAULT",
		  "CREATE TABLE public.p1 PARTITION OF public.p DEFAULT" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (NULL)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (null)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES WITH (MODULUS 4, REMAINDER 1)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES WITH (REMAINDER 1, MODULUS 4)" },
		/* matview */
		{ "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t",
		  "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t WITH DATA" },
		{ "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t",
		  "CREATE MATERIALIZED VIEW mv AS SELECT t.a FROM public.t" },
		{ "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t",
		  "CREATE MATERIALIZED VIEW mv USING heap AS SELECT a FROM t" },
		{ "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t",
		  "CREATE MATERIALIZED VIEW mv TABLESPACE pg_default AS SELECT a FROM t" },
		{ "CREATE MATERIALIZED VIEW mv WITH (fillfactor = 70) AS SELECT a FROM t",
		  "CREATE MATERIALIZED VIEW mv WITH (FILLFACTOR=70) AS SELECT a FROM t" },
		{ "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t",
		  "CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT a FROM t" },
		/* storage */
		{ "CREATE TABLE s (a int) WITH (fillfactor = 70)",
		  "CREATE TABLE s (a int) WITH (fillfactor = '70')" },
		{ "CREATE TABLE s (a int) WITH (autovacuum_enabled)",
		  "CREATE TABLE s (a int) WITH (autovacuum_enabled = true)" },
		{ "CREATE TABLE s (a int)",
		  "CREATE TABLE s (a int) WITH (oids = false)" },
		{ "CREATE TABLE s (a int)",
		  "CREATE TABLE s (a int) WITHOUT OIDS" },
		{ "CREATE TABLE s (a int)",
		  "CREATE TABLE s (a int) TABLESPACE pg_default" },
		{ "CREATE TABLE s (a int)",
		  "CREATE TABLE s (a int) USING heap" },
		{ "CREATE TABLE s (a int PRIMARY KEY)",
		  "CREATE TABLE s (a int PRIMARY KEY USING INDEX TABLESPACE pg_default)" },
		/* view */
		{ "CREATE VIEW v AS SELECT a, sum(b) OVER (PARTITION BY c ORDER BY a) AS s FROM t",
		  "CREATE VIEW v AS SELECT a, sum(b) OVER (PARTITION BY c ORDER BY a ASC) AS s FROM t" },
		{ "CREATE VIEW v AS SELECT a, sum(b) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s FROM t",
		  "CREATE VIEW v AS SELECT a, sum(b) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE NO OTHERS) AS s FROM t" },
		{ "CREATE VIEW v AS SELECT x, y FROM (VALUES (1, 'a')) v(x, y)",
		  "CREATE VIEW v AS SELECT x, y FROM (VALUES (1, 'a')) AS v (x, y)" },
		{ "CREATE VIEW v AS SELECT a FROM t UNION SELECT b FROM t",
		  "CREATE VIEW v AS SELECT a FROM t UNION DISTINCT SELECT b FROM t" },
		{ "CREATE VIEW v AS SELECT a FROM t UNION SELECT b FROM t",
		  "CREATE VIEW v AS (SELECT a FROM t) UNION (SELECT b FROM t)" },
		{ "CREATE VIEW v AS SELECT a FROM t",
		  "CREATE VIEW v AS SELECT a AS a FROM t" },
		{ "CREATE VIEW v AS SELECT x.a FROM t AS x",
		  "CREATE VIEW v AS SELECT x.a FROM t x" },
		{ "CREATE VIEW v AS SELECT a FROM t",
		  "CREATE VIEW v AS SELECT a FROM t*" },
		{ "CREATE VIEW v AS SELECT a FROM t LIMIT 5",
		  "CREATE VIEW v AS SELECT a FROM t FETCH FIRST 5 ROWS ONLY" },
		{ "CREATE VIEW v AS SELECT a FROM t LIMIT 1",
		  "CREATE VIEW v AS SELECT a FROM t FETCH FIRST ROW ONLY" },
		{ "CREATE VIEW v AS SELECT a::text FROM t",
		  "CREATE VIEW v AS SELECT CAST(a AS text) FROM t" },
		{ "CREATE VIEW v WITH (security_barrier) AS SELECT a FROM t",
		  "CREATE VIEW v WITH (security_barrier = true) AS SELECT a FROM t" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE a > 0 WITH CHECK OPTION",
		  "CREATE VIEW v AS SELECT a FROM t WHERE a > 0 WITH CASCADED CHECK OPTION" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE c LIKE 'x%'",
		  "CREATE VIEW v AS SELECT a FROM t WHERE c ~~ 'x%'" },
		{ "CREATE VIEW v AS SELECT a, b FROM t",
		  "CREATE VIEW v (a, b) AS SELECT a, b FROM t" },
		/* comment */
		{ "COMMENT ON AGGREGATE ag(int) IS 'x'",
		  "COMMENT ON AGGREGATE ag(integer) IS 'x'" },
		{ "COMMENT ON TABLE t IS 'xy'",
		  "COMMENT ON TABLE t IS 'x'\n'y'" },
		{ "COMMENT ON TABLE t IS 'it''s'",
		  "COMMENT ON TABLE t IS $$it's$$" },
		{ "COMMENT ON TABLE t IS 'a\\b'",
		  "COMMENT ON TABLE t IS E'a\\\\b'" },
		{ "COMMENT ON TABLE t IS NULL",
		  "COMMENT ON TABLE t IS ''" },
		/* identity */
		{ "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY)",
		  "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1))" },
		{ "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY)",
		  "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME g_a_seq))" },
		{ "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY)",
		  "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME public.g_a_seq))" },
		{ "CREATE TABLE g (a int GENERATED ALWAYS AS IDENTITY)",
		  "CREATE TABLE g (a int GENERATED ALWAYS AS IDENTITY NOT NULL)" },
		{ "CREATE TABLE g (a int GENERATED ALWAYS AS IDENTITY)",
		  "CREATE TABLE g (a int NOT NULL GENERATED ALWAYS AS IDENTITY (CACHE 1 NO CYCLE MINVALUE 1 NO MAXVALUE))" },
		/* generated */
		{ "CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED)",
		  "CREATE TABLE g (a int, b int GENERATED ALWAYS AS ((a*2)) STORED)" },
		{ "CREATE TABLE g (a int, b text GENERATED ALWAYS AS (a::text) STORED)",
		  "CREATE TABLE g (a int, b text GENERATED ALWAYS AS (CAST(a AS text)) STORED)" },
		/* exclusion */
		{ "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&))",
		  "CREATE TABLE x (a int, r int4range, CONSTRAINT x_r_excl EXCLUDE USING gist (r WITH &&))" },
		{ "CREATE TABLE x (a int, r int4range, EXCLUDE (a WITH =))",
		  "CREATE TABLE x (a int, r int4range, EXCLUDE USING btree (a WITH =))" },
		/* collation */
		{ "CREATE TABLE cc (a text COLLATE \"C\")",
		  "CREATE TABLE cc (a text COLLATE pg_catalog.\"C\")" },
		{ "CREATE TABLE cc (a text)",
		  "CREATE TABLE cc (a text COLLATE \"default\")" },
		{ "CREATE DOMAIN dc AS text",
		  "CREATE DOMAIN dc AS text COLLATE \"default\"" },
		/* type */
		{ "CREATE TYPE ct AS (a int, b text)",
		  "CREATE TYPE ct AS (a integer, b text)" },
		{ "CREATE TYPE en AS ENUM ('a', 'b')",
		  "CREATE TYPE en AS ENUM (E'a', $$b$$)" },
		{ "CREATE TYPE en AS ENUM ('a', 'b', 'c')",
		  "CREATE TYPE en AS ENUM ('a', 'b'); ALTER TYPE en ADD VALUE 'c'" },
		{ "CREATE TYPE rg AS RANGE (subtype = int4)",
		  "CREATE TYPE rg AS RANGE (SUBTYPE = integer)" },
		/* aggregate */
		{ "CREATE AGGREGATE ag(int) (sfunc = int4pl, stype = int)",
		  "CREATE AGGREGATE ag(integer) (SFUNC = int4pl, STYPE = int4)" },
		{ "CREATE AGGREGATE ag(int) (sfunc = int4pl, stype = int, initcond = 0)",
		  "CREATE AGGREGATE ag(int) (sfunc = int4pl, stype = int, initcond = '0')" },
		/* operator */
		{ "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq)",
		  "CREATE OPERATOR === (LEFTARG = int4, RIGHTARG = integer, PROCEDURE = int4eq)" },
		{ "CREATE OPERATOR public.=== (leftarg = int, rightarg = int, function = int4eq)",
		  "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq)" },
		/* evtrigger */
		{ "CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION etf()",
		  "CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE PROCEDURE etf()" },
		/* textsearch */
		{ "CREATE TEXT SEARCH DICTIONARY dd (TEMPLATE = simple, accept = false)",
		  "CREATE TEXT SEARCH DICTIONARY dd (TEMPLATE = simple, accept = 'false')" },
		/* foreign */
		{ "CREATE FOREIGN TABLE ft (a int) SERVER srv OPTIONS (table_name 'x')",
		  "CREATE FOREIGN TABLE ft (a integer) SERVER srv OPTIONS (TABLE_NAME 'x')" },
		{ "CREATE FOREIGN TABLE ft (a int) SERVER srv",
		  "CREATE FOREIGN TABLE IF NOT EXISTS public.ft (a int) SERVER srv" },
		{ "CREATE FOREIGN TABLE ft (a int DEFAULT 0) SERVER srv",
		  "CREATE FOREIGN TABLE ft (a int DEFAULT '0') SERVER srv" },
		/* extension */
		{ "CREATE EXTENSION hstore",
		  "CREATE EXTENSION IF NOT EXISTS hstore" },
		/* deferrable */
		{ "CREATE TABLE d (a int UNIQUE)",
		  "CREATE TABLE d (a int UNIQUE NOT DEFERRABLE)" },
		{ "CREATE TABLE d (a int UNIQUE DEFERRABLE)",
		  "CREATE TABLE d (a int UNIQUE DEFERRABLE INITIALLY IMMEDIATE)" },
		{ "CREATE TABLE d (a int UNIQUE INITIALLY DEFERRED)",
		  "CREATE TABLE d (a int UNIQUE DEFERRABLE INITIALLY DEFERRED)" },
		{ "CREATE TABLE d (a int, UNIQUE (a) DEFERRABLE)",
		  "CREATE TABLE d (a int, UNIQUE (a) INITIALLY IMMEDIATE DEFERRABLE)" },
		{ "CREATE TABLE d (a int REFERENCES r (id))",
		  "CREATE TABLE d (a int REFERENCES r (id) MATCH SIMPLE ON DELETE NO ACTION ON UPDATE NO ACTION NOT DEFERRABLE)" },
		{ "CREATE TABLE d (a int REFERENCES r (id) DEFERRABLE INITIALLY DEFERRED)",
		  "CREATE TABLE d (a int REFERENCES r (id) INITIALLY DEFERRED)" },
		{ "CREATE TABLE d (a int, CHECK (a > 0))",
		  "CREATE TABLE d (a int, CHECK (a > 0) NOT DEFERRABLE)" },
		{ "CREATE TABLE d (a int, EXCLUDE USING gist (a WITH =) INITIALLY DEFERRED)",
		  "CREATE TABLE d (a int, EXCLUDE USING gist (a WITH =) DEFERRABLE INITIALLY DEFERRED)" },
		/* default */
		{ "CREATE TABLE df (d date DEFAULT now()::date)",
		  "CREATE TABLE df (d date DEFAULT CAST(now() AS date))" },
		{ "CREATE TABLE df (d date DEFAULT now()::date)",
		  "CREATE TABLE df (d date DEFAULT (now())::date)" },
		{ "CREATE TABLE df (c text DEFAULT 'x'::text)",
		  "CREATE TABLE df (c text DEFAULT 'x')" },
		{ "CREATE TABLE df (c text DEFAULT 'x'::text)",
		  "CREATE TABLE df (c text DEFAULT ('x'::text))" },
		{ "CREATE TABLE df (c varchar(10) DEFAULT 'x'::character varying)",
		  "CREATE TABLE df (c varchar(10) DEFAULT 'x')" },
		{ "CREATE TABLE df (n int DEFAULT NULL)",
		  "CREATE TABLE df (n int)" },
		{ "CREATE TABLE df (n int DEFAULT NULL::int)",
		  "CREATE TABLE df (n int)" },
		{ "CREATE TABLE df (j jsonb DEFAULT '{}'::jsonb)",
		  "CREATE TABLE df (j jsonb DEFAULT '{}')" },
		{ "CREATE TABLE df (b boolean DEFAULT false)",
		  "CREATE TABLE df (b boolean DEFAULT 'f')" },
		{ "CREATE TABLE df (b boolean DEFAULT false)",
		  "CREATE TABLE df (b boolean DEFAULT 'false'::boolean)" },
		/* nulls */
		{ "CREATE TABLE u (a int UNIQUE)",
		  "CREATE TABLE u (a int UNIQUE NULLS DISTINCT)" },
		{ "CREATE TABLE u (a int, b int, UNIQUE NULLS NOT DISTINCT (a, b))",
		  "CREATE TABLE u (a int, b int, CONSTRAINT u_a_b_key UNIQUE NULLS NOT DISTINCT (a, b))" },
		{ "CREATE UNIQUE INDEX ui ON u (a)",
		  "CREATE UNIQUE INDEX ui ON u (a) NULLS DISTINCT" },
		{ "CREATE UNIQUE INDEX ui ON u (a) NULLS NOT DISTINCT",
		  "CREATE UNIQUE INDEX ui ON public.u USING btree (a) NULLS NOT DISTINCT" },
	};
	static const char *const other[][2] = {
		/* trigger */
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a >= 0) EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.a IS DISTINCT FROM OLD.a) EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.a <> OLD.a) EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE UPDATE OF a ON t FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE UPDATE OF b ON t FOR EACH ROW EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE UPDATE OF a ON t FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf('X')",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf(X)" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf(1.5)",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf(1.50)" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf('a', 'b')",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf('b', 'a')" },
		{ "CREATE TRIGGER tr AFTER INSERT ON t REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr AFTER INSERT ON t REFERENCING NEW TABLE AS nt2 FOR EACH STATEMENT EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr AFTER UPDATE ON t REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr AFTER UPDATE ON t REFERENCING OLD TABLE AS n NEW TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION tf()" },
		{ "CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON t DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE UPDATE OF a, b ON t FOR EACH ROW EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE UPDATE OF b, a ON t FOR EACH ROW EXECUTE FUNCTION tf()" },
		{ "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a IN (1, 2)) EXECUTE FUNCTION tf()",
		  "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a IN (2, 1)) EXECUTE FUNCTION tf()" },
		/* policy */
		{ "CREATE POLICY p ON t USING (a > 0)",
		  "CREATE POLICY p ON t AS RESTRICTIVE USING (a > 0)" },
		{ "CREATE POLICY p ON t USING (a > 0)",
		  "CREATE POLICY p ON t WITH CHECK (a > 0)" },
		{ "CREATE POLICY p ON t USING (a > 0)",
		  "CREATE POLICY p ON t USING (a > 0) WITH CHECK (a > 0)" },
		{ "CREATE POLICY p ON t FOR SELECT USING (a > 0)",
		  "CREATE POLICY p ON t FOR UPDATE USING (a > 0)" },
		{ "CREATE POLICY p ON t TO r1 USING (a > 0)",
		  "CREATE POLICY p ON t TO r2 USING (a > 0)" },
		{ "CREATE POLICY p ON t USING (c = current_user)",
		  "CREATE POLICY p ON t USING (c = session_user)" },
		{ "CREATE POLICY p ON t USING (c = current_user)",
		  "CREATE POLICY p ON t USING (c = current_role)" },
		{ "CREATE POLICY p ON t USING (c = current_user)",
		  "CREATE POLICY p ON t USING (c = user)" },
		{ "CREATE POLICY p ON t FOR INSERT WITH CHECK (a > 0)",
		  "CREATE POLICY p ON t FOR INSERT WITH CHECK (a >= 0)" },
		{ "CREATE POLICY p ON t USING (a > 0 OR b > 0)",
		  "CREATE POLICY p ON t USING (b > 0 OR a > 0)" },
		{ "CREATE POLICY p ON t USING (c = 'x')",
		  "CREATE POLICY p ON t USING (c = 'x'::varchar)" },
		{ "CREATE POLICY p ON t USING (EXISTS (SELECT 1 FROM t t2 WHERE t2.a = t.a))",
		  "CREATE POLICY p ON t USING (EXISTS (SELECT FROM t t2 WHERE t2.a = t.a))" },
		{ "CREATE POLICY p ON t TO r1 USING (a > 0)",
		  "CREATE POLICY p ON t TO r1, public USING (a > 0)" },
		{ "CREATE POLICY p ON t FOR SELECT TO r1 USING (true)",
		  "CREATE POLICY p ON t FOR SELECT TO r1 USING (NOT false)" },
		/* rule */
		{ "CREATE RULE rr AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (NEW.a)",
		  "CREATE RULE rr AS ON INSERT TO t DO INSTEAD INSERT INTO log VALUES (NEW.a)" },
		{ "CREATE RULE rr AS ON INSERT TO t DO INSERT INTO log VALUES (NEW.a)",
		  "CREATE RULE rr AS ON INSERT TO t WHERE NEW.a > 0 DO INSERT INTO log VALUES (NEW.a)" },
		{ "CREATE RULE rr AS ON INSERT TO t DO INSERT INTO log VALUES (NEW.a)",
		  "CREATE RULE rr AS ON UPDATE TO t DO INSERT INTO log VALUES (NEW.a)" },
		{ "CREATE RULE rr AS ON INSERT TO t DO (INSERT INTO log VALUES (1); INSERT INTO log VALUES (2))",
		  "CREATE RULE rr AS ON INSERT TO t DO (INSERT INTO log VALUES (2); INSERT INTO log VALUES (1))" },
		{ "CREATE RULE rr AS ON INSERT TO t DO INSERT INTO log VALUES (NEW.a)",
		  "CREATE RULE rr AS ON INSERT TO t DO INSERT INTO log SELECT NEW.a" },
		{ "CREATE RULE rr AS ON DELETE TO t DO DELETE FROM log WHERE a = OLD.a",
		  "CREATE RULE rr AS ON DELETE TO t DO DELETE FROM log l WHERE l.a = OLD.a" },
		{ "CREATE RULE rr AS ON INSERT TO t DO NOTIFY ch",
		  "CREATE RULE rr AS ON INSERT TO t DO NOTIFY ch2" },
		/* partition */
		{ "CREATE TABLE p (a int, b text) PARTITION BY RANGE (a)",
		  "CREATE TABLE p (a int, b text) PARTITION BY LIST (a)" },
		{ "CREATE TABLE p (a int, b text) PARTITION BY RANGE (a)",
		  "CREATE TABLE p (a int, b text) PARTITION BY RANGE (a, b)" },
		{ "CREATE TABLE p (a int, b text) PARTITION BY RANGE (b)",
		  "CREATE TABLE p (a int, b text) PARTITION BY RANGE (b COLLATE \"C\")" },
		{ "CREATE TABLE p (a int, b text) PARTITION BY RANGE ((a + 1))",
		  "CREATE TABLE p (a int, b text) PARTITION BY RANGE ((1 + a))" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (11)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (MINVALUE) TO (10)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (-2147483648) TO (10)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10)",
		  "CREATE TABLE p1 PARTITION OF p DEFAULT" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10)",
		  "CREATE TABLE p1 PARTITION OF p (a DEFAULT 5) FOR VALUES FROM (1) TO (10)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10)",
		  "CREATE TABLE p1 PARTITION OF p (b NOT NULL) FOR VALUES FROM (1) TO (10)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10) WITH (fillfactor = 70)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1, 2)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (2, 1)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1, 2)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1, 3)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1, NULL)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES WITH (MODULUS 4, REMAINDER 1)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES WITH (modulus 4, remainder 2)" },
		{ "CREATE TABLE p1 PARTITION OF p FOR VALUES WITH (MODULUS 4, REMAINDER 1)",
		  "CREATE TABLE p1 PARTITION OF p FOR VALUES WITH (MODULUS 8, REMAINDER 1)" },
		{ "ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM (1) TO (10)",
		  "ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM (1) TO (20)" },
		/* matview */
		{ "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t",
		  "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t WITH NO DATA" },
		{ "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t",
		  "CREATE MATERIALIZED VIEW mv (x) AS SELECT a FROM t" },
		{ "CREATE MATERIALIZED VIEW mv WITH (fillfactor = 70) AS SELECT a FROM t",
		  "CREATE MATERIALIZED VIEW mv WITH (fillfactor = 80) AS SELECT a FROM t" },
		/* storage */
		{ "CREATE TABLE s (a int) WITH (fillfactor = 70)",
		  "CREATE TABLE s (a int) WITH (fillfactor = '070')" },
		{ "CREATE TABLE s (a int) WITH (autovacuum_enabled = false)",
		  "CREATE TABLE s (a int) WITH (autovacuum_enabled = off)" },
		{ "CREATE TABLE s (a int) WITH (fillfactor = 70, autovacuum_enabled = false)",
		  "CREATE TABLE s (a int) WITH (autovacuum_enabled = false, fillfactor = 70)" },
		{ "CREATE TABLE s (a int PRIMARY KEY)",
		  "CREATE TABLE s (a int PRIMARY KEY WITH (fillfactor = 70))" },
		{ "CREATE TABLE s (a int); CREATE INDEX si ON s (a) WITH (fillfactor = 70)",
		  "CREATE TABLE s (a int); CREATE INDEX si ON s (a) WITH (fillfactor = 90)" },
		{ "CREATE TABLE s (a int) WITH (toast.autovacuum_enabled = false)",
		  "CREATE TABLE s (a int) WITH (autovacuum_enabled = false)" },
		{ "CREATE TABLE s (a int) WITH (fillfactor = 70)",
		  "CREATE TABLE s (a int) WITH (fillfactor = 70.0)" },
		{ "CREATE TABLE s (a text)",
		  "CREATE TABLE s (a text); ALTER TABLE s ALTER a SET STORAGE EXTERNAL" },
		{ "CREATE TABLE s (a text)",
		  "CREATE TABLE s (a text COMPRESSION pglz)" },
		{ "CREATE TABLE s (a text)",
		  "CREATE UNLOGGED TABLE s (a text)" },
		/* view */
		{ "CREATE VIEW v AS WITH c AS (SELECT a FROM t) SELECT a FROM c",
		  "CREATE VIEW v AS WITH c AS MATERIALIZED (SELECT a FROM t) SELECT a FROM c" },
		{ "CREATE VIEW v AS WITH c AS (SELECT a FROM t) SELECT a FROM c",
		  "CREATE VIEW v AS WITH c AS NOT MATERIALIZED (SELECT a FROM t) SELECT a FROM c" },
		{ "CREATE VIEW v AS WITH c AS (SELECT a FROM t) SELECT a FROM c",
		  "CREATE VIEW v AS WITH c (a) AS (SELECT a FROM t) SELECT a FROM c" },
		{ "CREATE VIEW v AS WITH c AS (SELECT a FROM t) SELECT a FROM c",
		  "CREATE VIEW v AS WITH c AS (SELECT t.a FROM public.t) SELECT c.a FROM c" },
		{ "CREATE VIEW v AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) SELECT n FROM c",
		  "CREATE VIEW v AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 6) SELECT n FROM c" },
		{ "CREATE VIEW v AS SELECT a, row_number() OVER (ORDER BY a) AS rn FROM t",
		  "CREATE VIEW v AS SELECT a, row_number() OVER w AS rn FROM t WINDOW w AS (ORDER BY a)" },
		{ "CREATE VIEW v AS SELECT a, sum(b) OVER (ORDER BY a ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s FROM t",
		  "CREATE VIEW v AS SELECT a, sum(b) OVER (ORDER BY a ROWS UNBOUNDED PRECEDING) AS s FROM t" },
		{ "CREATE VIEW v AS SELECT a, sum(b) OVER (ORDER BY a) AS s FROM t",
		  "CREATE VIEW v AS SELECT a, sum(b) OVER (ORDER BY a RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s FROM t" },
		{ "CREATE VIEW v AS SELECT a, sum(b) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s FROM t",
		  "CREATE VIEW v AS SELECT a, sum(b) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING) AS s FROM t" },
		{ "CREATE VIEW v AS SELECT a, sum(b) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) AS s FROM t",
		  "CREATE VIEW v AS SELECT a, sum(b) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE NO OTHERS) AS s FROM t" },
		{ "CREATE VIEW v AS SELECT t.a, s.x FROM t, LATERAL (SELECT t.a + 1 AS x) s",
		  "CREATE VIEW v AS SELECT t.a, s.x FROM t CROSS JOIN LATERAL (SELECT t.a + 1 AS x) s" },
		{ "CREATE VIEW v AS SELECT t.a, g FROM t, LATERAL generate_series(1, t.a) g",
		  "CREATE VIEW v AS SELECT t.a, g FROM t, generate_series(1, t.a) g" },
		{ "CREATE VIEW v AS SELECT t.a, s.x FROM t LEFT JOIN LATERAL (SELECT t.a + 1 AS x) s ON true",
		  "CREATE VIEW v AS SELECT t.a, s.x FROM t LEFT JOIN LATERAL (SELECT t.a + 1 AS x) s ON 1 = 1" },
		{ "CREATE VIEW v AS VALUES (1, 'a'), (2, 'b')",
		  "CREATE VIEW v AS VALUES (1, 'a'), (2, 'c')" },
		{ "CREATE VIEW v AS VALUES (1, 'a'), (2, 'b')",
		  "CREATE VIEW v AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS x(column1, column2)" },
		{ "CREATE VIEW v AS SELECT a FROM t UNION SELECT b FROM t",
		  "CREATE VIEW v AS SELECT a FROM t UNION ALL SELECT b FROM t" },
		{ "CREATE VIEW v AS SELECT a FROM t INTERSECT SELECT b FROM t",
		  "CREATE VIEW v AS SELECT a FROM t EXCEPT SELECT b FROM t" },
		{ "CREATE VIEW v AS SELECT a FROM t UNION SELECT b FROM t UNION SELECT a FROM t",
		  "CREATE VIEW v AS SELECT a FROM t UNION (SELECT b FROM t UNION SELECT a FROM t)" },
		{ "CREATE VIEW v AS SELECT a FROM t ORDER BY a",
		  "CREATE VIEW v AS SELECT a FROM t ORDER BY 1" },
		{ "CREATE VIEW v AS SELECT a, count(*) FROM t GROUP BY a",
		  "CREATE VIEW v AS SELECT a, count(*) FROM t GROUP BY 1" },
		{ "CREATE VIEW v AS SELECT a FROM t",
		  "CREATE VIEW v AS SELECT a FROM ONLY t" },
		{ "CREATE VIEW v AS SELECT a FROM t",
		  "CREATE VIEW v AS SELECT a FROM t LIMIT ALL" },
		{ "CREATE VIEW v AS SELECT a FROM t ORDER BY a LIMIT 5",
		  "CREATE VIEW v AS SELECT a FROM t ORDER BY a FETCH FIRST 5 ROWS WITH TIES" },
		{ "CREATE VIEW v AS SELECT a FROM t",
		  "CREATE VIEW v AS SELECT a FROM t OFFSET 0" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE a BETWEEN 1 AND 5",
		  "CREATE VIEW v AS SELECT a FROM t WHERE a >= 1 AND a <= 5" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE a IN (1, 2)",
		  "CREATE VIEW v AS SELECT a FROM t WHERE a = ANY (ARRAY[1, 2])" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE a NOT IN (1, 2)",
		  "CREATE VIEW v AS SELECT a FROM t WHERE a <> ALL (ARRAY[1, 2])" },
		{ "CREATE VIEW v AS SELECT a::text AS a FROM t",
		  "CREATE VIEW v AS SELECT text(a) AS a FROM t" },
		{ "CREATE VIEW v AS SELECT DISTINCT a FROM t",
		  "CREATE VIEW v AS SELECT DISTINCT ON (a) a FROM t" },
		{ "CREATE VIEW v AS SELECT count(*) AS n FROM t",
		  "CREATE VIEW v AS SELECT count(1) AS n FROM t" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE c IS NOT NULL",
		  "CREATE VIEW v AS SELECT a FROM t WHERE NOT c IS NULL" },
		{ "CREATE VIEW v AS SELECT trim(both from c) AS c FROM t",
		  "CREATE VIEW v AS SELECT btrim(c) AS c FROM t" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE c COLLATE \"C\" < 'x'",
		  "CREATE VIEW v AS SELECT a FROM t WHERE c < 'x'" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE c COLLATE \"C\" < 'x'",
		  "CREATE VIEW v AS SELECT a FROM t WHERE c COLLATE pg_catalog.\"C\" < 'x'" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE c COLLATE \"C\" < 'x'",
		  "CREATE VIEW v AS SELECT a FROM t WHERE c COLLATE \"POSIX\" < 'x'" },
		{ "CREATE VIEW v AS SELECT a FROM t",
		  "CREATE VIEW v WITH (security_barrier) AS SELECT a FROM t" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE a > 0",
		  "CREATE VIEW v AS SELECT a FROM t WHERE a > 0 WITH CHECK OPTION" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE a > 0 WITH LOCAL CHECK OPTION",
		  "CREATE VIEW v AS SELECT a FROM t WHERE a > 0 WITH CASCADED CHECK OPTION" },
		{ "CREATE VIEW v AS SELECT a FROM t",
		  "CREATE RECURSIVE VIEW v (a) AS SELECT a FROM t" },
		{ "CREATE VIEW v AS SELECT a, b FROM t ORDER BY a, b",
		  "CREATE VIEW v AS SELECT a, b FROM t ORDER BY b, a" },
		{ "CREATE VIEW v AS SELECT a FROM t GROUP BY GROUPING SETS ((a), ())",
		  "CREATE VIEW v AS SELECT a FROM t GROUP BY ROLLUP (a)" },
		{ "CREATE VIEW v AS SELECT a FROM t WHERE EXISTS (SELECT 1 FROM t t2)",
		  "CREATE VIEW v AS SELECT a FROM t WHERE EXISTS (SELECT 2 FROM t t2)" },
		{ "CREATE VIEW v AS SELECT coalesce(a, 0) AS a FROM t",
		  "CREATE VIEW v AS SELECT CASE WHEN a IS NOT NULL THEN a ELSE 0 END AS a FROM t" },
		/* comment */
		{ "COMMENT ON TABLE t IS 'x'",
		  "COMMENT ON TABLE t IS 'x '" },
		{ "COMMENT ON COLUMN t.a IS 'x'",
		  "COMMENT ON COLUMN t.b IS 'x'" },
		{ "COMMENT ON TRIGGER tr ON t IS 'x'",
		  "COMMENT ON TRIGGER tr ON t IS 'y'" },
		/* identity */
		{ "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY)",
		  "CREATE TABLE g (a int GENERATED ALWAYS AS IDENTITY)" },
		{ "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY)",
		  "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY (START 10))" },
		{ "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY)",
		  "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME g_seq))" },
		{ "CREATE TABLE g (a int GENERATED BY DEFAULT AS IDENTITY)",
		  "CREATE TABLE g (a bigint GENERATED BY DEFAULT AS IDENTITY)" },
		{ "CREATE TABLE g (a int GENERATED ALWAYS AS IDENTITY)",
		  "CREATE TABLE g (a int GENERATED ALWAYS AS IDENTITY (MAXVALUE 1000))" },
		{ "CREATE TABLE g (a int GENERATED ALWAYS AS IDENTITY)",
		  "CREATE TABLE g (a int GENERATED ALWAYS AS IDENTITY (INCREMENT -1))" },
		/* generated */
		{ "CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED)",
		  "CREATE TABLE g (a int, b int GENERATED ALWAYS AS (2 * a) STORED)" },
		{ "CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED)",
		  "CREATE TABLE g (a int, b bigint GENERATED ALWAYS AS (a * 2) STORED)" },
		{ "CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED)",
		  "CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED NOT NULL)" },
		/* exclusion */
		{ "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&))",
		  "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH =))" },
		{ "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (a WITH =, r WITH &&))",
		  "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&, a WITH =))" },
		{ "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&))",
		  "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&) WHERE (a > 0))" },
		{ "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&))",
		  "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&) DEFERRABLE)" },
		{ "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&))",
		  "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&) WITH (fillfactor = 70))" },
		{ "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&) WHERE (a > 0))",
		  "CREATE TABLE x (a int, r int4range, EXCLUDE USING gist (r WITH &&) WHERE (a >= 1))" },
		/* collation */
		{ "CREATE COLLATION co (provider = icu, locale = 'und')",
		  "CREATE COLLATION co (provider = icu, locale = 'und', deterministic = false)" },
		{ "CREATE COLLATION co (locale = 'C')",
		  "CREATE COLLATION co FROM \"C\"" },
		{ "CREATE COLLATION co (locale = 'C')",
		  "CREATE COLLATION co (locale = 'POSIX')" },
		{ "CREATE TABLE cc (a text COLLATE \"C\")",
		  "CREATE TABLE cc (a text COLLATE \"POSIX\")" },
		{ "CREATE TABLE cc (a text COLLATE \"C\")",
		  "CREATE TABLE cc (a text COLLATE \"C\" NOT NULL)" },
		{ "CREATE INDEX ci ON cc (a)",
		  "CREATE INDEX ci ON cc (a COLLATE \"C\")" },
		{ "CREATE TABLE cc (a text, CHECK (a > 'x'))",
		  "CREATE TABLE cc (a text, CHECK (a COLLATE \"C\" > 'x'))" },
		{ "CREATE DOMAIN dc AS text COLLATE \"C\"",
		  "CREATE DOMAIN dc AS text COLLATE \"POSIX\"" },
		/* type */
		{ "CREATE TYPE ct AS (a int, b text)",
		  "CREATE TYPE ct AS (b text, a int)" },
		{ "CREATE TYPE ct AS (a int, b text)",
		  "CREATE TYPE ct AS (a int, b text COLLATE \"C\")" },
		{ "CREATE TYPE ct AS (a int, b text)",
		  "CREATE TYPE ct AS (a int, b varchar)" },
		{ "CREATE TYPE ct AS (a numeric(10,2))",
		  "CREATE TYPE ct AS (a numeric(10,3))" },
		{ "CREATE TYPE en AS ENUM ('a', 'b')",
		  "CREATE TYPE en AS ENUM ('b', 'a')" },
		{ "CREATE TYPE en AS ENUM ('a', 'b')",
		  "CREATE TYPE en AS ENUM ('a', 'B')" },
		{ "CREATE TYPE en AS ENUM ('a', 'b')",
		  "CREATE TYPE en AS ENUM ('a', 'b ')" },
		{ "CREATE TYPE en AS ENUM ('a', 'b', 'c')",
		  "CREATE TYPE en AS ENUM ('a', 'c'); ALTER TYPE en ADD VALUE 'b' BEFORE 'c'" },
		{ "CREATE TYPE rg AS RANGE (subtype = float8)",
		  "CREATE TYPE rg AS RANGE (subtype = float8, subtype_diff = float8mi)" },
		{ "CREATE TYPE floatrange AS RANGE (subtype = float8)",
		  "CREATE TYPE floatrange AS RANGE (subtype = float8, multirange_type_name = floatmr)" },
		{ "CREATE TYPE rg AS RANGE (subtype = text)",
		  "CREATE TYPE rg AS RANGE (subtype = text, collation = \"C\")" },
		{ "CREATE TYPE rg AS RANGE (subtype = int4)",
		  "CREATE TYPE rg AS RANGE (subtype = int8)" },
		/* aggregate */
		{ "CREATE AGGREGATE ag(int) (sfunc = int4pl, stype = int)",
		  "CREATE AGGREGATE ag(int) (sfunc = int4mi, stype = int)" },
		{ "CREATE AGGREGATE ag(int) (sfunc = int4pl, stype = int, initcond = 0)",
		  "CREATE AGGREGATE ag(int) (sfunc = int4pl, stype = int, initcond = '00')" },
		{ "CREATE AGGREGATE ag(int) (sfunc = int4pl, stype = int)",
		  "CREATE AGGREGATE ag(int) (sfunc = int4pl, stype = int, parallel = safe)" },
		{ "CREATE AGGREGATE ag(int) (sfunc = int4pl, stype = int)",
		  "CREATE AGGREGATE ag(int) (sfunc = int4pl, stype = int, combinefunc = int4pl)" },
		{ "CREATE AGGREGATE ag(int) (sfunc = int4larger, stype = int)",
		  "CREATE AGGREGATE ag(int) (sfunc = int4larger, stype = int, sortop = >)" },
		{ "CREATE AGGREGATE ag(a int) (sfunc = int4pl, stype = int)",
		  "CREATE AGGREGATE ag(b int) (sfunc = int4pl, stype = int)" },
		/* operator */
		{ "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq)",
		  "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4ne)" },
		{ "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq)",
		  "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq, hashes)" },
		{ "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq)",
		  "CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq, restrict = eqsel)" },
		/* cast */
		{ "CREATE CAST (mood AS int) WITH FUNCTION mood_int(mood)",
		  "CREATE CAST (mood AS int) WITH FUNCTION mood_int(mood) AS ASSIGNMENT" },
		{ "CREATE CAST (mood AS int) WITH FUNCTION mood_int(mood) AS ASSIGNMENT",
		  "CREATE CAST (mood AS int) WITH FUNCTION mood_int(mood) AS IMPLICIT" },
		{ "CREATE CAST (mood AS text) WITH INOUT",
		  "CREATE CAST (mood AS text) WITH INOUT AS ASSIGNMENT" },
		{ "CREATE CAST (mood AS text) WITH INOUT",
		  "CREATE CAST (mood AS varchar) WITH INOUT" },
		/* evtrigger */
		{ "CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION etf()",
		  "CREATE EVENT TRIGGER et ON ddl_command_end EXECUTE FUNCTION etf()" },
		{ "CREATE EVENT TRIGGER et ON ddl_command_start WHEN TAG IN ('CREATE TABLE', 'DROP TABLE') EXECUTE FUNCTION etf()",
		  "CREATE EVENT TRIGGER et ON ddl_command_start WHEN TAG IN ('DROP TABLE', 'CREATE TABLE') EXECUTE FUNCTION etf()" },
		{ "CREATE EVENT TRIGGER et ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION etf()",
		  "CREATE EVENT TRIGGER et ON ddl_command_start WHEN TAG IN ('CREATE VIEW') EXECUTE FUNCTION etf()" },
		{ "CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION etf()",
		  "CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION etf(); ALTER EVENT TRIGGER et DISABLE" },
		/* textsearch */
		{ "CREATE TEXT SEARCH CONFIGURATION cfg (PARSER = default)",
		  "CREATE TEXT SEARCH CONFIGURATION cfg (COPY = english)" },
		{ "CREATE TEXT SEARCH CONFIGURATION cfg (COPY = english)",
		  "CREATE TEXT SEARCH CONFIGURATION cfg (COPY = simple)" },
		{ "CREATE TEXT SEARCH DICTIONARY dd (TEMPLATE = simple, STOPWORDS = english)",
		  "CREATE TEXT SEARCH DICTIONARY dd (TEMPLATE = simple, STOPWORDS = russian)" },
		{ "CREATE TEXT SEARCH DICTIONARY dd (TEMPLATE = simple, accept = false)",
		  "CREATE TEXT SEARCH DICTIONARY dd (TEMPLATE = simple, accept = off)" },
		/* foreign */
		{ "CREATE FOREIGN TABLE ft (a int) SERVER srv OPTIONS (table_name 'x', schema_name 's')",
		  "CREATE FOREIGN TABLE ft (a int) SERVER srv OPTIONS (schema_name 's', table_name 'x')" },
		{ "CREATE FOREIGN TABLE ft (a int) SERVER srv",
		  "CREATE FOREIGN TABLE ft (a int) SERVER srv2" },
		{ "CREATE FOREIGN TABLE ft (a int) SERVER srv",
		  "CREATE FOREIGN TABLE ft (a int OPTIONS (column_name 'b')) SERVER srv" },
		{ "CREATE FOREIGN TABLE ft (a int) SERVER srv",
		  "CREATE FOREIGN TABLE ft (a int NOT NULL) SERVER srv" },
		{ "CREATE FOREIGN TABLE ft (a int) SERVER srv OPTIONS (table_name 'x')",
		  "CREATE FOREIGN TABLE ft (a int) SERVER srv OPTIONS (table_name 'X')" },
		/* extension */
		{ "CREATE EXTENSION hstore",
		  "CREATE EXTENSION hstore VERSION '1.7'" },
		{ "CREATE EXTENSION hstore",
		  "CREATE EXTENSION hstore SCHEMA ext" },
		/* deferrable */
		{ "CREATE TABLE d (a int UNIQUE DEFERRABLE)",
		  "CREATE TABLE d (a int UNIQUE DEFERRABLE INITIALLY DEFERRED)" },
		{ "CREATE TABLE d (a int UNIQUE)",
		  "CREATE TABLE d (a int UNIQUE DEFERRABLE)" },
		{ "CREATE TABLE d (a int REFERENCES r (id))",
		  "CREATE TABLE d (a int REFERENCES r (id) DEFERRABLE)" },
		{ "CREATE TABLE d (a int REFERENCES r (id))",
		  "CREATE TABLE d (a int REFERENCES r (id) ON UPDATE RESTRICT)" },
		{ "CREATE TABLE d (a int REFERENCES r (id))",
		  "CREATE TABLE d (a int REFERENCES r (k))" },
		{ "CREATE TABLE d (a int, b int, FOREIGN KEY (a) REFERENCES r (id) ON DELETE SET NULL)",
		  "CREATE TABLE d (a int, b int, FOREIGN KEY (a) REFERENCES r (id) ON DELETE SET NULL (a))" },
		{ "CREATE TABLE d (a int PRIMARY KEY)",
		  "CREATE TABLE d (a int PRIMARY KEY DEFERRABLE)" },
		/* default */
		{ "CREATE TABLE df (d date DEFAULT now()::date)",
		  "CREATE TABLE df (d date DEFAULT CURRENT_DATE)" },
		{ "CREATE TABLE df (d date DEFAULT now()::date)",
		  "CREATE TABLE df (d date DEFAULT now())" },
		{ "CREATE TABLE df (c text DEFAULT 'x'::text)",
		  "CREATE TABLE df (c text DEFAULT 'x'::varchar)" },
		{ "CREATE TABLE df (c varchar(10) DEFAULT 'x'::text)",
		  "CREATE TABLE df (c varchar(10) DEFAULT 'x')" },
		{ "CREATE TABLE df (n bigint DEFAULT 0)",
		  "CREATE TABLE df (n bigint DEFAULT 0::bigint)" },
		{ "CREATE TABLE df (n bigint DEFAULT '0')",
		  "CREATE TABLE df (n bigint DEFAULT 0)" },
		{ "CREATE TABLE df (ts timestamptz DEFAULT now())",
		  "CREATE TABLE df (ts timestamptz DEFAULT CURRENT_TIMESTAMP)" },
		{ "CREATE TABLE df (ts timestamptz DEFAULT now())",
		  "CREATE TABLE df (ts timestamptz DEFAULT transaction_timestamp())" },
		{ "CREATE TABLE df (ts timestamp DEFAULT now())",
		  "CREATE TABLE df (ts timestamp DEFAULT now()::timestamp)" },
		{ "CREATE TABLE df (ts timestamp DEFAULT now()::timestamp)",
		  "CREATE TABLE df (ts timestamp DEFAULT LOCALTIMESTAMP)" },
		{ "CREATE TABLE df (n numeric DEFAULT 0)",
		  "CREATE TABLE df (n numeric DEFAULT 0::numeric)" },
		{ "CREATE TABLE df (n numeric DEFAULT 0.0)",
		  "CREATE TABLE df (n numeric DEFAULT 0)" },
		{ "CREATE TABLE df (a int[] DEFAULT '{}'::int[])",
		  "CREATE TABLE df (a int[] DEFAULT ARRAY[]::int[])" },
		/* nulls */
		{ "CREATE TABLE u (a int UNIQUE)",
		  "CREATE TABLE u (a int UNIQUE NULLS NOT DISTINCT)" },
		{ "CREATE UNIQUE INDEX ui ON u (a)",
		  "CREATE UNIQUE INDEX ui ON u (a) NULLS NOT DISTINCT" },
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		json_t *r = cmp(same[i][0], same[i][1]);
		if (!rated_no_change(r))
			fprintf(stderr, "same: %s | %s\n", same[i][0], same[i][1]);
		CU_ASSERT_TRUE(rated_no_change(r));
		json_decref(r);
	}
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		json_t *r = cmp(other[i][0], other[i][1]);
		if (rated_no_change(r))
			fprintf(stderr, "other: %s | %s\n", other[i][0], other[i][1]);
		CU_ASSERT_FALSE(rated_no_change(r));
		assert_hashes_apart(other[i][0], other[i][1]);
		json_decref(r);
	}
}

int main(void)
{
	CU_pSuite s;
	unsigned failures;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("ddl_classify", NULL, NULL);
	CU_add_test(s, "quoted and folded names", test_quoted_and_folded_names);
	CU_add_test(s, "lexical spellings stored alike and apart (round 25 sweep)", test_lexical_spellings);
	CU_add_test(s, "ALTER TABLE ... RENAME CONSTRAINT read into the CREATE", test_rename_constraint_read_into_create);
	CU_add_test(s, "casts, transforms, user mappings are named as the server names them",
		    test_identity_of_unnamed_objects_is_the_servers);
	CU_add_test(s, "a large object is named by its oid", test_large_object_named_by_oid);
	CU_add_test(s, "a chain deeper than a thread's stack", test_chain_deeper_than_the_stack);
	CU_add_test(s, "IMPORT FOREIGN SCHEMA names the local schema", test_import_foreign_schema);
	CU_add_test(s, "a statement nested deeper than the JSON reader is still classified", test_nested_too_deeply);
	CU_add_test(s, "long flat chains are not too deep", test_long_flat_chains);
	CU_add_test(s, "comments, strings, dollar quotes", test_comments_strings_and_dollar_quotes);
	CU_add_test(s, "statement variants and object kinds", test_statement_variants);
	CU_add_test(s, "generated names, separate statements", test_generated_names_and_separate_statements);
	CU_add_test(s, "generated names of expressions", test_generated_names_of_expressions);
	CU_add_test(s, "search_path tracking", test_search_path_tracking);
	CU_add_test(s, "objects without names", test_objects_without_names);
	CU_add_test(s, "type references, GRANT forms", test_type_references_and_grants);
	CU_add_test(s, "GRANTs compared by the privileges they name", test_grants_compared_by_privileges);
	CU_add_test(s, "GRANT ON [TABLE] a sequence and ON SEQUENCE", test_grant_on_sequence_table_form);
	CU_add_test(s, "columns reordered", test_columns_reordered);
	CU_add_test(s, "a function parameter's default dropped", test_function_parameter_default_removed);
	CU_add_test(s, "a domain's CHECK takes no access exclusive lock", test_domain_check_lock);
	CU_add_test(s, "an identity column's kind and options", test_identity_kind_and_options);
	CU_add_test(s, "other objects: catalog types however spelled", test_other_objects_catalog_type_spellings);
	CU_add_test(s, "renames, SET SCHEMA", test_renames_and_set_schema);
	CU_add_test(s, "other ALTER statements", test_other_alter_statements);
	CU_add_test(s, "statements naming no object", test_statements_naming_no_object);
	CU_add_test(s, "defining statement, counts", test_defining_statement_and_counts);
	CU_add_test(s, "unparseable", test_unparseable);
	CU_add_test(s, "formatting-only pairs", test_formatting_only_pairs);
	CU_add_test(s, "negative integers are not 0", test_negative_integers);
	CU_add_test(s, "DEFAULT NULL and COLLATE \"default\" are what the catalog holds", test_column_catalog_form);
	CU_add_test(s, "USING heap, TABLESPACE pg_default, WITH (oids = false) are no change", test_default_storage_options);
	CU_add_test(s, "DEFAULT 'a'::text is DEFAULT 'a'", test_default_casts_of_literals);
	CU_add_test(s, "numeric(p) is numeric(p,0)", test_numeric_scale_zero);
	CU_add_test(s, "routine identity arguments", test_routine_identity_arguments);
	CU_add_test(s, "CHECK (t <> ''::text) is CHECK (t <> '')", test_check_casts_of_literals);
	CU_add_test(s, "CHECK (x IN (1, 2)) is CHECK (x = ANY (ARRAY[1, 2]))", test_check_in_lists_and_literals);
	CU_add_test(s, "a column comment's relation kind from the blob", test_comment_on_column_relation_kind);
	CU_add_test(s, "semantic pairs", test_semantic_pairs);
	CU_add_test(s, "table changes", test_table_changes);
	CU_add_test(s, "constraint names in comparisons", test_constraint_names_in_comparisons);
	CU_add_test(s, "implied NOT NULL, serial", test_implied_not_null_and_serial);
	CU_add_test(s, "whole-row CHECK names", test_whole_row_check_names);
	CU_add_test(s, "result implied by OUT parameters", test_result_implied_by_out_parameters);
	CU_add_test(s, "function types without typmod", test_function_types_without_typmod);
	CU_add_test(s, "constraints added by later ALTER TABLE statements", test_constraints_added_by_later_statements);
	CU_add_test(s, "redundant index constraints", test_redundant_index_constraints);
	CU_add_test(s, "inline DEFERRABLE / INITIALLY", test_inline_constraint_attributes);
	CU_add_test(s, "schema-qualified built-in types", test_schema_qualified_builtin_types);
	CU_add_test(s, "function and view changes", test_function_and_view_changes);
	CU_add_test(s, "view column names", test_view_column_names);
	CU_add_test(s, "views as pg_get_viewdef() writes them", test_view_as_pg_get_viewdef_writes_it);
	CU_add_test(s, "a view's relation qualified with its search_path schema or not", test_view_relation_qualified);
	CU_add_test(s, "the privilege detail names the object's kind", test_privilege_detail_names_kind);
	CU_add_test(s, "a renamed table's identity sequence named from each side's table",
		    test_identity_sequence_of_renamed_table);
	CU_add_test(s, "ALTER TABLE s of a sequence s is its ALTER SEQUENCE s", test_alter_table_form_of_other_relation);
	CU_add_test(s, "a rule's or policy's relation qualified with its search_path schema or not",
		    test_rule_policy_relation_qualified);
	CU_add_test(s, "a standalone ALTER of t and of public.t where the path says public",
		    test_standalone_alter_relation_resolved);
	CU_add_test(s, "an ALTER of t after CREATE TABLE t and ALTER of public.t where the path says public",
		    test_own_alter_after_create_resolved);
	CU_add_test(s, "other changes", test_other_changes);
	CU_add_test(s, "a RENAME TO / SET SCHEMA of the blob's own object moves its identity",
		    test_rename_in_blob_moves_identity);
	CU_add_test(s, "a trigger's UPDATE OF columns in their order", test_trigger_update_of_order_is_stored);
	CU_add_test(s, "a search_path preamble that resolves alike is a respelling", test_search_path_preamble_respelled);
	CU_add_test(s, "many other statements", test_many_other_statements);
	CU_add_test(s, "create and drop detail", test_create_and_drop_detail);
	CU_add_test(s, "semantic hash", test_semantic_hash);
	CU_add_test(s, "deterministic compare", test_compare_is_deterministic);
	CU_add_test(s, "temporal precision change", test_temporal_precision_change);
	CU_add_test(s, "interval typmods", test_interval_typmods);
	CU_add_test(s, "partition bound constants", test_partition_bound_constants);
	CU_add_test(s, "parse tree = json_loads minus locations", test_parse_tree_without_locations);
	CU_add_test(s, "parsed-blob calls = text calls", test_blob_calls_match_text_calls);
	CU_add_test(s, "a unique index keyed otherwise is MAJOR", test_unique_index_key_changed);
	CU_add_test(s, "a table constraint's blob changed", test_table_constraint_blob_changed);
	CU_add_test(s, "unqualified types and referenced tables are the search_path's",
		    test_unqualified_references_resolved);
	CU_add_test(s, "a column made GENERATED ALWAYS breaks its writers", test_column_made_always_generated);
	CU_add_test(s, "a string default is read by the column's type", test_string_defaults_read_by_the_type);
	CU_add_test(s, "a sequence's range narrowed", test_sequence_range_narrowed);
	CU_add_test(s, "((a)) in an index or partition key is the column", test_parenthesized_column_keys);
	CU_add_test(s, "row security enabled breaks readers", test_row_security_enabled);
	CU_add_test(s, "a policy made restrictive", test_policy_made_restrictive);
	CU_add_test(s, "operator and aggregate options as stored", test_operator_and_aggregate_options_as_stored);
	CU_add_test(s, "composite attributes added by ALTER TYPE in the blob", test_composite_attributes_added_by_alter);
	CU_add_test(s, "domain constraints added by ALTER DOMAIN in the blob", test_domain_constraints_added_by_alter);
	CU_add_test(s, "function options set by ALTER FUNCTION in the blob", test_function_options_set_by_alter);
	CU_add_test(s, "a SQL-standard body keeps the language", test_sql_standard_body_keeps_the_language);
	CU_add_test(s, "RETURNS TABLE against OUT parameters", test_returns_table_against_out_parameters);
	CU_add_test(s, "enum values added by ALTER TYPE in the blob", test_enum_values_added_by_alter);
	CU_add_test(s, "types and relations: one lookup rule", test_types_and_relations_one_lookup_rule);
	CU_add_test(s, "number literals as the server reads them", test_number_literals_as_the_server_reads_them);
	CU_add_test(s, "array literals of numbers", test_array_literals_of_numbers);
	CU_add_test(s, "rename hash literals", test_rename_hash_literals);
	CU_add_test(s, "composite attributes dropped, altered, renamed by ALTER TYPE",
		    test_composite_attributes_dropped_altered_renamed);
	CU_add_test(s, "composite attribute retyped is MAJOR", test_composite_attribute_retyped_is_major);
	CU_add_test(s, "SQL body literals as run", test_sql_body_literals_as_run);
	CU_add_test(s, "string continued past comments", test_string_continued_past_comments);
	CU_add_test(s, "INOUT against IN and OUT", test_inout_against_in_and_out);
	CU_add_test(s, "LIKE clauses compared", test_like_clauses_compared);
	CU_add_test(s, "other statements reordered", test_other_statements_reordered);
	CU_add_test(s, "GRANT and REVOKE in another order", test_grant_revoke_order);
	CU_add_test(s, "NOT VALID in CREATE TABLE", test_not_valid_in_create_table);
	CU_add_test(s, "LIKE is its operator", test_like_is_its_operator);
	CU_add_test(s, "policy roles and boolean strings", test_policy_roles_and_boolean_strings);
	CU_add_test(s, "view sorts, CASE, pg_catalog operators", test_view_sorts_case_operators);
	CU_add_test(s, "empty comment is NULL", test_empty_comment_is_null);
	CU_add_test(s, "IN list with NULL", test_in_list_with_null);
	CU_add_test(s, "typed literal spellings", test_typed_literal_spellings);
	CU_add_test(s, "float8 / double precision, float values, daterange and timestamp spellings (round 24)",
		    test_typed_literal_spellings_round24);
	CU_add_test(s, "definition_changed means the definition as compared (round 24)",
		    test_definition_changed_means_the_definition);
	CU_add_test(s, "an index on another table", test_index_on_another_table);
	CU_add_test(s, "a UNIQUE index statement of a table blob", test_unique_index_statement_of_table_blob);
	CU_add_test(s, "a domain's collation, a sequence's persistence", test_domain_collation_sequence_persistence);
	CU_add_test(s, "a table's ALTERs read into its CREATE", test_table_alters_read_into_create);
	CU_add_test(s, "a retype with a default, a rename a CHECK follows, a generated name dropped (round 24)",
		    test_table_alters_read_into_create_round24);
	CU_add_test(s, "pg_dump's ADD CONSTRAINT only of the table the CREATE made", test_later_constraints_name_the_table);
	CU_add_test(s, "a domain's DROP NOT NULL / DROP CONSTRAINT read into its CREATE", test_domain_drops_read_into_create);
	CU_add_test(s, "constraints renamed", test_constraints_renamed);
	CU_add_test(s, "a table replaced by a view", test_table_replaced_by_view);
	CU_add_test(s, "a rename respelt as the comparison reads it has one hash", test_rename_hash_respellings);
	/* last: it reads the tally of all the others */
	CU_add_test(s, "round 26 sweep: stored alike / otherwise on the server", test_sweep_round26);
	CU_add_test(s, "rename hashes agree with the comparison's identical pairs", test_rename_hash_agrees);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
