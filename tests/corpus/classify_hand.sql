-- classify_hand.sql - hand-written part of the classifier oracle corpus: lexical traps and
-- object kinds the generator does not cover. Blobs are separated by "--@@" lines; they run
-- in order after the generated corpus (gen_classify_corpus.sh), in the same database.
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE oc_plain.dumped (id integer NOT NULL);
SELECT pg_catalog.set_config('search_path', '"$user", public', false);
--@@
SET search_path = oc_plain, public;
CREATE TABLE sp_table (a int);
RESET search_path;
--@@
CREATE TEMP TABLE tmp_x (a int);
--@@
CREATE TEMPORARY VIEW tmp_v AS SELECT 1 AS one;
--@@
CREATE INDEX ON pg_temp.tmp_x (a);
--@@
/* outer /* nested CREATE VIEW nope AS SELECT 1; */ still a comment */
CREATE /* between */ TABLE -- line comment
  oc_plain . /* and here */ "spaced name" (a int);
--@@
CREATE TABLE U&"oc\005Fplain".U&"uni\+000063ode" (a text DEFAULT E'it\'s; CREATE TABLE x (a int)');
--@@
CREATE TABLE oc_plain."select" ("from" int, "Where" text);
--@@
CREATE SCHEMA oc_elems
  CREATE TABLE et (a int)
  CREATE VIEW ev AS SELECT 1 AS one;
--@@
CREATE CONSTRAINT TRIGGER ctrg AFTER INSERT ON oc_plain.tbl_1_1 DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION oracle_trg_fn();
--@@
CREATE FOREIGN DATA WRAPPER oc_fdw2;
--@@
CREATE EXTENSION hstore;
--@@
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" SCHEMA oc_plain;
--@@
CREATE EXTENSION citext WITH SCHEMA "OC Mixed.Case";
--@@
CREATE SUBSCRIPTION oc_sub CONNECTION 'dbname=oracle_nowhere' PUBLICATION oc_pub
  WITH (connect = false, enabled = false, create_slot = false, slot_name = NONE);
--@@
CREATE SUBSCRIPTION "Oc Sub.2" CONNECTION 'dbname=oracle_nowhere' PUBLICATION p1, p2
  WITH (connect = false);
--@@
CREATE TYPE oc_plain.shell_t;
--@@
CREATE OPERATOR oc_plain.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);
--@@
CREATE TEXT SEARCH CONFIGURATION oc_plain.tsc (COPY = english);
--@@
CREATE STATISTICS oc_plain.st ON a, b FROM oc_plain.tbl_1_1;
--@@
CREATE AGGREGATE oc_plain.oldagg (BASETYPE = int, SFUNC = int4pl, STYPE = int);
--@@
CREATE TABLE oc_plain.ser (id serial PRIMARY KEY, b bigserial, c int REFERENCES oc_plain.tbl_1_1 (id));
--@@
CREATE TABLE oc_plain.liked (LIKE oc_plain.tbl_1_1 INCLUDING ALL);
--@@
CREATE TABLE oc_plain.child (extra int) INHERITS (oc_plain.liked);
--@@
CREATE TABLE oc_plain.nopk (a int, b int, x int);
--@@
ALTER TABLE oc_plain.nopk ADD PRIMARY KEY (a);
--@@
ALTER TABLE oc_plain.nopk ADD FOREIGN KEY (x) REFERENCES oc_plain.tbl_1_1 (id);
--@@
ALTER TABLE oc_plain.nopk ADD CHECK (b > 0 AND b < 10);
--@@
ALTER TABLE oc_plain.nopk ADD CHECK (a > b);
--@@
ALTER TABLE oc_plain.nopk ADD CONSTRAINT "Mixed Check" CHECK (x IS NOT NULL) NOT VALID;
--@@
ALTER TABLE oc_plain.nopk ADD EXCLUDE USING btree (x WITH =);
--@@
CREATE INDEX ON oc_plain.nopk (a) INCLUDE (b);
--@@
CREATE INDEX ON oc_plain.nopk ((a + b), (a - b));
--@@
CREATE INDEX ON oc_plain.nopk (a, a, a);
--@@
CREATE INDEX ON oc_plain.nopk (lower(x::text), (a::text), ((a)));
--@@
CREATE INDEX ON oc_plain.nopk ((CASE WHEN a > 0 THEN 1 END), coalesce(b, 0), (1::int + a));
--@@
ALTER TABLE oc_plain.nopk ADD UNIQUE (b) INCLUDE (x);
--@@
ALTER TABLE oc_plain.nopk ADD EXCLUDE USING btree (abs(x) WITH =);
--@@
SELECT pg_catalog.set_config('search_path', 'OC_Plain, public', false);
CREATE TABLE sp_folded (a int);
SELECT pg_catalog.set_config('search_path', '"$user", public', false);
--@@
SET search_path = oc_plain; SET search_path TO DEFAULT;
CREATE TABLE sp_default (a int);
--@@
ALTER TABLE oc_plain.nopk ADD COLUMN added_later text;
--@@
ALTER SEQUENCE oc_plain.seq_1_1 CACHE 10;
--@@
ALTER TYPE oc_plain.enum_1_1 ADD VALUE 'shipped';
--@@
ALTER DOMAIN oc_plain.dom_1_1 ADD CONSTRAINT small CHECK (VALUE < 1000);
--@@
COMMENT ON FUNCTION oc_plain.fn_1_1(int) IS 'function';
--@@
COMMENT ON INDEX oc_plain.ix_1_1 IS 'index';
--@@
COMMENT ON TRIGGER trg_1_1 ON oc_plain.tbl_1_1 IS 'trigger';
--@@
COMMENT ON POLICY pol_1_1 ON oc_plain.tbl_1_1 IS 'policy';
--@@
COMMENT ON RULE rule_1_1 ON oc_plain.vw_1_1 IS 'rule';
--@@
COMMENT ON CONSTRAINT chk_1_1 ON oc_plain.tbl_1_1 IS 'constraint';
--@@
COMMENT ON COLUMN oc_plain.tbl_1_1.a IS 'column';
--@@
COMMENT ON SCHEMA oc_plain IS 'schema';
--@@
COMMENT ON TYPE oc_plain.enum_1_1 IS 'type';
--@@
COMMENT ON DOMAIN oc_plain.dom_1_1 IS 'domain';
--@@
COMMENT ON SEQUENCE oc_plain.seq_1_1 IS 'sequence';
--@@
COMMENT ON MATERIALIZED VIEW oc_plain.mv_1_1 IS 'matview';
--@@
COMMENT ON EXTENSION hstore IS 'extension';
--@@
COMMENT ON SERVER oracle_srv IS 'server';
--@@
COMMENT ON PROCEDURE oc_plain.pr_1_1(int) IS 'procedure';
--@@
COMMENT ON AGGREGATE oc_plain.agg_1_1(int) IS 'aggregate';
--@@
COMMENT ON COLLATION oc_plain.coll_1_1 IS 'collation';
--@@
COMMENT ON FOREIGN TABLE oc_plain.ft_1_1 IS 'foreign table';
--@@
COMMENT ON PUBLICATION pub_1_1 IS 'publication';
--@@
CREATE RECURSIVE VIEW oc_plain.rec_v (n) AS SELECT 1 UNION ALL SELECT n + 1 FROM rec_v WHERE n < 5;
--@@
SELECT 1 AS a INTO oc_plain.sel_into;
--@@
CREATE FUNCTION OC_Mixed."Fn With Space"(a oc_plain.enum_1_1, b text DEFAULT 'x') RETURNS SETOF int
  LANGUAGE sql STABLE AS 'SELECT 1';
