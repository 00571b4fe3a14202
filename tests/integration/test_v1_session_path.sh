#!/usr/bin/env bash
# test_v1_session_path.sh - v1 histories built here whose texts reset or set their own search_path: RESET
# search_path, SET search_path TO DEFAULT and RESET ALL go back to the path the replay started the text with
# (its rows' schema first), not to the server's default; "$user" in a text's search_path is the role that ran
# it (the row's created_by), or when the row does not say the schema its rows name (where production put its objects),
# never the replaying role; so is the "$user" of
# the path each text starts with (the replay's own is public).
source "$(dirname "$0")/lib.sh"

R="$PGA_BIN/pggit-audit-replay"
export PGGIT_AUDIT_TARGET="$PGA_CONN dbname=postgres"
ME=$(q "$PGA_CONN" "SELECT current_user")

replay() {
  RC=0
  "$R" --v1export "$PGA_TMP/$1.v1" --outdir "$PGA_TMP/$1" >"$PGA_TMP/$1.log" 2>&1 || RC=$?
}
statuses() { zstdcat "$PGA_TMP/$1/accounting.csv.zst" | tail -n +2 | cut -d, -f2 | paste -sd' '; }
# the tables of the store's snapshots (every table blob), as schema.name
tables() {
  zstdcat "$PGA_TMP/$1/objects.csv.zst" | python3 -c '
import csv, sys
csv.field_size_limit(1 << 30)
names = set()
for r in csv.reader(sys.stdin):
    if r[1] == "blob" and r[3].startswith("CREATE TABLE "):
        names.add(r[3].split()[2])
print(" ".join(sorted(names)))'
}

# ---- 1. RESET search_path, SET search_path TO DEFAULT, RESET ALL: back to the replay's starting path ----
v1_history reset -v me="$ME" <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 'r1'), (3, 'TABLE', 'app', 'r2'), (4, 'TABLE', 'app', 'r3'),
  (5, 'TABLE', 'app', 'r4');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'RESET search_path; CREATE TABLE r1 (x int);', '2026-03-01 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'SET search_path TO DEFAULT; CREATE TABLE r2 (x int);', '2026-03-01 09:02:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'SET search_path = elsewhere; RESET ALL; CREATE TABLE r3 (x int);', '2026-03-01 09:03:00', 'alice'),
  (5, 5, 'CREATE', 'MINOR', 'c', 'SET LOCAL search_path = DEFAULT; CREATE TABLE r4 (x int);', '2026-03-01 09:04:00', 'alice');
SQL
replay reset
assert_eq "reset: the replay succeeded" "0" "$RC"
assert_eq "reset: every row applied, no statement failed" "applied applied applied applied applied 0" \
  "$(statuses reset) $(jq .statements_failed "$PGA_TMP/reset/report.json")"
assert_eq "reset: the tables are where the rows say, not in public" "app.r1 app.r2 app.r3 app.r4" "$(tables reset)"
assert_eq "reset: no warning that a table landed in public" "0" \
  "$(zstdcat "$PGA_TMP/reset/warnings.csv.zst" | tail -n +2 | grep -c "recorded under public" || true)"

# ---- 2. "$user" in a text's search_path: the role of the row (created_by), nothing without one ----
# the replaying role has a schema of its name: "$user" resolved to it took the tables there
v1_history user -v me="$ME" <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'alice', 'alice'), (2, 'SCHEMA', :'me', :'me'), (3, 'TABLE', 'alice', 'u1'), (4, 'TABLE', 'public', 'u2'),
  (5, 'TABLE', 'public', 'u3');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA alice', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', format('CREATE SCHEMA %I', :'me'), '2026-03-01 09:00:30', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'SET search_path = "$user", public; CREATE TABLE u1 (x int);', '2026-03-01 09:01:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'SET search_path = "$user", public; CREATE TABLE u2 (x int);', '2026-03-01 09:02:00', NULL),
  (5, 5, 'CREATE', 'MINOR', 'c', 'SET search_path TO "$user",public; CREATE TABLE u3 (x int);', '2026-03-01 09:03:00', 'bob');
SQL
replay user
assert_eq "user: the replay succeeded" "0" "$RC"
assert_eq "user: every row applied" "applied applied applied applied applied" "$(statuses user)"
assert_eq "user: \"\$user\" is the row's role (alice), or none (no role, or no schema of bob's), never the replaying role" \
  "alice.u1 public.u2 public.u3" "$(tables user)"

