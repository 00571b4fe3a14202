-- 018_hashable_times.sql - schema version 18: the hash of a compliance_log row pins both
-- of its timestamps, or verify_log_chain() says it does not.
--
-- The chain writes a timestamp as UTC 'YYYY-MM-DDTHH:MI:SS.USZ' (compliance_utc()), a
-- format with no era and no word for infinity: to_char() gives the same text for a date
-- and the same date BC, and NULL (serialised 'N;') for both 'infinity' and '-infinity'. So
-- a superuser could turn a row's verified_at or created_at from a day AD into that day BC,
-- or one infinity into the other, and the row's hash, the chain and verify_log_chain()
-- stayed as they were (the serialisation cannot change: every chain written depends on it).
-- Now:
--  * a CHECK constraint refuses such times in new rows (the functions that append give
--    now(); only the owner or a superuser inserting by hand could give another). NOT
--    VALID: rows already there are not rechecked, and never fail an upgrade;
--  * verify_log_chain() reports a row holding such a time ('timestamp not hashable'), in
--    log_id order with the other problems, since its hash does not tell whether it changed.
-- No BEGIN/COMMIT here: the installer owns the transaction.

DO $check$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                    WHERE conrelid = 'pggit_audit.compliance_log'::pg_catalog.regclass
                      AND conname = 'compliance_log_hashable_times') THEN
        ALTER TABLE pggit_audit.compliance_log ADD CONSTRAINT compliance_log_hashable_times
            CHECK (isfinite(verified_at) AND verified_at >= timestamptz '0001-01-01 00:00:00+00'
                   AND isfinite(created_at) AND created_at >= timestamptz '0001-01-01 00:00:00+00') NOT VALID;
    END IF;
END
$check$;

-- As in 009, plus the rows whose timestamps the hash does not pin.
CREATE OR REPLACE FUNCTION pggit_audit.verify_log_chain()
RETURNS TABLE (log_id bigint, problem text, expected_hash text, found_hash text)
LANGUAGE sql
STABLE
SET search_path = pg_catalog
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
     ORDER BY p.rank = 3 OR p.rank = 4, p.log_id, p.rank
     LIMIT 1
$fn$;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (18, 'compliance_log refuses infinite and BC timestamps, which its hash does not pin; verify_log_chain() reports them')
ON CONFLICT (version) DO NOTHING;
