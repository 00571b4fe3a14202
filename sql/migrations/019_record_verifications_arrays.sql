-- 019_record_verifications_arrays.sql - schema version 19: record_verifications() takes
-- only lists: arrays of one dimension, renumbered from 1 when their subscripts start
-- elsewhere.
--
-- The function reads its arrays twice: by subscript, p[1] .. p[n], to compute the chain,
-- and with unnest() to insert the rows. For an array whose subscripts do not start at 1
-- ('[0:1]={...}') or of two dimensions ('{{a},{b}}') the two readings differ (p[i] is NULL
-- or another element), so the rows it inserted did not hash to the hashes it computed
-- and every such call failed with "would break the hash chain: its row_hash is not the
-- hash of the row" and the hint to leave out hashes the caller never gave. Now a
-- one-dimensional array is renumbered from 1 and any other is refused (22023) by name.
-- Otherwise as in migration 009; same signature, so the grants stay.
-- No BEGIN/COMMIT here: the installer owns the transaction.

-- As in 009, with the arrays checked and renumbered first.
CREATE OR REPLACE FUNCTION pggit_audit.record_verifications(
    p_change_ids uuid[], p_statuses text[], p_notes text[], p_run_id text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    n        bigint;
    missing  uuid;
    seq      regclass := pg_get_serial_sequence('pggit_audit.compliance_log', 'log_id')::regclass;
    at       timestamptz := now();   -- verified_at and created_at (their default)
    at_utc   text := pggit_audit.compliance_utc(at);
    who      text := session_user;
    prev     text;
    ids      bigint[] := '{}';
    prevs    text[] := '{}';
    hashes   text[] := '{}';
    id       bigint;
BEGIN
    -- element i of each array is row i: an array of more dimensions, or one whose
    -- subscripts do not start at 1, is not a list (the loop below reads p[i], unnest reads
    -- the elements in order); the second kind is renumbered, the first refused
    IF array_ndims(p_change_ids) > 1 OR array_ndims(p_statuses) > 1 OR array_ndims(p_notes) > 1 THEN
        RAISE EXCEPTION 'pggit_audit.record_verifications: the three arrays must be one-dimensional'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF array_lower(p_change_ids, 1) <> 1 THEN
        p_change_ids := ARRAY(SELECT u.x FROM unnest(p_change_ids) WITH ORDINALITY AS u(x, i) ORDER BY u.i);
    END IF;
    IF array_lower(p_statuses, 1) <> 1 THEN
        p_statuses := ARRAY(SELECT u.x FROM unnest(p_statuses) WITH ORDINALITY AS u(x, i) ORDER BY u.i);
    END IF;
    IF array_lower(p_notes, 1) <> 1 THEN
        p_notes := ARRAY(SELECT u.x FROM unnest(p_notes) WITH ORDINALITY AS u(x, i) ORDER BY u.i);
    END IF;
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
    IF coalesce(cardinality(p_change_ids), 0) = 0 THEN
        RETURN 0;
    END IF;
    -- every statement moves the head to its last row, so the head is the end of the chain
    SELECT h.last_hash INTO prev FROM pggit_audit.compliance_chain_head h WHERE h.singleton FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pggit_audit.compliance_chain_head is empty: the hash chain cannot be extended';
    END IF;
    FOR i IN 1 .. cardinality(p_change_ids) LOOP
        id := nextval(seq);
        prevs[i] := prev;
        prev := pggit_audit.compliance_row_digest(prev, id, p_change_ids[i], at_utc, who, p_statuses[i],
            p_notes[i], p_run_id, at_utc);
        ids[i] := id;
        hashes[i] := prev;
    END LOOP;
    INSERT INTO pggit_audit.compliance_log (log_id, change_id, verified_at, verified_by, verification_status,
                                            notes, run_id, created_at, prev_hash, row_hash)
    OVERRIDING SYSTEM VALUE
    SELECT t.id, t.c, at, who, t.s, t.nt, p_run_id, at, t.p, t.h
      FROM unnest(ids, p_change_ids, p_statuses, p_notes, prevs, hashes) AS t(id, c, s, nt, p, h)
     ORDER BY t.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (19, 'record_verifications(): arrays of one dimension, renumbered from 1; others refused by name')
ON CONFLICT (version) DO NOTHING;
