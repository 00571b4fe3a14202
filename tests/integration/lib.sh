# lib.sh - helpers sourced by the integration tests: the ctest cluster's conninfo,
# scratch databases dropped at exit, fixture loading and assertions that say what failed.
# Expects PGA_SOURCE_DIR, PGA_BIN, PGA_CLUSTER_DIR (and PGA_SHARED_DIR) from ctest.
set -euo pipefail

: "${PGA_SOURCE_DIR:?run through ctest}" "${PGA_BIN:?}" "${PGA_CLUSTER_DIR:?}"
export PGOPTIONS='-c client_min_messages=warning'
PGA_CONN=$("$PGA_SOURCE_DIR/scripts/pgcluster.sh" conninfo "$PGA_CLUSTER_DIR")
PGA_TEST_NAME=$(basename "$0" .sh)
PGA_TMP=$(mktemp -d "/tmp/pga-${PGA_TEST_NAME}-XXXXXX")
PGA_FAILURES=0
PGA_DBS=()   # tests may also append names here
# databases to drop at exit: a file, because new_db runs in $(...) subshells
PGA_DB_LIST=$PGA_TMP/.databases
: >"$PGA_DB_LIST"
PGA_ROLE_LIST=$PGA_TMP/.roles
: >"$PGA_ROLE_LIST"

pga_cleanup() {
  local rc=$?
  for db in "${PGA_DBS[@]:-}"; do echo "$db"; done >>"$PGA_DB_LIST"
  # eight at a time: every DROP DATABASE waits for a checkpoint, and drops waiting together
  # share one (one after the other, a test's hundred databases took minutes: a third of
  # test_v1_risks' time)
  grep -v '^$' "$PGA_DB_LIST" | sort -u | xargs -r -P 8 -I{} \
    psql "$PGA_CONN" -qAtc 'DROP DATABASE IF EXISTS "{}" WITH (FORCE)' >/dev/null 2>&1 || true
  # roles after the databases: a role that owns one cannot go before it
  while read -r role; do
    [ -n "$role" ] && psql "$PGA_CONN" -qAtc "DROP ROLE IF EXISTS \"$role\"" >/dev/null 2>&1 || true
  done <"$PGA_ROLE_LIST"
  if [ "$rc" -eq 0 ] && [ "$PGA_FAILURES" -eq 0 ]; then rm -rf "$PGA_TMP"; else echo "kept $PGA_TMP for inspection" >&2; fi
}
trap pga_cleanup EXIT

# register_db NAME: drop database NAME at exit
register_db() { echo "$1" >>"$PGA_DB_LIST"; }

# register_role NAME...: drop these roles at exit, after the databases
register_role() { printf '%s\n' "$@" >>"$PGA_ROLE_LIST"; }

# new_db NAME: create an empty database (dropped at exit); prints its conninfo
new_db() {
  local db="pga_${PGA_TEST_NAME}_$1"
  psql "$PGA_CONN" -qAtc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
  psql "$PGA_CONN" -qAtc "CREATE DATABASE \"$db\"" >/dev/null
  register_db "$db"
  echo "$PGA_CONN dbname=$db"
}

# new_v0_source NAME FILE...: a new database (new_db NAME) with the pggit_v0 tables and then
# each FILE loaded; prints its conninfo
new_v0_source() {
  local conn files=()
  conn=$(new_db "$1"); shift
  for f in "$@"; do files+=(-f "$f"); done
  psql "$conn" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v0_schema.sql" "${files[@]}" >/dev/null
  echo "$conn"
}

# new_shape_source NAME: new_v0_source with the pga_shape store builders of shape_store.sql
new_shape_source() { new_v0_source "$1" "$PGA_SOURCE_DIR/tests/integration/shape_store.sql"; }

# new_commit_source NAME: new_v0_source with the pga_test helpers of commit_store.sql
new_commit_source() { new_v0_source "$1" "$PGA_SOURCE_DIR/tests/integration/commit_store.sql"; }

