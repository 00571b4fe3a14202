-- risk45_missing_roles.sql - DDL naming roles production had and the replay server lacks (cluster objects
-- the history never creates): CREATE SCHEMA ... AUTHORIZATION, CREATE SCHEMA AUTHORIZATION r (the schema
-- named after its owner), OWNER TO, GRANT to several roles, ALTER DEFAULT PRIVILEGES FOR ROLE, a policy's
-- TO. Each runs with the replaying role (CURRENT_USER) in the missing role's place, listed as a stub; before,
-- each failed, the schema app was created by a later statement (a stub) and bob, which only the history
-- creates, was put in the baseline. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 't'), (3, 'SCHEMA', 'bob', 'bob'), (4, 'TABLE', 'bob', 'x');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app AUTHORIZATION app_owner', '2026-01-13 09:00:00', 'carol'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (a int)', '2026-01-13 09:01:00', 'carol'),
  (3, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t OWNER TO app_owner', '2026-01-13 09:02:00', 'carol'),
  (4, 2, 'ALTER', 'MINOR', 'c', 'GRANT SELECT ON app.t TO reporting, "Audit Team"', '2026-01-13 09:03:00', 'carol'),
  (5, 2, 'ALTER', 'MINOR', 'c', 'ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app GRANT SELECT ON TABLES TO reporting', '2026-01-13 09:04:00', 'carol'),
  (6, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ENABLE ROW LEVEL SECURITY; CREATE POLICY own ON app.t TO app_owner USING (a > 0)', '2026-01-13 09:05:00', 'carol'),
  (7, 3, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA AUTHORIZATION bob', '2026-01-13 09:06:00', 'carol'),
  (8, 4, 'CREATE', 'MINOR', 'c', 'CREATE TABLE bob.x (a int)', '2026-01-13 09:07:00', 'carol'),
  (9, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ADD COLUMN b int', '2026-01-13 09:08:00', 'carol');
