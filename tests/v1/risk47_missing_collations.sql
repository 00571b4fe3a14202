-- risk47_missing_collations.sql - collations production had and the replay server lacks (an operating
-- system's locale, "xx_PGA" here; one of a schema, app.ci, whose CREATE COLLATION pgGit does not log): each
-- gets a stub, a copy of "C" (the unqualified one in pg_catalog, where initdb put production's), not captured,
-- and definitions name it as production's catalog did; before, the table failed and so did every later
-- statement on it. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 'c'), (3, 'INDEX', 'app', 'c_s'), (4, 'TABLE', 'app', 'd');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-01-16 09:00:00', 'fay'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.c (s text COLLATE "xx_PGA", t text COLLATE app.ci)', '2026-01-16 09:01:00', 'fay'),
  (3, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.c ADD COLUMN z int', '2026-01-16 09:02:00', 'fay'),
  (4, 3, 'CREATE', 'MINOR', 'c', 'CREATE INDEX c_s ON app.c (s COLLATE "xx_PGA")', '2026-01-16 09:03:00', 'fay'),
  (5, 4, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.d (s text COLLATE "xx_PGA")', '2026-01-16 09:04:00', 'fay');
