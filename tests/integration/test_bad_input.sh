#!/usr/bin/env bash
# test_bad_input.sh - each kind of bad input gives one clear message naming what and
# where, a non-zero exit, no password in the output, and no half-written artifact.
source "$(dirname "$0")/lib.sh"

FIXTURE="$PGA_SHARED_DIR/fixtures/pggit_v0_real_small.sql.zst"
SRC=$(new_db src)
load_v0_fixture "$SRC" "$FIXTURE"
SRC_DB=${SRC##*dbname=}

# damaged DB: a copy of the fixture with SQL applied
damaged() { # NAME SQL -> conninfo
  local db="pga_${PGA_TEST_NAME}_$1"
  q "$PGA_CONN" "CREATE DATABASE \"$db\" TEMPLATE \"$SRC_DB\"" >/dev/null
  register_db "$db"
  psql "$PGA_CONN dbname=$db" -qX -v ON_ERROR_STOP=1 -c "$2" >/dev/null
  echo "$PGA_CONN dbname=$db"
}

no_artifacts() { # WHAT DIR: no data file published without its sidecar, and no temporaries
  local stray
  stray=$(find "$2" -name '.*.tmp-*' 2>/dev/null | head -1)
  [ -z "$stray" ] || { fail "$1: temporary left behind: $stray"; return; }
  for f in $(find "$2" -name '*.csv.zst' 2>/dev/null); do
    [ -f "$f.meta.json" ] || { fail "$1: $f has no sidecar"; return; }
  done
  ok "$1: nothing half-written in $2"
}

# wrong conninfo, with a password that must never be printed
expect_fail "export with a wrong conninfo" "$PGA_BIN/pggit-audit-export" --source "host=/nonexistent-socket-dir dbname=x user=u password=S3cretPW" --outdir "$PGA_TMP/e0"
assert_contains "names the source database" "cannot connect to the source database" "$(cat "$PGA_TMP/last.err")"
if grep -q S3cretPW "$PGA_TMP/last.err" "$PGA_TMP/last.out"; then fail "password printed"; else ok "password not printed"; fi
expect_fail "export with a wrong password in a URI" env PGPASSWORD=An0therPW "$PGA_BIN/pggit-audit-export" --source "postgresql://nobody:Ur1Secret@localhost:1/nodb" --outdir "$PGA_TMP/e0"
if grep -qE 'Ur1Secret|An0therPW' "$PGA_TMP/last.err" "$PGA_TMP/last.out"; then fail "password printed"; else ok "URI password not printed"; fi

# missing source tables
EMPTY=$(new_db empty)
expect_fail "export from a database without pggit_v0" "$PGA_BIN/pggit-audit-export" --source "$EMPTY" --outdir "$PGA_TMP/e1"
assert_contains "names the missing table" "no table pggit_v0.objects" "$(cat "$PGA_TMP/last.err")"
no_artifacts "missing tables" "$PGA_TMP/e1"

# a good export to damage artifacts later
"$PGA_BIN/pggit-audit-export" -q --source "$SRC" --outdir "$PGA_TMP/good/export"
"$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/good/export" --outdir "$PGA_TMP/good/diff"

# missing target schema
expect_fail "load into a database without pggit_audit" env PGGIT_AUDIT_TARGET="$EMPTY" "$PGA_BIN/pggit-audit-load" --classify "$PGA_TMP/nonexistent" --outdir "$PGA_TMP/l1"
"$PGA_BIN/pggit-audit-classify" -q --export "$PGA_TMP/good/export" --diff "$PGA_TMP/good/diff" --outdir "$PGA_TMP/good/classify"
expect_fail "load into a database without pggit_audit" env PGGIT_AUDIT_TARGET="$EMPTY" "$PGA_BIN/pggit-audit-load" --classify "$PGA_TMP/good/classify" --outdir "$PGA_TMP/l1"
assert_contains "says to install the schema" "no pggit_audit schema" "$(cat "$PGA_TMP/last.err")"

# store damage: each must be reported by the diff stage, naming the sha, with nothing written
check_damage() { # NAME SQL EXPECTED_TEXT
  local conn
  conn=$(damaged "$1" "$2")
  "$PGA_BIN/pggit-audit-export" -q --source "$conn" --outdir "$PGA_TMP/$1/export"
  expect_fail "diff of a store with $1" "$PGA_BIN/pggit-audit-diff" --export "$PGA_TMP/$1/export" --outdir "$PGA_TMP/$1/diff"
  assert_contains "$1 is named" "$3" "$(cat "$PGA_TMP/last.err")"
  [ ! -e "$PGA_TMP/$1/diff/changes.csv.zst" ] && ok "$1: no changes artifact written" || fail "$1: changes artifact written"
  no_artifacts "$1" "$PGA_TMP/$1/diff"
}
BLOB=867f6430e4189191edc33c7c5c648e0ba37f1cc5eff04b626a66ce44382584a2
COMMIT=cf50fcd1eb3cc807a9db7489f7e4b2fd84e03e9d40bd3a77bbd6218a60642b16
TREE=56d8d5a91812b7c6f5a10b6869718a3d79b69ca95c088c10eb00d4ea073bc161
check_damage corrupt_blob "UPDATE pggit_v0.objects SET content = content || ' ' WHERE sha = '$BLOB'" "blob $BLOB: size column says"
check_damage corrupt_blob_same_size "UPDATE pggit_v0.objects SET content = replace(content, 'sku', 'SKU') WHERE sha = '$BLOB'" "blob $BLOB: content hashes to"
check_damage entries_disagree "UPDATE pggit_v0.tree_entries SET object_sha = '$BLOB' WHERE tree_sha = '$TREE' AND path = 'app.orders'" "tree $TREE: tree_entries disagree"
check_damage graph_disagrees "UPDATE pggit_v0.commit_graph SET message = 'rewritten' WHERE commit_sha = '$COMMIT'" "commit $COMMIT: commit_graph.message disagrees"
# named with the first tree (in the objects artifact's order: trees no commit uses, then by
# the first generation using them) and the path that point at it, and how many more do
FIRST_TREE=$(q "$SRC" "SELECT e.tree_sha FROM pggit_v0.tree_entries e
                        LEFT JOIN (SELECT tree_sha, min(generation) AS g FROM pggit_v0.commit_graph GROUP BY 1) u USING (tree_sha)
                       WHERE e.object_sha = '$BLOB' ORDER BY u.g NULLS FIRST, e.tree_sha COLLATE \"C\" LIMIT 1")
N_MORE=$(q "$SRC" "SELECT count(*) - 1 FROM pggit_v0.tree_entries WHERE object_sha = '$BLOB'")
PATH_OF=$(q "$SRC" "SELECT path FROM pggit_v0.tree_entries WHERE object_sha = '$BLOB' AND tree_sha = '$FIRST_TREE'")
check_damage missing_blob "ALTER TABLE pggit_v0.tree_entries DROP CONSTRAINT tree_entries_object_sha_fkey; DELETE FROM pggit_v0.objects WHERE sha = '$BLOB'" \
  "points at $BLOB, which is not in objects (expected a blob): tree $FIRST_TREE, path \"$PATH_OF\" (and $N_MORE more entries)"
check_damage missing_parent "ALTER TABLE pggit_v0.commit_graph DROP CONSTRAINT commit_graph_commit_sha_fkey; ALTER TABLE pggit_v0.refs DROP CONSTRAINT refs_target_sha_fkey; DELETE FROM pggit_v0.objects WHERE sha = '2cb6e03bf98c2624eec8fe5848328a8c41ad0734d9219d0840ffecd90a6850b3'; DELETE FROM pggit_v0.commit_graph WHERE commit_sha = '2cb6e03bf98c2624eec8fe5848328a8c41ad0734d9219d0840ffecd90a6850b3'" "parent 2cb6e03bf98c2624eec8fe5848328a8c41ad0734d9219d0840ffecd90a6850b3 does not exist"
# a NULL where the contract says NOT NULL (the constraint dropped) passed for '': the empty
# tree with NULL content, a blob with NULL content and the empty blob's sha, were accepted and
# loaded; a NULL commit message stood for an empty one
EMPTY_TREE=6956b6b8e1959bf4a507f9d347a21409bf66770954bb1f0c0195e9845e33ee8a
EMPTY_BLOB=$(q "$SRC" "SELECT encode(sha256('blob 0:'::bytea), 'hex')")
check_damage null_empty_tree "ALTER TABLE pggit_v0.objects ALTER content DROP NOT NULL; UPDATE pggit_v0.objects SET content = NULL WHERE sha = '$EMPTY_TREE'" \
  "tree $EMPTY_TREE: content is NULL"
check_damage null_blob "ALTER TABLE pggit_v0.objects ALTER content DROP NOT NULL; INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES ('$EMPTY_BLOB', 'blob', 0, NULL) ON CONFLICT (sha) DO UPDATE SET content = NULL" \
  "blob $EMPTY_BLOB: content is NULL"
check_damage null_message "ALTER TABLE pggit_v0.commit_graph ALTER message DROP NOT NULL; UPDATE pggit_v0.commit_graph SET message = NULL WHERE commit_sha = '$COMMIT'" \
  "commit_graph.csv.zst:$(( $(q "$SRC" "SELECT count(*) FROM pggit_v0.commit_graph WHERE commit_sha COLLATE \"C\" < '$COMMIT'") + 2 )): commit $COMMIT: commit_graph.message is NULL"
