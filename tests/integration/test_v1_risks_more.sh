#!/usr/bin/env bash
# test_v1_risks_more.sh - the v1 backfill on synthetic histories built to trigger each risk
# (tests/v1/riskN_*.sql), from risk 24 on (test_v1_risks.sh has the others): texts holding DDL
# and a DO block (the DDL runs), an unqualified SET SCHEMA after the script's SET search_path,
# reasons quoting a statement cut inside a character, an extension the server refuses beside
# DDL, ALTER rows of a text with a DO block that the statements which ran account for (no
# warning), unqualified moves after a SET search_path of several schemas, objects of schemas
# whose names need quotes (named in reasons as the paths name them), a SQL_ASCII source
# holding bytes that are not UTF-8 (the export names the row and column), ids held by two rows
# (the pre-flight stops, naming them), created_at values that are no time (infinity, BC, year
# 10000 or later: rows without a time), objects rows and history rows of a branch other than
# main (counted, accounted as skipped, never replayed), a script that adds an enum value,
# COMMITs and uses it (the value committed first: no 55P04), partitions detached (rendered
# again), migration files opening with pg_dump's prelude of session settings (cut: the DDL
# runs), tablespaces the replay server lacks (pg_default in their place), types never created,
# unqualified or arrays (stub domains), roles the replay server lacks (the replaying role in
# their place), sequence stubs only for what a nextval() names, collations the replay server
# lacks (stubs).
# Each history runs through the whole pipeline; every row must be accounted for and
# verification pass.
source "$(dirname "$0")/v1_risks_lib.sh"

# ---- 24. texts holding ordinary DDL and a DO block: the DDL runs, the block is left out on its own ----
setup risk24_mixed_do
pipeline risk24
assert_eq "risk24: statuses (the DDL beside the blocks ran; the later ALTER finds app.a as the text left it)" \
  "applied applied applied applied applied applied applied skipped applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_contains "risk24: the left-out block is named in its row (blanks run together, the comment before it shown)" \
  "statement (-- DO \$\$ ; DO \$d\$BEGIN EXECUTE 'DROP TABLE app.b'; END\$d\$) of the text not replayed" "$(acc 6)"
assert_contains "risk24: the left-out block is named in its row" \
  "statement (DO \$\$ BEGIN EXECUTE 'CREATE TABLE app.b (id int)'; END \$\$) of the text not replayed: DO blocks run arbitrary code" "$(acc 1)"
assert_contains "risk24: what its rows create is created instead, and only that" \
  "created from pggit.objects.ddl_normalized instead: app.b" "$(acc 1)"
assert_eq "risk24: app.a as the text left it, then the later ALTER; app.n without a definition created by the text" \
  "app.a:CREATE:1 app.b:CREATE:1 app.n:CREATE:1 app.a:ALTER:2 app.b:DROP:3 app.f:CREATE:3 app.a:ALTER:3" \
  "$(q "$TGT" "SELECT string_agg(path || ':' || change_type || ':' || commit_generation, ' ' ORDER BY commit_generation, change_type = 'ALTER', path) FROM pggit_audit.changes WHERE commit_generation BETWEEN 1 AND 3")"
assert_contains "risk24: app.a has x and y after the text" "y integer" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.a' AND commit_generation = 1")"
assert_contains "risk24: the comment after a dollar quote, a comment and an E'' string holding ';' and DO" "it''s; DO" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.a' AND commit_generation = 3")"
assert_contains "risk24: the non-ASCII name after a DO block, no trailing ';'" 'app."tâble"' \
  "$(q "$TGT" "SELECT string_agg(path, ' ') FROM pggit_audit.changes WHERE change_type = 'CREATE'")"
assert_eq "risk24: warnings: the blocks left out (rows 1, 6, 9), the function's DROP (8); not the ALTER row of the text (4), its ALTER ran" \
  "1 6 8 9" "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | cut -d, -f1 | sort -n | paste -sd' ')"
assert_contains "risk24: the function's DROP in a DO block is not silent" "defined as app.f) is dropped by it and not dropped in the replay" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | grep '^8,')"
assert_contains "risk24: the preflight counts the blocks left out" '"left out of a text whose other statements run: DO blocks run arbitrary code": 3' \
  "$(cat "$W/preflight/report.json")"

