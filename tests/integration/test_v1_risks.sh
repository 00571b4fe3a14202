#!/usr/bin/env bash
# test_v1_risks.sh - the v1 backfill on synthetic histories built to trigger each risk
# (tests/v1/riskN_*.sql): objects without CREATE (baseline commit), drop and re-create
# (versions continue, flagged), missing author/time/SQL (documented defaults, counted),
# failing / unparsable / forbidden statements (recorded, the run goes on, --max-errors,
# --dry-run), object types without a definition function (warned, counted), the helper schema
# named through escapes (skipped) or changed at run time (the replay stops, naming the row),
# statements that would run server code (skipped or rewritten WITH NO DATA), a new enum value
# used in the same batch, an unqualified name production put in another schema (warned), scripts
# sent as one query (BEGIN/COMMIT, SET search_path), schemas the history creates, renames and
# drops (an empty last snapshot), scripts whose parts fail on the replay server (run statement by
# statement) and rows without SQL between the rows of one statement, baseline definitions holding
# several statements (run statement by statement, screened like history text), a schema's own
# definition under the name the history renames it to (not in the baseline), a baseline enum value
# added by one definition and used by later ones (committed first), relations whose row under the
# name the history renames or moves them to has a definition (the rename finds them), an object older
# than the history that it drops and creates again (in the baseline), objects created by statements
# that are not replayed (created from their definitions instead), functions and procedures renamed or
# moved by the history and a relation moved by an unqualified SET SCHEMA (names given back), objects
# older than the history that its CREATE OR REPLACE modifies (in the baseline), objects dropped by
# statements that are not replayed (dropped by name instead), texts holding DDL and a DO block (the DDL runs), an unqualified SET SCHEMA after the script's SET search_path, reasons quoting a statement cut inside a character, an extension the server refuses beside DDL, ALTER rows of a text with a DO block that the statements which ran account for (no warning), unqualified moves after a SET search_path of several schemas, objects of schemas whose names need quotes (named in reasons as the paths name them), a SQL_ASCII source holding bytes that are not UTF-8 (the export names the row and column), ids held by two rows (the pre-flight stops, naming them), created_at values that are no time (infinity, BC, year 10000 or later: rows without a time), objects rows and history rows of a branch other than main (counted, accounted as skipped, never replayed), a script that adds an enum value, COMMITs and uses it (the value committed first: no 55P04), partitions detached (rendered again), migration files opening with pg_dump's prelude of session settings (cut: the DDL runs), tablespaces the replay server lacks (pg_default in their place), types never created, unqualified or arrays (stub domains), roles the replay server lacks (the replaying role in their place), sequence stubs only for what a nextval() names, collations the replay server lacks (stubs).
# Each history runs through the whole pipeline; every row must be accounted for and
# verification pass.
source "$(dirname "$0")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v1.mk"
R="$PGA_BIN/pggit-audit-replay"

# setup NAME: source and target databases with tests/v1/NAME.sql loaded; sets SRC, TGT, W
setup() {
  SRC=$(new_db "src_$1"); TGT=$(new_db "tgt_$1"); W="$PGA_TMP/$1"
  psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f "$PGA_SOURCE_DIR/tests/v1/$1.sql" >/dev/null
}
pipeline() { # NAME: run the pipeline, check accounting and verification
  "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$W" >"$W.log" 2>&1 \
    || { cat "$W.log"; fail "$1: pipeline failed"; return; }
  ok "$1: pipeline succeeded"
  assert_eq "$1: one accounting row per history row" "$(q "$SRC" "SELECT string_agg(id::text, ' ' ORDER BY id) FROM pggit.history")" \
    "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f1 | paste -sd' ')"
  assert_contains "$1: verification PASSED" '"status": "PASSED"' "$(cat "$W/verify/report.json")"
  assert_version_sides "$TGT" "$1"
}
acc() { zstdcat "$W/replay/accounting.csv.zst" | awk -F, -v id="$1" '$1 == id'; }

# ---- 1. objects without a CREATE row: baseline from ddl_normalized ----
setup risk1_no_create
pipeline risk1
assert_eq "risk1: preflight counts 3 objects without CREATE, 2 for the baseline" "3 2" \
  "$(jq -r '"\(.objects_without_create) \(.objects_for_baseline)"' "$W/preflight/report.json")"
