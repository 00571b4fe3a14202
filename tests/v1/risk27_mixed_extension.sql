-- risk27_mixed_extension.sql - a text creating an extension the replay server refuses (it needs a superuser
-- and is not trusted) beside ordinary DDL: the text was skipped whole, its table created from the latest
-- ddl_normalized instead, with which the later ALTER failed ("already exists"). The extension's statement is
-- left out on its own, as a DO block among DDL is. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'e', 'CREATE TABLE app.e (id int, v int);');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.e', 'CREATE EXTENSION IF NOT EXISTS dblink; CREATE TABLE app.e (id int);', '2026-10-04 09:00:00', 'alice'),
  (2, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.e', 'ALTER TABLE app.e ADD v int;', '2026-10-04 09:01:00', 'alice');
