-- risk1_no_create.sql - objects that predate pgGit: pggit.objects rows without a CREATE row in
-- pggit.history. Two have ddl_normalized (they form the baseline commit), one has none (listed by
-- the preflight, not invented). Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'legacy', 'CREATE TABLE app.legacy (id integer PRIMARY KEY, name text);'),
  (2, 'VIEW', 'app', 'legacy_names', 'CREATE VIEW app.legacy_names AS SELECT name FROM app.legacy;'),
  (3, 'FUNCTION', 'app', 'old_fn', NULL),
  (4, 'TABLE', 'app', 'fresh', NULL);
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.legacy - Added column(s): note',
   'ALTER TABLE app.legacy ADD COLUMN note text;', '2026-01-01 10:00:00.25', 'alice'),
  (2, 4, 'CREATE', 'MINOR', 'CREATE TABLE table app.fresh', 'CREATE TABLE app.fresh (id int);',
   '2026-01-01 10:01:00', 'bob');
