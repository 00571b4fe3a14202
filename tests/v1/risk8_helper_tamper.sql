-- risk8_helper_tamper.sql - a history that changes the capture at run time, through code the screen
-- cannot see: an IMMUTABLE function evaluated while an index is built (constant folding) calls a
-- volatile one that replaces the capture's event-trigger function by dynamic SQL (the helper
-- schema's name is assembled from pieces). The replay must stop at that row, naming it.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'app', 't');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (a integer);', '2026-01-02 08:00:00', 'alice'),
  (2, 1, 'CREATE', 'MINOR', 'g', 'CREATE FUNCTION app.g() RETURNS integer LANGUAGE plpgsql AS $f$BEGIN EXECUTE format(''CREATE OR REPLACE FUNCTION %I.on_ddl_end() RETURNS event_trigger LANGUAGE plpgsql AS $b$BEGIN END$b$'', ''pggit_audit'' || ''_replay''); RETURN 1; END$f$;', '2026-01-02 08:01:00', 'mallory'),
  (3, 1, 'CREATE', 'MINOR', 'f', 'CREATE FUNCTION app.f() RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $f$BEGIN PERFORM app.g(); RETURN 1; END$f$;', '2026-01-02 08:01:10', 'mallory'),
  (4, 1, 'CREATE', 'MINOR', 'i', 'CREATE INDEX t_f ON app.t ((a + app.f()));', '2026-01-02 08:01:20', 'mallory'),
  (5, 1, 'CREATE', 'MINOR', 'b', 'CREATE TABLE app.hidden (x integer);', '2026-01-02 08:03:00', 'mallory');
