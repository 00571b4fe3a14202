#!/usr/bin/env bash
# gen_classify_corpus.sh - print the generated part of the classifier oracle corpus:
# object templates x name variants x repetitions, blobs separated by "--@@" lines.
#
#   tests/corpus/gen_classify_corpus.sh [REPS]     (default 4 repetitions)
#
# Every blob is valid PostgreSQL 15 DDL when run in order in a database prepared by
# the oracle test (schemas of the name variants, oracle_trg_fn(), oracle_evt_fn(),
# foreign-data wrapper oracle_fdw and server oracle_srv). Output is deterministic.
set -euo pipefail

REPS=${1:-4}
LONG=abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij

# Name variants: how a base name is written (wrap) and in which schema (empty = unqualified).
#  1 plain            2 unquoted mixed case (folded)     3 quoted, dots and spaces
#  4 quoted non-ASCII 5 unqualified (public)             6 quoted with an embedded quote
#  7 unquoted non-ASCII 8 quoted name longer than 63 bytes (truncated by PostgreSQL)
schema_of() {
  case $1 in
    1) echo 'oc_plain' ;; 2) echo 'OC_Mixed' ;; 3) echo '"OC Mixed.Case"' ;; 4) echo '"Ünïcødé"' ;;
    5) echo '' ;; 6) echo '"we""ird"' ;; 7) echo 'café' ;; 8) echo 'oc_plain' ;;
  esac
}
wrap() { # variant base
  local b=$2
  case $1 in
    1) echo "$b" ;; 2) echo "Mixed_${b^^}" ;; 3) echo "\"T.$b x\"" ;; 4) echo "\"表_$b\"" ;;
    5) echo "$b" ;; 6) echo "\"q\"\"$b\"" ;; 7) echo "größe_$b" ;; 8) echo "\"${b}_$LONG\"" ;;
  esac
}
qual() { # variant base -> qualified name
  local s; s=$(schema_of "$1")
  if [ -n "$s" ]; then echo "$s.$(wrap "$1" "$2")"; else wrap "$1" "$2"; fi
}
blob() { printf '%s\n--@@\n' "$1"; }

for k in $(seq 1 "$REPS"); do
  for v in 1 2 3 4 5 6 7 8; do
    n=${v}_$k
    T=$(qual $v "tbl_$n")
    V=$(qual $v "vw_$n")
    blob "CREATE TABLE $T (id int PRIMARY KEY, a text, b int NOT NULL DEFAULT 0, d date);"
    blob "-- unlogged, with a comment in front: CREATE VIEW nope AS SELECT 1;
CREATE UNLOGGED TABLE IF NOT EXISTS $(qual $v "unl_$n") (x int);"
    blob "CREATE TABLE $(qual $v "part_$n") (id int, d date) PARTITION BY RANGE (d);"
    blob "CREATE TABLE $(qual $v "p2024_$n") PARTITION OF $(qual $v "part_$n")
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
    blob "CREATE VIEW $V AS SELECT id, a FROM $T WHERE a <> 'CREATE TABLE x (a int)';"
    blob "CREATE OR REPLACE VIEW $(qual $v "vw2_$n") AS
  SELECT id
    FROM $T;"
    blob "CREATE MATERIALIZED VIEW $(qual $v "mv_$n") AS SELECT id FROM $T WITH NO DATA;"
    blob "CREATE TABLE $(qual $v "ctas_$n") AS SELECT 1 AS one;"
    blob "CREATE FUNCTION $(qual $v "fn_$n")(x int, OUT y int) LANGUAGE sql IMMUTABLE AS \$\$ SELECT x + 1 \$\$;"
    blob "CREATE OR REPLACE FUNCTION $(qual $v "fnp_$n")() RETURNS trigger LANGUAGE plpgsql AS \$body\$
BEGIN
  -- CREATE TABLE inside a body is not a statement of the blob
  EXECUTE 'CREATE TABLE ignored (a int)';
  RETURN NEW;
END
\$body\$;"
    blob "CREATE PROCEDURE $(qual $v "pr_$n")(IN x int) LANGUAGE plpgsql AS \$\$ BEGIN RAISE NOTICE 'x'; END \$\$;"
    blob "CREATE AGGREGATE $(qual $v "agg_$n")(int) (sfunc = int4pl, stype = int);"
    blob "CREATE INDEX $(wrap $v "ix_$n") ON $T (a);"
    blob "CREATE UNIQUE INDEX ON $T (b, a);"
    blob "CREATE INDEX CONCURRENTLY IF NOT EXISTS $(wrap $v "ixc_$n") ON $T USING btree (lower(a)) WHERE b > 0;"
    blob "CREATE SEQUENCE $(qual $v "seq_$n") START 10 CACHE 5;"
    blob "CREATE TYPE $(qual $v "enum_$n") AS ENUM ('new', 'paid', 'it''s');"
    blob "CREATE TYPE $(qual $v "comp_$n") AS (x int, y text);"
    blob "CREATE TYPE $(qual $v "rng_$n") AS RANGE (subtype = float8);"
    blob "CREATE DOMAIN $(qual $v "dom_$n") AS int CHECK (VALUE > 0);"
    blob "CREATE TRIGGER $(wrap $v "trg_$n") BEFORE UPDATE ON $T FOR EACH ROW EXECUTE FUNCTION oracle_trg_fn();"
    blob "CREATE POLICY $(wrap $v "pol_$n") ON $T FOR SELECT USING (b > 0);"
    blob "CREATE RULE $(wrap $v "rule_$n") AS ON DELETE TO $V DO INSTEAD NOTHING;"
    blob "CREATE FOREIGN TABLE $(qual $v "ft_$n") (a int) SERVER oracle_srv;"
    blob "CREATE COLLATION $(qual $v "coll_$n") FROM \"C\";"
    blob "ALTER TABLE $T ADD CONSTRAINT $(wrap $v "chk_$n") CHECK (b >= 0);"
    blob "ALTER TABLE ONLY $T ADD UNIQUE (a, b);"
    blob "CREATE TABLE $(qual $v "cmt_$n") (a int);
COMMENT ON TABLE $(qual $v "cmt_$n") IS \$c\$it's a table; CREATE VIEW x\$c\$;
COMMENT ON COLUMN $(qual $v "cmt_$n").a IS E'line\\nbreak';"
    blob "COMMENT ON TABLE $T IS 'commented separately';"
    blob "CREATE VIEW $(qual $v "gone_$n") AS SELECT 1 AS one;"
    blob "DROP VIEW IF EXISTS $(qual $v "gone_$n") CASCADE;"
    blob "CREATE SCHEMA $(wrap $v "sch_$n");"
    blob "CREATE SERVER $(wrap $v "srv_$n") FOREIGN DATA WRAPPER oracle_fdw;"
    blob "CREATE PUBLICATION $(wrap $v "pub_$n") FOR TABLE $T;"
    blob "CREATE EVENT TRIGGER $(wrap $v "evt_$n") ON ddl_command_start WHEN TAG IN ('CREATE CAST') EXECUTE FUNCTION oracle_evt_fn();"
  done
done
