#!/usr/bin/env bash
# test_v1_stub_undo.sh - the stubs of a CREATE INDEX CONCURRENTLY (run in autocommit, so committed at once)
# when the statement fails in the end: a build that fails after its first commit leaves its index INVALID,
# and that index depends on the stub; and a stub that something else came to depend on before a resume.
# Either way the failed row leaves nothing in later snapshots, a stub that cannot be dropped is named with
# its history row in warnings.csv.zst, and no stub is ever part of the store.
source "$(dirname "$0")/lib.sh"

R="$PGA_BIN/pggit-audit-replay"
export PGGIT_AUDIT_TARGET="$PGA_CONN dbname=postgres"

# replay NAME OUT LOG [ARGS...]: the exit status in RC
replay() {
  local name=$1 out=$2 log=$3
  shift 3
  RC=0
  "$R" --v1export "$PGA_TMP/$name.v1" --outdir "$PGA_TMP/$out" "$@" >"$PGA_TMP/$log" 2>&1 || RC=$?
}
statuses() { zstdcat "$PGA_TMP/$1/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' '; }
stubs() { zstdcat "$PGA_TMP/$1/stubs.csv.zst" | tail -n +2 | awk -F, '{gsub(/"/, "", $NF); print $1 ":" $NF}' | paste -sd' '; }
# scratch LOG: the scratch database the replay of LOG used (registered to be dropped at exit)
scratch() {
  local s
  s=$(grep -o 'scratch database pggit_audit_replay_[0-9a-f]*' "$PGA_TMP/$1" | head -1 | awk '{print $3}')
  register_db "$s"
  echo "$s"
}

# row 3's type is missing: a stub domain public.mytype (committed at once), then the build
v1_history cic <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 't'), (3, 'INDEX', 'app', 't_f'), (4, 'TABLE', 'app', 'u');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (a int, s text)', '2026-03-01 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE INDEX CONCURRENTLY t_f ON app.t ((s::mytype))', '2026-03-01 09:02:00', 'alice'),
  (4, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ALTER COLUMN s TYPE varchar(20)', '2026-03-01 09:03:00', 'alice'),
  (5, 4, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.u (m mytype)', '2026-03-01 09:04:00', 'alice');
SQL

# ---- 1. the build fails after its first commit (a transaction of another session holds an older snapshot
# until the statement timeout): its INVALID index depends on the stub ----
PGGIT_AUDIT_FAULT=replay-before-autocommit@1 "$R" --v1export "$PGA_TMP/cic.v1" --outdir "$PGA_TMP/timeout" \
  >"$PGA_TMP/timeout.2.log" 2>&1 && RC=0 || RC=$?
assert_eq "timeout: killed before the concurrent build" "137" "$RC"
SCRATCH=$(scratch timeout.2.log)
# an open transaction with a snapshot: the build's last phase waits for it
psql "$PGA_CONN dbname=$SCRATCH" -qXAt -c "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1; SELECT pg_sleep(120);" \
  >/dev/null 2>&1 &
HOLDER=$!
for _ in $(seq 50); do
  [ "$(q "$PGA_CONN" "SELECT count(*) FROM pg_stat_activity WHERE datname = '$SCRATCH' AND backend_xmin IS NOT NULL")" -gt 0 ] && break
  sleep 0.2
done
replay cic timeout timeout.3.log --statement-timeout 5000
kill "$HOLDER" 2>/dev/null || true
wait "$HOLDER" 2>/dev/null || true
assert_eq "timeout: the resumed replay succeeded" "0" "$RC"
assert_eq "timeout: the build failed on the timeout, every other row applied" \
  "applied applied failed applied applied 57014" \
  "$(statuses timeout) $(zstdcat "$PGA_TMP/timeout/errors.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' ')"
# with the tables it does hold: a count of 0 on an empty store passed too
assert_eq "timeout: the failed build's index is in no snapshot (left INVALID, it was captured with row 4); the tables are" \
  "0 1 1 1" "$(store_blobs timeout | grep -c 't_f' || true) $(store_blobs timeout | grep -c '^CREATE TABLE app.t ( *a integer, *s text *);' || true) $(store_blobs timeout | grep -c '^CREATE TABLE app.t ( *a integer, *s character varying(20) *);' || true) $(store_blobs timeout | grep -c '^CREATE TABLE app.u ( *m mytype *);' || true)"
assert_eq "timeout: its stub is gone with it; row 5 makes its own" "5:public.mytype" "$(stubs timeout)"
assert_eq "timeout: no stub is in the store, which holds the schema, the tables and nothing else" "0 app app.t app.u" \
  "$(store_blobs timeout | grep -c 'DOMAIN' || true) $(zstdcat "$PGA_TMP/timeout/objects.csv.zst" | python3 -c '
import csv, sys, base64
csv.field_size_limit(1 << 30)
paths = set()
for r in csv.reader(sys.stdin):
    if r[1] == "tree":
        parts = base64.b64decode(r[3]).decode().split("|")
        paths.update(parts[i].split(" ", 1)[1] for i in range(0, len(parts) - 1, 2) if parts[i])
print(" ".join(sorted(paths)))')"
assert_eq "timeout: nothing was kept (the replay's warnings are written, none about a stub)" "0 yes" \
  "$(grep -c 'stub is kept' "$PGA_TMP/timeout.3.log" || true) $(zstdcat "$PGA_TMP/timeout/warnings.csv.zst" | head -1 | grep -q history_id && echo yes)"

# ---- 2. a stub something came to depend on between a kill and the resume: kept, said so, never captured ----
PGGIT_AUDIT_FAULT=replay-before-autocommit-retry@1 "$R" --v1export "$PGA_TMP/cic.v1" --outdir "$PGA_TMP/kept" \
  >"$PGA_TMP/kept.1.log" 2>&1 && RC=0 || RC=$?
assert_eq "kept: killed between the stub and the retry" "137" "$RC"
SCRATCH=$(scratch kept.1.log)
assert_eq "kept: the stub was committed" "t" \
  "$(q "$PGA_CONN dbname=$SCRATCH" "SELECT to_regtype('public.mytype') IS NOT NULL")"
# unseen by the capture (the event triggers do not fire for a replica), as anything the history did not do
psql "$PGA_CONN dbname=$SCRATCH" -qX -v ON_ERROR_STOP=1 \
  -c "SET session_replication_role = replica; CREATE TABLE public.dep (x public.mytype);" >/dev/null
replay cic kept kept.2.log
assert_eq "kept: the resumed replay succeeded" "0" "$RC"
assert_eq "kept: every row applied (the build found the kept type)" "applied applied applied applied applied" "$(statuses kept)"
W=$(zstdcat "$PGA_TMP/kept/warnings.csv.zst" | tail -n +2 | grep 'stub' || true)
assert_contains "kept: a warning of row 3 names the stub kept and why" \
  '3,type,public.mytype,a stub could not be removed and is kept (not captured): DROP type public.mytype failed: cannot drop type' "$W"
assert_contains "kept: ... and that something depends on it" 'DROP type public.mytype failed: cannot drop type mytype because other objects depend on it' "$W"
assert_contains "kept: ... said on stderr too, with the row" "history row 3: a stub could not be removed and is kept" \
  "$(cat "$PGA_TMP/kept.2.log")"
assert_eq "kept: the stub is listed once, for row 3" "3:public.mytype" "$(stubs kept)"
assert_eq "kept: the stub is not in the store, the index and the tables using it are" "0 1 1" \
  "$(store_blobs kept | grep -c 'DOMAIN' || true) $(store_blobs kept | grep -c '^CREATE INDEX t_f ON app.t' || true) $(store_blobs kept | grep -c '^CREATE TABLE app.u' || true)"

# ---- 3. two stubs of one build, one kept: only the kept one stays listed ----
# the build needs two types; killed after both stubs, the first gets a dependent. The resume drops the other
# (the build makes it again, and lists it again): before, both stayed listed, the dropped one twice
v1_history two <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 't'), (3, 'INDEX', 'app', 't_g');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (a int, s text)', '2026-03-01 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE INDEX CONCURRENTLY t_g ON app.t ((s::mytype), (s::othertype))', '2026-03-01 09:02:00', 'alice');
SQL
PGGIT_AUDIT_FAULT=replay-before-autocommit-retry@2 "$R" --v1export "$PGA_TMP/two.v1" --outdir "$PGA_TMP/two" \
  >"$PGA_TMP/two.1.log" 2>&1 && RC=0 || RC=$?
