#!/usr/bin/env bash
# test_security.sh - hostile names and secrets (docs/hostile-input.md):
#  1. a path, object names, an author and a commit message containing SQL
#     (x'); DROP TABLE t; --) are stored verbatim in the audit trail and never executed;
#  2. a password given as a conninfo keyword, inside a URI, or in PGPASSWORD, with real
#     scram-sha-256 authentication, appears in no artifact, log, runner journal, report,
#     error message or audit row, also when the conninfo is malformed (libpq's parse error
#     quotes it), when libpq splits a URI inside the password (an unencoded '/' or '@'),
#     and whichever program reads it;
#  3. a login role holding pggit_audit_loader cannot modify compliance_log.
source "$(dirname "$0")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
EVIL="x'); DROP TABLE t; --"
SENTINEL="SELECT count(*) FROM public.t"

# ---- a store whose names carry SQL ------------------------------------------------------
SRC=$(new_db src)
PGA_DBS+=("${SRC##*dbname=}") # new_db runs in a subshell: register the name here
SRC_DB=${SRC##*dbname=}
psql "$SRC" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v0_schema.sql" -f "$PGA_SOURCE_DIR/samples/generate_store.sql" >/dev/null
q "$SRC" "CREATE TABLE public.t (x int); INSERT INTO public.t VALUES (1)" >/dev/null
# the payload goes in as a bound variable (psql -v), never pasted into SQL text by the test
psql "$SRC" -qX -v ON_ERROR_STOP=1 -v evil="$EVIL" >/dev/null <<'SQL'
SELECT set_config('pga.evil', :'evil', false);
DO $$
DECLARE
  evil text := current_setting('pga.evil');
  ddl_evil text := format('CREATE TABLE %I.%I (%I int, note text DEFAULT %L);', evil, evil, evil, evil);
  ddl_plain text := 'CREATE TABLE public.plain (id int);';
  b1 text; b2 text; raw text; tree text; root text; c1 text;
  empty_tree text := pggit_sample.object_sha('tree', '');
BEGIN
  INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (empty_tree, 'tree', 0, '');
  root := pggit_sample.write_commit(empty_tree, '{}', 'Root <root@example.com>', 'Root <root@example.com>',
                                    1767225600, 'root');
  b1 := pggit_sample.put_blob(ddl_evil, pggit_sample.utc(1767225660));
  b2 := pggit_sample.put_blob(ddl_plain, pggit_sample.utc(1767225660));
  -- entries in byte order: '"x''); ...' (0x22) sorts before 'public.plain'
  raw := '100644 ' || quote_ident(evil) || '.' || quote_ident(evil) || '|' || b1 || '|'
      || '100644 public.plain|' || b2 || '|';
  tree := pggit_sample.object_sha('tree', raw);
  INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (tree, 'tree', length(raw), encode(convert_to(raw, 'UTF8'), 'base64'));
  INSERT INTO pggit_v0.tree_entries VALUES (tree, quote_ident(evil) || '.' || quote_ident(evil), '100644', b1),
                                           (tree, 'public.plain', '100644', b2);
  c1 := pggit_sample.write_commit(tree, ARRAY[root], evil || ' <evil@example.com>', evil || ' <evil@example.com>',
                                  1767225660, evil);
  INSERT INTO pggit_v0.refs VALUES ('refs/heads/main', c1, 'branch');
END $$;
SQL
EVIL_PATH=$(q "$SRC" "SELECT path FROM pggit_v0.tree_entries WHERE path LIKE '\"x%'")
assert_eq "the store holds the hostile path" "\"x'); DROP TABLE t; --\".\"x'); DROP TABLE t; --\"" "$EVIL_PATH"

# ---- 1. the full pipeline on it: stored verbatim, never executed -------------------------
T1=$(new_db target1); PGA_DBS+=("${T1##*dbname=}")
q "$T1" "CREATE TABLE public.t (x int); INSERT INTO public.t VALUES (1)" >/dev/null
if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T1" --workdir "$PGA_TMP/w1" >"$PGA_TMP/w1.log" 2>&1; then
  ok "pipeline ran on a store with SQL in its names"
else
  fail "pipeline failed: $(tail -5 "$PGA_TMP/w1.log")"
fi
assert_eq "source sentinel table t intact" "1" "$(q "$SRC" "$SENTINEL" 2>&1)"
assert_eq "target sentinel table t intact" "1" "$(q "$T1" "$SENTINEL" 2>&1)"
assert_eq "path stored verbatim" "$EVIL_PATH" "$(q "$T1" "SELECT path FROM pggit_audit.changes WHERE path <> 'public.plain'")"
assert_eq "object schema and name stored verbatim" "$EVIL|$EVIL" \
  "$(q "$T1" "SELECT object_schema || '|' || object_name FROM pggit_audit.changes WHERE path <> 'public.plain'")"
assert_eq "commit message stored verbatim" "$EVIL" "$(q "$T1" "SELECT DISTINCT commit_message FROM pggit_audit.changes")"
assert_contains "author stored verbatim" "$EVIL" "$(q "$T1" "SELECT DISTINCT author FROM pggit_audit.changes")"
assert_eq "definition stored verbatim" \
  "$(q "$SRC" "SELECT md5(content) FROM pggit_v0.objects WHERE content LIKE 'CREATE TABLE \"x%'")" \
  "$(q "$T1" "SELECT md5(new_definition) FROM pggit_audit.changes WHERE path <> 'public.plain'")"
assert_eq "no table named after the payload was created" "0" \
  "$(q "$T1" "SELECT count(*) FROM pg_class WHERE relname LIKE 'x''%'")"
assert_contains "verification passed" '"status"' "$(cat "$PGA_TMP/w1/verify/report.json" 2>/dev/null)"

# ---- 2. passwords: keyword form, URI, PGPASSWORD, with real authentication ---------------
HBA=$(q "$PGA_CONN" "SHOW hba_file")
ROLE="pga_sec_pw_$$"
LOADER="pga_sec_loader_$$"
PW="Pw-$$-${RANDOM}-s3cr3t"
SOCK=$(sed -E 's/.*host=([^ ]+).*/\1/' <<<"$PGA_CONN")
restore() {
  ( flock 9; sed -i "/ $ROLE /d; / $LOADER /d" "$HBA" ) 9>"$PGA_CLUSTER_DIR/.hba.lock"
  q "$PGA_CONN" "SELECT pg_reload_conf()" >/dev/null || true
  for db in "${PGA_DBS[@]}"; do psql "$PGA_CONN" -qAtc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; done
  PGA_DBS=()
  q "$PGA_CONN" "DROP ROLE IF EXISTS $ROLE; DROP ROLE IF EXISTS $LOADER" >/dev/null 2>&1 || true
}
on_exit() { local rc=$?; restore; (exit $rc); pga_cleanup; }
trap on_exit EXIT
# the password goes to the server as a bound psql variable, and the role is superuser only
# so that one connection can install, load and verify
psql "$PGA_CONN" -qX -v ON_ERROR_STOP=1 -v pw="$PW" >/dev/null <<SQL
SET password_encryption = 'scram-sha-256';
CREATE ROLE $ROLE LOGIN SUPERUSER;
ALTER ROLE $ROLE PASSWORD :'pw';
SQL
( flock 9; sed -i "1i local all $ROLE scram-sha-256" "$HBA" ) 9>"$PGA_CLUSTER_DIR/.hba.lock"
q "$PGA_CONN" "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
ALL="$PGA_TMP/all-output"
: >"$ALL"
run_with() { # NAME SOURCE TARGET [env...]: a full pipeline run into $PGA_TMP/NAME
  local name=$1 src=$2 tgt=$3; shift 3
  if env "$@" "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$src" --target "$tgt" --workdir "$PGA_TMP/$name" >"$PGA_TMP/$name.log" 2>&1; then
    ok "$name: pipeline ran with an authenticated connection"
  else
    fail "$name: pipeline failed: $(tail -3 "$PGA_TMP/$name.log")"
  fi
  "$PGA_BIN/pggit-audit" status --workdir "$PGA_TMP/$name" >>"$PGA_TMP/$name.log" 2>&1 || true
  cat "$PGA_TMP/$name.log" >>"$ALL"
}
T2=$(new_db target2); T2_DB=${T2##*dbname=}; PGA_DBS+=("$T2_DB")
T3=$(new_db target3); T3_DB=${T3##*dbname=}; PGA_DBS+=("$T3_DB")
T4=$(new_db target4); T4_DB=${T4##*dbname=}; PGA_DBS+=("$T4_DB")
run_with kw "host=$SOCK dbname=$SRC_DB user=$ROLE password=$PW" "host=$SOCK dbname=$T2_DB user=$ROLE password=$PW"
run_with uri "postgresql://$ROLE:$PW@/$SRC_DB?host=$SOCK" "postgresql://$ROLE:$PW@/$T3_DB?host=$SOCK"
run_with env "host=$SOCK dbname=$SRC_DB user=$ROLE" "host=$SOCK dbname=$T4_DB user=$ROLE" PGPASSWORD="$PW"
assert_eq "the authenticated runs loaded the hostile store" "2|2|2" \
  "$(q "$T2" "SELECT count(*) FROM pggit_audit.changes")|$(q "$T3" "SELECT count(*) FROM pggit_audit.changes")|$(q "$T4" "SELECT count(*) FROM pggit_audit.changes")"
# error messages: the same three forms with a wrong password, and a failing stage
for form in kw uri env; do
  case $form in
    kw) src="host=$SOCK dbname=$SRC_DB user=$ROLE password=${PW}x"; envs=() ;;
    uri) src="postgresql://$ROLE:${PW}x@/$SRC_DB?host=$SOCK"; envs=() ;;
    env) src="host=$SOCK dbname=$SRC_DB user=$ROLE"; envs=(PGPASSWORD="${PW}x") ;;
  esac
  expect_fail "wrong password ($form) through the driver" env "${envs[@]}" "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$src" --target "$src" --workdir "$PGA_TMP/bad-$form"
  assert_contains "wrong password ($form): says authentication failed" "password authentication failed" "$(cat "$PGA_TMP/last.out" "$PGA_TMP/last.err" "$PGA_TMP/bad-$form"/logs/* 2>/dev/null)"
  cat "$PGA_TMP/last.out" "$PGA_TMP/last.err" >>"$ALL"
  expect_fail "wrong password ($form) to a stage" env "${envs[@]}" "$PGA_BIN/pggit-audit-export" --source "$src" --outdir "$PGA_TMP/bad-$form-export"
  cat "$PGA_TMP/last.out" "$PGA_TMP/last.err" >>"$ALL"
done
# malformed conninfos holding the password: libpq's parse error quotes the input, so every
# program must report it redacted (it goes through pg_connect / pg_try_connect). Each one is
# given what it reads before connecting (the kw run's work directory) so that it gets there.
W="$PGA_TMP/kw"
mkdir -p "$PGA_TMP/empty"
for bad in "postgresql://$ROLE:$PW@[badhost/$SRC_DB" "postgresql://$ROLE:${PW}%zz@/$SRC_DB?host=$SOCK" \
           "postgresql://$ROLE:${PW}\"q@[badhost" "host=$SOCK password=$PW $SRC_DB" "host=$SOCK password='$PW x' dbname"; do
  n=0
  for prog in export install-schema load verify archive checks preflight estimate rollback replay v1export; do
    n=$((n + 1)); out="$PGA_TMP/malformed-$n"; rm -rf "$out"
    case $prog in
      export) args=(--source "$bad" --outdir "$out") ;;
      install-schema) args=(--target "$bad" --sql "$PGA_SOURCE_DIR/sql/pggit_audit_schema.sql" --outdir "$out") ;;
      load) args=(--target "$bad" --classify "$W/classify" --outdir "$out") ;;
      verify) args=(--target "$bad" --diff "$W/diff" --classify "$W/classify" --load "$W/load" --outdir "$out") ;;
      archive) args=(--workdir "$W" -o "$out.tar.zst") ;;
      checks) args=(--source "$bad" --target "$bad" --outdir "$out") ;;
      preflight) args=(--source "$bad" --outdir "$out") ;;
      estimate) args=(--from "$W" --source "$bad" --json "$out.json") ;;
      rollback) args=(--target "$bad" --workdir "$W" --dry-run) ;;
      replay) args=(--target "$bad" --v1export "$PGA_TMP/empty" --outdir "$out") ;;
      v1export) args=(--source "$bad" --outdir "$out") ;;
    esac
    # archive reads its target from the environment only after its own check of --target
    if PGGIT_AUDIT_TARGET="$bad" "$PGA_BIN/pggit-audit-$prog" "${args[@]}" >"$out.out" 2>&1; then
      fail "malformed conninfo: $prog succeeded"
    elif grep -qiE "connect|connection info|URI|percent-encoded" "$out.out"; then
      ok "malformed conninfo: $prog refused it at the connection"
    else
      fail "malformed conninfo: $prog stopped before connecting, the case proves nothing: $(head -c 300 "$out.out")"
    fi
    cat "$out.out" >>"$ALL"
  done
  found=$(grep -rlaF -- "$PW" "$PGA_TMP"/malformed-* 2>/dev/null | head -3 || true)
  [ -z "$found" ] && ok "malformed conninfo ${bad:0:12}...: no program printed or wrote the password" \
    || fail "malformed conninfo ${bad:0:12}...: the password was written to: $found"
  rm -rf "$PGA_TMP"/malformed-*
