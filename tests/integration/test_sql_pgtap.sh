#!/usr/bin/env bash
# test_sql_pgtap.sh - integration test of the audit layer SQL (sql/): checks that the
# generated installer is current, installs it twice into a scratch database of the ctest
# cluster (schema and rows unchanged by the second run), runs two installers at once,
# warns, naming the holder, while a session holds its lock, refuses a schema pggit_audit
# holding objects no migration made (or an empty one another role owns or has rights on),
# and group roles with more rights than it grants, stops psql at the first error without ON_ERROR_STOP,
# loads the pggit_v0 fixture, runs the pgTAP files tests/sql/NN_*.sql with pg_prove,
# upgrades a version-1 install that holds rows (tests/sql/upgrade/), and appends to
# compliance_log from concurrent sessions to check that the hash chain stays linear.
set -euo pipefail

: "${PGA_SOURCE_DIR:?}" "${PGA_CLUSTER_DIR:?}"
SHARED_DIR=${PGA_SHARED_DIR:-}
SQL_DIR="$PGA_SOURCE_DIR/sql"
TAP_DIR="$PGA_SOURCE_DIR/tests/sql"

conninfo=$("$PGA_SOURCE_DIR/scripts/pgcluster.sh" conninfo "$PGA_CLUSTER_DIR")
# pg_prove takes libpq environment variables; take them from the keyword conninfo.
for kv in $conninfo; do
  case "$kv" in
    host=*) export PGHOST=${kv#host=} ;;
    port=*) export PGPORT=${kv#port=} ;;
    user=*) export PGUSER=${kv#user=} ;;
  esac
done
export PGOPTIONS='-c client_min_messages=warning'

suffix="$$_$(date +%s%N | tail -c 7)"
DB_MAIN="pga_sqltap_$suffix"
DB_UP="pga_sqlup_$suffix"
DB_RACE="pga_sqlrace_$suffix"
DB_PATH="pga_sqlpath_$suffix"
DB_NSU="pga_sqlnsu_$suffix"
DB_PART="pga_sqlpart_$suffix"
ROLE_PATH="pga_sqlpath_owner_$suffix"
work=$(mktemp -d)

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }
psql_db() { local db=$1; shift; psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

cleanup() {
  for db in "$DB_MAIN" "$DB_UP" "$DB_RACE" "$DB_PATH" "$DB_NSU" "$DB_PART"; do
    psql_admin -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true
  done
  psql_admin -c "DROP ROLE IF EXISTS \"$ROLE_PATH\"" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "not ok - $*" >&2; exit 1; }
pass() { echo "ok - $*"; }
# lib.sh is not sourced here (this script keeps its own cleanup); its wait_until is
source "$(dirname "$0")/wait.sh"

"$SQL_DIR/build_installer.sh" --check || fail "sql/pggit_audit_schema.sql is not what sql/build_installer.sh generates"
pass "installer is generated from the migrations"

for db in "$DB_MAIN" "$DB_UP" "$DB_RACE"; do psql_admin -c "CREATE DATABASE \"$db\""; done

# ---- main database: the v0 store beside the audit layer, installed twice
v0_schema="$PGA_SOURCE_DIR/samples/pggit_v0_schema.sql"
[ -f "$v0_schema" ] || v0_schema="$TAP_DIR/support/pggit_v0_tables.sql"
psql_db "$DB_MAIN" -f "$v0_schema"
fixture="$SHARED_DIR/fixtures/pggit_v0_real_small.sql.zst"
have_fixture=0
if [ -n "$SHARED_DIR" ] && [ -f "$fixture" ]; then
  zstdcat "$fixture" | psql_db "$DB_MAIN" >/dev/null
  have_fixture=1
fi
psql_db "$DB_MAIN" -c "CREATE EXTENSION pgtap"

psql_db "$DB_MAIN" -f "$SQL_DIR/pggit_audit_schema.sql"
psql_db "$DB_MAIN" -c "INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, change_type)
                       VALUES ('00000000-0000-0000-0000-000000000001', 'keep', 1, 'app.keep', 'CREATE')"
psql_db "$DB_MAIN" -c "SELECT pggit_audit.record_verification('00000000-0000-0000-0000-000000000001', 'PASSED')" >/dev/null
pg_dump -s -n pggit_audit -n pggit_audit_guard "$DB_MAIN" | grep -v '^\\\(un\)\?restrict ' >"$work/schema1.sql"
psql_db "$DB_MAIN" -f "$SQL_DIR/pggit_audit_schema.sql"
pg_dump -s -n pggit_audit -n pggit_audit_guard "$DB_MAIN" | grep -v '^\\\(un\)\?restrict ' >"$work/schema2.sql"
diff -u "$work/schema1.sql" "$work/schema2.sql" || fail "a second install changed the schema"
[ "$(psql_db "$DB_MAIN" -Atc "SELECT count(*) FROM pggit_audit.changes") $(psql_db "$DB_MAIN" -Atc "SELECT count(*) FROM pggit_audit.compliance_log")" = "1 1" ] \
  || fail "a second install lost rows"
psql_db "$DB_MAIN" -c "DELETE FROM pggit_audit.changes WHERE false"  # still writable
pass "second install is a no-op that keeps rows"

# ---- two installers at once on an empty database wait for each other
psql_db "$DB_RACE" -f "$SQL_DIR/pggit_audit_schema.sql" >"$work/race1.log" 2>&1 & r1=$!
psql_db "$DB_RACE" -f "$SQL_DIR/pggit_audit_schema.sql" >"$work/race2.log" 2>&1 & r2=$!
wait $r1 || { cat "$work/race1.log" >&2; fail "concurrent installer 1 failed"; }
wait $r2 || { cat "$work/race2.log" >&2; fail "concurrent installer 2 failed"; }
expected_versions=$(ls "$SQL_DIR/migrations" | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | paste -sd,)
[ "$(psql_db "$DB_RACE" -Atc "SELECT string_agg(version::text, ',' ORDER BY version) FROM pggit_audit.schema_version")" = "$expected_versions" ] \
  || fail "concurrent installers left a wrong schema_version"
pass "concurrent installers"

# ---- the installer ignores the search_path the database brings: its owner (not a
# superuser) puts a schema before pg_catalog holding a function the installer calls, with
# the same signature; the superuser's install must never call it
psql_admin -c "CREATE ROLE \"$ROLE_PATH\" LOGIN" -c "CREATE DATABASE \"$DB_PATH\" OWNER \"$ROLE_PATH\""
psql_db "$DB_PATH" <<SQL
SET ROLE "$ROLE_PATH";
CREATE SCHEMA shadow;
CREATE FUNCTION shadow.hashtext(text) RETURNS int LANGUAGE plpgsql AS
\$\$ BEGIN RAISE EXCEPTION 'shadow.hashtext ran as %', current_user; END \$\$;
CREATE FUNCTION shadow.now() RETURNS timestamptz LANGUAGE plpgsql AS
\$\$ BEGIN RAISE EXCEPTION 'shadow.now ran as %', current_user; END \$\$;
ALTER DATABASE "$DB_PATH" SET search_path = shadow, pg_catalog;
SQL
psql_db "$DB_PATH" -f "$SQL_DIR/pggit_audit_schema.sql" >"$work/path.log" 2>&1 \
  || { cat "$work/path.log" >&2; fail "the installer called a function of a schema the database's search_path puts first"; }
psql_db "$DB_PATH" -c "SELECT pggit_audit.record_verification(NULL, 'PASSED', 'defaults are pg_catalog''s')" >/dev/null \
  || fail "a column default of the installed schema calls a function of the database's search_path"
pass "the installer resolves names in pg_catalog, whatever search_path the database sets"

# ---- any role that may connect can take the installer's advisory lock and hold it: the
# installer then waits, but first warns, naming the session's pid and role; once the lock
# is released it goes on
mkfifo "$work/hold.fifo"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB_RACE" -U "$ROLE_PATH" <"$work/hold.fifo" >"$work/hold.log" 2>&1 &
hold_pid=$!
exec 7>"$work/hold.fifo"
echo "SELECT pg_advisory_lock(hashtext('pggit_audit installer'));" >&7
installer_lock_held() {
  [ "$(psql_db "$DB_RACE" -Atc "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
        WHERE l.locktype = 'advisory' AND l.granted AND a.usename = '$ROLE_PATH'")" = 1 ]
}
wait_until 60 installer_lock_held || { cat "$work/hold.log" >&2; fail "the unprivileged session did not get the installer lock"; }
# without the fifo's write end: on a failure below, this script's exit closes it, the holder
# reads EOF and ends, and the installer with it, instead of all three waiting on each other
psql_db "$DB_RACE" -f "$SQL_DIR/pggit_audit_schema.sql" >"$work/held.log" 2>&1 7>&- &
held_installer=$!
wait_until 60 grep -q "waiting for the installer lock, held by pid [0-9]* (role $ROLE_PATH)" "$work/held.log" \
  || { cat "$work/held.log" >&2; fail "the installer waits without naming the session that holds its lock"; }
echo "SELECT pg_advisory_unlock_all();" >&7
exec 7>&-
wait "$held_installer" || { cat "$work/held.log" >&2; fail "the installer failed once the lock was released"; }
wait "$hold_pid" || { cat "$work/hold.log" >&2; fail "the session holding the lock failed"; }
pass "an installer kept waiting by a session holding its lock names that session"

# ---- installed first by a role that is not a superuser (no event trigger then), then run
# again by a superuser: the guard's event triggers are created then, on a guard function
# the superuser now owns, so that the first role can no longer drop the schema
psql_admin -c "CREATE DATABASE \"$DB_NSU\" OWNER \"$ROLE_PATH\""
psql_db "$DB_NSU" -U "$ROLE_PATH" -f "$SQL_DIR/pggit_audit_schema.sql" >"$work/nsu.log" 2>&1 \
  || { cat "$work/nsu.log" >&2; fail "the installer run by the database owner failed"; }
grep -q "only a superuser can create them" "$work/nsu.log" || fail "no warning that the guard's event triggers are missing"
# unguarded until then, the owner gives itself back UPDATE on the log's sequence (setval)
psql_db "$DB_NSU" -U "$ROLE_PATH" -c "GRANT UPDATE ON SEQUENCE pggit_audit.compliance_log_log_id_seq TO CURRENT_USER"
psql_db "$DB_NSU" -f "$SQL_DIR/pggit_audit_schema.sql" >"$work/nsu2.log" 2>&1 \
  || { cat "$work/nsu2.log" >&2; fail "the superuser's run after the owner's failed"; }
[ "$(psql_db "$DB_NSU" -Atc "SELECT count(*) FROM pg_event_trigger e JOIN pg_proc p ON p.oid = e.evtfoid
                             JOIN pg_roles r ON r.oid = p.proowner WHERE e.evtname LIKE 'pggit_audit%' AND r.rolsuper")" = 3 ] \
  || fail "a superuser's run left the schema first installed by another role without its DDL guard"
if psql_db "$DB_NSU" -U "$ROLE_PATH" -c "DROP SCHEMA pggit_audit CASCADE" >"$work/nsu3.log" 2>&1; then
  fail "the role that first installed the schema could still drop it"
fi
grep -q "only by its installer" "$work/nsu3.log" || { cat "$work/nsu3.log" >&2; fail "DROP SCHEMA refused for another reason"; }
# nor give the loader UPDATE on changes, nor stop every later append with setval (the
# superuser's run took UPDATE on the sequence back), while appends, which take nextval as
# that owner, still work
if psql_db "$DB_NSU" -U "$ROLE_PATH" -c "GRANT UPDATE ON pggit_audit.changes TO pggit_audit_loader" >"$work/nsu4.log" 2>&1; then
  fail "the owner could grant UPDATE on changes to the loader"
fi
grep -q "it changed the privileges on it" "$work/nsu4.log" || { cat "$work/nsu4.log" >&2; fail "the GRANT was refused for another reason"; }
if psql_db "$DB_NSU" -U "$ROLE_PATH" -c "SELECT setval('pggit_audit.compliance_log_log_id_seq', 9223372036854775806)" >"$work/nsu5.log" 2>&1; then
  fail "the owner could setval the log's sequence"
fi
psql_db "$DB_NSU" -c "SET ROLE pggit_audit_verifier" -c "SELECT pggit_audit.record_verification(NULL, 'PASSED', 'after the guard')" >/dev/null \
  || fail "the verifier cannot append once the owner has no UPDATE on the sequence"
[ "$(psql_db "$DB_NSU" -Atc "SELECT count(*) FROM pggit_audit.verify_log_chain()")" = 0 ] || fail "the chain does not verify"
pass "a superuser's run adds the DDL guard to a schema first installed by another role"

# expect_install_refused DB SQLFILE LOG ACCEPTED TEXT UNNAMED: running SQLFILE on DB must
# fail (else: fail ACCEPTED) with TEXT in its output, kept in LOG (else: fail UNNAMED)
expect_install_refused() {
  local db=$1 sql=$2 log=$3 accepted=$4 text=$5 unnamed=$6
  if psql_db "$db" -f "$sql" >"$log" 2>&1; then
    fail "$accepted"
  fi
  grep -qF -- "$text" "$log" || { cat "$log" >&2; fail "$unnamed"; }
}

# ---- a schema pggit_audit that exists already: empty, it is used; holding objects no
# migration recorded (here a load_journal of another shape, which every migration would
# have taken as its own), the installer refuses, names them and changes nothing
psql_admin -c "CREATE DATABASE \"$DB_PART\""
psql_db "$DB_PART" -c "CREATE SCHEMA pggit_audit" -c "CREATE TABLE pggit_audit.load_journal (run_id text)"
# psql without -v ON_ERROR_STOP=1: the installer's first line stops it at the error, and
# it exits non-zero (it went on to the end, and exited 0, after the rolled-back install)
if psql -X -q -d "$DB_PART" -f "$SQL_DIR/pggit_audit_schema.sql" >"$work/part0.log" 2>&1; then
  fail "psql exited 0 after a failed install"
fi
expect_install_refused "$DB_PART" "$SQL_DIR/pggit_audit_schema.sql" "$work/part.log" \
  "the installer adopted a table of a schema pggit_audit it did not make" \
  "already holds: table pggit_audit.load_journal" "the refusal does not name the foreign table"
[ "$(psql_db "$DB_PART" -Atc "SELECT to_regclass('pggit_audit.schema_version') IS NULL")" = t ] \
  || fail "the refused install left pggit_audit.schema_version behind"
psql_db "$DB_PART" -c "DROP TABLE pggit_audit.load_journal"
psql_db "$DB_PART" -f "$SQL_DIR/pggit_audit_schema.sql" >"$work/part2.log" 2>&1 \
  || { cat "$work/part2.log" >&2; fail "the installer refused an empty schema pggit_audit"; }
pass "a schema pggit_audit holding objects no migration made is refused, an empty one used"

# ---- an empty schema pggit_audit made beforehand by another role, or granting rights to
# another role (here CREATE with grant option to a login role), is refused on a first
# install, naming the owner and each grant; before, it was used with both kept
psql_db "$DB_PART" -c "DROP SCHEMA pggit_audit CASCADE"
psql_db "$DB_PART" -c "CREATE SCHEMA pggit_audit AUTHORIZATION \"$ROLE_PATH\""
expect_install_refused "$DB_PART" "$SQL_DIR/pggit_audit_schema.sql" "$work/owner.log" \
  "the installer used a schema pggit_audit owned by another role, not a superuser" \
  "made by someone else: owned by $ROLE_PATH, who is not a superuser" "the refusal does not name the schema's owner"
psql_db "$DB_PART" -c "ALTER SCHEMA pggit_audit OWNER TO CURRENT_USER" \
  -c "GRANT CREATE ON SCHEMA pggit_audit TO \"$ROLE_PATH\" WITH GRANT OPTION"
expect_install_refused "$DB_PART" "$SQL_DIR/pggit_audit_schema.sql" "$work/grant.log" \
  "the installer used a schema pggit_audit that grants CREATE to another role" \
  "made by someone else: CREATE granted to $ROLE_PATH" "the refusal does not name the grant"
[ "$(psql_db "$DB_PART" -Atc "SELECT to_regclass('pggit_audit.schema_version') IS NULL")" = t ] \
  || fail "the refused install left pggit_audit.schema_version behind"
psql_db "$DB_PART" -c "REVOKE CREATE ON SCHEMA pggit_audit FROM \"$ROLE_PATH\" CASCADE"
psql_db "$DB_PART" -f "$SQL_DIR/pggit_audit_schema.sql" >"$work/part3.log" 2>&1 \
  || { cat "$work/part3.log" >&2; fail "the installer refused an empty schema pggit_audit of its own"; }
pass "an empty schema pggit_audit owned by another role, or granting it rights, is refused"

# ---- group roles made beforehand with more rights than the installer grants (checked on
# every run): refused, by name; in one transaction that the failure rolls back, since
# roles are cluster-wide and other tests use them
{ echo "BEGIN;"
  echo "ALTER ROLE pggit_audit_reader CREATEROLE;"
  echo "GRANT \"$ROLE_PATH\" TO pggit_audit_loader;"
  cat "$SQL_DIR/pggit_audit_schema.sql"; } >"$work/roles.sql"
expect_install_refused "$DB_PART" "$work/roles.sql" "$work/roles.log" \
  "the installer accepted a group role with CREATEROLE, and one that is a member of another role" \
  "pggit_audit_loader (member of role $ROLE_PATH); pggit_audit_reader (CREATEROLE)" \
  "the refusal does not name the roles and what is wrong with them"
[ "$(psql_admin -Atc "SELECT rolcreaterole FROM pg_roles WHERE rolname = 'pggit_audit_reader'")" = f ] || fail "the test left pggit_audit_reader changed"
pass "group roles with more rights than the installer grants are refused"

# ---- pgTAP
tap_files=("$TAP_DIR"/[0-9][0-9]_*.sql)
if [ "$have_fixture" -eq 0 ]; then
  echo "# no fixture $fixture: skipping the fixture-based pgTAP file"
  tap_files=($(printf '%s\n' "${tap_files[@]}" | grep -v '_fixture\.sql$'))
fi
pg_prove -d "$DB_MAIN" "${tap_files[@]}"

# ---- upgrade: a version-1 install with rows, then the installer
psql_db "$DB_UP" -c "CREATE EXTENSION pgtap"
{ echo "BEGIN;"; cat "$SQL_DIR/migrations/001_initial.sql"; echo "COMMIT;"; } | psql_db "$DB_UP"
psql_db "$DB_UP" <<'SQL'
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    change_type, new_definition, author, committed_at)
VALUES ('00000000-0000-0000-0000-0000000000a1', 'v1commit', 3, 'app.orders', 'app', 'orders', 'CREATE',
        'CREATE TABLE app.orders ();', 'Alice <a@example.com>', '2026-01-02 03:04:05'),
       ('00000000-0000-0000-0000-0000000000a2', 'v1commit', 3, 'app.items', 'app', 'items', 'CREATE',
        'CREATE TABLE app.items ();', 'Alice <a@example.com>', '2026-01-02 03:04:05');
INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes, verified_at, created_at)
VALUES ('00000000-0000-0000-0000-0000000000a1', 'v1-verifier', 'PASSED', 'before upgrade', '2026-01-03 00:00:00+00', '2026-01-03 00:00:00+00'),
       ('00000000-0000-0000-0000-0000000000a2', 'v1-verifier', 'FAILED', NULL, '2026-01-03 00:00:01+00', '2026-01-03 00:00:01+00');
SQL
psql_db "$DB_UP" -f "$SQL_DIR/pggit_audit_schema.sql"
pg_prove -d "$DB_UP" "$TAP_DIR"/upgrade/*.sql

# ---- concurrent appends keep one linear chain (READ COMMITTED, the default)
for s in 1 2 3; do
  # one transaction per row, so that the sessions interleave
  for i in $(seq 40); do
    echo "INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes)
          VALUES (NULL, 'session $s', 'PASSED', 'row $i');"
  done | psql_db "$DB_UP" >/dev/null &
done
# and two sessions appending 50 rows a call with record_verifications(), which computes
# its rows' chain itself (the statement trigger checks it): interleaved with the above
for s in 4 5; do
  for i in $(seq 20); do
    echo "SELECT pggit_audit.record_verifications(array_fill(NULL::uuid, ARRAY[50]),
          array_fill('PASSED'::text, ARRAY[50]), array_fill('bulk $i'::text, ARRAY[50]), 'session $s');"
  done | psql_db "$DB_UP" >/dev/null &
done
wait
got=$(psql_db "$DB_UP" -Atc "SELECT count(*) FROM pggit_audit.compliance_log WHERE verified_by LIKE 'session %'")
[ "$got" = 120 ] || fail "concurrent appends: $got rows, expected 120"
got=$(psql_db "$DB_UP" -Atc "SELECT count(*) FROM pggit_audit.compliance_log WHERE run_id LIKE 'session %'")
[ "$got" = 2000 ] || fail "concurrent record_verifications: $got rows, expected 2000"
broken=$(psql_db "$DB_UP" -Atc "SELECT count(*) FROM pggit_audit.verify_log_chain()")
[ "$broken" = 0 ] || fail "concurrent appends broke the chain: $(psql_db "$DB_UP" -Atc "SELECT * FROM pggit_audit.verify_log_chain()")"
pass "concurrent appends keep a linear hash chain"