assert_contains "risk1: preflight says app.old_fn has no ddl_normalized" '"has_ddl_normalized": false' \
  "$(jq '.objects_without_create_list[] | select(.name == "app.old_fn")' "$W/preflight/report.json")"
assert_eq "risk1: the first commit is the baseline: schema, table and view" "app app.legacy app.legacy_names" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk1: baseline author" "pggit-audit baseline <>" "$(q "$TGT" "SELECT DISTINCT author FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk1: the first history row alters the baseline table" "ALTER|alice <>" \
  "$(q "$TGT" "SELECT change_type || '|' || author FROM pggit_audit.changes WHERE commit_generation = 1 AND path = 'app.legacy'")"
assert_eq "risk1: no object invented for app.old_fn" "0" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE path LIKE 'app.old_fn%'")"

# ---- 2. the same name created several times ----
setup risk2_recreate
pipeline risk2
assert_eq "risk2: changes of app.t in order" "CREATE DROP CREATE DROP CREATE" \
  "$(q "$TGT" "SELECT string_agg(change_type, ' ' ORDER BY commit_generation) FROM pggit_audit.changes WHERE path = 'app.t'")"
assert_eq "risk2: versions continue across drops (identity schema + name), identical re-creation included" "1 2 3" \
  "$(q "$TGT" "SELECT string_agg(version_number::text, ' ' ORDER BY version_number) FROM pggit_audit.object_versions WHERE object_schema = 'app' AND object_name = 't'")"
assert_contains "risk2: re-creation flagged" "re-creates app.t, dropped at history row 4" "$(acc 5)"

# ---- 3. missing author, time or SQL ----
setup risk3_metadata
pipeline risk3
assert_eq "risk3: preflight counts missing author/time/SQL" "1 1 1" \
  "$(jq -r '"\(.rows_missing_author) \(.rows_missing_time) \(.rows_missing_sql)"' "$W/preflight/report.json")"
assert_eq "risk3: missing author -> 'unknown <>'" "unknown <>" \
  "$(q "$TGT" "SELECT author FROM pggit_audit.changes WHERE commit_message LIKE '%CREATE TABLE app.m%'")"
assert_eq "risk3: missing time -> the time of the row before" "2026-02-01 09:00:00.5|bob <>" \
  "$(q "$TGT" "SELECT committed_at || '|' || author FROM pggit_audit.changes WHERE commit_message LIKE '%ADD COLUMN b%'")"
assert_contains "risk3: missing SQL -> skipped with its reason, the change it made named" "skipped,,,no SQL (sql_executed is NULL or empty): nothing to replay; changes made by what was not replayed are not in the replay (see warnings): app.m" "$(acc 3)"
assert_contains "risk3: ... and a warning of its row" "is altered by it: the change is not known" "$(zstdcat "$W/replay/warnings.csv.zst" | grep "^3,")"
assert_eq "risk3: e-mail brackets removed from the author" "dave dave@example.com <>" \
  "$(q "$TGT" "SELECT author FROM pggit_audit.changes WHERE commit_message LIKE '%ADD COLUMN c%'")"

# ---- 4. statements that fail, do not parse or may not run ----
setup risk4_failures
"$R" --v1export /dev/null --outdir "$W/x" 2>/dev/null && fail "replay without export artifacts should fail" || ok "replay refuses a missing export"
PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit-v1export" --outdir "$W/v1" -q
expect_fail "risk4: --max-errors 0 stops the replay" env PGGIT_AUDIT_TARGET="$TGT" "$R" --v1export "$W/v1" --outdir "$W/stopped" --max-errors 0 -q
assert_contains "risk4: stopped run says why" "max-errors" "$(cat "$PGA_TMP/last.err")"
assert_eq "risk4: stopped run's report" "STOPPED" "$(jq -r .status "$W/stopped/report.json")"
[ -e "$W/stopped/objects.csv.zst" ] && fail "risk4: stopped run wrote a store" || ok "risk4: stopped run wrote no store"
env PGGIT_AUDIT_TARGET="$TGT" "$R" --v1export "$W/v1" --outdir "$W/dry" --dry-run -q 2>/dev/null || fail "risk4: dry run failed"
assert_eq "risk4: dry run reports, writes no store" "true COMPLETE no-store" \
  "$(jq -r '"\(.dry_run) \(.status)"' "$W/dry/report.json") $([ -e "$W/dry/objects.csv.zst" ] && echo store || echo no-store)"
assert_eq "risk4: dry run wrote nothing to the target" "0" "$(q "$TGT" "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pggit%'")"
pipeline risk4
assert_eq "risk4: statuses" "applied failed skipped skipped skipped applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk4: the error artifact holds the failed statement with its SQLSTATE" "2,42P01" \
  "$(zstdcat "$W/replay/errors.csv.zst" | tail -n +2 | cut -d, -f1,2)"
assert_contains "risk4: unparsable statement skipped with the parser's message" 'syntax error at or near ""CREAT""' "$(acc 3)"
assert_eq "risk4: preflight counts it" "1" "$(jq .statements_unparsable "$W/preflight/report.json")"
assert_contains "risk4: CREATE ROLE not replayed" "acts on roles" "$(acc 4)"
assert_eq "risk4: the role does not exist in the cluster" "0" "$(q "$PGA_CONN" "SELECT count(*) FROM pg_roles WHERE rolname = 'pga_v1_evil_role'")"
assert_contains "risk4: DO block not replayed" "DO blocks" "$(acc 5)"
assert_eq "risk4: the run went on after the failure" "a integer b integer" \
  "$(q "$TGT" "SELECT CASE WHEN new_definition LIKE '%a integer,%b integer%' THEN 'a integer b integer' ELSE new_definition END FROM pggit_audit.changes WHERE commit_message LIKE '%ADD COLUMN b%'")"

assert_eq "risk4: CREATE INDEX CONCURRENTLY replayed outside the batch transaction" "CREATE|index" \
  "$(q "$TGT" "SELECT change_type || '|' || object_type FROM pggit_audit.changes WHERE path = 'app.f_b'")"

# ---- 6. object types without a definition function ----
setup risk6_unsupported
pipeline risk6
assert_eq "risk6: unsupported objects counted by type" '{"aggregate":1,"operator":1,"policy":1}' \
  "$(jq -c .unsupported_objects_by_type "$W/replay/report.json")"
assert_eq "risk6: one warning row each" "aggregate operator policy" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | cut -d, -f2 | sort | paste -sd' ')"
assert_contains "risk6: the aggregate's row is applied with the reason" "not captured" "$(acc 2)"
assert_eq "risk6: nothing invented in the store for them" "app app.p" \
  "$(q "$TGT" "SELECT string_agg(DISTINCT path, ' ' ORDER BY path) FROM pggit_audit.changes")"