done
# a password with an unencoded '/' or '@' in a URI: libpq splits the URI its own way, so
# pieces of the password become the port, a host name or the database name, which libpq
# and the server echo and a redaction that trusts libpq's fields would print. Neither the
# driver (which prints the redacted conninfo) nor a stage may print or write a piece.
PA="Qa$$x${RANDOM}q" PB="Zb${RANDOM}y$$z"
i=0
for uri in "postgresql://$ROLE:$PA/$PB@/$SRC_DB?host=$SOCK" \
           "postgresql://$ROLE:$PA/$PB@/$SRC_DB?host=$SOCK&port=5432&user=postgres" \
           "postgresql://$ROLE:$PA@$PB@localhost/$SRC_DB"; do
  i=$((i + 1)); out="$PGA_TMP/split-$i"
  expect_fail "password split by libpq ($i) through the driver" "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$uri" --target "$uri" --workdir "$out-run"
  cat "$PGA_TMP/last.out" "$PGA_TMP/last.err" >"$out.driver.out"
  assert_contains "password split by libpq ($i): the driver shows the URI redacted" "postgresql://$ROLE:...@" "$(cat "$out.driver.out")"
  expect_fail "password split by libpq ($i) to a stage" "$PGA_BIN/pggit-audit-export" --source "$uri" --outdir "$out-export"
  cat "$PGA_TMP/last.out" "$PGA_TMP/last.err" >"$out.export.out"
  assert_contains "password split by libpq ($i): the stage says why" "cannot connect" "$(cat "$out.export.out")"
