-- 009_fast_verification.sql - recording a verification in less server time. Same
-- tables, same chain, same hash of every row; what changes is where the server computes
-- it. Measured on a verification of 31,568 changes (record_verifications()): 2.3 s before.
--
--  * pggit_audit.changes gets fillfactor 50. The verifier sets changes.verified on every
--    change it checks; verified is in no index, so when the page has room for the new
--    row version the UPDATE is a HOT update (no new entry in any of the table's six
--    indexes). With full pages every one was a cold update: 1.0 s and 63 MB of WAL,
--    against 0.16 s with room on the page. It applies to rows written from now on.
--  * compliance_row_digest() and compliance_utc(): the row hash as one expression, in
--    plain SQL functions the planner inlines into the statement that calls them (the
--    timestamps formatted apart, so that a caller with one timestamp for many rows
--    formats it once). compliance_row_hash() (public, with its fixed search_path, so
--    never inlined: 13 us a call) now returns the digest; the
--    string hashed is byte for byte the one of migration 002, so every chain already
--    written still verifies (tests/sql/02_compliance_log.sql compares the two).
--  * verify_log_chain() (unchanged otherwise) uses the digest too.
--  * the BEFORE INSERT row trigger runs only for rows that do not bring both prev_hash
--    and row_hash (WHEN clause: no function call at all otherwise). It computes them as
--    before (with the digest, head and last row read in one query).
--  * the AFTER INSERT statement trigger now checks every row the statement inserted,
--    whoever computed its hashes (transition table, one set-based query): the first row
--    links to the chain head, each next one (log_id order) to the row before, every
--    row_hash is the digest of its row, every log_id is past the head. Any failure
--    aborts the statement; otherwise the head moves to the last row, as in 008. So a
--    caller that brings its own prev_hash and row_hash gets them checked instead of
--    overwritten: a forged pair is refused, not silently replaced.
--  * record_verifications() locks the head, computes the whole chain of its rows in one
--    PL/pgSQL loop (no per-row trigger, no per-row query) and inserts them in one
--    statement, which the statement trigger checks. 31,568 rows: about 0.6 s in all.
-- No BEGIN/COMMIT here: the installer owns the transaction.

ALTER TABLE pggit_audit.changes SET (fillfactor = 50);

