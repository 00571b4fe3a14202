#!/usr/bin/env bash
# test_v1_edge_rows.sh - v1 histories built here, one per edge of the replay: a CREATE INDEX
# CONCURRENTLY on a tablespace or a collation the replay server lacks (autocommit, pg_default in its
# place or a stub as in a transaction, the stub removed when the statement still fails, also across a
# kill), a text that needs more locks than the replay server's lock table
# holds (the replay stops naming the row, with the server's hint), texts of session settings only or
# beside DDL (SET ROLE, RESET ALL: cut like pg_dump's prelude), a whitespace-only row (said so), and a
# row holding several statements (the pre-flight counts rows and says how many statements they hold).
source "$(dirname "$0")/lib.sh"

R="$PGA_BIN/pggit-audit-replay"
export PGGIT_AUDIT_TARGET="$PGA_CONN dbname=postgres"

# replay NAME OUT [ARGS...]: replay NAME's export into $PGA_TMP/OUT (log OUT.log); the exit status is kept in RC
replay() {
  local name=$1 out=$2
  shift 2
  RC=0
  "$R" --v1export "$PGA_TMP/$name.v1" --outdir "$PGA_TMP/$out" "$@" >"$PGA_TMP/$out.log" 2>&1 || RC=$?
}
acc() { zstdcat "$PGA_TMP/$1/accounting.csv.zst" | tail -n +2 | awk -F, -v id="$2" '$1 == id'; }
stubs() { zstdcat "$PGA_TMP/$1/stubs.csv.zst" | tail -n +2 | awk -F, '{gsub(/"/, "", $NF); print $1 ":" $NF}' | paste -sd' '; }
statuses() { zstdcat "$PGA_TMP/$1/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' '; }

# ---- 1. CREATE INDEX CONCURRENTLY ... TABLESPACE x / COLLATE "x", x missing: autocommit, retried as in a transaction ----
v1_history cic <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 't'), (3, 'INDEX', 'app', 't_a'), (4, 'INDEX', 'app', 't_b'),
  (5, 'INDEX', 'app', 't_c'), (6, 'INDEX', 'app', 't_d'), (7, 'INDEX', 'app', 't_e');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (a int, b int, s text)', '2026-03-01 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE INDEX CONCURRENTLY t_a ON app.t (a) TABLESPACE fastdisk', '2026-03-01 09:02:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'CREATE UNIQUE INDEX CONCURRENTLY t_b ON app.t (b) TABLESPACE "Slow Disk"', '2026-03-01 09:03:00', 'alice'),
  (5, 5, 'CREATE', 'MINOR', 'c', 'CREATE INDEX CONCURRENTLY t_c ON app.t (s COLLATE "xx_PGA")', '2026-03-01 09:03:20', 'alice'),
  (6, 6, 'CREATE', 'MINOR', 'c', 'CREATE INDEX CONCURRENTLY t_d ON app.t (s COLLATE "yy_PGA" no_such_ops)', '2026-03-01 09:03:30', 'alice'),
  (7, 7, 'CREATE', 'MINOR', 'c', 'CREATE INDEX t_e ON app.t (s COLLATE "yy_PGA")', '2026-03-01 09:03:40', 'alice'),
  (8, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ADD COLUMN c int', '2026-03-01 09:04:00', 'alice');
SQL
replay cic cic
assert_eq "cic: the replay succeeded" "0" "$RC"
assert_eq "cic: every row applied but the one naming an operator class nobody has" \
  "applied applied applied applied applied failed applied applied 1" \
  "$(statuses cic) $(jq .statements_failed "$PGA_TMP/cic/report.json")"
# a missing collation gets its stub in autocommit as in a transaction; the stub of a statement that still
# fails is removed again (row 7, in a transaction, needs it again)
assert_eq "cic: each missing tablespace or collation a stub of its row, as in a transaction" \
  "3:fastdisk 4:Slow Disk 5:pg_catalog.xx_PGA 7:pg_catalog.yy_PGA" "$(stubs cic)"
assert_contains "cic: the failing row fails on its operator class, after its collation's stub" \
  'operator class ""no_such_ops"" does not exist' "$(zstdcat "$PGA_TMP/cic/errors.csv.zst" | grep '^6,')"
assert_contains "cic: the indexes are captured, without a tablespace" \
  "CREATE INDEX t_a ON app.t USING btree (a);
CREATE INDEX t_c ON app.t USING btree (s COLLATE \"xx_PGA\");
CREATE INDEX t_e ON app.t USING btree (s COLLATE \"yy_PGA\");
CREATE UNIQUE INDEX t_b ON app.t USING btree (b);" "$(store_blobs cic | grep INDEX | sort)"
# killed right after the rewritten statement ran, between its stub and its retry, and just before it;
# between a collation's stub (committed) and the retry, of a statement that then succeeds or fails: the
# resume writes the same bytes (the stub neither lost nor listed twice, nor left behind)
for fault in replay-after-autocommit@1 replay-before-autocommit-retry@1 replay-before-autocommit@2 \
  replay-before-autocommit-retry@3 replay-before-autocommit-retry@4 replay-after-autocommit@4; do
  out=cic_${fault%%@*}
  RC=0
  PGGIT_AUDIT_FAULT=$fault "$R" --v1export "$PGA_TMP/cic.v1" --outdir "$PGA_TMP/$out" >"$PGA_TMP/$out.1.log" 2>&1 || RC=$?
  assert_eq "cic, $fault: the replay was killed" "137" "$RC"
  replay cic "$out"
  assert_eq "cic, $fault: the resumed replay succeeded" "0" "$RC"
  for f in objects commit_graph accounting errors stubs; do
    if cmp -s "$PGA_TMP/cic/$f.csv.zst" "$PGA_TMP/$out/$f.csv.zst"; then ok "cic, $fault: $f as uninterrupted"
    else fail "cic, $fault: $f differs from the uninterrupted replay"; fi
  done
done

# ---- 2. a text needing more locks than the replay server's lock table holds: the replay stops, naming the row,
# with the server's hint ----
# twice the lock table's entries (max_locks_per_transaction for each possible process), one table each
N=$(q "$PGA_CONN" "SELECT 2 * current_setting('max_locks_per_transaction')::int * (current_setting('max_connections')::int
  + current_setting('max_prepared_transactions')::int + current_setting('autovacuum_max_workers')::int + 1
  + current_setting('max_worker_processes')::int + current_setting('max_wal_senders')::int)")
v1_history locks <<SQL
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'SCHEMA', 'big', 'big'), (3, 'TABLE', 'app', 'z');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by)
  SELECT 2, 2, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA big ' || string_agg(format('CREATE TABLE t%s (id int)', g), ' ' ORDER BY g),
         '2026-03-01 09:01:00', 'alice' FROM generate_series(1, $N) g;
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.z (a int)', '2026-03-01 09:02:00', 'alice');
SQL
replay locks locks
assert_eq "locks: the replay stops" "1" "$RC"
assert_contains "locks: its error names the row and the statement" \
  "history row 2: the replay server ran out of a resource production had (SQLSTATE 53200) running (CREATE SCHEMA big CREATE TABLE t1 (id int) CREATE TABLE t2 (id int)" \
  "$(cat "$PGA_TMP/locks.log")"
assert_contains "locks: ... and carries the server's hint" "HINT:  You might need to increase max_locks_per_transaction." \
  "$(cat "$PGA_TMP/locks.log")"
assert_contains "locks: ... and what to do" "raise it on the replay server and run the replay again" "$(cat "$PGA_TMP/locks.log")"
assert_eq "locks: the row is not recorded as failed, no store is written" "no accounting, no objects" \
  "$([ -e "$PGA_TMP/locks/accounting.csv.zst" ] && echo accounting || echo no accounting), $([ -e "$PGA_TMP/locks/objects.csv.zst" ] && echo objects || echo no objects)"
SCRATCH=$(grep -o 'scratch database pggit_audit_replay_[0-9a-f]*' "$PGA_TMP/locks.log" | head -1 | awk '{print $3}')
register_db "$SCRATCH"
assert_eq "locks: the scratch database is kept for the rerun" "1" \
  "$(q "$PGA_CONN" "SELECT count(*) FROM pg_database WHERE datname = '$SCRATCH'")"

# ---- 3. SET ROLE, SET SESSION AUTHORIZATION and RESET ALL: cut like pg_dump's prelude ----
v1_history session <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 'r'), (3, 'TABLE', 'app', 's1'), (4, 'TABLE', 'public', 's2'),
  (5, 'TABLE', 'app', 'u');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'SET ROLE app_owner; CREATE TABLE app.r (x int); RESET ROLE;', '2026-03-01 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'SET search_path = app; CREATE TABLE s1 (x int); RESET ALL; CREATE TABLE s2 (y int);', '2026-03-01 09:02:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'SET search_path = app; CREATE TABLE s1 (x int); RESET ALL; CREATE TABLE s2 (y int);', '2026-03-01 09:02:00', 'alice'),
  (5, 5, 'CREATE', 'MINOR', 'c', E'SET SESSION AUTHORIZATION ''app_owner'';\nRESET ALL;\nCREATE TABLE app.u (z int);', '2026-03-01 09:03:00', 'alice'),
  (6, 5, 'ALTER', 'MINOR', 'c', 'SET ROLE app_owner', '2026-03-01 09:04:00', 'alice'),
  (7, 5, 'ALTER', 'MINOR', 'c', 'RESET ALL', '2026-03-01 09:05:00', 'alice');