done
grep -qF 'database "...' "$PGA_TMP/split-2.export.out" && ok "the server's message about the database named by the split is kept, the name hidden" \
  || fail "split-2: expected the server's database message, got: $(cat "$PGA_TMP/split-2.export.out")"
found=$(grep -rlaE -- "$PA|$PB" "$PGA_TMP"/split-* 2>/dev/null | head -3 || true)
[ -z "$found" ] && ok "a password split by libpq: no piece printed or written" \
  || fail "a password split by libpq: a piece of it was written to: $found"
cat "$PGA_TMP"/split-*.out >>"$ALL"
rm -rf "$PGA_TMP"/split-*
# a password reaching libpq from elsewhere than the conninfo ('' here): a PGDATABASE, or a
# service file's dbname, that is a connection string with a password (a $DATABASE_URL put in
# the wrong variable). libpq sends it as a database name and the server quotes it back in
# "database ... does not exist"; only the conninfo's own secrets were hidden, so the stage
# printed it, and the driver logged it.
PD="Pd$$w${RANDOM}x"
printf '[pga_sec]\nhost=%s\nuser=%s\ndbname=postgresql://u:%s@h/db\n' "$SOCK" "$ROLE" "$PD" >"$PGA_TMP/pg_service.conf"
i=0
for envs in "PGHOST=$SOCK PGUSER=$ROLE PGPASSWORD=$PW PGDATABASE=postgresql://u:$PD@h/db" \
            "PGHOST=$SOCK PGUSER=$ROLE PGPASSWORD=$PW PGDATABASE=host=h%password=$PD" \
            "PGSERVICEFILE=$PGA_TMP/pg_service.conf PGSERVICE=pga_sec PGPASSWORD=$PW"; do
  i=$((i + 1)); out="$PGA_TMP/envdb-$i"
  read -r -a ev <<<"$envs"; ev=("${ev[@]//%/ }")
  expect_fail "a password in the environment's database name ($i) to a stage" env "${ev[@]}" "$PGA_BIN/pggit-audit-export" --source '' --outdir "$out-export"
  cat "$PGA_TMP/last.out" "$PGA_TMP/last.err" >"$out.export.out"
  assert_contains "the environment's database name ($i): the server's message is kept" "does not exist" "$(cat "$out.export.out")"
  expect_fail "a password in the environment's database name ($i) through the driver" env "${ev[@]}" "$PGA_BIN/pggit-audit" run "$MANIFEST" --source '' --workdir "$out-run"
  cat "$PGA_TMP/last.out" "$PGA_TMP/last.err" >"$out.driver.out"
