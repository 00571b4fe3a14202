-- 016_current_version_null_schema.sql - schema version 16: current_version(NULL, name) finds a
-- schema-less object (a schema, an extension) as object_change_history(NULL, name) does.
--
-- object_versions numbers such an object under schema '' while its changes carry schema
-- NULL, and object_change_history() (migration 010) takes either. current_version()
-- compared the versions' schema with the argument as it was, so current_version(NULL, 's')
-- (the schema as the object's changes show it) returned no row, which reads as "the
-- object no longer exists", while the history of the same call listed its CREATE. Now a
-- NULL schema means '' here too. Same signature, so the grants of migration 004 stay.
-- No BEGIN/COMMIT here: the installer owns the transaction.

CREATE OR REPLACE FUNCTION pggit_audit.current_version(p_object_schema text, p_object_name text)
RETURNS SETOF pggit_audit.object_versions
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    SELECT v.*
      FROM pggit_audit.object_versions v
     WHERE v.object_schema = coalesce(p_object_schema, '')
       AND v.object_name = p_object_name
       AND v.superseded_by IS NULL
       AND coalesce((SELECT o.keeps_object
                       FROM pggit_audit.object_changes(p_object_schema, p_object_name) o
                      ORDER BY (o.change).commit_generation DESC, (o.change).committed_at DESC,
                               (o.change).commit_sha COLLATE "C" DESC, o.keeps_object DESC,
                               (o.change).path COLLATE "C" DESC
                      LIMIT 1), true)
     ORDER BY v.version_number DESC
     LIMIT 1
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (16, 'current_version(NULL, name) finds a schema-less object, as object_change_history does')
ON CONFLICT (version) DO NOTHING;
