-- risk6_unsupported.sql - object types that have no definition function in PostgreSQL 15
-- (aggregate, policy, operator): replayed, skipped by the capture with a warning and counted.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'app', 'p');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.p', 'CREATE TABLE app.p (a int, owner text);', '2026-01-04 08:00:00', 'alice'),
  (2, 1, 'CREATE', 'MINOR', 'aggregate', 'CREATE AGGREGATE app.mysum(int) (SFUNC = int4pl, STYPE = int);', '2026-01-04 08:01:00', 'alice'),
  (3, 1, 'CREATE', 'MINOR', 'policy', 'CREATE POLICY p_owner ON app.p USING (owner = current_user);', '2026-01-04 08:02:00', 'alice'),
  (4, 1, 'CREATE', 'MINOR', 'operator', 'CREATE OPERATOR app.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);', '2026-01-04 08:03:00', 'alice'),
  (5, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.p', 'ALTER TABLE app.p ADD COLUMN b int;', '2026-01-04 08:04:00', 'alice');
