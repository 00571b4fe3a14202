#!/usr/bin/env bash
# test_chain_memory.sh - the memory of the diff and classify stages must not grow with the
# length of a linear history. Two stores of one shape, a chain of 1,500 and of 3,000
# commits, each with a 16 kB message (pgGit takes its caller's message as it is) and most
# changing nothing (empty commits, as a tool stamping a release writes them): the peak RSS of
# each stage on the longer chain may exceed the shorter's by the per-commit indexes only, not
# by the messages. The diff used to keep every commit_graph row's message in memory to the end
# (3,000 x 16 kB: +25 MB), classify to hold every commit that changes nothing until the end
# of its chunk of 50,000 commits (+25 MB). The longer chain then goes through the whole
# pipeline, and the diff's commits artifact must hold every message as the source has it.
source "$(dirname "$0")/lib.sh"

# chain STORE-CONNINFO N: N commits on one path, a change every 10th, 16 kB messages
chain() {
  psql "$1" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v0_schema.sql" \
    -f "$(dirname "$0")/shape_store.sql" >/dev/null
  q "$1" "SELECT pga_shape.chain($2, 10, 512)" >/dev/null
}
# stages N: export, diff and classify of the chain of N into $PGA_TMP/N; sets DIFF_MB CLASSIFY_MB
timed() { # N STAGE ARGS...
  local n=$1 st=$2; shift 2
  /usr/bin/time -v "$PGA_BIN/pggit-audit-$st" -q "$@" 2>"$PGA_TMP/$n.$st.time" \
    || { tail -5 "$PGA_TMP/$n.$st.time"; fail "chain of $n: $st failed"; pga_finish; }
}
stages() {
  local d="$PGA_TMP/$1"
  timed "$1" export --source "$SRC" --outdir "$d/export"
  timed "$1" diff --export "$d/export" --outdir "$d/diff"
  timed "$1" classify --diff "$d/diff" --outdir "$d/classify"
  DIFF_MB=$(peak_mb "$PGA_TMP/$1.diff.time"); CLASSIFY_MB=$(peak_mb "$PGA_TMP/$1.classify.time")
  echo "# chain of $1: peak RSS export $(peak_mb "$PGA_TMP/$1.export.time") MB, diff $DIFF_MB MB, classify $CLASSIFY_MB MB"
}

SRC=$(new_db short)
chain "$SRC" 1500
stages 1500
SHORT_DIFF=$DIFF_MB SHORT_CLASSIFY=$CLASSIFY_MB
SRC=$(new_db long)
chain "$SRC" 3000
stages 3000
# 1,500 more commits hold 24 MB of messages: a bound of 8 MB leaves the per-commit and
# per-object indexes (tens of bytes each) and the allocator's noise room, and no message
[ $((DIFF_MB - SHORT_DIFF)) -le 8 ] && ok "diff: peak RSS $SHORT_DIFF -> $DIFF_MB MB from 1,500 to 3,000 commits (<= +8)" \
  || fail "diff: peak RSS grows with the chain: $SHORT_DIFF -> $DIFF_MB MB"
[ $((CLASSIFY_MB - SHORT_CLASSIFY)) -le 8 ] \
  && ok "classify: peak RSS $SHORT_CLASSIFY -> $CLASSIFY_MB MB from 1,500 to 3,000 commits (<= +8)" \
  || fail "classify: peak RSS grows with the chain: $SHORT_CLASSIFY -> $CLASSIFY_MB MB"

# the messages come back from the diff's scratch file as the source has them, in order
q "$SRC" "CREATE TABLE pga_diff_commits (sha text, generation bigint, tree text, parents text, author text,
           committer text, authored_at text, committed_at text, message text, changes bigint)" >/dev/null
zstdcat "$PGA_TMP/3000/diff/commits.csv.zst" | psql "$SRC" -qX -v ON_ERROR_STOP=1 \
  -c "COPY pga_diff_commits FROM STDIN (FORMAT csv, HEADER)" >/dev/null || fail "cannot read the diff's commits artifact"
assert_eq "the diff's commits artifact has every commit's author, committer and message" 0 \
  "$(q "$SRC" "SELECT count(*) FROM pggit_v0.commit_graph g FULL JOIN pga_diff_commits d ON d.sha = g.commit_sha
                WHERE d.sha IS NULL OR g.commit_sha IS NULL
                   OR (d.author, d.committer, d.message) IS DISTINCT FROM (g.author, g.committer, g.message)
                   OR d.committed_at::timestamp <> g.committed_at")"

T=$(new_db target)
"$PGA_BIN/pggit-audit" run "$PGA_SOURCE_DIR/pipelines/backfill-v2.mk" --source "$SRC" --target "$T" \
  --workdir "$PGA_TMP/w" >"$PGA_TMP/run.log" 2>&1 || { cat "$PGA_TMP/run.log"; fail "pipeline failed"; pga_finish; }
assert_contains "the chain of 3,000 verifies" '"status": "PASSED"' "$(cat "$PGA_TMP/w/verify/report.json")"
assert_eq "one change every 10th commit, each with its message" "300 300" \
  "$(q "$T" "SELECT count(*) || ' ' || count(*) FILTER (WHERE commit_message LIKE 'commit %' AND length(commit_message) > 16000)
               FROM pggit_audit.changes")"

pga_finish
