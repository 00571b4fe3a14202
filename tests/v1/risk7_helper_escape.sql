-- risk7_helper_escape.sql - history rows that reach the replay's helper schema pggit_audit_replay
-- without spelling its name in the text: a Unicode-escaped identifier replacing the capture's
-- event-trigger function, an E'' string naming a helper table, a DROP SCHEMA spelled the same
-- way; the statements after them must still be captured. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'app', 't');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (a integer);', '2026-01-02 08:00:00', 'alice'),
  (2, 1, 'ALTER', 'MINOR', 'x', 'CREATE OR REPLACE FUNCTION U&"pggit\005faudit\005freplay".on_ddl_end() RETURNS event_trigger LANGUAGE plpgsql AS $f$BEGIN END$f$;', '2026-01-02 08:01:00', 'mallory'),
  (3, 1, 'ALTER', 'MINOR', 'y', 'COMMENT ON TABLE app.t IS E''pggit\x5faudit\x5freplay'';', '2026-01-02 08:01:30', 'mallory'),
  (4, 1, 'ALTER', 'MINOR', 'z', 'DROP SCHEMA U&"PGGIT\005FAUDIT\005FREPLAY" CASCADE;', '2026-01-02 08:01:40', 'mallory'),
  (5, 1, 'ALTER', 'MINOR', 'a', 'ALTER TABLE app.t ADD COLUMN secret_backdoor text;', '2026-01-02 08:02:00', 'mallory'),
  (6, 1, 'CREATE', 'MINOR', 'b', 'CREATE TABLE app.hidden (x integer);', '2026-01-02 08:03:00', 'mallory');
