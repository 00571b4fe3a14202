#!/usr/bin/env bash
# test_sample_generator.sh - integration test of samples/: the pggit_v0 and v1 schema files
# (they must load pgGit-written fixtures) and the store generator generate_store.sql, whose
# output is checked in SQL against the hashing rules of SOURCE_FORMAT.md, independently of the
# generator's own helper functions: shas and sizes, trees vs tree_entries, commit_graph vs
# commit text, referential completeness, the required store features, determinism and
# append_commits. Needs PGA_SOURCE_DIR, PGA_CLUSTER_DIR (and PGA_SHARED_DIR for the fixtures).
set -euo pipefail

: "${PGA_SOURCE_DIR:?PGA_SOURCE_DIR must be set}"
: "${PGA_CLUSTER_DIR:?PGA_CLUSTER_DIR must be set}"
SAMPLES="$PGA_SOURCE_DIR/samples"
CONN=$("$PGA_SOURCE_DIR/scripts/pgcluster.sh" conninfo "$PGA_CLUSTER_DIR")

COMMITS=40
OBJECTS=25
BRANCHES=2

suffix="$$_$(date +%s)"
DB_A="pga_sample_a_$suffix"
DB_B="pga_sample_b_$suffix"
DB_C="pga_sample_c_$suffix"
DB_V0="pga_sample_v0_$suffix"
DB_V1="pga_sample_v1_$suffix"
ALL_DBS=("$DB_A" "$DB_B" "$DB_C" "$DB_V0" "$DB_V1")

admin() { psql "$CONN dbname=postgres" -X -q -v ON_ERROR_STOP=1 "$@"; }
# db NAME ARGS...: run psql in database NAME (quiet, stop at the first error)
db() { local name=$1; shift; PGOPTIONS="-c client_min_messages=warning" psql "$CONN dbname=$name" -X -q -v ON_ERROR_STOP=1 "$@"; }
# value NAME SQL: the single value SQL returns in database NAME
value() { db "$1" -At -c "$2"; }

