-- risk25_move_search_path.sql - a table older than the history moved by an unqualified SET SCHEMA in a script
-- that sets its own search_path first: pgGit does not record the session's path, but this text does, and the
-- replay runs it, so the move looks for the table there (not in public). The baseline must give the table
-- back in that path's first schema, or the move fails ("does not exist") and the snapshots never show it.
-- Row 1: path without public. Row 2: "$user" and pg_catalog skipped, a quoted name with a capital.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'arch', 'm', 'CREATE TABLE arch.m (id int);'),
  (2, 'TABLE', 'arch', 'n', 'CREATE TABLE arch.n (id int);'),
  (3, 'SCHEMA', '', 'staging', 'CREATE SCHEMA staging;'),
  (4, 'SCHEMA', '', 'Old', 'CREATE SCHEMA "Old";');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'ALTER', 'MINOR', 'ALTER TABLE table arch.m', 'SET search_path TO staging; ALTER TABLE m SET SCHEMA arch;', '2026-10-02 09:00:00', 'alice'),
  (2, 2, 'ALTER', 'MINOR', 'ALTER TABLE table arch.n', 'SET search_path = "$user", pg_catalog, "Old", public; ALTER TABLE n SET SCHEMA arch; RESET search_path;', '2026-10-02 09:01:00', 'alice');
