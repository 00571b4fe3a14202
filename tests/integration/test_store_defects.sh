#!/usr/bin/env bash
# test_store_defects.sh - the whole v2 backfill (pggit-audit run pipelines/backfill-v2.mk) on
# stores the other shape tests do not build, valid and damaged. Valid: three unrelated roots
# merged by an octopus whose parents come in no order of age, a 71-parent octopus, refs on old
# commits, a tree written in a collation's order (upper case after lower) and one whose base64
# is on one line, blobs of control characters, CR, CRLF, a byte-order mark, U+2028, noncharacters,
# whitespace only, paths such as '.', 'a.', '.b', '"', a control character, commit messages empty,
# of one space, of newlines at both ends, of CRLF, of 5 MB, authors of 200,000 characters, times
# at epoch -1, 0, 1, in the years 1 and 9999 and in zones +1400 and -1200. Each must load, pass
# the verification, and give the changes a first-parent diff of the source's trees computed here
# in SQL gives, with definitions equal to the source's blobs, and the versions the numbering of
# docs/design.md replayed in SQL over them. Damaged: one defect each (a blob,
# tree or commit not hashing to its sha, a missing parent, a ref to nothing, a cycle, a path twice
# in a tree with and without the cache check, a tree entry at nothing, a commit's tree missing or a
# blob, an upper-case sha, a commit typed blob, NULL or unknown values in refs and objects): the
# run stops, exit non-zero, with one message naming the sha, file or row, and nothing is loaded.
source "$(dirname "$0")/lib.sh"
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"

