-- risk13_schemas.sql - schemas the history creates itself: one renamed into a name that later
-- objects rows carry, one created by CREATE SCHEMA, a table moved between them, then every
-- schema dropped with CASCADE (the dependents go too, and the last snapshot is empty).
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'TABLE', 'app', 't'), (2, 'VIEW', 'app', 'v'), (3, 'SCHEMA', '', 'app'), (4, 'SCHEMA', '', 'other'),
  (5, 'TABLE', 'other', 't'), (6, 'VIEW', 'app2', 'v2'), (7, 'SCHEMA', '', 'app2');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.t', 'CREATE TABLE app.t (a int PRIMARY KEY);', '2026-01-05 08:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'CREATE VIEW view app.v', 'CREATE VIEW app.v AS SELECT a FROM app.t;', '2026-01-05 08:01:00', 'alice'),
  (3, 3, 'ALTER', 'MINOR', 'ALTER SCHEMA app', 'ALTER SCHEMA app RENAME TO app2;', '2026-01-05 08:02:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'CREATE SCHEMA other', 'CREATE SCHEMA other;', '2026-01-05 08:03:00', 'alice'),
  (5, 5, 'ALTER', 'MINOR', 'ALTER TABLE table other.t', 'ALTER TABLE app2.t SET SCHEMA other;', '2026-01-05 08:04:00', 'alice'),
  (6, 6, 'CREATE', 'MINOR', 'CREATE VIEW view app2.v2', 'CREATE VIEW app2.v2 AS SELECT a FROM other.t;', '2026-01-05 08:05:00', 'alice'),
  (7, 5, 'DROP', 'MAJOR', 'Dropped TABLE other.t', 'DROP SCHEMA other CASCADE;', '2026-01-05 08:06:00', 'alice'),
  (8, 7, 'DROP', 'MAJOR', 'Dropped SCHEMA app2', 'DROP SCHEMA app2 CASCADE;', '2026-01-05 08:07:00', 'alice');
