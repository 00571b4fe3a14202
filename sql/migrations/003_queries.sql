-- 003_queries.sql - schema version 3: what an auditor asks of the audit layer.
--
--  * pggit_audit.extract_ddl_changes(old, new): the DDL changes between two commits of
--    the pggit_v0 store, computed in SQL with one FULL JOIN of the two trees. It reads
--    pggit_v0 in the same database, so it works only where the audit schema is
--    installed beside the store; elsewhere it fails with a clear error (undefined_table).
--  * current_version, object_change_history, schema_at, schema_at_commit,
--    changes_by_author, changes_between: read pggit_audit only.
--  * the view compliance_summary.
-- No BEGIN/COMMIT here: the installer owns the transaction.

-- Split a tree path '<schema>.<name>' into its two identifiers, either of which may be
-- double-quoted (with "" for a quote inside), e.g. '"Sales.EU"."Order.Lines"'. A path
-- of one identifier (a schema object) gives that identifier as both schema and name.
-- A path that is neither gives (NULL, path). Quotes are removed; unquoted identifiers
-- are kept as they are written (pgGit writes them already folded).
CREATE OR REPLACE FUNCTION pggit_audit.split_path(p_path text,
    OUT object_schema text, OUT object_name text)
LANGUAGE sql
IMMUTABLE
STRICT
SET search_path = pg_catalog
AS $fn$
    WITH m AS (
        SELECT regexp_match(p_path, '^("(?:[^"]|"")*"|[^."]+)(?:\.("(?:[^"]|"")*"|[^."]+))?$') AS part
    ), ident AS (
        SELECT CASE WHEN m.part[1] LIKE '"%' THEN replace(substr(m.part[1], 2, length(m.part[1]) - 2), '""', '"')
                    ELSE m.part[1] END AS first,
               CASE WHEN m.part[2] LIKE '"%' THEN replace(substr(m.part[2], 2, length(m.part[2]) - 2), '""', '"')
                    ELSE m.part[2] END AS second,
               m.part IS NULL AS unparsed
          FROM m
    )
    SELECT CASE WHEN unparsed THEN NULL ELSE first END,
           CASE WHEN unparsed THEN p_path ELSE coalesce(second, first) END
      FROM ident
$fn$;

-- The object type a DDL text creates, by its first keywords after leading white space
-- and comments: CREATE [OR REPLACE] [TEMP|UNLOGGED] [UNIQUE] [RECURSIVE] <kind>, with
-- <kind> upper-cased and its blanks turned into '_' (TABLE, VIEW, MATERIALIZED_VIEW,
-- INDEX, FUNCTION, PROCEDURE, SEQUENCE, TYPE, TRIGGER, SCHEMA, DOMAIN, ...). NULL when
-- the text does not start that way. This is the fallback for blobs that
-- pggit_audit.blobs does not classify.
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
            '(?:UNIQUE\s+)?(?:RECURSIVE\s+)?(?:CONSTRAINT\s+)?'
            '(MATERIALIZED\s+VIEW|FOREIGN\s+TABLE|EVENT\s+TRIGGER|TEXT\s+SEARCH\s+[A-Z]+|[A-Z]+)',
            'i'))[1],
        '\s+', '_', 'g'))
$fn$;

