#!/usr/bin/env bash
# test_rollback.sh - pggit-audit rollback (sql/migrations/007_rollback.sql), both cases:
#  * before verification: a second run over a grown store, loaded but not verified, is
#    deleted, and pg_dump --data-only of pggit_audit equals the dump before that run,
#    also for a run whose load was killed before it wrote its report (run id from the
#    classify artifacts); the next `pggit-audit run` loads it again; a blob row the first
#    run inserted, which no tree references, stays;
#  * after verification: nothing is deleted; ROLLED_BACK rows are appended (one for the
#    run, one per change), the run's rows are marked superseded, verified = false, the
#    views and query functions no longer show them, the hash chain holds, every other row
#    is unchanged (the dump, minus those rows and columns, equals the dump before);
#  * a second rollback changes nothing; --dry-run changes nothing; a foreign run id is refused;
#    rolling back a run that a later live run was loaded after is refused unless --force;
#  * verifying the rolled-back run again FAILS its changes (naming the rollback), appends no
#    PASSED row and leaves them unverified; record_verification(s) refuse to PASS them.
source "$(dirname "$0")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/cutover.mk"
PGA="$PGA_BIN/pggit-audit"
audit_dump() { pg_dump --data-only --schema=pggit_audit "$1" 2>/dev/null | grep -v '^\\\(un\)\?restrict '; }

SRC=$(generated_store src 120 40 2)
# a valid blob no tree references: the first run loads it, the second run lists it too
# (the classify artifact holds every blob of the export), and rolling back the second
# run must leave the first run's row alone
q "$SRC" "INSERT INTO pggit_v0.objects (sha, type, size, content) SELECT pggit_sample.object_sha('blob', t), 'blob', length(t), t FROM (SELECT 'CREATE TABLE orphan.t (id int);'::text AS t) s" >/dev/null
TGT=$(new_db target)

"$PGA" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$PGA_TMP/w1" BATCH_ROWS=50 >"$PGA_TMP/w1.log" 2>&1 ||
  { cat "$PGA_TMP/w1.log" >&2; fail "first run failed"; pga_finish; }
RUN1=$(jq -r .run_id "$PGA_TMP/w1/load/report.json")
ok "first run loaded and verified ($RUN1)"

# ---- before verification: delete ----
q "$SRC" "SELECT pggit_sample.append_commits(15)" >/dev/null
audit_dump "$TGT" >"$PGA_TMP/before2.sql"
"$PGA" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$PGA_TMP/w2" BATCH_ROWS=50 load >"$PGA_TMP/w2.log" 2>&1 ||
  { cat "$PGA_TMP/w2.log" >&2; fail "second run failed"; }
RUN2=$(jq -r .run_id "$PGA_TMP/w2/load/report.json")
N2=$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN2'")
NB=$(q "$TGT" "SELECT count(*) FROM pggit_audit.blobs")
[ "$N2" -gt 0 ] && ok "second run loaded $N2 new changes" || fail "second run loaded nothing"
"$PGA" rollback --workdir "$PGA_TMP/w2" --target "$TGT" --dry-run >"$PGA_TMP/dry.out" 2>&1 || fail "dry run failed"
assert_contains "dry run says what it would do" "[dry run] run $RUN2: deleted: $N2 changes" "$(cat "$PGA_TMP/dry.out")"
assert_eq "dry run changed nothing" "$N2 $NB" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN2'") $(q "$TGT" "SELECT count(*) FROM pggit_audit.blobs")"
expect_fail "a run id that is not the work directory's is refused" \
  "$PGA" rollback --workdir "$PGA_TMP/w2" --target "$TGT" --run-id "$RUN1"
