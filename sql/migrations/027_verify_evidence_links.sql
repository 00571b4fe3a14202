-- 027_verify_evidence_links.sql - schema version 27: verify_log_chain() also checks the
-- link between compliance_log and evidence_archives, which the hash chain does not cover.
--
-- The chain serialises a fixed list of columns (migration 002), without
-- compliance_log.evidence_id, and evidence_archives has no chain of its own; migration 005
-- made the row's notes (hashed) repeat the archive's id, SHA-256, size and tagmanifest
-- SHA-256 so that an edit of either side shows as a mismatch between the two. But only
-- `pggit-audit archive --verify`, given the archive file, looked at that mismatch:
-- verify_log_chain(), what an auditor runs in SQL, returned no row after a superuser
-- (session_replication_role = replica) re-pointed a row's evidence_id or rewrote an
-- evidence row's archive_sha256, and after the owner inserted an evidence_archives row
-- that no compliance_log row records. Now it also reports:
--  * 'evidence mismatch' (at that log_id, found_hash = the row's row_hash): a row with an
--    evidence_id whose evidence row is not the one its notes, run_id and status describe
--    (record_evidence() writes notes = evidence_note(...), run_id and status = the
--    archive's, change_id NULL);
--  * 'evidence not logged: evidence_id N' (log_id NULL): an evidence row that no
--    compliance_log row points at (record_evidence() writes both in one statement each,
--    in one call).
-- Hash problems come first, as before, then these, then the head's; still the first only.
-- Same hashes, same rows accepted; the rows of a chain that verified still verify unless
-- their evidence link is broken.
CREATE OR REPLACE FUNCTION pggit_audit.verify_log_chain()
RETURNS TABLE (log_id bigint, problem text, expected_hash text, found_hash text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH chain AS (
        SELECT l.log_id,
               l.prev_hash,
               l.row_hash,
               coalesce(lag(l.row_hash) OVER w, pggit_audit.compliance_chain_genesis()) AS expected_prev,
               pggit_audit.compliance_row_digest(l.prev_hash, l.log_id, l.change_id,
                   pggit_audit.compliance_utc(l.verified_at), l.verified_by, l.verification_status, l.notes,
                   l.run_id, pggit_audit.compliance_utc(l.created_at)) AS expected_row,
               NOT (isfinite(l.verified_at) AND l.verified_at >= timestamptz '0001-01-01 00:00:00+00'
                    AND isfinite(l.created_at) AND l.created_at >= timestamptz '0001-01-01 00:00:00+00') AS unhashable,
               last_value(l.row_hash) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS tail_hash,
               max(l.log_id) OVER () AS tail_id
          FROM pggit_audit.compliance_log l
        WINDOW w AS (ORDER BY l.log_id)
    ), problems AS (
        SELECT c.log_id, 1 AS rank, 'prev_hash mismatch' AS problem, c.expected_prev AS expected_hash, c.prev_hash AS found_hash
          FROM chain c WHERE c.prev_hash IS DISTINCT FROM c.expected_prev
        UNION ALL
        SELECT c.log_id, 2, 'row_hash mismatch', c.expected_row, c.row_hash
          FROM chain c WHERE c.row_hash IS DISTINCT FROM c.expected_row
        UNION ALL
        SELECT c.log_id, 5, 'timestamp not hashable', NULL, c.row_hash
          FROM chain c WHERE c.unhashable
        UNION ALL
        SELECT l.log_id, 6, 'evidence mismatch', NULL, l.row_hash
          FROM pggit_audit.compliance_log l
         WHERE l.evidence_id IS NOT NULL
           AND NOT EXISTS (
               SELECT 1 FROM pggit_audit.evidence_archives e
                WHERE e.evidence_id = l.evidence_id
                  AND l.change_id IS NULL
                  AND l.run_id = e.run_id
                  AND l.verification_status = e.run_status
                  AND l.notes = pggit_audit.evidence_note(e.evidence_id, e.bag_name, e.archive_sha256,
                                                          e.archive_bytes, e.tagmanifest_sha256))
        UNION ALL
        SELECT NULL, 7, 'evidence not logged: evidence_id ' || e.evidence_id, NULL, NULL
          FROM pggit_audit.evidence_archives e
         WHERE NOT EXISTS (SELECT 1 FROM pggit_audit.compliance_log l WHERE l.evidence_id = e.evidence_id)
        UNION ALL
        SELECT h.last_log_id, 3, 'head mismatch',
               coalesce((SELECT c.tail_hash FROM chain c LIMIT 1), pggit_audit.compliance_chain_genesis()),
               h.last_hash
          FROM pggit_audit.compliance_chain_head h
         WHERE h.last_hash IS DISTINCT FROM
               coalesce((SELECT c.tail_hash FROM chain c LIMIT 1), pggit_audit.compliance_chain_genesis())
            OR h.last_log_id IS DISTINCT FROM (SELECT c.tail_id FROM chain c LIMIT 1)
        UNION ALL
        SELECT NULL, 4, 'head missing', NULL, NULL
         WHERE NOT EXISTS (SELECT 1 FROM pggit_audit.compliance_chain_head)
    )
    SELECT p.log_id, p.problem, p.expected_hash, p.found_hash
      FROM problems p
     ORDER BY p.rank IN (3, 4), p.log_id, p.rank
     LIMIT 1
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (27, 'verify_log_chain() reports a compliance_log row whose evidence link disagrees with its notes, and an evidence row no log row records')
ON CONFLICT (version) DO NOTHING;