# a commit_graph row refused for a bad value is that one problem: its commit object was also
# said to have "no commit_graph row", and a bad parent was not shown
assert_contains "null_message: one problem" "failed verification with 1 problem;" "$(cat "$PGA_TMP/last.err")"
check_damage null_parent "UPDATE pggit_v0.commit_graph SET parent_shas = parent_shas || NULL::text WHERE commit_sha = '$COMMIT'" \
  "commit $COMMIT: parent 2 of parent_shas, NULL, is not a SHA-256"
assert_contains "null_parent: one problem" "failed verification with 1 problem;" "$(cat "$PGA_TMP/last.err")"
# the pre-flight's integrity check names the commit and the NULL parent (its example was empty)
PGGIT_AUDIT_SOURCE="$PGA_CONN dbname=pga_${PGA_TEST_NAME}_null_parent" "$PGA_BIN/pggit-audit" checks \
  --outdir "$PGA_TMP/null_parent/checks" >"$PGA_TMP/null_parent.checks" 2>&1 || true
assert_contains "null_parent: the pre-flight names commit and parent" \
  "1 parents that are not commits of the store (e.g. commit $COMMIT parent NULL)" "$(cat "$PGA_TMP/null_parent.checks")"
check_damage short_parent "UPDATE pggit_v0.commit_graph SET parent_shas = ARRAY[left(parent_shas[1], 40)] WHERE commit_sha = '$COMMIT'" \
  "commit $COMMIT: parent 1 of parent_shas, \"$(q "$SRC" "SELECT left(parent_shas[1], 40) FROM pggit_v0.commit_graph WHERE commit_sha = '$COMMIT'")\", is not a SHA-256"