-- The DDL changes from commit p_old_commit_sha (NULL: the empty tree) to commit
-- p_new_commit_sha, one row per tree path whose blob differs, ordered by path in byte
-- order:
--   CREATE  path only in the new tree        old_ddl NULL
--   DROP    path only in the old tree        new_ddl NULL
--   ALTER   path in both, another blob
--   RENAME  a path that disappeared and one that appeared with the very same blob
--           (paired one-to-one, in path order, when a blob moves to several paths);
--           old_ddl = new_ddl, the identity is the new path's
-- object_type/object_schema/object_name come from pggit_audit.blobs (the row of the new
-- blob, else of the old one, with parse_status 'OK' and an object_type), and then
-- classified is true (a NULL object_type there still falls back to the DDL's keyword).
-- Otherwise classified is false and the documented fallback
-- applies: schema and name from the path (pggit_audit.split_path), type from the DDL's
-- first keywords (pggit_audit.ddl_object_type). old_path/new_path are the tree paths.
-- Errors: a NULL new commit, a commit missing from pggit_v0.commit_graph, a tree
-- missing from pggit_v0.objects, or no pggit_v0 schema in this database.
CREATE OR REPLACE FUNCTION pggit_audit.extract_ddl_changes(p_old_commit_sha text, p_new_commit_sha text)
RETURNS TABLE (change_type text, object_type text, object_schema text, object_name text,
               old_ddl text, new_ddl text, classified boolean, old_path text, new_path text)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    old_tree     text;
    new_tree     text;
    missing_tree text;
BEGIN
    IF to_regclass('pggit_v0.commit_graph') IS NULL OR to_regclass('pggit_v0.tree_entries') IS NULL
       OR to_regclass('pggit_v0.objects') IS NULL THEN
        RAISE EXCEPTION 'pggit_audit.extract_ddl_changes: no pggit_v0 store in database %', current_database()
            USING ERRCODE = 'undefined_table',
                  HINT = 'The function reads pggit_v0.commit_graph, tree_entries and objects: install the audit schema in the database of the pgGit store (or load the store there).';
    END IF;
    IF p_new_commit_sha IS NULL THEN
        RAISE EXCEPTION 'pggit_audit.extract_ddl_changes: the new commit sha must not be NULL'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass NULL as the old commit to compare with the empty tree.';
    END IF;

    SELECT g.tree_sha INTO new_tree FROM pggit_v0.commit_graph g WHERE g.commit_sha = p_new_commit_sha;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pggit_audit.extract_ddl_changes: unknown commit % (not in pggit_v0.commit_graph)', p_new_commit_sha
            USING ERRCODE = 'no_data_found';
    END IF;
    IF p_old_commit_sha IS NOT NULL THEN
        SELECT g.tree_sha INTO old_tree FROM pggit_v0.commit_graph g WHERE g.commit_sha = p_old_commit_sha;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'pggit_audit.extract_ddl_changes: unknown commit % (not in pggit_v0.commit_graph)', p_old_commit_sha
                USING ERRCODE = 'no_data_found';
        END IF;
    END IF;
    -- A damaged store may name a tree that does not exist: say so rather than report
    -- every object as created or dropped.
    SELECT t.tree INTO missing_tree
      FROM (VALUES (old_tree), (new_tree)) AS t(tree)
     WHERE t.tree IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM pggit_v0.objects o WHERE o.sha = t.tree AND o.type = 'tree')
     LIMIT 1;
    IF missing_tree IS NOT NULL THEN
        RAISE EXCEPTION 'pggit_audit.extract_ddl_changes: tree % of the commit is not a tree object in pggit_v0.objects', missing_tree
            USING ERRCODE = 'data_corrupted';
    END IF;

    RETURN QUERY
    WITH old_entries AS (
        SELECT e.path, e.object_sha FROM pggit_v0.tree_entries e WHERE e.tree_sha = old_tree
    ), new_entries AS (
        SELECT e.path, e.object_sha FROM pggit_v0.tree_entries e WHERE e.tree_sha = new_tree
    ), diff AS MATERIALIZED (
        SELECT o.path AS old_path, n.path AS new_path, o.object_sha AS old_sha, n.object_sha AS new_sha
          FROM old_entries o
          FULL JOIN new_entries n ON n.path = o.path
         WHERE o.object_sha IS DISTINCT FROM n.object_sha
    ), added AS (
        SELECT d.new_path, d.new_sha,
               row_number() OVER (PARTITION BY d.new_sha ORDER BY d.new_path COLLATE "C") AS nth
          FROM diff d WHERE d.old_path IS NULL
    ), removed AS (
        SELECT d.old_path, d.old_sha,
               row_number() OVER (PARTITION BY d.old_sha ORDER BY d.old_path COLLATE "C") AS nth
          FROM diff d WHERE d.new_path IS NULL
    ), renamed AS (
        SELECT r.old_path, a.new_path, r.old_sha, a.new_sha
          FROM added a JOIN removed r ON r.old_sha = a.new_sha AND r.nth = a.nth
    ), classified_diff AS (
        SELECT CASE WHEN d.old_path IS NULL THEN 'CREATE'
                    WHEN d.new_path IS NULL THEN 'DROP'
                    ELSE 'ALTER' END AS kind,
               d.old_path, d.new_path, d.old_sha, d.new_sha
          FROM diff d
         WHERE NOT EXISTS (SELECT 1 FROM renamed x WHERE x.old_path = d.old_path)
           AND NOT EXISTS (SELECT 1 FROM renamed x WHERE x.new_path = d.new_path)
        UNION ALL
        SELECT 'RENAME', r.old_path, r.new_path, r.old_sha, r.new_sha FROM renamed r
    )
    -- The diff is a handful of rows but the planner cannot know it; the lookups below
    -- are written as per-row index probes (scalar subqueries, LATERAL ... LIMIT 1) so
    -- that they never turn into scans of the whole objects or blobs table.
    SELECT c.kind,
           coalesce(cl.object_type, pggit_audit.ddl_object_type(coalesce(c.new_ddl, c.old_ddl))),
           CASE WHEN cl.blob_sha IS NOT NULL THEN cl.object_schema ELSE sp.object_schema END,
           CASE WHEN cl.blob_sha IS NOT NULL THEN cl.object_name ELSE sp.object_name END,
           c.old_ddl,
           c.new_ddl,
           cl.blob_sha IS NOT NULL,
           c.old_path,
           c.new_path
      FROM (SELECT cd.*,
                   (SELECT o.content FROM pggit_v0.objects o WHERE o.sha = cd.old_sha) AS old_ddl,
                   (SELECT o.content FROM pggit_v0.objects o WHERE o.sha = cd.new_sha) AS new_ddl
              FROM classified_diff cd) c
      LEFT JOIN LATERAL (
            SELECT b.blob_sha, b.object_type, b.object_schema, b.object_name
              FROM pggit_audit.blobs b
             WHERE b.blob_sha IN (c.new_sha, c.old_sha)
               AND b.parse_status = 'OK' AND b.object_type IS NOT NULL
             ORDER BY b.blob_sha = c.new_sha DESC      -- the new blob's verdict first
             LIMIT 1) cl ON true
      CROSS JOIN LATERAL pggit_audit.split_path(coalesce(c.new_path, c.old_path)) sp
     ORDER BY coalesce(c.new_path, c.old_path) COLLATE "C", c.kind;
