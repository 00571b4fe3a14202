#!/usr/bin/env bash
# test_v1_side_effects.sh - statements that change objects other than the one they name (tests/v1/
# risk35_side_effects.sql: ALTER TABLE / TYPE / FUNCTION ... RENAME, SET SCHEMA, DROP ... CASCADE, and
# last ALTER SCHEMA ... RENAME) must leave every affected object as a full capture would: the last tree
# the replay rebuilds (decoded from its artifacts) against every object of the scratch database rendered
# afresh by the replay's own render function, path and definition alike. The objects reached only through
# another one (an index or trigger of a table of the renamed schema, a foreign key or view in another
# schema, a column of a renamed row type or of an enum's array type) are what a one-level capture missed.
source "$(dirname "$0")/lib.sh"

R="$PGA_BIN/pggit-audit-replay"
SRC=$(new_db src)
psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" \
  -f "$PGA_SOURCE_DIR/tests/v1/risk35_side_effects.sql" >/dev/null
PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/v1" -q
export PGGIT_AUDIT_TARGET="$PGA_CONN dbname=postgres"
"$R" --v1export "$PGA_TMP/v1" --outdir "$PGA_TMP/out" --keep-scratch >"$PGA_TMP/r.log" 2>&1 \
  || { cat "$PGA_TMP/r.log"; fail "replay failed"; pga_finish; }
assert_eq "every row applied" "$(q "$SRC" "SELECT count(*) FROM pggit.history") applied" \
  "$(zstdcat "$PGA_TMP/out/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | sort | uniq -c | awk '{print $1, $2}')"
SCRATCH=$(grep -o 'scratch database pggit_audit_replay_[0-9a-f]*' "$PGA_TMP/r.log" | head -1 | awk '{print $3}')
SDB="$PGA_CONN dbname=$SCRATCH"

# the last tree: "path<TAB>md5 of the definition", one line per object
HEAD_TREE=$(zstdcat "$PGA_TMP/out/commit_graph.csv.zst" | awk -F, -v h="$(zstdcat "$PGA_TMP/out/refs.csv.zst" | tail -1 | cut -d, -f2)" '$1 == h {print $3}')
zstdcat "$PGA_TMP/out/objects.csv.zst" | tail -n +2 | python3 -c '
import csv, sys, base64, hashlib
csv.field_size_limit(1 << 30)
rows = {r[0]: r for r in csv.reader(sys.stdin)}
raw = base64.b64decode(rows[sys.argv[1]][3]).decode()
parts = raw.split("|")
for i in range(0, len(parts) - 1, 2):
    if not parts[i]:
        continue
    path = parts[i].split(" ", 1)[1]
    blob = rows[parts[i + 1]]
    print(path + "\t" + hashlib.md5(blob[3].encode()).hexdigest())
' "$HEAD_TREE" | LC_ALL=C sort >"$PGA_TMP/tree.txt"

# a full capture: every object of the scratch database outside the helper and system schemas
psql "$SDB" -qXAt -F $'\t' -v ON_ERROR_STOP=1 >"$PGA_TMP/full.unsorted" <<'SQL'
WITH objs AS (
  SELECT 'pg_class'::regclass::oid AS classid, oid AS objid FROM pg_class WHERE NOT pggit_audit_replay.ignored_nsp(relnamespace)
  UNION ALL SELECT 'pg_proc'::regclass, oid FROM pg_proc WHERE NOT pggit_audit_replay.ignored_nsp(pronamespace)
  UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type WHERE NOT pggit_audit_replay.ignored_nsp(typnamespace)
  UNION ALL SELECT 'pg_trigger'::regclass, t.oid FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE NOT pggit_audit_replay.ignored_nsp(c.relnamespace)
  UNION ALL SELECT 'pg_rewrite'::regclass, r.oid FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
             WHERE NOT pggit_audit_replay.ignored_nsp(c.relnamespace)
  UNION ALL SELECT 'pg_namespace'::regclass, oid FROM pg_namespace WHERE NOT pggit_audit_replay.ignored_nsp(oid)
             AND nspname <> 'public'),
units AS (SELECT DISTINCT u.u_classid, u.u_objid FROM objs o CROSS JOIN LATERAL pggit_audit_replay.unit_of(o.classid, o.objid, 0) u)
SELECT r.path, md5(r.definition) FROM units x CROSS JOIN LATERAL pggit_audit_replay.render(x.u_classid, x.u_objid) r
 WHERE r.status = 'ok'
SQL
LC_ALL=C sort "$PGA_TMP/full.unsorted" >"$PGA_TMP/full.txt"
q "$PGA_CONN dbname=postgres" "DROP DATABASE \"$SCRATCH\" WITH (FORCE)" >/dev/null

assert_contains "the full capture holds the index under the schema's new name" "core.t_c" "$(cut -f1 "$PGA_TMP/full.txt")"
assert_contains "the last tree holds the index under the schema's new name" "core.t_c" "$(cut -f1 "$PGA_TMP/tree.txt")"
assert_eq "no path of the last tree keeps the schema's old name" "" "$(cut -f1 "$PGA_TMP/tree.txt" | grep '^app\.' || true)"
if diff "$PGA_TMP/tree.txt" "$PGA_TMP/full.txt" >"$PGA_TMP/diff.txt"; then
  ok "the last tree is the full capture ($(wc -l <"$PGA_TMP/full.txt") objects)"
else
  cat "$PGA_TMP/diff.txt"; fail "the last tree differs from a full capture of the scratch database"
fi
pga_finish
