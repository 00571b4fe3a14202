-- risk38_tenant_alters.sql - a multi-tenant migration run statement by statement in one transaction
-- (psql --single-transaction, its SET search_path before each tenant's statements leaving no row):
-- the same ALTER or DROP text at the same time for one name in two schemas is two runs, each with its
-- own row's schema first (rows 9/10: ALTER TABLE t ADD COLUMN x in a and b; rows 11/12: DROP TABLE u
-- in a and b). Grouped as one statement, it ran once with the default path and failed in public.
-- A command that names both objects itself (row 13/14: DROP TABLE a.v, b.v) still runs once.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'a', 'a'), (2, 'SCHEMA', 'b', 'b'), (3, 'TABLE', 'a', 't'), (4, 'TABLE', 'b', 't'),
  (5, 'TABLE', 'a', 'u'), (6, 'TABLE', 'b', 'u'), (7, 'TABLE', 'a', 'v'), (8, 'TABLE', 'b', 'v');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA a', '2026-01-07 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA b', '2026-01-07 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE a.t (id int); CREATE TABLE b.t (id int); CREATE TABLE a.u (id int); CREATE TABLE b.u (id int); CREATE TABLE a.v (id int); CREATE TABLE b.v (id int);', '2026-01-07 09:02:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'CREATE TABLE a.t (id int); CREATE TABLE b.t (id int); CREATE TABLE a.u (id int); CREATE TABLE b.u (id int); CREATE TABLE a.v (id int); CREATE TABLE b.v (id int);', '2026-01-07 09:02:00', 'alice'),
  (5, 5, 'CREATE', 'MINOR', 'c', 'CREATE TABLE a.t (id int); CREATE TABLE b.t (id int); CREATE TABLE a.u (id int); CREATE TABLE b.u (id int); CREATE TABLE a.v (id int); CREATE TABLE b.v (id int);', '2026-01-07 09:02:00', 'alice'),
  (6, 6, 'CREATE', 'MINOR', 'c', 'CREATE TABLE a.t (id int); CREATE TABLE b.t (id int); CREATE TABLE a.u (id int); CREATE TABLE b.u (id int); CREATE TABLE a.v (id int); CREATE TABLE b.v (id int);', '2026-01-07 09:02:00', 'alice'),
  (7, 7, 'CREATE', 'MINOR', 'c', 'CREATE TABLE a.t (id int); CREATE TABLE b.t (id int); CREATE TABLE a.u (id int); CREATE TABLE b.u (id int); CREATE TABLE a.v (id int); CREATE TABLE b.v (id int);', '2026-01-07 09:02:00', 'alice'),
  (8, 8, 'CREATE', 'MINOR', 'c', 'CREATE TABLE a.t (id int); CREATE TABLE b.t (id int); CREATE TABLE a.u (id int); CREATE TABLE b.u (id int); CREATE TABLE a.v (id int); CREATE TABLE b.v (id int);', '2026-01-07 09:02:00', 'alice'),
  (9, 3, 'ALTER', 'MINOR', 'c', 'ALTER TABLE t ADD COLUMN x int', '2026-01-07 09:03:00', 'bob'),
  (10, 4, 'ALTER', 'MINOR', 'c', 'ALTER TABLE t ADD COLUMN x int', '2026-01-07 09:03:00', 'bob'),
  (11, 5, 'DROP', 'MAJOR', 'c', 'DROP TABLE u', '2026-01-07 09:04:00', 'bob'),
  (12, 6, 'DROP', 'MAJOR', 'c', 'DROP TABLE u', '2026-01-07 09:04:00', 'bob'),
  (13, 7, 'DROP', 'MAJOR', 'c', 'DROP TABLE a.v, b.v', '2026-01-07 09:05:00', 'bob'),
  (14, 8, 'DROP', 'MAJOR', 'c', 'DROP TABLE a.v, b.v', '2026-01-07 09:05:00', 'bob');
