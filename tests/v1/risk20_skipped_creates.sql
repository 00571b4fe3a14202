-- risk20_skipped_creates.sql - objects created by statements the replay does not run (a migration's
-- DO block creating a table when it is missing, a text the parser does not accept): pgGit wrote their
-- CREATE rows with that text. Each one with a ddl_normalized is created from it instead, so the
-- statements after it find it; one without is not invented; a definition the screen refuses is a
-- warning. A CREATE row without SQL (old pgGit versions) proves the creation the same way. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'd', 'CREATE TABLE app.d (id int);'),
  (2, 'INDEX', 'app', 'd_id', 'CREATE INDEX d_id ON app.d (id);'),
  (3, 'TABLE', 'app', 'nodef', NULL),
  (4, 'FUNCTION', 'app', 'evil', 'CREATE EXTENSION IF NOT EXISTS dblink;'),
  (5, 'VIEW', 'app', 'pv', 'CREATE VIEW app.pv AS SELECT 1 AS one;'),
  (6, 'TABLE', 'app', 'nosql', 'CREATE TABLE app.nosql (id int);');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.d',
   E'DO $$ BEGIN IF to_regclass(\'app.d\') IS NULL THEN EXECUTE \'CREATE TABLE app.d (id int); CREATE INDEX d_id ON app.d (id)\'; END IF; END $$;',
   '2026-09-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'CREATE INDEX index app.d_id',
   E'DO $$ BEGIN IF to_regclass(\'app.d\') IS NULL THEN EXECUTE \'CREATE TABLE app.d (id int); CREATE INDEX d_id ON app.d (id)\'; END IF; END $$;',
   '2026-09-01 09:00:00', 'alice'),
  (3, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.d', 'ALTER TABLE app.d ADD COLUMN x int;', '2026-09-01 09:01:00', 'alice'),
  (4, 3, 'CREATE', 'MINOR', 'CREATE TABLE table app.nodef', E'DO $$ BEGIN EXECUTE \'CREATE TABLE app.nodef (id int)\'; END $$;', '2026-09-01 09:02:00', 'alice'),
  (5, 4, 'CREATE', 'MINOR', 'CREATE FUNCTION function app.evil', E'DO $$ BEGIN NULL; END $$;', '2026-09-01 09:03:00', 'alice'),
  (6, 5, 'CREATE', 'MINOR', 'CREATE VIEW view app.pv', 'CREATE VIEW app.pv AS SELEC 1 AS one;', '2026-09-01 09:04:00', 'alice'),
  (7, 6, 'CREATE', 'MINOR', 'CREATE TABLE table app.nosql', NULL, '2026-09-01 09:05:00', 'bob'),
  (8, 6, 'ALTER', 'MINOR', 'ALTER TABLE table app.nosql', 'ALTER TABLE app.nosql ADD COLUMN y int;', '2026-09-01 09:06:00', 'bob');
