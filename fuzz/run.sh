#!/usr/bin/env bash
# run.sh - run the libFuzzer targets for a given time (or number of executions),
# starting from the seeds in fuzz/corpus/TARGET and the kept crashes in
# tests/regress/TARGET. New interesting inputs go to BUILD/fuzz-work/TARGET/corpus
# (never into the repository); a crash is written to BUILD/fuzz-work/TARGET/
# and makes the script exit 1.
#
#   fuzz/run.sh [--build DIR] [--time SECONDS | --runs N] [--jobs N] [TARGET...]
#
#   --build DIR     the build configured with CC=clang -DPGGIT_AUDIT_FUZZ=ON
#                   (default: build-fuzz beside this repository's CMakeLists.txt)
#   --time SECONDS  run each target this long (default 60)
#   --runs N        stop each target after N executions instead (ctest uses this)
#   TARGET          commit, tree, csv, ndjson, manifest, ddl... (default: all built)
#
# Prints one line per target: executions, size of the work corpus, exit status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=$src/build-fuzz
limit=(-max_total_time=60)
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --time) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$here"/fuzz_*.c; do t=$(basename "$f" .c); targets+=("${t#fuzz_}"); done
fi

status=0
for t in "${targets[@]}"; do
  exe=$build/fuzz/fuzz_$t
  [ -x "$exe" ] || { echo "run.sh: $exe not built (cmake -S $src -B $build -DPGGIT_AUDIT_FUZZ=ON with CC=clang)" >&2; exit 2; }
  work=$build/fuzz-work/$t
  mkdir -p "$work/corpus"
  seeds=("$here/corpus/$t")
  [ -d "$src/tests/regress/$t" ] && seeds+=("$src/tests/regress/$t")
  log=$work/last.log
  rc=0
  # detect_leaks: a parser that leaks on one input leaks on a million rows
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$exe" "${limit[@]}" -max_len=65536 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$work/" "$work/corpus" "${seeds[@]}" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "fuzz_$t: ${execs:-?} executions, $(find "$work/corpus" -type f | wc -l) inputs in the work corpus, exit $rc"
  if [ "$rc" -ne 0 ]; then
    status=1
    grep -E 'ERROR|SUMMARY|property violated|Test unit written' "$log" | head -20 >&2 || true
    echo "run.sh: fuzz_$t failed; full log: $log; keep the input in tests/regress/$t/ once fixed" >&2
  fi
done
exit $status
