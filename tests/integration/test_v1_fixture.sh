#!/usr/bin/env bash
# test_v1_fixture.sh - the v1 backfill end to end on the pgGit-written v1 fixture: preflight
# report, every history row accounted for (checked against the source, not the tool), the
# replayed store passes the diff stage's hash verification and PostgreSQL's own base64,
# verification PASSED with backfilled_from_v1 set, hand-checked rows, no DDL outside the
# scratch database, a rerun that adds nothing and a forced replay that gives the same bytes.
source "$(dirname "$0")/lib.sh"

FIXTURE="$PGA_SHARED_DIR/fixtures/pggit_v1_real_small.sql.zst"
[ -f "$FIXTURE" ] || { echo "fixture $FIXTURE not found"; exit 1; }
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v1.mk"

SRC=$(new_db v1src)
psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" >/dev/null
zstdcat "$FIXTURE" | psql "$SRC" -qX -v ON_ERROR_STOP=1 >/dev/null
TGT=$(new_db v1tgt)
SRC_TABLES_BEFORE=$(q "$SRC" "SELECT count(*) FROM pg_class WHERE relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace)")
run() { "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$PGA_TMP/w" "$@"; }

# ---- preflight alone (`pggit-audit preflight`) ----
PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit" preflight --outdir "$PGA_TMP/pf" >"$PGA_TMP/pf.out" 2>&1 || { cat "$PGA_TMP/pf.out"; fail "preflight failed"; }
PF="$PGA_TMP/pf/report.json"
assert_eq "preflight: history rows" "84" "$(jq .history_rows "$PF")"
assert_eq "preflight: statements (rows of one statement counted once)" \
  "$(q "$SRC" "SELECT count(*) FROM (SELECT id, sql_executed IS DISTINCT FROM lag(sql_executed) OVER w OR created_at IS DISTINCT FROM lag(created_at) OVER w AS new FROM pggit.history WINDOW w AS (ORDER BY id)) s WHERE new")" \
  "$(jq .statements "$PF")"
assert_eq "preflight: objects without a CREATE row (independent count)" \
  "$(q "$SRC" "SELECT count(*) FROM pggit.objects o WHERE object_type <> 'COLUMN' AND NOT EXISTS (SELECT 1 FROM pggit.history h WHERE h.object_id = o.id AND h.change_type = 'CREATE')")" \
  "$(jq .objects_without_create "$PF")"
assert_contains "preflight lists the renamed table" 'shop.order_lines' "$(cat "$PGA_TMP/pf.out")"
assert_eq "preflight: no unparsable statement" "0" "$(jq .statements_unparsable "$PF")"
assert_contains "preflight prints an estimate" "estimated replay time" "$(cat "$PGA_TMP/pf.out")"

# ---- the pipeline ----
run >"$PGA_TMP/run1.log" 2>&1 || { cat "$PGA_TMP/run1.log"; fail "v1 pipeline failed"; pga_finish; }
ok "v1 pipeline succeeded"
assert_eq "preflight ran first" "[run] preflight: never run" "$(grep -m1 '^\[run\]' "$PGA_TMP/run1.log")"
W="$PGA_TMP/w"

# every history row accounted for: the ids of the accounting artifact equal the source's ids
zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f1 >"$PGA_TMP/acc_ids"
q "$SRC" "SELECT id FROM pggit.history ORDER BY id" >"$PGA_TMP/src_ids"
if cmp -s "$PGA_TMP/acc_ids" "$PGA_TMP/src_ids"; then ok "one accounting row per history row"; else fail "accounting ids differ from pggit.history ids"; fi
assert_eq "every accounting row has a known status" "0" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | grep -cvE '^(applied|failed|skipped)$' || true)"
ERRS=$(zstdcat "$W/replay/errors.csv.zst" | tail -n +2 | cut -d, -f1 | tr '\n' ' ')
assert_eq "failed statements are the three on the never-recorded materialized view" "31 84 85 " "$ERRS"

