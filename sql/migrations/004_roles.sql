-- 004_roles.sql - schema version 4: the three group roles of the audit layer and
-- exactly the rights each needs; nothing in schema pggit_audit is left to PUBLIC.
--
--   pggit_audit_reader    SELECT on every table and view, EXECUTE on the query
--                         functions. For extract_ddl_changes it also needs SELECT on
--                         the pggit_v0 tables, which the store's owner grants.
--   pggit_audit_loader    what the pipeline's loader does: SELECT, INSERT into blobs,
--                         changes, object_versions and load_journal, temporary tables.
--                         No UPDATE or DELETE anywhere, nothing on compliance_log
--                         but SELECT, no DDL (no CREATE on the schema).
--   pggit_audit_verifier  SELECT, and pggit_audit.record_verification(), the only way
--                         it appends to compliance_log and marks changes verified.
--
-- The roles are NOLOGIN groups: grant them to login roles (GRANT pggit_audit_reader TO
-- alice). Roles are cluster-wide, so they are created only when absent; the grants are
-- per database. A migration that adds a table or function must grant it itself.
-- No BEGIN/COMMIT here: the installer owns the transaction.

DO $roles$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['pggit_audit_reader', 'pggit_audit_loader', 'pggit_audit_verifier'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created meanwhile by an install in another database
            END;
        END IF;
    END LOOP;
END
$roles$;

REVOKE ALL ON SCHEMA pggit_audit FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA pggit_audit FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA pggit_audit FROM PUBLIC;
REVOKE ALL ON ALL ROUTINES IN SCHEMA pggit_audit FROM PUBLIC;

-- Start from nothing, so that a rerun by hand cannot leave stale rights behind.
REVOKE ALL ON ALL TABLES IN SCHEMA pggit_audit FROM pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA pggit_audit FROM pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;
REVOKE ALL ON ALL ROUTINES IN SCHEMA pggit_audit FROM pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;

GRANT USAGE ON SCHEMA pggit_audit TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;
GRANT SELECT ON ALL TABLES IN SCHEMA pggit_audit TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;

GRANT INSERT ON pggit_audit.blobs, pggit_audit.changes, pggit_audit.object_versions,
    pggit_audit.load_journal TO pggit_audit_loader;

DO $temp$
BEGIN
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO pggit_audit_loader', current_database());
END
$temp$;

GRANT EXECUTE ON FUNCTION
    pggit_audit.compliance_row_hash(text, bigint, uuid, timestamptz, text, text, text, text, timestamptz),
    pggit_audit.compliance_chain_genesis(),
    pggit_audit.verify_log_chain(),
    pggit_audit.split_path(text),
    pggit_audit.ddl_object_type(text),
    pggit_audit.extract_ddl_changes(text, text),
    pggit_audit.current_version(text, text),
    pggit_audit.object_change_history(text, text),
    pggit_audit.replay_changes(int, text, timestamp),
    pggit_audit.schema_at(timestamptz),
    pggit_audit.schema_at_commit(text),
    pggit_audit.changes_by_author(text),
    pggit_audit.changes_between(timestamptz, timestamptz)
TO pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier;

GRANT EXECUTE ON FUNCTION pggit_audit.record_verification(uuid, text, text, text) TO pggit_audit_verifier;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (4, 'roles pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier; no PUBLIC rights')
ON CONFLICT (version) DO NOTHING;