# new_fixture_commit_source NAME: a new database (new_db NAME) holding the pgGit-written
# fixture (load_v0_fixture) and the pga_test helpers of commit_store.sql; prints its conninfo
new_fixture_commit_source() {
  local conn
  conn=$(new_db "$1")
  load_v0_fixture "$conn"
  psql "$conn" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/tests/integration/commit_store.sql" >/dev/null
  echo "$conn"
}

# load_v0_fixture CONNINFO [FILE]: the pggit_v0 tables plus a pgGit-written dump
load_v0_fixture() {
  local conn=$1 file=${2:-$PGA_SHARED_DIR/fixtures/pggit_v0_real_small.sql.zst}
  psql "$conn" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v0_schema.sql" >/dev/null
  zstdcat "$file" | psql "$conn" -qX -v ON_ERROR_STOP=1 >/dev/null
}

# generated_store NAME COMMITS OBJECTS BRANCHES: a new database (as new_db NAME) holding a
# pggit_v0 store written by samples/generate_store.sql; prints its conninfo
generated_store() {
  local conn; conn=$(new_db "$1")
  psql "$conn" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v0_schema.sql" \
    -f "$PGA_SOURCE_DIR/samples/generate_store.sql" >/dev/null
  psql "$conn" -qXAt -v ON_ERROR_STOP=1 -c "SELECT pggit_sample.generate_store($2, $3, $4)" >/dev/null
  echo "$conn"
}

# q CONNINFO SQL: one query, unaligned, tuples only
q() { psql "$1" -qXAt -v ON_ERROR_STOP=1 -c "$2"; }
# peak_mb FILE: the peak RSS, in MB, that /usr/bin/time -v wrote to FILE
peak_mb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" | awk '{print int($1/1024)}'; }

# wait_until SECONDS CMD...: see wait.sh
source "$(dirname "${BASH_SOURCE[0]}")/wait.sh"

# lock_granted CONNINFO TABLE MODE: a session of that database holds MODE (pg_locks' name:
# ShareLock, AccessExclusiveLock...) on TABLE
lock_granted() {
  [ "$(q "$1" "SELECT count(*) FROM pg_locks WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())
                 AND relation = to_regclass('$2') AND mode = '$3' AND granted")" -gt 0 ]
}

ok() { echo "ok - $*"; }
fail() { echo "FAIL - $*" >&2; PGA_FAILURES=$((PGA_FAILURES + 1)); }

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
  if [ "$2" == "$3" ]; then ok "$1"; else fail "$1: expected [$2], got [$3]"; fi
}

# assert_contains WHAT NEEDLE HAYSTACK
assert_contains() {
  if [[ "$3" == *"$2"* ]]; then ok "$1"; else fail "$1: [$2] not found in: $3"; fi
}

# expect_fail WHAT CMD...: CMD must exit non-zero; its stderr is left in $PGA_TMP/last.err
expect_fail() {
  local what=$1; shift
  if "$@" >"$PGA_TMP/last.out" 2>"$PGA_TMP/last.err"; then
    fail "$what: succeeded but should have failed"
  else
    ok "$what (exit $?)"
  fi
}

# dump_audit CONNINFO: the audit rows, deterministic columns only, sorted
dump_audit() {
  q "$1" "SELECT change_id, commit_sha, path, change_type, object_type, coalesce(object_schema,'-'), object_name,
                 coalesce(old_blob_sha,'-'), coalesce(new_blob_sha,'-'), md5(coalesce(old_definition,'')),
                 md5(coalesce(new_definition,'')), author, committed_at, severity, formatting_only, run_id
            FROM pggit_audit.changes ORDER BY change_id"
  q "$1" "SELECT version_id, object_schema, object_name, version_number, blob_sha, commit_sha, md5(definition)
            FROM pggit_audit.object_versions ORDER BY version_id"
  q "$1" "SELECT blob_sha, object_type, object_schema, object_name, parse_status FROM pggit_audit.blobs ORDER BY blob_sha"
}

