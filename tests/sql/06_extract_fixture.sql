-- 06_extract_fixture.sql - pgTAP: extract_ddl_changes on the pggit_v0_real_small
-- fixture written by pgGit (loaded by test_sql_pgtap.sh, which skips this file when the
-- fixture is absent), checked against answers computed independently with EXCEPT.
BEGIN;
SELECT plan(6);

CREATE TEMP TABLE tap_main AS SELECT target_sha AS sha FROM pggit_v0.refs WHERE name = 'refs/heads/main';
CREATE TEMP TABLE tap_edges AS
SELECT c.commit_sha, c.parent_shas[1] AS parent_sha, c.tree_sha, p.tree_sha AS parent_tree
  FROM pggit_v0.commit_graph c JOIN pggit_v0.commit_graph p ON p.commit_sha = c.parent_shas[1];

SELECT is((SELECT count(*)::int FROM pggit_audit.extract_ddl_changes(NULL, (SELECT sha FROM tap_main))),
          (SELECT count(*)::int FROM pggit_v0.tree_entries e JOIN pggit_v0.commit_graph g ON g.tree_sha = e.tree_sha
            WHERE g.commit_sha = (SELECT sha FROM tap_main)),
          'main from the empty tree: one CREATE per tree entry');
SELECT is((SELECT count(DISTINCT object_type)::int FROM pggit_audit.extract_ddl_changes(NULL, (SELECT sha FROM tap_main))),
          10, 'the fixture''s 10 object types are recognised by the fallback rule');
SELECT is_empty($$SELECT * FROM pggit_audit.extract_ddl_changes(NULL, (SELECT sha FROM tap_main))
                  WHERE object_type IS NULL OR object_schema IS NULL OR object_name IS NULL OR change_type <> 'CREATE'$$,
          'every object of main has a type, schema and name');
SELECT results_eq(
  $$SELECT object_schema, object_name FROM pggit_audit.extract_ddl_changes(NULL, (SELECT sha FROM tap_main))
     WHERE new_path IN ('"Sales.EU"."Order.Lines"', '"Analytics"."Top Customers"') ORDER BY 1$$,
  $$VALUES ('Analytics', 'Top Customers'), ('Sales.EU', 'Order.Lines')$$, 'quoted names with dots and spaces');
-- every first-parent edge: the paths whose blob differs, computed with EXCEPT
SELECT results_eq(
  $$SELECT e.commit_sha, x.p FROM tap_edges e,
      LATERAL (SELECT coalesce(new_path, old_path) AS p FROM pggit_audit.extract_ddl_changes(e.parent_sha, e.commit_sha)) x
     ORDER BY 1, x.p COLLATE "C"$$,
  $$SELECT e.commit_sha, d.path FROM tap_edges e,
      LATERAL (SELECT DISTINCT path FROM (
                 (SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = e.tree_sha
                  EXCEPT SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = e.parent_tree)
                 UNION ALL
                 (SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = e.parent_tree
                  EXCEPT SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = e.tree_sha)) s) d
     ORDER BY 1, d.path COLLATE "C"$$,
  'every first-parent diff of the fixture matches an independent EXCEPT');
SELECT cmp_ok((SELECT count(*)::int FROM tap_edges e, pggit_audit.extract_ddl_changes(e.parent_sha, e.commit_sha) x
                WHERE x.change_type = 'DROP'), '>=', 4, 'the drop-then-re-create cases show as drops');

SELECT * FROM finish();
ROLLBACK;
