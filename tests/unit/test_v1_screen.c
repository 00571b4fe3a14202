/*
 * test_v1_screen.c - CUnit tests of the v1 replay's statement screen
 * (v1_screen_statement, common/v1_format.h): the helper schema refused however
 * its name is spelled (escapes the parser decodes), the WITH NO DATA rewrite of
 * queries that would run as a superuser (accepted only when it changes nothing
 * else), partition bounds and languages that run server code, and the facts the
 * replay needs (extensions to check, statements that end their batch).
 */
#include <stdlib.h>
#include <string.h>

#include "ddl_tree.h"
#include "unit.h"
#include "v1_baseline.h"
#include "v1_format.h"

static const char *skip_of(const char *sql)
{
	static char buf[256];
	struct v1_screen s;
	v1_screen_statement(sql, &s);
	snprintf(buf, sizeof(buf), "%s", s.skip_reason ? s.skip_reason : "");
	v1_screen_release(&s);
	return buf;
}

static int refused_as_helper(const char *sql)
{
	return strstr(skip_of(sql), "helper schema") != NULL;
}

static void test_helper_schema_spellings(void)
{
	CU_ASSERT_TRUE(refused_as_helper("DROP SCHEMA pggit_audit_replay CASCADE"));
	CU_ASSERT_TRUE(refused_as_helper("DROP SCHEMA PGGIT_AUDIT_REPLAY CASCADE"));
	CU_ASSERT_TRUE(refused_as_helper("CREATE OR REPLACE FUNCTION U&\"pggit\\005faudit\\005freplay\".on_ddl_end() "
					 "RETURNS event_trigger LANGUAGE plpgsql AS $f$BEGIN END$f$"));
	CU_ASSERT_TRUE(refused_as_helper("DROP SCHEMA U&\"PGGIT!005FAUDIT!005FREPLAY\" UESCAPE '!' CASCADE"));
	CU_ASSERT_TRUE(refused_as_helper("COMMENT ON TABLE app.t IS E'pggit\\x5faudit\\x5freplay'"));
	CU_ASSERT_TRUE(refused_as_helper("CREATE VIEW app.v AS SELECT U&'pggit\\005faudit\\005freplay.touched'::regclass"));
	/* a second statement in the same text counts too */
	CU_ASSERT_TRUE(refused_as_helper("CREATE TABLE app.a (x int); DROP TABLE U&\"pggit\\005faudit\\005freplay\".state"));
	CU_ASSERT_FALSE(refused_as_helper("CREATE TABLE app.pggit_audit (x int)"));
	CU_ASSERT_STRING_EQUAL(skip_of("CREATE TABLE app.pggit_audit (x int)"), "");
}

/* the text the screen would run, "" if skipped, "=" if the text itself */
static char *run_text(const char *sql, int *no_data, int *explicit_no_data)
{
	struct v1_screen s;
	v1_screen_statement(sql, &s);
	char *out = s.skip_reason ? strdup("") : strdup(s.run_sql ? s.run_sql : "=");
	if (no_data)
		*no_data = s.no_data;
	if (explicit_no_data)
		*explicit_no_data = s.explicit_no_data;
	v1_screen_release(&s);
	return out;
}

static void check_run(const char *sql, const char *want, int want_no_data)
{
	int nd = -1;
	char *got = run_text(sql, &nd, NULL);
	CU_ASSERT_STRING_EQUAL(got, want);
	CU_ASSERT_EQUAL(nd, want_no_data);
	free(got);
}

static void test_queries_not_run(void)
{
	check_run("CREATE MATERIALIZED VIEW app.mv AS SELECT app.g() AS x",
		  "CREATE MATERIALIZED VIEW app.mv AS SELECT app.g() AS x\nWITH NO DATA", 1);
	check_run("CREATE TABLE app.c AS SELECT 1 AS data WITH DATA;",
		  "CREATE TABLE app.c AS SELECT 1 AS data WITH NO DATA;", 1);
	check_run("create table app.c as select 1 as x -- a comment",
		  "create table app.c as select 1 as x -- a comment\nWITH NO DATA", 1);
	check_run("REFRESH MATERIALIZED VIEW app.mv", "REFRESH MATERIALIZED VIEW app.mv\nWITH NO DATA", 1);
	/* only the statement that needs it is rewritten; the others keep their bytes */
	check_run("CREATE TABLE app.a (x int);\nCREATE TABLE app.b AS SELECT x FROM app.a; COMMENT ON TABLE app.a IS 'data'",
		  "CREATE TABLE app.a (x int);\nCREATE TABLE app.b AS SELECT x FROM app.a\nWITH NO DATA; COMMENT ON TABLE "
		  "app.a IS 'data'",
		  1);
	/* already WITH NO DATA: run as written, and said so */
	int nd = -1, end = -1;
	char *got = run_text("CREATE MATERIALIZED VIEW app.mv AS SELECT 1 AS x WITH NO DATA", &nd, &end);
	CU_ASSERT_STRING_EQUAL(got, "=");
	CU_ASSERT_EQUAL(nd, 0);
	CU_ASSERT_EQUAL(end, 1);
	free(got);
	/* the word "data" after the clause, in a comment, is not the clause: an edit there
	 * parses as another statement and is refused, and the clause itself is edited */
	check_run("CREATE TABLE app.c AS SELECT 1 AS x WITH DATA -- nightly data load",
		  "CREATE TABLE app.c AS SELECT 1 AS x WITH NO DATA -- nightly data load", 1);
	check_run("CREATE MATERIALIZED VIEW app.mv AS SELECT 1 AS data WITH /* data */ DATA /* data, data */",
		  "CREATE MATERIALIZED VIEW app.mv AS SELECT 1 AS data WITH /* data */ NO DATA /* data, data */", 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("REFRESH MATERIALIZED VIEW CONCURRENTLY app.mv"), "CONCURRENTLY"));
}