# assert_version_sides CONNINFO WHAT: every live version has its change in object_history, and
# object_changes() lists every live change under the identity of each of its sides, ending the
# old one and keeping the new one. Each side's identity is computed here from that side's blob
# and the path alone, as docs/design.md ("Object versions") states it: (its schema or '', its
# name, 'NAME on TABLE' for a table-scoped object, the path when it names no object). Prints
# the failing changes (commit sha, md5 of the path).
assert_version_sides() {
  assert_eq "$2: object_history has every version's change; object_changes() has every change under each side's identity" \
    "0|" "$(q "$1" "WITH x AS (
        SELECT c.commit_sha, c.path, c.old_blob_sha, c.new_blob_sha,
               coalesce(ob.object_schema, '') AS os,
               CASE WHEN ob.object_name IS NULL THEN c.path
                    WHEN ob.parent_name IS NOT NULL AND ob.object_type IS NOT NULL AND ob.object_type <> 'index'
                    THEN ob.object_name || ' on ' || ob.parent_name ELSE ob.object_name END AS onm,
               coalesce(nb.object_schema, '') AS ns,
               CASE WHEN nb.object_name IS NULL THEN c.path
                    WHEN nb.parent_name IS NOT NULL AND nb.object_type IS NOT NULL AND nb.object_type <> 'index'
                    THEN nb.object_name || ' on ' || nb.parent_name ELSE nb.object_name END AS nnm
          FROM pggit_audit.changes c
          LEFT JOIN pggit_audit.blobs ob ON ob.blob_sha = c.old_blob_sha
          LEFT JOIN pggit_audit.blobs nb ON nb.blob_sha = c.new_blob_sha
         WHERE c.superseded_by IS NULL)
      SELECT (SELECT count(*) FROM pggit_audit.object_history WHERE change_id IS NULL) || '|' ||
             coalesce((SELECT string_agg(x.commit_sha || ' ' || md5(x.path), ',') FROM x
               WHERE (x.old_blob_sha IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM pggit_audit.object_changes(x.os, x.onm) o
                         WHERE (o.change).commit_sha = x.commit_sha AND (o.change).path = x.path AND o.ends_object
                           AND o.keeps_object = (x.new_blob_sha IS NOT NULL AND (x.os, x.onm) = (x.ns, x.nnm))))
                  OR (x.new_blob_sha IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM pggit_audit.object_changes(x.ns, x.nnm) o
                         WHERE (o.change).commit_sha = x.commit_sha AND (o.change).path = x.path AND o.keeps_object
                           AND o.ends_object = (x.old_blob_sha IS NOT NULL AND (x.os, x.onm) = (x.ns, x.nnm))))), '')")"
}