END
$fn$;

-- History order of changes, used by every function below: commit_generation, then
-- committed_at, then commit_sha and path (ties between branches broken by bytes).

-- The current version of an object: its highest-numbered row in object_versions,
-- unless the last change recorded for it is a DROP (then no row).
CREATE OR REPLACE FUNCTION pggit_audit.current_version(p_object_schema text, p_object_name text)
RETURNS SETOF pggit_audit.object_versions
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    SELECT v.*
      FROM pggit_audit.object_versions v
     WHERE v.object_schema = p_object_schema
       AND v.object_name = p_object_name
       AND coalesce((SELECT c.change_type
                       FROM pggit_audit.changes c
                      WHERE c.object_schema = p_object_schema AND c.object_name = p_object_name
                      ORDER BY c.commit_generation DESC, c.committed_at DESC,
                               c.commit_sha COLLATE "C" DESC, c.path COLLATE "C" DESC
                      LIMIT 1), '') <> 'DROP'
     ORDER BY v.version_number DESC
     LIMIT 1
$fn$;

-- Every recorded change of an object, oldest first.
CREATE OR REPLACE FUNCTION pggit_audit.object_change_history(p_object_schema text, p_object_name text)
RETURNS SETOF pggit_audit.changes
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    SELECT c.*
      FROM pggit_audit.changes c
     WHERE c.object_schema = p_object_schema AND c.object_name = p_object_name
     ORDER BY c.commit_generation, c.committed_at, c.commit_sha COLLATE "C", c.path COLLATE "C"
$fn$;

-- The state of history after the changes selected by p_upto: for every path, its last
-- change in history order; paths whose last change is a DROP are absent. The
-- definition is the change's new_definition, else the blob's.
CREATE OR REPLACE FUNCTION pggit_audit.replay_changes(p_max_generation int, p_last_commit_sha text,
    p_max_committed_at timestamp)
RETURNS TABLE (object_schema text, object_name text, object_type text, path text,
               definition text, commit_sha text, committed_at timestamp, author text)
LANGUAGE sql
STABLE
SET search_path = pg_catalog
AS $fn$
    SELECT s.object_schema, s.object_name, s.object_type, s.path, s.definition,
           s.commit_sha, s.committed_at, s.author
      FROM (SELECT DISTINCT ON (c.path COLLATE "C")
                   c.object_schema, c.object_name, c.object_type, c.path,
                   coalesce(c.new_definition, b.definition) AS definition,
                   c.commit_sha, c.committed_at, c.author, c.change_type
              FROM pggit_audit.changes c
              LEFT JOIN pggit_audit.blobs b ON b.blob_sha = c.new_blob_sha
             WHERE (p_max_committed_at IS NULL OR c.committed_at <= p_max_committed_at)
               AND (p_max_generation IS NULL OR c.commit_generation < p_max_generation
                    OR c.commit_sha = p_last_commit_sha)
             ORDER BY c.path COLLATE "C", c.commit_generation DESC, c.committed_at DESC,
                      c.commit_sha COLLATE "C" DESC) s
     WHERE s.change_type <> 'DROP'
     ORDER BY s.path COLLATE "C"
