#!/usr/bin/env bash
# test_backfill_v2.sh - the v2 backfill end to end on the pgGit-written fixture store:
# exact rows for hand-checked commits, one row per (commit, changed path) against the
# first parent (counted independently in SQL), verification, a rerun that adds nothing,
# byte-identical artifacts across runs, the same rows loaded over two connections (the
# default LOAD_JOBS) and over one, and a SIGKILL of the load stage mid-COPY and
# after a committed batch followed by a resume that equals an uninterrupted run; the
# least-privilege set-up of docs/audit-sql.md (schema as a superuser, the run as a role
# holding only the pipeline's group roles).
source "$(dirname "$0")/lib.sh"

FIXTURE="$PGA_SHARED_DIR/fixtures/pggit_v0_real_small.sql.zst"
[ -f "$FIXTURE" ] || { echo "fixture $FIXTURE not found"; exit 1; }
MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"

SRC=$(new_db src)
load_v0_fixture "$SRC" "$FIXTURE"
T1=$(new_db target1)

run_pipeline() { # WORKDIR TARGET [VAR=value...]
  local wd=$1 tgt=$2; shift 2
  "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$tgt" --workdir "$wd" "$@"
}

# ---- first run ----
run_pipeline "$PGA_TMP/w1" "$T1" BATCH_ROWS=40 >"$PGA_TMP/run1.log" 2>&1 || { cat "$PGA_TMP/run1.log"; fail "first run failed"; pga_finish; }
ok "first run succeeded"

