#!/usr/bin/env bash
# test_runner.sh - drives the real `pggit-audit run/status` with small manifests whose
# recipes are shell commands, and checks: dependency order, skipping on a second run,
# reruns after an input or recipe change, resuming after a failure without redoing
# finished targets, --keep-going, --force, --jobs, --dry-run changing nothing, the lock
# (refusal and stale-lock takeover), status output, the journal's hash chain (and that
# tampering and a torn last line are detected), and that a password given in the
# conninfo appears nowhere (output, logs, journal, work directory).
set -euo pipefail

: "${PGA_BIN:?PGA_BIN not set (run through ctest)}"
: "${PGA_SOURCE_DIR:?PGA_SOURCE_DIR not set (run through ctest)}"
: "${PGA_CLUSTER_DIR:?PGA_CLUSTER_DIR not set (run through ctest)}"
PGA="$PGA_BIN/pggit-audit"
BASE_CONNINFO=$("$PGA_SOURCE_DIR/scripts/pgcluster.sh" conninfo "$PGA_CLUSTER_DIR")
# the test cluster trusts local connections: the password is never checked, only carried
PASSWORD="pw-$$-$RANDOM-NotInAnyFile"
SOURCE="$BASE_CONNINFO password=$PASSWORD"

T=$(mktemp -d)
BG_PIDS=()
cleanup() {
  for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  umount "$T/full" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT

FAILS=0
pass() { echo "ok - $*"; }
fail() { echo "NOT OK - $*" >&2; FAILS=$((FAILS + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
contains() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }
ALL_OUT="$T/all-output.txt"
: >"$ALL_OUT"

# run NAME ARGS...: pggit-audit run into $T/NAME.out (stdout+stderr), exit status into $T/NAME.rc
run() {
  local name=$1; shift
  local rc=0
  "$PGA" run "$@" >"$T/$name.out" 2>&1 || rc=$?
  echo "$rc" >"$T/$name.rc"
  cat "$T/$name.out" >>"$ALL_OUT"
}
rc_of() { cat "$T/$1.rc"; }

W="$T/work"
mkdir -p "$W"
M="$T/test.mk"
cat >"$M" <<'MK'
# test manifest: every recipe appends its name to ran.log (not an output) so the
# test can see what ran, in which order
GREETING = hello

a:
	outputs: a.txt
	echo a >> ran.log
	printf '%s\n' "$(GREETING)" > a.txt

# c fails once while the flag file fail-c exists; declared before b on purpose
c: a
	outputs: c.txt
	echo c >> ran.log
	if [ -f fail-c ]; then rm fail-c; echo "c: failing on purpose" >&2; exit 3; fi
	cat a.txt > c.txt

b: a
	inputs: in.txt
	outputs: b.txt
	echo b >> ran.log
	cat a.txt in.txt > b.txt

db:
	outputs: db.txt
	echo db >> ran.log
	psql "$$PGGIT_AUDIT_SOURCE" -X -v ON_ERROR_STOP=1 -Atc 'select 40 + 2' > db.txt

d: b c db
	outputs: d.txt
	echo d >> ran.log
	cat b.txt c.txt db.txt > d.txt
MK
echo "input one" >"$W/in.txt"
touch "$W/fail-c"
COMMON=(--source "$SOURCE" --workdir "$W")

# 1. first run: c fails; without --keep-going nothing after it starts
run r1 "$M" "${COMMON[@]}"
check "failing run exits 1" [ "$(rc_of r1)" = 1 ]
check "order a, c before the failure stops the run" [ "$(tr '\n' ' ' <"$W/ran.log")" = "a c " ]
check "failure reported with exit status and log" contains "$T/r1.out" "[FAIL] c: exit status 3"
check "recipe stderr reached the terminal" contains "$T/r1.out" "c: failing on purpose"
check "recipe stderr reached logs/c.log" contains "$W/logs/c.log" "c: failing on purpose"
check "untouched targets listed" contains "$T/r1.out" "not run: b, db, d"
"$PGA" status --workdir "$W" >"$T/s1.out" 2>&1
cat "$T/s1.out" >>"$ALL_OUT"
check "status: a done" grep -qE '^a +done ' "$T/s1.out"
check "status: c failed" grep -qE '^c +failed +exit status 3' "$T/s1.out"
check "status: b pending" grep -qE '^b +pending ' "$T/s1.out"

# 2. --keep-going: c fails again, b and db still run, d is blocked
touch "$W/fail-c"
: >"$W/ran.log"
run r2 "$M" "${COMMON[@]}" --keep-going
check "keep-going run exits 1" [ "$(rc_of r2)" = 1 ]
check "keep-going: a skipped, c failed, b and db ran" [ "$(tr '\n' ' ' <"$W/ran.log")" = "c b db " ]
check "keep-going: d blocked" contains "$T/r2.out" "[blocked] d: prerequisite 'c' failed"
check "rerun reason of c" contains "$T/r2.out" "[run] c: previous run failed (exit status 3)"

# 3. resume: only the failed target and what depends on it run
: >"$W/ran.log"
run r3 "$M" "${COMMON[@]}"
check "resume exits 0" [ "$(rc_of r3)" = 0 ]
check "resume runs only c then d" [ "$(tr '\n' ' ' <"$W/ran.log")" = "c d " ]
check "resume skips finished targets" contains "$T/r3.out" "[skip] b: up to date"
check "the database recipe got the conninfo from the environment" grep -qx "42" "$W/d.txt"

# 4. second run: nothing to do
: >"$W/ran.log"
run r4 "$M" "${COMMON[@]}"
check "up-to-date run exits 0" [ "$(rc_of r4)" = 0 ]
check "up-to-date run runs nothing" [ ! -s "$W/ran.log" ]
check "up-to-date summary" contains "$T/r4.out" "0 run, 5 up to date"

# 5. --dry-run after an input change: says what and why, changes nothing
echo "input two" >"$W/in.txt"
snapshot() { (cd "$W" && find . -printf '%p %s %m\n' | sort && find . -type f -exec sha256sum {} + | sort); }
snapshot >"$T/before"
run r5 "$M" "${COMMON[@]}" --dry-run
snapshot >"$T/after"
check "dry run exits 0" [ "$(rc_of r5)" = 0 ]
check "dry run names the changed input" contains "$T/r5.out" "[would run] b: input in.txt changed"
check "dry run propagates" contains "$T/r5.out" "[would run] d: prerequisite 'b' would run"
check "dry run skips the rest" contains "$T/r5.out" "[skip] c: up to date"
check "dry run changed nothing in the work directory" cmp -s "$T/before" "$T/after"

# 6. the real run after the input change
: >"$W/ran.log"
run r6 "$M" "${COMMON[@]}"
check "input change reruns b and d only" [ "$(tr '\n' ' ' <"$W/ran.log")" = "b d " ]
check "reason: input changed" contains "$T/r6.out" "[run] b: input in.txt changed"
check "reason: prerequisite output changed" contains "$T/r6.out" "[run] d: input b.txt changed"

# 7. a recipe change (through a command-line variable) reruns a; a.txt changes, so
#    b, c and d rerun; db does not depend on a and is skipped
: >"$W/ran.log"
run r7 "$M" "${COMMON[@]}" GREETING=bonjour
check "recipe change reruns a" contains "$T/r7.out" "[run] a: recipe changed"
check "recipe change: db skipped" contains "$T/r7.out" "[skip] db: up to date"
check "recipe change order" [ "$(tr '\n' ' ' <"$W/ran.log")" = "a c b d " ]
check "new value used" grep -qx bonjour "$W/a.txt"

# 8. --force a with the same recipe: a reruns, makes identical bytes, dependents are skipped
: >"$W/ran.log"
run r8 "$M" "${COMMON[@]}" GREETING=bonjour --force a
check "force reruns a" contains "$T/r8.out" "[run] a: forced (--force a)"
check "identical output: dependents skipped" [ "$(tr '\n' ' ' <"$W/ran.log")" = "a " ]

# 9. an output modified by hand is noticed
echo tampered >>"$W/c.txt"
: >"$W/ran.log"
run r9 "$M" "${COMMON[@]}" GREETING=bonjour c
check "modified output reruns c" contains "$T/r9.out" "[run] c: outputs modified since they were made: c.txt"
check "goal selection runs only c and its prerequisites" [ "$(tr '\n' ' ' <"$W/ran.log")" = "c " ]

# 10. status when everything is done (uses the manifest copy and variables of the last run)
"$PGA" status --workdir "$W" >"$T/s10.out" 2>&1
cat "$T/s10.out" >>"$ALL_OUT"
check "status: all done" [ "$(grep -cE '^(a|b|c|db|d) +done ' "$T/s10.out")" = 5 ]
check "status: chain intact" contains "$T/s10.out" "hash chain intact"
echo "input three" >"$W/in.txt"
"$PGA" status --workdir "$W" >"$T/s10b.out" 2>&1
check "status: stale with the reason" grep -qE '^b +stale +input in.txt changed' "$T/s10b.out"
check "status: dependent stale" grep -qE "^d +stale +prerequisite 'b' must run first" "$T/s10b.out"
# a damaged or missing run.json: status used to drop the run's GREETING=bonjour silently
# and call a stale ("recipe changed") when nothing had changed
cp "$W/.pggit-audit/run.json" "$T/run.json.saved"
printf '{"manifest": "x", "variables": {"GREETING": "bonj' >"$W/.pggit-audit/run.json"
rc=0; "$PGA" status --workdir "$W" >"$T/s10c.out" 2>&1 || rc=$?
check "status: damaged run.json refused (exit 1)" [ "$rc" = 1 ]
check "status: the error names run.json and its line" contains "$T/s10c.out" "$W/.pggit-audit/run.json:1: "
check "status: no guessed states" lacks "$T/s10c.out" "recipe changed"
rm "$W/.pggit-audit/run.json"
rc=0; "$PGA" status --workdir "$W" >"$T/s10d.out" 2>&1 || rc=$?
check "status: missing run.json refused (exit 1)" [ "$rc" = 1 ]
check "status: saying which file" contains "$T/s10d.out" "$W/.pggit-audit/run.json: No such file"
"$PGA" status "$M" --workdir "$W" GREETING=bonjour >"$T/s10e.out" 2>&1
check "status: with the manifest and variables given, no run.json needed" grep -qE '^a +done ' "$T/s10e.out"
cp "$T/run.json.saved" "$W/.pggit-audit/run.json"
# a run killed between its two records (manifest.mk written, run.json not yet): status
# used to read the new manifest with the last run's variables, a pair no run ever used
cp "$W/.pggit-audit/manifest.mk" "$T/manifest.mk.saved"
sed 's/^GREETING = hello$/GREETING = hi/' "$M" >"$T/test2.mk"
rc=0; PGGIT_AUDIT_FAULT=journal-run-info "$PGA" run "$T/test2.mk" "${COMMON[@]}" >"$T/r10f.out" 2>&1 || rc=$?
check "run killed between manifest.mk and run.json" [ "$rc" = 137 ]
check "the new manifest was recorded" cmp -s "$T/test2.mk" "$W/.pggit-audit/manifest.mk"
rc=0; "$PGA" status --workdir "$W" >"$T/s10f.out" 2>&1 || rc=$?
cat "$T/s10f.out" >>"$ALL_OUT"
check "status: a manifest.mk and run.json of different runs refused (exit 1)" [ "$rc" = 1 ]
check "status: saying they belong to different runs" contains "$T/s10f.out" "manifest.mk (sha256 $(sha256sum "$T/test2.mk" | cut -d' ' -f1)) is not the manifest $W/.pggit-audit/run.json records"
check "status: no states of the mixed pair" lacks "$T/s10f.out" " done "
cp "$T/manifest.mk.saved" "$W/.pggit-audit/manifest.mk"
"$PGA" status --workdir "$W" >"$T/s10g.out" 2>&1
check "status: the matching pair is read again" grep -qE '^a +done ' "$T/s10g.out"

# 11. the journal's hash chain, checked independently of the driver
J="$W/.pggit-audit/journal.ndjson"
chain_ok() {
  local prev="null" n=0 line want
  while IFS= read -r line; do
    n=$((n + 1))
    [ "$(jq -c .prev <<<"$line")" = "$prev" ] || { echo "line $n: prev mismatch" >&2; return 1; }
    [ "$(jq -c '[.format, .hash]' <<<"$line")" = '[1,"sha256"]' ] || return 1
    want=$(printf '%s' "$line" | sha256sum | cut -d' ' -f1)
    prev="\"$want\""
  done <"$J"
  [ "$n" -gt 10 ]
}
check "journal hash chain intact" chain_ok
check "finished records carry output hashes" \
  [ "$(jq -r 'select(.event=="finished" and .target=="a") | .outputs["a.txt"]' "$J" | tail -1)" = "$(sha256sum "$W/a.txt" | cut -d' ' -f1)" ]

# 12. a torn last line (crash while appending) is ignored with a warning, then set aside
cp "$J" "$T/journal.good"
printf '{"format":1,"hash":"sha256","prev":"abc","event":"fini' >>"$J"
"$PGA" status --workdir "$W" >"$T/s12.out" 2>&1 || true
check "torn line warned about" contains "$T/s12.out" "ignoring torn last line"
check "torn line not trusted" grep -qE '^a +done ' "$T/s12.out"
run r12 "$M" "${COMMON[@]}" GREETING=bonjour
check "run after torn line works" [ "$(rc_of r12)" = 0 ]
check "torn bytes moved aside" bash -c "ls '$W/.pggit-audit/' | grep -q 'journal.ndjson.torn-'"
check "chain intact after repair" chain_ok

# 12b. a real crash in the middle of an append (fault injection): the second record,
#      "finished" of a, is half written when the driver is killed
W4="$T/work4"
mkdir -p "$W4"
cat >"$T/one.mk" <<'MK'
a:
	outputs: a.txt
	echo a >> ran.log
	echo a > a.txt
MK
rc=0; { PGGIT_AUDIT_FAULT=journal-torn-write@2 "$PGA" run "$T/one.mk" --source "$SOURCE" --workdir "$W4" >"$T/r12b.out" 2>&1; } 2>/dev/null || rc=$?
check "fault kills the driver" [ "$rc" = 137 ]
check "journal left torn (no final newline)" [ -n "$(tail -c 1 "$W4/.pggit-audit/journal.ndjson")" ]
"$PGA" status --workdir "$W4" >"$T/s12b.out" 2>&1
check "half-written finished record not trusted: a interrupted" grep -qE '^a +interrupted ' "$T/s12b.out"
run r12c "$T/one.mk" --source "$SOURCE" --workdir "$W4"
check "after the crash a reruns" contains "$T/r12c.out" "[run] a: previous run was interrupted"
check "after the crash: stale lock taken over" contains "$T/r12c.out" "taking over the stale lock"
check "after the crash the journal is whole again" bash -c "J='$W4/.pggit-audit/journal.ndjson'; [ \$(wc -l <\"\$J\") = 3 ] && jq -e . \"\$J\" >/dev/null"
check "ran twice in all" [ "$(wc -l <"$W4/ran.log")" = 2 ]

# 13. an edited middle line breaks the chain: refuse, with a way out
cp "$J" "$T/journal.good"
sed -i '2s/"duration_ms":[0-9]*/"duration_ms":123456/' "$J"
run r13 "$M" "${COMMON[@]}" GREETING=bonjour
check "tampered journal refused" [ "$(rc_of r13)" = 1 ]
check "tampered journal message" contains "$T/r13.out" "journal.ndjson:3: hash chain broken"
cp "$T/journal.good" "$J"

# 14. the lock: a second runner is refused while the first runs; status says running
W2="$T/work2"
mkdir -p "$W2"
# the first runner's recipe runs until the checks release it (a recipe of a fixed 3 s could
# end before the second runner and status ran, on a loaded host)
cat >"$T/held.mk" <<'MK'
slow:
	outputs: slow.txt
	touch started
	until [ -e release ]; do sleep 0.05; done
	echo done > slow.txt
MK
cat >"$T/slow.mk" <<'MK'
slow:
	outputs: slow.txt
	touch started
	sleep 3.217
	echo done > slow.txt
MK
# wait_started SECONDS: until the running recipe touched started
wait_started() { local end=$((SECONDS + $1)); until [ -f "$W2/started" ] || [ "$SECONDS" -ge "$end" ]; do sleep 0.05; done; }
"$PGA" run "$T/held.mk" --source "$SOURCE" --workdir "$W2" >"$T/slow.out" 2>&1 &
SLOW_PID=$!
BG_PIDS+=("$SLOW_PID")
wait_started 60
run r14 "$T/held.mk" --source "$SOURCE" --workdir "$W2"
check "second runner refused" [ "$(rc_of r14)" = 1 ]
check "refusal names the holder" contains "$T/r14.out" "another pggit-audit run (pid $SLOW_PID) is using this work directory"
"$PGA" status --workdir "$W2" >"$T/s14.out" 2>&1
check "status: running" grep -qE '^slow +running ' "$T/s14.out"
check "status: lock held" contains "$T/s14.out" "held by running pid $SLOW_PID"
touch "$W2/release"
wait "$SLOW_PID"
check "first runner finished" grep -qx done "$W2/slow.txt"
check "lock removed after the run" [ ! -e "$W2/.pggit-audit/lock" ]

# 15. a killed runner: its target shows as interrupted; the stale lock is taken over
rm -f "$W2/started" "$W2/slow.txt" "$W2/release"
"$PGA" run "$T/slow.mk" --source "$SOURCE" --workdir "$W2" >"$T/slow2.out" 2>&1 &
SLOW_PID=$!
BG_PIDS+=("$SLOW_PID")
wait_started 60
kill -KILL "$SLOW_PID" 2>/dev/null
{ wait "$SLOW_PID"; } 2>/dev/null || true
# the recipe dies with its driver: its shell and the sleep it started, not only the recipe
# process (the sleep, a duration no other test uses, was left running on its own)
for _ in $(seq 1 20); do pgrep -f "^sleep 3[.]217$" >/dev/null || break; sleep 0.1; done
check "the killed driver's recipe is gone" sh -c '! pgrep -f "^sleep 3[.]217$" >/dev/null'
sleep 3.5
check "the killed driver's recipe wrote nothing after the kill" [ ! -e "$W2/slow.txt" ]
"$PGA" status --workdir "$W2" >"$T/s15.out" 2>&1
check "status: interrupted" grep -qE '^slow +interrupted ' "$T/s15.out"
check "status: stale lock" contains "$T/s15.out" "stale (pid $SLOW_PID is gone)"
run r15 "$T/slow.mk" --source "$SOURCE" --workdir "$W2"
check "stale lock taken over" contains "$T/r15.out" "taking over the stale lock"
check "interrupted target reruns" contains "$T/r15.out" "[run] slow: previous run was interrupted"
check "rerun succeeds" [ "$(rc_of r15)" = 0 ]

# 16. --jobs 2 in a fresh directory gives the same results
W3="$T/work3"
mkdir -p "$W3"
echo "input one" >"$W3/in.txt"
run r16 "$M" --source "$SOURCE" --workdir "$W3" --jobs 2
check "--jobs 2 run exits 0" [ "$(rc_of r16)" = 0 ]
check "--jobs 2 output" [ "$(cat "$W3/d.txt")" = "$(printf 'hello\ninput one\nhello\n42')" ]
check "--jobs 2 prefixes recipe output" contains "$T/r16.out" "[db] + psql"

# 17. another database is refused (it used to rerun every target into it without
#     asking); --allow-connection-change reruns everything; the same databases reached
#     another way (another role, application_name) rerun without a refusal
: >"$W3/ran.log"
JOURNAL_BEFORE=$(sha256sum <"$W3/.pggit-audit/journal.ndjson")
OTHER_DB="$SOURCE dbname=pga_runner_other"   # never connected to: only the source is
run r17 "$M" --source "$SOURCE" --target "$OTHER_DB" --workdir "$W3"
check "another --target refused (exit 1)" [ "$(rc_of r17)" = 1 ]
check "the refusal says the target changed, not the source" contains "$T/r17.out" "with another --target database (the same --source)"
check "the refusal names the override" contains "$T/r17.out" "--allow-connection-change"
check "nothing ran" [ ! -s "$W3/ran.log" ]
check "the journal is unchanged" [ "$(sha256sum <"$W3/.pggit-audit/journal.ndjson")" = "$JOURNAL_BEFORE" ]
PGDATABASE=pga_runner_other run r17b "$M" --source "${SOURCE/ dbname=postgres/}" --workdir "$W3" --dry-run
check "a dry run is refused too; PGDATABASE counts (both databases change)" contains "$T/r17b.out" "with another --source and --target database"
run r17c "$M" --source "$SOURCE" --target "$OTHER_DB" --workdir "$W3" --allow-connection-change
check "--allow-connection-change runs (exit 0)" [ "$(rc_of r17c)" = 0 ]
check "connection change reruns" contains "$T/r17c.out" "[run] a: database connection changed"
run r17d "$M" --source "$SOURCE" --target "$OTHER_DB" --workdir "$W3"
check "the new connection is the work directory's now" contains "$T/r17d.out" "[skip] a: up to date"
run r17e "$M" --source "$SOURCE application_name=other" --target "$OTHER_DB application_name=other" --workdir "$W3"
check "the same databases under other options: not refused" [ "$(rc_of r17e)" = 0 ]
check "... but rerun (rule 5)" contains "$T/r17e.out" "[run] a: database connection changed"
run r17f "$M" --source "$SOURCE" --workdir "$W3"
check "and going back is refused in turn" contains "$T/r17f.out" "with another --target database (the same --source)"

# 18. errors: manifest line numbers, bad conninfo, unknown command, usage
printf 'alpha:\n\toutputs: x\n\ttouch x\nb: alph\n\toutputs: y\n\ttouch y\n' >"$T/bad.mk"
run r18 "$T/bad.mk" "${COMMON[@]}"
check "manifest error exits 1" [ "$(rc_of r18)" = 1 ]
check "manifest error names file and line" contains "$T/r18.out" "$T/bad.mk:4: unknown prerequisite 'alph' (did you mean 'alpha'?)"
run r18b "$M" --source "host=x $PASSWORD" --workdir "$W"
check "bad conninfo refused" [ "$(rc_of r18b)" = 2 ]
check "bad conninfo message" contains "$T/r18b.out" "--source: not a valid libpq connection string"
rc=0; "$PGA" frobnicate >"$T/r18c.out" 2>&1 || rc=$?
check "unknown command" [ "$rc" = 2 ]
check "unknown command message" contains "$T/r18c.out" "'frobnicate' is not a pggit-audit command"
check "--version" bash -c "'$PGA' --version | grep -qE '^pggit-audit [0-9]'"
check "--help" bash -c "'$PGA' --help | grep -q 'pggit-audit run MANIFEST'"
run r18d "$M" "${COMMON[@]}" WORKDIR=/elsewhere
check "WORKDIR override refused" [ "$(rc_of r18d)" = 2 ]

# 19. git-style dispatch: pggit-audit foo execs pggit-audit-foo next to the driver
FAKEBIN="$T/bin"
mkdir -p "$FAKEBIN"
cp "$PGA" "$FAKEBIN/pggit-audit"
printf '#!/bin/sh\necho "hello from $0: $*"\n' >"$FAKEBIN/pggit-audit-hello"
chmod +x "$FAKEBIN/pggit-audit-hello"
check "dispatch to pggit-audit-hello" bash -c "'$FAKEBIN/pggit-audit' hello a 'b c' | grep -qx 'hello from $FAKEBIN/pggit-audit-hello: a b c'"

# 20. the password is nowhere
check "password not in any output" lacks "$ALL_OUT" "$PASSWORD"
check "password not in any file of the work directories" bash -c "! grep -rqF -- '$PASSWORD' '$W' '$W2' '$W3'"
check "redacted conninfo printed" contains "$T/r3.out" "source:  "

# 21. a full disk: the driver's own monitoring file (metrics.prom) cannot be written. The
#     finished target is reported (the driver used to die on metrics.prom, before printing
#     "[done] a", and said only that); the next target is not started, since there is no
#     room left for its journal records, and the driver says so. (b's output path is long:
#     its records need more than what is left of the space reserved for a's, whatever the
#     page size rounds that to)
WF="$T/full"
mkdir -p "$WF"
if mount -t tmpfs -o size=1m tmpfs "$WF" 2>/dev/null; then
  D200=$(printf 'd%.0s' $(seq 1 200)); BOUT="$D200/$D200/$D200/$D200/$D200/b.txt"
  cat >"$T/fill.mk" <<MK
a:
	outputs: a.txt
	echo a > a.txt; dd if=/dev/zero of=fill bs=1k 2>/dev/null; true
b: a
	outputs: $BOUT
	mkdir -p "\$\$(dirname $BOUT)" && cat a.txt > $BOUT
MK
  run r21 "$T/fill.mk" --source "$SOURCE" --workdir "$WF"
  check "full disk: the run fails (b cannot start)" [ "$(rc_of r21)" = 1 ]
  check "full disk: a is reported done" contains "$T/r21.out" "[done] a in"
  check "full disk: b is not started, the driver says why" contains "$T/r21.out" "before running b (nothing of it ran); free space in $WF"
  check "full disk: b did not run" lacks "$T/r21.out" "[run] b"
  check "full disk: metrics.prom only warned about" contains "$T/r21.out" "warning: cannot write $WF/metrics.prom: No space left on device"
  rm -f "$WF/fill"
  run r21b "$T/fill.mk" --source "$SOURCE" --workdir "$WF"
  check "full disk: after freeing space only b runs" [ "$(grep -c '^\[run\]' "$T/r21b.out")" = 1 ] 
  check "full disk: resume succeeds" [ "$(rc_of r21b)" = 0 ]
  check "full disk: no temporary file left" [ -z "$(find "$WF" -name '*.tmp-*')" ]
  umount "$WF"
  # a recipe with an effect outside the work directory (as a stage's COMMIT in the target)
  # fills the disk: its end record must still fit in the journal. It used not to: the
  # driver died appending "finished", and the resume ran the recipe (and its effect) again
  mount -t tmpfs -o size=1m tmpfs "$WF"
  cat >"$T/effect.mk" <<MK
e:
	outputs: e.txt
	echo effect >> '$T/effects.log'; echo e > e.txt; dd if=/dev/zero of=fill bs=1k 2>/dev/null; true
MK
  run r21c "$T/effect.mk" --source "$SOURCE" --workdir "$WF"
  check "full disk after the effect: the target is finished" contains "$T/r21c.out" "[done] e in"
  rm -f "$WF/fill"
  run r21d "$T/effect.mk" --source "$SOURCE" --workdir "$WF"
  check "full disk after the effect: the resume skips it" contains "$T/r21d.out" "[skip] e: up to date"
  check "full disk after the effect: the effect happened once" [ "$(grep -c effect "$T/effects.log")" = 1 ]
  umount "$WF"
  # more chunk records than the reserved space holds, then a full disk: the driver died appending
  # them ("cannot append to journal"), after the end record, leaving a torn line; b never started
  # and a's "[done]" was not shown. They only describe the work: a warning, the journal whole
  mount -t tmpfs -o size=1m tmpfs "$WF"
  : >"$T/effects.log"
  cat >"$T/chunks.mk" <<MK
a:
	outputs: a.txt
	for i in \$\$(seq 1 1500); do printf '{"time":"t","stage":"x","target":"a","event":"chunk","artifact":"objects","chunk":%d,"rows":500,"bytes":81234,"state":"done"}\\n' \$\$i; done >> "\$\$PGGIT_AUDIT_PROGRESS"; echo a > a.txt; echo effect >> '$T/effects.log'; dd if=/dev/zero of=fill bs=1k 2>/dev/null; true
b: a
	outputs: b.txt
	echo b > b.txt
MK
  run r21e "$T/chunks.mk" --source "$SOURCE" --workdir "$WF"
  check "full disk in the chunk records: a is done" contains "$T/r21e.out" "[done] a in"
  check "full disk in the chunk records: a warning says so" contains "$T/r21e.out" "cannot record the chunks of a in the journal"
  check "full disk in the chunk records: the driver did not die appending" lacks "$T/r21e.out" "cannot append to journal"
  check "full disk in the chunk records: the journal ends with a whole record" [ "$(tail -c 1 "$WF/.pggit-audit/journal.ndjson" | od -An -c | tr -d ' ')" = '\n' ]
  rm -f "$WF/fill"
  run r21f "$T/chunks.mk" --source "$SOURCE" --workdir "$WF"
  check "full disk in the chunk records: the resume skips a" contains "$T/r21f.out" "[skip] a: up to date"
  check "full disk in the chunk records: and runs b" [ "$(rc_of r21f)" = 0 ]
  check "full disk in the chunk records: no torn line to set aside" lacks "$T/r21f.out" "torn"
  check "full disk in the chunk records: the effect happened once" [ "$(grep -c effect "$T/effects.log")" = 1 ]
  umount "$WF"
  # a recipe's output that no longer fits in its log (its error message with it) was lost silently
  mount -t tmpfs -o size=1m tmpfs "$WF"
  cat >"$T/log.mk" <<'MK'
a:
	outputs: a.txt
	echo a > a.txt; dd if=/dev/zero of=fill bs=1k 2>/dev/null; seq 1 30000; echo "a: the real error" >&2; exit 3
MK
  run r21g "$T/log.mk" --source "$SOURCE" --workdir "$WF"
  check "full disk in the log: the target fails" [ "$(rc_of r21g)" = 1 ]
  check "full disk in the log: the error reached the terminal" contains "$T/r21g.out" "a: the real error"
  check "full disk in the log: the driver says the log is incomplete" contains "$T/r21g.out" "warning: the log $WF/logs/a.log is incomplete: No space left on device"
  # the error, written to the terminal before 30000 lines of output, used to be nowhere near
  # the failure report, whose log has none of it: the report now ends with the recipe's last
  # error output, a bounded tail (4 KiB), indented under its heading
  sed -n '/^\[FAIL\] a:/,$p' "$T/r21g.out" >"$T/r21g.report"
  check "full disk in the log: the failure report ends with the recipe's error" contains "$T/r21g.report" "  a: the real error"
  check "full disk in the log: the report says the log is incomplete and why" contains "$T/r21g.report" "the log $WF/logs/a.log is incomplete: No space left on device"
  umount "$WF"
else
  echo "skip - full disk: mount -t tmpfs is not permitted here"
fi

# 22. a log that cannot be opened (here a directory in its place): the driver died ("cannot
#     create log"), with --jobs 2 killing the other recipe running and its result never said.
#     The target fails before its recipe runs, naming the log and why; the other one finishes
WL="$T/nolog"
mkdir -p "$WL/logs/a.log"
cat >"$T/nolog.mk" <<'MK'
a:
	outputs: a.txt
	echo a > a.txt
b:
	outputs: b.txt
	sleep 1; echo b > b.txt
MK
run r22 "$T/nolog.mk" --source "$SOURCE" --workdir "$WL" --jobs 2 --keep-going
check "log not openable: the target fails, naming the log and why" contains "$T/r22.out" "[FAIL] a: cannot open its log $WL/logs/a.log: Is a directory (nothing of it ran)"
check "log not openable: the driver did not die" lacks "$T/r22.out" "error: cannot create log"
check "log not openable: the other target finished" contains "$T/r22.out" "[done] b in"
check "log not openable: the run's result is a failure" [ "$(rc_of r22)" = 1 ]
check "log not openable: the journal says why" contains "$WL/.pggit-audit/journal.ndjson" "cannot open its log"
# the failure report ends with the end of the recipe's error output (the terminal had it
# before the rest of the run's output), at most 4 KiB of it however much it wrote; a target
# that succeeds repeats nothing
W6="$T/logok"
mkdir -p "$W6"
cat >"$T/logok.mk" <<'MK'
a:
	outputs: a.txt
	echo "a: a" "warning" >&2; echo a > a.txt
b:
	outputs: b.txt
	seq 1 200000 >&2; echo "b: the real" "error" >&2; exit 4
MK
run r22b "$T/logok.mk" --source "$SOURCE" --workdir "$W6" --keep-going
sed -n '/^\[FAIL\] b:/,$p' "$T/r22b.out" >"$T/r22b.report"
check "failure: the report ends with the recipe's error" contains "$T/r22b.report" "  b: the real error"
check "failure: and the lines before it" contains "$T/r22b.report" "  199999"
check "failure: the report holds the last 4 KiB, not all 1.3 MB" [ "$(grep -c '^  [0-9]*$' "$T/r22b.report")" -lt 700 ]
check "failure: the report says how much that is" contains "$T/r22b.report" "bytes b wrote to stderr:"
check "failure: the log has all of it" [ "$(grep -c '^[0-9]*$' "$W6/logs/b.log")" = 200000 ]
check "success: its stderr is not repeated" [ "$(grep -c 'a: a warning' "$T/r22b.out")" = 1 ]

# a recipe writing 64 MiB without a newline under --jobs 2: the driver kept the unfinished
# line whole (and a copy of it to prefix), its memory growing with it; now it shows it in
# pieces of 64 to 128 KiB (a piece ends with the read that takes it past 64 KiB), each under
# the target's prefix, every byte kept
WB="$T/bigline"
mkdir -p "$WB"
cat >"$T/bigline.mk" <<'MK'
big:
	outputs: big.txt
	head -c 67108864 /dev/zero | tr '\0' x; echo done > big.txt
MK
rc=0
/usr/bin/time -v -o "$T/bigline.time" "$PGA" run "$T/bigline.mk" --source "$SOURCE" --workdir "$WB" --jobs 2 \
  >"$T/bigline.out" 2>"$T/bigline.err" || rc=$?
check "a line without end: the run succeeds" [ "$rc" = 0 ]
check "a line without end: every byte is shown" [ "$(grep '^\[big\] x' "$T/bigline.out" | tr -cd x | wc -c)" = 67108864 ]
check "a line without end: in pieces under the prefix" [ "$(grep -c '^\[big\] x' "$T/bigline.out")" -ge 512 ]
RSS_KB=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/bigline.time")
check "a line without end: the driver's memory stays bounded (${RSS_KB} kB)" [ "${RSS_KB:-999999}" -lt 40960 ]
rm -f "$T/bigline.out"

# a conninfo given without --source (a forgotten flag): it was taken as a VAR=value and saved
# in run.json with the password, or as a target name and echoed as unknown; refused unshown
WP="$T/positional"
for arg in "host=h dbname=d password=$PASSWORD" "postgresql://u:$PASSWORD@h/d"; do
  run r23 "$M" --workdir "$WP" --source "$BASE_CONNINFO" "$arg"
  check "a positional conninfo with a password is refused (exit 2)" [ "$(rc_of r23)" = 2 ]
  check "saying to use --source" contains "$T/r23.out" "give it with --source or --target"
  check "without showing it" lacks "$T/r23.out" "$PASSWORD"
  check "and nothing is written" [ ! -e "$WP" ]
done

# a whole conninfo pasted as a VAR=value (a manifest variable given on the command line): it
# was saved in run.json and echoed in the logs, password and all, whatever the variable's name
# (and PGPASSWORD=PW, which sets a manifest variable, not the environment libpq reads)
for arg in "GREETING=postgresql://u:$PASSWORD@h/d" "GREETING=postgres://u:$PASSWORD@h" "ANY_NAME=dbname=d password=$PASSWORD" \
           "PGPASSWORD=$PASSWORD"; do
  run r24 "$M" --workdir "$WP" --source "$BASE_CONNINFO" "$arg"
  check "a VAR=value holding a password is refused (exit 2)" [ "$(rc_of r24)" = 2 ]
  check "without showing it" lacks "$T/r24.out" "$PASSWORD"
  check "and nothing is written" [ ! -e "$WP" ]
done
# the same in the manifest itself: it is copied into the work directory and echoed in the logs
sed "s|^GREETING = hello|GREETING = postgresql://u:$PASSWORD@h/d|" "$M" >"$T/pw.mk"
run r25 "$T/pw.mk" --workdir "$WP" --source "$BASE_CONNINFO"
check "a manifest variable holding a password is refused" [ "$(rc_of r25)" = 1 ]
check "naming the variable" contains "$T/r25.out" "variable 'GREETING' looks like a connection string holding a password"
check "without showing it" lacks "$T/r25.out" "$PASSWORD"
check "and nothing is written" [ ! -e "$WP" ]
# SQL's PASSWORD 'literal' in a variable a recipe runs (psql -c "$(SQL)"): echoed the same way
sed "s|^GREETING = hello|GREETING = ALTER ROLE r PASSWORD '$PASSWORD'|" "$M" >"$T/pwsql.mk"
run r25s "$T/pwsql.mk" --workdir "$WP" --source "$BASE_CONNINFO"
check "a manifest variable holding SQL's PASSWORD literal is refused" [ "$(rc_of r25s)" = 1 ]
check "naming the variable" contains "$T/r25s.out" "variable 'GREETING' looks like"
check "without showing it" lacks "$T/r25s.out" "$PASSWORD"

# a password written literally in a recipe line (keyword form, URI, PGPASSWORD=): it was echoed
# "+ LINE" into the target's log and the terminal, and the manifest copied into the work
# directory; refused naming the file and line, the line not shown. A reference ($$PW) is no literal.
for line in "echo x | psql 'host=h password=$PASSWORD'" "psql postgresql://u:$PASSWORD@h/d" \
            "PGPASSWORD=$PASSWORD true" "true --target=sslpassword=$PASSWORD" \
            "psql \"\$\$PGGIT_AUDIT_TARGET\" -c \"ALTER ROLE r PASSWORD '$PASSWORD'\"" \
            "psql -c 'create user u encrypted password \$\$\$\$$PASSWORD\$\$\$\$'"; do
  printf 'a:\n\toutputs: a.txt\n\techo a >a.txt\n\t%s\n' "$line" >"$T/pwline.mk"
  run r25b "$T/pwline.mk" --workdir "$WP" --source "$BASE_CONNINFO"
  check "a recipe line holding a password is refused" [ "$(rc_of r25b)" = 1 ]
  check "naming the file and line" contains "$T/r25b.out" "pwline.mk:4: a recipe line of target 'a' holds what looks like a password"
  check "without showing it" lacks "$T/r25b.out" "$PASSWORD"
  check "and nothing is written" [ ! -e "$WP" ]
done
printf 'a:\n\toutputs: a.txt\n\tPGPASSWORD="$$PW" psql "host=h password=$$PW" -c "ALTER ROLE r PASSWORD '"'"'$$PW'"'"'" || true; echo a >a.txt\n' >"$T/pwref.mk"
run r25c "$T/pwref.mk" --workdir "$WP" --source "$BASE_CONNINFO" --dry-run
check "a password read from the environment in a recipe line is accepted" [ "$(rc_of r25c)" = 0 ]

# control bytes from the manifest or the command line (an ESC, an OSC title sequence): the
# parser's message, a usage error and the "+ LINE" echo of a recipe wrote them to the terminal
# as they were, bypassing the filter every other message goes through; shown escaped now
printf 'A\033]0;owned\007B = hello\n' >"$T/ctl1.mk"
printf 'a:\n\toutputs: a.txt\n\techo "\033[2J" >a.txt\n' >"$T/ctl2.mk"
run r25f "$T/ctl1.mk" --workdir "$T/ctl-w1" --source "$BASE_CONNINFO"
check "a manifest error quoting a control byte is one escaped line" contains "$T/r25f.out" "ctl1.mk:1: invalid variable name 'A\\x1b]0;owned\\x07B'"
run r25g "$T/ctl2.mk" a$'\033[2J' --workdir "$T/ctl-w2" --source "$BASE_CONNINFO"
check "a usage error quoting a control byte is escaped" contains "$T/r25g.out" "a\\x1b[2J"
run r25h "$T/ctl2.mk" --workdir "$T/ctl-w3" --source "$BASE_CONNINFO"
check "the recipe line is echoed escaped" contains "$T/r25h.out" '+ echo "\x1b[2J" >a.txt'
check "and in its log" contains "$T/ctl-w3/logs/a.log" '+ echo "\x1b[2J" >a.txt'
check "the recipe itself ran as written" [ "$(od -An -c "$T/ctl-w3/a.txt" | tr -d ' ')" = '033[2J\n' ]
check "no ESC byte in any of the outputs" [ -z "$(cat "$T"/r25[fgh].out "$T/ctl-w3/logs/a.log" | tr -d -c '\033')" ]

# the mode of a new work directory: it holds the store's DDL and messages; under umask 022
# it was created 0755 and every artifact and log readable by every local user
WM="$T/mode-new/work"
(umask 022; "$PGA" run "$M" a --workdir "$WM" --source "$BASE_CONNINFO" >"$T/r25d.out" 2>&1)
check "a new work directory is the operator's alone (0700)" [ "$(stat -c %a "$WM")" = 700 ]
mkdir -p "$T/mode-old" && chmod 0750 "$T/mode-old"
(umask 022; "$PGA" run "$M" a --workdir "$T/mode-old" --source "$BASE_CONNINFO" >"$T/r25e.out" 2>&1)
check "an existing work directory keeps its mode" [ "$(stat -c %a "$T/mode-old")" = 750 ]

# a work directory prepared by someone else (a shared temporary directory) whose files are symbolic links
# to the operator's own files: the driver writes through none of them (it truncated and
# rewrote the file a planted logs/a.log pointed at); the run stops naming the file
for planted in logs/a.log .pggit-audit/journal.ndjson .pggit-audit/lock; do
  WS="$T/planted-${planted//\//_}"; mkdir -p "$WS/logs" "$WS/.pggit-audit"
  echo precious >"$WS.victim"
  ln -s "$WS.victim" "$WS/$planted"
  run r22 "$M" --source "$SOURCE" --workdir "$WS" a
  check "planted symlink $planted: the run fails" [ "$(rc_of r22)" = 1 ]
  check "planted symlink $planted: named" contains "$T/r22.out" "$WS/$planted"
  check "planted symlink $planted: its target is untouched" [ "$(cat "$WS.victim")" = precious ]
done

# a *directory* of the work directory replaced by a link (O_NOFOLLOW covers only a path's last
# component): the artifacts went into the directory it pointed at. Refused before anything is
# written, and before each target when a recipe made one; the work directory itself may be a link
WL="$T/linked"; mkdir -p "$WL" "$T/victim-dir"
cat >"$T/link.mk" <<MK
a:
	outputs: a.txt
	echo a > a.txt; if [ -f make-link ]; then ln -s '$T/victim-dir' load; fi
b: a
	outputs: load/b.txt
	mkdir -p load; echo b > load/b.txt
MK
for planted in logs .pggit-audit load; do
  rm -rf "$WL"; mkdir -p "$WL"; ln -s "$T/victim-dir" "$WL/$planted"
  run r26 "$T/link.mk" --source "$SOURCE" --workdir "$WL"
  check "planted directory link $planted: the run fails" [ "$(rc_of r26)" = 1 ]
  check "planted directory link $planted: named" contains "$T/r26.out" "$WL/$planted is a symbolic link"
  check "planted directory link $planted: nothing written through it" [ -z "$(ls -A "$T/victim-dir")" ]
done
rm -rf "$WL"; mkdir -p "$WL/sub"; ln -s "$T/nowhere" "$WL/sub/dangling"
run r26 "$T/link.mk" --source "$SOURCE" --workdir "$WL"
check "a dangling link below the work directory is refused" contains "$T/r26.out" "$WL/sub/dangling is a symbolic link"
rm -rf "$WL"; mkdir -p "$WL"; touch "$WL/make-link"
run r27 "$T/link.mk" --source "$SOURCE" --workdir "$WL"
check "a link made by an earlier target: the next target fails" contains "$T/r27.out" "[FAIL] b: $WL/load is a symbolic link"
check "a link made by an earlier target: nothing written through it" [ -z "$(ls -A "$T/victim-dir")" ]
rm -rf "$WL"; mkdir -p "$T/real-work"; ln -s "$T/real-work" "$WL"
run r28 "$T/link.mk" --source "$SOURCE" --workdir "$WL"
check "a work directory that is itself a link is the operator's choice: the run succeeds" [ "$(rc_of r28)" = 0 ]

# the same for a stage run by hand: a link below its --outdir (OUT/parts, where its checkpoints go)
mkdir -p "$T/stage-out"
for st in "export" "diff --export $T/none" "classify --export $T/none --diff $T/none"; do
  rm -rf "$T/stage-out/o"; mkdir -p "$T/stage-out/o"; ln -s "$T/victim-dir" "$T/stage-out/o/parts"
  rc=0; PGGIT_AUDIT_SOURCE=$BASE_CONNINFO "$PGA_BIN/pggit-audit-"$st --outdir "$T/stage-out/o" >"$T/st.out" 2>&1 || rc=$?
  check "pggit-audit-${st%% *} with a link below --outdir: fails" [ "$rc" != 0 ]
  check "pggit-audit-${st%% *} with a link below --outdir: named" contains "$T/st.out" "$T/stage-out/o/parts is a symbolic link"
  check "pggit-audit-${st%% *} with a link below --outdir: nothing written through it" [ -z "$(ls -A "$T/victim-dir")" ]
done

if [ "$FAILS" -ne 0 ]; then
  echo "$FAILS check(s) failed" >&2
  exit 1
fi
echo "all checks passed"
