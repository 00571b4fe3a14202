-- 07_version_identity.sql - pgTAP: object_history, current_version() and
-- object_change_history() find the changes of objects whose version identity is not
-- their classified (schema, name): a schema (versions under schema '', changes NULL) and
-- two same-named triggers of two tables (versions 'trg on t1' / 'trg on t2', changes
-- 'trg' with the table as the blob's parent), one of them dropped, then a view moved to
-- another path in one commit (the drop side sorts after the create side), and a trigger
-- whose table was renamed (an ALTER from 'trg on t3' to 'trg on t4'); last, the DDL at
-- one path turned into another table (an ALTER from s.a to s.b, classified as s.b); last,
-- a table whose later changes are only other objects' classified under its schema and
-- name (it is added to a publication, 't on p'; a trigger t of another table is created);
-- last, a path whose blob names no object, then a table, then no object again (migration 026).
BEGIN;
SELECT plan(25);

CREATE FUNCTION pg_temp.uid(n int) RETURNS uuid LANGUAGE sql AS
$$ SELECT ('00000000-0000-0000-0000-' || lpad(n::text, 12, '0'))::uuid $$;

INSERT INTO pggit_audit.blobs (blob_sha, definition, object_type, object_schema, object_name, parent_schema, parent_name)
VALUES ('vi_bs', 'CREATE SCHEMA s;', 'schema', NULL, 's', NULL, NULL),
       ('vi_b1', 'CREATE TRIGGER trg ... ON s.t1', 'trigger', 's', 'trg', 's', 't1'),
       ('vi_b2', 'CREATE TRIGGER trg ... ON s.t2', 'trigger', 's', 'trg', 's', 't2'),
       ('vi_b1b', 'CREATE TRIGGER trg ... ON s.t1 (2)', 'trigger', 's', 'trg', 's', 't1'),
       ('vi_bv', 'CREATE VIEW s.v ...', 'view', 's', 'v', NULL, NULL),
       ('vi_b3', 'CREATE TRIGGER trg ... ON s.t3', 'trigger', 's', 'trg', 's', 't3'),
       ('vi_b4', 'CREATE TRIGGER trg ... ON s.t4', 'trigger', 's', 'trg', 's', 't4');
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    object_type, change_type, old_blob_sha, new_blob_sha, author, committed_at)
VALUES (pg_temp.uid(701), 'vi1', 1, 's', NULL, 's', 'schema', 'CREATE', NULL, 'vi_bs', 'Ann', '2026-02-01 00:00'),
       (pg_temp.uid(702), 'vi1', 1, 's.trg', 's', 'trg', 'trigger', 'CREATE', NULL, 'vi_b1', 'Ann', '2026-02-01 00:00'),
       (pg_temp.uid(703), 'vi1', 1, 's.trg2', 's', 'trg', 'trigger', 'CREATE', NULL, 'vi_b2', 'Ann', '2026-02-01 00:00'),
       (pg_temp.uid(704), 'vi2', 2, 's.trg', 's', 'trg', 'trigger', 'ALTER', 'vi_b1', 'vi_b1b', 'Bea', '2026-02-02 00:00'),
       (pg_temp.uid(705), 'vi3', 3, 's.trg', 's', 'trg', 'trigger', 'DROP', 'vi_b1b', NULL, 'Cid', '2026-02-03 00:00'),
       (pg_temp.uid(706), 'vi1', 1, 's.zv', 's', 'v', 'view', 'CREATE', NULL, 'vi_bv', 'Ann', '2026-02-01 00:00'),
       (pg_temp.uid(707), 'vi4', 4, 's.zv', 's', 'v', 'view', 'RENAME', 'vi_bv', NULL, 'Dan', '2026-02-04 00:00'),
       (pg_temp.uid(708), 'vi4', 4, 's.av', 's', 'v', 'view', 'RENAME', NULL, 'vi_bv', 'Dan', '2026-02-04 00:00'),
       (pg_temp.uid(721), 'vi1', 1, 's.trg3', 's', 'trg', 'trigger', 'CREATE', NULL, 'vi_b3', 'Ann', '2026-02-01 00:00'),
       (pg_temp.uid(722), 'vi2', 2, 's.trg3', 's', 'trg', 'trigger', 'ALTER', 'vi_b3', 'vi_b4', 'Bea', '2026-02-02 00:00');
