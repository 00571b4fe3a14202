-- 015_guard_moves.sql - schema version 15: the DDL guard of migrations 002/011 also stops a
-- non-superuser from dropping the whole schema, moving an object out of it, renaming it,
-- or hanging a table of its own under one of the audit tables.
--
-- What a non-superuser could do before, each tried on an installed database:
--  * the owner of schema pggit_audit (a DBA may create it with AUTHORIZATION before the
--    install; the installer then keeps it): DROP SCHEMA pggit_audit CASCADE went through
--    and took compliance_log with it. The guard function lived in that schema, so the
--    cascade dropped it and, with it, the event triggers that call it: nothing fired.
--    Same for DROP FUNCTION pggit_audit.forbid_ddl() CASCADE by the function's owner.
--  * forbid_ddl() judged a command by the schema its objects are in AFTER the command, so
--    an object could be taken out of the schema in one command and then changed where it
--    now lives: ALTER FUNCTION pggit_audit.compliance_log_reject_change() SET SCHEMA mine,
--    then CREATE OR REPLACE FUNCTION mine.compliance_log_reject_change() with a body that
--    lets rows through (the guard trigger calls the function by its oid: UPDATE of
--    compliance_log succeeded); the same with the chain head's guard, and with
--    forbid_ddl() itself, which switched the whole DDL guard off; ALTER TABLE
--    pggit_audit.compliance_log SET SCHEMA mine, then DISABLE TRIGGER; ALTER SCHEMA
--    pggit_audit RENAME TO x (reported under its new name), then DROP SCHEMA x CASCADE.
--  * CREATE TABLE mine.t () INHERITS (pggit_audit.compliance_log): rows of mine.t show in
--    compliance_log without its triggers or chain, and their owner may edit or delete them.
-- Now:
--  * the guard function is pggit_audit_guard.forbid_ddl(), in a schema of its own that
--    only the installing superuser owns, so that nothing done to pggit_audit drops it;
--    the event triggers pggit_audit_forbid_ddl/_drop are re-created on it (same names),
--    and the old pggit_audit.forbid_ddl() is dropped;
--  * a third event trigger, pggit_audit_forbid_ddl_start (ddl_command_start, same
--    function), records for a non-superuser the oids of both schemas and of every object
--    in them; at ddl_command_end the same list must come out, so whatever a command does
--    (ALTER ... SET SCHEMA, ALTER SCHEMA ... RENAME, ALTER EXTENSION ... SET SCHEMA of an
--    extension an audit object was added to), it can neither move nor rename anything
--    away;
--  * a relation that a command reports and that inherits from, or is inherited by, a
--    relation of pggit_audit is refused.
-- Superusers pass, as before. GRANT and REVOKE are not judged (the event trigger is not
-- told which object they name); see docs/audit-sql.md.
-- Like migration 002, the event triggers are created only when a superuser installs.
-- No BEGIN/COMMIT here: the installer owns the transaction.

-- A schema of that name made beforehand by someone else would let its owner drop the
-- guard function (and a function made there beforehand keeps its owner through CREATE OR
-- REPLACE): refuse to install into either.
DO $guard_schema$
DECLARE
    who text;
BEGIN
    SELECT n.nspowner::pg_catalog.regrole::text INTO who
      FROM pg_catalog.pg_namespace n
     WHERE n.nspname = 'pggit_audit_guard'
       AND n.nspowner <> (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
       AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = n.nspowner);
    IF who IS NULL THEN
        SELECT p.proowner::pg_catalog.regrole::text INTO who
          FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'pggit_audit_guard'
           AND p.proowner <> (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
           AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = p.proowner)
         LIMIT 1;
    END IF;
    IF who IS NOT NULL THEN
        RAISE EXCEPTION 'pggit_audit: schema pggit_audit_guard, or a function in it, already exists and belongs to %, who is not a superuser: the DDL guard cannot live there', who
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Drop that schema (or give it to a superuser) and run the installer again.';
    END IF;
END
$guard_schema$;

CREATE SCHEMA IF NOT EXISTS pggit_audit_guard;
REVOKE ALL ON SCHEMA pggit_audit_guard FROM PUBLIC;

-- As pggit_audit.forbid_ddl() of migration 011, for both schemas, plus: at
-- ddl_command_start, note the guarded objects (in a setting local to the transaction); at
-- ddl_command_end, refuse the command if they changed, or if it reports a relation linked
-- by inheritance to one of pggit_audit. Nothing here calls a function of pggit_audit: an
-- event trigger runs with the rights of whoever issues the DDL, who may have none there.
CREATE OR REPLACE FUNCTION pggit_audit_guard.forbid_ddl()
RETURNS event_trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    guarded_schemas CONSTANT text[] := ARRAY['pggit_audit', 'pggit_audit_guard'];
    hit     text;
    before  text;
    guarded text;