SRC=$(new_shape_source src)
SRC_DB=${SRC##*dbname=}
psql "$SRC" -qX -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $do$
DECLARE r1 text; r2 text; r3 text; a text; b text; m text; tip text; ps text[]; t text; raw text; ts bigint := 1700000000;
BEGIN
  r1 := pga_shape.commit(pga_shape.tree(ARRAY['app', 'app.t1'], ARRAY['CREATE SCHEMA app;', 'CREATE TABLE app.t1 (id int);']), '{}', 'root one', ts);
  r2 := pga_shape.commit(pga_shape.tree(ARRAY['b.x'], ARRAY['CREATE TABLE b.x (id int);']), '{}', 'root two', ts + 1);
  r3 := pga_shape.commit(pga_shape.tree(ARRAY['c.y'], ARRAY['CREATE TABLE c.y (id int);']), '{}', 'root three', ts + 2);
  a := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(r1), ARRAY['app.a'], ARRAY['CREATE TABLE app.a (id int);']), ARRAY[r1], 'a', ts + 10);
  b := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(r1), ARRAY['app.b'], ARRAY['CREATE TABLE app.b (id int);']), ARRAY[r1], 'b', ts + 11);
  -- parents: a (generation 1), root three (0), b (1), root two (0)
  m := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(a), ARRAY['app.b', 'b.x', 'c.y'],
         ARRAY['CREATE TABLE app.b (id int);', 'CREATE TABLE b.x (id int);', 'CREATE TABLE c.y (id int);']), ARRAY[a, r3, b, r2], 'octopus', ts + 20);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(m), ARRAY['app.a'], ARRAY[NULL]), ARRAY[m], 'drop a', ts + 30);
  -- 70 side commits off tip, merged at once
  ps := ARRAY[tip];
  FOR i IN 1 .. 70 LOOP
    ps := ps || pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['s.t' || i], ARRAY['CREATE TABLE s.t' || i || ' (id int);']),
                                 ARRAY[tip], 'side ' || i, ts + 100 + i);
  END LOOP;
  t := pga_shape.tree_of(tip);
  FOR i IN 1 .. 70 LOOP t := pga_shape.tree_edit(t, ARRAY['s.t' || i], ARRAY['CREATE TABLE s.t' || i || ' (id int);']); END LOOP;
  tip := pga_shape.commit(t, ps, 'octopus of 71', ts + 200);
  -- a tree in an ICU-like order (app.b before app.B, which byte order puts first), and a tree
  -- whose base64 is on one line (the sha is over the raw text, whatever its encoding's lines)
  raw := '100644 app.b|' || pga_shape.blob('CREATE TABLE app.b (id int);') || '|100644 app.B|' || pga_shape.blob('CREATE TABLE app."B" (id int);') || '|';
  t := pga_shape.sha('tree', raw);
  INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (t, 'tree', length(raw), encode(convert_to(raw, 'UTF8'), 'base64'));
  INSERT INTO pggit_v0.tree_entries VALUES (t, 'app.b', '100644', pga_shape.blob('CREATE TABLE app.b (id int);')),
                                           (t, 'app.B', '100644', pga_shape.blob('CREATE TABLE app."B" (id int);'));
  tip := pga_shape.commit(t, ARRAY[tip], 'collation order', ts + 210);
  raw := '100644 app.b|' || pga_shape.blob('CREATE TABLE app.b (id int);') || '|100644 app.c|' || pga_shape.blob('CREATE TABLE app.c (id int);') ||
         '|100644 app.d|' || pga_shape.blob('CREATE TABLE app.d (id int);') || '|';
  t := pga_shape.sha('tree', raw);
  INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (t, 'tree', length(raw), replace(encode(convert_to(raw, 'UTF8'), 'base64'), E'\n', ''));
  INSERT INTO pggit_v0.tree_entries SELECT t, p, '100644', pga_shape.blob('CREATE TABLE ' || p || ' (id int);') FROM unnest(ARRAY['app.b', 'app.c', 'app.d']) p;
  tip := pga_shape.commit(t, ARRAY[tip], 'base64 on one line', ts + 220);
  -- contents, messages, authors, times and zones
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip),
           ARRAY['app.ctl', 'app.crlf', 'app.cr', 'app.bom', 'app.ls', 'app.nonchar', 'app.tabs', 'app.ws'],
           ARRAY[E'CREATE TABLE app.ctl (id int); -- \x01\x02\x07\x08\x0b\x0c\x1b\x1f\x7f \u0080\u009f',
                 E'CREATE TABLE app.crlf (\r\n  id int\r\n);\r\n', E'CREATE TABLE app.cr (\r  id int\r);\r',
                 E'\uFEFFCREATE TABLE app.bom (id int);', E'CREATE TABLE app.ls (id int); -- \u2028\u2029\u0085',
                 E'CREATE TABLE app.nonchar (id int); -- \uFFFE\uFFFF\U0010FFFF\U0001F600 e\u0301',
                 E'\t\tCREATE\tTABLE\tapp.tabs\t(id\tint);\t\t', E'   \n\n  ']),
           ARRAY[tip], '', 0, '+1400', E'\u00dcn\u00ef \\ "q" O''B, Jr. <u@x>');
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.crlf'], ARRAY[E'CREATE TABLE app.crlf (\n  id int\n);\n']),
           ARRAY[tip], E'\n\nstarts and ends with newlines\n\n', 1, '-1200', 'A <a@x>');
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.ws'], ARRAY[NULL]), ARRAY[tip], E'ends with CRLF\r\n', -1, '-0000', 'A <a@x>');
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.ws'], ARRAY['']), ARRAY[tip],
           E'\\ backslash \\n no newline', 253402300799, '+0000', E'e\u0301 <a@x>');
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.x'], ARRAY['CREATE TABLE app.x (id int);']), ARRAY[tip], ' ',
           -62135596800, '+0000', 'A <a@x>');
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.m'], ARRAY['CREATE TABLE app.m (id int);']), ARRAY[tip],
           repeat(E'line \\ "x",\r\n', 400000), ts + 300, '+0000', repeat('N', 200000) || ' <' || repeat('e', 1000) || '@x>');
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip),
           ARRAY['.', '..', 'a.', '.b', '"', 'a.b.c.d', ' ', '-x', 'x', E'\\', E'a\x01b', 'ü.ö', '"a.b"."c.d"'],
           ARRAY['CREATE TABLE p1 (id int);', 'CREATE TABLE p2 (id int);', 'CREATE TABLE a.p3 (id int);', 'CREATE TABLE p4 (id int);',
                 'CREATE TABLE p5 (id int);', 'CREATE TABLE b.p6 (id int);', 'CREATE TABLE p7 (id int);', 'CREATE TABLE p8 (id int);',
                 'CREATE SCHEMA x;', 'CREATE TABLE p9 (id int);', 'CREATE TABLE p10 (id int);', 'CREATE TABLE ü.ö (id int);',
                 'CREATE TABLE "a.b"."c.d" (id int);']), ARRAY[tip], 'short and odd paths', ts + 310);
  PERFORM pga_shape.ref('refs/heads/main', tip);
  PERFORM pga_shape.ref('refs/heads/two', r2);
  PERFORM pga_shape.ref('refs/tags/old', r1, 'tag');
  PERFORM pga_shape.ref(E'refs/heads/we"ird,na|me\nnl-ü', a);