INSERT INTO pggit_audit.object_versions (version_id, object_schema, object_name, object_type, version_number,
    definition, blob_sha, commit_sha, created_at)
VALUES (pg_temp.uid(711), '', 's', 'schema', 1, 'CREATE SCHEMA s;', 'vi_bs', 'vi1', '2026-02-01 00:00'),
       (pg_temp.uid(712), 's', 'trg on t1', 'trigger', 1, 'x', 'vi_b1', 'vi1', '2026-02-01 00:00'),
       (pg_temp.uid(713), 's', 'trg on t2', 'trigger', 1, 'x', 'vi_b2', 'vi1', '2026-02-01 00:00'),
       (pg_temp.uid(714), 's', 'trg on t1', 'trigger', 2, 'x', 'vi_b1b', 'vi2', '2026-02-02 00:00'),
       (pg_temp.uid(715), 's', 'v', 'view', 1, 'x', 'vi_bv', 'vi1', '2026-02-01 00:00'),
       (pg_temp.uid(716), 's', 'trg on t3', 'trigger', 1, 'x', 'vi_b3', 'vi1', '2026-02-01 00:00'),
       (pg_temp.uid(717), 's', 'trg on t4', 'trigger', 1, 'x', 'vi_b4', 'vi2', '2026-02-02 00:00');

SELECT results_eq($$SELECT change_id, author FROM pggit_audit.object_history WHERE object_schema = '' AND object_name = 's'$$,
    $$VALUES (pg_temp.uid(701), 'Ann'::text)$$, 'object_history: a schema version has its change');
SELECT results_eq($$SELECT version_number, change_id FROM pggit_audit.object_history
                     WHERE object_schema = 's' AND object_name = 'trg on t1' ORDER BY version_number$$,
    $$VALUES (1, pg_temp.uid(702)), (2, pg_temp.uid(704))$$, 'object_history: a trigger version has its own change');
SELECT results_eq($$SELECT change_id FROM pggit_audit.object_history WHERE object_schema = 's' AND object_name = 'trg on t2'$$,
    $$VALUES (pg_temp.uid(703))$$, 'object_history: the same-named trigger of another table has its own change');
SELECT is((SELECT count(*) FROM pggit_audit.object_history WHERE commit_sha LIKE 'vi%'), 7::bigint,
    'object_history: one row per version');

SELECT is_empty($$SELECT * FROM pggit_audit.current_version('s', 'trg on t1')$$,
    'current_version: none for a trigger whose last change is a DROP');
SELECT results_eq($$SELECT version_number, blob_sha FROM pggit_audit.current_version('s', 'trg on t2')$$,
    $$VALUES (1, 'vi_b2'::text)$$, 'current_version: the other table''s trigger is still there');
SELECT results_eq($$SELECT version_number FROM pggit_audit.current_version('', 's')$$,
    $$VALUES (1)$$, 'current_version of a schema (schema '''')');
SELECT results_eq($$SELECT version_number FROM pggit_audit.current_version(NULL, 's')$$,
    $$VALUES (1)$$, 'current_version of a schema under NULL, as changes store it (migration 016)');
SELECT results_eq($$SELECT version_number FROM pggit_audit.current_version('s', 'v')$$,
    $$VALUES (1)$$, 'current_version: an object moved to another path in one commit is still there');
SELECT is_empty($$SELECT * FROM pggit_audit.current_version('s', 'trg on t3')$$,
    'current_version: none for a trigger that an ALTER moved to another table');
SELECT results_eq($$SELECT version_number, change_id FROM pggit_audit.object_history o
                     JOIN pggit_audit.current_version('s', 'trg on t4') cv USING (version_number, blob_sha)
                    WHERE o.object_name = 'trg on t4'$$,
    $$VALUES (1, pg_temp.uid(722))$$, 'current_version and object_history of the trigger on the renamed table');

SELECT results_eq($$SELECT change_id FROM pggit_audit.object_change_history('s', 'trg on t1')$$,
    $$VALUES (pg_temp.uid(702)), (pg_temp.uid(704)), (pg_temp.uid(705))$$,
    'object_change_history by version identity: that trigger only');
SELECT results_eq($$SELECT change_id FROM pggit_audit.object_change_history('', 's')$$,
    $$VALUES (pg_temp.uid(701))$$, 'object_change_history of a schema under ''''');
SELECT results_eq($$SELECT change_id FROM pggit_audit.object_change_history(NULL, 's')$$,
    $$VALUES (pg_temp.uid(701))$$, 'object_change_history of a schema under NULL, as changes store it');
