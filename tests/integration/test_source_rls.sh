#!/usr/bin/env bash
# test_source_rls.sh - a source read by a role that row-level security policies filter: the
# export ran as that role saw only the rows the policies let through, so a commit (its object,
# commit_graph row and ref) hidden by a policy was left out of the audit trail, and the run
# ended with "verification PASSED". Now every source connection sets row_security = off, so the
# server refuses the query, naming the table; nothing is exported or loaded. The same role reads
# a store without policies as before.
source "$(dirname "$0")/lib.sh"
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
READER="pga_rls_reader_$$"
register_role $READER
q "$PGA_CONN" "CREATE ROLE $READER LOGIN" >/dev/null

SRC=$(new_shape_source src)
HIDDEN=$(q "$SRC" "DO \$\$ DECLARE r text; s text; BEGIN
  r := pga_shape.commit(pga_shape.tree(ARRAY['app.t'], ARRAY['CREATE TABLE app.t (id int);']), '{}', 'root', 1700000000);
  PERFORM pga_shape.ref('refs/heads/main', r);
  s := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(r), ARRAY['app.secret'], ARRAY['CREATE TABLE app.secret (id int);']),
                        ARRAY[r], 'hidden', 1700000010);
  PERFORM pga_shape.ref('refs/heads/secret', s);
END \$\$; SELECT commit_sha FROM pggit_v0.commit_graph WHERE message = 'hidden'")
q "$SRC" "GRANT USAGE ON SCHEMA pggit_v0 TO $READER; GRANT SELECT ON ALL TABLES IN SCHEMA pggit_v0 TO $READER" >/dev/null
READER_SRC="$SRC user=$READER"

# the reader on a store without policies: the whole run, as for any role that may read the tables
T0=$(new_db t0)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$READER_SRC" --target "$T0" --workdir "$PGA_TMP/w0" >"$PGA_TMP/w0.log" 2>&1 \
  && ok "a role that reads every row runs the backfill" || { cat "$PGA_TMP/w0.log"; fail "the reader's run failed without policies"; }
assert_eq "... and loads the commit" "app.secret:CREATE" \
  "$(q "$T0" "SELECT path || ':' || change_type FROM pggit_audit.changes WHERE commit_sha = '$HIDDEN'")"

# policies hiding that commit from the reader: its object, its commit_graph row and its ref
q "$SRC" "ALTER TABLE pggit_v0.objects ENABLE ROW LEVEL SECURITY;
          ALTER TABLE pggit_v0.commit_graph ENABLE ROW LEVEL SECURITY;
          ALTER TABLE pggit_v0.refs ENABLE ROW LEVEL SECURITY;
          CREATE POLICY hide ON pggit_v0.objects USING (sha <> '$HIDDEN');
          CREATE POLICY hide ON pggit_v0.commit_graph USING (commit_sha <> '$HIDDEN');
          CREATE POLICY hide ON pggit_v0.refs USING (target_sha <> '$HIDDEN')" >/dev/null
assert_eq "the policies hide the commit from the reader" "0" \
  "$(q "$READER_SRC" "SELECT count(*) FROM pggit_v0.commit_graph WHERE commit_sha = '$HIDDEN'")"

expect_fail "the export as a role the policies filter" env PGGIT_AUDIT_SOURCE="$READER_SRC" \
  "$PGA_BIN/pggit-audit-export" --outdir "$PGA_TMP/e1"
assert_contains "... names the policy's table" 'row-level security policy for table "objects"' "$(cat "$PGA_TMP/last.err")"
[ ! -e "$PGA_TMP/e1/objects.csv.zst" ] && [ ! -e "$PGA_TMP/e1/commit_graph.csv.zst" ] \
  && ok "... and writes no artifact" || fail "the export wrote an artifact: $(ls "$PGA_TMP/e1")"

T1=$(new_db t1)
rc=0
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$READER_SRC" --target "$T1" --workdir "$PGA_TMP/w1" >"$PGA_TMP/w1.log" 2>&1 || rc=$?
assert_eq "the run as that role stops" 1 "$rc"
assert_eq "... with no change loaded" "0" "$(q "$T1" "SELECT count(*) FROM pggit_audit.changes")"
if grep -q "verification PASSED" "$PGA_TMP/w1.log"; then fail "the run said PASSED"; else ok "... and no PASSED verification"; fi

# the go/no-go checks read the source the same way: their integrity check fails, naming why
rc=0
PGGIT_AUDIT_SOURCE="$READER_SRC" PGGIT_AUDIT_TARGET="$T1" "$PGA_BIN/pggit-audit" checks --outdir "$PGA_TMP/checks" \
  >"$PGA_TMP/checks.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && ok "the pre-flight checks as that role fail (exit $rc)" || fail "the pre-flight checks passed: $(cat "$PGA_TMP/checks.log")"
