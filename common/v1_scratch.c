/*
 * v1_scratch.c - the replay's scratch database: creation, connection, and the
 * helper schema (event triggers, renderer, output tables); see v1_scratch.h
 * and docs/v1-backfill.md ("What is captured").
 */
#include "v1_scratch.h"

#include <stdlib.h>
#include <string.h>

#include "pgconn.h"
#include "util.h"

/*
 * The helper schema. Rendering happens in the server with PostgreSQL's own
 * functions (pg_get_viewdef, pg_get_functiondef, pg_get_indexdef,
 * pg_get_constraintdef, pg_get_triggerdef, pg_get_ruledef, format_type...);
 * tables, sequences, types and schemas, which have no such function, are
 * assembled from the catalog in a fixed layout. Objects without any
 * definition function (aggregates, policies, operators, base types, foreign
 * tables...) come back as 'unsupported'.
 */
static const char install_sql[] =
	"CREATE SCHEMA pggit_audit_replay;\n"
	"-- what the statements of the current group touched (filled by the event triggers)\n"
	"CREATE TABLE pggit_audit_replay.touched (seq bigserial PRIMARY KEY, event text NOT NULL, classid oid, objid oid,\n"
	"    objsubid integer, object_type text, object_identity text, address_names text[]);\n"
	"-- objects created only so that a statement could run (never captured)\n"
	"CREATE TABLE pggit_audit_replay.stubs (classid oid, objid oid, PRIMARY KEY (classid, objid));\n"
	"-- what the stubs of a statement run in autocommit created (committed at once, no savepoint can undo them):\n"
	"-- dropped, latest first, when the statement fails in the end or runs again on a resume; touched_seq: the\n"
	"-- event triggers' rows up to there are the stub's, not the statement's\n"
	"CREATE TABLE pggit_audit_replay.stub_undo (seq bigserial PRIMARY KEY, history_id bigint NOT NULL,\n"
	"    statement text NOT NULL, touched_seq bigint NOT NULL);\n"
	"-- the current snapshot: one row per captured object\n"
	"CREATE TABLE pggit_audit_replay.snapshot (unit_key text PRIMARY KEY, kind text NOT NULL, path text NOT NULL UNIQUE,\n"
	"    blob_sha text NOT NULL);\n"
	"-- materialized views the history populated, created or refreshed here WITH NO DATA (their query never runs)\n"
	"CREATE TABLE pggit_audit_replay.populated (relid oid PRIMARY KEY);\n"
	"CREATE TABLE pggit_audit_replay.dropped_paths (path text PRIMARY KEY, history_id bigint NOT NULL);\n"
	"-- the replay's output, exported at the end in the export stage's format\n"
	"CREATE TABLE pggit_audit_replay.out_objects (sha text PRIMARY KEY, type text NOT NULL, size integer NOT NULL,\n"
	"    content text NOT NULL);\n"
	"-- each commit's tree as its change from the tree before (JSON [[path, blob sha or null], ...]): the export\n"
	"-- rebuilds the trees from these; storing each whole tree cost a copy of the snapshot per statement\n"
	"CREATE TABLE pggit_audit_replay.out_tree_deltas (generation integer PRIMARY KEY, changes text NOT NULL);\n"
	"CREATE TABLE pggit_audit_replay.out_commit_graph (commit_sha text PRIMARY KEY, parent_shas text[] NOT NULL,\n"
	"    tree_sha text NOT NULL, generation integer NOT NULL, author text NOT NULL, committer text NOT NULL,\n"
	"    authored_at timestamp NOT NULL, committed_at timestamp NOT NULL, message text NOT NULL);\n"
	"CREATE TABLE pggit_audit_replay.out_accounting (history_id bigint PRIMARY KEY, status text NOT NULL,\n"
	"    statement_of bigint, commit_sha text, reason text);\n"
	"-- part: the statement's number in a script run statement by statement (0: the text run whole)\n"
	"CREATE TABLE pggit_audit_replay.out_errors (history_id bigint, part integer NOT NULL, sqlstate text,\n"
	"    message text, statement text, PRIMARY KEY (history_id, part));\n"
	"CREATE TABLE pggit_audit_replay.out_warnings (seq bigserial PRIMARY KEY, history_id bigint, object_type text,\n"
	"    object_identity text, reason text);\n"
	"CREATE TABLE pggit_audit_replay.out_stubs (seq bigserial PRIMARY KEY, history_id bigint, kind text, name text);\n"
	"-- progress: committed with the work of each batch, so a resume starts exactly after it\n"
	"CREATE TABLE pggit_audit_replay.state (run_key text NOT NULL, last_history_id bigint NOT NULL DEFAULT 0,\n"
	"    head text, generation integer NOT NULL DEFAULT -1, applied bigint NOT NULL DEFAULT 0,\n"
	"    failed bigint NOT NULL DEFAULT 0, skipped bigint NOT NULL DEFAULT 0, batches bigint NOT NULL DEFAULT 0,\n"
	"    baseline_done boolean NOT NULL DEFAULT false, last_time text, helper_fingerprint text,\n"
	"    inflight_history_id bigint, classifier_rules text);\n"
	"\n"
	"CREATE FUNCTION pggit_audit_replay.on_ddl_end() RETURNS event_trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN\n"
	"    INSERT INTO pggit_audit_replay.touched (event, classid, objid, objsubid, object_type, object_identity)\n"
	"    SELECT 'ddl', d.classid, d.objid, d.objsubid, d.object_type, d.object_identity\n"
	"      FROM pg_event_trigger_ddl_commands() d WHERE NOT d.in_extension;\n"
	"END $f$;\n"
	"\n"
	"CREATE FUNCTION pggit_audit_replay.on_sql_drop() RETURNS event_trigger LANGUAGE plpgsql AS $f$\n"
	"BEGIN\n"
	"    INSERT INTO pggit_audit_replay.touched (event, classid, objid, objsubid, object_type, object_identity,\n"
	"                                            address_names)\n"
	"    SELECT 'drop', d.classid, d.objid, d.objsubid, d.object_type, d.object_identity, d.address_names\n"
	"      FROM pg_event_trigger_dropped_objects() d;\n"
	"END $f$;\n"
	"\n"
	"CREATE FUNCTION pggit_audit_replay.qn(p_nsp oid, p_name name) RETURNS text LANGUAGE sql STABLE AS $f$\n"
	"    SELECT quote_ident(n.nspname) || '.' || quote_ident(p_name) FROM pg_namespace n WHERE n.oid = p_nsp\n"
	"$f$;\n"
	"\n"
	"CREATE FUNCTION pggit_audit_replay.ignored_nsp(p_nsp oid) RETURNS boolean LANGUAGE sql STABLE AS $f$\n"
	"    SELECT coalesce((SELECT n.nspname IN ('pggit_audit_replay', 'pg_catalog', 'information_schema', 'pg_toast')\n"
	"                            OR n.nspname LIKE 'pg\\_temp\\_%' OR n.nspname LIKE 'pg\\_toast\\_temp\\_%'\n"
	"                       FROM pg_namespace n WHERE n.oid = p_nsp), true)\n"
	"$f$;\n"
	"\n"
	"-- \"\\nCOMMENT ON <target> IS '...';\" or ''\n"
	"CREATE FUNCTION pggit_audit_replay.comment_sql(p_target text, p_classid oid, p_objid oid, p_subid integer)\n"
	"RETURNS text LANGUAGE sql STABLE AS $f$\n"
	"    SELECT coalesce((SELECT E'\\nCOMMENT ON ' || p_target || ' IS ' || quote_literal(d.description) || ';'\n"
	"                       FROM pg_description d\n"
	"                      WHERE d.classoid = p_classid AND d.objoid = p_objid AND d.objsubid = p_subid), '')\n"
	"$f$;\n"
	"\n"
	"-- the object whose definition holds (classid, objid, objsubid): a column, constraint, default or\n"
	"-- constraint index belongs to its table; a view's _RETURN rule to the view; an identity sequence to its table.\n"
	"-- ROWS 1 (it returns at most one): with the default estimate of 1000 the capture joined pg_depend by a\n"
	"-- sequential scan, a cost per statement growing with the schema, instead of its index\n"
	"CREATE FUNCTION pggit_audit_replay.unit_of(p_classid oid, p_objid oid, p_objsubid integer)\n"
	"RETURNS TABLE (u_classid oid, u_objid oid) LANGUAGE plpgsql STABLE ROWS 1 AS $f$\n"
	"DECLARE\n"
	"    v_kind \"char\";\n"
	"    v_oid oid;\n"
	"    v_oid2 oid;\n"
	"    v_text text;\n"
	"BEGIN\n"
	"    IF p_classid = 'pg_class'::regclass THEN\n"
	"        SELECT c.relkind, c.reltype INTO v_kind, v_oid2 FROM pg_class c WHERE c.oid = p_objid;\n"
	"        IF NOT FOUND OR v_kind = 't' THEN RETURN; END IF;\n"
	"        IF v_kind IN ('i', 'I') THEN\n"
	"            SELECT con.conrelid INTO v_oid FROM pg_constraint con\n"
	"             WHERE con.conindid = p_objid AND con.contype IN ('p', 'u', 'x') AND con.conrelid <> 0\n"
	"             ORDER BY con.oid LIMIT 1;\n"
	"            IF v_oid IS NOT NULL THEN\n"
	"                RETURN QUERY SELECT 'pg_class'::regclass::oid, v_oid; RETURN;\n"
	"            END IF;\n"
	"        ELSIF v_kind = 'S' THEN\n"
	"            SELECT d.refobjid INTO v_oid FROM pg_depend d\n"
	"             WHERE d.classid = 'pg_class'::regclass AND d.objid = p_objid AND d.deptype = 'i'\n"
	"               AND d.refclassid = 'pg_class'::regclass LIMIT 1;\n"
	"            IF v_oid IS NOT NULL THEN\n"
	"                RETURN QUERY SELECT 'pg_class'::regclass::oid, v_oid; RETURN;\n"
	"            END IF;\n"
	"        ELSIF v_kind = 'c' THEN\n"
	"            RETURN QUERY SELECT 'pg_type'::regclass::oid, v_oid2; RETURN;\n"
	"        END IF;\n"
	"        RETURN QUERY SELECT p_classid, p_objid; RETURN;\n"
	"    ELSIF p_classid = 'pg_constraint'::regclass THEN\n"
	"        SELECT con.conrelid, con.contypid INTO v_oid, v_oid2 FROM pg_constraint con WHERE con.oid = p_objid;\n"
	"        IF v_oid <> 0 THEN\n"
	"            RETURN QUERY SELECT 'pg_class'::regclass::oid, v_oid;\n"
	"        ELSIF v_oid2 <> 0 THEN\n"
	"            RETURN QUERY SELECT 'pg_type'::regclass::oid, v_oid2;\n"
	"        END IF;\n"
	"        RETURN;\n"
	"    ELSIF p_classid = 'pg_attrdef'::regclass THEN\n"
	"        RETURN QUERY SELECT 'pg_class'::regclass::oid, d.adrelid FROM pg_attrdef d WHERE d.oid = p_objid;\n"
	"        RETURN;\n"
	"    ELSIF p_classid = 'pg_trigger'::regclass THEN\n"
	"        RETURN QUERY SELECT p_classid, t.oid FROM pg_trigger t WHERE t.oid = p_objid AND NOT t.tgisinternal;\n"
	"        RETURN;\n"
	"    ELSIF p_classid = 'pg_rewrite'::regclass THEN\n"
	"        SELECT r.rulename, r.ev_class INTO v_text, v_oid FROM pg_rewrite r WHERE r.oid = p_objid;\n"
	"        IF NOT FOUND THEN RETURN; END IF;\n"
	"        IF v_text = '_RETURN' THEN\n"
	"            RETURN QUERY SELECT 'pg_class'::regclass::oid, v_oid;\n"
	"        ELSE\n"
	"            RETURN QUERY SELECT p_classid, p_objid;\n"
	"        END IF;\n"
	"        RETURN;\n"
	"    ELSIF p_classid = 'pg_type'::regclass THEN\n"
	"        SELECT t.typtype, t.typrelid INTO v_kind, v_oid FROM pg_type t WHERE t.oid = p_objid;\n"
	"        IF NOT FOUND OR v_kind = 'm' THEN RETURN; END IF;\n"
	"        IF EXISTS (SELECT 1 FROM pg_type t WHERE t.oid = p_objid AND t.typcategory = 'A' AND t.typelem <> 0) THEN\n"
	"            RETURN;\n"
	"        END IF;\n"
	"        IF v_kind = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = v_oid) <> 'c' THEN\n"
	"            RETURN QUERY SELECT 'pg_class'::regclass::oid, v_oid; RETURN;\n"
	"        END IF;\n"
	"        RETURN QUERY SELECT p_classid, p_objid; RETURN;\n"
	"    END IF;\n"
	"    RETURN QUERY SELECT p_classid, p_objid;\n"
	"END $f$;\n"
	"\n"
	"CREATE FUNCTION pggit_audit_replay.table_def(p_oid oid, p_qn text) RETURNS text LANGUAGE plpgsql STABLE AS $f$\n"
	"DECLARE\n"
	"    r record;\n"
	"    v_body text;\n"
	"    v_def text;\n"
	"BEGIN\n"
	"    SELECT c.* INTO r FROM pg_class c WHERE c.oid = p_oid;\n"
	"    SELECT string_agg(line, E',\\n' ORDER BY ord1, ord2) INTO v_body FROM (\n"
	"        SELECT 0 AS ord1, a.attnum::bigint AS ord2,\n"
	"               '    ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)\n"
	"               || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation\n"
	"                       THEN ' COLLATE ' || (SELECT quote_ident(n.nspname) || '.' || quote_ident(co.collname)\n"
	"                                              FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace\n"
	"                                             WHERE co.oid = a.attcollation)\n"
	"                       ELSE '' END\n"
	"               || CASE WHEN a.attnotnull AND a.attidentity = '' THEN ' NOT NULL' ELSE '' END\n"
	"               || CASE WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'\n"
	"                       WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid)\n"
	"                       ELSE '' END\n"
	"               || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY'\n"
	"                                     WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END AS line\n"
	"          FROM pg_attribute a\n"
	"          JOIN pg_type t ON t.oid = a.atttypid\n"
	"          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum\n"
	"         WHERE a.attrelid = p_oid AND a.attnum > 0 AND NOT a.attisdropped AND (a.attislocal OR NOT r.relispartition)\n"
	"        UNION ALL\n"
	"        SELECT 1, row_number() OVER (ORDER BY position(con.contype IN 'pufxct'), con.conname COLLATE \"C\"),\n"
	"               '    CONSTRAINT ' || quote_ident(con.conname) || ' ' || pg_get_constraintdef(con.oid)\n"
	"          FROM pg_constraint con\n"
	"         WHERE con.conrelid = p_oid AND con.conislocal) s;\n"
	"    IF r.relispartition THEN\n"
	"        v_def := 'CREATE TABLE ' || p_qn || ' PARTITION OF '\n"
	"                 || (SELECT pggit_audit_replay.qn(pc.relnamespace, pc.relname) FROM pg_inherits i\n"
	"                       JOIN pg_class pc ON pc.oid = i.inhparent WHERE i.inhrelid = p_oid LIMIT 1)\n"
	"                 || coalesce(E' (\\n' || v_body || E'\\n)', '') || ' ' || pg_get_expr(r.relpartbound, p_oid);\n"
	"    ELSE\n"
	"        v_def := 'CREATE ' || CASE r.relpersistence WHEN 'u' THEN 'UNLOGGED ' ELSE '' END || 'TABLE ' || p_qn\n"
	"                 || E' (\\n' || coalesce(v_body || E'\\n', '') || ')'\n"
	"                 || coalesce(' INHERITS (' || (SELECT string_agg(pggit_audit_replay.qn(pc.relnamespace, pc.relname), ', '\n"
	"                                                                 ORDER BY i.inhseqno)\n"
	"                                                 FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent\n"
	"                                                WHERE i.inhrelid = p_oid) || ')', '');\n"
	"    END IF;\n"
	"    IF r.relkind = 'p' THEN\n"
	"        v_def := v_def || ' PARTITION BY ' || pg_get_partkeydef(p_oid);\n"
	"    END IF;\n"
	"    IF r.reloptions IS NOT NULL THEN\n"
	"        v_def := v_def || ' WITH (' || array_to_string(r.reloptions, ', ') || ')';\n"
	"    END IF;\n"
	"    RETURN v_def || ';';\n"
	"END $f$;\n"
	"\n"
	"-- comments of a relation and of its columns\n"
	"CREATE FUNCTION pggit_audit_replay.rel_comments(p_oid oid, p_qn text, p_what text) RETURNS text LANGUAGE sql STABLE AS $f$\n"
	"    SELECT pggit_audit_replay.comment_sql(p_what || ' ' || p_qn, 'pg_class'::regclass, p_oid, 0)\n"
	"        || coalesce((SELECT string_agg(pggit_audit_replay.comment_sql('COLUMN ' || p_qn || '.' || quote_ident(a.attname),\n"
	"                                                                      'pg_class'::regclass, p_oid, a.attnum), '' ORDER BY a.attnum)\n"
	"                       FROM pg_attribute a WHERE a.attrelid = p_oid AND a.attnum > 0 AND NOT a.attisdropped), '')\n"
	"$f$;\n"
	"\n"
	"-- the definition of one object unit, as PostgreSQL renders it\n"
	"CREATE FUNCTION pggit_audit_replay.render(p_classid oid, p_objid oid)\n"
	"RETURNS TABLE (status text, kind text, path text, alt_path text, definition text, identity text)\n"
	"LANGUAGE plpgsql STABLE AS $f$\n"
	"DECLARE\n"
	"    r record;\n"
	"    v_qn text;\n"
	"    v_args text;\n"
	"BEGIN\n"
	"    identity := (pg_identify_object(p_classid, p_objid, 0)).identity;\n"
	"    kind := (pg_identify_object(p_classid, p_objid, 0)).type;\n"
	"    IF EXISTS (SELECT 1 FROM pggit_audit_replay.stubs s WHERE s.classid = p_classid AND s.objid = p_objid)\n"
	"       OR EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = p_classid AND d.objid = p_objid AND d.deptype = 'e') THEN\n"
	"        status := 'ignored'; RETURN NEXT; RETURN;\n"
	"    END IF;\n"
	"    IF p_classid = 'pg_class'::regclass THEN\n"
	"        SELECT c.* INTO r FROM pg_class c WHERE c.oid = p_objid;\n"
	"        IF NOT FOUND THEN status := 'gone'; RETURN NEXT; RETURN; END IF;\n"
	"        IF pggit_audit_replay.ignored_nsp(r.relnamespace) THEN status := 'ignored'; RETURN NEXT; RETURN; END IF;\n"
	"        v_qn := pggit_audit_replay.qn(r.relnamespace, r.relname);\n"
	"        path := v_qn; alt_path := v_qn || ' (' || kind || ')'; status := 'ok';\n"
	"        IF r.relkind IN ('r', 'p') THEN\n"
	"            definition := pggit_audit_replay.table_def(p_objid, v_qn) || pggit_audit_replay.rel_comments(p_objid, v_qn, 'TABLE');\n"
	"        ELSIF r.relkind = 'v' THEN\n"
	"            definition := 'CREATE VIEW ' || v_qn || coalesce(' WITH (' || array_to_string(r.reloptions, ', ') || ')', '')\n"
	"                          || E' AS\\n' || pg_get_viewdef(p_objid) || pggit_audit_replay.rel_comments(p_objid, v_qn, 'VIEW');\n"
	"        ELSIF r.relkind = 'm' THEN\n"
	"            definition := 'CREATE MATERIALIZED VIEW ' || v_qn\n"
	"                          || coalesce(' WITH (' || array_to_string(r.reloptions, ', ') || ')', '')\n"
	"                          || E' AS\\n' || regexp_replace(pg_get_viewdef(p_objid), ';$', '')\n"
	"                          || E'\\nWITH ' || CASE WHEN r.relispopulated OR EXISTS (SELECT 1 FROM pggit_audit_replay.populated\n"
	"                                                                                  WHERE relid = p_objid)\n"
	"                                               THEN 'DATA' ELSE 'NO DATA' END || ';'\n"
	"                          || pggit_audit_replay.rel_comments(p_objid, v_qn, 'MATERIALIZED VIEW');\n"
	"        ELSIF r.relkind = 'S' THEN\n"
	"            SELECT 'CREATE ' || CASE r.relpersistence WHEN 'u' THEN 'UNLOGGED ' ELSE '' END || 'SEQUENCE ' || v_qn\n"
	"                   || E'\\n    AS ' || format_type(s.seqtypid, NULL) || E'\\n    START WITH ' || s.seqstart\n"
	"                   || E'\\n    INCREMENT BY ' || s.seqincrement || E'\\n    MINVALUE ' || s.seqmin\n"
	"                   || E'\\n    MAXVALUE ' || s.seqmax || E'\\n    CACHE ' || s.seqcache\n"
	"                   || CASE WHEN s.seqcycle THEN E'\\n    CYCLE' ELSE '' END || ';'\n"
	"                   || coalesce((SELECT E'\\nALTER SEQUENCE ' || v_qn || ' OWNED BY '\n"
	"                                       || pggit_audit_replay.qn(tc.relnamespace, tc.relname) || '.' || quote_ident(ta.attname) || ';'\n"
	"                                  FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid\n"
	"                                  JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid\n"
	"                                 WHERE d.classid = 'pg_class'::regclass AND d.objid = p_objid\n"
	"                                   AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' LIMIT 1), '')\n"
	"                   || pggit_audit_replay.comment_sql('SEQUENCE ' || v_qn, 'pg_class'::regclass, p_objid, 0)\n"
	"              INTO definition FROM pg_sequence s WHERE s.seqrelid = p_objid;\n"
	"        ELSIF r.relkind IN ('i', 'I') THEN\n"
	"            definition := pg_get_indexdef(p_objid) || ';'\n"
	"                          || pggit_audit_replay.comment_sql('INDEX ' || v_qn, 'pg_class'::regclass, p_objid, 0);\n"
	"        ELSE\n"
	"            status := 'unsupported';\n"
	"        END IF;\n"
	"    ELSIF p_classid = 'pg_type'::regclass THEN\n"
	"        SELECT t.* INTO r FROM pg_type t WHERE t.oid = p_objid;\n"
	"        IF NOT FOUND THEN status := 'gone'; RETURN NEXT; RETURN; END IF;\n"
	"        IF pggit_audit_replay.ignored_nsp(r.typnamespace) THEN status := 'ignored'; RETURN NEXT; RETURN; END IF;\n"
	"        v_qn := pggit_audit_replay.qn(r.typnamespace, r.typname);\n"
	"        path := v_qn; alt_path := v_qn || ' (' || kind || ')'; status := 'ok';\n"
	"        IF r.typtype = 'e' THEN\n"
	"            definition := 'CREATE TYPE ' || v_qn || E' AS ENUM (\\n'\n"
	"                          || coalesce((SELECT string_agg('    ' || quote_literal(e.enumlabel), E',\\n' ORDER BY e.enumsortorder)\n"
	"                                         FROM pg_enum e WHERE e.enumtypid = p_objid) || E'\\n', '') || ');';\n"
	"        ELSIF r.typtype = 'c' THEN\n"
	"            definition := 'CREATE TYPE ' || v_qn || E' AS (\\n'\n"
	"                          || coalesce((SELECT string_agg('    ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod),\n"
	"                                                         E',\\n' ORDER BY a.attnum)\n"
	"                                         FROM pg_attribute a WHERE a.attrelid = r.typrelid AND a.attnum > 0\n"
	"                                          AND NOT a.attisdropped) || E'\\n', '') || ');';\n"
	"        ELSIF r.typtype = 'd' THEN\n"
	"            definition := 'CREATE DOMAIN ' || v_qn || ' AS ' || format_type(r.typbasetype, r.typtypmod)\n"
	"                          || coalesce(' DEFAULT ' || r.typdefault, '') || CASE WHEN r.typnotnull THEN ' NOT NULL' ELSE '' END\n"
	"                          || coalesce((SELECT string_agg(E'\\n    CONSTRAINT ' || quote_ident(con.conname) || ' '\n"
	"                                                         || pg_get_constraintdef(con.oid), '' ORDER BY con.conname COLLATE \"C\")\n"
	"                                         FROM pg_constraint con WHERE con.contypid = p_objid), '') || ';';\n"
	"        ELSIF r.typtype = 'r' THEN\n"
	"            definition := 'CREATE TYPE ' || v_qn || E' AS RANGE (\\n    subtype = '\n"
	"                          || (SELECT format_type(rg.rngsubtype, NULL) FROM pg_range rg WHERE rg.rngtypid = p_objid) || E'\\n);';\n"
	"        ELSE\n"
	"            status := 'unsupported';\n"
	"        END IF;\n"
	"        IF definition IS NOT NULL THEN\n"
	"            definition := definition || pggit_audit_replay.comment_sql('TYPE ' || v_qn, 'pg_type'::regclass, p_objid, 0);\n"
	"        END IF;\n"
	"    ELSIF p_classid = 'pg_proc'::regclass THEN\n"
	"        SELECT p.* INTO r FROM pg_proc p WHERE p.oid = p_objid;\n"
	"        IF NOT FOUND THEN status := 'gone'; RETURN NEXT; RETURN; END IF;\n"
	"        IF pggit_audit_replay.ignored_nsp(r.pronamespace) THEN status := 'ignored'; RETURN NEXT; RETURN; END IF;\n"
	"        v_qn := pggit_audit_replay.qn(r.pronamespace, r.proname);\n"
	"        v_args := pg_get_function_identity_arguments(p_objid);\n"
	"        path := v_qn; alt_path := v_qn || '(' || v_args || ')'; status := 'ok';\n"
	"        IF r.prokind = 'a' THEN\n"
	"            status := 'unsupported';\n"
	"        ELSE\n"
	"            definition := regexp_replace(pg_get_functiondef(p_objid), E'\\n+$', '') || ';'\n"
	"                          || pggit_audit_replay.comment_sql(CASE r.prokind WHEN 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END\n"
	"                                                            || v_qn || '(' || v_args || ')', 'pg_proc'::regclass, p_objid, 0);\n"
	"        END IF;\n"
	"    ELSIF p_classid = 'pg_trigger'::regclass THEN\n"
	"        SELECT t.*, c.relnamespace, c.relname INTO r FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.oid = p_objid;\n"
	"        IF NOT FOUND THEN status := 'gone'; RETURN NEXT; RETURN; END IF;\n"
	"        IF r.tgisinternal OR pggit_audit_replay.ignored_nsp(r.relnamespace) THEN status := 'ignored'; RETURN NEXT; RETURN; END IF;\n"
	"        v_qn := pggit_audit_replay.qn(r.relnamespace, r.tgname);\n"
	"        path := v_qn; alt_path := v_qn || ' on ' || quote_ident(r.relname); status := 'ok';\n"
	"        definition := pg_get_triggerdef(p_objid) || ';'\n"
	"                      || pggit_audit_replay.comment_sql('TRIGGER ' || quote_ident(r.tgname) || ' ON '\n"
	"                                                        || pggit_audit_replay.qn(r.relnamespace, r.relname), 'pg_trigger'::regclass, p_objid, 0);\n"
	"    ELSIF p_classid = 'pg_rewrite'::regclass THEN\n"
	"        SELECT w.*, c.relnamespace, c.relname INTO r FROM pg_rewrite w JOIN pg_class c ON c.oid = w.ev_class WHERE w.oid = p_objid;\n"
	"        IF NOT FOUND THEN status := 'gone'; RETURN NEXT; RETURN; END IF;\n"
	"        IF pggit_audit_replay.ignored_nsp(r.relnamespace) THEN status := 'ignored'; RETURN NEXT; RETURN; END IF;\n"
	"        v_qn := pggit_audit_replay.qn(r.relnamespace, r.rulename);\n"
	"        path := v_qn; alt_path := v_qn || ' on ' || quote_ident(r.relname); status := 'ok';\n"
	"        definition := pg_get_ruledef(p_objid);\n"
	"    ELSIF p_classid = 'pg_namespace'::regclass THEN\n"
	"        SELECT n.* INTO r FROM pg_namespace n WHERE n.oid = p_objid;\n"
	"        IF NOT FOUND THEN status := 'gone'; RETURN NEXT; RETURN; END IF;\n"
	"        IF pggit_audit_replay.ignored_nsp(p_objid) THEN status := 'ignored'; RETURN NEXT; RETURN; END IF;\n"
	"        path := quote_ident(r.nspname); alt_path := path || ' (schema)'; status := 'ok';\n"
	"        definition := 'CREATE SCHEMA ' || quote_ident(r.nspname) || ';'\n"
	"                      || pggit_audit_replay.comment_sql('SCHEMA ' || quote_ident(r.nspname), 'pg_namespace'::regclass, p_objid, 0);\n"
	"    ELSIF p_classid = 'pg_extension'::regclass THEN\n"
	"        SELECT e.*, n.nspname INTO r FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.oid = p_objid;\n"
	"        IF NOT FOUND THEN status := 'gone'; RETURN NEXT; RETURN; END IF;\n"
	"        path := quote_ident(r.extname); alt_path := path || ' (extension)'; status := 'ok';\n"
	"        definition := 'CREATE EXTENSION ' || quote_ident(r.extname) || ' WITH SCHEMA ' || quote_ident(r.nspname) || ';';\n"
	"    ELSIF p_classid = 'pg_statistic_ext'::regclass THEN\n"
	"        SELECT s.* INTO r FROM pg_statistic_ext s WHERE s.oid = p_objid;\n"
	"        IF NOT FOUND THEN status := 'gone'; RETURN NEXT; RETURN; END IF;\n"
	"        IF pggit_audit_replay.ignored_nsp(r.stxnamespace) THEN status := 'ignored'; RETURN NEXT; RETURN; END IF;\n"
	"        v_qn := pggit_audit_replay.qn(r.stxnamespace, r.stxname);\n"
	"        path := v_qn; alt_path := v_qn || ' (statistics)'; status := 'ok';\n"
	"        definition := pg_get_statisticsobjdef(p_objid) || ';';\n"
	"    ELSIF p_classid = 'pg_event_trigger'::regclass AND\n"
	"          (SELECT evtname FROM pg_event_trigger WHERE oid = p_objid) IN ('pggit_audit_replay_ddl', 'pggit_audit_replay_drop') THEN\n"
	"        status := 'ignored';\n"
	"    ELSIF kind IS NULL THEN\n"
	"        status := 'gone';\n"
	"    ELSE\n"
	"        status := 'unsupported';\n"
	"    END IF;\n"
	"    RETURN NEXT;\n"
	"END $f$;\n"
	"\n"
	"CREATE EVENT TRIGGER pggit_audit_replay_ddl ON ddl_command_end EXECUTE FUNCTION pggit_audit_replay.on_ddl_end();\n"
	"CREATE EVENT TRIGGER pggit_audit_replay_drop ON sql_drop EXECUTE FUNCTION pggit_audit_replay.on_sql_drop();\n"
	;