SELECT results_eq($$SELECT count(*) FROM pggit_audit.object_change_history('s', 'trg')$$,
    $$VALUES (6::bigint)$$, 'object_change_history by classified name: every trigger trg of the schema');

-- the view's old side of a rename, alone in a later commit, ends it
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    object_type, change_type, old_blob_sha, new_blob_sha, author, committed_at)
VALUES (pg_temp.uid(709), 'vi5', 5, 's.av', 's', 'v', 'view', 'RENAME', 'vi_bv', NULL, 'Eve', '2026-02-05 00:00');
SELECT is_empty($$SELECT * FROM pggit_audit.current_version('s', 'v')$$,
    'current_version: none once the object was renamed away');

-- the DDL at path s.p names s.a, then s.b: the change row is classified s.b; s.a is gone
INSERT INTO pggit_audit.blobs (blob_sha, definition, object_type, object_schema, object_name, parent_schema, parent_name)
VALUES ('vi_ba', 'CREATE TABLE s.a (id int);', 'table', 's', 'a', NULL, NULL),
       ('vi_bb', 'CREATE TABLE s.b (id int);', 'table', 's', 'b', NULL, NULL);
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    object_type, change_type, old_blob_sha, new_blob_sha, author, committed_at)
VALUES (pg_temp.uid(731), 'vi1', 1, 's.p', 's', 'a', 'table', 'CREATE', NULL, 'vi_ba', 'Ann', '2026-02-01 00:00'),
       (pg_temp.uid(732), 'vi2', 2, 's.p', 's', 'b', 'table', 'ALTER', 'vi_ba', 'vi_bb', 'Bea', '2026-02-02 00:00');
INSERT INTO pggit_audit.object_versions (version_id, object_schema, object_name, object_type, version_number,
    definition, blob_sha, commit_sha, created_at)
VALUES (pg_temp.uid(733), 's', 'a', 'table', 1, 'CREATE TABLE s.a (id int);', 'vi_ba', 'vi1', '2026-02-01 00:00'),
       (pg_temp.uid(734), 's', 'b', 'table', 1, 'CREATE TABLE s.b (id int);', 'vi_bb', 'vi2', '2026-02-02 00:00');
SELECT is_empty($$SELECT * FROM pggit_audit.current_version('s', 'a')$$,
    'current_version: none for a table the DDL at its path turned into another table');
SELECT results_eq($$SELECT change_id FROM pggit_audit.object_change_history('s', 'a')$$,
    $$VALUES (pg_temp.uid(731)), (pg_temp.uid(732))$$,
    'object_change_history: the ALTER classified under the new name ends the old table');
SELECT results_eq($$SELECT version_number FROM pggit_audit.current_version('s', 'b')$$,
    $$VALUES (1)$$, 'current_version of the table it became');

-- table s.t, then 't on p' (s.t added to publication p) and a trigger t of table s.u: both
-- changes are classified (s, t) but neither has the table's identity (migration 020)
INSERT INTO pggit_audit.blobs (blob_sha, definition, object_type, object_schema, object_name, parent_schema, parent_name)
VALUES ('vi_bt', 'CREATE TABLE s.t (id int);', 'table', 's', 't', NULL, NULL),
       ('vi_bm', 'ALTER PUBLICATION p ADD TABLE s.t;', 'publication relation', 's', 't', NULL, 'p'),
       ('vi_bg', 'CREATE TRIGGER t AFTER INSERT ON s.u ...', 'trigger', 's', 't', 's', 'u');
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    object_type, change_type, old_blob_sha, new_blob_sha, author, committed_at)
VALUES (pg_temp.uid(741), 'vi1', 1, 's.t', 's', 't', 'table', 'CREATE', NULL, 'vi_bt', 'Ann', '2026-02-01 00:00'),
       (pg_temp.uid(742), 'vi2', 2, 'p.s.t', 's', 't', 'publication relation', 'CREATE', NULL, 'vi_bm', 'Bea', '2026-02-02 00:00'),
       (pg_temp.uid(743), 'vi3', 3, 's.u.t', 's', 't', 'trigger', 'CREATE', NULL, 'vi_bg', 'Cid', '2026-02-03 00:00');
INSERT INTO pggit_audit.object_versions (version_id, object_schema, object_name, object_type, version_number,
    definition, blob_sha, commit_sha, created_at)
