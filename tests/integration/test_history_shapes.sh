#!/usr/bin/env bash
# test_history_shapes.sh - histories of other shapes than the fixture's, through the whole
# pipeline: an octopus merge (three parents) yields what it brings against its first parent,
# an empty commit and a second root on the empty tree yield no change, a commit no ref reaches
# is still backfilled, an annotated tag object is verified like any object (and reported by
# sha when damaged), a ref through a tag to a tree or blob is accepted with a warning (a ref
# naming a tree is refused), a commit listing one parent twice is diffed against it, DDL with lexical traps (DDL inside a dollar-quoted body or a comment,
# several statements in one blob) is classified by what it defines, and values with spaces at
# their ends (which PostgreSQL's CSV leaves unquoted) come through whole.
source "$(dirname "$0")/lib.sh"

SRC=$(new_fixture_commit_source src)
main_sha() { q "$SRC" "SELECT target_sha FROM pggit_v0.refs WHERE name = 'refs/heads/main'"; }
set_main() { q "$SRC" "UPDATE pggit_v0.refs SET target_sha = '$1' WHERE name = 'refs/heads/main'" >/dev/null; }
tree_of() { q "$SRC" "SELECT tree_sha FROM pggit_v0.commit_graph WHERE commit_sha = '$1'"; }
EMPTY_TREE=6956b6b8e1959bf4a507f9d347a21409bf66770954bb1f0c0195e9845e33ee8a

# DDL with lexical traps, one commit each
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.f_trap'], ARRAY[\$t\$CREATE FUNCTION app.f_trap() RETURNS int LANGUAGE plpgsql AS \$body\$ BEGIN -- CREATE TABLE app.fake (id int);
  EXECUTE 'CREATE TABLE x (a int); DROP TABLE y;'; RETURN 1; END \$body\$;\$t\$], 'function with DDL in its body')" >/dev/null
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.v_trap'], ARRAY[E'-- CREATE TABLE app.not_me (id int);\n/* outer /* nested DROP TABLE z; */ still a comment */\nCREATE VIEW app.v_trap AS SELECT 1 AS one;'], 'view after commented-out DDL')" >/dev/null
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.newt'], ARRAY['CREATE SCHEMA IF NOT EXISTS app; CREATE TABLE app.newt (a int);'], 'table after its schema, if not there')" >/dev/null
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.multi'], ARRAY['CREATE TABLE app.multi (id int); CREATE INDEX multi_idx ON app.multi (id); COMMENT ON TABLE app.multi IS ''a;b'';'], 'three statements')" >/dev/null
# spaces and tabs at the ends of values PostgreSQL's CSV leaves unquoted (no comma, quote or
# newline in them): a blob, a path and a commit message
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.lead', 'app.trail', 'app. spaced '],
            ARRAY[' CREATE SCHEMA lead;', E'CREATE SCHEMA trail;\t ', 'CREATE SCHEMA spaced;'], 'spaces at the ends ')" >/dev/null

# a view PostgreSQL accepts whose parse tree is deeper than the JSON reader goes (it
# stopped classify, and the driver's progress handler then crashed on the arena's memory;
# then it was kept unclassified; now the part below the reader's depth is cut off)
DEEP="CREATE VIEW app.v_deep AS SELECT 'x'$(printf " || 'x'%.0s" $(seq 1500)) AS c;"
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.v_deep'], ARRAY[\$d\$$DEEP\$d\$], 'deep view')" >/dev/null

