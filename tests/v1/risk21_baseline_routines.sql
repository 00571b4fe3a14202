-- risk21_baseline_routines.sql - renames and moves the baseline must undo beyond relations. pgGit names a
-- function's row by its OID: ALTER FUNCTION ... RENAME TO keeps the row, whose definition is the latest
-- (the new name); SET SCHEMA makes a new row under the new schema. Row 1: a function older than the
-- history renamed (its signature spelled with a type name the parser folds). Rows 2-3: a procedure renamed twice in a
-- script that also renames a table created in the baseline. Row 4: a function moved to another schema. Row 5: a table moved by an
-- unqualified SET SCHEMA (the replay finds it in public). Object 6: a schema's own definition, run before
-- the schemas the other rows name are made (it failed, "already exists", when run after). Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'FUNCTION', 'app', '16400', 'CREATE FUNCTION app."G"(a integer, b character varying[]) RETURNS integer LANGUAGE sql AS $$ SELECT a $$;'),
  (2, 'PROCEDURE', 'app', '16401', 'CREATE PROCEDURE app.p3() LANGUAGE sql AS $$ SELECT 1 $$;'),
  (3, 'TABLE', 'app', 'keep', 'CREATE TABLE app.keep (id int);'),
  (4, 'FUNCTION', 'arch', '16402', 'CREATE FUNCTION arch.h() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;'),
  (5, 'TABLE', 'arch', 'm', 'CREATE TABLE arch.m (id int);'),
  (6, 'SCHEMA', '', 'arch', 'CREATE SCHEMA arch;');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'ALTER', 'MINOR', 'ALTER FUNCTION function app.16400', 'ALTER FUNCTION app.f(INT, varchar(3)[]) RENAME TO "G";', '2026-09-01 09:00:00', 'alice'),
  (2, 2, 'ALTER', 'MINOR', 'ALTER PROCEDURE procedure app.16401', 'ALTER PROCEDURE app.p1() RENAME TO p2; ALTER TABLE app.keep ADD COLUMN v int; ALTER ROUTINE app.p2 RENAME TO p3;', '2026-09-01 09:01:00', 'alice'),
  (3, 3, 'ALTER', 'MINOR', 'ALTER TABLE table app.keep', 'ALTER PROCEDURE app.p1() RENAME TO p2; ALTER TABLE app.keep ADD COLUMN v int; ALTER ROUTINE app.p2 RENAME TO p3;', '2026-09-01 09:01:00', 'alice'),
  (4, 4, 'ALTER', 'MINOR', 'ALTER FUNCTION function arch.16402', 'ALTER FUNCTION app.h() SET SCHEMA arch;', '2026-09-01 09:02:00', 'alice'),
  (5, 5, 'ALTER', 'MINOR', 'ALTER TABLE table arch.m', 'ALTER TABLE m SET SCHEMA arch;', '2026-09-01 09:03:00', 'alice');
