-- 03_privileges.sql - pgTAP: each role of the audit layer has exactly its rights, every
-- other right is denied (tried for real under SET ROLE), and PUBLIC has nothing.
BEGIN;
SELECT plan(50);

-- Runs p_sql as p_role; an error undoes the role switch with throws_ok's subtransaction.
CREATE FUNCTION pg_temp.as_role(p_role text, p_sql text) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', p_role);
    EXECUTE p_sql;
    RESET ROLE;
END
$fn$;

CREATE ROLE tap_nobody NOLOGIN;
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, change_type)
VALUES ('00000000-0000-0000-0000-0000000000c1', 'tapprivs', 1, 'app.t', 'CREATE');

-- declared rights
SELECT table_privs_are('pggit_audit', t, 'pggit_audit_reader', ARRAY['SELECT'], 'reader: SELECT only on ' || t)
  FROM unnest(ARRAY['blobs', 'changes', 'object_versions', 'compliance_log', 'load_journal', 'schema_version']) t;
SELECT table_privs_are('pggit_audit', t, 'pggit_audit_loader', ARRAY['INSERT', 'SELECT'], 'loader: INSERT, SELECT on ' || t)
  FROM unnest(ARRAY['blobs', 'load_journal']) t;
-- changes and object_versions: INSERT on the columns the loader writes, not verified or
-- superseded_by (migration 012)
SELECT table_privs_are('pggit_audit', t, 'pggit_audit_loader', ARRAY['SELECT'], 'loader: table-wide SELECT only on ' || t)
  FROM unnest(ARRAY['changes', 'object_versions']) t;
SELECT is((SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a
            WHERE a.attrelid = x.t::regclass AND a.attnum > 0 AND NOT a.attisdropped
              AND NOT has_column_privilege('pggit_audit_loader', x.t::regclass, a.attnum, 'INSERT')),
          x.cols, 'loader: may not insert ' || array_to_string(x.cols, ', ') || ' of ' || x.t)
  FROM (VALUES ('pggit_audit.changes', ARRAY['superseded_by', 'verified']),
               ('pggit_audit.object_versions', ARRAY['superseded_by'])) AS x(t, cols);
SELECT table_privs_are('pggit_audit', 'compliance_log', 'pggit_audit_loader', ARRAY['SELECT'], 'loader: SELECT only on compliance_log');
SELECT table_privs_are('pggit_audit', t, 'pggit_audit_verifier', ARRAY['SELECT'], 'verifier: SELECT only on ' || t)
  FROM unnest(ARRAY['changes', 'compliance_log']) t;
SELECT table_privs_are('pggit_audit', t, 'tap_nobody', '{}'::text[], 'PUBLIC: nothing on ' || t)
  FROM unnest(ARRAY['blobs', 'changes', 'object_versions', 'compliance_log', 'load_journal', 'schema_version',
                    'compliance_chain_head']) t;
SELECT schema_privs_are('pggit_audit', 'tap_nobody', '{}'::text[], 'PUBLIC: no USAGE on the schema');
SELECT schema_privs_are('pggit_audit', 'pggit_audit_loader', ARRAY['USAGE'], 'loader: USAGE but no CREATE on the schema');
SELECT is((SELECT count(*)::int FROM pg_proc p WHERE p.pronamespace IN (SELECT n.oid FROM pg_namespace n WHERE n.nspname IN ('pggit_audit', 'pggit_audit_guard'))
            AND has_function_privilege('tap_nobody', p.oid, 'EXECUTE')), 0, 'PUBLIC: no function is executable');
SELECT schema_privs_are('pggit_audit_guard', 'tap_nobody', '{}'::text[], 'PUBLIC: no USAGE on the guard schema');
SELECT ok(NOT has_function_privilege('pggit_audit_reader', 'pggit_audit.record_verification(uuid,text,text,text)', 'EXECUTE')
      AND NOT has_function_privilege('pggit_audit_loader', 'pggit_audit.record_verification(uuid,text,text,text)', 'EXECUTE')
      AND has_function_privilege('pggit_audit_verifier', 'pggit_audit.record_verification(uuid,text,text,text)', 'EXECUTE'),
          'only the verifier may call record_verification');
SELECT ok(has_database_privilege('pggit_audit_loader', current_database(), 'TEMPORARY'), 'loader: temporary tables');

-- reader, for real
SELECT lives_ok($$SELECT pg_temp.as_role('pggit_audit_reader',
    'SELECT count(*) FROM pggit_audit.object_history; SELECT count(*) FROM pggit_audit.compliance_summary;
     SELECT * FROM pggit_audit.schema_at(now()); SELECT * FROM pggit_audit.verify_log_chain()')$$,
    'reader: views and query functions work');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_reader',
    'INSERT INTO pggit_audit.blobs (blob_sha, definition) VALUES (''x'', ''y'')')$$, '42501', NULL, 'reader: no INSERT');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_reader', 'UPDATE pggit_audit.changes SET verified = true')$$,
    '42501', NULL, 'reader: no UPDATE');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_reader', 'DELETE FROM pggit_audit.changes')$$,
    '42501', NULL, 'reader: no DELETE');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_reader',
    'SELECT pggit_audit.record_verification(''00000000-0000-0000-0000-0000000000c1'', ''PASSED'')')$$,
    '42501', NULL, 'reader: no record_verification');

