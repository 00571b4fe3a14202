-- risk14_script_parts.sql - scripts sent as one query whose parts fail on the replay server for a
-- reason production did not have (roles it lacks), run statement by statement so the DDL of the
-- other parts is kept; rows without SQL between the rows of one statement; the same text run
-- again in one transaction after a DROP (a real second run) or with another statement's rows
-- between (replayed as a second run too). Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'TABLE', 'app', 't'), (2, 'TABLE', 'app', 's'), (3, 'INDEX', 'app', 's_id'), (4, 'TABLE', 'app', 'w'),
  (5, 'INDEX', 'app', 'w_pkey'), (6, 'TABLE', 'app', 'x'), (7, 'TABLE', 'app', 'y'), (8, 'TABLE', 'app', 'z'),
  (9, 'TABLE', 'app', 'q'), (10, 'TABLE', 'app', 'r');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table app.t', 'CREATE TABLE app.t (id int);', '2026-03-01 08:00:00', 'alice'),
  -- production's role app_owner does not exist on the replay cluster: column b must not be lost with it
  (2, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.t', 'ALTER TABLE app.t ADD COLUMN b int; CREATE INDEX t_b ON app.t (b pga_v1_ops);', '2026-03-01 08:01:00', 'alice'),
  -- a migration file: BEGIN/COMMIT cut, its SET search_path run, a stub type, an index on an operator class the replay server lacks
  (3, 2, 'CREATE', 'MINOR', 'CREATE TABLE table app.s', E'BEGIN;\nSET search_path TO app;\nCREATE TABLE s (id int, st app.status);\nCREATE INDEX s_st ON s (st pga_v1_ops);\nCREATE INDEX s_id ON s (id); -- ; in a comment\nCOMMIT;', '2026-03-01 08:02:00', 'bob'),
  (4, 3, 'CREATE', 'MINOR', 'CREATE INDEX index app.s_id', E'BEGIN;\nSET search_path TO app;\nCREATE TABLE s (id int, st app.status);\nCREATE INDEX s_st ON s (st pga_v1_ops);\nCREATE INDEX s_id ON s (id); -- ; in a comment\nCOMMIT;', '2026-03-01 08:02:00', 'bob'),
  -- every statement fails here: the row is failed, one error row per statement
  (5, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.t', 'CREATE INDEX t_b2 ON app.t (b pga_v1_ops); CREATE INDEX t_b3 ON app.t (b pga_v1_ops);', '2026-03-01 08:03:00', 'bob'),
  -- one statement's rows with a row without SQL between them: run once
  (6, 4, 'CREATE', 'MINOR', 'CREATE TABLE table app.w', 'CREATE TABLE app.w (id int PRIMARY KEY);', '2026-03-01 08:04:00', 'carol'),
  (7, 4, 'ALTER', 'MINOR', NULL, NULL, '2026-03-01 08:04:00', 'carol'),
  (8, 5, 'CREATE', 'MINOR', 'CREATE INDEX index app.w_pkey', 'CREATE TABLE app.w (id int PRIMARY KEY);', '2026-03-01 08:04:00', 'carol'),
  -- a row without SQL followed by another statement: on its own, as before
  (9, 6, 'CREATE', 'MINOR', 'CREATE TABLE table app.x', 'CREATE TABLE app.x (id int);', '2026-03-01 08:05:00', 'carol'),
  (10, 6, 'ALTER', 'MINOR', NULL, NULL, '2026-03-01 08:05:00', 'carol'),
  (11, 6, 'ALTER', 'MINOR', 'ALTER TABLE table app.x', 'ALTER TABLE app.x ADD COLUMN c int;', '2026-03-01 08:06:00', 'carol'),
  -- the same text twice in one transaction with a DROP between: production ran it twice
  (12, 7, 'CREATE', 'MINOR', 'CREATE TABLE table app.y', 'CREATE TABLE app.y (id int);', '2026-03-01 08:07:00', 'dave'),
  (13, 7, 'DROP', 'MAJOR', 'Dropped TABLE app.y', 'DROP TABLE app.y;', '2026-03-01 08:07:00', 'dave'),
  (14, 7, 'CREATE', 'MINOR', 'CREATE TABLE table app.y', 'CREATE TABLE app.y (id int);', '2026-03-01 08:07:00', 'dave'),
  -- the last rows: a statement and a row without SQL after it
  (15, 8, 'CREATE', 'MINOR', 'CREATE TABLE table app.z', 'CREATE TABLE app.z (id int);', '2026-03-01 08:08:00', 'dave'),
  (16, 8, 'ALTER', 'MINOR', NULL, NULL, '2026-03-01 08:08:00', 'dave'),
  -- the same text and time with another statement's rows between them: replayed as a second run,
  -- whose failure names the row where the text ran first
  (17, 9, 'CREATE', 'MINOR', 'CREATE TABLE table app.q', 'CREATE TABLE app.q (id int);', '2026-03-01 08:09:00', 'erin'),
  (18, 10, 'CREATE', 'MINOR', 'CREATE TABLE table app.r', 'CREATE TABLE app.r (id int);', '2026-03-01 08:09:30', 'frank'),
  (19, 9, 'CREATE', 'MINOR', 'CREATE TABLE table app.q', 'CREATE TABLE app.q (id int);', '2026-03-01 08:09:00', 'erin');
