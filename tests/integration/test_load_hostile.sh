#!/usr/bin/env bash
# test_load_hostile.sh - the load with hostile text in definitions, paths, names and messages:
# newlines, COPY's end marker "\." on a line of its own, quotes, backslashes, tabs, a lone CR and
# an 8 MB definition, loaded with the default bounds and with batches of a few rows (so rows
# with "\." start batches). Every text column in the target must be the artifact's, byte for
# byte (by SHA-256), and the verification must pass. Then: a batch that a constraint of the
# target refuses in the middle of the load leaves no half batch and a load that resumes to the
# same rows; and an artifact whose sidecar was rewritten around bytes that are not UTF-8, or
# around a value its column's type refuses, is refused naming the artifact's row (COPY's
# CONTEXT names a line of the batch, which is not the row once rows hold newlines).
source "$(dirname "$0")/lib.sh"

SRC=$(new_shape_source src)
psql "$SRC" -qX -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $do$
DECLARE tip text; ts bigint := 1700000000; ps text[]; cs text[];
BEGIN
  ps := ARRAY['app.nl', 'app.copyend', 'app.copyendonly', 'app."q""uote"', 'app.bs', 'app.tab', 'app.big',
              E'app."new\nline"', E'app."ta\tb"', E'app."\\."', E'app."\\.\n"', E'app."cr\rx"'];
  cs := ARRAY[E'CREATE TABLE app.nl (\n  id int\n);\n', E'CREATE TABLE app.ce (id int);\n\\.\n-- after', E'\\.',
              E'CREATE TABLE app."q""uote" (id int); COMMENT ON TABLE app."q""uote" IS ''it''''s "x"'';',
              E'CREATE TABLE app.bs (id int); -- \\ \\\\ \\N \\t \\.', E'CREATE\tTABLE\tapp.tab\t(id int);\t',
              'CREATE TABLE app.big (id int); COMMENT ON TABLE app.big IS ''' || repeat(E'\n\\.\n"\t\\,', 1000000) || ''';',
              E'CREATE TABLE app."new\nline" (id int);', E'CREATE TABLE app."ta\tb" (id int);', E'CREATE TABLE app."\\." (id int);',
              E'CREATE TABLE app."\\.\n" (id int);', E'CREATE TABLE app."cr\rx" (id int);'];
  tip := pga_shape.commit(pga_shape.tree(ps, cs), '{}', E'first\n\\.\n"q" \\ \t,end', ts, '+0000', E'A "q" \\ <a@example.com>');
  SELECT array_agg(p), array_agg(c || E'\n-- v2 \\.\n\\.') INTO ps, cs FROM unnest(ps, cs) u(p, c);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ps, cs), ARRAY[tip], E'\\.', ts + 10);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.nl', 'app.copyendonly'], ARRAY[NULL, NULL]),
                          ARRAY[tip], E'\\.\n', ts + 20);
  PERFORM pga_shape.ref('refs/heads/main', tip);
END $do$;
SQL
W=$PGA_TMP/w
stage() { "$PGA_BIN/pggit-audit-$1" -q "${@:2}" 2>"$PGA_TMP/stage.err" || { cat "$PGA_TMP/stage.err"; fail "$1 failed"; pga_finish; }; }
stage export --source "$SRC" --outdir "$W/export"
stage diff --export "$W/export" --outdir "$W/diff"
stage classify --diff "$W/diff" --outdir "$W/classify"

new_target() { local t; t=$(new_db "$1"); psql "$t" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/sql/pggit_audit_schema.sql" >/dev/null; echo "$t"; }
load() { # TARGET CLASSIFYDIR OUTDIR ARGS...
  local t=$1 c=$2 o=$3; shift 3
  PGGIT_AUDIT_TARGET="$t" "$PGA_BIN/pggit-audit-load" -q --classify "$c" --outdir "$o" "$@"
}
# same_text TARGET: every text column the load writes equals the artifacts' bytes (SHA-256 of each)
same_text() {
  python3 - "$W/classify" "$1" <<'PY'
import csv, hashlib, io, subprocess, sys
d, t = sys.argv[1], sys.argv[2]
csv.field_size_limit(1 << 31)
def art(name):
    raw = subprocess.run(['zstdcat', f'{d}/{name}.csv.zst'], check=True, capture_output=True).stdout
    r = csv.reader(io.StringIO(raw.decode('utf-8'), newline=''))
    hdr = next(r)
    return [dict(zip(hdr, row)) for row in r]
def h(s): return hashlib.sha256(s.encode('utf-8')).hexdigest()
def tq(sql):
    out = subprocess.run(['psql', t, '-qXAt', '-F', '\x1f', '-c', sql], check=True, capture_output=True).stdout.decode()
    return {l.split('\x1f')[0]: l.split('\x1f')[1:] for l in out.splitlines()}
H = lambda c: f"encode(sha256(convert_to(coalesce({c}, ''), 'UTF8')), 'hex')"
blobs = {b['blob_sha']: b for b in art('blobs')}
defn = lambda s: h(blobs[s]['definition']) if s else h('')
bad = []
tb = tq(f"SELECT blob_sha, {H('definition')}, {H('object_name')}, {H('parse_error')} FROM pggit_audit.blobs")
bad += [s for s, b in blobs.items() if tb.get(s) != [h(b['definition']), h(b['object_name']), h(b['parse_error'])]]
cols = ['path', 'object_name', 'author', 'committer', 'commit_message', 'old_blob_sha', 'new_blob_sha']
tc = tq("SELECT change_id, " + ", ".join(H(c) for c in cols) + f", {H('old_definition')}, {H('new_definition')} FROM pggit_audit.changes")
changes = art('changes')
bad += [c['change_id'] for c in changes
        if tc.get(c['change_id']) != [h(c[k]) for k in cols] + [defn(c['old_blob_sha']), defn(c['new_blob_sha'])]]
tv = tq(f"SELECT version_id, {H('object_name')}, {H('definition')} FROM pggit_audit.object_versions")
versions = art('versions')
bad += [v['version_id'] for v in versions if tv.get(v['version_id']) != [h(v['object_name']), defn(v['blob_sha'])]]
n = len(blobs) + len(changes) + len(versions)
if bad or len(tb) + len(tc) + len(tv) != n:
    print(f"{len(bad)} of {n} rows differ: {bad[:5]}, target rows {len(tb) + len(tc) + len(tv)}"); sys.exit(1)
print(f"{n} rows")
PY
}
verify() { # TARGET LOADDIR OUTDIR
  PGGIT_AUDIT_TARGET="$1" PGGIT_AUDIT_SOURCE="$SRC" "$PGA_BIN/pggit-audit-verify" -q --export "$W/export" \
    --diff "$W/diff" --classify "$W/classify" --load "$2" --outdir "$3" 2>"$PGA_TMP/verify.err" \
    || { cat "$PGA_TMP/verify.err"; return 1; }
}

# ---- the default bounds, then batches of at most 3 rows and 1000 bytes over 3 connections ----
T1=$(new_target t1)
load "$T1" "$W/classify" "$PGA_TMP/l1" || fail "load with the default bounds failed"
R=$(same_text "$T1") && ok "default bounds: every text byte-identical to the artifacts ($R)" || fail "default bounds: $R"
verify "$T1" "$PGA_TMP/l1" "$PGA_TMP/v1" && ok "default bounds: verification passed" || fail "default bounds: verification failed"
dump_audit "$T1" >"$PGA_TMP/ref.rows"
T2=$(new_target t2)
load "$T2" "$W/classify" "$PGA_TMP/l2" --batch-rows 3 --batch-bytes 1000 --jobs 3 || fail "load in small batches failed"
R=$(same_text "$T2") && ok "small batches: every text byte-identical to the artifacts ($R)" || fail "small batches: $R"
verify "$T2" "$PGA_TMP/l2" "$PGA_TMP/v2" && ok "small batches: verification passed" || fail "small batches: verification failed"
assert_eq "small batches: more than one batch of changes" "t" \
  "$(q "$T2" "SELECT count(*) > 5 AND max(row_count) <= 3 FROM pggit_audit.load_journal WHERE kind = 'changes'")"

# ---- a constraint of the target refuses a row in the middle of the load ----
T3=$(new_target t3)
q "$T3" "ALTER TABLE pggit_audit.changes ADD CONSTRAINT poison CHECK (commit_message <> E'\\\\.')"
expect_fail "the load stops on the refused batch" load "$T3" "$W/classify" "$PGA_TMP/l3" --batch-rows 3 --batch-bytes 1000
assert_contains "the error names the batch's rows and the artifact" "of $W/classify/changes.csv.zst): ERROR:  new row for relation \"changes\" violates check constraint \"poison\"" \
  "$(cat "$PGA_TMP/last.err")"
assert_eq "no half batch: the journal's changes batches hold exactly the changes in the target" \
  "$(q "$T3" "SELECT count(*) FROM pggit_audit.changes")" \
  "$(q "$T3" "SELECT coalesce(sum(rows_inserted), 0) FROM pggit_audit.load_journal WHERE kind = 'changes'")"
q "$T3" "ALTER TABLE pggit_audit.changes DROP CONSTRAINT poison"
load "$T3" "$W/classify" "$PGA_TMP/l3" --batch-rows 3 --batch-bytes 1000 || fail "the resume failed"
if cmp -s "$PGA_TMP/ref.rows" <(dump_audit "$T3"); then ok "resumed rows = uninterrupted rows"; else fail "the resumed rows differ"; fi
R=$(same_text "$T3") && ok "resumed: every text byte-identical ($R)" || fail "resumed: $R"
assert_eq "every batch once" "0" "$(q "$T3" "SELECT count(*) FROM (SELECT artifact_sha256, batch_no FROM pggit_audit.load_journal GROUP BY 1, 2 HAVING count(*) > 1) d")"

# ---- artifacts whose sidecar was rewritten around a bad row: the row is named ----
# tamper ARTIFACT ROW-MARKER OLD NEW: replace OLD by NEW once, after the first ROW-MARKER, in
# the decompressed artifact (a copy of classify/), written again as a header frame and a rows
# frame with a sidecar that matches; prints the row (from 1) the marker is in
tamper() {
  python3 - "$PGA_TMP/bad" "$@" <<'PY'
import csv, hashlib, io, json, os, subprocess, sys
d, name, marker, old, new = sys.argv[1], sys.argv[2], *map(os.fsencode, sys.argv[3:6])
raw = subprocess.run(['zstdcat', f'{d}/{name}'], check=True, capture_output=True).stdout
at = raw.index(marker); at = raw.index(old, at)
rows = csv.reader(io.StringIO(raw[:at].decode('utf-8'), newline=''))
print(sum(1 for _ in rows) - 1)  # rows before the header's end, the one being cut included
raw = raw[:at] + new + raw[at + len(old):]
nl = raw.index(b'\n') + 1
z = b''.join(subprocess.run(['zstd', '-q', '-c'], input=part, check=True, capture_output=True).stdout for part in (raw[:nl], raw[nl:]))
open(f'{d}/{name}', 'wb').write(z)
m = json.load(open(f'{d}/{name}.meta.json'))
m['bytes'], m['sha256'] = len(z), hashlib.sha256(z).hexdigest()
json.dump(m, open(f'{d}/{name}.meta.json', 'w'))
PY
}
# bytes that are not UTF-8 (0xe9, Latin-1) in a definition, after rows holding newlines
rm -rf "$PGA_TMP/bad"; cp -r "$W/classify" "$PGA_TMP/bad"
ROW=$(printf 'CREATE TABLE app.bs' | tamper blobs.csv.zst "$(cat)" "app.bs" "$(printf 'app.b\xe9')")
[ "$ROW" -gt 1 ] && ok "a definition made not UTF-8 at row $ROW of blobs.csv.zst" || fail "tamper found row $ROW"
[ "$(zstdcat "$PGA_TMP/bad/blobs.csv.zst" | head -c 20000 | grep -c '')" -gt "$ROW" ] \
  && ok "rows before it hold newlines" || fail "no newline in the rows before row $ROW"
for bounds in "" "--batch-rows 2" "--batch-rows 5"; do
  T=$(new_target "bad$(echo "$bounds" | tr -dc 0-9)")
  # shellcheck disable=SC2086
  expect_fail "not UTF-8 ($bounds): refused" load "$T" "$PGA_TMP/bad" "$PGA_TMP/lb" $bounds
  assert_contains "not UTF-8 ($bounds): the artifact's row named" "$PGA_TMP/bad/blobs.csv.zst: row $ROW (blobs batch" "$(cat "$PGA_TMP/last.err")"
done
# a value the column's type refuses (a generation that is no number) after rows holding newlines:
# found from COPY's line
rm -rf "$PGA_TMP/bad"; cp -r "$W/classify" "$PGA_TMP/bad"
CID=$(q "$T1" "SELECT change_id FROM pggit_audit.changes WHERE path = 'app.tab' AND change_type = 'ALTER'")
ROW=$(tamper changes.csv.zst "$CID" ",1," ",one,")
for bounds in "" "--batch-rows 4"; do
  T=$(new_target "badgen$(echo "$bounds" | tr -dc 0-9)")
  # shellcheck disable=SC2086
  expect_fail "a generation that is no number ($bounds): refused" load "$T" "$PGA_TMP/bad" "$PGA_TMP/lg" $bounds
  assert_contains "a generation that is no number ($bounds): the artifact's row named" \
    "$PGA_TMP/bad/changes.csv.zst: row $ROW (changes batch" "$(cat "$PGA_TMP/last.err")"
done
pga_finish
