-- 024_guard_privileges.sql - schema version 24: the DDL guard also refuses, for a
-- non-superuser, GRANT and REVOKE on anything in the audit schemas and adding one of their
-- objects to an extension; the owner of the audit sequences loses UPDATE on them (setval).
--
-- What a non-superuser owner of the audit objects could still do, each tried on an
-- installed database:
--  * GRANT UPDATE, DELETE ON pggit_audit.changes TO pggit_audit_loader (or any role),
--    REVOKE SELECT ON pggit_audit.compliance_log FROM pggit_audit_reader, or DROP OWNED BY
--    pggit_audit_loader by a member of that role (which revokes its rights), CREATE SCHEMA
--    mine GRANT UPDATE ON pggit_audit.changes TO ... (a schema element): the event
--    triggers fire for GRANT and REVOKE, but pg_event_trigger_ddl_commands() names no
--    object for them, so the guard saw nothing to refuse. A loader given UPDATE on changes
--    could mark changes verified, or rewrite their definitions, without a compliance_log
--    row and without breaking the chain.
--  * ALTER EXTENSION x ADD TABLE pggit_audit.compliance_log, for an extension it created
--    (any trusted extension, with CREATE on the database): the guard judged the
--    extension, not the object added. An extension's members are left out of pg_dump, so
--    the audit tables silently vanished from every later backup.
--  * SELECT setval('pggit_audit.compliance_log_log_id_seq', ...): a function call, which
--    no trigger sees. Set backwards or near the largest bigint, every later append is
--    refused (its log_id is not past the chain head).
-- Now:
--  * at ddl_command_start of a GRANT, REVOKE, DROP OWNED or CREATE SCHEMA the guard notes the privileges of
--    both schemas and of every relation, column, function and type in them; at
--    ddl_command_end they must be the same (a GRANT that changes nothing passes), else
--    the command is refused, naming the objects whose privileges it changed;
--  * at ddl_command_end of an ALTER EXTENSION, no object of the schemas (nor the schemas
--    themselves) may be a member of an extension;
--  * the owner of each sequence of pggit_audit keeps SELECT and USAGE on it (nextval, which
--    the SECURITY DEFINER append functions call as that owner) but loses UPDATE, which
--    setval needs; it cannot grant it back to itself (GRANT is refused, above). The
--    installer also takes it away again on every run by a superuser. A superuser owner
--    passes whatever its ACL says.
-- Superusers pass, as before. No BEGIN/COMMIT here: the installer owns the transaction.

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
    privs   text;
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
        IF TG_TAG IN ('GRANT', 'REVOKE', 'DROP OWNED', 'CREATE SCHEMA') THEN
            -- one line per object with its privileges; only for the commands that change
            -- them (with ALTER ... OWNER, refused anyway): DROP OWNED BY a role revokes
            -- whatever that role was granted, and CREATE SCHEMA may hold GRANTs, on any
            -- object, among its elements
            WITH ns AS (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY (guarded_schemas))
            SELECT coalesce(pg_catalog.string_agg(k, pg_catalog.chr(10) ORDER BY k COLLATE "C"), '') INTO privs
              FROM (SELECT 'pg_namespace:' || n.oid || ':0=' || coalesce(n.nspacl::text, '-') AS k
                      FROM pg_catalog.pg_namespace n JOIN ns ON ns.oid = n.oid
                    UNION ALL
                    SELECT 'pg_class:' || c.oid || ':0=' || coalesce(c.relacl::text, '-')
                      FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
                    UNION ALL
                    SELECT 'pg_class:' || a.attrelid || ':' || a.attnum || '=' || coalesce(a.attacl::text, '-')
                      FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                    UNION ALL
                    SELECT 'pg_proc:' || p.oid || ':0=' || coalesce(p.proacl::text, '-')
                      FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
                    UNION ALL
                    SELECT 'pg_type:' || t.oid || ':0=' || coalesce(t.typacl::text, '-')
                      FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace) s;
        END IF;
        IF TG_EVENT = 'ddl_command_start' THEN
            PERFORM pg_catalog.set_config('pggit_audit.guarded_objects', guarded, true);
            PERFORM pg_catalog.set_config('pggit_audit.guarded_privileges', coalesce(privs, ''), true);
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
        IF hit IS NULL AND TG_TAG = 'ALTER EXTENSION' THEN
            -- ALTER EXTENSION ... ADD reports the extension, not the object it took in
            WITH ns AS (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY (guarded_schemas))
            SELECT pg_catalog.pg_describe_object(e.classid, e.objid, e.objsubid)
                   || ' (added to ' || pg_catalog.pg_describe_object(e.refclassid, e.refobjid, 0) || ')' INTO hit
              FROM pg_catalog.pg_depend e
             WHERE e.deptype = 'e'
               AND ((e.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND e.objid IN (SELECT oid FROM ns))
                    OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend d JOIN ns ON ns.oid = d.refobjid
                                WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                  AND d.classid = e.classid AND d.objid = e.objid))
             LIMIT 1;
        END IF;
        before := pg_catalog.current_setting('pggit_audit.guarded_objects', true);
        PERFORM pg_catalog.set_config('pggit_audit.guarded_objects', '', true);
        -- empty: a command run inside this one (from a function it called) has compared
        -- already, against its own start; no single command both moves objects and runs
        -- code that could reset the setting
        IF hit IS NULL AND before <> '' AND before IS DISTINCT FROM guarded THEN
            SELECT coalesce(pg_catalog.string_agg(d.object_identity, ', '), 'an object of schema pggit_audit') INTO hit
              FROM pg_catalog.pg_event_trigger_ddl_commands() d;
            hit := hit || ' (it added an object to the schema pggit_audit, or moved or renamed the schema or an object out of it)';
        END IF;
        IF hit IS NULL AND privs IS NOT NULL THEN
            before := pg_catalog.current_setting('pggit_audit.guarded_privileges', true);
            PERFORM pg_catalog.set_config('pggit_audit.guarded_privileges', '', true);
            IF before <> '' AND before IS DISTINCT FROM privs THEN
                -- the objects whose line is not the same before and after
                -- (the first three, by name, and how many more)
                SELECT pg_catalog.string_agg(y.what, ', ' ORDER BY y.what) FILTER (WHERE y.n <= 3)
                       || CASE WHEN pg_catalog.count(*) > 3 THEN ' and ' || (pg_catalog.count(*) - 3) || ' more' ELSE '' END
                  INTO hit
                  FROM (SELECT z.what, pg_catalog.row_number() OVER (ORDER BY z.what) AS n
                          FROM (SELECT DISTINCT pg_catalog.pg_describe_object(
                                       pg_catalog.to_regclass('pg_catalog.' || pg_catalog.split_part(x.k, ':', 1)),
                                       pg_catalog.split_part(x.k, ':', 2)::oid,
                                       pg_catalog.split_part(pg_catalog.split_part(x.k, ':', 3), '=', 1)::int) AS what
                                  FROM ((SELECT pg_catalog.unnest(pg_catalog.string_to_array(privs, pg_catalog.chr(10))) AS k
                                         EXCEPT SELECT pg_catalog.unnest(pg_catalog.string_to_array(before, pg_catalog.chr(10))))
                                        UNION
                                        (SELECT pg_catalog.unnest(pg_catalog.string_to_array(before, pg_catalog.chr(10)))
                                         EXCEPT SELECT pg_catalog.unnest(pg_catalog.string_to_array(privs, pg_catalog.chr(10))))) x
                                 -- not the rest of a role name that holds a line feed
                                 WHERE x.k ~ '^pg_[a-z]+:[0-9]+:[0-9]+=') z) y;
                hit := coalesce(hit, 'an object of schema pggit_audit') || ' (it changed the privileges on it)';
            END IF;
        END IF;
    END IF;
    IF hit IS NOT NULL THEN
        RAISE EXCEPTION 'pggit_audit: % on % is not allowed: the audit schema is changed only by its installer run as a superuser',
            TG_TAG, hit USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$fn$;
REVOKE ALL ON FUNCTION pggit_audit_guard.forbid_ddl() FROM PUBLIC;

-- setval needs UPDATE on the sequence, nextval USAGE or UPDATE: the owner keeps USAGE. A
-- REVOKE by a superuser acts as the owner, whose own grant this is.
DO $sequences$
DECLARE
    s record;
BEGIN
    FOR s IN SELECT c.oid::pg_catalog.regclass AS seq, c.relowner::pg_catalog.regrole AS owner
               FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'pggit_audit'::pg_catalog.regnamespace AND c.relkind = 'S'
              ORDER BY c.relname LOOP
        EXECUTE pg_catalog.format('REVOKE UPDATE ON SEQUENCE %s FROM %s', s.seq, s.owner);
    END LOOP;
END
$sequences$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (24, 'DDL guard refuses GRANT/REVOKE on audit objects and adding them to an extension; sequence owners lose UPDATE (setval)')
ON CONFLICT (version) DO NOTHING;
