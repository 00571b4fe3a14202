#!/usr/bin/env bash
# run.sh - the backfill benchmark: speed and memory of every stage at production scale,
# against the COPY floor and against an in-database (SQL) extraction, on the same store
# in the same run. Prints one table per size and the ratios; details in docs/performance.md.
#
#   bench/run.sh [--size 1k|10k|20k]... [--repeat N] [--no-resume] [--bin DIR]
#                [--cluster DIR | --conninfo CONNINFO] [--out DIR]
#
#   --size S        1k = 1,000 commits x 200 objects, 10k = 10,000 x 1,000 (default: both,
#                   in one go), 20k = 20,000 x 2,000 (only when asked: ~20 GB of store, and
#                   more than 12 GB free for the set-based extraction's temporary files).
#   --repeat N      run the floor, the in-database extraction and the pipeline N times and
#                   report medians (default 1; the machine may be shared and noisy)
#   --no-resume     skip the kill-at-90%-and-resume measurement
#   --bin DIR       the pggit-audit programs (default: $PGA_BIN, else BUILD/bin with
#                   BUILD = build-bench or build next to this script's repository)
#   --cluster DIR   private cluster started/reused with scripts/pgcluster.sh
#                   (default: ${TMPDIR:-/tmp}/pggit-audit-bench); left running
#   --conninfo C    use this server instead (needs a superuser: generation, CREATE DATABASE)
#   --out DIR       work directories, logs and results.tsv (default: a fresh mktemp dir)
#
# Per size: generate (or reuse) the source store with bench/gen_store.sh; measure the floor
# (psql COPY ... TO STDOUT > /dev/null of objects, commit_graph, tree_entries, refs); the
# in-database stand-in (bench/sql/indb_lateral.sql and indb_setbased.sql, the faster one
# counts); each stage program run directly under /usr/bin/time -v (wall, CPU, peak RSS)
# with the command pipelines/backfill-v2.mk gives it (bench/manifest_recipes.awk reads
# it); the end-to-end run through the driver (pggit-audit run, fresh target); and a run
# SIGKILLed at 90% of that time, then resumed. The stages and the end-to-end run are
# measured twice: with the tree_entries cross-check (CHECK_CACHES=on, the default) and
# without it (CHECK_CACHES=off: export --check-caches off; the diff takes the tree entries
# from the trees' content); the "off" runs use a copy of the manifest with CHECK_CACHES = off
# (the stage recipes are read from the manifest file itself).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
sizes=() repeat=1 resume=1 bin=${PGA_BIN:-} cluster=${TMPDIR:-/tmp}/pggit-audit-bench conn="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --size) sizes+=("$2"); shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --no-resume) resume=0; shift ;;
    --bin) bin=$2; shift 2 ;;
    --cluster) cluster=$2; shift 2 ;;
    --conninfo) conn=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1k 10k)
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --repeat needs a positive number" >&2; exit 2; }
if [ -z "$bin" ]; then
  for b in "$here/build-bench/bin" "$here/build/bin"; do [ -x "$b/pggit-audit" ] && { bin=$b; break; }; done
fi
[ -n "$bin" ] && [ -x "$bin/pggit-audit-export" ] || { echo "run.sh: no built programs; build first or pass --bin" >&2; exit 2; }
bin=$(cd "$bin" && pwd)   # the stages run from their work directories
[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 2; }
[ -n "$conn" ] || conn=$("$here/scripts/pgcluster.sh" start "$cluster")
[ -n "$out" ] || out=$(mktemp -d "${TMPDIR:-/tmp}/pggit-audit-bench-XXXXXX")
mkdir -p "$out"
export PGOPTIONS='-c client_min_messages=warning'
results=$out/results.tsv
: >"$results"

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
record() { printf '%s\t%s\t%s\n' "$@" >>"$results"; }   # SIZE KEY VALUE
# time_v LOGFILE CMD...: run CMD under GNU time -v; fails if CMD fails
time_v() { local log=$1; shift; /usr/bin/time -v -o "$log" "$@"; }
tv() { # tv LOGFILE FIELD: wall seconds | cpu seconds | rss_kb
  case "$2" in
    wall) awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1" ;;
    cpu) awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$1" ;;
    rss) awk -F': ' '/Maximum resident set size/ { print $2 }' "$1" ;;
  esac
}
csv_bytes() { local n=0 f; for f in "$@"; do n=$((n + $(zstd -dcq "$f" | wc -c))); done; echo $n; }
meta_rows() { local n=0 f; for f in "$@"; do n=$((n + $(sed -n 's/.*"rows": \([0-9]*\).*/\1/p' "$f.meta.json"))); done; echo $n; }

