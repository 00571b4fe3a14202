-- 011_guard_pg_temp.sql - schema version 11: the DDL guard of migration 002 can no longer be
-- fooled by a temporary table.
--
-- pggit_audit.forbid_ddl() runs in the session of whoever issues the DDL and asked the
-- catalog view pg_roles, unqualified, whether that role is a superuser. Its search_path was
-- 'pg_catalog' alone, and a search_path that does not name pg_temp searches it FIRST for
-- tables and views. So any role allowed temporary tables (PUBLIC is, by default) could
-- create a temporary table pg_roles saying it is a superuser, and the owner of
-- compliance_log could then disable its guard triggers, rewrite rows and re-hash the chain
-- and its head, leaving verify_log_chain() empty. Now the catalog is named in full and
-- pg_temp comes last. The function keeps its name and signature, so the event triggers
-- pggit_audit_forbid_ddl/pggit_audit_forbid_drop call the new body.
-- No BEGIN/COMMIT here: the installer owns the transaction.

CREATE OR REPLACE FUNCTION pggit_audit.forbid_ddl()
RETURNS event_trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    hit text;
BEGIN
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RETURN;
    END IF;
    IF TG_EVENT = 'sql_drop' THEN
        SELECT d.object_identity INTO hit
          FROM pg_catalog.pg_event_trigger_dropped_objects() d
         WHERE d.schema_name = 'pggit_audit'
            OR (d.object_type = 'schema' AND d.object_identity = 'pggit_audit')
            OR d.object_identity LIKE '% on pggit_audit.%'   -- trigger, rule, policy
         LIMIT 1;
    ELSE
        SELECT d.object_identity INTO hit
          FROM pg_catalog.pg_event_trigger_ddl_commands() d
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
REVOKE ALL ON FUNCTION pggit_audit.forbid_ddl() FROM PUBLIC;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (11, 'forbid_ddl() reads pg_catalog.pg_roles with pg_temp last: a temporary pg_roles no longer lets a non-superuser through the DDL guard')
ON CONFLICT (version) DO NOTHING;