# ---- 7. the helper schema named without its letters (U&"..." and E'...' escapes) ----
setup risk7_helper_escape
pipeline risk7
for id in 2 3 4; do assert_contains "risk7: row $id names the helper schema (decoded by the parser): skipped" \
  "skipped,$id,,names the replay's own helper schema" "$(acc $id)"; done
assert_eq "risk7: the statements after them are captured" "app.t:ALTER:true app.hidden:CREATE:false" \
  "$(q "$TGT" "SELECT string_agg(path || ':' || change_type || ':' || (new_definition LIKE '%secret_backdoor%'), ' ' ORDER BY commit_generation) FROM pggit_audit.changes WHERE commit_generation > 1")"

# the replay of history NAME stops at history row ROW because the row changed its helper
# schema (WHAT: how, for the assertion's name); its scratch database is dropped
expect_helper_schema_stop() {
  local name=$1 row=$2 what=$3 risk=${1%%_*}
  setup "$name"
  PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit-v1export" --outdir "$W/v1" -q
  expect_fail "$risk: the replay stops when $what" \
    env PGGIT_AUDIT_TARGET="$TGT" "$R" --v1export "$W/v1" --outdir "$W/replay"
  assert_contains "$risk: the error names the history row" "history row $row changed the replay's helper schema" \
    "$(cat "$PGA_TMP/last.err")"
  local scratch
  scratch=$(grep -o 'scratch database pggit_audit_replay_[0-9a-f]*' "$PGA_TMP/last.err" | head -1 | awk '{print $3}')
  [ -n "$scratch" ] && q "$PGA_CONN" "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)" >/dev/null
  return 0
}

