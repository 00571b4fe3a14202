-- 023_inlined_helpers_qualified.sql - schema version 23: the helpers that the planner
-- inlines name every function, operator and type in pg_catalog.
--
-- compliance_row_digest(), compliance_utc(), compliance_chain_genesis(), version_name(),
-- version_name_candidates() and evidence_note() have no SET clause, so that the planner
-- can inline them. An inlined body is parsed when the calling query is planned, under
-- the search_path of the session running it, not under that of the function the call was
-- written in. The view object_history calls version_name(): whoever queried it ran the
-- || and <> found first in their search_path. A database owner who is not a superuser
-- can set one for everybody (ALTER DATABASE ... SET search_path = own_schema, pg_catalog)
-- and put an operator || (text, text) there: a superuser's SELECT from object_history
-- then ran that operator's function with superuser rights (and compliance_utc(),
-- called directly, returned whatever a shadowing to_char() said). Each body now
-- names pg_catalog's objects explicitly (OPERATOR(pg_catalog.||), pg_catalog.text...),
-- so it means the same under any search_path and is still inlined. The strings hashed
-- are byte for byte those of migrations 002 and 009: every chain written still verifies.
-- version_schema() calls nothing (CASE, IS NULL and coalesce are syntax) and stays.
-- Same signatures, so the grants stay.
-- No BEGIN/COMMIT here: the installer owns the transaction.

CREATE OR REPLACE FUNCTION pggit_audit.compliance_chain_genesis()
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $fn$ SELECT pg_catalog.repeat('0'::pg_catalog.text, 64) $fn$;

-- AT TIME ZONE is the parser's pg_catalog.timezone(), whatever the search_path.
CREATE OR REPLACE FUNCTION pggit_audit.compliance_utc(p_ts timestamptz)
RETURNS text
LANGUAGE sql
STABLE  -- to_char; no locale-dependent pattern is used
AS $fn$
    SELECT pg_catalog.to_char(p_ts AT TIME ZONE 'UTC'::pg_catalog.text,
                              'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'::pg_catalog.text)
$fn$;

CREATE OR REPLACE FUNCTION pggit_audit.compliance_row_digest(
    p_prev_hash text, p_log_id bigint, p_change_id uuid, p_verified_at_utc text,
    p_verified_by text, p_verification_status text, p_notes text, p_run_id text,
    p_created_at_utc text)
RETURNS text
LANGUAGE sql
STABLE  -- as convert_to()
AS $fn$
    SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to('pggit_audit.compliance_log/1;'::pg_catalog.text
        OPERATOR(pg_catalog.||) coalesce(pg_catalog.length(p_prev_hash) OPERATOR(pg_catalog.||) ':'::pg_catalog.text
            OPERATOR(pg_catalog.||) p_prev_hash OPERATOR(pg_catalog.||) ';'::pg_catalog.text, 'N;'::pg_catalog.text)
        OPERATOR(pg_catalog.||) coalesce(pg_catalog.length(p_log_id::pg_catalog.text) OPERATOR(pg_catalog.||) ':'::pg_catalog.text
            OPERATOR(pg_catalog.||) p_log_id::pg_catalog.text OPERATOR(pg_catalog.||) ';'::pg_catalog.text, 'N;'::pg_catalog.text)
        OPERATOR(pg_catalog.||) coalesce(pg_catalog.length(p_change_id::pg_catalog.text) OPERATOR(pg_catalog.||) ':'::pg_catalog.text
            OPERATOR(pg_catalog.||) p_change_id::pg_catalog.text OPERATOR(pg_catalog.||) ';'::pg_catalog.text, 'N;'::pg_catalog.text)
        OPERATOR(pg_catalog.||) coalesce(pg_catalog.length(p_verified_at_utc) OPERATOR(pg_catalog.||) ':'::pg_catalog.text
            OPERATOR(pg_catalog.||) p_verified_at_utc OPERATOR(pg_catalog.||) ';'::pg_catalog.text, 'N;'::pg_catalog.text)
        OPERATOR(pg_catalog.||) coalesce(pg_catalog.length(p_verified_by) OPERATOR(pg_catalog.||) ':'::pg_catalog.text
            OPERATOR(pg_catalog.||) p_verified_by OPERATOR(pg_catalog.||) ';'::pg_catalog.text, 'N;'::pg_catalog.text)
        OPERATOR(pg_catalog.||) coalesce(pg_catalog.length(p_verification_status) OPERATOR(pg_catalog.||) ':'::pg_catalog.text
            OPERATOR(pg_catalog.||) p_verification_status OPERATOR(pg_catalog.||) ';'::pg_catalog.text, 'N;'::pg_catalog.text)
        OPERATOR(pg_catalog.||) coalesce(pg_catalog.length(p_notes) OPERATOR(pg_catalog.||) ':'::pg_catalog.text
            OPERATOR(pg_catalog.||) p_notes OPERATOR(pg_catalog.||) ';'::pg_catalog.text, 'N;'::pg_catalog.text)
        OPERATOR(pg_catalog.||) coalesce(pg_catalog.length(p_run_id) OPERATOR(pg_catalog.||) ':'::pg_catalog.text
            OPERATOR(pg_catalog.||) p_run_id OPERATOR(pg_catalog.||) ';'::pg_catalog.text, 'N;'::pg_catalog.text)
        OPERATOR(pg_catalog.||) coalesce(pg_catalog.length(p_created_at_utc) OPERATOR(pg_catalog.||) ':'::pg_catalog.text
            OPERATOR(pg_catalog.||) p_created_at_utc OPERATOR(pg_catalog.||) ';'::pg_catalog.text, 'N;'::pg_catalog.text),
        'UTF8'::pg_catalog.name)), 'hex'::pg_catalog.text)
