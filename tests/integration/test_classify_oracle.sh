#!/usr/bin/env bash
# test_classify_oracle.sh - PostgreSQL itself is the oracle of the DDL classifier.
#
# Every blob of the corpus (tests/corpus/gen_classify_corpus.sh output + classify_hand.sql)
# is executed in a scratch database whose event triggers record, for each blob,
# pg_event_trigger_ddl_commands() (ddl_command_end) and pg_event_trigger_dropped_objects()
# (sql_drop): command tag, object type, schema, identity and the object's address names.
# ddl_classify_cli classifies the same blobs; the test requires agreement on command tag,
# object type, schema and name (and parent table), and for a routine its identity arguments,
# for EVERY blob, and prints the per-type
# agreement table (docs/classification.md carries a copy). Then each table of
# tests/corpus/constraint_names.sql is created and rolled back: the constraints ddl_compare()
# finds in it (name and type) must be its pg_constraint rows.
#
# The primary event-trigger row of a blob is chosen without looking at the classifier:
# for ALTER TABLE ... ADD CONSTRAINT the constraint the statement created (found in
# pg_constraint by the transaction's xid), for ALTER DEFAULT PRIVILEGES the pg_default_acl
# entry it wrote (same way); else the first row of the top-level command
# (command_tag = TG_TAG, not inside an extension script; then the objects a DROP dropped,
# original = true) whose object type is the noun of
# the tag ("CREATE INDEX" -> "index"); for COMMENT the first such row. Event triggers do
# not fire for CREATE / ALTER EVENT TRIGGER, so those blobs are checked by resolving the
# classifier's answer with pg_get_object_address().
#
# Env (set by ctest): PGA_SOURCE_DIR, PGA_BIN, PGA_CLUSTER_DIR. Optional: CLASSIFY_REPS
# (generator repetitions, default 4), CLASSIFY_KEEP_DB=1 to keep the scratch database.
set -euo pipefail

: "${PGA_SOURCE_DIR:?}" "${PGA_BIN:?}" "${PGA_CLUSTER_DIR:?}"
CLI="$PGA_BIN/ddl_classify_cli"
[ -x "$CLI" ] || { echo "FAIL: $CLI not built (tests/tools must be part of the build)" >&2; exit 1; }

CONN=$("$PGA_SOURCE_DIR/scripts/pgcluster.sh" conninfo "$PGA_CLUSTER_DIR")
DB="classify_oracle_$$"
WORK=$(mktemp -d)
# a role whose name needs quotes, for the corpus's user mappings (roles are the cluster's,
# not the database's: dropped after it)
ROLE="Oracle Role"
cleanup() {
  if [ "${CLASSIFY_KEEP_DB:-0}" != 1 ]; then
    # a database with subscriptions cannot be dropped; detach them from their slots first
    psql "$CONN dbname=$DB" -qX >/dev/null 2>&1 <<'SQL' || true
DROP EVENT TRIGGER IF EXISTS oracle_ddl_end; DROP EVENT TRIGGER IF EXISTS oracle_sql_drop;
DO $$ DECLARE s record; BEGIN
  FOR s IN SELECT subname FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) LOOP
    EXECUTE format('ALTER SUBSCRIPTION %I DISABLE', s.subname);
    EXECUTE format('ALTER SUBSCRIPTION %I SET (slot_name = NONE)', s.subname);
    EXECUTE format('DROP SUBSCRIPTION %I', s.subname);
  END LOOP; END $$;
SQL
    psql "$CONN" -qX -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
    psql "$CONN" -qX -c "DROP ROLE IF EXISTS \"$ROLE\"" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

psql "$CONN" -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB" >/dev/null
psql "$CONN" -qX -v ON_ERROR_STOP=1 -c "DROP ROLE IF EXISTS \"$ROLE\"" -c "CREATE ROLE \"$ROLE\"" >/dev/null
DBCONN="$CONN dbname=$DB"
# the conninfo names dbname=postgres; a later dbname wins
psql_db() { PGOPTIONS='-c client_min_messages=warning' psql "$DBCONN" -X -v ON_ERROR_STOP=1 "$@"; }

# 1. corpus
{ bash "$PGA_SOURCE_DIR/tests/corpus/gen_classify_corpus.sh" "${CLASSIFY_REPS:-4}"
  cat "$PGA_SOURCE_DIR/tests/corpus/classify_hand.sql"; } >"$WORK/corpus.sql"