END $do$;
SQL
ok "store written"

T=$(new_db target)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T" --workdir "$PGA_TMP/w" >"$PGA_TMP/run.log" 2>&1 \
  || { cat "$PGA_TMP/run.log"; fail "the valid store's run failed"; pga_finish; }
ok "the valid store's run finishes"
assert_contains "verification passed" '"status": "PASSED"' "$(cat "$PGA_TMP/w/verify/report.json")"
assert_contains "three roots said" "the history has 3 root commits" "$(cat "$PGA_TMP/run.log")"
"$PGA_BIN/pggit-audit-checks" --source "$SRC" --target "$T" --outdir "$PGA_TMP/checks" >"$PGA_TMP/checks.log" 2>&1 \
  || fail "the pre-flight refused the valid store: $(cat "$PGA_TMP/checks.log")"
assert_contains "the pre-flight's integrity check passes the valid store" "ok      source.integrity:" "$(cat "$PGA_TMP/checks.log")"

# the oracle: every commit's tree against its first parent's (a root's against nothing), from the
# source's tables, with the commit's identities, time and message
EXPECTED=$(q "$SRC" "SELECT c.commit_sha, md5(d.path), CASE WHEN d.o IS NULL THEN 'A' WHEN d.n IS NULL THEN 'D' ELSE 'M' END,
                   coalesce(d.o, '-'), coalesce(d.n, '-'), c.generation, md5(c.author), md5(c.committer),
                   to_char(c.committed_at, 'YYYY-MM-DD HH24:MI:SS.US'), md5(c.message)
              $FIRST_PARENT_DIFF
             ORDER BY c.commit_sha COLLATE \"C\", md5(d.path) COLLATE \"C\"")
LOADED=$(q "$T" "SELECT commit_sha, md5(path), CASE WHEN old_blob_sha IS NULL THEN 'A' WHEN new_blob_sha IS NULL THEN 'D' ELSE 'M' END,
                 coalesce(old_blob_sha, '-'), coalesce(new_blob_sha, '-'), commit_generation, md5(author), md5(committer),
                 to_char(committed_at, 'YYYY-MM-DD HH24:MI:SS.US'), md5(commit_message)
            FROM pggit_audit.changes ORDER BY commit_sha COLLATE \"C\", md5(path) COLLATE \"C\"")
assert_eq "changes equal the first-parent diff of the source's trees ($(echo "$EXPECTED" | wc -l) rows)" "$EXPECTED" "$LOADED"
# definitions: the source's blob contents, byte for byte (md5 of each side's text)
SRC_BLOBS=$(q "$SRC" "SELECT sha, md5(content) FROM pggit_v0.objects WHERE type = 'blob' ORDER BY sha")
DEFS=$(q "$T" "SELECT DISTINCT b, md5(d) FROM (SELECT old_blob_sha, old_definition FROM pggit_audit.changes
                 UNION ALL SELECT new_blob_sha, new_definition FROM pggit_audit.changes) x(b, d) WHERE b IS NOT NULL ORDER BY b")
assert_eq "every definition is its blob's content" "" \
  "$(join <(echo "$DEFS") <(echo "$SRC_BLOBS") -v1 | head -3)"
assert_eq "... every blob the changes name is compared" "$(echo "$DEFS" | wc -l)" "$(join <(echo "$DEFS" | tr '|' ' ') <(echo "$SRC_BLOBS" | tr '|' ' ') | awk '$2 == $3' | wc -l)"
assert_versions_replayed "$T" "the valid store"
assert_version_sides "$T" "the valid store"
assert_eq "the 71-parent octopus brings 70 tables against its first parent" "70" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE commit_message = 'octopus of 71' AND change_type = 'CREATE'")"

