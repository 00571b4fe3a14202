-- risk12_scripts.sql - scripts sent as one query (pgGit records the whole text in every row the
-- script touched): DDL wrapped in BEGIN ... COMMIT, with statement timeouts, with its own
-- SET search_path (which must not leak into the next row), one that rolls back part of itself
-- (still refused), and a function whose body names a table older than the history that pgGit
-- never recorded (production accepted it). Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'TABLE', 'app', 't'), (2, 'INDEX', 'app', 't_x'), (3, 'TABLE', 'app', 'u'), (4, 'TABLE', 'public', 'p'),
  (5, 'TABLE', 'app', 'r'), (6, 'FUNCTION', 'app', '70001');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.t', E'BEGIN;\nSET lock_timeout = ''5s'';\nCREATE TABLE app.t (x int, note text DEFAULT ''a;b'');\nCREATE INDEX t_x ON app.t (x);\nCOMMIT;', '2026-01-04 08:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'CREATE INDEX index app.t_x', E'BEGIN;\nSET lock_timeout = ''5s'';\nCREATE TABLE app.t (x int, note text DEFAULT ''a;b'');\nCREATE INDEX t_x ON app.t (x);\nCOMMIT;', '2026-01-04 08:00:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'CREATE TABLE table app.u', 'SET search_path TO app, public; CREATE TABLE u (id int, t_x int);', '2026-01-04 08:01:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'CREATE TABLE table public.p', 'CREATE TABLE p (id int);', '2026-01-04 08:02:00', 'alice'),
  (5, 5, 'CREATE', 'MINOR', 'CREATE TABLE table app.r', 'BEGIN; CREATE TABLE app.r (id int); SAVEPOINT s; CREATE TABLE app.gone (id int); ROLLBACK TO SAVEPOINT s; COMMIT;', '2026-01-04 08:03:00', 'alice'),
  (6, 6, 'CREATE', 'MINOR', 'CREATE FUNCTION function app.70001', E'CREATE FUNCTION app.legacy_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM app.legacy $$;', '2026-01-04 08:04:00', 'alice');