# expected changes, computed independently from the source with one FULL JOIN per commit
EXPECTED=$(q "$SRC" "
  SELECT string_agg(k || '=' || n, ' ' ORDER BY k) FROM (
    SELECT CASE WHEN o.object_sha IS NULL THEN 'A' WHEN n.object_sha IS NULL THEN 'D' ELSE 'M' END AS k, count(*) AS n
      FROM pggit_v0.commit_graph c
      LEFT JOIN pggit_v0.commit_graph p ON p.commit_sha = c.parent_shas[1]
      CROSS JOIN LATERAL (
        SELECT o.object_sha, n.object_sha AS new_sha
          FROM (SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = p.tree_sha) o
          FULL JOIN (SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = c.tree_sha) n USING (path)
         WHERE o.object_sha IS DISTINCT FROM n.object_sha) d(object_sha, new_sha)
      CROSS JOIN LATERAL (SELECT d.new_sha AS object_sha) n
      CROSS JOIN LATERAL (SELECT d.object_sha) o
     GROUP BY 1) s")
ACTUAL=$(q "$T1" "
  SELECT string_agg(k || '=' || n, ' ' ORDER BY k) FROM (
    SELECT CASE WHEN old_blob_sha IS NULL THEN 'A' WHEN new_blob_sha IS NULL THEN 'D' ELSE 'M' END AS k, count(*) AS n
      FROM pggit_audit.changes GROUP BY 1) s")
assert_eq "changes per kind equal an independent FULL JOIN of tree_entries" "$EXPECTED" "$ACTUAL"
assert_eq "180 changes on the fixture" "180" "$(q "$T1" "SELECT count(*) FROM pggit_audit.changes")"
assert_eq "one row per (commit, path)" "0" "$(q "$T1" "SELECT count(*) FROM (SELECT commit_sha, path FROM pggit_audit.changes GROUP BY 1,2 HAVING count(*) > 1) d")"
assert_eq "every commit but the empty root has changes" "150" "$(q "$T1" "SELECT count(DISTINCT commit_sha) FROM pggit_audit.changes")"

# hand-checked commits (read in the fixture dump)
assert_eq "commit cf50fcd1 'orders: add updated_at'" \
  "app.orders|ALTER|table|app|orders|b9ea15835bc63a93c7f3e8f12721269b2b11841a9669e05a7f2e093867b23ba6|a484e46def4c72dc152e1dbdab000a9a80871f17a309e3fbca3dda92181ee5a7|Alice Martin <alice@example.com>" \
  "$(q "$T1" "SELECT path, change_type, object_type, object_schema, object_name, old_blob_sha, new_blob_sha, author FROM pggit_audit.changes WHERE commit_sha = 'cf50fcd1eb3cc807a9db7489f7e4b2fd84e03e9d40bd3a77bbd6218a60642b16'")"
assert_eq "quoted schema with a dot is a schema named Sales.EU" \
  "\"Sales.EU\"|CREATE|schema||Sales.EU" \
  "$(q "$T1" "SELECT path, change_type, object_type, coalesce(object_schema, ''), object_name FROM pggit_audit.changes WHERE commit_sha = '7fb0a22d3713d35dbbef6f1c76560bf6c13c9b1f32b4872bb4536830f9f325a1'")"
assert_eq "quoted table with dots: schema Sales.EU, name Order.Lines" \
  "CREATE|table|Sales.EU|Order.Lines" \
  "$(q "$T1" "SELECT change_type, object_type, object_schema, object_name FROM pggit_audit.changes WHERE commit_sha = '558e489e0415d07cd47b5fc5cd04c5c857277078b176e3f6003e456cc4285b8f'")"
assert_eq "drop of app.carts" "app.carts|DROP|table|app|carts|-" \
  "$(q "$T1" "SELECT path, change_type, object_type, object_schema, object_name, coalesce(new_definition, '-') FROM pggit_audit.changes WHERE commit_sha = '42e65799442e6cc4b26e143f58e9fc15874209115108f48177cab2b822684ed1'")"
assert_eq "merge commit yields what the branch brought, against its first parent" \
  "loyalty|CREATE|schema loyalty.accounts|CREATE|table loyalty.award_points|CREATE|function loyalty.orders_award_points|CREATE|trigger loyalty.v_leaderboard|CREATE|view" \
  "$(q "$T1" "SELECT string_agg(path || '|' || change_type || '|' || object_type, ' ' ORDER BY path COLLATE \"C\") FROM pggit_audit.changes WHERE commit_sha = 'f52135a1f91326621ba59dff84d691fd9574221f1f3856ba6d9f500af6caa72a'")"
assert_eq "trigger belongs to its table's schema" "app|orders_award_points" \
  "$(q "$T1" "SELECT object_schema, object_name FROM pggit_audit.changes WHERE path = 'loyalty.orders_award_points' AND commit_sha = 'f52135a1f91326621ba59dff84d691fd9574221f1f3856ba6d9f500af6caa72a'")"
assert_eq "authors with non-ASCII letters kept" "t" \
  "$(q "$T1" "SELECT bool_or(author = 'Chloé Dubois <chloe@example.com>') FROM pggit_audit.changes")"
assert_eq "definitions hash to their blob shas" "0" \
  "$(q "$T1" "SELECT count(*) FROM pggit_audit.changes WHERE new_definition IS NOT NULL AND encode(sha256(convert_to('blob ' || length(new_definition) || ':' || new_definition, 'UTF8')), 'hex') <> new_blob_sha")"
assert_eq "versions numbered 1..n without gaps per object" "0" \
  "$(q "$T1" "SELECT count(*) FROM (SELECT object_schema, object_name, max(version_number) m, count(*) n FROM pggit_audit.object_versions GROUP BY 1, 2) v WHERE m <> n")"
assert_eq "re-created view gets a new version after its drop" "t" \
  "$(q "$T1" "SELECT max(version_number) > 1 FROM pggit_audit.object_versions WHERE object_schema = 'reporting' AND object_name = 'v_open_orders'")"
assert_version_sides "$T1" "v2 fixture"

# verification
assert_contains "verify report says PASSED" '"status": "PASSED"' "$(cat "$PGA_TMP/w1/verify/report.json")"
assert_eq "every change verified" "180|180" "$(q "$T1" "SELECT count(*), count(*) FILTER (WHERE verified) FROM pggit_audit.changes")"
assert_eq "one PASSED compliance_log row per change" "180" "$(q "$T1" "SELECT count(*) FROM pggit_audit.compliance_log WHERE verification_status = 'PASSED'")"

# ---- rerun: nothing added ----
dump_audit "$T1" >"$PGA_TMP/t1.before"
LOG_BEFORE=$(q "$T1" "SELECT count(*) FROM pggit_audit.compliance_log")
JOURNAL_BEFORE=$(q "$T1" "SELECT count(*) FROM pggit_audit.load_journal")
run_pipeline "$PGA_TMP/w1" "$T1" BATCH_ROWS=40 >"$PGA_TMP/run2.log" 2>&1 || { cat "$PGA_TMP/run2.log"; fail "second run failed"; }
dump_audit "$T1" >"$PGA_TMP/t1.after"
if cmp -s "$PGA_TMP/t1.before" "$PGA_TMP/t1.after"; then ok "second run changed no row"; else fail "second run changed rows"; fi
assert_eq "second run appended no compliance_log row" "$LOG_BEFORE" "$(q "$T1" "SELECT count(*) FROM pggit_audit.compliance_log")"
assert_eq "second run added no load batch" "$JOURNAL_BEFORE" "$(q "$T1" "SELECT count(*) FROM pggit_audit.load_journal")"

# a standalone rerun of the load stage also adds nothing (the journal skips every batch)
PGGIT_AUDIT_TARGET="$T1" "$PGA_BIN/pggit-audit-load" --classify "$PGA_TMP/w1/classify" --outdir "$PGA_TMP/w1/load-again" --batch-rows 40 2>"$PGA_TMP/load-again.err"
assert_contains "standalone load rerun skips every batch" "0 batches loaded" "$(cat "$PGA_TMP/load-again.err")"

# ---- determinism: a second workdir gives byte-identical artifacts ----
T2=$(new_db target2)
# one load per target: while another session holds the load lock (another load into it, from
# another work directory) the load stops at once, naming the holder, and loads nothing
psql "$T2" -qXAt -c "SELECT pg_advisory_lock(8099558403605487972), pg_sleep(300)" >/dev/null 2>&1 & HOLDER=$!
for _ in $(seq 100); do
  [ "$(q "$T2" "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")" = 1 ] && break; sleep 0.1
done
HOLDER_PID=$(q "$T2" "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
if run_pipeline "$PGA_TMP/w2" "$T2" BATCH_ROWS=40 LOAD_JOBS=1 >"$PGA_TMP/run3-locked.log" 2>&1; then
  fail "a load ran while another held the target's load lock"
else
  assert_contains "the refused load names the other load's server process" \
    "another pggit-audit-load is loading into this target database (server process $HOLDER_PID holds its lock)" \
    "$(cat "$PGA_TMP/run3-locked.log" "$PGA_TMP/w2/logs/load.log" 2>/dev/null)"
  assert_eq "the refused load loaded nothing" "0" "$(q "$T2" "SELECT count(*) FROM pggit_audit.load_journal")"
fi
q "$T2" "SELECT pg_terminate_backend($HOLDER_PID)" >/dev/null
wait "$HOLDER" 2>/dev/null || true
run_pipeline "$PGA_TMP/w2" "$T2" BATCH_ROWS=40 LOAD_JOBS=1 >"$PGA_TMP/run3.log" 2>&1 || { cat "$PGA_TMP/run3.log"; fail "run in a second workdir failed"; }
(cd "$PGA_TMP/w1" && find export diff classify -name '*.zst' -o -name '*.meta.json' -o -name summary.json | sort | xargs sha256sum) >"$PGA_TMP/w1.sums"
(cd "$PGA_TMP/w2" && find export diff classify -name '*.zst' -o -name '*.meta.json' -o -name summary.json | sort | xargs sha256sum) >"$PGA_TMP/w2.sums"
if cmp -s "$PGA_TMP/w1.sums" "$PGA_TMP/w2.sums"; then ok "artifacts byte-identical across runs ($(wc -l <"$PGA_TMP/w1.sums") files)"; else fail "artifacts differ across runs"; diff "$PGA_TMP/w1.sums" "$PGA_TMP/w2.sums" >&2 || true; fi
dump_audit "$T2" >"$PGA_TMP/t2"
if cmp -s "$PGA_TMP/t1.after" "$PGA_TMP/t2"; then ok "identical rows in two targets (loaded over two connections, then one)"; else fail "rows differ between two targets (LOAD_JOBS 2 and 1)"; fi

# ---- batches over two connections: one-row batches keep both busy (each connection
# creates its own staging tables); the rows equal the other loads' ----
T3=$(new_db target3)
psql "$T3" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/sql/pggit_audit_schema.sql" >/dev/null 2>&1
PGGIT_AUDIT_TARGET="$T3" "$PGA_BIN/pggit-audit-load" --classify "$PGA_TMP/w1/classify" --outdir "$PGA_TMP/w1/load-jobs2" \
  --batch-rows 1 --jobs 2 -q 2>"$PGA_TMP/load-jobs2.err" || { cat "$PGA_TMP/load-jobs2.err" >&2; fail "load over two connections failed"; }
dump_audit "$T3" >"$PGA_TMP/t3"
if cmp -s "$PGA_TMP/t1.after" "$PGA_TMP/t3"; then ok "one-row batches over two connections: the same rows"; else fail "one-row batches over two connections: other rows"; fi

# ---- verify catches a tampered definition and an extra row, names them, and records FAILED ----
TAMPERED=$(q "$T2" "SELECT change_id FROM pggit_audit.changes WHERE commit_sha = 'cf50fcd1eb3cc807a9db7489f7e4b2fd84e03e9d40bd3a77bbd6218a60642b16'")
q "$T2" "UPDATE pggit_audit.changes SET new_definition = new_definition || ' ' WHERE change_id = '$TAMPERED'" >/dev/null
# a blob row whose name is not classify's (a loader login can insert it before the load,
# which keeps it): verify used to pass it, and the query functions named the change by it
FORGED=$(q "$T2" "SELECT min(blob_sha) FROM pggit_audit.blobs WHERE object_name IS NOT NULL")
q "$T2" "CREATE TABLE blob_saved AS SELECT * FROM pggit_audit.blobs WHERE blob_sha = '$FORGED'" >/dev/null
q "$T2" "UPDATE pggit_audit.blobs SET object_name = 'forged', parent_name = 'forged' WHERE blob_sha = '$FORGED'" >/dev/null
# a change whose classification is not classify's: verify used to pass it
RESEVERED=$(q "$T2" "SELECT change_id FROM pggit_audit.changes WHERE change_id <> '$TAMPERED' AND severity IS NOT NULL ORDER BY commit_generation, path LIMIT 1")
q "$T2" "UPDATE pggit_audit.changes SET severity = CASE WHEN severity = 'PATCH' THEN 'MAJOR' ELSE 'PATCH' END,
         change_detail = change_detail || '{\"injected\": true}' WHERE change_id = '$RESEVERED'" >/dev/null
q "$T2" "INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, change_type)
         SELECT '00000000-0000-5000-8000-000000000001', commit_sha, commit_generation, 'app.smuggled', 'CREATE'
           FROM pggit_audit.changes WHERE change_id = '$TAMPERED'" >/dev/null
expect_fail "verify of a tampered target" env PGGIT_AUDIT_SOURCE="$SRC" PGGIT_AUDIT_TARGET="$T2" "$PGA_BIN/pggit-audit-verify" \
  --diff "$PGA_TMP/w2/diff" --classify "$PGA_TMP/w2/classify" --load "$PGA_TMP/w2/load" --outdir "$PGA_TMP/w2/verify-tampered"
assert_contains "the tampered change is named" "change $TAMPERED" "$(cat "$PGA_TMP/last.err")"
assert_contains "the tampered definition is the reason" "new_definition does not hash to new_blob_sha" "$(cat "$PGA_TMP/last.err")"
assert_contains "the smuggled row is named" "path app.smuggled is not a change of this run" "$(cat "$PGA_TMP/last.err")"
assert_contains "a change loaded with another severity and detail is named" "change $RESEVERED" "$(cat "$PGA_TMP/last.err")"
assert_contains "... with both columns" "severity differs from the artifact; change_detail differs from the artifact" "$(cat "$PGA_TMP/last.err")"
assert_contains "the forged blob row is named, with its columns" "blob $FORGED: object_name" "$(cat "$PGA_TMP/last.err")"
assert_contains "... in the report" '"blobs_failed": 1' "$(cat "$PGA_TMP/w2/verify-tampered/report.json")"
q "$T2" "UPDATE pggit_audit.blobs o SET object_name = s.object_name, parent_name = s.parent_name FROM blob_saved s WHERE o.blob_sha = s.blob_sha" >/dev/null
assert_contains "the report says FAILED" '"status": "FAILED"' "$(cat "$PGA_TMP/w2/verify-tampered/report.json")"
assert_eq "FAILED compliance rows for both" "2" \
  "$(q "$T2" "SELECT count(*) FROM pggit_audit.compliance_log WHERE verification_status = 'FAILED' AND change_id IN ('$TAMPERED', '00000000-0000-5000-8000-000000000001')")"
assert_eq "the tampered change is no longer marked verified" "f" "$(q "$T2" "SELECT verified FROM pggit_audit.changes WHERE change_id = '$TAMPERED'")"
assert_eq "the hash chain still holds" "" "$(q "$T2" "SELECT problem FROM pggit_audit.verify_log_chain()")"

# ---- the source check (it runs beside the target's checks): a blob of the run altered in
# the source is named, and its failure comes before the changes' in the report ----
ALTERED=$(q "$T1" "SELECT min(new_blob_sha) FROM pggit_audit.changes")
q "$SRC" "UPDATE pggit_v0.objects SET content = content || ' ' WHERE sha = '$ALTERED'" >/dev/null
expect_fail "verify against a source with an altered blob" env PGGIT_AUDIT_SOURCE="$SRC" PGGIT_AUDIT_TARGET="$T2" "$PGA_BIN/pggit-audit-verify" \
  --diff "$PGA_TMP/w2/diff" --classify "$PGA_TMP/w2/classify" --load "$PGA_TMP/w2/load" --outdir "$PGA_TMP/w2/verify-source"
NBLOBS=$(q "$T2" "SELECT count(*) FROM pggit_audit.blobs")
assert_contains "the altered blob is named" "source: 1 of $NBLOBS blobs of this run are missing or corrupt in the source: $ALTERED" "$(cat "$PGA_TMP/last.err")"
assert_eq "the report: source_ok false, the source's failure before the changes'" "false|source: 1 of $NBLOBS blobs|true" \
  "$(jq -r '[(.source_ok | tostring), (.failures[0] | .[0:(. | index(" of this run"))]), (.failures[1:] | map(test("^change ")) | any | tostring)] | join("|")' "$PGA_TMP/w2/verify-source/report.json")"
q "$SRC" "UPDATE pggit_v0.objects SET content = left(content, -1) WHERE sha = '$ALTERED'" >/dev/null

# ---- the source check dying late (a fault point at its end; its query held back by a lock
# on the source): the recording on the target must not commit before it, or a rerun would
# record the verification twice ----
RECORDED=$(q "$T2" "SELECT count(*) FROM pggit_audit.compliance_log")
psql "$SRC" -qXAt -c "BEGIN; LOCK TABLE pggit_v0.objects IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT" >/dev/null &
LOCKER=$!
for _ in $(seq 50); do
  [ "$(q "$SRC" "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'objects' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
  sleep 0.1
done
PGGIT_AUDIT_FAULT=verify-source-checked@1 PGGIT_AUDIT_SOURCE="$SRC" PGGIT_AUDIT_TARGET="$T2" "$PGA_BIN/pggit-audit-verify" \
  --diff "$PGA_TMP/w2/diff" --classify "$PGA_TMP/w2/classify" --load "$PGA_TMP/w2/load" --outdir "$PGA_TMP/w2/verify-late" \
  >/dev/null 2>&1 && fail "the fault did not kill the verifier"
wait "$LOCKER"
assert_eq "a verifier killed at the end of its source check recorded nothing" "$RECORDED" \
  "$(q "$T2" "SELECT count(*) FROM pggit_audit.compliance_log")"

# ---- crash tests: SIGKILL the load stage, resume, compare with the uninterrupted run ----
# blobs take batches 1-4 at 40 rows, changes 5-9, versions 10-14: @N kills at the Nth batch
for point in load-mid-copy@1 load-mid-copy@7 load-after-commit@6 load-before-commit@11; do
  name=${point//[-@]/_}
  T=$(new_db "crash_$name")
  if PGGIT_AUDIT_FAULT=$point run_pipeline "$PGA_TMP/c-$name" "$T" BATCH_ROWS=40 >"$PGA_TMP/c-$name.log" 2>&1; then
    fail "run with SIGKILL at $point should have failed"
  else
    ok "run killed at $point"
  fi
  PARTIAL=$(q "$T" "SELECT count(*) FROM pggit_audit.changes")
  if [ "$point" = load-after-commit@6 ]; then
    # a resume with another batch size would count other rows as done: refused, naming the size
    if run_pipeline "$PGA_TMP/c-$name" "$T" BATCH_ROWS=30 >"$PGA_TMP/c-$name.other.log" 2>&1; then
      fail "a resume with another BATCH_ROWS was accepted"
    else
      assert_contains "the refusal names the batch size to use" "BATCH_ROWS=40" \
        "$(cat "$PGA_TMP/c-$name.other.log" "$PGA_TMP/c-$name"/logs/load.log 2>/dev/null)"
      assert_eq "the refused resume loaded nothing" "$PARTIAL" "$(q "$T" "SELECT count(*) FROM pggit_audit.changes")"
    fi
  fi
  run_pipeline "$PGA_TMP/c-$name" "$T" BATCH_ROWS=40 >"$PGA_TMP/c-$name.resume.log" 2>&1 || { cat "$PGA_TMP/c-$name.resume.log"; fail "resume after $point failed"; }
  dump_audit "$T" >"$PGA_TMP/t-$name"
  if cmp -s "$PGA_TMP/t1.after" "$PGA_TMP/t-$name"; then
    ok "after SIGKILL at $point ($PARTIAL changes loaded before) and resume: rows equal an uninterrupted run"
  else
    fail "after SIGKILL at $point and resume: rows differ"; diff "$PGA_TMP/t1.after" "$PGA_TMP/t-$name" | head -5 >&2 || true
  fi
  assert_eq "no duplicate load batches after $point" "0" "$(q "$T" "SELECT count(*) FROM (SELECT artifact_sha256, batch_no FROM pggit_audit.load_journal GROUP BY 1,2 HAVING count(*) > 1) d")"
done

# ---- least privilege, set up as docs/audit-sql.md says: the schema target once as a
# superuser, then the whole run as a login role holding only pggit_audit_loader and
# pggit_audit_verifier and SELECT on the store. The new connection identity reruns the
# schema target: on a current schema the installer must need no CREATE privilege.
LP_ROLE="pga_v2_pipeline_$$"
# set +e: (exit $rc) hands pga_cleanup the status without ending the trap under errexit
on_exit() { local rc=$?; set +e; (exit $rc); pga_cleanup; psql "$PGA_CONN" -qAtc "DROP ROLE IF EXISTS $LP_ROLE" >/dev/null 2>&1 || true; }
trap on_exit EXIT
TL=$(new_db target_lp)
run_pipeline "$PGA_TMP/lp" "$TL" schema >"$PGA_TMP/lp1.log" 2>&1 && ok "least privilege: schema target as a superuser" \
  || fail "least privilege: schema target as a superuser failed: $(tail -3 "$PGA_TMP/lp1.log")"
q "$PGA_CONN" "CREATE ROLE $LP_ROLE LOGIN" >/dev/null
q "$PGA_CONN" "GRANT pggit_audit_loader, pggit_audit_verifier TO $LP_ROLE" >/dev/null
q "$SRC" "GRANT USAGE ON SCHEMA pggit_v0 TO $LP_ROLE; GRANT SELECT ON ALL TABLES IN SCHEMA pggit_v0 TO $LP_ROLE" >/dev/null
LP_SRC="$SRC user=$LP_ROLE" LP_TGT="$TL user=$LP_ROLE"
VERSION_BEFORE=$(q "$TL" "SELECT max(version) || ':' || count(*) FROM pggit_audit.schema_version")
if PGGIT_AUDIT_TARGET="$LP_TGT" "$PGA_BIN/pggit-audit-install-schema" --sql "$PGA_SOURCE_DIR/sql/pggit_audit_schema.sql" >"$PGA_TMP/lp-install.log" 2>&1; then
  ok "least privilege: the installer on a current schema runs as the pipeline role"
else
  fail "least privilege: the installer on a current schema failed as the pipeline role: $(cat "$PGA_TMP/lp-install.log")"
fi
if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$LP_SRC" --target "$LP_TGT" --workdir "$PGA_TMP/lp" >"$PGA_TMP/lp2.log" 2>&1; then
  ok "least privilege: the run goes on as the pipeline role"
else
  fail "least privilege: the run as the pipeline role failed: $(grep -E 'error|FAIL' "$PGA_TMP/lp2.log" | head -5)"
fi
assert_eq "least privilege: the schema was left as it was" "$VERSION_BEFORE" "$(q "$TL" "SELECT max(version) || ':' || count(*) FROM pggit_audit.schema_version")"
assert_eq "least privilege: the same changes as the superuser's run" \
  "$(q "$T1" "SELECT count(*) FROM pggit_audit.changes")" "$(q "$TL" "SELECT count(*) FROM pggit_audit.changes")"
assert_eq "least privilege: every change verified" "0" "$(q "$TL" "SELECT count(*) FROM pggit_audit.changes WHERE NOT verified")"

pga_finish