# ---- 8. the capture changed at run time by code the screen cannot see ----
expect_helper_schema_stop risk8_helper_tamper 4 "a statement changes its capture"

# ---- 39. the helper schema changed by an index on one of its tables (found through its table, not its schema) ----
expect_helper_schema_stop risk39_helper_index 4 "a statement adds an index to a helper table"

# ---- 9. statements that would run code as the replay's superuser ----
setup risk9_server_code
q "$PGA_CONN" "DROP ROLE IF EXISTS pga_v1_evil_role9" >/dev/null
pipeline risk9
assert_eq "risk9: statuses" "applied applied applied applied applied applied skipped applied skipped applied skipped" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk9: no query ran: the function's side effect never happened" "0" \
  "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE path = 'app.side_effect'")"
assert_contains "risk9: a materialized view the history populated is rendered WITH DATA" "WITH DATA;" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.mv'")"
assert_eq "risk9: created WITH NO DATA, then refreshed" "NO DATA|DATA" \
  "$(q "$TGT" "SELECT string_agg(CASE WHEN new_definition LIKE '%WITH NO DATA;%' THEN 'NO DATA' ELSE 'DATA' END, '|' ORDER BY commit_generation) FROM pggit_audit.changes WHERE path = 'app.mv2'")"
assert_eq "risk9: CREATE TABLE AS keeps its columns" "2" \
  "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE path IN ('app.ctas', 'app.c2') AND new_definition LIKE '%x integer%'")"
assert_contains "risk9: untrusted extension skipped" "skipped,7,,extension dblink needs a superuser and is not trusted" "$(acc 7)"
assert_contains "risk9: function call in a partition bound skipped" "a partition bound calls a function" "$(acc 9)"
assert_contains "risk9: LANGUAGE internal skipped" "functions in C, internal" "$(acc 11)"

# ---- 10. a new enum value used in the same batch ----
setup risk10_enum_batch
pipeline risk10
assert_eq "risk10: every statement applied (no 55P04 because of the batch)" "applied applied applied applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk10: the default uses the new value" "1" \
  "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE path = 'app.t' AND new_definition LIKE '%DEFAULT ''happy''::app.mood%'")"

# ---- 11. unqualified names that production resolved to another schema than public ----
setup risk11_search_path
pipeline risk11
assert_eq "risk11: pggit.objects' schema is looked in first (shop.orders, its reference to customers too)" \
  "billing billing.items public.notes shop shop.customers shop.items shop.orders t1 t1.items t2 t2.items" \
  "$(q "$TGT" "SELECT string_agg(DISTINCT path, ' ' ORDER BY path) FROM pggit_audit.changes")"
# two CREATE rows of one text and time for one type and name in two schemas: two commands, two commits
assert_eq "risk11: the same text and time creating items in shop and in billing: two statements" \
  "3,applied,3 4,applied,4" "$(zstdcat "$W/replay/accounting.csv.zst" | awk -F, '$1 == 3 || $1 == 4' | cut -d, -f1-3 | paste -sd' ')"
assert_eq "risk11: the pre-flight counts them as the replay does (6 statements of 8 rows)" "6" \
  "$(jq .statements "$W/preflight/report.json")"
assert_eq "risk11: ... each a commit of its own path; the one query string's script ran once, its own SETs" \
  "shop.items|3 billing.items|4 t1.items|7 t2.items|7" \
  "$(q "$TGT" "SELECT string_agg(path || '|' || substring(commit_message FROM 'row ([0-9]+)'), ' ' ORDER BY commit_generation, path) FROM pggit_audit.changes WHERE object_name = 'items'")"
assert_eq "risk11: ... no error, its second row the same statement" "8,applied,7" "$(acc 8 | cut -d, -f1-3)"
assert_contains "risk11: ... and the capture still renders with the default search_path" "REFERENCES shop.customers(id)" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'shop.orders'")"
assert_eq "risk11: rows that disagree: the name lands in public, a warning names each row" "5,TABLE,shop.notes 6,INDEX,billing.notes_pkey" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | cut -d, -f1-3 | paste -sd' ')"
assert_contains "risk11: the warning says where it was recorded" "recorded under public" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2)"
assert_eq "risk11: not counted as an unsupported object" "{}" "$(jq -c .unsupported_objects_by_type "$W/replay/report.json")"