-- A timestamp as the chain writes it: UTC, microseconds, so that the hash does not
-- depend on the session TimeZone.
CREATE OR REPLACE FUNCTION pggit_audit.compliance_utc(p_ts timestamptz)
RETURNS text
LANGUAGE sql
STABLE  -- to_char; no locale-dependent pattern is used
AS $fn$
    SELECT to_char(p_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$fn$;

-- The hash of one compliance_log row, as in compliance_row_hash() (002), with the two
-- timestamps already written by compliance_utc(): every field written as LENGTH:VALUE;
-- or N; for NULL (coalesce: || yields NULL when the field is NULL). No SET clause, so
-- that the planner can inline it (and compliance_utc()) into the statement that calls
-- it: the callers are the functions below, which fix their own search_path.
CREATE OR REPLACE FUNCTION pggit_audit.compliance_row_digest(
    p_prev_hash text, p_log_id bigint, p_change_id uuid, p_verified_at_utc text,
    p_verified_by text, p_verification_status text, p_notes text, p_run_id text,
    p_created_at_utc text)
RETURNS text
LANGUAGE sql
STABLE  -- as convert_to()
AS $fn$
    SELECT encode(sha256(convert_to('pggit_audit.compliance_log/1;'
        || coalesce(length(p_prev_hash) || ':' || p_prev_hash || ';', 'N;')
        || coalesce(length(p_log_id::text) || ':' || p_log_id::text || ';', 'N;')
        || coalesce(length(p_change_id::text) || ':' || p_change_id::text || ';', 'N;')
        || coalesce(length(p_verified_at_utc) || ':' || p_verified_at_utc || ';', 'N;')
        || coalesce(length(p_verified_by) || ':' || p_verified_by || ';', 'N;')
        || coalesce(length(p_verification_status) || ':' || p_verification_status || ';', 'N;')
        || coalesce(length(p_notes) || ':' || p_notes || ';', 'N;')
        || coalesce(length(p_run_id) || ':' || p_run_id || ';', 'N;')
        || coalesce(length(p_created_at_utc) || ':' || p_created_at_utc || ';', 'N;'),
        'UTF8')), 'hex')
$fn$;
REVOKE ALL ON FUNCTION pggit_audit.compliance_utc(timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION pggit_audit.compliance_row_digest(text, bigint, uuid, text, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pggit_audit.compliance_utc(timestamptz),
    pggit_audit.compliance_row_digest(text, bigint, uuid, text, text, text, text, text, text)
    TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;

CREATE OR REPLACE FUNCTION pggit_audit.compliance_row_hash(
    p_prev_hash text, p_log_id bigint, p_change_id uuid, p_verified_at timestamptz,
    p_verified_by text, p_verification_status text, p_notes text, p_run_id text,
    p_created_at timestamptz)
RETURNS text
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    SELECT pggit_audit.compliance_row_digest(p_prev_hash, p_log_id, p_change_id,
        pggit_audit.compliance_utc(p_verified_at), p_verified_by, p_verification_status, p_notes, p_run_id,
        pggit_audit.compliance_utc(p_created_at))
$fn$;

-- As in 002, with the digest inlined instead of a compliance_row_hash() call per row
-- (3.5 times faster over a whole log).
CREATE OR REPLACE FUNCTION pggit_audit.verify_log_chain()
RETURNS TABLE (log_id bigint, problem text, expected_hash text, found_hash text)
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    WITH chain AS (
        SELECT l.log_id,
               l.prev_hash,
               l.row_hash,
               coalesce(lag(l.row_hash) OVER w, pggit_audit.compliance_chain_genesis()) AS expected_prev,
               pggit_audit.compliance_row_digest(l.prev_hash, l.log_id, l.change_id,
                   pggit_audit.compliance_utc(l.verified_at), l.verified_by, l.verification_status, l.notes,
                   l.run_id, pggit_audit.compliance_utc(l.created_at)) AS expected_row,
               last_value(l.row_hash) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS tail_hash,
               max(l.log_id) OVER () AS tail_id
          FROM pggit_audit.compliance_log l
        WINDOW w AS (ORDER BY l.log_id)
    ), problems AS (
        SELECT c.log_id, 1 AS rank, 'prev_hash mismatch' AS problem, c.expected_prev AS expected_hash, c.prev_hash AS found_hash
          FROM chain c WHERE c.prev_hash IS DISTINCT FROM c.expected_prev
        UNION ALL
        SELECT c.log_id, 2, 'row_hash mismatch', c.expected_row, c.row_hash
          FROM chain c WHERE c.row_hash IS DISTINCT FROM c.expected_row
        UNION ALL
        SELECT h.last_log_id, 3, 'head mismatch',
               coalesce((SELECT c.tail_hash FROM chain c LIMIT 1), pggit_audit.compliance_chain_genesis()),
               h.last_hash
          FROM pggit_audit.compliance_chain_head h
         WHERE h.last_hash IS DISTINCT FROM
               coalesce((SELECT c.tail_hash FROM chain c LIMIT 1), pggit_audit.compliance_chain_genesis())
            OR h.last_log_id IS DISTINCT FROM (SELECT c.tail_id FROM chain c LIMIT 1)
        UNION ALL
        SELECT NULL, 4, 'head missing', NULL, NULL
         WHERE NOT EXISTS (SELECT 1 FROM pggit_audit.compliance_chain_head)
    )
    SELECT p.log_id, p.problem, p.expected_hash, p.found_hash
      FROM problems p
     ORDER BY p.rank = 3 OR p.rank = 4, p.log_id, p.rank
     LIMIT 1
$fn$;

-- As in 008: lock the head, link to the head's hash or to the last row this
-- transaction appended since the head last moved.
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
    -- the last row is read with the head; a wait for the head's lock re-reads only the
    -- head, so last_id can be stale then, but only by rows of the transaction that held
    -- the lock, which the fresh head covers (last_id <= head_id: the head's hash is used)
    SELECT h.last_log_id, h.last_hash, l.log_id, l.row_hash INTO head_id, head_hash, last_id, last_hash
      FROM pggit_audit.compliance_chain_head h
      LEFT JOIN LATERAL (SELECT x.log_id, x.row_hash FROM pggit_audit.compliance_log x
                          ORDER BY x.log_id DESC LIMIT 1) l ON true
     WHERE h.singleton
       FOR UPDATE OF h;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pggit_audit.compliance_chain_head is empty: the hash chain cannot be extended'
            USING HINT = 'Reinstall with sql/pggit_audit_schema.sql; the head row is created by migration 002.';
    END IF;
    NEW.log_id := nextval(pg_get_serial_sequence('pggit_audit.compliance_log', 'log_id'));
    IF last_id IS NOT NULL AND last_id > coalesce(head_id, 0) THEN
        NEW.prev_hash := last_hash;   -- appended earlier in this statement
    ELSE
        NEW.prev_hash := head_hash;
    END IF;
    NEW.row_hash := pggit_audit.compliance_row_digest(NEW.prev_hash, NEW.log_id, NEW.change_id,
        pggit_audit.compliance_utc(NEW.verified_at), NEW.verified_by, NEW.verification_status, NEW.notes,
        NEW.run_id, pggit_audit.compliance_utc(NEW.created_at));
    RETURN NEW;
END
$fn$;

CREATE OR REPLACE TRIGGER compliance_log_chain
    BEFORE INSERT ON pggit_audit.compliance_log
    FOR EACH ROW WHEN (NEW.prev_hash IS NULL OR NEW.row_hash IS NULL)
    EXECUTE FUNCTION pggit_audit.compliance_log_chain();

-- After each INSERT statement: check the rows it inserted against the head, then move
-- the head to the last of them.
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
    SELECT x.log_id, x.problem INTO bad
      FROM (SELECT r.log_id,
                   CASE WHEN r.log_id <= coalesce(head_id, 0)
                            THEN 'its log_id is not past the chain head (log_id ' || coalesce(head_id::text, 'none') || ')'
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

CREATE OR REPLACE TRIGGER compliance_chain_head_sync
    AFTER INSERT ON pggit_audit.compliance_log
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pggit_audit.compliance_chain_head_sync();

-- As in 008 (same checks, same effect on changes.verified, same rows appended), but the
-- chain of the appended rows is computed here, in one loop, under the head's lock, and
-- the rows go in with their hashes (checked by the statement trigger above).
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
REVOKE ALL ON FUNCTION pggit_audit.record_verifications(uuid[], text[], text[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pggit_audit.record_verifications(uuid[], text[], text[], text) TO pggit_audit_verifier;
INSERT INTO pggit_audit.schema_version (version, description)
VALUES (9, 'faster verification: changes fillfactor 50; compliance_row_digest(); supplied chain hashes checked per statement; record_verifications() computes its chain')
ON CONFLICT (version) DO NOTHING;
