-- risk3_metadata.sql - rows missing their author, their time or their SQL (old pgGit versions),
-- and an author with the characters that delimit e-mails. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'app', 'm');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.m', 'CREATE TABLE app.m (a int);', '2026-02-01 09:00:00.5', NULL),
  (2, 1, 'ALTER', 'MINOR', NULL, 'ALTER TABLE app.m ADD COLUMN b int;', NULL, 'bob'),
  (3, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.m', NULL, '2026-02-01 09:05:00', 'carol'),
  (4, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.m', 'ALTER TABLE app.m ADD COLUMN c int;', '2026-02-01 09:10:00', 'dave <dave@example.com>');
