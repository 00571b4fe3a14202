-- risk28_mixed_alters.sql - texts holding ordinary DDL and a DO block, whose rows the statements that ran
-- account for or not. Rows 1-4: app.a and app.c created and altered by the DDL beside a DO block that
-- touches nothing: their ALTER rows are the DDL's own (one row per command and object), no warning.
-- Rows 5-7: a DO block alters app.a beside an ALTER that ran (two ALTER rows, one command) and app.c,
-- which no statement that ran touched: both warned. Rows 8-9: a trigger created by the DDL beside a DO block, its pggit.objects name not a plain trigger
-- name (the replay cannot look it up): not created again from its definition (whose COMMENT must not
-- land), no false "already exists". Row 10: a function without ddl_normalized (pgGit names it by OID)
-- made by the DDL beside a DO block: the text made as many functions in app as it has function rows, no
-- false "not created". Rows 11-12: two such rows, one function made, the other by the DO block: which
-- row is which cannot be told, so one warning for both (not one "not created" for each).
-- Row 13: an older function altered beside a DO block creating one: the ALTER made none, warned.
-- Rows 14-15: a row without ddl_normalized and one whose definition names app.q, made by the DO block
-- (created from it instead); the function the DDL made (app.p) is the unnamed row's: no warning of it.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'a', 'CREATE TABLE app.a (x int, y int, w int, v int);'),
  (2, 'TABLE', 'app', 'c', 'CREATE TABLE app.c (x int, z int);'),
  (3, 'FUNCTION', 'app', '90001', 'CREATE FUNCTION app.tf() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;'),
  (5, 'FUNCTION', 'app', '90002', NULL),
  (6, 'FUNCTION', 'app', '90003', NULL),
  (7, 'FUNCTION', 'app', '90004', NULL),
  (8, 'FUNCTION', 'app', '90005', NULL),
  (9, 'FUNCTION', 'app', '90006', NULL),
  (10, 'FUNCTION', 'app', '90007', 'CREATE FUNCTION app.q() RETURNS int LANGUAGE sql AS ''SELECT 5'';'),
  (4, 'TRIGGER', 'app', 'trg on a', $d$CREATE TRIGGER trg BEFORE INSERT ON app.a FOR EACH ROW EXECUTE FUNCTION app.tf(); COMMENT ON TRIGGER trg ON app.a IS 'latest';$d$);
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', $q$CREATE TABLE app.a (x int); CREATE TABLE app.c (x int); DO $$BEGIN RAISE NOTICE 'x'; END$$; ALTER TABLE app.a ADD y int; ALTER TABLE app.c ADD z int;$q$, '2026-10-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', $q$CREATE TABLE app.a (x int); CREATE TABLE app.c (x int); DO $$BEGIN RAISE NOTICE 'x'; END$$; ALTER TABLE app.a ADD y int; ALTER TABLE app.c ADD z int;$q$, '2026-10-01 09:00:00', 'alice'),
  (3, 1, 'ALTER', 'MINOR', 'c', $q$CREATE TABLE app.a (x int); CREATE TABLE app.c (x int); DO $$BEGIN RAISE NOTICE 'x'; END$$; ALTER TABLE app.a ADD y int; ALTER TABLE app.c ADD z int;$q$, '2026-10-01 09:00:00', 'alice'),
  (4, 2, 'ALTER', 'MINOR', 'c', $q$CREATE TABLE app.a (x int); CREATE TABLE app.c (x int); DO $$BEGIN RAISE NOTICE 'x'; END$$; ALTER TABLE app.a ADD y int; ALTER TABLE app.c ADD z int;$q$, '2026-10-01 09:00:00', 'alice'),
  (5, 1, 'ALTER', 'MINOR', 'd', $q$ALTER TABLE app.a ADD w int; DO $$BEGIN EXECUTE format('ALTER TABLE %I.%I ADD v int', 'app', 'a'); END$$;$q$, '2026-10-01 09:01:00', 'bob'),
  (6, 1, 'ALTER', 'MINOR', 'd', $q$ALTER TABLE app.a ADD w int; DO $$BEGIN EXECUTE format('ALTER TABLE %I.%I ADD v int', 'app', 'a'); END$$;$q$, '2026-10-01 09:01:00', 'bob'),
  (7, 2, 'ALTER', 'MINOR', 'd', $q$ALTER TABLE app.a ADD w int; DO $$BEGIN EXECUTE format('ALTER TABLE %I.%I ADD v int', 'app', 'a'); END$$;$q$, '2026-10-01 09:01:00', 'bob'),
  (8, 3, 'CREATE', 'MINOR', 't', $q$CREATE FUNCTION app.tf() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; CREATE TRIGGER trg BEFORE INSERT ON app.a FOR EACH ROW EXECUTE FUNCTION app.tf(); DO $$BEGIN NULL; END$$;$q$, '2026-10-01 09:02:00', 'carol'),
  (9, 4, 'CREATE', 'MINOR', 't', $q$CREATE FUNCTION app.tf() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; CREATE TRIGGER trg BEFORE INSERT ON app.a FOR EACH ROW EXECUTE FUNCTION app.tf(); DO $$BEGIN NULL; END$$;$q$, '2026-10-01 09:02:00', 'carol'),
  (10, 5, 'CREATE', 'MINOR', 'g', $q$CREATE FUNCTION app.g() RETURNS int LANGUAGE sql AS 'SELECT 1'; DO $$BEGIN NULL; END$$;$q$, '2026-10-01 09:03:00', 'dave'),
  (11, 6, 'CREATE', 'MINOR', 'h', $q$CREATE FUNCTION app.h() RETURNS int LANGUAGE sql AS 'SELECT 1'; DO $$BEGIN EXECUTE 'CREATE FUNCTION app.k() RETURNS int LANGUAGE sql AS ''SELECT 2'''; END$$;$q$, '2026-10-01 09:04:00', 'dave'),
  (12, 7, 'CREATE', 'MINOR', 'h', $q$CREATE FUNCTION app.h() RETURNS int LANGUAGE sql AS 'SELECT 1'; DO $$BEGIN EXECUTE 'CREATE FUNCTION app.k() RETURNS int LANGUAGE sql AS ''SELECT 2'''; END$$;$q$, '2026-10-01 09:04:00', 'dave'),
  (13, 8, 'CREATE', 'MINOR', 'm', $q$ALTER FUNCTION app.g() STABLE; DO $$BEGIN EXECUTE 'CREATE FUNCTION app.m() RETURNS int LANGUAGE sql AS ''SELECT 3'''; END$$;$q$, '2026-10-01 09:05:00', 'dave'),
  (14, 9, 'CREATE', 'MINOR', 'p', $q$CREATE FUNCTION app.p() RETURNS int LANGUAGE sql AS 'SELECT 4'; DO $$BEGIN EXECUTE 'CREATE FUNCTION app.q() RETURNS int LANGUAGE sql AS ''SELECT 5'''; END$$;$q$, '2026-10-01 09:06:00', 'dave'),
  (15, 10, 'CREATE', 'MINOR', 'p', $q$CREATE FUNCTION app.p() RETURNS int LANGUAGE sql AS 'SELECT 4'; DO $$BEGIN EXECUTE 'CREATE FUNCTION app.q() RETURNS int LANGUAGE sql AS ''SELECT 5'''; END$$;$q$, '2026-10-01 09:06:00', 'dave');
