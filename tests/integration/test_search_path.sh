#!/usr/bin/env bash
# test_search_path.sh - a source and a target whose search_path puts a schema before
# pg_catalog (ALTER DATABASE ... SET search_path = compat, pg_catalog, public, as
# compatibility extensions ask for) holding functions with the names of built-ins the
# stages call: the export, load and verify resolve only pg_catalog's, so the run gives
# the rows of a run on plain databases. Until the stages pinned their search_path the
# export took compat.to_char() and compat.array_to_json() and the diff reported the valid
# store as damaged (commit_graph.authored_at / parent_shas "disagree"), and the verify
# took the target's compat.length() and failed every version; the pre-flight checks
# stopped on compat.min(text).
source "$(dirname "$0")/lib.sh"
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"

SRC=$(new_db src)
load_v0_fixture "$SRC"
T_REF=$(new_db ref)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T_REF" --workdir "$PGA_TMP/ref" >"$PGA_TMP/ref.log" 2>&1 \
  || { cat "$PGA_TMP/ref.log"; fail "reference run failed"; pga_finish; }

# shadows of the built-ins, in front of pg_catalog, in the source and in a new target
shadow() {
  local conn=$1 db
  db=$(q "$conn" "SELECT current_database()")
  psql "$conn" -qX -v ON_ERROR_STOP=1 <<SQL >/dev/null
CREATE SCHEMA compat;
CREATE FUNCTION compat.to_char(timestamp, text) RETURNS text LANGUAGE sql
  AS \$\$ SELECT pg_catalog.to_char(\$1 + interval '1 hour', \$2) \$\$;
CREATE FUNCTION compat.array_to_json(anyarray) RETURNS json LANGUAGE sql AS \$\$ SELECT '[]'::json \$\$;
CREATE FUNCTION compat.length(text) RETURNS integer LANGUAGE sql AS \$\$ SELECT 0 \$\$;
CREATE FUNCTION compat.min(text) RETURNS text LANGUAGE sql AS \$\$ SELECT \$1 \$\$;
GRANT USAGE ON SCHEMA compat TO PUBLIC;
ALTER DATABASE "$db" SET search_path = compat, pg_catalog, public;
SQL
}
shadow "$SRC"
T=$(new_db target)
shadow "$T"

"$PGA_BIN/pggit-audit-checks" --source "$SRC" --target "$T" --outdir "$PGA_TMP/checks" >"$PGA_TMP/checks.log" 2>&1 \
  && ok "pre-flight checks pass" || { cat "$PGA_TMP/checks.log"; fail "pre-flight checks failed"; }
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T" --workdir "$PGA_TMP/w" >"$PGA_TMP/run.log" 2>&1 \
  && ok "pipeline with shadowing search_paths" || { cat "$PGA_TMP/run.log"; cat "$PGA_TMP"/w/logs/*.log; fail "pipeline failed"; }
assert_contains "verification passed" '"status": "PASSED"' "$(cat "$PGA_TMP/w/verify/report.json" 2>/dev/null)"
for f in export/objects.csv.zst export/commit_graph.csv.zst diff/changes.csv.zst classify/versions.csv.zst; do
  if cmp -s "$PGA_TMP/ref/$f" "$PGA_TMP/w/$f"; then ok "$f as on plain databases"; else fail "$f differs"; fi
done
if [ "$(dump_audit "$T_REF")" == "$(dump_audit "$T")" ]; then
  ok "the same rows as on plain databases"
else
  fail "rows differ from the reference run"
fi

pga_finish