done
found=$(grep -rlaF -- "$PD" "$PGA_TMP"/envdb-* 2>/dev/null | head -3 || true)
[ -z "$found" ] && ok "a password in the environment's or the service's database name: printed and written nowhere" \
  || fail "a password in the environment's or the service's database name was written to: $found"
cat "$PGA_TMP"/envdb-*.out >>"$ALL"
rm -rf "$PGA_TMP"/envdb-*
# a server message quoting a value that holds a newline (invalid input syntax for type
# integer: "x<newline>..."): the whole message text went out, so the value's second line
# started a line of the terminal that read like a message of its own; the server's fields
# are now relayed one line each, the value's newline shown as \n, and the line of the
# statement with its caret still follows
printf "SELECT 1;\nSELECT E'x\\\\npggit-audit-verify: error: forged'::int;\n" >"$PGA_TMP/forge.sql"
expect_fail "a server message quoting a value with a newline" "$PGA_BIN/pggit-audit-install-schema" --target "$PGA_CONN" --sql "$PGA_TMP/forge.sql" --outdir "$PGA_TMP/forge"
grep -q '^pggit-audit-verify: error: forged' "$PGA_TMP/last.err" && fail "the value's newline started a line of its own: $(cat "$PGA_TMP/last.err")" \
  || ok "the value's newline starts no line of its own"
