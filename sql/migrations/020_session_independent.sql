-- 020_session_independent.sql - schema version 20: the functions give the same answer
-- whatever the calling session set.
--
--  * split_path() and ddl_object_type() hold regular expressions with backslashes ('\s',
--    '\.') in ordinary string literals. A function body is parsed when it runs, under the
--    caller's standard_conforming_strings: with it off (a session, a role or a database
--    may set that) '\s' read as 's', so ddl_object_type() failed ("quantifier operand
--    invalid") and split_path() took '\.' for any character; extract_ddl_changes(),
--    which calls both, failed or misnamed objects. Both now run with
--    standard_conforming_strings on.
--  * Every function whose search_path was pg_catalog alone now has pg_catalog, pg_temp:
--    when pg_temp is not in the path it is searched first for tables and types, so a
--    temporary table named "text" turned the casts to text of verify_log_chain() (the
--    chain's serialisation) into casts to that table's row type, and the verification
--    failed. With pg_temp last, no temporary object stands in for a catalog one.
-- No BEGIN/COMMIT here: the installer owns the transaction.

ALTER FUNCTION pggit_audit.split_path(text) SET standard_conforming_strings = on;
ALTER FUNCTION pggit_audit.ddl_object_type(text) SET standard_conforming_strings = on;

DO $pin$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure
          FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname IN ('pggit_audit', 'pggit_audit_guard')
           AND 'search_path=pg_catalog' = ANY (p.proconfig)
         ORDER BY p.oid
    LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, pg_temp', f);
    END LOOP;
END
$pin$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (20, 'functions independent of the session''s standard_conforming_strings and temporary objects')
ON CONFLICT (version) DO NOTHING;