const char v1_helper_fingerprint_sql[] =
	/* the helper schema's functions and relations are found through their pg_depend rows on the
	   schema (and the indexes of its tables, the relations of its composite types), by index:
	   scanning pg_proc and pg_class for the namespace read every function and relation of the
	   history, and every dead row version its ALTERs left, after each statement
	   (docs/performance.md). Every DDL route into the schema (CREATE, SET SCHEMA) records that
	   dependency; the rows found are still checked to be in it. The digest is the same value. */
	"WITH h AS (SELECT oid FROM pg_namespace WHERE nspname = $1),\n"
	"dep AS MATERIALIZED (SELECT d.classid, d.objid FROM pg_depend d\n"
	"   WHERE d.refclassid = 'pg_namespace'::regclass AND d.refobjid = (SELECT oid FROM h) AND d.refobjsubid = 0),\n"
	"rels AS MATERIALIZED (SELECT c.oid, c.relname, c.relkind, c.relrowsecurity, c.relhastriggers, c.relhasrules\n"
	"     FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM h) AND c.oid IN (\n"
	"       SELECT objid FROM dep WHERE classid = 'pg_class'::regclass\n"
	"       UNION ALL SELECT t.typrelid FROM pg_type t\n"
	"                  WHERE t.oid IN (SELECT objid FROM dep WHERE classid = 'pg_type'::regclass)\n"
	"       UNION ALL SELECT i.indexrelid FROM pg_index i\n"
	"                  WHERE i.indrelid IN (SELECT objid FROM dep WHERE classid = 'pg_class'::regclass)))\n"
	"SELECT md5(concat_ws(E'\\n',\n"
	"  (SELECT string_agg(concat_ws(':', p.oid, p.proname, p.prolang, p.prosecdef, p.provolatile, p.proowner,\n"
	"                               md5(p.prosrc), p.probin, p.proconfig::text), ',' ORDER BY p.oid)\n"
	"     FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM h)\n"
	"      AND p.oid IN (SELECT objid FROM dep WHERE classid = 'pg_proc'::regclass)),\n"
	"  (SELECT string_agg(concat_ws(':', e.oid, e.evtname, e.evtevent, e.evtfoid, e.evtenabled, e.evttags::text),\n"
	"                     ',' ORDER BY e.oid) FROM pg_event_trigger e),\n"
	"  (SELECT string_agg(concat_ws(':', c.oid, c.relname, c.relkind, c.relrowsecurity, c.relhastriggers,\n"
	"                               c.relhasrules), ',' ORDER BY c.oid) FROM rels c),\n"
	"  (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid IN (SELECT oid FROM rels)),\n"
	"  (SELECT count(*) FROM pg_rewrite r WHERE r.ev_class IN (SELECT oid FROM rels)),\n"
	"  (SELECT count(*) FROM pg_policy p WHERE p.polrelid IN (SELECT oid FROM rels)),\n"
	"  (SELECT oid FROM h)))\n"
	;

