-- risk5_large.sql - a long history (150 tables created, altered and indexed; every tenth one
-- dropped again: 465 rows) for batching, progress and resume. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name)
SELECT i, 'TABLE', 'app', 'big_' || i FROM generate_series(1, 150) i;
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by)
SELECT row_number() OVER (ORDER BY i, k), i, ct::pggit.change_type, 'MINOR', ct || ' app.big_' || i, sql,
       '2026-03-01'::timestamp + (i * 4 + k) * interval '1 second', 'user_' || (i % 3)
  FROM generate_series(1, 150) i
 CROSS JOIN LATERAL (VALUES
   (1, 'CREATE', format('CREATE TABLE app.big_%s (id int PRIMARY KEY)', i)),
   (2, 'ALTER', format('ALTER TABLE app.big_%s ADD COLUMN v text', i)),
   (3, 'ALTER', format('CREATE INDEX big_%s_v ON app.big_%s (v)', i, i)),
   (4, 'DROP', CASE WHEN i % 10 = 0 THEN format('DROP TABLE app.big_%s', i) END)) s(k, ct, sql)
 WHERE sql IS NOT NULL;
