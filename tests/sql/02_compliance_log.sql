-- 02_compliance_log.sql - pgTAP: compliance_log is append-only for every role (superuser
-- and a non-superuser owner included), its hash chain links every row and
-- verify_log_chain() finds an edited, a forged, a removed first and a removed last row;
-- the owner of the chain head cannot move it from a trigger of its own (migration 022);
-- record_verification() keeps changes.verified in step. Since schema version 9: a row
-- brought with both hashes is checked instead of overwritten (a forged pair is refused,
-- a correct one kept), record_verifications() appends a chain that verifies, and
-- compliance_row_hash() still hashes the string of migration 002.
BEGIN;
SELECT plan(75);

INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, change_type)
VALUES ('00000000-0000-0000-0000-00000000000a', 'tapcommit', 1, 'app.t', 'CREATE'),
       ('00000000-0000-0000-0000-00000000000b', 'tapcommit', 1, 'app.u', 'CREATE');

INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes, prev_hash)
VALUES ('00000000-0000-0000-0000-00000000000a', 'tap', 'PASSED', 'first', 'forged');
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

-- hashes brought by the caller: checked, not overwritten
SELECT throws_like($$INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, prev_hash, row_hash)
    VALUES (NULL, 'tap', 'PASSED', 'forged', 'forged')$$,
    '%would break the hash chain%', 'a forged prev_hash and row_hash pair is refused');
SELECT throws_like(format($$INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, prev_hash, row_hash)
    VALUES (NULL, 'tap', 'PASSED', %L, 'forged')$$, (SELECT last_hash FROM pggit_audit.compliance_chain_head)),
    '%row_hash is not the hash of the row%', 'a right prev_hash with a forged row_hash is refused');
SELECT throws_like(format($$INSERT INTO pggit_audit.compliance_log (log_id, change_id, verified_by, verification_status, verified_at, created_at, prev_hash, row_hash)
    OVERRIDING SYSTEM VALUE
    SELECT 1, NULL, 'tap', 'PASSED', now(), now(), %1$L,
           pggit_audit.compliance_row_hash(%1$L, 1, NULL, now(), 'tap', 'PASSED', NULL, NULL, now())$$,
    (SELECT last_hash FROM pggit_audit.compliance_chain_head)),
    '%log_id is not past the chain head%', 'a right hash on a log_id before the head is refused');
-- nor one far past every log_id given so far: the head would move there and every later
-- append be refused as not past it (migration 025)
SELECT throws_like(format($$INSERT INTO pggit_audit.compliance_log (log_id, change_id, verified_by, verification_status, verified_at, created_at, prev_hash, row_hash)
    OVERRIDING SYSTEM VALUE
    SELECT 9223372036854775806, NULL, 'tap', 'PASSED', now(), now(), %1$L,
           pggit_audit.compliance_row_hash(%1$L, 9223372036854775806, NULL, now(), 'tap', 'PASSED', NULL, NULL, now())$$,
    (SELECT last_hash FROM pggit_audit.compliance_chain_head)),
    '%log_id is past the last one its sequence gave%', 'a right hash on a log_id the sequence never gave is refused');
SAVEPOINT before_supplied;
SELECT lives_ok(format($$INSERT INTO pggit_audit.compliance_log (log_id, change_id, verified_by, verification_status, notes, verified_at, created_at, prev_hash, row_hash)
    OVERRIDING SYSTEM VALUE
    SELECT s.id, NULL, 'tap2', 'PASSED', 'brought', now(), now(), %1$L,
           pggit_audit.compliance_row_hash(%1$L, s.id, NULL, now(), 'tap2', 'PASSED', 'brought', NULL, now())
      FROM (SELECT nextval(pg_get_serial_sequence('pggit_audit.compliance_log', 'log_id')) AS id) s$$,
    (SELECT last_hash FROM pggit_audit.compliance_chain_head)),
    'a row brought with its right hashes is accepted');
