-- risk35_side_effects.sql - statements that change objects other than the one they name. Two groups:
-- in schema lab (never renamed) a table renamed under its index, trigger, check constraint, serial
-- sequence, a view and a foreign key from another schema and a table using its row type; a type renamed
-- under columns (also of its array type) and a function's argument; a trigger function renamed; a table
-- moved by SET SCHEMA with its index and serial sequence; a DROP ... CASCADE taking a view and a foreign
-- key along. Then, last, ALTER SCHEMA app RENAME TO core under everything that depends on app: indexes,
-- a trigger, a serial sequence, a view and a foreign key in another schema, a table using a row type and
-- an array of an enum of app, a function taking that enum. After the replay the last snapshot must be
-- what a full capture of the scratch database renders, path and definition alike
-- (test_v1_side_effects.sh). Each dependant stands alone (one table per column) so that no other
-- statement recaptures it by chance. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'app', 'x');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by)
SELECT k, 1, 'ALTER', 'MINOR', 'step ' || k, sql, '2026-03-01'::timestamp + k * interval '1 second', 'erin'
  FROM (VALUES
    (1, 'CREATE SCHEMA lab'),
    (2, 'CREATE SCHEMA other'),
    (3, 'CREATE TYPE lab.mood AS ENUM (''ok'', ''sad'')'),
    (4, 'CREATE TABLE lab.t (id serial PRIMARY KEY, c int CHECK (c > 0), m lab.mood)'),
    (5, 'CREATE INDEX t_c ON lab.t (c) WHERE c > 1'),
    (6, 'CREATE FUNCTION lab.noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$'),
    (7, 'CREATE TRIGGER trg BEFORE INSERT ON lab.t FOR EACH ROW EXECUTE FUNCTION lab.noop()'),
    (8, 'CREATE VIEW other.lv AS SELECT id, c FROM lab.t'),
    (9, 'CREATE TABLE other.lr (tid int REFERENCES lab.t (id)); CREATE TABLE other.lw (whole lab.t); '
        'CREATE TABLE other.lm (m lab.mood); CREATE TABLE other.la (ms lab.mood[])'),
    (10, 'CREATE FUNCTION other.lf(lab.mood) RETURNS int LANGUAGE sql AS ''SELECT 1'''),
    (11, 'ALTER TABLE lab.t RENAME TO tt'),
    (12, 'ALTER TYPE lab.mood RENAME TO feeling'),
    (13, 'ALTER FUNCTION lab.noop() RENAME TO pass'),
    (14, 'CREATE TABLE lab.s (id serial, k int)'),
    (15, 'CREATE INDEX s_k ON lab.s (k)'),
    (16, 'ALTER TABLE lab.s SET SCHEMA other'),
    (17, 'CREATE VIEW other.sv AS SELECT k FROM other.s'),
    (18, 'CREATE TABLE other.q (sid int, CONSTRAINT q_u UNIQUE (sid))'),
    (19, 'ALTER TABLE other.s ADD CONSTRAINT s_pk PRIMARY KEY (id)'),
    (20, 'ALTER TABLE other.q ADD CONSTRAINT q_fk FOREIGN KEY (sid) REFERENCES other.s (id)'),
    (21, 'DROP TABLE other.s CASCADE'),
    (22, 'CREATE SCHEMA app'),
    (23, 'CREATE TYPE app.mood AS ENUM (''ok'', ''sad'')'),
    (24, 'CREATE TABLE app.t (id serial PRIMARY KEY, c int CHECK (c > 0), m app.mood)'),
    (25, 'CREATE INDEX t_c ON app.t (c) WHERE c > 1'),
    (26, 'CREATE FUNCTION app.noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$'),
    (27, 'CREATE TRIGGER trg BEFORE INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION app.noop()'),
    (28, 'CREATE VIEW other.v AS SELECT id, c FROM app.t'),
    (29, 'CREATE TABLE other.r (tid int REFERENCES app.t (id)); CREATE TABLE other.w (whole app.t); '
         'CREATE TABLE other.m (m app.mood); CREATE TABLE other.a (ms app.mood[])'),
    (30, 'CREATE FUNCTION other.f(app.mood) RETURNS int LANGUAGE sql AS ''SELECT 1'''),
    (31, 'ALTER SCHEMA app RENAME TO core')) s(k, sql);
