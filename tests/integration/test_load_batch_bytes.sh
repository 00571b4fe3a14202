#!/usr/bin/env bash
# test_load_batch_bytes.sh - the load's batches are bounded by bytes as well as rows, so its
# memory does not follow the size of the rows. A chain of 2,000 commits, each changing the one
# table and carrying a 40 kB message (pgGit takes its caller's message as it is): 80 MB of
# changes rows, all in one batch of BATCH_ROWS 5000. The load used to hold whole batches (up
# to LOAD_JOBS + 2 of them): its peak RSS passed 80 MB; with the default byte cap (8 MiB) it
# must stay under 64 MB. Then, with a small cap (many batches of a few rows): a load killed
# after some batches committed and rerun gives the journal and the rows of an uninterrupted
# load; a rerun with another cap is refused before sending a row; and a rerun of a finished
# load with another cap loads nothing. A refusal names the values the interrupted load recorded in
# the journal. Last, a batch cut by bytes deleted from the target after the load: the verify
# names it and its rows, and a rerun of the load puts it back.
source "$(dirname "$0")/lib.sh"

SRC=$(new_shape_source src)
q "$SRC" "SELECT pga_shape.chain(2000, 1, 1280)" >/dev/null
W=$PGA_TMP/w
stage() { "$PGA_BIN/pggit-audit-$1" -q "${@:2}" 2>"$PGA_TMP/stage.err" || { cat "$PGA_TMP/stage.err"; fail "$1 failed"; pga_finish; }; }
stage export --source "$SRC" --outdir "$W/export"
stage diff --export "$W/export" --outdir "$W/diff"
stage classify --diff "$W/diff" --outdir "$W/classify"
assert_eq "2,000 changes to load" "2000" "$(jq .rows "$W/classify/changes.csv.zst.meta.json")"

