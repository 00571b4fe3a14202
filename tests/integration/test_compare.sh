#!/usr/bin/env bash
# test_compare.sh - pggit-audit compare: two runs on the same source (into two targets)
# compare identical, work directory against archive too; a run on a later copy of the
# source (five commits appended: production moved on since the staging copy) shows
# exactly the rows of those five commits and nothing else; a changed row is reported
# with its changed column; the blobs are compared row by row too (the new commits' blobs
# only in B); a run with another CHUNK_ROWS and BATCH_ROWS (other bytes, the same rows) says
# its artifacts hold the same rows and "rows_identical", and exits 0; values holding newlines,
# escapes, spaces or quotes are quoted in the text summary; errors exit 2 (a damaged archive too: a member twice, a member
# outside the bag directory), differences 1, identical 0.
source "$(dirname "$0")/lib.sh"
export TMPDIR="$PGA_TMP/tmp"   # where compare unpacks archives: checked empty at the end
mkdir -p "$TMPDIR"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
COMPARE="$PGA_BIN/pggit-audit-compare"
SRC=$(generated_store staging 150 50 3)

# production: a copy of the store, made later, after five more commits
PROD=$(new_db prod)
pg_dump -d "$SRC" -Fc -f "$PGA_TMP/src.dump"
pg_restore -d "$PROD" "$PGA_TMP/src.dump"
q "$PROD" "SELECT pggit_sample.append_commits(5)" >/dev/null

run() { # WORKDIR SOURCE TARGET
  "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$2" --target "$3" --workdir "$1" >"$1.log" 2>&1 ||
    { cat "$1.log"; fail "pipeline run into $1 failed"; pga_finish; }
}
run_vars() { # WORKDIR SOURCE TARGET VAR=value...
  local w=$1 s=$2 t=$3; shift 3
  "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$s" --target "$t" --workdir "$w" "$@" >"$w.log" 2>&1 ||
    { cat "$w.log"; fail "pipeline run into $w failed"; pga_finish; }
}
T1=$(new_db t1); T2=$(new_db t2); T3=$(new_db t3); T4=$(new_db t4)
run "$PGA_TMP/w1" "$SRC" "$T1"
run "$PGA_TMP/w2" "$SRC" "$T2"
run "$PGA_TMP/w3" "$PROD" "$T3"
run_vars "$PGA_TMP/w4" "$SRC" "$T4" CHUNK_ROWS=37 BATCH_ROWS=11

# ---- identical ----
rc=0; "$PGA_BIN/pggit-audit" compare "$PGA_TMP/w1" "$PGA_TMP/w2" >"$PGA_TMP/same.out" 2>&1 || rc=$?
assert_eq "two runs on the same source: exit 0" "0" "$rc"
assert_contains "and say so" "runs are identical" "$(cat "$PGA_TMP/same.out")"
assert_contains "no artifact differs" "0 different, 0 only in A, 0 only in B" "$(cat "$PGA_TMP/same.out")"
"$PGA_BIN/pggit-audit-archive" --workdir "$PGA_TMP/w1" -o "$PGA_TMP/w1.tar.zst" >/dev/null 2>&1
rc=0; "$COMPARE" "$PGA_TMP/w1.tar.zst" "$PGA_TMP/w2" >"$PGA_TMP/arch.out" 2>&1 || rc=$?
assert_eq "archive of run 1 against work directory of run 2: exit 0" "0" "$rc"

# ---- production moved on ----
rc=0; "$COMPARE" --format ndjson "$PGA_TMP/w1" "$PGA_TMP/w3" >"$PGA_TMP/moved.ndjson" 2>"$PGA_TMP/moved.err" || rc=$?
assert_eq "staging vs production: exit 1" "1" "$rc"
NEW=$(q "$PROD" "SELECT commit_sha FROM pggit_v0.commit_graph ORDER BY 1" | grep -vxF -f <(q "$SRC" "SELECT commit_sha FROM pggit_v0.commit_graph") | sort)
assert_eq "five new commits in production" "5" "$(echo "$NEW" | wc -l)"
rows() { grep '"type":"row"' "$PGA_TMP/moved.ndjson" | grep "\"artifact\":\"$1\"" || true; }
commit_of() { sed -n 's/.*"key":{[^}]*"commit_sha":"\([0-9a-f]*\)".*/\1/p'; }
for art in classify/changes.csv.zst classify/versions.csv.zst diff/commits.csv.zst; do
  assert_eq "$art: every differing row is only in B" "" "$(rows "$art" | grep -v '"status":"only_in_b"' | head -1)"
  assert_eq "$art: the differing rows belong to exactly the new commits" "$NEW" "$(rows "$art" | commit_of | sort -u)"
