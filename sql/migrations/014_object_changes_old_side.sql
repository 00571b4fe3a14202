-- 014_object_changes_old_side.sql - schema version 14: current_version() and
-- object_change_history() see an ALTER that gave an object another identity at its path.
--
-- When the definition at one path changes to name another object (the DDL at app.p
-- said CREATE TABLE app.a, now CREATE TABLE app.b), the change row carries the new
-- side's classified name (app.b). object_changes() found changes only through
-- changes_object_idx by that name, so for app.a it never saw the change that ended it:
-- current_version('app', 'a') returned its last version although app.a was gone. A
-- change whose old blob is one of the object's versions is now a candidate too, found
-- through a new index on changes(old_blob_sha) and the versions' unique key; the
-- old_is_it test then decides, as before. Candidates are collected by change_id (a
-- UNION of whole rows would need equality on every column). Same signature, so the
-- grants of migration 010 stay.
-- No BEGIN/COMMIT here: the installer owns the transaction.

CREATE INDEX IF NOT EXISTS changes_old_blob_sha_idx ON pggit_audit.changes (old_blob_sha);

CREATE OR REPLACE FUNCTION pggit_audit.object_changes(p_object_schema text, p_object_name text)
RETURNS TABLE (change pggit_audit.changes, keeps_object boolean)
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    WITH candidates AS (
        SELECT c.change_id
          FROM pggit_audit.changes c
         WHERE (c.object_schema = p_object_schema
                OR (c.object_schema IS NULL AND coalesce(p_object_schema, '') = ''))
           AND c.object_name = ANY (pggit_audit.version_name_candidates(p_object_name))
        UNION
        SELECT c.change_id
          FROM pggit_audit.object_versions v
          JOIN pggit_audit.changes c ON c.old_blob_sha = v.blob_sha
         WHERE v.object_schema = coalesce(p_object_schema, '')
           AND v.object_name = p_object_name)
    SELECT s.c, s.new_is_it
      FROM (SELECT c,
                   c.new_blob_sha IS NOT NULL
                   AND pggit_audit.version_schema(nb.object_name, nb.object_schema, c.object_schema) = coalesce(p_object_schema, '')
                   AND pggit_audit.version_name(nb.object_type, nb.object_name, nb.parent_name, c.object_name) = p_object_name AS new_is_it,
                   c.old_blob_sha IS NOT NULL
                   AND pggit_audit.version_schema(ob.object_name, ob.object_schema, c.object_schema) = coalesce(p_object_schema, '')
                   AND pggit_audit.version_name(ob.object_type, ob.object_name, ob.parent_name, c.object_name) = p_object_name AS old_is_it,
                   c.object_name = p_object_name
                   AND c.object_schema IS NOT DISTINCT FROM nullif(p_object_schema, '') AS classified_is_it
              FROM candidates k
              JOIN pggit_audit.changes c ON c.change_id = k.change_id
              LEFT JOIN pggit_audit.blobs nb ON nb.blob_sha = c.new_blob_sha
              LEFT JOIN pggit_audit.blobs ob ON ob.blob_sha = c.old_blob_sha
             WHERE c.superseded_by IS NULL) s
     WHERE s.new_is_it OR s.old_is_it OR s.classified_is_it
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (14, 'current_version() and object_change_history() see an ALTER that gave an object another identity');