new_target() { local t; t=$(new_db "$1"); psql "$t" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/sql/pggit_audit_schema.sql" >/dev/null; echo "$t"; }
load() { # TARGET OUTDIR ARGS...
  local t=$1 o=$2; shift 2
  PGGIT_AUDIT_TARGET="$t" "$PGA_BIN/pggit-audit-load" --classify "$W/classify" --outdir "$o" "$@"
}
journal() { q "$1" "SELECT kind, batch_no, first_row, row_count FROM pggit_audit.load_journal ORDER BY kind, batch_no"; }

# ---- memory: the default bounds (5000 rows, 8 MiB), two connections ----
T1=$(new_target mem)
/usr/bin/time -v "$PGA_BIN/pggit-audit-load" -q --classify "$W/classify" --outdir "$PGA_TMP/l1" --target "$T1" \
  2>"$PGA_TMP/l1.time" || { tail -20 "$PGA_TMP/l1.time"; fail "load failed"; pga_finish; }
PEAK_MB=$(peak_mb "$PGA_TMP/l1.time")
echo "# load peak RSS: $PEAK_MB MB"
# 4 batches of at most 8 MiB and one row (40 kB) each, the readers and libpq: 64 MB is room
# enough, and below the 80 MB one batch of the 2,000 rows holds
[ "$PEAK_MB" -lt 64 ] && ok "load peak RSS $PEAK_MB MB < 64 MB with 80 MB of messages" \
  || fail "load peak RSS $PEAK_MB MB: it follows the size of the rows"
assert_eq "every change loaded" "2000" "$(q "$T1" "SELECT count(*) FROM pggit_audit.changes WHERE commit_message LIKE 'commit %'")"
CUT=$(jq '.artifacts.changes.batches_cut_by_bytes' "$PGA_TMP/l1/report.json")
[ "$CUT" -ge 9 ] && ok "the changes went in $CUT batches cut by the byte cap" || fail "the byte cap cut $CUT changes batches"

# ---- resume with the byte cap active: 1 MiB batches (25 or 26 changes each, 80 batches) ----
T2=$(new_target ref)
load "$T2" "$PGA_TMP/l2" -q --batch-bytes 1048576 || fail "uninterrupted load failed"
dump_audit "$T2" >"$PGA_TMP/ref.rows"
journal "$T2" >"$PGA_TMP/ref.journal"
# a message is 40,960 bytes and more: 26 rows reach 1 MiB
assert_eq "batches of 1 MiB: no changes batch holds more than 26 rows" "t" \
  "$(q "$T2" "SELECT max(row_count) <= 26 AND count(*) > 1 FROM pggit_audit.load_journal WHERE kind = 'changes'")"
NB_CHANGES=$(grep -c '^changes|' "$PGA_TMP/ref.journal")

T3=$(new_target resumed)
# killed right after the 40th committed batch (the blobs' one, then changes' batches)
if PGGIT_AUDIT_FAULT=load-after-commit@40 load "$T3" "$PGA_TMP/l3" -q --batch-bytes 1048576 2>"$PGA_TMP/kill.err"; then
  fail "the load survived its kill"
else
  ok "load killed after its 40th committed batch"
fi
KEPT=$(q "$T3" "SELECT count(*) FROM pggit_audit.load_journal")
[ "$KEPT" -ge 40 ] && [ "$KEPT" -lt "$(wc -l <"$PGA_TMP/ref.journal")" ] && ok "$KEPT batches committed before the kill" \
  || fail "$KEPT batches committed before the kill"

# a rerun with another byte cap would count batches of other bounds as done: refused, nothing sent
expect_fail "a rerun with another --batch-bytes is refused" load "$T3" "$PGA_TMP/l3" -q --batch-bytes 2097152
# the journal records the bounds each batch was cut with: the refusal names the interrupted
# run's values and where it read them (it used to say only "rerun with its --batch-rows and
# --batch-bytes": the byte cap that had cut the batches was nowhere to be found)
assert_contains "the refusal names the interrupted run's values" \
  "rerun with --batch-rows 5000 --batch-bytes 1048576 (under pggit-audit run, BATCH_ROWS=5000 BATCH_BYTES=1048576)" \
  "$(cat "$PGA_TMP/last.err")"
assert_contains "... and where they are recorded" "recorded with the batch in the target's pggit_audit.load_journal" \
  "$(cat "$PGA_TMP/last.err")"
assert_eq "every journal row records its bounds" "$KEPT" \
  "$(q "$T3" "SELECT count(*) FROM pggit_audit.load_journal WHERE batch_rows = 5000 AND batch_bytes = 1048576")"
# so does a rerun with another row bound only
expect_fail "a rerun with another --batch-rows is refused" load "$T3" "$PGA_TMP/l3" -q --batch-bytes 1048576 --batch-rows 20
assert_contains "... naming the recorded values" "rerun with --batch-rows 5000 --batch-bytes 1048576" "$(cat "$PGA_TMP/last.err")"
assert_eq "the refused rerun loaded nothing" "$KEPT" "$(q "$T3" "SELECT count(*) FROM pggit_audit.load_journal")"

load "$T3" "$PGA_TMP/l3" --batch-bytes 1048576 2>"$PGA_TMP/resume.err" || { cat "$PGA_TMP/resume.err"; fail "resume failed"; }
assert_contains "the resume skipped the committed batches" "already in the journal" "$(cat "$PGA_TMP/resume.err")"
journal "$T3" >"$PGA_TMP/resumed.journal"
if cmp -s "$PGA_TMP/ref.journal" "$PGA_TMP/resumed.journal"; then ok "resumed journal = uninterrupted journal"; else fail "the resumed journal differs"; fi
dump_audit "$T3" >"$PGA_TMP/resumed.rows"
if cmp -s "$PGA_TMP/ref.rows" "$PGA_TMP/resumed.rows"; then ok "resumed rows = uninterrupted rows"; else fail "the resumed rows differ"; fi

# a finished load: every row is in, whatever bounds a rerun names; it sends nothing
load "$T3" "$PGA_TMP/l4" --batch-bytes 4194304 --batch-rows 7 2>"$PGA_TMP/again.err" || { cat "$PGA_TMP/again.err"; fail "rerun of a finished load failed"; }
assert_contains "a rerun of a finished load with other bounds loads nothing" "changes: 2000 rows in $NB_CHANGES batches" "$(cat "$PGA_TMP/again.err")"
assert_eq "... and adds no batch" "$(wc -l <"$PGA_TMP/ref.journal")" "$(q "$T3" "SELECT count(*) FROM pggit_audit.load_journal")"

# ---- a batch cut by bytes lost from the target after the load (deleted by hand, its journal
# row with it): the verify records nothing, exits non-zero and names the batch and its rows,
# which with the byte cap follow from the content, not from the batch number (the message
# used to name the batch only); a rerun of the load reloads it, and the verification passes ----
verify() { # LOADDIR OUTDIR
  PGGIT_AUDIT_TARGET="$T3" PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit-verify" -q --export "$W/export" \
    --diff "$W/diff" --classify "$W/classify" --load "$1" --outdir "$2"
}
read -r FIRST LAST <<<"$(q "$T3" "SELECT first_row, first_row + row_count - 1 FROM pggit_audit.load_journal
                                   WHERE kind = 'changes' AND batch_no = 3" | tr '|' ' ')"
[ "$FIRST" -gt $((3 * 5000)) ] && fail "changes batch 3 starts at row $FIRST: not cut by bytes"
zstdcat "$W/classify/changes.csv.zst" | python3 -c '
import csv, sys
csv.field_size_limit(1 << 30)
rows = csv.reader(sys.stdin); next(rows)
for n, row in enumerate(rows, 1):
    if int(sys.argv[1]) <= n <= int(sys.argv[2]): print(row[0])' "$FIRST" "$LAST" >"$PGA_TMP/lost.ids"
assert_eq "changes batch 3 is rows $FIRST-$LAST" "$((LAST - FIRST + 1))" "$(wc -l <"$PGA_TMP/lost.ids")"
psql "$T3" -qX -v ON_ERROR_STOP=1 >/dev/null <<SQL
BEGIN;
SET LOCAL session_replication_role = replica; -- past the guards, as a careless superuser would
DELETE FROM pggit_audit.changes WHERE change_id::text IN ($(sed "s/.*/'&'/" "$PGA_TMP/lost.ids" | paste -sd,));
DELETE FROM pggit_audit.load_journal WHERE kind = 'changes' AND batch_no = 3;
COMMIT;
SQL
assert_eq "the batch's changes are gone" "$((2000 - LAST + FIRST - 1))" "$(q "$T3" "SELECT count(*) FROM pggit_audit.changes")"
expect_fail "the verify over the target without changes batch 3 fails" verify "$PGA_TMP/l3" "$PGA_TMP/v1"
assert_contains "it names the batch and its rows" \
  "the target lacks 1 of the" "$(cat "$PGA_TMP/last.err")"
assert_contains "... the batch's rows, from the journal around it" \
  "(changes batch 3 (rows $FIRST-$LAST of $W/classify/changes.csv.zst))" "$(cat "$PGA_TMP/last.err")"
assert_eq "nothing was recorded" "0" "$(q "$T3" "SELECT count(*) FROM pggit_audit.compliance_log")"
[ -f "$PGA_TMP/l3/report.lost-from-target.json" ] && ok "the load report was moved aside" || fail "the load report was not moved aside"
load "$T3" "$PGA_TMP/l3" --batch-bytes 1048576 2>"$PGA_TMP/reload.err" || { cat "$PGA_TMP/reload.err"; fail "the reload failed"; }
assert_contains "the reload loads the one missing batch" "1 batches loaded ($((LAST - FIRST + 1)) rows new)" "$(cat "$PGA_TMP/reload.err")"
if cmp -s "$PGA_TMP/ref.rows" <(dump_audit "$T3"); then ok "reloaded rows = uninterrupted rows"; else fail "the reloaded rows differ"; fi
verify "$PGA_TMP/l3" "$PGA_TMP/v2" 2>"$PGA_TMP/v2.err" && ok "the verification passes after the reload" \
  || { cat "$PGA_TMP/v2.err"; fail "the verification failed after the reload"; }
pga_finish
