#!/usr/bin/env bash
# test_fault_pipeline.sh - proof that no crash loses or duplicates anything: the whole v2
# pipeline on a generated store large enough for many chunks per stage is killed with
# SIGKILL at many points (every stage, between chunks, mid-COPY, during the temp-file
# rename, during the journal write), rerun, and the target's rows (dump_audit) and every
# final artifact must equal those of an uninterrupted run (fault_lib.sh). Measures how much
# work each resume redid (chunks computed again that an interrupted attempt had started or
# finished). The faults from outside the stages (the driver killed, the connection
# terminated, a full disk, a server restart) are test_fault_outside.sh: one test held both
# and came near ctest's timeout on a loaded machine. FAULT_LONG=1: a bigger store and more
# kill points.
source "$(dirname "$0")/fault_lib.sh"

# ---- the reference run, and another with one chunk per stage ----
assert_eq "no parts/ left after a run" "" "$(find "$WBASE/ref" -name parts)"
assert_contains "metrics.prom has per-target rows" 'pggit_audit_target_rows{target="classify"}' "$(cat "$WBASE/ref/metrics.prom")"
assert_eq "progress.ndjson: every line is JSON with an event" "0" "$(grep -vc '^{"time":"[^"]*","target":"[a-z-]*","stage":"[a-z-]*","pid":[0-9]*,"event":"[a-z]*"' "$WBASE/ref/progress.ndjson" || true)"
assert_eq "no control characters in the driver's output when it is not a terminal" "0" "$(grep -c $'\r\|\033' "$PGA_TMP/ref.log" || true)"


T1=$(new_db onechunk)
run_pipeline "$WBASE/one" "$T1" CHUNK_ROWS=100000000 >"$PGA_TMP/one.log" 2>&1 || { cat "$PGA_TMP/one.log"; fail "one-chunk run failed"; }
# each part's rows are zstd frames copied into the final artifact as they are (no
# recompression), so the chunk size changes the compressed bytes; never the content
content_sums() { # WORKDIR: every file of export, diff, classify by the SHA-256 of its content
  (cd "$1" && find export diff classify -type f | LC_ALL=C sort | while read -r f; do
    case "$f" in
      *.zst) printf '%s  %s\n' "$(zstdcat "$f" | sha256sum | cut -c1-64)" "$f" ;;
      *.meta.json) printf '%s  %s\n' "$(grep -v '"bytes"\|"sha256"' "$f" | sha256sum | cut -c1-64)" "$f" ;;
      *) sha256sum "$f" ;;
    esac
  done)
}
if diff <(content_sums "$WBASE/one") <(content_sums "$WBASE/ref"); then
  ok "artifacts hold the same content with CHUNK_ROWS=$CHUNK and with one chunk per stage"
else fail "artifacts' content depends on the chunk size"; fi
# run_id is derived from the classify artifacts' SHA-256 (their bytes): it is the one difference
no_run_id() { sed -E 's/\|[0-9a-f]{32}$//'; }
assert_eq "the same target rows with one chunk per stage (run_id aside)" "$(no_run_id <"$PGA_TMP/ref.dump")" \
  "$(dump_audit "$T1" | no_run_id)"

# ---- the kill points ----
# POINT [PREFIX_GOAL...]: the PREFIX_GOALs are run uninterrupted first, so a generic point
# (before-rename@N) hits the next stage rather than an earlier one. The driver passes no
# stage's point (before-rename@1 is the schema stage's first rename, not the driver's).
POINTS=(
  "before-rename@1"                      # schema stage's report, mid atomic rename
  "export-mid-copy@1" "export-mid-copy@$((EXPORT_ROWS / 2))"
  "export-before-commit@1" "export-after-chunk@1" "export-after-chunk@$((E - 1))"
  "before-rename@7 schema" "before-rename@$((E + 3)) schema"
  "export-before-assemble" "before-assemble-commit@2 schema" "export-before-cleanup"
  "diff-after-verify" "diff-before-commit@1" "diff-after-chunk@$(((D + 1) / 2))" "before-rename@3 export"
  "diff-before-cleanup"
  "classify-mid-blobs@$((BLOBS / 2))" "classify-before-commit@1"
  "classify-after-chunk@$((BLOB_CHUNKS + 1))" "before-assemble-commit@3 diff" "classify-before-cleanup"
  "load-mid-copy@1" "load-before-commit@$((L / 3))" "load-after-commit@$((L - 1))"
  "before-rename@1 schema classify"      # the load's report, mid atomic rename
  "verify-after-readback" "verify-after-checkpoint" "verify-before-commit"
  "journal-torn-write@3" "journal-torn-write@$((E / 2 + 5))"
)
if [ "$LONG" = 1 ]; then
  POINTS+=("export-mid-copy@$((EXPORT_ROWS - 1))" "export-before-commit@$((E / 2))" "before-assemble-commit@1 export"
           "classify-mid-blobs@1" "classify-before-commit@$((C - 1))" "before-rename@9 diff" "load-mid-copy@$((L / 2))")
  for n in 2 3 5 8 13 21; do POINTS+=("export-after-chunk@$((E * n / 34))" "load-mid-copy@$((L * n / 34))"); done
  for n in 2 5 11 17 23; do POINTS+=("before-rename@$n export" "before-rename@$n diff"); done
  POINTS+=("classify-mid-blobs@$((BLOBS - 1))" "diff-after-chunk@$((D - 1))" "journal-torn-write@$((E + D + 9))")
fi

i=0
for entry in "${POINTS[@]}"; do
  read -r point prefix <<<"$entry"
  i=$((i + 1))
  name="k$(printf %02d $i)_${point//[-@]/_}"
  wd="$WBASE/$name"
  db=$(new_db "$name")
  # shellcheck disable=SC2086 # PREFIX_GOAL... are words
  if [ -n "$prefix" ]; then run_pipeline "$wd" "$db" $prefix >"$PGA_TMP/$name.prefix.log" 2>&1 || fail "$name: prefix run ($prefix) failed"; fi
  rc=0
  PGGIT_AUDIT_FAULT=$point run_pipeline "$wd" "$db" >"$PGA_TMP/$name.kill.log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ]; then fail "$name: the run with $point was not killed"; continue; fi
  if ! grep -q "killed by signal 9\|exit status 137" "$PGA_TMP/$name.kill.log" && [ "$rc" -ne 137 ]; then
    fail "$name: the run failed (exit $rc) but not by the SIGKILL at $point"; tail -3 "$PGA_TMP/$name.kill.log" >&2; continue
  fi
  TRIED=$((TRIED + 1))
  run_pipeline "$wd" "$db" >"$PGA_TMP/$name.resume.log" 2>&1 || { tail -5 "$PGA_TMP/$name.resume.log" >&2; fail "$name: resume after $point failed"; continue; }
  check_resume "$name" "$wd" "$db"
done

fault_finish "${#POINTS[@]}"
