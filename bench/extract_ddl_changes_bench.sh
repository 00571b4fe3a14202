#!/usr/bin/env bash
# extract_ddl_changes_bench.sh - time pggit_audit.extract_ddl_changes on two trees of
# 5,000 entries that differ in 10 paths (4 ALTER, 2 DROP, 2 CREATE and one path moved:
# 9 result rows, the move being one RENAME), in a scratch database: prints the median wall time of several runs (measured
# inside the server with clock_timestamp, so no client round trip) and EXPLAIN ANALYZE
# of the query the function runs.
#
#   bench/extract_ddl_changes_bench.sh CONNINFO [RUNS]
#
# CONNINFO reaches a database where databases may be created (e.g. the output of
# scripts/pgcluster.sh start DIR); the scratch database is dropped at the end.
set -euo pipefail

conninfo=${1:?usage: $0 CONNINFO [RUNS]}
runs=${2:-15}
here=$(cd "$(dirname "$0")/.." && pwd)
db="pga_bench_extract_$$"

admin() { psql -X -q -v ON_ERROR_STOP=1 "$conninfo" "$@"; }
in_db() { psql -X -q -v ON_ERROR_STOP=1 "$conninfo dbname=$db" "$@"; }
cleanup() { admin -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; }
trap cleanup EXIT

export PGOPTIONS='-c client_min_messages=warning'
admin -c "CREATE DATABASE $db"
v0_schema="$here/samples/pggit_v0_schema.sql"
[ -f "$v0_schema" ] || v0_schema="$here/tests/sql/support/pggit_v0_tables.sql"
in_db -f "$v0_schema"
in_db -f "$here/sql/pggit_audit_schema.sql"

# Two trees: entries i = 1..5000 at path s<i%20>.obj_<i>; the new tree changes the blob
# of i = 1..4 (ALTER), drops i = 5, 6, adds two new paths (CREATE), and moves i = 7 to
# a new path (a RENAME: one drop and one create of the same blob) - 10 changed paths.
# Blobs and trees are stored with their contract hashes; commits only need to exist.
in_db <<'SQL'
CREATE TEMP TABLE bench_entries (tree text, path text, ddl text);
INSERT INTO bench_entries
SELECT 'old', format('s%s.obj_%s', i % 20, i),
       format('CREATE TABLE s%s.obj_%s (id bigint PRIMARY KEY, v text);', i % 20, i)
  FROM generate_series(1, 5000) i;
INSERT INTO bench_entries
SELECT 'new', path, CASE WHEN path IN ('s1.obj_1', 's2.obj_2', 's3.obj_3', 's4.obj_4')
                         THEN replace(ddl, 'v text', 'v text, w int') ELSE ddl END
  FROM bench_entries WHERE tree = 'old' AND path NOT IN ('s5.obj_5', 's6.obj_6', 's7.obj_7');
INSERT INTO bench_entries VALUES
  ('new', 's0.obj_new_1', 'CREATE VIEW s0.obj_new_1 AS SELECT 1;'),
  ('new', 's0.obj_new_2', 'CREATE SEQUENCE s0.obj_new_2;'),
  ('new', 's7.obj_7_renamed', (SELECT ddl FROM bench_entries WHERE tree = 'old' AND path = 's7.obj_7'));

INSERT INTO pggit_v0.objects (sha, type, size, content)
SELECT DISTINCT encode(sha256(convert_to('blob ' || length(ddl) || ':' || ddl, 'UTF8')), 'hex'), 'blob', length(ddl), ddl
  FROM bench_entries;
CREATE TEMP TABLE bench_trees AS
SELECT tree, string_agg('100644 ' || path || '|' ||
           encode(sha256(convert_to('blob ' || length(ddl) || ':' || ddl, 'UTF8')), 'hex') || '|', ''
           ORDER BY path COLLATE "C") AS raw
  FROM bench_entries GROUP BY tree;
INSERT INTO pggit_v0.objects (sha, type, size, content)
SELECT encode(sha256(convert_to('tree ' || length(raw) || ':' || raw, 'UTF8')), 'hex'), 'tree', length(raw),
       encode(convert_to(raw, 'UTF8'), 'base64')
  FROM bench_trees;
INSERT INTO pggit_v0.tree_entries (tree_sha, path, mode, object_sha)
SELECT encode(sha256(convert_to('tree ' || length(t.raw) || ':' || t.raw, 'UTF8')), 'hex'), e.path, '100644',
       encode(sha256(convert_to('blob ' || length(e.ddl) || ':' || e.ddl, 'UTF8')), 'hex')
  FROM bench_entries e JOIN bench_trees t USING (tree);
INSERT INTO pggit_v0.objects (sha, type, size, content)
VALUES ('bench-commit-old', 'commit', 0, ''), ('bench-commit-new', 'commit', 0, '');
INSERT INTO pggit_v0.commit_graph (commit_sha, parent_shas, tree_sha, generation, author, committer,
                                   authored_at, committed_at, message)
SELECT 'bench-commit-' || t.tree, CASE t.tree WHEN 'new' THEN '{bench-commit-old}'::text[] ELSE '{}' END,
       encode(sha256(convert_to('tree ' || length(t.raw) || ':' || t.raw, 'UTF8')), 'hex'),
       CASE t.tree WHEN 'new' THEN 1 ELSE 0 END, 'bench', 'bench', '2026-01-01', '2026-01-01', 'bench'
  FROM bench_trees t;
ANALYZE;
SQL

echo "tree sizes: $(in_db -Atc "SELECT string_agg(n::text, ' / ' ORDER BY g) FROM (SELECT g.generation AS g, count(*) AS n
  FROM pggit_v0.commit_graph g JOIN pggit_v0.tree_entries e ON e.tree_sha = g.tree_sha GROUP BY 1) s") entries"
echo "changes found: $(in_db -Atc "SELECT string_agg(change_type || ' ' || coalesce(new_path, old_path), ', ')
  FROM pggit_audit.extract_ddl_changes('bench-commit-old', 'bench-commit-new')")"

in_db -At <<SQL
DO \$\$
DECLARE
    t0 timestamptz;
    ms double precision[] := '{}';
    n int;
BEGIN
    PERFORM count(*) FROM pggit_audit.extract_ddl_changes('bench-commit-old', 'bench-commit-new');  -- warm up
    FOR i IN 1..$runs LOOP
        t0 := clock_timestamp();
        SELECT count(*) INTO n FROM pggit_audit.extract_ddl_changes('bench-commit-old', 'bench-commit-new');
        ms := ms || extract(epoch FROM clock_timestamp() - t0) * 1000;
    END LOOP;
    RAISE WARNING 'extract_ddl_changes: % rows; median % ms over % runs (min % ms, max % ms)', n,
        round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(ms) x)::numeric, 2), $runs,
        round((SELECT min(x) FROM unnest(ms) x)::numeric, 2), round((SELECT max(x) FROM unnest(ms) x)::numeric, 2);
END
\$\$;
SQL

echo "EXPLAIN ANALYZE of the function's query (auto_explain of the nested statement):"
in_db <<'SQL'
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_analyze = on;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_timing = on;
SET client_min_messages = log;
SET auto_explain.log_level = notice;
SELECT count(*) FROM pggit_audit.extract_ddl_changes('bench-commit-old', 'bench-commit-new');
SQL
