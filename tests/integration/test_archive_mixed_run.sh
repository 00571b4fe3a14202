#!/usr/bin/env bash
# test_archive_mixed_run.sh - an evidence archive holds one run: a work directory whose
# files the journal's last records do not match (a target rerun alone, an output removed)
# is refused before anything is written or recorded, and compare warns about it;
# the finished run, and a run whose verification FAILED, are archived and compared. An
# archive killed while packing leaves a temporary file that the next one removes; so does
# an extraction killed midway (its directory), and a live extraction's is kept.
source "$(dirname "$0")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
ARCHIVE="$PGA_BIN/pggit-audit-archive"
SRC=$(new_db src)
load_v0_fixture "$SRC"
TGT=$(new_db target)
W="$PGA_TMP/w"
run() { "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$W" "$@" >"$PGA_TMP/run.log" 2>&1; }
recorded() { q "$TGT" "SELECT count(*) FROM pggit_audit.evidence_archives"; }

run || { cat "$PGA_TMP/run.log"; fail "pipeline run failed"; pga_finish; }
"$ARCHIVE" --workdir "$W" -o "$PGA_TMP/a1.tar.zst" --target "$TGT" >/dev/null 2>&1 && ok "a finished run is archived" \
  || fail "a finished run was refused"

# an archive killed while it packs leaves its temporary file; the next one removes it
mkdir "$PGA_TMP/out"
if PGGIT_AUDIT_FAULT=archive-before-pack "$ARCHIVE" --workdir "$W" -o "$PGA_TMP/out/k.tar.zst" >/dev/null 2>&1; then
  fail "the archive was not killed"
fi
assert_eq "the killed archive left its temporary file" 1 "$(ls -A "$PGA_TMP/out" | grep -c '^\.k\.tar\.zst\.tmp-')"
"$ARCHIVE" --workdir "$W" -o "$PGA_TMP/out/k.tar.zst" >"$PGA_TMP/k.out" 2>&1 || { cat "$PGA_TMP/k.out" >&2; fail "archive after a kill failed"; }
assert_eq "the next archive removed it" "k.tar.zst" "$(ls -A "$PGA_TMP/out")"
"$ARCHIVE" --verify "$PGA_TMP/out/k.tar.zst" >/dev/null 2>&1 && ok "the archive after a kill verifies" || fail "the archive after a kill does not verify"

# an extraction killed midway leaves its temporary directory beside DIR; the next
# extraction removes it, but never the directory of an extraction still running
mkdir "$PGA_TMP/xp"
if PGGIT_AUDIT_FAULT=archive-extract-member@3 "$ARCHIVE" --extract "$PGA_TMP/out/k.tar.zst" "$PGA_TMP/xp/ex" >/dev/null 2>&1; then
  fail "the extraction was not killed"
fi
assert_eq "the killed extraction left its temporary directory" 1 "$(ls -A "$PGA_TMP/xp" | grep -c '^\.ex\.extract-')"
PGGIT_AUDIT_FAULT=archive-extract-member@2:stop "$ARCHIVE" --extract "$PGA_TMP/out/k.tar.zst" "$PGA_TMP/xp/ex" >/dev/null 2>"$PGA_TMP/live.err" &
LIVE=$!
live_stopped() { [ "$(ps -o stat= -p "$LIVE" 2>/dev/null | cut -c1)" = T ] || ! kill -0 "$LIVE" 2>/dev/null; }
wait_until 120 live_stopped || true
"$ARCHIVE" --extract "$PGA_TMP/out/k.tar.zst" "$PGA_TMP/xp/ex" >"$PGA_TMP/x.out" 2>&1 || { cat "$PGA_TMP/x.out" >&2; fail "extract after a kill failed"; }
assert_eq "the next extraction removed the killed one's directory, not the live one's" \
  "$(printf '%s\n' ".ex.extract-$LIVE" ex)" "$(ls -A "$PGA_TMP/xp" | sed 's/^\(\.ex\.extract-[0-9]*\)\..*/\1/' | sort)"
kill -CONT "$LIVE"
wait "$LIVE" && fail "the stopped extraction replaced the finished DIR" || ok "the stopped extraction, finding DIR taken, failed"
assert_eq "and removed its own directory" "ex" "$(ls -A "$PGA_TMP/xp")"
(cd "$PGA_TMP"/xp/ex/pggit-audit-evidence-* && sha256sum -c --quiet manifest-sha256.txt) >/dev/null 2>&1 \
  && ok "the extraction after a kill checks with sha256sum -c" || fail "the extraction after a kill does not check"

# the export rerun alone (another CHUNK_ROWS: other bytes): diff, classify, load and verify
# are the earlier run's, and their reports still agree with each other
run CHUNK_ROWS=7 export || { cat "$PGA_TMP/run.log"; fail "export rerun failed"; }
expect_fail "a work directory holding files of two runs is refused" \
  "$ARCHIVE" --workdir "$W" -o "$PGA_TMP/a2.tar.zst" --target "$TGT"
assert_contains "the refusal names the target, the file and the journal line" \
  "journal.ndjson:" "$(cat "$PGA_TMP/last.err")"
assert_contains "the refusal says what changed" \
  "the last run of target 'diff' (finished) read export/" "$(cat "$PGA_TMP/last.err")"
