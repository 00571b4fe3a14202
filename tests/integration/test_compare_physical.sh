#!/usr/bin/env bash
# test_compare_physical.sh - pggit-audit compare on runs of one logical store that differ only
# in how it was read: the source's rows rewritten in another physical order (heap order of all
# four tables shuffled, tree_entries clustered on another index), another work directory, a
# later time, a run killed mid-way and resumed. Each must compare identical (exit 0); a run
# whose one definition differs (a tampered blobs artifact) or that lacks one commit (main's
# head removed from the store) must not (exit 1), and must name that row.
source "$(dirname "$0")/lib.sh"
export TMPDIR="$PGA_TMP/tmp"
mkdir -p "$TMPDIR"
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
COMPARE="$PGA_BIN/pggit-audit-compare"

SRC=$(new_db src)
load_v0_fixture "$SRC"
run() { # WORKDIR TARGET [env...]
  local w=$1 t=$2; shift 2
  env "$@" "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$t" --workdir "$w" >"$w.log" 2>&1
}
T1=$(new_db t1); T2=$(new_db t2); T3=$(new_db t3)
run "$PGA_TMP/w1" "$T1" || { cat "$PGA_TMP/w1.log"; fail "first run failed"; pga_finish; }

# the same rows in another physical order: every table rewritten shuffled, FKs off meanwhile
q "$SRC" "SET session_replication_role = replica;
  CREATE TEMP TABLE o AS SELECT * FROM pggit_v0.objects ORDER BY random();
  CREATE TEMP TABLE g AS SELECT * FROM pggit_v0.commit_graph ORDER BY random();
  CREATE TEMP TABLE r AS SELECT * FROM pggit_v0.refs ORDER BY random();
  CREATE TEMP TABLE e AS SELECT * FROM pggit_v0.tree_entries ORDER BY random();
  DELETE FROM pggit_v0.tree_entries; DELETE FROM pggit_v0.refs; DELETE FROM pggit_v0.commit_graph;
  DELETE FROM pggit_v0.objects;
  INSERT INTO pggit_v0.objects SELECT * FROM o; INSERT INTO pggit_v0.commit_graph SELECT * FROM g;
  INSERT INTO pggit_v0.refs SELECT * FROM r; INSERT INTO pggit_v0.tree_entries SELECT * FROM e;
  CREATE INDEX tree_entries_by_object ON pggit_v0.tree_entries (object_sha, path DESC);
  CLUSTER pggit_v0.tree_entries USING tree_entries_by_object; ANALYZE" >/dev/null
assert_eq "the shuffle moved rows" "f" "$(q "$SRC" "SELECT (array_agg(sha ORDER BY ctid))[1:20] = (array_agg(sha ORDER BY sha))[1:20] FROM pggit_v0.objects")"
sleep 1
mkdir -p "$PGA_TMP/other place"
run "$PGA_TMP/other place/w2" "$T2" || { cat "$PGA_TMP/other place/w2.log"; fail "run on the shuffled store failed"; pga_finish; }
rc=0; "$COMPARE" "$PGA_TMP/w1" "$PGA_TMP/other place/w2" >"$PGA_TMP/shuffled.out" 2>&1 || rc=$?
assert_eq "the store in another physical order, another work directory: exit 0" 0 "$rc"
assert_contains "and identical" "runs are identical" "$(cat "$PGA_TMP/shuffled.out")"

# killed mid-classify and resumed (into a fresh target)
rc=0; run "$PGA_TMP/w3" "$T3" PGGIT_AUDIT_FAULT=classify-before-commit@1 || rc=$?
[ "$rc" -ne 0 ] && ok "the third run was killed" || fail "the fault did not kill the third run"
run "$PGA_TMP/w3" "$T3" || { cat "$PGA_TMP/w3.log"; fail "the resumed run failed"; pga_finish; }
rc=0; "$COMPARE" "$PGA_TMP/w1" "$PGA_TMP/w3" >"$PGA_TMP/resumed.out" 2>&1 || rc=$?
assert_eq "a run killed and resumed against an uninterrupted one: exit 0" 0 "$rc"
assert_contains "and identical" "runs are identical" "$(cat "$PGA_TMP/resumed.out")"
"$PGA_BIN/pggit-audit-archive" --workdir "$PGA_TMP/w3" -o "$PGA_TMP/w3.tar.zst" >/dev/null 2>&1 || fail "archive of w3"
rc=0; "$COMPARE" "$PGA_TMP/w3.tar.zst" "$PGA_TMP/other place/w2" >"$PGA_TMP/arch.out" 2>&1 || rc=$?
assert_eq "its archive against the shuffled run: exit 0" 0 "$rc"

