-- risk16_baseline_schema.sql - a schema older than the history, renamed by it: pgGit keeps its
-- objects row under the new name, with that name's definition and no CREATE row. The baseline must
-- not create the new name (the RENAME TO would fail: "already exists"); the old name is proved by
-- the statement that renames it. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'SCHEMA', '', 'sales2', 'CREATE SCHEMA sales2;'),
  (2, 'TABLE', 'sales2', 'orders', NULL);
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'ALTER', 'MINOR', 'ALTER SCHEMA sales', 'ALTER SCHEMA sales RENAME TO sales2;', '2026-05-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'CREATE TABLE table sales2.orders', 'CREATE TABLE sales2.orders (id int);', '2026-05-01 09:01:00', 'alice');
