#!/usr/bin/env bash
# test_verify_resume.sh - a verification killed after its checks, before or while it records
# (or after its read-back, before it judges the changes):
#  * the resume records from the checkpoint: it does not read the target back, re-hash or
#    compare again (the read-back and the results it judged are the files of the killed
#    attempt, untouched), and records exactly one verification, equal to an uninterrupted one;
#  * killed again while recording the resumed verification: still one verification;
#  * a row of the target changed between the kill and the resume: the checkpoint is not
#    used, the verification starts again and the changed row FAILS;
#  * a checkpoint of other artifacts, or whose results were damaged, is not used either.
source "$(dirname "$0")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
PGA="$PGA_BIN/pggit-audit"
SRC=$(generated_store src 60 20 2)
run() { # WORKDIR TARGET [ARGS...]
  local wd=$1 tgt=$2; shift 2
  "$PGA" run "$MANIFEST" --source "$SRC" --target "$tgt" --workdir "$wd" BATCH_ROWS=20 CHUNK_ROWS=25 "$@"
}
one_verification() { # WHAT TARGET: one compliance_log row per change, the chain intact
  assert_eq "$1: one verification row per change, the chain intact" \
    "$(q "$2" "SELECT count(*) FROM pggit_audit.changes")|0|0" \
    "$(q "$2" "SELECT count(*) FROM pggit_audit.compliance_log")|$(q "$2" "SELECT count(*) FROM pggit_audit.verify_log_chain()")|$(q "$2" "SELECT count(*) FROM (SELECT change_id FROM pggit_audit.compliance_log GROUP BY 1 HAVING count(*) > 1) d")"
}
ident() { stat -c '%i %s %Y' "$1"; } # a file rewritten (temp file + rename) gets another inode

REF=$(new_db ref)
run "$PGA_TMP/ref" "$REF" >"$PGA_TMP/ref.log" 2>&1 || { cat "$PGA_TMP/ref.log" >&2; fail "reference run failed"; pga_finish; }
dump_audit "$REF" >"$PGA_TMP/ref.dump"
one_verification "reference" "$REF"
NCHANGES=$(q "$REF" "SELECT count(*) FROM pggit_audit.changes")
[ "$NCHANGES" -gt 50 ] && ok "the store gives $NCHANGES changes" || fail "too few changes: $NCHANGES"

# ---- killed after the checks, before the recording transaction ----
T=$(new_db ckp)
rc=0; PGGIT_AUDIT_FAULT=verify-after-checkpoint run "$PGA_TMP/ck" "$T" >"$PGA_TMP/ck.kill.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && ok "the verification was killed after its checkpoint" || fail "the run with verify-after-checkpoint was not killed"
assert_eq "nothing was recorded" "0|0" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.compliance_log")|$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE verified")"
assert_eq "the checkpoint is there" "yes" "$([ -f "$PGA_TMP/ck/verify/checkpoint.json" ] && echo yes || echo no)"
assert_eq "no report was published" "no" "$([ -f "$PGA_TMP/ck/verify/report.json" ] && echo yes || echo no)"
READBACK=$(ident "$PGA_TMP/ck/verify/target_changes.csv.zst")
run "$PGA_TMP/ck" "$T" >"$PGA_TMP/ck.resume.log" 2>&1 || { tail -5 "$PGA_TMP/ck.resume.log" >&2; fail "the resume failed"; }
assert_contains "the resume records from the checkpoint" "resuming the verification from its checkpoint: $NCHANGES changes" \
  "$(cat "$PGA_TMP/ck/logs/verify.log")"
assert_eq "the target was not read back again (the read-back is the killed attempt's file)" "$READBACK" \
  "$(ident "$PGA_TMP/ck/verify/target_changes.csv.zst")"
one_verification "resumed from the checkpoint" "$T"
assert_eq "every change PASSED, once" "$NCHANGES|$NCHANGES" \
  "$(q "$T" "SELECT count(*) FILTER (WHERE verification_status = 'PASSED') FROM pggit_audit.compliance_log")|$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE verified")"
assert_eq "the report is the uninterrupted run's" "$(cat "$PGA_TMP/ref/verify/report.json")" "$(cat "$PGA_TMP/ck/verify/report.json")"
if cmp -s "$PGA_TMP/ref.dump" <(dump_audit "$T"); then ok "the target's rows equal the uninterrupted run's"; else fail "the target's rows differ"; fi
assert_eq "the checkpoint is gone once the report is published" "none" \
  "$(ls "$PGA_TMP/ck/verify" | grep -E '^(checkpoint|results)' || echo none)"