# ---- true differences ----
# one definition changed: a token found once in the blobs artifact's rows, rewritten (sidecar updated)
cp -r "$PGA_TMP/w3" "$PGA_TMP/w4"
BL="$PGA_TMP/w4/classify/blobs.csv.zst"
zstdcat "$BL" >"$PGA_TMP/bl.csv"
TOKEN=$(tail -n +2 "$PGA_TMP/bl.csv" | grep -oE '[a-z_]{10,}' | sort | uniq -u | head -1)
[ -n "$TOKEN" ] || fail "no token found once in the blobs"
sed -i "2,\$ s/$TOKEN/${TOKEN}x/" "$PGA_TMP/bl.csv"
zstd -q -f "$PGA_TMP/bl.csv" -o "$BL"
sha=$(sha256sum "$BL" | cut -d' ' -f1); bytes=$(stat -c %s "$BL")
sed -i -e "s/\"sha256\": \"[0-9a-f]*\"/\"sha256\": \"$sha\"/" -e "s/\"bytes\": [0-9]*/\"bytes\": $bytes/" "$BL.meta.json"
rc=0; "$COMPARE" --format ndjson "$PGA_TMP/w1" "$PGA_TMP/w4" >"$PGA_TMP/def.ndjson" 2>&1 || rc=$?
assert_eq "one definition changed: exit 1" 1 "$rc"
assert_eq "exactly one changed row, in the blobs" "1" \
  "$(grep '"type":"row"' "$PGA_TMP/def.ndjson" | grep -c '"artifact":"classify/blobs.csv.zst","status":"changed"' || true)"

# one change missing: the store without main's last commit (a leaf; its ref moved to its parent)
HEAD=$(q "$SRC" "SELECT target_sha FROM pggit_v0.refs WHERE name = 'refs/heads/main'")
assert_eq "main's head is a leaf" "0" "$(q "$SRC" "SELECT count(*) FROM pggit_v0.commit_graph WHERE '$HEAD' = ANY (parent_shas)")"
q "$SRC" "UPDATE pggit_v0.refs SET target_sha = (SELECT parent_shas[1] FROM pggit_v0.commit_graph WHERE commit_sha = '$HEAD')
            WHERE target_sha = '$HEAD';
          DELETE FROM pggit_v0.commit_graph WHERE commit_sha = '$HEAD';
          DELETE FROM pggit_v0.objects WHERE sha = '$HEAD'" >/dev/null
T5=$(new_db t5)
run "$PGA_TMP/w5" "$T5" || { cat "$PGA_TMP/w5.log"; fail "run on the store without its head failed"; pga_finish; }
rc=0; "$COMPARE" --format ndjson "$PGA_TMP/w1" "$PGA_TMP/w5" >"$PGA_TMP/missing.ndjson" 2>&1 || rc=$?
assert_eq "main's last commit missing: exit 1" 1 "$rc"
rows() { grep '"type":"row"' "$PGA_TMP/missing.ndjson" | grep "\"artifact\":\"$1\"" || true; }
assert_eq "the commit only in A" "1" "$(rows diff/commits.csv.zst | grep -c "\"only_in_a\".*$HEAD" || true)"
assert_eq "its changes only in A, nothing else" "$(rows classify/changes.csv.zst | wc -l)" \
  "$(rows classify/changes.csv.zst | grep '"status":"only_in_a"' | grep -c "$HEAD" || true)"
[ "$(rows classify/changes.csv.zst | wc -l)" -ge 1 ] && ok "at least one change only in A" || fail "no change reported missing"
pga_finish
