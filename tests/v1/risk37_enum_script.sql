-- risk37_enum_script.sql - scripts sent as one query that add an enum value, COMMIT, and then use
-- the value (a default, a CHECK). Production ran them: each COMMIT of a query string ends its
-- transaction, and the value is usable in the next one (all of the text's rows still share one
-- created_at: now() is the time the query string arrived). The replay cuts COMMIT and ran the
-- text in one transaction, so the statements using the value failed (55P04) and their tables
-- were missing from the store. Row 7: a SET between the ADD VALUE and the end of the text, no
-- statement using the value. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TYPE', 'app', 'mood'), (3, 'TABLE', 'app', 'm'), (4, 'TABLE', 'app', 'n');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-01-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TYPE app.mood AS ENUM (''sad'')', '2026-01-01 09:01:00', 'alice'),
  (3, 2, 'ALTER', 'MINOR', 'c', E'BEGIN;\nALTER TYPE app.mood ADD VALUE ''meh'';\nCOMMIT;\nBEGIN;\nCREATE TABLE app.m (x app.mood DEFAULT ''meh'');\nCOMMIT;', '2026-01-01 09:02:00', 'alice'),
  (4, 3, 'CREATE', 'MINOR', 'c', E'BEGIN;\nALTER TYPE app.mood ADD VALUE ''meh'';\nCOMMIT;\nBEGIN;\nCREATE TABLE app.m (x app.mood DEFAULT ''meh'');\nCOMMIT;', '2026-01-01 09:02:00', 'alice'),
  (5, 2, 'ALTER', 'MINOR', 'c', 'ALTER TYPE app.mood ADD VALUE ''ok''; COMMIT; CREATE TABLE app.n (x app.mood CHECK (x <> ''ok''))', '2026-01-01 09:03:00', 'bob'),
  (6, 4, 'CREATE', 'MINOR', 'c', 'ALTER TYPE app.mood ADD VALUE ''ok''; COMMIT; CREATE TABLE app.n (x app.mood CHECK (x <> ''ok''))', '2026-01-01 09:03:00', 'bob'),
  (7, 2, 'ALTER', 'MINOR', 'c', 'ALTER TYPE app.mood ADD VALUE ''glad''; SET lock_timeout = ''1s''', '2026-01-01 09:04:00', 'bob');