# assert_versions_replayed TARGET WHAT: the object_versions of TARGET equal the numbering replayed
# here in SQL over its changes: changes in (generation, commit, path) order; within a commit, first
# every DROP and every ALTER whose new side is another object ends its old object, then every
# CREATE or ALTER adds a version unless the object's last version has that blob; each side's
# identity from its own blob and the path alone (docs/design.md, "Object versions";
# docs/classification.md, "Version identity"), never from the other side or the audit's helpers.
# Leaves public.ident_name() and public.expected_versions in TARGET.
assert_versions_replayed() {
  local VEXP
  q "$1" "CREATE FUNCTION public.ident_name(b pggit_audit.blobs, p_path text) RETURNS text LANGUAGE sql IMMUTABLE AS
             \$f\$ SELECT CASE WHEN b.object_name IS NULL THEN p_path
                               WHEN b.parent_name IS NOT NULL AND b.object_type IS NOT NULL AND b.object_type <> 'index'
                               THEN b.object_name || ' on ' || b.parent_name ELSE b.object_name END \$f\$" >/dev/null
  q "$1" "CREATE TABLE public.expected_versions AS
             SELECT ''::text AS s, ''::text AS n, 0 AS v, ''::text AS blob, ''::text AS commit_sha WHERE false" >/dev/null
  q "$1" "DO \$\$
  DECLARE r record; v_last text; v_num int; cm record;
  BEGIN
    CREATE TEMP TABLE st (s text, n text, num int, last_blob text, PRIMARY KEY (s, n));
    CREATE TEMP VIEW ch AS
      SELECT c.commit_sha, c.commit_generation, c.path, c.old_blob_sha, c.new_blob_sha,
             CASE WHEN c.old_blob_sha IS NOT NULL THEN coalesce(ob.object_schema, '') END AS os,
             CASE WHEN c.old_blob_sha IS NOT NULL THEN public.ident_name(ob, c.path) END AS onm,
             CASE WHEN c.new_blob_sha IS NOT NULL THEN coalesce(nb.object_schema, '') END AS ns,
             CASE WHEN c.new_blob_sha IS NOT NULL THEN public.ident_name(nb, c.path) END AS nnm
        FROM pggit_audit.changes c
        JOIN pggit_audit.blobs ob ON ob.blob_sha = coalesce(c.old_blob_sha, c.new_blob_sha)
        JOIN pggit_audit.blobs nb ON nb.blob_sha = coalesce(c.new_blob_sha, c.old_blob_sha);
    FOR cm IN SELECT commit_generation, commit_sha FROM ch GROUP BY 1, 2 ORDER BY commit_generation, commit_sha COLLATE \"C\" LOOP
      FOR r IN SELECT * FROM ch WHERE commit_sha = cm.commit_sha AND old_blob_sha IS NOT NULL
                 AND (new_blob_sha IS NULL OR (os, onm) IS DISTINCT FROM (ns, nnm)) LOOP
        UPDATE st SET last_blob = NULL WHERE s = r.os AND n = r.onm;
      END LOOP;
      FOR r IN SELECT * FROM ch WHERE commit_sha = cm.commit_sha AND new_blob_sha IS NOT NULL ORDER BY path COLLATE \"C\" LOOP
        SELECT st.num, st.last_blob INTO v_num, v_last FROM st WHERE s = r.ns AND n = r.nnm;
        IF NOT FOUND THEN INSERT INTO st VALUES (r.ns, r.nnm, 0, NULL); v_num := 0; v_last := NULL; END IF;
        IF v_last IS DISTINCT FROM r.new_blob_sha THEN
          UPDATE st SET num = v_num + 1, last_blob = r.new_blob_sha WHERE s = r.ns AND n = r.nnm;
          INSERT INTO public.expected_versions VALUES (r.ns, r.nnm, v_num + 1, r.new_blob_sha, r.commit_sha);
        END IF;
      END LOOP;
    END LOOP;
  END \$\$" >/dev/null
  VEXP=$(q "$1" "SELECT s, md5(n), v, blob, commit_sha FROM public.expected_versions ORDER BY s COLLATE \"C\", md5(n) COLLATE \"C\", v")
  assert_eq "$2: versions equal the numbering replayed over the changes ($(echo "$VEXP" | wc -l) rows)" "$VEXP" \
    "$(q "$1" "SELECT object_schema, md5(object_name), version_number, blob_sha, commit_sha FROM pggit_audit.object_versions ORDER BY object_schema COLLATE \"C\", md5(object_name) COLLATE \"C\", version_number")"
}

# Back up the pggit_v0 store in $SRC twice with the v2 manifest: into a new database T1 (work
# directory $PGA_TMP/w1) as configured, and into T2 ($PGA_TMP/w2) on one thread and one
# connection per stage, so that the two can be compared for determinism. Sets T1, T2 and
# MANIFEST; a failed run prints its log and ends the test. WHAT names the store in the output.
run_store_twice() {
  MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
  T1=$(new_db t1)
  T2=$(new_db t2)
  "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T1" --workdir "$PGA_TMP/w1" >"$PGA_TMP/run1.log" 2>&1 \
    || { cat "$PGA_TMP/run1.log"; fail "first run failed"; pga_finish; }
  PGGIT_AUDIT_THREADS=1 "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T2" --workdir "$PGA_TMP/w2" \
    LOAD_JOBS=1 EXPORT_JOBS=1 >"$PGA_TMP/run2.log" 2>&1 || { cat "$PGA_TMP/run2.log"; fail "second run failed"; pga_finish; }
  ok "two runs of the $1"
}