assert_contains "the server's message is relayed, the newline escaped" 'integer: "x\npggit-audit-verify: error: forged"' "$(cat "$PGA_TMP/last.err")"
assert_contains "with the statement's line and position" "LINE 2: SELECT E'x" "$(cat "$PGA_TMP/last.err")"
# the caret under the error's position is placed by characters: a line with accented
# letters (two bytes each) and a wide character before the position put it one column to
# the right per extra byte
printf "SELECT 'h\xc3\xa9t\xc3\xa9\xe6\xbc\xa2', no_such_column_x FROM pg_class;\n" >"$PGA_TMP/caret.sql"
expect_fail "an error after multibyte text" "$PGA_BIN/pggit-audit-install-schema" --target "$PGA_CONN" --sql "$PGA_TMP/caret.sql" --outdir "$PGA_TMP/caret"
caret_line() { # the LINE line's prefix before the word, then the caret line (UTF-8 aware)
  local l c
  l=$(grep 'LINE 1: ' "$PGA_TMP/last.err"); c=$(grep -A1 'LINE 1: ' "$PGA_TMP/last.err" | tail -1)
  l=${l%%no_such_column_x*}
  # the wide character takes two columns
  LC_ALL=C.UTF-8; [ "$c" = "$(printf '%*s^' $((${#l} + 1)) '')" ] && echo yes || echo "no: [$l] [$c]"
}
caret_ok=$(caret_line)
assert_eq "the caret stands under the error's position" "yes" "$caret_ok"
# libpq's connection error is several lines, and echoes the server's message about a
# database name holding a newline: its later lines went out as they were, so a name could
# start a line that read like another message; they are now indented
FORGED_DB=$'nodb\npggit-audit-export: error: forged'
expect_fail "a connection error echoing a name with a newline" "$PGA_BIN/pggit-audit-export" --source "$PGA_CONN dbname='$FORGED_DB' password=$PW" --outdir "$PGA_TMP/forged-db"
assert_contains "the server's message is relayed" "does not exist" "$(cat "$PGA_TMP/last.err")"
grep -q '^pggit-audit-export: error: forged' "$PGA_TMP/last.err" && fail "a line of libpq's message read like a message of its own: $(cat "$PGA_TMP/last.err")" \
  || ok "no line of libpq's message starts like a message of its own"
