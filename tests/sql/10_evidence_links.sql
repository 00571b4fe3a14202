-- 10_evidence_links.sql - pgTAP: verify_log_chain() checks the link between a
-- compliance_log row and its evidence_archives row (migration 027), which the hash chain
-- does not cover: a re-pointed evidence_id, an evidence row edited under it (both as a
-- superuser getting around the triggers) and an evidence row that no log row records (an
-- append the owner may make) are each reported; an intact link is not.
BEGIN;
SELECT plan(7);

SELECT pggit_audit.record_evidence('tap-ev-1', repeat('a', 64), 100, repeat('b', 64), 'bag-1', 'tap', 'PASSED');
SELECT pggit_audit.record_evidence('tap-ev-2', repeat('c', 64), 200, repeat('d', 64), 'bag-2', 'tap', 'FAILED');
CREATE TEMP TABLE tap_ev AS
SELECT e.evidence_id, l.log_id, e.run_id
  FROM pggit_audit.evidence_archives e JOIN pggit_audit.compliance_log l USING (evidence_id)
 WHERE e.run_id LIKE 'tap-ev-%';

SELECT is((SELECT count(*)::int FROM tap_ev), 2, 'two archives recorded, each with its log row');
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'intact evidence links verify');

-- a superuser re-points the first log row at the second archive (evidence_id is not hashed)
SAVEPOINT before_tamper;
SET LOCAL session_replication_role = replica;
UPDATE pggit_audit.compliance_log
   SET evidence_id = (SELECT evidence_id FROM tap_ev WHERE run_id = 'tap-ev-2')
 WHERE log_id = (SELECT log_id FROM tap_ev WHERE run_id = 'tap-ev-1');
SET LOCAL session_replication_role = origin;
SELECT results_eq('SELECT log_id, problem FROM pggit_audit.verify_log_chain()',
    format('VALUES (%s::bigint, %L::text)', (SELECT log_id FROM tap_ev WHERE run_id = 'tap-ev-1'), 'evidence mismatch'),
    'a re-pointed evidence_id is reported at its log row');
ROLLBACK TO SAVEPOINT before_tamper;

-- a superuser rewrites the archive hash of an evidence row
SET LOCAL session_replication_role = replica;
UPDATE pggit_audit.evidence_archives SET archive_sha256 = repeat('f', 64) WHERE run_id = 'tap-ev-2';
SET LOCAL session_replication_role = origin;
SELECT results_eq('SELECT log_id, problem FROM pggit_audit.verify_log_chain()',
    format('VALUES (%s::bigint, %L::text)', (SELECT log_id FROM tap_ev WHERE run_id = 'tap-ev-2'), 'evidence mismatch'),
    'an edited evidence row is reported at the log row that records it');
ROLLBACK TO SAVEPOINT before_tamper;

-- the owner appends an evidence row without its log row (no trigger is bypassed)
INSERT INTO pggit_audit.evidence_archives (run_id, archive_sha256, archive_bytes, tagmanifest_sha256,
                                           bag_name, tool_version, run_status)
VALUES ('tap-ev-3', repeat('e', 64), 300, repeat('e', 64), 'bag-3', 'tap', 'PASSED');
SELECT results_eq('SELECT log_id, problem FROM pggit_audit.verify_log_chain()',
    format('VALUES (NULL::bigint, %L::text)',
           'evidence not logged: evidence_id ' || (SELECT evidence_id FROM pggit_audit.evidence_archives WHERE run_id = 'tap-ev-3')),
    'an evidence row no log row records is reported');
ROLLBACK TO SAVEPOINT before_tamper;

-- the owner appends a chained log row that claims an archive its notes do not describe
INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes, run_id, evidence_id)
VALUES (NULL, 'tap', 'PASSED', 'not the note of that archive', 'tap-ev-1',
        (SELECT evidence_id FROM tap_ev WHERE run_id = 'tap-ev-1'));
SELECT is((SELECT problem FROM pggit_audit.verify_log_chain()), 'evidence mismatch',
    'an appended row claiming an archive it does not describe is reported');
ROLLBACK TO SAVEPOINT before_tamper;
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'back to intact links');

SELECT * FROM finish();
ROLLBACK;
