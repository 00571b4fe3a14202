-- 08_session_settings.sql - pgTAP: the audit functions answer the same whatever the session
-- set: a chain written under unusual TimeZone, DateStyle, IntervalStyle, extra_float_digits,
-- bytea_output, standard_conforming_strings and client_encoding verifies under others;
-- split_path() and ddl_object_type() (regular expressions in string literals) work with
-- standard_conforming_strings off; a temporary table named like a catalog type does not
-- stand in for it inside verify_log_chain(); every function that fixes its search_path
-- puts pg_temp last (migration 020); and the helpers the planner inlines, with the views
-- and functions that call them, give the same answers under a search_path whose first
-- schema shadows the operators, functions and types they use (migration 023).
BEGIN;
SELECT plan(12);

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

-- a search_path that puts first a schema shadowing what the inlined helpers use (as a
-- database owner can set for everybody): every shadow raises, and each probe must give
-- under it what it gives under the default path
CREATE SCHEMA tap_shadow;
CREATE FUNCTION tap_shadow.boom() RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'a shadowing object ran'; END $$;
CREATE FUNCTION tap_shadow.cat(text, text) RETURNS text LANGUAGE sql AS 'SELECT tap_shadow.boom()';
CREATE FUNCTION tap_shadow.icat(integer, text) RETURNS text LANGUAGE sql AS 'SELECT tap_shadow.boom()';
CREATE FUNCTION tap_shadow.bcat(bigint, text) RETURNS text LANGUAGE sql AS 'SELECT tap_shadow.boom()';
CREATE FUNCTION tap_shadow.tcmp(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT tap_shadow.boom() IS NULL';
CREATE FUNCTION tap_shadow.isub(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT length(tap_shadow.boom())';
CREATE OPERATOR tap_shadow.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = tap_shadow.cat);
CREATE OPERATOR tap_shadow.|| (LEFTARG = integer, RIGHTARG = text, FUNCTION = tap_shadow.icat);
CREATE OPERATOR tap_shadow.|| (LEFTARG = bigint, RIGHTARG = text, FUNCTION = tap_shadow.bcat);
CREATE OPERATOR tap_shadow.= (LEFTARG = text, RIGHTARG = text, FUNCTION = tap_shadow.tcmp);
CREATE OPERATOR tap_shadow.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = tap_shadow.tcmp);
CREATE OPERATOR tap_shadow.- (LEFTARG = integer, RIGHTARG = integer, FUNCTION = tap_shadow.isub);
CREATE FUNCTION tap_shadow.length(text) RETURNS integer LANGUAGE sql AS 'SELECT length(tap_shadow.boom())';
CREATE FUNCTION tap_shadow.to_char(timestamp, text) RETURNS text LANGUAGE sql AS 'SELECT tap_shadow.boom()';
CREATE FUNCTION tap_shadow.encode(bytea, text) RETURNS text LANGUAGE sql AS 'SELECT tap_shadow.boom()';
CREATE FUNCTION tap_shadow.sha256(bytea) RETURNS bytea LANGUAGE sql AS 'SELECT tap_shadow.boom()::bytea';
CREATE FUNCTION tap_shadow.convert_to(text, name) RETURNS bytea LANGUAGE sql AS 'SELECT tap_shadow.boom()::bytea';
CREATE FUNCTION tap_shadow.repeat(text, integer) RETURNS text LANGUAGE sql AS 'SELECT tap_shadow.boom()';
CREATE FUNCTION tap_shadow.left(text, integer) RETURNS text LANGUAGE sql AS 'SELECT tap_shadow.boom()';
CREATE FUNCTION tap_shadow.substr(text, integer, integer) RETURNS text LANGUAGE sql AS 'SELECT tap_shadow.boom()';
CREATE FUNCTION tap_shadow.array_append(text[], text) RETURNS text[] LANGUAGE sql AS 'SELECT ARRAY[tap_shadow.boom()]';
CREATE FUNCTION tap_shadow.generate_series(integer, integer) RETURNS SETOF integer LANGUAGE sql AS 'SELECT length(tap_shadow.boom())';
CREATE DOMAIN tap_shadow.text AS varchar CHECK (tap_shadow.boom() IS NULL);

INSERT INTO pggit_audit.blobs (blob_sha, definition, object_type, object_schema, object_name, parent_schema, parent_name)
VALUES ('tap08_b', 'CREATE TRIGGER trg ... ON tap08.t08', 'trigger', 'tap08', 'trg', 'tap08', 't08');
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    object_type, change_type, old_blob_sha, new_blob_sha, author, committed_at)
VALUES ('00000000-0000-0000-0000-000000000801', 'tap08c', 1, 'tap08.trg', 'tap08', 'trg', 'trigger', 'CREATE',
        NULL, 'tap08_b', 'Ann', '2026-02-01 00:00');
