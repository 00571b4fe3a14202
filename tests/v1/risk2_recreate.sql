-- risk2_recreate.sql - the same name created several times: drop and re-create, the last time
-- with a definition identical to the one before the drop. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'app', 't');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.t', 'CREATE TABLE app.t (a integer);', '2026-01-02 08:00:00', 'alice'),
  (2, 1, 'DROP', 'MAJOR', 'Dropped TABLE app.t', 'DROP TABLE app.t;', '2026-01-02 08:01:00', 'alice'),
  (3, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.t', 'CREATE TABLE app.t (a integer, b text);', '2026-01-02 08:02:00', 'bob'),
  (4, 1, 'DROP', 'MAJOR', 'Dropped TABLE app.t', 'DROP TABLE app.t;', '2026-01-02 08:03:00', 'bob'),
  (5, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.t', 'CREATE TABLE app.t (a integer, b text);', '2026-01-02 08:04:00', 'carol');
