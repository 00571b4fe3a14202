-- risk19_baseline_recreated.sql - an object older than the history that the history alters, drops
-- and creates again: pgGit keeps one pggit.objects row per name, so the row has a CREATE row, yet
-- the object existed before the history (its first history row is no CREATE). It belongs in the
-- baseline, or the ALTER and the DROP fail ("does not exist"). Row 2: a table whose statement wrote
-- its ALTER row before its CREATE row (a foreign key), created by the history: not in the baseline.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'old', 'CREATE TABLE app.old (id int PRIMARY KEY, v2 text);'),
  (2, 'TABLE', 'app', 'fk', 'CREATE TABLE app.fk (id int REFERENCES app.old);');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.old', 'ALTER TABLE app.old ADD COLUMN note text;', '2026-08-01 09:00:00', 'alice'),
  (2, 1, 'DROP', 'MAJOR', 'Dropped TABLE app.old', 'DROP TABLE app.old;', '2026-08-01 09:01:00', 'alice'),
  (3, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.old', 'CREATE TABLE app.old (id int PRIMARY KEY, v2 text);', '2026-08-01 09:02:00', 'bob'),
  (4, 2, 'ALTER', 'MINOR', 'ALTER TABLE table app.fk', 'CREATE TABLE app.fk (id int REFERENCES app.old);', '2026-08-01 09:03:00', 'bob'),
  (5, 2, 'CREATE', 'MINOR', 'CREATE TABLE table app.fk', 'CREATE TABLE app.fk (id int REFERENCES app.old);', '2026-08-01 09:03:00', 'bob');
