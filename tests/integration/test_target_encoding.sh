#!/usr/bin/env bash
# test_target_encoding.sh - a target database in SQL_ASCII (PostgreSQL stores the UTF-8
# the load sends byte for byte, and its length() counts bytes there): the fixture, whose
# definitions hold non-ASCII text, is loaded and verified like on a UTF8 target. The
# verify recomputed each version's blob sha with length(), which gave the byte count,
# and failed every non-ASCII version ("definition does not hash to blob_sha") though
# the rows were intact.
# Then a LATIN1 target: the pre-flight checks pass while every definition converts, and
# once a commit adds a definition holding a character LATIN1 lacks they fail naming its
# blob, before anything is exported (the load used to be the first to meet it, stopping
# at that batch in the middle of the window).
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

latin="pga_${PGA_TEST_NAME}_latin1"
q "$PGA_CONN" "DROP DATABASE IF EXISTS \"$latin\" WITH (FORCE)" >/dev/null
q "$PGA_CONN" "CREATE DATABASE \"$latin\" ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null
register_db "$latin"
TL="$PGA_CONN dbname=$latin"
# the fixture holds a euro sign, which LATIN1 lacks: a store of its own
SRC2=$(new_commit_source src2)
q "$SRC2" "SELECT pga_test.commit_paths(ARRAY['app.café'], ARRAY['CREATE TABLE app.\"café\" (id int); -- été'], 'latin1 text')" >/dev/null
"$PGA_BIN/pggit-audit-checks" --source "$SRC2" --target "$TL" --outdir "$PGA_TMP/checks-ok" >"$PGA_TMP/checks-ok.log" 2>&1 \
  || { cat "$PGA_TMP/checks-ok.log"; fail "checks failed on definitions LATIN1 can hold"; }
assert_contains "encoding check ok on a LATIN1 target" "ok      encoding.target: target encoding LATIN1 holds every definition" \
  "$(cat "$PGA_TMP/checks-ok.log")"
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC2" --target "$TL" --workdir "$PGA_TMP/wl" >"$PGA_TMP/runl.log" 2>&1 \
  && ok "pipeline into a LATIN1 target" || { cat "$PGA_TMP/runl.log"; fail "pipeline into LATIN1 failed"; }
assert_contains "LATIN1 verification passed" '"status": "PASSED"' "$(cat "$PGA_TMP/wl/verify/report.json" 2>/dev/null)"
EMOJI=$(q "$SRC2" "SELECT pga_test.commit_paths(ARRAY['app.rocket'], ARRAY['CREATE TABLE app.rocket (id int); COMMENT ON TABLE app.rocket IS ''🚀 launch'';'], 'an emoji')")
BLOB=$(q "$SRC2" "SELECT t.object_sha FROM pggit_v0.commit_graph c JOIN pggit_v0.tree_entries t ON t.tree_sha = c.tree_sha
                 WHERE c.commit_sha = '$EMOJI' AND t.path = 'app.rocket'")
out=$("$PGA_BIN/pggit-audit-checks" --source "$SRC2" --target "$TL" --outdir "$PGA_TMP/checks-bad" 2>&1) && fail "checks passed a definition LATIN1 cannot hold" || ok "checks refuse a definition LATIN1 cannot hold"
assert_contains "the failure names the blob" "encoding.target: 1 of the store's definitions hold characters the target's encoding LATIN1 cannot hold (e.g. blob $BLOB" "$out"
assert_contains "the report says FAILED" '"status": "FAILED"' "$(cat "$PGA_TMP/checks-bad/report.json")"

pga_finish
