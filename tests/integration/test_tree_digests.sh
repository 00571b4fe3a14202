#!/usr/bin/env bash
# test_tree_digests.sh - the cross-check's fast path (export/tree_digests.csv.zst): with
# digests that match, the diff does not read tree_entries and writes the same artifacts as
# without them (an older export); a digest row that disagrees sends the diff back to the
# exact check from that tree on (and that check still reports damage in the rows); a
# digests file that does not match its sidecar is refused; a tree_entries artifact altered
# after the export (resealed) whose rows are not where the digests put them is refused.
source "$(dirname "$0")/lib.sh"

SRC=$(new_db src)
load_v0_fixture "$SRC"
DIFF="$PGA_BIN/pggit-audit-diff"

reseal() { # FILE: rewrite FILE's sidecar (bytes, sha256) after editing it
  local f=$1 sha bytes
  sha=$(sha256sum "$f" | cut -d' ' -f1)
  bytes=$(stat -c %s "$f")
  sed -i -E "s/(\"sha256\": \")[0-9a-f]{64}/\1$sha/; s/(\"bytes\": )[0-9]+/\1$bytes/" "$f.meta.json"
}
same_outputs() { # WHAT DIR: DIR's diff artifacts are byte for byte the reference's
  local f
  for f in commits.csv.zst changes.csv.zst blobs.csv.zst summary.json; do
    cmp -s "$PGA_TMP/ref/$f" "$2/$f" || { fail "$1: $f differs"; return; }
  done
  ok "$1: the same diff artifacts"
}

"$PGA_BIN/pggit-audit-export" -q --source "$SRC" --outdir "$PGA_TMP/x"
E=$PGA_TMP/x
ROWS=$(zstdcat "$E/tree_entries.csv.zst" | tail -n +2 | wc -l)
TREES=$(zstdcat "$E/tree_entries.csv.zst" | tail -n +2 | cut -d, -f1 | sort -u | wc -l)
assert_eq "one digest row per tree of tree_entries" "$TREES" "$(zstdcat "$E/tree_digests.csv.zst" | tail -n +2 | wc -l)"

# the reference: the same export without digests (an export of an older version)
cp -r "$E" "$PGA_TMP/old"
rm "$PGA_TMP/old/tree_digests.csv.zst" "$PGA_TMP/old/tree_digests.csv.zst.meta.json"
"$DIFF" --export "$PGA_TMP/old" --outdir "$PGA_TMP/ref" 2>"$PGA_TMP/ref.err" || { cat "$PGA_TMP/ref.err"; fail "diff without digests failed"; pga_finish; }
assert_eq "without digests nothing is said of them" "" "$(grep -i digest "$PGA_TMP/ref.err" || true)"

# the fast path: every tree matches its digest
"$DIFF" --export "$E" --outdir "$PGA_TMP/fast" 2>"$PGA_TMP/fast.err" || { cat "$PGA_TMP/fast.err"; fail "diff with digests failed"; }
assert_contains "the trees matched their digests" "$TREES trees ($ROWS rows) match their digests" "$(cat "$PGA_TMP/fast.err")"
assert_eq "no tree checked in full" "" "$(grep 'checked in full' "$PGA_TMP/fast.err" || true)"
same_outputs "fast path" "$PGA_TMP/fast"

# a digest row that disagrees (resealed: its sidecar matches): the exact check takes over at
# that tree, and the store (whose rows are right) still verifies, with the same artifacts
LINE=$(( $(zstdcat "$E/tree_digests.csv.zst" | wc -l) / 2 + 1 ))
BADTREE=$(zstdcat "$E/tree_digests.csv.zst" | sed -n "${LINE}p" | cut -d, -f1 | tr -d '"')
cp -r "$E" "$PGA_TMP/d1"
zstdcat "$E/tree_digests.csv.zst" | perl -pe 'if ($. == '"$LINE"') { s/"?[0-9a-f]{64}"?$/"\"" . ("0" x 64) . "\""/e }' \
  | zstd -q -c >"$PGA_TMP/d1/tree_digests.csv.zst"
