-- 007_rollback.sql - schema version 7: rolling back one pipeline run (`pggit-audit rollback`).
--
-- A run is identified by its run_id (load/report.json; the loader stamps it on the
-- changes, object_versions and load_journal rows it inserts). pggit_audit.rollback_run()
-- removes or retires exactly those rows, in the caller's transaction:
--
--  * Not yet verified (no compliance_log row carries the run_id, and no compliance_log
--    row references one of its changes): the run's changes, object_versions and
--    load_journal rows are DELETED, then the blobs that no change or version references
--    any more (restricted to p_blob_shas, the run's own blobs, when given). Blobs carry
--    no run_id: they are content-addressed rows shared by every run, so a blob stays as
--    long as anything refers to it. Afterwards the tables hold what they held before the
--    run (the schema itself, installed or upgraded by the run, stays).
--  * Verified (or archived): compliance_log is append-only and its rows reference the
--    changes, so nothing is deleted. One run-level ROLLED_BACK row (change_id NULL) is
--    appended, then one ROLLED_BACK row per change of the run (history order), through
--    record_verification(), which also sets changes.verified = false; the run's changes
--    and object_versions get superseded_by = the log_id of the run-level row. Those rows
--    stay, as evidence, but the views and query functions below no longer show them.
--    The ROLLED_BACK rows are in the hash chain; superseded_by is a convenience index
--    into it (derivable from the chained rows, so an edit of it is detectable).
--  * Rolling back the same run again changes nothing and returns mode 'nothing to roll
--    back' (deleted) or 'already rolled back' (superseded).
--
-- The function takes SHARE ROW EXCLUSIVE locks on the four tables (a concurrent load
-- waits) and the compliance chain head (a concurrent verification waits), so it never
-- interleaves with a load or a verification of any run.
-- No BEGIN/COMMIT here: the installer owns the transaction.

-- superseded_by holds a compliance_log.log_id but is deliberately not a foreign key:
-- compliance_log already references changes, and a cycle of foreign keys would make a
-- data-only pg_dump of the schema unrestorable without --disable-triggers.
ALTER TABLE pggit_audit.changes ADD COLUMN IF NOT EXISTS superseded_by bigint;
ALTER TABLE pggit_audit.object_versions ADD COLUMN IF NOT EXISTS superseded_by bigint;
CREATE INDEX IF NOT EXISTS changes_run_id_idx ON pggit_audit.changes (run_id);
CREATE INDEX IF NOT EXISTS object_versions_run_id_idx ON pggit_audit.object_versions (run_id);
CREATE INDEX IF NOT EXISTS load_journal_run_id_idx ON pggit_audit.load_journal (run_id);
CREATE INDEX IF NOT EXISTS compliance_log_run_id_idx ON pggit_audit.compliance_log (run_id);

-- Roll back run p_run_id (32 hex digits); see the header of this file for the exact
-- semantics. p_reason goes into the notes of the ROLLED_BACK rows. p_blob_shas limits the
-- blobs considered for removal (NULL: every blob no row references).
-- Returns one row: mode ('deleted', 'superseded', 'nothing to roll back',
-- 'already rolled back'), the rows deleted or superseded per table, and the log_id of the
-- run-level ROLLED_BACK row (NULL when deleting).
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
         WHERE (p_blob_shas IS NULL OR b.blob_sha = ANY (p_blob_shas))
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

-- The views and query functions show live rows only: superseded rows belong to a run
-- that was rolled back (they stay in the tables, and compliance_log tells their story).
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
LEFT JOIN pggit_audit.changes c
       ON c.commit_sha = v.commit_sha
      AND c.object_schema = v.object_schema
      AND c.object_name = v.object_name
      AND c.new_blob_sha = v.blob_sha
      AND c.superseded_by IS NULL
WHERE v.superseded_by IS NULL;

CREATE OR REPLACE VIEW pggit_audit.recent_changes AS
SELECT c.*
FROM pggit_audit.changes c
WHERE c.committed_at >= (now() AT TIME ZONE 'UTC') - interval '30 days'
  AND c.superseded_by IS NULL;

CREATE OR REPLACE VIEW pggit_audit.unverified_changes AS
SELECT c.*
FROM pggit_audit.changes c
WHERE NOT c.verified
  AND c.superseded_by IS NULL;

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
       AND coalesce((SELECT c.change_type
                       FROM pggit_audit.changes c
                      WHERE c.object_schema = p_object_schema AND c.object_name = p_object_name
                        AND c.superseded_by IS NULL
                      ORDER BY c.commit_generation DESC, c.committed_at DESC,
                               c.commit_sha COLLATE "C" DESC, c.path COLLATE "C" DESC
                      LIMIT 1), '') <> 'DROP'
     ORDER BY v.version_number DESC
     LIMIT 1
$fn$;

CREATE OR REPLACE FUNCTION pggit_audit.object_change_history(p_object_schema text, p_object_name text)
RETURNS SETOF pggit_audit.changes
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    SELECT c.*
      FROM pggit_audit.changes c
     WHERE c.object_schema = p_object_schema AND c.object_name = p_object_name
       AND c.superseded_by IS NULL
     ORDER BY c.commit_generation, c.committed_at, c.commit_sha COLLATE "C", c.path COLLATE "C"
$fn$;

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
                   c.commit_sha, c.committed_at, c.author, c.change_type
              FROM pggit_audit.changes c
              LEFT JOIN pggit_audit.blobs b ON b.blob_sha = c.new_blob_sha
             WHERE c.superseded_by IS NULL
               AND (p_max_committed_at IS NULL OR c.committed_at <= p_max_committed_at)
               AND (p_max_generation IS NULL OR c.commit_generation < p_max_generation
                    OR c.commit_sha = p_last_commit_sha)
             ORDER BY c.path COLLATE "C", c.commit_generation DESC, c.committed_at DESC,
                      c.commit_sha COLLATE "C" DESC) s
     WHERE s.change_type <> 'DROP'
     ORDER BY s.path COLLATE "C"