assert_contains "and the message says why" "is not the run of" "$(cat "$PGA_TMP/last.err")"
"$PGA" rollback --workdir "$PGA_TMP/w2" --target "$TGT" >"$PGA_TMP/rb2.out" 2>&1 || { cat "$PGA_TMP/rb2.out" >&2; fail "rollback failed"; }
assert_eq "report: deleted" "deleted $N2" "$(jq -r '"\(.mode) \(.changes)"' "$PGA_TMP/w2/rollback/report.json")"
[ "$(jq -r .blobs "$PGA_TMP/w2/rollback/report.json")" -gt 0 ] && ok "the run's new blobs were removed" || fail "no blob removed"
audit_dump "$TGT" >"$PGA_TMP/after2.sql"
if cmp -s "$PGA_TMP/before2.sql" "$PGA_TMP/after2.sql"; then ok "pg_dump --data-only of pggit_audit equals the dump before the run"
else fail "pggit_audit differs from before the run"; diff "$PGA_TMP/before2.sql" "$PGA_TMP/after2.sql" | head >&2 || true; fi
"$PGA" rollback --workdir "$PGA_TMP/w2" --target "$TGT" >"$PGA_TMP/rb2b.out" 2>&1 || fail "second rollback failed"
assert_contains "a second rollback has nothing to do" "nothing to roll back" "$(cat "$PGA_TMP/rb2b.out")"
# the work directory's load and verify must run again
"$PGA" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$PGA_TMP/w2" BATCH_ROWS=50 load >"$PGA_TMP/w2b.log" 2>&1 || fail "reload failed"
assert_contains "the next run loads again" "[run] load: outputs missing" "$(cat "$PGA_TMP/w2b.log")"
assert_eq "same rows again" "$N2" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN2'")"
# a rollback killed after its COMMIT, before it moved the reports: the second rollback
# finds nothing to roll back and used to move nothing, so the next run skipped the load
# over the emptied target ("up to date") and its verification failed
PGGIT_AUDIT_FAULT=rollback-after-commit "$PGA" rollback --workdir "$PGA_TMP/w2" --target "$TGT" >"$PGA_TMP/rbk.out" 2>&1 &&
  fail "the rollback with rollback-after-commit was not killed"
assert_eq "killed after the commit: the rows are gone" "0" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN2'")"
assert_eq "killed after the commit: the load report is still in place" "yes" "$([ -e "$PGA_TMP/w2/load/report.json" ] && echo yes || echo no)"
"$PGA" rollback --workdir "$PGA_TMP/w2" --target "$TGT" >"$PGA_TMP/rbk2.out" 2>&1 || { cat "$PGA_TMP/rbk2.out" >&2; fail "rollback after the killed one failed"; }
assert_contains "the second rollback completes the first" "stopped before moving the work directory's reports" "$(cat "$PGA_TMP/rbk2.out")"
assert_eq "and moves the load report" "no|yes" "$([ -e "$PGA_TMP/w2/load/report.json" ] && echo yes || echo no)|$([ -e "$PGA_TMP/w2/rollback/load-report.json" ] && echo yes || echo no)"
assert_eq "no record of a pending rollback left" "no" "$([ -e "$PGA_TMP/w2/rollback/pending.json" ] && echo yes || echo no)"
"$PGA" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$PGA_TMP/w2" BATCH_ROWS=50 load >"$PGA_TMP/w2c.log" 2>&1 || fail "reload after the completed rollback failed"
assert_contains "the next run loads again" "[run] load: outputs missing" "$(cat "$PGA_TMP/w2c.log")"
assert_eq "same rows again" "$N2" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN2'")"
"$PGA" rollback --workdir "$PGA_TMP/w2" --target "$TGT" >/dev/null 2>&1 || fail "rollback after reload failed"

# ---- a load killed before its report: run id from the classify artifacts ----
PGGIT_AUDIT_FAULT=load-after-commit@2 "$PGA" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$PGA_TMP/w3" \
  BATCH_ROWS=50 load >"$PGA_TMP/w3.log" 2>&1 && fail "the killed load should have failed"
assert_eq "no load report after the kill" "no" "$([ -e "$PGA_TMP/w3/load/report.json" ] && echo yes || echo no)"
"$PGA" rollback --workdir "$PGA_TMP/w3" --target "$TGT" >"$PGA_TMP/rb3.out" 2>&1 || { cat "$PGA_TMP/rb3.out" >&2; fail "rollback of a killed load failed"; }
assert_contains "rolled back by the run id derived from classify" "run $RUN2: deleted" "$(cat "$PGA_TMP/rb3.out")"
audit_dump "$TGT" >"$PGA_TMP/after3.sql"
if cmp -s "$PGA_TMP/before2.sql" "$PGA_TMP/after3.sql"; then ok "partial load removed: dump equals the one before"
else fail "partial load not fully removed"; fi

# ---- a run loaded after the one rolled back ----
"$PGA" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$PGA_TMP/w4" BATCH_ROWS=50 load >"$PGA_TMP/w4l.log" 2>&1 ||
  { cat "$PGA_TMP/w4l.log" >&2; fail "loading the second run again failed"; }