# ---- 12. scripts sent as one query: BEGIN/COMMIT, timeouts, their own SET search_path ----
setup risk12_scripts
pipeline risk12
assert_eq "risk12: statuses (only the script with a SAVEPOINT is refused)" "applied applied applied applied skipped applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk12: the script's table and index, its own search_path, the next row back in public" \
  "app app.legacy_count app.t app.t_x app.u public.p" \
  "$(q "$TGT" "SELECT string_agg(DISTINCT path, ' ' ORDER BY path) FROM pggit_audit.changes")"
assert_eq "risk12: one commit for the script's table and index" "1" \
  "$(q "$TGT" "SELECT count(DISTINCT commit_sha) FROM pggit_audit.changes WHERE path IN ('app.t', 'app.t_x')")"
assert_contains "risk12: the commit message keeps the script as production ran it" "BEGIN;" \
  "$(q "$TGT" "SELECT commit_message FROM pggit_audit.changes WHERE path = 'app.t'")"
assert_contains "risk12: the string holding a ';' is intact" "DEFAULT 'a;b'::text" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.t'")"
assert_contains "risk12: the refused script says why" "transaction control" "$(acc 5)"

# ---- 13. schemas the history creates, renames and drops; an empty last snapshot ----
setup risk13_schemas
pipeline risk13
assert_eq "risk13: every statement applied (no baseline schema in the way of CREATE SCHEMA or RENAME TO)" \
  "applied applied applied applied applied applied applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk13: the baseline holds the schema older than the history only" "app" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk13: DROP SCHEMA ... CASCADE deletes the schema and its dependents" "app2.v app2.v2 other other.t" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE change_type = 'DROP' AND commit_message LIKE '%DROP SCHEMA other%'")"
assert_eq "risk13: the last snapshot is empty" "{}" "$(jq -c .objects_in_last_snapshot "$W/replay/report.json")"
# the diff merges objects and tree_entries in the export's order: trees by first-use generation, then sha
assert_eq "risk13: trees in the objects artifact in the export's order" "0" "$(psql "$TGT" -qXAt -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE o (sha text, type text, size bigint, content text, n serial);
\\copy o (sha, type, size, content) FROM PROGRAM 'zstdcat $W/replay/objects.csv.zst' (FORMAT csv, HEADER)
CREATE TEMP TABLE g (commit_sha text, parents text, tree_sha text, generation int, a text, c text, at text, ct text, m text);
\\copy g FROM PROGRAM 'zstdcat $W/replay/commit_graph.csv.zst' (FORMAT csv, HEADER)
SELECT count(*) FROM (SELECT n, row_number() OVER (ORDER BY n) AS got,
                             row_number() OVER (ORDER BY (SELECT min(generation) FROM g WHERE g.tree_sha = o.sha) NULLS FIRST,
                                                sha COLLATE "C") AS want
                        FROM o WHERE type = 'tree') x WHERE got <> want;
SQL
)"

# ---- 14. scripts whose parts fail on the replay server; rows without SQL inside a statement ----
setup risk14_script_parts
pipeline risk14
assert_eq "risk14: statuses (only the script whose every statement fails is failed)" \
  "applied applied applied applied failed applied skipped applied applied skipped applied applied applied applied applied skipped applied applied failed" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_contains "risk14: the column added before the failing index is kept" "b integer" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.t' AND commit_message LIKE '%ADD COLUMN b%'")"
assert_contains "risk14: the failed statement is named in the row's accounting" \
  'statement 2 of 2 of the script (CREATE INDEX t_b ON app.t (b pga_v1_ops)) failed: 42704' "$(acc 2)"
assert_eq "risk14: the migration's table (stub type, its own search_path) and its index after the failed one" \
  "app.s app.s_id" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_message LIKE '%s_st ON s (st%'")"
assert_eq "risk14: one error row per failed statement, with the statement itself" \
  "2|CREATE INDEX t_b ON app.t (b pga_v1_ops) 3|CREATE INDEX s_st ON s (st pga_v1_ops) 5|CREATE INDEX t_b2 ON app.t (b pga_v1_ops) 5|CREATE INDEX t_b3 ON app.t (b pga_v1_ops) 19|CREATE TABLE app.q (id int);" \
  "$(zstdcat "$W/replay/errors.csv.zst" | tail -n +2 | awk -F, '{print $1 "|" $4}' | paste -sd' ')"
