#!/usr/bin/env bash
# test_check_caches.sh - CHECK_CACHES=off (tree entries from the trees' content, no
# tree_entries export) gives exactly the artifacts and rows of the default cross-checked
# run, and refuses, naming the tree, a store whose paths contain '|' while the default
# run handles it.
source "$(dirname "$0")/lib.sh"
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"

SRC=$(new_db src)
load_v0_fixture "$SRC"
T_ON=$(new_db on); T_OFF=$(new_db off)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T_ON" --workdir "$PGA_TMP/on" >"$PGA_TMP/on.log" 2>&1 \
  || { cat "$PGA_TMP/on.log"; fail "run with the cache check failed"; pga_finish; }
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T_OFF" --workdir "$PGA_TMP/off" CHECK_CACHES=off >"$PGA_TMP/off.log" 2>&1 \
  || { cat "$PGA_TMP/off.log"; fail "run without the cache check failed"; pga_finish; }
assert_eq "no tree_entries rows exported with CHECK_CACHES=off" "0" \
  "$(zstdcat "$PGA_TMP/off/export/tree_entries.csv.zst" | tail -n +2 | wc -l)"
for f in diff/commits.csv.zst diff/changes.csv.zst classify/changes.csv.zst classify/versions.csv.zst classify/blobs.csv.zst; do
  if cmp -s "$PGA_TMP/on/$f" "$PGA_TMP/off/$f"; then ok "$f identical with and without the cache check"; else fail "$f differs"; fi
done
if [ "$(dump_audit "$T_ON")" == "$(dump_audit "$T_OFF")" ]; then ok "identical rows"; else fail "rows differ"; fi

# a path with '|' in it
psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$(dirname "$0")/commit_store.sql" >/dev/null
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.\"odd|name\"'], ARRAY['CREATE TABLE app.\"odd|name\" (id int);'], 'a pipe in a name')" >/dev/null
T2=$(new_db on2)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T2" --workdir "$PGA_TMP/on2" >"$PGA_TMP/on2.log" 2>&1 \
  && ok "default run handles a path containing '|'" || { cat "$PGA_TMP/on2.log"; fail "default run failed on a '|' path"; }
assert_eq "the '|' path is one change" "app.\"odd|name\"|CREATE|table|app|odd|name" \
  "$(q "$T2" "SELECT path || '|' || change_type || '|' || object_type || '|' || object_schema || '|' || object_name FROM pggit_audit.changes WHERE path LIKE '%odd%'")"
if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$(new_db off2)" --workdir "$PGA_TMP/off2" CHECK_CACHES=off >"$PGA_TMP/off2.log" 2>&1; then
  fail "CHECK_CACHES=off accepted a path containing '|'"
else
  ok "CHECK_CACHES=off refuses a path containing '|'"
fi
assert_contains "the refusal names the problem" "contains '|'" "$(cat "$PGA_TMP/off2.log")"
[ ! -e "$PGA_TMP/off2/diff/changes.csv.zst" ] && ok "no diff artifact written" || fail "diff artifact written"

pga_finish