--@@
CREATE FUNCTION oc_plain.std_body(a int) RETURNS int LANGUAGE sql
  BEGIN ATOMIC
    SELECT a + 1;
  END;
--@@
CREATE PROCEDURE oc_plain.pr_out(INOUT x int) LANGUAGE sql AS $$ SELECT 1 $$;
--@@
CREATE TABLE oc_plain.to_drop (a int);
--@@
DROP TABLE oc_plain.to_drop;
--@@
DROP INDEX oc_plain.ix_1_2;
--@@
DROP FUNCTION oc_plain.fn_1_2(int);
--@@
DROP TRIGGER trg_1_2 ON oc_plain.tbl_1_2;
--@@
DROP POLICY IF EXISTS pol_1_2 ON oc_plain.tbl_1_2;
--@@
DROP TYPE oc_plain.comp_1_2;
--@@
DROP SEQUENCE oc_plain.seq_1_2;
--@@
DROP MATERIALIZED VIEW oc_plain.mv_1_2;
--@@
DROP SCHEMA sch_1_2;
--@@
DROP DOMAIN oc_plain.dom_1_2;
--@@
DROP PROCEDURE oc_plain.pr_1_2(int);
--@@
DROP RULE rule_1_2 ON oc_plain.vw_1_2;
--@@
DROP FOREIGN TABLE oc_plain.ft_1_2;
--@@
DROP EXTENSION citext;
--@@
DROP SERVER srv_1_2;
--@@
DROP PUBLICATION pub_1_2;
--@@
DROP AGGREGATE oc_plain.agg_1_2(int);
--@@
DROP COLLATION oc_plain.coll_1_2;
--@@
CREATE TABLE "Ünïcødé"."ééééééééééééééééééééééééééééééééééééééééé" (a int);
--@@
CREATE TABLE oc_plain.usidx (a int NOT NULL, b int);
--@@
CREATE UNIQUE INDEX usidx_a_uniq ON oc_plain.usidx (a);
--@@
ALTER TABLE oc_plain.usidx ADD PRIMARY KEY USING INDEX usidx_a_uniq;
--@@
CREATE UNIQUE INDEX "UsIdx B" ON oc_plain.usidx (b);
--@@
ALTER TABLE oc_plain.usidx ADD UNIQUE USING INDEX "UsIdx B";
--@@
ALTER TYPE oc_plain.enum_1_1 OWNER TO CURRENT_USER;
--@@
ALTER DOMAIN "OC Mixed.Case"."T.dom_3_1 x" OWNER TO CURRENT_USER;
--@@
ALTER TYPE "we""ird"."q""rng_6_1" OWNER TO CURRENT_USER;
--@@
CREATE SCHEMA oc_rn; CREATE SCHEMA oc_rn2;
--@@
CREATE TABLE oc_rn.t (a int, b int, CONSTRAINT c1 CHECK (a > 0));
--@@
ALTER TABLE oc_rn.t RENAME TO "T 2";
--@@
ALTER TABLE oc_rn."T 2" RENAME COLUMN a TO "A x";
--@@
ALTER TABLE oc_rn."T 2" RENAME CONSTRAINT c1 TO c2;
--@@
ALTER TABLE IF EXISTS oc_rn."T 2" RENAME b TO bb;
--@@
CREATE VIEW oc_rn.v AS SELECT 1 AS c;
--@@
ALTER VIEW oc_rn.v RENAME COLUMN c TO c2;
--@@
ALTER VIEW oc_rn.v RENAME TO v2;
--@@
CREATE MATERIALIZED VIEW oc_rn.mv AS SELECT 1 AS c;
--@@
ALTER MATERIALIZED VIEW oc_rn.mv RENAME COLUMN c TO c2;
--@@
CREATE FOREIGN TABLE oc_rn.ft (a int) SERVER oracle_srv;
--@@
ALTER FOREIGN TABLE oc_rn.ft RENAME COLUMN a TO a2;
--@@
ALTER FOREIGN TABLE oc_rn.ft RENAME TO ft2;
--@@
CREATE TYPE oc_rn.ct AS (x int);
--@@
ALTER TYPE oc_rn.ct RENAME ATTRIBUTE x TO x2;
--@@
ALTER TYPE oc_rn.ct RENAME TO ct2;
--@@
CREATE DOMAIN oc_rn.d AS int CONSTRAINT dc CHECK (VALUE > 0);
--@@
ALTER DOMAIN oc_rn.d RENAME CONSTRAINT dc TO dc2;
--@@
ALTER DOMAIN oc_rn.d RENAME TO d2;
--@@
CREATE INDEX i1 ON oc_rn."T 2" (bb);
--@@
ALTER INDEX oc_rn.i1 RENAME TO i2;
--@@
CREATE SEQUENCE oc_rn.s;
--@@
ALTER SEQUENCE oc_rn.s RENAME TO s2;
--@@
CREATE FUNCTION oc_rn.f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
--@@
ALTER FUNCTION oc_rn.f(int) RENAME TO f2;
--@@
ALTER FUNCTION oc_rn.f2(int) SET SCHEMA oc_rn2;
--@@
CREATE TRIGGER tg BEFORE INSERT ON oc_rn."T 2" FOR EACH ROW EXECUTE FUNCTION public.oracle_trg_fn();
--@@
ALTER TRIGGER tg ON oc_rn."T 2" RENAME TO tg2;
--@@
CREATE POLICY po ON oc_rn."T 2" USING (true);
--@@
ALTER POLICY po ON oc_rn."T 2" RENAME TO po2;
--@@
ALTER SCHEMA oc_rn2 RENAME TO oc_rn3;
--@@
ALTER TYPE oc_rn.ct2 SET SCHEMA oc_rn3;
--@@
ALTER DOMAIN oc_rn.d2 SET SCHEMA oc_rn3;
--@@
ALTER SERVER oracle_srv RENAME TO oracle_srv2;
--@@
ALTER SERVER oracle_srv2 RENAME TO oracle_srv;
--@@
CREATE OPERATOR FAMILY oc_rn.of USING btree;
--@@
ALTER OPERATOR FAMILY oc_rn.of USING btree RENAME TO of2;
--@@
ALTER OPERATOR FAMILY oc_rn.of2 USING btree SET SCHEMA oc_rn3;
--@@
COMMENT ON OPERATOR FAMILY oc_rn3.of2 USING btree IS 'x';
--@@
ALTER EXTENSION hstore SET SCHEMA oc_rn3;
--@@
CREATE TABLE oc_rn.rt (a int);
--@@
CREATE RULE ru AS ON INSERT TO oc_rn.rt DO ALSO NOTHING;
--@@
ALTER RULE ru ON oc_rn.rt RENAME TO ru2;
--@@
ALTER TABLE oc_rn.rt SET SCHEMA oc_rn3;
--@@
ALTER TEXT SEARCH CONFIGURATION oc_plain.tsc OWNER TO CURRENT_USER;
--@@
CREATE SCHEMA oc_alt;
--@@
CREATE TABLE oc_alt.t (a int);
--@@
CREATE POLICY "Po 1" ON oc_alt.t USING (true);
--@@
ALTER POLICY "Po 1" ON oc_alt.t USING (a > 0);
--@@
CREATE PUBLICATION oc_alt_pub;
--@@
ALTER PUBLICATION oc_alt_pub SET (publish = 'insert');
--@@
ALTER EVENT TRIGGER evt_1_1 DISABLE;
--@@
CREATE FUNCTION oc_alt.xf() RETURNS int LANGUAGE sql AS 'SELECT 1';
--@@
ALTER EXTENSION hstore ADD FUNCTION oc_alt.xf();
--@@
ALTER EXTENSION hstore DROP FUNCTION oc_alt.xf();
--@@
ALTER FOREIGN DATA WRAPPER oracle_fdw OPTIONS (ADD x '1');
--@@
ALTER SERVER oracle_srv OPTIONS (ADD y '1');
--@@
CREATE COLLATION oc_alt.co FROM "C";
--@@
ALTER COLLATION oc_alt.co REFRESH VERSION;
--@@
CREATE TEXT SEARCH DICTIONARY oc_alt.dict (TEMPLATE = simple);
--@@
ALTER TEXT SEARCH DICTIONARY oc_alt.dict (StopWords = english);
--@@
CREATE TEXT SEARCH CONFIGURATION oc_alt.cfg (PARSER = default);
--@@
ALTER TEXT SEARCH CONFIGURATION oc_alt.cfg ADD MAPPING FOR word WITH simple;
--@@
CREATE TABLE oc_alt.st_t (a int, b int);
--@@
CREATE STATISTICS oc_alt.st ON a, b FROM oc_alt.st_t;
--@@
ALTER STATISTICS oc_alt.st SET STATISTICS 50;
--@@
CREATE FUNCTION oc_alt.lt(int, int) RETURNS bool LANGUAGE sql IMMUTABLE AS 'SELECT $1 < $2';
--@@
CREATE OPERATOR oc_alt.<<< (LEFTARG = int, RIGHTARG = int, FUNCTION = oc_alt.lt);
--@@
ALTER OPERATOR oc_alt.<<< (int, int) SET (RESTRICT = scalarltsel);
--@@
CREATE TYPE oc_alt.sh;
--@@
CREATE FUNCTION oc_alt.sh_in(cstring) RETURNS oc_alt.sh LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
--@@
CREATE FUNCTION oc_alt.sh_out(oc_alt.sh) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'int4out';
--@@
CREATE TYPE oc_alt.sh (INPUT = oc_alt.sh_in, OUTPUT = oc_alt.sh_out, LIKE = int4);
--@@
ALTER TYPE oc_alt.sh SET (STORAGE = plain);
--@@
CREATE OPERATOR FAMILY oc_alt.fam USING btree;
--@@
ALTER OPERATOR FAMILY oc_alt.fam USING btree ADD OPERATOR 1 oc_alt.<<< (int, int);
--@@
CREATE MATERIALIZED VIEW oc_alt.mv AS SELECT 1 AS x;
--@@
REFRESH MATERIALIZED VIEW oc_alt.mv;
--@@
ALTER FUNCTION oc_alt.xf() DEPENDS ON EXTENSION hstore;
--@@
ALTER INDEX oc_plain.ix_1_1 DEPENDS ON EXTENSION hstore;
--@@
CREATE SCHEMA abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij;
--@@
SET search_path = 'abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij', public;
CREATE TABLE sp_long (a int);
RESET search_path;
--@@
CREATE TABLE oc_alt.tag (tag text, a int);
--@@
ALTER TABLE oc_alt.tag ADD CHECK (tag <> '');
--@@
ALTER TABLE oc_alt.tag ADD CHECK (oc_alt.tag.* IS NOT NULL);
--@@
CREATE TABLE oc_alt.pt1 (a int);
--@@
CREATE TABLE oc_alt."Pt 2" (a int);
--@@
ALTER PUBLICATION oc_alt_pub ADD TABLE oc_alt."Pt 2", oc_alt.pt1;
--@@
ALTER PUBLICATION oc_alt_pub DROP TABLE oc_alt."Pt 2";
--@@
ALTER PUBLICATION oc_alt_pub ADD TABLES IN SCHEMA oc_rn3, "OC Mixed.Case";
--@@
ALTER PUBLICATION oc_alt_pub DROP TABLES IN SCHEMA "OC Mixed.Case";
--@@
ALTER PUBLICATION oc_alt_pub ADD TABLES IN SCHEMA CURRENT_SCHEMA;
--@@
ALTER PUBLICATION oc_alt_pub SET TABLE ONLY oc_alt."Pt 2" (a) WHERE (a > 0);
--@@
SET search_path = oc_alt;
ALTER PUBLICATION oc_alt_pub ADD TABLE pt1;
RESET search_path;
--@@
CREATE TABLE oc_alt.d1 (a int);
--@@
CREATE TABLE oc_alt.d2 (a int);
--@@
DROP TABLE oc_alt.d1, oc_alt.d2;
--@@
-- Lexical traps (U&"..." UESCAPE, E'' escapes, nested comments, dollar tags, names cut at 63
-- bytes on a character boundary, no trailing semicolon), generated names of multibyte and
-- expression columns, operators/aggregates with argument types, partitions, inheritance,
-- statistics, collations, text search objects, ROUTINE, DROP of every other kind.
CREATE SCHEMA lx;
--@@
CREATE TABLE lx.U&"d!0061t!+000061" UESCAPE '!' (a int);
--@@
CREATE TABLE lx.U&"\00e9t\00E9" (a int);
--@@
CREATE TABLE lx.estr (a text DEFAULT E'x\'; CREATE VIEW nope AS SELECT 1; \\', b text DEFAULT 'y''z');
--@@
/* a /* b /* c */ CREATE TABLE nope (a int); */ d */ CREATE TABLE lx.nested (a int) /* tail */
--@@
CREATE FUNCTION lx.dq() RETURNS text LANGUAGE sql AS $a$ SELECT '$b$' || $q$ $$ $ $q$ || '$' $a$;
--@@
CREATE FUNCTION lx."Dq"() RETURNS text LANGUAGE plpgsql AS $_X1$ BEGIN RETURN $$ ; $$; END $_X1$;
--@@
CREATE TABLE lx."a.b c""D" (a int);
--@@
CREATE SCHEMA "LX";
--@@
CREATE TABLE "LX"."T" (a int);
--@@
CREATE TABLE lx.éééééééééééééééééééééééééééééééééééééééé (a int);
--@@
CREATE TABLE lx.aéééééééééééééééééééééééééééééééééééééééé (a int);
--@@
CREATE TABLE lx."abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefg€" (a int);
--@@
CREATE TABLE lx.notrail (a int) -- no semicolon
--@@
CREATE TABLE lx.m1 (a int); CREATE TABLE lx.m2 (a int);
--@@
CREATE OR REPLACE VIEW lx.v AS SELECT 1 AS c;
--@@
CREATE OR REPLACE RULE r1 AS ON UPDATE TO lx.m1 DO INSTEAD NOTHING;
--@@
CREATE OR REPLACE TRIGGER "Trg X" AFTER INSERT ON lx.m1 FOR EACH STATEMENT EXECUTE PROCEDURE oracle_trg_fn();
--@@
CREATE POLICY "P.1" ON lx.m1 AS RESTRICTIVE FOR ALL TO PUBLIC USING (true);
--@@
CREATE EVENT TRIGGER "Evt X" ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION oracle_evt_fn();
--@@
ALTER EVENT TRIGGER "Evt X" DISABLE;
--@@
CREATE OPERATOR lx.## (LEFTARG = text, RIGHTARG = text, FUNCTION = texteq);
--@@
CREATE OPERATOR lx.!! (RIGHTARG = int, FUNCTION = int4um);
--@@
COMMENT ON OPERATOR lx.## (text, text) IS 'x';
--@@
COMMENT ON OPERATOR lx.!! (NONE, int) IS 'x';
--@@
CREATE FUNCTION lx.sf(int, int, text) RETURNS int LANGUAGE sql AS 'SELECT 1';
--@@
CREATE AGGREGATE lx.ag2(int, text) (sfunc = lx.sf, stype = int, finalfunc_modify = read_only);
--@@
CREATE AGGREGATE lx.agstar(*) (sfunc = int8inc, stype = int8, initcond = '0');
--@@
CREATE AGGREGATE lx.agord(float8 ORDER BY int) (sfunc = ordered_set_transition, stype = internal, finalfunc = percentile_disc_final, finalfunc_extra);
--@@
COMMENT ON AGGREGATE lx.ag2(int, text) IS 'x';
--@@
CREATE FUNCTION "LX"."F n"(VARIADIC a int[], OUT r int) LANGUAGE sql AS 'SELECT 1';
--@@
CREATE FUNCTION "LX".f2(a character varying(10), b numeric(5,2), c timestamp with time zone, d double precision, e "char", f bit varying) RETURNS int LANGUAGE sql AS 'SELECT 1';
--@@
CREATE FUNCTION lx.f3(int[][], lx.m1, lx.m1[], interval day to second, time(3) with time zone, decimal, float4, bpchar) RETURNS int LANGUAGE sql AS 'SELECT 1';
--@@
CREATE FUNCTION lx.f4(x pg_catalog.int4, y oracle.log) RETURNS int LANGUAGE sql AS 'SELECT 1';
--@@
CREATE TABLE lx.pt (a int, b text) PARTITION BY LIST (a);
--@@
CREATE TABLE lx.pt1 PARTITION OF lx.pt FOR VALUES IN (1, 2);
--@@
CREATE TABLE lx.ptd PARTITION OF lx.pt (b DEFAULT 'x', CHECK (a > 0)) DEFAULT;
--@@
CREATE TABLE lx.gen (a int, b int GENERATED ALWAYS AS (a * 2) STORED, c int GENERATED BY DEFAULT AS IDENTITY);
--@@
CREATE TABLE lx.inh (x int) INHERITS (lx.gen, lx.m1);
--@@
CREATE STATISTICS lx."St X" (ndistinct, dependencies) ON a, b FROM lx.gen;
--@@
CREATE STATISTICS lx.stexpr ON (a + b), a FROM lx.gen;
--@@
CREATE COLLATION lx."Coll Ü" (provider = icu, locale = 'und');
--@@
CREATE COLLATION IF NOT EXISTS lx.coll2 FROM "C";
--@@
CREATE TEXT SEARCH DICTIONARY lx."Dict" (TEMPLATE = simple, STOPWORDS = english);
--@@
CREATE TEXT SEARCH CONFIGURATION lx.cfg2 (COPY = pg_catalog.simple);
--@@
CREATE TEXT SEARCH PARSER lx.prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype);
--@@
CREATE TEXT SEARCH TEMPLATE lx.tmpl (LEXIZE = dsimple_lexize);
--@@
COMMENT ON TEXT SEARCH PARSER lx.prs IS 'x';
--@@
CREATE TABLE lx.ix (a int, b text, "C" int);
--@@
CREATE INDEX ON lx.ix (("C"));
--@@
CREATE INDEX ON lx.ix USING gin (to_tsvector('english', b));
--@@
CREATE INDEX ON lx.ix ((b || 'x'), (b COLLATE "C"), (a::text::int));
--@@
CREATE INDEX ON lx.ix (a) WHERE a > 0;
--@@
ALTER TABLE lx.ix ADD CHECK ("C" > 0);
--@@
ALTER TABLE lx.ix ADD CHECK (lx.ix.a > 0);
--@@
ALTER TABLE lx.ix ADD CHECK (ix.* IS NOT NULL);
--@@
ALTER TABLE lx.ix ADD CONSTRAINT ix_uniq UNIQUE (a, b) DEFERRABLE;
--@@
ALTER TABLE lx.ix ADD PRIMARY KEY (a, "C");
--@@
ALTER TABLE lx.ix ADD FOREIGN KEY (a, "C") REFERENCES lx.ix (a, "C");
--@@
CREATE SEQUENCE lx.s1 AS smallint;
--@@
CREATE TYPE lx.rng2 AS RANGE (subtype = int4, multirange_type_name = lx.rng2_multi);
--@@
CREATE DOMAIN lx."Dom" AS text COLLATE "C" NOT NULL CHECK (VALUE <> '');
--@@
CREATE CONVERSION lx.conv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
--@@
CREATE OPERATOR CLASS lx.opc FOR TYPE int USING btree AS OPERATOR 1 <, FUNCTION 1 btint4cmp(int, int);
--@@
CREATE TABLE lx.big123456789_123456789_123456789_123456789_123456789_1234567 (abcdefghij_abcdefghij_abcdefghij_abcdefghij int, "ééééééééééééééééééééééééééééééé" int);
--@@
ALTER TABLE lx.big123456789_123456789_123456789_123456789_123456789_1234567 ADD UNIQUE (abcdefghij_abcdefghij_abcdefghij_abcdefghij);
--@@
CREATE INDEX ON lx.big123456789_123456789_123456789_123456789_123456789_1234567 ("ééééééééééééééééééééééééééééééé");
--@@
ALTER TABLE lx.big123456789_123456789_123456789_123456789_123456789_1234567 ADD CHECK ("ééééééééééééééééééééééééééééééé" > 0);
--@@
CREATE TABLE lx.tblt (tblt int, b int);
--@@
CREATE INDEX ON lx.tblt ((tblt IS NOT NULL));
--@@
CREATE MATERIALIZED VIEW IF NOT EXISTS lx.mv AS SELECT 1 AS a;
--@@
CREATE UNIQUE INDEX ON lx.mv (a);
--@@
CREATE FOREIGN TABLE lx.ftp PARTITION OF lx.pt FOR VALUES IN (9) SERVER oracle_srv;
--@@
CREATE TABLE lx.oft OF oc_plain.comp_1_1 (x WITH OPTIONS NOT NULL);
--@@
CREATE ACCESS METHOD lxam TYPE INDEX HANDLER bthandler;
--@@
CREATE LANGUAGE lxlang HANDLER plpgsql_call_handler;
--@@
COMMENT ON COLUMN lx.gen.b IS 'g';
--@@
CREATE TABLE lx.m3 (a int, b text);
--@@
ALTER TABLE lx.pt ATTACH PARTITION lx.m3 FOR VALUES IN (5);
--@@
ALTER TABLE lx.pt DETACH PARTITION lx.m3;
--@@
CREATE INDEX "IX e" ON lx.ix ((a+1));
--@@
ALTER INDEX lx."IX e" ALTER COLUMN 1 SET STATISTICS 10;
--@@
ALTER VIEW lx.v ALTER COLUMN c SET DEFAULT 2;
--@@
CREATE TABLE lx.ctas2 (x, y) AS SELECT 1, 2;
--@@
CREATE SCHEMA lz;
--@@
CREATE TABLE lz."ééééééééééééééééééééééééééééééééé" ("ààààààààààààààààààààààààààààààà" int, "ü" int, "日本語日本語日本語日本語日本語日本語日本語日本語" int);
--@@
CREATE INDEX ON lz."ééééééééééééééééééééééééééééééééé" ("ààààààààààààààààààààààààààààààà");
--@@
CREATE INDEX ON lz."ééééééééééééééééééééééééééééééééé" ("ü", "日本語日本語日本語日本語日本語日本語日本語日本語");
--@@
ALTER TABLE lz."ééééééééééééééééééééééééééééééééé" ADD CHECK ("日本語日本語日本語日本語日本語日本語日本語日本語" > 0);
--@@
ALTER TABLE lz."ééééééééééééééééééééééééééééééééé" ADD UNIQUE ("ü") INCLUDE ("ààààààààààààààààààààààààààààààà");
--@@
ALTER TABLE lz."ééééééééééééééééééééééééééééééééé" ADD FOREIGN KEY ("ü") REFERENCES lz."ééééééééééééééééééééééééééééééééé" ("ü");
--@@
CREATE TABLE lz.t2345678901234567890123456789012345678901234567890123456789xyz (a int, "B" int);
--@@
CREATE INDEX ON lz.t2345678901234567890123456789012345678901234567890123456789xyz (a, "B");
--@@
ALTER TABLE lz.t2345678901234567890123456789012345678901234567890123456789xyz ADD PRIMARY KEY (a);
--@@
CREATE TABLE lz.e (a int, b text, c int[], d jsonb, f point);
--@@
CREATE INDEX ON lz.e ((b::varchar(3)), (c[1]), (d->'k'), (d->>'k'), (f[0]));
--@@
CREATE INDEX ON lz.e ((a IS NULL), (b LIKE 'x%'), (-a), (NOT (a > 0)));
--@@
CREATE INDEX ON lz.e ((COALESCE(a, 1)), (GREATEST(a, 1)), (NULLIF(a, 1)), (CAST(a AS bigint)), (a::numeric(5,2)));
--@@
CREATE INDEX ON lz.e ((EXTRACT(day FROM interval '1 day' * a)), (ARRAY[a]), (b COLLATE "C"), (a::text::int));
--@@
CREATE INDEX ON lz.e ((lz.e.a), (e.b), (pg_catalog.lower(b)), (upper(b) || lower(b)));
--@@
CREATE INDEX ON lz.e ((substring(b FROM 1 FOR 2)), (trim(b)), (position('x' IN b)), (overlay(b placing 'x' from 1)));
--@@
CREATE INDEX ON lz.e ((a::text COLLATE "C"), (CASE a WHEN 1 THEN 2 END), ((a)::bigint), (a + 0::int));
--@@
CREATE INDEX ON lz.e (("a"), (a), a, a);
--@@
CREATE INDEX ON lz.e USING gist (f);
--@@
ALTER TABLE lz.e ADD EXCLUDE USING gist (f WITH ~=);
--@@
ALTER TABLE lz.e ADD CHECK (c[1] > 0);
--@@
ALTER TABLE lz.e ADD CHECK (d ? 'k' AND d->>'k' <> b);
--@@
ALTER TABLE lz.e ADD CHECK (a > 0) NO INHERIT;
--@@
CREATE SCHEMA IF NOT EXISTS lzz AUTHORIZATION CURRENT_USER;
--@@
CREATE SCHEMA AUTHORIZATION postgres;
--@@
CREATE VIEW lz.ev AS SELECT a, b FROM lz.e;
--@@
CREATE TRIGGER "ioT" INSTEAD OF INSERT ON lz.ev FOR EACH ROW EXECUTE FUNCTION oracle_trg_fn();
--@@
CREATE TRIGGER reft AFTER INSERT ON lz.e REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION oracle_trg_fn();
--@@
CREATE SEQUENCE lz.sq OWNED BY lz.e.a;
--@@
CREATE SCHEMA "lz,x"; CREATE SCHEMA "LZ";
--@@
SET search_path = "lz,x", lz;
CREATE TABLE comma (a int);
--@@
SELECT pg_catalog.set_config('search_path', ' "LZ" ,lz', false);
CREATE TABLE sc2 (a int);
--@@
SET SESSION search_path TO lz;
CREATE INDEX ON e (b);
RESET search_path;
--@@
CREATE SCHEMA lw;
--@@
CREATE OPERATOR lw.@@@ (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);
--@@
DROP OPERATOR lw.@@@ (int, int);
--@@
CREATE OPERATOR lw.~~~ (RIGHTARG = int, FUNCTION = int4um);
--@@
DROP OPERATOR IF EXISTS lw.~~~ (NONE, int) CASCADE;
--@@
CREATE OPERATOR FAMILY lw.fam USING hash;
--@@
CREATE OPERATOR CLASS lw.cls FOR TYPE int USING hash FAMILY lw.fam AS OPERATOR 1 =, FUNCTION 1 hashint4(int);
--@@
DROP OPERATOR CLASS lw.cls USING hash;
--@@
DROP OPERATOR FAMILY lw.fam USING hash;
--@@
CREATE TEXT SEARCH DICTIONARY lw.d (TEMPLATE = simple);
--@@
DROP TEXT SEARCH DICTIONARY lw.d;
--@@
CREATE TEXT SEARCH CONFIGURATION lw.c (PARSER = default);
--@@
DROP TEXT SEARCH CONFIGURATION lw.c;
--@@
CREATE TEXT SEARCH TEMPLATE lw.t (LEXIZE = dsimple_lexize);
--@@
DROP TEXT SEARCH TEMPLATE lw.t;
--@@
CREATE TEXT SEARCH PARSER lw.p (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype);
--@@
DROP TEXT SEARCH PARSER lw.p;
--@@
CREATE TABLE lw.t1 (a int, b int);
--@@
CREATE STATISTICS lw.s ON a, b FROM lw.t1;
--@@
DROP STATISTICS lw.s;
--@@
CREATE CONVERSION lw.cv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
--@@
DROP CONVERSION lw.cv;
--@@
CREATE ACCESS METHOD lwam TYPE TABLE HANDLER heap_tableam_handler;
--@@
DROP ACCESS METHOD lwam;
--@@
CREATE LANGUAGE lwl HANDLER plpgsql_call_handler;
--@@
DROP LANGUAGE lwl;
--@@
CREATE FOREIGN DATA WRAPPER lwfdw;
--@@
DROP FOREIGN DATA WRAPPER lwfdw;
--@@
CREATE DOMAIN lw.dm AS int;
--@@
DROP TYPE lw.dm;
--@@
CREATE TYPE lw.en AS ENUM ('a');
--@@
DROP TYPE IF EXISTS lw.en, lw.nothere;
--@@
CREATE VIEW lw.v AS SELECT a FROM lw.t1;
--@@
CREATE TRIGGER vt INSTEAD OF UPDATE ON lw.v FOR EACH ROW EXECUTE FUNCTION oracle_trg_fn();
--@@
DROP TRIGGER vt ON lw.v;
--@@
ALTER TABLE lw.t1 ADD CONSTRAINT c1 CHECK (a > 0);
--@@
ALTER TABLE lw.t1 DROP CONSTRAINT c1;
--@@
ALTER TABLE lw.t1 DROP COLUMN b;
--@@
ALTER DOMAIN oc_rn3.d2 DROP CONSTRAINT dc2;
--@@
CREATE SCHEMA lw_gone;
--@@
DROP SCHEMA lw_gone CASCADE;
--@@
-- Probed round 13: object kinds and lexical traps not in the corpus above; statements that
-- name no object ahead of one that does; ALTER DEFAULT PRIVILEGES; DROP of several objects.
CREATE SCHEMA pr;
--@@
CREATE TABLE pr.a1 (x int);
--@@
CREATE TABLE pr.a2 (x int);
--@@
CREATE TABLE pr.a3 (x int);
--@@
DROP TABLE pr.a1, pr.a2, pr.a3;
--@@
CREATE TABLE pr.b0 (x int);
--@@
CREATE TABLE pr.b2 (x int);
--@@
DROP TABLE IF EXISTS pr.b1, pr.b2;
--@@
BEGIN;
LOCK TABLE pr.b0 IN ACCESS EXCLUSIVE MODE;
ALTER TABLE pr.b0 ADD COLUMN y int;
COMMIT;
--@@
DO $$ BEGIN PERFORM 1; END $$;
COMMENT ON TABLE pr.b0 IS 'after a DO block';
--@@
INSERT INTO pr.b0 VALUES (1); ANALYZE pr.b0;
GRANT SELECT ON pr.b0 TO PUBLIC
--@@
BEGIN; LOCK TABLE pr.b0; COMMIT; ANALYZE pr.b0;
--@@
-- only a comment
/* and another */
--@@
ALTER DEFAULT PRIVILEGES IN SCHEMA pr GRANT SELECT ON TABLES TO PUBLIC;
--@@
ALTER DEFAULT PRIVILEGES REVOKE USAGE ON TYPES FROM PUBLIC;
--@@
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA "OC Mixed.Case", pr GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
--@@
CREATE TYPE pr.t1 AS (a int, b text);
--@@
CREATE FUNCTION pr.t1_to_text(pr.t1) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ($1).b';
--@@
CREATE CAST (pr.t1 AS text) WITH FUNCTION pr.t1_to_text(pr.t1);
--@@
COMMENT ON CAST (pr.t1 AS text) IS 'x';
--@@
CREATE CAST (pr.t1 AS pg_catalog.varchar(3)) WITH INOUT;
--@@
CREATE CAST (pr.t1 AS int[]) WITH INOUT AS ASSIGNMENT;
--@@
-- a cast is keyed by its types, not their modifiers: this drops the one to varchar(3)
DROP CAST (pr.t1 AS character varying(5));
--@@
-- a cast's name is pg_identify_object()'s identity: an unqualified type that is not one of
-- pg_catalog is qualified with the first schema of the search_path, names quoted as needed
CREATE TYPE public."Pr T" AS (a int);
--@@
CREATE CAST ("Pr T" AS text) WITH INOUT;
--@@
COMMENT ON CAST ("Pr T" AS pg_catalog.text) IS 'x';
--@@
CREATE CAST ("Pr T" AS "char") WITH INOUT;
--@@
CREATE CAST (_int4 AS "Pr T") WITH INOUT;
--@@
CREATE TYPE pr."user" AS (a int);
--@@
SET search_path = pr, public; CREATE CAST ("user"[] AS public."Pr T") WITH INOUT; RESET search_path;
--@@
DROP CAST (pr."user"[] AS "Pr T");
--@@
CREATE FUNCTION pr.eq4(int, int) RETURNS bool LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
--@@
CREATE OPERATOR pr.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = pr.eq4, COMMUTATOR = OPERATOR(pr.===));
--@@
CREATE OPERATOR FAMILY pr."Fam 1" USING hash;
--@@
CREATE OPERATOR CLASS pr.ocl FOR TYPE int USING hash FAMILY pr."Fam 1" AS
  OPERATOR 1 pr.=== (int, int), FUNCTION 1 hashint4(int);
