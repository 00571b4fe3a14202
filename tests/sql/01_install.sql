-- 01_install.sql - pgTAP: the installed pggit_audit schema has exactly the tables,
-- columns, keys, indexes, views, triggers, functions and version rows it promises.
BEGIN;
SELECT plan(45);

SELECT has_schema('pggit_audit');
SELECT tables_are('pggit_audit', ARRAY['schema_version', 'blobs', 'changes', 'object_versions',
    'compliance_log', 'load_journal', 'compliance_chain_head', 'evidence_archives']);
SELECT views_are('pggit_audit', ARRAY['object_history', 'recent_changes', 'unverified_changes',
    'compliance_summary']);

SELECT columns_are('pggit_audit', 'schema_version', ARRAY['version', 'description', 'installed_at']);
SELECT columns_are('pggit_audit', 'blobs', ARRAY['blob_sha', 'definition', 'object_type', 'object_schema',
    'object_name', 'parent_schema', 'parent_name', 'command_tag', 'parse_status', 'parse_error', 'classification', 'run_id']);
SELECT columns_are('pggit_audit', 'changes', ARRAY['change_id', 'commit_sha', 'commit_generation', 'path',
    'object_schema', 'object_name', 'object_type', 'change_type', 'old_blob_sha', 'new_blob_sha',
    'old_definition', 'new_definition', 'author', 'committer', 'committed_at', 'commit_message',
    'backfilled_from_v1', 'verified', 'severity', 'formatting_only', 'change_detail', 'run_id', 'superseded_by']);
SELECT columns_are('pggit_audit', 'object_versions', ARRAY['version_id', 'object_schema', 'object_name',
    'object_type', 'version_number', 'definition', 'blob_sha', 'commit_sha', 'created_at', 'run_id', 'superseded_by']);
SELECT columns_are('pggit_audit', 'compliance_log', ARRAY['log_id', 'change_id', 'verified_at', 'verified_by',
    'verification_status', 'notes', 'run_id', 'created_at', 'prev_hash', 'row_hash', 'evidence_id']);
SELECT columns_are('pggit_audit', 'load_journal', ARRAY['batch_key', 'kind', 'artifact', 'artifact_sha256',
    'batch_no', 'first_row', 'row_count', 'rows_inserted', 'run_id', 'loaded_at', 'batch_rows', 'batch_bytes']);

SELECT col_is_pk('pggit_audit', 'schema_version', 'version', 'schema_version key');
SELECT col_is_pk('pggit_audit', 'blobs', 'blob_sha', 'blobs key');
SELECT col_is_pk('pggit_audit', 'changes', 'change_id', 'changes key');
SELECT col_is_pk('pggit_audit', 'object_versions', 'version_id', 'object_versions key');
SELECT col_is_pk('pggit_audit', 'compliance_log', 'log_id', 'compliance_log key');
SELECT col_is_pk('pggit_audit', 'load_journal', 'batch_key', 'load_journal key');
SELECT col_is_unique('pggit_audit', 'changes', ARRAY['commit_sha', 'path'], 'changes unique (commit_sha, path)');
SELECT col_is_unique('pggit_audit', 'object_versions', ARRAY['object_schema', 'object_name', 'version_number'],
    'object_versions unique (schema, name, version_number)');
SELECT fk_ok('pggit_audit', 'compliance_log', 'change_id', 'pggit_audit', 'changes', 'change_id');
SELECT col_type_is('pggit_audit', 'changes', 'committed_at', 'timestamp without time zone', 'committed_at is a UTC timestamp');
SELECT col_not_null('pggit_audit', 'compliance_log', 'row_hash', 'row_hash is mandatory');
SELECT col_default_is('pggit_audit', 'blobs', 'parse_status', 'OK', 'parse_status defaults to OK');

SELECT has_index('pggit_audit', 'changes', 'changes_commit_sha_idx', ARRAY['commit_sha']);
SELECT has_index('pggit_audit', 'changes', 'changes_object_idx', ARRAY['object_schema', 'object_name']);
SELECT has_index('pggit_audit', 'changes', 'changes_committed_at_idx', ARRAY['committed_at']);
SELECT has_index('pggit_audit', 'changes', 'changes_old_blob_sha_idx', ARRAY['old_blob_sha']);
SELECT has_index('pggit_audit', 'object_versions', 'object_versions_commit_sha_idx', ARRAY['commit_sha']);
SELECT has_index('pggit_audit', 'compliance_log', 'compliance_log_change_id_idx', ARRAY['change_id']);

SELECT has_trigger('pggit_audit', 'compliance_log', 'compliance_log_no_update_delete'::name, 'trigger compliance_log_no_update_delete');
SELECT has_trigger('pggit_audit', 'compliance_log', 'compliance_log_no_truncate'::name, 'trigger compliance_log_no_truncate');
SELECT has_trigger('pggit_audit', 'compliance_log', 'compliance_log_chain'::name, 'trigger compliance_log_chain');
SELECT has_trigger('pggit_audit', 'changes', 'changes_superseded_not_verified'::name, 'trigger changes_superseded_not_verified');
SELECT has_index('pggit_audit', 'blobs', 'blobs_run_id_idx', ARRAY['run_id']);

SELECT has_function('pggit_audit', 'extract_ddl_changes', ARRAY['text', 'text']);
SELECT has_function('pggit_audit', 'schema_at', ARRAY['timestamp with time zone']);
SELECT has_function('pggit_audit', 'schema_at_commit', ARRAY['text']);
SELECT has_function('pggit_audit', 'verify_log_chain', '{}'::name[]);
SELECT is_definer('pggit_audit', 'record_verification', ARRAY['uuid', 'text', 'text', 'text'],
    'record_verification is SECURITY DEFINER');
SELECT ok((SELECT proconfig @> ARRAY['search_path=pg_catalog, pg_temp'] FROM pg_proc
            WHERE oid = 'pggit_audit.record_verification(uuid,text,text,text)'::regprocedure),
          'record_verification has a fixed search_path');
SELECT bag_eq($$SELECT evtname::text FROM pg_event_trigger WHERE evtname LIKE 'pggit_audit%'$$,
              ARRAY['pggit_audit_forbid_ddl', 'pggit_audit_forbid_drop', 'pggit_audit_forbid_ddl_start'],
              'DDL guard event triggers installed');
-- the guard function lives outside pggit_audit, so that nothing done to that schema (by its
-- owner, DROP SCHEMA ... CASCADE) drops the event triggers with it (migration 015)
SELECT is((SELECT array_agg(DISTINCT evtfoid::regprocedure::text) FROM pg_event_trigger WHERE evtname LIKE 'pggit_audit%'),
          ARRAY['pggit_audit_guard.forbid_ddl()'], 'the event triggers call pggit_audit_guard.forbid_ddl()');
SELECT is((SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'pggit_audit_guard'), current_user::text,
          'the guard schema belongs to the installing superuser');

-- the exact list is checked against sql/migrations/ by test_sql_pgtap.sh
SELECT ok(ARRAY[1, 2, 3, 4] <@ (SELECT array_agg(version) FROM pggit_audit.schema_version),
          'schema_version holds every migration');
SELECT has_role('pggit_audit_reader');
SELECT has_role('pggit_audit_loader');
SELECT has_role('pggit_audit_verifier');

SELECT * FROM finish();
ROLLBACK;
