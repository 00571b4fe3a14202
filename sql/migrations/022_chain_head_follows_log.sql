-- 022_chain_head_follows_log.sql - schema version 22: the chain head can only name the
-- last row of compliance_log.
--
-- The guard on compliance_chain_head let any UPDATE through from a nested trigger
-- (pg_trigger_depth() > 1), meaning the compliance_log statement trigger. But any trigger
-- is nested: a table owner who is not a superuser (the role that ran the installer first,
-- which still owns the tables after a superuser's run added the DDL guard) could put an
-- UPDATE of the head in a trigger on a table of its own, in a schema of its own (no DDL
-- in pggit_audit needed), and set the head to any hash or log_id: every later append then
-- chained off a forged hash, or was refused. The hash chain showed it, but the head is
-- not meant to be writable at all. Now a nested UPDATE must also leave the head naming
-- the row with the highest log_id that the transaction sees in compliance_log and that
-- row's row_hash, which is exactly what the statement trigger sets (its rows are
-- inserted, its head lock held); anything else is refused as before.
-- No BEGIN/COMMIT here: the installer owns the transaction.

CREATE OR REPLACE FUNCTION pggit_audit.compliance_chain_head_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    last_id   bigint;
    last_hash text;
BEGIN
    IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
        SELECT l.log_id, l.row_hash INTO last_id, last_hash
          FROM pggit_audit.compliance_log l
         ORDER BY l.log_id DESC
         LIMIT 1;
        IF NEW.singleton AND NEW.last_log_id IS NOT DISTINCT FROM last_id AND NEW.last_hash IS NOT DISTINCT FROM last_hash THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'pggit_audit.compliance_chain_head can only be moved to the last row of compliance_log (log_id %), not to log_id % with hash %',
            coalesce(last_id::text, 'none'), coalesce(NEW.last_log_id::text, 'NULL'), NEW.last_hash
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'pggit_audit.compliance_chain_head is maintained by the compliance_log trigger: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (22, 'the chain head can only be moved to the last row of compliance_log')
ON CONFLICT (version) DO NOTHING;
