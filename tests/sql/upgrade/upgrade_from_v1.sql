-- upgrade_from_v1.sql - pgTAP, run by test_sql_pgtap.sh on a database that held a
-- version-1 install with two changes and two compliance_log rows before the installer
-- ran: every row is kept, the old log rows are chained, and the new objects work.
BEGIN;
SELECT plan(10);

SELECT ok(ARRAY[1, 2, 3, 4] <@ (SELECT array_agg(version) FROM pggit_audit.schema_version)
          AND (SELECT count(*) FROM pggit_audit.schema_version) >= 4,
    'the upgrade applied the later migrations');
SELECT results_eq($$SELECT change_id::text, path, new_definition FROM pggit_audit.changes ORDER BY path$$,
    $$VALUES ('00000000-0000-0000-0000-0000000000a2', 'app.items', 'CREATE TABLE app.items ();'),
             ('00000000-0000-0000-0000-0000000000a1', 'app.orders', 'CREATE TABLE app.orders ();')$$,
    'changes rows are kept');
SELECT results_eq($$SELECT verified_by, verification_status, notes FROM pggit_audit.compliance_log ORDER BY log_id$$,
    $$VALUES ('v1-verifier', 'PASSED', 'before upgrade'), ('v1-verifier', 'FAILED', NULL)$$,
    'compliance_log rows are kept');
SELECT is((SELECT prev_hash FROM pggit_audit.compliance_log ORDER BY log_id LIMIT 1),
    pggit_audit.compliance_chain_genesis(), 'the first old row starts the chain');
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'the old rows form a valid chain');
SELECT throws_ok($$UPDATE pggit_audit.compliance_log SET notes = 'x'$$, '42501', NULL, 'still append-only');
SELECT lives_ok($$SELECT pggit_audit.record_verification('00000000-0000-0000-0000-0000000000a2', 'PASSED')$$,
    'a new verification after the upgrade');
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'the chain continues across the upgrade');
SELECT results_eq($$SELECT path FROM pggit_audit.schema_at('2026-01-02 03:04:05+00')$$,
    ARRAY['app.items', 'app.orders'], 'query functions see the old rows');
SELECT throws_ok($$SELECT * FROM pggit_audit.extract_ddl_changes(NULL, 'abc')$$, '42P01', NULL,
    'extract_ddl_changes fails clearly without a pggit_v0 store in the database');

SELECT * FROM finish();
ROLLBACK;
