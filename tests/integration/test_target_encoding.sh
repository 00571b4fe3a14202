#!/usr/bin/env bash
# test_target_encoding.sh - a target database in SQL_ASCII (PostgreSQL stores the UTF-8
# the load sends byte for byte, and its length() counts bytes there): the fixture, whose
# definitions hold non-ASCII text, is loaded and verified like on a UTF8 target. The
# verify recomputed each version's blob sha with length(), which gave the byte count,
# and failed every non-ASCII version ("definition does not hash to blob_sha") though
# the rows were intact.
source "$(dirname "$0")/lib.sh"
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"

SRC=$(new_db src)
load_v0_fixture "$SRC"
db="pga_${PGA_TEST_NAME}_ascii"
q "$PGA_CONN" "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
q "$PGA_CONN" "CREATE DATABASE \"$db\" ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null
register_db "$db"
T="$PGA_CONN dbname=$db"
assert_eq "the fixture has non-ASCII definitions" "t" \
  "$(q "$SRC" "SELECT bool_or(octet_length(content) > length(content)) FROM pggit_v0.objects WHERE type = 'blob'")"

"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T" --workdir "$PGA_TMP/w" >"$PGA_TMP/run.log" 2>&1 \
  && ok "pipeline into a SQL_ASCII target" || { cat "$PGA_TMP/run.log"; cat "$PGA_TMP/w/logs/verify.log" 2>/dev/null; fail "pipeline failed"; }
assert_contains "verification passed" '"status": "PASSED"' "$(cat "$PGA_TMP/w/verify/report.json" 2>/dev/null)"
assert_contains "no version failed" '"versions_failed": 0' "$(cat "$PGA_TMP/w/verify/report.json" 2>/dev/null)"
# the definitions arrived as the source's UTF-8 bytes
assert_eq "definitions byte for byte" \
  "$(q "$SRC" "SELECT md5(string_agg(content, '' ORDER BY sha)) FROM pggit_v0.objects WHERE type = 'blob'")" \
  "$(q "$T" "SELECT md5(string_agg(definition, '' ORDER BY blob_sha)) FROM pggit_audit.blobs")"

pga_finish
