-- 005_evidence.sql - schema version 5: evidence archives. `pggit-audit archive` packs a
-- run's work directory into one BagIt bag (pax tar + zstd) and records the archive's
-- SHA-256 here, so that the database and the archive vouch for each other:
--
--  * pggit_audit.evidence_archives: one row per distinct archive of a run (run_id,
--    archive SHA-256 and size, SHA-256 of the bag's tagmanifest-sha256.txt, bag name,
--    tool version, signing key id). Append-only, like compliance_log.
--  * compliance_log.evidence_id: the compliance_log row that record_evidence() appends
--    for each new archive points at its evidence row. The hash chain of migration 002
--    does not cover this column (changing the chain's serialisation would break every
--    chain already written), so the same row's notes, which the chain does cover,
--    repeat the archive's SHA-256, size, tagmanifest SHA-256 and evidence_id: editing
--    evidence_archives, or re-pointing evidence_id, shows as a mismatch between the
--    two, and editing the notes breaks the chain.
--  * pggit_audit.record_evidence(): the only way to write both (SECURITY DEFINER,
--    fixed search_path), granted to pggit_audit_verifier. Recording the same archive
--    of the same run again returns the existing evidence_id and appends nothing.
-- No BEGIN/COMMIT here: the installer owns the transaction.

CREATE TABLE IF NOT EXISTS pggit_audit.evidence_archives (
    evidence_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id             text NOT NULL,
    archive_sha256     text NOT NULL CHECK (archive_sha256 ~ '^[0-9a-f]{64}$'),
    archive_bytes      bigint NOT NULL CHECK (archive_bytes > 0),
    tagmanifest_sha256 text NOT NULL CHECK (tagmanifest_sha256 ~ '^[0-9a-f]{64}$'),
    bag_name           text NOT NULL,
    tool_version       text NOT NULL,
    run_status         text NOT NULL CHECK (run_status IN ('PASSED', 'FAILED')),
    signing_key_id     text CHECK (signing_key_id ~ '^[0-9a-f]{64}$'),
    recorded_by        text NOT NULL DEFAULT session_user,
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (run_id, archive_sha256)
);

ALTER TABLE pggit_audit.compliance_log
    ADD COLUMN IF NOT EXISTS evidence_id bigint REFERENCES pggit_audit.evidence_archives (evidence_id);
CREATE INDEX IF NOT EXISTS compliance_log_evidence_id_idx ON pggit_audit.compliance_log (evidence_id);
CREATE INDEX IF NOT EXISTS evidence_archives_run_id_idx ON pggit_audit.evidence_archives (run_id);

-- evidence_archives is append-only for every role (the owner and superusers too; a
-- superuser can disable triggers, which the notes of the chained compliance_log row
-- then reveal).
CREATE OR REPLACE FUNCTION pggit_audit.evidence_reject_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
BEGIN
    RAISE EXCEPTION 'pggit_audit.evidence_archives is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Record a new archive with pggit_audit.record_evidence() instead.';
END
$fn$;

CREATE OR REPLACE TRIGGER evidence_archives_no_update_delete
    BEFORE UPDATE OR DELETE ON pggit_audit.evidence_archives
    FOR EACH ROW EXECUTE FUNCTION pggit_audit.evidence_reject_change();
CREATE OR REPLACE TRIGGER evidence_archives_no_truncate
    BEFORE TRUNCATE ON pggit_audit.evidence_archives
    FOR EACH STATEMENT EXECUTE FUNCTION pggit_audit.evidence_reject_change();

-- The notes text of the compliance_log row of an evidence archive. Also used by
-- `pggit-audit archive --verify --target` to compare the chained row with the
-- evidence row.
CREATE OR REPLACE FUNCTION pggit_audit.evidence_note(
    p_evidence_id bigint, p_bag_name text, p_archive_sha256 text, p_archive_bytes bigint,
    p_tagmanifest_sha256 text)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $fn$
    SELECT 'evidence archive ' || p_bag_name || ' sha256:' || p_archive_sha256 ||
           ' bytes:' || p_archive_bytes || ' tagmanifest-sha256:' || p_tagmanifest_sha256 ||
           ' evidence_id:' || p_evidence_id
$fn$;

-- Record an archive of run p_run_id and return its evidence_id. A new archive gets an
-- evidence row and one compliance_log row (change_id NULL, status = the run's
-- verification status, notes = evidence_note(...), evidence_id set), in the caller's
-- transaction; the same (run, archive) again returns the existing id and adds nothing.
CREATE OR REPLACE FUNCTION pggit_audit.record_evidence(
    p_run_id text, p_archive_sha256 text, p_archive_bytes bigint, p_tagmanifest_sha256 text,
    p_bag_name text, p_tool_version text, p_run_status text, p_signing_key_id text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    new_id bigint;
BEGIN
    IF p_run_id IS NULL OR p_run_id = '' OR p_bag_name IS NULL OR p_tool_version IS NULL
       OR p_archive_bytes IS NULL THEN
        RAISE EXCEPTION 'pggit_audit.record_evidence: run_id, bag name, size and tool version are required'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO pggit_audit.evidence_archives (run_id, archive_sha256, archive_bytes, tagmanifest_sha256,
                                               bag_name, tool_version, run_status, signing_key_id)
    VALUES (p_run_id, p_archive_sha256, p_archive_bytes, p_tagmanifest_sha256, p_bag_name,
            p_tool_version, p_run_status, p_signing_key_id)
    ON CONFLICT (run_id, archive_sha256) DO NOTHING
    RETURNING evidence_id INTO new_id;
    IF new_id IS NULL THEN
        SELECT e.evidence_id INTO new_id
          FROM pggit_audit.evidence_archives e
         WHERE e.run_id = p_run_id AND e.archive_sha256 = p_archive_sha256;
        RETURN new_id;
    END IF;
    INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes, run_id, evidence_id)
    VALUES (NULL, session_user, p_run_status,
            pggit_audit.evidence_note(new_id, p_bag_name, p_archive_sha256, p_archive_bytes, p_tagmanifest_sha256),
            p_run_id, new_id);
    RETURN new_id;
END
$fn$;

REVOKE ALL ON pggit_audit.evidence_archives FROM PUBLIC;
REVOKE ALL ON FUNCTION pggit_audit.evidence_reject_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION pggit_audit.evidence_note(bigint, text, text, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION pggit_audit.record_evidence(text, text, bigint, text, text, text, text, text) FROM PUBLIC;

DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pggit_audit_reader') THEN
        GRANT SELECT ON pggit_audit.evidence_archives
            TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;
        GRANT EXECUTE ON FUNCTION pggit_audit.evidence_note(bigint, text, text, bigint, text)
            TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;
        GRANT EXECUTE ON FUNCTION
            pggit_audit.record_evidence(text, text, bigint, text, text, text, text, text)
            TO pggit_audit_verifier;
    END IF;
END
$grants$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (5, 'evidence_archives, compliance_log.evidence_id, record_evidence')
ON CONFLICT (version) DO NOTHING;
