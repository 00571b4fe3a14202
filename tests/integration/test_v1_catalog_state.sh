#!/usr/bin/env bash
# test_v1_catalog_state.sh - v1 histories built here whose statements change state that pg_dump writes as
# ALTER statements beside an object's CREATE (row level security, replica identity, CLUSTER ON, a column's
# statistics target, storage, options and compression, a trigger's or rule's enabled state, a view column's
# default, an extended statistics object's target), and a constraint
# trigger: each such row is a change of the object in the store, and the last snapshot holds the same ALTER
# statements as pg_dump -s of a database where the history's statements simply ran.
source "$(dirname "$0")/lib.sh"

R="$PGA_BIN/pggit-audit-replay"
export PGGIT_AUDIT_TARGET="$PGA_CONN dbname=postgres"

# replay_history NAME: replay NAME's export into $PGA_TMP/NAME (log NAME.log); the exit status in RC
replay_history() {
  RC=0
  "$R" --v1export "$PGA_TMP/$1.v1" --outdir "$PGA_TMP/$1" >"$PGA_TMP/$1.log" 2>&1 || RC=$?
}
# applied_committed NAME: "A applied C committed", the rows of NAME's accounting applied and those that made a commit
applied_committed() {
  zstdcat "$PGA_TMP/$1/accounting.csv.zst" | tail -n +2 |
    awk -F, '$2 == "applied" {a++} $4 != "" {c++} END {print a, "applied", c, "committed"}'
}
# run_directly DB: a new database DB where the statements of the history in $SRC simply ran, in order; sets DIRECT
run_directly() {
  DIRECT=$(new_db "$1")
  q "$SRC" "SELECT string_agg(sql_executed, E';\n' ORDER BY id) || ';' FROM pggit.history" | psql "$DIRECT" -qX -v ON_ERROR_STOP=1 >/dev/null
}
# last_tree OUT: every definition of the last snapshot of the store in $PGA_TMP/OUT, in path order
last_tree() {
  local head tree
  head=$(zstdcat "$PGA_TMP/$1/refs.csv.zst" | tail -1 | cut -d, -f2)
  tree=$(zstdcat "$PGA_TMP/$1/commit_graph.csv.zst" | awk -F, -v h="$head" '$1 == h {print $3}')
  zstdcat "$PGA_TMP/$1/objects.csv.zst" | python3 -c '
import csv, sys, base64
csv.field_size_limit(1 << 30)
rows = {r[0]: r for r in csv.reader(sys.stdin)}
parts = base64.b64decode(rows[sys.argv[1]][3]).decode().split("|")
for i in range(0, len(parts) - 1, 2):
    if parts[i]:
        print(rows[parts[i + 1]][3])' "$tree"
}
# rebuild OUT CONNINFO: each definition of the last snapshot of OUT run in CONNINFO, in one transaction each, those
# failing tried again after the others while that makes progress (a snapshot is in path order, not dependency
# order); prints the definitions that never ran, with their error
rebuild() {
  last_tree_split "$1" | python3 -c '
import json, subprocess, sys
todo = json.load(sys.stdin)
while todo:
    left = []
    for d in todo:
        r = subprocess.run(["psql", sys.argv[1], "-qX", "-v", "ON_ERROR_STOP=1", "-1"], input=d, text=True, capture_output=True)
        if r.returncode:
            left.append((d, r.stderr.strip()))
    if len(left) == len(todo):
        for d, e in left:
            print(d.split(chr(10))[0], "->", e)
        break
    todo = [d for d, e in left]' "$2"
}
# last_tree_split OUT: the definitions of the last snapshot as a JSON list
last_tree_split() {
  local head tree
  head=$(zstdcat "$PGA_TMP/$1/refs.csv.zst" | tail -1 | cut -d, -f2)
  tree=$(zstdcat "$PGA_TMP/$1/commit_graph.csv.zst" | awk -F, -v h="$head" '$1 == h {print $3}')
  zstdcat "$PGA_TMP/$1/objects.csv.zst" | python3 -c '
import csv, sys, base64, json
csv.field_size_limit(1 << 30)
rows = {r[0]: r for r in csv.reader(sys.stdin)}
parts = base64.b64decode(rows[sys.argv[1]][3]).decode().split("|")
print(json.dumps([rows[parts[i + 1]][3] for i in range(0, len(parts) - 1, 2) if parts[i]]))' "$tree"
}
# one_line_alters: the ALTER TABLE, VIEW and STATISTICS statements of stdin written on one line (pg_dump writes ADD CONSTRAINT on two)
one_line_alters() { grep -E '^ALTER (TABLE|VIEW|STATISTICS) .*;$' | LC_ALL=C sort; }

