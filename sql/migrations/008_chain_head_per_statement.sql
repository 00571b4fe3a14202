-- 008_chain_head_per_statement.sql - appending to compliance_log in linear time.
--
-- Up to version 7 the BEFORE INSERT trigger updated the one-row chain head for every
-- appended row. Within one transaction each UPDATE of that row adds a row version
-- that the next lookup must walk past, so a verification appending n rows cost
-- O(n^2) (12,000 rows: 6.9 s). Now:
--   * the row trigger still locks the head (which serialises appenders exactly as
--     before) but does not update it; the previous hash is the head's or, when this
--     transaction has appended rows since the head last moved, that of the last of
--     them (log_id above the head's: nobody else can append while we hold the lock;
--     a row-level BEFORE trigger sees the rows its own statement inserted before);
--   * a statement-level AFTER INSERT trigger moves the head to the last row once per
--     statement;
--   * pggit_audit.record_verifications() records a whole verification in one
--     statement (the verifier stage uses it), so the head moves once per run.
-- The chain, its hashes and verify_log_chain() are unchanged: rows cut from the end by a
-- superuser are still caught, because the next append links to the head's hash, not
-- to whatever row is last.
-- No BEGIN/COMMIT here: the installer owns the transaction.

CREATE OR REPLACE FUNCTION pggit_audit.compliance_log_chain()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    head_id   bigint;
    head_hash text;
    last_id   bigint;
    last_hash text;
BEGIN
    SELECT last_log_id, h.last_hash INTO head_id, head_hash
      FROM pggit_audit.compliance_chain_head h
     WHERE singleton
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pggit_audit.compliance_chain_head is empty: the hash chain cannot be extended'
            USING HINT = 'Reinstall with sql/pggit_audit_schema.sql; the head row is created by migration 002.';
    END IF;
    SELECT l.log_id, l.row_hash INTO last_id, last_hash
      FROM pggit_audit.compliance_log l
     ORDER BY l.log_id DESC
     LIMIT 1;
    NEW.log_id := nextval(pg_get_serial_sequence('pggit_audit.compliance_log', 'log_id'));
    IF last_id IS NOT NULL AND last_id > coalesce(head_id, 0) THEN
        NEW.prev_hash := last_hash;   -- appended earlier in this transaction
    ELSE
        NEW.prev_hash := head_hash;
    END IF;
    NEW.row_hash := pggit_audit.compliance_row_hash(NEW.prev_hash, NEW.log_id, NEW.change_id,
        NEW.verified_at, NEW.verified_by, NEW.verification_status, NEW.notes, NEW.run_id,
        NEW.created_at);
    RETURN NEW;
END
$fn$;

-- After each INSERT statement: move the head to the last row appended.
CREATE OR REPLACE FUNCTION pggit_audit.compliance_chain_head_sync()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    UPDATE pggit_audit.compliance_chain_head h
       SET last_log_id = l.log_id, last_hash = l.row_hash
      FROM (SELECT log_id, row_hash FROM pggit_audit.compliance_log ORDER BY log_id DESC LIMIT 1) l
     WHERE h.singleton AND l.log_id > coalesce(h.last_log_id, 0);
    RETURN NULL;
END
$fn$;
REVOKE ALL ON FUNCTION pggit_audit.compliance_chain_head_sync() FROM PUBLIC;

CREATE OR REPLACE TRIGGER compliance_chain_head_sync
    AFTER INSERT ON pggit_audit.compliance_log
    FOR EACH STATEMENT EXECUTE FUNCTION pggit_audit.compliance_chain_head_sync();

-- A whole verification in one statement: element i of the arrays is one
-- compliance_log row (change_id may be NULL for an entry about the run), appended
-- in array order, and changes.verified follows each status as in
-- record_verification(). Returns the number of rows appended.
CREATE OR REPLACE FUNCTION pggit_audit.record_verifications(
    p_change_ids uuid[], p_statuses text[], p_notes text[], p_run_id text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    n bigint;
    missing uuid;
BEGIN
    IF cardinality(p_change_ids) IS DISTINCT FROM cardinality(p_statuses)
       OR cardinality(p_change_ids) IS DISTINCT FROM cardinality(p_notes) THEN
        RAISE EXCEPTION 'pggit_audit.record_verifications: the three arrays must have the same length'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_statuses) s WHERE s IS NULL OR s NOT IN ('PASSED', 'FAILED', 'ROLLED_BACK')) THEN
        RAISE EXCEPTION 'pggit_audit.record_verifications: every status must be PASSED, FAILED or ROLLED_BACK'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT c INTO missing FROM unnest(p_change_ids) c
     WHERE c IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pggit_audit.changes x WHERE x.change_id = c) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'pggit_audit.record_verifications: no change %', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    -- the last status given for a change decides its verified flag
    UPDATE pggit_audit.changes x SET verified = (v.status = 'PASSED')
      FROM (SELECT DISTINCT ON (c) c, s AS status
              FROM unnest(p_change_ids, p_statuses) WITH ORDINALITY AS t(c, s, i)
             WHERE c IS NOT NULL ORDER BY c, i DESC) v
     WHERE x.change_id = v.c AND x.verified IS DISTINCT FROM (v.status = 'PASSED');
    INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes, run_id)
    SELECT c, session_user, s, nt, p_run_id
      FROM unnest(p_change_ids, p_statuses, p_notes) WITH ORDINALITY AS t(c, s, nt, i)
     ORDER BY i;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$fn$;
REVOKE ALL ON FUNCTION pggit_audit.record_verifications(uuid[], text[], text[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pggit_audit.record_verifications(uuid[], text[], text[], text) TO pggit_audit_verifier;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (8, 'compliance_log appends in linear time: the chain head moves once per statement; record_verifications()')
ON CONFLICT (version) DO NOTHING;