server_settings() {
  psql "$conn dbname=postgres" -qXAt -F' ' -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name)
    FROM pg_settings WHERE name IN ('shared_buffers', 'fsync', 'synchronous_commit', 'work_mem', 'maintenance_work_mem',
    'max_wal_size', 'wal_level', 'server_version')"
}

# fresh_target: drop and create the benchmark's target database (uses conn, tgt_db)
fresh_target() {
  psql "$conn dbname=postgres" -qXc "DROP DATABASE IF EXISTS $tgt_db WITH (FORCE)" -c "CREATE DATABASE $tgt_db" >/dev/null
}

# end_to_end MANIFEST WORKDIR KEY: a full run of MANIFEST through the driver on a fresh
# target, its wall time recorded as KEY (uses size, src, conn, tgt_db, bin)
end_to_end() {
  local m=$1 wd=$2 key=$3
  fresh_target
  rm -rf "$wd"
  local t0; t0=$(now)
  "$bin/pggit-audit" run "$m" --source "$src" --target "$conn dbname=$tgt_db" --workdir "$wd" \
    >"$wd.log" 2>&1 || { cat "$wd.log" >&2; echo "run.sh: end-to-end run of $m failed" >&2; exit 1; }
  record "$size" "$key" "$(echo "$(now) - $t0" | bc)"
}

