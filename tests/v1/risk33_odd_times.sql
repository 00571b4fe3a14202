-- risk33_odd_times.sql - created_at values that are no time to commit at: infinity, -infinity, a BC
-- date (to_char() drops the era: it was read as the same date AD) and a year past 9999 (the replay
-- stopped midway, "bad timestamp"). Each counts as a row without a time (the time of the nearest
-- earlier row). Row 6: a time before 1970 with a fraction of a second, kept.
-- Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'TABLE', 'app', 'a', NULL);
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed, created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.a (id int);', '2026-12-03 09:00:00', 'alice'),
  (2, 1, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.a ADD b int;', 'infinity', 'alice'),
  (3, 1, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.a ADD c int;', '-infinity', 'alice'),
  (4, 1, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.a ADD d int;', '0044-03-15 12:00:00 BC', 'alice'),
  (5, 1, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.a ADD e int;', '12026-01-01 09:00:00', 'alice'),
  (6, 1, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.a ADD f int;', '1969-12-31 23:59:59.5', 'alice');
