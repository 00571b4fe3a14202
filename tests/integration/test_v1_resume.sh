#!/usr/bin/env bash
# test_v1_resume.sh - risk 5, large histories: the replay works in batches, prints progress,
# and a replay killed (SIGKILL) after a committed batch resumes from the last finished batch
# and writes exactly the bytes of an uninterrupted replay; the diff stage verifies the store.
# The same holds for a kill just before or after an autocommit statement (CREATE INDEX
# CONCURRENTLY), also when the kill left its index INVALID, and for a kill between two statements
# of a script run statement by statement; a replay killed inside the baseline, also after it
# committed a new enum value, runs the baseline again from its start; and for rows of another branch
# held inside a statement of main; a replay killed after a script's new enum value was committed
# runs again from the start. A replay killed under other classifier rules starts again too.
source "$(dirname "$0")/lib.sh"

R="$PGA_BIN/pggit-audit-replay"
SRC=$(new_db src)
psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/risk5_large.sql" >/dev/null
ROWS=$(q "$SRC" "SELECT count(*) FROM pggit.history")
PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/v1" -q
export PGGIT_AUDIT_TARGET="$PGA_CONN dbname=postgres"

# same_artifacts LABEL REF OUT [NAME...]: each artifact NAME.csv.zst of OUT is byte-equal to REF's
# (default: every artifact of the replay)
same_artifacts() {
  local label=$1 ref=$2 out=$3 f
  shift 3
  [ $# -gt 0 ] || set -- objects commit_graph tree_entries refs accounting errors warnings stubs
  for f in "$@"; do
    if cmp -s "$ref/$f.csv.zst" "$out/$f.csv.zst"; then ok "$label: $f"; else fail "$label: $f differs"; fi
  done
}

# uninterrupted
"$R" --v1export "$PGA_TMP/v1" --outdir "$PGA_TMP/a" --batch 40 >"$PGA_TMP/a.log" 2>&1 || { cat "$PGA_TMP/a.log"; fail "uninterrupted replay failed"; pga_finish; }
assert_contains "progress is printed per batch" "batch 3 done: history rows through" "$(cat "$PGA_TMP/a.log")"
assert_eq "batches of 40 statements" "$(( (ROWS + 39) / 40 ))" "$(grep -c 'done: history rows through' "$PGA_TMP/a.log")"

# killed after the third committed batch, then resumed
rc=0
PGGIT_AUDIT_FAULT=replay-after-batch@3 "$R" --v1export "$PGA_TMP/v1" --outdir "$PGA_TMP/b" --batch 40 >"$PGA_TMP/b1.log" 2>&1 || rc=$?
assert_eq "the replay was killed" "137" "$rc"
SCRATCH=$(grep -o 'scratch database pggit_audit_replay_[0-9a-f]*' "$PGA_TMP/b1.log" | head -1 | awk '{print $3}')
SCRATCH_COUNT="SELECT count(*) FROM pg_database WHERE datname = '$SCRATCH'"
assert_eq "its scratch database survives the kill" "1" "$(q "$PGA_CONN" "$SCRATCH_COUNT")"
"$R" --v1export "$PGA_TMP/v1" --outdir "$PGA_TMP/b" --batch 40 >"$PGA_TMP/b2.log" 2>&1 || { cat "$PGA_TMP/b2.log"; fail "resumed replay failed"; }
assert_contains "the rerun resumes after the last finished batch" "resuming in pggit_audit_replay_" "$(cat "$PGA_TMP/b2.log")"
assert_contains "... which is the third" "(3 batches done)" "$(cat "$PGA_TMP/b2.log")"
same_artifacts "resumed = uninterrupted" "$PGA_TMP/a" "$PGA_TMP/b"
assert_eq "scratch database dropped after the resumed run" "0" "$(q "$PGA_CONN" "$SCRATCH_COUNT")"
assert_eq "every row accounted for, all applied" "$ROWS applied" \
  "$(zstdcat "$PGA_TMP/b/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | sort | uniq -c | awk '{print $1, $2}')"
"$PGA_BIN/pggit-audit-diff" --export "$PGA_TMP/b" --outdir "$PGA_TMP/diff" -q 2>"$PGA_TMP/diff.err" || { cat "$PGA_TMP/diff.err"; fail "the diff stage rejects the resumed store"; }
ok "the diff stage verifies the resumed store"
# 150 tables + 150 indexes created, 15 of each dropped, 150 tables altered, plus the baseline schema
assert_eq "changes per kind" '{"A":301,"D":30,"M":150}' "$(jq -c .changes "$PGA_TMP/diff/summary.json")"

