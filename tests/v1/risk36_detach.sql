-- risk36_detach.sql - partitions detached by the history: pg_event_trigger_ddl_commands() names only
-- the parent, and the partition no longer depends on it, so the capture did not render the partition
-- again and the store kept it "PARTITION OF" its old parent ("ran; no captured object changed").
-- Row 4: DETACH; row 5: DETACH ... CONCURRENTLY (run outside a transaction block); row 6: a script whose
-- own SET search_path names the partition unqualified; row 7: one attached again.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 'p'), (3, 'PARTITION', 'app', 'p1'), (4, 'PARTITION', 'app', 'p2'),
  (5, 'PARTITION', 'app', 'p3');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-01-06 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.p (k int) PARTITION BY RANGE (k)', '2026-01-06 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.p1 PARTITION OF app.p FOR VALUES FROM (0) TO (10); CREATE TABLE app.p2 PARTITION OF app.p FOR VALUES FROM (10) TO (20); CREATE TABLE app.p3 PARTITION OF app.p FOR VALUES FROM (20) TO (30);', '2026-01-06 09:02:00', 'alice'),
  (4, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.p DETACH PARTITION app.p1', '2026-01-06 09:03:00', 'alice'),
  (5, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.p DETACH PARTITION app.p2 CONCURRENTLY', '2026-01-06 09:04:00', 'bob'),
  (6, 2, 'ALTER', 'MINOR', 'c', 'SET search_path TO app; ALTER TABLE p DETACH PARTITION p3;', '2026-01-06 09:05:00', 'bob'),
  (7, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.p ATTACH PARTITION app.p1 FOR VALUES FROM (0) TO (5)', '2026-01-06 09:06:00', 'bob');
