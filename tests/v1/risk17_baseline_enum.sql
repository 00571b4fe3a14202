-- risk17_baseline_enum.sql - objects older than the history whose definitions add an enum value
-- (ALTER TYPE ... ADD VALUE) that a later definition uses (a default, a view): PostgreSQL refuses
-- a new value in the transaction that added it (55P04), so the baseline must commit it before the
-- definitions that use it run. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TYPE', 'app', 'mood', E'CREATE TYPE app.mood AS ENUM (\'sad\', \'ok\');\nALTER TYPE app.mood ADD VALUE \'happy\';'),
  (2, 'TABLE', 'app', 't', E'CREATE TABLE app.t (id int, m app.mood DEFAULT \'happy\');'),
  (3, 'VIEW', 'app', 'v', E'CREATE VIEW app.v AS SELECT id FROM app.t WHERE m = \'happy\';'),
  (4, 'TABLE', 'app', 'h', NULL);
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 2, 'ALTER', 'MINOR', 'ALTER TABLE table app.t', 'ALTER TABLE app.t ADD COLUMN b int;', '2026-06-01 09:00:00', 'alice'),
  (2, 4, 'CREATE', 'MINOR', 'CREATE TABLE table app.h', 'CREATE TABLE app.h (id int);', '2026-06-01 09:01:00', 'alice');