-- loader, for real
SELECT lives_ok($$SELECT pg_temp.as_role('pggit_audit_loader',
    'INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, change_type)
     VALUES (''00000000-0000-0000-0000-0000000000c1'', ''tapprivs'', 1, ''app.t'', ''CREATE'') ON CONFLICT DO NOTHING;
     INSERT INTO pggit_audit.blobs (blob_sha, definition) VALUES (''tapblob'', ''CREATE TABLE t ()'') ON CONFLICT DO NOTHING;
     INSERT INTO pggit_audit.load_journal (batch_key, kind, artifact, artifact_sha256, batch_no, first_row, row_count, rows_inserted)
     VALUES (''tap'', ''changes'', ''a'', ''0'', 1, 0, 1, 1) ON CONFLICT DO NOTHING;
     CREATE TEMP TABLE tap_loader_stage (x int)')$$, 'loader: INSERT ... ON CONFLICT DO NOTHING and temp tables');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_loader', 'UPDATE pggit_audit.changes SET verified = true')$$,
    '42501', NULL, 'loader: no UPDATE of changes');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_loader',
    'INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, change_type, verified)
     VALUES (''00000000-0000-0000-0000-0000000000c2'', ''tapprivs'', 1, ''app.u'', ''CREATE'', true)')$$,
    '42501', NULL, 'loader: cannot insert a change already verified');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_loader',
    'INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, change_type, superseded_by)
     VALUES (''00000000-0000-0000-0000-0000000000c3'', ''tapprivs'', 1, ''app.v'', ''CREATE'', 1)')$$,
    '42501', NULL, 'loader: cannot insert a change hidden as rolled back');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_loader',
    'INSERT INTO pggit_audit.object_versions (version_id, object_schema, object_name, version_number, definition,
         blob_sha, commit_sha, superseded_by)
     VALUES (''00000000-0000-0000-0000-0000000000c4'', ''app'', ''v'', 1, ''x'', ''b'', ''tapprivs'', 1)')$$,
    '42501', NULL, 'loader: cannot insert a version hidden as rolled back');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_loader', 'DELETE FROM pggit_audit.object_versions')$$,
    '42501', NULL, 'loader: no DELETE');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_loader',
    'INSERT INTO pggit_audit.compliance_log (verified_by, verification_status) VALUES (''l'', ''PASSED'')')$$,
    '42501', NULL, 'loader: no INSERT into compliance_log');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_loader', 'CREATE TABLE pggit_audit.tap_x (a int)')$$,
    '42501', NULL, 'loader: no DDL in the schema');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_loader', 'TRUNCATE pggit_audit.load_journal')$$,
    '42501', NULL, 'loader: no TRUNCATE');

-- verifier, for real
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_verifier',
    'INSERT INTO pggit_audit.compliance_log (verified_by, verification_status) VALUES (''v'', ''PASSED'')')$$,
    '42501', NULL, 'verifier: no direct INSERT into compliance_log');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_verifier', 'UPDATE pggit_audit.changes SET verified = true')$$,
    '42501', NULL, 'verifier: no direct UPDATE of changes');
SELECT lives_ok($$SELECT pg_temp.as_role('pggit_audit_verifier',
    'SELECT pggit_audit.record_verification(''00000000-0000-0000-0000-0000000000c1'', ''PASSED'', ''by tap'')')$$,
    'verifier: record_verification works');
SELECT is((SELECT verified FROM pggit_audit.changes WHERE change_id = '00000000-0000-0000-0000-0000000000c1'), true,
    'verifier: the change is marked verified');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_verifier',
    'SELECT pggit_audit.record_verification(''00000000-0000-0000-0000-0000000000c1'', ''MAYBE'')')$$,
    '22023', NULL, 'record_verification rejects an unknown status');
SELECT throws_ok($$SELECT pg_temp.as_role('pggit_audit_verifier',
    'SELECT pggit_audit.record_verification(''00000000-0000-0000-0000-0000000000ff'', ''PASSED'')')$$,
    '23503', NULL, 'record_verification rejects an unknown change');
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'entries written through record_verification chain');

-- nobody (PUBLIC)
SELECT throws_ok($$SELECT pg_temp.as_role('tap_nobody', 'SELECT count(*) FROM pggit_audit.changes')$$,
    '42501', NULL, 'PUBLIC: cannot read');

SELECT * FROM finish();
ROLLBACK;
