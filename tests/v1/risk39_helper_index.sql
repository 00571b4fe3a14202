-- risk39_helper_index.sql - like risk8, code the screen cannot see changes the helper schema at run
-- time, here by adding an index to one of its tables (IF NOT EXISTS: f() is evaluated more than once
-- while the index is built). An index records no dependency on its schema, only on its table: the
-- digest finds the helper's relations through pg_depend and must still see it. The replay must stop
-- at that row, naming it. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'app', 't');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (a integer);', '2026-01-02 08:00:00', 'alice'),
  (2, 1, 'CREATE', 'MINOR', 'g', 'CREATE FUNCTION app.g() RETURNS integer LANGUAGE plpgsql AS $f$BEGIN EXECUTE format(''CREATE INDEX IF NOT EXISTS shadow ON %I.touched ((1))'', ''pggit_audit'' || ''_replay''); RETURN 1; END$f$;', '2026-01-02 08:01:00', 'mallory'),
  (3, 1, 'CREATE', 'MINOR', 'f', 'CREATE FUNCTION app.f() RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $f$BEGIN PERFORM app.g(); RETURN 1; END$f$;', '2026-01-02 08:01:10', 'mallory'),
  (4, 1, 'CREATE', 'MINOR', 'i', 'CREATE INDEX t_f ON app.t ((a + app.f()));', '2026-01-02 08:01:20', 'mallory'),
  (5, 1, 'CREATE', 'MINOR', 'b', 'CREATE TABLE app.hidden (x integer);', '2026-01-02 08:03:00', 'mallory');
