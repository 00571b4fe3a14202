#!/usr/bin/env bash
# test_estimate_incomplete.sh - pggit-audit estimate refuses a rehearsal that does not measure
# every stage of the cutover (a rehearsal killed during its load gave a verdict without the load
# and the verify), names the missing artifact of an incomplete work directory, and says that an
# evidence archive must be unpacked first; once the rehearsal is resumed, the estimate covers
# every stage, and the rehearsal-only compare target stays out of the total.
source "$(dirname "$0")/lib.sh"

SRC=$(new_db src)
load_v0_fixture "$SRC"
T=$(new_db target)
R="$PGA_TMP/rehearsal"
run() { "$PGA_BIN/pggit-audit" run "$PGA_SOURCE_DIR/pipelines/rehearsal.mk" --source "$SRC" --target "$T" --workdir "$R" "$@"; }

# a rehearsal killed during its load: export, diff and classify finished, load and verify not
rc=0; PGGIT_AUDIT_FAULT=load-after-commit@1 run >"$PGA_TMP/killed.log" 2>&1 || rc=$?
[ $rc -ne 0 ] || { fail "the fault did not stop the load"; pga_finish; }
rc=0; "$PGA_BIN/pggit-audit" estimate --from "$R" --source "$SRC" --window 6h >"$PGA_TMP/est.out" 2>"$PGA_TMP/est.err" || rc=$?
assert_eq "estimate from a rehearsal without a finished load: exit 1 (error), not a verdict" "1" "$rc"
assert_contains "naming the stages no rehearsal finished" "no rehearsal finished load, verify" "$(cat "$PGA_TMP/est.err")"
assert_eq "and no verdict printed" "" "$(grep -E '^(FITS|AT RISK|DOES NOT FIT)' "$PGA_TMP/est.out" || true)"

# resumed: every stage measured
run >"$PGA_TMP/resumed.log" 2>&1 || { cat "$PGA_TMP/resumed.log"; fail "resume failed"; pga_finish; }
rc=0; "$PGA_BIN/pggit-audit" estimate --from "$R" --source "$SRC" --window 6h --json "$PGA_TMP/est.json" >"$PGA_TMP/est2.out" 2>&1 || rc=$?
assert_eq "estimate from the resumed rehearsal fits" "0" "$rc"
assert_eq "every stage of the cutover in the estimate" "classify diff export load schema verify" \
  "$(jq -r '[.stages[].stage | select(. != "checks" and . != "compare")] | sort | join(" ")' "$PGA_TMP/est.json")"

# the rehearsal manifest's compare target is no stage of the cutover: shown, not in the total
assert_eq "compare is listed, out of the total" "false" "$(jq -r '.stages[] | select(.stage == "compare") | .in_total' "$PGA_TMP/est.json")"
assert_eq "the total is the sum of the cutover's stages" "$(jq '[.stages[] | select(.in_total) | .predicted_ms] | add | floor' "$PGA_TMP/est.json")" \
  "$(jq '.predicted_ms | floor' "$PGA_TMP/est.json")"
assert_contains "the text says so" "(rehearsal only: not in the total)" "$(grep '^compare' "$PGA_TMP/est2.out")"

# a work directory missing an artifact's sidecar: named
cp -r "$R" "$PGA_TMP/partial"
rm "$PGA_TMP/partial/classify/versions.csv.zst.meta.json"
rc=0; "$PGA_BIN/pggit-audit" estimate --from "$PGA_TMP/partial" --source "$SRC" >/dev/null 2>"$PGA_TMP/partial.err" || rc=$?
assert_eq "incomplete work directory: exit 1" "1" "$rc"
assert_contains "naming the artifact" "classify/versions.csv.zst is missing" "$(cat "$PGA_TMP/partial.err")"

# an evidence archive is not a work directory
"$PGA_BIN/pggit-audit-archive" --workdir "$R" -o "$PGA_TMP/r.tar.zst" >/dev/null 2>&1
rc=0; "$PGA_BIN/pggit-audit" estimate --from "$PGA_TMP/r.tar.zst" --source "$SRC" >/dev/null 2>"$PGA_TMP/arch.err" || rc=$?
assert_eq "archive given as a rehearsal: exit 1" "1" "$rc"
assert_contains "saying to unpack it" "is not a work directory" "$(cat "$PGA_TMP/arch.err")"
"$PGA_BIN/pggit-audit-archive" --extract "$PGA_TMP/r.tar.zst" "$PGA_TMP/x" >/dev/null
rc=0; "$PGA_BIN/pggit-audit" estimate --from "$PGA_TMP"/x/*/data/workdir --source "$SRC" >/dev/null 2>&1 || rc=$?
assert_eq "the unpacked archive's work directory estimates" "0" "$rc"

pga_finish
