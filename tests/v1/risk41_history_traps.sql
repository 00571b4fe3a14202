-- risk41_history_traps.sql - history traps that replay as production had them: a table renamed and its
-- old name created again (rows 3-5), CREATE OR REPLACE VIEW adding a column (6, 7), DROP ... CASCADE
-- taking a view in another schema with it (8-10), quoted identifiers holding dots (11-13).
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'SCHEMA', 'rpt', 'rpt'), (3, 'TABLE', 'app', 't1'), (4, 'TABLE', 'app', 't1_old'),
  (5, 'VIEW', 'app', 'v'), (6, 'TABLE', 'app', 'base'), (7, 'VIEW', 'rpt', 'bv'), (8, 'SCHEMA', 'my.schema', 'my.schema'),
  (9, 'TABLE', 'my.schema', 't.x');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-01-09 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA rpt', '2026-01-09 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t1 (id int)', '2026-01-09 09:02:00', 'alice'),
  (4, 4, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t1 RENAME TO t1_old', '2026-01-09 09:03:00', 'alice'),
  (5, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t1 (id int, x int)', '2026-01-09 09:04:00', 'alice'),
  (6, 5, 'CREATE', 'MINOR', 'c', 'CREATE VIEW app.v AS SELECT 1 AS a', '2026-01-09 09:05:00', 'alice'),
  (7, 5, 'ALTER', 'MINOR', 'c', 'CREATE OR REPLACE VIEW app.v AS SELECT 1 AS a, 2 AS b', '2026-01-09 09:06:00', 'alice'),
  (8, 6, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.base (id int)', '2026-01-09 09:07:00', 'alice'),
  (9, 7, 'CREATE', 'MINOR', 'c', 'CREATE VIEW rpt.bv AS SELECT * FROM app.base', '2026-01-09 09:08:00', 'alice'),
  (10, 6, 'DROP', 'MAJOR', 'c', 'DROP TABLE app.base CASCADE', '2026-01-09 09:09:00', 'alice'),
  (11, 8, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA "my.schema"', '2026-01-09 09:10:00', 'alice'),
  (12, 9, 'CREATE', 'MINOR', 'c', 'CREATE TABLE "my.schema"."t.x" (id int)', '2026-01-09 09:11:00', 'alice'),
  (13, 9, 'ALTER', 'MINOR', 'c', 'ALTER TABLE "my.schema"."t.x" ADD COLUMN y int', '2026-01-09 09:12:00', 'alice');