# ---- one defect each: the run stops, names it, loads nothing --------------------------------
sha_of_blob() { q "$SRC" "SELECT sha FROM pggit_v0.objects WHERE type = 'blob' AND content = '$1'"; }
commit_of() { q "$SRC" "SELECT commit_sha FROM pggit_v0.commit_graph WHERE message = '$1'"; }
BLOB_A=$(sha_of_blob 'CREATE TABLE app.a (id int);')
R1=$(commit_of 'root one'); R2=$(commit_of 'root two'); OCT=$(commit_of 'octopus'); DROPA=$(commit_of 'drop a')
TREE_R1=$(q "$SRC" "SELECT tree_sha FROM pggit_v0.commit_graph WHERE commit_sha = '$R1'")
NOFK="ALTER TABLE pggit_v0.tree_entries DROP CONSTRAINT tree_entries_object_sha_fkey;
      ALTER TABLE pggit_v0.tree_entries DROP CONSTRAINT tree_entries_tree_sha_fkey;
      ALTER TABLE pggit_v0.refs DROP CONSTRAINT refs_target_sha_fkey;
      ALTER TABLE pggit_v0.commit_graph DROP CONSTRAINT commit_graph_commit_sha_fkey;"
N=0
# defect WHAT SQL EXPECTED-TEXT [RUN-ARGS...]: a copy of the store with SQL applied, run whole
defect() {
  local what=$1 sql=$2 want=$3 db="pga_${PGA_TEST_NAME}_d$((++N))"; shift 3
  register_db "$db"; register_db "${db}_t"
  q "$PGA_CONN" "CREATE DATABASE \"$db\" TEMPLATE \"$SRC_DB\"" >/dev/null
  q "$PGA_CONN" "CREATE DATABASE \"${db}_t\"" >/dev/null
  psql "$PGA_CONN dbname=$db" -qX -v ON_ERROR_STOP=1 -c "$sql" >/dev/null || { fail "$what: could not write the defect"; return; }
  local rc=0 w="$PGA_TMP/d$N"
  "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$PGA_CONN dbname=$db" --target "$PGA_CONN dbname=${db}_t" --workdir "$w" "$@" \
    >"$w.log" 2>&1 || rc=$?
  [ "$rc" -ne 0 ] && ok "$what: the run stops (exit $rc)" || fail "$what: the run exited 0"
  assert_contains "$what: says so" "$want" "$(cat "$w.log")"
  assert_eq "$what: nothing loaded" "0 0 0" "$(q "$PGA_CONN dbname=${db}_t" "SELECT (SELECT count(*) FROM pggit_audit.changes) || ' ' ||
     (SELECT count(*) FROM pggit_audit.object_versions) || ' ' || (SELECT count(*) FROM pggit_audit.blobs)")"
  [ ! -e "$w/diff/changes.csv.zst" ] && ok "$what: no changes artifact" || fail "$what: a changes artifact was written"
}
# the run's summary line of the diff: how many problems (one defect, one problem)
problems() { assert_contains "$1: one problem" "the store failed verification with 1 problem;" "$(cat "$PGA_TMP/d$N.log")"; }
# the pre-flight of a rehearsal or cutover on the last defect's store: its source.integrity
# must fail too, or the go/no-go passes a store the diff then refuses in the window
preflight_fails() { # WHAT TEXT
  local rc=0 db="pga_${PGA_TEST_NAME}_d$N"
  "$PGA_BIN/pggit-audit-checks" --source "$PGA_CONN dbname=$db" --target "$PGA_CONN dbname=${db}_t" --outdir "$PGA_TMP/checks$N" \
    >"$PGA_TMP/checks$N.log" 2>&1 || rc=$?
  [ "$rc" -ne 0 ] && ok "$1: the pre-flight fails (exit $rc)" || fail "$1: the pre-flight passed"
  assert_contains "$1: the pre-flight says why" "FAILED  source.integrity: $2" "$(cat "$PGA_TMP/checks$N.log")"
}

defect "a blob not hashing to its sha" "UPDATE pggit_v0.objects SET content = replace(content, 'app.a', 'app.z') WHERE sha = '$BLOB_A'" \
  "blob $BLOB_A: content hashes to"
problems "a blob not hashing"
RAW1=$(q "$SRC" "SELECT convert_from(decode(content, 'base64'), 'UTF8') FROM pggit_v0.objects WHERE sha = '$TREE_R1'")
defect "a tree not hashing to its sha (tree_entries agreeing)" \
  "UPDATE pggit_v0.objects SET content = encode(convert_to(replace(\$r\$$RAW1\$r\$, 'app.t1', 'app.t9'), 'UTF8'), 'base64') WHERE sha = '$TREE_R1';
   UPDATE pggit_v0.tree_entries SET path = 'app.t9' WHERE tree_sha = '$TREE_R1' AND path = 'app.t1'" \
  "tree $TREE_R1: content hashes to"
