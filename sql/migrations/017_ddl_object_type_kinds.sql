-- 017_ddl_object_type_kinds.sql - schema version 17: the fallback object type of
-- extract_ddl_changes(), ddl_object_type(), names every kind of object CREATE makes by
-- all of its words.
--
-- The function promises the kind after CREATE and its modifiers, its blanks turned into
-- '_', but knew only four kinds of more than one word and none of the modifiers TRUSTED,
-- PROCEDURAL and DEFAULT, so it answered with the first word: 'OPERATOR' for an operator
-- class or family, 'USER' for a user mapping (an object that is not a role), 'FOREIGN' for
-- a foreign-data wrapper, 'ACCESS' for an access method, 'TRUSTED' or 'PROCEDURAL' for a
-- language, 'DEFAULT' for a conversion. Now those are OPERATOR_CLASS, OPERATOR_FAMILY,
-- USER_MAPPING, FOREIGN_DATA_WRAPPER, ACCESS_METHOD, LANGUAGE and CONVERSION. USER
-- MAPPING is read only when FOR follows (CREATE USER mapping ... creates a role named
-- mapping). Same signature, so the grants of migration 004 stay.
-- No BEGIN/COMMIT here: the installer owns the transaction.

CREATE OR REPLACE FUNCTION pggit_audit.ddl_object_type(p_ddl text)
RETURNS text
LANGUAGE sql
IMMUTABLE
STRICT
SET search_path = pg_catalog
AS $fn$
    SELECT upper(regexp_replace(
        (regexp_match(
            regexp_replace(p_ddl, '^(\s|--[^\n]*(\n|$)|/\*([^*]|\*+[^*/])*\*+/)*', ''),
            '^CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?'
            '(?:UNIQUE\s+)?(?:RECURSIVE\s+)?(?:CONSTRAINT\s+)?(?:TRUSTED\s+)?(?:PROCEDURAL\s+)?(?:DEFAULT\s+)?'
            '(MATERIALIZED\s+VIEW|FOREIGN\s+DATA\s+WRAPPER|FOREIGN\s+TABLE|EVENT\s+TRIGGER|TEXT\s+SEARCH\s+[A-Z]+'
            '|OPERATOR\s+CLASS|OPERATOR\s+FAMILY|ACCESS\s+METHOD|USER\s+MAPPING(?=\s+(?:IF\s+NOT\s+EXISTS\s+)?FOR\M)'
            '|[A-Z]+)',
            'i'))[1],
        '\s+', '_', 'g'))
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (17, 'ddl_object_type(): every kind of more than one word, and the modifiers TRUSTED, PROCEDURAL, DEFAULT')
ON CONFLICT (version) DO NOTHING;
