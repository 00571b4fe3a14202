-- 04_queries.sql - pgTAP: the query functions and views on a small history inserted
-- here: app.t created, altered twice; app.v created, dropped, re-created; then app.t
-- dropped. Times are UTC.
BEGIN;
SELECT plan(26);

CREATE FUNCTION pg_temp.uid(n int) RETURNS uuid LANGUAGE sql AS
$$ SELECT ('00000000-0000-0000-0000-' || lpad(n::text, 12, '0'))::uuid $$;

INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    object_type, change_type, old_blob_sha, new_blob_sha, old_definition, new_definition, author, committed_at)
VALUES (pg_temp.uid(101), 'q1', 1, 'app.t', 'app', 't', 'TABLE', 'CREATE', NULL, 'bt1', NULL, 'T1', 'Alice <alice@example.com>', '2026-01-01 10:00'),
       (pg_temp.uid(102), 'q1', 1, 'app.v', 'app', 'v', 'VIEW',  'CREATE', NULL, 'bv1', NULL, 'V1', 'Alice <alice@example.com>', '2026-01-01 10:00'),
       (pg_temp.uid(103), 'q2', 2, 'app.t', 'app', 't', 'TABLE', 'ALTER', 'bt1', 'bt2', 'T1', 'T2', 'Bob <bob@example.com>', '2026-01-05 00:00'),
       (pg_temp.uid(104), 'q3', 3, 'app.v', 'app', 'v', 'VIEW',  'DROP', 'bv1', NULL, 'V1', NULL, 'ALICE <alice@example.com>', '2026-01-10 00:00'),
       (pg_temp.uid(105), 'q4', 4, 'app.v', 'app', 'v', 'VIEW',  'CREATE', NULL, 'bv2', NULL, 'V2', 'Carol <carol@example.com>', '2026-01-15 00:00'),
       (pg_temp.uid(106), 'q4', 4, 'app.t', 'app', 't', 'TABLE', 'ALTER', 'bt2', 'bt3', 'T2', NULL, 'Carol <carol@example.com>', '2026-01-15 00:00');
-- the last definition comes from the blob when the change row does not carry it
INSERT INTO pggit_audit.blobs (blob_sha, definition) VALUES ('bt3', 'T3') ON CONFLICT DO NOTHING;
INSERT INTO pggit_audit.object_versions (version_id, object_schema, object_name, object_type, version_number,
    definition, blob_sha, commit_sha, created_at)
VALUES (pg_temp.uid(201), 'app', 't', 'TABLE', 1, 'T1', 'bt1', 'q1', '2026-01-01 10:00'),
       (pg_temp.uid(202), 'app', 't', 'TABLE', 2, 'T2', 'bt2', 'q2', '2026-01-05 00:00'),
       (pg_temp.uid(203), 'app', 't', 'TABLE', 3, 'T3', 'bt3', 'q4', '2026-01-15 00:00'),
       (pg_temp.uid(204), 'app', 'v', 'VIEW', 1, 'V1', 'bv1', 'q1', '2026-01-01 10:00'),
       (pg_temp.uid(205), 'app', 'v', 'VIEW', 2, 'V2', 'bv2', 'q4', '2026-01-15 00:00');

SELECT results_eq($$SELECT version_number, definition FROM pggit_audit.current_version('app', 't')$$,
    $$VALUES (3, 'T3')$$, 'current_version: the latest version');
SELECT results_eq($$SELECT version_number, definition FROM pggit_audit.current_version('app', 'v')$$,
    $$VALUES (2, 'V2')$$, 'current_version: re-created after a drop');
SELECT is_empty($$SELECT * FROM pggit_audit.current_version('app', 'nope')$$, 'current_version: unknown object');
SELECT results_eq($$SELECT change_type, commit_sha FROM pggit_audit.object_change_history('app', 'v')$$,
    $$VALUES ('CREATE', 'q1'), ('DROP', 'q3'), ('CREATE', 'q4')$$, 'object_change_history, oldest first');

SELECT results_eq($$SELECT path, definition FROM pggit_audit.schema_at('2026-01-06 00:00+00')$$,
    $$VALUES ('app.t', 'T2'), ('app.v', 'V1')$$, 'schema_at between changes');
SELECT results_eq($$SELECT path, definition FROM pggit_audit.schema_at('2026-01-10 00:00+00')$$,
    $$VALUES ('app.t', 'T2')$$, 'schema_at: a change at exactly that time counts, dropped objects are gone');
SELECT results_eq($$SELECT path, definition FROM pggit_audit.schema_at('2027-01-01+00')$$,
    $$VALUES ('app.t', 'T3'), ('app.v', 'V2')$$, 'schema_at: definition from the blob when the change has none');
SELECT is_empty($$SELECT * FROM pggit_audit.schema_at('2025-12-31+00')$$, 'schema_at before any change');
SET LOCAL TimeZone = 'Europe/Paris';
SELECT results_eq($$SELECT definition FROM pggit_audit.schema_at('2026-01-05 00:30') WHERE path = 'app.t'$$,
    $$VALUES ('T1')$$, 'schema_at reads a time without offset in the session TimeZone (23:30 UTC the day before)');
RESET TimeZone;
SELECT throws_ok($$SELECT * FROM pggit_audit.schema_at(NULL)$$, '22004', NULL, 'schema_at(NULL) is an error');

