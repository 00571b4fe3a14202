#!/usr/bin/env bash
# gen_store.sh - makes (or reuses) a benchmark source database holding a pggit_v0 store
# written by samples/generate_store.sql, for bench/run.sh.
#
#   bench/gen_store.sh CONNINFO DBNAME COMMITS OBJECTS BRANCHES
#
# CONNINFO reaches the cluster as a superuser (dbname is overridden). The database is
# reused when it already holds a store made with the same arguments (recorded in
# bench_meta.params), otherwise dropped and re-generated. Prints the generator's summary.
#
# Speed-up, done here and not in samples/: the generating session runs with
# session_replication_role = replica (the foreign-key triggers of tree_entries and refs
# do not fire; the generator writes only consistent rows, and the pipeline verifies every
# reference anyway) and synchronous_commit = off. Neither changes the store's content
# nor the server's settings for the benchmark itself. The tables are VACUUM ANALYZEd
# afterwards so every measured reader starts from the same visibility map.
set -euo pipefail

[ $# -eq 5 ] || { echo "usage: $0 CONNINFO DBNAME COMMITS OBJECTS BRANCHES" >&2; exit 2; }
conn=$1 db=$2 commits=$3 objects=$4 branches=$5
here=$(cd "$(dirname "$0")/.." && pwd)
params="generate_store($commits, $objects, $branches)"
export PGOPTIONS='-c client_min_messages=warning'

have=$(psql "$conn dbname=postgres" -qXAtc "SELECT 1 FROM pg_database WHERE datname = '$db'")
if [ "$have" = 1 ]; then
  old=$(psql "$conn dbname=$db" -qXAtc "SELECT params FROM bench_meta" 2>/dev/null || true)
  if [ "$old" = "$params" ]; then
    psql "$conn dbname=$db" -qXAtc "SELECT summary FROM bench_meta"
    exit 0
  fi
  psql "$conn dbname=postgres" -qXAtc "DROP DATABASE \"$db\" WITH (FORCE)" >/dev/null
fi
psql "$conn dbname=postgres" -qXAtc "CREATE DATABASE \"$db\"" >/dev/null
psql "$conn dbname=$db" -qX -v ON_ERROR_STOP=1 -f "$here/samples/pggit_v0_schema.sql" \
  -f "$here/samples/generate_store.sql" >/dev/null
summary=$(psql "$conn dbname=$db" -qXAt -v ON_ERROR_STOP=1 <<SQL
SET session_replication_role = replica;
SET synchronous_commit = off;
SELECT pggit_sample.$params;
SQL
)
psql "$conn dbname=$db" -qX -v ON_ERROR_STOP=1 >/dev/null <<SQL
VACUUM ANALYZE pggit_v0.objects, pggit_v0.commit_graph, pggit_v0.tree_entries, pggit_v0.refs;
CREATE TABLE bench_meta (params text, summary text);
INSERT INTO bench_meta VALUES ('$params', \$s\$$summary\$s\$);
SQL
echo "$summary"
