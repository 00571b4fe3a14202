#!/usr/bin/env bash
# test_classify_changes.sh - labels the pipeline stores for real edits: on the pgGit fixture plus
# commits made here, a formatting-only edit (whitespace, comments, keyword case) is flagged and
# kept, a changed default is semantic, a rename in one commit is a RENAME pair, and severity
# and structured detail land in pggit_audit.changes.
source "$(dirname "$0")/lib.sh"

SRC=$(new_fixture_commit_source src)
ORDERS=$(q "$SRC" "SELECT o.content FROM pggit_v0.refs r JOIN pggit_v0.commit_graph c ON c.commit_sha = r.target_sha
                    JOIN pggit_v0.tree_entries t ON t.tree_sha = c.tree_sha AND t.path = 'app.orders'
                    JOIN pggit_v0.objects o ON o.sha = t.object_sha WHERE r.name = 'refs/heads/main'")
[ -n "$ORDERS" ] || { fail "no app.orders in the fixture's main"; pga_finish; }

# 1. formatting only: keyword case, layout and a comment
FMT=$(printf '%s' "$ORDERS" | sed -e 's/CREATE TABLE/create   table/' -e 's/NOT NULL/not null/g' -e 's/^    /\t/')
FMT="-- reformatted by the DBA team
$FMT"
C1=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.orders'], ARRAY[\$q\$$FMT\$q\$], 'orders: reformat')")
# 2. semantic: a default changes
SEM=$(printf '%s' "$FMT" | sed -e "s/DEFAULT 'new'/DEFAULT 'paid'/")
C2=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.orders'], ARRAY[\$q\$$SEM\$q\$], 'orders: default status paid')")
# 3. a view moved to another path in one commit, unchanged
VIEWDEF=$(q "$SRC" "SELECT o.content FROM pggit_v0.refs r JOIN pggit_v0.commit_graph c ON c.commit_sha = r.target_sha
                     JOIN pggit_v0.tree_entries t ON t.tree_sha = c.tree_sha AND t.path = 'reporting.v_customer_orders'
                     JOIN pggit_v0.objects o ON o.sha = t.object_sha WHERE r.name = 'refs/heads/main'")
C3=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['reporting.v_customer_orders', 'reporting.v_customer_orders_v2'],
                                             ARRAY[NULL, \$q\$$VIEWDEF\$q\$], 'move v_customer_orders')")
# 4. a drop and an unrelated addition in one commit: not a rename, each keeps its own detail
C4=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['reporting.v_customer_orders_v2', 'app.probe'],
                                             ARRAY[NULL, 'CREATE TABLE app.probe (id bigint PRIMARY KEY, note text);'],
                                             'drop a view, add a table')")
# 5. a table renamed while its defaults and CHECK were respelt (.5 as 0.5, '{05}' as '{5}': the
#    server stores the same values): still a RENAME pair, not a DROP and a CREATE
C5A=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.price'],
                 ARRAY['CREATE TABLE app.price (a numeric DEFAULT .5 CHECK (a > .5), b int[] DEFAULT ''{05}'');'], 'add price')")
C5=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.price', 'app.price_v2'],
                ARRAY[NULL, 'CREATE TABLE app.price_v2 (a numeric DEFAULT 0.5 CHECK (a > 0.5), b int[] DEFAULT ''{5}'');'],
                'rename price')")
# 6. a table renamed and written back as pg_dump writes it (integer for int4, the CHECK named,
#    NOT NULL spelt out, the primary key in an ALTER TABLE ONLY after it): the comparison rates
#    the two the same table, so the rename hash does too (round 22: a DROP and a CREATE)
C6A=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.item'],
                 ARRAY['CREATE TABLE app.item (id int PRIMARY KEY, qty int4 CHECK (qty > 0));'], 'add item')")
C6=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.item', 'app.item_v2'],
                ARRAY[NULL, 'CREATE TABLE app.item_v2 (id integer NOT NULL, qty integer, CONSTRAINT item_v2_qty_check CHECK (qty > 0));
ALTER TABLE ONLY app.item_v2 ADD CONSTRAINT item_v2_pkey PRIMARY KEY (id);'], 'rename item')")
# 7. the table app.probe replaced by a view of the same name at its path: one ALTER row (the
#    path's object changed kind; a change is one row per commit and path), MAJOR, and the
#    table's rows go with it (deletes_data)
C7=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.probe'], ARRAY['CREATE VIEW app.probe AS SELECT 1::bigint AS id, ''x''::text AS note;'],
                                             'probe becomes a view')")

T=$(new_db target)
"$PGA_BIN/pggit-audit" run "$PGA_SOURCE_DIR/pipelines/backfill-v2.mk" --source "$SRC" --target "$T" --workdir "$PGA_TMP/w" >"$PGA_TMP/run.log" 2>&1 \
  || { cat "$PGA_TMP/run.log"; fail "pipeline failed"; pga_finish; }