$fn$;

CREATE OR REPLACE FUNCTION pggit_audit.changes_by_author(p_author text)
RETURNS SETOF pggit_audit.changes
LANGUAGE sql
STABLE
STRICT
SET search_path = pg_catalog
AS $fn$
    SELECT c.*
      FROM pggit_audit.changes c
     WHERE strpos(lower(c.author), lower(p_author)) > 0
       AND c.superseded_by IS NULL
     ORDER BY c.commit_generation, c.committed_at, c.commit_sha COLLATE "C", c.path COLLATE "C"
$fn$;

CREATE OR REPLACE FUNCTION pggit_audit.changes_between(p_from timestamptz, p_to timestamptz)
RETURNS SETOF pggit_audit.changes
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog
AS $fn$
BEGIN
    IF p_from IS NULL OR p_to IS NULL THEN
        RAISE EXCEPTION 'pggit_audit.changes_between: both bounds are required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN QUERY
    SELECT c.*
      FROM pggit_audit.changes c
     WHERE c.committed_at >= (p_from AT TIME ZONE 'UTC')
       AND c.committed_at < (p_to AT TIME ZONE 'UTC')
       AND c.superseded_by IS NULL
     ORDER BY c.committed_at, c.commit_generation, c.commit_sha COLLATE "C", c.path COLLATE "C";
END
$fn$;

-- Rolling back is an operator's decision: only the schema owner and superusers may run
-- it (nothing is granted to the pipeline's roles).
REVOKE ALL ON FUNCTION pggit_audit.rollback_run(text, text, text[]) FROM PUBLIC;

DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pggit_audit_reader') THEN
        GRANT SELECT ON pggit_audit.object_history, pggit_audit.recent_changes, pggit_audit.unverified_changes
            TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;
    END IF;
END
$grants$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (7, 'rollback_run(), changes/object_versions.superseded_by, views and queries show live rows only')
ON CONFLICT (version) DO NOTHING;
