-- 013_replay_renames.sql - schema version 13: schema_at() and schema_at_commit() no longer
-- list the path an object was renamed away from.
--
-- The classify stage records a rename as a pair of RENAME rows (docs/design.md, "Classify"):
-- the row of the path that disappeared (old blob only, new_blob_sha NULL) and the row of
-- the path that appeared. replay_changes() dropped a path only when its last change was a
-- DROP, so after a rename the old path stayed in the snapshot as a live object with a NULL
-- definition, beside the new one. The old half of a RENAME now ends its path as a DROP
-- does. Same signature, so the grants of migration 004 stay.
-- No BEGIN/COMMIT here: the installer owns the transaction.

CREATE OR REPLACE FUNCTION pggit_audit.replay_changes(p_max_generation int, p_last_commit_sha text,
    p_max_committed_at timestamp)
RETURNS TABLE (object_schema text, object_name text, object_type text, path text,
               definition text, commit_sha text, committed_at timestamp, author text)
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    SELECT s.object_schema, s.object_name, s.object_type, s.path, s.definition,
           s.commit_sha, s.committed_at, s.author
      FROM (SELECT DISTINCT ON (c.path COLLATE "C")
                   c.object_schema, c.object_name, c.object_type, c.path,
                   coalesce(c.new_definition, b.definition) AS definition,
                   c.commit_sha, c.committed_at, c.author, c.change_type, c.new_blob_sha
              FROM pggit_audit.changes c
              LEFT JOIN pggit_audit.blobs b ON b.blob_sha = c.new_blob_sha
             WHERE c.superseded_by IS NULL
               AND (p_max_committed_at IS NULL OR c.committed_at <= p_max_committed_at)
               AND (p_max_generation IS NULL OR c.commit_generation < p_max_generation
                    OR c.commit_sha = p_last_commit_sha)
             ORDER BY c.path COLLATE "C", c.commit_generation DESC, c.committed_at DESC,
                      c.commit_sha COLLATE "C" DESC) s
     WHERE s.change_type <> 'DROP'
       AND NOT (s.change_type = 'RENAME' AND s.new_blob_sha IS NULL)   -- the path renamed away
     ORDER BY s.path COLLATE "C"
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (13, 'schema_at()/schema_at_commit(): the path an object was renamed away from is gone')
ON CONFLICT (version) DO NOTHING;
