#!/usr/bin/env bash
# gen_v1_history.sh - load a synthetic pgGit v1 history into a database for the replay benchmark:
# TABLES rows of CREATE TABLE, then ALTERS rows of ALTER TABLE ... ADD COLUMN spread round-robin
# over those tables (the shape of a schema that grows, then keeps changing: every snapshot after
# the first TABLES rows holds TABLES objects). One pggit.objects row per table, one history row
# per statement, one second apart, three authors.
#
#   bench/gen_v1_history.sh CONNINFO TABLES ALTERS
#
# The database must be empty of pgGit's schema (the script loads samples/pggit_v1_schema.sql).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 CONNINFO TABLES ALTERS" >&2; exit 2; }
conn=$1 tables=$2 alters=$3
here=$(cd "$(dirname "$0")/.." && pwd)
psql "$conn" -qX -v ON_ERROR_STOP=1 -v tables="$tables" -v alters="$alters" \
  -f "$here/samples/pggit_v1_schema.sql" -f - <<'SQL' >/dev/null
INSERT INTO pggit.objects (id, object_type, schema_name, object_name)
SELECT i, 'TABLE', 'app', 't_' || i FROM generate_series(1, :tables) i;
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by)
SELECT i, i, 'CREATE', 'MINOR', 'create app.t_' || i,
       format('CREATE TABLE app.t_%s (id int PRIMARY KEY)', i),
       '2026-01-01'::timestamp + i * interval '1 second', 'user_' || (i % 3)
  FROM generate_series(1, :tables) i;
-- alter k (1-based) adds column c_<round> to table ((k - 1) % tables) + 1
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by)
SELECT :tables + k, t, 'ALTER', 'MINOR', 'alter app.t_' || t,
       format('ALTER TABLE app.t_%s ADD COLUMN c_%s text', t, (k - 1) / :tables + 1),
       '2026-01-01'::timestamp + (:tables + k) * interval '1 second', 'user_' || (k % 3)
  FROM generate_series(1, :alters) k
 CROSS JOIN LATERAL (SELECT (k - 1) % :tables + 1 AS t) x;
SELECT setval('pggit.objects_id_seq', :tables);
SELECT setval('pggit.history_id_seq', :tables + :alters);
SQL
