-- 08_session_settings.sql - pgTAP: the audit functions answer the same whatever the session
-- set: a chain written under unusual TimeZone, DateStyle, IntervalStyle, extra_float_digits,
-- bytea_output, standard_conforming_strings and client_encoding verifies under others;
-- split_path() and ddl_object_type() (regular expressions in string literals) work with
-- standard_conforming_strings off; a temporary table named like a catalog type does not
-- stand in for it inside verify_log_chain(); and every function that fixes its search_path
-- puts pg_temp last (migration 020).
BEGIN;
SELECT plan(10);

-- every function reads its literals and names the same way in every session
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE n.nspname IN ('pggit_audit', 'pggit_audit_guard') AND p.prosrc LIKE '%\\%'
                     AND NOT ('standard_conforming_strings=on' = ANY (coalesce(p.proconfig, '{}')))$$,
    'a function whose body holds a backslash fixes standard_conforming_strings');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace,
                         unnest(p.proconfig) s
                   WHERE n.nspname IN ('pggit_audit', 'pggit_audit_guard') AND s LIKE 'search_path=%'
                     AND s NOT LIKE '%, pg\_temp'$$,
    'a function that fixes its search_path puts pg_temp last');

SET LOCAL standard_conforming_strings = off;
SET LOCAL escape_string_warning = off;
CREATE TEMP TABLE tap_scs AS
SELECT pggit_audit.ddl_object_type('-- c
CREATE  MATERIALIZED VIEW s.v AS SELECT 1') AS kind,
       (pggit_audit.split_path('a.b')).object_schema AS dotted_schema,
       (pggit_audit.split_path('ab')).object_schema AS plain_schema,
       (pggit_audit.split_path('axb')).object_schema AS x_schema;
RESET standard_conforming_strings;
SELECT is((SELECT kind FROM tap_scs), 'MATERIALIZED_VIEW', 'ddl_object_type with standard_conforming_strings off');
SELECT is((SELECT dotted_schema FROM tap_scs), 'a', 'split_path splits at the dot with standard_conforming_strings off');
SELECT is((SELECT x_schema FROM tap_scs), 'axb', 'split_path: any other character is not a dot');

-- a chain written under unusual settings verifies under others
SET LOCAL TimeZone = 'Pacific/Chatham';
SET LOCAL DateStyle = 'SQL, DMY';
SET LOCAL IntervalStyle = 'sql_standard';
SET LOCAL extra_float_digits = -15;
SET LOCAL bytea_output = 'escape';
SET LOCAL standard_conforming_strings = off;
SET LOCAL client_encoding = 'LATIN1';
INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes, verified_at)
VALUES (NULL, 'tap08', 'PASSED', 'é \ backslash', '2026-03-29 02:30:00.123456');
SELECT pggit_audit.record_verifications(ARRAY[NULL, NULL]::uuid[], ARRAY['PASSED', 'FAILED'], ARRAY['a', 'b'], 'tap08');
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'the chain verifies under the settings it was written in');
RESET TimeZone; RESET DateStyle; RESET IntervalStyle; RESET extra_float_digits; RESET bytea_output;
RESET standard_conforming_strings; RESET client_encoding;
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'and under the defaults');
SET LOCAL TimeZone = 'America/St_Johns';
SET LOCAL DateStyle = 'German, YMD';
SET LOCAL IntervalStyle = 'iso_8601';
SELECT is_empty('SELECT * FROM pggit_audit.verify_log_chain()', 'and under others');
RESET TimeZone; RESET DateStyle; RESET IntervalStyle;
SELECT is((SELECT verified_at AT TIME ZONE 'UTC' FROM pggit_audit.compliance_log WHERE verified_by = 'tap08'),
    '2026-03-28 12:45:00.123456'::timestamp, 'a time without offset was read in the writing session''s TimeZone');

-- a temporary table named like a type: while it exists, the session's own unqualified
-- names of that type are its row type, so the outcome is kept in a table made before
CREATE TEMP TABLE tap_shadow (outcome varchar);
DO $$
BEGIN
    CREATE TEMP TABLE "text" (a int);
    BEGIN
        INSERT INTO tap_shadow SELECT 'problems: ' || count(*) FROM pggit_audit.verify_log_chain();
    EXCEPTION WHEN OTHERS THEN
        INSERT INTO tap_shadow VALUES ('error: ' || SQLERRM);
    END;
    DROP TABLE pg_temp."text";
END
$$;
SELECT is((SELECT outcome::text FROM tap_shadow), 'problems: 0',
    'verify_log_chain with a temporary table named "text" in the session');

SELECT * FROM finish();
ROLLBACK;
