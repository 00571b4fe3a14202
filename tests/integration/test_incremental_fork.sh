#!/usr/bin/env bash
# test_incremental_fork.sh - a second backfill into a target that already holds a first one,
# after the store gained a branch forked from an old commit. Versions are numbered over the
# whole history, so the new commit renumbers versions the target already holds: the load
# must refuse, naming an object and version, and send nothing (it used to keep the target's
# rows, add a second version of the tip commit beside them and never load the new one, and
# verify then failed on rows already loaded). A commit on top of the tip goes in as before.
source "$(dirname "$0")/lib.sh"

SRC=$(new_fixture_commit_source src)
T=$(new_db target)
run() { # WORKDIR: a backfill of the source into the target; log in WORKDIR.log
  "$PGA_BIN/pggit-audit" run "$PGA_SOURCE_DIR/pipelines/backfill-v2.mk" --source "$SRC" --target "$T" \
    --workdir "$1" >"$1.log" 2>&1
}
counts() { q "$T" "SELECT (SELECT count(*) FROM pggit_audit.changes) || ' ' || (SELECT count(*) FROM pggit_audit.object_versions) || ' ' || (SELECT count(*) FROM pggit_audit.blobs)"; }

run "$PGA_TMP/w1" || { cat "$PGA_TMP/w1.log"; fail "first backfill failed"; pga_finish; }
ok "first backfill"

# a commit on top of main's tip: only its rows are added
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.orders'], ARRAY['CREATE TABLE app.orders (id bigint PRIMARY KEY, late boolean);'], 'on the tip')" >/dev/null
before=$(counts)
run "$PGA_TMP/w2" || { cat "$PGA_TMP/w2.log"; fail "backfill after a commit on the tip failed"; pga_finish; }
assert_contains "the second backfill verifies" "verification PASSED" "$(cat "$PGA_TMP/w2.log")"
read -r c0 v0 _ <<<"$before"
read -r c1 v1 _ <<<"$(counts)"
assert_eq "one change added" "$((c0 + 1))" "$c1"
assert_eq "one version added" "$((v0 + 1))" "$v1"

# a branch forked from the root's child changing app.orders: its version sorts before
# the ones loaded, so the store's numbering of app.orders moves
TIP=$(q "$SRC" "SELECT target_sha FROM pggit_v0.refs WHERE name = 'refs/heads/main'")
OLD=$(q "$SRC" "SELECT commit_sha FROM pggit_v0.commit_graph WHERE generation = 1 ORDER BY commit_sha LIMIT 1")
q "$SRC" "UPDATE pggit_v0.refs SET target_sha = '$OLD' WHERE name = 'refs/heads/main'" >/dev/null
FORK=$(q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.orders'], ARRAY['CREATE TABLE app.orders (id bigint PRIMARY KEY, forked boolean);'], 'forked late')")
q "$SRC" "UPDATE pggit_v0.refs SET target_sha = '$TIP' WHERE name = 'refs/heads/main';
          INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/heads/late', '$FORK', 'branch')" >/dev/null
before=$(counts)
if run "$PGA_TMP/w3"; then
  fail "a backfill renumbering loaded versions succeeded"
else
  ok "a backfill renumbering loaded versions fails"
fi
log=$(cat "$PGA_TMP/w3.log")
assert_contains "the load says why" "disagree with the target's" "$log"
assert_contains "and names an object and version" "app.orders version" "$log"
assert_eq "nothing was loaded" "$before" "$(counts)"
assert_eq "the fork's change is not in the target" "0" "$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE commit_sha = '$FORK'")"
assert_eq "no commit has two versions of one object" "0" \
  "$(q "$T" "SELECT count(*) FROM (SELECT 1 FROM pggit_audit.object_versions GROUP BY object_schema, object_name, commit_sha HAVING count(*) > 1) d")"

pga_finish
