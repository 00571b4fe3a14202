-- 02_compliance_log.sql - pgTAP: compliance_log is append-only for every role (superuser
-- and a non-superuser owner included), its hash chain links every row and
-- verify_log_chain() finds an edited, a forged, a removed first and a removed last row;
-- record_verification() keeps changes.verified in step.
BEGIN;
SELECT plan(31);

INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, change_type)
VALUES ('00000000-0000-0000-0000-00000000000a', 'tapcommit', 1, 'app.t', 'CREATE'),
       ('00000000-0000-0000-0000-00000000000b', 'tapcommit', 1, 'app.u', 'CREATE');

INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes, prev_hash, row_hash)
VALUES ('00000000-0000-0000-0000-00000000000a', 'tap', 'PASSED', 'first', 'forged', 'forged');
INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes)
VALUES ('00000000-0000-0000-0000-00000000000b', 'tap', 'FAILED', 'second é'),
       (NULL, 'tap', 'ROLLED_BACK', NULL);

CREATE TEMP TABLE tap_log AS
SELECT l.*, row_number() OVER (ORDER BY l.log_id) AS n FROM pggit_audit.compliance_log l
 WHERE l.verified_by = 'tap';

-- append-only, for the superuser running this test
SELECT throws_ok($$UPDATE pggit_audit.compliance_log SET notes = 'x'$$, '42501',
    'pggit_audit.compliance_log is append-only: UPDATE is not allowed', 'UPDATE rejected (superuser)');
SELECT throws_ok($$DELETE FROM pggit_audit.compliance_log$$, '42501',
    'pggit_audit.compliance_log is append-only: DELETE is not allowed', 'DELETE rejected (superuser)');
SELECT throws_ok($$TRUNCATE pggit_audit.compliance_log$$, '42501',
    'pggit_audit.compliance_log is append-only: TRUNCATE is not allowed', 'TRUNCATE rejected (superuser)');
SELECT throws_ok($$TRUNCATE pggit_audit.changes CASCADE$$, '42501', NULL, 'TRUNCATE ... CASCADE from changes rejected');
SELECT throws_ok($$UPDATE pggit_audit.compliance_chain_head SET last_hash = 'x'$$, '42501', NULL,
    'the chain head cannot be updated directly');
SELECT throws_ok($$DELETE FROM pggit_audit.changes WHERE change_id = '00000000-0000-0000-0000-00000000000a'$$,
    '23503', NULL, 'a verified change cannot be deleted from under its log rows');

-- the chain
SELECT is((SELECT count(*)::int FROM tap_log), 3, 'three rows appended');
SELECT isnt((SELECT prev_hash FROM tap_log WHERE n = 1), 'forged', 'a caller-supplied prev_hash is overwritten');
SELECT is((SELECT row_hash FROM tap_log WHERE n = 1),
          pggit_audit.compliance_row_hash((SELECT prev_hash FROM tap_log WHERE n = 1), l.log_id, l.change_id,
              l.verified_at, l.verified_by, l.verification_status, l.notes, l.run_id, l.created_at),
          'row_hash is the hash of the row and prev_hash')
  FROM tap_log l WHERE l.n = 1;
SELECT is((SELECT prev_hash FROM tap_log WHERE n = 2), (SELECT row_hash FROM tap_log WHERE n = 1), 'row 2 links to row 1');
SELECT is((SELECT prev_hash FROM tap_log WHERE n = 3), (SELECT row_hash FROM tap_log WHERE n = 2), 'row 3 links to row 2');
SELECT matches((SELECT row_hash FROM tap_log WHERE n = 3), '^[0-9a-f]{64}$', 'row_hash is hex sha256');
SELECT is((SELECT last_hash FROM pggit_audit.compliance_chain_head), (SELECT row_hash FROM tap_log WHERE n = 3),
          'the head is the last row');
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'an untouched chain verifies');

-- the hash does not depend on the session time zone
SET LOCAL TimeZone = 'Asia/Kolkata';
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'the chain verifies under another TimeZone');
RESET TimeZone;

-- tampering, as a superuser getting around the triggers
SAVEPOINT before_tamper;
SET LOCAL session_replication_role = replica;
UPDATE pggit_audit.compliance_log SET notes = 'edited' WHERE log_id = (SELECT log_id FROM tap_log WHERE n = 2);
SET LOCAL session_replication_role = origin;
SELECT results_eq('SELECT log_id, problem FROM pggit_audit.verify_log_chain()',
    format('VALUES (%s::bigint, %L::text)', (SELECT log_id FROM tap_log WHERE n = 2), 'row_hash mismatch'),
    'an edited row is the first broken link');