assert_eq "every line of the message is the program's or indented" "" "$(grep -v -e '^pggit-audit-export: ' -e '^  ' "$PGA_TMP/last.err" || true)"
grep -qF -- "$PW" "$PGA_TMP/last.err" && fail "the password is in the connection error" || ok "the password is not in the connection error"
# the command line of every process of a run (/proc/PID/cmdline, what ps shows any user):
# a --source/--target holding the password, in every form the programs accept, is
# blanked out of it while they run (hours, for a backfill). A lock on the source's
# objects keeps the export waiting so that the processes can be read.
cmdlines() { # PID: the command lines of PID and all its descendants
  local p=$1 c
  tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null && echo
  for c in $(pgrep -P "$p" || true); do cmdlines "$c"; done
}
T5=$(new_db target5); PGA_DBS+=("${T5##*dbname=}")
# held until the processes are read (then its backend is terminated), however slow the host
psql "host=$SOCK dbname=$SRC_DB user=postgres" -qX -c "BEGIN; LOCK TABLE pggit_v0.objects IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600); COMMIT" >/dev/null 2>&1 &
LOCKER=$!
for _ in $(seq 300); do
  [ "$(q "$SRC" "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                 WHERE c.relname = 'objects' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
  sleep 0.1
done
CORE_LIMIT=$(ulimit -S -c); ulimit -S -c unlimited 2>/dev/null || true
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "host=$SOCK dbname=$SRC_DB user=$ROLE password=$PW" \
  --target "host=$SOCK dbname=${T5##*dbname=} user=$ROLE password=$PW" --workdir "$PGA_TMP/ps" export >"$PGA_TMP/ps.log" 2>&1 &
PIDS=($!)
"$PGA_BIN/pggit-audit-export" --source="postgresql://$ROLE:$PW@/$SRC_DB?host=$SOCK" --outdir "$PGA_TMP/ps-e1" >"$PGA_TMP/ps-e1.log" 2>&1 &
PIDS+=($!)
"$PGA_BIN/pggit-audit" export --sour "host=$SOCK dbname=$SRC_DB user=$ROLE password='$PW'" --outdir "$PGA_TMP/ps-e2" >"$PGA_TMP/ps-e2.log" 2>&1 &
PIDS+=($!)
ulimit -S -c "$CORE_LIMIT"
for _ in $(seq 600); do # until the driver's export stage waits on the lock, the others still alive
  cmdlines "${PIDS[0]}" | grep -q 'pggit-audit-export' && [ -e /proc/"${PIDS[1]}" ] && [ -e /proc/"${PIDS[2]}" ] && break
  sleep 0.1
done
CMDS=$(for p in "${PIDS[@]}"; do cmdlines "$p"; done)
# and none of them may dump core: a crash wrote the memory and environment (the passwords)
# as "core" into the work directory, which the evidence archive packs whole. The processes
# were started with core dumps allowed (ulimit -S -c unlimited, when the hard limit lets it)
corelimits() { # PID: "NAME LIMIT" of PID and its descendants that are programs of pggit-audit
  local p=$1 c
  case "$(cat /proc/"$p"/comm 2>/dev/null)" in pggit-audit*)
    echo "$(cat /proc/"$p"/comm) $(awk '/^Max core file size/ {print $5}' /proc/"$p"/limits 2>/dev/null)";; esac
  for c in $(pgrep -P "$p" || true); do corelimits "$c"; done
}
CORES=$(for p in "${PIDS[@]}"; do corelimits "$p"; done)
assert_contains "the core limits of the run's stage were read" "pggit-audit-exp" "$CORES"
[ -z "$(grep -v ' 0$' <<<"$CORES")" ] && ok "no program of the run may dump core ($(wc -l <<<"$CORES") processes)" \
  || fail "a program may dump core (its memory holds the password): $(grep -v ' 0$' <<<"$CORES" | head -3)"