assert_contains "... naming the policy's table" "row-level security policy for table" "$(cat "$PGA_TMP/checks.log")"

# verify's source check reads the source the same way: a subset would check another store
T2=$(new_db t2)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T2" --workdir "$PGA_TMP/w2" >"$PGA_TMP/w2.log" 2>&1 \
  || { cat "$PGA_TMP/w2.log"; fail "the owner's run failed"; }
assert_eq "the owner (whom the policies do not filter) loads the commit" "1" \
  "$(q "$T2" "SELECT count(*) FROM pggit_audit.changes WHERE commit_sha = '$HIDDEN'")"
expect_fail "verify's source check as the filtered role" env PGGIT_AUDIT_SOURCE="$READER_SRC" PGGIT_AUDIT_TARGET="$T2" \
  "$PGA_BIN/pggit-audit-verify" --export "$PGA_TMP/w2/export" --diff "$PGA_TMP/w2/diff" --classify "$PGA_TMP/w2/classify" \
  --load "$PGA_TMP/w2/load" --outdir "$PGA_TMP/v3"
assert_contains "... names the policy's table" "row-level security policy for table" "$(cat "$PGA_TMP/last.err")"

# the estimate sizes the production store the same way: a count of what a policy lets through
# would size a subset
expect_fail "the estimate as the filtered role" \
  "$PGA_BIN/pggit-audit" estimate --from "$PGA_TMP/w2" --source "$READER_SRC" --window 6h
assert_contains "... names the policy's table" "row-level security policy for table" "$(cat "$PGA_TMP/last.err")"
"$PGA_BIN/pggit-audit" estimate --from "$PGA_TMP/w2" --source "$SRC" --window 6h >"$PGA_TMP/est.out" 2>&1 \
  && ok "... and the owner's estimate runs" || { cat "$PGA_TMP/est.out"; fail "the owner's estimate failed"; }

# a policy on the audit tables of the target (FORCE: it filters their owner too) hides the
# commit's change: verify and archive --verify read the target with row_security = off, so the
# server refuses, naming the table, instead of checking a subset (rollback and the load do too)
"$PGA_BIN/pggit-audit-archive" --workdir "$PGA_TMP/w2" --target "$T2" -o "$PGA_TMP/w2.tar.zst" >"$PGA_TMP/arch.log" 2>&1 \
  || { cat "$PGA_TMP/arch.log"; fail "archiving the owner's run failed"; }
q "$T2" "ALTER TABLE pggit_audit.changes ENABLE ROW LEVEL SECURITY;
         ALTER TABLE pggit_audit.changes FORCE ROW LEVEL SECURITY;
         CREATE POLICY hide ON pggit_audit.changes USING (commit_sha <> '$HIDDEN')" >/dev/null
# a superuser bypasses every policy: the operator here is a role of the pipeline's roles
q "$PGA_CONN" "GRANT pggit_audit_reader, pggit_audit_loader, pggit_audit_verifier TO $READER" >/dev/null
READER_T2="$T2 user=$READER"
assert_eq "the policy hides the change from the pipeline's roles" "0" \
  "$(q "$READER_T2" "SELECT count(*) FROM pggit_audit.changes WHERE commit_sha = '$HIDDEN'")"
expect_fail "verify on a target whose policy hides a change" env PGGIT_AUDIT_TARGET="$T2" \
  "$PGA_BIN/pggit-audit-verify" --export "$PGA_TMP/w2/export" --diff "$PGA_TMP/w2/diff" --classify "$PGA_TMP/w2/classify" \
  --load "$PGA_TMP/w2/load" --outdir "$PGA_TMP/v4"
assert_contains "... names the policy's table" 'row-level security policy for table "changes"' "$(cat "$PGA_TMP/last.err")"
expect_fail "archive --verify against that target" \
  "$PGA_BIN/pggit-audit-archive" --verify "$PGA_TMP/w2.tar.zst" --target "$READER_T2"
assert_contains "... names the policy's table" 'row-level security policy for table "changes"' "$(cat "$PGA_TMP/last.out" "$PGA_TMP/last.err")"
q "$T2" "ALTER TABLE pggit_audit.changes NO FORCE ROW LEVEL SECURITY; DROP POLICY hide ON pggit_audit.changes" >/dev/null
assert_eq "... and left every change in place" "1" \
  "$(q "$T2" "SELECT count(*) FROM pggit_audit.changes WHERE commit_sha = '$HIDDEN'")"

pga_finish