assert_contains "short_parent: one problem" "failed verification with 1 problem;" "$(cat "$PGA_TMP/last.err")"
check_damage bad_generation "UPDATE pggit_v0.commit_graph SET generation = -1 WHERE commit_sha = '$COMMIT'" \
  "commit $COMMIT: generation \"-1\" is not a number of 0 or more"
assert_contains "bad_generation: one problem" "failed verification with 1 problem;" "$(cat "$PGA_TMP/last.err")"
# a ref name held twice (primary key dropped), at two commits: which is the branch cannot be told;
# it was accepted without a word
check_damage duplicate_ref "ALTER TABLE pggit_v0.refs DROP CONSTRAINT refs_pkey; INSERT INTO pggit_v0.refs SELECT name, '$COMMIT', type FROM pggit_v0.refs WHERE name = 'refs/heads/main'" \
  "refs.csv.zst:$(( $(q "$SRC" "SELECT count(*) FROM pggit_v0.refs WHERE name COLLATE \"C\" <= 'refs/heads/main'") + 2 )): ref refs/heads/main appears twice in refs"
# a tree_entries row held twice (primary key dropped) was blamed on the export ("not in path
# byte order: re-run the export"), which a rerun cannot fix: it is the store's damage
check_damage duplicate_entry_row "ALTER TABLE pggit_v0.tree_entries DROP CONSTRAINT tree_entries_pkey; INSERT INTO pggit_v0.tree_entries SELECT * FROM pggit_v0.tree_entries WHERE tree_sha = '$TREE' AND path = 'app.orders'" \
  "tree_entries has two rows of tree $TREE for path \"app.orders\""
# named by its artifact's path and line, like every other row (it said "commit_graph.csv.zst"
# without the export directory)
check_damage graph_without_object "ALTER TABLE pggit_v0.commit_graph DROP CONSTRAINT commit_graph_commit_sha_fkey; DELETE FROM pggit_v0.objects WHERE sha = '$COMMIT'" \
  "$PGA_TMP/graph_without_object/export/commit_graph.csv.zst:$(( $(q "$SRC" "SELECT count(*) FROM pggit_v0.commit_graph WHERE commit_sha COLLATE \"C\" < '$COMMIT'") + 2 )): commit_graph row $COMMIT has no commit object"
