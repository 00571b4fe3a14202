-- risk4_failures.sql - statements that fail on replay, do not parse, or must never run in the
-- replay (cluster-wide, arbitrary code), between statements that work; the last one needs
-- autocommit (CONCURRENTLY). Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'app', 'f');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.f', 'CREATE TABLE app.f (a int);', '2026-01-03 08:00:00', 'alice'),
  (2, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.nothere', 'ALTER TABLE app.nothere ADD COLUMN z int;', '2026-01-03 08:01:00', 'alice'),
  (3, 1, 'ALTER', 'MINOR', 'garbage', 'CREAT TABLE oops (;', '2026-01-03 08:02:00', 'alice'),
  (4, 1, 'ALTER', 'MINOR', 'a role', 'CREATE ROLE pga_v1_evil_role SUPERUSER;', '2026-01-03 08:03:00', 'alice'),
  (5, 1, 'ALTER', 'MINOR', 'a DO block', 'DO $$ BEGIN EXECUTE ''CREATE TABLE app.via_do (x int)''; END $$;', '2026-01-03 08:04:00', 'alice'),
  (6, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.f', 'ALTER TABLE app.f ADD COLUMN b int;', '2026-01-03 08:05:00', 'alice'),
  (7, 1, 'CREATE', 'MINOR', 'an index built concurrently (cannot run in a transaction block)',
   'CREATE INDEX CONCURRENTLY f_b ON app.f (b);', '2026-01-03 08:06:00', 'alice');
