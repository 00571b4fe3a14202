#!/usr/bin/env bash
# test_verify_snapshot.sh - the verification checks object_versions and blobs on a second
# connection, beside the read-back of the changes, in the read-back's snapshot:
#  * a version rewritten after the snapshot was exported, before the second connection
#    took it, is not seen by the check (versions_failed 0 in the checkpoint: it judged the
#    rows the read-back read), and the recording's own identity check then refuses to
#    record (the rows changed); run again, the rewritten version FAILS;
#  * a server that refuses the second connection (a login's connection limit): the checks
#    run on the verification's own connection after the read-back, with the same verdicts.
source "$(dirname "$0")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
PGA="$PGA_BIN/pggit-audit"
SRC=$(generated_store src 40 15 1)
run() { # WORKDIR TARGET [ARGS...]
  local wd=$1 tgt=$2; shift 2
  "$PGA" run "$MANIFEST" --source "$SRC" --target "$tgt" --workdir "$wd" BATCH_ROWS=20 CHUNK_ROWS=25 "$@"
}
verify() { # WORKDIR TARGET OUTDIR: the verify stage alone, as the manifest runs it
  PGGIT_AUDIT_SOURCE="$SRC" PGGIT_AUDIT_TARGET="$2" "$PGA_BIN/pggit-audit-verify" --diff "$1/diff" \
    --classify "$1/classify" --load "$1/load" --outdir "$3"
}
stopped() { [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = T ]; }

# ---- a version rewritten between the snapshot's export and the second connection ----
T=$(new_db snap)
run "$PGA_TMP/snap" "$T" load >"$PGA_TMP/snap.load.log" 2>&1 || { tail -5 "$PGA_TMP/snap.load.log" >&2; fail "load failed"; }
NVERSIONS=$(q "$T" "SELECT count(*) FROM pggit_audit.object_versions")
[ "$NVERSIONS" -gt 10 ] && ok "the store gives $NVERSIONS versions" || fail "too few versions: $NVERSIONS"
PGGIT_AUDIT_FAULT=verify-side-check:stop PGGIT_AUDIT_SOURCE="$SRC" PGGIT_AUDIT_TARGET="$T" \
  "$PGA_BIN/pggit-audit-verify" --diff "$PGA_TMP/snap/diff" --classify "$PGA_TMP/snap/classify" \
  --load "$PGA_TMP/snap/load" --outdir "$PGA_TMP/snap/v" >"$PGA_TMP/snap.v.log" 2>&1 &
VERIFIER=$!
if wait_until 60 stopped "$VERIFIER"; then
  ok "the verification stops where its second connection is about to take the snapshot"
else
  fail "the verification never reached its second connection's snapshot"
fi
VICTIM=$(q "$T" "SELECT version_id FROM pggit_audit.object_versions ORDER BY version_id LIMIT 1")
q "$T" "UPDATE pggit_audit.object_versions SET definition = definition || ' -- tampered' WHERE version_id = '$VICTIM'" >/dev/null
kill -CONT "$VERIFIER" 2>/dev/null
rc=0; wait "$VERIFIER" || rc=$?
[ "$rc" -ne 0 ] && ok "the verification does not pass" || fail "it passed (rc 0)"
assert_contains "the recording refuses: the rows changed after the read-back" \
  "the target's rows changed while they were verified" "$(cat "$PGA_TMP/snap.v.log")"
assert_eq "the versions were checked in the read-back's snapshot (the rewrite unseen)" "$NVERSIONS|0" \
  "$(jq -r '"\(.counts.versions_checked)|\(.counts.versions_failed)"' "$PGA_TMP/snap/v/checkpoint.json")"
assert_eq "nothing was recorded" "0|0" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.compliance_log")|$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE verified")"
rc=0; verify "$PGA_TMP/snap" "$T" "$PGA_TMP/snap/v" >"$PGA_TMP/snap.v2.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && ok "run again, the verification FAILS" || fail "run again, it passed"
assert_eq "the rewritten version is the one failure of the versions" "1|$VICTIM" \
  "$(jq -r '.versions_failed' "$PGA_TMP/snap/v/report.json")|$(jq -r '.failures[] | select(startswith("version ")) | split(" ")[1]' "$PGA_TMP/snap/v/report.json")"

# ---- the second connection refused: the checks run on the verification's own ----
T=$(new_db limit)
run "$PGA_TMP/lim" "$T" load >"$PGA_TMP/lim.load.log" 2>&1 || { tail -5 "$PGA_TMP/lim.load.log" >&2; fail "load failed"; }
q "$T" "DROP ROLE IF EXISTS pga_verify_one_conn" >/dev/null
q "$T" "CREATE ROLE pga_verify_one_conn LOGIN CONNECTION LIMIT 1 IN ROLE pggit_audit_verifier" >/dev/null
rc=0; verify "$PGA_TMP/lim" "$T user=pga_verify_one_conn" "$PGA_TMP/lim/v" >"$PGA_TMP/lim.v.log" 2>&1 || rc=$?
[ "$rc" -eq 0 ] && ok "with one connection allowed, the verification passes" || { tail -5 "$PGA_TMP/lim.v.log" >&2; fail "it failed (rc $rc)"; }
assert_contains "and says that the checks ran on its own connection" \
  "the versions' and blobs' checks run after the read-back on the verification's own connection" \
  "$(cat "$PGA_TMP/lim.v.log")"
assert_eq "every version and blob was checked there" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.object_versions")|0|$(q "$T" "SELECT count(*) FROM pggit_audit.blobs")|0" \
  "$(jq -r '"\(.versions_checked)|\(.versions_failed)|\(.blobs_checked)|\(.blobs_failed)"' "$PGA_TMP/lim/v/report.json")"
q "$T" "UPDATE pggit_audit.object_versions SET definition = definition || ' -- tampered' WHERE version_id = (SELECT min(version_id::text)::uuid FROM pggit_audit.object_versions)" >/dev/null
rc=0; verify "$PGA_TMP/lim" "$T user=pga_verify_one_conn" "$PGA_TMP/lim/v2" >"$PGA_TMP/lim.v2.log" 2>&1 || rc=$?
assert_eq "and a rewritten version still FAILS there" "1|1" \
  "$rc|$(jq -r '.versions_failed' "$PGA_TMP/lim/v2/report.json")"
q "$T" "DROP OWNED BY pga_verify_one_conn" >/dev/null
q "$T" "DROP ROLE pga_verify_one_conn" >/dev/null

pga_finish