# ---- 25. an unqualified SET SCHEMA after the script's own SET search_path ----
setup risk25_move_search_path
pipeline risk25
assert_eq "risk25: both moves applied (the baseline gave the tables back where the script's path finds them)" "applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk25: the baseline holds them in the path's first schema" '"Old" "Old".n arch staging staging.m' \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk25: the moves are in the store" 'arch.m:RENAME arch.n:RENAME' \
  "$(q "$TGT" "SELECT string_agg(path || ':' || change_type, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation > 0 AND path LIKE 'arch.%'")"

# ---- 26. reasons quoting a statement's start cut inside a character ----
setup risk26_utf8_reasons
pipeline risk26
assert_eq "risk26: both texts applied in part" "applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk26: the accounting and warnings are UTF-8" "ok" \
  "$(zstdcat "$W/replay/accounting.csv.zst" "$W/replay/warnings.csv.zst" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 && echo ok)"
assert_contains "risk26: the failed statement quoted up to a whole character" 'x (id ""aéééééééééééééééééééééééé ...) failed: 42704' "$(acc 1)"

# ---- 27. an extension the replay server refuses beside ordinary DDL ----
setup risk27_mixed_extension
pipeline risk27
assert_eq "risk27: both rows applied (the table as the text made it, then the ALTER)" "applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_contains "risk27: the extension's statement is named in the row" \
  "statement (CREATE EXTENSION IF NOT EXISTS dblink) of the text not replayed: an extension that needs a superuser" "$(acc 1)"
assert_contains "risk27: ... and is a warning of the row" "an extension that needs a superuser and is not trusted" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | grep '^1,')"

# ---- 28. ALTER rows of a text with a DO block: warned only when the statements that ran do not account for them ----
setup risk28_mixed_alters
pipeline risk28
assert_eq "risk28: warnings: the blocks left out (rows 1, 5, 8, 10, 11, 13, 14), the DO block's ALTER rows (5, 6: two rows, one command ran; 7: none), one for the function rows of a text that made one function of two (11, for 11 and 12), the one of a text that only altered one (13); not the function the DDL made (10), nor the unnamed row whose function the DDL made beside a named one the DO block made (14, 15)" \
  "1 5 5 6 7 8 10 11 11 13 13 14" "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | cut -d, -f1 | sort -n | paste -sd' ')"
assert_contains "risk28: the two function rows of which one was made: one warning, saying which cannot be told" \
  "the statements that ran made 1 routine there: 1 more, made by what was not replayed, is not created in the replay, and which of the rows without ddl_normalized it is cannot be told (pgGit names routines by OID): pggit.objects rows 6 (FUNCTION app.90003, history row 11), 7 (FUNCTION app.90004, history row 12)" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | grep '^11,FUNCTION')"
assert_contains "risk28: ... and the reason says one of them is lost" "not in the replay (see warnings): 1 of (app.90003, app.90004)" "$(acc 11)"
assert_eq "risk28: the DDL's function and the DO block's, created from its definition, are in the store" "app.p app.q" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_message LIKE '%history: row 14%'")"
assert_contains "risk28: the DO block's ALTER is named in its row" "changes possibly made by what was not replayed are not in the replay (see warnings): app.a" "$(acc 5)"
assert_eq "risk28: the trigger the text made is not made again from its definition (no COMMENT of it)" \
  "CREATE TRIGGER trg BEFORE INSERT ON app.a FOR EACH ROW EXECUTE FUNCTION app.tf();" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.trg'")"

# ---- 29. unqualified moves after a SET search_path of several schemas: looked up along the whole path ----
setup risk29_path_list
pipeline risk29
assert_eq "risk29: every row applied (the history's CREATE SCHEMA later included)" "applied applied applied applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk29: the baseline: no schema invented, the tables in the first schema of their path that exists" \
  "arch b b.t b.v b.x c" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk29: the move takes the table the history made in the path's second schema" "arch.u:RENAME c.u:RENAME" \
  "$(q "$TGT" "SELECT string_agg(path || ':' || change_type, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 3")"