INSERT INTO pggit_audit.object_versions (version_id, object_schema, object_name, object_type, version_number,
    definition, blob_sha, commit_sha, created_at)
VALUES ('00000000-0000-0000-0000-000000000802', 'tap08', 'trg on t08', 'trigger', 1, 'x', 'tap08_b', 'tap08c',
        '2026-02-01 00:00');

CREATE TEMP TABLE tap_probe (name varchar, query varchar, plain varchar, shadowed varchar);
INSERT INTO tap_probe (name, query) VALUES
 ('object_history', $q$SELECT o.change_id::pg_catalog.text FROM pggit_audit.object_history o WHERE o.blob_sha OPERATOR(pg_catalog.=) 'tap08_b'$q$),
 ('compliance_utc', $q$SELECT pggit_audit.compliance_utc('2026-01-02 03:04:05.5+00'::pg_catalog.timestamptz)$q$),
 ('compliance_row_digest', $q$SELECT pggit_audit.compliance_row_digest('p', 7, NULL, 'a', 'b', 'c', 'd', 'e', 'f')$q$),
 ('compliance_row_hash', $q$SELECT pggit_audit.compliance_row_hash(NULL, 7, '00000000-0000-0000-0000-000000000801', '2026-01-02 03:04:05+00', 'b', 'PASSED', 'n', 'r', '2026-01-02 03:04:05+00')$q$),
 ('compliance_chain_genesis', $q$SELECT pggit_audit.compliance_chain_genesis()$q$),
 ('version_side_name', $q$SELECT pggit_audit.version_side_name('OK', 'CREATE TRIGGER', 'trigger', 'trg', 't', 'p', 'x')$q$),
 ('version_side_name of no object', $q$SELECT pggit_audit.version_side_name('NO_OBJECT', NULL, NULL, NULL, NULL, 'p', 'x')$q$),
 ('version_side_schema', $q$SELECT pggit_audit.version_side_schema('UNKNOWN', NULL, NULL, NULL, 'x')$q$),
 ('version_name_candidates', $q$SELECT pggit_audit.version_name_candidates('a on b on c')::pg_catalog.text$q$),
 ('evidence_note', $q$SELECT pggit_audit.evidence_note(1, 'bag', 'sha', 10, 'tm')$q$),
 ('verify_log_chain', $q$SELECT pg_catalog.count(*)::pg_catalog.text FROM pggit_audit.verify_log_chain()$q$),
 ('current_version', $q$SELECT v.version_number::pg_catalog.text FROM pggit_audit.current_version('tap08', 'trg on t08') v$q$),
 ('object_change_history', $q$SELECT pg_catalog.count(*)::pg_catalog.text FROM pggit_audit.object_change_history('tap08', 'trg on t08')$q$),
 ('the shadow itself', $q$SELECT 'a'::pg_catalog.text || 'b'::pg_catalog.text$q$);
DO $$
DECLARE
    p record;
    r varchar;
BEGIN
    FOR p IN SELECT t.name, t.query FROM tap_probe t LOOP
        EXECUTE p.query INTO r;
        UPDATE tap_probe t SET plain = r WHERE t.name = p.name;
    END LOOP;
    PERFORM pg_catalog.set_config('search_path', 'tap_shadow, pg_catalog', true);
    FOR p IN SELECT t.name, t.query FROM tap_probe t LOOP
        BEGIN
            EXECUTE p.query INTO r;
        EXCEPTION WHEN OTHERS THEN
            r := pg_catalog.concat('error: ', SQLERRM);
        END;
        UPDATE tap_probe t SET shadowed = r WHERE t.name OPERATOR(pg_catalog.=) p.name;
    END LOOP;
    PERFORM pg_catalog.set_config('search_path', 'public', true);
END
$$;
RESET search_path;
SELECT is((SELECT shadowed::text FROM tap_probe WHERE name = 'the shadow itself'), 'error: a shadowing object ran',
    'the shadowing search_path is in force for the probes');
SELECT is_empty($$SELECT name, plain, shadowed FROM tap_probe
                   WHERE name <> 'the shadow itself' AND shadowed IS DISTINCT FROM plain$$,
    'inlined helpers, views and query functions: the same answers under a search_path that shadows pg_catalog');

SELECT * FROM finish();
ROLLBACK;