assert_eq "risk14: statements_failed counts failed statements" "5" "$(jq .statements_failed "$W/replay/report.json")"
assert_contains "risk14: a row without SQL inside a statement does not split it" "applied,6," "$(acc 8)"
assert_contains "risk14: ... it is skipped with its reason" "skipped,,,no SQL" "$(acc 7)"
assert_eq "risk14: preflight counts that statement once" "14" "$(jq .statements "$W/preflight/report.json")"
assert_contains "risk14: the same text after a DROP in the same transaction runs again" \
  "re-creates app.y, dropped at history row 13" "$(acc 14)"
assert_contains "risk14: the same text and time after another statement runs again; its failure names the first run" \
  'already exists (the same text at the same time ran at history row 17' "$(acc 19)"

# ---- 15. baseline definitions (ddl_normalized) holding several statements; the screen applies ----
setup risk15_baseline_scripts
q "$PGA_CONN" "DROP ROLE IF EXISTS pga_v1_missing_owner" >/dev/null; q "$PGA_CONN" "DROP ROLE IF EXISTS pga_v1_missing_reader" >/dev/null
pipeline risk15
assert_eq "risk15: the baseline keeps the objects whose index failed; the query-calling function did not run" \
  "app app.l app.m app.mv app.trace app.tx app.unq" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk15: the history alters the baseline table (it was not lost with its index)" "applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_contains "risk15: the column added by the history is there" "b integer" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.l' AND commit_generation = 1")"
assert_eq "risk15: one warning per failed statement, in the order of the text; the refused extension" \
  "FUNCTION,app.ext TABLE,app.l TABLE,app.m TABLE,app.gone TABLE,app.gone" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | cut -d, -f2,3 | paste -sd' ')"
assert_contains "risk15: the warning names the failed statement" \
  'statement 2 of 2 of the script (CREATE INDEX l_a ON app.l (a pga_v1_missing_ops)) failed: 42704' \
  "$(zstdcat "$W/replay/warnings.csv.zst" | grep 'app.l,')"
assert_contains "risk15: an object none of whose statements ran is said not created" "not created" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | grep 'app.gone,' | head -1)"
assert_contains "risk15: the untrusted extension is refused" "extension dblink needs a superuser and is not trusted" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | grep 'app.ext,')"
assert_eq "risk15: no extension installed" "0" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE path LIKE '%dblink%'")"
assert_contains "risk15: the statement after the failed index ran, the ';' in a string is intact" \
  "DEFAULT 'x;y'::text" "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.m'")"
assert_contains "risk15: ... and its comment is kept" "COMMENT ON TABLE app.m IS 'kept; after a failure';" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.m'")"
assert_contains "risk15: the materialized view is rendered WITH DATA, its query never ran" "WITH DATA;" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.mv'")"
assert_contains "risk15: the baseline commit counts the objects created" "and 6 objects without a CREATE row" \
  "$(q "$TGT" "SELECT DISTINCT commit_message FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk15: baseline failures are warnings, not failed history statements" "0 1" \
  "$(jq .statements_failed "$W/replay/report.json") $(zstdcat "$W/replay/errors.csv.zst" | wc -l)"

# ---- 16. a schema older than the history that the history renames: its objects row has the new name ----
setup risk16_baseline_schema
pipeline risk16
assert_eq "risk16: the rename and the statement after it applied (no baseline copy of the new name)" "applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk16: no failed statement" "0" "$(jq .statements_failed "$W/replay/report.json")"
assert_eq "risk16: the old name is proved by the rename (a missing schema, created)" '1,"schema (created, captured)",sales' \
  "$(zstdcat "$W/replay/stubs.csv.zst" | tail -n +2)"
assert_eq "risk16: no baseline commit: the first commit is the rename's" "alice <>|sales2" \
  "$(q "$TGT" "SELECT string_agg(DISTINCT author || '|' || path, ' ') FROM pggit_audit.changes WHERE commit_generation = 0")"