# ---- 30. objects of schemas whose names need quotes, created, dropped, altered by DO blocks ----
setup risk30_quoted_names
pipeline risk30
assert_contains "risk30: the table a DO block dropped is named as the store's paths name it" \
  'dropped instead (DROP ... IF EXISTS): ""my.schema"".""tab.le""' "$(acc 2)"
assert_contains "risk30: ... and the one it created" \
  'created from pggit.objects.ddl_normalized instead: ""Sales"".""Orders""' "$(acc 3)"
assert_contains "risk30: ... and the one it altered, in the reason" \
  'are not in the replay (see warnings): ""my.schema"".plain' "$(acc 4)"
assert_eq "risk30: ... and in the warning" '4,TABLE,"""my.schema"".plain"' \
  "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | cut -d, -f1-3)"
assert_eq "risk30: the drop and the creation are in the store" '"Sales"."Orders":CREATE "my.schema"."tab.le":DROP' \
  "$(q "$TGT" "SELECT string_agg(path || ':' || change_type, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation > 1")"

# ---- 31. a SQL_ASCII source holding bytes that are not UTF-8: the export stops naming the row and column ----
SRC=$(new_db src_risk31); TGT=$(new_db tgt_risk31); W="$PGA_TMP/risk31"
q "$PGA_CONN" "DROP DATABASE IF EXISTS pga_${PGA_TEST_NAME}_src_risk31" >/dev/null
q "$PGA_CONN" "CREATE DATABASE pga_${PGA_TEST_NAME}_src_risk31 TEMPLATE template0 ENCODING 'SQL_ASCII' LOCALE 'C'" >/dev/null
psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/risk31_not_utf8.sql" >/dev/null
if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$W" >"$W.log" 2>&1; then
  fail "risk31: the pipeline succeeded on text that is not UTF-8"
else
  assert_contains "risk31: the error names the history row and its column" \
    'exporting pggit.history: row id 2, column sql_executed: ERROR:  invalid byte sequence for encoding "UTF8": 0xe9' "$(cat "$W.log")"
  assert_contains "risk31: ... and says what to do" "the source's text must be UTF-8" "$(cat "$W.log")"
fi
q "$SRC" "UPDATE pggit.history SET sql_executed = 'COMMENT ON TABLE app.a IS ''cafe'';' WHERE id = 2" >/dev/null
if PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit-v1export" --outdir "$W/v1export" -q >"$W.log" 2>&1; then
  fail "risk31: the export succeeded on a definition that is not UTF-8"
else
  assert_contains "risk31: the error names the objects row and its column" \
    'exporting pggit.objects: row id 2, column ddl_normalized: ERROR:  invalid byte sequence' "$(cat "$W.log")"
  assert_eq "risk31: no artifact of the table left behind" "" "$(ls "$W/v1export" | grep objects || true)"
fi

# ---- 32. an id held by two rows (the primary key dropped): the pre-flight stops, naming it ----
setup risk32_repeated_ids
if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$W" >"$W.log" 2>&1; then
  fail "risk32: the pipeline succeeded on a history holding an id twice"
else
  assert_contains "risk32: the pre-flight names the table and the id" \
    "pggit.history: an id is held by more than one row (1 extra rows; id 2)" "$(cat "$W.log")"
  assert_contains "risk32: ... before anything is replayed" "[not run] replay" "$(cat "$W.log")"
fi
q "$SRC" "UPDATE pggit.history SET id = 4 WHERE sql_executed LIKE 'ALTER TABLE app.a ADD z%'; UPDATE pggit.history SET id = 3 WHERE sql_executed LIKE 'ALTER TABLE app.a ADD y%';
  ALTER TABLE pggit.objects DROP CONSTRAINT objects_pkey CASCADE; INSERT INTO pggit.objects (id, object_type, schema_name, object_name, branch_name) VALUES (2, 'TABLE', 'app', 'c', 'other')" >/dev/null
if PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit-v1export" --outdir "$W/v1export" -q >"$W.log" 2>&1; then
  fail "risk32: the export succeeded on objects holding an id twice"
else
  assert_contains "risk32: the export names the objects' repeated id" \
    "pggit.objects: an id is held by more than one row (1 extra rows; id 2)" "$(cat "$W.log")"
fi

# ---- 33. created_at values that are no time to commit at: rows without a time ----
setup risk33_odd_times
pipeline risk33
assert_eq "risk33: every row applied" "applied applied applied applied applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk33: the pre-flight counts infinity, -infinity, BC and year 12026 as missing" "4 [2,3,4,5]" \
  "$(jq -c '"\(.rows_missing_time) \(.rows_missing_time_ids)"' -r "$W/preflight/report.json")"
assert_eq "risk33: their commits take the time of the row before; the time before 1970 is kept" \
  "2026-12-03 09:00:00 2026-12-03 09:00:00 2026-12-03 09:00:00 2026-12-03 09:00:00 2026-12-03 09:00:00 1969-12-31 23:59:59.5" \
  "$(q "$TGT" "SELECT string_agg(committed_at::text, ' ' ORDER BY commit_generation) FROM (SELECT DISTINCT commit_generation, committed_at FROM pggit_audit.changes WHERE commit_generation > 0) x")"

# ---- 34. rows of another branch (pggit.objects.branch_name): counted and accounted, not replayed ----
setup risk34_branches
pipeline risk34
assert_eq "risk34: the rows of branch feature skipped, naming it; main's applied (a NULL branch_name is main)" \
  "1:applied 2:skipped 3:skipped 4:applied 5:skipped 6:applied 7:applied 8:skipped 9:applied 10:skipped" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f1,2 | tr , : | paste -sd' ')"