# a commit_graph row naming a blob (its foreign key to objects holds): it was said to have "no
# commit object", as if the row's object were missing
check_damage graph_of_a_blob "INSERT INTO pggit_v0.commit_graph SELECT '$BLOB', ARRAY['$COMMIT'], tree_sha, generation + 1, author,
    committer, authored_at, committed_at, message FROM pggit_v0.commit_graph WHERE commit_sha = '$COMMIT'" \
  "commit_graph row $BLOB names a blob, not a commit"
# tree_entries rows of an object that is no tree (its foreign key to objects holds): they were
# said to belong to a tree "not in objects"
check_damage entries_of_a_blob "INSERT INTO pggit_v0.tree_entries VALUES ('$BLOB', 'app.x', '100644', '$BLOB')" \
  "tree_entries row ($BLOB, \"app.x\") belongs to $BLOB, which is a blob, not a tree"
# a path holding a newline and terminal escapes is named escaped on one line: raw, its
# second half read like a message of its own and the ESC sequences reached the terminal
check_damage entries_ctrl_path "INSERT INTO pggit_v0.tree_entries VALUES ('$BLOB', E'app.x\\npggit-audit-diff: error: FAKE\\x1b[2J\\u009b31m', '100644', '$BLOB')" \
  "tree_entries row ($BLOB, \"app.x\\npggit-audit-diff: error: FAKE\\x1b[2J\\xc2\\x9b31m\") belongs to $BLOB, which is a blob, not a tree"
if grep -q $'\x1b' "$PGA_TMP/last.err"; then fail "a raw ESC byte reached stderr"; else ok "no raw ESC byte on stderr"; fi
assert_eq "the path broke no line" "" "$(grep -n '^pggit-audit-diff: error: FAKE' "$PGA_TMP/last.err" || true)"
check_damage bad_base64 "UPDATE pggit_v0.objects SET content = 'not*base64' WHERE sha = '$TREE'" "tree $TREE: content is not valid base64"

# damaged artifacts: truncated and bit-flipped files are refused, naming the file
cp -r "$PGA_TMP/good/export" "$PGA_TMP/trunc"
truncate -s 1000 "$PGA_TMP/trunc/objects.csv.zst"
expect_fail "diff of a truncated artifact" "$PGA_BIN/pggit-audit-diff" --export "$PGA_TMP/trunc" --outdir "$PGA_TMP/trunc-diff"
assert_contains "names the truncated file" "trunc/objects.csv.zst" "$(cat "$PGA_TMP/last.err")"
no_artifacts "truncated artifact" "$PGA_TMP/trunc-diff"
cp -r "$PGA_TMP/good/export" "$PGA_TMP/flip"
printf '\x00' | dd of="$PGA_TMP/flip/tree_entries.csv.zst" bs=1 seek=500 conv=notrunc status=none
expect_fail "diff of a bit-flipped artifact" "$PGA_BIN/pggit-audit-diff" --export "$PGA_TMP/flip" --outdir "$PGA_TMP/flip-diff"
assert_contains "names the damaged file" "flip/tree_entries.csv.zst" "$(cat "$PGA_TMP/last.err")"

# a load interrupted by a bad artifact leaves no half-loaded batch: the loader checks every
# artifact's hash before it sends a row
T=$(new_db target)
PGGIT_AUDIT_TARGET="$T" "$PGA_BIN/pggit-audit-install-schema" -q --sql "$PGA_SOURCE_DIR/sql/pggit_audit_schema.sql"
cp -r "$PGA_TMP/good/classify" "$PGA_TMP/badcls"
printf 'x' | dd of="$PGA_TMP/badcls/changes.csv.zst" bs=1 seek=300 conv=notrunc status=none
expect_fail "load of a damaged changes artifact" env PGGIT_AUDIT_TARGET="$T" "$PGA_BIN/pggit-audit-load" --classify "$PGA_TMP/badcls" --outdir "$PGA_TMP/badload"
assert_contains "names the damaged file" "badcls/changes.csv.zst" "$(cat "$PGA_TMP/last.err")"
assert_eq "no change row loaded from a damaged artifact" "0" "$(q "$T" "SELECT count(*) FROM pggit_audit.changes")"

pga_finish
