-- risk14_script_parts.sql - scripts sent as one query whose parts fail on the replay server for a
-- reason production did not have (roles it lacks), run statement by statement so the DDL of the
-- other parts is kept. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'TABLE', 'app', 't'), (2, 'TABLE', 'app', 's'), (3, 'INDEX', 'app', 's_id');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.t', 'CREATE TABLE app.t (id int);', '2026-03-01 08:00:00', 'alice'),
  -- production's role app_owner does not exist on the replay cluster: column b must not be lost with it
  (2, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.t', 'ALTER TABLE app.t ADD COLUMN b int; ALTER TABLE app.t OWNER TO pga_v1_app_owner;', '2026-03-01 08:01:00', 'alice'),
  -- a migration file: BEGIN/COMMIT cut, its SET search_path run, a stub type, a GRANT to a missing role
  (3, 2, 'CREATE', 'MINOR', 'CREATE TABLE table app.s', E'BEGIN;\nSET search_path TO app;\nCREATE TABLE s (id int, st app.status);\nGRANT SELECT ON s TO pga_v1_reader;\nCREATE INDEX s_id ON s (id); -- ; in a comment\nCOMMIT;', '2026-03-01 08:02:00', 'bob'),
  (4, 3, 'CREATE', 'MINOR', 'CREATE INDEX index app.s_id', E'BEGIN;\nSET search_path TO app;\nCREATE TABLE s (id int, st app.status);\nGRANT SELECT ON s TO pga_v1_reader;\nCREATE INDEX s_id ON s (id); -- ; in a comment\nCOMMIT;', '2026-03-01 08:02:00', 'bob'),
  -- every statement fails here: the row is failed, one error row per statement
  (5, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.t', 'GRANT SELECT ON app.t TO pga_v1_reader; ALTER TABLE app.t OWNER TO pga_v1_app_owner;', '2026-03-01 08:03:00', 'bob');
