-- 002_compliance_chain.sql - schema version 2: makes pggit_audit.compliance_log
-- tamper-evident and closes the ways around its append-only triggers.
--
--  * prev_hash/row_hash on every row: a hash chain computed by a BEFORE INSERT trigger,
--    serialised through the one-row table compliance_chain_head (row lock held to the
--    end of the inserting transaction), so concurrent inserts still give one linear
--    chain in log_id order. Rows that a version-1 install already holds are chained
--    here, once, in log_id order.
--  * pggit_audit.verify_log_chain(): the first broken link, or no row.
--  * pggit_audit.record_verification(): the only way the verifier role writes
--    (SECURITY DEFINER, fixed search_path).
--  * an event trigger that rejects DDL on objects of schema pggit_audit by any role
--    that is not a superuser, so that the table owner cannot disable, drop or replace
--    the guard triggers (created only when the installer runs as a superuser, since
--    only a superuser can create event triggers).
-- No BEGIN/COMMIT here: the installer owns the transaction.

ALTER TABLE pggit_audit.compliance_log ADD COLUMN IF NOT EXISTS prev_hash text;
ALTER TABLE pggit_audit.compliance_log ADD COLUMN IF NOT EXISTS row_hash text;

-- The hash of one compliance_log row. Every field is written as LENGTH:VALUE; (or N;
-- for NULL) so that no two different rows serialise alike, and timestamps are written
-- in UTC with microseconds, so that the hash does not depend on the session TimeZone.
CREATE OR REPLACE FUNCTION pggit_audit.compliance_row_hash(
    p_prev_hash text, p_log_id bigint, p_change_id uuid, p_verified_at timestamptz,
    p_verified_by text, p_verification_status text, p_notes text, p_run_id text,
    p_created_at timestamptz)