SET LOCAL session_replication_role = replica;
UPDATE pggit_audit.compliance_log l
   SET row_hash = pggit_audit.compliance_row_hash(l.prev_hash, l.log_id, l.change_id, l.verified_at,
       l.verified_by, l.verification_status, l.notes, l.run_id, l.created_at)
 WHERE l.log_id = (SELECT log_id FROM tap_log WHERE n = 2);
SET LOCAL session_replication_role = origin;
SELECT results_eq('SELECT log_id, problem FROM pggit_audit.verify_log_chain()',
    format('VALUES (%s::bigint, %L::text)', (SELECT log_id FROM tap_log WHERE n = 3), 'prev_hash mismatch'),
    'an edited row with a recomputed hash breaks the next link');
ROLLBACK TO SAVEPOINT before_tamper;
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'back to an intact chain');

SAVEPOINT before_delete_last;
SET LOCAL session_replication_role = replica;
DELETE FROM pggit_audit.compliance_log WHERE log_id = (SELECT log_id FROM tap_log WHERE n = 3);
SET LOCAL session_replication_role = origin;
SELECT results_eq('SELECT log_id, problem FROM pggit_audit.verify_log_chain()',
    format('VALUES (%s::bigint, %L::text)', (SELECT log_id FROM tap_log WHERE n = 3), 'head mismatch'),
    'a row removed from the end is found through the head');
ROLLBACK TO SAVEPOINT before_delete_last;

SAVEPOINT before_delete_first;
SET LOCAL session_replication_role = replica;
DELETE FROM pggit_audit.compliance_log WHERE log_id = (SELECT min(log_id) FROM pggit_audit.compliance_log);
SET LOCAL session_replication_role = origin;
SELECT is((SELECT problem FROM pggit_audit.verify_log_chain()), 'prev_hash mismatch',
    'a row removed from the start breaks the chain');
ROLLBACK TO SAVEPOINT before_delete_first;

-- a non-superuser owner can neither change rows nor switch the guards off
SAVEPOINT before_owner;
CREATE ROLE tap_audit_owner NOLOGIN;
ALTER TABLE pggit_audit.compliance_log OWNER TO tap_audit_owner;
GRANT USAGE ON SCHEMA pggit_audit TO tap_audit_owner;
SET LOCAL ROLE tap_audit_owner;
SELECT throws_ok($$UPDATE pggit_audit.compliance_log SET notes = 'x'$$, '42501', NULL, 'UPDATE rejected (owner)');
SELECT throws_ok($$DELETE FROM pggit_audit.compliance_log$$, '42501', NULL, 'DELETE rejected (owner)');
SELECT throws_ok($$TRUNCATE pggit_audit.compliance_log$$, '42501', NULL, 'TRUNCATE rejected (owner)');
SELECT throws_like($$ALTER TABLE pggit_audit.compliance_log DISABLE TRIGGER compliance_log_no_update_delete$$,
    '%only by its installer%', 'the owner cannot disable the guard trigger');
SELECT throws_like($$DROP TRIGGER compliance_log_no_truncate ON pggit_audit.compliance_log$$,
    '%only by its installer%', 'the owner cannot drop the guard trigger');
SELECT throws_like($$CREATE RULE no_upd AS ON UPDATE TO pggit_audit.compliance_log DO INSTEAD NOTHING$$,
    '%only by its installer%', 'the owner cannot add a rule');
RESET ROLE;
ROLLBACK TO SAVEPOINT before_owner;

-- record_verification
SELECT ok(pggit_audit.record_verification('00000000-0000-0000-0000-00000000000a', 'PASSED', 'ok', 'run-1') > 0,
          'record_verification returns the log id');
SELECT is((SELECT verified FROM pggit_audit.changes WHERE change_id = '00000000-0000-0000-0000-00000000000a'), true,
          'PASSED marks the change verified');
SELECT is((SELECT verified_by FROM pggit_audit.compliance_log ORDER BY log_id DESC LIMIT 1), session_user::text,
          'verified_by is the session user');
SELECT lives_ok($$SELECT pggit_audit.record_verification('00000000-0000-0000-0000-00000000000a', 'FAILED')$$,
          'a later FAILED is recorded');
SELECT is((SELECT verified FROM pggit_audit.changes WHERE change_id = '00000000-0000-0000-0000-00000000000a'), false,
          'FAILED marks the change unverified');

SELECT * FROM finish();
ROLLBACK;