done
assert_eq "commits: exactly five rows" "5" "$(rows diff/commits.csv.zst | wc -l)"
assert_eq "blobs: every differing row is only in B" "" "$(rows classify/blobs.csv.zst | grep -v '"status":"only_in_b"' | head -1)"
NEWBLOBS=$(q "$PROD" "SELECT sha FROM pggit_v0.objects WHERE type = 'blob' ORDER BY 1" |
  grep -vxF -f <(q "$SRC" "SELECT sha FROM pggit_v0.objects WHERE type = 'blob'") | sort || true)
[ -n "$NEWBLOBS" ] || fail "the appended commits added no blob: the blob check checks nothing"
assert_eq "blobs: the rows only in B are exactly the new blobs, by blob_sha" "$NEWBLOBS" \
  "$(rows classify/blobs.csv.zst | sed -n 's/.*"key":{"blob_sha":"\([0-9a-f]*\)".*/\1/p' | sort)"
IN=$(echo "$NEW" | sed "s/.*/'&'/" | paste -sd,)
assert_eq "changes: as many rows as the new commits' changes in the target" \
  "$(q "$T3" "SELECT count(*) FROM pggit_audit.changes WHERE commit_sha IN ($IN)")" "$(rows classify/changes.csv.zst | wc -l)"
assert_eq "versions: as many rows as the new commits' versions in the target" \
  "$(q "$T3" "SELECT count(*) FROM pggit_audit.object_versions WHERE commit_sha IN ($IN)")" "$(rows classify/versions.csv.zst | wc -l)"
assert_eq "changes: change ids equal the target's for the new commits" \
  "$(q "$T3" "SELECT change_id FROM pggit_audit.changes WHERE commit_sha IN ($IN) ORDER BY 1")" \
  "$(rows classify/changes.csv.zst | sed -n 's/.*"key":{"change_id":"\([0-9a-f-]*\)".*/\1/p' | sort)"
assert_contains "counts line for changes" \
  "\"type\":\"rows\",\"artifact\":\"classify/changes.csv.zst\",\"identical\":$(q "$T3" "SELECT count(*) FROM pggit_audit.changes WHERE commit_sha NOT IN ($IN)"),\"only_in_a\":0" \
  "$(cat "$PGA_TMP/moved.ndjson")"
"$COMPARE" "$PGA_TMP/w1.tar.zst" "$PGA_TMP/w3" >"$PGA_TMP/moved.txt" 2>&1 || true
assert_contains "text summary from the archive: commits" \
  "diff/commits.csv.zst: $(q "$SRC" "SELECT count(*) FROM pggit_v0.commit_graph") identical rows, 0 only in A, 5 only in B, 0 changed" \
  "$(cat "$PGA_TMP/moved.txt")"
assert_contains "text summary says the runs differ" "runs differ" "$(cat "$PGA_TMP/moved.txt")"

# ---- another CHUNK_ROWS and BATCH_ROWS: other bytes, the same rows ----
rc=0; "$COMPARE" --format ndjson "$PGA_TMP/w1" "$PGA_TMP/w4" >"$PGA_TMP/chunks.ndjson" 2>&1 || rc=$?
assert_eq "other chunk size: exit 0 (only the bytes and the reports differ, every row is the same)" "0" "$rc"
assert_eq "no row differs" "" "$(grep '"type":"row"' "$PGA_TMP/chunks.ndjson" | head -1)"
assert_contains "every row the same" '{"type":"summary","identical":false,"rows_identical":true}' "$(cat "$PGA_TMP/chunks.ndjson")"
assert_contains "the export's objects: same rows in other bytes" \
  '"path":"export/objects.csv.zst","status":"same_rows"' "$(cat "$PGA_TMP/chunks.ndjson")"
assert_contains "and its sidecar" '"path":"export/objects.csv.zst.meta.json","status":"same_rows"' "$(cat "$PGA_TMP/chunks.ndjson")"
assert_eq "no compressed artifact or sidecar reported different" "" \
  "$(grep '"type":"artifact"' "$PGA_TMP/chunks.ndjson" | grep '"status":"different"' | grep -E 'csv\.zst' || true)"
assert_contains "the load report differs (batch size, run id)" '"path":"load/report.json","status":"different"' \
  "$(cat "$PGA_TMP/chunks.ndjson")"