BEGIN
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RETURN;
    END IF;
    IF TG_EVENT = 'sql_drop' THEN
        SELECT d.object_identity INTO hit
          FROM pg_catalog.pg_event_trigger_dropped_objects() d
         WHERE d.schema_name = ANY (guarded_schemas)
            OR (d.object_type = 'schema' AND d.object_identity = ANY (guarded_schemas))
            OR d.object_identity LIKE '% on pggit_audit.%'   -- trigger, rule, policy
         LIMIT 1;
    ELSE
        -- both schemas, found by name, and every object that depends on one of them (all
        -- that has a schema: what moves to another schema depends on that one instead), by
        -- catalog and oid, through the index on pg_depend's referenced object
        WITH ns AS (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY (guarded_schemas))
        SELECT coalesce(pg_catalog.string_agg(k, ',' ORDER BY k COLLATE "C"), '') INTO guarded
          FROM (SELECT 'pg_namespace:' || ns.oid AS k FROM ns
                UNION ALL
                SELECT d.classid || ':' || d.objid
                  FROM ns JOIN pg_catalog.pg_depend d
                    ON d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid = ns.oid) s;
        IF TG_EVENT = 'ddl_command_start' THEN
            PERFORM pg_catalog.set_config('pggit_audit.guarded_objects', guarded, true);
            RETURN;
        END IF;
        SELECT d.object_identity INTO hit
          FROM pg_catalog.pg_event_trigger_ddl_commands() d
         WHERE d.schema_name = ANY (guarded_schemas)
            OR (d.object_type = 'schema' AND d.object_identity = ANY (guarded_schemas))
            OR d.object_identity LIKE '% on pggit_audit.%'   -- trigger, rule, policy
            OR (d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                AND EXISTS (SELECT 1
                              FROM pg_catalog.pg_inherits i
                              JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
                              JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                             WHERE (i.inhrelid = d.objid OR i.inhparent = d.objid)
                               AND (p.relnamespace = pg_catalog.to_regnamespace('pggit_audit')
                                    OR c.relnamespace = pg_catalog.to_regnamespace('pggit_audit'))))
         LIMIT 1;
        before := pg_catalog.current_setting('pggit_audit.guarded_objects', true);
        PERFORM pg_catalog.set_config('pggit_audit.guarded_objects', '', true);
        -- empty: a command run inside this one (from a function it called) has compared
        -- already, against its own start; no single command both moves objects and runs
        -- code that could reset the setting
        IF hit IS NULL AND before <> '' AND before IS DISTINCT FROM guarded THEN
            SELECT coalesce(pg_catalog.string_agg(d.object_identity, ', '), 'an object of schema pggit_audit') INTO hit
              FROM pg_catalog.pg_event_trigger_ddl_commands() d;
            hit := hit || ' (it moved or renamed the schema pggit_audit, or an object, out of it)';
        END IF;
    END IF;
    IF hit IS NOT NULL THEN
        RAISE EXCEPTION 'pggit_audit: % on % is not allowed: the audit schema is changed only by its installer run as a superuser',
            TG_TAG, hit USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$fn$;
REVOKE ALL ON FUNCTION pggit_audit_guard.forbid_ddl() FROM PUBLIC;

-- The event triggers move to the new function (same names), then the old one goes. Not
-- as a non-superuser, who cannot touch event triggers: such an install has none (002).
DO $event_triggers$
BEGIN
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE WARNING 'pggit_audit: installed by a non-superuser, so no event trigger guards the schema: its owner can still disable the compliance_log triggers (the hash chain will show any edit)';
    ELSE
        DROP EVENT TRIGGER IF EXISTS pggit_audit_forbid_ddl;
        DROP EVENT TRIGGER IF EXISTS pggit_audit_forbid_drop;
        DROP EVENT TRIGGER IF EXISTS pggit_audit_forbid_ddl_start;
        CREATE EVENT TRIGGER pggit_audit_forbid_ddl ON ddl_command_end
            EXECUTE FUNCTION pggit_audit_guard.forbid_ddl();
        CREATE EVENT TRIGGER pggit_audit_forbid_drop ON sql_drop
            EXECUTE FUNCTION pggit_audit_guard.forbid_ddl();
        CREATE EVENT TRIGGER pggit_audit_forbid_ddl_start ON ddl_command_start
            EXECUTE FUNCTION pggit_audit_guard.forbid_ddl();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_event_trigger e
                    WHERE e.evtfoid = pg_catalog.to_regprocedure('pggit_audit.forbid_ddl()')) THEN
        DROP FUNCTION IF EXISTS pggit_audit.forbid_ddl();
    END IF;
END
$event_triggers$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (15, 'DDL guard in schema pggit_audit_guard: a non-superuser can no longer drop the schema, move or rename an object out of it, rename it, or inherit from its tables')
ON CONFLICT (version) DO NOTHING;
