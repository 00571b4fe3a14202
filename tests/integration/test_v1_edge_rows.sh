#!/usr/bin/env bash
# test_v1_edge_rows.sh - v1 histories built here, one per edge of the replay: a CREATE INDEX
# CONCURRENTLY on a tablespace the replay server lacks (autocommit, pg_default in its place as in a
# transaction, also across a kill), a text that needs more locks than the replay server's lock table
# holds (the replay stops naming the row, with the server's hint), texts of session settings only or
# beside DDL (SET ROLE, RESET ALL: cut like pg_dump's prelude), a whitespace-only row (said so), and a
# row holding several statements (the pre-flight counts rows and says how many statements they hold).
source "$(dirname "$0")/lib.sh"

R="$PGA_BIN/pggit-audit-replay"
export PGGIT_AUDIT_TARGET="$PGA_CONN dbname=postgres"

# history NAME: a source database NAME with the v1 tables and the SQL of stdin loaded, exported into
# $PGA_TMP/NAME.v1; sets SRC
history() {
  SRC=$(new_db "src_$1")
  psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v1_schema.sql" -f - >/dev/null
  PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit-v1export" --outdir "$PGA_TMP/$1.v1" -q
}
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

# ---- 1. CREATE INDEX CONCURRENTLY ... TABLESPACE x, x missing: autocommit, retried as in a transaction ----
history cic <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 't'), (3, 'INDEX', 'app', 't_a'), (4, 'INDEX', 'app', 't_b');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (a int, b int)', '2026-03-01 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE INDEX CONCURRENTLY t_a ON app.t (a) TABLESPACE fastdisk', '2026-03-01 09:02:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'CREATE UNIQUE INDEX CONCURRENTLY t_b ON app.t (b) TABLESPACE "Slow Disk"', '2026-03-01 09:03:00', 'alice'),
  (5, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ADD COLUMN c int', '2026-03-01 09:04:00', 'alice');
SQL
replay cic cic
assert_eq "cic: the replay succeeded" "0" "$RC"
assert_eq "cic: every row applied, no statement failed" "applied applied applied applied applied 0" \
  "$(statuses cic) $(jq .statements_failed "$PGA_TMP/cic/report.json")"
assert_eq "cic: each missing tablespace a stub of its row, as in a transaction" "3:fastdisk 4:Slow Disk" "$(stubs cic)"
blobs() { # OUT: every blob of the store, one a line
  zstdcat "$PGA_TMP/$1/objects.csv.zst" | python3 -c '
import csv, sys
csv.field_size_limit(1 << 30)
for r in csv.reader(sys.stdin):
    if r[1] == "blob":
        print(r[3].replace("\n", " "))'
}
assert_contains "cic: the indexes are captured, without a tablespace" \
  "CREATE INDEX t_a ON app.t USING btree (a);
CREATE UNIQUE INDEX t_b ON app.t USING btree (b);" "$(blobs cic | grep INDEX | sort)"
# killed right after the rewritten statement ran, between its stub and its retry, and just before it:
# the resume writes the same bytes (the stub neither lost nor listed twice)
for fault in replay-after-autocommit@1 replay-before-autocommit-retry@1 replay-before-autocommit@2; do
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

pga_finish
