# v1_risks_lib.sh - what test_v1_risks.sh and test_v1_risks_more.sh share: a source and a
# target database per history (tests/v1/NAME.sql), the whole v1 pipeline run on them, and the
# accounting every run must show.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v1.mk"
R="$PGA_BIN/pggit-audit-replay"

# setup NAME: source and target databases with tests/v1/NAME.sql loaded; sets SRC, TGT, W
setup() {
  SRC=$(new_db "src_$1"); TGT=$(new_db "tgt_$1"); W="$PGA_TMP/$1"
  psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/$1.sql" >/dev/null
}
pipeline() { # NAME: run the pipeline, check accounting and verification
  "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$W" >"$W.log" 2>&1 \
    || { cat "$W.log"; fail "$1: pipeline failed"; return; }
  ok "$1: pipeline succeeded"
  assert_eq "$1: one accounting row per history row" "$(q "$SRC" "SELECT string_agg(id::text, ' ' ORDER BY id) FROM pggit.history")" \
    "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f1 | paste -sd' ')"
  assert_contains "$1: verification PASSED" '"status": "PASSED"' "$(cat "$W/verify/report.json")"
  assert_version_sides "$TGT" "$1"
}
acc() { zstdcat "$W/replay/accounting.csv.zst" | awk -F, -v id="$1" '$1 == id'; }

