#!/usr/bin/env bash
# test_fault_pipeline.sh - proof that no crash loses or duplicates anything: the whole v2
# pipeline on a generated store large enough for many chunks per stage is killed with
# SIGKILL at many points (every stage, between chunks, mid-COPY, during the temp-file
# rename, during the journal write, the driver itself), rerun, and the target's rows
# (dump_audit) and every final artifact must equal those of an uninterrupted run. Also:
# the load's connection is terminated (pg_terminate_backend), the disk fills up (a small
# tmpfs work directory), PostgreSQL restarts in the middle of a load (own cluster).
# Measures how much work each resume redid (chunks computed again that an interrupted
# attempt had started or finished). FAULT_LONG=1: a bigger store and more kill points.
source "$(dirname "$0")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
PGA="$PGA_BIN/pggit-audit"
LONG=${FAULT_LONG:-0}
if [ "$LONG" = 1 ]; then STORE="1500, 200, 6"; CHUNK=100; BATCH=100; else STORE="120, 40, 3"; CHUNK=25; BATCH=25; fi

# Work directories on a tmpfs when there is one: fsync is free there, and what is under
# test is the process crash (SIGKILL), whose outcome does not depend on the disk.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then WBASE=$(mktemp -d /dev/shm/pga-fault-XXXXXX); else WBASE="$PGA_TMP/w"; mkdir -p "$WBASE"; fi
MOUNTED=""
OWN_CLUSTER=""
fault_cleanup() {
  local rc=$?
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

# ---- reference: an uninterrupted run, and another with one chunk per stage ----
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
  dropdb_now=${db##*dbname=}; psql "$PGA_CONN" -qAtc "DROP DATABASE IF EXISTS \"$dropdb_now\" WITH (FORCE)" >/dev/null
done

# ---- the driver killed from outside (SIGKILL), its running stage dies with it ----
# the driver's recipe shells and their children (the stage, unless the shell exec'd it)
# every process below the driver (the stage runs under its runner and a shell: three levels)
under_driver() {
  local todo="$DRIVER" next r c
  while [ -n "$todo" ]; do
    next=""
    for r in $todo; do for c in $(pgrep -P "$r" || true); do echo "$c"; next="$next $c"; done; done
    todo=${next# }
  done
}
for spec in "export 0" "classify 1" "load 0"; do
  read -r stage after <<<"$spec"
  name="driver_kill_$stage"; wd="$WBASE/$name"; db=$(new_db "$name")
  [ "$stage" = load ] && run_pipeline "$wd" "$db" schema classify >"$PGA_TMP/$name.prefix.log" 2>&1
  mkdir -p "$wd"
  LOCKER=""
  if [ "$stage" = load ]; then
    # hold the load on a lock so it is certainly running when the driver is killed
    # (held until terminated below, however long the stages before the load take on a
    # loaded machine: a 60 s hold once ran out first and the run finished unkilled)
    psql "$db" -qAtc "BEGIN; LOCK TABLE pggit_audit.changes IN SHARE MODE; SELECT pg_sleep(3600)" >/dev/null 2>&1 & LOCKER=$!
    # held before the run starts (a fixed 0.5 s need not be enough for the locker on a loaded host)
    wait_until 120 lock_granted "$db" pggit_audit.changes ShareLock || fail "$name: the lock on changes was never held"
  elif [ "$stage" = export ]; then
    # the export stops at tree_entries (objects and commit_graph chunks finished)
    psql "$SRC" -qAtc "BEGIN; LOCK TABLE pggit_v0.tree_entries IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3600)" >/dev/null 2>&1 & LOCKER=$!
    wait_until 120 lock_granted "$SRC" pggit_v0.tree_entries AccessExclusiveLock || fail "$name: the lock on tree_entries was never held"
  fi
  # the driver itself in the background (not a subshell around it), so $! is its pid. The
  # classify stops itself (SIGSTOP) right after its chunk number after+1 is committed, so
  # the driver is killed while the stage is certainly midway, however fast or loaded this
  # machine is (polling for the chunk from outside lost that race under load); SIGKILL
  # reaches a stopped process
  FAULT=""
  [ "$stage" = classify ] && FAULT="classify-after-chunk@$((after + 1)):stop"
  PGGIT_AUDIT_FAULT=$FAULT "$PGA" run "$MANIFEST" --source "$SRC" --target "$db" --workdir "$wd" BATCH_ROWS=$BATCH CHUNK_ROWS=$CHUNK >"$PGA_TMP/$name.kill.log" 2>&1 & DRIVER=$!
  # wait (a few minutes at most, while the driver lives) for the stage to be midway
  for _ in $(seq 1 3000); do
    kill -0 "$DRIVER" 2>/dev/null || break
    if [ "$stage" = load ] || [ "$stage" = export ]; then
      # the stage's session waits on the held lock (the export may wait before its COPY,
      # measuring the table)
      [ "$(q "$PGA_CONN" "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query NOT LIKE '%LOCK TABLE%'")" -gt 0 ] && break
    else
      for r in $(under_driver); do
        case "$(ps -o stat=,args= -p "$r" 2>/dev/null || true)" in T*"pggit-audit-$stage "*) break 2 ;; esac
      done
    fi
    sleep 0.01
  done
  STAGE_PIDS=$(under_driver)
  kill -KILL "$DRIVER" 2>/dev/null || fail "$name: the driver ended before it could be killed: $(tail -3 "$PGA_TMP/$name.kill.log")"
  wait "$DRIVER" 2>/dev/null || true
  if [ -n "$LOCKER" ]; then
    q "$PGA_CONN" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%LOCK TABLE%pg_sleep%' AND pid <> pg_backend_pid()" >/dev/null
    wait "$LOCKER" 2>/dev/null || true
  fi
  # the recipe's processes are killed by its recipe process's handler of the parent-death
  # signal: given the time to run (a fixed 0.3 s may pass before it was scheduled on a loaded host)
  alive_of() { # PIDS...: those alive; a zombie (dead, not yet reaped by its new parent) counts as dead
    local p st
    for p in "$@"; do st=$(ps -o stat= -p "$p" 2>/dev/null || true); [ -n "$st" ] && [ "${st:0:1}" != Z ] && echo -n " $p"; done
    return 0
  }
  # shellcheck disable=SC2086 # pids are words
  none_alive() { [ -z "$(alive_of $STAGE_PIDS)" ]; }
  wait_until 30 none_alive || true
  # shellcheck disable=SC2086
  alive=$(alive_of $STAGE_PIDS)
  assert_eq "$name: the running recipe died with the driver" "" "$alive"
  TRIED=$((TRIED + 1))
  run_pipeline "$wd" "$db" >"$PGA_TMP/$name.resume.log" 2>&1 || { tail -5 "$PGA_TMP/$name.resume.log" >&2; fail "$name: resume failed"; continue; }
  assert_contains "$name: the resume says why the stage reruns" "[run] $stage: previous run was interrupted" "$(cat "$PGA_TMP/$name.resume.log")"
  check_resume "$name" "$wd" "$db"
done

# ---- the load's database connection terminated mid-load ----
name="terminated"; wd="$WBASE/$name"; db=$(new_db "$name")
run_pipeline "$wd" "$db" schema classify >/dev/null 2>&1 || fail "$name: prefix failed"
psql "$db" -qAtc "BEGIN; LOCK TABLE pggit_audit.changes IN SHARE MODE; SELECT pg_sleep(3600)" >/dev/null 2>&1 & LOCKER=$!
# held before the load runs: else the load could take changes first, and the waiting session
# terminated below would be the locker's
wait_until 120 lock_granted "$db" pggit_audit.changes ShareLock || fail "$name: the lock on changes was never held"
run_pipeline "$wd" "$db" >"$PGA_TMP/$name.kill.log" 2>&1 & DRIVER=$!
# the load reaches changes after the blobs' batches: minutes at most on a slow host, while the driver lives
load_waits() {
  [ "$(q "$db" "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")" -gt 0 ] \
    || ! kill -0 "$DRIVER" 2>/dev/null
}
wait_until 300 load_waits || true
BEFORE=$(q "$db" "SELECT count(*) FROM pggit_audit.load_journal")
assert_eq "$name: terminated the loading backend" "t" "$(q "$db" "SELECT bool_or(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")"
q "$db" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()" >/dev/null
wait "$LOCKER" 2>/dev/null || true
if wait "$DRIVER"; then fail "$name: the run survived a terminated connection"; else ok "$name: the load failed ($BEFORE batches committed before)"; fi
assert_contains "$name: the failure names the connection loss" "terminat" "$(cat "$wd/logs/load.log")"
TRIED=$((TRIED + 1))
run_pipeline "$wd" "$db" >"$PGA_TMP/$name.resume.log" 2>&1 || { tail -5 "$PGA_TMP/$name.resume.log" >&2; fail "$name: resume failed"; }
check_resume "$name" "$wd" "$db"

# ---- a full disk: a small tmpfs work directory ----
name="enospc"; wd="$PGA_TMP/enospc"; mkdir -p "$wd"
if mount -t tmpfs -o size=600k tmpfs "$wd" 2>/dev/null; then
  MOUNTED=$wd
  db=$(new_db "$name")
  if run_pipeline "$wd" "$db" >"$PGA_TMP/$name.log" 2>&1; then fail "$name: the run fit in 600 kB"; else ok "$name: the run failed on a full disk"; fi
  assert_contains "$name: the error says the disk is full" "No space left on device" "$(cat "$PGA_TMP/$name.log" "$wd"/logs/*.log 2>/dev/null)"
  bad=0
  while read -r meta; do
    part=${meta%.meta.json}
    want=$(grep -o '"sha256": "[0-9a-f]*"' "$meta" | grep -o '[0-9a-f]\{64\}')
    [ -f "$part" ] && [ "$(sha256sum <"$part" | cut -c1-64)" = "$want" ] || { bad=$((bad + 1)); echo "corrupt: $part" >&2; }
  done < <(find "$wd" -name '*.meta.json')
  assert_eq "$name: every checkpoint or artifact with a sidecar verifies" "0" "$bad"
  PARTS_LEFT=$(find "$wd" -path '*/parts/*.csv.zst.meta.json' | wc -l)
  mount -o remount,size=64m "$wd"
  TRIED=$((TRIED + 1))
  run_pipeline "$wd" "$db" >"$PGA_TMP/$name.resume.log" 2>&1 || { tail -5 "$PGA_TMP/$name.resume.log" >&2; fail "$name: resume after freeing space failed"; }
  ok "$name: resumed with $PARTS_LEFT finished chunk parts kept"
  check_resume "$name" "$wd" "$db"
  umount "$wd" && MOUNTED=""
  # the disk fills up in the diff, then in the classify: the stages before it ran with
  # room to spare, then the file system is shrunk to what they used plus a little (the
  # 600 kB run above always fails in the export). The error names the file (the scratch
  # files are unlinked once open: their directory and name), nothing half-written
  for spec in "diff export 20" "classify diff 20"; do
    read -r stage upto extra <<<"$spec"
    name="enospc_$stage"; wd="$PGA_TMP/$name"; mkdir -p "$wd"
    mount -t tmpfs -o size=64m tmpfs "$wd" && MOUNTED=$wd
    db=$(new_db "$name")
    run_pipeline "$wd" "$db" schema "$upto" >"$PGA_TMP/$name.prefix.log" 2>&1 || fail "$name: prefix failed"
    # the driver starts a target only with room for its journal records (a reservation
    # after the journal's end): grow the room until the stage itself starts and fails
    used=$(df -k --output=used "$wd" | tail -1)
    while :; do
      mount -o remount,size=$((used + extra))k "$wd"
      if run_pipeline "$wd" "$db" >"$PGA_TMP/$name.log" 2>&1; then fail "$name: the run fit in +${extra}k"; break; fi
      grep -q "cannot reserve .* before running $stage (nothing of it ran)" "$PGA_TMP/$name.log" || break
      extra=$((extra + 20))
      [ "$extra" -le 600 ] || { fail "$name: the $stage never started"; break; }
    done
    ok "$name: the run failed on a full disk (+${extra}k)"
    assert_contains "$name: the $stage failed" "[FAIL] $stage:" "$(cat "$PGA_TMP/$name.log")"
    # the diff writes two scratch files as it reads (the blob rows, the commits' messages):
    # whichever the disk fills in, the error names it
    assert_eq "$name: the error names the scratch file in $stage/ and says the disk is full" 1 \
      "$(grep -cE "^pggit-audit-$stage: error: cannot write the (blob|commits scratch file)[^:]* $stage/\.(blobs|commits)\.scratch \(unlinked\): No space left on device" \
         "$wd/logs/$stage.log")"
    assert_eq "$name: no temporary file left" "" "$(find "$wd" -name '*.tmp-*')"
    mount -o remount,size=64m "$wd"
    TRIED=$((TRIED + 1))
    run_pipeline "$wd" "$db" >"$PGA_TMP/$name.resume.log" 2>&1 || { tail -5 "$PGA_TMP/$name.resume.log" >&2; fail "$name: resume after freeing space failed"; }
    check_resume "$name" "$wd" "$db"
    umount "$wd" && MOUNTED=""
  done
  # the disk fills up during the verify, at each point of it in turn (its read-back, the
  # report, the driver's records): the resume records one verification, never two. The
  # report used to be written after the COMMIT and the driver's "finished" record after
  # the stage: a full disk at either reran the stage, and compliance_log got every row twice
  name="enospc_verify"; wd="$PGA_TMP/$name"; mkdir -p "$wd"
  for extra in 24 $(seq 56 4 100); do
    mount -t tmpfs -o size=64m tmpfs "$wd" && MOUNTED=$wd
    db=$(new_db "$name")
    run_pipeline "$wd" "$db" schema load >"$PGA_TMP/$name.prefix.log" 2>&1 || fail "$name +${extra}k: prefix failed"
    mount -o remount,size=$(($(df -k --output=used "$wd" | tail -1) + extra))k "$wd"
    rc=0; run_pipeline "$wd" "$db" >"$PGA_TMP/$name.$extra.log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
      assert_contains "$name +${extra}k: the failure says the disk is full" "No space left on device" \
        "$(cat "$PGA_TMP/$name.$extra.log" "$wd/logs/verify.log" 2>/dev/null)"
    fi
    mount -o remount,size=64m "$wd"
    run_pipeline "$wd" "$db" >"$PGA_TMP/$name.$extra.resume.log" 2>&1 || fail "$name +${extra}k: resume failed"
    assert_eq "$name +${extra}k (run exit $rc): one verification row per change, the chain intact" \
      "$(q "$db" "SELECT count(*) FROM pggit_audit.changes")|0" \
      "$(q "$db" "SELECT count(*) FROM pggit_audit.compliance_log")|$(q "$db" "SELECT count(*) FROM pggit_audit.verify_log_chain()")"
    umount "$wd" && MOUNTED=""; rm -rf "${wd:?}"/*
    dropdb_now=${db##*dbname=}; psql "$PGA_CONN" -qAtc "DROP DATABASE IF EXISTS \"$dropdb_now\" WITH (FORCE)" >/dev/null
  done
  TRIED=$((TRIED + 1))
  # the sizes are meant to reach the report (written last by the stage): say so if none did
  grep -l "verify/.report.json.tmp" "$PGA_TMP"/enospc_verify.*.log >/dev/null 2>&1 \
    || echo "# note: no size of the enospc_verify sweep filled the disk at the verify's report"
else
  echo "skip - $name: mount -t tmpfs is not permitted here"
fi

# ---- PostgreSQL restarted in the middle of a load (own cluster) ----
name="pg_restart"
OWN_CLUSTER=$(mktemp -d "/tmp/pga-fault-pg-XXXXXX")
if OWN=$("$PGA_SOURCE_DIR/scripts/pgcluster.sh" start "$OWN_CLUSTER" 2>"$PGA_TMP/own.err"); then
  psql "$OWN dbname=postgres" -qAtc "CREATE DATABASE restart_tgt" >/dev/null
  db="$OWN dbname=restart_tgt"; wd="$WBASE/$name"
  run_pipeline "$wd" "$db" schema classify >/dev/null 2>&1 || fail "$name: prefix failed"
  psql "$db" -qAtc "BEGIN; LOCK TABLE pggit_audit.changes IN SHARE MODE; SELECT pg_sleep(3600)" >/dev/null 2>&1 & LOCKER=$!
  wait_until 120 lock_granted "$db" pggit_audit.changes ShareLock || fail "$name: the lock on changes was never held"
  run_pipeline "$wd" "$db" >"$PGA_TMP/$name.kill.log" 2>&1 & DRIVER=$!
  wait_until 300 load_waits || true
  "$PGA_SOURCE_DIR/scripts/pgcluster.sh" restart "$OWN_CLUSTER" >/dev/null
  wait "$LOCKER" 2>/dev/null || true
  if wait "$DRIVER"; then fail "$name: the run survived a server restart"; else ok "$name: the load failed when the server restarted"; fi
  TRIED=$((TRIED + 1))
  run_pipeline "$wd" "$db" >"$PGA_TMP/$name.resume.log" 2>&1 || { tail -5 "$PGA_TMP/$name.resume.log" >&2; fail "$name: resume after the restart failed"; }
  check_resume "$name" "$wd" "$db"
else
  fail "$name: cannot start a private cluster: $(cat "$PGA_TMP/own.err")"
fi

echo "# kill points tried: $TRIED; largest work a resume redid: $MAX_REDO chunk(s) of one stage${MAX_REDO_AT:+ (at $MAX_REDO_AT)}"
[ "$TRIED" -ge 30 ] || fail "only $TRIED kill points were tried (30 wanted)"
pga_finish
