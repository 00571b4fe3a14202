# fault_lib.sh - what the two fault tests share (sourced by test_fault_pipeline.sh, the kill
# points, and test_fault_outside.sh, the faults from outside the stages): the generated store,
# the uninterrupted reference run every resumed run must equal, and check_resume(), which
# compares a resumed run with it. FAULT_LONG=1: a bigger store and more kill points.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
PGA="$PGA_BIN/pggit-audit"
LONG=${FAULT_LONG:-0}
if [ "$LONG" = 1 ]; then STORE="1500, 200, 6"; CHUNK=100; BATCH=100; else STORE="120, 40, 3"; CHUNK=25; BATCH=25; fi

# Work directories on a tmpfs when there is one: fsync is free there, and what is under
# test is the process crash (SIGKILL), whose outcome does not depend on the disk.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then WBASE=$(mktemp -d /dev/shm/pga-fault-XXXXXX); else WBASE="$PGA_TMP/w"; mkdir -p "$WBASE"; fi
MOUNTED=""
BOUND=""
OWN_CLUSTER=""
fault_cleanup() {
  local rc=$?
  [ -n "$BOUND" ] && umount "$BOUND" 2>/dev/null
  [ -n "$MOUNTED" ] && umount "$MOUNTED" 2>/dev/null
  [ -n "$OWN_CLUSTER" ] && "$PGA_SOURCE_DIR/scripts/pgcluster.sh" stop "$OWN_CLUSTER" >/dev/null 2>&1
  if [ "$rc" -eq 0 ] && [ "$PGA_FAILURES" -eq 0 ]; then rm -rf "$WBASE" "$OWN_CLUSTER"; else echo "kept $WBASE" >&2; fi
  (exit "$rc"); pga_cleanup
}
trap fault_cleanup EXIT

SRC=$(new_db src)
psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v0_schema.sql" -f "$PGA_SOURCE_DIR/samples/generate_store.sql" >/dev/null
ok "store: $(q "$SRC" "SELECT pggit_sample.generate_store($STORE)")"

run_pipeline() { # WORKDIR TARGET [ARGS...]
  local wd=$1 tgt=$2; shift 2
  "$PGA" run "$MANIFEST" --source "$SRC" --target "$tgt" --workdir "$wd" BATCH_ROWS=$BATCH CHUNK_ROWS=$CHUNK "$@"
}
# every file the stages produce, by SHA-256 (logs, journal, progress and metrics excluded)
artifact_sums() { (cd "$1" && find export diff classify load verify schema -type f | LC_ALL=C sort | xargs sha256sum); }
# chunk events of one stage attempt: "ARTIFACT CHUNK STATE" per line, from progress.ndjson lines of pid
chunk_events() { # WORKDIR PID
  grep "\"pid\":$2,\"event\":\"chunk\"" "$1/progress.ndjson" 2>/dev/null \
    | sed -E 's/.*"artifact":"([^"]*)","chunk":([0-9]+),.*"state":"([a-z]+)".*/\1 \2 \3/' || true
}
pids_of() { # WORKDIR TARGET: the pids of the target's attempts, in order
  grep "\"target\":\"$2\",\"stage\":\"[a-z-]*\",\"pid\":[0-9]*,\"event\":\"begin\"" "$1/progress.ndjson" 2>/dev/null \
    | sed -E 's/.*"pid":([0-9]+).*/\1/' || true
}