assert_contains "risk34: ... the reason names the branch and the objects row" "on branch feature (pggit.objects row 5), not main" "$(acc 3)"
assert_eq "risk34: ... also for a branch's CREATE row without SQL (no object created from its definition)" \
  '10,skipped,,,"on branch feature (pggit.objects row 3), not main: the audit trail follows main only (the audit schema has no branch)"' "$(acc 10)"
assert_eq "risk34: no baseline warning for the branch copy of app.a" "" "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2)"
assert_eq "risk34: the baseline holds main's objects only (no branch table, no branch schema)" "app app.a" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk34: the table the branch created is nowhere in the audit trail" "0" \
  "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE path IN ('app.feat_new', 'app.only_feature', 'fonly', 'fonly.t')")"
assert_eq "risk34: main's app.a has main's columns only" "id b c d" \
  "$(q "$TGT" "SELECT string_agg(m[1], ' ' ORDER BY o) FROM (SELECT definition FROM pggit_audit.object_versions WHERE object_schema = 'app' AND object_name = 'a' ORDER BY version_number DESC LIMIT 1) v, regexp_matches(v.definition, '^    (\w+) ', 'gn') WITH ORDINALITY AS x(m, o)")"
assert_eq "risk34: the pre-flight counts the rows per branch" '{"feature":5,"main":5} {"feature":5,"main":2} 5 5' \
  "$(jq -rc '"\(.history_rows_by_branch) \(.objects_rows_by_branch) \(.history_rows_on_other_branches) \(.objects_rows_on_other_branches)"' "$W/preflight/report.json")"
assert_contains "risk34: ... and prints what is left out" "feature                      5 history rows, 5 objects rows - left out" "$(cat "$W.log")"
assert_eq "risk34: ... the branch objects are not listed for the baseline, nor the branch's row without SQL" "1 1 0" \
  "$(jq -r '"\(.objects_without_create) \(.objects_for_baseline) \(.rows_missing_sql)"' "$W/preflight/report.json")"
assert_eq "risk34: the replay's report counts the rows per branch" '{"feature":5,"main":5}' \
  "$(jq -c .history_rows_by_branch "$W/replay/report.json")"

