#!/usr/bin/env bash
# test_archive.sh - evidence archives end to end: a run on a generated store is archived
# twice (byte-identical), the bag validates with sha256sum -c once unpacked, the
# archive's SHA-256 is recorded in the target (evidence_archives + chained
# compliance_log row), --verify names a changed, a missing and an added member and
# detects every flipped byte tried, a signature checks with its key and fails with
# another, and --extract refuses crafted archives ("..", absolute, symlink, hardlink,
# device, a duplicate member, a file with a member below it, a name the file system
# refuses) without writing anything outside (or inside) DIR, nor leaving a partial extraction,
# and refuses a stream damaged after its last member (trailing bytes, a second frame, a
# truncated or failed checksum) as --verify does.
source "$(dirname "$0")/lib.sh"

MANIFEST="$PGA_SOURCE_DIR/pipelines/backfill-v2.mk"
ARCHIVE="$PGA_BIN/pggit-audit-archive"
SRC=$(generated_store src 120 40 2)
TGT=$(new_db target)
W="$PGA_TMP/w"
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$W" >"$PGA_TMP/run.log" 2>&1 ||
  { cat "$PGA_TMP/run.log"; fail "pipeline run failed"; pga_finish; }
RUN_ID=$(sed -n 's/.*"run_id": "\([0-9a-f]*\)".*/\1/p' "$W/load/report.json")

# keys, made as docs/evidence.md says
K="$PGA_TMP/keys"; mkdir -p "$K"
for k in k1 k2; do
  openssl genpkey -algorithm ed25519 -out "$K/$k.pem" 2>/dev/null
  openssl pkey -in "$K/$k.pem" -pubout -out "$K/$k.pub"
done

# ---- create, determinism, record ----
A="$PGA_TMP/a1.tar.zst"
"$PGA_BIN/pggit-audit" archive --workdir "$W" -o "$A" --target "$TGT" --sign "$K/k1.pem" >"$PGA_TMP/create.out" 2>&1 ||
  { cat "$PGA_TMP/create.out"; fail "archive failed"; pga_finish; }
ok "archive written through the driver (pggit-audit archive)"
sleep 1
"$ARCHIVE" --workdir "$W" -o "$PGA_TMP/a2.tar.zst" --target "$TGT" --sign "$K/k1.pem" >/dev/null 2>&1
if cmp -s "$A" "$PGA_TMP/a2.tar.zst"; then ok "same work directory -> byte-identical archive"; else fail "archives differ"; fi
SHA=$(sha256sum "$A" | cut -d' ' -f1)
assert_eq "archive hash recorded once for the run (second archive of the same content adds nothing)" "1|$SHA" \
  "$(q "$TGT" "SELECT count(*), max(archive_sha256) FROM pggit_audit.evidence_archives WHERE run_id = '$RUN_ID'")"
assert_eq "a chained compliance_log row points at the evidence row and repeats its hash" "1" \
  "$(q "$TGT" "SELECT count(*) FROM pggit_audit.compliance_log l JOIN pggit_audit.evidence_archives e USING (evidence_id)
               WHERE l.run_id = '$RUN_ID' AND l.notes LIKE '%sha256:$SHA %' AND l.change_id IS NULL")"
assert_eq "hash chain intact" "" "$(q "$TGT" "SELECT * FROM pggit_audit.verify_log_chain()")"
expect_fail "evidence_archives is append-only (UPDATE)" q "$TGT" "UPDATE pggit_audit.evidence_archives SET archive_bytes = 1"
expect_fail "evidence_archives is append-only (DELETE)" q "$TGT" "DELETE FROM pggit_audit.evidence_archives"
expect_fail "the reader role may not record evidence" q "$TGT" "SET ROLE pggit_audit_reader; SELECT pggit_audit.record_evidence('r', repeat('a', 64), 1, repeat('b', 64), 'bag', 'v', 'PASSED')"
assert_eq "the verifier role may" "t" "$(q "$TGT" "SET ROLE pggit_audit_verifier; SELECT pggit_audit.record_evidence('r', repeat('a', 64), 1, repeat('b', 64), 'bag', 'v', 'PASSED') > 0" | tail -1)"
assert_eq "archive size recorded" "$(stat -c %s "$A")" "$(q "$TGT" "SELECT archive_bytes FROM pggit_audit.evidence_archives WHERE run_id = '$RUN_ID'")"

# ---- the bag, checked with generic tools ----
X="$PGA_TMP/x"; mkdir -p "$X"
tar --zstd -xf "$A" -C "$X"
BAG="$X/pggit-audit-evidence-$RUN_ID"
[ -d "$BAG/data" ] && ok "bag directory named after the run" || fail "no bag directory $BAG"
if (cd "$BAG" && sha256sum -c --quiet manifest-sha256.txt && sha256sum -c --quiet tagmanifest-sha256.txt); then
  ok "payload and tag manifests check with sha256sum -c"
else
  fail "sha256sum -c failed on the bag"