# ---- 3. the replay's own starting path: "$user" there is the row's role too, never the replaying role ----
# rows whose objects are in public (no schema of theirs put first) ran under the session's "$user", public:
# with a schema of the replaying role's name, r5 and r6 landed there and a1 (alice's, found through her
# "$user" in production) was not found; a view on a table of that schema rendered it unqualified. Row 9's table
# is in public although alice has a schema: public comes first (production's path had it before hers)
v1_history start -v me="$ME" <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', :'me', :'me'), (2, 'SCHEMA', 'alice', 'alice'), (3, 'TABLE', 'public', 'r5'),
  (4, 'TABLE', 'public', 'r6'), (5, 'TABLE', 'alice', 'a1'), (6, 'VIEW', 'public', 'v1'),
  (7, 'TABLE', :'me', 'm1'), (8, 'VIEW', 'public', 'v2'), (9, 'TABLE', 'public', 'r7');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', format('CREATE SCHEMA %I', :'me'), '2026-03-01 09:00:00', 'carol'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA alice', '2026-03-01 09:00:30', 'carol'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE r5 (x int)', '2026-03-01 09:01:00', 'carol'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'CREATE TABLE r6 (x int)', '2026-03-01 09:02:00', NULL),
  (5, 5, 'CREATE', 'MINOR', 'c', 'CREATE TABLE a1 (x int)', '2026-03-01 09:03:00', 'alice'),
  (6, 6, 'CREATE', 'MINOR', 'c', 'CREATE VIEW public.v1 AS SELECT x FROM a1', '2026-03-01 09:04:00', 'alice'),
  (7, 7, 'CREATE', 'MINOR', 'c', format('CREATE TABLE %I.m1 (y int)', :'me'), '2026-03-01 09:05:00', 'carol'),
  (8, 8, 'CREATE', 'MINOR', 'c', format('CREATE VIEW public.v2 AS SELECT y FROM %I.m1', :'me'), '2026-03-01 09:06:00', 'carol'),
  (9, 9, 'CREATE', 'MINOR', 'c', 'CREATE TABLE r7 (x int)', '2026-03-01 09:07:00', 'alice');
SQL
replay start
assert_eq "start: the replay succeeded" "0" "$RC"
assert_eq "start: every row applied" "applied applied applied applied applied applied applied applied applied" "$(statuses start)"
assert_eq "start: unqualified names never land in the replaying role's schema" \
  "alice.a1 $(q "$PGA_CONN" "SELECT quote_ident(current_user)").m1 public.r5 public.r6 public.r7" "$(tables start)"
assert_eq "start: no warning that an object landed elsewhere" "0" \
  "$(zstdcat "$PGA_TMP/start/warnings.csv.zst" | tail -n +2 | grep -c "recorded under public" || true)"
# the view on the replaying role's schema names it, as it would under any other replaying role
assert_eq "start: a view on the schema of the replaying role's name qualifies its table" "1" \
  "$(zstdcat "$PGA_TMP/start/objects.csv.zst" | grep -c "^   FROM $(q "$PGA_CONN" "SELECT quote_ident(current_user)")\.m1;" || true)"

# ---- 4. the baseline's unqualified moves: "$user" is the row's role there too ----
# alice.t and alice.w are older than the history; alice moves them with her "$user" first (the default path,
# and her text's own). The baseline read public for "$user", gave s.t and s.w back there as well, and the
# replay moved alice's tables: public.t and public.w stayed in every later snapshot
v1_history move -v me="$ME" <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name, ddl_normalized) VALUES
  (1, 'SCHEMA', '', 'alice', 'CREATE SCHEMA alice;'), (2, 'SCHEMA', 's', 's', NULL),
  (3, 'TABLE', 'alice', 't', 'CREATE TABLE alice.t (x int);'), (4, 'TABLE', 's', 't', 'CREATE TABLE s.t (x int);'),
  (5, 'TABLE', 'alice', 'w', 'CREATE TABLE alice.w (y int);'), (6, 'TABLE', 's', 'w', 'CREATE TABLE s.w (y int);');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 2, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA s', '2026-03-01 09:00:00', 'alice'),
  (2, 4, 'ALTER', 'MINOR', 'm', 'ALTER TABLE t SET SCHEMA s', '2026-03-01 09:01:00', 'alice'),
  (3, 6, 'ALTER', 'MINOR', 'm', 'SET search_path = "$user", public; ALTER TABLE w SET SCHEMA s;', '2026-03-01 09:02:00', 'alice');
SQL
replay move
assert_eq "move: the replay succeeded" "0" "$RC"
assert_eq "move: every row applied" "applied applied applied" "$(statuses move)"
assert_eq "move: the tables, from alice to s, never a copy in public" "alice.t alice.w s.t s.w" "$(tables move)"

# ---- 5. "$user" alone in a text's path, from a row without created_by: the schema the row's object is in ----
# with no role to stand for "$user", it was left out and the path was empty: the CREATE failed ("no schema has
# been selected to create in") although production put the table where its row says
v1_history nouser -v me="$ME" <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'carl', 'carl'), (2, 'TABLE', 'carl', 'n1'), (3, 'TABLE', 'carl', 'n2');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA carl', '2026-03-01 09:00:00', NULL),
  (2, 2, 'CREATE', 'MINOR', 'c', 'SET search_path = "$user"; CREATE TABLE n1 (x int);', '2026-03-01 09:01:00', NULL),
  (3, 3, 'CREATE', 'MINOR', 'c', 'SET search_path TO "$user", public; CREATE TABLE n2 (x int);', '2026-03-01 09:02:00', '');
SQL
replay nouser
assert_eq "nouser: the replay succeeded" "0" "$RC"
assert_eq "nouser: every row applied, no statement failed" "applied applied applied 0" \
  "$(statuses nouser) $(jq .statements_failed "$PGA_TMP/nouser/report.json")"
assert_eq "nouser: the tables are in the schema their rows name" "carl.n1 carl.n2" "$(tables nouser)"

pga_finish