$fn$;

-- Every object's definition as it stood at p_at: the changes committed at or before
-- p_at (committed_at is UTC; p_at is read in the session's TimeZone when it carries no
-- offset), replayed in history order.
CREATE OR REPLACE FUNCTION pggit_audit.schema_at(p_at timestamptz)
RETURNS TABLE (object_schema text, object_name text, object_type text, path text,
               definition text, commit_sha text, committed_at timestamp, author text)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog
AS $fn$
BEGIN
    IF p_at IS NULL THEN
        RAISE EXCEPTION 'pggit_audit.schema_at: the time must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN QUERY SELECT * FROM pggit_audit.replay_changes(NULL, NULL, (p_at AT TIME ZONE 'UTC'));
END
$fn$;

-- Every object's definition right after commit p_commit_sha: the changes of that commit
-- and of every commit of a lower generation, replayed in history order. Exact on a
-- linear history; with branches, changes of other branches below that generation are
-- included too (for the exact snapshot of a commit of a store in this database use
-- extract_ddl_changes(NULL, sha)). The commit's generation is taken from
-- pggit_audit.changes, else from pggit_v0.commit_graph when the store is here.
CREATE OR REPLACE FUNCTION pggit_audit.schema_at_commit(p_commit_sha text)
RETURNS TABLE (object_schema text, object_name text, object_type text, path text,
               definition text, commit_sha text, committed_at timestamp, author text)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog
AS $fn$
DECLARE
    gen int;
BEGIN
    IF p_commit_sha IS NULL THEN
        RAISE EXCEPTION 'pggit_audit.schema_at_commit: the commit sha must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT c.commit_generation INTO gen FROM pggit_audit.changes c WHERE c.commit_sha = p_commit_sha LIMIT 1;
    IF gen IS NULL AND to_regclass('pggit_v0.commit_graph') IS NOT NULL THEN
        EXECUTE 'SELECT generation FROM pggit_v0.commit_graph WHERE commit_sha = $1' INTO gen USING p_commit_sha;
    END IF;
    IF gen IS NULL THEN
        RAISE EXCEPTION 'pggit_audit.schema_at_commit: unknown commit % (no change recorded for it)', p_commit_sha
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN QUERY SELECT * FROM pggit_audit.replay_changes(gen, p_commit_sha, NULL);
END
$fn$;

-- Changes whose author contains p_author (case-insensitive; e.g. a name or an e-mail
-- address), oldest first.
CREATE OR REPLACE FUNCTION pggit_audit.changes_by_author(p_author text)
RETURNS SETOF pggit_audit.changes
LANGUAGE sql
STABLE
STRICT
SET search_path = pg_catalog
AS $fn$
    SELECT c.*
      FROM pggit_audit.changes c
     WHERE strpos(lower(c.author), lower(p_author)) > 0
     ORDER BY c.commit_generation, c.committed_at, c.commit_sha COLLATE "C", c.path COLLATE "C"
$fn$;

-- Changes committed in [p_from, p_to), oldest first (bounds read as in schema_at).
CREATE OR REPLACE FUNCTION pggit_audit.changes_between(p_from timestamptz, p_to timestamptz)
RETURNS SETOF pggit_audit.changes
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog
AS $fn$
BEGIN
    IF p_from IS NULL OR p_to IS NULL THEN
        RAISE EXCEPTION 'pggit_audit.changes_between: both bounds are required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN QUERY
    SELECT c.*
      FROM pggit_audit.changes c
     WHERE c.committed_at >= (p_from AT TIME ZONE 'UTC')
       AND c.committed_at < (p_to AT TIME ZONE 'UTC')
     ORDER BY c.committed_at, c.commit_generation, c.commit_sha COLLATE "C", c.path COLLATE "C";
END
$fn$;

-- Verifications per UTC day and status.
CREATE OR REPLACE VIEW pggit_audit.compliance_summary AS
SELECT (l.verified_at AT TIME ZONE 'UTC')::date AS day,
       l.verification_status,
       count(*) AS entries,
       count(DISTINCT l.change_id) AS changes,
       count(DISTINCT l.verified_by) AS verifiers,
       min(l.verified_at) AS first_verified_at,
       max(l.verified_at) AS last_verified_at
  FROM pggit_audit.compliance_log l
 GROUP BY 1, 2;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (3, 'extract_ddl_changes, history and point-in-time query functions, compliance_summary')
ON CONFLICT (version) DO NOTHING;
