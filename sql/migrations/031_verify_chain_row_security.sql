-- 031_verify_chain_row_security.sql - schema version 31: verify_log_chain() runs with
-- row_security = off, as the functions that write the trail do since 029 and 030.
--
-- It is not SECURITY DEFINER: it reads compliance_log, compliance_chain_head and
-- evidence_archives as its caller, under the caller's policies. A policy letting the caller
-- see only some rows of the log (a role that may read one team's runs, or the owner under
-- FORCE ROW LEVEL SECURITY) made it check the chain over the rows it saw: a whole chain was
-- reported broken ("prev_hash mismatch" at the first hidden row), and an evidence row whose
-- log row was hidden "not logged". The answer of a chain check must be about the whole chain
-- or nothing: with the setting pinned, such a call fails with "query would be affected by
-- row-level security policy for table ...". A caller no policy filters (a superuser, a role
-- with BYPASSRLS, the owner without FORCE, tables without row-level security) gets the same
-- answer as before. No BEGIN/COMMIT here: the installer owns the transaction.

ALTER FUNCTION pggit_audit.verify_log_chain() SET row_security = off;

INSERT INTO pggit_audit.schema_version (version, description)
VALUES (31, 'verify_log_chain() runs with row_security = off: a policy that would hide rows of the chain from its caller refuses the call')
ON CONFLICT (version) DO NOTHING;