reseal "$PGA_TMP/d1/tree_digests.csv.zst"
"$DIFF" --export "$PGA_TMP/d1" --outdir "$PGA_TMP/d1.diff" 2>"$PGA_TMP/d1.err" || { cat "$PGA_TMP/d1.err"; fail "diff with a wrong digest failed"; }
assert_contains "the disagreeing tree is named, with the digests' line" \
  "the digests disagree at tree $BADTREE (" "$(cat "$PGA_TMP/d1.err")"
assert_contains "... and its line" "tree_digests.csv.zst:$LINE)" "$(cat "$PGA_TMP/d1.err")"
same_outputs "fallback at a wrong digest" "$PGA_TMP/d1.diff"

# damage in the rows behind a digest that disagrees is reported as without digests: one
# row of that tree points at another object (resealed)
cp -r "$PGA_TMP/d1" "$PGA_TMP/d2"
ELINE=$(zstdcat "$E/tree_entries.csv.zst" | grep -n "^\"\?$BADTREE" | tail -1 | cut -d: -f1)
WAS=$(zstdcat "$E/tree_entries.csv.zst" | sed -n "${ELINE}p" | grep -oE '[0-9a-f]{64}"?$' | tr -d '"')
OTHER=$(zstdcat "$E/tree_entries.csv.zst" | tail -n +2 | grep -oE '[0-9a-f]{64}"?$' | tr -d '"' | grep -v "$WAS" | sort -u | tail -1)
zstdcat "$E/tree_entries.csv.zst" | perl -pe 'if ($. == '"$ELINE"') { s/[0-9a-f]{64}("?)$/'"$OTHER"'$1/ }' \
  | zstd -q -c >"$PGA_TMP/d2/tree_entries.csv.zst"
reseal "$PGA_TMP/d2/tree_entries.csv.zst"
expect_fail "diff of a damaged tree_entries row behind a wrong digest" "$DIFF" --export "$PGA_TMP/d2" --outdir "$PGA_TMP/d2.diff"
assert_contains "the damaged tree is named as without digests" \
  "tree $BADTREE: tree_entries disagree with the tree's content" "$(cat "$PGA_TMP/last.err")"
[ ! -e "$PGA_TMP/d2.diff/changes.csv.zst" ] && ok "nothing written" || fail "changes written"

# tree_entries altered after the export (a row of a matched tree deleted, resealed with its
# row count) under the export's digests: the totals differ, and the rows are not where the
# digests put them
cp -r "$E" "$PGA_TMP/d3"
zstdcat "$E/tree_entries.csv.zst" | sed "${ELINE}d" | zstd -q -c >"$PGA_TMP/d3/tree_entries.csv.zst"
reseal "$PGA_TMP/d3/tree_entries.csv.zst"
sed -i -E "s/(\"rows\": )[0-9]+/\1$((ROWS - 1))/" "$PGA_TMP/d3/tree_entries.csv.zst.meta.json"
expect_fail "diff of a tree_entries artifact altered after the export" "$DIFF" --export "$PGA_TMP/d3" --outdir "$PGA_TMP/d3.diff"
assert_contains "names the tree whose rows are not there, and its digest row" \
  "rows of tree $BADTREE that $PGA_TMP/d3/tree_digests.csv.zst:$LINE describes" "$(cat "$PGA_TMP/last.err")"
[ ! -e "$PGA_TMP/d3.diff/changes.csv.zst" ] && ok "nothing written" || fail "changes written"

# a digests file edited without its sidecar: refused, naming it
cp -r "$E" "$PGA_TMP/d4"
cp "$PGA_TMP/d1/tree_digests.csv.zst" "$PGA_TMP/d4/"
expect_fail "diff of an altered digests file" "$DIFF" --export "$PGA_TMP/d4" --outdir "$PGA_TMP/d4.diff"
assert_contains "names the altered file" "d4/tree_digests.csv.zst" "$(cat "$PGA_TMP/last.err")"

# CHECK_CACHES=off: the digests artifact is there, with no rows
"$PGA_BIN/pggit-audit-export" -q --source "$SRC" --outdir "$PGA_TMP/off" --check-caches off
assert_eq "no digest rows with --check-caches off" "1" "$(zstdcat "$PGA_TMP/off/tree_digests.csv.zst" | wc -l)"

pga_finish