# killed under other classifier rules (another build, stood in for by the test variable), then run
# by this build: the scratch database of the other rules is dropped, not resumed, and the replay
# starts again (its bytes those of the uninterrupted run)
rc=0
PGGIT_AUDIT_TEST_CLASSIFIER_RULES=0123456789abcdef PGGIT_AUDIT_FAULT=replay-after-batch@3 \
  "$R" --v1export "$PGA_TMP/v1" --outdir "$PGA_TMP/r" --batch 40 >"$PGA_TMP/r1.log" 2>&1 || rc=$?
assert_eq "the replay under other rules was killed" "137" "$rc"
"$R" --v1export "$PGA_TMP/v1" --outdir "$PGA_TMP/r" --batch 40 >"$PGA_TMP/r2.log" 2>&1 || { cat "$PGA_TMP/r2.log"; fail "replay after other rules failed"; }
assert_contains "other rules' batches are not resumed" "classifier rules changed (0123456789abcdef -> " "$(cat "$PGA_TMP/r2.log")"
if grep -q "resuming in pggit_audit_replay_" "$PGA_TMP/r2.log"; then fail "the replay resumed batches of other rules"; else ok "the replay started again"; fi
same_artifacts "restarted after other rules = uninterrupted" "$PGA_TMP/a" "$PGA_TMP/r"
assert_eq "no scratch database left" "0" "$(q "$PGA_CONN" "$SCRATCH_COUNT")"

# killed around an autocommit statement (CREATE INDEX CONCURRENTLY, row 7 of risk4): the resumed
# run must not run it twice ("already exists") nor lose it, and writes the uninterrupted bytes
SRC4=$(new_db src4)
psql "$SRC4" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/risk4_failures.sql" >/dev/null
PGGIT_AUDIT_SOURCE="$SRC4" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/v4" -q
"$R" --v1export "$PGA_TMP/v4" --outdir "$PGA_TMP/c" -q 2>"$PGA_TMP/c.log" || { cat "$PGA_TMP/c.log"; fail "risk4 replay failed"; }
# resume_case NAME FAULT [SQL...]: kill at FAULT, run each SQL in the scratch database (autocommit), resume
resume_case() {
  local rc=0 scratch name=$1 fault=$2 sql
  shift 2
  PGGIT_AUDIT_FAULT=$fault "$R" --v1export "$PGA_TMP/v4" --outdir "$PGA_TMP/$name" >"$PGA_TMP/$name.1.log" 2>&1 || rc=$?
  assert_eq "$name: the replay was killed" "137" "$rc"
  scratch=$(grep -o 'scratch database pggit_audit_replay_[0-9a-f]*' "$PGA_TMP/$name.1.log" | head -1 | awk '{print $3}')
  for sql in "$@"; do psql "$PGA_CONN dbname=$scratch" -qX -c "$sql" >/dev/null 2>&1 || true; done
  "$R" --v1export "$PGA_TMP/v4" --outdir "$PGA_TMP/$name" >"$PGA_TMP/$name.2.log" 2>&1 || { cat "$PGA_TMP/$name.2.log"; fail "$name: resumed replay failed"; }
  same_artifacts "$name: resumed = uninterrupted" "$PGA_TMP/c" "$PGA_TMP/$name" objects commit_graph tree_entries refs accounting errors warnings
}
resume_case cic_done replay-after-autocommit
assert_contains "cic_done: the completed statement is not run again" "history row 7 had completed" "$(cat "$PGA_TMP/cic_done.2.log")"
resume_case cic_not_started replay-before-autocommit
# a kill during the build leaves the index INVALID: made here by a unique build of the same name that fails
resume_case cic_invalid replay-before-autocommit "INSERT INTO app.f VALUES (1, 1), (1, 1)" \
  "CREATE UNIQUE INDEX CONCURRENTLY f_b ON app.f (b)" "DELETE FROM app.f"
assert_contains "cic_invalid: the invalid index is dropped and built again" "dropping an index the killed run left invalid" \
  "$(cat "$PGA_TMP/cic_invalid.2.log")"

