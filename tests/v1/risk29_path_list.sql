-- risk29_path_list.sql - tables older than the history moved by an unqualified SET SCHEMA after the text's own
-- SET search_path listing several schemas: PostgreSQL looks the name up along the whole path, passing over a
-- schema that does not exist. Row 1: the path's first schema exists nowhere (the table is given back in the
-- second, no schema invented). Rows 2-3: the history created c.u, the path lists b first: the move takes c.u
-- (arch.u is not in the baseline). Rows 4-5: the path's first schema is created by the history later (not
-- in the baseline, where its CREATE SCHEMA then failed). Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'arch', 't', 'CREATE TABLE arch.t (id int);'),
  (2, 'TABLE', 'b', 'x', 'CREATE TABLE b.x (id int);'),
  (3, 'TABLE', 'c', 'u', NULL),
  (4, 'TABLE', 'arch', 'u', 'CREATE TABLE arch.u (id int);'),
  (5, 'TABLE', 'arch', 'v', 'CREATE TABLE arch.v (id int);'),
  (6, 'SCHEMA', '', 'later', NULL);
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'ALTER', 'MINOR', 'a', 'SET search_path TO nosuch, b; ALTER TABLE t SET SCHEMA arch;', '2026-10-02 09:00:00', 'alice'),
  (2, 3, 'CREATE', 'MINOR', 'b', 'CREATE TABLE c.u (id int);', '2026-10-02 09:01:00', 'alice'),
  (3, 4, 'ALTER', 'MINOR', 'b', 'SET search_path TO b, c; ALTER TABLE u SET SCHEMA arch;', '2026-10-02 09:02:00', 'alice'),
  (4, 5, 'ALTER', 'MINOR', 'c', 'SET search_path TO later, b; ALTER TABLE v SET SCHEMA arch;', '2026-10-02 09:03:00', 'alice'),
  (5, 6, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA later;', '2026-10-02 09:04:00', 'alice');