const char v1_capture_sql[] =
	"WITH RECURSIVE t AS MATERIALIZED (DELETE FROM pggit_audit_replay.touched RETURNING *),\n"
	"direct AS MATERIALIZED (\n"
	"  SELECT u.u_classid AS classid, u.u_objid AS objid\n"
	"    FROM t CROSS JOIN LATERAL pggit_audit_replay.unit_of(t.classid, t.objid, t.objsubid) u WHERE t.event = 'ddl'\n"
	"  UNION\n"
	"  SELECT t.classid, t.objid FROM t\n"
	"   WHERE t.event = 'drop' AND EXISTS (SELECT 1 FROM pggit_audit_replay.snapshot s\n"
	"                                       WHERE s.unit_key = t.classid::text || ':' || t.objid::text)\n"
	"  UNION\n"
	"  SELECT 'pg_class'::regclass::oid, x.rel\n"
	"    FROM (SELECT to_regclass(quote_ident(t.address_names[1]) || '.' || quote_ident(t.address_names[2]))::oid AS rel\n"
	"            FROM t WHERE t.event = 'drop' AND t.object_type IN ('table column', 'table constraint', 'default value')\n"
	"             AND cardinality(t.address_names) >= 2) x\n"
	"   WHERE x.rel IS NOT NULL),\n"
	/* every object that depends on a touched one, however far: a schema rename renames the tables
	   in it, hence their indexes and triggers, the foreign keys and views of other schemas that name
	   them, and, through a table's row type or an enum's array type (internal dependants), the
	   columns of other tables; partitions' objects hang on their parent's by P/S */
	"dependents (classid, objid) AS (\n"
	"  SELECT d.classid, d.objid\n"
	"    FROM direct x JOIN pg_depend d ON d.refclassid = x.classid AND d.refobjid = x.objid\n"
	"                                  AND d.deptype IN ('n', 'a', 'i', 'P', 'S')\n"
	"  UNION\n"
	"  SELECT d.classid, d.objid\n"
	"    FROM dependents x JOIN pg_depend d ON d.refclassid = x.classid AND d.refobjid = x.objid\n"
	"                                      AND d.deptype IN ('n', 'a', 'i', 'P', 'S')),\n"
	"deps AS (\n"
	"  SELECT u.u_classid AS classid, u.u_objid AS objid\n"
	"    FROM (SELECT DISTINCT classid, objid FROM dependents) x\n"
	"         CROSS JOIN LATERAL pggit_audit_replay.unit_of(x.classid, x.objid, 0) u),\n"
	"units AS MATERIALIZED (\n"
	"  SELECT classid, objid, bool_or(is_direct) AS is_direct\n"
	"    FROM (SELECT classid, objid, true AS is_direct FROM direct UNION ALL SELECT classid, objid, false FROM deps) s\n"
	"   GROUP BY classid, objid)\n"
	"SELECT x.classid::text || ':' || x.objid::text AS unit_key, r.status, r.kind, r.path, r.alt_path, r.definition, r.identity, x.is_direct\n"
	"  FROM units x CROSS JOIN LATERAL pggit_audit_replay.render(x.classid, x.objid) r\n"
	" ORDER BY r.status = 'gone' DESC, r.path COLLATE \"C\", r.kind COLLATE \"C\", r.definition COLLATE \"C\", r.identity COLLATE \"C\", 1\n"
	;

