-- 028_load_journal_bounds.sql - schema version 28: every load_journal row records the
-- batch bounds it was cut with (batch_rows, batch_bytes: the load's --batch-rows and
-- --batch-bytes, BATCH_ROWS and BATCH_BYTES under the driver).
--
-- A batch's rows follow from the artifact's content and those two values, and a resumed
-- load counts a journal batch as done only if its own bounds cut the same batch. A resume
-- with other values is refused; without the values in the journal the refusal could only
-- guess them from the row counts (and not at all when the byte cap had cut a batch), so
-- the operator had to find the interrupted run's command line. Now the refusal names the
-- recorded values. Rows loaded before this version have NULL there (the load then infers
-- what it can, as before). The loader's INSERT on the whole table (migration 004) covers
-- the new columns.
-- No BEGIN/COMMIT here: the installer owns the transaction.

ALTER TABLE pggit_audit.load_journal
    ADD COLUMN IF NOT EXISTS batch_rows bigint,
    ADD COLUMN IF NOT EXISTS batch_bytes bigint;

COMMENT ON COLUMN pggit_audit.load_journal.batch_rows IS
    'the --batch-rows (BATCH_ROWS) the load cut this batch with; NULL: loaded before schema version 28';
COMMENT ON COLUMN pggit_audit.load_journal.batch_bytes IS
    'the --batch-bytes (BATCH_BYTES) the load cut this batch with; NULL: loaded before schema version 28';

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (28, 'load_journal records the batch bounds (batch_rows, batch_bytes) each batch was cut with')
ON CONFLICT (version) DO NOTHING;