static void test_server_code(void)
{
	CU_ASSERT_PTR_NOT_NULL(
		strstr(skip_of("CREATE TABLE app.p1 PARTITION OF app.p FOR VALUES FROM (app.g()) TO (10)"), "partition bound"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(skip_of("ALTER TABLE app.p ATTACH PARTITION app.p1 FOR VALUES IN (app.g())"), "partition bound"));
	CU_ASSERT_STRING_EQUAL(skip_of("CREATE TABLE app.p1 PARTITION OF app.p FOR VALUES FROM (1) TO (10)"), "");
	CU_ASSERT_PTR_NOT_NULL(
		strstr(skip_of("CREATE FUNCTION app.i(int) RETURNS int LANGUAGE internal AS 'int4abs'"), "internal"));
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("CREATE FUNCTION app.f() RETURNS int LANGUAGE plpython3u AS 'return 1'"),
				      "untrusted"));
	CU_ASSERT_STRING_EQUAL(skip_of("CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1'"), "");
}

static void test_replay_facts(void)
{
	struct v1_screen s;
	v1_screen_statement("CREATE EXTENSION IF NOT EXISTS dblink; ALTER EXTENSION pg_trgm UPDATE", &s);
	CU_ASSERT_PTR_NULL(s.skip_reason);
	CU_ASSERT_EQUAL(s.nextensions, 2);
	if (s.nextensions == 2) {
		CU_ASSERT_STRING_EQUAL(s.extensions[0], "dblink");
		CU_ASSERT_STRING_EQUAL(s.extensions[1], "pg_trgm");
	}
	v1_screen_release(&s);
	v1_screen_statement("ALTER TYPE app.mood ADD VALUE 'happy'", &s);
	CU_ASSERT_EQUAL(s.ends_batch, 1);
	v1_screen_release(&s);
	v1_screen_statement("ALTER TYPE app.mood RENAME VALUE 'sad' TO 'blue'", &s);
	CU_ASSERT_EQUAL(s.ends_batch, 0);
	v1_screen_release(&s);
	v1_screen_statement("CREATE INDEX CONCURRENTLY i ON app.t (a)", &s);
	CU_ASSERT_EQUAL(s.autocommit, 1);
	v1_screen_release(&s);
}