SELECT results_eq($$SELECT path, definition FROM pggit_audit.schema_at_commit('q3') WHERE commit_sha LIKE 'q%'$$,
    $$VALUES ('app.t', 'T2')$$, 'schema_at_commit');
SELECT results_eq($$SELECT path, definition, commit_sha FROM pggit_audit.schema_at_commit('q1') WHERE commit_sha LIKE 'q%'$$,
    $$VALUES ('app.t', 'T1', 'q1'), ('app.v', 'V1', 'q1')$$, 'schema_at_commit of the first commit');
SELECT throws_ok($$SELECT * FROM pggit_audit.schema_at_commit('unknown-commit')$$, 'P0002', NULL,
    'schema_at_commit of an unknown commit is an error');

SELECT results_eq($$SELECT change_id FROM pggit_audit.changes_by_author('alice') WHERE commit_sha LIKE 'q%'$$,
    $$VALUES (pg_temp.uid(101)), (pg_temp.uid(102)), (pg_temp.uid(104))$$, 'changes_by_author, case-insensitive');
SELECT is_empty($$SELECT * FROM pggit_audit.changes_by_author('%')$$, 'changes_by_author takes no wildcards');
SELECT results_eq($$SELECT change_id FROM pggit_audit.changes_between('2026-01-05+00', '2026-01-10+00')$$,
    $$VALUES (pg_temp.uid(103))$$, 'changes_between is [from, to)');

SELECT results_eq($$SELECT version_number, author, change_type FROM pggit_audit.object_history
    WHERE object_schema = 'app' AND object_name = 'v' ORDER BY version_number$$,
    $$VALUES (1, 'Alice <alice@example.com>', 'CREATE'), (2, 'Carol <carol@example.com>', 'CREATE')$$,
    'object_history joins each version to its change');

-- recent and unverified
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    change_type, author, committed_at)
VALUES (pg_temp.uid(107), 'q5', 5, 'app.t', 'app', 't', 'DROP', 'Dan', (now() AT TIME ZONE 'UTC') - interval '1 day');
SELECT results_eq($$SELECT change_id FROM pggit_audit.recent_changes WHERE commit_sha LIKE 'q%'$$,
    $$VALUES (pg_temp.uid(107))$$, 'recent_changes: the last 30 days only');
SELECT is_empty($$SELECT * FROM pggit_audit.current_version('app', 't')$$, 'current_version: none after a drop');
SELECT is((SELECT count(*)::int FROM pggit_audit.unverified_changes WHERE commit_sha LIKE 'q%'), 7, 'all unverified');
SELECT pggit_audit.record_verification(pg_temp.uid(101), 'PASSED');
SELECT pggit_audit.record_verification(pg_temp.uid(102), 'PASSED');
SELECT pggit_audit.record_verification(pg_temp.uid(103), 'FAILED');
SELECT is((SELECT count(*)::int FROM pggit_audit.unverified_changes WHERE commit_sha LIKE 'q%'), 5,
    'unverified_changes drops the verified ones');
SELECT results_eq($$SELECT verification_status, entries, changes FROM pggit_audit.compliance_summary
    WHERE day = (now() AT TIME ZONE 'UTC')::date ORDER BY verification_status$$,
    $$SELECT s, count(*), count(DISTINCT change_id) FROM pggit_audit.compliance_log l, LATERAL (SELECT l.verification_status AS s) x
      WHERE (verified_at AT TIME ZONE 'UTC')::date = (now() AT TIME ZONE 'UTC')::date GROUP BY s ORDER BY s$$,
    'compliance_summary counts per day and status');
SELECT ok((SELECT entries FROM pggit_audit.compliance_summary WHERE day = (now() AT TIME ZONE 'UTC')::date
           AND verification_status = 'PASSED') >= 2, 'compliance_summary sees today''s passes');
SELECT throws_ok($$SELECT * FROM pggit_audit.changes_between(NULL, now())$$, '22004', NULL,
    'changes_between needs both bounds');

-- a rename is a pair of RENAME rows (classify): the path renamed away (old blob only) is
-- gone from the snapshot, as after a DROP (migration 013)
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    object_type, change_type, old_blob_sha, new_blob_sha, old_definition, new_definition, author, committed_at)
VALUES (pg_temp.uid(191), 'q6', 6, 'app.v', 'app', 'v', 'VIEW', 'RENAME', 'bv2', NULL, 'V2', NULL, 'Dan <dan@example.com>', '2026-02-01 00:00'),
       (pg_temp.uid(192), 'q6', 6, 'app.w', 'app', 'w', 'VIEW', 'RENAME', NULL, 'bw1', NULL, 'W1', 'Dan <dan@example.com>', '2026-02-01 00:00');
SELECT results_eq($$SELECT path, definition FROM pggit_audit.schema_at('2026-02-02+00') WHERE path IN ('app.v', 'app.w')$$,
    $$VALUES ('app.w', 'W1')$$, 'schema_at: a path renamed away is gone');
SELECT results_eq($$SELECT path, definition FROM pggit_audit.schema_at_commit('q6') WHERE path IN ('app.v', 'app.w')$$,
    $$VALUES ('app.w', 'W1')$$, 'schema_at_commit: a path renamed away is gone');

SELECT * FROM finish();
ROLLBACK;