expect_fail "rolling back a run that a later run was loaded after is refused" \
  "$PGA" rollback --workdir "$PGA_TMP/w1" --target "$TGT" --dry-run
assert_contains "naming the later run" "run $(jq -r .run_id "$PGA_TMP/w4/load/report.json") was loaded after run $RUN1" \
  "$(cat "$PGA_TMP/last.err")"
# the refusal comes inside the rollback's transaction, after its locks: it ends, as every other
# refusal does, saying that nothing was rolled back (it said only "give --force")
[[ "$(tail -n 1 "$PGA_TMP/last.err")" == *"Nothing was rolled back: the transaction was undone and the target is unchanged" ]] \
  && ok "... and says, last, that nothing was rolled back" \
  || fail "... but its message ends otherwise: $(tail -n 1 "$PGA_TMP/last.err")"
"$PGA" rollback --workdir "$PGA_TMP/w1" --target "$TGT" --dry-run --force >"$PGA_TMP/force.out" 2>&1 ||
  { cat "$PGA_TMP/force.out" >&2; fail "--force did not let the rollback through"; }
assert_contains "--force warns and goes on" "[dry run] run $RUN1: superseded" "$(cat "$PGA_TMP/force.out")"

# ---- after verification: supersede ----
LOG_MAX=$(q "$TGT" "SELECT max(log_id) FROM pggit_audit.compliance_log")
LOG_PREFIX=$(q "$TGT" "SELECT md5(string_agg(row_hash || ':' || prev_hash, ',' ORDER BY log_id)) FROM pggit_audit.compliance_log")
"$PGA" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$PGA_TMP/w4" BATCH_ROWS=50 verify >"$PGA_TMP/w4.log" 2>&1 ||
  { cat "$PGA_TMP/w4.log" >&2; fail "verified second run failed"; }
RUN4=$(jq -r .run_id "$PGA_TMP/w4/load/report.json")
N4=$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN4'")
V4=$(q "$TGT" "SELECT count(*) FROM pggit_audit.object_versions WHERE run_id = '$RUN4'")
LOG_BEFORE=$(q "$TGT" "SELECT count(*) FROM pggit_audit.compliance_log")
"$PGA" rollback --workdir "$PGA_TMP/w4" --target "$TGT" --reason "test" >"$PGA_TMP/rb4.out" 2>&1 || { cat "$PGA_TMP/rb4.out" >&2; fail "rollback after verify failed"; }
assert_eq "report: superseded" "superseded $N4 $V4" "$(jq -r '"\(.mode) \(.changes) \(.versions)"' "$PGA_TMP/w4/rollback/report.json")"
LOGID=$(jq -r .rolled_back_log_id "$PGA_TMP/w4/rollback/report.json")
assert_eq "one ROLLED_BACK row for the run and one per change appended" "$((LOG_BEFORE + N4 + 1))" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.compliance_log")"
assert_eq "the run-level row" "ROLLED_BACK|t" "$(q "$TGT" "SELECT verification_status, change_id IS NULL AND run_id = '$RUN4' FROM pggit_audit.compliance_log WHERE log_id = $LOGID")"
assert_eq "the run's rows are kept, superseded, unverified" "$N4|$N4|0" \
  "$(q "$TGT" "SELECT count(*), count(*) FILTER (WHERE superseded_by = $LOGID), count(*) FILTER (WHERE verified) FROM pggit_audit.changes WHERE run_id = '$RUN4'")"
assert_eq "versions superseded" "$V4" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.object_versions WHERE run_id = '$RUN4' AND superseded_by = $LOGID")"
assert_eq "no other row superseded" "0" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE run_id <> '$RUN4' AND superseded_by IS NOT NULL")"
assert_eq "views and queries show live rows only" "0|0|0" \
  "$(q "$TGT" "SELECT (SELECT count(*) FROM pggit_audit.unverified_changes), (SELECT count(*) FROM pggit_audit.object_history oh JOIN pggit_audit.object_versions v USING (object_schema, object_name, version_number) WHERE v.run_id = '$RUN4'), (SELECT count(*) FROM pggit_audit.changes_between('2000-01-01', '2100-01-01') WHERE run_id = '$RUN4')")"
