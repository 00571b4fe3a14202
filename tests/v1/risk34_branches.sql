-- risk34_branches.sql - pggit.objects rows of a branch other than main (pgGit keeps one row per name
-- and branch) and the history rows on them: the replay ran them all as main's, so the branch copy of
-- app.a made the baseline warn "already exists", and objects that existed only on the branch (a
-- baseline table, a schema, a table the branch's history created) appeared in main's audit trail.
-- A NULL branch_name is the column's default, main. Row 10, a branch's CREATE row without SQL, must not
-- have its object created from ddl_normalized as main's would. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized, branch_name) VALUES
  (1, 'TABLE', 'app', 'a', 'CREATE TABLE app.a (id int);', 'main'),
  (2, 'TABLE', 'app', 'a', 'CREATE TABLE app.a (id int, feature_col int);', 'feature'),
  (3, 'TABLE', 'app', 'only_feature', 'CREATE TABLE app.only_feature (id int);', 'feature'),
  (4, 'TABLE', 'app', 'b', NULL, NULL),
  (5, 'TABLE', 'app', 'feat_new', NULL, 'feature'),
  (6, 'SCHEMA', '', 'fonly', 'CREATE SCHEMA fonly;', 'feature'),
  (7, 'TABLE', 'fonly', 't', 'CREATE TABLE fonly.t (id int);', 'feature');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'ALTER', 'MINOR', 'a', 'ALTER TABLE app.a ADD b int;', '2026-12-04 09:00:00', 'alice'),
  (2, 2, 'ALTER', 'MINOR', 'a', 'ALTER TABLE app.a ADD feature_col2 int;', '2026-12-04 09:01:00', 'bob'),
  (3, 5, 'CREATE', 'MINOR', 'a', 'CREATE TABLE app.feat_new (id int);', '2026-12-04 09:02:00', 'bob'),
  (4, 4, 'CREATE', 'MINOR', 'a', 'CREATE TABLE app.b (id int);', '2026-12-04 09:03:00', 'alice'),
  (5, 2, 'ALTER', 'MINOR', 'a', 'ALTER TABLE app.a ADD c int;', '2026-12-04 09:04:00', 'alice'),
  (6, 1, 'ALTER', 'MINOR', 'a', 'ALTER TABLE app.a ADD c int;', '2026-12-04 09:04:00', 'alice'),
  (7, 1, 'ALTER', 'MINOR', 'a', 'ALTER TABLE app.a ADD d int; ALTER TABLE app.b ADD d int;', '2026-12-04 09:05:00', 'alice'),
  (8, 2, 'ALTER', 'MINOR', 'a', 'ALTER TABLE app.a ADD d int; ALTER TABLE app.b ADD d int;', '2026-12-04 09:05:00', 'alice'),
  (9, 4, 'ALTER', 'MINOR', 'a', 'ALTER TABLE app.a ADD d int; ALTER TABLE app.b ADD d int;', '2026-12-04 09:05:00', 'alice'),
  (10, 3, 'CREATE', 'MINOR', 'a', NULL, '2026-12-04 09:06:00', 'bob');