# resume_after_kill MANIFEST FULL_RUN_DIR WORKDIR KEY: a fresh run of MANIFEST SIGKILLed
# (whole process group) at 90% of the full run in FULL_RUN_DIR, then resumed and timed.
# Where 90% falls comes from the full run's journal: the target running then and how far
# into it. The killed run is watched and killed that far into that target, so noise in
# the stages before it does not move the kill point. Uses size, src, conn, tgt_db, bin.
resume_after_kill() {
  local m=$1 full=$2 wd=$3 key=$4
  local plan; plan=$(sed -n 's/.*"event":"finished","target":"\([^"]*\)".*"duration_ms":\([0-9]*\).*/\1 \2/p' \
    "$full/.pggit-audit/journal.ndjson" | awk '{ t[NR] = $1; d[NR] = $2; s += $2 }
      END { at = 0.9 * s; c = 0; for (i = 1; i <= NR; i++) { if (c + d[i] > at) { printf "%s %.3f %.3f\n", t[i], (at - c) / 1000, s / 1000; exit } c += d[i] } }')
  local kill_target=${plan%% *} rest=${plan#* }
  local kill_after=${rest%% *} full_stages=${rest#* }
  record "$size" "${key}kill_plan" "90% of ${full_stages} s of stages: ${kill_after} s into target $kill_target"
  fresh_target
  rm -rf "$wd"
  setsid "$bin/pggit-audit" run "$m" --source "$src" --target "$conn dbname=$tgt_db" \
    --workdir "$wd" >"$wd.killed.log" 2>&1 &
  local pid=$!
  until grep -q "\"event\":\"started\",\"target\":\"$kill_target\"" "$wd/.pggit-audit/journal.ndjson" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  sleep "$kill_after"
  local killed=0
  kill -KILL -- "-$pid" 2>/dev/null && killed=1
  wait "$pid" 2>/dev/null || true
  record "$size" "${key}killed" "$killed"
  local killed_in; killed_in=$("$bin/pggit-audit" status --workdir "$wd" 2>&1 | awk '$1 ~ /^(schema|export|diff|classify|load|verify)$/ { printf "%s%s=%s", n++ ? " " : "", $1, $2 }')
  record "$size" "${key}killed_status" "$killed_in"
  local t0; t0=$(now)
  "$bin/pggit-audit" run "$m" --source "$src" --target "$conn dbname=$tgt_db" --workdir "$wd" \
    >"$wd.resume.log" 2>&1 || { cat "$wd.resume.log" >&2; echo "run.sh: resumed run failed" >&2; exit 1; }
  record "$size" "${key}resume" "$(echo "$(now) - $t0" | bc)"
  grep -q '"status": "PASSED"' "$wd/verify/report.json" || { echo "run.sh: resumed run did not verify" >&2; exit 1; }
}

# count_io SIZE WORKDIR KEYPREFIX: the rows and uncompressed CSV bytes each stage of the
# stages run in WORKDIR read (the export: wrote), recorded as KEYPREFIXrows_STAGE, ...bytes_STAGE
count_io() {
  local size=$1 wd=$2 k=$3
  local e=$wd/export d=$wd/diff c=$wd/classify
  # the diff reads what the export wrote: counted once (decompressing objects is 1.3 GB at 10k)
  local erows ebytes
  erows=$(meta_rows "$e"/{objects,commit_graph,tree_entries,refs}.csv.zst)
  ebytes=$(csv_bytes "$e"/{objects,commit_graph,tree_entries,refs}.csv.zst)
  record "$size" "${k}rows_export" "$erows"
  record "$size" "${k}bytes_export" "$ebytes"
  record "$size" "${k}rows_diff" "$erows"
  record "$size" "${k}bytes_diff" "$ebytes"
  local blobs=$e/objects.csv.zst
  [ -e "$d/blobs.csv.zst" ] && blobs=$d/blobs.csv.zst   # classify reads the diff's blobs artifact
  record "$size" "${k}rows_classify" "$(meta_rows "$blobs" "$d"/{commits,changes}.csv.zst)"
  record "$size" "${k}bytes_classify" "$(csv_bytes "$blobs" "$d"/{commits,changes}.csv.zst)"
  record "$size" "${k}rows_load" "$(meta_rows "$c"/{blobs,changes,versions}.csv.zst)"
  record "$size" "${k}bytes_load" "$(csv_bytes "$c"/{blobs,changes,versions}.csv.zst)"
  record "$size" "${k}rows_verify" "$(meta_rows "$c"/{changes,versions}.csv.zst "$wd/verify/target_changes.csv.zst")"
  record "$size" "${k}bytes_verify" "$(csv_bytes "$c"/{changes,versions}.csv.zst "$wd/verify/target_changes.csv.zst")"
  record "$size" "${k}rows_schema" 0
  record "$size" "${k}bytes_schema" 0
}

run_size() {
  local size=$1 commits objects branches
  case "$size" in
    1k) commits=1000 objects=200 branches=4 ;;
    10k) commits=10000 objects=1000 branches=5 ;;
    20k) commits=20000 objects=2000 branches=6 ;;
    *) echo "run.sh: unknown size $size (1k, 10k or 20k)" >&2; exit 2 ;;
  esac
  local manifest=$here/pipelines/backfill-v2.mk
  local src_db=pga_bench_src_$size tgt_db=pga_bench_tgt_$size dir=$out/$size
  rm -rf "$dir"; mkdir -p "$dir"
  # the same pipeline without the tree_entries cross-check
  local manifest_off=$dir/backfill-v2-check-caches-off.mk
  sed 's/^CHECK_CACHES[ \t]*=.*/CHECK_CACHES = off/' "$manifest" >"$manifest_off"
  grep -q '^CHECK_CACHES = off$' "$manifest_off" || { echo "run.sh: $manifest has no CHECK_CACHES variable" >&2; exit 1; }
  echo "== $size: generate_store($commits, $objects, $branches)" >&2
  local t0; t0=$(now)
  local summary; summary=$("$here/bench/gen_store.sh" "$conn" "$src_db" "$commits" "$objects" "$branches")
  echo "   $summary (ready in $(printf '%.0f' "$(echo "$(now) - $t0" | bc)") s)" >&2
  record "$size" store "$summary"
  local src="$conn dbname=$src_db"
  record "$size" store_bytes "$(psql "$src" -qXAtc "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'pggit_v0' AND c.relkind = 'r'")"

  local r t
  for r in $(seq 1 "$repeat"); do
    # ---- the floor: raw COPY out of the four tables the pipeline reads ----
    local floor=0
    for t in objects commit_graph tree_entries refs; do
      time_v "$dir/floor-$t.time" psql "$src" -qXc "COPY pggit_v0.$t TO STDOUT" >/dev/null
      local w; w=$(tv "$dir/floor-$t.time" wall)
      record "$size" "floor_$t.$r" "$w"
      floor=$(echo "$floor + $w" | bc)
    done
    record "$size" "floor.$r" "$floor"
    # ---- the in-database stand-in ----
    # the per-commit one looks tree_entries up by index, page by page: untimed once first, so
    # that it is measured with the index in memory, like the floor's tables (a cold index made
    # it 3 times slower once: 16.9 s against 5.6 s)
    psql "$src" -qX -v ON_ERROR_STOP=1 -f "$here/bench/sql/indb_lateral.sql" >/dev/null
    for t in lateral setbased; do
      time_v "$dir/indb-$t.time" psql "$src" -qX -v ON_ERROR_STOP=1 -f "$here/bench/sql/indb_$t.sql" >/dev/null
      record "$size" "indb_$t.$r" "$(tv "$dir/indb-$t.time" wall)"
    done
    # ---- each stage run directly, as the manifest runs it (cross-check on, then off) ----
    local v
    for v in on off; do
      local m=$manifest wd=$dir/stages tag="" key=""
      [ "$v" = off ] && { m=$manifest_off wd=$dir/stages-off tag=off- key=off_; }
      fresh_target
      rm -rf "$wd"; mkdir -p "$wd"
      (
        cd "$wd"
        export PGGIT_AUDIT_SOURCE="$src" PGGIT_AUDIT_TARGET="$conn dbname=$tgt_db"
        local st cmd
        while IFS='|' read -r st cmd; do
          time_v "$dir/stage-$tag$st.time" env PATH="$bin:$PATH" bash -c "exec $cmd -q" 2>"$dir/stage-$tag$st.err" \
            || { cat "$dir/stage-$tag$st.err" >&2; echo "run.sh: stage $st failed: $cmd" >&2; exit 1; }
        done < <(awk -v SQLDIR="$here/sql" -v BINDIR="$bin" -v WORKDIR="$wd" -f "$here/bench/manifest_recipes.awk" "$m")
      )
      for t in schema export diff classify load verify; do
        record "$size" "${key}wall_$t.$r" "$(tv "$dir/stage-$tag$t.time" wall)"
        record "$size" "${key}cpu_$t.$r" "$(tv "$dir/stage-$tag$t.time" cpu)"
        record "$size" "${key}rss_$t.$r" "$(tv "$dir/stage-$tag$t.time" rss)"
      done
      grep -q '"status": "PASSED"' "$wd/verify/report.json" || { echo "run.sh: verification did not pass (CHECK_CACHES=$v)" >&2; exit 1; }
    done
    cmp -s "$dir/stages/classify/changes.csv.zst" "$dir/stages-off/classify/changes.csv.zst" \
      || { echo "run.sh: CHECK_CACHES=off gave other changes than on" >&2; exit 1; }
  done
  # rows and uncompressed bytes each stage reads (export: writes), measured once per setting
  count_io "$size" "$dir/stages" ""
  count_io "$size" "$dir/stages-off" off_
  record "$size" changes "$(meta_rows "$dir/stages/classify/changes.csv.zst")"

  # ---- end to end through the driver, then killed at 90% and resumed ----
  for r in $(seq 1 "$repeat"); do
    end_to_end "$manifest" "$dir/e2e" "e2e.$r"
    end_to_end "$manifest_off" "$dir/e2e-off" "off_e2e.$r"
  done
  if [ "$resume" = 1 ]; then
    resume_after_kill "$manifest" "$dir/e2e" "$dir/resume" ""
    resume_after_kill "$manifest_off" "$dir/e2e-off" "$dir/resume-off" off_
  fi
  psql "$conn dbname=postgres" -qXc "DROP DATABASE IF EXISTS $tgt_db WITH (FORCE)" >/dev/null
}

