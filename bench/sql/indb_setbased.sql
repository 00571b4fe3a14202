-- indb_setbased.sql - the in-database stand-in, set-based form: all (commit, first parent)
-- pairs joined to tree_entries on both sides and FULL JOINed on (commit, path) in one
-- statement, materialised in a temporary table. No hash is verified.
CREATE TEMP TABLE bench_indb_changes AS
WITH pairs AS (
    SELECT c.commit_sha, c.tree_sha AS new_tree, p.tree_sha AS old_tree
      FROM pggit_v0.commit_graph c
      LEFT JOIN pggit_v0.commit_graph p ON p.commit_sha = c.parent_shas[1]),
old_side AS (
    SELECT pairs.commit_sha, te.path, te.object_sha
      FROM pairs JOIN pggit_v0.tree_entries te ON te.tree_sha = pairs.old_tree),
new_side AS (
    SELECT pairs.commit_sha, te.path, te.object_sha
      FROM pairs JOIN pggit_v0.tree_entries te ON te.tree_sha = pairs.new_tree)
SELECT coalesce(n.commit_sha, o.commit_sha) AS commit_sha, coalesce(n.path, o.path) AS path,
       o.object_sha AS old_sha, n.object_sha AS new_sha
  FROM old_side o
  FULL JOIN new_side n ON n.commit_sha = o.commit_sha AND n.path = o.path
 WHERE o.object_sha IS DISTINCT FROM n.object_sha;