problems "a tree not hashing"
defect "a commit not hashing to its sha (commit_graph agreeing)" \
  "UPDATE pggit_v0.objects SET content = replace(content, 'drop a', 'drop b') WHERE sha = '$DROPA';
   UPDATE pggit_v0.commit_graph SET message = 'drop b' WHERE commit_sha = '$DROPA'" \
  "commit $DROPA: content hashes to"
problems "a commit not hashing"
defect "a missing parent (the octopus's fourth)" \
  "$NOFK DELETE FROM pggit_v0.refs WHERE target_sha = '$R2'; DELETE FROM pggit_v0.commit_graph WHERE commit_sha = '$R2';
   DELETE FROM pggit_v0.objects WHERE sha = '$R2'" \
  "commit $OCT: parent $R2 does not exist"
defect "a ref to a commit that does not exist" \
  "$NOFK INSERT INTO pggit_v0.refs VALUES ('refs/heads/gone', repeat('ab', 32), 'branch')" \
  "ref refs/heads/gone points at $(printf 'ab%.0s' $(seq 32)), which does not exist"
defect "a cycle: a root whose commit_graph names its grandchild as parent" \
  "UPDATE pggit_v0.commit_graph SET parent_shas = ARRAY['$OCT'] WHERE commit_sha = '$R1'" \
  "commit $R1: commit_graph.parent_shas disagrees with the commit's parent lines"
DUPRAW="'100644 app.a|$BLOB_A|100644 app.a|$(sha_of_blob 'CREATE TABLE app.b (id int);')|'"
DUP="INSERT INTO pggit_v0.objects (sha, type, size, content) SELECT pga_shape.sha('tree', r), 'tree', length(r), encode(convert_to(r, 'UTF8'), 'base64') FROM (SELECT $DUPRAW AS r) x;
     INSERT INTO pggit_v0.tree_entries VALUES (pga_shape.sha('tree', $DUPRAW), 'app.a', '100644', '$BLOB_A');
     SELECT pga_shape.commit(pga_shape.sha('tree', $DUPRAW), ARRAY['$DROPA'], 'a path twice', 1700000900)"
DUPTREE=$(q "$SRC" "SELECT pga_shape.sha('tree', $DUPRAW)")
defect "a path twice in a tree's content" "$DUP" "tree $DUPTREE: tree_entries disagree with the tree's content"
defect "a path twice in a tree's content, CHECK_CACHES=off" "$DUP" "tree $DUPTREE: its content does not split into entries: path \"app.a\" appears twice" CHECK_CACHES=off
MISSRAW="'100644 app.m|' || repeat('cd', 32) || '|'"
defect "a tree entry pointing at nothing" \
  "$NOFK INSERT INTO pggit_v0.objects (sha, type, size, content) SELECT pga_shape.sha('tree', r), 'tree', length(r), encode(convert_to(r, 'UTF8'), 'base64') FROM (SELECT $MISSRAW AS r) x;
   INSERT INTO pggit_v0.tree_entries VALUES (pga_shape.sha('tree', $MISSRAW), 'app.m', '100644', repeat('cd', 32));
   SELECT pga_shape.commit(pga_shape.sha('tree', $MISSRAW), ARRAY['$DROPA'], 'entry at nothing', 1700000900)" \
  "a tree entry points at $(printf 'cd%.0s' $(seq 32)), which is not in objects (expected a blob): tree $(q "$SRC" "SELECT pga_shape.sha('tree', $MISSRAW)"), path \"app.m\""
defect "a commit whose tree is missing" "SELECT pga_shape.commit(repeat('cd', 32), ARRAY['$DROPA'], 'no tree', 1700000900)" \
  "its tree $(printf 'cd%.0s' $(seq 32)) is missing from objects"
defect "a commit whose tree is a blob" "SELECT pga_shape.commit('$BLOB_A', ARRAY['$DROPA'], 'tree is a blob', 1700000900)" \
  "its tree $BLOB_A is not a tree"
defect "an upper-case sha" \
  "$NOFK UPDATE pggit_v0.objects SET sha = upper(sha) WHERE sha = '$BLOB_A'; UPDATE pggit_v0.tree_entries SET object_sha = upper(object_sha) WHERE object_sha = '$BLOB_A'" \
  "object sha \"${BLOB_A^^}\" is not 64 lowercase hex digits"