# 2. the psql script: number every non-blank blob the way ddl_classify_cli does
awk -v sep='--@@' '
  function flush() { if (blob ~ /[^ \t\r\n]/) { n++; printf "SET oracle.blob = %d;\n%s\n;\n", n, blob } blob = "" }
  $0 == sep { flush(); next }
  { blob = blob $0 "\n" }
  END { flush() }' "$WORK/corpus.sql" >"$WORK/run.sql"

# 3. scratch database: a server of this database itself (postgres_fdw over the same socket,
# trust authentication) with a schema of tables for IMPORT FOREIGN SCHEMA
sockdir=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$CONN")
port=$(sed -n 's/.*port=\([^ ]*\).*/\1/p' <<<"$CONN")
psql_db -q -v sockdir="$sockdir" -v port="${port:-5432}" -v db="$DB" >/dev/null <<'SQL'
CREATE EXTENSION postgres_fdw;
CREATE SERVER oracle_loop FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host :'sockdir', port :'port', dbname :'db');
CREATE USER MAPPING FOR CURRENT_USER SERVER oracle_loop OPTIONS (user 'postgres');
CREATE SCHEMA oracle_remote;
CREATE TABLE oracle_remote.a (x int);
CREATE TABLE oracle_remote."B b" (y text);
CREATE TABLE oracle_remote.c (z date);
SQL
# schemas of the name variants, helpers, recording event triggers
psql_db -q >/dev/null <<'SQL'
CREATE SCHEMA oc_plain; CREATE SCHEMA oc_mixed; CREATE SCHEMA "OC Mixed.Case";
CREATE SCHEMA "Ünïcødé"; CREATE SCHEMA "we""ird"; CREATE SCHEMA café;
CREATE FUNCTION public.oracle_trg_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION public.oracle_evt_fn() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FOREIGN DATA WRAPPER oracle_fdw;
CREATE SERVER oracle_srv FOREIGN DATA WRAPPER oracle_fdw;
CREATE SCHEMA oracle;
CREATE TABLE oracle.log (
  seq bigserial PRIMARY KEY, blob int, source text, top_tag text, in_extension bool,
  command_tag text, object_type text,
  schema_name text, identity text, names text[], args text[]);
CREATE FUNCTION oracle.on_ddl_end() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record; a record;
BEGIN
  FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
    -- a typed empty record: a row without an object (GRANT) must still read a.object_names
    SELECT NULL::text AS type, NULL::text[] AS object_names, NULL::text[] AS object_args INTO a;
    IF r.objid <> 0 THEN
      SELECT * INTO a FROM pg_identify_object_as_address(r.classid, r.objid, r.objsubid);
    END IF;
    INSERT INTO oracle.log (blob, source, top_tag, in_extension, command_tag, object_type, schema_name,
                            identity, names, args)
    VALUES (coalesce(nullif(current_setting('oracle.blob', true), ''), '0')::int, 'ddl', TG_TAG,
            r.in_extension, r.command_tag, r.object_type, r.schema_name,
            r.object_identity, a.object_names, a.object_args);
    IF TG_TAG = 'ALTER TABLE' AND r.command_tag = 'ALTER TABLE' AND r.classid = 'pg_class'::regclass THEN
      -- constraints this statement created: catalog rows written by the current transaction
      INSERT INTO oracle.log (blob, source, top_tag, in_extension, command_tag, object_type, schema_name,
                              identity, names, args)
      SELECT coalesce(nullif(current_setting('oracle.blob', true), ''), '0')::int, 'constraint', TG_TAG, false,
             r.command_tag, ad.type, n.nspname,
             pg_describe_object('pg_constraint'::regclass, c.oid, 0), ad.object_names, ad.object_args
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace,
             pg_identify_object_as_address('pg_constraint'::regclass, c.oid, 0) ad
       WHERE c.conrelid = r.objid AND c.xmin = pg_current_xact_id()::xid;
    END IF;
    IF TG_TAG = 'ALTER DEFAULT PRIVILEGES' THEN
      -- the event trigger says only "TABLES": the pg_default_acl entries the statement wrote
      INSERT INTO oracle.log (blob, source, top_tag, in_extension, command_tag, object_type, schema_name,
                              identity, names, args)
      SELECT coalesce(nullif(current_setting('oracle.blob', true), ''), '0')::int, 'defacl', TG_TAG, false,
             r.command_tag, ad.type, ad.object_names[2], NULL, ARRAY[ad.object_names[2]], ad.object_args
        FROM pg_default_acl d, pg_identify_object_as_address('pg_default_acl'::regclass, d.oid, 0) ad
       WHERE d.xmin = pg_current_xact_id()::xid
       ORDER BY d.oid;
    END IF;
  END LOOP;
