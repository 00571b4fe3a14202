-- 012_loader_columns.sql - schema version 12: pggit_audit_loader may insert every column of
-- changes and object_versions that the load stage writes, and no longer verified or
-- superseded_by.
--
-- With INSERT on the whole table (migration 004) the loader could insert a change with
-- verified = true, which then counted as verified without any compliance_log row (it was
-- missing from unverified_changes), or rows with superseded_by set, which every view and
-- query function hides as rolled back. Only the verifier (record_verification(s)) and
-- rollback_run() decide those columns; a loaded row takes their defaults (false, NULL).
-- INSERT ... ON CONFLICT DO NOTHING needs nothing more.
-- No BEGIN/COMMIT here: the installer owns the transaction.

REVOKE INSERT ON pggit_audit.changes, pggit_audit.object_versions FROM pggit_audit_loader;

GRANT INSERT (change_id, commit_sha, commit_generation, path, object_schema, object_name, object_type,
              change_type, old_blob_sha, new_blob_sha, old_definition, new_definition, author, committer,
              committed_at, commit_message, backfilled_from_v1, severity, formatting_only, change_detail,
              run_id)
    ON pggit_audit.changes TO pggit_audit_loader;

GRANT INSERT (version_id, object_schema, object_name, object_type, version_number, definition, blob_sha,
              commit_sha, created_at, run_id)
    ON pggit_audit.object_versions TO pggit_audit_loader;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (12, 'pggit_audit_loader inserts changes and object_versions without verified and superseded_by')
ON CONFLICT (version) DO NOTHING;
