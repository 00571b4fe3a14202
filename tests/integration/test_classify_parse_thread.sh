#!/usr/bin/env bash
# test_classify_parse_thread.sh - a blob too deep for the caller's stack is parsed on a thread with
# a stack of its own; when that thread cannot start (no address space for its stack), classify
# stops naming the blob, exits non-zero and publishes no half-written artifact.
source "$(dirname "$0")/lib.sh"

SRC=$(new_fixture_commit_source src)
# 1,000,000 tokens: the parse needs about 600 MB of stack, which the limit below refuses
q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.deep'],
            ARRAY['CREATE VIEW app.deep AS SELECT 1' || repeat(' + 1', 499990)], 'a very deep view')" >/dev/null
DEEP=$(q "$SRC" "SELECT sha FROM pggit_v0.objects WHERE content LIKE 'CREATE VIEW app.deep AS%'")
[ -n "$DEEP" ] || { fail "the deep blob is not in the store"; pga_finish; }

"$PGA_BIN/pggit-audit-export" -q --source "$SRC" --outdir "$PGA_TMP/export"
"$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/export" --outdir "$PGA_TMP/diff"

# 400 MB of address space: the stage runs, the deep blob's thread cannot have its stack
expect_fail "classify when the parse thread cannot start" \
  bash -c 'ulimit -v 400000 && exec "$@"' sh "$PGA_BIN/pggit-audit-classify" -q --threads 1 \
  --export "$PGA_TMP/export" --diff "$PGA_TMP/diff" --outdir "$PGA_TMP/classify"
assert_contains "the error says the thread did not start" "cannot start a thread" "$(cat "$PGA_TMP/last.err")"
assert_contains "the error names the blob" "blob $DEEP" "$(cat "$PGA_TMP/last.err")"
for f in blobs changes versions; do
  if [ -e "$PGA_TMP/classify/$f.csv.zst" ]; then fail "$f.csv.zst published by a failed classify"; else ok "no $f.csv.zst"; fi
done
stray=$(find "$PGA_TMP/classify" -name '.*.tmp-*' 2>/dev/null | head -1)
[ -z "$stray" ] && ok "no temporary left behind" || fail "temporary left behind: $stray"

pga_finish
