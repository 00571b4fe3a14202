-- risk26_utf8_reasons.sql - reasons that quote the start of a statement (80 bytes) cut inside a character:
-- the accounting row is stored as UTF-8 text, and half a character made the scratch database refuse it, which
-- stopped the replay. Row 1: a statement of a script that fails (an operator class the replay cluster lacks), its name
-- two-byte characters from an odd offset. Row 2: a DO block left out of a text, the same. Load after
-- samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'x', 'CREATE TABLE app.x (id int);'),
  (2, 'TABLE', 'app', 'y', 'CREATE TABLE app.y (id int);');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.x',
   'CREATE TABLE app.x (id int); CREATE INDEX xi ON app.x (id "aéééééééééééééééééééééééééééééééééééééé");', '2026-10-03 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'CREATE TABLE table app.y',
   'CREATE TABLE app.y (id int); DO $$ BEGIN RAISE NOTICE ''xéééééééééééééééééééééééééééééééééééééééééééé''; END $$;', '2026-10-03 09:01:00', 'alice');