q "$SRC" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE query LIKE 'BEGIN; LOCK TABLE pggit_v0.objects%' AND pid <> pg_backend_pid()" >/dev/null
wait "$LOCKER" || true
assert_contains "the run's export stage was caught running" "pggit-audit-export --outdir export" "$CMDS"
assert_contains "the stages given --source were caught running" "--source=" "$CMDS"
[[ "$CMDS" != *"$PW"* ]] && ok "no process of the run shows the password on its command line ($(wc -l <<<"$CMDS") processes)" \
  || fail "the password is on a command line: $(grep -F -- "$PW" <<<"$CMDS" | head -3)"
for i in 0 1 2; do wait "${PIDS[$i]}" || fail "process $i of the command-line check failed: $(tail -2 "$PGA_TMP"/ps*.log)"; done
cat "$PGA_TMP"/ps*.log >>"$ALL"

# a stage run alone keeps what it writes to the operator too, whatever the umask
(umask 022; "$PGA_BIN/pggit-audit-export" --source "$SRC" --outdir "$PGA_TMP/mode-alone/export") >>"$ALL" 2>&1 \
  || fail "export run alone for the mode check failed"
for d in "$PGA_TMP/mode-alone/export" "$PGA_TMP/mode-alone"; do
  m=$(stat -c %a "$d")
  [ "$m" = 700 ] && ok "a directory a stage run alone creates is the operator's alone (${d#"$PGA_TMP"/})" \
    || fail "${d#"$PGA_TMP"/} created by a stage run alone is mode $m, not 700"
done

