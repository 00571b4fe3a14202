-- risk15_baseline_scripts.sql - objects older than the history whose ddl_normalized holds several
-- statements, some of which fail on the replay server for a reason production did not have (an
-- extension's operator class it lacks): run statement by statement, as history scripts are, so the object is kept; and the
-- rest of the screen's treatment of history text applied to the baseline too (BEGIN/COMMIT cut, a
-- materialized view's query not run, an untrusted extension refused, an unqualified name looked up
-- in the object's schema). Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  -- the table must not be lost with its index on an operator class the replay server lacks
  (1, 'TABLE', 'app', 'l', 'CREATE TABLE app.l (a int); CREATE INDEX l_a ON app.l (a pga_v1_missing_ops);'),
  -- a ';' in a string is no boundary; the index fails, the comment after it is kept
  (2, 'TABLE', 'app', 'm', E'CREATE TABLE app.m (a text DEFAULT \'x;y\');\nCREATE INDEX m_a ON app.m (a pga_v1_missing_ops);\nCOMMENT ON TABLE app.m IS \'kept; after a failure\';'),
  -- every statement fails: the object is not created, one warning per statement
  (3, 'TABLE', 'app', 'gone', 'ALTER TABLE app.never OWNER TO pga_v1_missing_owner; GRANT SELECT ON app.never TO pga_v1_missing_reader;'),
  -- a script with BEGIN/COMMIT: the transaction statements are cut, they would end the replay's own
  (4, 'TABLE', 'app', 'tx', 'BEGIN; CREATE TABLE app.tx (a int); COMMIT;'),
  -- a function whose call would leave a trace, and a materialized view whose query calls it: the
  -- query must not run (rewritten WITH NO DATA), the view is still rendered WITH DATA
  (5, 'FUNCTION', 'app', 'trace', E'CREATE FUNCTION app.trace() RETURNS int LANGUAGE plpgsql AS $f$ BEGIN EXECUTE \'CREATE TABLE app.side_effect (a int)\'; RETURN 1; END $f$;'),
  (6, 'MATERIALIZED_VIEW', 'app', 'mv', 'CREATE MATERIALIZED VIEW app.mv AS SELECT app.trace() AS x;'),
  -- an untrusted extension smuggled into a definition: refused, as in a history statement
  (7, 'FUNCTION', 'app', 'ext', 'CREATE EXTENSION IF NOT EXISTS dblink;'),
  -- an unqualified name: created in the object's schema, not in public
  (8, 'TABLE', 'app', 'unq', 'CREATE TABLE unq (a int);'),
  (9, 'TABLE', 'app', 'h', NULL);
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'ALTER', 'MINOR', 'ALTER TABLE table app.l', 'ALTER TABLE app.l ADD COLUMN b int;', '2026-04-01 09:00:00', 'alice'),
  (2, 9, 'CREATE', 'MINOR', 'CREATE TABLE table app.h', 'CREATE TABLE app.h (id int);', '2026-04-01 09:01:00', 'alice');
