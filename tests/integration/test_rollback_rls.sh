#!/usr/bin/env bash
# test_rollback_rls.sh - rollback of a run whose pggit_audit tables a row-level security policy
# filters. The tables belong to a role that is not a superuser (a superuser bypasses every
# policy), which installed the schema and loaded the run; FORCE ROW LEVEL SECURITY makes the
# policies filter that owner too. A policy hiding some of the run's rows hid them from
# rollback_run()'s delete (or its superseding update) as well: those rows stayed, and the
# rollback said "deleted" and exited 0. The rollback sets row_security = off, so the server
# refuses, naming the table; the rollback exits non-zero and changes nothing. Without FORCE
# the owner reads every row, and the rollback removes them all, hidden or not. A failed
# statement of the rollback's transaction says, last, that nothing was rolled back (the
# server's message alone left that open). rollback_run() itself sets row_security = off
# (migration 029): called in SQL, outside the tool, it did the partial rollback above.
# Who may roll back: a member of the owner that inherits its rights acts as the owner; one
# that does not (NOINHERIT) is refused up front, told to take the owner's role (it got
# "permission denied for schema pggit_audit", after a refusal text saying members may), and
# may then. A role that the owner only GRANTs the rights to (EXECUTE on rollback_run(), the
# tables' privileges) is filtered by a policy even without FORCE; rollback_run() runs as
# its owner, so it still removes every row of the run, those hidden from that role too,
# and a policy on a table the rollback reads as that role refuses it: never a part of a run.
source "$(dirname "$0")/lib.sh"
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
PGA="$PGA_BIN/pggit-audit"
OWNER="pga_rb_owner_$$"
MEMBER="pga_rb_member_$$"
DBA="pga_rb_dba_$$"
DBA_NOINHERIT="pga_rb_dba_ni_$$"
GRANTEE="pga_rb_grantee_$$"
register_role $OWNER $MEMBER $DBA $DBA_NOINHERIT $GRANTEE
audit_dump() { pg_dump --data-only --schema=pggit_audit "$1" 2>/dev/null | grep -v '^\\\(un\)\?restrict '; }
q "$PGA_CONN" "CREATE ROLE $OWNER LOGIN; CREATE ROLE $MEMBER LOGIN; CREATE ROLE $DBA LOGIN INHERIT;
               CREATE ROLE $DBA_NOINHERIT LOGIN NOINHERIT; CREATE ROLE $GRANTEE LOGIN;
               GRANT $OWNER TO $DBA; GRANT $OWNER TO $DBA_NOINHERIT" >/dev/null
UNDONE="Nothing was rolled back: the transaction was undone and the target is unchanged"
# dry_run_deletes WHAT CONNINFO: the rollback's dry run as CONNINFO would delete all $N changes
dry_run_deletes() {
  "$PGA" rollback --workdir "$PGA_TMP/w" --target "$2" --dry-run >"$PGA_TMP/dry.out" 2>&1 \
    || { cat "$PGA_TMP/dry.out" >&2; fail "$1: the dry run failed"; return; }
  assert_contains "$1" "[dry run] run $RUN: deleted: $N changes," "$(cat "$PGA_TMP/dry.out")"
}

owner_target_with_hidden_commit "$OWNER"
"$PGA" run "$MANIFEST" --source "$SRC" --target "$AS_OWNER" --workdir "$PGA_TMP/w" load >"$PGA_TMP/w.log" 2>&1 \
  || { cat "$PGA_TMP/w.log" >&2; fail "the owner's load failed"; }
RUN=$(jq -r .run_id "$PGA_TMP/w/load/report.json")
assert_eq "the audit tables belong to a role that is not a superuser" "$OWNER|false" \
  "$(q "$T" "SELECT DISTINCT c.relowner::regrole || '|' || r.rolsuper FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
             WHERE c.oid IN ('pggit_audit.changes'::regclass, 'pggit_audit.object_versions'::regclass,
                             'pggit_audit.load_journal'::regclass, 'pggit_audit.blobs'::regclass,
                             'pggit_audit.compliance_log'::regclass)")"
N=$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN'")
NH=$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN' AND commit_sha = '$HIDDEN'")
[ "$N" -gt "$NH" ] && [ "$NH" -gt 0 ] && ok "the run loaded $N changes, $NH of them of the commit a policy will hide" \
  || fail "the run loaded $N changes, $NH of the hidden commit"

