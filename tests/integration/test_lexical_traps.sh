#!/usr/bin/env bash
# test_lexical_traps.sh - paths and blob texts with lexical traps the other stores lack, through the whole pipeline.
# Paths: only a schema, NFC and NFD forms of one name, names differing by case, C0 controls and DEL,
# spaces at the ends, '|' followed by a sha and a mode (like a raw tree's next entry), COPY's end
# marker and a trailing backslash, a lone quote, 2,400-byte names, U+00A0 and U+FEFF. Blobs: only
# whitespace, a BOM, CRLF and a lone CR, COPY's end marker and NULL mark, a trailing backslash, 10 MB.
# Every change must equal the first-parent diff of the trees with its definitions byte for byte, two
# runs give the same artifacts and rows; a SQL_ASCII store with bytes that are not UTF-8 is refused
# by the export naming the row and the column.
source "$(dirname "$0")/lib.sh"

SRC=$(new_shape_source src)
psql "$SRC" -qX -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $do$
DECLARE
  tip text; ts bigint := 1700000000; ps text[]; cs text[];
BEGIN
  ps := ARRAY['trapschema', E'app."caf\u00e9"', E'app."cafe\u0301"', 'app."Tcase"', 'app.tcase',
              E'app."c\x01t\x1fl\x7f"', ' app.lead', 'app.trail ', 'app.x|' || repeat('a', 64) || '|',
              'app.x|' || repeat('a', 64) || '|100644 app.y', E'app."\\."', E'app.end\\', '"',
              'app."' || repeat('ü', 1200) || '"', E'app.\u00a0nbsp', E'app."\ufeffbom"'];
  cs := ARRAY['CREATE SCHEMA trapschema;', E'CREATE TABLE app."caf\u00e9" (id int);', E'CREATE TABLE app."cafe\u0301" (id int);',
              'CREATE TABLE app."Tcase" (id int);', 'CREATE TABLE app.tcase (id int);',
              E'CREATE TABLE app."c\x01t\x1fl\x7f" (id int);', 'CREATE TABLE app.lead (id int);', 'CREATE TABLE app.trail (id int);',
              'CREATE TABLE app.pipe1 (id int);', 'CREATE TABLE app.pipe2 (id int);', E'CREATE TABLE app."\\." (id int);',
              'CREATE TABLE app.endbs (id int);', 'CREATE TABLE app.quote (id int);',
              'CREATE TABLE app."' || repeat('ü', 1200) || '" (id int);', E'CREATE TABLE app.\u00a0nbsp (id int);', 'CREATE TABLE app.bomname (id int);'];
  tip := pga_shape.commit(pga_shape.tree(ps, cs), '{}', 'trap paths', ts);
  ps := ARRAY['app.ws', 'app.bom', 'app.crlf', 'app.copyend', 'app.nullmark', 'app.bsend', 'app.crlf2', 'app.big'];
  cs := ARRAY[E'  \n\t\r\n ', E'\ufeffCREATE TABLE app.bom (id int);', E'CREATE TABLE app.crlf (\r\n  id int\r\n);\r\n',
              E'CREATE TABLE app.copyend (id int);\n\\.\n', E'\\N', E'CREATE TABLE app.bsend (id int); -- \\',
              E'CREATE TABLE app.crlf2 (id int);\r', 'CREATE TABLE app.big (id int); COMMENT ON TABLE app.big IS ''' || repeat(E'x\r\n\\', 3500000) || ''';'];
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ps, cs), ARRAY[tip], E'trap blobs\n\\.\n', ts + 10);
  SELECT array_agg(p || '') , array_agg(c || ' ') INTO ps, cs FROM unnest(ps, cs) u(p, c);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ps, cs), ARRAY[tip], 'trap blobs altered', ts + 20);
  tip := pga_shape.commit(pga_shape.tree_edit(pga_shape.tree_of(tip), ARRAY[E'app."cafe\u0301"', 'app.tcase', 'trapschema', 'app.big'], ARRAY[NULL, NULL, NULL, NULL]), ARRAY[tip], 'drops', ts + 30);
  PERFORM pga_shape.ref('refs/heads/main', tip);
END $do$;
SQL
ok "trap store written"

run_store_twice "trap store"
assert_contains "verification passed" '"status": "PASSED"' "$(cat "$PGA_TMP/w1/verify/report.json")"

changes_expected() {
  q "$SRC" "SELECT c.commit_sha, md5(d.path), CASE WHEN d.o IS NULL THEN 'A' WHEN d.n IS NULL THEN 'D' ELSE 'M' END,
                   coalesce(d.o, '-'), coalesce(d.n, '-'), md5(coalesce(ob.content, '-')), md5(coalesce(nb.content, '-')), md5(c.message)
              $FIRST_PARENT_DIFF
              LEFT JOIN pggit_v0.objects ob ON ob.sha = d.o LEFT JOIN pggit_v0.objects nb ON nb.sha = d.n
             ORDER BY c.commit_sha COLLATE \"C\", md5(d.path) COLLATE \"C\""
}
changes_loaded() {
  q "$1" "SELECT commit_sha, md5(path), CASE WHEN old_blob_sha IS NULL THEN 'A' WHEN new_blob_sha IS NULL THEN 'D' ELSE 'M' END,
                 coalesce(old_blob_sha, '-'), coalesce(new_blob_sha, '-'), md5(coalesce(old_definition, '-')), md5(coalesce(new_definition, '-')), md5(commit_message)
            FROM pggit_audit.changes ORDER BY commit_sha COLLATE \"C\", md5(path) COLLATE \"C\""
}
EXPECTED=$(changes_expected)
assert_eq "changes equal the first-parent diff ($(echo "$EXPECTED" | wc -l) rows)" "$EXPECTED" "$(changes_loaded "$T1")"
assert_eq "second target too" "$EXPECTED" "$(changes_loaded "$T2")"
assert_eq "names differing only by case or by Unicode normalization (NFC, NFD) are other objects" "4" \
  "$(q "$T1" "SELECT count(DISTINCT object_name) FROM pggit_audit.object_versions
               WHERE object_schema = 'app' AND object_name IN ('Tcase', 'tcase', E'caf\u00e9', E'cafe\u0301')")"
assert_eq "a path like a raw tree's entries ('|', a sha, a mode) is one entry" "app.pipe1 app.pipe2" \
  "$(q "$T1" "SELECT string_agg(object_schema || '.' || object_name, ' ' ORDER BY path) FROM pggit_audit.changes WHERE path LIKE 'app.x|%'")"
assert_eq "whitespace, a BOM, COPY's end marker and its NULL mark: definitions kept, no object named" \
  "app.bom:2 app.copyend:2 app.nullmark:2 app.ws:2" \
  "$(q "$T1" "SELECT string_agg(object_name || ':' || count, ' ' ORDER BY object_name) FROM
               (SELECT object_name, count(*) FROM pggit_audit.object_versions WHERE object_schema = '' AND object_name LIKE 'app.%' GROUP BY 1) x")"
assert_eq "CRLF line ends classified" "table table" \
  "$(q "$T1" "SELECT string_agg(object_type, ' ' ORDER BY path) FROM pggit_audit.changes WHERE path IN ('app.crlf', 'app.crlf2') AND change_type = 'CREATE'")"
if "$PGA_BIN/pggit-audit" compare "$PGA_TMP/w1" "$PGA_TMP/w2" >"$PGA_TMP/compare.out" 2>&1; then
  ok "the two runs are identical"
else
  fail "the two runs differ: $(cat "$PGA_TMP/compare.out")"
fi
assert_eq "the same audit rows in both targets" "$(dump_audit "$T1")" "$(dump_audit "$T2")"

# a SQL_ASCII store holding bytes that are not UTF-8 (here Latin-1) in a path, a blob or an author:
# the export stopped on PostgreSQL's 'invalid byte sequence for encoding "UTF8": 0xe9', which names
# no row; now it names the row by its key (tree and path, object, commit) and the column
ascii_store() { # NAME PATH BLOB AUTHOR (each may hold \xHH bytes): prints the conninfo of a one-commit store
  local db="pga_${PGA_TEST_NAME}_$1"
  q "$PGA_CONN" "CREATE DATABASE \"$db\" ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null
  register_db "$db"
  psql "$PGA_CONN dbname=$db" -qX -v ON_ERROR_STOP=1 -f "$PGA_SOURCE_DIR/samples/pggit_v0_schema.sql" >/dev/null
  psql "$PGA_CONN dbname=$db" -qX -v ON_ERROR_STOP=1 -v p="$2" -v b="$3" -v a="$4" >/dev/null <<'SQL'
CREATE FUNCTION pg_temp.raw(t text) RETURNS text LANGUAGE sql AS $$ SELECT convert_from(decode(t, 'escape'), 'SQL_ASCII') $$;
CREATE FUNCTION pg_temp.h(t text, x text) RETURNS text LANGUAGE sql AS
  $$ SELECT encode(sha256(convert_to(t || ' ' || octet_length(x) || ':' || x, 'SQL_ASCII')), 'hex') $$;
SELECT pg_temp.raw(:'p') AS p, pg_temp.raw(:'b') AS b, pg_temp.raw(:'a') AS a \gset
WITH blob AS (INSERT INTO pggit_v0.objects VALUES (pg_temp.h('blob', :'b'), 'blob', octet_length(:'b'), :'b') RETURNING sha),
     raw AS (SELECT '100644 ' || :'p' || '|' || sha || '|' AS raw, sha FROM blob),
     tree AS (INSERT INTO pggit_v0.objects SELECT pg_temp.h('tree', raw), 'tree', octet_length(raw),
                encode(convert_to(raw, 'SQL_ASCII'), 'base64') FROM raw RETURNING sha)
INSERT INTO pggit_v0.tree_entries SELECT tree.sha, :'p', '100644', raw.sha FROM tree, raw;
SELECT 'tree ' || sha || E'\nauthor ' || :'a' || E' 1700000000 +0000\ncommitter ' || :'a' || E' 1700000000 +0000\n\nm' AS body
  FROM pggit_v0.objects WHERE type = 'tree' \gset
INSERT INTO pggit_v0.objects VALUES (pg_temp.h('commit', :'body'), 'commit', octet_length(:'body'), :'body');
INSERT INTO pggit_v0.commit_graph SELECT pg_temp.h('commit', :'body'), '{}', (SELECT sha FROM pggit_v0.objects WHERE type = 'tree'),
  0, :'a', :'a', '2023-11-14 22:13:20', '2023-11-14 22:13:20', 'm';
INSERT INTO pggit_v0.refs SELECT 'refs/heads/main', pg_temp.h('commit', :'body'), 'branch';
SQL
  echo "$PGA_CONN dbname=$db"
}
A1=$(ascii_store a1 'app.caf\351' 'CREATE TABLE app.x (id int);' 'T <t@example.com>')
expect_fail "a path that is not UTF-8 stops the export" "$PGA_BIN/pggit-audit-export" -q --source "$A1" --outdir "$PGA_TMP/a1"
assert_contains "the tree and the path named, with the column" \
  "tree $(q "$A1" "SELECT sha FROM pggit_v0.objects WHERE type = 'tree'"), path \"app.caf\\xe9\": column path is not UTF-8 (byte 7 of 8, 0xe9)" \
  "$(cat "$PGA_TMP/last.err")"
assert_contains "the reason given" "cannot be read as UTF-8 (the source's text must be UTF-8" "$(cat "$PGA_TMP/last.err")"
A2=$(ascii_store a2 'app.x' 'CREATE TABLE app.x (id int); -- caf\351' 'T <t@example.com>')
expect_fail "a blob that is not UTF-8 stops the export" "$PGA_BIN/pggit-audit-export" -q --source "$A2" --outdir "$PGA_TMP/a2"
assert_contains "the blob named by its sha, with the column" \
  "object $(q "$A2" "SELECT sha FROM pggit_v0.objects WHERE type = 'blob'"): column content is not UTF-8 (byte 35 of 36, 0xe9)" \
  "$(cat "$PGA_TMP/last.err")"
A3=$(ascii_store a3 'app.x' 'CREATE TABLE app.x (id int);' 'Zo\353 <z@example.com>')
expect_fail "an author that is not UTF-8 stops the export" "$PGA_BIN/pggit-audit-export" -q --source "$A3" --outdir "$PGA_TMP/a3"
assert_contains "the commit object named first, by its sha" \
  "object $(q "$A3" "SELECT sha FROM pggit_v0.objects WHERE type = 'commit'"): column content is not UTF-8" "$(cat "$PGA_TMP/last.err")"
for d in a1 a2 a3; do
  # (finished parts are kept under parts/ for a resumed export, as after any failure)
  [ -z "$(ls "$PGA_TMP/$d"/*.csv.zst 2>/dev/null)" ] && ok "$d: no artifact written" || fail "$d: artifacts written: $(ls "$PGA_TMP/$d")"
done
pga_finish
