-- risk42_dump_prelude.sql - migration files that start with pg_dump's prelude of session settings
-- (client_encoding, standard_conforming_strings = on, xmloption, row_security, default_tablespace,
-- default_table_access_method, set_config of search_path): the DDL after it runs (before, the whole
-- text was skipped for its SET and the tables were never in the store); a prelude setting a value
-- that changes what the text makes (xmloption = document) still skips the text, with its reason.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 'u'), (3, 'INDEX', 'app', 'u_pkey'), (4, 'TABLE', 'app', 'x');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-01-10 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', E'SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET client_encoding = \'UTF8\';\nSET standard_conforming_strings = on;\nSELECT pg_catalog.set_config(\'search_path\', \'\', false);\nSET check_function_bodies = false;\nSET xmloption = content;\nSET client_min_messages = warning;\nSET row_security = off;\nSET default_tablespace = \'\';\nSET default_table_access_method = heap;\n\nCREATE TABLE app.u (\n    id integer NOT NULL,\n    s text DEFAULT \'a;b\'\n);\n\nALTER TABLE ONLY app.u\n    ADD CONSTRAINT u_pkey PRIMARY KEY (id);\n', '2026-01-10 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', E'SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET client_encoding = \'UTF8\';\nSET standard_conforming_strings = on;\nSELECT pg_catalog.set_config(\'search_path\', \'\', false);\nSET check_function_bodies = false;\nSET xmloption = content;\nSET client_min_messages = warning;\nSET row_security = off;\nSET default_tablespace = \'\';\nSET default_table_access_method = heap;\n\nCREATE TABLE app.u (\n    id integer NOT NULL,\n    s text DEFAULT \'a;b\'\n);\n\nALTER TABLE ONLY app.u\n    ADD CONSTRAINT u_pkey PRIMARY KEY (id);\n', '2026-01-10 09:01:00', 'alice'),
  (4, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.u ADD COLUMN t int', '2026-01-10 09:02:00', 'alice'),
  (5, 4, 'CREATE', 'MINOR', 'c', 'SET xmloption = document; CREATE TABLE app.x (a int)', '2026-01-10 09:03:00', 'alice');