defect "a commit typed blob" "UPDATE pggit_v0.objects SET type = 'blob' WHERE sha = '$OCT'" "blob $OCT: content hashes to"

# NULLs and values outside the contract's CHECKs, the constraints dropped: one problem each,
# naming the row and saying NULL. A ref's name or type NULL, or a type not branch, tag or
# remote, was accepted without a word; an object's NULL type or size read as "" and a type the
# contract does not know left the object "not in objects" for every row pointing at it.
defect "a ref whose name is NULL" "ALTER TABLE pggit_v0.refs DROP CONSTRAINT refs_pkey; ALTER TABLE pggit_v0.refs ALTER name DROP NOT NULL;
   INSERT INTO pggit_v0.refs VALUES (NULL, '$DROPA', 'branch')" "refs.csv.zst:7: a ref's name is NULL (its target $DROPA)"
problems "a ref whose name is NULL"
preflight_fails "a ref whose name is NULL" "1 refs whose name or type is NULL or whose type is not branch, tag or remote (e.g. NULL)"
defect "a ref whose type is NULL" "ALTER TABLE pggit_v0.refs ALTER type DROP NOT NULL; UPDATE pggit_v0.refs SET type = NULL WHERE name = 'refs/heads/two'" \
  "refs.csv.zst:3: ref refs/heads/two: type is NULL"
problems "a ref whose type is NULL"
preflight_fails "a ref whose type is NULL" "1 refs whose name or type is NULL or whose type is not branch, tag or remote (e.g. refs/heads/two)"
defect "a ref of a type the contract does not know" "ALTER TABLE pggit_v0.refs DROP CONSTRAINT refs_type_check; UPDATE pggit_v0.refs SET type = 'Branch' WHERE name = 'refs/heads/two'" \
  "refs.csv.zst:3: ref refs/heads/two has unknown type \"Branch\" (expected branch, tag or remote)"
problems "a ref of an unknown type"
preflight_fails "a ref of an unknown type" "1 refs whose name or type is NULL or whose type is not branch, tag or remote (e.g. refs/heads/two)"
defect "an object whose type is NULL" "ALTER TABLE pggit_v0.objects DROP CONSTRAINT objects_type_check; ALTER TABLE pggit_v0.objects ALTER type DROP NOT NULL;
   UPDATE pggit_v0.objects SET type = NULL WHERE sha = '$BLOB_A'" "object $BLOB_A: type is NULL"
problems "an object whose type is NULL"
preflight_fails "an object whose type is NULL" "1 objects whose type is NULL or not blob, tree, commit or tag (e.g. $BLOB_A)"
defect "an object of a type the contract does not know" "ALTER TABLE pggit_v0.objects DROP CONSTRAINT objects_type_check; UPDATE pggit_v0.objects SET type = 'Blob' WHERE sha = '$BLOB_A'" \
  "object $BLOB_A has unknown type \"Blob\" (expected blob, tree, commit or tag)"
problems "an object of an unknown type"
preflight_fails "an object of an unknown type" "1 objects whose type is NULL or not blob, tree, commit or tag (e.g. $BLOB_A)"
defect "a commit of a type the contract does not know" "ALTER TABLE pggit_v0.objects DROP CONSTRAINT objects_type_check; UPDATE pggit_v0.objects SET type = 'Commit' WHERE sha = '$R1'" \
  "object $R1 has unknown type \"Commit\""
problems "a commit of an unknown type"
defect "a tree of a type the contract does not know" "ALTER TABLE pggit_v0.objects DROP CONSTRAINT objects_type_check; UPDATE pggit_v0.objects SET type = 'Tree' WHERE sha = '$TREE_R1'" \
  "object $TREE_R1 has unknown type \"Tree\""
problems "a tree of an unknown type"
defect "an object whose size is NULL" "ALTER TABLE pggit_v0.objects ALTER size DROP NOT NULL; UPDATE pggit_v0.objects SET size = NULL WHERE sha = '$BLOB_A'" \
  "object $BLOB_A: size is NULL"
problems "an object whose size is NULL"
defect "a tree_entries row whose object_sha is NULL" "ALTER TABLE pggit_v0.tree_entries ALTER object_sha DROP NOT NULL;
   UPDATE pggit_v0.tree_entries SET object_sha = NULL WHERE tree_sha = '$TREE_R1' AND path = 'app.t1'" \
  "tree_entries row has a malformed sha (tree \"$TREE_R1\", object NULL)"

pga_finish
