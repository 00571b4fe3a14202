#!/usr/bin/env bash
# test_classifier_rules.sh - a build whose classifier rules differ (same version number) keeps
# nothing an earlier build classified: the runner reruns classify (and only what its outputs
# change), and classify's resume discards the chunks the other rules wrote; the same rules
# keep both. Another build is stood in for by PGGIT_AUDIT_TEST_CLASSIFIER_RULES; another parser
# library (the same build after a libpg_query upgrade) by a copy of the library with one byte
# more, found first through LD_LIBRARY_PATH.
source "$(dirname "$0")/lib.sh"

SRC=$(new_fixture_commit_source src)
T=$(new_db target)
W="$PGA_TMP/w"
OTHER=0123456789abcdef
RULES=$("$PGA_BIN/pggit-audit-classify" --version | sed -n 's/.*(classifier rules \([0-9a-f]*\))$/\1/p')
[ "${#RULES}" -eq 16 ] && [ "$RULES" != "$OTHER" ] || { fail "classify --version names no rules digest"; pga_finish; }
ok "classify --version names its rules ($RULES)"

run_pipeline() {
  "$PGA_BIN/pggit-audit" run "$PGA_SOURCE_DIR/pipelines/backfill-v2.mk" --source "$SRC" --target "$T" --workdir "$W"
}
PGGIT_AUDIT_TEST_CLASSIFIER_RULES=$OTHER run_pipeline >"$PGA_TMP/r1.out" 2>&1 \
  || { cat "$PGA_TMP/r1.out"; fail "pipeline under the other rules failed"; pga_finish; }
run_pipeline >"$PGA_TMP/r2.out" 2>&1 || { cat "$PGA_TMP/r2.out"; fail "pipeline under this build's rules failed"; pga_finish; }
assert_contains "classify reruns under other rules" "[run] classify: classifier rules changed ($OTHER -> $RULES)" "$(cat "$PGA_TMP/r2.out")"
assert_contains "export does not follow the rules" "[skip] export: up to date" "$(cat "$PGA_TMP/r2.out")"
assert_contains "diff does not follow the rules" "[skip] diff: up to date" "$(cat "$PGA_TMP/r2.out")"
assert_contains "load kept: the rules classified alike" "[skip] load: up to date" "$(cat "$PGA_TMP/r2.out")"
run_pipeline >"$PGA_TMP/r3.out" 2>&1 || { cat "$PGA_TMP/r3.out"; fail "third run failed"; pga_finish; }
assert_contains "the same rules: classify up to date" "[skip] classify: up to date" "$(cat "$PGA_TMP/r3.out")"

# the parser library is part of the rules: a changed file (an upgrade) gives another digest,
# found at run time, and reruns classify
LIB=$(ldd "$PGA_BIN/pggit-audit-classify" | awk '$1 ~ /^libpg_query\.so/ { print $1, $3 }')
if [ -z "$LIB" ]; then
  fail "pggit-audit-classify is not linked to a shared libpg_query (ldd found none)"
else
  mkdir -p "$PGA_TMP/lib"
  cp "${LIB#* }" "$PGA_TMP/lib/${LIB%% *}"
  printf '\n' >>"$PGA_TMP/lib/${LIB%% *}"
  UPGRADED=$(LD_LIBRARY_PATH="$PGA_TMP/lib" "$PGA_BIN/pggit-audit-classify" --version \
    | sed -n 's/.*(classifier rules \([0-9a-f]*\))$/\1/p')
  [ "${#UPGRADED}" -eq 16 ] && [ "$UPGRADED" != "$RULES" ] && ok "another libpg_query file gives other rules ($UPGRADED)" \
    || fail "another libpg_query file gave the rules '$UPGRADED' (this build's: $RULES)"
  LD_LIBRARY_PATH="$PGA_TMP/lib" run_pipeline >"$PGA_TMP/r4.out" 2>&1 \
    || { cat "$PGA_TMP/r4.out"; fail "run with the other parser library failed"; }
  assert_contains "classify reruns with another parser library" "[run] classify: classifier rules changed ($RULES -> $UPGRADED)" \
    "$(cat "$PGA_TMP/r4.out")"
  run_pipeline >"$PGA_TMP/r5.out" 2>&1 || { cat "$PGA_TMP/r5.out"; fail "run back on the installed library failed"; }
fi

# classify's own resume: a run killed after its second chunk, resumed under other rules or the same
classify_killed() { # RULES OUTDIR
  local rc=0
  PGGIT_AUDIT_TEST_CLASSIFIER_RULES=$1 PGGIT_AUDIT_FAULT=classify-after-chunk@2 \
    "$PGA_BIN/pggit-audit-classify" --diff "$W/diff" --outdir "$2" --chunk-rows 2 >"$PGA_TMP/kill.out" 2>&1 || rc=$?
  [ "$rc" -ne 0 ] || fail "the fault point did not stop classify"
}
classify_resumed() { # RULES OUTDIR -> the number of chunks reused
  : >"$PGA_TMP/progress.ndjson"
  PGGIT_AUDIT_TEST_CLASSIFIER_RULES=$1 PGGIT_AUDIT_PROGRESS="$PGA_TMP/progress.ndjson" \
    "$PGA_BIN/pggit-audit-classify" --diff "$W/diff" --outdir "$2" --chunk-rows 2 >"$PGA_TMP/resume.out" 2>&1 \
    || { cat "$PGA_TMP/resume.out" >&2; fail "resumed classify failed"; }
  grep -c '"state": *"reused"' "$PGA_TMP/progress.ndjson" || true
}
classify_killed "$OTHER" "$PGA_TMP/c1"
assert_eq "chunks of other rules are not reused" "0" "$(classify_resumed "$RULES" "$PGA_TMP/c1")"
classify_killed "$RULES" "$PGA_TMP/c2"
N=$(classify_resumed "$RULES" "$PGA_TMP/c2")
[ "$N" -gt 0 ] && ok "chunks of the same rules are reused ($N)" || fail "the same rules reused no chunk"
assert_eq "both resumes write the same changes" "$(zstdcat "$PGA_TMP/c1/changes.csv.zst" | sha256sum)" \
  "$(zstdcat "$PGA_TMP/c2/changes.csv.zst" | sha256sum)"
pga_finish