SQL
replay session session
assert_eq "session: the replay succeeded" "0" "$RC"
assert_eq "session: the texts with DDL ran, no statement failed" "applied applied applied applied applied skipped skipped 0" \
  "$(statuses session) $(jq .statements_failed "$PGA_TMP/session/report.json")"
assert_eq "session: a text of settings alone is skipped as one (as a prelude alone is)" \
  "6,skipped,6,,no DDL statement (only transaction control or session settings)|7,skipped,7,,no DDL statement (only transaction control or session settings)" \
  "$(acc session 6 | cut -d';' -f1)|$(acc session 7 | cut -d';' -f1)"
assert_eq "session: the tables, s2 where RESET ALL put the search_path back" "app app.r app.s1 app.u public.s2" \
  "$(store_blobs session | sed -n 's/^CREATE \(TABLE\|SCHEMA\) \([^ ;]*\).*/\2/p' | sort | paste -sd' ')"
assert_eq "session: the role was not created, and is no stub (the text names it only in the SET cut)" "0 " \
  "$(q "$PGA_CONN" "SELECT count(*) FROM pg_roles WHERE rolname = 'app_owner'") $(stubs session)"

# ---- 4, 5. a whitespace-only row, a row of several statements, rows of one text split into two runs ----
v1_history rows <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 'a'), (3, 'TABLE', 'app', 'b'), (4, 'SCHEMA', 'a', 'a'),
  (5, 'SCHEMA', 'b', 'b'), (6, 'TABLE', 'a', 'items'), (7, 'TABLE', 'b', 'items');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.a (x int); CREATE TABLE app.b (y int);', '2026-03-01 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.a (x int); CREATE TABLE app.b (y int);', '2026-03-01 09:01:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA a', '2026-03-01 09:02:00', 'alice'),
  (5, 5, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA b', '2026-03-01 09:02:30', 'alice'),
  (6, 6, 'CREATE', 'MINOR', 'c', 'CREATE TABLE items (id int)', '2026-03-01 09:03:00', 'alice'),
  (7, 7, 'CREATE', 'MINOR', 'c', 'CREATE TABLE items (id int)', '2026-03-01 09:03:00', 'alice'),
  (8, 2, 'ALTER', 'MINOR', 'c', E'  \n\t ', '2026-03-01 09:04:00', 'alice'),
  (9, 2, 'ALTER', 'MINOR', 'c', '', '2026-03-01 09:05:00', 'alice'),
  (10, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.a ADD COLUMN z int', '2026-03-01 09:06:00', 'alice'),
  (11, 3, 'ALTER', 'MINOR', 'c', E'\t', '2026-03-01 09:06:00', 'alice'),
  (12, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.a ADD COLUMN z int', '2026-03-01 09:06:00', 'alice');
SQL
"$PGA_BIN/pggit-audit-preflight" --v1export "$PGA_TMP/rows.v1" --outdir "$PGA_TMP/rows_pf" >"$PGA_TMP/rows_pf.out" 2>&1 \
  || { cat "$PGA_TMP/rows_pf.out"; fail "rows: the pre-flight failed"; }
replay rows rows
assert_eq "rows: the replay succeeded" "0" "$RC"
assert_eq "rows: a whitespace-only row is said to be one, not NULL or empty" \
  '8,skipped,,,"no SQL (sql_executed holds only whitespace, 5 characters): nothing to replay; changes made by what was not replayed are not in the replay (see warnings): app.a"' \
  "$(acc rows 8)"
assert_contains "rows: ... and warned on its row" \
  "history row 8: no SQL (sql_executed holds only whitespace, 5 characters)" "$(cat "$PGA_TMP/rows.log")"
assert_eq "rows: an empty row is still NULL or empty" "9,skipped,,,no SQL (sql_executed is NULL or empty): nothing to replay" \
  "$(acc rows 9 | cut -d';' -f1)"
assert_eq "rows: a whitespace-only row inside a statement's rows too" \
  '11,skipped,,,"no SQL (sql_executed holds only whitespace, 1 character): nothing to replay"' "$(acc rows 11)"
assert_contains "rows: the pre-flight names the whitespace-only rows" \
  "history row 8: sql_executed holds only whitespace
    history row 11: sql_executed holds only whitespace" "$(cat "$PGA_TMP/rows_pf.out")"
assert_eq "rows: ... in its report too" "[8,11]" "$(jq -c .rows_whitespace_sql_ids "$PGA_TMP/rows_pf/report.json")"
PF="$PGA_TMP/rows_pf/report.json"
assert_eq "rows: the pre-flight's statements are the replay's runs (statement_of)" \
  "$(zstdcat "$PGA_TMP/rows/accounting.csv.zst" | tail -n +2 | cut -d, -f3 | grep -v '^$' | sort -u | wc -l)" "$(jq .statements "$PF")"
assert_eq "rows: ... and its statements by command add up to them (rows without SQL are not statements)" \
  "$(jq .statements "$PF")" "$(jq '[.statements_by_command[]] | add' "$PF")"
assert_eq "rows: the text of two statements is one run, said so; the split rows two, said so" "1 2 1" \
  "$(jq -r '"\(.statements_multi_statement_texts) \(.statements_in_multi_statement_texts) \(.statements_split_runs)"' "$PF")"
assert_contains "rows: the pre-flight says what it counts" "runs of a text: its rows counted once" "$(cat "$PGA_TMP/rows_pf.out")"
assert_contains "rows: ... and prints both" "of which 1 text(s) of several statements (2 in all), each counted once: one run
    of which 1 run(s) split from the row before (one text and time, one name in two schemas)" "$(cat "$PGA_TMP/rows_pf.out")"

pga_finish
