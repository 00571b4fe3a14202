-- 030_definer_row_security.sql - schema version 30: the SECURITY DEFINER functions that
-- write the audit trail run with row_security = off, as rollback_run() does since 029, so a
-- row-level security policy that would filter their statements makes the server refuse the
-- call instead.
--
-- Their statements are checked as their owner, whom a policy filters only under FORCE ROW
-- LEVEL SECURITY, and in the caller's row_security (on by default; the tool's stages set it
-- off for their own sessions). Called in SQL by the owner under such a policy:
--  * record_verifications() recorded PASSED for every change given while a policy on UPDATE
--    of changes kept some from its update: their verified flag stayed as it was, the
--    compliance_log said PASSED;
--  * record_evidence() of an archive already recorded, its row hidden by a policy on SELECT,
--    answered NULL (`pggit-audit archive` printed an empty evidence_id as recorded);
--  * record_verification() of a change hidden from its update said "no change", as if the
--    change did not exist (refused, but for a wrong reason).
-- With the setting pinned, each of these calls fails with "query would be affected by
-- row-level security policy for table ..." and changes nothing; a call on tables without
-- row-level security is unchanged. The hash chain's trigger functions are left as they
-- are: a statement whose rows a policy hid from the insert trigger is refused by the
-- statement's check, which reads the appended rows themselves (a transition table).
-- No BEGIN/COMMIT here: the installer owns the transaction.

ALTER FUNCTION pggit_audit.record_verifications(uuid[], text[], text[], text) SET row_security = off;
ALTER FUNCTION pggit_audit.record_verification(uuid, text, text, text) SET row_security = off;
ALTER FUNCTION pggit_audit.record_evidence(text, text, bigint, text, text, text, text, text) SET row_security = off;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (30, 'record_verifications(), record_verification() and record_evidence() run with row_security = off: a policy that would filter them refuses the call')
ON CONFLICT (version) DO NOTHING;