# the same store followed along its other branch (BRANCH=feature): main's rows (a NULL branch_name
# is main) are the ones left out, and the branch's objects are its baseline
TGT2=$(new_db "tgt_risk34_feature"); W2="$PGA_TMP/risk34_feature"
if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$TGT2" --workdir "$W2" BRANCH=feature >"$W2.log" 2>&1; then
  ok "risk34: BRANCH=feature: pipeline succeeded"
  assert_eq "risk34: BRANCH=feature: main's rows skipped, the branch's applied" \
    "1:skipped 2:applied 3:applied 4:skipped 5:applied 6:skipped 7:skipped 8:applied 9:skipped 10:skipped" \
    "$(zstdcat "$W2/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f1,2 | tr , : | paste -sd' ')"
  assert_contains "risk34: BRANCH=feature: ... the reason names main for a NULL branch_name" \
    "on branch main (pggit.objects row 4), not feature" "$(zstdcat "$W2/replay/accounting.csv.zst" | awk -F, '$1 == 4')"
  assert_eq "risk34: BRANCH=feature: the baseline holds the branch's objects (app.only_feature: its CREATE row)" \
    "app app.a fonly fonly.t" \
    "$(q "$TGT2" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
  assert_contains "risk34: BRANCH=feature: ... the branch's CREATE row without SQL creates it from ddl_normalized" \
    "created from pggit.objects.ddl_normalized instead: app.only_feature" "$(zstdcat "$W2/replay/accounting.csv.zst" | awk -F, '$1 == 10')"
  assert_eq "risk34: BRANCH=feature: the pre-flight and the replay say which branch they followed" "feature feature" \
    "$(jq -r .replayed_branch "$W2/preflight/report.json") $(jq -r .replayed_branch "$W2/replay/report.json")"
  assert_contains "risk34: BRANCH=feature: verification PASSED" '"status": "PASSED"' "$(cat "$W2/verify/report.json")"
else
  cat "$W2.log"; fail "risk34: BRANCH=feature: pipeline failed"
fi
# a branch the store does not have: refused by the pre-flight, naming the branches there are, before
# anything is written into the target
TGT3=$(new_db "tgt_risk34_none"); W3="$PGA_TMP/risk34_none"
if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$TGT3" --workdir "$W3" BRANCH=master >"$W3.log" 2>&1; then
  fail "risk34: BRANCH=master (no such branch) succeeded"
else
  assert_contains "risk34: BRANCH=master: refused naming the branches the store has" \
    "no pggit.objects or pggit.history row is on branch master, the branch the audit trail follows: the store has main (2 objects rows, 5 history rows), feature (5 objects rows, 5 history rows)" \
    "$(cat "$W3.log")"
  assert_eq "risk34: BRANCH=master: no report, no audit schema in the target" "no 0" \
    "$([ -e "$W3/preflight/report.json" ] && echo yes || echo no) $(q "$TGT3" "SELECT count(*) FROM pg_namespace WHERE nspname = 'pggit_audit'")"
fi

# ---- 37. a script that adds an enum value, COMMITs and uses it: the value is committed first ----
setup risk37_enum_script
pipeline risk37
assert_eq "risk37: every row applied" "applied applied applied applied applied applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk37: no statement failed (55P04 before)" "0" "$(jq .statements_failed "$W/replay/report.json")"
assert_contains "risk37: the table whose default uses the new value is in the store" "DEFAULT 'meh'::app.mood" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.m'")"
assert_contains "risk37: ... and the one whose CHECK uses it" "'ok'::app.mood" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.n'")"
assert_eq "risk37: one commit per script, as production's one query string" "1 1" \
  "$(q "$TGT" "SELECT count(DISTINCT commit_sha) FROM pggit_audit.changes WHERE path IN ('app.m', 'app.mood') AND commit_message LIKE '%ADD VALUE ''meh''%'") $(q "$TGT" "SELECT count(DISTINCT commit_sha) FROM pggit_audit.changes WHERE path IN ('app.n', 'app.mood') AND commit_message LIKE '%ADD VALUE ''ok''%'")"