# two side commits off main, then a three-parent merge of main and both, then an empty commit
BASE=$(main_sha)
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.side1'], ARRAY['CREATE TABLE app.side1 (id int);'], 'side 1')" >/dev/null
S1=$(main_sha)
set_main "$BASE"
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.side2'], ARRAY['CREATE TABLE app.side2 (id int);'], 'side 2')" >/dev/null
S2=$(main_sha)
# the merged tree (side 1 and side 2) comes from a commit on top of side 1 that no ref keeps
set_main "$S1"
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.side2'], ARRAY['CREATE TABLE app.side2 (id int);'], 'unreferenced')" >/dev/null
MERGED_TREE=$(tree_of "$(main_sha)")
OCTOPUS=$(q "$SRC" "SELECT pga_test.commit_raw('$MERGED_TREE', ARRAY['$BASE', '$S1', '$S2'], 'octopus merge', 1900000000)")
EMPTYC=$(q "$SRC" "SELECT pga_test.commit_raw('$MERGED_TREE', ARRAY['$OCTOPUS'], 'empty commit', 1900000001)")
# a commit whose author and committer differ, authored three years before it was committed,
# in other zones than +0000: the audit keeps both identities and dates it by its committer time
# (commit_graph.committed_at, in UTC whatever the text's zone)
q "$SRC" "DO \$\$ DECLARE t text := pga_test.sha('blob', 'CREATE TABLE app.authored (id int);'); raw text; tr text; b text; BEGIN
  INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (t, 'blob', 35, 'CREATE TABLE app.authored (id int);');
  CREATE TEMP TABLE authored_e ON COMMIT DROP AS
    SELECT path, mode, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = '$MERGED_TREE'
    UNION ALL SELECT 'app.authored', '100644', t;
  SELECT string_agg(mode || ' ' || path || '|' || object_sha || '|', '' ORDER BY path COLLATE \"C\") INTO raw FROM authored_e;
  tr := pga_test.sha('tree', raw);
  INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (tr, 'tree', length(raw), encode(convert_to(raw, 'UTF8'), 'base64'));
  INSERT INTO pggit_v0.tree_entries SELECT tr, path, mode, object_sha FROM authored_e;
  b := 'tree ' || tr || E'\\nparent $EMPTYC\\nauthor Alice <alice@example.com> 1805000000 +0200\\n' ||
       E'committer Bob <bob@example.com> 1900000005 -0500\\n\\nauthored long before';
  INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (pga_test.sha('commit', b), 'commit', length(b), b);
  INSERT INTO pggit_v0.commit_graph SELECT pga_test.sha('commit', b), ARRAY['$EMPTYC'], tr, generation + 1,
         'Alice <alice@example.com>', 'Bob <bob@example.com>', to_timestamp(1805000000) AT TIME ZONE 'UTC',
         to_timestamp(1900000005) AT TIME ZONE 'UTC', 'authored long before'
    FROM pggit_v0.commit_graph WHERE commit_sha = '$EMPTYC';
END \$\$" >/dev/null
AUTHORED=$(q "$SRC" "SELECT commit_sha FROM pggit_v0.commit_graph WHERE message = 'authored long before'")
set_main "$EMPTYC"
# a second root on the empty tree, on a branch of its own
q "$SRC" "INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES ('$EMPTY_TREE', 'tree', 0, '') ON CONFLICT DO NOTHING" >/dev/null
ROOT2=$(q "$SRC" "SELECT pga_test.commit_raw('$EMPTY_TREE', '{}', 'second root', 1900000002)")
q "$SRC" "INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/heads/orphan', '$ROOT2', 'branch')" >/dev/null
# an annotated tag object on the empty commit
TAGBODY="object $EMPTYC
type commit
tag v2.0
tagger Test <test@example.com> 1900000003 +0000

release 2.0"
TAG=$(q "$SRC" "INSERT INTO pggit_v0.objects (sha, type, size, content)
                SELECT pga_test.sha('tag', t), 'tag', length(t), t FROM (SELECT \$q\$$TAGBODY\$q\$ AS t) x RETURNING sha")
q "$SRC" "INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/tags/v2.0', '$TAG', 'tag')" >/dev/null

T=$(new_db target)
"$PGA_BIN/pggit-audit" run "$PGA_SOURCE_DIR/pipelines/backfill-v2.mk" --source "$SRC" --target "$T" --workdir "$PGA_TMP/w" >"$PGA_TMP/run.log" 2>&1 \
  || { cat "$PGA_TMP/run.log"; fail "pipeline failed"; pga_finish; }
ok "pipeline over the fixture plus the shapes"
assert_contains "verification passed" '"status": "PASSED"' "$(cat "$PGA_TMP/w/verify/report.json")"

changes_of() {
  q "$T" "SELECT coalesce(string_agg(path || ':' || change_type, ',' ORDER BY path), '-')
            FROM pggit_audit.changes WHERE commit_sha = '$1'"
}
assert_eq "octopus merge: what it brings against its first parent" "app.side1:CREATE,app.side2:CREATE" "$(changes_of "$OCTOPUS")"
assert_eq "empty commit: no change" "-" "$(changes_of "$EMPTYC")"
assert_eq "second root on the empty tree: no change" "-" "$(changes_of "$ROOT2")"
assert_eq "a commit no ref reaches is backfilled" "app.side2:CREATE" \
  "$(changes_of "$(q "$SRC" "SELECT commit_sha FROM pggit_v0.commit_graph WHERE message = 'unreferenced'")")"
assert_eq "author and committer differ: both kept, dated by the committer's time in UTC" \
  "app.authored:CREATE|Alice <alice@example.com>|Bob <bob@example.com>|2030-03-17 17:46:45" \
  "$(q "$T" "SELECT path || ':' || change_type || '|' || author || '|' || committer || '|' || committed_at
               FROM pggit_audit.changes WHERE commit_sha = '$AUTHORED'")"
assert_eq "every commit is in the diff's commits" "$(q "$SRC" "SELECT count(*) FROM pggit_v0.commit_graph")" \
  "$(zstdcat "$PGA_TMP/w/diff/commits.csv.zst" | tail -n +2 | wc -l)"
assert_contains "the tag object is among the verified objects" \
  "verified $(q "$SRC" "SELECT count(*) FROM pggit_v0.objects") objects" "$(cat "$PGA_TMP/run.log")"

classified() {
  q "$T" "SELECT object_type || ' ' || object_schema || '.' || object_name FROM pggit_audit.changes WHERE path = '$1'"
}
assert_eq "DDL in a dollar-quoted body: the function is what is defined" "function app.f_trap" "$(classified app.f_trap)"
assert_eq "DDL in comments: the view is what is defined" "view app.v_trap" "$(classified app.v_trap)"
assert_eq "three statements: the first one's object" "table app.multi" "$(classified app.multi)"
assert_eq "CREATE SCHEMA IF NOT EXISTS first: the table is what is defined" "table app.newt" "$(classified app.newt)"
assert_eq "a view nested deeper than the JSON reader goes is classified" "1 view" \
  "$(q "$T" "SELECT count(*) || ' ' || coalesce(min(object_type), '-') FROM pggit_audit.changes WHERE path = 'app.v_deep' AND new_definition = \$d\$$DEEP\$d\$")"
assert_eq "a blob with a leading space kept whole" "[ CREATE SCHEMA lead;]" \
  "$(q "$T" "SELECT '[' || new_definition || ']' FROM pggit_audit.changes WHERE path = 'app.lead'")"
assert_eq "a blob with a trailing tab and space kept whole" "$(printf '[CREATE SCHEMA trail;\t ]')" \
  "$(q "$T" "SELECT '[' || new_definition || ']' FROM pggit_audit.changes WHERE path = 'app.trail'")"
assert_eq "a path with spaces at its ends kept whole" "[app. spaced ]" \
  "$(q "$T" "SELECT '[' || path || ']' FROM pggit_audit.changes WHERE new_definition = 'CREATE SCHEMA spaced;'")"
assert_eq "a commit message with a trailing space kept whole" "[spaces at the ends ]" \
  "$(q "$T" "SELECT DISTINCT '[' || commit_message || ']' FROM pggit_audit.changes WHERE path = 'app.lead'")"

# the tag damaged: the diff names it and writes nothing
BAD_DB="pga_${PGA_TEST_NAME}_bad"
register_db "$BAD_DB"
q "$PGA_CONN" "CREATE DATABASE \"$BAD_DB\" TEMPLATE \"pga_${PGA_TEST_NAME}_src\"" >/dev/null
BAD="$PGA_CONN dbname=$BAD_DB"
q "$BAD" "UPDATE pggit_v0.objects SET content = content || ' (edited)' WHERE sha = '$TAG'" >/dev/null
"$PGA_BIN/pggit-audit-export" -q --source "$BAD" --outdir "$PGA_TMP/bad" >/dev/null 2>&1 || fail "export of the damaged store failed"
expect_fail "a damaged tag object stops the diff" "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/bad" --outdir "$PGA_TMP/bad.diff"
assert_contains "the diff names the tag's sha" "$TAG" "$(cat "$PGA_TMP/last.err")"
[ ! -e "$PGA_TMP/bad.diff/changes.csv.zst" ] && ok "no changes artifact written" || fail "a changes artifact was written"

# tags that hash right but point nowhere or at the wrong thing: reported by the tag's sha
BLOB=$(q "$SRC" "SELECT min(sha) FROM pggit_v0.objects WHERE type = 'blob'")
NOWHERE=$(printf '%064d' 7)
tag_case() { # WHAT BODY EXPECTED-TEXT
  local db="pga_${PGA_TEST_NAME}_tag$((++TAGN))"
  register_db "$db"
  q "$PGA_CONN" "CREATE DATABASE \"$db\" TEMPLATE \"pga_${PGA_TEST_NAME}_src\"" >/dev/null
  local t
  t=$(q "$PGA_CONN dbname=$db" "INSERT INTO pggit_v0.objects (sha, type, size, content)
         SELECT pga_test.sha('tag', b), 'tag', length(b), b FROM (SELECT \$q\$$2\$q\$ AS b) x RETURNING sha")
  q "$PGA_CONN dbname=$db" "INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/tags/t$TAGN', '$t', 'tag')" >/dev/null
  rm -rf "$PGA_TMP/tag.export" "$PGA_TMP/tag.diff"
  "$PGA_BIN/pggit-audit-export" -q --source "$PGA_CONN dbname=$db" --outdir "$PGA_TMP/tag.export" >/dev/null 2>&1 \
    || fail "$1: export failed"
  expect_fail "$1 stops the diff" "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/tag.export" --outdir "$PGA_TMP/tag.diff"
  assert_contains "$1: named by its sha" "tag $t" "$(cat "$PGA_TMP/last.err")"
  assert_contains "$1: says why" "$3" "$(cat "$PGA_TMP/last.err")"
}
TAGN=0
tag_case "a tag pointing at no object" "object $NOWHERE
type commit
tag gone

points nowhere" "points at $NOWHERE, which does not exist"
tag_case "a tag claiming a commit that is a blob" "object $BLOB
type commit
tag wrong

wrong type" "a blob, but its type line says commit"
tag_case "a tag object that is no tag" "this is not a tag object" "not a tag object"
tag_case "a tag with two type lines" "object $EMPTYC
type commit
type tree
tag twice

two types" "two \"type\" lines"

# a store whose commits and tags are wired wrongly: the diff stops with a clear error (exit 1,
# not a crash) and names the commit or tag. A tag's place among the tags was once read as a
# commit's place among the commits: a commit whose parent is a tag was wired to another
# commit, and a damaged tag that also had a commit_graph row crashed the diff.
wired_case() { # WHAT SQL EXPECTED-TEXT [TEXT-THAT-MUST-NOT-APPEAR]
  local db="pga_${PGA_TEST_NAME}_wired$((++TAGN))"
  register_db "$db"
  q "$PGA_CONN" "CREATE DATABASE \"$db\" TEMPLATE \"pga_${PGA_TEST_NAME}_src\"" >/dev/null
  q "$PGA_CONN dbname=$db" "$2" >/dev/null
  rm -rf "$PGA_TMP/wired.export" "$PGA_TMP/wired.diff"
  "$PGA_BIN/pggit-audit-export" -q --source "$PGA_CONN dbname=$db" --outdir "$PGA_TMP/wired.export" >/dev/null 2>&1 \
    || fail "$1: export failed"
  local rc=0
  "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/wired.export" --outdir "$PGA_TMP/wired.diff" \
    >"$PGA_TMP/last.out" 2>"$PGA_TMP/last.err" || rc=$?
  assert_eq "$1: the diff stops with exit 1" 1 "$rc"
  assert_contains "$1: says why" "$3" "$(cat "$PGA_TMP/last.err")"
  if [ -n "${4:-}" ]; then
    [[ "$(cat "$PGA_TMP/last.err")" != *"$4"* ]] && ok "$1: does not also say \"$4\"" \
      || fail "$1: also says \"$4\": $(cat "$PGA_TMP/last.err")"
  fi
  [ ! -e "$PGA_TMP/wired.diff/changes.csv.zst" ] && ok "$1: no changes artifact" || fail "$1: a changes artifact was written"
}
wired_case "a commit whose parent is a tag" \
  "SELECT pga_test.commit_raw('$MERGED_TREE', ARRAY['$TAG'], 'child of a tag', 1900000010)" \
  "parent $TAG is a tag, not a commit"
wired_case "a commit whose parent is a tree" \
  "SELECT pga_test.commit_raw('$MERGED_TREE', ARRAY['$MERGED_TREE'], 'child of a tree', 1900000011)" \
  "parent $MERGED_TREE is a tree, not a commit"
NOTAG=$(q "$SRC" "SELECT pga_test.sha('tag', 'no header at all')")
wired_case "a damaged tag with a commit_graph row, named by a ref" \
  "INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES ('$NOTAG', 'tag', 16, 'no header at all');
   INSERT INTO pggit_v0.commit_graph (commit_sha, parent_shas, tree_sha, generation, author, committer,
                                      authored_at, committed_at, message)
   VALUES ('$NOTAG', '{}', '$MERGED_TREE', 0, 'T', 'T', now(), now(), 'm');
   INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/tags/notag', '$NOTAG', 'tag')" \
  "tag $NOTAG: not a tag object"

# a commit object that hashes right and has its commit_graph row, but whose author line has
# no <email>: the malformed line is the one problem; the row was also said to have no commit
# object, which sent the reader looking for a missing row
NOMAIL_BODY="tree $MERGED_TREE
parent $EMPTYC
author pggit 1900000012 +0000
committer pggit 1900000012 +0000

no email"
NOMAIL=$(q "$SRC" "SELECT pga_test.sha('commit', \$q\$$NOMAIL_BODY\$q\$)")
wired_case "a commit whose author line has no <email>" \
  "INSERT INTO pggit_v0.objects (sha, type, size, content) SELECT '$NOMAIL', 'commit', length(b), b FROM (SELECT \$q\$$NOMAIL_BODY\$q\$ AS b) x;
   INSERT INTO pggit_v0.commit_graph (commit_sha, parent_shas, tree_sha, generation, author, committer,
                                      authored_at, committed_at, message)
   SELECT '$NOMAIL', ARRAY['$EMPTYC'], '$MERGED_TREE', generation + 1, 'pggit', 'pggit',
          to_timestamp(1900000012) AT TIME ZONE 'UTC', to_timestamp(1900000012) AT TIME ZONE 'UTC', 'no email'
     FROM pggit_v0.commit_graph WHERE commit_sha = '$EMPTYC'" \
  "malformed commit object $NOMAIL: line 3: author line has no <email>" "has no commit object"

# a chain of 100 tags, each naming the one before, ending at a commit: a ref through it is good
CHAIN_DB="pga_${PGA_TEST_NAME}_chain"
register_db "$CHAIN_DB"
q "$PGA_CONN" "CREATE DATABASE \"$CHAIN_DB\" TEMPLATE \"pga_${PGA_TEST_NAME}_src\"" >/dev/null
q "$PGA_CONN dbname=$CHAIN_DB" "DO \$\$ DECLARE t text := '$EMPTYC'; ty text := 'commit'; b text; BEGIN
  FOR i IN 1 .. 100 LOOP
    b := 'object ' || t || E'\\ntype ' || ty || E'\\ntag chain' || i || E'\\n\\nlink ' || i;
    t := pga_test.sha('tag', b); ty := 'tag';
    INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (t, 'tag', length(b), b);
  END LOOP;
  INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/tags/chain', t, 'tag');
END \$\$" >/dev/null
rm -rf "$PGA_TMP/chain.export" "$PGA_TMP/chain.diff"
"$PGA_BIN/pggit-audit-export" -q --source "$PGA_CONN dbname=$CHAIN_DB" --outdir "$PGA_TMP/chain.export" >/dev/null 2>&1 \
  || fail "chain of tags: export failed"
"$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/chain.export" --outdir "$PGA_TMP/chain.diff" 2>"$PGA_TMP/last.err" \
  && ok "a ref through a chain of 100 tags to a commit passes the diff" \
  || fail "a chain of 100 tags was refused: $(cat "$PGA_TMP/last.err")"

# a copy of the shape store changed by SQL, exported and diffed; sets D (the diff's outdir) and rc
diff_copy() { # NAME SQL
  local db="pga_${PGA_TEST_NAME}_$1"
  register_db "$db"
  q "$PGA_CONN" "CREATE DATABASE \"$db\" TEMPLATE \"pga_${PGA_TEST_NAME}_src\"" >/dev/null
  q "$PGA_CONN dbname=$db" "$2" >/dev/null
  rm -rf "$PGA_TMP/$1.export"; D="$PGA_TMP/$1.diff"; rc=0
  "$PGA_BIN/pggit-audit-export" -q --source "$PGA_CONN dbname=$db" --outdir "$PGA_TMP/$1.export" >/dev/null 2>&1 \
    || fail "$1: export failed"
  "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/$1.export" --outdir "$D" >"$PGA_TMP/last.out" 2>"$PGA_TMP/last.err" || rc=$?
}

# annotated tags of a tree and of a blob, named by refs (git allows both; git.git tags a blob
# holding a key): accepted with a warning naming the ref, since the audit records commits and
# every commit is backfilled whatever the refs say; the diff refused them until round 16
TREETAG_BODY="object $MERGED_TREE
type tree
tag tree-tag

a tree"
BLOBTAG_BODY="object $BLOB
type blob
tag key

a blob"
TREETAG=$(q "$SRC" "SELECT pga_test.sha('tag', \$q\$$TREETAG_BODY\$q\$)")
BLOBTAG=$(q "$SRC" "SELECT pga_test.sha('tag', \$q\$$BLOBTAG_BODY\$q\$)")
diff_copy tagged_tree "INSERT INTO pggit_v0.objects (sha, type, size, content)
    SELECT pga_test.sha('tag', b), 'tag', length(b), b FROM (VALUES (\$q\$$TREETAG_BODY\$q\$), (\$q\$$BLOBTAG_BODY\$q\$)) x(b);
  INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/tags/tree-tag', '$TREETAG', 'tag'), ('refs/tags/key', '$BLOBTAG', 'tag')"
assert_eq "refs to tags of a tree and of a blob: the diff passes" 0 "$rc"
assert_contains "... with a warning naming the ref, the tag and the tree" \
  "ref refs/tags/tree-tag points at tag $TREETAG, which leads to $MERGED_TREE, a tree, not a commit: accepted (git allows tags of trees and blobs; the objects are verified), but there is no history under this ref to audit" \
  "$(cat "$PGA_TMP/last.err")"
assert_contains "... and the blob's" "ref refs/tags/key points at tag $BLOBTAG, which leads to $BLOB, a blob, not a commit" "$(cat "$PGA_TMP/last.err")"
assert_eq "... counted in the summary" 2 "$(jq '.refs_to_tagged_trees_or_blobs' "$D/summary.json")"
assert_eq "... and the tags are verified objects" "$(q "$SRC" "SELECT count(*) + 2 FROM pggit_v0.objects")" "$(jq '.objects_verified' "$D/summary.json")"
assert_eq "the summary of a store without such refs has no such key" null "$(jq '.refs_to_tagged_trees_or_blobs' "$PGA_TMP/w/diff/summary.json")"

# a ref naming a tree itself (no tag) is refused: a branch of pgGit names a commit, and its next
# commit on that branch would have a tree for a parent
diff_copy ref_tree "INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/heads/at-tree', '$MERGED_TREE', 'branch')"
assert_eq "a ref naming a tree: the diff stops with exit 1" 1 "$rc"
assert_contains "... and says why" "ref refs/heads/at-tree points at $MERGED_TREE, a tree (expected a commit)" "$(cat "$PGA_TMP/last.err")"

# a commit listing one parent twice (git's commit-tree drops the second, the object format allows
# it): accepted, diffed against the first parent like any merge and counted as one
DUP_TREE=$(tree_of "$BASE")
diff_copy dup_parent "SELECT pga_test.commit_raw('$DUP_TREE', ARRAY['$EMPTYC', '$EMPTYC'], 'one parent twice', 1900000020)"
DUPC=$(q "$PGA_CONN dbname=pga_${PGA_TEST_NAME}_dup_parent" "SELECT commit_sha FROM pggit_v0.commit_graph WHERE message = 'one parent twice'")
assert_eq "a commit listing one parent twice: the diff passes" 0 "$rc"
assert_eq "... its changes are its tree against that parent's" "app.side1:D app.side2:D" \
  "$(zstdcat "$D/changes.csv.zst" | tr -d '"' | awk -F, -v c="$DUPC" '$1 == c {print $3 ":" $4}' | sort | paste -sd' ')"
assert_eq "... and it counts as one merge more" "$(($(jq '.merges' "$PGA_TMP/w/diff/summary.json") + 1))" "$(jq '.merges' "$D/summary.json")"

# a store pgGit never committed to: nothing to backfill, said aloud (a --source naming the
# wrong database is the likelier cause in a window), not an error
EMPTY_DB=$(new_db empty_store)
psql "$EMPTY_DB" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v0_schema.sql" >/dev/null
rm -rf "$PGA_TMP/empty.export" "$PGA_TMP/empty.diff"
"$PGA_BIN/pggit-audit-export" -q --source "$EMPTY_DB" --outdir "$PGA_TMP/empty.export" >/dev/null 2>&1 \
  || fail "empty store: export failed"
"$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/empty.export" --outdir "$PGA_TMP/empty.diff" 2>"$PGA_TMP/empty.err" \
  && ok "an empty store passes the diff" || fail "an empty store was refused: $(cat "$PGA_TMP/empty.err")"
assert_contains "the diff warns that the store has no commit" "the store has no commit" "$(cat "$PGA_TMP/empty.err")"

pga_finish
