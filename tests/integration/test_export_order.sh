#!/usr/bin/env bash
# test_export_order.sh - the export puts tree_entries in order itself (read as stored,
# regrouped per tree on a scratch file): its artifact must hold, byte for byte, what the
# server's own ORDER BY gives (trees by first-use generation NULLS FIRST, then tree sha,
# then path, all in byte order), whatever the table's physical order and however the
# paths are quoted; a kill in the middle and a rerun give the same file. tree_entries is
# read on a second connection in the export's snapshot: a commit made while the export
# runs is in none of its artifacts, and a refused second connection changes nothing.
source "$(dirname "$0")/lib.sh"

SRC=$(new_fixture_commit_source src)
# paths whose byte order is not their naive order, and paths COPY must quote
q "$SRC" "SELECT pga_test.commit_paths(
  ARRAY['app.t', 'app.t!', 'app.t2', 'app.\"T,1\"', 'app.\"q\"\"uote\"', 'app.\"new
line\"', 'app.\"é\"', 'app.\"Z\"'],
  ARRAY['CREATE TABLE app.t (id int);', 'CREATE TABLE app.\"t!\" (id int);', 'CREATE TABLE app.t2 (id int);',
        'CREATE TABLE app.\"T,1\" (id int);', 'CREATE TABLE app.\"q\"\"uote\" (id int);',
        'CREATE TABLE app.\"new
line\" (id int);', 'CREATE TABLE app.\"é\" (id int);', 'CREATE TABLE app.\"Z\" (id int);'],
  'awkward paths')" >/dev/null
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.t2'], ARRAY[NULL], 'drop one')" >/dev/null
# the table stored in a scrambled order, so that no tree's rows are together or sorted
q "$SRC" "CREATE TEMP TABLE shuffled AS SELECT * FROM pggit_v0.tree_entries ORDER BY md5(path || tree_sha);
          DELETE FROM pggit_v0.tree_entries;
          INSERT INTO pggit_v0.tree_entries SELECT * FROM shuffled;" >/dev/null
assert_eq "the stored order is scrambled" "f" "$(q "$SRC" "
  SELECT bool_and(ok) FROM (SELECT (tree_sha, path) >= lag((tree_sha, path)) OVER () AS ok
                            FROM (SELECT tree_sha, path FROM pggit_v0.tree_entries) s) x WHERE ok IS NOT NULL")"

psql "$SRC" -qXA -v ON_ERROR_STOP=1 -c "COPY (SELECT e.tree_sha, e.path, e.mode, e.object_sha
  FROM pggit_v0.tree_entries e
  LEFT JOIN (SELECT tree_sha, min(generation) AS g FROM pggit_v0.commit_graph GROUP BY tree_sha) u
         ON u.tree_sha = e.tree_sha
  ORDER BY u.g NULLS FIRST, e.tree_sha COLLATE \"C\", e.path COLLATE \"C\") TO STDOUT (FORMAT csv)" \
  >"$PGA_TMP/server_order.csv"
ROWS=$(q "$SRC" "SELECT count(*) FROM pggit_v0.tree_entries")

export PGGIT_AUDIT_SOURCE=$SRC
"$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/x1" --chunk-rows 1000 -q \
  && ok "export of the scrambled store" || fail "export of the scrambled store failed"
zstdcat "$PGA_TMP/x1/tree_entries.csv.zst" | tail -n +2 >"$PGA_TMP/x1_rows.csv"
if cmp -s "$PGA_TMP/x1_rows.csv" "$PGA_TMP/server_order.csv"; then
  ok "tree_entries rows byte-identical to the server's ORDER BY ($ROWS rows)"
else
  fail "tree_entries rows differ from the server's ORDER BY"
  diff "$PGA_TMP/x1_rows.csv" "$PGA_TMP/server_order.csv" | head -5 >&2
fi
assert_contains "the awkward paths are there, quoted" '"app.""T,1"""' "$(cat "$PGA_TMP/x1_rows.csv")"
PGGIT_AUDIT_THREADS=1 "$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/x1t" --chunk-rows 1000 -q --jobs 1 \
  && cmp -s "$PGA_TMP/x1/tree_entries.csv.zst" "$PGA_TMP/x1t/tree_entries.csv.zst" \
  && ok "one thread and one connection write the same tree_entries artifact" \
  || fail "one thread and one connection write another tree_entries artifact"

# a source that refuses a second connection (a role limited to one): the same artifacts, a warning
ONE=pga_export_order_one_conn
q "$SRC" "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ONE') THEN
            CREATE ROLE $ONE LOGIN CONNECTION LIMIT 1; END IF; END \$\$;
          GRANT USAGE ON SCHEMA pggit_v0 TO $ONE; GRANT SELECT ON ALL TABLES IN SCHEMA pggit_v0 TO $ONE" >/dev/null
PGGIT_AUDIT_SOURCE="$SRC user=$ONE" "$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/xo" --chunk-rows 1000 -q \
  2>"$PGA_TMP/xo.err" && ok "export over one connection" || { cat "$PGA_TMP/xo.err" >&2; fail "export as a role limited to one connection failed"; }
assert_contains "the refused second connection is said" "the server refused another one" "$(cat "$PGA_TMP/xo.err")"
cmp -s "$PGA_TMP/x1/tree_entries.csv.zst" "$PGA_TMP/xo/tree_entries.csv.zst" \
  && ok "the same tree_entries artifact over one connection" || fail "another tree_entries artifact over one connection"

# --jobs 3: tree_entries read in two halves of its blocks on two connections (a row read
# twice or by neither would change the artifact); with one connection allowed, both halves
# are read on the main one, one after the other (with two allowed, whether the second
# reader is refused depends on whether the first has finished: not a test)
"$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/x3" --chunk-rows 1000 -q --jobs 3 \
  && cmp -s "$PGA_TMP/x1/tree_entries.csv.zst" "$PGA_TMP/x3/tree_entries.csv.zst" \
  && ok "two connections reading halves of tree_entries write the same artifact" \
  || fail "two connections reading halves of tree_entries write another artifact"
PGGIT_AUDIT_SOURCE="$SRC user=$ONE" "$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/x3o" --chunk-rows 1000 -q \
  --jobs 3 2>"$PGA_TMP/x3o.err" && ok "export with --jobs 3 over one connection" \
  || { cat "$PGA_TMP/x3o.err" >&2; fail "export with --jobs 3 as a role limited to one connection failed"; }
assert_eq "both refused halves are said" "2" "$(grep -c '(part of it) is read after the other tables' "$PGA_TMP/x3o.err")"
cmp -s "$PGA_TMP/x1/tree_entries.csv.zst" "$PGA_TMP/x3o/tree_entries.csv.zst" \
  && ok "the same tree_entries artifact when both halves are read on the main connection" \
  || fail "another tree_entries artifact when both halves are read on the main connection"
# the second of two readers killed before it connects (the whole export dies), then a rerun
PGGIT_AUDIT_FAULT="export-entries-reader@2" "$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/x3k" --chunk-rows 1000 \
  -q --jobs 3 >/dev/null 2>&1 && fail "the fault did not kill the export with --jobs 3"
"$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/x3k" --chunk-rows 1000 -q --jobs 3 \
  && cmp -s "$PGA_TMP/x1/tree_entries.csv.zst" "$PGA_TMP/x3k/tree_entries.csv.zst" \
  && ok "a reader killed with --jobs 3, a rerun: the same tree_entries artifact" \
  || fail "a reader killed with --jobs 3, a rerun: another tree_entries artifact"
q "$SRC" "REVOKE ALL ON ALL TABLES IN SCHEMA pggit_v0 FROM $ONE; REVOKE USAGE ON SCHEMA pggit_v0 FROM $ONE; DROP ROLE $ONE" >/dev/null

# a kill in the middle of tree_entries (after 40% of its rows were written), then a rerun
KILL_AT=$(( $(q "$SRC" "SELECT count(*) FROM pggit_v0.objects") + $(q "$SRC" "SELECT count(*) FROM pggit_v0.commit_graph") + ROWS * 2 / 5 ))
PGGIT_AUDIT_FAULT="export-mid-copy@$KILL_AT" "$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/x2" --chunk-rows 1000 -q \
  >/dev/null 2>&1 && fail "the fault did not kill the export"
PARTS=$(ls "$PGA_TMP/x2/parts" | grep -c '^tree_entries\..*\.csv\.zst$' || true)
[ "$PARTS" -ge 1 ] && ok "killed with $PARTS tree_entries parts done" || fail "no tree_entries part before the kill"
"$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/x2" --chunk-rows 1000 -q && ok "rerun after the kill" \
  || fail "rerun after the kill failed"
for f in objects commit_graph tree_entries refs; do
  cmp -s "$PGA_TMP/x1/$f.csv.zst" "$PGA_TMP/x2/$f.csv.zst" && ok "$f.csv.zst identical after kill and rerun" \
    || fail "$f.csv.zst differs after kill and rerun"
done

# the diff cross-checks every row against its tree's content: the regrouped rows pass
"$PGA_BIN/pggit-audit-diff" --export "$PGA_TMP/x1" --outdir "$PGA_TMP/d1" -q \
  && ok "the diff's cache cross-check accepts the regrouped rows" || fail "the diff refused the regrouped rows"

# the second connection reads in the first one's snapshot: the export is frozen after it
# exported its snapshot and before the reader took it; a commit made meanwhile is in no
# artifact (with a snapshot of its own the reader would see the new tree's rows)
PGGIT_AUDIT_FAULT="export-entries-reader:stop" "$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/xs" --chunk-rows 1000 -q &
EXPORT=$!
stopped() { [ "$(awk '{print $3}' "/proc/$EXPORT/stat" 2>/dev/null)" = T ] || ! kill -0 "$EXPORT" 2>/dev/null; }
wait_until 120 stopped || true
assert_eq "the export stopped at the reader's start" "T" "$(awk '{print $3}' "/proc/$EXPORT/stat" 2>/dev/null)"
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.late'], ARRAY['CREATE TABLE app.late (id int);'], 'while exporting')" >/dev/null
kill -CONT "$EXPORT"
wait "$EXPORT" && ok "the frozen export finished" || fail "the frozen export failed"
for f in objects commit_graph tree_entries refs; do
  cmp -s "$PGA_TMP/x1/$f.csv.zst" "$PGA_TMP/xs/$f.csv.zst" && ok "$f.csv.zst is the snapshot's (the commit made meanwhile is not in it)" \
    || fail "$f.csv.zst differs from the export before the commit: not one snapshot"
done

# a row that is not CSV cannot come from COPY; a tree_entries row of an unknown tree can:
# it is exported (first, as a tree no commit uses) and left to the diff to report
q "$SRC" "INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (repeat('e', 64), 'tree', 0, '')" >/dev/null 2>&1 || true
BLOB=$(q "$SRC" "SELECT min(sha COLLATE \"C\") FROM pggit_v0.objects WHERE type = 'blob'")
q "$SRC" "INSERT INTO pggit_v0.tree_entries VALUES (repeat('e', 64), 'app.orphan', '100644', '$BLOB')" >/dev/null
"$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/x3" --chunk-rows 1000 -q && ok "export with an unused tree's row" \
  || fail "export with an unused tree's row failed"
assert_eq "the unused tree's row comes first" "$(printf '%s,app.orphan,100644,%s' "$(printf 'e%.0s' {1..64})" "$BLOB")" \
  "$(zstdcat "$PGA_TMP/x3/tree_entries.csv.zst" | sed -n 2p)"

# rows whose tree is no plain sha (COPY quotes one, another is upper case) take libcsv's
# whole-row path, the others its path-only one: the artifact is still the server's ORDER BY
q "$SRC" "ALTER TABLE pggit_v0.tree_entries DROP CONSTRAINT IF EXISTS tree_entries_tree_sha_fkey;
          INSERT INTO pggit_v0.tree_entries VALUES ('not,a \"sha\"', 'app.\"x,y\"', '100644', '$BLOB'),
                                                   ('not,a \"sha\"', 'app.a', '100644', '$BLOB'),
                                                   (upper(repeat('ab', 32)), 'app.b', '100644', '$BLOB')" >/dev/null
psql "$SRC" -qXA -v ON_ERROR_STOP=1 -c "COPY (SELECT e.tree_sha, e.path, e.mode, e.object_sha
  FROM pggit_v0.tree_entries e
  LEFT JOIN (SELECT tree_sha, min(generation) AS g FROM pggit_v0.commit_graph GROUP BY tree_sha) u
         ON u.tree_sha = e.tree_sha
  ORDER BY u.g NULLS FIRST, e.tree_sha COLLATE \"C\", e.path COLLATE \"C\") TO STDOUT (FORMAT csv)" \
  >"$PGA_TMP/server_order4.csv"
"$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/x4" --chunk-rows 1000 -q && ok "export with rows of trees that are no sha" \
  || fail "export with rows of trees that are no sha failed"
zstdcat "$PGA_TMP/x4/tree_entries.csv.zst" | tail -n +2 >"$PGA_TMP/x4_rows.csv"
cmp -s "$PGA_TMP/x4_rows.csv" "$PGA_TMP/server_order4.csv" \
  && ok "rows of trees that are no sha: byte-identical to the server's ORDER BY" \
  || { fail "rows of trees that are no sha: not the server's ORDER BY"; diff "$PGA_TMP/x4_rows.csv" "$PGA_TMP/server_order4.csv" | head -5 >&2; }
assert_contains "the quoted tree's row is there as COPY wrote it" '"not,a ""sha""","app.""x,y""",100644,' "$(cat "$PGA_TMP/x4_rows.csv")"

pga_finish