[ ! -e "$PGA_TMP/a2.tar.zst" ] && ok "no archive written" || fail "an archive was written"
assert_eq "nothing more recorded in the target" 1 "$(recorded)"
set +e
"$PGA_BIN/pggit-audit-compare" "$PGA_TMP/a1.tar.zst" "$W" >"$PGA_TMP/cmp.out" 2>"$PGA_TMP/cmp.err"
rc=$?
set -e
assert_eq "compare still compares a work directory of two runs (the rows are the same)" 0 "$rc"
assert_contains "compare warns which side holds two runs, and why" \
  "warning: B: $W/.pggit-audit/journal.ndjson:" "$(cat "$PGA_TMP/cmp.err")"

run CHUNK_ROWS=7 || { cat "$PGA_TMP/run.log"; fail "finishing the run failed"; }
"$ARCHIVE" --workdir "$W" -o "$PGA_TMP/a3.tar.zst" --target "$TGT" >/dev/null 2>&1 && ok "the finished run is archived" \
  || fail "the finished run was refused"
"$PGA_BIN/pggit-audit-compare" "$PGA_TMP/a1.tar.zst" "$W" >"$PGA_TMP/cmp.out" 2>"$PGA_TMP/cmp.err" && ok "compare: the finished run has the same rows" \
  || { cat "$PGA_TMP/cmp.out" >&2; fail "compare of the finished run failed"; }
assert_eq "no warning once the run is finished" "" "$(grep warning "$PGA_TMP/cmp.err" || true)"

# an output of a finished target removed
rm "$W/classify/summary.json"
expect_fail "a missing output is refused" "$ARCHIVE" --workdir "$W" -o "$PGA_TMP/a4.tar.zst"
assert_contains "the refusal names the missing output" \
  "'classify' (finished) wrote classify/summary.json, which the work directory no longer holds" "$(cat "$PGA_TMP/last.err")"
run CHUNK_ROWS=7 || { cat "$PGA_TMP/run.log"; fail "rerun after removing an output failed"; }

# a target renamed in the manifest keeps its old records, about files its successor
# rewrote: only the targets of the manifest the last run used count
sed -e 's/^diff:/diff2:/' -e 's/^classify: diff$/classify: diff2/' -e 's/^verify: export diff /verify: export diff2 /' \
  "$MANIFEST" >"$PGA_TMP/renamed.mk"
"$PGA_BIN/pggit-audit" run "$PGA_TMP/renamed.mk" --source "$SRC" --target "$TGT" --workdir "$W" CHUNK_ROWS=11 \
  >"$PGA_TMP/run.log" 2>&1 || { cat "$PGA_TMP/run.log"; fail "run with a renamed target failed"; }
"$ARCHIVE" --workdir "$W" -o "$PGA_TMP/a5.tar.zst" --target "$TGT" >"$PGA_TMP/a5.out" 2>&1 \
  && ok "a target no longer in the manifest does not count" || { cat "$PGA_TMP/a5.out" >&2; fail "a renamed target's old records were held against the run"; }
# a copy of the manifest that is not the one run.json records: the check falls back to
# every target of the journal, and says so (it was silent)
cp "$W/.pggit-audit/manifest.mk" "$PGA_TMP/manifest.keep"
echo "# edited" >>"$W/.pggit-audit/manifest.mk"
"$ARCHIVE" --workdir "$W" -o "$PGA_TMP/a6.tar.zst" >"$PGA_TMP/a6.out" 2>&1 || true
assert_contains "a manifest copy run.json does not record is named, with the fallback" \
  "is not the manifest $W/.pggit-audit/run.json records" "$(cat "$PGA_TMP/a6.out")"
assert_contains "and the fallback is said" "every target the journal records is checked" "$(cat "$PGA_TMP/a6.out")"
cp "$PGA_TMP/manifest.keep" "$W/.pggit-audit/manifest.mk"

# a FAILED verification (a changed row) is a failed target in the journal, on the work
# directory's files: its archive is evidence too
T2=$(new_db failed)
W2="$PGA_TMP/w2"
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T2" --workdir "$W2" load >/dev/null 2>&1 || fail "load failed"
q "$T2" "UPDATE pggit_audit.changes SET new_definition = new_definition || ' -- changed'
          WHERE change_id = (SELECT change_id FROM pggit_audit.changes WHERE new_definition IS NOT NULL ORDER BY change_id LIMIT 1)" >/dev/null
if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T2" --workdir "$W2" >/dev/null 2>&1; then
  fail "the verification did not fail"
fi
assert_contains "the verification FAILED" '"status": "FAILED"' "$(cat "$W2/verify/report.json")"
"$ARCHIVE" --workdir "$W2" -o "$PGA_TMP/f.tar.zst" --target "$T2" >"$PGA_TMP/f.out" 2>&1 && ok "a FAILED run is archived" \
  || { cat "$PGA_TMP/f.out" >&2; fail "a FAILED run was refused"; }
set +e
"$PGA_BIN/pggit-audit-compare" "$W" "$W2" >"$PGA_TMP/cmp.out" 2>"$PGA_TMP/cmp.err"
rc=$?
set -e
# exit 1: the FAILED run read back the changed row
assert_eq "compare accepts a FAILED run (its read-back differs)" 1 "$rc"
assert_eq "no warning about a FAILED run" "" "$(grep warning "$PGA_TMP/cmp.err" || true)"

pga_finish
