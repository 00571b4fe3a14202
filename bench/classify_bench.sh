#!/usr/bin/env bash
# classify_bench.sh - throughput of the DDL classifier on one core: statements/s, MB/s and
# the share of the time spent inside libpg_query's parser (pg_query_parse) versus our own
# JSON walk. Input: the oracle corpus (generated + hand-written blobs), classified REPEAT times.
#
#   bench/classify_bench.sh BUILD_DIR [REPEAT]     (default REPEAT 20)
#
# Needs BUILD_DIR/bin/ddl_classify_cli (tests/tools). Prints "key<TAB>value" lines.
set -euo pipefail
BUILD=${1:?usage: classify_bench.sh BUILD_DIR [REPEAT]}
REPEAT=${2:-20}
SRC=$(cd "$(dirname "$0")/.." && pwd)
CLI="$BUILD/bin/ddl_classify_cli"
[ -x "$CLI" ] || { echo "classify_bench: $CLI not built" >&2; exit 1; }
corpus=$(mktemp)
trap 'rm -f "$corpus"' EXIT
{ bash "$SRC/tests/corpus/gen_classify_corpus.sh" 4; cat "$SRC/tests/corpus/classify_hand.sql"; } >"$corpus"
# one core: pin to the first CPU we may run on when taskset exists
if command -v taskset >/dev/null 2>&1; then
  cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[-,].*//')
  taskset -c "$cpu" "$CLI" --bench "$REPEAT" "$corpus"
else
  "$CLI" --bench "$REPEAT" "$corpus"
fi
