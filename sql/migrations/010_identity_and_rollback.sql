-- 010_identity_and_rollback.sql - schema version 10: the views and query functions join an
-- object's versions to its changes by the identity the versions are numbered under; a
-- change rolled back after its verification can never be marked verified again; a blob
-- row carries the run that inserted it, and rolling back a run deletes only blob rows
-- that run inserted.
--
-- object_versions numbers an object under (schema, name) where a schema-less object
-- (a schema, an extension) has schema '' and a trigger, policy, rule or table constraint
-- is named 'NAME on TABLE' (docs/design.md, "Object versions"), while its changes keep
-- the classified schema (NULL) and name ('NAME', the table being the blob's parent_name).
-- Migrations 001-009 compared the two as they are, so object_history showed such
-- versions without their change and current_version() never saw their DROP.
-- No BEGIN/COMMIT here: the installer owns the transaction.

-- The identity (schema, name) the classify stage numbers versions under, of one side of
-- a change, from that side's pggit_audit.blobs row: the same rule as the classify stage's
-- version_name(), a table-scoped object (a parent, not an index) is 'NAME on TABLE' and
-- a schema-less one has schema ''. When the blob has no name (it did not parse: the
-- change is then named by its path) or no row (rows written by hand), the change's own
-- schema and name stand in. No SET clause, so that the planner inlines them into the
-- callers below, which fix their own search_path.
CREATE OR REPLACE FUNCTION pggit_audit.version_schema(p_blob_name text, p_blob_schema text, p_change_schema text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $fn$
    SELECT CASE WHEN p_blob_name IS NULL THEN coalesce(p_change_schema, '') ELSE coalesce(p_blob_schema, '') END
$fn$;

CREATE OR REPLACE FUNCTION pggit_audit.version_name(p_blob_type text, p_blob_name text, p_blob_parent_name text,
                                                    p_change_name text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $fn$
    SELECT CASE WHEN p_blob_name IS NULL THEN p_change_name
                WHEN p_blob_parent_name IS NOT NULL AND p_blob_type IS NOT NULL AND p_blob_type <> 'index'
                THEN p_blob_name || ' on ' || p_blob_parent_name
                ELSE p_blob_name END
$fn$;

-- The change names a version name can come from: itself, and what precedes each ' on '
-- in it (a name may itself contain ' on ', so every split is a candidate). They let the
-- functions below find an object's changes through changes_object_idx; the identity is
-- then checked exactly.
CREATE OR REPLACE FUNCTION pggit_audit.version_name_candidates(p_name text)
RETURNS text[]
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $fn$
    SELECT array_append(ARRAY(SELECT left(p_name, i - 1)
                                FROM generate_series(1, length(p_name)) i
                               WHERE substr(p_name, i, 4) = ' on '), p_name)
$fn$;

-- Every live version with the live change that produced it (same commit, same blob, same
-- identity); NULL change columns only when that change is missing. One row per version.
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
       AND pggit_audit.version_schema(b.object_name, b.object_schema, c.object_schema) = v.object_schema
       AND pggit_audit.version_name(b.object_type, b.object_name, b.parent_name, c.object_name) = v.object_name
     ORDER BY c.path COLLATE "C"
     LIMIT 1) c ON true
WHERE v.superseded_by IS NULL;

-- The live changes of the object versioned as (p_object_schema, p_object_name), each
-- with whether it leaves the object there (its new side has that identity): a change
-- whose old side or new side has that identity, so an ALTER that moves a trigger to
-- another table (the table was renamed) ends the old 'trg on t' and starts the new one.
-- The plain classified (schema, name) of a change is accepted too, so ('s', 'trg') still
-- finds the changes of every trigger trg of schema s, and (NULL, 'x') those of schema x.
-- Changes are found through changes_object_idx by their classified schema and name (of
-- the new side), so an ALTER that changed the name or schema of the object at one path
-- is not seen as ending its old identity.
CREATE OR REPLACE FUNCTION pggit_audit.object_changes(p_object_schema text, p_object_name text)
RETURNS TABLE (change pggit_audit.changes, keeps_object boolean)
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
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
              FROM pggit_audit.changes c
              LEFT JOIN pggit_audit.blobs nb ON nb.blob_sha = c.new_blob_sha
              LEFT JOIN pggit_audit.blobs ob ON ob.blob_sha = c.old_blob_sha
             WHERE c.superseded_by IS NULL
               AND (c.object_schema = p_object_schema
                    OR (c.object_schema IS NULL AND coalesce(p_object_schema, '') = ''))
               AND c.object_name = ANY (pggit_audit.version_name_candidates(p_object_name))) s
     WHERE s.new_is_it OR s.old_is_it OR s.classified_is_it
$fn$;

-- None when the object's last change removed it from that identity: a DROP, the old side
-- of a RENAME, an ALTER that gave it another identity. Within one commit the classify
-- stage ends versions before it starts them, so there a change that keeps the object
-- counts as the later one.
CREATE OR REPLACE FUNCTION pggit_audit.current_version(p_object_schema text, p_object_name text)
RETURNS SETOF pggit_audit.object_versions
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    SELECT v.*
      FROM pggit_audit.object_versions v
     WHERE v.object_schema = p_object_schema
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

CREATE OR REPLACE FUNCTION pggit_audit.object_change_history(p_object_schema text, p_object_name text)
RETURNS SETOF pggit_audit.changes
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    SELECT (o.change).*
      FROM pggit_audit.object_changes(p_object_schema, p_object_name) o
     ORDER BY (o.change).commit_generation, (o.change).committed_at, (o.change).commit_sha COLLATE "C",
              (o.change).path COLLATE "C"
$fn$;

REVOKE ALL ON FUNCTION pggit_audit.version_schema(text, text, text),
    pggit_audit.version_name(text, text, text, text),
    pggit_audit.version_name_candidates(text),
    pggit_audit.object_changes(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pggit_audit.version_schema(text, text, text),
    pggit_audit.version_name(text, text, text, text),
    pggit_audit.version_name_candidates(text),
    pggit_audit.object_changes(text, text)
TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;
GRANT SELECT ON pggit_audit.object_history TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;

-- A change rolled back after its verification (superseded_by: the log_id of the
-- rollback's run-level ROLLED_BACK row) is retired evidence, not the target's content:
-- a later verification must not PASS it. The verify stage fails such rows itself; this
-- guard is for any other caller of record_verification()/record_verifications() (both
-- set verified through this UPDATE, before they append, so the whole call is refused and
-- no PASSED row is appended) and for a hand-made UPDATE. The WHEN clause keeps every
-- other update of changes free of the call.
CREATE OR REPLACE FUNCTION pggit_audit.changes_refuse_verifying_superseded()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
BEGIN
    RAISE EXCEPTION 'pggit_audit: change % was rolled back (compliance_log row %): it cannot be verified again',
        NEW.change_id, NEW.superseded_by
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'A rolled-back run stays as evidence; load a corrected store, whose changed commits get new change ids.';
END
$fn$;
REVOKE ALL ON FUNCTION pggit_audit.changes_refuse_verifying_superseded() FROM PUBLIC;

CREATE OR REPLACE TRIGGER changes_superseded_not_verified
    BEFORE UPDATE OF verified, superseded_by ON pggit_audit.changes
    FOR EACH ROW WHEN (NEW.verified AND NEW.superseded_by IS NOT NULL)
    EXECUTE FUNCTION pggit_audit.changes_refuse_verifying_superseded();

-- Before this version a re-verification could set verified on rolled-back rows (the
-- PASSED rows it appended stay in compliance_log, which is append-only; the ROLLED_BACK
-- rows before them and superseded_by tell what happened).
UPDATE pggit_audit.changes SET verified = false WHERE superseded_by IS NOT NULL AND verified;

-- The run that inserted a blob row (the loader's ON CONFLICT DO NOTHING keeps the first
-- inserter). Rows from before this version have none, and no rollback deletes them: they
-- may be a row an earlier run inserted that no change references (a blob no tree uses),
-- which rolling back a later run that listed the same blob used to delete.
ALTER TABLE pggit_audit.blobs ADD COLUMN IF NOT EXISTS run_id text;
CREATE INDEX IF NOT EXISTS blobs_run_id_idx ON pggit_audit.blobs (run_id);

-- As in 007, except for the blobs of the delete case: only those the run inserted
-- (blobs.run_id) and that no remaining change or version references; p_blob_shas, when
-- given, still narrows them.
CREATE OR REPLACE FUNCTION pggit_audit.rollback_run(p_run_id text, p_reason text DEFAULT NULL,
                                                    p_blob_shas text[] DEFAULT NULL)
RETURNS TABLE (mode text, changes bigint, versions bigint, journal_rows bigint, blobs bigint, log_id bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_verified boolean;
    v_log bigint;
    n_changes bigint := 0;
    n_versions bigint := 0;
    n_journal bigint := 0;
    n_blobs bigint := 0;
    v_note text;
BEGIN
    IF p_run_id IS NULL OR p_run_id !~ '^[0-9a-f]{32}$' THEN
        RAISE EXCEPTION 'pggit_audit.rollback_run: a run id is 32 lowercase hex digits, not %', coalesce(p_run_id, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    LOCK TABLE pggit_audit.changes, pggit_audit.object_versions, pggit_audit.load_journal, pggit_audit.blobs
        IN SHARE ROW EXCLUSIVE MODE;
    PERFORM 1 FROM pggit_audit.compliance_chain_head h WHERE h.singleton FOR UPDATE;

    v_verified := EXISTS (SELECT 1 FROM pggit_audit.compliance_log l WHERE l.run_id = p_run_id)
               OR EXISTS (SELECT 1 FROM pggit_audit.compliance_log l
                            JOIN pggit_audit.changes c ON c.change_id = l.change_id
                           WHERE c.run_id = p_run_id);
    IF NOT v_verified THEN
        DELETE FROM pggit_audit.object_versions v WHERE v.run_id = p_run_id;
        GET DIAGNOSTICS n_versions = ROW_COUNT;
        DELETE FROM pggit_audit.changes c WHERE c.run_id = p_run_id;
        GET DIAGNOSTICS n_changes = ROW_COUNT;
        DELETE FROM pggit_audit.load_journal j WHERE j.run_id = p_run_id;
        GET DIAGNOSTICS n_journal = ROW_COUNT;
        DELETE FROM pggit_audit.blobs b
         WHERE b.run_id = p_run_id
           AND (p_blob_shas IS NULL OR b.blob_sha = ANY (p_blob_shas))
           AND NOT EXISTS (SELECT 1 FROM pggit_audit.changes c WHERE c.old_blob_sha = b.blob_sha)
           AND NOT EXISTS (SELECT 1 FROM pggit_audit.changes c WHERE c.new_blob_sha = b.blob_sha)
           AND NOT EXISTS (SELECT 1 FROM pggit_audit.object_versions v WHERE v.blob_sha = b.blob_sha);
        GET DIAGNOSTICS n_blobs = ROW_COUNT;
        RETURN QUERY SELECT CASE WHEN n_changes + n_versions + n_journal + n_blobs = 0
                                 THEN 'nothing to roll back' ELSE 'deleted' END,
                            n_changes, n_versions, n_journal, n_blobs, NULL::bigint;
        RETURN;
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pggit_audit.changes c WHERE c.run_id = p_run_id AND c.superseded_by IS NULL)
       AND NOT EXISTS (SELECT 1 FROM pggit_audit.object_versions v
                        WHERE v.run_id = p_run_id AND v.superseded_by IS NULL) THEN
        SELECT max(l.log_id) INTO v_log FROM pggit_audit.compliance_log l
         WHERE l.run_id = p_run_id AND l.change_id IS NULL AND l.verification_status = 'ROLLED_BACK';
        RETURN QUERY SELECT 'already rolled back'::text, 0::bigint, 0::bigint, 0::bigint, 0::bigint, v_log;
        RETURN;
    END IF;
    SELECT count(*) INTO n_changes FROM pggit_audit.changes c WHERE c.run_id = p_run_id AND c.superseded_by IS NULL;
    SELECT count(*) INTO n_versions FROM pggit_audit.object_versions v
     WHERE v.run_id = p_run_id AND v.superseded_by IS NULL;
    v_note := 'rollback of run ' || p_run_id || ' after verification: ' || n_changes || ' changes and '
              || n_versions || ' object versions superseded' || coalesce(': ' || p_reason, '');
    v_log := pggit_audit.record_verification(NULL, 'ROLLED_BACK', v_note, p_run_id);
    PERFORM pggit_audit.record_verification(c.change_id, 'ROLLED_BACK',
                'rolled back with run ' || p_run_id || ' (log_id ' || v_log || ')', p_run_id)
       FROM (SELECT c.change_id FROM pggit_audit.changes c
              WHERE c.run_id = p_run_id AND c.superseded_by IS NULL
              ORDER BY c.commit_generation, c.commit_sha COLLATE "C", c.path COLLATE "C") c;
    UPDATE pggit_audit.changes c SET superseded_by = v_log WHERE c.run_id = p_run_id AND c.superseded_by IS NULL;
    UPDATE pggit_audit.object_versions v SET superseded_by = v_log
     WHERE v.run_id = p_run_id AND v.superseded_by IS NULL;
    RETURN QUERY SELECT 'superseded'::text, n_changes, n_versions, 0::bigint, 0::bigint, v_log;
END
$fn$;
REVOKE ALL ON FUNCTION pggit_audit.rollback_run(text, text, text[]) FROM PUBLIC;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (10, 'object_history, current_version() and object_change_history() use the identity versions are numbered under; a rolled-back change cannot be verified again; blobs.run_id, a rollback deletes only its own blobs')
ON CONFLICT (version) DO NOTHING;