# owner_target_with_hidden_commit OWNER: for the row-level security tests, a source (SRC) of two
# commits, the second ('hidden', sha HIDDEN) adding app.secret, and a target (T) whose pggit_audit
# schema OWNER (a role that is not a superuser, given CREATE on T) installs: AS_OWNER connects to T
# as OWNER. The group roles are installed first by a superuser in a database of their own (G).
owner_target_with_hidden_commit() {
  local OWNER=$1
  SRC=$(new_shape_source src)
  HIDDEN=$(q "$SRC" "DO \$\$ DECLARE r text; s text; BEGIN
    r := pga_shape.commit(pga_shape.tree(ARRAY['app.t', 'app.u'], ARRAY['CREATE TABLE app.t (id int);', 'CREATE TABLE app.u (id int);']),
                          '{}', 'root', 1700000000);
    s := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(r), ARRAY['app.secret'], ARRAY['CREATE TABLE app.secret (id int);']),
                          ARRAY[r], 'hidden', 1700000010);
    PERFORM pga_shape.ref('refs/heads/main', s);
  END \$\$; SELECT commit_sha FROM pggit_v0.commit_graph WHERE message = 'hidden'")

  # the group roles are cluster-wide and only a superuser creates them: an install by a
  # superuser elsewhere first, then the owner installs the schema in its own target
  G=$(new_db g)
  psql "$G" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/sql/pggit_audit_schema.sql" >/dev/null 2>&1 \
    || fail "installing the schema as a superuser failed"
  T=$(new_db t)
  q "$T" "GRANT CREATE ON DATABASE \"$(q "$T" "SELECT current_database()")\" TO $OWNER" >/dev/null
  AS_OWNER="$T user=$OWNER"
}

# FIRST_PARENT_DIFF: the FROM clause of the tests' oracles, in SQL over the source's tables, independent of
# the stages: every commit c's tree against its first parent p's (a root's against nothing), one row d per
# path whose object differs (d.o the parent's sha or NULL, d.n the commit's or NULL)
FIRST_PARENT_DIFF='FROM pggit_v0.commit_graph c
              LEFT JOIN pggit_v0.commit_graph p ON p.commit_sha = c.parent_shas[1]
             CROSS JOIN LATERAL (
                   SELECT path, o.object_sha, n.object_sha
                     FROM (SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = p.tree_sha) o
                     FULL JOIN (SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = c.tree_sha) n USING (path)
                    WHERE o.object_sha IS DISTINCT FROM n.object_sha) d(path, o, n)'

# v1_history NAME [PSQL_ARGS...]: a source database with the v1 tables and the SQL of stdin loaded
# (PSQL_ARGS, e.g. -v me=..., go to psql), exported into $PGA_TMP/NAME.v1; sets SRC to its conninfo
v1_history() {
  local name=$1
  shift
  SRC=$(new_db "src_$name")
  psql "$SRC" -qX -v ON_ERROR_STOP=1 "$@" -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f - >/dev/null
  PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/$name.v1" -q
}

# store_blobs OUT: every blob of the store a v1 replay wrote to $PGA_TMP/OUT, one a line
store_blobs() {
  zstdcat "$PGA_TMP/$1/objects.csv.zst" | python3 -c '
import csv, sys
csv.field_size_limit(1 << 30)
for r in csv.reader(sys.stdin):
    if r[1] == "blob":
        print(r[3].replace("\n", " "))'
}

pga_finish() {
  if [ "$PGA_FAILURES" -gt 0 ]; then echo "$PGA_FAILURES check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