# the pre-flight follows the replay's rule (common/v1_baseline.c): it had counted the row for the baseline
assert_eq "risk16: preflight counts no object and no schema for the baseline" "0 []" \
  "$(jq -c -r '"\(.objects_for_baseline) \(.schemas_for_baseline)"' "$W/preflight/report.json")"
assert_contains "risk16: preflight says the history creates that schema" "a schema the history creates" \
  "$(jq -c '.objects_without_create_list' "$W/preflight/report.json")"

# ---- 17. a baseline definition adds an enum value that a later definition uses ----
setup risk17_baseline_enum
pipeline risk17
assert_eq "risk17: no baseline warning (no 55P04: the new value is committed before it is used)" "0" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | wc -l)"
assert_eq "risk17: the baseline holds the type, the table using the new value and the view" "app app.mood app.t app.v" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_contains "risk17: the type has its added value" "'happy'" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.mood'")"
assert_contains "risk17: the table's default uses it" "DEFAULT 'happy'::app.mood" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.t' AND commit_generation = 0")"
assert_eq "risk17: the history applies on top of it" "applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"

# ---- 18. relations renamed or moved by the history whose row under the new name has a definition ----
setup risk18_baseline_rename
pipeline risk18
assert_eq "risk18: every statement applied (no baseline copy of a rename's new name in its way)" \
  "applied applied applied applied applied applied applied applied applied applied applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk18: the baseline holds the old names only (a chain undone, a name the history reuses)" \
  '"Sales" "Sales"."Orders" app app.b1 app.c1 app.m app.t app.v1 arch' \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk18: the renames and the move are in the store" \
  'app.a1:RENAME app.a2:RENAME app.b1:RENAME app.b2:RENAME app.m:RENAME arch.m:RENAME app."View2":RENAME app.v1:RENAME app.c1:RENAME app.c2:RENAME app.c2:RENAME app.c3:RENAME app.t:RENAME app.t_old:RENAME "Sales"."Orders":RENAME "Sales"."Orders.Old":RENAME' \
  "$(q "$TGT" "SELECT string_agg(path || ':' || change_type, ' ' ORDER BY commit_generation, path) FROM pggit_audit.changes WHERE commit_message LIKE '%RENAME TO%' OR commit_message LIKE '%SET SCHEMA%'")"
assert_contains "risk18: the view older than the history has its new row's definition under its old name" \
  'CREATE VIEW app.v1 AS' "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.v1' AND commit_generation = 0")"
assert_contains "risk18: the preflight says why the new names are left out" "the rename gives it" \
  "$(jq -c '.objects_without_create_list' "$W/preflight/report.json")"
assert_eq "risk18: the preflight counts the same baseline" "7" "$(jq .objects_for_baseline "$W/preflight/report.json")"

# ---- 19. an object older than the history that the history alters, drops and creates again ----
setup risk19_baseline_recreated
pipeline risk19
assert_eq "risk19: every statement applied (the ALTER and the DROP find the object)" "applied applied applied applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk19: the baseline holds it; the table created by the history (ALTER row first) is not in it" "app app.old" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk19: its changes in order" "CREATE ALTER DROP CREATE" \
  "$(q "$TGT" "SELECT string_agg(change_type, ' ' ORDER BY commit_generation) FROM pggit_audit.changes WHERE path = 'app.old'")"
assert_eq "risk19: the preflight counts it for the baseline" "1 1" \
  "$(jq -r '"\(.objects_without_create) \(.objects_for_baseline)"' "$W/preflight/report.json")"

# ---- 20. objects created by statements that are not replayed (DO blocks, unparsable text, no SQL) ----
setup risk20_skipped_creates
pipeline risk20
assert_eq "risk20: statuses (the ALTER after the DO block finds its table)" "skipped skipped applied skipped skipped skipped skipped applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_contains "risk20: the DO block's row says what was created instead" \
  "created from pggit.objects.ddl_normalized instead: app.d, app.d_id" "$(acc 1)"
assert_eq "risk20: one commit for the DO block, with its author; the unparsable view's own" \
  "app.d:1:alice <> app.d_id:1:alice <> app.pv:3:alice <> app.nosql:4:bob <>" \
  "$(q "$TGT" "SELECT string_agg(path || ':' || commit_generation || ':' || author, ' ' ORDER BY commit_generation, path) FROM pggit_audit.changes WHERE change_type = 'CREATE' AND commit_generation > 0")"
