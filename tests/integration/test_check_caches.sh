#!/usr/bin/env bash
# test_check_caches.sh - CHECK_CACHES=off (tree entries from the trees' content, no
# tree_entries export) gives exactly the artifacts and rows of the default cross-checked
# run, also when a path contains '|'; the one path the split cannot see ("|<sha>|<mode> "
# inside it) is refused when the bogus entry it yields points at no blob; a tree entry with an
# empty path or a mode that is not digits is refused by both.
source "$(dirname "$0")/lib.sh"
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"

SRC=$(new_fixture_commit_source src)
T_ON=$(new_db on); T_OFF=$(new_db off)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T_ON" --workdir "$PGA_TMP/on" >"$PGA_TMP/on.log" 2>&1 \
  || { cat "$PGA_TMP/on.log"; fail "run with the cache check failed"; pga_finish; }
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T_OFF" --workdir "$PGA_TMP/off" CHECK_CACHES=off >"$PGA_TMP/off.log" 2>&1 \
  || { cat "$PGA_TMP/off.log"; fail "run without the cache check failed"; pga_finish; }
assert_eq "no tree_entries rows exported with CHECK_CACHES=off" "0" \
  "$(zstdcat "$PGA_TMP/off/export/tree_entries.csv.zst" | tail -n +2 | wc -l)"
for f in diff/commits.csv.zst diff/changes.csv.zst diff/blobs.csv.zst classify/changes.csv.zst classify/versions.csv.zst classify/blobs.csv.zst; do
  if cmp -s "$PGA_TMP/on/$f" "$PGA_TMP/off/$f"; then ok "$f identical with and without the cache check"; else fail "$f differs"; fi
done
if [ "$(dump_audit "$T_ON")" == "$(dump_audit "$T_OFF")" ]; then ok "identical rows"; else fail "rows differ"; fi

# a path with '|' in it (a quoted identifier): both settings split it right, with the
# same artifacts and rows
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.\"odd|name\"'], ARRAY['CREATE TABLE app.\"odd|name\" (id int);'], 'a pipe in a name')" >/dev/null
T2=$(new_db on2); T3=$(new_db off2)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T2" --workdir "$PGA_TMP/on2" >"$PGA_TMP/on2.log" 2>&1 \
  && ok "default run handles a path containing '|'" || { cat "$PGA_TMP/on2.log"; fail "default run failed on a '|' path"; }
assert_eq "the '|' path is one change" "app.\"odd|name\"|CREATE|table|app|odd|name" \
  "$(q "$T2" "SELECT path || '|' || change_type || '|' || object_type || '|' || object_schema || '|' || object_name FROM pggit_audit.changes WHERE path LIKE '%odd%'")"
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T3" --workdir "$PGA_TMP/off2" CHECK_CACHES=off >"$PGA_TMP/off2.log" 2>&1 \
  && ok "CHECK_CACHES=off handles a path containing '|'" || { cat "$PGA_TMP/off2.log"; fail "CHECK_CACHES=off failed on a '|' path"; }
for f in diff/commits.csv.zst diff/changes.csv.zst diff/blobs.csv.zst classify/changes.csv.zst classify/versions.csv.zst classify/blobs.csv.zst; do
  if cmp -s "$PGA_TMP/on2/$f" "$PGA_TMP/off2/$f"; then ok "$f identical with and without the cache check ('|' path)"; else fail "$f differs ('|' path)"; fi
done
if [ "$(dump_audit "$T2")" == "$(dump_audit "$T3")" ]; then ok "identical rows ('|' path)"; else fail "rows differ ('|' path)"; fi

# the one case the split cannot see: a path containing "|<64 hex>|<digits> " reads as two
# entries without the cache; the bogus one points at a sha that is no blob: reported, nothing written
FAKE=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.\"x|$FAKE|100644 y\"'], ARRAY['CREATE TABLE app.\"x|$FAKE|100644 y\" (id int);'], 'a sha and a mode in a name')" >/dev/null
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$(new_db on3)" --workdir "$PGA_TMP/on3" >"$PGA_TMP/on3.log" 2>&1 \
  && ok "default run handles a path containing '|<sha>|<mode> '" || { cat "$PGA_TMP/on3.log"; fail "default run failed on a '|<sha>|<mode> ' path"; }
if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$(new_db off3)" --workdir "$PGA_TMP/off3" CHECK_CACHES=off >"$PGA_TMP/off3.log" 2>&1; then
  fail "CHECK_CACHES=off accepted a path containing '|<sha>|<mode> '"
