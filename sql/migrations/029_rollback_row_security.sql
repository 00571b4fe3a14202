-- 029_rollback_row_security.sql - schema version 29: rollback_run() runs with
-- row_security = off, so a row-level security policy that would hide rows of the run from
-- it makes the server refuse the rollback instead of filtering it.
--
-- rollback_run() is SECURITY DEFINER: its statements are checked as its owner, whom a
-- policy filters only under FORCE ROW LEVEL SECURITY. `pggit-audit rollback` sets
-- row_security = off for its session, but the function, called in SQL by its owner in a
-- session that keeps the default (on), deleted (before verification) or superseded (after)
-- only the rows such a policy let it see and answered 'deleted' or 'superseded': the hidden
-- changes stayed, live, and the run's blobs that only they reference were deleted with the
-- rest. With the setting pinned on the function, the same call fails with "query would be
-- affected by row-level security policy for table ..." and changes nothing; a call no
-- policy filters is unchanged.
-- No BEGIN/COMMIT here: the installer owns the transaction.

ALTER FUNCTION pggit_audit.rollback_run(text, text, text[]) SET row_security = off;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (29, 'rollback_run() runs with row_security = off: a policy hiding rows of the run refuses the rollback instead of filtering it')
ON CONFLICT (version) DO NOTHING;
