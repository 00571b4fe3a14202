-- 09_verified_hot.sql - pgTAP: recording a verification sets changes.verified as a HOT
-- update (heap-only: no index gets an entry, the row version stays on its page), which is
-- what migration 009's fillfactor 50 on changes is for. A change row is about 1-2 kB (two
-- definitions), the loader fills every page to its fillfactor, and record_verifications()
-- updates every row of a page in one transaction, so each page must keep room for a second
-- version of all of its rows; at fillfactor 100 the pages are full and every row and index
-- is written again (measured at 10k x 1k in docs/performance.md, round 18). This test fails
-- when the fillfactor goes, or when an index comes to cover `verified`.
BEGIN;
SELECT plan(4);

-- rows of about 1.1 kB that do not compress (hex digests): three of them fill a page at
-- fillfactor 50, seven at 100
CREATE TEMP TABLE tap_hot AS
SELECT ('00000000-0000-0000-0000-' || lpad(to_hex(1000 + i), 12, '0'))::uuid AS change_id,
       'taphot' || i AS path,
       (SELECT string_agg(md5(i || '/' || j), '') FROM generate_series(1, 16) j) AS def
  FROM generate_series(1, 24) i;
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, change_type, new_definition)
SELECT change_id, 'taphotcommit', 1, path, 'CREATE', def FROM tap_hot;

SELECT is((SELECT count(DISTINCT (x.ctid::text::point)[0])::int > 1 FROM pggit_audit.changes x
            WHERE x.commit_sha = 'taphotcommit'), true, 'the rows span several pages (the test fills pages)');

CREATE TEMP TABLE tap_hot_before AS
SELECT pg_stat_get_xact_tuples_updated('pggit_audit.changes'::regclass) AS upd,
       pg_stat_get_xact_tuples_hot_updated('pggit_audit.changes'::regclass) AS hot;

SELECT is(pggit_audit.record_verifications(array_agg(change_id ORDER BY change_id),
              array_agg('PASSED'::text ORDER BY change_id), array_agg(NULL::text ORDER BY change_id), 'taphot-run'),
          24::bigint, 'record_verifications appends one row per change')
  FROM tap_hot;

SELECT is((SELECT pg_stat_get_xact_tuples_updated('pggit_audit.changes'::regclass) - b.upd FROM tap_hot_before b),
          24::bigint, 'every change was marked verified (one update each)');
SELECT is((SELECT pg_stat_get_xact_tuples_hot_updated('pggit_audit.changes'::regclass) - b.hot FROM tap_hot_before b),
          24::bigint, 'every one of those updates was HOT (no index entry, same page)');

SELECT * FROM finish();
ROLLBACK;
