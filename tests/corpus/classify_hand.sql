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