SELECT is((SELECT last_hash FROM pggit_audit.compliance_chain_head),
          (SELECT row_hash FROM pggit_audit.compliance_log WHERE verified_by = 'tap2'), 'and the head moves to it');
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'the chain with a brought row verifies');
ROLLBACK TO SAVEPOINT before_supplied;

-- the string hashed is the one of migration 002 (unnest and string_agg), NULLs,
-- multibyte text and separators in values included
SELECT is((SELECT count(*)::int FROM (
    SELECT pggit_audit.compliance_row_hash(a, b, c, d, e, f, g, h, i) AS new_hash,
           (SELECT encode(sha256(convert_to('pggit_audit.compliance_log/1;' ||
                string_agg(CASE WHEN x IS NULL THEN 'N;' ELSE length(x) || ':' || x || ';' END, '' ORDER BY k), 'UTF8')), 'hex')
              FROM unnest(ARRAY[a, b::text, c::text,
                   to_char(d AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e, f, g, h,
                   to_char(i AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')]) WITH ORDINALITY AS u(x, k)) AS old_hash
      FROM (SELECT CASE WHEN n % 7 = 0 THEN NULL ELSE md5(n::text) END AS a,
                   CASE WHEN n % 11 = 0 THEN NULL ELSE n * 1000003 END AS b,
                   CASE WHEN n % 5 = 0 THEN NULL ELSE md5(n::text)::uuid END AS c,
                   CASE WHEN n % 13 = 0 THEN NULL ELSE timestamptz '2024-02-29 23:59:59.123456+05:30' - n * interval '1.5 s' END AS d,
                   CASE WHEN n % 3 = 0 THEN NULL ELSE 'rôle€' || n END AS e,
                   (ARRAY['PASSED', 'FAILED', 'ROLLED_BACK'])[1 + n % 3] AS f,
                   CASE n % 4 WHEN 0 THEN NULL WHEN 1 THEN '' ELSE repeat('ü;:N', n % 9) END AS g,
                   CASE WHEN n % 6 = 0 THEN NULL ELSE 'run' || n END AS h,
                   CASE WHEN n % 17 = 0 THEN NULL ELSE timestamptz '1999-12-31 23:59:59.999999+00' + n * interval '1 day' END AS i
              FROM generate_series(1, 500) n) v) t
    WHERE new_hash = old_hash), 500, 'compliance_row_hash() gives the hash of migration 002 for 500 varied rows');

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

-- the serialisation has no era and no infinity (the same text for a day AD and BC, NULL
-- for both infinities): such times are refused, and a row edited to hold one is reported,
-- since its hash cannot tell (migration 018)
SELECT throws_ok($$INSERT INTO pggit_audit.compliance_log (verified_by, verification_status, verified_at)
    VALUES ('tap', 'PASSED', 'infinity')$$, '23514', NULL, 'an infinite verified_at is refused');
SELECT throws_ok($$INSERT INTO pggit_audit.compliance_log (verified_by, verification_status, created_at)
    VALUES ('tap', 'PASSED', '2026-01-01 00:00:00+00 BC')$$, '23514', NULL, 'a created_at BC is refused');
SAVEPOINT before_era;
ALTER TABLE pggit_audit.compliance_log DROP CONSTRAINT IF EXISTS compliance_log_hashable_times;
SET LOCAL session_replication_role = replica;
UPDATE pggit_audit.compliance_log
   SET verified_at = (to_char(verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || ' BC')::timestamp AT TIME ZONE 'UTC'
 WHERE log_id = (SELECT log_id FROM tap_log WHERE n = 2);
SET LOCAL session_replication_role = origin;
SELECT results_eq('SELECT log_id, problem FROM pggit_audit.verify_log_chain()',
    format('VALUES (%s::bigint, %L::text)', (SELECT log_id FROM tap_log WHERE n = 2), 'timestamp not hashable'),
    'a row whose time was moved to the same day BC is reported (its hash is unchanged)');
ROLLBACK TO SAVEPOINT before_era;

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
-- a temporary table named like the catalog view the guard reads (pg_temp is searched
-- first for tables unless named) does not make the owner a superuser to it (migration 011)
CREATE TEMP TABLE pg_roles (rolname name, rolsuper boolean);
INSERT INTO pg_roles VALUES (current_user, true);
DISCARD PLANS;  -- the guard's query is planned again, as in a new session
SELECT throws_like($$ALTER TABLE pggit_audit.compliance_log DISABLE TRIGGER compliance_log_no_update_delete$$,
    '%only by its installer%', 'a temporary pg_roles does not let the owner disable the guard trigger');
SELECT throws_like($$DROP TRIGGER compliance_log_no_truncate ON pggit_audit.compliance_log$$,
    '%only by its installer%', 'a temporary pg_roles does not let the owner drop the guard trigger');
RESET ROLE;
ROLLBACK TO SAVEPOINT before_owner;

-- nor move the chain head from a trigger of its own on a table of its own: the head's
-- guard let any nested UPDATE through (migration 022: only to the last row of the log)
SAVEPOINT before_head_owner;
CREATE ROLE tap_head_owner NOLOGIN;
CREATE SCHEMA tap_head_own AUTHORIZATION tap_head_owner;
ALTER TABLE pggit_audit.compliance_chain_head OWNER TO tap_head_owner;
GRANT USAGE ON SCHEMA pggit_audit TO tap_head_owner;
GRANT SELECT ON pggit_audit.compliance_log TO tap_head_owner;
SET LOCAL ROLE tap_head_owner;
CREATE TABLE tap_head_own.t (hash text, id bigint);
CREATE FUNCTION tap_head_own.move_head() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN UPDATE pggit_audit.compliance_chain_head SET last_hash = NEW.hash, last_log_id = NEW.id; RETURN NEW; END $$;
CREATE TRIGGER move_head AFTER INSERT ON tap_head_own.t FOR EACH ROW EXECUTE FUNCTION tap_head_own.move_head();
SELECT throws_like($$INSERT INTO tap_head_own.t VALUES (repeat('f', 64), (SELECT last_log_id FROM pggit_audit.compliance_chain_head))$$,
    '%can only be moved to the last row of compliance_log%', 'the head owner cannot forge the head''s hash from a trigger');
SELECT throws_like($$INSERT INTO tap_head_own.t VALUES ((SELECT last_hash FROM pggit_audit.compliance_chain_head), 9223372036854775807)$$,
    '%can only be moved to the last row of compliance_log%', 'nor move its log_id past every append');
SELECT lives_ok($$INSERT INTO tap_head_own.t SELECT last_hash, last_log_id FROM pggit_audit.compliance_chain_head$$,
    'setting it to what it is changes nothing and is let through');
RESET ROLE;
ROLLBACK TO SAVEPOINT before_head_owner;

-- nor can a non-superuser who owns the schema, the log and a guard function take one of
-- them out of the schema (and then change it where it lands), rename or drop the schema,
-- or hang a table of its own under the log (migration 015)
SAVEPOINT before_schema_owner;
CREATE ROLE tap_schema_owner NOLOGIN;
CREATE SCHEMA tap_elsewhere AUTHORIZATION tap_schema_owner;
ALTER SCHEMA pggit_audit OWNER TO tap_schema_owner;
ALTER TABLE pggit_audit.compliance_log OWNER TO tap_schema_owner;
ALTER FUNCTION pggit_audit.compliance_log_reject_change() OWNER TO tap_schema_owner;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO tap_schema_owner', current_database()); END $$;
SET LOCAL ROLE tap_schema_owner;
SELECT throws_like($$ALTER FUNCTION pggit_audit.compliance_log_reject_change() SET SCHEMA tap_elsewhere$$,
    '%only by its installer%', 'the owner cannot move a guard function out of the schema');
SELECT throws_like($$ALTER TABLE pggit_audit.compliance_log SET SCHEMA tap_elsewhere$$,
    '%only by its installer%', 'the owner cannot move compliance_log out of the schema');
SELECT throws_like($$CREATE TABLE tap_elsewhere.log_child () INHERITS (pggit_audit.compliance_log)$$,
    '%only by its installer%', 'the owner cannot make a table of its own inherit from compliance_log');
SELECT throws_like($$ALTER SCHEMA pggit_audit RENAME TO tap_renamed$$,
    '%only by its installer%', 'the schema owner cannot rename the schema');
SELECT throws_like($$DROP SCHEMA pggit_audit CASCADE$$,
    '%only by its installer%', 'the schema owner cannot drop the schema');
SELECT lives_ok($$CREATE TABLE tap_elsewhere.own (a int); ALTER TABLE tap_elsewhere.own RENAME TO own2;
                  DROP TABLE tap_elsewhere.own2$$, 'DDL on its own objects still works');
SELECT throws_ok($$UPDATE pggit_audit.compliance_log SET notes = 'x'$$, '42501', NULL,
    'and compliance_log is still append-only');
RESET ROLE;
ROLLBACK TO SAVEPOINT before_schema_owner;

-- nor change who may do what: GRANT and REVOKE on the audit objects, adding one to an
-- extension of its own (pg_dump then leaves it out), and setval on the log's sequence
-- all went through before migration 024
SAVEPOINT before_grant_owner;
CREATE ROLE tap_grant_owner NOLOGIN;
CREATE SCHEMA tap_grant_own AUTHORIZATION tap_grant_owner;
ALTER TABLE pggit_audit.compliance_log OWNER TO tap_grant_owner;
ALTER TABLE pggit_audit.changes OWNER TO tap_grant_owner;
GRANT USAGE ON SCHEMA pggit_audit TO tap_grant_owner;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO tap_grant_owner', current_database()); END $$;
SET LOCAL ROLE tap_grant_owner;
SELECT throws_like($$GRANT UPDATE ON pggit_audit.changes TO pggit_audit_loader$$,
    '%GRANT on table pggit_audit.changes (it changed the privileges on it)%only by its installer%',
    'the owner cannot grant UPDATE on changes to the loader');
SELECT throws_like($$GRANT UPDATE (notes) ON pggit_audit.compliance_log TO pggit_audit_verifier$$,
    '%column notes of table pggit_audit.compliance_log%only by its installer%', 'nor on a column of compliance_log');
SELECT throws_like($$REVOKE SELECT ON pggit_audit.compliance_log FROM pggit_audit_reader$$,
    '%REVOKE on table pggit_audit.compliance_log%only by its installer%', 'nor revoke the reader''s SELECT');
SELECT throws_like($$GRANT UPDATE ON SEQUENCE pggit_audit.compliance_log_log_id_seq TO tap_grant_owner$$,
    '%sequence pggit_audit.compliance_log_log_id_seq%only by its installer%', 'nor give itself UPDATE on the sequence back');
RESET ROLE;
GRANT pggit_audit_loader TO tap_grant_owner;
SET LOCAL ROLE tap_grant_owner;
SELECT throws_like($$DROP OWNED BY pggit_audit_loader$$,
    '%DROP OWNED on %(it changed the privileges on it)%', 'nor revoke the loader''s rights by DROP OWNED');
SELECT throws_like($$CREATE SCHEMA tap_grant_elem GRANT UPDATE ON pggit_audit.changes TO pggit_audit_loader$$,
    '%CREATE SCHEMA on %(it changed the privileges on it)%', 'nor grant it as an element of CREATE SCHEMA');
SELECT lives_ok($$GRANT SELECT ON pggit_audit.compliance_log TO pggit_audit_reader$$,
    'a GRANT that changes nothing passes');
SELECT lives_ok($$CREATE TABLE tap_grant_own.t (a int); GRANT SELECT ON tap_grant_own.t TO pggit_audit_reader;
                  REVOKE SELECT ON tap_grant_own.t FROM pggit_audit_reader$$, 'GRANT and REVOKE on its own objects still work');
SELECT throws_ok($$SELECT setval(pg_get_serial_sequence('pggit_audit.compliance_log', 'log_id'), 1)$$, '42501', NULL,
    'the owner cannot setval the log''s sequence');
SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_available_extension_versions WHERE name = 'citext' AND trusted)
            THEN throws_like($$CREATE EXTENSION citext SCHEMA tap_grant_own;
                               ALTER EXTENSION citext ADD TABLE pggit_audit.compliance_log$$,
                     '%table pggit_audit.compliance_log (added to extension citext)%only by its installer%',
                     'the owner cannot add compliance_log to an extension of its own')
            ELSE skip('no trusted extension citext to add compliance_log to') END;
RESET ROLE;
SELECT is((SELECT count(*) FROM pg_depend WHERE deptype = 'e' AND classid = 'pg_class'::regclass
            AND objid = 'pggit_audit.compliance_log'::regclass), 0::bigint, 'compliance_log is in no extension');
ROLLBACK TO SAVEPOINT before_grant_owner;

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

-- record_verifications: one statement, its own chain, checked by the statement trigger
SELECT is(pggit_audit.record_verifications(
            ARRAY['00000000-0000-0000-0000-00000000000a', NULL, '00000000-0000-0000-0000-00000000000b']::uuid[],
            ARRAY['PASSED', 'FAILED', 'FAILED'], ARRAY['bulk 1', NULL, 'bulk ü'], 'run-2'), 3::bigint,
          'record_verifications appends one row per element');
SELECT is((SELECT array_agg(verification_status || ':' || coalesce(notes, '-') ORDER BY log_id)
             FROM pggit_audit.compliance_log WHERE run_id = 'run-2'),
          ARRAY['PASSED:bulk 1', 'FAILED:-', 'FAILED:bulk ü'], 'in array order');
SELECT is((SELECT array_agg(verified ORDER BY change_id) FROM pggit_audit.changes WHERE commit_sha = 'tapcommit'),
          ARRAY[true, false], 'and sets changes.verified from each status');
SELECT is((SELECT last_hash FROM pggit_audit.compliance_chain_head),
          (SELECT row_hash FROM pggit_audit.compliance_log ORDER BY log_id DESC LIMIT 1), 'the head is its last row');
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'the chain verifies after record_verifications');
SELECT is(pggit_audit.record_verifications('{}'::uuid[], '{}'::text[], '{}'::text[], 'run-3'), 0::bigint,
          'record_verifications of nothing appends nothing');
-- arrays whose subscripts do not start at 1 are lists too; arrays of two dimensions are
-- not, and say so (migration 019)
SELECT is(pggit_audit.record_verifications('[0:1]={00000000-0000-0000-0000-00000000000b,NULL}'::uuid[],
            '[5:6]={PASSED,FAILED}'::text[], ARRAY['from 0', 'from 1'], 'run-4'), 2::bigint,
          'record_verifications takes arrays whose subscripts start elsewhere');
SELECT is((SELECT array_agg(coalesce(change_id::text, '-') || ':' || verification_status || ':' || notes ORDER BY log_id)
             FROM pggit_audit.compliance_log WHERE run_id = 'run-4'),
          ARRAY['00000000-0000-0000-0000-00000000000b:PASSED:from 0', '-:FAILED:from 1'], 'in their order');
SELECT throws_like($$SELECT pggit_audit.record_verifications(ARRAY[NULL, NULL]::uuid[], '{{PASSED},{FAILED}}'::text[],
                        ARRAY['a', 'b'])$$, '%must be one-dimensional%', 'record_verifications refuses a two-dimensional array');
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'the chain verifies after them');

SELECT * FROM finish();
ROLLBACK;
