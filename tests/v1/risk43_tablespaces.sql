-- risk43_tablespaces.sql - DDL naming tablespaces production had and the replay server lacks (they are
-- cluster objects the history never creates): a table, an index with a quoted name, a primary key USING
-- INDEX TABLESPACE, a materialized view, ALTER TABLE ... SET TABLESPACE. Each runs with pg_default in the
-- name's place (listed as a stub); before, each failed and every later statement on the table failed too.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 'd2'), (3, 'INDEX', 'app', 'd2_a'), (4, 'TABLE', 'app', 'd3'),
  (5, 'INDEX', 'app', 'd3_pkey'), (6, 'MATERIALIZED_VIEW', 'app', 'mv');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-01-11 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.d2 (a int, b int) TABLESPACE fastdisk', '2026-01-11 09:01:00', 'alice'),
  (3, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.d2 ADD COLUMN c int', '2026-01-11 09:02:00', 'alice'),
  (4, 3, 'CREATE', 'MINOR', 'c', 'CREATE INDEX d2_a ON app.d2 (a) TABLESPACE "Slow Disk"', '2026-01-11 09:03:00', 'alice'),
  (5, 4, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.d3 (id int PRIMARY KEY USING INDEX TABLESPACE idx_ts) TABLESPACE data_ts', '2026-01-11 09:04:00', 'alice'),
  (6, 5, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.d3 (id int PRIMARY KEY USING INDEX TABLESPACE idx_ts) TABLESPACE data_ts', '2026-01-11 09:04:00', 'alice'),
  (7, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.d2 SET TABLESPACE archive', '2026-01-11 09:05:00', 'alice'),
  (8, 6, 'CREATE', 'MINOR', 'c', 'CREATE MATERIALIZED VIEW app.mv TABLESPACE fastdisk AS SELECT 1 AS x', '2026-01-11 09:06:00', 'alice'),
  (9, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.d2 ADD COLUMN d int', '2026-01-11 09:07:00', 'alice');
