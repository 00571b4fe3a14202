#!/usr/bin/env bash
# test_shapes_oracle.sh - a store of shapes the fixture lacks, through the whole pipeline, checked
# against an expectation computed here, independently of the stages: criss-cross merges, a merge
# whose tree differs from both parents, an octopus of four parents over two roots, an empty commit,
# drops and re-creations (same and other definition), one blob at two paths, a moved path, paths
# with quotes, commas, spaces, newlines, CR, tabs, backslashes, '|', non-ASCII and 3,000 letters, a
# 3 MB blob, commit times far in the past and future with other offsets, siblings stamped the same
# second, a branch no ref reaches, 200 refs on one commit, and an ALTER whose definition names
# another object (it ends the old object's versions, as a DROP does); a merge whose first parent
# is the shorter line, a revert to an older tree, a child stamped before its parent, one parent
# listed twice, names cut at 63 bytes inside a multibyte character, control characters in a
# message and an author; blobs that name no object (empty, unparseable, a GRANT on all tables of a
# schema) turning into a table and back at one path. Every change must equal the
# first-parent diff of the store's trees; every version the numbering of docs/design.md replayed in
# SQL over the loaded changes, each side's identity from its own blob (not the audit's helpers);
# object_changes() must list every change under each side's identity; two runs (threads,
# connections) give byte-identical artifacts.
# Commit times outside the years 1-9999 are refused by sha, with the reason.
source "$(dirname "$0")/lib.sh"

SRC=$(new_shape_source src)
psql "$SRC" -qX -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $do$
DECLARE
  r1 text; r2 text; x1 text; y1 text; m1 text; m2 text; m3 text; oct text; e1 text; t text;
  d1 text; d2 text; d3 text; d4 text; mv text; tw text; big text; wp text; un text; tip text; s1 text; s2 text;
  ts bigint := 1700000000;
  weird text[] := ARRAY[
    'app."q""uote"', 'app."com,ma"', 'app."sp ace"', E'app."new\nline"', E'app."back\\slash"',
    'app."ünïcødé_表"', 'app."' || repeat('L', 3000) || '"', 'app."pi|pe"', E'app."cr\rret"', E'app."tab\tx"',
    'app."semi;colon"', 'app."dollar$$x"', E'app."\\N"', 'app.""""'];
  wc text[];