--@@
ALTER OPERATOR CLASS pr.ocl USING hash RENAME TO ocl2;
--@@
ALTER OPERATOR FAMILY pr."Fam 1" USING hash OWNER TO CURRENT_USER;
--@@
CREATE TEXT SEARCH PARSER pr.prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end,
  LEXTYPES = prsd_lextype);
--@@
CREATE TEXT SEARCH TEMPLATE pr.tmpl (LEXIZE = dsimple_lexize);
--@@
CREATE TEXT SEARCH DICTIONARY pr."Dict" (TEMPLATE = pr.tmpl);
--@@
CREATE TEXT SEARCH CONFIGURATION pr.cfg (PARSER = pr.prs);
--@@
ALTER TEXT SEARCH CONFIGURATION pr.cfg ADD MAPPING FOR word WITH pr."Dict";
--@@
ALTER TEXT SEARCH PARSER pr.prs RENAME TO prs2;
--@@
ALTER TEXT SEARCH TEMPLATE pr.tmpl RENAME TO tmpl2;
--@@
CREATE CONVERSION pr."Conv" FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
--@@
CREATE FOREIGN DATA WRAPPER "Pr FDW" OPTIONS (debug 'true');
--@@
CREATE SERVER "pr srv" FOREIGN DATA WRAPPER "Pr FDW";
--@@
CREATE USER MAPPING FOR CURRENT_USER SERVER "pr srv" OPTIONS (user 'x');
--@@
ALTER USER MAPPING FOR CURRENT_USER SERVER "pr srv" OPTIONS (SET user 'y');
--@@
CREATE USER MAPPING FOR PUBLIC SERVER "pr srv";
--@@
ALTER USER MAPPING FOR public SERVER "pr srv" OPTIONS (ADD user 'z');
--@@
-- the role of a user mapping's identity is quoted as PostgreSQL quotes it, the server not
CREATE USER MAPPING FOR "Oracle Role" SERVER "pr srv";
--@@
ALTER USER MAPPING FOR "Oracle Role" SERVER "pr srv" OPTIONS (ADD user 'z');
--@@
DROP USER MAPPING FOR "Oracle Role" SERVER "pr srv";
--@@
-- a large object is named by its oid; past 2^31 - 1 the grammar reads a float
SELECT lo_create(424242), lo_create(3000000000);
--@@
ALTER LARGE OBJECT 424242 OWNER TO CURRENT_USER;
--@@
COMMENT ON LARGE OBJECT 424242 IS 'x';
--@@
GRANT SELECT ON LARGE OBJECT 424242 TO PUBLIC;
--@@
ALTER LARGE OBJECT 3000000000 OWNER TO CURRENT_USER;
--@@
COMMENT ON LARGE OBJECT 3000000000 IS 'x';
--@@
-- the parser's output has no value for a negative Integer: taken back from the text
-- (-1294967296 is the oid 3000000000)
GRANT SELECT ON LARGE OBJECT -1294967296 TO PUBLIC;
--@@
CREATE FOREIGN TABLE pr.ft (a int) SERVER "pr srv";
--@@
-- IMPORT FOREIGN SCHEMA creates foreign tables in the local schema (the server reports a CREATE
-- FOREIGN TABLE of each): one named, the table; else the schema
IMPORT FOREIGN SCHEMA oracle_remote LIMIT TO ("B b") FROM SERVER oracle_loop INTO "OC Mixed.Case";
--@@
IMPORT FOREIGN SCHEMA oracle_remote LIMIT TO (a, c) FROM SERVER oracle_loop INTO pr;
--@@
CREATE SCHEMA IF NOT EXISTS oc_plain; IMPORT FOREIGN SCHEMA oracle_remote EXCEPT (a) FROM SERVER oracle_loop INTO oc_plain
--@@
CREATE TABLE pr."Pol T" (a int, owner text);
--@@
CREATE POLICY "Own rows" ON pr."Pol T" FOR SELECT USING (owner = current_user);
--@@
ALTER POLICY "Own rows" ON pr."Pol T" RENAME TO own2;
--@@
CREATE RULE "R 1" AS ON INSERT TO pr."Pol T" DO ALSO NOTIFY pr_chan;
--@@
ALTER RULE "R 1" ON pr."Pol T" RENAME TO r2;
--@@
CREATE ACCESS METHOD pr_am TYPE INDEX HANDLER bthandler;
--@@
CREATE STATISTICS pr."St" (dependencies, ndistinct) ON a, owner FROM pr."Pol T";
--@@
ALTER STATISTICS pr."St" RENAME TO st2;
--@@
CREATE PROCEDURE pr."Proc"(INOUT a int, IN b text DEFAULT 'x') LANGUAGE plpgsql AS $p$ BEGIN a := a + 1; END $p$;
--@@
ALTER PROCEDURE pr."Proc"(int, text) SET search_path = pr;
--@@
CREATE AGGREGATE pr.pct(float8 ORDER BY float8) (SFUNC = ordered_set_transition, STYPE = internal,
  FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);
