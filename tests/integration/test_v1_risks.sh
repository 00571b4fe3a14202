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
# statements that are not replayed (dropped by name instead).
# Each history runs through the whole pipeline; every row must be accounted for and
# verification pass.
# The histories from risk 24 on are test_v1_risks_more.sh (one test held both and came near
# ctest's timeout on a loaded machine); both use v1_risks_lib.sh.
source "$(dirname "$0")/v1_risks_lib.sh"

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


pga_finish