# rls_on TABLE USING: a policy (FORCE: it filters the owner too); rls_off TABLE: gone again
rls_on() { q "$T" "ALTER TABLE pggit_audit.$1 ENABLE ROW LEVEL SECURITY; ALTER TABLE pggit_audit.$1 FORCE ROW LEVEL SECURITY;
                   CREATE POLICY hide ON pggit_audit.$1 USING ($2)" >/dev/null; }
rls_off() { q "$T" "DROP POLICY hide ON pggit_audit.$1; ALTER TABLE pggit_audit.$1 NO FORCE ROW LEVEL SECURITY;
                    ALTER TABLE pggit_audit.$1 DISABLE ROW LEVEL SECURITY" >/dev/null; }
# refused TABLE WHAT [ARGS...]: the rollback (with ARGS) as the owner, or as conninfo $AS when
# set, exits non-zero naming TABLE; the target's audit data and the work directory's reports
# are as before
refused() {
  local table=$1 what=$2; shift 2
  audit_dump "$T" >"$PGA_TMP/before.sql"
  expect_fail "$what: the rollback is refused" "$PGA" rollback --workdir "$PGA_TMP/w" --target "${AS:-$AS_OWNER}" "$@"
  assert_contains "... naming the policy's table" "row-level security policy for table \"$table\"" "$(cat "$PGA_TMP/last.err")"
  if grep -q "deleted\|superseded" "$PGA_TMP/last.err" "$PGA_TMP/last.out"; then fail "... but it reported a rollback"; fi
  [[ "$(tail -n 1 "$PGA_TMP/last.err")" == *"$UNDONE" ]] && ok "... and says, last, that nothing was rolled back" \
    || fail "... but its message does not end with [$UNDONE]: $(tail -n 1 "$PGA_TMP/last.err")"
  audit_dump "$T" >"$PGA_TMP/after.sql"
  cmp -s "$PGA_TMP/before.sql" "$PGA_TMP/after.sql" && ok "... and the audit data are unchanged" \
    || { fail "... but the audit data changed"; diff "$PGA_TMP/before.sql" "$PGA_TMP/after.sql" | head >&2 || true; }
  [ -e "$PGA_TMP/w/load/report.json" ] && [ ! -e "$PGA_TMP/w/rollback/report.json" ] \
    && ok "... and the load report stays in place" || fail "the refused rollback moved or wrote a report"
}

# refused_sql TABLE WHAT: the owner's own call of rollback_run(), in a session that keeps
# row_security on (what the SQL layer used without the tool gets), fails naming TABLE, with
# the target's audit data as before. It deleted the rows the policy let it see and
# answered "deleted", leaving the hidden change and deleting the blob that change needs.
refused_sql() {
  audit_dump "$T" >"$PGA_TMP/before.sql"
  expect_fail "$2: the owner's call of rollback_run() in SQL is refused" \
    psql "$AS_OWNER" -qXAt -v ON_ERROR_STOP=1 -c "SELECT * FROM pggit_audit.rollback_run('$RUN')"
  assert_contains "... naming the policy's table" "row-level security policy for table \"$1\"" "$(cat "$PGA_TMP/last.err")"
  audit_dump "$T" >"$PGA_TMP/after.sql"
  cmp -s "$PGA_TMP/before.sql" "$PGA_TMP/after.sql" && ok "... and the audit data are unchanged" \
    || { fail "... but the audit data changed"; diff "$PGA_TMP/before.sql" "$PGA_TMP/after.sql" | head >&2 || true; }
}

# the pipeline's roles may not delete anything (nor take the rollback's locks): a member of all
# three is refused up front, naming who may roll back, before any lock or policy is met
q "$PGA_CONN" "GRANT pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier TO $MEMBER" >/dev/null
audit_dump "$T" >"$PGA_TMP/before.sql"
expect_fail "a member of the pipeline's roles may not roll back" \
  "$PGA" rollback --workdir "$PGA_TMP/w" --target "$T user=$MEMBER"
assert_contains "... and is told who may" "$MEMBER may not run pggit_audit.rollback_run(): the rollback needs its owner ($OWNER), a member of that role or a superuser" \
  "$(cat "$PGA_TMP/last.err")"
audit_dump "$T" >"$PGA_TMP/after.sql"
cmp -s "$PGA_TMP/before.sql" "$PGA_TMP/after.sql" && ok "... and the audit data are unchanged" || fail "... but the audit data changed"

# a member of the owner that inherits its rights rolls back as the owner would
dry_run_deletes "a member of the owner (INHERIT) may roll back: its dry run deletes the run" "$T user=$DBA"
# one that does not inherit them has them after SET ROLE only: refused up front, told how
expect_fail "a member of the owner without its rights (NOINHERIT) is refused" \
  "$PGA" rollback --workdir "$PGA_TMP/w" --target "$T user=$DBA_NOINHERIT"
assert_contains "... and told to take the owner's role" \
  "role $DBA_NOINHERIT is a member of $OWNER, the owner of pggit_audit.rollback_run(), but does not inherit its rights (NOINHERIT): roll back as $OWNER, e.g. with options='-c role=$OWNER' in the target conninfo. Nothing was rolled back" \
  "$(cat "$PGA_TMP/last.err")"
audit_dump "$T" >"$PGA_TMP/after.sql"
cmp -s "$PGA_TMP/before.sql" "$PGA_TMP/after.sql" && ok "... and the audit data are unchanged" || fail "... but the audit data changed"
dry_run_deletes "... and may as the owner's role" "$T user=$DBA_NOINHERIT options='-c role=$OWNER'"

# ---- before verification: the run's rows would be deleted ----
rls_on changes "commit_sha <> '$HIDDEN'"
assert_eq "the policy hides the commit's changes from the owner" "0" \
  "$(q "$AS_OWNER" "SELECT count(*) FROM pggit_audit.changes WHERE commit_sha = '$HIDDEN'")"
refused changes "a policy hiding some of the run's changes"
refused changes "the same, --dry-run" --dry-run
refused_sql changes "the same"
rls_off changes
for table in object_versions load_journal blobs; do
  rls_on $table "run_id IS DISTINCT FROM '$RUN'"
  refused $table "a policy hiding the run's $table rows"
  rls_off $table
done

# without FORCE the policy does not filter the owner: the rollback removes every row of the
# run, those the policy hides from other roles included
q "$T" "ALTER TABLE pggit_audit.changes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY hide ON pggit_audit.changes USING (commit_sha <> '$HIDDEN')" >/dev/null
q "$AS_OWNER" "GRANT USAGE ON SCHEMA pggit_audit TO $GRANTEE;
              GRANT SELECT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pggit_audit TO $GRANTEE;
              GRANT EXECUTE ON FUNCTION pggit_audit.rollback_run(text, text, text[]) TO $GRANTEE" >/dev/null
assert_eq "the policy, not FORCEd, hides the commit's changes from a role granted the rights" "$((N - NH))" \
  "$(q "$T user=$GRANTEE" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN'")"
dry_run_deletes "... whose rollback still deletes every change of the run, not only those it sees" "$T user=$GRANTEE"
q "$T" "ALTER TABLE pggit_audit.load_journal ENABLE ROW LEVEL SECURITY;
        CREATE POLICY hide ON pggit_audit.load_journal USING (run_id IS DISTINCT FROM '$RUN')" >/dev/null
AS="$T user=$GRANTEE" refused load_journal "a role granted the rights, a policy (not FORCEd) hiding the run's load_journal rows"
q "$T" "DROP POLICY hide ON pggit_audit.load_journal; ALTER TABLE pggit_audit.load_journal DISABLE ROW LEVEL SECURITY" >/dev/null
"$PGA" rollback --workdir "$PGA_TMP/w" --target "$AS_OWNER" >"$PGA_TMP/rb.out" 2>&1 \
  || { cat "$PGA_TMP/rb.out" >&2; fail "the owner's rollback under a policy without FORCE failed"; }
assert_eq "the owner (not FORCEd) rolls back every change of the run" "deleted $N" \
  "$(jq -r '"\(.mode) \(.changes)"' "$PGA_TMP/w/rollback/report.json")"
assert_eq "... and none of the run's rows is left" "0 0 0" \
  "$(q "$T" "SELECT (SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN') || ' ' ||
                    (SELECT count(*) FROM pggit_audit.object_versions WHERE run_id = '$RUN') || ' ' ||
                    (SELECT count(*) FROM pggit_audit.load_journal WHERE run_id = '$RUN')")"
rls_off changes
rm -rf "$PGA_TMP/w/rollback"

# ---- after verification: the run's rows would be superseded ----
"$PGA" run "$MANIFEST" --source "$SRC" --target "$AS_OWNER" --workdir "$PGA_TMP/w" >"$PGA_TMP/w2.log" 2>&1 \
  || { cat "$PGA_TMP/w2.log" >&2; fail "the owner's second run failed"; }
assert_eq "the run is loaded again and verified" "$N" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN' AND verified")"
rls_on changes "commit_sha <> '$HIDDEN'"
refused changes "verified: a policy hiding some of the run's changes"
refused_sql changes "the same"
rls_off changes
rls_on compliance_log "run_id IS DISTINCT FROM '$RUN'"
refused compliance_log "verified: a policy hiding the run's compliance_log rows"
rls_off compliance_log
"$PGA" rollback --workdir "$PGA_TMP/w" --target "$AS_OWNER" >"$PGA_TMP/rb2.out" 2>&1 \
  || { cat "$PGA_TMP/rb2.out" >&2; fail "the owner's rollback without policies failed"; }
assert_eq "without the policies the owner supersedes every change of the run" "superseded $N" \
  "$(jq -r '"\(.mode) \(.changes)"' "$PGA_TMP/w/rollback/report.json")"
assert_eq "... none left live" "0" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN' AND superseded_by IS NULL")"

pga_finish