$fn$;

CREATE OR REPLACE FUNCTION pggit_audit.version_name(p_blob_type text, p_blob_name text, p_blob_parent_name text,
                                                    p_change_name text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $fn$
    SELECT CASE WHEN p_blob_name IS NULL THEN p_change_name
                WHEN p_blob_parent_name IS NOT NULL AND p_blob_type IS NOT NULL
                     AND p_blob_type OPERATOR(pg_catalog.<>) 'index'::pg_catalog.text
                THEN p_blob_name OPERATOR(pg_catalog.||) ' on '::pg_catalog.text OPERATOR(pg_catalog.||) p_blob_parent_name
                ELSE p_blob_name END
$fn$;

CREATE OR REPLACE FUNCTION pggit_audit.version_name_candidates(p_name text)
RETURNS text[]
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $fn$
    SELECT pg_catalog.array_append(
               ARRAY(SELECT pg_catalog.left(p_name, i OPERATOR(pg_catalog.-) 1)
                       FROM pg_catalog.generate_series(1, pg_catalog.length(p_name)) i
                      WHERE pg_catalog.substr(p_name, i, 4) OPERATOR(pg_catalog.=) ' on '::pg_catalog.text),
               p_name)
$fn$;

CREATE OR REPLACE FUNCTION pggit_audit.evidence_note(
    p_evidence_id bigint, p_bag_name text, p_archive_sha256 text, p_archive_bytes bigint,
    p_tagmanifest_sha256 text)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $fn$
    SELECT 'evidence archive '::pg_catalog.text OPERATOR(pg_catalog.||) p_bag_name
           OPERATOR(pg_catalog.||) ' sha256:'::pg_catalog.text OPERATOR(pg_catalog.||) p_archive_sha256
           OPERATOR(pg_catalog.||) ' bytes:'::pg_catalog.text OPERATOR(pg_catalog.||) p_archive_bytes::pg_catalog.text
           OPERATOR(pg_catalog.||) ' tagmanifest-sha256:'::pg_catalog.text OPERATOR(pg_catalog.||) p_tagmanifest_sha256
           OPERATOR(pg_catalog.||) ' evidence_id:'::pg_catalog.text OPERATOR(pg_catalog.||) p_evidence_id::pg_catalog.text
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (23, 'the inlined helpers name pg_catalog''s functions, operators and types explicitly')
ON CONFLICT (version) DO NOTHING;