# ---- 36. partitions detached by the history: rendered again, no longer PARTITION OF ----
setup risk36_detach
pipeline risk36
assert_eq "risk36: each detach is a change of its partition (p1, p2 CONCURRENTLY, p3 unqualified)" \
  "app.p1:ALTER:4 app.p2:ALTER:5 app.p3:ALTER:6" \
  "$(q "$TGT" "SELECT string_agg(c.path || ':' || c.change_type || ':' || a.history_id, ' ' ORDER BY c.path) FROM pggit_audit.changes c JOIN (SELECT DISTINCT commit_sha, min(history_id) AS history_id FROM (VALUES $(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | awk -F, '$4 != "" {printf "%s(%s, '\''%s'\'')", sep, $1, $4; sep=", "}')) v(history_id, commit_sha) GROUP BY 1) a USING (commit_sha) WHERE c.path LIKE 'app.p_' AND a.history_id IN (4, 5, 6)")"
assert_eq "risk36: the last snapshot: p2 and p3 plain tables, p1 attached again" \
  "app.p1:PARTITION app.p2:plain app.p3:plain" \
  "$(q "$TGT" "SELECT string_agg(path || ':' || CASE WHEN new_definition LIKE '%PARTITION OF%' THEN 'PARTITION' ELSE 'plain' END, ' ' ORDER BY path) FROM (SELECT DISTINCT ON (path) path, new_definition FROM pggit_audit.changes WHERE path LIKE 'app.p_' ORDER BY path, commit_generation DESC) x")"

# ---- 38. a tenant migration in one transaction: the same ALTER / DROP text for one name in two schemas ----
setup risk38_tenant_alters
pipeline risk38
assert_eq "risk38: ALTER and DROP rows of one unqualified command in two schemas are two statements; DROP a.v, b.v one" \
  "9,applied,9 10,applied,10 11,applied,11 12,applied,12 13,applied,13 14,applied,13" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | awk -F, '$1 >= 9' | cut -d, -f1-3 | paste -sd' ')"
assert_eq "risk38: no statement failed, no warning" "0 0" \
  "$(jq .statements_failed "$W/replay/report.json") $(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | wc -l)"
assert_eq "risk38: the pre-flight counts them as the replay does (8 statements of 14 rows)" "8" \
  "$(jq .statements "$W/preflight/report.json")"
assert_eq "risk38: each tenant's table has its column x, each its own commit" "a.t|9 b.t|10" \
  "$(q "$TGT" "SELECT string_agg(path || '|' || substring(commit_message FROM 'row ([0-9]+)'), ' ' ORDER BY path) FROM pggit_audit.changes WHERE path IN ('a.t', 'b.t') AND new_definition LIKE '%x integer%'")"
assert_eq "risk38: each tenant's u dropped by its own row; a.v and b.v by one" "a.u|11 a.v|13 b.u|12 b.v|13" \
  "$(q "$TGT" "SELECT string_agg(path || '|' || substring(commit_message FROM 'row ([0-9]+)'), ' ' ORDER BY path) FROM pggit_audit.changes WHERE change_type = 'DROP'")"

# ---- 40. an unqualified ALTER / DROP whose one run reached the same name in another schema (inheritance, partition) ----
setup risk40_inherited_alters
pipeline risk40
assert_eq "risk40: the child's and the partition's rows are the parent's statement, applied, not failed" \
  "5,applied,5 6,applied,5 7,applied,7 8,applied,7" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | awk -F, '$1 >= 5' | cut -d, -f1-3 | paste -sd' ')"
assert_eq "risk40: no statement failed, no error row" "0 0" \
  "$(jq .statements_failed "$W/replay/report.json") $(zstdcat "$W/replay/errors.csv.zst" | tail -n +2 | wc -l)"
assert_eq "risk40: a.p and b.p have c from row 5; a.q and b.q dropped by row 7" "a.p|5 b.p|5 DROP:a.q|7 DROP:b.q|7" \
  "$(q "$TGT" "SELECT string_agg(path || '|' || substring(commit_message FROM 'row ([0-9]+)'), ' ' ORDER BY path) FROM pggit_audit.changes WHERE path IN ('a.p', 'b.p') AND new_definition LIKE '%c integer%'") $(q "$TGT" "SELECT string_agg('DROP:' || path || '|' || substring(commit_message FROM 'row ([0-9]+)'), ' ' ORDER BY path) FROM pggit_audit.changes WHERE change_type = 'DROP'")"