# "pggit-audit CMD --source CONNINFO" execs pggit-audit-CMD: the password was on that
# program's command line from its exec until it hid it itself (a few milliseconds, more on
# a loaded host). The driver now hands it over in the environment (readable by the user
# only): a stand-in pggit-audit-export next to a copy of the driver records what it got
mkdir -p "$PGA_TMP/fakebin"
cp "$PGA_BIN/pggit-audit" "$PGA_TMP/fakebin/"
cat >"$PGA_TMP/fakebin/pggit-audit-export" <<'FAKE'
#!/usr/bin/env bash
printf '%s\n' "$@" >"$FAKE_OUT.args"
for a in "$@"; do
  case "$a" in *@env:*) n=${a##*@env:}; [[ "${!n}" == *"$EXPECT_PW"* ]] && echo "$n holds it" >>"$FAKE_OUT.env";; esac
done
FAKE
chmod +x "$PGA_TMP/fakebin/pggit-audit-export"
FAKE_OUT="$PGA_TMP/fake" EXPECT_PW="$PW" "$PGA_TMP/fakebin/pggit-audit" export --source "host=$SOCK dbname=$SRC_DB user=$ROLE password=$PW" \
  --target="postgresql://$ROLE:$PW@/x?host=$SOCK" --outdir "$PGA_TMP/fake-out" || fail "the driver did not run the stand-in"
[ -s "$PGA_TMP/fake.args" ] && ok "the stand-in ran" || fail "the stand-in did not run"
grep -qF -- "$PW" "$PGA_TMP/fake.args" && fail "the exec'd command's arguments hold the password" \
  || ok "the exec'd command's arguments never held the password"
assert_eq "both conninfos were handed over in the environment" \
  "$(printf '%s\n' "--source" "@env:PGGIT_AUDIT_CONNINFO_ARG_2" "--target=@env:PGGIT_AUDIT_CONNINFO_ARG_3")" \
  "$(grep -E -- '^(--source|--target|@env)' "$PGA_TMP/fake.args")"
assert_eq "and the environment held them" "2" "$(wc -l <"$PGA_TMP/fake.env" 2>/dev/null || echo 0)"
# the real export reads it from there (the command-line check above ran through it too)
PGGIT_AUDIT_CONNINFO_ARG_9="host=$SOCK dbname=$SRC_DB user=$ROLE password=$PW" "$PGA_BIN/pggit-audit-export" \
  --source @env:PGGIT_AUDIT_CONNINFO_ARG_9 --outdir "$PGA_TMP/envarg" >>"$ALL" 2>&1 \
  && ok "--source @env:NAME reads the conninfo from NAME" || fail "--source @env:NAME failed"
expect_fail "--source @env: naming an unset variable" "$PGA_BIN/pggit-audit-export" --source @env:PGA_NO_SUCH_VAR --outdir "$PGA_TMP/envarg2"
assert_contains "names the variable" "the environment variable PGA_NO_SUCH_VAR it names is not set" "$(cat "$PGA_TMP/last.err")"

# the driver checks the conninfo itself
expect_fail "malformed URI through the driver" "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "postgresql://$ROLE:$PW@[badhost" --target "$T2" --workdir "$PGA_TMP/bad-malformed"
cat "$PGA_TMP/last.out" "$PGA_TMP/last.err" >>"$ALL"

# every byte written: work directories (artifacts, sidecars, logs, journal, reports, lock),
# the captured output, and the audit rows of the targets
for db in "$T2" "$T3" "$T4"; do pg_dump --data-only -n pggit_audit "$db" >>"$PGA_TMP/audit-dump.sql" 2>/dev/null; done
[ -s "$PGA_TMP/audit-dump.sql" ] && ok "audit rows dumped for the search" || fail "audit rows not dumped"
found=$(grep -rlaF -- "$PW" "$PGA_TMP" 2>/dev/null | head -5 || true)
[ -z "$found" ] && ok "the password appears in no file of the work directories, logs, journal, output or audit rows" \
  || fail "the password was written to: $found"
n_files=$(find "$PGA_TMP/kw" "$PGA_TMP/uri" "$PGA_TMP/env" -type f | wc -l)
[ "$n_files" -gt 30 ] && ok "searched $n_files files of the three work directories" || fail "only $n_files files searched"
for f in "$PGA_TMP"/kw/.pggit-audit/journal.ndjson "$PGA_TMP"/kw/logs; do
  [ -e "$f" ] && ok "searched $f" || fail "$f missing: the search would prove nothing"
done

# ---- 3. the loader role cannot modify compliance_log -------------------------------------
psql "$PGA_CONN" -qX -v ON_ERROR_STOP=1 -v pw="$PW" >/dev/null <<SQL
SET password_encryption = 'scram-sha-256';
CREATE ROLE $LOADER LOGIN;
ALTER ROLE $LOADER PASSWORD :'pw';
GRANT pggit_audit_loader TO $LOADER;
SQL
LC="host=$SOCK dbname=$T2_DB user=$LOADER"
BEFORE=$(q "$T2" "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY log_id)), '') FROM pggit_audit.compliance_log t")
[ "${BEFORE%%:*}" -gt 0 ] && ok "compliance_log has ${BEFORE%%:*} rows to protect" || fail "compliance_log is empty: nothing to protect"
for stmt in \
  "INSERT INTO pggit_audit.compliance_log (verified_by, verification_status) VALUES ('loader', 'PASSED')" \
  "UPDATE pggit_audit.compliance_log SET verification_status = 'FAILED'" \
  "DELETE FROM pggit_audit.compliance_log" \
  "TRUNCATE pggit_audit.compliance_log" \
  "ALTER TABLE pggit_audit.compliance_log DISABLE TRIGGER USER" \
  "DROP TABLE pggit_audit.compliance_log" \
  "SELECT pggit_audit.record_verification(NULL, 'PASSED', 'by the loader', NULL)"; do
  if PGPASSWORD="$PW" psql "$LC" -qXAt -v ON_ERROR_STOP=1 -c "$stmt" >"$PGA_TMP/loader.out" 2>&1; then
    fail "loader could run: $stmt"
  elif grep -qE "permission denied|must be owner" "$PGA_TMP/loader.out"; then
    ok "loader refused: ${stmt:0:60}"
  else
    fail "loader failed for another reason than privileges: $stmt: $(cat "$PGA_TMP/loader.out")"
  fi
done
assert_eq "loader can still read it (SELECT granted)" "${BEFORE%%:*}" "$(PGPASSWORD="$PW" psql "$LC" -qXAt -c "SELECT count(*) FROM pggit_audit.compliance_log" 2>&1)"
assert_eq "compliance_log unchanged" "$BEFORE" \
  "$(q "$T2" "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY log_id)), '') FROM pggit_audit.compliance_log t")"

pga_finish
