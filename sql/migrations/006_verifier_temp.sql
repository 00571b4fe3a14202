-- 006_verifier_temp.sql - the verifier stage compares the target with the artifacts in
-- temporary tables (verify_versions, verify_results), so pggit_audit_verifier needs
-- TEMPORARY on the database, as the loader already has. Nothing else changes: the verifier
-- still writes compliance_log only through pggit_audit.record_verification().
-- No BEGIN/COMMIT here: the installer owns the transaction.

DO $temp$
BEGIN
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO pggit_audit_verifier', current_database());
END
$temp$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (6, 'pggit_audit_verifier may create temporary tables')
ON CONFLICT (version) DO NOTHING;