"$PGA_BIN/pggit-audit-archive" --workdir "$PGA_TMP/w4" -o "$PGA_TMP/w4.tar.zst" >/dev/null 2>&1
rc=0; "$COMPARE" "$PGA_TMP/w1.tar.zst" "$PGA_TMP/w4.tar.zst" >"$PGA_TMP/chunks.txt" 2>&1 || rc=$?
assert_eq "the same from two archives: exit 0" "0" "$rc"
assert_contains "saying every row is the same" "runs differ, every row is the same" "$(cat "$PGA_TMP/chunks.txt")"
assert_contains "the blobs compared" "classify/blobs.csv.zst: $(q "$SRC" "SELECT count(*) FROM pggit_v0.objects WHERE type = 'blob'") identical rows, 0 only in A, 0 only in B, 0 changed" \
  "$(cat "$PGA_TMP/chunks.txt")"
assert_contains "staging vs production is not 'every row the same'" '"rows_identical":false' "$(cat "$PGA_TMP/moved.ndjson")"

# ---- one changed row ----
cp -r "$PGA_TMP/w2" "$PGA_TMP/w2m"
CH="$PGA_TMP/w2m/classify/changes.csv.zst"
# swap the first data row's severity (MINOR <-> MAJOR)
zstdcat "$CH" | awk 'NR == 2 { if (!sub(/"MINOR","/, "\"MAJOR\",\"")) sub(/"MAJOR","/, "\"MINOR\",\"") } { print }' >"$PGA_TMP/ch.csv"
zstd -q -f "$PGA_TMP/ch.csv" -o "$CH"
sha=$(sha256sum "$CH" | cut -d' ' -f1); bytes=$(stat -c %s "$CH")
sed -i -e "s/\"sha256\": \"[0-9a-f]*\"/\"sha256\": \"$sha\"/" -e "s/\"bytes\": [0-9]*/\"bytes\": $bytes/" "$CH.meta.json"
CHANGED_ID=$(sed -n 2p "$PGA_TMP/ch.csv" | cut -d'"' -f2)
rc=0; "$COMPARE" --format ndjson "$PGA_TMP/w1" "$PGA_TMP/w2m" >"$PGA_TMP/changed.ndjson" 2>&1 || rc=$?
assert_eq "one edited row: exit 1" "1" "$rc"
assert_eq "exactly one row reported" "1" "$(grep -c '"type":"row"' "$PGA_TMP/changed.ndjson")"
assert_contains "as changed, with its id and the severity column" \
  "\"status\":\"changed\",\"key\":{\"change_id\":\"$CHANGED_ID\"" "$(cat "$PGA_TMP/changed.ndjson")"
assert_contains "changed columns listed" '"columns":{"severity":{"a":' "$(cat "$PGA_TMP/changed.ndjson")"

# ---- values a store may hold, in the text summary ----
# A path with a newline, an escape sequence, spaces and quotes (a valid pgGit path) was printed
# as it is: the row's line broke in two, the second part reading like a count line, and the
# escape reached the terminal. Such a value is now quoted with C escapes, as is a file name.
cp -r "$PGA_TMP/w2" "$PGA_TMP/w2h"
CH="$PGA_TMP/w2h/classify/changes.csv.zst"
{ zstdcat "$CH"
  printf '"00000000-0000-5000-8000-000000000001","%s",999999,"app.""a\nclassify/changes.csv.zst: 0 identical rows\033[31m b""","CREATE","table","app","a",,"%s","T","T","2023-01-01T00:00:00.000000","m","MINOR","false","{}"\n' \
    "$(printf 'f%.0s' $(seq 64))" "$(printf 'e%.0s' $(seq 64))"
} >"$PGA_TMP/ch.csv"
zstd -q -f "$PGA_TMP/ch.csv" -o "$CH"
sha=$(sha256sum "$CH" | cut -d' ' -f1); bytes=$(stat -c %s "$CH")
rows=$(( $(sed -n 's/.*"rows": \([0-9]*\).*/\1/p' "$CH.meta.json") + 1 ))
sed -i -e "s/\"sha256\": \"[0-9a-f]*\"/\"sha256\": \"$sha\"/" -e "s/\"bytes\": [0-9]*/\"bytes\": $bytes/" \
  -e "s/\"rows\": [0-9]*/\"rows\": $rows/" "$CH.meta.json"
printf '{}\n' >"$PGA_TMP/w2h/export/odd"$'\n'"name.json"
rc=0; "$COMPARE" "$PGA_TMP/w1" "$PGA_TMP/w2h" >"$PGA_TMP/hostile.txt" 2>&1 || rc=$?
assert_eq "a row only in B: exit 1" "1" "$rc"
assert_contains "the path quoted, its newline, escape and quotes escaped" \
  'only in B classify/changes.csv.zst change_id=00000000-0000-5000-8000-000000000001 commit_sha=ffff' "$(cat "$PGA_TMP/hostile.txt")"
