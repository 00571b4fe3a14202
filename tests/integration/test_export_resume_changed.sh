#!/usr/bin/env bash
# test_export_resume_changed.sh - an export killed midway and resumed after the source store
# changed (commits added, a ref moved) starts afresh from one snapshot instead of mixing
# parts of two, saying so; resumed on an unchanged store it keeps its parts.
source "$(dirname "$0")/lib.sh"

SRC=$(new_fixture_commit_source src)
export PGGIT_AUDIT_SOURCE=$SRC
EXPORT=("$PGA_BIN/pggit-audit-export" --chunk-rows 20 --jobs 1)

# kill_export DIR: an export of 20-row chunks killed in commit_graph, 3 chunks after the
# objects' chunks
kill_export() {
  local at=$(( $(q "$SRC" "SELECT count(*) FROM pggit_v0.objects") / 20 + 1 + 3 ))
  if PGGIT_AUDIT_FAULT=export-after-chunk@$at "${EXPORT[@]}" --outdir "$1" >"$PGA_TMP/kill.log" 2>&1; then
    fail "the export was not killed"; return
  fi
  assert_eq "killed export kept its commit_graph chunks" 3 "$(ls "$1/parts" | grep -c '^commit_graph\..*\.meta\.json$')"
}

# resume_and_diff WHAT DIR: resume the export, then the diff must verify the store
resume_and_diff() {
  "${EXPORT[@]}" --outdir "$2" >"$PGA_TMP/$1.log" 2>&1 || { cat "$PGA_TMP/$1.log"; fail "$1: resumed export failed"; return; }
  "${EXPORT[@]}" --outdir "$PGA_TMP/$1-fresh" >/dev/null 2>&1 || fail "$1: fresh export failed"
  for f in objects commit_graph tree_entries refs tree_digests; do
    cmp -s "$2/$f.csv.zst" "$PGA_TMP/$1-fresh/$f.csv.zst" || fail "$1: $f.csv.zst differs from a fresh export's"
  done
  if "$PGA_BIN/pggit-audit-diff" --export "$2" --outdir "$PGA_TMP/$1-diff" >"$PGA_TMP/$1-diff.log" 2>&1; then
    ok "$1: the diff verifies the resumed export"
  else
    tail -3 "$PGA_TMP/$1-diff.log" >&2; fail "$1: the diff refused the resumed export"
  fi
}

# unchanged store: the parts are kept, nothing is said
kill_export "$PGA_TMP/same"
resume_and_diff same "$PGA_TMP/same"
if grep -q "starting afresh" "$PGA_TMP/same.log"; then fail "unchanged store: parts discarded"; else ok "unchanged store: parts kept"; fi

# new commits between the kill and the resume: some sort before the last exported
# commit_graph key and used to be missing, their trees and refs present
kill_export "$PGA_TMP/added"
for i in $(seq 1 30); do
  q "$SRC" "SELECT pga_test.commit_paths(ARRAY['app.t$i'], ARRAY['CREATE TABLE app.t$i (a int);'], 'c$i')" >/dev/null
done
resume_and_diff added "$PGA_TMP/added"
assert_contains "the resume says why it starts afresh" "finished chunks of an earlier attempt made from other inputs (was \"store objects" \
  "$(cat "$PGA_TMP/added.log")"

# a ref moved back (a rewritten branch), no new row: the refs differ, the parts are not reused
kill_export "$PGA_TMP/moved"
q "$SRC" "UPDATE pggit_v0.refs SET target_sha = (SELECT parent_shas[1] FROM pggit_v0.commit_graph WHERE commit_sha = target_sha)
          WHERE name = 'refs/heads/main'" >/dev/null
resume_and_diff moved "$PGA_TMP/moved"
assert_contains "a moved ref starts the export afresh" "starting afresh" "$(cat "$PGA_TMP/moved.log")"

pga_finish