# killed between two statements of a script run statement by statement (risk14 row 3, whose third
# statement fails): the resume must neither run a statement twice nor lose one
SRC14=$(new_db src14)
psql "$SRC14" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/risk14_script_parts.sql" >/dev/null
PGGIT_AUDIT_SOURCE="$SRC14" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/v14" -q
"$R" --v1export "$PGA_TMP/v14" --outdir "$PGA_TMP/p" --batch 1 -q 2>"$PGA_TMP/p.log" || { cat "$PGA_TMP/p.log"; fail "risk14 replay failed"; }
for at in 1 4; do # between row 2's statements (the second fails); after the failed statement of row 3
  rc=0
  PGGIT_AUDIT_FAULT=replay-between-parts@$at "$R" --v1export "$PGA_TMP/v14" --outdir "$PGA_TMP/p$at" --batch 1 >"$PGA_TMP/p$at.1.log" 2>&1 || rc=$?
  assert_eq "parts@$at: the replay was killed inside a script" "137" "$rc"
  "$R" --v1export "$PGA_TMP/v14" --outdir "$PGA_TMP/p$at" --batch 1 >"$PGA_TMP/p$at.2.log" 2>&1 || { cat "$PGA_TMP/p$at.2.log"; fail "parts@$at: resumed replay failed"; }
  assert_contains "parts@$at: the rerun resumed" "resuming in pggit_audit_replay_" "$(cat "$PGA_TMP/p$at.2.log")"
  same_artifacts "parts@$at: resumed = uninterrupted" "$PGA_TMP/p" "$PGA_TMP/p$at"
  assert_eq "parts@$at: the same statements failed" "$(jq .statements_failed "$PGA_TMP/p/report.json")" "$(jq .statements_failed "$PGA_TMP/p$at/report.json")"
done
# killed after any batch of risk40 (--batch 1), whose rows 6 and 8 are the run of rows 5 and 7
# reaching b.p and b.q: the resume must account them applied as the uninterrupted run does, which
# it can only if no batch ends between the two runs of one text and time
SRC40=$(new_db src40)
psql "$SRC40" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/risk40_inherited_alters.sql" >/dev/null
PGGIT_AUDIT_SOURCE="$SRC40" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/v40" -q
"$R" --v1export "$PGA_TMP/v40" --outdir "$PGA_TMP/r40" --batch 1 -q 2>"$PGA_TMP/r40.log" || { cat "$PGA_TMP/r40.log"; fail "risk40 replay failed"; }
assert_eq "risk40 uninterrupted: no statement failed" "0" "$(jq .statements_failed "$PGA_TMP/r40/report.json")"
for at in 1 2 3 4 5; do
  rc=0
  PGGIT_AUDIT_FAULT=replay-after-batch@$at "$R" --v1export "$PGA_TMP/v40" --outdir "$PGA_TMP/r40_$at" --batch 1 >"$PGA_TMP/r40_$at.1.log" 2>&1 || rc=$?
  [ "$rc" = 137 ] || continue # fewer batches than $at
  "$R" --v1export "$PGA_TMP/v40" --outdir "$PGA_TMP/r40_$at" --batch 1 >"$PGA_TMP/r40_$at.2.log" 2>&1 || { cat "$PGA_TMP/r40_$at.2.log"; fail "risk40 after batch $at: resumed replay failed"; continue; }
  same_artifacts "risk40 after batch $at: resumed = uninterrupted" "$PGA_TMP/r40" "$PGA_TMP/r40_$at"
done

# killed inside the baseline, between two statements of a definition (risk15: app.l's CREATE TABLE
# before its failing index; app.m's failed index before its COMMENT): the rerun runs the baseline
# again from the start, in a new scratch database, and writes the same bytes
SRC15=$(new_db src15)
psql "$SRC15" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/risk15_baseline_scripts.sql" >/dev/null
PGGIT_AUDIT_SOURCE="$SRC15" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/v15" -q
q "$PGA_CONN" "DROP ROLE IF EXISTS pga_v1_missing_owner" >/dev/null; q "$PGA_CONN" "DROP ROLE IF EXISTS pga_v1_missing_reader" >/dev/null
for run in bl0 bl1; do # an uninterrupted run, and a rerun of it from scratch
  "$R" --v1export "$PGA_TMP/v15" --outdir "$PGA_TMP/$run" -q 2>"$PGA_TMP/$run.log" || { cat "$PGA_TMP/$run.log"; fail "risk15 replay failed"; }
done
same_artifacts "baseline: rerun = first run" "$PGA_TMP/bl0" "$PGA_TMP/bl1"
for at in 1 4; do
  rc=0
  PGGIT_AUDIT_FAULT=replay-between-parts@$at "$R" --v1export "$PGA_TMP/v15" --outdir "$PGA_TMP/bl_$at" >"$PGA_TMP/bl_$at.1.log" 2>&1 || rc=$?
  assert_eq "baseline@$at: the replay was killed inside a baseline definition" "137" "$rc"
  "$R" --v1export "$PGA_TMP/v15" --outdir "$PGA_TMP/bl_$at" >"$PGA_TMP/bl_$at.2.log" 2>&1 || { cat "$PGA_TMP/bl_$at.2.log"; fail "baseline@$at: resumed replay failed"; }
  assert_contains "baseline@$at: the rerun ran the baseline again" "killed inside its baseline" "$(cat "$PGA_TMP/bl_$at.2.log")"
  same_artifacts "baseline@$at: resumed = uninterrupted" "$PGA_TMP/bl0" "$PGA_TMP/bl_$at"