END $$;
CREATE FUNCTION oracle.on_sql_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM pg_event_trigger_dropped_objects() WHERE original LOOP
    INSERT INTO oracle.log (blob, source, top_tag, in_extension, command_tag, object_type, schema_name,
                            identity, names, args)
    VALUES (coalesce(nullif(current_setting('oracle.blob', true), ''), '0')::int, 'drop', TG_TAG, false, TG_TAG,
            r.object_type, r.schema_name,
            r.object_identity, r.address_names, r.address_args);
  END LOOP;
END $$;
CREATE EVENT TRIGGER oracle_ddl_end ON ddl_command_end EXECUTE FUNCTION oracle.on_ddl_end();
CREATE EVENT TRIGGER oracle_sql_drop ON sql_drop EXECUTE FUNCTION oracle.on_sql_drop();
SQL

# 4. execute the corpus (every blob must be valid PostgreSQL 15)
if ! psql_db -q -f "$WORK/run.sql" >"$WORK/run.out" 2>&1; then
  echo "FAIL: the corpus does not run:" >&2; tail -20 "$WORK/run.out" >&2; exit 1
fi

# 5. classify the same blobs
"$CLI" "$WORK/corpus.sql" >"$WORK/classified.tsv"
psql_db -q >/dev/null <<SQL
CREATE TABLE oracle.class (blob int PRIMARY KEY, status text, command_tag text, object_type text,
  schema text, name text, parent_schema text, parent_name text, arguments text, subkind text, n_statements int,
  error text, error_position int);
\copy oracle.class FROM '$WORK/classified.tsv'
SQL

# 6. compare
psql_db -q -A -F $'\t' -P pager=off >"$WORK/report.txt" <<'SQL'
CREATE TEMP TABLE verdict AS
WITH expected AS (
  SELECT c.*,
         CASE
           -- a publication's member: the table (or schema), then the publication
           WHEN c.object_type = 'publication relation' THEN ARRAY[c.schema, c.name, c.parent_name]
           WHEN c.object_type = 'publication namespace' THEN ARRAY[c.name, c.parent_name]
           WHEN c.object_type IN ('trigger', 'policy', 'rule', 'table constraint', 'domain constraint')
                OR c.object_type LIKE '% column'
             THEN ARRAY[c.parent_schema, c.parent_name, c.name]
           WHEN c.object_type = 'default acl' THEN ARRAY[c.schema]
           WHEN c.schema IS NULL THEN ARRAY[c.name]
           ELSE ARRAY[c.schema, c.name]
         END AS want
    FROM oracle.class c),
rows AS (
  SELECT l.*,
         -- temporary schemas are pg_temp_N in the catalog, pg_temp in the classifier
         -- a type's address is one format_type()-quoted name: split it like the others; a
         -- domain constraint's is the domain's so quoted name and the constraint's in args;
         -- an operator class's or family's starts with its access method, not an identity part
         array(SELECT CASE WHEN x ~ '^pg_temp_[0-9]+$' THEN 'pg_temp' ELSE x END
                 FROM unnest(CASE WHEN l.object_type = 'type' AND cardinality(l.names) = 1
                                  THEN parse_ident(l.names[1])
                                  WHEN l.object_type = 'domain constraint'
                                  THEN parse_ident(l.names[1]) || l.args
                                  WHEN l.object_type IN ('publication relation', 'publication namespace')
                                  THEN l.names || l.args
                                  WHEN l.object_type IN ('operator class', 'operator family')
                                  THEN l.names[2:] ELSE l.names END)
                      WITH ORDINALITY AS u(x, i) ORDER BY i) AS got,
         lower(regexp_replace(l.command_tag, '^(CREATE|ALTER|DROP) ', '')) AS noun
    FROM oracle.log l),
primary_row AS (
  SELECT DISTINCT ON (blob) *
    FROM rows r
   ORDER BY blob,
            (source IN ('constraint', 'defacl')) DESC,
            -- IMPORT FOREIGN SCHEMA reports a CREATE FOREIGN TABLE of each table
            (source = 'ddl' AND (command_tag = top_tag OR top_tag = 'IMPORT FOREIGN SCHEMA') AND NOT in_extension) DESC,
            (source = 'drop') DESC,
            (command_tag = 'COMMENT' OR object_type = noun
             OR (noun IN ('table as', 'select into') AND object_type = 'table')
             OR (noun = 'type' AND object_type IN ('type', 'composite type'))
             OR (noun = 'foreign data wrapper' AND object_type = 'foreign-data wrapper')
             OR (noun = 'statistics' AND object_type = 'statistics object')) DESC,
            seq)
