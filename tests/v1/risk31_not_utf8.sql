-- risk31_not_utf8.sql - a SQL_ASCII source holding Latin-1 bytes (0xe9, "é") in a history row's SQL and
-- in an object's ddl_normalized: PostgreSQL refuses them on the way to a UTF-8 connection, with an error
-- naming neither row nor column. The export stops naming them. Load into a SQL_ASCII database after
-- samples/pggit_v1_schema.sql (the bytes are written with E'' escapes, which SQL_ASCII keeps as they are).
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'a', 'CREATE TABLE app.a (id int);'),
  (2, 'TABLE', 'app', 'b', E'CREATE TABLE app.b (id int); COMMENT ON TABLE app.b IS ''caf\xe9'';');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.a (id int);', '2026-12-01 09:00:00', 'alice'),
  (2, 1, 'ALTER', 'MINOR', 'c', E'COMMENT ON TABLE app.a IS ''caf\xe9'';', '2026-12-01 09:01:00', 'alice'),
  (3, 1, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.a ADD x int;', '2026-12-01 09:02:00', 'alice');