assert_eq "the hash chain holds" "" "$(q "$TGT" "SELECT * FROM pggit_audit.verify_log_chain()")"
# minus what the semantics keep (the run's rows, now superseded; its blobs; the appended
# log rows, the chain head and the log's sequence), the dump equals the one before the run
keep_out() {
  grep -v "$RUN4" | grep -v "setval" |
    sed '/^COPY pggit_audit.blobs /,/^\\\.$/d; /^COPY pggit_audit.compliance_log /,/^\\\.$/d; /^COPY pggit_audit.compliance_chain_head /,/^\\\.$/d' |
    LC_ALL=C sort   # an UPDATE moves a row within its table: compare the rows, not their order
}
audit_dump "$TGT" >"$PGA_TMP/after4.sql"
if cmp -s <(keep_out <"$PGA_TMP/after3.sql") <(keep_out <"$PGA_TMP/after4.sql"); then
  ok "dump after the rollback equals the dump before the run, minus the superseded rows, blobs and log"
else
  fail "rows other than the run's changed"; diff <(keep_out <"$PGA_TMP/after3.sql") <(keep_out <"$PGA_TMP/after4.sql") | head >&2 || true
fi
assert_eq "every compliance_log row from before the run is unchanged" "$LOG_PREFIX" \
  "$(q "$TGT" "SELECT md5(string_agg(row_hash || ':' || prev_hash, ',' ORDER BY log_id)) FROM pggit_audit.compliance_log WHERE log_id <= $LOG_MAX")"
assert_eq "every blob from before the run is still there" "" \
  "$(comm -23 <(sed -n '/^COPY pggit_audit.blobs /,/^\\\.$/p' "$PGA_TMP/after3.sql" | sort) <(sed -n '/^COPY pggit_audit.blobs /,/^\\\.$/p' "$PGA_TMP/after4.sql" | sort))"
"$PGA" rollback --workdir "$PGA_TMP/w4" --target "$TGT" >"$PGA_TMP/rb4b.out" 2>&1 || fail "second rollback failed"
assert_contains "a second rollback: already rolled back" "already rolled back" "$(cat "$PGA_TMP/rb4b.out")"
assert_eq "and appends nothing" "$((LOG_BEFORE + N4 + 1))" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.compliance_log")"
expect_fail "compliance_log stays append-only" q "$TGT" "DELETE FROM pggit_audit.compliance_log WHERE log_id = $LOGID"

# ---- verifying a rolled-back run again: its changes FAIL, naming the rollback ----
LOG_MAX5=$(q "$TGT" "SELECT max(log_id) FROM pggit_audit.compliance_log")
"$PGA" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$PGA_TMP/w4" BATCH_ROWS=50 --force verify \
  >"$PGA_TMP/w4v.log" 2>&1 && fail "verifying a rolled-back run again should fail"
assert_eq "report: FAILED, every rolled-back change counted" "FAILED $N4" \
  "$(jq -r '"\(.status) \(.changes_rolled_back)"' "$PGA_TMP/w4/verify/report.json")"
assert_contains "the failure names the run and the rollback" "was rolled back with run $RUN4 (compliance_log row $LOGID)" \
  "$(cat "$PGA_TMP/w4v.log")"
assert_eq "rolled-back changes get FAILED rows, none PASSED, and stay unverified" "$N4|0|0" \
  "$(q "$TGT" "SELECT count(*) FILTER (WHERE l.verification_status = 'FAILED'), count(*) FILTER (WHERE l.verification_status = 'PASSED'), (SELECT count(*) FROM pggit_audit.changes WHERE run_id = '$RUN4' AND verified) FROM pggit_audit.compliance_log l JOIN pggit_audit.changes c USING (change_id) WHERE l.log_id > $LOG_MAX5 AND c.run_id = '$RUN4'")"
SUP=$(q "$TGT" "SELECT change_id FROM pggit_audit.changes WHERE run_id = '$RUN4' LIMIT 1")
expect_fail "record_verification() refuses to PASS a rolled-back change" \
  q "$TGT" "SELECT pggit_audit.record_verification('$SUP', 'PASSED')"
assert_contains "and says why" "was rolled back" "$(cat "$PGA_TMP/last.err")"
expect_fail "record_verifications() too" \
  q "$TGT" "SELECT pggit_audit.record_verifications(ARRAY['$SUP']::uuid[], ARRAY['PASSED'], ARRAY['x'], NULL)"
assert_eq "the hash chain still holds" "" "$(q "$TGT" "SELECT * FROM pggit_audit.verify_log_chain()")"

pga_finish