assert_contains "risk20: the column added after it" "x integer" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.d' AND change_type = 'ALTER'")"
assert_eq "risk20: nothing invented for an object without a definition" "0" \
  "$(q "$TGT" "SELECT count(*) FROM pggit_audit.changes WHERE path LIKE 'app.nodef%'")"
assert_contains "risk20: the CREATE row without SQL says so" "no SQL (sql_executed is NULL or empty): nothing to replay; the objects" "$(acc 7)"
assert_contains "risk20: ... and the ALTER after it applies" "y integer" \
  "$(q "$TGT" "SELECT new_definition FROM pggit_audit.changes WHERE path = 'app.nosql' AND change_type = 'ALTER'")"
assert_contains "risk20: a refused definition is a warning of its row" "extension dblink needs a superuser and is not trusted" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | grep '^5,')"

# ---- 21. functions and procedures renamed or moved by the history; an unqualified SET SCHEMA ----
setup risk21_baseline_routines
pipeline risk21
assert_eq "risk21: every statement applied (the renames find the old names)" "applied applied applied applied applied" \
  "$(zstdcat "$W/replay/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
assert_eq "risk21: the baseline holds the names before the history" "app app.f app.h app.keep app.p1 arch public.m" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk21: the renames and moves are in the store" \
  'app."G":RENAME app.f:RENAME app.p1:RENAME app.p3:RENAME app.h:RENAME arch.h:RENAME arch.m:RENAME public.m:RENAME' \
  "$(q "$TGT" "SELECT string_agg(path || ':' || change_type, ' ' ORDER BY commit_generation, path) FROM pggit_audit.changes WHERE commit_generation > 0 AND change_type = 'RENAME'")"
assert_eq "risk21: no baseline warning (the schema's own definition ran first)" "0" "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | wc -l)"

# ---- 22. CREATE OR REPLACE of objects older than the history (their pggit.objects row is older) ----
setup risk22_baseline_replaced
pipeline risk22
assert_eq "risk22: the baseline holds the replaced function and view, not what the history creates" "app app.f app.v" \
  "$(q "$TGT" "SELECT string_agg(path, ' ' ORDER BY path) FROM pggit_audit.changes WHERE commit_generation = 0")"
assert_eq "risk22: the replacements are modifications; the new function and the plain CREATE are creations" \
  "app.f:ALTER app.f:ALTER app.newf:CREATE app.t:CREATE" \
  "$(q "$TGT" "SELECT string_agg(path || ':' || change_type, ' ' ORDER BY commit_generation, path) FROM pggit_audit.changes WHERE commit_generation > 0")"
assert_eq "risk22: the preflight counts the same baseline" "2 2" \
  "$(jq -r '"\(.objects_without_create) \(.objects_for_baseline)"' "$W/preflight/report.json")"

# ---- 23. objects dropped by statements that are not replayed (DO blocks) ----
setup risk23_skipped_drops
pipeline risk23
assert_eq "risk23: the drops are in the store, the view depending on the table included" \
  "app.a:4 app.b_idx:6 app.c:7 app.cv:7" \
  "$(q "$TGT" "SELECT string_agg(c.path || ':' || split_part(split_part(c.commit_message, 'history: row ', 2), ' ', 1), ' ' ORDER BY c.path) FROM pggit_audit.changes c WHERE c.change_type = 'DROP'")"
assert_contains "risk23: the DO block's row says what was dropped instead" \
  "dropped instead (DROP ... IF EXISTS): app.cv, app.c" "$(acc 7)"
assert_contains "risk23: the ALTER in a DO block is not made up, and its row says so" \
  'DO blocks run arbitrary code; changes made by what was not replayed are not in the replay (see warnings): app.b' "$(acc 5)"
assert_eq "risk23: one warning, naming the ALTER's row" "5" "$(zstdcat "$W/replay/warnings.csv.zst" | tail -n +2 | cut -d, -f1 | paste -sd' ')"
assert_contains "risk23: ... which says the change is not known" "the change is not known" \
  "$(zstdcat "$W/replay/warnings.csv.zst" | grep '^5,')"

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
