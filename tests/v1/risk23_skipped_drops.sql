-- risk23_skipped_drops.sql - objects dropped by statements that are not replayed (DO blocks): pgGit wrote
-- their DROP rows with the block's text. Left out, the dropped objects stayed in every later snapshot.
-- Row 4: a table dropped by a DO block. Row 5: an ALTER in a DO block (not made up). Row 6: an index.
-- Rows 7-8: a table and the view depending on it (CASCADE: pgGit lists the view after the table).
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'a', 'CREATE TABLE app.a (id int);'),
  (2, 'TABLE', 'app', 'b', 'CREATE TABLE app.b (id int, extra int);'),
  (3, 'INDEX', 'app', 'b_idx', 'CREATE INDEX b_idx ON app.b (id);');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.a', 'CREATE TABLE app.a (id int);', '2026-07-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'CREATE TABLE table app.b', 'CREATE TABLE app.b (id int);', '2026-07-01 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'CREATE INDEX index app.b_idx', 'CREATE INDEX b_idx ON app.b (id);', '2026-07-01 09:01:30', 'alice'),
  (4, 1, 'DROP', 'MAJOR', 'Dropped TABLE app.a', 'DO $$ BEGIN IF true THEN EXECUTE ''DROP TABLE app.a''; END IF; END $$;', '2026-07-01 09:02:00', 'alice'),
  (5, 2, 'ALTER', 'MINOR', 'ALTER TABLE table app.b', 'DO $$ BEGIN EXECUTE ''ALTER TABLE app.b ADD COLUMN extra int''; END $$;', '2026-07-01 09:03:00', 'alice'),
  (6, 3, 'DROP', 'MAJOR', 'Dropped INDEX app.b_idx', 'DO $$ BEGIN EXECUTE ''DROP INDEX app.b_idx''; END $$;', '2026-07-01 09:04:00', 'alice');
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (4, 'TABLE', 'app', 'c', 'CREATE TABLE app.c (id int);'),
  (5, 'VIEW', 'app', 'cv', 'CREATE VIEW app.cv AS SELECT id FROM app.c;');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (7, 4, 'DROP', 'MAJOR', 'Dropped TABLE app.c', 'DO $$ BEGIN EXECUTE ''DROP TABLE app.c CASCADE''; END $$;', '2026-07-01 09:05:00', 'alice'),
  (8, 5, 'DROP', 'MAJOR', 'Dropped VIEW app.cv', 'DO $$ BEGIN EXECUTE ''DROP TABLE app.c CASCADE''; END $$;', '2026-07-01 09:05:00', 'alice');