ok "pipeline over the fixture plus nine commits"

assert_eq "reformat is an ALTER flagged formatting-only, severity PATCH" "ALTER|t|PATCH" \
  "$(q "$T" "SELECT change_type, formatting_only, severity FROM pggit_audit.changes WHERE commit_sha = '$C1'")"
assert_eq "changed default is semantic" "ALTER|f" \
  "$(q "$T" "SELECT change_type, formatting_only FROM pggit_audit.changes WHERE commit_sha = '$C2'")"
assert_contains "detail names the column whose default changed" "status" \
  "$(q "$T" "SELECT change_detail::text FROM pggit_audit.changes WHERE commit_sha = '$C2'")"
assert_eq "a move in one commit is a RENAME pair" "reporting.v_customer_orders|RENAME|MAJOR reporting.v_customer_orders_v2|RENAME|MAJOR" \
  "$(q "$T" "SELECT string_agg(path || '|' || change_type || '|' || severity, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_sha = '$C3'")"
assert_eq "the rename's detail says where it went" "reporting.v_customer_orders_v2" \
  "$(q "$T" "SELECT change_detail->'detail'->>'renamed_to' FROM pggit_audit.changes WHERE commit_sha = '$C3' AND path = 'reporting.v_customer_orders'")"
assert_eq "a drop and an unrelated addition in one commit stay a DROP and a CREATE" \
  "app.probe|CREATE|true reporting.v_customer_orders_v2|DROP|true" \
  "$(q "$T" "SELECT string_agg(path || '|' || change_type || '|' || (severity IS NOT NULL AND change_detail ? 'detail')::text, ' ' ORDER BY path)
             FROM pggit_audit.changes WHERE commit_sha = '$C4'")"
assert_eq "a rename with its literals respelt is a RENAME pair" "app.price|RENAME app.price_v2|RENAME" \
  "$(q "$T" "SELECT string_agg(path || '|' || change_type, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_sha = '$C5'")"
assert_eq "a rename written back as pg_dump writes it is a RENAME pair" "app.item|RENAME app.item_v2|RENAME" \
  "$(q "$T" "SELECT string_agg(path || '|' || change_type, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_sha = '$C6'")"
assert_eq "a table replaced by a view is an ALTER of another kind, MAJOR, deleting the table's data" \
  "ALTER|view|MAJOR|table|true" \
  "$(q "$T" "SELECT change_type || '|' || object_type || '|' || severity || '|' ||
                    (change_detail->'detail'->'object_type_changed'->>'old') || '|' || (change_detail->'hazards' ? 'deletes_data')::text
             FROM pggit_audit.changes WHERE commit_sha = '$C7'")"
assert_eq "every change carries a severity and structured detail" "0" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE severity IS NULL OR jsonb_typeof(change_detail) <> 'object'")"
assert_eq "every blob classified by the parser" "0" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.blobs WHERE parse_status <> 'OK'")"
assert_contains "verify passed" '"status": "PASSED"' "$(cat "$PGA_TMP/w/verify/report.json")"

# 4. threads (--threads): the parses run on worker threads, the rows are written in order. One
#    thread or several, small chunks or one, a kill and a resume with another thread count: the
#    same artifacts and the same messages, the warnings of unparseable blobs in blob order.
for i in 1 2 3 4 5 6; do
  q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.broken_$i'], ARRAY['CREATE TABLE app.broken_$i (a int,'], 'broken $i')" >/dev/null
done
"$PGA_BIN/pggit-audit-export" -q --source "$SRC" --outdir "$PGA_TMP/t/export"
"$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/t/export" --outdir "$PGA_TMP/t/diff"
same_classify() { # $1 $2: classify dirs and their stderr files
  local f
  for f in blobs.csv.zst changes.csv.zst versions.csv.zst summary.json; do
    cmp -s "$1/$f" "$2/$f" || { echo "differs: $f"; return 1; }
  done
  cmp -s "$1.err" "$2.err" || { echo "messages differ:"; diff "$1.err" "$2.err"; return 1; }
}
for rows in 3 50000; do
  for th in 1 2 5; do
    "$PGA_BIN/pggit-audit-classify" --diff "$PGA_TMP/t/diff" --outdir "$PGA_TMP/t/c$rows-$th" --chunk-rows $rows --threads $th \
      2>"$PGA_TMP/t/c$rows-$th.err" || fail "classify --threads $th --chunk-rows $rows"
  done
  assert_eq "chunks of $rows: 2 threads as 1" "" "$(same_classify "$PGA_TMP/t/c$rows-1" "$PGA_TMP/t/c$rows-2")"
  assert_eq "chunks of $rows: 5 threads as 1" "" "$(same_classify "$PGA_TMP/t/c$rows-1" "$PGA_TMP/t/c$rows-5")"
  # the changes compared path by path in batches of whole commits: one change a batch (every
  # commit its own batch, written while the next one's comparisons run) and a few
  for b in 1 4; do
    "$PGA_BIN/pggit-audit-classify" --diff "$PGA_TMP/t/diff" --outdir "$PGA_TMP/t/c$rows-b$b" --chunk-rows $rows --threads 2 \
      --batch-changes $b 2>"$PGA_TMP/t/c$rows-b$b.err" || fail "classify --batch-changes $b --chunk-rows $rows"
    assert_eq "chunks of $rows: batches of $b changes as one batch" "" "$(same_classify "$PGA_TMP/t/c$rows-1" "$PGA_TMP/t/c$rows-b$b")"
  done
done
assert_eq "one warning per unparseable blob" "6" "$(grep -c 'unparseable DDL' "$PGA_TMP/t/c3-1.err")"
assert_eq "PGGIT_AUDIT_THREADS is checked" "1" \
  "$(PGGIT_AUDIT_THREADS=0 "$PGA_BIN/pggit-audit-classify" --diff "$PGA_TMP/t/diff" --outdir "$PGA_TMP/t/cx" 2>&1 | grep -c PGGIT_AUDIT_THREADS)"
for kill in classify-mid-blobs@7 classify-after-chunk@9; do
  d="$PGA_TMP/t/k-$kill"
  rc=0; PGGIT_AUDIT_FAULT=$kill "$PGA_BIN/pggit-audit-classify" -q --diff "$PGA_TMP/t/diff" --outdir "$d" --chunk-rows 3 --threads 3 2>/dev/null || rc=$?
  [ "$rc" -ne 0 ] || fail "$kill: classify was not killed"
  "$PGA_BIN/pggit-audit-classify" -q --diff "$PGA_TMP/t/diff" --outdir "$d" --chunk-rows 3 --threads 1 2>/dev/null || fail "$kill: resume"
  "$PGA_BIN/pggit-audit-classify" -q --diff "$PGA_TMP/t/diff" --outdir "$PGA_TMP/t/c3-q" --chunk-rows 3 2>/dev/null
  : >"$d.err"; : >"$PGA_TMP/t/c3-q.err"
  assert_eq "killed at $kill with 3 threads, resumed with 1: same artifacts" "" "$(same_classify "$PGA_TMP/t/c3-q" "$d")"
done

# 5. large definitions: a batch is also cut when its changes' definitions reach 16 MiB (8
#    changes of 2.4 MB on each side: cut after the 4th commit); the same artifacts as one
#    commit a batch, and every change classified
for i in 1 2 3 4 5 6 7 8; do
  q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.wide'], ARRAY['CREATE TABLE app.wide (a int, b$i text); -- ' || repeat('pad $i ', 400000)], 'wide $i')" >/dev/null
done
# and two blobs in no tree (no change parses them: the blobs phase does), one unparseable
q "$SRC" "INSERT INTO pggit_v0.objects (sha, type, size, content)
          SELECT encode(sha256(convert_to('blob ' || length(c) || ':' || c, 'UTF8')), 'hex'), 'blob', length(c), c
            FROM (VALUES ('CREATE TABLE orphan.kept (a int);'), ('CREATE TABLE orphan.broken (')) v(c)" >/dev/null
"$PGA_BIN/pggit-audit-export" -q --source "$SRC" --outdir "$PGA_TMP/l/export"
"$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/l/export" --outdir "$PGA_TMP/l/diff"
"$PGA_BIN/pggit-audit-classify" --diff "$PGA_TMP/l/diff" --outdir "$PGA_TMP/l/c" --threads 2 2>"$PGA_TMP/l/c.err" \
  || fail "classify with large definitions"
"$PGA_BIN/pggit-audit-classify" --diff "$PGA_TMP/l/diff" --outdir "$PGA_TMP/l/c1" --threads 2 --batch-changes 1 \
  2>"$PGA_TMP/l/c1.err" || fail "classify with large definitions, one commit a batch"
assert_eq "large definitions: batches cut by bytes as one commit a batch" "" "$(same_classify "$PGA_TMP/l/c1" "$PGA_TMP/l/c")"
assert_eq "a blob in no change is classified" "1" \
  "$(zstdcat "$PGA_TMP/l/c/blobs.csv.zst" | grep -c '"table","orphan","kept",,,"CREATE TABLE","OK"')"
assert_eq "an unparseable blob in no change is warned about once (beside the 6 of step 4)" \
  "$(( $(grep -c 'unparseable DDL' "$PGA_TMP/t/c3-1.err") + 1 ))" "$(grep -c 'unparseable DDL' "$PGA_TMP/l/c.err")"
assert_eq "large definitions: a CREATE, then 7 ALTERs" "1 7" \
  "$(zstdcat "$PGA_TMP/l/c/changes.csv.zst" | grep -c '"app\.wide","CREATE"') $(zstdcat "$PGA_TMP/l/c/changes.csv.zst" | grep -c '"app\.wide","ALTER"')"

pga_finish
