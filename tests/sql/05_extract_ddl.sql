-- 05_extract_ddl.sql - pgTAP: extract_ddl_changes on a small store written here (its
-- own object ids, beside whatever the pggit_v0 tables hold): CREATE, ALTER, DROP and
-- RENAME rows, classification from pggit_audit.blobs and the fallback rule, quoted
-- paths, the empty tree, and the errors.
BEGIN;
SELECT plan(18);

INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES
  ('tap-b-t1', 'blob', 0, 'CREATE TABLE app.t (a int);'),
  ('tap-b-t2', 'blob', 0, 'CREATE TABLE app.t (a int, b int);'),
  ('tap-b-v',  'blob', 0, E'/* reporting */\nCREATE OR REPLACE VIEW app.v AS SELECT 1;'),
  ('tap-b-i',  'blob', 0, E'-- an index\nCREATE UNIQUE INDEX i ON app.t (a);'),
  ('tap-b-q',  'blob', 0, 'CREATE TABLE "Sales.EU"."Order.Lines" (x int);'),
  ('tap-b-s',  'blob', 0, 'CREATE SEQUENCE seq_same;'),
  ('tap-b-mv', 'blob', 0, 'CREATE MATERIALIZED VIEW app.mv AS SELECT 1;'),
  ('tap-b-bad','blob', 0, 'ALTER TABLE app.t ADD c int;'),
  ('tap-tree1', 'tree', 0, ''), ('tap-tree2', 'tree', 0, ''),
  ('tap-c1', 'commit', 0, ''), ('tap-c2', 'commit', 0, ''), ('tap-c3', 'commit', 0, '');
INSERT INTO pggit_v0.tree_entries (tree_sha, path, mode, object_sha) VALUES
  ('tap-tree1', 'app.t', '100644', 'tap-b-t1'),
  ('tap-tree1', 'app.v', '100644', 'tap-b-v'),
  ('tap-tree1', 'app.old_seq', '100644', 'tap-b-s'),
  ('tap-tree1', '"Sales.EU"."Order.Lines"', '100644', 'tap-b-q'),
  ('tap-tree1', '"Sales.EU"', '100644', 'tap-b-bad'),
  ('tap-tree2', 'app.t', '100644', 'tap-b-t2'),
  ('tap-tree2', 'app.i', '100644', 'tap-b-i'),
  ('tap-tree2', 'app.new_seq', '100644', 'tap-b-s'),
  ('tap-tree2', 'app.mv', '100644', 'tap-b-mv'),
  ('tap-tree2', '"Sales.EU"."Order.Lines"', '100644', 'tap-b-q'),
  ('tap-tree2', '"Sales.EU"', '100644', 'tap-b-bad');
INSERT INTO pggit_v0.commit_graph (commit_sha, parent_shas, tree_sha, generation, author, committer,
    authored_at, committed_at, message) VALUES
  ('tap-c1', '{}', 'tap-tree1', 0, 'a', 'a', '2026-01-01', '2026-01-01', 'one'),
  ('tap-c2', '{tap-c1}', 'tap-tree2', 1, 'a', 'a', '2026-01-02', '2026-01-02', 'two'),
  ('tap-c3', '{tap-c2}', 'tap-no-such-tree', 2, 'a', 'a', '2026-01-03', '2026-01-03', 'damaged');