# ---- 41. rename then re-create, a view gaining a column, a cascade into another schema, dotted names ----
setup risk41_history_traps
pipeline risk41
assert_eq "risk41: every row applied" "13" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | awk -F, '$2 == "applied"' | wc -l)"
assert_eq "risk41: the changes, in order" \
  "app.t1:CREATE app.t1:RENAME app.t1_old:RENAME app.t1:CREATE app.v:CREATE app.v:ALTER app.base:CREATE rpt.bv:CREATE app.base:DROP rpt.bv:DROP \"my.schema\":CREATE \"my.schema\".\"t.x\":CREATE \"my.schema\".\"t.x\":ALTER" \
  "$(q "$TGT" "SELECT string_agg(path || ':' || change_type, ' ' ORDER BY commit_generation, path) FROM pggit_audit.changes WHERE path NOT IN ('app', 'rpt')")"
assert_eq "risk41: the re-created t1 has x, the view b, the dotted table y" "1|1|1" \
  "$(q "$TGT" "SELECT count(*) FILTER (WHERE path = 'app.t1' AND new_definition LIKE '%x integer%'), count(*) FILTER (WHERE path = 'app.v' AND new_definition LIKE '%2 AS b%'), count(*) FILTER (WHERE path = '\"my.schema\".\"t.x\"' AND new_definition LIKE '%y integer%') FROM pggit_audit.changes")"

# ---- 42. migration files with pg_dump's prelude of session settings: the DDL after it runs ----
setup risk42_dump_prelude
pipeline risk42
assert_eq "risk42: the texts with the prelude applied, the one setting xmloption = document skipped" \
  "1,applied 2,applied 3,applied 4,applied 5,skipped" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f1,2 | paste -sd' ')"
assert_contains "risk42: the table the dump created is in the store, with its key, then its new column" \
  "CONSTRAINT u_pkey PRIMARY KEY (id)" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.u' AND new_definition LIKE '%t integer%'")"
assert_contains "risk42: the prelude's set_config (a SELECT) is left out, with a warning" "set_config('search_path'" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | grep '^2,')"
assert_eq "risk42: no statement failed" "0" "$(jq .statements_failed "$W/replay/report.json")"

# ---- 43. tablespaces production had and the replay server lacks: pg_default in their place ----
setup risk43_tablespaces
pipeline risk43
assert_eq "risk43: every row applied (the ALTER ... SET TABLESPACE changes nothing captured)" \
  "applied applied applied applied applied applied applied applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk43: the store has the tables, the index and the view" "app.d2 app.d2_a app.d3 app.mv" \
  "$(q "$TGT" "SELECT string_agg(DISTINCT path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE path <> 'app'")"
assert_contains "risk43: ... d2 with the columns later rows added" "c integer," \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.d2' AND new_definition LIKE '%d integer%'")"
assert_eq "risk43: each tablespace named is a stub of its row" \
  "2:fastdisk 4:Slow Disk 5:data_ts 5:idx_ts 7:archive 8:fastdisk" \
  "$(zstdcat "$W/replay/stubs.csv.zst" | tail -n +2 | awk -F, '{gsub(/"/, "", $NF); print $1 ":" $NF}' | sort | paste -sd' ')"
assert_eq "risk43: no definition names pg_default" "0" \
  "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE new_definition ILIKE '%tablespace%'")"

# ---- 44. types the history uses and never creates: unqualified ones and arrays get stub domains ----
setup risk44_missing_types
pipeline risk44
assert_eq "risk44: every row applied, none failed" "applied applied applied applied applied applied applied applied 0" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ') $(jq .statements_failed "$W/replay/report.json")"
assert_eq "risk44: the stubs (an unqualified name in public, an array's element type)" \
  "2:public.hstore 2:public.citext 4:public.Email 5:public.mood 8:app.label" \
  "$(zstdcat "$W/replay/stubs.csv.zst" | tail -n +2 | awk -F, '{print $1 ":" $NF}' | paste -sd' ')"
assert_contains "risk44: the tables render the types by name, as production did" "tags hstore, names citext[], n integer" \
  "$(q "$TGT" "SELECT regexp_replace(new_definition, '\s+', ' ', 'g') FROM pggit_audit.changes WHERE path = 'app.h' AND change_type = 'ALTER'")"
