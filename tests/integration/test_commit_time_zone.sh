#!/usr/bin/env bash
# test_commit_time_zone.sh - a store whose commit_graph times are wall-clock times of
# Europe/Berlin (a pgGit server whose TimeZone is not UTC), across both DST changes of 2027
# (two commits at the same local time 02:30 of the repeated hour): read as UTC it is refused
# with one hint naming the offsets; with COMMIT_TIME_ZONE=Europe/Berlin it loads, every
# change dated by its commit's UTC instant; one commit moved by an hour is still refused by
# sha; an unknown zone is a usage error.
source "$(dirname "$0")/lib.sh"

SRC=$(new_commit_source src)
# 2027-03-27 12:00, 03-28 01:30 (just after the clocks go forward), 07-01 12:00,
# 10-31 00:30 and 01:30 (both 02:30 local), 11-01 12:00 UTC
EPOCHS=(1806148800 1806197400 1814443200 1824942600 1824946200 1825070400)
for i in "${!EPOCHS[@]}"; do
  psql "$SRC" -qXAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET pga_test.ts = '${EPOCHS[$i]}';
SELECT pga_test.commit_paths(ARRAY['app.t$i'], ARRAY['CREATE TABLE app.t$i (id int);'], 'commit $i');
SQL
done
# as the server wrote them: local wall-clock times, committed_at a quarter second after the epoch
q "$SRC" "UPDATE pggit_v0.commit_graph
            SET authored_at = (authored_at AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Berlin',
                committed_at = ((committed_at + interval '0.25 s') AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Berlin'" >/dev/null
assert_eq "two commits at the same local time of the repeated hour" "2" \
  "$(q "$SRC" "SELECT count(*) FROM pggit_v0.commit_graph WHERE committed_at::text = '2027-10-31 02:30:00.25'")"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
T1=$(new_db t1)
expect_fail "read as UTC, the Berlin store is refused" \
  "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T1" --workdir "$PGA_TMP/w1"
ERR=$(cat "$PGA_TMP/last.out" "$PGA_TMP/last.err" "$PGA_TMP"/w1/logs/* 2>/dev/null || true)
assert_contains "the hint says every time is a whole offset away" "every commit_graph time (authored_at, committed_at) is a whole UTC offset away" "$ERR"
assert_contains "the hint counts the offsets" "+01:00 on 6, +02:00 on 6 of 12 times" "$ERR"
assert_contains "the hint names the variable" "COMMIT_TIME_ZONE" "$ERR"
assert_eq "nothing loaded" "0" "$(q "$T1" "SELECT count(*) FROM pggit_audit.changes" 2>/dev/null || echo 0)"

T2=$(new_db t2)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T2" --workdir "$PGA_TMP/w2" \
  COMMIT_TIME_ZONE=Europe/Berlin >"$PGA_TMP/run2.log" 2>&1 || { cat "$PGA_TMP/run2.log"; fail "run with the zone failed"; pga_finish; }
ok "with COMMIT_TIME_ZONE=Europe/Berlin the store loads"
WANT=$(for e in "${EPOCHS[@]}"; do date -u -d "@$e" '+%Y-%m-%d %H:%M:%S.25'; done | sort)
assert_eq "every change is dated by its commit's UTC instant (the fraction kept)" "$WANT" \
  "$(q "$T2" "SELECT committed_at FROM pggit_audit.changes ORDER BY committed_at")"
assert_eq "versions likewise" "$WANT" "$(q "$T2" "SELECT created_at FROM pggit_audit.object_versions ORDER BY created_at")"
assert_contains "the diff's summary records the zone" '"commit_time_zone": "Europe/Berlin"' "$(cat "$PGA_TMP/w2/diff/summary.json")"

# a server at a fixed offset set the SQL way (SET TIME ZONE 2): SHOW TimeZone prints PostgreSQL's
# POSIX spelling (<+02>-02, west of UTC positive), which COMMIT_TIME_ZONE takes as it is
SRC2=$(new_commit_source src2)
for i in 0 1; do
  psql "$SRC2" -qXAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET pga_test.ts = '${EPOCHS[$i]}';
SELECT pga_test.commit_paths(ARRAY['app.u$i'], ARRAY['CREATE TABLE app.u$i (id int);'], 'commit $i');
SQL
done
SHOWN=$(psql "$SRC2" -qXAt -v ON_ERROR_STOP=1 -c "SET TIME ZONE 2" -c "SHOW TimeZone")
assert_eq "SHOW TimeZone after SET TIME ZONE 2" "<+02>-02" "$SHOWN"
psql "$SRC2" -qXAt -v ON_ERROR_STOP=1 -c "SET TIME ZONE 2" -c "UPDATE pggit_v0.commit_graph
    SET authored_at = (authored_at AT TIME ZONE 'UTC')::timestamptz::timestamp,
        committed_at = (committed_at AT TIME ZONE 'UTC')::timestamptz::timestamp" >/dev/null
"$PGA_BIN/pggit-audit-export" -q --source "$SRC2" --outdir "$PGA_TMP/o.export" >/dev/null 2>&1 || fail "export of the +02 store"
expect_fail "read as UTC, the +02 store is refused" \
  "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/o.export" --outdir "$PGA_TMP/o0.diff"
assert_contains "the hint gives the ISO offset" "COMMIT_TIME_ZONE=+02:00" "$(cat "$PGA_TMP/last.err")"
for z in "$SHOWN" "+02:00" "UTC-2"; do
  "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/o.export" --outdir "$PGA_TMP/o.diff.$z" --commit-time-zone "$z" \
    2>"$PGA_TMP/last.err" && ok "read in $z the +02 store passes" || { cat "$PGA_TMP/last.err"; fail "read in $z the +02 store is refused"; }
done
T3=$(new_db t3)
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC2" --target "$T3" --workdir "$PGA_TMP/w3" \
  "COMMIT_TIME_ZONE=$SHOWN" >"$PGA_TMP/run3.log" 2>&1 || { cat "$PGA_TMP/run3.log"; fail "run with COMMIT_TIME_ZONE=$SHOWN failed"; }
assert_eq "through the manifest too, every change dated by its UTC instant" \
  "$(for e in "${EPOCHS[@]:0:2}"; do date -u -d "@$e" '+%Y-%m-%d %H:%M:%S'; done | sort)" \
  "$(q "$T3" "SELECT committed_at FROM pggit_audit.changes ORDER BY committed_at")"
expect_fail "the opposite POSIX offset is refused" \
  "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/o.export" --outdir "$PGA_TMP/o9.diff" --commit-time-zone "<-02>+02"

# one summer commit an hour off: refused by sha, even in the right zone
TAMPERED=$(q "$SRC" "UPDATE pggit_v0.commit_graph SET committed_at = committed_at + interval '1 hour'
                      WHERE message = 'commit 2' RETURNING commit_sha")
"$PGA_BIN/pggit-audit-export" -q --source "$SRC" --outdir "$PGA_TMP/t.export" >/dev/null 2>&1 || fail "export of the tampered store"
expect_fail "one commit an hour off is refused in the right zone" \
  "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/t.export" --outdir "$PGA_TMP/t.diff" --commit-time-zone Europe/Berlin
assert_contains "the refusal names the commit" "commit $TAMPERED: commit_graph.committed_at" "$(cat "$PGA_TMP/last.err")"
assert_eq "only that commit" "1" "$(grep -c 'disagrees' "$PGA_TMP/last.err")"
[ ! -e "$PGA_TMP/t.diff/commits.csv.zst" ] && ok "nothing written" || fail "an artifact was written"

rc=0
"$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/t.export" --outdir "$PGA_TMP/z.diff" --commit-time-zone Mars/Olympus \
  2>"$PGA_TMP/last.err" || rc=$?
assert_eq "an unknown zone is a usage error" "2" "$rc"
assert_contains "naming it" "Mars/Olympus" "$(cat "$PGA_TMP/last.err")"
pga_finish