assert_contains "the path quoted, its newline, escape and quotes escaped" \
  ' path="app.\"a\nclassify/changes.csv.zst: 0 identical rows\x1b[31m b\""' "$(cat "$PGA_TMP/hostile.txt")"
assert_eq "no escape byte reaches the output" "0" "$(grep -c $'\033' "$PGA_TMP/hostile.txt" || true)"
assert_eq "one count line for the changes" "1" "$(grep -c '^classify/changes.csv.zst: ' "$PGA_TMP/hostile.txt" || true)"
assert_contains "a file name with a newline, quoted" 'only in B  "export/odd\nname.json"' "$(cat "$PGA_TMP/hostile.txt")"

# ---- errors exit 2 ----
rc=0; "$COMPARE" "$PGA_TMP/w1" "$PGA_TMP/nonexistent" >/dev/null 2>&1 || rc=$?
assert_eq "missing input: exit 2" "2" "$rc"
cp "$PGA_TMP/w1.tar.zst" "$PGA_TMP/bad.tar.zst"
printf 'XXXX' | dd of="$PGA_TMP/bad.tar.zst" bs=1 seek=2000 conv=notrunc 2>/dev/null
rc=0; "$COMPARE" "$PGA_TMP/bad.tar.zst" "$PGA_TMP/w1" >/dev/null 2>"$PGA_TMP/bad.err" || rc=$?
assert_eq "damaged archive: exit 2" "2" "$rc"
rm "$PGA_TMP/w2m/diff/commits.csv.zst.meta.json"
rc=0; "$COMPARE" "$PGA_TMP/w1" "$PGA_TMP/w2m" >/dev/null 2>&1 || rc=$?
assert_eq "artifact without its sidecar: exit 2" "2" "$rc"
# an archive holding a member twice (same bytes) or a member outside its bag directory is
# damaged (as --verify says), not a run with a file "only in A"
U="$PGA_TMP/unpacked"; mkdir -p "$U"; tar --zstd -xf "$PGA_TMP/w1.tar.zst" -C "$U"
tar --zstd -tf "$PGA_TMP/w1.tar.zst" >"$PGA_TMP/members"
{ cat "$PGA_TMP/members"; grep 'data/workdir/export/source.json$' "$PGA_TMP/members"; } |
  (cd "$U" && tar --format=pax --hard-dereference --owner=0 --group=0 --no-recursion -cf - -T -) | zstd -q >"$PGA_TMP/dup.tar.zst"
rc=0; "$COMPARE" "$PGA_TMP/dup.tar.zst" "$PGA_TMP/w1" >/dev/null 2>"$PGA_TMP/dup.err" || rc=$?
assert_eq "archive with a member twice: exit 2" "2" "$rc"
assert_contains "naming the member" "data/workdir/export/source.json appears twice" "$(cat "$PGA_TMP/dup.err")"
# (a second manifest-sha256.txt, in another directory, listing a member added to the bag)
BAGDIR=$(head -1 "$PGA_TMP/members" | cut -d/ -f1)
echo '{}' >"$U/$BAGDIR/data/workdir/export/extra.json"
mkdir -p "$U/other"; (cd "$U/$BAGDIR" && sha256sum data/workdir/export/extra.json) >"$U/other/manifest-sha256.txt"
{ cat "$PGA_TMP/members"; echo "$BAGDIR/data/workdir/export/extra.json"; echo other/manifest-sha256.txt; } |
  (cd "$U" && tar --format=pax --owner=0 --group=0 --no-recursion -cf - -T -) | zstd -q >"$PGA_TMP/outside.tar.zst"
rc=0; "$COMPARE" "$PGA_TMP/outside.tar.zst" "$PGA_TMP/w1" >/dev/null 2>"$PGA_TMP/outside.err" || rc=$?
assert_eq "archive with a member outside its bag directory: exit 2" "2" "$rc"
assert_contains "naming the member" "other/manifest-sha256.txt is outside the bag's directory" "$(cat "$PGA_TMP/outside.err")"
rc=0; "$COMPARE" --format xml "$PGA_TMP/w1" "$PGA_TMP/w2" >/dev/null 2>&1 || rc=$?
assert_eq "usage error: exit 2" "2" "$rc"
assert_eq "no temporary directory left behind" "" "$(ls -A "$TMPDIR")"

pga_finish
