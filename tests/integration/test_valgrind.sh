#!/usr/bin/env bash
# test_valgrind.sh - every data stage (export, diff, classify, load, verify) on the pgGit
# fixture under valgrind memcheck: any invalid read/write, use of uninitialised memory or
# definitely lost block fails the test (exit 9 from valgrind). "Still reachable" memory
# (libpq, OpenSSL and libpg_query globals at exit) is not a leak and is not counted.
# Skipped (exit 0 with a message) when valgrind is not installed.
source "$(dirname "$0")/lib.sh"

if ! command -v valgrind >/dev/null; then
  echo "valgrind not installed: skipped (apt-get install valgrind)"
  exit 0
fi

SRC=$(new_db src); PGA_DBS+=("${SRC##*dbname=}")
TGT=$(new_db target); PGA_DBS+=("${TGT##*dbname=}")
load_v0_fixture "$SRC"
PGGIT_AUDIT_TARGET="$TGT" "$PGA_BIN/pggit-audit-install-schema" -q --sql "$PGA_SOURCE_DIR/sql/pggit_audit_schema.sql"
export PGGIT_AUDIT_SOURCE="$SRC" PGGIT_AUDIT_TARGET="$TGT"
W=$PGA_TMP/work

# vg STAGE ARGS...: run pggit-audit-STAGE under memcheck; its report goes to $PGA_TMP/STAGE.vg
vg() {
  local stage=$1; shift
  local rc=0
  valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    --error-exitcode=9 --log-file="$PGA_TMP/$stage.vg" \
    "$PGA_BIN/pggit-audit-$stage" -q "$@" >"$PGA_TMP/$stage.out" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ]; then
    ok "$stage: no memory error, no definite leak"
  elif [ "$rc" -eq 9 ]; then
    fail "$stage: valgrind found errors or definite leaks:"; sed -n '1,60p' "$PGA_TMP/$stage.vg" >&2
  else
    fail "$stage: exit $rc: $(tail -5 "$PGA_TMP/$stage.out")"
  fi
}

vg export --outdir "$W/export"
vg diff --export "$W/export" --outdir "$W/diff"
vg classify --export "$W/export" --diff "$W/diff" --outdir "$W/classify"
vg load --export "$W/export" --classify "$W/classify" --outdir "$W/load" --batch-rows 200
vg verify --export "$W/export" --diff "$W/diff" --classify "$W/classify" --load "$W/load" --outdir "$W/verify"

# the runs under valgrind did the real work: the audit trail is complete
assert_eq "every change loaded" "$(zstdcat "$W/classify/changes.csv.zst" | tail -n +2 | wc -l)" \
  "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes")"
[ -s "$W/verify/report.json" ] && ok "verify wrote its report" || fail "no verify report"

# a stage that dies on bad input exits 1, not 9: no memory error on the error path either
# (blocks still held at pga_die's exit() are reachable, not lost)
rc=0
valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 \
  --log-file="$PGA_TMP/diff-bad.vg" "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/nonexistent" \
  --outdir "$W/diff-bad" >/dev/null 2>&1 || rc=$?
assert_eq "diff on a missing export: exit 1 under valgrind (9 would be a memory error)" "1" "$rc"

pga_finish