VALUES (pg_temp.uid(744), 's', 't', 'table', 1, 'CREATE TABLE s.t (id int);', 'vi_bt', 'vi1', '2026-02-01 00:00'),
       (pg_temp.uid(745), 's', 't on p', 'publication relation', 1, 'x', 'vi_bm', 'vi2', '2026-02-02 00:00'),
       (pg_temp.uid(746), 's', 't on u', 'trigger', 1, 'x', 'vi_bg', 'vi3', '2026-02-03 00:00');
SELECT results_eq($$SELECT version_number, blob_sha FROM pggit_audit.current_version('s', 't')$$,
    $$VALUES (1, 'vi_bt'::text)$$,
    'current_version: a table added to a publication and sharing its name with a later trigger is still there');
SELECT results_eq($$SELECT version_number FROM pggit_audit.current_version('s', 't on p')$$,
    $$VALUES (1)$$, 'current_version of the publication member');
SELECT results_eq($$SELECT change_id FROM pggit_audit.object_change_history('s', 't')$$,
    $$VALUES (pg_temp.uid(741)), (pg_temp.uid(742)), (pg_temp.uid(743))$$,
    'object_change_history by classified name still lists every change named (s, t)');

-- path s.n: an empty blob (no object: its identity is ('', path)), a table s.n, the empty blob
-- again, as the classify stage writes them: each change row carries its new blob's schema
-- and name (the path when it names none); the identity of each side is its own blob's
INSERT INTO pggit_audit.blobs (blob_sha, definition, object_type, object_schema, object_name, parent_schema,
    parent_name, command_tag, parse_status)
VALUES ('vi_be', '', NULL, NULL, NULL, NULL, NULL, NULL, 'NO_OBJECT'),
       ('vi_bn', 'CREATE TABLE s.n (id int);', 'table', 's', 'n', NULL, NULL, 'CREATE TABLE', 'OK');
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    object_type, change_type, old_blob_sha, new_blob_sha, author, committed_at)
VALUES (pg_temp.uid(751), 'vi1', 1, 's.n', NULL, 's.n', NULL, 'CREATE', NULL, 'vi_be', 'Ann', '2026-02-01 00:00'),
       (pg_temp.uid(752), 'vi2', 2, 's.n', 's', 'n', 'table', 'ALTER', 'vi_be', 'vi_bn', 'Bea', '2026-02-02 00:00');
INSERT INTO pggit_audit.object_versions (version_id, object_schema, object_name, object_type, version_number,
    definition, blob_sha, commit_sha, created_at)
VALUES (pg_temp.uid(754), '', 's.n', NULL, 1, '', 'vi_be', 'vi1', '2026-02-01 00:00'),
       (pg_temp.uid(755), 's', 'n', 'table', 1, 'CREATE TABLE s.n (id int);', 'vi_bn', 'vi2', '2026-02-02 00:00');
SELECT is_empty($$SELECT * FROM pggit_audit.current_version('', 's.n')$$,
    'current_version: none for a blob naming no object once a table took its path');
INSERT INTO pggit_audit.changes (change_id, commit_sha, commit_generation, path, object_schema, object_name,
    object_type, change_type, old_blob_sha, new_blob_sha, author, committed_at)
VALUES (pg_temp.uid(753), 'vi3', 3, 's.n', NULL, 's.n', NULL, 'ALTER', 'vi_bn', 'vi_be', 'Cid', '2026-02-03 00:00');
INSERT INTO pggit_audit.object_versions (version_id, object_schema, object_name, object_type, version_number,
    definition, blob_sha, commit_sha, created_at)
VALUES (pg_temp.uid(756), '', 's.n', NULL, 2, '', 'vi_be', 'vi3', '2026-02-03 00:00');
SELECT results_eq($$SELECT change_id FROM pggit_audit.object_change_history('', 's.n')$$,
    $$VALUES (pg_temp.uid(751)), (pg_temp.uid(752)), (pg_temp.uid(753))$$,
    'object_change_history of what names no object: the ALTER to the table ended its version 1');
SELECT results_eq($$SELECT version_number, change_id FROM pggit_audit.object_history WHERE object_schema = '' AND object_name = 's.n'$$,
    $$VALUES (1, pg_temp.uid(751)), (2, pg_temp.uid(753))$$, 'object_history: both versions of it with their change');

SELECT * FROM finish();
ROLLBACK;
