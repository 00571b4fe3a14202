-- risk40_inherited_alters.sql - an unqualified ALTER or DROP whose one run reached a same-named object
-- in another schema, pgGit writing a row for each: row 5/6, ALTER TABLE p ADD COLUMN c int on a.p, its
-- child b.p (INHERITS) given the column by the same run; rows 7/8, DROP TABLE q of the partitioned a.q,
-- its partition b.q dropped with it. Split by schema, the second run failed ("already exists",
-- "does not exist"); it is the first run's statement, applied once.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'a', 'a'), (2, 'SCHEMA', 'b', 'b'), (3, 'TABLE', 'a', 'p'), (4, 'TABLE', 'b', 'p'),
  (5, 'TABLE', 'a', 'q'), (6, 'TABLE', 'b', 'q');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA a', '2026-01-08 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA b', '2026-01-08 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE a.p (id int); CREATE TABLE b.p () INHERITS (a.p); CREATE TABLE a.q (id int) PARTITION BY LIST (id); CREATE TABLE b.q PARTITION OF a.q FOR VALUES IN (1);', '2026-01-08 09:02:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'CREATE TABLE a.p (id int); CREATE TABLE b.p () INHERITS (a.p); CREATE TABLE a.q (id int) PARTITION BY LIST (id); CREATE TABLE b.q PARTITION OF a.q FOR VALUES IN (1);', '2026-01-08 09:02:00', 'alice'),
  (5, 3, 'ALTER', 'MINOR', 'c', 'ALTER TABLE p ADD COLUMN c int', '2026-01-08 09:03:00', 'bob'),
  (6, 4, 'ALTER', 'MINOR', 'c', 'ALTER TABLE p ADD COLUMN c int', '2026-01-08 09:03:00', 'bob'),
  (7, 5, 'DROP', 'MAJOR', 'c', 'DROP TABLE q', '2026-01-08 09:04:00', 'bob'),
  (8, 6, 'DROP', 'MAJOR', 'c', 'DROP TABLE q', '2026-01-08 09:04:00', 'bob');
