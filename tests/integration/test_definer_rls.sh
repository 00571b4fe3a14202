#!/usr/bin/env bash
# test_definer_rls.sh - the SECURITY DEFINER functions that write the audit trail
# (record_verifications(), record_verification(), record_evidence()), called in SQL by the
# owner of the tables (not a superuser: a superuser bypasses every policy) while a
# row-level security policy FORCEd on a table they touch filters that owner. Their
# statements run as the owner and, unless the function pins row_security = off, in the
# caller's session setting (on by default, outside the tool, whose stages set it off):
# - record_verifications() recorded PASSED for every change given while a policy on
#   UPDATE of changes kept some of them from its update: their verified flag stayed
#   false, the compliance_log said PASSED;
# - record_evidence() for an archive already recorded, its row hidden by a policy on
#   SELECT, answered NULL: `pggit-audit archive` printed "recorded in the target:
#   evidence_id  (run ...)";
# - record_verification() of a change a policy hides said "no change", as if the change
#   did not exist.
# Pinned (migration 030), each call is refused, naming the table, and nothing is recorded.
# verify_log_chain(), which reads as its caller, reported a false "prev_hash mismatch" over the
# rows a policy let it see; pinned too (migration 031), it is refused.
# rollback_run() has the same pin since migration 029 (test_rollback_rls.sh). The trigger
# functions of the hash chain are left as they are: a hidden chain head stops them with an
# error, and the chain's check reads the statement's own rows (a transition table, which no
# policy filters); the chain stays whole under a policy hiding compliance_log rows.
source "$(dirname "$0")/lib.sh"
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
PGA="$PGA_BIN/pggit-audit"
OWNER="pga_dr_owner_$$"
register_role $OWNER
q "$PGA_CONN" "CREATE ROLE $OWNER LOGIN" >/dev/null
# the rows (a refused insert still takes its sequence's next value: setval is left out)
audit_dump() { pg_dump --data-only --schema=pggit_audit "$1" 2>/dev/null | grep -v '^\\\(un\)\?restrict \|^SELECT pg_catalog.setval'; }

owner_target_with_hidden_commit "$OWNER"
"$PGA" run "$MANIFEST" --source "$SRC" --target "$AS_OWNER" --workdir "$PGA_TMP/w" load >"$PGA_TMP/w.log" 2>&1 \
  || { cat "$PGA_TMP/w.log" >&2; fail "the owner's load failed"; pga_finish; }
RUN=$(jq -r .run_id "$PGA_TMP/w/load/report.json")
assert_eq "the audit tables and the functions belong to a role that is not a superuser" "$OWNER|false" \
  "$(q "$T" "SELECT DISTINCT o.rolname || '|' || o.rolsuper FROM (
               SELECT relowner AS r FROM pg_class WHERE oid IN ('pggit_audit.changes'::regclass,
                      'pggit_audit.compliance_log'::regclass, 'pggit_audit.evidence_archives'::regclass)
               UNION SELECT proowner FROM pg_proc WHERE pronamespace = 'pggit_audit'::regnamespace AND prosecdef) x
             JOIN pg_roles o ON o.oid = x.r")"
N=$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN'")
NH=$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN' AND commit_sha = '$HIDDEN'")
[ "$N" -gt "$NH" ] && [ "$NH" -gt 0 ] && ok "the run loaded $N changes, $NH of them of the commit a policy will hide" \
  || fail "the run loaded $N changes, $NH of the hidden commit"
IDS="ARRAY(SELECT change_id FROM pggit_audit.changes WHERE run_id = '$RUN' ORDER BY change_id)"

# force TABLE POLICY...: enable and FORCE row-level security on TABLE with the given policies
force() { local t=$1; shift; q "$T" "ALTER TABLE pggit_audit.$t ENABLE ROW LEVEL SECURITY; ALTER TABLE pggit_audit.$t FORCE ROW LEVEL SECURITY; $*" >/dev/null; }
unforce() { q "$T" "DROP POLICY IF EXISTS see ON pggit_audit.$1; DROP POLICY IF EXISTS hide ON pggit_audit.$1;
                    DROP POLICY IF EXISTS ins ON pggit_audit.$1;
                    ALTER TABLE pggit_audit.$1 NO FORCE ROW LEVEL SECURITY; ALTER TABLE pggit_audit.$1 DISABLE ROW LEVEL SECURITY" >/dev/null; }
# refused_sql TABLE WHAT SQL: the owner's call fails naming TABLE's policy; the audit data are as before
refused_sql() {
  audit_dump "$T" >"$PGA_TMP/before.sql"
  expect_fail "$2: the owner's call in SQL is refused" psql "$AS_OWNER" -qXAt -v ON_ERROR_STOP=1 -c "$3"
  assert_contains "... naming the policy's table" "row-level security policy for table \"$1\"" "$(cat "$PGA_TMP/last.err")"
  audit_dump "$T" >"$PGA_TMP/after.sql"
  cmp -s "$PGA_TMP/before.sql" "$PGA_TMP/after.sql" && ok "... and the audit data are unchanged" \
    || { fail "... but the audit data changed"; diff "$PGA_TMP/before.sql" "$PGA_TMP/after.sql" | head >&2 || true; }
}

# ---- record_verifications(): a policy on UPDATE of changes ----
force changes "CREATE POLICY see ON pggit_audit.changes FOR SELECT USING (true);
               CREATE POLICY hide ON pggit_audit.changes FOR UPDATE USING (commit_sha <> '$HIDDEN')"
assert_eq "the owner reads every change of the run" "$N" "$(q "$AS_OWNER" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN'")"
assert_eq "... and may update all but the hidden commit's" "$((N - NH))" \
  "$(q "$AS_OWNER" "BEGIN; WITH u AS (UPDATE pggit_audit.changes SET verified = verified WHERE run_id = '$RUN' RETURNING 1) SELECT count(*) FROM u; ROLLBACK" | head -1)"