# ---- killed after the read-back and the versions' check, before the changes are judged ----
T=$(new_db readback)
rc=0; PGGIT_AUDIT_FAULT=verify-after-readback run "$PGA_TMP/rb" "$T" >"$PGA_TMP/rb.kill.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && ok "the verification was killed after its read-back" || fail "the run with verify-after-readback was not killed"
assert_eq "no results yet" "no" "$([ -f "$PGA_TMP/rb/verify/results.csv.zst" ] && echo yes || echo no)"
READBACK=$(ident "$PGA_TMP/rb/verify/target_changes.csv.zst")
run "$PGA_TMP/rb" "$T" >"$PGA_TMP/rb.resume.log" 2>&1 || { tail -5 "$PGA_TMP/rb.resume.log" >&2; fail "the resume failed"; }
assert_contains "the resume judges from the read-back of the killed attempt" \
  "resuming the verification from its checkpoint after the read-back" "$(cat "$PGA_TMP/rb/logs/verify.log")"
assert_eq "the target was not read back again" "$READBACK" "$(ident "$PGA_TMP/rb/verify/target_changes.csv.zst")"
one_verification "resumed after the read-back" "$T"
assert_eq "the report is the uninterrupted run's" "$(cat "$PGA_TMP/ref/verify/report.json")" "$(cat "$PGA_TMP/rb/verify/report.json")"
if cmp -s "$PGA_TMP/ref.dump" <(dump_audit "$T"); then ok "the target's rows equal the uninterrupted run's"; else fail "the target's rows differ"; fi

# ---- killed again while recording the resumed verification ----
T=$(new_db ckp2)
rc=0; PGGIT_AUDIT_FAULT=verify-after-checkpoint run "$PGA_TMP/c2" "$T" >"$PGA_TMP/c2.kill.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "the run with verify-after-checkpoint was not killed"
rc=0; PGGIT_AUDIT_FAULT=verify-before-commit run "$PGA_TMP/c2" "$T" >"$PGA_TMP/c2.kill2.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && ok "the resumed verification was killed before its COMMIT" || fail "the resume with verify-before-commit was not killed"
assert_contains "... after resuming from the checkpoint" "resuming the verification from its checkpoint" "$(cat "$PGA_TMP/c2/logs/verify.log")"
assert_eq "nothing was recorded" "0" "$(q "$T" "SELECT count(*) FROM pggit_audit.compliance_log")"
run "$PGA_TMP/c2" "$T" >"$PGA_TMP/c2.resume.log" 2>&1 || { tail -5 "$PGA_TMP/c2.resume.log" >&2; fail "the second resume failed"; }
assert_contains "the second resume records from the checkpoint too" "resuming the verification from its checkpoint" \
  "$(cat "$PGA_TMP/c2/logs/verify.log")"
one_verification "killed twice" "$T"
assert_eq "the report is the uninterrupted run's" "$(cat "$PGA_TMP/ref/verify/report.json")" "$(cat "$PGA_TMP/c2/verify/report.json")"

# ---- a row changed between the kill and the resume: verified again from the start ----
T=$(new_db tampered)
rc=0; PGGIT_AUDIT_FAULT=verify-after-checkpoint run "$PGA_TMP/tp" "$T" >"$PGA_TMP/tp.kill.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "the run with verify-after-checkpoint was not killed"
TAMPERED=$(q "$T" "SELECT change_id FROM pggit_audit.changes WHERE new_definition IS NOT NULL ORDER BY change_id LIMIT 1")
q "$T" "UPDATE pggit_audit.changes SET new_definition = new_definition || ' ' WHERE change_id = '$TAMPERED'" >/dev/null
READBACK=$(ident "$PGA_TMP/tp/verify/target_changes.csv.zst")
rc=0; run "$PGA_TMP/tp" "$T" >"$PGA_TMP/tp.resume.log" 2>&1 || rc=$?
assert_eq "the resume over a changed target fails the verification" "1" "$rc"
assert_contains "the checkpoint is not used, saying why" "not used (rows of the target were added, changed or removed" \
  "$(cat "$PGA_TMP/tp/logs/verify.log")"