SELECT e.blob, e.status, e.command_tag AS c_tag, e.object_type AS c_type, e.want,
       p.command_tag AS o_tag, p.object_type AS o_type, p.got, p.identity,
       -- a comparison with a NULL side is no agreement
       coalesce(CASE
         -- a blob that names no object: the server must not have reported one either
         WHEN e.status = 'no_object' THEN p.blob IS NULL
         WHEN e.status <> 'ok' THEN false
         WHEN p.blob IS NULL THEN
           -- no event trigger row: only CREATE / ALTER EVENT TRIGGER, checked through the catalog
           e.command_tag IN ('CREATE EVENT TRIGGER', 'ALTER EVENT TRIGGER') AND e.object_type = 'event trigger'
           AND (SELECT (pg_identify_object_as_address(a.classid, a.objid, a.objsubid)).object_names
                  FROM pg_get_object_address('event trigger', e.want, '{}') a) = e.want
         -- GRANT / REVOKE: the server says the kind in capitals ("TABLE") and not which
         -- object; the classifier's must exist
         -- IMPORT FOREIGN SCHEMA without one table named: the local schema, where the
         -- server created the tables it reports
         WHEN p.top_tag = 'IMPORT FOREIGN SCHEMA' AND e.name IS NULL THEN
           e.command_tag = p.command_tag AND e.object_type = p.object_type AND p.got[1] = e.schema
         WHEN e.command_tag IN ('GRANT', 'REVOKE') THEN
           e.command_tag = p.command_tag
           AND e.object_type = CASE lower(p.object_type) WHEN 'domain' THEN 'type'
                                 WHEN 'foreign server' THEN 'server'
                                 WHEN 'foreign data wrapper' THEN 'foreign-data wrapper'
                                 ELSE lower(p.object_type) END
           AND CASE WHEN e.name IS NULL THEN true
                    -- a type's address is one (qualified) type name
                    ELSE (SELECT a.objid <> 0
                            FROM pg_get_object_address(e.object_type,
                                   CASE WHEN e.object_type = 'type' THEN ARRAY[format('%I.%I', e.schema, e.name)]
                                        ELSE e.want END,
                                   coalesce(string_to_array(nullif(e.arguments, ''), ', '), '{}')) a) END
         -- objects without a name of their own: the classifier names them by their
         -- identity, the server's object_identity (pg_identify_object()) with pg_catalog.
         -- left out (the classifier does not qualify built-ins); CURRENT_USER and the like
         -- are this session's user, quoted as the server quotes a role
         WHEN e.object_type IN ('cast', 'transform', 'user mapping') THEN
           e.command_tag = p.command_tag AND e.object_type = p.object_type AND e.schema IS NULL
           AND replace(p.identity, 'pg_catalog.', '')
               = regexp_replace(e.name, '^(current_user|session_user|current_role) ', quote_ident(current_user) || ' ')
         -- a routine's identity arguments: the server's address arguments, pg_catalog. left out
         WHEN e.object_type IN ('function', 'procedure', 'aggregate') AND p.source <> 'drop'
              AND p.args IS NOT NULL
              AND coalesce(e.arguments, '') <> array_to_string(array(SELECT replace(x, 'pg_catalog.', '')
                                                                         FROM unnest(p.args) WITH ORDINALITY AS u(x, i)
                                                                        ORDER BY i), ', ')
           THEN false
         ELSE e.command_tag = p.command_tag AND e.object_type = p.object_type
              AND (e.want = p.got
                   -- a DROP IF EXISTS of several objects whose last one named (the
                   -- classifier's) did not exist: the server dropped only the others
                   OR (p.source = 'drop' AND NOT EXISTS (SELECT 1 FROM rows d
                                                          WHERE d.blob = e.blob AND d.source = 'drop'
                                                            AND d.got = e.want)))
       END, false) AS agree
  FROM expected e LEFT JOIN primary_row p ON p.blob = e.blob;

SELECT 'DISAGREE', blob, status, c_tag, c_type, want::text, o_tag, o_type, got::text, identity
  FROM verdict WHERE NOT agree ORDER BY blob;
SELECT 'TYPE', coalesce(o_type, c_type), count(*), count(*) FILTER (WHERE agree)
  FROM verdict GROUP BY 2 ORDER BY 2;
SELECT 'TOTAL', count(*), count(*) FILTER (WHERE agree) FROM verdict;
SELECT 'STATEMENTS', sum(n_statements) FROM oracle.class;
SQL

total=$(awk -F'\t' '$1=="TOTAL"{print $2}' "$WORK/report.txt")
agreed=$(awk -F'\t' '$1=="TOTAL"{print $3}' "$WORK/report.txt")
statements=$(awk -F'\t' '$1=="STATEMENTS"{print $2}' "$WORK/report.txt")

echo "| object type (event trigger) | blobs | agree |"
echo "|---|---:|---:|"
awk -F'\t' '$1=="TYPE"{printf "| %s | %s | %s |\n", $2, $3, $4}' "$WORK/report.txt"
echo "| **all** | **$total** | **$agreed** |"
echo "blobs: $total, statements: $statements, agreement: $agreed/$total"

if grep -q '^DISAGREE' "$WORK/report.txt"; then
  echo "FAIL: classifier and PostgreSQL disagree (blob status tag type want | tag type got identity):" >&2
  grep '^DISAGREE' "$WORK/report.txt" | head -50 >&2
  exit 1
fi
# 7. constraint names: ddl_compare() matches unnamed constraints by the names PostgreSQL gives
# them, and leaves out the PRIMARY KEY / UNIQUE / EXCLUDE PostgreSQL creates no index for. Each
# table of constraint_names.sql is created (and rolled back) in the scratch database; the names
# and types of its pg_constraint rows must be the constraints ddl_compare() adds to an empty table.
psql_db -q -c "CREATE SCHEMA cn; CREATE TABLE cn.u (id int PRIMARY KEY)" >/dev/null
mkdir "$WORK/cn"
awk -v sep='--@@' -v dir="$WORK/cn" '
  function flush() { if (blob ~ /[^ \t\r\n]/) { n++; printf "%s", blob >(dir "/" n ".sql"); close(dir "/" n ".sql") } blob = "" }
  $0 == sep { flush(); next }
  { blob = blob $0 "\n" }
  END { flush() }' "$PGA_SOURCE_DIR/tests/corpus/constraint_names.sql"
cn_blobs=$(find "$WORK/cn" -name '[0-9]*.sql' | wc -l)
for ((n = 1; n <= cn_blobs; n++)); do
  printf 'BEGIN;\n\\i %s/%d.sql\n' "$WORK/cn" "$n"
  printf "SELECT %d, coalesce(string_agg(conname || ':' || contype::text, ' ' ORDER BY conname COLLATE \"C\"), '')\n" "$n"
  printf "  FROM pg_constraint WHERE conrelid = 'cn.t'::regclass;\nROLLBACK;\n"
done >"$WORK/cn/run.sql"
if ! psql_db -q -A -t -F $'\t' -f "$WORK/cn/run.sql" >"$WORK/cn/server.tsv" 2>"$WORK/cn/run.err"; then
  echo "FAIL: constraint_names.sql does not run:" >&2; tail -5 "$WORK/cn/run.err" >&2; exit 1
fi
echo "CREATE TABLE cn.t ();" >"$WORK/cn/empty.sql"
cn_total=0 cn_agreed=0
while IFS=$'\t' read -r n want; do
  got=$("$CLI" --compare "$WORK/cn/empty.sql" "$WORK/cn/$n.sql" | jq -r '
    {PRIMARY: "p", UNIQUE: "u", EXCLUSION: "x", FOREIGN: "f", CHECK: "c"} as $t
    | [.detail.constraints_added // [] | sort_by(.name)[] | "\(.name):\($t[.type])"] | join(" ")')
  cn_total=$((cn_total + 1))
  if [ "$got" = "$want" ]; then
    cn_agreed=$((cn_agreed + 1))
  else
    echo "DISAGREE constraint names, table $n: PostgreSQL [$want], classifier [$got]" >&2
  fi
done <"$WORK/cn/server.tsv"
echo "constraint names: $cn_agreed/$cn_total tables agree"
[ "$cn_total" = "$cn_blobs" ] && [ "$cn_total" -ge 40 ] || { echo "FAIL: $cn_total of $cn_blobs tables of constraint names ran" >&2; exit 1; }
[ "$cn_agreed" = "$cn_total" ] || { echo "FAIL: constraint names disagree with PostgreSQL" >&2; exit 1; }

[ "$total" -ge 1000 ] || { echo "FAIL: corpus has only $total blobs (need >= 1000)" >&2; exit 1; }
[ "$statements" -ge 1000 ] || { echo "FAIL: corpus has only $statements statements" >&2; exit 1; }
echo "PASS: classifier agrees with PostgreSQL on all $total blobs"