int v1_scratch_exists(PGconn *c, const char *name)
{
	const char *p[] = { name };
	PGresult *r = pg_query(c, "SELECT count(*) FROM pg_database WHERE datname = $1", 1, p,
			       "looking for the scratch database");
	int n = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return n > 0;
}

static void check_name(const char *name)
{
	size_t plen = strlen(V1_SCRATCH_PREFIX);
	if (strncmp(name, V1_SCRATCH_PREFIX, plen) != 0 || strspn(name + plen, "0123456789abcdef") != strlen(name + plen))
		pga_die("refusing to touch database \"%s\": not a replay scratch database", name);
}

void v1_scratch_create(PGconn *c, const char *name)
{
	check_name(name);
	char *q = pg_quote_ident(c, name);
	char *sql = xasprintf("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'", q);
	pg_exec(c, sql, "creating the scratch database (the role needs CREATEDB)");
	free(sql);
	free(q);
}

void v1_scratch_drop(PGconn *c, const char *name)
{
	check_name(name);
	char *q = pg_quote_ident(c, name);
	char *sql = xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", q);
	pg_exec(c, sql, "dropping the scratch database");
	free(sql);
	free(q);
}

PGconn *v1_scratch_connect(const char *conninfo, const char *name)
{
	check_name(name);
	char *msg;
	PGconn *c = pg_try_connect_db(conninfo, name, &msg);
	if (!c)
		pga_die("cannot connect to the scratch database %s: %s", name, msg);
	pg_exec(c, "SET DateStyle = ISO; SET TimeZone = 'UTC'; SET IntervalStyle = postgres; "
		   "SET extra_float_digits = 3; SET client_min_messages = warning; SET jit = off; "
		   /* production accepted every function in the history: a body naming an object the replay
		      lacks (one older than the history, never recorded) must not fail the CREATE FUNCTION */
		   "SET check_function_bodies = off; "
		   /* PostgreSQL's default path, "$user", public, with "$user" left to each history row (its
		      created_by, put in by the replay): not the replaying role's, whose schema of its name would
		      take a row's unqualified names and be left unqualified in rendered definitions, nor a path
		      configured for the replaying role or server, which production never had */
		   "SET search_path = public", "setting session options");
	/* error texts in English so that missing prerequisites can be recognised; superuser only */
	PGresult *r = PQexec(c, "SET lc_messages = 'C'");
	PQclear(r);
	r = pg_query(c, "SELECT current_database()", 0, NULL, "checking the scratch connection");
	int ok = strcmp(PQgetvalue(r, 0, 0), name) == 0;
	PQclear(r);
	if (!ok)
		pga_die("connected to the wrong database (expected the scratch database %s)", name);
	return c;
}

void v1_scratch_install(PGconn *scratch)
{
	pg_exec(scratch, "BEGIN", "installing the replay helper schema");
	pg_exec(scratch, install_sql, "installing the replay helper schema (needs a superuser: event triggers)");
	pg_exec(scratch, "COMMIT", "installing the replay helper schema");
}
