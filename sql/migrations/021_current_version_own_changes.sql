-- 021_current_version_own_changes.sql - schema version 21: current_version() is decided by
-- the object's own changes only.
--
-- current_version() decided whether the object still exists from the latest of all
-- the changes object_changes() lists, those merely classified under the same schema and
-- name included: adding table s.t to a publication (a change classified s.t, whose
-- version identity is 't on p'), or creating a trigger or constraint named t on
-- another table of s, made current_version('s', 't') of the table return no row, as
-- for a dropped table. object_changes() now also tells whether a change's old side has
-- the identity (ends_object), and current_version() looks only at changes with the
-- identity on one side (or, for a change with no blob on either side, such as a row
-- written by hand, by its classified name, as before). object_change_history() still
-- lists the classified ones too, as documented. object_changes() gains a column, so it
-- is dropped and created again with its grants.
-- No BEGIN/COMMIT here: the installer owns the transaction.

DROP FUNCTION pggit_audit.object_changes(text, text);

-- As in 014, with ends_object: the change's old side has the identity.
CREATE FUNCTION pggit_audit.object_changes(p_object_schema text, p_object_name text)
RETURNS TABLE (change pggit_audit.changes, keeps_object boolean, ends_object boolean)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
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
    SELECT s.c, s.new_is_it, s.old_is_it
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
REVOKE ALL ON FUNCTION pggit_audit.object_changes(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pggit_audit.object_changes(text, text)
    TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;

-- As in 016, deciding among the changes with the identity on one side only: a change
-- merely classified under the same schema and name is another object's, unless it has no
-- blob on either side (a row written by hand), when its classified name is all there is.
CREATE OR REPLACE FUNCTION pggit_audit.current_version(p_object_schema text, p_object_name text)
RETURNS SETOF pggit_audit.object_versions
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT v.*
      FROM pggit_audit.object_versions v
     WHERE v.object_schema = coalesce(p_object_schema, '')
       AND v.object_name = p_object_name
       AND v.superseded_by IS NULL
       AND coalesce((SELECT o.keeps_object
                       FROM pggit_audit.object_changes(p_object_schema, p_object_name) o
                      WHERE o.keeps_object OR o.ends_object
                         OR ((o.change).old_blob_sha IS NULL AND (o.change).new_blob_sha IS NULL)
                      ORDER BY (o.change).commit_generation DESC, (o.change).committed_at DESC,
                               (o.change).commit_sha COLLATE "C" DESC, o.keeps_object DESC,
                               (o.change).path COLLATE "C" DESC
                      LIMIT 1), true)
     ORDER BY v.version_number DESC
     LIMIT 1
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (21, 'current_version() decided by the changes with the object''s identity on one side')
ON CONFLICT (version) DO NOTHING;
