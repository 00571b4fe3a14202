#!/usr/bin/env bash
# v1_replay.sh - replay speed of the v1 backfill on synthetic histories of growing size
# (bench/gen_v1_history.sh: a third CREATE TABLE rows, then two thirds ALTER TABLE ... ADD
# COLUMN rows), printing rows per second for each size so that a per-row cost growing with
# the schema (quadratic total) shows as falling rows/s. A benchmark, never a timed test.
#
#   bench/v1_replay.sh CONNINFO [ROWS...]      (default sizes: 2000 5000 10000)
#
# CONNINFO: a superuser on a cluster you can throw away (the replay runs history SQL there, in a
# scratch database it drops). Creates and drops databases named v1bench_src_ROWS_PID (the PID
# of this run, so that two runs on one cluster do not drop each other's), also when it fails.
# Environment: PGA_BIN (the built programs, default build/bin), WORK (scratch directory, default mktemp),
# REPLAY_BATCH (default 200).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 CONNINFO [ROWS...]" >&2; exit 2; }
conn=$1; shift
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(2000 5000 10000)
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${PGA_BIN:-$here/build/bin}
work=${WORK:-$(mktemp -d)}
batch=${REPLAY_BATCH:-200}

db=
drop_db() { [ -z "$db" ] || psql "$conn" -qX -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; }
trap drop_db EXIT

printf '%8s %7s %7s %10s %9s %12s\n' rows tables alters replay_s rows_per_s objects_MB
for rows in "${sizes[@]}"; do
  tables=$((rows / 3)); alters=$((rows - tables))
  db=v1bench_src_${rows}_$$
  psql "$conn" -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null
  src="$conn dbname=$db"
  "$here/bench/gen_v1_history.sh" "$src" "$tables" "$alters"
  w="$work/$rows"; rm -rf "$w"; mkdir -p "$w"
  export PGGIT_AUDIT_SOURCE="$src" PGGIT_AUDIT_TARGET="$conn"
  (cd "$w" && "$bin/pggit-audit-preflight" --outdir preflight >preflight.log 2>&1 &&
   "$bin/pggit-audit-v1export" --outdir v1export >v1export.log 2>&1) || { cat "$w"/*.log >&2; exit 1; }
  start=$(date +%s.%N)
  (cd "$w" && "$bin/pggit-audit-replay" --v1export v1export --outdir replay --batch "$batch" >replay.log 2>&1) \
    || { tail -20 "$w/replay.log" >&2; exit 1; }
  end=$(date +%s.%N)
  mb=$(zstdcat "$w/replay/objects.csv.zst" | wc -c | awk '{printf "%.1f", $1 / 1048576}')
  awk -v r="$rows" -v t="$tables" -v a="$alters" -v s="$start" -v e="$end" -v mb="$mb" \
    'BEGIN { d = e - s; printf "%8d %7d %7d %10.1f %9.1f %12s\n", r, t, a, d, r / d, mb }'
  drop_db; db=
done
