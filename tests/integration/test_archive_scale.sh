#!/usr/bin/env bash
# test_archive_scale.sh - a hostile bag of 100,000 empty members, each listed in its manifest
# (under 1 MB of zstd): --verify and compare must read it in linear time. Each member name
# and each manifest line was looked up by a linear search (the duplicate checks, the
# manifest's own duplicate check, compare's manifest-to-member check): minutes of CPU.
source "$(dirname "$0")/lib.sh"
export TMPDIR="$PGA_TMP/tmp"
mkdir -p "$TMPDIR"
N=100000
EMPTY=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
BAG=pggit-audit-evidence-x
mkdir -p "$PGA_TMP/b/$BAG/data/workdir/export"
(cd "$PGA_TMP/b/$BAG/data/workdir/export" && seq -f 'f%07g' 0 $((N - 1)) | xargs touch)
printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' >"$PGA_TMP/b/$BAG/bagit.txt"
seq -f "$EMPTY  data/workdir/export/f%07g" 0 $((N - 1)) >"$PGA_TMP/b/$BAG/manifest-sha256.txt"
(cd "$PGA_TMP/b" && { echo "$BAG/bagit.txt"; echo "$BAG/manifest-sha256.txt"; seq -f "$BAG/data/workdir/export/f%07g" 0 $((N - 1)); } |
  tar --format=pax --owner=0 --group=0 --no-recursion -cf - -T -) | zstd -q >"$PGA_TMP/many.tar.zst"

# user CPU seconds of a command (its exit status ignored), killed after 120 s
cpu() { local TIMEFORMAT=%U; { time timeout 120 "$@" >"$PGA_TMP/last.out" 2>"$PGA_TMP/last.err" || true; } 2>&1 | tail -1; }
t=$(cpu "$PGA_BIN/pggit-audit-archive" --verify "$PGA_TMP/many.tar.zst")
assert_contains "verify read every member" "FAILED: $PGA_TMP/many.tar.zst: " "$(tail -1 "$PGA_TMP/last.out")"
[ "$(grep -c '^ADDED' "$PGA_TMP/last.out" || true)" -le 2 ] && ok "every member matched its manifest line" \
  || fail "members were not matched: $(head -3 "$PGA_TMP/last.out")"
awk -v t="$t" 'BEGIN { exit !(t < 15) }' && ok "verify of $N members in $t s of CPU" || fail "verify of $N members took $t s of CPU"

t=$(cpu "$PGA_BIN/pggit-audit-compare" "$PGA_TMP/many.tar.zst" "$PGA_TMP/many.tar.zst")
# every member matches the manifest: compare gets as far as the run's missing artifacts
assert_contains "compare read the archive to its artifacts" "no sidecar" "$(cat "$PGA_TMP/last.err")"
awk -v t="$t" 'BEGIN { exit !(t < 15) }' && ok "compare of two $N-member archives in $t s of CPU" \
  || fail "compare of two $N-member archives took $t s of CPU"
assert_eq "compare left nothing in TMPDIR" "" "$(ls -A "$TMPDIR")"
pga_finish