else
  ok "CHECK_CACHES=off refuses a path containing '|<sha>|<mode> '"
fi
# the path shown escaped, as every store value in a message (docs/hostile-input.md)
assert_contains "the refusal names the bogus entry's sha, its tree and the path it was read as" \
  "a tree entry points at $FAKE, which is not in objects (expected a blob): tree $(q "$SRC" "SELECT tree_sha FROM pggit_v0.commit_graph WHERE message = 'a sha and a mode in a name'"), path \"app.\\\"x\"" \
  "$(cat "$PGA_TMP/off3.log")"
[ ! -e "$PGA_TMP/off3/diff/changes.csv.zst" ] && [ ! -e "$PGA_TMP/off3/diff/blobs.csv.zst" ] \
  && ok "no diff artifact written" || fail "diff artifact written"

# a tree entry with an empty path (no pgGit path is empty): the split refused it, the cache
# check let it through and the load stored a change at path ''; both settings now refuse it
EP=$(new_commit_source emptypath)
EPC=$(q "$EP" "SELECT pga_test.commit_paths(ARRAY['', 'app.t'], ARRAY['CREATE TABLE app.e (id int);', 'CREATE TABLE app.t (id int);'], 'empty path')")
EPT=$(q "$EP" "SELECT tree_sha FROM pggit_v0.commit_graph WHERE commit_sha = '$EPC'")
for cc in on off; do
  "$PGA_BIN/pggit-audit-export" -q --source "$EP" --outdir "$PGA_TMP/ep.$cc/export" --check-caches $cc >/dev/null 2>&1 || fail "empty path ($cc): export failed"
  expect_fail "an empty path stops the diff (check caches $cc)" "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/ep.$cc/export" --outdir "$PGA_TMP/ep.$cc/diff"
  assert_contains "the empty path is named with its tree (check caches $cc)" "tree $EPT" "$(cat "$PGA_TMP/last.err")"
  assert_contains "and said to be empty (check caches $cc)" "empty path" "$(cat "$PGA_TMP/last.err")"
  [ ! -e "$PGA_TMP/ep.$cc/diff/changes.csv.zst" ] && ok "empty path ($cc): no changes artifact" || fail "empty path ($cc): changes artifact written"
done

# the same for a mode that is not digits (the split wants "MODE " with MODE digits; the cache
# check matched whatever the row said): both settings refuse it, naming the row's tree
for mode in "" "abc"; do
  MD=$(new_commit_source "mode${mode:-none}")
  MT=$(q "$MD" "WITH b AS (SELECT 'CREATE TABLE app.t (id int);'::text AS c),
                     ins AS (INSERT INTO pggit_v0.objects (sha, type, size, content)
                             SELECT pga_test.sha('blob', c), 'blob', length(c), c FROM b RETURNING sha),
                     r AS (SELECT '$mode app.t|' || sha || '|' AS raw, sha FROM ins),
                     t AS (INSERT INTO pggit_v0.objects (sha, type, size, content)
                           SELECT pga_test.sha('tree', raw), 'tree', length(raw), encode(convert_to(raw, 'UTF8'), 'base64') FROM r
                           RETURNING sha)
                SELECT t.sha || ' ' || r.sha FROM t, r")
  q "$MD" "INSERT INTO pggit_v0.tree_entries VALUES ('${MT% *}', 'app.t', '$mode', '${MT#* }');
           SELECT pga_test.commit_raw('${MT% *}', '{}', 'odd mode', 1800000000)" >/dev/null
  for cc in on off; do
    "$PGA_BIN/pggit-audit-export" -q --source "$MD" --outdir "$PGA_TMP/md$mode.$cc/export" --check-caches $cc >/dev/null 2>&1 || fail "mode '$mode' ($cc): export failed"
    expect_fail "mode '$mode' stops the diff (check caches $cc)" "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/md$mode.$cc/export" --outdir "$PGA_TMP/md$mode.$cc/diff"
    assert_contains "mode '$mode': named with its tree (check caches $cc)" "${MT% *}" "$(cat "$PGA_TMP/last.err")"
    [ ! -e "$PGA_TMP/md$mode.$cc/diff/changes.csv.zst" ] && ok "mode '$mode' ($cc): no changes artifact" || fail "mode '$mode' ($cc): changes artifact written"
  done
done

pga_finish