assert_contains "risk44: ... qualified arrays too" "a app.label[], b app.label[]" \
  "$(q "$TGT" "SELECT regexp_replace(new_definition, '\s+', ' ', 'g') FROM pggit_audit.changes WHERE path = 'app.q'")"
assert_eq "risk44: no stub in the store; the type the history creates is" "public.mood:CREATE" \
  "$(q "$TGT" "SELECT string_agg(path || ':' || change_type, ' ') FROM pggit_audit.changes WHERE path LIKE 'public.%' OR path IN ('app.label', 'public')")"

# ---- 45. roles production had and the replay server lacks: the replaying role in their place ----
setup risk45_missing_roles
pipeline risk45
assert_eq "risk45: every row applied, no statement failed" "applied applied applied applied applied applied applied applied applied 0" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ') $(jq .statements_failed "$W/replay/report.json")"
assert_eq "risk45: each schema created by its own statement, none in a baseline" "app|1 bob|7" \
  "$(q "$TGT" "SELECT string_agg(path || '|' || substring(commit_message FROM 'row ([0-9]+)'), ' ' ORDER BY path) FROM pggit_audit.changes WHERE path IN ('app', 'bob')")"
assert_eq "risk45: each missing role a stub of its row" \
  "1:app_owner 3:app_owner 4:Audit Team 4:reporting 5:app_owner 5:reporting 6:app_owner 7:bob" \
  "$(zstdcat "$W/replay/stubs.csv.zst" | tail -n +2 | awk -F, '{gsub(/"/, "", $NF); print $1 ":" $NF}' | sort | paste -sd' ')"
assert_eq "risk45: the pre-flight lists no baseline schema" "0" "$(jq '.schemas_for_baseline | length' "$W/preflight/report.json")"
assert_eq "risk45: no role was created in the cluster" "0" \
  "$(q "$PGA_CONN" "SELECT count(*) FROM pg_roles WHERE rolname IN ('app_owner', 'reporting', 'Audit Team', 'bob')")"

# ---- 46. sequence stubs only for what a nextval() names ----
setup risk46_sequence_stubs
pipeline risk46
assert_eq "risk46: the foreign key to a table never created fails for its true reason" \
  '2,failed,2,,"42P01: relation ""app.parent"" does not exist"' "$(acc 2)"
assert_eq "risk46: the sequences nextval() names are stubs (quoted, cast, folded, unqualified)" "4:App.seq 4:app.n_seq 5:app.w_id_seq" \
  "$(zstdcat "$W/replay/stubs.csv.zst" | tail -n +2 | awk -F, '{print $1 ":" $NF}' | paste -sd' ')"
assert_contains "risk46: the table using them is in the store" "nextval('\"App\".seq'::regclass)" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.u'")"
assert_eq "risk46: the table of the unqualified one is created and altered" "applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | awk -F, '$1 == 5 || $1 == 6' | cut -d, -f2 | paste -sd' ')"

# ---- 47. collations production had and the replay server lacks: stubs named as production's ----
setup risk47_missing_collations
pipeline risk47
assert_eq "risk47: every row applied, none failed" "applied applied applied applied applied 0" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ') $(jq .statements_failed "$W/replay/report.json")"
assert_eq "risk47: one stub each, the first time it is needed" "2:pg_catalog.xx_PGA 2:app.ci" \
  "$(zstdcat "$W/replay/stubs.csv.zst" | tail -n +2 | awk -F, '{print $1 ":" $NF}' | paste -sd' ')"
assert_contains "risk47: the table names them as production's catalog did" 's text COLLATE pg_catalog."xx_PGA", t text COLLATE app.ci, z integer' \
  "$(q "$TGT" "SELECT regexp_replace(new_definition, '\s+', ' ', 'g') FROM pggit_audit.changes WHERE path = 'app.c' AND change_type = 'ALTER'")"
assert_eq "risk47: no collation in the store, nor an unsupported-object warning" "0 0" \
  "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE path NOT IN ('app', 'app.c', 'app.c_s', 'app.d')") $(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | wc -l)"

pga_finish
