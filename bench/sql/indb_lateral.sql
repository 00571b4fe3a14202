-- indb_lateral.sql - the in-database stand-in, per-commit form: for every commit, one FULL
-- JOIN of its tree's entries against its first parent's (index scans on tree_entries' primary
-- key), materialised in a temporary table. No hash is verified.
CREATE TEMP TABLE bench_indb_changes AS
SELECT c.commit_sha, d.path, d.old_sha, d.new_sha
  FROM pggit_v0.commit_graph c
  LEFT JOIN pggit_v0.commit_graph p ON p.commit_sha = c.parent_shas[1]
 CROSS JOIN LATERAL (
       SELECT coalesce(n.path, o.path) AS path, o.object_sha AS old_sha, n.object_sha AS new_sha
         FROM (SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = p.tree_sha) o
         FULL JOIN (SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = c.tree_sha) n
              ON n.path = o.path
        WHERE o.object_sha IS DISTINCT FROM n.object_sha) d;
