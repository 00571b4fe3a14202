-- risk32_repeated_ids.sql - a history whose primary key was dropped, holding id 2 twice (another
-- statement, another object): the replay ran every row and then stopped on its own consistency check
-- ("accounting row 3 does not match history row 2"). The pre-flight now stops first, naming the id.
-- Load after samples/pggit_v1_schema.sql.
ALTER TABLE pggit.history DROP CONSTRAINT history_pkey;
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'a', NULL),
  (2, 'TABLE', 'app', 'b', NULL);
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.a (id int);', '2026-12-02 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.b (id int);', '2026-12-02 09:01:00', 'alice'),
  (2, 1, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.a ADD y int;', '2026-12-02 09:02:00', 'alice'),
  (3, 1, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.a ADD z int;', '2026-12-02 09:03:00', 'alice');