report() {
  local size=$1
  awk -F'\t' -v size="$size" -v repeat="$repeat" '
    function med(key,   n, i, j, v, t) {
      n = 0
      for (i = 1; i <= repeat; i++) if ((key "." i) in val) v[++n] = val[key "." i] + 0
      if (n == 0) return ""
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    $1 == size { val[$2] = $3 }
    END {
      printf "\n%s: %s\n", size, val["store"]
      printf "store tables on disk: %.0f MB; changes: %d; medians of %d run(s)\n\n", val["store_bytes"] / 1048576, val["changes"], repeat
      floor = med("floor"); lat = med("indb_lateral"); set = med("indb_setbased")
      fr = med("floor_objects") + med("floor_commit_graph") + med("floor_refs")
      indb = lat < set ? lat : set
      printf "floor (COPY TO STDOUT > /dev/null): %.2f s  (objects %.2f, commit_graph %.2f, tree_entries %.2f, refs %.2f)\n", floor, med("floor_objects"), med("floor_commit_graph"), med("floor_tree_entries"), med("floor_refs")
      printf "in-database FULL JOIN extraction: per-commit lateral %.2f s, set-based %.2f s\n", lat, set
      for (vi = 1; vi <= 2; vi++) {
        k = vi == 1 ? "" : "off_"
        printf "\nCHECK_CACHES=%s%s\n\n", vi == 1 ? "on" : "off", vi == 1 ? " (the default: tree_entries exported and cross-checked)" : " (tree entries parsed from the tree objects)"
        printf "| %-14s | %8s | %8s | %11s | %8s | %12s |\n", "stage", "wall s", "CPU s", "rows/s", "MB/s", "peak RSS MiB"
        printf "|----------------|---------:|---------:|------------:|---------:|-------------:|\n"
        ns = split("schema export diff classify load verify", st, " ")
        sum = 0; csum = 0; maxrss = 0
        for (i = 1; i <= ns; i++) {
          s = st[i]; w = med(k "wall_" s); c = med(k "cpu_" s); m = med(k "rss_" s) / 1024
          sum += w; csum += c; if (m > maxrss) maxrss = m
          rps = w > 0 ? val[k "rows_" s] / w : 0; mbs = w > 0 ? val[k "bytes_" s] / 1048576 / w : 0
          printf "| %-14s | %8.2f | %8.2f | %11.0f | %8.1f | %12.1f |\n", s, w, c, rps, mbs, m
        }
        printf "| %-14s | %8.2f | %8.2f | %11s | %8s | %12.1f |\n", "sum of stages", sum, csum, "", "", maxrss
        e2e = med(k "e2e")
        printf "\nend to end (pggit-audit run, fresh target): %.2f s\n", e2e
        printf "ratio end-to-end / floor:                    %6.2f   (target <= 1.25)\n", e2e / floor
        printf "ratio end-to-end / in-database per-commit:   %6.2f   (target <= 0.50)\n", e2e / lat
        printf "ratio end-to-end / in-database set-based:    %6.2f\n", e2e / set
        printf "ratio export+diff / faster in-database:      %6.2f   (the extraction alone)\n", (med(k "wall_export") + med(k "wall_diff")) / indb
        printf "peak RSS, largest stage:                     %6.1f MiB (target < 128)\n", maxrss
        if (vi == 2) {
          printf "floor of what this setting reads (objects, commit_graph, refs): %.2f s; end-to-end / that: %.2f\n", fr, e2e / fr
        }
        if (((k "killed") in val) && val[k "killed"] == 0) {
          printf "resume after SIGKILL at 90%%:                 not measured: the run ended before the kill (%s)\n", val[k "kill_plan"]
        } else if ((k "resume") in val) {
          printf "resume after SIGKILL at 90%%:                 %6.2f s = %.0f%% of a full run (target < 20%%)\n", val[k "resume"], 100 * val[k "resume"] / e2e
          printf "  kill plan: %s; state after the kill: %s\n", val[k "kill_plan"], val[k "killed_status"]
        }
      }
      printf "\n"
    }' "$results"
}

{
  echo "pggit-audit benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
  echo "server: $(server_settings)"
  echo "programs: $bin ($("$bin/pggit-audit" --version 2>/dev/null || true)); results in $out"
} | tee "$out/header.txt"
for s in "${sizes[@]}"; do
  run_size "$s"
  report "$s" | tee -a "$out/report.txt"
done