assert_eq "two: killed after the second stub" "137" "$RC"
SCRATCH=$(scratch two.1.log)
assert_eq "two: both stubs were committed" "t t" \
  "$(q "$PGA_CONN dbname=$SCRATCH" "SELECT to_regtype('public.mytype') IS NOT NULL, to_regtype('public.othertype') IS NOT NULL" | tr '|' ' ')"
psql "$PGA_CONN dbname=$SCRATCH" -qX -v ON_ERROR_STOP=1 \
  -c "SET session_replication_role = replica; CREATE TABLE public.dep (x public.mytype);" >/dev/null
replay two two two.2.log
assert_eq "two: the resumed replay succeeded, every row applied" "0 applied applied applied" "$RC $(statuses two)"
assert_contains "two: the kept stub is warned" "3,type,public.mytype,a stub could not be removed and is kept" \
  "$(zstdcat "$PGA_TMP/two/warnings.csv.zst")"
assert_eq "two: listed: the kept stub once, the other once (made again by the build)" "3:public.mytype 3:public.othertype" \
  "$(stubs two)"
assert_eq "two: the index is in the store, no stub is" "1 0" \
  "$(store_blobs two | grep -c '^CREATE INDEX t_g ON app.t' || true) $(store_blobs two | grep -c 'DOMAIN' || true)"

pga_finish