-- the classifier's verdicts: app.t's new blob is classified (with a name unlike the
-- fallback's, to tell them apart); the index blob failed to parse, so it falls back.
INSERT INTO pggit_audit.blobs (blob_sha, definition, object_type, object_schema, object_name, parse_status) VALUES
  ('tap-b-t2', 'CREATE TABLE app.t (a int, b int);', 'TABLE', 'app', 't (classified)', 'OK'),
  ('tap-b-i', '-- an index', 'INDEX', 'wrong', 'wrong', 'ERROR');

SELECT results_eq(
  $$SELECT change_type, object_type, object_schema, object_name, classified, old_path, new_path
      FROM pggit_audit.extract_ddl_changes('tap-c1', 'tap-c2')$$,
  $$VALUES ('CREATE', 'INDEX', 'app', 'i', false, NULL, 'app.i'),
           ('CREATE', 'MATERIALIZED_VIEW', 'app', 'mv', false, NULL, 'app.mv'),
           ('RENAME', 'SEQUENCE', 'app', 'new_seq', false, 'app.old_seq', 'app.new_seq'),
           ('ALTER', 'TABLE', 'app', 't (classified)', true, 'app.t', 'app.t'),
           ('DROP', 'VIEW', 'app', 'v', false, 'app.v', NULL)$$,
  'changes between two commits, in path byte order');
SELECT results_eq(
  $$SELECT old_ddl, new_ddl FROM pggit_audit.extract_ddl_changes('tap-c1', 'tap-c2') WHERE new_path = 'app.t'$$,
  $$VALUES ('CREATE TABLE app.t (a int);', 'CREATE TABLE app.t (a int, b int);')$$, 'ALTER carries both definitions');
SELECT results_eq(
  $$SELECT old_ddl IS NULL, new_ddl FROM pggit_audit.extract_ddl_changes('tap-c1', 'tap-c2') WHERE change_type = 'CREATE' AND new_path = 'app.i'$$,
  $$VALUES (true, E'-- an index\nCREATE UNIQUE INDEX i ON app.t (a);')$$, 'CREATE has no old definition');
SELECT results_eq(
  $$SELECT old_ddl = new_ddl FROM pggit_audit.extract_ddl_changes('tap-c1', 'tap-c2') WHERE change_type = 'RENAME'$$,
  $$VALUES (true)$$, 'RENAME: the same definition under a new path');
SELECT results_eq(
  $$SELECT change_type, object_type, object_schema, object_name, new_path FROM pggit_audit.extract_ddl_changes(NULL, 'tap-c1')$$,
  $$VALUES ('CREATE', NULL::text, 'Sales.EU', 'Sales.EU', '"Sales.EU"'),
           ('CREATE', 'TABLE', 'Sales.EU', 'Order.Lines', '"Sales.EU"."Order.Lines"'),
           ('CREATE', 'SEQUENCE', 'app', 'old_seq', 'app.old_seq'),
           ('CREATE', 'TABLE', 'app', 't', 'app.t'),
           ('CREATE', 'VIEW', 'app', 'v', 'app.v')$$,
  'from the empty tree: every entry is a CREATE; quoted paths are split; an unrecognised DDL has no type');
SELECT is_empty($$SELECT * FROM pggit_audit.extract_ddl_changes('tap-c2', 'tap-c2')$$, 'a commit against itself');
SELECT results_eq(
  $$SELECT change_type, old_path FROM pggit_audit.extract_ddl_changes('tap-c2', 'tap-c1') WHERE change_type <> 'ALTER'$$,
  $$VALUES ('DROP', 'app.i'), ('DROP', 'app.mv'), ('RENAME', 'app.new_seq'), ('CREATE', NULL)$$,
  'backwards: creates become drops');

SELECT throws_ok($$SELECT * FROM pggit_audit.extract_ddl_changes('tap-c1', NULL)$$, '22004', NULL, 'NULL new commit');
SELECT throws_like($$SELECT * FROM pggit_audit.extract_ddl_changes('tap-c1', 'no-such-commit')$$,
  '%unknown commit no-such-commit%', 'unknown new commit');
SELECT throws_ok($$SELECT * FROM pggit_audit.extract_ddl_changes('no-such-commit', 'tap-c1')$$, 'P0002', NULL, 'unknown old commit');
SELECT throws_ok($$SELECT * FROM pggit_audit.extract_ddl_changes('tap-c2', 'tap-c3')$$, 'XX001', NULL,
  'a commit whose tree does not exist');

SELECT is((pggit_audit.split_path('"a""b".c')).object_schema, 'a"b', 'split_path: doubled quote');
SELECT is((pggit_audit.split_path('"x y"."Größe.z"')).object_name, 'Größe.z', 'split_path: non-ASCII and dots');
SELECT is(pggit_audit.split_path('a.b.c'), ROW(NULL::text, 'a.b.c'::text)::record, 'split_path: not a two-part path');
SELECT is(pggit_audit.ddl_object_type(E'-- c\n/* x */ create unlogged table x ()'), 'TABLE', 'ddl_object_type: comments and modifiers');
SELECT is(pggit_audit.ddl_object_type('CREATE EVENT TRIGGER e ON ddl_command_end EXECUTE FUNCTION f()'), 'EVENT_TRIGGER',
  'ddl_object_type: two-word kinds');
-- every kind by all its words, after the modifiers TRUSTED, PROCEDURAL, DEFAULT (migration 017)
SELECT is(array_agg(pggit_audit.ddl_object_type(d) ORDER BY i),
          ARRAY['OPERATOR_CLASS', 'OPERATOR_FAMILY', 'OPERATOR', 'USER_MAPPING', 'USER', 'FOREIGN_DATA_WRAPPER',
                'ACCESS_METHOD', 'LANGUAGE', 'CONVERSION', 'TEXT_SEARCH_DICTIONARY'],
          'ddl_object_type: kinds of several words and their modifiers')
  FROM unnest(ARRAY['CREATE OPERATOR CLASS c FOR TYPE int USING btree AS OPERATOR 1 <',
                    'create operator family f using btree',
                    'CREATE OPERATOR === (function = f)',
                    'CREATE USER MAPPING IF NOT EXISTS FOR bob SERVER s',
                    'CREATE USER mapping WITH LOGIN',
                    'CREATE FOREIGN DATA WRAPPER w',
                    'CREATE ACCESS METHOD m TYPE TABLE HANDLER h',
                    'CREATE OR REPLACE TRUSTED PROCEDURAL LANGUAGE plx',
                    'CREATE DEFAULT CONVERSION c FOR ''LATIN1'' TO ''UTF8'' FROM f',
                    'CREATE TEXT SEARCH DICTIONARY d (template = simple)']) WITH ORDINALITY AS t(d, i);
SELECT ok(position('FULL JOIN' IN prosrc) > 0 AND prosrc !~* '\mLOOP\M', 'extract_ddl_changes is one set-based query')
  FROM pg_proc WHERE oid = 'pggit_audit.extract_ddl_changes(text,text)'::regprocedure;

SELECT * FROM finish();
ROLLBACK;
