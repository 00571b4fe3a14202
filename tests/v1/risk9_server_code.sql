-- risk9_server_code.sql - history statements that would run code as the replay's superuser:
-- an untrusted extension (dblink reaches the rest of the cluster), queries of materialized views
-- and CREATE TABLE AS calling a function with a side effect (rewritten WITH NO DATA, so the
-- function never runs; rendered as production had them), a REFRESH, a partition bound calling a
-- function (skipped). Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'app', 't');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (a integer);', '2026-01-02 08:00:00', 'alice'),
  (2, 1, 'CREATE', 'MINOR', 'g', 'CREATE FUNCTION app.g() RETURNS integer LANGUAGE plpgsql AS $f$BEGIN CREATE TABLE app.side_effect (x integer); RETURN 1; END$f$;', '2026-01-02 08:01:00', 'mallory'),
  (3, 1, 'CREATE', 'MINOR', 'mv', 'CREATE MATERIALIZED VIEW app.mv AS SELECT app.g() AS x;', '2026-01-02 08:02:00', 'mallory'),
  (4, 1, 'CREATE', 'MINOR', 'ctas', 'CREATE TABLE app.ctas AS SELECT app.g() AS x WITH DATA;', '2026-01-02 08:03:00', 'mallory'),
  (5, 1, 'CREATE', 'MINOR', 'mv2', 'CREATE MATERIALIZED VIEW app.mv2 AS SELECT 1 AS x WITH NO DATA;', '2026-01-02 08:04:00', 'alice'),
  (6, 1, 'ALTER', 'MINOR', 'refresh', 'REFRESH MATERIALIZED VIEW app.mv2;', '2026-01-02 08:05:00', 'alice'),
  (7, 1, 'CREATE', 'MINOR', 'ext', 'CREATE EXTENSION dblink;', '2026-01-02 08:06:00', 'mallory'),
  (8, 1, 'CREATE', 'MINOR', 'p', 'CREATE TABLE app.p (a integer) PARTITION BY RANGE (a);', '2026-01-02 08:07:00', 'alice'),
  (9, 1, 'CREATE', 'MINOR', 'p1', 'CREATE TABLE app.p1 PARTITION OF app.p FOR VALUES FROM (app.g()) TO (10);', '2026-01-02 08:08:00', 'mallory'),
  (10, 1, 'CREATE', 'MINOR', 'c2', E'CREATE TABLE app.c2 AS SELECT 1 AS x -- a comment at the end', '2026-01-02 08:09:00', 'alice'),
  (11, 1, 'CREATE', 'MINOR', 'internal', 'CREATE FUNCTION app.i(integer) RETURNS integer LANGUAGE internal AS ''int4abs'';', '2026-01-02 08:10:00', 'mallory');
