#!/usr/bin/env bash
# test_source_table_shapes.sh - the contract's tables laid out otherwise in the source: the rows
# of tree_entries partly in an inheritance child, tree_entries partitioned, or a view. The export read
# tree_entries with a plain COPY of the table, which reads the parent's own rows only and
# refuses a partitioned table or a view: a child's rows were left out (the diff then said the trees
# "disagree" with tree_entries, and with EXPORT_JOBS=3 the same store passed) and a partitioned
# table or a view stopped the export. Each layout must give the audit rows of the plain store, whatever
# EXPORT_JOBS is.
source "$(dirname "$0")/lib.sh"
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"

SRC=$(new_shape_source src)
q "$SRC" "DO \$\$ DECLARE tip text; BEGIN
  tip := pga_shape.commit(pga_shape.tree(ARRAY['app', 'app.t'], ARRAY['CREATE SCHEMA app;', 'CREATE TABLE app.t (id int);']), '{}', 'root', 1700000000);
  FOR i IN 1 .. 40 LOOP
    tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.t' || i, 'app.t'],
                            ARRAY['CREATE TABLE app.t' || i || ' (id int);', 'CREATE TABLE app.t (id int, c' || i || ' int);']),
                            ARRAY[tip], 'commit ' || i, 1700000000 + i);
  END LOOP;
  PERFORM pga_shape.ref('refs/heads/main', tip);
END \$\$" >/dev/null
T0=$(new_db t0)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T0" --workdir "$PGA_TMP/w0" >"$PGA_TMP/w0.log" 2>&1 \
  || { cat "$PGA_TMP/w0.log"; fail "the plain store's run failed"; pga_finish; }
EXPECTED=$(dump_audit "$T0")
[ "$(q "$T0" "SELECT count(*) FROM pggit_audit.changes")" -gt 80 ] && ok "the plain store loads its changes" \
  || fail "the plain store loaded too few changes"

# layout NAME SQL: a copy of the store rearranged by SQL (its rows unchanged)
layout() {
  local db="pga_${PGA_TEST_NAME}_$1"
  register_db "$db"
  q "$PGA_CONN" "CREATE DATABASE \"$db\" TEMPLATE \"pga_${PGA_TEST_NAME}_src\"" >/dev/null
  q "$PGA_CONN dbname=$db" "ALTER TABLE pggit_v0.tree_entries DROP CONSTRAINT tree_entries_tree_sha_fkey;
                            ALTER TABLE pggit_v0.tree_entries DROP CONSTRAINT tree_entries_object_sha_fkey; $2" >/dev/null
  echo "$PGA_CONN dbname=$db"
}
CHILD=$(layout child "CREATE TABLE pggit_v0.tree_entries_more () INHERITS (pggit_v0.tree_entries);
  WITH moved AS (DELETE FROM ONLY pggit_v0.tree_entries WHERE path IN ('app.t', 'app.t7') RETURNING *)
  INSERT INTO pggit_v0.tree_entries_more SELECT * FROM moved")
assert_eq "the child holds rows" "t" "$(q "$CHILD" "SELECT count(*) > 40 FROM pggit_v0.tree_entries_more")"
PARTS=$(layout parts "ALTER TABLE pggit_v0.tree_entries RENAME TO tree_entries_old;
  CREATE TABLE pggit_v0.tree_entries (tree_sha text NOT NULL, path text NOT NULL, mode text NOT NULL,
                                      object_sha text NOT NULL, PRIMARY KEY (tree_sha, path)) PARTITION BY HASH (tree_sha);
  CREATE TABLE pggit_v0.tree_entries_p0 PARTITION OF pggit_v0.tree_entries FOR VALUES WITH (MODULUS 2, REMAINDER 0);
  CREATE TABLE pggit_v0.tree_entries_p1 PARTITION OF pggit_v0.tree_entries FOR VALUES WITH (MODULUS 2, REMAINDER 1);
  INSERT INTO pggit_v0.tree_entries SELECT * FROM pggit_v0.tree_entries_old; DROP TABLE pggit_v0.tree_entries_old")
VIEW=$(layout view "ALTER TABLE pggit_v0.tree_entries RENAME TO tree_entries_stored;
  CREATE VIEW pggit_v0.tree_entries AS SELECT * FROM pggit_v0.tree_entries_stored")

for store in CHILD PARTS VIEW; do
  for jobs in 1 2 3; do
    t=$(new_db "t_${store}_$jobs")
    w="$PGA_TMP/w_${store}_$jobs"
    if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "${!store}" --target "$t" --workdir "$w" EXPORT_JOBS=$jobs \
         >"$w.log" 2>&1; then
      ok "$store, EXPORT_JOBS=$jobs: the run passes"
    else
      fail "$store, EXPORT_JOBS=$jobs: the run failed: $(grep -h 'error' "$w.log" "$w"/logs/*.log 2>/dev/null | head -3)"
      continue
    fi
    if [ "$(dump_audit "$t")" == "$EXPECTED" ]; then ok "$store, EXPORT_JOBS=$jobs: the plain store's audit rows"
    else fail "$store, EXPORT_JOBS=$jobs: the audit rows differ from the plain store's"; fi
  done
done

pga_finish