# ---- reference: an uninterrupted run ----
T0=$(new_db ref)
run_pipeline "$WBASE/ref" "$T0" >"$PGA_TMP/ref.log" 2>&1 || { cat "$PGA_TMP/ref.log"; fail "reference run failed"; pga_finish; }
dump_audit "$T0" >"$PGA_TMP/ref.dump"
artifact_sums "$WBASE/ref" >"$PGA_TMP/ref.sums"
chunks_of() { grep -c "\"event\":\"chunk\",\"target\":\"$2\"" "$1/.pggit-audit/journal.ndjson" || true; }
E=$(chunks_of "$WBASE/ref" export); D=$(chunks_of "$WBASE/ref" diff); C=$(chunks_of "$WBASE/ref" classify)
BLOB_CHUNKS=$(grep -c "\"target\":\"classify\".*\"event\":\"chunk\",\"artifact\":\"blobs\"" "$WBASE/ref/progress.ndjson" || true)
BLOBS=$(grep -o '"blobs_classified": [0-9]*' "$WBASE/ref/classify/summary.json" | grep -o '[0-9]*$')
L=$(q "$T0" "SELECT count(*) FROM pggit_audit.load_journal")
EXPORT_ROWS=$(grep -o 'pggit_audit_target_rows{target="export"} [0-9]*' "$WBASE/ref/metrics.prom" | awk '{print $2}')
ok "reference run: $E export chunks, $D diff chunks, $C classify chunks ($BLOB_CHUNKS of blobs), $L load batches, $EXPORT_ROWS rows exported"
[ "$E" -ge 20 ] && [ "$D" -ge 3 ] && [ "$C" -ge 6 ] && [ "$L" -ge 10 ] || fail "the store is too small for many chunks per stage"
MAX_REDO=0
MAX_REDO_AT=""
TRIED=0
# check_resume NAME WORKDIR TARGET_DB: the resumed run equals the reference, nothing duplicated, parts gone
check_resume() {
  local name=$1 wd=$2 db=$3
  dump_audit "$db" >"$PGA_TMP/$name.dump"
  if cmp -s "$PGA_TMP/ref.dump" "$PGA_TMP/$name.dump"; then ok "$name: target rows equal the uninterrupted run's"
  else fail "$name: target rows differ"; diff "$PGA_TMP/ref.dump" "$PGA_TMP/$name.dump" | head -5 >&2 || true; fi
  if diff <(artifact_sums "$wd") "$PGA_TMP/ref.sums" >"$PGA_TMP/$name.sumdiff"; then ok "$name: every artifact byte-identical"
  else fail "$name: artifacts differ"; head -5 "$PGA_TMP/$name.sumdiff" >&2; fi
  assert_eq "$name: no load batch twice, every batch once" "0|$L" \
    "$(q "$db" "SELECT (SELECT count(*) FROM (SELECT artifact_sha256, batch_no FROM pggit_audit.load_journal GROUP BY 1,2 HAVING count(*) > 1) d), count(*) FROM pggit_audit.load_journal")"
  assert_eq "$name: no change row twice" "0" "$(q "$db" "SELECT count(*) FROM (SELECT commit_sha, path FROM pggit_audit.changes GROUP BY 1,2 HAVING count(*) > 1) d")"
  assert_eq "$name: no parts/ left" "" "$(find "$wd" -name parts)"
  # work redone: per stage, chunks the resume computed that an interrupted attempt had
  # finished (must be none) or was working on (at most one per stage)
  local stage pids killed last redo
  for stage in export diff classify; do
    pids=($(pids_of "$wd" "$stage"))
    [ "${#pids[@]}" -ge 2 ] || continue
    last=${pids[-1]}
    chunk_events "$wd" "$last" | awk '$3 == "done" {print $1, $2}' | sort >"$PGA_TMP/$name.$stage.resumed"
    : >"$PGA_TMP/$name.$stage.before"
    for killed in "${pids[@]:0:${#pids[@]}-1}"; do chunk_events "$wd" "$killed" | awk '$3 == "done" {print $1, $2}' >>"$PGA_TMP/$name.$stage.before"; done
    sort -u -o "$PGA_TMP/$name.$stage.before" "$PGA_TMP/$name.$stage.before"
    assert_eq "$name: $stage resume recomputed no chunk an earlier attempt had finished" "" \
      "$(comm -12 "$PGA_TMP/$name.$stage.before" "$PGA_TMP/$name.$stage.resumed" | tr '\n' ' ')"
    # the chunk in progress at the kill is computed again (the stage works on one chunk at a
    # time); nothing else is, by the check above
    redo=$(awk -v B="$PGA_TMP/$name.$stage.before" 'BEGIN { while ((getline l < B) > 0) done[l] = 1 } !($0 in done) { n = 1 } END { print n + 0 }' "$PGA_TMP/$name.$stage.resumed")
    if [ "$redo" -gt 1 ]; then fail "$name: $stage redid $redo chunks"; fi
    if [ "$redo" -gt "$MAX_REDO" ]; then MAX_REDO=$redo; MAX_REDO_AT="$name ($stage)"; fi
  done
}

# fault_finish WANT: every fault the test set up was tried (and resumed: check_resume above)
fault_finish() {
  echo "# faults tried: $TRIED; largest work a resume redid: $MAX_REDO chunk(s) of one stage${MAX_REDO_AT:+ (at $MAX_REDO_AT)}"
  [ "$TRIED" -ge "$1" ] || fail "only $TRIED of the $1 faults were tried"
  pga_finish
}