refused_sql changes "record_verifications() of every change, PASSED, under a policy on UPDATE" \
  "SELECT pggit_audit.record_verifications($IDS, array_fill('PASSED'::text, ARRAY[$N]), array_fill(NULL::text, ARRAY[$N]), '$RUN')"
HID=$(q "$T" "SELECT change_id FROM pggit_audit.changes WHERE commit_sha = '$HIDDEN' LIMIT 1")
refused_sql changes "record_verification() of a change the policy keeps from UPDATE" \
  "SELECT pggit_audit.record_verification('$HID', 'PASSED', NULL, '$RUN')"
unforce changes
# the same calls without a policy: recorded, every flag set (the pin changes nothing else)
assert_eq "without the policy record_verifications() records every change" "$N" \
  "$(q "$AS_OWNER" "SELECT pggit_audit.record_verifications($IDS, array_fill('PASSED'::text, ARRAY[$N]), array_fill(NULL::text, ARRAY[$N]), '$RUN')")"
assert_eq "... and marks every one verified" "$N" "$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN' AND verified")"

# ---- record_evidence(): a policy on SELECT of evidence_archives ----
SHA=$(printf 'archive' | sha256sum | cut -c1-64)
EVIDENCE="SELECT pggit_audit.record_evidence('$RUN', '$SHA', 1234, '$SHA', 'bag-$RUN', 'test', 'PASSED')"
E=$(q "$AS_OWNER" "$EVIDENCE")
[ -n "$E" ] && ok "an archive recorded: evidence_id $E" || fail "record_evidence() gave no id"
assert_eq "recorded again, it answers the same id" "$E" "$(q "$AS_OWNER" "$EVIDENCE")"
# (a policy hiding the new row too refuses the insert's RETURNING; this one hides the old row only)
force evidence_archives "CREATE POLICY ins ON pggit_audit.evidence_archives FOR INSERT WITH CHECK (true);
                         CREATE POLICY hide ON pggit_audit.evidence_archives FOR SELECT USING (evidence_id <> $E)"
refused_sql evidence_archives "record_evidence() of an archive whose row a policy on SELECT hides" "$EVIDENCE"
unforce evidence_archives

# ---- the chain's triggers: a policy hiding the rows a statement appends before its last ----
# the insert trigger chains each row to the last one it reads, which the policy hides; the
# statement's check reads the appended rows themselves and refuses: never a broken chain
force compliance_log "CREATE POLICY see ON pggit_audit.compliance_log FOR SELECT USING (run_id IS DISTINCT FROM '$RUN');
                      CREATE POLICY ins ON pggit_audit.compliance_log FOR INSERT WITH CHECK (true)"
audit_dump "$T" >"$PGA_TMP/before.sql"
expect_fail "two rows appended in one statement under a policy hiding them: refused" psql "$AS_OWNER" -qXAt -v ON_ERROR_STOP=1 \
  -c "INSERT INTO pggit_audit.compliance_log (change_id, verified_by, verification_status, notes, run_id)
      VALUES (NULL, 'test', 'PASSED', 'one', '$RUN'), (NULL, 'test', 'PASSED', 'two', '$RUN')"
assert_contains "... by the chain's check" "would break the hash chain" "$(cat "$PGA_TMP/last.err")"
audit_dump "$T" >"$PGA_TMP/after.sql"
cmp -s "$PGA_TMP/before.sql" "$PGA_TMP/after.sql" && ok "... and the audit data are unchanged" || fail "... but the audit data changed"
unforce compliance_log
assert_eq "the hash chain is whole" "0" "$(q "$T" "SELECT count(*) FROM pggit_audit.verify_log_chain()")"

# ---- verify_log_chain(): a policy hiding some compliance_log rows from its caller ----
# not SECURITY DEFINER: it reads as its caller. Over the rows a policy lets it see, it
# reported a "prev_hash mismatch" at the first gap of a whole chain; pinned (migration 031)
# it is refused, naming the table, like the writers above
force compliance_log "CREATE POLICY see ON pggit_audit.compliance_log FOR SELECT USING (log_id % 2 = 0)"
[ "$(q "$T" "SELECT count(*) FROM pggit_audit.compliance_log")" -gt 2 ] && ok "the log has rows the policy hides" \
  || fail "the log has too few rows for the policy to hide one"
expect_fail "verify_log_chain() by the owner under a policy hiding rows of the log: refused" psql "$AS_OWNER" -qXAt \
  -v ON_ERROR_STOP=1 -c "SELECT * FROM pggit_audit.verify_log_chain()"
assert_contains "... naming the policy's table" "row-level security policy for table \"compliance_log\"" "$(cat "$PGA_TMP/last.err")"
unforce compliance_log
assert_eq "without the policy, the owner's verify_log_chain() finds the chain whole" "0" \
  "$(q "$AS_OWNER" "SELECT count(*) FROM pggit_audit.verify_log_chain()")"

pga_finish