fi
assert_eq "bagit.txt declares BagIt 1.0" "BagIt-Version: 1.0" "$(head -1 "$BAG/bagit.txt")"
files=$(cd "$BAG" && find data -type f | wc -l)
bytes=$(cd "$BAG" && find data -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
assert_eq "Payload-Oxum matches the payload" "Payload-Oxum: $bytes.$files" "$(grep '^Payload-Oxum' "$BAG/bag-info.txt")"
assert_eq "every payload file is in the manifest" "$files" "$(wc -l <"$BAG/manifest-sha256.txt")"
for f in export/objects.csv.zst diff/commits.csv.zst classify/changes.csv.zst load/report.json verify/report.json \
         .pggit-audit/journal.ndjson .pggit-audit/manifest.mk logs/verify.log; do
  cmp -s "$W/$f" "$BAG/data/workdir/$f" && ok "archived $f" || fail "$f missing or different in the bag"
done
[ ! -e "$BAG/data/workdir/.pggit-audit/lock" ] && ok "run lock not archived" || fail "lock archived"
ev="$BAG/data/evidence.json"
assert_contains "evidence.json: tool version" '"version": "0.1.0"' "$(cat "$ev")"
assert_contains "evidence.json: target database" "\"database\": \"pga_test_archive_target\"" "$(cat "$ev")"
assert_contains "evidence.json: target system_identifier" "$(q "$TGT" "SELECT system_identifier FROM pg_control_system()")" "$(cat "$ev")"
assert_contains "evidence.json: source identity from export/source.json" '"database": "pga_test_archive_src"' "$(cat "$ev")"

# ---- verify ----
"$ARCHIVE" --verify "$A" --key "$K/k1.pub" --target "$TGT" >"$PGA_TMP/v.out" 2>&1 && ok "intact archive verifies (exit 0)" ||
  { cat "$PGA_TMP/v.out"; fail "intact archive does not verify"; }
assert_contains "signature checked" "ok: signature by key" "$(cat "$PGA_TMP/v.out")"
assert_contains "recorded hash checked" "recorded in the target as evidence_id" "$(cat "$PGA_TMP/v.out")"
assert_contains "the chain anchor the archive recorded still holds" "still has the row_hash the archive recorded" "$(cat "$PGA_TMP/v.out")"
assert_contains "bag-info.txt anchors the chain at the run's last verification row" "PgGit-Audit-Compliance-Chain-Anchor: $(q "$TGT" "SELECT log_id || ' ' || row_hash FROM pggit_audit.compliance_log WHERE evidence_id IS NULL ORDER BY log_id DESC LIMIT 1")" "$(cat "$BAG/bag-info.txt")"
assert_contains "the verified changes are as the verification read them back" "ok: every change run $RUN_ID verified is in the target" "$(cat "$PGA_TMP/v.out")"
# the owner of pggit_audit.changes rewrites a verified change: the hash chain pins the change
# by its id only (verify_log_chain() passes), the archived read-back catches it
CH=$(q "$TGT" "SELECT change_id FROM pggit_audit.changes WHERE verified AND new_definition IS NOT NULL ORDER BY commit_generation, path LIMIT 1")
OLD_DEF=$(q "$TGT" "SELECT md5(new_definition) FROM pggit_audit.changes WHERE change_id = '$CH'")
q "$TGT" "SET session_replication_role = replica; UPDATE pggit_audit.changes SET new_definition = new_definition || ' -- edited' WHERE change_id = '$CH'" >/dev/null
assert_eq "the rewrite leaves the chain valid" "0" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.verify_log_chain()")"
expect_fail "a verified change rewritten after its verification fails --verify --target" "$ARCHIVE" --verify "$A" --target "$TGT"
assert_contains "naming the change and the column" "RECORD change $CH (" "$(cat "$PGA_TMP/last.out")"
assert_contains "... new_definition rewritten" "its new_definition is not what the verification read back" "$(cat "$PGA_TMP/last.out")"
q "$TGT" "SET session_replication_role = replica; UPDATE pggit_audit.changes SET new_definition = left(new_definition, -length(' -- edited')) WHERE change_id = '$CH'" >/dev/null
assert_eq "the change is restored" "$OLD_DEF" "$(q "$TGT" "SELECT md5(new_definition) FROM pggit_audit.changes WHERE change_id = '$CH'")"
"$ARCHIVE" --verify "$A" --target "$TGT" >"$PGA_TMP/v2.out" 2>&1 && ok "restored, the archive verifies again" ||
  { cat "$PGA_TMP/v2.out"; fail "the restored target does not verify"; }
# the classification is part of the read-back: a verified change's severity (or its
# formatting_only flag) rewritten by the table's owner used to pass --verify --target
SEV=$(q "$TGT" "SELECT severity FROM pggit_audit.changes WHERE change_id = '$CH'")
q "$TGT" "SET session_replication_role = replica; UPDATE pggit_audit.changes SET severity = CASE WHEN severity = 'PATCH' THEN 'MAJOR' ELSE 'PATCH' END WHERE change_id = '$CH'" >/dev/null
expect_fail "a verified change's severity rewritten fails --verify --target" "$ARCHIVE" --verify "$A" --target "$TGT"
assert_contains "... naming the severity" "RECORD change $CH (" "$(cat "$PGA_TMP/last.out")"
assert_contains "... as the rewritten column" "its severity is not what the verification read back" "$(cat "$PGA_TMP/last.out")"
q "$TGT" "SET session_replication_role = replica; UPDATE pggit_audit.changes SET severity = '$SEV', formatting_only = NOT formatting_only WHERE change_id = '$CH'" >/dev/null
expect_fail "a verified change's formatting_only flipped fails --verify --target" "$ARCHIVE" --verify "$A" --target "$TGT"
assert_contains "... naming formatting_only" "its formatting_only is not what the verification read back" "$(cat "$PGA_TMP/last.out")"
q "$TGT" "SET session_replication_role = replica; UPDATE pggit_audit.changes SET formatting_only = NOT formatting_only WHERE change_id = '$CH'" >/dev/null
"$ARCHIVE" --verify "$A" --target "$TGT" >"$PGA_TMP/v3.out" 2>&1 && ok "restored again, the archive verifies" ||
  { cat "$PGA_TMP/v3.out"; fail "the restored classification does not verify"; }
expect_fail "signature made with k1 fails with k2" "$ARCHIVE" --verify "$A" --key "$K/k2.pub"
assert_contains "bad signature named" "BADSIG signature.intoto.dsse.json" "$(cat "$PGA_TMP/last.out")"
"$ARCHIVE" --workdir "$W" -o "$PGA_TMP/unsigned.tar.zst" >/dev/null 2>&1
expect_fail "--key on an unsigned archive fails" "$ARCHIVE" --verify "$PGA_TMP/unsigned.tar.zst" --key "$K/k1.pub"
assert_contains "missing signature named" "MISSING signature.intoto.dsse.json" "$(cat "$PGA_TMP/last.out")"

# repack the unpacked bag (same member order) after an edit, with tar + zstd
repack() { # OUT: tar the tree in $X in the archive's member order
  tar -tf "$A" --zstd >"$PGA_TMP/order"
  [ -n "${EXTRA:-}" ] && echo "$EXTRA" >>"$PGA_TMP/order"
  (cd "$X" && grep -vxF "${DROP:-//none//}" "$PGA_TMP/order" | tar --format=pax --owner=0 --group=0 --no-recursion -cf - -T -) | zstd -q >"$1"
}
CH="pggit-audit-evidence-$RUN_ID/data/workdir/classify/changes.csv.zst"
cp "$X/$CH" "$PGA_TMP/changes.orig"
printf 'X' | dd of="$X/$CH" bs=1 seek=100 conv=notrunc 2>/dev/null
repack "$PGA_TMP/changed.tar.zst"
cp "$PGA_TMP/changes.orig" "$X/$CH"
expect_fail "a changed member is detected" "$ARCHIVE" --verify "$PGA_TMP/changed.tar.zst"
assert_contains "and named" "CHANGED data/workdir/classify/changes.csv.zst" "$(cat "$PGA_TMP/last.out")"
DROP="pggit-audit-evidence-$RUN_ID/data/workdir/diff/commits.csv.zst" repack "$PGA_TMP/missing.tar.zst"
expect_fail "a missing member is detected" "$ARCHIVE" --verify "$PGA_TMP/missing.tar.zst"
assert_contains "and named" "MISSING data/workdir/diff/commits.csv.zst" "$(cat "$PGA_TMP/last.out")"
set +e; "$PGA_BIN/pggit-audit" compare "$PGA_TMP/missing.tar.zst" "$W" >"$PGA_TMP/last.out" 2>&1; rc=$?; set -e
assert_eq "compare calls an archive missing a listed member damaged (exit 2), not a difference" "2" "$rc"
assert_contains "and names the member" "data/workdir/diff/commits.csv.zst is listed in manifest-sha256.txt but missing" "$(cat "$PGA_TMP/last.out")"
# a manifest that decompresses to gigabytes (a few KB of zstd): compare read it whole into
# memory; it is refused past the tag-file limit, as --verify refuses it, naming the member
B="$PGA_TMP/bomb/pggit-audit-evidence-$RUN_ID"; mkdir -p "$B"
head -c $((300 << 20)) /dev/zero | tr '\0' 'a' >"$B/manifest-sha256.txt"
(cd "$PGA_TMP/bomb" && tar --format=pax -cf - "pggit-audit-evidence-$RUN_ID/manifest-sha256.txt") | zstd -q >"$PGA_TMP/bomb.tar.zst"
rm -rf "$PGA_TMP/bomb"
set +e; (ulimit -v 262144; "$PGA_BIN/pggit-audit-compare" "$PGA_TMP/bomb.tar.zst" "$W") >"$PGA_TMP/last.out" 2>&1; rc=$?; set -e
assert_eq "compare refuses an archive whose manifest is a decompression bomb (exit 2)" "2" "$rc"
assert_contains "naming the member and the limit" "member pggit-audit-evidence-$RUN_ID/manifest-sha256.txt is larger than" "$(cat "$PGA_TMP/last.out")"
# a row artifact compare copies to a temporary directory: its declared size was not looked
# at, so one of zeros (a few KB of zstd per GB) filled that disk, and one past the file size
# limit had compare killed by SIGXFSZ with its temporary directory left (3 MiB under a 1 MiB
# limit here). Both are refused before a byte is copied; the free-space case is shown with a
# sparse member (a real one would take the disk), under the same limit so that a regression
# dies early instead of filling the disk.
for kind in big huge; do
  B="$PGA_TMP/bigrow/pggit-audit-evidence-$RUN_ID/data/workdir/diff"; mkdir -p "$B" "$PGA_TMP/ctmp"
  if [ $kind = big ]; then head -c $((3 << 20)) /dev/zero >"$B/commits.csv.zst"
  else truncate -s $(( $(df --output=avail -B1 "$PGA_TMP/ctmp" | tail -1) + (16 << 30) )) "$B/commits.csv.zst"; fi
  (cd "$PGA_TMP/bigrow" && tar --format=pax --sparse -cf - "pggit-audit-evidence-$RUN_ID/data/workdir/diff/commits.csv.zst") | zstd -q >"$PGA_TMP/bigrow.tar.zst"
  rm -rf "$PGA_TMP/bigrow"
  set +e; (ulimit -f 1024; TMPDIR="$PGA_TMP/ctmp" "$PGA_BIN/pggit-audit-compare" "$PGA_TMP/bigrow.tar.zst" "$W") >"$PGA_TMP/last.out" 2>&1; rc=$?; set -e
  assert_eq "compare refuses a row artifact bigger than its room ($kind, exit 2)" "2" "$rc"
  assert_contains "naming the member ($kind)" "data/workdir/diff/commits.csv.zst holds" "$(cat "$PGA_TMP/last.out")"
  [ $kind = big ] && assert_contains "the file size limit is the reason" "more than the file size limit" "$(cat "$PGA_TMP/last.out")"
  [ $kind = huge ] && assert_contains "the free space is the reason" "bytes free in $PGA_TMP/ctmp/pggit-audit-compare-" "$(cat "$PGA_TMP/last.out")"
  assert_eq "no temporary directory left ($kind)" "" "$(ls -A "$PGA_TMP/ctmp")"
done
echo extra >"$X/pggit-audit-evidence-$RUN_ID/data/workdir/extra.txt"
EXTRA="pggit-audit-evidence-$RUN_ID/data/workdir/extra.txt" repack "$PGA_TMP/added.tar.zst"
rm "$X/pggit-audit-evidence-$RUN_ID/data/workdir/extra.txt"
expect_fail "an added member is detected" "$ARCHIVE" --verify "$PGA_TMP/added.tar.zst"
assert_contains "and named" "ADDED data/workdir/extra.txt" "$(cat "$PGA_TMP/last.out")"
assert_contains "Payload-Oxum disagrees too" "Payload-Oxum" "$(cat "$PGA_TMP/last.out")"

# a member below another member, which is a file: every manifest, Payload-Oxum and the tag
# manifest agree, so --verify said "ok" of an archive that --extract refuses and that no work
# directory can hold (compare read both as files of the run)
BG="pggit-audit-evidence-$RUN_ID"; CL="$PGA_TMP/clash"; mkdir -p "$CL"; cp -r "$X/$BG" "$CL/"
echo below >"$PGA_TMP/below.txt"
echo "$(sha256sum "$PGA_TMP/below.txt" | cut -d' ' -f1)  data/workdir/load/report.json/below.txt" >>"$CL/$BG/manifest-sha256.txt"
read -r OXB OXN < <(sed -n 's/^Payload-Oxum: \([0-9]*\)\.\([0-9]*\).*/\1 \2/p' "$CL/$BG/bag-info.txt")
sed -i "s/^Payload-Oxum: .*/Payload-Oxum: $((OXB + 6)).$((OXN + 1))/" "$CL/$BG/bag-info.txt"
(cd "$CL/$BG" && sha256sum bagit.txt bag-info.txt manifest-sha256.txt >tagmanifest-sha256.txt)
tar -tf "$A" --zstd >"$PGA_TMP/order"
(cd "$CL" && tar --format=pax --owner=0 --group=0 --no-recursion -cf "$PGA_TMP/clash.tar" -T "$PGA_TMP/order")
tar --format=pax --owner=0 --group=0 -rf "$PGA_TMP/clash.tar" -C "$PGA_TMP" \
  --transform "s,^below.txt\$,$BG/data/workdir/load/report.json/below.txt," below.txt
zstd -q --rm "$PGA_TMP/clash.tar"
expect_fail "a member below a file member is detected" "$ARCHIVE" --verify "$PGA_TMP/clash.tar.zst"
assert_eq "as the one problem, named" \
  "UNSAFE $BG/data/workdir/load/report.json/below.txt: below $BG/data/workdir/load/report.json, a file|FAILED: $PGA_TMP/clash.tar.zst: 1 problem" \
  "$(grep -v '^note: ' "$PGA_TMP/last.out" | paste -sd'|')"
set +e; "$PGA_BIN/pggit-audit-compare" "$PGA_TMP/clash.tar.zst" "$W" >"$PGA_TMP/last.out" 2>&1; rc=$?; set -e
assert_eq "compare calls it damaged (exit 2)" "2" "$rc"
assert_contains "naming the member" "member $BG/data/workdir/load/report.json/below.txt lies below" "$(cat "$PGA_TMP/last.out")"
rm -rf "$CL"

# a hard link among the members (tar keeps it as a reference to another member, no data):
# --verify refuses it as no regular file, and compare read it as an empty file of the run
HL="$PGA_TMP/hardlinked"; mkdir -p "$HL"; cp -r "$X/$BG" "$HL/"
ln "$HL/$BG/bagit.txt" "$HL/$BG/data/workdir/again.txt"
(cd "$HL" && tar --format=pax --owner=0 --group=0 -cf "$PGA_TMP/hardlinked.tar" "$BG")
tar -tvf "$PGA_TMP/hardlinked.tar" | grep -q '^h' || fail "the crafted archive holds no hard link member"
zstd -q --rm "$PGA_TMP/hardlinked.tar"
set +e; "$PGA_BIN/pggit-audit-compare" "$PGA_TMP/hardlinked.tar.zst" "$W" >"$PGA_TMP/last.out" 2>&1; rc=$?; set -e
assert_eq "compare calls an archive with a hard-link member damaged (exit 2), as --verify does" "2" "$rc"
assert_contains "naming it" "is unsafe or not a regular file" "$(cat "$PGA_TMP/last.out")"
rm -rf "$HL"

# the bag directory's name is in no manifest: renamed (here to another run's), the signed
# archive verified; bag-info.txt, which the signature covers, says which run it names
tar -tf "$A" --zstd >"$PGA_TMP/order"
(cd "$X" && tar --format=pax --owner=0 --group=0 --no-recursion \
  --transform "s,^pggit-audit-evidence-$RUN_ID/,pggit-audit-evidence-ffffffffffffffffffffffffffffffff/," \
  -cf - -T "$PGA_TMP/order") | zstd -q >"$PGA_TMP/renamed.tar.zst"
expect_fail "a renamed bag directory is detected" "$ARCHIVE" --verify "$PGA_TMP/renamed.tar.zst" --key "$K/k1.pub"
assert_contains "and named" "CHANGED pggit-audit-evidence-ffffffffffffffffffffffffffffffff/: the bag directory of run $RUN_ID" \
  "$(cat "$PGA_TMP/last.out")"

# ---- one flipped byte anywhere ----
size=$(stat -c %s "$A")
offsets="0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"
for i in $(seq 1 40); do offsets="$offsets $(( (size - 1) * i / 40 ))"; done
offsets="$offsets $((size - 3)) $((size - 2)) $((size - 1))"
undetected=0 unnamed=0 tried=0 same_content=0
zstd -qdc "$A" >"$PGA_TMP/a1.tar"
for off in $offsets; do
  cp "$A" "$PGA_TMP/flip.tar.zst"
  b=$(od -An -tu1 -j "$off" -N1 "$A" | tr -d ' ')
  printf "\\$(printf '%03o' $((b ^ 1)))" | dd of="$PGA_TMP/flip.tar.zst" bs=1 seek="$off" conv=notrunc 2>/dev/null
  tried=$((tried + 1))
  if "$ARCHIVE" --verify "$PGA_TMP/flip.tar.zst" --target "$TGT" >"$PGA_TMP/flip.out" 2>&1; then
    undetected=$((undetected + 1)); echo "# byte $off flipped: not detected" >&2
  elif ! grep -qE '^(DAMAGED|CHANGED|MISSING|ADDED|UNSAFE|BADSIG|RECORD) ' "$PGA_TMP/flip.out"; then
    unnamed=$((unnamed + 1)); echo "# byte $off flipped: detected but not named: $(head -2 "$PGA_TMP/flip.out")" >&2
  fi
  # the archive alone (no database) shows every flip that changes what it holds: the zstd
  # frame carries a content checksum, so a flip into a tar block's zero padding fails it
  # too. A flip zstd decodes to the very same bytes (a frame-header field, a bit the
  # decoder never reads) changes nothing in the archive's content: only the recorded
  # hash (--target, above) can show it
  if "$ARCHIVE" --verify "$PGA_TMP/flip.tar.zst" >/dev/null 2>&1; then
    if zstd -qdc "$PGA_TMP/flip.tar.zst" 2>/dev/null | cmp -s - "$PGA_TMP/a1.tar"; then
      same_content=$((same_content + 1))
    else
      undetected=$((undetected + 1)); echo "# byte $off flipped: content changed, not detected without --target" >&2
    fi
  fi
done
assert_eq "every one of $tried flipped bytes detected ($same_content left the content as it was: --target only)" "0" "$undetected"
# the frame has a content checksum (a flip into zero padding is a changed content)
assert_contains "the archive's zstd frame carries a content checksum" "XXH64" "$(zstd -lv "$A" 2>&1)"
assert_eq "every detection names what is wrong" "0" "$unnamed"
# a flip that leaves the content intact (the zstd window-size field) is caught by the recorded hash
cp "$A" "$PGA_TMP/flip.tar.zst"
b=$(od -An -tu1 -j 5 -N1 "$A" | tr -d ' ')
printf "\\$(printf '%03o' $((b ^ 1)))" | dd of="$PGA_TMP/flip.tar.zst" bs=1 seek=5 conv=notrunc 2>/dev/null
expect_fail "frame-header flip detected with --target" "$ARCHIVE" --verify "$PGA_TMP/flip.tar.zst" --target "$TGT"
assert_contains "as a hash that differs from the recorded one" "RECORD archive sha256" "$(cat "$PGA_TMP/last.out")"

# ---- extract ----
"$ARCHIVE" --extract "$A" "$PGA_TMP/ex" >/dev/null 2>&1 && ok "extract of the real archive" || fail "extract failed"
if (cd "$PGA_TMP/ex/pggit-audit-evidence-$RUN_ID" && sha256sum -c --quiet manifest-sha256.txt); then
  ok "extracted bag checks with sha256sum -c"; else fail "extracted bag does not check"; fi

# under umask 077 nothing extracted is readable by others, DIR itself included (it was
# chmod'ed to 0755 whatever the umask)
(umask 077; "$ARCHIVE" --extract "$A" "$PGA_TMP/ex077" >/dev/null 2>&1) && ok "extract under umask 077" || fail "extract under umask 077 failed"
assert_eq "umask 077: DIR and every member are private" "" \
  "$(find "$PGA_TMP/ex077" -perm /077 -printf '%m %P\n' | head -3)"

# crafted archives, one hostile member kind each, built with GNU tar + zstd
C="$PGA_TMP/craft"; OUT="$PGA_TMP/outside"; mkdir -p "$C/src/linkx" "$OUT"
echo payload >"$C/src/payload.txt"; echo pwned >"$C/src/linkx/pwned.txt"
ln -s "$OUT" "$C/src/link"
ln "$C/src/payload.txt" "$C/src/hard.txt"
craft() { # NAME TAR-ARGS...: $C/NAME.tar.zst from $C/src
  local name=$1; shift
  (cd "$C/src" && tar --format=pax -P "$@" -cf - ) | zstd -q >"$C/$name.tar.zst"
}
craft dotdot --transform 's,^payload.txt$,bag/../../outside/dotdot.txt,' payload.txt
craft absolute --transform "s,^payload.txt\$,$OUT/absolute.txt," payload.txt
craft symlink --transform 's,^linkx/,link/,' link linkx/pwned.txt
craft hardlink --transform 's,^payload.txt$,../outside/victim.txt,' payload.txt hard.txt
craft device --transform 's,^/dev/null$,bag/null,' /dev/null
# members that are each safe but cannot all be written: written in order, the first ones
# would be on disk when a later one fails
echo second >"$C/src/second.txt"; mkdir -p "$C/src/d"; echo below >"$C/src/d/below.txt"
craft dup --transform 's,^payload.txt$,bag/a.txt,;s,^second.txt$,bag/a.txt,' payload.txt d/below.txt second.txt
craft file_then_dir --transform 's,^payload.txt$,bag/a,;s,^d/below.txt$,bag/a/b,' payload.txt d/below.txt
craft dir_then_file --transform 's,^d/below.txt$,bag/a/b,;s,^payload.txt$,bag/a,' d/below.txt payload.txt
# a 300-byte name component: no pass-1 rule refuses it, the file system does (ENAMETOOLONG)
# after bag/first.txt is written, so only the temporary directory keeps DIR clean
LONG=$(printf 'x%.0s' $(seq 300))
craft longname --transform "s,^second.txt\$,bag/first.txt,;s,^payload.txt\$,bag/$LONG/y," second.txt payload.txt
declare -A WHY=([dotdot]="UNSAFE bag/../../outside/dotdot.txt: '..' component"
  [absolute]="UNSAFE $OUT/absolute.txt: absolute path" [symlink]="UNSAFE link: symbolic link"
  [hardlink]="UNSAFE hard.txt: hard link" [device]="UNSAFE bag/null: device"
  [dup]="UNSAFE bag/a.txt: duplicate member" [file_then_dir]="UNSAFE bag/a/b: below bag/a, a file"
  [dir_then_file]="UNSAFE bag/a/b: below bag/a, a file" [longname]="cannot extract bag/xxx")
for kind in dotdot absolute symlink hardlink device dup file_then_dir dir_then_file longname; do
  dest="$PGA_TMP/dest-$kind"
  expect_fail "crafted archive ($kind) refused" "$ARCHIVE" --extract "$C/$kind.tar.zst" "$dest"
  assert_contains "its unsafe member is named ($kind)" "${WHY[$kind]}" "$(cat "$PGA_TMP/last.out" "$PGA_TMP/last.err")"
  [ ! -e "$dest" ] || [ -z "$(ls -A "$dest")" ] && ok "nothing extracted ($kind)" || fail "files extracted from $kind: $(cd "$dest" && find . -type f | head -3)"
done
assert_eq "no temporary extraction directory left behind" "" "$(ls -A "$PGA_TMP" | grep -F -- '.extract-' || true)"
# members bigger than the room they need: a member of zeros (a few KB of zstd per GB) was
# written until the disk was full; a member bigger than the file size limit had the process
# killed by SIGXFSZ half-way, its temporary directory left behind (3 MiB under 1 MiB here).
# Both are refused before anything is written; the free-space case is shown with a sparse
# member (a real one would take the disk), under the same limit so that a regression dies
# early instead of filling the disk.
BIGC="$PGA_TMP/bigcraft"; mkdir -p "$BIGC/src"
truncate -s $(( $(df --output=avail -B1 "$BIGC" | tail -1) + (16 << 30) )) "$BIGC/src/huge.bin"
truncate -s 3M "$BIGC/src/big.bin"
(cd "$BIGC/src" && tar --format=pax --sparse --transform 's,^huge.bin$,bag/data/huge.bin,' -cf - huge.bin) | zstd -q >"$BIGC/huge.tar.zst"
(cd "$BIGC/src" && tar --format=pax --transform 's,^big.bin$,bag/data/big.bin,' -cf - big.bin) | zstd -q >"$BIGC/big.tar.zst"
rm -f "$BIGC"/src/*.bin
declare -A BIGWHY=([huge]="more than the" [big]="member bag/data/big.bin holds 3145728 bytes, more than the file size limit")
for kind in huge big; do
  expect_fail "a member bigger than its room ($kind) refused" bash -c 'ulimit -f 1024; exec "$@"' _ "$ARCHIVE" --extract "$BIGC/$kind.tar.zst" "$BIGC/dest-$kind"
  assert_contains "and said why ($kind)" "${BIGWHY[$kind]}" "$(cat "$PGA_TMP/last.err")"
  [ "$kind" = huge ] && assert_contains "the free space is the reason (huge)" "bytes free where $BIGC/dest-huge goes; nothing extracted" "$(cat "$PGA_TMP/last.err")"
  assert_eq "nothing written ($kind)" "" "$(ls -A "$BIGC" | grep -v -e '^src$' -e '\.tar\.zst$' || true)"
done
# a DIR holding anything is refused up front: the extraction is renamed into place whole
expect_fail "extract into a directory that is not empty refused" "$ARCHIVE" --extract "$A" "$PGA_TMP/ex"
assert_contains "saying so" "not empty" "$(cat "$PGA_TMP/last.err")"
assert_eq "nothing written outside DIR" "" "$(ls -A "$OUT")"
expect_fail "verify also refuses the crafted archive" "$ARCHIVE" --verify "$C/dotdot.tar.zst"
assert_contains "naming the member" "UNSAFE bag/../../outside/dotdot.txt" "$(cat "$PGA_TMP/last.out")"

# a member name holding a newline and terminal escapes is named on one line, escaped: raw,
# the second half read like a line of its own and the ESC sequences reached the terminal
one_line_escaped() { # WHAT FILE NEEDLE: FILE holds NEEDLE, no ESC byte, no line starting "FAKE"
  assert_contains "$1: the name escaped on its line" "$3" "$(cat "$2")"
  if grep -q $'\x1b' "$2"; then fail "$1: a raw ESC byte reached the output"; else ok "$1: no raw ESC byte"; fi
  if grep -q '^FAKE' "$2"; then fail "$1: the name broke the line"; else ok "$1: one line"; fi
}
name=$(printf 'bag/evil\nFAKE\033[2J\302\23331m')
mkdir -p "$C/ctl/bag" && echo x >"$C/ctl/$name"
(cd "$C/ctl" && tar --format=pax -cf - "$name") | zstd -q >"$C/ctrlname.tar.zst"
expect_fail "verify refuses a member named with a newline and escapes" "$ARCHIVE" --verify "$C/ctrlname.tar.zst"
one_line_escaped "verify" "$PGA_TMP/last.out" 'UNSAFE "bag/evil\nFAKE\x1b[2J\xc2\x9b31m": control character in the name'
expect_fail "extract refuses it" "$ARCHIVE" --extract "$C/ctrlname.tar.zst" "$PGA_TMP/dest-ctrl"
one_line_escaped "extract" "$PGA_TMP/last.out" 'UNSAFE "bag/evil\nFAKE\x1b[2J\xc2\x9b31m": control character in the name'
expect_fail "compare refuses it" "$PGA_BIN/pggit-audit-compare" "$C/ctrlname.tar.zst" "$C/ctrlname.tar.zst"
one_line_escaped "compare" "$PGA_TMP/last.err" 'member "bag/evil\nFAKE\x1b[2J\xc2\x9b31m" is unsafe'

# a damaged stream after the last member (which --verify calls DAMAGED) is not extracted
# either: bytes after the zstd frame, a second frame holding another member, non-zero
# bytes after the end-of-archive marker, a lost or changed content checksum
D="$PGA_TMP/damaged"; mkdir -p "$D"
{ cat "$A"; echo garbage; } >"$D/trailing.tar.zst"
printf 'extra\n' >"$C/src/extra.txt"
(cd "$C/src" && tar --format=pax --transform "s,^extra.txt\$,pggit-audit-evidence-$RUN_ID/extra.txt," -cf - extra.txt) | zstd -q >"$D/frame.tar.zst"
cat "$A" "$D/frame.tar.zst" >"$D/second_frame.tar.zst"
{ cat "$PGA_TMP/a1.tar"; printf 'EVIL'; head -c 508 /dev/zero; } | zstd -q --check >"$D/after_eoa.tar.zst"
head -c $(($(stat -c %s "$A") - 1)) "$A" >"$D/truncated.tar.zst"
cp "$A" "$D/checksum.tar.zst"
off=$(($(stat -c %s "$A") - 2)); b=$(od -An -tu1 -j "$off" -N1 "$A" | tr -d ' ')
printf "\\$(printf '%03o' $((b ^ 1)))" | dd of="$D/checksum.tar.zst" bs=1 seek="$off" conv=notrunc 2>/dev/null
declare -A DAMAGE=([trailing]="bytes after the end of the zstd frame" [second_frame]="bytes after the end of the zstd frame"
  [after_eoa]="non-zero bytes after the end-of-archive marker" [truncated]="the zstd stream is truncated"
  [checksum]="checksum")
for kind in trailing second_frame after_eoa truncated checksum; do
  expect_fail "verify calls the archive damaged ($kind)" "$ARCHIVE" --verify "$D/$kind.tar.zst"
  dest="$D/dest-$kind"
  expect_fail "damaged archive not extracted ($kind)" "$ARCHIVE" --extract "$D/$kind.tar.zst" "$dest"
  assert_contains "the damage is named ($kind)" "${DAMAGE[$kind]}" "$(cat "$PGA_TMP/last.err")"
  [ ! -e "$dest" ] && ok "no DIR ($kind)" || fail "$kind: extracted into $dest: $(cd "$dest" && find . -type f | head -3)"
done
assert_eq "no temporary extraction directory left behind (damaged streams)" "" "$(ls -A "$D" | grep -F -- '.extract-' || true)"
# a DIR holding anything is refused before the archive is read (even a damaged one)
expect_fail "extract of a damaged archive into a directory that is not empty" "$ARCHIVE" --extract "$D/trailing.tar.zst" "$PGA_TMP/ex"
assert_contains "is refused for DIR first" "not empty" "$(cat "$PGA_TMP/last.err")"

# a file whose name the archive's own --verify and --extract would refuse is refused when
# the archive is written (it was written and recorded, then called UNSAFE)
cp -r "$W" "$PGA_TMP/wname"
touch "$PGA_TMP/wname/logs/note\\2.log"
expect_fail "a work directory file named with a backslash is refused" \
  "$ARCHIVE" --workdir "$PGA_TMP/wname" -o "$PGA_TMP/wname.tar.zst"
assert_contains "naming the file" 'logs/note\\2.log": backslash in the name' "$(cat "$PGA_TMP/last.err")"
[ ! -e "$PGA_TMP/wname.tar.zst" ] && ok "no archive written" || fail "archive written with an unsafe name"
rm "$PGA_TMP/wname/logs/note\\2.log"; touch "$PGA_TMP/wname/logs/note"$'\n'"FAKE"$'\x1b'"[2J.log"
expect_fail "a work directory file named with a newline is refused" \
  "$ARCHIVE" --workdir "$PGA_TMP/wname" -o "$PGA_TMP/wname.tar.zst"
assert_contains "saying why" "control character in the name" "$(cat "$PGA_TMP/last.err")"
one_line_escaped "archive" "$PGA_TMP/last.err" 'wname/logs/note\nFAKE\x1b[2J.log": control character in the name'

# a --target the run never loaded into (no change, version or compliance_log row of the
# run) is refused before anything is written or recorded there: it got a PASSED evidence
# row that --verify --target then vouched for
OTHER=$(new_db other)
PGGIT_AUDIT_TARGET="$OTHER" "$PGA_BIN/pggit-audit-install-schema" -q --sql "$PGA_SOURCE_DIR/sql/pggit_audit_schema.sql"
expect_fail "archive with a target that holds nothing of the run is refused" \
  "$ARCHIVE" --workdir "$W" -o "$PGA_TMP/other.tar.zst" --target "$OTHER"
assert_contains "saying so" "the target holds no row of run $RUN_ID" "$(cat "$PGA_TMP/last.err")"
assert_eq "nothing recorded in that target" "0|0" \
  "$(q "$OTHER" "SELECT (SELECT count(*) FROM pggit_audit.evidence_archives), (SELECT count(*) FROM pggit_audit.compliance_log)")"
[ ! -e "$PGA_TMP/other.tar.zst" ] && ok "no archive written" || fail "archive written for a target without the run"

# --verify --target against another audit database is not called a rewritten log: the same
# store loaded there (same run id and log ids, other hashes), or a later copy of it (another run)
T_SAME=$(new_db same_store); T_LATER=$(new_db later_store); SRC_LATER=$(new_db src_later)
pg_dump -d "$SRC" -Fc -f "$PGA_TMP/src.dump"; pg_restore -d "$SRC_LATER" "$PGA_TMP/src.dump"
q "$SRC_LATER" "SELECT pggit_sample.append_commits(5)" >/dev/null
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$T_SAME" --workdir "$PGA_TMP/w_same" >/dev/null 2>&1 ||
  fail "run into a second target failed"
"$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC_LATER" --target "$T_LATER" --workdir "$PGA_TMP/w_later" >/dev/null 2>&1 ||
  fail "run of the later store failed"
expect_fail "verify against a database holding the same store's run fails" "$ARCHIVE" --verify "$A" --target "$T_SAME"
assert_contains "saying the target does not record this archive" \
  "the target does not record this archive, so either --target is not the database it was made against" "$(cat "$PGA_TMP/last.out")"
expect_fail "verify against a database holding another run fails" "$ARCHIVE" --verify "$A" --target "$T_LATER"
assert_contains "saying the anchored row belongs to another run" "belongs to run $(sed -n 's/.*"run_id": "\([0-9a-f]*\)".*/\1/p' "$PGA_TMP/w_later/load/report.json"), not to the archive's run $RUN_ID" \
  "$(cat "$PGA_TMP/last.out")"
assert_eq "neither says the log was rewritten for certain" "" \
  "$(grep -h ': the log was rewritten up to that row' "$PGA_TMP/last.out" || true)"

# a superuser rewrites a compliance_log row and re-hashes the whole chain and its head:
# verify_log_chain() cannot tell, the chain head the archive recorded can
q "$TGT" "SET session_replication_role = replica;
  UPDATE pggit_audit.compliance_log SET notes = 'forged' WHERE log_id = (SELECT min(log_id) FROM pggit_audit.compliance_log);
  DO \$\$ DECLARE r record; prev text := pggit_audit.compliance_chain_genesis(); last bigint; BEGIN
    FOR r IN SELECT * FROM pggit_audit.compliance_log ORDER BY log_id LOOP
      UPDATE pggit_audit.compliance_log SET prev_hash = prev,
             row_hash = pggit_audit.compliance_row_hash(prev, r.log_id, r.change_id, r.verified_at, r.verified_by,
                                                        r.verification_status, r.notes, r.run_id, r.created_at)
       WHERE log_id = r.log_id RETURNING row_hash INTO prev;
      last := r.log_id;
    END LOOP;
    UPDATE pggit_audit.compliance_chain_head SET last_log_id = last, last_hash = prev;
  END \$\$;" >/dev/null
assert_eq "the re-hashed chain passes verify_log_chain()" "0" "$(q "$TGT" "SELECT count(*) FROM pggit_audit.verify_log_chain()")"
expect_fail "the re-hashed chain is caught by the archive's anchor" "$ARCHIVE" --verify "$A" --target "$TGT"
assert_contains "saying the log was rewritten" "the log was rewritten up to that row and re-hashed" "$(cat "$PGA_TMP/last.out")"

# ---- the archive holds the work directory's run lock while it reads: a run started
# between its hashing and its packing is refused (it would change files under the bag) ----
PGGIT_AUDIT_FAULT=archive-before-pack:stop "$ARCHIVE" --workdir "$W" -o "$PGA_TMP/a3.tar.zst" >"$PGA_TMP/a3.out" 2>&1 & APID=$!
archive_stopped() { [ "$(ps -o stat= -p "$APID" 2>/dev/null | cut -c1)" = T ] || ! kill -0 "$APID" 2>/dev/null; }
wait_until 120 archive_stopped || true
if "$PGA_BIN/pggit-audit" run "$MANIFEST" --source "$SRC" --target "$TGT" --workdir "$W" >"$PGA_TMP/run-during.log" 2>&1; then
  fail "a run went ahead while the archive was reading the work directory"
else
  assert_contains "the run refused names the archive's pid" "$APID" "$(cat "$PGA_TMP/run-during.log")"
fi
kill -CONT "$APID"
wait "$APID" && ok "the archive finished after the refused run" || { cat "$PGA_TMP/a3.out"; fail "the stopped archive failed"; }
"$ARCHIVE" --verify "$PGA_TMP/a3.tar.zst" >/dev/null 2>&1 && ok "that archive verifies" || fail "that archive does not verify"
[ ! -e "$W/.pggit-audit/lock" ] && ok "the archive released the lock" || fail "lock file left behind"

pga_finish
