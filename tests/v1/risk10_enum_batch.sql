-- risk10_enum_batch.sql - a new enum value used by the next statements: in production each ran in
-- its own transaction; in one replay batch the value could not be used (55P04), so the result
-- depended on --batch. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'app', 't');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE TYPE app.mood AS ENUM (''sad'', ''ok'');', '2026-01-02 08:00:00', 'alice'),
  (2, 1, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (a integer, m app.mood);', '2026-01-02 08:01:00', 'alice'),
  (3, 1, 'ALTER', 'MINOR', 'enum', 'ALTER TYPE app.mood ADD VALUE ''happy'';', '2026-01-02 08:02:00', 'alice'),
  (4, 1, 'ALTER', 'MINOR', 'use', 'ALTER TABLE app.t ALTER COLUMN m SET DEFAULT ''happy'';', '2026-01-02 08:03:00', 'bob'),
  (5, 1, 'CREATE', 'MINOR', 'use2', 'CREATE INDEX t_happy ON app.t (a) WHERE m = ''happy'';', '2026-01-02 08:04:00', 'bob');
