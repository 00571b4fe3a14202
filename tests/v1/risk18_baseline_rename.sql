-- risk18_baseline_rename.sql - relations renamed or moved by the history (RENAME TO, SET SCHEMA)
-- whose pggit.objects row under the new name has a ddl_normalized and no CREATE row (pgGit makes a
-- new row for the new name, its first history row the rename): the baseline must not create the
-- new name, or the rename fails ("already exists") and the snapshots never show it. Rows 1-2: a
-- table the history creates, then renames. Rows 3-4: a table older than the history, renamed; its
-- old row has its definition. Rows 5-6: a table older than the history moved to another schema.
-- Rows 7-8: a view older than the history renamed, only its new row has a definition (quoted
-- mixed-case name). Rows 10-12: a chain of renames of a table older than the history, only the
-- last name's row has a definition. Rows 13-14: a table older than the history renamed away, its old
-- name created again by the history afterwards. Rows 15-16: a table in a mixed-case schema older
-- than the history, renamed; pgGit's object_name then holds the quoted schema too (regclass::text).
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'a1', NULL),
  (2, 'TABLE', 'app', 'a2', 'CREATE TABLE app.a2 (id int, x int);'),
  (3, 'TABLE', 'app', 'b1', 'CREATE TABLE app.b1 (id int);'),
  (4, 'TABLE', 'app', 'b2', 'CREATE TABLE app.b2 (id int, y int);'),
  (5, 'TABLE', 'app', 'm', 'CREATE TABLE app.m (id int);'),
  (6, 'TABLE', 'arch', 'm', 'CREATE TABLE arch.m (id int);'),
  (7, 'VIEW', 'app', 'v1', NULL),
  (8, 'VIEW', 'app', '"View2"', 'CREATE VIEW app."View2" AS SELECT 1 AS one;'),
  (9, 'SCHEMA', '', 'arch', 'CREATE SCHEMA arch;'),
  (10, 'TABLE', 'app', 'c1', NULL),
  (11, 'TABLE', 'app', 'c2', NULL),
  (12, 'TABLE', 'app', 'c3', 'CREATE TABLE app.c3 (id int);'),
  (13, 'TABLE', 'app', 't', 'CREATE TABLE app.t (id int, z int);'),
  (14, 'TABLE', 'app', 't_old', 'CREATE TABLE app.t_old (id int);'),
  (15, 'TABLE', 'Sales', '"Sales"."Orders"', NULL),
  (16, 'TABLE', 'Sales', '"Sales"."Orders.Old"', 'CREATE TABLE "Sales"."Orders.Old" (id int);');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.a1', 'CREATE TABLE app.a1 (id int);', '2026-07-01 09:00:00', 'alice'),
  (2, 2, 'ALTER', 'MINOR', 'ALTER TABLE table app.a2', 'ALTER TABLE app.a1 RENAME TO a2;', '2026-07-01 09:01:00', 'alice'),
  (3, 2, 'ALTER', 'MINOR', 'ALTER TABLE table app.a2', 'ALTER TABLE app.a2 ADD COLUMN x int;', '2026-07-01 09:02:00', 'alice'),
  (4, 4, 'ALTER', 'MINOR', 'ALTER TABLE table app.b2', 'ALTER TABLE app.b1 RENAME TO b2;', '2026-07-01 09:03:00', 'alice'),
  (5, 4, 'ALTER', 'MINOR', 'ALTER TABLE table app.b2', 'ALTER TABLE app.b2 ADD COLUMN y int;', '2026-07-01 09:04:00', 'alice'),
  (6, 6, 'ALTER', 'MINOR', 'ALTER TABLE table arch.m', 'ALTER TABLE app.m SET SCHEMA arch;', '2026-07-01 09:05:00', 'alice'),
  (7, 8, 'ALTER', 'MINOR', 'ALTER VIEW view app."View2"', 'ALTER VIEW app.v1 RENAME TO "View2";', '2026-07-01 09:06:00', 'alice'),
  (8, 11, 'ALTER', 'MINOR', 'ALTER TABLE table app.c2', 'ALTER TABLE app.c1 RENAME TO c2;', '2026-07-01 09:07:00', 'alice'),
  (9, 12, 'ALTER', 'MINOR', 'ALTER TABLE table app.c3', 'ALTER TABLE app.c2 RENAME TO c3;', '2026-07-01 09:08:00', 'alice'),
  (10, 14, 'ALTER', 'MINOR', 'ALTER TABLE table app.t_old', 'ALTER TABLE app.t RENAME TO t_old;', '2026-07-01 09:09:00', 'alice'),
  (11, 13, 'CREATE', 'MINOR', 'CREATE TABLE table app.t', 'CREATE TABLE app.t (id int, z int);', '2026-07-01 09:10:00', 'alice'),
  (12, 16, 'ALTER', 'MINOR', 'ALTER TABLE table Sales."Sales"."Orders.Old"', 'ALTER TABLE "Sales"."Orders" RENAME TO "Orders.Old";', '2026-07-01 09:11:00', 'alice');