/* scripts sent as one query: BEGIN/COMMIT and timeouts cut out, SET search_path run, anything else refused */
static void test_scripts(void)
{
	char *t = run_text("BEGIN; CREATE TABLE app.t (x int); CREATE INDEX t_x ON app.t (x); COMMIT;", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(t, " ; CREATE TABLE app.t (x int); CREATE INDEX t_x ON app.t (x); ;");
	free(t);
	t = run_text("START TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nSET lock_timeout = '5s';\n"
		     "CREATE TABLE app.u (y text DEFAULT 'a;b');\nEND", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(t, " ; ;\nCREATE TABLE app.u (y text DEFAULT 'a;b'); ");
	free(t);
	/* a query to rewrite WITH NO DATA is rewritten in the text that runs */
	t = run_text("BEGIN; CREATE MATERIALIZED VIEW app.mv AS SELECT 1 AS x; COMMIT", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(t, " ; CREATE MATERIALIZED VIEW app.mv AS SELECT 1 AS x\nWITH NO DATA; ");
	free(t);
	struct v1_screen s;
	v1_screen_statement("SET search_path TO app, public; CREATE TABLE t (x int)", &s);
	CU_ASSERT_PTR_NULL(s.skip_reason);
	CU_ASSERT_PTR_NULL(s.run_sql);
	CU_ASSERT_EQUAL(s.sets_search_path, 1);
	v1_screen_release(&s);
	v1_screen_statement("BEGIN; SET LOCAL search_path = app; CREATE TABLE t (x int); COMMIT", &s);
	CU_ASSERT_PTR_NULL(s.skip_reason);
	CU_ASSERT_EQUAL(s.sets_search_path, 1);
	CU_ASSERT_EQUAL(s.stripped, 1);
	v1_screen_release(&s);
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("BEGIN; COMMIT"), "only transaction control"));
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("SET search_path = app"), "only transaction control"));
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("BEGIN; CREATE TABLE app.a (x int); ROLLBACK"), "transaction control"));
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("CREATE TABLE app.a (x int); SAVEPOINT s"), "transaction control"));
	/* the role the rest runs as decides owners and privilege checks only, which no definition shows: cut like
	   pg_dump's prelude (run, a role the replay server lacks failed the text; skipped, its DDL was lost) */
	t = run_text("SET ROLE nobody; CREATE TABLE app.a (x int); RESET ROLE; SET LOCAL ROLE \"App Owner\";\n"
		     "SET SESSION AUTHORIZATION 'alice'; SET ROLE NONE; RESET SESSION AUTHORIZATION; "
		     "SET SESSION AUTHORIZATION DEFAULT; CREATE INDEX a_x ON app.a (x)", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(t, " ; CREATE TABLE app.a (x int); ; ; ; ; ; ; CREATE INDEX a_x ON app.a (x)");
	free(t);
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("SET ROLE nobody"), "only transaction control or session settings"));
	/* RESET ALL is cut (run, it reset the replay's own settings); after the text's SET search_path it resets
	   that as RESET search_path does, which runs */
	t = run_text("RESET ALL; CREATE TABLE app.a (x int)", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(t, " ; CREATE TABLE app.a (x int)");
	free(t);
	t = run_text("SET search_path = app; CREATE TABLE a (x int); RESET ALL; CREATE TABLE b (y int)", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(t, "SET search_path = app; CREATE TABLE a (x int); RESET search_path; CREATE TABLE b (y int)");
	free(t);
	v1_screen_statement("SET search_path = app; RESET ALL; CREATE TABLE b (y int)", &s);
	CU_ASSERT_PTR_NULL(s.skip_reason);
	CU_ASSERT_EQUAL(s.sets_search_path, 1);
	v1_screen_release(&s);
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("RESET ALL"), "only transaction control or session settings"));
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("SET standard_conforming_strings = off; CREATE TABLE app.a (x int)"), "SET/RESET"));
	/* pg_dump's prelude is cut: it does not change what the DDL after it makes in the replay */
	t = run_text("SET client_encoding = 'LATIN1';\nSET standard_conforming_strings = on;\nSET xmloption = content;\n"
		     "SET row_security = off;\nSET default_tablespace = '';\nSET default_table_access_method = heap;\n"
		     "SET default_with_oids = false;\nSET escape_string_warning = off;\nCREATE TABLE app.a (x int);\n",
		     NULL, NULL);
	CU_ASSERT_STRING_EQUAL(t, " ; ; ; ; ; ; ; ;\nCREATE TABLE app.a (x int);\n");
	free(t);
	t = run_text("SET default_tablespace = fastdisk; RESET xmloption; CREATE TABLE app.a (x int)", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(t, " ; ; CREATE TABLE app.a (x int)");
	free(t);
	/* ... but not at a value that changes how the text after it reads or what it makes */
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("SET xmloption = document; CREATE TABLE app.a (x int)"), "SET/RESET"));
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("SET default_table_access_method = columnar; CREATE TABLE app.a (x int)"), "SET/RESET"));
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("SET timezone = 'Europe/Paris'; CREATE TABLE app.a (x int)"), "SET/RESET"));
	/* the screen still sees what is cut around */
	CU_ASSERT_TRUE(refused_as_helper("BEGIN; DROP SCHEMA pggit_audit_replay CASCADE; COMMIT"));
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("BEGIN; CREATE ROLE r; COMMIT"), "roles"));
}

/* statements that may not run, among DDL that may: left out on their own (the parser finds them, whatever the
   lexical traps around them), the rest runs; a text with nothing else to run is skipped whole */
static void check_left_out(const char *sql, const char *want_run, const char *want_text, const char *want_reason)
{
	struct v1_screen s;
	v1_screen_statement(sql, &s);
	CU_ASSERT_PTR_NULL(s.skip_reason);
	CU_ASSERT_PTR_NOT_NULL(s.run_sql);
	if (s.run_sql)
		CU_ASSERT_STRING_EQUAL(s.run_sql, want_run);
	CU_ASSERT_EQUAL(s.nskipped, 1);
	if (s.nskipped == 1) {
		CU_ASSERT_STRING_EQUAL(s.skipped[0].text, want_text);
		CU_ASSERT_PTR_NOT_NULL(strstr(s.skipped[0].reason, want_reason));
	}
	v1_screen_release(&s);
}