assert_contains "the changed row is named" "change $TAMPERED" "$(cat "$PGA_TMP/tp/logs/verify.log")"
[ "$READBACK" != "$(ident "$PGA_TMP/tp/verify/target_changes.csv.zst")" ] && ok "the target was read back again" \
  || fail "the read-back of the killed attempt was kept over a changed target"
assert_eq "one row per change; the changed one FAILED, the others PASSED" "$NCHANGES|1|FAILED" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.compliance_log")|$(q "$T" "SELECT count(*) FROM pggit_audit.compliance_log WHERE verification_status = 'FAILED'")|$(q "$T" "SELECT verification_status FROM pggit_audit.compliance_log WHERE change_id = '$TAMPERED'")"
assert_eq "the chain is intact" "0" "$(q "$T" "SELECT count(*) FROM pggit_audit.verify_log_chain()")"

# ---- a blobs row renamed between the kill and the resume: verified again from the start ----
# (the checkpoint holds the blobs' check too; the row identity used to cover changes and
# object_versions only, and the resume recorded "0 blobs failed" over the renamed row)
T=$(new_db blobtamper)
rc=0; PGGIT_AUDIT_FAULT=verify-after-checkpoint run "$PGA_TMP/bt" "$T" >"$PGA_TMP/bt.kill.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "the run with verify-after-checkpoint was not killed"
BLOB=$(q "$T" "SELECT blob_sha FROM pggit_audit.blobs WHERE object_name IS NOT NULL ORDER BY blob_sha LIMIT 1")
q "$T" "UPDATE pggit_audit.blobs SET object_name = object_name || '_renamed' WHERE blob_sha = '$BLOB'" >/dev/null
rc=0; run "$PGA_TMP/bt" "$T" >"$PGA_TMP/bt.resume.log" 2>&1 || rc=$?
assert_eq "the resume over a renamed blob row fails the verification" "1" "$rc"
assert_contains "the checkpoint is not used, saying why" "not used (rows of the target were added, changed or removed" \
  "$(cat "$PGA_TMP/bt/logs/verify.log")"
assert_contains "the renamed blob is named" "blob $BLOB: object_name differ" "$(cat "$PGA_TMP/bt/logs/verify.log")"
assert_contains "... and the report counts it" '"blobs_failed": 1' "$(cat "$PGA_TMP/bt/verify/report.json")"

# ---- a checkpoint made from other artifacts is not used ----
T=$(new_db other)
rc=0; PGGIT_AUDIT_FAULT=verify-after-checkpoint run "$PGA_TMP/ot" "$T" >"$PGA_TMP/ot.kill.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "the run with verify-after-checkpoint was not killed"
sed -i 's/"classify\/changes": "\(.\)/"classify\/changes": "0\1/' "$PGA_TMP/ot/verify/checkpoint.json"
run "$PGA_TMP/ot" "$T" >"$PGA_TMP/ot.resume.log" 2>&1 || { tail -5 "$PGA_TMP/ot.resume.log" >&2; fail "the resume failed"; }
assert_contains "the checkpoint of other artifacts is not used" "not used (the artifacts it was made from have changed)" \
  "$(cat "$PGA_TMP/ot/logs/verify.log")"
one_verification "checkpoint of other artifacts" "$T"

# ---- damaged results (a byte changed on disk) are not used ----
T=$(new_db damaged)
rc=0; PGGIT_AUDIT_FAULT=verify-after-checkpoint run "$PGA_TMP/dm" "$T" >"$PGA_TMP/dm.kill.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "the run with verify-after-checkpoint was not killed"
printf 'x' | dd of="$PGA_TMP/dm/verify/results.csv.zst" bs=1 seek=40 conv=notrunc status=none
run "$PGA_TMP/dm" "$T" >"$PGA_TMP/dm.resume.log" 2>&1 || { tail -5 "$PGA_TMP/dm.resume.log" >&2; fail "the resume failed"; }
assert_contains "damaged results are not used" "not used (its results are gone, damaged or others)" \
  "$(cat "$PGA_TMP/dm/logs/verify.log")"
one_verification "damaged results" "$T"
assert_eq "the report is the uninterrupted run's" "$(cat "$PGA_TMP/ref/verify/report.json")" "$(cat "$PGA_TMP/dm/verify/report.json")"