# the replay writes no tree_entries cache (a COPY of the whole snapshot per commit): the
# diff takes every tree's entries from the tree's content, which it verifies anyway
assert_eq "replay: source.json says check_caches false" "false" "$(jq .check_caches "$W/replay/source.json")"
assert_eq "replay: tree_entries artifact has no rows" "1" "$(zstdcat "$W/replay/tree_entries.csv.zst" | wc -l)"
assert_eq "diff: every entry came from the trees' content" "t" \
  "$(jq '.tree_entries_from_content > 0 and .tree_entries_checked == 0' "$W/diff/summary.json" | sed 's/true/t/')"

# the store: diff verified every hash (it ran in the pipeline); trees use PostgreSQL's base64
DB2=$(new_db v1store)
psql "$DB2" -qX -v ON_ERROR_STOP=1 -c "CREATE TABLE o (sha text, type text, size int, content text)" >/dev/null
zstdcat "$W/replay/objects.csv.zst" | psql "$DB2" -qX -v ON_ERROR_STOP=1 -c "COPY o FROM STDIN (FORMAT csv, HEADER)" >/dev/null
assert_eq "tree content equals PostgreSQL's encode(..., 'base64')" "0" \
  "$(q "$DB2" "SELECT count(*) FROM o WHERE type = 'tree' AND content <> encode(decode(content, 'base64'), 'base64')")"
assert_eq "some tree spans several base64 lines" "t" "$(q "$DB2" "SELECT bool_or(content LIKE '%' || chr(10) || '%') FROM o WHERE type = 'tree'")"
assert_eq "a tree of a multiple of 57 bytes is there (PostgreSQL ends it with a newline)" "t" \
  "$(q "$DB2" "SELECT bool_or(length(decode(content, 'base64')) % 57 = 0 AND content LIKE '%' || chr(10)) FROM o WHERE type = 'tree' AND size > 0")"
assert_eq "tree size is the character count of the raw text" "0" \
  "$(q "$DB2" "SELECT count(*) FROM o WHERE type = 'tree' AND size <> length(convert_from(decode(content, 'base64'), 'UTF8'))")"
assert_eq "blob shas follow the pggit_v0 rule" "0" \
  "$(q "$DB2" "SELECT count(*) FROM o WHERE type = 'blob' AND sha <> encode(sha256(convert_to('blob ' || length(content) || ':' || content, 'UTF8')), 'hex')")"

# the audit trail
assert_contains "verification PASSED" '"status": "PASSED"' "$(cat "$W/verify/report.json")"
assert_eq "verify accounts for every history row (rows, unaccounted)" "$(q "$SRC" "SELECT count(*) FROM pggit.history")|0" \
  "$(jq -r '.v1_history | "\(.rows)|\(.unaccounted)"' "$W/verify/report.json")"
assert_eq "verify's applied+failed+skipped add up to the history" "$(q "$SRC" "SELECT count(*) FROM pggit.history")" \
  "$(jq -r '.v1_history | .applied + .failed + .skipped' "$W/verify/report.json")"
# an accounting artifact that lost a row (with a consistent sidecar) makes verify fail, naming the row
mkdir -p "$PGA_TMP/lost"
zstdcat "$W/replay/accounting.csv.zst" | sed '3d' | zstd -q -o "$PGA_TMP/lost/accounting.csv.zst"
LOST_ID=$(zstdcat "$W/replay/accounting.csv.zst" | sed -n '3p' | cut -d, -f1 | tr -d '"')
jq --arg sha "$(sha256sum "$PGA_TMP/lost/accounting.csv.zst" | cut -d' ' -f1)" \
   --argjson bytes "$(stat -c %s "$PGA_TMP/lost/accounting.csv.zst")" \
   '.sha256 = $sha | .bytes = $bytes | .rows = .rows - 1' "$W/replay/accounting.csv.zst.meta.json" >"$PGA_TMP/lost/accounting.csv.zst.meta.json"
expect_fail "verify with a history row missing from the accounting" env -u PGGIT_AUDIT_SOURCE PGGIT_AUDIT_TARGET="$TGT" \
  "$PGA_BIN/pggit-audit-verify" --diff "$W/diff" --classify "$W/classify" --load "$W/load" --outdir "$PGA_TMP/lost-verify" \
  --v1 "$W/v1export" --replay "$PGA_TMP/lost"
