-- risk46_sequence_stubs.sql - a missing sequence a nextval() names gets a stub (quoted and cast spellings
-- too; an unqualified one in the schema the statement runs with first), a missing relation the statement
-- names otherwise does not: before, any missing relation of a
-- statement calling nextval( was stubbed as a sequence, and a foreign key to a table the history never
-- created failed with a false reason ("referenced relation ... is not a table").
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 't'), (3, 'TABLE', 'app', 'u'), (4, 'SCHEMA', 'App', 'App'),
  (5, 'TABLE', 'app', 'w');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-01-14 09:00:00', 'dan'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (id int DEFAULT nextval(''app.t_seq''), r int REFERENCES app.parent (id))', '2026-01-14 09:01:00', 'dan'),
  (3, 4, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA "App"', '2026-01-14 09:02:00', 'dan'),
  (4, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.u (id int DEFAULT nextval(''"App".Seq''::regclass), n int DEFAULT nextval(''APP.N_SEQ''))', '2026-01-14 09:03:00', 'dan'),
  -- unqualified (pgGit logs no CREATE SEQUENCE): in the schema the statement runs with first, its rows'
  (5, 5, 'CREATE', 'MINOR', 'c', 'CREATE TABLE w (id int DEFAULT nextval(''w_id_seq''))', '2026-01-14 09:04:00', 'dan'),
  (6, 5, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.w ADD COLUMN x int', '2026-01-14 09:05:00', 'dan');