cleanup() {
  for d in "${ALL_DBS[@]}"; do
    admin -c "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

failures=0
pass() { echo "ok   - $1"; }
fail() { echo "FAIL - $1" >&2; failures=$((failures + 1)); }
# expect NAME DB SQL EXPECTED: SQL's single value must equal EXPECTED
expect() {
  local got
  got=$(value "$2" "$3") || { fail "$1 (query failed)"; return; }
  if [ "$got" = "$4" ]; then pass "$1"; else fail "$1: expected '$4', got '$got'"; fi
}
# expect_min NAME DB SQL MIN: SQL's single integer value must be >= MIN
expect_min() {
  local got
  got=$(value "$2" "$3") || { fail "$1 (query failed)"; return; }
  if [ "$got" -ge "$4" ]; then pass "$1 ($got)"; else fail "$1: expected at least $4, got '$got'"; fi
}

new_db() { admin -c "CREATE DATABASE \"$1\" TEMPLATE template0 ENCODING 'UTF8'"; }

# --- integrity checks that any valid store (generated or written by pgGit) must pass --------
SQL_BAD_SHA_OR_SIZE="
SELECT count(*)
  FROM pggit_v0.objects o,
       LATERAL (SELECT CASE WHEN o.type = 'tree' THEN convert_from(decode(o.content, 'base64'), 'UTF8')
                            ELSE o.content END AS body) b
 WHERE o.sha <> encode(sha256(convert_to(o.type || ' ' || length(b.body) || ':' || b.body, 'UTF8')), 'hex')
    OR o.size <> length(b.body)"
SQL_BAD_TREE_ENTRIES="
SELECT count(*)
  FROM pggit_v0.objects o
 WHERE o.type = 'tree'
   AND convert_from(decode(o.content, 'base64'), 'UTF8') IS DISTINCT FROM
       coalesce((SELECT string_agg(te.mode || ' ' || te.path || '|' || te.object_sha || '|', ''
                                   ORDER BY te.path COLLATE \"C\")
                   FROM pggit_v0.tree_entries te WHERE te.tree_sha = o.sha), '')"
SQL_BAD_GRAPH_VS_TEXT="
SELECT count(*)
  FROM pggit_v0.objects o
  FULL JOIN pggit_v0.commit_graph g ON g.commit_sha = o.sha
 WHERE (o.type = 'commit' OR g.commit_sha IS NOT NULL)
   AND (o.sha IS NULL OR g.commit_sha IS NULL OR o.type <> 'commit'
        OR substring(o.content FROM '^tree ([0-9a-f]{64})\n') IS DISTINCT FROM g.tree_sha
        OR ARRAY(SELECT r.m[1]
                   FROM regexp_matches(split_part(o.content, E'\n\n', 1), '^parent ([0-9a-f]{64})\$', 'gn')
                        WITH ORDINALITY AS r(m, n)
                  ORDER BY r.n) IS DISTINCT FROM g.parent_shas)"
check_store_integrity() {  # DB LABEL
  expect "$2: every object's sha and size recompute" "$1" "$SQL_BAD_SHA_OR_SIZE" 0
  expect "$2: tree_entries rebuild every raw tree (byte order)" "$1" "$SQL_BAD_TREE_ENTRIES" 0
  expect "$2: commit_graph tree and parents agree with commit text" "$1" "$SQL_BAD_GRAPH_VS_TEXT" 0
}

# stricter checks for generated stores (the generator promises more than pgGit does)
check_generated_store() {  # DB LABEL
  check_store_integrity "$1" "$2"
  expect "$2: tree content is PostgreSQL base64 of the raw text" "$1" "
    SELECT count(*) FROM pggit_v0.objects
     WHERE type = 'tree' AND content <> encode(decode(content, 'base64'), 'base64')" 0
  expect "$2: commit text rebuilds exactly from commit_graph" "$1" "
    SELECT count(*)
      FROM pggit_v0.commit_graph g JOIN pggit_v0.objects o ON o.sha = g.commit_sha
     WHERE o.content IS DISTINCT FROM
           'tree ' || g.tree_sha || E'\n'
           || coalesce((SELECT string_agg('parent ' || p || E'\n', '' ORDER BY n)
                          FROM unnest(g.parent_shas) WITH ORDINALITY AS u(p, n)), '')
           || 'author ' || g.author || ' ' || extract(epoch FROM g.authored_at)::bigint || E' +0000\n'
           || 'committer ' || g.committer || ' ' || extract(epoch FROM g.committed_at)::bigint || E' +0000\n'
           || E'\n' || g.message" 0
  expect "$2: generation is 0 for roots, else max(parents)+1" "$1" "
    SELECT count(*) FROM pggit_v0.commit_graph g
     WHERE g.generation <> coalesce((SELECT max(p.generation) + 1 FROM pggit_v0.commit_graph p
                                      WHERE p.commit_sha = ANY (g.parent_shas)), 0)" 0
  expect "$2: exactly one root commit" "$1" \
    "SELECT count(*) FROM pggit_v0.commit_graph WHERE cardinality(parent_shas) = 0" 1
  expect "$2: every parent exists" "$1" "
    SELECT count(*) FROM pggit_v0.commit_graph g, unnest(g.parent_shas) AS p
     WHERE NOT EXISTS (SELECT 1 FROM pggit_v0.commit_graph c WHERE c.commit_sha = p)" 0
  expect "$2: every commit's tree exists as a tree" "$1" "
    SELECT count(*) FROM pggit_v0.commit_graph g
     WHERE NOT EXISTS (SELECT 1 FROM pggit_v0.objects o WHERE o.sha = g.tree_sha AND o.type = 'tree')" 0
  expect "$2: every tree entry is a mode-100644 blob in a tree" "$1" "
    SELECT count(*) FROM pggit_v0.tree_entries te
     WHERE te.mode <> '100644'
        OR NOT EXISTS (SELECT 1 FROM pggit_v0.objects o WHERE o.sha = te.object_sha AND o.type = 'blob')
        OR NOT EXISTS (SELECT 1 FROM pggit_v0.objects o WHERE o.sha = te.tree_sha AND o.type = 'tree')" 0
  expect "$2: every ref targets a commit" "$1" "
    SELECT count(*) FROM pggit_v0.refs r
     WHERE NOT EXISTS (SELECT 1 FROM pggit_v0.commit_graph c WHERE c.commit_sha = r.target_sha)" 0
  expect "$2: the empty tree is there with the contract's sha" "$1" "
    SELECT count(*) FROM pggit_v0.objects
     WHERE sha = '6956b6b8e1959bf4a507f9d347a21409bf66770954bb1f0c0195e9845e33ee8a'
       AND type = 'tree' AND size = 0 AND content = ''" 1
  expect "$2: no blob is unused" "$1" "
    SELECT count(*) FROM pggit_v0.objects o
     WHERE o.type = 'blob' AND NOT EXISTS (SELECT 1 FROM pggit_v0.tree_entries te WHERE te.object_sha = o.sha)" 0
}

# store content hash: every object, tree entry, graph row and ref
SQL_STORE_DIGEST="
SELECT md5(concat_ws('#',
  (SELECT string_agg(sha || ' ' || type || ' ' || size || ' ' || coalesce(created_at::text, ''), ',' ORDER BY sha)
     FROM pggit_v0.objects),
  (SELECT string_agg(tree_sha || path || object_sha, ',' ORDER BY tree_sha, path COLLATE \"C\")
     FROM pggit_v0.tree_entries),
  (SELECT string_agg(commit_sha || generation || committed_at::text, ',' ORDER BY commit_sha)
     FROM pggit_v0.commit_graph),
  (SELECT string_agg(name || target_sha || type, ',' ORDER BY name) FROM pggit_v0.refs)))"

# --- 1. generated store ----------------------------------------------------------------------
for d in "$DB_A" "$DB_B"; do
  new_db "$d"
  db "$d" -f "$SAMPLES/pggit_v0_schema.sql" -f "$SAMPLES/pggit_v0_schema.sql" \
          -f "$SAMPLES/generate_store.sql" -f "$SAMPLES/generate_store.sql"
  echo "# $d: $(value "$d" "SELECT pggit_sample.generate_store($COMMITS, $OBJECTS, $BRANCHES)")"
done

check_generated_store "$DB_A" "generated"
expect "generated: exactly p_commits commits" "$DB_A" \
  "SELECT count(*) FROM pggit_v0.commit_graph" "$COMMITS"
expect_min "generated: initial import holds p_objects objects" "$DB_A" "
  SELECT count(*) FROM pggit_v0.tree_entries te
    JOIN pggit_v0.refs r ON r.name = 'refs/tags/v1.0'
    JOIN pggit_v0.commit_graph g ON g.commit_sha = r.target_sha
   WHERE te.tree_sha = g.tree_sha" "$OBJECTS"
expect "generated: one two-parent merge per extra branch" "$DB_A" \
  "SELECT count(*) FROM pggit_v0.commit_graph WHERE cardinality(parent_shas) = 2" $((BRANCHES - 1))
expect "generated: refs main, tag v1.0 and one per feature branch" "$DB_A" "
  SELECT count(*) FILTER (WHERE name = 'refs/heads/main' AND type = 'branch')
       + count(*) FILTER (WHERE name = 'refs/tags/v1.0' AND type = 'tag')
       + count(*) FILTER (WHERE name LIKE 'refs/heads/feature/%' AND type = 'branch')
    FROM pggit_v0.refs" $((BRANCHES + 1))
expect "generated: main's head is the newest commit" "$DB_A" "
  SELECT r.target_sha = (SELECT commit_sha FROM pggit_v0.commit_graph ORDER BY generation DESC, committed_at DESC LIMIT 1)
    FROM pggit_v0.refs r WHERE r.name = 'refs/heads/main'" t

# per commit (first parent), the paths it removed and added and the blobs involved
SQL_PATH_CHANGES="
WITH edges AS (
  SELECT c.commit_sha, c.committed_at, c.tree_sha, p.tree_sha AS parent_tree
    FROM pggit_v0.commit_graph c JOIN pggit_v0.commit_graph p ON p.commit_sha = c.parent_shas[1]),
removed AS (
  SELECT e.commit_sha, e.committed_at, te.path, te.object_sha FROM edges e
    JOIN pggit_v0.tree_entries te ON te.tree_sha = e.parent_tree
   WHERE NOT EXISTS (SELECT 1 FROM pggit_v0.tree_entries t2 WHERE t2.tree_sha = e.tree_sha AND t2.path = te.path)),
added AS (
  SELECT e.commit_sha, e.committed_at, te.path, te.object_sha FROM edges e
    JOIN pggit_v0.tree_entries te ON te.tree_sha = e.tree_sha
   WHERE NOT EXISTS (SELECT 1 FROM pggit_v0.tree_entries t2 WHERE t2.tree_sha = e.parent_tree AND t2.path = te.path))"
expect_min "generated: an object dropped and later re-created" "$DB_A" "$SQL_PATH_CHANGES
  SELECT count(*) FROM removed r JOIN added a ON a.path = r.path AND a.committed_at > r.committed_at" 1
expect_min "generated: a rename (same blob under a new path)" "$DB_A" "$SQL_PATH_CHANGES
  SELECT count(*) FROM removed r JOIN added a ON a.commit_sha = r.commit_sha AND a.object_sha = r.object_sha" 1
expect_min "generated: a changed definition (same path, new blob)" "$DB_A" "
  SELECT count(DISTINCT path) FROM (SELECT path FROM pggit_v0.tree_entries GROUP BY path
                                    HAVING count(DISTINCT object_sha) > 1) s" 3
expect_min "generated: a quoted path with a dot inside the quotes" "$DB_A" \
  "SELECT count(DISTINCT path) FROM pggit_v0.tree_entries WHERE path ~ '(^|\\.)\"[^\"]*\\.[^\"]*\"(\\.|\$)'" 1
expect_min "generated: a path with a space" "$DB_A" \
  "SELECT count(DISTINCT path) FROM pggit_v0.tree_entries WHERE path LIKE '%\"%% %\"%'" 1
expect_min "generated: a path with non-ASCII letters" "$DB_A" \
  "SELECT count(DISTINCT path) FROM pggit_v0.tree_entries WHERE path ~ '[^\\x01-\\x7e]'" 1
expect_min "generated: a bare schema path" "$DB_A" \
  "SELECT count(DISTINCT path) FROM pggit_v0.tree_entries WHERE path IN ('app', '\"Sales.EU\"')" 2
expect_min "generated: DDL with a dollar-quoted body" "$DB_A" \
  "SELECT count(*) FROM pggit_v0.objects WHERE type = 'blob' AND content ~ '\\\$function\\\$|\\\$body\\\$'" 1
expect_min "generated: DDL with several statements" "$DB_A" \
  "SELECT count(*) FROM pggit_v0.objects WHERE type = 'blob' AND content ~ E';\\nCOMMENT ON'" 1
expect_min "generated: DDL with a comment line" "$DB_A" \
  "SELECT count(*) FROM pggit_v0.objects WHERE type = 'blob' AND content ~ E'(^|\\n)-- '" 1
# Every blob must be valid PostgreSQL: run it in a subtransaction that is always rolled back;
# only a syntax error (SQLSTATE 42601, raised while parsing, before anything runs) counts.
syntax_errors=$(db "$DB_A" -At \
  -c "CREATE FUNCTION pg_temp.blob_syntax_errors() RETURNS integer LANGUAGE plpgsql AS \$f\$
      DECLARE n integer := 0; b record;
      BEGIN
        SET LOCAL check_function_bodies = off;
        FOR b IN SELECT sha, content FROM pggit_v0.objects WHERE type = 'blob' LOOP
          BEGIN
            EXECUTE b.content;
            RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'roll back';
          EXCEPTION
            WHEN syntax_error THEN n := n + 1; RAISE WARNING 'blob % does not parse: %', b.sha, SQLERRM;
            WHEN OTHERS THEN NULL;   -- missing schema, role, table...: parsed fine
          END;
        END LOOP;
        RETURN n;
      END \$f\$" \
  -c "SELECT pg_temp.blob_syntax_errors()") || syntax_errors="query failed"
if [ "$syntax_errors" = "0" ]; then pass "generated: every blob is syntactically valid SQL"; \
else fail "generated: blobs with syntax errors: $syntax_errors"; fi
expect_min "generated: non-ASCII in DDL and authors" "$DB_A" "
  SELECT (SELECT count(*) FROM pggit_v0.objects WHERE type = 'blob' AND content ~ '[^\\x01-\\x7e]')
       * (SELECT count(*) FROM pggit_v0.commit_graph WHERE author ~ '[^\\x01-\\x7e]')" 1

# --- 2. determinism -------------------------------------------------------------------------
digest_a=$(value "$DB_A" "$SQL_STORE_DIGEST")
digest_b=$(value "$DB_B" "$SQL_STORE_DIGEST")
if [ -n "$digest_a" ] && [ "$digest_a" = "$digest_b" ]; then
  pass "determinism: same arguments in two databases give identical stores"
else
  fail "determinism: stores differ ($digest_a vs $digest_b)"
fi
new_db "$DB_C"
db "$DB_C" -f "$SAMPLES/pggit_v0_schema.sql" -f "$SAMPLES/generate_store.sql"
value "$DB_C" "SELECT pggit_sample.generate_store($COMMITS, $OBJECTS, $BRANCHES, 3, 2)" >/dev/null
if [ "$(value "$DB_C" "$SQL_STORE_DIGEST")" != "$digest_a" ]; then
  pass "determinism: another seed gives another store"
else
  fail "determinism: seed 2 gave the same store as seed 1"
fi

# --- 3. the generator refuses a non-empty store ----------------------------------------------
if value "$DB_A" "SELECT pggit_sample.generate_store(10, 10)" >/dev/null 2>&1; then
  fail "generate_store on a non-empty store must fail"
else
  pass "generate_store refuses a non-empty store"
fi

# --- 4. append_commits ----------------------------------------------------------------------
old_head=$(value "$DB_A" "SELECT target_sha FROM pggit_v0.refs WHERE name = 'refs/heads/main'")
echo "# $(value "$DB_A" "SELECT pggit_sample.append_commits(5)")"
value "$DB_B" "SELECT pggit_sample.append_commits(5)" >/dev/null
expect "append_commits(5): exactly 5 more commits" "$DB_A" \
  "SELECT count(*) FROM pggit_v0.commit_graph" $((COMMITS + 5))
expect "append_commits(5): main moved 5 first-parent steps ahead of the old head" "$DB_A" "
  WITH RECURSIVE walk(sha, depth) AS (
    SELECT target_sha, 0 FROM pggit_v0.refs WHERE name = 'refs/heads/main'
    UNION ALL
    SELECT g.parent_shas[1], w.depth + 1 FROM walk w JOIN pggit_v0.commit_graph g ON g.commit_sha = w.sha
     WHERE w.depth < 10)
  SELECT min(depth) FROM walk WHERE sha = '$old_head'" 5
expect "append_commits(5): each new commit changes its tree" "$DB_A" "
  SELECT count(*) FROM pggit_v0.commit_graph c JOIN pggit_v0.commit_graph p ON p.commit_sha = c.parent_shas[1]
   WHERE c.tree_sha = p.tree_sha AND c.generation > (SELECT generation FROM pggit_v0.commit_graph
                                                      WHERE commit_sha = '$old_head')" 0
check_generated_store "$DB_A" "after append"
if [ "$(value "$DB_A" "$SQL_STORE_DIGEST")" = "$(value "$DB_B" "$SQL_STORE_DIGEST")" ]; then
  pass "append_commits is deterministic"
else
  fail "append_commits gave different stores in two databases"
fi

# --- 5. the schema files fit pgGit-written fixtures -------------------------------------------
FIXTURES="${PGA_SHARED_DIR:-}/fixtures"
if [ -n "${PGA_SHARED_DIR:-}" ] && [ -f "$FIXTURES/pggit_v0_real_small.sql.zst" ] \
   && [ -f "$FIXTURES/pggit_v1_real_small.sql.zst" ]; then
  new_db "$DB_V0"
  db "$DB_V0" -f "$SAMPLES/pggit_v0_schema.sql"
  zstdcat "$FIXTURES/pggit_v0_real_small.sql.zst" | db "$DB_V0" >/dev/null
  expect "v0 fixture: loads into pggit_v0_schema.sql (151 commits, 454 objects, 7265 entries, 3 refs)" "$DB_V0" "
    SELECT (SELECT count(*) FROM pggit_v0.commit_graph) || ',' || (SELECT count(*) FROM pggit_v0.objects)
           || ',' || (SELECT count(*) FROM pggit_v0.tree_entries) || ',' || (SELECT count(*) FROM pggit_v0.refs)" \
    "151,454,7265,3"
  check_store_integrity "$DB_V0" "v0 fixture"

  new_db "$DB_V1"
  db "$DB_V1" -f "$SAMPLES/pggit_v1_schema.sql" -f "$SAMPLES/pggit_v1_schema.sql"
  zstdcat "$FIXTURES/pggit_v1_real_small.sql.zst" | db "$DB_V1" >/dev/null
  expect "v1 fixture: loads into pggit_v1_schema.sql (100 objects, 84 history rows)" "$DB_V1" "
    SELECT (SELECT count(*) FROM pggit.objects) || ',' || (SELECT count(*) FROM pggit.history)" "100,84"
else
  echo "# skipping the fixture checks: no fixtures under PGA_SHARED_DIR (${PGA_SHARED_DIR:-unset})"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all sample generator checks passed"