assert_contains "the unaccounted history row is named" "history row $LOST_ID is not accounted for" "$(cat "$PGA_TMP/last.err")"
N=$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes")
assert_version_sides "$TGT" "v1 fixture"
assert_eq "every change backfilled_from_v1 and verified" "$N|$N" \
  "$(q "$TGT" "SELECT count(*) FILTER (WHERE backfilled_from_v1), count(*) FILTER (WHERE verified) FROM pggit_audit.changes")"
assert_eq "rename of shop.order_items to shop.order_lines is recorded as a RENAME" "RENAME|RENAME" \
  "$(q "$TGT" "SELECT string_agg(change_type, '|' ORDER BY path) FROM pggit_audit.changes WHERE path IN ('shop.order_items', 'shop.order_lines') AND commit_message LIKE '%RENAME TO order_lines%'")"
assert_eq "shop.carts dropped and re-created: two versions" "2" \
  "$(q "$TGT" "SELECT max(version_number) FROM pggit_audit.object_versions WHERE object_schema = 'shop' AND object_name = 'carts'")"
assert_contains "the re-creation is flagged in the accounting" "re-creates shop.carts, dropped at history row 42" "$(zstdcat "$W/replay/accounting.csv.zst")"
assert_eq "author and time of history row 16 on its change" "postgres <>|2026-11-26 00:40:35.485945" \
  "$(q "$TGT" "SELECT author, committed_at FROM pggit_audit.changes WHERE commit_message LIKE '%ADD COLUMN updated_at%' AND path = 'shop.orders'")"
assert_eq "the orders table as PostgreSQL renders it after row 16" "t" \
  "$(q "$TGT" "SELECT new_definition LIKE '%updated_at timestamp with time zone%' FROM pggit_audit.changes WHERE commit_message LIKE '%ADD COLUMN updated_at%' AND path = 'shop.orders'")"
assert_eq "DROP SCHEMA reporting CASCADE drops the schema and its view" "DROP|DROP" \
  "$(q "$TGT" "SELECT string_agg(change_type, '|' ORDER BY path) FROM pggit_audit.changes WHERE commit_message LIKE '%DROP SCHEMA reporting CASCADE%'")"

# history SQL ran only in the scratch database, which is gone
assert_eq "no new relation in the source" "$SRC_TABLES_BEFORE" "$(q "$SRC" "SELECT count(*) FROM pg_class WHERE relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace)")"
assert_eq "no shop schema in the target" "0" "$(q "$TGT" "SELECT count(*) FROM pg_namespace WHERE nspname IN ('shop', 'billing', 'reporting')")"
SCRATCH=$(grep -o 'scratch database pggit_audit_replay_[0-9a-f]*' "$W/logs/replay.log" | head -1 | awk '{print $3}')
assert_contains "the replay names its scratch database" "pggit_audit_replay_" "$SCRATCH"
assert_eq "scratch database dropped" "0" "$(q "$PGA_CONN" "SELECT count(*) FROM pg_database WHERE datname = '$SCRATCH'")"

# ---- rerun: nothing to do, nothing added ----
BEFORE=$(dump_audit "$TGT")
run >"$PGA_TMP/run2.log" 2>&1 || { cat "$PGA_TMP/run2.log"; fail "rerun failed"; }
assert_contains "rerun: every target up to date" "0 run, 8 up to date" "$(cat "$PGA_TMP/run2.log")"
for f in objects commit_graph tree_entries refs accounting; do cp "$W/replay/$f.csv.zst" "$PGA_TMP/first_$f.csv.zst"; done
run --force replay >"$PGA_TMP/run3.log" 2>&1 || { cat "$PGA_TMP/run3.log"; fail "forced replay failed"; }
for f in objects commit_graph tree_entries refs accounting; do
  if cmp -s "$W/replay/$f.csv.zst" "$PGA_TMP/first_$f.csv.zst"; then ok "forced replay: $f byte-identical"; else fail "forced replay: $f differs"; fi
done
assert_eq "rerun added no audit row" "$BEFORE" "$(dump_audit "$TGT")"
pga_finish
