#!/usr/bin/env bash
# test_fault_outside.sh - the faults that come from outside the stages, each followed by a
# resume that must equal the uninterrupted run (fault_lib.sh): the driver killed with
# SIGKILL (its running stage dies with it), the load's connection terminated
# (pg_terminate_backend), the disk filling up (a small tmpfs work directory: in the export,
# the diff, the classify, at each point of the verify; the driver's failure report holds the
# stage's error), PostgreSQL restarted in the middle of a load (own cluster). Split from
# test_fault_pipeline.sh (the kill points), which shares its store and reference run.
source "$(dirname "$0")/fault_lib.sh"
WANT=0

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
WANT=$((WANT + 3))
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
WANT=$((WANT + 1))
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
  WANT=$((WANT + 4)) # the export, the diff, the classify, the verify's sweep
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
  # files are unlinked once open: their directory and name), nothing half-written.
  # Whether the stage's log still has room for its error depends on where the disk fills
  # (the size of the journal's records moved it once, and the check of the log failed):
  # the driver's failure report holds the error either way. The classify's log is made
  # unwritable for certain (a device that is always full, bound over it): its error was
  # then in no log, and nowhere near the driver's "[FAIL] classify" either
  for spec in "diff export 20" "classify diff 20"; do
    read -r stage upto extra <<<"$spec"
    name="enospc_$stage"; wd="$PGA_TMP/$name"; mkdir -p "$wd"
    mount -t tmpfs -o size=64m tmpfs "$wd" && MOUNTED=$wd
    db=$(new_db "$name")
    run_pipeline "$wd" "$db" schema "$upto" >"$PGA_TMP/$name.prefix.log" 2>&1 || fail "$name: prefix failed"
    if [ "$stage" = classify ] && [ -c /dev/full ]; then
      : >"$wd/logs/$stage.log"
      mount --bind /dev/full "$wd/logs/$stage.log" && BOUND="$wd/logs/$stage.log"
    fi
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
    scratch_error="pggit-audit-$stage: error: cannot write the (blob|commits scratch file)[^:]* $stage/\.(blobs|commits)\.scratch \(unlinked\): No space left on device"
    assert_eq "$name: the failure report ends with the $stage's error, naming the scratch file" 1 \
      "$(sed -n "/^\[FAIL\] $stage:/,\$p" "$PGA_TMP/$name.log" | grep -cE "^  $scratch_error")"
    if [ -n "$BOUND" ]; then
      assert_contains "$name: the report says the log could not be written, and why" \
        "the log $wd/logs/$stage.log is incomplete: No space left on device" "$(sed -n "/^\[FAIL\] $stage:/,\$p" "$PGA_TMP/$name.log")"
      umount "$BOUND" && BOUND=""
    elif ! grep -q "the log $wd/logs/$stage.log is incomplete" "$PGA_TMP/$name.log"; then
      assert_eq "$name: the log holds the error" 1 "$(grep -cE "^$scratch_error" "$wd/logs/$stage.log")"
    fi
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
    # a database of its own per size, dropped with the others at the end (eight drops at a
    # time share their checkpoints)
    db=$(new_db "${name}_$extra")
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
WANT=$((WANT + 1))
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

fault_finish "$WANT"