done

# killed after the baseline committed a new enum value (risk17), before the definitions that use it:
# part of the baseline is committed, and the rerun must not meet it ("already exists")
SRC17=$(new_db src17)
psql "$SRC17" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/risk17_baseline_enum.sql" >/dev/null
PGGIT_AUDIT_SOURCE="$SRC17" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/v17" -q
"$R" --v1export "$PGA_TMP/v17" --outdir "$PGA_TMP/en0" -q 2>"$PGA_TMP/en0.log" || { cat "$PGA_TMP/en0.log"; fail "risk17 replay failed"; }
rc=0
PGGIT_AUDIT_FAULT=replay-baseline-commit@1 "$R" --v1export "$PGA_TMP/v17" --outdir "$PGA_TMP/en1" >"$PGA_TMP/en1.1.log" 2>&1 || rc=$?
assert_eq "enum: the replay was killed after the baseline's first commit" "137" "$rc"
"$R" --v1export "$PGA_TMP/v17" --outdir "$PGA_TMP/en1" >"$PGA_TMP/en1.2.log" 2>&1 || { cat "$PGA_TMP/en1.2.log"; fail "enum: rerun failed"; }
assert_contains "enum: the rerun ran the baseline again" "killed inside its baseline" "$(cat "$PGA_TMP/en1.2.log")"
same_artifacts "enum: rerun = uninterrupted" "$PGA_TMP/en0" "$PGA_TMP/en1"
assert_eq "enum: no baseline warning in the rerun" "0" "$(zstdcat "$PGA_TMP/en1/warnings.csv.zst" | tail -n +2 | wc -l)"

# rows of another branch are groups of their own, or held inside a main statement (risk34): a kill
# after any batch resumes to the uninterrupted bytes (none accounted twice, none lost)
SRC34=$(new_db src34)
psql "$SRC34" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/risk34_branches.sql" >/dev/null
PGGIT_AUDIT_SOURCE="$SRC34" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/v34" -q
"$R" --v1export "$PGA_TMP/v34" --outdir "$PGA_TMP/br_a" --batch 1 >"$PGA_TMP/br_a.log" 2>&1 || { cat "$PGA_TMP/br_a.log"; fail "branches: uninterrupted replay failed"; }
for at in 1 2 3 4 5 6 7; do
  rc=0
  PGGIT_AUDIT_FAULT=replay-after-batch@$at "$R" --v1export "$PGA_TMP/v34" --outdir "$PGA_TMP/br_$at" --batch 1 >"$PGA_TMP/br_$at.1.log" 2>&1 || rc=$?
  assert_eq "branches: killed after batch $at" "137" "$rc"
  "$R" --v1export "$PGA_TMP/v34" --outdir "$PGA_TMP/br_$at" --batch 1 >"$PGA_TMP/br_$at.2.log" 2>&1 || { cat "$PGA_TMP/br_$at.2.log"; fail "branches: resume after batch $at failed"; }
  same_artifacts "branches: resumed after batch $at = uninterrupted" "$PGA_TMP/br_a" "$PGA_TMP/br_$at" \
    objects commit_graph refs accounting errors warnings stubs
done

# killed after a script's new enum value was committed, before the statement using it (risk37 row 3):
# the row's first statements are committed, the rest not; the rerun starts again from scratch and
# writes the same bytes
SRC37=$(new_db src37)
psql "$SRC37" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/risk37_enum_script.sql" >/dev/null
PGGIT_AUDIT_SOURCE="$SRC37" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/v37" -q
"$R" --v1export "$PGA_TMP/v37" --outdir "$PGA_TMP/es0" -q 2>"$PGA_TMP/es0.log" || { cat "$PGA_TMP/es0.log"; fail "risk37 replay failed"; }
for at in 1 2; do
  rc=0
  PGGIT_AUDIT_FAULT=replay-after-enum-commit@$at "$R" --v1export "$PGA_TMP/v37" --outdir "$PGA_TMP/es$at" >"$PGA_TMP/es$at.1.log" 2>&1 || rc=$?
  assert_eq "enum script@$at: the replay was killed after the value was committed" "137" "$rc"
  "$R" --v1export "$PGA_TMP/v37" --outdir "$PGA_TMP/es$at" >"$PGA_TMP/es$at.2.log" 2>&1 || { cat "$PGA_TMP/es$at.2.log"; fail "enum script@$at: rerun failed"; }
  assert_contains "enum script@$at: the rerun started again" "was killed inside history row" "$(cat "$PGA_TMP/es$at.2.log")"
  same_artifacts "enum script@$at: rerun = uninterrupted" "$PGA_TMP/es0" "$PGA_TMP/es$at"
done

pga_finish