RETURNS text
LANGUAGE sql
STABLE  -- to_char; no locale-dependent pattern is used
SET search_path = pg_catalog
AS $fn$
    SELECT encode(sha256(convert_to(
        'pggit_audit.compliance_log/1;' ||
        string_agg(CASE WHEN f IS NULL THEN 'N;' ELSE length(f) || ':' || f || ';' END, '' ORDER BY i),
        'UTF8')), 'hex')
    FROM unnest(ARRAY[
        p_prev_hash,
        p_log_id::text,
        p_change_id::text,
        to_char(p_verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        p_verified_by,
        p_verification_status,
        p_notes,
        p_run_id,
        to_char(p_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    ]) WITH ORDINALITY AS t(f, i)
$fn$;

-- prev_hash of the first row of the chain.
CREATE OR REPLACE FUNCTION pggit_audit.compliance_chain_genesis()
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $fn$ SELECT repeat('0', 64) $fn$;

-- The end of the chain: the log_id and row_hash of the last row appended. Its row lock
-- is what serialises inserts into compliance_log.
CREATE TABLE IF NOT EXISTS pggit_audit.compliance_chain_head (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_log_id bigint,
    last_hash   text NOT NULL
);

-- The chain head changes only from inside the compliance_log insert trigger
-- (trigger depth 2); a direct UPDATE, DELETE or TRUNCATE fails, even for the owner.
CREATE OR REPLACE FUNCTION pggit_audit.compliance_chain_head_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'pggit_audit.compliance_chain_head is maintained by the compliance_log trigger: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

-- Chain existing rows (an upgrade from version 1) before the guards below exist.
DO $backfill$
DECLARE
    r    record;
    prev text := pggit_audit.compliance_chain_genesis();
    last bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pggit_audit.compliance_chain_head) THEN
        RETURN;
    END IF;
    ALTER TABLE pggit_audit.compliance_log DISABLE TRIGGER compliance_log_no_update_delete;
    FOR r IN SELECT * FROM pggit_audit.compliance_log ORDER BY log_id LOOP
        UPDATE pggit_audit.compliance_log
           SET prev_hash = prev,
               row_hash = pggit_audit.compliance_row_hash(prev, r.log_id, r.change_id,
                   r.verified_at, r.verified_by, r.verification_status, r.notes,
                   r.run_id, r.created_at)
         WHERE log_id = r.log_id
        RETURNING row_hash INTO prev;
        last := r.log_id;
    END LOOP;
    ALTER TABLE pggit_audit.compliance_log ENABLE TRIGGER compliance_log_no_update_delete;
    INSERT INTO pggit_audit.compliance_chain_head (singleton, last_log_id, last_hash)
    VALUES (true, last, prev);
END
$backfill$;

ALTER TABLE pggit_audit.compliance_log ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE pggit_audit.compliance_log ALTER COLUMN row_hash SET NOT NULL;

CREATE OR REPLACE TRIGGER compliance_chain_head_no_change
    BEFORE UPDATE OR DELETE ON pggit_audit.compliance_chain_head
    FOR EACH ROW EXECUTE FUNCTION pggit_audit.compliance_chain_head_guard();
CREATE OR REPLACE TRIGGER compliance_chain_head_no_truncate
    BEFORE TRUNCATE ON pggit_audit.compliance_chain_head
    FOR EACH STATEMENT EXECUTE FUNCTION pggit_audit.compliance_chain_head_guard();

-- BEFORE INSERT: lock the chain head (waits for any other inserting transaction to
-- end), then take the next log_id under that lock, so that log_id order is chain
-- order, and fill prev_hash/row_hash (values given by the caller are overwritten).
-- Under REPEATABLE READ or SERIALIZABLE a concurrent append makes the second
-- transaction fail with a serialization error instead of forking the chain.
-- SECURITY DEFINER so that inserting roles need no rights on the head table.
CREATE OR REPLACE FUNCTION pggit_audit.compliance_log_chain()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    head_hash text;
BEGIN
    SELECT last_hash INTO head_hash
      FROM pggit_audit.compliance_chain_head
     WHERE singleton
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pggit_audit.compliance_chain_head is empty: the hash chain cannot be extended'
            USING HINT = 'Reinstall with sql/pggit_audit_schema.sql; the head row is created by migration 002.';
    END IF;
    NEW.log_id := nextval(pg_get_serial_sequence('pggit_audit.compliance_log', 'log_id'));
    NEW.prev_hash := head_hash;
    NEW.row_hash := pggit_audit.compliance_row_hash(NEW.prev_hash, NEW.log_id, NEW.change_id,
        NEW.verified_at, NEW.verified_by, NEW.verification_status, NEW.notes, NEW.run_id,
        NEW.created_at);
    UPDATE pggit_audit.compliance_chain_head
       SET last_log_id = NEW.log_id, last_hash = NEW.row_hash
     WHERE singleton;
    RETURN NEW;
END
$fn$;

CREATE OR REPLACE TRIGGER compliance_log_chain
    BEFORE INSERT ON pggit_audit.compliance_log
    FOR EACH ROW EXECUTE FUNCTION pggit_audit.compliance_log_chain();

-- The first broken link of the chain, or no row when the whole log checks out.
-- problem is one of:
--   'prev_hash mismatch'  the row does not point at the row before it (a row was
--                         deleted or inserted around it, or prev_hash was edited)
--   'row_hash mismatch'   the row's content does not hash to its row_hash (edited)
--   'head mismatch'       the last row is not the recorded end of the chain (rows
--                         removed from the end, or the head edited); log_id is the
--                         head's last_log_id
-- expected_hash is what the row (or head) should hold, found_hash what it holds.
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
               pggit_audit.compliance_row_hash(l.prev_hash, l.log_id, l.change_id, l.verified_at,
                   l.verified_by, l.verification_status, l.notes, l.run_id, l.created_at) AS expected_row,
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

-- Record one verification and keep changes.verified in step with it: PASSED marks the
-- change verified, FAILED and ROLLED_BACK mark it unverified. verified_by is always the
-- session user (the database identity, which the caller cannot choose); a tool name
-- or run belongs in p_run_id / p_notes. p_change_id may be NULL for an entry about a
-- whole run. Returns the new log_id.
CREATE OR REPLACE FUNCTION pggit_audit.record_verification(
    p_change_id uuid, p_status text, p_notes text DEFAULT NULL, p_run_id text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    new_log_id bigint;
BEGIN
    IF p_status IS NULL OR p_status NOT IN ('PASSED', 'FAILED', 'ROLLED_BACK') THEN
        RAISE EXCEPTION 'pggit_audit.record_verification: status must be PASSED, FAILED or ROLLED_BACK, not %',
            coalesce(p_status, 'NULL') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_change_id IS NOT NULL THEN
        UPDATE pggit_audit.changes SET verified = (p_status = 'PASSED')
         WHERE change_id = p_change_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'pggit_audit.record_verification: no change %', p_change_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes, run_id)
    VALUES (p_change_id, session_user, p_status, p_notes, p_run_id)
    RETURNING log_id INTO new_log_id;
    RETURN new_log_id;
END
$fn$;

-- Non-superusers, the owner of the schema included, may not run DDL on anything in
-- schema pggit_audit (ALTER TABLE ... DISABLE TRIGGER, DROP TRIGGER, CREATE OR REPLACE
-- of a guard function, CREATE RULE, DROP ...): the schema changes only through the
-- installer, run by a superuser. Superusers are let through: they can get around any
-- in-database guard anyway, which the hash chain is there to reveal.
CREATE OR REPLACE FUNCTION pggit_audit.forbid_ddl()
RETURNS event_trigger
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
DECLARE
    hit text;
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN;
    END IF;
    IF TG_EVENT = 'sql_drop' THEN
        SELECT d.object_identity INTO hit
          FROM pg_event_trigger_dropped_objects() d
         WHERE d.schema_name = 'pggit_audit'
            OR (d.object_type = 'schema' AND d.object_identity = 'pggit_audit')
            OR d.object_identity LIKE '% on pggit_audit.%'   -- trigger, rule, policy
         LIMIT 1;
    ELSE
        SELECT d.object_identity INTO hit
          FROM pg_event_trigger_ddl_commands() d
         WHERE d.schema_name = 'pggit_audit'
            OR (d.object_type = 'schema' AND d.object_identity = 'pggit_audit')
            OR d.object_identity LIKE '% on pggit_audit.%'   -- trigger, rule, policy
         LIMIT 1;
    END IF;
    IF hit IS NOT NULL THEN
        RAISE EXCEPTION 'pggit_audit: % on % is not allowed: the audit schema is changed only by its installer run as a superuser',
            TG_TAG, hit USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$fn$;

DO $event_triggers$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE WARNING 'pggit_audit: installed by a non-superuser, so no event trigger guards the schema: its owner can still disable the compliance_log triggers (the hash chain will show any edit)';
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'pggit_audit_forbid_ddl') THEN
        CREATE EVENT TRIGGER pggit_audit_forbid_ddl ON ddl_command_end
            EXECUTE FUNCTION pggit_audit.forbid_ddl();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'pggit_audit_forbid_drop') THEN
        CREATE EVENT TRIGGER pggit_audit_forbid_drop ON sql_drop
            EXECUTE FUNCTION pggit_audit.forbid_ddl();
    END IF;
END
$event_triggers$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (2, 'compliance_log hash chain, verify_log_chain, record_verification, DDL guard')
ON CONFLICT (version) DO NOTHING;
