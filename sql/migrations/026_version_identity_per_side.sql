-- 026_version_identity_per_side.sql - schema version 26: the identity of each side of a
-- change is computed from that side's blob alone, as the classify stage numbers versions.
--
-- The classify stage gives a blob that names no object (it does not parse, is empty, or
-- parses to no object) the version identity (its schema or '', the change's path), whatever
-- the other side of the change is. version_schema()/version_name() (migrations 010, 023)
-- instead took the change's own schema and name for such a side, and a change row takes
-- them from its new blob (its old one for a DROP): where the old side named no object and
-- the new one did, the old side got the identity of the new one. So at path app.e going
-- '' -> 'CREATE TABLE app.e (...)' -> '', whose versions are ('', 'app.e') 1 and 2,
-- object_changes() did not see that the ALTER to the table ended version 1:
-- object_change_history('', 'app.e') missed it, and current_version('', 'app.e') still
-- returned version 1 until '' came back. Likewise an old blob with a schema and no name
-- (GRANT ... ON ALL TABLES IN SCHEMA s) altered into another was taken for the new object
-- instead of (s, path).
-- version_side_schema()/version_side_name() take the side's parse_status, command_tag
-- and object_type besides its schema and name, and the path: a side without a blobs row
-- (parse_status NULL), or whose row carries no classification at all (parse_status 'OK'
-- with neither command tag nor object type, which the classify stage never writes: rows
-- written by hand), still takes the change's own schema and name. The view and
-- object_changes() use them; the old helpers, whose arguments cannot tell a missing or
-- unclassified row from a blob that names no object, are dropped. Changes whose blobs all
-- name an object get the same identities as before: so every change backfilled from a v1
-- history whose replayed definitions all name their object (the v1 fixture's 55 blobs do).
-- No BEGIN/COMMIT here: the installer owns the transaction.

-- No SET clause, so that the planner inlines them (see 023): every operator and type
-- qualified.
CREATE OR REPLACE FUNCTION pggit_audit.version_side_schema(p_blob_status text, p_blob_tag text, p_blob_type text,
                                                           p_blob_schema text, p_change_schema text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $fn$
    SELECT CASE WHEN p_blob_status IS NULL
                     OR (p_blob_status OPERATOR(pg_catalog.=) 'OK'::pg_catalog.text
                         AND p_blob_tag IS NULL AND p_blob_type IS NULL)
                THEN coalesce(p_change_schema, ''::pg_catalog.text)
                ELSE coalesce(p_blob_schema, ''::pg_catalog.text) END
$fn$;

CREATE OR REPLACE FUNCTION pggit_audit.version_side_name(p_blob_status text, p_blob_tag text, p_blob_type text,
                                                         p_blob_name text, p_blob_parent_name text,
                                                         p_path text, p_change_name text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $fn$
    SELECT CASE WHEN p_blob_status IS NULL
                     OR (p_blob_status OPERATOR(pg_catalog.=) 'OK'::pg_catalog.text
                         AND p_blob_tag IS NULL AND p_blob_type IS NULL)
                THEN p_change_name
                WHEN p_blob_name IS NULL THEN p_path
                WHEN p_blob_parent_name IS NOT NULL AND p_blob_type IS NOT NULL
                     AND p_blob_type OPERATOR(pg_catalog.<>) 'index'::pg_catalog.text
                THEN p_blob_name OPERATOR(pg_catalog.||) ' on '::pg_catalog.text OPERATOR(pg_catalog.||) p_blob_parent_name
                ELSE p_blob_name END
$fn$;

REVOKE ALL ON FUNCTION pggit_audit.version_side_schema(text, text, text, text, text),
    pggit_audit.version_side_name(text, text, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pggit_audit.version_side_schema(text, text, text, text, text),
    pggit_audit.version_side_name(text, text, text, text, text, text, text)
TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;

-- As in 010, with the identity of the change's new side computed per side.
CREATE OR REPLACE VIEW pggit_audit.object_history AS
SELECT v.object_schema,
       v.object_name,
       v.object_type,
       v.version_number,
       v.definition,
       v.blob_sha,
       v.commit_sha,
       v.created_at,
       c.change_id,
       c.change_type,
       c.path,
       c.author,
       c.committer,
       c.committed_at,
       c.commit_message,
       c.verified,
       c.backfilled_from_v1
FROM pggit_audit.object_versions v
LEFT JOIN LATERAL (
    SELECT c.*
      FROM pggit_audit.changes c
      LEFT JOIN pggit_audit.blobs b ON b.blob_sha = c.new_blob_sha
     WHERE c.commit_sha = v.commit_sha
       AND c.new_blob_sha = v.blob_sha
       AND c.superseded_by IS NULL
       AND pggit_audit.version_side_schema(b.parse_status, b.command_tag, b.object_type, b.object_schema, c.object_schema) = v.object_schema
       AND pggit_audit.version_side_name(b.parse_status, b.command_tag, b.object_type, b.object_name, b.parent_name, c.path,
                                         c.object_name) = v.object_name
     ORDER BY c.path COLLATE "C"
     LIMIT 1) c ON true
WHERE v.superseded_by IS NULL;

-- As in 021, with the identity of each side computed from that side's blob alone. A change
-- whose one side names no object is classified under its other side's schema and name
-- (or under its path), so it is found through the versions of its old blob (the second
-- branch) or by its classified name, as before.
CREATE OR REPLACE FUNCTION pggit_audit.object_changes(p_object_schema text, p_object_name text)
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
                   AND pggit_audit.version_side_schema(nb.parse_status, nb.command_tag, nb.object_type, nb.object_schema, c.object_schema) = coalesce(p_object_schema, '')
                   AND pggit_audit.version_side_name(nb.parse_status, nb.command_tag, nb.object_type, nb.object_name, nb.parent_name, c.path,
                                                     c.object_name) = p_object_name AS new_is_it,
                   c.old_blob_sha IS NOT NULL
                   AND pggit_audit.version_side_schema(ob.parse_status, ob.command_tag, ob.object_type, ob.object_schema, c.object_schema) = coalesce(p_object_schema, '')
                   AND pggit_audit.version_side_name(ob.parse_status, ob.command_tag, ob.object_type, ob.object_name, ob.parent_name, c.path,
                                                     c.object_name) = p_object_name AS old_is_it,
                   c.object_name = p_object_name
                   AND c.object_schema IS NOT DISTINCT FROM nullif(p_object_schema, '') AS classified_is_it
              FROM candidates k
              JOIN pggit_audit.changes c ON c.change_id = k.change_id
              LEFT JOIN pggit_audit.blobs nb ON nb.blob_sha = c.new_blob_sha
              LEFT JOIN pggit_audit.blobs ob ON ob.blob_sha = c.old_blob_sha
             WHERE c.superseded_by IS NULL) s
     WHERE s.new_is_it OR s.old_is_it OR s.classified_is_it
$fn$;

-- Nothing of the schema calls them any more (the view was their only dependent).
DROP FUNCTION pggit_audit.version_schema(text, text, text);
DROP FUNCTION pggit_audit.version_name(text, text, text, text);

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (26, 'the version identity of each side of a change from that side''s blob alone, as classify numbers versions')
ON CONFLICT (version) DO NOTHING;