BEGIN
  r1 := pga_shape.commit(pga_shape.tree(ARRAY['app', 'app.t1'], ARRAY['CREATE SCHEMA app;', 'CREATE TABLE app.t1 (id int);']), '{}', 'root one', ts);
  r2 := pga_shape.commit(pga_shape.tree(ARRAY['other.x'], ARRAY['CREATE TABLE other.x (id int);']), '{}', 'root two', ts);
  x1 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(r1), ARRAY['app.t1'], ARRAY['CREATE TABLE app.t1 (id int, a int);']), ARRAY[r1], 'x1', ts + 10);
  y1 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(r1), ARRAY['app.t2'], ARRAY['CREATE TABLE app.t2 (id int);']), ARRAY[r1], 'y1', ts + 10);
  t := pga_shape.tree_edit(pga_shape.tree_of(x1), ARRAY['app.t2'], ARRAY['CREATE TABLE app.t2 (id int);']);
  m1 := pga_shape.commit(t, ARRAY[x1, y1], 'criss', ts + 20);
  m2 := pga_shape.commit(t, ARRAY[y1, x1], 'cross', ts + 20);
  m3 := pga_shape.commit(pga_shape.tree_edit(t, ARRAY['app.t3', 'app.t1'], ARRAY['CREATE TABLE app.t3 (id int);', 'CREATE TABLE app.t1 (id int, a int, b int);']),
                         ARRAY[m1, m2], 'evil merge', ts + 30);
  oct := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(m3), ARRAY['other.x'], ARRAY['CREATE TABLE other.x (id int);']),
                          ARRAY[m3, r2, x1, y1], 'octopus', ts + 40);
  e1 := pga_shape.commit(pga_shape.tree_of(oct), ARRAY[oct], 'empty', ts + 50);
  d1 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(e1), ARRAY['app.t2'], ARRAY[NULL]), ARRAY[e1], 'drop t2', ts + 60);
  d2 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(d1), ARRAY['app.t2'], ARRAY['CREATE TABLE app.t2 (id int);']), ARRAY[d1], 'recreate t2 same', ts + 70);
  d3 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(d2), ARRAY['app.t2'], ARRAY[NULL]), ARRAY[d2], 'drop t2 again', ts + 80);
  d4 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(d3), ARRAY['app.t2'], ARRAY['CREATE TABLE app.t2 (id bigint);']), ARRAY[d3], 'recreate t2 other', ts + 90);
  tw := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(d4), ARRAY['app.twin_a', 'app.twin_b'], ARRAY['CREATE TABLE app.twin (id int);', 'CREATE TABLE app.twin (id int);']), ARRAY[d4], 'twins', ts + 100);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tw), ARRAY['app.twin_b'], ARRAY[NULL]), ARRAY[tw], 'drop one twin', ts + 110);
  mv := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.t3', 'moved.t3'], ARRAY[NULL, 'CREATE TABLE app.t3 (id int);']), ARRAY[tip], 'move t3', ts + 120);
  SELECT array_agg('CREATE TABLE ' || p || ' (id int);' ORDER BY n) INTO wc FROM unnest(weird) WITH ORDINALITY u(p, n);
  wp := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(mv), weird, wc), ARRAY[mv], E'weird paths, "quotes", commas, \\ and\nnewline', ts + 130,
                         '-0700', 'Zoë "Q" O''Brien, Jr. <zoe@example.com>');
  SELECT array_agg('CREATE TABLE ' || p || ' (id int, v int);' ORDER BY n) INTO wc FROM unnest(weird) WITH ORDINALITY u(p, n);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(wp), weird, wc), ARRAY[wp], 'alter weird', ts + 130, '+1345');
  big := 'CREATE TABLE app.big (id int); COMMENT ON TABLE app.big IS ''' || repeat('x', 3 * 1024 * 1024) || ''';';
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.big'], ARRAY[big]), ARRAY[tip], 'big blob', ts + 140);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.big'], ARRAY[big || ' ']), ARRAY[tip], 'big blob reformatted', ts + 150);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.past'], ARRAY['CREATE TABLE app.past (id int);']), ARRAY[tip], 'far past', -2208988800, '+0000', 'Test <test@example.com>', 0.5);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.future'], ARRAY['CREATE TABLE app.future (id int);']), ARRAY[tip], 'far future', 32503680000, '-1200', 'Test <test@example.com>', 0.75);
  FOR i IN 1 .. 5 LOOP
    PERFORM pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.sib' || i], ARRAY['CREATE TABLE app.sib' || i || ' (id int);']), ARRAY[tip], 'sibling ' || i, ts + 200);
  END LOOP;
  -- path app.p defines idm_a, then idm_b (an ALTER that is another object), then idm_a comes back
  -- at app.q with its first definition, then is altered
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.p'], ARRAY['CREATE TABLE app.idm_a (id int);']), ARRAY[tip], 'idm_a at p', ts + 300);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.p'], ARRAY['CREATE TABLE app.idm_b (id int);']), ARRAY[tip], 'p now idm_b', ts + 301);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.q'], ARRAY['CREATE TABLE app.idm_a (id int);']), ARRAY[tip], 'idm_a back at q', ts + 302);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.q'], ARRAY['CREATE TABLE app.idm_a (id int, x int);']), ARRAY[tip], 'idm_a altered', ts + 303);
  -- blobs that name no object (empty, unparseable, a GRANT on all tables of a schema) on
  -- one side of a change, in both directions: each side keeps its own identity, (its schema
  -- or '', the path), so the change that makes or unmakes the table ends that identity's
  -- versions
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.empty', 'app.garbled', 'app.grants'],
           ARRAY['', 'CREATE TABLE app.garbled (id int);', 'GRANT SELECT ON ALL TABLES IN SCHEMA app TO PUBLIC;']), ARRAY[tip], 'no object 1', ts + 310);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.empty', 'app.garbled', 'app.grants'],
           ARRAY['CREATE TABLE app.empty (id int);', 'CREATE TABLE app.garbled (id int', 'CREATE TABLE app.grants (id int);']), ARRAY[tip], 'no object 2', ts + 311);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.empty', 'app.garbled', 'app.grants'],
           ARRAY['', 'CREATE TABLE app.garbled (id int, x int);', 'GRANT SELECT ON ALL TABLES IN SCHEMA app TO PUBLIC;']), ARRAY[tip], 'no object 3', ts + 312);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY['app.grants'], ARRAY['CREATE TABLE app.grants (id int);']),
           ARRAY[tip], 'no object 4', ts + 313);
  un := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(x1), ARRAY['app.ghost'], ARRAY['CREATE TABLE app.ghost (id int);']), ARRAY[x1], 'ghost 1', ts + 15);
  PERFORM pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(un), ARRAY['app.ghost'], ARRAY[NULL]), ARRAY[un], 'ghost 2', ts + 16);
  -- a side history off root one: a merge whose first parent is the shorter line, a revert to
  -- an older tree, a child stamped before its parent, a commit listing one parent twice,
  -- names cut at 63 bytes inside a multibyte character, control characters in a message
  -- and an author
  s1 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(r1), ARRAY['side.m'], ARRAY['CREATE TABLE side.m (id int);']), ARRAY[r1], 'short line', ts + 400);
  s2 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(r1), ARRAY['side.f'], ARRAY['CREATE TABLE side.f (id int);']), ARRAY[r1], 'long line 1', ts + 401);
  s2 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(s2), ARRAY['side.f'], ARRAY['CREATE TABLE side.f (id int, x int);']), ARRAY[s2], 'long line 2', ts + 402);
  s2 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(s2), ARRAY['app.t1'], ARRAY['CREATE TABLE app.t1 (id int, s int);']), ARRAY[s2], 'long line 3', ts + 403);
  s1 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(s2), ARRAY['side.m'], ARRAY['CREATE TABLE side.m (id int);']), ARRAY[s1, s2], 'merge, shorter line first', ts + 404);
  s2 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(s1), ARRAY['side.f'], ARRAY['CREATE TABLE side.f (id bigint);']), ARRAY[s1], 'f to bigint', ts + 405);
  s2 := pga_shape.commit(pga_shape.tree_of(s1), ARRAY[s2], 'revert f to the older tree', ts + 406);
  s2 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(s2), ARRAY['side.old'], ARRAY['CREATE TABLE side.old (id int);']), ARRAY[s2], 'child stamped before its parent', ts - 100000);
  s2 := pga_shape.commit(pga_shape.tree_of(s2), ARRAY[s2, s2], 'one parent twice', ts + 407);
  s2 := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(s2),
          ARRAY['side."' || repeat('a', 62) || 'é"', 'side."' || repeat('b', 61) || '😀"', 'side.' || repeat('n', 70), 'side.' || repeat('n', 63) || 'zzz'],
          ARRAY['CREATE TABLE side."' || repeat('a', 62) || 'é" (id int);', 'CREATE TABLE side."' || repeat('b', 61) || '😀" (id int);',
                'CREATE TABLE side.' || repeat('n', 70) || ' (id int);', 'CREATE TABLE side.' || repeat('n', 63) || 'zzz (id int, z int);']),
          ARRAY[s2], E'names at 63 bytes\x01\x1b[31m\x7f\r\n\t"end"', ts + 408, '+0000', E'Ctl\x02 "Q", Tab\t <ctl@example.com>');
  PERFORM pga_shape.ref('refs/heads/side', s2);
  PERFORM pga_shape.ref('refs/heads/main', tip);
  FOR i IN 1 .. 200 LOOP PERFORM pga_shape.ref('refs/heads/b' || i, tip); END LOOP;
  PERFORM pga_shape.ref('refs/tags/v1', tip, 'tag');
  PERFORM pga_shape.ref('refs/tags/v0', r1, 'tag');
  PERFORM pga_shape.ref('refs/heads/other', r2);
  PERFORM pga_shape.ref('refs/remotes/origin/main', oct, 'remote');
END $do$;
SQL
ok "shape store written"

run_store_twice "shape store"
assert_contains "verification passed" '"status": "PASSED"' "$(cat "$PGA_TMP/w1/verify/report.json")"

# the changes: for every commit, its tree against its first parent's (a root's against nothing)
changes_expected() {
  q "$SRC" "SELECT c.commit_sha, md5(d.path), CASE WHEN d.o IS NULL THEN 'A' WHEN d.n IS NULL THEN 'D' ELSE 'M' END,
                   coalesce(d.o, '-'), coalesce(d.n, '-'), c.generation, c.author, c.committer,
                   to_char(c.committed_at, 'YYYY-MM-DD HH24:MI:SS.US'), md5(c.message)
              $FIRST_PARENT_DIFF
             ORDER BY c.commit_sha COLLATE \"C\", md5(d.path) COLLATE \"C\""
}
changes_loaded() {
  q "$1" "SELECT commit_sha, md5(path), CASE WHEN old_blob_sha IS NULL THEN 'A' WHEN new_blob_sha IS NULL THEN 'D' ELSE 'M' END,
                 coalesce(old_blob_sha, '-'), coalesce(new_blob_sha, '-'), commit_generation, author, committer,
                 to_char(committed_at, 'YYYY-MM-DD HH24:MI:SS.US'), md5(commit_message)
            FROM pggit_audit.changes ORDER BY commit_sha COLLATE \"C\", md5(path) COLLATE \"C\""
}
EXPECTED=$(changes_expected)
assert_eq "changes equal the first-parent diff of the trees ($(echo "$EXPECTED" | wc -l) rows)" "$EXPECTED" "$(changes_loaded "$T1")"
assert_eq "definitions hash to their blobs" "0" "$(q "$T1" "
  SELECT count(*) FROM pggit_audit.changes
   WHERE encode(sha256(convert_to('blob ' || length(new_definition) || ':' || new_definition, 'UTF8')), 'hex') <> new_blob_sha
      OR encode(sha256(convert_to('blob ' || length(old_definition) || ':' || old_definition, 'UTF8')), 'hex') <> old_blob_sha")"

# the versions, replayed (lib.sh)
assert_versions_replayed "$T1" "shape store"
assert_version_sides "$T1" "shape store"
nohist() {
  q "$T1" "SELECT string_agg(change_type || ' ' || commit_message, ',' ORDER BY commit_generation)
             FROM pggit_audit.object_change_history('$1', '$2')"
}
assert_eq "an empty blob, a table, an empty blob at one path: the table's ALTER ends version 1 of ('', path)" \
  "CREATE no object 1,ALTER no object 2,ALTER no object 3" "$(nohist '' app.empty)"
assert_eq "... and the table is a change of its own" "ALTER no object 2,ALTER no object 3" "$(nohist app empty)"
assert_eq "a table, an unparseable blob, the table again: the last ALTER ends the unparseable one" \
  "ALTER no object 2,ALTER no object 3" "$(nohist '' app.garbled)"
assert_eq "a GRANT on all tables of app (schema app, no name) and a table in turns at one path" \
  "CREATE no object 1,ALTER no object 2,ALTER no object 3,ALTER no object 4" "$(nohist app app.grants)"
assert_eq "current_version(): none for what names no object once a table took its path" "0 0 0 1 1" \
  "$(q "$T1" "SELECT (SELECT count(*) FROM pggit_audit.current_version('', 'app.garbled')) || ' ' ||
                     (SELECT count(*) FROM pggit_audit.current_version('app', 'app.grants')) || ' ' ||
                     (SELECT count(*) FROM pggit_audit.current_version('app', 'empty')) || ' ' ||
                     (SELECT count(*) FROM pggit_audit.current_version('', 'app.empty')) || ' ' ||
                     (SELECT count(*) FROM pggit_audit.current_version('app', 'grants'))")"
assert_eq "object_history: every version once, with its change" "$(q "$T1" "SELECT count(*) FROM pggit_audit.object_versions"), 0" \
  "$(q "$T1" "SELECT count(*) || ', ' || count(*) FILTER (WHERE change_id IS NULL) FROM pggit_audit.object_history")"
assert_eq "an object whose path came to define another, re-created elsewhere: a new version" \
  "1 CREATE app.p idm_a at p,2 CREATE app.q idm_a back at q,3 ALTER app.q idm_a altered" \
  "$(q "$T1" "SELECT string_agg(version_number || ' ' || change_type || ' ' || path || ' ' || commit_message, ',' ORDER BY version_number)
                FROM pggit_audit.object_history WHERE object_schema = 'app' AND object_name = 'idm_a'")"
assert_eq "object_history of an object dropped and re-created with the same definition" \
  "1 CREATE y1,2 CREATE recreate t2 same,3 CREATE recreate t2 other" \
  "$(q "$T1" "SELECT string_agg(version_number || ' ' || change_type || ' ' || commit_message, ',' ORDER BY version_number)
                FROM pggit_audit.object_history WHERE object_schema = 'app' AND object_name = 't2'")"
assert_eq "a merge whose first parent is the shorter line: what the longer line brought" \
  "app.t1:ALTER,side.f:CREATE" \
  "$(q "$T1" "SELECT string_agg(path || ':' || change_type, ',' ORDER BY path) FROM pggit_audit.changes WHERE commit_message = 'merge, shorter line first'")"
assert_eq "a revert to an older tree: a new version with the older definition" \
  "1 long line 1,2 long line 2,3 f to bigint,4 revert f to the older tree true" \
  "$(q "$T1" "SELECT string_agg(v.version_number || ' ' || c.commit_message, ',' ORDER BY v.version_number) || ' ' ||
                     (max(v.blob_sha) FILTER (WHERE v.version_number = 4) = max(v.blob_sha) FILTER (WHERE v.version_number = 2))
                FROM pggit_audit.object_versions v JOIN pggit_audit.changes c ON c.commit_sha = v.commit_sha AND c.path = 'side.f'
               WHERE v.object_schema = 'side' AND v.object_name = 'f'")"
assert_eq "names cut as PostgreSQL cuts them: at 63 bytes, not inside a character" "61 62 63" \
  "$(q "$T1" "SELECT string_agg(DISTINCT octet_length(object_name)::text, ' ') FROM pggit_audit.changes WHERE object_schema = 'side' AND octet_length(object_name) > 60")"
assert_eq "recent_changes: only the change dated in the year 3000" "far future" \
  "$(q "$T1" "SELECT string_agg(DISTINCT commit_message, ',') FROM pggit_audit.recent_changes")"

# the two runs: same artifacts, byte for byte, and the same rows
if "$PGA_BIN/pggit-audit" compare "$PGA_TMP/w1" "$PGA_TMP/w2" >"$PGA_TMP/compare.out" 2>&1; then
  ok "pggit-audit compare: the two runs are identical"
else
  fail "the two runs differ: $(cat "$PGA_TMP/compare.out")"
fi
assert_eq "the second target's changes" "$EXPECTED" "$(changes_loaded "$T2")"
assert_eq "the same audit rows in both targets" "$(dump_audit "$T1")" "$(dump_audit "$T2")"

# times the export cannot write as they are (its YYYY-MM-DD has no era and four digits): a
# consistent commit dated 44 BC or in the year 10000 was reported as disagreeing with its own
# commit_graph row; now the diff says why it stops, by sha
FAR=$(new_db far)
psql "$FAR" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v0_schema.sql" -f "$(dirname "$0")/shape_store.sql" >/dev/null
BC=$(q "$FAR" "SELECT pga_shape.commit(pga_shape.tree(ARRAY['app.a'], ARRAY['CREATE TABLE app.a (id int);']), '{}', 'bc', -63517824000)")
Y10K=$(q "$FAR" "SELECT pga_shape.commit(pga_shape.tree(ARRAY['app.b'], ARRAY['CREATE TABLE app.b (id int);']), ARRAY['$BC'], 'y10k', 253402300800)")
q "$FAR" "SELECT pga_shape.ref('refs/heads/main', '$Y10K')" >/dev/null
"$PGA_BIN/pggit-audit-export" -q --source "$FAR" --outdir "$PGA_TMP/far.export" >/dev/null 2>&1 || fail "far dates: export failed"
expect_fail "times outside the years 1-9999 stop the diff" "$PGA_BIN/pggit-audit-diff" -q --export "$PGA_TMP/far.export" --outdir "$PGA_TMP/far.diff"
assert_contains "a commit of 44 BC named, with the reason" "commit $BC: its author or committer time (epoch -63517824000, -63517824000) lies outside the years 1-9999" "$(cat "$PGA_TMP/last.err")"
assert_contains "a commit of the year 10000 named" "commit $Y10K: its author or committer time" "$(cat "$PGA_TMP/last.err")"

pga_finish