v1_history state <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 't'), (3, 'INDEX', 'app', 't_id'), (4, 'FUNCTION', 'app', 'touch'),
  (5, 'TRIGGER', 'app', 't_touch'), (6, 'TRIGGER', 'app', 't_c'), (7, 'TABLE', 'app', 'u'), (8, 'VIEW', 'app', 'w');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (id int NOT NULL, v text, w text)', '2026-03-01 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE UNIQUE INDEX t_id ON app.t (id)', '2026-03-01 09:02:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RETURN NEW; END $f$',
   '2026-03-01 09:03:00', 'alice'),
  (5, 5, 'CREATE', 'MINOR', 'c', 'CREATE TRIGGER t_touch BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.touch()',
   '2026-03-01 09:04:00', 'alice'),
  (6, 6, 'CREATE', 'MINOR', 'c', 'CREATE CONSTRAINT TRIGGER t_c AFTER INSERT ON app.t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.touch()',
   '2026-03-01 09:05:00', 'alice'),
  (7, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ENABLE ROW LEVEL SECURITY', '2026-03-01 09:06:00', 'alice'),
  (8, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t FORCE ROW LEVEL SECURITY', '2026-03-01 09:07:00', 'alice'),
  (9, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t DISABLE TRIGGER t_touch', '2026-03-01 09:08:00', 'alice'),
  (10, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ENABLE ALWAYS TRIGGER t_c', '2026-03-01 09:09:00', 'alice'),
  (11, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ALTER COLUMN v SET STATISTICS 500', '2026-03-01 09:10:00', 'alice'),
  (12, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ALTER COLUMN v SET STORAGE EXTERNAL', '2026-03-01 09:11:00', 'alice'),
  (13, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ALTER COLUMN v SET (n_distinct = 100)', '2026-03-01 09:12:00', 'alice'),
  (14, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t ALTER COLUMN w SET COMPRESSION pglz', '2026-03-01 09:13:00', 'alice'),
  (15, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t REPLICA IDENTITY USING INDEX t_id', '2026-03-01 09:14:00', 'alice'),
  (16, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.t CLUSTER ON t_id', '2026-03-01 09:15:00', 'alice'),
  (17, 7, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.u (a int)', '2026-03-01 09:16:00', 'alice'),
  (18, 7, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.u REPLICA IDENTITY FULL', '2026-03-01 09:17:00', 'alice'),
  (19, 7, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.u ENABLE ROW LEVEL SECURITY', '2026-03-01 09:18:00', 'alice'),
  (20, 7, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.u DISABLE ROW LEVEL SECURITY', '2026-03-01 09:19:00', 'alice'),
  (21, 7, 'ALTER', 'MINOR', 'c', 'CREATE RULE u_del AS ON DELETE TO app.u DO INSTEAD NOTHING', '2026-03-01 09:20:00', 'alice'),
  (22, 7, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.u DISABLE RULE u_del', '2026-03-01 09:21:00', 'alice'),
  (23, 8, 'CREATE', 'MINOR', 'c', 'CREATE VIEW app.w AS SELECT id, v FROM app.t', '2026-03-01 09:22:00', 'alice'),
  (24, 8, 'ALTER', 'MINOR', 'c', 'ALTER VIEW app.w ALTER COLUMN v SET DEFAULT $$x$$', '2026-03-01 09:23:00', 'alice'),
  (25, 2, 'ALTER', 'MINOR', 'c', 'CREATE STATISTICS app.st (dependencies) ON id, v FROM app.t', '2026-03-01 09:24:00', 'alice'),
  (26, 2, 'ALTER', 'MINOR', 'c', 'ALTER STATISTICS app.st SET STATISTICS 50', '2026-03-01 09:25:00', 'alice');
SQL
replay_history state
assert_eq "state: the replay succeeded" "0" "$RC"
assert_eq "state: every row applied, each a change of the store (a commit)" "26 applied 26 committed" \
  "$(applied_committed state)"

# the same statements run directly, in order
run_directly direct
pg_dump -s --no-owner -d "$DIRECT" | grep -v "^\\\\\(un\)\?restrict" >"$PGA_TMP/direct.sql"
last_tree state >"$PGA_TMP/tree.sql"
EXPECTED=$(one_line_alters <"$PGA_TMP/direct.sql")
assert_contains "state: pg_dump writes the states as ALTER statements" "ALTER TABLE app.t DISABLE TRIGGER t_touch;" "$EXPECTED"
assert_eq "state: the last snapshot holds the ALTER statements pg_dump writes" "$EXPECTED" "$(one_line_alters <"$PGA_TMP/tree.sql")"
assert_eq "state: the constraint trigger is a trigger, not a line of its table" "0 1" \
  "$(grep -c 'CONSTRAINT t_c TRIGGER' "$PGA_TMP/tree.sql" || true) $(grep -c '^CREATE CONSTRAINT TRIGGER t_c AFTER INSERT ON app.t ' "$PGA_TMP/tree.sql" || true)"

# ---- comments on what is part of another object's definition: pg_dump writes each as a COMMENT statement ----
v1_history comments <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 't'), (3, 'TYPE', 'app', 'c'), (4, 'TYPE', 'app', 'd');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.t (id int CONSTRAINT t_ck CHECK (id > 0), v text)', '2026-03-01 09:01:00', 'alice'),
  (3, 2, 'COMMENT', 'MINOR', 'c', 'COMMENT ON CONSTRAINT t_ck ON app.t IS $$positive$$', '2026-03-01 09:02:00', 'alice'),
  (4, 2, 'ALTER', 'MINOR', 'c', 'CREATE RULE r AS ON DELETE TO app.t DO INSTEAD NOTHING', '2026-03-01 09:03:00', 'alice'),
  (5, 2, 'COMMENT', 'MINOR', 'c', 'COMMENT ON RULE r ON app.t IS $$no deletes$$', '2026-03-01 09:04:00', 'alice'),
  (6, 2, 'ALTER', 'MINOR', 'c', 'CREATE STATISTICS app.st ON id, v FROM app.t', '2026-03-01 09:05:00', 'alice'),
  (7, 2, 'COMMENT', 'MINOR', 'c', 'COMMENT ON STATISTICS app.st IS $$stats$$', '2026-03-01 09:06:00', 'alice'),
  (8, 3, 'CREATE', 'MINOR', 'c', 'CREATE TYPE app.c AS (x int, y text)', '2026-03-01 09:07:00', 'alice'),
  (9, 3, 'COMMENT', 'MINOR', 'c', 'COMMENT ON COLUMN app.c.y IS $$why$$', '2026-03-01 09:08:00', 'alice'),
  (10, 4, 'CREATE', 'MINOR', 'c', 'CREATE DOMAIN app.d AS int CONSTRAINT d_pos CHECK (VALUE > 0)', '2026-03-01 09:09:00', 'alice'),
  (11, 4, 'COMMENT', 'MINOR', 'c', 'COMMENT ON CONSTRAINT d_pos ON DOMAIN app.d IS $$positive too$$', '2026-03-01 09:10:00', 'alice');
SQL
replay_history comments
assert_eq "comments: the replay succeeded" "0" "$RC"
assert_eq "comments: every row applied, each a change of the store (a commit)" "11 applied 11 committed" \
  "$(applied_committed comments)"
run_directly direct_comments
EXPECTED=$(pg_dump -s --no-owner -d "$DIRECT" | grep '^COMMENT ON ' | LC_ALL=C sort)
assert_contains "comments: pg_dump writes the comment of the domain's constraint" "COMMENT ON CONSTRAINT d_pos ON DOMAIN app.d IS 'positive too';" "$EXPECTED"
assert_eq "comments: the last snapshot holds the COMMENT statements pg_dump writes" "$EXPECTED" \
  "$(last_tree comments | grep '^COMMENT ON ' | LC_ALL=C sort)"

# ---- identity columns: their sequence's options are part of the column ----
# the last snapshot's definitions, run in an empty database, give pg_dump -s of the history run directly
v1_history ident <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 'u');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.u (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5), a int NOT NULL, b smallint NOT NULL)',
   '2026-03-01 09:01:00', 'alice'),
  (3, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.u ALTER COLUMN id SET INCREMENT BY 7', '2026-03-01 09:02:00', 'alice'),
  (4, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.u ALTER COLUMN id SET MAXVALUE 1000 SET CYCLE', '2026-03-01 09:03:00', 'alice'),
  (5, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.u ALTER COLUMN a ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME app.myseq START WITH 3)',
   '2026-03-01 09:04:00', 'alice'),
  (6, 2, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.u ALTER COLUMN b ADD GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY -1 CACHE 20)',
   '2026-03-01 09:05:00', 'alice'),
  (7, 2, 'ALTER', 'MINOR', 'c', 'ALTER SEQUENCE app.myseq INCREMENT BY 2', '2026-03-01 09:06:00', 'alice');
SQL
replay_history ident
assert_eq "ident: the replay succeeded" "0" "$RC"
assert_eq "ident: every row applied, each a change of the store (a commit)" "7 applied 7 committed" \
  "$(applied_committed ident)"
run_directly direct_ident
REBUILT=$(new_db rebuilt_ident)
last_tree ident | psql "$REBUILT" -qX -v ON_ERROR_STOP=1 >/dev/null
dump() { pg_dump -s --no-owner -d "$1" | grep -v '^\\\(un\)\?restrict'; }
assert_contains "ident: pg_dump writes the sequence's options" "INCREMENT BY 7" "$(dump "$DIRECT")"
assert_eq "ident: the last snapshot, run, gives what pg_dump -s gives of the history run directly" "$(dump "$DIRECT")" "$(dump "$REBUILT")"

# ---- definitions that run: a domain's NOT VALID constraint, a range type, a partitioned index, a table's NOT
# VALID constraints (inside CREATE TABLE, NOT VALID is ignored: the constraint is made valid) ----
# the last snapshot, run in an empty database, gives pg_dump -s of the history run directly
v1_history runs <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TYPE', 'app', 'dom'), (3, 'TYPE', 'app', 'rng'), (4, 'TABLE', 'app', 'm'),
  (5, 'TABLE', 'app', 'm1'), (6, 'INDEX', 'app', 'm_at'), (7, 'TABLE', 'app', 'm2'), (8, 'INDEX', 'app', 'm2_at'),
  (9, 'TABLE', 'app', 'p'), (10, 'TABLE', 'app', 'c');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE DOMAIN app.dom AS text CHECK (VALUE <> $$$$)', '2026-03-01 09:01:00', 'alice'),
  (3, 2, 'ALTER', 'MINOR', 'c', 'ALTER DOMAIN app.dom ADD CONSTRAINT dlen CHECK (length(VALUE) < 10) NOT VALID', '2026-03-01 09:02:00', 'alice'),
  (4, 3, 'CREATE', 'MINOR', 'c', 'CREATE TYPE app.rng AS RANGE (subtype = int4)', '2026-03-01 09:03:00', 'alice'),
  (5, 4, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.m (id int, at date, r app.rng, d app.dom) PARTITION BY RANGE (id)', '2026-03-01 09:04:00', 'alice'),
  (6, 5, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.m1 PARTITION OF app.m FOR VALUES FROM (0) TO (10)', '2026-03-01 09:05:00', 'alice'),
  (7, 6, 'CREATE', 'MINOR', 'c', 'CREATE INDEX m_at ON app.m (at)', '2026-03-01 09:06:00', 'alice'),
  (8, 7, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.m2 (id int, at date, r app.rng, d app.dom)', '2026-03-01 09:07:00', 'alice'),
  (9, 8, 'CREATE', 'MINOR', 'c', 'CREATE INDEX m2_at ON app.m2 (at)', '2026-03-01 09:08:00', 'alice'),
  (10, 4, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.m ATTACH PARTITION app.m2 FOR VALUES FROM (10) TO (20)', '2026-03-01 09:09:00', 'alice'),
  (11, 9, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.p (id int PRIMARY KEY)', '2026-03-01 09:10:00', 'alice'),
  (12, 10, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.c (id int, pid int)', '2026-03-01 09:11:00', 'alice'),
  (13, 10, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.c ADD CONSTRAINT c_ck CHECK (id > 0) NOT VALID', '2026-03-01 09:12:00', 'alice'),
  (14, 10, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.c ADD CONSTRAINT c_fk FOREIGN KEY (pid) REFERENCES app.p NOT VALID', '2026-03-01 09:13:00', 'alice'),
  (15, 10, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.c ADD CONSTRAINT c_ck2 CHECK (pid > 0) NOT VALID', '2026-03-01 09:14:00', 'alice'),
  (16, 10, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.c VALIDATE CONSTRAINT c_ck2', '2026-03-01 09:15:00', 'alice');
SQL
replay_history runs
assert_eq "runs: the replay succeeded, every row applied" "0 16" \
  "$RC $(zstdcat "$PGA_TMP/runs/accounting.csv.zst" | tail -n +2 | grep -c ',applied,')"
assert_eq "runs: the range type is in the snapshot, its constructors are not objects of their own (pg_dump has none)" "1 0" \
  "$(last_tree runs | grep -c '^CREATE TYPE app.rng AS RANGE' || true) $(last_tree runs | grep -ci 'range_constructor\|multirange_constructor' || true)"
run_directly direct_runs
REBUILT=$(new_db rebuilt_runs)
assert_eq "runs: every definition of the last snapshot runs" "" "$(rebuild runs "$REBUILT")"
assert_contains "runs: pg_dump writes the attached index partition" "ALTER INDEX app.m_at ATTACH PARTITION app.m2_at;" "$(dump "$DIRECT")"
assert_eq "runs: the last snapshot, run, gives what pg_dump -s gives of the history run directly" "$(dump "$DIRECT")" "$(dump "$REBUILT")"

# ---- a partitioned table's trigger: its clones on the partitions are part of it, as for pg_dump ----
# each clone was a trigger of its own (app.mt on m1...), and the last snapshot, run, failed "already exists"
v1_history clones <<'SQL'
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'SCHEMA', 'app', 'app'), (2, 'TABLE', 'app', 'm'), (3, 'TABLE', 'app', 'm1'), (4, 'FUNCTION', 'app', 'tf'),
  (5, 'TRIGGER', 'app', 'mt'), (6, 'TABLE', 'app', 'm2');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'c', 'CREATE SCHEMA app', '2026-03-01 09:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.m (id int, v text) PARTITION BY RANGE (id)', '2026-03-01 09:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.m1 PARTITION OF app.m FOR VALUES FROM (0) TO (10)', '2026-03-01 09:02:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'c', 'CREATE FUNCTION app.tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$',
   '2026-03-01 09:03:00', 'alice'),
  (5, 5, 'CREATE', 'MINOR', 'c', 'CREATE TRIGGER mt BEFORE UPDATE ON app.m FOR EACH ROW EXECUTE FUNCTION app.tf()', '2026-03-01 09:04:00', 'alice'),
  (6, 6, 'CREATE', 'MINOR', 'c', 'CREATE TABLE app.m2 PARTITION OF app.m FOR VALUES FROM (10) TO (20)', '2026-03-01 09:05:00', 'alice'),
  (7, 3, 'ALTER', 'MINOR', 'c', 'ALTER TABLE app.m1 DISABLE TRIGGER mt', '2026-03-01 09:06:00', 'alice');
SQL
replay_history clones
assert_eq "clones: the replay succeeded, every row applied, each a commit" "0 7 7" \
  "$RC $(zstdcat "$PGA_TMP/clones/accounting.csv.zst" | tail -n +2 | awk -F, '$2 == "applied" {a++} $4 != "" {c++} END {print a, c}')"
assert_eq "clones: one trigger in the last snapshot, holding the partition's own state" "1 1" \
  "$(last_tree clones | grep -c '^CREATE TRIGGER mt ' || true) $(last_tree clones | grep -c '^ALTER TABLE app.m1 DISABLE TRIGGER mt;' || true)"
run_directly direct_clones
REBUILT=$(new_db rebuilt_clones)
assert_eq "clones: every definition of the last snapshot runs" "" "$(rebuild clones "$REBUILT")"
assert_eq "clones: the last snapshot, run, gives what pg_dump -s gives of the history run directly" "$(dump "$DIRECT")" "$(dump "$REBUILT")"

pga_finish