# ---- a verifier killed while its source check runs leaves no query behind on the source ----
# (the check's query hashes every commit and blob of the run; it used to run to its end on
# the source after the kill, beside the resumed verification's own check). Held back by a
# lock on the source, so that the kill surely lands while it runs.
psql "$SRC" -qXAt -c "BEGIN; LOCK TABLE pggit_v0.objects IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60); COMMIT" >/dev/null 2>&1 &
LOCKER=$!
for _ in $(seq 50); do
  [ "$(q "$SRC" "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'objects' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
  sleep 0.1
done
SOURCE_CHECK="SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%unnest(\$1::text[]) AS sha%' AND pid <> pg_backend_pid()"
PGGIT_AUDIT_SOURCE="$SRC" PGGIT_AUDIT_TARGET="$REF" "$PGA_BIN/pggit-audit-verify" --diff "$PGA_TMP/ref/diff" \
  --classify "$PGA_TMP/ref/classify" --load "$PGA_TMP/ref/load" --outdir "$PGA_TMP/sk" >/dev/null 2>&1 &
VERIFIER=$!
for _ in $(seq 50); do [ "$(q "$SRC" "$SOURCE_CHECK")" = 1 ] && break; sleep 0.1; done
assert_eq "the source check waits for the lock" "1" "$(q "$SRC" "$SOURCE_CHECK")"
kill -KILL "$VERIFIER"; wait "$VERIFIER" 2>/dev/null || true
# the server looks for the vanished client every 100 ms; a loaded machine may take longer
for _ in $(seq 100); do [ "$(q "$SRC" "$SOURCE_CHECK")" = 0 ] && break; sleep 0.1; done
assert_eq "after the kill, the source check's query is gone while the lock is still held" "0|0" \
  "$(q "$SRC" "$SOURCE_CHECK")|$(kill -0 "$LOCKER" 2>/dev/null && echo 0 || echo 'the lock was released already')"
q "$SRC" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()" >/dev/null
wait "$LOCKER" 2>/dev/null || true

# ---- a row changed after the read-back, while the verification waits to record ----
# (it was recorded PASSED: the verdict was about the row's old content). The verification
# is held back by another holder of its recording lock; a change is rewritten meanwhile
T=$(new_db late_write)
run "$PGA_TMP/late" "$T" load >"$PGA_TMP/late.load.log" 2>&1 || { tail -5 "$PGA_TMP/late.load.log" >&2; fail "load failed"; }
psql "$T" -qXAt -c "SELECT pg_advisory_lock(8099558403773458041), pg_sleep(60)" >/dev/null 2>&1 &
HOLDER=$!
ADVISORY="SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = (8099558403773458041::bigint & 4294967295)::oid"
for _ in $(seq 100); do [ "$(q "$T" "$ADVISORY AND granted")" = 1 ] && break; sleep 0.1; done
rc=0
run "$PGA_TMP/late" "$T" >"$PGA_TMP/late.verify.log" 2>&1 &
RUNNER=$!
for _ in $(seq 300); do [ "$(q "$T" "$ADVISORY AND NOT granted")" = 1 ] && break; sleep 0.1; done
assert_eq "the verification waits to record" "1" "$(q "$T" "$ADVISORY AND NOT granted")"
VICTIM=$(q "$T" "SELECT change_id FROM pggit_audit.changes ORDER BY change_id LIMIT 1")
q "$T" "UPDATE pggit_audit.changes SET new_definition = new_definition || ' -- tampered' WHERE change_id = '$VICTIM'" >/dev/null
q "$T" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()" >/dev/null
wait "$HOLDER" 2>/dev/null || true
wait "$RUNNER" || rc=$?
[ "$rc" -ne 0 ] && ok "a verification whose rows changed after the read-back fails" || fail "it succeeded"
assert_contains "and says why" "the target's rows changed while they were verified" "$(cat "$PGA_TMP/late/logs/verify.log")"
assert_eq "nothing was recorded" "0|0" \
  "$(q "$T" "SELECT count(*) FROM pggit_audit.compliance_log")|$(q "$T" "SELECT count(*) FROM pggit_audit.changes WHERE verified")"
rc=0; run "$PGA_TMP/late" "$T" >"$PGA_TMP/late.again.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && ok "run again, the verification FAILS" || fail "run again, it passed"
assert_eq "the changed row FAILED, the others PASSED" "FAILED|$((NCHANGES - 1))" \
  "$(q "$T" "SELECT verification_status FROM pggit_audit.compliance_log WHERE change_id = '$VICTIM'")|$(q "$T" "SELECT count(*) FROM pggit_audit.compliance_log WHERE verification_status = 'PASSED'")"

pga_finish
