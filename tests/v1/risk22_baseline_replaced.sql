-- risk22_baseline_replaced.sql - CREATE OR REPLACE of objects older than the history. pgGit writes a CREATE
-- row for CREATE OR REPLACE whether or not the object existed, and makes an object's row in the
-- transaction of its first history row (the same created_at): a row older than its first history row,
-- whose first statement only replaces, is an object that existed before (baseline), modified by it.
-- Row 1-2: a function older than the history replaced twice. Row 3: a view older than the history
-- replaced in a script with a SET. Row 4: a function the history creates (its row as old as its first
-- row). Row 5: a table whose row is older but whose first statement is a plain CREATE (it did not exist
-- then). Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized, created_at) VALUES
  (1, 'FUNCTION', 'app', '16400', 'CREATE OR REPLACE FUNCTION app.f() RETURNS integer LANGUAGE sql AS $$ SELECT 3 $$;', '2026-01-01 00:00:00'),
  (2, 'VIEW', 'app', 'v', 'CREATE OR REPLACE VIEW app.v AS SELECT 1 AS a, 2 AS b;', '2026-01-01 00:00:00'),
  (3, 'FUNCTION', 'app', '16402', 'CREATE OR REPLACE FUNCTION app.newf() RETURNS integer LANGUAGE sql AS $$ SELECT 3 $$;', '2026-10-01 09:03:00'),
  (4, 'TABLE', 'app', 't', 'CREATE TABLE app.t (id int);', '2026-01-01 00:00:00');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE FUNCTION function app.16400', 'CREATE OR REPLACE FUNCTION app.f() RETURNS integer LANGUAGE sql AS $$ SELECT 2 $$;', '2026-10-01 09:00:00', 'alice'),
  (2, 1, 'CREATE', 'MINOR', 'CREATE FUNCTION function app.16400', 'CREATE OR REPLACE FUNCTION app.f() RETURNS integer LANGUAGE sql AS $$ SELECT 3 $$;', '2026-10-01 09:01:00', 'alice'),
  (3, 2, 'CREATE', 'MINOR', 'CREATE VIEW view app.v', 'SET lock_timeout = ''1s''; CREATE OR REPLACE VIEW app.v AS SELECT 1 AS a, 2 AS b;', '2026-10-01 09:02:00', 'alice'),
  (4, 3, 'CREATE', 'MINOR', 'CREATE FUNCTION function app.16402', 'CREATE OR REPLACE FUNCTION app.newf() RETURNS integer LANGUAGE sql AS $$ SELECT 3 $$;', '2026-10-01 09:03:00', 'alice'),
  (5, 4, 'CREATE', 'MINOR', 'CREATE TABLE table app.t', 'CREATE TABLE app.t (id int);', '2026-10-01 09:04:00', 'alice');
