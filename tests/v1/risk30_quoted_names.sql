-- risk30_quoted_names.sql - objects of schemas whose names need quotes, created and dropped by statements
-- that are not replayed (DO blocks). pgGit keeps such an object's name as regclass::text wrote it, the
-- schema included ("my.schema"."tab.le"): the reasons and warnings once named it
-- my.schema."my.schema"."tab.le"; they name it as the store's paths do, "my.schema"."tab.le".
-- Row 2: a table dropped by a DO block. Row 3: one created by a DO block. Row 4: an ALTER in a DO block.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'my.schema', '"my.schema"."tab.le"', 'CREATE TABLE "my.schema"."tab.le" (id int);'),
  (2, 'TABLE', 'Sales', '"Sales"."Orders"', 'CREATE TABLE "Sales"."Orders" (id int);'),
  (3, 'TABLE', 'my.schema', '"my.schema".plain', 'CREATE TABLE "my.schema".plain (id int);');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE TABLE "my.schema"."tab.le" (id int);', '2026-11-01 09:00:00', 'alice'),
  (2, 1, 'DROP', 'MAJOR', 'd', $q$DO $$BEGIN EXECUTE 'DROP TABLE "my.schema"."tab.le"'; END$$;$q$, '2026-11-01 09:01:00', 'alice'),
  (3, 2, 'CREATE', 'MINOR', 'c', $q$DO $$BEGIN EXECUTE 'CREATE TABLE "Sales"."Orders" (id int)'; END$$;$q$, '2026-11-01 09:02:00', 'alice'),
  (4, 3, 'ALTER', 'MINOR', 'a', $q$DO $$BEGIN EXECUTE 'ALTER TABLE "my.schema".plain ADD x int'; END$$;$q$, '2026-11-01 09:03:00', 'alice');
