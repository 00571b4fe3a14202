-- risk24_mixed_do.sql - texts holding ordinary DDL and a DO block (a migration file run whole): the DDL
-- beside the block runs, the block is left out on its own and handled as a statement not replayed (what
-- its rows create or drop is done from pggit.objects, what cannot be done is a warning of its row).
-- Rows 1-4: one text creating app.a and app.n (no ddl_normalized) around a DO block creating app.b,
-- then altering app.a; row 5 alters app.a again (ddl_normalized is the latest definition, so creating
-- app.a from it would make row 5 fail). Rows 6-7: dollar quotes and comments holding ';' and DO, an E''
-- string, a DO block dropping app.b. Row 8: a DO block dropping a function (pgGit names it by OID).
-- Row 9: a non-ASCII name after a DO block, no trailing ';'. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'a', 'CREATE TABLE app.a (x int, y int, z int);'),
  (2, 'TABLE', 'app', 'b', 'CREATE TABLE app.b (id int);'),
  (3, 'TABLE', 'app', 'n', NULL),
  (4, 'FUNCTION', 'app', '90001', $d$CREATE OR REPLACE FUNCTION app.f() RETURNS text LANGUAGE sql AS $f$ SELECT 'DO $$ ; $$' $f$;$d$),
  (5, 'TABLE', 'app', '"tâble"', NULL);
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.a',
   $q$CREATE TABLE app.a (x int); CREATE TABLE app.n (id int); DO $$ BEGIN EXECUTE 'CREATE TABLE app.b (id int)'; END $$; ALTER TABLE app.a ADD y int;$q$,
   '2026-10-01 09:00:00', 'alice'),
  (2, 3, 'CREATE', 'MINOR', 'CREATE TABLE table app.n',
   $q$CREATE TABLE app.a (x int); CREATE TABLE app.n (id int); DO $$ BEGIN EXECUTE 'CREATE TABLE app.b (id int)'; END $$; ALTER TABLE app.a ADD y int;$q$,
   '2026-10-01 09:00:00', 'alice'),
  (3, 2, 'CREATE', 'MINOR', 'CREATE TABLE table app.b',
   $q$CREATE TABLE app.a (x int); CREATE TABLE app.n (id int); DO $$ BEGIN EXECUTE 'CREATE TABLE app.b (id int)'; END $$; ALTER TABLE app.a ADD y int;$q$,
   '2026-10-01 09:00:00', 'alice'),
  (4, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.a',
   $q$CREATE TABLE app.a (x int); CREATE TABLE app.n (id int); DO $$ BEGIN EXECUTE 'CREATE TABLE app.b (id int)'; END $$; ALTER TABLE app.a ADD y int;$q$,
   '2026-10-01 09:00:00', 'alice'),
  (5, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.a', 'ALTER TABLE app.a ADD z int;', '2026-10-01 09:01:00', 'bob'),
  (6, 4, 'CREATE', 'MINOR', 'CREATE FUNCTION function app.90001',
   $q$CREATE FUNCTION app.f() RETURNS text LANGUAGE sql AS $f$ SELECT 'DO $$ ; $$' $f$; -- DO $$ ;
DO $d$BEGIN EXECUTE 'DROP TABLE app.b'; END$d$; COMMENT ON TABLE app.a IS E'it\'s; DO'$q$,
   '2026-10-01 09:02:00', 'carol'),
  (7, 2, 'DROP', 'MAJOR', 'Dropped TABLE app.b',
   $q$CREATE FUNCTION app.f() RETURNS text LANGUAGE sql AS $f$ SELECT 'DO $$ ; $$' $f$; -- DO $$ ;
DO $d$BEGIN EXECUTE 'DROP TABLE app.b'; END$d$; COMMENT ON TABLE app.a IS E'it\'s; DO'$q$,
   '2026-10-01 09:02:00', 'carol'),
  (8, 4, 'DROP', 'MAJOR', 'Dropped FUNCTION app.90001', $q$DO $$ BEGIN EXECUTE 'DROP FUNCTION app.f()'; END $$;$q$,
   '2026-10-01 09:03:00', 'carol'),
  (9, 5, 'CREATE', 'MINOR', 'CREATE TABLE table app."tâble"', E'DO $$BEGIN END$$;\nCREATE TABLE app."tâble" (x int)',
   '2026-10-01 09:04:00', 'dave');