--@@
CREATE AGGREGATE pr.cnt(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0');
--@@
CREATE DOMAIN pr."Pos" AS int CONSTRAINT "pos chk" CHECK (VALUE > 0) NOT NULL DEFAULT 1;
--@@
ALTER DOMAIN pr."Pos" ADD CONSTRAINT lt CHECK (VALUE < 100) NOT VALID;
--@@
ALTER DOMAIN pr."Pos" VALIDATE CONSTRAINT lt;
--@@
CREATE EVENT TRIGGER "Pr Evt" ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.oracle_evt_fn();
--@@
ALTER EVENT TRIGGER "Pr Evt" DISABLE;
--@@
CREATE TRANSFORM FOR pr.t1 LANGUAGE sql (FROM SQL WITH FUNCTION prsd_lextype(internal));
--@@
CREATE TRANSFORM FOR int LANGUAGE sql (FROM SQL WITH FUNCTION prsd_lextype(internal));
--@@
COMMENT ON TRANSFORM FOR pg_catalog.int4 LANGUAGE sql IS 'x';
--@@
DROP TRANSFORM IF EXISTS FOR integer LANGUAGE sql;
--@@
CREATE TRANSFORM FOR "Pr T" LANGUAGE sql (FROM SQL WITH FUNCTION prsd_lextype(internal));
--@@
DROP TRANSFORM FOR public."Pr T" LANGUAGE sql;
--@@
CREATE TABLE pr.select ("table" int, "Col""Q" text, "order" int);
--@@
CREATE INDEX ON pr.select ("table", "Col""Q");
--@@
CREATE INDEX ON pr.select (("order" + 1), upper("Col""Q"));
--@@
CREATE TABLE pr.U&"\0441\0442\043E\043B" (U&"\+01F600" int);
--@@
CREATE INDEX ON pr.U&"\0441\0442\043E\043B" (U&"\+01F600");
--@@
CREATE/**/TABLE/**/pr.cm/*x*/(a/*y*/int)--z
--@@
CREATE TABLE pr."semi;colon" (a text DEFAULT ';'); CREATE INDEX ON pr."semi;colon" (a)
--@@
CREATE TABLE pr.dq (a text DEFAULT $q$ CREATE TABLE x (a int); $q$, b text DEFAULT $$'$$)
--@@
CREATE TABLE pr.uescape (a text DEFAULT U&'!0041' UESCAPE '!', b text DEFAULT E'\\x41\u00e9');
--@@
CREATE VIEW pr.v2 AS SELECT 1 AS "1", 2 AS "CASE";
--@@
CREATE TABLE pr.ck (a int, b int);
--@@
ALTER TABLE pr.ck ADD CHECK (a > 0 AND a < b);
--@@
ALTER TABLE pr.ck ADD CHECK ((((a))) IS NOT NULL);
--@@
ALTER TABLE pr.ck ADD UNIQUE (b, a) INCLUDE (a);
--@@
ALTER TABLE pr.ck ADD FOREIGN KEY (a, b) REFERENCES pr.ck (b, a);
--@@
CREATE TABLE pr.part (a int, b text) PARTITION BY LIST (b);
--@@
CREATE TABLE pr."Part 1" PARTITION OF pr.part FOR VALUES IN ('x', 'y');
--@@
CREATE TABLE pr.part_def PARTITION OF pr.part DEFAULT;
--@@
ALTER TABLE pr.part DETACH PARTITION pr.part_def;
--@@
CREATE INDEX pr_part_idx ON ONLY pr.part (a);
--@@
CREATE INDEX ON pr."Part 1" (a);
--@@
ALTER INDEX pr.pr_part_idx ATTACH PARTITION pr."Part 1_a_idx";
--@@
CREATE SEQUENCE pr.seq AS smallint START 5 OWNED BY pr.ck.a;
--@@
ALTER SEQUENCE pr.seq RESTART;
--@@
CREATE MATERIALIZED VIEW pr.mv AS SELECT 1 AS one WITH NO DATA;
--@@
ALTER MATERIALIZED VIEW pr.mv RENAME COLUMN one TO uno;
--@@
CREATE TYPE pr.rng AS RANGE (subtype = float8, subtype_diff = float8mi);
--@@
CREATE TYPE pr.mood AS ENUM ('sad', 'ok');
--@@
ALTER TYPE pr.mood ADD VALUE IF NOT EXISTS 'happy' BEFORE 'ok';
--@@
ALTER TYPE pr.mood RENAME VALUE 'sad' TO 'blue';
--@@
CREATE FUNCTION pr."Trg"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
--@@
CREATE TRIGGER "T r" AFTER UPDATE ON pr.ck REFERENCING NEW TABLE AS nt OLD TABLE AS ot
  FOR EACH STATEMENT EXECUTE FUNCTION pr."Trg"();
--@@
ALTER TRIGGER "T r" ON pr.ck RENAME TO tr2;
--@@
ALTER TABLE pr.ck DISABLE TRIGGER tr2;
--@@
CREATE COLLATION pr.coll (provider = icu, locale = 'und', deterministic = false);
--@@
CREATE PUBLICATION "Pr Pub" FOR TABLE pr.ck WITH (publish = 'insert');
--@@
ALTER PUBLICATION "Pr Pub" ADD TABLES IN SCHEMA pr;
--@@
CREATE TABLE "pr"."Τάβλε" (ä int);
--@@
ALTER TABLE pr."Τάβλε" RENAME ä TO ö;
--@@
SELECT 1 INTO pr.si;
--@@
CREATE TABLE pr.ctas AS SELECT * FROM pr.ck WITH NO DATA;
--@@
CREATE FUNCTION pr.sqlbody(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a + 1; END;
--@@
CREATE OR REPLACE FUNCTION pr.sqlbody(a int) RETURNS int LANGUAGE sql RETURN a + 2;
--@@
DROP FUNCTION pr.sqlbody(int), pr.t1_to_text(pr.t1) CASCADE;
--@@
DROP POLICY own2 ON pr."Pol T";
--@@
DROP RULE r2 ON pr."Pol T";
--@@
DROP STATISTICS pr.st2;
--@@
DROP TEXT SEARCH CONFIGURATION pr.cfg;
--@@
DROP OPERATOR CLASS pr.ocl2 USING hash;
--@@
DROP USER MAPPING FOR CURRENT_USER SERVER "pr srv";
--@@
DROP USER MAPPING FOR PUBLIC SERVER "pr srv";
--@@
DROP SERVER "pr srv" CASCADE;
--@@
DROP TRANSFORM FOR pr.t1 LANGUAGE sql;
--@@
DROP AGGREGATE pr.pct(float8 ORDER BY float8);
--@@
DROP PROCEDURE pr."Proc"(int, text);
--@@
DROP ACCESS METHOD pr_am;
--@@
GRANT USAGE ON SEQUENCE pr.seq TO PUBLIC;
--@@
REVOKE ALL ON SCHEMA pr FROM PUBLIC;
--@@
GRANT SELECT ON ALL TABLES IN SCHEMA pr TO PUBLIC;
--@@
GRANT USAGE ON TYPE pr.mood TO PUBLIC;
--@@
GRANT EXECUTE ON FUNCTION pr."Trg"() TO PUBLIC;
--@@
GRANT UPDATE (a) ON pr.ck TO PUBLIC;
--@@
DROP DOMAIN pr."Pos";
--@@
--@@
CREATE TABLE pr.gn (a int, b text, x jsonb, arr int[], "table" text, c box);
--@@
CREATE INDEX ON pr.gn ((a::text));
--@@
CREATE INDEX ON pr.gn (b COLLATE "C" DESC NULLS LAST);
--@@
CREATE INDEX ON pr.gn (lower(b) text_pattern_ops);
--@@
CREATE INDEX ON pr.gn USING gin (to_tsvector('english', b));
--@@
CREATE INDEX ON pr.gn ((x->>'k'));
--@@
CREATE INDEX ON pr.gn ((arr[1]));
--@@
CREATE TABLE pr.gn2 (a int, b text);
--@@
CREATE INDEX ON pr.gn2 ((a IS NULL));
--@@
CREATE UNIQUE INDEX ON pr.gn2 (a) WHERE b IS NOT NULL;
--@@
CREATE INDEX ON pr.gn ((CASE WHEN a > 0 THEN b END), (coalesce(a, 0)), ("table"));
--@@
CREATE INDEX ON pr.gn ((x #>> '{a,b}'), (b::varchar(5)), ((b)::text COLLATE "C"));
--@@
ALTER TABLE pr.gn ADD EXCLUDE USING gist (c WITH &&);
--@@
ALTER TABLE pr.gn ADD PRIMARY KEY (a);
--@@
CREATE TABLE pr.a_table_name_that_is_quite_long_to_test_truncation_of_names (
  a_column_name_that_is_also_rather_long_for_the_purpose int);
--@@
CREATE INDEX ON pr.a_table_name_that_is_quite_long_to_test_truncation_of_names (
  a_column_name_that_is_also_rather_long_for_the_purpose);
--@@
ALTER TABLE pr.a_table_name_that_is_quite_long_to_test_truncation_of_names
  ADD UNIQUE (a_column_name_that_is_also_rather_long_for_the_purpose);
--@@
CREATE TABLE pr.name (type int, value text, "position" int, filter text);
--@@
CREATE INDEX "index" ON pr.name (type, value);
--@@
CREATE FUNCTION pr.filter(name pr.name, OUT "out" int) LANGUAGE sql AS 'SELECT 1';
--@@
CREATE TYPE pr.shell;
--@@
CREATE TABLE pr.typed OF pr.t1 (a WITH OPTIONS NOT NULL);
--@@
CREATE TABLE pr.liked (LIKE pr.gn INCLUDING ALL);
--@@
CREATE OR REPLACE TRIGGER "T r2" AFTER INSERT ON pr.ck FOR EACH ROW EXECUTE FUNCTION pr."Trg"();
--@@
ALTER VIEW pr.v2 ALTER COLUMN "1" SET DEFAULT 1;
--@@
COMMENT ON CONSTRAINT gn_pkey ON pr.gn IS E'it\'s -- not a comment; /* nor this */';
--@@
COMMENT ON OPERATOR FAMILY pr."Fam 1" USING hash IS 'x';
--@@
CREATE TABLE pr.empty ();
--@@
ALTER TABLE pr.empty ADD COLUMN IF NOT EXISTS a int, ALTER COLUMN a SET NOT NULL;
--@@
/* leading */ -- comment
ALTER TABLE pr.empty ADD CONSTRAINT "Empty A" UNIQUE (a) -- trailing, no semicolon
--@@
ALTER TABLE pr.ck RENAME CONSTRAINT ck_a_check TO "Ck A";
--@@
CREATE SCHEMA pr2 AUTHORIZATION CURRENT_USER CREATE TABLE t (a int) CREATE INDEX ON t (a);
--@@
SET search_path = pg_catalog, pr;
CREATE FUNCTION pr_in_catalog() RETURNS int LANGUAGE sql AS 'SELECT 1';
RESET search_path;
--@@
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pr', false);
CREATE INDEX ON gn2 (b);
RESET search_path;
--@@
SET search_path = pg_catalog, pr;
COMMENT ON TABLE gn2 IS 'found after pg_catalog';
RESET search_path;
--@@
CREATE DOMAIN pr.dom AS text;
--@@
GRANT USAGE ON DOMAIN pr.dom TO PUBLIC;
--@@
CREATE SERVER "g srv" FOREIGN DATA WRAPPER "Pr FDW";
--@@
GRANT USAGE ON FOREIGN SERVER "g srv" TO PUBLIC;
--@@
GRANT USAGE ON FOREIGN DATA WRAPPER "Pr FDW" TO PUBLIC;
--@@
CREATE PROCEDURE pr.gp(int) LANGUAGE sql AS '';
--@@
GRANT EXECUTE ON PROCEDURE pr.gp(int) TO PUBLIC;
--@@
GRANT USAGE ON LANGUAGE plpgsql TO PUBLIC;
--@@
GRANT SELECT ON pr.gn2, pr.gn TO PUBLIC;
--@@
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pr FROM PUBLIC;
--@@
REINDEX TABLE pr.gn;
--@@
CLUSTER pr.gn USING gn_pkey;
--@@
-- COMMENT ON COLUMN does not say what the relation is ("table column"); a later statement of
-- the blob that PostgreSQL runs only on one kind of relation says it
CREATE VIEW pr.cv AS SELECT 1 AS a;
--@@
COMMENT ON COLUMN pr.cv.a IS 'x'; COMMENT ON VIEW pr.cv IS 'y';
--@@
COMMENT ON COLUMN pr.cv.a IS NULL; ALTER VIEW pr.cv ALTER COLUMN a SET DEFAULT 1;
--@@
CREATE MATERIALIZED VIEW pr.cmv AS SELECT 1 AS a;
--@@
COMMENT ON COLUMN pr.cmv.a IS 'x'; REFRESH MATERIALIZED VIEW pr.cmv;
--@@
CREATE TYPE pr.cct AS (a int);
--@@
COMMENT ON COLUMN pr.cct.a IS 'x'; ALTER TYPE pr.cct ADD ATTRIBUTE b int;
--@@
CREATE FOREIGN TABLE pr.cft (a int) SERVER oracle_srv;
--@@
SET search_path = pr; COMMENT ON COLUMN cft.a IS 'x'; ALTER FOREIGN TABLE cft OWNER TO CURRENT_USER; RESET search_path;
--@@
-- identity arguments as pg_identify_object() lists them: no type modifiers, "char" and
-- "any" quoted, OUT parameters out where their mode is written, agg(*) is agg()
CREATE FUNCTION pr.ia(a varchar(10), b numeric(10,2)[], c "char", OUT d int, VARIADIC e "any") LANGUAGE internal AS 'int4pl';
--@@
COMMENT ON FUNCTION pr.ia(varchar(3), numeric[], "char", OUT int, VARIADIC "any") IS 'x';
--@@
CREATE PROCEDURE pr.ip(a int, OUT b int, INOUT c text) LANGUAGE plpgsql AS $p$ BEGIN END $p$;
--@@
COMMENT ON PROCEDURE pr.ip(IN int, OUT int, INOUT text) IS 'x';
--@@
DROP PROCEDURE pr.ip(int, OUT int, text);
--@@
CREATE AGGREGATE pr.icnt(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0');
--@@
CREATE AGGREGATE pr.iold (BASETYPE = 'ANY', SFUNC = int8inc, STYPE = int8, INITCOND = '0');
--@@
CREATE AGGREGATE pr.iold2 (BASETYPE = 'int4', SFUNC = int4pl, STYPE = int4);
--@@
SET "Search_Path" = oc_plain, public;
CREATE TABLE sp_quoted_setting (a int);
RESET "SEARCH_PATH";
--@@
SELECT pg_catalog.set_config('SEARCH_PATH', 'oc_plain', false);
CREATE TABLE sp_upper_setting (a int);
RESET search_path;
--@@
SELECT 1, set_config('search_path', 'oc_plain', false)::text;
CREATE TABLE sp_second_item (a int);
RESET search_path;
--@@
SELECT * FROM set_config('search_path', 'oc_plain', false);
CREATE TABLE sp_from_item (a int);
RESET search_path;
--@@
