-- risk44_missing_types.sql - types the history uses and never creates (pgGit logs no CREATE TYPE, nor an
-- extension installed before it): unqualified (an extension's hstore and citext in public, a quoted name,
-- under a statement run with its rows' schema first) and arrays of them, qualified or not. Each gets a stub
-- domain over text (public for an unqualified name), not captured; before, an unqualified one failed the
-- statement and every later one on its table, and an array (type "s.t[]" does not exist) ended the replay
-- ("already exists" on the second try). A type dropped with CASCADE and created again by the history.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 'h'), (3, 'TABLE', 'shop', 'o'), (4, 'TYPE', 'public', 'mood'),
  (5, 'TABLE', 'app', 'm'), (6, 'TABLE', 'app', 'q');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-01-12 09:00:00', 'bob'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.h (id int, tags hstore, names citext[])', '2026-01-12 09:01:00', 'bob'),
  (3, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.h ADD COLUMN n int', '2026-01-12 09:02:00', 'bob'),
  (4, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE o (id int, e "Email")', '2026-01-12 09:03:00', 'bob'),
  (5, 5, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.m (x mood)', '2026-01-12 09:04:00', 'bob'),
  (6, 4, 'DROP', 'MINOR', 'c', 'DROP TYPE mood CASCADE', '2026-01-12 09:05:00', 'bob'),
  (7, 4, 'CREATE', 'MINOR', 'c', 'CREATE TYPE mood AS ENUM (''a'')', '2026-01-12 09:06:00', 'bob'),
  (8, 6, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.q (a app.label[], b app.label[][])', '2026-01-12 09:07:00', 'bob');