static void test_left_out(void)
{
	check_left_out("CREATE TABLE app.a (x int); DO $$ BEGIN EXECUTE 'CREATE TABLE app.b ()'; END $$; ALTER TABLE app.a "
		       "ADD y int;",
		       "CREATE TABLE app.a (x int); ; ALTER TABLE app.a ADD y int;",
		       "DO $$ BEGIN EXECUTE 'CREATE TABLE app.b ()'; END $$", "DO");
	/* a dollar-quoted body holding ';' and DO, a comment holding both, an E'' string with a quote and ';' */
	check_left_out("CREATE FUNCTION app.f() RETURNS int LANGUAGE plpgsql AS $b$ BEGIN -- DO $$ ;\n RETURN 1; END "
		       "$b$;\n/* ; DO $$ */ DO $x$BEGIN END$x$",
		       "CREATE FUNCTION app.f() RETURNS int LANGUAGE plpgsql AS $b$ BEGIN -- DO $$ ;\n RETURN 1; END $b$; ",
		       "/* ; DO $$ */ DO $x$BEGIN END$x$", "DO");
	check_left_out("COMMENT ON TABLE app.a IS E'it\\'s; DO'; DO 'BEGIN END'",
		       "COMMENT ON TABLE app.a IS E'it\\'s; DO'; ", "DO 'BEGIN END'", "DO");
	/* no trailing ';', a name that is not ASCII, data changes among DDL */
	check_left_out("DO $$BEGIN END$$;\nCREATE TABLE app.\"tâble\" (x int)", " ;\nCREATE TABLE app.\"tâble\" (x int)",
		       "DO $$BEGIN END$$", "DO");
	check_left_out("CREATE TABLE app.c (x int); INSERT INTO app.c VALUES (1)", "CREATE TABLE app.c (x int); ",
		       "INSERT INTO app.c VALUES (1)", "not a DDL");
	/* with BEGIN/COMMIT cut too */
	check_left_out("BEGIN; CREATE TABLE app.d (); DO $$BEGIN END$$; COMMIT;", " ; CREATE TABLE app.d (); ; ;",
		       "DO $$BEGIN END$$", "DO");
	/* nothing else to run: skipped whole, with the statement's reason */
	struct v1_screen s;
	v1_screen_statement("DO $$BEGIN EXECUTE 'CREATE TABLE app.e ()'; END$$", &s);
	CU_ASSERT_PTR_NOT_NULL(s.skip_reason);
	CU_ASSERT_EQUAL(s.nskipped, 0);
	v1_screen_release(&s);
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("BEGIN; DO $$BEGIN END$$; COMMIT"), "DO"));
	/* a transaction statement or a SET that cannot be cut still skips the whole text */
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("CREATE TABLE app.a (); DO $$BEGIN END$$; ROLLBACK"), "transaction control"));
	CU_ASSERT_PTR_NOT_NULL(strstr(skip_of("DO $$BEGIN END$$; SET standard_conforming_strings = off; CREATE TABLE app.a ()"),
				      "SET/RESET"));
	/* what is left out is screened too: the helper schema in it refuses the text */
	CU_ASSERT_TRUE(refused_as_helper("CREATE TABLE app.a (); DO $$BEGIN DROP SCHEMA pggit_audit_replay; END$$"));
}

/* part i of sql as v1_split_statements cut it */
static char *part_text(const char *sql, const struct v1_part *p)
{
	static char buf[256];
	snprintf(buf, sizeof(buf), "%.*s", (int)p->len, sql + p->offset);
	return buf;
}

