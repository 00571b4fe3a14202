-- 025_log_id_from_sequence.sql - schema version 25: a row appended to compliance_log
-- with a log_id of its own must have one that the log's sequence already gave.
--
-- The owner of compliance_log (or anyone with INSERT on it) could insert, with OVERRIDING
-- SYSTEM VALUE, one row whose log_id is near the largest bigint, its prev_hash the head's
-- hash and its row_hash right: the statement trigger took it, the chain verified, and the
-- head moved to that log_id, so that every later append (its log_id from the sequence) was
-- refused as "not past the chain head". Nothing was rewritten, but the log was closed.
-- Now the statement trigger also refuses a row whose log_id is past the sequence's last
-- value: a caller that brings its own log_id (record_verifications() does) takes it from
-- nextval. With setval refused to the owner (migration 024), a log_id can no longer jump.
-- Same rows accepted otherwise, same hashes.
-- No BEGIN/COMMIT here: the installer owns the transaction.

CREATE OR REPLACE FUNCTION pggit_audit.compliance_chain_head_sync()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    head_id   bigint;
    head_hash text;
    bad       record;
    tail      record;
    issued    bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    END IF;
    SELECT h.last_log_id, h.last_hash INTO head_id, head_hash
      FROM pggit_audit.compliance_chain_head h
     WHERE h.singleton
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pggit_audit.compliance_chain_head is empty: the hash chain cannot be extended';
    END IF;
    -- read after the head's lock: every nextval of an append that got the lock before
    -- this one is counted; NULL before the first nextval ever
    issued := coalesce(pg_catalog.pg_sequence_last_value(
                  pg_catalog.pg_get_serial_sequence('pggit_audit.compliance_log', 'log_id')::pg_catalog.regclass), 0);
    SELECT x.log_id, x.problem INTO bad
      FROM (SELECT r.log_id,
                   CASE WHEN r.log_id <= coalesce(head_id, 0)
                            THEN 'its log_id is not past the chain head (log_id ' || coalesce(head_id::text, 'none') || ')'
                        WHEN r.log_id > issued
                            THEN 'its log_id is past the last one its sequence gave (' || issued || ')'
                        WHEN r.prev_hash IS DISTINCT FROM coalesce(lag(r.row_hash) OVER w, head_hash)
                            THEN 'its prev_hash is not the row_hash of the row before it'
                        WHEN r.row_hash IS DISTINCT FROM pggit_audit.compliance_row_digest(r.prev_hash, r.log_id,
                                 r.change_id, pggit_audit.compliance_utc(r.verified_at), r.verified_by,
                                 r.verification_status, r.notes, r.run_id, pggit_audit.compliance_utc(r.created_at))
                            THEN 'its row_hash is not the hash of the row'
                   END AS problem
              FROM new_rows r
            WINDOW w AS (ORDER BY r.log_id)) x
     WHERE x.problem IS NOT NULL
     ORDER BY x.log_id
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'pggit_audit.compliance_log: the row with log_id % would break the hash chain: %', bad.log_id, bad.problem
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'Leave prev_hash and row_hash out: the insert trigger computes them.';
    END IF;
    SELECT r.log_id, r.row_hash INTO tail FROM new_rows r ORDER BY r.log_id DESC LIMIT 1;
    UPDATE pggit_audit.compliance_chain_head h
       SET last_log_id = tail.log_id, last_hash = tail.row_hash
     WHERE h.singleton;
    RETURN NULL;
END
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (25, 'compliance_log refuses a row whose log_id is past the last value of its sequence')
ON CONFLICT (version) DO NOTHING;
