#!/usr/bin/env bash
# test_rollback_running.sh - `pggit-audit rollback` on a work directory whose run is still
# loading is refused, and changes nothing: the load goes on and the run verifies PASSED.
# (Before, the rollback deleted the batches committed so far, the load went on with the
# rest and finished, and verify appended FAILED rows to the append-only compliance_log.)
# A rollback after the run ended still works.
source "$(dirname "$0")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
PGA="$PGA_BIN/pggit-audit"
SRC=$(generated_store src 120 40 3)
TGT=$(new_db target)
W="$PGA_TMP/w"
run_args=(run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$W" BATCH_ROWS=25 LOAD_JOBS=1)
"$PGA" "${run_args[@]}" schema classify >"$PGA_TMP/prefix.log" 2>&1 || { cat "$PGA_TMP/prefix.log" >&2; fail "prefix run failed"; pga_finish; }

# the load stops itself (SIGSTOP) after its second batch is committed
PGGIT_AUDIT_FAULT=load-after-commit@2:stop "$PGA" "${run_args[@]}" >"$PGA_TMP/run.log" 2>&1 &
DRIVER=$!
LOADER=""
for _ in $(seq 1 600); do
  for p in $(pgrep -f '^pggit-audit-load ' || true); do
    [ "$(readlink "/proc/$p/cwd")" = "$W" ] && [ "$(ps -o stat= -p "$p" | cut -c1)" = T ] && LOADER=$p
  done
  [ -n "$LOADER" ] && break
  sleep 0.05
done
[ -n "$LOADER" ] || { kill "$DRIVER"; fail "the load never stopped at its fault point"; pga_finish; }
BEFORE=$(q "$TGT" "SELECT count(*) FROM pggit_audit.load_journal")
assert_eq "two batches committed when the load stopped" "2" "$BEFORE"

expect_fail "rollback while the run holds the work directory" \
  timeout 60 "$PGA" rollback --workdir "$W" --target "$TGT" --reason "while running"
assert_contains "the refusal names the run" "another pggit-audit run (pid $DRIVER) is using this work directory" "$(cat "$PGA_TMP/last.err")"
assert_contains "and says nothing was rolled back" "nothing was rolled back" "$(cat "$PGA_TMP/last.err")"
assert_eq "the committed batches are still there" "$BEFORE" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.load_journal")"
assert_eq "no rollback report" "" "$(ls "$W/rollback" 2>/dev/null || true)"
expect_fail "a dry run is refused too (its table locks would hold up the load)" \
  timeout 60 "$PGA" rollback --workdir "$W" --target "$TGT" --dry-run

kill -CONT "$LOADER"
if wait "$DRIVER"; then ok "the run finished"; else fail "the run failed"; tail -5 "$PGA_TMP/run.log" >&2; fi
assert_eq "verification PASSED, no FAILED row" "PASSED" \
  "$(q "$TGT" "SELECT string_agg(DISTINCT verification_status, ',') FROM pggit_audit.compliance_log")"

# after the run: the rollback goes ahead (the work directory is free again)
"$PGA" rollback --workdir "$W" --target "$TGT" --reason "after the run" >"$PGA_TMP/rb.out" 2>&1 ||
  { cat "$PGA_TMP/rb.out" >&2; fail "rollback after the run failed"; }
assert_eq "rollback after the run: superseded" "superseded" "$(jq -r .mode "$W/rollback/report.json")"
assert_eq "the rollback left no lock behind" "no" "$([ -e "$W/.pggit-audit/lock" ] && echo yes || echo no)"
pga_finish