static void test_split(void)
{
	/* a ';' in a string, a comment, a dollar-quoted body and a quoted name is no boundary */
	const char *sql = "CREATE TABLE a (x text DEFAULT 'a;b'); -- ; not here\n"
			  "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; SELECT 2 $$ ;"
			  "SET search_path TO app; ; CREATE TABLE \"x;y\" (i int)";
	struct v1_part *p = NULL;
	size_t n = 0;
	CU_ASSERT_EQUAL(v1_split_statements(sql, &p, &n), 0);
	CU_ASSERT_EQUAL(n, 4);
	if (n == 4) {
		CU_ASSERT_STRING_EQUAL(part_text(sql, &p[0]), "CREATE TABLE a (x text DEFAULT 'a;b')");
		CU_ASSERT_PTR_NOT_NULL(strstr(part_text(sql, &p[1]), "$$ SELECT 1; SELECT 2 $$"));
		CU_ASSERT_PTR_NOT_NULL(strstr(part_text(sql, &p[2]), "SET search_path TO app"));
		CU_ASSERT_PTR_NOT_NULL(strstr(part_text(sql, &p[3]), "CREATE TABLE \"x;y\" (i int)"));
		CU_ASSERT_EQUAL(p[0].session + p[1].session + p[3].session, 0);
		CU_ASSERT_EQUAL(p[2].session, 1);
	}
	free(p);
	CU_ASSERT_EQUAL(v1_split_statements("-- nothing; here\n  ", &p, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	free(p);
	CU_ASSERT_EQUAL(v1_split_statements("CREATE TABLE a (x int); CREAT TABLE b", &p, &n), -1);
	free(p);
	/* a new enum value is marked (the replay commits it before the statements that use it); a renamed one is not */
	CU_ASSERT_EQUAL(v1_split_statements("ALTER TYPE m ADD VALUE 'x'; ALTER TYPE m RENAME VALUE 'x' TO 'y'; "
					    "CREATE TABLE t (c m DEFAULT 'y')", &p, &n), 0);
	CU_ASSERT_EQUAL(n, 3);
	if (n == 3)
		CU_ASSERT_TRUE(p[0].adds_enum_value == 1 && p[1].adds_enum_value == 0 && p[2].adds_enum_value == 0);
	free(p);
}

/* a rewrite's result t (owned, freed here): NULL when want is NULL (nothing to rewrite), else want */
static void assert_rewrite(char *t, const char *want)
{
	if (!want) {
		CU_ASSERT_PTR_NULL(t);
	} else {
		CU_ASSERT_PTR_NOT_NULL(t);
		if (t)
			CU_ASSERT_STRING_EQUAL(t, want);
	}
	free(t);
}

/* a tablespace the replay server lacks: the name after TABLESPACE replaced, nowhere else */
static void check_tablespace(const char *sql, const char *name, const char *want)
{
	assert_rewrite(ddl_replace_tablespace(sql, name, "pg_default"), want);
}

static void test_missing_tablespace(void)
{
	check_tablespace("CREATE TABLE app.t (a int) TABLESPACE fastdisk", "fastdisk",
			 "CREATE TABLE app.t (a int) TABLESPACE pg_default");
	check_tablespace("create table fastdisk.t (fastdisk int /* TABLESPACE fastdisk */) tablespace FastDisk", "fastdisk",
			 "create table fastdisk.t (fastdisk int /* TABLESPACE fastdisk */) tablespace pg_default");
	check_tablespace("CREATE INDEX i ON t (a) TABLESPACE \"Slow \"\"Disk\"\"\"", "Slow \"Disk\"",
			 "CREATE INDEX i ON t (a) TABLESPACE pg_default");
	check_tablespace("CREATE TABLE t (id int PRIMARY KEY USING INDEX TABLESPACE ix) TABLESPACE ix", "ix",
			 "CREATE TABLE t (id int PRIMARY KEY USING INDEX TABLESPACE pg_default) TABLESPACE pg_default");
	check_tablespace("ALTER TABLE t SET TABLESPACE archive", "archive", "ALTER TABLE t SET TABLESPACE pg_default");
	check_tablespace("CREATE TABLE t (a int) TABLESPACE \"FastDisk\"", "fastdisk", NULL);
	check_tablespace("COMMENT ON TABLE t IS 'TABLESPACE fastdisk'", "fastdisk", NULL);
}

/* a role the replay server lacks: CURRENT_USER where its parse tree names it, the schema's name when it
   names a CREATE SCHEMA AUTHORIZATION */
static void check_role(const char *sql, const char *role, const char *want)
{
	assert_rewrite(ddl_replace_role(sql, role), want);
}

static void test_missing_role(void)
{
	check_role("ALTER TABLE app.t OWNER TO app_owner", "app_owner", "ALTER TABLE app.t OWNER TO CURRENT_USER");
	check_role("CREATE SCHEMA app AUTHORIZATION app_owner", "app_owner", "CREATE SCHEMA app AUTHORIZATION CURRENT_USER");
	check_role("CREATE SCHEMA AUTHORIZATION bob CREATE TABLE bob (bob int)", "bob",
		   "CREATE SCHEMA \"bob\" CREATE TABLE bob (bob int)");
	check_role("CREATE SCHEMA AUTHORIZATION \"Bo\"\"b\"", "Bo\"b", "CREATE SCHEMA \"Bo\"\"b\"");
	check_role("GRANT SELECT ON app.t TO r1, \"R 2\" WITH GRANT OPTION", "R 2",
		   "GRANT SELECT ON app.t TO r1, CURRENT_USER WITH GRANT OPTION");
	check_role("ALTER DEFAULT PRIVILEGES FOR ROLE o IN SCHEMA app GRANT SELECT ON TABLES TO o", "o",
		   "ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER IN SCHEMA app GRANT SELECT ON TABLES TO CURRENT_USER");
	check_role("CREATE POLICY p ON app.t TO o /* o */ USING (true)", "o", "CREATE POLICY p ON app.t TO CURRENT_USER /* o */ USING (true)");
	check_role("COMMENT ON TABLE app.o IS 'o'", "o", NULL);
	/* a sequence stub only for what nextval() names */
	CU_ASSERT_EQUAL(ddl_nextval_names("CREATE TABLE t (a int DEFAULT nextval('app.s'))", "app", "s"), 1);
	CU_ASSERT_EQUAL(ddl_nextval_names("CREATE TABLE t (a int DEFAULT pg_catalog.nextval('\"App\".S'::regclass))", "App", "s"), 1);
	CU_ASSERT_EQUAL(ddl_nextval_names("CREATE TABLE t (a int DEFAULT nextval('app.s'), b int REFERENCES app.p)", "app", "p"), 0);
	CU_ASSERT_EQUAL(ddl_nextval_names("CREATE TABLE t (a int DEFAULT nextval('x.app.s'))", "app", "s"), 0);
	CU_ASSERT_EQUAL(ddl_nextval_names("COMMENT ON TABLE app.s IS 'nextval(''app.s'')'", "app", "s"), 0);
	check_role("ALTER TABLE app.t OWNER TO \"O\"", "o", NULL);
}

/* two CREATE rows of one text and time that are two statements: same type and name, two schemas, a text of one
   command (docs/v1-backfill.md, "Commits") */
static void test_two_creates(void)
{
	CU_ASSERT_EQUAL(v1_creates_clash("TABLE", "t1", "items", "TABLE", "t2", "items"), 1);
	CU_ASSERT_EQUAL(v1_creates_clash("TABLE", "t1", "\"Items\"", "TABLE", "t2", "\"Items\""), 1);
	CU_ASSERT_EQUAL(v1_creates_clash("TABLE", "t1", "items", "TABLE", "t1", "items"), 0);
	CU_ASSERT_EQUAL(v1_creates_clash("TABLE", "t1", "items", "INDEX", "t2", "items"), 0);
	CU_ASSERT_EQUAL(v1_creates_clash("TABLE", "t1", "items", "TABLE", "t2", "orders"), 0);
	CU_ASSERT_EQUAL(v1_creates_clash("TABLE", "", "items", "TABLE", "t2", "items"), 0);
	CU_ASSERT_EQUAL(v1_one_command("CREATE TABLE items (id int);"), 1);
	CU_ASSERT_EQUAL(v1_one_command("SET search_path = t1; CREATE TABLE items (id int)"), 1);
	CU_ASSERT_EQUAL(v1_one_command("SET search_path = t1; CREATE TABLE items (id int); SET search_path = t2; "
				       "CREATE TABLE items (id int);"), 0);
	CU_ASSERT_EQUAL(v1_one_command("CREATE TABLE a (x int); CREAT TABLE b"), 1);
}

/* ALTER or DROP rows of one name in two schemas from one text and time: two runs only when the text's one
   command names its object unqualified (docs/v1-backfill.md, "Commits") */
static void test_unqualified_command(void)
{
	static const char *const two_runs[] = {
		"ALTER TABLE t ADD COLUMN x int",
		"SET search_path = a; ALTER TABLE t ADD COLUMN x int;",
		"ALTER INDEX t_pkey RENAME TO t_key",
		"ALTER TABLE t RENAME TO u",
		"ALTER TABLE t SET SCHEMA c",
		"ALTER TABLE t OWNER TO r",
		"ALTER SEQUENCE s RESTART",
		"ALTER TYPE e ADD VALUE 'x'",
		"ALTER DOMAIN d SET NOT NULL",
		"ALTER FUNCTION f(int) STABLE",
		"COMMENT ON TABLE t IS 'x'",
		"COMMENT ON COLUMN t.c IS 'x'",
		"DROP TABLE t",
		"DROP TABLE IF EXISTS t, u CASCADE",
		"DROP TYPE e",
		"DROP FUNCTION f(int)",
		"DROP TRIGGER tr ON t",
	};
	static const char *const one_run[] = {
		"ALTER TABLE a.t ADD COLUMN x int",
		"DROP TABLE a.t, b.t",
		"DROP TABLE t, b.t",
		"DROP TYPE a.e",
		"DROP FUNCTION a.f(int)",
		"DROP TRIGGER tr ON a.t",
		"COMMENT ON COLUMN a.t.c IS 'x'",
		"ALTER FUNCTION a.f(int) STABLE",
		"DROP SCHEMA a",
		"ALTER TABLE t ADD COLUMN x int; ALTER TABLE u ADD COLUMN x int;",
		"SET search_path = a; ALTER TABLE t ADD x int; SET search_path = b; ALTER TABLE t ADD x int;",
		"CREATE TABLE t (id int)",
		"ALTER TABLE t ADD COLUMN",
	};
	for (size_t i = 0; i < sizeof(two_runs) / sizeof(two_runs[0]); i++)
		CU_ASSERT_EQUAL(v1_one_unqualified_command(two_runs[i]), 1);
	for (size_t i = 0; i < sizeof(one_run) / sizeof(one_run[0]); i++)
		CU_ASSERT_EQUAL(v1_one_unqualified_command(one_run[i]), 0);
}

static void collect_rename(void *arg, const struct v1_rename *r)
{
	struct strbuf *b = arg;
	strbuf_addf(b, "%s %s.%s -> %s.%s|", r->kind, r->old_schema ? r->old_schema : "?", r->old_name,
		    r->new_schema ? r->new_schema : "=", r->new_name ? r->new_name : "=");
}

static void test_rename_events(void)
{
	/* decoded names; unqualified ones left NULL; columns, schemas and functions are not reported */
	struct strbuf b = STRBUF_INIT;
	v1_rename_events("ALTER TABLE app.\"Old\" RENAME TO \"New.Name\"; ALTER VIEW v RENAME TO w;"
			 "ALTER TABLE app.t SET SCHEMA arch; ALTER TYPE app.mood RENAME TO feeling;"
			 "ALTER DOMAIN d SET SCHEMA x; ALTER MATERIALIZED VIEW IF EXISTS app.mv RENAME TO mv2;"
			 "ALTER TABLE app.t RENAME COLUMN a TO b; ALTER SCHEMA s RENAME TO s2;"
			 "ALTER FUNCTION f(int) RENAME TO g; ALTER INDEX app.i RENAME TO j",
			 collect_rename, &b);
	CU_ASSERT_STRING_EQUAL(b.buf, "TABLE app.Old -> =.New.Name|VIEW ?.v -> =.w|TABLE app.t -> arch.=|"
				      "TYPE app.mood -> =.feeling|DOMAIN ?.d -> x.=|MATERIALIZED VIEW app.mv -> =.mv2|"
				      "INDEX app.i -> =.j|");
	strbuf_release(&b);
	v1_rename_events("ALTER TABLE app.t RENAM TO x", collect_rename, &b);
	CU_ASSERT_EQUAL(b.len, 0);
	strbuf_release(&b);
}

static void collect_path(void *arg, const struct v1_rename *r)
{
	struct strbuf *b = arg;
	strbuf_addf(b, "%s:", r->old_name);
	for (size_t i = 0; i < r->npath; i++)
		strbuf_addf(b, "%s%s", i ? "+" : "", r->path[i]);
	strbuf_addstr(b, r->npath ? "|" : "-|");
}

/* the schemas of the text's own SET search_path before the statement, in order (pg_catalog, pg_temp passed
   over; "$user" kept for the caller's role; a quoted list is one name, as PostgreSQL quotes it into the
   path), until a RESET */
static void test_rename_search_path(void)
{
	struct strbuf b = STRBUF_INIT;
	v1_rename_events("ALTER TABLE a SET SCHEMA x; SET search_path TO staging; ALTER TABLE b SET SCHEMA x;"
			 "SET LOCAL search_path = \"$user\", pg_catalog, pg_temp, \"Old\", public; ALTER TABLE c SET SCHEMA x;"
			 "SET search_path = 'a, b'; ALTER TYPE d SET SCHEMA x; RESET search_path; ALTER TABLE e SET SCHEMA x;"
			 "SET search_path TO staging; SET search_path TO DEFAULT; ALTER TABLE f SET SCHEMA x;"
			 "SET search_path TO \"$user\"; ALTER TABLE g SET SCHEMA x;"
			 "SET search_path TO nosuch, \"B\", c; ALTER TABLE h SET SCHEMA x",
			 collect_path, &b);
	CU_ASSERT_STRING_EQUAL(b.buf, "a:-|b:staging|c:$user+Old+public|d:a, b|e:-|f:-|g:$user|h:nosuch+B+c|");
	strbuf_release(&b);
}

static void collect_routine_rename(void *arg, const struct v1_rename *r)
{
	struct strbuf *b = arg;
	strbuf_addf(b, "%s %s.%s%s -> %s.%s|", r->kind, r->old_schema ? r->old_schema : "?", r->old_name,
		    r->args ? r->args : "", r->new_schema ? r->new_schema : "=", r->new_name ? r->new_name : "=");
}

static void test_routine_rename_events(void)
{
	/* signatures spelled back quoted, as the parser resolved them; relations not reported; %TYPE not
	   spelled back */
	struct strbuf b = STRBUF_INIT;
	v1_routine_rename_events("ALTER FUNCTION app.f(INT, varchar(3)[], \"My Type\") RENAME TO \"G\";"
				 "ALTER PROCEDURE p() SET SCHEMA arch; ALTER ROUTINE app.r RENAME TO s;"
				 "ALTER TABLE app.t RENAME TO u; ALTER FUNCTION app.k(app.t.id%TYPE) RENAME TO l",
				 collect_routine_rename, &b);
	CU_ASSERT_STRING_EQUAL(b.buf, "FUNCTION app.f(\"pg_catalog\".\"int4\", \"pg_catalog\".\"varchar\"[], \"My Type\") -> =.G|"
				      "PROCEDURE ?.p() -> arch.=|ROUTINE app.r -> =.s|");
	strbuf_reset(&b);
	/* the signatures' quoting: a '"' in a name doubled, case and keywords kept */
	strbuf_add_sql_ident(&b, "My \"Type\"");
	strbuf_add_sql_ident(&b, "select");
	CU_ASSERT_STRING_EQUAL(b.buf, "\"My \"\"Type\"\"\"\"select\"");
	strbuf_release(&b);
	char *schema = NULL, *name = v1_routine_created("SET x = 1; CREATE OR REPLACE FUNCTION \"Ap\".g() RETURNS int LANGUAGE sql AS 'SELECT 1'", &schema);
	CU_ASSERT_STRING_EQUAL(name, "g");
	CU_ASSERT_STRING_EQUAL(schema, "Ap");
	free(name);
	free(schema);
	CU_ASSERT_PTR_NULL(v1_routine_created("CREATE TABLE t (a int)", &schema));
}

/* a text's RESET search_path goes back to the path the replay started it with, "$user" is the row's role */
static void test_pin_search_path(void)
{
	char *t = v1_pin_search_path("RESET search_path; CREATE TABLE a (x int);\nSET LOCAL search_path TO DEFAULT;"
				     "SET search_path = DEFAULT; CREATE TABLE b (y int)",
				     "app, \"$user\", public", "alice");
	CU_ASSERT_STRING_EQUAL(t, "SET search_path = app, \"$user\", public; CREATE TABLE a (x int);\n"
				  "SET LOCAL search_path = app, \"$user\", public;SET search_path = app, \"$user\", public; "
				  "CREATE TABLE b (y int)");
	free(t);
	/* "$user" as the role, other names kept as the parser decoded them (quoted case, a list in quotes) */
	t = v1_pin_search_path("SET search_path TO \"$user\", Public, \"Mixed\", 'a, b';", "x", "o'brien");
	CU_ASSERT_STRING_EQUAL(t, "SET search_path = 'o''brien', 'public', 'Mixed', 'a, b';");
	free(t);
	/* no role (NULL or blank): "$user" left out; alone, the path is empty */
	t = v1_pin_search_path("set local search_path = \"$user\", public; CREATE TABLE c (z int)", "x", NULL);
	CU_ASSERT_STRING_EQUAL(t, "SET LOCAL search_path = 'public'; CREATE TABLE c (z int)");
	free(t);
	t = v1_pin_search_path("SET search_path = \"$user\"", "x", "");
	CU_ASSERT_STRING_EQUAL(t, "SET search_path = ''");
	free(t);
	t = v1_pin_search_path("RESET search_path", "", "alice");
	CU_ASSERT_STRING_EQUAL(t, "SET search_path = ''");
	free(t);
	/* nothing to change: NULL (a plain SET, another setting, a "$user" in a string, a text that does not parse) */
	CU_ASSERT_PTR_NULL(v1_pin_search_path("SET search_path = app, public; CREATE TABLE d (a int)", "x", "alice"));
	CU_ASSERT_PTR_NULL(v1_pin_search_path("RESET statement_timeout; COMMENT ON TABLE d IS '$user'", "x", "alice"));
	CU_ASSERT_PTR_NULL(v1_pin_search_path("RESET search_path; CREATE TABLE (", "x", "alice"));
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "the helper schema however it is spelled", test_helper_schema_spellings },
		{ "queries rewritten WITH NO DATA, or skipped", test_queries_not_run },
		{ "renames and moves of functions and procedures", test_routine_rename_events },
		{ "partition bounds and languages that run server code", test_server_code },
		{ "extensions, batch ends, autocommit", test_replay_facts },
		{ "scripts: BEGIN/COMMIT, timeouts and search_path", test_scripts },
		{ "statements left out of a text whose others run", test_left_out },
		{ "the search_path a text sets before a rename or move", test_rename_search_path },
		{ "scripts split into their statements by the parser", test_split },
		{ "a tablespace the replay server lacks replaced in the text", test_missing_tablespace },
		{ "a role the replay server lacks replaced in the text", test_missing_role },
		{ "CREATE rows of one name in two schemas from a text of one command", test_two_creates },
		{ "ALTER and DROP rows of one name in two schemas from one unqualified command", test_unqualified_command },
		{ "renames and moves of relations and types", test_rename_events },
		{ "a text's RESET search_path and \"$user\" as the replay runs them", test_pin_search_path },
		{ NULL, NULL },
	};
	return unit_run("v1_screen", tests);
}
